"""The main job on the example corpus: what `make demo` shows a user."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.build import BuildRun, build
from dateline.cli import app
from dateline.model import Article
from dateline.store import SQLiteStore


@pytest.fixture(scope="module")
def raqqa_build(tmp_path_factory: pytest.TempPathFactory, raqqa_dir: Path
                ) -> tuple[SQLiteStore, BuildRun]:
    store = SQLiteStore(tmp_path_factory.mktemp("build") / "raqqa.db")
    return store, build(store, [str(raqqa_dir)])


def _by_file(store: SQLiteStore) -> dict[str, Article]:
    return {Path(a.source.path or "").name[:3]: a for a in store.iter_articles()}


def test_one_story_with_the_key_dates_each_cited(raqqa_build) -> None:
    store, run = raqqa_build
    assert len(run.result.stories) == 1
    story = run.result.stories[0]
    assert len(story.story.article_ids) == 5
    dates = {entry.date: entry for entry in story.timeline}
    for day in ("2017-06-06", "2017-07-04", "2017-10-14", "2017-10-16"):
        assert day in dates, f"{day} missing from {sorted(dates)}"
        assert all(s.citations for s in dates[day].sentences)
    stored = {a.id for a in store.iter_articles()}
    cited = {c.article_id for e in story.timeline for s in e.sentences for c in s.citations}
    assert cited <= stored


def test_the_reuters_rewrite_counts_once_and_the_copy_inherits_its_date(raqqa_build) -> None:
    store, run = raqqa_build
    seeds = _by_file(store)
    assert [(c.original, c.copy) for c in run.result.copies] == [(seeds["001"].id,
                                                                  seeds["000"].id)]
    # 001 has no date in its text; its dated rewrite 000 gives it one, with provenance.
    inherited = seeds["001"].published
    assert inherited is not None and inherited.value == "2017-10-16"
    assert inherited.source == "copy-of" and seeds["000"].id in inherited.detail
    assert seeds["002"].published is None
    convoy = next(e for e in run.result.stories[0].timeline if e.date == "2017-10-14")
    assert convoy.sentences[0].independent == 1 < len(convoy.sentences[0].citations)


def test_the_fighters_numbers_are_flagged_as_a_conflict(raqqa_build) -> None:
    _, run = raqqa_build
    flagged = {(c.low, c.high) for c in run.result.claims if c.conflict}
    assert {(200, 300), (250, 250)} <= flagged
    assert not any(c.conflict for c in run.result.claims if c.low == 2500)


def test_rebuilding_adds_nothing_and_keeps_the_story_id(raqqa_build, raqqa_dir) -> None:
    store, run = raqqa_build
    again = build(store, [str(raqqa_dir)])
    assert again.ingest is not None and again.ingest.added == 0
    assert [s.story.id for s in again.result.stories] == [s.story.id for s in run.result.stories]


def test_a_rebuild_reuses_stored_analyses_and_redoes_only_changed_ones(
        raqqa_build, monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.build as main_job

    store, run = raqqa_build
    analyzed_now: list[str] = []
    real = main_job.analyze_in_processes

    def recording(articles, **kwargs):  # type: ignore[no-untyped-def]
        articles = list(articles)
        analyzed_now.extend(a.id for a in articles)
        return real(articles, **kwargs)

    monkeypatch.setattr(main_job, "analyze_in_processes", recording)
    again = build(store)
    assert analyzed_now == []  # nothing changed: spaCy does not run again
    assert again.result.claims == run.result.claims
    assert again.result.entities == run.result.entities
    assert [s.timeline for s in again.result.stories] == [s.timeline for s in run.result.stories]
    # an analysis made from another version of the article (or other code) is not reused
    changed = next(iter(_by_file(store).values())).id
    store.execute("UPDATE analyze_cache SET key = 'stale' WHERE article_id = ?", (changed,))
    third = build(store)
    assert analyzed_now == [changed]
    assert third.result.claims == run.result.claims


def test_build_command_writes_the_three_reports(tmp_path: Path, raqqa_dir: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["build", str(raqqa_dir), "--db", str(tmp_path / "b.db"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2017-07-04" in result.output
    document = json.loads((out / "build.json").read_text())
    assert document["format"] == "dateline-build" and len(document["articles"]) == 5
    assert "2017-10-14" in (out / "report.md").read_text()
    html = (out / "report.html").read_text()
    assert "<script src=" not in html and "2017-06-06" in html


def test_stories_summarized_while_the_analysis_streams_in_match_one_pass(raqqa_build) -> None:
    """The build summarizes a story as soon as its articles are analyzed, in any order; the
    results come out in story order and equal those of summarizing after the whole analysis."""
    import dateline.build as main_job

    store, run = raqqa_build
    stories = [s.story for s in run.result.stories]
    articles = {a.id: a for a in store.iter_articles()}
    config = main_job.BuildConfig()
    analyzed = {a.id: next(main_job._analyze([a], config)) for a in articles.values()}
    later = main_job._Summaries(stories, articles, run.result.copies, config)
    growing: dict = {}
    for article_id in reversed(list(analyzed)):
        assert not later.done  # the story waits for its last article
        growing[article_id] = analyzed[article_id]
        later.arrived(article_id, growing)
    results, notes = later.finish(growing)
    assert [(r.timeline, r.summary) for r in results] == [
        (s.timeline, s.summary) for s in run.result.stories]
    assert notes == []


def test_the_background_stream_keeps_order_and_raises_in_the_caller() -> None:
    from dateline.build import _Stream

    assert list(_Stream(lambda: iter(range(5)), start=True)) == [0, 1, 2, 3, 4]
    assert list(_Stream(lambda: iter(range(3)), start=False)) == [0, 1, 2]

    def broken():  # type: ignore[no-untyped-def]
        yield 1
        raise ValueError("analysis failed")

    with pytest.raises(ValueError, match="analysis failed"):
        list(_Stream(broken, start=True))

    # items reach the caller while the call still runs (the build summarizes meanwhile)
    first_taken = threading.Event()

    def slow():  # type: ignore[no-untyped-def]
        yield 1
        assert first_taken.wait(10)
        yield 2

    stream = iter(_Stream(slow, start=True))
    assert next(stream) == 1
    first_taken.set()
    assert list(stream) == [2]


def test_the_analysis_is_handed_over_as_a_stream() -> None:
    from dateline.build import BuildConfig, _analyze

    results = _analyze([], BuildConfig())
    assert iter(results) is results  # not a list made after the last article
