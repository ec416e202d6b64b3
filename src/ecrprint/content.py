"""Load a project's content folder into a validated Project, or report every problem."""

from __future__ import annotations

import difflib
import re
import string
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from . import model
from .errors import ContentError, Problem
from .fontcoverage import check_text, covered, outside
from .kinds import KINDS
from .paths import Layout, resolved_or_none
from .references import unknown_references
from .schema import Converter, format_time, is_http_url
from .urls import format_url, room_day_url, session_url, slug, topic_url
from .yamlsource import LocMap, Mark, display_path, item_label, load_yaml

MINUTES_A_DAY = 24 * 60
PART_SUFFIX = re.compile(r"-\d+of\d+$")

LIST_SECTIONS = {
    "families": model.Family,
    "formats": model.Format,
    "supporters": model.Supporter,
    "topics": model.Topic,
    "rooms": model.Room,
    "signposts": model.Signpost,
    "days": model.Day,
    "sessions": model.Session,
    "notices": model.Notice,
}
MAP_SECTIONS = {"congress": model.Congress, "print": model.PrintProfile, "notes": model.Notes}
URL_FIELDS = {
    "format": {"base_url", "id"},
    "topic": {"base_url", "id"},
    "session": {"base_url", "slug", "code"},
    "room_day": {"base_url", "room", "date"},
}


@dataclass
class Origins:
    """Where each model object came from, so that cross-checks can point at the right line."""

    maps: dict[int, LocMap] = field(default_factory=dict)  # by id: the mapping it was built from
    positions: dict[int, int] = field(default_factory=dict)  # by id: its place in its list, as written

    def position(self, obj: object) -> int:
        """Where a list item was written in its list (counting items that had problems)."""
        return self.positions[id(obj)]

    def mark(self, obj: object, key: str | None = None) -> Mark:
        data = self.maps[id(obj)]
        if key is not None and key in data.value_marks:
            return data.value_marks[key]
        return data.mark


def _yaml_files(project: Path) -> list[Path]:
    """The YAML files below content/, in a stable order; hidden ones (an editor's lock file,
    the ._ copies macOS leaves on shared drives) are not content."""
    folder = project / "content"
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml") and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def content_files(project: Path) -> list[Path]:
    """Every YAML file of a project's content, in a stable order: regular files inside the
    project's content/ folder, or links to such files, each file once, and nothing else."""
    folder = (project / "content").resolve()
    seen: set[Path] = set()
    out = []
    for p in _yaml_files(project):
        target = resolved_or_none(p)
        if target is not None and p.is_file() and target.is_relative_to(folder) and target not in seen:
            seen.add(target)
            out.append(p)
    return out


def _unsafe_files(project: Path) -> list[Problem]:
    """What below content/ is not read: links that lead out of the content folder (to a file
    or a folder), and anything that is not a regular file (a pipe, a device)."""
    folder = (project / "content").resolve()
    out = []
    links = [p for p in (project / "content").rglob("*") if p.is_symlink() and p.is_dir()]
    yaml_files = _yaml_files(project)
    for p in sorted(yaml_files + links):
        shown = str(p.relative_to(project))  # as written: resolved, it would name the place outside
        what = "folder" if p.is_dir() else "file"
        target = resolved_or_none(p)
        if target is None:
            out.append(Problem(shown, 1, 1, "(file)", "is a link that leads round in a loop to itself; not read"))
        elif not target.is_relative_to(folder):
            message = f"is a link to a {what} outside the project's content/ folder; not read"
            out.append(Problem(shown, 1, 1, "(file)", message))
        elif not p.is_file() and not p.is_dir():
            out.append(Problem(shown, 1, 1, "(file)", "is not a regular file; not read"))
        elif p.is_dir() and p in yaml_files and not any(q.is_relative_to(p) for q in yaml_files if q != p):
            # A content file replaced by an (empty) folder: say so, not only what goes missing.
            out.append(Problem(shown, 1, 1, "(file)", "is a folder, not a YAML file; not read"))
    return out


