"""A session rescheduled to another time (``change: rescheduled``, ``ecrprint notice --at``):
its notice, the door signs of its old and new slot, and the located problems."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from ecrprint.cli import main

from .helpers import capital_mm, page_texts


def flat(text: str) -> str:
    return " ".join(text.split())


def _notices(project: Path, notices: str) -> None:
    (project / "content" / "notices.yaml").write_text("notices:\n" + notices)


def _built(project: Path, capsys) -> dict[tuple[str, str], str]:
    """Build the door signs and notices; each file's first page's text, by kind and room or
    session, with the date for door signs."""
    code = main(["build", str(project), "--only", "door-sign,notice"])
    assert code == 0, capsys.readouterr().err
    out = project / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    texts = {}
    for e in manifest["products"]:
        if e["kind"] == "door-sign":
            texts[(e["room"], e["date"])] = flat(page_texts(out / e["path"])[0])
        elif e["kind"] == "notice":
            texts[("notice", e["session"])] = flat(page_texts(out / e["path"])[0])
    return texts


def test_a_session_rescheduled_in_its_room_in_english(mini_project: Path, capsys):
    """RC 101 (Room B, 08:00–09:30) at 11:00 instead: the notice says the new time large, the
    old one as what it was; the door keeps the old slot pointing to the new time, and lists
    the session at its new time, after E³ 1A (10:00)."""
    _notices(mini_project, '  - {session: RC 101, change: rescheduled, new_start: "11:00"}\n')
    texts = _built(mini_project, capsys)
    notice = texts[("notice", "RC 101")]
    assert "PROGRAMME CHANGE New time" in notice and "RC 101 · Refresher Courses" in notice, notice
    assert "Was: Wednesday, 5 March 2025 · 08:00–09:30 Now on Wednesday, 5 March 2025 11:00–12:30" in notice
    door = texts[("Room B", "2025-03-05")]
    assert re.search(r"08:00 –09:30 RC 101 .* Moved to 11:00 10:00 –11:00 E³ 1A", door), door
    assert re.search(r"11:00 –12:30 RC 101 .*Chest radiography.* New time \(was 08:00\)", door), door
    times = re.findall(r"\b(\d\d:\d\d) –", door)
    assert times == ["08:00", "10:00", "11:00"]


def test_a_session_rescheduled_to_another_day_and_room_in_german(mini_project: Path, capsys):
    """HW 1 (Workshop Room, Wednesday 10:00) on Thursday at 11:00 in Room B: both days' doors
    say so, the notice names the new day and room."""
    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("congress:\n", "congress:\n  language: de\n", 1))
    _notices(
        mini_project,
        '  - {session: HW 1, change: rescheduled, new_start: "11:00", new_date: 2025-03-06, moved_to: room-b}\n',
    )
    texts = _built(mini_project, capsys)
    notice = texts[("notice", "HW 1")]
    assert "PROGRAMMÄNDERUNG Neue Uhrzeit" in notice and "HW 1 ·" in notice, notice
    assert "Bisher: Mittwoch, 5. März 2025 · 10:00–10:30 · Workshop Room" in notice
    assert "Jetzt am Donnerstag, 6. März 2025 11:00–11:30 Jetzt in Room B" in notice
    old = texts[("Workshop Room", "2025-03-05")]
    assert re.search(r"10:00 –10:30 HW 1 .* Neue Zeit: Donnerstag 11:00, Room B", old), old
    new = texts[("Room B", "2025-03-06")]
    assert re.search(r"11:00 –11:30 HW 1 .* Neue Zeit \(bisher Mittwoch 10:00, Workshop Room\)", new), new


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        (
            "{session: RC 101, change: rescheduled}",
            'notices[0].new_start: a rescheduled session needs new_start: its new time, "HH:MM"',
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "11"}',
            "notices[0].new_start: expected a time \"HH:MM\", got '11'",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "11:00", new_end: "10:00"}',
            "notices[0].new_end: 10:00 is not after new_start 11:00",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "11:00", new_date: 2025-03-09}',
            "notices[0].new_date: 2025-03-09 is not a congress day (2025-03-05, 2025-03-06)",
        ),
        (
            '{session: RC 101, change: full, new_start: "11:00"}',
            "notices[0].new_start: only a rescheduled session has a new time, not a full one",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "08:00"}',
            "notices[0].new_start: RC 101 is on 2025-03-05 at 08:00 in its room already",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "11:00", moved_to: room-x}',
            "notices[0].moved_to: unknown room 'room-x'",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "03:00"}',
            "notices[0].new_start: 03:00–04:30 is outside the opening hours of 2025-03-05 (08:00–18:00)",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "12:00", new_date: 2025-03-06}',
            "notices[0].new_start: 12:00–13:30 is outside the opening hours of 2025-03-06 (08:00–13:00)",
        ),
        (
            '{session: RC 101, change: rescheduled, new_start: "12:00", new_end: "13:15", new_date: 2025-03-06}',
            "notices[0].new_end: 12:00–13:15 is outside the opening hours of 2025-03-06 (08:00–13:00)",
        ),
    ],
)
def test_a_new_time_that_cannot_be_is_a_located_error(mini_project: Path, capsys, notice: str, message: str):
    _notices(mini_project, f"  - {notice}\n")
    assert main(["check", str(mini_project)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^content/notices.yaml:2:\d+: " + re.escape(message), err, re.M), err


def test_a_rescheduled_session_cannot_also_be_moved_or_cancelled(mini_project: Path, capsys):
    _notices(
        mini_project,
        '  - {session: RC 101, change: rescheduled, new_start: "11:00"}\n'
        "  - {session: RC 101, change: moved, moved_to: hw}\n",
    )
    assert main(["check", str(mini_project)]) == 1
    err = capsys.readouterr().err
    assert (
        "content/notices.yaml:3:31: notices[1].change: RC 101 cannot be moved: it is rescheduled "
        "(at content/notices.yaml:2); keep the one that is true" in err
    ), err


def test_a_new_time_that_overlaps_another_session_there_is_a_warning(mini_project: Path, capsys):
    _notices(mini_project, '  - {session: RC 101, change: rescheduled, new_start: "10:30"}\n')
    assert main(["check", str(mini_project)]) == 0
    err = capsys.readouterr().err
    assert (
        "WARNING: content/notices.yaml:2:55: notices[0].new_start: RC 101's new time 10:30–12:00 overlaps E³ 1A "
        "(10:00–11:00) in Room B on 2025-03-05" in err
    ), err


def test_the_notice_command_reschedules(mini_project: Path, capsys):
    code = main(
        ["notice", str(mini_project), "--session", "rc101", "--at", "11:00", "--until", "11:45", "--date", "thu"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    text = flat(page_texts(Path(out.strip()))[0])
    assert "PROGRAMME CHANGE New time" in text and "Now on Thursday, 6 March 2025 11:00–11:45" in text, text
    manifest = json.loads((mini_project / "output" / "manifest.json").read_text())
    (entry,) = [e for e in manifest["products"] if e["kind"] == "notice"]
    assert (entry["change"], entry["date"], entry["start"], entry["end"]) == (
        "rescheduled",
        "2025-03-06",
        "11:00",
        "11:45",
    )
    # Into a slot that another session holds: made, with a warning.
    assert main(["notice", str(mini_project), "--session", "RC 101", "--at", "10:30"]) == 0
    assert "warning: RC 101's new time 10:30–12:00 overlaps E³ 1A (10:00–11:00)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--at", "25"], "error: --at: expected a time \"HH:MM\", got '25'"),
        (["--at", "11:00", "--until", "10:00"], "error: cannot reschedule RC 101: 10:00 is not after --at 11:00"),
        (["--at", "11:00", "--cancelled"], "error: --at gives a new time, which a cancelled session has not"),
        (["--until", "11:00"], "error: --until and --date give a session's new time: give its new start with --at too"),
        ([], "error: say what changed: --moved-to ROOM, --cancelled, --full or --at HH:MM (a new time)"),
        (["--at", "11:00", "--date", "sun"], "'sun' is no congress day"),
        (
            ["--at", "03:00"],
            "error: cannot reschedule RC 101: 03:00–04:30 is outside the opening hours of 2025-03-05 (08:00–18:00)",
        ),
    ],
)
def test_the_notice_command_refuses_a_new_time_it_cannot_print(mini_project: Path, capsys, options, message):
    assert main(["notice", str(mini_project), "--session", "RC 101", *options]) == 2
    out, err = capsys.readouterr()
    assert message in err and out == "", err
    assert not (mini_project / "output" / "notices").exists()


def test_a_notices_short_title_reads_from_across_a_corridor(mini_project: Path, capsys):
    """A two-word title was set as a long one is, with capitals of 7.8 mm and half the page
    empty: it grows now, and a long one keeps its size."""
    assert main(["notice", str(mini_project), "--session", "E³ 1A", "--cancelled"]) == 0
    short = Path(capsys.readouterr().out.strip())
    assert capital_mm(short, "Heart imaging")[0] > 13
    assert main(["notice", str(mini_project), "--session", "RC 101", "--cancelled"]) == 0
    long = Path(capsys.readouterr().out.strip())
    assert 7 < capital_mm(long, "Chest radiography")[0] < 8.5


@pytest.mark.logs
def test_a_new_time_made_on_site_that_notices_yaml_changes_is_said(mini_project: Path, capsys, caplog):
    assert main(["notice", str(mini_project), "--session", "RC 101", "--at", "11:00"]) == 0
    _notices(mini_project, '  - {session: RC 101, change: rescheduled, new_start: "12:00"}\n')
    capsys.readouterr()
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        assert main(["build", str(mini_project), "--only", "notice"]) == 0
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert (
        "notices/notice-rc-101-rescheduled.pdf: the notice made on site (rescheduled to 2025-03-05 11:00–12:30 in "
        "Room B) is replaced by notices.yaml's (rescheduled to 2025-03-05 12:00–13:30 in Room B)" in said
    ), said
