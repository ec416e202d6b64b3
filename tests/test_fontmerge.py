"""An assembled booklet embeds one subset of each font where its parts agree, not one per
part, and nothing drawn changes."""

from __future__ import annotations

import io
import os
import re
import struct
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont

from ecrprint import finishing, fontmerge
from ecrprint.assemble import assemble
from ecrprint.build import build
from ecrprint.fontmerge import FontSources
from ecrprint.paths import default_data_dir
from ecrprint.pdfrender import RenderResult

from .helpers import ecrprint_ok

FONTS = (default_data_dir() / "fonts",)


def fonts_used(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font the pages draw with, once each, through page and form resources."""
    found: dict = {}
    seen: set = set()
    for page in pdf.pages:
        for holder, name in fontmerge.resource_fonts(page.obj.get("/Resources"), seen):
            found.setdefault(holder[name].objgen, holder[name])
    return list(found.values())


def face(font: pikepdf.Dictionary) -> str:
    return str(font.BaseFont)[8:]


def widths(font: pikepdf.Dictionary) -> dict[int, float]:
    out = {}
    for match in re.finditer(rb"(\d+)\s*\[([^\]]*)\]", font.DescendantFonts[0].W.unparse()):
        for offset, value in enumerate(match[2].split()):
            out[int(match[1]) + offset] = float(value)
    return out


def rasters(pdf: pikepdf.Pdf) -> list[bytes]:
    buffer = io.BytesIO()
    pdf.save(buffer)
    document = pdfium.PdfDocument(buffer.getvalue())
    return [document[i].render(scale=120 / 72).to_pil().tobytes() for i in range(len(document))]


def texts(pdf: pikepdf.Pdf) -> list[str]:
    buffer = io.BytesIO()
    pdf.save(buffer)
    document = pdfium.PdfDocument(buffer.getvalue())
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def captured_booklet(project: Path) -> tuple:
    """Build a project's booklet; returns its output folder and what its assembly received:
    slots, parts and furniture."""
    caught = []
    real = finishing.finished

    def catching(slots, results, furniture, info, fonts=None):
        caught.append((slots, results, furniture))
        return real(slots, results, furniture, info, fonts)

    finishing.finished = catching
    try:
        report = build(project, only="booklet", jobs=1)
    finally:
        finishing.finished = real
    slots, results, furniture = next(c for c in caught if len(c[1]) > 3)
    return report.out_dir, slots, results, furniture


@pytest.fixture(scope="module")
def booklet_parts(tmp_path_factory) -> tuple:
    """The mini congress's booklet as assembly receives it: slots, parts and furniture."""
    from .conftest import MINI, copy_project

    project = copy_project(MINI, tmp_path_factory.mktemp("merge") / "mini")
    return (project, *captured_booklet(project))


def test_the_built_booklet_has_one_subset_of_each_font_unless_its_parts_disagree(booklet_parts):
    _project, out_dir, slots, results, furniture = booklet_parts
    apart = assemble(slots, results, furniture).pdf
    for name in ("booklet.pdf", "booklet-imposed.pdf", "booklet-screen.pdf"):
        with pikepdf.open(out_dir / name) as pdf:
            fonts = fonts_used(pdf)
            faces = {face(f) for f in fonts}
            assert faces == {face(f) for f in fonts_used(apart)}
            assert len(fonts) < len(fonts_used(apart)) / 3
            # Two subsets of one font remain only where the parts gave a glyph two widths
            # (or two texts): WeasyPrint rounds a width at the size it first meets the glyph.
            facts = {f.objgen: fontmerge._facts(f)[0] for f in fonts}
            for a in fonts:
                for b in fonts:
                    if a.objgen < b.objgen and face(a) == face(b):
                        fa, fb = facts[a.objgen], facts[b.objgen]
                        agree = fontmerge._agree(fa.widths, fb.widths) and fontmerge._agree(fa.text, fb.text)
                        assert fa.kind != fb.kind or not agree
            programs = {f.DescendantFonts[0].FontDescriptor.FontFile3.objgen for f in fonts}
            assert len(programs) == len(fonts)


def test_merging_changes_nothing_drawn_and_each_subset_holds_every_glyph_drawn(booklet_parts):
    project, _out_dir, slots, results, furniture = booklet_parts
    apart = assemble(slots, results, furniture).pdf
    merged = assemble(slots, results, furniture, fonts=FontSources(FONTS, project / ".ecrprint-cache" / "fonts")).pdf
    assert len(fonts_used(merged)) < len(fonts_used(apart)) / 3
    assert rasters(merged) == rasters(apart)
    assert texts(merged) == texts(apart)
    for font in fonts_used(merged):
        program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()))
        charstrings = program["CFF "].cff.topDictIndex[0].CharStrings
        order = program.getGlyphOrder()
        text = fontmerge._facts(font)[0].text
        drawn = [g for g in widths(font) if bytes.fromhex(text.get(g, "")).decode("utf-16-be").strip()]
        assert len(drawn) > 5
        for glyph in drawn:
            charstring = charstrings[order[glyph]]
            charstring.decompile()
            assert any(isinstance(op, str) and op != "endchar" for op in charstring.program), (face(font), glyph)


