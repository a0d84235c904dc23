"""Ingest from the web: uploads and paths in background jobs, size caps, no path traversal,
and pages that keep answering while a job writes."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from fastapi.testclient import TestClient

from dateline.web import Settings, create_app

LOCAL = "http://127.0.0.1:8000"  # a Host the app serves (testserver is not one)


def wait_done(client: TestClient, job_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def article_text(n: int) -> str:
    return (f"Fighters advanced on district {n} of Raqqa on Monday, commanders said.\n\n"
            f"Report number {n} describes the streets around the old wall in detail.\n")


def test_upload_ingests_in_the_background(client: TestClient, settings: Settings) -> None:
    files = [("files", (f"new_{n}.txt", article_text(n).encode(), "text/plain"))
             for n in range(3)]
    files.append(("files", ("../../evil.txt", b"", "text/plain")))
    r = client.post("/api/ingest/upload", files=files)
    assert r.status_code == 202
    assert r.headers["location"] == f"/api/jobs/{r.json()['id']}"
    job = wait_done(client, r.json()["id"])
    assert job["status"] == "done" and job["added"] == 3 and job["progress"] == 1.0
    assert job["skipped"] == 1 and job["errors"][0]["reason"] == "empty article"
    assert client.get("/api/health").json()["articles"] == 8
    saved = list(settings.uploads().rglob("*"))
    assert all(p.resolve().is_relative_to(settings.uploads().resolve()) for p in saved)
    assert not any(".." in p.name for p in saved)
    assert client.get("/api/jobs").json()[0]["id"] == job["id"]


def test_upload_form_redirects_to_a_progress_page(client: TestClient) -> None:
    r = client.post("/ingest/upload", files=[("files", ("a.txt", article_text(1).encode()))],
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    wait_done(client, job_id)
    page = client.get(r.headers["location"]).text
    assert 'id="job-status">done<' in page and "/static/app.js" in page


def test_oversized_upload_is_refused_with_413(client: TestClient) -> None:
    big = b"x" * (65 * 1024)
    r = client.post("/api/ingest/upload", files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413
    assert "request body too large" in r.json()["detail"]
    assert "limit is 65536 bytes" in r.json()["detail"]


def test_streamed_body_without_length_is_capped(client: TestClient) -> None:
    def chunks():
        for _ in range(20):
            yield b"y" * 8192

    r = client.post("/api/ingest/path", content=chunks(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_upload_needs_files(client: TestClient) -> None:
    r = client.post("/api/ingest/upload")
    assert r.status_code == 422 and "files" in r.json()["detail"]


def test_ingest_by_path_under_the_root(client: TestClient, ingest_root: Path) -> None:
    folder = ingest_root / "batch"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text(article_text(10 + n), encoding="utf-8")
    r = client.post("/api/ingest/path", json={"path": "batch"})
    assert r.status_code == 202 and r.json()["total"] == 4
    job = wait_done(client, r.json()["id"])
    assert job["added"] == 4 and job["message"].startswith("4 articles read")
    again = wait_done(client, client.post("/api/ingest/path",
                                          json={"path": str(folder)}).json()["id"])
    assert again["added"] == 0 and again["known"] == 4


def test_path_traversal_is_refused(client: TestClient, ingest_root: Path,
                                   tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(article_text(99), encoding="utf-8")
    (ingest_root / "link").symlink_to(tmp_path)
    cases = {
        "../secret.txt": (400, "'..'"),
        "a/../../secret.txt": (400, "'..'"),
        "..\\secret.txt": (400, "'..'"),
        str(secret): (403, "outside the ingest root"),
        "/etc/passwd": (403, "outside the ingest root"),
        "link/secret.txt": (403, "outside the ingest root"),
        "*.txt": (400, "glob"),
        "missing.txt": (404, "no such file"),
        "a\x00b": (400, "NUL"),
    }
    for path, (status, words) in cases.items():
        r = client.post("/api/ingest/path", json={"path": path})
        assert r.status_code == status, (path, r.json())
        assert words in r.json()["detail"], (path, r.json())
    assert client.post("/api/ingest/path", json={}).status_code == 422
    assert client.get("/api/health").json()["articles"] == 5


def test_path_ingest_is_off_without_a_root(settings: Settings) -> None:
    app = create_app(Settings(db=settings.db))
    r = TestClient(app, base_url=LOCAL).post("/api/ingest/path", json={"path": "x"})
    assert r.status_code == 403 and "--ingest-root" in r.json()["detail"]


def test_pages_answer_while_an_ingest_writes(client: TestClient, ingest_root: Path) -> None:
    folder = ingest_root / "many"
    folder.mkdir()
    for n in range(300):
        (folder / f"{n:03d}.txt").write_text(article_text(1000 + n), encoding="utf-8")
    job_id = client.post("/api/ingest/path", json={"path": "many"}).json()["id"]
    during, counts = 0, []
    while True:
        before = client.get(f"/api/jobs/{job_id}").json()["status"]
        r = client.get("/api/articles", params={"limit": 1})
        page = client.get("/stories/s-raqqa")
        after = client.get(f"/api/jobs/{job_id}").json()["status"]
        assert r.status_code == 200 and page.status_code == 200
        counts.append(r.json()["total"])
        if before == after == "running":
            during += 1
        if after in ("done", "failed"):
            break
    assert after == "done"
    assert during >= 1, "no read happened while the job was running"
    assert counts == sorted(counts)
    assert client.get("/api/health").json()["articles"] == 305
    with sqlite3.connect(client.app.state.settings.db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
