"""The store interface every backend implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from dateline.model import Article, IngestError, Source


class Store(Protocol):
    """What the stages may ask of a store: articles in, articles out, step state, transactions.

    Writes happen inside :meth:`transaction`; a batch is stored whole or not at all.
    """

    def transaction(self) -> AbstractContextManager[Any]: ...

    def put_article(self, article: Article) -> bool:
        """Store an article (and its source); ``True`` if the article is new."""
        ...

    def put_error(self, error: IngestError) -> None: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def find_ids(self, prefix: str) -> list[str]:
        """Article ids that start with ``prefix`` (users type short ids)."""
        ...

    def iter_articles(self, since_seq: int = 0) -> Iterator[Article]:
        """Every article in order of arrival, streamed; ``since_seq`` skips older ones."""
        ...

    def count_articles(self) -> int: ...

    def sources(self, article_id: str) -> list[Source]:
        """Every place the article's text was read from (more than one for exact copies)."""
        ...

    def errors(self) -> list[IngestError]: ...

    def save_state(self, step: str, key: str, value: Any) -> None:
        """Keep JSON-able state of a corpus step (an index, a clustering) under ``step/key``."""
        ...

    def load_state(self, step: str, key: str, default: Any = None) -> Any: ...

    def put_articles(self, articles: Iterable[Article]) -> int:
        """Store many articles in one transaction; returns how many were new."""
        ...


def open_store(path: str) -> Store:
    """Open (creating and migrating if needed) the store at ``path``."""
    from dateline.store.sqlite import SQLiteStore

    return SQLiteStore(path)
