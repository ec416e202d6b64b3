"""Load a project's content folder into a validated Project, or report every problem."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import model, words
from .crosscheck import advise, cross_check
from .errors import ContentError, Problem
from .fontcoverage import NO_FONTS, check_text, covered, declared_fonts, lacks_what_ecrprint_prints, outside
from .intents import layout_ink
from .paths import Layout, resolved_or_none
from .print_checks import print_settings
from .schema import Converter
from .yamlsource import LocMap, Mark, PartlyRead, display_path, item_label, load_yaml

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


# The folder under content/ that `ecrprint import` writes anew each time.
IMPORTED_FOLDER = "imported"


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
    said: set[tuple[str, str]] = set()  # (file, field) of values a file could not give
    read_warnings: list[Problem] = []  # values that a comment probably cut short
    for path in files:
        try:
            doc = load_yaml(path, project, cache, read_warnings)
        except PartlyRead as exc:
            # The rest of the file is checked too: every problem at once.
            problems.extend(exc.problems)
            said |= {(p.path, p.field) for p in exc.problems}
            doc = exc.value
            unreadable = unreadable or not exc.whole
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

    _own_over_imported(raw_lists)
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
    unread: dict[str, list[tuple[str, LocMap]]] = {}  # items with a value that could not be read
    for key, cls in LIST_SECTIONS.items():
        items = []
        for i, (value, mark) in enumerate(raw_lists.get(key, [])):
            label = item_label(value, i)
            obj = conv.to_dataclass(cls, value, mark, f"{key}[{label}]")
            if obj is not None:
                placed[id(obj)] = i
                items.append(obj)
            elif isinstance(value, LocMap):
                unread.setdefault(key, []).append((label, value))
        lists[key] = items
    # A value the file could not give is not said again as missing or of the wrong kind.
    problems.extend(p for p in conv.problems if not _said_before(p, said))
    # Every object the converter built, nested ones (workshops, directions) included.
    origins = Origins(conv.sources, {**conv.positions, **placed})
    problems.extend(_unprintable_text(project, files, raw_maps, raw_lists, cache))
    congress_read = "congress" in maps
    if not congress_read and "congress" not in raw_maps:
        raise ContentError(problems or [Problem("content", 1, 1, "congress", "invalid")])

    congress = maps["congress"] if congress_read else _stand_in_congress(raw_maps["congress"][0], origins)
    proj = model.Project(
        # A congress section with a bad value is reported above; the rest is still checked.
        congress=congress,
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
                ident = _ident(value)
                if ident is not None:
                    present[key].setdefault(ident, value.value_marks.get("id", mark))
                if key == "topics" and isinstance(value.get("workshops"), list):
                    for w in value["workshops"]:
                        if isinstance(w, LocMap) and w.get("id") is not None:
                            present[key].setdefault(str(w.get("id")), w.value_marks.get("id", w.mark))
    empty = {
        key: _where_none(key, given[key], broken, empty_files, files, project)
        for key in LIST_SECTIONS
        if not raw_lists.get(key)
    }
    dated = congress is not _STAND_IN_CONGRESS  # its start and end were read
    problems.extend(cross_check(proj, origins, project, present, not unreadable, congress_read, empty, unread, dated))
    # Said with the problems too, every problem at once; but not while a file could not be
    # read: its sessions would be missing, and "no sessions on this day" would be false.
    if advisories is not None and not unreadable:
        limited = any(owner.ink_limit is not None for _, owner in print_settings(proj.print))
        ink = layout_ink(Layout.for_project(project)) if limited else None
        advisories.extend(advise(proj, origins, display_path(files[0], project), ink, congress_read))
        if congress_read:
            try:
                where = origins.mark(congress, "language")
                advisories.extend(words.advice(Layout.for_project(project), congress.language, where, cache))
            except ContentError as exc:  # the layouts' words file: said with the content's problems
                problems.extend(exc.problems)
    if advisories is not None:
        advisories.extend(read_warnings)
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


def _own_over_imported(raw_lists: dict[str, list[tuple[object, Mark]]]) -> None:
    """An item of the organisers' own with the id, code or date of one in content/imported/
    replaces it: the import writes that folder anew each time, so a day's hours, a room's name
    or a session's title are set in a file of one's own (a day that opens earlier for a
    session added to the imported ones)."""
    imported = f"content/{IMPORTED_FOLDER}/"
    for entries in raw_lists.values():
        own = {_ident(value) for value, mark in entries if not mark.path.startswith(imported)} - {None}
        if own:
            entries[:] = [(v, m) for v, m in entries if not m.path.startswith(imported) or _ident(v) not in own]


def _ident(value: object) -> str | None:
    """What names a list item: its id, code or date, as written."""
    if isinstance(value, LocMap):
        return next((str(value[k]) for k in ("id", "code", "date") if value.get(k) is not None), None)
    return None


def _said_before(problem: Problem, said: set[tuple[str, str]]) -> bool:
    """Whether ``problem`` is about a value (or inside one) that reading its file refused."""
    return any(
        problem.path == path and (problem.field == field or problem.field.startswith((f"{field}.", f"{field}[")))
        for path, field in said
    )


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
    layout = Layout.for_project(project)
    fonts = declared_fonts(layout)
    if not fonts:
        sheet = display_path(layout.find("shared/fonts.css.j2"), project)
        raise ContentError([Problem(sheet, 1, 1, "(fonts)", NO_FONTS)])
    try:
        points = covered(fonts, cache)
    except ContentError as exc:  # a font file that cannot be read, named as the project has it
        raise ContentError([replace(p, path=display_path(Path(p.path), project)) for p in exc.problems]) from None
    lacking = lacks_what_ecrprint_prints(points)
    if lacking:
        sheet = display_path(layout.find("shared/fonts.css.j2"), project)
        return [Problem(sheet, 1, 1, "(fonts)", lacking)]
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


def _stand_in_congress(raw: object, origins: Origins) -> model.Congress:
    """What stands for a congress section with a bad value: its own start and end when both
    are dates (the days are checked against them in the same run), else placeholders."""
    if isinstance(raw, LocMap) and all(type(raw.get(k)) is date for k in ("start", "end")):
        congress = replace(_STAND_IN_CONGRESS, start=raw["start"], end=raw["end"])
        origins.maps[id(congress)] = raw
        return congress
    return _STAND_IN_CONGRESS
