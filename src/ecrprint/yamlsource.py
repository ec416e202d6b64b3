"""Safe YAML loading that keeps the file, line and column of every value."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError, Problem


@dataclass(frozen=True)
class Mark:
    """Where a value was written: a file and a 1-based line and column."""

    path: str
    line: int
    col: int


class LocMap(dict):
    """A YAML mapping that remembers where it and each of its values were written."""

    mark: Mark
    key_marks: dict
    value_marks: dict


class LocList(list):
    """A YAML sequence that remembers where it and each of its items were written."""

    mark: Mark
    item_marks: list


_STR = "tag:yaml.org,2002:str"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class Int(int):
    """A number written without quotes, with the text as written: "version: 1.10" is the
    text 1.10, not 1.1, where the field is text."""

    text: str


class Float(float):
    text: str  # as for Int


def number(value: int | float, text: str) -> Int | Float:
    out = Int(value) if isinstance(value, int) else Float(value)
    out.text = text
    return out


def _mark(path: str, node: yaml.Node) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


# Aliases let a small file stand for a huge one ("billion laughs"): values they repeat are
# counted, and so are the characters of the text they repeat (one long text repeated ten
# thousand times is gigabytes once written out); content never needs this many.
MAX_REPEATED = 100_000
MAX_REPEATED_TEXT = 10_000_000
# Building a value recurses a few calls a level: nesting that Python's recursion limit would
# stop is refused where it is (content nests six levels at most).
MAX_BUILT_DEPTH = 100


# Outside a literal block ("|"), YAML makes a space of a line break and a line break of a blank
# line: "description: >" with a blank line between paragraphs gives "one\ntwo". Such a break
# is a blank line as written, which separates paragraphs, as in a literal block ("\n\n").
_LINE_BREAKS = re.compile(r"\n+")


def _breaks_are_blank_lines(node: yaml.ScalarNode) -> bool:
    """Whether the line breaks of a text stand for blank lines: not in a literal block, nor in
    double quotes on one line (an escape, "\\n", is a line break as meant)."""
    if node.style == '"':
        return node.end_mark.line > node.start_mark.line
    return node.style != "|"


# How PyYAML's constructors fail on a tag the value does not fit (!!timestamp on a word,
# !!bool on "maybe", !!int on ""): not with a ValueError, but with these.
_MISFIT = (TypeError, AttributeError, KeyError, IndexError)


# The keys that name an item, which other values refer to (see item_label).
_NAMES = ("id", "code", "date")


class _BadScalar(Exception):
    """A scalar that YAML recognised by its form but cannot be a value, such as 2024-02-30."""

    def __init__(self, node: yaml.Node, exc: Exception | None):
        if exc is None:  # a tag YAML has no value for: most likely text that starts with "!"
            written = " ".join(part for part in (node.tag, node.value) if part)
            super().__init__(
                f'YAML reads {node.tag} as a tag, which content does not use: put the value in quotes, as in "{written}"'
            )
        else:
            kind = "a real date" if node.tag.endswith(":timestamp") else "a value"
            # The constructor's own words for a tag the value does not fit mean nothing here.
            detail = f"it is tagged !!{node.tag.rsplit(':', 1)[-1]}" if isinstance(exc, _MISFIT) else str(exc)
            super().__init__(f"'{node.value}' is not {kind} ({detail})")
        self.node = node


class PartlyRead(ContentError):
    """A file whose YAML was read, but with values it could not take (a duplicate key, a date
    that does not exist): those are the problems, and ``value`` is the rest of the file, each
    such value left out (a duplicate key keeps its first value), so that the rest is checked.
    ``whole`` is false when what was left out may hold what other values refer to (a list, or
    an id): references to it would then be reported falsely."""

    def __init__(self, problems: list[Problem], value: object, whole: bool):
        super().__init__(problems)
        self.value = value
        self.whole = whole


class _Builder:
    """Turns composed YAML nodes into located Python values, with safe scalar semantics.
    Aliases are expanded, but not one that contains itself, nor beyond MAX_REPEATED values.
    Plain values that YAML cut short where the organiser typed on (see _PlainText) are said:
    as problems, or, where it may be a comment as meant, as ``warnings``."""

    def __init__(self, path: str, text: str = ""):
        self.path = path
        self.plain = _PlainText.of(text)
        self.warnings: list[tuple[Mark, tuple, str]] = []  # as problems
        self.constructor = yaml.SafeLoader("")
        # Problems with the path of the value they are about ("sessions", 3, "day"): named once
        # the whole file is built, by the item's id or code where it has one (see field_name).
        self.problems: list[tuple[Mark, tuple, str]] = []
        self.trail: list[str | int] = []
        self.built: set[int] = set()  # nodes built once, by id: building one again is an alias
        self.repeated = 0
        self.repeated_text = 0
        self.open: set[int] = set()  # the collections being built, by node
        self.whole = True  # nothing left out that other values could refer to (see PartlyRead)

    def _refuse(self, node: yaml.Node, message: str, field: str = "(alias)"):
        m = _mark(self.path, node)
        raise ContentError([Problem(m.path, m.line, m.col, field, message)])

    def build(self, node: yaml.Node):
        if id(node) in self.built:
            self.repeated += 1
            if self.repeated > MAX_REPEATED:
                self._refuse(node, f"aliases repeat more than {MAX_REPEATED:,} values in this file")
            if isinstance(node, yaml.ScalarNode):
                self.repeated_text += len(node.value)
                if self.repeated_text > MAX_REPEATED_TEXT:
                    self._refuse(
                        node, f"aliases repeat more than {MAX_REPEATED_TEXT:,} characters of text in this file"
                    )
            if self.plain is not None:
                self.plain.aliased.add(id(node))
        else:
            self.built.add(id(node))
            if self.plain is not None and isinstance(node, yaml.ScalarNode) and not node.style:
                self.plain.look(node, tuple(self.trail), self)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                self._refuse(node, "an alias refers to the collection that contains it")
            if len(self.open) >= MAX_BUILT_DEPTH:
                self._refuse(node, f"values nest more than {MAX_BUILT_DEPTH} levels deep", "(nesting)")
            self.open.add(id(node))
            try:
                return self._collection(node)
            finally:
                self.open.discard(id(node))
        if node.tag == _STR:  # the common case, without the constructor's bookkeeping
            if "\n" in node.value and _breaks_are_blank_lines(node):
                return _LINE_BREAKS.sub("\n\n", node.value)
            return node.value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, *_MISFIT) as exc:
            raise _BadScalar(node, exc) from None
        except yaml.constructor.ConstructorError:  # a tag YAML has no value for ("!custom")
            raise _BadScalar(node, None) from None
        if node.tag in _NUMBERS and type(value) in (int, float):
            return number(value, node.value)
        return value

    def _value(self, node: yaml.Node, step: str | int):
        """A value inside a collection; one that cannot be read is noted, against its path."""
        self.trail.append(step)
        try:
            return self.build(node)
        except _BadScalar as bad:
            self.problems.append((_mark(self.path, bad.node), tuple(self.trail), str(bad)))
            self.whole = self.whole and step not in _NAMES  # an item's name: others may refer to it
            return None
        finally:
            self.trail.pop()

    def _collection(self, node: yaml.Node):
        if isinstance(node, yaml.MappingNode):
            out = LocMap()
            out.mark = _mark(self.path, node)
            out.key_marks, out.value_marks = {}, {}
            # Keys written here win over keys merged in with "<<" (which flattening puts first),
            # as YAML says: "- <<: *rc" then "code: RC 2" is a copy of *rc with another code.
            written = {id(k) for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"}
            self.constructor.flatten_mapping(node)
            merged: set[str] = set()
            for key_node, value_node in node.value:
                key = self.build(key_node)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    self.problems.append(
                        (_mark(self.path, key_node), (*self.trail, "(key)"), "keys must be plain text")
                    )
                    self.whole = False
                    continue
                key = str(key)
                if id(key_node) not in written:
                    if key in out:  # merged from two maps: the first one named wins
                        continue
                    merged.add(key)
                elif key in merged:
                    merged.discard(key)
                    del out[key]
                if key in out:
                    message = f"duplicate key (first set on line {out.key_marks[key].line})"
                    self.problems.append((_mark(self.path, key_node), (*self.trail, key), message))
                    self.whole = self.whole and key not in _NAMES and isinstance(value_node, yaml.ScalarNode)
                    continue
                out[key] = self._value(value_node, key)
                out.key_marks[key] = _mark(self.path, key_node)
                out.value_marks[key] = _mark(self.path, value_node)
            return out
        out = LocList(self._value(item, i) for i, item in enumerate(node.value))
        out.mark = _mark(self.path, node)
        out.item_marks = [_mark(self.path, item) for item in node.value]
        return out


# What a '#' after a space (a comment) most likely cut from a value rather than followed it:
# a '#' with a letter or digit right after it ("Imaging #1 in Europe"), or any comment after
# a value that ends where no sentence does ("The role of # AI"). "Opening  # confirmed" is
# a comment as meant, and is not said.
_HASH_TEXT = re.compile(r"^([ \t]+)#[^\W_]")
_COMMENT = re.compile(r"^([ \t]+)#")
_CUT_WORDS = frozenset("a an and as at by for from in into of on or the to vs vs. via with".split())
_CUT_MARKS = tuple(",;&+/(–—-")
# An anchor ("&name") at the start of a value, as the line has it.
_ANCHOR = re.compile(r"&[^\s,\[\]{}]+")


class _PlainText:
    """A file's lines, to see what YAML took from a plain (unquoted) value as its syntax: an
    anchor at its start that no alias uses ("&amp company" is read as "company", and is a
    problem), or a comment after it that most likely belongs to it (a warning)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.anchored: list[tuple[yaml.ScalarNode, tuple]] = []
        self.aliased: set[int] = set()

    @classmethod
    def of(cls, text: str) -> _PlainText | None:
        """None for a file with neither an anchor nor a comment after a value (most files):
        nothing to look at, value by value."""
        # Each pattern only where its characters are: a search by pattern takes ten times as long.
        comments = (" #" in text or "\t#" in text) and re.search(r"[^\s#][ \t]+#", text)
        anchors = "&" in text and re.search(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", text)
        return cls(text.splitlines()) if comments or anchors else None

    def _line(self, number: int) -> str:
        return self.lines[number] if number < len(self.lines) else ""

    def look(self, node: yaml.ScalarNode, trail: tuple, builder: _Builder) -> None:
        start, end = node.start_mark, node.end_mark
        if self._line(start.line)[start.column : start.column + 1] == "&":
            self.anchored.append((node, trail))
        if node.tag != _STR:
            return
        after = self._line(end.line)[end.column :]
        hash_text = _HASH_TEXT.match(after)
        comment = hash_text or _COMMENT.match(after)
        if comment is None:
            return
        comment_text = after[comment.end(1) :].rstrip()
        last = node.value.rsplit(None, 1)[-1] if node.value.strip() else ""
        if hash_text is None and last not in _CUT_WORDS and not last.endswith(_CUT_MARKS):  # not "Type A"
            return
        as_in = _as_in(trail, f"{node.value} {comment_text}")
        value, cut = short_label(node.value), short_label(comment_text)
        if hash_text:
            message = (
                f"YAML reads ' #' as the start of a comment, so the value is '{value}', without '{cut}': if that "
                f"belongs to it, put the value in quotes, as in {as_in}; if it is a comment, write '# ' with a space"
            )
        else:
            message = (
                f"the value '{value}' ends with '{last}' where a comment starts ('{cut}'): YAML reads ' #' as the "
                f"start of a comment; if it belongs to the value, put the value in quotes, as in {as_in}"
            )
        mark = Mark(builder.path, end.line + 1, end.column + comment.end(1) + 1)
        builder.warnings.append((mark, trail, message))

    def unused_anchors(self, builder: _Builder) -> None:
        """Anchors on plain values that no alias repeats: text that starts with "&"."""
        for node, trail in self.anchored:
            if id(node) in self.aliased:
                continue
            start, end = node.start_mark, node.end_mark
            line = self._line(start.line)
            written = line[start.column : end.column] if end.line == start.line else line[start.column :].rstrip()
            name = _ANCHOR.match(written).group()
            value = f"the value is '{short_label(node.value)}'" if node.value else "the value is empty"
            message = (
                f"YAML reads {name} as an anchor (a name for the value, for an alias *{name[1:]} to repeat), not as "
                f"text, and no alias uses it: {value}. If {name} belongs to the text, put the value in quotes, as "
                f"in {_as_in(trail, written)}"
            )
            builder.problems.append((_mark(builder.path, node), trail, message))


def _as_in(trail: tuple, value: str) -> str:
    """A value as it should be written, quoted, after its key (or its list item's dash)."""
    quoted = f'"{value}"' if '"' not in value else f"'{value}'"
    key = trail[-1] if trail and isinstance(trail[-1], str) else "-"
    return f"{key}: {quoted}" if key != "-" else f"- {quoted}"


def item_label(value: object, index: int) -> str:
    """How a list item is named in messages: by its id, code or date, else its position."""
    if isinstance(value, LocMap):
        for key in _NAMES:
            if value.get(key) is not None and not isinstance(value[key], (LocMap, list)):
                return short_label(str(value[key]))
    return str(index)


def short_label(label: str) -> str:
    """An id pasted from somewhere else can be kilobytes long: its start names it."""
    return label if len(label) <= 60 else f"{label[:40]}… ({len(label):,} characters)"


def field_name(document: object, trail: tuple) -> str:
    """A value's path as messages name it: "sessions[PL 1].day", each list item named as
    the content's own checks name it (item_label)."""
    name, here = "", document
    for step in trail:
        if isinstance(step, int):
            here = here[step] if isinstance(here, list) and step < len(here) else None
            name += f"[{item_label(here, step)}]"
        else:
            name += f".{step}" if name else step
            here = here.get(step) if isinstance(here, dict) else None
    return name or "(value)"


# YAML's composer recurses once per level: tens of thousands of levels crash the process
# (the C loader's stack overflows) instead of raising an error. Content never needs this many.
MAX_DEPTH = 1000


def _too_deep(text: str):
    """Where a file first nests deeper than MAX_DEPTH, or None. Only a file that could (many
    brackets, or a very long line: "- - - …") is read event by event, without recursion."""
    if text.count("[") + text.count("{") < MAX_DEPTH and max(map(len, text.split("\n"))) < 2 * MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What probably went wrong, where PyYAML's wording does not say: a tab, or a quote left
    open some lines before the place where the parser gave up."""
    problem = exc.problem or ""
    tab = _tab_at(exc.problem_mark, text)
    if tab or "'\\t'" in problem or "tab character" in problem:
        # libyaml says only "found character that cannot start any token" for a tab.
        where = tab or "a tab was found here"
        return f" ({where}: indent with spaces, YAML does not allow tabs)"
    reserved = _reserved_start_hint(exc.problem_mark, text)
    if reserved:
        return reserved
    if problem == "mapping values are not allowed in this context" and exc.problem_mark is not None:
        return _colon_hint(text.splitlines(), exc.problem_mark.line)
    indent = " (is this line indented as far as the lines it belongs with?)"
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return indent
    if "could not find expected ':'" in problem:
        return " (a key without a colon after it?)"
    quote = _quote_hint(exc, text)
    # A line indented too far and a quote left open further up both end in "expected key".
    return quote or (indent if "expected key" in problem else "")


# A key and its value, on a line of a mapping or a list item's first line ("  - code: X").
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)*([^\s#'\"][^#:]*?):\s+(\S.*?)\s*$")
# What YAML reads as no plain text at the start of a value: a title such as "@home", "`code`",
# "[Draft] Imaging" or "*Important*" written without quotes is a syntax error far from its cause.
_RESERVED_START = "@`%*&![{|>"


def _reserved_start_hint(mark, text: str) -> str:
    """A value on the line where the parser gave up that starts with a character YAML
    reserves, and is not what that character starts (a list in brackets, a block of text, an
    alias to an anchor): said with the value quoted, as it should be written."""
    if mark is None:
        return ""
    lines = text.splitlines()
    found = _KEY_VALUE.match(lines[mark.line] if mark.line < len(lines) else "")
    if found is None:
        return ""
    key, value = found.group(1), found.group(2).split(" #", 1)[0].rstrip()
    first = value[:1]
    if not first or first not in _RESERVED_START or key == "<<":
        return ""
    if (first, value[-1]) in (("[", "]"), ("{", "}")) or re.fullmatch(r"[|>][-+0-9]*", value):
        return ""
    quoted = f'"{value}"' if '"' not in value else f"'{value}'"
    return f" (YAML reserves {first} at the start of a value: put it in quotes, as in {key}: {quoted})"


# A value in single quotes, after its key or a list item's dash ("  - title: 'A…").
_SINGLE_QUOTED_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s#'\"][^#:'\"]*:\s+)?'")


def _quote_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A quote left open some lines before the place where the parser gave up."""
    if exc.context_mark is not None and exc.problem_mark is not None:
        first, last = exc.context_mark.line, exc.problem_mark.line
        if "quoted scalar" in (exc.context or "") and last > first:
            return f" (the quote opened on line {first + 1} is not closed)"
        lines = text.splitlines()
        for number in range(max(0, min(first, last) - 1), min(last, len(lines))):
            candidate = lines[number].split("#", 1)[0]
            if (': "' in candidate or '- "' in candidate) and (candidate.count('"') - candidate.count('\\"')) % 2:
                return f" (is the quote on line {number + 1} left open?)"
            # A single quote left open runs on to the next apostrophe, maybe a hundred lines on.
            if _SINGLE_QUOTED_START.match(candidate) and candidate.count("'") % 2:
                return f" (is the quote on line {number + 1} left open?)"
    return ""


def _tab_at(mark, text: str) -> str:
    """Whether the line where the parser gave up has a tab in its indentation, or a tab
    where it gave up, said as the hint puts it; else the empty text."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "found a tab in the indentation of this line"
    if line[mark.column : mark.column + 1] == "\t":
        return "a tab was found here"
    return ""


def _colon_hint(lines: list[str], number: int) -> str:
    """What a colon the parser did not expect most likely means: the line before has a key
    without its colon, or this line is indented too far, or a value holds ": "."""
    here = lines[number] if number < len(lines) else ""
    before = next((line for line in reversed(lines[:number]) if line.split("#", 1)[0].strip()), "")
    code = before.split("#", 1)[0]
    indent = len(here) - len(here.lstrip())
    if code.strip() and ":" not in code:
        return f" (line {number}, the line before, has a key without its colon?)"
    if code.rstrip().endswith(":") is False and indent > _keys_indent(before):
        return " (is this line indented further than the line before?)"
    return ' (a colon and a space inside a value: put the value in quotes, as in title: "Ultrasound: the basics")'


def _keys_indent(line: str) -> int:
    """Where the keys of ``line``'s mapping start: after its indentation, and after the dash
    of a list item ("  - id: a" has its keys at 4, as the "    name: A" below it)."""
    rest = line.lstrip(" ")
    while rest.startswith("- "):
        rest = rest[2:].lstrip(" ")
    return len(line) - len(rest)


def display_path(path: Path, root: Path | None) -> str:
    """A path as the user should read it: relative to the project when possible."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


# Files loaded by this process, by their text: ``ecrprint watch`` reads only what changed.
# Nothing downstream modifies a loaded document.
_loaded: dict[tuple[str, str], object] = {}


def _wide(raw: bytes) -> bool:
    """Whether bytes are text saved as UTF-16 or UTF-32: with their byte order mark, or, without
    one, with a zero byte beside each letter of Latin text."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return True
    head = raw[:200]
    return len(head) >= 8 and head.count(0) * 3 >= len(head)


# Characters YAML reads as line breaks that editors show on one line, if at all: in quotes,
# YAML makes a space of them (an ellipsis "…" in Windows-1252 text read as Latin-1 is U+0085),
# elsewhere they cut the value, and every line after them is counted one further on.
_UNSEEN_BREAKS = ("\x85", "\u2028", "\u2029")


def _unseen_break(shown: str, text: str, at: int) -> Problem:
    line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    code = ord(text[at])
    name = unicodedata.name(text[at], "NEXT LINE")  # U+0085, a control character, has no name
    why = " (an ellipsis '…' of Windows-1252 text that was read as Latin-1?)" if code == 0x85 else ""
    message = (
        f"U+{code:04X} ({name}){why} is a line break to YAML, which most editors do not show: delete it, or "
        "retype the value"
    )
    return Problem(shown, line, col, "(file)", message)


def load_yaml(path: Path, root: Path | None = None, cache: Path | None = None, warnings: list | None = None):
    """Load one YAML file safely; syntax errors become located problems, never tracebacks.
    With a ``cache`` folder, files read before are taken from it (see ``yamlcache``). What
    is allowed but probably a mistake (a comment that cut a value short) goes into
    ``warnings``; a file with such a thing is read afresh each time, so that it is said."""
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raw = exc.object if isinstance(exc.object, bytes) else b""
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"not UTF-8 text (byte 0x{raw[exc.start]:02X} here; the file was probably saved as Latin-1 or "
            "Windows-1252): save it as UTF-8"
            if exc.start < len(raw)
            else f"not UTF-8 text: {exc.reason}"
        )
        if _wide(raw):  # its every other byte is zero: the bytes and lines counted above mean nothing
            line, col = 1, 1
            message = 'not UTF-8 text: saved as UTF-16 or UTF-32 (Windows calls it "Unicode"): save it as UTF-8'
        raise ContentError([Problem(shown, line, col, "(file)", message)]) from None
    except OSError as exc:
        raise ContentError([Problem(shown, 1, 1, "(file)", f"cannot read: {exc.strerror}")]) from None
    known = _loaded.get((shown, text))
    if known is not None:
        return known
    if cache is not None:
        from . import yamlcache

        known = yamlcache.read(cache, shown, text)
        if known is not None:
            _remember(shown, text, known)
            return known
    unseen = [at for at in map(text.find, _UNSEEN_BREAKS) if at >= 0]
    if unseen:
        raise ContentError([_unseen_break(shown, text, min(unseen))])
    try:
        deep = _too_deep(text)
        if deep is not None:
            line, col = deep.line + 1, deep.column + 1
            message = f"values nest more than {MAX_DEPTH} levels deep"
            raise ContentError([Problem(shown, line, col, "(nesting)", message)])
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "could not find expected ':'" in (exc.problem or "") and exc.context_mark is not None:
            mark = exc.context_mark  # where the unfinished key starts, not where the parser gave up
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise ContentError(
            [Problem(shown, line, col, "(syntax)", f"YAML syntax error: {message}{_hint(exc, text)}")]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML allows nowhere, not even quoted
        # Its first place in the text is where reading stopped (libyaml counts the position in
        # UTF-8 bytes, PyYAML in characters).
        at = max(text.find(chr(exc.character)), 0)
        line, col = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        kind = "a control character" if unicodedata.category(chr(exc.character)) == "Cc" else "not a character"
        message = (
            f"U+{exc.character:04X} ({kind}) is not allowed in YAML, not even in quotes: delete it (it may "
            "be invisible: retype the value)"
        )
        raise ContentError([Problem(shown, line, col, "(file)", message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(shown, 1, 1, "(syntax)", f"YAML error: {exc}")]) from None
    if node is None:
        return None
    builder = _Builder(shown, text)
    try:
        value = builder.build(node)
        if builder.plain is not None:
            builder.plain.unused_anchors(builder)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError([Problem(shown, line, col, "(value)", str(exc.problem))]) from None
    except _BadScalar as bad:  # the whole file is one such scalar
        m = _mark(shown, bad.node)
        raise ContentError([Problem(m.path, m.line, m.col, "(value)", str(bad))]) from None
    except RecursionError:  # merge keys (<<) that include themselves, or nesting thousands deep
        raise ContentError(
            [Problem(shown, 1, 1, "(nesting)", "values nest too deeply, or merge into themselves")]
        ) from None
    if warnings is not None:
        warnings.extend(Problem(m.path, m.line, m.col, field_name(value, t), text) for m, t, text in builder.warnings)
    if builder.problems:
        raise PartlyRead(
            [Problem(m.path, m.line, m.col, field_name(value, t), text) for m, t, text in builder.problems],
            value,
            builder.whole,
        )
    if builder.warnings:
        return value
    if cache is not None:
        from . import yamlcache

        yamlcache.write(cache, shown, text, value)
    _remember(shown, text, value)
    return value


def _remember(shown: str, text: str, value) -> None:
    if len(_loaded) >= 64:
        _loaded.clear()
    _loaded[(shown, text)] = value
