"""Rendered parts to finished print files. These run in the worker processes, so that a
booklet and its printer spreads finish side by side."""

from __future__ import annotations

from .assemble import Slot, assemble
from .finish import DocInfo, finish
from .impose import impose
from .pdfrender import RenderResult


def finished(slots: list[Slot], results: dict[str, RenderResult], furniture, info: DocInfo) -> bytes:
    """The parts assembled page by page, then finished as PDF/X (or, for the screen, as a
    plain PDF with its links: a print file gets none, as PDF/X allows none on the printed
    area). A sign's file keeps only the resources its pages draw: WeasyPrint gives all the
    pages of a document one resource dictionary."""
    pdf = assemble(slots, results, furniture, links=not info.print_file).pdf
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
) -> bytes:
    """The same pages as printer spreads for saddle-stitching, finished as PDF/X."""
    return finish(impose(assemble(slots, results, furniture, navigation=False), trim_mm, bleed_mm)[0], info)
