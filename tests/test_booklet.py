"""The ECR 2024 sample booklet, checked on the rendered PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest

from ecrprint import views
from ecrprint.content import load_project
from ecrprint.render import short_url
from ecrprint.urls import format_url, session_url, topic_url

from .conftest import ROOT, copy_with_cache
from .helpers import (
    body_texts,
    boxes_mm,
    decode_qr_codes,
    ink_boxes,
    outline_titles,
    overlapping_texts,
    page_texts,
    placed_runs,
    qr_codes_placed,
    qr_codes_with_size,
    unembedded_fonts,
)

SEED_FACTS = [
    "Rick Abramson",
    "Annemiek Snoeckx",
    "Geoffrey D. Rubin",
    "Italy",
    "Argentina",
    "Singapore",
    "Australia",
    "imaging of neurodegenerative disorders",
    "Simulator Adventure Park",
    "peripheral, central, oncological, and neurological interventional radiology",
    "Radiography Journal",
    "global education perspectives",
    "Musculoskeletal Ultrasound",
    "Cardiac CT and MRI",
    "MRI of the Prostate",
    "Imaging Stroke Patients",
    "Mastering stroke perfusion imaging and MR, CT and AI applications",
    "Dose management software in interventional radiology and cardiology",
    "Practical dose management in computed tomography",
    "Exploring AI-powered learning in radiology and diagnostic radiography",
    "Framework for Online Radiographer Clinical Education",
    "radiology reporting workshop series",
    "i-Violin workshop",
]
SUPPORTERS = ["GE HealthCare", "Canon", "Philips", "Siemens", "Circle", "DetectedX", "FORCE Project"]


def in_chapter(text: str, head: str, title: str) -> bool:
    """Whether a page belongs to a chapter: it has the chapter's running head, or it is the
    chapter's opening page, which shows the title itself and no running head."""
    return head in text or text.startswith(title)


def flat(text: str) -> str:
    return " ".join(text.split())


def loose(text: str) -> str:
    """Text compared across line breaks: a hyphen at a line end is dropped by text extraction."""
    return flat(text).replace("-", "").replace(" ", "")


@pytest.fixture(scope="module")
def booklet(sample_build: Path) -> Path:
    return sample_build / "booklet.pdf"


@pytest.fixture(scope="module")
def texts(booklet: Path) -> list[str]:
    return [flat(t) for t in page_texts(booklet)]


@pytest.fixture(scope="module")
def model():
    return load_project(ROOT)


def test_manifest_lists_the_booklet(sample_build: Path, booklet: Path):
    manifest = json.loads((sample_build / "manifest.json").read_text())
    entry = next(p for p in manifest["products"] if p["kind"] == "booklet")
    assert entry["path"] == "booklet.pdf"
    assert entry["trim_mm"] == [148, 210]
    assert entry["bleed_mm"] == 3.0
    with pikepdf.open(booklet) as pdf:
        assert entry["pages"] == len(pdf.pages)
    assert manifest["version"] == "2024-02-01 · edition 1"


def test_page_count_suits_saddle_stitch(texts):
    assert len(texts) % 4 == 0
    assert len(texts) >= 60


def test_every_page_is_a5_with_bleed(booklet: Path):
    for boxes in boxes_mm(booklet):
        assert boxes["TrimBox"] == (0.0, 0.0, 148.0, 210.0)
        assert boxes["BleedBox"] == (-3.0, -3.0, 151.0, 213.0)
        assert boxes["MediaBox"] == boxes["BleedBox"]


def test_cover_and_imprint(texts, model):
    assert "ECR 2024" in texts[0]
    assert "28 February – 3 March 2024" in texts[0]
    assert "Austria Center Vienna" in texts[0]
    assert "Version 2024-02-01 · edition 1" in texts[1]
    assert "SAMPLE" in texts[1]
    imprint = flat(texts[1])
    # The description's four topics and its three further workshop series are not "7 topics".
    assert f"{len(model.topics)} groups of hands-on workshops" in imprint
    assert "topics" not in imprint.split("Contents", 1)[1].split("sessions", 1)[0]
    # Real names from the description are not called invented; the addresses behind the codes are.
    assert "plenary lecturers" in imprint and "web addresses behind the QR codes" in imprint
    # The typefaces the layout declares, with the licence their fonts give.
    assert "Set in Inter and Inter Display (SIL Open Font License). Typeset with ecrprint." in imprint


def test_every_format_and_seed_fact_is_printed(booklet: Path, model):
    body = flat(" ".join(body_texts(booklet)))
    squeezed = loose(body)
    # A description that runs on to the next page is read on past the QR codes' captions.
    for f in model.formats:
        squeezed = squeezed.replace(loose(f"ONLINE DETAILS {short_url(format_url(model.congress, f))}"), "")
    for f in model.formats:
        assert f.name in body, f.name
        for para in f.description.split("\n\n"):
            assert loose(para) in squeezed, para[:60]
        if f.abbreviation:
            assert re.search(rf"\b{re.escape(f.abbreviation)}\b", body)
    for fact in SEED_FACTS:
        assert fact.lower() in body.lower(), fact
    # A fact box keeps the description's hedge ("mostly").
    assert "Mostly Level III European Training Curriculum (ETC) and beyond" in body


