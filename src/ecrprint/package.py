"""The print-shop package: the final PDFs, their manifest and a job ticket as PDF and HTML."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from . import views
from .assemble import Slot
from .context import BuildContext
from .errors import BuildError
from .finish import version_date
from .intents import product_of
from .pdfrender import RenderJob, RenderResult
from .render import render_template
from .words import english

# What the print shop prints. Single door signs stay in output/signs/ for on-site printing;
# the shop gets each day's door signs as one file.
PACKAGE_KINDS = (
    "booklet",
    "imposed-booklet",
    "booklet-cover",
    "door-sign-batch",
    "sponsor-board",
    "directional-sign",
    "notice",
)
PRODUCT_NAMES = {
    "booklet": "Programme booklet",
    "imposed-booklet": "Programme booklet, printer spreads",
    "booklet-cover": "Programme booklet, cover (outside)",
    "door-sign-batch": "Door signs",
    "sponsor-board": "Sponsor board",
    "directional-sign": "Directional sign",
    "notice": "Notice",
}
PRINT_DIR = "print"
TICKET = "job-ticket.pdf"  # the job ticket, in PRINT_DIR


def _print_settings(ctx: BuildContext, kind: str) -> dict:
    settings = ctx.model.print.products.get(product_of(kind))
    return {
        "quantity": settings.quantity if settings and settings.quantity else None,
        "paper": settings.paper if settings and settings.paper else None,
    }


def _detail(entry: dict) -> str:
    for key in ("topic", "location", "date"):
        if key in entry:
            value = entry[key]
            if key == "date":
                return views.long_date(date.fromisoformat(value))
            # A topic shared out over several boards: which of them this is.
            sheet = entry.get("sheet", "1/1")
            return str(value) + (f", board {sheet.replace('/', ' of ')}" if sheet != "1/1" else "")
    if entry.get("kind") == "booklet-cover":
        return f"spine {entry.get('spine_mm', 0):g} mm, for {entry.get('book_pages')} pages; inside blank"
    if entry.get("kind") == "imposed-booklet":
        return "the booklet above as printer spreads: print one of the two files, not both"
    if entry.get("kind") == "notice":
        return f"{entry.get('session')} · {entry.get('change')}"
    return ""


def ticket_rows(ctx: BuildContext, manifest: dict) -> list[dict]:
    rows = []
    binding = ctx.model.print.binding
    entries = [e for e in manifest["products"] if e["kind"] in PACKAGE_KINDS]
    entries.sort(key=lambda e: (PACKAGE_KINDS.index(e["kind"]), e["path"]))
    for e in entries:
        name = Path(e["path"]).name
        is_booklet = e["kind"] in ("booklet", "imposed-booklet", "booklet-cover")
        rows.append(
            {
                "file": name,
                "kind": e["kind"],
                "product": PRODUCT_NAMES[e["kind"]],
                "detail": _detail(e),
                "trim": f"{e['trim_mm'][0]:g} × {e['trim_mm'][1]:g} mm",
                "bleed": f"{e['bleed_mm']:g} mm",
                "pages": e["pages"],
                "colour": f"CMYK, {e.get('pdf_variant', 'pdf/x-4').upper()}",
                "intent": e.get("output_intent"),
                "ink_limit": e.get("ink_limit"),
                "binding": {"saddle-stitch": "Saddle-stitch", "perfect": "Perfect bound", "none": "Loose pages"}[
                    binding
                ]
                if is_booklet
                else "Single sheets",
                **_print_settings(ctx, e["kind"]),
                # The same booklet twice, in reading order and as printer spreads: the copies
                # are counted once, against the first, or a shop could print them twice over.
                "same_as": "booklet.pdf" if e["kind"] == "imposed-booklet" else None,
                "sha256": e["sha256"],
                "source": e["path"],
                "entry": e,
            }
        )
    return rows


def ticket_context(ctx: BuildContext, rows: list[dict]) -> dict:
    """What the job ticket's template shows, but for the choice of standalone HTML or print."""
    c = ctx.model.congress
    return {
        "congress": views.congress_view(ctx.model, english()),  # the print shop's: English
        "rows": rows,
        # Each output intent in use, the project's own first: the table names each file's.
        "profile_names": list(dict.fromkeys(ctx.intent(k).shown for k in ["job-ticket", *(r["kind"] for r in rows)])),
        # The total ink each file may take, the lowest first; "as listed" when they differ.
        "ink_limits": sorted({r["ink_limit"] for r in rows if r["ink_limit"] is not None}),
        "ink_unknown": any(r["intent"] and r["ink_limit"] is None for r in rows),
        "total_files": len(rows),
        # The printer spreads are the booklet again: the pages to print count it once.
        "total_pages": sum(r["pages"] for r in rows if not r["same_as"]),
        "alternatives": [r["file"] for r in rows if r["same_as"]],
        "crop_marks": ctx.model.print.crop_marks,
        "stamp": version_date(c.version, c.start).isoformat(),
    }


