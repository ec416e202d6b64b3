"""What staff type on site, matched to the content: a room, a session code, a day.

They type fast, on a laptop at a printer: "room m1", "rc1106", "wed" or "28 Feb" should find
what they mean whenever only one thing fits, and a refusal names what there is to choose from.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from . import model
from .errors import UsageError


def _plain(text: str, accents: bool = False) -> str:
    """Case, spaces, hyphens and the superscript of "E³" do not tell two names apart; nor do
    accents ("horsaal sud" for "Hörsaal Süd"), unless ``accents`` keeps them."""
    text = text.casefold().replace("³", "3")
    if not accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[\s\-_./]+", "", text)


def room_id(rooms: list[model.Room], given: str) -> str:
    """The id of the room ``given`` names: by id or name, whatever the case and spacing, or by
    the one room whose name contains it ("cube" for "The Cube")."""
    return named(rooms, given, "room")


def named(items: list, given: str, what: str) -> str:
    """The id of the room, workshop topic or sign location (anything with an id and a name)
    that ``given`` names, found as ``room_id`` finds a room."""
    if not items:
        raise UsageError(f"no {what} '{given}': this project has no {what}s")
    wanted = _plain(given)
    exact = [r for r in items if wanted in (_plain(r.id), _plain(r.name))]
    if len(exact) > 1:  # names apart only by their accents ("Saal A", "Saal Ä"): the one as typed
        typed = _plain(given, accents=True)
        exact = [r for r in exact if typed in (_plain(r.id, accents=True), _plain(r.name, accents=True))] or exact
    if len(exact) == 1:
        return exact[0].id
    if exact:
        raise UsageError(f"'{given}' could be {_either([r.name for r in exact])}: give the whole name")
    # A short end of one name: "m1" or "M 1" for "Room M 1", "k" for "Room K" (not "Room",
    # which ends "Workshop Room" but begins the others).
    ends = {r.id: {_plain(" ".join(r.name.split()[i:])) for i in range(1, len(r.name.split()))} for r in items}
    ending = [r for r in items if len(wanted) <= 3 and wanted in ends[r.id]]
    if len(ending) == 1:
        # Unless another name has those letters as words of its own: "MRI" ends "Cardiac CT and
        # MRI" but begins "MRI of the Prostate", and staff may mean either.
        elsewhere = [r for r in items if r is not ending[0] and wanted in _word_runs(r.name)]
        if not elsewhere:
            return ending[0].id
        ending += elsewhere
    # Or a few letters of one name or id: "msk" for the topic msk-ultrasound, as its board's
    # file is named, though its name is "Musculoskeletal Ultrasound".
    partial = ending or [r for r in items if len(wanted) >= 3 and wanted in _plain(r.name) + " " + _plain(r.id)]
    if len(partial) == 1:
        return partial[0].id
    if partial:
        raise UsageError(f"'{given}' could be {_either([r.name for r in partial])}: give the whole name")
    close = _close(items, wanted)
    hint = f"did you mean {_either(close)}?" if close else f"{what}s: " + _either([r.name for r in items])
    raise UsageError(f"no {what} '{given}'; {hint}")


def _word_runs(name: str) -> set[str]:
    """Every run of whole words in ``name``, plain: "MRI", "MRIofthe", … for "MRI of the
    Prostate". Punctuation parts words ("Level 2, South Wing" has the word "2")."""
    words = re.findall(r"\w+", name.replace("³", "3"))
    return {_plain("".join(words[i:j])) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


# More names than this, equally close to what was typed, are no suggestion: the list of all is.
_MOST_SUGGESTED = 3


def _close(items: list, wanted: str) -> list[str]:
    """The names of the items ``wanted`` is probably a slip for: the closest whole name, or
    else those with a word close to it ("entrnce" for "Entrance Hall" and "Expo Entrance X").
    Names equally close are all given, or none when there are many ("Room Q" is as close to
    Room A as to Room X): one of them picked would send staff to the wrong door."""
    names = {_plain(r.name): r.name for r in items}
    scores = {name: difflib.SequenceMatcher(None, wanted, name).ratio() for name in names}
    best = max(scores.values(), default=0.0)
    if best >= 0.6:  # difflib.get_close_matches's cutoff
        closest = [names[name] for name, score in scores.items() if score == best]
        return closest if len(closest) <= _MOST_SUGGESTED else []
    words: dict[str, list[str]] = {}
    for r in items:
        for word in r.name.split():
            words.setdefault(_plain(word), []).append(r.name)
    found = [name for word in difflib.get_close_matches(wanted, list(words), n=3, cutoff=0.75) for name in words[word]]
    found = list(dict.fromkeys(found))
    return found if len(found) <= _MOST_SUGGESTED else []


def session_code(sessions: list[model.Session], given: str) -> str:
    """The code of the session ``given`` names, whatever its case and spacing ("rc1106",
    "e3 1d"): the check makes sure that no two codes differ only in those."""
    wanted = _plain(given, accents=True)
    codes = {_plain(s.code, accents=True): s.code for s in sessions}
    if wanted in codes:
        return codes[wanted]
    close = difflib.get_close_matches(wanted, list(codes), n=3, cutoff=0.7)
    hint = f"; did you mean {_either([codes[c] for c in close])}?" if close else ""
    raise UsageError(f"no session '{given}'{hint}")


@dataclass(frozen=True)
class DayNames:
    """Weekday and month names as staff type them, folded (see ``words.typed``): name ->
    number (Monday 0, January 1)."""

    weekdays: dict[str, int]
    months: dict[str, int]
    around: dict[str, int]  # yesterday, today, tomorrow -> days from today


_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (date(2000, number, 1).strftime("%B").casefold(), date(2000, number, 1).strftime("%b").casefold())
}
_WEEKDAYS = {
    name: number
    for number in range(7)
    for name in (
        date(2024, 1, 1 + number).strftime("%A").casefold(),
        date(2024, 1, 1 + number).strftime("%a").casefold(),
    )
}
_WEEKDAYS["weds"] = 2  # the one short form in common use that is not the start of its name


