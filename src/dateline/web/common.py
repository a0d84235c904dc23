"""What the web app's parts share: its settings, a store per request, strict JSON responses.

Kept apart from :mod:`dateline.web.app` so the routers (``api``, ``pages``) import this and
the app imports them: imports go one way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from dateline.model import finite
from dateline.report.results import Results
from dateline.store import SQLiteStore

WEB = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024


class StrictJSONResponse(JSONResponse):
    """JSON with infinite floats (a claim's open bound) as null, never the invalid Infinity."""

    def render(self, content: Any) -> bytes:
        return json.dumps(finite(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Settings:
    """How the server runs.

    ``db``: the store file. ``ingest_root``: the only folder whose files may be ingested by
    path (``None`` disables ingest by path). ``upload_dir``: where uploaded files are kept
    (default: ``<db>.uploads`` beside the store), so stored articles keep their provenance.
    ``max_upload_bytes``: the largest request body accepted (413 above it).
    ``host``, ``port``, ``allowed_hosts``: the Host header values answered (see
    :class:`dateline.web.origins.ServedHosts`; ``port=None``: any port, for an app not bound
    by ``dateline serve``).
    """

    db: str
    ingest_root: Path | None = None
    upload_dir: Path | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD
    ingest_batch_size: int = 200
    host: str = "127.0.0.1"
    port: int | None = None
    allowed_hosts: tuple[str, ...] = ()

    def uploads(self) -> Path:
        return self.upload_dir or Path(f"{self.db}.uploads")


def results(request: Request) -> Iterator[Results]:
    """A store connection for one request, closed after it."""
    store = SQLiteStore(request.app.state.settings.db)
    try:
        yield Results(store)
    finally:
        store.close()
