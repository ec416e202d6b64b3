"""Clock times, durations, dates and time zones as schedule exports write them, read into minutes."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)(?::[0-5]\d)?")


def clock_minutes(text: str) -> int | None:
    """Minutes of an ``H:MM`` / ``HH:MM[:SS]`` string, or None."""
    match = _CLOCK.fullmatch(text.strip())
    return int(match[1]) * 60 + int(match[2]) if match else None


MAX_END = 47 * 60 + 59  # the latest time the content format reads


def duration_minutes(text: str) -> int | None:
    """Minutes of a duration: ``H:MM``, ``HH:MM:SS``, or pretalx's ``D:HH:MM``.

    pretalx writes a duration of a day or more as days:hours:minutes with the days
    unpadded ("1:02:00"); other exporters' three-part durations are hours:minutes:seconds,
    zero-padded ("00:45:00").
    """
    parts = text.strip().split(":")
    # ASCII digits only ("²" is a digit to str.isdigit, not to int), and no absurd lengths.
    plain = all(p.isascii() and p.isdigit() and len(p) <= 6 for p in parts)
    if len(parts) == 3 and plain and not parts[0].startswith("0"):
        if len(parts[1]) == len(parts[2]) == 2 and int(parts[1]) < 24 and int(parts[2]) < 60:
            return int(parts[0]) * 1440 + int(parts[1]) * 60 + int(parts[2])
    return clock_minutes(text)


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
