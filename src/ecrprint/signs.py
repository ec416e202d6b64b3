"""What goes on each sign: door signs, sponsor boards, directional signs and notices."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate

from . import model, views
from .as_printed import MINUTES_A_DAY
from .schema import format_time
from .textfold import fold
from .urls import as_uri, room_day_url, slug
from .words import Words

# Door sign sizes (landscape) and the fit levels their text may shrink through.
DOOR_SIZES = {"A4": (297, 210), "A3": (420, 297)}
SPONSOR_BOARD_MM = (420, 594)  # A2 portrait
DIRECTIONAL_MM = (420, 297)  # A3 landscape
NOTICE_MM = (210, 297)  # A4 portrait
FIT_LEVELS = 3
# A door sign's sessions show at up to 60 pt (levels 0-2, as large as their longest word lets
# them: signs_pdf.door_floor); from level 3, 42 pt, a fuller day steps down, about 8 % a step,
# to 14 pt.
DOOR_FIT_LEVELS = 16
# A day of this many sessions or more is busy: its door signs set each session's times on one
# line and its code at the head of its title, leaving out the format's name (the code's
# letters say it), a line less a session.
DOOR_BUSY_FROM = 5
# A sponsor board's sessions start at 68 pt and step down, about 8 % a step, to 22 pt; then, in
# two columns, from 22 pt to 16 pt.
SPONSOR_FIT_LEVELS = 17
# A directional sign with room to spare has names with capitals of up to about 40 mm (levels
# 0-3); from level 4 they start at about 22 mm and step down, about 8 % a step, to about 7 mm.
DIRECTIONAL_FIT_LEVELS = 19
# A directional sign of this many rows or fewer has its QR code in the bottom corner, and its
# names the sheet's whole width; with more, the code stands beside the first row.
WAY_QR_BELOW_ROWS = 2


@dataclass
class Sheet:
    """One sign: a template and its content, the file it becomes, and its manifest details."""

    name: str
    kind: str
    template: str
    context: dict
    path: str
    trim_mm: tuple[int, int]
    extra: dict = field(default_factory=dict)
    fit: int = 0
    levels: int = FIT_LEVELS  # how many fit levels its layout has
    # The height a sponsor board's fit level leaves, spent (``signs_pdf.spend_leftover``): its
    # sessions at this multiple of the level's size, and this much air (px) above each.
    fill: float = 1.0
    air: float = 0.0

    @property
    def key(self) -> str:
        """Unique within a build: the same sign at another fit level, or filled, is another rendering."""
        filled = f"-fill{self.fill:.3f}-{self.air:.1f}" if (self.fill, self.air) != (1, 0) else ""
        return f"{self.name}-fit{self.fit}{filled}"


def door_size(p: model.Project) -> str:
    product = p.print.products.get("door-sign")
    return product.size if product is not None and product.size else "A4"


def door_changes(p: model.Project, session: dict, room_id: str, labels: dict[str, str]) -> dict | None:
    """What the notices say about a session, as the door of ``room_id`` shows it: moved away
    (and where to), moved here (and from where), rescheduled (to when, ``labels`` naming
    another day), cancelled or full; None when nothing."""
    rooms = {r.id: r.name for r in p.rooms}
    notes = [n for n in p.notices if n.session == session["code"]]
    if not notes:
        return None
    moved = next((n for n in notes if n.change == "moved" and n.moved_to), None)
    change = {
        "cancelled": any(n.change == "cancelled" for n in notes),
        "full": any(n.change == "full" for n in notes),
        "moved_to": None,
        "moved_from": None,
        "rescheduled_to": None,
        "rescheduled_from": None,
    }
    if moved is not None and moved.moved_to != session["room_id"]:
        if room_id == session["room_id"]:
            change["moved_to"] = rooms.get(moved.moved_to, moved.moved_to)
        elif room_id == moved.moved_to:
            change["moved_from"] = session["room"]
    slot = new_slot(p, session)
    if slot is not None and room_id == session["room_id"]:
        change["rescheduled_to"] = _slot_text(p, labels, slot, session)
    return change


def new_slot(p: model.Project, session: dict) -> dict | None:
    """Where and when a rescheduled session takes place now (``date``, ``start_min``,
    ``end_min``, ``room_id``), None for a session that no notice reschedules."""
    n = next((n for n in p.notices if n.session == session["code"] and n.change == "rescheduled"), None)
    s = next((s for s in p.sessions if s.code == session["code"]), None)
    if n is None or n.new_start is None or s is None:
        return None
    day, start, end, room = n.slot(s)
    return {"date": day.isoformat(), "start_min": start, "end_min": end, "room_id": room}


def _slot_text(p: model.Project, labels: dict[str, str], slot: dict, other: dict) -> str:
    """A slot as a door says where a session went or came from, beside the ``other`` slot: its
    time, after its day's label when the day differs, and its room's name when that does."""
    when = views.clock(slot["start_min"])
    if slot["date"] != other["date"]:
        when = f"{labels.get(slot['date'], slot['date'])} {when}"
    if slot["room_id"] != other["room_id"]:
        when = f"{when}, {next((r.name for r in p.rooms if r.id == slot['room_id']), slot['room_id'])}"
    return when


def _arrivals(p: model.Project, days: list[dict], date_: str, room_id: str, labels: dict[str, str]) -> list[dict]:
    """The sessions rescheduled into ``room_id`` on day ``date_``, at their new times, each
    saying when it was to take place."""
    codes = {n.session for n in p.notices if n.change == "rescheduled"}
    if not codes:  # the usual case: nothing to look for among every day's sessions
        return []
    out = []
    rooms = {r.id: r.name for r in p.rooms}
    for d in days:
        for s in d["sessions"]:
            slot = new_slot(p, s) if s["code"] in codes else None
            if slot is None or slot["date"] != date_ or slot["room_id"] != room_id:
                continue
            change = door_changes(p, s, "", labels) or {}
            change.update(rescheduled_from=_slot_text(p, labels, s, slot), moved_to=None, moved_from=None)
            start, end = slot["start_min"], slot["end_min"]
            out.append(
                dict(
                    s,
                    date=date_,
                    start=views.clock(start),
                    end=views.clock(end),
                    start_min=start,
                    end_min=end,
                    minutes=end - start,
                    room_id=room_id,
                    room=rooms.get(room_id, room_id),
                    change=change,
                )
            )
    return out


def door_sessions(p: model.Project, days: list[dict], day: dict, room_id: str) -> list[dict]:
    """A room's sessions of one ``day`` (of ``days``) as its door shows them, the notices
    applied: a session moved away or rescheduled stays, marked with its new room or time; one
    moved or rescheduled here joins, in time order."""
    labels = {d["date"]: d["label"] for d in days}
    here = {n.session for n in p.notices if n.change == "moved" and n.moved_to == room_id}
    listed = [
        dict(s, change=door_changes(p, s, room_id, labels))
        for s in day["sessions"]
        if s["room_id"] == room_id or s["code"] in here
    ]
    arrivals = _arrivals(p, days, day["date"], room_id, labels)
    return sorted(listed + arrivals, key=lambda s: s["start_min"]) if arrivals else listed


def door_rooms(p: model.Project, days: list[dict] | None = None) -> set[str]:
    """The rooms that have sessions on some congress day (moved there by the notices, too):
    the rooms that get door signs. A room without any (a press room or a cloakroom that the
    content lists for the directional signs and the booklet's rooms page) gets none."""
    days = views.sessions_by_day(p) if days is None else days
    return {r.id for r in p.rooms if any(door_sessions(p, days, d, r.id) for d in days)}


def door_sheets(p: model.Project, words: Words, room_id: str | None = None, day: date | None = None) -> list[dict]:
    """One entry per room with sessions (``door_rooms``) and congress day, its days written in
    ``words``. A room with no sessions that day says so, and names the room's next session on
    a later day (``next``), or the day of its last one (``last``) when it has no more."""
    days = views.sessions_by_day(p, words)
    rooms = {r.id: r for r in p.rooms}
    used = door_rooms(p, days)
    out = []
    for d in days:
        if day is not None and d["date"] != day.isoformat():
            continue
        for r in p.rooms:
            if (room_id is not None and r.id != room_id) or r.id not in used:
                continue
            sessions = door_sessions(p, days, d, r.id)
            later = earlier = None
            if not sessions:
                later = next(_taking_place(p, days, [x for x in days if x["date"] > d["date"]], r.id), None)
                if later is None:
                    earlier = next(_taking_place(p, days, [x for x in days if x["date"] < d["date"]][::-1], r.id), None)
            # An empty day's code leads to the next session it names, not to an empty page.
            url = later["url"] if later else room_day_url(p.congress, rooms[r.id], date.fromisoformat(d["date"]))
            out.append(
                {
                    "room": {"id": r.id, "name": r.name, "level": r.level, "capacity": r.capacity},
                    "date": d["date"],
                    "weekday": d["label"],
                    "long": d["long"],
                    "plain": d["plain"],
                    "sessions": sessions,
                    "url": url,
                    "next": later,
                    "last": earlier and {"on": earlier["on_in_text"]},
                }
            )
    return out


def _taking_place(p: model.Project, all_days: list[dict], days: list[dict], room_id: str):
    """The sessions that take place in ``room_id`` on ``days``, in their order, each with its
    day written out as everywhere else (``on``: "Thursday, 29 February 2024", and as inside a
    sentence, ``on_in_text``: "jeudi 29 février 2024"): not those cancelled, moved away or
    rescheduled by the notices, and those moved or rescheduled there (from any of
    ``all_days``) included."""
    for d in days:
        for s in door_sessions(p, all_days, d, room_id):
            change = s["change"]
            if not (change and (change["cancelled"] or change["moved_to"] or change["rescheduled_to"])):
                yield dict(s, on=d["long"], on_in_text=d["in_text"])


def door_sheet(entry: dict, size: str, fit: int, part: int = 1, of: int = 1, sessions: list | None = None) -> Sheet:
    """A door sign; with ``of`` > 1 it is one of several signs for the same room and day."""
    base = f"{slug(entry['room']['id'])}"
    name = base if of == 1 else f"{base}-{part}of{of}"
    # Busy by the day's sessions, not by a share's: a day's signs look alike.
    busy = entry.get("busy", len(entry["sessions"]) >= DOOR_BUSY_FROM)
    ctx = dict(entry, sessions=sessions if sessions is not None else entry["sessions"], part=part, of=of, busy=busy)
    return Sheet(
        name=f"door-{entry['date']}-{name}",
        kind="door-sign",
        template="door-sign/sign.html.j2",
        context=ctx,
        path=f"signs/{entry['date']}/door-{name}.pdf",
        trim_mm=DOOR_SIZES[size],
        extra={
            "room": entry["room"]["name"],
            "room_id": entry["room"]["id"],
            "date": entry["date"],
            "sheet": f"{part}/{of}",
        },
        fit=fit,
        levels=DOOR_FIT_LEVELS,
    )


def split_door(
    sheet: Sheet, parts: int, size: str, share: Callable[[list, int], list[list]] | None = None
) -> list[Sheet]:
    """A room's door sign for a day as ``parts`` signs (fewer if it has fewer sessions), the
    sessions shared out in order by ``share`` (by default evenly by count, ``balanced``; the
    build shares them out by the space they take, ``signs_pdf.door_shares``); with ``parts``
    0, the sign with no sessions (what every one of them repeats)."""
    sessions = sheet.context["sessions"]
    groups = (share or balanced)(sessions, parts) if parts else [[]]
    return [door_sheet(sheet.context, size, sheet.fit, k, len(groups), g) for k, g in enumerate(groups, 1)]


def sponsor_sheets(p: model.Project, logo_urls: dict[str, str], words: Words) -> list[Sheet]:
    """One board per topic; a topic with too many sessions for one board is split later
    (``split_board``), so every board of it shows the same supporters."""
    out = []
    notes = (
        {"acknowledgement": p.notes.acknowledgement, "vendor_neutrality": p.notes.vendor_neutrality}
        if p.notes
        else None
    )
    for t in views.topic_views(p, logo_urls, words):
        supporters: dict[str, dict] = {}
        for s in t["support"] + [s for w in t["workshops"] for s in w["support"]]:
            entry = supporters.setdefault(s["id"], dict(s, provides=[], workshops=[]))
            if s["provides"] and s["provides"] not in entry["provides"]:
                entry["provides"].append(s["provides"])
        for w in t["workshops"]:
            for s in w["support"]:
                supporters[s["id"]]["workshops"].append(w["title"])
        context = {
            "topic": t,
            "groups": board_groups(t, words),
            "supporters": list(supporters.values()),
            "notes": notes,
        }
        out.append(_board(t, context, 1, 1))
    return out


def _board(t: dict, context: dict, part: int, of: int) -> Sheet:
    tail = "" if of == 1 else f"-{part}of{of}"
    return Sheet(
        name=f"board-{t['id']}{tail}",
        kind="sponsor-board",
        template="sponsor-board/board.html.j2",
        context=dict(_with_groups(context, context["groups"]), part=part, of=of),
        path=f"signs/sponsor-board-{t['id']}{tail}.pdf",
        trim_mm=SPONSOR_BOARD_MM,
        extra={"topic": t["name"], "sheet": f"{part}/{of}"},
        levels=SPONSOR_FIT_LEVELS,
    )


def split_board(sheet: Sheet, parts: int) -> list[Sheet]:
    """A topic's board as ``parts`` boards (fewer if it has fewer sessions), the sessions shared
    out in order and evenly (``shared_out``). Every board keeps the topic's supporters and its
    QR code. With ``parts`` 0: the board without sessions (what every board of the topic
    repeats)."""
    if parts == 0:  # what every board repeats, and nothing else
        return [replace(sheet, context=_with_groups(sheet.context, []))]
    shares = shared_out(sheet.context["groups"], parts)
    return [
        replace(_board(sheet.context["topic"], dict(sheet.context, groups=here), part, len(shares)), fit=sheet.fit)
        for part, here in enumerate(shares, 1)
    ]


def shared_out(groups: list[dict], parts: int) -> list[list[dict]]:
    """Sessions under their headings, shared out in order into ``parts`` even shares (fewer if
    there are fewer sessions): boards, or a board's two columns. A workshop's heading is
    repeated, marked as continued, where its sessions carry on."""
    shares = []
    for share in balanced([(g, s) for g in groups for s in g["sessions"]], parts):
        here: list[dict] = []
        sources: list[dict] = []  # the group each of the share's groups comes from
        for g, s in share:
            if not sources or sources[-1] is not g:
                here.append(dict(g, sessions=[], continued=s is not g["sessions"][0]))
                sources.append(g)
            here[-1]["sessions"].append(s)
        shares.append(here)
    return shares


def _with_groups(context: dict, groups: list[dict]) -> dict:
    """A board's context with these sessions, in one column and shared out into two."""
    return dict(context, groups=groups, columns=shared_out(groups, 2))


def balanced(items: list, parts: int) -> list[list]:
    """The items in order, in exactly ``parts`` groups (or one each) whose sizes differ by at
    most one."""
    parts = max(1, min(parts, len(items)))
    size, larger = divmod(len(items), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (k < larger)
        out.append(items[start:end])
        start = end
    return out


def balanced_by(items: list, parts: int, weights: list[int]) -> list[list]:
    """The items in order, in exactly ``parts`` groups (or one each), the heaviest group (by
    the items' ``weights``) as light as it can be, and the groups as even as that allows."""
    parts = max(1, min(parts, len(items)))
    cuts = (0, *_even_cuts(tuple(weights), parts), len(items))
    return [items[a:b] for a, b in zip(cuts, cuts[1:])]


@lru_cache(maxsize=256)
def _even_cuts(weights: tuple[int, ...], parts: int) -> tuple[int, ...]:
    """Where ``balanced_by`` cuts: first the least weight the heaviest of ``parts`` groups can
    have, then, of the ways to cut with no group heavier, the one whose groups' squared
    weights add up to least (of equals, the one with the fuller groups first)."""
    n = len(weights)
    total = list(accumulate(weights, initial=0))
    never = float("inf")
    # heaviest[k][j]: the least weight of the heaviest group when items[:j] make k groups.
    heaviest = [[never] * (n + 1) for _ in range(parts + 1)]
    heaviest[0][0] = 0
    for k in range(1, parts + 1):
        for j in range(k, n - parts + k + 1):
            heaviest[k][j] = min(max(heaviest[k - 1][i], total[j] - total[i]) for i in range(k - 1, j))
    most = heaviest[parts][n]
    squares = [[never] * (n + 1) for _ in range(parts + 1)]
    squares[0][0] = 0
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    for k in range(1, parts + 1):
        for j in range(k, n - parts + k + 1):
            for i in range(k - 1, j):
                w = total[j] - total[i]
                if w <= most and squares[k - 1][i] + w * w <= squares[k][j]:  # a later cut wins a tie
                    squares[k][j], cut[k][j] = squares[k - 1][i] + w * w, i
    cuts, j = [], n
    for k in range(parts, 1, -1):
        j = cut[k][j]
        cuts.append(j)
    return tuple(reversed(cuts))


def board_groups(t: dict, words: Words) -> list[dict]:
    """A sponsor board's sessions, as the booklet groups them: under each named workshop, then
    the topic's other sessions, so that a workshop's supporter is not read as the whole topic's."""
    if not t["workshops"]:
        return [{"title": None, "sessions": t["sessions"], "more": False}] if t["sessions"] else []
    groups = [
        # A heading that only repeats its sessions' own title, or its start ("… Education"
        # over "… Education (FORCE)"), is left out: it would take the room their type needs.
        {"title": None if all(s["title"].startswith(w["title"]) for s in w["sessions"]) else w["title"], **rest}
        for w in t["workshops"]
        if w["sessions"]
        for rest in [{"sessions": w["sessions"], "more": False}]
    ]
    # Sessions without a heading come first, together and in time order: after a heading they
    # would read as that workshop's, and one after another they would read as one list.
    plain = sorted((s for g in groups if g["title"] is None for s in g["sessions"]), key=_when)
    groups = ([{"title": None, "sessions": plain, "more": False}] if plain else []) + [
        g for g in groups if g["title"] is not None
    ]
    if t["topic_sessions"]:
        title = words.text("more_sessions_on", topic=t["name"])
        groups.append({"title": title, "sessions": t["topic_sessions"], "more": True})
    return groups


def _when(s: dict) -> tuple:
    return s["date"], s["start_min"], s["code"]


def directional_sheets(p: model.Project) -> list[Sheet]:
    rooms = {r.id: r for r in p.rooms}
    out = []
    for sp in p.signposts:
        rows = [
            {
                "arrow": d.arrow,
                "rooms": [{"name": rooms[r].name, "level": rooms[r].level} for r in d.rooms],
                "note": d.note,
            }
            for d in sp.directions
        ]
        out.append(
            Sheet(
                name=f"direction-{sp.id}",
                kind="directional-sign",
                template="directional-sign/sign.html.j2",
                context={
                    "location": sp.name,
                    "rows": rows,
                    "url": as_uri(p.congress.base_url),
                    "qr_below": len(rows) <= WAY_QR_BELOW_ROWS,
                },
                path=f"signs/directional-{sp.id}.pdf",
                trim_mm=DIRECTIONAL_MM,
                extra={"location": sp.name},
                levels=DIRECTIONAL_FIT_LEVELS,
            )
        )
    return out


def notice_sheet(p: model.Project, words: Words, notice: model.Notice) -> Sheet:
    """A last-minute notice for one session: moved, cancelled, full or rescheduled, its days
    in ``words``."""
    code, change = notice.session, notice.change
    days = views.sessions_by_day(p, words)
    session = next(s for d in days for s in d["sessions"] if s["code"] == code)
    day = next(d for d in days if d["date"] == session["date"])
    room = next((r for r in p.rooms if r.id == notice.moved_to), None) if notice.moved_to else None
    if room is not None and room.id == session["room_id"]:
        room = None  # rescheduled in its own room
    new_room = room.name if room else None
    # Where the new room is: it may be on another floor than the old one.
    new_level = room.level if room and room.level else None
    slot = new_slot(replace(p, notices=[notice]), session) if change == "rescheduled" else None
    new_time = None
    if slot is not None:
        # The calendar day the new time's clock is read on: the next one past midnight ("24:30"
        # prints "00:30").
        on = date.fromisoformat(slot["date"]) + timedelta(days=slot["start_min"] // MINUTES_A_DAY)
        new_time = {
            "day": words.long_date(on),
            "other_day": on.isoformat() != session["date"],
            "start": views.clock(slot["start_min"]),
            "end": views.clock(slot["end_min"]),
        }
    name = f"notice-{slug(code)}-{change}"
    return Sheet(
        name=name,
        kind="notice",
        template="notice/notice.html.j2",
        context={
            "session": session,
            "day": day["long"],
            "change": change,
            "new_room": new_room,
            "new_level": new_level,
            "new_time": new_time,
            "title_size": notice_title_size(session["title"]),
        },
        path=f"notices/{name}.pdf",
        trim_mm=NOTICE_MM,
        extra={
            "session": code,
            "change": change,
            "room": new_room or session["room"],
            "date": slot["date"] if slot else session["date"],
        }
        # The new time as the content writes it, past 24:00 after midnight: its date is the
        # congress day's, on which "00:15" would be the morning (onsite_commands reads it back).
        | ({"start": format_time(slot["start_min"]), "end": format_time(slot["end_min"])} if slot else {}),
    )


# News of its own (a notice with a title and text): its title starts with capitals of about
# 25 mm, its text at 40 pt, and both step down, about 8 % a step, to 28 pt and 18 pt (levels as
# in notice.css); its title's longest word must fit a line (``news_floor``).
NEWS_FIT_LEVELS = 12
NEWS_TITLE_REM = (10.0, 9.0, 8.2, 7.4, 6.7, 6.0, 5.4, 4.8, 4.2, 3.7, 3.2, 2.8)
NEWS_WIDTH_REM = 51.4  # inside the page's margins


def news_name(n: model.Notice) -> str:
    """The name of the sheet, and of its file, of a notice of news of its own: its day's date,
    if it has one, and its title, in plain letters, after "news-", so that no title ("RC 101
    full") can take the file of a session's change, made in the content or on site. A title
    with no letter or digit in Latin letters ("!!!", or in a script without a Latin spelling)
    has the start of its SHA-256 instead, so that two such titles have a file each."""
    plain = fold(n.title or "")
    words = slug(plain)[:60].rstrip("-") if re.search(r"[a-z0-9]", plain) else _digest(n.title or "")
    return "news-" + (f"{n.date.isoformat()}-" if n.date else "") + words


def _digest(text: str) -> str:
    """A short name that stands for ``text`` alone, the same in every build."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def news_sheet(p: model.Project, words: Words, notice: model.Notice) -> Sheet:
    """A notice of news of its own: its title as large as fits, its text large, with line
    breaks kept; the day and room it is for above them; a QR code only for its link."""
    room = next((r for r in p.rooms if r.id == notice.room), None)
    where = " · ".join(x for x in (room.name if room else None, room.level if room else None) if x)
    name = news_name(notice)
    return Sheet(
        name=name,
        kind="notice",
        template="notice/news.html.j2",
        context={
            "title": notice.title,
            "paragraphs": text_lines(notice.text),
            "day": words.long_date(notice.date) if notice.date else None,
            "where": where or None,
            "link": as_uri(notice.link) if notice.link else None,
            "shown_link": notice.link,
        },
        path=f"notices/{name}.pdf",
        trim_mm=NOTICE_MM,
        extra={"title": notice.title, "change": "news"}
        | ({"room": room.name} if room else {})
        | ({"date": notice.date.isoformat()} if notice.date else {}),
        levels=NEWS_FIT_LEVELS,
    )


def text_lines(text: str | None) -> list[list[str]]:
    """A text as printed: its paragraphs (apart at blank lines), each as its lines (a line
    break as written is kept), each line's spaces as one."""
    if not text:
        return []
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return [[" ".join(line.split()) for line in p.splitlines() if line.strip()] for p in paragraphs]


def news_floor(sheet: Sheet) -> int:
    """The largest size (lowest level) at which the longest word of a notice's title, about
    0.62 em a letter in the bold display face, fits the page's width."""
    longest = max((len(w) for w in sheet.context["title"].split()), default=0)
    return next(
        (level for level, size in enumerate(NEWS_TITLE_REM) if longest * 0.62 * size <= NEWS_WIDTH_REM),
        NEWS_FIT_LEVELS - 1,
    )


def predicted_news_fit(sheet: Sheet) -> int:
    """A first guess at a notice's fit level, from how much it has to say."""
    c = sheet.context
    chars = len(c["title"]) * 3 + sum(len(line) + 20 for p in c["paragraphs"] for line in p)
    return min(NEWS_FIT_LEVELS - 1, chars // 90)


def notice_title_size(title: str) -> str:
    """How large a notice sets its session's title: a short one large enough to read from
    across a corridor (``large``: capitals of about 15 mm, up to about 24 characters, two
    lines; ``larger``: about 11 mm, up to 60), a long one at the size that keeps it and the
    change on the page (the fit levels shrink it further where it must)."""
    if len(title) <= 24:
        return "large"
    return "larger" if len(title) <= 60 else "normal"
