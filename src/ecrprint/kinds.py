"""The product kinds a build makes, by name: known before the modules that make them load."""

from __future__ import annotations

from .errors import UsageError

KINDS = ("booklet", "door-sign", "sponsor-board", "directional-sign", "notice")


def check_kind(only: str | None) -> None:
    """A product kind for --only, or a usage error that lists them."""
    if only is not None and only not in KINDS:
        import difflib

        close = difflib.get_close_matches(only, KINDS, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise UsageError(f"unknown product kind '{only}'; {hint}choose from {', '.join(KINDS)}")
