"""The exceptions ecrprint raises for user mistakes; each carries its location."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    """One located content problem, printed as ``path:line:col: field: message``."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        # One problem, one line, whatever came from the content (an id of "\n", a file name
        # with a newline).
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}")


def one_line(text: str) -> str:
    """``text`` with every line break or other control character shown as its escape."""
    return _UNSEEN.sub(lambda m: repr(m.group())[1:-1], text)


class EcrprintError(Exception):
    """Base class: an error the user can fix; the CLI prints it without a traceback."""


class ContentError(EcrprintError):
    """The content has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(EcrprintError):
    """The command line asks for something that does not exist (exit code 2)."""


# What every failed build can say: outputs are written only once everything is ready.
NOTHING_WRITTEN = "Nothing was written: the output is as the last build left it."


class BuildError(EcrprintError):
    """Rendering or writing failed; the previous output is left as it was."""


class StoppedAfterWriting(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM, or a hang-up) came while the build's files took their places in the
    output folder: it waited until all had, so the folder holds this build's files."""


def unwritten(exc: OSError) -> BuildError:
    """A failure of the system's (a read-only folder, a file where a folder belongs, a full
    disk) as a build error, which says that the output is untouched: a build writes nothing
    until everything is ready."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        # mkdir's and open's words ("File exists", "Not a directory") for what a person sees,
        # said of the file in the way, not of the folder that could not be made below it.
        place = Path(os.fsdecode(exc.filename))
        culprit = next((p for p in (place, *place.parents) if p.exists() and not p.is_dir()), None)
        if culprit is not None:
            return BuildError(
                f"{culprit} is a file where the output needs a folder: move it out of the way. {NOTHING_WRITTEN}"
            )
    where = f": {exc.filename}" if exc.filename else ""
    return BuildError(f"{exc.strerror or exc}{where}. {NOTHING_WRITTEN}")


def counted(n: int, noun: str) -> str:
    """ "1 problem", "3 problems": a count as the messages say it."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def error_lines(exc: EcrprintError, project: Path | None = None) -> list[str]:
    """What to print for a failed build: each content problem located, or the error. Paths are
    the project's (content/…); run from elsewhere, the last line says where they start."""
    if isinstance(exc, ContentError):
        count = len(exc.problems)
        where = where_paths_start(project)
        return [str(p) for p in exc.problems] + [
            f"ecrprint: {counted(count, 'problem')} found; nothing was written.{where}"
        ]
    return [f"ecrprint: error: {exc}"]


def where_paths_start(project: Path | None) -> str:
    """ " Paths are in PROJECT." for problems placed in the project (content/…) when the
    command runs from elsewhere."""
    if project is not None and project.resolve() != Path.cwd().resolve():
        return f" Paths are in {project.resolve()}."
    return ""
