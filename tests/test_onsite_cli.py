"""The on-site commands as staff meet them: names matched, moves checked against what was
done on site before, printing that fails after the file is written, and the preflight of an
output whose manifest is damaged."""

from __future__ import annotations

import errno
import json
import os
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from ecrprint import onsite, words
from ecrprint.cli import main
from ecrprint.content import load_project
from ecrprint.errors import UsageError
from ecrprint.paths import Layout

from .conftest import ROOT, copy_project

BY_HAND = "Open the file above and print it at 100 %."


def test_a_second_on_site_move_into_a_room_the_first_took_is_refused(mini_project: Path, capsys):
    """Two sessions moved on site into one room at one time were both accepted, while the same
    two moves in notices.yaml are refused: a move made on site now counts as one listed there,
    until its file is deleted."""
    assert main(["notice", str(mini_project), "--session", "PL 1", "--moved-to", "hw"]) == 0, capsys.readouterr().err
    first = Path(capsys.readouterr().out.strip())
    taken = "is taken then by PL 1 (09:00–10:00) on 2025-03-05"
    code = main(["notice", str(mini_project), "--session", "RC 101", "--moved-to", "Workshop Room"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"ecrprint: error: cannot move RC 101 to Workshop Room: Workshop Room {taken}" in err, err
    assert "it was moved there on site (notices/notice-pl-1-moved.pdf)" in err
    assert not (mini_project / "output" / "notices" / "notice-rc-101-moved.pdf").exists()
    # The same two moves in notices.yaml: the same words (the room named by its id there).
    (mini_project / "content" / "notices.yaml").write_text(
        "notices:\n  - {session: PL 1, change: moved, moved_to: hw}\n  - {session: RC 101, change: moved, moved_to: hw}\n"
    )
    assert main(["check", str(mini_project)]) == 1
    assert f"notices[1].moved_to: Workshop Room {taken}" in capsys.readouterr().err
    # The first notice withdrawn (its file deleted), the room is free again.
    (mini_project / "content" / "notices.yaml").unlink()
    first.unlink()
    code = main(["notice", str(mini_project), "--session", "RC 101", "--moved-to", "Workshop Room"])
    assert code == 0, capsys.readouterr().err


def test_a_new_time_made_on_site_counts_for_the_on_site_changes_after_it(mini_project: Path, capsys):
    """RC 101 rescheduled on site to Thursday 09:00 in Room B: E³ 2M moved into Room B then was
    accepted, a new time for E³ 1A there was not warned of, and PL 1 moved into Room B on
    Wednesday at 09:00, the slot RC 101 left, was refused. Each now reads the new time as if
    notices.yaml listed it, and names the room as staff read it."""

    def notice(*options: str) -> tuple[int, str]:
        code = main(["notice", str(mini_project), *options])
        return code, capsys.readouterr().err

    code, err = notice("--session", "RC 101", "--at", "09:00", "--date", "thu", "--moved-to", "Room B")
    assert code == 0, err
    code, err = notice("--session", "E³ 2M", "--moved-to", "Room B")
    assert code == 1, err
    assert (
        "error: cannot move E³ 2M to Room B: Room B is taken then by RC 101 (09:00–10:30) on 2025-03-06; it was "
        "rescheduled there on site (notices/notice-rc-101-rescheduled.pdf)" in err
    ), err
    assert not (mini_project / "output" / "notices" / "notice-e3-2m-moved.pdf").exists()
    code, err = notice("--session", "E³ 1A", "--at", "09:15", "--date", "thu")
    assert code == 0, err
    assert (
        "warning: E³ 1A's new time 09:15–10:15 overlaps RC 101 (09:00–10:30) in Room B on 2025-03-06; "
        "the notice says so all the same" in err
    ), err
    code, err = notice("--session", "PL 1", "--moved-to", "Room B")
    assert code == 0, err
    # A session moved on site holds its new room for a new time given after it.
    code, err = notice("--session", "E³ 1A", "--at", "09:30")
    assert code == 0 and "warning: E³ 1A's new time 09:30–10:30 overlaps PL 1 (09:00–10:00) in Room B" in err, err


def test_a_new_time_made_on_site_that_puts_a_person_in_two_places_is_a_warning(mini_project: Path, capsys):
    """HW 1's chair, Ada Lovelace, moderates E³ 2M on Thursday at 09:00: a new time for HW 1
    then was made without a word, while the same new time in notices.yaml is a warning."""
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    timetable.write_text(
        text.replace(
            "title: Ultrasound of the shoulder\n", "title: Ultrasound of the shoulder\n    chairs: [Ada Lovelace]\n"
        )
    )
    options = ["notice", str(mini_project), "--session", "HW 1", "--date", "thu", "--moved-to", "Room B"]
    assert main([*options, "--at", "09:15"]) == 0
    err = capsys.readouterr().err
    assert (
        "ecrprint: warning: at HW 1's new time 09:15–09:45, its chair Ada Lovelace is in E³ 2M (09:00–10:30 in "
        "Hall A, as its moderator); the notice says so all the same" in err.splitlines()
    ), err
    assert main([*options, "--at", "11:00"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_the_short_end_of_one_name_does_not_win_over_the_same_word_in_another():
    """ "MRI" ends "Cardiac CT and MRI" and begins "MRI of the Prostate": either may be meant."""
    model = load_project(ROOT)
    with pytest.raises(UsageError) as caught:
        onsite.named(model.topics, "MRI", "workshop topic")
    assert str(caught.value) == "'MRI' could be 'Cardiac CT and MRI' or 'MRI of the Prostate': give the whole name"
    # The short ends that name one room alone still find it.
    for typed, room in (("m1", "room-m1"), ("M 1", "room-m1"), ("k", "room-k"), ("a", "room-a"), ("hw 1", "room-hw1")):
        assert onsite.room_id(model.rooms, typed) == room, typed
    places = [
        SimpleNamespace(id="f2", name="Foyer Level 2"),
        SimpleNamespace(id="f2s", name="Foyer Level 2, South Wing"),
    ]
    with pytest.raises(UsageError, match="'2' could be 'Foyer Level 2' or 'Foyer Level 2, South Wing'"):
        onsite.named(places, "2", "sign location")
    # A few letters of an id count as those of a name: staff read "msk" in the board's file name.
    assert onsite.named(model.topics, "msk", "workshop topic") == "msk-ultrasound"
    assert onsite.named(model.topics, "violin", "workshop topic") == "i-violin"


def test_a_room_typed_without_its_accents_is_found_and_a_slip_is_not_guessed_at():
    """Staff at a laptop type "horsaal sud" for "Hörsaal Süd", and "room ä" found Room X (the
    closest name by difflib, which breaks ties by the alphabet); "Room Q", as close to Room A
    as to Room X, got "did you mean 'Room X'?", and "room d" (with rooms A, B and C) "'Room
    C'?": one door picked out of many equally likely ones."""
    rooms = [
        SimpleNamespace(id="h-sued", name="Hörsaal Süd"),
        SimpleNamespace(id="saal-a", name="Saal A"),
        SimpleNamespace(id="saal-ae", name="Saal Ä"),
    ]
    assert onsite.room_id(rooms, "horsaal sud") == "h-sued"
    assert onsite.room_id(rooms, "sud") == "h-sued"
    # Two names apart only by an accent: each as typed.
    assert onsite.room_id(rooms, "saal a") == "saal-a"
    assert onsite.room_id(rooms, "SAAL Ä") == "saal-ae"
    model = load_project(ROOT)
    assert onsite.room_id(model.rooms, "room ä") == "room-a"
    for typed in ("Room Q", "Room 3"):
        with pytest.raises(UsageError) as caught:
            onsite.room_id(model.rooms, typed)
        assert str(caught.value).startswith(f"no room '{typed}'; rooms: 'Room A', 'Room B', "), caught.value
    three = [SimpleNamespace(id=x.lower(), name=f"Room {x}") for x in "ABC"]
    with pytest.raises(UsageError, match=r"^no room 'room d'; did you mean 'Room A', 'Room B' or 'Room C'\?$"):
        onsite.room_id(three, "room d")
    # One name closest is still suggested.
    with pytest.raises(UsageError, match=r"^no room 'Rooom X'; did you mean 'Room X'\?$"):
        onsite.room_id(model.rooms, "Rooom X")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("thurs", 29),
        ("Thur", 29),
        ("Th", 29),
        ("weds", 28),
        ("29", 29),  # the day of the month alone
        ("29th", 29),
        ("1", 1),
        ("Thu 29", 29),
        ("Thurs 29 Feb", 29),
        ("28-Feb-2024", 28),
        ("28-feb", 28),
        ("1 Mar 24", 1),
        ("febr 28", 28),
        ("2024/03/01", 1),
        ("20240301", 1),
    ],
)
def test_days_as_staff_shorten_them(typed, meant):
    """ "thurs", "tues", "weds", a date's day alone ("29th") or "28-Feb-2024" were not days
    ecrprint could read, on the congress morning."""
    days = [date(2024, 2, 28) + timedelta(days=i) for i in range(5)]
    assert onsite.congress_day(days, typed, date(2024, 2, 29)).day == meant


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("5", "'5' is no congress day; congress days: Wed 28 Feb (2024-02-28)"),
        ("thu 28", "thu 28: 28 Feb 2024 is a Wednesday; congress days: Wed 28 Feb"),
        ("tues", "'tues' is no congress day; congress days: Wed 28 Feb"),
        ("t", "'t' is not a day ecrprint can read; congress days: Wed 28 Feb"),  # Tuesday or Thursday
    ],
)
def test_a_shortened_day_that_is_no_congress_day_is_refused(typed, message):
    days = [date(2024, 2, 28) + timedelta(days=i) for i in range(5)]
    with pytest.raises(UsageError) as caught:
        onsite.congress_day(days, typed, date(2024, 2, 29))
    assert str(caught.value).startswith(message), caught.value


