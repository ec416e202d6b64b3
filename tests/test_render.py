"""Rendering a part the fast way (cached stylesheets, our HTML parser) looks exactly like
rendering its HTML with plain WeasyPrint."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ecrprint import pdfrender
from ecrprint.build import build

from .conftest import copy_project
from .helpers import ecrprint_ok


def rasters(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=40 / 72).to_pil().tobytes() for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def documents(sample_built) -> dict[str, pdfrender.RenderJob]:
    """One job of every kind a full build of the sample renders (the session's build of it)."""
    seen: dict[str, pdfrender.RenderJob] = {}
    for job in sample_built.jobs:
        seen.setdefault(job.key.split("-")[0], job)
    return seen


@pytest.mark.logs
def test_parts_of_every_kind_look_the_same_as_plain_weasyprint(documents):
    from weasyprint import HTML

    assert {
        "cover",
        "programme",
        "speakers",
        "glance",
        "furniture",
        "door",
        "sponsor",
        "directional",
        "notice",
        "job",
    } <= set(documents)
    for kind, job in documents.items():
        fast = pdfrender.render(job)
        fetcher = pdfrender.make_url_fetcher(job.allowed_roots)
        plain = HTML(string=job.html, base_url=job.allowed_roots[0] + "/", url_fetcher=fetcher).write_pdf()
        assert rasters(fast.pdf) == rasters(plain), kind


def test_compiled_templates_are_kept_but_never_outlive_their_source(tmp_path):
    from ecrprint import render
    from ecrprint.paths import Layout

    (tmp_path / "layouts").mkdir()
    template = tmp_path / "layouts" / "probe.html.j2"
    template.write_text("<p>{{ word }} one</p>")
    env = render._new_env(Layout.for_project(tmp_path))
    assert env.bytecode_cache is not None
    assert render.render_template(env, "probe.html.j2", word="<b>") == "<p>&lt;b&gt; one</p>"
    bucket = env.bytecode_cache.get_bucket(env, "probe.html.j2", str(template), template.read_text())
    assert bucket.code is not None  # kept for the next process

    template.write_text("<p>{{ word }} two</p>")
    fresh = render._new_env(Layout.for_project(tmp_path))  # as a new process would
    assert render.render_template(fresh, "probe.html.j2", word="x") == "<p>x two</p>"


def test_a_template_cache_that_cannot_be_written_or_read_never_fails_a_build(tmp_path, monkeypatch):
    import jinja2.bccache

    from ecrprint import render
    from ecrprint.paths import Layout

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "probe.html.j2").write_text("<p>{{ word }}</p>")
    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full)  # writing fails
    monkeypatch.setattr(jinja2.bccache, "open", full, raising=False)  # and so does reading
    env = render._new_env(Layout.for_project(tmp_path))
    assert env.bytecode_cache is not None
    assert render.render_template(env, "probe.html.j2", word="still renders") == "<p>still renders</p>"


