"""Put rendered parts together into one print PDF: pages, furniture, QR codes, links, outline."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

from .pdfrender import RenderResult

PX = 0.75  # PDF points per CSS px


@dataclass(frozen=True)
class Slot:
    """One page of the assembled document: a page of a part, or a blank page."""

    part: str | None  # None for a blank page
    index: int = 0
    furniture: bool = True


@dataclass
class Assembled:
    """An assembled document, with the QR code URLs drawn on each page (for the preflight)."""

    pdf: pikepdf.Pdf
    bookmarks: list
    qr_codes: list[list[str]]


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    page: int
    x: float
    y: float


def anchor_pages(slots: list[Slot], results: dict[str, RenderResult]) -> dict[str, int]:
    """Anchor id -> 1-based page number in the assembled document."""
    out: dict[str, int] = {}
    for number, slot in enumerate(slots, start=1):
        if slot.part is None or slot.part not in results:
            continue  # blank pages, and parts not rendered yet (the index, while it is numbered)
        for anchor in results[slot.part].anchors[slot.index]:
            out.setdefault(anchor, number)
    return out


def _trim_height(page: pikepdf.Page) -> float:
    trim = page.obj.get("/TrimBox") or page.mediabox
    return float(trim[3])


def stamp_qr_codes(pdf: pikepdf.Pdf, page: pikepdf.Page, ops: str) -> None:
    """Draw the page's QR codes (operators prepared by the worker that rendered it)."""
    if ops:
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + ops.encode() + b"\n"), prepend=False)


def overlay(pdf: pikepdf.Pdf, page: pikepdf.Page, other: pikepdf.Page, name: str) -> None:
    """Draw ``other`` over ``page``; both share one coordinate system. Unlike pikepdf's
    add_overlay, the resource name is given, so the bytes are the same on every run."""
    form = pdf.copy_foreign(other.as_form_xobject())
    resources = pikepdf.Dictionary({k: v for k, v in page.obj.get("/Resources", pikepdf.Dictionary()).items()})
    xobjects = pikepdf.Dictionary({k: v for k, v in resources.get("/XObject", pikepdf.Dictionary()).items()})
    xobjects[name] = form
    resources.XObject = xobjects
    page.obj.Resources = resources
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, f"\nQ q {name} Do Q\n".encode()), prepend=False)


def _drop_internal_links(page: pikepdf.Page) -> None:
    annots = page.obj.get("/Annots")
    if annots is None:
        return
    keep = [
        a
        for a in annots
        if not (a.get("/Subtype") == "/Link" and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"))
    ]
    if keep:
        page.obj.Annots = pikepdf.Array(keep)
    else:
        del page.obj["/Annots"]


def assemble(
    slots: list[Slot], results: dict[str, RenderResult], furniture: list[RenderResult] | None = None
) -> Assembled:
    """Build the document page by page. Internal links and bookmarks are resolved across parts."""
    out = pikepdf.new()
    sources = {key: pikepdf.open(io.BytesIO(r.pdf)) for key, r in results.items()}
    # Furniture comes in chunks, one page per slot, in order.
    furniture_pdfs = [pikepdf.open(io.BytesIO(chunk.pdf)) for chunk in furniture or []]
    furniture_pages = [p for pdf in furniture_pdfs for p in pdf.pages]
    template_page = next(iter(sources.values())).pages[0]
    positions = {}  # anchor -> (page index, x, y) in PDF points
    bookmarks: list[Bookmark] = []
    links = []  # (page index, target anchor, rect in px)
    used: set[tuple[str, int]] = set()
    qr_pages: list[list[str]] = []
    for number, slot in enumerate(slots):
        if slot.part is None:
            out.add_blank_page(page_size=(float(template_page.mediabox[2]), float(template_page.mediabox[3])))
            page = out.pages[-1]
            for box in ("/MediaBox", "/BleedBox", "/TrimBox"):
                if box in template_page.obj:
                    page.obj[box] = pikepdf.Array(list(template_page.obj[box]))
            qr_pages.append([])
            continue
        source = sources[slot.part]
        if (slot.part, slot.index) in used:
            # A repeated page (notes) is copied afresh, so that its furniture is its own.
            source = pikepdf.open(io.BytesIO(results[slot.part].pdf))
        used.add((slot.part, slot.index))
        out.pages.append(source.pages[slot.index])
        page = out.pages[-1]
        result = results[slot.part]
        height = _trim_height(page)
        _drop_internal_links(page)
        stamp_qr_codes(out, page, result.qr_ops[slot.index])
        qr_pages.append(list(result.qr_urls[slot.index]))
        if furniture_pages and slot.furniture:
            overlay(out, page, furniture_pages[number], f"/EcrFurniture{number + 1}")
        for anchor, (x1, y1, _x2, _y2) in result.anchors[slot.index].items():
            positions.setdefault(anchor, (number, x1 * PX, height - y1 * PX))
        for level, label, (x, y) in result.bookmarks[slot.index]:
            bookmarks.append(Bookmark(level, label, number, x * PX, height - y * PX))
        for kind, target, rect in result.links[slot.index]:
            if kind == "internal":
                links.append((number, target, rect))
    for number, target, (x1, y1, x2, y2) in links:
        if target not in positions:
            continue
        page = out.pages[number]
        height = _trim_height(page)
        dest_page, dx, dy = positions[target]
        annot = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([x1 * PX, height - y2 * PX, x2 * PX, height - y1 * PX]),
            Border=pikepdf.Array([0, 0, 0]),
            Dest=pikepdf.Array([out.pages[dest_page].obj, pikepdf.Name.XYZ, dx, dy, 0]),
        )
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(out.make_indirect(annot))
    write_outline(out, bookmarks)
    return Assembled(out, bookmarks, qr_pages)


def write_outline(pdf: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    """Nest bookmarks by level into the PDF outline."""
    if not bookmarks:
        return
    with pdf.open_outline() as outline:
        stack: list[tuple[int, pikepdf.OutlineItem]] = []
        for b in bookmarks:
            item = pikepdf.OutlineItem(
                b.label, b.page, page_location=pikepdf.PageLocation.XYZ, left=b.x, top=b.y, zoom=0
            )
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            if stack:
                stack[-1][1].children.append(item)
            else:
                outline.root.append(item)
            stack.append((b.level, item))
