"""Printed words in the congress's language: the booklet, the signs and the notices of a German
or French congress say everything in it, dates as that language writes them; a language
without words prints English with a warning at its `language:`; a words file of the
project's own is checked, each mistake located."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
import zxingcpp

from ecrprint import onsite, words
from ecrprint.booklet_pdf import part_html
from ecrprint.build import build, make_context
from ecrprint.cli import main
from ecrprint.content import load_project
from ecrprint.errors import ContentError
from ecrprint.paths import Layout, default_data_dir

from .conftest import MINI, ROOT, copy_project
from .helpers import ink_boxes, page_texts, runs_per_line

BUNDLED = default_data_dir() / "layouts" / words.WORDS_FILE
LANGUAGES = ["de", "en", "es", "fr", "it"]
# A moved session (its old and its new door), a cancelled one, a full one; Room B is empty on
# the second day, after a session that took place: its door names the day of its last one.
NOTICES = """notices:
  - {session: RC 101, change: moved, moved_to: hw}
  - {session: PL 1, change: cancelled}
  - {session: HW 1, change: full}
"""


def in_language(tmp_path: Path, language: str, notices: bool = True) -> Path:
    project = copy_project(MINI, tmp_path / f"mini-{language}")
    congress = project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace("  version:", f"  language: {language}\n  version:", 1))
    if notices:
        (project / "content" / "notices.yaml").write_text(NOTICES)
    return project


def texts(out: Path) -> dict[str, str]:
    """Every printed PDF's text, page by page, spaces as one."""
    return {
        str(pdf.relative_to(out)): "\n".join(" ".join(page.split()) for page in page_texts(pdf))
        for pdf in sorted(out.rglob("*.pdf"))
        if pdf.parent.name != "print"
    }


def english_labels(language: str, content: str) -> set[str]:
    """The English words the templates print that ``language`` says otherwise: the pieces
    between a word's {names}, of four letters or more, that the content does not say itself."""
    tables = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    own = repr(tables[language])
    out = set()
    for key, value in tables["en"].items():
        if key.endswith("_form") or key == "first_of_month":
            continue
        for text in [value] if isinstance(value, str) else list(value.values() if isinstance(value, dict) else value):
            for piece in re.split(r"\{\w+\}", text):
                piece = piece.strip(" .,:;()")
                if len(piece) >= 4 and piece not in own and piece not in content:
                    out.add(piece)
    return out


def content_text(project: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in sorted((project / "content").rglob("*.yaml")))


def test_a_german_congress_prints_every_word_in_german(tmp_path: Path):
    project = in_language(tmp_path, "de")
    report = build(project, jobs=2)
    assert report.warnings == [], report.warnings
    made = texts(report.out_dir)
    booklet = made["booklet.pdf"].split("\n")
    assert booklet[0].endswith("P R O G R A M M 5.–6. März 2025 Messe Test, Graz, Austria TEST SOCIETY OF RADIOLOGY")
    imprint = booklet[1]
    for said in ("Herausgeber", "Online-Programm", "Ausgabe Version 2025-01-15", "6 Sitzungen in 3 Räumen an 2 Tagen"):
        assert said in imprint, imprint
    contents = booklet[2]
    for said in ("Inhalt", "Sitzungsformate 5", "Die Familie E³", "Programm 9", "Mittwoch, 5. März 2025 9"):
        assert said in contents, contents
    assert "Auf einen Blick" in contents and "Personenverzeichnis" in contents and "Räume" in contents
    whole = made["booklet.pdf"]
    for said in ("Vorsitz Bjørn Østergaard", "Moderation Ada Lovelace", "UNTERSTÜTZT VON", "Mi 5. März · 10:00–10:30"):
        assert said in whole
    assert "TAG ZEITEN SITZUNGEN RÄUME" in whole and "Notizen" in whole and "(FORTSETZUNG)" in whole
    doors = report.out_dir / "signs"
    moved_away = made["signs/2025-03-05/door-room-b.pdf"]
    assert "Mittwoch 5. März 2025" in moved_away and "Verlegt nach Workshop Room" in moved_away
    assert "Verlegt aus Room B" in made["signs/2025-03-05/door-hw.pdf"]
    assert "Voll: bitte online verfolgen" in made["signs/2025-03-05/door-hw.pdf"]
    assert "Abgesagt" in made["signs/2025-03-05/door-hall-a.pdf"]
    empty = made["signs/2025-03-06/door-room-b.pdf"]
    assert "Heute keine Sitzungen in diesem Raum." in empty
    assert "Die letzte Sitzung in diesem Raum war am Mittwoch, 5. März 2025." in empty
    assert "Sie sind hier: Entrance" in made["signs/directional-entrance.pdf"]
    assert "Nach oben · via the stairs" in made["signs/directional-entrance.pdf"]
    assert "HANDS-ON-WORKSHOP" in made["signs/sponsor-board-us.pdf"]
    assert "Zeta Systems stellt ultrasound machines zur Verfügung" in made["signs/sponsor-board-us.pdf"]
    notice = made["notices/notice-rc-101-moved.pdf"]
    assert "PROGRAMMÄNDERUNG" in notice and "Raumänderung" in notice and "Bisher: Room B" in notice
    assert "Diese Sitzung in Hall A entfällt." in made["notices/notice-pl-1-cancelled.pdf"]
    assert "Workshop Room ist voll besetzt." in made["notices/notice-hw-1-full.pdf"]
    # No English label is left on any page, and every door sign's version line is German.
    labels = english_labels("de", content_text(project))
    left = {(label, name) for name, text in made.items() for label in labels if label in text}
    assert left == set(), sorted(left)
    assert all("Version 2025-01-15" in made[str(p.relative_to(report.out_dir))] for p in doors.rglob("door-*.pdf"))
    # The job ticket is the print shop's: English.
    assert "Door signs" in (report.out_dir / "print" / "job-ticket.html").read_text(encoding="utf-8")
    # Staff name the day in German too.
    assert main(["sign", str(project), "--room", "Room B", "--date", "Donnerstag"]) == 0