def load_project(project: Path, cache: Path | None = None, advisories: list[Problem] | None = None) -> model.Project:
    """Read, convert and cross-check a project's content; raise ContentError listing all
    problems. Files read before are taken from the ``cache`` folder, when one is given. What
    is allowed but probably a mistake (a day without sessions) goes into ``advisories``."""
    project = project.resolve()
    files = content_files(project)
    if not files:
        raise ContentError([Problem(str(project / "content"), 1, 1, "(project)", "no content/*.yaml files found")])
    problems: list[Problem] = _unsafe_files(project)
    raw_lists: dict[str, list[tuple[object, Mark]]] = defaultdict(list)
    raw_maps: dict[str, tuple[object, Mark]] = {}
    # A file that cannot be read may hold what other files refer to: with one, references and
    # required sections are not judged, so a stray bracket gives one problem, not hundreds.
    unreadable = False
    given: dict[str, list[Mark]] = defaultdict(list)  # where each list section's key is written
    broken: set[str] = set()  # list sections given as something else: reported once, at the key
    empty_files: list[str] = []  # files with nothing in them (or only comments)
    for path in files:
        try:
            doc = load_yaml(path, project, cache)
        except ContentError as exc:
            problems.extend(exc.problems)
            unreadable = True
            continue
        if doc is None:
            empty_files.append(display_path(path, project))
            continue
        if not isinstance(doc, LocMap):
            # A list has its place; a file that is one plain value (a number, a word) starts at 1:1.
            mark = getattr(doc, "mark", None) or Mark(display_path(path, project), 1, 1)
            problems.append(Problem(mark.path, mark.line, mark.col, "(file)", "expected a mapping of sections"))
            continue
        for key, value in doc.items():
            mark = doc.value_marks[key]
            if key in LIST_SECTIONS:
                given[key].append(doc.key_marks[key])
                if not hasattr(value, "item_marks"):
                    km = doc.key_marks[key]
                    problems.append(Problem(km.path, km.line, km.col, key, "expected a list"))
                    broken.add(key)
                    continue
                raw_lists[key].extend(zip(value, value.item_marks))
            elif key in MAP_SECTIONS:
                if key in raw_maps:
                    first = raw_maps[key][1]
                    problems.append(
                        Problem(
                            mark.path, mark.line, mark.col, key, f"section already given in {first.path}:{first.line}"
                        )
                    )
                    continue
                raw_maps[key] = (value, mark)
            else:
                km = doc.key_marks[key]
                known = list(LIST_SECTIONS) + list(MAP_SECTIONS)
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known sections: {', '.join(known)}"
                problems.append(Problem(km.path, km.line, km.col, key, f"unknown section '{key}'{hint}"))

    conv = Converter()
    maps: dict[str, object] = {}
    for key, cls in MAP_SECTIONS.items():
        if key not in raw_maps:
            if key == "congress" and not unreadable:
                problems.append(_congress_missing(files, empty_files, project))
            continue
        value, mark = raw_maps[key]
        obj = conv.to_dataclass(cls, value, mark, key)
        if obj is not None:
            maps[key] = obj
    lists: dict[str, list] = {}
    placed: dict[int, int] = {}  # a section's items, by id: their place across its files
    for key, cls in LIST_SECTIONS.items():
        items = []
        for i, (value, mark) in enumerate(raw_lists.get(key, [])):
            label = item_label(value, i)
            obj = conv.to_dataclass(cls, value, mark, f"{key}[{label}]")
            if obj is not None:
                placed[id(obj)] = i
                items.append(obj)
        lists[key] = items
    problems.extend(conv.problems)
    # Every object the converter built, nested ones (workshops, directions) included.
    origins = Origins(conv.sources, {**conv.positions, **placed})
    problems.extend(_unprintable_text(project, files, raw_maps, raw_lists, cache))
    congress_read = "congress" in maps
    if not congress_read and "congress" not in raw_maps:
        raise ContentError(problems or [Problem("content", 1, 1, "congress", "invalid")])

    proj = model.Project(
        # A congress section with a bad value is reported above; the rest is still checked.
        congress=maps["congress"] if congress_read else _STAND_IN_CONGRESS,
        print=maps.get("print", model.PrintProfile()),
        notes=maps.get("notes"),
        **lists,
    )
    # Items that failed conversion still exist: references to them are not reported again,
    # and one written almost alike is named in a "did you mean".
    present: dict[str, dict[str, Mark]] = {key: {} for key in LIST_SECTIONS}
    for key in LIST_SECTIONS:
        for value, mark in raw_lists.get(key, []):
            if isinstance(value, LocMap):
                ident = next((value[k] for k in ("id", "code", "date") if value.get(k) is not None), None)
                if ident is not None:
                    present[key].setdefault(str(ident), value.value_marks.get("id", mark))
                if key == "topics" and isinstance(value.get("workshops"), list):
                    for w in value["workshops"]:
                        if isinstance(w, LocMap) and w.get("id") is not None:
                            present[key].setdefault(str(w.get("id")), w.value_marks.get("id", w.mark))
    empty = {
        key: _where_none(key, given[key], broken, empty_files, files, project)
        for key in LIST_SECTIONS
        if not raw_lists.get(key)
    }
    problems.extend(cross_check(proj, origins, project, present, not unreadable, congress_read, empty))
    # Said with the problems too, every problem at once; but not while a file could not be
    # read: its sessions would be missing, and "no sessions on this day" would be false.
    if advisories is not None and not unreadable:
        advisories.extend(advise(proj, origins, display_path(files[0], project)))
    if advisories is not None:
        # An empty file that leaves something needed missing is said as that problem.
        causes = {p.path for p in problems if "(the file is empty)" in p.message}
        causes |= {path for path in empty_files for p in problems if f"{path} is empty" in p.message}
        advisories.extend(_empty_file(project, shown) for shown in empty_files if shown not in causes)
    if problems:
        raise ContentError(_copies_said_once(problems, raw_lists))
    return proj


