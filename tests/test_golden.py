"""Golden HTML: what the templates make of the mini congress is committed in tests/golden/, so
that every change to a template, or to what feeds one, shows in review as a diff of the HTML.
After an intended change, write the files afresh and commit them with it:

    pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from pathlib import Path

from ecrprint import booklet, signs
from ecrprint.booklet_pdf import document, part_html
from ecrprint.build import make_context
from ecrprint.model import Notice
from ecrprint.paths import default_data_dir
from ecrprint.signs_pdf import _sheet_html, predicted_board_fit, predicted_fit, predicted_way_fit

GOLDEN = Path(__file__).parent / "golden"
REFRESH = "pytest tests/test_golden.py --update-golden"
IMAGE = re.compile(r"data:(image/[a-z+]+);base64,[A-Za-z0-9+/=]+")


def made_html(project: Path) -> dict[str, str]:
    """The booklet as one document, and one of each sign, as the templates make them (no
    rendering: signs at the size their fitting tries first). Places on this machine are
    written as {project} and {ecrprint}, and images converted for print (whose bytes depend on
    the machine's JPEG library) as {image}, so that the files are the same on every machine."""
    ctx = make_context(project, jobs=1, pooled=False, use_cache=False)
    try:
        model = ctx.model
        plan = booklet.plan(model, ctx.logo_urls_for("booklet"), ctx.words)
        fragments = [part_html(ctx, plan, part, "single", None)[0] for part in plan.parts]
        made = {"booklet.html": document(ctx, plan, fragments, "single")}
        door = next(e for e in signs.door_sheets(model, ctx.words) if e["sessions"])
        sheets = {
            "door-sign.html": signs.door_sheet(door, signs.door_size(model), predicted_fit(door["sessions"])),
            "sponsor-board.html": signs.sponsor_sheets(model, ctx.logo_urls_for("sponsor-board"), ctx.words)[0],
            "directional-sign.html": signs.directional_sheets(model)[0],
            "notice.html": signs.notice_sheet(
                model, ctx.words, Notice(model.sessions[0].code, "moved", model.rooms[-1].id)
            ),
            "notice-rescheduled.html": signs.notice_sheet(
                model, ctx.words, Notice(model.sessions[1].code, "rescheduled", new_start=16 * 60)
            ),
            "notice-news.html": signs.news_sheet(
                model,
                ctx.words,
                Notice(
                    title="Lunch is served in Hall A",
                    text="Network: TCI2025\nKey: <b>42</b> & more",
                    date=model.days[0].date,
                    room=model.rooms[0].id,
                    link="https://tci-imaging.eu/2025/lunch",
                ),
            ),
        }
        guesses = {"sponsor-board.html": predicted_board_fit, "directional-sign.html": predicted_way_fit}
        for name, sheet in sheets.items():
            if name in guesses:
                sheet = replace(sheet, fit=guesses[name](sheet))
            made[name] = _sheet_html(ctx, sheet)[0]
    finally:
        ctx.renderer.close()
    places = {str(project.resolve()): "{project}", str(default_data_dir()): "{ecrprint}"}
    for where, name in sorted(places.items(), key=lambda item: -len(item[0])):
        made = {k: v.replace(where, name) for k, v in made.items()}
    return {k: IMAGE.sub(r"data:\1;base64,{image}", v) for k, v in made.items()}


def test_the_templates_make_the_golden_html(mini_project: Path, request):
    made = made_html(mini_project)
    if request.config.getoption("update_golden"):
        GOLDEN.mkdir(exist_ok=True)
        for stale in set(p.name for p in GOLDEN.glob("*.html")) - set(made):
            (GOLDEN / stale).unlink()
        for name, html in made.items():
            (GOLDEN / name).write_text(html, encoding="utf-8")
    golden = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.html")}
    assert sorted(golden) == sorted(made), f"golden files differ from what is made; after an intended change: {REFRESH}"
    changed = []
    for name in sorted(made):
        if made[name] != golden[name]:
            diff = difflib.unified_diff(
                golden[name].splitlines(), made[name].splitlines(), f"golden/{name}", f"made/{name}", lineterm="", n=1
            )
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, "the HTML changed:\n" + "\n\n".join(changed) + f"\n\nIf that was intended: {REFRESH}"


def test_the_golden_html_is_the_mini_congress_in_every_template():
    """The golden files are worth reviewing: each holds what its product must say."""
    golden = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.html")}
    assert {"booklet.html", "door-sign.html", "sponsor-board.html", "directional-sign.html", "notice.html"} <= set(
        golden
    )
    assert all("/tmp/" not in html and "{ecrprint}/layouts/" in html for html in golden.values())
    assert 'class="part programme"' in golden["booklet.html"] and "Speaker index" in golden["booklet.html"]
    assert "Room change" in golden["notice.html"]
