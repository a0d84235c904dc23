"""The store interface every backend implements."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from dateline.model import Article, IngestError, Source


class Store(Protocol):
    """What the stages may ask of a store: articles in, articles out, step state, transactions.

    Writes happen inside :meth:`transaction`; a batch is stored whole or not at all. A stage's
    own tables are read and written by its table module alone (``copies/tables.py``,
    ``stories/tables.py``, ``analyze/tables.py``, ``report/results.py``) through
    :meth:`execute` and :meth:`executemany`; no other code sends SQL (tests/test_layers.py).
    """

    def transaction(self) -> AbstractContextManager[Any]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement on the stage's tables; the rows, iterable (table modules only)."""
        ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        """Run one statement for each row (table modules only)."""
        ...

    def close(self) -> None: ...

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

    def max_seq(self) -> int:
        """The arrival number of the newest article (0 for none): corpus steps remember the
        last one they saw and read only the articles after it."""
        ...

    def replace_article(self, article: Article) -> None:
        """Rewrite a stored article's record (a later stage refined its metadata)."""
        ...

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
