"""Text folded to plain letters, for sorting names and making ids: accents dropped, and the
letters Unicode does not decompose (ø, ł, đ, ß, æ, …) spelt out, so that Østergaard sorts
under O and Łukasiewicz under L rather than after Z."""

from __future__ import annotations

import unicodedata

_SPELT_OUT = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def fold(text: str) -> str:
    """Lower case, without accents, with the undecomposable letters spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPELT_OUT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
