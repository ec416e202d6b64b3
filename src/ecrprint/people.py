"""The timetable's people: one person written two ways, and one person in two places at once.

A person is the speaker index's entry (``views.index_name`` of ``views.written_name``): "Hans
Müller", "Hans  Müller", "Müller, Hans" and a "Müller" with a combining diaeresis are one,
silently. Spellings that differ otherwise but most likely name one person ("Hans Mueller",
"hans müller", "Müller Hans", "H. Müller") are a warning that names both; all but the
initials are one person for the double bookings too."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, NamedTuple

from . import model
from .errors import Problem, counted
from .schema import format_time
from .views import index_name, written_name
from .yamlsource import Mark

if TYPE_CHECKING:
    from .content import Origins

MINUTES_A_DAY = 24 * 60
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
# Names that hold a place rather than name a person: in parallel sessions, not a double booking.
_PLACEHOLDER = re.compile(r"(?i)\b(tba|tbc|tbd|n\.?\s?n\.?|to be (confirmed|announced|decided))\b")
_ACCENTS = re.compile("[\u0300-\u036f]")  # the combining diacritical marks
_WORD = re.compile(r"\w+")
_ROLES = {"chairs": "as its chair", "moderators": "as its moderator", "speakers": "as a speaker"}


class Booking(NamedTuple):
    """One name in one session: as the index files it, as written, in which role, and where
    (the lecture's place in the session, the name's in its list)."""

    name: str
    written: str
    session: model.Session
    owner: model.Session | model.Lecture
    role: str  # chairs, moderators or speakers
    lecture: int | None
    item: int

    def field(self) -> str:
        where = f"sessions[{self.session.code}]"
        return f"{where}.{self.role}" if self.lecture is None else f"{where}.lectures[{self.lecture}].speakers"

    def mark(self, origins: Origins) -> Mark:
        """Where the name is written (where its list is, if that is not known)."""
        data = origins.maps.get(id(self.owner))
        marks = getattr(data.get(self.role), "item_marks", None) if data is not None else None
        if marks is not None and self.item < len(marks):
            return marks[self.item]
        return origins.mark(self.owner, self.role)


def bookings(proj: model.Project) -> list[Booking]:
    """Every chair, moderator and speaker of every session, in the content's order."""
    out = []
    filed: dict[str, str] = {}  # each name as written, as the index files it
    for s in proj.sessions:
        owners = [(s, "chairs", None), (s, "moderators", None)]
        owners += [(lec, "speakers", i) for i, lec in enumerate(s.lectures)]
        for owner, role, lecture in owners:
            for i, name in enumerate(getattr(owner, role)):
                if name not in filed:
                    filed[name] = index_name(written_name(name))
                out.append(Booking(filed[name], name, s, owner, role, lecture, i))
    return out


def _words(text: str) -> str:
    """A name's words in order, lower case, without accents or punctuation: "müller, hans"
    and "Hans Müller" both "hans muller"."""
    bare = _ACCENTS.sub("", unicodedata.normalize("NFD", text.casefold()))
    return " ".join(sorted(_WORD.findall(bare)))


def _likeness(name: str) -> set[str]:
    """What two spellings of one person share: their words without case, accents and order,
    with the German umlauts as written or spelt out ("Müller", "Muller", "Mueller")."""
    if not any(ch in name for ch in "äöüÄÖÜ"):
        return {_words(name)}
    return {_words(name), _words(name.translate(_UMLAUTS))}


def _initials(name: str) -> tuple[str, str, bool] | None:
    """A surname-first name's surname, given names' initials, and whether it gives only initials."""
    surname, comma, given = name.partition(", ")
    if not comma:
        return None
    letters = _WORD.findall(given)
    if not letters:
        return None
    return _words(surname), "".join(w[0].casefold() for w in letters), all(len(w) == 1 for w in letters)


