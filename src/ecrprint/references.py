"""References to nothing (a session's unknown room, a workshop's unknown supporter): each
said once, at its first place, with how many more there are and what was probably meant."""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict

from .errors import Problem, counted
from .yamlsource import Mark


def unknown_references(
    unknown: dict[tuple[str, str], list[tuple[Mark, str]]],
    tables: dict[str, dict],
    sections: dict[str, str],
    present: dict[str, dict[str, Mark]],
    empty: dict[str, tuple[Mark | None, str | None]],
) -> list[Problem]:
    """One problem for each thing referred to that does not exist, at its first reference,
    saying how many more there are; and one for a section with no items at all, where it
    should be, instead of one for each of the things it should have had."""
    out = []
    to_empty: dict[str, list[tuple[Mark, str, str]]] = defaultdict(list)
    hinted = 0  # "did you mean" compares with every id: for the first MAX_HINTS values only
    for (what, value), refs in sorted(unknown.items()):
        refs.sort(key=lambda ref: (ref[0].path, ref[0].line, ref[0].col))
        section = sections.get(what, "")
        if section in empty:
            to_empty[section] += [(m, where, f"unknown {what} '{value}'") for m, where in refs]
            continue
        (m, where), more = refs[0], len(refs) - 1
        also = f" (and {counted(more, 'more reference')})" if more else ""
        hint = _suggestion(value, tables[what], present.get(section, {})) if hinted < MAX_HINTS else ""
        hinted += 1
        out.append(Problem(m.path, m.line, m.col, where, f"unknown {what} '{value}'{also}{hint}"))
    for section, refs in to_empty.items():
        refs.sort(key=lambda ref: (ref[0].path, ref[0].line, ref[0].col))
        first, count = refs[0][0], len(refs)
        places = f"{count} place{'s' if count != 1 else ''} refer{'s' if count == 1 else ''} to {section}"
        at, why = empty[section]
        if at is None and why is not None:
            m, where, said = refs[0]
            out.append(
                Problem(
                    m.path,
                    m.line,
                    m.col,
                    where,
                    f"{said}: no file in content/ defines any {section}, and {places} (this is the first); "
                    f"define them, or restore the file that had them{why}",
                )
            )
        elif at is not None:
            out.append(
                Problem(
                    at.path,
                    at.line,
                    at.col,
                    section,
                    f"no {section} defined ({why}), but {places} (the first at {first.path}:{first.line})",
                )
            )
    return out


MAX_HINTS = 200


def _suggestion(value: str, table: dict, written: dict[str, Mark] | None = None) -> str:
    """A "did you mean" for a reference to nothing: the id that is written almost alike, or
    the id of the item whose name was written. Ids that share a long beginning ("room-x",
    "room-o") are alike only if what follows it is: a deleted room is not another room.
    Failing those, an item ``written`` with problems of its own whose id is almost alike
    ("Room_D" for "room-d"): its problems are the cause."""
    for ident, item in table.items():
        if isinstance(getattr(item, "name", None), str) and item.name.casefold() == value.casefold():
            return f"; use its id, '{ident}'"
    for close in difflib.get_close_matches(value, [str(k) for k in table], n=3, cutoff=0.6):
        shared = len(os.path.commonprefix([value, close]))
        rest, other = value[shared:], close[shared:]
        if not rest or not other or difflib.SequenceMatcher(None, rest, other).ratio() >= 0.5:
            # Where it is defined: if that id is the one mistyped, that is the line to mend.
            m = (written or {}).get(close)
            return f"; did you mean '{close}' (defined at {m.path}:{m.line})?" if m else f"; did you mean '{close}'?"
    known = {str(k) for k in table}
    flawed = {ident: m for ident, m in (written or {}).items() if ident not in known}
    for ident, m in flawed.items():
        if _loose(ident) == _loose(value):
            return f"; did you mean '{ident}' ({m.path}:{m.line}, unusable until its problem there is fixed)?"
    for close in difflib.get_close_matches(value, list(flawed), n=1, cutoff=0.8):
        m = flawed[close]
        return f"; did you mean '{close}' ({m.path}:{m.line}, unusable until its problem there is fixed)?"
    return ""


def _loose(ident: str) -> str:
    """An id as it would be written by someone careless of case, spaces and underscores."""
    return re.sub(r"[\s_-]+", "-", ident.strip().casefold())
