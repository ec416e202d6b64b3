"""Render the booklet's parts, number the pages across them, and assemble the print PDF."""

from __future__ import annotations

import math
from dataclasses import replace

from . import booklet, finishing
from .assemble import Slot, anchor_pages
from .booklet import BookletPlan, PartSpec
from .context import BuildContext, OutputFile
from .impose import saddle_stitch_pairs
from .pdfrender import RenderJob, RenderResult
from .render import QrRegistry, render_document, render_template
from .renderer import html_key
from .signs import Sheet
from .signs_pdf import fit_sheets, sheet_file

TRIM_MM = (148, 210)
PLACEHOLDER_PAGE = "888"


FURNITURE_CHUNK = 120  # pages; even, so that every chunk starts on a right-hand page


def part_html(ctx: BuildContext, plan: BookletPlan, part: PartSpec, mode: str, pages: dict | None) -> tuple[str, dict]:
    """One part's HTML fragment (wrapped in its section) and the QR codes it places."""
    registry = QrRegistry(inline=mode == "single", level=ctx.model.congress.qr.error_correction)
    fragment = render_template(
        ctx.env,
        "booklet/part.html.j2",
        **part.context,
        part=part,
        toc=plan.toc,
        pages=pages,
        qr=registry,
        words=ctx.words,
    )
    return fragment, registry.codes


def document(ctx: BuildContext, plan: BookletPlan, fragments: list[str], mode: str) -> str:
    return render_document(ctx.env, "booklet", ctx.head(plan.title, TRIM_MM, mode), fragments, mode)


def part_job(ctx: BuildContext, plan: BookletPlan, part: PartSpec, pages: dict | None) -> RenderJob:
    """A part's rendering job. Its HTML is taken from the cache when everything the templates
    are given is as before, the layouts and fonts (by their digest) and where they are: writing
    out every part's HTML took about a third of a second of each edit. The HTML is kept with
    the project's place as a name (``Renderer.portable``), as the part cache's keys are, so a
    project moved or copied with its cache keeps it too."""
    renderer, level = ctx.renderer, ctx.model.congress.qr.error_correction
    key = html_key(
        "booklet part",
        renderer.environment,
        [renderer.portable(root) for root in ctx.layout.allowed_roots],
        part,
        plan.toc,
        plan.title,
        pages,
        ctx.head(plan.title, TRIM_MM, "part"),
        level,
    )
    kept = renderer.html.get(key)
    if kept is None:
        fragment, placed = part_html(ctx, plan, part, "part", pages)
        html, codes = document(ctx, plan, [fragment], "part"), list(placed.items())
        portable = renderer.portable(html)
        if renderer.local(portable) == html:  # kept only if it comes back exactly as it is
            renderer.html.put(key, portable, codes)
    else:
        html, codes = renderer.local(kept[0]), kept[1]
    return RenderJob(part.key, html, ctx.layout.allowed_roots, qr_codes=tuple(map(tuple, codes)), qr_level=level)


def sequence(plan: BookletPlan, counts: dict[str, int], binding: str) -> list[Slot]:
    """The booklet page by page: parts in order, blanks before right-hand chapter starts,
    notes pages before the back cover (at the end, when the cover is printed apart) so that
    the binding's page rule holds."""
    slots: list[Slot] = []

    def pad(total: int) -> None:
        wanted = {"saddle-stitch": (-total) % 4, "perfect": total % 2}.get(binding, 0)
        slots.extend(Slot("notes", 0, True) for _ in range(wanted))

    for part in plan.parts:
        if part.key == "notes":
            continue
        if (part.start == "right" and len(slots) % 2 == 1) or (part.start == "left" and len(slots) % 2 == 0):
            slots.append(Slot(None, furniture=False))
        if part.key == "back":
            pad(len(slots) + counts["back"])
        slots.extend(Slot(part.key, i, part.furniture) for i in range(counts[part.key]))
    if not any(part.key == "back" for part in plan.parts):  # perfect binding: the cover is apart
        pad(len(slots))
    return slots


def furniture_jobs(
    ctx: BuildContext, plan: BookletPlan, slots: list[Slot], results: dict[str, RenderResult]
) -> list[RenderJob]:
    """Running headers and page numbers for every page, in chunks rendered side by side."""
    by_key = {p.key: p for p in plan.parts}
    pages = []
    for slot in slots:
        part = by_key.get(slot.part) if slot.part else None
        if part is None:
            pages.append({"outer": "", "inner": "", "opens": False, "page": "blank", "cont": ""})
        else:
            outer, inner = part.heads
            opens = part.new_heads and slot.index == 0
            cont = continued_topic(part, results[part.key], slot.index)
            pages.append({"outer": outer, "inner": inner, "opens": opens, "page": part.page, "cont": cont})
    jobs = []
    for first in range(0, len(pages), FURNITURE_CHUNK):
        fragment = render_template(
            ctx.env, "booklet/furniture.html.j2", pages=pages[first : first + FURNITURE_CHUNK], first_page=first + 1
        )
        html = document(ctx, plan, [fragment], "furniture")
        jobs.append(RenderJob(f"furniture-{first // FURNITURE_CHUNK:03d}", html, ctx.layout.allowed_roots))
    return jobs


