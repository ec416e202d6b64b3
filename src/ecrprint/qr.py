"""QR codes as compact vector paths: one run-length segment per horizontal run of dark modules.

The codes are the qrcode package's, module for module: it splits the data into modes and lays
out each version's frame. ecrprint writes the codewords, places them and chooses the mask itself,
on whole rows of modules at once: 2 ms a code, where the package's own encoding took 5 ms and its
whole making 9 ms (a booklet has a code per session).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.base
import qrcode.constants
import qrcode.exceptions
import qrcode.util

from . import cachefiles

QUIET_ZONE = 4  # modules of white border on every side, as the QR standard asks
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


class _Frame(qrcode.QRCode):
    """A code that lays out only its function patterns and its format and version information:
    its data modules stay empty (None)."""

    def map_data(self, data, mask_pattern):
        pass


def _row_bits(cells) -> int:
    """A row of modules as an integer; the leftmost module is the highest bit."""
    value = 0
    for cell in cells:
        value = (value << 1) | bool(cell)
    return value


@lru_cache(maxsize=256)
def _frame(version: int, level: str, mask: int | None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The dark modules of a version's function patterns, and its data modules, as rows. With
    ``mask`` None the format (and version) information is left light, as the qrcode package
    leaves it while it scores the masks; otherwise it is the information of ``level`` and ``mask``."""
    code = _Frame(version=version, error_correction=_LEVELS[level], border=0)
    code.data_cache = ()  # nothing to encode: only the frame is laid out
    code.makeImpl(mask is None, mask or 0)
    dark = tuple(_row_bits(cell is True for cell in row) for row in code.modules)
    empty = tuple(_row_bits(cell is None for cell in row) for row in code.modules)
    return dark, empty


@lru_cache(maxsize=64)
def _placement(version: int) -> tuple[tuple[int, int], ...]:
    """Where each data bit goes, in order: (row, the module's bit in its row). Columns are
    taken in pairs from the right, upwards and downwards in turn, skipping the timing column,
    as ISO/IEC 18004 places them."""
    size = version * 4 + 17
    _, empty = _frame(version, "M", None)
    order = []
    upwards = True
    col = size - 1
    while col > 0:
        if col == 6:
            col -= 1
        for row in range(size - 1, -1, -1) if upwards else range(size):
            for c in (col, col - 1):
                bit = 1 << (size - 1 - c)
                if empty[row] & bit:
                    order.append((row, bit))
        upwards = not upwards
        col -= 2
    return tuple(order)


@lru_cache(maxsize=64)
def _mask_rows(size: int, pattern: int) -> tuple[int, ...]:
    flips = qrcode.util.mask_func(pattern)
    return tuple(_row_bits(flips(r, c) for c in range(size)) for r in range(size))


class _Bits:
    """Collects what ``QRData.write`` puts, as one integer: the first bit put is the highest."""

    __slots__ = ("value", "length")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, number: int, length: int) -> None:
        self.value = (self.value << length) | (number & ((1 << length) - 1))
        self.length += length


def _bits(chunks, version: int) -> _Bits:
    """Each chunk's mode, length and data, as the given version counts lengths."""
    sizes = qrcode.util.mode_sizes_for_version(version)
    bits = _Bits()
    for chunk in chunks:
        bits.put(chunk.mode, 4)
        bits.put(len(chunk), sizes[chunk.mode])
        chunk.write(bits)
    return bits


def _version(chunks, correction: int) -> int:
    """The smallest version that holds the data, chosen as the qrcode package chooses it."""
    start = 1
    while True:
        needed = _bits(chunks, start).length
        version = bisect.bisect_left(qrcode.util.BIT_LIMIT_TABLE[correction], needed, start)
        if version > 40:
            raise qrcode.exceptions.DataOverflowError(f"{needed} bits do not fit in a QR code")
        if qrcode.util.mode_sizes_for_version(version) is qrcode.util.mode_sizes_for_version(start):
            return version
        start = version


