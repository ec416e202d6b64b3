"""Bad content gives every problem at once, each as path:line:col: field: message."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from ecrprint import intents
from ecrprint.cli import main
from ecrprint.paths import default_data_dir

from .conftest import MINI, ROOT, copy_project


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "content" / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(project: Path, name: str, needle: str) -> int:
    for number, line in enumerate((project / "content" / name).read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def test_clean_content_checks_ok(mini_project, capsys):
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0, err
    assert "6 sessions" in out


def test_unknown_key_suggests_the_right_one(mini_project, capsys):
    edit(mini_project, "formats.yaml", "    abbreviation: RC", "    abreviation: RC")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "formats.yaml", "abreviation")
    assert code == 1
    assert (
        f"content/formats.yaml:{line}:5: formats[rc].abreviation: unknown key 'abreviation'; did you mean 'abbreviation'?"
        in err
    )
    assert "Traceback" not in err


def test_missing_required_field(mini_project, capsys):
    edit(mini_project, "formats.yaml", "    description: Refresher courses refresh knowledge.\n", "")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "formats.yaml", "id: rc")
    assert f"content/formats.yaml:{line}:5: formats[rc].description: required field is missing" in err


def test_wrong_type(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "capacity: 900", "capacity: lots")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "capacity: lots")
    assert code == 1
    assert re.search(
        rf"content/timetable.yaml:{line}:\d+: rooms\[hall-a\]\.capacity: expected a whole number, got 'lots'", err
    )


def test_duplicate_id(mini_project, capsys):
    edit(mini_project, "workshops.yaml", "{id: zeta, name: Zeta Systems}", "{id: acme, name: Zeta Systems}")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(
        r"content/workshops.yaml:\d+:\d+: supporters\[acme\]\.id: duplicate id 'acme' \(first used at content/workshops.yaml:\d+\)",
        err,
    )


def misspell_supporter(project) -> None:
    edit(project, "workshops.yaml", "{supporter: zeta, provides: software}", "{supporter: zetta, provides: software}")


def test_unknown_supporter(mini_project, capsys):
    misspell_supporter(mini_project)
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "workshops.yaml", "zetta")
    assert code == 1
    assert re.search(
        rf"content/workshops.yaml:{line}:\d+: topics\[ai\]\.workshops\[ai-1\]\.support\[0\]\.supporter: unknown supporter 'zetta'; did you mean 'zeta' \(defined at content/workshops.yaml:\d+\)\?",
        err,
    )


def test_url_must_be_http(mini_project, capsys):
    edit(mini_project, "congress.yaml", "base_url: https://tci-imaging.eu/2025", "base_url: ftp://tci-imaging.eu/2025")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "congress.yaml", "base_url")
    assert code == 1
    assert (
        f"content/congress.yaml:{line}:13: congress.base_url: 'ftp://tci-imaging.eu/2025' is not an http(s) URL" in err
    )


def test_the_placeholder_url_the_format_description_shows_is_not_an_address(mini_project, capsys):
    """docs/content-format.md writes `url: https://...` for "an address goes here": copied as it
    is, its host is dots only, and every QR code of the format would lead nowhere."""
    edit(
        mini_project,
        "formats.yaml",
        "description: Refresher courses refresh knowledge.\n",
        "description: x\n    url: https://...\n",
    )
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "formats.yaml", "url: https://...")
    assert code == 1
    assert f"content/formats.yaml:{line}:10: formats[rc].url: 'https://...' is not an http(s) URL" in err


@pytest.mark.parametrize(
    "given, hint",
    [("English", "; did you mean 'en'?"), ("en_GB", "; did you mean 'en-GB'?"), ("en GB", ""), ("Klingon", "")],
)
def test_the_language_must_be_a_language_tag(mini_project, capsys, given: str, hint: str):
    """The language reaches the documents' lang (which picks hyphenation) and the PDFs' /Lang,
    where a language's name is invalid: it is a located problem, with the tag when one is clear."""
    edit(mini_project, "congress.yaml", "  city: Graz, Austria\n", f"  city: Graz, Austria\n  language: {given}\n")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "congress.yaml", "language")
    assert code == 1
    expected = (
        f"content/congress.yaml:{line}:13: congress.language: '{given}' is not a language tag such as en, de or en-GB"
    )
    assert expected + hint + "\n" in err, err


def test_a_language_tag_with_a_region_or_script_is_taken(mini_project, capsys):
    import pikepdf

    edit(mini_project, "congress.yaml", "  city: Graz, Austria\n", "  city: Graz, Austria\n  language: de-AT\n")
    assert main(["build", str(mini_project), "--only", "directional-sign"]) == 0, capsys.readouterr().err
    with pikepdf.open(mini_project / "output" / "signs" / "directional-entrance.pdf") as pdf:
        assert str(pdf.Root.Lang) == "de-AT"
    edit(mini_project, "congress.yaml", "language: de-AT", "language: sr-Latn-RS")
    assert run(capsys, "check", str(mini_project))[0] == 0


def test_yaml_syntax_error_names_file_and_line(mini_project, capsys):
    edit(mini_project, "formats.yaml", "    name: Refresher Courses", "    name: [Refresher Courses")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"^content/formats.yaml:\d+:\d+: \(syntax\): YAML syntax error", err, re.M)
    assert "Traceback" not in err


def test_a_control_character_typed_into_a_file_is_named_where_it_is(mini_project, capsys):
    """YAML refuses a raw control character anywhere; PyYAML says so by its place in the text
    ("position 307"), which the organiser is never shown."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: Heart\x07imaging")
    line = line_of(mini_project, "timetable.yaml", "Heart\x07imaging")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(
        rf"^content/timetable.yaml:{line}:17: \(file\): U\+0007 \(a control character\) is not allowed in YAML",
        err,
        re.M,
    ), err
    assert "position" not in err and len(problems(err)) == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_file_saved_as_utf16_is_named_so_not_as_latin1(mini_project, capsys, encoding):
    """Windows Notepad's "Unicode" is UTF-16: its byte order mark was taken for Latin-1 text."""
    path = mini_project / "content" / "formats.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding=encoding)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "content/formats.yaml:1:1: (file): not UTF-8 text: saved as UTF-16 or UTF-32" in err, err
    assert "Latin-1" not in err and len(problems(err)) == 1


def test_a_quote_left_open_is_named_by_its_line(mini_project, capsys):
    """PyYAML gives up a few lines further on; the message says which line opened the quote."""
    edit(mini_project, "timetable.yaml", "    title: The future of imaging\n", '    title: "The future of imaging\n')
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", 'title: "The future')
    assert code == 1
    assert re.search(rf"\(syntax\): YAML syntax error: .*\(is the quote on line {line} left open\?\)$", err, re.M), err


def test_a_tab_in_the_indentation_is_named(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "    title: The future of imaging\n", "\ttitle: The future of imaging\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1 and "(found a tab in the indentation of this line: indent with spaces" in err, err


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        # libyaml says "found character that cannot start any token" and not which one.
        ('    closes: "19:00"', '\tcloses: "19:00"', "found a tab in the indentation of this line: indent with spaces"),
        (
            '    closes: "19:00"',
            '  \tcloses: "19:00"',
            "found a tab in the indentation of this line: indent with spaces",
        ),
        # Six spaces where four are expected: "did not find expected key", as three get.
        (
            "  - date: 2024-02-29",
            "      - date: 2024-02-29",
            "is this line indented as far as the lines it belongs with?",
        ),
        ("  - date: 2024-02-29", "   - date: 2024-02-29", "is this line indented as far as the lines it belongs with?"),
    ],
)
def test_indentation_mistakes_get_their_hint(sample_content, capsys, old, new, hint):
    edit(sample_content, "days.yaml", old, new)
    line = line_of(sample_content, "days.yaml", new.strip())
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 1
    assert re.search(
        rf"^content/days.yaml:{line}:\d+: \(syntax\): YAML syntax error: .*\({re.escape(hint)}", err, re.M
    ), err


def test_a_date_that_does_not_exist_is_a_located_problem(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "    day: 2025-03-05\n", "    day: 2025-02-30\n")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "day: 2025-02-30")
    assert code == 1 and "Traceback" not in err
    # Named as the content's other checks name it: the session by its code, then the field.
    assert problems(err) == [
        f"content/timetable.yaml:{line}:10: sessions[PL 1].day: '2025-02-30' is not a real date "
        "(day is out of range for month)"
    ]


