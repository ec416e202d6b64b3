"""Turn views into HTML with the Jinja2 templates in layouts/; pure, no I/O but template reads."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import Markup

from . import qr
from .errors import BuildError, EcrprintError
from .paths import Layout
from .typefaces import typefaces
from .urls import readable


@dataclass
class QrRegistry:
    """Places QR codes: inline SVG in a single-pass document, an empty box to stamp later otherwise."""

    inline: bool
    level: str = "M"
    codes: dict[str, str] = field(default_factory=dict)

    def box(self, url: str, ident: str, css_class: str = "qr") -> Markup:
        ident = f"qr-{ident}"
        self.codes[ident] = url
        inner = Markup(qr.svg(url, self.level)) if self.inline else Markup("")
        return Markup('<div class="{}" id="{}">{}</div>').format(css_class, ident, inner)


def short_url(url: str) -> str:
    """An URL as printed under a QR code: without the scheme and 'www.', in the letters a
    person reads (a host in IDNA, "xn--mnchen-3ya.de", as "münchen.de")."""
    out = readable(url).split("://", 1)[-1]
    return out[4:] if out.startswith("www.") else out


def and_list(items) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = [str(i) for i in items]
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def css_string(value: str) -> Markup:
    """A CSS string literal, safe inside a style attribute."""
    escaped = "".join(c if c.isalnum() or c in " .,:;!?()[]-–—’/+" else f"\\{ord(c):x} " for c in str(value))
    return Markup("'{}'").format(Markup(escaped))


# A typewriter apostrophe inside a word (O'Sullivan), or after a plural's s at a word's end
# (the Chips' secrets) when it is the value's only one, so not a closing quote.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_PLURAL_POSSESSIVE = re.compile(r"(?<=\ws)'(?=[\s.,;:!?)]|$)")
# A hyphen after a short abbreviation (PI-QUAL, CAD-RADS) or a single letter (i-Violin, O-RADS),
# before a capital: a line broken there would end in "PI-" or "i-". Longer parts are left free
# to break (MAGNIMS-CMSC-NAIMS), or a narrow column could only cut them.
_ABBREVIATION_HYPHEN = re.compile(r"\b([A-Z]{2,3}|[^\W\d_])-(?=[A-Z])")


def typographic(value):
    """Every value a template prints, with the typewriter apostrophe inside a word set as a
    typographic one (O'Sullivan, the pathologist's, the chips' secrets), and the hyphen inside
    an abbreviation as a no-break one (PI-QUAL, i-Violin): content is typed with the first and
    printed with the second. Markup, the templates' own HTML, and addresses are left as they are."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if "-" in value and "://" not in value:
        value = _ABBREVIATION_HYPHEN.sub("\\1\u2011", value)
    if "'" in value:
        value = _APOSTROPHE.sub("\u2019", value)
        return _PLURAL_POSSESSIVE.sub("\u2019", value) if value.count("'") == 1 else value
    return value


def person(name: str) -> str:
    """A person's name that a line never breaks inside: "Athina Oikonomou" and "Min-jun Kim"
    stay together (no-break spaces, and the no-break hyphen). Spaces typed twice, or after the
    name, are one space and none: no-break spaces do not run together as plain ones do."""
    return "\u00a0".join(str(name).split()).replace("-", "\u2011")


def tie_last(text: str) -> str:
    """Text whose last line never holds one word alone: its last two words are tied by a
    no-break space ("… ESR and / RSNA" becomes "… ESR / and RSNA"). A long last word is
    left free, or the line before could be left short."""
    text = str(text)
    head, space, last = text.rpartition(" ")
    if not space or " " not in head.strip() or len(last) > 14:
        return text
    return head + "\u00a0" + last


def line_units(text: str) -> list[tuple[str, str]]:
    """Text as the pieces a line may break between, each with what follows it: its words,
    and a word's parts after a hyphen that a letter follows ("hands-" "on"), set as printed
    (``typographic``). Sponsor boards mark each piece, to work out where lines would break."""
    units = []
    for word in typographic(str(text)).split(" "):
        parts = [part for part in _AFTER_HYPHEN.split(word) if part]
        units += [(part, "") for part in parts[:-1]] + [(parts[-1], " ")] if parts else []
    return units[:-1] + [(units[-1][0], "")] if units else []


_AFTER_HYPHEN = re.compile(r"(?<=-)(?=[^\W\d_])")


def url_caption(url: str) -> str:
    """An address as printed under a QR code, breaking after a slash rather than at a hyphen
    that belongs to it ("formats/e3-" / "advanced-courses" misleads whoever types it)."""
    return short_url(url).replace("-", "\u2011").replace("/", "/\u200b")


_envs: dict[Layout, jinja2.Environment] = {}
_ENV_OPTIONS = "typographic-1"  # change it with the options given to jinja2.Environment below


def make_env(layout: Layout) -> jinja2.Environment:
    """The template environment for a layout; one per process, so that templates compile once
    (Jinja reloads a template whose file changed)."""
    if layout not in _envs:
        _envs[layout] = _new_env(layout)
    return _envs[layout]


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which a full or unreadable temporary directory
    never turns into a failed build: the template is then compiled as if it were not cached."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept between processes: compiling the layouts costs a new process
    about 0.07 s. Jinja's own default place, a folder in the temporary directory that only
    this user can write (Jinja checks) and never in the project, whose files others may
    supply; an entry whose template changed is compiled again."""
    try:
        # Compiled code depends on the environment's options (finalize), which Jinja's keys
        # do not cover: the name says which options the entries were compiled with.
        return _TemplateCache(pattern=f"__ecrprint-{_ENV_OPTIONS}-%s.cache")
    except (OSError, RuntimeError):  # no safe place for it: compile every time
        return None


_TOKEN_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_COLOUR = re.compile(r"device-cmyk\([0-9.%\s]+\)|#[0-9a-fA-F]{3,8}|[a-z]+")


def layout_colour(layout: Layout, name: str) -> str:
    """A colour of the layout's design tokens (``--NAME`` in ``shared/tokens.css``, a project's
    own file in place of the bundled one), for markup that stylesheets do not reach: an inline
    SVG is drawn with its own attributes only, so its colour has to be written into it."""
    shown = "layouts/shared/tokens.css"
    path = layout.find("shared/tokens.css")
    if not path.resolve().is_relative_to(path.parents[1].resolve()):
        # A link out of the layouts is not read: its text could reach the markup or a message.
        raise BuildError(f"{shown}: a link that leads out of the layouts folder; make it a file of its own")
    text = path.read_text(encoding="utf-8", errors="replace")
    # Comments blanked out, lines kept, so that a place in the text is a place in the file.
    text = _TOKEN_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    found = list(re.finditer(rf"--{re.escape(name)}\s*:\s*([^;}}]*)", text))
    if not found:
        raise BuildError(f"{shown}: --{name}: not set, and a template asks for it")
    value = found[-1].group(1).strip()  # the last one, as CSS takes it
    if not _COLOUR.fullmatch(value):
        start = found[-1].start(1)
        line, col = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
        raise BuildError(
            f"{shown}:{line}:{col}: --{name}: expected a colour such as device-cmyk(1 0.66 0 0.32), got '{value}'"
        )
    return value


def _new_env(layout: Layout) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in layout.layout_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_bytecode_cache(),
        finalize=typographic,
    )
    env.filters["short_url"] = short_url
    env.filters["and_list"] = and_list
    env.filters["css_string"] = css_string
    env.filters["person"] = person
    env.filters["url_caption"] = url_caption
    env.filters["tie_last"] = tie_last
    env.filters["line_units"] = line_units
    env.globals["css"] = layout.css_url
    env.globals["fonts_url"] = layout.fonts_url
    env.globals["colour"] = lambda name: layout_colour(layout, name)
    env.globals["typefaces"] = lambda: typefaces(layout)
    return env


def render_template(env: jinja2.Environment, template: str, **context) -> str:
    """Render a template; a layout's mistake, found as it compiles or as it runs (an undefined
    name, ``1 / 0``), becomes a BuildError naming the template file and line, never a traceback."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(env, exc.filename) if exc.filename else exc.name
        raise BuildError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except EcrprintError:
        raise
    except Exception as exc:
        message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
        raise BuildError(f"{_template_place(env, exc) or template}: template error: {message}") from None


def _template_place(env: jinja2.Environment, exc: Exception) -> str | None:
    """``file:line`` of the innermost template code the error passed through. Jinja gives that
    code's frames the template's file and line."""
    folders = [Path(p) for p in getattr(env.loader, "searchpath", [])]
    place = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if frame.lineno is not None and any(path.is_relative_to(folder) for folder in folders):
            place = f"{_shown(env, frame.filename)}:{frame.lineno}"
    return place


def _shown(env: jinja2.Environment, filename: str) -> str:
    """A template file as the user finds it: from the project folder when it is the project's."""
    path = Path(filename)
    project = next((layout.project for layout, known in _envs.items() if known is env), None)
    return str(path.relative_to(project)) if project is not None and path.is_relative_to(project) else filename


def render_document(env: jinja2.Environment, product: str, head: dict, fragments: list[str], mode: str) -> str:
    """Wrap fragments in the product's document template. ``mode`` is single, part or furniture."""
    return render_template(env, f"{product}/document.html.j2", **head, body=Markup("".join(fragments)), mode=mode)
