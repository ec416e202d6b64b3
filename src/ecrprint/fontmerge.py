"""One font subset per font in an assembled document, instead of one per part.

Each part is a WeasyPrint document of its own, so each embeds its own subset of every font it
uses: the benchmark's 372-page booklet came to 271 subsets of six fonts, two thirds of its
bytes. Here the subsets of one font are replaced by a single subset of the font file that holds
every glyph they hold, and the pages' font resources lead to it. Pages are not touched.

A subset can join another only where nothing a page shows would change:
- the same font file (found among the project's fonts by its PostScript name, and proved to be
  the one by cutting from it, byte for byte, the subset a part embeds);
- the same widths for the glyphs both have: WeasyPrint records a glyph's width at the size it
  first meets it, rounded, and places the glyphs after it by that width, so a part that met a
  glyph at another size may have a width one thousandth of an em apart, and keeps a subset of
  its own;
- the same text for the glyphs both have, and the same font descriptor values.
Fonts that fit none of this (another encoding, a font file not among the project's fonts, a
library that cannot subset) stay as they are.

What each part's fonts hold is read once per part and kept with the part's cache key, so an
edit reads only the parts it rendered again.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pikepdf

from . import cachefiles, fontsubset
from .filestate import file_state
from .fontcoverage import font_files
from .renderer import file_digest

_FONT_FILES = ("/FontFile2", "/FontFile3")
_WIDTHS = re.compile(rb"(\d+)\s*\[([^\]]*)\]")
_TEXT = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]*)>")
_TAG = re.compile(r"^/[A-Z]{6}\+")
# Font descriptor entries that differ between subsets of one font through the glyphs each
# holds, or through the size WeasyPrint first met the font at (its ascent and descent, rounded
# to thousandths of an em; with the font embedded, they change nothing drawn). The merged
# subset gets its own, or its first font's.
_PER_SUBSET = {"/FontName", "/FontBBox", "/Ascent", "/Descent", "/CapHeight", "/Flags", "/CIDSet", *_FONT_FILES}


class Facts(NamedTuple):
    """What a part's font holds, as far as merging goes."""

    kind: str  # what subsets of one font share: its name and edition, program type, descriptor values
    file_key: str  # "/FontFile2" or "/FontFile3"
    widths: dict[int, str]  # glyph -> width as written
    text: dict[int, str]  # glyph -> its text, as hex UTF-16
    postscript: str  # the name inside the embedded subset
    program: str  # the subset's digest
    program_glyphs: tuple[int, ...]  # the glyphs of every font of the part that shares the subset


def _facts(font: pikepdf.Object) -> tuple[Facts, tuple[int, int]] | None:
    """A part's font and the object number of its subset (``program_glyphs`` left empty:
    ``part_facts`` fills it in), or None for a font this module leaves alone."""
    if not isinstance(font, pikepdf.Dictionary) or not font.is_indirect:
        return None
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendants, cmap = font.get("/DescendantFonts"), font.get("/ToUnicode")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1 or not isinstance(cmap, pikepdf.Stream):
        return None
    cid = descendants[0]
    if cid.get("/Subtype") not in ("/CIDFontType0", "/CIDFontType2") or "/W" not in cid:
        return None
    if cid.get("/CIDToGIDMap", pikepdf.Name.Identity) != "/Identity":
        return None
    descriptor = cid.get("/FontDescriptor")
    if not isinstance(descriptor, pikepdf.Dictionary):
        return None
    files = [key for key in _FONT_FILES if key in descriptor]
    name = str(font.get("/BaseFont", ""))
    if len(files) != 1 or not isinstance(descriptor[files[0]], pikepdf.Stream) or not _TAG.match(name):
        return None
    written = cid.W.unparse()
    if b"".join(_WIDTHS.sub(b"", written).split()) != b"[]":  # a range, "first last width": not WeasyPrint's
        return None
    widths = {}
    for match in _WIDTHS.finditer(written):
        first = int(match[1])
        for offset, value in enumerate(match[2].split()):
            widths[first + offset] = value.decode()
    text = cmap.read_bytes()
    if b"beginbfrange" in text or not widths:
        return None
    program = descriptor[files[0]]
    data = program.read_bytes()
    kind = [
        name[8:],
        fontsubset.edition(data),
        files[0],
        str(program.get("/Subtype", "")),
        int(descriptor.get("/Flags", 0)) & ~1,  # bit 1, fixed pitch, follows the widths
        "/CIDSet" in descriptor,
        sorted([k, _written(v)] for k, v in descriptor.items() if k not in _PER_SUBSET),
        sorted([k, _written(v)] for k, v in cid.items() if k not in ("/BaseFont", "/W", "/FontDescriptor")),
    ]
    facts = Facts(
        json.dumps(kind),
        files[0],
        widths,
        {int(glyph, 16): hexa.decode().lower() for glyph, hexa in _TEXT.findall(text)},
        fontsubset.postscript_name(data) or "",
        hashlib.sha256(data).hexdigest(),
        (),
    )
    return facts, program.objgen