_AROUND = {"yesterday": -1, "today": 0, "tomorrow": 1}
ENGLISH_NAMES = DayNames(_WEEKDAYS, _MONTHS, _AROUND)


def _number(names: dict[str, int], typed: str, shortest: int) -> int | None:
    """The number of the weekday or month ``typed`` names: by a name or short form, or by the
    start of names that all mean one ("thurs", "tues", "sept"), of at least ``shortest`` letters."""
    typed = typed.rstrip(".")
    if typed in names:
        return names[typed]
    meant = {number for name, number in names.items() if len(typed) >= shortest and name.startswith(typed)}
    return meant.pop() if len(meant) == 1 else None


def day_names(*words) -> DayNames:
    """English names and those of ``words`` (printed words, ``words.Words``), the later ones
    first where two languages spell a name alike."""
    weekdays, months, around = dict(_WEEKDAYS), dict(_MONTHS), dict(_AROUND)
    for each in words:
        w, m, a = each.typed_names()
        weekdays.update(w)
        months.update(m)
        around.update(a)
    return DayNames(weekdays, months, around)


def _folded(text: str) -> str:
    """What staff typed, as names are looked up: without case or accents ("Mié" is "mie"),
    ordinals read as numbers ("28th", "1er", "1º"), and Spanish's "de" left out ("28 de
    febrero")."""
    text = re.sub(r"(\d)(st|nd|rd|th|er|º|°)(?![^\W\d_])", r"\1", text.strip().casefold().replace("’", "'"))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"(?<=[\d.a-z])\s+de\s+(?=[\da-z])", " ", text)


