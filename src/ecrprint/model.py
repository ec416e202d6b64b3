"""The typed content model: what a congress programme is made of."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# Field metadata keys understood by the schema converter (schema.py).
URL = {"check": "url"}
IDENT = {"check": "id"}
TIME = {"check": "time"}
TITLE = {"check": "title"}  # at most schema.MAX_TITLE characters
CODE = {"check": "code"}  # at most schema.MAX_CODE characters
LANGUAGE = {"check": "language"}  # a language tag: en, de-AT
MINUTES_A_DAY = 24 * 60


@dataclass(frozen=True)
class UrlTemplates:
    """Templates for the online pages that QR codes link to."""

    format: str = "{base_url}/formats/{id}"
    topic: str = "{base_url}/hands-on-workshops/{id}"
    session: str = "{base_url}/sessions/{slug}"
    room_day: str = "{base_url}/rooms/{room}/{date}"


@dataclass(frozen=True)
class QrSettings:
    """QR code settings."""

    error_correction: Literal["L", "M", "Q", "H"] = "M"


@dataclass(frozen=True)
class Congress:
    """The congress itself."""

    id: str = field(metadata=IDENT)
    name: str
    edition: str
    start: date
    end: date
    venue: str
    organiser: str
    base_url: str = field(metadata=URL)
    version: str
    city: str | None = None
    language: str = field(default="en", metadata=LANGUAGE)
    sample_note: str | None = None
    # A short label for every page and sign that shows invented data (a sample project).
    sample_mark: str | None = None
    # Names the timetable gives a group, not one person ("ECR Faculty"): never in two places at once.
    group_names: list[str] = field(default_factory=list)
    urls: UrlTemplates = UrlTemplates()
    qr: QrSettings = QrSettings()


@dataclass(frozen=True)
class ProductPrint:
    """Per-product print settings."""

    size: Literal["A4", "A3"] | None = None
    quantity: int | None = None
    paper: str | None = None
    bleed_mm: float | None = None
    # "coated", "uncoated" or a profile file of the project's; unset: the project's (print.output_intent).
    output_intent: str | None = None
    # The most ink (C + M + Y + K, in %) the print shop allows; unset: the project's (print.ink_limit).
    ink_limit: float | None = None


@dataclass(frozen=True)
class PrintProfile:
    """How the print shop receives the files."""

    bleed_mm: float = 3.0
    binding: Literal["saddle-stitch", "perfect", "none"] = "saddle-stitch"
    # Stapled through the fold, a booklet of more pages bulges and its inner pages creep out:
    # about 96 pages (24 sheets of 80 g/m² paper) is what print shops commonly take.
    saddle_stitch_max_pages: int = 96
    # Glued at the spine, a book block needs some thickness to hold: below about 32 pages (a 1.6 mm
    # spine of 80 g/m² paper) print shops saddle-stitch instead.
    perfect_min_pages: int = 32
    # A perfect-bound booklet's spine; by default 0.1 mm per leaf (80 g/m² uncoated paper).
    spine_mm: float | None = None
    pdf_variant: Literal["pdf/x-4", "pdf/x-1a"] = "pdf/x-4"
    output_intent: str = "default"
    # The most ink (C + M + Y + K, in %) the print shop allows anywhere on a sheet; unset: what the
    # bundled profiles separate to (330 % coated, 300 % uncoated), none for the shop's own profile.
    ink_limit: float | None = None
    crop_marks: bool = False
    products: dict[str, ProductPrint] = field(default_factory=dict)


@dataclass(frozen=True)
class Notes:
    """Texts printed with the hands-on workshops."""

    acknowledgement: str
    vendor_neutrality: str


@dataclass(frozen=True)
class Family:
    """A group of session formats, such as E³."""

    id: str = field(metadata=IDENT)
    name: str
    description: str | None = None


@dataclass(frozen=True)
class Fact:
    """One fact the congress states about a format: a label and its items."""

    label: str
    items: list[str]


@dataclass(frozen=True)
class Format:
    """A session format such as the Refresher Courses."""

    id: str = field(metadata=IDENT)
    name: str
    description: str
    abbreviation: str | None = None
    family: str | None = None
    facts: list[Fact] = field(default_factory=list)
    url: str | None = field(default=None, metadata=URL)
    highlight: bool = False  # its sessions are listed under their day at a glance (the plenaries)


@dataclass(frozen=True)
class Supporter:
    """A vendor or project that supports workshops."""

    id: str = field(metadata=IDENT)
    name: str
    logo: str | None = None


@dataclass(frozen=True)
class Support:
    """A supporter and what it provides."""

    supporter: str
    provides: str | None = None


@dataclass(frozen=True)
class Workshop:
    """A named workshop within a hands-on topic."""

    id: str = field(metadata=IDENT)
    title: str = field(metadata=TITLE)
    support: list[Support] = field(default_factory=list)


@dataclass(frozen=True)
class Topic:
    """A hands-on workshop topic."""

    id: str = field(metadata=IDENT)
    name: str = field(metadata=TITLE)
    description: str | None = None
    support: list[Support] = field(default_factory=list)
    # The programme's own words about who supports the topic and its workshops: printed as
    # written, in place of the sentences made from the support entries.
    statement: str | None = None
    workshops: list[Workshop] = field(default_factory=list)
    url: str | None = field(default=None, metadata=URL)


@dataclass(frozen=True)
class Room:
    """A room of the venue."""

    id: str = field(metadata=IDENT)
    name: str
    level: str | None = None
    capacity: int | None = None


Arrow = Literal["ahead", "left", "right", "back", "ahead-left", "ahead-right", "back-left", "back-right", "up", "down"]


@dataclass(frozen=True)
class Direction:
    """Rooms that lie in one direction from a sign location."""

    arrow: Arrow
    rooms: list[str]
    note: str | None = None


@dataclass(frozen=True)
class Signpost:
    """A place where a directional sign stands."""

    id: str = field(metadata=IDENT)
    name: str
    directions: list[Direction]


@dataclass(frozen=True)
class Day:
    """A congress day; times are minutes after that day's midnight."""

    date: date
    opens: int = field(default=8 * 60, metadata=TIME)
    closes: int = field(default=19 * 60, metadata=TIME)
    label: str | None = None


