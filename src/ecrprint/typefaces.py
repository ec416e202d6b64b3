"""The typefaces a layout sets its text in, and their licences, for the booklet's imprint.

They are read from the layout's fonts stylesheet (``shared/fonts.css.j2``, a project's own in
place of the bundled one): each ``@font-face`` rule's family, and the licence that the name
table of its font file describes. So a project that brings other fonts has them named, not
the bundled Inter.
"""

from __future__ import annotations

import re

from .errors import BuildError
from .fontsubset import font_name
from .paths import Layout

_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.S)
_FAMILY = re.compile(r"font-family\s*:\s*(?:\"([^\"]+)\"|'([^']+)'|([^;}]+))")
_FILE = re.compile(r"fonts_url\(\s*[\"']([^\"']+)[\"']\s*\)")
# What a licence's description says, and how an imprint names it.
_LICENCES = (
    ("Open Font License", "SIL Open Font License"),
    ("Apache License", "Apache License"),
    ("Ubuntu Font Licence", "Ubuntu Font Licence"),
    ("GUST Font License", "GUST Font License"),
)


def typefaces(layout: Layout) -> list[tuple[list[str], str | None]]:
    """The families, in the order the stylesheet gives them, grouped by licence: [(["Inter",
    "Inter Display"], "SIL Open Font License")]; None for a licence that is not one of the
    known ones, or a file that cannot be read. Empty when no family is declared."""
    try:
        source = layout.find("shared/fonts.css.j2").read_text(encoding="utf-8", errors="replace")
    except (BuildError, OSError):
        return []
    families: dict[str, str | None] = {}
    for block in _FACE.finditer(re.sub(r"\{#.*?#\}|/\*.*?\*/", "", source, flags=re.S)):
        found = _FAMILY.search(block.group(1))
        if found is None:
            continue
        family = next(g for g in found.groups() if g).strip()
        if families.get(family) is None:
            families[family] = _licence(layout, _FILE.search(block.group(1)))
    groups: dict[str | None, list[str]] = {}
    for family, licence in families.items():
        groups.setdefault(licence, []).append(family)
    return [(names, licence) for licence, names in groups.items()]


def _licence(layout: Layout, file: re.Match | None) -> str | None:
    if file is None:
        return None
    try:
        description = font_name(layout.find_font(file.group(1)).read_bytes(), 13) or ""
    except (BuildError, OSError):
        return None
    return next((name for said, name in _LICENCES if said.casefold() in description.casefold()), None)
