"""The published results in the store: what the last build made, for the reports, the web UI
and every read command.

:func:`save_results` writes the corpus results (stories with their timeline and summary, copies,
claims and their groups, entities and their mentions per article, the build's settings) into the
``report_*`` tables in one transaction, replacing the previous build; :func:`save_story`
replaces one story's products. :class:`Results` reads them back by id, by article, or page by
page, so a story page never loads the whole corpus. :func:`load_build` assembles a whole
:class:`BuildResult` for a full report.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from dateline.entities.grouping import ClaimGroup
from dateline.model import (
    Article,
    Claim,
    CopyLink,
    Entity,
    Source,
    finite,
    from_dict,
    open_bounds,
    to_dict,
)
from dateline.report.document import BuildResult, StoryResult
from dateline.store import SQLiteStore
from dateline.stories.tables import headlines

_CHUNK = 500  # SQLite's parameter limit is far above; chunks keep statements small
STEP = "report"  # the state step of the published build's settings
_TABLES = ("report_stories", "report_story_articles", "report_copies", "report_claims",
           "report_claim_groups", "report_entities", "report_entity_articles",
           "report_stories_fts")


def save_results(
    store: SQLiteStore,
    stories: Iterable[StoryResult] = (),
    copies: Iterable[CopyLink] = (),
    claims: Iterable[Claim] = (),
    entities: Iterable[Entity] = (),
    groups: Iterable[ClaimGroup] = (),
    mentions: Mapping[str, Mapping[str, int]] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Replace the published results with these at once: readers see the old or the new.

    ``groups``: the claim groups in the grouper's order (each stored without its claims: they
    are the ``claims`` naming the group); ``mentions``: entity id -> article id -> mentions;
    ``settings``: what the build made of each story (``BuildConfig`` fields), kept so a
    later rebuild of one story makes it the same way. The story labels' search index
    (``report_stories_fts``) is rewritten with them.
    """
    with store.transaction():
        for table in _TABLES:
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
        store.executemany(
            "INSERT OR REPLACE INTO report_claim_groups VALUES (?,?,?)",
            [(g.id, n, json.dumps(to_dict(replace(g, claims=())), ensure_ascii=False))
             for n, g in enumerate(groups)])  # open bounds as Infinity: read back as they were
        store.executemany("INSERT OR REPLACE INTO report_entities VALUES (?,?,?,?)",
                          [(e.id, e.name, e.mentions, json.dumps(to_dict(e), ensure_ascii=False))
                           for e in entities])
        store.executemany("INSERT INTO report_entity_articles VALUES (?,?,?)",
                          [(entity, article, n) for entity, counts in (mentions or {}).items()
                           for article, n in counts.items()])
        store.save_state(STEP, "settings", dict(settings or {}))
        store.save_state(STEP, "published_at", datetime.now(UTC).isoformat(timespec="seconds"))