def test_a_duplicate_key_names_the_item_it_is_in(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "    room: hall-a\n", "    room: hall-a\n    room: room-b\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"timetable.yaml:\d+:5: sessions\[PL 1\]\.room: duplicate key \(first set on line \d+\)", err), err


def test_a_value_yaml_refuses_does_not_hide_the_files_other_problems(mini_project, capsys):
    """A duplicate key or a date that does not exist is one problem: the rest of its file, and
    the references between files, are still checked, so one check names everything to mend."""
    edit(mini_project, "timetable.yaml", "    room: hall-a\n", "    room: hall-a\n    room: room-b\n")
    edit(
        mini_project,
        "timetable.yaml",
        '    day: 2025-03-05\n    start: "08:00"\n',
        '    day: 2025-02-30\n    start: "08:00"\n',
    )
    edit(
        mini_project,
        "timetable.yaml",
        "title: Heart imaging\n    room: room-b\n",
        "title: Heart imaging\n    room: room-z\n",
    )
    edit(mini_project, "timetable.yaml", "      - {title: Lines and tubes,", "      - {titel: Lines and tubes,")
    (mini_project / "content" / "more.yaml").write_text(
        "rooms:\n  - {id: annex, name: Annex, level: Level 9, capacity: 10, floor: 2}\n"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1 and "Traceback" not in err
    duplicate = line_of(mini_project, "timetable.yaml", "room: room-b")
    found = problems(err)
    assert (
        f"content/timetable.yaml:{duplicate}:5: sessions[PL 1].room: duplicate key (first set on line {duplicate - 1})"
        in found
    )
    assert any(
        re.match(r"content/timetable.yaml:\d+:10: sessions\[RC 101\]\.day: '2025-02-30' is not a real date", p)
        for p in found
    ), found
    # The rest of the file: an unknown key in the session whose date was refused, and a
    # reference to a room that does not exist in another session.
    assert any(
        re.match(r"content/timetable.yaml:\d+:\d+: sessions\[RC 101\]\.lectures\[0\]\.titel: unknown key 'titel'", p)
        for p in found
    ), found
    assert any(
        re.match(r"content/timetable.yaml:\d+:\d+: sessions\[E³ 1A\]\.room: unknown room 'room-z'", p) for p in found
    ), found
    # Another file's problem, and nothing said twice about the refused date.
    assert any(re.match(r"content/more.yaml:2:\d+: rooms\[annex\]\.floor: unknown key 'floor'", p) for p in found), (
        found
    )
    assert [p for p in found if "RC 101].day" in p] == [p for p in found if "not a real date" in p], found


def test_a_list_left_out_by_a_duplicate_key_is_not_reported_as_missing(mini_project, capsys):
    """A section given twice in a file keeps its first list: the rooms of the second are not
    read, so the sessions in them must not be told that their rooms do not exist."""
    path = mini_project / "content" / "timetable.yaml"
    path.write_text("rooms:\n  - {id: foyer, name: Foyer, level: Level 0, capacity: 50}\n" + path.read_text())
    code, _, err = run(capsys, "check", str(mini_project))
    second = 3  # the file's own rooms: key, after the two lines put before it
    assert code == 1
    assert problems(err) == [f"content/timetable.yaml:{second}:1: rooms: duplicate key (first set on line 1)"]


def test_a_section_lost_to_a_value_yaml_cannot_make_is_not_reported_as_missing(mini_project, capsys):
    """The rooms given as one value that YAML refuses: the rooms are not read, so the sessions
    that name them are not told their rooms do not exist (a section given as something other
    than a list is not judged for references)."""
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    start, end = text.index("rooms:\n"), text.index("signposts:\n")
    timetable.write_text(text[:start] + "rooms: !!timestamp hello\n" + text[end:])
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == [
        "content/timetable.yaml:1:1: rooms: expected a list",
        "content/timetable.yaml:1:8: rooms: 'hello' is not a real date (it is tagged !!timestamp)",
    ]


def test_keys_written_beside_a_merge_key_win_over_the_merged_ones(mini_project, capsys):
    """YAML's merge key copies a mapping; keys written beside it replace the copied ones, as
    YAML says (a session repeated with another code, time and title). Keys written twice
    are still a located problem."""
    from ecrprint.content import load_project

    edit(mini_project, "timetable.yaml", "  - code: PL 1\n", "  - &pl\n    code: PL 1\n")
    (mini_project / "content" / "timetable.yaml").write_text(
        (mini_project / "content" / "timetable.yaml").read_text()
        + '  - <<: *pl\n    code: PL 2\n    title: The future of imaging, again\n    start: "11:00"\n    end: "12:00"\n'
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 0, err
    sessions = {s.code: s for s in load_project(mini_project).sessions}
    assert sessions["PL 2"].title == "The future of imaging, again" and sessions["PL 2"].room == sessions["PL 1"].room
    assert sessions["PL 2"].start == 11 * 60 and sessions["PL 1"].title == "The future of imaging"
    edit(mini_project, "timetable.yaml", "    code: PL 2\n", "    code: PL 2\n    code: PL 3\n")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "code: PL 3")
    assert code == 1
    assert f"content/timetable.yaml:{line}:5: sessions[PL 2].code: duplicate key (first set on line {line - 1})" in err


@pytest.mark.parametrize("capacity", ["-5", "0", "9999999999999999999999"])
def test_a_room_capacity_must_be_a_number_of_seats(mini_project, capsys, capacity):
    edit(mini_project, "timetable.yaml", "capacity: 900}", f"capacity: {capacity}}}")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert (
        f"content/timetable.yaml:2:58: rooms[hall-a].capacity: expected 1 to 100,000 seats, got {int(capacity):,}"
        in err
    )


def test_a_session_with_a_bad_value_has_its_references_checked_too(mini_project, capsys):
    """A session whose time cannot be read is left out of the checks that need its time, but
    its unknown format and room are said in the same run: every problem at once."""
    edit(mini_project, "timetable.yaml", "    format: pl\n", "    format: nosuch\n")
    edit(mini_project, "timetable.yaml", "    room: hall-a\n", "    room: room-z\n")
    edit(mini_project, "timetable.yaml", 'start: "09:00"', 'start: "7:5"')
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    found = problems(err)
    assert len(found) == 3, found
    assert found[0].startswith("content/timetable.yaml:16:13: sessions[PL 1].format: unknown format 'nosuch'")
    assert found[1].startswith("content/timetable.yaml:18:11: sessions[PL 1].room: unknown room 'room-z'")
    assert found[2].startswith("content/timetable.yaml:20:12: sessions[PL 1].start: ")


def test_a_congress_with_a_bad_value_still_has_its_days_checked_against_its_dates(mini_project, capsys):
    """A language given by name and an end before the start: both are said in one run, with
    the days that fall outside the congress, as they would be once the language is mended."""
    edit(
        mini_project,
        "congress.yaml",
        "  name: Test Congress of Imaging\n",
        "  name: Test Congress of Imaging\n  language: English\n",
    )
    edit(mini_project, "congress.yaml", "end: 2025-03-06", "end: 2025-03-04")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    found = problems(err)
    assert any("congress.language: 'English' is not a language tag" in p for p in found), found
    assert any("congress.end: ends (2025-03-04) before it starts (2025-03-05)" in p for p in found), found
    assert sum("is not between the congress's start and end (2025-03-05 to 2025-03-04)" in p for p in found) == 2


def test_a_hall_of_many_thousand_sessions_at_one_time_is_checked_in_seconds():
    """Every session was compared with every earlier one: 100,000 sessions in one hall at one
    time kept `ecrprint check` busy for over ten minutes. One pass now says each one's first
    overlap and how many there are, as before."""
    import time
    from types import SimpleNamespace

    from ecrprint.timetable_checks import overlaps

    sessions = [SimpleNamespace(code=f"P {i}", start=600, end=660) for i in range(40_000)]
    sessions += [SimpleNamespace(code="P 7", start=630, end=700), SimpleNamespace(code="Q 1", start=665, end=680)]
    started = time.monotonic()
    found = [(b.code, a.code, count) for b, a, count in overlaps(sessions)]
    assert time.monotonic() - started < 10  # seconds; every pair took minutes
    assert found[:2] == [("P 1", "P 0", 1), ("P 2", "P 0", 2)]
    assert found[-2:] == [("P 7", "P 0", 39_999), ("Q 1", "P 7", 1)]  # not its own code twice
    assert len(found) == 40_001


def test_a_bad_base_url_is_not_also_warned_of_as_the_stand_in_address(mini_project, capsys):
    """While the congress section had a problem, the stand-in checked in its place drew a
    warning about an address nobody wrote: "congress.base_url: https://invalid is a local …"."""
    edit(mini_project, "congress.yaml", "base_url: https://tci-imaging.eu/2025", 'base_url: "https://a b/2025"')
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"congress\.base_url: 'https://a b/.*' is not an http\(s\) URL", err), err
    assert "invalid" not in err and "WARNING" not in err, err


def test_codes_that_differ_only_in_case_or_spacing_are_refused(mini_project, capsys):
    """Both would get one address (…/rc-101) and one anchor in the booklet."""
    edit(mini_project, "timetable.yaml", "  - code: HW 1\n", "  - code: rc  101\n")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "code: rc  101")
    first = line_of(mini_project, "timetable.yaml", "code: RC 101")
    assert code == 1
    assert (
        f"content/timetable.yaml:{line}:11: sessions[rc  101].code: 'rc  101' differs from 'RC 101' "
        f"(at content/timetable.yaml:{first}) only in case, spaces or punctuation; both would be 'rc-101' in the booklet's links and in "
        "addresses made with {slug}"
    ) in problems(err)


@pytest.mark.logs
def test_a_day_without_sessions_is_a_located_warning(mini_project, capsys):
    """Allowed (a day may be planned before its sessions are), but said: the booklet leaves it
    out and its door signs say the rooms are free. ``--strict`` refuses the build."""
    edit(mini_project, "congress.yaml", "  end: 2025-03-06", "  end: 2025-03-07")
    edit(
        mini_project,
        "timetable.yaml",
        '  - {date: 2025-03-06, opens: "08:00", closes: "13:00"}\n',
        '  - {date: 2025-03-06, opens: "08:00", closes: "13:00"}\n  - {date: 2025-03-07, opens: "08:00", closes: "13:00"}\n',
    )
    line = line_of(mini_project, "timetable.yaml", "2025-03-07")
    warning = (
        f"content/timetable.yaml:{line}:12: days[2025-03-07]: no sessions on this day: the booklet leaves it out "
        "and its door signs say the rooms are free"
    )
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "1 warning" in out
    assert f"WARNING: {warning}" in err.splitlines()
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign", "--strict")
    assert code == 1 and "1 warning (see above) and --strict is set" in err
    assert not (mini_project / "output").exists()


@pytest.mark.logs
def test_qr_codes_that_would_lead_to_an_example_or_local_address_are_a_located_warning(mini_project, capsys):
    """An import that finds no web address writes https://example.org/… as the base URL, and
    said so once, at the import. Every build says it again, where the address is written, until
    it is set: a booklet printed with such QR codes has not one that a visitor's phone opens."""
    edit(mini_project, "congress.yaml", "base_url: https://tci-imaging.eu/2025", "base_url: https://example.org/tci")
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    for code in ("PL 1", "RC 101"):
        text = text.replace(f"  - code: {code}\n", f"  - code: {code}\n    url: http://localhost:8000/{code[:2]}\n", 1)
    timetable.write_text(text)
    base = line_of(mini_project, "congress.yaml", "base_url:")
    first = line_of(mini_project, "timetable.yaml", "url: http://localhost:8000/PL")
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "2 warnings" in out, out
    assert [line for line in err.splitlines() if line.startswith("WARNING")] == [
        f"WARNING: content/congress.yaml:{base}:13: congress.base_url: https://example.org/tci is a local or example "
        "address that no visitor's phone can open, and QR codes would lead there: set the congress's public address "
        "before printing",
        f"WARNING: content/timetable.yaml:{first}:10: sessions[PL 1].url: http://localhost:8000/PL is a local or "
        "example address that no visitor's phone can open, and QR codes would lead there (so is another session's): "
        "give the public address, or leave it out to use base_url",
    ]
    code, _, err = run(capsys, "build", str(mini_project), "--only", "notice", "--strict")
    assert code == 1 and "2 warnings (see above) and --strict is set" in err
    # A build with nothing to do says them again: nothing changed, so neither did they.
    said = [line for line in err.splitlines() if line.startswith("WARNING")]
    for _ in range(2):
        code, out, err = run(capsys, "build", str(mini_project), "--only", "directional-sign")
        assert code == 0, err
        assert [line for line in err.splitlines() if line.startswith("WARNING")] == said[:2]
    assert "Up to date" in out


