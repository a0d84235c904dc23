"""Every API endpoint: answers, status codes, and a clear message for bad parameters."""

from __future__ import annotations

import math

from fastapi.testclient import TestClient

from dateline.model import Claim
from dateline.report import json_schema
from dateline.report.document import BuildResult
from dateline.report.results import save_results
from dateline.store import SQLiteStore
from dateline.web import Settings, create_app

LOCAL = "http://127.0.0.1:8000"  # a Host the app serves (testserver is not one)


def test_health_counts_the_store(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "articles": 5, "stories": 1, "copies": 1}


def test_articles_list_search_and_pages(client: TestClient) -> None:
    r = client.get("/api/articles")
    assert r.status_code == 200 and r.json()["total"] == 5
    assert all("text" not in item for item in r.json()["items"])
    r = client.get("/api/articles", params={"q": "Rafiqah"})
    assert r.json()["total"] == 1
    r = client.get("/api/articles", params={"limit": 2, "offset": 2})
    assert len(r.json()["items"]) == 2
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "many"},
                {"q": "x" * 201}):
        r = client.get("/api/articles", params=bad)
        assert r.status_code == 422, bad
        assert r.json()["detail"].startswith("invalid request: ")
        assert next(iter(bad)) in r.json()["detail"]


def test_article_by_id_or_prefix_validates_against_schema(
        client: TestClient, raqqa_result: BuildResult) -> None:
    article = raqqa_result.articles[0]
    r = client.get(f"/api/articles/{article.id}")
    assert r.status_code == 200
    json_schema.validate(r.json(), "article")
    assert r.json()["paragraphs"] == list(article.paragraphs)
    assert client.get(f"/api/articles/{article.id[:6]}").json()["id"] == article.id
    missing = client.get("/api/articles/ffffffffffffffff")
    assert missing.status_code == 404 and "no article id starts with" in missing.json()["detail"]
    assert client.get("/api/articles/not-hex").status_code == 422
    assert client.get("/api/articles/ab").status_code == 422  # too short to mean one article


def test_ambiguous_prefix_is_a_conflict(client: TestClient,
                                        raqqa_result: BuildResult) -> None:
    ids = sorted(a.id for a in raqqa_result.articles)
    shared = next((a[:k] for a, b in zip(ids, ids[1:], strict=False)
                   for k in range(4, 16) if a[:k] == b[:k]), None)
    if shared is None:  # the five ids share no 4-digit prefix: ask for a hex prefix of all
        r = client.get("/api/articles/0000")
        assert r.status_code in (404, 409)
    else:
        r = client.get(f"/api/articles/{shared}")
        assert r.status_code == 409 and "several articles" in r.json()["detail"]


def test_article_stories(client: TestClient, raqqa_result: BuildResult) -> None:
    article = raqqa_result.articles[0]
    r = client.get(f"/api/articles/{article.id}/stories")
    assert r.json() == [{"id": "s-raqqa", "label": "Battle for Raqqa"}]


def test_stories_list_search_and_one(client: TestClient, raqqa_result: BuildResult) -> None:
    r = client.get("/api/stories")
    assert r.json()["total"] == 1 and r.json()["items"][0]["articles"] == 5
    assert client.get("/api/stories", params={"q": "mosul"}).json()["total"] == 0
    r = client.get("/api/stories/s-raqqa")
    assert r.status_code == 200
    data = r.json()
    assert [e["date"] for e in data["timeline"]] == [
        e.date for e in raqqa_result.stories[0].timeline]
    assert len(data["claims"]) == 4 and len(data["copies"]) == 1
    missing = client.get("/api/stories/nope")
    assert missing.status_code == 404 and missing.json()["detail"] == "no story 'nope'"
    assert client.get("/api/stories/" + "x" * 201).status_code == 422


