"""What an organiser typed is what prints, or the check says where YAML read it otherwise: a
'#' that starts a comment inside a title, an '&' that makes an anchor of a word, a leading
zero that makes a number octal, aliases that repeat a text into gigabytes."""

from __future__ import annotations

import re
import time

import pytest

from ecrprint import yamlsource
from ecrprint.cli import main
from ecrprint.content import load_project

from .test_content_errors import edit, line_of, problems, run


def warnings(err: str) -> list[str]:
    return [line.removeprefix("WARNING: ") for line in err.splitlines() if line.startswith("WARNING: ")]


@pytest.mark.logs
def test_a_hash_that_cuts_a_title_short_is_a_located_warning_each_build(mini_project, capsys, caplog, monkeypatch):
    """'Imaging #1 in Europe' printed as 'Imaging': a '#' after a space starts a comment. A
    letter or digit right after the '#' says it was most likely meant as text; said by check
    and by every build, also when the file's values could come from the content cache."""
    monkeypatch.setattr(yamlsource, "_loaded", {})
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: Heart imaging #1 in Europe")
    line = line_of(mini_project, "timetable.yaml", "Heart imaging #1")
    expected = (
        f"content/timetable.yaml:{line}:26: sessions[E³ 1A].title: YAML reads ' #' as the start of a comment, "
        "so the value is 'Heart imaging', without '#1 in Europe': if that belongs to it, put the value in "
        "quotes, as in title: \"Heart imaging #1 in Europe\"; if it is a comment, write '# ' with a space"
    )
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 0 and warnings(err) == [expected], err
    for _ in range(2):  # the second build could read every file from the cache
        caplog.clear()
        yamlsource._loaded.clear()
        code, _, err = run(capsys, "build", str(mini_project), "--only", "directional-sign")
        assert code == 0, err
        assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [expected]


def test_a_comment_after_a_value_cut_mid_sentence_is_a_warning_and_a_comment_as_meant_is_not(mini_project, capsys):
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: Heart imaging and # CT in stroke")
    edit(mini_project, "timetable.yaml", "title: Reading with AI", "title: Reading with AI  # confirmed by Anna")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "Heart imaging and")
    assert code == 0
    assert warnings(err) == [
        f"content/timetable.yaml:{line}:30: sessions[E³ 1A].title: the value 'Heart imaging and' ends with 'and' "
        "where a comment starts ('# CT in stroke'): YAML reads ' #' as the start of a comment; if it belongs to "
        'the value, put the value in quotes, as in title: "Heart imaging and # CT in stroke"'
    ], err


def test_an_anchor_no_alias_uses_is_text_cut_short_and_a_problem(mini_project, capsys):
    """'title: &amp company' printed as 'company': YAML reads '&amp' as an anchor. An anchor
    that an alias repeats is YAML as meant, and no problem."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: &amp company")
    edit(mini_project, "timetable.yaml", "title: The future of imaging", "title: &future The future of imaging")
    edit(mini_project, "timetable.yaml", "{title: Lines and tubes,", "{title: *future,")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "&amp company")
    assert code == 1
    assert problems(err) == [
        f"content/timetable.yaml:{line}:12: sessions[E³ 1A].title: YAML reads &amp as an anchor (a name for the "
        "value, for an alias *amp to repeat), not as text, and no alias uses it: the value is 'company'. If &amp "
        'belongs to the text, put the value in quotes, as in title: "&amp company"'
    ], err


def test_aliases_that_repeat_gigabytes_of_text_are_refused_by_the_build(mini_project, capsys):
    """A long text repeated by aliases is gigabytes once the content cache writes it out (a
    MemoryError, or a machine out of memory) with far fewer values than the count allows: a
    megabyte ten thousand times, or, here, 100 kB a thousand times."""
    lines = ["extra:", f"  text: &t {'x' * 100_000}", "  l1: &l1 [" + ", ".join(["*t"] * 10) + "]"]
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(2, 4)]  # 100 MB
    (mini_project / "content" / "extra.yaml").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    code, _, err = run(capsys, "build", str(mini_project), "--only", "notice")
    assert code == 1 and "Traceback" not in err
    assert "content/extra.yaml:2:9: (alias): aliases repeat more than 10,000,000 characters of text in this file" in err
    assert time.monotonic() - started < 20


def test_numbers_with_a_leading_zero_are_read_as_written(mini_project, capsys):
    """YAML 1.1 reads 0120 as octal: a room of 120 seats was printed with 80."""
    edit(mini_project, "timetable.yaml", "capacity: 900", "capacity: 0120")
    edit(mini_project, "timetable.yaml", "capacity: 200", "capacity: 0800")
    edit(mini_project, "timetable.yaml", "capacity: 30", "capacity: 0_030")
    rooms = {r.id: r.capacity for r in load_project(mini_project).rooms}
    assert rooms == {"hall-a": 120, "room-b": 800, "hw": 30}
    # A time-like number, which YAML reads in base 60 (1:20 is 80), is no number of seats.
    edit(mini_project, "timetable.yaml", "capacity: 0120", "capacity: 1:20")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "capacity: 1:20")
    assert code == 1
    assert re.search(
        rf"content/timetable.yaml:{line}:\d+: rooms\[hall-a\]\.capacity: expected a whole number, got '1:20'", err
    )


def test_the_print_quantity_is_read_as_written(mini_project):
    edit(
        mini_project,
        "congress.yaml",
        "  binding: saddle-stitch",
        "  binding: saddle-stitch\n  ink_limit: 0300\n  products:\n    booklet: {quantity: 03000}",
    )
    proj = load_project(mini_project)
    assert proj.print.products["booklet"].quantity == 3000
    assert proj.print.ink_limit == 300.0


@pytest.mark.logs
def test_strict_refuses_a_title_a_comment_cut_short(mini_project, capsys):
    """The warning is a warning: --strict refuses it, as it does every warning."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: Heart imaging #1 in Europe")
    assert main(["build", str(mini_project), "--only", "directional-sign", "--strict"]) == 1
    assert "1 warning (see above) and --strict is set" in capsys.readouterr().err
    assert not (mini_project / "output").exists()


