"""Files the content names: supporters' logos and ICC profiles, inside the project and usable."""

from __future__ import annotations

from pathlib import Path

from . import model


def inside(root: Path, name: str) -> Path | None:
    """The file ``name`` (relative to the project) names, if it lies inside the project."""
    try:
        path = (root / name).resolve()
    except (ValueError, OSError):  # a NUL character, a loop of links
        return None
    return path if path.is_relative_to(root) else None


def is_cmyk_profile(path: Path) -> bool:
    """Whether the file is an ICC profile for CMYK output: the 'acsp' signature, the CMYK
    colour space and the output-device class in its header."""
    try:
        with path.open("rb") as f:
            header = f.read(40)
    except OSError:
        return False
    return len(header) == 40 and header[36:40] == b"acsp" and header[16:20] == b"CMYK" and header[12:16] == b"prtr"


def check_logos(proj: model.Project, root: Path, add) -> None:
    """Each supporter's logo, through cross_check's ``add``: a file inside the project that
    can be printed."""
    for s in proj.supporters:
        if s.logo is not None:
            logo = inside(root, "content/" + s.logo)
            if logo is None or not logo.is_file():
                add(s, "logo", f"supporters[{s.id}].logo", f"logo file '{s.logo}' not found inside the project")
            elif problem := _logo_problem(logo):
                add(s, "logo", f"supporters[{s.id}].logo", f"'{s.logo}' {problem}")


def _logo_problem(path: Path) -> str | None:
    from .logos import logo_problem  # Pillow loads only when a project has logos

    return logo_problem(path)
