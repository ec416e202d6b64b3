"""What each process that renders costs to start, and what it leaves behind when it ends."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ecrprint.weasyprint_import import _cached_finder

from .helpers import alive, children

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
        ["sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05", "--out", str(tmp_path / "o")],
        # From the cache: its worker, still getting ready, is stopped at once.
        ["sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05"],
    ):
        result = subprocess.run([*cli, *args], capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temp)})
        assert result.returncode == 0, result.stderr
    assert (mini_project / "output" / "signs" / "2025-03-05" / "door-room-b.pdf").is_file()
    # Jinja keeps compiled templates in a folder of its own there, on purpose.
    assert sorted(p.name for p in temp.iterdir() if not p.name.startswith("_jinja2-cache-")) == []


def test_a_worker_stopped_unused_leaves_the_fonts_of_the_process_that_forked_it(tmp_path: Path):
    """A worker forked from a process that had rendered inherits its fonts: stopping it
    (as a sign made from the cache does) must not remove that process's font copies."""
    from ecrprint.paths import default_data_dir
    from ecrprint.pdfrender import RenderJob, render
    from ecrprint.renderer import Renderer

    fonts = default_data_dir() / "fonts"
    face = f'@font-face {{ font-family: T; src: url("{(fonts / "Inter-Regular.otf").as_uri()}") }}'
    html = (
        f'<!DOCTYPE html><html><head><title>t</title><style id="shared-fonts">{face}</style></head>'
        '<body><p style="font-family: T">Sign</p></body></html>'
    )
    roots = (str(tmp_path), str(fonts))
    assert render(RenderJob("here", html, roots)).pages == 1  # this process now has font copies
    renderer = Renderer(None, jobs=1, pooled=True)
    renderer.start(html, roots)
    renderer._pool().submit(os.getpid).result()  # the worker is ready, and has rendered the warm-up
    renderer.close()  # nothing asked of it: it is stopped, not waited for
    # A new font face is copied into this process's folder, which must still be there.
    assert render(RenderJob("again", html.replace("font-family: T", "font-family: U"), roots)).pages == 1


_RENDER_WITH_A_FONT = (
    "import os, signal, sys\n"
    "from ecrprint.paths import default_data_dir\n"
    "from ecrprint.pdfrender import RenderJob, render\n"
    "fonts = default_data_dir() / 'fonts'\n"
    "face = '@font-face { font-family: T; src: url(\"%s\") }' % (fonts / 'Inter-Regular.otf').as_uri()\n"
    "html = ('<!DOCTYPE html><html><head><title>t</title><style id=\"shared-fonts\">' + face +\n"
    "        '</style></head><body><p style=\"font-family: T\">Room A</p></body></html>')\n"
    "assert render(RenderJob('x', html, (str(fonts),))).pages == 1\n"
)


def _font_copies(temp: Path) -> set[Path]:
    """The fonts WeasyPrint copied into the temporary folder (all of them over 100 kB)."""
    return {p for p in temp.rglob("*") if p.is_file() and p.stat().st_size > 100_000}


