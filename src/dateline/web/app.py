"""The web application: pages and a JSON API over the same SQLite store the CLI uses.

``create_app(Settings(db=...))`` builds a FastAPI app; ``dateline serve`` runs it with uvicorn
on 127.0.0.1 unless told otherwise. Each request opens its own store connection, so pages keep
answering while an ingest job writes (WAL). The API is described by ``/openapi.json``.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response

from dateline.report.html import template_env
from dateline.store import SQLiteStore
from dateline.web.api import router as api_router
from dateline.web.common import WEB, Settings, StrictJSONResponse
from dateline.web.jobs import JobManager
from dateline.web.limits import BodyLimit, SecurityHeaders
from dateline.web.origins import HostAndOriginCheck, ServedHosts
from dateline.web.pages import router as page_router

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app for ``settings`` (the store is created and migrated here, once)."""
    SQLiteStore(settings.db).close()
    app = FastAPI(
        title="dateline",
        version="1",
        summary="News stories as timelines: articles, stories, copies, claims, ingest jobs.",
        docs_url=None,  # Swagger UI loads from a CDN; the server must work offline
        redoc_url=None,
        default_response_class=StrictJSONResponse,
    )
    app.state.settings = settings
    app.state.jobs = JobManager(settings.db, settings.ingest_batch_size)
    app.state.templates = template_env(WEB / "templates")

    app.include_router(api_router)
    app.include_router(page_router)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}"
            for e in exc.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "invalid request: " + "; ".join(problems),
                                 "errors": jsonable(exc.errors())}, status_code=422)
        return _error(request, 422, "invalid request: " + "; ".join(problems))

    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    # Last added runs first: a foreign Host or origin is refused before anything else.
    app.add_middleware(HostAndOriginCheck, hosts=ServedHosts(
        settings.host, settings.port, settings.allowed_hosts))
    return app


def jsonable(errors: object) -> object:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors, custom_encoder={Exception: str, bytes: repr})


def _error(request: Request, status: int, detail: str) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
            "accept", ""):
        return JSONResponse({"detail": detail}, status_code=status)
    html = request.app.state.templates.get_template("error.html.j2").render(
        status=status, detail=detail, title=f"Error {status}")
    return HTMLResponse(html, status_code=status)