def save_story(store: SQLiteStore, result: StoryResult) -> None:
    """Replace the published products (timeline, overview, comparison) of one story."""
    with store.transaction():
        store.execute("UPDATE report_stories SET record=? WHERE id=?",
                      (json.dumps(to_dict(result), ensure_ascii=False), result.story.id))


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
        """Metadata rows (no text) of these articles, by id, with the short title the stories
        stage gave each (``headline``, ``None`` before the stories ran)."""
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            for row in self.store.execute(
                "SELECT id, title, outlet, agency, dateline, published, published_granularity"
                f" FROM articles WHERE id IN ({marks})", list(chunk),
            ):
                found[row["id"]] = dict(row)
        for article_id, headline in headlines(self.store, list(found)).items():
            found[article_id]["headline"] = headline
        return found

    def article(self, article_id: str) -> Article | None:
        row = self.store.execute("SELECT record FROM articles WHERE id=?",
                                 (article_id,)).fetchone()
        return from_dict(Article, json.loads(row[0])) if row else None

    def sources(self, article_id: str) -> list[Source]:
        return self.store.sources(article_id)

    def article_ids(self) -> list[str]:
        """Every stored article id, in arrival order."""
        return [r[0] for r in self.store.execute("SELECT id FROM articles ORDER BY seq")]

    def place_counts(self) -> dict[str, int]:
        """Article id -> the number of places it was read at, for those read at several."""
        return dict(self.store.execute(
            "SELECT article_id, COUNT(*) FROM article_sources GROUP BY article_id"
            " HAVING COUNT(*) > 1").fetchall())

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
        return from_dict(StoryResult, data) if data is not None else None

    def stories_of(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.store.execute(
            "SELECT s.id, s.label FROM report_story_articles a JOIN report_stories s"
            " ON s.id = a.story_id WHERE a.article_id=? ORDER BY s.articles DESC", (article_id,))
        return [dict(row) for row in rows]

    def count_stories(self) -> int:
        return self.store.execute("SELECT COUNT(*) FROM report_stories").fetchone()[0]

    def published(self) -> bool:
        """Whether a build has published its results here (even an empty one)."""
        return (self.store.load_state(STEP, "published_at") is not None
                or self.count_stories() > 0)

    def settings(self) -> dict[str, Any]:
        """The settings the published build made its stories with (``{}``: unknown)."""
        return dict(self.store.load_state(STEP, "settings") or {})

    def find_stories(self, prefix: str) -> list[str]:
        """Ids of the published stories that start with ``prefix`` (at most two)."""
        rows = self.store.execute("SELECT id FROM report_stories WHERE substr(id, 1, ?) = ?"
                                  " ORDER BY id LIMIT 2", (len(prefix), prefix))
        return [r[0] for r in rows]

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
        return [from_dict(CopyLink, d) for d in self.copies_data(article_ids, limit, offset)]

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
        return [from_dict(Claim, open_bounds(d)) for d in self.claims_data(article_ids)]

    def claim_groups(self, article_ids: Sequence[str] | None = None) -> list[ClaimGroup]:
        """The published claim groups in the grouper's order, each with its published claims
        (conflicts marked); with ``article_ids``, only those claims, and only the groups that
        keep one (the series and conflicts stay the whole group's)."""
        claims: dict[str, list[Claim]] = {}
        for claim in self.claims(article_ids):
            claims.setdefault(claim.group or "", []).append(claim)
        rows = self.store.execute("SELECT id, record FROM report_claim_groups ORDER BY position")
        return [replace(from_dict(ClaimGroup, json.loads(record)), claims=tuple(claims[group_id]))
                for group_id, record in rows if group_id in claims]

    def entity_mentions(self, article_ids: Sequence[str] | None = None
                        ) -> dict[str, dict[str, int]]:
        """Entity id -> article id -> mentions, over ``article_ids`` (all when ``None``)."""
        found: dict[str, dict[str, int]] = {}
        if article_ids is None:
            rows: Iterable[Any] = self.store.execute(
                "SELECT entity_id, article_id, mentions FROM report_entity_articles")
        else:
            rows = []
            for chunk in _chunks(list(dict.fromkeys(article_ids))):
                marks = ",".join("?" * len(chunk))
                rows += self.store.execute(
                    "SELECT entity_id, article_id, mentions FROM report_entity_articles"
                    f" WHERE article_id IN ({marks})", list(chunk)).fetchall()
        for entity, article, n in rows:
            found.setdefault(entity, {})[article] = n
        return found

    def entities(self, query: str = "", limit: int = 100) -> list[Entity]:
        where, params = "", []
        if query:
            where, params = "WHERE record LIKE ? ESCAPE '\\'", [_like(query)]
        rows = self.store.execute(
            f"SELECT record FROM report_entities {where} ORDER BY mentions DESC, name LIMIT ?",
            [*params, limit])
        return [from_dict(Entity, json.loads(r[0])) for r in rows]


def load_build(store: SQLiteStore, story_ids: Sequence[str] | None = None) -> BuildResult:
    """The whole build result from the store: every article (or those of ``story_ids``' stories),
    their places, the published results and the ingest errors."""
    results = Results(store)
    if story_ids is None:
        rows = store.execute("SELECT record FROM report_stories ORDER BY articles DESC, id")
        stories = [from_dict(StoryResult, json.loads(r[0])) for r in rows]
    else:
        found = [results.story(story_id) for story_id in story_ids]
        stories = [s for s in found if s is not None]
    if story_ids is None:
        rows = store.execute("SELECT record FROM articles ORDER BY seq")
        articles = [from_dict(Article, json.loads(r[0])) for r in rows]
        copies, claims = results.copies(), results.claims()
    else:
        ids = list(dict.fromkeys(a for s in stories for a in s.story.article_ids))
        articles = [a for a in (store.get_article(i) for i in ids) if a is not None]
        copies, claims = results.copies(ids), results.claims(ids)
    wanted = {a.id for a in articles}
    places = {i: tuple(store.sources(i)) for i in results.place_counts() if i in wanted}
    return BuildResult(
        articles=tuple(articles),
        stories=tuple(stories),
        copies=tuple(copies),
        claims=tuple(claims),
        entities=tuple(results.entities(limit=1_000_000)),
        places=places,
        errors=tuple(store.errors()),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
