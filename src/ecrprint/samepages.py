"""Whether two PDFs print the same thing: the same glyphs at the same places, page by page.

Extracted text is no judge of that. PDFium decides where one line ends and whether two runs of
text are one word by looking at how the content streams are built, and a booklet assembled from
parts is built differently from a single pass even where every glyph sits in the same place.
So each page is compared as the set of its glyphs, each with its position on the page."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

TOLERANCE_PT = 0.1  # 0.035 mm: far finer than any press registers; the builds differ by float rounding

Glyph = tuple[str, float, float]  # the character, and its origin on the baseline, in points
# One glyph that a file may read as either: the copy for the screen reads a no-break hyphen as a
# plain one (finishing.plain_spaces_and_hyphens), with what is drawn unchanged.
_SAME_GLYPH = {"\u2011": "-"}


def visible_glyphs(text: pdfium.PdfTextPage) -> Iterator[tuple[str, float, float, float]]:
    """A text page's glyphs as drawn (not the spaces and line ends PDFium adds): each
    character, its origin on the baseline, and where its advance ends on the right."""
    x, y, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
    for i in range(text.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(text.raw, i) == 1:
            continue
        pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
        pdfium_c.FPDFText_GetLooseCharBox(text.raw, i, ctypes.byref(box))
        yield chr(pdfium_c.FPDFText_GetUnicode(text.raw, i)), x.value, y.value, box.right


def page_glyphs(path: Path) -> list[list[Glyph]]:
    """Every page's visible glyphs, sorted by character, then line, then place on the line."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            text = page.get_textpage()
            glyphs = [
                (_SAME_GLYPH.get(char, char), x, y) for char, x, y, _right in visible_glyphs(text) if not char.isspace()
            ]
            pages.append(sorted(glyphs, key=lambda g: (g[0], round(g[2]), g[1])))
            text.close()
            page.close()
        return pages
    finally:
        pdf.close()


def _page_difference(glyphs_a: list[Glyph], glyphs_b: list[Glyph]) -> str | None:
    if len(glyphs_a) != len(glyphs_b):
        return f"{len(glyphs_a)} glyphs against {len(glyphs_b)}"
    for (char_a, x_a, y_a), (char_b, x_b, y_b) in zip(glyphs_a, glyphs_b):
        if char_a != char_b or abs(x_a - x_b) > TOLERANCE_PT or abs(y_a - y_b) > TOLERANCE_PT:
            return f"'{char_a}' at ({x_a:.2f}, {y_a:.2f}) against '{char_b}' at ({x_b:.2f}, {y_b:.2f})"
    return None


def differences(a: Path, b: Path) -> list[str]:
    """Nothing when both files print the same glyphs at the same places on the same pages;
    otherwise how the page counts differ, and a line for each page that differs."""
    pages_a, pages_b = page_glyphs(a), page_glyphs(b)
    found = [f"{len(pages_a)} pages against {len(pages_b)}"] if len(pages_a) != len(pages_b) else []
    for number, (glyphs_a, glyphs_b) in enumerate(zip(pages_a, pages_b), start=1):
        difference = _page_difference(glyphs_a, glyphs_b)
        if difference:
            found.append(f"page {number}: {difference}")
    return found