def test_an_unreadable_file_gives_one_problem_not_one_per_reference(mini_project, capsys):
    # Every session refers to a format in formats.yaml; with that file unreadable, the
    # references cannot be judged and are not reported as unknown formats.
    edit(mini_project, "formats.yaml", "    name: Refresher Courses", "    name: [Refresher Courses")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert len(problems(err)) == 1, err
    assert "(syntax): YAML syntax error" in err


def test_a_reference_to_an_item_with_problems_is_not_reported_again(mini_project, capsys):
    (mini_project / "content" / "notices.yaml").write_text("notices:\n  - session: RC 101\n    change: full\n")
    edit(mini_project, "timetable.yaml", 'start: "08:00"\n    end: "09:30"', 'start: "8 am"\n    end: "09:30"')
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == [
        f"content/timetable.yaml:{line_of(mini_project, 'timetable.yaml', '8 am')}:12: "
        "sessions[RC 101].start: expected a time \"HH:MM\", got '8 am'"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rooms: &r [*r]\n", "content/extra.yaml:1:8: (alias): an alias refers to the collection that contains it"),
        (
            "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
            + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefg", "bcdefgh")),
            "(alias): aliases repeat more than 100,000 values in this file",
        ),
        (
            "rooms: " + "[" * 3000 + "]" * 3000 + "\n",
            "content/extra.yaml:1:1007: (nesting): values nest more than 1000",
        ),
        ("rooms:\n" + "- " * 3000 + "x\n", "content/extra.yaml:2:1999: (nesting): values nest more than 1000"),
    ],
)
def test_hostile_yaml_is_a_located_problem(mini_project, capsys, text, expected):
    """Content is untrusted: aliases that contain themselves or expand a small file into a huge
    one ("billion laughs"), and absurd nesting, are refused quickly, without a traceback."""
    (mini_project / "content" / "extra.yaml").write_text(text)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert expected in err and "Traceback" not in err


def test_nesting_fifty_thousand_deep_is_refused_not_a_crash(mini_project):
    """YAML's C composer overflowed its stack on this (exit 139, no message): run apart, so a
    crash fails this test instead of ending the test run."""
    import subprocess
    import sys

    (mini_project / "content" / "extra.yaml").write_text("rooms: " + "[" * 50000 + "]" * 50000 + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "ecrprint", "check", str(mini_project)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-300:])
    assert "content/extra.yaml:1:1007: (nesting): values nest more than 1000 levels deep" in done.stderr


def test_aliases_within_reason_work(mini_project):
    from ecrprint.content import load_project

    (mini_project / "content" / "extra.yaml").write_text(
        "signposts:\n"
        "  - {id: side, name: Side door, directions: [{arrow: left, rooms: &where [hall-a, room-b]}]}\n"
        "  - {id: back, name: Back door, directions: [{arrow: right, rooms: *where}]}\n"
    )
    posts = {sp.id: sp for sp in load_project(mini_project).signposts}
    assert posts["back"].directions[0].rooms == posts["side"].directions[0].rooms == ["hall-a", "room-b"]


@pytest.fixture
def sample_content(tmp_path: Path) -> Path:
    """A copy of the sample congress's content: the size organisers work at."""
    return copy_project(ROOT, tmp_path / "sample")


def test_a_day_with_a_bad_value_is_still_a_known_day(sample_content, capsys):
    """Its sessions refer to a day that is there: one problem, not one per session."""
    edit(sample_content, "days.yaml", 'opens: "08:00"', "opens: 8 Uhr")
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 1
    assert problems(err) == ["content/days.yaml:5:12: days[2024-02-28].opens: expected a time \"HH:MM\", got '8 Uhr'"]


def test_an_empty_section_is_said_once_where_it_should_be(sample_content, capsys):
    rooms = sample_content / "content" / "rooms.yaml"
    rooms.write_text("")
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 1
    (only,) = problems(err)
    assert re.match(
        r"content/rooms.yaml:1:1: rooms: no rooms defined \(the file is empty\), but \d{3} places refer to rooms "
        r"\(the first at content/\S+:\d+\)$",
        only,
    ), err
    rooms.unlink()  # no file defines rooms: said at the first place that refers to one
    code, _, err = run(capsys, "check", str(sample_content))
    (only,) = problems(err)
    assert re.search(r"\.moved_to: unknown room 'room-e2': no file in content/ defines any rooms, and \d+ places", only)
    assert "restore the file that had them" in only, err


def test_a_mistyped_id_is_the_one_problem_and_its_references_one_more(sample_content, capsys):
    edit(sample_content, "rooms.yaml", "id: room-d\n", "id: Room_D\n")
    line = line_of(sample_content, "rooms.yaml", "Room_D")
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 1
    cause, references = problems(err)
    assert cause.startswith(f"content/rooms.yaml:{line}:9: rooms[Room_D].id: 'Room_D' is not a valid id"), err
    assert re.search(
        rf"unknown room 'room-d' \(and \d+ more references\); did you mean 'Room_D' \(content/rooms.yaml:{line}, ",
        references,
    ), err