# The parts whose running heads name what runs on to a page, and the list in their context
# of what can: workshop topics, and programme sessions.
RUNS_ON = {"booklet/workshops.html.j2": "topics", "booklet/programme.html.j2": "sessions"}


def continued_topic(part: PartSpec, result: RenderResult, index: int) -> str:
    """What the running head says of a workshop topic or a session on page ``index`` of a part:
    "… (continued)" when one named on an earlier page runs on to this one, as a single pass
    reads it from the value of ``topic-cont`` at the page's start. Its marker after its heading
    and its end marker are anchors: it runs on to every page after its marker's, up to its end's."""
    listed = RUNS_ON.get(part.template)
    if listed is None or index == 0:
        return ""
    for item in part.context[listed]:
        named = _anchor_page(result, f"{item['anchor']}-cont")
        if named is None or named >= index:
            continue
        ends = _anchor_page(result, f"{item['anchor']}-end")
        if ends is not None and index <= ends:
            return item["continued"]
    return ""


def _anchor_page(result: RenderResult, anchor: str) -> int | None:
    return next((i for i, page in enumerate(result.anchors) if anchor in page), None)


def render_parts(
    ctx: BuildContext, plan: BookletPlan
) -> tuple[list[Slot], dict[str, RenderResult], dict, RenderResult]:
    """Render every part; number pages; render the parts that print page numbers; repeat
    only if the table of contents changed length."""
    binding = ctx.model.print.binding
    fixed = [p for p in plan.parts if not p.needs_pages]
    contents = [p for p in plan.parts if p.key == "contents"]
    index = [p for p in plan.parts if p.needs_pages and p.key != "contents"]
    placeholders = {e["anchor"]: PLACEHOLDER_PAGE for e in plan.toc}

    # Each part's HTML is written as the renderer asks for it, so that a changed part starts
    # rendering while the others' HTML is still being written.
    jobs = (part_job(ctx, plan, p, placeholders if p.key == "contents" else None) for p in fixed + contents)
    results = ctx.renderer.run(jobs, "booklet parts")
    counts = {k: r.pages for k, r in results.items()}

    for _attempt in range(3):
        # The index points only at pages before it, so a provisional numbering is exact for it.
        provisional = dict(counts)
        for p in index:
            provisional.setdefault(p.key, 1)
        pages = anchor_pages(sequence(plan, provisional, binding), results)
        results.update(ctx.renderer.run([part_job(ctx, plan, p, pages) for p in index], "booklet index"))
        counts.update({p.key: results[p.key].pages for p in index})

        slots = sequence(plan, counts, binding)
        pages = anchor_pages(slots, results)
        furniture_jobs_ = furniture_jobs(ctx, plan, slots, results)
        done = ctx.renderer.run([part_job(ctx, plan, p, pages) for p in contents] + furniture_jobs_, "booklet contents")
        furniture = [done.pop(j.key) for j in furniture_jobs_]
        changed = any(done[k].pages != counts[k] for k in done)
        results.update(done)
        counts.update({k: r.pages for k, r in done.items()})
        if not changed:
            break
    return sequence(plan, counts, binding), results, furniture


