"""The published results in the store: what the last build made, for the reports and the web UI.

:func:`save_results` writes the corpus results (stories with their timeline and summary, copies,
claims, entities) into the ``report_*`` tables in one transaction, replacing the previous build;
:class:`Results` reads them back by id, by article, or page by page, so a story page never loads
the whole corpus. :func:`load_build` assembles a whole :class:`BuildResult` for a full report.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from dateline.model import Article, Claim, CopyLink, Entity, Source, to_dict
from dateline.report.document import BuildResult, StoryResult, finite, open_bounds
from dateline.report.records import load
from dateline.store import SQLiteStore

_CHUNK = 500  # SQLite's parameter limit is far above; chunks keep statements small


def save_results(
    store: SQLiteStore,
    stories: Iterable[StoryResult] = (),
    copies: Iterable[CopyLink] = (),
    claims: Iterable[Claim] = (),
    entities: Iterable[Entity] = (),
) -> None:
    """Replace the published results with these at once: readers see the old or the new.

    The story labels' search index (``report_stories_fts``) is rewritten with them.
    """
    with store.transaction():
        for table in ("report_stories", "report_story_articles", "report_copies",
                      "report_claims", "report_entities", "report_stories_fts"):
            store.execute(f"DELETE FROM {table}")
        for result in stories:
            s = result.story
            store.execute(
                "INSERT INTO report_stories VALUES (?,?,?,?,?,?)",
                (s.id, s.label, s.first_date, s.last_date, len(s.article_ids),
                 json.dumps(to_dict(result), ensure_ascii=False)),
            )
            store.execute("INSERT INTO report_stories_fts (id, label) VALUES (?,?)",
                          (s.id, s.label))
            store.executemany("INSERT OR IGNORE INTO report_story_articles VALUES (?,?)",
                              [(s.id, a) for a in s.article_ids])
        store.executemany("INSERT OR REPLACE INTO report_copies VALUES (?,?,?)",
                          [(c.original, c.copy, json.dumps(to_dict(c), ensure_ascii=False))
                           for c in copies])
        store.executemany("INSERT INTO report_claims (article_id, record) VALUES (?,?)",
                          [(c.article_id, json.dumps(finite(to_dict(c)), ensure_ascii=False))
                           for c in claims])
        store.executemany("INSERT OR REPLACE INTO report_entities VALUES (?,?,?,?)",
                          [(e.id, e.name, e.mentions, json.dumps(to_dict(e), ensure_ascii=False))
                           for e in entities])


def _like(query: str, prefix: bool = False) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


_WORD = re.compile(r"\w")
_HEX_ID = re.compile(r"[0-9a-f]{4,16}")
_ARTICLE_ROW = ("id, title, outlet, agency, dateline, published, published_granularity,"
                " substr(text, 1, 240) AS opening, length(text) AS chars")
# rowid follows arrival (seq) but, unlike seq, is read without reaching past the text
_NEWEST_FIRST_ROWID = "published IS NULL, published DESC, rowid"


def fts_query(query: str) -> str | None:
    """The FTS5 query for what a user typed: its words as one phrase, the last word a prefix
    (``islamic sta`` finds "Islamic State", ``Daesh's`` finds "Daesh’s"); case and accents
    are ignored. ``None`` when it has no word to look for (punctuation only)."""
    if not _WORD.search(query):
        return None
    return '"' + query.replace('"', '""') + '"*'


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class Results:
    """Read access to articles and published results, for one connection (one request).

    ``full_text``: search through the store's FTS5 indexes (migration ``report_0002_search``):
    word and prefix matches, fast at any size. ``False``, a query with no word in it, or an
    index that cannot answer (an SQLite error): the fallback, a substring scan (``LIKE``),
    slower on large stores but finding any substring.
    """

    def __init__(self, store: SQLiteStore, full_text: bool = True) -> None:
        self.store = store
        self.full_text = full_text

    def _full_text(self, query: str) -> str | None:
        return fts_query(query) if self.full_text and query else None

    # -- articles -----------------------------------------------------------------------------

    def search_articles(self, query: str = "", limit: int = 50,
                        offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Articles whose title, outlet, agency or text has ``query``'s words (or whose id
        starts with it), newest first; returns the total count and one page of metadata rows
        (the opening of the text, no whole text)."""
        query = query.replace("\x00", "")  # SQLite would end the pattern there
        match = self._full_text(query)
        if match is not None:
            try:
                return self._search_articles_fts(match, query.lower(), limit, offset)
            except sqlite3.OperationalError:  # the index cannot answer: scan instead
                pass
        where, params = "", []
        if query:
            where = ("WHERE title LIKE ? ESCAPE '\\' OR outlet LIKE ? ESCAPE '\\'"
                     " OR agency LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\'"
                     " OR id LIKE ? ESCAPE '\\'")
            params = [_like(query)] * 4 + [_like(query.lower(), prefix=True)]
        total = self.store.execute(f"SELECT COUNT(*) FROM articles {where}", params).fetchone()[0]
        return total, self._article_page(where, params, limit, offset)

    def _search_articles_fts(self, match: str, lowered: str, limit: int,
                             offset: int) -> tuple[int, list[dict[str, Any]]]:
        hits = "SELECT rowid FROM report_articles_fts WHERE report_articles_fts MATCH ?"
        params: list[Any] = [match]
        if _HEX_ID.fullmatch(lowered):  # an id prefix (GLOB uses the primary key's index)
            hits += " UNION SELECT seq FROM articles WHERE id GLOB ?"
            params.append(lowered + "*")
        total = self.store.execute(f"SELECT COUNT(*) FROM ({hits})", params).fetchone()[0]
        if not total:
            return 0, []
        return total, self._article_page(f"WHERE seq IN ({hits})", params, limit, offset)

    def _article_page(self, where: str, params: list[Any], limit: int,
                      offset: int) -> list[dict[str, Any]]:
        # The page is chosen on rowid and the leading columns first (the columns after the
        # text sit in overflow pages); only the page's rows read the text.
        rows = self.store.execute(
            f"SELECT {_ARTICLE_ROW} FROM articles WHERE rowid IN ("
            f"SELECT rowid FROM articles {where} ORDER BY {_NEWEST_FIRST_ROWID} LIMIT ? OFFSET ?)"
            f" ORDER BY {_NEWEST_FIRST_ROWID}", [*params, limit, offset],
        ).fetchall()
        return [dict(row) for row in rows]

    def article_rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Metadata rows (no text) of these articles, by id."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            for row in self.store.execute(
                "SELECT id, title, outlet, agency, dateline, published, published_granularity"
                f" FROM articles WHERE id IN ({marks})", list(chunk),
            ):
                found[row["id"]] = dict(row)
        return found

    def article(self, article_id: str) -> Article | None:
        row = self.store.execute("SELECT record FROM articles WHERE id=?",
                                 (article_id,)).fetchone()
        return load(Article, json.loads(row[0])) if row else None

    def sources(self, article_id: str) -> list[Source]:
        return self.store.sources(article_id)

    def resolve_article(self, prefix: str) -> list[str]:
        return self.store.find_ids(prefix)[:2]

    # -- stories ------------------------------------------------------------------------------

    def search_stories(self, query: str = "", limit: int = 50,
                       offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Stories whose label has ``query``'s words (or whose id starts with it), largest
        first: total and one page of rows."""
        query = query.replace("\x00", "")
        match = self._full_text(query)
        if match is not None:
            try:
                return self._stories_where(
                    "WHERE id IN (SELECT id FROM report_stories_fts WHERE report_stories_fts"
                    " MATCH ?) OR substr(id, 1, ?) = ?", [match, len(query), query],
                    limit, offset)
            except sqlite3.OperationalError:  # the index cannot answer: scan instead
                pass
        where, params = "", []
        if query:
            where = "WHERE label LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'"
            params = [_like(query), _like(query, prefix=True)]
        return self._stories_where(where, params, limit, offset)

    def _stories_where(self, where: str, params: list[Any], limit: int,
                       offset: int) -> tuple[int, list[dict[str, Any]]]:
        total = self.store.execute(f"SELECT COUNT(*) FROM report_stories {where}",
                                   params).fetchone()[0]
        rows = self.store.execute(
            f"SELECT id, label, first_date, last_date, articles FROM report_stories {where}"
            " ORDER BY articles DESC, id LIMIT ? OFFSET ?", [*params, limit, offset],
        ).fetchall()
        return total, [dict(row) for row in rows]

    def story_data(self, story_id: str) -> dict[str, Any] | None:
        """The story's :class:`StoryResult` as stored JSON data (no records built)."""
        row = self.store.execute("SELECT record FROM report_stories WHERE id=?",
                                 (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def story(self, story_id: str) -> StoryResult | None:
        data = self.story_data(story_id)
        return load(StoryResult, data) if data is not None else None

    def stories_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.store.execute(
            "SELECT s.id, s.label FROM report_story_articles a JOIN report_stories s"
            " ON s.id = a.story_id WHERE a.article_id=? ORDER BY s.articles DESC", (article_id,))
        return [dict(row) for row in rows]

    def count_stories(self) -> int:
        return self.store.execute("SELECT COUNT(*) FROM report_stories").fetchone()[0]

    # -- copies, claims, entities ---------------------------------------------------------------

    def copies_data(self, article_ids: Sequence[str] | None = None, limit: int | None = None,
                    offset: int = 0) -> list[dict[str, Any]]:
        """Copy links (stored JSON data) that touch any of ``article_ids`` (all when ``None``)."""
        if article_ids is None:
            sql = "SELECT record FROM report_copies ORDER BY original, copy"
            params: list[Any] = []
            if limit is not None:
                sql += " LIMIT ? OFFSET ?"
                params = [limit, offset]
            return [json.loads(r[0]) for r in self.store.execute(sql, params)]
        links: dict[tuple[str, str], str] = {}
        for chunk in _chunks(list(dict.fromkeys(article_ids))):
            marks = ",".join("?" * len(chunk))
            for row in self.store.execute(
                "SELECT original, copy, record FROM report_copies"
                f" WHERE original IN ({marks}) OR copy IN ({marks})", [*chunk, *chunk],
            ):
                links[(row[0], row[1])] = row[2]
        return [json.loads(links[key]) for key in sorted(links)]

    def copies(self, article_ids: Sequence[str] | None = None, limit: int | None = None,
               offset: int = 0) -> list[CopyLink]:
        """Copy links that touch any of ``article_ids`` (all links when ``None``)."""
        return [load(CopyLink, d) for d in self.copies_data(article_ids, limit, offset)]

    def count_copies(self) -> int:
        return self.store.execute("SELECT COUNT(*) FROM report_copies").fetchone()[0]

    def claims_data(self, article_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Claims (stored JSON data, open bounds as ``None``) made in any of ``article_ids``
        (all when ``None``)."""
        if article_ids is None:
            rows = self.store.execute("SELECT record FROM report_claims ORDER BY id")
            return [json.loads(r[0]) for r in rows]
        found: list[tuple[int, str]] = []
        for chunk in _chunks(list(dict.fromkeys(article_ids))):
            marks = ",".join("?" * len(chunk))
            found += self.store.execute(
                f"SELECT id, record FROM report_claims WHERE article_id IN ({marks})", list(chunk)
            ).fetchall()
        return [json.loads(record) for _id, record in sorted(found, key=lambda r: r[0])]

    def claims(self, article_ids: Sequence[str] | None = None) -> list[Claim]:
        """Claims made in any of ``article_ids`` (every claim when ``None``)."""
        return [load(Claim, open_bounds(d)) for d in self.claims_data(article_ids)]

    def entities(self, query: str = "", limit: int = 100) -> list[Entity]:
        where, params = "", []
        if query:
            where, params = "WHERE record LIKE ? ESCAPE '\\'", [_like(query)]
        rows = self.store.execute(
            f"SELECT record FROM report_entities {where} ORDER BY mentions DESC, name LIMIT ?",
            [*params, limit])
        return [load(Entity, json.loads(r[0])) for r in rows]


def load_build(store: SQLiteStore, story_ids: Sequence[str] | None = None) -> BuildResult:
    """The whole build result from the store: every article (or those of ``story_ids``' stories),
    their places, the published results and the ingest errors."""
    results = Results(store)
    if story_ids is None:
        rows = store.execute("SELECT record FROM report_stories ORDER BY articles DESC, id")
        stories = [load(StoryResult, json.loads(r[0])) for r in rows]
    else:
        found = [results.story(story_id) for story_id in story_ids]
        stories = [s for s in found if s is not None]
    if story_ids is None:
        rows = store.execute("SELECT record FROM articles ORDER BY seq")
        articles = [load(Article, json.loads(r[0])) for r in rows]
        copies, claims = results.copies(), results.claims()
    else:
        ids = list(dict.fromkeys(a for s in stories for a in s.story.article_ids))
        articles = [a for a in (store.get_article(i) for i in ids) if a is not None]
        copies, claims = results.copies(ids), results.claims(ids)
    places: dict[str, tuple[Source, ...]] = {}
    for row in store.execute("SELECT article_id FROM article_sources GROUP BY article_id"
                             " HAVING COUNT(*) > 1"):
        places[row[0]] = tuple(store.sources(row[0]))
    wanted = {a.id for a in articles}
    return BuildResult(
        articles=tuple(articles),
        stories=tuple(stories),
        copies=tuple(copies),
        claims=tuple(claims),
        entities=tuple(results.entities(limit=1_000_000)),
        places={k: v for k, v in places.items() if k in wanted},
        errors=tuple(store.errors()),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