def test_fonts_whose_width_of_a_glyph_differs_keep_subsets_of_their_own(booklet_parts):
    """WeasyPrint places each glyph after the width its document gave the one before: a part
    whose width of a glyph differs keeps its own font, and its pages look as they did."""
    _project, _out_dir, slots, results, furniture = booklet_parts
    key = next(k for k in results if k.startswith("programme"))
    with pikepdf.open(io.BytesIO(results[key].pdf)) as part:
        font = next(f for f in fonts_used(part) if face(f) == "Inter")
        glyph, width = next(iter(widths(font).items()))
        cid = font.DescendantFonts[0]
        cid.W = pikepdf.Object.parse(
            re.sub(rb"^\[\s*%d\s*\[\s*[\d.]+" % glyph, b"[ %d [ %d" % (glyph, width + 7), cid.W.unparse())
        )
        buffer = io.BytesIO()
        part.save(buffer)
    changed = dict(results)
    changed[key] = RenderResult(**{**vars(results[key]), "pdf": buffer.getvalue(), "cache_key": ""})
    apart = assemble(slots, changed, furniture).pdf
    merged = assemble(slots, changed, furniture, fonts=FontSources(FONTS)).pdf
    assert rasters(merged) == rasters(apart)
    page = next(i for i, s in enumerate(slots) if s.part == key)
    own = [f for f in fonts_used(merged) if face(f) == "Inter" and widths(f).get(glyph) == width + 7]
    others = [f for f in fonts_used(merged) if face(f) == "Inter" and widths(f).get(glyph) == width]
    assert len(own) == 1 and others
    resources = merged.pages[page].obj.Resources.Font
    assert own[0].objgen in {resources[name].objgen for name in resources.keys()}


def test_subsets_stay_apart_when_the_font_file_is_not_among_the_projects_fonts(booklet_parts, tmp_path: Path):
    _project, _out_dir, slots, results, furniture = booklet_parts
    apart = assemble(slots, results, furniture).pdf
    (tmp_path / "fonts").mkdir()
    elsewhere = assemble(slots, results, furniture, fonts=FontSources((tmp_path / "fonts",))).pdf
    assert len(fonts_used(elsewhere)) == len(fonts_used(apart))


