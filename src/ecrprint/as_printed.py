"""Times and rooms in messages as the print shows them: "00:40 the next day", "Room E1"."""

from __future__ import annotations

from collections.abc import Callable

from . import model
from .views import clock

MINUTES_A_DAY = 24 * 60
NEXT_DAY = " the next day"


def said_time(minutes: int) -> str:
    """A time as printed: "09:00"; one written past 24:00 ("24:40") as the clock shows it, with
    the day it falls on ("00:40 the next day"), as the booklet and the signs print it."""
    return clock(minutes) + (NEXT_DAY if minutes >= MINUTES_A_DAY else "")


def said_span(start: int, end: int) -> str:
    """From ``start`` to ``end`` as printed: "09:00–10:30", "23:30–00:40 the next day" (said
    once, after the end, when both are after midnight: "00:30–01:30 the next day")."""
    return f"{clock(start)}–{said_time(end)}"


def room_names(proj: model.Project) -> Callable[[str], str]:
    """How messages name a room given by its id: by its name, as organisers know it and its
    door signs print it ("Room E1"); a room the content does not define, by the id written."""
    names: dict[str, str] = {}
    for r in proj.rooms:
        names.setdefault(r.id, r.name)  # a duplicate id is a problem of its own: the first one
    return lambda room: names.get(room) or f"room '{room}'"