def test_a_weekday_and_its_date_in_the_congress_language():
    """ "mer. 28", as the words table's own example has it, was not read; "sept" is September."""
    days = [date(2024, 2, 28) + timedelta(days=i) for i in range(5)]
    french, _ = words.load(Layout.for_project(ROOT), "fr")
    names = onsite.day_names(french)
    assert onsite.congress_day(days, "mer. 28", date(2024, 2, 29), names).day == 28
    assert onsite.congress_day(days, "mar 1", date(2024, 2, 29), names).day == 1  # March, though "mar." is Tuesday
    assert onsite.congress_day([date(2026, 9, 1)], "Sept 1", date(2026, 9, 1)) == date(2026, 9, 1)


def test_sign_command_refuses_a_board_two_topics_may_be_meant_by(tmp_path: Path, capsys):
    project = copy_project(ROOT, tmp_path / "ecr")
    code = main(["sign", str(project), "--board", "MRI"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "ecrprint: error: 'MRI' could be 'Cardiac CT and MRI' or 'MRI of the Prostate': give the whole name" in err
    assert not (project / "output").exists()


@pytest.mark.parametrize(("room", "sign"), [("b", "door-room-b.pdf"), ("hw", "door-hw.pdf"), ("B", "door-room-b.pdf")])
@pytest.mark.cached
def test_every_name_a_sign_is_made_by_finds_the_last_good_one(mini_project: Path, capsys, room, sign):
    """Staff who type "b" get Room B's sign; with the content broken, "b" found no last good
    sign, while "room b" did."""
    assert main(["build", str(mini_project), "--only", "door-sign"]) == 0, capsys.readouterr().err
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("room: hall-a", "room: hall-x"))
    capsys.readouterr()
    code = main(["sign", str(mini_project), "--room", room, "--date", "wed"])
    err = capsys.readouterr().err
    assert code == 1
    last = mini_project / "output" / "signs" / "2025-03-05" / sign
    assert f"ecrprint: the door sign from the last good build is still there: {last}\n" in err, err
    assert last.is_file()


@pytest.mark.parametrize(
    ("asked", "what", "sign"),
    [
        (["--signpost", "entrance"], "directional sign", "directional-entrance.pdf"),
        (["--board", "ultrasound"], "sponsor board", "sponsor-board-us.pdf"),
        (["--board", "us"], "sponsor board", "sponsor-board-us.pdf"),
    ],
)
@pytest.mark.cached
def test_a_board_or_signpost_blocked_by_a_content_problem_points_to_the_last_good_one(
    mini_project: Path, capsys, asked, what, sign
):
    """A door sign blocked by someone else's half-made edit names the one the last good build
    left; a sponsor board or a directional sign (the same every day, so the last good one is
    what staff need) said only the content's problem."""
    assert main(["build", str(mini_project), "--only", "sponsor-board,directional-sign"]) == 0, capsys.readouterr()
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("room: hall-a", "room: hall-x"))
    capsys.readouterr()
    code = main(["sign", str(mini_project), *asked])
    err = capsys.readouterr().err
    assert code == 1 and "unknown room 'hall-x'" in err
    last = mini_project / "output" / "signs" / sign
    assert f"ecrprint: the {what} from the last good build is still there: {last}\n" in err, err
    assert last.is_file()


