"""References between the content's files: each id used once, and every format family,
supporter, room, workshop, day, session and person that an item names defined somewhere."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from . import model
from .errors import Problem
from .people import bookings, item_mark
from .references import unknown_references
from .urls import slug
from .views import index_name, written_name
from .yamlsource import LocMap, Mark

if TYPE_CHECKING:
    from .content import Origins

PART_SUFFIX = re.compile(r"-\d+of\d+$")
# The section that defines each kind of thing a reference names.
SECTIONS = {
    "room": "rooms",
    "format": "formats",
    "supporter": "supporters",
    "family": "families",
    "workshop or topic": "topics",
    "session": "sessions",
    "day": "days",
}


class Ids(NamedTuple):
    """The items that references name, by id (the first item of each id)."""

    families: dict[str, model.Family]
    formats: dict[str, model.Format]
    supporters: dict[str, model.Supporter]
    rooms: dict[str, model.Room]
    days: dict  # by date
    codes: dict[str, model.Session]
    workshops: dict  # the topics and their workshops, which a session's workshop names


class References:
    """The references to other items, looked up as the checks go (``known``, ``known_at``):
    those to nothing are said once each, at the first place, with how many more there are,
    after all the other checks (``problems``; see references.unknown_references).
    ``present`` holds, by section, the items written (with problems or not); without
    ``checked`` (some content was unreadable) no reference is looked up."""

    def __init__(self, origins: Origins, present: dict[str, dict[str, Mark]], checked: bool = True):
        self.origins = origins
        self.present = present
        self.checked = checked
        self.unknown: dict[tuple[str, str], list[tuple[Mark, str]]] = defaultdict(list)  # by what they name
        self.tables: dict[str, dict] = {}

    def known(self, obj, key, where, value, table: dict, what: str) -> None:
        self.known_at(self.origins.mark(obj, key), where, value, table, what)

    def known_at(self, mark: Mark, where, value, table: dict, what: str) -> None:
        if not self.checked:
            return
        if value not in table and str(value) not in self.present.get(SECTIONS.get(what, ""), {}):
            self.unknown[(what, str(value))].append((mark, where))
            self.tables[what] = table

    def problems(self, empty: dict[str, tuple[Mark | None, str | None]]) -> list[Problem]:
        """One problem for each thing referred to that does not exist; ``empty`` holds the
        list sections without items, and where to say so."""
        return unknown_references(self.unknown, self.tables, SECTIONS, self.present, empty)


def check_ids(proj: model.Project, origins: Origins, add) -> Ids:
    """Ids used twice, session codes alike but for case, spaces or punctuation, and ids that
    look like a split sign's part number, through cross_check's ``add``; the items by id."""

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

    families = unique(proj.families, "id", "families")
    formats = unique(proj.formats, "id", "formats")
    supporters = unique(proj.supporters, "id", "supporters")
    rooms = unique(proj.rooms, "id", "rooms")
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
    workshops = unique(proj.topics, "id", "topics")
    for t in proj.topics:
        unique(t.workshops, "id", f"topics[{t.id}].workshops", workshops)
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

    return Ids(families, formats, supporters, rooms, days, codes, workshops)


def check_references(
    proj: model.Project, origins: Origins, refs: References, ids: Ids, unread: dict[str, list[tuple[str, LocMap]]]
) -> None:
    """The references of formats, topics, signposts and sessions, through ``refs``; and those
    of the sessions with a value that could not be read (``unread``, as written)."""
    for f in proj.formats:
        if f.family is not None:
            refs.known(f, "family", f"formats[{f.id}].family", f.family, ids.families, "family")
    for t in proj.topics:
        for owner, where in [(t, f"topics[{t.id}]")] + [(w, f"topics[{t.id}].workshops[{w.id}]") for w in t.workshops]:
            for sup in owner.support:
                i = origins.position(sup)
                refs.known(
                    sup, "supporter", f"{where}.support[{i}].supporter", sup.supporter, ids.supporters, "supporter"
                )
    for sp in proj.signposts:
        for d in sp.directions:
            i = origins.position(d)
            for r in d.rooms:
                refs.known(d, "rooms", f"signposts[{sp.id}].directions[{i}].rooms", r, ids.rooms, "room")
    for s in proj.sessions:
        where = f"sessions[{s.code}]"
        refs.known(s, "format", f"{where}.format", s.format, ids.formats, "format")
        refs.known(s, "room", f"{where}.room", s.room, ids.rooms, "room")
        if s.workshop is not None:
            refs.known(s, "workshop", f"{where}.workshop", s.workshop, ids.workshops, "workshop or topic")
    # A session with a value that could not be read ("start: 7:5") is not among them, but an
    # unknown format or room of its is said now, not after the time is mended.
    for label, raw in unread.get("sessions", []):
        for key, table, what in (("format", ids.formats, "format"), ("room", ids.rooms, "room")):
            if isinstance(raw.get(key), str):
                refs.known_at(raw.value_marks[key], f"sessions[{label}].{key}", raw[key], table, what)


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
