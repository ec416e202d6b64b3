"""Render signs in batches (one WeasyPrint document each), fit them to one page, split into files."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from . import signs
from .assemble import Slot, assemble
from .context import BuildContext, OutputFile
from .finish import finish
from .pdfrender import RenderJob, RenderResult
from .render import QrRegistry, render_document, render_template
from .signs import Sheet

BATCH_SIZE = 24


def _batch_html(ctx: BuildContext, product: str, title: str, sheets: list[Sheet]) -> tuple[str, dict[str, str]]:
    registry = QrRegistry(inline=False, level=ctx.model.congress.qr.error_correction)
    head = ctx.head(title, sheets[0].trim_mm, "part", sheets[0].kind)
    fragments = [
        render_template(ctx.env, "shared/sheet.html.j2", sheet=s, **s.context, congress=head["congress"], qr=registry)
        for s in sheets
    ]
    return render_document(ctx.env, product, head, fragments, "part"), registry.codes


def render_sheets(
    ctx: BuildContext, sheets: list[Sheet], label: str
) -> dict[str, tuple[RenderResult, list[int], dict]]:
    """Render sheets in batches of the same kind and size; return, per sheet key, its batch's
    result, the batch pages the sheet occupies and the batch's QR codes."""
    groups: dict[tuple, list[Sheet]] = defaultdict(list)
    for s in sheets:
        groups[(s.kind, s.trim_mm, s.extra.get("date", ""))].append(s)
    batches = []
    for (kind, _trim, day), members in groups.items():
        for start in range(0, len(members), BATCH_SIZE):
            chunk = members[start : start + BATCH_SIZE]
            html, codes = _batch_html(ctx, kind, f"{ctx.model.congress.edition} – {kind}", chunk)
            # The key names this exact batch: fitting renders a day's signs more than once.
            key = f"{kind}-{day}-{start // BATCH_SIZE}-{hashlib.sha256(html.encode()).hexdigest()[:12]}"
            batches.append((RenderJob(key, html, ctx.layout.allowed_roots), chunk, codes))
    results = ctx.renderer.run([b[0] for b in batches], label)
    out = {}
    for job, chunk, codes in batches:
        result = results[job.key]
        starts = {}
        for page, anchors in enumerate(result.anchors):
            for anchor in anchors:
                if anchor.startswith("sheet-"):
                    starts.setdefault(anchor[6:], page)
        order = [starts[s.key] for s in chunk] + [result.pages]
        for s, first, nxt in zip(chunk, order, order[1:]):
            out[s.key] = (result, list(range(first, nxt)), codes)
    return out


def fit_door_signs(ctx: BuildContext, entries: list[dict]) -> tuple[list[Sheet], dict]:
    """Shrink text level by level until each sign is one page; a day that still does not fit at
    the smallest legible size is split over several signs (1/2, 2/2). Nothing is cut."""
    size = signs.door_size(ctx.model)
    pending = [(e, 0, [e["sessions"]]) for e in entries]  # entry, fit level, session groups
    done: list[Sheet] = []
    rendered: dict = {}
    for _round in range(12):
        if not pending:
            break
        sheets = []
        owners = []
        for entry, fit, groups in pending:
            group_sheets = [signs.door_sheet(entry, size, fit, i + 1, len(groups), g) for i, g in enumerate(groups)]
            sheets.extend(group_sheets)
            owners.append((entry, fit, groups, group_sheets))
        results = render_sheets(ctx, sheets, "door signs")
        pending = []
        for entry, fit, groups, group_sheets in owners:
            if all(len(results[s.key][1]) == 1 for s in group_sheets):
                done.extend(group_sheets)
                rendered.update({s.key: results[s.key] for s in group_sheets})
            elif fit + 1 < signs.FIT_LEVELS:
                pending.append((entry, fit + 1, groups))
            else:
                pending.append((entry, 0, _split(entry["sessions"], len(groups) + 1)))
    if pending:
        raise RuntimeError("door signs could not be fitted")  # unreachable: one session always fits
    done.sort(key=lambda s: (s.extra["date"], s.path))
    return done, rendered


