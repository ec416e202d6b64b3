"""Lecture times: optional, all of a session's lectures or none, checked against their session
and each other, and printed in a column before the lecture titles in the booklet."""

from __future__ import annotations

import re
from pathlib import Path

from ecrprint.cli import main

from .helpers import page_texts

# RC 101 in the test congress: 08:00–09:30 in Room B, two lectures.
RC_101_LECTURES = (
    "      - {title: Lines and tubes, speakers: [Şule Yıldırım]}\n"
    "      - {title: The missed nodule, speakers: [Γεώργιος Παπαδόπουλος]}\n"
)


def timetable(project: Path) -> Path:
    return project / "content" / "timetable.yaml"


def give_times(project: Path, first: str, second: str) -> None:
    """Write RC 101's two lectures with the given extra keys (``start: "08:00"``, say)."""
    path = timetable(project)
    text = path.read_text()
    assert RC_101_LECTURES in text
    lectures = (
        f"      - {{title: Lines and tubes, speakers: [Şule Yıldırım]{first}}}\n"
        f"      - {{title: The missed nodule, speakers: [Γεώργιος Παπαδόπουλος]{second}}}\n"
    )
    path.write_text(text.replace(RC_101_LECTURES, lectures))


def give_times_again(project: Path, first: str, second: str) -> None:
    """As give_times, on lectures that have been given times before."""
    path = timetable(project)
    path.write_text(re.sub(r"(Şule Yıldırım\]|Παπαδόπουλος\])[^}\n]*\}", r"\1}", path.read_text()))
    give_times(project, first, second)


def line_of(project: Path, needle: str) -> int:
    lines = timetable(project).read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def at(project: Path, needle: str, value: str) -> str:
    """Where ``value`` is written on the line with ``needle``: "line:col", as problems say it."""
    number = line_of(project, needle)
    line = timetable(project).read_text().splitlines()[number - 1]
    col = line.index('"' + value) + 1  # a quoted time's place is its opening quote
    return f"content/timetable.yaml:{number}:{col}"


def check(project: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(project)])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def test_lecture_times_inside_their_session_in_order_are_content(mini_project, capsys):
    give_times(mini_project, ', start: "08:00"', ', start: "08:45", end: "09:30"')
    assert check(mini_project, capsys) == (0, [])


def test_a_lecture_before_or_after_its_session_is_a_located_problem(mini_project, capsys):
    give_times(mini_project, ', start: "07:50"', ', start: "08:45", end: "09:40"')
    code, found = check(mini_project, capsys)
    assert code == 1
    assert found == [
        f"{at(mini_project, 'Lines and tubes', '07:50')}: sessions[RC 101].lectures[0].start: starts at 07:50, "
        "before its session (08:00–09:30)",
        f"{at(mini_project, 'The missed nodule', '09:40')}: sessions[RC 101].lectures[1].end: ends at 09:40, "
        "after its session (08:00–09:30)",
    ]


def test_a_lecture_starting_when_its_session_is_over_is_a_located_problem(mini_project, capsys):
    give_times(mini_project, ', start: "08:00"', ', start: "09:30"')
    code, found = check(mini_project, capsys)
    assert code == 1
    assert found == [
        f"{at(mini_project, 'The missed nodule', '09:30')}: "
        "sessions[RC 101].lectures[1].start: starts at 09:30, when its session (08:00–09:30) is over"
    ]


def test_lectures_out_of_order_or_overlapping_are_located_problems(mini_project, capsys):
    give_times(mini_project, ', start: "08:30"', ', start: "08:00"')
    code, found = check(mini_project, capsys)
    assert code == 1
    assert found == [
        f"{at(mini_project, 'The missed nodule', '08:00')}: "
        "sessions[RC 101].lectures[1].start: starts at 08:00, before the lecture above it (08:30): "
        "list the lectures in the order they are given"
    ]
    give_times_again(mini_project, ', start: "08:00", end: "08:50"', ', start: "08:45"')
    code, found = check(mini_project, capsys)
    assert found == [
        f"{at(mini_project, 'The missed nodule', '08:45')}: "
        "sessions[RC 101].lectures[1].start: starts at 08:45, while the lecture above it (08:00–08:50) is on"
    ]
    give_times_again(mini_project, ', start: "08:00"', ', start: "08:00"')
    code, found = check(mini_project, capsys)
    assert [f.split(": ", 1)[1] for f in found] == [
        "sessions[RC 101].lectures[1].start: starts at 08:00, while the lecture above it (08:00) is on"
    ]


