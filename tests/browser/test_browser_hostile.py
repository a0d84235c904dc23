"""Hostile pages in a real headless Chromium: another site's page cannot add articles to the
store (the issue 24 probe: a no-cors FormData fetch, and a plain form POST)."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Any

from browser_live_server import LiveServer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from dateline.web import Settings, create_app

ATTACK = """<!DOCTYPE html><html><head><title>attacker</title></head><body>
<form id="f" action="{target}/ingest/upload" method="post" enctype="multipart/form-data">
<input type="file" name="files"></form>
<script>
const data = new FormData();
data.append("files", new Blob(["Fighters took the stadium in Raqqa on Tuesday, they said."],
                              {{type: "text/plain"}}), "planted.txt");
fetch("{target}/ingest/upload", {{method: "POST", mode: "no-cors", body: data}})
  .then(() => {{ document.title = "fetch sent"; document.getElementById("f").submit(); }},
        (e) => {{ document.title = "fetch failed " + e; }});
</script></body></html>"""


def attacker_site(target: str) -> Starlette:
    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(ATTACK.format(target=target))

    return Starlette(routes=[Route("/", page)])


def text_of(browser: Any) -> str:
    return browser.execute_script("return document.body ? document.body.innerText : ''")


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_cross_site_upload_is_refused(browser: Any, raqqa_db: str, tmp_path: Path,
                                      artifacts: Path) -> None:
    app = create_app(Settings(db=raqqa_db, upload_dir=tmp_path / "up"))
    with LiveServer(app) as server:
        before = get_json(server.url + "/api/health")["articles"]
        with LiveServer(attacker_site(server.url)) as evil:
            # localhost and 127.0.0.1 are different sites to the browser
            browser.get(evil.url.replace("127.0.0.1", "localhost") + "/")
            deadline = time.monotonic() + 15
            while "refused" not in (body := text_of(browser)):
                assert time.monotonic() < deadline, (browser.current_url, body[:500])
                time.sleep(0.1)
            browser.save_screenshot(str(artifacts / "web-cross-site-refused.png"))
        assert "may not change this server's store" in body
        app.state.jobs.wait()
        assert get_json(server.url + "/api/jobs") == []
        assert get_json(server.url + "/api/health")["articles"] == before
        assert not (tmp_path / "up").exists()
