"""Online URLs for formats, topics, sessions and room days, from the congress's templates."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from urllib.parse import quote, urlsplit

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
    return f.url or _fill(c, c.urls.format, id=f.id)


def topic_url(c: model.Congress, t: model.Topic) -> str:
    return t.url or _fill(c, c.urls.topic, id=t.id)


def session_url(c: model.Congress, s: model.Session) -> str:
    return s.url or _fill(c, c.urls.session, slug=slug(s.code), code=s.code)


def room_day_url(c: model.Congress, room: model.Room, day: date) -> str:
    return _fill(c, c.urls.room_day, room=room.id, date=day.isoformat())


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
