"""The fast HTML tree builder gives WeasyPrint's HTML5 tree, or refuses and leaves it to WeasyPrint."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinyhtml5

from ecrprint import htmltree, pdfrender


def shape(element, in_body: bool = False):
    """A comparable tree. Inside <body> every character counts; outside it, white space that
    HTML5 files elsewhere (and that renders as nothing) is ignored."""
    body = in_body or element.tag == "body"

    def text(value, exact):
        value = value or ""
        return value if exact or value.strip() else ""

    return (
        element.tag,
        sorted(element.attrib.items()),
        text(element.text, body),
        [shape(child, body) for child in element],
        text(element.tail, in_body),
    )


@pytest.mark.parametrize("built", ["sample_built", "mini_built"], ids=["sample", "mini"])
def test_every_document_a_build_renders_parses_to_the_html5_tree(request, built: str):
    """Every document the session's build of the project handed to its renderer."""
    documents = [job.html for job in request.getfixturevalue(built).jobs]
    assert len(documents) > 20
    parsed = 0
    for html in documents:
        expected = tinyhtml5.parse(html, namespace_html_elements=False)
        if "<svg" in html:  # foreign content (the directional signs' arrows) is WeasyPrint's to parse
            assert 'class="way-row' in html, html[:300]  # and only theirs
            with pytest.raises(htmltree.Unsupported, match="<svg>"):
                htmltree.parse(html)
            continue
        assert shape(htmltree.parse(html)) == shape(expected), html[:300]
        parsed += 1
    assert parsed > 20


HEAD = "<!DOCTYPE html><html><head><title>t</title></head><body>"


@pytest.mark.parametrize(
    "body, reason",
    [
        ("<p>a<div>b</div></p>", "<div> inside <p>"),
        ("<table><tr><td>x</td></tr></table>", "<tr> without a table section"),
        ("<ul><li>a<li>b</li></ul>", "<li> inside <li>"),
        ("<table><tbody><div>x</div></tbody></table>", "<div> inside <tbody>"),
        ("<table>stray<tbody></tbody></table>", "text inside <table>"),
        ("<p>open", "</body> does not close the open element"),
        ("<b><i>x</b></i>", "</b> does not close the open element"),
        ("<svg></svg>", "<svg>"),
        ("<!-- note -->", "comment"),
        ('<p class="a" class="b">x</p>', "<p> repeats an attribute"),
    ],
)
def test_what_html5_would_repair_is_left_to_weasyprint(body: str, reason: str):
    with pytest.raises(htmltree.Unsupported, match=reason):
        htmltree.parse(HEAD + body + "</body></html>")


def test_a_refused_document_still_renders_through_weasyprints_parser(tmp_path: Path):
    html = HEAD + "<p>before<div>inside</div>after</p></body></html>"
    result = pdfrender.render(pdfrender.RenderJob("x", html, (str(tmp_path),)))
    assert result.pages == 1 and result.warnings == []