def test_a_file_address_in_content_text_is_never_read(mini_project, tmp_path):
    """Text is only text: a file:// address typed in a title names no file the build reads. A
    pipe would make reading it wait for ever, and /dev/zero would fill the memory."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    assert "title: Heart imaging" in text
    timetable.write_text(
        text.replace("title: Heart imaging", f'title: "Heart imaging {fifo.as_uri()} file:///dev/zero"')
    )
    done = ecrprint_ok("build", str(mini_project), "--only", "booklet", "--jobs", "1", timeout=120)
    assert "Built 3 files" in done.stdout  # the booklet, its printer spreads and its copy for the screen


def test_the_cycle_collector_rests_while_a_document_is_laid_out_and_wakes_after_it_even_on_failure(
    tmp_path, monkeypatch
):
    import gc

    from ecrprint.errors import BuildError

    html = "<html><head><style>@page { size: 50mm 50mm }</style></head><body><p>Hello</p></body></html>"
    seen: list[bool] = []
    lay_out = pdfrender._lay_out_and_write

    def watched(job, handler):
        seen.append(gc.isenabled())
        if job.key == "broken":
            raise RuntimeError("layout broke")
        return lay_out(job, handler)

    monkeypatch.setattr(pdfrender, "_lay_out_and_write", watched)
    assert gc.isenabled()
    assert pdfrender.render(pdfrender.RenderJob("fine", html, (str(tmp_path),))).pages == 1
    assert gc.isenabled()
    with pytest.raises(BuildError, match="rendering broken failed: RuntimeError: layout broke"):
        pdfrender.render(pdfrender.RenderJob("broken", html, (str(tmp_path),)))
    assert gc.isenabled()
    gc.disable()  # a caller that had it off finds it off
    try:
        pdfrender.render(pdfrender.RenderJob("fine", html, (str(tmp_path),)))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False, False]


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _embedded_font_names(path) -> set[str]:
    import pikepdf

    from ecrprint.fontsubset import postscript_name

    with pikepdf.open(path) as pdf:
        return {
            postscript_name(obj[key].read_bytes())
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            for key in ("/FontFile2", "/FontFile3")
            if key in obj
        }


@pytest.mark.skipif(not __import__("os").path.isfile(DEJAVU), reason="needs DejaVu Sans (fonts-dejavu-core)")
def test_one_process_draws_each_project_with_its_own_fonts_and_a_changed_font_file_anew(tmp_path):
    """Rendering keeps fonts loaded between documents; a project whose fonts differ (another
    project's, or a font file replaced under ``ecrprint watch``) must not draw with fonts
    loaded for the documents before it."""
    from pathlib import Path

    from .conftest import MINI

    own = copy_project(MINI, tmp_path / "own")
    (own / "fonts").mkdir()
    (own / "fonts" / "Inter-Regular.otf").write_bytes(Path(DEJAVU).read_bytes())
    plain = copy_project(MINI, tmp_path / "plain")
    assert "DejaVuSans" in _embedded_font_names(build(own, only="booklet", jobs=1).out_dir / "booklet.pdf")
    names = _embedded_font_names(build(plain, only="booklet", jobs=1).out_dir / "booklet.pdf")
    assert "Inter-Regular" in names and "DejaVuSans" not in names
    # The same path, another file: the next build draws with the new one.
    from ecrprint.paths import default_data_dir

    bundled = default_data_dir() / "fonts" / "Inter-Regular.otf"
    (own / "fonts" / "Inter-Regular.otf").write_bytes(bundled.read_bytes())
    names = _embedded_font_names(build(own, only="booklet", jobs=1).out_dir / "booklet.pdf")
    assert "Inter-Regular" in names and "DejaVuSans" not in names


def test_the_fetcher_reads_only_inside_the_allowed_folders(tmp_path):
    """Rendering reads files inside the project, its layouts and fonts, and data: addresses;
    a file elsewhere, a link that leads out, and the network are refused."""
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere.css"
    project.mkdir()
    (project / "a.css").write_text("p {}")
    elsewhere.write_text("secret")
    (project / "link.css").symlink_to(elsewhere)
    fetcher = pdfrender.make_url_fetcher((str(project),))
    assert fetcher.fetch((project / "a.css").as_uri())
    assert fetcher.fetch("data:text/css,p{}")
    for url, said in (
        (elsewhere.as_uri(), "outside the project, its layouts and fonts"),
        ((project / "link.css").as_uri(), "outside the project, its layouts and fonts"),
        ("https://example.com/x.css", "rendering never uses the network"),
    ):
        with pytest.raises(PermissionError, match=said):
            fetcher.fetch(url)


def test_a_plurals_apostrophe_is_typographic_and_quotes_are_left_as_typed():
    """The apostrophe after a plural's s ("Chips' secrets", from a schedule export) is the
    typographic one too, when it is the text's only one; a pair of single quotes is not
    taken for apostrophes."""
    from ecrprint.render import typographic

    assert typographic("Coax Out Chips' Inner Secrets") == "Coax Out Chips\u2019 Inner Secrets"
    assert typographic("the pathologists'.") == "the pathologists\u2019."
    assert typographic("O'Sullivan's talks") == "O\u2019Sullivan\u2019s talks"
    assert typographic("'read & delete' tools") == "'read & delete' tools"
    assert typographic("the 'forms' we use") == "the 'forms' we use"