def test_a_french_congress_writes_its_dates_in_french(tmp_path: Path):
    project = in_language(tmp_path, "fr-CA", notices=False)
    report = build(project, jobs=2, only="booklet,door-sign")
    assert report.warnings == [], report.warnings
    made = texts(report.out_dir)
    booklet = made["booklet.pdf"]
    # A date that opens a heading starts with a capital letter; one inside a sentence does not.
    assert "Mercredi 5 mars 2025" in booklet and "5–6 mars 2025" in booklet
    for said in ("Sommaire", "Formats de session", "Index des intervenants", "Salles", "En un coup d’œil"):
        assert said in booklet
    assert "Présidence Bjørn Østergaard" in booklet and "AVEC LE SOUTIEN DE" in booklet
    assert "Mercredi 5 mars 2025" in made["signs/2025-03-05/door-room-b.pdf"]
    empty = made["signs/2025-03-06/door-room-b.pdf"]
    assert "La dernière session dans cette salle a eu lieu le mercredi 5 mars 2025." in empty
    labels = english_labels("fr", content_text(project))
    left = {(label, name) for name, text in made.items() for label in labels if label in text}
    assert left == set(), sorted(left)


@pytest.mark.logs
def test_a_language_without_words_warns_at_its_place_and_prints_english(tmp_path: Path, capsys):
    project = in_language(tmp_path, "pt-BR", notices=False)
    assert main(["check", str(project)]) == 0
    err = capsys.readouterr().err
    lines = (project / "content" / "congress.yaml").read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if "pt-BR" in text)
    assert f"WARNING: content/congress.yaml:{line}:13: congress.language: no printed words for 'pt-BR'" in err, err
    assert "(words there: de, en, es, fr, it)" in err
    report = build(project, jobs=2, only="door-sign")
    assert any("no printed words for 'pt-BR'" in w for w in report.warnings), report.warnings
    assert "Wednesday 5 March 2025" in texts(report.out_dir)["signs/2025-03-05/door-hall-a.pdf"]


def test_the_bundled_words_have_every_word_in_every_language():
    layout = Layout.for_project(ROOT)
    assert words.languages(layout) == LANGUAGES
    for language in LANGUAGES:
        printed, said = words.load(layout, language)
        assert printed.language == language and said == [], said


@pytest.mark.parametrize(
    "language, long, one, span",
    [
        ("en", "Wednesday, 28 February 2024", "Friday, 1 March 2024", "28 February – 3 March 2024"),
        ("de", "Mittwoch, 28. Februar 2024", "Freitag, 1. März 2024", "28. Februar – 3. März 2024"),
        ("fr", "mercredi 28 février 2024", "vendredi 1er mars 2024", "28 février – 3 mars 2024"),
        ("es", "miércoles, 28 de febrero de 2024", "viernes, 1 de marzo de 2024", "28 de febrero – 3 de marzo de 2024"),
        ("it", "mercoledì 28 febbraio 2024", "venerdì 1º marzo 2024", "28 febbraio – 3 marzo 2024"),
    ],
)
def test_each_language_writes_dates_its_own_way(language, long, one, span):
    printed, _ = words.load(Layout.for_project(ROOT), language)
    assert printed.long_date(date(2024, 2, 28)) == long
    assert printed.long_date(date(2024, 3, 1)) == one
    assert printed.date_range(date(2024, 2, 28), date(2024, 3, 3)) == span


