"""The orchestrator: load and check content, render every product, then write them all."""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import booklet_pdf, signs_pdf, uptodate, words
from .content import load_project
from .context import BuildContext, OutputFile
from .errors import BuildError, StoppedAfterWriting, counted
from .executors import ExecutorFactory
from .kinds import KINDS, check_kind, wanted_kinds
from .logos import cmyk_logo
from .output import (
    MANIFEST,
    NOT_A_FILE,
    as_made,
    listed_before,
    locked,
    manifest_trouble,
    plan_manifest,
    read_manifest,
    write_outputs,
)
from .package import PACKAGE_KINDS, PRINT_DIR, TICKET, build_package
from .paths import Layout
from .render import make_env, render_template
from .renderer import CACHE_DIRNAME, Renderer, files_digest, prune, weasyprint_identity

log = logging.getLogger("ecrprint")


def _notices(ctx: BuildContext) -> list[OutputFile]:
    return [signs_pdf.build_notice(ctx, n) for n in ctx.model.notices]


PRODUCTS = {
    "booklet": booklet_pdf.build,
    "door-sign": signs_pdf.build_door_signs,
    "sponsor-board": signs_pdf.build_sponsor_boards,
    "directional-sign": signs_pdf.build_directional_signs,
    "notice": _notices,
}
# --only door-sign also rewrites the per-day batch files.
KIND_FAMILIES = {
    "door-sign": {"door-sign", "door-sign-batch"},
    "booklet": {"booklet", "imposed-booklet", "booklet-cover", "booklet-screen"},
}


if tuple(PRODUCTS) != KINDS:  # the names the command line checks before this module loads
    raise ImportError("ecrprint.kinds.KINDS and build.PRODUCTS list different product kinds")


@dataclass
class BuildReport:
    out_dir: Path
    files: list[OutputFile]
    manifest: dict
    rendered: int
    reused: int
    up_to_date: bool = False
    warnings: list[str] = field(default_factory=list)  # WeasyPrint's, from every part used
    # The files besides the content and layouts that the build read (logos, output-intent
    # profiles): `ecrprint watch` watches them too.
    uses: list[Path] = field(default_factory=list)
    # The manifest's entries before this build wrote it (None: there was none to read), and the
    # kinds this build made (None: all): what `changes` compares the new manifest with.
    before: list[dict] | None = None
    before_unreadable: bool = False  # there was a manifest, but it could not be read
    kinds: set[str] | None = None
    ticket_changed: bool = False  # the print package's job ticket has other bytes than before


def make_context(
    project: Path,
    jobs: int | None = None,
    progress=None,
    use_cache: bool = True,
    renderer: Renderer | None = None,
    pooled: bool | None = None,
    executor: ExecutorFactory | None = None,
    rehearse: bool = True,
) -> BuildContext:
    """Load the project (raising ContentError on bad content) and prepare rendering. A
    ``renderer`` passed in (``ecrprint watch``) keeps its warm workers from build to build;
    ``rehearse`` (see ``Renderer.start``) is left out for one sign made on site."""
    project = project.resolve()
    layout = Layout.for_project(project)
    env = make_env(layout)
    environment = build_environment(layout)
    created = renderer is None
    if renderer is None:
        renderer = Renderer(
            project / CACHE_DIRNAME if use_cache else None,
            jobs=jobs,
            environment=environment,
            executor_factory=executor,
            pooled=pooled,
        )
    else:
        renderer.begin(environment)
    renderer.progress = progress
    # Workers get ready (WeasyPrint; fonts and stylesheets if rehearsing) while this process
    # reads the content.
    renderer.start(render_template(env, "shared/warm-up.html.j2"), layout.allowed_roots, rehearse)
    advisories: list = []
    try:
        content_cache = project / CACHE_DIRNAME if use_cache else None
        model = load_project(project, content_cache, advisories)
        for problem in advisories:
            renderer.warn(str(problem))
        # Said, where they are worth a warning, with the content's advisories.
        printed_words, _ = words.load(layout, model.congress.language, content_cache)
        ctx = BuildContext(project, model, layout, env, renderer, printed_words)
        # Logos print on the booklet and the sponsor boards, each in its product's CMYK, within
        # the ink limit that holds for it (the print shop's, or its bundled profile's).
        for profile, limit in dict.fromkeys(ctx.logo_separation(kind) for kind in ("booklet", "sponsor-board")):
            urls = ctx.logo_urls.setdefault((profile, limit), {})
            for s in model.supporters:
                if s.logo:
                    logo = cmyk_logo(project / "content" / s.logo, profile, project / CACHE_DIRNAME, limit)
                    # As data, not as a file: WeasyPrint names an image after its address, and a
                    # file's address would make the PDFs differ from one project folder to another.
                    urls[s.id] = "data:image/jpeg;base64," + base64.b64encode(logo).decode("ascii")
    except BaseException:
        if created:  # our workers: none outlives a build that stopped here
            renderer.close()
        raise
    return ctx


