"""Notices and printing on site, where staff met gaps: the notices' band too faint to read,
a sign that ``--print`` would not print while someone else's edit breaks the content, and
notices of any news, not only of a session's change."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from ecrprint.cli import main

from .helpers import MM, _raster, capital_mm, decode_qr_codes, page_texts


def _luminance(rgb: tuple[int, int, int]) -> float:
    def linear(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of two colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _band_contrast(path: Path) -> float:
    """The contrast of the text in a notice's band (white, the paper) against the band's colour,
    the most common colour of the band's top 25 mm as pdfium renders the CMYK."""
    image, x0, y1 = _raster(path, 0, 100)
    px = 100 / 25.4
    top, left = round((y1 / MM - 297) * px), round(-x0 / MM * px)
    band = Counter(
        image.getpixel((x, y))
        for x in range(left, left + round(210 * px), 3)
        for y in range(top, top + round(25 * px), 3)
    )
    colour = band.most_common(1)[0][0]
    assert colour != (255, 255, 255)
    return _contrast(colour, (255, 255, 255))


@pytest.mark.parametrize(
    "change", [["--moved-to", "hw"], ["--at", "15:00"], ["--cancelled"], ["--full"]], ids=lambda c: c[0]
)
def test_the_notices_band_reads_at_4_5_to_1(mini_project: Path, capsys, change):
    """The band's white words (the edition line is 13 pt: small type) were on the bright
    orange, 2.65:1 as pdfium renders it: below even the 3:1 of large type."""
    assert main(["notice", str(mini_project), "--session", "RC 101", *change]) == 0, capsys.readouterr().err
    notice = Path(capsys.readouterr().out.strip())
    assert _band_contrast(notice) >= 4.5


def _recording_lp(folder: Path) -> Path:
    """A folder with an ``lp`` that records its arguments in ``lp.log`` beside it."""
    folder.mkdir()
    (folder / "lp").write_text(f'#!/bin/sh\necho "$@" >> {folder / "lp.log"}\necho "request id is office-1"\n')
    (folder / "lp").chmod(0o755)
    return folder


def _break_content(project: Path) -> None:
    timetable = project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("room: hall-a", "room: hall-x"))


@pytest.mark.parametrize(
    ("asked", "what", "sign"),
    [
        (["--room", "b", "--date", "wed"], "door sign", "signs/2025-03-05/door-room-b.pdf"),
        (["--board", "us"], "sponsor board", "signs/sponsor-board-us.pdf"),
        (["--signpost", "entrance"], "directional sign", "signs/directional-entrance.pdf"),
    ],
)
def test_sign_print_with_broken_content_prints_the_last_good_sign(
    mini_project: Path, tmp_path: Path, capsys, monkeypatch, asked, what, sign
):
    """``sign --print`` while someone's half-made edit breaks the content printed nothing, though
    the error named the last good sign: staff at the printer had to find the file and print it
    by hand. It goes to the printer now, with the content's problems and a line saying what
    was printed instead (exit 0: a sign was printed)."""
    assert main(["build", str(mini_project), "--only", "door-sign,sponsor-board,directional-sign"]) == 0
    _break_content(mini_project)
    bin_ = _recording_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_}:{os.environ['PATH']}")
    capsys.readouterr()
    code = main(["sign", str(mini_project), *asked, "--print"])
    out, err = capsys.readouterr()
    last = mini_project / "output" / sign
    assert code == 0, err
    assert "content/timetable.yaml:" in err and "unknown room 'hall-x'" in err, err
    assert f"ecrprint: printing the {what} from the last good build instead; it shows none of the changes " in err
    assert str(last) in err
    assert out.splitlines() == [str(last), "request id is office-1"]
    assert f"-t {last.stem} " in (bin_ / "lp.log").read_text()


