"""Write finished files into the output folder atomically, with the manifest last."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:  # not on Windows: writers there are not kept apart
    fcntl = None  # type: ignore[assignment]

from .errors import NOTHING_WRITTEN, BuildError, StoppedAfterWriting
from .fontfolder import alive

if TYPE_CHECKING:
    from .context import OutputFile

MANIFEST = "manifest.json"
NOT_A_FILE = "is not a regular file"
LOCK = ".ecrprint-lock"  # an empty file in the output folder; nothing lists it
# A file being written beside its place (_staged), or a place's last file kept aside while
# files change places (_aside): ".NAME.PID-THREAD.tmp" or ".kept".
_TEMPORARY = re.compile(r"\..+\.(\d+)-\d+\.(?:tmp|kept)")
_STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """One writer at a time in an output folder. ``ecrprint watch``, a build and an
    ``ecrprint sign`` on site may finish at once; each reads the manifest, adds its files and
    writes it back, and without this one could drop what the other just wrote."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside ``path``, then rename it into place: a reader never
    sees half a file. ``durable`` also waits for the disk (outputs; not cache entries, which
    can always be made again)."""
    tmp = _staged(path, data, durable)
    try:
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _staged(path: Path, data: bytes, durable: bool = True) -> Path:
    """``data`` in a temporary file beside ``path`` (its folder made if need be), on the disk
    when ``durable``; removed again if writing it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named by process and thread: two writers of one entry (a build's process and a worker
    # that an executor runs as a thread of it) each rename a whole file of their own.
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_native_id()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def manifest_entry(f: OutputFile) -> dict:
    entry = {
        "path": f.path,
        "kind": f.kind,
        "pages": f.pages,
        "trim_mm": list(f.trim_mm),
        "bleed_mm": f.bleed_mm,
        "sha256": f.sha256,
    }
    entry.update(f.extra)
    entry["qr_codes"] = f.qr_codes
    return entry


def read_manifest(out_dir: Path) -> dict:
    """The manifest the last build wrote, with only the entries that can be its own: a file
    path (text) inside the output folder and a kind. Anyone may have edited the file; an entry
    pointing elsewhere is never read, hashed, copied into the print package or deleted."""
    return _own_entries(out_dir, load_manifest(out_dir / MANIFEST)[0])


def listed_before(out_dir: Path) -> tuple[list[dict] | None, bool]:
    """The entries of the manifest in the output folder, as ``read_manifest`` reads them, or
    None when there is no manifest that can be read: what a build's files are compared with;
    and whether there is a manifest that cannot be read."""
    data, trouble = load_manifest(out_dir / MANIFEST)
    return (None if data is None else _own_entries(out_dir, data)["products"]), trouble is not None


def _own_entries(out_dir: Path, data: dict | None) -> dict:
    if data is None:
        return {"version": None, "products": []}
    root = out_dir.resolve()
    data["products"] = [
        e
        for e in data["products"]  # a list: load_manifest says so
        if isinstance(e, dict)
        and isinstance(e.get("path"), str)
        and isinstance(e.get("kind"), str)
        and _contained(root, e["path"])
    ]
    return data


def manifest_trouble(out_dir: Path) -> str | None:
    """What is wrong with the output folder's manifest, if it is there but cannot be one."""
    return load_manifest(out_dir / MANIFEST)[1]


def load_manifest(path: Path) -> tuple[dict | None, str | None]:
    """The manifest's data, or None and what is wrong with it (nothing is wrong with a
    manifest that is not there yet). Never reads from a pipe or a device."""
    if not path.exists() and not path.is_symlink():
        return None, None
    if not path.is_file():
        return None, NOT_A_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    except UnicodeDecodeError:
        return None, "is not UTF-8 text"
    except RecursionError:
        return None, "nests too deeply to be a manifest"
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror})"
    if not isinstance(data, dict) or not isinstance(data.get("products"), list):
        return None, "is not a manifest (a JSON object whose products are a list)"
    return data, None


