"""Render one HTML document to PDF with WeasyPrint: the unit of work a worker process runs."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from .errors import BuildError

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


def make_url_fetcher(allowed_roots: tuple[str, ...]):
    """A WeasyPrint URL fetcher that serves files inside the allowed folders and nothing else:
    no network, no other files. Refusals surface as WeasyPrint warnings."""
    from weasyprint.urls import URLFetcher

    roots = [Path(r).resolve() for r in allowed_roots]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
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

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.skip and message.startswith("No anchor #"):
            return
        self.messages.append(message)


_shared: dict = {}


def _font_config():
    """One FontConfiguration and image cache per process, shared by every document it renders."""
    if "fonts" not in _shared:
        from weasyprint.text.fonts import FontConfiguration

        _shared["fonts"] = FontConfiguration()
        _shared["cache"] = {}
    return _shared["fonts"], _shared["cache"]


def render(job: RenderJob) -> RenderResult:
    """Lay out and write one document. Pure apart from reading the allowed files."""
    from weasyprint import HTML

    wp_log = logging.getLogger("weasyprint")
    handler = _Collect(job.cross_part_links)
    wp_log.addHandler(handler)
    old_propagate = wp_log.propagate
    wp_log.propagate = False
    try:
        fonts, cache = _font_config()
        html = HTML(
            string=job.html, url_fetcher=make_url_fetcher(job.allowed_roots), base_url=job.allowed_roots[0] + "/"
        )
        document = html.render(font_config=fonts, cache=cache)
        buffer = io.BytesIO()
        options = {"pdf_variant": job.pdf_variant} if job.pdf_variant else {}
        document.write_pdf(buffer, **options)
    except BuildError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; report them as a build error
        raise BuildError(f"rendering {job.key} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        wp_log.removeHandler(handler)
        wp_log.propagate = old_propagate
    pages = document.pages
    return RenderResult(
        key=job.key,
        pdf=buffer.getvalue(),
        pages=len(pages),
        anchors=[{k: tuple(v) for k, v in p.anchors.items()} for p in pages],
        bookmarks=[[(level, label, tuple(target)) for level, label, target, _state in p.bookmarks] for p in pages],
        links=[[(kind, target, tuple(rect)) for kind, target, rect, _box in p.links] for p in pages],
        warnings=handler.messages,
    )
