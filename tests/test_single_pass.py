"""The fast, part-by-part build and one plain WeasyPrint pass give the same pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ecrprint.build import build
from ecrprint.cli import main
from ecrprint.samepages import differences

from .helpers import (
    add_ultrasound_sessions,
    body_texts,
    internal_links,
    outline_titles,
    page_texts,
    placed_runs,
    runs_per_line,
)


# The mini congress's booklet is too thin to bind perfect: a warning, which that build logs.
@pytest.mark.cached
@pytest.mark.parametrize(
    "binding", ["saddle-stitch", pytest.param("perfect", marks=pytest.mark.logs), "a topic over pages"]
)
def test_fast_build_matches_single_pass(mini_project: Path, tmp_path: Path, capsys, binding: str):
    congress = mini_project / "content" / "congress.yaml"
    if binding == "a topic over pages":  # its running heads name it on the pages it runs on to
        add_ultrasound_sessions(mini_project, 40)
    else:
        congress.write_text(congress.read_text().replace("binding: saddle-stitch", f"binding: {binding}"))
    report = build(mini_project, only="booklet", jobs=2)
    fast = report.out_dir / "booklet.pdf"
    html = tmp_path / "booklet.html"
    assert main(["html", str(mini_project), "--product", "booklet", "--output", str(html)]) == 0
    capsys.readouterr()
    text = html.read_text()
    # Linked layouts, inline QR codes, and page numbers the single pass must find for itself.
    assert "file://" in text and "<svg" in text and 'data-r1="#s-' in text and "data-refs" not in text
    single = tmp_path / "single.pdf"
    # Plain WeasyPrint, as a user would run it on the exported file.
    subprocess.run([sys.executable, "-m", "weasyprint", str(html), str(single)], check=True, capture_output=True)
    # The same glyphs at the same places on every page (text extraction would guess at words).
    assert len(page_texts(fast)) == len(page_texts(single)) > 12
    assert differences(fast, single) == []
    assert [t for _, t, _ in outline_titles(fast)] == [t for _, t, _ in outline_titles(single)]
    # Contents, workshops and grids lead to the same places, from the same places, as in the
    # single pass, in the copy for reading on screen, each link once (the single pass gives each
    # box inside a link an annotation of its own, one over the other); the speaker index links
    # too, which a single pass cannot (its page numbers are generated text). The print file has
    # no links (PDF/X allows none on the printed area), and the same pages.
    screen = report.out_dir / "booklet-screen.pdf"
    links = set(internal_links(screen))
    titles = outline_titles(fast)
    first = next(page for _depth, title, page in titles if title == "Speaker index")
    index = range(first, min(page for _depth, _title, page in titles if page > first))
    assert {link for link in links if link[0] not in index} == outermost(set(internal_links(single)))
    references = sum(page.count("·") for page in page_texts(fast)[index.start : index.stop])
    assert len([link for link in links if link[0] in index]) == references > 5
    assert len(links) > 30 and len({target for _page, _box, target, _xy in links}) > 8
    assert internal_links(fast) == [] and differences(screen, fast) == []
    if binding == "a topic over pages":
        texts = [" ".join(page.split()) for page in page_texts(fast)]
        assert any("ULTRASOUND BASICS (CONTINUED)" in page for page in texts)
        # Its 40 sessions break between rows: the chapter's first page held only the chapter's
        # introduction, the topic being kept whole, 146 mm above the page's foot.
        first = next(i for i, page in enumerate(texts) if page.startswith("Hands-on workshops"))
        chapter = [first] + [i for i in range(first + 1, len(texts)) if "HANDS-ON WORKSHOPS" in texts[i]]
        for index in chapter[:-1]:
            lowest = min(base for _run, _left, base in placed_runs(fast, index) if 20 < base < 190)
            assert lowest < 45, (index + 1, lowest)  # mm above the page's foot (A5, with bleed)


def outermost(links: set) -> set:
    """The links that lie within no other to the same place on their page."""

    def within(a, b):
        return a != b and b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]

    return {
        (page, box, target, xy)
        for page, box, target, xy in links
        if not any(p == page and t == target and within(box, b) for p, b, t, _xy in links)
    }


def test_contents_numbers_point_across_parts(mini_build: Path):
    booklet = mini_build / "booklet.pdf"
    texts = [" ".join(t.split()) for t in body_texts(booklet)]
    page = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    # One entry per line: its label, then, across a gap, its page number flush right.
    entries = [runs for runs in runs_per_line(booklet, page) if len(runs) == 2 and runs[1].isdigit()]
    assert len(entries) >= 15
    for label, number in entries:
        words = " ".join(label.split()[-2:])
        assert words in texts[int(number) - 1], (label, number)


def test_no_op_rebuild_renders_nothing(mini_project: Path):
    first = build(mini_project, jobs=1)
    assert first.rendered > 0
    data = (first.out_dir / "booklet.pdf").read_bytes()
    again = build(mini_project, jobs=1)
    assert again.rendered == 0
    assert (again.out_dir / "booklet.pdf").read_bytes() == data


@pytest.mark.cached
def test_each_output_folder_remembers_its_own_last_build(mini_project: Path, tmp_path: Path):
    """Building into a second folder does not make the first one build again; a build of
    another kind into a folder, with other content, makes its next full build check again."""
    first = build(mini_project, jobs=1)
    elsewhere = build(mini_project, tmp_path / "proofs", only="directional-sign", jobs=1)
    assert not first.up_to_date and not elsewhere.up_to_date
    assert build(mini_project, jobs=1).up_to_date
    assert build(mini_project, tmp_path / "proofs", only="directional-sign", jobs=1).up_to_date

    path = mini_project / "content" / "timetable.yaml"
    original = path.read_text()
    path.write_text(original.replace("title: Heart imaging", "title: Imaging of the heart"))
    partial = build(mini_project, only="door-sign", jobs=1)  # the signs now have the new title
    assert not partial.up_to_date
    path.write_text(original)
    again = build(mini_project, jobs=1)  # the signs on disk are the edited ones: not current
    assert not again.up_to_date
    assert build(mini_project, jobs=1).up_to_date


def test_a_content_edit_or_a_missing_output_is_rebuilt(mini_project: Path):
    first = build(mini_project, jobs=1)
    assert not first.up_to_date
    assert build(mini_project, jobs=1).up_to_date
    (first.out_dir / "booklet.pdf").unlink()
    again = build(mini_project, jobs=1)
    assert not again.up_to_date and (again.out_dir / "booklet.pdf").is_file()
    assert again.rendered == 0  # every part came from the cache
    path = mini_project / "content" / "timetable.yaml"
    path.write_text(path.read_text().replace("title: Heart imaging", "title: Imaging of the heart"))
    edited = build(mini_project, jobs=1)
    assert 0 < edited.rendered < first.rendered
    text = " ".join(" ".join(t.split()) for t in body_texts(edited.out_dir / "booklet.pdf"))
    assert "Imaging of the heart" in text and "Heart imaging" not in text


def test_the_print_packages_own_files_deleted_or_changed_are_written_again(mini_project: Path):
    """The package's manifest and SHA256SUMS, which no manifest lists: a rebuild after one was
    deleted or changed writes it again, as it does a listed file; it said "up to date" and left
    the print shop's package without its checksums."""
    first = build(mini_project, only="directional-sign", jobs=1)
    package = first.out_dir / "print"
    written = {name: (package / name).read_bytes() for name in ("SHA256SUMS", "manifest.json")}
    for name, data in written.items():
        (package / name).unlink()
        again = build(mini_project, only="directional-sign", jobs=1)
        assert not again.up_to_date and (package / name).read_bytes() == data
        (package / name).write_bytes(data.replace(b"directional", b"Directional"))
        assert not build(mini_project, only="directional-sign", jobs=1).up_to_date
        assert (package / name).read_bytes() == data
    assert build(mini_project, only="directional-sign", jobs=1).up_to_date


def test_index_numbers_point_at_the_sessions_across_parts(sample_build: Path):
    """Every "CODE · page" in the speaker index names a page that describes that session."""
    booklet = sample_build / "booklet.pdf"
    texts = [" ".join(t.split()) for t in body_texts(booklet)]
    first = next(i for i, t in enumerate(texts) if t.startswith("Speaker index"))
    index_pages = [first] + [i for i in range(first + 1, len(texts)) if re.search(r" · \d+", texts[i])]
    assert index_pages == list(range(first, first + len(index_pages)))
    refs = {
        (code, int(page))
        for i in index_pages
        for code, page in re.findall(r"([A-Z][A-Za-z³]{0,4}[ -]?\d+[A-Z]?) · (\d+)", texts[i])
    }
    assert len(refs) >= 150
    for code, page in refs:
        assert page - 1 < first and code in texts[page - 1], (code, page)
