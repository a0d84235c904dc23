"""Ingesting the same inputs twice adds nothing."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest import ReadOptions, ingest
from dateline.store import SQLiteStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = ["raqqa_003.html", "raqqa_004_urldate.html", "raqqa_nodate.html", "raqqa.rss",
          "raqqa.atom", "raqqa.warc.gz", "raqqa_custom.jsonl"]


def counts(store: SQLiteStore) -> tuple[int, int]:
    sources = store.execute("SELECT COUNT(*) FROM article_sources").fetchone()[0]
    return store.count_articles(), sources


def test_second_ingest_adds_nothing(store: SQLiteStore, raqqa_dir: Path) -> None:
    paths = [str(raqqa_dir)] + [str(FIXTURES / name) for name in INPUTS]
    options = ReadOptions(fields={"outlet": "meta.site"})
    first = ingest(store, paths, options=options)
    assert first.added > 5 and not first.errors
    before = counts(store)
    # every place read has its row, and the same text read twice is one article
    assert before[1] == first.read and before[0] == first.added < first.read
    second = ingest(store, paths, options=options)
    assert (second.read, second.added, second.known) == (first.read, 0, first.read)
    assert counts(store) == before


def test_workers_store_the_same_in_the_same_order(tmp_path: Path, raqqa_dir: Path) -> None:
    paths = [str(raqqa_dir)] + [str(FIXTURES / name) for name in INPUTS]
    one, two = SQLiteStore(tmp_path / "one.db"), SQLiteStore(tmp_path / "two.db")
    first = ingest(one, paths, batch_size=7)
    second = ingest(two, paths, batch_size=7, workers=2)
    assert second.article_ids == first.article_ids
    assert [a.id for a in two.iter_articles()] == [a.id for a in one.iter_articles()]
    assert counts(two) == counts(one)
