"""Readers for the schedule.xml/.json exports of pretalx, frab and Pentabarf."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ecrprint.errors import ContentError, Problem, UsageError


@dataclass
class RawEvent:
    """One event as the export states it: strings as found, plus where it starts."""

    line: int
    col: int
    id: str = ""
    guid: str = ""
    date: str = ""
    start: str = ""
    duration: str = ""
    room: str = ""
    slug: str = ""
    url: str = ""
    title: str = ""
    subtitle: str = ""
    track: str = ""
    type: str = ""
    abstract: str = ""
    description: str = ""
    persons: list[str] = field(default_factory=list)
    unnamed: int = 0  # person entries in which no name was found


@dataclass
class RawDay:
    """One day of the export with the rooms it lists and its events."""

    line: int
    col: int
    date: str = ""
    start: str = ""
    end: str = ""
    rooms: list[str] = field(default_factory=list)
    events: list[RawEvent] = field(default_factory=list)


@dataclass
class RawSchedule:
    """The whole export: conference metadata, the rooms it names and its days."""

    path: str
    kind: str
    line: int = 1
    col: int = 1
    version: str = ""
    conference: dict[str, str] = field(default_factory=dict)
    rooms: list[str] = field(default_factory=list)
    days: list[RawDay] = field(default_factory=list)


CONFERENCE_KEYS = ("title", "acronym", "start", "end", "base_url", "url", "time_zone_name", "venue", "city")
EVENT_TEXT_KEYS = (
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "track",
    "type",
    "abstract",
    "description",
)


def read_schedule(source: Path) -> RawSchedule:
    """Read a schedule.xml or schedule.json, told apart by their first character."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read the schedule: {exc.strerror}") from exc
    encoding = _wide_encoding(data)
    if encoding:
        try:
            data = data.decode(encoding).removeprefix("\ufeff").encode("utf-8")
        except UnicodeDecodeError as exc:
            before = data[: exc.start].decode(encoding, "replace")
            where = _line_col(before, len(before))
            raise _error(str(source), *where, "file", f"is not valid {encoding.upper()}") from None
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if head == b"<":
        return _read_xml(data, str(source), "UTF-8" if encoding else None)
    if head in (b"{", b"["):
        return _read_json(data, str(source))
    raise _error(
        str(source),
        1,
        1,
        "file",
        "is neither a schedule.xml (starts with '<') nor JSON",
    )


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, told by a byte order mark or by a first '<' or '{' half zero."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    for first in (b"<", b"{", b"["):
        if data.startswith(first + b"\x00") and not data.startswith(first + b"\x00\x00"):
            return "utf-16-le"
        if data.startswith(b"\x00" + first):
            return "utf-16-be"
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _error(path: str, line: int, col: int, name: str, message: str) -> ContentError:
    return ContentError([Problem(path, line, col, name, message)])


# --- XML ----------------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str | _Node] = field(default_factory=list)  # its text and its children, in order

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    @property
    def text(self) -> str:
        """All the text inside, as ElementTree's itertext() gives it: "Short <i>and sweet</i>
        one" is the title "Short and sweet one", not "Short  one"."""
        texts, stack = [], [iter(self.parts)]
        while stack:  # not recursive: an element may nest deeper than Python's recursion limit
            part = next(stack[-1], None)
            if part is None:
                stack.pop()
            elif isinstance(part, str):
                texts.append(part)
            else:
                stack.append(iter(part.parts))
        return "".join(texts).strip()

    def text_of(self, tag: str) -> str:
        node = self.child(tag)
        return node.text if node is not None else ""


class _Forbidden(Exception):
    """A DOCTYPE or entity declaration: refused so no entity can expand."""


def _parse_xml(data: bytes, path: str, encoding: str | None = None) -> _Node:
    parser = expat.ParserCreate(encoding)
    parser.buffer_text = True
    stack: list[_Node] = []
    root: list[_Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else root).append(node)
        if stack:
            stack[-1].parts.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def forbid(*args: object) -> None:
        raise _Forbidden

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    try:
        parser.Parse(data, True)
    except _Forbidden:
        raise _error(
            path,
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            "xml",
            "DOCTYPE and entity declarations are not allowed in a schedule",
        ) from None
    except (ValueError, LookupError):  # expat cannot read a multi-byte or unknown encoding
        declared = re.search(rb"""encoding\s*=\s*["']([^"']{1,40})""", data[:200])
        name = declared.group(1).decode("ascii", "replace") if declared else "its encoding"
        raise _error(
            path, 1, 1, "xml", f"is in {name}, which the import cannot read: save the schedule as UTF-8"
        ) from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        if stack:
            open_ = stack[-1]
            message += f" (<{open_.tag}> opened at line {open_.line} is not closed)"
        raise _error(path, exc.lineno, exc.offset + 1, "xml", message) from None
    return root[0]


def _read_xml(data: bytes, path: str, encoding: str | None = None) -> RawSchedule:
    root = _parse_xml(data, path, encoding)
    if root.tag != "schedule":
        raise _error(path, root.line, root.col, "schedule", f"root is <{root.tag}>")
    result = RawSchedule(path, "xml", root.line, root.col, version=root.text_of("version"))
    conference = root.child("conference")
    if conference is not None:
        result.line, result.col = conference.line, conference.col
        result.conference = {k: conference.text_of(k) for k in CONFERENCE_KEYS}
    for day_node in root.all("day"):
        day = RawDay(
            day_node.line,
            day_node.col,
            day_node.attrs.get("date", "").strip(),
            day_node.attrs.get("start", "").strip(),
            day_node.attrs.get("end", "").strip(),
        )
        for room_node in day_node.all("room"):
            room_name = room_node.attrs.get("name", "").strip()
            if room_name:
                day.rooms.append(room_name)
            for event_node in room_node.all("event"):
                event = _xml_event(event_node)
                event.room = event.room or room_name
                day.events.append(event)
        # FOSDEM's exports up to 2010 list a day's events in the <day> itself, each naming its
        # own <room>: read so, an event that names none is refused by its line as having no room.
        day.events.extend(_xml_event(event_node) for event_node in day_node.all("event"))
        result.days.append(day)
    if not any(day.events for day in result.days):
        where = root.line, root.col
        raise _error(path, *where, "schedule", f"no events found: {_xml_shape(root)}")
    _refuse_stray_events(root, path)
    return result


def _refuse_stray_events(root: _Node, path: str) -> None:
    """An <event> anywhere but in a <day> or its <room> is not read: refuse it by place rather
    than import the schedule without it."""
    read = {id(e) for day in root.all("day") for room in day.all("room") for e in room.all("event")}
    read |= {id(e) for day in root.all("day") for e in day.all("event")}
    problems = []
    stack = [(root, child) for child in root.children]
    while stack:
        parent, node = stack.pop()
        if node.tag.lower() == "event" and id(node) not in read:
            message = (
                f"<{node.tag}> inside <{parent.tag}> is not read (events are read from a <schedule>'s <day> "
                "or a <room> in it), so it would be lost: move it into its <day>"
            )
            problems.append(Problem(path, node.line, node.col, "event", message))
        stack.extend((node, child) for child in node.children)
    if problems:
        raise ContentError(problems)


def _xml_shape(root: _Node) -> str:
    """What a schedule.xml without events holds, against what a schedule.xml should."""
    expected = "expected <schedule><day><room><event>"
    days = root.all("day")
    if not days:
        return f"{expected}, but <{root.tag}> holds {_tags(root.children)}"
    rooms = [room for day in days for room in day.all("room")]
    if not rooms:
        return f"{expected}, but {_its(len(days), '<day>')} {_tags([c for d in days for c in d.children])}"
    inside = [c for room in rooms for c in room.children]
    return f"{expected}, but {_its(len(rooms), '<room>')} {_tags(inside)}"


def _tags(nodes: list[_Node]) -> str:
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.tag] = counts.get(node.tag, 0) + 1
    if not counts:
        return "nothing"
    return ", ".join(_count(n, f"<{tag}>") for tag, n in counts.items())


def _its(n: int, what: str) -> str:
    """ "its 1 <day> holds" or "its 3 <day> elements hold"."""
    return f"its {_count(n, what)} hold" + ("s" if n == 1 else "")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else " elements" if what.startswith("<") else "s")


