"""Resources that no page draws with, left out of a rendered document.

WeasyPrint lists two Lab colour spaces in every page's resources, drawn with or not, which a
PDF/X-1a preflight refuses ("device-independent colour"), and gives all the pages of a
document one resource dictionary, so that a strict preflight reports every font and graphics
state a page does not use. Each rendered document is pruned once, in the worker that renders
it (``pruned``): a part kept in the cache is kept pruned, so that assembling and finishing a
booklet after an edit reads no page's drawing again.
"""

from __future__ import annotations

import io
import re

import pikepdf

from .pdfcolour import inherited

# The resources a content stream names; a colour space resource named /DefaultRGB, /DefaultCMYK
# or /DefaultGray is used without being named.
RESOURCE_CATEGORIES = ("/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/XObject", "/Font", "/Properties")
_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]*)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def pruned(data: bytes) -> bytes:
    """A rendered PDF with only the resources its pages draw with; the same bytes when it
    has nothing to leave out. About 10 ms for an 8-page part of a programme."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if not drop_unused_resources(pdf):
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def drop_unused_resources(pdf: pikepdf.Pdf) -> bool:
    """Leave in each page's resources (and its forms', tiling patterns' and Type 3 fonts')
    only what its content names. A page whose resources lose anything gets a dictionary of its
    own; what is drawn does not change. Returns whether anything was left out."""
    pruning = _Pruning()
    for page in pdf.pages:
        resources = inherited(page.obj, "/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            kept = _used_resources(resources, _content_bytes(page.obj.get("/Contents")), pruning)
            if kept is not resources:
                page.obj.Resources = pdf.make_indirect(kept)  # as WeasyPrint's: assembly copies it
                pruning.changed = True
    return pruning.changed


class _Pruning:
    """What one pruning of a document has done: the names each indirect resource looked at
    takes from the resources that name it (each is looked at once), and whether anything was
    left out."""

    def __init__(self) -> None:
        self.seen: dict[tuple[int, int], set[str]] = {}
        self.changed = False


def _used_resources(resources: pikepdf.Dictionary, content: bytes, pruning: _Pruning) -> pikepdf.Dictionary:
    """``resources`` with only what ``content`` names (a copy, if that is less), its forms,
    patterns and Type 3 fonts pruned in turn (each once); what a form without resources of its
    own names is looked up in ``resources``, so it counts as named here."""
    names = _names(content)
    groups = {category: group for category, group in resources.items() if category in RESOURCE_CATEGORIES}
    for category in ("/XObject", "/Pattern", "/Font", "/ExtGState"):
        group = groups.get(category)
        if isinstance(group, pikepdf.Dictionary):
            for name in group.keys():
                if name in names:
                    names |= _prune_inside(group[name], pruning)
    changed: dict[str, pikepdf.Dictionary | None] = {}
    for category, group in groups.items():
        if not isinstance(group, pikepdf.Dictionary):
            continue
        unused = [name for name in group.keys() if not _needed(category, name, names)]
        if unused:
            used = {name: group[name] for name in group.keys() if name not in unused}
            changed[category] = pikepdf.Dictionary(used) if used else None
    if not changed:
        return resources
    kept = pikepdf.Dictionary()
    for category, group in resources.items():
        group = changed.get(category, group)
        if group is not None:
            kept[category] = group
    return kept


def _prune_inside(child, pruning: _Pruning) -> set[str]:
    """Prune what a named resource draws with: a form, a tiling pattern, a Type 3 font, a
    graphics state's soft mask. Returns the names it takes from the resources that name it
    (when it has no resources of its own)."""
    if not isinstance(child, pikepdf.Dictionary | pikepdf.Stream):
        return set()
    key = child.objgen if child.is_indirect else None
    if key in pruning.seen:
        return pruning.seen[key]
    if key is not None:
        pruning.seen[key] = set()  # a form that draws itself is pruned once
    drawn = child.SMask.get("/G") if isinstance(child.get("/SMask"), pikepdf.Dictionary) else child
    content = _drawing(drawn)
    if content is None:
        return set()
    own = drawn.get("/Resources")
    if not isinstance(own, pikepdf.Dictionary):
        taken = _names(content)
        if key is not None:
            pruning.seen[key] = taken
        return taken
    kept = _used_resources(own, content, pruning)
    if kept is not own:
        drawn.Resources = kept
        pruning.changed = True
    return set()


def _drawing(child) -> bytes | None:
    """What a form, a tiling pattern or a Type 3 font's glyphs draw; None for other resources."""
    if child is None:
        return None
    if isinstance(child, pikepdf.Stream) and (child.get("/Subtype") == "/Form" or child.get("/PatternType") == 1):
        return child.read_bytes()
    if isinstance(child, pikepdf.Dictionary) and child.get("/Subtype") == "/Type3":
        procs = child.get("/CharProcs")
        glyphs = procs.values() if isinstance(procs, pikepdf.Dictionary) else []
        return b" ".join(glyph.read_bytes() for glyph in glyphs if isinstance(glyph, pikepdf.Stream))
    return None


def _needed(category: str, name: str, names: set[str]) -> bool:
    """Whether a resource stays: named in the content, or a default colour space."""
    if name in names or not name.isascii():  # a name spelt otherwise in the content: kept, to be safe
        return True
    return category == "/ColorSpace" and name in ("/DefaultRGB", "/DefaultCMYK", "/DefaultGray")


def _names(content: bytes) -> set[str]:
    """Every name in a content stream (and, harmlessly, what looks like one inside its strings)."""
    found = set()
    for raw in set(_NAME.findall(content)):
        if b"#" in raw:
            raw = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw)
        found.add("/" + raw.decode("latin-1"))
    return found


def _content_bytes(contents) -> bytes:
    """A page's content, its streams joined as PDF reads them (at token boundaries)."""
    if isinstance(contents, pikepdf.Stream):
        return contents.read_bytes()
    if isinstance(contents, pikepdf.Array):
        return b" ".join(part.read_bytes() for part in contents if isinstance(part, pikepdf.Stream))
    return b""
