"""Import WeasyPrint without its slow library search.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for each.
On Linux every name without a dot goes through ``ctypes.util.find_library``, and each name
that is not the library's runs ``ldconfig``, then ``gcc`` and ``ld`` before giving up. That
costs about 0.2 s of every process that renders: each worker, and ``ecrprint sign``.

Here the system's library cache is listed once and each name is looked up in that list. If
WeasyPrint still cannot load a library that way (libraries found only through the compiler's
search path, say), the import is run again with the standard search, so nothing that worked
before stops working.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from functools import cache


@cache
def linker_cache() -> tuple[tuple[str, str], ...] | None:
    """The dynamic linker's cache as (library name, path) pairs, in its order, or None when it
    cannot be listed. About 5 ms."""
    for tool in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if not os.path.exists(tool):
            continue
        try:
            listing = subprocess.run(
                [tool, "-p"], capture_output=True, text=True, env={"LC_ALL": "C"}, timeout=10, check=True
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        # Lines look like: "\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0"
        return tuple(
            (line.split(None, 1)[0], line.rpartition(" => ")[2])
            for line in listing.splitlines()[1:]
            if line.startswith(("\t", " "))
        )
    return None


def _ldconfig_sonames() -> list[str] | None:
    """The library names in the dynamic linker's cache, or None when it cannot be listed."""
    listed = linker_cache()
    return None if listed is None else [soname for soname, _ in listed]


def _cached_finder(sonames: list[str]):
    def find_library(name: str) -> str | None:
        prefix = f"lib{name}.so"
        for soname in sonames:
            if soname.startswith(prefix) and (len(soname) == len(prefix) or soname[len(prefix)] == "."):
                return soname  # the dynamic linker resolves it, for this process's architecture
        return None

    return find_library


def _forget_weasyprint() -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


def import_weasyprint() -> None:
    """Import WeasyPrint once per process, as quickly as this system allows."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    sonames = _ldconfig_sonames() if sys.platform.startswith("linux") else None
    if not sonames:
        import weasyprint  # noqa: F401

        return
    standard = ctypes.util.find_library
    ctypes.util.find_library = _cached_finder(sonames)
    try:
        # WeasyPrint prints advice before it gives up on a library; keep it for the retry.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        _forget_weasyprint()
        ctypes.util.find_library = standard
        import weasyprint  # noqa: F401,F811
    finally:
        ctypes.util.find_library = standard
