"""Checks across a loaded project's sections: references, times, rooms, addresses and files."""

from __future__ import annotations

import difflib
import heapq
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from . import intents, model, signs
from .as_printed import room_names, said_span, said_time
from .errors import Problem, counted
from .kinds import KINDS
from .people import bookings, check_people, item_mark, unknown_group_names
from .references import unknown_references
from .schema import is_http_url
from .urls import as_uri, format_url, local_address, room_day_url, session_url, slug, topic_url
from .views import index_name, written_name
from .yamlsource import LocMap, Mark

if TYPE_CHECKING:
    from .content import Origins

MINUTES_A_DAY = 24 * 60
PART_SUFFIX = re.compile(r"-\d+of\d+$")
# What print.products.KIND.size would change but cannot: only door signs have a choice of size.
FIXED_SIZES = {
    "booklet": "the booklet is always A5",
    "sponsor-board": "sponsor boards are always A2",
    "directional-sign": "directional signs are always A3",
    "notice": "notices are always A4",
}
URL_FIELDS = {
    "format": {"base_url", "id"},
    "topic": {"base_url", "id"},
    "session": {"base_url", "slug", "code"},
    "room_day": {"base_url", "room", "date"},
}


def print_settings(po: model.PrintProfile) -> list[tuple[str, model.PrintProfile | model.ProductPrint]]:
    """The project's print settings and each product's own, with where they are set."""
    return [("print", po)] + [(f"print.products.{kind}", pp) for kind, pp in po.products.items()]


def advise(
    proj: model.Project,
    origins: Origins,
    first_file: str,
    ink: intents.LayoutInk | None = None,
    congress_read: bool = True,
) -> list[Problem]:
    """What is allowed but probably a mistake: located, reported, and not stopping a build.
    ``ink`` is the layout's heaviest colour, to hold against the ink limits the content sets;
    without ``congress_read``, the congress is a stand-in, whose addresses nobody wrote."""
    out = []
    if not proj.sessions:
        out.append(Problem(first_file, 1, 1, "sessions", "no sessions at all: the booklet has no programme"))
    for kind, pp in proj.print.products.items():
        if kind in KINDS and (mismatch := intents.paper_mismatch(pp.paper, intents.setting(proj, kind))):
            m = origins.mark(pp, "paper")
            out.append(Problem(m.path, m.line, m.col, f"print.products.{kind}.paper", mismatch))
    for where, owner in print_settings(proj.print):
        # A limit out of range is an error already (cross_check), not also a warning.
        if ink is not None and owner.ink_limit is not None and ink.percent > owner.ink_limit >= intents.INK_LIMITS[0]:
            m = origins.mark(owner, "ink_limit")
            message = (
                f"the layout's colours take up to {ink.percent:g} % ink ({ink.colour} in {ink.where}), more than "
                f"{owner.ink_limit:g} %: the preflight will fail; make that colour lighter, or ask the print shop"
            )
            out.append(Problem(m.path, m.line, m.col, f"{where}.ink_limit", message))
    if congress_read:
        out.extend(_unreachable_addresses(proj, origins))
    out.extend(check_people(proj, origins))
    out.extend(reschedule_overlaps(proj, origins))
    busy = {s.day for s in proj.sessions}
    for d in proj.days:
        if d.date not in busy:
            m = origins.mark(d, "date")
            message = "no sessions on this day: the booklet leaves it out and its door signs say the rooms are free"
            out.append(Problem(m.path, m.line, m.col, f"days[{d.date}]", message))
    return sorted(out)


# Why an address to this machine, a private network or an example domain is a warning.
LOCAL_ADDRESS = "is a local or example address that no visitor's phone can open, and QR codes would lead there"


def _unreachable_addresses(proj: model.Project, origins: Origins) -> list[Problem]:
    """QR codes that would lead to this machine, a private network or an example domain
    (example.org, localhost), which no visitor's phone can open: an import that found no web
    address writes such a placeholder, and printing it would waste every code. Said where the
    address is written: the congress's base URL, a URL template, or the first of a section's
    own addresses (with how many more there are)."""
    c = proj.congress
    out: list[Problem] = []
    if id(c) not in origins.maps:  # the congress section has problems: a stand-in is checked instead
        return out
    why = LOCAL_ADDRESS

    def say(obj, key: str, field: str, message: str) -> None:
        m = origins.mark(obj, key)
        out.append(Problem(m.path, m.line, m.col, field, message))

    if local_address(c.base_url):
        say(
            c, "base_url", "congress.base_url", f"{c.base_url} {why}: set the congress's public address before printing"
        )
    example = {"base_url": c.base_url, "id": "x", "slug": "x", "code": "x", "room": "x", "date": "x"}
    for name in URL_FIELDS:
        template = getattr(c.urls, name)
        if "{base_url}" not in template and local_address(template.format(**example)):
            say(c, "urls", f"congress.urls.{name}", f"{template} {why}: give the public address before printing")
    for section, one, items, label in (
        ("formats", "format", proj.formats, lambda f: f.id),
        ("topics", "topic", proj.topics, lambda t: t.id),
        ("sessions", "session", proj.sessions, lambda s: s.code),
    ):
        local = [item for item in items if item.url and local_address(item.url)]
        if local:
            others, first = len(local) - 1, local[0]
            more = ""
            if others == 1:
                more = f" (so is another {one}'s)"
            elif others:
                more = f" (so are {others} other {one}s')"
            message = f"{first.url} {why}{more}: give the public address, or leave it out to use base_url"
            say(first, "url", f"{section}[{label(first)}].url", message)
    for n in proj.notices:
        if n.link and local_address(n.link):
            where = f"notices[{origins.position(n)}].link"
            say(n, "link", where, f"{n.link} {why}: give the public address, or leave it out for no QR code")
    return out


