"""The timetable's people: one person in two places at once, one person written two ways."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from ecrprint.cli import main
from ecrprint.content import load_project
from ecrprint.views import index_name, speaker_index

from .conftest import ROOT

PEOPLE_WARNINGS = ("in two places at once", "did you mean")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def edit(project: Path, old: str, new: str) -> None:
    path = project / "content" / "timetable.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(project: Path, needle: str) -> int:
    lines = (project / "content" / "timetable.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def column_of(project: Path, needle: str, name: str) -> int:
    lines = (project / "content" / "timetable.yaml").read_text().splitlines()
    return lines[line_of(project, needle) - 1].index(name) + 1


def warnings(project: Path) -> list[str]:
    advisories: list = []
    load_project(project, advisories=advisories)
    return [str(a) for a in advisories]


@pytest.mark.logs
def test_a_chair_who_speaks_in_another_room_at_the_same_time_is_a_located_warning(mini_project, capsys):
    """Ada Lovelace speaks in PL 1 (09:00–10:00, Hall A) and now chairs RC 101 (08:00–09:30,
    Room B) too: said at the later booking, naming the earlier one's code, time, room and
    place. A warning, not an error (the build goes on); ``--strict`` refuses it."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Małgorzata Wiśniewska, Ada Lovelace]")
    chair = line_of(mini_project, "Wiśniewska, Ada Lovelace]")
    talk = line_of(mini_project, "{title: Looking ahead, speakers: [Ada Lovelace]}")
    col = column_of(mini_project, "{title: Looking ahead, speakers: [Ada Lovelace]}", "Ada Lovelace")
    warning = (
        f"content/timetable.yaml:{talk}:{col}: sessions[PL 1].lectures[0].speakers: Ada Lovelace is in two places at "
        f"once: also in RC 101 (08:00–09:30 in Room B, as its chair; at content/timetable.yaml:{chair}); "
        "if that is intended, give PL 1 double_booked_with: [RC 101]"
    )
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "1 warning" in out, err
    assert f"WARNING: {warning}" in err.splitlines(), err
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 1 and "1 warning (see above) and --strict is set" in err


def test_a_double_booked_person_is_said_once_at_their_first_clash_with_the_others_listed(mini_project):
    """Ada Lovelace now speaks in HW 2 (09:00–09:30 on the second day), which is listed before
    E³ 2M (09:00–10:30), which she moderates, and chairs HW 3 (09:15–09:45) in another room:
    the session that starts later, or as early and is listed later, names the first session;
    her other clash is named in the same warning (an imported assembly in thirty sessions at
    once is one warning, not thirty)."""
    edit(
        mini_project,
        '    end: "09:30"\n    workshop: ai-1\n',
        '    end: "09:30"\n    workshop: ai-1\n    lectures: [{title: AI, speakers: [Ada Lovelace]}]\n'
        "  - {code: HW 3, format: hands-on, title: Reading again, room: room-b, day: 2025-03-06, "
        'start: "09:15", end: "09:45", chairs: [Ada Lovelace]}\n',
    )
    talk = line_of(mini_project, "speakers: [Ada Lovelace]}]")
    chair = line_of(mini_project, "chairs: [Ada Lovelace]}")
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]
    also = f"also in HW 2 (09:00–09:30 in Workshop Room, as a speaker; at content/timetable.yaml:{talk})"
    assert said == [
        f"sessions[E³ 2M].moderators: Ada Lovelace is in two places at once: {also}; "
        f"HW 3 (line {chair}) puts them in two places at once too; for each clash that is intended, give either "
        "session double_booked_with: [the other's code], as E³ 2M double_booked_with: [HW 2]; if 'Ada Lovelace' is a "
        "group, not one person, list it in congress.group_names instead",
    ]


