"""Send a sign or notice straight to an office printer on site, through CUPS's ``lp``.

The files in the output folder are for the print shop: each page carries 3 mm of bleed around
its trim, so a viewer prints it shrunk to fit the sheet. What goes to the office printer is a
copy cut to the trim, on paper of the trim's size, so an A4 sign prints at 100 % on A4.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BuildError

_ISO_SIZES_MM = {"A5": (148, 210), "A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841)}
_PT_PER_MM = 72 / 25.4


def trimmed_copy(source: Path, target: Path) -> tuple[float, float]:
    """Write ``source`` with every page cut to its TrimBox; return the first page's trim in mm."""
    import pikepdf

    with pikepdf.open(io.BytesIO(source.read_bytes())) as pdf:  # pikepdf takes no name that is not UTF-8
        size = None
        for page in pdf.pages:
            trim = page.obj.get("/TrimBox", page.obj.MediaBox)
            page.obj.MediaBox = pikepdf.Array(list(trim))
            page.obj.CropBox = pikepdf.Array(list(trim))
            for name in ("/BleedBox", "/ArtBox"):
                if name in page.obj:
                    del page.obj[name]
            if size is None:
                x1, y1, x2, y2 = (float(v) for v in trim)
                size = (abs(x2 - x1) / _PT_PER_MM, abs(y2 - y1) / _PT_PER_MM)
        pdf.save(target, deterministic_id=True)
    return size or (0.0, 0.0)


def media_name(width_mm: float, height_mm: float) -> str:
    """CUPS's name for paper of that size: an ISO name when it is one (either way round)."""
    short, long = sorted((width_mm, height_mm))
    for name, (w, h) in _ISO_SIZES_MM.items():
        if abs(short - w) < 1 and abs(long - h) < 1:
            return name
    return f"Custom.{round(width_mm)}x{round(height_mm)}mm"


# How long ``lp`` may take to accept a file: it only queues it, so a wait this long means trouble.
LP_TIMEOUT_S = 30


# What every failure to print can say: the file is written, and its path printed above it.
BY_HAND = "Open the file above and print it at 100 %."


def send(paths: list[Path], printer: str | None) -> list[str]:
    """Print each file, cut to its trim, on ``printer`` (the default one when None). Returns
    what ``lp`` said for each; raises BuildError when there is no ``lp`` or it fails. The
    files are written by then: whatever goes wrong, the error says so and how to print them
    by hand, never that nothing was written."""
    lp = shutil.which("lp")
    if lp is None:
        raise BuildError(
            "cannot print: there is no 'lp' command (CUPS; on Debian or Ubuntu: apt-get install cups-client). "
            + BY_HAND
        )
    said = []
    path = paths[0] if paths else None
    try:
        with tempfile.TemporaryDirectory(prefix="ecrprint-print-") as tmp:
            for path in paths:
                said.append(_send_one(lp, path, Path(tmp) / path.name, printer))
    except OSError as exc:  # no room for the trimmed copy, a temporary folder that cannot be made
        what = f"printing {path.name}" if path is not None else "printing"
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildError(f"{what} failed: {exc.strerror or exc}{where}. {BY_HAND}") from None
    return said


def _send_one(lp: str, path: Path, copy: Path, printer: str | None) -> str:
    """Print one file through a copy cut to its trim; what ``lp`` said."""
    width, height = trimmed_copy(path, copy)
    command = [lp, "-t", path.stem, "-o", f"media={media_name(width, height)}"]
    if printer:
        command += ["-d", printer]
    try:
        result = subprocess.run(command + ["--", str(copy)], capture_output=True, text=True, timeout=LP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"printing {path.name} failed: 'lp' gave no answer in {LP_TIMEOUT_S} s (is the print service, "
            f"CUPS, running?). {BY_HAND}"
        ) from None
    except OSError as exc:  # found on the PATH, but not a program this system can start
        raise BuildError(
            f"printing {path.name} failed: the 'lp' command ({lp}) cannot be started ({exc.strerror or exc}). {BY_HAND}"
        ) from None
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().rstrip(".") or f"exit code {result.returncode}"
        raise BuildError(f"printing {path.name} failed: {reason}. {BY_HAND}")
    return result.stdout.strip()