def _written(value: object) -> str:
    """A PDF value as written, for comparison (pikepdf gives numbers and booleans as Python's)."""
    return value.unparse().decode("latin-1") if isinstance(value, pikepdf.Object) else repr(value)


def resource_fonts(resources: pikepdf.Object, seen: set) -> Iterator[tuple[pikepdf.Dictionary, str]]:
    """(font resource dictionary, name) for each font that ``resources`` and the form
    XObjects and patterns drawn under them use, at any depth."""
    stack = [resources]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        fonts = resources.get("/Font")
        if isinstance(fonts, pikepdf.Dictionary):
            for name in sorted(fonts.keys()):  # pikepdf gives a set: in hash order
                yield fonts, name
        for kind in ("/XObject", "/Pattern"):
            drawn = resources.get(kind)
            if not isinstance(drawn, pikepdf.Dictionary):
                continue
            for _name, thing in drawn.items():
                if isinstance(thing, (pikepdf.Dictionary, pikepdf.Stream)):
                    if thing.is_indirect:
                        if thing.objgen in seen:
                            continue
                        seen.add(thing.objgen)
                    stack.append(thing.get("/Resources"))


def part_facts(pdf: pikepdf.Pdf) -> dict[str, Facts]:
    """Resource name -> facts, for the fonts a part's pages use that can be merged. A name
    that leads to two fonts in the part is left out."""
    found: dict[str, tuple[Facts, tuple[int, int]] | None] = {}
    fonts_by_name: dict[str, tuple[int, int]] = {}
    seen: set = set()
    for page in pdf.pages:
        for holder, name in resource_fonts(page.obj.get("/Resources"), seen):
            font = holder[name]
            if name in fonts_by_name:
                if fonts_by_name[name] != font.objgen:
                    found[name] = None
                continue
            fonts_by_name[name] = font.objgen
            found[name] = _facts(font)
    glyphs_of: dict[tuple[int, int], set[int]] = {}
    for entry in found.values():
        if entry is not None:
            glyphs_of.setdefault(entry[1], set()).update(entry[0].widths)
    return {
        name: entry[0]._replace(program_glyphs=tuple(sorted(glyphs_of[entry[1]])))
        for name, entry in found.items()
        if entry is not None
    }


