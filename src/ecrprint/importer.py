"""Import a pretalx/frab/Pentabarf schedule export into a project's content/ files."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from ecrprint.as_printed import said_time
from ecrprint.content import IMPORTED_FOLDER, content_files
from ecrprint.errors import ContentError, Problem, UsageError, counted, one_line
from ecrprint.importtext import clean_text, slugify
from ecrprint.importtimes import (
    MAX_END,
    clock,
    clock_minutes,
    dated_offset,
    day_offset,
    duration_form,
    duration_minutes,
    iso_date,
    span,
    wall_end,
    zone,
)
from ecrprint.paths import refuse_inside_a_project
from ecrprint.schedule_formats import RawDay, RawEvent, RawSchedule, read_schedule
from ecrprint.schema import is_http_url
from ecrprint.urls import local_address
from ecrprint.yamlsource import short_label

IMPORTED_DIR = IMPORTED_FOLDER
SECTION_FILES = ("formats", "rooms", "days", "sessions")
# Tracks whose sessions the booklet lists under their day at a glance, as a congress's plenaries.
KEYNOTES = re.compile(r"\b(keynotes?|plenar(y|ies)|plenum)\b", re.IGNORECASE)
CODE_PREFIX = "EV"
# The first words of every file the import writes into content/imported/: how it knows the
# files it may replace from the user's own.
WRITTEN_MARK = "# Written by `ecrprint import` from "
log = logging.getLogger(__name__)
PLACEHOLDERS = {"venue": "Venue to be confirmed", "organiser": "Organiser to be confirmed"}


@dataclass
class ImportResult:
    """What an import wrote: counts per section and the files, in writing order."""

    days: int
    rooms: int
    formats: int
    sessions: int
    written: list[Path] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # congress.yaml fields the export lacks
    stale_congress: str | None = None  # why the congress kept from before does not fit
    source: str = ""  # the schedule file, as given
    unlinked: int = 0  # sessions whose event gives no web address: their QR codes lead under base_url
    events: dict[str, tuple[int, int]] = field(default_factory=dict)  # session code -> its event's line, col
    subtitled: set[str] = field(default_factory=set)  # codes of the sessions titled "title: subtitle"

    def in_schedule(self, problem: Problem) -> Problem:
        """A problem found in a generated session, placed at its event in the schedule (where
        it is mended), with the generated place after it."""
        match = re.match(r"sessions\[(.+?)\]", problem.field)
        places = {short_label(code): place for code, place in self.events.items()}
        place = places.get(match.group(1)) if match else None
        if place is None or not problem.path.startswith(f"content/{IMPORTED_DIR}/"):
            return problem
        written = f"{problem.path}:{problem.line}:{problem.col}"
        # The session it overlaps, by its event's line too, not by the generated file's.
        message = re.sub(
            rf"^overlaps (.+?) (\(.*)\(defined at content/{IMPORTED_DIR}/[^:]+:\d+\)$",
            lambda m: f"overlaps {m[1]} {m[2]}(at line {places[m[1]][0]})" if m[1] in places else m[0],
            problem.message,
        )
        if problem.field.endswith("title") and match.group(1) in map(short_label, self.subtitled):
            message += " (the event's title and subtitle, joined by ': ')"
        return Problem(self.source, *place, problem.field, f"{message} (written to {written})")

    def advice(self, problems: int) -> str:
        """What to do when the imported project does not build yet."""
        head = f"ecrprint: the import is written, but the project does not build yet ({counted(problems, 'problem')})"
        if self.stale_congress:
            return f"{head}: {self.stale_congress}."
        return (
            f"{head}: mend {'it' if problems == 1 else 'them'} in the schedule and import again "
            "(content/imported/ is replaced each time), or in your own content files."
        )

    def made_up(self) -> str:
        """What leads to an address made up from the base URL: rooms, days, tracks, and the
        sessions whose events give no address of their own."""
        what = ["rooms", "days", "tracks"]
        if self.unlinked == self.sessions:
            one = self.sessions == 1
            what.append(
                f"{'the' if one else 'all'} {counted(self.sessions, 'session')} "
                f"(the schedule gives {'it' if one else 'them'} no address)"
            )
        elif self.unlinked:
            those = "the one" if self.unlinked == 1 else "those"
            what.append(f"{self.unlinked} of the {self.sessions} sessions ({those} the schedule gives no address)")
        return ", ".join(what[:-1]) + " and " + what[-1]

    def summary(self, content: Path) -> list[str]:
        """What the import command prints: the counts, and what to fill in by hand."""
        counts = [counted(n, what) for n, what in ((self.days, "day"), (self.formats, "format"))]
        lines = [
            f"Imported {counted(self.sessions, 'session')}, {counted(self.rooms, 'room')}, "
            f"{' and '.join(counts)} into {content}."
        ]
        if self.written and self.written[0].name == "congress.yaml" and self.placeholders:
            fields = " and ".join(self.placeholders)
            verb = "is a placeholder" if len(self.placeholders) == 1 else "are placeholders"
            them = "it" if len(self.placeholders) == 1 else "them"
            lines.append(f"The {fields} in {self.written[0]} {verb}: the schedule does not give {them}.")
        if self.written and self.written[0].name == "congress.yaml":
            # A schedule gives each talk's page at most; the other QR codes' pages are guesses.
            lines.append(
                f"The QR codes of {self.made_up()} lead to addresses made up from the base URL "
                f"(urls in {self.written[0]}): point them at pages your site has, such as its schedule page."
            )
        return lines


def import_schedule(source: Path, project: Path) -> ImportResult:
    """Convert ``source`` (schedule.xml or .json) into ``project``/content/.

    content/imported/ is replaced as a whole; content/congress.yaml is written only
    when no content file defines ``congress`` yet. Nothing is written when the input
    has problems.
    """
    content = project / "content"
    if source.resolve().is_relative_to((content / IMPORTED_DIR).resolve()):
        raise UsageError(
            f"'{source}' is inside {content / IMPORTED_DIR}, which the import replaces as a whole: "
            "move the schedule elsewhere, then import it"
        )
    schedule = read_schedule(source)
    _warn_of_an_unknown_time_zone(schedule)
    converter = _Converter(schedule)
    sections = converter.convert()
    refuse_inside_a_project(project)
    _require_folders(project, content, content / IMPORTED_DIR)
    _require_only_imported(content / IMPORTED_DIR)
    congress = None if _congress_defined(project) else _congress(schedule, sections["days"])
    content.mkdir(parents=True, exist_ok=True)
    name = _shown(source.name)
    header = (
        f"{WRITTEN_MARK}{name}. Do not edit: the next\n"
        "# import replaces every file in content/imported/. Put your own content in\n"
        "# other files under content/.\n"
    )
    written = _replace_imported(content, {k: {k: sections[k]} for k in SECTION_FILES}, header)
    placeholders = []
    if congress is not None:
        # The organiser is always a guess (the congress's title): no export names one.
        placeholders = ["venue"] * (congress["venue"] == PLACEHOLDERS["venue"]) + ["organiser"]
        path = content / "congress.yaml"
        verb, them = ("is a placeholder", "it") if len(placeholders) == 1 else ("are placeholders", "them")
        note = f" {' and '.join(placeholders)} {verb}: the\n# schedule does not give {them}.\n"
        # "x": created here or not at all, never through a link someone left in its place.
        with open(path, "x", encoding="utf-8") as out:
            out.write(
                f"# Written once by `ecrprint import` from {name}; later imports\n"
                f"# leave this file alone.{note}" + _dump({"congress": congress})
            )
        written.insert(0, path)
    counts = {k: len(sections[k]) for k in SECTION_FILES}
    stale = None if congress is not None else _stale_congress(content, [d["date"] for d in sections["days"]])
    return ImportResult(
        written=written,
        placeholders=placeholders,
        stale_congress=stale,
        source=str(source),
        events=converter.events,
        subtitled=converter.subtitled,
        unlinked=sum("url" not in session for session in sections["sessions"]),
        **counts,
    )


def _shown(name: str) -> str:
    """A file name fit for a comment line: bytes that are not UTF-8 as \\x.., and no line breaks
    or other control characters that would end the comment and start YAML of their own."""
    return one_line(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _stale_congress(content: Path, dates: list[date]) -> str | None:
    """Why a congress kept from before cannot hold the new schedule's days, or None."""
    path = content / "congress.yaml"
    try:
        congress = yaml.safe_load(path.read_text(encoding="utf-8"))["congress"]
        start, end = congress["start"], congress["end"]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
        return None  # the user's own file, or one the project check reports on
    if not (isinstance(start, date) and isinstance(end, date) and dates):
        return None
    # "start: 2024-03-01 10:00:00" reads as a date and time: its day is what counts.
    start, end = (v.date() if isinstance(v, datetime) else v for v in (start, end))
    if start <= min(dates) and max(dates) <= end:
        return None
    return (
        f"{path} comes from an earlier import (or your own hand) and runs from {start} to {end}, "
        f"but this schedule runs from {min(dates)} to {max(dates)}: set its start and end to the new dates "
        "(and check its name and venue), or delete it and import again to have it written anew"
    )


