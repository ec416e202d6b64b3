"""Tests for importing pretalx/frab/Pentabarf schedule exports into content YAML."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from ecrprint.errors import ContentError, UsageError
from ecrprint.importer import ImportResult, import_schedule
from ecrprint.importtext import slugify, to_plain_text
from ecrprint.schedule_formats import read_schedule

# The demo schedules these tests import give example.org addresses, and the importer warns of
# them in every import: the tests about warnings assert on them themselves.
pytestmark = pytest.mark.logs

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SECTIONS = ("formats", "rooms", "days", "sessions")
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


def load(project: Path, name: str) -> Any:
    return yaml.safe_load((project / "content" / name).read_text(encoding="utf-8"))


def imported(project: Path) -> dict[str, Any]:
    return {s: load(project, f"imported/{s}.yaml")[s] for s in SECTIONS}


def sessions_by_code(project: Path) -> dict[str, dict[str, Any]]:
    return {s["code"]: s for s in imported(project)["sessions"]}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_error(source: Path, project: Path) -> ContentError:
    with pytest.raises(ContentError) as info:
        import_schedule(source, project)
    return info.value


def test_xml_import_writes_a_complete_project(tmp_path: Path) -> None:
    result = import_schedule(FIXTURES / "schedule.xml", tmp_path)
    assert isinstance(result, ImportResult)
    assert (result.days, result.rooms, result.formats, result.sessions) == (2, 3, 5, 8)
    content = tmp_path / "content"
    assert result.written == [
        content / "congress.yaml",
        *(content / "imported" / f"{s}.yaml" for s in SECTIONS),
    ]
    for path in result.written:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)

    congress = load(tmp_path, "congress.yaml")["congress"]
    assert congress["id"] == "democon24"
    assert congress["name"] == "Demo Congress 2024"
    assert congress["edition"] == "Demo Congress 2024"  # the acronym "democon24" is a slug
    assert str(congress["start"]) == "2024-03-01"
    assert str(congress["end"]) == "2024-03-02"
    assert congress["venue"] == "Venue to be confirmed"
    assert congress["base_url"] == "https://demo.example.org/democon24"
    assert congress["version"] == "2024-02-01 v1.3"
    assert congress["urls"]["session"] == "{base_url}/sessions/{slug}"

    data = imported(tmp_path)
    assert [r["id"] for r in data["rooms"]] == ["hall-a", "hall-b", "workshop-room-1"]
    formats = {f["id"]: f for f in data["formats"]}
    assert set(formats) == {
        "community",
        "general",
        "imaging-ai",
        "neuroradiology",
        "workshop",
    }
    assert formats["imaging-ai"]["name"] == "Imaging & AI"
    assert all(f["description"] for f in data["formats"])
    for section in ("rooms", "formats"):
        assert all(ID_RE.fullmatch(item["id"]) for item in data[section])

    sessions = sessions_by_code(tmp_path)
    assert len(sessions) == 8
    ai = sessions["EV 102"]
    assert ai["title"] == "AI in chest imaging: A practical guide"
    assert ai["format"] == "imaging-ai"
    assert (ai["room"], str(ai["day"]), ai["start"], ai["end"]) == (
        "hall-a",
        "2024-03-01",
        "10:30",
        "11:15",
    )
    assert ai["lectures"] == [{"title": ai["title"], "speakers": ["Jiří Dvořák", "Søren Jørgensen"]}]
    assert "chairs" not in ai
    assert sessions["EV 101"]["title"] == "Opening & Welcome"
    assert sessions["EV 201"]["format"] == "workshop"  # no track: its type
    assert sessions["EV 203"]["format"] == "general"  # neither track nor type
    assert "url" not in sessions["EV 203"]  # ftp: only http(s) links are kept
    assert sessions["EV 201"]["url"] == "https://demo.example.org/democon24/talk/201/"
    assert "lectures" not in sessions["EV 104"]  # no persons


def test_overlapping_events_in_one_room_are_kept(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    sessions = sessions_by_code(tmp_path)
    assert sessions["EV 103"]["room"] == sessions["EV 104"]["room"] == "hall-b"
    assert sessions["EV 104"]["start"] < sessions["EV 103"]["end"]


def test_event_after_midnight_stays_on_its_listed_day(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    night = sessions_by_code(tmp_path)["EV 105"]
    assert (str(night["day"]), night["start"], night["end"]) == (
        "2024-03-01",
        "25:30",
        "26:15",
    )
    days = imported(tmp_path)["days"]
    assert [(str(d["date"]), d["opens"], d["closes"]) for d in days] == [
        ("2024-03-01", "09:00", "26:15"),
        ("2024-03-02", "09:00", "14:30"),
    ]


def test_undated_event_before_day_start_is_after_midnight(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "pentabarf.xml",
        """<schedule><conference><title>P</title><acronym>p</acronym></conference>
<day date="2024-05-01" start="2024-05-01T10:00:00+02:00">
 <room name="Aula">
  <event id="7"><start>23:30</start><duration>1:00</duration><title>Late</title></event>
  <event id="8"><start>00:45</start><duration>0:30</duration><title>Up</title></event>
 </room>
</day></schedule>""",
    )
    import_schedule(source, tmp_path / "project")
    sessions = sessions_by_code(tmp_path / "project")
    assert (sessions["EV 7"]["start"], sessions["EV 7"]["end"]) == ("23:30", "24:30")
    assert (sessions["EV 8"]["start"], sessions["EV 8"]["end"]) == ("24:45", "25:15")
    assert sessions["EV 8"]["room"] == "aula"
    assert sessions["EV 8"]["format"] == "general"
    congress = load(tmp_path / "project", "congress.yaml")["congress"]
    assert str(congress["start"]) == str(congress["end"]) == "2024-05-01"
    assert congress["base_url"] == "https://example.org/p"
    assert congress["version"] == "imported"


def test_a_date_in_another_time_zone_is_read_as_the_same_instant(tmp_path: Path) -> None:
    """23:15 UTC is 00:15 the next morning in a day that starts at 10:00+01:00."""
    source = write(
        tmp_path,
        "night.xml",
        """<schedule><conference><title>N</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
<day date="2023-12-27" start="2023-12-27T10:00:00+01:00"><room name="A">
 <event id="1"><date>2023-12-27T23:15:00Z</date><start>00:15</start><duration>0:30</duration><title>T</title></event>
 <event id="2"><date>2023-12-27T22:30:00Z</date><start>23:30</start><duration>0:30</duration><title>T</title></event>
 <event id="3"><date>2023-12-28T01:00:00+01:00</date><start>01:00</start><duration>0:30</duration><title>T</title></event>
</room></day></schedule>""",
    )
    import_schedule(source, tmp_path / "p")
    sessions = sessions_by_code(tmp_path / "p")
    assert [(str(s["day"]), s["start"]) for s in (sessions[f"EV {n}"] for n in (1, 2, 3))] == [
        ("2023-12-27", "24:15"),
        ("2023-12-27", "23:30"),
        ("2023-12-27", "25:00"),
    ]


def test_a_date_that_disagrees_with_its_start_is_located(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "odd.xml",
        """<schedule><day date="2023-12-27" start="2023-12-27T10:00:00+01:00"><room name="A">
 <event id="1"><date>2023-12-27T18:00:00Z</date><start>11:00</start><duration>0:30</duration><title>T</title></event>