def test_copies_claims_entities(client: TestClient, raqqa_result: BuildResult) -> None:
    copy = raqqa_result.copies[0]
    r = client.get("/api/copies")
    assert r.json()["total"] == 1
    assert r.json()["items"][0]["passages"][0]["edits"]
    assert client.get("/api/copies", params={"article": copy.copy}).json()["total"] == 1
    assert client.get("/api/copies", params={"article": "zz"}).status_code == 422
    assert client.get("/api/claims").json()["total"] == 4
    assert client.get("/api/claims", params={"story": "s-raqqa"}).json()["total"] == 4
    assert client.get("/api/claims", params={"story": "none"}).status_code == 404
    three = client.get("/api/claims", params={"article": raqqa_result.claims[2].article_id})
    assert three.json()["total"] == 1
    r = client.get("/api/entities", params={"q": "daesh"})
    assert [e["name"] for e in r.json()["items"]] == ["Islamic State"]


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/health", "/api/articles", "/api/articles/{article_id}", "/api/stories",
            "/api/stories/{story_id}", "/api/copies", "/api/claims", "/api/entities",
            "/api/ingest/upload", "/api/ingest/path", "/api/jobs", "/api/jobs/{job_id}"} <= paths
    assert all(p.startswith("/api/") for p in paths)
    docs = client.get("/api-docs")
    assert docs.status_code == 200 and "/api/ingest/upload" in docs.text


def test_unknown_job_and_bad_job_id(client: TestClient) -> None:
    assert client.get("/api/jobs").json() == []
    r = client.get("/api/jobs/0123456789ab")
    assert r.status_code == 404 and "no ingest job" in r.json()["detail"]
    assert client.get("/api/jobs/../../etc").status_code in (404, 422)


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/", "/api/health", "/api/articles/ffff"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_open_bounds_are_null_in_json(settings: Settings, raqqa_result: BuildResult) -> None:
    article = raqqa_result.articles[0].id
    at_least = Claim(article, 0, "at least 21", 21, math.inf, "civilians killed",
                     qualifier="at least", group="killed")
    store = SQLiteStore(settings.db)
    save_results(store, raqqa_result.stories, claims=[at_least])
    store.close()
    client = TestClient(create_app(settings), base_url=LOCAL)
    r = client.get("/api/claims")
    assert r.status_code == 200 and "Infinity" not in r.text
    assert r.json()["items"][0]["high"] is None and r.json()["items"][0]["low"] == 21
    assert client.get("/api/stories/s-raqqa").json()["claims"][0]["high"] is None
    assert "at least 21" in client.get("/stories/s-raqqa").text


def test_every_endpoint_refuses_bad_input_with_a_clear_4xx(client: TestClient) -> None:
    cases = [
        ("get", "/api/articles/ffffffffffffffff/stories", 404, "no article id starts with"),
        ("get", "/api/articles/xyz!/stories", 422, "article_id"),
        ("get", "/api/stories?limit=501", 422, "limit"),
        ("get", "/api/stories?offset=-3", 422, "offset"),
        ("get", "/api/copies?article=ffffffffffffffff", 404, "no article id starts with"),
        ("get", "/api/copies?limit=0", 422, "limit"),
        ("get", "/api/claims?article=zz", 422, "article"),
        ("get", "/api/claims?article=ffffffffffffffff", 404, "no article id starts with"),
        ("get", "/api/claims?story=" + "x" * 201, 422, "story"),
        ("get", "/api/entities?limit=0", 422, "limit"),
        ("get", "/api/entities?q=" + "x" * 201, 422, "q"),
        ("get", "/api/jobs/NOT-A-JOB", 422, "job_id"),
        ("post", "/api/health", 405, "Method Not Allowed"),
        ("get", "/api/nothing-here", 404, "Not Found"),
    ]
    for method, url, status, words in cases:
        r = client.request(method, url)
        assert r.status_code == status, (url, r.text)
        assert words in r.json()["detail"], (url, r.json())
    r = client.post("/api/ingest/path", json={})
    assert r.status_code == 422 and "path: Field required" in r.json()["detail"]
    r = client.post("/api/ingest/path", content=b"{not json", headers={
        "content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"].startswith("invalid request")
    r = client.post("/api/ingest/upload")
    assert r.status_code == 422 and "files" in r.json()["detail"]
    assert "/api/articles/{article_id}/stories" in client.get("/openapi.json").json()["paths"]
