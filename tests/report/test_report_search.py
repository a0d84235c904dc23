"""Search through the FTS5 indexes: same answers as a scan, kept in step with every write."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import dateline.store.sqlite as sqlite_module
from dateline.ingest import ingest
from dateline.report.document import BuildResult
from dateline.report.results import Results, fts_query, save_results
from dateline.store import SQLiteStore
from dateline.store.migrations import MIGRATIONS


def _ids(db: Results, query: str) -> list[str]:
    total, rows = db.search_articles(query, limit=500)
    assert total == len(rows)
    return [row["id"] for row in rows]


@pytest.mark.parametrize("query", ["Raqqa", "daesh", "Islamic State", "Syrian Democratic",
                                   "Rafiqah", "convoy", "Mosul", "AFP"])
def test_full_text_finds_what_a_scan_finds_for_whole_words(raqqa_store: SQLiteStore,
                                                           query: str) -> None:
    fts, scan = Results(raqqa_store), Results(raqqa_store, full_text=False)
    # a scan finds substrings; keep the articles where the query is a whole word or phrase
    words = re.compile(r"(?<!\w)" + re.escape(query) + r"(?!\w)", re.IGNORECASE)
    expected = [i for i in _ids(scan, query)
                if words.search(" ".join(str(v) for v in raqqa_store.execute(
                    "SELECT title, outlet, agency, text FROM articles WHERE id=?", (i,)
                ).fetchone() if v))]
    assert _ids(fts, query) == expected


def test_prefixes_ids_and_punctuation(raqqa_store: SQLiteStore) -> None:
    db = Results(raqqa_store)
    assert _ids(db, "Raqq") == _ids(db, "raqqa")  # the last word is a prefix
    some_id = _ids(db, "")[2]
    assert some_id in _ids(db, some_id[:6])  # an id prefix
    assert fts_query("%%") is None
    assert db.search_articles("%%")[0] == 0  # nothing to match: the scan answers
    assert db.search_articles('"unbalanced')[0] == 0  # quotes are text, not syntax
    assert db.search_articles("Daesh's")[0] >= 1  # “Daesh’s” in the text
    assert db.search_articles("Raqqa\x00zzz")[0] == 0  # a NUL does not end the query


def test_index_follows_inserts_updates_and_story_rewrites(raqqa_store: SQLiteStore,
                                                          raqqa_result: BuildResult,
                                                          raqqa_dir: Path,
                                                          tmp_path: Path) -> None:
    db = Results(raqqa_store)
    article = raqqa_store.get_article(_ids(db, "Rafiqah")[0])
    assert article is not None
    raqqa_store.replace_article(replace(article, title="Zanzibar headline"))
    assert _ids(db, "zanzibar") == [article.id]
    # a new article is found as soon as it is stored
    extra = tmp_path / "extra.txt"
    extra.write_text("Quokkas crossed the Euphrates near Tabqa on Sunday.\n", encoding="utf-8")
    ingest(raqqa_store, [str(extra)])
    assert len(_ids(db, "quokkas")) == 1
    assert db.search_stories("Battle")[0] == 1
    story = raqqa_result.stories[0]
    renamed = replace(story, story=replace(story.story, label="Siege of Tabqa"))
    save_results(raqqa_store, [renamed])
    assert db.search_stories("battle")[0] == 0 and db.search_stories("tabq")[0] == 1
    assert db.search_stories("s-raq")[0] == 1  # an id prefix
    integrity = "INSERT INTO report_articles_fts(report_articles_fts, rank) VALUES (?, 1)"
    raqqa_store.execute(integrity, ("integrity-check",))


def test_a_store_made_before_the_index_is_indexed_on_open(
        tmp_path: Path, raqqa_dir: Path, raqqa_result: BuildResult,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:  # the store as an earlier version left it
        patch.setattr(sqlite_module, "MIGRATIONS",
                      [m for m in MIGRATIONS if m[0] != "report_0002_search"])
        store = SQLiteStore(path)
        ingest(store, [str(raqqa_dir)])
        store.executemany("INSERT INTO report_stories VALUES (?,?,?,?,?,?)",
                          [(s.story.id, s.story.label, None, None, 5, "{}")
                           for s in raqqa_result.stories])
        assert "report_0002_search" not in store.applied_migrations()
        store.close()
    store = SQLiteStore(path)
    assert "report_0002_search" in store.applied_migrations()
    db = Results(store)
    assert db.search_articles("Raqqa")[0] == 5
    assert db.search_stories("raqqa")[0] == 1


def test_search_falls_back_to_a_scan_when_the_index_cannot_answer(
        raqqa_store: SQLiteStore) -> None:
    db = Results(raqqa_store)
    indexed = (db.search_articles("Rafiqah"), db.search_stories("raqqa"))
    for table in ("report_articles_fts", "report_stories_fts"):
        raqqa_store.execute(f"DROP TABLE {table}")
    assert (db.search_articles("Rafiqah"), db.search_stories("raqqa")) == indexed
