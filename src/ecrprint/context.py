"""What every product builder needs: the model, layouts, renderer and print settings."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from . import finishing, model, views
from .assemble import Slot
from .finish import DocInfo, version_date
from .fontmerge import FontSources
from .intents import OutputIntent, ink_setting, product_of, resolve, setting
from .paths import Layout
from .pdfrender import RenderResult
from .renderer import Renderer, file_digest
from .words import Words


@dataclass
class OutputFile:
    """One finished file, held in memory until the whole build has succeeded."""

    path: str  # relative to the output folder
    kind: str
    data: bytes
    pages: int
    trim_mm: tuple[float, float]
    bleed_mm: float
    extra: dict = field(default_factory=dict)
    qr_codes: list[list[str]] = field(default_factory=list)  # the URLs drawn on each page

    @cached_property
    def sha256(self) -> str:
        """The file's checksum, worked out once (the manifest, a day's batch and ``ecrprint
        sign`` all want it)."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class BuildContext:
    project_dir: Path
    model: model.Project
    layout: Layout
    env: jinja2.Environment
    renderer: Renderer
    words: Words  # the printed words, in the congress's language
    single_pass_icc: bool = False  # embed the output intent via CSS (for plain WeasyPrint runs)
    # (profile, the ink limit the content sets) -> supporter id -> the logo as CMYK, as a data: URL
    logo_urls: dict[tuple[Path, float | None], dict[str, str]] = field(default_factory=dict)

    def bleed_mm(self, kind: str) -> float:
        """The bleed a file kind gets: its product's (a day's batch of door signs follows the door
        signs', the printer spreads and the cover the booklet's), else the project's."""
        product = self.model.print.products.get(product_of(kind))
        if product is not None and product.bleed_mm is not None:
            return product.bleed_mm
        return self.model.print.bleed_mm

    def intent(self, kind: str) -> OutputIntent:
        """The output intent a product kind is printed for."""
        return resolve(self.layout, setting(self.model, kind), ink_setting(self.model, kind))

    def icc_paths(self) -> list[Path]:
        """Every profile the products use, the project's own first."""
        kinds = ["booklet", *self.model.print.products]
        found = [resolve(self.layout, self.model.print.output_intent).profile]
        return list(dict.fromkeys(found + [self.intent(k).profile for k in kinds]))

    def logo_separation(self, kind: str) -> tuple[Path, float | None]:
        """How a product's logos are made CMYK: with its profile, and held to the ink limit that
        holds for it, the content's or the bundled profile's: a bundled profile separates black
        to its condition's limit, and a JPEG's rounding strays a few per cent over it."""
        intent = self.intent(kind)
        return intent.profile, intent.ink_limit

    def logo_urls_for(self, kind: str) -> dict[str, str]:
        """Supporter id -> its logo as CMYK for this product, as a data: URL."""
        return self.logo_urls.get(self.logo_separation(kind), {})

    def head(self, title: str, trim_mm: tuple[float, float], mode: str, kind: str = "booklet") -> dict:
        """The document head's variables: title, metadata and page geometry."""
        c = self.model.congress
        page = {
            "width_mm": trim_mm[0],
            "height_mm": trim_mm[1],
            "bleed_mm": self.bleed_mm(kind),
            "icc_url": self.intent(kind).profile.as_uri() if (mode == "single" and self.single_pass_icc) else None,
        }
        stamp = version_date(c.version, c.start).isoformat()
        congress = views.congress_view(self.model, self.words)
        return {"title": title, "congress": congress, "page": page, "stamp": stamp, "words": self.words}

    @staticmethod
    def parts_key(slots: list[Slot], results: dict[str, RenderResult], furniture, info: DocInfo) -> list:
        """What a file assembled from these parts depends on: the parts' own keys, in order,
        and the output intent's profile, which finishing embeds."""
        return [
            [(results[s.part].cache_key if s.part else None, s.index, s.furniture) for s in slots],
            [f.cache_key for f in furniture or []],
            _profile_digest(info.icc_profile),
        ]

    def finished_files(
        self, tasks: list[tuple[str, Callable, tuple]], then: tuple[str, Callable, tuple] | None = None
    ) -> list[bytes]:
        """Finished files from the file cache, or made: side by side: the first here, the
        others in the worker processes. Each task is (key, function, arguments). ``then``, a
        task whose function takes the first file before its arguments, runs here after the
        first, while the workers may still be busy; its file comes last."""
        out: list[bytes | None] = [self.renderer.files.get(key) for key, _, _ in tasks]
        todo = [i for i in range(len(tasks)) if out[i] is None]
        # The first here, the others in the workers meanwhile: this process already holds
        # the parts, and would otherwise wait idle.
        futures = {i: self.renderer.submit(tasks[i][1], *tasks[i][2]) for i in todo[1:]}
        if todo:
            _, fn, args = tasks[todo[0]]
            out[todo[0]] = fn(*args)
        if then is not None:
            key, fn, args = then
            follow = self.renderer.files.get(key)
            if follow is None:
                follow = fn(out[0], *args)
                self.renderer.files.put(key, follow)
        for i, future in futures.items():
            out[i] = self.renderer.result(future, "finished files")
        for i in todo:
            self.renderer.files.put(tasks[i][0], out[i])
        return out + ([follow] if then is not None else [])

    def font_sources(self) -> FontSources:
        """The project's fonts, for merging the subsets of parts rendered apart."""
        folder = self.renderer.cache.folder
        return FontSources(self.layout.font_dirs, folder.parent / "fonts" if folder is not None else None)

    def finished_pdf(
        self,
        slots: list[Slot],
        results: dict[str, RenderResult],
        info: DocInfo,
        furniture: list[RenderResult] | None = None,
    ) -> tuple[bytes, list[list[str]]]:
        """Assemble and finish a PDF from rendered parts, or take it from the file cache when
        none of its parts changed. Returns the bytes and the QR code URLs on each page."""
        key = self.renderer.file_key("assembled", self.parts_key(slots, results, furniture, info), repr(info))
        task = (key, finishing.finished, (slots, results, furniture, info, self.font_sources()))
        (data,) = self.finished_files([task])
        return data, self.qr_codes(slots, results)

    @staticmethod
    def qr_codes(slots: list[Slot], results: dict[str, RenderResult]) -> list[list[str]]:
        return [list(results[s.part].qr_urls[s.index]) if s.part else [] for s in slots]

    def doc_info(self, title: str, subject: str, kind: str) -> DocInfo:
        c = self.model.congress
        intent = self.intent(kind)
        return DocInfo(
            title=title,
            author=c.organiser,
            subject=f"{subject} · {c.edition} · version {c.version}",
            language=c.language,
            version_label=c.version,
            stamp=version_date(c.version, c.start),
            variant=self.model.print.pdf_variant,
            icc_profile=intent.profile,
            condition=intent.condition,
            condition_text=intent.description,
            crop_marks=self.model.print.crop_marks and kind != "job-ticket",
        )


def _profile_digest(profile: Path | None) -> str:
    if profile is None:
        return "none"
    try:
        return file_digest(profile)[0]
    except OSError:
        return "missing"  # finishing reports it
