"""QR codes as compact vector paths: one run-length segment per horizontal run of dark modules."""

from __future__ import annotations

from functools import lru_cache

import qrcode
import qrcode.constants

QUIET_ZONE = 4  # modules of white border on every side, as the QR standard asks
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


@lru_cache(maxsize=4096)
def runs(url: str, level: str = "M") -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The module count and the dark runs (row, first column, length) of a URL's QR code."""
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    out = []
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if line[col]:
                start = col
                while col < len(line) and line[col]:
                    col += 1
                out.append((row, start, col - start))
            else:
                col += 1
    return len(matrix), tuple(out)


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


def pdf_operators(url: str, level: str, x: float, y: float, side: float) -> bytes:
    """PDF content operators that paint the code in CMYK black into a square.

    (x, y) is the square's lower-left corner and ``side`` its width, in PDF points; the
    square includes the quiet zone.
    """
    size, segments = runs(url, level)
    module = side / (size + 2 * QUIET_ZONE)
    top = y + side - QUIET_ZONE * module
    left = x + QUIET_ZONE * module
    parts = ["q 0 0 0 1 k"]
    for r, c, n in segments:
        parts.append(f"{left + c * module:.3f} {top - (r + 1) * module:.3f} {n * module:.3f} {module:.3f} re")
    parts.append("f Q")
    return "\n".join(parts).encode()
