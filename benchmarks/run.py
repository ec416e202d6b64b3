"""The ecrprint benchmark: a large synthetic congress, timed end to end in one run.

    python benchmarks/run.py [--sessions 800] [--rooms 25] [--jobs N] [--rounds N] [--keep DIR]

It prints the cold booklet build (and pages per second), plain single-pass WeasyPrint of the
same booklet and the ratio, a check that both print the same glyphs at the same places on the
same pages, the same cold build with one worker (which splits the ratio into what rendering in
parts gains and what the extra cores gain), the no-op rebuild, the rebuild after editing one session title (three edits by new `ecrprint build` processes,
each timed right after a cold build, and three with `ecrprint watch` running, timed from the save to its report; the medians count),
one door sign from a cold process, and the peak memory of the whole process tree. Every figure
is a wall-clock time of a real command.

This machine's speed drifts by 20 % and more within minutes, and the single pass takes a few
times as long as the build it is compared with. ``--rounds N`` times the cold build and the
single pass N times each, in turns (the cache removed before each build), and takes the
medians: the ratio then compares runs made side by side, not minutes apart. For the same
reason, the one-title edits are timed in the rounds, each right after a cold build (one a
round with three rounds), from the content that build started from.

ecrprint's own modules are compiled to bytecode first, as `pip install` does, so that no timed
command spends its time compiling them (a source checkout on a machine with
PYTHONDONTWRITEBYTECODE set would otherwise do so in every process).
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

import ecrprint as ecrprint_package  # noqa: E402
from ecrprint.renderer import CACHE_DIRNAME  # noqa: E402
from ecrprint.samepages import differences  # noqa: E402

STAMPED = re.compile(r"\d\d:\d\d:\d\d ")  # how `ecrprint watch` starts the lines of a build
TARGETS = {"ratio": 6.0, "noop_s": 1.0, "edit_share": 0.10, "sign_s": 2.0, "memory_mb": 2048}


class TreeMemory:
    """Samples the resident memory of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    pass
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(0.05)


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Run a command; return its wall time, the peak memory of its process tree (kB), stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return elapsed, memory.peak_kb, out


def embedded_fonts(path: Path) -> int:
    """How many font programs a PDF embeds."""
    with pikepdf.open(path) as pdf:
        return sum(
            1
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary)
            and obj.get("/Type") == "/FontDescriptor"
            and any(key in obj for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        )


def edited_file(project: Path) -> Path:
    """The content file whose first session's title the edits change: the third day's."""
    return sorted((project / "content" / "sessions").glob("*.yaml"))[2]


def edit_one_title(project: Path, title: str = "An edited session title for the benchmark") -> None:
    path = edited_file(project)
    text = path.read_text()
    start = text.index("  title: ")
    end = text.index("\n", start)
    while text.startswith("    ", end + 1):  # a long title goes on over indented lines
        end = text.index("\n", end + 1)
    path.write_text(text[:start] + f'  title: "{title}"' + text[end:])


