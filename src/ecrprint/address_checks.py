"""The addresses that QR codes carry: templates that make web addresses, short enough to scan,
and none that leads to this machine or an example domain."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from . import model
from .errors import Problem
from .schema import is_http_url
from .urls import as_uri, format_url, local_address, room_day_url, session_url, topic_url

if TYPE_CHECKING:
    from .content import Origins

URL_FIELDS = {
    "format": {"base_url", "id"},
    "topic": {"base_url", "id"},
    "session": {"base_url", "slug", "code"},
    "room_day": {"base_url", "room", "date"},
}

# Why an address to this machine, a private network or an example domain is a warning.
LOCAL_ADDRESS = "is a local or example address that no visitor's phone can open, and QR codes would lead there"


def unreachable_addresses(proj: model.Project, origins: Origins) -> list[Problem]:
    """QR codes that would lead to this machine, a private network or an example domain
    (example.org, localhost), which no visitor's phone can open: an import that found no web
    address writes such a placeholder, and printing it would waste every code. Said where the
    address is written: the congress's base URL, a URL template, or the first of a section's
    own addresses (with how many more there are)."""
    c = proj.congress
    out: list[Problem] = []
    if id(c) not in origins.maps:  # the congress section has problems: a stand-in is checked instead
        return out
    why = LOCAL_ADDRESS

    def say(obj, key: str, field: str, message: str) -> None:
        m = origins.mark(obj, key)
        out.append(Problem(m.path, m.line, m.col, field, message))

    if local_address(c.base_url):
        say(
            c, "base_url", "congress.base_url", f"{c.base_url} {why}: set the congress's public address before printing"
        )
    example = {"base_url": c.base_url, "id": "x", "slug": "x", "code": "x", "room": "x", "date": "x"}
    for name in URL_FIELDS:
        template = getattr(c.urls, name)
        if "{base_url}" not in template and local_address(template.format(**example)):
            say(c, "urls", f"congress.urls.{name}", f"{template} {why}: give the public address before printing")
    for section, one, items, label in (
        ("formats", "format", proj.formats, lambda f: f.id),
        ("topics", "topic", proj.topics, lambda t: t.id),
        ("sessions", "session", proj.sessions, lambda s: s.code),
    ):
        local = [item for item in items if item.url and local_address(item.url)]
        if local:
            others, first = len(local) - 1, local[0]
            more = ""
            if others == 1:
                more = f" (so is another {one}'s)"
            elif others:
                more = f" (so are {others} other {one}s')"
            message = f"{first.url} {why}{more}: give the public address, or leave it out to use base_url"
            say(first, "url", f"{section}[{label(first)}].url", message)
    for n in proj.notices:
        if n.link and local_address(n.link):
            where = f"notices[{origins.position(n)}].link"
            say(n, "link", where, f"{n.link} {why}: give the public address, or leave it out for no QR code")
    return out


def check_congress(c: model.Congress, add) -> None:
    """The congress section's address templates (its dates are checked with the days)."""
    for name, allowed in URL_FIELDS.items():
        template = getattr(c.urls, name)
        where = f"congress.urls.{name}"
        try:
            parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        except ValueError as exc:
            add(c, "urls", where, f"invalid template: {exc}")
            continue
        fields = {f for f, _, _ in parts}
        if fields - allowed:
            unknown = sorted(fields - allowed)[0]
            add(c, "urls", where, f"unknown placeholder {{{unknown}}}; use {', '.join(sorted(allowed))}")
        elif any(spec or conv for _, spec, conv in parts):
            # "{slug:>999999}" would pad to any length; a placeholder stands for its value only.
            add(c, "urls", where, "a placeholder takes no format, as in {slug}, not {slug:…} or {slug!r}")
        elif not is_http_url(template.format(base_url=c.base_url, id="x", slug="x", code="x", room="x", date="x")):
            add(c, "urls", where, "does not give an http(s) URL")


# A longer address makes a QR code too dense to scan at the sizes the products print it (about
# 17 mm in the booklet): 300 bytes need 69 x 69 modules at level M, a quarter millimetre each.
MAX_QR_URL_BYTES = 300


def check_qr_urls(proj: model.Project, add) -> None:
    """Every address that a QR code carries must be short enough to scan when printed."""
    c = proj.congress

    def check(obj, key: str, where: str, url: str) -> None:
        size = len(url.encode())
        if size > MAX_QR_URL_BYTES:
            add(
                obj,
                key,
                f"{where}.{key}",
                f"its QR code's address is {size} bytes long, too dense to scan as printed; "
                f"at most {MAX_QR_URL_BYTES}: use a shorter address",
            )

    check(c, "base_url", "congress", as_uri(c.base_url))
    for f in proj.formats:
        check(f, "url" if f.url else "id", f"formats[{f.id}]", format_url(c, f))
    for t in proj.topics:
        check(t, "url" if t.url else "id", f"topics[{t.id}]", topic_url(c, t))
    for s in proj.sessions:
        check(s, "url" if s.url else "code", f"sessions[{s.code}]", session_url(c, s))
    if proj.days:
        day = max(d.date for d in proj.days)  # every date is as long
        for r in proj.rooms:
            check(r, "id", f"rooms[{r.id}]", room_day_url(c, r, day))