def test_a_missing_congress_section_is_said_where_it_belongs(mini_project, capsys):
    """Not at the first file in content/, which has nothing to do with it."""
    congress = mini_project / "content" / "congress.yaml"
    congress.write_text("# emptied\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == ["content/congress.yaml:1:1: congress: required section is missing (the file is empty)"]
    congress.unlink()
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == [
        "content/congress.yaml:1:1: congress: required section is missing: no file in content/ defines it "
        "(it usually lives in content/congress.yaml, which does not exist: restore it)"
    ]


@pytest.mark.parametrize(
    ("text", "said"), [("", "the file is empty"), ("# to do\n\n", "the file has only comments, no content")]
)
def test_an_empty_file_is_a_located_warning(sample_content, capsys, text, said):
    """Most likely emptied by mistake (an editor, a sync). A warning: an error only where it
    leaves something needed missing, and then said as that error, once."""
    day = sample_content / "content" / "sessions" / "2024-02-29.yaml"
    sessions = day.read_text()
    day.write_text(text)
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 0, err
    warning = f"WARNING: content/sessions/2024-02-29.yaml:1:1: (file): {said}: was its content lost? If it is "
    assert warning + "not needed, delete it" in err.splitlines(), err
    day.write_text(sessions)
    (sample_content / "content" / "workshops.yaml").write_text(text)  # it had the topics sessions refer to
    code, _, err = run(capsys, "check", str(sample_content))
    assert code == 1
    (only,) = problems(err)
    assert (
        "no file in content/ defines any topics" in only
        and "(content/workshops.yaml is empty: did it have them?)" in only
    )
    assert "WARNING" not in err


@pytest.mark.logs
def test_a_project_without_rooms_or_sessions_builds_and_says_so(mini_project, capsys):
    """A first draft (or a file emptied by an editor mid-save, under watch) builds; it did fail
    inside a template. Having no sessions is a warning."""
    path = mini_project / "content" / "timetable.yaml"
    text = path.read_text()
    text = text[: text.index("rooms:")] + "rooms: []\n" + text[text.index("days:") : text.index("sessions:")]
    path.write_text(text + "sessions: []\n")
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0, err
    assert re.search(
        r"^WARNING: content/\S+\.yaml:1:1: sessions: no sessions at all: the booklet has no programme$", err, re.M
    )
    code, out, err = run(capsys, "build", str(mini_project), "--only", "booklet")
    assert code == 0, err


def test_days_outside_the_congress_dates_are_located(mini_project, capsys):
    # The cover printed "5–5 March 2025" for a congress whose sessions ran on the 6th too.
    edit(mini_project, "congress.yaml", "  end: 2025-03-06", "  end: 2025-03-05")
    line = line_of(mini_project, "timetable.yaml", "2025-03-06, opens")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(
        rf"timetable.yaml:{line}:\d+: days\[2025-03-06\]\.date: 2025-03-06 is not between the congress's start and "
        r"end \(2025-03-05 to 2025-03-05\)",
        err,
    ), err


@pytest.mark.parametrize(
    ("old", "new", "needle", "hint"),
    [
        (
            "    title: Heart imaging\n",
            "    title: Heart imaging: the basics\n",
            "Heart imaging: the basics",
            'put the value in quotes, as in title: "Ultrasound: the basics"',
        ),
        (
            "    room: hw\n    day: 2025-03-05",
            "   room: hw\n    day: 2025-03-05",
            "   room: hw",
            "is this line indented",
        ),
        (
            "    workshop: ai-1\n",
            "    workshop: ai-1\n  - code: X 1\n    chairz\n",
            "chairz",
            "a key without a colon",
        ),
        (
            "  - {id: hall-a, name: Hall A, level: Level 0, capacity: 900}\n",
            "  - id hall-a\n    name: Hall A\n",
            "    name: Hall A",
            "the line before, has a key without its colon",
        ),
        ("    room: hall-a\n", "     room: hall-a\n", "     room: hall-a", "indented further than the line before"),
        # The line after a list item's first key is indented as far as that key, not further.
        (
            "  - {id: hall-a, name: Hall A, level: Level 0, capacity: 900}\n",
            "  - id: hall-a\n    name: Hall A: the big one\n    level: Level 0\n",
            "name: Hall A: the big one",
            'a colon and a space inside a value: put the value in quotes, as in title: "Ultrasound: the basics"',
        ),
        (
            "  - {id: hall-a, name: Hall A, level: Level 0, capacity: 900}\n",
            "  - id: hall-a\n      name: Hall A\n",
            "      name: Hall A",
            "indented further than the line before",
        ),
        # Characters YAML reserves at the start of a value: the parser's words name none of them.
        (
            "    title: Heart imaging\n",
            "    title: [Draft] Heart imaging\n",
            "[Draft] Heart imaging",
            'YAML reserves [ at the start of a value: put it in quotes, as in title: "[Draft] Heart imaging")',
        ),
        (
            "    title: Heart imaging\n",
            "    title: `Heart` imaging\n",
            "`Heart` imaging",
            'YAML reserves ` at the start of a value: put it in quotes, as in title: "`Heart` imaging")',
        ),
        (
            "    title: Heart imaging\n",
            "    title: *Heart* imaging\n",
            "*Heart* imaging",
            'YAML reserves * at the start of a value: put it in quotes, as in title: "*Heart* imaging")',
        ),
    ],
)
def test_common_yaml_mistakes_get_a_plain_hint_at_their_line(mini_project, capsys, old, new, needle, hint):
    edit(mini_project, "timetable.yaml", old, new)
    line = line_of(mini_project, "timetable.yaml", needle)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(
        rf"^content/timetable.yaml:{line}:\d+: \(syntax\): YAML syntax error: .*{re.escape(hint)}", err, re.M
    ), err


def test_a_file_saved_as_latin_1_names_the_line_of_the_first_other_byte(mini_project, capsys):
    path = mini_project / "content" / "timetable.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    line = next(n for n, text in enumerate(path.read_bytes().split(b"\n"), 1) if max(text, default=0) > 127)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(rf"^content/timetable.yaml:{line}:\d+: \(file\): not UTF-8 text \(byte 0x..", err, re.M), err
    assert "save it as UTF-8" in err


def test_run_from_inside_content_finds_the_project(mini_project, capsys, monkeypatch):
    monkeypatch.chdir(mini_project / "content")
    code, out, err = run(capsys, "check")
    assert code == 0 and "6 sessions" in out, err
    code, out, err = run(capsys, "check", str(mini_project / "content" / "logos"))
    assert code == 0, err


def test_run_from_inside_output_finds_the_project(mini_project, capsys, monkeypatch):
    """Staff who went into output/signs/ to find a sign print the next one from there."""
    (mini_project / "output" / "signs").mkdir(parents=True)
    monkeypatch.chdir(mini_project / "output" / "signs")
    code, out, err = run(capsys, "check")
    assert code == 0 and "6 sessions" in out, err
    # A folder that merely lies beside a project's content is no part of it.
    (mini_project / "elsewhere").mkdir()
    code, _, err = run(capsys, "check", str(mini_project / "elsewhere"))
    assert code == 2 and "is not an ecrprint project" in err, err


def test_a_copied_file_does_not_report_sessions_overlapping_themselves(mini_project, capsys):
    content = mini_project / "content"
    (content / "timetable copy.yaml").write_text((content / "timetable.yaml").read_text())
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert not re.search(r"sessions\[(.+?)\]\.start: overlaps \1 ", err), err
    # One problem for the copy, not one per item it repeats.
    assert problems(err) == [
        "content/timetable.yaml:1:1: (file): every item here is also in content/timetable copy.yaml: "
        "is one file a copy of the other? Keep one of them"
    ]


def test_a_mistyped_product_kind_gets_a_suggestion(mini_project, capsys):
    code, _, err = run(capsys, "build", str(mini_project), "--only", "doorsign")
    assert code == 2 and "unknown product kind 'doorsign'; did you mean 'door-sign'?" in err


@pytest.mark.parametrize(
    "only", [["--only", "booklet", "--only", "directional-sign"], ["--only", "directional-sign,booklet"]]
)
def test_only_takes_several_kinds(mini_project, capsys, only):
    code, out, err = run(capsys, "build", str(mini_project), *only)
    assert code == 0, err
    kinds = {e["kind"] for e in json.loads((mini_project / "output" / "manifest.json").read_text())["products"]}
    assert {"booklet", "imposed-booklet", "directional-sign"} <= kinds
    assert not kinds & {"door-sign", "sponsor-board", "notice"}
    code, _, err = run(capsys, "build", str(mini_project), "--only", "booklet,sigh")
    assert code == 2 and "unknown product kind 'sigh'" in err


def test_check_gives_warnings_along_with_problems(mini_project, capsys):
    edit(mini_project, "congress.yaml", "  end: 2025-03-06", "  end: 2025-03-07")
    edit(
        mini_project,
        "timetable.yaml",
        '  - {date: 2025-03-06, opens: "08:00", closes: "13:00"}\n',
        '  - {date: 2025-03-06, opens: "08:00", closes: "13:00"}\n  - {date: 2025-03-07, opens: "08:00", closes: "13:00"}\n',
    )
    misspell_supporter(mini_project)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "unknown supporter" in err and "WARNING: content/timetable.yaml" in err and "no sessions on this day" in err


def test_a_reference_hint_names_a_near_miss_not_a_neighbour(mini_project, capsys):
    """ "hall-x" (a room deleted) is not "hall-a"; "room-bb" is a slip for "room-b"; a room's
    name where its id belongs gets the id."""
    timetable = mini_project / "content" / "timetable.yaml"
    text = (
        timetable.read_text().replace("room: hall-a", "room: hall-x", 1).replace("room: room-b\n", "room: room-bb\n", 1)
    )
    timetable.write_text(text)
    (mini_project / "content" / "notices.yaml").write_text(
        "notices:\n  - {session: RC 101, change: moved, moved_to: Workshop Room}\n"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"unknown room 'hall-x'$", err, re.M), err
    assert "unknown room 'room-bb'; did you mean 'room-b' (defined at content/timetable.yaml:3)?" in err
    assert "notices[0].moved_to: unknown room 'Workshop Room'; use its id, 'hw'" in err


def test_a_file_that_cannot_be_read_gives_no_false_warnings(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "    room: hall-a\n", "    room hall-a\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1 and "(syntax)" in err
    assert "WARNING" not in err, err


def test_all_problems_are_reported_at_once(mini_project, capsys):
    edit(mini_project, "formats.yaml", "    abbreviation: RC", "    abreviation: RC")
    edit(mini_project, "timetable.yaml", "capacity: 900", "capacity: lots")
    misspell_supporter(mini_project)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert len(problems(err)) == 3
    assert "3 problems found; nothing was written." in err


def test_timetable_problems(mini_project, capsys):
    edit(mini_project, "timetable.yaml", 'start: "08:00"\n    end: "09:30"', 'start: "09:30"\n    end: "09:00"')
    edit(
        mini_project,
        "timetable.yaml",
        '    room: hw\n    day: 2025-03-06\n    start: "09:00"\n    end: "09:30"',
        '    room: hall-a\n    day: 2025-03-06\n    start: "09:00"\n    end: "09:30"',
    )
    edit(mini_project, "timetable.yaml", 'start: "10:00"\n    end: "10:30"', 'start: "17:45"\n    end: "18:30"')
    edit(mini_project, "timetable.yaml", "format: rc", "format: rcc")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"sessions\[RC 101\]\.end: ends \(09:00\) before it starts \(09:30\)", err)
    assert re.search(
        r"sessions\[RC 101\]\.format: unknown format 'rcc'; did you mean 'rc' \(defined at content/formats.yaml:\d+\)\?",
        err,
    )
    assert re.search(
        r"sessions\[E³ 2M\]\.start: overlaps HW 2 \(09:00–09:30\) in Hall A on 2025-03-06", err
    ) or re.search(r"sessions\[HW 2\]\.start: overlaps E³ 2M \(09:00–10:30\) in Hall A on 2025-03-06", err)
    assert re.search(
        r"sessions\[HW 1\]\.end: 17:45–18:30 is outside its day 2025-03-05 \(08:00–18:00, set at "
        r"content/timetable.yaml:12\)",
        err,
    )


def test_a_long_session_overlaps_every_session_it_spans(mini_project, capsys):
    # Room B: RC 101 08:00-11:30 spans HW 1 (09:00-09:30) and E³ 1A (10:00-11:00), which do
    # not overlap each other: both overlaps are reported, not only the neighbours'.
    edit(mini_project, "timetable.yaml", 'start: "08:00"\n    end: "09:30"', 'start: "08:00"\n    end: "11:30"')
    edit(
        mini_project,
        "timetable.yaml",
        '    room: hw\n    day: 2025-03-05\n    start: "10:00"\n    end: "10:30"',
        '    room: room-b\n    day: 2025-03-05\n    start: "09:00"\n    end: "09:30"',
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"sessions\[HW 1\]\.start: overlaps RC 101 \(08:00–11:30\)", err)
    assert re.search(r"sessions\[E³ 1A\]\.start: overlaps RC 101 \(08:00–11:30\)", err)
    assert len(problems(err)) == 2


def test_many_sessions_at_one_time_in_one_room_are_a_problem_each(mini_project, capsys):
    """An export's poster session, 300 talks at one time in one hall: each is one located
    problem that says how many it overlaps, not one problem per pair (45,000 lines)."""
    lines = [
        f'  - {{code: P {i}, format: pl, title: Poster {i}, room: room-b, day: 2025-03-06, start: "10:00", end: "11:00"}}'
        for i in range(1, 301)
    ]
    (mini_project / "content" / "posters.yaml").write_text("sessions:\n" + "\n".join(lines) + "\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    found = problems(err)
    assert len(found) == 299
    assert found[0] == (
        "content/posters.yaml:3:84: sessions[P 2].start: overlaps P 1 (10:00–11:00) in Room B on 2025-03-06 "
        "(defined at content/posters.yaml:2)"
    )
    assert (
        "content/posters.yaml:301:88: sessions[P 300].start: overlaps P 1 (10:00–11:00) and 298 other sessions "
        "before it in Room B on 2025-03-06 (defined at content/posters.yaml:2)"
    ) in found


def test_a_session_past_midnight_holds_its_room_the_next_morning(mini_project, capsys):
    """A late session at 24:30-25:30 and the next day's 01:00 in the same room were both printed
    on their doors: overlaps were only looked for within one day."""
    edit(mini_project, "timetable.yaml", 'closes: "18:00"', 'closes: "26:00"')
    edit(mini_project, "timetable.yaml", 'opens: "08:00", closes: "13:00"', 'opens: "00:00", closes: "13:00"')
    (mini_project / "content" / "night.yaml").write_text(
        "sessions:\n"
        '  - {code: LATE 1, format: pl, title: Night reading, room: hall-a, day: 2025-03-05, start: "24:30", end: "25:30"}\n'
        '  - {code: EARLY 1, format: pl, title: Dawn reading, room: hall-a, day: 2025-03-06, start: "01:00", end: "02:00"}\n'
        '  - {code: EARLY 2, format: pl, title: Other room, room: room-b, day: 2025-03-06, start: "01:00", end: "02:00"}\n'
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == [
        "content/night.yaml:3:92: sessions[EARLY 1].start: overlaps LATE 1 (2025-03-05, 00:30–01:30 the next day) "
        "in Hall A on 2025-03-06 (defined at content/night.yaml:2)"
    ]


def test_a_session_code_longer_than_forty_characters_is_a_located_problem(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "code: PL 1\n", f"code: PL {'1' * 39}\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "timetable.yaml", "code: PL 111")
    assert problems(err) == [
        f"content/timetable.yaml:{line}:11: sessions[PL {'1' * 39}].code: "
        "is 42 characters long; a session code may have at most 40"
    ]


def test_an_id_shaped_like_a_split_signs_part_number_is_refused(mini_project, capsys):
    """Room "lab0-1of2" took the file of room lab0's first door sign when lab0's day was split
    over two: the build exited 0, and lab0's first sessions were on no sign of their own."""
    edit(mini_project, "timetable.yaml", "  - {id: hw, name: Workshop Room", "  - {id: hw-1of2, name: Workshop Room")
    edit(mini_project, "workshops.yaml", "  - id: ai\n", "  - id: ai-2of3\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    found = {p.split(": ", 2)[1] for p in problems(err)}
    assert {"rooms[hw-1of2].id", "topics[ai-2of3].id"} <= found
    assert "ends like the part number of a sign split over several sheets ('-1of2')" in err


def test_a_topic_name_is_limited_like_a_title(mini_project, capsys):
    """A 1,400-character topic name failed the build with advice about supporters and notes."""
    edit(mini_project, "workshops.yaml", "    name: Ultrasound Basics\n", f"    name: {'Ultrasound ' * 40}\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert [p.split(": ", 1)[1] for p in problems(err)] == [
        "topics[us].name: is 439 characters long; a title may have at most 300"
    ]


def test_a_bad_congress_value_does_not_hide_the_other_problems(mini_project, capsys):
    edit(mini_project, "congress.yaml", "  sample_mark:", "  qr: {error_correction: X}\n  sample_mark:")
    edit(mini_project, "timetable.yaml", "    room: room-b\n", "    room: room-bb\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert re.search(r"^content/congress.yaml:\d+:\d+: congress\.qr\.error_correction: 'X' is not one of", err, re.M)
    assert re.search(r"^content/timetable.yaml:\d+:\d+: sessions\[RC 101\]\.room: unknown room 'room-bb'", err, re.M)
    assert len(problems(err)) == 2


def test_characters_the_fonts_lack_are_located_problems(mini_project, capsys):
    # They would print as empty boxes (rendering sees no installed font). A control character
    # written as an escape counts too.
    edit(mini_project, "timetable.yaml", "title: Heart imaging", 'title: "Heart imaging 😀 \\u0007"')
    edit(mini_project, "timetable.yaml", "chairs: [Bjørn Østergaard]", "chairs: [Bjørn Østergaard, 王伟]")
    line = line_of(mini_project, "timetable.yaml", "Heart imaging")
    code, _, err = run(capsys, "build", str(mini_project))
    assert code == 1
    assert re.search(
        rf"^content/timetable.yaml:{line}:\d+: sessions\[E³ 1A\]\.title: '😀' \(U\+1F600 GRINNING FACE\), "
        r"U\+0007 \(a control character\) are in none of the project's fonts",
        err,
        re.M,
    ), err
    assert re.search(r"sessions\[PL 1\]\.chairs\[1\]: '王' \(U\+738B [^)]*\), '伟' .* are in none", err)
    assert len(problems(err)) == 2
    assert not (mini_project / "output").exists()
    # A font in fonts/ alone prints nothing: rendering sees only the fonts declared.
    assert (
        "so they would print as an empty box: leave them out, or add a font that has them to fonts/, with an "
        "@font-face in layouts/shared/fonts.css.j2\n" in err
    )


def test_a_variation_selector_the_fonts_lack_is_no_problem(mini_project, capsys):
    """FOSDEM 2025's "SIP-V+T=❤️?" stopped the import's check: U+FE0F after the heart (which the
    fonts have) was said to print as an empty box, but a variation selector prints nothing."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", 'title: "Heart imaging ❤\\ufe0f 1\\ufe0e"')
    assert run(capsys, "check", str(mini_project))[0] == 0
    # Beside a character the fonts lack, only that character is named.
    edit(mini_project, "timetable.yaml", "❤", "😀")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) and all("U+FE0" not in p for p in problems(err)), err
    assert "'😀' (U+1F600 GRINNING FACE) is in none of the project's fonts" in err


def test_only_the_fonts_the_layouts_declare_count_for_the_check(mini_project):
    """Rendering sees only the fonts named by an @font-face (the machine's and undeclared files
    in fonts/ never print), so the content check counts only those."""
    from ecrprint.fontcoverage import declared_fonts
    from ecrprint.paths import Layout, default_data_dir

    bundled = default_data_dir() / "fonts"
    (mini_project / "fonts").mkdir()
    extra = mini_project / "fonts" / "Extra-Regular.otf"
    extra.write_bytes((bundled / "Inter-Regular.otf").read_bytes())
    found = declared_fonts(Layout.for_project(mini_project))
    assert extra not in found and bundled / "Inter-Bold.otf" in found and len(found) == 9, found
    sheet = (default_data_dir() / "layouts" / "shared" / "fonts.css.j2").read_text()
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    (mini_project / "layouts" / "shared" / "fonts.css.j2").write_text(
        sheet + "@font-face { font-family: Extra; src: url(\"{{ fonts_url('Extra-Regular.otf') }}\"); }\n"
    )
    assert declared_fonts(Layout.for_project(mini_project))[-1] == extra


def test_a_fonts_stylesheet_that_declares_no_font_is_a_located_problem(mini_project, capsys):
    """Rendering sees no font installed on the machine: with none declared, WeasyPrint had no
    font at all and its worker crashed ("a worker process stopped unexpectedly")."""
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    (mini_project / "layouts" / "shared" / "fonts.css.j2").write_text("{# none #}\n")
    code, _, err = run(capsys, "build", str(mini_project))
    assert code == 1
    assert err.startswith("layouts/shared/fonts.css.j2:1:1: (fonts): declares no font with @font-face"), err
    assert "worker" not in err and not (mini_project / "output").exists()


def test_fonts_without_the_characters_ecrprint_prints_are_a_located_problem(mini_project, capsys):
    """ecrprint sets the typographic apostrophe, the no-break hyphen and no-break spaces in
    names and titles itself: a project's own font that lacks them printed empty boxes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ecrprint.paths import default_data_dir

    (mini_project / "fonts").mkdir()
    plain = mini_project / "fonts" / "Plain.otf"
    cutter = subset.Subsetter(subset.Options())
    cutter.populate(unicodes=[*range(0x20, 0x7F), 0x00A0])  # ASCII and the no-break space
    with TTFont(default_data_dir() / "fonts" / "Inter-Regular.otf") as font:
        cutter.subset(font)
        font.save(plain)
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    (mini_project / "layouts" / "shared" / "fonts.css.j2").write_text(
        "@font-face { font-family: Plain; src: url(\"{{ fonts_url('Plain.otf') }}\"); }\n"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert err.startswith(
        "layouts/shared/fonts.css.j2:1:1: (fonts): no declared font has '’' (U+2019 RIGHT SINGLE QUOTATION MARK), "
        "'‑' (U+2011 NON-BREAKING HYPHEN), which ecrprint prints in names, abbreviations and apostrophes"
    ), err


def test_bidi_controls_that_would_print_other_names_backwards_are_located_problems(mini_project, capsys):
    # A right-to-left override in one chair's name printed every name after it backwards
    # ("Chairs Evil gninibmoC ..."): the override is not in the fonts, but has no glyph either.
    edit(mini_project, "timetable.yaml", "chairs: [Bjørn Østergaard]", 'chairs: ["Bjørn \u202eØstergaard", Ann Lee]')
    edit(mini_project, "timetable.yaml", "title: Heart imaging", 'title: "Heart \\u2067imaging"')
    chairs = line_of(mini_project, "timetable.yaml", "Ann Lee")
    code, _, err = run(capsys, "build", str(mini_project))
    assert code == 1
    assert re.search(
        rf"^content/timetable.yaml:{chairs}:\d+: sessions\[PL 1\]\.chairs\[0\]: U\+202E \(right-to-left override\) "
        r"would print the text after it in another order",
        err,
        re.M,
    ), err
    assert re.search(r"sessions\[E³ 1A\]\.title: U\+2067 \(right-to-left isolate\) would print", err), err
    assert "\u202e" not in err and len(problems(err)) == 2
    assert not (mini_project / "output").exists()


def test_a_font_file_that_cannot_be_read_is_a_located_problem(mini_project, capsys):
    from ecrprint.paths import default_data_dir

    (mini_project / "fonts").mkdir()
    (mini_project / "fonts" / "Broken.otf").write_text("not a font")
    sheet = (default_data_dir() / "layouts" / "shared" / "fonts.css.j2").read_text()
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    (mini_project / "layouts" / "shared" / "fonts.css.j2").write_text(
        sheet + "@font-face { font-family: Broken; src: url(\"{{ fonts_url('Broken.otf') }}\"); }\n"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "fonts/Broken.otf:1:1: (font): not a font file that can be read" in err and "Traceback" not in err


def test_what_the_fonts_cover_is_kept_in_the_cache(tmp_path):
    import hashlib

    from ecrprint import cachefiles, fontcoverage
    from ecrprint.fontcoverage import covered, font_files
    from ecrprint.paths import Layout

    fontcoverage._memory.clear()  # what this process found before
    files = font_files(Layout.for_project(tmp_path).font_dirs)
    assert files
    points = covered(files, tmp_path / "cache")
    assert {ord(c) for c in "ÆØøłŁşİΓεώργιοςЖ–’·³"} <= points and ord("王") not in points
    (stored,) = (tmp_path / "cache" / "fonts").iterdir()
    fontcoverage._memory.clear()
    cachefiles.write(stored, b"[[65, 66]]")  # what the cache says is believed, unread fonts and all
    assert covered(files, tmp_path / "cache") == {65, 66}
    for damaged in (
        b"[[65, 66]]",
        b"not json" + hashlib.sha256(b"not json").digest(),
        b"{}" + hashlib.sha256(b"{}").digest(),  # a checksum that holds, for nothing covered
        b"[]" + hashlib.sha256(b"[]").digest(),
    ):
        fontcoverage._memory.clear()
        stored.write_bytes(damaged)  # without its digest; or with it, but not what was kept
        assert covered(files, tmp_path / "cache") == points


def test_failed_build_leaves_previous_output_untouched(mini_project, capsys):
    out = mini_project / "output"
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 0, err
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) > 5
    before = {p: p.read_bytes() for p in files}
    mtimes = {p: p.stat().st_mtime_ns for p in files}
    edit(mini_project, "formats.yaml", "    name: Refresher Courses", "    name: [Refresher Courses")
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 1
    assert "nothing was written" in err
    after = sorted(p for p in out.rglob("*") if p.is_file())
    assert after == files
    assert {p: p.read_bytes() for p in after} == before
    assert {p: p.stat().st_mtime_ns for p in after} == mtimes


@pytest.mark.cached
def test_a_place_that_cannot_take_its_file_puts_every_file_back(mini_project, tmp_path, capsys, monkeypatch):
    """Files take their places one by one. When one cannot (a folder of its name; a file the
    system will not replace), those that already had are put back: the output, manifest and
    all, is as the last build left it, and the message names the place, not a temporary file."""
    out = mini_project / "output"
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())
    doors = sorted(e["path"] for e in manifest["products"] if e["kind"] == "door-sign")
    files = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: p.read_bytes() for p in files}
    edit(mini_project, "timetable.yaml", "title: The future", "title: Changed, the future")

    blocked = out / doors[-1]
    blocked.unlink()
    blocked.mkdir()  # a folder where the last door sign goes: nothing has moved yet when that is seen
    (blocked / "kept.txt").write_text("someone's")
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 1
    assert f"{blocked} is a folder where the build writes a file: move it out of the way. Nothing was written" in err
    assert ".tmp" not in err
    blocked.joinpath("kept.txt").unlink()
    blocked.rmdir()
    before.pop(blocked)
    # The other way round: a file where the signs' folder goes.
    (out / "signs").rename(tmp_path / "signs")
    (out / "signs").write_text("a file of someone's")
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 1
    assert f"error: {out / 'signs'} is a file where the output needs a folder: move it out of the way." in err
    assert (out / "signs").read_text() == "a file of someone's"
    (out / "signs").unlink()
    (tmp_path / "signs").rename(out / "signs")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

    # The manifest's place refused, the last of all, after the booklet and the signs have
    # taken theirs and the files the build no longer makes are gone: they are all put back.
    real = Path.replace
    refused = out / "manifest.json"

    def replace(self, target):
        if Path(target) == refused and self.name.endswith(".tmp"):  # not when it is put back
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 1
    assert f"Permission denied: {refused}. Nothing was written: the output is as the last build left it." in err
    after = sorted(p for p in out.rglob("*") if p.is_file())
    assert after == sorted(before)  # no temporary files, nor files kept aside, are left
    assert {p: p.read_bytes() for p in after} == before
    monkeypatch.undo()
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1")
    assert code == 0, err
    assert (out / "booklet.pdf").read_bytes() != before[out / "booklet.pdf"]


@pytest.mark.cached
def test_a_folder_that_holds_another_congresss_files_is_refused(mini_project, tmp_path, capsys):
    """The manifest names its congress: building one congress into a folder that holds
    another's (a mistyped --out, two projects sharing a folder) would remove that congress's
    signs and boards as files the build no longer makes. It is refused, and nothing changes."""
    out = tmp_path / "shared-output"
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1", "--only", "door-sign", "--out", str(out))
    assert code == 0, err
    assert json.loads((out / "manifest.json").read_text())["congress"] == "tc2025"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    other = copy_project(MINI, tmp_path / "other")
    edit(other, "congress.yaml", "id: tc2025", "id: tc2026")
    sign = ["sign", str(other), "--room", "hall-a", "--date", "2025-03-05", "--out", str(out)]
    for command in (["build", str(other), "--jobs", "1", "--out", str(out)], sign):
        code, _, err = run(capsys, *command)
        assert code == 1, command
        assert f"{out} holds the files of another congress ('tc2025', says its manifest.json)" in err
        assert "Nothing was written" in err
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # The same congress, rebuilt into it, replaces its own files as before.
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "1", "--out", str(out))
    assert code == 0, err


@pytest.mark.parametrize("command", ["build", "check", "html", "import"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: ecrprint" in capsys.readouterr().out


def test_the_verbose_option_says_what_it_shows(mini_project, capsys):
    """It was "log each step", but ecrprint logs no steps: what -v adds is WeasyPrint's and
    pikepdf's messages, and it goes before the command (`ecrprint build -v` is refused)."""
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "also print WeasyPrint's and pikepdf's progress messages" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as exc:
        main(["check", str(mini_project), "-v"])
    assert exc.value.code == 2


def test_usage_errors_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "--jobs", "many"])
    assert exc.value.code == 2
    capsys.readouterr()
    code, _, err = run(capsys, "build", str(tmp_path))
    assert code == 2
    assert "has no content/ folder" in err


def test_unknown_product_kind_is_a_usage_error(mini_project, capsys):
    code, _, err = run(capsys, "build", str(mini_project), "--only", "bookelt")
    assert code == 2
    assert "unknown product kind 'bookelt'" in err


def test_print_settings_that_cannot_be_are_located(mini_project, capsys):
    """The output intent must be a CMYK ICC profile inside the project: it is embedded in every
    PDF, so a path outside would copy any file on the machine into them. Bleed is 0 to 10 mm, an
    ink limit 150 to 400 %."""
    (mini_project / "layouts").mkdir()
    (mini_project / "layouts" / "press.icc").write_text("not a profile")
    edit(
        mini_project,
        "congress.yaml",
        "print:\n",
        "print:\n  output_intent: layouts/press.icc\n  bleed_mm: -3\n  ink_limit: 120\n"
        "  products:\n    door-sign: {ink_limit: 450}\n",
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "congress.yaml", "output_intent")
    assert f"congress.yaml:{line}:" in err
    assert "print.output_intent: 'layouts/press.icc' is not a CMYK ICC output profile" in err
    assert "print.bleed_mm: expected 0 to 10 mm, got -3" in err
    line = line_of(mini_project, "congress.yaml", "ink_limit: 120")
    assert f"congress.yaml:{line}:14: print.ink_limit: expected 150 to 400 % ink, got 120" in err
    line = line_of(mini_project, "congress.yaml", "ink_limit: 450")
    assert f"congress.yaml:{line}:28: print.products.door-sign.ink_limit: expected 150 to 400 % ink, got 450" in err
    edit(mini_project, "congress.yaml", "output_intent: layouts/press.icc", "output_intent: ../../../etc/hostname")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "print.output_intent: ICC profile '../../../etc/hostname' not found inside the project" in err


def test_a_products_own_output_intent_is_checked_where_it_is_set(mini_project, capsys):
    edit(
        mini_project,
        "congress.yaml",
        "print:\n",
        "print:\n  products:\n    notice: {paper: 120 g/m² uncoated, output_intent: shop/uncoated.icc}\n",
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "congress.yaml", "output_intent")
    assert (
        f"congress.yaml:{line}:55: print.products.notice.output_intent: ICC profile 'shop/uncoated.icc' not "
        "found inside the project; or use 'coated', 'uncoated'"
    ) in err


def test_a_paper_of_the_other_kind_than_its_output_intent_is_a_warning(mini_project, capsys):
    """Door signs on uncoated paper with the default intent, for coated paper: the print shop
    would match the colours to the wrong paper. Allowed (a shop may print them digitally
    anyway), but said, located, and fatal with --strict."""
    edit(mini_project, "congress.yaml", "print:\n", "print:\n  products:\n    door-sign: {paper: 160 g/m² uncoated}\n")
    code, out, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "congress.yaml", "door-sign:")
    assert code == 0
    assert (
        f"congress.yaml:{line}:24: print.products.door-sign.paper: the paper is uncoated ('160 g/m² uncoated') but "
        "the output intent is for coated paper: set output_intent: uncoated"
    ) in out + err
    edit(mini_project, "congress.yaml", "uncoated}", "uncoated, output_intent: uncoated}")
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "output intent" not in out + err
    edit(mini_project, "congress.yaml", "160 g/m² uncoated", "170 g/m² silk")
    code, out, err = run(capsys, "check", str(mini_project))
    assert (
        "print.products.door-sign.paper: the paper is coated ('170 g/m² silk') but the output intent is " in out + err
    )


@pytest.mark.parametrize(
    ("paper", "kind"),
    [
        ("Bilderdruck matt 135 g/m²", "coated"),
        ("Offset ungestrichen 90 g/m²", "uncoated"),
        ("Naturpapier 100 g", "uncoated"),
        ("papier couché brillant 115 g", "coated"),
        ("papier non couché 90 g", "uncoated"),
        ("carta patinata opaca 130 g", "coated"),
        ("carta uso mano 100 g", "uncoated"),
        ("papel estucado mate 150 g", "coated"),
        ("papel sin estucar 90 g", "uncoated"),
        ("MC gestreken 135 g", "coated"),
        ("houtvrij ongestreken 120 g", "uncoated"),
        ("Satin 150 g/m²", "coated"),
        ("Munken Print Cream 115 (uncoated)", "uncoated"),
    ],
)
def test_a_paper_described_in_the_print_shops_language_is_told_apart(paper, kind):
    """A print shop in Vienna writes "Bilderdruck matt" or "Offset ungestrichen", not "coated":
    the mismatch with the output intent is found in the languages a European congress's shops
    use, and "ungestrichen" (uncoated) is never read as "gestrichen" (coated)."""
    other = "uncoated" if kind == "coated" else "coated"
    assert intents.paper_mismatch(paper, kind) is None
    assert intents.paper_mismatch(paper, other) == (
        f"the paper is {kind} ('{paper}') but the output intent is for {other} paper: set output_intent: {kind}"
    )


def test_an_ink_limit_below_the_layouts_colours_is_a_warning(mini_project, capsys):
    """A print shop's ink limit under what the layout's own colours take would fail the
    preflight after every build: said at the setting, with the colour and where it is."""
    edit(
        mini_project,
        "congress.yaml",
        "print:\n",
        "print:\n  ink_limit: 190\n  products:\n    notice: {ink_limit: 250}\n",
    )
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0
    line = line_of(mini_project, "congress.yaml", "ink_limit: 190")
    assert (
        f"congress.yaml:{line}:14: print.ink_limit: the layout's colours take up to 198 % ink "
        "(device-cmyk(1 0.66 0 0.32) in layouts/shared/tokens.css), more than 190 %: the preflight will fail"
    ) in out + err
    assert "notice.ink_limit" not in out + err
    # The project's own stylesheet in place of the bundled one, with a lighter blue: no warning.
    tokens = (default_data_dir() / "layouts" / "shared" / "tokens.css").read_text()
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    lighter = tokens.replace("device-cmyk(1 0.66 0 0.32)", "device-cmyk(1 0.6 0 0.2)")
    lighter = lighter.replace("device-cmyk(0 0.7 0.96 0.3)", "device-cmyk(0 0.7 0.9 0.2)")
    (mini_project / "layouts" / "shared" / "tokens.css").write_text(lighter)
    # The templates write no colour of their own: the one stylesheet is all a project changes.
    assert not any("device-cmyk(1" in t.read_text() for t in (default_data_dir() / "layouts").rglob("*.j2"))
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "ink_limit" not in out + err
    # A link that leads out of the project's layouts is not read.
    outside = mini_project.parent / "elsewhere.css"
    outside.write_text(".x { color: device-cmyk(1 1 1 1); }")
    (mini_project / "layouts" / "shared" / "extra.css").symlink_to(outside)
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "ink_limit" not in out + err


def test_a_logo_that_is_not_an_image_is_a_located_problem(mini_project, capsys):
    (mini_project / "content" / "logos" / "acme.png").write_text("a text file, not a PNG")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "workshops.yaml", "logos/acme.png")
    assert re.search(
        rf"workshops\.yaml:{line}:\d+: supporters\[acme\]\.logo: 'logos/acme\.png' is not a PNG, JPEG or TIFF image",
        err,
    )


def test_a_content_file_linked_from_outside_the_project_is_not_read(mini_project, tmp_path, capsys):
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("rooms:\n  - {id: vault, name: TOPSECRET, level: Level 9, capacity: 1}\n")
    (mini_project / "content" / "zz.yaml").symlink_to(secret)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "content/zz.yaml:1:1: (file): is a link to a file outside the project's content/ folder; not read" in err
    assert "TOPSECRET" not in err and str(secret) not in err
    # A link to a file inside content/ is the user's own arrangement: the file is read, once.
    (mini_project / "content" / "zz.yaml").unlink()
    (mini_project / "content" / "zz.yaml").symlink_to(mini_project / "content" / "formats.yaml")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 0, err
    # A folder linked from outside is said too, not skipped in silence.
    (mini_project / "content" / "zz.yaml").unlink()
    (secret.parent / "workshops.yaml").write_bytes((mini_project / "content" / "workshops.yaml").read_bytes())
    (mini_project / "content" / "workshops.yaml").unlink()
    (mini_project / "content" / "more").symlink_to(secret.parent)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "content/more:1:1: (file): is a link to a folder outside the project's content/ folder; not read" in err


def test_hidden_files_in_content_are_not_content(mini_project, capsys):
    # macOS leaves ._name copies on shared drives; editors leave .#name lock files.
    (mini_project / "content" / "._timetable.yaml").write_bytes(b"\x00\x05\x16\x07\xff binary")
    (mini_project / "content" / ".#formats.yaml").write_text("formats: [")
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0, err


def test_problems_after_an_item_with_problems_name_the_item_as_written(mini_project, capsys):
    """An item with a problem is left out of its list; the items after it keep their place."""
    edit(mini_project, "timetable.yaml", "{arrow: left, rooms: [hall-a]}", "{arrow: lft, rooms: [hall-a]}")
    edit(mini_project, "timetable.yaml", "rooms: [room-b, hw]", "rooms: [room-bb, hw]")
    (mini_project / "content" / "notices.yaml").write_text(
        "notices:\n  - {session: HW 1, change: full}\n  - {session: RC 101, change: canceled}\n"
        "  - {session: RC 999, change: full}\n"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "timetable.yaml", "room-bb")
    assert re.search(
        rf"timetable.yaml:{line}:\d+: signposts\[entrance\]\.directions\[1\]\.rooms: unknown room 'room-bb'", err
    )
    assert "notices.yaml:4:15: notices[2].session: unknown session 'RC 999'" in err


def test_a_code_in_an_address_is_percent_encoded(mini_project, capsys):
    """A template may put the session's code itself into its address: its space (and any
    '#', '?' or letter beyond ASCII) is percent-encoded, so the phone that reads the QR code
    opens the session's page, not an address cut at the space."""
    from .helpers import decode_qr_codes

    edit(mini_project, "congress.yaml", '"{base_url}/s/{slug}"', '"{base_url}/s/{code}"')
    code, out, err = run(capsys, "notice", str(mini_project), "--session", "RC 101", "--cancelled")
    assert code == 0, err
    (entry,) = [e for e in json.loads((mini_project / "output" / "manifest.json").read_text())["products"]]
    assert decode_qr_codes(mini_project / "output" / entry["path"], 0) == ["https://tci-imaging.eu/2025/s/RC%20101"]
    assert entry["qr_codes"] == [["https://tci-imaging.eu/2025/s/RC%20101"]]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('"{base_url}/s/{slug:>99}"', "congress.urls.session: a placeholder takes no format"),
        ('"{base_url}/s/{slug!r}"', "congress.urls.session: a placeholder takes no format"),
        ('"{base_url}/s/{slug:{base_url}}"', "congress.urls.session: a placeholder takes no format"),
    ],
)
def test_url_templates_with_a_format_are_located_problems(mini_project, capsys, setting, message):
    edit(mini_project, "congress.yaml", '"{base_url}/s/{slug}"', setting)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1 and message in err, err


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("  spine_mm: 1.0e+300\n", "print.spine_mm: expected more than 0 and at most 60 mm, got 1e+300"),
        ("  spine_mm: .nan\n", "print.spine_mm: expected more than 0 and at most 60 mm, got nan"),
        (
            "  products:\n    doorsign: {size: A4}\n",
            "print.products.doorsign: unknown product kind 'doorsign'; did you mean 'door-sign'?",
        ),
        (
            "  products:\n    booklet: {quantity: -5}\n",
            "print.products.booklet.quantity: expected 1 to 10,000,000 copies, got -5",
        ),
        # Only door signs have a size; elsewhere it was taken without a word and not used.
        (
            "  products:\n    sponsor-board: {size: A3}\n",
            "print.products.sponsor-board.size: sponsor boards are always A2: only door signs have a size to "
            "choose (A4 or A3); leave it out",
        ),
        ("  products:\n    booklet: {size: A4}\n", "print.products.booklet.size: the booklet is always A5: "),
    ],
)
def test_print_settings_out_of_range_are_located(mini_project, capsys, setting, message):
    edit(mini_project, "congress.yaml", "  binding: saddle-stitch\n", "  binding: saddle-stitch\n" + setting)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1 and re.search(r"^content/congress.yaml:\d+:\d+: " + re.escape(message), err, re.M), err


