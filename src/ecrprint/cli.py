"""The ecrprint command line: a thin layer over the build functions."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path

from . import __version__
from .errors import (
    ContentError,
    EcrprintError,
    StoppedAfterWriting,
    UsageError,
    counted,
    error_lines,
    one_line,
    unwritten,
    where_paths_start,
)
from .paths import resolved_or_none

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


# A project's own folders: run from inside one (content/sessions, or output/signs where staff
# looked for a sign), a command finds the project they belong to.
PROJECT_FOLDERS = ("content", "output", "layouts", "fonts")


def _project(value: str) -> Path:
    """A project folder; given a folder inside one of a project's own folders (PROJECT_FOLDERS,
    run from there, say), the project it belongs to."""
    path = Path(value)
    if (path / "content").is_dir():
        return path
    inside = resolved_or_none(path)
    if inside is None:  # a link that leads round in a loop: _require_project says so
        return path
    for folder in inside.parents:
        if (folder / "content").is_dir() and any(inside.is_relative_to(folder / own) for own in PROJECT_FOLDERS):
            return folder
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ecrprint",
        description="Print-ready congress programmes, signs and sponsor boards from YAML content.",
    )
    parser.add_argument("--version", action="version", version=f"ecrprint {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print WeasyPrint's and pikepdf's progress messages, for debugging (ecrprint -v build)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "build",
        help="build every product into PROJECT/output",
        description="Check the content, render every product, then write them all (nothing is written if anything fails).",
    )
    _project_argument(p)
    p.add_argument("--out", type=_given_path, help="output folder (default: PROJECT/output)")
    p.add_argument(
        "--only",
        metavar="KIND",
        action="append",
        help="build only this product kind, e.g. booklet; repeat it or separate kinds with commas for several",
    )
    _worker_arguments(p)
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write the part cache")
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (unknown CSS, a day without sessions, QR codes to an example or local address, "
        "a booklet too thick to bind) as errors",
    )

    p = sub.add_parser(
        "watch",
        help="build, then rebuild after every change (Ctrl-C stops)",
        description="Build, then rebuild whenever the content, layouts or fonts change, with the workers kept "
        "warm between builds. A failed build prints its errors and writes nothing; watching goes on.",
    )
    _project_argument(p)
    p.add_argument("--out", type=_given_path, help="output folder (default: PROJECT/output)")
    p.add_argument(
        "--only",
        metavar="KIND",
        action="append",
        help="build only this product kind, e.g. booklet; repeat it or separate kinds with commas for several",
    )
    _worker_arguments(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (unknown CSS, a day without sessions, QR codes to an example or local address, "
        "a booklet too thick to bind) as errors",
    )

    p = sub.add_parser(
        "check",
        help="check the content and report every problem",
        description="Load and cross-check the content; print each problem as path:line:col: field: message.",
    )
    _project_argument(p)

    p = sub.add_parser(
        "html",
        help="write a product as one HTML file (for debugging; it links the project's fonts and stylesheets in place)",
        description="Write the booklet as one HTML file that plain `weasyprint FILE out.pdf` renders to the same pages.",
    )
    _project_argument(p)
    p.add_argument("--product", default="booklet", choices=["booklet"], help="product to write (default: booklet)")
    p.add_argument("--output", "-o", type=_given_path, required=True, help="HTML file to write")
    p.add_argument(
        "--with-output-intent",
        action="store_true",
        help="declare the CMYK output profile in the CSS (for weasyprint --pdf-variant pdf/x-4)",
    )

    p = sub.add_parser(
        "sign",
        help="rebuild one room's door sign for today (or --date), one sponsor board or one directional sign, now; "
        "--print sends it to a printer",
        description="Rebuild the door sign of one room on one day, the sponsor board of one workshop topic, or the "
        "directional sign of one place (the on-site fast path), print the file's path, and, with --print, send it "
        "to a printer.",
    )
    _project_argument(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--room", help="room id or printed name, e.g. room-a or 'Room A'")
    which.add_argument("--board", metavar="TOPIC", help="workshop topic id or name, e.g. msk-ultrasound or 'stroke'")
    which.add_argument("--signpost", metavar="PLACE", help="sign location id or name, e.g. 'entrance hall'")
    p.add_argument(
        "--date",
        help="with --room, the day: today (the default, on site), tomorrow, a weekday (wed, thurs), or a date "
        "(2024-02-28, 28.2., 28 Feb, 28)",
    )
    p.add_argument("--out", type=_given_path, help="output folder (default: PROJECT/output)")
    _print_arguments(p)

    p = sub.add_parser(
        "notice",
        help="print a last-minute notice for one session, or news of its own (--title)",
        description=(
            "Make a one-page notice for a session that moved, was cancelled, is full or has a new time "
            "(--at, with --moved-to too when its room changes), or one of news of its own: --title and --text, "
            "with --date, --room and --link if wanted."
        ),
    )
    _project_argument(p)
    p.add_argument("--session", metavar="CODE", help="session code, e.g. 'RC 1203'")
    p.add_argument("--title", type=_given_text, help="news of its own: its title, e.g. 'Lunch moved to Hall B'")
    p.add_argument("--text", type=_given_text, help="with --title: what it says (line breaks are kept)")
    p.add_argument("--room", type=_given_text, help="with --title: the room it is for (id or printed name)")
    p.add_argument("--link", type=_given_text, metavar="URL", help="with --title: the address for its QR code")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--moved-to", type=_given_text, metavar="ROOM", help="the new room (id or printed name)")
    change.add_argument("--cancelled", action="store_true", help="the session is cancelled")
    change.add_argument("--full", action="store_true", help="the room is full")
    p.add_argument("--at", type=_given_text, metavar="HH:MM", help="the session's new start: it is rescheduled")
    p.add_argument("--until", type=_given_text, metavar="HH:MM", help="its new end (default: as long as before)")
    p.add_argument(
        "--date",
        type=_given_text,
        metavar="DAY",
        help="with --at, its new day, as for ecrprint sign (default: its own day); with --title, the day it is for",
    )
    p.add_argument("--out", type=_given_path, help="output folder (default: PROJECT/output)")
    _print_arguments(p)

    p = sub.add_parser(
        "new",
        help="start a project: content to fill in, which checks and builds as it is",
        description=(
            "Write DIR/content/ for a new congress: the congress, its days, two rooms, one session format "
            "and an example session a day, each file saying what to fill in. DIR must not have a content/ folder yet."
        ),
    )
    p.add_argument("project", type=_given_path, metavar="DIR", help="the new project's folder")
    p.add_argument("--name", type=_given_text, required=True, help="the congress's name, as its cover gives it")
    p.add_argument("--start", type=_iso_date, required=True, metavar="YYYY-MM-DD", help="the first congress day")
    p.add_argument("--end", type=_iso_date, metavar="YYYY-MM-DD", help="the last congress day (default: --start)")

    p = sub.add_parser(
        "import",
        help="import a pretalx/frab/Pentabarf schedule.xml or schedule.json",
        description="Read a schedule.xml or schedule.json export and write a buildable project into DIR/content/.",
    )
    p.add_argument("file", type=Path, help="schedule.xml or schedule.json")
    p.add_argument("--project", type=Path, required=True, metavar="DIR", help="project folder to write into")

    p = sub.add_parser(
        "preflight",
        help="check the built PDFs as a print shop would",
        description=(
            "Check every PDF OUTPUT_DIR/manifest.json lists: checksum, PDF/X declaration, page boxes, CMYK-only "
            "colour, embedded fonts, image resolution, page count, QR codes, the 5 mm safe area and small type "
            "(nothing under 5 pt, one solid ink under 6 pt, white type at least 8 pt). Writes "
            "OUTPUT_DIR/preflight.json; exits 0 when everything passes, 1 when anything fails. Prints the "
            "failed checks and a summary; --all prints every check."
        ),
    )
    p.add_argument(
        "out_dir", nargs="?", default=Path("output"), type=Path, metavar="OUTPUT_DIR", help="default: ./output"
    )
    p.add_argument("--all", action="store_true", help="list every check, passed ones too")
    p.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="worker processes, 1 to 64 (default: one per core)")

    if not (sys.argv[1:] if argv is None else argv):
        parser.print_help(sys.stderr)  # the commands, for someone finding out what there is
        return EXIT_USAGE
    args = parser.parse_args(argv)
    if hasattr(args, "only"):
        from .kinds import joined_kinds

        args.only = joined_kinds(args.only)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        _require_folders(args)
        return COMMANDS[args.command](args)
    except ContentError as exc:
        # An import's problems are placed in the schedule, at the path given: not in the project.
        project = None if args.command == "import" else getattr(args, "project", None)
        for line in error_lines(exc, project) + getattr(exc, "__notes__", []):
            print(line, file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EcrprintError as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except StoppedAfterWriting:
        print("ecrprint: interrupted once the output was written: it holds this build's files.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("ecrprint: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`ecrprint preflight --all | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the output folder read-only, a file where a folder should be, a full disk
        print(f"ecrprint: error: {unwritten(exc)}", file=sys.stderr)
        return EXIT_ERROR


def _project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project", nargs="?", default=".", type=_project, help="project folder (default: current folder)"
    )


MAX_JOBS = 64  # worker processes on this machine
MAX_EXECUTOR_JOBS = 4096  # workers of an executor named with --executor (a cluster's)


def _worker_arguments(p: argparse.ArgumentParser) -> None:
    """Where parts render, for the commands that build: ``--jobs`` and ``--executor``."""
    p.add_argument(
        "--jobs",
        "-j",
        type=_worker_jobs,
        metavar="N",
        help=f"worker processes, 1 to {MAX_JOBS} (with --executor, up to {MAX_EXECUTOR_JOBS}; default: one per core)",
    )
    p.add_argument(
        "--executor",
        metavar="MODULE:NAME",
        help="render parts on the concurrent.futures executor that NAME(N) returns (a cluster's), instead of "
        "worker processes here; MODULE is an importable module or a FILE.py; N is --jobs (default: one per core)",
    )


def _jobs(text: str, most: int = MAX_JOBS, beyond: str = "") -> int:
    """``--jobs N``: a whole number of worker processes, from 1 to ``most``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of worker processes, got '{text}'") from None
    if not 1 <= value <= most:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_JOBS} worker processes{beyond}, got {value}")
    return value


