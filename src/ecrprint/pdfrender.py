"""Render one HTML document to PDF with WeasyPrint: the unit of work a worker process runs."""

from __future__ import annotations

import gc
import io
import logging
import os
import re
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from . import fontfolder
from .errors import BuildError
from .filestate import file_state
from .reflinks import TARGETS, reference_links
from .weasyprint_import import import_weasyprint

log = logging.getLogger("ecrprint.render")


@dataclass(frozen=True)
class RenderJob:
    """Everything needed to render one document; plain data, so it can cross processes."""

    key: str
    html: str
    allowed_roots: tuple[str, ...]
    pdf_variant: str | None = None
    # Internal links that point into other parts are resolved at assembly; don't log them.
    cross_part_links: bool = True
    # QR codes to draw into the boxes the layout reserved: box id -> URL.
    qr_codes: tuple[tuple[str, str], ...] = ()
    qr_level: str = "M"
    # Where QR codes made before are kept (the project's cache), if anywhere. Not an input:
    # the renderer sets it, and it is not part of the job's cache key.
    qr_cache: str | None = None


@dataclass
class RenderResult:
    """A rendered document and what assembly needs to know about its pages."""

    key: str
    pdf: bytes
    pages: int
    # Per page: {anchor id: (x1, y1, x2, y2)} in CSS px from the trim box's top-left corner.
    anchors: list[dict[str, tuple[float, float, float, float]]] = field(default_factory=list)
    # Per page: [(level, label, (x, y))].
    bookmarks: list[list[tuple[int, str, tuple[float, float]]]] = field(default_factory=list)
    # Per page: [(kind, target, (x1, y1, x2, y2))], kind "internal" or "external".
    links: list[list[tuple[str, str, tuple[float, float, float, float]]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Per page: PDF operators that draw its QR codes (in trim coordinates, zlib-compressed,
    # empty when there are none), and their URLs.
    qr_ops: list[bytes] = field(default_factory=list)
    qr_urls: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0  # how long rendering took, for the benchmark
    cache_key: str = ""  # set by the renderer: the hash of everything that went into it


def inside_roots(path: Path, roots: tuple[str, ...]) -> bool:
    """Whether ``path``, links followed, lies in one of the folders a rendering may read."""
    return any(path.resolve().is_relative_to(Path(root).resolve()) for root in roots)


def make_url_fetcher(allowed_roots: tuple[str, ...]):
    """A WeasyPrint URL fetcher that serves files inside the allowed folders and nothing else:
    no network, no other files. Refusals surface as WeasyPrint warnings."""
    from weasyprint.urls import URLFetcher

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not inside_roots(path, allowed_roots):
                    raise PermissionError(f"refused to read '{path}': outside the project, its layouts and fonts")
            elif parsed.scheme != "data":
                raise PermissionError(f"refused to fetch '{url}': rendering never uses the network")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols={"file", "data"})


class _Collect(logging.Handler):
    """Collects WeasyPrint's warnings (they carry CSS line:col) for the caller to report."""

    def __init__(self, skip_missing_anchors: bool):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.skip = skip_missing_anchors
        # Addresses in the document's stylesheets that cannot be read, each already said at
        # its place in the stylesheet (see sheet_addresses): WeasyPrint's unlocated words for
        # them are not said again.
        self.unread: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.skip and message.startswith("No anchor #"):
            return
        if _said_at_its_place(message, self.unread):
            return
        if missing := _NO_GLYPH.match(message):
            message = (
                f"{missing[1]} is in none of the fonts the layouts declare (layouts/shared/fonts.css.j2), "
                "so it prints as an empty box: leave it out of the layout, or declare a font that has it"
            )
        self.messages.append(message)


_FAILED = re.compile(r"^Failed to load (?:image at '(?P<image>[^']*)'|stylesheet at (?P<sheet>\S+) ?):")


def _said_at_its_place(message: str, unread: set[str]) -> bool:
    """Whether ``message`` is WeasyPrint's unlocated word for an address said already at its
    place in a stylesheet (an image, or a sheet an ``@import`` names)."""
    failed = _FAILED.match(message)
    return bool(failed and (failed["image"] or failed["sheet"]) in unread)


# Fontconfig sees no installed font (_no_installed_fonts), so a character the declared fonts
# lack is drawn as their empty glyph, and WeasyPrint says so.
_NO_GLYPH = re.compile(
    r'^\.notdef glyph rendered for Unicode string unsupported by fonts: (".*" \(U\+[0-9A-F]+\))$', re.S
)


_shared: dict = {}
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')
_FONTS = re.compile(r'<style id="shared-fonts">(.*?)</style>\n?', re.S)


_FONT_URL = re.compile(r'url\("([^"]+)"\)')


def fonts_identity(css: str) -> tuple:
    """The shared fonts stylesheet of a document, and the font files it names as they are on
    disk now: documents with the same identity can share one FontConfiguration."""
    files = []
    for url in _FONT_URL.findall(css):
        parsed, stamp = urlparse(url), None
        if parsed.scheme == "file":
            try:
                stamp = file_state(Path(unquote(parsed.path)).stat())
            except OSError:
                pass
        files.append((url, stamp))
    return (css, tuple(files))


def _font_config(identity: tuple = ()):
    """One FontConfiguration and image cache per process, shared by every document it renders
    that uses the same font files (``identity``; an empty one takes whatever is loaded).
    Another set of fonts (another project's, or a font file changed on disk under ``ecrprint
    watch``) gets a configuration of its own: one that held two files for one family, weight
    and style would draw with either of them."""
    if identity and "fonts" in _shared and _shared.get("identity") != identity:
        release_fonts()
    if "fonts" not in _shared:
        from multiprocessing.util import Finalize

        from weasyprint.text import fonts as weasyprint_fonts

        # WeasyPrint makes its folder for font copies with this name: in this process's own.
        weasyprint_fonts.mkdtemp = fontfolder.mkdtemp
        fontfolder.claim()
        with _no_installed_fonts():
            _shared["fonts"] = weasyprint_fonts.FontConfiguration()
        _shared["cache"] = {}
        _shared["identity"] = identity
        if not _finalizing:
            # WeasyPrint copies each @font-face font into a temporary folder that only the
            # configuration's finaliser removes, and worker processes end without running
            # finalisers: 2.4 MB left in the temporary folder per worker and build. Finalize
            # runs at the end of a worker process, and at the interpreter's exit.
            Finalize(None, release_fonts, exitpriority=10)
            _finalizing.append(True)
    return _shared["fonts"], _shared["cache"]


# A fontconfig configuration without font folders or cache (see _no_installed_fonts).
NO_INSTALLED_FONTS = Path(__file__).with_name("no-installed-fonts.conf")
_default_fonts: list = []


@contextmanager
def _no_installed_fonts() -> Iterator[None]:
    """Fontconfig reads the configuration that FONTCONFIG_FILE names when WeasyPrint makes a
    font configuration: pointed at one without font folders, Pango sees only the fonts the
    layouts declare with @font-face. Otherwise a character those fonts lack is taken from
    whatever the machine has installed (DejaVu, Noto), and the PDF differs from one machine to
    the next; now it prints as an empty box, and a warning names it. The variable is set only
    while ecrprint's own configuration is made, not for other WeasyPrint documents of the process."""
    if not _default_fonts:
        # Fontconfig's process-wide default configuration, which Pango starts when it first
        # needs it (in a thread of its own), reads FONTCONFIG_FILE then: started here, it is the
        # machine's, as other WeasyPrint documents of the process expect.
        from weasyprint.text.ffi import ffi, fontconfig

        ffi.cdef("int FcInit (void);")
        fontconfig.FcInit()
        _default_fonts.append(True)
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(NO_INSTALLED_FONTS)
    try:
        yield
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before


_finalizing: list = []
_inherited: list = []


def disown_fonts() -> None:
    """In a new worker process: set aside the fonts and stylesheets it inherited from the
    process that forked it. They are that process's: its temporary font copies must not be
    removed from here (release_fonts), and the objects are kept, never collected, because a
    collected FontConfiguration removes its folder too. The worker loads its own."""
    if _shared:
        _inherited.append(dict(_shared))
        _shared.clear()
    fontfolder.disown()
    _finalizing.clear()  # the process's finalisers were not inherited: it registers its own


def release_fonts() -> None:
    """Remove this process's temporary copies of the fonts; the next render loads them anew."""
    fonts = _shared.pop("fonts", None)
    _shared.pop("cache", None)
    _shared.pop("identity", None)
    _shared.pop("css", None)  # parsed with that configuration: its font faces went with it
    if fonts is not None:
        fonts.__del__()  # WeasyPrint's own clean-up; it runs again harmlessly when collected
    fontfolder.leave()


def _parsed(key, make) -> tuple[object, list[str]]:
    """A stylesheet from this process's cache, with the warnings its parsing gave: every
    document that uses the sheet reports them, not only the first."""
    parsed = _shared.setdefault("css", {})
    if key not in parsed:
        logger = logging.getLogger("weasyprint")
        collect = _Collect(skip_missing_anchors=False)
        # The document's own collector is set aside: the sheet's warnings are returned once, here.
        others = [h for h in logger.handlers if isinstance(h, _Collect)]
        for handler in others:
            logger.removeHandler(handler)
        logger.addHandler(collect)
        try:
            parsed[key] = (make(), collect.messages)
        finally:
            logger.removeHandler(collect)
            for handler in others:
                logger.addHandler(handler)
    return parsed[key]


def _linked_sheet(href: str, path: Path, fetcher, fonts, roots: tuple[str, ...]):
    """A linked stylesheet parsed, with the addresses in it that cannot be read. Its RGB
    colours and those addresses are warned of at their places (as WeasyPrint's own warnings
    are, through the logger, so that the cache keeps them with the sheet). Only a stylesheet
    file inside the allowed folders is read for the scan: the same text WeasyPrint is given."""
    from weasyprint import CSS

    sheet = CSS(url=href, url_fetcher=fetcher, font_config=fonts)
    resolved = path.resolve()
    unread: set[str] = set()
    if urlparse(href).scheme == "file" and inside_roots(resolved, roots) and resolved.is_file():
        try:
            text = resolved.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        import tinycss2

        rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)  # once, for both scans
        messages = rgb_colours(text, resolved, roots, rules)
        for url, message in sheet_addresses(text, href, resolved, roots, rules):
            unread.add(url)
            messages.append(message)
        for message in sorted(messages, key=_place):
            logging.getLogger("weasyprint").warning("%s", message)
    return sheet, unread


def _place(message: str) -> tuple[int, int]:
    """A located message's line and column, for saying a stylesheet's problems in order."""
    match = re.match(r"^.*?:(\d+):(\d+): ", message)
    return (int(match[1]), int(match[2])) if match else (0, 0)


def _stylesheets(html: str, fetcher, roots: tuple[str, ...]) -> tuple[str, list, list[str], set[str]]:
    """Take the shared stylesheets (the fonts, and every linked file) out of the document and
    return them parsed, from this process's cache, with their warnings: every part uses the
    same few, and parsing them costs as much as laying out a short part. WeasyPrint applies
    stylesheets given this way with user rather than author precedence, so the document's own
    ``<style>`` must not set what a shared sheet sets; the tests check that parts look the same
    rendered either way."""
    from weasyprint import CSS

    match = _FONTS.search(html)
    fonts, _cache = _font_config(fonts_identity(match.group(1)) if match else ())
    sheets, warnings = [], []
    unreadable: set[str] = set()  # addresses in the sheets that cannot be read, said at their places
    if match:
        key = ("fonts", match.group(1), roots)

        def fonts_sheet():
            return CSS(string=match.group(1), url_fetcher=fetcher, font_config=fonts), set()

        (sheet, _nothing_unread), messages = _parsed(key, fonts_sheet)
        sheets.append(sheet)
        warnings += messages
        html = html[: match.start()] + html[match.end() :]
    for href in _LINK.findall(html):
        path = Path(unquote(urlparse(href).path))
        try:
            stat = path.stat()
        except OSError:
            continue  # left in place: WeasyPrint reports it
        key = (href, *file_state(stat), roots)
        (sheet, unread), messages = _parsed(
            key, lambda href=href, path=path: _linked_sheet(href, path, fetcher, fonts, roots)
        )
        sheets.append(sheet)
        unreadable |= unread
        warnings += [located_css_warning(m, path, roots) for m in messages if not _said_at_its_place(m, unread)]
        html = html.replace(f'<link rel="stylesheet" href="{href}">', "", 1)
    return html, sheets, warnings, unreadable


_AT = re.compile(r"^(?P<what>.*?) at (?P<line>\d+):(?P<col>\d+)(?P<rest>.*)$", re.S)


# WeasyPrint's words where they do not say what happened.
_REWORDED = (
    ("not at the beginning of the the whole rule was ignored", "ignored: @import must come before all other rules"),
)


def located_css_warning(message: str, path: Path, roots: tuple[str, ...]) -> str:
    """WeasyPrint's "Ignored 'colr: red' at 54:15, unknown property." about a stylesheet file,
    as ``layouts/x.css:54:15: Ignored 'colr: red', unknown property.``: the file named from
    the project folder, so that an editor opens it at the place."""
    for garbled, plain in _REWORDED:
        message = message.replace(garbled, plain)
    match = _AT.match(message)
    if match is None:
        return message
    shown = str(path)
    project = Path(roots[0]) if roots else None
    if project is not None and path.is_relative_to(project):
        shown = str(path.relative_to(project))
    return f"{shown}:{match['line']}:{match['col']}: {match['what']}{match['rest']}"


# Colour functions that give RGB: a print file takes device-cmyk() only, and WeasyPrint would
# write these as RGB.
_RGB_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"}


def rgb_colours(text: str, path: Path, roots: tuple[str, ...], rules: list | None = None) -> list[str]:
    """A located warning for each RGB colour among a stylesheet's declarations (a hex colour or
    an RGB colour function; names such as "red" are left to the preflight). The stylesheet is
    read by tinycss2 in one pass, or given read as ``rules``."""
    import tinycss2

    found: list[str] = []

    def declarations(tokens) -> None:
        for item in tinycss2.parse_blocks_contents(tokens, skip_whitespace=True, skip_comments=True):
            if item.type == "declaration":
                values(item.value)
            elif item.type in ("at-rule", "qualified-rule") and item.content is not None:
                declarations(item.content)

    def values(tokens) -> None:
        for token in tokens:
            what = None
            if token.type == "hash":
                what = f"#{token.value}"
            elif token.type == "function":
                if token.lower_name in _RGB_FUNCTIONS:
                    what = token.lower_name
                else:
                    values(token.arguments)
            if what is not None:
                message = (
                    f"'{what}' is an RGB colour at {token.source_line}:{token.source_column}, and print files are "
                    "CMYK: use device-cmyk(c m y k)"
                )
                found.append(located_css_warning(message, path, roots))

    if rules is None:
        rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)
    for rule in rules:
        if rule.type in ("qualified-rule", "at-rule") and rule.content is not None:
            declarations(rule.content)
    return found


