"""Render signs (one WeasyPrint document each), fit them to one page, and make their files."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from itertools import accumulate

from . import boardfill, model, news_checks, signs
from .assemble import Slot
from .context import BuildContext, OutputFile
from .errors import BuildError
from .pdfrender import RenderJob, RenderResult
from .render import QrRegistry, render_document, render_template
from .signs import Sheet


def _sheet_html(ctx: BuildContext, sheet: Sheet) -> tuple[str, dict[str, str]]:
    registry = QrRegistry(inline=False, level=ctx.model.congress.qr.error_correction)
    head = ctx.head(f"{ctx.model.congress.edition} – {sheet.kind}", sheet.trim_mm, "part", sheet.kind)
    fragment = render_template(
        ctx.env,
        "shared/sheet.html.j2",
        sheet=sheet,
        **sheet.context,
        congress=head["congress"],
        qr=registry,
        words=ctx.words,
    )
    return render_document(ctx.env, sheet.kind, head, [fragment], "part"), registry.codes


def render_sheets(ctx: BuildContext, sheets: list[Sheet], label: str) -> dict[str, tuple[RenderResult, list[int]]]:
    """Render each sheet as a document of its own; return, per sheet key, its result and its
    pages. Not several sheets to a document, although that renders a third faster: a
    document's pages share its font subsets, so a sign's file would change with its
    neighbours' text (a new letter in one room's title gave three other rooms' door signs new
    checksums), and a sign made on site would never be the build's byte for byte."""
    jobs = []
    for sheet in sheets:
        html, codes = _sheet_html(ctx, sheet)
        # The key names this exact rendering: fitting renders a sign at several levels.
        key = f"{sheet.kind}-{sheet.key}-{hashlib.sha256(html.encode()).hexdigest()[:12]}"
        level = ctx.model.congress.qr.error_correction
        jobs.append(RenderJob(key, html, ctx.layout.allowed_roots, qr_codes=tuple(codes.items()), qr_level=level))
    results = ctx.renderer.run(jobs, label)
    return {s.key: (results[job.key], list(range(results[job.key].pages))) for s, job in zip(sheets, jobs)}


# About how many rows fit a door sign at each fit level from level 3 (42 pt) but the smallest;
# a title longer than 70 characters counts as 1.45 rows, one longer than 160 as 1.75. Fitted
# to the 225 signs of the sample and the benchmark: the guess is right for 173 of them (135
# with the weights before: one row, 1.3 for a title over 90 characters), and each sign it
# misses by a level is rendered once more, in a second round. Rows padded 0.3 em, not 0.42,
# hold about 9 % more: the sample's door signs took 205 renderings with the counts scaled so,
# 230 without.
DOOR_ROWS_PER_LEVEL = (2.06, 2.46, 2.87, 3.43, 4.12, 4.7, 5.26, 6.01, 6.87, 7.9, 9.05, 10.3)
# A day of one session takes a large level (0-2) by its title's length. Of the sample's 22
# such signs, the longest titles at each level were 32, 58 and 80 characters, and the
# shortest at level 3 had 89.
DOOR_ONE_TITLE_CHARS = (32, 58, 86)
# The sessions' size (rem) at the large levels (0-2), as in door-sign.css, and the table's
# width inside the sign's margins (the same in rem on A4 and A3), and the time column's width.
DOOR_LARGE_REM = (6.0, 5.3, 4.7)
DOOR_TABLE_REM = 75.6
DOOR_TIME_EM = 4.9
DOOR_BUSY_TIME_EM = 5.9  # a busy day's times, on one line
# A busy day's session takes a line less (signs.DOOR_BUSY_FROM): it counts as this share of a
# row. Fitted to the 49 busy signs of the sample and a benchmark congress of 300 sessions: right
# for 31 of them, and for all but 10 of the others a level too small (found in a second round).
DOOR_BUSY_ROW = 0.8


