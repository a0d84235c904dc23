"""A killed ingest leaves a consistent store, and a re-run completes it without duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from dateline.ingest import ingest
from dateline.store import SQLiteStore

ARTICLES = 2500
WORDS = ["forces", "city", "council", "river", "bridge", "convoy", "spokesman", "ceasefire",
         "talks", "aid", "district", "offensive", "militia", "airstrike", "displaced",
         "families", "hospital", "negotiators"]


def write_corpus(path: Path) -> None:
    with path.open("w") as out:
        for n in range(ARTICLES):
            words = " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(25))
            text = "\n\n".join(f"Report {n}, paragraph {p}: the {words}." for p in range(2))
            out.write(json.dumps({"text": text, "title": f"Report {n}",
                                  "date": "2017-10-16"}) + "\n")


def article_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created or not migrated yet
        return 0


def test_kill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "kill.db"
    write_corpus(corpus)
    command = [sys.executable, "-c", "from dateline.cli import app; app()",
               "ingest", str(corpus), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while article_count(db) < 400 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the ingest ended before it could be killed"

    store = SQLiteStore(db)
    assert store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = store.count_articles()
    assert 0 < stored < ARTICLES
    orphans = store.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM article_sources s WHERE s.article_id = a.id)")
    assert orphans.fetchone()[0] == 0
    dangling = store.execute("SELECT COUNT(*) FROM article_sources s WHERE NOT EXISTS "
                             "(SELECT 1 FROM articles a WHERE a.id = s.article_id)")
    assert dangling.fetchone()[0] == 0
    # whole batches only: what is stored is a prefix of the input, in order
    lines = [row[0] for row in store.execute("SELECT line FROM article_sources ORDER BY line")]
    assert lines == list(range(1, stored + 1))

    report = ingest(store, [str(corpus)])
    assert not report.errors
    assert (report.added, report.known) == (ARTICLES - stored, stored)
    assert store.count_articles() == ARTICLES
    assert store.execute("SELECT COUNT(*) FROM article_sources").fetchone()[0] == ARTICLES
    seqs = store.execute("SELECT COUNT(DISTINCT seq), MAX(seq) FROM articles").fetchone()
    assert tuple(seqs) == (ARTICLES, ARTICLES)
