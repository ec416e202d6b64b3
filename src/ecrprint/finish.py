"""Print finishing: PDF/X output intent, metadata and deterministic bytes."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pikepdf

from . import __version__
from .errors import BuildError
from .pdfcolour import device_independent_spaces, groups, rgb_space, transparency

VARIANTS = {
    "pdf/x-4": {"xmp": "PDF/X-4", "info": "PDF/X-4", "conformance": None, "version": "1.6", "object_streams": True},
    # PDF/X-1a:2001 is PDF 1.3: no object streams, no transparency, CMYK and gray only. ISO
    # 15930-1 names it in two keys: the version, PDF/X-1:2001, and the conformance level within
    # it, PDF/X-1a:2001; a preflight reads a file that says "PDF/X-1a:2001" as its version as no
    # PDF/X at all. The pdfxid namespace of the XMP came with PDF/X-4, so it says nothing here.
    "pdf/x-1a": {
        "xmp": None,
        "info": "PDF/X-1:2001",
        "conformance": "PDF/X-1a:2001",
        "version": "1.3",
        "object_streams": False,
    },
    # A copy for reading on screen: not a print file, so it keeps its links, and viewers show
    # the trimmed page.
    "screen": {"xmp": None, "info": None, "conformance": None, "version": "1.6", "object_streams": True},
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
    condition_text: str = "Offset printing on coated paper (FOGRA39)"
    crop_marks: bool = False
    # Where the sheet folds, in mm from the trim's left edge (a printer spread's centre, a
    # cover's spine edges): marked beside the crop marks.
    folds_mm: tuple[float, ...] = ()

    @property
    def print_file(self) -> bool:
        """A PDF/X file, to be printed; otherwise a copy for reading on screen."""
        return VARIANTS[self.variant]["info"] is not None


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


def _output_intent(pdf: pikepdf.Pdf, profile: Path, condition: str, text: str) -> pikepdf.Dictionary:
    data = profile.read_bytes()
    stream = pikepdf.Stream(pdf, data)
    stream.N = 4
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(condition),
        OutputCondition=pikepdf.String(text),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String(f"{condition} CMYK profile embedded by ecrprint"),
        DestOutputProfile=pdf.make_indirect(stream),
    )


_SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")
# The keys under which a font descriptor holds its embedded program (Type 1, TrueType, CFF).
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _subset_tag(program: pikepdf.Stream) -> str:
    """Six capitals derived from a font program's bytes: the same subset, the same tag."""
    number = int.from_bytes(hashlib.sha256(program.read_raw_bytes()).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters)