def build(ctx: BuildContext) -> list[OutputFile]:
    """The booklet as a finished print PDF, its printer spreads for saddle-stitching, and a
    copy for reading on screen, which keeps the links of the contents and the index (PDF/X
    allows none on the printed area); the files are assembled and finished side by side."""
    plan = booklet.plan(ctx.model, ctx.logo_urls_for("booklet"), ctx.words)
    slots, results, furniture = render_parts(ctx, plan)
    info = ctx.doc_info(plan.title, "Programme booklet", "booklet")
    bleed = ctx.bleed_mm("booklet")
    binding = ctx.model.print.binding
    parts = ctx.parts_key(slots, results, furniture, info)
    key = ctx.renderer.file_key
    fonts = ctx.font_sources()
    tasks = [(key("assembled", parts, repr(info)), finishing.finished, (slots, results, furniture, info, fonts))]
    if binding == "saddle-stitch":
        pairs = saddle_stitch_pairs(len(slots))
        spreads_info = replace(
            ctx.doc_info(f"{plan.title} (printer spreads)", "Programme booklet, printer spreads", "imposed-booklet"),
            folds_mm=(TRIM_MM[0],),
        )
        args = (slots, results, furniture, TRIM_MM, bleed, spreads_info, fonts)
        tasks.append((key("spreads", parts, TRIM_MM, bleed, repr(spreads_info)), finishing.finished_spreads, args))
    # The copy for the screen is made from the print file, here, while a worker makes the
    # printer spreads.
    screen_info = replace(
        ctx.doc_info(plan.title, "Programme booklet, for reading on screen", "booklet"),
        variant="screen",
        icc_profile=None,
    )
    screen_task = (
        key("screen", parts, repr(info), repr(screen_info)),
        finishing.screen_copy,
        (slots, results, screen_info),
    )
    data, *spreads, screen = ctx.finished_files(tasks, then=screen_task)
    cover = [cover_file(ctx, len(slots))] if binding == "perfect" else []
    qr_codes = ctx.qr_codes(slots, results)
    extra = binding_limits(ctx, len(slots))
    files = [
        OutputFile("booklet.pdf", "booklet", data, len(slots), TRIM_MM, bleed, extra, qr_codes),
        OutputFile(
            "booklet-screen.pdf", "booklet-screen", screen, len(slots), TRIM_MM, bleed, {"pdf_variant": None}, qr_codes
        ),
    ]
    if spreads:
        files.append(
            OutputFile(
                "booklet-imposed.pdf",
                "imposed-booklet",
                spreads[0],
                len(pairs),
                (2 * TRIM_MM[0], TRIM_MM[1]),
                bleed,
                {"binding": binding, "spreads": [list(p) for p in pairs]},
                [qr_codes[left - 1] + qr_codes[right - 1] for left, right in pairs],
            )
        )
    return files + cover


def binding_limits(ctx: BuildContext, pages: int) -> dict:
    """The booklet's manifest entry for the binding and its page limit (preflight checks it
    there), with a warning when the booklet is outside that limit."""
    po = ctx.model.print
    if po.binding == "saddle-stitch":
        if pages > po.saddle_stitch_max_pages:
            ctx.renderer.warn(
                f"booklet: {pages} pages is more than saddle-stitching takes (at most {po.saddle_stitch_max_pages}, "
                "print.saddle_stitch_max_pages); bind it perfect (print.binding: perfect) or shorten it"
            )
        return {"binding": po.binding, "max_pages": po.saddle_stitch_max_pages}
    if po.binding == "perfect":
        if pages < po.perfect_min_pages:
            ctx.renderer.warn(
                f"booklet: {pages} pages is too few to bind perfect (at least {po.perfect_min_pages}, "
                "print.perfect_min_pages); saddle-stitch it (print.binding: saddle-stitch)"
            )
        return {"binding": po.binding, "min_pages": po.perfect_min_pages}
    return {"binding": po.binding}


LEAF_MM = 0.1  # one leaf (two pages) of 80 g/m² uncoated paper
SPINE_TEXT_MIN_MM = 6  # narrower spines stay blank: text there would not sit straight


def spine_mm(ctx: BuildContext, pages: int) -> float:
    """The spine's width: the print settings', or the leaves' thickness to the half millimetre."""
    given = ctx.model.print.spine_mm
    return given if given is not None else math.ceil(pages / 2 * LEAF_MM * 2) / 2


def cover_file(ctx: BuildContext, pages: int) -> OutputFile:
    """The outside of a perfect-bound booklet's cover as one sheet: back, spine, front."""
    spine = spine_mm(ctx, pages)
    spread = 2 * TRIM_MM[0] + spine
    sheet = Sheet(
        name="booklet-cover",
        kind="booklet-cover",
        template="booklet-cover/spread.html.j2",
        context={
            "spine_mm": spine,
            "spread_mm": spread,
            "spine_text": spine >= SPINE_TEXT_MIN_MM,
            "spine_pt": round(min(spine * 0.45 / 0.3528, 11), 1),  # cap height well inside the spine
        },
        path="booklet-cover.pdf",
        trim_mm=(spread, TRIM_MM[1]),
        extra={"binding": "perfect", "spine_mm": spine, "book_pages": pages},
        levels=1,
    )
    sheets, rendered = fit_sheets(ctx, [sheet], "booklet cover")
    folds = (TRIM_MM[0], TRIM_MM[0] + spine)  # the spine's edges
    return sheet_file(ctx, sheets[0], rendered[sheet.key], "Programme booklet, cover", folds)


def single_pass_html(ctx: BuildContext) -> str:
    """The whole booklet as one HTML document for plain WeasyPrint: same pages, same text."""
    plan = booklet.plan(ctx.model, ctx.logo_urls_for("booklet"), ctx.words)
    slots, _results, _furniture = render_parts(ctx, plan)
    notes = sum(1 for s in slots if s.part == "notes")
    fragments = []
    for part in plan.parts:
        for _ in range(notes if part.key == "notes" else 1):
            fragment, _ = part_html(ctx, plan, part, "single", None)
            fragments.append(fragment)
    return document(ctx, plan, fragments, "single")