def congress_day(days: list[date], given: str, today: date, names: DayNames = ENGLISH_NAMES) -> date:
    """The day ``given`` names: today, tomorrow or yesterday; a date as 2024-02-28, 2024-2-28,
    28.2.2024, 28.02.24, 28/02/2024, 2/28, 28.2. or 28 Feb; or a weekday ("wed"), which must be a congress day.
    Weekdays and months may be named in English or in the languages of ``names`` ("mittwoch",
    "28. feb", "mer. 28"). A date that names no congress day is refused with the days there are."""
    text = _folded(given)
    named = re.match(r"([a-z]+)\.?,?\s+(?=\d)", text)  # "wed 28 feb", as the refusals list the days
    weekday = _number(names.weekdays, named[1], 2) if named else None
    if weekday is not None:
        rest = text[named.end() :]
        day = _written(rest, days, today, names)
        if day is None and len(numbered := _numbered(rest, days) or []) == 1:
            day = numbered[0]  # "Thu 29", "mer. 28"
        # Unless the weekday is a month's name too, and the whole a date: "mar 1" is March 1,
        # though "mar." is Tuesday in French.
        if day is not None and day.weekday() != weekday and _written(text, days, today, names) is None:
            raise UsageError(f"{given.strip()}: {day:%d %b %Y} is a {day:%A}; {_listed(days)}")
        text = rest if day is not None and day.weekday() == weekday else text
    day = _relative(text, today, names) or _weekday(text, days, names) or _written(text, days, today, names)
    if day is None and (numbered := _numbered(text, days)) is not None:
        if len(numbered) != 1:
            which = "no congress day" if not numbered else "more than one congress day"
            raise UsageError(f"'{given.strip()}' is {which}; {_listed(days)}")
        day = numbered[0]
    if day is None:
        raise UsageError(f"'{given}' is not a day ecrprint can read; {_listed(days)}")
    if day not in days:
        shown = f"{given.strip()} ({day:%a %d %b %Y})" if text in names.around else f"{day:%a %d %b %Y}"
        raise UsageError(f"{shown} is not a congress day; {_listed(days)}")
    return day


def _relative(text: str, today: date, names: DayNames) -> date | None:
    shift = names.around.get(text)
    return None if shift is None else today + timedelta(days=shift)


def _weekday(text: str, days: list[date], names: DayNames) -> date | None:
    number = _number(names.weekdays, text, 2) if re.fullmatch(r"[a-z]+\.?", text) else None
    if number is None:
        return None
    matching = [d for d in days if d.weekday() == number]
    if len(matching) != 1:
        which = "no congress day" if not matching else "more than one congress day"
        raise UsageError(f"'{text}' is {which}; {_listed(days)}")
    return matching[0]