def _worker_jobs(text: str) -> int:
    """``--jobs N`` of the commands that build: up to MAX_EXECUTOR_JOBS, of which more than
    MAX_JOBS only with ``--executor`` (see ``_executor``)."""
    return _jobs(text, MAX_EXECUTOR_JOBS, f" (up to {MAX_EXECUTOR_JOBS} with --executor)")


# The commands that render the project's pages.
RENDERING_COMMANDS = ("build", "watch", "sign", "notice", "html")


def _given_text(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _given_path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path names no place")
    return Path(text)


def _resolved(path: Path) -> Path:
    where = resolved_or_none(path)
    if where is None:
        raise UsageError(f"'{path}' is a link that leads round in a loop")
    return where


def _require_folders(args) -> None:
    """A folder to write into that is a file, or a place where output does not belong, is
    refused before anything starts."""
    _require_an_addressable_project(args)
    folders = [getattr(args, "out", None), getattr(args, "out_dir", None)]
    if args.command in ("import", "new"):
        folders.append(args.project)
    if args.command == "html":
        folders.append(args.output.parent)
    for folder in folders:
        if folder is not None and _resolved(folder).exists() and not folder.is_dir():
            raise UsageError(f"'{folder}' is a file, not a folder")
    project = getattr(args, "project", None)
    content = (
        _resolved(project) / "content" if isinstance(project, Path) and args.command not in ("import", "new") else None
    )
    written = [f for f in (getattr(args, "out", None), getattr(args, "output", None)) if f is not None]
    for target in written:
        where = _resolved(target)
        if where == Path(where.anchor):
            raise UsageError(f"'{target}' is the root of the file system: give a folder of its own")
        if content is not None and where.is_relative_to(content):
            raise UsageError(f"'{target}' is inside the project's content/ folder: output goes elsewhere")
    if args.command == "html" and args.output.exists() and not args.output.is_file():
        raise UsageError(f"'{args.output}' is not a regular file: give the path of a file to write")


def _require_an_addressable_project(args) -> None:
    """WeasyPrint reads a project's files by file:// address, which it can make only of a path
    that is UTF-8 text: a folder named on a Latin-1 system, or unpacked from a ZIP made on
    Windows, stopped the rendering with a UnicodeEncodeError."""
    project = getattr(args, "project", None)
    if args.command not in RENDERING_COMMANDS or not isinstance(project, Path):
        return
    where = str(_resolved(project))
    try:
        where.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"'{where}': the project's path is not UTF-8 text (a folder named on another system), and "
            "WeasyPrint cannot address files there: rename that folder"
        ) from None


