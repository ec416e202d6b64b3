"""Online URLs for formats, topics, sessions and room days, from the congress's templates."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from . import model


def slug(text: str) -> str:
    """A lowercase, URL- and id-safe form of a code or name ("RC 1203" -> "rc-1203")."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("³", "3")).strip("-")
    return out or "x"


def _fill(c: model.Congress, template: str, **fields: str) -> str:
    """A template with its placeholders filled. The fields are percent-encoded: a session's
    code ("NH 1", "Ü #1?") would otherwise put a space, a fragment or a query into the address
    a phone reads from its QR code. Ids, slugs and dates are safe as they are."""
    return template.format(base_url=c.base_url.rstrip("/"), **{k: quote(v, safe="") for k, v in fields.items()})


def format_url(c: model.Congress, f: model.Format) -> str:
    return as_uri(f.url or _fill(c, c.urls.format, id=f.id))


def topic_url(c: model.Congress, t: model.Topic) -> str:
    return as_uri(t.url or _fill(c, c.urls.topic, id=t.id))


def session_url(c: model.Congress, s: model.Session) -> str:
    return as_uri(s.url or _fill(c, c.urls.session, slug=slug(s.code), code=s.code))


def room_day_url(c: model.Congress, room: model.Room, day: date) -> str:
    return as_uri(_fill(c, c.urls.room_day, room=room.id, date=day.isoformat()))


# What stays as it is in an address's path, query and fragment: every ASCII character an
# address may hold, and escapes already written.
_URI_SAFE = "/:@!$&'()*+,;=?#[]~%"


def as_uri(url: str) -> str:
    """An address written with letters beyond ASCII ("https://münchen.de/kongreß") as the
    ASCII a QR code and a PDF link must carry: the host in IDNA ("xn--mnchen-3ya.de"), the
    rest percent-encoded as UTF-8. A phone's scanner that reads a code's bytes as Latin-1
    would otherwise open a garbled address. ASCII addresses are left as they are."""
    if url.isascii():
        return url
    try:
        parts = urlsplit(url)
        host, netloc = parts.hostname or "", parts.netloc
        if not host.isascii():
            user, at, _ = netloc.rpartition("@")
            port = f":{parts.port}" if parts.port is not None else ""
            netloc = user + at + host.encode("idna").decode("ascii") + port
    except (ValueError, UnicodeError):  # not an address the check would let through
        return url
    return urlunsplit(
        (
            parts.scheme,
            quote(netloc, safe=_URI_SAFE),
            quote(parts.path, safe=_URI_SAFE),
            quote(parts.query, safe=_URI_SAFE),
            quote(parts.fragment, safe=_URI_SAFE),
        )
    )


def readable(url: str) -> str:
    """An address as a person reads it: the host and the percent-encoded letters of ``as_uri``
    turned back into their own letters; escapes that are not UTF-8 letters (a space, a slash
    or a "#" of a session code) stay as they are."""
    if "xn--" not in url and "%" not in url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if "xn--" in host:
        try:
            netloc = netloc.replace(host, host.encode("ascii").decode("idna"), 1)
        except UnicodeError:
            pass
    return urlunsplit((parts.scheme, netloc, *(_letters(x) for x in (parts.path, parts.query, parts.fragment))))


def _letters(text: str) -> str:
    """Percent-escapes of letters beyond ASCII decoded; the others left as they are."""

    def letters(m: re.Match) -> str:
        try:
            decoded = unquote(m.group(), errors="strict")
        except UnicodeDecodeError:  # bytes that are no UTF-8 text
            return m.group()
        return "".join(ch if not ch.isascii() else quote(ch, safe="") for ch in decoded)

    return re.sub(r"(?:%[0-9A-Fa-f]{2})+", letters, text)


def local_address(url: str) -> bool:
    """Whether an address leads to this machine, a private network or a reserved example domain."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "https://[bad": not an address at all; the project's check says so
        return False
    reserved = (
        "localhost",
        "local",
        "test",
        "invalid",
        "example",
        "internal",
        "example.org",
        "example.com",
        "example.net",
    )
    if any(host == name or host.endswith("." + name) for name in reserved):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
