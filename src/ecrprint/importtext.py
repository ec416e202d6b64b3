"""Plain text from the HTML or Markdown of an imported schedule, and ids made from names."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from .textfold import fold

_BLOCK_TAGS = {
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}
_MARKDOWN = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"(?m)^ {0,3}\[[^\]]+\]:\s*\S+.*$"), ""),  # [ref]: url
    (
        re.compile(r"(?m)^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$"),
        r"\1",
    ),  # headings
    (re.compile(r"(?m)^ {0,3}>[ \t]?"), ""),  # block quotes
    (re.compile(r"(?m)^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),  # rules
    (re.compile(r"(?m)^[ \t]*[-*+][ \t]+"), ""),  # bullet markers
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **strong**, ~~strike~~
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"`+([^`]+)`+"), r"\1"),  # `code`
]
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
# Latin ligatures typed as one character ("ﬁ", "ﬂ", "ﬀ"…, from text pasted out of a PDF): their
# letters, which the fonts join again where they have the ligature. As characters, the bundled
# fonts lack them, and they would stop the import's check.
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, skipping scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def to_plain_text(s: str) -> str:
    """Plain text of an abstract or description (HTML or Markdown): markup gone, spaces collapsed."""
    if not s:
        return ""
    text = _AUTOLINK.sub(r"\1", s)
    if "<" in text or "&" in text:
        extractor = _TextExtractor()
        extractor.feed(text)
        extractor.close()
        text = "".join(extractor.parts)
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return " ".join(text.translate(_LIGATURES).split())


def clean_text(s: str) -> str:
    """A plain-text field (title, name, room) as given, with its whitespace collapsed.

    frab and pretalx export these as text, not markup: "__init__", "<template>" and
    "a<b" are what the speaker wrote, and the booklet's templates escape them. The text is
    composed (NFC): "é" typed as e and a combining accent on one system and as one letter on
    another is one speaker, not two that print alike, and a ligature typed as one character
    ("ﬁ") is its letters.
    """
    return unicodedata.normalize("NFC", " ".join(s.translate(_LIGATURES).split()))


def slugify(name: str) -> str:
    """A lowercase ``a-z0-9-`` id for a name; empty if nothing of it is ASCII-like."""
    text = fold(name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