def _written(text: str, days: list[date], today: date, names: DayNames) -> date | None:
    """A date as written: year-month-day, day.month.year, day/month/year, or day and month
    name in either order; without a year, the congress's year."""
    year = days[0].year if days else today.year
    found = re.fullmatch(r"(\d{4})([-/.]?)(\d{1,2})\2(\d{1,2})", text)
    if found and (found[2] or len(text) == 8):  # 2024-02-28, 2024/02/28, 20240228
        parts = int(found[1]), int(found[3]), int(found[4])
    elif found := re.fullmatch(r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?", text):
        given_year = int(found[4]) + (2000 if len(found[4]) == 2 else 0) if found[4] else year
        first, second = int(found[1]), int(found[3])
        parts = given_year, second, first
        # day/month, or the month first as in the US ("2/28", "2-28"): the one that fits. With
        # a year, "-" stays day-month-year ("28-02-24"), as a year first is ISO's ("2024-02-28").
        if found[2] == "/" or (found[2] == "-" and not found[4]):
            for reading in ((given_year, second, first), (given_year, first, second)):
                try:
                    if date(*reading) in days:
                        parts = reading
                        break
                except ValueError:
                    continue
            else:
                parts = (given_year, first, second) if second > 12 >= first else parts
    elif found := re.fullmatch(r"(\d{1,2})\.?[\s-]*([a-z]+)\.?(?:[\s-]+(\d{4}|\d{2}))?", text):  # 28-Feb-24
        month = _number(names.months, found[2], 3)
        if month is None:
            return None
        parts = _year(found[3], year), month, int(found[1])
    elif found := re.fullmatch(r"([a-z]+)\.?[\s-]*(\d{1,2})(?:,?\s+(\d{4}))?", text):
        month = _number(names.months, found[1], 3)
        if month is None:
            return None
        parts = _year(found[3], year), month, int(found[2])
    else:
        return None
    try:
        return date(*parts)
    except ValueError:
        raise UsageError(f"'{text}' is not a real date; {_listed(days)}") from None


def _year(typed: str | None, congress_year: int) -> int:
    """The year a date gives, with two digits or four; the congress's year when it gives none."""
    if not typed:
        return congress_year
    return int(typed) + (2000 if len(typed) == 2 else 0)


def _numbered(text: str, days: list[date]) -> list[date] | None:
    """The congress days that are the day of the month ``text`` gives alone ("29", "29th",
    "1er", "28."); None when it gives more than a number."""
    found = re.fullmatch(r"(\d{1,2})\.?", text)
    if found is None:
        return None
    return [d for d in days if d.day == int(found[1])]


def _listed(days: list[date]) -> str:
    if not days:
        return "this project has no days"
    return "congress days: " + ", ".join(f"{d:%a %d %b} ({d.isoformat()})" for d in days)


def _either(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def last_sign(out_dir, manifest: dict, room: str, day: str, today: date, names: DayNames = ENGLISH_NAMES) -> list:
    """The door sign for ``room`` on ``day`` that the last good build left in ``out_dir``, if
    any (its paths; none found, an empty list): what staff can print while the content has a
    problem someone else must fix. The room
    is found among the signs' rooms as ``room_id`` finds it in the content, so that every way
    of naming a room that makes a sign also finds its last good one; the day, with weekdays
    and months in the languages of ``names``."""
    signs = [e for e in manifest.get("products", []) if e.get("kind") == "door-sign" and isinstance(e.get("room"), str)]
    # A sign lists its room's id; one from before ids were listed, only the name.
    rooms = {(_listed_id(e), e["room"]) for e in signs}
    try:
        wanted = named([SimpleNamespace(id=i, name=n) for i, n in sorted(rooms)], room, "room")
        dates = sorted({date.fromisoformat(e["date"]) for e in signs if isinstance(e.get("date"), str)})
        when = congress_day(dates, day, today, names).isoformat()
    except (UsageError, ValueError):
        return []
    paths = [e["path"] for e in signs if _listed_id(e) == wanted and e.get("date") == when]
    return [out_dir / p for p in sorted(paths) if (out_dir / p).is_file()]


def _listed_id(entry: dict) -> str:
    """The id of a door sign's room as its manifest entry gives it; its name when it has none."""
    room_id = entry.get("room_id")
    return room_id if isinstance(room_id, str) else entry["room"]


# A sponsor board's or directional sign's file names its topic's or place's id, as signs.py
# names them; the manifest, its topic's or place's name.
_OTHER_SIGNS = {
    "sponsor-board": ("topic", re.compile(r"signs/sponsor-board-(?P<id>.+?)(?:-\d+of\d+)?\.pdf")),
    "directional-sign": ("location", re.compile(r"signs/directional-(?P<id>.+)\.pdf")),
}


def last_other_sign(out_dir, manifest: dict, kind: str, given: str) -> list:
    """The sponsor boards of the topic, or the directional sign of the place, that ``given``
    names (``kind`` says which), as the last good build left them in ``out_dir``, if any (their
    paths): found as ``named`` finds them in the content."""
    field, file_name = _OTHER_SIGNS[kind]
    signs: dict[tuple[str, str], list[str]] = {}
    for e in manifest.get("products", []):
        found = file_name.fullmatch(e["path"]) if e.get("kind") == kind and isinstance(e.get(field), str) else None
        if found:
            signs.setdefault((found["id"], e[field]), []).append(e["path"])
    try:
        wanted = named([SimpleNamespace(id=i, name=n) for i, n in signs], given, kind)
    except UsageError:
        return []
    found = [out_dir / path for (i, _), paths in signs.items() if i == wanted for path in paths]
    return [path for path in found if path.is_file()]
