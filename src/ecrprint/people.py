"""The timetable's people: one person written two ways, and one person in two places at once.

A person is the speaker index's entry (``views.index_name`` of ``views.written_name``): "Hans
Müller", "Hans  Müller", "Müller, Hans" and a "Müller" with a combining diaeresis are one,
silently. Spellings that differ otherwise but most likely name one person ("Hans Mueller",
"hans müller", "Müller Hans", "H. Müller") are a warning that names both; all but the
initials are one person for the double bookings too.

A session's ``double_booked_with`` names sessions whose people it shares at the same time on
purpose, and its ``not_the_same_as`` names written elsewhere that are other people than the
alike ones written in it: the warnings about those pairs are not said, and only those. A name
in ``congress.group_names`` is a group, not one person ("ECR Faculty"): never double booked."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from . import model
from .as_printed import room_names, said_span
from .errors import Problem, counted
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
        return item_mark(origins, self.owner, self.role, self.item)


def item_mark(origins: Origins, owner: object, key: str, item: int) -> Mark:
    """Where the item-th value of ``owner``'s list ``key`` is written (where the list is, if
    that is not known)."""
    data = origins.maps.get(id(owner))
    marks = getattr(data.get(key), "item_marks", None) if data is not None else None
    if marks is not None and item < len(marks):
        return marks[item]
    return origins.mark(owner, key)


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


def people(
    found: list[Booking], apart: set[frozenset[str]] = frozenset()
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each name as the index files it, with the spelling it most likely is (the one written
    most often of those alike, the first of them when as often); and names given with initials
    only, each with the one full name it may be ("H. Müller", "Hans Müller"). Two names that
    ``apart`` pairs (as the index files them) are two people however alike."""
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
            if frozenset((name, other)) not in apart:
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
        if shape[2] and len(full[shape[:2]]) == 1 and frozenset((name, *full[shape[:2]])) not in apart:
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
    person, initialled = people(found, named_apart(proj, found))
    return spellings(found, person, initialled, origins) + double_bookings(proj, found, person, origins)


def named_apart(proj: model.Project, found: list[Booking]) -> set[frozenset[str]]:
    """The pairs of names (as the index files them) that a session's ``not_the_same_as`` says
    are two people: each name it lists with each name written in it."""
    written_in: dict[str, set[str]] = defaultdict(set)
    for b in found:
        written_in[b.session.code].add(b.name)
    apart = set()
    for s in proj.sessions:
        for other in s.not_the_same_as:
            filed = index_name(written_name(other))
            apart.update(frozenset((filed, name)) for name in written_in[s.code] if name != filed)
    return apart


def group_people(proj: model.Project, person: dict[str, str]) -> set[str]:
    """The people (as ``people`` gives them) that ``congress.group_names`` says are groups,
    which may sit in any number of sessions at once."""
    filed = (index_name(written_name(name)) for name in proj.congress.group_names)
    return {person[name] for name in filed if name in person}


def unknown_group_names(proj: model.Project, origins: Origins, known_at) -> None:
    """Each name in ``congress.group_names`` that no session has (as a chair, moderator or
    speaker), said through cross_check's ``known_at``: a mistyped group would otherwise be
    warned of as double booked while its entry does nothing."""
    found = bookings(proj)
    filed = {b.name for b in found}
    written = {b.written: b.written for b in found}  # for "did you mean"
    for i, name in enumerate(proj.congress.group_names):
        if index_name(written_name(name)) not in filed:
            m = item_mark(origins, proj.congress, "group_names", i)
            known_at(m, "congress.group_names", name, written, "chair, moderator or speaker")


def double_booked_on_purpose(proj: model.Project) -> set[frozenset[str]]:
    """The pairs of session codes that a session's ``double_booked_with`` says share their
    people at the same time on purpose."""
    return {frozenset((s.code, other)) for s in proj.sessions for other in s.double_booked_with if other != s.code}


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
            "index would list them as two people: write one person's name alike everywhere, or, if they are "
            f"two people, give {b.session.code} not_the_same_as: [{other.written}]"
        )
        out.append(Problem(m.path, m.line, m.col, b.field(), message))
    return out


