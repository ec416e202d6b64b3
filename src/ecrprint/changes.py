"""What a build changed in the output folder: the files to print again, new and removed ones."""

from __future__ import annotations

import posixpath
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .output import MANIFEST
from .package import PACKAGE_KINDS, PRINT_DIR, TICKET
from .words import english

# A group of up to this many files names each on a line of its own; a larger one names its
# folder once and the files' names after it, or, when all of them changed, the file that holds
# them all.
FEW = 4
WIDTH = 96  # of a line of file names, for a terminal (and indented twice more)

# Files made of another file of their group (kind: that file's kind): named beside it, not as
# news of their own.
# The screen copy and the spreads change whenever the booklet does (the screen copy, now and
# then, without it: see _screen_copy_alone); a day's batch file whenever one of its door signs
# does.
MADE_FROM = {"imposed-booklet": "booklet", "booklet-screen": "booklet", "door-sign-batch": "door-sign"}
WHAT_IT_IS = {
    "imposed-booklet": "printer spreads",
    "booklet-screen": "for the screen",
    "door-sign-batch": "the day's door signs in one file",
}
# Each kind's group, in the order they are reported: its label (None: the booklet's files,
# which their names say enough about, each on a line), and whether it is split by day.
GROUPS = {
    "booklet": (None, False),
    "door-sign": ("door signs", True),
    "sponsor-board": ("sponsor boards", False),
    "directional-sign": ("directional signs", False),
    "notice": ("notices", False),
}
GROUP_OF = {"booklet-cover": "booklet"}  # the cover of a perfect-bound booklet: a file of its own
# The kinds hung up where the congress is (and the day's file of door signs, printed as its
# signs): a removed one's printed copies are to be taken down. A booklet file removed (the
# spreads, when the binding changed) has no copies on a wall.
POSTED = {"door-sign", "door-sign-batch", "sponsor-board", "directional-sign", "notice"}
# What the screen copy is: read, never printed.
SCREEN = "booklet-screen"


@dataclass(frozen=True)
class Changes:
    """The output files of one build against the manifest before it (manifest entries)."""

    new: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    unchanged: int = 0
    first: bool = False  # there was no manifest to compare with
    unreadable: bool = False  # (first) there was one, but it could not be read
    ticket_changed: bool = False  # the print package's job ticket (with every change to its files, or alone)
    # Each group's number of files (new and changed: after the build; removed: before it).
    totals_after: dict = field(default_factory=dict)
    totals_before: dict = field(default_factory=dict)


def compare(
    before: list[dict] | None,
    after: list[dict],
    kinds: set[str] | None = None,
    ticket_changed: bool = False,
    unreadable: bool = False,
) -> Changes:
    """The files of ``after`` that are new or have other bytes than in ``before``, and those of
    ``before`` that are gone, among the ``kinds`` a build made (None: every kind; a build of one
    kind does not remove the others). ``before`` None: there was no manifest (``unreadable``:
    none that could be read). A notice made on site is kept by the build as it was, not built:
    neither new, changed nor unchanged, as the "Built …" line does not count it; one no longer
    listed was deleted or changed by hand, not removed by the build."""
    after = [e for e in after if kinds is None or e.get("kind") in kinds]
    totals_after = _totals(after)
    built = [e for e in after if not e.get("on_site")]
    if before is None:
        return Changes(new=built, first=True, unreadable=unreadable, totals_after=totals_after)
    before = [e for e in before if kinds is None or e.get("kind") in kinds]
    old = {e.get("path"): e for e in before}
    now = {e.get("path") for e in after}
    new = [e for e in built if e.get("path") not in old]
    changed = [e for e in built if e.get("path") in old and old[e.get("path")].get("sha256") != e.get("sha256")]
    removed = [e for e in before if e.get("path") not in now and not e.get("on_site")]
    unchanged = len(built) - len(new) - len(changed)
    return Changes(
        new,
        changed,
        removed,
        unchanged,
        ticket_changed=ticket_changed,
        totals_after=totals_after,
        totals_before=_totals(before),
    )


def report(
    before: list[dict] | None,
    after: list[dict],
    kinds: set[str] | None = None,
    ticket_changed: bool = False,
    unreadable: bool = False,
) -> list[str]:
    """What changed since the last build, as lines for the organiser's terminal."""
    return describe(compare(before, after, kinds, ticket_changed, unreadable))


