"""The glyph-by-glyph comparison that judges the fast build against the single pass."""

from __future__ import annotations

from pathlib import Path

import weasyprint

from ecrprint.samepages import differences, page_glyphs


def _pdf(path: Path, *pages: str, shift_mm: float = 0) -> Path:
    body = "".join(f'<p style="margin-left:{shift_mm}mm; break-after: page">{text}</p>' for text in pages)
    weasyprint.HTML(string=f"<style>@page {{ size: A6 }}</style>{body}").write_pdf(path)
    return path


def test_the_same_document_twice_has_no_differences(tmp_path: Path):
    a = _pdf(tmp_path / "a.pdf", "Session formats 5", "Rooms 16")
    b = _pdf(tmp_path / "b.pdf", "Session formats 5", "Rooms 16")
    glyphs = page_glyphs(a)
    assert [len(page) for page in glyphs] == [15, 7]  # spaces are not glyphs
    assert sorted(char for char, _x, _y in glyphs[1]) == sorted("Rooms16")
    assert differences(a, b) == []


def test_a_changed_character_a_moved_line_and_a_missing_page_are_found(tmp_path: Path):
    a = _pdf(tmp_path / "a.pdf", "Session formats 5", "Rooms 16")
    (changed,) = differences(a, _pdf(tmp_path / "b.pdf", "Session formats 6", "Rooms 16"))
    assert changed.startswith("page 1: '5' at (") and "against '6' at (" in changed
    moved = differences(a, _pdf(tmp_path / "c.pdf", "Session formats 5", "Rooms 16", shift_mm=0.1))
    assert [line.split(":")[0] for line in moved] == ["page 1", "page 2"]
    # A hundredth of a millimetre is float rounding, not a difference.
    assert differences(a, _pdf(tmp_path / "d.pdf", "Session formats 5", "Rooms 16", shift_mm=0.01)) == []
    assert differences(a, _pdf(tmp_path / "e.pdf", "Session formats 5")) == ["2 pages against 1"]
