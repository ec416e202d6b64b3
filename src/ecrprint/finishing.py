"""Rendered parts to finished print files. These run in the worker processes, so that a
booklet and its printer spreads finish side by side."""

from __future__ import annotations

import io
import re
import zlib

import pikepdf

from .assemble import Slot, add_links, assemble
from .finish import DocInfo, finish
from .fontmerge import FontSources, resource_fonts
from .impose import impose
from .pdfrender import RenderResult


def finished(
    slots: list[Slot], results: dict[str, RenderResult], furniture, info: DocInfo, fonts: FontSources | None = None
) -> bytes:
    """The parts assembled page by page, then finished as PDF/X. A sign's file keeps only the
    resources its pages draw: WeasyPrint gives all the pages of a document one resource
    dictionary. The parts' subsets of each font from ``fonts`` are merged."""
    pdf = assemble(slots, results, furniture, fonts=fonts).pdf
    if not furniture:
        pdf.remove_unreferenced_resources()
    return finish(pdf, info)


def finished_spreads(
    slots: list[Slot],
    results: dict[str, RenderResult],
    furniture,
    trim_mm: tuple[float, float],
    bleed_mm: float,
    info: DocInfo,
    fonts: FontSources | None = None,
) -> bytes:
    """The same pages as printer spreads for saddle-stitching, finished as PDF/X."""
    assembled = assemble(slots, results, furniture, navigation=False, fonts=fonts)
    return finish(impose(assembled, trim_mm, bleed_mm)[0], info)


def screen_copy(print_file: bytes, slots: list[Slot], results: dict[str, RenderResult], info: DocInfo) -> bytes:
    """The booklet for reading on screen: the finished print file's pages as they are, with
    the links of the contents and the index, which a print file may not have (PDF/X allows no
    annotations on the printed area). Made from the print file, it costs one save, not a
    second assembly."""
    pdf = pikepdf.open(io.BytesIO(print_file))
    add_links(pdf, slots, results)
    plain_spaces_and_hyphens(pdf)
    return finish(pdf, info, subsets_named=True)


# Printed as they are, read as their plain forms: a name's no-break space and hyphen keep it
# on one line ("Ben‑David"), and an address under a QR code breaks only after a slash.
_READ_AS = {b"2011": b"002d", b"00a0": b"0020"}
_READ_AS_ENTRY = re.compile(rb"(<[0-9A-Fa-f]{4}>\s*)<(2011|00[aA]0)>")


def plain_spaces_and_hyphens(pdf: pikepdf.Pdf) -> None:
    """The screen copy's text as a reader searches and copies it: the glyphs of no-break
    hyphens and spaces read as "-" and " " (their fonts' ToUnicode maps changed), so that
    "Ben-David" is found and a copied address works. What is drawn does not change."""
    seen: set = set()
    fonts: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for page in pdf.pages:  # the fonts the pages draw with, not every object of the file (a tenth of the time)
        for holder, name in resource_fonts(page.obj.get("/Resources"), seen):
            font = holder[name]
            if isinstance(font, pikepdf.Dictionary) and font.is_indirect:
                fonts.setdefault(font.objgen, font)
    for font in fonts.values():
        cmap = font.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        data = cmap.read_bytes()
        changed = _READ_AS_ENTRY.sub(lambda m: m[1] + b"<" + _READ_AS[m[2].lower()] + b">", data)
        if changed != data:
            cmap.write(zlib.compress(changed), filter=pikepdf.Name.FlateDecode)
