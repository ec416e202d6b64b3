"""Sponsor boards use their page: the sessions as large as the board allows, the gap above the supporters small."""

from __future__ import annotations

import re
from pathlib import Path

from ecrprint.cli import main

from .conftest import ROOT, copy_project
from .helpers import capital_mm, ink_boxes, page_texts


def test_the_efrs_board_sets_its_sessions_larger_with_less_empty_height_above_its_supporters(tmp_path: Path, capsys):
    """EFRS Workshops' board set its sessions at 24 pt (capitals of 6.2 mm) with 78 mm of empty
    board above "Supported by": the next larger level ran over because the supporters' block
    stepped down only every third level, in large jumps, and the acknowledgement under it took
    nine narrow lines. The supporters now step down a little at every level and the
    acknowledgement uses the width beside the QR code."""
    project = copy_project(ROOT, tmp_path / "sample")
    assert main(["build", str(project), "--only", "sponsor-board"]) == 0, capsys.readouterr().err
    board = project / "output" / "signs" / "sponsor-board-efrs-workshops.pdf"
    last_code = re.findall(r"HW \d\w+", page_texts(board)[0])[-1]
    assert capital_mm(board, last_code)[0] > 7, last_code  # mm: 28.8 pt
    boxes = ink_boxes(board, 0)
    label = next(b for b in boxes if b.text.replace(" ", "") == "SUPPORTED")
    lowest_above = min(b.bottom for b in boxes if b.bottom > label.top)  # the last session's last line
    assert lowest_above - label.top < 65  # mm of empty board (78 before)


def test_long_supporter_names_in_one_column_leave_the_sessions_large(mini_project: Path, capsys):
    """Six supporters with long names, each set on two lines at the short names' size, filled
    the board: its one session was set at the smallest size above a large gap."""
    from .helpers import add_ultrasound_supporters

    add_ultrasound_supporters(mini_project, 4)
    assert main(["build", str(mini_project), "--only", "sponsor-board"]) == 0, capsys.readouterr().err
    board = mini_project / "output" / "signs" / "sponsor-board-us.pdf"
    assert "Vendor Number 3" in page_texts(board)[0]
    assert capital_mm(board, "Ultrasound of the shoulder")[0] > 10  # mm; 3.5 at the smallest level
