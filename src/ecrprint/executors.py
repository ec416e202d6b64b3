"""Executors named on the command line (``--executor MODULE:FACTORY``), which render parts
somewhere other than this machine's worker processes: a cluster's, when one machine is no
longer enough. Their workers must render exactly as this machine would; each job checks that."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .errors import NOTHING_WRITTEN, BuildError, UsageError

ExecutorFactory = Callable[[int], Executor]


def load_factory(spec: str) -> ExecutorFactory:
    """The callable that ``spec`` names: ``package.module:NAME``, or ``path/to/file.py:NAME``
    for a file of its own. It is called with the number of workers (``--jobs``, by default
    one per core here) and returns a ``concurrent.futures.Executor``."""
    where, colon, name = spec.rpartition(":")
    if not colon or not where or not name.isidentifier():
        raise UsageError(f"--executor {spec}: expected MODULE:NAME or FILE.py:NAME, e.g. mycluster:executor")
    try:
        if where.endswith(".py"):
            module = _from_file(Path(where))
        else:
            module = importlib.import_module(where)
    except ModuleNotFoundError as exc:
        raise UsageError(
            f"--executor {spec}: no module named '{exc.name}' (is it installed, or on PYTHONPATH?)"
        ) from None
    except OSError as exc:
        raise UsageError(f"--executor {spec}: cannot read {where}: {exc.strerror or exc}") from None
    except Exception as exc:  # noqa: BLE001 - the user's module failed as it loaded
        raise UsageError(f"--executor {spec}: loading {where} failed: {type(exc).__name__}: {exc}") from None
    factory = getattr(module, name, None)
    if factory is None:
        raise UsageError(f"--executor {spec}: {where} has no '{name}'")
    if not callable(factory):
        raise UsageError(f"--executor {spec}: '{name}' in {where} is not callable")
    return Named(spec, factory)


@dataclass(frozen=True)
class Named:
    """A factory, with the ``--executor`` value that named it, for messages."""

    spec: str
    make: ExecutorFactory

    def __call__(self, workers: int) -> Executor:
        return self.make(workers)


def _from_file(path: Path):
    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    name = "ecrprint_executor_" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so that what it defines can be pickled by reference
    spec.loader.exec_module(module)
    return module


def started(factory: ExecutorFactory, workers: int) -> Executor:
    """The executor ``factory`` makes, or a build error that says why there is none."""
    label = getattr(factory, "spec", None) or getattr(factory, "__name__", "the executor")
    try:
        executor = factory(workers)
    except Exception as exc:  # noqa: BLE001 - a cluster that cannot be reached, say
        raise BuildError(
            f"--executor {label} could not start: {type(exc).__name__}: {exc}. {NOTHING_WRITTEN}"
        ) from None
    if not callable(getattr(executor, "submit", None)):
        raise BuildError(
            f"--executor {label} gave {type(executor).__name__}, not a concurrent.futures.Executor "
            f"(an object with submit() and shutdown()). {NOTHING_WRITTEN}"
        )
    return executor


def stop(executor: Executor, wait: bool = True) -> None:
    """Shut ``executor`` down, dropping the jobs it has not started. Not every executor knows
    ``cancel_futures`` (Dask's does not): one that does not is shut down as it can be."""
    try:
        executor.shutdown(wait=wait, cancel_futures=True)
    except TypeError:
        executor.shutdown(wait=wait)


@cache
def worker_identity() -> str:
    """What decides a rendering's bytes, as this process has it: ecrprint's code, and
    WeasyPrint's, Pango's, pydyf's and fontTools' versions."""
    from .renderer import code_digest, weasyprint_identity
    from .weasyprint_import import import_weasyprint

    import_weasyprint()
    from weasyprint.text.ffi import pango

    weasyprint = weasyprint_identity().rsplit(" ", 1)[-1]  # its digest; its place differs by machine
    pieces = [f"ecrprint {code_digest()[:12]}", f"WeasyPrint {weasyprint}", f"Pango {pango.pango_version()}"]
    for package in ("pydyf", "fonttools"):
        try:
            pieces.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            pieces.append(f"{package} missing")
    return ", ".join(pieces)


# One job at a time in a process: WeasyPrint cannot lay out two documents at once in one
# process (Pango crashes), and executors may run several jobs in threads of one process (a
# ThreadPoolExecutor; a Dask worker by default).
_one_at_a_time = threading.Lock()
_set_up: list = []


def checked(expected: str, build: int, fn: Callable, *args):
    """Run ``fn(*args)`` where an executor placed it, if this process renders as the build
    expects; otherwise refuse, naming the difference, rather than print other bytes. A
    process that the build's own (``build``, its process id) started is first set up as
    ecrprint's own workers are: Ctrl-C and hang-ups left to the build, SIGTERM and the build's
    end ending it cleanly."""
    with _one_at_a_time:
        if os.getppid() == build and not _set_up and threading.current_thread() is threading.main_thread():
            from .renderer import start_worker

            start_worker(build)
            _set_up.append(True)
        mine = worker_identity()
        if mine != expected:
            raise BuildError(
                f"a worker of the executor renders with {mine}, but this build with {expected}: "
                "install the same ecrprint, WeasyPrint, Pango, pydyf and fontTools everywhere parts render"
            )
        return fn(*args)