def describe(changes: Changes) -> list[str]:
    """The lines that say ``changes``: a count of each, then the changed, new and removed files
    by kind and day (apart, those with nothing to print), their paths in the output folder, and
    whether the print package changed."""
    total = len(changes.new) + len(changes.changed) + changes.unchanged
    if total == 0 and not changes.removed:  # a build of notices where there are none
        return []
    if changes.unreadable:  # an earlier build, whose files are still there: not new
        every = "the one file counts" if total == 1 else f"all {total} files count"
        return [f"The last build's {MANIFEST} could not be read: nothing to compare with, so {every} as new."]
    if changes.first:
        every = "the one file is" if total == 1 else f"all {total} files are"
        return [f"No earlier build in this folder to compare with: {every} new."]
    # Its quantities or paper changed, and no file to print: news for the print shop all the same.
    ticket = f"The print shop's job ticket changed ({PRINT_DIR}/{TICKET}): send it to them again."
    if not (changes.new or changes.changed or changes.removed):
        every = "the one file built is" if total == 1 else f"the {total} files built are"
        return [f"Nothing to print again: {every} the same as after the last build."] + (
            [ticket] if changes.ticket_changed else []
        )
    counts = [
        f"{len(found)} {name}"
        for found, name in ((changes.changed, "changed"), (changes.new, "new"), (changes.removed, "removed"))
        if found
    ]
    if changes.unchanged:
        counts.append(f"{changes.unchanged} unchanged")
    lines = [f"Since the last build: {', '.join(counts)}."]
    for heading, found, gone in _sections(changes):
        if found:
            lines.append(heading)
            totals = changes.totals_before if gone else changes.totals_after
            lines += ["  " + line for line in _grouped(found, totals, gone)]
    if any(e.get("kind") in PACKAGE_KINDS for e in changes.new + changes.changed + changes.removed):
        lines.append(f"The print shop's package ({PRINT_DIR}/) is updated to match, job ticket and checksums included.")
    elif changes.ticket_changed:
        lines.append(ticket)
    return lines


def _sections(changes: Changes) -> list[tuple[str, list[dict], bool]]:
    """Each heading and its files (and whether they were removed): first what to print, then
    what was removed, then what changed or is new with nothing in it to print."""
    reordered = _days_files_alone(changes)
    screen_changed = _screen_copy_alone(changes.changed)
    screen_new = _screen_copy_alone(changes.new)
    return [
        ("Changed, to print again:", _without(changes.changed, reordered + screen_changed), False),
        ("New, to print:", _without(changes.new, screen_new), False),
        ("Removed, no longer made:", [e for e in changes.removed if e.get("kind") not in POSTED], True),
        (
            "Removed, no longer made (take printed copies down):",
            [e for e in changes.removed if e.get("kind") in POSTED],
            True,
        ),
        ("Changed, with no door sign in them to print again (signs reordered, or remade on site):", reordered, False),
        ("Changed, for the screen only (nothing to print):", screen_changed, False),
        ("New, for the screen only (nothing to print):", screen_new, False),
    ]


def _without(entries: list[dict], left_out: list[dict]) -> list[dict]:
    """``entries`` less those said under a heading of their own (by identity: entries alike are
    one file)."""
    ids = {id(e) for e in left_out}
    return [e for e in entries if id(e) not in ids]


def _screen_copy_alone(found: list[dict]) -> list[dict]:
    """The copy for the screen among ``found`` (the changed files, or the new ones) when the
    booklet's print file is not: made of the print file, it changes without it only where the
    booklet's links do (an anchor renamed, such as a family's id, with nothing printed
    otherwise), or comes new beside a print file of before. Nothing of it is printed, so it is
    no news to print; beside its print file it is named with it."""
    if any(e.get("kind") == MADE_FROM[SCREEN] for e in found):
        return []
    return [e for e in found if e.get("kind") == SCREEN]


