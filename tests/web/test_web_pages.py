"""The HTML pages answer, link citations to articles, and never render article markup."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from dateline.ingest import ingest
from dateline.model import Citation, CitedSentence, Story, TimelineEntry
from dateline.report.document import BuildResult, StoryResult
from dateline.report.results import save_results
from dateline.store import SQLiteStore
from dateline.web import Settings, create_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "report"))
from report_hostile import assert_inert  # noqa: E402
from report_xss import write_corpus  # noqa: E402

LOCAL = "http://127.0.0.1:8000"  # a Host the app serves (testserver is not one)

HTML = {"Accept": "text/html"}


def test_every_page_answers(client: TestClient, raqqa_result: BuildResult) -> None:
    article = raqqa_result.articles[0].id
    for path in ("/", "/articles", "/articles?q=Raqqa", f"/articles/{article}", "/stories",
                 "/stories?q=raqqa", "/stories/s-raqqa", "/copies", "/ingest", "/api-docs",
                 "/report.html", "/report.html?story=s-raqqa", "/report.md",
                 "/static/dateline.css", "/static/app.js"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, path
    assert client.get("/report.md").headers["content-type"].startswith("text/markdown")


def test_story_page_shows_timeline_and_links_citations(client: TestClient,
                                                        raqqa_result: BuildResult) -> None:
    html = client.get("/stories/s-raqqa").text
    assert '<time datetime="2017-10-14">2017-10-14</time>' in html
    assert html.count('class="point"') == 5
    links = set(re.findall(r'href="(/articles/[0-9a-f]{16}#s\d+)"', html))
    assert len(links) >= 6
    target = sorted(links)[0]
    article_id, sentence = target[len("/articles/"):].split("#")
    page = client.get(f"/articles/{article_id}").text
    assert f'id="{sentence}"' in page
    assert "conflict: the sources disagree" in html
    assert "<ins>Daesh’s</ins>" in html


def test_article_page_shows_removed_text_and_redirects_prefix(
        client: TestClient, raqqa_result: BuildResult) -> None:
    with_removed = next(a for a in raqqa_result.articles if a.removed)
    page = client.get(f"/articles/{with_removed.id}").text
    assert "<summary>Removed by cleaning (" in page
    assert with_removed.removed[0].reason in page
    r = client.get(f"/articles/{with_removed.id[:6]}", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == f"/articles/{with_removed.id}"


def test_missing_things_get_an_html_error_page(client: TestClient) -> None:
    r = client.get("/stories/none", headers=HTML)
    assert r.status_code == 404 and "no story &#39;none&#39;" in r.text
    assert r.headers["content-type"].startswith("text/html")
    r = client.get("/articles/zzzz", headers=HTML)
    assert r.status_code == 422 and "invalid request" in r.text
    assert client.get("/report.html?story=nope").status_code == 404


def test_search_is_escaped(client: TestClient) -> None:
    html = client.get("/articles", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_corpus_renders_inert_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    store = SQLiteStore(db)
    ingest(store, [str(p) for p in write_corpus(tmp_path / "corpus")])
    articles = list(store.iter_articles())
    citations = tuple(Citation(a.id, 0, outlet="<b onclick=alert(1)>x</b>") for a in articles)
    story = StoryResult(Story("evil", "<script>alert('story')</script>",
                              tuple(a.id for a in articles)),
                        (TimelineEntry("2017-10-16", "day", (CitedSentence(
                            "<img src=x onerror=alert(1)>", citations),)),))
    save_results(store, [story])
    store.close()
    client = TestClient(create_app(Settings(db=str(db))), base_url=LOCAL)
    pages = ["/", "/articles", "/stories", "/stories/evil", "/report.html",
             *(f"/articles/{a.id}" for a in articles)]
    for path in pages:
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, path
        assert_inert(r.text, allowed_scripts=("/static/app.js",))


def test_long_story_page_caps_its_lists(tmp_path: Path) -> None:
    from dateline.model import Article, DateEvidence, Source, article_id

    store = SQLiteStore(tmp_path / "long.db")
    articles = []
    for n in range(250):
        text = f"Report {n}: fighters advanced on district {n} of Raqqa on Monday."
        articles.append(Article(article_id(text), Source(path=f"r{n}.txt"), (text,),
                                title=f"Report {n}", outlet=f"Outlet {n % 7}",
                                published=DateEvidence(f"2017-{6 + n % 5:02d}-{1 + n % 28:02d}",
                                                       "day", "text")))
    store.put_articles(articles)
    timeline = tuple(TimelineEntry(a.published.value, "day", (CitedSentence(
        a.paragraphs[0], (Citation(a.id, 0),)),)) for a in articles[:60])
    story = Story("long", "A long story", tuple(a.id for a in articles))
    save_results(store, [StoryResult(story, timeline)])
    store.close()
    app = create_app(Settings(db=str(tmp_path / "long.db")))
    html = TestClient(app, base_url=LOCAL).get("/stories/long").text
    assert html.count('<li><a href="/articles/') == 200
    assert "and 50 more." in html
    sources = html.split('<table class="sources">', 1)[1].split("</table>", 1)[0]
    assert sources.count("<tr>") == 1 + 7  # header and one row per outlet


def test_story_page_and_api_show_the_stored_source_comparison(
        settings: Settings, raqqa_result: BuildResult) -> None:
    from report_raqqa import with_comparison

    compared = with_comparison(raqqa_result)
    store = SQLiteStore(settings.db)
    save_results(store, compared.stories, compared.copies, compared.claims)
    store.close()
    client = TestClient(create_app(settings), base_url=LOCAL)
    page = client.get("/stories/s-raqqa", headers=HTML).text
    wordings = page.split('<table class="wordings">', 1)[1].split("</table>", 1)[0]
    assert "“<bdi>Islamic State</bdi>”" in wordings and "“<bdi>Daesh</bdi>”" in wordings
    assert "Reported by one outlet only" in page and "<b><bdi>Jordan Times</bdi></b>" in page
    data = client.get("/api/stories/s-raqqa").json()
    assert data["comparison"]["wordings"][0]["other_words"] == "Daesh"
    assert "Same fact, different words" in client.get("/report.md").text
