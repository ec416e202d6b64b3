"""Shared fixtures: fresh copies of the sample and mini projects, built once per test session."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from ecrprint.build import BuildReport, build
from ecrprint.pdfrender import RenderJob
from ecrprint.renderer import CACHE_DIRNAME, Renderer
from ecrprint.uptodate import STATE

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true", help="write tests/golden/ afresh from what the templates make now"
    )


@pytest.fixture(autouse=True)
def nothing_logged(request, caplog):
    """Like WeasyPrint's own tests: a test fails if anything logged a warning or an error
    while it ran (a CSS declaration WeasyPrint ignored, a cache that could not be written),
    unless it is marked ``logs``: it provokes such a message and asserts on it itself."""
    caplog.set_level(logging.WARNING)
    yield
    if request.node.get_closest_marker("logs") is None:
        said = [f"{r.name}: {r.getMessage()}" for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
        assert said == [], f"logged while the test ran: {said}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """What a test printed or logged, with any undecodable byte of a file name ("sched\\xff.xml")
    written as an escape: the report of a test that runs in another process (pytest -n) is sent
    as UTF-8, which a lone surrogate cannot be."""
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, text.encode("utf-8", "backslashreplace").decode()) for title, text in report.sections]


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source / "content", target / "content")
    return target


@pytest.fixture
def mini_project(request, tmp_path: Path) -> Path:
    """A copy of the small test congress; for a test marked ``cached``, with the cache of the
    session's build of it, so that a build of it as it is renders nothing (``copy_with_cache``)."""
    if request.node.get_closest_marker("cached") is not None:
        return copy_with_cache(request.getfixturevalue("mini_built"), tmp_path / "mini")
    return copy_project(MINI, tmp_path / "mini")


class Built(NamedTuple):
    report: BuildReport
    jobs: list[RenderJob]  # every document the build handed to its renderer, cached or not


@contextmanager
def jobs_recorded() -> Iterator[list[RenderJob]]:
    """The documents every build in the block hands to its renderer, in order."""
    seen: list[RenderJob] = []
    original = Renderer.run

    def run(self, jobs, label=""):
        jobs = list(jobs)  # the booklet's parts come from a generator
        seen.extend(jobs)
        return original(self, jobs, label)

    Renderer.run = run
    try:
        yield seen
    finally:
        Renderer.run = original


def built(source: Path, target: Path) -> Built:
    """Build a copy of a project; returns its report and the documents it rendered."""
    with jobs_recorded() as jobs:
        report = build(copy_project(source, target), jobs=2)
    # Like WeasyPrint's own tests: a clean build logs nothing.
    assert report.warnings == [], report.warnings
    return Built(report, jobs)


def copy_with_cache(shared: Built, target: Path) -> Path:
    """A copy of a shared build's project with its cache (not the record of its last build):
    what that build rendered comes from the cache, and only what an edit changes renders anew."""
    project = shared.report.out_dir.parent
    copy_project(project, target)
    shutil.copytree(project / CACHE_DIRNAME, target / CACHE_DIRNAME, ignore=shutil.ignore_patterns(STATE))
    return target


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory) -> Built:
    """The ECR 2024 sample project, built once."""
    return built(ROOT, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def sample_build(sample_built: Built) -> Path:
    """The sample's output folder, which no test changes."""
    return sample_built.report.out_dir


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> Built:
    """The small test congress, built once."""
    return built(MINI, tmp_path_factory.mktemp("mini-built"))


@pytest.fixture(scope="session")
def mini_build(mini_built: Built) -> Path:
    """The small test congress's output folder, which no test changes."""
    return mini_built.report.out_dir