def sheet_addresses(
    text: str, href: str, path: Path, roots: tuple[str, ...], rules: list | None = None
) -> list[tuple[str, str]]:
    """Each address in a stylesheet (``url()``, ``@import``) that rendering will not read, as
    (the address resolved, a warning at its place): one on the network, a file outside the
    project, its layouts and fonts, or a file that does not exist. WeasyPrint would say so
    too, but only once it uses the address, naming the part it was laying out."""
    import tinycss2

    found: list[tuple[str, str]] = []
    project = Path(roots[0]).resolve() if roots else None

    def check(written: str, line: int, col: int) -> None:
        url = urljoin(href, written)
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return
        if parsed.scheme != "file":
            why = "not fetched: rendering never uses the network"
        else:
            target = Path(unquote(parsed.path)).resolve()
            if not inside_roots(target, roots):
                why = f"not read: {target} is outside the project, its layouts and fonts"
            elif not target.is_file():
                shown = target.relative_to(project) if project and target.is_relative_to(project) else target
                why = f"no such file: {shown}"
            else:
                return
        found.append((url, located_css_warning(f"url('{written}') at {line}:{col}: {why}", path, roots)))

    def walk(tokens) -> None:
        for token in tokens or ():
            if token.type == "url":
                check(token.value, token.source_line, token.source_column)
            elif token.type == "function" and token.lower_name == "url":
                strings = [a for a in token.arguments if a.type == "string"]
                if strings:
                    check(strings[0].value, token.source_line, token.source_column)
            elif token.type == "function":
                walk(token.arguments)
            elif token.type.endswith("block"):
                walk(token.content)

    if rules is None:
        rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True)
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule"):
            continue
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            # @import "x.css" names its address as a plain string.
            first = next((tok for tok in rule.prelude if tok.type not in ("whitespace", "comment")), None)
            if first is not None and first.type == "string":
                check(first.value, first.source_line, first.source_column)
        walk(rule.prelude)
        walk(rule.content)
    return found


