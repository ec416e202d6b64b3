"""The words ecrprint prints, in the congress's language: a table per language kept with the
layouts (``shared/words.yaml``, a project's own in place of the bundled one), and dates written
as each language writes them. The print shop's job ticket stays English."""

from __future__ import annotations

import functools
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import ContentError, Problem
from .paths import Layout, default_data_dir
from .render import typographic
from .yamlsource import LocMap, Mark, display_path, load_yaml

WORDS_FILE = "shared/words.yaml"
ENGLISH = "en"
COUNT_FORMS = ("one", "other")
NAMES = {"weekdays": 7, "weekdays_short": 7, "months": 12, "months_short": 12, "days_around": 3}


@dataclass(frozen=True)
class Words:
    """One language's printed words. Templates read a word as ``w.contents``, fill one in
    with ``w.text("version", version=...)``, say one by a count with ``w.count(...)``."""

    language: str
    table: dict  # key -> text, a list of names, or {"one": text, "other": text}

    def __getattr__(self, key: str):
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self.table[key]
        except KeyError:
            raise AttributeError(f"{WORDS_FILE} has no word '{key}'") from None

    def text(self, key: str, **values) -> str:
        """A word with its {names} filled in."""
        return self.table[key].format(**values)

    def count(self, key: str, n: int, **values) -> str:
        """A word said by a count: its ``one`` form for 1, ``other`` for any other number."""
        return self.table[key]["one" if n == 1 else "other"].format(n=n, **values)

    def parts(self, key: str, name: str) -> list[str]:
        """The text before and after {name}, for markup around the value ("You are at
        <strong>…</strong>")."""
        before, _, after = self.table[key].partition("{" + name + "}")
        return [before, after]

    def and_list(self, items) -> str:
        """ "A", "A and B", "A, B and C"."""
        items = [str(i) for i in items]
        joiner = f" {self.table['and']} "
        return joiner.join(items) if len(items) < 3 else ", ".join(items[:-1]) + joiner + items[-1]

    # Dates

    def _day(self, d: date) -> str:
        return self.table["first_of_month"] if d.day == 1 else str(d.day)

    def _names(self, d: date) -> dict:
        t = self.table
        return {
            "weekday": t["weekdays"][d.weekday()],
            "weekday_short": t["weekdays_short"][d.weekday()],
            "day": self._day(d),
            "month": t["months"][d.month - 1],
            "month_short": t["months_short"][d.month - 1],
            "year": d.year,
        }

    def weekday(self, d: date) -> str:
        return self.table["weekdays"][d.weekday()]

    def plain_date(self, d: date) -> str:
        """ "28 February 2024"."""
        return self.table["date_form"].format(**self._names(d))

    def long_date(self, d: date) -> str:
        """ "Wednesday, 28 February 2024", as it reads inside a sentence ("mercredi 28 …")."""
        return self.table["date_long_form"].format(**self._names(d))

    def short_date(self, d: date) -> str:
        """ "Wed 28 Feb"."""
        return self.table["date_short_form"].format(**self._names(d))

    def date_range(self, a: date, b: date) -> str:
        """ "28 February – 3 March 2024"."""
        t = self.table
        if a.year != b.year:
            return t["dates_across_years_form"].format(first=self.plain_date(a), last=self.plain_date(b))
        if a == b:  # a congress of one day
            return self.plain_date(a)
        if a.month != b.month:
            first, last = (t["day_month_form"].format(**self._names(d)) for d in (a, b))
            return t["dates_in_year_form"].format(first=first, last=last, year=a.year)
        return t["dates_in_month_form"].format(first=self._day(a), last=self._day(b), **self._names(a))

    def typed_names(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Weekday and month names as staff type them (see ``typed``): name -> number, Monday 0,
        January 1; and yesterday, today and tomorrow: name -> days from today."""
        weekdays = {typed(n): i for key in ("weekdays", "weekdays_short") for i, n in enumerate(self.table[key])}
        months = {typed(n): i + 1 for key in ("months", "months_short") for i, n in enumerate(self.table[key])}
        around = {typed(n): i - 1 for i, n in enumerate(self.table["days_around"])}
        return weekdays, months, around


def heading(text: str) -> str:
    """Text that opens a heading or a line, with a capital first letter ("Mercredi 28 …")."""
    return text[:1].upper() + text[1:]


def typed(text: str) -> str:
    """A word as typed in a hurry: without case, accents or a closing full stop ("Févr." and
    "fevr" are one)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in folded if not unicodedata.combining(c)).rstrip(".")


def primary(language: str) -> str:
    """A language tag's language: de-AT -> de."""
    return language.replace("_", "-").split("-", 1)[0].casefold()


def _bundled_path():
    return default_data_dir() / "layouts" / WORDS_FILE


