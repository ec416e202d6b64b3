"""Printer spreads for saddle-stitching: pages n/1, 2/n-1, … side by side on one sheet."""

from __future__ import annotations

import pikepdf

MM = 72 / 25.4


def saddle_stitch_pairs(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, of each printer spread of a saddle-stitched book."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    pairs = []
    for k in range(pages // 2):
        pairs.append((pages - k, k + 1) if k % 2 == 0 else (k + 1, pages - k))
    return pairs


def impose(
    source: pikepdf.Pdf, trim_mm: tuple[float, float], bleed_mm: float
) -> tuple[pikepdf.Pdf, list[tuple[int, int]]]:
    """One spread per page: twice the trim width plus bleed on the outer edges. At the fold the
    two pages meet at their trim edges, so neither page's bleed shows there."""
    pairs = saddle_stitch_pairs(len(source.pages))
    width, height, bleed = trim_mm[0] * MM, trim_mm[1] * MM, bleed_mm * MM
    sheet_w, sheet_h = 2 * width + 2 * bleed, height + 2 * bleed
    out = pikepdf.new()
    forms = {}
    for number, page in enumerate(source.pages, start=1):
        forms[number] = out.copy_foreign(page.as_form_xobject())
    for left, right in pairs:
        out.add_blank_page(page_size=(sheet_w, sheet_h))
        sheet = out.pages[-1]
        sheet.obj.MediaBox = pikepdf.Array([0, 0, sheet_w, sheet_h])
        sheet.obj.BleedBox = pikepdf.Array([0, 0, sheet_w, sheet_h])
        sheet.obj.TrimBox = pikepdf.Array([bleed, bleed, bleed + 2 * width, bleed + height])
        sheet.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(L=forms[left], R=forms[right]))
        # Each page's own coordinates put its trim's lower-left corner at its origin.
        ops = (
            f"q 0 0 {bleed + width:.4f} {sheet_h:.4f} re W n 1 0 0 1 {bleed:.4f} {bleed:.4f} cm /L Do Q\n"
            f"q {bleed + width:.4f} 0 {width + bleed:.4f} {sheet_h:.4f} re W n "
            f"1 0 0 1 {bleed + width:.4f} {bleed:.4f} cm /R Do Q\n"
        )
        sheet.obj.Contents = out.make_indirect(pikepdf.Stream(out, ops.encode()))
    return out, pairs