def build_environment(layout: Layout) -> str:
    """What every part's cache key shares: WeasyPrint's version and the layouts and fonts."""
    return f"{weasyprint_identity()}; files {files_digest(layout.allowed_roots)}"


def build(
    project: Path,
    out_dir: Path | None = None,
    only: str | None = None,
    jobs: int | None = None,
    progress=None,
    use_cache: bool = True,
    strict: bool = False,
    renderer: Renderer | None = None,
    executor: ExecutorFactory | None = None,
) -> BuildReport:
    """Build every product (or only one kind). Nothing is written unless all of it succeeded;
    with ``strict``, a warning (rendering or content) counts as a failure. A ``renderer`` passed in is
    reused and left open, for the next build. Parts render on worker processes here, or on
    the executor that ``executor(jobs)`` returns (a cluster's, say)."""
    check_kind(only)
    project = project.resolve()
    out_dir = (out_dir or project / "output").resolve()
    options = uptodate.options(only, strict)
    current, fingerprint = uptodate.up_to_date(project, out_dir, options)
    if current and use_cache:
        # Nothing changed, so neither did what the last build warned of: said again, not lost.
        said = uptodate.warnings_said(project, out_dir)
        for text in said:
            log.warning("%s", text)
        uses = uptodate.last_files_used(project, out_dir)
        return BuildReport(
            out_dir, [], read_manifest(out_dir), 0, 0, up_to_date=True, warnings=sorted(set(said)), uses=uses
        )
    uptodate.forget(project, out_dir)
    ctx = make_context(project, jobs, progress, use_cache, renderer, executor=executor)
    try:
        # A file saved after the check and before it was read: this build is of the content as
        # saved, and must not be recorded as the build of the content as checked (saved again
        # as it was, say by an undo, it would be taken for up to date, the other content printed).
        read_as_checked = uptodate.fingerprint(project, out_dir, options) == fingerprint
        # So too the logos and profiles, as this build read them: one saved anew while it renders
        # is not what it printed.
        uses = files_used(ctx)
        used_as_read = uptodate.files_used_digest(uses)
        trouble = manifest_trouble(out_dir)
        if trouble and trouble != NOT_A_FILE and only is None:  # (not a file: refused when writing)
            ctx.renderer.warn(
                f"{out_dir / MANIFEST} {trouble}: a new one is written; files it listed that this build does not "
                "make (notices made on site) stay in the folder, unlisted"
            )
        files: list[OutputFile] = []
        wanted = wanted_kinds(only)
        for kind, builder in PRODUCTS.items():
            if wanted is None or kind in wanted:
                produced = builder(ctx)
                files.extend(produced if isinstance(produced, list) else [produced])
        _refuse_one_path_twice(files)
        if wanted is None or "notice" in wanted:
            # Only what the build keeps: a notice deleted since, or changed by hand, is not.
            kept = [e for e in read_manifest(out_dir).get("products", []) if as_made(out_dir, e)]
            for text in _notices_beside_on_site_ones({"products": kept}, files):
                ctx.renderer.warn(text)
        if strict and ctx.renderer.warnings:
            count = len(ctx.renderer.warnings)
            raise BuildError(f"{counted(count, 'warning')} (see above) and --strict is set")
        kinds = set().union(*(KIND_FAMILIES.get(k, {k}) for k in wanted)) if wanted else None
        report = _write(ctx, out_dir, files, kinds, replace_all=True)
    finally:
        if renderer is None:  # ours: a renderer passed in stays open for its owner
            ctx.renderer.close()
    report.uses = uses
    report.kinds = kinds
    if use_cache:
        try:
            if read_as_checked and uptodate.files_used_digest(uses) == used_as_read:
                uptodate.record(project, out_dir, fingerprint, uses, report.manifest, ctx.renderer.said)
            prune(project / CACHE_DIRNAME)
        except KeyboardInterrupt:  # the output is written: only the next build's check is lost
            raise StoppedAfterWriting from None
    return report


def files_used(ctx: BuildContext) -> list[Path]:
    """The files besides the content and layouts that a build reads: the output-intent
    profiles and the supporters' logos."""
    return ctx.icc_paths() + [ctx.project_dir / "content" / s.logo for s in ctx.model.supporters if s.logo]


def _refuse_one_path_twice(files: list[OutputFile]) -> None:
    """Two products planned for one file: the second would silently replace the first."""
    first: dict[str, OutputFile] = {}
    for f in files:
        if f.path in first:
            a, b = (", ".join(str(v) for v in x.extra.values() if isinstance(v, str)) for x in (first[f.path], f))
            raise BuildError(f"{f.path} would be written twice, for a {first[f.path].kind} ({a}) and a {f.kind} ({b})")
        first[f.path] = f