def test_supporters_are_acknowledged_per_workshop(texts, model):
    workshops = " ".join(t for t in texts if in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops"))
    for name in SUPPORTERS:
        assert name in workshops, name
    assert "ultrasound machines" in workshops
    assert "software" in workshops
    assert flat(model.notes.acknowledgement) in workshops
    assert flat(model.notes.vendor_neutrality) in workshops
    msk = workshops[workshops.index("Musculoskeletal Ultrasound") :]
    assert "supported by GE HealthCare, Canon, and Philips, who are kindly providing ultrasound machines" in msk


def test_every_numbered_page_is_marked_as_sample_data(texts, model):
    """The sample project's timetable is invented: every page with a running head says so at
    its foot; the cover, imprint and back (no page numbers) do not."""
    mark = model.congress.sample_mark.upper()
    heads = ("SESSION FORMATS", "HANDS-ON WORKSHOPS", "PROGRAMME", "AT A GLANCE", "SPEAKER INDEX", "ROOMS")
    headed = [i for i, t in enumerate(texts) if any(h in t for h in heads)]
    assert len(headed) > 80
    for i in headed:
        assert texts[i].count(mark) == 1, i + 1
    for i in (0, 1, len(texts) - 1):
        assert mark not in texts[i], i + 1


def test_without_a_sample_mark_nothing_is_marked(mini_project: Path):
    from ecrprint.build import build

    congress = mini_project / "content" / "congress.yaml"
    congress.write_text(congress.read_text().replace('  sample_mark: "Test data: invented"\n', ""))
    report = build(mini_project, only="booklet", jobs=1)
    texts = page_texts(report.out_dir / "booklet.pdf")
    assert len(texts) >= 8 and not any("TEST DATA" in t.upper() for t in texts)


def test_the_imprint_names_the_typefaces_a_projects_own_fonts_stylesheet_declares(mini_project: Path):
    """ "Set in Inter" was fixed text: a project that set its booklet in fonts of its own still
    credited Inter. The imprint now names the families of the layout's @font-face rules, with
    the licence each font's name table describes, or none where it names no known licence."""
    import shutil

    from ecrprint.build import build

    fonts = mini_project / "fonts"
    fonts.mkdir()
    for name in ("Inter-Regular.otf", "Inter-Bold.otf", "OFL.txt"):
        shutil.copy(ROOT / "fonts" / name, fonts / name)
    # A font whose name table describes no licence.
    from fontTools.ttLib import TTFont

    unlicensed = TTFont(ROOT / "fonts" / "Inter-Regular.otf")
    unlicensed["name"].removeNames(nameID=13)
    unlicensed.save(fonts / "House-Icons.otf")
    bundled = (ROOT / "layouts" / "shared" / "fonts.css.j2").read_text()
    own = mini_project / "layouts" / "shared" / "fonts.css.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        bundled.replace('"Inter Display"', '"Brand Display"').replace('"Inter"', '"Brand Sans"')
        # A face whose font names no licence: its family, without one.
        + '@font-face { font-family: "House Icons"; src: url("{{ fonts_url(\'House-Icons.otf\') }}"); }\n'
    )
    report = build(mini_project, only="booklet", jobs=1)
    imprint = flat(page_texts(report.out_dir / "booklet.pdf")[1])
    assert "Set in Brand Sans and Brand Display (SIL Open Font License); House Icons. Typeset with" in imprint
    assert "Inter" not in imprint


def test_the_programmes_own_words_about_support_are_printed_as_written(booklet: Path, texts, model):
    """Each topic's statement is the programme description's sentence, word for word (the
    seed says "their software" and "supported under the FORCE Project")."""
    body = loose(flat(" ".join(body_texts(booklet))))
    statements = [t.statement for t in model.topics if t.statement]
    assert len(statements) == 5
    for statement in statements:
        assert loose(flat(statement)) in body, statement[:60]
    assert loose("who is kindly providing their software") in body
    assert loose("is supported under the FORCE Project") in body