def watched_edits(cmd: list[str], project: Path, edits: int = 3) -> tuple[list[float], int]:
    """Run `ecrprint watch`; after its first build, edit one title at a time and time each
    from the save to the watcher's report of the rebuilt files (its polling included).
    Returns the times and the peak memory of the watcher's process tree (kB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    times = []

    def outcome() -> str:
        """The watcher's next line that ends a build: its lines that start with the time
        ("12:00:01 Built …"), not the one as a build starts ("Building…") nor the lines of what
        to print again, which follow a build's own. At the end of its output, ""."""
        while True:
            line = proc.stdout.readline()
            if not line or (STAMPED.match(line) and not line.rstrip().endswith("Building…")):
                return line

    try:
        with TreeMemory(proc.pid) as memory:
            proc.stdout.readline()  # "Watching ..."
            first = outcome()
            if "Built" not in first and "Up to date" not in first:
                raise SystemExit(f"ecrprint watch said: {first}")
            for i in range(edits):
                started = time.perf_counter()
                edit_one_title(project, f"An edited session title, watched, {i + 1} ({time.time_ns()})")
                line = outcome()
                if "Built" not in line:
                    raise SystemExit(f"ecrprint watch said: {line}")
                times.append(time.perf_counter() - started)
    finally:
        # SIGTERM: a background job (like this one, started from a script) may ignore SIGINT.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise SystemExit("ecrprint watch did not stop within 60 s of SIGTERM") from None
        finally:
            proc.stdout.close()
    return times, memory.peak_kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=800)
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--rounds", type=int, default=1, help="time the cold build and the single pass this many times each, in turns"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds: at least 1")

    work = args.keep or Path(tempfile.mkdtemp(prefix="ecrprint-bench-"))
    project = work / "congress"
    if project.exists():
        shutil.rmtree(project)
    generate(project, args.sessions, args.rooms, seed=2024)
    # ecrprint's modules compiled to bytecode, as installing it does: where writing bytecode is
    # turned off (PYTHONDONTWRITEBYTECODE), every timed process would compile them afresh from
    # a source checkout, about 0.15 s of each edit's and each door sign's time.
    compileall.compile_dir(Path(ecrprint_package.__file__).parent, quiet=1)
    ecrprint = [sys.executable, "-m", "ecrprint.cli"]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    lectures = sum(
        len(s.get("lectures", []))
        for p in (project / "content" / "sessions").glob("*.yaml")
        for s in yaml.load(p.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["sessions"]
    )
    print(
        f"Synthetic congress: {args.sessions} sessions, {lectures} lectures, {args.rooms} rooms, 5 days; {os.cpu_count()} cores"
    )

    build = [*ecrprint, "build", str(project), "--only", "booklet", *jobs]
    html = work / "booklet.html"
    subprocess.run(
        [*ecrprint, "html", str(project), "--product", "booklet", "--output", str(html)],
        check=True,
        capture_output=True,
    )
    single_pdf = work / "single-pass.pdf"
    booklet = work / "fast-build.pdf"  # a cold build's booklet, from the content the single pass was made from
    edited = edited_file(project)
    original = edited.read_text()
    full_runs, single_runs, full_kb, single_kb = [], [], 0, 0
    edit_times, edit_kb = [], 0
    edits_per_round = math.ceil(3 / args.rounds)  # three edits in all (more when the rounds do not divide 3)
    # In turns, so that each ratio compares runs made side by side, and each one-title edit
    # is timed right after the cold build it is a share of.
    for _round in range(args.rounds):
        edited.write_text(original)
        # As cold as a new project's first build (`ecrprint html` may have cached the content).
        shutil.rmtree(project / CACHE_DIRNAME, ignore_errors=True)
        seconds, kb, _ = timed(build)
        full_runs.append(seconds)
        full_kb = max(full_kb, kb)
        shutil.copyfile(project / "output" / "booklet.pdf", booklet)
        for _ in range(edits_per_round):  # each a new title, each by a new `ecrprint build`; the median counts
            edit_one_title(project, f"An edited session title, {len(edit_times) + 1} ({time.time_ns()})")
            seconds, kb, _ = timed(build)
            edit_times.append(seconds)
            edit_kb = max(edit_kb, kb)
        seconds, kb, _ = timed([sys.executable, "-m", "weasyprint", str(html), str(single_pdf)])
        single_runs.append(seconds)
        single_kb = max(single_kb, kb)
    full_s, single_s = statistics.median(full_runs), statistics.median(single_runs)
    ratios = [single / full for full, single in zip(full_runs, single_runs)]
    edit_s = statistics.median(edit_times)
    pages = len(pdfium.PdfDocument(str(booklet)))

    # Same page count, and the same glyphs at the same places on every page.
    same_pages = len(pdfium.PdfDocument(str(single_pdf))) == pages
    differing = differences(booklet, single_pdf)
    sizes = {
        name: (path.stat().st_size, embedded_fonts(path)) for name, path in (("fast", booklet), ("single", single_pdf))
    }

    # The same cold build on one worker, into a folder of its own (the project's output and
    # cache stay as the first build left them): single pass / one worker is what rendering in
    # bounded parts saves on its own, one worker / full build what the other cores add.
    one_s, one_kb, _ = timed(
        [
            *ecrprint,
            "build",
            str(project),
            "--only",
            "booklet",
            "--no-cache",
            "--jobs",
            "1",
            "--out",
            str(work / "one-worker"),
        ]
    )

    noop_s, _, noop_out = timed(build)
    watch_times, watch_kb = watched_edits([*ecrprint, "watch", str(project), "--only", "booklet", *jobs], project)
    watch_s = statistics.median(watch_times)

    room, day = "r02", "2024-02-29"
    sign_s, sign_kb, sign_out = timed([*ecrprint, "sign", str(project), "--room", room, "--date", day])

    all_s, all_kb, all_out = timed([*ecrprint, "build", str(project), "--no-cache", *jobs])

    peak_mb = max(full_kb, single_kb, one_kb, edit_kb, watch_kb, sign_kb, all_kb) / 1024
    figures = {
        "sessions": args.sessions,
        "lectures": lectures,
        "booklet_pages": pages,
        "full_booklet_s": round(full_s, 2),
        "pages_per_s": round(pages / full_s, 1),
        "single_pass_s": round(single_s, 2),
        "ratio": round(single_s / full_s, 2),
        "rounds": args.rounds,
        "full_booklet_runs_s": [round(t, 2) for t in full_runs],
        "single_pass_runs_s": [round(t, 2) for t in single_runs],
        "ratio_runs": [round(r, 2) for r in ratios],
        "one_worker_s": round(one_s, 2),
        "parts_gain": round(single_s / one_s, 2),
        "cores_gain": round(one_s / full_s, 2),
        "same_page_count": same_pages,
        "booklet_bytes": sizes["fast"][0],
        "booklet_fonts": sizes["fast"][1],
        "single_pass_bytes": sizes["single"][0],
        "single_pass_fonts": sizes["single"][1],
        "differences": differing,
        "noop_s": round(noop_s, 2),
        "edit_s": [round(t, 2) for t in edit_times],
        "edit_share": round(edit_s / full_s, 3),
        "edit_share_runs": [round(e / f, 3) for e, f in zip(edit_times[::edits_per_round], full_runs)],
        "watch_edit_s": [round(t, 2) for t in watch_times],
        "watch_edit_share": round(watch_s / full_s, 3),
        "one_sign_cold_s": round(sign_s, 2),
        "all_products_no_cache_s": round(all_s, 2),
        "peak_memory_mb": round(peak_mb),
        "single_pass_memory_mb": round(single_kb / 1024),
    }
    of_rounds = f" (median of {args.rounds})" if args.rounds > 1 else ""

    def runs(times: list[float]) -> str:
        return f"; {', '.join(f'{t:.1f}' for t in times)} s" if times[1:] else ""

    rows = [
        (
            "Booklet, full build without cache" + of_rounds,
            f"{full_s:.1f} s ({pages} pages, {pages / full_s:.1f} pages/s){runs(full_runs)}",
            "",
        ),
        ("Plain single-pass WeasyPrint, same booklet" + of_rounds, f"{single_s:.1f} s{runs(single_runs)}", ""),
        (
            "Speed-up over the single pass",
            f"{single_s / full_s:.1f}×"
            + (f" (each round: {', '.join(f'{r:.1f}×' for r in ratios)})" if ratios[1:] else ""),
            f"target ≥ {TARGETS['ratio']:.0f}×",
        ),
        (
            "  of which: rendering in parts, on one worker",
            f"{single_s / one_s:.1f}× ({one_s:.1f} s)",
            "",
        ),
        (
            f"  of which: {os.cpu_count()} workers instead of one",
            f"{one_s / full_s:.1f}×",
            f"at most {os.cpu_count()}×",
        ),
        (
            "Same pages, same glyphs at the same places as the single pass",
            "yes" if same_pages and not differing else f"NO: {len(differing)} differences, first {differing[:3]}",
            "",
        ),
        (
            "Booklet file (single pass's)",
            f"{sizes['fast'][0] / 1e6:.1f} MB, {sizes['fast'][1]} font subsets "
            f"({sizes['single'][0] / 1e6:.1f} MB, {sizes['single'][1]})",
            "",
        ),
        ("No-op rebuild", f"{noop_s:.2f} s", f"target < {TARGETS['noop_s']:.0f} s"),
        (
            f"Rebuild after editing one session title, `ecrprint build` (median of {len(edit_times)})",
            f"{edit_s:.2f} s ({100 * edit_s / full_s:.1f} % of the full build){runs(edit_times)}",
            "target < 10 %",
        ),
        (
            "The same with `ecrprint watch` running (median of 3)",
            f"{watch_s:.2f} s ({100 * watch_s / full_s:.1f} % of the full build)",
            "target < 10 %",
        ),
        ("One door sign from a cold process", f"{sign_s:.2f} s", f"target < {TARGETS['sign_s']:.0f} s"),
        ("All products (booklet, spreads, signs, boards, package), no cache", f"{all_s:.1f} s", ""),
        ("Peak memory (whole process tree)", f"{peak_mb:.0f} MB", f"target < {TARGETS['memory_mb']} MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print()
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<40} {target}")
    print(f"\nno-op said: {noop_out.strip()}\nsign said: {sign_out.strip()}\nall products said: {all_out.strip()}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
