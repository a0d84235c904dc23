"""The JSON API: articles, stories, copies, claims, entities, ingest jobs."""

from __future__ import annotations

import shutil
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from pydantic import BaseModel, Field

from dateline.model import to_dict
from dateline.report.results import Results
from dateline.web.common import StrictJSONResponse, results
from dateline.web.limits import PathRefused, resolve_under, safe_filename

router = APIRouter(prefix="/api", tags=["api"])

MAX_FILES = 1000

ArticleId = Annotated[str, Path(pattern=r"^[0-9a-fA-F]{4,16}$",
                                description="An article id or its first 4+ hex digits.")]
StoryId = Annotated[str, Path(min_length=1, max_length=200, description="A story id.")]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$", description="An ingest job id.")]
Search = Annotated[str, Query(max_length=200, description=(
    "Words to look for, as a phrase, in any case; the last word may be cut short "
    "('islamic sta' finds 'Islamic State'). An id prefix finds that id."))]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Db = Annotated[Results, Depends(results)]


def full_article_id(db: Results, prefix: str) -> str:
    """The one stored id starting with ``prefix``: 404 when none, 409 when several."""
    ids = db.resolve_article(prefix.lower())
    if not ids:
        raise HTTPException(404, f"no article id starts with {prefix!r}")
    if len(ids) > 1:
        raise HTTPException(409, f"{prefix!r} matches several articles; give more of the id")
    return ids[0]


@router.get("/health", summary="Is the server up, and how big is the store")
def health(db: Db) -> dict[str, Any]:
    return {"status": "ok", "articles": db.store.count_articles(),
            "stories": db.count_stories(), "copies": db.count_copies()}


@router.get("/articles", summary="List or search articles (newest first, no text)")
def list_articles(db: Db, q: Search = "", limit: Limit = 50, offset: Offset = 0
                  ) -> dict[str, Any]:
    total, items = db.search_articles(q, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/articles/{article_id}",
            summary="One article: metadata, date evidence, clean text, removed text, sources")
def get_article(article_id: ArticleId, db: Db) -> dict[str, Any]:
    article = db.article(full_article_id(db, article_id))
    if article is None:  # deleted between the two reads
        raise HTTPException(404, f"no article {article_id!r}")
    data = to_dict(article)
    data["sources"] = to_dict(db.sources(article.id))
    return data


@router.get("/articles/{article_id}/stories", summary="The stories an article belongs to")
def article_stories(article_id: ArticleId, db: Db) -> list[dict[str, Any]]:
    return db.stories_of(full_article_id(db, article_id))


@router.get("/stories", summary="List or search stories (largest first)")
def list_stories(db: Db, q: Search = "", limit: Limit = 50, offset: Offset = 0
                 ) -> dict[str, Any]:
    total, items = db.search_stories(q, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/stories/{story_id}",
            summary="One story: events, timeline, summary, claims and copies among its articles")
def get_story(story_id: StoryId, db: Db) -> StrictJSONResponse:
    data = db.story_data(story_id)
    if data is None:
        raise HTTPException(404, f"no story {story_id!r}")
    ids = data["story"]["article_ids"]
    # Stored JSON goes out as it is: rebuilding records only to dump them again is slow.
    return StrictJSONResponse({**data, "claims": db.claims_data(ids),
                               "copies": db.copies_data(ids)})


@router.get("/copies", summary="Copy links, all or those touching one article")
def list_copies(db: Db, article: Annotated[str | None, Query(
                    pattern=r"^[0-9a-fA-F]{4,16}$", description="An article id or prefix.")] = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    if article:
        links = db.copies([full_article_id(db, article)])
        return {"total": len(links), "items": to_dict(links[offset:offset + limit])}
    return {"total": db.count_copies(), "limit": limit, "offset": offset,
            "items": to_dict(db.copies(None, limit, offset))}


@router.get("/claims", summary="Reported numbers of a story or an article")
def list_claims(db: Db,
                story: Annotated[str | None, Query(max_length=200)] = None,
                article: Annotated[str | None, Query(pattern=r"^[0-9a-fA-F]{4,16}$")] = None
                ) -> dict[str, Any]:
    if story:
        result = db.story(story)
        if result is None:
            raise HTTPException(404, f"no story {story!r}")
        claims = db.claims(result.story.article_ids)
    elif article:
        claims = db.claims([full_article_id(db, article)])
    else:
        claims = db.claims(None)
    return {"total": len(claims), "items": to_dict(claims)}


@router.get("/entities", summary="Actors, places and groups with all their names")
def list_entities(db: Db, q: Search = "", limit: Limit = 100) -> dict[str, Any]:
    items = db.entities(q, limit)
    return {"total": len(items), "items": to_dict(items)}


class IngestPath(BaseModel):
    path: str = Field(min_length=1, max_length=4096,
                      description="A file or folder under the server's --ingest-root.")


@router.post("/ingest/path", status_code=202,
             summary="Ingest a file or folder under the server's ingest root, in the background")
def ingest_path(body: IngestPath, request: Request) -> StrictJSONResponse:
    settings = request.app.state.settings
    try:
        target = resolve_under(settings.ingest_root, body.path)
    except PathRefused as refused:
        raise HTTPException(refused.status, refused.detail) from None
    job = request.app.state.jobs.start("path", [target], [body.path])
    return StrictJSONResponse(job.as_dict(), status_code=202,
                        headers={"Location": f"/api/jobs/{job.id}"})


def start_upload(request: Request, files: list[UploadFile], none_message: str) -> Any:
    """Save uploaded files in a fresh folder under the upload dir and start their ingest job."""
    files = [f for f in files if f.filename]
    if not files:
        raise HTTPException(400, none_message)
    if len(files) > MAX_FILES:
        raise HTTPException(413, f"too many files: {len(files)}, the limit is {MAX_FILES}")
    folder = request.app.state.settings.uploads() / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True, exist_ok=True)
    saved, shown = [], []
    for n, upload in enumerate(files):
        name = safe_filename(upload.filename)
        target = folder / f"{n:04d}_{name}"
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        saved.append(target)
        shown.append(name)
    return request.app.state.jobs.start("upload", saved, shown)


@router.post("/ingest/upload", status_code=202,
             summary="Upload files (text, HTML, JSONL, feeds, WARC) and ingest them")
def ingest_upload(request: Request,
                  files: Annotated[list[UploadFile], File(description="The files.")]
                  ) -> StrictJSONResponse:
    job = start_upload(request, files, "no file uploaded")
    return StrictJSONResponse(job.as_dict(), status_code=202,
                        headers={"Location": f"/api/jobs/{job.id}"})


@router.get("/jobs", summary="Recent ingest jobs, newest first")
def list_jobs(request: Request) -> list[dict[str, Any]]:
    return [job.as_dict() for job in request.app.state.jobs.all()]


@router.get("/jobs/{job_id}", summary="Progress of one ingest job")
def get_job(job_id: JobId, request: Request) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r} (jobs are kept while the server runs)")
    return job.as_dict()
