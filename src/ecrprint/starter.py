"""A new project to start from (``ecrprint new``): content that checks and builds, each file
saying what to fill in, so that a congress without a schedule export does not begin from the
format description and an empty folder."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .errors import UsageError
from .importtext import slugify
from .paths import refuse_inside_a_project

# A congress of more days than this is a typing mistake in a date, not a congress.
MAX_DAYS = 31


def _text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as exactly this text: a JSON string is a YAML
    double-quoted scalar, so a name with a colon, a quote or a line break stays a name."""
    return json.dumps(value, ensure_ascii=False)


def _example_session(n: int, day: date, title: str) -> str:
    return (
        f"  - code: LE {n}\n"
        "    format: lectures\n"
        f"    title: {_text(title)}\n"
        "    room: room-a\n"
        f"    day: {day.isoformat()}\n"
        '    start: "09:00"\n'
        '    end: "10:00"\n'
        '    chairs: ["Chair to be confirmed"]\n'
        "    lectures:\n"
        '      - {title: "Lecture to be confirmed", speakers: ["Speaker to be confirmed"]}\n'
    )


@dataclass(frozen=True)
class Starter:
    name: str
    start: date
    end: date

    @property
    def ident(self) -> str:
        return slugify(self.name) or "congress"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def files(self) -> dict[str, str]:
        """The content files by name, as text: each says what it holds and what to change."""
        guide = "# The content format: docs/content-format.md in ecrprint's source.\n"
        congress = (
            f"# {self.name}: the congress itself. Fill in the venue, the organiser and the web address\n"
            "# before printing: QR codes lead under base_url, and `ecrprint check` warns while it is\n"
            "# an example address.\n" + guide + "congress:\n"
            f"  id: {_text(self.ident)}\n"
            f"  name: {_text(self.name)}\n"
            f"  edition: {_text(self.name)}\n"
            f"  start: {self.start.isoformat()}\n"
            f"  end: {self.end.isoformat()}\n"
            '  venue: "Venue to be confirmed"\n'
            f"  organiser: {_text(self.name)}\n"
            f"  base_url: https://example.org/{self.ident}\n"
            '  version: "draft 1"              # printed on every product: change it with each edition\n'
        )
        print_settings = (
            "# How the print shop prints: binding, paper, quantities (see the format description).\n"
            + guide
            + "print:\n"
            "  binding: saddle-stitch           # saddle-stitch, perfect or none\n"
            "  # pdf_variant: pdf/x-4\n"
            "  # products:\n"
            '  #   booklet: {quantity: 1000, paper: "115 g/m² silk"}\n'
        )
        rooms = (
            "# The rooms: one door sign per room with sessions and day. Ids are what sessions name.\n"
            + guide
            + "rooms:\n"
            "  - id: room-a\n"
            '    name: "Room A"\n'
            '    level: "Level 0"              # optional\n'
            "    capacity: 300                 # optional\n"
            "  - id: room-b\n"
            '    name: "Room B"\n'
        )
        day_list = (
            "# The congress days, with the hours the venue is open.\n"
            + guide
            + "days:\n"
            + "".join(f'  - {{date: {d.isoformat()}, opens: "08:00", closes: "18:00"}}\n' for d in self.days())
        )
        formats = (
            "# The kinds of session: each has its page in the booklet, with its QR code.\n"
            + guide
            + "formats:\n"
            + "  - id: lectures\n"
            + '    name: "Lectures"\n'
            + "    abbreviation: LE               # optional: starts the sessions' codes\n"
            + "    # highlight: true              # optional: its sessions listed under their day at a glance\n"
            + "    description: |\n"
            + "      What a visitor should know about these sessions. Blank lines separate paragraphs.\n"
        )
        days = self.days()
        titles = ["Opening session"] + ["Morning lectures"] * (len(days) - 2) + ["Closing session"] * (len(days) > 1)
        sessions = (
            "# The timetable. Examples to start from, one a day: replace them with the congress's\n"
            "# sessions (one file per day works well: sessions-2026-03-04.yaml, …).\n"
            + guide
            + "sessions:\n"
            + "".join(_example_session(n, day, title) for n, (day, title) in enumerate(zip(days, titles), start=1))
        )
        return {
            "congress.yaml": congress,
            "print.yaml": print_settings,
            "rooms.yaml": rooms,
            "days.yaml": day_list,
            "formats.yaml": formats,
            "sessions.yaml": sessions,
        }


def write_starter(project: Path, starter: Starter) -> list[Path]:
    """Write a new project's content/ into ``project``, all of it or nothing: it is made
    beside, then moved into place. A folder that has content/ already is refused."""
    if starter.end < starter.start:
        raise UsageError(f"the congress ends ({starter.end}) before it starts ({starter.start})")
    if len(starter.days()) > MAX_DAYS:
        raise UsageError(f"{len(starter.days())} days, from {starter.start} to {starter.end}: is a date mistyped?")
    content = project / "content"
    if content.exists() or content.is_symlink():
        raise UsageError(f"'{project}' has a content/ folder already: start a new project in a folder of its own")
    refuse_inside_a_project(project)
    _refuse_what_the_fonts_lack(project, starter)
    project.mkdir(parents=True, exist_ok=True)
    made = project / f".content-new-{os.getpid()}"
    try:
        made.mkdir()
        for name, text in starter.files().items():
            (made / name).write_text(text, encoding="utf-8")
        made.rename(content)
    except BaseException:
        shutil.rmtree(made, ignore_errors=True)
        raise
    ignore = project / ".gitignore"
    if not ignore.exists():  # for a project kept in git: what a build writes is not content
        ignore.write_text("output/\n.ecrprint-cache/\n", encoding="utf-8")
    return [content / name for name in starter.files()]


def _refuse_what_the_fonts_lack(project: Path, starter: Starter) -> None:
    """A name with a character none of the project's fonts has ("ﬁ", "東京") would print as an
    empty box, and the new project would fail its own check: refused
    before anything is written, as the content check would say it."""
    from .fontcoverage import check_text, covered, declared_fonts
    from .paths import Layout
    from .yamlsource import Mark

    points = covered(declared_fonts(Layout.for_project(project)))
    problems = check_text([("--name", starter.name, Mark("--name", 1, 1))], points)
    if problems:
        message = problems[0].message
        if " to fonts/," in message:  # the new project's fonts/, which `new` reads when it is there
            message = message.replace(" to fonts/,", f" to {project / 'fonts'}/ first,", 1)
        raise UsageError(f"--name: {message}; nothing was written")
