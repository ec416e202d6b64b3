"""Parts rendered on an executor of the user's (``--executor MODULE:NAME``), as a cluster's
workers would render them: the same bytes, and a failure of the executor's is a build error
that leaves the output alone."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ecrprint import executors
from ecrprint.cli import main
from ecrprint.errors import BuildError
from ecrprint.pdfrender import RenderJob
from ecrprint.renderer import Renderer

from .helpers import alive, children, ecrprint_ok

EXECUTORS = '''
import os
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context


class Elsewhere(ProcessPoolExecutor):
    """Workers started afresh (nothing inherited, nothing set up by ecrprint), each job
    and its result crossing by pickle, as to another machine. Logs what it is given."""

    def submit(self, fn, /, *args, **kwargs):
        with open(os.environ["EXECUTOR_LOG"], "a") as log:
            log.write(getattr(args[-1], "key", type(args[-1]).__name__) + "\\n")
        return super().submit(fn, *args, **kwargs)

    def shutdown(self, wait=True):  # as Dask's executor: no cancel_futures
        super().shutdown(wait)


def elsewhere(workers):
    return Elsewhere(workers, mp_context=get_context("spawn"))


def down(workers):
    raise ConnectionRefusedError("tcp://10.0.0.5:8786 refused the connection")


def nothing(workers):
    return object()


class Lost(ThreadPoolExecutor):
    def submit(self, fn, /, *args, **kwargs):
        future = Future()
        future.set_exception(OSError("the connection to a worker was lost"))
        return future


def lost(workers):
    return Lost(workers)


def many(workers):
    """A cluster of many workers: says how many it was asked for, and lends two threads."""
    with open(os.environ["EXECUTOR_LOG"], "a") as log:
        log.write(f"asked for {workers} workers\\n")
    return ThreadPoolExecutor(2)


not_callable = 3
'''


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    path = tmp_path / "cluster.py"
    path.write_text(EXECUTORS)
    return path


def printed(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_parts_render_on_workers_started_afresh_with_the_same_bytes(
    mini_project: Path, cluster: Path, tmp_path: Path, mini_build: Path
):
    """Every part, sign fitting and finishing job goes to the executor, none is rendered by
    the build's own process, and the files are those of a build on this machine's workers
    (the session's build of the mini project, with two of them)."""
    log = tmp_path / "executor.log"
    done = ecrprint_ok(
        "build", str(mini_project), "--executor", f"{cluster}:elsewhere", "--jobs", "2", EXECUTOR_LOG=str(log)
    )
    assert "0 reused" in done.stdout
    given = log.read_text().splitlines()
    rendered = int(done.stdout.split(" parts rendered")[0].rsplit("(", 1)[1])
    # Each worker's getting ready; the printer spreads, made from the parts and their fonts.
    assert given.count("tuple") == 2 and given.count("FontSources") == 1
    parts = [g for g in given if g not in ("tuple", "FontSources")]
    assert len(parts) == rendered > 20  # the contents twice: first to count its pages
    assert {"contents", "speakers-01", "programme-2025-03-06-01"} <= set(parts)
    assert any(p.startswith("sponsor-board-") for p in parts) and any(p.startswith("door-") for p in parts)
    assert printed(mini_project / "output") == printed(mini_build)


def test_an_executor_that_runs_jobs_in_threads_renders_one_at_a_time(mini_project: Path, mini_built):
    """WeasyPrint cannot lay out two documents at once in one process (Pango crashes, and
    warnings reach the wrong document): jobs in threads of one process take turns. The
    reference: the session's build of the mini project, on this machine's workers."""
    reference = mini_built.report
    # In a process of its own: were two documents laid out at once, it would crash.
    done = ecrprint_ok("build", str(mini_project), "--executor", "concurrent.futures:ThreadPoolExecutor", "--jobs", "4")
    assert f"({reference.rendered} parts rendered, 0 reused)" in done.stdout
    assert done.stderr == "" and reference.warnings == []
    assert printed(mini_project / "output") == printed(reference.out_dir)


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("down", 1, "--executor {c}:down could not start: ConnectionRefusedError: tcp://10.0.0.5:8786 refused"),
        ("nothing", 1, "--executor {c}:nothing gave object, not a concurrent.futures.Executor"),
        ("lost", 1, "the executor failed while working on the "),
        ("missing", 2, "--executor {c}:missing: {c} has no 'missing'"),
        ("not_callable", 2, "--executor {c}:not_callable: 'not_callable' in {c} is not callable"),
    ],
)
def test_an_executor_that_fails_is_an_error_and_the_output_stays(
    mini_project: Path, cluster: Path, capsys, name: str, code: int, message: str
):
    assert main(["build", str(mini_project), "--only", "booklet", "--jobs", "1"]) == 0
    out = mini_project / "output"
    before = printed(out)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: ", "title: Edited ", 1))
    capsys.readouterr()
    assert main(["build", str(mini_project), "--only", "booklet", "--executor", f"{cluster}:{name}"]) == code
    err = capsys.readouterr().err
    assert message.format(c=cluster) in err and "Traceback" not in err
    if code == 1:
        assert "Nothing was written: the output is as the last build left it." in err
    assert printed(out) == before


