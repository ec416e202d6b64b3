"""What changed since the last build: `ecrprint build` names the files to print again, the new
ones and the removed ones, by kind and day, after its "Built …" line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecrprint.changes import report
from ecrprint.cli import main

PACKAGE_LINE = "The print shop's package (print/) is updated to match, job ticket and checksums included."
BOOKLET_LINE = (
    "  booklet.pdf, and made of it: booklet-imposed.pdf (printer spreads), booklet-screen.pdf (for the screen)"
)


def build(project: Path, capsys, *options: str) -> list[str]:
    """``ecrprint build PROJECT`` as typed; the lines it printed after its "Built …" line."""
    assert main(["build", str(project), "--jobs", "2", *options]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Built "), out
    return out[1:]


def edit(project: Path, old: str, new: str, after: str = "") -> None:
    """Replace ``old`` with ``new`` in the timetable, first after ``after``."""
    timetable = project / "content" / "timetable.yaml"
    text = timetable.read_text(encoding="utf-8")
    at = text.index(old, text.index(after))
    timetable.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def listed(project: Path) -> int:
    return len(json.loads((project / "output" / "manifest.json").read_text())["products"])


@pytest.mark.cached
def test_a_first_build_says_in_one_line_that_every_file_is_new(mini_project: Path, capsys):
    assert build(mini_project, capsys) == [
        f"No earlier build in this folder to compare with: all {listed(mini_project)} files are new."
    ]
    # Nothing to build: the "Up to date" line alone.
    assert main(["build", str(mini_project)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("Up to date"), out
    # Built again, for an edit that changes no file.
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text(encoding="utf-8") + "# checked by the chairs\n", encoding="utf-8")
    assert build(mini_project, capsys) == [
        f"Nothing to print again: the {listed(mini_project)} files built are the same as after the last build."
    ]


@pytest.mark.cached
@pytest.mark.logs
def test_a_damaged_manifest_is_not_taken_for_a_first_build(mini_project: Path, capsys, caplog):
    """The last build's files are there, but its manifest cannot say what they were (the build
    warns of it too)."""
    build(mini_project, capsys)
    manifest = mini_project / "output" / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8")[:300], encoding="utf-8")
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text(encoding="utf-8") + "# checked by the chairs\n", encoding="utf-8")
    assert build(mini_project, capsys) == [
        f"The last build's manifest.json could not be read: nothing to compare with, so all {listed(mini_project)} "
        "files count as new."
    ]
    assert any("manifest.json is not valid JSON" in r.getMessage() for r in caplog.records)


@pytest.mark.cached
def test_a_new_quantity_changes_only_the_job_ticket_and_says_so(mini_project: Path, capsys):
    build(mini_project, capsys)
    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text(encoding="utf-8")
    congress.write_text(text + "  products:\n    booklet: {quantity: 3000}\n", encoding="utf-8")
    assert build(mini_project, capsys) == [
        f"Nothing to print again: the {listed(mini_project)} files built are the same as after the last build.",
        "The print shop's job ticket changed (print/job-ticket.pdf): send it to them again.",
    ]


@pytest.mark.cached
def test_a_title_edit_lists_the_booklet_and_not_the_signs(mini_project: Path, capsys):
    build(mini_project, capsys)
    edit(mini_project, "Looking ahead", "Looking further ahead")  # a lecture: in the booklet only
    assert build(mini_project, capsys) == [
        f"Since the last build: 3 changed, {listed(mini_project) - 3} unchanged.",
        "Changed, to print again:",
        BOOKLET_LINE,
        PACKAGE_LINE,
    ]


@pytest.mark.cached
def test_a_notice_made_on_site_is_not_changed_by_a_build_that_keeps_it(mini_project: Path, capsys):
    build(mini_project, capsys)
    assert main(["notice", str(mini_project), "--session", "RC 101", "--full"]) == 0
    capsys.readouterr()
    edit(mini_project, "Looking ahead", "Looking further ahead")
    assert main(["build", str(mini_project), "--jobs", "2"]) == 0
    built, *out = capsys.readouterr().out.splitlines()
    assert "Kept 1 notice made on site" in built
    # Counted as the "Built …" line counts: the notice kept is not one of the files built.
    count = int(built.removeprefix("Built ").split()[0])
    assert count == listed(mini_project) - 1
    assert out == [
        f"Since the last build: 3 changed, {count - 3} unchanged.",
        "Changed, to print again:",
        BOOKLET_LINE,
        PACKAGE_LINE,
    ]


@pytest.mark.cached
def test_a_session_moved_to_another_room_lists_both_rooms_door_signs(mini_project: Path, capsys):
    build(mini_project, capsys)
    edit(mini_project, "room: room-b", "room: hall-a", after="code: E³ 1A")
    assert build(mini_project, capsys) == [
        f"Since the last build: 6 changed, {listed(mini_project) - 6} unchanged.",
        "Changed, to print again:",
        BOOKLET_LINE,
        "  door signs, Wed 5 Mar, 2 of 3:",
        "    signs/2025-03-05/door-hall-a.pdf",
        "    signs/2025-03-05/door-room-b.pdf",
        "    signs/2025-03-05/door-signs-2025-03-05-all.pdf (the day's door signs in one file)",
        PACKAGE_LINE,
    ]


@pytest.mark.cached
def test_a_removed_rooms_door_signs_are_listed_as_removed(mini_project: Path, capsys):
    build(mini_project, capsys)
    # Room B goes, with its two sessions and its place on the signpost.
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text(encoding="utf-8")
    text = text.replace("  - {id: room-b, name: Room B, level: Level 1, capacity: 200}\n", "")
    text = text.replace("rooms: [room-b, hw]", "rooms: [hw]")
    text = text[: text.index("  - code: RC 101")] + text[text.index("  - code: HW 1") :]
    timetable.write_text(text, encoding="utf-8")
    out = build(mini_project, capsys)
    removed = out.index("Removed, no longer made (take printed copies down):")
    assert out[removed + 1 :] == [
        "  door signs, Wed 5 Mar, 1 of 3: signs/2025-03-05/door-room-b.pdf",
        "  door signs, Thu 6 Mar, 1 of 3: signs/2025-03-06/door-room-b.pdf",
        PACKAGE_LINE,
    ]
    # The days' files that held its signs changed; so did the signpost that pointed to it.
    assert (
        "  door signs, Thu 6 Mar: signs/2025-03-06/door-signs-2025-03-06-all.pdf (the day's door signs in one file)"
        in out
    )
    assert "  directional signs: signs/directional-entrance.pdf" in out
    assert out[0] == f"Since the last build: 6 changed, 2 removed, {listed(mini_project) - 6} unchanged."


@pytest.mark.cached
def test_a_build_of_one_kind_compares_only_that_kind(mini_project: Path, capsys):
    build(mini_project, capsys)
    # On the booklet, the sponsor board and the door sign; only the door signs are built.
    edit(mini_project, "Ultrasound of the shoulder", "Ultrasound of the knee")
    assert build(mini_project, capsys, "--only", "door-sign") == [
        "Since the last build: 2 changed, 6 unchanged.",
        "Changed, to print again:",
        "  door signs, Wed 5 Mar, 1 of 3:",
        "    signs/2025-03-05/door-hw.pdf",
        "    signs/2025-03-05/door-signs-2025-03-05-all.pdf (the day's door signs in one file)",
        PACKAGE_LINE,
    ]


@pytest.mark.cached
def test_a_days_file_that_changed_only_by_a_sign_made_on_site_is_not_to_print_again(mini_project: Path, capsys):
    build(mini_project, capsys)
    # On the booklet, the sponsor board and the workshop room's door sign, which is remade on
    # site (and printed there) before the next build.
    edit(mini_project, "Ultrasound of the shoulder", "Ultrasound of the knee")
    assert main(["sign", str(mini_project), "--room", "Workshop Room", "--date", "2025-03-05"]) == 0
    capsys.readouterr()
    out = build(mini_project, capsys)
    assert out[1:] == [
        "Changed, to print again:",
        BOOKLET_LINE,
        "  sponsor boards, 1 of 2: signs/sponsor-board-us.pdf",
        "Changed, with no door sign in them to print again (signs reordered, or remade on site):",
        "  door signs, Wed 5 Mar: signs/2025-03-05/door-signs-2025-03-05-all.pdf (the day's door signs in one file)",
        PACKAGE_LINE,
    ]


@pytest.mark.cached
def test_a_renamed_family_changes_only_the_copy_for_the_screen(mini_project: Path, capsys):
    """A family's id is printed nowhere: it names the anchor its contents entry links to, and
    links are the screen copy's alone (PDF/X allows none on the printed area). The print file
    stays as it was, byte for byte; the screen copy was listed as to print again."""
    build(mini_project, capsys)
    formats = mini_project / "content" / "formats.yaml"
    text = formats.read_text(encoding="utf-8")
    text = text.replace("- id: e3\n", "- id: e3-courses\n").replace("family: e3\n", "family: e3-courses\n")
    formats.write_text(text, encoding="utf-8")
    assert build(mini_project, capsys) == [
        f"Since the last build: 1 changed, {listed(mini_project) - 1} unchanged.",
        "Changed, for the screen only (nothing to print):",
        "  booklet-screen.pdf (for the screen)",
    ]


# The pure comparison, on manifest entries.


def door(day: str, room: str, sha: str = "a") -> dict:
    return {"path": f"signs/{day}/door-{room}.pdf", "kind": "door-sign", "date": day, "sha256": sha}


def batch(day: str, sha: str = "a") -> dict:
    return {"path": f"signs/{day}/door-signs-{day}-all.pdf", "kind": "door-sign-batch", "date": day, "sha256": sha}


ROOMS = [f"room-{n:02}" for n in range(1, 21)]


def day_of_signs(day: str, changed: set[str] = frozenset()) -> list[dict]:
    return [door(day, r, "b" if r in changed else "a") for r in ROOMS] + [batch(day, "b" if changed else "a")]


def test_all_of_a_days_door_signs_are_its_one_file_and_a_few_are_each_named():
    before = day_of_signs("2024-02-28") + day_of_signs("2024-02-29")
    after = day_of_signs("2024-02-28", set(ROOMS)) + day_of_signs("2024-02-29", {"room-03", "room-17"})
    assert report(before, after) == [
        "Since the last build: 24 changed, 18 unchanged.",
        "Changed, to print again:",
        "  door signs, Wed 28 Feb: all 20, in one file: signs/2024-02-28/door-signs-2024-02-28-all.pdf",
        "  door signs, Thu 29 Feb, 2 of 20:",
        "    signs/2024-02-29/door-room-03.pdf",
        "    signs/2024-02-29/door-room-17.pdf",
        "    signs/2024-02-29/door-signs-2024-02-29-all.pdf (the day's door signs in one file)",
        PACKAGE_LINE,
    ]


def test_a_day_whose_door_signs_are_all_gone_is_one_line():
    """A day dropped from the timetable: its signs and the file that holds them all, said as
    one ("all 20, and signs/….pdf" read as if the day's file were a 21st sign)."""
    before = day_of_signs("2024-03-03") + day_of_signs("2024-03-04")
    assert report(before, day_of_signs("2024-03-04")) == [
        "Since the last build: 21 removed, 21 unchanged.",
        "Removed, no longer made (take printed copies down):",
        "  door signs, Sun 3 Mar: all 20 and the day's file signs/2024-03-03/door-signs-2024-03-03-all.pdf",
        PACKAGE_LINE,
    ]


def test_days_files_of_signs_in_another_order_are_not_to_print_again():
    """The rooms listed in another order: each day's file has its signs in that order, and no
    sign changed. Beside a changed sign, the day's file is to print again, as it holds it."""
    before = day_of_signs("2024-02-28") + day_of_signs("2024-02-29")
    after = day_of_signs("2024-02-28") + day_of_signs("2024-02-29", {"room-05"})
    after[20] = batch("2024-02-28", "b")
    assert report(before, after)[1:] == [
        "Changed, to print again:",
        "  door signs, Thu 29 Feb, 1 of 20:",
        "    signs/2024-02-29/door-room-05.pdf",
        "    signs/2024-02-29/door-signs-2024-02-29-all.pdf (the day's door signs in one file)",
        "Changed, with no door sign in them to print again (signs reordered, or remade on site):",
        "  door signs, Wed 28 Feb: signs/2024-02-28/door-signs-2024-02-28-all.pdf (the day's door signs in one file)",
        PACKAGE_LINE,
    ]


def test_more_than_a_few_are_named_in_their_folder():
    boards = [{"path": f"signs/sponsor-board-topic-{n}.pdf", "kind": "sponsor-board", "sha256": "a"} for n in range(12)]
    after = [dict(e, sha256="b") if n < 7 else e for n, e in enumerate(boards)]
    lines = report(boards, after)
    assert lines[2] == "  sponsor boards, 7 of 12, in signs/:"
    assert " ".join(line.strip() for line in lines[3:-1]) == ", ".join(f"sponsor-board-topic-{n}.pdf" for n in range(7))
    assert len(lines) == 7 and all(len(line) <= 100 for line in lines)  # on lines a terminal shows whole


def test_new_and_removed_are_grouped_by_kind_and_day():
    before = [door("2024-02-28", "room-a"), door("2024-02-28", "room-b"), batch("2024-02-28")]
    after = [door("2024-02-28", "room-a"), door("2024-02-28", "room-c"), batch("2024-02-28", "b")]
    assert report(before, after)[1:] == [
        "Changed, to print again:",
        "  door signs, Wed 28 Feb: signs/2024-02-28/door-signs-2024-02-28-all.pdf (the day's door signs in one file)",
        "New, to print:",
        "  door signs, Wed 28 Feb, 1 of 2: signs/2024-02-28/door-room-c.pdf",
        "Removed, no longer made (take printed copies down):",
        "  door signs, Wed 28 Feb, 1 of 2: signs/2024-02-28/door-room-b.pdf",
        PACKAGE_LINE,
    ]


def test_a_build_of_some_kinds_does_not_remove_the_others_nor_notices_made_on_site():
    booklet = {"path": "booklet.pdf", "kind": "booklet", "sha256": "a"}
    on_site = {"path": "notices/notice-rc-101.pdf", "kind": "notice", "sha256": "n", "on_site": True}
    signs = [door("2024-02-28", "room-a"), batch("2024-02-28")]
    # --only door-sign: the booklet is not among what it made.
    assert report([booklet, *signs], signs, {"door-sign", "door-sign-batch"}) == [
        "Nothing to print again: the 2 files built are the same as after the last build."
    ]
    # A notice made on site is kept as it was: not changed, nor built; one deleted by hand: not
    # removed.
    assert report([*signs, on_site], [*signs, on_site]) == [
        "Nothing to print again: the 2 files built are the same as after the last build."
    ]
    assert report(None, [*signs, on_site]) == ["No earlier build in this folder to compare with: all 2 files are new."]
    assert report([*signs, on_site], signs)[0].startswith("Nothing to print again")


def test_one_file_is_said_as_one():
    sign = [door("2024-02-28", "room-a")]
    assert report(None, sign) == ["No earlier build in this folder to compare with: the one file is new."]
    assert report(sign, sign) == ["Nothing to print again: the one file built is the same as after the last build."]


BOOKLET = {"path": "booklet.pdf", "kind": "booklet", "sha256": "a"}
SPREADS = {"path": "booklet-imposed.pdf", "kind": "imposed-booklet", "sha256": "a"}
SCREEN = {"path": "booklet-screen.pdf", "kind": "booklet-screen", "sha256": "a"}
COVER = {"path": "booklet-cover.pdf", "kind": "booklet-cover", "sha256": "a"}


def test_the_copy_for_the_screen_alone_is_not_news_to_print():
    """Its links changed, the print file did not: nothing to print, and it was said as if
    there were ("Changed, to print again:")."""
    assert report([BOOKLET, SCREEN], [BOOKLET, dict(SCREEN, sha256="b")]) == [
        "Since the last build: 1 changed, 1 unchanged.",
        "Changed, for the screen only (nothing to print):",
        "  booklet-screen.pdf (for the screen)",
    ]
    # The first build with a screen copy, in a folder built before there was one.
    assert report([BOOKLET], [BOOKLET, SCREEN]) == [
        "Since the last build: 1 new, 1 unchanged.",
        "New, for the screen only (nothing to print):",
        "  booklet-screen.pdf (for the screen)",
    ]
    # Beside its changed print file, it is named with it.
    changed = [dict(BOOKLET, sha256="b"), dict(SCREEN, sha256="b")]
    assert report([BOOKLET, SCREEN], changed)[1:] == [
        "Changed, to print again:",
        "  booklet.pdf, and made of it: booklet-screen.pdf (for the screen)",
        PACKAGE_LINE,
    ]


def test_booklet_files_removed_are_not_to_take_down():
    """A new binding: the printer spreads go, the cover comes. Nothing of the booklet hangs on
    a wall; a door sign does."""
    assert report([BOOKLET, SPREADS, SCREEN], [BOOKLET, COVER, SCREEN])[1:] == [
        "New, to print:",
        "  booklet-cover.pdf",
        "Removed, no longer made:",
        "  booklet-imposed.pdf (printer spreads)",
        PACKAGE_LINE,
    ]
    signs = [door("2024-02-28", "room-a"), door("2024-02-28", "room-b"), batch("2024-02-28")]
    after = [BOOKLET, SCREEN, signs[0], batch("2024-02-28", "b")]
    assert report([BOOKLET, SPREADS, SCREEN, *signs], after)[1:] == [
        "Changed, to print again:",
        "  door signs, Wed 28 Feb: signs/2024-02-28/door-signs-2024-02-28-all.pdf (the day's door signs in one file)",
        "Removed, no longer made:",
        "  booklet-imposed.pdf (printer spreads)",
        "Removed, no longer made (take printed copies down):",
        "  door signs, Wed 28 Feb, 1 of 2: signs/2024-02-28/door-room-b.pdf",
        PACKAGE_LINE,
    ]
