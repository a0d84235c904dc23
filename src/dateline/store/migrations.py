"""Schema of the SQLite store, as named migrations applied once each, in list order.

Each stage appends its own migrations with a name that starts with the stage
(``copies_0001_...``). A migration is never edited once it has landed: add a new one.
"""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "store_0001_articles",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT,
            outlet TEXT,
            byline TEXT,
            agency TEXT,
            dateline TEXT,
            published TEXT,
            published_granularity TEXT,
            published_source TEXT,
            published_confidence REAL,
            language TEXT,
            text TEXT NOT NULL,
            record TEXT NOT NULL,          -- the whole Article as JSON
            seq INTEGER NOT NULL,          -- order of arrival, for incremental stages
            ingested_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX articles_seq ON articles(seq);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE article_sources (
            source_key TEXT PRIMARY KEY,   -- Source.key(): one row per place read
            article_id TEXT NOT NULL REFERENCES articles(id),
            format TEXT NOT NULL,
            path TEXT,
            url TEXT,
            feed TEXT,
            warc_record_id TEXT,
            warc_offset INTEGER,
            line INTEGER,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX article_sources_article ON article_sources(article_id);
        CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT,
            at TEXT NOT NULL
        );
        CREATE TABLE state (
            step TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,           -- JSON
            PRIMARY KEY (step, key)
        );
        """,
    ),
]
