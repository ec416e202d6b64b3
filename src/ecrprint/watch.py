"""Rebuild whenever the content, layouts or fonts change, keeping the worker processes (and
what they have loaded: WeasyPrint, fonts, stylesheets, QR codes) warm between builds."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .build import BuildReport, build, build_environment
from .content import content_files, load_project
from .errors import BuildError, ContentError, EcrprintError, unwritten
from .executors import ExecutorFactory
from .filestate import file_state
from .paths import Layout
from .render import make_env, render_template
from .renderer import CACHE_DIRNAME, Renderer, layout_files

Snapshot = tuple[tuple[str, tuple[int, ...]], ...]
SETTLE = 0.05  # seconds a change must stand still before a build starts
# A file changed up to this long before a build started may have changed while it ran: the kernel
# stamps change times from a clock that lags by up to a few milliseconds.
CHANGED_WHILE_BUILDING_NS = 50_000_000


def snapshot(project: Path) -> Snapshot:
    """The name and state (filestate.file_state) of every file a build reads."""
    files = content_files(project) + [path for _, path in layout_files(Layout.for_project(project).allowed_roots)]
    out = []
    for path in sorted(set(files)):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed while we looked: the next look sees it gone
        out.append((str(path), file_state(stat)))
    return tuple(out)


def _stats(paths: list[Path]) -> dict[str, tuple[int, ...]]:
    """The state (filestate.file_state) of each of ``paths`` that is there."""
    out = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone: a build says what it misses
        out[str(path)] = file_state(stat)
    return out


def _get_ready(project: Path, renderer: Renderer) -> None:
    """Start the workers, compile the templates and read the content at once, even if the
    first build finds nothing to do: the point of watching is that the first edit finds
    everything ready too."""
    layout = Layout.for_project(project)
    env = make_env(layout)
    renderer.environment = build_environment(layout)
    try:
        renderer.start(render_template(env, "shared/warm-up.html.j2"), layout.allowed_roots)
    except BuildError:
        pass  # a broken layout: the first build reports it
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 - a broken template is reported by the build itself
            pass
    try:
        load_project(project, project / CACHE_DIRNAME)
    except ContentError:
        pass  # the first build reports it


def watch(
    project: Path,
    out_dir: Path | None = None,
    only: str | None = None,
    jobs: int | None = None,
    strict: bool = False,
    *,
    report: Callable[[BuildReport | None, float, EcrprintError | None], None],
    stop: Callable[[], bool] = lambda: False,
    interval: float = 0.1,
    progress=None,
    starting: Callable[[], None] = lambda: None,
    executor: ExecutorFactory | None = None,
) -> None:
    """Build now, then again after every change, until ``stop()`` is true, on one renderer
    whose workers stay up from build to build. Each build's
    outcome goes to ``report(result, seconds, error)``: a failed build reports its error, has
    written nothing, and watching goes on. A usage error (say, an unknown product kind)
    ends the watch."""
    project = project.resolve()
    renderer = Renderer(project / CACHE_DIRNAME, jobs=jobs, executor_factory=executor)
    seen: Snapshot | None = None
    # The files besides the content and layouts that the last build read (a supporter's logo, a
    # print shop's profile), as they were when it started: a logo replaced builds again too.
    used: list[Path] = []
    seen_used: dict[str, tuple[int, ...]] = {}
    try:
        _get_ready(project, renderer)
        while not stop():
            now, now_used = snapshot(project), _stats(used)
            if now != seen or now_used != seen_used:
                # Let a save finish (editors write in steps) before building from it.
                time.sleep(SETTLE)
                if (snapshot(project), _stats(used)) != (now, now_used):
                    continue
                seen, seen_used = now, now_used
                starting()  # a rebuild can take seconds: say that one is under way
                started, started_ns = time.perf_counter(), time.time_ns()
                try:
                    result = build(project, out_dir, only, jobs, progress, strict=strict, renderer=renderer)
                except (ContentError, BuildError) as exc:  # usage errors end the watch
                    report(None, time.perf_counter() - started, exc)
                except OSError as exc:  # a file where an output folder belongs, a full disk
                    report(None, time.perf_counter() - started, unwritten(exc))
                else:
                    report(result, time.perf_counter() - started, None)
                    # Files this build read for the first time (a logo just named) are watched
                    # from now on, as they are now, unless they changed while it ran (it may
                    # have read them before): then the next look builds again. The others as
                    # they were when it started.
                    used = result.uses
                    seen_used = {
                        path: now_used.get(path, state if state[3] < started_ns - CHANGED_WHILE_BUILDING_NS else ())
                        for path, state in _stats(used).items()
                    }
                continue  # look again at once: files may have changed during the build
            time.sleep(interval)
    finally:
        renderer.close()
