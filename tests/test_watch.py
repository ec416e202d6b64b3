"""`ecrprint watch`: rebuilds after each change with warm workers, survives bad content
(located errors, previous output untouched) and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .helpers import page_texts


class Watcher:
    """`ecrprint watch` in a child process, its output read line by line with a timeout."""

    def __init__(self, project: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ecrprint.cli", "watch", str(project), "--only", "booklet", "--jobs", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so that stop() is like Ctrl-C
        )
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.readers = [
            threading.Thread(target=self._read, args=(name, stream), daemon=True)
            for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr))
        ]
        for thread in self.readers:
            thread.start()
        self.seen: dict[str, list[str]] = {"out": [], "err": []}
        self.used = {"out": 0, "err": 0}  # lines before these were matched or passed over

    def _read(self, name: str, stream) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def wait_for(self, text: str, stream: str = "out", timeout: float = 90) -> str:
        """The next line of ``stream`` that contains ``text``. stdout and stderr arrive by
        separate pipes, so each stream keeps its own place."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.seen[stream]
            for i in range(self.used[stream], len(lines)):
                if text in lines[i]:
                    self.used[stream] = i + 1
                    return lines[i]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line with {text!r} within {timeout} s; saw {self.seen}")
            try:
                name, line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen[name].append(line)

    def stop(self) -> tuple[int, list[str]]:
        """Ctrl-C (to the whole process group, workers included, as a terminal sends it);
        the exit code and every line written."""
        os.killpg(self.proc.pid, signal.SIGINT)
        code = self.proc.wait(timeout=60)
        for thread in self.readers:
            thread.join(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()
        while not self.lines.empty():
            name, line = self.lines.get()
            self.seen[name].append(line)
        return code, self.seen["out"] + self.seen["err"]


def test_watch_rebuilds_after_each_change_and_survives_bad_content(mini_project: Path):
    timetable = mini_project / "content" / "timetable.yaml"
    booklet = mini_project / "output" / "booklet.pdf"
    watcher = Watcher(mini_project)
    try:
        assert "Watching" in watcher.wait_for("Watching")
        first = watcher.wait_for("Built")
        assert "parts rendered" in first and booklet.is_file()
        # After each build, what changed since the one before: the first made every file.
        assert (
            watcher.wait_for("No earlier build")
            == "No earlier build in this folder to compare with: all 3 files are new."
        )

        # A title edit: rebuilt from mostly cached parts, and the new title is printed. The
        # watcher says at once that it is building, before the build ends.
        text = timetable.read_text()
        assert "    title: The future of imaging\n" in text
        watcher.used["out"] = len(watcher.seen["out"])
        timetable.write_text(text.replace("The future of imaging", "The future of imaging, revised"))
        watcher.wait_for("Building…")
        line = watcher.wait_for("Built")
        rendered = int(line.split("(")[2].split(" parts rendered")[0])
        assert 0 < rendered < int(first.split("(")[2].split(" parts rendered")[0])
        assert watcher.wait_for("Since the last build") == "Since the last build: 3 changed."
        assert watcher.wait_for("booklet.pdf").startswith("  booklet.pdf, and made of it: booklet-imposed.pdf")
        assert any("The future of imaging, revised" in t for t in page_texts(booklet))

        # Bad content: a located error, nothing written, and watching goes on.
        before = booklet.read_bytes()
        good = timetable.read_text()
        timetable.write_text(
            good.replace("The future of imaging, revised", "Broken", 1).replace('start: "09:00"', 'start: "99:00"', 1)
        )
        watcher.wait_for("Build failed")
        error = watcher.wait_for("content/timetable.yaml:20:", stream="err")
        assert "start" in error and "99:00" in error, error
        assert booklet.read_bytes() == before

        # Fixed: built again.
        timetable.write_text(good.replace("imaging, revised", "imaging, revised twice"))
        watcher.wait_for("Built")
        assert any("The future of imaging, revised twice" in t for t in page_texts(booklet))

        # An output that cannot be written (a file where the print package's folder belongs):
        # said, nothing written, and watching goes on; before, the watch ended.
        package = mini_project / "output" / "print"
        shutil.rmtree(package)
        package.write_text("a file where a folder belongs")
        before = booklet.read_bytes()
        timetable.write_text(good.replace("imaging, revised", "imaging, revised thrice"))
        watcher.wait_for("Build failed")
        error = watcher.wait_for("ecrprint: error:", stream="err")
        assert str(package) in error and "Nothing was written" in error, error
        assert booklet.read_bytes() == before
        package.unlink()
        timetable.write_text(good.replace("imaging, revised", "imaging, revised at last"))
        watcher.wait_for("Built")
        assert any("The future of imaging, revised at last" in t for t in page_texts(booklet))
    finally:
        code, lines = watcher.stop()
    assert code == 0
    assert "Stopped watching." in lines
    assert not any("Traceback" in line for line in lines), lines


def test_watch_refuses_an_unknown_product_kind_before_it_starts(mini_project: Path, capsys):
    from ecrprint.cli import main

    assert main(["watch", str(mini_project), "--only", "nonsense"]) == 2
    out, err = capsys.readouterr()
    assert "Watching" not in out
    assert "unknown product kind 'nonsense'; choose from booklet" in err


def test_watch_rebuilds_when_a_logo_is_replaced(mini_project: Path):
    """A supporter's logo saved anew, no YAML touched: watching builds again, and the booklet
    prints the new logo. Before, the watch looked only at the YAML, layouts and fonts, and the
    old logo stayed in the output until the next edit of one of them."""
    from PIL import Image

    logo = mini_project / "content" / "logos" / "acme.png"
    booklet = mini_project / "output" / "booklet.pdf"
    watcher = Watcher(mini_project)
    try:
        watcher.wait_for("Built")
        before = booklet.read_bytes()
        Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
        watcher.wait_for("Building…")
        assert "Built" in watcher.wait_for("Built")
        assert booklet.read_bytes() != before
    finally:
        code, lines = watcher.stop()
    assert code == 0
    assert sum("Building…" in line for line in lines) == 2, lines  # the first build and the logo's


def test_watch_rebuilds_when_a_file_is_replaced_by_one_of_the_same_size_and_time(mini_project: Path):
    """A copy that keeps times (``cp -p``, ``rsync -t`` from a colleague's folder) can bring a
    file of the same size and modification time: watching looked at those two alone and built
    nothing. The file's inode and change time, which no copy keeps, show it."""
    timetable = mini_project / "content" / "timetable.yaml"
    booklet = mini_project / "output" / "booklet.pdf"
    watcher = Watcher(mini_project)
    try:
        watcher.wait_for("Built")
        before = os.stat(timetable)
        copy = mini_project.parent / "timetable.new"  # where watching does not look
        copy.write_text(timetable.read_text(encoding="utf-8").replace("Looking ahead", "Looking aback"), "utf-8")
        os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(copy, timetable)
        after = os.stat(timetable)
        assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        watcher.wait_for("Building…")
        assert "Built" in watcher.wait_for("Built")
        assert "Looking aback" in "".join(page_texts(booklet))
    finally:
        code, lines = watcher.stop()
    assert code == 0


def test_a_file_a_build_reads_first_and_that_changes_while_it_runs_builds_again(mini_project: Path, monkeypatch):
    """A logo named for the first time is watched from the end of the build that first read
    it. Replaced while that build ran, after it was read, it was taken as seen, and the old
    logo stayed in the output until the next edit."""
    from types import SimpleNamespace

    from ecrprint import watch as watching

    logo = mini_project / "content" / "logos" / "acme.png"
    builds: list[int] = []

    def build(*args, **kwargs):
        builds.append(1)
        if len(builds) == 1:
            logo.write_bytes(logo.read_bytes() + b"\0")  # saved anew after the build read it
        return SimpleNamespace(uses=[logo])

    monkeypatch.setattr(watching, "build", build)
    monkeypatch.setattr(watching, "_get_ready", lambda project, renderer: None)
    deadline = time.monotonic() + 5
    watching.watch(
        mini_project,
        report=lambda *args: None,
        stop=lambda: len(builds) >= 2 or time.monotonic() > deadline,
        interval=0.01,
    )
    assert len(builds) == 2
