"""Print finishing: PDF/X output intent, metadata and deterministic bytes."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf

from . import __version__

VARIANTS = {
    "pdf/x-4": {"xmp": "PDF/X-4", "info": "PDF/X-4", "min_version": "1.6"},
    "pdf/x-1a": {"xmp": "PDF/X-1a:2001", "info": "PDF/X-1a:2001", "min_version": "1.3"},
}


@dataclass(frozen=True)
class DocInfo:
    """What the finished file says about itself."""

    title: str
    author: str
    subject: str
    language: str
    version_label: str
    stamp: date  # from the content's version, never the clock
    variant: str = "pdf/x-4"
    icc_profile: Path | None = None
    condition: str = "FOGRA39"


def version_date(label: str, fallback: date) -> date:
    """The date a version label names (its first YYYY-MM-DD), else ``fallback``."""
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", label)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return fallback


def _pdf_date(d: date) -> str:
    return f"D:{d:%Y%m%d}000000Z"


def _output_intent(pdf: pikepdf.Pdf, profile: Path, condition: str) -> pikepdf.Dictionary:
    data = profile.read_bytes()
    stream = pikepdf.Stream(pdf, data)
    stream.N = 4
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(condition),
        OutputCondition=pikepdf.String(f"{condition} (offset, coated paper)"),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String(f"{condition} CMYK profile embedded by ecrprint"),
        DestOutputProfile=pdf.make_indirect(stream),
    )


def finish(pdf: pikepdf.Pdf, info: DocInfo) -> bytes:
    """Write metadata and output intent, and return the file's bytes, identical on every run."""
    variant = VARIANTS[info.variant]
    stamp = _pdf_date(info.stamp)
    pdf.Root.Lang = pikepdf.String(info.language)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if "/Outlines" in pdf.Root:
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
    if info.icc_profile is not None:
        pdf.Root.OutputIntents = pikepdf.Array([_output_intent(pdf, info.icc_profile, info.condition)])
    docinfo = pikepdf.Dictionary(
        Title=pikepdf.String(info.title),
        Author=pikepdf.String(info.author),
        Subject=pikepdf.String(info.subject),
        Creator=pikepdf.String(f"ecrprint {__version__}"),
        Producer=pikepdf.String(f"ecrprint {__version__} (WeasyPrint, pikepdf)"),
        CreationDate=pikepdf.String(stamp),
        ModDate=pikepdf.String(stamp),
        Trapped=pikepdf.Name.False_ if hasattr(pikepdf.Name, "False_") else pikepdf.Name("/False"),
        GTS_PDFXVersion=pikepdf.String(variant["info"]),
    )
    pdf.trailer.Info = pdf.make_indirect(docinfo)

    # The document id is derived from the pages' content, so it changes only when they do.
    digest = hashlib.sha256()
    for page in pdf.pages:
        for stream in page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array) else [page.obj.Contents]:
            digest.update(stream.read_bytes())
    digest.update(repr(info).encode())
    doc_id = uuid.UUID(bytes=digest.digest()[:16], version=4)
    iso = f"{info.stamp.isoformat()}T00:00:00Z"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = info.title
        meta["dc:creator"] = [info.author]
        meta["dc:description"] = info.subject
        meta["dc:language"] = [info.language]
        meta["pdf:Producer"] = f"ecrprint {__version__} (WeasyPrint, pikepdf)"
        meta["pdf:Trapped"] = "False"
        meta["xmp:CreatorTool"] = f"ecrprint {__version__}"
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        meta["xmp:MetadataDate"] = iso
        meta["xmpMM:DocumentID"] = f"uuid:{doc_id}"
        meta["xmpMM:InstanceID"] = f"uuid:{doc_id}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        meta["pdfx:GTS_PDFXVersion"] = variant["xmp"]
        meta["pdfxid:GTS_PDFXVersion"] = variant["xmp"]
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        deterministic_id=True,
        min_version=variant["min_version"],
        fix_metadata_version=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        compress_streams=True,
    )
    return buffer.getvalue()