</room></day></schedule>""",
    )
    error = import_error(source, tmp_path / "p")
    assert str(error).endswith(
        "odd.xml:2:2: event.date: event 1: its date 2023-12-27T18:00:00Z and its start 11:00 disagree, "
        "in its own time zone, the day's and the congress's"
    )


def test_durations_and_dates_beyond_the_day_are_located(tmp_path: Path) -> None:
    events = [
        ("1", "2024-05-10T09:00:00+02:00", "09:00", "00:45:00"),  # HH:MM:SS: 45 minutes
        ("2", "2024-05-10T10:00:00+02:00", "10:00", "26:00:00"),
        ("3", "2024-05-10T11:00:00+02:00", "11:00", "30:00"),
        ("4", "2024-05-12T09:00:00+02:00", "09:00", "00:30"),
        ("5", "2024-05-11T02:00:00+02:00", "02:00", "1:30:00"),  # H:MM:SS: 90 minutes
    ]
    rows = ",\n".join(
        f'{{"id": {i}, "date": "{d}", "start": "{st}", "duration": "{du}", "title": "T"}}' for i, d, st, du in events
    )
    source = write(
        tmp_path,
        "long.json",
        '{"schedule": {"conference": {"days": [\n{"date": "2024-05-10", "day_start": "2024-05-10T09:00:00+02:00",'
        f' "rooms": {{"A": [\n{rows}]}}}}]}}}}}}',
    )
    error = import_error(source, tmp_path / "p")
    assert [str(p).split("long.json:")[1] for p in error.problems] == [
        "4:1: event.duration: event 2 runs past the end of its day: from 10:00 for 1 day 2 h "
        "(duration '26:00:00', read as H:MM:SS) it ends at 12:00 the next day, more than 24 hours after the day opens at 09:00",
        "5:1: event.duration: event 3 runs past the end of its day: from 11:00 for 1 day 6 h "
        "(duration '30:00', read as H:MM) it ends at 17:00 the next day, more than 24 hours after the day opens at 09:00",
        "6:1: event.date: event 4 is dated 2 days after its day 2024-05-10",
    ]
    fine = "\n".join(line for n, line in enumerate(source.read_text().splitlines()) if n not in (3, 4, 5))
    import_schedule(write(tmp_path, "fine.json", fine), tmp_path / "p")
    sessions = sessions_by_code(tmp_path / "p")
    assert [(s["start"], s["end"]) for s in sessions.values()] == [("09:00", "09:45"), ("26:00", "27:30")]


@pytest.mark.parametrize(
    ("base_url", "words"),
    [
        ("", "the schedule gives no web address, so every QR code would lead to the placeholder https://example.org/p"),
        ("http://localhost/democon/schedule/", "http://localhost/democon/schedule/ is a local or example address"),
        ("https://192.168.1.20/c/", "https://192.168.1.20/c/ is a local or example address"),
        ("https://pretalx.example.com/c/", "https://pretalx.example.com/c/ is a local or example address"),
        ("https://pretalx.com/c/", None),
    ],
)
def test_qr_codes_to_a_placeholder_or_local_address_are_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, base_url: str, words: str | None
) -> None:
    source = write(
        tmp_path,
        "s.xml",
        f"<schedule>\n<conference><acronym>p</acronym><base_url>{base_url}</base_url></conference>\n"
        '<day date="2024-05-01"><room name="A"><event id="1"><start>10:00</start><duration>1:00</duration>'
        "<title>T</title></event></room></day></schedule>",
    )
    with caplog.at_level("WARNING"):
        import_schedule(source, tmp_path / "p")
    messages = [r.getMessage() for r in caplog.records]
    if words is None:
        assert messages == []
    else:
        (message,) = messages
        assert message.startswith(f"{source}:2:1: conference.base_url: {words}")
        assert "set base_url in content/congress.yaml" in message


def test_guid_codes_rooms_in_any_case_and_titles_in_several_languages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    events = [
        {"guid": "abcdef12-0000-4000-8000-000000000001", "room": "Saal 1", "title": {"de": "Hallo", "en": "Hello"}},
        {"guid": "abcdef12-9999-4000-8000-000000000002", "room": "saal  1", "title": {"de": "Nur deutsch"}},
        {"guid": "12345678-0000-4000-8000-000000000003", "room": "SAAL 1", "title": "Plain"},
    ]
    for n, event in enumerate(events):
        event.update(start=f"1{n}:00", duration="00:30")
    doc = {"schedule": {"conference": {"days": [{"date": "2024-05-10", "rooms": {"Saal 1": events}}]}}}
    with caplog.at_level("WARNING"):
        import_schedule(write(tmp_path, "s.json", json.dumps(doc, indent=1)), tmp_path / "p")
    data = imported(tmp_path / "p")
    assert [(s["code"], s["title"], s["room"]) for s in data["sessions"]] == [
        ("EV abcdef120", "Hello", "saal-1"),
        ("EV abcdef129", "Nur deutsch", "saal-1"),
        # Only the guids that share 8 digits are told apart by more: this code stays as it
        # was before the second abcdef12… event came (all codes used to grow to 9 digits,
        # and a notice naming EV 12345678 no longer found its session).
        ("EV 12345678", "Plain", "saal-1"),
    ]
    assert data["rooms"] == [{"id": "saal-1", "name": "Saal 1"}]
    warnings = [r.getMessage().split(": ", 1)[1] for r in caplog.records if "event.room" in r.getMessage()]
    assert warnings == [
        "event.room: 'saal 1' is taken as the room 'Saal 1', spelled so first",
        "event.room: 'SAAL 1' is taken as the room 'Saal 1', spelled so first",
    ]


def test_times_are_quoted_and_names_keep_their_letters(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    text = (tmp_path / "content/imported/sessions.yaml").read_text(encoding="utf-8")
    assert 'start: "25:30"' in text
    assert 'start: "09:00"' in text
    assert "Małgorzata Wiśniewska" in text
    assert "&id0" not in text  # no YAML anchors/aliases
    days = (tmp_path / "content/imported/days.yaml").read_text(encoding="utf-8")
    assert 'opens: "09:00"' in days


def test_json_import_matches_xml_import(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path / "from-xml")
    import_schedule(FIXTURES / "schedule.json", tmp_path / "from-json")
    assert imported(tmp_path / "from-json") == imported(tmp_path / "from-xml")
    assert load(tmp_path / "from-json", "congress.yaml") == load(tmp_path / "from-xml", "congress.yaml")


def test_kind_is_detected_by_content_not_extension(tmp_path: Path) -> None:
    json_named_xml = tmp_path / "export.xml"
    shutil.copy(FIXTURES / "schedule.json", json_named_xml)
    xml_named_txt = tmp_path / "export.txt"
    shutil.copy(FIXTURES / "schedule.xml", xml_named_txt)
    assert import_schedule(json_named_xml, tmp_path / "a").sessions == 8
    assert import_schedule(xml_named_txt, tmp_path / "b").sessions == 8
    assert read_schedule(json_named_xml).kind == "json"
    assert read_schedule(xml_named_txt).kind == "xml"


def test_reimport_replaces_imported_files_only(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    content = tmp_path / "content"
    congress_file = content / "congress.yaml"
    edited = congress_file.read_text(encoding="utf-8").replace("Venue to be confirmed", "Austria Center Vienna")
    congress_file.write_text(edited, encoding="utf-8")
    own = write(content, "print.yaml", "print:\n  bleed_mm: 3\n")
    # A file an earlier import wrote (its header says so) and this one does not write again.
    stale = write(content / "imported", "old-extra.yaml", "# Written by `ecrprint import` from old.xml.\nrooms: []\n")

    result = import_schedule(FIXTURES / "schedule-updated.xml", tmp_path)

    assert result.sessions == 7
    assert content / "congress.yaml" not in result.written
    assert congress_file.read_text(encoding="utf-8") == edited
    assert load(tmp_path, "congress.yaml")["congress"]["venue"] == "Austria Center Vienna"
    assert own.read_text(encoding="utf-8") == "print:\n  bleed_mm: 3\n"
    assert not stale.exists()
    sessions = sessions_by_code(tmp_path)
    assert "EV 104" not in sessions
    assert sessions["EV 102"]["title"] == "AI in chest and cardiac imaging: A practical guide"
    assert sessions["EV 105"]["start"] == "25:30"  # codes are stable across imports
    assert not list(tmp_path.glob(".ecrprint-import-*"))  # no staging left behind


def test_ctrl_c_as_an_import_replaces_its_folder_leaves_the_last_import_in_place(tmp_path: Path, monkeypatch) -> None:
    """content/imported/ is moved aside, then the new one takes its place. Ctrl-C between the
    two put nothing back, and the clean-up then removed the last import with the staging
    folder: the project was left without its rooms, days and sessions."""
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    imported_dir = tmp_path / "content" / "imported"
    before = {p.name: p.read_bytes() for p in imported_dir.iterdir()}
    real = Path.rename

    def rename(self, target):
        if Path(target) == imported_dir and self.name == "imported":  # the new one, not the last put back
            raise KeyboardInterrupt
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        import_schedule(FIXTURES / "schedule-updated.xml", tmp_path)
    assert {p.name: p.read_bytes() for p in imported_dir.iterdir()} == before
    assert not list(tmp_path.glob(".ecrprint-import-*"))


def test_congress_defined_elsewhere_is_not_written_again(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    write(tmp_path / "content", "meta.yaml", "congress:\n  id: mine\n")
    result = import_schedule(FIXTURES / "schedule.xml", tmp_path)
    assert not (tmp_path / "content" / "congress.yaml").exists()
    assert len(result.written) == 4


def test_import_never_writes_through_a_link_left_as_congress_yaml(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "written.yaml"
    outside.parent.mkdir()
    (tmp_path / "p" / "content").mkdir(parents=True)
    (tmp_path / "p" / "content" / "congress.yaml").symlink_to(outside)  # leads nowhere yet
    import_schedule(FIXTURES / "schedule.xml", tmp_path / "p")
    assert not outside.exists()


@pytest.mark.parametrize(
    ("name", "line", "col", "words"),
    [
        ("malformed.xml", 14, 9, ["mismatched tag", "<title> opened at line 13"]),
        ("malformed.json", 14, 15, ["Expecting ',' delimiter"]),
    ],
)
def test_malformed_input_is_located(tmp_path: Path, name: str, line: int, col: int, words: list[str]) -> None:
    error = import_error(FIXTURES / name, tmp_path)
    assert f"{name}:{line}:{col}:" in str(error)
    assert [(p.line, p.col) for p in error.problems] == [(line, col)]
    for word in words:
        assert word in str(error)
    assert not (tmp_path / "content").exists()


def test_failed_reimport_leaves_previous_files(tmp_path: Path) -> None:
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    before = imported(tmp_path)
    import_error(FIXTURES / "malformed.xml", tmp_path)
    assert imported(tmp_path) == before


def test_doctype_and_entities_are_refused(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "bomb.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE schedule [\n <!ENTITY a "aaaaaaaa">\n'
        ' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<schedule>&b;</schedule>\n',
    )
    error = import_error(source, tmp_path / "project")
    assert "bomb.xml:2:" in str(error)
    assert "DOCTYPE" in str(error)


def test_absurd_nesting_is_a_located_problem(tmp_path: Path) -> None:
    source = write(tmp_path, "deep.json", '{"schedule": ' + "[" * 100_000 + "]" * 100_000 + "}")
    error = import_error(source, tmp_path / "project")
    assert "deep.json:1:1: json: values nest too deeply for a schedule" in str(error)


def test_missing_pieces_name_the_event_line(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "gaps.xml",
        """<schedule>
