from __future__ import annotations

import sqlite3

import pytest

from dateline.model import Article, DateEvidence, Source, article_id
from dateline.store import SQLiteStore


def _article(text: str, path: str = "a.txt") -> Article:
    return Article(id=article_id(text), source=Source(path=path), paragraphs=(text,),
                   published=DateEvidence("2017-07-04", "day", "byline", "Jul 04,2017", 0.9))


def test_article_round_trips_through_the_store(store: SQLiteStore) -> None:
    article = _article("Raqqa's Old City wall was breached.")
    assert store.put_article(article)
    assert store.get_article(article.id) == article
    assert list(store.iter_articles()) == [article]


def test_same_text_twice_is_one_article_with_two_sources(store: SQLiteStore) -> None:
    assert store.put_article(_article("Same text.", "one.txt"))
    assert not store.put_article(_article("Same  TEXT.", "two.txt"))
    assert store.count_articles() == 1
    assert [s.path for s in store.sources(article_id("same text."))] == ["one.txt", "two.txt"]


def test_failed_batch_leaves_nothing_behind(store: SQLiteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.put_article(_article("first"))
        raise RuntimeError("crash mid-batch")
    assert store.count_articles() == 0


def test_store_is_a_plain_sqlite_file_with_migrations(tmp_path) -> None:
    path = tmp_path / "plain.db"
    SQLiteStore(path).put_article(_article("hello"))
    SQLiteStore(path)  # reopening applies nothing twice
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        names = [r[0] for r in conn.execute("SELECT name FROM migrations")]
    assert names == sorted(set(names), key=names.index)
    assert "store_0001_articles" in names


def test_state_is_saved_as_json(store: SQLiteStore) -> None:
    store.save_state("copies", "params", {"threshold": 0.8})
    assert store.load_state("copies", "params") == {"threshold": 0.8}
    assert store.load_state("copies", "missing", default=[]) == []


def test_changed_file_reingested_keeps_a_source_for_the_new_text(store: SQLiteStore) -> None:
    store.put_article(_article("First version of the story.", "story.txt"))
    store.put_article(_article("Second, corrected version of the story.", "story.txt"))
    assert store.count_articles() == 2
    for article in store.iter_articles():
        assert [s.path for s in store.sources(article.id)] == ["story.txt"]