def test_nesting_too_deep_to_build_is_refused_where_it_is(mini_project, capsys):
    """300 levels are too few for the parser's own limit (1000) but too many for building the
    values: that was said at 1:1, as "too deeply, or merge into themselves"."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", f"title: {'[' * 300}x{']' * 300}")
    code, _, err = run(capsys, "check", str(mini_project))
    line = line_of(mini_project, "timetable.yaml", "title: [[[")
    assert code == 1 and "Traceback" not in err
    assert problems(err) == [f"content/timetable.yaml:{line}:109: (nesting): values nest more than 100 levels deep"]


def test_a_single_quote_left_open_is_named_where_the_parser_stops_far_after_it(mini_project, capsys):
    """The open quote runs on to the next apostrophe, sessions later, where YAML gives up: the
    message named that place only, with a hint about indentation."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", "title: 'Heart imaging")
    edit(mini_project, "timetable.yaml", "title: Reading with AI", "title: The reader's AI")
    code, _, err = run(capsys, "check", str(mini_project))
    opened = line_of(mini_project, "timetable.yaml", "'Heart imaging")
    assert code == 1
    (only,) = problems(err)
    assert only.endswith(f"(is the quote on line {opened} left open?)"), only


def test_a_line_break_editors_do_not_show_is_a_located_problem(mini_project, capsys):
    """U+0085 is the ellipsis of Windows-1252 text read as Latin-1: in quotes, YAML made a space
    of it ("Heart imaging… now" printed as "Heart imaging now"), and counted every line after
    it one further on than the editor does."""
    edit(mini_project, "timetable.yaml", "title: Heart imaging", 'title: "Heart imaging\x85 now"')
    edit(mini_project, "timetable.yaml", "title: Reading with AI", "titel: Reading with AI")
    line = line_of(mini_project, "timetable.yaml", "Heart imaging")
    code, _, err = run(capsys, "check", str(mini_project))
    assert code == 1
    assert problems(err) == [
        f"content/timetable.yaml:{line}:26: (file): U+0085 (NEXT LINE) (an ellipsis '…' of Windows-1252 text that "
        "was read as Latin-1?) is a line break to YAML, which most editors do not show: delete it, or retype the value"
    ], err


@pytest.mark.parametrize("indicator", [">-", ">", ""])
def test_blank_lines_separate_paragraphs_in_folded_and_plain_text(mini_project, capsys, tmp_path, indicator):
    """The sample writes descriptions with ">-", in which YAML makes one line break of a blank
    line: two paragraphs were printed as one, as they are in a literal block ("|")."""
    edit(
        mini_project,
        "formats.yaml",
        "    description: Refresher courses refresh knowledge.",
        f"    description: {indicator}\n      Refresher courses refresh\n      knowledge.\n\n      They are short.",
    )
    out = tmp_path / "booklet.html"
    assert main(["html", str(mini_project), "--product", "booklet", "--output", str(out)]) == 0, capsys.readouterr().err
    html = out.read_text().replace("\xa0", " ")  # the last words of a paragraph are kept together
    assert "<p>Refresher courses refresh knowledge.</p><p>They are short.</p>" in html