def test_more_workers_than_this_machine_allows_need_an_executor(
    mini_project: Path, cluster: Path, tmp_path: Path, capsys, monkeypatch
):
    """At most 64 worker processes here, where each takes memory and a share of the cores;
    a cluster's executor is given the --jobs it asks for."""
    for command in ("build", "watch"):
        assert main([command, str(mini_project), "--jobs", "65"]) == 2
        err = capsys.readouterr().err
        assert "--jobs 65: at most 64 worker processes on this machine; more workers need a cluster's executor" in err
    assert not (mini_project / "output").exists()
    with pytest.raises(SystemExit) as refused:
        main(["build", str(mini_project), "--jobs", "5000", "--executor", f"{cluster}:many"])
    assert refused.value.code == 2
    assert "expected 1 to 64 worker processes (up to 4096 with --executor), got 5000" in capsys.readouterr().err
    log = tmp_path / "executor.log"
    monkeypatch.setenv("EXECUTOR_LOG", str(log))
    assert (
        main(["build", str(mini_project), "--only", "booklet", "--jobs", "200", "--executor", f"{cluster}:many"]) == 0
    )
    assert log.read_text() == "asked for 200 workers\n"
    assert (mini_project / "output" / "booklet.pdf").is_file()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such_module_here:make", "no module named 'no_such_module_here' (is it installed, or on PYTHONPATH?)"),
        ("a_name_alone", "expected MODULE:NAME or FILE.py:NAME"),
        ("concurrent.futures:", "expected MODULE:NAME or FILE.py:NAME"),
        ("nowhere/cluster.py:make", "cannot read nowhere/cluster.py: no such file"),
    ],
)
def test_an_executor_that_cannot_be_found_is_a_usage_error(mini_project: Path, capsys, spec: str, message: str):
    for command in ("build", "watch"):
        assert main([command, str(mini_project), "--executor", spec]) == 2
        assert f"--executor {spec}: {message}" in capsys.readouterr().err
    assert not (mini_project / "output").exists()


def test_a_worker_that_would_render_differently_refuses(tmp_path: Path, monkeypatch):
    """A cluster's worker with another WeasyPrint, Pango or ecrprint would print other bytes
    under the same cache key: it refuses, naming both."""
    renderer = Renderer(None, jobs=1, executor_factory=ThreadPoolExecutor)
    ours = executors.worker_identity()
    assert ours.startswith("ecrprint ") and ", WeasyPrint " in ours and ", Pango " in ours
    monkeypatch.setattr(executors, "worker_identity", lambda: ours.replace("Pango ", "Pango 1"))
    job = RenderJob("part", "<p>Hello</p>", (str(tmp_path),))
    try:
        with pytest.raises(BuildError) as caught:
            renderer.run([job], "booklet parts")
    finally:
        renderer.close()
    assert f"renders with {ours.replace('Pango ', 'Pango 1')}, but this build with {ours}" in str(caught.value)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ctrl_c_stops_a_build_on_a_plain_process_pool_quietly(tmp_path: Path):
    """Ctrl-C reaches every process of the terminal's group. Workers of a plain
    ProcessPoolExecutor started by the build are set up as ecrprint's own: they leave it to
    the build (no traceback from each of them), end with it, and remove their font copies.
    (The sample project, which is still rendering when Ctrl-C comes: the small test congress
    could be built by then on a fast hour.)"""
    import signal
    import time

    from .conftest import ROOT, copy_project

    project = copy_project(ROOT, tmp_path / "ecr")
    temp = tmp_path / "temp"
    temp.mkdir()
    command = [sys.executable, "-m", "ecrprint", "build", str(project), "--no-cache"]
    command += ["--executor", "concurrent.futures:ProcessPoolExecutor", "--jobs", "2"]
    main = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
        start_new_session=True,  # a process group of its own, as a terminal's command
        # Interrupts at their default, as a terminal's command has them, even when the tests
        # run where they are ignored (a background job of a script, which Ctrl-C must not stop).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(workers := children(main.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2
    time.sleep(2)  # rendering by now
    os.killpg(main.pid, signal.SIGINT)
    _out, err = main.communicate(timeout=60)
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(workers) == []
    assert main.returncode == 130 and "interrupted; nothing was written" in err and "Traceback" not in err, err
    assert not (project / "output").exists()
    assert sorted(p.name for p in temp.iterdir() if not p.name.startswith("_jinja2-cache-")) == []