def test_damaged_cache_entries_are_made_again(booklet_parts, tmp_path: Path, monkeypatch):
    _project, _out_dir, slots, results, furniture = booklet_parts
    cache = tmp_path / "fonts"
    monkeypatch.setattr(fontmerge, "_programs", {})
    monkeypatch.setattr(fontmerge, "_facts_kept", {})
    first = assemble(slots, results, furniture, fonts=FontSources(FONTS, cache)).pdf
    stored = sorted(cache.iterdir())
    assert any(p.name.startswith("facts-") for p in stored) and any(p.name.startswith("subset-") for p in stored)
    for path in stored:
        path.write_bytes(b"not what was kept")
    # A new process: nothing kept in memory.
    monkeypatch.setattr(fontmerge, "_programs", {})
    monkeypatch.setattr(fontmerge, "_facts_kept", {})
    again = assemble(slots, results, furniture, fonts=FontSources(FONTS, cache)).pdf
    assert rasters(again) == rasters(first)
    assert len(fonts_used(again)) == len(fonts_used(first))
    assert all(path.read_bytes() != b"not what was kept" for path in stored)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(
    not DEJAVU.is_file(), reason="needs DejaVu Sans (Debian's fonts-dejavu-core, which fontconfig pulls in)"
)
def test_truetype_subsets_of_a_projects_own_font_are_merged_too(mini_project: Path):
    """A project's own font file, here a TrueType font in place of the regular weight: its
    subsets (glyf outlines, FontFile2) are merged as the bundled OpenType fonts' are."""
    (mini_project / "fonts").mkdir()
    (mini_project / "fonts" / "Inter-Regular.otf").write_bytes(DEJAVU.read_bytes())
    out_dir, slots, results, furniture = captured_booklet(mini_project)
    apart = assemble(slots, results, furniture).pdf
    with pikepdf.open(out_dir / "booklet.pdf") as pdf:
        merged = [f for f in fonts_used(pdf) if "/FontFile2" in f.DescendantFonts[0].FontDescriptor]
        before = [f for f in fonts_used(apart) if "/FontFile2" in f.DescendantFonts[0].FontDescriptor]
        assert merged and len(before) > 3 * len(merged)
        assert {face(f) for f in merged} == {face(f) for f in before}
        for font in merged:
            program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
            assert program["name"].getDebugName(6) == "DejaVuSans"
            order, glyphs = program.getGlyphOrder(), program["glyf"]
            text = fontmerge._facts(font)[0].text
            drawn = [g for g in widths(font) if bytes.fromhex(text.get(g, "")).decode("utf-16-be").strip()]
            assert len(drawn) > 5 and all(glyphs[order[g]].numberOfContours != 0 for g in drawn)
        assert rasters(pdf) == rasters(apart)


def wider(font: bytes, char: str, units: int) -> bytes:
    """The font with one character's advance wider, in place in its hmtx table: a font file
    of the same size that draws otherwise."""
    program = TTFont(io.BytesIO(font))
    gid = program.getGlyphOrder().index(program.getBestCmap()[ord(char)])
    data = bytearray(font)
    tables = struct.unpack(">H", data[4:6])[0]
    for i in range(tables):
        tag, _sum, offset, _length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if tag == b"hmtx":
            at = offset + 4 * gid
            data[at : at + 2] = struct.pack(">H", struct.unpack(">H", data[at : at + 2])[0] + units)
    return bytes(data)


def test_a_font_replaced_with_its_size_and_time_kept_merges_as_a_clean_build_does(mini_project: Path, tmp_path: Path):
    """A project's font file replaced by another of the same size, its time kept (copied with
    its times, or unpacked from an archive): the next build's door-sign batches are a clean
    build's, byte for byte. Subsets cut from a font were kept by its name, size and time, so the
    old file's were found; they did not match the new parts, which then kept a subset each."""
    fonts = mini_project / "fonts"
    fonts.mkdir()
    for font in FONTS[0].glob("*.otf"):
        (fonts / font.name).write_bytes(font.read_bytes())
    ecrprint_ok("build", str(mini_project), "--only", "door-sign")
    regular = fonts / "Inter-Regular.otf"
    before = regular.stat()
    regular.write_bytes(wider(regular.read_bytes(), "e", 150))
    os.utime(regular, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert regular.stat().st_size == before.st_size
    ecrprint_ok("build", str(mini_project), "--only", "door-sign")
    ecrprint_ok("build", str(mini_project), "--out", str(tmp_path / "clean"), "--only", "door-sign", "--no-cache")
    batch = Path("signs") / "2025-03-05" / "door-signs-2025-03-05-all.pdf"
    assert (mini_project / "output" / batch).read_bytes() == (tmp_path / "clean" / batch).read_bytes()
