"""Cache entries that vouch for themselves: each file ends with the SHA-256 of what it holds.

Entries are written without waiting for the disk, since they can always be made again. But a
crash or a power cut can then leave one empty, cut short or full of zeros, and a disk or a
stray edit can damage one later. Such an entry still reads as bytes: a part or a finished
file taken from it would go to the printer broken. An entry whose digest does not match is
treated as missing and made again, so damage costs time, never a wrong file.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from .output import atomic_write

_DIGEST = 32  # bytes of SHA-256
_refused: set[str] = set()  # cache folders already reported as not writable


def write(path: Path, data: bytes) -> bool:
    """Keep ``data`` at ``path``, followed by its digest. A cache that cannot be written (a
    full disk, a file where its folder should be, no permission) never fails a build: it is
    reported once, and the build goes on without keeping this. Returns whether it was kept."""
    try:
        atomic_write(path, data + hashlib.sha256(data).digest(), durable=False)
        return True
    except OSError as exc:
        refused(path.parent.parent, exc)
        return False


def quiet() -> None:
    """A worker process's: the build's own process writes the same cache and says it once;
    each worker saying it again printed the same line two and three times."""
    _refused.add("*")


def refused(folder: Path, exc: OSError) -> None:
    """Report, once per folder and process, that the cache there cannot be written."""
    if str(folder) not in _refused and "*" not in _refused:
        _refused.add(str(folder))
        where = f" ({exc.filename})" if exc.filename else ""
        logging.getLogger("ecrprint").warning(
            "the cache in %s cannot be written: %s%s; builds go on, but render again what they would have kept",
            folder,
            exc.strerror or exc,
            where,
        )


def read(path: Path) -> bytes | None:
    """What the entry at ``path`` holds; None if it is missing, unreadable or damaged. An
    entry read is marked as used now: pruning removes the entries used least recently."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    data = stored[:-_DIGEST]
    if len(stored) < _DIGEST or hashlib.sha256(data).digest() != stored[-_DIGEST:]:
        return None
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache still serves; it is only pruned less well
    return data