def test_a_person_in_many_sessions_at_once_is_one_warning_naming_a_few_and_counting_the_rest(mini_project):
    """Nine sessions in three rooms at three hours, all chaired by one name (an imported
    assembly, say): six clashes, one warning at the first, four of the other five named."""
    timetable = mini_project / "content" / "timetable.yaml"
    added = "".join(
        f"  - {{code: AS {hour}{letter}, format: pl, title: Assembly, room: {room}, day: 2025-03-05, "
        f'start: "{hour}:00", end: "{hour + 1}:00", chairs: [Open Assembly]}}\n'
        for hour in (14, 15, 16)
        for letter, room in (("A", "hall-a"), ("B", "room-b"), ("C", "hw"))
    )
    timetable.write_text(timetable.read_text() + added)
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]

    def at(code: str) -> str:
        return f"{code} (line {line_of(mini_project, code + ',')})"

    assert said == [
        "sessions[AS 14B].chairs: Open Assembly is in two places at once: also in AS 14A (14:00–15:00 in Hall A, "
        f"as its chair; at content/timetable.yaml:{line_of(mini_project, 'AS 14A,')}); "
        f"{at('AS 14C')}, {at('AS 15B')}, {at('AS 15C')}, {at('AS 16B')} and 1 more put them in two places "
        "at once too; for each clash that is intended, give either session double_booked_with: [the other's code], "
        "as AS 14B double_booked_with: [AS 14A]; if 'Open Assembly' is a group, not one person, list it in "
        "congress.group_names instead"
    ]


def assembly_in_nine_sessions(project: Path, group_names: str = "") -> None:
    """Nine sessions in three rooms at three hours, all chaired by "Open Assembly"; with
    ``group_names``, the congress's ``group_names:`` as written."""
    timetable = project / "content" / "timetable.yaml"
    timetable.write_text(
        timetable.read_text()
        + "".join(
            f"  - {{code: AS {hour}{letter}, format: pl, title: Assembly, room: {room}, day: 2025-03-05, "
            f'start: "{hour}:00", end: "{hour + 1}:00", chairs: [Open Assembly]}}\n'
            for hour in (14, 15, 16)
            for letter, room in (("A", "hall-a"), ("B", "room-b"), ("C", "hw"))
        )
    )
    if group_names:
        congress = project / "content" / "congress.yaml"
        text = congress.read_text()
        congress.write_text(text.replace("  urls:\n", f"  group_names: {group_names}\n  urls:\n", 1))


@pytest.mark.logs
def test_a_name_listed_as_a_group_is_in_many_sessions_at_once_without_a_warning(mini_project, capsys):
    """A name the congress gives a group ("ECR Faculty") sat in many parallel sessions, and only
    a double_booked_with for each pair of them silenced the warning. Listed once in
    congress.group_names, it is never in two places at once, however its spaces are typed, and
    ``--strict`` builds; a person in those sessions at once is still warned of."""
    assembly_in_nine_sessions(mini_project)
    assert [w for w in warnings(mini_project) if "Open Assembly is in two places" in w]
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 1 and "--strict is set" in err

    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("  urls:\n", "  group_names: [Open  Assembly]\n  urls:\n", 1))
    assert [w for w in warnings(mini_project) if "two places" in w] == []
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "warning" not in out + err, out + err
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 0, err

    edit(mini_project, "chairs: [Open Assembly]}\n", "chairs: [Open Assembly, Ada Lovelace]}\n")
    edit(mini_project, "chairs: [Open Assembly]}\n", "chairs: [Open Assembly, Ada Lovelace]}\n")
    said = [w for w in warnings(mini_project) if "two places" in w]
    assert len(said) == 1 and "Ada Lovelace is in two places at once: also in AS 14A" in said[0], said


