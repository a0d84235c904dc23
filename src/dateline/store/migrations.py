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
            source_key TEXT NOT NULL,      -- Source.key(): the place read
            article_id TEXT NOT NULL REFERENCES articles(id),
            format TEXT NOT NULL,
            path TEXT,
            url TEXT,
            feed TEXT,
            warc_record_id TEXT,
            warc_offset INTEGER,
            line INTEGER,
            ingested_at TEXT NOT NULL,
            -- a place whose content changed gives a new article: both rows are kept
            PRIMARY KEY (source_key, article_id)
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
    (
        "report_0001_results",
        """
        -- The records the reports and the web UI show, as the last build left them.
        CREATE TABLE report_stories (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            first_date TEXT,
            last_date TEXT,
            articles INTEGER NOT NULL,
            record TEXT NOT NULL           -- the whole StoryResult as JSON
        );
        CREATE TABLE report_story_articles (
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (story_id, article_id)
        );
        CREATE INDEX report_story_articles_article ON report_story_articles(article_id);
        CREATE TABLE report_copies (
            original TEXT NOT NULL,
            copy TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (original, copy)
        );
        CREATE INDEX report_copies_copy ON report_copies(copy);
        CREATE TABLE report_claims (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL,
            record TEXT NOT NULL
        );
        CREATE INDEX report_claims_article ON report_claims(article_id);
        CREATE TABLE report_entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            record TEXT NOT NULL
        );
        """,
    ),
    (
        "copies_0001_index",
        """
        -- The copy-detection index: one MinHash signature per article; its LSH band keys as
        -- sorted segments (written whole by a full fit) plus rows for the articles added since
        -- (an arrival is one indexed insert per band); verified links.
        CREATE TABLE copies_signatures (
            article_id TEXT PRIMARY KEY,
            slot INTEGER NOT NULL UNIQUE,  -- small number used by copies_buckets
            exact_key TEXT NOT NULL,       -- SHA-1 of the content words (boilerplate out)
            n_shingles INTEGER NOT NULL,
            signature BLOB NOT NULL        -- num_perm little-endian uint32
        );
        CREATE INDEX copies_signatures_exact ON copies_signatures(exact_key);
        CREATE TABLE copies_segments (
            id INTEGER PRIMARY KEY,
            keys BLOB NOT NULL,            -- sorted little-endian int64 band keys
            slots BLOB NOT NULL            -- little-endian int64 slot of each key
        );
        CREATE TABLE copies_buckets (
            key INTEGER NOT NULL,          -- 63-bit hash of (band, band values)
            slot INTEGER NOT NULL,
            PRIMARY KEY (key, slot)
        ) WITHOUT ROWID;
        CREATE TABLE copies_links (
            original TEXT NOT NULL,
            copy TEXT NOT NULL,
            similarity REAL NOT NULL,
            kind TEXT NOT NULL,            -- exact | near | partial
            direction TEXT NOT NULL,       -- date | attribution | containment | unknown
            PRIMARY KEY (original, copy)
        );
        CREATE INDEX copies_links_copy ON copies_links(copy);
        """,
    ),
    (
        "stories_0001_tables",
        """
        CREATE TABLE stories_stories (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            first_date TEXT,
            last_date TEXT,
            articles INTEGER NOT NULL,
            independent_sources INTEGER NOT NULL,
            record TEXT NOT NULL           -- the Story (with its events) as JSON
        );
        CREATE TABLE stories_events (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            label TEXT NOT NULL,
            first_date TEXT,
            last_date TEXT,
            articles INTEGER NOT NULL
        );
        CREATE INDEX stories_events_story ON stories_events(story_id);
        CREATE TABLE stories_assignments (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            copy_group TEXT NOT NULL,      -- first article of its copy group (itself if none)
            date TEXT,
            headline TEXT NOT NULL,
            outlet TEXT
        );
        CREATE INDEX stories_assignments_story ON stories_assignments(story_id);
        CREATE TABLE stories_centroids (
            kind TEXT NOT NULL,            -- story | event
            id TEXT NOT NULL,
            row INTEGER NOT NULL,
            story_id TEXT,                 -- for events
            count REAL NOT NULL,
            first_day REAL,
            last_day REAL,
            emb BLOB NOT NULL,             -- float32 sums
            terms BLOB NOT NULL,
            label_article TEXT,
            label_score REAL,
            PRIMARY KEY (kind, id)
        );
        CREATE TABLE stories_ops (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            op TEXT NOT NULL,              -- merge | split
            undone INTEGER NOT NULL,
            detail TEXT NOT NULL           -- JSON, enough to reverse the operation
        );
        CREATE TABLE stories_embeddings (
            article_id TEXT NOT NULL,
            max_tokens INTEGER NOT NULL,
            vector BLOB NOT NULL,          -- float32, unit length
            PRIMARY KEY (article_id, max_tokens)
        );
        CREATE TABLE stories_blobs (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL
        );
        """,
    ),
    (
        "report_0002_search",
        """
        -- Full-text indexes for the web UI's search (SQLite FTS5). Articles: external content
        -- (no second copy of the text) keyed by seq, which never changes (rowid may, on VACUUM);
        -- triggers keep it in step with every write, 'rebuild' indexes the articles a store
        -- held before this migration. Story labels: a small table of its own, rewritten with
        -- the published results by report.results.save_results.
        CREATE VIRTUAL TABLE report_articles_fts USING fts5(
            title, outlet, agency, text, content='articles', content_rowid='seq'
        );
        CREATE TRIGGER report_articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO report_articles_fts(rowid, title, outlet, agency, text)
            VALUES (new.seq, new.title, new.outlet, new.agency, new.text);
        END;
        CREATE TRIGGER report_articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO report_articles_fts(report_articles_fts, rowid, title, outlet, agency,
                                            text)
            VALUES ('delete', old.seq, old.title, old.outlet, old.agency, old.text);
        END;
        CREATE TRIGGER report_articles_fts_update
        AFTER UPDATE OF title, outlet, agency, text, seq ON articles BEGIN
            INSERT INTO report_articles_fts(report_articles_fts, rowid, title, outlet, agency,
                                            text)
            VALUES ('delete', old.seq, old.title, old.outlet, old.agency, old.text);
            INSERT INTO report_articles_fts(rowid, title, outlet, agency, text)
            VALUES (new.seq, new.title, new.outlet, new.agency, new.text);
        END;
        INSERT INTO report_articles_fts(report_articles_fts) VALUES ('rebuild');
        CREATE VIRTUAL TABLE report_stories_fts USING fts5(id UNINDEXED, label);
        INSERT INTO report_stories_fts(id, label) SELECT id, label FROM report_stories;
        """,
    ),
    (
        "entities_0001_analysis_cache",
        """
        -- dateline.entities.cache: each article's analysis (sentences, mentions, claims as
        -- zlib-compressed JSON) under the key it was made with; a build reuses it while the
        -- key (article record, analysis code, spaCy model) still matches
        CREATE TABLE entities_analysis (
            article_id TEXT PRIMARY KEY,
            key TEXT NOT NULL,
            data BLOB NOT NULL
        );
        """,
    ),
    (
        "analyze_0001_cache",
        """
        -- the analysis cache belongs to the analyze stage (dateline.analyze.tables); its old
        -- rows are kept (their keys no longer match the moved code, so they are remade)
        ALTER TABLE entities_analysis RENAME TO analyze_cache;
        """,
    ),
    (
        "report_0003_claim_groups_and_mentions",
        """
        -- dateline.report.results: what `dateline claims` and `dateline entities` show, as
        -- the last build published it: each claim group (its claims are the report_claims
        -- rows whose record names the group) and each entity's mentions per article
        CREATE TABLE report_claim_groups (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,     -- the grouper's order, conflicts first
            record TEXT NOT NULL           -- the ClaimGroup as JSON, without its claims
        );
        CREATE TABLE report_entity_articles (
            entity_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_id)
        );
        CREATE INDEX report_entity_articles_article ON report_entity_articles(article_id);
        """,
    ),
    (
        "furniture_0001_pieces",
        """
        -- dateline.furniture.tables: per site, each line or sentence seen, in how many of the
        -- site's articles and on how many unrelated stories; learned=1 marks site furniture
        CREATE TABLE furniture_pieces (
            site TEXT NOT NULL,            -- the outlet or host (dateline.furniture.site_of)
            key TEXT NOT NULL,             -- piece_key of the normalized line or sentence
            text TEXT NOT NULL,            -- the piece as first seen
            articles INTEGER NOT NULL,     -- articles of the site that carry it
            topics TEXT NOT NULL,          -- JSON: signatures of unrelated stories (capped)
            members TEXT NOT NULL,         -- JSON: ids of the articles carrying it, until learned
            learned INTEGER NOT NULL,      -- 1: cut from every article of the site
            PRIMARY KEY (site, key)
        );
        """,
    ),
]