def _xml_event(node: _Node) -> RawEvent:
    event = RawEvent(node.line, node.col, node.attrs.get("id", "").strip())
    event.guid = node.attrs.get("guid", "").strip()
    for key in EVENT_TEXT_KEYS:
        setattr(event, key, node.text_of(key))
    persons = node.child("persons")
    # Without <persons>, the <person> elements in the event itself, as a Jekyll-made schedule.xml
    # has them (an empty one where an event has no speaker)
    people = persons.all("person") if persons is not None else [p for p in node.all("person") if p.text or p.attrs]
    for p in people:
        # <person id="1">Name</person>, as frab writes it, markup and all; <person name="…"/>
        # or a <name> inside it, as some other tools do (its text is not <name> and
        # <public_name> run together).
        fields = p.child("name") is not None or p.child("public_name") is not None
        text = "" if fields else p.text
        name = text or p.attrs.get("name", "").strip() or p.text_of("name") or p.text_of("public_name")
        if name:
            event.persons.append(name)
        else:
            event.unnamed += 1
    return event


# --- JSON ---------------------------------------------------------------------


class _JDict(dict[str, Any]):
    """A JSON object that remembers the offset of its opening brace."""

    pos = 0


class _LongNumber(str):
    """The digits of a whole number too long for int() to read (Python's limit is 4300)."""


