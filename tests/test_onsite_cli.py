"""The on-site commands as staff meet them: names matched, moves checked against what was
done on site before, printing that fails after the file is written, and the preflight of an
output whose manifest is damaged."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from ecrprint import onsite
from ecrprint.cli import main
from ecrprint.content import load_project
from ecrprint.errors import UsageError

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
    assert f"notices[1].moved_to: room 'hw' {taken}" in capsys.readouterr().err
    # The first notice withdrawn (its file deleted), the room is free again.
    (mini_project / "content" / "notices.yaml").unlink()
    first.unlink()
    code = main(["notice", str(mini_project), "--session", "RC 101", "--moved-to", "Workshop Room"])
    assert code == 0, capsys.readouterr().err


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


def test_sign_command_refuses_a_board_two_topics_may_be_meant_by(tmp_path: Path, capsys):
    project = copy_project(ROOT, tmp_path / "ecr")
    code = main(["sign", str(project), "--board", "MRI"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "ecrprint: error: 'MRI' could be 'Cardiac CT and MRI' or 'MRI of the Prostate': give the whole name" in err
    assert not (project / "output").exists()


@pytest.mark.parametrize(("room", "sign"), [("b", "door-room-b.pdf"), ("hw", "door-hw.pdf"), ("B", "door-room-b.pdf")])
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
