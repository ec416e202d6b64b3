"""QR codes as compact vector paths: one run-length segment per horizontal run of dark modules."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.constants
import qrcode.util

from . import cachefiles

QUIET_ZONE = 4  # modules of white border on every side, as the QR standard asks
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


_DATA_ROWS: dict[int, list[int]] = {}


class _Code(qrcode.QRCode):
    """A QR code that knows which modules carry data: the ones still empty when the data is
    placed (they depend only on the version). Those are the only modules a mask changes."""

    def map_data(self, data, mask_pattern):
        if self.version not in _DATA_ROWS:
            _DATA_ROWS[self.version] = [_row_bits(cell is None for cell in row) for row in self.modules]
        super().map_data(data, mask_pattern)


def _row_bits(cells) -> int:
    """A row of modules as an integer; the leftmost module is the highest bit."""
    value = 0
    for cell in cells:
        value = (value << 1) | bool(cell)
    return value


@lru_cache(maxsize=64)
def _mask_rows(size: int, pattern: int) -> tuple[int, ...]:
    flips = qrcode.util.mask_func(pattern)
    return tuple(_row_bits(flips(r, c) for c in range(size)) for r in range(size))


_RUN = re.compile(r"0{5,}|1{5,}")
_DARK = re.compile(r"1+")


def penalty(rows: list[int], size: int) -> int:
    """The mask penalty of ISO/IEC 18004 (runs, 2×2 blocks, finder-like patterns, dark
    balance), scored exactly as the qrcode package scores it, but on whole rows at once."""
    lines = [format(row, f"0{size}b") for row in rows]
    lines += ["".join(column) for column in zip(*lines)]
    text = "|".join(lines)  # rows, then columns; "|" ends every run and pattern
    points = sum(len(run) - 2 for run in _RUN.findall(text))
    # Neither pattern can overlap itself, so counting them separately finds every one.
    points += 40 * (text.count("10111010000") + text.count("00001011101"))
    full = (1 << size) - 1
    blocks = 0
    for upper, lower in zip(rows, rows[1:]):
        dark = upper & lower
        light = ~(upper | lower) & full
        blocks += (dark & (dark << 1)).bit_count() + (light & (light << 1) & full).bit_count()
    points += 3 * blocks
    dark_share = float(sum(row.bit_count() for row in rows)) / size**2
    return points + 10 * int(abs(dark_share * 100 - 50) / 5)


def _lay_out(code: _Code) -> list[int]:
    """Lay the code out with the mask of lowest penalty (the first one on a tie), as the standard
    asks, and return its rows. The code is laid out once; every other mask is that layout with
    its data modules flipped, and the winner gets its format (and version) information."""
    code.makeImpl(True, 0)
    size = code.modules_count
    base = [_row_bits(row) for row in code.modules]
    data = _DATA_ROWS[code.version]
    zero = _mask_rows(size, 0)
    best, best_points, best_rows = 0, None, base
    for pattern in range(8):
        flips = _mask_rows(size, pattern)
        rows = [b ^ (d & (z ^ f)) for b, d, z, f in zip(base, data, zero, flips)]
        points = penalty(rows, size)
        if best_points is None or points < best_points:
            best, best_points, best_rows = pattern, points, rows
    # Write the winner back, then its format and version information over the blank ones.
    code.modules = [[bool(row >> (size - 1 - c) & 1) for c in range(size)] for row in best_rows]
    code.setup_type_info(False, best)
    if code.version >= 7:
        code.setup_type_number(False)
    return [_row_bits(row) for row in code.modules]


@lru_cache(maxsize=4096)
def runs(url: str, level: str = "M") -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The module count and the dark runs (row, first column, length) of a URL's QR code."""
    code = _Code(error_correction=_LEVELS[level], border=0)
    code.add_data(url)
    code.best_fit()
    size = code.modules_count = code.version * 4 + 17
    out = []
    for row, bits in enumerate(_lay_out(code)):
        line = format(bits, f"0{size}b")
        out.extend((row, run.start(), run.end() - run.start()) for run in _DARK.finditer(line))
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
    rebuild does not make again the codes of the sessions it renders again (about 2 ms each).
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
