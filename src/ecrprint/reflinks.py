"""Links on references that a part prints as one run of generated text: the speaker index's
entries, each a paragraph whose ``::after`` writes its ``data-refs`` ("RC 1101 · 22, SA 1 ·
26"), with ``data-ref-targets`` naming each reference's anchor, in order. Laying the references
out as one run keeps the index fast; this finds, in the laid-out lines, where each reference
was set, for the copy for the screen to link it. Runs in the worker that renders the part."""

from __future__ import annotations

TARGETS = "data-ref-targets"
REFS = "data-refs"
SEPARATOR = ", "  # between references; a code's own spaces are no-break spaces

Link = tuple[str, str, tuple[float, float, float, float]]  # as WeasyPrint gives a page's links


class _Entry:
    """One paragraph's references: each one's span in its text, and how far its lines reached."""

    def __init__(self, element):
        text, targets = element.get(REFS) or "", (element.get(TARGETS) or "").split()
        pieces = text.split(SEPARATOR)
        self.text, self.cursor, self.spans = text, 0, []
        if len(pieces) != len(targets):  # not what the template writes: no links, rather than wrong ones
            return
        start = 0
        for piece, target in zip(pieces, targets):
            self.spans.append((start, start + len(piece), target))
            start += len(piece) + len(SEPARATOR)

    def place(self, line_text: str, hyphen: str) -> int | None:
        """Where a line's text starts in the paragraph's text (its lines come in order), or None
        when it is not there as expected (then the paragraph gets no more links)."""
        start = self.cursor
        while self.text.startswith(" ", start):  # a space a line break took away
            start += 1
        for text in (line_text, line_text.removesuffix(hyphen)):
            if text and self.text.startswith(text, start):
                self.cursor = start + len(text)
                return start
        self.spans = []
        return None


def reference_links(page_boxes) -> list[list[Link]]:
    """Per page, an internal link for each part of a reference that a line sets, over its text."""
    entries: dict[int, _Entry] = {}
    out = []
    for page_box in page_boxes:
        links: list[Link] = []
        for box in _generated_text(page_box):
            entry = entries.get(id(box.element))
            if entry is None:
                entry = entries[id(box.element)] = _Entry(box.element)
            if entry.spans:
                links += _line_links(box, entry)
        out.append(links)
    return out


def _generated_text(box):
    """The text boxes of the references' generated text, in the order they are laid out."""
    from weasyprint.formatting_structure.boxes import TextBox

    stack = [box]
    while stack:
        box = stack.pop()
        if not isinstance(box, TextBox):
            stack.extend(reversed(list(box.all_children())))
        elif box.element_tag.endswith("::after") and box.element is not None and box.element.get(TARGETS):
            yield box


def _line_links(box, entry: _Entry) -> list[Link]:
    start = entry.place(box.text, box.style["hyphenate_character"])
    if start is None:
        return []
    end = start + len(box.text)
    cuts = []  # (start, end, target) within the line's text
    for first, last, target in entry.spans:
        if first < end and last > start:
            cuts.append((max(first, start) - start, min(last, end) - start, target))
    if not cuts:
        return []
    # Where each cut begins and ends on the line: only cuts inside it need the glyphs measured.
    inner = {i for first, last, _ in cuts for i in (first, last) if 0 < i < len(box.text)}
    x = _x_at(box, inner) if inner else {}
    x[0], x[len(box.text)] = 0.0, box.width
    top, bottom = box.position_y, box.position_y + box.height
    return [
        ("internal", target, (box.position_x + x[first], top, box.position_x + x[last], bottom))
        for first, last, target in cuts
    ]


def _x_at(box, indices: set[int]) -> dict[int, float]:
    """How far from the line's start each character index of its text is set, in CSS px, from
    the glyphs Pango placed (its layout made again, as drawing makes it)."""
    from weasyprint.text.ffi import FROM_UNITS, ffi

    text = box.text
    wanted = sorted((len(text[:i].encode()), i) for i in indices)  # by byte offset, as Pango counts
    found: dict[int, float] = {}
    layout = box.pango_layout
    layout.reactivate(box.style)
    try:
        line, _ = layout.get_first_line()
        x, run, next_wanted, count = 0, line.runs, 0, len(wanted)
        while run != ffi.NULL and next_wanted < count:
            glyphs, offset = run.data.glyphs, run.data.item.offset
            clusters, infos = glyphs.log_clusters, glyphs.glyphs
            for g in range(glyphs.num_glyphs):
                byte = offset + clusters[g]
                while next_wanted < count and wanted[next_wanted][0] <= byte:
                    found[wanted[next_wanted][1]] = x * FROM_UNITS
                    next_wanted += 1
                if next_wanted == count:
                    break
                x += infos[g].geometry.width
            run = run.next
    finally:
        layout.deactivate()
    for _byte, index in wanted[next_wanted:]:  # past the last glyph (not expected): the line's end
        found[index] = box.width
    return found