def people(found: list[Booking]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each name as the index files it, with the spelling it most likely is (the one written
    most often of those alike, the first of them when as often); and names given with initials
    only, each with the one full name it may be ("H. Müller", "Hans Müller")."""
    count = Counter(b.name for b in found)
    first: dict[str, str] = {}  # a likeness to the first name that had it
    parent: dict[str, str] = {}
    for name in count:
        keys = _likeness(name)
        others = {first[k] for k in keys if k in first}
        parent[name] = name
        for k in keys:
            first.setdefault(k, name)
        for other in others:  # join the groups
            parent[_root(parent, other)] = _root(parent, name)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in count:
        groups[_root(parent, name)].append(name)
    person = {}
    for names in groups.values():
        best = max(names, key=lambda n: count[n])  # max keeps the first of equals
        person.update((n, best) for n in names)
    shapes = {name: shape for name in count if (shape := _initials(name)) is not None}
    full: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, shape in shapes.items():
        if not shape[2]:
            full[shape[:2]].add(person[name])
    initialled = []
    for name, shape in shapes.items():
        if shape[2] and len(full[shape[:2]]) == 1:
            initialled.append((name, next(iter(full[shape[:2]]))))
    return person, initialled


def _root(parent: dict[str, str], name: str) -> str:
    while parent[name] != name:
        parent[name] = parent[parent[name]]
        name = parent[name]
    return name


def check_people(proj: model.Project, origins: Origins) -> list[Problem]:
    """The warnings about the timetable's people: spellings and double bookings."""
    found = bookings(proj)
    person, initialled = people(found)
    return spellings(found, person, initialled, origins) + double_bookings(proj, found, person, origins)


def spellings(
    found: list[Booking], person: dict[str, str], initialled: list[tuple[str, str]], origins: Origins
) -> list[Problem]:
    """Each spelling of a person other than the one most written, said once, where it is
    first written, with the other and where that is: the speaker index would list both."""
    where: dict[str, Booking] = {}
    for b in found:
        where.setdefault(b.name, b)
    out = []
    for name, likely in [(n, p) for n, p in person.items() if n != p] + initialled:
        b, other = where[name], where[likely]
        m, first = b.mark(origins), other.mark(origins)
        message = (
            f"'{b.written}': did you mean '{other.written}' (as at {first.path}:{first.line})? The speaker "
            "index would list them as two people: write one person's name alike everywhere"
        )
        out.append(Problem(m.path, m.line, m.col, b.field(), message))
    return out


def double_bookings(
    proj: model.Project, found: list[Booking], person: dict[str, str], origins: Origins
) -> list[Problem]:
    """A person in two sessions at once (chairing one and speaking in another, say): said at
    the later of the two, naming the earlier one, its time, room and place. A session the
    notices cancel keeps nobody; a name that holds a place ("TBA") is no person."""
    cancelled = {n.session for n in proj.notices if n.change == "cancelled"}
    by_person: dict[str, dict[int, Booking]] = defaultdict(dict)
    for b in found:
        if b.session.code not in cancelled:
            by_person[person[b.name]].setdefault(id(b.session), b)  # one booking a session
    spans = {id(s): _span(s) for s in proj.sessions}
    out = []
    for booked in by_person.values():
        if len(booked) < 2:
            continue
        ordered = sorted(booked.values(), key=lambda b: spans[id(b.session)][0])  # the later written is later
        clashes = []
        for i, b in enumerate(ordered):
            start = spans[id(b.session)][0]
            earlier = [a for a in ordered[:i] if spans[id(a.session)][1] > start and a.session.code != b.session.code]
            if earlier and not _PLACEHOLDER.search(b.written):
                clashes.append((b, earlier))
        if clashes:
            out.append(_double_booking(clashes, origins))
    return out


def _span(s: model.Session) -> tuple[int, int]:
    """A session's start and end in minutes on one clock for all days (past midnight too)."""
    day = s.day.toordinal() * MINUTES_A_DAY
    return day + s.start, day + s.end


# The further clashes of one person that their one warning names, by code and line.
MOST_CLASHES_NAMED = 4


def _double_booking(clashes: list[tuple[Booking, list[Booking]]], origins: Origins) -> Problem:
    """One warning a person, at their first clash: a schedule that puts one person (an
    imported assembly, say) in thirty sessions at once is one thing to mend, not thirty."""
    b, earlier = clashes[0]
    a, s = earlier[0], earlier[0].session
    m, first = b.mark(origins), a.mark(origins)
    day = f" on {s.day}" if s.day != b.session.day else ""
    more = f", and in {counted(len(earlier) - 1, 'other session')}" if len(earlier) > 1 else ""
    message = (
        f"{b.written} is in two places at once: also in {s.code} ({format_time(s.start)}–{format_time(s.end)}{day} "
        f"in room '{s.room}', {_ROLES[a.role]}; at {first.path}:{first.line}){more}"
    )
    if len(clashes) > 1:
        named = [f"{c.session.code} (line {c.mark(origins).line})" for c, _ in clashes[1 : 1 + MOST_CLASHES_NAMED]]
        rest = len(clashes) - 1 - len(named)
        if rest:
            listed = ", ".join(named) + f" and {rest} more"
        else:
            listed = " and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else named[0]
        puts = "puts" if len(clashes) == 2 else "put"
        message += f"; {listed} {puts} them in two places at once too"
    return Problem(m.path, m.line, m.col, b.field(), message)