@pytest.mark.skipif(sys.platform == "win32", reason="file locks and SIGKILL are POSIX")
def test_font_copies_of_a_process_killed_outright_are_removed_by_the_next_that_renders(tmp_path: Path):
    """`--jobs 1` killed with SIGKILL (or by the kernel, out of memory) ran no clean-up at all:
    its 2.4 MB of font copies stayed in the temporary folder until the machine restarted."""
    temp = tmp_path / "temp"
    temp.mkdir()
    killed = python(_RENDER_WITH_A_FONT + "os.kill(os.getpid(), signal.SIGKILL)\n", TMPDIR=str(temp))
    assert killed.returncode == -9, killed.stderr
    left = _font_copies(temp)
    assert left

    # A process that renders while another lives leaves that one's copies alone: the living
    # one renders a new font face into its folder after the other has come and gone.
    again = _RENDER_WITH_A_FONT.replace("font-family: T", "font-family: U").replace("'x'", "'y'")
    waiting = subprocess.Popen(
        [sys.executable, "-c", _RENDER_WITH_A_FONT + "print('ready', flush=True)\nsys.stdin.read()\n" + again],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        assert waiting.stdout.readline() == "ready\n"
        living = _font_copies(temp) - left
        assert living
        after = python(_RENDER_WITH_A_FONT, TMPDIR=str(temp))
        assert after.returncode == 0, after.stderr
        assert _font_copies(temp) == living  # the killed process's copies went; the living one's stay
    finally:
        _out, err = waiting.communicate("", timeout=60)
    assert waiting.returncode == 0, err
    # Each that ended normally took its own with it.
    assert sorted(p.name for p in temp.iterdir() if not p.name.startswith("_jinja2-cache-")) == []


@pytest.fixture
def early_pools(monkeypatch) -> list[object]:
    """Every pool of workers started early, in the order started."""
    from ecrprint import renderer

    started: list[object] = []
    early = renderer.start_workers_early

    def recording(jobs, alone=False):
        early(jobs, alone)
        started.extend(renderer._early.values())

    monkeypatch.setattr(renderer, "start_workers_early", recording)
    return started


def test_workers_start_early_only_for_a_build_that_renders_and_never_outlive_it(
    mini_project: Path, early_pools: list, capsys
):
    from ecrprint import renderer
    from ecrprint.cli import main

    started = early_pools
    args = ["build", str(mini_project), "--only", "door-sign", "--jobs", "2"]

    assert main(args) == 0
    assert len(started) == 1 and renderer._early == {}  # taken over by the build's renderer
    assert main(args) == 0  # nothing changed: no workers
    assert len(started) == 1
    assert "Up to date" in capsys.readouterr().out

    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("capacity: 900", "capacity: lots"))
    assert main(args) == 1  # bad content: the workers started for it are stopped
    assert len(started) == 2 and renderer._early == {}
    processes = started[1]._processes
    assert processes is None or not any(p.isalive() for p in processes.values())


@pytest.mark.cached
def test_writers_to_one_output_folder_take_turns(mini_project: Path):
    """``ecrprint sign`` on site while another build writes the same output folder: the sign
    waits for the other to finish writing, then adds itself to the manifest the other wrote."""
    import json
    import threading
    import time

    from ecrprint.build import build
    from ecrprint.cli import main
    from ecrprint.output import locked

    out = build(mini_project, jobs=1).out_dir
    manifest = out / "manifest.json"
    done = threading.Event()

    def sign() -> None:
        assert main(["sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05"]) == 0
        done.set()

    sign_file = out / "signs" / "2025-03-05" / "door-room-b.pdf"
    sign_file.unlink()
    with locked(out):  # the other writer, in the middle of writing
        thread = threading.Thread(target=sign)
        thread.start()
        time.sleep(4)  # far longer than the sign takes to render
        assert not done.is_set() and not sign_file.exists()
        data = json.loads(manifest.read_text())
        data["products"].append({"path": "written-meanwhile.pdf", "kind": "notice"})
        (out / "written-meanwhile.pdf").write_bytes(b"%PDF-1.6\n")  # an entry without its file is dropped
        manifest.write_text(json.dumps(data))
    thread.join(60)
    assert done.is_set() and sign_file.is_file()
    paths = [e["path"] for e in json.loads(manifest.read_text())["products"]]
    assert "written-meanwhile.pdf" in paths and "signs/2025-03-05/door-room-b.pdf" in paths


def _render_or_die(job):
    """A worker that dies on a programme part, as one killed by the system for want of memory."""
    import signal

    from ecrprint.pdfrender import render

    if job.key.startswith("programme"):
        os.kill(os.getpid(), signal.SIGKILL)
    return render(job)


def test_a_worker_that_dies_is_a_build_error_and_the_next_build_gets_new_workers(
    mini_project: Path, monkeypatch, capsys
):
    from ecrprint import pdfrender, renderer
    from ecrprint.build import build
    from ecrprint.cli import main
    from ecrprint.errors import BuildError

    from .helpers import page_texts

    args = ["build", str(mini_project), "--only", "booklet", "--jobs", "2"]
    assert main(args) == 0
    out = mini_project / "output"
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: ", "title: Edited ", 1))
    capsys.readouterr()

    monkeypatch.setattr(renderer, "render", _render_or_die)  # workers fork with it
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "a worker process stopped unexpectedly while working on the booklet parts" in err
    assert "Nothing was written" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before

    # ``ecrprint watch`` builds again and again on one renderer: a broken pool is not kept.
    kept = renderer.Renderer(mini_project / renderer.CACHE_DIRNAME, jobs=2)
    try:
        with pytest.raises(BuildError, match="stopped unexpectedly"):
            build(mini_project, only="booklet", renderer=kept)
        monkeypatch.setattr(renderer, "render", pdfrender.render)
        report = build(mini_project, only="booklet", renderer=kept)
    finally:
        kept.close()
    assert report.rendered > 0
    booklet = next(f.path for f in report.files if f.kind == "booklet")
    assert any("Edited" in t for t in page_texts(report.out_dir / booklet))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "SIGKILL"])
