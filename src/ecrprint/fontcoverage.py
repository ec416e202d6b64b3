"""Which characters the project's fonts can print, and the content text they cannot.

A character that none of the bundled fonts has is still printed: Pango takes it from any font
installed on the machine (DejaVu, Droid Sans Fallback), so the PDF would carry a font the
project does not ship and look different on another machine, or print an empty box. Content
is checked before anything is written, and each such character is a located problem.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import cachefiles
from .errors import ContentError, Problem
from .yamlsource import LocList, LocMap, Mark

FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2")
_memory: dict[str, frozenset[int]] = {}


def font_files(font_dirs: tuple[Path, ...]) -> list[Path]:
    return sorted(p for d in font_dirs for p in d.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def covered(font_dirs: tuple[Path, ...], cache: Path | None = None) -> frozenset[int]:
    """The code points that at least one of the fonts maps to a glyph. Reading the fonts'
    character maps takes about 0.1 s; the answer is kept in the process and in the project's
    cache, found by the fonts' paths, sizes and times."""
    files = font_files(font_dirs)
    stamp = json.dumps([[str(p), (st := p.stat()).st_size, st.st_mtime_ns] for p in files])
    key = hashlib.sha256(stamp.encode()).hexdigest()[:32]
    if key in _memory:
        return _memory[key]
    stored = cache / "fonts" / f"coverage-{key}.json" if cache is not None else None
    points: frozenset[int] | None = None
    kept = cachefiles.read(stored) if stored is not None else None
    if kept is not None:
        try:
            points = frozenset(_expand(json.loads(kept)))
        except (ValueError, TypeError):
            points = None  # a damaged entry is made again
    if points is None:
        from fontTools.ttLib import TTFont

        found: set[int] = set()
        for path in files:
            try:
                # Opened here, so that it is closed when fontTools cannot read it either.
                with open(path, "rb") as data, TTFont(data, lazy=True) as font:
                    found |= set(font.getBestCmap() or {})
            except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds for a file it cannot read
                raise ContentError(
                    [Problem(str(path), 1, 1, "(font)", f"not a font file that can be read ({exc})")]
                ) from None
        points = frozenset(found)
        if stored is not None:
            cachefiles.write(stored, json.dumps(ranges(points)).encode())
    _memory[key] = points
    return points


def ranges(points: Iterable[int]) -> list[list[int]]:
    """Points as runs of consecutive ones: [first, last] each, in order."""
    out: list[list[int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


def _expand(ranges: list[list[int]]) -> Iterator[int]:
    for first, last in ranges:
        yield from range(first, last + 1)


_patterns: dict[frozenset[int], re.Pattern] = {}


def outside(points: frozenset[int]) -> re.Pattern:
    """A pattern that finds a character outside ``points`` (or a backslash, which in YAML may
    start an escape that stands for one): a whole file is searched at C speed, and only files
    it finds something in are read value by value."""
    if points not in _patterns:
        allowed = "".join(
            re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
            for first, last in ranges(points - {ord("\\")})
        )
        _patterns[points] = re.compile(f"[^\\n\\r\\t{allowed}]")
    return _patterns[points]


def _strings(value: object, where: str, mark: Mark) -> Iterator[tuple[str, str, Mark]]:
    """Every string in a loaded YAML value, with its field name and where it was written."""
    if isinstance(value, str):
        yield where, value, mark
    elif isinstance(value, LocMap):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}", value.value_marks[key])
    elif isinstance(value, LocList):
        for i, (item, item_mark) in enumerate(zip(value, value.item_marks)):
            yield from _strings(item, f"{where}[{i}]", item_mark)


def _unprintable(text: str, points: frozenset[int]) -> list[str]:
    """The characters of ``text`` that would not print from the fonts, once each, in order.
    Line breaks and tabs are layout, and format characters (soft hyphens, joiners) have no
    glyph of their own: neither counts."""
    out: list[str] = []
    for ch in dict.fromkeys(text):
        if ch in "\n\r\t" or ord(ch) in points:
            continue
        if unicodedata.category(ch) == "Cf":
            continue
        out.append(ch)
    return out


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if unicodedata.category(ch) == "Cc" or not name:
        return f"U+{ord(ch):04X}" + (" (a control character)" if unicodedata.category(ch) == "Cc" else "")
    return f"'{ch}' (U+{ord(ch):04X} {name})"


def check_text(roots: list[tuple[str, object, Mark]], points: frozenset[int]) -> list[Problem]:
    """A located problem for each content string with characters that the fonts lack.
    ``roots`` are (field name, loaded value, mark) of every section or list item."""
    problems = []
    for root, value, root_mark in roots:
        for where, text, mark in _strings(value, root, root_mark):
            missing = _unprintable(text, points)
            if not missing:
                continue
            shown = ", ".join(_describe(ch) for ch in missing[:3]) + (" and more" if len(missing) > 3 else "")
            verb, it, them = ("is", "it", "it") if len(missing) == 1 else ("are", "they", "them")
            problems.append(
                Problem(
                    mark.path,
                    mark.line,
                    mark.col,
                    where,
                    f"{shown} {verb} in none of the project's fonts, so {it} would print from a font "
                    f"this machine happens to have, or as an empty box: leave {them} out, or add a font "
                    f"that has {them} to fonts/",
                )
            )
    return problems