<day date="2024-03-01"><room name="A">
  <event id="1"><start>09:00</start><duration>1:00</duration><title>Fine</title></event>
  <event id="2"><duration>01:00</duration><title>No start</title></event>
  <event id="3"><start>10:00</start><duration>an hour</duration><title>X</title></event>
  <event id="1"><start>11:00</start><duration>00:30</duration><title>Dup</title></event>
  <event id="4">
    <start>12:00</start><duration>00:30</duration>
  </event>
  <event id="5"><start>13:00</start><duration></duration><title>No duration</title></event>
</room></day>
</schedule>""",
    )
    error = import_error(source, tmp_path / "project")
    found = {(p.line, p.field) for p in error.problems}
    assert found == {
        (4, "event.start"),
        (5, "event.duration"),
        (6, "event.id"),
        (7, "event.title"),
        (10, "event.duration"),
    }
    assert "gaps.xml:4:3: event.start: event 2 has no start" in str(error)
    # LSWT 2019's export has an event with an empty <duration>: said "duration missing is not H:MM".
    assert "gaps.xml:10:3: event.duration: event 5 has no duration (H:MM or H:MM:SS)" in str(error)
    assert "gaps.xml:5:3: event.duration: event 3: duration 'an hour' is not H:MM or H:MM:SS" in str(error)
    assert "line 3" in str(error)  # the duplicate names the first use
    assert not (tmp_path / "project" / "content").exists()


def test_json_event_problems_name_the_object_line(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "gaps.json",
        """{"schedule": {"conference": {"title": "T", "days": [
  {"date": "2024-03-01", "rooms": {"A": [
    {"id": 1, "start": "09:00", "duration": "01:00", "title": "Fine"},
      {"id": 2, "duration": "01:00", "title": "No start"}
  ]}},
  {"date": "1 March", "rooms": {}}
]}}}
""",
    )
    error = import_error(source, tmp_path / "project")
    assert [(p.line, p.col, p.field) for p in error.problems] == [
        (4, 7, "event.start"),
        (6, 3, "day.date"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "located", "found"),
    [
        (
            "entries.xml",
            '<schedule created="2014">\n<day date="2014-07-21"><entry id="1"><title>T</title></entry>'
            '<entry id="2"/></day></schedule>',
            "entries.xml:1:1: schedule: no events found",
            "its 1 <day> holds 2 <entry> elements",
        ),
        ("bare.xml", "<schedule><conference/></schedule>", "bare.xml:1:1:", "<schedule> holds 1 <conference>"),
        (
            "empty.json",
            '{"schedule": {"version": "1", "conference": {"title": "T",\n "days": [{"date": "2024-05-10", "rooms": {}}]}}}',
            "empty.json:1:14: schedule: no events found",
            "the rooms of its 1 day are empty",
        ),
        (
            "v2.json",
            '{"schedule": {"conference": {"days": [{"date": "2024-12-27"}]}, "persons": [],\n "events": "?"}}',
            "v2.json:1:14:",
            "its 1 day holds no rooms, only date; schedule holds conference, persons (0 items), events",
        ),
    ],
)
def test_a_schedule_without_events_is_refused(tmp_path: Path, name: str, text: str, located: str, found: str) -> None:
    error = import_error(write(tmp_path, name, text), tmp_path / "p")
    assert located in str(error)
    assert found in str(error)
    assert not (tmp_path / "p").exists()


def test_a_number_too_long_to_read_is_located(tmp_path: Path) -> None:
    text = (FIXTURES / "schedule.json").read_text(encoding="utf-8").replace('"id": 101,', '"id": 1' + "0" * 5000 + ",")
    error = import_error(write(tmp_path, "big.json", text), tmp_path / "p")
    (problem,) = error.problems
    assert (problem.field, problem.message) == ("json", "a number of 5001 digits is too long for a schedule")
    line, col = problem.line, problem.col
    assert text.splitlines()[line - 1][col - 1 :].startswith("1000")


@pytest.mark.parametrize("what", ["content", "content/imported", "link"])
def test_a_file_where_the_import_writes_a_folder_is_refused(tmp_path: Path, what: str) -> None:
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    if what == "content":
        shutil.rmtree(project / "content")
        own = write(project, "content", "mine\n")
    elif what == "link":
        (tmp_path / "elsewhere").mkdir()
        own = project / "content" / "imported"
        own.symlink_to(tmp_path / "elsewhere")
    else:
        own = write(project / "content", "imported", "mine\n")
    with pytest.raises(UsageError, match=re.escape(str(own))):
        import_schedule(FIXTURES / "schedule.xml", project)
    assert own.is_symlink() if what == "link" else own.read_text(encoding="utf-8") == "mine\n"
    assert not (project / "content" / "congress.yaml").exists() or what == "content"


def test_a_lone_surrogate_is_located_at_its_string(tmp_path: Path) -> None:
    text = (FIXTURES / "schedule.json").read_text(encoding="utf-8")
    fine = text.replace('"title": "Night lecture"', '"title": "Night \\\\ud800 \\ud83d\\ude00 lecture"')
    import_schedule(write(tmp_path, "fine.json", fine), tmp_path / "p")
    assert "Night \\ud800 \U0001f600 lecture" in sessions_by_code(tmp_path / "p")["EV 105"]["title"]
    for lone in ("\\ud800", "\\udc00", "\\ud800\\u0041"):
        damaged = text.replace('"title": "Night lecture"', f'"title": "Night {lone} lecture"')
        error = import_error(write(tmp_path, "lone.json", damaged), tmp_path / "q")
        (problem,) = error.problems
        line = damaged.splitlines()[problem.line - 1]
        assert line[problem.col - 1 :].startswith(lone[:6]), line
        assert problem.message.endswith("is half of a UTF-16 surrogate pair, not a character: the export is damaged")
    assert not (tmp_path / "q").exists()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("schedule.xml", "utf-16"),
        ("schedule.json", "utf-16"),
        ("schedule.json", "utf-32"),
        ("schedule.xml", "utf-16-be"),
    ],
)
def test_utf16_and_utf32_files_are_read(tmp_path: Path, name: str, encoding: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    source = tmp_path / name
    source.write_bytes(text.encode(encoding))  # utf-16 and utf-32 write a byte order mark; utf-16-be none
    import_schedule(FIXTURES / name, tmp_path / "utf8")
    import_schedule(source, tmp_path / "wide")
    assert imported(tmp_path / "wide") == imported(tmp_path / "utf8")


def test_damaged_utf16_is_located(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes('{"schedule":\n {"a": "'.encode("utf-16") + b"\x00\xd8" + '"}}'.encode("utf-16-le"))
    error = import_error(source, tmp_path / "p")
    assert str(error).endswith("bad.json:2:9: file: is not valid UTF-16")


def test_neither_xml_nor_json_is_refused(tmp_path: Path) -> None:
    error = import_error(write(tmp_path, "notes.txt", "hello\n"), tmp_path / "p")
    assert "notes.txt:1:1:" in str(error)


TEXT_TITLES = [
    ("The __init__ method demystified", "The __init__ method demystified"),
    ("Rendering <template> tags with Jinja", "Rendering <template> tags with Jinja"),
    ("if a<b and c>d: comparisons", "if a<b and c>d: comparisons"),
    ("R&D at AT&T, **not bold**, # no heading", "R&D at AT&T, **not bold**, # no heading"),
    ("  Title with\n newline and\ttab ", "Title with newline and tab"),
]


def _xml_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("kind", ["xml", "json"])
def test_titles_and_names_are_kept_as_written(tmp_path: Path, kind: str) -> None:
    """frab and pretalx export titles, subtitles and names as text, not as markup."""
    events = [
        {"id": n, "start": f"{9 + n}:00", "duration": "00:30", "title": raw, "subtitle": "x_y_z *a*"}
        for n, (raw, _) in enumerate(TEXT_TITLES)
    ]
    speaker = "Dunder __Name__ <dn>"
    if kind == "json":
        for event in events:
            event["persons"] = [{"public_name": speaker}]
        doc = {"schedule": {"conference": {"title": "T", "days": [{"date": "2024-03-01", "rooms": {"A": events}}]}}}
        source = write(tmp_path, "s.json", json.dumps(doc))
    else:
        body = "".join(
            f'<event id="{e["id"]}"><start>{e["start"]}</start><duration>00:30</duration>'
            f"<title>{_xml_text(e['title'])}</title><subtitle>x_y_z *a*</subtitle>"
            f"<persons><person>{_xml_text(speaker)}</person></persons></event>"
            for e in events
        )
        source = write(
            tmp_path, "s.xml", f'<schedule><day date="2024-03-01"><room name="A">{body}</room></day></schedule>'
        )
    import_schedule(source, tmp_path / "p")
    sessions = sessions_by_code(tmp_path / "p")
    for n, (_, kept) in enumerate(TEXT_TITLES):
        assert sessions[f"EV {n}"]["title"] == f"{kept}: x_y_z *a*"
        assert sessions[f"EV {n}"]["lectures"][0]["speakers"] == [speaker]


def test_abstracts_become_plain_text_but_are_not_written(tmp_path: Path) -> None:
    for name in ("schedule.xml", "schedule.json"):
        events = {e.id: e for d in read_schedule(FIXTURES / name).days for e in d.events}
        assert to_plain_text(events["101"].abstract) == "Welcome to DemoCon & friends."
        assert to_plain_text(events["102"].abstract) == ("Overview This talk covers deep learning and CNNs.")
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    text = (tmp_path / "content/imported/sessions.yaml").read_text(encoding="utf-8")
    assert "DemoCon" not in text
    assert "deep learning" not in text
    assert "<" not in text


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<p>One</p><p>Two&nbsp;&amp; &#x20AC;5</p>", "One Two & €5"),
        ("a<br/>b <script>x()</script><style>p{}</style>c", "a b c"),
        ("Rock &amp; Roll, 3 < 4, R&D", "Rock & Roll, 3 < 4, R&D"),
        (
            "## Heading ##\n\nSee [the docs](https://x.org) and ![logo](l.png)",
            "Heading See the docs and logo",
        ),
        (
            "**bold**, __strong__, *em*, _em_, `code`, ~~old~~",
            "bold, strong, em, em, code, old",
        ),
        ("> quoted\n- item one\n* item two\n\n---\n", "quoted item one item two"),
        ("snake_case_name and 2 * 3 * 4 stay", "snake_case_name and 2 * 3 * 4 stay"),
        ("<https://example.org/a>", "https://example.org/a"),
        ("  spaced \n\t out  ", "spaced out"),
        ("", ""),
    ],
)
def test_to_plain_text(raw: str, plain: str) -> None:
    assert to_plain_text(raw) == plain


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Jiří Dvořák", "jiri-dvorak"),
        ("Søren Jørgensen", "soren-jorgensen"),
        ("Małgorzata Wiśniewska", "malgorzata-wisniewska"),
        ("Imaging & AI", "imaging-ai"),
        ("Γεώργιος Παπαδόπουλος", "georgios-papadopoulos"),
        ("Дмитрий Шевченко", "dmitrii-shevchenko"),
        ("会议室", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("conference", "event"),
    [
        ('"base_url": "https://[bad", ', '"date": "2024-05-10T09:00:00+02:00", "start": "09:00", "duration": "00:30"'),
        ("", '"date": "9999-12-31T23:30:00-10:00", "start": "09:00", "duration": "00:30"'),
        ("", '"date": "0001-01-01T00:15:00+14:00", "start": "09:00", "duration": "00:30"'),
        ("", '"date": "2024-05-10T09:00:00+02:00", "start": "09:00", "duration": "1:²²:00"'),
        ("", '"date": "2024-05-10T09:00:00+02:00", "start": "09:00", "duration": "' + "9" * 5000 + ':00:00"'),
    ],
)
def test_odd_values_are_problems_or_imported_never_a_traceback(tmp_path: Path, conference: str, event: str) -> None:
    source = write(
        tmp_path,
        "odd.json",
        '{"schedule": {"conference": {' + conference + '"days": [{"date": "2024-05-10", '
        '"day_start": "2024-05-10T09:00:00+02:00", "rooms": {"A": [{"id": 1, "title": "T", ' + event + "}]}}]}}}",
    )
    try:
        import_schedule(source, tmp_path / "p")
    except ContentError as exc:
        assert all(str(p).startswith(str(source)) for p in exc.problems), exc.problems


def test_a_kept_congress_with_a_date_and_time_is_compared_by_its_day(tmp_path: Path) -> None:
    project = tmp_path / "p"
    import_schedule(FIXTURES / "schedule.json", project)
    congress = project / "content" / "congress.yaml"
    text = congress.read_text()
    start = re.search(r"start: (\S+)", text)[1]
    congress.write_text(text.replace(f"start: {start}", f"start: {start} 10:00:00", 1))
    import_schedule(FIXTURES / "schedule.json", project)  # no TypeError comparing a datetime with a date


def test_an_event_outside_its_day_is_refused_by_place_not_lost(tmp_path: Path) -> None:
    """Events at the top level or in a JSON day's own list were skipped without a word: the
    import said "Imported 1 session" and the talks were gone. One in a <day> itself is read."""
    xml = write(
        tmp_path,
        "loose.xml",
        '<schedule><conference><title>L</title></conference>\n<day date="2024-03-01"><room name="Hall A">\n'
        '<event id="1"><start>09:00</start><duration>01:00</duration><title>Listed</title></event></room>\n'
        '<event id="2"><start>11:00</start><duration>01:00</duration><room>Hall A</room><title>In day</title></event>\n'
        "</day>\n"
        '<event id="3"><start>13:00</start><duration>01:00</duration><room>Hall A</room><title>Top</title></event>\n'
        "</schedule>\n",
    )
    problems = [str(p) for p in import_error(xml, tmp_path / "a").problems]
    assert problems == [
        f"{xml}:6:1: event: <event> inside <schedule> is not read (events are read from a <schedule>'s <day> "
        "or a <room> in it), so it would be lost: move it into its <day>",
    ]
    day = {"date": "2024-03-01", "rooms": {"Hall A": [{"id": 1, "start": "09:00", "duration": "01:00", "title": "A"}]}}
    day["events"] = [{"id": 2, "start": "11:00", "duration": "01:00", "title": "B", "room": "Hall A"}]
    doc = json.dumps({"schedule": {"conference": {"title": "D", "days": [day]}}}, indent=1)
    problems = [str(p) for p in import_error(write(tmp_path, "day.json", doc), tmp_path / "b").problems]
    assert len(problems) == 1 and ": day.events: events are read from day.rooms{room: [events]}" in problems[0]
    assert not (tmp_path / "a" / "content").exists() and not (tmp_path / "b" / "content").exists()


def test_a_json_key_given_twice_is_refused_not_half_read(tmp_path: Path) -> None:
    """json.loads keeps the last of two equal keys: a room listed twice lost its first talks."""
    text = (
        '{"schedule": {"conference": {"title": "Dup", "days": [{"date": "2024-03-01", "rooms": {\n'
        '  "Hall A": [{"id": 1, "start": "09:00", "duration": "01:00", "title": "First talk"}],\n'
        '  "Hall A": [{"id": 2, "start": "11:00", "duration": "01:00", "title": "Second talk"}]\n'
        "}}]}}}\n"
    )
    (problem,) = import_error(write(tmp_path, "dup.json", text), tmp_path).problems
    assert (problem.line, problem.col, problem.field) == (3, 3, "json")
    assert problem.message == "the key 'Hall A' is given twice in one object, and the first one's content would be lost"


@pytest.mark.parametrize("encoding", ["Shift_JIS", "latin-9", "UTF-7"])
def test_an_encoding_the_reader_cannot_take_is_located_not_a_traceback(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "s.xml"
    source.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n<schedule/>\n'.encode("ascii"))
    (problem,) = import_error(source, tmp_path).problems
    assert (
        str(problem) == f"{source}:1:1: xml: is in {encoding}, which the import cannot read: save the schedule as UTF-8"
    )


def test_the_schedules_file_name_cannot_break_the_written_yaml(tmp_path: Path) -> None:
    """A name with a line break wrote "rooms: []" into every file's comment header (a duplicate
    key on the next load), and a name that is not UTF-8 stopped the import with a traceback."""
    text = (FIXTURES / "schedule.xml").read_bytes()
    for n, name in enumerate([b"sched\nrooms: []\n#.xml", b"sched\xff.xml"]):
        source = tmp_path / str(n) / name.decode("utf-8", "surrogateescape")
        source.parent.mkdir()
        source.write_bytes(text)
        project = tmp_path / f"p{n}"
        import_schedule(source, project)
        for section in SECTIONS:
            written = (project / "content" / "imported" / f"{section}.yaml").read_text(encoding="utf-8")
            assert list(yaml.safe_load(written)) == [section]
            assert written.splitlines()[0].startswith(
                (
                    "# Written by `ecrprint import` from sched\\nrooms",
                    "# Written by `ecrprint import` from sched\\xff.xml",
                )
            )


def test_a_schedule_inside_the_folder_the_import_replaces_is_refused(tmp_path: Path) -> None:
    """Importing content/imported/schedule.xml succeeded, and the schedule was gone."""
    import_schedule(FIXTURES / "schedule.xml", tmp_path)
    source = tmp_path / "content" / "imported" / "schedule.xml"
    shutil.copy(FIXTURES / "schedule.xml", source)
    with pytest.raises(UsageError, match="is inside .*imported, which the import replaces as a whole"):
        import_schedule(source, tmp_path)
    assert source.read_bytes() == (FIXTURES / "schedule.xml").read_bytes()


def test_an_event_id_kilobytes_long_is_a_located_problem_with_a_short_name(tmp_path: Path) -> None:
    """A 5,000-character id became a session code that passed the check and then failed the
    build with one 5 KB message and no place; now the code's length is a problem at the event."""
    day = {"date": "2024-03-01", "rooms": {"Hall A": [{"id": "x" * 5000, "start": "09:00", "duration": "01:00"}]}}
    day["rooms"]["Hall A"][0]["title"] = "Talk"
    doc = {"schedule": {"conference": {"title": "Long", "base_url": "https://congress.example.com/", "days": [day]}}}
    source = write(tmp_path, "long.json", json.dumps(doc, indent=1))
    import_schedule(source, tmp_path)
    from ecrprint.content import load_project

    with pytest.raises(ContentError) as info:
        load_project(tmp_path)
    (problem,) = info.value.problems
    assert problem.field == "sessions[EV " + "x" * 37 + "… (5,003 characters)].code"
    assert problem.message == "is 5,003 characters long; a session code may have at most 40"
    assert len(str(problem)) < 300