def test_an_address_too_long_for_a_scannable_qr_code_is_located(mini_project, capsys):
    edit(
        mini_project,
        "timetable.yaml",
        "    title: Heart imaging\n",
        "    title: Heart imaging\n    url: https://example.org/" + "a" * 4000 + "\n",
    )
    line = line_of(mini_project, "timetable.yaml", "https://example.org/aaa")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert (
        f"timetable.yaml:{line}:10: sessions[E³ 1A].url: its QR code's address is 4020 bytes long, too dense to scan "
        "as printed; at most 300: use a shorter address"
    ) in err


def test_a_nul_in_a_file_name_is_a_located_problem(mini_project, capsys):
    edit(mini_project, "workshops.yaml", "logo: logos/acme.png", 'logo: "logos/acme.png\\0x"')
    edit(
        mini_project,
        "congress.yaml",
        "  binding: saddle-stitch\n",
        '  binding: saddle-stitch\n  output_intent: "a.icc\\0"\n',
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "supporters[acme].logo: logo file" in err and "not found inside the project" in err
    assert "print.output_intent: ICC profile" in err


def test_numbers_typed_without_quotes_print_as_typed(mini_project, capsys):
    """YAML reads 1.10 as the number 1.1; where the field is text, the text as typed counts,
    also when the file is read back from the content cache."""
    from .helpers import page_texts

    edit(mini_project, "congress.yaml", '  version: "2025-01-15 · test"', "  version: 1.10")
    edit(mini_project, "timetable.yaml", "    title: Heart imaging\n", "    title: 1.50\n")
    from ecrprint import yamlsource

    for _ in range(2):  # the second time, from the content cache's JSON
        yamlsource._loaded.clear()
        code, out, err = run(capsys, "sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05")
        assert code == 0, err
        text = " ".join(page_texts(Path(out.strip()))[0].split())
        assert "Version 1.10" in text and "1.50" in text, text
    assert list((mini_project / ".ecrprint-cache" / "content").glob("*.json"))


def test_a_date_typed_without_quotes_in_a_text_field_is_its_text(mini_project, capsys):
    from ecrprint.content import load_project

    edit(mini_project, "congress.yaml", '  version: "2025-01-15 · test"', "  version: 2025-01-15")
    assert load_project(mini_project).congress.version == "2025-01-15"


def test_times_typed_with_or_without_quotes_are_read_alike(mini_project, capsys):
    edit(mini_project, "timetable.yaml", 'start: "10:00"\n    end: "11:00"', 'start: 9:5\n    end: "11:00"')
    edit(mini_project, "timetable.yaml", 'start: "10:00"\n    end: "10:30"', 'start: "9:5"\n    end: "10:30"')
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "sessions[E³ 1A].start: expected a time \"HH:MM\", got '9:5'" in err
    assert "sessions[HW 1].start: expected a time \"HH:MM\", got '9:5'" in err


def test_yes_or_no_typed_as_text_says_to_quote_it(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "name: Room B,", "name: yes,")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert (
        "rooms[room-b].name: expected text, got the yes/no value true (put text such as yes, no, on or off in quotes)"
        in err
    )


def test_a_logo_is_opened_only_as_png_jpeg_or_tiff(mini_project, capsys, monkeypatch):
    """Pillow hands EPS files to Ghostscript, which runs their PostScript: such a logo is
    refused before anything reads it, and Ghostscript never starts."""
    import subprocess

    started = []
    real_popen = subprocess.Popen

    def popen(args, *rest, **kwargs):
        started.append(args)
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    eps = "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{ } loop\n"
    (mini_project / "content" / "logos" / "acme.eps").write_text(eps)
    edit(mini_project, "workshops.yaml", "logos/acme.png", "logos/acme.eps")
    code, _, err = run(capsys, "build", str(mini_project))
    assert code == 1
    assert re.search(r"supporters\[acme\]\.logo: 'logos/acme\.eps' is not a PNG, JPEG or TIFF image", err)
    assert not any("gs" in str(a) for a in started)


def test_a_logo_of_more_than_40_megapixels_is_refused(mini_project, capsys):
    from PIL import Image

    # 7,000 x 7,000 pixels of one bit: a file of a few kilobytes that would take 49 MB and more.
    Image.new("1", (7000, 7000)).save(mini_project / "content" / "logos" / "acme.png")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "'logos/acme.png' has 7000 × 7000 pixels, more than a logo needs (at most 40 megapixels)" in err


@pytest.mark.parametrize("jobs", ["0", "-1", "65", "4097", "two"])
def test_jobs_outside_1_to_64_is_a_usage_error(jobs, capsys):
    try:
        code = main(["build", "--jobs", jobs])
    except SystemExit as exc:  # refused by the argument parser
        code = exc.code
    assert code == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["build"], ["sign", "--room", "Room A"], ["notice", "--session", "RC 101", "--full"]]
)
def test_an_output_folder_that_is_a_file_is_a_usage_error(mini_project, tmp_path, capsys, command):
    afile = tmp_path / "afile"
    afile.write_text("")
    code, _, err = run(capsys, command[0], str(mini_project), *command[1:], "--out", str(afile))
    assert code == 2
    assert f"'{afile}' is a file, not a folder" in err


