"""Turn located YAML values into model dataclasses, collecting every problem on the way."""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from .errors import Problem
from .yamlsource import Float, Int, LocList, LocMap, Mark

# The most characters a title may have (the check "title"); about four lines in the booklet.
MAX_TITLE = 300
MAX_CODE = 40  # a session's code is set beside its time on every sign and page

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A language tag (BCP 47) as documents carry it: a language, then optional subtags ("en",
# "de-AT", "sr-Latn"). It reaches the HTML's lang, which picks hyphenation patterns, and the
# PDF's /Lang, where a language's name ("English") is invalid.
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# Languages written by name, as an organiser might: what their tag is.
LANGUAGE_NAMES = {
    "english": "en",
    "german": "de",
    "deutsch": "de",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "italian": "it",
    "italiano": "it",
    "dutch": "nl",
    "nederlands": "nl",
    "portuguese": "pt",
    "português": "pt",
    "polish": "pl",
    "polski": "pl",
}
TIME_RE = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host ("https://[bad" has none, nor has the
    placeholder "https://..." whose host is dots only: a QR code would lead nowhere)."""
    if not re.match(r"^https?://[^\s/?#]+[^\s]*$", value, re.IGNORECASE):
        return False
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return False
    return bool(host) and all(host.removesuffix(".").split("."))  # no empty label: "a..b", ".."


# Letters that IDNA 2003 (Python's codec, which QR codes' ASCII addresses are made with) maps
# to others ("ß" to "ss") while IDNA 2008 and browsers keep them: the same host, two addresses.
_IDNA_DEVIATIONS = {"ß": "'ß'", "ς": "'ς'", "\u200c": "U+200C", "\u200d": "U+200D"}


def ambiguous_host_letters(value: str) -> str:
    """The letters of an address's host that IDNA's editions encode differently, named; or ''."""
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    return ", ".join(name for ch, name in _IDNA_DEVIATIONS.items() if ch in host)


def parse_time(value: object) -> int | None:
    """Minutes after midnight for "HH:MM" (hours up to 47), else None."""
    if isinstance(value, Int):
        value = value.text  # unquoted 08:30 is the number 510 to YAML 1.1; read as written
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 48 * 60:
        return value
    if isinstance(value, str):
        m = TIME_RE.match(value.strip())
        if m and int(m.group(1)) < 48:
            return int(m.group(1)) * 60 + int(m.group(2))
    return None


def format_time(minutes: int) -> str:
    """ "HH:MM" for minutes after midnight (hours may pass 24)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@cache
def _fields(cls: type) -> tuple[dict, dict]:
    """A dataclass's fields by name, and their resolved types: looked up once per class."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


@cache
def _shape(tp) -> tuple:
    """How to convert a value to ``tp``, worked out once per type: (kind, argument)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return ("optional", (type(None) in args, next(a for a in args if a is not type(None))))
    if dataclasses.is_dataclass(tp):
        return ("dataclass", None)
    if origin is list:
        return ("list", args[0])
    if origin is dict:
        return ("dict", args[1])
    if origin is typing.Literal:
        return ("literal", args)
    return ("scalar", None)


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    if tp is str:
        return "text"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is bool:
        return "true or false"
    if tp is date:
        return "a date (YYYY-MM-DD)"
    if origin is list:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a mapping"
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(tp))
    return str(tp)


