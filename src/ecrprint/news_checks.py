"""Notices of news of their own (a title and text, no session): they fit their page, are for a
congress day, have a scannable link, and each is printed to a file of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import model, signs
from .address_checks import MAX_QR_URL_BYTES
from .errors import counted
from .timetable_checks import not_a_congress_day
from .urls import as_uri

if TYPE_CHECKING:
    from .content import Origins

# News of its own must read from across a corridor on one A4 page: at the smallest size its
# notice takes, this much text fits beside its title, its day and room and its QR code.
MAX_NEWS_TITLE = 90
MAX_NEWS_TEXT = 600
MAX_NEWS_LINES = 16
# What only a session's change has, which news of its own cannot.
_SESSION_CHANGE_KEYS = ("session", "change", "moved_to", "new_start", "new_end", "new_date")


def check_news(proj: model.Project, n: model.Notice, origins: Origins, add, known, rooms: dict, files: dict) -> None:
    """A notice of news of its own's problems, through cross_check's ``add`` and ``known``:
    ``news_problems``, its room, and a file name that the news before it (``files``, by the
    names of their files, which this one joins) has taken."""
    i = origins.position(n)
    for key, message in news_problems(proj, n):
        add(n, key if getattr(n, key, None) is not None else None, f"notices[{i}].{key}", message)
    if n.room is not None and n.session is None:
        known(n, "room", f"notices[{i}].room", n.room, rooms, "room")
    first = files.setdefault(signs.news_name(n), n)
    if first is not n and n.title is not None:
        m = origins.mark(first, "title")
        add(
            n,
            "title",
            f"notices[{i}].title",
            f"would be printed to notices/{signs.news_name(n)}.pdf, as the notice at {m.path}:{m.line} is: "
            "give one of them another title (or date)",
        )


def news_problems(proj: model.Project, n: model.Notice) -> list[tuple[str, str]]:
    """What is wrong with a notice of news of its own, as (field, message): it needs a title,
    has no session's change, fits its page, is for a congress day, and its link fits a QR code
    (its room is checked as a reference, where it is read)."""
    out = []
    if n.title is None:
        out.append(("title", "a notice of its own needs title: what it announces, in a few words"))
    elif len(n.title) > MAX_NEWS_TITLE:
        out.append(("title", f"{len(n.title)} characters, too long to read from afar; at most {MAX_NEWS_TITLE}"))
    for key in _SESSION_CHANGE_KEYS:
        if getattr(n, key) is not None:
            out.append(
                (key, f"a notice with a title is news of its own, which has no {key}: that is a session's change")
            )
    if n.text is not None:
        lines = len([line for line in n.text.splitlines() if line.strip()])
        if len(n.text) > MAX_NEWS_TEXT or lines > MAX_NEWS_LINES:
            out.append(
                (
                    "text",
                    f"{counted(len(n.text), 'character')} in {counted(lines, 'line')}, too long to fit its page at a "
                    "size read from afar; "
                    f"at most {MAX_NEWS_TEXT} characters in {MAX_NEWS_LINES} lines: say less, or give a link",
                )
            )
    if n.date is not None and (message := not_a_congress_day(proj, n.date)):
        out.append(("date", message))
    if n.link is not None and len(as_uri(n.link).encode()) > MAX_QR_URL_BYTES:
        size = len(as_uri(n.link).encode())
        out.append(
            (
                "link",
                f"its QR code's address is {size} bytes long, too dense to scan as printed; at most {MAX_QR_URL_BYTES}",
            )
        )
    return out