def test_no_worker_outlives_a_build_that_failed_before_rendering(mini_project, capsys, monkeypatch):
    """Workers start while the content loads; a failure after that (here, converting a logo)
    stops them too, or they would keep the terminal's output open after ecrprint exits."""
    import multiprocessing

    import ecrprint.build
    from ecrprint.errors import BuildError

    def fail(*_args):
        raise BuildError("logos/acme.png: cannot convert the logo")

    monkeypatch.setattr(ecrprint.build, "cmyk_logo", fail)
    code, _, err = run(capsys, "build", str(mini_project), "--jobs", "2", "--no-cache")
    assert code == 1 and "cannot convert the logo" in err
    assert multiprocessing.active_children() == []


def test_warnings_reported_from_another_folder_say_where_their_paths_start(mini_project, capsys, monkeypatch):
    """`ecrprint new my-congress` says to run `ecrprint check my-congress`, whose warning names
    content/congress.yaml: from the folder above, the OK line says where that is."""
    edit(mini_project, "congress.yaml", "base_url: https://tci-imaging.eu/2025", "base_url: https://example.org/tci")
    code, out, err = run(capsys, "check", str(mini_project))
    assert code == 0 and "WARNING: content/congress.yaml:" in err
    assert out.strip().endswith(f"1 warning (see above). Paths are in {mini_project.resolve()}.")
    monkeypatch.chdir(mini_project)
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.strip().endswith("1 warning (see above).")


