"""The checks of one PDF, as a print shop's preflight makes them, each saying what it found."""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import counted
from .finish import FONT_FILES, annotations_on_print_area
from .intents import BUNDLED
from .model import PrintProfile
from .pdfcolour import (
    ColourScan,
    device_independent_spaces,
    groups,
    inflates,
    inherited,
    interpolated,
    page_box,
    rgb_space,
    transparency,
    walk_resources,
)
from .smalltype import MAX_FORM_DEPTH, line_problem, printed_marks, small_text_problem

if TYPE_CHECKING:
    import pikepdf
    import pypdfium2


MM = 72 / 25.4
BOX_TOLERANCE_PT = 0.05
SAFE_MM = 5.0
SAFE_TOLERANCE_MM = 0.3
MIN_PPI = 300.0
PPI_TOLERANCE = 0.5  # pdfium's ppi of an image placed at exactly 300 ppi can come out as 299.99
QR_DPI = 150
QR_MIN_MM_BOOKLET = 15.0
QR_MIN_MM_SIGN = 25.0

BOOKLET_KINDS = frozenset({"booklet", "imposed-booklet", "booklet-cover"})
SIGN_KINDS = frozenset({"door-sign", "door-sign-batch", "sponsor-board", "directional-sign", "notice"})
ONE_PAGE_KINDS = frozenset({"door-sign", "sponsor-board", "directional-sign", "notice", "booklet-cover"})
_PRINT_DEFAULTS = PrintProfile()  # page limits for a manifest that does not state them
# Total area coverage each printing condition allows, in per cent, for a manifest that does not
# name its files' ink limits: what the bundled profiles separate to.
MAX_INK = {condition: limit for _file, condition, _description, limit in BUNDLED.values()}
INK_TOLERANCE = 1.5  # a JPEG image's pixels stray that far from the values it was separated to
PDFX_VERSIONS = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a:2001", "pdf/x-1a:2001": "PDF/X-1a:2001"}
# What each declares, as its standard has it: Info keys, and the XMP key PDF/X-4 brought.
PDFX_KEYS = {
    "PDF/X-4": {"/GTS_PDFXVersion": "PDF/X-4", "pdfxid:GTS_PDFXVersion": "PDF/X-4"},
    "PDF/X-1a:2001": {"/GTS_PDFXVersion": "PDF/X-1:2001", "/GTS_PDFXConformance": "PDF/X-1a:2001"},
}


