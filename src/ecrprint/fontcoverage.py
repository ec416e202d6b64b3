"""Which characters the project's fonts can print, and the content text they cannot.

Rendering sees only the fonts the layouts declare with @font-face (``pdfrender`` points
fontconfig at no installed font), so a character none of them has prints as an empty
box. Content is checked before anything is written, and each such character is a located
problem.
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
from .filestate import file_state
from .yamlsource import LocList, LocMap, Mark

FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2")
# What a font added to fonts/ needs before anything prints from it: rendering sees only the
# fonts declared (docs/content-format.md).
FONT_IN_USE = "with an @font-face in layouts/shared/fonts.css.j2"
# How the fonts stylesheet names a font file.
_DECLARED = re.compile(r"""fonts_url\(\s*['"]([^'"]+)['"]\s*\)""")
_memory: dict[str, frozenset[int]] = {}
# Characters that reorder the text after them as it prints: an override or embedding that its
# value does not close runs on into the values set beside it (the chairs after a name with a
# U+202E print backwards). Right-to-left letters need none of them: they order themselves.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Marks that only choose how the letter before them looks (variation selectors: the emoji
# style of "❤️", the variants of Mongolian letters) or join nothing (the combining grapheme
# joiner): Unicode's default-ignorable marks, which print as nothing when no font has them.
INVISIBLE_MARKS = frozenset([0x034F, 0x180B, 0x180C, 0x180D, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def font_files(font_dirs: tuple[Path, ...]) -> list[Path]:
    return sorted(p for d in font_dirs for p in d.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def declared_fonts(layout) -> list[Path]:
    """The font files that the layouts' fonts stylesheet (``shared/fonts.css.j2``) declares,
    by ``fonts_url('…')``: the only fonts rendering sees. A file in fonts/ that no @font-face
    names prints nothing. A stylesheet that names none that way: every file in the fonts folders."""
    from .errors import BuildError

    try:
        text = layout.find("shared/fonts.css.j2").read_text(encoding="utf-8")
    except (BuildError, OSError, UnicodeDecodeError):
        return font_files(layout.font_dirs)
    if "@font-face" not in text:
        return []  # nothing could print: the content check says so (NO_FONTS)
    found = []
    for name in dict.fromkeys(_DECLARED.findall(text)):
        place = next((d / name for d in layout.font_dirs if (d / name).is_file()), None)
        if place is not None:
            found.append(place)
    return found or font_files(layout.font_dirs)


NO_FONTS = (
    "declares no font with @font-face, and rendering uses no font installed on the machine: "
    "nothing could be printed; declare the project's fonts as the bundled file does"
)


# What ecrprint itself puts into content text as it prints it (render.typographic and person):
# the typographic apostrophe (O’Sullivan), the no-break hyphen (Min‑jun, PI‑QUAL) and the
# no-break space between a name's words. Fonts that lack one print it as an empty box.
PRINTED_BY_ECRPRINT = "\u2019\u2011\u00a0"


def lacks_what_ecrprint_prints(points: frozenset[int]) -> str | None:
    """What is wrong with fonts of these code points for the characters ecrprint sets in
    content text, if anything."""
    missing = [ch for ch in PRINTED_BY_ECRPRINT if ord(ch) not in points]
    if not missing:
        return None
    shown = ", ".join(_describe(ch) for ch in missing)
    return (
        f"no declared font has {shown}, which ecrprint prints in names, abbreviations and "
        "apostrophes: they would print as empty boxes; declare a font that has them"
    )


def covered(files: list[Path], cache: Path | None = None) -> frozenset[int]:
    """The code points that at least one of the font ``files`` maps to a glyph. Reading the
    fonts' character maps takes about 0.1 s; the answer is kept in the process and in the
    project's cache, found by the fonts' paths and states (filestate.file_state)."""
    stamp = json.dumps([[str(p), *file_state(p.stat())] for p in files])
    key = hashlib.sha256(stamp.encode()).hexdigest()[:32]
    if key in _memory:
        return _memory[key]
    stored = cache / "fonts" / f"coverage-{key}.json" if cache is not None else None
    points: frozenset[int] | None = None
    kept = cachefiles.read(stored) if stored is not None else None
    if kept is not None:
        try:
            kept_ranges = json.loads(kept)
            # A damaged entry, or one of another shape ({} would cover nothing), is made again.
            points = frozenset(_expand(kept_ranges)) if isinstance(kept_ranges, list) and kept_ranges else None
        except (ValueError, TypeError):
            points = None
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
            for first, last in ranges(points - {ord("\\")} - {ord(ch) for ch in BIDI_CONTROLS})
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
    Line breaks and tabs are layout, and format characters (soft hyphens, joiners) and
    variation selectors have no glyph of their own: none of them counts."""
    out: list[str] = []
    for ch in dict.fromkeys(text):
        if ch in "\n\r\t" or ord(ch) in points or ord(ch) in INVISIBLE_MARKS:
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


def _reorders(controls: list[str]) -> str:
    """What is wrong with bidi controls in a value; named by code point only, as the character
    itself would turn the message around in the terminal too."""
    shown = ", ".join(f"U+{ord(ch):04X} ({unicodedata.name(ch).lower()})" for ch in controls)
    it = "it" if len(controls) == 1 else "them"
    return (
        f"{shown} would print the text after {it} in another order (an override: backwards), and the "
        f"names set beside this value too: leave {it} out; right-to-left letters order themselves"
    )


def check_text(roots: list[tuple[str, object, Mark]], points: frozenset[int]) -> list[Problem]:
    """A located problem for each content string with characters that the fonts lack.
    ``roots`` are (field name, loaded value, mark) of every section or list item."""
    problems = []
    for root, value, root_mark in roots:
        for where, text, mark in _strings(value, root, root_mark):
            reordering = [ch for ch in dict.fromkeys(text) if ch in BIDI_CONTROLS]
            if reordering:
                problems.append(Problem(mark.path, mark.line, mark.col, where, _reorders(reordering)))
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
                    f"{shown} {verb} in none of the project's fonts, so {it} would print as an empty "
                    f"box: leave {them} out, or add a font that has {them} to fonts/, {FONT_IN_USE}",
                )
            )
    return problems