def test_problems_reported_from_another_folder_say_where_their_paths_start(mini_project, capsys, monkeypatch):
    edit(mini_project, "timetable.yaml", 'start: "09:00"', 'start: "99:00"')
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert err.strip().splitlines()[-1].endswith(f"nothing was written. Paths are in {mini_project.resolve()}.")
    monkeypatch.chdir(mini_project)  # from the project itself the paths open as they are
    code, _, err = run(capsys, "check")
    assert code == 1 and err.strip().splitlines()[-1].endswith("nothing was written.")


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_traceback(mini_project, capsys):
    (mini_project / "output").write_text("a file where the output folder should be")
    code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign")
    assert code == 1
    assert err.startswith("ecrprint: error: ") and "Traceback" not in err
    assert str(mini_project / "output") in err


@pytest.mark.cached
def test_a_build_that_cannot_write_one_folder_changes_no_file(mini_project, capsys):
    """The print package's folder is a file: the build fails before any file of the last
    build is replaced (they were replaced one by one before the package failed)."""
    assert run(capsys, "build", str(mini_project))[0] == 0
    out = mini_project / "output"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "print" not in p.parts}
    shutil.rmtree(out / "print")
    (out / "print").write_text("a file where the print package goes")
    edit(mini_project, "timetable.yaml", "The future of imaging", "The future of imaging, revised")
    code, _, err = run(capsys, "build", str(mini_project))
    assert code == 1 and err.startswith("ecrprint: error: ")
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "print" not in p.parts}
    assert after == before
    assert not list(out.rglob(".*.tmp"))