def test_a_build_stopped_from_outside_leaves_no_workers_and_no_font_copies(tmp_path: Path, how):
    """A closed terminal (hang-up) or SIGTERM stops a build as Ctrl-C does; a main process
    killed outright takes its workers with it. Before, the workers waited for work for ever,
    each with its copies of the fonts. (The sample project: the small test congress built in
    under the 1.5 s this waits on a fast hour, and the signal found it done.)"""
    import signal
    import time

    from .conftest import ROOT, copy_project

    project = copy_project(ROOT, tmp_path / "ecr")
    temp = tmp_path / "temp"
    temp.mkdir()
    command = [sys.executable, "-m", "ecrprint", "build", str(project), "--jobs", "2", "--no-cache"]
    main = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp)}
    )
    deadline = time.monotonic() + 60
    while len(workers := children(main.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2
    time.sleep(1.5)  # rendering by now
    main.send_signal(getattr(signal, how))
    _out, err = main.communicate(timeout=60)
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(workers) == []
    if how != "SIGKILL":
        assert main.returncode == 130 and "interrupted; nothing was written" in err and "Traceback" not in err
    assert not (project / "output").exists()
    # The workers removed their copies of the fonts; the main process renders none itself.
    assert sorted(p.name for p in temp.iterdir() if not p.name.startswith("_jinja2-cache-")) == []


def _rehearsed(html: str, allowed_roots: tuple[str, ...]) -> None:
    """Stands in for the workers' rehearsal (``pdfrender.warm_up``): says it ran."""
    Path(os.environ["REHEARSAL_SEEN"]).write_text("rehearsed")


def test_a_sign_made_on_site_renders_as_soon_as_its_worker_has_imported_weasyprint(
    mini_project: Path, tmp_path: Path, monkeypatch, capsys
):
    """A build's workers rehearse on a small document while the build writes its parts; one
    sign made on site does not keep its worker rehearsing while the sign waits."""
    from ecrprint import renderer
    from ecrprint.cli import main

    seen = tmp_path / "rehearsed"
    monkeypatch.setenv("REHEARSAL_SEEN", str(seen))
    monkeypatch.setattr(renderer, "warm_up", _rehearsed)
    assert main(["sign", str(mini_project), "--room", "Hall A", "--date", "2025-03-05"]) == 0
    assert main(["notice", str(mini_project), "--session", "PL 1", "--full"]) == 0
    assert capsys.readouterr().out.count(".pdf") == 2
    assert not seen.exists()
    assert main(["build", str(mini_project), "--only", "booklet", "--jobs", "2"]) == 0
    assert seen.read_text() == "rehearsed"


def test_an_on_site_command_starts_its_one_worker_first_and_never_leaves_it_behind(
    mini_project: Path, early_pools: list, capsys
):
    """`ecrprint sign` and `notice` start their worker before they import the rest and read
    the content; a sign that cannot be made (no such room) stops it."""
    from ecrprint import renderer
    from ecrprint.cli import main

    started = early_pools
    assert main(["sign", str(mini_project), "--room", "Hall A", "--date", "2025-03-05"]) == 0
    assert main(["notice", str(mini_project), "--session", "PL 1", "--cancelled"]) == 0
    assert len(started) == 2 and renderer._early == {}  # each taken over by its command
    assert main(["sign", str(mini_project), "--room", "Hall Z", "--date", "2025-03-05"]) == 2
    assert "Hall Z" in capsys.readouterr().err
    assert len(started) == 3 and renderer._early == {}
    processes = started[2]._processes
    assert processes is None or not any(p.is_alive() for p in processes.values())


def test_font_folders_of_processes_stopped_half_way_are_removed(tmp_path: Path):
    """A process killed outright between making its folder and locking it leaves its id in
    the folder's name; one stopped while removing its folder leaves it marked as going. The
    next sweep removes both, and leaves a living process's folder that is still being made."""
    from ecrprint import fontfolder

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, living = int(gone.stdout), os.getpid()
    for name in (f"{dead}-made", f"{living}-making", "gone-half"):
        (tmp_path / f"{fontfolder.PREFIX}{name}" / "weasyprint-x").mkdir(parents=True)
    removed = sorted(p.name for p in fontfolder.sweep(tmp_path))
    assert removed == [f"{fontfolder.PREFIX}{dead}-made", f"{fontfolder.PREFIX}gone-half"]
    assert [p.name for p in tmp_path.iterdir()] == [f"{fontfolder.PREFIX}{living}-making"]


def test_threads_that_start_rendering_at_once_share_one_font_folder(tmp_path: Path):
    """An executor that runs parts on threads of one process: threads that claim a folder for
    their font copies at the same moment get the same one, and no second folder is left
    locked for the rest of the process's life."""
    code = """
import os, tempfile, threading
from pathlib import Path
from ecrprint import fontfolder
for _ in range(20):
    fontfolder.leave()
    claimed, barrier = [], threading.Barrier(6)
    def claim():
        barrier.wait()
        claimed.append(fontfolder.claim())
    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    mine = [p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(f"{fontfolder.PREFIX}{os.getpid()}-")]
    print(len(set(claimed)), len(mine))
fontfolder.leave()
"""
    result = python(code, TMPDIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:-1] == ["1 1"] * 20
    assert list(tmp_path.iterdir()) == []


def _present(out: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_ctrl_c_while_the_files_take_their_places_waits_until_all_have(mini_project: Path, monkeypatch, capsys):
    """Ctrl-C (or SIGTERM) as a build's files take their places, here as the last build's files
    kept aside are removed once the new ones are in: the build first finishes, then stops and
    says that the folder holds its files. Before, it stopped there, said that nothing was
    written, and left each of the last build's files beside its new one under a hidden second
    name (in print/ too, which goes to the print shop), for ever."""
    import hashlib
    import json
    import signal

    from ecrprint.cli import main

    from .helpers import page_texts

    args = ["build", str(mini_project), "--jobs", "1"]
    assert main(args) == 0
    out = mini_project / "output"
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: The future", "title: Edited, the future", 1))
    capsys.readouterr()
    real = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name.endswith(".kept") and self.exists():  # a last file kept aside, its new one in place
            os.kill(os.getpid(), signal.SIGINT)
        return real(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    # Ctrl-C as a terminal gives it: pytest started in the background by a script (`... &`,
    # as CI's runner may) begins with SIGINT ignored, and Python then keeps it ignored.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert main(args) == 130
    finally:
        signal.signal(signal.SIGINT, before)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "interrupted once the output was written: it holds this build's files." in err
    assert "nothing was written" not in err
    assert sorted(p.name for p in out.rglob(".*")) == [".ecrprint-lock"]
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["products"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    assert any("Edited, the future" in text for text in page_texts(out / "booklet.pdf"))
    written = _present(out)
    assert main(args) == 0  # nothing to change: the stopped build's files were whole
    assert _present(out) == written


@pytest.mark.cached
def test_the_temporary_files_of_a_writer_killed_outright_are_removed_by_the_next_build(mini_project: Path):
    """A build killed outright (kill -9, out of memory) while its files take their places
    leaves each file it was writing, or had kept aside, under a hidden temporary name, a whole
    PDF each. The next build that writes the folder removes them, and the cache's, but never a
    living writer's."""
    from ecrprint.build import build
    from ecrprint.renderer import CACHE_DIRNAME

    out = build(mini_project, jobs=1).out_dir
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    dead = f"{ended.pid}-{ended.pid}"
    left = [
        out / f".booklet.pdf.{dead}.kept",
        out / "print" / f".booklet.pdf.{dead}.tmp",
        out / "signs" / f".no-longer-made.pdf.{dead}.kept",
        mini_project / CACHE_DIRNAME / "parts" / f".{'0' * 40}.pdf.{dead}.tmp",
    ]
    living = [out / ".manifest.json.1-1.tmp", out / f".booklet.pdf.{os.getpid()}-1.tmp"]
    for path in left + living:
        path.write_bytes(b"%PDF-1.7\n")
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: The future", "title: Edited, the future", 1))
    build(mini_project, jobs=1)
    assert [p for p in left if p.exists()] == []
    assert [p for p in living if p.exists()] == living