# --- conversion ---------------------------------------------------------------


class _Ids:
    """Stable ids for names, in registration order; clashes get -2, -3, ..."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self.ids: dict[str, str] = {}

    def add(self, name: str) -> str:
        if name not in self.ids:
            base = slugify(name) or f"{self.fallback}-{len(self.ids) + 1}"
            candidate, n = base, 2
            while candidate in self.ids.values():
                candidate, n = f"{base}-{n}", n + 1
            self.ids[name] = candidate
        return self.ids[name]


def _caseless(name: str) -> str:
    """A name as Unicode compares it without case (canonical caseless matching), spaces collapsed."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", " ".join(name.split())).casefold())


class _Converter:
    """Turns a RawSchedule into the four imported sections, collecting every problem."""

    def __init__(self, schedule: RawSchedule) -> None:
        self.schedule = schedule
        self.problems: list[Problem] = []
        self.rooms = _Ids("room")
        self.formats: dict[str, str] = {}  # format name -> description
        self.codes: dict[str, int] = {}  # session code -> line of its event
        self.events: dict[str, tuple[int, int]] = {}  # session code -> line, col of its event
        self.subtitled: set[str] = set()  # codes of the sessions whose title is "title: subtitle"
        self.sessions: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self.spellings: dict[str, str] = {}  # room name without case -> its first spelling
        self.warned: set[tuple[str, str]] = set()
        self.local_urls: list[RawEvent] = []  # events whose address no visitor can open
        # Codes of events without id: each guid's shortest prefix (from 8 hex digits) that no
        # other guid shares, so that a new event lengthens only the codes it resembles.
        guids = sorted({re.sub(r"[^0-9a-z]", "", e.guid.lower()) for d in schedule.days for e in d.events if not e.id})
        self.guid_digits = {
            g: max(
                [8]
                + [len(os.path.commonprefix([g, other])) + 1 for other in guids[max(i - 1, 0) : i + 2] if other != g]
            )
            for i, g in enumerate(guids)
            if g
        }

    def room_name(self, name: str, where: RawEvent | RawDay | None = None) -> str:
        """The room's first spelling: "saal 1" after "Saal 1" is the same room (warned of once).

        Only case, spacing and how the letters are encoded (composed or not) are ignored;
        "Hall Ä" is not "Hall A", nor "Αίθουσα Η" "Αίθουσα Ι", though their ids are made of
        the same Latin letters (and so are told apart by a number).
        """
        key = _caseless(name)
        first = self.spellings.setdefault(key, name)
        if first != name and (key, name) not in self.warned:
            self.warned.add((key, name))
            line, col = (where.line, where.col) if where else (self.schedule.line, self.schedule.col)
            message = f"{name!r} is taken as the room {first!r}, spelled so first"
            log.warning("%s", Problem(self.schedule.path, line, col, "event.room", message))
        return first

    def problem(self, where: RawEvent | RawDay, name: str, message: str) -> None:
        self.problems.append(Problem(self.schedule.path, where.line, where.col, name, message))

    def convert(self) -> dict[str, list[dict[str, Any]]]:
        for name in self.schedule.rooms:
            self.rooms.add(self.room_name(clean_text(name)))
        days: dict[date, dict[str, Any]] = {}
        for raw_day in self.schedule.days:
            day = iso_date(raw_day.date)
            if day is None:
                self.problem(raw_day, "day.date", f"{raw_day.date!r} is not a YYYY-MM-DD date")
            elif day in days:
                self.problem(raw_day, "day.date", f"day {day} is listed twice")
            else:
                days[day] = self.convert_day(raw_day, day)
        if self.problems:
            raise ContentError(self.problems)
        if self.local_urls:
            event, others = self.local_urls[0], len(self.local_urls) - 1
            message = (
                f"{event.url} is a local or example address that no visitor's phone can open"
                + (f" (as are those of {counted(others, 'other event')})" if others else "")
                + ": their QR codes would lead there; give the public addresses, or leave them out"
            )
            log.warning("%s", Problem(self.schedule.path, event.line, event.col, "event.url", message))
        format_ids = _Ids("format")
        formats = []
        for name in sorted(self.formats, key=str.casefold):
            fid = format_ids.add(name)
            entry = {"id": fid, "name": name, "description": self.formats[name]}
            if KEYNOTES.search(name):  # listed under their day at a glance
                entry["highlight"] = True
            formats.append(entry)
        sessions = []
        for _, session in sorted(self.sessions, key=lambda item: item[0]):
            session["format"] = format_ids.ids[session["format"]]
            session["room"] = self.rooms.ids[session["room"]]
            sessions.append(session)
        used = {session["room"] for session in sessions}
        return {
            "formats": formats,
            # A room the export lists but holds no event in (FOSDEM lists every room of the
            # venue) would be printed in the booklet's list of rooms with 0 sessions.
            "rooms": [{"id": rid, "name": name} for name, rid in self.rooms.ids.items() if rid in used],
            "days": [days[d] for d in sorted(days)],
            "sessions": sessions,
        }

    def convert_day(self, raw_day: RawDay, day: date) -> dict[str, Any]:
        for name in raw_day.rooms:
            self.rooms.add(self.room_name(clean_text(name), raw_day))
        day_start = day_offset(raw_day.start, day)
        zones = [z for z in (zone(raw_day.start), zone(self.schedule.conference.get("time_zone_name", ""))) if z]
        spans = [self.convert_event(e, day, day_start, zones) for e in raw_day.events]
        spans = [s for s in spans if s is not None]
        if spans:
            opens, closes = min(s for s, _ in spans), max(e for _, e in spans)
        else:
            day_end = day_offset(raw_day.end, day)
            opens = day_start if day_start is not None and 0 <= day_start < 1440 else 0
            closes = day_end if day_end is not None and day_end > opens else 1440
        return {"date": day, "opens": clock(opens), "closes": clock(closes)}

    def convert_event(
        self, event: RawEvent, day: date, day_start: int | None, zones: list[tzinfo]
    ) -> tuple[int, int] | None:
        """Record the event's session; return its (start, end) minutes or None."""
        label = f"event {event.id or event.guid or '(no id)'}"
        before = len(self.problems)
        title = clean_text(event.title)
        if not title:
            self.problem(event, "event.title", f"{label} has no title")
        start = clock_minutes(event.start)
        if start is None or start >= 1440:
            said = f": start {event.start!r} is not HH:MM" if event.start else " has no start"
            self.problem(event, "event.start", label + said)
        duration = duration_minutes(event.duration)
        if not event.duration:
            self.problem(event, "event.duration", f"{label} has no duration (H:MM or H:MM:SS)")
        elif duration is None or duration <= 0:
            said = f"duration {event.duration!r} is not H:MM or H:MM:SS in whole minutes, > 0"
            self.problem(event, "event.duration", f"{label}: {said}")
        offset = 0
        if event.date:
            dated = dated_offset(event.date, day, start if start is not None and start < 1440 else None, zones)
            if isinstance(dated, str):
                self.problem(event, "event.date", f"{label}: {dated}")
            elif dated < 0:
                self.problem(event, "event.date", f"{label} is dated before its day {day}")
            elif dated > 1:
                self.problem(event, "event.date", f"{label} is dated {dated} days after its day {day}")
            else:
                offset = dated
        elif day_start is not None and start is not None and start < day_start % 1440:
            offset = 1  # no date: a time before the day's start is after midnight
        room = self.room_name(clean_text(event.room), event) if clean_text(event.room) else ""
        if not room:
            self.problem(event, "event.room", f"{label} has no room")
        code = self.code(event, label)
        if len(self.problems) > before or start is None or duration is None or code is None:
            return None
        begin = offset * 1440 + start
        end = self.end(event, day, begin, duration, zones)
        opens = day_start if day_start is not None and 0 <= day_start < 1440 else None
        # A day's programme spans at most 24 hours from its opening (or ends by 47:59).
        limit = opens + 1440 if opens is not None else MAX_END
        if end > limit:
            since = f"more than 24 hours after the day opens at {clock(opens)}" if opens is not None else "after 47:59"
            self.problem(
                event,
                "event.duration",
                f"{label} runs past the end of its day: from {said_time(begin)} for {span(duration)} "
                f"(duration {event.duration!r}, read as {duration_form(event.duration)}) it ends at {said_time(end)}, "
                f"{since}",
            )
            return None
        self.rooms.add(room)
        subtitle = clean_text(event.subtitle)
        if subtitle:
            self.subtitled.add(code)
        session: dict[str, Any] = {
            "code": code,
            "format": self.format_of(event),
            "title": f"{title}: {subtitle}" if subtitle else title,
            "room": room,
            "day": day,
            "start": clock(begin),
            "end": clock(end),
        }
        if is_http_url(event.url):
            session["url"] = event.url
            if local_address(event.url):
                self.local_urls.append(event)
        elif event.url.startswith(("https://", "http://")):
            message = f"{event.url!r} is not a web address, so the session's QR code leads under base_url instead"
            log.warning("%s", Problem(self.schedule.path, event.line, event.col, "event.url", message))
        names = [clean_text(n) for n in event.persons]
        speakers = list(dict.fromkeys(n for n in names if _is_a_name(n)))
        unnamed = event.unnamed + sum(not _is_a_name(n) for n in names)
        if unnamed:
            message = f"{counted(unnamed, 'speaker')} without a name: left out of the session's speakers"
            log.warning("%s", Problem(self.schedule.path, event.line, event.col, "event.persons", message))
        if speakers:
            session["lectures"] = [{"title": session["title"], "speakers": speakers}]
        room_index = list(self.rooms.ids).index(room)
        self.sessions.append(((day, begin, room_index, code), session))
        return begin, end

    @staticmethod
    def end(event: RawEvent, day: date, begin: int, duration: int, zones: list[tzinfo]) -> int:
        """Minutes after the day's midnight at which the event ends on the congress's clocks:
        ``duration`` after its start, unless the clocks change for summer time meanwhile."""
        moved = wall_end(event.date, day, begin, duration, zones) if event.date else None
        # Clocks put back an hour can make a short talk end "before" it starts: its end is
        # then shown as its duration after its start, which the next hour repeats.
        return moved if moved is not None and moved > begin else begin + duration

    def code(self, event: RawEvent, label: str) -> str | None:
        """``EV <event id>`` (or the guid's first 8 hex digits), unique and stable."""
        short = re.sub(r"[^0-9A-Za-z]+", "-", event.id).strip("-")
        guid = re.sub(r"[^0-9a-z]", "", event.guid.lower())
        short = short or guid[: self.guid_digits.get(guid, 8)]
        if not short:
            self.problem(event, "event.id", f"{label} has neither id nor guid")
            return None
        code = f"{CODE_PREFIX} {short}"
        if code in self.codes:
            first = self.codes[code]
            self.problem(event, "event.id", f"{label}: code {code} already used at line {first}")
            return None
        self.codes[code] = event.line
        self.events[code] = (event.line, event.col)
        return code

    def format_of(self, event: RawEvent) -> str:
        track, kind = clean_text(event.track), clean_text(event.type)
        if track:
            name, description = track, f"Sessions of the track “{track}”."
        elif kind:
            name, description = kind, f"Sessions of the type “{kind}”."
        else:
            name, description = "General", "Sessions without a track."
        self.formats.setdefault(name, description)
        return name