def _require_project(project: Path) -> None:
    if not (project / "content").is_dir():
        raise UsageError(f"'{project}' is not an ecrprint project: it has no content/ folder")


def _start_workers_if_needed(args) -> None:
    """Start the worker processes first when this build will render: they import WeasyPrint
    while this process imports the rest and loads the content."""
    from . import uptodate
    from .kinds import check_kind
    from .renderer import start_workers_early

    check_kind(args.only)  # a mistyped kind is refused before any worker starts
    project = args.project.resolve()
    out_dir = (args.out or project / "output").resolve()
    if args.no_cache or not uptodate.up_to_date(project, out_dir, uptodate.options(args.only, args.strict))[0]:
        start_workers_early(args.jobs)


def _executor(args):
    """The executor factory ``--executor`` names, loaded (a usage error if it cannot be), or None.
    Without one, parts render in worker processes here, at most MAX_JOBS of them: a cluster's
    executor may run many more."""
    if args.executor is None:
        if args.jobs is not None and args.jobs > MAX_JOBS:
            raise UsageError(
                f"--jobs {args.jobs}: at most {MAX_JOBS} worker processes on this machine; "
                "more workers need a cluster's executor (--executor MODULE:NAME)"
            )
        return None
    from .executors import load_factory

    return load_factory(args.executor)