@dataclass(frozen=True)
class FontSources:
    """Where the fonts the parts embed come from: the project's font folders. Subsets cut
    from them, and what each part's fonts hold, are kept in ``cache`` (the project's
    ``.ecrprint-cache/fonts``), if given: an edit merges mostly what the build before it did."""

    dirs: tuple[Path, ...]
    cache: Path | None = None

    def named(self, name: str) -> list[Path]:
        """The font files whose PostScript name is ``name``."""
        found = []
        try:
            files = font_files(self.dirs)
        except OSError:
            return found
        for path in files:
            try:
                state = file_state(path.stat())
                known = _names.get(path)
                if known is None or known[0] != state:
                    known = _names[path] = (state, fontsubset.postscript_name(path.read_bytes()))
            except OSError:
                continue
            if known[1] == name:
                found.append(path)
        return found

    def _stored(self, kind: str, key: str) -> Path | None:
        return self.cache / f"{kind}-{key}" if self.cache is not None else None

    def _read(self, path: Path | None) -> bytes | None:
        return cachefiles.read(path) if path is not None else None

    def _keep(self, path: Path | None, data: bytes) -> None:
        if path is not None:
            try:
                cachefiles.write(path, data)
            except OSError:
                pass  # a cache that cannot be written is skipped

    def subset(self, path: Path, gids: Iterable[int]) -> bytes | None:
        """The subset of a font file that WeasyPrint would embed for ``gids``, compressed;
        None if the file cannot be read or HarfBuzz refuses."""
        try:
            # By what the file holds: one replaced by a file of its size and time (copied with
            # its times) must not be taken for the file the cache's subsets were cut from.
            sha = file_digest(path)[0]
        except OSError:
            return None
        wanted = tuple(sorted(gids))
        identity = f"ecrprint subset 2\0{sha}\0{wanted}"
        key = hashlib.sha256(identity.encode()).hexdigest()[:40]
        if key in _programs:
            return _programs[key]
        stored = self._stored("subset", f"{key}.z")
        program = self._read(stored)
        if program is not None:
            try:
                zlib.decompress(program)
            except zlib.error:
                program = None  # a damaged entry is made again
        if program is None:
            try:
                made = fontsubset.subset(path.read_bytes(), wanted)
            except OSError:
                made = None
            if made is not None:
                program = zlib.compress(made)
                self._keep(stored, program)
        _remember(_programs, key, program)
        return program

    def facts(self, cache_key: str, pdf: pikepdf.Pdf) -> dict[str, Facts]:
        """``part_facts`` of a part, kept by the part's cache key."""
        if cache_key and cache_key in _facts_kept:
            return _facts_kept[cache_key]
        stored = self._stored("facts", f"{cache_key}.json") if cache_key else None
        raw = self._read(stored)
        found = None
        if raw is not None:
            try:
                found = {
                    str(name): Facts(
                        str(kind),
                        str(file_key),
                        {int(g): str(w) for g, w in widths.items()},
                        {int(g): str(t) for g, t in text.items()},
                        str(postscript),
                        str(program),
                        tuple(int(g) for g in glyphs),
                    )
                    for name, (kind, file_key, widths, text, postscript, program, glyphs) in json.loads(raw).items()
                }
            except (ValueError, TypeError, AttributeError):
                found = None  # a damaged entry is made again
        if found is None:
            found = part_facts(pdf)
            if stored is not None:
                self._keep(stored, json.dumps(found, separators=(",", ":")).encode())
        if cache_key:
            _remember(_facts_kept, cache_key, found)
        return found


# Kept for the rest of the process (``ecrprint watch`` merges the same subsets edit after edit).
_names: dict[Path, tuple[tuple[int, ...], str | None]] = {}
_programs: dict[str, bytes | None] = {}
_facts_kept: dict[str, dict[str, Facts]] = {}


def _remember(kept: dict, key: str, value: object) -> None:
    if len(kept) > 1024:
        kept.clear()
    kept[key] = value


class _Group:
    """Fonts whose subsets become one."""

    def __init__(self, font: pikepdf.Dictionary, facts: Facts):
        self.fonts = [font]
        self.facts = facts
        self.widths = dict(facts.widths)
        self.text = dict(facts.text)

    def takes(self, facts: Facts) -> bool:
        return _agree(self.widths, facts.widths) and _agree(self.text, facts.text)

    def add(self, font: pikepdf.Dictionary, facts: Facts) -> None:
        self.fonts.append(font)
        self.widths.update(facts.widths)
        self.text.update(facts.text)


def _agree(ours: dict, theirs: dict) -> bool:
    """No key of both with two values."""
    return all(ours[key] == theirs[key] for key in ours.keys() & theirs.keys())


def _widths_array(widths: dict[int, str]) -> bytes:
    out, previous = ["["], None
    for glyph in sorted(widths):
        if previous is None or glyph != previous + 1:
            if previous is not None:
                out.append("]")
            out.append(f"{glyph} [")
        out.append(widths[glyph] + " ")
        previous = glyph
    out.append("]]")
    return "".join(out).encode()