@dataclass(frozen=True)
class Lecture:
    """A lecture within a session; start and end, when given, are on its session's clock."""

    title: str = field(metadata=TITLE)
    speakers: list[str] = field(default_factory=list)
    start: int | None = field(default=None, metadata=TIME)
    end: int | None = field(default=None, metadata=TIME)  # by default: when the next lecture starts


@dataclass(frozen=True)
class Session:
    """A timetabled session; start and end are minutes after its day's midnight."""

    code: str = field(metadata=CODE)
    format: str
    title: str = field(metadata=TITLE)
    room: str
    day: date
    start: int = field(metadata=TIME)
    end: int = field(metadata=TIME)
    chairs: list[str] = field(default_factory=list)
    moderators: list[str] = field(default_factory=list)
    workshop: str | None = None
    url: str | None = field(default=None, metadata=URL)
    lectures: list[Lecture] = field(default_factory=list)
    # The organisers' word that a warning of the people check is no mistake: the sessions
    # whose people this one shares at the same time on purpose (a chair handing over), and
    # the names written elsewhere that are other people than the alike ones written here.
    double_booked_with: list[str] = field(default_factory=list)
    not_the_same_as: list[str] = field(default_factory=list)

    def lecture_times(self) -> list[tuple[int, int | None]] | None:
        """Each lecture's start and end as minutes after the session's day's midnight, or None
        unless every lecture has a start. A time before the session's start that falls inside
        it a day later is after midnight ("00:15" in a session 23:30–00:30 is 24:15). A lecture
        without an end has None: it ends when the next starts, the last when the session ends."""
        if not self.lectures or any(lec.start is None for lec in self.lectures):
            return None
        return [(self.after_midnight(lec.start), self.after_midnight(lec.end)) for lec in self.lectures]

    def after_midnight(self, minutes: int | None) -> int | None:
        """A lecture's time on the session's clock: past 24:00 where the session runs on to then."""
        if minutes is not None and minutes < self.start <= minutes + MINUTES_A_DAY <= self.end:
            return minutes + MINUTES_A_DAY
        return minutes


@dataclass(frozen=True)
class Notice:
    """A last-minute change to a session to print as a notice, or news of its own (``title``
    and ``text``, without a session: lunch served elsewhere, the cloakroom closed)."""

    session: str | None = None
    change: Literal["moved", "cancelled", "full", "rescheduled"] | None = None
    moved_to: str | None = None  # a moved session's new room; a rescheduled one's, if it changes
    # A rescheduled session's new time: new_end by default keeps its length, new_date its day.
    new_start: int | None = field(default=None, metadata=TIME)
    new_end: int | None = field(default=None, metadata=TIME)
    # (datetime.date: the field ``date`` below would stand for the type here.)
    new_date: datetime.date | None = None
    # News of its own: what it says, and optionally the day and room it is for (printed above
    # its title) and an address for its QR code (none without).
    title: str | None = None
    text: str | None = None
    date: datetime.date | None = None
    room: str | None = None
    link: str | None = field(default=None, metadata=URL)

    @property
    def is_news(self) -> bool:
        """Whether this is news of its own rather than a session's change."""
        return self.session is None and self.change is None

    def slot(self, s: Session) -> tuple[date, int, int, str]:
        """Where and when session ``s`` takes place after this notice: day, start, end, room."""
        if self.change != "rescheduled" or self.new_start is None:
            return s.day, s.start, s.end, self.moved_to or s.room
        end = self.new_end if self.new_end is not None else self.new_start + (s.end - s.start)
        return self.new_date or s.day, self.new_start, end, self.moved_to or s.room


@dataclass(frozen=True)
class Project:
    """Everything a project's content says, validated and cross-checked."""

    congress: Congress
    print: PrintProfile
    notes: Notes | None
    families: list[Family]
    formats: list[Format]
    supporters: list[Supporter]
    topics: list[Topic]
    rooms: list[Room]
    signposts: list[Signpost]
    days: list[Day]
    sessions: list[Session]
    notices: list[Notice] = field(default_factory=list)