def double_bookings(
    proj: model.Project, found: list[Booking], person: dict[str, str], origins: Origins
) -> list[Problem]:
    """A person in two sessions at once (chairing one and speaking in another, say): said at
    the later of the two, naming the earlier one, its time, room and place. A session the
    notices cancel keeps nobody, one they reschedule holds its people at its new time; a name
    that holds a place ("TBA") is no person, nor is a group (``congress.group_names``); two
    sessions double booked on purpose (``double_booked_with``) are no clash of each other."""
    cancelled = {n.session for n in proj.notices if n.change == "cancelled"}
    groups, rescheduled, on_purpose, slots, spans = _timing(proj, person)
    by_person: dict[str, dict[int, Booking]] = defaultdict(dict)
    when: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)  # by person and session
    for b in found:
        if b.session.code in cancelled or person[b.name] in groups:
            continue
        who, key, span = person[b.name], id(b.session), _booked_span(b, spans[id(b.session)])
        by_person[who].setdefault(key, b)  # one booking a session, at the times of all of them
        when[who][key] = _widened(when[who].get(key), span)
    out, room_name = [], room_names(proj)
    for who, booked in by_person.items():
        if len(booked) < 2:
            continue
        span = when[who]
        ordered = sorted(booked.values(), key=lambda b: span[id(b.session)][0])  # the later written is later
        clashes = []
        for i, b in enumerate(ordered):
            start = span[id(b.session)][0]
            earlier = [
                a
                for a in ordered[:i]
                if span[id(a.session)][1] > start
                and a.session.code != b.session.code
                and not (on_purpose and frozenset((a.session.code, b.session.code)) in on_purpose)
            ]
            if earlier and not _PLACEHOLDER.search(b.written):
                clashes.append((b, earlier))
        if clashes:
            out.append(_double_booking(clashes, slots, rescheduled, origins, room_name))
    return out


def _rescheduled(proj: model.Project) -> dict[str, model.Notice]:
    """The notices that give sessions a new time, by session code."""
    return {n.session: n for n in proj.notices if n.change == "rescheduled" and n.new_start is not None}


def _slots(proj: model.Project, rescheduled: dict[str, model.Notice]) -> dict[int, tuple[date, int, int, str]]:
    """Each session's day, start, end and room (by its id), at its new time if it has one."""
    return {
        id(s): rescheduled[s.code].slot(s) if s.code in rescheduled else (s.day, s.start, s.end, s.room)
        for s in proj.sessions
    }


def new_time_clashes(proj: model.Project, code: str) -> list[str]:
    """Who of session ``code``'s people is in another session at the new time that the
    notices give it (``ecrprint notice --at``), one line a person, passing over what the
    check passes over."""
    found = bookings(proj)
    person, _ = people(found, named_apart(proj, found))
    groups, _, on_purpose, slots, spans = _timing(proj, person)
    mine: dict[str, Booking] = {}
    mine_when: dict[str, tuple[int, int]] = {}
    for b in found:
        if b.session.code == code and not _PLACEHOLDER.search(b.written) and person[b.name] not in groups:
            who, span = person[b.name], _booked_span(b, spans[id(b.session)])
            mine.setdefault(who, b)
            mine_when[who] = _widened(mine_when.get(who), span)
    elsewhere = {n.session for n in proj.notices if n.change == "cancelled"} | {code}
    out, said, name = [], set(), room_names(proj)
    for b in found:
        who = person[b.name]
        own = mine.get(who)
        if own is None or who in said or b.session.code in elsewhere:
            continue
        (start, end), (o_start, o_end) = mine_when[who], _booked_span(b, spans[id(b.session)])
        if o_start >= end or start >= o_end or frozenset((code, b.session.code)) in on_purpose:
            continue
        said.add(who)
        _, new_start, new_end, _ = slots[id(own.session)]
        _, other_start, other_end, room = slots[id(b.session)]
        out.append(
            f"at {code}'s new time {said_span(new_start, new_end)}, {_ROLES[own.role][3:]} "
            f"{own.written} is in {b.session.code} ({said_span(other_start, other_end)} in "
            f"{name(room)}, {_ROLES[b.role]})"
        )
    return out