class FileChecker:
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

        # Its bytes, not its name: pikepdf takes no name that is not UTF-8 text (a folder named
        # on another system, "Auftr\xe4ge"), and every check that reads the PDF failed there.
        return pikepdf.open(io.BytesIO(self.path.read_bytes()))

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
            condition, wanted = str(intent.get("/OutputConditionIdentifier", "")), self.entry.get("output_intent")
            if wanted and condition != wanted:
                problems.append(f"output intent is '{condition}', but the manifest says the file is for '{wanted}'")
            problems.extend(_intent_problems(intent, condition))
        # PDF/X-1a:2001 is PDF 1.3 and PDF/X-4 PDF 1.6: a later version may use what they exclude.
        highest = {"pdf/x-1a": "1.3", "pdf/x-1a:2001": "1.3", "pdf/x-4": "1.6"}.get(variant)
        if highest and tuple(map(int, pdf.pdf_version.split("."))) > tuple(map(int, highest.split("."))):
            problems.append(f"PDF {pdf.pdf_version}; {want} is at most PDF {highest}")
        info = pdf.trailer.get("/Info")
        info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
        xmp = pdf.open_metadata()
        for key, expected in PDFX_KEYS[want].items():
            got = info.get(key) if key.startswith("/") else xmp.get(key)
            if got is None or str(got) != expected:
                where = f"Info {key[1:]}" if key.startswith("/") else f"XMP {key}"
                problems.append(f"{where} is {_quoted(got)}, expected '{expected}'")
        trapped = info.get("/Trapped")
        if trapped is None:
            problems.append("Info has no Trapped")
        elif trapped not in ("/True", "/False"):  # PDF/X allows no other value, not even /Unknown
            problems.append(f"Info Trapped is {trapped}, not /True or /False")
        problems.extend(_described_alike(pdf, info, xmp))
        problems.extend(_active_content(pdf))
        if want.startswith("PDF/X-1a"):
            version = tuple(int(p) for p in pdf.pdf_version.split(".")[:2])
            if version > (1, 4):
                problems.append(f"PDF {pdf.pdf_version}; PDF/X-1a allows at most 1.4")
            problems.extend(self._transparency())
            problems.extend(
                f"{counted(count, f'{family} colour space')} (PDF/X-1a allows only CMYK, gray and spot colour)"
                for family, count in device_independent_spaces(pdf).items()
            )
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
        return True, f"{want}, {intent.get('/OutputConditionIdentifier')}"

    def _opentype_fonts(self) -> list[int]:
        """Pages using a font embedded in its OpenType wrapper (FontFile3 /OpenType)."""
        import pikepdf

        pages = set()
        for number, category, font in walk_resources(self.pdf):
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
                if not inflates(stream.read_raw_bytes()):
                    bad.append(number)
                    break
        return [f"content stream that does not decompress on {_pages(bad)}"] if bad else []

    def _transparency(self) -> list[str]:
        return [
            f"{what} on {_pages(numbers)} (not allowed in PDF/X-1a)" for what, numbers in transparency(self.pdf).items()
        ]

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
            if int(inherited(obj, "/Rotate") or 0) % 360:  # the page would print turned
                bad.setdefault(f"turned by /Rotate {int(inherited(obj, '/Rotate'))}", []).append(number)
            trim = page_box(obj.get("/TrimBox"))
            if trim is None:
                bad.setdefault("no TrimBox", []).append(number)
                continue
            if "/ArtBox" in obj:  # PDF/X: the trim box or the art box, never both
                bad.setdefault("both TrimBox and ArtBox", []).append(number)
            x0, y0, x1, y1 = trim
            if abs((x1 - x0) - want_w) > BOX_TOLERANCE_PT or abs((y1 - y0) - want_h) > BOX_TOLERANCE_PT:
                size = f"TrimBox {(x1 - x0) / MM:.1f} x {(y1 - y0) / MM:.1f} mm, expected {_mm(trim_mm[0])} x {_mm(trim_mm[1])} mm"
                bad.setdefault(size, []).append(number)
            want = (x0 - bleed, y0 - bleed, x0 + want_w + bleed, y0 + want_h + bleed)
            media = page_box(inherited(obj, "/MediaBox"))
            crop = page_box(inherited(obj, "/CropBox")) or media
            bleed_box = page_box(obj.get("/BleedBox")) or crop
            for name, box in (("MediaBox", media), ("BleedBox", bleed_box)):
                if box is None:
                    bad.setdefault(f"no {name}", []).append(number)
                elif name == "MediaBox" and _holds(box, want):
                    continue  # a slug outside the bleed, for printer's marks
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
    @cached_property
    def _colours(self) -> tuple[dict[int, set[str]], tuple[float, int, str]]:
        """RGB found, page by page, and the most ink asked for: one pass over the pages."""
        scan = ColourScan()
        found: dict[int, set[str]] = {}
        for number, page in enumerate(self.pdf.pages, 1):
            resources = inherited(page.obj, "/Resources")
            problems = scan.run(page, resources, number)
            if problems:
                found[number] = problems
        # Transparency blended in RGB: flattened, 100 % K comes back as four-colour black.
        for number, group in groups(self.pdf):
            space = rgb_space(group.get("/CS"))
            if space:
                found.setdefault(number, set()).add(f"{space} blending space")
        return found, scan.ink

    def check_colour(self) -> tuple[bool, str]:
        found, _ink = self._colours
        if found:
            labels = sorted(set().union(*found.values()))
            what = "Lab colour" if all("Lab" in label for label in labels) else "RGB"
            return False, f"{what} on {_pages(found)}: {', '.join(labels)}"
        return True, "CMYK/gray only"

    # 4b. ink
    def check_ink(self) -> tuple[bool, str]:
        """Total area coverage: the most ink (C + M + Y + K) anything asks for, against the
        file's ink limit as the manifest names it (the print shop's, or its condition's)."""
        _found, (most, page, what) = self._colours
        condition = self.entry.get("output_intent")
        limit = self.entry.get("ink_limit", MAX_INK.get(str(condition)))
        said = f"at most {most:.0f} % ink" + (f" ({what} on page {page})" if most else "")
        if limit is None:
            return True, f"{said}; no limit known for {condition or 'an unnamed condition'} (set print.ink_limit)"
        if most > limit + INK_TOLERANCE:
            return False, f"{most:.0f} % ink ({what} on page {page}), over the {limit:g} % allowed for {condition}"
        return True, f"{said}, within the {limit:g} % allowed for {condition}"

    # 10. small-text, 11. hairlines
    @cached_property
    def _marks(self) -> dict[str, tuple[float, dict[str, dict[int, float]]]]:
        """For text and lines: the smallest size or width, and each problem's pages with the
        smallest there; one pass over the pages for both checks."""
        smallest = {"text": math.inf, "line": math.inf}
        found: dict[str, dict[str, dict[int, float]]] = {"text": {}, "line": {}}
        for number, page in enumerate(self.pdf.pages, 1):
            for what, size, fill in printed_marks(page, inherited(page.obj, "/Resources")):
                smallest[what] = min(smallest[what], size)
                problem = small_text_problem(size, fill) if what == "text" else line_problem(size)
                if problem:
                    pages = found[what].setdefault(problem, {})
                    pages[number] = min(pages.get(number, math.inf), size)
        return {what: (smallest[what], found[what]) for what in smallest}

    @staticmethod
    def _said(problems: dict[str, dict[int, float]], decimals: int) -> str:
        return "; ".join(
            f"{problem} on {_pages(pages)} (smallest {min(pages.values()):.{decimals}f} pt)"
            for problem, pages in problems.items()
        )

    def check_small_text(self) -> tuple[bool, str]:
        smallest, found = self._marks["text"]
        if found:
            return False, self._said(found, 1)
        return True, f"smallest text {smallest:.1f} pt" if smallest < math.inf else "no text"

    def check_hairlines(self) -> tuple[bool, str]:
        thinnest, found = self._marks["line"]
        if found:
            return False, self._said(found, 2)
        return True, f"thinnest line {thinnest:.2f} pt" if thinnest < math.inf else "no stroked lines"

    # 5. fonts
    def check_fonts(self) -> tuple[bool, str]:
        import pikepdf

        missing: dict[str, int] = {}
        programs: dict[str, set[bytes]] = {}  # subset name -> digests of the font programs under it
        count = 0
        for number, category, font in walk_resources(self.pdf):
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
        smoothed = sorted({n for n, category, obj in walk_resources(self.pdf) if interpolated(category, obj)})
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
            if want - {text for text, _, _ in found}:
                # A long address makes a dense code (0.27 mm a module at 300 bytes in the booklet),
                # under two pixels a module at QR_DPI: read finer before calling it missing.
                found = self._read_qr(index, QR_DPI * 2)
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

    def _read_qr(self, index: int, dpi: int = QR_DPI) -> list[tuple[str, float, tuple[float, float, float, float]]]:
        """(text, symbol width in mm, box in PDF points) of each QR code on one page, rendered once."""
        import ctypes

        import pypdfium2.raw as pdfium_c
        import zxingcpp

        page = self.doc[index]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
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


