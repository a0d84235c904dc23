"""The web UI and JSON API (FastAPI): `create_app(Settings(db=...))`, run by `dateline serve`."""

from dateline.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
