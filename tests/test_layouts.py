"""A project's own layouts/ override the bundled ones; WeasyPrint's CSS warnings reach the user, and a
template's mistake is located in its file."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import pytest

from ecrprint.build import build
from ecrprint.paths import default_data_dir

from .helpers import page_texts


@pytest.mark.logs
def test_project_layout_overrides_and_css_warnings(mini_project: Path, caplog):
    folder = mini_project / "layouts" / "booklet"
    folder.mkdir(parents=True)
    notes = (default_data_dir() / "layouts" / "booklet" / "notes.html.j2").read_text()
    (folder / "notes.html.j2").write_text(notes.replace(">{{ words.notes }}<", ">Notizen<"))
    css = (default_data_dir() / "layouts" / "booklet" / "booklet.css").read_text()
    (folder / "booklet.css").write_text(css + "\n.notes-title { colr: red; }\n")
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        report = build(mini_project, jobs=1, only="booklet")
    texts = page_texts(report.out_dir / "booklet.pdf")
    assert any("Notizen" in t for t in texts)
    # Located in the layout file, once, not once per part of the booklet.
    line = len((css + "\n").splitlines()) + 1
    messages = [r.getMessage() for r in caplog.records if "colr: red" in r.getMessage()]
    assert messages == [f"layouts/booklet/booklet.css:{line}:16: Ignored `colr: red`, unknown property."], messages


@pytest.mark.logs
def test_strict_turns_warnings_into_a_failed_build(mini_project: Path, capsys, caplog):
    from ecrprint.cli import main

    folder = mini_project / "layouts" / "booklet"
    folder.mkdir(parents=True)
    css = (default_data_dir() / "layouts" / "booklet" / "booklet.css").read_text()
    (folder / "booklet.css").write_text(css + "\n.notes-title { colr: red; }\n")
    assert main(["build", str(mini_project), "--only", "booklet"]) == 0
    capsys.readouterr()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        assert main(["build", str(mini_project), "--only", "booklet", "--strict"]) == 1
    assert "1 warning (see above) and --strict is set" in capsys.readouterr().err
    assert any("colr: red" in r.getMessage() for r in caplog.records)


@pytest.mark.logs
def test_an_rgb_colour_in_a_layout_is_a_located_warning(mini_project: Path, caplog):
    """WeasyPrint would write an RGB colour as RGB, which the print shop refuses: the build
    says where it is, before the preflight has to."""
    folder = mini_project / "layouts" / "booklet"
    folder.mkdir(parents=True)
    css = (default_data_dir() / "layouts" / "booklet" / "booklet.css").read_text()
    (folder / "booklet.css").write_text(css + "\n.notes-title { color: #ff0000; }\n")
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        build(mini_project, jobs=1, only="booklet")
    line = len((css + "\n").splitlines()) + 1
    messages = [r.getMessage() for r in caplog.records if "RGB" in r.getMessage()]
    assert messages == [
        f"layouts/booklet/booklet.css:{line}:23: '#ff0000' is an RGB colour, and print files are CMYK: "
        "use device-cmyk(c m y k)"
    ], messages


# A white pixel, as PNG.
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg=="


@pytest.mark.logs
def test_an_address_a_layout_cannot_use_is_a_located_warning(mini_project: Path, tmp_path: Path, caplog):
    """An image or stylesheet that a layout names but rendering will not read (a typo, a file
    elsewhere on the disk, the network) is said at its place in the stylesheet, once, and not
    again in WeasyPrint's words with the name of whichever part met it first."""
    elsewhere = tmp_path / "elsewhere.png"
    elsewhere.write_bytes(b"not read")
    folder = mini_project / "layouts" / "booklet"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "band.png").write_bytes(base64.b64decode(PIXEL))  # exists: nothing to say
    css = (default_data_dir() / "layouts" / "booklet" / "booklet.css").read_text()
    lines = [
        '.cover { background-image: url("img/cover-art.png"); }',
        f".notes-title {{ background: url({elsewhere.as_uri()}); }}",
        '.imprint { background: url("https://example.com/a.png"); }',
        ".contents { background: url(img/band.png); }",
        f'.notes {{ background: url("data:image/png;base64,{PIXEL}"); }}',
        '@import "more.css";',
    ]
    (folder / "booklet.css").write_text(css + "\n" + "\n".join(lines) + "\n")
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        build(mini_project, jobs=1, only="booklet")
    first = len((css + "\n").splitlines()) + 1
    said = [r.getMessage() for r in caplog.records]
    css_said = [m for m in said if m.startswith("layouts/booklet/booklet.css:")]
    assert css_said == [
        f"layouts/booklet/booklet.css:{first + 5}:1: @import rule ' \"more.css\"' ignored: @import must come "
        "before all other rules.",
        f"layouts/booklet/booklet.css:{first}:28: url('img/cover-art.png'): no such file: "
        "layouts/booklet/img/cover-art.png",
        f"layouts/booklet/booklet.css:{first + 1}:28: url('{elsewhere.as_uri()}'): not read: {elsewhere} is "
        "outside the project, its layouts and fonts",
        f"layouts/booklet/booklet.css:{first + 2}:24: url('https://example.com/a.png'): not fetched: rendering "
        "never uses the network",
        f"layouts/booklet/booklet.css:{first + 5}:9: url('more.css'): no such file: layouts/booklet/more.css",
    ], said
    assert not [m for m in said if "Failed to load" in m], said


