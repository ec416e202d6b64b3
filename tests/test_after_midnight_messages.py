"""Messages about a session past midnight say its times as the print does ("00:40 the next
day", not "24:40"), and name rooms as organisers know them ("Hall A", not "hall-a")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecrprint.cli import main

from .helpers import clean, page_texts

# Wednesday runs on to 02:00; NP 1 is from 23:30 to 00:40 the next morning, in Hall A.
NIGHT = (
    '  - {code: NP 1, format: pl, title: Night reading, room: hall-a, day: 2025-03-05, start: "23:30", end: "24:40", '
    "chairs: [Ada Lovelace]}\n"
)
LATE = (
    '  - {{code: NP 2, format: pl, title: Late, room: {room}, day: 2025-03-05, start: "24:00", end: "24:30"{more}}}\n'
)
NIGHT_SPAN = "23:30–00:40 the next day"


def night_project(project: Path, closes: str = "26:00", sessions: str = "", notices: str = "") -> None:
    timetable = project / "content" / "timetable.yaml"
    text = timetable.read_text()
    old = '{date: 2025-03-05, opens: "08:00", closes: "18:00"}'
    assert old in text
    text = text.replace(old, f'{{date: 2025-03-05, opens: "08:00", closes: "{closes}"}}')
    timetable.write_text(text + NIGHT + sessions)
    if notices:
        (project / "content" / "notices.yaml").write_text("notices:\n" + notices)


def said(capsys, project: Path) -> tuple[int, list[str]]:
    """``ecrprint check``'s exit code and what it says, each problem or warning as
    ``field: message`` after its located ``path:line:col``."""
    code = main(["check", str(project)])
    err = capsys.readouterr().err
    located = [re.search(r"\S+:\d+:\d+: (.*)$", line) for line in err.splitlines()]
    return code, [m[1] for m in located if m]


@pytest.mark.parametrize(
    ("sessions", "notices", "closes", "message"),
    [
        (
            LATE.format(room="hall-a", more=""),
            "",
            "26:00",
            f"sessions[NP 2].start: overlaps NP 1 ({NIGHT_SPAN}) in Hall A on 2025-03-05 (defined at "
            "content/timetable.yaml:69)",
        ),
        (
            "",
            "",
            "24:30",
            f"sessions[NP 1].end: {NIGHT_SPAN} is outside its day 2025-03-05 (08:00–00:30 the next day, set at "
            "content/timetable.yaml:12)",
        ),
        (
            '  - {code: NP 2, format: pl, title: Backwards, room: hw, day: 2025-03-05, start: "24:40", end: "24:10"}\n',
            "",
            "26:00",
            "sessions[NP 2].end: ends (00:10 the next day) before it starts (00:40 the next day)",
        ),
        (
            "",
            '  - {session: PL 1, change: rescheduled, new_start: "24:50", new_end: "24:20"}\n',
            "26:00",
            "notices[0].new_end: 00:20 the next day is not after new_start 00:50 the next day",
        ),
        (
            LATE.format(room="room-b", more=""),
            '  - {session: NP 2, change: rescheduled, new_start: "24:00"}\n',
            "26:00",
            "notices[0].new_start: NP 2 is on 2025-03-05 at 00:00 the next day in its room already",
        ),
        (
            "",
            '  - {session: HW 1, change: rescheduled, new_start: "25:50"}\n',
            "26:00",
            "notices[0].new_start: 01:50–02:20 the next day is outside the opening hours of 2025-03-05 "
            "(08:00–02:00 the next day)",
        ),
        (
            LATE.format(room="room-b", more=""),
            "  - {session: NP 2, change: moved, moved_to: hall-a}\n",
            "26:00",
            f"notices[0].moved_to: Hall A is taken then by NP 1 ({NIGHT_SPAN}) on 2025-03-05",
        ),
    ],
)
def test_a_problem_past_midnight_says_its_times_as_printed(
    mini_project: Path, capsys, sessions: str, notices: str, closes: str, message: str
):
    night_project(mini_project, closes, sessions, notices)
    code, found = said(capsys, mini_project)
    assert code == 1
    assert message in found, found
    assert not [f for f in found if re.search(r"\b(2[4-9]|3\d|4[0-7]):\d\d\b", f)], found


def test_lecture_times_past_midnight_are_said_as_printed(mini_project: Path, capsys):
    lectures = ', lectures: [{title: One, start: "23:30", end: "24:50"}, {title: Two, start: "24:45"}]}\n'
    night_project(mini_project)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(
        timetable.read_text().replace("chairs: [Ada Lovelace]}\n", "chairs: [Ada Lovelace]" + lectures)
    )
    code, found = said(capsys, mini_project)
    assert code == 1
    assert found == [
        f"sessions[NP 1].lectures[0].end: ends at 00:50 the next day, after its session ({NIGHT_SPAN})",
        f"sessions[NP 1].lectures[1].start: starts at 00:45 the next day, when its session ({NIGHT_SPAN}) is over",
    ]


def test_warnings_past_midnight_say_times_as_printed_and_rooms_by_name(mini_project: Path, capsys):
    """A new time that overlaps NP 1, and Ada Lovelace chairing two sessions past midnight:
    warnings, which a build prints as well."""
    night_project(
        mini_project,
        sessions=LATE.format(room="room-b", more=", chairs: [Ada Lovelace]"),
        notices='  - {session: HW 2, change: rescheduled, new_start: "24:00", new_date: 2025-03-05, moved_to: hall-a}\n',
    )
    code, found = said(capsys, mini_project)
    assert code == 0
    assert found == [
        f"notices[0].new_start: HW 2's new time 00:00–00:30 the next day overlaps NP 1 ({NIGHT_SPAN}) in Hall A on "
        "2025-03-05",
        f"sessions[NP 2].chairs: Ada Lovelace is in two places at once: also in NP 1 ({NIGHT_SPAN} in Hall A, as its "
        "chair; at content/timetable.yaml:69); if that is intended, give NP 2 double_booked_with: [NP 1]",
    ]


def test_on_site_messages_past_midnight_say_times_as_printed(mini_project: Path, capsys):
    """``ecrprint notice``: the warnings of a new time, a new time refused, and the note that
    notices.yaml says otherwise."""
    night_project(mini_project, notices='  - {session: RC 101, change: rescheduled, new_start: "24:10"}\n')
    assert main(["notice", str(mini_project), "--session", "PL 1", "--at", "24:00"]) == 0
    err = capsys.readouterr().err
    assert (
        f"warning: PL 1's new time 00:00–01:00 the next day overlaps NP 1 ({NIGHT_SPAN}) in Hall A on 2025-03-05; "
        in err
    ), err
    assert (
        f"warning: at PL 1's new time 00:00–01:00 the next day, a speaker Ada Lovelace is in NP 1 ({NIGHT_SPAN} in "
        "Hall A, as its chair)" in err
    ), err
    assert main(["notice", str(mini_project), "--session", "HW 1", "--at", "25:50"]) == 2
    err = capsys.readouterr().err
    assert (
        "error: cannot reschedule HW 1: 01:50–02:20 the next day is outside the opening hours of 2025-03-05 "
        "(08:00–02:00 the next day)" in err
    ), err
    assert main(["notice", str(mini_project), "--session", "RC 101", "--full"]) == 0
    err = capsys.readouterr().err
    assert "note: notices.yaml says RC 101 is rescheduled to 00:10 the next day," in err, err


def test_a_notice_of_a_new_time_past_midnight_names_the_day_it_falls_on(mini_project: Path, capsys):
    """Rescheduled to "24:00" on Wednesday 5 March: the notice prints 00:00, so it names
    Thursday 6 March, the day on which that clock is read, not Wednesday, which is over by then."""
    night_project(mini_project)
    assert main(["notice", str(mini_project), "--session", "PL 1", "--at", "24:00"]) == 0, capsys.readouterr().err
    text = " ".join(clean(page_texts(mini_project / "output" / "notices" / "notice-pl-1-rescheduled.pdf")[0]).split())
    assert "Now on Thursday, 6 March 2025 00:00–01:00" in text, text
    assert "Wednesday" not in text.split("Now on", 1)[1], text
