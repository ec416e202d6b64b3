"""Where layouts, fonts and the default ICC profile live, with per-project overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError, UsageError


def resolved_or_none(path: Path) -> Path | None:
    """Where a path leads, or None for a link that leads round in a loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python 3.11 says "Symlink loop" with a RuntimeError
        return None


def default_data_dir() -> Path:
    """The bundled layouts/ and fonts/: packaged in the wheel, or the source checkout's."""
    packaged = Path(__file__).parent / "_data"
    if (packaged / "layouts").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Layout:
    """The search path for templates, stylesheets and fonts of one project."""

    project: Path
    layout_dirs: tuple[Path, ...]
    font_dirs: tuple[Path, ...]

    @classmethod
    def for_project(cls, project: Path) -> Layout:
        project = project.resolve()
        data = default_data_dir()
        layouts = tuple(d for d in (project / "layouts", data / "layouts") if d.is_dir())
        fonts = tuple(d for d in (project / "fonts", data / "fonts") if d.is_dir())
        return cls(project, tuple(dict.fromkeys(layouts)), tuple(dict.fromkeys(fonts)))

    def find(self, name: str) -> Path:
        for d in self.layout_dirs:
            if (d / name).is_file():
                return d / name
        raise BuildError(f"layout file '{name}' not found in {', '.join(map(str, self.layout_dirs))}")

    def find_font(self, name: str) -> Path:
        for d in self.font_dirs:
            if (d / name).is_file():
                return d / name
        raise BuildError(f"font file '{name}' not found in {', '.join(map(str, self.font_dirs))}")

    def css_url(self, name: str) -> str:
        return self.find(name).as_uri()

    def fonts_url(self, name: str) -> str:
        return self.find_font(name).as_uri()

    @property
    def allowed_roots(self) -> tuple[str, ...]:
        """Folders a rendering may read: the project first (it is the base URL), then layouts and fonts."""
        roots = [self.project, *self.layout_dirs, *self.font_dirs]
        return tuple(str(r) for r in dict.fromkeys(roots))


def refuse_inside_a_project(project: Path) -> None:
    """A new project inside another one's content/ folder would be read as part of that
    project's content: its YAML joins the other congress's, and every check, build and sign of
    that project fails (``ecrprint new``, ``ecrprint import``)."""
    # As written (a content/ that is a link) and as it really is (a link to inside content/).
    for where in dict.fromkeys(p for p in (Path(os.path.abspath(project)), resolved_or_none(project)) if p):
        for folder in where.parents:
            if (folder / "content").is_dir() and where.is_relative_to(folder / "content"):
                raise UsageError(
                    f"'{project}' is inside the content/ folder of the project in {folder}, which would read the "
                    "new project's files as its own content: put the new project in a folder of its own, outside it"
                )
