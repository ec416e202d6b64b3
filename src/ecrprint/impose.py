"""Printer spreads for saddle-stitching: pages n/1, 2/n-1, … side by side on one sheet."""

from __future__ import annotations

import pikepdf

from .assemble import Assembled, form_xobject

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
    assembled: Assembled, trim_mm: tuple[float, float], bleed_mm: float
) -> tuple[pikepdf.Pdf, list[tuple[int, int]]]:
    """One spread per sheet: twice the trim width plus bleed on the outer edges. At the fold
    the two pages meet at their trim edges, so neither page's bleed shows there; on the
    outer edges each page keeps its bleed.

    Works in place: each page's layers are drawn on the sheets as Form XObjects, their
    content reused as it is, and the sheets replace the pages. Links and the outline point
    at pages that no longer exist, so they go."""
    pdf = assembled.pdf
    pages = list(pdf.pages)
    pairs = saddle_stitch_pairs(len(pages))
    width, height, bleed = trim_mm[0] * MM, trim_mm[1] * MM, bleed_mm * MM
    sheet_w, sheet_h = 2 * width + 2 * bleed, height + 2 * bleed
    forms: dict[int, list[pikepdf.Object]] = {}
    for number, (page, layers) in enumerate(zip(pages, assembled.layers), start=1):
        box = page.mediabox
        forms[number] = [form_xobject(pdf, stream, resources, box) for stream, resources in layers]
    for key in ("/Outlines", "/PageMode"):
        if key in pdf.Root:
            del pdf.Root[key]
    for left, right in pairs:
        xobjects, ops = {}, []
        # Each page's own coordinates put its trim's lower-left corner at its origin.
        for side, number, clip_x, clip_w, shift in (
            ("L", left, 0, bleed + width, bleed),
            ("R", right, bleed + width, width + bleed, bleed + width),
        ):
            names = []
            for i, form in enumerate(forms[number]):
                xobjects[f"/{side}{i}"] = form
                names.append(f"/{side}{i} Do")
            ops.append(
                f"q {clip_x:.4f} 0 {clip_w:.4f} {sheet_h:.4f} re W n 1 0 0 1 {shift:.4f} {bleed:.4f} cm "
                + " ".join(names)
                + " Q\n"
            )
        sheet = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=pikepdf.Array([0, 0, sheet_w, sheet_h]),
            BleedBox=pikepdf.Array([0, 0, sheet_w, sheet_h]),
            TrimBox=pikepdf.Array([bleed, bleed, bleed + 2 * width, bleed + height]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects)),
            Contents=pdf.make_indirect(pikepdf.Stream(pdf, "".join(ops).encode())),
        )
        pdf.pages.append(pikepdf.Page(sheet))
    del pdf.pages[: len(pages)]
    return pdf, pairs
