"""Content files read before come back from the project's cache exactly as YAML gives them:
the same values, the same locations in errors, and a damaged entry is simply read again."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from ecrprint import yamlsource
from ecrprint.cli import main
from ecrprint.content import content_files, load_project
from ecrprint.yamlsource import LocList, LocMap, load_yaml


def located(value):
    """A value with every location in it, for comparing two loads of a file."""
    if isinstance(value, LocMap):
        return (
            "map",
            value.mark,
            [(k, value.key_marks[k], value.value_marks[k], located(v)) for k, v in value.items()],
        )
    if isinstance(value, LocList):
        return ("list", value.mark, [(m, located(v)) for m, v in zip(value.item_marks, value)])
    return (type(value).__name__, value, getattr(value, "text", None))


@pytest.fixture
def count_yaml_parses(monkeypatch):
    """How many files YAML parsed; the in-process memo of loaded files starts empty."""
    parsed: list[str] = []
    compose = yaml.compose

    def counting(text, Loader):
        parsed.append(text)
        return compose(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", counting)
    monkeypatch.setattr(yamlsource, "_loaded", {})
    return parsed


def test_cached_content_has_the_values_and_locations_yaml_gives(mini_project, count_yaml_parses):
    cache = mini_project / ".ecrprint-cache"
    files = content_files(mini_project)
    fresh = [located(load_yaml(p, mini_project)) for p in files]
    assert len(count_yaml_parses) == len(files)
    for p in files:  # fills the cache
        yamlsource._loaded.clear()
        load_yaml(p, mini_project, cache)
    assert len(list((cache / "content").glob("*.json"))) == len(files)

    count_yaml_parses.clear()
    yamlsource._loaded.clear()
    again = [located(load_yaml(p, mini_project, cache)) for p in files]

    assert count_yaml_parses == []  # every file came from the cache
    assert again == fresh
    kinds = {kind for doc in again for kind in _kinds(doc)}
    # Dates stay dates, and numbers numbers with the text as written (1.10, not 1.1).
    assert {"date", "Int", "str", "map", "list"} <= kinds


def _kinds(node):
    yield node[0]
    if node[0] == "map":
        for _k, _km, _vm, child in node[2]:
            yield from _kinds(child)
    elif node[0] == "list":
        for _m, child in node[2]:
            yield from _kinds(child)


def test_an_edited_file_is_read_again_and_errors_in_cached_files_keep_their_lines(
    mini_project, capsys, count_yaml_parses
):
    assert main(["build", str(mini_project), "--only", "door-sign"]) == 0
    capsys.readouterr()
    # The format the timetable uses is renamed: the problems are in the unchanged, cached file.
    path = mini_project / "content" / "formats.yaml"
    path.write_text(path.read_text().replace("  - id: rc\n", "  - id: rcx\n", 1))
    yamlsource._loaded.clear()
    count_yaml_parses.clear()

    assert main(["build", str(mini_project), "--only", "door-sign"]) == 1
    from_cache = capsys.readouterr().err
    assert len(count_yaml_parses) == 1  # only the edited file
    yamlsource._loaded.clear()
    assert main(["check", str(mini_project)]) == 1  # no cache: every file parsed, and the words
    assert len(count_yaml_parses) == 1 + len(content_files(mini_project)) + 1
    from_yaml = capsys.readouterr().err

    located_lines = [line for line in from_cache.splitlines() if line.startswith("content/timetable.yaml:")]
    assert located_lines and all("unknown format 'rc'" in line for line in located_lines)
    assert from_cache.splitlines()[:-1] == from_yaml.splitlines()[:-1]


def test_a_damaged_cache_entry_is_read_again_from_the_file(mini_project, count_yaml_parses):
    cache = mini_project / ".ecrprint-cache"
    expected = load_project(mini_project, cache)
    entries = sorted((cache / "content").glob("*.json"))
    assert entries
    entries[0].write_text('["m", 1')  # cut short
    entries[1].write_text('["m", 1, 1, "sessions", 1, 1, 2, 3, ["x"]]')  # a tag that means nothing
    yamlsource._loaded.clear()
    count_yaml_parses.clear()

    assert load_project(mini_project, cache) == expected
    assert len(count_yaml_parses) == 2


def test_values_json_cannot_carry_are_not_cached(tmp_path: Path):
    (tmp_path / "data.yaml").write_text("when: 2024-02-28 10:30:00\nblob: !!binary aGVsbG8=\n")
    cache = tmp_path / ".ecrprint-cache"
    value = load_yaml(tmp_path / "data.yaml", tmp_path, cache)
    assert value["blob"] == b"hello"
    assert value["when"] == datetime.datetime(2024, 2, 28, 10, 30)
    assert not (cache / "content").exists() or not list((cache / "content").iterdir())