def _days_files_alone(changes: Changes) -> list[dict]:
    """The days' files of door signs that changed while none of their day's signs is new,
    changed or removed since the last build: the rooms were put in another order, or a sign was
    remade on site with `ecrprint sign`, which leaves the day's file to the next build. Their
    pages are signs already printed: not news to print again."""
    signs_news = {
        _group_key(e) for e in changes.new + changes.changed + changes.removed if e.get("kind") == "door-sign"
    }
    return [e for e in changes.changed if e.get("kind") == "door-sign-batch" and _group_key(e) not in signs_news]


def _group_key(entry: dict) -> tuple:
    """Where a file is reported: its group's place in GROUPS (unknown kinds after, by name) and
    its day, for the kinds split by day."""
    kind = MADE_FROM.get(str(entry.get("kind")), str(entry.get("kind")))
    kind = GROUP_OF.get(kind, kind)
    order = list(GROUPS).index(kind) if kind in GROUPS else len(GROUPS)
    by_day = GROUPS.get(kind, (None, False))[1]
    return (order, kind, str(entry.get("date", "")) if by_day else "")


def _totals(entries: list[dict]) -> dict:
    """Each group's number of files, not counting those made of the others."""
    totals: dict = defaultdict(int)
    for e in entries:
        if e.get("kind") not in MADE_FROM:
            totals[_group_key(e)] += 1
    return totals


def _grouped(entries: list[dict], totals: dict, gone: bool = False) -> list[str]:
    groups: dict = defaultdict(list)
    for e in entries:
        groups[_group_key(e)].append(e)
    lines = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda e: str(e.get("path")))
        own = [e for e in members if e.get("kind") not in MADE_FROM]
        made = [e for e in members if e.get("kind") in MADE_FROM]
        label = GROUPS[key[1]][0] if key[1] in GROUPS else key[1]
        if label is None:
            lines += _each_named(own, made)
        else:
            if key[2]:
                label += f", {_day(key[2])}"
            lines += _labelled(label, own, made, totals.get(key, len(own)), gone)
    return lines


def _each_named(own: list[dict], made: list[dict]) -> list[str]:
    """The booklet's files, each on a line, the files made of the booklet beside it."""
    lines = []
    for e in own:
        lines.append(_named(e))
        beside = [m for m in made if MADE_FROM[m["kind"]] == e.get("kind")]
        if beside:
            lines[-1] += ", and made of it: " + ", ".join(_named(m) for m in beside)
            made = [m for m in made if m not in beside]
    return lines + [_named(m) for m in made]


def _labelled(label: str, own: list[dict], made: list[dict], total: int, gone: bool) -> list[str]:
    """One group: a few files each on its line, more as their folder and names; all of a day's
    door signs as the day's one file (``gone``: the files were removed)."""
    if not own:  # only a file made of the others (a day's file, when a sign left it)
        return [f"{label}: {_named(m)}" for m in made]
    paths = [str(e.get("path")) for e in own]
    if total == 1 and len(paths) == 1 and not made:
        return [f"{label}: {paths[0]}"]
    count = f"all {total}" if len(paths) == total else f"{len(paths)} of {total}"
    if len(paths) == 1 and not made:
        return [f"{label}, {count}: {paths[0]}"]
    if len(paths) <= FEW:
        return [f"{label}, {count}:"] + [f"  {p}" for p in paths] + [f"  {_named(m)}" for m in made]
    if made and len(paths) == total:  # the day's file holds them all: the one to print, or gone with them
        files = ", ".join(str(m.get("path")) for m in made)
        return [f"{label}: {count} and the day's file {files}" if gone else f"{label}: {count}, in one file: {files}"]
    folders = {posixpath.dirname(p) for p in paths}
    folder = folders.pop() if len(folders) == 1 else ""
    names = [posixpath.basename(p) if folder else p for p in paths]
    head = f"{label}, {count}" + (f", in {folder}/:" if folder else ":")
    wrapped = textwrap.wrap(
        ", ".join(names),
        WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [head] + wrapped + [f"  {_named(m)}" for m in made]


def _named(entry: dict) -> str:
    """A file's path, and what it is when it is made of another."""
    what = WHAT_IT_IS.get(str(entry.get("kind")))
    return f"{entry.get('path')} ({what})" if what else str(entry.get("path"))


def _day(iso: str) -> str:
    """ "Wed 28 Feb", in English as the command line speaks; a date it cannot read, as written."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return english().short_date(d)
