"""Run render jobs: from the part cache when their inputs are unchanged, else in worker processes."""

from __future__ import annotations

import base64
import ctypes
import hashlib
import importlib.util
import io
import json
import logging
import os
import pickle
import re
import signal
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from . import __version__, cachefiles, executors
from .errors import NOTHING_WRITTEN, BuildError
from .filestate import file_state
from .output import left_behind
from .pdfrender import RenderJob, RenderResult, disown_fonts, inside_roots, release_fonts, render, warm_up
from .weasyprint_import import import_weasyprint, linker_cache

CACHE_DIRNAME = ".ecrprint-cache"
log = logging.getLogger("ecrprint")
_LOCATED = re.compile(r"^[^\s:]+\.css:\d+:\d+: ")


# Digests of files by (path, size, time), so that a file is read once per process; and
# whether a stylesheet loads other files itself.
_digests: dict[tuple, tuple[str, bool]] = {}


def file_digest(path: Path) -> tuple[str, bool]:
    """A file's SHA-256, and whether it is a stylesheet that loads other files (url(),
    @import); read again only when the file changed (see file_state)."""
    key = (str(path), *file_state(path.stat()))
    if key not in _digests:
        data = path.read_bytes()
        loads_more = path.suffix == ".css" and (b"url(" in data or b"@import" in data)
        _digests[key] = (hashlib.sha256(data).hexdigest(), loads_more)
    return _digests[key]


