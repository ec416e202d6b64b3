"""Print-shop preflight: check every PDF an output folder's manifest lists before it goes to press."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import EcrprintError, UsageError, counted
from .preflight_checks import BOOKLET_KINDS, SIGN_KINDS, FileChecker

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MANIFEST = "manifest.json"
REPORT = "preflight.json"

CHECKS = (
    "sha256",
    "pdfx",
    "boxes",
    "colour",
    "ink",
    "fonts",
    "images",
    "pages",
    "qr",
    "safe-area",
    "small-text",
    "hairlines",
)
NON_PRINT_CHECKS = ("sha256", "fonts")  # for NON_PRINT_KINDS
OTHER_FILE_CHECKS = ("sha256",)  # a listed file that is not a PDF (the job ticket's HTML)
# Read, not printed and trimmed: a job ticket, and the booklet's copy for reading on screen.
NON_PRINT_KINDS = frozenset({"job-ticket", "booklet-screen"})


@dataclass(frozen=True)
class CheckResult:
    """One check of one file."""

    check: str
    ok: bool
    detail: str = ""


@dataclass
class FileReport:
    """Every check of one file the manifest lists."""

    path: str
    kind: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


@dataclass
class PreflightReport:
    """The preflight of a whole output folder."""

    out_dir: Path
    files: list[FileReport]
    unsaved: str | None = None  # why preflight.json could not be written, if it could not

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def checks(self) -> int:
        return sum(len(f.checks) for f in self.files)

    @property
    def failed(self) -> int:
        return sum(not c.ok for f in self.files for c in f.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [
                {
                    "path": f.path,
                    "kind": f.kind,
                    "checks": [{"check": c.check, "ok": c.ok, "detail": c.detail} for c in f.checks],
                }
                for f in self.files
            ],
        }

    def summary(self) -> str:
        return f"Preflight: {counted(len(self.files), 'file')}, {counted(self.checks, 'check')}, {self.failed} failed."


# --- the whole folder -------------------------------------------------------------------------


def preflight(out_dir: Path, jobs: int | None = None) -> PreflightReport:
    """Check every PDF ``out_dir/manifest.json`` lists, write ``out_dir/preflight.json`` and return the report.

    Raises UsageError when the folder or its manifest is missing, EcrprintError when the
    manifest is there but damaged."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise UsageError(f"no such folder: {out_dir}")
    manifest_path = out_dir / MANIFEST
    if not manifest_path.is_file() and (out_dir / "output" / MANIFEST).is_file():
        out_dir, manifest_path = out_dir / "output", out_dir / "output" / MANIFEST  # a project: its output
    if not manifest_path.is_file():
        raise UsageError(f"{out_dir} has no {MANIFEST}; build into it first (ecrprint build)")
    from .output import load_manifest

    manifest, trouble = load_manifest(manifest_path)
    products = manifest.get("products") if isinstance(manifest, dict) else None
    if not trouble and not (isinstance(products, list) and all(isinstance(e, dict) for e in products)):
        trouble = "has no list of products"
    if trouble:
        # Not a mistake in the command: the output cannot be checked, so it fails (exit 1).
        raise EcrprintError(
            f"{manifest_path} {trouble}: the list of what the build wrote is damaged, so nothing could be checked "
            "and the output cannot go to print as it is; `ecrprint build` writes it afresh"
        )
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
    try:
        import pypdfium2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError as exc:
        raise EcrprintError(
            f"preflight needs pypdfium2 and zxing-cpp ({exc}); pip install pypdfium2 zxing-cpp"
        ) from None

    booklets = {str(e.get("path")): e.get("pages") for e in products if e.get("kind") == "booklet"}
    root = str(out_dir.resolve())
    workers = min(jobs or os.cpu_count() or 1, len(products))
    if workers <= 1:
        files = [_check_entry(root, entry, booklets) for entry in products]
    else:
        from concurrent.futures import ProcessPoolExecutor

        # Biggest files first, so that the booklet does not start last on an otherwise idle pool.
        order = sorted(range(len(products)), key=lambda i: -_size(out_dir, products[i]))
        results: dict[int, FileReport] = {}
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {i: pool.submit(_check_entry, root, products[i], booklets) for i in order}
            for i, future in futures.items():
                try:
                    results[i] = future.result()
                except Exception as exc:  # a worker died (e.g. on a malformed file): report, carry on
                    results[i] = _unchecked(products[i], f"not checked: {type(exc).__name__}: {exc}")
        files = [results[i] for i in range(len(products))]
    report = PreflightReport(out_dir, files)
    from .output import atomic_write

    try:
        atomic_write(out_dir / REPORT, (json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n").encode())
    except OSError as exc:  # a read-only folder (a print shop's share): the results still count
        report.unsaved = f"{out_dir / REPORT} could not be written: {exc.strerror or exc}"
    return report


def _size(out_dir: Path, entry: dict) -> int:
    try:
        return (out_dir / str(entry.get("path", ""))).stat().st_size
    except OSError:
        return 0


def _checks_for(entry: dict) -> tuple[str, ...]:
    kind = entry.get("kind")
    if not str(entry.get("path", "")).lower().endswith(".pdf") and kind not in BOOKLET_KINDS | SIGN_KINDS:
        return OTHER_FILE_CHECKS
    return NON_PRINT_CHECKS if kind in NON_PRINT_KINDS else CHECKS


def _unchecked(entry: dict, detail: str) -> FileReport:
    kind = str(entry.get("kind", ""))
    return FileReport(
        str(entry.get("path", "")), kind, [CheckResult(name, False, detail) for name in _checks_for(entry)]
    )


def _check_entry(root: str, entry: dict, booklets: dict[str, Any]) -> FileReport:
    """Every check of one manifest entry (runs in a worker process)."""
    rel = str(entry.get("path", ""))
    kind = str(entry.get("kind", ""))
    base = Path(root)
    path = (base / rel).resolve()
    problem = None
    if not rel:
        problem = "manifest entry has no path"
    elif not path.is_relative_to(base):
        problem = "path is outside the output folder"
    elif not path.exists():
        problem = "no such file"
    elif not path.is_file():
        problem = "not a regular file"
    if problem is not None:
        names = _checks_for(entry)
        return FileReport(
            rel,
            kind,
            [CheckResult(names[0], False, problem)]
            + [CheckResult(n, False, f"not checked: {problem}") for n in names[1:]],
        )
    report = FileReport(rel, kind)
    checker = FileChecker(path, entry, booklets)
    try:
        for name in _checks_for(entry):
            try:
                ok, detail = getattr(checker, "check_" + name.replace("-", "_"))()
            except Exception as exc:  # a check that cannot run is a failed check, not a crash
                ok, detail = False, f"cannot check: {type(exc).__name__}: {exc}"
            report.checks.append(CheckResult(name, ok, detail))
    finally:
        checker.close()
    return report


# --- output and command line ------------------------------------------------------------------


def print_report(report: PreflightReport, stream: IO[str] | None = None, everything: bool = False) -> None:
    """The table of failed checks (of every check with ``everything``; rich on a terminal,
    aligned plain text otherwise), then the summary line. All details are in preflight.json."""
    out = stream or sys.stdout
    shown = [(f, [c for c in f.checks if everything or not c.ok]) for f in report.files]
    shown = [(f, checks) for f, checks in shown if checks]
    rows = [
        (f.path, c.check, "PASS" if c.ok else f"FAIL: {c.detail}" if c.detail else "FAIL")
        for f, checks in shown
        for c in checks
    ]
    if not rows:
        print(report.summary(), file=out)
        return
    if out.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("product", "check", "result")
        for f, checks in shown:
            for i, c in enumerate(checks):
                result = "[green]PASS[/]" if c.ok else f"[bold red]FAIL[/] {_escape(c.detail)}"
                table.add_row(_escape(f.path) if i == 0 else "", c.check, result, end_section=i == len(checks) - 1)
        console = Console(file=out)
        console.print(table)
        console.print(report.summary(), style="green" if report.ok else "bold red", highlight=False)
        return
    widths = [max([len(header)] + [len(row[i]) for row in rows]) for i, header in enumerate(("product", "check"))]
    print(f"{'product':<{widths[0]}}  {'check':<{widths[1]}}  result", file=out)
    for path, check, result in rows:
        print(f"{path:<{widths[0]}}  {check:<{widths[1]}}  {result}", file=out)
    print(report.summary(), file=out)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def run(args: argparse.Namespace) -> int:
    """Run the ``preflight`` subcommand: 0 all passed, 1 something failed, 2 usage error."""
    try:
        report = preflight(args.out_dir, jobs=getattr(args, "jobs", None))
    except UsageError as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (EcrprintError, OSError) as exc:
        print(f"ecrprint: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print_report(report, everything=getattr(args, "all", False))
    if report.unsaved:
        print(f"ecrprint: warning: {report.unsaved}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    """``python -m ecrprint.preflight [OUTPUT_DIR]``: the same as ``ecrprint preflight``."""
    from .cli import main as cli_main

    return cli_main(["preflight", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