MAX_DIGITS = 4300


def _parse_int(digits: str) -> int | str:
    return int(digits) if len(digits.lstrip("-")) <= MAX_DIGITS else _LongNumber(digits)


def _load_json(text: str) -> Any:
    decoder = json.JSONDecoder(parse_int=_parse_int)

    def parse_object(s_and_end: tuple[str, int], strict, scan_once, hook, _pairs_hook, memo) -> tuple[Any, int]:
        pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, hook, list, memo)
        located = _JDict(pairs)
        located.pos = s_and_end[1] - 1
        if len(located) < len(pairs):  # a key given twice: the first one's value would be lost
            seen: set[str] = set()
            key, again = next(
                (k, at) for k, at in _keys(s_and_end[0], located.pos, strict, scan_once) if k in seen or seen.add(k)
            )
            message = f"the key {key!r} is given twice in one object, and the first one's content would be lost"
            raise json.JSONDecodeError(message, s_and_end[0], again)
        value = located
        for item in value.values():
            if isinstance(item, _LongNumber):
                digits = len(item.lstrip("-"))
                message = f"a number of {digits} digits is too long for a schedule"
                raise json.JSONDecodeError(message, s_and_end[0], s_and_end[0].find(item, located.pos))
        return located, end

    decoder.parse_object = parse_object  # type: ignore[assignment]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def _keys(text: str, pos: int, strict: bool, scan_once: Any) -> Iterator[tuple[str, int]]:
    """The keys of the object whose brace is at ``text[pos]``, each with the offset of its
    opening quote: where it is written, whichever escapes spell it ("\\u00c4" or "Ä")."""
    space = json.decoder.WHITESPACE.match
    at = space(text, pos + 1).end()
    while text[at : at + 1] == '"':
        key, end = json.decoder.scanstring(text, at + 1, strict)
        yield key, at
        end = space(text, space(text, end).end() + 1).end()  # past the colon
        _, end = scan_once(text, end)
        end = space(text, end).end()
        if text[end : end + 1] != ",":
            return
        at = space(text, end + 1).end()


def _read_json(data: bytes, path: str) -> RawSchedule:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _error(path, line, 1, "json", "is not valid UTF-8") from None
    try:
        doc = _load_json(text)
    except json.JSONDecodeError as exc:
        raise _error(path, exc.lineno, exc.colno, "json", exc.msg) from None
    except RecursionError:
        raise _error(path, 1, 1, "json", "values nest too deeply for a schedule") from None
    lone = _lone_surrogate(text)
    if lone is not None:
        escape = text[lone : lone + 6]
        message = f"{escape} is half of a UTF-16 surrogate pair, not a character: the export is damaged"
        raise _error(path, *_line_col(text, lone), "json", message)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def where(obj: Any) -> tuple[int, int]:
        pos = getattr(obj, "pos", 0)
        line = bisect.bisect_left(newlines, pos)
        return line + 1, pos - (newlines[line - 1] if line else -1)

    def need(obj: Any, kind: type, name: str, parent: Any) -> Any:
        if not isinstance(obj, kind):
            wanted = "an object" if kind is dict else "a list"
            raise _error(path, *where(parent), name, f"must be {wanted}")
        return obj

    top = need(doc, dict, "schedule", doc)
    schedule = need(top.get("schedule", top), dict, "schedule", top)
    conference = need(schedule.get("conference", {}), dict, "conference", schedule)
    result = RawSchedule(path, "json", *where(conference), version=_s(schedule.get("version")))
    result.conference = {k: _s(conference.get(k)) for k in CONFERENCE_KEYS}
    # pretalx puts base_url beside "conference", not inside it
    result.conference["base_url"] = result.conference["base_url"] or _s(schedule.get("base_url"))
    for room in need(conference.get("rooms") or [], list, "conference.rooms", conference):
        name = _s(room.get("name")) if isinstance(room, dict) else _s(room)
        if name:
            result.rooms.append(name)
    for day_obj in need(conference.get("days") or [], list, "conference.days", conference):
        day_obj = need(day_obj, dict, "day", conference)
        day = RawDay(
            *where(day_obj),
            _s(day_obj.get("date")),
            _s(day_obj.get("day_start")),
            _s(day_obj.get("day_end")),
        )
        rooms = need(day_obj.get("rooms") or {}, dict, "day.rooms", day_obj)
        for key, value in day_obj.items():
            if key != "rooms" and isinstance(value, list) and any(isinstance(v, dict) and "title" in v for v in value):
                message = (
                    f"events are read from day.rooms{{room: [events]}}, so the {len(value)} in day.{key} "
                    "would be lost: list them under their rooms"
                )
                raise _error(path, *where(day_obj), f"day.{key}", message)
        for room_name, events in rooms.items():
            day.rooms.append(room_name.strip())
            for event_obj in need(events or [], list, f"room {room_name!r}", day_obj):
                event_obj = need(event_obj, dict, "event", day_obj)
                event = _json_event(event_obj, *where(event_obj))
                event.room = event.room or room_name.strip()
                day.events.append(event)
        result.days.append(day)
    if not any(day.events for day in result.days):
        raise _error(path, *where(schedule), "schedule", f"no events found: {_json_shape(schedule, conference)}")
    return result


