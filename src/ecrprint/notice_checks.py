"""Notices of last-minute changes to sessions: they name a session and a change that go
together, a new time that can be, and a new room that is free then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from . import model
from .as_printed import room_names, said_span, said_time
from .errors import Problem
from .news_checks import check_news
from .timetable_checks import not_a_congress_day, overlaps

if TYPE_CHECKING:
    from .content import Origins

_NEEDS = {
    "session": "a session's change needs session: its code",
    "change": "a session's change needs change: moved, cancelled, full or rescheduled",
}

# What only news of its own has, and what a session's change has instead.
_NEWS_ONLY = {"date": ": a new day is new_date", "room": ": a new room is moved_to", "link": ""}

# The changes that each change cannot go with, for one session.
CONTRADICTIONS = {
    "moved": ["cancelled", "rescheduled"],
    "full": ["cancelled"],
    "cancelled": ["moved", "full", "rescheduled"],
    "rescheduled": ["cancelled", "moved"],
}


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
    if n.new_date is not None and (message := not_a_congress_day(proj, n.new_date)):
        out.append(("new_date", message))
    if s is not None and not out and n.slot(s) == (s.day, s.start, s.end, s.room):
        out.append(("new_start", f"{s.code} is on {s.day} at {said_time(s.start)} in its room already"))
    if s is not None and not out:
        out += _outside_opening_hours(proj, *n.slot(s)[:3], end_given=n.new_end is not None)
    return out


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