def _congress_missing(files: list[Path], empty_files: list[str], project: Path) -> Problem:
    """The congress section is missing: said at the file meant to hold it, or, if there is
    none, at the name it usually has, never at some other file."""
    for path in files:
        if path.stem == "congress":
            shown = display_path(path, project)
            why = "the file is empty" if shown in empty_files else "this file has no 'congress:' section"
            return Problem(shown, 1, 1, "congress", f"required section is missing ({why})")
    message = (
        "required section is missing: no file in content/ defines it "
        "(it usually lives in content/congress.yaml, which does not exist: restore it)"
    )
    return Problem(display_path(project / "content" / "congress.yaml", project), 1, 1, "congress", message)


def _empty_file(project: Path, shown: str) -> Problem:
    """A content file with nothing in it: allowed, but most likely emptied by mistake."""
    try:
        comments = bool((project / shown).read_text(encoding="utf-8").strip())
    except (OSError, UnicodeError):
        comments = False
    what = "the file has only comments, no content" if comments else "the file is empty"
    return Problem(shown, 1, 1, "(file)", f"{what}: was its content lost? If it is not needed, delete it")


def _where_none(
    section: str, given: list[Mark], broken: set[str], empty_files: list[str], files: list[Path], project: Path
) -> tuple[Mark | None, str | None]:
    """Where to say that a list section has no items, and why: at its key if it is written
    (an empty list), at the file named after it if that file is empty. If no file has it:
    no place (the first reference will do), and the empty files that may have held it. No
    reason either: it is reported already (given as something other than a list)."""
    if section in broken:
        return None, None
    if given:
        return given[0], "the list is empty"
    for path in files:
        shown = display_path(path, project)
        if path.stem == section and shown in empty_files:
            return Mark(shown, 1, 1), "the file is empty"
    if len(empty_files) == 1:
        return None, f" ({empty_files[0]} is empty: did it have them?)"
    if empty_files:
        return None, f" ({', '.join(empty_files)} are empty: did one of them have them?)"
    return None, ""