def test_times_for_some_lectures_of_a_session_only_are_a_located_problem(mini_project, capsys):
    give_times(mini_project, ', start: "08:00"', "")
    code, found = check(mini_project, capsys)
    first, second = line_of(mini_project, "Lines and tubes"), line_of(mini_project, "The missed nodule")
    assert code == 1
    assert found == [
        f"content/timetable.yaml:{second}:9: sessions[RC 101].lectures[1].start: has no start time, but 1 other "
        f"lecture of RC 101 has one (from content/timetable.yaml:{first}): give each lecture of a session its "
        "start, or none"
    ]


def test_a_bad_lecture_time_and_an_end_without_a_start_are_located_problems(mini_project, capsys):
    give_times(mini_project, ', start: "8.30"', ', end: "09:30"')
    code, found = check(mini_project, capsys)
    assert code == 1
    assert found == [
        f'{at(mini_project, "Lines and tubes", "8.30")}: sessions[RC 101].lectures[0].start: expected a time "HH:MM", '
        "got '8.30'",
        f"{at(mini_project, 'The missed nodule', '09:30')}: sessions[RC 101].lectures[1].end: a lecture with an end needs its "
        "start too",
    ]


def past_midnight(project: Path, first: str, second: str) -> None:
    """Turn E³ 2M into a session from 23:30 to 00:30 (24:30) on a day that closes at 01:00,
    with two lectures at the given times."""
    path = timetable(project)
    text = path.read_text().replace(
        '{date: 2025-03-06, opens: "08:00", closes: "13:00"}', '{date: 2025-03-06, opens: "08:00", closes: "25:00"}'
    )
    old = '    start: "09:00"\n    end: "10:30"\n    moderators: [Ada Lovelace]\n'
    assert old in text
    new = (
        '    start: "23:30"\n    end: "24:30"\n    moderators: [Ada Lovelace]\n    lectures:\n'
        f'      - {{title: Before midnight, start: "{first}"}}\n'
        f'      - {{title: After midnight, start: "{second}"}}\n'
    )
    path.write_text(text.replace(old, new))


def test_lecture_times_after_midnight_are_read_as_the_session_runs_on(mini_project, capsys):
    past_midnight(mini_project, "23:30", "00:10")
    assert check(mini_project, capsys) == (0, [])
    written_past_24 = timetable(mini_project).read_text().replace('start: "00:10"', 'start: "24:10"')
    timetable(mini_project).write_text(written_past_24)
    assert check(mini_project, capsys) == (0, [])
    timetable(mini_project).write_text(written_past_24.replace('start: "24:10"', 'start: "00:40"'))
    code, found = check(mini_project, capsys)
    assert [f.split(": ", 1)[1] for f in found] == [
        "sessions[E³ 2M].lectures[1].start: starts at 00:40, before its session (23:30–00:30 the next day)"
    ]
    # A session that starts at midnight, written as the day's 24:00, has its lectures at 00:00 on.
    after = written_past_24.replace('start: "23:30"\n    end: "24:30"', 'start: "24:00"\n    end: "24:30"')
    timetable(mini_project).write_text(after.replace('"23:30"', '"00:00"'))
    assert check(mini_project, capsys) == (0, [])


def booklet_html(project: Path, capsys) -> str:
    out = project / "booklet.html"
    assert main(["html", str(project), "--product", "booklet", "--output", str(out)]) == 0, capsys.readouterr().err
    return out.read_text()


def articles(html: str) -> dict[str, str]:
    """Each session's article in the booklet's HTML, by its anchor."""
    return dict(re.findall(r'<article class="session [^"]*" id="([^"]+)">(.*?)</article>', html, re.S))


def test_lecture_times_change_only_their_own_session_in_the_booklet(mini_project, capsys):
    before = articles(booklet_html(mini_project, capsys))
    give_times(mini_project, ', start: "08:00"', ', start: "08:45"')
    after = articles(booklet_html(mini_project, capsys))
    assert before.keys() == after.keys()
    changed = [anchor for anchor in before if before[anchor] != after[anchor]]
    assert changed == ["s-rc-101"]
    assert '<span class="lecture-time">08:45</span>' in after["s-rc-101"]
    assert "lecture-time" not in before["s-rc-101"]


def test_lecture_times_print_before_their_titles_in_the_booklet(mini_project, capsys):
    give_times(mini_project, ', start: "08:00"', ', start: "08:45"')
    past_midnight(mini_project, "23:30", "00:10")
    assert main(["build", str(mini_project), "--only", "booklet"]) == 0, capsys.readouterr().err
    text = "\n".join(page_texts(mini_project / "output" / "booklet.pdf"))
    assert "08:00 Lines and tubes" in text
    assert "08:45 The missed nodule" in text
    # After midnight as the clock shows it, as the session's own end is printed.
    assert "23:30 Before midnight" in text
    assert "00:10 After midnight" in text
