"""The report and the web UI in a real headless Chromium: they load without console errors,
the timeline shows dates, a citation opens its article, and hostile text runs nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from browser_live_server import LiveServer
from report_hostile import PAYLOAD_MARK
from report_xss import write_corpus

from dateline.ingest import ingest
from dateline.model import Citation, CitedSentence, Story, TimelineEntry
from dateline.report.document import BuildResult, StoryResult
from dateline.report.html import render_html
from dateline.report.results import load_build, save_results
from dateline.store import SQLiteStore
from dateline.web import Settings, create_app


def console_problems(driver: Any) -> list[str]:
    """Console errors and warnings since the last call (the log is drained by reading it)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")]


def no_alert(driver: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return True
    raise AssertionError(f"an alert ran: {text!r}")


def status(driver: Any) -> str | None:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return driver.find_element(By.ID, "job-status").text
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def in_viewport(driver: Any, element: Any) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight;", element)


def test_report_timeline_and_citation_click(browser: Any, tmp_path: Path, artifacts: Path,
                                            raqqa_result: BuildResult) -> None:
    from selenium.webdriver.common.by import By

    report = tmp_path / "report.html"
    report.write_text(render_html(raqqa_result), encoding="utf-8")
    browser.get(report.as_uri())
    console_problems(browser)  # drop anything logged before the page
    browser.refresh()
    labels = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".axis .plabel")]
    assert labels == ["2017-06-06", "2017-07", "2017-07-04", "2017-10-14", "2017-10-16"]
    assert all(e.is_displayed() for e in browser.find_elements(By.CSS_SELECTOR, ".axis .point"))
    times = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ol.timeline time")]
    assert "2017-10-14" in times
    browser.find_element(By.CSS_SELECTOR, ".axis").screenshot(
        str(artifacts / "report-axis.png"))
    browser.save_screenshot(str(artifacts / "report-top.png"))

    cite = browser.find_elements(By.CSS_SELECTOR, "ol.timeline a.cite")[-1]
    target = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    assert browser.current_url.endswith("#" + target)
    sentence = browser.find_element(By.ID, target)
    assert in_viewport(browser, sentence) and sentence.text
    browser.save_screenshot(str(artifacts / "report-citation.png"))
    article = browser.find_element(By.ID, target.rsplit("-s", 1)[0])
    removed = article.find_element(By.CSS_SELECTOR, "details.removed")
    assert removed.get_attribute("open") is None
    removed.find_element(By.TAG_NAME, "summary").click()
    assert removed.get_attribute("open") is not None
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", removed)
    assert removed.find_element(By.CSS_SELECTOR, "li").is_displayed()
    browser.save_screenshot(str(artifacts / "report-citation-opened.png"))
    assert console_problems(browser) == []
    assert no_alert(browser)


def test_web_story_page_and_citation(browser: Any, raqqa_db: str, artifacts: Path) -> None:
    from selenium.webdriver.common.by import By

    with LiveServer(create_app(Settings(db=raqqa_db))) as server:
        browser.get(server.url + "/")
        assert "Battle for Raqqa" in browser.page_source
        browser.save_screenshot(str(artifacts / "web-index.png"))
        browser.find_element(By.LINK_TEXT, "Battle for Raqqa").click()
        assert browser.current_url == server.url + "/stories/s-raqqa"
        dates = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".axis .plabel")]
        assert "2017-10-16" in dates
        browser.save_screenshot(str(artifacts / "web-story.png"))
        wordings = browser.find_element(By.CSS_SELECTOR, "table.wordings")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", wordings)
        assert wordings.is_displayed() and "Daesh" in wordings.text
        browser.save_screenshot(str(artifacts / "web-story-sources.png"))
        cite = browser.find_element(By.CSS_SELECTOR, "ol.timeline a.cite")
        href = cite.get_attribute("href")
        cite.click()
        assert browser.current_url == href
        anchor = href.split("#", 1)[1]
        sentence = browser.find_element(By.ID, anchor)
        browser.save_screenshot(str(artifacts / "web-article.png"))
        assert in_viewport(browser, sentence)
        browser.get(server.url + "/copies")
        assert browser.find_elements(By.CSS_SELECTOR, "table.diff ins")
        browser.save_screenshot(str(artifacts / "web-copies.png"))
        assert console_problems(browser) == []


def test_web_upload_shows_progress_to_done(browser: Any, raqqa_db: str, tmp_path: Path,
                                           artifacts: Path) -> None:
    from selenium.webdriver.common.by import By

    upload = tmp_path / "new_report.txt"
    upload.write_text("Fighters reached the stadium in Raqqa on Tuesday, the SDF said.\n\n"
                      "The stadium was the last stronghold, commanders said.\n", encoding="utf-8")
    with LiveServer(create_app(Settings(db=raqqa_db, upload_dir=tmp_path / "up"))) as server:
        browser.get(server.url + "/ingest")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(upload))
        browser.find_element(By.CSS_SELECTOR, "form[action='/ingest/upload'] button").click()
        deadline = time.monotonic() + 20
        while status(browser) != "done":  # the page script polls, then reloads once done
            assert time.monotonic() < deadline, browser.page_source[:2000]
            time.sleep(0.2)
        assert browser.current_url.startswith(server.url + "/jobs/")
        assert "1 new" in browser.find_element(By.ID, "job-counts").text
        browser.save_screenshot(str(artifacts / "web-ingest-job.png"))
        assert console_problems(browser) == []


def test_hostile_corpus_runs_nothing(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    from selenium.webdriver.common.by import By

    db = tmp_path / "hostile.db"
    store = SQLiteStore(db)
    ingest(store, [str(p) for p in write_corpus(tmp_path / "corpus")])
    articles = list(store.iter_articles())
    citations = tuple(Citation(a.id, 1, outlet="<b onmouseover=alert(1)>x</b>")
                      for a in articles)
    story = StoryResult(Story("evil", "<script>alert('story')</script>",
                              tuple(a.id for a in articles), first_date="2017-10-16"),
                        (TimelineEntry("2017-10-16", "day", (CitedSentence(
                            "<img src=x onerror=alert('timeline')>", citations),)),))
    save_results(store, [story])
    report = tmp_path / "hostile-report.html"
    report.write_text(render_html(load_build(store)), encoding="utf-8")
    store.close()

    browser.get(report.as_uri())
    assert no_alert(browser)
    assert PAYLOAD_MARK in browser.find_element(By.TAG_NAME, "body").text  # shown as text
    for details in browser.find_elements(By.CSS_SELECTOR, "details summary"):
        details.click()
    for cite in browser.find_elements(By.CSS_SELECTOR, "a.cite")[:3]:
        cite.click()
        assert no_alert(browser)
    browser.save_screenshot(str(artifacts / "report-hostile.png"))
    assert console_problems(browser) == []

    with LiveServer(create_app(Settings(db=str(db)))) as server:
        for path in ["/", "/stories/evil", "/articles", *(f"/articles/{a.id}" for a in articles)]:
            browser.get(server.url + path)
            assert no_alert(browser)
            for summary in browser.find_elements(By.CSS_SELECTOR, "details summary"):
                summary.click()
            assert no_alert(browser)
            assert console_problems(browser) == [], path
        browser.get(server.url + f"/articles/{articles[0].id}")
        assert "<script>" in browser.find_element(By.TAG_NAME, "body").text
        browser.save_screenshot(str(artifacts / "web-hostile-article.png"))
