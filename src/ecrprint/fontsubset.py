"""Subset a font program as WeasyPrint 70 does, with HarfBuzz: used glyphs kept at their own
glyph ids, and nothing after the last of them.

WeasyPrint's own HarfBuzz bindings can subset only the fonts Pango has opened, so this opens
the two libraries WeasyPrint loads (already in memory wherever it has been imported) with the
few functions a subset needs. Where they cannot be opened, ``subset`` gives None and font
subsets are simply not merged.
"""

from __future__ import annotations

import struct
import threading
from collections.abc import Iterable

from .fontcoverage import ranges

_DECLARATIONS = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data, void *destroy);
void hb_blob_destroy(hb_blob_t *blob);
const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
void hb_face_destroy(hb_face_t *face);
hb_blob_t *hb_face_reference_blob(hb_face_t *face);
void hb_set_add_range(hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
hb_tag_t hb_tag_from_string(const char *str, int len);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
"""

# From hb-subset.h and hb-blob.h.
_NO_HINTING, _RETAIN_GIDS, _DESUBROUTINIZE, _PASSTHROUGH_UNRECOGNIZED = 0x1, 0x2, 0x4, 0x20
_SETS_DROP_TABLE_TAG = 3
_MEMORY_MODE_DUPLICATE = 0
# The tables WeasyPrint 70 leaves out of every subset.
_DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")

_NAMES = {
    "harfbuzz": ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "harfbuzz"),
    "subset": ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll", "harfbuzz-subset"),
}
_loaded: dict = {}
_loading = threading.Lock()


def _libraries():
    """(ffi, harfbuzz, harfbuzz-subset), or None when either library cannot be opened. Opened
    once, under a lock: a thread that asked while another opened them got None, and left its
    subsets apart (a build's assembly beside a finishing job an executor ran as a thread)."""
    with _loading:
        if "libs" not in _loaded:
            _loaded["libs"] = _opened()
    return _loaded["libs"]


def _opened():
    try:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(_DECLARATIONS)
        opened = []
        for names in _NAMES.values():
            for name in names:
                try:
                    opened.append(ffi.dlopen(name))
                    break
                except OSError:
                    continue
        return (ffi, *opened) if len(opened) == 2 else None
    except Exception:  # no cffi, or a library without these functions: subsets stay apart
        return None


def subset(program: bytes, gids: Iterable[int]) -> bytes | None:
    """``program`` (a whole OpenType or TrueType font) cut down to ``gids`` as WeasyPrint 70
    embeds a font: glyph ids kept, CFF charstrings desubroutinized, no hinting, layout tables
    dropped; None when HarfBuzz refuses."""
    libs = _libraries()
    wanted = sorted(set(gids))
    if libs is None or not wanted:
        return None
    ffi, hb, hb_subset = libs
    blob = hb.hb_blob_create(program, len(program), _MEMORY_MODE_DUPLICATE, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    hb.hb_blob_destroy(blob)
    request = hb_subset.hb_subset_input_create_or_fail()
    first = second = ffi.NULL
    try:
        if request == ffi.NULL:
            return None
        glyphs = hb_subset.hb_subset_input_glyph_set(request)
        for start, end in ranges(wanted):
            hb.hb_set_add_range(glyphs, start, end)
        dropped = hb_subset.hb_subset_input_set(request, _SETS_DROP_TABLE_TAG)
        for tag in _DROPPED:
            hb.hb_set_add_range(dropped, hb.hb_tag_from_string(tag, 4), hb.hb_tag_from_string(tag, 4))
        hb_subset.hb_subset_input_set_flags(request, _RETAIN_GIDS | _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE)
        first = hb_subset.hb_subset_or_fail(face, request)
        if first == ffi.NULL:
            return None
        # Then, as WeasyPrint does, every glyph up to the last used one, without hinting.
        hb.hb_set_add_range(glyphs, 0, wanted[-1])
        hb_subset.hb_subset_input_set_flags(request, _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE | _NO_HINTING)
        second = hb_subset.hb_subset_or_fail(first, request)
        if second == ffi.NULL:
            return None
        data = hb.hb_face_reference_blob(second)
        length = ffi.new("unsigned int *")
        pointer = hb.hb_blob_get_data(data, length)
        out = ffi.unpack(pointer, length[0]) if pointer != ffi.NULL else b""
        hb.hb_blob_destroy(data)
        return out or None
    finally:
        for made in (second, first):
            if made != ffi.NULL:
                hb.hb_face_destroy(made)
        if request != ffi.NULL:
            hb_subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)


def _table(program: bytes, wanted: bytes) -> int | None:
    """Where a table of an OpenType or TrueType font starts; None if it has none, or is not
    such a font (a collection, a broken file)."""
    if program[:4] not in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
        return None
    (count,) = struct.unpack_from(">H", program, 4)
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", program, 12 + 16 * i)
        if tag == wanted:
            return offset
    return None


def edition(program: bytes) -> str | None:
    """The font's revision and the times its head table gives for making and changing it,
    which a subset keeps: two fonts of one name with the same edition are taken to be one."""
    try:
        offset = _table(program, b"head")
        return (
            None
            if offset is None
            else program[offset + 4 : offset + 8].hex() + program[offset + 20 : offset + 36].hex()
        )
    except struct.error:
        return None


def postscript_name(program: bytes) -> str | None:
    """The PostScript name (name id 6) of an OpenType or TrueType font, read from its name
    table; None for anything else (a collection, a broken file)."""
    return font_name(program, 6)


def font_name(program: bytes, wanted: int) -> str | None:
    """A string of an OpenType or TrueType font's name table (6 the PostScript name, 13 the
    licence's description); None if it has none, or for anything else."""
    try:
        offset = _table(program, b"name")
        if offset is None:
            return None
        _format, records, strings = struct.unpack_from(">HHH", program, offset)
        found = None
        for r in range(records):
            platform, encoding, _language, name_id, length, at = struct.unpack_from(
                ">HHHHHH", program, offset + 6 + 12 * r
            )
            if name_id != wanted:
                continue
            raw = program[offset + strings + at : offset + strings + at + length]
            if platform == 3 or platform == 0:
                return raw.decode("utf-16-be", "replace")
            if platform == 1 and encoding == 0 and found is None:
                found = raw.decode("latin-1")
        return found
    except struct.error:
        return None
