"""A schedule exported by pretalx or frab imports and builds: every event on its door sign and in the booklet."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from ecrprint.cli import main

from .helpers import page_texts

# The demo schedules these tests import give example.org addresses, and the importer warns of
# them in every import: the tests about warnings assert on them themselves.
pytestmark = pytest.mark.logs

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_imported_schedule_builds_signs_and_booklet(tmp_path: Path, capsys):
    project = tmp_path / "demo"
    assert main(["import", str(FIXTURES / "schedule-updated.xml"), "--project", str(project)]) == 0
    assert main(["build", str(project), "--jobs", "2"]) == 0
    capsys.readouterr()
    sessions = yaml.safe_load((project / "content" / "imported" / "sessions.yaml").read_text())["sessions"]
    rooms = {
        r["id"]: r["name"]
        for r in yaml.safe_load((project / "content" / "imported" / "rooms.yaml").read_text())["rooms"]
    }
    manifest = json.loads((project / "output" / "manifest.json").read_text())
    booklet = flat(" ".join(page_texts(project / "output" / "booklet.pdf")))
    doors = [e for e in manifest["products"] if e["kind"] == "door-sign"]
    assert sessions
    for s in sessions:
        assert s["code"] in booklet and s["title"][:25] in booklet
        own = [e for e in doors if e["room"] == rooms[s["room"]] and e["date"] == str(s["day"])]
        assert own, (s["code"], s["room"], s["day"])
        text = " ".join(flat(page_texts(project / "output" / e["path"])[0]) for e in own)
        assert s["code"] in text, s["code"]
    # No empty chapter for the hands-on workshops a schedule export does not have; a talk's
    # one lecture, of the talk's own title, is shown as its speakers; the cover shows the
    # congress's title, not pretalx's lower-case acronym.
    assert "Hands-on workshops" not in booklet
    talk = next(s for s in sessions if len(s["lectures"]) == 1 and s["lectures"][0]["title"] == s["title"])
    who = ", ".join(talk["lectures"][0]["speakers"])
    assert f"{talk['title']} Speaker{'s' if ',' in who else ''} {who}" in booklet
    assert f"1. {talk['title']}" not in booklet
    # Titles are plain text in an export: kept as written and printed as text, not markup.
    assert "Closing __init__ <remarks> if a<b" in booklet
    # Nor does the imprint count workshops it has none of.
    imprint = flat(page_texts(project / "output" / "booklet.pdf")[1])
    assert re.search(r"Contents \d+ session formats · \d+ sessions in \d+ rooms over \d+ days QR", imprint), imprint
    assert "each format and session." in imprint and "workshop" not in imprint
    # The list of rooms has no columns for the levels and seats that the export does not give.
    (rooms_page,) = [flat(t) for t in page_texts(project / "output" / "booklet.pdf") if t.startswith("Rooms")]
    assert rooms_page.startswith("Rooms ROOM SESSIONS "), rooms_page
    cover = flat(page_texts(project / "output" / "booklet.pdf")[0])
    assert "democon24" not in cover and "Demo Congress 2024" in cover


def test_import_reports_malformed_files_with_their_line(tmp_path: Path, capsys):
    code = main(["import", str(FIXTURES / "malformed.xml"), "--project", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 1
    assert "malformed.xml:" in err and "Traceback" not in err


def test_a_schedule_that_cannot_be_read_is_not_said_to_have_paths_in_the_project(tmp_path: Path, capsys, monkeypatch):
    """The problem is placed in the schedule, by the path given; the project may not even
    exist, so "Paths are in PROJECT" would send the reader to the wrong place."""
    code = main(["import", str(FIXTURES / "malformed.xml"), "--project", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 1 and f"{FIXTURES / 'malformed.xml'}:14:9:" in err
    assert err.strip().splitlines()[-1] == "ecrprint: 1 problem found; nothing was written."
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "malformed.json", "schedule.json")
    assert main(["import", "schedule.json", "--project", "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("schedule.json:14:15: json: ")
    assert err.strip().splitlines()[-1] == "ecrprint: 1 problem found; nothing was written."


def test_an_import_that_does_not_build_yet_says_so(tmp_path: Path, capsys):
    """The demo schedule has two talks overlapping in one room: the import is written, and
    the command says what stops a build instead of "Imported" and a later surprise."""
    project = tmp_path / "demo"
    code = main(["import", str(FIXTURES / "schedule.xml"), "--project", str(project)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Imported 8 sessions" in out and "placeholders" in out
    # EV 203 gives an ftp: address, which is not kept.
    assert (
        "The QR codes of rooms, days, tracks and 1 of the 8 sessions (the one the schedule gives no address) "
        "lead to addresses made up from the base URL" in out
    )
    # Placed at the event in the schedule, where it is mended; the generated place follows.
    source = FIXTURES / "schedule.xml"
    assert f"{source}:86:7: sessions[EV 104].start: overlaps EV 103" in err
    # The talk it overlaps is named by its line in the schedule too, not in the generated file.
    assert "in Hall B on 2024-03-01 (at line 72) (written to content/imported/sessions.yaml:47:10)" in err
    assert "the import is written, but the project does not build yet (1 problem)" in err
    assert (project / "content" / "imported" / "sessions.yaml").is_file()


def test_an_address_given_to_import_is_refused_with_what_to_do(tmp_path: Path, capsys):
    code = main(["import", "https://pretalx.com/democon/schedule.xml", "--project", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "download the schedule first (curl -o schedule.xml https://pretalx.com/democon" in err


def test_an_import_without_events_fails(tmp_path: Path, capsys):
    source = tmp_path / "entries.xml"
    source.write_text('<schedule><day date="2014-07-21"><entry id="1"/></day></schedule>', encoding="utf-8")
    code = main(["import", str(source), "--project", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 1
    assert "entries.xml:1:1: schedule: no events found" in err and "Traceback" not in err


def test_venue_and_city_of_the_export_are_used_and_counts_read_well(tmp_path: Path, capsys):
    source = tmp_path / "fosdem.xml"
    source.write_text(
        "<schedule><conference><title>FOSDEM 2023</title><start>2023-02-04</start><end>2023-02-04</end>"
        "<venue>ULB (Universit\u00e9 Libre de Bruxelles)</venue><city>Brussels</city></conference>"
        '<day date="2023-02-04"><room name="Janson"><event id="1"><start>10:00</start>'
        "<duration>00:30</duration><title>Welcome</title></event></room></day></schedule>",
        encoding="utf-8",
    )
    assert main(["import", str(source), "--project", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    congress = yaml.safe_load((tmp_path / "p" / "content" / "congress.yaml").read_text(encoding="utf-8"))["congress"]
    assert (congress["venue"], congress["city"]) == ("ULB (Universit\u00e9 Libre de Bruxelles)", "Brussels")
    assert "Imported 1 session, 1 room, 1 day and 1 format into" in out
    assert "The organiser in " in out and "is a placeholder: the schedule does not give it." in out
    assert "The venue" not in out
    # One of each, counted as one in the booklet's imprint.
    assert main(["build", str(tmp_path / "p"), "--only", "booklet"]) == 0
    imprint = flat(page_texts(tmp_path / "p" / "output" / "booklet.pdf")[1])
    assert "Contents 1 session format · 1 session in 1 room over 1 day QR" in imprint, imprint


def test_a_congress_kept_from_an_earlier_import_that_misses_the_new_dates_says_so(tmp_path: Path, capsys):
    project = tmp_path / "p"
    main(["import", str(FIXTURES / "schedule-updated.xml"), "--project", str(project)])
    later = (FIXTURES / "schedule-updated.xml").read_text(encoding="utf-8").replace("2024-03-0", "2025-03-0")
    source = tmp_path / "next-year.xml"
    source.write_text(later, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(source), "--project", str(project)]) == 1
    err = capsys.readouterr().err
    congress = project / "content" / "congress.yaml"
    assert (
        f"{congress} comes from an earlier import (or your own hand) and runs from 2024-03-01 to 2024-03-02, "
        "but this schedule runs from 2025-03-01 to 2025-03-02: set its start and end to the new dates" in err
    )
    assert "mend them in the schedule" not in err


def test_an_import_over_files_of_the_users_own_is_refused_and_writes_nothing(tmp_path: Path, capsys):
    """The first import deleted whatever the user had put in content/imported/."""
    project = tmp_path / "p"
    imported = project / "content" / "imported"
    imported.mkdir(parents=True)
    (imported / "sponsors.yaml").write_text("notes: {}\n", encoding="utf-8")
    code = main(["import", str(FIXTURES / "schedule.xml"), "--project", str(project)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert f"'{imported}' holds 1 file the import did not write ('sponsors.yaml')" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in project.rglob("*")) == ["content", "imported", "sponsors.yaml"]
    assert (imported / "sponsors.yaml").read_text(encoding="utf-8") == "notes: {}\n"


def test_the_summary_counts_the_sessions_whose_qr_codes_lead_to_made_up_addresses(tmp_path: Path, capsys):
    """Events without a <url> have their QR codes made up from the base URL, as rooms' do, but
    the summary named rooms, days and tracks only."""
    events = "".join(
        f'<event id="{n}"><start>1{n}:00</start><duration>00:30</duration><title>T{n}</title>{url}</event>'
        for n, url in enumerate(["", "", "<url>https://congress.org/talk/2</url>"])
    )
    source = tmp_path / "s.xml"
    source.write_text(
        "<schedule><conference><title>C</title><base_url>https://congress.org/</base_url></conference>"
        f'<day date="2025-02-26"><room name="Hall A">{events}</room></day></schedule>',
        encoding="utf-8",
    )
    assert main(["import", str(source), "--project", str(tmp_path / "p")]) == 0
    out = flat(capsys.readouterr().out)
    assert (
        "The QR codes of rooms, days, tracks and 2 of the 3 sessions (those the schedule gives no address) lead "
        "to addresses made up from the base URL" in out
    )
    congress = yaml.safe_load((tmp_path / "p" / "content" / "congress.yaml").read_text(encoding="utf-8"))["congress"]
    assert congress["urls"]["session"] == "{base_url}/sessions/{slug}"
    source.write_text(source.read_text(encoding="utf-8").replace("<url>https://congress.org/talk/2</url>", ""))
    assert main(["import", str(source), "--project", str(tmp_path / "q")]) == 0
    out = flat(capsys.readouterr().out)
    assert "The QR codes of rooms, days, tracks and all 3 sessions (the schedule gives them no address) lead" in out


def test_an_item_of_ones_own_replaces_the_imported_one_of_its_id(tmp_path: Path, capsys):
    """content/imported/ is written anew by each import, so what the organisers change is set
    in a file of their own: a day there opens the imported day's hours to a session of theirs,
    a session of an imported code replaces it. Without the day, the session is outside it."""
    from ecrprint.content import load_project

    project = tmp_path / "demo"
    assert main(["import", str(FIXTURES / "schedule-updated.xml"), "--project", str(project)]) == 0
    imported = yaml.safe_load((project / "content" / "imported" / "sessions.yaml").read_text())["sessions"]
    day = max(s["day"] for s in imported)  # its day closes after its last session (14:30)
    room = next(s["room"] for s in imported if s["day"] == day)
    changed = next(s for s in imported if s["day"] == day)
    own = project / "content" / "mine.yaml"
    own.write_text(
        "sessions:\n"
        f"  - {{code: MY 1, format: {changed['format']}, title: Our own evening session, room: {room}, day: {day}, "
        'start: "17:00", end: "18:00"}\n'
        f"  - {{code: {changed['code']}, format: {changed['format']}, title: A title set by the organisers, "
        f'room: {changed["room"]}, day: {day}, start: "{changed["start"]}", end: "{changed["end"]}"}}\n'
    )
    capsys.readouterr()
    assert main(["check", str(project)]) == 1
    assert re.search(
        r"content/mine.yaml:2:\d+: sessions\[MY 1\]\.end: 17:00–18:00 is outside its day", capsys.readouterr().err
    )
    own.write_text(own.read_text() + f'days:\n  - {{date: {day}, opens: "08:00", closes: "19:00"}}\n')
    assert main(["check", str(project)]) == 0, capsys.readouterr().err
    model = load_project(project)
    sessions = {s.code: s for s in model.sessions}
    assert sessions["MY 1"].start == 17 * 60
    assert sessions[changed["code"]].title == "A title set by the organisers"
    assert len(model.sessions) == len(imported) + 1
    assert next(d for d in model.days if str(d.date) == str(day)).closes == 19 * 60


def test_a_session_outside_its_day_names_where_the_days_hours_are_set(tmp_path: Path, capsys):
    """A project started with `ecrprint new` has a days.yaml of its own, whose days replace the
    imported ones of their dates: the night lecture the schedule gives is then outside hours
    that the schedule never said, and the message names the file that does."""
    project = tmp_path / "demo"
    assert main(["new", str(project), "--name", "Demo Congress", "--start", "2024-03-01", "--end", "2024-03-02"]) == 0
    days = project / "content" / "days.yaml"
    line = next(n for n, text in enumerate(days.read_text().splitlines(), 1) if "2024-03-01" in text)
    capsys.readouterr()
    assert main(["import", str(FIXTURES / "schedule-updated.xml"), "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert (
        f"sessions[EV 105].end: 01:30–02:15 the next day is outside its day 2024-03-01 (08:00–18:00, set at content/days.yaml:{line})"
        in err
    )


def test_an_import_into_another_projects_content_folder_is_refused(tmp_path: Path, capsys):
    """As `ecrprint new` refuses it: the imported project's YAML would be read as part of the
    other congress's content, and its every check, build and sign would fail."""
    from .conftest import MINI, copy_project

    host = copy_project(MINI, tmp_path / "host")
    before = sorted(p.relative_to(host) for p in host.rglob("*"))
    inside = host / "content" / "schedule-2025"
    code = main(["import", str(FIXTURES / "schedule.xml"), "--project", str(inside)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"'{inside}' is inside the content/ folder of the project in {host.resolve()}" in err, err
    assert sorted(p.relative_to(host) for p in host.rglob("*")) == before
    assert main(["check", str(host)]) == 0, capsys.readouterr().err


def test_a_nickname_or_pronouns_after_a_name_are_not_filed_as_the_surname(tmp_path: Path, capsys):
    """38C3 and FOSDEM give names such as "Eduardo Maschio (Dooms)" and "kaMi (sie/ihr she/her)":
    the speaker index filed them as "(Dooms), Eduardo Maschio" under "(" and as "she/her),
    kaMi (sie/ihr". Names that start with a sign or digit had a heading each ("@", "`", "0")."""
    persons = [
        "Eduardo Maschio (Dooms)",
        "kaMi (sie/ihr she/her)",
        "Ann De Luca (she/her)",
        "Davide `thezero`",
        "Johannes Klick 'Garak'",
        "@pkoerner",
        "0x17",
    ]
    xml = (
        "<schedule><conference><title>Night Congress</title><base_url>https://congress.org/</base_url></conference>"
        '<day date="2024-05-10"><room name="Saal 1"><event id="3"><start>10:00</start><duration>00:30</duration>'
        f"<title>Panel</title><persons>{''.join(f'<person>{p}</person>' for p in persons)}</persons>"
        "</event></room></day></schedule>"
    )
    (tmp_path / "s.xml").write_text(xml, encoding="utf-8")
    project = tmp_path / "p"
    assert main(["import", str(tmp_path / "s.xml"), "--project", str(project)]) == 0
    assert main(["build", str(project), "--only", "booklet"]) == 0, capsys.readouterr().err
    pages = [flat(t) for t in page_texts(project / "output" / "booklet.pdf")]
    (index,) = [t for t in pages if t.startswith("Speaker index")]
    assert "# 0x17 EV 3 · 7 @pkoerner EV 3 · 7 D Davide `thezero` EV 3" in index, index
    for entry in (
        "Maschio, Eduardo (Dooms) EV 3",
        "kaMi (sie/ihr she/her) EV 3",
        "De Luca, Ann (she/her) EV 3",
        "K kaMi (sie/ihr she/her) EV 3 · 7 Klick, Johannes 'Garak' EV 3",
    ):
        assert entry in index, index
    assert " ( " not in index and " @ " not in index


def test_a_title_too_long_with_its_subtitle_says_so(tmp_path: Path, capsys):
    """FOSDEM 2019 has an event of a 78-character title and a 236-character subtitle: "is 316
    characters long" was said of a <title> that is not, at the event's line."""
    title, subtitle = "Asterisk WebRTC frontier " * 3, "Analyzing a real project on production " * 6
    xml = (
        "<schedule><conference><title>C</title><base_url>https://congress.org/</base_url></conference>"
        '<day date="2024-05-10"><room name="Saal 1"><event id="3"><start>10:00</start><duration>00:30</duration>'
        f"<title>{title}</title><subtitle>{subtitle}</subtitle></event></room></day></schedule>"
    )
    (tmp_path / "s.xml").write_text(xml, encoding="utf-8")
    assert main(["import", str(tmp_path / "s.xml"), "--project", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert (
        "s.xml:1:137: sessions[EV 3].title: is 309 characters long; a title may have at most 300 "
        "(the event's title and subtitle, joined by ': ') (written to content/imported/sessions.yaml:" in err
    ), err