class Converter:
    """Converts located values to typed objects; problems accumulate in ``self.problems``."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every object built, by id: the mapping it came from and, for a list item, its place
        # in the list as written (items with problems are left out of the lists built, so
        # the place in the built list can differ). The objects are kept, so ids stay theirs.
        self.sources: dict[int, LocMap] = {}
        self.positions: dict[int, int] = {}
        self._built: list[object] = []

    def problem(self, mark: Mark, field: str, message: str) -> None:
        self.problems.append(Problem(mark.path, mark.line, mark.col, field, message))

    def to_dataclass(self, cls: type, data: object, mark: Mark, where: str):
        """Build ``cls`` from a mapping, or return None after recording the problems."""
        if not isinstance(data, LocMap):
            self.problem(mark, where, f"expected {_type_name(cls)}, got {_describe(data)}")
            return None
        fields, hints = _fields(cls)
        misspelt: set[str] = set()  # required fields whose mistyped key is reported already
        for key in data:
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(fields)}"
                self.problem(data.key_marks[key], _join(where, key), f"unknown key '{key}'{hint}")
                if close and close[0] not in data:
                    misspelt.add(close[0])
        values = {}
        ok = True
        for name, f in fields.items():
            if name not in data:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    # "titel:" is one mistake: its "did you mean 'title'?" says it, once.
                    if name not in misspelt:
                        self.problem(data.mark, _join(where, name), "required field is missing")
                    ok = False
                continue
            value = self.to_type(hints[name], data[name], data.value_marks[name], _join(where, name), f.metadata)
            if value is _BAD:
                ok = False
            else:
                values[name] = value
        if not ok:
            return None
        obj = cls(**values)
        self.sources[id(obj)] = data
        self._built.append(obj)
        return obj

    def to_type(self, tp, value, mark: Mark, where: str, meta=types.MappingProxyType({})):
        """Convert one value to type ``tp``; return _BAD after recording a problem."""
        kind, arg = _shape(tp)
        if kind == "optional":
            optional, inner = arg
            if value is None and optional:
                return None
            return self.to_type(inner, value, mark, where, meta)
        check = meta.get("check")
        if check == "time":
            minutes = parse_time(value)
            if minutes is None:
                self.problem(mark, where, f'expected a time "HH:MM", got {_describe(value)}')
                return _BAD
            return minutes
        if kind == "scalar":
            return self._scalar(tp, value, mark, where, check)
        if kind == "dataclass":
            result = self.to_dataclass(tp, value, mark, where)
            return _BAD if result is None else result
        if kind == "list":
            if not isinstance(value, LocList):
                self.problem(mark, where, f"expected a list, got {_describe(value)}")
                return _BAD
            out = []
            for i, (item, item_mark) in enumerate(zip(value, value.item_marks)):
                converted = self.to_type(arg, item, item_mark, f"{where}[{i}]")
                if converted is not _BAD:
                    out.append(converted)
                    if id(converted) in self.sources:
                        self.positions[id(converted)] = i
            return out
        if kind == "dict":
            if not isinstance(value, LocMap):
                self.problem(mark, where, f"expected a mapping, got {_describe(value)}")
                return _BAD
            out = {}
            for key, item in value.items():
                converted = self.to_type(arg, item, value.value_marks[key], _join(where, key))
                if converted is not _BAD:
                    out[key] = converted
            return out
        # A Literal: one of its choices.
        if value not in arg:
            choices = ", ".join(str(a) for a in arg)
            close = difflib.get_close_matches(str(value), [str(a) for a in arg], n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problem(mark, where, f"'{value}' is not one of {choices}{hint}")
            return _BAD
        return value

    def _scalar(self, tp, value, mark: Mark, where: str, check):
        if tp is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = getattr(value, "text", str(value))  # 2024 or 1.10 unquoted is text as written
        elif tp is str and type(value) is date:
            value = value.isoformat()  # "version: 2025-01-15" unquoted: YAML's dates are written so
        elif tp in (int, float):
            value = _number_as_written(value)
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            self.problem(mark, where, f"expected {_type_name(tp)}, got {_describe(value)}")
            return _BAD
        if tp is str:
            value = value.strip()
            if not value:
                self.problem(mark, where, "must not be empty")
                return _BAD
        if check == "id" and not ID_RE.match(value):
            self.problem(mark, where, f"'{value}' is not a valid id (use lowercase letters, digits and '-')")
            return _BAD
        if check == "title" and len(value) > MAX_TITLE:
            # Longer is a description pasted into the title: it would crowd every page and sign.
            self.problem(mark, where, f"is {len(value):,} characters long; a title may have at most {MAX_TITLE}")
            return _BAD
        if check == "code" and len(value) > MAX_CODE:
            self.problem(mark, where, f"is {len(value):,} characters long; a session code may have at most {MAX_CODE}")
            return _BAD
        if check == "language" and not LANGUAGE_RE.match(value):
            tag = LANGUAGE_NAMES.get(value.casefold()) or (value.replace("_", "-") if "_" in value else None)
            hint = f"; did you mean '{tag}'?" if tag and LANGUAGE_RE.match(tag) else ""
            self.problem(mark, where, f"'{value}' is not a language tag such as en, de or en-GB{hint}")
            return _BAD
        if check == "url" and not is_http_url(value):
            self.problem(mark, where, f"'{value}' is not an http(s) URL")
            return _BAD
        if check == "url" and (letters := ambiguous_host_letters(value)):
            self.problem(
                mark,
                where,
                f"its host has {letters}, which the two editions of IDNA write apart (a QR code could lead to "
                "another address than a browser): write the host in its ASCII form, as 'xn--…'",
            )
            return _BAD
        return value


# A whole number written with a leading zero: YAML 1.1 reads 0120 as octal (80), and 0800,
# which is no octal, as text.
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


def _number_as_written(value: object) -> object:
    """A number as the organiser wrote it, where YAML 1.1 reads it otherwise: "capacity: 0120"
    is 120, as is "0800" 800; "1:20", which YAML reads in base 60 (80), is no number but its text."""
    text = value.text if type(value) in (Int, Float) else value
    if isinstance(text, str) and _LEADING_ZERO.fullmatch(text):
        return int(text.replace("_", ""), 10)
    if type(value) in (Int, Float):
        return text if ":" in text else float(value) if type(value) is Float else int(value)
    return value


class _Bad:
    def __repr__(self) -> str:
        return "<bad value>"


_BAD = _Bad()


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, LocMap):
        return "a mapping"
    if isinstance(value, LocList):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()} (put text such as yes, no, on or off in quotes)"
    if isinstance(value, (Int, Float)):
        return f"'{value.text}'"
    if isinstance(value, str):
        return f"'{value}'" if len(value) < 40 else f"'{value[:37]}...'"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"