@pytest.mark.parametrize(
    "language, typed, meant",
    [
        ("de", "Mittwoch", 28),
        ("de", "Do 29. Feb.", 29),
        ("de", "1. März", 1),
        ("fr", "vendredi 1er mars", 1),
        ("fr", "28 fevr", 28),
        ("es", "jueves", 29),
        ("es", "2 de marzo", 2),
        ("it", "sabato", 2),
        ("it", "1º marzo", 1),
        ("it", "wed", 28),  # English always
        # On site, in Vienna or Lyon, "heute" or "demain" is what staff type (today is the 29th).
        ("de", "heute", 29),
        ("de", "Morgen", 1),
        ("fr", "aujourd'hui", 29),
        ("fr", "Aujourd’hui", 29),
        ("fr", "demain", 1),
        ("es", "mañana", 1),
        ("es", "manana", 1),
        ("it", "ieri", 28),
        ("it", "tomorrow", 1),  # English always
    ],
)
def test_staff_name_days_in_the_congress_language(language, typed, meant):
    days = [date(2024, 2, 28) + timedelta(days=i) for i in range(5)]
    printed, _ = words.load(Layout.for_project(ROOT), language)
    assert onsite.congress_day(days, typed, date(2024, 2, 29), onsite.day_names(printed)).day == meant


def own_words(project: Path, old: str, new: str) -> Path:
    """The project's own words file: the bundled one with ``old`` written as ``new``."""
    own = project / "layouts" / words.WORDS_FILE
    own.parent.mkdir(parents=True, exist_ok=True)
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.count(old) == 1
    own.write_text(text.replace(old, new), encoding="utf-8")
    return own


@pytest.mark.logs
def test_a_word_left_out_of_a_language_is_printed_in_english_with_a_warning(tmp_path: Path):
    project = in_language(tmp_path, "de", notices=False)
    own = own_words(project, "  notes: Notizen\n", "")
    advisories: list = []
    load_project(project, advisories=advisories)
    line = own.read_text(encoding="utf-8").split("\n").index("de:") + 1
    assert f"layouts/shared/words.yaml:{line}:1: de: no words for notes: printed in English" in map(str, advisories)
    ctx = make_context(project, jobs=1, pooled=False, use_cache=False)
    try:
        from ecrprint import booklet

        plan = booklet.plan(ctx.model, {}, ctx.words)
        notes = next(p for p in plan.parts if p.key == "notes")
        assert '<h2 class="notes-title">Notes</h2>' in part_html(ctx, plan, notes, "part", None)[0]
    finally:
        ctx.renderer.close()


def test_a_word_that_asks_for_a_value_ecrprint_has_not_is_a_located_error(tmp_path: Path, capsys):
    project = in_language(tmp_path, "de", notices=False)
    own = own_words(project, 'Ausgabe\n  version: "Version {version}"', 'Ausgabe\n  version: "Version {versoin}"')
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(own.read_text(encoding="utf-8").split("\n"), 1) if "{versoin}" in text)
    assert (
        f"layouts/shared/words.yaml:{line}:12: de.version: {{versoin}} is not filled in here; it may use: {{version}}"
        in err
    )
    with pytest.raises(ContentError):
        build(project, jobs=1)
    assert not (project / "output").exists()


def test_an_english_congress_is_not_told_about_words(tmp_path: Path):
    advisories: list = []
    load_project(copy_project(MINI, tmp_path / "mini"), advisories=advisories)
    assert not [a for a in advisories if "words" in str(a)]


def qr_code_across_mm(path: Path, dpi: int = 150) -> tuple[float, float]:
    """Where the first page's QR code starts and ends across the page, in mm from where
    ``ink_boxes`` measures (the page's origin, not the bleed's edge that a rendering starts at)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        edge = page.get_mediabox()[0] * 25.4 / 72
    finally:
        pdf.close()
    (code,) = zxingcpp.read_barcodes(image)
    p = code.position
    left, right = min(p.top_left.x, p.bottom_left.x), max(p.top_right.x, p.bottom_right.x)
    return edge + left / dpi * 25.4, edge + right / dpi * 25.4


@pytest.mark.parametrize(
    "language, lines",
    [
        ("de", [["Heute keine Sitzungen"], ["in diesem Raum."]]),
        ("fr", [["Aucune session dans cette"], ["salle aujourd’hui."]]),
        ("it", [["Oggi nessuna sessione"], ["in questa sala."]]),
    ],
)
def test_a_door_with_no_sessions_says_so_without_a_word_left_alone_on_its_line(tmp_path, language, lines):
    # Longer than "No sessions in this room today.", these take two lines at 42 pt: never with
    # "Raum." or "aujourd’hui." alone on the second.
    report = build(in_language(tmp_path, language, notices=False), jobs=1, only="door-sign")
    empty = report.out_dir / "signs" / "2025-03-06" / "door-room-b.pdf"
    said = runs_per_line(empty, 0)
    assert any(said[k : k + 2] == lines for k in range(len(said))), said


@pytest.mark.parametrize(
    "language, caption", [("fr", "Cette salle aujourd’hui, en ligne"), ("de", "Dieser Raum heute, online")]
)
def test_a_door_signs_qr_caption_wider_than_the_code_stays_centred_under_it(tmp_path, language, caption):
    report = build(in_language(tmp_path, language, notices=False), jobs=1, only="door-sign")
    empty = report.out_dir / "signs" / "2025-03-06" / "door-room-b.pdf"
    (box,) = [box for box in ink_boxes(empty, 0) if box.text == caption]
    left, right = qr_code_across_mm(empty)
    assert abs((box.left + box.right) / 2 - (left + right) / 2) < 0.5, (box, left, right)