def _json_shape(schedule: dict[str, Any], conference: dict[str, Any]) -> str:
    """What a schedule.json without events holds, against what a schedule.json should."""

    def keys(obj: dict[str, Any]) -> str:
        return (
            ", ".join(f"{k} ({_count(len(v), 'item')})" if isinstance(v, list) else k for k, v in obj.items())
            or "nothing"
        )

    expected = "expected schedule.conference.days[].rooms{room: [events]}"
    days = [d for d in conference.get("days") or [] if isinstance(d, dict)]
    rooms = [r for d in days if isinstance(d.get("rooms"), dict) for r in d["rooms"]]
    if rooms:
        found = f"its {_count(len(rooms), 'room')} list no events"
    elif any("rooms" in d for d in days):
        found = f"the rooms of its {_count(len(days), 'day')} are empty"
    elif days:
        held = ", ".join(dict.fromkeys(k for d in days for k in d)) or "nothing"
        found = f"{_its(len(days), 'day')} no rooms, only {held}"
    else:
        found = f"it has no days (conference holds {keys(conference)})"
    return f"{expected}, but {found}; schedule holds {keys(schedule)}"


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def _lone_surrogate(text: str) -> int | None:
    """Offset of the first ``\\uD800``-``\\uDFFF`` escape that is not half of a pair."""
    if not _SURROGATE.search(text):
        return None
    high: re.Match[str] | None = None
    for match in _ESCAPE.finditer(text):
        code = int(match[1], 16) if match[1] else -1
        if high is not None:
            if match.start() == high.end() and 0xDC00 <= code <= 0xDFFF:
                high = None
                continue
            return high.start()
        if 0xD800 <= code <= 0xDBFF:
            high = match
        elif 0xDC00 <= code <= 0xDFFF:
            return match.start()
    return high.start() if high is not None else None


def _json_event(obj: dict[str, Any], line: int, col: int) -> RawEvent:
    event = RawEvent(line, col, _s(obj.get("id")), _s(obj.get("guid")))
    for key in EVENT_TEXT_KEYS:
        setattr(event, key, _s(obj.get(key)))
    persons = obj.get("persons")
    if isinstance(persons, str):  # one name, not a list of them
        persons = [persons]
    for person in persons if isinstance(persons, list) else []:
        if isinstance(person, dict):
            keys = ("public_name", "name", "full_name", "display_name")
            name = next((_s(person[k]) for k in keys if _s(person.get(k))), "")
        else:
            name = person.strip() if isinstance(person, str) else ""  # a number or null is no name
        if name:
            event.persons.append(name)
        else:
            event.unnamed += 1
    return event


def _s(value: Any) -> str:
    """A JSON scalar as a stripped string; null and containers become empty.

    A text in several languages, as pretalx gives it ({"en": ..., "de": ...}), is its
    English one, else its first; a language left empty or null ({"en": "", "de": "Nur
    Deutsch"}) is one the text is not given in, not an empty text.
    """
    if isinstance(value, dict) and value and all(v is None or isinstance(v, str) for v in value.values()):
        given = (v.strip() for v in (value.get("en"), *value.values()) if isinstance(v, str))
        return next((v for v in given if v), "")
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value).strip()
