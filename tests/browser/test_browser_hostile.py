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


# -- bidi: an outlet named "Daily\u202eTAERG" turns nothing around ----------------------------

# Where the pieces of a metadata line are drawn: the outlet, the word "published", the id;
# each as [top, left] of its first box.
LINE = """
const line = arguments[0];
const box = (r) => [Math.round(r.top), Math.round(r.left)];
const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
let published = null;
while (walker.nextNode()) {
  const at = walker.currentNode.data.indexOf("published");
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(walker.currentNode, at);
    range.setEnd(walker.currentNode, at + 9);
    published = box(range.getClientRects()[0]);
    break;
  }
}
const outlet = document.createRange();
outlet.selectNodeContents(line);
outlet.setEnd(line.firstChild.nodeType === 3 ? line.firstChild : line.firstChild.firstChild, 1);
return [box(outlet.getClientRects()[0]), published,
        box(line.querySelector("code").getClientRects()[0])];
"""
# The citation labels after each cited statement, as boxes.
CITES = """
return Array.from(document.querySelectorAll(".cites")).map((span) =>
  Array.from(span.querySelectorAll("a.cite")).map((a) => {
    const r = a.getClientRects()[0];
    return [Math.round(r.top), Math.round(r.left)];
  }));
"""


def in_reading_order(boxes: list[list[int]]) -> bool:
    """Each box after the one before: on the same line to its right, or on a lower line."""
    return all(b[0] > a[0] + 4 or (abs(b[0] - a[0]) <= 4 and b[1] > a[1])
               for a, b in zip(boxes, boxes[1:], strict=False))


def reads_in_order(browser: Any, line_selector: str) -> bool:
    """The metadata line and every group of citation labels read left to right."""
    from selenium.webdriver.common.by import By

    line = browser.execute_script(LINE, browser.find_element(By.CSS_SELECTOR, line_selector))
    groups = browser.execute_script(CITES)
    assert groups and all(len(g) == 3 for g in groups), groups
    return in_reading_order(line) and all(in_reading_order(g) for g in groups)


def test_bidi_outlet_turns_no_line_around(browser: Any, tmp_path: Path,
                                          artifacts: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "report"))
    from report_bidi import OUTLET, bidi_store
    from selenium.webdriver.common.by import By

    from dateline.report.html import render_html
    from dateline.report.results import load_build
    from dateline.store import SQLiteStore

    ids = bidi_store(tmp_path / "bidi.db")
    html = render_html(load_build(SQLiteStore(tmp_path / "bidi.db")))
    report = tmp_path / "report.html"
    report.write_text(html, encoding="utf-8")
    unprotected = tmp_path / "unprotected.html"  # the same page without <bdi>: the attack
    unprotected.write_text(html.replace("<bdi>", "").replace("</bdi>", ""), encoding="utf-8")
    article_meta = f"#article-{ids[OUTLET]} p.meta"
    console_problems(browser)  # drop what earlier pages logged
    try:
        with LiveServer(create_app(Settings(db=str(tmp_path / "bidi.db")))) as server:
            for width in (390, 1400):
                browser.set_window_size(width, 1000)
                browser.get(report.as_uri())
                assert reads_in_order(browser, article_meta), width
                browser.get(f"{server.url}/stories/bidi")
                groups = browser.execute_script(CITES)
                assert len(groups) == 2 and all(in_reading_order(g) for g in groups), width
                browser.save_screenshot(str(artifacts / f"bidi-web-story-{width}.png"))
                browser.get(report.as_uri())
                meta = browser.find_element(By.CSS_SELECTOR, article_meta)
                browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", meta)
                browser.save_screenshot(str(artifacts / f"bidi-report-{width}.png"))
                browser.get(f"{server.url}/articles/{ids[OUTLET]}")
                meta = browser.find_element(By.CSS_SELECTOR, "#article p.meta")
                assert in_reading_order(browser.execute_script(LINE, meta)), width
                browser.save_screenshot(str(artifacts / f"bidi-web-article-{width}.png"))
                assert console_problems(browser) == []
            browser.get(unprotected.as_uri())  # the checks see the attack when it is there
            line = browser.find_element(By.CSS_SELECTOR, article_meta)
            assert not in_reading_order(browser.execute_script(LINE, line))
            assert not any(in_reading_order(g) for g in browser.execute_script(CITES))
            meta = browser.find_element(By.CSS_SELECTOR, article_meta)
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", meta)
            browser.save_screenshot(str(artifacts / "bidi-unprotected-1400.png"))
    finally:
        browser.set_window_size(1280, 1400)


def console_problems(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")]
