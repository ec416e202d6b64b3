"""Print-shop properties: PDF/X, CMYK only, boxes, determinism, imposition, package and ticket."""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import zlib
from pathlib import Path

import pikepdf
import pytest

from ecrprint.build import build
from ecrprint.impose import saddle_stitch_pairs

from .helpers import MM, boxes_mm, ecrprint_ok, internal_links, page_texts


def flat(text: str) -> str:
    return " ".join(text.split())


def rgb_operators(path: Path) -> list[str]:
    """Operators that paint in RGB, in page content and the forms it draws."""
    found = []
    with pikepdf.open(path) as pdf:
        seen = set()

        def scan(obj, where):
            if obj.objgen in seen and obj.objgen != (0, 0):
                return
            seen.add(obj.objgen)
            for op in pikepdf.parse_content_stream(obj):
                if str(op.operator) in ("rg", "RG"):
                    found.append(f"{where}: {op.operator}")
            resources = obj.get("/Resources", {})
            for name, xobj in resources.get("/XObject", {}).items():
                if xobj.get("/Subtype") == "/Form":
                    scan(xobj, f"{where} {name}")
                elif xobj.get("/Subtype") == "/Image" and xobj.get("/ColorSpace") in ("/DeviceRGB",):
                    found.append(f"{where}: RGB image {name}")

        for number, page in enumerate(pdf.pages, start=1):
            scan(page.obj, f"page {number}")
    return found


@pytest.fixture(scope="module")
def manifest(sample_build: Path) -> dict:
    return json.loads((sample_build / "manifest.json").read_text())


def print_files(manifest):
    return [e for e in manifest["products"] if e["kind"] != "job-ticket"]


def test_every_print_file_declares_pdfx4_with_a_cmyk_output_intent(sample_build: Path, manifest):
    for e in print_files(manifest)[::7]:
        with pikepdf.open(sample_build / e["path"]) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
            assert pdf.docinfo["/Trapped"] == "/False"
            with pdf.open_metadata() as meta:
                assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
                assert meta["xmpMM:DocumentID"].startswith("uuid:")


def test_each_product_is_prepared_for_its_own_paper(sample_build: Path, manifest):
    """The sample's door signs and notices print on uncoated paper, the rest on coated: each
    file's output intent says which, with the profile of that condition, and the manifest,
    which the preflight checks the file against, says it too."""
    from ecrprint.paths import default_data_dir

    profiles = {
        condition: (default_data_dir() / "layouts" / "print" / f"{condition.lower()}-ecrprint.icc").read_bytes()
        for condition in ("FOGRA39", "FOGRA29")
    }
    assert profiles["FOGRA39"] != profiles["FOGRA29"]
    uncoated = {"door-sign", "door-sign-batch", "notice"}
    seen = set()
    for e in print_files(manifest):
        if e["kind"] == "booklet-screen":
            assert "output_intent" not in e
            continue
        condition = "FOGRA29" if e["kind"] in uncoated else "FOGRA39"
        assert e["output_intent"] == condition, e["path"]
        assert e["ink_limit"] == (300 if condition == "FOGRA29" else 330), e["path"]
        with pikepdf.open(sample_build / e["path"]) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == condition
            paper = "uncoated" if condition == "FOGRA29" else "coated"
            assert str(intent.OutputCondition) == f"Offset printing on {paper} paper ({condition})"
            assert intent.DestOutputProfile.read_bytes() == profiles[condition]
        seen.add(e["kind"])
    assert uncoated | {"booklet", "imposed-booklet", "sponsor-board", "directional-sign"} <= seen
    ticket = flat(" ".join(page_texts(sample_build / "print" / "job-ticket.pdf")))
    assert "output intents FOGRA39 (ecrprint build), FOGRA29 (ecrprint build): each file's as listed" in ticket
    assert ticket.count("FOGRA29") > 5
    assert "total ink (C + M + Y + K) at most 300 %, 330 %, each file's as listed" in ticket


def test_colour_is_cmyk_only(sample_build: Path, manifest):
    for e in print_files(manifest)[::5]:
        assert rgb_operators(sample_build / e["path"]) == [], e["path"]


def test_every_stream_decodes_and_font_names_are_distinct(sample_build: Path, manifest):
    """A blank page before a chapter once had an empty stream marked compressed, which a RIP
    reports as damaged; and subsets from different parts once shared one font name."""
    booklet = next(e for e in manifest["products"] if e["kind"] == "booklet")
    batch = next(e for e in manifest["products"] if e["kind"] == "door-sign-batch")
    for entry in (booklet, batch):
        with pikepdf.open(sample_build / entry["path"]) as pdf:
            blank = [n for n, page in enumerate(pdf.pages, 1) if "/Contents" not in page.obj]
            programs: dict[str, set[bytes]] = {}
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/FlateDecode":
                    zlib.decompress(obj.read_raw_bytes())
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    programs.setdefault(str(obj.FontName), set()).add(bytes(obj.FontFile3.read_raw_bytes()))
        assert {name: len(p) for name, p in programs.items() if len(p) > 1} == {}, entry["path"]
        assert len(programs) > (10 if entry is booklet else 3)
        if entry is booklet:
            assert blank, "the sample booklet has blank pages before right-hand chapters"


def test_boxes_are_trim_plus_bleed(sample_build: Path, manifest):
    for e in print_files(manifest)[::6]:
        w, h = e["trim_mm"]
        b = e["bleed_mm"]
        for boxes in boxes_mm(sample_build / e["path"]):
            x0, y0 = boxes["TrimBox"][:2]
            assert boxes["TrimBox"] == (x0, y0, x0 + w, y0 + h)
            assert boxes["BleedBox"] == (x0 - b, y0 - b, x0 + w + b, y0 + h + b)
            assert boxes["MediaBox"] == boxes["BleedBox"]


def test_version_label_on_every_product(sample_build: Path, manifest):
    for e in print_files(manifest)[::4]:
        texts = page_texts(sample_build / e["path"])
        assert any("2024-02-01 · edition 1" in t for t in texts), e["path"]
    assert manifest["version"] == "2024-02-01 · edition 1"


def test_imposed_booklet_pairs_pages_for_saddle_stitching(sample_build: Path, manifest):
    booklet = next(e for e in manifest["products"] if e["kind"] == "booklet")
    imposed = next(e for e in manifest["products"] if e["kind"] == "imposed-booklet")
    n = booklet["pages"]
    assert imposed["pages"] == n // 2
    assert imposed["trim_mm"] == [296, 210]
    assert imposed["spreads"][:3] == [[n, 1], [2, n - 1], [n - 2, 3]]
    single = page_texts(sample_build / booklet["path"])
    path = sample_build / imposed["path"]
    boxes = boxes_mm(path)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    for index, (left, right) in enumerate(imposed["spreads"][:4]):
        assert boxes[index]["MediaBox"] == (0.0, 0.0, 302.0, 216.0)
        assert boxes[index]["TrimBox"] == (3.0, 3.0, 299.0, 213.0)
        text = pdf[index].get_textpage()
        left_text = flat(text.get_text_bounded(0, 0, (3 + 148) * MM, 216 * MM))
        right_text = flat(text.get_text_bounded((3 + 148) * MM, 0, 302 * MM, 216 * MM))
        assert flat(single[left - 1])[:40] == left_text[:40], (left, right)
        assert flat(single[right - 1])[:40] == right_text[:40], (left, right)
    pdf.close()


def _strip_colour(page, x0_pt: float, x1_pt: float, y0_pt: float, y1_pt: float) -> tuple[float, ...]:
    """The mean colour of a rectangle of a rendered page, in points from its top-left corner."""
    from PIL import ImageStat

    image = page.render(scale=2).to_pil().convert("RGB")
    box = image.crop((round(2 * x0_pt), round(2 * y0_pt), round(2 * x1_pt), round(2 * y1_pt)))
    return tuple(ImageStat.Stat(box).mean)


def test_printer_spreads_keep_the_outer_bleed(sample_build: Path, manifest):
    """The covers' background runs into the bleed; on the first printer spread it must still
    reach the sheet's outer edges, not stop at the trim."""
    import pypdfium2 as pdfium

    booklet = pdfium.PdfDocument(str(sample_build / "booklet.pdf"))
    sheet = pdfium.PdfDocument(str(sample_build / "booklet-imposed.pdf"))[0]
    n = len(booklet)
    bleed = 3 * MM
    width, height = sheet.get_size()
    page_w = booklet[0].get_size()[0]
    middle = (height / 2 - 20, height / 2 + 20)
    # Left edge of the sheet: the back cover's outer (left) bleed; right edge: the cover's.
    checks = [
        (_strip_colour(sheet, 1, bleed - 1, *middle), _strip_colour(booklet[n - 1], 1, bleed - 1, *middle)),
        (
            _strip_colour(sheet, width - bleed + 1, width - 1, *middle),
            _strip_colour(booklet[0], page_w - bleed + 1, page_w - 1, *middle),
        ),
        (
            _strip_colour(sheet, width - 40, width - 20, 1, bleed - 1),
            _strip_colour(booklet[0], page_w - 40, page_w - 20, 1, bleed - 1),
        ),
    ]
    for on_sheet, on_page in checks:
        assert min(on_page) < 200, "the cover's background should run into the bleed"
        assert all(abs(a - b) < 6 for a, b in zip(on_sheet, on_page)), (on_sheet, on_page)


def test_saddle_stitch_pairs():
    assert saddle_stitch_pairs(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    with pytest.raises(ValueError):
        saddle_stitch_pairs(10)


def test_every_font_is_a_bundled_one(sample_build: Path):
    """Output must not depend on the fonts a machine has: every font embedded in every file,
    the job ticket included, is one of the bundled Inter fonts."""
    bundled = {path.stem.split("-")[0] for path in (Path(__file__).parent.parent / "fonts").glob("*.otf")}
    assert bundled == {"Inter", "InterDisplay"}
    seen = set()
    for path in sorted(sample_build.rglob("*.pdf")):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    name = str(obj.FontName).lstrip("/").split("+")[-1]
                    seen.add(name)
                    assert name.replace("-", "").startswith(tuple(bundled)), f"{path.name}: {name}"
    assert {"Inter", "Inter-Bold"} <= seen


def test_print_package_and_job_ticket(sample_build: Path, manifest):
    package = sample_build / "print"
    listed = json.loads((package / "manifest.json").read_text())
    kinds = {e["kind"] for e in listed["products"]}
    assert {"booklet", "imposed-booklet", "door-sign-batch", "sponsor-board", "directional-sign", "notice"} <= kinds
    assert "door-sign" not in kinds  # the shop gets each day's signs as one file
    # Each file with what the output's manifest says of it, so that the preflight of the
    # package checks its QR codes and its binding's page rule as the output's does.
    own = {e["path"]: e for e in json.loads((sample_build / "manifest.json").read_text())["products"]}
    booklet = next(e for e in listed["products"] if e["kind"] == "booklet")
    assert booklet["qr_codes"] == own["booklet.pdf"]["qr_codes"] and len(booklet["qr_codes"]) == booklet["pages"]
    assert booklet["binding"] == own["booklet.pdf"]["binding"] == "saddle-stitch"
    assert listed["congress"] == "ecr2024"
    ticket_text = flat(" ".join(page_texts(package / "job-ticket.pdf")))
    html = (package / "job-ticket.html").read_text()
    sums = dict(line.split("  ")[::-1] for line in (package / "SHA256SUMS").read_text().splitlines())
    for e in listed["products"]:
        data = (package / e["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"]
        if e["kind"] == "job-ticket":
            continue
        assert sums[e["path"]] == e["sha256"]
        assert e["path"] in ticket_text and e["sha256"] in ticket_text.replace(" ", "") or e["sha256"] in ticket_text
        assert e["path"] in html and e["sha256"] in html
    for words in (
        "Programme booklet",
        "Saddle-stitch",
        "148 × 210 mm",
        "3 mm",
        "CMYK, PDF/X-4",
        "4000",
        "2024-02-01 · edition 1",
    ):
        assert words in ticket_text, words
    # The booklet comes twice (reading order and printer spreads): its copies count once.
    assert len(re.findall(r"(?<![0-9a-f])4000(?![0-9a-f])", ticket_text)) == 1  # not inside a checksum
    assert "the booklet above as printer spreads: print one of the two files, not both" in ticket_text
    assert "as booklet.pdf" in ticket_text and "as booklet.pdf" in html
    # ... and its pages too: the total is what goes to press, once.
    printed = [e for e in listed["products"] if e["kind"] not in ("job-ticket", "imposed-booklet")]
    total = sum(e["pages"] for e in printed)
    assert (
        f"{len([e for e in listed['products'] if e['kind'] != 'job-ticket'])} PDF files, {total} pages to print (booklet-imposed.pdf: the same booklet "
        "as printer spreads, not counted)" in ticket_text
    )


def _first_char_box(pdf, text: str) -> tuple[int, tuple[float, float]]:
    """The page and the lower-left corner of the first character of ``text`` (PDFium)."""
    for index in range(len(pdf)):
        textpage = pdf[index].get_textpage()
        searcher = textpage.search(text)
        found = searcher.get_next()
        if found:
            left, bottom, _right, _top = textpage.get_charbox(found[0])
            return index, (left, bottom)
    raise AssertionError(f"{text} not found")


def test_job_ticket_checksums_sit_exactly_where_the_tickets_own_text_would(mini_build: Path):
    """The checksum lines are laid over the ticket afterwards; set inline by one plain
    WeasyPrint pass instead, each lands on the same page at the same place."""
    import pypdfium2 as pdfium
    from weasyprint import HTML

    from ecrprint.build import make_context
    from ecrprint.output import read_manifest
    from ecrprint.package import ticket_context, ticket_rows
    from ecrprint.render import render_template

    project = mini_build.parent
    ctx = make_context(project, jobs=1)
    rows = ticket_rows(ctx, read_manifest(mini_build))
    html = render_template(ctx.env, "job-ticket/ticket.html.j2", **ticket_context(ctx, rows), standalone=False)
    version = ctx.model.congress.version
    for number, row in enumerate(rows, start=1):
        place = f'<div class="jt-sum-place" id="sum-{number}">&nbsp;</div>'
        assert place in html
        html = html.replace(place, f"SHA-256 {row['sha256']} · version {version}")
    inline = pdfium.PdfDocument(HTML(string=html, base_url=str(project)).write_pdf())
    assembled = pdfium.PdfDocument(str(mini_build / "print" / "job-ticket.pdf"))
    assert len(inline) == len(assembled) and len(rows) >= 5
    for row in rows:
        # Within a hundredth of a point (they differ by about 0.0003): rounding both to a tenth
        # once put one on each side of 309.55.
        page, (x, y) = _first_char_box(assembled, row["sha256"])
        inline_page, (inline_x, inline_y) = _first_char_box(inline, row["sha256"])
        assert page == inline_page and x == pytest.approx(inline_x, abs=0.01) and y == pytest.approx(inline_y, abs=0.01)


def test_two_builds_give_identical_bytes(mini_build: Path, mini_project: Path, tmp_path: Path):
    """With any number of workers, and in processes whose string hashing differs (Python picks
    it at random for each process, and sets of names iterate in its order): the same bytes.
    Here: the session's build, with two workers, in this process, and a build with one worker
    in a process whose hash seed is set to another than this one's."""
    import os

    out = tmp_path / "out-1"
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    ecrprint_ok("build", str(mini_project), "--out", str(out), "--no-cache", "--jobs", "1", PYTHONHASHSEED=seed)
    a, b = ({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} for out in (mini_build, out))
    assert a.keys() == b.keys() and len(a) > 10
    assert [name for name in a if a[name] != b[name]] == []


def test_the_same_project_in_another_folder_gives_identical_bytes(mini_build: Path, tmp_path: Path):
    """A colleague's checkout, or the print shop's, builds exactly the same files: nothing of
    the project's place on disk gets into them (WeasyPrint names an image after its URL,
    so logos go in as data). Here: the session's build of the mini project, in a folder of
    its own."""
    from .conftest import MINI, copy_project

    there = build(copy_project(MINI, tmp_path / "somewhere" / "else" / "entirely"), jobs=2)
    assert there.out_dir.parent != mini_build.parent
    a = {p.relative_to(mini_build): p.read_bytes() for p in mini_build.rglob("*") if p.is_file()}
    b = {p.relative_to(there.out_dir): p.read_bytes() for p in there.out_dir.rglob("*") if p.is_file()}
    assert a.keys() == b.keys() and len(a) > 10
    assert any(b"/Subtype /Image" in data for data in a.values())  # the logo is in there
    assert [name for name in a if a[name] != b[name]] == []


def test_a_project_copied_with_its_cache_renders_nothing_and_gives_the_same_bytes(tmp_path: Path):
    """Cache keys do not hold the project's place: a project moved, or copied for the next
    version, keeps its parts. The project here holds a layout file of its own, which every
    part names by its path, and its own output profile, whose path once went into the
    document id."""
    from ecrprint.paths import default_data_dir

    from .conftest import MINI, copy_project

    here = copy_project(MINI, tmp_path / "here")
    (here / "print").mkdir()
    shutil.copy(default_data_dir() / "layouts" / "print" / "fogra39-ecrprint.icc", here / "print" / "shop.icc")
    (here / "layouts" / "shared").mkdir(parents=True)
    shutil.copy(default_data_dir() / "layouts" / "shared" / "tokens.css", here / "layouts" / "shared" / "tokens.css")
    congress = here / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("print:\n", "print:\n  output_intent: print/shop.icc\n", 1))
    first = build(here, jobs=2)
    there = tmp_path / "elsewhere" / "v2"
    shutil.copytree(here, there)
    shutil.rmtree(there / "output")
    moved = build(there, jobs=2)
    assert first.rendered > 10 and moved.rendered == 0
    clean = build(there, out_dir=tmp_path / "clean", use_cache=False, jobs=2)
    for other in (first, clean):
        a = {p.relative_to(moved.out_dir): p.read_bytes() for p in moved.out_dir.rglob("*") if p.is_file()}
        b = {p.relative_to(other.out_dir): p.read_bytes() for p in other.out_dir.rglob("*") if p.is_file()}
        assert a.keys() == b.keys() and len(a) > 10
        assert [name for name in a if a[name] != b[name]] == []


@pytest.mark.cached
def test_a_rebuild_after_an_edit_gives_the_bytes_of_a_clean_build(mini_project: Path, tmp_path: Path):
    """Parts and finished files taken from the cache give exactly what rendering it all
    again gives: a print shop never sees a difference that depends on the cache."""
    build(mini_project, jobs=2)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("The future of imaging", "The future of imaging, edited"))
    edited = build(mini_project, jobs=2)
    assert edited.rendered > 0 and edited.reused > edited.rendered
    clean = build(mini_project, out_dir=tmp_path / "clean", use_cache=False, jobs=2)
    a = {p.relative_to(edited.out_dir): p.read_bytes() for p in edited.out_dir.rglob("*") if p.is_file()}
    b = {p.relative_to(clean.out_dir): p.read_bytes() for p in clean.out_dir.rglob("*") if p.is_file()}
    assert a.keys() == b.keys() and len(a) > 10
    assert [name for name in a if a[name] != b[name]] == []


def test_logos_are_converted_to_cmyk_at_print_resolution(mini_build: Path):
    import pypdfium2 as pdfium

    booklet = mini_build / "booklet.pdf"
    pdf = pdfium.PdfDocument(str(booklet))
    images = []
    for page in pdf:
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            images.append(obj.get_metadata())
    pdf.close()
    assert images, "the Acme logo should be placed"
    for meta in images:
        assert meta.colorspace == pdfium.raw.FPDF_COLORSPACE_DEVICECMYK
        assert meta.horizontal_dpi >= 300 and meta.vertical_dpi >= 300
    assert rgb_operators(booklet) == []


def test_a_black_logo_prints_in_black_ink_alone_and_within_the_ink_limit(mini_project: Path):
    """A black wordmark was separated through the profile like a photograph: into all four
    inks, 330 % on coated paper (misregistering on a logo 9 mm high), and the JPEG's rounding
    took it to 332 %, over FOGRA39's 330 %: the preflight failed a board with no ink limit set.
    A logo without colour now prints in black alone; one with colour keeps its black within
    the limit."""
    from PIL import Image, ImageDraw

    from ecrprint.pdfcolour import image_ink
    from ecrprint.preflight import preflight

    def placed(board: Path) -> list[tuple[str, float]]:
        with pikepdf.open(board) as pdf:
            return [(str(i.ColorSpace), image_ink(i)) for p in pdf.pages for i in p.get_images().values()]

    logo = mini_project / "content" / "logos" / "acme.png"
    for mode, colour, space in (("L", None, "/DeviceGray"), ("RGB", (200, 30, 30), "/DeviceCMYK")):
        image = Image.new(mode, (900, 260), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((40, 40, 860, 140), fill="black")
        if colour:
            draw.rectangle((40, 170, 860, 220), fill=colour)
        image.save(logo, dpi=(300, 300))
        out = build(mini_project, only="sponsor-board", jobs=2).out_dir
        board = out / "signs" / "sponsor-board-us.pdf"  # Acme supports ultrasound
        ((found, ink),) = placed(board)
        assert found == space and ink <= 330.5, (mode, found, ink)
        checks = {
            c.check: c for f in preflight(out, jobs=1).files if f.path == "signs/sponsor-board-us.pdf" for c in f.checks
        }
        assert checks["ink"].ok and checks["colour"].ok, checks["ink"].detail


def test_pdf_x1a_option(mini_project: Path):
    path = mini_project / "content" / "congress.yaml"
    path.write_text(
        path.read_text().replace("  binding: saddle-stitch", "  binding: saddle-stitch\n  pdf_variant: pdf/x-1a")
    )
    report = build(mini_project, only="booklet", jobs=1)
    data = (report.out_dir / "booklet.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.3")
    with pikepdf.open(report.out_dir / "booklet.pdf") as pdf:
        # ISO 15930-1: the version is PDF/X-1:2001, and PDF/X-1a:2001 its conformance level; a
        # file that gives the level as its version is no PDF/X to a print shop's preflight.
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1:2001"
        assert str(pdf.docinfo["/GTS_PDFXConformance"]) == "PDF/X-1a:2001"
        meta = pdf.open_metadata()
        assert meta["pdfx:GTS_PDFXVersion"] == "PDF/X-1:2001"
        assert meta["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2001"
        assert "pdfxid:GTS_PDFXVersion" not in meta  # PDF/X-4's key
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        # PDF/X-1a allows no links on the page: the contents and the index have none, and
        # the outline is kept.
        assert not [n for n, page in enumerate(pdf.pages, 1) if "/Annots" in page.obj]
        assert len(pdf.open_outline().root) > 3
    entry = next(e for e in report.manifest["products"] if e["kind"] == "booklet")
    assert entry["pdf_variant"] == "pdf/x-1a"


def test_opacity_blends_in_cmyk_and_stops_a_pdf_x1a_build(mini_project: Path, capsys):
    """A project's stylesheet may use opacity. WeasyPrint blends it in DeviceRGB: in a print
    file the blending space is DeviceCMYK, and the preflight fails a file that blends in RGB.
    PDF/X-1a allows no transparency: WeasyPrint's graphics states (which name no /Type) and
    its forms' groups were not looked at, and such a file was written as PDF/X-1a."""
    from ecrprint.cli import main
    from ecrprint.paths import default_data_dir

    css = mini_project / "layouts" / "notice" / "notice.css"
    css.parent.mkdir(parents=True)
    css.write_text(
        (default_data_dir() / "layouts" / "notice" / "notice.css").read_text() + ".notice-title { opacity: 0.6; }\n"
    )
    args = ["notice", str(mini_project), "--session", "RC 101", "--cancelled"]
    assert main(args) == 0, capsys.readouterr().err
    out = mini_project / "output"
    (entry,) = json.loads((out / "manifest.json").read_text())["products"]
    with pikepdf.open(out / entry["path"]) as pdf:
        spaces = [
            str(o.Group.get("/CS"))
            for o in pdf.objects
            if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)) and "/Group" in o
        ]
        assert spaces and set(spaces) == {"/DeviceCMYK"}, spaces
    assert main(["preflight", str(out)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    # The same file blending in RGB fails the preflight's colour check.
    with pikepdf.open(out / entry["path"], allow_overwriting_input=True) as pdf:
        for o in pdf.objects:
            if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)) and "/Group" in o:
                o.Group.CS = pikepdf.Name.DeviceRGB
        pdf.save(out / entry["path"])
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["products"][0]["sha256"] = hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert main(["preflight", str(out)]) == 1
    assert "DeviceRGB blending space" in capsys.readouterr().out

    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(
        congress.read_text().replace("  binding: saddle-stitch", "  binding: saddle-stitch\n  pdf_variant: pdf/x-1a")
    )
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "cannot be PDF/X-1a: " in err and "opacity ca=0.6 on page 1" in err, err


@pytest.mark.cached
def test_a_perfect_bound_booklet_gets_its_cover_apart(mini_project: Path):
    """Perfect binding: the book block opens with a title page and has an even page count; the
    outside of the cover is one sheet, back, spine and front, as wide as the spine needs."""
    from ecrprint.preflight import preflight

    from .helpers import decode_qr_codes

    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text()
    assert "binding: saddle-stitch" in text
    # The small congress is thinner than perfect binding usually takes; this print shop binds it.
    congress.write_text(text.replace("binding: saddle-stitch", "binding: perfect\n  perfect_min_pages: 4"))
    report = build(mini_project, jobs=2)
    assert report.warnings == []
    out = report.out_dir
    block = page_texts(out / "booklet.pdf")
    assert len(block) % 2 == 0 and not (out / "booklet-imposed.pdf").exists()
    assert "TCI 2025" in block[0] and "PROGRAMME" in block[0].replace(" ", "")
    assert "The full programme online" not in block[-1]
    spine = math.ceil(len(block) / 2 * 0.1 * 2) / 2  # 0.1 mm per leaf, to the half millimetre up
    (cover,) = page_texts(out / "booklet-cover.pdf")
    assert boxes_mm(out / "booklet-cover.pdf")[0]["TrimBox"] == (0.0, 0.0, 296 + spine, 210.0)
    assert "The full programme online" in cover and "PROGRAMME" in cover.replace(" ", "")
    assert decode_qr_codes(out / "booklet-cover.pdf", 0) == ["https://tci-imaging.eu/2025"]
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(e for e in manifest["products"] if e["kind"] == "booklet-cover")
    assert entry["spine_mm"] == spine and entry["book_pages"] == len(block)
    assert all(f.ok for f in preflight(out, jobs=1).files)
    ticket = " ".join(page_texts(out / "print" / "job-ticket.pdf"))
    assert "booklet-cover.pdf" in ticket and f"spine {spine:g} mm, for {len(block)} pages" in ticket
    # A spine wide enough carries the title, running down it.
    congress.write_text(congress.read_text().replace("binding: perfect", "binding: perfect\n  spine_mm: 14"))
    build(mini_project, jobs=2)
    assert boxes_mm(out / "booklet-cover.pdf")[0]["TrimBox"] == (0.0, 0.0, 310.0, 210.0)
    (cover,) = page_texts(out / "booklet-cover.pdf")
    assert "TCI 2025 · " in cover


@pytest.mark.logs
@pytest.mark.cached
def test_switching_the_binding_removes_the_other_bindings_files(mini_project: Path):
    """`--only booklet` after a change of binding: the saddle-stitch spreads go, the perfect
    binding's cover comes, and the other products' files stay as they were."""
    first = build(mini_project, jobs=2)
    out = first.out_dir
    signs = sorted(p for p in out.rglob("*.pdf") if "booklet" not in p.name and p.parent.name != "print")
    assert signs and (out / "booklet-imposed.pdf").is_file()
    before = {p: p.read_bytes() for p in signs}
    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("binding: saddle-stitch", "binding: perfect"))
    report = build(mini_project, only="booklet", jobs=2)
    assert not (out / "booklet-imposed.pdf").exists() and not (out / "print" / "booklet-imposed.pdf").exists()
    assert (out / "booklet-cover.pdf").is_file() and (out / "print" / "booklet-cover.pdf").is_file()
    listed = {e["path"] for e in report.manifest["products"]}
    assert "booklet-imposed.pdf" not in listed and "booklet-cover.pdf" in listed
    assert {str(p.relative_to(out)) for p in signs} <= listed
    assert {p: p.read_bytes() for p in signs} == before


def test_two_products_for_one_file_stop_the_build_by_name():
    """The second would have replaced the first in silence (and the manifest listed the file
    twice): a safety net behind the check on ids shaped like a split sign's part number."""
    from ecrprint.build import _refuse_one_path_twice
    from ecrprint.context import OutputFile
    from ecrprint.errors import BuildError

    def sign(room: str) -> OutputFile:
        return OutputFile(
            "signs/2025-03-05/door-lab0-1of2.pdf", "door-sign", b"%PDF", 1, (297, 210), 3.0, {"room": room}
        )

    with pytest.raises(BuildError) as info:
        _refuse_one_path_twice([sign("Lab 0"), sign("Lab 0 Annex")])
    assert str(info.value) == (
        "signs/2025-03-05/door-lab0-1of2.pdf would be written twice, for a door-sign (Lab 0) and a door-sign (Lab 0 Annex)"
    )


def test_internal_links_lead_to_their_anchors_whatever_the_anchor_is_called(tmp_path: Path):
    """Links are named destinations: a name with spaces, parentheses, '#' or letters beyond
    ASCII is written escaped in the link and in the catalogue alike, and a viewer follows it."""
    from ecrprint.assemble import _add_links

    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(420, 595))
    anchors = {"s-rc-1203": (2, 40.0, 500.0), "E³ 1A (x)#y": (1, 40.0, 300.0)}
    links = [(0, "s-rc-1203", (10, 10, 100, 30)), (0, "E³ 1A (x)#y", (10, 40, 100, 60)), (0, "gone", (0, 0, 9, 9))]
    _add_links(pdf, links, anchors, {0: 595.0})
    path = tmp_path / "links.pdf"
    pdf.save(path)
    found = sorted((target, xy) for _page, _box, target, xy in internal_links(path))
    assert found == [(1, (40.0, 300.0)), (2, (40.0, 500.0))]  # a link to no anchor is left out


def test_print_files_have_no_links_and_the_booklet_has_a_copy_for_the_screen_that_does(mini_build: Path):
    """PDF/X-4 (ISO 15930-7) allows no annotations on the printed area: the booklet's links
    were left in its print file. They are now in a copy for reading on screen, cut to the
    trim, which claims no PDF/X and stays out of the print package."""
    import pypdfium2 as pdfium

    from ecrprint.finish import annotations_on_print_area

    for path in ["booklet.pdf", "booklet-imposed.pdf"] + [
        str(p.relative_to(mini_build)) for p in (mini_build / "print").glob("*.pdf")
    ]:
        with pikepdf.open(mini_build / path) as pdf:
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4", path
            assert not [n for n, page in enumerate(pdf.pages, 1) if annotations_on_print_area(page)], path
    screen, booklet = mini_build / "booklet-screen.pdf", mini_build / "booklet.pdf"
    with pikepdf.open(screen) as pdf:
        assert "/GTS_PDFXVersion" not in pdf.docinfo and "/OutputIntents" not in pdf.Root
        assert len(pdf.open_outline().root) > 3
    links = internal_links(screen)
    assert len(links) > 30 and internal_links(booklet) == []
    # The same text, no-break spaces read as plain ones in the copy for the screen.
    assert page_texts(screen) == [page.replace("\u00a0", " ") for page in page_texts(booklet)]
    document = pdfium.PdfDocument(str(screen))
    try:
        assert {tuple(round(v / MM, 1) for v in document[i].get_size()) for i in range(len(document))} == {
            (148.0, 210.0)
        }
    finally:
        document.close()
    manifest = json.loads((mini_build / "manifest.json").read_text())
    entry = next(e for e in manifest["products"] if e["path"] == "booklet-screen.pdf")
    assert entry["kind"] == "booklet-screen" and entry["pdf_variant"] is None
    package = json.loads((mini_build / "print" / "manifest.json").read_text())
    assert [f["path"] for f in package["products"] if "booklet" in f["path"]] == ["booklet.pdf", "booklet-imposed.pdf"]


def linked_texts(path: Path, pages: range) -> list[tuple[int, str, int]]:
    """(page, the text a link lies over, the page it leads to) for every internal link on
    ``pages`` (0-based), read as a viewer reads them; the text as it reads, without spaces."""
    import pypdfium2 as pdfium

    from .helpers import clean

    document = pdfium.PdfDocument(str(path))
    try:
        out = []
        for page, (x1, y1, x2, y2), target, _xy in internal_links(path):
            if page in pages:
                # Inset a little, so that a neighbour's glyph touching the edge is not read.
                text = document[page].get_textpage().get_text_bounded(x1 + 0.5, y1 + 2, x2 - 0.5, y2 - 2)
                out.append((page, "".join(clean(text).split()), target))
        return out
    finally:
        document.close()


def test_the_speaker_index_links_each_reference_to_its_session_in_the_copy_for_the_screen(sample_build: Path):
    """Each entry's references are one run of generated text, so no box of their own carries a
    link: the worker that renders the index finds where each reference was set on its lines.
    Every reference ("RC 1203 · 12"), on lines of one reference or several, in both columns and
    on every page, leads to the page it names, where that session's code is printed, and covers
    that reference and nothing of its neighbours; the print file has none."""
    from .helpers import outline_titles

    screen = sample_build / "booklet-screen.pdf"
    titles = outline_titles(screen)
    first = next(page for _depth, title, page in titles if title == "Speaker index")
    last = min(page for _depth, _title, page in titles if page > first) - 1
    index = range(first, last + 1)
    texts = page_texts(screen)
    links = linked_texts(screen, index)
    assert len(links) == sum(t.count("·") for t in texts[first : last + 1]) > 500
    for page, text, target in links:
        code, number = text.split("·")
        assert number == str(target + 1), (page, text)
        assert code in "".join(texts[target].split()), (page, text, target)
        assert "," not in text, (page, text)
    assert internal_links(sample_build / "booklet.pdf") == []


def test_a_link_is_one_annotation_however_many_boxes_it_spans(mini_build: Path):
    """WeasyPrint gives every box inside a link its own rectangle (a contents entry's label,
    abbreviation and page number; a grid cell's code, time and title): a reader tabbing through
    the links stopped five or six times on each. A link within another to the same page is left out."""
    links = internal_links(mini_build / "booklet-screen.pdf")
    by_page: dict[tuple[int, int], list[tuple[float, ...]]] = {}
    for page, box, target, _xy in links:
        by_page.setdefault((page, target), []).append(box)

    def within(a, b):
        return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]

    nested = [
        (page, a, b)
        for (page, _target), boxes in by_page.items()
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i != j and within(a, b)
    ]
    assert nested == [] and len(links) > 30


def test_every_qr_code_of_the_copy_for_the_screen_opens_its_address_when_tapped(mini_build: Path):
    """On a phone, the screen copy's QR codes cannot be scanned: each is a link to the address it
    carries, over the code itself. The print file has no links."""
    import pypdfium2 as pdfium
    import zxingcpp

    dpi = 100
    screen = mini_build / "booklet-screen.pdf"
    checked = 0
    with pikepdf.open(screen) as pdf:
        document = pdfium.PdfDocument(str(screen))
        try:
            for number, page in enumerate(pdf.pages):
                x0, _y0, _x1, y1 = (float(v) for v in page.mediabox)
                links = [
                    (bytes(a.A.URI).decode(), [float(v) for v in a.Rect])
                    for a in page.obj.get("/Annots", [])
                    if "/A" in a and a.A.get("/S") == "/URI"
                ]
                image = document[number].render(scale=dpi / 72, grayscale=True).to_pil()
                codes = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
                assert len(links) == len(codes), (number, links, [c.text for c in codes])
                for code in codes:
                    p = code.position
                    cx = (p.top_left.x + p.bottom_right.x) / 2 / dpi * 72 + x0
                    cy = y1 - (p.top_left.y + p.bottom_right.y) / 2 / dpi * 72
                    over = [url for url, (a, b, c, d) in links if a <= cx <= c and b <= cy <= d]
                    assert over == [code.text], (number, code.text, links)
                    checked += 1
        finally:
            document.close()
    assert checked > 10
    with pikepdf.open(mini_build / "booklet.pdf") as pdf:
        assert not any("/Annots" in page.obj for page in pdf.pages)


def test_the_copy_for_the_screen_reads_no_break_hyphens_and_spaces_as_plain_ones(mini_build: Path):
    """Names and addresses print with no-break hyphens and spaces, so that a line never breaks
    inside them; read from the screen copy, "tci‑imaging.eu" was not found by a search and a
    copied address did not work. The print file keeps them, and both draw the same glyphs."""

    def read_as(path: Path) -> set[bytes]:
        """What the fonts' glyphs read as, of the two no-break characters (PDFium's text shows
        a no-break hyphen as a plain one, so the maps are read)."""
        with pikepdf.open(path) as pdf:
            maps = b"".join(
                o.ToUnicode.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o
            )
        return set(re.findall(rb"<[0-9a-fA-F]{4}>\s*<(2011|00[aA]0)>", maps))

    assert read_as(mini_build / "booklet.pdf") == {b"2011", b"00a0"}
    assert read_as(mini_build / "booklet-screen.pdf") == set()
    printed = "\n".join(page_texts(mini_build / "booklet.pdf"))
    screen = "\n".join(page_texts(mini_build / "booklet-screen.pdf"))
    assert "\u00a0" in printed and "\u00a0" not in screen
    assert screen == printed.replace("\u00a0", " ")


def test_crop_marks_print_in_black_outside_the_bleed(mini_project: Path):
    """`crop_marks: true` once had WeasyPrint draw its marks: in RGB (a failed preflight),
    inside the bleed, under the backgrounds that run into it, and in a transparency group, so
    that a PDF/X-1a build failed on "transparency group". The marks are now 100 % black, 0.25 pt,
    from 3 mm to 8 mm past the trim, outside the bleed, on a media box grown to hold them; the
    job ticket says so."""
    import pypdfium2 as pdfium

    from ecrprint.preflight import preflight

    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text()
    assert "  binding: saddle-stitch" in text
    dpi = 400
    for variant in ("pdf/x-4", "pdf/x-1a"):
        congress.write_text(
            text.replace(
                "  binding: saddle-stitch", f"  binding: saddle-stitch\n  crop_marks: true\n  pdf_variant: {variant}"
            )
        )
        out = build(mini_project, only="door-sign", jobs=2).out_dir
        assert all(f.ok for f in preflight(out, jobs=1).files), variant
        door = next(out.glob("signs/*/door-*.pdf"))
        assert rgb_operators(door) == []
        (boxes,) = boxes_mm(door)
        w, h = boxes["TrimBox"][2:]
        assert boxes["TrimBox"] == (0.0, 0.0, w, h)
        assert boxes["BleedBox"] == (-3.0, -3.0, w + 3, h + 3)
        assert boxes["MediaBox"] == (-8.0, -8.0, w + 8, h + 8)
        # Each corner's two marks, along the trim's edges: dark from 3 to 8 mm past the trim,
        # and the slug beside them blank.
        pdf = pdfium.PdfDocument(str(door))
        try:
            image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            pdf.close()

        def darkest(x_mm: float, y_mm: float, image=image, top_mm=h + 8) -> int:
            """The darkest gray near a point, in mm from the trim's bottom-left corner."""
            x, y = round((x_mm + 8) * dpi / 25.4), round((top_mm - y_mm) * dpi / 25.4)
            return min(image.getpixel((i, j)) for i in range(x - 2, x + 3) for j in range(y - 2, y + 3))

        for cx, cy, sx, sy in ((0, 0, -1, -1), (w, 0, 1, -1), (0, h, -1, 1), (w, h, 1, 1)):
            for along in (3.5, 5.5, 7.5):
                assert darkest(cx + sx * along, cy) < 128, (variant, cx, cy, along)
                assert darkest(cx, cy + sy * along) < 128, (variant, cx, cy, along)
            assert darkest(cx + sx * 5.5, cy + sy * 1.5) > 200  # off the lines: the slug is blank
    ticket = " ".join(page_texts(out / "print" / "job-ticket.pdf"))
    assert "crop marks in 100 % black outside the bleed" in ticket and "no printer marks" not in ticket


def _latin1_name(folder: Path, name: bytes) -> Path:
    """A path whose last name is Latin-1 bytes, as a folder from an old system or a ZIP made on
    Windows has it (where the file system allows such names)."""
    import os

    path = folder / os.fsdecode(name)
    try:
        path.mkdir()
        path.rmdir()
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    return path


def test_a_content_file_and_an_output_folder_named_in_latin_1_build(mini_project: Path, tmp_path: Path):
    """content/zeitplan-ä.yaml, layouts/notiz-ä.txt and an output folder "Aufträge", named in
    Latin-1, each stopped the build with a UnicodeEncodeError traceback (surrogates not allowed),
    and printing the output's path did too; preflight failed every file there."""
    (mini_project / "content" / "timetable.yaml").rename(_latin1_name(mini_project / "content", b"zeitplan-\xe4.yaml"))
    (mini_project / "layouts").mkdir(exist_ok=True)
    _latin1_name(mini_project / "layouts", b"notiz-\xe4.txt").write_text("not a layout file")
    out = _latin1_name(tmp_path, b"Auftr\xe4ge")
    args = ["build", str(mini_project), "--out", str(out), "--only", "sponsor-board", "--jobs", "1"]
    utf8 = {"PYTHONIOENCODING": "utf-8"}  # a UTF-8 terminal's; in the C locale Python writes a name's bytes as they are
    assert "into " + str(out).encode("utf-8", "backslashreplace").decode() in ecrprint_ok(*args, **utf8).stdout
    assert len(list((out / "signs").glob("sponsor-board-*.pdf"))) >= 2
    assert ecrprint_ok(*args, **utf8).stdout.startswith("Up to date")
    # The print shop's preflight there: every check that reads a PDF failed (pikepdf took no such name).
    assert ", 0 failed." in ecrprint_ok("preflight", str(out)).stdout


def test_a_project_in_a_folder_named_in_latin_1_is_refused_with_what_to_do(mini_project: Path, tmp_path: Path):
    """WeasyPrint cannot address a file there: the rendering failed with 'UnicodeEncodeError:
    surrogates not allowed'. Checking it works."""
    import subprocess
    import sys

    project = mini_project.rename(_latin1_name(tmp_path, b"Kongre\xdf"))
    ecrprint_ok("check", str(project))
    done = subprocess.run(
        [sys.executable, "-m", "ecrprint", "build", str(project), "--only", "sponsor-board", "--jobs", "1"],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"ecrprint: error: '{tmp_path}/Kongre\\udcdf': the project's path is not UTF-8 text (a folder named on "
        "another system), and WeasyPrint cannot address files there: rename that folder\n"
    )
    assert not (project / "output").exists()


def test_a_sign_goes_to_the_printer_from_an_output_folder_named_in_latin_1(mini_project: Path, tmp_path: Path):
    """`ecrprint sign --print` there: pikepdf, cutting the copy to its trim, took no such name."""
    import os

    out = _latin1_name(tmp_path, b"Schilder-\xfc")
    spool = tmp_path / "cups"
    spool.mkdir()
    (spool / "lp").write_text(
        f'#!/bin/sh\nfor last; do :; done\ncp "$last" "{spool}/printed.pdf"\necho "request id is p-1"\n'
    )
    (spool / "lp").chmod(0o755)
    args = ["sign", str(mini_project), "--room", "Room B", "--date", "2025-03-05", "--out", str(out), "--print"]
    done = ecrprint_ok(*args, PATH=f"{spool}{os.pathsep}{os.environ['PATH']}", PYTHONIOENCODING="utf-8")
    assert done.stdout.splitlines()[-1] == "request id is p-1"
    assert boxes_mm(spool / "printed.pdf")[0]["MediaBox"] == (0.0, 0.0, 297.0, 210.0)


def _named_in_content(obj) -> set[str]:
    """Every name a content stream's operators take (read by pikepdf's parser)."""
    names: set[str] = set()
    stack = [operand for op in pikepdf.parse_content_stream(obj) for operand in op.operands]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Name):
            names.add(str(item))
        elif isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary):
            stack.extend([pikepdf.Name(k) for k in item.keys()] + list(item.values()))
    return names


def _unused_resources(pdf: pikepdf.Pdf) -> list[str]:
    """The resources a page or a form lists but its content never names."""
    unused = []
    for number, page in enumerate(pdf.pages, 1):
        holders = [(f"page {number}", page.obj, page.obj.get("/Resources"))]
        while holders:
            where, content, resources = holders.pop()
            named = _named_in_content(pikepdf.Page(content) if content.get("/Type") == "/Page" else content)
            for category, group in (resources or {}).items():
                if category == "/ProcSet":
                    continue
                for name, value in group.items():
                    if name not in named:
                        unused.append(f"{where}: {category} {name}")
                    elif category == "/XObject" and value.get("/Subtype") == "/Form" and "/Resources" in value:
                        holders.append((f"{where} {name}", value, value.Resources))
    return unused


def test_print_files_list_only_the_resources_their_pages_draw_with(mini_build: Path):
    """WeasyPrint lists two Lab colour spaces on every page, drawn with or not, and gives all
    the pages of a document one resource dictionary: a PDF/X-1a preflight refuses the Lab
    spaces ("device-independent colour"), and a strict one reports every unused font and
    graphics state. Each page and form of a print file now lists only what it names."""
    from ecrprint.pdfcolour import device_independent_spaces

    door = next(mini_build.glob("signs/*/door-*.pdf"))
    for path in (
        mini_build / "booklet.pdf",
        mini_build / "booklet-imposed.pdf",
        door,
        mini_build / "signs" / "sponsor-board-us.pdf",
    ):
        with pikepdf.open(path) as pdf:
            assert device_independent_spaces(pdf) == {}, path
            assert _unused_resources(pdf) == [], path


def test_dropping_unused_resources_changes_no_pixel(tmp_path: Path):
    """The pages look exactly as before, with text, images, opacity, a gradient and a link."""
    import base64
    import io

    import pypdfium2 as pdfium
    import weasyprint
    from PIL import Image

    from ecrprint.pdfcolour import device_independent_spaces
    from ecrprint.pdfresources import drop_unused_resources

    png = io.BytesIO()
    Image.new("CMYK", (40, 20), (0, 200, 100, 0)).convert("RGB").save(png, "PNG")
    image = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    html = f"""<style>@page {{ size: A6 }} p {{ font: 11pt sans-serif }}</style>
        <p>Plain text</p><p style="opacity: .5">Half there</p><img src="{image}" style="width: 30mm">
        <p style="break-before: page; background: linear-gradient(white, orange)">Gradient</p>
        <p style="break-before: page"><a href="#x" id="x" style="color: device-cmyk(1 0 0 0)">A link</a></p>"""
    data = weasyprint.HTML(string=html).write_pdf()

    def rendered(pdf_bytes: bytes) -> list[bytes]:
        doc = pdfium.PdfDocument(pdf_bytes)
        try:
            return [doc[i].render(scale=2).to_pil().tobytes() for i in range(len(doc))]
        finally:
            doc.close()

    pdf = pikepdf.open(io.BytesIO(data))
    assert "Lab" in device_independent_spaces(pdf)
    drop_unused_resources(pdf)
    assert device_independent_spaces(pdf) == {} and _unused_resources(pdf) == []
    pruned = io.BytesIO()
    pdf.save(pruned)
    assert rendered(pruned.getvalue()) == rendered(data)


def test_printer_spreads_and_the_cover_have_fold_marks_with_the_crop_marks(mini_project: Path):
    """With `crop_marks: true`, a printer spread is marked where it folds, at its centre, and a
    perfect-bound cover at its spine's two edges: above and below the trim, 3 to 8 mm past it,
    outside the bleed, in 100 % black like the crop marks. Without crop marks, no fold marks."""
    import pypdfium2 as pdfium

    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text()
    assert "  binding: saddle-stitch" in text
    dpi = 400

    def darkness(path: Path, x_mm: float, margin_mm: float, slug_mm: float) -> tuple[list[int], list[int]]:
        """The darkest gray near x_mm (from the trim's left edge) 3.5, 5.5 and 7.5 mm above the
        trim and below it, and 1.5 mm beside each."""
        (boxes,) = boxes_mm(path)[:1]
        h = boxes["TrimBox"][3] - boxes["TrimBox"][1]
        doc = pdfium.PdfDocument(str(path))
        try:
            image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            doc.close()

        def darkest(x: float, y: float) -> int:
            px, py = round((x + slug_mm) * dpi / 25.4), round((h + slug_mm - y) * dpi / 25.4)
            return min(image.getpixel((i, j)) for i in range(px - 2, px + 3) for j in range(py - 2, py + 3))

        ys = [h + d for d in (3.5, 5.5, 7.5)] + [-d for d in (3.5, 5.5, 7.5)]
        return [darkest(x_mm, y) for y in ys], [darkest(x_mm + margin_mm, y) for y in ys]

    congress.write_text(text.replace("  binding: saddle-stitch", "  binding: saddle-stitch\n  crop_marks: true"))
    out = build(mini_project, only="booklet", jobs=2).out_dir
    on, beside = darkness(out / "booklet-imposed.pdf", 148, 1.5, 8)
    assert max(on) < 128 and min(beside) > 200, (on, beside)
    on, _ = darkness(out / "booklet.pdf", 74, 1.5, 8)  # a single page does not fold
    assert min(on) > 200, on

    congress.write_text(
        text.replace(
            "  binding: saddle-stitch", "  binding: perfect\n  perfect_min_pages: 4\n  crop_marks: true\n  spine_mm: 10"
        )
    )
    out = build(mini_project, only="booklet", jobs=2).out_dir
    for x in (148, 158):
        on, beside = darkness(out / "booklet-cover.pdf", x, 1.5, 8)
        assert max(on) < 128 and min(beside) > 200, (x, on, beside)

    congress.write_text(text)
    out = build(mini_project, only="booklet", jobs=2).out_dir
    (boxes,) = boxes_mm(out / "booklet-imposed.pdf")[:1]
    assert boxes["MediaBox"] == boxes["BleedBox"]  # no slug, no marks