def layout_files(folders: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """(folder, file) for every file under the layout and font folders. The project folder,
    also among them, is skipped: its content is read and hashed on its own."""
    out = []
    for folder in folders:
        root = Path(folder)
        if not root.is_dir() or (root / "content").is_dir():
            continue
        out.extend((root, path) for path in sorted(p for p in root.rglob("*") if p.is_file()))
    return out


def files_digest(folders: tuple[str, ...]) -> str:
    """A digest of every file under the layout and font folders: a change to any of them shows.
    A build asks twice (up-to-date check, workers' freshness); files whose size and time are
    unchanged are not read again."""
    digest = hashlib.sha256()
    for root, path in layout_files(folders):
        # A name that is not UTF-8 (from a Latin-1 system or a ZIP made on Windows) keeps its bytes.
        digest.update(f"{path.relative_to(root)}\0{file_digest(path)[0]}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# The files a document names, and any address from which it could load a file some other
# way: src= attributes, stylesheet links and CSS url() that are not file://, data: or web
# addresses (our templates write them without spaces). Hyperlinks load nothing. Literal
# prefixes keep the scan quick: every part's HTML is scanned on every build.
# Files a document uses are named in its markup (src="…", href="…") or its CSS (url(…)); a
# file:// address written in content text is only text, and is never read.
_FILE = re.compile(r"""(?:(?:src|href)="|url\(["']?)(file://[^"'()\s>]+)""")
_ELSEWHERE = r"""(?!["']?(?:file://|data:|https?://))"""
_OTHER = [re.compile(prefix + _ELSEWHERE) for prefix in (r"src=", r"url\(", r"<link [^>]*href=")]


_ref_paths: dict[str, Path] = {}


@cache
def _inside(path: Path, roots: tuple[str, ...]) -> bool:
    """``inside_roots``, once per path: digests are taken for every part of every build. The
    fetcher asks afresh each time, so a link changed meanwhile is still refused."""
    return inside_roots(path, roots)


def uses_digest(html: str, everything: str, name=lambda ref: ref, roots: tuple[str, ...] = ()) -> str:
    """A digest of the files a document uses (its stylesheets, fonts and images, by their
    file:// addresses), so that a change to one layout file renders again only the parts that
    use it. A document that refers to anything else on disk (a relative address, or a
    stylesheet that loads more files itself) depends on ``everything``: all layouts and fonts.
    Each file counts by ``name(address)`` and its contents. Only regular files inside
    ``roots`` (when given) are read: rendering may read no others either."""
    if "@import" in html or any(pattern.search(html) for pattern in _OTHER):
        return everything
    digest = hashlib.sha256()
    for ref in sorted(set(_FILE.findall(html))):
        path = _ref_paths.get(ref)
        if path is None:
            path = _ref_paths[ref] = Path(unquote(urlparse(ref).path))
        try:
            if roots and not _inside(path, roots):
                raise PermissionError  # the renderer's fetcher refuses it too
            if not path.is_file():
                raise FileNotFoundError  # a folder, a pipe or a device is never read
            sha, loads_more = file_digest(path)
        except (OSError, ValueError):
            sha, loads_more = "missing", False  # WeasyPrint reports it
        if loads_more:
            return everything
        digest.update(f"{name(ref)}\0{sha}\0".encode())
    return digest.hexdigest()


@cache
def weasyprint_identity() -> str:
    """Which WeasyPrint renders: its package's place and a digest of its main file, which
    holds its version. Cheaper than asking for the version through importlib.metadata, which
    would be imported before the workers start."""
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return "weasyprint: not installed"
    digest = hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()[:16]
    return f"weasyprint {spec.origin} {digest}"


@cache
def code_digest() -> str:
    """A digest of ecrprint's own code and of the versions of the packages that shape its bytes:
    a changed renderer, or an upgraded pikepdf, must not reuse old parts and files."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(packages_identity().encode())
    digest.update(libraries_identity().encode())
    return digest.hexdigest()


# Besides WeasyPrint (weasyprint_identity), the packages whose versions shape a part's or a
# file's bytes, as (module, distribution): the PDF writer and font subsetter, the stylesheet and
# HTML parsers, the hyphenation dictionaries, the finishing (pikepdf, with its qpdf), logos, QR
# codes, the templates and the content's YAML.
SHAPING_PACKAGES = (
    ("pydyf", "pydyf"),
    ("fontTools", "fonttools"),
    ("tinycss2", "tinycss2"),
    ("cssselect2", "cssselect2"),
    ("tinyhtml5", "tinyhtml5"),
    ("pyphen", "pyphen"),
    ("pikepdf", "pikepdf"),
    ("PIL", "pillow"),
    ("qrcode", "qrcode"),
    ("jinja2", "jinja2"),
    ("markupsafe", "markupsafe"),
    ("yaml", "pyyaml"),
)


@cache
def packages_identity() -> str:
    """The installed versions of SHAPING_PACKAGES, by the names of their metadata folders
    beside them ("pikepdf-10.18.0.dist-info"): a millisecond, where importlib.metadata takes
    0.1 s. A package found without one counts by its main file."""
    return "; ".join(_installed(module, distribution) for module, distribution in SHAPING_PACKAGES)


def _installed(module: str, distribution: str) -> str:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{distribution} missing"
    place = Path(spec.origin)  # a package's __init__.py, or a module's file
    folder = place.parent.parent if spec.submodule_search_locations else place.parent
    named = [
        name
        for name in _listing(folder)
        if name.lower().partition("-")[0] == distribution and name.endswith((".dist-info", ".egg-info"))
    ]
    if named:
        return " ".join(named)
    try:  # by its main file, as WeasyPrint counts, not its place, which differs by machine
        return f"{distribution} {hashlib.sha256(place.read_bytes()).hexdigest()[:16]}"
    except OSError:
        return f"{distribution} unreadable"


# The system libraries that shape a part's bytes: Pango breaks the lines, HarfBuzz shapes and
# subsets the glyphs, fontconfig and FreeType load the fonts. zlib compresses the streams.
SHAPING_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "freetype")


def libraries_identity() -> str:
    """The system libraries WeasyPrint loads, each by the name of the file its link points to
    ("libharfbuzz.so.0.60000.0", which carries the version) and that file's size, which a
    patched build of the same version changes; and zlib's version. Where the linker's cache
    cannot be listed (not Linux), the libraries count as unknown, the same on every run."""
    import zlib

    listed = linker_cache() or ()
    found = []
    for name in SHAPING_LIBRARIES:
        prefix = f"lib{name}.so"
        paths = [path for soname, path in listed if soname == prefix or soname.startswith(prefix + ".")]
        found.append(_library_file(name, paths[0]) if paths else f"{name} unknown")
    found.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION}")
    return "; ".join(found)


def _library_file(name: str, path: str) -> str:
    try:
        real = os.path.realpath(path)
        return f"{name} {os.path.basename(real)} {os.stat(real).st_size}"
    except OSError:
        return f"{name} unreadable"


@cache
def _listing(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


CACHE_BUDGET = 512 * 2**20  # bytes kept per project: parts, finished files, content, QR codes


def prune(folder: Path | None, budget: int = CACHE_BUDGET) -> int:
    """Keep a project's cache (parts, finished files, content, QR codes, font coverage) under
    ``budget`` bytes by removing the entries used least recently (an edit adds a new booklet
    each time).
    Returns the bytes freed. Files being written (dot-files) and everything else are left alone,
    but for the temporary files of writers killed outright, which are removed."""
    if folder is None:
        return 0
    entries: dict[tuple[str, str], list] = {}  # (kind, key) -> [paths, last used, bytes]
    for kind in ("parts", "files", "content", "qr", "fonts", "html"):
        try:
            listing = list(os.scandir(folder / kind))
        except OSError:
            continue
        for item in listing:
            if left_behind(item.name):
                _remove(folder, Path(item.path))
            if item.name.startswith(".") or not item.is_file():
                continue
            try:
                stat = item.stat()
            except OSError:
                continue
            entry = entries.setdefault((kind, item.name.rsplit(".", 1)[0]), [[], 0, 0])
            entry[0].append(item.path)
            entry[1] = max(entry[1], stat.st_mtime_ns)
            entry[2] += stat.st_size
    total = sum(size for _, _, size in entries.values())
    freed = 0
    for paths, _when, size in sorted(entries.values(), key=lambda e: e[1]):
        if total - freed <= budget:
            break
        for path in paths:
            _remove(folder, Path(path))
        freed += size
    return freed


def _remove(folder: Path, path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:  # never a failed build: the next build tries again
        cachefiles.refused(folder, exc)


class PartCache:
    """Rendered parts on disk, keyed by a hash of everything that went into them."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "parts" if folder else None

    def get(self, key: str) -> RenderResult | None:
        if self.folder is None:
            return None
        meta = cachefiles.read(self.folder / f"{key}.json")
        pdf = cachefiles.read(self.folder / f"{key}.pdf") if meta is not None else None
        if pdf is None:
            return None
        try:
            data = json.loads(meta)
            data["pdf"] = pdf
            data["qr_ops"] = [base64.b64decode(ops) for ops in data["qr_ops"]]
            data["anchors"] = [{k: tuple(v) for k, v in page.items()} for page in data["anchors"]]
            data["bookmarks"] = [[(lvl, label, tuple(pos)) for lvl, label, pos in page] for page in data["bookmarks"]]
            data["links"] = [[(kind, target, tuple(rect)) for kind, target, rect in page] for page in data["links"]]
            return RenderResult(**data)
        except (ValueError, TypeError, KeyError, AttributeError):  # whole, but not a part's facts: made again
            return None

    def put(self, key: str, result: RenderResult) -> None:
        if self.folder is None:
            return
        data = asdict(result)
        pdf = data.pop("pdf")
        data["qr_ops"] = [base64.b64encode(ops).decode("ascii") for ops in data["qr_ops"]]
        for name, payload in ((f"{key}.pdf", pdf), (f"{key}.json", json.dumps(data).encode())):
            cachefiles.write(self.folder / name, payload)


class FileCache:
    """Finished files, keyed by everything that went into assembling them: a file whose parts
    did not change is not assembled and finished again."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "files" if folder else None

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        return cachefiles.read(self.folder / f"{key}.pdf")

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        cachefiles.write(self.folder / f"{key}.pdf", data)


class HtmlCache:
    """Parts' HTML, and the QR codes they place, keyed by everything the templates were given
    (``html_key``): a part whose inputs did not change is not written out again to find that
    its rendering is in the cache. An edit then writes only the parts it changed, and the
    parts it changed reach a worker sooner."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "html" if folder else None

    def get(self, key: str | None) -> tuple[str, list] | None:
        if self.folder is None or key is None:
            return None
        data = cachefiles.read(self.folder / f"{key}.json")
        try:
            html, codes = json.loads(data) if data is not None else (None, None)
        except (ValueError, TypeError):  # whole, but not what put() writes: written again
            return None
        return (html, codes) if isinstance(html, str) and isinstance(codes, list) else None

    def put(self, key: str | None, html: str, codes: list) -> None:
        if self.folder is not None and key is not None:
            cachefiles.write(self.folder / f"{key}.json", json.dumps([html, codes]).encode())


def html_key(*inputs: object) -> str | None:
    """A key for HTML made from ``inputs`` (a template's whole context, and what else the
    markup depends on), or None when they cannot be keyed. They are pickled without pickle's
    memo, so the key depends on their values only, not on which of them are one object (a
    room name read from YAML or from the content cache). A value that does not pickle (or
    nests deeper than Python allows) gives no key: the HTML is then written, as always."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    try:
        pickler.dump((code_digest(), inputs))
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(buffer.getvalue()).hexdigest()[:40]


def file_key(*pieces: object) -> str:
    """A cache key for a finished file from the keys of its parts and its settings."""
    digest = hashlib.sha256(code_digest().encode())
    for piece in pieces:
        digest.update(json.dumps(piece, sort_keys=True, default=repr).encode())
        digest.update(b"\0")
    return digest.hexdigest()[:40]


def _longest_first(item: tuple[RenderJob, str]) -> int:
    return -len(item[0].html)


def start_worker(parent: int) -> None:
    """A new worker leaves Ctrl-C, and a closed terminal's hang-up, to the main process, which
    stops it cleanly (no tracebacks); SIGTERM ends it at once, whatever handler it inherited,
    after it has removed its temporary copies of the fonts. On Linux it gets that SIGTERM too
    when the main process dies without stopping it (killed, or out of memory): otherwise it
    would wait for work for ever. Then it imports WeasyPrint before any work arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    disown_fonts()
    signal.signal(signal.SIGTERM, _end_worker)
    _end_with(parent)
    cachefiles.quiet()
    try:
        import_weasyprint()
    except Exception:  # noqa: BLE001 - the first render reports it, as a build error
        pass


def _end_with(parent: int) -> None:
    """Ask Linux for SIGTERM when the process that started this one dies (PR_SET_PDEATHSIG);
    if it has died already, end now."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # no such call here: a worker then ends only when it is stopped
    if os.getppid() != parent:
        _end_worker(signal.SIGTERM, None)


def _end_worker(signum: int, _frame) -> None:
    release_fonts()
    os._exit(128 + signum)


def worker_count(jobs: int | None) -> int:
    """Worker processes for ``--jobs``: by default one per core."""
    return max(1, jobs or os.cpu_count() or 1)


def process_pool(workers: int) -> Executor:
    """The default executor: worker processes on this machine."""
    return ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(os.getpid(),))


_early: dict[int, Executor] = {}


def start_workers_early(jobs: int | None, alone: bool = False) -> None:
    """Start the worker processes before this process imports and loads what only it needs,
    so that both get ready at once; the next Renderer with as many workers takes them over.
    Worth it only when a build is sure to render (not for a build with nothing to do). A
    build with one worker renders in its own process; ``alone`` starts the one worker that
    renders a sign made on site."""
    workers = worker_count(jobs)
    if (workers > 1 or alone) and workers not in _early:
        pool = process_pool(workers)
        pool.submit(os.getpid)  # a pool starts its processes with its first task
        _early[workers] = pool


def close_early_workers() -> None:
    """Stop workers started early that no Renderer took over."""
    while _early:
        _early.popitem()[1].shutdown(cancel_futures=True)


class Renderer:
    """Renders batches of jobs; cached parts are reused, the rest run on an executor."""

    def __init__(
        self,
        cache_dir: Path | None,
        jobs: int | None = None,
        environment: str = "",
        executor_factory: Callable[[int], Executor] | None = None,
        progress=None,
        pooled: bool | None = None,
    ):
        self.cache = PartCache(cache_dir)
        self.files = FileCache(cache_dir)
        self.html = HtmlCache(cache_dir)
        # Where the project is enters no key: a project copied or moved with its cache keeps
        # its parts and files (their bytes do not depend on the folder either).
        self.home = str(Path(cache_dir).resolve().parent) if cache_dir is not None else ""
        self.home_uri = Path(self.home).as_uri() if self.home else ""
        self.jobs = worker_count(jobs)
        self.executor_factory = executor_factory or process_pool
        # An executor of the user's (a cluster's) runs every job, behind a check that its worker
        # renders as this process would (executors.checked).
        self.foreign = self.executor_factory is not process_pool
        self._expected = executors.worker_identity() if self.foreign else ""
        # Whether rendering runs in worker processes: by default when there are several. One
        # worker is worth it where this process has its own work meanwhile (see build_one).
        self.pooled = (self.jobs > 1 or self.foreign) if pooled is None else pooled
        self.environment = environment
        self.warm_up_job: tuple[str, tuple[str, ...]] | None = None
        self.progress = progress
        self.rendered = 0
        self.reused = 0
        self._executor: Executor | None = None
        self._worked = False  # whether the pool was given anything but getting ready
        self.warnings: set[str] = set()
        self.said: list[str] = []  # the warnings as printed, in order (a build with nothing to do says them again)

    def begin(self, environment: str) -> None:
        """Start another build on this renderer: counts and warnings start again. Workers
        from an earlier build are kept, unless the layouts or fonts changed: fresh workers
        then load them anew."""
        if environment != self.environment:
            self.close()
            self.environment = environment
        self.rendered = self.reused = 0
        self.warnings, self.said = set(), []

    def job_key(self, job: RenderJob) -> str:
        digest = hashlib.sha256()
        qr = json.dumps([job.qr_level, list(job.qr_codes)])
        uses = uses_digest(job.html, self.environment, self.portable, job.allowed_roots)
        html = self.portable(job.html)
        for piece in (code_digest(), weasyprint_identity(), uses, job.pdf_variant or "", qr, html):
            digest.update(piece.encode())
            digest.update(b"\0")
        return digest.hexdigest()[:40]

    def portable(self, text: str) -> str:
        """``text`` with the project's place replaced by a name, for keys."""
        if not self.home:
            return text
        return text.replace(self.home_uri, "file://<project>").replace(self.home, "<project>")

    def local(self, text: str) -> str:
        """``text`` made ``portable`` with this project's place put back."""
        if not self.home:
            return text
        return text.replace("file://<project>", self.home_uri).replace("<project>", self.home)

    def file_key(self, *pieces: object) -> str:
        """A cache key for a finished file (see file_key), wherever the project is."""
        return file_key(*(self.portable(json.dumps(p, sort_keys=True, default=repr)) for p in pieces))

    def run(self, jobs: Iterable[RenderJob], label: str = "") -> dict[str, RenderResult]:
        """Render ``jobs`` (a list, or a generator that writes each part's HTML in turn), or
        take them from the cache. With workers, a job not in the cache is handed to an idle
        worker as soon as it is known, while the rest are still being written: an edit's part
        renders meanwhile. The rest follow, longest first, so the pool's last job is a short one."""
        results: dict[str, RenderResult] = {}
        waiting: list[tuple[RenderJob, str]] = []
        futures: dict[Future, str] = {}
        qr_folder = str(self.cache.folder.parent / "qr") if self.cache.folder is not None else None
        for job in jobs:
            key = self.job_key(job)
            cached = self.cache.get(key)
            if cached is not None:
                cached.key = job.key
                cached.cache_key = key
                results[job.key] = cached
                self._report(cached)
                self.reused += 1
                continue
            if qr_folder is not None and job.qr_codes:
                job = replace(job, qr_cache=qr_folder)
            waiting.append((job, key))
            if self.pooled and sum(not f.done() for f in futures) < self.jobs:  # a worker is idle
                waiting.sort(key=_longest_first)
                first, first_key = waiting.pop(0)
                futures[self._hand_over(render, first)] = first_key
        if not waiting and not futures:
            return results
        waiting.sort(key=_longest_first)
        task = self.progress.start(label, len(waiting) + len(futures)) if self.progress else None
        if not self.pooled:
            for job, key in waiting:
                results[job.key] = self._store(key, render(job))
                if task is not None:
                    self.progress.advance(task)
        else:
            futures.update({self._hand_over(render, job): key for job, key in waiting})
            for future in as_completed(futures):
                result = self.result(future, label or "parts")
                results[result.key] = self._store(futures[future], result)
                if task is not None:
                    self.progress.advance(task)
        return results

    def submit(self, fn: Callable, *args) -> Future:
        """Run other work on the pool (finishing files); inline when there is no pool."""
        if self.pooled:
            self._worked = True
            return self._hand_over(fn, *args)
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def _hand_over(self, fn: Callable, *args) -> Future:
        if self.foreign:
            return self._pool().submit(executors.checked, self._expected, os.getpid(), fn, *args)
        return self._pool().submit(fn, *args)

    def result(self, future: Future, doing: str):
        """What a worker returned. A worker that died instead (killed by the system, most
        often for want of memory, or crashed) is a build error, not a traceback; the pool it
        broke is dropped, so that the next build (under ``ecrprint watch``) starts new workers."""
        try:
            return future.result()
        except BuildError:
            raise
        except BrokenExecutor:
            if self._executor is not None:
                executors.stop(self._executor, wait=False)
                self._executor = None
                self._worked = False
            raise BuildError(
                f"a worker process stopped unexpectedly while working on the {doing} (it was killed "
                f"or it crashed; the system running short of memory is the usual cause). {NOTHING_WRITTEN} "
                "Build again, with fewer worker processes (--jobs 1 needs the least memory) if it "
                "happens again."
            ) from None
        except Exception as exc:
            if not self.foreign:
                raise
            raise BuildError(
                f"the executor failed while working on the {doing}: {type(exc).__name__}: {exc}. {NOTHING_WRITTEN}"
            ) from None

    def _store(self, key: str, result: RenderResult) -> RenderResult:
        result.cache_key = key
        self.cache.put(key, result)
        self.rendered += 1
        self._report(result)
        return result

    def _report(self, result: RenderResult) -> None:
        """Pass WeasyPrint's warnings on (they carry the CSS line:col), once per build."""
        for message in result.warnings:
            # A stylesheet's warning names its file and place; another names the part it is in.
            self.warn(message if _LOCATED.match(message) else f"{result.key}: {message}", message)

    def warn(self, text: str, message: str | None = None) -> None:
        """Report a warning once per build; ``--strict`` turns the build's warnings into an error."""
        if (message or text) not in self.warnings:
            self.warnings.add(message or text)
            self.said.append(text)
            log.warning("%s", text)

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = _early.pop(self.jobs, None) if self.executor_factory is process_pool else None
            if self._executor is None:
                self._executor = executors.started(self.executor_factory, self.jobs)
            if self.warm_up_job is not None:
                for _ in range(self.jobs):  # starts every worker, each busy getting ready
                    self._hand_over(warm_up, *self.warm_up_job)
        return self._executor

    def start(self, warm_up_html: str, allowed_roots: tuple[str, ...], rehearse: bool = True) -> None:
        """Start the workers now, so that they get ready while the main process loads content:
        each imports WeasyPrint and, if ``rehearse``, renders a small document to load the
        fonts and stylesheets before real work arrives. One sign made on site leaves the
        rehearsal out: its first rendering is ready as soon as the import ends, and would wait
        behind the rehearsal (a cold door sign on a slow day, alternating runs: median 1.50 s
        without it, against 1.61 s); a build's first part comes later, and gains by it."""
        if not self.pooled:
            return
        if rehearse:
            self.warm_up_job = (warm_up_html, allowed_roots)
            self._pool()
        else:
            self._hand_over(os.getpid)  # a pool starts its processes with its first task

    def close(self) -> None:
        """Stop the workers. Workers that were only getting ready (everything came from the
        cache: a sign made again on site, say) are stopped at once, not waited for."""
        if self._executor is not None:
            if not self._worked and not self.foreign:
                for process in list((getattr(self._executor, "_processes", None) or {}).values()):
                    process.terminate()  # SIGTERM: _end_worker removes its font copies, then exits
            executors.stop(self._executor)
            self._executor = None
            self._worked = False