def warm_up(html: str, allowed_roots: tuple[str, ...]) -> None:
    """Make a fresh worker ready before real work arrives: fonts registered, stylesheets parsed."""
    try:
        render(RenderJob("warm-up", html, allowed_roots))
    except Exception:  # a failing warm-up only costs the time it would have saved
        pass


@contextmanager
def _cycle_collector_paused():
    """Python's cycle collector off for the duration. Laying out a document allocates millions
    of objects, and the collector, started every 700 allocations, walks the growing layout
    again and again; afterwards, with the layout freed, one collection does it once. Measured
    on the benchmark booklet's 71 parts, rendered in turn with and without: 2-5 % less CPU in
    a worker, about 10 % in a process that also holds a whole build (``--jobs 1``); peak
    memory about the same."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@dataclass(frozen=True)
class _Page:
    """What is kept of a laid-out page, as plain data."""

    height: float
    anchors: dict[str, tuple[float, float, float, float]]
    bookmarks: list[tuple[int, str, tuple[float, float]]]
    links: list[tuple[str, str, tuple[float, float, float, float]]]


def _lay_out_and_write(job: RenderJob, handler: _Collect) -> tuple[bytes, list[_Page]]:
    """The PDF and its pages' facts. The layout is freed when this returns."""
    from .htmltree import weasyprint_document

    import_weasyprint()
    fetcher = make_url_fetcher(job.allowed_roots)
    text, sheets, sheet_warnings, handler.unread = _stylesheets(job.html, fetcher, job.allowed_roots)
    fonts, cache = _font_config()  # the one the document's fonts stylesheet was parsed with
    handler.messages.extend(sheet_warnings)
    html = weasyprint_document(text, job.allowed_roots[0] + "/", fetcher)
    document = html.render(stylesheets=sheets, font_config=fonts, cache=cache)
    buffer = io.BytesIO()
    options = {"pdf_variant": job.pdf_variant} if job.pdf_variant else {}
    document.write_pdf(buffer, **options)
    # References set as generated text (the speaker index's) have no boxes of their own to link.
    generated = reference_links(p._page_box for p in document.pages) if TARGETS in job.html else None
    pages = [
        _Page(
            height=p.height,
            anchors={k: tuple(v) for k, v in p.anchors.items()},
            bookmarks=[(level, label, tuple(target)) for level, label, target, _state in p.bookmarks],
            links=_outermost([(kind, target, tuple(rect)) for kind, target, rect, _box in p.links])
            + (generated[n] if generated else []),
        )
        for n, p in enumerate(document.pages)
    ]
    return buffer.getvalue(), pages


