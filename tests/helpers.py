"""Reading rendered PDFs in tests: text per page, boxes, outline, fonts and QR codes."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import zxingcpp

from ecrprint.samepages import visible_glyphs

MM = 72 / 25.4


def ecrprint_ok(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """``python -m ecrprint ARGS`` in a process of its own, as an organiser runs it (nothing
    kept in this process's memory is used); it must succeed."""
    done = subprocess.run(
        [sys.executable, "-m", "ecrprint", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    return done


# The no-break hyphen that keeps a name or an abbreviation together ("Min‑jun", "PI‑QUAL") read
# as the hyphen it is, where a text is found by where its characters were set.
_READ_AS_HYPHEN = {"\u2011": "-"}
_READ_AS_HYPHEN_TABLE = str.maketrans(_READ_AS_HYPHEN)


def clean(text: str) -> str:
    """PDFium marks a hyphen at a line break as U+0002 (or U+FFFE); read it, and the no-break hyphen that
    keeps a name or an address together, as the hyphen it is. A zero-width space (a place an
    address may break) reads as nothing."""
    return text.replace("\x02", "-").replace("\ufffe", "-").replace("\u2011", "-").replace("\u200b", "")


def page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [clean(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def body_texts(path: Path, top_mm: float = 16, bottom_mm: float = 15) -> list[str]:
    """Each page's text without the running header and page number (outside the type area)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            left, bottom, right, top = page.get_trimbox()
            out.append(
                clean(page.get_textpage().get_text_bounded(left, bottom + bottom_mm * MM, right, top - top_mm * MM))
            )
        return out
    finally:
        pdf.close()


def placed_runs(path: Path, page_index: int, gap_mm: float = 1.5) -> list[tuple[str, float, float]]:
    """A page's runs of text (glyphs on one baseline, closer than ``gap_mm``), each with where
    it starts on the left and its baseline, in mm from the page's bottom-left corner."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        lines: dict[int, list[tuple[float, float, float, str]]] = {}
        for char, x, y, right in visible_glyphs(pdf[page_index].get_textpage()):
            if not char.isspace():
                lines.setdefault(round(y * 4), []).append((x, right, y, _READ_AS_HYPHEN.get(char, char)))
        out = []
        for glyphs in lines.values():
            glyphs.sort()
            run, start, last, base = "", 0.0, None, 0.0
            for left, right, y, char in glyphs:
                if last is not None and left - last > gap_mm * MM:
                    out.append((run, start / MM, base / MM))
                    run = ""
                if not run:
                    start, base = left, y
                elif left - last > 0.8:  # points: a space between words
                    run += " "
                run += char
                last = right
            out.append((run, start / MM, base / MM))
        return out
    finally:
        pdf.close()


class InkBox(NamedTuple):
    """A run of text and the box its glyphs' ink covers, in mm from the trim's bottom-left corner."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


def ink_boxes(path: Path, page_index: int, gap_mm: float = 1.5) -> list[InkBox]:
    """A page's runs of text (cut as ``placed_runs`` cuts them), each with the box its glyphs'
    ink covers: what a reader sees, so two boxes that meet are two texts printed on each other."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[page_index].get_textpage()
        x, y, loose = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
        lines: dict[int, list[tuple[float, float, str, tuple[float, float, float, float]]]] = {}
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if char.isspace():
                continue
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(loose))
            lines.setdefault(round(y.value * 4), []).append((x.value, loose.right, char, textpage.get_charbox(i)))
        out = []
        for glyphs in lines.values():
            glyphs.sort()
            run: list = []
            for glyph in glyphs:
                if run and glyph[0] - run[-1][1] > gap_mm * MM:
                    out.append(_ink_box(run))
                    run = []
                run.append(glyph)
            out.append(_ink_box(run))
        return out
    finally:
        pdf.close()


def _ink_box(run: list[tuple[float, float, str, tuple[float, float, float, float]]]) -> InkBox:
    text = ""
    for k, (left, _advance_end, char, _box) in enumerate(run):
        if k and left - run[k - 1][1] > 0.8:  # points: a space between words
            text += " "
        text += char
    boxes = [box for *_, box in run]
    return InkBox(
        text,
        min(b[0] for b in boxes) / MM,
        min(b[1] for b in boxes) / MM,
        max(b[2] for b in boxes) / MM,
        max(b[3] for b in boxes) / MM,
    )


def overlaps(a: InkBox, b: InkBox, margin_mm: float = 0.0) -> bool:
    return (
        a.left < b.right + margin_mm
        and b.left < a.right + margin_mm
        and a.bottom < b.top + margin_mm
        and b.bottom < a.top + margin_mm
    )


def overlapping_texts(path: Path, page_index: int) -> list[tuple[str, str]]:
    """Pairs of runs of text on a page whose ink boxes overlap: one printed over the other."""
    return [(a.text, b.text) for a, b in combinations(ink_boxes(path, page_index), 2) if overlaps(a, b)]


def _raster(path: Path, page_index: int, dpi: int):
    """A page as an RGB image, with its media box's left and top edges in points."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_index]
        x0, _y0, _x1, y1 = page.get_mediabox()
        return page.render(scale=dpi / 72).to_pil().convert("RGB"), x0, y1
    finally:
        pdf.close()


def colour_box(
    path: Path, page_index: int, rgb: tuple[int, int, int], within: tuple[float, float, float, float], dpi: int = 100
) -> InkBox | None:
    """Where a page is painted in one colour (within 40 of ``rgb`` per channel) inside the
    area ``within`` (left, bottom, right, top in mm from the trim's corner): the box around
    all such pixels, or None."""
    image, x0, y1 = _raster(path, page_index, dpi)
    px = dpi / 25.4

    def to_px(x_mm: float, y_mm: float) -> tuple[int, int]:
        return round((x_mm - x0 / MM) * px), round((y1 / MM - y_mm) * px)

    left, top = to_px(within[0], within[3])
    right, bottom = to_px(within[2], within[1])
    found = [
        (x, y)
        for y in range(max(top, 0), min(bottom, image.height))
        for x in range(max(left, 0), min(right, image.width))
        if all(abs(c - want) <= 40 for c, want in zip(image.getpixel((x, y)), rgb))
    ]
    if not found:
        return None
    xs, ys = [x for x, _ in found], [y for _, y in found]
    return InkBox(
        "",
        min(xs) / px + x0 / MM,
        y1 / MM - (max(ys) + 1) / px,
        (max(xs) + 1) / px + x0 / MM,
        y1 / MM - min(ys) / px,
    )


def colour_at(path: Path, page_index: int, x_mm: float, y_mm: float, dpi: int = 100) -> tuple[int, int, int]:
    """The colour printed at a point, in mm from the trim's bottom-left corner."""
    image, x0, y1 = _raster(path, page_index, dpi)
    px = dpi / 25.4
    return image.getpixel((round((x_mm - x0 / MM) * px), round((y1 / MM - y_mm) * px)))


def runs_per_line(path: Path, page_index: int, gap_mm: float = 5) -> list[list[str]]:
    """A page's text line by line (glyphs on one baseline, top to bottom), each line cut into
    the runs of text that gaps wider than ``gap_mm`` separate (a contents entry and its page
    number). Read from glyph positions, not from PDFium's guesses at where words and lines end."""
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for text, left, baseline in sorted(placed_runs(path, page_index, gap_mm), key=lambda run: -run[2]):
        if not lines or lines[-1][0] - baseline > 0.1:  # mm: a new baseline
            lines.append((baseline, []))
        lines[-1][1].append((left, text))
    return [[text for _left, text in sorted(runs)] for _baseline, runs in lines]


def boxes_mm(path: Path) -> list[dict[str, tuple[float, ...]]]:
    with pikepdf.open(path) as pdf:
        out = []
        for page in pdf.pages:
            entry = {}
            for name in ("/MediaBox", "/BleedBox", "/TrimBox"):
                box = page.obj.get(name)
                if box is not None:
                    entry[name[1:]] = tuple(round(float(v) / MM, 1) for v in box)
            out.append(entry)
        return out


def outline_titles(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page index) for every bookmark, in order."""
    out = []
    with pikepdf.open(path) as pdf:
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:

            def walk(items, depth):
                for item in items:
                    dest = item.destination
                    if dest is None and item.action is not None:
                        dest = item.action.get("/D")
                    page = pages.get(dest[0].objgen) if dest is not None else None
                    out.append((depth, item.title, page))
                    walk(item.children, depth + 1)

            walk(outline.root, 1)
    return out


def internal_links(path: Path) -> list[tuple[int, tuple[float, ...], int, tuple[float, float]]]:
    """(page, link rectangle, target page, target x and y) for every link that leads inside the
    document, read as a viewer does (PDFium), whatever form its destination takes; points,
    rounded to 0.1."""
    out = []
    document = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            page = document[number]
            position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                dest = pdfium_c.FPDFLink_GetDest(document.raw, link)
                if not dest:
                    action = pdfium_c.FPDFLink_GetAction(link)
                    if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_GOTO:
                        continue
                    dest = pdfium_c.FPDFAction_GetDest(document.raw, action)
                rect = pdfium_c.FS_RECTF()
                pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
                flags = [pdfium_c.FPDF_BOOL() for _ in range(3)]
                x, y, zoom = (pdfium_c.FS_FLOAT() for _ in range(3))
                pdfium_c.FPDFDest_GetLocationInPage(dest, *(ctypes.byref(v) for v in (*flags, x, y, zoom)))
                xs, ys = sorted((rect.left, rect.right)), sorted((rect.bottom, rect.top))
                box = tuple(round(v, 1) for v in (xs[0], ys[0], xs[1], ys[1]))
                target = pdfium_c.FPDFDest_GetDestPageIndex(document.raw, dest)
                out.append((number, box, target, (round(x.value, 1), round(y.value, 1))))
            page.close()
    finally:
        document.close()
    return out


def unembedded_fonts(path: Path) -> list[str]:
    missing = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                if not any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(str(obj.get("/FontName")))
    return missing


def qr_codes_with_size(path: Path, page_index: int, dpi: int = 150) -> list[tuple[str, float]]:
    """(text, width of the symbol in mm, quiet zone excluded) for each QR code on a page."""
    return [(text, width) for text, width, _bottom in qr_codes_placed(path, page_index, dpi)]


def qr_codes_placed(path: Path, page_index: int, dpi: int = 150) -> list[tuple[str, float, float]]:
    """(text, width of the symbol in mm, its bottom edge above the page's bottom edge in mm) for
    each QR code on a page, quiet zones excluded."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page_index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    out = []
    for r in zxingcpp.read_barcodes(image):
        if r.format == zxingcpp.BarcodeFormat.QRCode:
            p = r.position
            left, right = min(p.top_left.x, p.bottom_left.x), max(p.top_right.x, p.bottom_right.x)
            bottom = max(p.bottom_left.y, p.bottom_right.y)
            out.append((r.text, (right - left) / dpi * 25.4, (image.height - bottom) / dpi * 25.4))
    return sorted(out)


def capital_mm(path: Path, text: str, page_index: int = 0) -> tuple[float, float]:
    """Where ``text`` is largest on a page: the height of its first letter (a capital: its cap
    height) and of that letter's baseline above the page's bottom edge, both in mm."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[page_index].get_textpage()
        full = textpage.get_text_range().translate(_READ_AS_HYPHEN_TABLE)  # one character for one
        starts = [i for i in range(len(full)) if full.startswith(text, i)]
        assert starts, f"{text!r} is not on page {page_index + 1}"
        _x, y0, _x1, _y1 = pdf[page_index].get_mediabox()
        boxes = [textpage.get_charbox(i) for i in starts]
    finally:
        pdf.close()
    _left, bottom, _right, top = max(boxes, key=lambda box: box[3] - box[1])
    return (top - bottom) / MM, (bottom - y0) / MM


def decode_qr_codes(path: Path, page_index: int, dpi: int = 150) -> list[str]:
    return [text for text, _ in qr_codes_with_size(path, page_index, dpi)]


def qr_white_margins(path: Path, page_index: int, level: str = "M", dpi: int = 400) -> list[float]:
    """For each QR code on a page, the white around its symbol, in modules: the least of the
    four sides, measured from the symbol's edge to the first dark pixel along its middle."""
    import numpy as np
    import qrcode

    levels = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M}
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page_index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    pixels = np.array(image)
    out = []
    for r in zxingcpp.read_barcodes(image):
        code = qrcode.QRCode(error_correction=levels[level], border=0)
        code.add_data(r.text)
        code.make(fit=True)
        p = r.position
        left, right = min(p.top_left.x, p.bottom_left.x), max(p.top_right.x, p.bottom_right.x)
        top, bottom = min(p.top_left.y, p.top_right.y), max(p.bottom_left.y, p.bottom_right.y)
        module = (right - left) / code.modules_count  # zxing gives the symbol's outer edges
        mid_x, mid_y = (left + right) // 2, (top + bottom) // 2

        def white(x: int, y: int, dx: int, dy: int, module: float = module) -> float:
            x, y, steps = x + 2 * dx, y + 2 * dy, 2  # from just outside the symbol's edge
            while 0 < x < pixels.shape[1] - 1 and 0 < y < pixels.shape[0] - 1 and pixels[y, x] > 160:
                x, y, steps = x + dx, y + dy, steps + 1
            return steps / module

        out.append(
            min(
                white(left, mid_y, -1, 0),
                white(right, mid_y, 1, 0),
                white(mid_x, top, 0, -1),
                white(mid_x, bottom, 0, 1),
            )
        )
    return out


def add_ultrasound_supporters(project: Path, count: int, name: str = "Vendor Number {i} Medical Systems") -> None:
    """``count`` more supporters (v0 …, named by ``name``), each providing probes for the
    mini project's ultrasound workshop."""
    workshops = project / "content" / "workshops.yaml"
    text = workshops.read_text()
    vendors = "".join(f"  - {{id: v{i}, name: {name.format(i=i)}}}\n" for i in range(count))
    support = "".join(f"      - {{supporter: v{i}, provides: probes}}\n" for i in range(count))
    zeta = "      - {supporter: zeta, provides: ultrasound machines}\n"
    assert text.count("supporters:\n") == 1 and text.count(zeta) == 1
    workshops.write_text(text.replace("supporters:\n", "supporters:\n" + vendors).replace(zeta, zeta + support))


def add_ultrasound_sessions(project: Path, count: int) -> None:
    """``count`` more sessions (HW 900 …) on the mini project's ultrasound topic, 14 a day in
    each of three skills labs, in code order."""
    labs = ["lab", "lab2", "lab3"]
    lines = ["sessions:"]
    for i in range(count):
        lab, rest = divmod(i, 28)
        day, slot = divmod(rest, 14)
        start = 8 * 60 + slot * 45
        lines.append(
            f"  - {{code: HW 9{i:02d}, format: hands-on, title: Ultrasound of the shoulder and the knee number {i},"
            f' room: {labs[lab]}, day: 2025-03-0{5 + day}, start: "{start // 60:02d}:{start % 60:02d}",'
            f' end: "{(start + 40) // 60:02d}:{(start + 40) % 60:02d}", workshop: us}}'
        )
    lines += ["rooms:"] + [f"  - {{id: {lab}, name: Skills Lab {k + 1}, level: Level 2}}" for k, lab in enumerate(labs)]
    (project / "content" / "many.yaml").write_text("\n".join(lines) + "\n")
    timetable = project / "content" / "timetable.yaml"
    text = (
        timetable.read_text()
        .replace('closes: "13:00"', 'closes: "20:00"')
        .replace('closes: "18:00"', 'closes: "20:00"')
    )
    timetable.write_text(text)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (not ended, nor ended and waiting to be reaped)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive
