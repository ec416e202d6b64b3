"""The part and file caches stay within their budget, least recently used first; parts not in
the cache go to the workers as soon as they are known."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path

import pytest

from ecrprint.pdfrender import RenderJob, RenderResult
from ecrprint.renderer import FileCache, PartCache, Renderer, prune

from .helpers import ecrprint_ok, page_texts


def test_pruning_removes_the_least_recently_used_entries_first(tmp_path: Path):
    cache = tmp_path / ".ecrprint-cache"
    parts, files = PartCache(cache), FileCache(cache)
    for i in range(5):
        parts.put(f"p{i}", RenderResult(key=f"p{i}", pdf=b"%" * 100_000, pages=1))
    for i in range(2):
        files.put(f"f{i}", b"%" * 100_000)
    # Last used in this order: p0 … p4, then f0, f1.
    for when, name in enumerate(["p0", "p1", "p2", "p3", "p4"]):
        for suffix in ("json", "pdf"):
            os.utime(cache / "parts" / f"{name}.{suffix}", ns=(10**18 + when, 10**18 + when))
    for when, name in enumerate(["f0", "f1"], start=5):
        os.utime(cache / "files" / f"{name}.pdf", ns=(10**18 + when, 10**18 + when))
    (cache / "last-build.json").write_text("{}")
    assert parts.get("p0") is not None  # used now: the most recent of all

    freed = prune(cache, budget=350_000)

    assert [parts.get(f"p{i}") is not None for i in range(5)] == [True, False, False, False, False]
    assert files.get("f0") is not None and files.get("f1") is not None
    assert 400_000 <= freed < 410_000
    assert (cache / "last-build.json").is_file()  # not a cache entry: left alone
    assert prune(cache, budget=350_000) == 0
    assert prune(None) == 0


def test_qr_codes_are_kept_by_url_and_not_made_again_after_an_edit(mini_project: Path, monkeypatch):
    from ecrprint import qr
    from ecrprint.build import build

    from .helpers import decode_qr_codes, page_texts

    first = build(mini_project, only="booklet", jobs=2)
    urls = {url for entry in first.manifest["products"] for page in entry["qr_codes"] for url in page}
    stored = list((mini_project / ".ecrprint-cache" / "qr").glob("*.json"))
    assert len(urls) > 5 and len(stored) == len(urls)

    def refuse(url, level):
        raise AssertionError(f"QR code made again for {url}")

    monkeypatch.setattr(qr, "runs", refuse)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: The future of imaging", "title: The future, edited"))
    second = build(mini_project, only="booklet", jobs=2)

    assert second.rendered > 0 and not second.up_to_date
    booklet = second.out_dir / "booklet.pdf"
    page = next(i for i, text in enumerate(page_texts(booklet)) if "The future, edited" in text)
    entry = next(e for e in second.manifest["products"] if e["kind"] == "booklet")
    on_page = entry["qr_codes"][page]
    assert on_page and sorted(decode_qr_codes(booklet, page)) == sorted(on_page)


def test_a_changed_stylesheet_renders_again_only_the_parts_that_use_it(mini_project: Path, monkeypatch):
    """A part's key covers the layout files it uses, not every layout file: restyling the
    door signs leaves the booklet's parts (and the booklet) as they were."""
    from ecrprint import renderer
    from ecrprint.build import build
    from ecrprint.paths import default_data_dir

    build(mini_project, jobs=1)
    booklet = (mini_project / "output" / "booklet.pdf").read_bytes()
    rendered: list[str] = []
    real_render = renderer.render

    def recording(job):
        rendered.append(job.key)
        return real_render(job)

    monkeypatch.setattr(renderer, "render", recording)
    override = mini_project / "layouts" / "door-sign" / "door-sign.css"
    override.parent.mkdir(parents=True)
    bundled = (default_data_dir() / "layouts" / "door-sign" / "door-sign.css").read_text()
    override.write_text(bundled + "\n.sheet { letter-spacing: 0.01em; }\n")

    report = build(mini_project, jobs=1)

    assert rendered and report.reused > len(rendered)
    assert all(key.startswith("door") or key == "job-ticket-sums" for key in rendered), rendered
    assert any(key.startswith("door") for key in rendered)
    assert (mini_project / "output" / "booklet.pdf").read_bytes() == booklet


def test_what_a_part_uses_is_read_from_its_addresses(tmp_path: Path):
    from ecrprint.renderer import uses_digest

    used, other, loader = tmp_path / "used.css", tmp_path / "other.css", tmp_path / "loader.css"
    used.write_text("p { color: black; }")
    other.write_text("p { color: red; }")
    loader.write_text('@font-face { src: url("font.otf"); }')
    page = f'<link rel="stylesheet" href="{used.as_uri()}"><a href="https://example.org">x</a><a href="#top">y</a>'

    before = uses_digest(page, "ALL")
    other.write_text("p { color: blue; }")
    assert uses_digest(page, "ALL") == before  # a file the part does not use
    used.write_text("p { color: navy; }")
    assert uses_digest(page, "ALL") != before
    # Anything it could read that is not named here makes it depend on every layout file.
    assert uses_digest('<img src="logo.png">', "ALL") == "ALL"
    assert uses_digest(f'<link rel="stylesheet" href="{loader.as_uri()}">', "ALL") == "ALL"


def test_a_changed_logo_builds_again(mini_project: Path):
    """No YAML changed, but the logo did: the build is not 'up to date', and the booklet and
    sponsor board carry the new logo."""
    from PIL import Image

    from ecrprint.build import build

    logo = mini_project / "content" / "logos" / "acme.png"
    first = build(mini_project, only="sponsor-board", jobs=1)
    assert not first.up_to_date
    assert build(mini_project, only="sponsor-board", jobs=1).up_to_date
    board = first.out_dir / "signs" / "sponsor-board-us.pdf"  # Acme supports ultrasound
    other = first.out_dir / "signs" / "sponsor-board-ai.pdf"
    before, other_before = board.read_bytes(), other.read_bytes()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
    again = build(mini_project, only="sponsor-board", jobs=1)
    assert not again.up_to_date
    assert board.read_bytes() != before
    assert other.read_bytes() == other_before  # a board without the logo stays as it was


class HeldExecutor(Executor):
    """Workers that take each job when it is handed over but finish none until ``release``:
    what the renderer hands over while it still writes HTML can be seen in ``log``."""

    def __init__(self, log: list[str]):
        self.log = log
        self.held: list[tuple[Future, Callable, tuple]] = []
        self.released = False

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.log.append(f"handed over {args[-1].key}")  # (after the check its worker makes)
        future: Future = Future()
        self.held.append((future, fn, args))
        if self.released:
            self.release()
        return future

    def release(self) -> None:
        self.released = True
        for future, fn, args in self.held:
            if not future.done():
                future.set_result(fn(*args))


def test_a_part_not_in_the_cache_renders_while_the_next_parts_html_is_written(tmp_path: Path):
    """An edited part goes to an idle worker at once; the rest, once all HTML is written,
    longest first. Each job is handed over once, and every result comes back."""
    log: list[str] = []
    executor = HeldExecutor(log)
    renderer = Renderer(None, jobs=2, executor_factory=lambda _n: executor, pooled=True)
    sizes = {"a": 1, "b": 2, "c": 3, "d": 9, "e": 5}

    def jobs():
        for key, size in sizes.items():
            log.append(f"wrote {key}")
            yield RenderJob(key, "<p>" + "x" * size + "</p>", (str(tmp_path),))
        executor.release()  # the workers finish their first jobs only now

    results = renderer.run(jobs())
    assert log == [
        "wrote a",
        "handed over a",  # two workers idle: the first two parts go at once
        "wrote b",
        "handed over b",
        "wrote c",  # both workers busy: the rest wait for all HTML, then go longest first
        "wrote d",
        "wrote e",
        "handed over d",
        "handed over e",
        "handed over c",
    ]
    assert sorted(results) == list(sizes) and all(r.pages == 1 for r in results.values())
    assert renderer.rendered == 5


@pytest.mark.cached
def test_a_damaged_cache_entry_is_made_again_and_never_reaches_an_output(mini_project: Path):
    """Cache entries are written without waiting for the disk: a power cut can leave them cut
    short or full of zeros, and a disk can flip a byte. Every entry of every kind damaged in
    each of these ways, the next build makes them again and writes the same files as before.
    Each build is a new process, as on an organiser's machine: nothing is kept in memory."""

    def build() -> str:
        return ecrprint_ok("build", str(mini_project), "--jobs", "2").stdout

    def printed() -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}

    def entries() -> list[Path]:
        return [p for kind in kinds for p in sorted((cache / kind).glob("*")) if not p.name.startswith(".")]

    build()
    out, cache = mini_project / "output", mini_project / ".ecrprint-cache"
    before = printed()
    kinds = ("parts", "files", "qr", "fonts", "content", "logos")
    assert {p.parent.name for p in entries()} == set(kinds) and len(before) > 20

    def cut_short(data: bytes) -> bytes:
        return data[: len(data) // 2]

    def zeros(data: bytes) -> bytes:
        return bytes(len(data))

    def one_byte_flipped(data: bytes) -> bytes:
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]

    for damage in (cut_short, zeros, one_byte_flipped):
        for path in entries():
            path.write_bytes(damage(path.read_bytes()))
        shutil.rmtree(out)
        assert " 0 reused" in build(), damage.__name__  # no part was taken from a damaged entry
        assert printed() == before, damage.__name__


def test_a_cache_that_cannot_be_written_never_fails_a_build(mini_project: Path):
    """A file where the cache folder should be, or where the record of the last build goes:
    the build writes its files all the same, and says what it could not keep. Before, it
    stopped, once after writing the files and saying that nothing was written."""

    def build() -> subprocess.CompletedProcess:
        return ecrprint_ok("build", str(mini_project), "--only", "booklet", "--jobs", "2")

    cache, booklet = mini_project / ".ecrprint-cache", mini_project / "output" / "booklet.pdf"
    cache.write_text("a file where the cache folder should be")
    done = build()
    assert f"the cache in {cache} cannot be written" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("cannot be written") == 1, done.stderr  # once, not again by each worker
    assert booklet.is_file()

    cache.unlink()
    (cache / "last-build.json").mkdir(parents=True)
    booklet.unlink()
    assert "cannot be written" in build().stderr and booklet.is_file()
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: ", "title: Edited ", 1))
    assert "0 reused" not in build().stdout  # parts were kept, though the record was not
    assert "Edited" in "".join(page_texts(booklet))


def test_a_logo_is_separated_for_the_paper_of_each_product_it_prints_on(mini_project: Path):
    """The booklet on coated paper, the sponsor boards on uncoated: each gets the logo as CMYK
    for its own printing condition (uncoated paper takes less ink), and a change of one
    product's intent builds that product again."""
    import pikepdf

    from ecrprint.build import build

    def logo_cmyk(pdf_path: Path) -> bytes:
        with pikepdf.open(pdf_path) as pdf:
            found = {
                pikepdf.PdfImage(image).as_pil_image().tobytes()
                for page in pdf.pages
                for image in page.get_images().values()
                if image.ColorSpace == "/DeviceCMYK"
            }
        assert len(found) == 1, pdf_path  # one logo, wherever it is shown
        return found.pop()

    from PIL import Image

    # A rich black beside a red bar (a logo without colour would print in black alone).
    acme = Image.new("RGB", (120, 40), (10, 10, 10))
    acme.paste((200, 30, 30), (0, 30, 120, 40))
    acme.save(mini_project / "content" / "logos" / "acme.png")
    first = build(mini_project, only="booklet,sponsor-board", jobs=2)
    board = first.out_dir / "signs" / "sponsor-board-us.pdf"  # Acme supports ultrasound
    booklet = first.out_dir / "booklet.pdf"
    assert logo_cmyk(board) == logo_cmyk(booklet)
    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(
        congress.read_text().replace("print:\n", "print:\n  products:\n    sponsor-board: {output_intent: uncoated}\n")
    )
    booklet_before = booklet.read_bytes()
    again = build(mini_project, only="booklet,sponsor-board", jobs=2)
    assert not again.up_to_date
    assert booklet.read_bytes() == booklet_before
    coated, uncoated = logo_cmyk(booklet), logo_cmyk(board)
    assert len(coated) == len(uncoated) and coated != uncoated

    def most_ink(pixels: bytes) -> float:  # the largest sum of C, M, Y and K, in per cent
        return max(sum(pixels[i : i + 4]) for i in range(0, len(pixels), 4)) / 2.55

    # FOGRA29's 300 % total ink for uncoated paper; coated paper takes about 330 %.
    assert most_ink(uncoated) <= 302 < 320 <= most_ink(coated)
    with pikepdf.open(board) as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA29"


