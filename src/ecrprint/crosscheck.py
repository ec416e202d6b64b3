"""Checks across a loaded project's sections, the one entry point to the checks of each concern:
print settings, addresses, ids and references, the timetable's times, notices and people."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import intents, model
from .address_checks import check_congress, check_qr_urls, unreachable_addresses
from .errors import Problem
from .file_checks import check_logos
from .notice_checks import check_notices, reschedule_overlaps
from .people import check_people, unknown_group_names
from .print_checks import check_print_settings, print_advice
from .reference_checks import References, check_ids, check_people_exceptions, check_references
from .timetable_checks import check_days, check_rooms, check_session_times, days_without_sessions
from .yamlsource import LocMap, Mark

if TYPE_CHECKING:
    from .content import Origins


def advise(
    proj: model.Project,
    origins: Origins,
    first_file: str,
    ink: intents.LayoutInk | None = None,
    congress_read: bool = True,
) -> list[Problem]:
    """What is allowed but probably a mistake: located, reported, and not stopping a build.
    ``ink`` is the layout's heaviest colour, to hold against the ink limits the content sets;
    without ``congress_read``, the congress is a stand-in, whose addresses nobody wrote."""
    out = []
    if not proj.sessions:
        out.append(Problem(first_file, 1, 1, "sessions", "no sessions at all: the booklet has no programme"))
    out.extend(print_advice(proj, origins, ink))
    if congress_read:
        out.extend(unreachable_addresses(proj, origins))
    out.extend(check_people(proj, origins))
    out.extend(reschedule_overlaps(proj, origins))
    out.extend(days_without_sessions(proj, origins))
    return sorted(out)


def cross_check(
    proj: model.Project,
    origins: Origins,
    root: Path,
    present: dict[str, dict[str, Mark]] | None = None,
    references: bool = True,
    congress_read: bool = True,
    empty: dict[str, tuple[Mark | None, str | None]] | None = None,
    unread: dict[str, list[tuple[str, LocMap]]] | None = None,
    dated: bool | None = None,
) -> list[Problem]:
    """Problems that need more than one value: duplicates, references, overlaps, URLs.
    ``references=False`` skips the references to other items (some content was unreadable);
    ``congress_read=False`` skips the congress section's own checks (it could not be read).
    ``present`` holds, by section, the items written (with problems or not) and where;
    ``empty`` the list sections without items, and where to say so (see _where_none);
    ``unread`` the items with a value that could not be read, by section, as written, whose
    references are checked all the same, so that every problem is said at once; ``dated``
    (by default ``congress_read``) whether the congress's start and end could be read, to check
    the days against them, when another of its values could not."""
    dated = congress_read if dated is None else dated
    out: list[Problem] = []

    def add(obj: object, key: str | None, where: str, message: str) -> None:
        m = origins.mark(obj, key)
        out.append(Problem(m.path, m.line, m.col, where, message))

    refs = References(origins, present or {}, checked=references)
    c = proj.congress
    if dated and c.end < c.start:
        add(c, "end", "congress.end", f"ends ({c.end}) before it starts ({c.start})")
    if congress_read:
        before = len(out)
        check_congress(c, add)
        if len(out) == before and c.start <= c.end:
            check_qr_urls(proj, add)
    check_print_settings(proj.print, root, add)
    ids = check_ids(proj, origins, add)
    check_rooms(proj, add)
    check_logos(proj, root, add)
    check_references(proj, origins, refs, ids, unread or {})
    check_days(proj, add, dated)
    check_session_times(proj, origins, add, refs.known, ids.days)
    check_notices(proj, origins, add, refs.known, ids.rooms)
    out.extend(check_people_exceptions(proj, origins, refs.known_at, ids.codes))
    unknown_group_names(proj, origins, refs.known_at)
    out.extend(refs.problems(empty or {}))
    return out
