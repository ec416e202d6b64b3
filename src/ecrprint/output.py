"""Write finished files into the output folder atomically, with the manifest last."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .context import OutputFile

MANIFEST = "manifest.json"


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()


def manifest_entry(f: OutputFile) -> dict:
    entry = {
        "path": f.path,
        "kind": f.kind,
        "pages": f.pages,
        "trim_mm": list(f.trim_mm),
        "bleed_mm": f.bleed_mm,
        "sha256": hashlib.sha256(f.data).hexdigest(),
    }
    entry.update(f.extra)
    return entry


def read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return {"version": None, "products": []}


def write_outputs(
    out_dir: Path, files: list[OutputFile], version: str, kinds: set[str] | None, replace_all: bool = True
) -> dict:
    """Write every file, then the manifest. With ``kinds`` (a partial build), the manifest keeps
    the earlier entries of other kinds; with ``replace_all`` False, it keeps every entry whose
    file was not rewritten (one sign rebuilt on site)."""
    for f in files:
        target = out_dir / f.path
        data = f.data
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue  # unchanged: leave the file (and its timestamp) alone
        atomic_write(target, data)
    entries = [manifest_entry(f) for f in files]
    previous = read_manifest(out_dir).get("products", [])
    if kinds is None:
        # A full build replaces the set: files an earlier build listed and this one did not are
        # removed (a room that was deleted loses its door signs).
        current = {e["path"] for e in entries}
        for old in previous:
            path = (out_dir / str(old.get("path", ""))).resolve()
            if old.get("path") not in current and path.is_file() and path.is_relative_to(out_dir.resolve()):
                path.unlink()
    if kinds is not None:
        written = {e["path"] for e in entries}
        keep = [e for e in previous if e.get("path") not in written and (not replace_all or e.get("kind") not in kinds)]
        entries = keep + entries
    entries.sort(key=lambda e: (e["kind"], e["path"]))
    manifest = {"version": version, "products": entries}
    atomic_write(out_dir / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return manifest