def test_a_parts_html_is_written_again_only_when_what_it_is_made_from_changed(mini_project: Path, monkeypatch):
    """A rebuild takes a booklet part's HTML from the cache when everything its templates are
    given is as before; an edited title writes only the parts that print it, and a changed
    template, a changed setting or a moved project writes them all, as the bytes then need."""
    from ecrprint import booklet_pdf
    from ecrprint.build import build
    from ecrprint.paths import default_data_dir

    # The project has a template of its own from the start: only its text changes below.
    own = mini_project / "layouts" / "booklet"
    own.mkdir(parents=True)
    notes = (default_data_dir() / "layouts" / "booklet" / "notes.html.j2").read_text()
    assert ">{{ words.notes }}<" in notes
    (own / "notes.html.j2").write_text(notes)
    build(mini_project, only="booklet", jobs=1)
    written: list[str] = []
    real_part_html = booklet_pdf.part_html

    def recording(ctx, plan, part, mode, pages):
        written.append(part.key)
        return real_part_html(ctx, plan, part, mode, pages)

    monkeypatch.setattr(booklet_pdf, "part_html", recording)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("The future of imaging", "The future of imaging, edited"))
    edited = build(mini_project, only="booklet", jobs=1)
    parts = edited.rendered + edited.reused
    assert written and len(written) < parts / 2, written
    assert all(key.startswith(("programme", "glance", "speakers")) for key in written), written
    assert any("The future of imaging, edited" in t for t in page_texts(edited.out_dir / "booklet.pdf"))

    # A changed template: every part is written anew, with it.
    written.clear()
    (own / "notes.html.j2").write_text(notes.replace(">{{ words.notes }}<", ">Notizen<"))
    changed = build(mini_project, only="booklet", jobs=1)
    assert len(written) > parts / 2
    assert any("Notizen" in t for t in page_texts(changed.out_dir / "booklet.pdf"))

    # A setting the head of every part prints from.
    written.clear()
    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text()
    assert "print:\n" in text
    congress.write_text(text.replace("print:\n", "print:\n  bleed_mm: 4\n", 1))
    build(mini_project, only="booklet", jobs=1)
    assert len(written) > parts / 2

    # Crop marks are drawn as the file is finished: no part is written again for them.
    written.clear()
    congress.write_text(congress.read_text().replace("print:\n", "print:\n  crop_marks: true\n", 1))
    build(mini_project, only="booklet", jobs=1)
    assert written == []

    # The same project in another folder, with its cache: the HTML is kept with the project's
    # place as a name, so nothing is written again, and the booklet has the same bytes.
    written.clear()
    moved = mini_project.parent / "moved"
    shutil.copytree(mini_project, moved)
    report = build(moved, only="booklet", jobs=1)
    assert written == [] and report.rendered == 0
    assert (moved / "output" / "booklet.pdf").read_bytes() == (mini_project / "output" / "booklet.pdf").read_bytes()