_EXP = [1] * 512  # powers of 2 in GF(256), reduced by x^8 + x^4 + x^3 + x^2 + 1, twice over
_LOG = [0] * 256
for _i in range(1, 255):
    _EXP[_i] = _EXP[_i - 1] << 1 ^ (0x11D if _EXP[_i - 1] & 0x80 else 0)
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]
for _i in range(255):
    _LOG[_EXP[_i]] = _i


@lru_cache(maxsize=32)
def _generator(degree: int) -> tuple[int, ...]:
    """The logarithms of the Reed-Solomon generator's coefficients, (x - 1)(x - 2)…(x - 2^(degree-1)),
    leading coefficient left out."""
    poly = [1]
    for i in range(degree):
        poly = [a ^ (_EXP[_LOG[b] + i] if b else 0) for a, b in zip([*poly, 0], [0, *poly])]
    return tuple(_LOG[c] for c in poly[1:])


def _correction(data: bytes, degree: int) -> list[int]:
    """The error correction codewords of one block: the remainder of data·x^degree divided by
    the generator."""
    generator = _generator(degree)
    rest = [0] * degree
    for byte in data:
        factor = byte ^ rest[0]
        rest = rest[1:]
        rest.append(0)
        if factor:
            shift = _LOG[factor]
            rest = [r ^ _EXP[shift + g] for r, g in zip(rest, generator)]
    return rest