def distinct_subset_names(pdf: pikepdf.Pdf) -> None:
    """Give every font subset a name of its own. WeasyPrint tags a subset after the font
    alone, so parts rendered apart bring different subsets under one name, and a RIP that
    keeps fonts by name could draw a page with another subset's glyphs."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        inner = obj.DescendantFonts[0] if obj.get("/Subtype") == "/Type0" and "/DescendantFonts" in obj else obj
        descriptor = inner.get("/FontDescriptor")
        if descriptor is None:
            continue
        program = next((descriptor[k] for k in FONT_FILES if k in descriptor), None)
        if program is None:
            continue
        tag = "/" + _subset_tag(program) + "+"
        for holder, key in ((obj, "/BaseFont"), (inner, "/BaseFont"), (descriptor, "/FontName")):
            name = str(holder.get(key, ""))
            if _SUBSET_TAG.match(name):
                holder[key] = pikepdf.Name(tag + name[8:])


def finish(pdf: pikepdf.Pdf, info: DocInfo, subsets_named: bool = False) -> bytes:
    """Write metadata and output intent, and return the file's bytes, identical on every run.
    ``subsets_named``: the file was finished before (a copy made from a print file), so its
    font subsets already have names of their own and its pages list only what they use."""
    variant = VARIANTS[info.variant]
    stamp = _pdf_date(info.stamp)
    pdf.Root.Lang = pikepdf.String(info.language)
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if "/Outlines" in pdf.Root:
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
    print_file = info.print_file
    if print_file and info.icc_profile is not None:
        pdf.Root.OutputIntents = pikepdf.Array(
            [_output_intent(pdf, info.icc_profile, info.condition, info.condition_text)]
        )
    elif not print_file and "/OutputIntents" in pdf.Root:  # a copy for the screen, made from a print file
        del pdf.Root.OutputIntents
    docinfo = pikepdf.Dictionary(
        Title=pikepdf.String(info.title),
        Author=pikepdf.String(info.author),
        Subject=pikepdf.String(info.subject),
        Creator=pikepdf.String(f"ecrprint {__version__}"),
        Producer=pikepdf.String(f"ecrprint {__version__} (WeasyPrint, pikepdf)"),
        CreationDate=pikepdf.String(stamp),
        ModDate=pikepdf.String(stamp),
        Trapped=pikepdf.Name("/False"),
    )
    if print_file:
        docinfo.GTS_PDFXVersion = pikepdf.String(variant["info"])
        if variant["conformance"]:
            docinfo.GTS_PDFXConformance = pikepdf.String(variant["conformance"])
        # PDF/X allows no links or other annotations on the printed area; the outline stays.
        drop_print_area_annotations(pdf)
        if info.crop_marks:
            add_crop_marks(pdf, info.folds_mm)
    else:
        for page in pdf.pages:
            page.obj.CropBox = page.obj.get("/TrimBox", page.obj.MediaBox)
    pdf.trailer.Info = pdf.make_indirect(docinfo)

    if print_file:
        cmyk_blending(pdf)
    if info.variant == "pdf/x-1a":
        bare_cff_fonts(pdf)
        problems = x1a_problems(pdf)
        if problems:
            raise BuildError(f"{info.title}: cannot be PDF/X-1a: " + "; ".join(problems[:5]))
    if not subsets_named:
        distinct_subset_names(pdf)
    # The document id is derived from everything the file holds, so it changes only when that
    # does: not the profile's place on disk (its bytes are among the streams).
    digest = hashlib.sha256(repr(replace(info, icc_profile=None)).encode())
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            digest.update(obj.read_raw_bytes())
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
        pdfx_keys = {
            "pdfx:GTS_PDFXVersion": variant["info"],
            "pdfx:GTS_PDFXConformance": variant["conformance"],
            "pdfxid:GTS_PDFXVersion": variant["xmp"],
        }
        for key, value in pdfx_keys.items():
            if value:
                meta[key] = value
            elif key in meta:
                del meta[key]
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        deterministic_id=True,
        force_version=variant["version"],
        fix_metadata_version=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate
        if variant["object_streams"]
        else pikepdf.ObjectStreamMode.disable,
        compress_streams=True,
    )
    return buffer.getvalue()


MM = 72 / 25.4
CROP_MARK_GAP = 3 * MM  # from the trim, at least: a cut a little outside it shows no mark
CROP_MARK_LENGTH = 5 * MM
CROP_MARK_WIDTH = 0.25  # points: what print shops take as the thinnest line that prints


def add_crop_marks(pdf: pikepdf.Pdf, folds_mm: tuple[float, ...] = ()) -> None:
    """Crop marks at the corners of each page's trim, in 100 % black, outside its bleed: the
    media box grows by a slug that holds them, and the trim and bleed boxes stay. (WeasyPrint's
    own marks are RGB, inside the bleed and under whatever runs into it, and a transparency
    group that PDF/X-1a forbids.) A fold, ``folds_mm`` from the trim's left edge, is marked
    the same way above and below the trim."""
    for page in pdf.pages:
        tx0, ty0, tx1, ty1 = _box(page.trimbox)
        bx0, by0, bx1, by1 = _box(page.bleedbox)
        gap = max(CROP_MARK_GAP, tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1)
        reach = gap + CROP_MARK_LENGTH
        lines = []
        for x, sx in ((tx0, -1), (tx1, 1)):
            for y, sy in ((ty0, -1), (ty1, 1)):
                lines.append(f"{x + sx * gap:.3f} {y:.3f} m {x + sx * reach:.3f} {y:.3f} l")
                lines.append(f"{x:.3f} {y + sy * gap:.3f} m {x:.3f} {y + sy * reach:.3f} l")
        for fold in folds_mm:
            for y, sy in ((ty0, -1), (ty1, 1)):
                x = tx0 + fold * MM
                lines.append(f"{x:.3f} {y + sy * gap:.3f} m {x:.3f} {y + sy * reach:.3f} l")
        marks = f"Q q 0 0 0 1 K {CROP_MARK_WIDTH} w [] 0 d 0 J " + " ".join(lines) + " S Q\n"
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, marks.encode()))
        page.obj.MediaBox = pikepdf.Array([round(v, 4) for v in (tx0 - reach, ty0 - reach, tx1 + reach, ty1 + reach)])


def bare_cff_fonts(pdf: pikepdf.Pdf) -> None:
    """Embed each OpenType font program as the bare CFF font program it wraps: PDF 1.3, which
    PDF/X-1a:2001 is, knows CFF (FontFile3 /CIDFontType0C for a CIDFont, /Type1C for a simple
    font) but not the OpenType wrapper, which came with PDF 1.6. A CIDFont's codes select the
    same glyphs either way (with a CFF font that is not CID-keyed, the CIDs are its glyph
    indexes, inside the wrapper or not), so the pages look exactly the same."""
    from fontTools.ttLib import TTFont, TTLibError

    cid_descriptors = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/CIDFontType0":
            descriptor = obj.get("/FontDescriptor")
            if descriptor is not None:
                cid_descriptors.add(descriptor.objgen)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
            continue
        program = obj.get("/FontFile3")
        if not isinstance(program, pikepdf.Stream) or program.get("/Subtype") != "/OpenType":
            continue
        try:
            cff = TTFont(io.BytesIO(program.read_bytes())).getTableData("CFF ")
        except (TTLibError, KeyError, ValueError, EOFError) as exc:
            raise BuildError(f"a font cannot be embedded for PDF/X-1a (it has no CFF outlines: {exc})") from None
        program.write(zlib.compress(cff, 9), filter=pikepdf.Name.FlateDecode)
        program.Subtype = pikepdf.Name.CIDFontType0C if obj.objgen in cid_descriptors else pikepdf.Name.Type1C


def drop_print_area_annotations(pdf: pikepdf.Pdf) -> None:
    """Remove what PDF/X forbids on the printed area (see annotations_on_print_area): the
    links of the contents and the index go; the outline, which is no annotation, stays. The
    booklet's copy for reading on screen keeps them."""
    for page in pdf.pages:
        drop = {a.objgen for a in annotations_on_print_area(page)}
        if not drop:
            continue
        keep = [a for a in page.obj.Annots if a.objgen not in drop]
        if keep:
            page.obj.Annots = pikepdf.Array(keep)
        else:
            del page.obj["/Annots"]