def test_a_file_saved_while_a_build_starts_is_never_taken_for_up_to_date_later(mini_project: Path, monkeypatch):
    """A title edited and built, and saved once more (a second edit) between the build's check
    and its reading of the content: the build prints the second edit. Undone, the file is as
    the build checked it; before, the next build found it so and said "up to date", and the
    booklet kept the edit that was undone."""
    from ecrprint import build as building

    timetable = mini_project / "content" / "timetable.yaml"
    original = timetable.read_text()

    def titled(title: str) -> str:
        return original.replace("title: The future", f"title: {title}, the future", 1)

    building.build(mini_project, jobs=1)
    timetable.write_text(titled("Edited"))
    load = building.load_project

    def saved_meanwhile(*args, **kwargs):
        timetable.write_text(titled("Saved meanwhile"))
        return load(*args, **kwargs)

    monkeypatch.setattr(building, "load_project", saved_meanwhile)
    report = building.build(mini_project, jobs=1)
    monkeypatch.undo()
    assert any("Saved meanwhile" in text for text in page_texts(report.out_dir / "booklet.pdf"))
    timetable.write_text(titled("Edited"))  # the second edit undone
    report = building.build(mini_project, jobs=1)
    assert not report.up_to_date
    texts = page_texts(report.out_dir / "booklet.pdf")
    assert any("Edited, the future" in text for text in texts)
    assert not any("Saved meanwhile" in text for text in texts)


def test_a_logo_saved_while_a_build_renders_is_never_taken_for_up_to_date_later(
    mini_project: Path, tmp_path: Path, monkeypatch
):
    """A logo saved anew after the build read it, while it renders: the next build prints the
    new logo, as a build without the cache does. Before, the build took the logos' digest as it
    ended, so the next one (or the watch's, after the save) said "up to date" and the old logo
    stayed on the board."""
    from PIL import Image

    from ecrprint import build as building

    logo = mini_project / "content" / "logos" / "acme.png"
    board = Path("signs") / "sponsor-board-us.pdf"  # Acme supports ultrasound
    boards = building.PRODUCTS["sponsor-board"]

    def saved_meanwhile(ctx):
        Image.new("RGB", (120, 40), (200, 30, 30)).save(logo)
        return boards(ctx)

    monkeypatch.setitem(building.PRODUCTS, "sponsor-board", saved_meanwhile)
    first = building.build(mini_project, only="sponsor-board", jobs=1)
    monkeypatch.undo()
    before = (first.out_dir / board).read_bytes()
    again = building.build(mini_project, only="sponsor-board", jobs=1)
    assert not again.up_to_date
    cold = building.build(mini_project, tmp_path / "cold", only="sponsor-board", jobs=1, use_cache=False)
    assert (again.out_dir / board).read_bytes() == (cold.out_dir / board).read_bytes() != before


@pytest.mark.cached
def test_a_whole_cache_entry_of_another_shape_is_made_again(mini_project: Path):
    """An entry whose digest holds but whose JSON is not what ecrprint writes there (a cache
    copied from elsewhere, an entry edited by hand and its digest with it) is made again, as a
    damaged one is. Before, a part's entry gave a traceback, and so did a part's HTML of
    ``null``; a content file's of ``{}`` gave false problems in that file."""
    import hashlib

    def build() -> str:
        return ecrprint_ok("build", str(mini_project), "--jobs", "2").stdout

    def printed() -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}

    build()
    out, cache = mini_project / "output", mini_project / ".ecrprint-cache"
    before = printed()
    for payload in (b"{}", b"[1]", b"null"):
        for kind in ("parts", "html", "content"):
            for path in (cache / kind).glob("*.json"):
                path.write_bytes(payload + hashlib.sha256(payload).digest())
        shutil.rmtree(out)
        assert " 0 reused" in build(), payload
        assert printed() == before, payload


