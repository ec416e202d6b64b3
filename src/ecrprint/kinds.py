"""The product kinds a build makes, by name: known before the modules that make them load."""

from __future__ import annotations

from .errors import UsageError

KINDS = ("booklet", "door-sign", "sponsor-board", "directional-sign", "notice")


def wanted_kinds(only: str | None) -> tuple[str, ...] | None:
    """The kinds ``--only`` names: one, or several separated by commas (as the command line
    joins them); None for every kind."""
    if only is None:
        return None
    return tuple(k.strip() for k in only.split(","))


def joined_kinds(values: list[str] | None) -> str | None:
    """``--only`` given once or more, each a kind or a comma-separated list: one string, the
    kinds in their usual order and each once, so that the same choice is always the same text."""
    if not values:
        return None
    named = {k.strip() for value in values for k in value.split(",") if k.strip()}
    return ",".join([k for k in KINDS if k in named] + sorted(named - set(KINDS)))


def check_kind(only: str | None) -> None:
    """Product kinds for --only, or a usage error that lists them."""
    for kind in wanted_kinds(only) or ():
        if kind not in KINDS:
            import difflib

            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageError(f"unknown product kind '{kind}'; {hint}choose from {', '.join(KINDS)}")
