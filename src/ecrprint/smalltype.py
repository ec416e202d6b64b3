"""Type and lines as they print: the size and colour of every run of text on a page (forms
included), and the width of every stroked line; and what a print shop says of them: no type
under 5 pt, one solid ink under 6 pt, white type on colour at least 8 pt, no line under 0.25 pt."""

from __future__ import annotations

import math
from typing import Any

# Small type: below MIN_TEXT_PT nothing; below SOLID_TEXT_PT only one ink at 100 % (a tint is
# screened into dots, two inks misregister); type knocked out to paper white at least
# REVERSED_TEXT_PT (ink spreads into its strokes).
MIN_TEXT_PT = 5.0
SOLID_TEXT_PT = 6.0
REVERSED_TEXT_PT = 8.0
TEXT_TOLERANCE_PT = 0.05  # WeasyPrint sets 8 pt as 7.9995 pt: below the limit less than this is at it
# A thinner stroke (a collapsed table border of 0.05 mm, an SVG line) breaks up on the plate or
# vanishes: print shops' preflights flag lines under 0.25 pt.
MIN_LINE_PT = 0.25
LINE_TOLERANCE_PT = 0.005
STROKES = frozenset({"S", "s", "B", "B*", "b", "b*"})

MAX_FORM_DEPTH = 32  # forms inside forms followed at most this deep (a loop of forms ends)


def small_text_problem(size: float, fill: tuple[float, ...] | None) -> str | None:
    """What is wrong with text of this size (points, as printed) in this fill (CMYK), if anything."""
    if size < MIN_TEXT_PT - TEXT_TOLERANCE_PT:
        return f"text below {MIN_TEXT_PT:g} pt"
    if fill is None:
        return None  # not CMYK: the colour check reports it
    if not any(fill):
        return f"white text below {REVERSED_TEXT_PT:g} pt" if size < REVERSED_TEXT_PT - TEXT_TOLERANCE_PT else None
    solid = sorted(fill) == [0, 0, 0, 1]
    if size < SOLID_TEXT_PT - TEXT_TOLERANCE_PT and not solid:
        return f"text below {SOLID_TEXT_PT:g} pt not in one solid ink"
    return None


def _times(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """The product of two PDF matrices [a b c d e f]: a, then b."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


MAX_FORMS_DRAWN = 5000  # forms followed on one page: a form drawn twice by each of a chain doubles


def text_runs(content: Any, resources: Any) -> Any:
    """(size in points as printed, CMYK fill or None) for each text-showing operator of a page
    or form, forms included (see printed_marks)."""
    return ((size, fill) for what, size, fill in printed_marks(content, resources) if what == "text")


def line_problem(width: float) -> str | None:
    """What is wrong with a stroked line this wide (points, as printed), if anything."""
    return f"lines below {MIN_LINE_PT:g} pt" if width < MIN_LINE_PT - LINE_TOLERANCE_PT else None


def printed_marks(
    content: Any, resources: Any, ctm=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), depth: int = 0, _seen=None, line_width=1.0
) -> Any:
    """("text", size in points as printed, CMYK fill or None) for each text-showing operator of
    a page or form, and ("line", width in points as printed, None) for each stroke, forms
    included. The size is the font size scaled by the text and current matrices, measured
    along the text's vertical; a line's width is scaled by the current matrix (its mean scale).
    A form that draws itself is not followed into itself, and at most MAX_FORMS_DRAWN forms
    are followed on a page. A form draws its lines as wide as the page left them (1 pt, as
    PDF starts) until it says otherwise."""
    import pikepdf

    seen = _seen if _seen is not None else {"active": set(), "drawn": 0}
    fill: tuple[float, ...] | None = (0.0, 0.0, 0.0, 1.0)  # black, as PDF starts
    font_size, tm = 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list = []
    for instruction in pikepdf.parse_content_stream(content):
        op = str(instruction.operator)
        args = instruction.operands
        if op == "q":
            stack.append((ctm, fill, line_width))
        elif op == "Q" and stack:
            ctm, fill, line_width = stack.pop()
        elif op == "w" and len(args) == 1:
            line_width = float(args[0])
        elif op == "gs" and args:
            states = resources.get("/ExtGState") if resources is not None else None
            state = states.get(args[0]) if isinstance(states, pikepdf.Dictionary) else None
            if isinstance(state, pikepdf.Dictionary) and "/LW" in state:
                line_width = float(state.LW)
        elif op in STROKES:
            yield "line", line_width * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])), None
        elif op == "cm" and len(args) == 6:
            ctm = _times(tuple(float(v) for v in args), ctm)
        elif op == "k" and len(args) == 4:
            fill = tuple(float(v) for v in args)
        elif op == "g" and len(args) == 1:
            fill = (0.0, 0.0, 0.0, 1.0 - float(args[0]))
        elif op in ("rg", "cs"):
            fill = None if op == "rg" or str(args[0]) not in ("/DeviceCMYK", "/DeviceGray") else fill
        elif op in ("sc", "scn"):
            numbers = [float(v) for v in args if not isinstance(v, pikepdf.Name)]
            fill = (
                tuple(numbers)
                if len(numbers) == 4
                else (0.0, 0.0, 0.0, 1.0 - numbers[0])
                if len(numbers) == 1
                else None
            )
        elif op == "BT":
            tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tm" and len(args) == 6:
            tm = tuple(float(v) for v in args)
        elif op == "Tf" and len(args) == 2:
            font_size = float(args[1])
        elif op in ("Tj", "TJ", "'", '"'):
            m = _times(tm, ctm)
            yield "text", abs(font_size) * math.hypot(m[2], m[3]), fill
        elif op == "Do" and args and depth < MAX_FORM_DEPTH:
            group = resources.get("/XObject") if resources is not None else None
            form = group.get(args[0]) if isinstance(group, pikepdf.Dictionary) else None
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                key = form.objgen if form.is_indirect else None
                if key in seen["active"] or seen["drawn"] >= MAX_FORMS_DRAWN:
                    continue
                seen["drawn"] += 1
                if key is not None:
                    seen["active"].add(key)
                matrix = tuple(float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                try:
                    yield from printed_marks(
                        form, form.get("/Resources", resources), _times(matrix, ctm), depth + 1, seen, line_width
                    )
                finally:
                    seen["active"].discard(key)