def test_a_package_of_another_version_renders_again_rather_than_reuse_the_cache(mini_project: Path, tmp_path: Path):
    """With pikepdf 9.11 (qpdf 12.2) in place of 10.18 (qpdf 12.4), a rebuild took the sample's
    notice from the cache, with bytes a clean build no longer gives. The versions of the packages
    that shape the bytes are in every key: here pydyf, the same code under another version's name."""
    import pydyf

    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pydyf").symlink_to(Path(pydyf.__file__).parent)
    (shadow / "pydyf-0.0.1.dist-info").mkdir()
    first = ecrprint_ok("build", str(mini_project), "--only", "sponsor-board", "--jobs", "1")
    assert ", 0 reused)" in first.stdout, first.stdout
    same = ecrprint_ok("build", str(mini_project), "--only", "sponsor-board", "--out", str(tmp_path / "same"))
    assert "(0 parts rendered" in same.stdout, same.stdout
    path = os.pathsep.join(filter(None, [str(shadow), os.environ.get("PYTHONPATH")]))
    other = ecrprint_ok(
        "build", str(mini_project), "--only", "sponsor-board", "--out", str(tmp_path / "other"), PYTHONPATH=path
    )
    assert ", 0 reused)" in other.stdout, other.stdout


def test_an_upgraded_system_library_changes_every_cache_key(tmp_path: Path, monkeypatch):
    """Pango breaks the lines and HarfBuzz shapes and subsets the glyphs: an upgraded system
    library gives other bytes, so it must not reuse parts rendered before the upgrade. Each
    library counts by the file its link points to, whose name carries the version, and its size."""
    from ecrprint import renderer

    libraries = tmp_path / "lib"
    libraries.mkdir()
    shipped = libraries / "libharfbuzz.so.0.60000.0"
    shipped.write_bytes(b"x" * 100)
    (libraries / "libharfbuzz.so.0").symlink_to(shipped.name)
    monkeypatch.setattr(
        renderer,
        "linker_cache",
        lambda: (("libharfbuzz-subset.so.0", "/nowhere"), ("libharfbuzz.so.0", str(libraries / "libharfbuzz.so.0"))),
    )
    before = renderer.libraries_identity()
    assert "harfbuzz libharfbuzz.so.0.60000.0 100;" in before
    assert "pango-1.0 unknown" in before and "zlib " in before
    assert renderer.libraries_identity() == before

    shipped.write_bytes(b"x" * 101)  # a patched build of the same version
    patched = renderer.libraries_identity()
    assert patched != before

    upgraded = libraries / "libharfbuzz.so.0.80000.0"
    shipped.rename(upgraded)
    (libraries / "libharfbuzz.so.0").unlink()
    (libraries / "libharfbuzz.so.0").symlink_to(upgraded.name)
    assert "harfbuzz libharfbuzz.so.0.80000.0 101;" in renderer.libraries_identity()


def test_the_system_libraries_that_render_are_found_by_their_versions():
    from ecrprint import renderer

    if renderer.linker_cache() is None:
        pytest.skip("no linker cache to list (not Linux): the libraries count as unknown")
    found = renderer.libraries_identity()
    for name in ("pango-1.0", "harfbuzz", "fontconfig", "freetype"):
        assert f"{name} lib{name}.so." in found, found


@pytest.mark.cached
def test_a_test_marked_cached_builds_the_mini_project_from_the_sessions_cache(mini_project: Path, mini_built):
    """Tests marked ``cached`` start from the cache of the session's build of the mini project
    (conftest's ``copy_with_cache``): built as it is, it renders nothing and gives the same files."""
    from ecrprint.build import build

    report = build(mini_project, jobs=1)
    assert report.rendered == 0 and report.reused == mini_built.report.rendered > 20
    assert not report.up_to_date  # the record of the session build's output folder was not copied
    shared = mini_built.report.out_dir
    assert {p.relative_to(report.out_dir): p.read_bytes() for p in report.out_dir.rglob("*.pdf")} == {
        p.relative_to(shared): p.read_bytes() for p in shared.rglob("*.pdf")
    }