def _outermost(links: list[tuple[str, str, tuple]]) -> list[tuple[str, str, tuple]]:
    """A page's links, each once: WeasyPrint gives every box inside a link a rectangle of its
    own (a contents entry's label, abbreviation and page number; a grid cell's code, time and
    title), each a further stop for a reader who tabs through the copy for the screen's links.
    One that lies within another to the same place is left out (of two alike, the first stays)."""
    by_target: dict[str, list[tuple[int, tuple]]] = {}
    for n, (_kind, target, rect) in enumerate(links):
        by_target.setdefault(target, []).append((n, rect))
    return [
        link
        for n, link in enumerate(links)
        if not any(
            m != n and _within(link[2], other) and (other != link[2] or m < n) for m, other in by_target[link[1]]
        )
    ]


def _within(inner: tuple, outer: tuple) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def render(job: RenderJob) -> RenderResult:
    """Lay out and write one document. Pure apart from reading the allowed files."""
    from .qr import RunStore, pdf_operators

    started = time.perf_counter()
    wp_log = logging.getLogger("weasyprint")
    handler = _Collect(job.cross_part_links)
    wp_log.addHandler(handler)
    old_propagate = wp_log.propagate
    wp_log.propagate = False
    try:
        with _cycle_collector_paused():
            pdf, pages = _lay_out_and_write(job, handler)
    except BuildError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; report them as a build error
        raise BuildError(f"rendering {job.key} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        wp_log.removeHandler(handler)
        wp_log.propagate = old_propagate
    from .pdfresources import pruned

    pdf = pruned(pdf)  # here, in parallel, once: a part kept in the cache is kept pruned
    codes = dict(job.qr_codes)
    store = RunStore(job.qr_cache)
    qr_ops, qr_urls = [], []
    for page in pages:
        height = page.height * 0.75  # the trim height in points (anchors are trim-relative)
        ops, urls = [], []
        for ident, (x1, y1, x2, y2) in sorted(page.anchors.items()):
            url = codes.get(ident)
            if url is None:
                continue
            square = min(x2 - x1, y2 - y1)
            # A code opens its address when tapped in the copy for the screen (only it has links).
            page.links.append(("external", url, (x1, y1, x1 + square, y1 + square)))
            side = square * 0.75
            try:
                ops.append(pdf_operators(url, job.qr_level, x1 * 0.75, height - y1 * 0.75 - side, side, store))
            except ValueError as exc:  # the check refuses addresses too long for a code; a safety net
                raise BuildError(f"rendering {job.key}: no QR code for '{url[:80]}…': {exc}") from None
            urls.append(url)
        # Compressed here, in parallel and once: assembly copies them into the page as they are.
        qr_ops.append(zlib.compress(b"\n".join(ops)) if ops else b"")
        qr_urls.append(urls)
    return RenderResult(
        key=job.key,
        pdf=pdf,
        pages=len(pages),
        anchors=[p.anchors for p in pages],
        bookmarks=[p.bookmarks for p in pages],
        links=[p.links for p in pages],
        warnings=handler.messages,
        qr_ops=qr_ops,
        qr_urls=qr_urls,
        seconds=time.perf_counter() - started,
    )