# The sessions' size (rem) at every fit level, as in door-sign.css, and about how tall (rem)
# they may be in all: the A4 page's 55.8 rem above its foot margin, less the band and the line
# that says the day continues on the next sign.
DOOR_SESSION_REM = (*DOOR_LARGE_REM, 4.2, 3.9, 3.6, 3.3, 3.0, 2.75, 2.5, 2.27, 2.05, 1.87, 1.7, 1.56, 1.42)
DOOR_SESSIONS_REM = 37.4
DOOR_LETTER_EM = 0.5  # a title's letters and spaces, on average, as wrapping goes


def door_row_rem(session: dict, size: float, busy: bool) -> float:
    """About how tall (rem) a session's row is with the sessions at ``size`` (rem): its
    title's lines at the width its column leaves, its code at their head on a busy day's sign
    and its format's line above them on another's, or its times where they are taller (the
    start at 1.1 em, and the end under it on a quiet day's sign), a last-minute change's line,
    its padding and its rule."""
    letters = len(session["title"]) + (len(session["code"]) + 1 if busy else 0)
    column = DOOR_TABLE_REM / size - (DOOR_BUSY_TIME_EM if busy else DOOR_TIME_EM)
    lines = max(1, -(-letters * DOOR_LETTER_EM // column))
    em = 0.4 + max(1.21, 1.1 * lines) if busy else 0.6 + max(1.92, 0.85 + 1.15 * lines)
    return (em + 1.15 * bool(session.get("change"))) * size + 0.15


def door_shares(sessions: list[dict], parts: int, busy: bool) -> list[list[dict]]:
    """A day's sessions in order on ``parts`` door signs (or one each), shared out by the space
    they take: at the largest size at which they are estimated to fit so shared, the fullest
    sign as little full as it can be (``signs.balanced_by``). Shared out by count, a day of
    short titles and then long ones had its long ones on one sign, which set both at a size
    that left the other half empty."""
    if parts <= 1 or len(sessions) <= parts:
        return signs.balanced(sessions, parts)  # nothing to weigh: one sign, or a session each
    most = DOOR_SESSIONS_REM * 100  # heights in hundredths of a rem: shared out exactly
    heights: list[int] = []
    for size in DOOR_SESSION_REM:
        heights = [round(door_row_rem(s, size, busy) * 100) for s in sessions]
        if max(heights) > most or sum(heights) > parts * most:
            continue  # too tall however they are shared out
        groups = signs.balanced_by(sessions, parts, heights)
        ends = accumulate(map(len, groups))
        if all(sum(heights[end - len(g) : end]) <= most for g, end in zip(groups, ends)):
            return groups
    return signs.balanced_by(sessions, parts, heights)  # as at the smallest size: the rendering tells


def door_floor(sheet: Sheet) -> int:
    """The largest size (lowest level) a door sign may take: of the large levels (0-2), the
    largest at which every word of its titles, about 0.56 em a letter, fits the title's column
    (a word would otherwise break without a hyphen); the fitting then takes the largest that
    keeps the day on one sign. A day of two or three sessions was held at 42 pt (level 3)
    however much of the sign that left empty."""
    sessions = sheet.context["sessions"]
    longest = max((len(w) for s in sessions for w in s["title"].split()), default=0)
    time_em = DOOR_BUSY_TIME_EM if sheet.context.get("busy") else DOOR_TIME_EM
    return next(
        (
            level
            for level, size in enumerate(DOOR_LARGE_REM)
            if longest * 0.56 * size <= DOOR_TABLE_REM - time_em * size
        ),
        len(DOOR_LARGE_REM),
    )


def predicted_fit(sessions: list[dict], busy: bool = False) -> int:
    """A first guess at the fit level a door sign needs, from its rows and long titles, each
    less tall on a busy day's sign."""
    large = len(DOOR_ONE_TITLE_CHARS)
    if not sessions:
        return 0  # "No sessions": every level fits
    if len(sessions) == 1:
        chars = len(sessions[0]["title"])
        return next((level for level, most in enumerate(DOOR_ONE_TITLE_CHARS) if chars <= most), large)
    rows = sum(1 + 0.45 * (len(x["title"]) > 70) + 0.3 * (len(x["title"]) > 160) for x in sessions)
    rows *= DOOR_BUSY_ROW if busy else 1
    return large + next(
        (level for level, most in enumerate(DOOR_ROWS_PER_LEVEL) if rows <= most), len(DOOR_ROWS_PER_LEVEL)
    )


# A sponsor board's session size (rem) at each fit level, from level 13 in two columns, its
# topic's size, and the scale of its supporters' marks and lines (up to six, in one column): as
# in sponsor-board.css. Only a first guess is made from them; the fitting renders, so a layout
# that sets other sizes costs a round or two more, nothing else.
BOARD_SESSION_REM = (3.4, 3.0, 2.6, 2.4, 2.2, 2.0, 1.85, 1.7, 1.56, 1.44, 1.32, 1.2, 1.1, 1.1, 1.0, 0.9, 0.8)
BOARD_TOPIC_REM = (5.0, 4.8, 4.6, 4.5, 4.4, 4.3, 4.2, 4.1, 4.0, 3.9, 3.8, 3.7, 3.6, 3.6, 3.3, 3.0, 2.6)
BOARD_SUPPORTERS_SCALE = (1, 1, 1, 0.97, 0.94, 0.91, 0.88, 0.85, 0.82, 0.79, 0.76, 0.73, 0.7, 0.68, 0.64, 0.6, 0.56)
BOARD_COLUMNS_FROM = 13


def predicted_board_fit(sheet: Sheet) -> int:
    """A first guess at a sponsor board's fit level: the first whose estimated height, in rem,
    fits the 82 rem of an A2 page. Fitted to 47 boards, it was at most one level off for them;
    a stress review found boards two levels off (a round or two more)."""
    c = sheet.context
    titles = [len(s["code"]) + 1 + len(s["title"]) for g in c["groups"] for s in g["sessions"]]
    headings = sum(1 for g in c["groups"] if g["title"])
    for level, size in enumerate(BOARD_SESSION_REM[: sheet.levels]):
        columns = 2 if level >= BOARD_COLUMNS_FROM else 1
        width = 54.7 if columns == 1 else 26.1  # rem: the board's measure, or a column's
        per_line = width / (size * 0.42)  # characters, at about 0.42 em each
        padding = 0.7 if columns == 2 else 1.0
        sessions = sum(size * (1.2 * (1 + -(-n // per_line)) + padding) for n in titles) + headings * size * 2
        topic = BOARD_TOPIC_REM[level]
        band = 14 + topic * 1.02 * -(-len(c["topic"]["name"]) * 0.55 * topic // 54.7)
        supporters = _board_supporters_rem(len(c["supporters"]), BOARD_SUPPORTERS_SCALE[level])
        foot = 13 if c["supporters"] or columns == 2 else 17  # without supporters, a larger QR code
        if band + sessions / columns + supporters + foot <= 81.9:
            return level
    return sheet.levels - 1


def _board_supporters_rem(count: int, scale: float) -> float:
    """About how tall (rem) a board's supporters are, their label included: up to six, a row
    each, as tall as its mark at this level's scale; more, in two or three columns of rows
    with smaller marks that do not scale."""
    if not count:
        return 0
    if count <= 6:
        return 4.8 + 6.7 * scale * count
    return 4.8 + 5 * -(-count // (2 if count <= 14 else 3))


# A directional sign's name size (rem) at each fit level, and its arrow's, as in
# directional-sign.css: from level 4 the arrow steps down with the names, to 5 rem (25 mm).
WAY_NAMES_REM = (11.0, 9.6, 8.4, 7.2, 6.0, 5.5, 5.1, 4.7, 4.3, 4.0, 3.7, 3.4, 3.1, 2.85, 2.6, 2.4, 2.2, 2.05, 1.9)
WAY_ARROW_REM = (14.0, 12.2, 10.7, 9.1, 7.6, 7.0, 6.5, 6.0, 5.5, 5.1) + (5.0,) * 9
WAY_WHOLE_NAMES = 4  # below this level each name must fit a line whole


def _way_arrow(level: int) -> float:
    return WAY_ARROW_REM[level]


def _way_width(sheet: Sheet, level: int, row: int) -> float:
    """The width (rem) of a row's names: the sheet's 77.8 rem inside its margins, less the
    arrow and its gap, and for the first row of a sign of three rows or more, the QR code
    beside it (a sign of one or two rows has its QR code in the bottom corner)."""
    width = 77.8 - _way_arrow(level) - 2.4
    return width - 22.8 if row == 0 and not sheet.context["qr_below"] else width


def predicted_way_fit(sheet: Sheet) -> int:
    """A first guess at a directional sign's fit level: the first at which its rows, each at
    least as tall as its arrow, are estimated to fit. Fitted to 45 signs, it was at most one
    level off for all but one (two)."""
    rows = sheet.context["rows"]
    # A sign with its QR code below the rows keeps 13 rem at its foot for it.
    limit = 58 - 13 * sheet.context["qr_below"]
    for level, size in enumerate(WAY_NAMES_REM[: sheet.levels]):
        least = _way_arrow(level) + 1  # the row's least height, for its arrow
        height = 8.4
        for k, row in enumerate(rows):
            width = _way_width(sheet, level, k)
            lines, x = 1, 0.0
            for room in row["rooms"]:  # names are kept whole, about 0.6 em a letter
                w = len(room["name"]) * 0.6 * size
                if x > 0 and x + w > width:
                    lines, x = lines + 1, 0.0
                x += w + 0.75 * size
            noted = row["note"] or row["arrow"] in ("up", "down", "back", "back-left", "back-right")
            height += max(least, 1.4 + lines * size * 1.08 + 2.7 * bool(noted)) + 1.35
        if height <= limit:
            return level
    return sheet.levels - 1


def way_floor(sheet: Sheet) -> int:
    """The largest size (lowest level) at which every word of a directional sign's names, about
    0.56 em a letter, fits its row's width with the 0.75 em gap each name keeps after it (a
    name's box is as wide as the line less that gap): a larger one would break a word without
    a hyphen. At the large levels (0-3) every name must fit whole, so that none is spread over
    lines."""
    names = [[room["name"] for room in row["rooms"]] for row in sheet.context["rows"]]
    words = [max((len(word) for name in row for word in name.split()), default=0) for row in names]
    whole = [max((len(name) for name in row), default=0) for row in names]
    for level, size in enumerate(WAY_NAMES_REM[: sheet.levels]):
        longest = whole if level < WAY_WHOLE_NAMES else words
        if all((longest[k] * 0.56 + 0.75) * size <= _way_width(sheet, level, k) for k in range(len(names))):
            return level
    return sheet.levels - 1


def fit_door_signs(ctx: BuildContext, entries: list[dict]) -> tuple[list[Sheet], dict]:
    """Each room and day gets the largest text (lowest fit level) at which its signs stay one
    page each; a day that does not fit at the smallest legible size is split over several signs
    (1/2, 2/2). Nothing is cut. The first round tries the predicted level and the next larger
    size (the prediction errs on the small side), so most signs need one round. One sign on
    its own (the on-site path) is fitted the same way: its renderings run one after the other,
    so two rounds of two are quicker than one of six."""
    size = signs.door_size(ctx.model)
    sheets = [signs.door_sheet(e, size, 0) for e in entries]
    chosen, rendered = fit_sheets(
        ctx,
        sheets,
        "door signs",
        split=lambda sheet, parts: signs.split_door(
            sheet, parts, size, share=lambda sessions, n: door_shares(sessions, n, sheet.context["busy"])
        ),
        guess=lambda sheet: predicted_fit(sheet.context["sessions"], sheet.context["busy"]),
        floor=door_floor,
        spread=0,
        lean=1,
        refuse=_too_long_alone,
        repeated="the room's name and level",
    )
    # Day by day, the rooms in the content's order (the booklet's): a day's batch file comes
    # off the printer in the order staff walk the building, not by file name.
    return sorted(chosen, key=lambda sheet: sheet.extra["date"]), rendered


def _too_long_alone(group: list[Sheet], pages: list[int]) -> None:
    """Refuse a session that overflows a door sign of its own at the smallest text size:
    no split can help it, and nothing is ever cut."""
    for sheet, count in zip(group, pages):
        if len(sheet.context["sessions"]) == 1 and count > 1:
            s = sheet.context["sessions"][0]
            raise BuildError(
                f"{s['code']} does not fit the door sign of {sheet.context['room']['name']} on "
                f"{sheet.context['date']} even alone, at the smallest text size: shorten its title "
                f"({len(s['title']):,} characters) or its format's name"
            )


def sheet_file(ctx: BuildContext, sheet: Sheet, rendered, subject: str, folds_mm: tuple[float, ...] = ()) -> OutputFile:
    """One sheet's file; ``folds_mm``: where it folds, in mm from its trim's left edge."""
    result, pages = rendered
    slots = [Slot(result.key, i, furniture=False) for i in pages]
    title = f"{ctx.model.congress.edition} – {subject}"
    info = replace(ctx.doc_info(title, subject, sheet.kind), folds_mm=folds_mm)
    data, qr_codes = ctx.finished_pdf(slots, {result.key: result}, info)
    return OutputFile(
        sheet.path, sheet.kind, data, len(pages), sheet.trim_mm, ctx.bleed_mm(sheet.kind), dict(sheet.extra), qr_codes
    )


def build_door_signs(ctx: BuildContext, room: str | None = None, day=None) -> list[OutputFile]:
    entries = signs.door_sheets(ctx.model, ctx.words, room, day)
    if not entries:
        return []
    sheets, rendered = fit_door_signs(ctx, entries)
    files = []
    by_day: dict[str, list[Sheet]] = defaultdict(list)
    for s in sheets:
        subject = f"Door sign {s.extra['room']}, {s.extra['date']}" + (
            f" ({s.extra['sheet']})" if s.context["of"] > 1 else ""
        )
        files.append(sheet_file(ctx, s, rendered[s.key], subject))
        by_day[s.extra["date"]].append(s)
    if room is None:
        checksums = {f.path: f.sha256 for f in files}
        for day_iso, day_sheets in sorted(by_day.items()):
            holds = {s.path: checksums[s.path] for s in day_sheets}
            files.append(day_batch_file(ctx, day_iso, day_sheets, rendered, holds))
    return files


def day_batch_file(ctx: BuildContext, day_iso: str, sheets: list[Sheet], rendered, holds: dict) -> OutputFile:
    """All of one day's door signs in one file, for batch printing. Its manifest entry names
    the signs it holds, with their checksums: a sign made again on site can then tell whether
    the batch still holds the version it replaces."""
    results, slots = {}, []
    for s in sheets:
        result, pages = rendered[s.key]
        results[result.key] = result
        slots.extend(Slot(result.key, i, furniture=False) for i in pages)
    subject = f"Door signs for {day_iso}"
    data, qr_codes = ctx.finished_pdf(
        slots, results, ctx.doc_info(f"{ctx.model.congress.edition} – {subject}", subject, "door-sign-batch")
    )
    return OutputFile(
        f"signs/{day_iso}/door-signs-{day_iso}-all.pdf",
        "door-sign-batch",
        data,
        len(slots),
        sheets[0].trim_mm,
        ctx.bleed_mm("door-sign"),
        {"date": day_iso, "holds": holds},
        qr_codes,
    )


ALL_APART = 10**6  # a split into this many sheets gives each session a sheet of its own


def _bulk(sheet: Sheet) -> int:
    """How much a sheet has to show, roughly: what the largest share of a split is judged by."""
    return len(repr(sheet.context))


def _board_too_long_alone(group: list[Sheet], pages: list[int]) -> None:
    """Refuse a session that overflows a sponsor board of its own at the smallest text size,
    beside the topic's supporters and notes: no split can help it."""
    for sheet, count in zip(group, pages):
        sessions = [x for g in sheet.context["groups"] for x in g["sessions"]]
        if len(sessions) == 1 and count > 1:
            raise BuildError(
                f"{sessions[0]['code']} does not fit a sponsor board of its own for {sheet.extra['topic']} even "
                f"alone, at the smallest text size, beside the topic's supporters and notes: shorten its title "
                f"({len(sessions[0]['title']):,} characters), or the supporters' names and what they provide"
            )


def fit_sheets(
    ctx: BuildContext,
    sheets: list[Sheet],
    label: str,
    split: Callable[[Sheet, int], list[Sheet]] | None = None,
    guess: Callable[[Sheet], int] | None = None,
    hint: str = "",
    floor: Callable[[Sheet], int] | None = None,
    spread: int | None = None,
    lean: int = 0,
    refuse: Callable[[list[Sheet], list[int]], None] | None = None,
    repeated: str = "what each must show",
) -> tuple[list[Sheet], dict]:
    """Render each sheet at the largest text (lowest fit level) at which it stays one page.

    With ``guess``, the first round tries the guessed level and the ones on either side, and
    later rounds go on from what fitted; without, it starts from level 0. Either way the result
    is the lowest level that fits, with the level above it tried and found too large.
    With ``split``, a sheet that does not fit at its smallest size is shared out over more
    sheets (1/2, 2/2 …): ``split(sheet, n)`` gives n sheets, or fewer when it has fewer things
    to share, and ``split(sheet, 0)`` the sheet with nothing shared out. A subject's sheets
    share one fit level. ``hint`` ends the message for a sheet that fits no way at all, and
    ``floor`` gives the lowest level a sheet may take (larger sizes count as too large).
    ``spread`` levels are tried on either side of a guess, and per step after it (one with a
    guess, by default), and ``lean`` more on the larger side in the first round. ``refuse``
    sees a subject's sheets and their pages when none fits at the smallest size, before they
    are shared out further, and raises a BuildError if sharing out cannot help; it also sees,
    as soon as a subject is first shared out, its largest session alone on a sheet at the
    smallest size, so that a session no sheet can hold is refused at once, not after every
    share has been tried. ``repeated`` names what every sheet of a subject shows, for the
    message when that alone overflows."""
    original = {s.name: s for s in sheets}
    parts = dict.fromkeys(original, 1)
    if spread is None:
        spread = 1 if guess else 0
    # name -> level -> (fits, its sheets, their pages, their results)
    tried: dict[str, dict[int, tuple[bool, list[Sheet], list[int], dict]]] = {name: {} for name in original}

    def group_of(name: str) -> list[Sheet]:
        return split(original[name], parts[name]) if split else [original[name]]

    least = {name: min(floor(s), s.levels - 1) if floor else 0 for name, s in original.items()}

    def first(name: str) -> set[int]:
        start = max([least[name]] + ([guess(s) for s in group_of(name)] if guess else []))
        return set(range(max(start - spread - lean, least[name]), min(start + spread + 1, original[name].levels)))

    todo = {name: first(name) for name in original}
    chosen: dict[str, list[Sheet]] = {}
    rendered: dict = {}
    probed: set[str] = set()
    while todo:
        batch, owners, bare, alone = [], [], {}, {}
        for name, levels in todo.items():
            for level in sorted(levels):
                group = [replace(s, fit=level) for s in group_of(name)]
                batch.extend(group)
                owners.append((name, level, group))
            if parts[name] > 1 and name not in probed:  # just split: can any number of sheets hold it?
                probed.add(name)
                smallest = original[name].levels - 1
                bare[name] = replace(split(original[name], 0)[0], name=f"{name}-bare", fit=smallest)
                batch.append(bare[name])
                if refuse is not None:  # and can a sheet hold its largest session alone?
                    ones = split(original[name], ALL_APART)
                    alone[name] = replace(max(ones, key=_bulk), name=f"{name}-alone", fit=smallest)
                    batch.append(alone[name])
        results = render_sheets(ctx, batch, label)
        for name, sheet in bare.items():
            if len(results[sheet.key][1]) > 1:
                raise BuildError(
                    f"{original[name].path}: even with none of its sessions it does not fit on one page at the "
                    f"smallest text size, so more sheets cannot help: {repeated}, which every one of them "
                    "shows, fill more than a page"
                )
        for sheet in alone.values():
            refuse([sheet], [len(results[sheet.key][1])])
        for name, level, group in owners:
            pages = [len(results[s.key][1]) for s in group]
            tried[name][level] = (max(pages) == 1, group, pages, {s.key: results[s.key] for s in group})
        retry = {}
        for name in todo:
            here, levels = tried[name], original[name].levels
            fitting = sorted(level for level, (fits, *_rest) in here.items() if fits)
            if fitting:
                lowest = fitting[0]
                if lowest == least[name] or lowest - 1 in here:  # the next larger size was tried, and ran over
                    _fits, group, _pages, group_results = here[lowest]
                    chosen[name] = group
                    rendered.update(group_results)
                else:
                    retry[name] = set(range(max(lowest - 1 - spread, least[name]), lowest))
            elif max(here) + 1 < levels:
                retry[name] = set(range(max(here) + 1, min(max(here) + 2 + spread, levels)))
            else:
                _fits, group, pages, _results = here[max(here)]
                if refuse is not None:
                    refuse(group, pages)
                if not split or len(split(original[name], parts[name] + 1)) <= parts[name]:
                    why = f", even as {parts[name]} sheets" if parts[name] > 1 else ""
                    raise BuildError(
                        f"{original[name].path}: its content does not fit on one page{why} at the smallest "
                        f"text size{hint}"
                    )
                # One sheet that filled n pages at the smallest size needs at least n; several
                # that each ran over a little need one more, not as many as their pages.
                wanted = sum(pages) if parts[name] == 1 else parts[name] + 1
                parts[name] = len(split(original[name], max(parts[name] + 1, wanted)))
                tried[name] = {}
                retry[name] = first(name)
        todo = retry
    return [s for first_sheet in sheets for s in chosen[first_sheet.name]], rendered


def build_simple(
    ctx: BuildContext,
    sheets: list[Sheet],
    label: str,
    subject_key: str,
    subject: str,
    split=None,
    guess=None,
    hint: str = "",
    floor=None,
    repeated: str = "what each must show",
    refuse=None,
    then=None,
    spread: int | None = None,
    lean: int = 0,
) -> list[OutputFile]:
    """Fit the sheets (``fit_sheets``), then, if given, ``then(sheets, rendered)`` gives them
    their final renderings, and make their files."""
    if not sheets:
        return []
    sheets, rendered = fit_sheets(
        ctx, sheets, label, split, guess, hint, floor, spread, lean, refuse=refuse, repeated=repeated
    )
    if then is not None:
        sheets, rendered = then(sheets, rendered)
    files = []
    for s in sheets:
        of = f" ({s.extra['sheet']})" if s.context.get("of", 1) > 1 else ""
        files.append(sheet_file(ctx, s, rendered[s.key], f"{subject} {s.extra.get(subject_key, '')}{of}".strip()))
    return files


def spend_leftover(ctx: BuildContext, sheets: list[Sheet], rendered: dict, label: str) -> tuple[list[Sheet], dict]:
    """Fitted boards with the height their fit level leaves spent (``boardfill.grow``): one
    rendering more each. A topic's boards set their sessions alike, at the largest size all of
    them can take; one that would run over as grown stays as it was, and so do its topic's."""
    anchors = {s.name: rendered[s.key][0].anchors[0] for s in sheets}
    sizes: dict[str, float] = {}
    for s in sheets:
        topic = s.extra["topic"]
        sizes[topic] = min(sizes.get(topic, boardfill.MOST), boardfill.grow(anchors[s.name], s.key)[0])
    grown = []
    for s in sheets:
        fill, air = boardfill.grow(anchors[s.name], s.key, most=sizes[s.extra["topic"]])
        if (fill, air) != (1, 0):
            grown.append(replace(s, fill=fill, air=air))
    if not grown:
        return sheets, rendered
    results = render_sheets(ctx, grown, label)
    over = {s.extra["topic"] for s in grown if len(results[s.key][1]) > 1}
    kept = {s.name: s for s in grown if s.extra["topic"] not in over}
    out = [kept.get(s.name, s) for s in sheets]
    return out, {**rendered, **{s.key: results[s.key] for s in kept.values()}}


def build_sponsor_boards(ctx: BuildContext, topic: str | None = None) -> list[OutputFile]:
    """Every topic's sponsor board, or only ``topic``'s (on site): both are fitted alike."""
    sheets = [
        s
        for s in signs.sponsor_sheets(ctx.model, ctx.logo_urls_for("sponsor-board"), ctx.words)
        if topic is None or s.name == f"board-{topic}"
    ]
    label = "sponsor boards" if topic is None else "sponsor board"
    return build_simple(
        ctx,
        sheets,
        label,
        "topic",
        "Sponsor board",
        split=signs.split_board,
        guess=predicted_board_fit,
        repeated="its supporters and notes",
        refuse=_board_too_long_alone,
        then=lambda fitted, rendered: spend_leftover(ctx, fitted, rendered, label),
        # The guess and the next larger size first, as for door signs: the rendering that spends
        # the leftover costs about what the guess's smaller neighbour did.
        spread=0,
        lean=1,
    )


def build_directional_signs(ctx: BuildContext, place: str | None = None) -> list[OutputFile]:
    """Every directional sign, or only the one at ``place`` (on site)."""
    sheets = [s for s in signs.directional_sheets(ctx.model) if place is None or s.name == f"direction-{place}"]
    label = "directional signs" if place is None else "directional sign"
    hint = (
        ": an A3 sign holds about six rows of directions (each as tall as its arrow); share this "
        "place's directions between two signposts (signposts in the content)"
    )
    return build_simple(
        ctx, sheets, label, "location", "Directional sign", guess=predicted_way_fit, hint=hint, floor=way_floor
    )


def build_notice(ctx: BuildContext, notice: model.Notice) -> OutputFile:
    if notice.is_news:
        return build_news(ctx, notice)
    sheet = signs.notice_sheet(ctx.model, ctx.words, notice)
    return build_simple(ctx, [sheet], "notice", "session", "Notice")[0]


def build_news(ctx: BuildContext, notice: model.Notice) -> OutputFile:
    """A notice of news of its own, its title and text as large as keep it one page."""
    sheet = signs.news_sheet(ctx.model, ctx.words, notice)
    hint = (
        f": say less in its text (at most {news_checks.MAX_NEWS_TEXT} characters in {news_checks.MAX_NEWS_LINES} "
        "lines), or give a link for the rest"
    )
    return build_simple(
        ctx, [sheet], "notice", "title", "Notice", guess=signs.predicted_news_fit, floor=signs.news_floor, hint=hint
    )[0]