def test_the_colour_scan_reads_no_file_outside_the_project(mini_project: Path, tmp_path: Path, caplog):
    """A layout override that links a data: address naming a file elsewhere gets nothing from
    that file: only stylesheet files inside the allowed folders are scanned for RGB colours."""
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: #c0ffee }\n")
    folder = mini_project / "layouts" / "door-sign"
    folder.mkdir(parents=True)
    link = f'<link rel="stylesheet" href="data:{secret}?,p{{}}">'
    (folder / "document.html.j2").write_text(
        '{% extends "shared/sign-document.html.j2" %}\n'
        '{% block styles %}<link rel="stylesheet" href="{{ css(\'door-sign/door-sign.css\') }}">'
        f"{link}{{% endblock %}}\n"
    )
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        build(mini_project, jobs=1, only="door-sign")
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "c0ffee" not in said and str(secret) not in said


@pytest.mark.cached
def test_a_mistake_in_a_layout_template_is_located_and_the_last_output_stays(mini_project: Path, capsys):
    """A template of the project's own that fails as it compiles or as it runs is named with
    its line, from the project folder, without a traceback; the booklet built before stays."""
    from ecrprint.cli import main

    assert main(["build", str(mini_project), "--only", "booklet"]) == 0
    before = (mini_project / "output" / "booklet.pdf").read_bytes()
    folder = mini_project / "layouts" / "booklet"
    folder.mkdir(parents=True)
    lines = (default_data_dir() / "layouts" / "booklet" / "programme.html.j2").read_text().splitlines(keepends=True)
    mistakes = {
        "{{ 1 / 0 }}": "template error: ZeroDivisionError: division by zero",
        "{{ no_such_name.title }}": "template error: 'no_such_name' is undefined",
        "{% if %}": "template syntax error: Expected an expression, got 'end of statement block'",
    }
    for mistake, message in mistakes.items():
        capsys.readouterr()
        (folder / "programme.html.j2").write_text("".join([*lines[:2], mistake + "\n", *lines[2:]]))
        assert main(["build", str(mini_project), "--only", "booklet"]) == 1
        err = capsys.readouterr().err
        assert err.strip() == f"ecrprint: error: layouts/booklet/programme.html.j2:3: {message}", err
        assert (mini_project / "output" / "booklet.pdf").read_bytes() == before


@pytest.mark.logs
def test_a_character_no_declared_font_has_never_comes_from_an_installed_font(mini_project: Path, caplog):
    """Fontconfig sees only the fonts the layouts declare: a snowman that Inter lacks prints as
    an empty box with a warning, not from DejaVu or whatever else the machine has, so the PDF
    is the same on every machine."""
    import pikepdf

    folder = mini_project / "layouts" / "booklet"
    folder.mkdir(parents=True)
    notes = (default_data_dir() / "layouts" / "booklet" / "notes.html.j2").read_text()
    (folder / "notes.html.j2").write_text(notes.replace(">{{ words.notes }}<", ">Notes \u2603<"))
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        report = build(mini_project, jobs=1, only="booklet")
    with pikepdf.open(report.out_dir / "booklet.pdf") as pdf:
        names = {
            str(font.get("/BaseFont")).split("+", 1)[-1]
            for page in pdf.pages
            for font in (page.obj.Resources.get("/Font") or {}).values()
        }
        names |= {
            str(font.get("/BaseFont")).split("+", 1)[-1]
            for page in pdf.pages
            for xobject in (page.obj.Resources.get("/XObject") or {}).values()
            for font in ((xobject.get("/Resources") or {}).get("/Font") or {}).values()
        }
    assert names and all(name.startswith("Inter") for name in names), names
    said = [r.getMessage() for r in caplog.records if "U+2603" in r.getMessage()]
    assert said == [
        'notes: "\u2603" (U+2603) is in none of the fonts the layouts declare (layouts/shared/fonts.css.j2), so it '
        "prints as an empty box: leave it out of the layout, or declare a font that has it"
    ], said


@pytest.mark.logs
def test_an_import_of_a_stylesheet_from_the_network_is_said_once_at_its_place(mini_project: Path, caplog):
    """WeasyPrint's own unlocated "Failed to load stylesheet" followed the located warning."""
    folder = mini_project / "layouts" / "door-sign"
    folder.mkdir(parents=True)
    css = (default_data_dir() / "layouts" / "door-sign" / "door-sign.css").read_text()
    (folder / "door-sign.css").write_text('@import "https://example.com/x.css";\n' + css)
    with caplog.at_level(logging.WARNING, logger="ecrprint"):
        build(mini_project, jobs=1, only="door-sign")
    said = sorted({r.getMessage() for r in caplog.records if "example.com/x.css" in r.getMessage()})
    assert said == [
        "layouts/door-sign/door-sign.css:1:9: url('https://example.com/x.css'): not fetched: rendering never uses "
        "the network"
    ], said
