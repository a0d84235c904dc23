"""The web UI isolates every article-supplied string of a line in <bdi> (issue 24)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from report_bidi import OUTLET, bidi_store
from test_report_bidi import assert_isolated

from dateline.web import Settings, create_app

LOCAL = "http://127.0.0.1:8000"


def test_pages_isolate_the_outlet(tmp_path: Path) -> None:
    ids = bidi_store(tmp_path / "bidi.db")
    client = TestClient(create_app(Settings(db=str(tmp_path / "bidi.db"))), base_url=LOCAL)
    for path in ("/", "/articles", f"/articles/{ids[OUTLET]}", "/stories/bidi",
                 "/report.html?story=bidi", f"/articles?q={ids[OUTLET][:6]}"):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, path
        assert_isolated(r.text)
    page = client.get(f"/articles/{ids[OUTLET]}").text
    assert f'<p class="meta"><bdi>{OUTLET}</bdi> · <bdi>Ann Lee</bdi> · published' in page
    markdown = client.get("/report.md?story=bidi").text
    assert "\u202e" not in markdown and "DailyTAERG" in markdown