def _to_unicode(text: dict[int, str]) -> bytes:
    """A ToUnicode CMap as WeasyPrint writes one, its glyphs in order."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (Adobe)",
        "/Ordering (UCS)",
        "/Supplement 0",
        ">> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <ffff>",
        "endcodespacerange",
    ]
    glyphs = sorted(text)
    for start in range(0, len(glyphs), 100):
        batch = glyphs[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar")
        lines += [f"<{glyph:04x}> <{text[glyph]}>" for glyph in batch]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


def _stream(pdf: pikepdf.Pdf, compressed: bytes, **entries) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(compressed, filter=pikepdf.Name.FlateDecode)
    for key, value in entries.items():
        stream[key] = value
    return pdf.make_indirect(stream)


def _merged_font(pdf: pikepdf.Pdf, group: _Group, program: bytes) -> pikepdf.Dictionary:
    """The group's Type0 font, made after its first font, with the merged subset
    (``program``, compressed), the widths and text of all, and the descriptor values
    WeasyPrint derives from them."""
    first = group.fonts[0]
    cid = first.DescendantFonts[0]
    descriptor = pikepdf.Dictionary(dict(cid.FontDescriptor.items()))
    file_key = group.facts.file_key
    original = descriptor[file_key]
    extra = {"/Subtype": original.Subtype} if "/Subtype" in original else {"/Length1": len(zlib.decompress(program))}
    descriptor[file_key] = _stream(pdf, program, **extra)
    flags = int(descriptor.get("/Flags", 0)) & ~1
    if len(group.widths) > 1 and len({float(w) for w in group.widths.values()}) == 1:
        flags |= 1
    descriptor.Flags = flags
    widest = pikepdf.Object.parse(max(group.widths.values(), key=float).encode())
    descriptor.FontBBox = pikepdf.Array([0, descriptor.get("/Descent", 0), widest, descriptor.get("/Ascent", 0)])
    if "/CIDSet" in descriptor:
        glyphs = sorted(group.widths)
        bits = bytearray((glyphs[-1] + 8) // 8)
        for glyph in glyphs:
            bits[glyph // 8] |= 0x80 >> (glyph % 8)
        descriptor.CIDSet = _stream(pdf, zlib.compress(bytes(bits)))
    new_cid = pikepdf.Dictionary(dict(cid.items()))
    new_cid.W = pikepdf.Object.parse(_widths_array(group.widths))
    new_cid.FontDescriptor = pdf.make_indirect(descriptor)
    font = pikepdf.Dictionary(dict(first.items()))
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(new_cid)])
    font.ToUnicode = _stream(pdf, zlib.compress(_to_unicode(group.text)))
    return pdf.make_indirect(font)


def _source(facts: Facts, sources: FontSources) -> Path | None:
    """The font file a subset was cut from: a file with its PostScript name from which the
    same subset is cut again, byte for byte."""
    for path in sources.named(facts.postscript):
        program = sources.subset(path, facts.program_glyphs)
        if program is not None and hashlib.sha256(zlib.decompress(program)).hexdigest() == facts.program:
            return path
    return None


def merge_font_subsets(
    pdf: pikepdf.Pdf, owners: Iterable[tuple[pikepdf.Object, dict[str, Facts]]], sources: FontSources
) -> tuple[int, int]:
    """Merge the subsets of each font in ``pdf`` where nothing drawn changes (see the module's
    notes). ``owners`` pairs the resources of the parts' pages in ``pdf`` with what the fonts
    of that part hold. Returns the number of fonts the pages use before and after."""
    by_kind: dict[str, list[tuple[pikepdf.Dictionary, Facts]]] = {}
    seen_fonts: set = set()
    seen: set = set()
    for resources, facts in owners:
        for holder, name in resource_fonts(resources, seen):
            found = facts.get(name)
            font = holder[name]
            if found is None or not font.is_indirect or font.objgen in seen_fonts:
                continue
            seen_fonts.add(font.objgen)
            by_kind.setdefault(found.kind, []).append((font, found))
    replace: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for members in by_kind.values():
        if len(members) < 2:
            continue
        source = _source(members[0][1], sources)
        if source is None:
            continue
        groups: list[_Group] = []
        for font, facts in members:
            group = next((g for g in groups if g.takes(facts)), None)
            if group is None:
                groups.append(_Group(font, facts))
            else:
                group.add(font, facts)
        for group in groups:
            if len(group.fonts) < 2:
                continue
            program = sources.subset(source, group.widths)
            if program is None:
                continue
            merged = _merged_font(pdf, group, program)
            for font in group.fonts:
                replace[font.objgen] = merged
    before: set = set()
    after: set = set()
    seen = set()
    for page in pdf.pages:
        for holder, name in resource_fonts(page.obj.get("/Resources"), seen):
            font = holder[name]
            before.add(font.objgen)
            if font.objgen in replace:
                font = holder[name] = replace[font.objgen]
            after.add(font.objgen)
    return len(before), len(after)