def test_sign_print_with_broken_content_and_no_last_good_sign_prints_nothing(
    mini_project: Path, tmp_path: Path, capsys, monkeypatch
):
    _break_content(mini_project)
    bin_ = _recording_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_}:{os.environ['PATH']}")
    code = main(["sign", str(mini_project), "--room", "b", "--date", "wed", "--print"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "unknown room 'hall-x'" in err and "last good" not in err
    assert not (bin_ / "lp.log").exists()


def test_sign_without_print_with_broken_content_still_only_names_the_last_good_sign(mini_project: Path, capsys):
    assert main(["build", str(mini_project), "--only", "door-sign"]) == 0
    _break_content(mini_project)
    capsys.readouterr()
    code = main(["sign", str(mini_project), "--room", "b", "--date", "wed"])
    err = capsys.readouterr().err
    last = mini_project / "output" / "signs" / "2025-03-05" / "door-room-b.pdf"
    assert code == 1
    assert f"ecrprint: the door sign from the last good build is still there: {last}\n" in err


def _notices(project: Path, text: str) -> None:
    (project / "content" / "notices.yaml").write_text("notices:\n" + text)


def _placed_lines(path: Path) -> list[str]:
    """The page's lines of text, top to bottom, as they were set."""
    from .helpers import placed_runs

    rows: dict[float, list[tuple[float, str]]] = {}
    for text, left, baseline in placed_runs(path, 0, gap_mm=1000):
        rows.setdefault(round(baseline, 1), []).append((left, text))
    return [" ".join(t for _, t in sorted(rows[b])) for b in sorted(rows, reverse=True)]


def test_news_of_its_own_from_notices_yaml(mini_project: Path, capsys):
    """Staff needed "Lunch is served in Hall A" on paper, and notices knew only a session's
    change. A notice with a title and text is news of its own: its title as large as fits,
    its text large with its line breaks kept and its markup printed as text, the day and room
    it is for above them, the band's words in the congress's language, and a QR code only
    where it has a link."""
    _notices(
        mini_project,
        "  - title: Lunch in Hall A\n"
        "    text: The restaurant on Level 1 is closed today.\n"
        "    date: 2025-03-05\n"
        "    room: hall-a\n"
        "  - title: Wi-Fi\n"
        "    text: |\n"
        "      Network: TCI2025\n"
        "      Key: <b>42</b> & more\n"
        "    link: https://tci-imaging.eu/2025/wifi\n",
    )
    assert main(["build", str(mini_project), "--only", "notice"]) == 0, capsys.readouterr().err
    out = mini_project / "output"
    lunch, wifi = out / "notices" / "news-2025-03-05-lunch-in-hall-a.pdf", out / "notices" / "news-wi-fi.pdf"
    text = " ".join(page_texts(lunch)[0].split())
    assert "TCI 2025 · INFORMATION" in text.upper() and "Please note" in text
    assert "Wednesday, 5 March 2025 · Hall A · Level 0" in text
    assert "Lunch in Hall A" in text and "The restaurant on Level 1 is closed today." in text
    # Read from across a corridor: the title's capitals about 25 mm, the text's over 7 mm.
    assert capital_mm(lunch, "Lunch")[0] >= 20
    assert capital_mm(lunch, "The restaurant")[0] >= 7
    assert decode_qr_codes(lunch, 0) == []
    assert len(page_texts(lunch)) == 1
    lines = _placed_lines(wifi)
    assert "Network: TCI2025" in lines, lines  # on a line of its own, as written
    assert "Key: <b>42</b> & more" in " ".join(page_texts(wifi)[0].split())
    assert decode_qr_codes(wifi, 0) == ["https://tci-imaging.eu/2025/wifi"]
    products = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["products"]}
    entry = products["notices/news-2025-03-05-lunch-in-hall-a.pdf"]
    assert (entry["title"], entry["change"], entry["room"], entry["date"]) == (
        "Lunch in Hall A",
        "news",
        "Hall A",
        "2025-03-05",
    )
    assert main(["preflight", str(out)]) == 0, capsys.readouterr().out


def test_a_long_news_title_steps_down_to_fit_its_page(mini_project: Path, capsys):
    """The most a notice of its own may say (90 characters of title, 600 of text in 16 lines,
    with a link) stays one page, its title smaller; a short title keeps its size."""
    title = "Registration desk and badge collection move to the entrance hall on Level 0 from noon on"
    lines = [f"      Line {k:02} of the notice with words that wrap" for k in range(16)]
    text = "\n".join(line[:42] for line in lines)
    assert len(title) <= 90 and len(text.replace("      ", "")) <= 600
    _notices(
        mini_project,
        f"  - title: {title}\n    text: |\n{text}\n    link: https://tci-imaging.eu/2025/registration\n"
        "  - title: Cloakroom closed\n",
    )
    assert main(["build", str(mini_project), "--only", "notice"]) == 0, capsys.readouterr().err
    notices = mini_project / "output" / "notices"
    (long,) = notices.glob("news-registration-*.pdf")
    assert len(page_texts(long)) == 1
    assert "Line 15 of the notice" in " ".join(page_texts(long)[0].split())
    assert len(decode_qr_codes(long, 0)) == 1
    assert capital_mm(long, "Registration")[0] < capital_mm(notices / "news-cloakroom-closed.pdf", "Cloakroom")[0]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - text: Lunch in Hall A\n", r"2:5: notices\[0\]\.title: a notice of its own needs title"),
        (
            "  - title: Lunch\n    text: " + "word " * 130 + "\n",
            r"3:11: notices\[0\]\.text: 649 characters in 1 line, too long to fit its page",
        ),
        ("  - title: Lunch\n    room: hall-z\n", r"3:11: notices\[0\]\.room: unknown room 'hall-z'"),
        ("  - title: Lunch\n    link: www.tci.eu\n", r"3:11: notices\[0\]\.link: 'www.tci.eu' is not an http\(s\) URL"),
        ("  - title: Lunch\n    date: 2025-03-09\n", r"3:11: notices\[0\]\.date: 2025-03-09 is not a congress day"),
        (
            "  - title: Lunch\n    session: RC 101\n",
            r"3:14: notices\[0\]\.session: a notice with a title is news of its own, which has no session",
        ),
        ("  - session: RC 101\n", r"2:5: notices\[0\]\.change: a session's change needs change"),
        (
            "  - {session: RC 101, change: full, room: hall-a}\n",
            r"2:43: notices\[0\]\.room: only news of its own \(a notice with a title\) has room: a new room is moved_to",
        ),
        (
            "  - title: Lunch!\n  - title: Lunch?\n",
            r"3:12: notices\[1\]\.title: would be printed to notices/news-lunch\.pdf, as the notice at "
            r"content/notices\.yaml:2 is",
        ),
    ],
)
def test_news_that_cannot_be_printed_is_a_located_error(mini_project: Path, capsys, entry, message):
    _notices(mini_project, entry)
    assert main(["check", str(mini_project)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^content/notices\.yaml:" + message, err, re.M), err


def test_news_on_site(mini_project: Path, tmp_path: Path, capsys, monkeypatch):
    """``ecrprint notice --title … --text …`` makes the same notice on site, with the day read
    as ``sign --date`` reads it and the room as staff type it, prints it if asked, and later
    builds keep it."""
    bin_ = _recording_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{bin_}:{os.environ['PATH']}")
    code = main(
        [
            "notice",
            str(mini_project),
            "--title",
            "Lunch moved",
            "--text",
            "Lunch is in Hall A today.\nFrom 12:00 to 14:00.",
            "--date",
            "wed",
            "--room",
            "hall a",
            "--print",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    path = mini_project / "output" / "notices" / "news-2025-03-05-lunch-moved.pdf"
    assert out.splitlines() == [str(path), "request id is office-1"]
    assert "Lunch is in Hall A today." in _placed_lines(path) and "From 12:00 to 14:00." in _placed_lines(path)
    assert "Wednesday, 5 March 2025 · Hall A · Level 0" in " ".join(page_texts(path)[0].split())
    made = path.read_bytes()
    assert main(["build", str(mini_project)]) == 0
    assert "Kept 1 notice made on site" in capsys.readouterr().out
    assert path.read_bytes() == made
    # A session's notice is made as before.
    assert main(["notice", str(mini_project), "--session", "RC 101", "--full"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (["--text", "Lunch"], "--text, --room and --link go with --title"),
        (["--title", "Lunch", "--session", "RC 101"], "--session is for a session's change, not for news"),
        (["--title", "Lunch", "--link", "tci.eu"], "--link: 'tci.eu' is not an http(s) address"),
        (["--title", "Lunch", "--room", "hall z"], "no room 'hall z'"),
        (["--title", "Lunch", "--text", "word " * 130], "--text: 649 characters in 1 line, too long to fit"),
        ([], "give --session CODE and what changed, or --title"),
        (["--title", "Coffee", "--text", "Hot \u2615 here"], "--text: '\u2615' (U+2615 HOT BEVERAGE) is in none of"),
    ],
)
def test_news_on_site_that_cannot_be_printed_is_refused(mini_project: Path, capsys, asked, message):
    code = main(["notice", str(mini_project), *asked])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert f"ecrprint: error: {message}" in err, err
    assert not (mini_project / "output" / "notices").exists()


def test_news_linked_to_an_example_address_is_a_warning(mini_project: Path, capsys):
    _notices(mini_project, "  - title: Lunch\n    link: https://example.org/lunch\n")
    assert main(["check", str(mini_project)]) == 0
    err = capsys.readouterr().err
    assert re.search(
        r"^WARNING: content/notices\.yaml:3:11: notices\[0\]\.link: https://example\.org/lunch is a local or example "
        r"address",
        err,
        re.M,
    ), err


def test_news_titles_without_latin_letters_each_have_a_file_of_their_own(mini_project: Path, capsys):
    """A title with no letter or digit spelt in Latin letters ("!!!", or a congress's own
    script that has no Latin spelling) had "x" for its file's name: two such notices were
    refused as printed to one file, which no other title in that script could mend."""
    _notices(
        mini_project, '  - title: "!!!"\n    text: Fire drill at 11:00\n  - title: "???"\n    text: Lost and found\n'
    )
    assert main(["check", str(mini_project)]) == 0, capsys.readouterr().err
    assert main(["build", str(mini_project), "--only", "notice"]) == 0, capsys.readouterr().err
    made = sorted((mini_project / "output" / "notices").glob("news-*.pdf"))
    assert len(made) == 2 and "news-x.pdf" not in {p.name for p in made}
    assert {" ".join(page_texts(p)[0].split()).count("Fire drill") for p in made} == {0, 1}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            ["--room", "hw"],
            "--room is for news of its own (--title), not for a session's change: its new room is --moved-to",
        ),
        (["--text", "Moved"], "--text is for news of its own (--title), not for a session's change"),
    ],
)
def test_news_options_given_with_a_session_name_the_option_a_session_takes(mini_project: Path, capsys, given, message):
    """Staff who typed ``--session RC 101 --room hw`` for a move were told to give the notice a
    title, as if they had meant news of its own."""
    code = main(["notice", str(mini_project), "--session", "RC 101", *given])
    err = capsys.readouterr().err
    assert code == 2 and f"ecrprint: error: {message}" in err, err
    assert "give the notice its title" not in err


def test_news_on_site_linked_to_an_example_address_is_a_warning(mini_project: Path, capsys):
    """notices.yaml's news with a link to example.org is a warning; the same news made on site
    printed its QR code to nowhere without a word."""
    code = main(["notice", str(mini_project), "--title", "Lunch", "--link", "https://example.org/lunch"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip().endswith("news-lunch.pdf"), err
    assert (
        "ecrprint: warning: --link: https://example.org/lunch is a local or example address that no visitor's "
        "phone can open, and QR codes would lead there; the notice has it all the same" in err
    ), err