def _is_a_name(text: str) -> bool:
    """Whether a speaker's name has a letter or digit: "-" or "?" holds a place in the export
    (FOSDEM's), and printed it would be a speaker of its own, filed in the index."""
    return any(ch.isalnum() for ch in text)


def _warn_of_an_unknown_time_zone(schedule: RawSchedule) -> None:
    """A time zone this machine's time zone database lacks (Windows has none, nor have minimal
    containers, unless the tzdata package is installed) would be passed over in silence: a
    session across a change of summer time would end an hour off on this machine alone."""
    name = schedule.conference.get("time_zone_name", "")
    if name and zone(name) is None:
        message = (
            f"the time zone {name!r} is not in this machine's time zone database, so times are read by their "
            "UTC offsets alone and a session across a change of summer time would end an hour off: install the "
            "tzdata package (pip install tzdata), or correct the name, and import again"
        )
        log.warning("%s", Problem(schedule.path, schedule.line, schedule.col, "conference.time_zone_name", message))


def _congress(schedule: RawSchedule, days: list[dict[str, Any]]) -> dict[str, Any]:
    conference = schedule.conference
    title, acronym, city = (clean_text(conference.get(k, "")) for k in ("title", "acronym", "city"))
    congress_id = slugify(acronym) or slugify(title) or "congress"
    dates = [d["date"] for d in days]
    start = iso_date(conference.get("start", "")[:10]) or (min(dates) if dates else None)
    end = iso_date(conference.get("end", "")[:10]) or (max(dates) if dates else None)
    if start is None or end is None:
        message = "has no start/end date and no days; cannot write congress.yaml"
        where = (schedule.path, schedule.line, schedule.col)
        raise ContentError([Problem(*where, "conference", message)])
    base_url = conference.get("base_url") or conference.get("url") or ""
    where = (schedule.path, schedule.line, schedule.col, "conference.base_url")
    if not base_url.startswith(("https://", "http://")):
        base_url = f"https://example.org/{congress_id}"
        message = (
            f"the schedule gives no web address, so every QR code would lead to the placeholder {base_url}: "
            "set base_url in content/congress.yaml before printing"
        )
        log.warning("%s", Problem(*where, message))
    elif local_address(base_url):
        message = (
            f"{base_url} is a local or example address that no visitor's phone can open, and every QR code would "
            "lead there: set base_url in content/congress.yaml to the congress's public address before printing"
        )
        log.warning("%s", Problem(*where, message))
    return {
        "id": congress_id,
        "name": title or acronym or "Imported congress",
        # pretalx's acronym is often a slug ("democon24"): a cover shows the title instead.
        "edition": acronym if acronym and acronym != acronym.lower() else title or acronym or "Imported congress",
        "start": start,
        "end": end,
        "venue": clean_text(conference.get("venue", "")) or PLACEHOLDERS["venue"],
        **({"city": city} if city else {}),
        "organiser": title or acronym or PLACEHOLDERS["organiser"],
        "base_url": base_url.rstrip("/"),
        "version": schedule.version or "imported",
        "urls": {
            "format": "{base_url}/formats/{id}",
            "topic": "{base_url}/hands-on/{id}",
            "session": "{base_url}/sessions/{slug}",
            "room_day": "{base_url}/rooms/{room}/{date}",
        },
    }