def annotations_on_print_area(page: pikepdf.Page) -> list[pikepdf.Object]:
    """A page's annotations that touch its printed area (the bleed box; without one, the trim
    or media box), other than trap networks and printer's marks: what PDF/X forbids (ISO
    15930-4 for PDF/X-1a, 15930-7 for PDF/X-4)."""
    x0, y0, x1, y1 = _box(page.bleedbox)
    found = []
    for annot in page.obj.get("/Annots", pikepdf.Array()):
        if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") in ("/TrapNet", "/PrinterMark"):
            continue
        rect = annot.get("/Rect")
        try:
            ax0, ay0, ax1, ay1 = _box(rect)
        except (TypeError, ValueError):  # no usable /Rect: it may be anywhere
            found.append(annot)
            continue
        if ax0 < x1 and ax1 > x0 and ay0 < y1 and ay1 > y0:
            found.append(annot)
    return found


def _box(rect) -> tuple[float, float, float, float]:
    a, b, c, d = (float(v) for v in rect)
    return min(a, c), min(b, d), max(a, c), max(b, d)


def x1a_problems(pdf: pikepdf.Pdf) -> list[str]:
    """What stops a document from being PDF/X-1a: transparency of any kind (a page's or a
    form's group, opacity, a soft mask, an image with an alpha channel), and colour that is
    not CMYK, gray or spot (Lab, ICC-based, calibrated: in the layout's CSS, say)."""
    problems = [f"{what} on page {', '.join(map(str, numbers))}" for what, numbers in transparency(pdf).items()]
    return problems + [f"{family} colour" for family in device_independent_spaces(pdf)]


def cmyk_blending(pdf: pikepdf.Pdf) -> None:
    """Transparency in a print file blends in CMYK. WeasyPrint gives every group it makes for
    opacity DeviceRGB as its blending space: a RIP that flattens it would turn 100 % K text
    into four-colour black and shift the tints."""
    for _number, group in groups(pdf):
        if rgb_space(group.get("/CS")):
            group.CS = pikepdf.Name.DeviceCMYK
