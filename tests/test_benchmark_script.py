"""The benchmark's own reading of what it runs: its figures are only as good as that."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return run


def test_the_benchmark_times_watched_edits_past_the_lines_of_what_to_print_again(bench, tmp_path):
    """`ecrprint watch` follows each "Built …" with the files to print again. The benchmark
    once took that report's first line for the next build's outcome, and stopped."""
    project = tmp_path / "congress"
    bench.generate(project, 24, 3, 2024)
    cmd = [sys.executable, "-m", "ecrprint.cli", "watch", str(project), "--only", "booklet", "--jobs", "1"]
    times, peak_kb = bench.watched_edits(cmd, project, edits=2)
    assert len(times) == 2 and all(0 < t < 120 for t in times)
    assert peak_kb > 0
    assert "An edited session title, watched, 2" in bench.edited_file(project).read_text()
