"""`ecrprint new`: a project to start a congress from, which checks and builds as it is."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ecrprint.cli import main
from ecrprint.content import load_project

from .helpers import page_texts


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.logs
def test_a_new_project_checks_builds_and_says_what_to_fill_in(tmp_path: Path, capsys, caplog):
    project = tmp_path / "tc-2026"
    name = 'Test Congress: "Imaging" 2026'  # a colon and quotes stay a name, not YAML
    code = main(["new", str(project), "--name", name, "--start", "2026-03-04", "--end", "2026-03-06"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert sorted(p.name for p in (project / "content").iterdir()) == [
        "congress.yaml",
        "days.yaml",
        "formats.yaml",
        "print.yaml",
        "rooms.yaml",
        "sessions.yaml",
    ]
    assert (project / ".gitignore").read_text() == "output/\n.ecrprint-cache/\n"
    assert f"Started {name} in {project / 'content'}" in out and "Fill in the venue" in out
    # The one warning is the example address its QR codes would lead to, until it is set.
    advisories: list = []
    model = load_project(project, advisories=advisories)
    assert model.congress.name == name and [d.date.isoformat() for d in model.days] == [
        "2026-03-04",
        "2026-03-05",
        "2026-03-06",
    ]
    assert [p.field for p in advisories] == ["congress.base_url"], advisories
    assert [line for line in err.splitlines() if line.startswith("WARNING")] == [f"WARNING: {advisories[0]}"]
    # It builds: a booklet with the congress's name on its cover, and a door sign per day for
    # the room with the example sessions (Room B has none yet, so no door signs).
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        assert main(["build", str(project), "--only", "booklet,door-sign"]) == 0, capsys.readouterr().err
    assert name in flat(page_texts(project / "output" / "booklet.pdf")[0])
    manifest = json.loads((project / "output" / "manifest.json").read_text())
    doors = {(e["room"], e["date"]) for e in manifest["products"] if e["kind"] == "door-sign"}
    assert doors == {("Room A", day) for day in ("2026-03-04", "2026-03-05", "2026-03-06")}
    # Once the address is set, a strict build has nothing to say.
    congress = project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("https://example.org/", "https://congress.tci-imaging.eu/"))
    assert main(["build", str(project), "--only", "notice", "--strict"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--start", "2026-03-04", "--end", "2026-03-01"],
            "the congress ends (2026-03-01) before it starts (2026-03-04)",
        ),
        (
            ["--start", "2026-03-04", "--end", "2027-03-04"],
            "366 days, from 2026-03-04 to 2027-03-04: is a date mistyped?",
        ),
        (["--start", "4.3.2026"], "'4.3.2026' is not a date written as YYYY-MM-DD"),
        # Python reads these too; the content could not say them back in its own YYYY-MM-DD.
        (["--start", "20260304"], "'20260304' is not a date written as YYYY-MM-DD"),
        (["--start", "2026-W10-3"], "'2026-W10-3' is not a date written as YYYY-MM-DD"),
        # Written as asked, so the reason is the calendar's.
        (["--start", "2026-02-29"], "'2026-02-29' is written as YYYY-MM-DD, but there is no such day"),
        (["--start", "2026-03-04", "--name", "TC\nx: y"], "--name: a name is one line, without control characters"),
    ],
)
def test_new_refuses_what_makes_no_congress(tmp_path: Path, capsys, args, message):
    try:
        code = main(["new", str(tmp_path / "p"), "--name", "TC", *args])
    except SystemExit as exc:  # argparse's own refusal of the argument
        code = exc.code
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "p" / "content").exists()


def test_new_leaves_an_existing_project_alone(tmp_path: Path, capsys):
    content = tmp_path / "p" / "content"
    content.mkdir(parents=True)
    (content / "congress.yaml").write_text("congress: {}\n")
    code = main(["new", str(tmp_path / "p"), "--name", "TC", "--start", "2026-03-04"])
    assert code == 2
    assert "has a content/ folder already: start a new project in a folder of its own" in capsys.readouterr().err
    assert [p.name for p in content.iterdir()] == ["congress.yaml"]
    assert (content / "congress.yaml").read_text() == "congress: {}\n"
    assert not (tmp_path / "p" / ".gitignore").exists()


def test_ecrprint_alone_lists_its_commands(capsys):
    """Someone finding out what there is types the command alone: the commands, not only
    that one is missing."""
    assert main([]) == 2
    err = capsys.readouterr().err
    for command in ("new", "import", "check", "build", "watch", "sign", "notice", "preflight"):
        assert f"\n    {command} " in err, command


@pytest.mark.logs  # the starter's example address is warned of
def test_a_one_day_congress_reads_as_one_day(tmp_path: Path, capsys):
    """A symposium of one day with one format: "12 June 2026", not "12–12 June 2026"; "1
    session format", not "1 session formats"; its one at-a-glance page is not "two days to a
    spread", and its one room is not "Room A – Room A"."""
    project = tmp_path / "symposium"
    assert main(["new", str(project), "--name", "One Day Symposium", "--start", "2026-06-12"]) == 0
    capsys.readouterr()
    assert main(["check", str(project)]) == 0
    assert "OK: 1 format, 0 workshop topics, 2 rooms, 1 day, 1 session; 1 warning" in capsys.readouterr().out
    assert main(["build", str(project), "--only", "booklet"]) == 0, capsys.readouterr().err
    texts = [flat(t) for t in page_texts(project / "output" / "booklet.pdf")]
    assert "12 June 2026" in texts[0] and "12–12" not in " ".join(texts)
    (formats,) = [t for t in texts if t.startswith("Session formats")]
    assert "brings together 1 session format. " in formats
    (glance,) = [t for t in texts if t.startswith("At a glance")]
    assert "The day on a page: rooms across, time down." in glance
    # Its grid has one room: named once, not as a range from it to itself.
    (grid,) = [t for t in texts if t.startswith("Friday, 12 June 2026")]
    assert grid.startswith("Friday, 12 June 2026 Room A Room A 09:00") and "Room A – Room A" not in grid, grid