def cmd_build(args) -> int:
    from .renderer import close_early_workers

    executor = _executor(args)
    _require_project(args.project)
    started = time.perf_counter()
    try:
        if executor is None:
            _start_workers_if_needed(args)
        from .build import build
        from .progress import Progress

        with Progress() as progress:
            report = build(
                args.project,
                args.out,
                args.only,
                args.jobs,
                progress,
                use_cache=not args.no_cache,
                strict=args.strict,
                executor=executor,
            )
    finally:
        close_early_workers()  # when the build stopped before it took them over
    elapsed = time.perf_counter() - started
    print("\n".join([_built_line(report, elapsed), *_changes_lines(report)]))
    return EXIT_OK


def _changes_lines(report) -> list[str]:
    """What the build changed in the output folder, for the organiser to print again: nothing
    to say when it was up to date."""
    from .changes import report as changes_report

    if report.up_to_date:
        return []
    return changes_report(
        report.before,
        report.manifest.get("products", []),
        report.kinds,
        report.ticket_changed,
        report.before_unreadable,
    )


def _built_line(report, seconds: float) -> str:
    if report.up_to_date:
        count = len(report.manifest.get("products", []))
        return f"Up to date: nothing changed since the last build ({counted(count, 'file')} in {report.out_dir}, checked in {seconds:.2f} s)."
    pages = sum(f.pages for f in report.files)
    built = {f.path for f in report.files}
    kept = [e for e in report.manifest.get("products", []) if e.get("on_site") and e.get("path") not in built]
    also = f" Kept {counted(len(kept), 'notice')} made on site; delete a file to withdraw it." if kept else ""
    return (
        f"Built {counted(len(report.files), 'file')} ({counted(pages, 'page')}) into {report.out_dir} "
        f"in {seconds:.1f} s ({report.rendered} parts rendered, {report.reused} reused).{also}"
    )


def cmd_watch(args) -> int:
    from .kinds import check_kind
    from .progress import Progress
    from .watch import watch

    executor = _executor(args)
    _require_project(args.project)
    check_kind(args.only)

    def report(result, seconds: float, error) -> None:
        stamp = time.strftime("%H:%M:%S")
        if error is None:
            print("\n".join([f"{stamp} {_built_line(result, seconds)}", *_changes_lines(result)]), flush=True)
            return
        print(f"{stamp} Build failed; the previous output is untouched:", flush=True)
        for line in error_lines(error, args.project):
            print(line, file=sys.stderr, flush=True)
        print(f"{stamp} Watching for the next change.", flush=True)

    # Ctrl-C stops, even where a shell started us with interrupts ignored; so does SIGTERM.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"Watching {args.project.resolve()} (Ctrl-C stops).", flush=True)
    try:
        with Progress() as progress:
            watch(
                args.project,
                args.out,
                args.only,
                args.jobs,
                args.strict,
                report=report,
                progress=progress,
                starting=lambda: print(f"{time.strftime('%H:%M:%S')} Building…", flush=True),
                executor=executor,
            )
    except KeyboardInterrupt:
        print("Stopped watching.", flush=True)
    return EXIT_OK


def cmd_check(args) -> int:
    from .content import load_project

    _require_project(args.project)
    advisories: list = []
    try:
        proj = load_project(args.project, advisories=advisories)
    finally:
        for problem in advisories:
            print(f"WARNING: {problem}", file=sys.stderr)
    print(
        f"OK: {counted(len(proj.formats), 'format')}, {counted(len(proj.topics), 'workshop topic')}, "
        f"{counted(len(proj.rooms), 'room')}, {counted(len(proj.days), 'day')}, {counted(len(proj.sessions), 'session')}"
        + (f"; {counted(len(advisories), 'warning')} (see above)." if advisories else ".")
        + (where_paths_start(args.project) if advisories else "")
    )
    return EXIT_OK


def cmd_html(args) -> int:
    from . import booklet_pdf
    from .build import make_context
    from .output import atomic_write

    _require_project(args.project)
    ctx = make_context(args.project)
    ctx.single_pass_icc = args.with_output_intent
    try:
        html = booklet_pdf.single_pass_html(ctx)
    finally:
        ctx.renderer.close()
    atomic_write(args.output, html.encode("utf-8"))
    print(f"Wrote {args.output}")
    return EXIT_OK