def _codewords(chunks, version: int, correction: int) -> bytes:
    """The data, terminated and padded to the version's capacity, in blocks, with each block's
    error correction, interleaved as the standard orders them."""
    blocks = qrcode.base.rs_blocks(version, correction)
    limit = 8 * sum(block.data_count for block in blocks)
    bits = _bits(chunks, version)
    end = min(limit, bits.length + 4)  # a terminator of up to four zero bits
    end += -end % 8  # then zeros to a whole byte
    data = (bits.value << (end - bits.length)).to_bytes(end // 8, "big")
    data += bytes((0xEC, 0x11) * limit)[: limit // 8 - len(data)]
    data_blocks, correction_blocks, offset = [], [], 0
    for block in blocks:
        piece = data[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(piece)
        correction_blocks.append(_correction(piece, block.total_count - block.data_count))
    out = bytearray()
    for group in (data_blocks, correction_blocks):
        for i in range(max(len(block) for block in group)):
            out.extend(block[i] for block in group if i < len(block))
    return bytes(out)


_DARK = re.compile(r"1+")


_AS_DARK = str.maketrans("|", "0")
_AS_LIGHT = str.maketrans("01|", "100")


def _bits_of(text: str) -> tuple[int, int]:
    """Lines of 0 and 1, each ended by "|", as two numbers: one with a bit for each dark
    module, one for each light module. Each "|" is a clear bit in both, so no run and no block
    reaches from one line into the next."""
    return int(text.translate(_AS_DARK), 2), int(text.translate(_AS_LIGHT), 2)


def penalty(rows: list[int], size: int) -> int:
    """The mask penalty of ISO/IEC 18004 (runs, 2×2 blocks, finder-like patterns, dark
    balance), scored exactly as the qrcode package scores it, on all the lines at once."""
    lines = [format(row, f"0{size}b") for row in rows]
    across = "|".join(lines) + "|"
    down = "|".join("".join(column) for column in zip(*lines)) + "|"
    points = 0
    for bits in (*_bits_of(across), *_bits_of(down)):
        # Runs of five or more of one colour: 3 points for five, one more for each module
        # beyond. A run of n holds n - 4 windows of five and scores n - 2: its windows, and two.
        windows = bits & bits >> 1 & bits >> 2 & bits >> 3 & bits >> 4
        points += windows.bit_count() + 2 * (windows & ~(windows >> 1)).bit_count()
    for bits in _bits_of(across):
        # 2×2 blocks of one colour, 3 points each: a line and the next are size + 1 bits apart.
        pairs = bits & bits >> (size + 1)
        points += 3 * (pairs & pairs >> 1).bit_count()
    # Finder-like patterns. Neither can overlap itself, so counting them separately finds each.
    for text in (across, down):
        points += 40 * (text.count("10111010000") + text.count("00001011101"))
    dark_share = float(sum(row.bit_count() for row in rows)) / size**2
    return points + 10 * int(abs(dark_share * 100 - 50) / 5)


def _rows(url: str, level: str) -> list[int]:
    """The code's rows, with the mask of lowest penalty (the first one on a tie), as the
    standard asks and as the qrcode package chooses it: its modules are those of
    ``qrcode.QRCode(error_correction=…).add_data(url)`` made to fit."""
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(url)
    version = _version(code.data_list, code.error_correction)
    size = version * 4 + 17
    codewords = _codewords(code.data_list, version, code.error_correction)
    data = [0] * size
    for (row, bit), value in zip(
        _placement(version), format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    ):
        if value == "1":
            data[row] |= bit
    frame, empty = _frame(version, level, None)
    best, best_points = 0, None
    for pattern in range(8):
        flips = _mask_rows(size, pattern)
        points = penalty([f | (d ^ (e & m)) for f, d, e, m in zip(frame, data, empty, flips)], size)
        if best_points is None or points < best_points:
            best, best_points = pattern, points
    frame, _ = _frame(version, level, best)  # now with the winner's format information
    flips = _mask_rows(size, best)
    return [f | (d ^ (e & m)) for f, d, e, m in zip(frame, data, empty, flips)]


@lru_cache(maxsize=4096)
def runs(url: str, level: str = "M") -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The module count and the dark runs (row, first column, length) of a URL's QR code."""
    rows = _rows(url, level)
    size = len(rows)
    out = []
    for row, bits in enumerate(rows):
        line = format(bits, f"0{size}b")
        for run in _DARK.finditer(line):
            first, end = run.span()
            out.append((row, first, end - first))
    return size, tuple(out)


def svg(url: str, level: str = "M", colour: str = "device-cmyk(0 0 0 1)") -> str:
    """An inline SVG of the code, quiet zone included, drawn as one path."""
    size, segments = runs(url, level)
    total = size + 2 * QUIET_ZONE
    d = "".join(f"M{c + QUIET_ZONE} {r + QUIET_ZONE}h{n}v1h-{n}z" for r, c, n in segments)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {total}" '
        f'width="100%" height="100%" shape-rendering="crispEdges">'
        f'<path fill="{colour}" d="{d}"/></svg>'
    )


class RunStore:
    """QR codes kept in the project's cache, one small JSON file per URL and level, so that a
    rebuild does not make again the codes of the sessions it renders again (2 ms each).
    Without a folder, codes are only kept in this process."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None

    def _path(self, url: str, level: str) -> Path:
        digest = hashlib.sha256(f"ecrprint qr 1\0{level}\0{url}".encode()).hexdigest()[:40]
        return self.folder / f"{digest}.json"

    def runs(self, url: str, level: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
        if self.folder is None:
            return runs(url, level)
        path = self._path(url, level)
        stored = cachefiles.read(path)
        if stored is not None:
            try:
                size, segments = json.loads(stored)
                return int(size), tuple((int(r), int(c), int(n)) for r, c, n in segments)
            except (ValueError, TypeError):
                pass
        made = runs(url, level)
        try:
            cachefiles.write(path, json.dumps(made, separators=(",", ":")).encode())
        except OSError:
            pass  # a cache that cannot be written is skipped
        return made


def pdf_operators(url: str, level: str, x: float, y: float, side: float, store: RunStore | None = None) -> bytes:
    """PDF content operators that paint the code in CMYK black into a square.

    (x, y) is the square's lower-left corner and ``side`` its width, in PDF points; the
    square includes the quiet zone.
    """
    size, segments = store.runs(url, level) if store is not None else runs(url, level)
    module = side / (size + 2 * QUIET_ZONE)
    top = y + side - QUIET_ZONE * module
    left = x + QUIET_ZONE * module
    # Drawn in module units from the code's top-left corner, y downwards: whole numbers keep
    # the operators short (a large booklet has thousands of codes).
    parts = [f"q 0 0 0 1 k {module:.5f} 0 0 {-module:.5f} {left:.3f} {top:.3f} cm"]
    parts.extend(f"{c} {r} {n} 1 re" for r, c, n in segments)
    parts.append("f Q")
    return "\n".join(parts).encode()
