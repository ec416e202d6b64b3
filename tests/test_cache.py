"""The part and file caches stay within their budget, least recently used first."""

from __future__ import annotations

import os
from pathlib import Path

from ecrprint.pdfrender import RenderResult
from ecrprint.renderer import FileCache, PartCache, prune


def test_pruning_removes_the_least_recently_used_entries_first(tmp_path: Path):
    cache = tmp_path / ".ecrprint-cache"
    parts, files = PartCache(cache), FileCache(cache)
    for i in range(5):
        parts.put(f"p{i}", RenderResult(key=f"p{i}", pdf=b"%" * 100_000, pages=1))
    for i in range(2):
        files.put(f"f{i}", b"%" * 100_000)
    # Last used in this order: p0 … p4, then f0, f1.
    for when, name in enumerate(["p0", "p1", "p2", "p3", "p4"]):
        for suffix in ("json", "pdf"):
            os.utime(cache / "parts" / f"{name}.{suffix}", ns=(10**18 + when, 10**18 + when))
    for when, name in enumerate(["f0", "f1"], start=5):
        os.utime(cache / "files" / f"{name}.pdf", ns=(10**18 + when, 10**18 + when))
    (cache / "last-build.json").write_text("{}")
    assert parts.get("p0") is not None  # used now: the most recent of all

    freed = prune(cache, budget=350_000)

    assert [parts.get(f"p{i}") is not None for i in range(5)] == [True, False, False, False, False]
    assert files.get("f0") is not None and files.get("f1") is not None
    assert 400_000 <= freed < 410_000
    assert (cache / "last-build.json").is_file()  # not a cache entry: left alone
    assert prune(cache, budget=350_000) == 0
    assert prune(None) == 0


def test_qr_codes_are_kept_by_url_and_not_made_again_after_an_edit(mini_project: Path, monkeypatch):
    from ecrprint import qr
    from ecrprint.build import build

    from .helpers import decode_qr_codes, page_texts

    first = build(mini_project, only="booklet", jobs=2)
    urls = {url for entry in first.manifest["products"] for page in entry["qr_codes"] for url in page}
    stored = list((mini_project / ".ecrprint-cache" / "qr").glob("*.json"))
    assert len(urls) > 5 and len(stored) == len(urls)

    def refuse(url, level):
        raise AssertionError(f"QR code made again for {url}")

    monkeypatch.setattr(qr, "runs", refuse)
    timetable = mini_project / "content" / "timetable.yaml"
    timetable.write_text(timetable.read_text().replace("title: The future of imaging", "title: The future, edited"))
    second = build(mini_project, only="booklet", jobs=2)

    assert second.rendered > 0 and not second.up_to_date
    booklet = second.out_dir / "booklet.pdf"
    page = next(i for i, text in enumerate(page_texts(booklet)) if "The future, edited" in text)
    entry = next(e for e in second.manifest["products"] if e["kind"] == "booklet")
    on_page = entry["qr_codes"][page]
    assert on_page and sorted(decode_qr_codes(booklet, page)) == sorted(on_page)