def _contained(root: Path, rel: str) -> bool:
    try:
        return "\0" not in rel and (root / rel).resolve().is_relative_to(root)
    except (OSError, ValueError):
        return False


def plan_manifest(
    out_dir: Path,
    files: list[OutputFile],
    version: str,
    kinds: set[str] | None,
    replace_all: bool = True,
    congress: str | None = None,
) -> tuple[dict, list[str]]:
    """The manifest after this build, and the files of the previous build to remove; writes nothing.

    A full build (``kinds`` None) replaces the set. A partial one (``--only``) replaces the files
    of its kinds and keeps the entries of other kinds; with ``replace_all`` False (one sign rebuilt
    on site) it keeps every entry whose file it does not rewrite. A file the build no longer makes
    (a room gone, the binding changed) is removed, so that no outdated file reaches the printer;
    notices printed on site are kept. A door sign rebuilt on site replaces every other sign of
    its room and day (one sign where a crowded day had two, or the other way round). An entry
    whose file someone deleted is dropped. The manifest names the ``congress`` (its id): a
    folder that holds another congress's files (``--out`` mistyped, or two projects sharing
    one folder) is refused, not emptied of them."""
    data, trouble = load_manifest(out_dir / MANIFEST)
    if trouble == NOT_A_FILE:  # a folder or a pipe: the new manifest could not take its place
        raise BuildError(f"{out_dir / MANIFEST} {trouble}: move it out of the way; nothing was written")
    if trouble and (kinds is not None or not replace_all):
        # It says what else the folder holds: writing a few files beside it and a manifest of
        # only those would lose the rest from view (and from the print package).
        raise BuildError(
            f"{out_dir / MANIFEST} {trouble}; nothing was written. It lists what the output folder holds: "
            "a full `ecrprint build` writes a new one"
        )
    theirs = data.get("congress") if data is not None else None
    if congress is not None and theirs is not None and theirs != congress:
        raise BuildError(
            f"{out_dir} holds the files of another congress ('{theirs}', says its {MANIFEST}), which a build of "
            f"'{congress}' would replace or remove: build into another folder (--out), or empty this one first "
            f"(if '{theirs}' was this congress's id before, delete {out_dir / MANIFEST}). {NOTHING_WRITTEN}"
        )
    entries = [manifest_entry(f) for f in files]
    previous = _own_entries(out_dir, data)["products"]
    current = {e["path"] for e in entries}
    gone = [e for e in previous if e.get("path") not in current]
    # A new sign knows its room's id; an entry from before it was listed, only its path.
    rebuilt = set()
    for e in entries:
        if e["kind"] == "door-sign":
            rebuilt |= {_door_slot(e), _door_slot(dict(e, room_id=None))}
        elif e["kind"] == "sponsor-board":
            rebuilt.add(_board_slot(e))
    # A notice printed on site (``ecrprint notice``) is not the content's to remove: it stays
    # until the content's own notice of that change replaces it, or someone deletes it.
    replaced = [
        e
        for e in gone
        if (not e.get("on_site") and (kinds is None or (replace_all and e.get("kind") in kinds)))
        or _door_slot(e) in rebuilt
        or _board_slot(e) in rebuilt
    ]
    stale = [str(e.get("path")) for e in replaced]
    removed = {id(e) for e in replaced}  # by identity: comparing entries would take quadratic time
    entries += [e for e in gone if id(e) not in removed and _still_there(out_dir, e)]
    entries.sort(key=lambda e: (e["kind"], e["path"]))
    head = {"congress": congress} if congress is not None else {}
    return {**head, "version": version, "products": entries}, stale


def _board_slot(entry: dict) -> tuple | None:
    """The topic a sponsor board is for, known by its file's name without "-1of2": a topic's
    boards rebuilt on site replace all its boards of before, one where there were two or the
    other way round. None for anything else."""
    if entry.get("kind") != "sponsor-board" or not isinstance(entry.get("path"), str):
        return None
    return ("board", re.sub(r"-\d+of\d+(?=\.pdf$)", "", entry["path"]))


