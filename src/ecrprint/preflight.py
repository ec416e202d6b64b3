"""Print-shop preflight: check every PDF an output folder's manifest lists before it goes to press."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import EcrprintError, UsageError, counted
from .finish import FONT_FILES, annotations_on_print_area
from .model import PrintProfile
from .smalltype import MAX_FORM_DEPTH, small_text_problem, text_runs

if TYPE_CHECKING:
    import pikepdf
    import pypdfium2

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MANIFEST = "manifest.json"
REPORT = "preflight.json"

MM = 72 / 25.4
BOX_TOLERANCE_PT = 0.05
SAFE_MM = 5.0
SAFE_TOLERANCE_MM = 0.3
MIN_PPI = 300.0
PPI_TOLERANCE = 0.5  # pdfium's ppi of an image placed at exactly 300 ppi can come out as 299.99
QR_DPI = 150
QR_MIN_MM_BOOKLET = 15.0
QR_MIN_MM_SIGN = 25.0

CHECKS = ("sha256", "pdfx", "boxes", "colour", "fonts", "images", "pages", "qr", "safe-area", "small-text")
NON_PRINT_CHECKS = ("sha256", "fonts")  # for NON_PRINT_KINDS
OTHER_FILE_CHECKS = ("sha256",)  # a listed file that is not a PDF (the job ticket's HTML)
BOOKLET_KINDS = frozenset({"booklet", "imposed-booklet", "booklet-cover"})
SIGN_KINDS = frozenset({"door-sign", "door-sign-batch", "sponsor-board", "directional-sign", "notice"})
ONE_PAGE_KINDS = frozenset({"door-sign", "sponsor-board", "directional-sign", "notice", "booklet-cover"})
# Read, not printed and trimmed: a job ticket, and the booklet's copy for reading on screen.
NON_PRINT_KINDS = frozenset({"job-ticket", "booklet-screen"})
_PRINT_DEFAULTS = PrintProfile()  # page limits for a manifest that does not state them
PDFX_VERSIONS = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a:2001", "pdf/x-1a:2001": "PDF/X-1a:2001"}
DEVICE_SPACES = ("/DeviceGray", "/DeviceRGB", "/DeviceCMYK", "/Pattern", "/G", "/RGB", "/CMYK")


@dataclass(frozen=True)
class CheckResult:
    """One check of one file."""

    check: str
    ok: bool
    detail: str = ""


@dataclass
class FileReport:
    """Every check of one file the manifest lists."""

    path: str
    kind: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


@dataclass
class PreflightReport:
    """The preflight of a whole output folder."""

    out_dir: Path
    files: list[FileReport]
    unsaved: str | None = None  # why preflight.json could not be written, if it could not

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def checks(self) -> int:
        return sum(len(f.checks) for f in self.files)

    @property
    def failed(self) -> int:
        return sum(not c.ok for f in self.files for c in f.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "checks": [{"check": c.check, "ok": c.ok, "detail": c.detail} for c in f.checks],
                }
                for f in self.files
            ],
        }

    def summary(self) -> str:
        return f"Preflight: {len(self.files)} files, {self.checks} checks, {self.failed} failed."


# --- the whole folder -------------------------------------------------------------------------


def preflight(out_dir: Path, jobs: int | None = None) -> PreflightReport:
    """Check every PDF ``out_dir/manifest.json`` lists, write ``out_dir/preflight.json`` and return the report.

    Raises UsageError when the folder or its manifest is missing or unreadable."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise UsageError(f"no such folder: {out_dir}")
    manifest_path = out_dir / MANIFEST
    if not manifest_path.is_file() and (out_dir / "output" / MANIFEST).is_file():
        out_dir, manifest_path = out_dir / "output", out_dir / "output" / MANIFEST  # a project: its output
    if not manifest_path.is_file():
        raise UsageError(f"{out_dir} has no {MANIFEST}; build into it first (ecrprint build)")
    from .output import load_manifest

    manifest, trouble = load_manifest(manifest_path)
    if trouble:
        raise UsageError(f"{manifest_path} {trouble}")
    products = manifest.get("products") if isinstance(manifest, dict) else None
    if not isinstance(products, list) or not all(isinstance(e, dict) for e in products):
        raise UsageError(f"{manifest_path} has no list of products")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError as exc:
        raise EcrprintError(
            f"preflight needs pypdfium2 and zxing-cpp ({exc}); pip install pypdfium2 zxing-cpp"
        ) from None

    booklets = {str(e.get("path")): e.get("pages") for e in products if e.get("kind") == "booklet"}
    root = str(out_dir.resolve())
    workers = min(jobs or os.cpu_count() or 1, len(products))
    if workers <= 1:
        files = [_check_entry(root, entry, booklets) for entry in products]
    else:
        from concurrent.futures import ProcessPoolExecutor

        # Biggest files first, so that the booklet does not start last on an otherwise idle pool.
        order = sorted(range(len(products)), key=lambda i: -_size(out_dir, products[i]))
        results: dict[int, FileReport] = {}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {i: pool.submit(_check_entry, root, products[i], booklets) for i in order}
            for i, future in futures.items():
                try:
                    results[i] = future.result()
                except Exception as exc:  # a worker died (e.g. on a malformed file): report, carry on
                    results[i] = _unchecked(products[i], f"not checked: {type(exc).__name__}: {exc}")
        files = [results[i] for i in range(len(products))]
    report = PreflightReport(out_dir, files)
    from .output import atomic_write

    try:
        atomic_write(out_dir / REPORT, (json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n").encode())
    except OSError as exc:  # a read-only folder (a print shop's share): the results still count
        report.unsaved = f"{out_dir / REPORT} could not be written: {exc.strerror or exc}"
    return report


def _size(out_dir: Path, entry: dict) -> int:
    try:
        return (out_dir / str(entry.get("path", ""))).stat().st_size
    except OSError:
        return 0


def _checks_for(entry: dict) -> tuple[str, ...]:
    kind = entry.get("kind")
    if not str(entry.get("path", "")).lower().endswith(".pdf") and kind not in BOOKLET_KINDS | SIGN_KINDS:
        return OTHER_FILE_CHECKS
    return NON_PRINT_CHECKS if kind in NON_PRINT_KINDS else CHECKS


def _unchecked(entry: dict, detail: str) -> FileReport:
    kind = str(entry.get("kind", ""))
    return FileReport(
        str(entry.get("path", "")), kind, [CheckResult(name, False, detail) for name in _checks_for(entry)]
    )


def _check_entry(root: str, entry: dict, booklets: dict[str, Any]) -> FileReport:
    """Every check of one manifest entry (runs in a worker process)."""
    rel = str(entry.get("path", ""))
    kind = str(entry.get("kind", ""))
    base = Path(root)
    path = (base / rel).resolve()
    problem = None
    if not rel:
        problem = "manifest entry has no path"
    elif not path.is_relative_to(base):
        problem = "path is outside the output folder"
    elif not path.exists():
        problem = "no such file"
    elif not path.is_file():
        problem = "not a regular file"
    if problem is not None:
        names = _checks_for(entry)
        return FileReport(
            rel,
            kind,
            [CheckResult(names[0], False, problem)]
            + [CheckResult(n, False, f"not checked: {problem}") for n in names[1:]],
        )
    report = FileReport(rel, kind)
    checker = _FileChecker(path, entry, booklets)
    try:
        for name in _checks_for(entry):
            try:
                ok, detail = getattr(checker, "check_" + name.replace("-", "_"))()
            except Exception as exc:  # a check that cannot run is a failed check, not a crash
                ok, detail = False, f"cannot check: {type(exc).__name__}: {exc}"
            report.checks.append(CheckResult(name, ok, detail))
    finally:
        checker.close()
    return report


# --- one file ---------------------------------------------------------------------------------


class _FileChecker:
    """The checks of one PDF; each returns (ok, detail)."""

    def __init__(self, path: Path, entry: dict, booklets: dict[str, Any]):
        self.path = path
        self.entry = entry
        self.kind = str(entry.get("kind", ""))
        self.booklets = booklets
        self.qr_boxes: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = {}

    @cached_property
    def pdf(self) -> pikepdf.Pdf:
        import pikepdf

        return pikepdf.open(self.path)

    @cached_property
    def doc(self) -> pypdfium2.PdfDocument:
        import pypdfium2

        return pypdfium2.PdfDocument(str(self.path))

    def close(self) -> None:
        for name in ("pdf", "doc"):
            if name in self.__dict__:
                self.__dict__.pop(name).close()

    # 1. sha256
    def check_sha256(self) -> tuple[bool, str]:
        digest = hashlib.sha256()
        with open(self.path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        actual = digest.hexdigest()
        expected = str(self.entry.get("sha256") or "").lower()
        if not expected:
            return False, "manifest has no sha256"
        if actual != expected:
            return False, f"file is {actual[:12]}..., manifest says {expected[:12]}..."
        return True, actual[:12]

    # 2. pdfx
    def check_pdfx(self) -> tuple[bool, str]:
        import pikepdf

        pdf = self.pdf
        variant = str(self.entry.get("pdf_variant") or "pdf/x-4").lower()
        want = PDFX_VERSIONS.get(variant)
        if want is None:
            return False, f"unknown pdf_variant '{variant}'"
        problems = []
        if pdf.is_encrypted:  # even with an empty password: a RIP may refuse it, and PDF/X forbids it
            problems.append("the file is encrypted; PDF/X allows no encryption")
        intents = pdf.Root.get("/OutputIntents")
        intent = next(
            (oi for oi in (intents if isinstance(intents, pikepdf.Array) else []) if oi.get("/S") == "/GTS_PDFX"), None
        )
        if intent is None:
            problems.append("no GTS_PDFX output intent")
        else:
            profile = intent.get("/DestOutputProfile")
            if not isinstance(profile, pikepdf.Stream):
                problems.append("output intent has no DestOutputProfile")
            else:
                space = bytes(profile.read_bytes()[16:20])
                if space != b"CMYK":
                    problems.append(f"output profile is '{space.decode('latin-1').strip()}', not CMYK")
        info = pdf.trailer.get("/Info")
        info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
        got = info.get("/GTS_PDFXVersion")
        if got is None or str(got) != want:
            problems.append(f"Info GTS_PDFXVersion is {_quoted(got)}, expected '{want}'")
        xmp = pdf.open_metadata().get("pdfxid:GTS_PDFXVersion")
        if xmp != want:
            problems.append(f"XMP pdfxid:GTS_PDFXVersion is {_quoted(xmp)}, expected '{want}'")
        trapped = info.get("/Trapped")
        if trapped is None:
            problems.append("Info has no Trapped")
        elif trapped not in ("/True", "/False"):  # PDF/X allows no other value, not even /Unknown
            problems.append(f"Info Trapped is {trapped}, not /True or /False")
        if want.startswith("PDF/X-1a"):
            version = tuple(int(p) for p in pdf.pdf_version.split(".")[:2])
            if version > (1, 4):
                problems.append(f"PDF {pdf.pdf_version}; PDF/X-1a allows at most 1.4")
            problems.extend(self._transparency())
            opentype = self._opentype_fonts()
            if opentype:
                problems.append(
                    f"fonts embedded as OpenType on {_pages(opentype)} (PDF 1.6; PDF/X-1a takes their CFF programs)"
                )
        annotated = [n for n, page in enumerate(pdf.pages, 1) if annotations_on_print_area(page)]
        if annotated:
            problems.append(
                f"annotations on the printed area of {_pages(annotated)} (PDF/X allows only trap networks and "
                "printer's marks there)"
            )
        problems.extend(self._undecodable())
        if problems:
            return False, _summarise(problems)
        return True, want

    def _opentype_fonts(self) -> list[int]:
        """Pages using a font embedded in its OpenType wrapper (FontFile3 /OpenType)."""
        import pikepdf

        pages = set()
        for number, category, font in _walk_resources(self.pdf):
            if category != "/Font" or not isinstance(font, pikepdf.Dictionary):
                continue
            for part in [font, *list(font.get("/DescendantFonts") or [])]:
                descriptor = part.get("/FontDescriptor") if isinstance(part, pikepdf.Dictionary) else None
                program = descriptor.get("/FontFile3") if isinstance(descriptor, pikepdf.Dictionary) else None
                if isinstance(program, pikepdf.Stream) and program.get("/Subtype") == "/OpenType":
                    pages.add(number)
        return sorted(pages)

    def _undecodable(self) -> list[str]:
        """Page streams a RIP cannot read (an empty stream marked compressed, say)."""
        import pikepdf

        bad = []
        for number, page in enumerate(self.pdf.pages, 1):
            contents = page.obj.get("/Contents")
            streams = [contents] if isinstance(contents, pikepdf.Stream) else list(contents or [])
            for stream in streams:
                if stream.get("/Filter") != "/FlateDecode":
                    continue
                if not _inflates(stream.read_raw_bytes()):
                    bad.append(number)
                    break
        return [f"content stream that does not decompress on {_pages(bad)}"] if bad else []

    def _transparency(self) -> list[str]:
        import pikepdf

        found: dict[str, list[int]] = {}
        for number, page in enumerate(self.pdf.pages, 1):
            group = page.obj.get("/Group")
            if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
                found.setdefault("transparency group", []).append(number)
        for number, category, obj in _walk_resources(self.pdf):
            if category == "/ExtGState":
                smask = obj.get("/SMask")
                if smask is not None and smask != "/None":
                    found.setdefault("soft mask", []).append(number)
                for key in ("/ca", "/CA"):
                    value = obj.get(key)
                    if value is not None and float(value) != 1:
                        found.setdefault(f"opacity {key[1:]}={float(value):g}", []).append(number)
            elif category == "/XObject":
                if obj.get("/Subtype") == "/Image" and ("/SMask" in obj or int(obj.get("/SMaskInData", 0)) != 0):
                    found.setdefault("image with soft mask", []).append(number)
                group = obj.get("/Group")
                if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
                    found.setdefault("transparency group", []).append(number)
        return [f"{what} on {_pages(numbers)} (not allowed in PDF/X-1a)" for what, numbers in found.items()]

    # 3. boxes
    def check_boxes(self) -> tuple[bool, str]:
        trim_mm = self.entry.get("trim_mm")
        bleed_mm = self.entry.get("bleed_mm")
        if not (isinstance(trim_mm, list) and len(trim_mm) == 2) or not isinstance(bleed_mm, int | float):
            return False, "manifest has no trim_mm [w, h] or bleed_mm"
        want_w, want_h, bleed = float(trim_mm[0]) * MM, float(trim_mm[1]) * MM, float(bleed_mm) * MM
        bad: dict[str, list[int]] = {}
        for number, page in enumerate(self.pdf.pages, 1):
            obj = page.obj
            trim = _box(obj.get("/TrimBox"))
            if trim is None:
                bad.setdefault("no TrimBox", []).append(number)
                continue
            x0, y0, x1, y1 = trim
            if abs((x1 - x0) - want_w) > BOX_TOLERANCE_PT or abs((y1 - y0) - want_h) > BOX_TOLERANCE_PT:
                size = f"TrimBox {(x1 - x0) / MM:.1f} x {(y1 - y0) / MM:.1f} mm, expected {_mm(trim_mm[0])} x {_mm(trim_mm[1])} mm"
                bad.setdefault(size, []).append(number)
            want = (x0 - bleed, y0 - bleed, x0 + want_w + bleed, y0 + want_h + bleed)
            media = _box(_inherited(obj, "/MediaBox"))
            crop = _box(_inherited(obj, "/CropBox")) or media
            bleed_box = _box(obj.get("/BleedBox")) or crop
            for name, box in (("MediaBox", media), ("BleedBox", bleed_box)):
                if box is None:
                    bad.setdefault(f"no {name}", []).append(number)
                elif any(abs(a - b) > BOX_TOLERANCE_PT for a, b in zip(box, want)):
                    margins = (x0 - box[0], y0 - box[1], box[2] - x1, box[3] - y1)
                    shown = "/".join(f"{m / MM:.1f}" for m in margins)
                    bad.setdefault(f"{name} extends {shown} mm past the trim, expected {_mm(bleed_mm)} mm", []).append(
                        number
                    )
        if bad:
            return False, _summarise([f"{what} on {_pages(numbers)}" for what, numbers in bad.items()])
        return True, f"{_mm(trim_mm[0])} x {_mm(trim_mm[1])} mm + {_mm(bleed_mm)} mm bleed"

    # 4. colour
    def check_colour(self) -> tuple[bool, str]:
        scan = _ColourScan()
        found: dict[int, set[str]] = {}
        for number, page in enumerate(self.pdf.pages, 1):
            resources = _inherited(page.obj, "/Resources")
            problems = scan.run(page, resources)
            if problems:
                found[number] = problems
        if found:
            labels = sorted(set().union(*found.values()))
            return False, f"RGB on {_pages(found)}: {', '.join(labels)}"
        return True, "CMYK/gray only"

    # 10. small-text
    def check_small_text(self) -> tuple[bool, str]:
        found: dict[str, dict[int, float]] = {}  # problem -> page -> smallest size
        smallest = math.inf
        for number, page in enumerate(self.pdf.pages, 1):
            for size, fill in text_runs(page, _inherited(page.obj, "/Resources")):
                smallest = min(smallest, size)
                problem = small_text_problem(size, fill)
                if problem:
                    pages = found.setdefault(problem, {})
                    pages[number] = min(pages.get(number, math.inf), size)
        if found:
            parts = []
            for problem, pages in found.items():
                worst = min(pages.values())
                parts.append(f"{problem} on {_pages(pages)} (smallest {worst:.1f} pt)")
            return False, "; ".join(parts)
        return True, f"smallest text {smallest:.1f} pt" if smallest < math.inf else "no text"

    # 5. fonts
    def check_fonts(self) -> tuple[bool, str]:
        import pikepdf

        missing: dict[str, int] = {}
        programs: dict[str, set[bytes]] = {}  # subset name -> digests of the font programs under it
        count = 0
        for number, category, font in _walk_resources(self.pdf):
            if category != "/Font" or not isinstance(font, pikepdf.Dictionary):
                continue
            subtype = font.get("/Subtype")
            if subtype == "/Type3":
                continue  # glyphs are content streams: nothing to embed
            parts = list(font.get("/DescendantFonts") or []) if subtype == "/Type0" else [font]
            if not parts:
                parts = [font]  # a Type0 font without descendants has no font program either
            count += 1
            for part in parts:
                descriptor = part.get("/FontDescriptor") if isinstance(part, pikepdf.Dictionary) else None
                if not isinstance(descriptor, pikepdf.Dictionary) or not any(k in descriptor for k in FONT_FILES):
                    name = str(part.get("/BaseFont") or font.get("/BaseFont") or "?").lstrip("/")
                    missing.setdefault(name, number)
                    continue
                program = next(descriptor[k] for k in FONT_FILES if k in descriptor)
                name = str(descriptor.get("/FontName") or part.get("/BaseFont") or "?").lstrip("/")
                programs.setdefault(name, set()).add(hashlib.sha256(program.read_raw_bytes()).digest())
        if missing:
            return False, "not embedded: " + ", ".join(f"{name} (page {page})" for name, page in missing.items())
        # A RIP may keep fonts by name: two different subsets under one name can swap glyphs.
        shared = {name: len(found) for name, found in programs.items() if len(found) > 1}
        if shared:
            worst = ", ".join(f"{name} ({n} programs)" for name, n in list(shared.items())[:3])
            return False, f"{counted(len(shared), 'font name')} shared by different subsets: {worst}"
        return True, f"{counted(count, 'font')} embedded"

    # 6. images
    def check_images(self) -> tuple[bool, str]:
        import pypdfium2.raw as pdfium_c

        low: dict[int, float] = {}
        lowest, count = math.inf, 0
        for index in range(len(self.doc)):
            page = self.doc[index]
            try:
                for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=MAX_FORM_DEPTH):
                    meta = image.get_metadata()
                    ppi = min(meta.horizontal_dpi, meta.vertical_dpi)
                    count += 1
                    lowest = min(lowest, ppi)
                    if ppi < MIN_PPI - PPI_TOLERANCE:
                        low[index + 1] = min(low.get(index + 1, math.inf), ppi)
            finally:
                page.close()
        if low:
            worst = ", ".join(f"page {n}: {ppi:.0f} ppi" for n, ppi in list(low.items())[:5])
            more = f" (and {len(low) - 5} more pages)" if len(low) > 5 else ""
            return False, f"below {MIN_PPI:.0f} ppi: {worst}{more}"
        smoothed = sorted({n for n, category, obj in _walk_resources(self.pdf) if _interpolated(category, obj)})
        if smoothed:
            return False, f"image with /Interpolate true on {_pages(smoothed)}"
        return True, f"{counted(count, 'image')}, lowest {lowest:.0f} ppi" if count else "no images"

    # 7. pages
    def check_pages(self) -> tuple[bool, str]:
        count = len(self.pdf.pages)
        expected = self.entry.get("pages")
        problems = []
        if not isinstance(expected, int):
            problems.append("manifest has no page count")
        elif count != expected:
            problems.append(f"{count} pages, manifest says {expected}")
        if self.kind == "booklet":
            binding = str(self.entry.get("binding") or "saddle-stitch").lower()
            if binding == "saddle-stitch":
                most = self.entry.get("max_pages", _PRINT_DEFAULTS.saddle_stitch_max_pages)
                if count % 4:
                    problems.append(f"{count} pages is not a multiple of 4 (saddle-stitch)")
                if isinstance(most, int) and count > most:
                    problems.append(f"{count} pages is more than saddle-stitching takes (at most {most})")
            elif binding.startswith("perfect"):
                least = self.entry.get("min_pages", _PRINT_DEFAULTS.perfect_min_pages)
                if count % 2:
                    problems.append(f"{count} pages is odd (perfect binding)")
                if isinstance(least, int) and count < least:
                    problems.append(f"{count} pages is too few to bind perfect (at least {least})")
            elif binding != "none":
                problems.append(f"unknown binding '{binding}'")
        elif self.kind == "imposed-booklet":
            source = self._booklet_pages()
            if source is not None and count * 2 != source:
                problems.append(f"{count} spreads for a {source}-page booklet, expected {source / 2:g}")
        elif self.kind in ONE_PAGE_KINDS and count != 1:
            problems.append(f"{count} pages; a {self.kind} has exactly 1")
        if problems:
            return False, _summarise(problems)
        return True, counted(count, "page")

    def _booklet_pages(self) -> int | None:
        for key in ("booklet", "source"):
            value = self.entry.get(key)
            if isinstance(value, str) and isinstance(self.booklets.get(value), int):
                return self.booklets[value]
        counts = [p for p in self.booklets.values() if isinstance(p, int)]
        return counts[0] if len(counts) == 1 else None

    # 8. qr
    def check_qr(self) -> tuple[bool, str]:
        lists = self.entry.get("qr_codes") or []
        if not isinstance(lists, list):
            return False, "manifest qr_codes is not a list"
        pages = len(self.doc)
        if any(codes for codes in lists[pages:]):
            return False, f"manifest lists QR codes for page {len(lists)}, the PDF has {pages} pages"
        minimum = QR_MIN_MM_SIGN if self.kind in SIGN_KINDS else QR_MIN_MM_BOOKLET if self.kind in BOOKLET_KINDS else 0
        problems: list[str] = []
        total = 0
        for index, expected in enumerate(lists[:pages]):
            if not expected:
                continue
            want = {str(code) for code in expected}
            found = self._read_qr(index)
            self.qr_boxes[index] = [(text, box) for text, _, box in found]
            got = {text for text, _, _ in found}
            total += len(want)
            number = index + 1
            if want - got:
                problems.append(f"page {number}: not found {', '.join(sorted(want - got))}")
            if got - want:
                problems.append(f"page {number}: unexpected {', '.join(sorted(got - want))}")
            small = sorted((width, text) for text, width, _ in found if width < minimum)
            if small:
                which = small[0][1] if len(small) == 1 else counted(len(small), "code")
                problems.append(f"page {number}: {which} {small[0][0]:.1f} mm wide, min {minimum:g} mm")
        if problems:
            return False, _summarise(problems)
        return (
            True,
            f"{counted(total, 'code')} on {counted(len(self.qr_boxes), 'page')}" if total else "no QR codes listed",
        )

    def _read_qr(self, index: int) -> list[tuple[str, float, tuple[float, float, float, float]]]:
        """(text, symbol width in mm, box in PDF points) of each QR code on one page, rendered once."""
        import ctypes

        import pypdfium2.raw as pdfium_c
        import zxingcpp

        page = self.doc[index]
        try:
            bitmap = page.render(scale=QR_DPI / 72, grayscale=True)
            width_px, height_px = bitmap.width, bitmap.height
            results = zxingcpp.read_barcodes(bitmap.to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)
            px_per_mm = width_px / (page.get_width() / MM)
            found = []
            x, y = ctypes.c_double(), ctypes.c_double()
            for result in results:
                p = result.position
                corners = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
                width = max(p.top_right.x, p.bottom_right.x) - min(p.top_left.x, p.bottom_left.x)
                xs, ys = [], []
                for corner in corners:
                    pdfium_c.FPDF_DeviceToPage(page, 0, 0, width_px, height_px, 0, corner.x, corner.y, x, y)
                    xs.append(x.value)
                    ys.append(y.value)
                found.append((result.text, width / px_per_mm, (min(xs), min(ys), max(xs), max(ys))))
            return found
        finally:
            page.close()

    # 9. safe-area
    def check_safe_area(self) -> tuple[bool, str]:
        import ctypes

        import pypdfium2.raw as pdfium_c

        inset, tolerance = SAFE_MM * MM, SAFE_TOLERANCE_MM * MM  # points
        offending: list[str] = []
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for index in range(len(self.doc)):
            page = self.doc[index]
            try:
                trim = page.get_trimbox()
                safe = (trim[0] + inset, trim[1] + inset, trim[2] - inset, trim[3] - inset)
                problem = None
                textpage = page.get_textpage()
                try:
                    for i in range(textpage.count_chars()):
                        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
                        if code == 0 or chr(code).isspace() or pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                            continue
                        pdfium_c.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
                        box = (left.value, bottom.value, right.value, top.value)
                        if _outside(box, safe, tolerance):
                            start = max(0, i - 20)
                            before = textpage.get_text_range(start, i - start) if i > start else ""
                            after = textpage.get_text_range(i, 30)
                            line = re.split(r"[\r\n]", before)[-1] + re.split(r"[\r\n]", after)[0]
                            around = " ".join(_clean(line).split())
                            problem = f'page {index + 1}: text "{around}" {_where(box, trim)}'
                            break
                finally:
                    textpage.close()
                if problem is None:
                    for text, box in self.qr_boxes.get(index, []):
                        if _outside(box, safe, tolerance):
                            problem = f"page {index + 1}: QR code {text} {_where(box, trim)}"
                            break
                if problem is not None:
                    offending.append(problem)
            finally:
                page.close()
        if offending:
            more = f" (and {len(offending) - 1} more pages)" if len(offending) > 1 else ""
            return False, f"{offending[0]}, min {SAFE_MM:g} mm{more}"
        return True, f"text{' and QR codes' if self.qr_boxes else ''} at least {SAFE_MM:g} mm inside the trim"


# --- PDF structure ----------------------------------------------------------------------------


def _inherited(obj: Any, key: str) -> Any:
    """A page attribute, looked up through the page tree as PDF inheritance says."""
    for _ in range(64):
        if obj is None:
            return None
        value = obj.get(key)
        if value is not None:
            return value
        obj = obj.get("/Parent")
    return None


def _box(value: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _walk_resources(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, Any]]:
    """(page number, category, object) for every font, graphics state, XObject, pattern and shading the pages'
    resources reach, through forms, patterns and Type 3 fonts; each indirect object once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, 1):
        stack = [_inherited(page.obj, "/Resources")]
        while stack:
            resources = stack.pop()
            if not isinstance(resources, pikepdf.Dictionary):
                continue
            for category in ("/Font", "/ExtGState", "/XObject", "/Pattern", "/Shading"):
                group = resources.get(category)
                if not isinstance(group, pikepdf.Dictionary):
                    continue
                for _, obj in group.items():
                    if obj.is_indirect:
                        if obj.objgen in seen:
                            continue
                        seen.add(obj.objgen)
                    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                        continue
                    yield number, category, obj
                    sub = obj.get("/Resources")
                    if sub is not None:
                        stack.append(sub)


def _rgb(space: Any) -> str | None:
    """The name of an RGB colour space (DeviceRGB, CalRGB, 3-component ICC, indexed on one), else None."""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/CalRGB": "CalRGB"}.get(str(space))
    if isinstance(space, pikepdf.Array) and len(space) > 0:
        family = space[0]
        if family == "/CalRGB":
            return "CalRGB"
        if family == "/ICCBased" and len(space) > 1:
            return "ICCBased RGB" if int(space[1].get("/N", 0)) == 3 else None
        if family in ("/Indexed", "/I") and len(space) > 1:
            base = _rgb(space[1])
            return f"Indexed {base}" if base else None
        if family == "/Pattern" and len(space) > 1:
            return _rgb(space[1])
    return None


MAX_INFLATED = 256 << 20  # bytes inflated to tell whether a stream decodes: past this, it does


def _inflates(data: bytes) -> bool:
    """Whether Flate data decodes, told without holding what it decodes to (a small stream can
    inflate to gigabytes)."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        chunk = inflater.decompress(data, 1 << 20)
        while True:
            total += len(chunk)
            if total > MAX_INFLATED or not inflater.unconsumed_tail:
                break
            chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    except zlib.error:
        return False
    return inflater.eof or total > MAX_INFLATED


def _interpolated(category: str, obj: Any) -> bool:
    """An image the RIP is asked to smooth: PDF/X-1a forbids it, and preflight profiles flag it."""
    return category == "/XObject" and obj.get("/Subtype") == "/Image" and bool(obj.get("/Interpolate", False))


class _ColourScan:
    """Finds RGB colour in content streams: operators, colour spaces, images, shadings, forms and patterns."""

    def __init__(self) -> None:
        self._cache: dict[tuple, frozenset[str]] = {}
        self._active: set[tuple[int, int]] = set()

    def run(self, content: Any, resources: Any) -> set[str]:
        import pikepdf

        return self._scan(content, resources, pikepdf.Name.DeviceGray, pikepdf.Name.DeviceGray, 0)

    def _nested(self, obj: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> frozenset[str]:
        """Scan a form, tiling pattern or Type 3 glyph once per inherited colour state; cycles are skipped."""
        key = (obj.objgen, _rgb(fill) is not None, _rgb(stroke) is not None)
        if key in self._cache:
            return self._cache[key]
        if depth > MAX_FORM_DEPTH or (obj.is_indirect and obj.objgen in self._active):
            return frozenset()
        if obj.is_indirect:
            self._active.add(obj.objgen)
        try:
            found = frozenset(self._scan(obj, resources, fill, stroke, depth + 1))
        finally:
            self._active.discard(obj.objgen)
        if obj.is_indirect:
            self._cache[key] = found
        return found

    def _space(self, value: Any, resources: Any) -> Any:
        import pikepdf

        if isinstance(value, pikepdf.Name) and str(value) not in DEVICE_SPACES:
            spaces = resources.get("/ColorSpace") if resources is not None else None
            if isinstance(spaces, pikepdf.Dictionary) and value in spaces:
                return spaces[value]
        return value

    def _lookup(self, resources: Any, category: str, name: Any) -> Any:
        group = resources.get(category) if resources is not None else None
        return group.get(name) if group is not None else None

    def _scan(self, content: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> set[str]:
        import pikepdf

        name = pikepdf.Name
        found: set[str] = set()
        stack: list[tuple[Any, Any]] = []
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            operands = instruction.operands
            if op == "q":
                stack.append((fill, stroke))
            elif op == "Q":
                if stack:
                    fill, stroke = stack.pop()
            elif op in ("rg", "RG"):
                found.add(op)
                fill, stroke = (name.DeviceRGB, stroke) if op == "rg" else (fill, name.DeviceRGB)
            elif op in ("g", "G", "k", "K"):
                space = name.DeviceGray if op in ("g", "G") else name.DeviceCMYK
                fill, stroke = (space, stroke) if op.islower() else (fill, space)
            elif op in ("cs", "CS") and operands:
                space = self._space(operands[0], resources)
                fill, stroke = (space, stroke) if op == "cs" else (fill, space)
            elif op in ("sc", "scn", "SC", "SCN"):
                space = fill if op.islower() else stroke
                label = _rgb(space)
                if label:
                    found.add(f"{op} in {label}")
                is_pattern = space == "/Pattern" or (isinstance(space, pikepdf.Array) and space[0] == "/Pattern")
                if is_pattern and operands and isinstance(operands[-1], pikepdf.Name):
                    pattern = self._lookup(resources, "/Pattern", operands[-1])
                    if pattern is not None:
                        found |= self._pattern(pattern, resources, fill, stroke, depth)
            elif op == "sh" and operands:
                shading = self._lookup(resources, "/Shading", operands[0])
                label = _rgb(shading.get("/ColorSpace")) if shading is not None else None
                if label:
                    found.add(f"shading {label}")
            elif op == "Do" and operands:
                xobject = self._lookup(resources, "/XObject", operands[0])
                if xobject is None:
                    continue
                subtype = xobject.get("/Subtype")
                if subtype == "/Image":
                    label = None if xobject.get("/ImageMask") else _rgb(xobject.get("/ColorSpace"))
                    if label:
                        found.add(f"image {label}")
                elif subtype == "/Form":
                    inner = xobject.get("/Resources") or resources
                    found |= self._nested(xobject, inner, fill, stroke, depth)
            elif op == "INLINE IMAGE" and operands:
                image = operands[0].obj
                if not image.get("/ImageMask"):
                    label = _rgb(self._space(image.get("/ColorSpace"), resources))
                    if label:
                        found.add(f"inline image {label}")
            elif op == "Tf" and operands:
                font = self._lookup(resources, "/Font", operands[0])
                if font is not None and font.get("/Subtype") == "/Type3":
                    inner = font.get("/Resources") or resources
                    for _, glyph in (font.get("/CharProcs") or {}).items():
                        found |= self._nested(glyph, inner, fill, stroke, depth)
        return found

    def _pattern(self, pattern: Any, resources: Any, fill: Any, stroke: Any, depth: int) -> set[str]:
        if int(pattern.get("/PatternType", 0)) == 2:
            shading = pattern.get("/Shading")
            label = _rgb(shading.get("/ColorSpace")) if shading is not None else None
            return {f"shading pattern {label}"} if label else set()
        inner = pattern.get("/Resources") or resources
        return set(self._nested(pattern, inner, fill, stroke, depth))


# --- helpers for details ----------------------------------------------------------------------


Box = tuple[float, float, float, float]


def _outside(box: Box, safe: Box, tolerance: float) -> bool:
    """Whether ``box`` (left, bottom, right, top) reaches out of ``safe`` by more than ``tolerance``."""
    return (
        box[0] < safe[0] - tolerance
        or box[1] < safe[1] - tolerance
        or box[2] > safe[2] + tolerance
        or box[3] > safe[3] + tolerance
    )


def _where(box: Box, trim: Box) -> str:
    """How far ``box`` is from the nearest trim edge: '3.6 mm from the bottom trim edge'."""
    distances = {
        "left": box[0] - trim[0],
        "bottom": box[1] - trim[1],
        "right": trim[2] - box[2],
        "top": trim[3] - box[3],
    }
    edge = min(distances, key=lambda k: distances[k])
    return f"{distances[edge] / MM:.1f} mm from the {edge} trim edge"


def _clean(text: str) -> str:
    """PDFium marks a hyphen at a line break as U+0002 or U+FFFE; show it as the hyphen it is."""
    return text.replace("\x02", "-").replace("\ufffe", "-")


def _mm(value: Any) -> str:
    return f"{float(value):g}"


def _quoted(value: Any) -> str:
    return "missing" if value is None else f"'{value}'"


def _pages(numbers: Iterable[int]) -> str:
    """'page 3' or 'pages 1-4, 7' (at most ten ranges)."""
    numbers = sorted(set(numbers))
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges[:10]]
    more = f" and {len(ranges) - 10} more" if len(ranges) > 10 else ""
    return f"page{'s' if len(numbers) > 1 else ''} {', '.join(shown)}{more}"


def _summarise(problems: list[str], limit: int = 3) -> str:
    shown = "; ".join(problems[:limit])
    return shown + (f" (and {len(problems) - limit} more)" if len(problems) > limit else "")


# --- output and command line ------------------------------------------------------------------


def print_report(report: PreflightReport, stream: IO[str] | None = None, everything: bool = False) -> None:
    """The table of failed checks (of every check with ``everything``; rich on a terminal,
    aligned plain text otherwise), then the summary line. All details are in preflight.json."""
    out = stream or sys.stdout
    shown = [(f, [c for c in f.checks if everything or not c.ok]) for f in report.files]
    shown = [(f, checks) for f, checks in shown if checks]
    rows = [
        (f.path, c.check, "PASS" if c.ok else f"FAIL: {c.detail}" if c.detail else "FAIL")
        for f, checks in shown
        for c in checks
    ]
    if not rows:
        print(report.summary(), file=out)
        return
    if out.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("product", "check", "result")
        for f, checks in shown:
            for i, c in enumerate(checks):
                result = "[green]PASS[/]" if c.ok else f"[bold red]FAIL[/] {_escape(c.detail)}"
                table.add_row(_escape(f.path) if i == 0 else "", c.check, result, end_section=i == len(checks) - 1)
        console = Console(file=out)
        console.print(table)
        console.print(report.summary(), style="green" if report.ok else "bold red", highlight=False)
        return
    widths = [max([len(header)] + [len(row[i]) for row in rows]) for i, header in enumerate(("product", "check"))]
    print(f"{'product':<{widths[0]}}  {'check':<{widths[1]}}  result", file=out)
    for path, check, result in rows:
        print(f"{path:<{widths[0]}}  {check:<{widths[1]}}  {result}", file=out)
    print(report.summary(), file=out)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def run(args: argparse.Namespace) -> int:
    """Run the ``preflight`` subcommand: 0 all passed, 1 something failed, 2 usage error."""
    try:
        report = preflight(args.out_dir, jobs=getattr(args, "jobs", None))
    except UsageError as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (EcrprintError, OSError) as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print_report(report, everything=getattr(args, "all", False))
    if report.unsaved:
        print(f"ecrprint: warning: {report.unsaved}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    """``python -m ecrprint.preflight [OUTPUT_DIR]``: the same as ``ecrprint preflight``."""
    from .cli import main as cli_main

    return cli_main(["preflight", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
