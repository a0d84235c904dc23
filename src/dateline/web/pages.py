"""The HTML pages, rendered on the server with autoescaping; one small script polls job progress."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from dateline.model import Article
from dateline.report.html import body_html, render_html, story_view, stylesheet
from dateline.report.markdown import report_markdown
from dateline.report.results import load_build
from dateline.report.views import article_label, safe_url
from dateline.web.api import (
    MAX_FILES,
    ArticleId,
    Db,
    JobId,
    Offset,
    Search,
    StoryId,
    full_article_id,
    start_upload,
)
from dateline.web.common import WEB
from dateline.web.limits import PathRefused, resolve_under

router = APIRouter(include_in_schema=False)

PAGE = 50
STORY_MAX_ARTICLES = 200  # rows listed on a story page; the count shows the rest
STORY_MAX_COPIES = 30  # copy diffs on a story page; /copies has them all


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = request.app.state.templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def article_href(article_id: str, sentence: int | None) -> str:
    return f"/articles/{article_id}" + ("" if sentence is None else f"#s{sentence}")


def _pages(total: int, offset: int, size: int, base: str, q: str) -> dict[str, Any]:
    from urllib.parse import urlencode

    def link(at: int) -> str:
        return f"{base}?{urlencode({'q': q, 'offset': at})}"

    return {"total": total, "first": offset + 1 if total else 0,
            "last": min(total, offset + size),
            "prev": link(max(0, offset - size)) if offset > 0 else None,
            "next": link(offset + size) if offset + size < total else None}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, db: Db) -> HTMLResponse:
    _, stories = db.search_stories("", 10, 0)
    _, articles = db.search_articles("", 10, 0)
    counts = {"articles": db.store.count_articles(), "stories": db.count_stories(),
              "copies": db.count_copies()}
    return render(request, "index.html.j2", title="dateline", counts=counts, stories=stories,
                  articles=articles, jobs=request.app.state.jobs.all()[:5])


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, db: Db, q: Search = "", offset: Offset = 0) -> HTMLResponse:
    total, items = db.search_articles(q, PAGE, offset)
    return render(request, "articles.html.j2", title="Articles", q=q, items=items,
                  pages=_pages(total, offset, PAGE, "/articles", q))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId, db: Db) -> Response:
    full = full_article_id(db, article_id)
    if full != article_id:
        return RedirectResponse(f"/articles/{full}", status_code=307)
    article = db.article(full)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    copies = db.copies([full])
    return render(request, "article.html.j2", title=article_label(article, full),
                  a=article, body=body_html(article, ""), places=db.sources(full),
                  safe_url=safe_url, stories=db.stories_of(full), copies=copies,
                  claims=db.claims([full]))


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, db: Db, q: Search = "", offset: Offset = 0) -> HTMLResponse:
    total, items = db.search_stories(q, PAGE, offset)
    return render(request, "stories.html.j2", title="Stories", q=q, items=items,
                  pages=_pages(total, offset, PAGE, "/stories", q))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId, db: Db) -> HTMLResponse:
    result = db.story(story_id)
    if result is None:
        raise HTTPException(404, f"no story {story_id!r}")
    ids = result.story.article_ids
    cache_: dict[str, Article | None] = {}

    def article(article_id: str) -> Article | None:
        if article_id not in cache_:
            cache_[article_id] = db.article(article_id)
        return cache_[article_id]

    view = story_view(result, db.article_rows(ids), db.claims(ids), db.copies(ids), article,
                      anchor="story", max_articles=STORY_MAX_ARTICLES,
                      max_copies=STORY_MAX_COPIES)
    return render(request, "story.html.j2", title=result.story.label, v=view,
                  href=article_href)


@router.get("/copies", response_class=HTMLResponse)
def copies_page(request: Request, db: Db, offset: Offset = 0) -> HTMLResponse:
    from dateline.report.html import copy_views, labelled_groups

    links = db.copies(None, PAGE, offset)
    rows = db.article_rows([i for link in links for i in (link.original, link.copy)])
    return render(request, "copies.html.j2", title="Copies",
                  copies=copy_views(links, db.article), href=article_href,
                  groups=labelled_groups(links, rows),
                  pages=_pages(db.count_copies(), offset, PAGE, "/copies", ""))


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    return render(request, "ingest.html.j2", title="Ingest", jobs=request.app.state.jobs.all(),
                  root=settings.ingest_root, max_mb=settings.max_upload_bytes / 2**20,
                  max_files=MAX_FILES)


@router.post("/ingest/upload")
def ingest_upload_form(request: Request,
                       files: Annotated[list[UploadFile], File()]) -> RedirectResponse:
    job = start_upload(request, files, "choose at least one file to upload")
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/ingest/path")
def ingest_path_form(request: Request,
                     path: Annotated[str, Form(min_length=1, max_length=4096)]
                     ) -> RedirectResponse:
    try:
        target = resolve_under(request.app.state.settings.ingest_root, path)
    except PathRefused as refused:
        raise HTTPException(refused.status, refused.detail) from None
    job = request.app.state.jobs.start("path", [target], [path])
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return render(request, "job.html.j2", title="Ingest job", job=job)


@router.get("/report.html", response_class=HTMLResponse)
def report_html(db: Db, story: Annotated[str | None, Query(max_length=200)] = None
                ) -> HTMLResponse:
    """The self-contained HTML report of every story, or of one."""
    build = load_build(db.store, [story] if story else None)
    if story and not build.stories:
        raise HTTPException(404, f"no story {story!r}")
    return HTMLResponse(render_html(build), headers={
        "Content-Disposition": 'inline; filename="dateline-report.html"'})


@router.get("/report.md", response_class=PlainTextResponse)
def report_md(db: Db, story: Annotated[str | None, Query(max_length=200)] = None
              ) -> PlainTextResponse:
    build = load_build(db.store, [story] if story else None)
    if story and not build.stories:
        raise HTTPException(404, f"no story {story!r}")
    return PlainTextResponse(report_markdown(build), media_type="text/markdown; charset=utf-8")


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API, listed from its OpenAPI schema (Swagger UI would need a CDN)."""
    schema = request.app.openapi()
    endpoints = [(method.upper(), path, op.get("summary", ""),
                  [p["name"] for p in op.get("parameters", [])])
                 for path, ops in schema["paths"].items() for method, op in ops.items()]
    return render(request, "api.html.j2", title="API", endpoints=endpoints)


@cache
def _static(name: str) -> str:
    return (WEB / "static" / name).read_text(encoding="utf-8")


@router.get("/static/dateline.css")
def css() -> Response:
    return Response(stylesheet(), media_type="text/css",
                    headers={"Cache-Control": "max-age=300"})


@router.get("/static/app.js")
def script() -> Response:
    return Response(_static("app.js"), media_type="text/javascript",
                    headers={"Cache-Control": "max-age=300"})