class _Timing(NamedTuple):
    """What both double-booking checks read the timetable with."""

    groups: set[str]  # the people that are groups (congress.group_names)
    rescheduled: dict[str, model.Notice]
    on_purpose: set[frozenset[str]]  # pairs of codes double booked on purpose
    slots: dict[int, tuple[date, int, int, str]]  # by session id: where and when it is now
    spans: dict[int, tuple[int, int]]  # by session id: its slot on _span's clock


def _timing(proj: model.Project, person: dict[str, str]) -> _Timing:
    rescheduled = _rescheduled(proj)
    slots = _slots(proj, rescheduled)
    spans = {key: _span(*slot[:3]) for key, slot in slots.items()}
    return _Timing(group_people(proj, person), rescheduled, double_booked_on_purpose(proj), slots, spans)


def _widened(known: tuple[int, int] | None, span: tuple[int, int]) -> tuple[int, int]:
    """From the earlier start to the later end of ``known`` (if any) and ``span``."""
    return span if known is None else (min(known[0], span[0]), max(known[1], span[1]))


def _booked_span(b: Booking, span: tuple[int, int]) -> tuple[int, int]:
    """When ``b``'s person is in its session, on _span's clock: all of it (``span``, where the
    session takes place now), or, for a speaker where the session's lectures have times, the
    lecture alone, moved with its session and never past it."""
    times = b.session.lecture_times() if b.lecture is not None else None
    if times is None:
        return span
    start, end = times[b.lecture]
    if end is None:
        end = times[b.lecture + 1][0] if b.lecture + 1 < len(times) else b.session.end
    shift = span[0] - b.session.start  # the session's own clock to _span's
    return max(span[0], start + shift), min(span[1], end + shift)


def _span(day: date, start: int, end: int) -> tuple[int, int]:
    """A session's start and end in minutes on one clock for all days (past midnight too)."""
    minutes = day.toordinal() * MINUTES_A_DAY
    return minutes + start, minutes + end


# The further clashes of one person that their one warning names, by code and line.
MOST_CLASHES_NAMED = 4


def _double_booking(
    clashes: list[tuple[Booking, list[Booking]]],
    slots: dict,
    rescheduled: dict,
    origins: Origins,
    room_name: Callable[[str], str],
) -> Problem:
    """One warning a person, at their first clash: a schedule that puts one person (an
    imported assembly, say) in thirty sessions at once is one thing to mend, not thirty. The
    sessions are where and when ``slots`` (by their ids) has them: a new time given in the
    notices is said as such, and another day before the time ("2025-03-05, 23:30–00:40 the
    next day"), which may run on into the day of the clash."""
    b, earlier = clashes[0]
    a, s = earlier[0], earlier[0].session
    m, first = b.mark(origins), a.mark(origins)
    on, start, end, room = slots[id(s)]
    day = f"{on}, " if on != slots[id(b.session)][0] else ""
    new = ", at its new time" if s.code in rescheduled else ""
    when = f" at {b.session.code}'s new time" if b.session.code in rescheduled else ""
    more = f", and in {counted(len(earlier) - 1, 'other session')}" if len(earlier) > 1 else ""
    message = (
        f"{b.written} is in two places at once{when}: also in {s.code} ({day}{said_span(start, end)} "
        f"in {room_name(room)}{new}, {_ROLES[a.role]}; at {first.path}:{first.line}){more}"
    )
    pair = f"{b.session.code} double_booked_with: [{s.code}]"
    if len(clashes) == 1 and len(earlier) == 1:
        hint = f"; if that is intended, give {pair}"
    else:
        hint = (
            f"; for each clash that is intended, give either session double_booked_with: [the other's code], as {pair}"
        )
        # Many clashes are often a name the congress gives a group ("ECR Faculty").
        hint += f"; if '{b.written}' is a group, not one person, list it in congress.group_names instead"
    if len(clashes) > 1:
        named = [f"{c.session.code} (line {c.mark(origins).line})" for c, _ in clashes[1 : 1 + MOST_CLASHES_NAMED]]
        rest = len(clashes) - 1 - len(named)
        if rest:
            listed = ", ".join(named) + f" and {rest} more"
        else:
            listed = " and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else named[0]
        puts = "puts" if len(clashes) == 2 else "put"
        message += f"; {listed} {puts} them in two places at once too"
    return Problem(m.path, m.line, m.col, b.field(), message + hint)
