"""A fast HTML parser for the documents ecrprint's templates make.

WeasyPrint parses HTML with a complete, pure-Python HTML5 parser, which costs about as much as
laying out a short part. Our templates write every element out in full, so a simple tree
builder on the standard library's tokenizer gives the same tree in a fraction of the time. It
builds a tree only where that tree is certain to equal the HTML5 parser's: any construct where
HTML5 parsing would add, move or close elements by itself (a block inside a paragraph, a row
straight in a table, a missing end tag, foreign content and the like) raises ``Unsupported``, and
the caller then hands the text to WeasyPrint's own parser. The test suite compares both trees
for every document a build renders.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Start tags that close an open <p> in HTML5 parsing.
CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl dd dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table ul".split()
)
# Elements whose parsing HTML5 treats specially (raw text, foreign content, forms, base URL).
SPECIAL = frozenset(
    "base button frame frameset iframe listing math noembed noframes noscript optgroup option "
    "plaintext pre select svg template textarea xmp".split()
)
# Start tags that end an open element of the same name in HTML5 parsing.
SELF_CLOSING = frozenset("li dt dd td th tr a".split())
# What may open directly inside these elements without HTML5 moving anything around.
ALLOWED_IN = {
    "html": frozenset(["head", "body"]),
    "head": frozenset(["meta", "link", "style", "title"]),
    "table": frozenset(["caption", "colgroup", "thead", "tbody", "tfoot"]),
    "thead": frozenset(["tr"]),
    "tbody": frozenset(["tr"]),
    "tfoot": frozenset(["tr"]),
    "tr": frozenset(["td", "th"]),
    "colgroup": frozenset(["col"]),
}
# Elements where HTML5 moves text out (to the body, or in front of the table).
NO_TEXT = frozenset(["html", "head", "table", "thead", "tbody", "tfoot", "tr", "colgroup"])


class Unsupported(Exception):
    """The document needs HTML5's error-correcting parser; use WeasyPrint's."""


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: ET.Element | None = None
        self.body: ET.Element | None = None
        self.open: list[ET.Element] = []
        self.doctype = False
        self.closed: ET.Element | None = None  # the element whose tail takes the next text

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html" or self.root is not None:
            raise Unsupported(f"<!{decl}>")
        self.doctype = True

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in SPECIAL:
            raise Unsupported(f"<{tag}>")
        names = [e.tag for e in self.open]
        if self.root is None:
            if tag != "html":
                raise Unsupported("content before <html>")
        elif not names or (self.body is not None and self.body not in self.open):
            raise Unsupported(f"<{tag}> outside <body>")
        elif tag in CLOSES_P and "p" in names:
            raise Unsupported(f"<{tag}> inside <p>")
        elif tag == "tr" and names[-1] == "table":
            raise Unsupported("<tr> without a table section")
        elif tag in SELF_CLOSING and tag in names:
            raise Unsupported(f"<{tag}> inside <{tag}>")
        elif tag not in ALLOWED_IN.get(names[-1], (tag,)):
            raise Unsupported(f"<{tag}> inside <{names[-1]}>")
        elif tag in ("html", "head", "body") and tag in (e.tag for e in self.root.iter()):
            raise Unsupported(f"a second <{tag}>")
        if len({name for name, _ in attrs}) != len(attrs):
            raise Unsupported(f"<{tag}> repeats an attribute")
        element = ET.Element(tag, {name: value or "" for name, value in attrs})
        if self.root is None:
            self.root = element
        else:
            self.open[-1].append(element)
        if tag == "body":
            self.body = element
        self.closed = element if tag in VOID else None
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1].tag != tag:
            raise Unsupported(f"</{tag}> does not close the open element")
        self.closed = self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.body is not None and self.body not in self.open:
            # HTML5 moves white space after </body> (or </html>) to the end of the body.
            if data.strip():
                raise Unsupported("text after </body>")
            target, last = self.body, (self.body[-1] if len(self.body) else None)
        elif not self.open:
            if data.strip():
                raise Unsupported("text outside <html>")
            return
        else:
            if self.open[-1].tag in NO_TEXT and data.strip():
                raise Unsupported(f"text inside <{self.open[-1].tag}>")
            target, last = self.open[-1], self.closed
            if last is None and len(target):
                last = target[-1]
        if last is not None:
            last.tail = (last.tail or "") + data
        else:
            target.text = (target.text or "") + data

    def handle_comment(self, data: str) -> None:
        raise Unsupported("comment")

    def handle_pi(self, data: str) -> None:
        raise Unsupported("processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise Unsupported(f"<![{data}]>")


def parse(html: str) -> ET.Element:
    """The document's tree, as WeasyPrint's HTML5 parser would build it (without namespaces)."""
    if "\0" in html:
        raise Unsupported("a NUL character")
    builder = _TreeBuilder()
    builder.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    builder.close()
    if not builder.doctype or builder.root is None or builder.body is None or builder.open:
        raise Unsupported("not a complete HTML document")
    head = builder.root[0] if len(builder.root) else None
    if head is None or head.tag != "head" or builder.root[-1] is not builder.body or len(builder.root) != 2:
        raise Unsupported("<html> must hold <head> and <body>")
    return builder.root


def weasyprint_document(html: str, base_url: str, url_fetcher):
    """A weasyprint.HTML for the document, parsed here when possible, else by WeasyPrint."""
    import cssselect2
    from weasyprint import HTML
    from weasyprint.urls import ensure_url

    try:
        root = parse(html)
    except Unsupported:
        return HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
    # What HTML.__init__ sets once it has a tree (WeasyPrint 70, which pyproject.toml pins).
    document = HTML.__new__(HTML)
    document.base_url = ensure_url(base_url)
    document.url_fetcher = url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