def test_an_unknown_group_name_is_a_located_error_with_what_was_meant(mini_project, capsys):
    """A group name that no session has is a mistake (the warnings it was meant to silence stay):
    a located error at the name, with the name written in the timetable it most likely is."""
    assembly_in_nine_sessions(mini_project, "[Open Asembly]")
    code, _, err = run(capsys, "check", str(mini_project))
    lines = (mini_project / "content" / "congress.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "group_names" in text)
    col = lines[line - 1].index("Open Asembly") + 1
    assert code == 1, err
    assert (
        f"content/congress.yaml:{line}:{col}: congress.group_names: unknown chair, moderator or speaker 'Open Asembly'; "
        "did you mean 'Open Assembly'?" in err.splitlines()
    ), err
    assert "Traceback" not in err


def test_sessions_one_after_the_other_and_a_cancelled_one_are_no_double_booking(mini_project):
    """RC 101 ends at 09:30: a chair of it may speak at 09:30; and a session the notices cancel
    keeps nobody from another."""
    edit(
        mini_project,
        'start: "09:00"\n    end: "10:00"\n    chairs: [Bjørn Østergaard]',
        'start: "09:30"\n    end: "10:00"\n    chairs: [Bjørn Østergaard]',
    )
    edit(mini_project, "speakers: [Şule Yıldırım]", "speakers: [Şule Yıldırım, Ada Lovelace]")
    assert not [w for w in warnings(mini_project) if "two places" in w]
    edit(
        mini_project,
        'start: "09:30"\n    end: "10:00"\n    chairs: [Bjørn Østergaard]',
        'start: "09:00"\n    end: "10:00"\n    chairs: [Bjørn Østergaard]',
    )
    assert [w for w in warnings(mini_project) if "two places" in w]
    (mini_project / "content" / "notices.yaml").write_text("notices:\n  - {session: RC 101, change: cancelled}\n")
    assert not [w for w in warnings(mini_project) if "two places" in w]


def test_a_session_the_notices_reschedule_holds_its_people_at_its_new_time(mini_project):
    """RC 101, chaired by Ada Lovelace, is rescheduled to Thursday 09:00: her clash with PL 1
    on Wednesday was still said, and the new one, with E³ 2M, which she moderates then, was
    not. Both are said as where and when the notices put the session."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Małgorzata Wiśniewska, Ada Lovelace]")
    notices = mini_project / "content" / "notices.yaml"
    notices.write_text(
        'notices:\n  - {session: RC 101, change: rescheduled, new_start: "09:00", new_date: 2025-03-06}\n'
    )
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]
    chair = line_of(mini_project, "Wiśniewska, Ada Lovelace]")
    assert said == [
        "sessions[E³ 2M].moderators: Ada Lovelace is in two places at once: also in RC 101 (09:00–10:30 in Room B, "
        f"at its new time, as its chair; at content/timetable.yaml:{chair}); if that is intended, give "
        "E³ 2M double_booked_with: [RC 101]"
    ]
    # The rescheduled session is the later one: said at its chair, at its new time.
    notices.write_text(
        'notices:\n  - {session: RC 101, change: rescheduled, new_start: "09:15", new_date: 2025-03-06}\n'
    )
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]
    assert said == [
        "sessions[RC 101].chairs: Ada Lovelace is in two places at once at RC 101's new time: also in E³ 2M "
        f"(09:00–10:30 in Hall A, as its moderator; at content/timetable.yaml:{line_of(mini_project, 'moderators: [Ada')}); "
        "if that is intended, give RC 101 double_booked_with: [E³ 2M]"
    ]


def test_a_session_past_midnight_holds_its_people_the_next_morning(mini_project):
    edit(mini_project, 'closes: "18:00"', 'closes: "26:00"')
    edit(mini_project, '{date: 2025-03-06, opens: "08:00"', '{date: 2025-03-06, opens: "00:00"')
    path = mini_project / "content" / "timetable.yaml"
    path.write_text(
        path.read_text()
        + '  - {code: NP 1, format: pl, title: Night, room: hall-a, day: 2025-03-05, start: "23:30", end: "25:00", '
        "chairs: [Ada Lovelace]}\n"
        '  - {code: NP 2, format: pl, title: Early, room: room-b, day: 2025-03-06, start: "00:30", end: "01:30", '
        "chairs: [Ada Lovelace]}\n"
    )
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]
    assert said == [
        "sessions[NP 2].chairs: Ada Lovelace is in two places at once: also in NP 1 (2025-03-05, 23:30–01:00 the next "
        f"day in Hall A, as its chair; at content/timetable.yaml:{line_of(mini_project, 'code: NP 1')}); if that is "
        "intended, give NP 2 double_booked_with: [NP 1]"
    ]


def test_a_name_that_holds_a_place_is_no_double_booking(mini_project):
    """ "TBA" or "Speaker to be confirmed" in two sessions at once is no person in two places."""
    edit(mini_project, "speakers: [Ada Lovelace]}", "speakers: [TBA, Speaker to be confirmed]}")
    edit(mini_project, "speakers: [Şule Yıldırım]", "speakers: [Speaker to be confirmed, TBA]")
    assert not [w for w in warnings(mini_project) if "two places" in w]


def test_one_name_in_spaces_or_composed_otherwise_is_one_person_of_the_index_silently(mini_project):
    """Two spaces, a no-break space, an "Ö" typed as "O" and a combining diaeresis, and a name
    written surname first print alike: one entry of the speaker index, and no warning."""
    edit(mini_project, "chairs: [Bjørn Østergaard]", 'chairs: ["Bjørn  Östergaard", "Ada\u00a0Lovelace"]')
    edit(mini_project, "speakers: [Søren Jørgensen]", 'speakers: ["Östergaard, Bjørn", "Lovelace, Ada"]')
    nfd = unicodedata.normalize("NFD", "Bjørn Östergaard")
    edit(mini_project, "moderators: [Ada Lovelace]", f'moderators: ["{nfd}"]')
    assert not [w for w in warnings(mini_project) if any(s in w for s in PEOPLE_WARNINGS)]
    entries = speaker_index(load_project(mini_project))
    names = [e["name"] for e in entries]
    assert names.count("Lovelace, Ada") == 1 and names.count("Östergaard, Bjørn") == 1, names
    refs = {e["name"]: [r["code"] for r in e["refs"]] for e in entries}
    assert refs["Lovelace, Ada"] == ["PL 1", "E³ 1A"]
    assert refs["Östergaard, Bjørn"] == ["PL 1", "E³ 1A", "E³ 2M"]
    assert next(e for e in entries if e["name"] == "Östergaard, Bjørn")["letter"] == "O"


@pytest.mark.logs
def test_a_double_booking_marked_as_intended_is_not_warned_of_and_a_new_one_still_is(mini_project, capsys):
    """Ada Lovelace chairs RC 101 and speaks in PL 1 at 09:00 on purpose (she hands the chair
    over): ``--strict`` refused every build, with no way to say so. ``double_booked_with`` on
    either session, as the warning says, silences that pair and only that pair: her new clash
    with E³ 2M on the next day is still said."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Małgorzata Wiśniewska, Ada Lovelace]")
    said = [w for w in warnings(mini_project) if "two places" in w]
    assert len(said) == 1 and said[0].endswith("; if that is intended, give PL 1 double_booked_with: [RC 101]"), said
    edit(
        mini_project,
        "    chairs: [Bjørn Østergaard]\n",
        "    chairs: [Bjørn Østergaard]\n    double_booked_with: [RC 101]\n",
    )
    assert not [w for w in warnings(mini_project) if any(s in w for s in PEOPLE_WARNINGS)]
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 0, err
    # Said on the other session of the pair instead: the same.
    edit(mini_project, "    double_booked_with: [RC 101]\n", "")
    edit(mini_project, "Wiśniewska, Ada Lovelace]", "Wiśniewska, Ada Lovelace]\n    double_booked_with: [PL 1]")
    assert not [w for w in warnings(mini_project) if "two places" in w]
    # A clash of another pair is still a warning, and --strict refuses it.
    edit(mini_project, "    workshop: ai-1\n", "    workshop: ai-1\n    chairs: [Ada Lovelace]\n")
    said = [w.split(": ", 1)[1] for w in warnings(mini_project) if "two places" in w]
    assert said == [
        "sessions[E³ 2M].moderators: Ada Lovelace is in two places at once: also in HW 2 (09:00–09:30 in Workshop Room, "
        f"as its chair; at content/timetable.yaml:{line_of(mini_project, 'chairs: [Ada Lovelace]')}); if that is "
        "intended, give E³ 2M double_booked_with: [HW 2]"
    ]
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 1 and "1 warning (see above) and --strict is set" in err, err