def test_preflight_given_the_project_checks_its_output(mini_project, capsys):
    assert run(capsys, "build", str(mini_project), "--only", "directional-sign")[0] == 0
    code, out, err = run(capsys, "preflight", str(mini_project))
    assert code == 0, err
    assert out.strip().startswith("Preflight: ") and (mini_project / "output" / "preflight.json").is_file()


def test_a_mistyped_required_key_is_one_problem(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "    title: The future of imaging\n", "    titel: The future of imaging\n")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    (problem,) = problems(err)
    assert problem.endswith(".titel: unknown key 'titel'; did you mean 'title'?"), problem


def test_did_you_mean_is_offered_for_a_bounded_number_of_references():
    """Each "did you mean" compares with every id: thousands of references to nothing, each
    against thousands of ids, took a minute. The first MAX_HINTS values get one."""
    from ecrprint.references import MAX_HINTS, unknown_references
    from ecrprint.yamlsource import Mark

    count = MAX_HINTS + 50
    table = {f"room-{i:04d}": object() for i in range(count)}
    unknown = {
        ("room", f"room-{i:04d}x"): [(Mark("content/t.yaml", i + 1, 1), "sessions[x].room")] for i in range(count)
    }
    problems = unknown_references(unknown, {"room": table}, {"room": "rooms"}, {}, {})
    assert len(problems) == count
    assert sum("did you mean" in p.message for p in problems) == MAX_HINTS


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "rooms:\n  - id: x\n    name: !!timestamp hello\n",
            "zz.yaml:3:11: rooms[x].name: 'hello' is not a real date (it is tagged !!timestamp)",
        ),
        (
            "rooms:\n  - id: x\n    name: !!bool maybe\n",
            "zz.yaml:3:11: rooms[x].name: 'maybe' is not a value (it is tagged !!bool)",
        ),
        (
            'rooms:\n  - id: x\n    name: !!int ""\n',
            "zz.yaml:3:11: rooms[x].name: '' is not a value (it is tagged !!int)",
        ),
        # A tag no value is made for is one value's problem; the rest of the file is checked.
        (
            "rooms:\n  - id: x\n    name: !custom Room C\n  - id: y\n    name: Room Y\n    colour: red\n",
            "zz.yaml:3:11: rooms[x].name: YAML reads !custom as a tag, which content does not use: put the value in "
            "quotes, as in \"!custom Room C\"\ncontent/zz.yaml:6:5: rooms[y].colour: unknown key 'colour'",
        ),
        # Most likely text that starts with "!", not a tag: nothing is left after it.
        (
            "rooms:\n  - id: x\n    name: !important\n",
            "zz.yaml:3:11: rooms[x].name: YAML reads !important as a tag, which content does not use: put the value "
            'in quotes, as in "!important"\n',
        ),
        # One problem, one line: a line break in the content is shown as its escape.
        ('formats:\n  - id: "\\n"\n', "zz.yaml:2:9: formats[\\n].id: must not be empty\n"),
        ("42\n", "zz.yaml:1:1: (file): expected a mapping of sections"),
        ("just a word\n", "zz.yaml:1:1: (file): expected a mapping of sections"),
    ],
)
def test_a_value_yaml_cannot_make_is_a_located_problem(mini_project, capsys, text, message):
    (mini_project / "content" / "zz.yaml").write_text(text)
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_a_content_file_that_links_to_itself_is_a_located_problem(mini_project, capsys):
    (mini_project / "content" / "zz.yaml").symlink_to("zz.yaml")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "content/zz.yaml:1:1: (file): is a link that leads round in a loop to itself; not read" in err


def test_a_title_longer_than_a_title_can_be_is_a_located_problem(mini_project, capsys):
    path = mini_project / "content" / "timetable.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: The future of imaging", "title: " + "Imaging " * 40))
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    line = line_of(mini_project, "timetable.yaml", "Imaging Imaging")
    assert (
        f"timetable.yaml:{line}:12: sessions[PL 1].title: is 319 characters long; a title may have at most 300" in err
    )
    path.write_text(text.replace("title: The future of imaging", "title: " + "x" * 300))
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 0, err


def test_places_that_output_does_not_belong_are_refused_before_anything_is_written(mini_project, tmp_path, capsys):
    before = sorted(p.relative_to(mini_project) for p in mini_project.rglob("*"))
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    project = str(mini_project)
    cases = [
        (
            ["html", project, "-o", str(mini_project / "content" / "formats.yaml")],
            "is inside the project's content/ folder",
        ),
        (["build", project, "--out", str(mini_project / "content" / "out")], "is inside the project's content/ folder"),
        (["html", project, "-o", str(tmp_path / "pipe")], "is not a regular file: give the path of a file to write"),
        (
            ["sign", project, "--room", "hw", "--date", "2025-03-05", "--out", str(tmp_path / "loop-a")],
            "leads round in a loop",
        ),
        (["sign", str(tmp_path / "loop-a"), "--room", "hw", "--date", "2025-03-05"], "leads round in a loop"),
        (["sign", project, "--room", "hw", "--date", "2025-03-05", "--out", ""], "--out: an empty path names no place"),
        (["sign", project, "--room", "hw", "--date", "2025-03-05", "--printer", " "], "--printer: must not be empty"),
        # An empty room is no room: it was taken for --full, and a notice saying so was made.
        (["notice", project, "--session", "RC 101", "--moved-to", ""], "--moved-to: must not be empty"),
    ]
    for argv, message in cases:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refuses an empty value itself
            code = exc.code
        assert code == 2, argv
        err = capsys.readouterr().err
        assert message in err, (argv, err)
        assert "Traceback" not in err
    assert sorted(p.relative_to(mini_project) for p in mini_project.rglob("*")) == before
    assert (tmp_path / "pipe").is_fifo()


def test_a_content_file_replaced_by_a_folder_is_named(mini_project, capsys):
    (mini_project / "content" / "formats.yaml").unlink()
    (mini_project / "content" / "formats.yaml").mkdir()
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert "content/formats.yaml:1:1: (file): is a folder, not a YAML file; not read" in err
