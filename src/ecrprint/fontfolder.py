"""Each rendering process's temporary font copies, in a folder that outlives no process.

WeasyPrint copies every @font-face font into a temporary folder, which it removes when the
font configuration is collected, and ecrprint removes at every exit it sees (pdfrender's
release_fonts). A process killed outright (SIGKILL, or the kernel out of memory) sees none,
and its copies, 2.4 MB a process, would stay in the temporary folder until the machine
restarts. So a process that renders puts WeasyPrint's folders into one of its own,
``ecrprint-fonts-*``, and holds a lock on it while it lives. The lock goes when the process
does, however it ends; the next process that claims a folder removes every such folder whose
lock it can take.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: WeasyPrint's own clean-up only
    fcntl = None  # type: ignore[assignment]

PREFIX = "ecrprint-fonts-"
OWNER = ".owner"
# A folder still without its lock file is being made, unless it is older than this.
UNCLAIMED_GRACE_S = 600

_claimed: dict[str, object] = {}  # "folder": Path, "fd": the locked file's descriptor


def mkdtemp(suffix: str | None = None, prefix: str | None = None, dir: str | None = None) -> str:  # noqa: A002
    """tempfile.mkdtemp, inside this process's claimed folder when there is one."""
    folder = _claimed.get("folder")
    if dir is None and isinstance(folder, Path) and folder.is_dir():
        dir = str(folder)  # noqa: A001
    return tempfile.mkdtemp(suffix, prefix, dir)


def claim() -> Path | None:
    """This process's folder for font copies, made and locked on first use; stale ones of
    processes that died are removed first. None where files cannot be locked."""
    if fcntl is None:
        return None
    folder = _claimed.get("folder")
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    base = Path(tempfile.gettempdir())
    sweep(base)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
    # Locked before it gets its name: a sweep never sees the lock file unlocked while its
    # process lives.
    pending = folder / f"{OWNER}-{os.getpid()}"
    fd = os.open(pending, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    pending.rename(folder / OWNER)
    _claimed.update(folder=folder, fd=fd)
    return folder


def leave() -> None:
    """Remove this process's folder and give up its lock (after WeasyPrint has removed its own)."""
    folder, fd = _claimed.pop("folder", None), _claimed.pop("fd", None)
    if isinstance(folder, Path):
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(fd, int):
        os.close(fd)


def disown() -> None:
    """In a forked worker: the folder it inherited is its parent's; keep it, but not its lock."""
    fd = _claimed.pop("fd", None)
    _claimed.pop("folder", None)
    if isinstance(fd, int):
        os.close(fd)  # the parent's own descriptor keeps the lock


def sweep(base: Path) -> list[Path]:
    """Remove the font folders in ``base`` whose process has ended; return them."""
    removed = []
    for folder in base.glob(PREFIX + "*"):
        if folder == _claimed.get("folder") or folder.is_symlink() or not folder.is_dir():
            continue
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / OWNER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > UNCLAIMED_GRACE_S
        except OSError:
            return False
    except OSError:  # another user's, or not a folder of ours
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its process lives
    finally:
        os.close(fd)
    return True