def test_one_event_known_by_its_guid_alone_gets_its_eight_digits(tmp_path: Path) -> None:
    event = {"guid": "abcdef12-0000-4000-8000-000000000001", "start": "10:00", "duration": "00:30", "title": "Hi"}
    doc = {"schedule": {"conference": {"days": [{"date": "2024-05-10", "rooms": {"Saal 1": [event]}}]}}}
    import_schedule(write(tmp_path, "one.json", json.dumps(doc)), tmp_path / "p")
    assert [s["code"] for s in imported(tmp_path / "p")["sessions"]] == ["EV abcdef12"]


def test_speakers_in_other_shapes_are_read_and_nameless_ones_are_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A persons string, "full_name", <person name="…"/> and <person><name>…</name></person> lost
    their speakers in silence, and a number became the speaker "42"."""
    events = [
        {"id": 1, "persons": "Ada Lovelace"},
        {"id": 2, "persons": [{"full_name": "Grace Hopper"}, None, 42, {"id": 7}]},
    ]
    for n, event in enumerate(events):
        event.update(start=f"1{n}:00", duration="00:30", title=f"Talk {n}")
    doc = {"schedule": {"conference": {"days": [{"date": "2024-05-10", "rooms": {"Saal 1": events}}]}}}
    with caplog.at_level("WARNING"):
        import_schedule(write(tmp_path, "s.json", json.dumps(doc, indent=1)), tmp_path / "j")
    speakers = {s["code"]: s["lectures"][0]["speakers"] for s in imported(tmp_path / "j")["sessions"]}
    assert speakers == {"EV 1": ["Ada Lovelace"], "EV 2": ["Grace Hopper"]}
    warned = [r.getMessage() for r in caplog.records if "event.persons" in r.getMessage()]
    assert len(warned) == 1 and warned[0].endswith(
        "event.persons: 3 speakers without a name: left out of the session's speakers"
    )
    xml = (
        '<schedule><conference><title>X</title></conference><day date="2024-05-10"><room name="Saal 1">'
        '<event id="3"><start>10:00</start><duration>00:30</duration><title>T</title><persons>'
        '<person id="1">Ada Lovelace</person><person name="Grace Hopper"/><person><name>Alan Turing</name></person>'
        "</persons></event></room></day></schedule>"
    )
    import_schedule(write(tmp_path, "s.xml", xml), tmp_path / "x")
    (session,) = imported(tmp_path / "x")["sessions"]
    assert session["lectures"][0]["speakers"] == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]


def test_an_event_address_that_is_local_is_warned_of_and_a_broken_one_left_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """ "http://localhost:8000/…" was kept without a word, and "https://[bad" passed the check
    and was printed as a QR code leading nowhere."""
    urls = ["http://localhost:8000/talk/0", "https://[bad", "https://congress.org/talk/2", "http://10.0.0.5/t/3"]
    events = [
        {"id": n, "start": f"1{n}:00", "duration": "00:30", "title": f"Talk {n}", "url": url}
        for n, url in enumerate(urls)
    ]
    conference = {"base_url": "https://congress.org/", "days": [{"date": "2024-05-10", "rooms": {"Saal 1": events}}]}
    source = write(tmp_path, "s.json", json.dumps({"schedule": {"conference": conference}}, indent=1))
    with caplog.at_level("WARNING"):
        import_schedule(source, tmp_path)
    kept = [s.get("url") for s in imported(tmp_path)["sessions"]]
    assert kept == ["http://localhost:8000/talk/0", None, "https://congress.org/talk/2", "http://10.0.0.5/t/3"]
    warned = sorted(r.getMessage().split(": ", 1)[1] for r in caplog.records if "event.url" in r.getMessage())
    assert warned == [
        "event.url: 'https://[bad' is not a web address, so the session's QR code leads under base_url instead",
        "event.url: http://localhost:8000/talk/0 is a local or example address that no visitor's phone can open "
        "(as are those of 1 other event): their QR codes would lead there; give the public addresses, "
        "or leave them out",
    ]
    from ecrprint.schema import is_http_url

    assert not is_http_url("https://[bad") and is_http_url("https://[2001:db8::1]/x")


def test_markup_inside_a_title_subtitle_or_name_is_kept_as_its_text(tmp_path: Path) -> None:
    """Only an element's own text was read: "Short <i>and sweet</i> one" printed as "Short one"
    and "Alice <b>Smith</b>" as "Alice"."""
    source = write(
        tmp_path,
        "marked.xml",
        '<schedule><conference><title>C</title></conference><day date="2025-02-26"><room name="Hall A">\n'
        '<event id="1"><start>09:00</start><duration>00:30</duration><title>Short <i>and sweet</i> one</title>'
        "<subtitle>with <b>a <i>nested</i></b> part</subtitle>"
        '<persons><person>Alice <b>Smith</b></person><person id="2"><name>Bob <i>Jones</i></name></person>'
        "</persons></event>\n</room></day></schedule>",
    )
    import_schedule(source, tmp_path / "p")
    (session,) = imported(tmp_path / "p")["sessions"]
    assert session["title"] == "Short and sweet one: with a nested part"
    assert session["lectures"][0]["speakers"] == ["Alice Smith", "Bob Jones"]


def test_a_language_left_empty_or_null_is_not_the_text(tmp_path: Path) -> None:
    """{"en": "", "de": "Nur Deutsch"} and {"en": "English", "de": null} were read as no title."""
    events = [
        {"id": 1, "title": {"en": "", "de": "Nur Deutsch"}},
        {"id": 2, "title": {"en": "English", "de": None}},
        {"id": 3, "title": {"de": None, "fr": " ", "en": None, "it": "Solo italiano"}},
        {"id": 4, "title": {"de": "Deutsch", "en": "English first"}},
    ]
    for n, event in enumerate(events):
        event.update(start=f"1{n}:00", duration="00:30")
    doc = {"schedule": {"conference": {"title": "C", "days": [{"date": "2025-02-26", "rooms": {"Hall A": events}}]}}}
    import_schedule(write(tmp_path, "langs.json", json.dumps(doc)), tmp_path / "p")
    titles = {s["code"]: s["title"] for s in imported(tmp_path / "p")["sessions"]}
    assert titles == {"EV 1": "Nur Deutsch", "EV 2": "English", "EV 3": "Solo italiano", "EV 4": "English first"}


def test_rooms_are_one_only_when_they_differ_in_case_spacing_or_encoding(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Room names were compared transliterated: 'Αίθουσα Η' and 'Αίθουσα Ι' (both "aithousa i")
    became one room, and so did 'Hall A' and 'Hall Ä'."""
    decomposed = unicodedata.normalize("NFD", "Hall Ä")
    rooms = ["Αίθουσα Η", "Αίθουσα Ι", "Hall A", "Hall Ä", "hall  a", decomposed, "HALL ä"]
    body = "\n".join(
        f'<room name="{name}"><event id="{n}"><start>1{n}:00</start><duration>00:30</duration>'
        f"<title>T{n}</title></event></room>"
        for n, name in enumerate(rooms)
    )
    source = write(
        tmp_path,
        "rooms.xml",
        f'<schedule><conference><title>C</title></conference>\n<day date="2025-02-26">\n{body}\n</day></schedule>',
    )
    with caplog.at_level("WARNING"):
        import_schedule(source, tmp_path / "p")
    data = imported(tmp_path / "p")
    assert data["rooms"] == [
        {"id": "aithousa-i", "name": "Αίθουσα Η"},
        {"id": "aithousa-i-2", "name": "Αίθουσα Ι"},
        {"id": "hall-a", "name": "Hall A"},
        {"id": "hall-a-2", "name": "Hall Ä"},
    ]
    assert [s["room"] for s in data["sessions"]] == [
        "aithousa-i",
        "aithousa-i-2",
        "hall-a",
        "hall-a-2",
        "hall-a",
        "hall-a-2",
        "hall-a-2",
    ]
    warned = [r.getMessage() for r in caplog.records if "event.room" in r.getMessage()]
    assert warned == [
        f"{source}:2:1: event.room: 'hall a' is taken as the room 'Hall A', spelled so first",
        f"{source}:2:1: event.room: 'HALL ä' is taken as the room 'Hall Ä', spelled so first",
    ]


