"""Put rendered parts together into one print PDF: pages, furniture, QR codes, links, outline."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pikepdf

from .fontmerge import FontSources, merge_font_subsets
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
    """An assembled document, with the QR code URLs drawn on each page (for the preflight),
    and each page's layers: the self-contained drawings (content stream and the resources it
    uses) that its content is made of, which imposition reuses as they are."""

    pdf: pikepdf.Pdf
    bookmarks: list
    qr_codes: list[list[str]]
    layers: list[list[tuple[pikepdf.Object, pikepdf.Dictionary]]]


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


def form_xobject(pdf: pikepdf.Pdf, stream: pikepdf.Object, resources, bbox) -> pikepdf.Object:
    """Make a content stream of ``pdf`` a Form XObject in place. Unlike pikepdf's
    as_form_xobject, its data is neither decoded nor compressed again, and the box is
    the one given (a page's media box, bleed included), not the trim box."""
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Form
    stream.BBox = pikepdf.Array(list(bbox))
    stream.Resources = resources if resources is not None else pikepdf.Dictionary()
    return stream


class _Layers:
    """Sets each page's content: its own drawing in q/Q, then its QR codes, then its
    running head and page number, each a self-contained layer."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        # One pair of q/Q streams, shared by every page.
        self.open = pdf.make_indirect(pikepdf.Stream(pdf, b"q\n"))
        self.close = pdf.make_indirect(pikepdf.Stream(pdf, b"\nQ\n"))

    def build(self, page: pikepdf.Page, qr_ops: bytes, furniture: pikepdf.Page | None, name: str) -> list:
        pdf, obj = self.pdf, page.obj
        contents = obj.get("/Contents")
        own = [contents] if isinstance(contents, pikepdf.Stream) else list(contents or [])
        resources = obj.get("/Resources")
        if len(own) > 1:  # rare: several streams, joined into one so that the page is one layer
            own = [pdf.make_indirect(pikepdf.Stream(pdf, b"\n".join(part.read_bytes() for part in own)))]
        layers = [(own[0], resources)] if own else []
        streams = [self.open, *own, self.close]
        if qr_ops:
            # Operators the worker that rendered the page prepared and compressed.
            codes = pdf.make_indirect(pikepdf.Stream(pdf, b""))
            codes.write(qr_ops, filter=pikepdf.Name.FlateDecode)
            streams.append(codes)
            layers.append((codes, None))
        if furniture is not None:
            form = self.furniture_form(furniture)
            xobjects = dict(resources.get("/XObject", {}).items()) if resources is not None else {}
            xobjects[name] = form
            merged = pikepdf.Dictionary(dict(resources.items()) if resources is not None else {})
            merged.XObject = pikepdf.Dictionary(xobjects)
            obj.Resources = merged
            head = pdf.make_indirect(pikepdf.Stream(pdf, f"q {name} Do Q\n".encode()))
            streams.append(head)
            layers.append((head, pikepdf.Dictionary(XObject=pikepdf.Dictionary({name: form}))))
        obj.Contents = pikepdf.Array(streams)
        return layers

    def furniture_form(self, page: pikepdf.Page) -> pikepdf.Object:
        """The furniture page as a Form XObject in this document (both pages share one
        coordinate system). The name it is drawn under is given, so the bytes are the same
        on every run."""
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            stream = self.pdf.copy_foreign(contents)
            resources = page.obj.get("/Resources")
            local = self.pdf.copy_foreign(resources) if resources is not None else None
            return form_xobject(self.pdf, stream, local, page.mediabox)
        return self.pdf.copy_foreign(page.as_form_xobject())


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
    slots: list[Slot],
    results: dict[str, RenderResult],
    furniture: list[RenderResult] | None = None,
    navigation: bool = True,
    fonts: FontSources | None = None,
) -> Assembled:
    """Build the document page by page, its bookmarks resolved across parts; without
    ``navigation`` (printer spreads) they are left out. It gets no links: a print file may
    have none on its printed area, and the copy for the screen adds them (``add_links``).
    The parts' subsets of each font from ``fonts`` become one (``fontmerge``)."""
    out = pikepdf.new()
    sources = {key: pikepdf.open(io.BytesIO(r.pdf)) for key, r in results.items()}
    # Furniture comes in chunks, one page per slot, in order.
    furniture_pdfs = [pikepdf.open(io.BytesIO(chunk.pdf)) for chunk in furniture or []]
    furniture_pages = [p for pdf in furniture_pdfs for p in pdf.pages]
    furniture_chunks = [i for i, pdf in enumerate(furniture_pdfs) for _ in pdf.pages]
    # Subsets of one font are merged when pages come from several documents.
    merging = fonts is not None and len(sources) + len(furniture_pdfs) > 1
    owners = []  # (the resources of a part's page in ``out``, what that part's fonts hold)
    known: dict[int, dict] = {}  # what each rendered document's fonts hold, by the result's id

    def facts(result: RenderResult, pdf: pikepdf.Pdf) -> dict:
        if id(result) not in known:
            known[id(result)] = fonts.facts(result.cache_key, pdf)
        return known[id(result)]

    template_page = next(iter(sources.values())).pages[0]
    bookmarks: list[Bookmark] = []
    used: set[tuple[str, int]] = set()
    qr_pages: list[list[str]] = []
    layers: list[list] = []
    content = _Layers(out)
    for number, slot in enumerate(slots):
        if slot.part is None:
            out.add_blank_page(page_size=(float(template_page.mediabox[2]), float(template_page.mediabox[3])))
            page = out.pages[-1]
            # A blank page has no content stream at all: qpdf would save an empty one as
            # zero bytes marked /FlateDecode, which is not valid compressed data.
            del page.obj["/Contents"]
            for box in ("/MediaBox", "/BleedBox", "/TrimBox"):
                if box in template_page.obj:
                    page.obj[box] = pikepdf.Array(list(template_page.obj[box]))
            qr_pages.append([])
            layers.append([])
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
        head = furniture_pages[number] if furniture_pages and slot.furniture else None
        if merging:
            owners.append((page.obj.get("/Resources"), facts(result, source)))
        name = f"/EcrFurniture{number + 1}"
        layers.append(content.build(page, result.qr_ops[slot.index], head, name))
        if merging and head is not None:
            chunk = furniture_chunks[number]
            owners.append(
                (page.obj.Resources.XObject[name].get("/Resources"), facts(furniture[chunk], furniture_pdfs[chunk]))
            )
        qr_pages.append(list(result.qr_urls[slot.index]))
        for level, label, (x, y) in result.bookmarks[slot.index]:
            bookmarks.append(Bookmark(level, label, number, x * PX, height - y * PX))
    if merging:
        merge_font_subsets(out, owners, fonts)
    if navigation:
        write_outline(out, bookmarks)
    return Assembled(out, bookmarks, qr_pages, layers)


def add_links(pdf: pikepdf.Pdf, slots: list[Slot], results: dict[str, RenderResult]) -> None:
    """The internal links of the parts (the contents' and the index's page numbers) on the
    pages of ``pdf``, a document assembled from ``slots``, each leading to its anchor's page
    wherever that is."""
    positions: dict[str, tuple[int, float, float]] = {}  # anchor -> (page index, x, y) in points
    links = []  # (page index, target anchor, rect in px)
    addresses = []  # (page index, web address, rect in px): the QR codes
    heights: dict[int, float] = {}
    for number, slot in enumerate(slots):
        if slot.part is None:
            continue
        result = results[slot.part]
        height = heights[number] = _trim_height(pdf.pages[number])
        for anchor, (x1, y1, _x2, _y2) in result.anchors[slot.index].items():
            positions.setdefault(anchor, (number, x1 * PX, height - y1 * PX))
        links += [(number, target, rect) for kind, target, rect in result.links[slot.index] if kind == "internal"]
        addresses += [(number, url, rect) for kind, url, rect in result.links[slot.index] if kind == "external"]
    _add_links(pdf, links, positions, heights, addresses)


def _add_links(out: pikepdf.Pdf, links: list, positions: dict, heights: dict[int, float], addresses: list = ()) -> None:
    """Link annotations for the internal links, now that every anchor has its page, and for
    the web ``addresses`` of the QR codes. There are thousands (the index and contents), so
    each annotation is written as PDF text and parsed (six times faster than building it
    object by object), and an internal one leads to a named destination: one entry per anchor
    in the catalogue's /Dests, where the anchor's page is given once."""
    page_objs = [page.obj for page in out.pages]
    names: dict[str, bytes] = {}
    texts: dict[int, list[bytes]] = {}
    for number, url, (x1, y1, x2, y2) in addresses:
        height = heights[number]
        rect = b"%.5f %.5f %.5f %.5f" % (x1 * PX, height - y2 * PX, x2 * PX, height - y1 * PX)
        texts.setdefault(number, []).append(
            b"<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] /A << /S /URI /URI <%s> >> >>"
            % (rect, url.encode().hex().encode())
        )
    for number, target, (x1, y1, x2, y2) in links:
        if target not in positions:
            continue
        name = names.get(target) or names.setdefault(target, _pdf_name(target))
        height = heights[number]
        rect = b"%.5f %.5f %.5f %.5f" % (x1 * PX, height - y2 * PX, x2 * PX, height - y1 * PX)
        texts.setdefault(number, []).append(
            b"<< /Type /Annot /Subtype /Link /Rect [%s] /Border [0 0 0] /Dest %s >>" % (rect, name)
        )
    if not texts:
        return
    # A page's annotations are parsed as one array (each parse is a call into qpdf), then each
    # made an object of its own, as a page's /Annots must refer to them.
    by_page = {
        number: [out.make_indirect(a) for a in pikepdf.Object.parse(b"[%s]" % b" ".join(annots))]
        for number, annots in texts.items()
    }
    if names:
        dests = pikepdf.Dictionary()
        for target in sorted(names):
            page, x, y = positions[target]
            # The name as it reads, unescaped: pikepdf writes it escaped, as the links' names.
            dests["/" + target] = pikepdf.Array([page_objs[page], pikepdf.Name.XYZ, x, y, 0])
        out.Root.Dests = out.make_indirect(dests)
    for number, annots in by_page.items():
        page = page_objs[number]
        existing = list(page.Annots) if "/Annots" in page else []
        page.Annots = pikepdf.Array(existing + annots)


def _pdf_name(anchor: str) -> bytes:
    """An anchor as a PDF name: letters, digits, '-', '_' and '.' as they are, other bytes as #XX."""
    return b"/" + _NAME_ESCAPE.sub(lambda m: b"#%02X" % m[0][0], anchor.encode("utf-8"))


_NAME_ESCAPE = re.compile(rb"[^A-Za-z0-9._-]")


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