def _door_slot(entry: dict) -> tuple | None:
    """The room (by id, which a renamed room keeps) and day a door sign is for; None for
    anything else. An entry from before room ids were listed is known by its path without
    "-1of2"."""
    if entry.get("kind") != "door-sign":
        return None
    if entry.get("room_id") is not None:
        return ("room", str(entry.get("room_id")), str(entry.get("date")))
    return ("path", re.sub(r"-\d+of\d+(?=\.pdf$)", "", str(entry.get("path"))))


def _still_there(out_dir: Path, entry: dict) -> bool:
    """Whether a kept entry's file is there as listed. A notice made on site that someone
    changed by hand is not the build's to make again: it is left out, and said so."""
    path = entry.get("path")
    if not isinstance(path, str) or not (out_dir / path).is_file():
        return False
    if not as_made(out_dir, entry):
        logging.getLogger("ecrprint.output").warning(
            "%s: changed since `ecrprint notice` made it, so it is left out of the manifest and the print "
            "package; make it again with `ecrprint notice`, or delete it",
            path,
        )
        return False
    return True


def as_made(out_dir: Path, entry: dict) -> bool:
    """Whether a manifest entry's file is there, and, if it was made on site, unchanged: what a
    build keeps of the files it did not make."""
    path = entry.get("path")
    if not isinstance(path, str) or not (out_dir / path).is_file():
        return False
    return not entry.get("on_site") or _file_sha256(out_dir / path) == entry.get("sha256")


def _file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def manifest_bytes(manifest: dict) -> bytes:
    """The manifest as written to its file."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def write_outputs(out_dir: Path, files: dict[str, bytes], manifest: dict, stale: list[str]) -> None:
    """Write every file (unchanged ones are left alone, timestamps and all), remove the previous
    build's files that no longer exist, then write the manifest. Every file is first written
    beside its place and on the disk; only when all are there do they take their places, the
    manifest last. A folder that cannot be made or a full disk stops the build before any file
    of the last build is touched; a place that cannot take its file (a folder of that name, a
    file the system will not replace) puts back the files that had already taken theirs, so
    that the folder is as the last build left it. Ctrl-C (or SIGTERM, or a hang-up) while files
    take their places waits until all have: the folder then holds this build's files, and
    StoppedAfterWriting says so. Temporary files that a writer killed outright left in the
    folders written go too."""
    root = out_dir.resolve()
    staged: list[tuple[Path, Path]] = []  # (temporary, place)
    try:
        for rel, data in files.items():
            target = out_dir / rel
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
            staged.append((_staged(target, data), target))
        staged.append((_staged(out_dir / MANIFEST, manifest_bytes(manifest)), out_dir / MANIFEST))
        for _tmp, target in staged:
            if target.is_dir() and not target.is_symlink():
                raise BuildError(
                    f"{target} is a folder where the build writes a file: move it out of the way. {NOTHING_WRITTEN}"
                )
        gone = [p for p in ((out_dir / rel).resolve() for rel in stale if rel not in files) if p.is_relative_to(root)]
    except BaseException:
        _remove_staged(staged)
        raise
    with _stops_held() as stopped:
        try:
            _swap(staged, gone)
        finally:
            _remove_staged(staged)
        _remove_left_behind({(out_dir / rel).parent for rel in files} | {p.parent for p in gone} | {out_dir})
        _remove_emptied({p.parent for p in gone}, root)
    if stopped:
        raise StoppedAfterWriting


def _remove_staged(staged: list[tuple[Path, Path]]) -> None:
    """Remove the temporary files that did not take their places."""
    for tmp, _target in staged:
        tmp.unlink(missing_ok=True)


@contextmanager
def _stops_held() -> Iterator[list[int]]:
    """Hold back the stops that raise KeyboardInterrupt (Ctrl-C; SIGTERM and a hang-up as the
    command line sets them) while files change places, and yield those that came meanwhile.
    Stopped half way, the folder would hold some files of each build, or the last build's
    files kept aside under second names. If changing places fails, a stop that came is raised
    then. Only the main thread handles signals: in another, nothing is held."""
    came: list[int] = []
    held = {}
    if threading.current_thread() is threading.main_thread():
        for number in _STOPS:
            if signal.getsignal(number) is signal.default_int_handler:
                held[number] = signal.signal(number, lambda signum, _frame: came.append(signum))
    try:
        yield came
    except BaseException as exc:
        if came:
            raise KeyboardInterrupt from exc
        raise
    finally:
        for number, handler in held.items():
            signal.signal(number, handler)


def left_behind(name: str) -> bool:
    """Whether a file of this name is a temporary file of a writer that has ended (killed
    outright, it removed none). A living writer's, this process's included, are its own."""
    match = _TEMPORARY.fullmatch(name)
    return match is not None and int(match[1]) != os.getpid() and not alive(int(match[1]))


def _remove_left_behind(folders: set[Path]) -> None:
    """Remove the temporary files left behind in ``folders``: each holds a whole PDF, an old
    one kept aside or a new one never put in place, hidden by its dot but copied with the
    folder, and nothing else would ever remove it."""
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in filter(left_behind, names):
            try:
                (folder / name).unlink(missing_ok=True)
            except OSError:
                pass  # left for the next build to try


def _remove_emptied(folders: set[Path], root: Path) -> None:
    """Remove the folders inside the output folder that the removed files left empty (a day no
    longer in the congress): an empty signs/2024-03-03/ still looks like a day to print."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: it holds files of this build, or someone's own


