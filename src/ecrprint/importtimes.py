"""Clock times, durations, dates and time zones as schedule exports write them, read into minutes."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")


def clock_minutes(text: str) -> int | None:
    """Minutes of an ``H:MM`` / ``HH:MM[:SS]`` string, or None."""
    match = _CLOCK.fullmatch(text.strip())
    return int(match[1]) * 60 + int(match[2]) if match else None


MAX_END = 47 * 60 + 59  # the latest time the content format reads


def duration_minutes(text: str) -> int | None:
    """Minutes of a duration, ``H:MM`` or ``H:MM:SS`` in whole minutes, or None.

    Three parts are always hours, minutes and seconds, hours padded or not ("00:45:00",
    "1:30:00" as Python's timedelta writes them). pretalx writes a duration of a day or more
    as days:hours:minutes ("1:02:00" for 26 hours) in the very same shape, and nothing in it
    tells the two apart: reading "1:15:00" as days but "1:30:00" (there is no 30th hour) as
    hours read one export two ways. A day-long pretalx event is so read as hours (no day of
    a programme holds it either way), and the messages about a duration say how it was read.
    Seconds other than :00 are refused rather than dropped: no schedule counts them, and
    pretalx's "1:01:30" (25 h 30 min) is not 61 minutes.
    """
    match = _CLOCK.fullmatch(text.strip())
    if match is None or match[3] not in (None, "00"):
        return None
    return int(match[1]) * 60 + int(match[2])


def duration_form(text: str) -> str:
    """How a duration was read, for a message: "H:MM:SS" or "H:MM"."""
    return "H:MM:SS" if text.count(":") == 2 else "H:MM"


def span(minutes: int) -> str:
    """ "1 day 2 h", "5 h 30 min", "45 min": a duration as people read it."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{mins} min"] if mins else []
    return " ".join(parts)


def clock(minutes: int) -> str:
    """``HH:MM`` of minutes after midnight, past 23:59 for the next day's early hours."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def iso_date(text: str) -> date | None:
    """The date of an ISO ``YYYY-MM-DD`` string, or None."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def day_offset(text: str, day: date) -> int | None:
    """Minutes after the day's midnight of a day start/end (ISO or HH:MM), or None."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return clock_minutes(text) if text else None
    return (moment.date() - day).days * 1440 + moment.hour * 60 + moment.minute


def zone(text: str) -> tzinfo | None:
    """The UTC offset of an ISO date-time, or the zone of an IANA name, or None."""
    try:
        return datetime.fromisoformat(text).tzinfo
    except ValueError:
        pass
    try:
        return ZoneInfo(text) if text else None
    except (ValueError, ZoneInfoNotFoundError):
        return None


def dated_offset(text: str, day: date, start: int | None, zones: list[tzinfo]) -> int | str:
    """Days after ``day`` of an event's date, or what is wrong with it.

    The date-time is read in the first zone (its own offset, the day's, the congress's)
    in which its clock time is the event's start: "23:15Z" with start 00:15 in a day
    starting at 10:00+01:00 is the next day's 00:15, not the day's 23:15.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not ISO 8601"
    if start is None or len(text) <= 10:  # a date alone
        return (moment.date() - day).days
    candidates = [moment]
    for zone in zones if moment.tzinfo else []:
        try:
            candidates.append(moment.astimezone(zone))
        except (OverflowError, ValueError):  # year 1 or 9999 taken across midnight
            continue
    for local in candidates:
        if local.hour * 60 + local.minute == start:
            return (local.date() - day).days
    return f"its date {text} and its start {clock(start)} disagree, in its own time zone, the day's and the congress's"


def wall_end(text: str, day: date, begin: int, duration: int, zones: list[tzinfo]) -> int | None:
    """Minutes after ``day``'s midnight at which an event ends on the congress's clocks, or None.

    An event dated with an offset ("2025-03-30T01:30:00+01:00") is an instant: it ends
    ``duration`` later, and in a time zone with summer time (the first IANA zone given) the
    clocks may have moved meanwhile, so that a two-hour talk from 01:30 ends at 04:30, not
    03:30. None when there is no such zone, the date has no offset, or the date is not the
    ``begin`` the event is shown at in that zone (then nothing says which clocks count).
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    place = next((z for z in zones if isinstance(z, ZoneInfo)), None)
    if moment.tzinfo is None or place is None:
        return None
    try:
        start, end = moment.astimezone(place), (moment + timedelta(minutes=duration)).astimezone(place)
    except (OverflowError, ValueError):  # year 1 or 9999 taken across midnight
        return None
    if _after_midnight(start, day) != begin:
        return None
    return _after_midnight(end, day)


def _after_midnight(moment: datetime, day: date) -> int:
    return (moment.date() - day).days * 1440 + moment.hour * 60 + moment.minute
