"""Reading rendered PDFs in tests: text per page, boxes, outline, fonts and QR codes."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import zxingcpp

from ecrprint.samepages import visible_glyphs

MM = 72 / 25.4


def clean(text: str) -> str:
    """PDFium marks a hyphen at a line break as U+0002; read it, and the no-break hyphen that
    keeps a name or an address together, as the hyphen it is. A zero-width space (a place an
    address may break) reads as nothing."""
    return text.replace("\x02", "-").replace("\u2011", "-").replace("\u200b", "")


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
                lines.setdefault(round(y * 4), []).append((x, right, y, char))
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
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page_index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    out = []
    for r in zxingcpp.read_barcodes(image):
        if r.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        p = r.position
        width_px = max(p.top_right.x, p.bottom_right.x) - min(p.top_left.x, p.bottom_left.x)
        out.append((r.text, width_px / dpi * 25.4))
    return sorted(out)


def capital_mm(path: Path, text: str, page_index: int = 0) -> tuple[float, float]:
    """Where ``text`` is largest on a page: the height of its first letter (a capital: its cap
    height) and of that letter's baseline above the page's bottom edge, both in mm."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[page_index].get_textpage()
        full = textpage.get_text_range()
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
