"""The probes of issue 24: another site's page cannot add articles (a no-cors FormData POST is
refused), a Host the server does not serve gets nothing (no DNS rebinding), and the server's
own upload form still works."""

from __future__ import annotations

from fastapi.testclient import TestClient

from dateline.web import Settings, create_app
from dateline.web.origins import ServedHosts

LOCAL = "http://127.0.0.1:8000"
TEXT = b"Fighters advanced on the stadium of Raqqa on Monday, commanders said.\n"


def upload(client: TestClient, headers: dict[str, str], path: str = "/ingest/upload"):
    return client.post(path, files=[("files", ("a.txt", TEXT, "text/plain"))], headers=headers,
                       follow_redirects=False)


def test_cross_site_no_cors_form_post_is_refused(settings: Settings) -> None:
    # What Chromium sends for fetch("http://127.0.0.1:8000/ingest/upload", {method: "POST",
    # mode: "no-cors", body: formData}) from a page on attacker.example.
    app = create_app(Settings(db=settings.db, upload_dir=settings.upload_dir, port=8000))
    client = TestClient(app, base_url=LOCAL)
    probes = [
        {"Origin": "http://attacker.example", "Sec-Fetch-Site": "cross-site",
         "Sec-Fetch-Mode": "no-cors", "Referer": "http://attacker.example/"},
        {"Origin": "http://attacker.example"},  # a browser without Sec-Fetch-*
        {"Origin": "null"},  # a sandboxed frame, or a no-referrer page
        {"Referer": "http://attacker.example/page"},  # no Origin: the Referer decides
        {"Origin": "http://localhost:9999", "Sec-Fetch-Site": "same-site"},  # another port
    ]
    for headers in probes:
        for path in ("/ingest/upload", "/api/ingest/upload"):
            r = upload(client, headers, path)
            assert r.status_code == 403, (headers, path, r.text)
            assert "from another site" in r.json()["detail"]
    r = client.post("/api/ingest/path", json={"path": "x"},
                    headers={"Origin": "http://attacker.example"})
    assert r.status_code == 403
    assert client.get("/api/jobs").json() == []
    assert client.get("/api/health").json()["articles"] == 5
    assert not settings.uploads().exists()


def test_foreign_host_is_refused(client: TestClient) -> None:
    for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example",
                 "", "localhost:80:80"):
        r = client.get("/api/health", headers={"Host": host})
        assert r.status_code == 400, host
        assert "is not a name this server answers to" in r.json()["detail"]
        assert "--allowed-host" in r.json()["detail"]
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert upload(client, {"Host": "attacker.example"}).status_code == 400


def test_same_origin_upload_still_works(settings: Settings) -> None:
    app = create_app(Settings(db=settings.db, upload_dir=settings.upload_dir, port=8000))
    client = TestClient(app, base_url=LOCAL)
    own = [{"Origin": LOCAL, "Sec-Fetch-Site": "same-origin", "Referer": LOCAL + "/ingest"},
           {"Origin": LOCAL},  # a browser without Sec-Fetch-*
           {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # Origin hidden by policy
           {"Referer": LOCAL + "/ingest"},
           {}]  # curl, a script: no page sent it
    for headers in own:
        r = upload(client, headers)
        assert r.status_code == 303 and r.headers["location"].startswith("/jobs/"), headers
    app.state.jobs.wait()
    assert client.get("/api/health").json()["articles"] == 6  # the same text, stored once
    assert client.get("/ingest", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8001"}).status_code == 400


def test_served_hosts() -> None:
    hosts = ServedHosts("192.168.1.5", 8000, ["news.example", "box.lan:9000"])
    for ok in ("192.168.1.5:8000", "LOCALHOST:8000", "127.0.0.1:8000", "[::1]:8000",
               "news.example", "news.example:8000", "box.lan:9000"):
        assert hosts.allows(ok), ok
    for refused in ("192.168.1.5", "192.168.1.5:80", "localhost", "news.example:9000",
                    "box.lan", "box.lan:8000", "evil.example:8000", "[::1]:x", ""):
        assert not hosts.allows(refused), refused
    assert ServedHosts("::1", 80).allows("[::1]") and ServedHosts("::1", 80).allows("localhost")
    assert ServedHosts("127.0.0.1", None).allows("localhost:1234")
    assert not ServedHosts("127.0.0.1", None).allows("example.com:1234")


def test_allowed_host_behind_a_proxy(settings: Settings) -> None:
    app = create_app(Settings(db=settings.db, upload_dir=settings.upload_dir, port=8000,
                              allowed_hosts=("news.example",)))
    client = TestClient(app, base_url="https://news.example")
    assert client.get("/api/health").status_code == 200
    r = upload(client, {"Origin": "https://news.example", "Host": "127.0.0.1:8000"})
    assert r.status_code == 303  # a proxy that rewrites Host: the Origin is an allowed name
    app.state.jobs.wait()