def cmd_import(args) -> int:
    from .content import load_project
    from .importer import import_schedule

    if str(args.file).startswith(("http:/", "https:/")):
        raise UsageError(
            f"import reads a file, and never the network: download the schedule first "
            f"(curl -o schedule.xml {str(args.file).replace(':/', '://', 1)}), then import that file"
        )
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    result = import_schedule(args.file, args.project)
    print("\n".join(result.summary(args.project / "content")))
    try:
        load_project(args.project)
    except ContentError as exc:
        for problem in sorted(map(result.in_schedule, exc.problems), key=lambda p: (p.path, p.line, p.col)):
            print(problem, file=sys.stderr)
        print(result.advice(len(exc.problems)), file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _iso_date(text: str):
    """``--start``/``--end``: YYYY-MM-DD, as content dates are written (not 20260304 or
    2026-W10-3, which Python also reads), and a day the calendar has."""
    import re
    from datetime import date

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written as YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is written as YYYY-MM-DD, but there is no such day") from None


def cmd_new(args) -> int:
    from .content import load_project
    from .starter import Starter, write_starter

    name = args.name.strip()
    if one_line(name) != name:
        raise UsageError("--name: a name is one line, without control characters")
    written = write_starter(args.project, Starter(name, args.start, args.end or args.start))
    where = args.project / "content"
    print(f"Started {name} in {where}: " + ", ".join(path.name for path in written) + ".")
    advisories: list = []
    load_project(args.project, advisories=advisories)  # what it wrote checks, or this is a bug
    for problem in advisories:
        print(f"WARNING: {problem}", file=sys.stderr)
    print(
        "Fill in the venue, the organiser and the web address in congress.yaml, and the rooms, formats and "
        f"sessions in their files; then `ecrprint check {_typed(args.project)}` and "
        f"`ecrprint build {_typed(args.project)}`."
    )
    return EXIT_OK


def _typed(path: Path) -> str:
    """``path`` as a shell reads it back as one argument of a command: quoted where it has
    spaces or other special characters, and after ``--`` where it begins with a dash, which the
    command would otherwise take for an option."""
    import shlex

    text = shlex.quote(str(path))
    return f"-- {text}" if text.startswith("-") else text


def _on_site(args, command) -> int:
    """Run an on-site command with its worker started first: it imports WeasyPrint while this
    process imports the rest and reads the content."""
    from .renderer import close_early_workers, start_workers_early

    _require_project(args.project)
    start_workers_early(1, alone=True)
    try:
        command(args)
    finally:
        close_early_workers()  # when the command stopped before it took the worker over
    return EXIT_OK


def cmd_sign(args) -> int:
    from .onsite_commands import sign

    return _on_site(args, sign)


def cmd_notice(args) -> int:
    from .onsite_commands import notice

    return _on_site(args, notice)


def _print_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--print",
        dest="send_to_printer",
        action="store_true",
        help="also send it to the default printer (CUPS lp), cut to its trim size so it prints at 100 %%",
    )
    p.add_argument("--printer", type=_given_text, metavar="NAME", help="send it to this printer (implies --print)")


def cmd_preflight(args) -> int:
    from .preflight import run

    return run(args)


COMMANDS = {
    "new": cmd_new,
    "build": cmd_build,
    "watch": cmd_watch,
    "check": cmd_check,
    "html": cmd_html,
    "import": cmd_import,
    "sign": cmd_sign,
    "notice": cmd_notice,
    "preflight": cmd_preflight,
}


def run() -> None:
    """The ``ecrprint`` command: main(), then a prompt exit. Everything has been written and
    closed by then, and Python's own teardown of a large build (freeing its objects one by
    one) would add about 0.08 s to every quick rebuild. SIGTERM and a closed terminal's
    hang-up stop a command as Ctrl-C does: its workers stopped, nothing written."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.default_int_handler)
    _escape_what_the_terminal_cannot_show()
    code = main()
    from .pdfrender import release_fonts

    release_fonts()  # the one clean-up at exit that matters: temporary copies of fonts
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _escape_what_the_terminal_cannot_show() -> None:
    """Print what the terminal's encoding lacks as escapes, as Python does on stderr: in a
    Latin-1 locale, "Building…" and a congress named "Łódź" are "Building\\u2026" and
    "\\u0141\\xf3d\\u017a", not a traceback that stops ``watch`` or ``new``."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and sys.stdout.errors == "strict":  # Python's UTF-8 mode keeps file names' bytes
        reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    run()
