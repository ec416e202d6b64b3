"""The print settings (print.yaml): values in range, product kinds that exist, usable profiles."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from . import intents, model
from .errors import Problem
from .file_checks import inside, is_cmyk_profile
from .kinds import KINDS

if TYPE_CHECKING:
    from .content import Origins

# What print.products.KIND.size would change but cannot: only door signs have a choice of size.
FIXED_SIZES = {
    "booklet": "the booklet is always A5",
    "sponsor-board": "sponsor boards are always A2",
    "directional-sign": "directional signs are always A3",
    "notice": "notices are always A4",
}


def print_settings(po: model.PrintProfile) -> list[tuple[str, model.PrintProfile | model.ProductPrint]]:
    """The project's print settings and each product's own, with where they are set."""
    return [("print", po)] + [(f"print.products.{kind}", pp) for kind, pp in po.products.items()]


def check_print_settings(po: model.PrintProfile, root: Path, add) -> None:
    """The print settings' problems, through cross_check's ``add``: sizes, page counts, ink
    limits and copies out of range, unknown product kinds, and output intents that are
    neither a known condition nor a CMYK profile inside the project."""
    # Print shops ask for 2 to 5 mm; 0 is for a printer that cannot print to the edge anyway.
    for where, owner in print_settings(po):
        if owner.bleed_mm is not None and not 0 <= owner.bleed_mm <= 10:
            add(owner, "bleed_mm", f"{where}.bleed_mm", f"expected 0 to 10 mm, got {owner.bleed_mm:g}")
    if po.saddle_stitch_max_pages < 8 or po.saddle_stitch_max_pages % 4:
        add(
            po,
            "saddle_stitch_max_pages",
            "print.saddle_stitch_max_pages",
            f"expected a multiple of 4, at least 8, got {po.saddle_stitch_max_pages}",
        )
    if po.perfect_min_pages < 4 or po.perfect_min_pages % 2:
        add(
            po,
            "perfect_min_pages",
            "print.perfect_min_pages",
            f"expected an even number, at least 4, got {po.perfect_min_pages}",
        )
    if po.spine_mm is not None and not 0 < po.spine_mm <= 60:
        add(po, "spine_mm", "print.spine_mm", f"expected more than 0 and at most 60 mm, got {po.spine_mm:g}")
    for kind, pp in po.products.items():
        where = f"print.products.{kind}"
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(KINDS)}"
            add(po, "products", where, f"unknown product kind '{kind}'; {hint}")
        elif pp.size is not None and kind in FIXED_SIZES:
            add(
                pp,
                "size",
                f"{where}.size",
                f"{FIXED_SIZES[kind]}: only door signs have a size to choose (A4 or A3); leave it out",
            )
        if pp.quantity is not None and not 1 <= pp.quantity <= 10_000_000:
            add(pp, "quantity", f"{where}.quantity", f"expected 1 to 10,000,000 copies, got {pp.quantity}")
    low, high = intents.INK_LIMITS
    for where, owner in print_settings(po):
        if owner.ink_limit is not None and not low <= owner.ink_limit <= high:
            add(owner, "ink_limit", f"{where}.ink_limit", f"expected {low} to {high} % ink, got {owner.ink_limit:g}")
    for where, owner in print_settings(po):
        value = owner.output_intent
        if value is None or value in intents.NAMES:
            continue
        icc = inside(root, value)
        where = f"{where}.output_intent"
        if icc is None or not icc.is_file():
            named = ", ".join(f"'{n}'" for n in intents.NAMES[1:])
            add(owner, "output_intent", where, f"ICC profile '{value}' not found inside the project; or use {named}")
        elif not is_cmyk_profile(icc):
            add(owner, "output_intent", where, f"'{value}' is not a CMYK ICC output profile")


def print_advice(proj: model.Project, origins: Origins, ink: intents.LayoutInk | None) -> list[Problem]:
    """Warnings about the print settings: a paper described as the other kind than its
    product's output intent, and an ink limit that the layout's heaviest colour (``ink``)
    goes over."""
    out = []
    for kind, pp in proj.print.products.items():
        if kind in KINDS and (mismatch := intents.paper_mismatch(pp.paper, intents.setting(proj, kind))):
            m = origins.mark(pp, "paper")
            out.append(Problem(m.path, m.line, m.col, f"print.products.{kind}.paper", mismatch))
    for where, owner in print_settings(proj.print):
        # A limit out of range is an error already (cross_check), not also a warning.
        if ink is not None and owner.ink_limit is not None and ink.percent > owner.ink_limit >= intents.INK_LIMITS[0]:
            m = origins.mark(owner, "ink_limit")
            message = (
                f"the layout's colours take up to {ink.percent:g} % ink ({ink.colour} in {ink.where}), more than "
                f"{owner.ink_limit:g} %: the preflight will fail; make that colour lighter, or ask the print shop"
            )
            out.append(Problem(m.path, m.line, m.col, f"{where}.ink_limit", message))
    return out
