"""What shows that a file changed, without reading it."""

from __future__ import annotations

import os


def file_state(stat: os.stat_result) -> tuple[int, int, int, int]:
    """A file's size and modification time, which a copy that keeps times (``cp -p``,
    ``rsync -t``, ``touch -r``) can leave as they were, and its inode and change time, which
    no copy keeps: the kernel sets them. A file replaced by another of the same size and time
    shows as changed."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
