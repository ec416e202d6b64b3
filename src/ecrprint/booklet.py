"""The programme booklet as a list of parts, each renderable on its own."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from . import model, views
from .schema import format_time
from .words import Words

# Programme chunks hold about this much (about 8 pages) and close at a time-slot boundary; a
# day up to WHOLE_DAY_WEIGHT (about 13 pages) is one chunk, so that its pages run on unbroken;
# the index is shared out, at letters, over as few chunks as hold at most about this many
# entries each. Smaller chunks make an edit render less (at 60, about 9.5 pages, a one-title
# edit took 2.05 s, at 50 it takes 1.9 s) and leave more pages ending early (368 pages for the
# benchmark's congress at 60, 372 at 50).
PROGRAMME_CHUNK_WEIGHT = 50.0
WHOLE_DAY_WEIGHT = 100.0
INDEX_CHUNK_ENTRIES = 1000
GLANCE_ROOMS_PER_PAGE = 10


@dataclass(frozen=True)
class PartSpec:
    """One part of a product: a template, its slice of content, and where it sits."""

    key: str
    template: str
    context: dict
    kind: str
    chapter: str = ""
    section: str = ""
    page: str = "auto"  # the CSS named page
    start: str = "page"  # "page" or "right": chapters open on a right-hand page
    needs_pages: bool = False  # contents and index print page numbers of other parts
    furniture: bool = True  # running header and page number
    # Whether the part's headings differ from the part's before it: its first page then opens
    # a chapter or a day, shows its own title, and has no running head (see furniture.css).
    new_heads: bool = True

    @property
    def heads(self) -> tuple[str, str]:
        """The running heads: the outer corner's (the day, else the chapter) and the inner's."""
        if self.section and self.section != self.chapter:
            return self.section, self.chapter
        return self.chapter, ""


@dataclass
class BookletPlan:
    parts: list[PartSpec]
    toc: list[dict] = field(default_factory=list)
    title: str = ""


def _session_weight(s: dict) -> float:
    return 1.0 + 0.28 * len(s["lectures"]) + (0.2 if len(s["title"]) > 90 else 0)


def _head_name(name: str, most: int = 36) -> str:
    """A name short enough for a running head: cut at a word, with an ellipsis, if too long."""
    if len(name) <= most:
        return name
    return name[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"


def programme_chunks(day: dict) -> list[list[dict]]:
    """Split a day's sessions into chunks of about equal weight that end where a new start time
    begins. Each chunk opens a new page, leaving the page before it part empty, so a day is
    split only when it is long (a day of ECR 2024's size is one chunk), and a split day's
    sessions are shared out evenly instead of leaving a short last chunk."""
    slots: list[list[dict]] = []
    for s in day["sessions"]:
        if slots and slots[-1][0]["start_min"] == s["start_min"]:
            slots[-1].append(s)
        else:
            slots.append([s])
    total = sum(_session_weight(s) for s in day["sessions"])
    share = total / (1 if total <= WHOLE_DAY_WEIGHT else round(total / PROGRAMME_CHUNK_WEIGHT))
    chunks: list[list[dict]] = [[]]
    weight = done = 0.0
    for slot in slots:
        slot_weight = sum(_session_weight(s) for s in slot)
        # A slot goes to the chunk its middle falls in.
        if chunks[-1] and done + slot_weight / 2 > len(chunks) * share:
            chunks.append([])
            weight = 0.0
        for s in slot:
            # A single slot bigger than two chunks is split inside the slot.
            if chunks[-1] and weight >= 2 * PROGRAMME_CHUNK_WEIGHT:
                chunks.append([])
                weight = 0.0
            chunks[-1].append(s)
            weight += _session_weight(s)
        done += slot_weight
    return [c for c in chunks if c] or [[]]


def index_chunks(entries: list[dict]) -> list[list[dict]]:
    """Split the speaker index at letters into chunks of about equal size, as few as hold at
    most about INDEX_CHUNK_ENTRIES each. Each chunk opens a page, so a short last chunk would
    leave a page ending early for little; chunks of one size also render side by side in about
    the same time (the benchmark's 1,500 entries: two chunks of 5.6 s each, where chunks closed
    at the first letter after 700 entries took 6.1, 4.5 and 0.6 s)."""
    letters: list[list[dict]] = []
    for e in entries:
        if not letters or e["letter"] != letters[-1][0]["letter"]:
            letters.append([])
        letters[-1].append(e)
    share = len(entries) / max(1, math.ceil(len(entries) / INDEX_CHUNK_ENTRIES))
    chunks: list[list[dict]] = [[]]
    done = 0
    for letter in letters:
        # A letter goes to the chunk its middle falls in.
        if chunks[-1] and done + len(letter) / 2 > len(chunks) * share:
            chunks.append([])
        chunks[-1] += [dict(e, letter_start=i == 0) for i, e in enumerate(letter)]
        done += len(letter)
    return [c for c in chunks if c]


def glance_hours(days: list[dict]) -> tuple[int, int]:
    """The time scale every day's grid shares: from the whole hour before the congress's
    earliest session to the whole hour after its latest, in minutes after midnight."""
    sessions = [s for day in days for s in day["sessions"]]
    if not sessions:
        return 0, 60
    first = min(s["start_min"] for s in sessions) // 60 * 60
    last = -(-max(s["end_min"] for s in sessions) // 60) * 60
    return first, last


def glance_pages(day: dict, rooms: list[model.Room], hours: tuple[int, int], even: bool = False) -> list[dict]:
    """The day's room × time grid, its rooms shared out evenly over as few pages as hold them.
    Every day uses the same time scale (``hours``, from ``glance_hours``), so that the pages
    of a spread line up and one day compares with the next; a day's grid ends at the hour
    after its own last session. With ``even``, a grid of three pages or more takes an even
    number: the next day opens a spread, and its pages are wider columns instead of a blank
    page."""
    sessions = day["sessions"]
    used = [r for r in rooms if any(s["room_id"] == r.id for s in sessions)]
    if not used:
        return []
    first, last = hours
    own_last = -(-max(s["end_min"] for s in sessions) // 60) * 60
    ticks = [
        {"at": t - first, "label": format_time(t % 1440), "hour": t % 60 == 0} for t in range(first, own_last + 1, 30)
    ]
    count = -(-len(used) // GLANCE_ROOMS_PER_PAGE)
    if even and count > 1 and count % 2:
        count += 1
    per_page = -(-len(used) // count)
    pages = []
    size, larger = divmod(len(used), count)
    for k in range(count):  # rooms shared out evenly: 7, 6, 6, 6, not 7, 7, 7, 4
        begin = k * size + min(k, larger)
        group = used[begin : begin + size + (k < larger)]
        columns = {r.id: i for i, r in enumerate(group)}
        cells = [
            {"session": s, "column": columns[s["room_id"]], "at": s["start_min"] - first, "minutes": s["minutes"]}
            for s in sessions
            if s["room_id"] in columns
        ]
        pages.append(
            {
                "rooms": [{"id": r.id, "name": r.name} for r in group],
                "columns": per_page,
                "scale": last - first,  # the minutes the grid's full height stands for
                "ticks": ticks,
                "cells": cells,
            }
        )
    return pages


def day_overview(days: list[dict]) -> list[dict]:
    """One line per day: hours, counts, and as highlights the sessions of the formats marked
    ``highlight`` (the plenary lectures)."""
    out = []
    for day in days:
        sessions = day["sessions"]
        out.append(
            {
                "long": day["long"],
                "hours": f"{format_time(day['opens'] % 1440)}–{format_time(day['closes'] % 1440)}",
                "sessions": len(sessions),
                "rooms": len({s["room_id"] for s in sessions}),
                "highlights": [s for s in sessions if s["highlight"]],
            }
        )
    return out


def plan(p: model.Project, logo_urls: dict[str, str], words: Words) -> BookletPlan:
    """Every part of the booklet in reading order, with the table of contents entries, its
    chapters and running heads in ``words``."""
    congress = views.congress_view(p, words)
    base = {"congress": congress}
    parts: list[PartSpec] = []
    toc: list[dict] = []

    # A perfect-bound booklet's cover is printed apart (booklet-cover.pdf): its book block
    # opens with a title page, and closes without a back cover.
    perfect = p.print.binding == "perfect"
    if perfect:
        parts.append(PartSpec("title", "booklet/title.html.j2", base, "title", page="title", furniture=False))
    else:
        parts.append(PartSpec("cover", "booklet/cover.html.j2", base, "cover", page="cover", furniture=False))
    counts = {
        "formats": len(p.formats),
        "topics": len(p.topics),
        "sessions": len(p.sessions),
        "rooms": len(p.rooms),
        "days": len(p.days),
    }
    parts.append(
        PartSpec(
            "imprint", "booklet/imprint.html.j2", dict(base, counts=counts), "imprint", page="plain", furniture=False
        )
    )
    parts.append(
        PartSpec(
            "contents",
            "booklet/contents.html.j2",
            base,
            "contents",
            words.contents,
            words.contents,
            start="right",
            needs_pages=True,
        )
    )

    groups = views.format_groups(p)
    toc.append({"level": 1, "label": words.session_formats, "anchor": "ch-formats"})
    for g in groups:
        if g["family"]:
            family = words.text("family", name=g["family"]["name"])
            toc.append({"level": 2, "label": family, "anchor": g["family"]["anchor"]})
        for f in g["formats"]:
            level = 3 if g["family"] else 2
            toc.append({"level": level, "label": f["name"], "anchor": f["anchor"], "abbr": f["abbreviation"]})
    parts.append(
        PartSpec(
            "formats",
            "booklet/formats.html.j2",
            dict(base, groups=groups, count=len(p.formats)),
            "formats",
            words.session_formats,
            words.session_formats,
            start="right",
        )
    )

    # What a page's running head says of a topic that runs on to it: one line, however long
    # the topic's name (up to 300 characters) is.
    topics = [
        dict(t, continued=f"{_head_name(t['name'])} {words.continued}".upper())
        for t in views.topic_views(p, logo_urls, words)
    ]
    hands_on = next((f for g in groups for f in g["formats"] if f["id"] == "hands-on"), None)
    notes = (
        {"acknowledgement": p.notes.acknowledgement, "vendor_neutrality": p.notes.vendor_neutrality}
        if p.notes
        else None
    )
    if topics or hands_on:  # an imported schedule has neither: no empty chapter
        toc.append({"level": 1, "label": words.hands_on_workshops, "anchor": "ch-workshops"})
        toc.extend({"level": 2, "label": t["name"], "anchor": t["anchor"]} for t in topics)
        parts.append(
            PartSpec(
                "workshops",
                "booklet/workshops.html.j2",
                dict(base, topics=topics, notes=notes, hands_on=hands_on),
                "workshops",
                words.hands_on_workshops,
                words.hands_on_workshops,
                start="right",
            )
        )

    days = [d for d in views.sessions_by_day(p, words) if d["sessions"]]
    if days:
        toc.append({"level": 1, "label": words.programme, "anchor": "ch-programme"})
        for di, day in enumerate(days):
            toc.append({"level": 2, "label": day["long"], "anchor": day["anchor"]})
            head = {k: day[k] for k in ("date", "anchor", "label", "long")}
            for ci, chunk in enumerate(programme_chunks(day)):
                # What the running head of a page says of a session that runs on to it, in
                # capitals, as the head is set, but its code as written ("CTiR 3").
                chunk = [
                    dict(
                        s,
                        continued=f" · {_head_name(s['code']) if s['code'] else _head_name(s['title']).upper()} {words.continued.upper()}",
                    )
                    for s in chunk
                ]
                parts.append(
                    PartSpec(
                        f"programme-{day['date']}-{ci + 1:02d}",
                        "booklet/programme.html.j2",
                        dict(
                            base, day=head, sessions=chunk, first_of_day=ci == 0, first_of_chapter=di == 0 and ci == 0
                        ),
                        "programme",
                        words.programme,
                        day["long"],
                        start="right" if di == 0 and ci == 0 else "page",
                    )
                )
        hours = glance_hours(days)
        # A day's grid of several pages opens a spread; the last day's is followed by a chapter
        # that opens on a right-hand page, so an odd count of pages leaves no blank there. Days
        # of one page each follow one another, two days to a spread (the first on a left-hand
        # page), with no blank between.
        grids = {day["date"]: glance_pages(day, p.rooms, hours, even=day is not days[-1]) for day in days}
        spreads = {len(pages) > 1 for pages in grids.values() if pages}  # the lead says which
        toc.append({"level": 1, "label": words.at_a_glance, "anchor": "ch-glance"})
        parts.append(
            PartSpec(
                "glance-intro",
                "booklet/glance-intro.html.j2",
                {
                    "overview": day_overview(days),
                    "days_on": "spread" if spreads == {True} else "page" if spreads == {False} else "either",
                },
                "glance-intro",
                words.at_a_glance,
                start="right",
            )
        )
        # The widest grid decides for every page whether a cell has room for its end time:
        # one way of showing times throughout.
        widest = max((g["columns"] for pages in grids.values() for g in pages), default=0)
        opened = False  # whether a grid page is placed yet
        for day in days:
            head = {k: day[k] for k in ("date", "anchor", "label", "long")}
            toc.append({"level": 2, "label": day["long"], "anchor": f"{day['anchor']}-glance"})
            # One part per grid page, so that an edit re-renders one page, not the day.
            for gi, grid in enumerate(grids[day["date"]]):
                parts.append(
                    PartSpec(
                        f"glance-{day['date']}-{gi + 1}",
                        "booklet/glance.html.j2",
                        dict(day=head, grid_pages=[grid], first_of_day=gi == 0, end_times=widest <= 8),
                        "glance",
                        words.at_a_glance,
                        # Each grid page names its day in its own title: the running head gives the
                        # chapter only, on every page of every spread.
                        "",
                        start="left" if gi == 0 and (len(grids[day["date"]]) > 1 or not opened) else "page",
                    )
                )
                opened = True

    entries = views.speaker_index(p)
    if entries:
        toc.append({"level": 1, "label": words.speaker_index, "anchor": "ch-speakers"})
        for ci, chunk in enumerate(index_chunks(entries)):
            parts.append(
                PartSpec(
                    f"speakers-{ci + 1:02d}",
                    "booklet/speakers.html.j2",
                    dict(entries=chunk, first_of_chapter=ci == 0),
                    "speakers",
                    words.speaker_index,
                    words.speaker_index,
                    start="right" if ci == 0 else "page",
                    needs_pages=True,
                )
            )
    if p.rooms:
        toc.append({"level": 1, "label": words.rooms, "anchor": "ch-rooms"})
        rooms = {"rooms": views.room_views(p)}
        parts.append(PartSpec("rooms", "booklet/rooms.html.j2", rooms, "rooms", words.rooms, words.rooms))
    parts.append(PartSpec("notes", "booklet/notes.html.j2", {"lines": 21}, "notes", words.notes, words.notes))
    if not perfect:
        parts.append(PartSpec("back", "booklet/back.html.j2", base, "back", page="back", furniture=False))
    for entry in toc:
        entry.setdefault("abbr", None)
    parts = [
        replace(part, new_heads=before is None or part.heads != before.heads)
        for before, part in zip([None, *parts], parts)
    ]
    return BookletPlan(parts=parts, toc=toc, title=f"{p.congress.edition} – {words.programme}")