# --- what a PDF/X file says about itself -------------------------------------------------------


REGISTERED = {condition for _file, condition, _description, _limit in BUNDLED.values()}
ICC_REGISTRY = "http://www.color.org"


def _intent_problems(intent: pikepdf.Dictionary, condition: str) -> list[str]:
    """An output intent must name its condition; one of the ICC's registered conditions (the
    bundled FOGRA39 and FOGRA29) names the registry too, where a RIP looks it up."""
    if not condition.strip():
        return ["output intent has no OutputConditionIdentifier"]
    registry = str(intent.get("/RegistryName", ""))
    if condition in REGISTERED and registry != ICC_REGISTRY:
        return [f"output intent {condition} has RegistryName {_quoted(registry or None)}, expected '{ICC_REGISTRY}'"]
    return []


def _described_alike(pdf: pikepdf.Pdf, info: pikepdf.Dictionary, xmp: Any) -> list[str]:
    """PDF/X wants a file identifier in the trailer, and the document's title, on which Info
    and its XMP metadata agree, as they must on whether it is trapped."""
    import pikepdf

    problems = []
    ids = pdf.trailer.get("/ID")
    if not (isinstance(ids, pikepdf.Array) and len(ids) == 2):
        problems.append("the trailer has no file identifier (/ID)")
    title, xmp_title = str(info.get("/Title", "")), xmp.get("dc:title")
    if not title.strip():
        problems.append("Info has no Title")
    elif xmp_title != title:
        problems.append(f"XMP dc:title is {_quoted(xmp_title)}, Info Title '{title}'")
    trapped, xmp_trapped = info.get("/Trapped"), xmp.get("pdf:Trapped")
    if trapped is not None and xmp_trapped != str(trapped).lstrip("/"):
        problems.append(f"XMP pdf:Trapped is {_quoted(xmp_trapped)}, Info Trapped {trapped}")
    return problems


def _active_content(pdf: pikepdf.Pdf) -> list[str]:
    """What PDF/X forbids a print file to carry: form fields, JavaScript, actions run on
    opening (a RIP ignores them, so the job would not be what was proofed)."""
    import pikepdf

    problems = []
    root = pdf.Root
    names = root.get("/Names")
    if "/AcroForm" in root:
        problems.append("form fields (AcroForm)")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        problems.append("JavaScript")
    acting = ["document" for key in ("/OpenAction", "/AA") if key in root and _acts(root[key])]
    acting += [f"page {n}" for n, page in enumerate(pdf.pages, 1) if "/AA" in page.obj]
    if acting:
        problems.append(f"actions on opening ({', '.join(acting[:3])})")
    return problems


def _acts(value: Any) -> bool:
    """Whether an OpenAction or the additional actions do more than go to a page."""
    import pikepdf

    if isinstance(value, pikepdf.Array):  # a destination
        return False
    return not (isinstance(value, pikepdf.Dictionary) and value.get("/S") == "/GoTo")


# --- helpers for details ----------------------------------------------------------------------


Box = tuple[float, float, float, float]


def _holds(outer: Box, inner: Box) -> bool:
    """Whether ``outer`` (x0, y0, x1, y1) covers ``inner``, to the boxes' tolerance."""
    return all(
        o <= i + BOX_TOLERANCE_PT if k < 2 else o >= i - BOX_TOLERANCE_PT for k, (o, i) in enumerate(zip(outer, inner))
    )


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
