"""Skip a build whose inputs and outputs are exactly as the last successful build left them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .content import content_files
from .output import MANIFEST, atomic_write, read_manifest
from .paths import Layout
from .renderer import CACHE_DIRNAME, code_digest, file_digest, files_digest, weasyprint_identity

STATE = "last-build.json"


def fingerprint(project: Path, out_dir: Path, only: str | None) -> str:
    """A hash of every input of a build: content, layouts, fonts, versions and options."""
    digest = hashlib.sha256()
    for piece in (code_digest(), weasyprint_identity(), str(out_dir), only or ""):
        digest.update(piece.encode() + b"\0")
    for path in content_files(project):
        digest.update(str(path.relative_to(project)).encode() + b"\0")
        digest.update(path.read_bytes())
    digest.update(files_digest(Layout.for_project(project).allowed_roots).encode())
    return digest.hexdigest()


def options(only: str | None, strict: bool) -> str:
    """The build options that change what a build writes."""
    return f"{only or ''}{' strict' if strict else ''}"


def _intact(out_dir: Path, manifest: dict) -> bool:
    for entry in manifest.get("products", []):
        try:
            # Remembered by size and time: the command line checks before the build does.
            if file_digest(out_dir / str(entry.get("path")))[0] != entry.get("sha256"):
                return False
        except OSError:
            return False
    return True


def up_to_date(project: Path, out_dir: Path, only: str | None) -> tuple[bool, str]:
    """Whether the last build with these options left outputs that still match; and the
    fingerprint to record after this build."""
    print_fp = fingerprint(project, out_dir, only)
    try:
        state = json.loads((project / CACHE_DIRNAME / STATE).read_text())
    except (OSError, ValueError):
        return False, print_fp
    if state.get("fingerprint") != print_fp:
        return False, print_fp
    manifest = read_manifest(out_dir)
    if not manifest.get("products") or not (out_dir / MANIFEST).is_file():
        return False, print_fp
    ok = _intact(out_dir, manifest) and _intact(out_dir / "print", read_manifest(out_dir / "print"))
    return ok, print_fp


def record(project: Path, fp: str) -> None:
    atomic_write(project / CACHE_DIRNAME / STATE, json.dumps({"fingerprint": fp}).encode())


def forget(project: Path) -> None:
    """A partial build (one sign, one notice) changes the outputs: the next build checks again."""
    (project / CACHE_DIRNAME / STATE).unlink(missing_ok=True)
