"""Skip a build whose inputs and outputs are exactly as the last successful build left them."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import cachefiles
from .content import content_files
from .output import MANIFEST, atomic_write, manifest_bytes, read_manifest
from .paths import Layout
from .renderer import CACHE_DIRNAME, code_digest, file_digest, files_digest, weasyprint_identity

STATE = "last-build.json"


def fingerprint(project: Path, out_dir: Path, only: str | None) -> str:
    """A hash of every input of a build: content, layouts, fonts, versions and options."""
    digest = hashlib.sha256()
    for piece in (code_digest(), weasyprint_identity(), str(out_dir), only or ""):
        digest.update(piece.encode("utf-8", "surrogateescape") + b"\0")
    for path in content_files(project):
        digest.update(os.fsencode(path.relative_to(project)) + b"\0")  # a name as on disk, UTF-8 or not
        digest.update(path.read_bytes())
    digest.update(files_digest(Layout.for_project(project).allowed_roots).encode())
    return digest.hexdigest()


def files_used_digest(paths: list[Path]) -> str:
    """A digest of the files a build used besides the content and layouts: the logos and the
    output-intent profile. A changed logo must build again, though no YAML changed."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            sha = file_digest(path)[0]
        except OSError:
            sha = "missing"
        digest.update(f"{path}\0{sha}\0".encode())
    return digest.hexdigest()


def options(only: str | None, strict: bool) -> str:
    """The build options that change what a build writes."""
    return f"{only or ''}{' strict' if strict else ''}"


# The print package's own files, which no manifest lists (the package's manifest is one).
PACKAGE_FILES = ("print/manifest.json", "print/SHA256SUMS")


def _package_digest(out_dir: Path) -> str:
    """A digest of the print package's own files as they are now: one deleted or changed is
    written again by the next build, as a listed file is."""
    digest = hashlib.sha256()
    for name in PACKAGE_FILES:
        try:
            digest.update(hashlib.sha256((out_dir / name).read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _intact(out_dir: Path, manifest: dict) -> bool:
    for entry in manifest.get("products", []):
        try:
            # Remembered by size and time: the command line checks before the build does.
            if file_digest(out_dir / str(entry.get("path")))[0] != entry.get("sha256"):
                return False
        except OSError:
            return False
    return True


_REMEMBERED = 16  # output folders whose last build is remembered


def _recorded(project: Path) -> dict[str, dict]:
    """The last successful build into each output folder: its fingerprint, and the other
    files it used with their digest."""
    try:
        builds = json.loads((project / CACHE_DIRNAME / STATE).read_text()).get("builds")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(builds, dict):
        return {}
    return {
        k: v
        for k, v in builds.items()
        if isinstance(v, dict) and isinstance(v.get("fingerprint"), str) and isinstance(v.get("uses"), list)
    }


def up_to_date(project: Path, out_dir: Path, only: str | None) -> tuple[bool, str]:
    """Whether the last build into this output folder had these inputs and options and left
    outputs that still match; and the fingerprint to record after this build. Each output
    folder has its own record: a build into another folder leaves this one's alone."""
    print_fp = fingerprint(project, out_dir, only)
    last = _recorded(project).get(str(out_dir.resolve()))
    if last is None or last["fingerprint"] != print_fp:
        return False, print_fp
    if files_used_digest([Path(p) for p in last["uses"] if isinstance(p, str)]) != last.get("uses_digest"):
        return False, print_fp
    manifest = read_manifest(out_dir)
    if not manifest.get("products") or _manifest_digest(out_dir) != last.get("manifest"):
        # The manifest is not the one that build wrote: another build, whose record could
        # not be written, or a sign made on site, wrote the folder since.
        return False, print_fp
    if _package_digest(out_dir) != last.get("package"):
        return False, print_fp
    ok = _intact(out_dir, manifest) and _intact(out_dir / "print", read_manifest(out_dir / "print"))
    return ok, print_fp


def record(project: Path, out_dir: Path, fp: str, uses: list[Path], manifest: dict, said: list[str] = ()) -> None:
    """Remember a successful build into ``out_dir`` (the most recent folders only), with the
    files besides content and layouts that it used, the manifest it wrote and the warnings it
    printed."""
    builds, folder = _recorded(project), str(out_dir.resolve())
    builds.pop(folder, None)
    # Last, as the most recent.
    builds[folder] = {
        "fingerprint": fp,
        "uses": [str(p) for p in uses],
        "uses_digest": files_used_digest(uses),
        "manifest": hashlib.sha256(manifest_bytes(manifest)).hexdigest(),
        "package": _package_digest(out_dir),
        "warnings": list(said),
    }
    kept = dict(list(builds.items())[-_REMEMBERED:])
    _save(project, {"builds": kept})


def warnings_said(project: Path, out_dir: Path) -> list[str]:
    """What the last build into ``out_dir`` warned of, as it printed it."""
    said = (_recorded(project).get(str(out_dir.resolve())) or {}).get("warnings")
    return [text for text in said if isinstance(text, str)] if isinstance(said, list) else []


def last_files_used(project: Path, out_dir: Path) -> list[Path]:
    """The files besides content and layouts that the last build into ``out_dir`` used."""
    uses = (_recorded(project).get(str(out_dir.resolve())) or {}).get("uses", [])
    return [Path(p) for p in uses if isinstance(p, str)]


def _manifest_digest(out_dir: Path) -> str | None:
    try:
        return hashlib.sha256((out_dir / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None


def forget(project: Path, out_dir: Path) -> None:
    """A build into ``out_dir`` has begun, or a partial one (one sign, one notice) changed it:
    the next build into it checks its inputs again. Other folders' records stay."""
    builds = _recorded(project)
    if builds.pop(str(out_dir.resolve()), None) is not None:
        _save(project, {"builds": builds})


def _save(project: Path, state: dict) -> None:
    """Write the record; one that cannot be written is reported and skipped: the next build
    then checks its inputs and renders, as if there were none."""
    try:
        atomic_write(project / CACHE_DIRNAME / STATE, json.dumps(state, indent=1).encode())
    except OSError as exc:
        cachefiles.refused(project / CACHE_DIRNAME, exc)
