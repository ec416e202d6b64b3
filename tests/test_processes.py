"""What each process that renders costs to start, and what it leaves behind when it ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ecrprint.weasyprint_import import _cached_finder

linux_only = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and (shutil.which("ldconfig") or os.path.exists("/sbin/ldconfig"))),
    reason="the linker cache is a Linux feature",
)


def python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, timeout=120
    )


def test_library_names_are_looked_up_in_the_linker_cache():
    find = _cached_finder(["libharfbuzz-subset.so.0", "libharfbuzz.so.0", "libpango-1.0.so.0", "libc.so.6"])
    assert find("harfbuzz") == "libharfbuzz.so.0"
    assert find("harfbuzz-subset") == "libharfbuzz-subset.so.0"
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert find("libpango-1.0-0") is None  # WeasyPrint's Windows-style names are misses, at once
    assert find("pango") is None


@linux_only
def test_weasyprint_is_imported_without_the_slow_library_search():
    result = python(
        "import ctypes.util\n"
        "calls = []\n"
        "standard = ctypes.util.find_library\n"
        "def counted(name):\n"
        "    calls.append(name)\n"
        "    return standard(name)\n"
        "ctypes.util.find_library = counted\n"
        "from ecrprint.weasyprint_import import import_weasyprint\n"
        "import_weasyprint()\n"
        "import weasyprint, sys\n"
        "assert ctypes.util.find_library is counted\n"
        "print(len(calls), weasyprint.__version__)\n"
    )
    assert result.returncode == 0, result.stderr
    searches, version = result.stdout.split()
    assert searches == "0"
    assert version.split(".")[0] == "70"


def test_weasyprint_still_loads_where_the_linker_cache_lacks_its_libraries():
    result = python(
        "import ecrprint.weasyprint_import as w\n"
        "w._ldconfig_sonames = lambda: ['libnothing-at-all.so.1']\n"
        "w.import_weasyprint()\n"
        "from weasyprint import HTML\n"
        "print(len(HTML(string='<p>still here</p>').render().pages))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1\n"  # and no advice about missing libraries on the way


def test_no_temporary_font_copies_are_left_behind(mini_project: Path, tmp_path: Path):
    """WeasyPrint copies the fonts into a temporary folder that nothing removed in worker
    processes: each worker of each build left 2.4 MB behind."""
    temp = tmp_path / "temp"
    temp.mkdir()
    cli = [sys.executable, "-m", "ecrprint.cli"]
    for args in (
        ["build", str(mini_project), "--only", "door-sign", "--jobs", "2"],
        ["sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05"],  # renders in this process
    ):
        result = subprocess.run([*cli, *args], capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temp)})
        assert result.returncode == 0, result.stderr
    assert (mini_project / "output" / "signs" / "2025-03-05" / "door-room-b.pdf").is_file()
    assert sorted(p.name for p in temp.iterdir()) == []