def _contrast_on_white(rgb: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of a colour against white paper."""

    def linear(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_a_notices_new_room_reads_from_across_the_corridor(mini_project: Path, capsys):
    """The new room, the one thing a moved session's notice must get across from a distance,
    was printed in the band's orange: 2.98:1 on white paper, under the 3:1 that even large
    type needs. It is dark now, as the room names of the door signs are."""
    from collections import Counter

    from .helpers import MM, _raster, ink_boxes

    assert main(["notice", str(mini_project), "--session", "PL 1", "--moved-to", "hw"]) == 0, capsys.readouterr()
    notice = Path(capsys.readouterr().out.strip())
    room = max(ink_boxes(notice, 0), key=lambda box: box.top - box.bottom)
    assert room.text.startswith("Workshop") and room.top - room.bottom > 20, room
    image, x0, y1 = _raster(notice, 0, 50)
    px = 50 / 25.4
    inked = Counter(
        image.getpixel((x, y))
        for x in range(round((room.left - x0 / MM) * px), round((room.right - x0 / MM) * px))
        for y in range(round((y1 / MM - room.top) * px), round((y1 / MM - room.bottom) * px))
    )
    colour = next(rgb for rgb, _ in inked.most_common() if rgb != (255, 255, 255))
    assert _contrast_on_white(colour) >= 7, colour


def test_a_signposts_way_upstairs_is_not_its_way_ahead(mini_project: Path, capsys):
    """ "ahead" and "up" were one arrow pointing up, told apart only by "Upstairs" in small type
    under the names: from across the entrance hall, the way to Level 1 looked like the way
    straight on. The way up (and down) is now an arrow beside a flight of stairs."""
    from PIL import Image

    from .helpers import MM, _raster

    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(
        timetable.read_text().replace("{arrow: left, rooms: [hall-a]}", "{arrow: ahead, rooms: [hall-a]}")
    )
    assert main(["sign", str(mini_project), "--signpost", "entrance"]) == 0, capsys.readouterr().err
    image, x0, y1 = _raster(Path(capsys.readouterr().out.strip()), 0, 50)
    px = 50 / 25.4
    left, right = round((5 - x0 / MM) * px), round((70 - x0 / MM) * px)
    top = round((y1 / MM - 250) * px)  # below the band
    blue = [
        (x, y)
        for y in range(top, image.height)
        for x in range(left, right)
        if all(abs(c - want) <= 60 for c, want in zip(image.getpixel((x, y)), (21, 64, 125)))
    ]
    rows: list[list[tuple[int, int]]] = []
    for x, y in sorted(blue, key=lambda p: p[1]):
        if rows and y - rows[-1][-1][1] <= 3 * px:
            rows[-1].append((x, y))
        else:
            rows.append([(x, y)])
    assert len(rows) == 2, [len(r) for r in rows]  # ahead, then up

    def shape(row: list[tuple[int, int]]) -> Image.Image:
        xs, ys = [x for x, _ in row], [y for _, y in row]
        mask = Image.new("1", (max(xs) - min(xs) + 1, max(ys) - min(ys) + 1))
        for x, y in row:
            mask.putpixel((x - min(xs), y - min(ys)), 1)
        return mask.resize((40, 40))

    ahead, up = (shape(row).convert("L").tobytes() for row in rows)
    differing = sum(a != b for a, b in zip(ahead, up))
    assert differing > 0.2 * len(ahead), differing


def _lp(folder: Path, script: str) -> Path:
    folder.mkdir()
    (folder / "lp").write_text(script)
    (folder / "lp").chmod(0o755)
    return folder


@pytest.mark.parametrize("failure", ["cannot-start", "refuses", "no-room"])
def test_printing_that_fails_says_the_file_is_there_to_print_by_hand(
    mini_project: Path, tmp_path: Path, capsys, monkeypatch, failure
):
    """The notice is written before it goes to the printer: a failure there is not "Nothing
    was written", which sent staff looking for a file they had."""
    from ecrprint import office_print

    if failure == "cannot-start":  # a script for an interpreter this machine does not have
        lp = _lp(tmp_path / "bin", "#!/nonexistent/interp\n")
        said = "printing notice-rc-101-full.pdf failed: the 'lp' command"
    elif failure == "refuses":
        lp = _lp(tmp_path / "bin", '#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
        said = "printing notice-rc-101-full.pdf failed: lp: The printer or class does not exist. " + BY_HAND
    else:
        lp = _lp(tmp_path / "bin", "#!/bin/sh\nexit 0\n")

        def full_disk(source: Path, target: Path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

        monkeypatch.setattr(office_print, "trimmed_copy", full_disk)
        said = f"printing notice-rc-101-full.pdf failed: {os.strerror(errno.ENOSPC)} ("
    monkeypatch.setenv("PATH", f"{lp}{os.pathsep}{os.environ['PATH']}")
    code = main(["notice", str(mini_project), "--session", "RC 101", "--full", "--print"])
    out, err = capsys.readouterr()
    assert code == 1
    written = Path(out.strip())
    assert written.is_file() and written.name == "notice-rc-101-full.pdf"
    assert said in err and BY_HAND in err, err
    assert "Nothing was written" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "trouble"),
    [("{", "is not valid JSON (line 1, column 2"), ("[" * 100_000, "nests too deeply to be a manifest")],
    ids=["cut", "deep"],
)
@pytest.mark.parametrize("given", ["output", "project"])
def test_a_preflight_of_a_damaged_manifest_fails(tmp_path: Path, capsys, text, trouble, given):
    """A manifest that cannot be read leaves nothing checked: the preflight fails (exit 1), as
    a print shop would refuse the output; it is no mistake in the command (exit 2)."""
    out = tmp_path / "project" / "output"
    out.mkdir(parents=True)
    (out / "manifest.json").write_text(text)
    code = main(["preflight", str(out if given == "output" else out.parent)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"ecrprint: error: {out / 'manifest.json'} {trouble}" in err, err
    assert "nothing could be checked" in err and "`ecrprint build` writes it afresh" in err
    assert "Traceback" not in err
    # A folder without a manifest is still a mistake in the command.
    (out / "manifest.json").unlink()
    assert main(["preflight", str(out)]) == 2


def test_a_manifest_with_entries_that_are_not_products_fails_the_preflight(tmp_path: Path, capsys):
    (tmp_path / "manifest.json").write_text(json.dumps({"products": ["booklet.pdf"]}))
    assert main(["preflight", str(tmp_path)]) == 1
    assert f"{tmp_path / 'manifest.json'} has no list of products" in capsys.readouterr().err


def test_a_new_time_after_midnight_made_on_site_counts_after_midnight(mini_project: Path, capsys):
    """RC 101 rescheduled on site to 24:15 (a quarter past midnight, after Wednesday's
    evening): the manifest said "00:15" on Wednesday, so a later new time for E³ 1A in Room B
    at 24:30 was read as free of it, and made without a warning. (The day runs on to 02:00:
    a new time outside its opening hours is refused.)"""
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace('closes: "18:00"', 'closes: "26:00"'))
    code = main(["notice", str(mini_project), "--session", "RC 101", "--at", "24:15"])
    assert code == 0, capsys.readouterr().err
    manifest = json.loads((mini_project / "output" / "manifest.json").read_text())
    (entry,) = [e for e in manifest["products"] if e["kind"] == "notice"]
    assert (entry["date"], entry["start"], entry["end"]) == ("2025-03-05", "24:15", "25:45")
    code = main(["notice", str(mini_project), "--session", "E³ 1A", "--at", "24:30"])
    err = capsys.readouterr().err
    assert (
        code == 0
        and "warning: E³ 1A's new time 00:30–01:30 the next day overlaps RC 101 (00:15–01:45 the next day) in Room B"
        in err
    ), err


def test_a_new_time_made_on_site_again_says_which_it_replaces(mini_project: Path, capsys):
    """A second new time for RC 101 replaced the first one's notice without a word (the note
    looked at the room alone), and one in another room said the first "moved to" it."""
    options = ["notice", str(mini_project), "--session", "RC 101"]
    assert main([*options, "--at", "11:00"]) == 0
    capsys.readouterr()
    assert main([*options, "--at", "12:00"]) == 0
    err = capsys.readouterr().err
    assert (
        "ecrprint: note: this notice replaces the one made on site before, which said rescheduled to "
        "11:00–12:30 on 2025-03-05 in Room B." in err
    ), err
    assert main([*options, "--at", "12:00", "--moved-to", "hw"]) == 0
    err = capsys.readouterr().err
    assert "which said rescheduled to 12:00–13:30 on 2025-03-05 in Room B." in err and "moved to" not in err, err
    assert main([*options, "--at", "12:00", "--moved-to", "hw"]) == 0
    assert "replaces" not in capsys.readouterr().err


@pytest.mark.cached
def test_a_sign_or_notice_made_on_site_says_whether_it_is_new_changed_or_the_same(mini_project: Path, capsys):
    """Staff who make a sign want to know whether the copy on the door is still right; the
    command named the file it wrote, and nothing of the one there before."""
    assert main(["build", str(mini_project), "--only", "door-sign"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    sign = ["sign", str(mini_project), "--room", "hw", "--date", "wed"]
    assert main(sign) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("signs/2025-03-05/door-hw.pdf")
    assert err.splitlines() == ["ecrprint: the same as the file there before: copies printed from it are still right."]
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("Ultrasound of the shoulder", "Ultrasound of the knee"))
    assert main(sign) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "ecrprint: changed since the file there before: print it again."
    notice = ["notice", str(mini_project), "--session", "RC 101", "--full"]
    assert main(notice) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "ecrprint: new: there was no such file before."
    assert main(notice) == 0
    said = capsys.readouterr().err.splitlines()[-1]
    assert said == "ecrprint: the same as the file there before: copies printed from it are still right."


def test_several_files_made_on_site_are_each_said_by_name():
    """A topic's boards, shared out over two: one line still, each file by its name."""
    from ecrprint.onsite_commands import _against_before

    made = SimpleNamespace(
        before=[{"path": "signs/sponsor-board-us-1of2.pdf", "sha256": "a"}],
        files=[
            SimpleNamespace(path="signs/sponsor-board-us-1of2.pdf", sha256="b"),
            SimpleNamespace(path="signs/sponsor-board-us-2of2.pdf", sha256="c"),
        ],
    )
    assert _against_before(made) == (
        "ecrprint: new: sponsor-board-us-2of2.pdf; changed, to print again: sponsor-board-us-1of2.pdf."
    )