def _copies_said_once(problems: list[Problem], raw_lists: dict) -> list[Problem]:
    """A file whose every item repeats another file's ("timetable copy.yaml") is one problem,
    not a duplicate, an overlap and more for each of its items."""
    items: dict[str, int] = defaultdict(int)
    for entries in raw_lists.values():
        for _value, mark in entries:
            items[mark.path] += 1
    repeats: dict[tuple[str, str], int] = defaultdict(int)
    for p in problems:
        found = re.search(r"^duplicate \w+ '.*' \(first used at (.+):\d+\)$", p.message)
        if found:
            repeats[(p.path, found[1])] += 1
    out, said = [], set()
    copies = {path: other for (path, other), count in repeats.items() if count == items.get(path, -1) and path != other}
    for p in problems:
        if p.path not in copies:
            out.append(p)
        elif p.path not in said:
            said.add(p.path)
            other = copies[p.path]
            message = f"every item here is also in {other}: is one file a copy of the other? Keep one of them"
            out.append(Problem(p.path, 1, 1, "(file)", message))
    return out


def _unprintable_text(
    project: Path, files: list[Path], raw_maps: dict, raw_lists: dict, cache: Path | None
) -> list[Problem]:
    """Content text with characters that none of the project's fonts has. Only the files whose
    text has such a character, or an escape, are looked at value by value."""
    try:
        points = covered(Layout.for_project(project).font_dirs, cache)
    except ContentError as exc:  # a font file that cannot be read, named as the project has it
        raise ContentError([replace(p, path=display_path(Path(p.path), project)) for p in exc.problems]) from None
    pattern = outside(points)
    suspect = set()
    for path in files:
        try:
            if pattern.search(path.read_text(encoding="utf-8")):
                suspect.add(display_path(path, project))
        except (OSError, UnicodeError):
            continue  # reported where the file is loaded
    if not suspect:
        return []
    roots = [(key, value, mark) for key, (value, mark) in raw_maps.items() if mark.path in suspect]
    for key, items in raw_lists.items():
        roots += [
            (f"{key}[{item_label(value, i)}]", value, mark)
            for i, (value, mark) in enumerate(items)
            if mark.path in suspect
        ]
    return check_text(roots, points)


# Stands in for a congress section that could not be read, so that the other sections are
# still checked; its own values are never checked or used.
_STAND_IN_CONGRESS = model.Congress(
    id="congress",
    name="",
    edition="",
    start=date.min,
    end=date.max,
    venue="",
    organiser="",
    base_url="https://invalid",
    version="",
)


def advise(proj: model.Project, origins: Origins, first_file: str) -> list[Problem]:
    """What is allowed but probably a mistake: located, reported, and not stopping a build."""
    out = []
    if not proj.sessions:
        out.append(Problem(first_file, 1, 1, "sessions", "no sessions at all: the booklet has no programme"))
    busy = {s.day for s in proj.sessions}
    for d in proj.days:
        if d.date not in busy:
            m = origins.mark(d, "date")
            message = "no sessions on this day: the booklet leaves it out and its door signs say the rooms are free"
            out.append(Problem(m.path, m.line, m.col, f"days[{d.date}]", message))
    return sorted(out)


