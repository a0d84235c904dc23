"""The store: where articles and the results of every stage live.

:class:`Store` is the narrow interface the stages use; :class:`SQLiteStore` is the default
backend, a single SQLite file that any SQLite tool can open.
"""

from dateline.store.base import Store, open_store
from dateline.store.sqlite import SQLiteStore, StoreOpenError

__all__ = ["SQLiteStore", "Store", "StoreOpenError", "open_store"]