def test_a_workshops_sessions_are_listed_under_it(texts, model):
    """Canon supports only the stroke perfusion workshop: its sessions are listed under that
    workshop, and the topic's other sessions after it, under their own heading."""
    pages = " ".join(t for t in texts if in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops"))  # not the contents
    stroke = pages[pages.index("Imaging Stroke Patients") : pages.index("EFRS Workshops")]
    perfusion = [s.code for s in model.sessions if s.workshop == "stroke-perfusion"]
    others = [s.code for s in model.sessions if s.workshop == "stroke"]
    assert perfusion and others
    split = stroke.index("MORE SESSIONS ON IMAGING STROKE PATIENTS")
    assert stroke.index("Mastering stroke perfusion") < split
    for code in perfusion:
        assert 0 < stroke.index(code) < split, code
    for code in others:
        assert stroke.index(code) > split, code


def test_a_topic_without_named_workshops_is_not_split_across_pages(texts, model):
    """Its heading, supporters and sessions on one page; and the vendors' note comes first,
    as the programme description has it."""
    # The chapter's pages: its opening page (its own title, no running head), then the rest.
    pages = [(i, t) for i, t in enumerate(texts) if in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops")]
    assert flat(model.notes.acknowledgement) in pages[0][1]
    checked = 0
    for topic in model.topics:
        if topic.workshops:
            continue
        codes = [s.code for s in model.sessions if s.workshop == topic.id]
        on = [i for i, t in pages if re.search(rf"{re.escape(topic.name)}(?! Workshops)", t)]
        assert len(on) == 1, topic.name
        page = texts[on[0]]
        assert codes and all(re.search(rf"\b{re.escape(c)}\b", page) for c in codes), topic.name
        checked += 1
    assert checked == 5


def test_at_a_glance_pages_of_a_day_share_one_time_scale(booklet: Path, texts, model):
    """The pages of a day's grid line up across the spread: every time label at the same height
    on each, and each session's code level with the label of its start. Every day has the same
    scale: a time is at the same height on every day's pages."""
    from .helpers import placed_runs

    days = {d.date: d for d in model.days}
    grids = [i for i, t in enumerate(texts) if "AT A GLANCE" in t and re.search(r"\b08:30\b", t)]
    by_day: dict = {}
    for i in grids:
        day = next(d for d in days.values() if f"{d.date.day} " in texts[i] and d.date.strftime("%A") in texts[i])
        by_day.setdefault(day.date, []).append(i)
    assert len(by_day) == len(days) and all(len(pages) >= 2 for pages in by_day.values())
    checked = 0
    every_day: dict[str, list[float]] = {}
    for day, pages in by_day.items():
        labels = []
        for i in pages:
            runs = placed_runs(booklet, i)
            left = min(x for _, x, _ in runs)
            times = {text: y for text, x, y in runs if re.fullmatch(r"\d\d:\d\d", text) and x < left + 2}
            labels.append(times)
            for s in model.sessions:
                minutes = s.start  # minutes after midnight
                if s.day != day or minutes % 30:
                    continue
                code = [y for text, x, y in runs if text == s.code]
                label = times[f"{minutes // 60:02d}:{minutes % 60:02d}"]
                if code:
                    assert abs(code[0] - label) < 0.6, (s.code, code[0], label)
                    checked += 1
        assert len(labels[0]) >= 10
        for other in labels[1:]:
            assert other.keys() == labels[0].keys()
            assert all(abs(other[k] - labels[0][k]) < 0.05 for k in other)
        for k, y in labels[0].items():
            every_day.setdefault(k, []).append(y)
    assert checked > 100
    assert all(max(heights) - min(heights) < 0.05 for heights in every_day.values()), every_day


@pytest.mark.logs
def test_long_room_names_keep_each_days_grid_on_its_pages(sample_built, tmp_path: Path, texts, model, caplog):
    """Rooms named at length: every day's heading stays one line (cut short with an ellipsis),
    so each grid page has its time scale and its sessions together, on as many pages as
    before; a name longer than its column's head is set smaller, and where even that is cut,
    the cut shows."""
    from ecrprint.build import build

    project = copy_with_cache(sample_built, tmp_path / "sample")  # the parts no room's name is in come from its cache
    rooms = project / "content" / "rooms.yaml"
    text = rooms.read_text()
    long_names = {
        "Room A": "Schubert Hall, Main Auditorium",
        "Room G": "Mahler Hall, Second Auditorium",
        "Room X": "Hörsaalzentrumsverwaltungsgebäudeerweiterungsbau",
    }
    for short, long in long_names.items():
        assert f"name: {short}\n" in text
        text = text.replace(f"name: {short}\n", f'name: "{long}"\n')
    rooms.write_text(text)
    out = build(project, jobs=2, only="booklet").out_dir
    # The long names take more lines beside the programme's sessions too, and the booklet still
    # binds: a long session runs on to the next page rather than leave this one's foot empty.
    assert [r.getMessage() for r in caplog.records] == []

    def grids(pages: list[str]) -> list[str]:
        return [t for t in pages if "AT A GLANCE" in t and re.search(r"\b(08|09|10):[03]0\b", t)]

    pages = grids(page_texts(out / "booklet.pdf"))
    assert len(pages) == len(grids(texts)) >= 10
    codes = {s.code for s in model.sessions}
    for t in pages:
        times = re.findall(r"(?m)^\d\d:\d\d\r?$", t)
        assert len(times) >= 10 and any(c in t for c in codes), t[:300]  # the scale and the sessions together
    heads = [t for t in pages if "Schubert" in t]
    assert heads and all("Hall, Main" in t for t in heads)  # the long name, smaller, on its lines
    assert any("…" in t and "Hörsaalzentrum" in t for t in pages)


def test_the_speaker_index_files_every_name_under_a_latin_letter(texts, model):
    from ecrprint.views import speaker_index

    entries = speaker_index(model)
    by_name = {e["name"]: e for e in entries}
    assert by_name["Łukasiewicz, Anna"]["letter"] == "L"
    assert any(name.startswith("Ø") and e["letter"] == "O" for name, e in by_name.items())
    # In print: between the last K name and the first M name, not after Z.
    index = " ".join(t for t in texts if in_chapter(t, "SPEAKER INDEX", "Speaker index"))
    names = [e["name"] for e in entries]
    before = max(n for n in names if n.startswith("K"))
    after = next(n for n in names if n.startswith("M"))
    assert index.index(before) < index.index("Łukasiewicz, Anna") < index.index(after)
    # A Greek name among the P names, not after Z.
    assert by_name["Παπαδόπουλος, Γεώργιος"]["letter"] == "P"
    before = max(n for n in names if n.startswith("O"))
    after = next(n for n in names if n[0] in "QR")
    assert index.index(before) < index.index("Παπαδόπουλος, Γεώργιος") < index.index(after)


def test_outline_has_chapters_and_formats(booklet: Path, model, texts):
    items = outline_titles(booklet)
    top = [(title, page) for depth, title, page in items if depth == 1]
    titles = [t for t, _ in top]
    assert titles[:4] == ["Contents", "Session formats", "Hands-on workshops", "Programme"]
    assert "At a glance" in titles and "Speaker index" in titles and "Rooms" in titles
    for _title, page in top:
        assert page % 2 == 0, f"{_title} starts on page {page + 1}, a left-hand page"
    all_titles = [t for _, t, _ in items]
    for f in model.formats:
        assert f.name in all_titles
    # Each bookmark points at the page that shows its heading.
    for _depth, title, page in items:
        if title in {f.name for f in model.formats}:
            assert title[:20] in texts[page], title


def test_table_of_contents_numbers_are_right(texts, model):
    toc = " ".join(t for t in texts[:8] if "Contents" in t or "CONTENTS" in t)
    for f in model.formats:
        m = re.search(re.escape(f.name) + r"[ .]*?(\d+)\b", toc)
        assert m, f.name
        page = int(m.group(1))
        assert f.name in texts[page - 1], f"{f.name} not on page {page}"
    for title in ("Programme", "Speaker index", "Rooms"):
        m = re.search(rf"\b{title}[ .]+(\d+)\b", toc)
        assert m, title
        assert title in texts[int(m.group(1)) - 1]


def test_running_header_and_outer_page_numbers(texts):
    # Page 10 (left) and 11 (right) lie in the formats chapter.
    for number in (10, 11):
        text = texts[number - 1]
        assert "SESSION FORMATS" in text
        assert re.search(rf"(^| ){number}( |$)", text)


def test_every_programme_page_gives_its_day_in_the_outer_corner(booklet: Path, texts, model):
    """Thumbing through, the day is where the eye looks: at the top outer corner of left and
    right pages alike, with the chapter in the inner corner."""
    days = {s.code: s.day for s in model.sessions}
    checked = 0
    for index, text in enumerate(texts):
        on_page = {days[code] for code in days if re.search(rf"(^|\s){re.escape(code)}\s", text)}
        if "PROGRAMME" not in text or len(on_page) != 1 or "AT A GLANCE" in text:
            continue
        (day,) = on_page
        label = f"{day:%A}, {day.day} {day:%B %Y}".upper()
        head = {run: left for run, left, baseline in placed_runs(booklet, index, 3) if baseline > 190}
        if f"{day:%A}, {day.day} {day:%B %Y}" in text:  # the page that opens the day shows it itself
            assert head == {}, (index + 1, head)
            continue
        # The chapter, and a session that runs on to the page: "PROGRAMME · RP 1713 (CONTINUED)".
        chapter = next((run for run in head if run == "PROGRAMME" or run.startswith("PROGRAMME · ")), None)
        assert label in head and chapter, (index + 1, head)
        number = index + 1
        if number % 2 == 0:  # a left page: the day at the left margin
            assert head[label] < 15 and head[chapter] > 60, (number, head)
        else:
            assert head[label] > 60 and head[chapter] < 15, (number, head)
        checked += 1
    assert checked >= 40


def test_a_workshop_topic_that_runs_on_to_a_page_names_itself_in_its_running_head(booklet: Path, texts, model):
    """A topic's workshops went on over the page with nothing to say whose they were; the page
    now says "IMAGING STROKE PATIENTS (CONTINUED)" in its inner corner. A page that opens with a
    topic's own heading says nothing of the kind, and no other page does."""
    bodies = [flat(t) for t in body_texts(booklet)]
    names = [t.name for t in model.topics]
    first = next(i for i, text in enumerate(texts) if text.startswith("Hands-on workshops"))
    # The chapter's pages after its first carry its name in their running head.
    last = next(i for i in range(first + 1, len(texts)) if "HANDS-ON WORKSHOPS" not in texts[i])
    current, continued = None, 0
    for index, body in enumerate(bodies):
        head = " ".join(run for run, _left, base in placed_runs(booklet, index, 3) if base > 190)
        opens_with_topic = any(body.startswith(name) for name in names)
        if first < index < last and current is not None and not opens_with_topic:
            assert f"{current} (continued)".upper() in head, (index + 1, head)
            continued += 1
        else:  # a session running on to a programme page is said there (tested with the sessions)
            assert "CONTINUED" not in re.sub(r"PROGRAMME · [^()]+ \(CONTINUED\)", "", head), (index + 1, head)
        if first <= index < last:
            on_page = [(body.rfind(name), name) for name in names if name in body]
            current = max(on_page)[1] if on_page else current
    assert continued >= 2  # in the sample: Imaging Stroke Patients, then EFRS Workshops


def test_a_long_topic_name_is_cut_at_a_word_in_the_running_head():
    """A topic's name may have 300 characters; "… (continued)" in a running head wrapped to
    three lines above the page, past its top trim. The head takes a name's first words."""
    from ecrprint.booklet import _head_name

    assert _head_name("Radiology Reporting Workshop Series") == "Radiology Reporting Workshop Series"
    name = "Very long topic name, " * 14
    short = _head_name(name)
    assert len(short) <= 36 and short.endswith("…") and name.startswith(short[:-1])
    assert short[-2] not in " ,"


def test_a_days_programme_runs_on_without_half_empty_pages(booklet: Path, texts, model):
    """Each part of the booklet opens a new page. A day cut into parts left the page before each
    cut up to two-thirds empty (lowest line 140 mm above the foot of a 210 mm page); a day of
    ECR 2024's length is now one part, and only a day's last page is short. A session kept whole
    left a page ending 77 mm above its foot; one of four lectures or more now runs on to the
    next page, so only a shorter session too long for what is left of a page ends one early."""
    days = {s.code: s.day for s in model.sessions}
    pages = []
    for index, text in enumerate(texts):
        on_page = {days[code] for code in days if re.search(rf"(^|\s){re.escape(code)}\s", text)}
        if "PROGRAMME" in text and "AT A GLANCE" not in text and len(on_page) == 1:
            lowest = min(base for _run, _left, base in placed_runs(booklet, index, 3) if base > 16)  # above the foot
            pages.append((on_page.pop(), lowest, index + 1))
    assert len(pages) >= 40
    inside_a_day = [(lowest, number) for (day, lowest, number), after in zip(pages, pages[1:]) if after[0] == day]
    assert max(inside_a_day)[0] < 65, sorted(inside_a_day)[-3:]


def test_a_long_session_runs_on_between_lectures_never_leaving_its_head_or_a_lecture_alone(texts, model):
    """A session was kept whole, so one too long for the rest of a page left a band up to 70 mm
    empty at its foot (a fifth of every programme page, on average, in the benchmark's
    congress). It runs on to the next page now, between its lectures only: its time, room, code
    and title stay with its first two lectures, its last lecture never stands alone at the top of
    a page, and its time and room never stay behind at a page's foot."""
    programme = range(next(i for i, t in enumerate(texts) if t.startswith("At a glance")))  # and what is before it
    pages = {i: loose(texts[i]) for i in programme}

    def printed(text: str) -> str:
        return loose(text).replace("'", "’")

    def page_of(text: str, start: int = 0) -> int:
        return next(i for i in programme if i >= start and printed(text) in pages[i])

    runs_on = 0
    continued = set()  # the pages a session runs on to
    for day in views.sessions_by_day(model):
        for s in day["sessions"]:
            head = page_of(f"{s['code']} {s['format']} {s['title']}")
            assert printed(f"{s['start']}–{s['end']}{s['room']}") in pages[head], s["code"]
            lectures = [lec["title"] for lec in s["lectures"]]
            if len(lectures) < 2:
                continue
            assert all(printed(title) in pages[head] for title in lectures[:2]), s["code"]
            last = page_of(lectures[-1], head)
            assert printed(lectures[-2]) in pages[last], s["code"]
            runs_on += last > head
            # The pages it runs on to say so in their running head, and name it by its code as
            # the congress writes it: "CTiR 3", not the "CTIR 3" of CSS capitals.
            for page in range(head + 1, last + 1):
                assert f"PROGRAMME · {s['code']} (CONTINUED)" in texts[page], (page + 1, s["code"], texts[page][:80])
                continued.add(page)
    assert runs_on >= 3
    assert any("CTiR" in texts[page] for page in continued)  # a code in mixed case among them
    # No other page says a session runs on to it.
    said = {i for i in programme if re.search(r"PROGRAMME · .* \(CONTINUED\)", texts[i].upper())}
    assert said == continued


def test_a_page_that_opens_a_chapter_has_no_running_head(booklet: Path, texts):
    """Its own title is there, large: the running head would only repeat it."""
    titles = ("Contents", "Session formats", "Hands-on workshops", "Programme", "At a glance", "Speaker index", "Rooms")
    opening = [i for i, t in enumerate(texts) if t.startswith(titles) and i > 0]
    assert len(opening) >= 6, opening
    for index in opening:
        runs = [run for run, _left, baseline in placed_runs(booklet, index, 3) if baseline > 190]
        assert runs == [], (index + 1, runs)
    # The chapter's other pages have it.
    assert "SESSION FORMATS" in texts[opening[1] + 1] or "SESSION FORMATS" in texts[opening[1] + 2]


def test_hands_on_session_tables_keep_their_columns_from_table_to_table(booklet: Path, texts):
    """Each table sized its own columns: the codes and rooms jumped from one workshop to the
    next. Now they sit at one place, or one more inside a workshop's indented box."""
    pages = [i for i, t in enumerate(texts) if in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops")]
    codes = set()
    for index in pages:
        for run, left, _baseline in placed_runs(booklet, index, 1.5):
            if re.fullmatch(r"HW \d\w+", run):
                codes.add(round(left, 1) if index % 2 else round(left, 1) + 1000)  # left and right pages apart
    assert len(pages) >= 3 and 2 <= len(codes) <= 4, sorted(codes)


def test_the_formats_chapter_shows_how_each_formats_sessions_are_coded(texts, model):
    """ "CA 1" or "EM 3" in the programme can be read: the format's entry shows its codes'
    form where they do not simply begin with its abbreviation."""
    chapter = " ".join(t for t in texts if in_chapter(t, "SESSION FORMATS", "Session formats"))
    shown = 0
    for f in model.formats:
        codes = [s.code for s in model.sessions if s.format == f.id]
        if codes and not (f.abbreviation and all(c.startswith(f.abbreviation + " ") for c in codes)):
            assert re.search(rf"sessions? in this programme, coded like {re.escape(codes[0])}\b", chapter), f.name
            shown += 1
    assert shown >= 10


def test_the_formats_run_on_without_half_empty_pages(booklet: Path, texts, model):
    """Each format's entry was kept whole, so one too long for what was left of a page went to
    the next page whole: page 14 of the sample ended 114 mm above its foot, more than half
    empty. A long description now runs on to the next page, and only the chapter's last page
    ends early: no other is more than about a third empty (its lowest line under 75 mm above
    the foot of a 210 mm page, whose type area ends 16 mm above it). A format's name stays
    with its QR code, fully inside the type area, and with at least three lines of its text."""
    from ecrprint.views import paragraphs

    pages = [i for i, t in enumerate(texts) if in_chapter(t, "SESSION FORMATS", "Session formats")]
    lowest = {i + 1: min(base for _run, _left, base in placed_runs(booklet, i, 3) if base > 16) for i in pages[:-1]}
    assert max(lowest.values()) < 75, lowest

    qr_page = {}
    for i in pages:
        for url, _width, bottom in qr_codes_placed(booklet, i):
            qr_page[url] = i
            assert bottom > 19, (i + 1, url, bottom)  # the type area ends 16 mm above the trim, 19 above the bleed
    runs_on = 0
    for f in model.formats:
        page = qr_page[format_url(model.congress, f)]
        runs = placed_runs(booklet, page, 3)
        name = flat(f.name)
        heads = [
            base
            for run, left, base in runs
            if left < 100
            and len(run) > 6
            and name.startswith(run.removeprefix(f"{f.abbreviation} ") if f.abbreviation else run)
        ]
        assert heads, (page + 1, f.name)  # the name is on its QR code's page
        text_below = [run for run, left, base in runs if left < 100 and 16 < base < min(heads) - 1 and run not in name]
        assert len(text_below) >= 3, (page + 1, f.name, text_below)
        last_words = " ".join(paragraphs(f.description)[-1].split()[-3:])
        if loose(last_words) not in loose(texts[page]):
            runs_on += 1
            assert loose(last_words) in loose(texts[page + 1]), f.name
    assert runs_on >= 1


def test_no_format_name_or_paragraph_ends_with_one_word_on_its_own_line(booklet: Path, model):
    """ "activities." alone under a paragraph, or "Sessions" alone under a heading, reads as a
    mistake: the last two words are kept together."""
    from ecrprint.views import paragraphs

    endings = set()
    for f in model.formats:
        for text in [f.name, *paragraphs(f.description), *(" · ".join(x.items) for x in f.facts)]:
            words = text.split()
            if len(words) >= 3 and len(words[-1]) <= 14:
                endings.add((words[-2], words[-1]))
    assert len(endings) > 40
    alone = []
    for number, page in enumerate(page_texts(booklet), start=1):
        if not in_chapter(flat(page), "SESSION FORMATS", "Session formats"):
            continue
        lines = [line.split() for line in page.splitlines() if line.split()]
        for above, below in zip(lines, lines[1:]):
            if len(below) == 1 and (above[-1], below[0]) in endings:
                alone.append((number, below[0]))
    assert not alone


def test_the_cover_artwork_runs_into_the_bleed(booklet: Path):
    """The rings run off the trim into the bleed; cut at the trim, a trim that drifts would
    leave a sliver of plain background beside them."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(booklet))
    try:
        image = pdf[0].render(scale=50 / 72).to_pil().convert("RGB")  # the whole page, bleed and all
    finally:
        pdf.close()
    width, height = image.size  # 154 x 216 mm: the trim and 3 mm all round
    edge = width - 1
    background = image.getpixel((edge, round(height * 10 / 216)))
    beside_rings = image.getpixel((edge, round(height * 155 / 216)))
    assert sum(abs(a - b) for a, b in zip(background, beside_rings)) > 60, (background, beside_rings)


def test_fonts_are_embedded_and_bundled(booklet: Path):
    assert unembedded_fonts(booklet) == []
    with pikepdf.open(booklet) as pdf:
        names = {
            str(o.get("/BaseFont"))
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/BaseFont" in o
        }
    assert names and all("Inter" in n for n in names), names


def test_metadata(booklet: Path):
    with pikepdf.open(booklet) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "ECR 2024 – Programme"
        assert str(info["/Author"]) == "European Society of Radiology"
        assert str(pdf.Root.Lang) == "en"


def test_format_qr_codes_scan(booklet: Path, texts, model):
    pages = [i for i, t in enumerate(texts) if "SESSION FORMATS" in t or "Session formats" in t[:120]]
    decoded = set()
    for i in pages:
        for url, size in qr_codes_with_size(booklet, i):
            assert size >= 15, f"{url}: {size:.1f} mm"
            decoded.add(url)
    assert decoded == {format_url(model.congress, f) for f in model.formats}


def test_workshop_and_session_qr_codes_scan(booklet: Path, texts, model):
    topic_urls = {topic_url(model.congress, t) for t in model.topics}
    found = set()
    for i, t in enumerate(texts):
        if in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops"):
            found.update(decode_qr_codes(booklet, i))
    assert topic_urls <= found
    programme = [i for i, t in enumerate(texts) if "PROGRAMME" in t[:60] or "PROGRAMME" in t[-80:]]
    urls = {s.code: session_url(model.congress, s) for s in model.sessions}
    for i in programme[1:4]:
        codes_on_page = {code for code in urls if re.search(rf"(^| ){re.escape(code)} ", texts[i])}
        decoded = decode_qr_codes(booklet, i)
        assert decoded, f"no QR code decoded on page {i + 1}"
        assert set(decoded) <= {urls[c] for c in codes_on_page}


def test_apostrophes_are_typographic_in_every_product(sample_build: Path, texts):
    """Content is typed with the typewriter apostrophe and printed with the typographic one."""
    text = " ".join(texts)
    assert "Ciarán O’Sullivan" in text and "The radiologist’s report" in text
    for product in json.loads((sample_build / "manifest.json").read_text())["products"]:
        for page in page_texts(sample_build / product["path"]):
            assert not re.search(r"\w'\w", page), (product["path"], re.search(r".{0,20}\w'\w.{0,20}", page))


def test_a_persons_name_is_never_broken_across_lines(booklet: Path, model):
    """Chairs, moderators and speakers keep given name and surname on one line."""
    names = {
        tuple(name.split())
        for s in model.sessions
        for name in [*s.chairs, *s.moderators, *(who for lecture in s.lectures for who in lecture.speakers)]
        if len(name.split()) > 1
    }
    assert len(names) > 200
    # A hyphen inside a name ("Min-jun") is no place to break either.
    pieces = {
        (word[: i + 1], word[i + 1 :]) for words in names for word in words for i, c in enumerate(word) if c == "-"
    }
    assert pieces
    broken = []
    for number, page in enumerate(page_texts(booklet), start=1):
        lines = [line.split() for line in page.splitlines() if line.split()]
        for above, below in zip(lines, lines[1:]):
            for words in names:
                for k in range(1, len(words)):
                    if tuple(above[-k:]) == words[:k] and tuple(below[: len(words) - k]) == words[k:]:
                        broken.append((number, " ".join(words)))
            if (above[-1], below[0]) in pieces:
                broken.append((number, above[-1] + below[0]))
        # PDFium joins a line that ends at a hyphen to the next, marking the hyphen U+FFFE.
        broken += [(number, first + rest) for first, rest in pieces if f"{first[:-1]}\ufffe{rest}" in page]
    assert not broken


def test_a_topic_without_an_introduction_lists_its_sessions_under_its_heading(booklet: Path, texts, model):
    """The Reporting Series and i-Violin have no words of their own in the description: their
    sessions stood under an empty gap as tall as the QR code beside them (the head kept its
    height), 31 mm below the heading; they follow it, beside the code."""
    bare = [t.name for t in model.topics if not t.statement and not t.support and not t.workshops]
    assert len(bare) == 2
    for topic in bare:
        number = next(
            i for i, t in enumerate(texts) if topic in t and in_chapter(t, "HANDS-ON WORKSHOPS", "Hands-on workshops")
        )
        runs = placed_runs(booklet, number)
        heading = next(base for run, _left, base in runs if run == topic)
        first = max(
            base for run, _left, base in runs if re.match(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d", run) and base < heading
        )
        assert heading - first < 10, (topic, round(heading - first, 1))


def test_a_short_abbreviation_is_never_broken_at_its_hyphen(booklet: Path):
    """ "… assessment with PI-" over "QUAL" (the programme), "HW 2Va i-" over "Violin…" and
    "MRI: PI-" over "RADS v2.1" (at a glance): a line may not end in the first letters of an
    abbreviation or a single letter and its hyphen. PDFium marks a hyphen it found at a line's
    end as U+FFFE (or U+0002), one that keeps its word together as the no-break hyphen."""
    import pypdfium2 as pdfium

    broken_at = re.compile(r"\b(?:[A-Z]{2,3}|[^\W\d_])[\ufffe\x02]\s*[A-Z]")
    pdf = pdfium.PdfDocument(str(booklet))
    try:
        raw = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    broken = [(number, m.group()) for number, page in enumerate(raw, start=1) for m in broken_at.finditer(page)]
    assert not broken
    whole = " ".join(raw)
    for word in ("PI\u2011QUAL", "PI\u2011RADS", "i\u2011Violin"):
        assert word in whole, word
    # A longer part is free to break, or a narrow column at a glance could only cut it.
    assert "MAGNIMS-CMSC" in whole.replace("\ufffe", "-")


def test_a_sessions_workshop_line_never_repeats_its_title(texts, model):
    """ "Hands-on: Mastering stroke perfusion imaging and MR, CT and AI applications" under the
    title "Mastering stroke perfusion imaging and MR, CT and AI applications: advanced cases"
    said nothing new, in two lines (so did FORCE's and the i-Violin sessions'): a title that
    names its workshop, in any case, stands alone; one that does not still gets the line."""
    names = {t.id: t.name for t in model.topics} | {w.id: w.title for t in model.topics for w in t.workshops}
    text = " ".join(texts)
    repeating = 0
    for workshop, name in names.items():
        sessions = [s for s in model.sessions if s.workshop == workshop]
        lined = [s for s in sessions if name.lower() not in s.title.lower()]
        repeating += len(sessions) - len(lined)
        assert text.count(f"Hands-on: {name}") == len(lined), name
    assert repeating >= 8


def test_qr_captions_break_addresses_after_a_slash_never_at_their_hyphens(booklet: Path, model):
    """ "formats/e3-" over "advanced-courses" reads as if the hyphen were a break."""
    c = model.congress
    addresses = [short_url(format_url(c, f)) for f in model.formats] + [
        short_url(topic_url(c, t)) for t in model.topics
    ]
    checked = broken = 0
    for text in page_texts(booklet):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for above, below in zip(lines, lines[1:]):
            joined = above + below.split()[0]
            if any(joined in a for a in addresses):
                checked += 1
                broken += above.endswith("-")
    assert checked > 20 and broken == 0


def test_the_speaker_index_keeps_capitalised_particles_with_the_surname(texts):
    """Irish and Italian particles are filed with the surname; Dutch lower-case ones follow
    the given name, as Dutch indexes do."""
    index = " ".join(t for t in texts if in_chapter(t, "SPEAKER INDEX", "Speaker index"))
    for name in ("Ní Bhriain, Siobhán", "De Luca, Elena", "Berg, Maartje van der", "Vries, Joost de"):
        assert name in index, name
    # "Ní Bhriain" under N, after the N heading and before the O heading.
    assert index.index(" N ") < index.index("Ní Bhriain, Siobhán") < index.index(" O ")


def test_a_name_with_an_apostrophe_is_one_entry_of_the_index_filed_as_if_it_had_none(mini_project: Path):
    """O'Sullivan was filed before Oberhuber (the typewriter apostrophe sorted before every
    letter), and an "O’Sullivan" typed with the typographic one was a second entry, after Öztürk
    and printed exactly as the first."""
    from ecrprint.build import build

    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    text = text.replace(
        "speakers: [Søren Jørgensen]",
        'speakers: [Søren Jørgensen, "Ciarán O\'Sullivan", Jun Hao Ong, Markus Oberhuber]',
    )
    text = text.replace("moderators: [Ada Lovelace]", "moderators: [Ada Lovelace, Ciarán O’Sullivan, Çağrı Öztürk]")
    timetable.write_text(text)
    report = build(mini_project, only="booklet", jobs=1)
    index = flat(" ".join(t for t in page_texts(report.out_dir / "booklet.pdf") if "Speaker index" in t))
    assert index.count("O’Sullivan, Ciarán") == 1, index
    assert re.search(r"O’Sullivan, Ciarán E³ 1A · \d+, E³ 2M · \d+", index), index
    order = ["Oberhuber, Markus", "Ong, Jun Hao", "Østergaard, Bjørn", "O’Sullivan, Ciarán", "Öztürk, Çağrı"]
    assert [index.index(name) for name in order] == sorted(index.index(name) for name in order), index


def test_lecture_times_stay_whole_beside_their_titles_in_larger_small_type(mini_project: Path):
    """The lecture-time column was 9 mm wide whatever the type's size: a project that sets its
    small type at 8.6 pt (its own tokens.css) had "08:0" over "0", and the title on a line
    below, under the time."""
    from ecrprint.build import build
    from ecrprint.paths import default_data_dir

    tokens = (default_data_dir() / "layouts" / "shared" / "tokens.css").read_text()
    assert "--fs-small: 7.2pt;" in tokens
    (mini_project / "layouts" / "shared").mkdir(parents=True)
    (mini_project / "layouts" / "shared" / "tokens.css").write_text(tokens.replace("7.2pt", "8.6pt"))
    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text()
    for title, start in (("Lines and tubes", "08:00"), ("The missed nodule", "08:45")):
        text = text.replace(f"{{title: {title}, speakers: [", f'{{title: {title}, start: "{start}", speakers: [')
    timetable.write_text(text)
    booklet = build(mini_project, only="booklet", jobs=1).out_dir / "booklet.pdf"
    page = next(i for i, t in enumerate(page_texts(booklet)) if "Lines and tubes" in t)
    runs = placed_runs(booklet, page)
    for time, title in (("08:00", "Lines and tubes"), ("08:45", "The missed nodule")):
        [(title_left, title_base)] = [(left, base) for text, left, base in runs if text.startswith(title)]
        before = [(text, left) for text, left, base in runs if abs(base - title_base) < 0.2 and left < title_left]
        assert [text for text, _ in before] == [time], (time, runs)  # whole, on the title's line, not "08:0" over "0"
        assert title_left - before[0][1] > 10, (time, runs)  # in its column: 3.6 em of 8.6 pt, about 10.9 mm


def test_a_long_edition_name_is_set_smaller_on_the_cover_never_broken(mini_project: Path):
    """An imported congress often has no short acronym: its full name is the edition, the
    name and the organiser at once. The cover sets it small enough that no word breaks, and
    no line repeats another."""
    from ecrprint.build import build

    title = "31. Chaos Communication Congress"
    congress = mini_project / "content" / "congress.yaml"
    text = congress.read_text()
    for field in ("name: Test Congress of Imaging", "edition: TCI 2025", "organiser: Test Society of Radiology"):
        text = text.replace(field, field.split(":")[0] + ": " + title)
    congress.write_text(text)
    report = build(mini_project, only="booklet,door-sign", jobs=1)
    cover = page_texts(report.out_dir / "booklet.pdf")[0]
    lines = [line.strip() for line in cover.splitlines() if line.strip()]
    assert "Communication" in lines or any(re.search(r"\bCommunication\b", line) for line in lines), lines
    assert not any(line.endswith("Communicat") for line in lines)
    assert flat(cover).lower().count("chaos communication congress") == 2  # the title, and the organiser at the foot
    sign = next((report.out_dir / "signs").glob("*/door-*.pdf"))
    footer = flat(page_texts(sign)[0])
    assert f"{title} · Version" in footer and f"{title} · {title}" not in footer


@pytest.mark.parametrize(
    "name",
    [
        "Zeta Medical Systems Europe B.V. Zoetermeer, Netherlands, of Zeta Holdings Inc.",
        "ZetaMedicalSystemsEuropeBVZoetermeerNetherlandsSubsidiaryOfZetaHoldings",
    ],
)
@pytest.mark.cached
def test_a_long_supporter_name_stays_on_the_booklets_page(mini_project: Path, name: str):
    """A wordmark was never broken: a supporter with a long name ran over the topic's QR code
    and past the trim."""
    from ecrprint.build import build

    workshops = mini_project / "content" / "workshops.yaml"
    workshops.write_text(workshops.read_text().replace("name: Zeta Systems", f'name: "{name}"', 1))
    report = build(mini_project, only="booklet", jobs=1)
    booklet = report.out_dir / "booklet.pdf"
    pages = [i for i, text in enumerate(page_texts(booklet)) if "Ultrasound Basics" in text and "SUPPORTED BY" in text]
    assert pages, "no page of the topic"
    for i in pages:
        assert name.replace(" ", "") in "".join(page_texts(booklet)[i].split())
        assert overlapping_texts(booklet, i) == [], i
        assert max(b.right for b in ink_boxes(booklet, i)) < 148 - 5, i  # mm: inside the safe area


def test_days_of_one_grid_page_face_each_other_without_blank_pages_between(mini_build: Path):
    """A small congress's day fits one grid page. Each day opened a spread all the same, so a
    blank page stood between every two days; now the days follow one another, the first on a
    left-hand page, two days to a spread, and the chapter's lead says so."""
    texts = [" ".join(t.split()) for t in page_texts(mini_build / "booklet.pdf")]
    grids = [i + 1 for i, t in enumerate(texts) if re.match(r"(Wednesday, 5|Thursday, 6) March 2025 Hall", t)]
    assert len(grids) == 2 and grids[1] == grids[0] + 1 and grids[0] % 2 == 0, grids
    (lead,) = [t for t in texts if t.startswith("At a glance")]
    assert "Each day on a page, two days to a spread: rooms across, time down." in lead


def test_a_grid_of_three_pages_takes_four_instead_of_leaving_a_blank_page():
    """Each day's grid opens a spread, so a day on three pages left the fourth blank (five blank
    pages in an 800-session booklet): it now takes four, with the rooms shared out evenly; the
    last day's grid, followed by a chapter that opens on a right-hand page, keeps three."""
    from ecrprint.booklet import glance_pages
    from ecrprint.model import Room

    rooms = [Room(id=f"r{i}", name=f"Room {i}") for i in range(25)]
    sessions = [
        {"room_id": r.id, "start_min": 540, "end_min": 600, "minutes": 60, "code": f"S {i}"}
        for i, r in enumerate(rooms)
    ]
    day = {"sessions": sessions}
    spread = glance_pages(day, rooms, (480, 1080), even=True)
    assert [len(p["rooms"]) for p in spread] == [7, 6, 6, 6]
    assert {p["columns"] for p in spread} == {7}  # one column width on every page of the day
    assert [len(p["rooms"]) for p in glance_pages(day, rooms, (480, 1080))] == [9, 8, 8]
    assert [r["id"] for p in spread for r in p["rooms"]] == [r.id for r in rooms]
    assert sorted(c["session"]["code"] for p in spread for c in p["cells"]) == sorted(s["code"] for s in sessions)
    assert len(glance_pages(day, rooms[:15], (480, 1080), even=True)) == 2


def test_a_long_speaker_index_is_shared_out_evenly_at_letters():
    """Each chunk of the index opens a page: chunks of one size, cut where a letter begins,
    leave no short chunk at the end (nor a page ending early for it)."""
    from ecrprint.booklet import INDEX_CHUNK_ENTRIES, index_chunks

    letters = "ABCDEFGHIJKLMNOPRSTUVWZ"
    entries = [{"letter": letters[i * len(letters) // 1500], "name": f"n{i}"} for i in range(1500)]
    chunks = index_chunks(entries)
    sizes = [len(c) for c in chunks]
    assert len(chunks) == 2 and max(sizes) - min(sizes) < 1500 / len(letters) and max(sizes) <= INDEX_CHUNK_ENTRIES
    assert [e["name"] for c in chunks for e in c] == [e["name"] for e in entries]
    for chunk in chunks:  # each chunk opens with a letter, and names each of its letters once
        assert chunk[0]["letter_start"]
        starts = [e["letter"] for e in chunk if e["letter_start"]]
        assert starts == sorted(set(e["letter"] for e in chunk))
    assert len(index_chunks(entries[:300])) == 1


def test_a_family_of_one_format_counts_it_as_one(mini_project: Path, capsys):
    from ecrprint.cli import main

    formats = mini_project / "content" / "formats.yaml"
    text = formats.read_text()
    at = text.index("  - id: e3-mc")
    formats.write_text(text[:at] + text[at:].replace("    family: e3\n", "", 1))
    out = mini_project.parent / "booklet.html"
    assert main(["html", str(mini_project), "--product", "booklet", "--output", str(out)]) == 0, capsys.readouterr().err
    html = out.read_text()
    assert '<span class="family-count">1 format</span>' in html and "1 formats" not in html


@pytest.mark.cached
def test_a_days_row_at_a_glance_stays_on_one_page_with_its_name(mini_project: Path):
    """The overview of the days at a glance lists each day's plenary lectures; a day with many
    went on over the page, its highlights at the top of the next without the day's name."""
    lines = [
        "formats:",
        "  - {id: plenaries, name: Plenaries, description: Plenary lectures., highlight: true}",
        "sessions:",
    ]
    titles: dict[str, list[str]] = {}
    for day in ("2025-03-05", "2025-03-06"):
        for i in range(16):
            start = 8 * 60 + i * 30
            title = f"Plenary lecture {day[-1]}{i:02d} on where imaging of the heart and the brain goes next"
            titles.setdefault(day, []).append(title)
            lines.append(
                f"  - {{code: PLX {day[-1]}{i:02d}, format: plenaries, title: {title}, room: {('pl1', 'pl2')[i % 2]},"
                f' day: {day}, start: "{start // 60:02d}:{start % 60:02d}", end: "{(start + 25) // 60:02d}:{(start + 25) % 60:02d}"}}'
            )
    from ecrprint.build import build

    lines += [
        "rooms:",
        "  - {id: pl1, name: Plenary Hall 1, level: Level 0}",
        "  - {id: pl2, name: Plenary Hall 2, level: Level 0}",
    ]
    (mini_project / "content" / "plenaries.yaml").write_text("\n".join(lines) + "\n")
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace('closes: "13:00"', 'closes: "18:00"'))
    report = build(mini_project, only="booklet", jobs=2)
    texts = [loose(t) for t in page_texts(report.out_dir / "booklet.pdf")]
    first = next(i for i, t in enumerate(texts) if t.startswith(loose("At a glance")))
    names = {"2025-03-05": "Wednesday, 5 March 2025", "2025-03-06": "Thursday, 6 March 2025"}
    pages = set()
    for day, listed in titles.items():
        page = next(i for i in range(first, len(texts)) if loose(listed[0]) in texts[i])
        assert loose(names[day]) in texts[page], (page + 1, day)
        assert all(loose(title) in texts[page] for title in listed), (page + 1, day)
        pages.add(page)
    assert len(pages) == 2  # the two days' rows do not fit on one page: the test means something


@pytest.mark.cached
def test_a_long_room_name_beside_a_session_is_hyphenated_not_cut(mini_project: Path):
    """The programme's time column is narrow: "Chaos Mauldasch Workshopbereich" (38C3's) broke
    as "Workshopber" and "eich", with no hyphen. It is hyphenated now, like the text, where the
    language's patterns allow (a word they cannot break is still cut, rather than run over)."""
    from ecrprint.build import build

    timetable = mini_project / "content" / "timetable.yaml"
    text = timetable.read_text().replace("name: Room B", "name: Chaos Mauldasch Workshopbereich")
    timetable.write_text(text.replace("name: Workshop Room", "name: Skills Lab"))
    report = build(mini_project, only="booklet", jobs=1)
    pages = [t for t in page_texts(report.out_dir / "booklet.pdf") if in_chapter(t, "PROGRAMME", "Programme")]
    ends = [line.split()[-1] for text in pages for line in text.splitlines() if line.split()]
    cut = [end for end in ends for word in ("Mauldasch", "Workshopbereich") if word.startswith(end) and end != word]
    assert cut == []
    hyphenated = [end for end in ends if end.endswith(("-", "\u2010")) and "Workshopbereich".startswith(end[:-1])]
    assert hyphenated, ends