def test_the_import_refuses_to_delete_files_it_did_not_write(tmp_path: Path) -> None:
    """content/imported/ was replaced as a whole: a user's own file there was deleted in silence."""
    project = tmp_path / "p"
    (project / "content" / "imported" / "drafts").mkdir(parents=True)
    own = write(project / "content" / "imported", "my-notes.yaml", "notes: {}\n")
    with pytest.raises(UsageError) as info:
        import_schedule(FIXTURES / "schedule.xml", project)
    assert str(info.value) == (
        f"'{project / 'content' / 'imported'}' holds 2 files the import did not write ('drafts', 'my-notes.yaml'), "
        "and the import replaces that folder as a whole: move them elsewhere under content/, then import again"
    )
    assert own.read_text(encoding="utf-8") == "notes: {}\n"
    assert sorted(p.name for p in (project / "content").rglob("*")) == ["drafts", "imported", "my-notes.yaml"]
    own.unlink()
    (project / "content" / "imported" / "drafts").rmdir()
    import_schedule(FIXTURES / "schedule.xml", project)
    before = imported(project)
    # A link to a file the import wrote is not one: replacing the folder would delete the link.
    (project / "content" / "imported" / "link.yaml").symlink_to(project / "content" / "imported" / "rooms.yaml")
    with pytest.raises(UsageError, match=r"holds 1 file the import did not write \('link.yaml'\)"):
        import_schedule(FIXTURES / "schedule-updated.xml", project)
    assert imported(project) == before
    # Hidden files (a Finder's .DS_Store) are no content: they neither stop an import nor go.
    (project / "content" / "imported" / "link.yaml").unlink()
    (project / "content" / "imported" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    import_schedule(FIXTURES / "schedule-updated.xml", project)
    assert (project / "content" / "imported" / ".DS_Store").read_bytes() == b"\0\0\0\1Bud1"
    assert imported(project) != before


def test_three_part_durations_are_hours_minutes_and_seconds(tmp_path: Path) -> None:
    """ "1:30:00" was 90 minutes but "1:15:00" a day and 15 hours and "2:00:00" two days."""
    durations = ["1:15:00", "2:00:00", "1:30:00", "00:45:00", "0:20", "1:05"]
    events = [{"id": n, "start": f"{9 + 2 * n:02d}:00", "duration": d, "title": "T"} for n, d in enumerate(durations)]
    doc = {"schedule": {"conference": {"title": "C", "days": [{"date": "2025-02-26", "rooms": {"A": events}}]}}}
    import_schedule(write(tmp_path, "d.json", json.dumps(doc)), tmp_path / "p")
    sessions = imported(tmp_path / "p")["sessions"]
    assert [(s["start"], s["end"]) for s in sessions] == [
        ("09:00", "10:15"),
        ("11:00", "13:00"),
        ("13:00", "14:30"),
        ("15:00", "15:45"),
        ("17:00", "17:20"),
        ("19:00", "20:05"),
    ]
    # Seconds are not dropped in silence: pretalx's "1:01:30" is 25 h 30 min, not 61 minutes.
    events[0]["duration"] = "1:01:30"
    source = write(tmp_path, "s.json", json.dumps(doc, indent=1))
    (problem,) = import_error(source, tmp_path / "q").problems
    assert str(problem) == (
        f"{source}:10:8: event.duration: event 0: duration '1:01:30' is not H:MM or H:MM:SS in whole minutes, > 0"
    )


def test_speaker_names_composed_or_not_are_one_speaker(tmp_path: Path) -> None:
    """ "Zoë" with a combining diaeresis and "Zoë" with one letter printed alike but were two
    speakers (and two entries in the booklet's index)."""
    composed, decomposed = "Zoë Müller", unicodedata.normalize("NFD", "Zoë Müller")
    assert composed != decomposed
    events = [
        {"id": 1, "persons": [{"public_name": decomposed}, {"public_name": composed}]},
        {"id": 2, "persons": [{"public_name": composed}], "title": unicodedata.normalize("NFD", "Café")},
    ]
    for n, event in enumerate(events):
        event.update(start=f"1{n}:00", duration="00:30")
        event.setdefault("title", "T")
    doc = {"schedule": {"conference": {"title": "C", "days": [{"date": "2025-02-26", "rooms": {"A": events}}]}}}
    import_schedule(write(tmp_path, "n.json", json.dumps(doc)), tmp_path / "p")
    sessions = imported(tmp_path / "p")["sessions"]
    assert [s["lectures"][0]["speakers"] for s in sessions] == [[composed], [composed]]
    assert sessions[1]["title"] == "Café" == unicodedata.normalize("NFC", "Café")


@pytest.mark.parametrize(
    ("where", "written"),
    [
        ("meta.yml", False),  # read by the build, so the congress is defined
        ("sub/meta.yml", False),
        (".old/congress.yaml", True),  # a hidden folder is not read by the build
        ("._meta.yaml", True),
    ],
)
def test_a_congress_counts_where_the_build_reads_it(tmp_path: Path, where: str, written: bool) -> None:
    """A congress in a .yml file was not seen (and a second one written), one in a dot-folder was
    (and the project had none)."""
    write_in = tmp_path / "content" / where
    write_in.parent.mkdir(parents=True)
    write_in.write_text("congress:\n  id: mine\n", encoding="utf-8")
    result = import_schedule(FIXTURES / "schedule.xml", tmp_path)
    assert (tmp_path / "content" / "congress.yaml").exists() == written
    assert (result.written[0].name == "congress.yaml") == written


def test_a_non_ascii_json_key_given_twice_is_located_at_its_second_use(tmp_path: Path) -> None:
    """The second "Hall Ä" was searched for as "Hall \\u00c4", not found, and the problem placed at
    the object's brace."""
    for first, second in [("Hall Ä", "Hall Ä"), ("Hall \\u00c4", "Hall Ä"), ("Hall Ä", "Hall \\u00c4")]:
        text = (
            '{"schedule": {"conference": {"title": "Dup", "days": [{"date": "2024-03-01", "rooms": {\n'
            f'  "{first}": [{{"id": 1, "start": "09:00", "duration": "01:00", "title": "Ä talk", "x": {{"Hall Ä": 1}}}}],\n'
            f'    "{second}": [{{"id": 2, "start": "11:00", "duration": "01:00", "title": "Second talk"}}]\n'
            "}}]}}}\n"
        )
        (problem,) = import_error(write(tmp_path, "dup.json", text), tmp_path).problems
        assert (problem.line, problem.col, problem.field) == (3, 5, "json"), (first, second)
        assert problem.message == (
            "the key 'Hall Ä' is given twice in one object, and the first one's content would be lost"
        )


def test_an_end_across_the_change_to_summer_time_is_on_the_clocks_of_the_day(tmp_path: Path) -> None:
    """A two-hour talk from 01:30 CET on 30 March 2025 ends at 04:30 CEST, not 03:30."""
    source = write(
        tmp_path,
        "dst.xml",
        "<schedule><conference><title>V</title><time_zone_name>Europe/Vienna</time_zone_name></conference>\n"
        '<day date="2025-03-29" start="2025-03-29T10:00:00+01:00"><room name="A">\n'
        '<event id="1"><date>2025-03-30T01:30:00+01:00</date><start>01:30</start><duration>02:00</duration>'
        "<title>Across</title></event>\n"
        '<event id="2"><date>2025-03-29T22:00:00+01:00</date><start>22:00</start><duration>01:00</duration>'
        "<title>Before</title></event>\n"
        '<event id="3"><date>2025-03-30T03:00:00+02:00</date><start>03:00</start><duration>00:30</duration>'
        "<title>After</title></event>\n"
        '<event id="4"><start>00:30</start><duration>01:00</duration><title>Undated</title></event>\n'
        "</room></day></schedule>",
    )
    import_schedule(source, tmp_path / "p")
    sessions = sessions_by_code(tmp_path / "p")
    assert [(sessions[f"EV {n}"]["start"], sessions[f"EV {n}"]["end"]) for n in (1, 2, 3, 4)] == [
        ("25:30", "28:30"),
        ("22:00", "23:00"),
        ("27:00", "27:30"),
        ("24:30", "25:30"),  # no date, no instant: its duration on the clock
    ]
    (day,) = imported(tmp_path / "p")["days"]
    assert (day["opens"], day["closes"]) == ("22:00", "28:30")


@pytest.mark.parametrize("database", ["none on this machine", "this machine's"])
def test_a_time_zone_the_machine_does_not_know_is_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, database: str
) -> None:
    """Without a time zone database (Windows, a minimal container, unless the tzdata package is
    installed) Europe/Vienna was passed over in silence, and the talk across the change to summer
    time ended at 03:30 on that machine, 04:30 on others. A name no database has is warned of too."""
    import zoneinfo

    if database == "none on this machine":
        if importlib.util.find_spec("tzdata") is not None:
            pytest.skip("the tzdata package gives every machine the time zones")
        zoneinfo.reset_tzpath(to=[])
        name = "Europe/Vienna"
    else:
        name = "Europe/Atlantis"
    zoneinfo.ZoneInfo.clear_cache()
    source = write(
        tmp_path,
        "dst.xml",
        f"<schedule><conference><title>V</title><time_zone_name>{name}</time_zone_name></conference>\n"
        '<day date="2025-03-29"><room name="A">\n'
        '<event id="1"><date>2025-03-30T01:30:00+01:00</date><start>01:30</start><duration>02:00</duration>'
        "<title>Across</title></event>\n"
        "</room></day></schedule>",
    )
    try:
        with caplog.at_level("WARNING"):
            import_schedule(source, tmp_path / "p")
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
    warned = [r.getMessage() for r in caplog.records if "time_zone_name" in r.getMessage()]
    assert warned == [
        f"{source}:1:11: conference.time_zone_name: the time zone '{name}' is not in this machine's time zone "
        "database, so times are read by their UTC offsets alone and a session across a change of summer time "
        "would end an hour off: install the tzdata package (pip install tzdata), or correct the name, and import again"
    ]