def test_two_people_written_alike_said_to_be_two_are_not_warned_of(mini_project, capsys):
    """A. Lovelace, who chairs RC 101, is not Ada Lovelace: ``not_the_same_as`` on the session
    where one of them is written, as the warning says, silences that pair; another spelling
    of Ada's is still a warning."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Małgorzata Wiśniewska, A. Lovelace]")
    said = [w for w in warnings(mini_project) if "did you mean" in w]
    assert len(said) == 1 and said[0].endswith("give RC 101 not_the_same_as: [Ada Lovelace]"), said
    edit(mini_project, "Wiśniewska, A. Lovelace]", "Wiśniewska, A. Lovelace]\n    not_the_same_as: [Ada Lovelace]")
    assert not [w for w in warnings(mini_project) if any(s in w for s in PEOPLE_WARNINGS)]
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 0, err
    # Said at the other name, in its own session: the same.
    edit(mini_project, "\n    not_the_same_as: [Ada Lovelace]", "")
    edit(
        mini_project,
        "    chairs: [Bjørn Østergaard]\n",
        "    chairs: [Bjørn Østergaard]\n    not_the_same_as: [A. Lovelace]\n",
    )
    assert not [w for w in warnings(mini_project) if "did you mean" in w]
    edit(mini_project, "moderators: [Ada Lovelace]", "moderators: [ada lovelace]")
    said = [w for w in warnings(mini_project) if "did you mean" in w]
    assert len(said) == 1 and "'ada lovelace': did you mean 'Ada Lovelace'" in said[0], said


def test_what_marks_a_people_warning_as_intended_must_name_what_there_is(mini_project, capsys):
    """A session code that does not exist, the session's own code and a name written nowhere
    in the timetable are located errors, not silently accepted."""
    edit(
        mini_project,
        "    chairs: [Bjørn Østergaard]\n",
        "    chairs: [Bjørn Østergaard]\n    double_booked_with: [RC 101, PL 1, RC 110]\n"
        "    not_the_same_as: [Ada Lovelac]\n",
    )
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "double_booked_with:")
    text = (mini_project / "content" / "timetable.yaml").read_text().splitlines()
    at = [text[line - 1].index(written) + 1 for written in ("PL 1,", "RC 110")]
    col = text[line].index("Ada Lovelac") + 1
    assert code == 1, err
    assert (
        f"content/timetable.yaml:{line}:{at[0]}: sessions[PL 1].double_booked_with: names its own session: name the "
        "other session whose people it shares at the same time" in err.splitlines()
    ), err
    assert f"content/timetable.yaml:{line}:{at[1]}: sessions[PL 1].double_booked_with: unknown session 'RC 110'" in err
    assert (
        f"content/timetable.yaml:{line + 1}:{col}: sessions[PL 1].not_the_same_as: unknown person 'Ada Lovelac'; "
        "did you mean 'Ada Lovelace'?" in err.splitlines()
    ), err


def test_a_name_written_surname_first_is_filed_by_its_surname():
    assert index_name("Müller, Hans") == "Müller, Hans"
    assert index_name("Müller,Hans") == "Müller, Hans"
    assert index_name("Hans Müller, MD, PhD") == "Müller, Hans, MD, PhD"
    assert index_name("Elena De Luca, Jr.") == "De Luca, Elena, Jr."


@pytest.mark.parametrize(
    ("other", "written"),
    [
        ("ada lovelace", "ada lovelace"),
        ("Ada Lovelacé", "Ada Lovelacé"),
        ("Lovelace Ada", "Lovelace Ada"),
        ("A. Lovelace", "A. Lovelace"),
    ],
)
def test_one_person_written_another_way_is_a_warning_naming_both_spellings(mini_project, other, written):
    """Case, accents, the order of the words and initials for the given name print as two
    people in the speaker index: said where the other spelling is written, with the spelling
    written more often and where it is."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", f"chairs: [Małgorzata Wiśniewska, {other}]")
    first = line_of(mini_project, "{title: Looking ahead, speakers: [Ada Lovelace]}")
    there = line_of(mini_project, f", {other}]")
    col = column_of(mini_project, f", {other}]", other)
    said = [w for w in warnings(mini_project) if "did you mean" in w]
    assert said == [
        f"content/timetable.yaml:{there}:{col}: sessions[RC 101].chairs: '{written}': did you mean 'Ada Lovelace' "
        f"(as at content/timetable.yaml:{first})? The speaker index would list them as two people: write one "
        "person's name alike everywhere, or, if they are two people, give RC 101 not_the_same_as: [Ada Lovelace]"
    ]