# --- writing ------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes HH:MM times (as the content format asks), no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if re.fullmatch(r"\d{2,}:\d{2}", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(data: dict[str, Any]) -> str:
    """yaml.safe_dump with the project's options, plus quoted times."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _congress_defined(project: Path) -> bool:
    """Whether congress.yaml exists or another non-imported file has ``congress:``.

    The files looked in are those the project is built from (.yaml and .yml, none hidden
    in a dot-folder): a congress kept in content/.old/ is not the project's.
    """
    content = project / "content"
    if (content / "congress.yaml").exists() or (content / "congress.yaml").is_symlink():
        return True  # a link, even one that leads nowhere, is the user's file: never written through
    for path in content_files(project) if content.is_dir() else []:
        if IMPORTED_DIR in path.relative_to(content).parts[:1]:
            continue
        try:
            if re.search(r"(?m)^congress\s*:", path.read_text(encoding="utf-8")):
                return True
        except (OSError, UnicodeDecodeError):
            continue
    return False


def _require_folders(*folders: Path) -> None:
    """Refuse before writing when a folder the import writes into is a file or a link.

    content/imported/ is replaced as a whole: a file or link of that name is the user's,
    never deleted silently.
    """
    for folder in folders:
        if folder.is_symlink():
            raise UsageError(f"'{folder}' is a link; the import writes a folder there: move the link away")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"'{folder}' is a file, not a folder: move it away, then import again")


def _require_only_imported(folder: Path) -> None:
    """Refuse before writing when content/imported/ holds anything the import did not write.

    The folder is replaced as a whole: a file of the user's there (one without the header
    every imported file starts with), a folder or a link would be deleted with it. Hidden
    ones (.DS_Store, an editor's swap file) are no content, and are carried over as they are.
    """
    if not folder.is_dir():
        return
    theirs = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".") and not _written_here(p))
    if theirs:
        shown = ", ".join(repr(_shown(name)) for name in theirs)
        raise UsageError(
            f"'{folder}' holds {counted(len(theirs), 'file')} the import did not write ({shown}), and "
            "the import replaces that folder as a whole: move them elsewhere under content/, then import again"
        )


def _written_here(path: Path) -> bool:
    """Whether ``path`` is a file an import wrote: a regular file (not a link) that starts
    with the import's header."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with open(path, "rb") as file:
            head = file.read(len(WRITTEN_MARK.encode("utf-8")))
    except OSError:
        return False
    return head == WRITTEN_MARK.encode("utf-8")


def _replace_imported(content: Path, files: dict[str, Any], header: str) -> list[Path]:
    """Write the files into a staging folder, then swap it in for content/imported/."""
    work = Path(tempfile.mkdtemp(prefix=".ecrprint-import-", dir=content.parent))
    staging, old, target = work / IMPORTED_DIR, work / "old", content / IMPORTED_DIR
    try:
        staging.mkdir()
        for name, data in files.items():
            (staging / f"{name}.yaml").write_text(header + _dump(data), encoding="utf-8")
        for hidden in sorted(target.glob(".*")) if target.is_dir() else []:
            if hidden.is_dir() and not hidden.is_symlink():
                shutil.copytree(hidden, staging / hidden.name, symlinks=True)
            else:
                shutil.copy2(hidden, staging / hidden.name, follow_symlinks=False)
        if target.exists():
            target.rename(old)
        try:
            staging.rename(target)
        except BaseException:  # an OSError, or Ctrl-C between the two renames
            if old.exists() and not target.exists():
                old.rename(target)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [target / f"{name}.yaml" for name in files]
