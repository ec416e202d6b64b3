"""Text folded to plain Latin letters, for sorting names and making ids: accents dropped, the
letters Unicode does not decompose (ø, ł, đ, ß, æ, …) spelt out, and Greek and Cyrillic
transliterated, so that Østergaard sorts under O, Łukasiewicz under L and Παπαδόπουλος under P,
among the other names, rather than after Z."""

from __future__ import annotations

import unicodedata

_LATIN = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe"}
# Greek as ELOT 743 writes it, simplified (η as i, υ as y but ου as ou); after accents are removed.
_GREEK = dict(zip("αβγδεζηικλμνξοπρστυφω", "abgdeziiklmnxoprstyfo", strict=True)) | {
    "θ": "th",
    "χ": "ch",
    "ψ": "ps",
    "ς": "s",
}
_CYRILLIC = dict(zip("абвгдезийклмнопрстуфыэіїґ", "abvgdeziiklmnoprstufyeiig", strict=True)) | {
    "ё": "e",
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
}
_SPELT_OUT = str.maketrans(_LATIN | _GREEK | _CYRILLIC)


def fold(text: str) -> str:
    """Lower case, without accents, in Latin letters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("ου", "ou").translate(_SPELT_OUT)