def _read(path, project, cache=None) -> LocMap:
    table = load_yaml(path, project, cache)
    if not isinstance(table, LocMap):
        shown = display_path(path, project)
        raise ContentError([Problem(shown, 1, 1, "(file)", "expected a mapping of languages (en:, de:, …)")])
    return table


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _checked(value, reference, key: str, language: str, mark: Mark, allowed: set[str] | None = None) -> object:
    """One word of a language, as plain values, checked against the bundled English one: the
    same kind of value, and only {names} that ecrprint fills in. A mistake is located and
    stops the build."""

    def problem(message: str) -> ContentError:
        return ContentError([Problem(mark.path, mark.line, mark.col, f"{language}.{key}", message)])

    if isinstance(reference, list):
        if not isinstance(value, list) or len(value) != len(reference) or not all(isinstance(v, str) for v in value):
            raise problem(f"expected a list of {len(reference)} names, as [{', '.join(reference[:2])}, …]")
        return [typographic(v) for v in value]
    if isinstance(reference, dict):
        if not isinstance(value, dict) or set(value) != set(COUNT_FORMS):
            raise problem("expected the forms one: and other:, the word for 1 and for any other number")
        # Either form may say the number, {n}.
        names = {"n"} | {f for form in COUNT_FORMS for f in _fields(reference[form])}
        return {form: _checked(value[form], reference[form], key, language, mark, names) for form in COUNT_FORMS}
    if not isinstance(value, str):
        raise problem("expected text")
    allowed = _fields(reference) if allowed is None else allowed
    try:
        fields = _fields(value)
    except ValueError as exc:
        raise problem(f"{exc}; write a brace as {{{{ or }}}}") from None
    unknown = sorted(f for f in fields if f not in allowed)
    if unknown:
        known = ", ".join(f"{{{f}}}" for f in sorted(allowed)) or "none"
        raise problem(f"{{{unknown[0]}}} is not filled in here; it may use: {known}")
    return typographic(value)


def load(layout: Layout, language: str, cache: Path | None = None) -> tuple[Words, list[Problem]]:
    """The printed words for ``language`` from the layouts' words file, and what is worth a
    warning: a word its table leaves out (printed in English), or a language without a table
    (printed in English; said by ``advice`` at the congress's language). With the content's
    ``cache`` folder, the words files come back from it as the content's files do (a new
    process parses them in 20-30 ms)."""
    bundled = _read(_bundled_path(), layout.project, cache)
    english = bundled[ENGLISH]
    reference = {k: _checked(v, v, k, ENGLISH, english.value_marks[k]) for k, v in english.items()}
    path = layout.find(WORDS_FILE)
    tables = bundled if path.resolve() == _bundled_path().resolve() else _read(path, layout.project, cache)
    wanted = primary(language)
    code = wanted if wanted in tables else ENGLISH
    table = tables.get(code)
    if table is None:  # a project's file without English: the bundled English
        return Words(ENGLISH, dict(reference)), []
    mark = tables.key_marks[code]
    if not isinstance(table, LocMap):
        raise ContentError([Problem(mark.path, mark.line, mark.col, code, "expected a mapping of words")])
    words, missing = {}, []
    for key, english in reference.items():
        if key in table:
            words[key] = _checked(table[key], english, key, code, table.value_marks[key])
        else:
            words[key] = english
            missing.append(key)
    words.update((k, v) for k, v in table.items() if k not in reference)  # a project's own words
    said = []
    if missing:
        message = f"no words for {', '.join(missing)}: printed in English"
        said.append(Problem(mark.path, mark.line, mark.col, code, message))
    return Words(code, words), said


@functools.cache
def english() -> Words:
    """The bundled English words: the job ticket's, and what views give when not told."""
    return load(Layout.for_project(default_data_dir()), ENGLISH)[0]


def every_language(layout: Layout) -> list[Words]:
    """The words of every language the layouts' words file has, English first; none when the
    file cannot be read (what needs them then does without)."""
    try:
        return [load(layout, language)[0] for language in [ENGLISH, *languages(layout)]]
    except ContentError:
        return []


def languages(layout: Layout, cache: Path | None = None) -> list[str]:
    """The languages the layouts' words file has a table for."""
    return sorted(_read(layout.find(WORDS_FILE), layout.project, cache))


def advice(layout: Layout, language: str, mark: Mark, cache: Path | None = None) -> list[Problem]:
    """What is worth a warning about the words printed for ``language``, written at ``mark``:
    a language without a table, or words its table leaves out."""
    _, said = load(layout, language, cache)
    known = languages(layout, cache)
    if primary(language) not in known:
        message = (
            f"no printed words for '{language}' in layouts/{WORDS_FILE}: the products are printed in English "
            f"(words there: {', '.join(known)}); add a table for it to a copy of that file in the project's layouts/"
        )
        said.append(Problem(mark.path, mark.line, mark.col, "congress.language", message))
    return said
