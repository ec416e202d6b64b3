"""Each rendering process's temporary font copies, in a folder that outlives no process.

WeasyPrint copies every @font-face font into a temporary folder, which it removes when the
font configuration is collected, and ecrprint removes at every exit it sees (pdfrender's
release_fonts). A process killed outright (SIGKILL, or the kernel out of memory) sees none,
and its copies, 2.4 MB a process, would stay in the temporary folder until the machine
restarts. So a process that renders puts WeasyPrint's folders into one of its own,
``ecrprint-fonts-PID-*``, and holds a lock on it while it lives. The lock goes when the
process does, however it ends; the next process that claims a folder removes every such
folder whose lock it can take.

A folder is removed by renaming it first (``ecrprint-fonts-gone-*``, which any sweep removes),
so that a process stopped half way through removing one never leaves a folder that looks
like a living process's.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: WeasyPrint's own clean-up only
    fcntl = None  # type: ignore[assignment]

PREFIX = "ecrprint-fonts-"
GONE = PREFIX + "gone-"  # being removed
OWNER = ".owner"  # locked by the folder's process while it lives
PENDING = ".owner-pending"  # the lock file until it is locked
# A folder without its lock file whose process's id is in use again: once this old, it is not
# being made any more.
UNCLAIMED_GRACE_S = 600

_claimed: dict[str, object] = {}  # "folder": Path, "fd": the locked file's descriptor
_claiming = threading.Lock()  # threads of one process that start rendering at once share one folder
_STOPS = {getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)}


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
    with _claiming:
        return _claim()


def _claim() -> Path:
    folder = _claimed.get("folder")
    if isinstance(folder, Path) and folder.is_dir():
        return folder
    mask = _hold_stops()
    try:
        # Python finds the temporary folder by writing a file there and removing it: held too.
        base = Path(tempfile.gettempdir())
    finally:
        _restore(mask)
    sweep(base)
    mask = _hold_stops()
    try:
        # On record before it exists: a stop from here on (its clean-up runs leave) removes it.
        folder = base / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        _claimed["folder"] = folder
        folder.mkdir(mode=0o700)
        # Locked before it gets its name: a sweep never finds the lock file unlocked while its
        # process lives.
        fd = os.open(folder / PENDING, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        _claimed["fd"] = fd
        fcntl.flock(fd, fcntl.LOCK_EX)
        (folder / PENDING).rename(folder / OWNER)
    finally:
        _restore(mask)
    return folder


def leave() -> None:
    """Remove this process's folder and give up its lock (after WeasyPrint has removed its own)."""
    mask = _hold_stops()
    try:
        folder = _claimed.get("folder")
        if isinstance(folder, Path):
            _remove(folder)
        disown()
    finally:
        _restore(mask)


def disown() -> None:
    """Forget this process's folder and close its lock file. In a forked worker the folder is
    its parent's: the parent's own descriptor keeps the lock, and the folder."""
    fd = _claimed.pop("fd", None)
    _claimed.pop("folder", None)
    if isinstance(fd, int):
        os.close(fd)


def sweep(base: Path) -> list[Path]:
    """Remove the font folders in ``base`` whose process has ended; return them."""
    removed = []
    for folder in sorted(base.glob(PREFIX + "*")):
        if folder == _claimed.get("folder") or folder.is_symlink() or not folder.is_dir():
            continue
        if folder.name.startswith(GONE) or _abandoned(folder):
            _remove(folder)
            removed.append(folder)
    return removed


def _remove(folder: Path) -> None:
    """Rename, then remove: stopped half way, what is left is marked as going."""
    doomed = folder if folder.name.startswith(GONE) else folder.with_name(GONE + secrets.token_hex(6))
    try:
        folder.rename(doomed)
    except OSError:  # gone already, or another sweep took it
        return
    shutil.rmtree(doomed, ignore_errors=True)


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / OWNER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return _unclaimed_and_stale(folder)
    except OSError:  # another user's, or not a folder of ours
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its process lives
    finally:
        os.close(fd)
    return True


def _unclaimed_and_stale(folder: Path) -> bool:
    """A folder without its lock file: its process was stopped while making it, or is making
    it now. The process's id is in the folder's name."""
    pid = folder.name[len(PREFIX) :].split("-")[0]
    if pid.isdigit() and not alive(int(pid)):
        return True
    try:
        return time.time() - folder.stat().st_mtime > UNCLAIMED_GRACE_S
    except OSError:
        return False


def alive(pid: int) -> bool:
    """Whether a process of this id is running (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _hold_stops() -> set | None:
    """Hold back the signals that stop a process, for this thread; the mask to restore after.
    (A stop whose handler is already due still runs: leave copes with any point it comes at.)"""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS))


def _restore(mask: set | None) -> None:
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
