"""How much larger a fitted sponsor board's sessions can be set to fill its page.

A board is set at the largest fit level at which it stays one page, and the levels step about
8 % apart, so the height the level leaves under its sessions (0-9 % of the board, more where
the next larger level is laid out otherwise: in one column instead of two, or none at all) is
spent by setting them a little larger. The rendering at the fit level says where every heading,
session and word of the sessions was set (the template gives each an id); from that, the lines
each would take at a larger size are worked out as the browser breaks them (at the spaces
between words, each word as wide as before times the size), and so the height of the sessions.
The largest size whose height fits is the fill: rendered once more, it is kept if it stays one
page. Nothing of the layout's sizes is known here, only where things were set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px, as the renderer's anchors

# The sessions grow at most this much: past the next larger level's size (8-15 % larger) where
# the rest of the board was what ran over there, and for the largest level and the first in two
# columns, which have no larger level of their own kind; words stay whole on their lines.
MOST = 1.3
LEAST_PX = 19  # about 5 mm: less is not worth a rendering
SPARE = 0.99  # of the height left: a pixel's rounding here and there
STEP = 0.002  # the fills tried, from the most down


@dataclass
class Item:
    """A heading or a session, as set: its column, its height, and its runs of words, each
    starting a line of its own (a session's day, time and room, then its code and title)."""

    column: str
    height: float
    width: float = 0.0  # the measure its lines are broken at
    spaced: bool = True  # air goes above it: not above a heading's first session
    runs: list[list[Box]] = field(default_factory=lambda: [[]])

    def lines(self, scale: float) -> int:
        """How many lines its runs take with every word ``scale`` times as wide."""
        return sum(_lines(run, self.width, scale, self.space) for run in self.runs if run)

    @cached_property
    def space(self) -> float:
        """The width of a space: the narrowest gap between two of its words on a line (a wider
        one holds a margin too, as after a session's day and time); 0 if none shows one."""
        return min((gap for run in self.runs for k in range(len(run) - 1) if (gap := _gap(run, k)) > 0), default=0.0)

    @cached_property
    def line_height(self) -> float:
        """The height of a line: a word's box is its line's (the sessions' line height is normal)."""
        heights = sorted(b[3] - b[1] for run in self.runs for b in run)
        return heights[len(heights) // 2] if heights else 0.0

    @cached_property
    def lines_as_set(self) -> int:
        """Its lines as worked out for the size it was set at: more than it shows where the
        browser broke a line inside a piece (after a slash, say), so only differences count."""
        return self.lines(1.0)

    def height_at(self, scale: float) -> float:
        """Its height at ``scale``: everything in em grows with it, and it gains or loses lines."""
        return scale * (self.height + (self.lines(scale) - self.lines_as_set) * self.line_height)


def _lines(run: list[Box], width: float, scale: float, space: float) -> int:
    """The lines a run of words takes at ``width``, with the words and what follows them
    ``scale`` times as wide as set: a word goes to the next line when it would reach past the
    line's end with its margin (what follows it, less a space, which may hang there)."""
    lines, x = 1, 0.0
    for k, box in enumerate(run):
        after = _after(run, k)
        word = (box[2] - box[0] + max(after - space, 0.0)) * scale
        if x > 0 and x + word > width - 0.5:  # half a pixel to spare: never fewer lines than set
            lines, x = lines + 1, 0.0
        x += (box[2] - box[0] + after) * scale
    return lines


def _gap(run: list[Box], k: int) -> float:
    """What is set between a word and the next, when that is on the same line (-1 if not)."""
    return run[k + 1][0] - run[k][2] if run[k + 1][0] >= run[k][2] else -1.0


def _after(run: list[Box], k: int) -> float:
    """What is set after a word: up to the next word on its line; nothing after the run's last;
    at the end of another line (which shows none), the widest gap in the run."""
    if k + 1 == len(run):
        return 0.0
    if _gap(run, k) >= 0:
        return _gap(run, k)
    return max(_gap(run, j) for j in range(len(run) - 1))


ITEM = re.compile(r"-(\d+)-(\d+)(-\d+)?(-what|\.\w+)?$")


def board_items(anchors: dict[str, Box], key: str) -> list[Item]:
    """The headings and sessions of a rendered board (its first page), from their ids."""
    items: dict[str, Item] = {}
    for ident, box in anchors.items():
        match = ITEM.match(ident, len(key)) if ident.startswith(key) else None
        if not match:
            continue
        column, _group, session, part = match.groups()
        name = ident[: match.start(4)] if part else ident
        if part is None:
            heading = name.rsplit("-", 1)[0] if session else None
            spaced = not (session == "-1" and heading in items)
            items[name] = Item(column, box[3] - box[1], width=box[2] - box[0], spaced=spaced)
        elif part == "-what":  # a session's code and title start a line, at the title's measure
            items[name].width = box[2] - box[0]
            items[name].runs.append([])
        else:
            items[name].runs[-1].append(box)
    return list(items.values())


def column_heights(items: list[Item], scale: float) -> dict[str, float]:
    """The height of each column of sessions at ``scale``."""
    columns: dict[str, float] = {}
    for item in items:
        columns[item.column] = columns.get(item.column, 0.0) + item.height_at(scale)
    return columns


def grow(anchors: dict[str, Box], key: str, most: float = MOST) -> tuple[float, float]:
    """How a rendered board spends the height left under its sessions: the largest scale up to
    ``most`` at which they fit it, every word whole on its line, and the air (px) that shares
    out what is still left evenly, above each heading and session (but a heading's first) and
    under the last. (1, 0) when that is not worth a rendering, or when the board's layout does
    not mark its parts (a project's own)."""
    main, rest = anchors.get(f"{key}-main"), anchors.get(f"{key}-rest")
    items = board_items(anchors, key)
    if not (main and rest and items):
        return 1.0, 0.0
    now = max(column_heights(items, 1.0).values())
    room = now + (main[3] - rest[1]) * SPARE  # the height the sessions may take
    scale = min([most] + [item.width / w for item, w in _widest(items) if w > 0])
    while scale > 1 and max(column_heights(items, scale).values()) > room:
        scale = round(scale - STEP, 3)
    scale = max(scale, 1.0)
    heights = column_heights(items, scale)
    slots = {column: 1 + sum(item.spaced for item in items if item.column == column) for column in heights}
    air = max(0.0, min((room - heights[c]) / slots[c] for c in heights))
    spent = max(heights.values()) - now + air * (max(slots.values()) - 1)
    return (round(scale, 3), round(air, 1)) if spent >= LEAST_PX else (1.0, 0.0)


def _widest(items: list[Item]) -> list[tuple[Item, float]]:
    """Each item with its widest word that fits its measure (one set wider, a pasted address,
    breaks at any size)."""
    out = []
    for item in items:
        widths = [b[2] - b[0] for run in item.runs for b in run if b[2] - b[0] <= item.width]
        out.append((item, max(widths, default=0.0)))
    return out
