"""Plain, JSON-friendly views of the model that templates read (and caches hash)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

from . import model
from .schema import format_time
from .textfold import fold
from .urls import as_uri, format_url, room_day_url, session_url, slug, topic_url
from .words import Words, english, heading


def long_date(d: date) -> str:
    """ "Wednesday, 28 February 2024", in English (the print shop's job ticket)."""
    return english().long_date(d)


def clock(minutes: int) -> str:
    """A printed time; after-midnight times print as the clock shows them."""
    return format_time(minutes % (24 * 60))


def paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


# Apostrophes, typed or typographic, that a sort key passes over: O'Sullivan is filed as
# OSullivan, after Ong, not before Oberhuber (where the typewriter one put it) nor after
# Öztürk (where the typographic one did).
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc")


def sort_key(text: str) -> str:
    """A language-neutral sort key: accents folded, case ignored, Ø filed under O, apostrophes
    passed over."""
    return fold(text).translate(_APOSTROPHES)


# A capitalised particle before the last name belongs to the surname and is filed with it
# (Elena De Luca, Siobhán Ní Bhriain); a lower-case one follows the given name, as Dutch and
# German indexes file it (Maartje van der Berg -> "Berg, Maartje van der").
SURNAME_PARTICLES = frozenset(
    "Abu Al Ben Bin Da Dal Dalla De Degli Dei Del Della Des Di Dos Du El La Le Lo Mac Mc Ní Nic Ó Ua Van Ver Von".split()
)


# What follows a name without being part of it: "(she/her)", "[any]", "'Garak'", "`thezero`".
TRAILING_NOTE = re.compile(r"""(.*?\S)\s*(\([^()]*\)|\[[^\[\]]*\]|"[^"]*"|“[^“”]*”|'[^']*'|`[^`]*`)""")


# The typewriter apostrophe between two letters of a name (O'Sullivan, D'Angelo), which the
# booklet prints as the typographic one (render.typographic).
_APOSTROPHE_IN_NAME = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")


# What follows a name after a comma without being its given names: "Hans Müller, MD, PhD".
NAME_SUFFIXES = frozenset("Jr Jr. Sr Sr. II III IV MD PhD MSc BSc MBBS MPH MBA FRCR FRCP FRCS".split())


def written_name(name: str) -> str:
    """A name as one person: composed (NFC), every run of spaces (no-break ones too) one space,
    an apostrophe inside it the typographic one. "Hans  Müller", "Hans Müller " and a "Müller"
    typed with a combining diaeresis are one entry of the speaker index, which prints them
    alike, and so are "O'Sullivan" and "O’Sullivan"."""
    return _APOSTROPHE_IN_NAME.sub("\u2019", unicodedata.normalize("NFC", " ".join(name.split())))


def index_name(name: str) -> str:
    """ "Geoffrey D. Rubin" -> "Rubin, Geoffrey D."; "Elena De Luca" -> "De Luca, Elena".

    A nickname or pronouns in brackets or quotes after the name are no surname, and stay after
    the name: "Ann Lee (she/her)" -> "Lee, Ann (she/her)", "kaMi (sie/ihr she/her)" as it is.
    A name with a comma is written surname first already ("Müller, Hans"), unless what follows
    the comma is a suffix or degree: "Hans Müller, MD" -> "Müller, Hans, MD"."""
    added = TRAILING_NOTE.fullmatch(name.strip())
    if added:
        return f"{index_name(added[1])} {added[2]}"
    head, comma, tail = name.partition(",")
    if comma:
        after = [" ".join(part.split()) for part in tail.split(",")]
        if all(part in NAME_SUFFIXES for part in after):
            return ", ".join([index_name(head), *after])
        return f"{' '.join(head.split())}, {' '.join(tail.split())}"
    words = name.split()
    if len(words) < 2:
        return name
    first = len(words) - 1
    while first > 1 and words[first - 1] in SURNAME_PARTICLES:
        first -= 1
    return f"{' '.join(words[first:])}, {' '.join(words[:first])}"


def congress_view(p: model.Project, words: Words) -> dict:
    c = p.congress
    return {
        "name": c.name,
        "edition": c.edition,
        "dates": words.date_range(c.start, c.end),
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "venue": c.venue,
        "city": c.city,
        "organiser": c.organiser,
        "base_url": as_uri(c.base_url),  # what its QR code carries; printed readable
        "version": c.version,
        "language": c.language,
        "sample_note": c.sample_note,
        "sample_mark": c.sample_mark,
        "qr_level": c.qr.error_correction,
    }


def support_view(p: model.Project, items: list[model.Support], logo_urls: dict[str, str]) -> list[dict]:
    names = {s.id: s for s in p.supporters}
    return [
        {
            "id": s.supporter,
            "name": names[s.supporter].name,
            "logo_url": logo_urls.get(s.supporter),
            "provides": s.provides,
        }
        for s in items
    ]


def format_view(p: model.Project, f: model.Format, sessions_by_format: dict) -> dict:
    return {
        "id": f.id,
        "anchor": f"f-{f.id}",
        "name": f.name,
        "abbreviation": f.abbreviation,
        "family": f.family,
        "paragraphs": paragraphs(f.description),
        "facts": [{"label": x.label, "items": list(x.items)} for x in f.facts],
        "url": format_url(p.congress, f),
        "session_count": len(sessions_by_format.get(f.id, [])),
        "code_example": code_example(sessions_by_format.get(f.id, []), f.abbreviation),
    }


def code_example(sessions: list[model.Session], abbreviation: str | None) -> str | None:
    """A format's first session code ("E³ 2A", "CA 1"), where its codes do not simply begin
    with its abbreviation: the booklet shows it, or "CA 1" in the programme could be read
    nowhere."""
    if not sessions or (abbreviation and all(s.code.startswith(abbreviation + " ") for s in sessions)):
        return None
    return sessions[0].code


def format_groups(p: model.Project) -> list[dict]:
    """Formats in content order, each family gathered where its first member stands."""
    by_format = defaultdict(list)
    for s in p.sessions:
        by_format[s.format].append(s)
    families = {f.id: f for f in p.families}
    groups: list[dict] = []
    placed: dict[str, dict] = {}
    for f in p.formats:
        view = format_view(p, f, by_format)
        if f.family is None:
            groups.append({"family": None, "formats": [view]})
        elif f.family in placed:
            placed[f.family]["formats"].append(view)
        else:
            fam = families[f.family]
            group = {
                "family": {
                    "id": fam.id,
                    "name": fam.name,
                    "anchor": f"fam-{fam.id}",
                    "paragraphs": paragraphs(fam.description),
                },
                "formats": [view],
            }
            placed[f.family] = group
            groups.append(group)
    return groups


def session_view(p: model.Project, s: model.Session, rooms: dict, formats: dict, workshops: dict) -> dict:
    f = formats[s.format]
    return {
        "code": s.code,
        "anchor": f"s-{slug(s.code)}",
        "title": s.title,
        "date": s.day.isoformat(),
        "start": clock(s.start),
        "end": clock(s.end),
        "minutes": s.end - s.start,
        "start_min": s.start,
        "end_min": s.end,
        "room": rooms[s.room].name,
        "room_id": s.room,
        "format": f.name,
        "format_id": f.id,
        "highlight": f.highlight,
        "format_abbr": f.abbreviation,
        "chairs": list(s.chairs),
        "moderators": list(s.moderators),
        "lectures": lecture_views(s),
        "workshop": workshops.get(s.workshop) if s.workshop else None,
        "url": session_url(p.congress, s),
    }


def lecture_views(s: model.Session) -> list[dict]:
    """A session's lectures as printed: title, speakers and, if the content gives lecture
    times, its start as the clock shows it (else None)."""
    times = s.lecture_times() or [(None, None)] * len(s.lectures)
    return [
        {"title": lec.title, "speakers": list(lec.speakers), "start": None if start is None else clock(start)}
        for lec, (start, _end) in zip(s.lectures, times)
    ]


def lookups(p: model.Project) -> tuple[dict, dict, dict]:
    rooms = {r.id: r for r in p.rooms}
    formats = {f.id: f for f in p.formats}
    workshops: dict[str, str] = {}
    for t in p.topics:
        workshops[t.id] = t.name
        for w in t.workshops:
            workshops[w.id] = w.title
    return rooms, formats, workshops


def sessions_by_day(p: model.Project, words: Words | None = None) -> list[dict]:
    """Days in date order, each with its sessions in time order (then room order), each day
    named in ``words`` (by default English): its label (the weekday, unless the content
    gives one), and the date as a heading (``long``) and inside a sentence (``in_text``)."""
    words = words or english()
    rooms, formats, workshops = lookups(p)
    room_order = {r.id: i for i, r in enumerate(p.rooms)}
    out = []
    for day in sorted(p.days, key=lambda d: d.date):
        todays = sorted(
            (s for s in p.sessions if s.day == day.date), key=lambda s: (s.start, room_order.get(s.room, 0), s.code)
        )
        out.append(
            {
                "date": day.date.isoformat(),
                "anchor": f"d-{day.date.isoformat()}",
                "label": day.label or heading(words.weekday(day.date)),
                "long": heading(words.long_date(day.date)),
                "in_text": words.long_date(day.date),
                "plain": words.plain_date(day.date),
                "opens": day.opens,
                "closes": day.closes,
                "sessions": [session_view(p, s, rooms, formats, workshops) for s in todays],
            }
        )
    return out


def topic_views(p: model.Project, logo_urls: dict[str, str], words: Words) -> list[dict]:
    rooms, formats, workshops = lookups(p)
    out = []
    for t in p.topics:
        ids = {t.id} | {w.id for w in t.workshops}
        sessions = sorted((s for s in p.sessions if s.workshop in ids), key=lambda s: (s.day, s.start, s.code))
        listed = [
            (
                s,
                dict(
                    session_view(p, s, rooms, formats, workshops),
                    day=heading(words.long_date(s.day)),
                    day_short=heading(words.short_date(s.day)),
                ),
            )
            for s in sessions
        ]
        out.append(
            {
                "id": t.id,
                "anchor": f"t-{t.id}",
                "name": t.name,
                "paragraphs": paragraphs(t.description),
                "support": support_view(p, t.support, logo_urls),
                "statement": paragraphs(t.statement),
                "workshops": [
                    {
                        "id": w.id,
                        "title": w.title,
                        "support": support_view(p, w.support, logo_urls),
                        "sessions": [v for s, v in listed if s.workshop == w.id],
                    }
                    for w in t.workshops
                ],
                "url": topic_url(p.congress, t),
                "sessions": [v for _, v in listed],
                # Sessions of the topic that belong to none of its named workshops.
                "topic_sessions": [v for s, v in listed if s.workshop == t.id],
            }
        )
    return out


def speaker_index(p: model.Project) -> list[dict]:
    """Every person once, with the sessions they speak at, chair or moderate, by surname."""
    refs: dict[str, dict[str, dict]] = defaultdict(dict)
    filed: dict[str, str] = {}  # each name as written, as the index files it
    order = {d.date: i for i, d in enumerate(sorted(p.days, key=lambda d: d.date))}
    for s in sorted(p.sessions, key=lambda s: (order.get(s.day, 0), s.start, s.code)):
        people = list(s.chairs) + list(s.moderators) + [n for lec in s.lectures for n in lec.speakers]
        for name in people:
            if name not in filed:
                filed[name] = index_name(written_name(name))
            refs[filed[name]].setdefault(s.code, {"code": s.code, "anchor": f"s-{slug(s.code)}"})
    entries = [{"name": n, "refs": list(r.values()), "key": sort_key(n)} for n, r in refs.items()]
    entries.sort(key=lambda e: (e["key"], e["name"]))
    for e in entries:
        # Names that start with a digit or sign ("0x17", "@pkoerner") come first, under one heading.
        e["letter"] = e["key"][:1].upper() if e["key"][:1].isalpha() else "#"
    return entries


def room_views(p: model.Project) -> list[dict]:
    counts = defaultdict(int)
    for s in p.sessions:
        counts[s.room] += 1
    return [
        {"id": r.id, "name": r.name, "level": r.level, "capacity": r.capacity, "sessions": counts[r.id]}
        for r in p.rooms
    ]


def room_day_link(p: model.Project, room: model.Room, day: date) -> str:
    return room_day_url(p.congress, room, day)