def _swap(staged: list[tuple[Path, Path]], stale: list[Path]) -> None:
    """Move the staged files into their places (the manifest, last in ``staged``, after the
    stale files are gone). Each file a place held is first kept aside under a second name (a
    hard link: no copy); if any step fails, every place gets back what it held."""
    done: list[tuple[Path, Path | None]] = []  # (place, what it held, kept aside; None: it was empty)
    steps = [(target, tmp) for tmp, target in staged[:-1]] + [(path, None) for path in stale] + [staged[-1][::-1]]
    place = None
    try:
        for place, tmp in steps:
            if tmp is None and not place.is_file():
                continue
            done.append((place, _aside(place)))
            if tmp is None:
                place.unlink()
            else:
                tmp.replace(place)
    except BaseException as exc:  # an OSError, or Ctrl-C in the middle
        try:
            for put, kept in reversed(done):
                if kept is None:
                    put.unlink(missing_ok=True)
                else:
                    kept.replace(put)  # does nothing if put is still the same file: then
                    kept.unlink(missing_ok=True)  # the second name goes
        except OSError as again:
            # What was kept aside stays, under its second name, for someone to put back.
            raise BuildError(
                f"{getattr(exc, 'strerror', None) or exc!r}: {place}; putting back the last build's files failed too "
                f"({again.strerror or again}: {again.filename}), so the output folder holds some files of each: "
                "build again once the cause is fixed"
            ) from exc
        if not isinstance(exc, OSError):
            raise
        raise BuildError(f"{exc.strerror or exc}: {place}. {NOTHING_WRITTEN}") from exc
    for _place, kept in done:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _aside(place: Path) -> Path | None:
    """A second name for the file at ``place``, to put it back with; None if there is none."""
    if not place.is_file():
        return None
    kept = place.with_name(f".{place.name}.{os.getpid()}-{threading.get_native_id()}.kept")
    kept.unlink(missing_ok=True)
    try:
        os.link(place, kept, follow_symlinks=False)
    except OSError:  # a file system without hard links: a copy
        shutil.copy2(place, kept)
    return kept