def cross_check(
    proj: model.Project,
    origins: Origins,
    root: Path,
    present: dict[str, dict[str, Mark]] | None = None,
    references: bool = True,
    congress_read: bool = True,
    empty: dict[str, tuple[Mark | None, str | None]] | None = None,
) -> list[Problem]:
    """Problems that need more than one value: duplicates, references, overlaps, URLs.
    ``references=False`` skips the references to other items (some content was unreadable);
    ``congress_read=False`` skips the congress section's own checks (it could not be read).
    ``present`` holds, by section, the items written (with problems or not) and where;
    ``empty`` the list sections without items, and where to say so (see _where_none)."""
    out: list[Problem] = []

    def add(obj: object, key: str | None, where: str, message: str) -> None:
        m = origins.mark(obj, key)
        out.append(Problem(m.path, m.line, m.col, where, message))

    def unique(items: list, attr: str, section: str, seen: dict | None = None) -> dict:
        seen = {} if seen is None else seen
        for obj in items:
            key = getattr(obj, attr)
            if key in seen:
                first = origins.mark(seen[key], attr)
                add(
                    obj,
                    attr,
                    f"{section}[{key}].{attr}",
                    f"duplicate {attr} '{key}' (first used at {first.path}:{first.line})",
                )
            else:
                seen[key] = obj
        return seen

    present = present or {}
    sections = {
        "room": "rooms",
        "format": "formats",
        "supporter": "supporters",
        "family": "families",
        "workshop or topic": "topics",
        "session": "sessions",
        "day": "days",
    }
    # References to nothing, by what they name: said once each, at the first place, with how
    # many more there are, after all the other checks (see references.unknown_references).
    unknown: dict[tuple[str, str], list[tuple[Mark, str]]] = defaultdict(list)
    tables: dict[str, dict] = {}

    def known(obj, key, where, value, table: dict, what: str) -> None:
        if not references:
            return
        if value not in table and str(value) not in present.get(sections.get(what, ""), {}):
            unknown[(what, str(value))].append((origins.mark(obj, key), where))
            tables[what] = table

    if congress_read:
        before = len(out)
        check_congress(proj.congress, add)
        if len(out) == before:
            check_qr_urls(proj, add)
    po = proj.print
    # Print shops ask for 2 to 5 mm; 0 is for a printer that cannot print to the edge anyway.
    for where, owner in [("print", po)] + [(f"print.products.{kind}", pp) for kind, pp in po.products.items()]:
        if owner.bleed_mm is not None and not 0 <= owner.bleed_mm <= 10:
            add(owner, "bleed_mm", f"{where}.bleed_mm", f"expected 0 to 10 mm, got {owner.bleed_mm:g}")
    if po.saddle_stitch_max_pages < 8 or po.saddle_stitch_max_pages % 4:
        add(
            po,
            "saddle_stitch_max_pages",
            "print.saddle_stitch_max_pages",
            f"expected a multiple of 4, at least 8, got {po.saddle_stitch_max_pages}",
        )
    if po.perfect_min_pages < 4 or po.perfect_min_pages % 2:
        add(
            po,
            "perfect_min_pages",
            "print.perfect_min_pages",
            f"expected an even number, at least 4, got {po.perfect_min_pages}",
        )
    if po.spine_mm is not None and not 0 < po.spine_mm <= 60:
        add(po, "spine_mm", "print.spine_mm", f"expected more than 0 and at most 60 mm, got {po.spine_mm:g}")
    for kind, pp in po.products.items():
        where = f"print.products.{kind}"
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(KINDS)}"
            add(po, "products", where, f"unknown product kind '{kind}'; {hint}")
        if pp.quantity is not None and not 1 <= pp.quantity <= 10_000_000:
            add(pp, "quantity", f"{where}.quantity", f"expected 1 to 10,000,000 copies, got {pp.quantity}")
    if po.output_intent != "default":
        icc = _inside(root, po.output_intent)
        if icc is None or not icc.is_file():
            add(
                po,
                "output_intent",
                "print.output_intent",
                f"ICC profile '{po.output_intent}' not found inside the project",
            )
        elif not is_cmyk_profile(icc):
            add(po, "output_intent", "print.output_intent", f"'{po.output_intent}' is not a CMYK ICC output profile")

    families = unique(proj.families, "id", "families")
    formats = unique(proj.formats, "id", "formats")
    supporters = unique(proj.supporters, "id", "supporters")
    rooms = unique(proj.rooms, "id", "rooms")
    unique(proj.signposts, "id", "signposts")
    days = unique(proj.days, "date", "days")
    codes = unique(proj.sessions, "code", "sessions")
    # A session's address and its place in the booklet's links come from its code's slug:
    # two codes with one slug ("NH 1", "Nh 1", "NH  1") would share both.
    slugs: dict[str, model.Session] = {}
    for code, s in codes.items():
        other = slugs.setdefault(slug(code), s)
        if other is not s:
            first = origins.mark(other, "code")
            add(
                s,
                "code",
                f"sessions[{code}].code",
                f"'{code}' differs from '{other.code}' (at {first.path}:{first.line}) only in case, spaces or "
                f"punctuation; both would get the address …/{slug(code)}",
            )
    workshop_targets = unique(proj.topics, "id", "topics")
    for t in proj.topics:
        unique(t.workshops, "id", f"topics[{t.id}].workshops", workshop_targets)
    # A room's or topic's signs split over several sheets are named <id>-1of2 …: an id of that
    # shape would give two signs one file.
    for section, items in (("rooms", proj.rooms), ("topics", proj.topics)):
        for item in items:
            if PART_SUFFIX.search(item.id):
                add(
                    item,
                    "id",
                    f"{section}[{item.id}].id",
                    f"'{item.id}' ends like the part number of a sign split over several sheets "
                    f"('-1of2'), so two signs could get one file name: choose another id",
                )

    for f in proj.formats:
        if f.family is not None:
            known(f, "family", f"formats[{f.id}].family", f.family, families, "family")
    for s in proj.supporters:
        if s.logo is not None:
            logo = _inside(root, "content/" + s.logo)
            if logo is None or not logo.is_file():
                add(s, "logo", f"supporters[{s.id}].logo", f"logo file '{s.logo}' not found inside the project")
            elif problem := _logo_problem(logo):
                add(s, "logo", f"supporters[{s.id}].logo", f"'{s.logo}' {problem}")
    for t in proj.topics:
        for owner, where in [(t, f"topics[{t.id}]")] + [(w, f"topics[{t.id}].workshops[{w.id}]") for w in t.workshops]:
            for sup in owner.support:
                i = origins.position(sup)
                known(sup, "supporter", f"{where}.support[{i}].supporter", sup.supporter, supporters, "supporter")
    for sp in proj.signposts:
        for d in sp.directions:
            i = origins.position(d)
            for r in d.rooms:
                known(d, "rooms", f"signposts[{sp.id}].directions[{i}].rooms", r, rooms, "room")
    c = proj.congress
    for d in proj.days:
        if congress_read and not c.start <= d.date <= c.end:
            add(
                d,
                "date",
                f"days[{d.date}].date",
                f"{d.date} is not between the congress's start and end ({c.start} to {c.end})",
            )
        if d.closes <= d.opens:
            add(
                d,
                "closes",
                f"days[{d.date}].closes",
                f"closes ({format_time(d.closes)}) before it opens ({format_time(d.opens)})",
            )

    by_room: dict[tuple, list] = defaultdict(list)
    for s in proj.sessions:
        where = f"sessions[{s.code}]"
        known(s, "format", f"{where}.format", s.format, formats, "format")
        known(s, "room", f"{where}.room", s.room, rooms, "room")
        if s.workshop is not None:
            known(s, "workshop", f"{where}.workshop", s.workshop, workshop_targets, "workshop or topic")
        if s.end <= s.start:
            add(s, "end", f"{where}.end", f"ends ({format_time(s.end)}) before it starts ({format_time(s.start)})")
            continue
        day = days.get(s.day)
        if day is None:
            known(s, "day", f"{where}.day", s.day.isoformat(), {str(k): v for k, v in days.items()}, "day")
        elif s.start < day.opens or s.end > day.closes:
            add(
                s,
                "start" if s.start < day.opens else "end",
                f"{where}.{'start' if s.start < day.opens else 'end'}",
                f"{format_time(s.start)}–{format_time(s.end)} is outside its day "
                f"{s.day} ({format_time(day.opens)}–{format_time(day.closes)})",
            )
        by_room[(s.room, s.day)].append(s)
    for (room, day), sessions in by_room.items():
        sessions.sort(key=lambda s: (s.start, s.end))
        # Every pair, not only neighbours: a long session can overlap several after it.
        for i, b in enumerate(sessions):
            for a in sessions[:i]:
                if b.start < a.end and a.code != b.code:  # one code twice is reported as a duplicate
                    first = origins.mark(a)
                    add(
                        b,
                        "start",
                        f"sessions[{b.code}].start",
                        f"overlaps {a.code} ({format_time(a.start)}–{format_time(a.end)}) in room '{room}' "
                        f"on {day} (defined at {first.path}:{first.line})",
                    )
    # A session that runs past midnight (start or end after 24:00) holds its room the next
    # morning too.
    for (room, day), sessions in by_room.items():
        for a in sessions:
            for later in range(1, a.end // MINUTES_A_DAY + 1):
                shift = later * MINUTES_A_DAY
                for b in by_room.get((room, day + timedelta(days=later)), []):
                    if b.start + shift < a.end and b.end + shift > a.start and a.code != b.code:
                        first = origins.mark(a)
                        add(
                            b,
                            "start",
                            f"sessions[{b.code}].start",
                            f"overlaps {a.code} ({format_time(a.start)}–{format_time(a.end)} on {day}, past midnight) "
                            f"in room '{room}' on {b.day} (defined at {first.path}:{first.line})",
                        )
    check_notices(proj, origins, add, known, rooms)
    out.extend(unknown_references(unknown, tables, sections, present, empty or {}))
    return out


def _inside(root: Path, name: str) -> Path | None:
    """The file ``name`` (relative to the project) names, if it lies inside the project."""
    try:
        path = (root / name).resolve()
    except (ValueError, OSError):  # a NUL character, a loop of links
        return None
    return path if path.is_relative_to(root) else None


def check_congress(c: model.Congress, add) -> None:
    """The congress section's problems that need more than one of its values."""
    if c.end < c.start:
        add(c, "end", "congress.end", f"ends ({c.end}) before it starts ({c.start})")
    for name, allowed in URL_FIELDS.items():
        template = getattr(c.urls, name)
        where = f"congress.urls.{name}"
        try:
            parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        except ValueError as exc:
            add(c, "urls", where, f"invalid template: {exc}")
            continue
        fields = {f for f, _, _ in parts}
        if fields - allowed:
            unknown = sorted(fields - allowed)[0]
            add(c, "urls", where, f"unknown placeholder {{{unknown}}}; use {', '.join(sorted(allowed))}")
        elif any(spec or conv for _, spec, conv in parts):
            # "{slug:>999999}" would pad to any length; a placeholder stands for its value only.
            add(c, "urls", where, "a placeholder takes no format, as in {slug}, not {slug:…} or {slug!r}")
        elif not is_http_url(template.format(base_url=c.base_url, id="x", slug="x", code="x", room="x", date="x")):
            add(c, "urls", where, "does not give an http(s) URL")


# A longer address makes a QR code too dense to scan at the sizes the products print it (about
# 17 mm in the booklet): 300 bytes need 69 x 69 modules at level M, a quarter millimetre each.
MAX_QR_URL_BYTES = 300


def check_qr_urls(proj: model.Project, add) -> None:
    """Every address that a QR code carries must be short enough to scan when printed."""
    c = proj.congress

    def check(obj, key: str, where: str, url: str) -> None:
        size = len(url.encode())
        if size > MAX_QR_URL_BYTES:
            add(
                obj,
                key,
                f"{where}.{key}",
                f"its QR code's address is {size} bytes long, too dense to scan as printed; "
                f"at most {MAX_QR_URL_BYTES}: use a shorter address",
            )

    check(c, "base_url", "congress", c.base_url)
    for f in proj.formats:
        check(f, "url" if f.url else "id", f"formats[{f.id}]", format_url(c, f))
    for t in proj.topics:
        check(t, "url" if t.url else "id", f"topics[{t.id}]", topic_url(c, t))
    for s in proj.sessions:
        check(s, "url" if s.url else "code", f"sessions[{s.code}]", session_url(c, s))
    if proj.days:
        day = max(d.date for d in proj.days)  # every date is as long
        for r in proj.rooms:
            check(r, "id", f"rooms[{r.id}]", room_day_url(c, r, day))


def check_notices(proj: model.Project, origins: Origins, add, known, rooms: dict) -> None:
    """The notices' problems, through cross_check's ``add`` and ``known``: references, the
    same change twice, a cancelled session that is also moved or full, and moves into a room
    that is taken then."""
    codes = {s.code: s for s in proj.sessions}
    said: dict[tuple[str, str], object] = {}
    for n in proj.notices:
        i = origins.position(n)  # as written: a notice with problems is not in the list
        known(n, "session", f"notices[{i}].session", n.session, codes, "session")
        first = said.setdefault((n.session, n.change), n)
        if first is not n:
            m = origins.mark(first)
            add(n, "change", f"notices[{i}].change", f"{n.session} is {n.change} already (at {m.path}:{m.line})")
        # Cancelled contradicts every other change: the door signs could not say both.
        others = ["cancelled"] if n.change != "cancelled" else ["moved", "full"]
        clash = next((said[(n.session, o)] for o in others if (n.session, o) in said), None)
        if clash is not None:
            m = origins.mark(clash)
            add(
                n,
                "change",
                f"notices[{i}].change",
                f"{n.session} cannot be {n.change}: it is {clash.change} (at {m.path}:{m.line}); keep the one that is true",
            )
        if n.change == "moved":
            if n.moved_to is None:
                add(n, None, f"notices[{i}].moved_to", "a moved session needs moved_to: the new room")
            else:
                known(n, "moved_to", f"notices[{i}].moved_to", n.moved_to, rooms, "room")
        elif n.moved_to is not None:
            add(n, "moved_to", f"notices[{i}].moved_to", f"only a moved session has a new room, not a {n.change} one")

    for k, n in enumerate(proj.notices):
        s = codes.get(n.session)
        if n.change == "moved" and s is not None and n.moved_to in rooms:
            for message in move_problems(proj, s, n.moved_to, proj.notices[:k]):
                add(n, "moved_to", f"notices[{origins.position(n)}].moved_to", message)


def move_problems(
    proj: model.Project, s: model.Session, room: str, earlier: list[model.Notice], name=lambda room: f"room '{room}'"
) -> list[str]:
    """Why session ``s`` cannot move to ``room``: it is there already, or the room is taken
    then. Sessions that any notice moves away or cancels leave their rooms free; sessions that
    the ``earlier`` notices move in take theirs. ``name`` says a room's name in the messages."""
    if room == s.room:
        return [f"{s.code} is in {name(s.room)} already"]
    codes = {o.code: o for o in proj.sessions}
    gone = {n.session for n in proj.notices if n.change in ("moved", "cancelled")}
    staying = [o for o in proj.sessions if o.room == room and o.code not in gone]
    moved_in = [
        codes[n.session]
        for n in earlier
        if n.change == "moved" and n.moved_to == room and n.session in codes and codes[n.session].room != room
    ]
    return [
        f"{name(room)} is taken then by {other.code} ({format_time(other.start)}–{format_time(other.end)}) on {s.day}"
        for other in staying + moved_in
        if other.code != s.code and other.day == s.day and other.start < s.end and s.start < other.end
    ]


def _logo_problem(path: Path) -> str | None:
    from .logos import logo_problem  # Pillow loads only when a project has logos

    return logo_problem(path)


def is_cmyk_profile(path: Path) -> bool:
    """Whether the file is an ICC profile for CMYK output: the 'acsp' signature, the CMYK
    colour space and the output-device class in its header."""
    try:
        with path.open("rb") as f:
            header = f.read(40)
    except OSError:
        return False
    return len(header) == 40 and header[36:40] == b"acsp" and header[16:20] == b"CMYK" and header[12:16] == b"prtr"