def _describe(entry: dict) -> str:
    if entry.get("change") == "rescheduled":
        return f"rescheduled to {entry.get('date')} {entry.get('start')}–{entry.get('end')} in {entry.get('room')}"
    return f"moved to {entry.get('room')}" if entry.get("change") == "moved" else str(entry.get("change"))


def _notices_beside_on_site_ones(previous: dict, files: list[OutputFile]) -> list[str]:
    """Where notices.yaml and the notices made on site disagree: a notice of the content that
    takes the place of an on-site one saying something else, or on-site notices that stay
    beside the content's notice for the same session."""
    made = {f.path: {"path": f.path, "kind": f.kind, **f.extra} for f in files if f.kind == "notice"}
    by_session = {e["session"]: e for e in made.values() if e.get("session")}  # news has none
    said = []
    kept: dict[str, list[dict]] = {}  # session -> its on-site notices that stay
    for e in previous.get("products", []):
        if not e.get("on_site") or e.get("kind") != "notice":
            continue
        if e.get("path") not in made:
            kept.setdefault(str(e.get("session")), []).append(e)
        ours = made.get(e.get("path"))
        if ours is not None and _describe(ours) != _describe(e):
            said.append(
                f"{e['path']}: the notice made on site ({_describe(e)}) is replaced by notices.yaml's "
                f"({_describe(ours)}); if the on-site one is right, correct notices.yaml"
            )
        elif ours is None and e.get("session") in by_session:
            other = by_session[e.get("session")]
            said.append(
                f"{e['path']}: made on site for {e.get('session')} ({_describe(e)}), it stays beside "
                f"notices.yaml's notice ({_describe(other)}); delete the file if it is no longer true"
            )
    for session, notices in kept.items():
        changes = {e.get("change") for e in notices}
        if "cancelled" in changes and len(changes) > 1:
            paths = " and ".join(str(e["path"]) for e in notices)
            said.append(
                f"{paths}, made on site for {session}, contradict each other "
                f"({', '.join(_describe(e) for e in notices)}); delete the one that is no longer true"
            )
    return said


def build_one(project: Path, out_dir: Path | None, make, kinds: set[str]) -> BuildReport:
    """Build one or a few files (one sign, one notice) and add them to the manifest. One worker
    process imports WeasyPrint while this process reads the content; a second would only take
    CPU from it, so a sign made from the cache would wait for it."""
    ctx = make_context(project, jobs=1, pooled=True, rehearse=False)
    out_dir = (out_dir or ctx.project_dir / "output").resolve()
    uptodate.forget(ctx.project_dir, out_dir)
    try:
        produced = make(ctx)
        files = produced if isinstance(produced, list) else [produced]
        return _write(ctx, out_dir, files, kinds, replace_all=False)
    finally:
        ctx.renderer.close()


def _write(ctx: BuildContext, out_dir: Path, files: list[OutputFile], kinds, replace_all: bool) -> BuildReport:
    """Everything is rendered: plan the manifest, make the print package, then write it all."""
    for f in files:
        f.extra.setdefault("pdf_variant", ctx.model.print.pdf_variant)
        if f.extra["pdf_variant"]:  # a print file: the condition its colours are for, and its ink limit
            intent = ctx.intent(f.kind)
            f.extra.setdefault("output_intent", intent.condition)
            if intent.ink_limit is not None:
                f.extra.setdefault("ink_limit", intent.ink_limit)
        f.extra.setdefault("colour", "CMYK")
    with locked(out_dir):  # from reading the manifest to writing it back
        c = ctx.model.congress
        before, before_unreadable = listed_before(out_dir)
        manifest, stale = plan_manifest(out_dir, files, c.version, kinds, replace_all, congress=c.id)
        data = {f.path: f.data for f in files}
        package: dict[str, bytes] = {}
        ticket_changed = False
        # One door sign rebuilt on site is not part of the print package: leave the package alone.
        if replace_all or any(f.kind in PACKAGE_KINDS for f in files):
            package = build_package(ctx, out_dir, manifest, data)
            old_package = read_manifest(out_dir / PRINT_DIR).get("products", [])
            ticket = [e.get("sha256") for e in old_package if e.get("path") == TICKET]
            ticket_changed = ticket != [hashlib.sha256(package[f"{PRINT_DIR}/{TICKET}"]).hexdigest()]
            stale += [f"{PRINT_DIR}/{e['path']}" for e in old_package if f"{PRINT_DIR}/{e.get('path')}" not in package]
        write_outputs(out_dir, {**data, **package}, manifest, stale)
    return BuildReport(
        out_dir,
        files,
        manifest,
        ctx.renderer.rendered,
        ctx.renderer.reused,
        warnings=sorted(ctx.renderer.warnings),
        before=before,
        before_unreadable=before_unreadable,
        ticket_changed=ticket_changed,
    )
