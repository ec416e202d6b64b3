"""The orchestrator: load and check content, render every product, then write them all."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from . import booklet_pdf, signs_pdf
from .content import load_project
from .context import BuildContext, OutputFile
from .errors import UsageError
from .output import write_outputs
from .paths import Layout
from .render import make_env
from .renderer import CACHE_DIRNAME, Renderer, files_digest

log = logging.getLogger("ecrprint")


def _notices(ctx: BuildContext) -> list[OutputFile]:
    return [signs_pdf.build_notice(ctx, n.session, n.change, n.moved_to) for n in ctx.model.notices]


PRODUCTS = {
    "booklet": booklet_pdf.build,
    "door-sign": signs_pdf.build_door_signs,
    "sponsor-board": signs_pdf.build_sponsor_boards,
    "directional-sign": signs_pdf.build_directional_signs,
    "notice": _notices,
}
# --only door-sign also rewrites the per-day batch files.
KIND_FAMILIES = {"door-sign": {"door-sign", "door-sign-batch"}}


@dataclass
class BuildReport:
    out_dir: Path
    files: list[OutputFile]
    manifest: dict
    rendered: int
    reused: int


def make_context(project: Path, jobs: int | None = None, progress=None, use_cache: bool = True) -> BuildContext:
    """Load the project (raising ContentError on bad content) and prepare rendering."""
    project = project.resolve()
    model = load_project(project)
    layout = Layout.for_project(project)
    renderer = Renderer(
        project / CACHE_DIRNAME if use_cache else None,
        jobs=jobs,
        environment=_environment(layout),
        progress=progress,
    )
    return BuildContext(project, model, layout, make_env(layout), renderer)


def _environment(layout: Layout) -> str:
    import weasyprint

    return f"weasyprint {weasyprint.__version__}; files {files_digest(layout.allowed_roots)}"


def build(
    project: Path,
    out_dir: Path | None = None,
    only: str | None = None,
    jobs: int | None = None,
    progress=None,
    use_cache: bool = True,
) -> BuildReport:
    """Build every product (or only one kind). Nothing is written unless all of it succeeded."""
    if only is not None and only not in PRODUCTS:
        raise UsageError(f"unknown product kind '{only}'; choose from {', '.join(PRODUCTS)}")
    ctx = make_context(project, jobs, progress, use_cache)
    out_dir = (out_dir or ctx.project_dir / "output").resolve()
    try:
        files: list[OutputFile] = []
        for kind, builder in PRODUCTS.items():
            if only is None or only == kind:
                produced = builder(ctx)
                files.extend(produced if isinstance(produced, list) else [produced])
    finally:
        ctx.renderer.close()
    kinds = KIND_FAMILIES.get(only, {only}) if only else None
    manifest = write_outputs(out_dir, files, ctx.model.congress.version, kinds)
    return BuildReport(out_dir, files, manifest, ctx.renderer.rendered, ctx.renderer.reused)


def build_one(project: Path, out_dir: Path | None, make, kinds: set[str]) -> BuildReport:
    """Build one or a few files (one sign, one notice) and add them to the manifest."""
    ctx = make_context(project, jobs=1)
    out_dir = (out_dir or ctx.project_dir / "output").resolve()
    try:
        produced = make(ctx)
    finally:
        ctx.renderer.close()
    files = produced if isinstance(produced, list) else [produced]
    manifest = write_outputs(out_dir, files, ctx.model.congress.version, kinds, replace_all=False)
    return BuildReport(out_dir, files, manifest, ctx.renderer.rendered, ctx.renderer.reused)