def cross_check(
    proj: model.Project,
    origins: Origins,
    root: Path,
    present: dict[str, dict[str, Mark]] | None = None,
    references: bool = True,
    congress_read: bool = True,
    empty: dict[str, tuple[Mark | None, str | None]] | None = None,
    unread: dict[str, list[tuple[str, LocMap]]] | None = None,
    dated: bool | None = None,
) -> list[Problem]:
    """Problems that need more than one value: duplicates, references, overlaps, URLs.
    ``references=False`` skips the references to other items (some content was unreadable);
    ``congress_read=False`` skips the congress section's own checks (it could not be read).
    ``present`` holds, by section, the items written (with problems or not) and where;
    ``empty`` the list sections without items, and where to say so (see _where_none);
    ``unread`` the items with a value that could not be read, by section, as written, whose
    references are checked all the same, so that every problem is said at once; ``dated``
    (by default ``congress_read``) whether the congress's start and end could be read, to check
    the days against them, when another of its values could not."""
    dated = congress_read if dated is None else dated
    out: list[Problem] = []

    def add(obj: object, key: str | None, where: str, message: str) -> None:
        m = origins.mark(obj, key)
        out.append(Problem(m.path, m.line, m.col, where, message))

    def unique(items: list, attr: str, section: str, seen: dict | None = None) -> dict:
        seen = {} if seen is None else seen
        for obj in items:
            key = getattr(obj, attr)
            if key in seen:
                first = origins.mark(seen[key], attr)
                add(
                    obj,
                    attr,
                    f"{section}[{key}].{attr}",
                    f"duplicate {attr} '{key}' (first used at {first.path}:{first.line})",
                )
            else:
                seen[key] = obj
        return seen

    present = present or {}
    sections = {
        "room": "rooms",
        "format": "formats",
        "supporter": "supporters",
        "family": "families",
        "workshop or topic": "topics",
        "session": "sessions",
        "day": "days",
    }
    # References to nothing, by what they name: said once each, at the first place, with how
    # many more there are, after all the other checks (see references.unknown_references).
    unknown: dict[tuple[str, str], list[tuple[Mark, str]]] = defaultdict(list)
    tables: dict[str, dict] = {}

    def known(obj, key, where, value, table: dict, what: str) -> None:
        known_at(origins.mark(obj, key), where, value, table, what)

    def known_at(mark: Mark, where, value, table: dict, what: str) -> None:
        if not references:
            return
        if value not in table and str(value) not in present.get(sections.get(what, ""), {}):
            unknown[(what, str(value))].append((mark, where))
            tables[what] = table

    c = proj.congress
    if dated and c.end < c.start:
        add(c, "end", "congress.end", f"ends ({c.end}) before it starts ({c.start})")
    if congress_read:
        before = len(out)
        check_congress(c, add)
        if len(out) == before and c.start <= c.end:
            check_qr_urls(proj, add)
    po = proj.print
    # Print shops ask for 2 to 5 mm; 0 is for a printer that cannot print to the edge anyway.
    for where, owner in print_settings(po):
        if owner.bleed_mm is not None and not 0 <= owner.bleed_mm <= 10:
            add(owner, "bleed_mm", f"{where}.bleed_mm", f"expected 0 to 10 mm, got {owner.bleed_mm:g}")
    if po.saddle_stitch_max_pages < 8 or po.saddle_stitch_max_pages % 4:
        add(
            po,
            "saddle_stitch_max_pages",
            "print.saddle_stitch_max_pages",
            f"expected a multiple of 4, at least 8, got {po.saddle_stitch_max_pages}",
        )
    if po.perfect_min_pages < 4 or po.perfect_min_pages % 2:
        add(
            po,
            "perfect_min_pages",
            "print.perfect_min_pages",
            f"expected an even number, at least 4, got {po.perfect_min_pages}",
        )
    if po.spine_mm is not None and not 0 < po.spine_mm <= 60:
        add(po, "spine_mm", "print.spine_mm", f"expected more than 0 and at most 60 mm, got {po.spine_mm:g}")
    for kind, pp in po.products.items():
        where = f"print.products.{kind}"
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(KINDS)}"
            add(po, "products", where, f"unknown product kind '{kind}'; {hint}")
        elif pp.size is not None and kind in FIXED_SIZES:
            add(
                pp,
                "size",
                f"{where}.size",
                f"{FIXED_SIZES[kind]}: only door signs have a size to choose (A4 or A3); leave it out",
            )
        if pp.quantity is not None and not 1 <= pp.quantity <= 10_000_000:
            add(pp, "quantity", f"{where}.quantity", f"expected 1 to 10,000,000 copies, got {pp.quantity}")
    low, high = intents.INK_LIMITS
    for where, owner in print_settings(po):
        if owner.ink_limit is not None and not low <= owner.ink_limit <= high:
            add(owner, "ink_limit", f"{where}.ink_limit", f"expected {low} to {high} % ink, got {owner.ink_limit:g}")
    for where, owner in print_settings(po):
        value = owner.output_intent
        if value is None or value in intents.NAMES:
            continue
        icc = _inside(root, value)
        where = f"{where}.output_intent"
        if icc is None or not icc.is_file():
            named = ", ".join(f"'{n}'" for n in intents.NAMES[1:])
            add(owner, "output_intent", where, f"ICC profile '{value}' not found inside the project; or use {named}")
        elif not is_cmyk_profile(icc):
            add(owner, "output_intent", where, f"'{value}' is not a CMYK ICC output profile")

    families = unique(proj.families, "id", "families")
    formats = unique(proj.formats, "id", "formats")
    supporters = unique(proj.supporters, "id", "supporters")
    rooms = unique(proj.rooms, "id", "rooms")
    for r in proj.rooms:  # printed on the rooms page and the door signs
        if r.capacity is not None and not 1 <= r.capacity <= 100_000:
            add(r, "capacity", f"rooms[{r.id}].capacity", f"expected 1 to 100,000 seats, got {r.capacity:,}")
    unique(proj.signposts, "id", "signposts")
    days = unique(proj.days, "date", "days")
    codes = unique(proj.sessions, "code", "sessions")
    # A session's address and its place in the booklet's links come from its code's slug:
    # two codes with one slug ("NH 1", "Nh 1", "NH  1") would share both.
    slugs: dict[str, model.Session] = {}
    for code, s in codes.items():
        other = slugs.setdefault(slug(code), s)
        if other is not s:
            first = origins.mark(other, "code")
            add(
                s,
                "code",
                f"sessions[{code}].code",
                f"'{code}' differs from '{other.code}' (at {first.path}:{first.line}) only in case, spaces or "
                f"punctuation; both would be '{slug(code)}' in the booklet's links and in addresses made with "
                "{slug}",
            )
    workshop_targets = unique(proj.topics, "id", "topics")
    for t in proj.topics:
        unique(t.workshops, "id", f"topics[{t.id}].workshops", workshop_targets)
    # A room's or topic's signs split over several sheets are named <id>-1of2 …: an id of that
    # shape would give two signs one file.
    for section, items in (("rooms", proj.rooms), ("topics", proj.topics)):
        for item in items:
            if PART_SUFFIX.search(item.id):
                add(
                    item,
                    "id",
                    f"{section}[{item.id}].id",
                    f"'{item.id}' ends like the part number of a sign split over several sheets "
                    f"('-1of2'), so two signs could get one file name: choose another id",
                )

    for f in proj.formats:
        if f.family is not None:
            known(f, "family", f"formats[{f.id}].family", f.family, families, "family")
    for s in proj.supporters:
        if s.logo is not None:
            logo = _inside(root, "content/" + s.logo)
            if logo is None or not logo.is_file():
                add(s, "logo", f"supporters[{s.id}].logo", f"logo file '{s.logo}' not found inside the project")
            elif problem := _logo_problem(logo):
                add(s, "logo", f"supporters[{s.id}].logo", f"'{s.logo}' {problem}")
    for t in proj.topics:
        for owner, where in [(t, f"topics[{t.id}]")] + [(w, f"topics[{t.id}].workshops[{w.id}]") for w in t.workshops]:
            for sup in owner.support:
                i = origins.position(sup)
                known(sup, "supporter", f"{where}.support[{i}].supporter", sup.supporter, supporters, "supporter")
    for sp in proj.signposts:
        for d in sp.directions:
            i = origins.position(d)
            for r in d.rooms:
                known(d, "rooms", f"signposts[{sp.id}].directions[{i}].rooms", r, rooms, "room")
    for d in proj.days:
        if dated and not c.start <= d.date <= c.end:
            add(
                d,
                "date",
                f"days[{d.date}].date",
                f"{d.date} is not between the congress's start and end ({c.start} to {c.end})",
            )
        if d.closes <= d.opens:
            add(
                d,
                "closes",
                f"days[{d.date}].closes",
                f"closes ({said_time(d.closes)}) before it opens ({said_time(d.opens)})",
            )

    by_room: dict[tuple, list] = defaultdict(list)
    room_name = room_names(proj)
    for s in proj.sessions:
        where = f"sessions[{s.code}]"
        known(s, "format", f"{where}.format", s.format, formats, "format")
        known(s, "room", f"{where}.room", s.room, rooms, "room")
        if s.workshop is not None:
            known(s, "workshop", f"{where}.workshop", s.workshop, workshop_targets, "workshop or topic")
        if s.end <= s.start:
            add(s, "end", f"{where}.end", f"ends ({said_time(s.end)}) before it starts ({said_time(s.start)})")
            continue
        check_lecture_times(s, origins, add)
        day = days.get(s.day)
        if day is None:
            known(s, "day", f"{where}.day", s.day.isoformat(), {str(k): v for k, v in days.items()}, "day")
        elif s.start < day.opens or s.end > day.closes:
            # Where the hours are set: a day of one's own replaces an imported one of its date.
            hours = origins.mark(day, "opens" if s.start < day.opens else "closes")
            add(
                s,
                "start" if s.start < day.opens else "end",
                f"{where}.{'start' if s.start < day.opens else 'end'}",
                f"{said_span(s.start, s.end)} is outside its day "
                f"{s.day} ({said_span(day.opens, day.closes)}, set at {hours.path}:{hours.line})",
            )
        by_room[(s.room, s.day)].append(s)
    # A session with a value that could not be read ("start: 7:5") is not among them, but an
    # unknown format or room of its is said now, not after the time is mended.
    for label, raw in (unread or {}).get("sessions", []):
        for key, table, what in (("format", formats, "format"), ("room", rooms, "room")):
            if isinstance(raw.get(key), str):
                known_at(raw.value_marks[key], f"sessions[{label}].{key}", raw[key], table, what)
    for (room, day), sessions in by_room.items():
        sessions.sort(key=lambda s: (s.start, s.end))
        # Every pair, not only neighbours: a long session can overlap several after it. Each
        # session is one problem, however many it overlaps (an export's 300 posters at one
        # time in one hall gave 45,000 lines).
        for b, a, overlapped in overlaps(sessions):
            first = origins.mark(a)
            more = f" and {counted(overlapped - 1, 'other session')} before it" if overlapped > 1 else ""
            add(
                b,
                "start",
                f"sessions[{b.code}].start",
                f"overlaps {a.code} ({said_span(a.start, a.end)}){more} in {room_name(room)} "
                f"on {day} (defined at {first.path}:{first.line})",
            )
    # A session that runs past midnight (start or end after 24:00) holds its room the next
    # morning too.
    for (room, day), sessions in by_room.items():
        for a in sessions:
            for later in range(1, a.end // MINUTES_A_DAY + 1):
                shift = later * MINUTES_A_DAY
                for b in by_room.get((room, day + timedelta(days=later)), []):
                    if b.start + shift < a.end and b.end + shift > a.start and a.code != b.code:
                        first = origins.mark(a)
                        add(
                            b,
                            "start",
                            f"sessions[{b.code}].start",
                            f"overlaps {a.code} ({day}, {said_span(a.start, a.end)}) "
                            f"in {room_name(room)} on {b.day} (defined at {first.path}:{first.line})",
                        )
    check_notices(proj, origins, add, known, rooms)
    out.extend(check_people_exceptions(proj, origins, known_at, codes))
    unknown_group_names(proj, origins, known_at)
    out.extend(unknown_references(unknown, tables, sections, present, empty or {}))
    return out


def check_lecture_times(s: model.Session, origins: Origins, add) -> None:
    """A session's lecture times, through cross_check's ``add``: every lecture has a start or
    none has, and each starts and ends inside its session, after the lecture before it."""
    timed = [lec for lec in s.lectures if lec.start is not None]
    for lec in s.lectures:
        where = f"sessions[{s.code}].lectures[{origins.position(lec)}]"
        if lec.start is None and lec.end is not None:
            add(lec, "end", f"{where}.end", "a lecture with an end needs its start too")
        elif lec.start is None and timed:
            first = origins.mark(timed[0], "start")
            add(
                lec,
                None,
                f"{where}.start",
                f"has no start time, but {counted(len(timed), 'other lecture')} of {s.code} {_have(len(timed))} "
                f"(from {first.path}:{first.line}): give each lecture of a session its start, or none",
            )
    session = f"its session ({said_span(s.start, s.end)})"
    before: tuple[int, int | None] | None = None  # the start and end of the timed lecture above
    for lec in timed:
        start, end = s.after_midnight(lec.start), s.after_midnight(lec.end)
        where = f"sessions[{s.code}].lectures[{origins.position(lec)}]"
        if start < s.start:
            add(lec, "start", f"{where}.start", f"starts at {said_time(start)}, before {session}")
        elif start >= s.end:
            add(lec, "start", f"{where}.start", f"starts at {said_time(start)}, when {session} is over")
        elif before is not None and start < before[0]:
            add(
                lec,
                "start",
                f"{where}.start",
                f"starts at {said_time(start)}, before the lecture above it ({said_time(before[0])}): "
                "list the lectures in the order they are given",
            )
        elif before is not None and (start == before[0] or (before[1] is not None and start < before[1])):
            shown = said_time(before[0]) if before[1] is None else said_span(*before)
            add(
                lec,
                "start",
                f"{where}.start",
                f"starts at {said_time(start)}, while the lecture above it ({shown}) is on",
            )
        if end is not None and end <= start:
            add(lec, "end", f"{where}.end", f"ends ({said_time(end)}) before it starts ({said_time(start)})")
        elif end is not None and end > s.end:
            add(lec, "end", f"{where}.end", f"ends at {said_time(end)}, after {session}")
        before = (start, end)


def _have(n: int) -> str:
    return "has one" if n == 1 else "have one"


def check_people_exceptions(proj: model.Project, origins: Origins, known_at, codes: dict) -> list[Problem]:
    """The sessions' word that a warning of the people check is no mistake, through
    cross_check's ``known_at``: ``double_booked_with`` names other sessions, and
    ``not_the_same_as`` names written in the timetable."""
    out: list[Problem] = []
    asked = [s for s in proj.sessions if s.double_booked_with or s.not_the_same_as]
    if not asked:
        return out
    found = bookings(proj)
    filed = {b.name for b in found}
    written = {b.written: b.written for b in found}  # for "did you mean"
    for s in asked:
        where = f"sessions[{s.code}]"
        for i, code in enumerate(s.double_booked_with):
            m = item_mark(origins, s, "double_booked_with", i)
            if code == s.code:
                message = "names its own session: name the other session whose people it shares at the same time"
                out.append(Problem(m.path, m.line, m.col, f"{where}.double_booked_with", message))
            else:
                known_at(m, f"{where}.double_booked_with", code, codes, "session")
        for i, name in enumerate(s.not_the_same_as):
            if index_name(written_name(name)) not in filed:
                m = item_mark(origins, s, "not_the_same_as", i)
                known_at(m, f"{where}.not_the_same_as", name, written, "person")
    return out


def overlaps(sessions: list[model.Session]) -> Iterator[tuple[model.Session, model.Session, int]]:
    """Each of a room's sessions (in order of start) that starts before earlier ones end, with
    the first of those and how many there are; one code twice is a duplicate, not an overlap.
    One pass, the sessions still running kept in heaps: comparing every pair took 20 minutes
    for 100,000 sessions in one hall at one time."""
    running: list[tuple[int, int]] = []  # (end, place) of the sessions still running
    firsts: list[int] = []  # their places, the first on top; those that ended leave lazily
    ended: set[int] = set()
    codes: Counter[str] = Counter()  # how many of the running sessions have each code
    for i, b in enumerate(sessions):
        while running and running[0][0] <= b.start:  # starts only grow: ended stays ended
            j = heapq.heappop(running)[1]
            ended.add(j)
            codes[sessions[j].code] -= 1
        while firsts and firsts[0] in ended:
            heapq.heappop(firsts)
        count = len(running) - codes[b.code]
        if count:
            if sessions[firsts[0]].code != b.code:
                a = sessions[firsts[0]]
            else:
                a = next(sessions[j] for j in sorted(firsts) if j not in ended and sessions[j].code != b.code)
            yield b, a, count
        heapq.heappush(running, (b.end, i))
        heapq.heappush(firsts, i)
        codes[b.code] += 1


def _inside(root: Path, name: str) -> Path | None:
    """The file ``name`` (relative to the project) names, if it lies inside the project."""
    try:
        path = (root / name).resolve()
    except (ValueError, OSError):  # a NUL character, a loop of links
        return None
    return path if path.is_relative_to(root) else None


def check_congress(c: model.Congress, add) -> None:
    """The congress section's address templates (its dates are checked with the days)."""
    for name, allowed in URL_FIELDS.items():
        template = getattr(c.urls, name)
        where = f"congress.urls.{name}"
        try:
            parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        except ValueError as exc:
            add(c, "urls", where, f"invalid template: {exc}")
            continue
        fields = {f for f, _, _ in parts}
        if fields - allowed:
            unknown = sorted(fields - allowed)[0]
            add(c, "urls", where, f"unknown placeholder {{{unknown}}}; use {', '.join(sorted(allowed))}")
        elif any(spec or conv for _, spec, conv in parts):
            # "{slug:>999999}" would pad to any length; a placeholder stands for its value only.
            add(c, "urls", where, "a placeholder takes no format, as in {slug}, not {slug:…} or {slug!r}")
        elif not is_http_url(template.format(base_url=c.base_url, id="x", slug="x", code="x", room="x", date="x")):
            add(c, "urls", where, "does not give an http(s) URL")


# A longer address makes a QR code too dense to scan at the sizes the products print it (about
# 17 mm in the booklet): 300 bytes need 69 x 69 modules at level M, a quarter millimetre each.
MAX_QR_URL_BYTES = 300


def check_qr_urls(proj: model.Project, add) -> None:
    """Every address that a QR code carries must be short enough to scan when printed."""
    c = proj.congress

    def check(obj, key: str, where: str, url: str) -> None:
        size = len(url.encode())
        if size > MAX_QR_URL_BYTES:
            add(
                obj,
                key,
                f"{where}.{key}",
                f"its QR code's address is {size} bytes long, too dense to scan as printed; "
                f"at most {MAX_QR_URL_BYTES}: use a shorter address",
            )

    check(c, "base_url", "congress", as_uri(c.base_url))
    for f in proj.formats:
        check(f, "url" if f.url else "id", f"formats[{f.id}]", format_url(c, f))
    for t in proj.topics:
        check(t, "url" if t.url else "id", f"topics[{t.id}]", topic_url(c, t))
    for s in proj.sessions:
        check(s, "url" if s.url else "code", f"sessions[{s.code}]", session_url(c, s))
    if proj.days:
        day = max(d.date for d in proj.days)  # every date is as long
        for r in proj.rooms:
            check(r, "id", f"rooms[{r.id}]", room_day_url(c, r, day))


def check_notices(proj: model.Project, origins: Origins, add, known, rooms: dict) -> None:
    """The notices' problems, through cross_check's ``add`` and ``known``: references, the
    same change twice, changes that contradict each other (``CONTRADICTIONS``), new times that
    cannot be (``new_time_problems``), moves into a room that is taken then, and news of its
    own (``check_news``)."""
    codes = {s.code: s for s in proj.sessions}
    said: dict[tuple[str, str], object] = {}
    files: dict[str, model.Notice] = {}  # news by the file it is printed to
    for n in proj.notices:
        i = origins.position(n)  # as written: a notice with problems is not in the list
        if n.is_news or n.title is not None or n.text is not None:
            check_news(proj, n, origins, add, known, rooms, files)
            continue
        if n.session is None or n.change is None:
            missing = "session" if n.session is None else "change"
            add(n, None, f"notices[{i}].{missing}", f"{_NEEDS[missing]} (news of its own has title and text instead)")
            continue
        for key, instead in _NEWS_ONLY.items():
            if getattr(n, key) is not None:
                add(n, key, f"notices[{i}].{key}", f"only news of its own (a notice with a title) has {key}{instead}")
        known(n, "session", f"notices[{i}].session", n.session, codes, "session")
        first = said.setdefault((n.session, n.change), n)
        if first is not n:
            m = origins.mark(first)
            add(n, "change", f"notices[{i}].change", f"{n.session} is {n.change} already (at {m.path}:{m.line})")
        # Cancelled contradicts every other change, and moved contradicts rescheduled (a new
        # time gives its new room as its own moved_to): the door signs could not say both.
        others = CONTRADICTIONS[n.change]
        clash = next((said[(n.session, o)] for o in others if (n.session, o) in said), None)
        if clash is not None:
            m = origins.mark(clash)
            add(
                n,
                "change",
                f"notices[{i}].change",
                f"{n.session} cannot be {n.change}: it is {clash.change} (at {m.path}:{m.line}); keep the one that is true",
            )
        if n.change == "moved":
            if n.moved_to is None:
                add(n, None, f"notices[{i}].moved_to", "a moved session needs moved_to: the new room")
            else:
                known(n, "moved_to", f"notices[{i}].moved_to", n.moved_to, rooms, "room")
        elif n.change == "rescheduled":
            if n.moved_to is not None:
                known(n, "moved_to", f"notices[{i}].moved_to", n.moved_to, rooms, "room")
        elif n.moved_to is not None:
            add(n, "moved_to", f"notices[{i}].moved_to", f"only a moved session has a new room, not a {n.change} one")
        for key, message in new_time_problems(proj, n, codes.get(n.session)):
            add(n, key if getattr(n, key) is not None else None, f"notices[{i}].{key}", message)

    for k, n in enumerate(proj.notices):
        s = codes.get(n.session)
        if n.change == "moved" and s is not None and n.moved_to in rooms:
            for message in move_problems(proj, s, n.moved_to, proj.notices[:k]):
                add(n, "moved_to", f"notices[{origins.position(n)}].moved_to", message)


def check_news(proj: model.Project, n: model.Notice, origins: Origins, add, known, rooms: dict, files: dict) -> None:
    """A notice of news of its own's problems, through cross_check's ``add`` and ``known``:
    ``news_problems``, its room, and a file name that the news before it (``files``, by the
    names of their files, which this one joins) has taken."""
    i = origins.position(n)
    for key, message in news_problems(proj, n):
        add(n, key if getattr(n, key, None) is not None else None, f"notices[{i}].{key}", message)
    if n.room is not None and n.session is None:
        known(n, "room", f"notices[{i}].room", n.room, rooms, "room")
    first = files.setdefault(signs.news_name(n), n)
    if first is not n and n.title is not None:
        m = origins.mark(first, "title")
        add(
            n,
            "title",
            f"notices[{i}].title",
            f"would be printed to notices/{signs.news_name(n)}.pdf, as the notice at {m.path}:{m.line} is: "
            "give one of them another title (or date)",
        )


_NEEDS = {
    "session": "a session's change needs session: its code",
    "change": "a session's change needs change: moved, cancelled, full or rescheduled",
}

# News of its own must read from across a corridor on one A4 page: at the smallest size its
# notice takes, this much text fits beside its title, its day and room and its QR code.
MAX_NEWS_TITLE = 90
MAX_NEWS_TEXT = 600
MAX_NEWS_LINES = 16
# What only news of its own has, and what a session's change has instead.
_NEWS_ONLY = {"date": ": a new day is new_date", "room": ": a new room is moved_to", "link": ""}
# What only a session's change has, which news of its own cannot.
_SESSION_CHANGE_KEYS = ("session", "change", "moved_to", "new_start", "new_end", "new_date")


def news_problems(proj: model.Project, n: model.Notice) -> list[tuple[str, str]]:
    """What is wrong with a notice of news of its own, as (field, message): it needs a title,
    has no session's change, fits its page, is for a congress day, and its link fits a QR code
    (its room is checked as a reference, where it is read)."""
    out = []
    if n.title is None:
        out.append(("title", "a notice of its own needs title: what it announces, in a few words"))
    elif len(n.title) > MAX_NEWS_TITLE:
        out.append(("title", f"{len(n.title)} characters, too long to read from afar; at most {MAX_NEWS_TITLE}"))
    for key in _SESSION_CHANGE_KEYS:
        if getattr(n, key) is not None:
            out.append(
                (key, f"a notice with a title is news of its own, which has no {key}: that is a session's change")
            )
    if n.text is not None:
        lines = len([line for line in n.text.splitlines() if line.strip()])
        if len(n.text) > MAX_NEWS_TEXT or lines > MAX_NEWS_LINES:
            out.append(
                (
                    "text",
                    f"{counted(len(n.text), 'character')} in {counted(lines, 'line')}, too long to fit its page at a "
                    "size read from afar; "
                    f"at most {MAX_NEWS_TEXT} characters in {MAX_NEWS_LINES} lines: say less, or give a link",
                )
            )
    if n.date is not None and (message := _not_a_congress_day(proj, n.date)):
        out.append(("date", message))
    if n.link is not None and len(as_uri(n.link).encode()) > MAX_QR_URL_BYTES:
        size = len(as_uri(n.link).encode())
        out.append(
            (
                "link",
                f"its QR code's address is {size} bytes long, too dense to scan as printed; at most {MAX_QR_URL_BYTES}",
            )
        )
    return out


# The changes that each change cannot go with, for one session.
CONTRADICTIONS = {
    "moved": ["cancelled", "rescheduled"],
    "full": ["cancelled"],
    "cancelled": ["moved", "full", "rescheduled"],
    "rescheduled": ["cancelled", "moved"],
}


def new_time_problems(proj: model.Project, n: model.Notice, s: model.Session | None) -> list[tuple[str, str]]:
    """What is wrong with a notice's new time, as (field, message): a rescheduled session
    needs its new start, ends after it, on a congress day, somewhere or somewhen new; other
    changes have no new time."""
    if n.change != "rescheduled":
        given = [key for key in ("new_start", "new_end", "new_date") if getattr(n, key) is not None]
        return [(key, f"only a rescheduled session has a new time, not a {n.change} one") for key in given]
    if n.new_start is None:
        return [("new_start", 'a rescheduled session needs new_start: its new time, "HH:MM"')]
    out = []
    if n.new_end is not None and n.new_end <= n.new_start:
        out.append(("new_end", f"{said_time(n.new_end)} is not after new_start {said_time(n.new_start)}"))
    if n.new_date is not None and (message := _not_a_congress_day(proj, n.new_date)):
        out.append(("new_date", message))
    if s is not None and not out and n.slot(s) == (s.day, s.start, s.end, s.room):
        out.append(("new_start", f"{s.code} is on {s.day} at {said_time(s.start)} in its room already"))
    if s is not None and not out:
        out += _outside_opening_hours(proj, *n.slot(s)[:3], end_given=n.new_end is not None)
    return out


def _not_a_congress_day(proj: model.Project, day: date) -> str | None:
    """Why ``day`` cannot be a notice's day, naming the congress's days; None if it can be (or
    the congress has no days to say)."""
    days = sorted(d.date for d in proj.days)
    if not days or day in days:
        return None
    return f"{day} is not a congress day ({', '.join(map(str, days))})"


def _outside_opening_hours(
    proj: model.Project, day: date, start: int, end: int, end_given: bool
) -> list[tuple[str, str]]:
    """A new time outside its day's opening hours ("--at 03:00" for 13:00), as a session's
    own time would be: said at its end if that was given and is what runs past closing."""
    hours = next((d for d in proj.days if d.date == day), None)
    if hours is None or hours.opens <= start and end <= hours.closes:
        return []
    key = "new_end" if end_given and start >= hours.opens else "new_start"
    return [
        (
            key,
            f"{said_span(start, end)} is outside the opening hours of {day} ({said_span(hours.opens, hours.closes)})",
        )
    ]


def reschedule_overlaps(proj: model.Project, origins: Origins) -> list[Problem]:
    """A warning for each rescheduled session whose new time overlaps another session in its
    room then: the organisers may have moved that one too, or share the room on purpose, but
    most likely one of them needs another room."""
    out = []
    for n in proj.notices:
        for message in slot_overlaps(proj, n)[:1]:
            m = origins.mark(n, "new_start")
            out.append(Problem(m.path, m.line, m.col, f"notices[{origins.position(n)}].new_start", message))
    return out


def slot_overlaps(proj: model.Project, n: model.Notice) -> list[str]:
    """How a rescheduled session's new time overlaps other sessions in its room then, each
    where the notices put it (a cancelled one frees its room), found as the timetable's
    overlaps are (``overlaps``); nothing for other notices."""
    codes = {s.code: s for s in proj.sessions}
    s = codes.get(n.session)
    if n.change != "rescheduled" or s is None or n.new_start is None:
        return []
    changed = {o.session: o for o in proj.notices if o.change in ("moved", "cancelled", "rescheduled")}
    changed[s.code] = n
    day, start, end, room = n.slot(s)
    there = []
    for o in proj.sessions:
        change = changed.get(o.code)
        if change is not None and change.change == "cancelled":
            continue
        o_day, o_start, o_end, o_room = change.slot(o) if change is not None else (o.day, o.start, o.end, o.room)
        if (o_room == room and o_day == day) or o.code == s.code:
            there.append(replace(o, room=o_room, day=o_day, start=o_start, end=o_end))
    out = []
    for b, a, _ in overlaps(sorted(there, key=lambda x: (x.start, x.code))):
        other = a if b.code == s.code else b if a.code == s.code else None
        if other is not None:
            out.append(
                f"{s.code}'s new time {said_span(start, end)} overlaps {other.code} "
                f"({said_span(other.start, other.end)}) in {room_names(proj)(room)} on {day}"
            )
    return out


def move_problems(proj: model.Project, s: model.Session, room: str, earlier: list[model.Notice]) -> list[str]:
    """Why session ``s`` cannot move to ``room``: it is there already, or the room is taken
    then. Sessions that any notice moves away, cancels or reschedules leave their rooms free;
    sessions that the ``earlier`` notices move in, and any rescheduled there, take theirs."""
    name = room_names(proj)
    if room == s.room:
        return [f"{s.code} is in {name(s.room)} already"]
    codes = {o.code: o for o in proj.sessions}
    gone = {n.session for n in proj.notices if n.change in ("moved", "cancelled", "rescheduled")}
    staying = [o for o in proj.sessions if o.room == room and o.code not in gone]
    moved_in = [
        codes[n.session]
        for n in earlier
        if n.change == "moved" and n.moved_to == room and n.session in codes and codes[n.session].room != room
    ]
    moved_in += [
        replace(codes[n.session], day=day, start=start, end=end, room=there)
        for n in proj.notices
        if n.change == "rescheduled" and n.session in codes and n.new_start is not None
        for day, start, end, there in [n.slot(codes[n.session])]
        if there == room
    ]
    return [
        f"{name(room)} is taken then by {other.code} ({said_span(other.start, other.end)}) on {s.day}"
        for other in staying + moved_in
        if other.code != s.code and other.day == s.day and other.start < s.end and s.start < other.end
    ]


def _logo_problem(path: Path) -> str | None:
    from .logos import logo_problem  # Pillow loads only when a project has logos

    return logo_problem(path)


def is_cmyk_profile(path: Path) -> bool:
    """Whether the file is an ICC profile for CMYK output: the 'acsp' signature, the CMYK
    colour space and the output-device class in its header."""
    try:
        with path.open("rb") as f:
            header = f.read(40)
    except OSError:
        return False
    return len(header) == 40 and header[36:40] == b"acsp" and header[16:20] == b"CMYK" and header[12:16] == b"prtr"