def test_a_name_without_a_letter_is_no_speaker(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """FOSDEM 2025 lists a panel's fourth person as "-" (and another talk's as "--"): printed as a
    speaker, and filed in the booklet's index under "-"."""
    xml = (
        '<schedule><conference><title>X</title></conference><day date="2024-05-10"><room name="Saal 1">'
        '<event id="3"><start>10:00</start><duration>00:30</duration><title>Panel</title><persons>'
        '<person id="1">Ada Lovelace</person><person id="2">-</person><person id="3"> -- </person>'
        '<person id="4">李</person><person id="5">R2</person>'
        "</persons></event></room></day></schedule>"
    )
    with caplog.at_level("WARNING"):
        import_schedule(write(tmp_path, "s.xml", xml), tmp_path / "x")
    (session,) = imported(tmp_path / "x")["sessions"]
    assert session["lectures"][0]["speakers"] == ["Ada Lovelace", "李", "R2"]
    warned = [r.getMessage() for r in caplog.records if "event.persons" in r.getMessage()]
    assert len(warned) == 1 and warned[0].endswith("2 speakers without a name: left out of the session's speakers")


def test_a_room_the_schedule_lists_but_never_uses_is_not_imported(tmp_path: Path) -> None:
    """FOSDEM 2025 lists all its 40 rooms on both days, 11 of them empty on both: the booklet's
    list of rooms printed each of those with 0 sessions. A room used on one day only stays."""
    xml = (
        '<schedule><conference><title>X</title></conference><day date="2024-05-10"><room name="Empty Hall"/>'
        '<room name="Saal 1"><event id="1"><start>10:00</start><duration>00:30</duration><title>A</title></event>'
        '</room><room name="Saal 2"/></day><day date="2024-05-11"><room name="Empty Hall"/><room name="Saal 2">'
        '<event id="2"><start>10:00</start><duration>00:30</duration><title>B</title></event></room></day></schedule>'
    )
    result = import_schedule(write(tmp_path, "s.xml", xml), tmp_path / "x")
    assert [r["name"] for r in imported(tmp_path / "x")["rooms"]] == ["Saal 1", "Saal 2"]
    assert result.rooms == 2
    event = {"id": 1, "start": "10:00", "duration": "00:30", "title": "A"}
    conference = {
        "rooms": [{"name": "Unused"}, {"name": "Saal 1"}],
        "days": [{"date": "2024-05-10", "rooms": {"Saal 1": [event]}}],
    }
    import_schedule(write(tmp_path, "s.json", json.dumps({"schedule": {"conference": conference}})), tmp_path / "j")
    assert [r["id"] for r in imported(tmp_path / "j")["rooms"]] == ["saal-1"]


def test_events_listed_in_their_day_itself_are_read_by_their_own_room(tmp_path: Path) -> None:
    """FOSDEM's exports up to 2010 have no <room> elements: each <day> lists its events, and
    each event names its room. The import refused them all ("no events found")."""
    xml = write(
        tmp_path,
        "old.xml",
        '<schedule><conference><title>Old</title></conference>\n<day index="1" date="2010-02-06">\n'
        '<event id="20"><start>16:40</start><duration>00:15</duration><room>Ferrer</room><title>A</title></event>\n'
        '<event id="21"><start>15:40</start><duration>00:15</duration><room>Ferrer</room><title>B</title></event>\n'
        '<event id="30"><start>14:00</start><duration>02:00</duration><room>UA2.114</room><title>C</title></event>\n'
        '<event id="31"><start>14:00</start><duration>02:00</duration><title>No room</title></event>\n'
        "</day></schedule>\n",
    )
    problems = [str(p) for p in import_error(xml, tmp_path / "a").problems]
    assert problems == [f"{xml}:6:1: event.room: event 31 has no room"]
    xml.write_text(xml.read_text().replace("<title>No room</title>", "<room>Janson</room><title>D</title>"))
    result = import_schedule(xml, tmp_path / "b")
    assert (result.sessions, result.rooms) == (4, 3)
    rooms = {r["id"]: r["name"] for r in imported(tmp_path / "b")["rooms"]}
    placed = [(s["code"], rooms[s["room"]], s["start"]) for s in imported(tmp_path / "b")["sessions"]]
    assert placed == [
        ("EV 30", "UA2.114", "14:00"),
        ("EV 31", "Janson", "14:00"),
        ("EV 21", "Ferrer", "15:40"),
        ("EV 20", "Ferrer", "16:40"),
    ]


def test_persons_in_the_event_itself_are_its_speakers(tmp_path: Path) -> None:
    """A Jekyll-made schedule.xml (LSWT 2019's) has no <persons>: each event holds its <person>,
    empty where it has no speaker. Every speaker was lost without a word."""
    xml = write(
        tmp_path,
        "j.xml",
        '<schedule><conference><title>J</title></conference><day date="2019-05-22"><room name="Main">'
        '<event id="1"><title>Keynote</title><start>09:00</start><duration>00:30</duration>'
        "<person>Prof. Dr. Sören Auer</person><room>Main</room></event>"
        '<event id="2"><title>Lunch</title><start>12:00</start><duration>01:00</duration><person> </person></event>'
        "</room></day></schedule>",
    )
    import_schedule(xml, tmp_path / "p")
    keynote, lunch = imported(tmp_path / "p")["sessions"]
    assert keynote["lectures"] == [{"title": "Keynote", "speakers": ["Prof. Dr. Sören Auer"]}]
    assert "lectures" not in lunch


def test_a_ligature_typed_as_one_character_is_imported_as_its_letters(tmp_path: Path) -> None:
    """FOSDEM's exports have titles pasted out of PDFs, with "ﬁ" (U+FB01) for "fi": no bundled
    font has the character, so the import's check refused it, and "leave it out" lost letters."""
    xml = (
        '<schedule><conference><title>X</title></conference><day date="2024-05-10"><room name="Saal 1">'
        '<event id="3"><start>10:00</start><duration>00:30</duration><title>Eﬃcient ﬁle systems</title>'
        '<abstract>&lt;p&gt;Shuﬄing ﬂoats&lt;/p&gt;</abstract><persons><person id="1">Ada Loveﬂow</person></persons>'
        "</event></room></day></schedule>"
    )
    import_schedule(write(tmp_path, "s.xml", xml), tmp_path / "x")
    (session,) = imported(tmp_path / "x")["sessions"]
    assert session["title"] == "Efficient file systems"
    assert session["lectures"][0]["speakers"] == ["Ada Loveflow"]


def test_a_keynote_track_is_listed_at_a_glance(tmp_path: Path) -> None:
    """A schedule's keynotes are its plenaries: their format is marked to be listed under its
    day at a glance; other tracks are not."""
    xml = (
        '<schedule><conference><title>X</title></conference><day date="2024-05-10"><room name="Saal 1">'
        '<event id="1"><start>09:00</start><duration>00:45</duration><title>Opening</title><track>Keynotes</track>'
        '</event><event id="2"><start>10:00</start><duration>00:30</duration><title>B</title><track>Security</track>'
        "</event></room></day></schedule>"
    )
    import_schedule(write(tmp_path, "s.xml", xml), tmp_path / "x")
    formats = {f["name"]: f.get("highlight", False) for f in imported(tmp_path / "x")["formats"]}
    assert formats == {"Keynotes": True, "Security": False}