def test_an_umlaut_spelt_out_is_the_same_person_and_a_double_booking_still(mini_project):
    """ "Mueller" is "Müller" spelt out: a warning at the spelling written less often; and the
    person, chairing RC 101 and speaking in PL 1 at 09:00, is in two places at once under
    either spelling."""
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Jörg Müller, Hans Müller]")
    edit(mini_project, "moderators: [Ada Lovelace]", "moderators: [Hans Müller]")
    edit(mini_project, "speakers: [Ada Lovelace]}", "speakers: [Hans Mueller]}")
    said = warnings(mini_project)
    assert any("'Hans Mueller': did you mean 'Hans Müller'" in w for w in said), said
    assert any(
        "sessions[PL 1].lectures[0].speakers: Hans Mueller is in two places at once: also in RC 101" in w for w in said
    ), said
    assert not any("Jörg" in w for w in said), said


def test_initials_that_fit_two_people_are_no_guess(mini_project):
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Anna Lovelace, A. Lovelace]")
    assert not [w for w in warnings(mini_project) if "did you mean" in w]


def test_the_sample_and_the_benchmark_congress_have_no_double_bookings_or_spellings_to_warn_of(tmp_path):
    """Their people are checked every build: no warning of them there, and no noise. The
    benchmark's generator draws names at random, which put 325 people in two sessions at once
    until it gave a busy person the next free name."""
    assert not [w for w in warnings(ROOT) if any(s in w for s in PEOPLE_WARNINGS)]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(tmp_path / "bench", 800, 25, 2024)
    assert not [w for w in warnings(tmp_path / "bench") if any(s in w for s in PEOPLE_WARNINGS)]


