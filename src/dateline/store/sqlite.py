"""The default store: one SQLite file in WAL mode, migrated on open."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.model import Article, IngestError, Source, from_dict, to_dict
from dateline.store.migrations import MIGRATIONS


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreOpenError(Exception):
    """The store file cannot be opened: its folder is missing, it is a folder, it is not a
    SQLite database, or it may not be read. The message names the path and says why."""


class SQLiteStore:
    """A store in one SQLite file that the user can open with any SQLite tool.

    Parameters
    ----------
    path:
        The database file; created if missing, in a folder that must exist (a mistyped folder
        is an error, not a new folder). ``":memory:"`` for tests.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            _check_place(Path(self.path))
        self._depth = 0
        self._lock = threading.RLock()
        try:
            # Autocommit mode: transactions are opened explicitly by transaction().
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:  # "unable to open database file": no permission
            raise StoreOpenError(f"cannot open the store {self.path}: {exc}") from None
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:  # "file is not a database", "unable to open"
            self.conn.close()
            raise StoreOpenError(f"cannot open the store {self.path}: {exc} (a dateline "
                                 "store is a SQLite file)") from None

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        done = {row[0] for row in self.conn.execute("SELECT name FROM migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM migrations ORDER BY rowid")]

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside happen together or not at all; nested calls join the outer one."""
        with self._lock:
            if self._depth == 0:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def close(self) -> None:
        self.conn.close()

    # -- articles -------------------------------------------------------------------------------

    def put_article(self, article: Article) -> bool:
        now = _now()
        source = article.source
        with self.transaction():
            exists = self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article.id,))
            is_new = exists.fetchone() is None
            if is_new:
                seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles")
                published = article.published
                self.conn.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, article.title, article.outlet, article.byline, article.agency,
                     article.dateline,
                     published.value if published else None,
                     published.granularity if published else None,
                     published.source if published else None,
                     published.confidence if published else None,
                     article.language, article.text, json.dumps(to_dict(article)),
                     seq.fetchone()[0], now),
                )
            self.conn.execute(
                "INSERT OR IGNORE INTO article_sources VALUES (?,?,?,?,?,?,?,?,?,?)",
                (source.key(), article.id, source.format, source.path, source.url, source.feed,
                 source.warc_record_id, source.warc_offset, source.line, now),
            )
            return is_new

    def put_articles(self, articles: Iterable[Article]) -> int:
        with self.transaction():
            return sum(self.put_article(article) for article in articles)

    def replace_article(self, article: Article) -> None:
        """Rewrite a stored article's record (a later stage refined its metadata or cut site
        furniture from its text); its id and seq stay."""
        published = article.published
        with self.transaction():
            self.conn.execute(
                "UPDATE articles SET title=?, outlet=?, byline=?, agency=?, dateline=?,"
                " published=?, published_granularity=?, published_source=?,"
                " published_confidence=?, language=?, text=?, record=? WHERE id=?",
                (article.title, article.outlet, article.byline, article.agency, article.dateline,
                 published.value if published else None,
                 published.granularity if published else None,
                 published.source if published else None,
                 published.confidence if published else None,
                 article.language, article.text, json.dumps(to_dict(article)), article.id),
            )

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT record FROM articles WHERE id=?", (article_id,)).fetchone()
        return from_dict(Article, json.loads(row[0])) if row else None

    def find_ids(self, prefix: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id LIKE ? ORDER BY seq", (prefix.lower() + "%",)
        )
        return [row[0] for row in rows]

    def iter_articles(self, since_seq: int = 0) -> Iterator[Article]:
        last = since_seq
        while True:  # pages, so a 100k store is never read into memory at once
            rows = self.conn.execute(
                "SELECT seq, record FROM articles WHERE seq > ? ORDER BY seq LIMIT 500", (last,)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield from_dict(Article, json.loads(row["record"]))
            last = rows[-1]["seq"]

    def count_articles(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def max_seq(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]

    def sources(self, article_id: str) -> list[Source]:
        rows = self.conn.execute(
            "SELECT format, path, url, feed, warc_record_id, warc_offset, line"
            " FROM article_sources WHERE article_id=? ORDER BY ingested_at, rowid",
            (article_id,),
        )
        return [Source(path=r["path"], url=r["url"], feed=r["feed"],
                       warc_record_id=r["warc_record_id"], warc_offset=r["warc_offset"],
                       line=r["line"], format=r["format"]) for r in rows]

    # -- errors and state -------------------------------------------------------------------------

    def put_error(self, error: IngestError) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO ingest_errors (path, reason, detail, at) VALUES (?,?,?,?)",
                (error.path, error.reason, error.detail, _now()),
            )

    def errors(self) -> list[IngestError]:
        rows = self.conn.execute("SELECT path, reason, detail FROM ingest_errors ORDER BY id")
        return [IngestError(r["path"], r["reason"], r["detail"] or "") for r in rows]

    def save_state(self, step: str, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO state VALUES (?,?,?)", (step, key, json.dumps(value))
            )

    def load_state(self, step: str, key: str, default: Any = None) -> Any:
        row = self.conn.execute(
            "SELECT value FROM state WHERE step=? AND key=?", (step, key)
        ).fetchone()
        return json.loads(row[0]) if row else default


def _check_place(path: Path) -> None:
    """:class:`StoreOpenError` when ``path`` cannot become or be a store file."""
    if path.is_dir():
        raise StoreOpenError(f"the store {path} is a folder; give a file, e.g. {path}/dateline.db")
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise StoreOpenError(f"cannot create the store {path}: the folder {path.parent} {what} "
                             "(create it first)")


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (sqlite3 runs one at a time in a transaction)."""
    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
