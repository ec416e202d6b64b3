"""Sponsor boards use their page: the sessions as large as the board allows, the gap above the supporters small."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ecrprint.cli import main
from ecrprint.render import line_units

from .helpers import (
    add_ultrasound_sessions,
    capital_mm,
    ink_boxes,
    page_texts,
    qr_codes_placed,
)


def test_the_efrs_board_sets_its_sessions_larger_with_less_empty_height_above_its_supporters(sample_build: Path):
    """EFRS Workshops' board set its sessions at 24 pt (capitals of 6.2 mm) with 78 mm of empty
    board above "Supported by": the next larger level ran over because the supporters' block
    stepped down only every third level, in large jumps, and the acknowledgement under it took
    nine narrow lines. The supporters now step down a little at every level and the
    acknowledgement uses the width beside the QR code."""
    board = sample_build / "signs" / "sponsor-board-efrs-workshops.pdf"
    last_code = re.findall(r"HW \d\w+", page_texts(board)[0])[-1]
    assert capital_mm(board, last_code)[0] > 7, last_code  # mm: 28.8 pt
    boxes = ink_boxes(board, 0)
    label = next(b for b in boxes if b.text.replace(" ", "") == "SUPPORTED")
    lowest_above = min(b.bottom for b in boxes if b.bottom > label.top)  # the last session's last line
    assert lowest_above - label.top < 65  # mm of empty board (78 before)


@pytest.mark.cached
def test_long_supporter_names_in_one_column_leave_the_sessions_large(mini_project: Path, capsys):
    """Six supporters with long names, each set on two lines at the short names' size, filled
    the board: its one session was set at the smallest size above a large gap."""
    from .helpers import add_ultrasound_supporters

    add_ultrasound_supporters(mini_project, 4)
    assert main(["build", str(mini_project), "--only", "sponsor-board"]) == 0, capsys.readouterr().err
    board = mini_project / "output" / "signs" / "sponsor-board-us.pdf"
    assert "Vendor Number 3" in page_texts(board)[0]
    assert capital_mm(board, "Ultrasound of the shoulder")[0] > 10  # mm; 3.5 at the smallest level


def empty_above_foot_mm(board: Path) -> float:
    """The empty height between a board's last session and its foot: "Supported by", or the
    large QR code of a board without supporters (its white quiet zone counts as empty)."""
    boxes = ink_boxes(board, 0)
    label = [b.top for b in boxes if b.text.replace(" ", "") == "SUPPORTED"]
    if label:
        foot = label[0]
    else:
        ((_url, width, bottom),) = qr_codes_placed(board, 0)
        foot = bottom + width
    return min(b.bottom for b in boxes if b.bottom > foot + 0.5) - foot


def smallest_code_mm(board: Path) -> float:
    """The capital height of the sessions' codes (HW 2Va), the smallest on the board."""
    codes = re.findall(r"HW \d\w*", page_texts(board)[0])
    return min(capital_mm(board, code)[0] for code in codes)


# The capital height of each sample board's codes before the leftover was spent (mm), and
# its empty height above the foot: 60-83 mm on the boards with supporters, 98 and 130 mm
# above the QR code of the two without.
SAMPLE_BEFORE_MM = {
    "cardiac-ct-mri": 10.41,
    "efrs-workshops": 7.50,
    "i-violin": 17.70,
    "msk-ultrasound": 10.41,
    "prostate-mri": 13.54,
    "reporting-series": 15.62,
    "stroke": 10.41,
}


def test_every_sample_board_spends_the_height_its_level_leaves(sample_build: Path):
    """The sample's boards were set at the largest fit level that fits, with what the next
    larger level overshot left empty above their supporters (60-83 mm of an A2 board) or above
    the QR code (98 and 130 mm). Their sessions are now set larger, into that height (2-24 %),
    and what is still left is shared out between them."""
    for name, before in SAMPLE_BEFORE_MM.items():
        board = sample_build / "signs" / f"sponsor-board-{name}.pdf"
        assert len(page_texts(board)) == 1
        assert smallest_code_mm(board) > before * 1.02, name
        supported = "SUPPORTED BY" in page_texts(board)[0]
        assert empty_above_foot_mm(board) < (55 if supported else 75), name


def _one_session_with_one_supporter(project: Path) -> str:
    return "ai"  # the mini project's AI Reading: one short session, one supporter


def _a_very_long_title(project: Path) -> str:
    timetable = project / "content" / "timetable.yaml"
    title = (
        "Ultrasound of the shoulder, the elbow, the wrist and the hand: a hands-on course on dynamic "
        "examination, common pathologies, pitfalls and ultrasound-guided interventions for the "
        "musculoskeletal radiologist in daily practice, with live scanning"
    )
    timetable.write_text(timetable.read_text().replace("title: Ultrasound of the shoulder\n", f'title: "{title}"\n'))
    return "us"


def _sessions(count: int):
    def add(project: Path) -> str:
        add_ultrasound_sessions(project, count)
        return "us"

    return add


@pytest.mark.parametrize(
    ("make", "before_mm", "most_empty_mm"),
    [
        # One short session: 68 pt, and 202 mm empty under it; now larger, and the rest shared
        # out above and below it.
        pytest.param(_one_session_with_one_supporter, 17.7, 0.2 * 594, id="one session, one supporter"),
        pytest.param(_a_very_long_title, 13.5, 0.12 * 594, id="a 243-character title"),
        # Thirteen sessions: one column did not fit at 22 pt, two columns at 22 pt left 105 mm.
        pytest.param(_sessions(12), 5.7, 55, id="13 sessions, two columns from level 13"),
        # Two columns at level 15 (18 pt): level 14 ran over, and 139 mm (20) and 76 mm (25) were left.
        pytest.param(_sessions(19), 4.69, 55, id="20 sessions, two columns at level 15"),
        pytest.param(_sessions(24), 4.69, 55, id="25 sessions, two columns at level 15"),
        # Shared out over two boards, at one size: 120 and 160 mm were left.
        pytest.param(_sessions(36), 4.69, 55, id="37 sessions on two boards"),
    ],
)
@pytest.mark.cached
def test_hard_boards_spend_the_height_their_level_leaves(mini_project: Path, capsys, make, before_mm, most_empty_mm):
    topic = make(mini_project)
    assert main(["build", str(mini_project), "--only", "sponsor-board"]) == 0, capsys.readouterr().err
    boards = sorted((mini_project / "output" / "signs").glob(f"sponsor-board-{topic}*.pdf"))
    assert boards
    sizes = set()
    for board in boards:
        assert len(page_texts(board)) == 1, board.name
        sizes.add(round(smallest_code_mm(board), 1))
        assert smallest_code_mm(board) > before_mm, board.name
        assert empty_above_foot_mm(board) < most_empty_mm, board.name
    assert len(sizes) == 1, sizes  # a topic's boards set their sessions alike


def test_a_title_is_marked_where_its_lines_may_break():
    """Each word, and a word's part after a hyphen a letter follows, is a piece of its own (the
    board's fill works out its lines from them), set as printed: apostrophes typographic, and
    a short abbreviation's hyphen a no-break one, which no line breaks at."""
    assert line_units("A hands-on course: PI-RADS 3-4 for O'Brien's team") == [
        ("A", " "),
        ("hands-", ""),
        ("on", " "),
        ("course:", " "),
        ("PI\u2011RADS", " "),
        ("3-4", " "),
        ("for", " "),
        ("O\u2019Brien\u2019s", " "),
        ("team", ""),
    ]
