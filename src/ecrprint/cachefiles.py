"""Cache entries that vouch for themselves: each file ends with the SHA-256 of what it holds.

Entries are written without waiting for the disk, since they can always be made again. But a
crash or a power cut can then leave one empty, cut short or full of zeros, and a disk or a
stray edit can damage one later. Such an entry still reads as bytes: a part or a finished
file taken from it would go to the printer broken. An entry whose digest does not match is
treated as missing and made again, so damage costs time, never a wrong file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .output import atomic_write

_DIGEST = 32  # bytes of SHA-256


def write(path: Path, data: bytes) -> None:
    """Keep ``data`` at ``path``, followed by its digest."""
    atomic_write(path, data + hashlib.sha256(data).digest(), durable=False)


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
