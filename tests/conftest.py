"""Shared fixtures: fresh copies of the sample and mini projects, built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecrprint.build import build

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source / "content", target / "content")
    return target


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return copy_project(MINI, tmp_path / "mini")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The ECR 2024 sample project, built once; returns its output folder."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("sample"))
    report = build(project, jobs=2)
    # Like WeasyPrint's own tests: a clean build logs nothing.
    assert report.warnings == [], report.warnings
    return report.out_dir


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory) -> Path:
    project = copy_project(MINI, tmp_path_factory.mktemp("mini-built"))
    report = build(project, jobs=2)
    assert report.warnings == [], report.warnings
    return report.out_dir