def _split(sessions: list[dict], parts: int) -> list[list[dict]]:
    size = -(-len(sessions) // parts)
    return [sessions[i : i + size] for i in range(0, len(sessions), size)]


def sheet_file(ctx: BuildContext, sheet: Sheet, rendered, subject: str) -> OutputFile:
    result, pages, codes = rendered
    slots = [Slot(result.key, i, furniture=False) for i in pages]
    done = assemble(slots, {result.key: result}, {result.key: codes}, ctx.model.congress.qr.error_correction)
    title = f"{ctx.model.congress.edition} – {subject}"
    data = finish(done.pdf, ctx.doc_info(title, subject))
    return OutputFile(
        sheet.path, sheet.kind, data, len(pages), sheet.trim_mm, ctx.bleed_mm(sheet.kind), dict(sheet.extra), done.qr_codes
    )


def build_door_signs(ctx: BuildContext, room: str | None = None, day=None) -> list[OutputFile]:
    entries = signs.door_sheets(ctx.model, room, day)
    if not entries:
        return []
    sheets, rendered = fit_door_signs(ctx, entries)
    files = []
    by_day: dict[str, list[Sheet]] = defaultdict(list)
    for s in sheets:
        subject = f"Door sign {s.extra['room']}, {s.extra['date']}" + (
            f" ({s.extra['sheet']})" if s.context["of"] > 1 else ""
        )
        files.append(sheet_file(ctx, s, rendered[s.key], subject))
        by_day[s.extra["date"]].append(s)
    if room is None:
        for day_iso, day_sheets in sorted(by_day.items()):
            files.append(day_batch_file(ctx, day_iso, day_sheets, rendered))
    return files


def day_batch_file(ctx: BuildContext, day_iso: str, sheets: list[Sheet], rendered) -> OutputFile:
    """All of one day's door signs in one file, for batch printing."""
    results, codes, slots = {}, {}, []
    for s in sheets:
        result, pages, qr_codes = rendered[s.key]
        results[result.key] = result
        codes[result.key] = qr_codes
        slots.extend(Slot(result.key, i, furniture=False) for i in pages)
    done = assemble(slots, results, codes, ctx.model.congress.qr.error_correction)
    subject = f"Door signs for {day_iso}"
    data = finish(done.pdf, ctx.doc_info(f"{ctx.model.congress.edition} – {subject}", subject))
    return OutputFile(
        f"signs/{day_iso}/door-signs-{day_iso}-all.pdf",
        "door-sign-batch",
        data,
        len(slots),
        sheets[0].trim_mm,
        ctx.bleed_mm("door-sign"),
        {"date": day_iso},
        done.qr_codes,
    )


def build_simple(
    ctx: BuildContext, sheets: list[Sheet], label: str, subject_key: str, subject: str
) -> list[OutputFile]:
    if not sheets:
        return []
    rendered = render_sheets(ctx, sheets, label)
    files = []
    for s in sheets:
        files.append(sheet_file(ctx, s, rendered[s.key], f"{subject} {s.extra.get(subject_key, '')}".strip()))
    return files


def build_sponsor_boards(ctx: BuildContext) -> list[OutputFile]:
    return build_simple(
        ctx, signs.sponsor_sheets(ctx.model, ctx.logo_urls), "sponsor boards", "topic", "Sponsor board"
    )


def build_directional_signs(ctx: BuildContext) -> list[OutputFile]:
    return build_simple(ctx, signs.directional_sheets(ctx.model), "directional signs", "location", "Directional sign")


def build_notice(ctx: BuildContext, code: str, change: str, moved_to: str | None) -> OutputFile:
    sheet = signs.notice_sheet(ctx.model, code, change, moved_to)
    return build_simple(ctx, [sheet], "notice", "session", "Notice")[0]