def test_a_name_typed_with_two_spaces_prints_with_one_in_the_programme(mini_project, tmp_path, capsys):
    """The programme keeps a name on one line with no-break spaces, which, unlike plain ones,
    do not run together: "Ada  Lovelace" printed a wide gap, "Ada Lovelace " one before the comma."""
    edit(mini_project, "speakers: [Ada Lovelace]}", 'speakers: ["Ada  Lovelace ", Ada Byron]}')
    out = tmp_path / "booklet.html"
    assert main(["html", str(mini_project), "--product", "booklet", "--output", str(out)]) == 0, capsys.readouterr().err
    html = out.read_text()
    assert "Ada\u00a0Lovelace, Ada\u00a0Byron" in html
    assert "\u00a0\u00a0" not in html and "\u00a0," not in html


def test_a_speaker_is_in_a_session_with_lecture_times_only_for_their_lecture(mini_project):
    """Ada Lovelace speaks first in RC 101 (08:00–09:30) and in PL 1 at 09:00. Without lecture
    times she is in RC 101 until it ends: a clash. With times, her lecture ends at 08:45, when
    the next begins, and she is free for PL 1; a later next lecture, or the session moved to
    08:30 by the notices (her lecture with it), puts her in two places again."""
    edit(mini_project, "speakers: [Şule Yıldırım]", "speakers: [Şule Yıldırım, Ada Lovelace]")
    assert [w for w in warnings(mini_project) if "two places" in w]
    edit(mini_project, "{title: Lines and tubes,", '{start: "08:00", title: Lines and tubes,')
    edit(mini_project, "{title: The missed nodule,", '{start: "08:45", title: The missed nodule,')
    assert not [w for w in warnings(mini_project) if "two places" in w]
    notices = mini_project / "content" / "notices.yaml"
    notices.write_text('notices:\n  - {session: RC 101, change: rescheduled, new_start: "08:30"}\n')
    said = [w for w in warnings(mini_project) if "two places" in w]
    assert len(said) == 1 and "Ada Lovelace is in two places at once" in said[0], said
    notices.unlink()
    edit(mini_project, '{start: "08:45", title: The missed nodule,', '{start: "09:15", title: The missed nodule,')
    assert [w for w in warnings(mini_project) if "two places" in w]
    # A chair is there for all of it, lecture times or not.
    edit(mini_project, '{start: "09:15", title: The missed nodule,', '{start: "08:45", title: The missed nodule,')
    edit(mini_project, "speakers: [Şule Yıldırım, Ada Lovelace]", "speakers: [Şule Yıldırım]")
    edit(mini_project, "chairs: [Małgorzata Wiśniewska, Jiří Dvořák]", "chairs: [Małgorzata Wiśniewska, Ada Lovelace]")
    assert [w for w in warnings(mini_project) if "two places" in w]