def _sums_job(ctx: BuildContext, rows: list[dict], ticket: RenderResult) -> RenderJob:
    """The ticket's checksum lines, one page per ticket page, each line at the place the
    ticket kept for it. The checksums change with every edit and the rest of the ticket
    seldom does: this small document is all that is rendered again."""
    pages = []
    for anchors in ticket.anchors:
        lines = []
        for number, row in enumerate(rows, start=1):
            place = anchors.get(f"sum-{number}")
            if place is not None:
                lines.append({"x": round(place[0], 3), "y": round(place[1], 3), "sha256": row["sha256"]})
        pages.append(lines)
    html = render_template(ctx.env, "job-ticket/sums.html.j2", pages=pages, version=ctx.model.congress.version)
    return RenderJob("job-ticket-sums", html, ctx.layout.allowed_roots)


def build_package(ctx: BuildContext, out_dir: Path, manifest: dict, new_files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of output/print/: copies of the print PDFs, the job ticket, and a manifest.
    Files not rebuilt now are read from the previous output."""
    rows = ticket_rows(ctx, manifest)
    package: dict[str, bytes] = {}
    for row in rows:
        data = new_files.get(row["source"])  # listed from these very bytes
        if data is None:
            try:
                data = (out_dir / row["source"]).read_bytes()
            except OSError as exc:
                raise BuildError(f"cannot add {row['source']} to the print package: {exc.strerror}") from None
            if hashlib.sha256(data).hexdigest() != row["sha256"]:
                raise BuildError(f"{row['source']} changed since it was listed; rebuild with `ecrprint build`")
        package[f"{PRINT_DIR}/{row['file']}"] = data
    names = [r["file"] for r in rows]
    if len(set(names)) != len(names):
        raise BuildError("two print files share a name; the print package needs unique names")
    c = ctx.model.congress
    context = ticket_context(ctx, rows)
    html_standalone = render_template(ctx.env, "job-ticket/ticket.html.j2", **context, standalone=True)
    html_print = render_template(ctx.env, "job-ticket/ticket.html.j2", **context, standalone=False)
    result = ctx.renderer.run([RenderJob("job-ticket", html_print, ctx.layout.allowed_roots)], "job ticket")[
        "job-ticket"
    ]
    sums = ctx.renderer.run([_sums_job(ctx, rows, result)], "job ticket")["job-ticket-sums"]
    slots = [Slot("job-ticket", i) for i in range(result.pages)]
    info = ctx.doc_info(f"{c.edition} – print job ticket", "Print job ticket", "job-ticket")
    package[f"{PRINT_DIR}/{TICKET}"] = ctx.finished_pdf(slots, {"job-ticket": result}, info, [sums])[0]
    package[f"{PRINT_DIR}/job-ticket.html"] = html_standalone.encode("utf-8")
    # Each file with everything its entry in the output's manifest says (its QR codes, its
    # binding's page rule, its spine): the print shop's preflight of the package checks what
    # the preflight of the output folder checks.
    files = [
        {
            **r["entry"],
            "path": r["file"],
            "product": r["product"],
            "detail": r["detail"],
            "pages": r["pages"],
            "sha256": r["sha256"],
        }
        for r in rows
    ]
    for name in ("job-ticket.pdf", "job-ticket.html"):
        files.append(
            {"path": name, "kind": "job-ticket", "sha256": hashlib.sha256(package[f"{PRINT_DIR}/{name}"]).hexdigest()}
        )
    package_manifest = {"congress": c.id, "version": c.version, "products": files}
    package[f"{PRINT_DIR}/SHA256SUMS"] = "".join(f"{r['sha256']}  {r['file']}\n" for r in rows).encode()
    package[f"{PRINT_DIR}/manifest.json"] = (json.dumps(package_manifest, indent=2, ensure_ascii=False) + "\n").encode()
    return package