@pytest.mark.parametrize("inside", ["content", "content/next-year", "content/sessions/2026"])
def test_a_new_project_inside_another_projects_content_is_refused(mini_project: Path, capsys, inside: str):
    """Its YAML would be read as the other project's content, and every check, build and sign
    of that project would fail."""
    before = sorted(p.relative_to(mini_project) for p in mini_project.rglob("*"))
    code = main(["new", str(mini_project / inside), "--name", "ECR 2025", "--start", "2025-02-26"])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        f"ecrprint: error: '{mini_project / inside}' is inside the content/ folder of the project in "
        f"{mini_project.resolve()}, which would read the new project's files as its own content" in err
    ), err
    assert sorted(p.relative_to(mini_project) for p in mini_project.rglob("*")) == before
    assert main(["check", str(mini_project)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Congress 2026 ﬁnal", "'ﬁ' (U+FB01 LATIN SMALL LIGATURE FI) is in none of the project's fonts"),
        ("東京 2026", "'東' (U+6771 CJK UNIFIED IDEOGRAPH-6771), '京' (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC) are in none"),
    ],
)
@pytest.mark.logs  # the starter's example address is warned of
def test_a_name_the_fonts_cannot_print_is_refused_before_anything_is_written(tmp_path: Path, capsys, name, said):
    """The project was written, then its own check failed and said that nothing was written;
    a second `new` was refused because content/ was there."""
    project = tmp_path / "n9"
    code = main(["new", str(project), "--name", name, "--start", "2026-03-04"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"ecrprint: error: --name: {said}" in err and "add a font that has" in err, err
    assert err.rstrip().endswith(
        f"to {project / 'fonts'}/ first, with an @font-face in layouts/shared/fonts.css.j2; nothing was written"
    )
    assert not project.exists()
    assert main(["new", str(project), "--name", "Congress 2026 final", "--start", "2026-03-04"]) == 0


@pytest.mark.logs  # the starter's example address is warned of
@pytest.mark.parametrize("folder", ["n 4 ü", "-n5", "it's"])
def test_the_commands_new_suggests_work_as_printed(tmp_path: Path, capsys, monkeypatch, folder: str):
    """`ecrprint check n 4 ü` checks the folder "n", and `ecrprint check -n5` is refused as an
    unknown option: the suggested commands quote the folder, and a dash goes after `--`."""
    import re
    import shlex

    monkeypatch.chdir(tmp_path)
    assert main(["new", "--name", "TC", "--start", "2026-03-04", "--", folder]) == 0
    out = capsys.readouterr().out
    check, build = re.findall(r"`(ecrprint [^`]*)`", out)
    argv = shlex.split(check)
    assert argv[:2] == ["ecrprint", "check"] and shlex.split(build)[2:] == argv[2:]
    assert main(argv[1:]) == 0, capsys.readouterr().err
    assert "OK: 1 format" in capsys.readouterr().out


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_cannot_show_a_name_gets_it_escaped(tmp_path: Path, encoding: str):
    """In a Latin-1 (or ASCII) terminal, `ecrprint new --name "Kongres Łódź 2026"` stopped
    with a UnicodeEncodeError traceback after writing the project, as `ecrprint watch` did on
    its "Building…": what the terminal cannot show is printed as escapes, as on stderr."""
    project = tmp_path / "lodz"
    done = subprocess.run(
        [sys.executable, "-m", "ecrprint", "new", str(project), "--name", "Kongres Łódź 2026", "--start", "2026-03-04"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=120,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode(encoding, "replace")
    assert "Started Kongres Łódź 2026 in".encode(encoding, "backslashreplace") in done.stdout, done.stdout
    assert (project / "content" / "congress.yaml").is_file()
