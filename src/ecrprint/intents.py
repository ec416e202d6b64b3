"""The printing condition each product is prepared for: its PDF/X output intent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import model
from .paths import Layout

# ecrprint's own profiles, each built from FOGRA's free characterisation data (see
# layouts/print/PROVENANCE.md): setting -> file in layouts/, condition identifier, condition,
# and the total area coverage it separates to: what print shops ask for on such paper, in %.
BUNDLED = {
    "coated": ("print/fogra39-ecrprint.icc", "FOGRA39", "Offset printing on coated paper (FOGRA39)", 330),
    "uncoated": ("print/fogra29-ecrprint.icc", "FOGRA29", "Offset printing on uncoated paper (FOGRA29)", 300),
}
INK_LIMITS = (150, 400)  # the ink limits a project may set, in %: from newsprint to the heaviest sheet-fed
DEFAULT = "coated"
NAMES = ("default", *BUNDLED)  # the settings that are not a profile file of the project's own

# How papers are described, in English and in the languages of the print shops a European
# congress is likely to use (German, French, Italian, Spanish, Dutch): "uncoated" words are
# taken out before "coated" ones are looked for, so "ungestrichen" is not read as "gestrichen".
_UNCOATED = re.compile(
    r"\buncoated\b|\bnatural\b|\boffset ?paper\b|\bungestrichen|\bnaturpapier|\boffsetpapier"
    r"|\bnon[ -]couch[ée]|\bnon[ -]patinat[ao]|\buso mano\b|\b(?:no|sin) estuca|\bongestreken",
    re.I,
)
_COATED = re.compile(
    r"(?<!un)coated\b|\bsilk\b|\bgloss|\bmatt?e?\b|\bart paper\b|\bsatin\b"
    r"|\bgestrichen|\bbilderdruck|\bkunstdruck|\bcouch[ée]|\bpatinat[ao]|\bestucad[ao]|\bcuch[ée]|\bgestreken",
    re.I,
)


@dataclass(frozen=True)
class OutputIntent:
    profile: Path
    condition: str  # the OutputConditionIdentifier: FOGRA39, or the project's profile's file stem
    description: str  # the OutputCondition, in words
    shown: str  # as the job ticket names it
    ink_limit: float | None = None  # the most C + M + Y + K allowed, in %; None: not known


def product_of(kind: str) -> str:
    """The product whose print settings a file kind follows: the printer spreads and the
    cover follow the booklet's, a day's batch of door signs the door signs'."""
    return kind.replace("imposed-", "").replace("-batch", "").replace("-cover", "")


def setting(proj: model.Project, kind: str) -> str:
    """A product's output intent as the content sets it: its own, or the project's."""
    product = proj.print.products.get(product_of(kind))
    if product is not None and product.output_intent is not None:
        return product.output_intent
    return proj.print.output_intent


def ink_setting(proj: model.Project, kind: str) -> float | None:
    """A product's ink limit as the content sets it: its own, or the project's; None if neither does."""
    product = proj.print.products.get(product_of(kind))
    if product is not None and product.ink_limit is not None:
        return product.ink_limit
    return proj.print.ink_limit


def resolve(layout: Layout, value: str, ink_limit: float | None = None) -> OutputIntent:
    """The profile and condition of an output intent setting, and the ink limit that holds for
    it: the one the content sets, else the bundled profile's (none for a shop's own profile)."""
    name = DEFAULT if value == "default" else value
    if name in BUNDLED:
        file, condition, description, separated_to = BUNDLED[name]
        limit = separated_to if ink_limit is None else ink_limit
        return OutputIntent(layout.find(file), condition, description, f"{condition} (ecrprint build)", limit)
    profile = (layout.project / value).resolve()
    return OutputIntent(profile, profile.stem, f"The print shop's profile {profile.stem}", profile.name, ink_limit)


_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CMYK = re.compile(r"device-cmyk\(([^)/,]*)", re.I)  # the four values, before any alpha or fallback


@dataclass(frozen=True)
class LayoutInk:
    """The most ink any colour of a layout asks for."""

    percent: float
    colour: str  # as written
    where: str  # the file, as the project sees it


def layout_ink(layout: Layout) -> LayoutInk | None:
    """The layout's heaviest colour: every device-cmyk() of its stylesheets and templates (a
    project's own files in place of the bundled ones of the same name), comments aside; of
    colours as heavy, the first a stylesheet gives."""
    files: dict[Path, Path] = {}
    for folder in reversed(layout.layout_dirs):  # the bundled layouts first, the project's over them
        inside = folder.resolve()
        for path in sorted(folder.rglob("*")):
            # A link that leads out of the layouts is not read: its text could reach a message.
            if path.suffix in (".css", ".j2") and path.is_file() and path.resolve().is_relative_to(inside):
                files[path.relative_to(folder)] = path
    best = None
    for name, path in sorted(files.items(), key=lambda item: (item[0].suffix != ".css", item[0])):  # stylesheets first
        for found in _CMYK.finditer(_COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))):
            values = found.group(1).split()
            try:
                total = sum(float(v[:-1]) if v.endswith("%") else 100 * float(v) for v in values[:4])
            except ValueError:
                continue  # a template's placeholder, not a colour
            if len(values) == 4 and (best is None or total > best.percent):
                shown = Path("layouts") / name
                best = LayoutInk(total, f"device-cmyk({' '.join(values)})", str(shown))
    return best


def paper_mismatch(paper: str | None, value: str) -> str | None:
    """What is wrong when a product's paper, as its settings describe it, is of the other kind
    than the bundled profile it is prepared for: the print shop would match colours to the
    wrong paper. A profile of the project's own is the print shop's choice, never questioned."""
    name = DEFAULT if value == "default" else value
    if not paper or name not in BUNDLED:
        return None
    uncoated = bool(_UNCOATED.search(paper))
    coated = bool(_COATED.search(_UNCOATED.sub("", paper)))
    if name == "coated" and uncoated and not coated:
        return (
            f"the paper is uncoated ('{paper}') but the output intent is for coated paper: set output_intent: uncoated"
        )
    if name == "uncoated" and coated and not uncoated:
        return f"the paper is coated ('{paper}') but the output intent is for uncoated paper: set output_intent: coated"
    return None
