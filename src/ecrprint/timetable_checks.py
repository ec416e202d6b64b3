"""The timetable's rooms and times: days within the congress, sessions within their days'
hours, lectures within their sessions, and no two sessions in one room at once."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import model
from .as_printed import room_names, said_span, said_time
from .errors import Problem, counted

if TYPE_CHECKING:
    from .content import Origins

MINUTES_A_DAY = 24 * 60


def check_rooms(proj: model.Project, add) -> None:
    """The rooms' capacities, through cross_check's ``add``."""
    for r in proj.rooms:  # printed on the rooms page and the door signs
        if r.capacity is not None and not 1 <= r.capacity <= 100_000:
            add(r, "capacity", f"rooms[{r.id}].capacity", f"expected 1 to 100,000 seats, got {r.capacity:,}")


def check_days(proj: model.Project, add, dated: bool) -> None:
    """The days' problems, through cross_check's ``add``: a day outside the congress's dates
    (when ``dated``: they could be read), and one that closes before it opens."""
    c = proj.congress
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


def check_session_times(proj: model.Project, origins: Origins, add, known, days: dict[date, model.Day]) -> None:
    """The sessions' times, through cross_check's ``add`` and ``known``: each ends after it
    starts, on a day of the programme (``days``, by date), within its opening hours, with its
    lectures inside it, and no two sessions in one room at once, past midnight too."""
    by_room: dict[tuple, list] = defaultdict(list)
    for s in proj.sessions:
        where = f"sessions[{s.code}]"
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
    _room_overlaps(proj, origins, add, by_room)


def _room_overlaps(proj: model.Project, origins: Origins, add, by_room: dict[tuple, list]) -> None:
    """Sessions at once in one room (``by_room``: the sessions by room and day), on one day
    or the next morning, through cross_check's ``add``."""
    room_name = room_names(proj)
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


def not_a_congress_day(proj: model.Project, day: date) -> str | None:
    """Why ``day`` cannot be a notice's day, naming the congress's days; None if it can be (or
    the congress has no days to say)."""
    days = sorted(d.date for d in proj.days)
    if not days or day in days:
        return None
    return f"{day} is not a congress day ({', '.join(map(str, days))})"


def days_without_sessions(proj: model.Project, origins: Origins) -> list[Problem]:
    """A warning for each day without sessions: the booklet leaves it out."""
    out = []
    busy = {s.day for s in proj.sessions}
    for d in proj.days:
        if d.date not in busy:
            m = origins.mark(d, "date")
            message = "no sessions on this day: the booklet leaves it out and its door signs say the rooms are free"
            out.append(Problem(m.path, m.line, m.col, f"days[{d.date}]", message))
    return out
