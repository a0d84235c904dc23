"""The main job: every stage over a store, from input files to one account per story.

``build(store, paths)`` ingests the inputs, finds copies (and lets dateless copies inherit their
twin's date), clusters stories, analyzes every article (sentence dates, mentions, claims),
resolves entities, groups claims, and writes each story's timeline, summary and source
comparison. The results are published in the store (the web UI and ``dateline report`` read
them) and returned as a :class:`~dateline.report.document.BuildResult`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from dateline.analyze.articles import MIN_PARALLEL_ARTICLES as MIN_ANALYSIS_WORKERS
from dateline.analyze.articles import analyze_in_processes
from dateline.analyze.cache import analysis_row, load_analyses, save_rows
from dateline.copies import align, corpus_substitutions, inherit_dates
from dateline.copies.refresh import refresh as refresh_copies
from dateline.entities import AliasResolver, ClaimGrouper
from dateline.entities.grouping import ClaimGroup
from dateline.ingest import IngestReport, ingest
from dateline.model import (
    AnalyzedArticle,
    Article,
    CitedSentence,
    Claim,
    CopyLink,
    Story,
    TimelineEntry,
)
from dateline.report.document import BuildResult, SourceComparison, StoryResult
from dateline.report.results import load_build, save_results
from dateline.store import SQLiteStore
from dateline.stories.refresh import refresh_stories
from dateline.summarize.compare import compare_pool
from dateline.summarize.corpus import Pool
from dateline.summarize.overview import summary_from_pool
from dateline.summarize.timeline import TimelineConfig, timeline_from_pool

Progress = Callable[[str], None]


@dataclass
class BuildConfig:
    """What the build makes of each story.

    ``timeline_dates`` / ``per_date``: size of each timeline (``None``: chosen from the
    evidence). ``summary_sentences``: length of each overview. ``compare_max_articles``: the
    per-source comparison aligns every sentence pair of a story, so stories larger than this
    get none (the note says so). ``use_model``: spaCy NER (``False``: the rule-based fallback).
    ``jobs``: processes for the per-article analysis (speed only; see
    :func:`dateline.analyze.articles.analyze_in_processes`), which then runs while the
    stories are clustered.
    """

    timeline_dates: int | None = None
    per_date: int | None = None
    summary_sentences: int = 5
    compare_max_articles: int = 300
    use_model: bool = True
    refit_stories: bool = False
    jobs: int = 1


@dataclass
class BuildRun:
    """What one build did: the result, the ingest report, and seconds per stage.

    With worker processes (``jobs`` > 1) the analysis runs while the stories are clustered:
    its seconds are then those it added after the stories (and the stories' include sharing
    the cores with it).
    """

    result: BuildResult
    ingest: IngestReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class _Clock:
    """Seconds per stage, and the stage's name to the progress callback as it starts."""

    def __init__(self, progress: Progress | None) -> None:
        self.seconds: dict[str, float] = {}
        self.progress = progress

    @contextmanager
    def stage(self, name: str, announce: bool = True) -> Iterator[None]:
        if self.progress and announce:
            self.progress(name)
        start = time.perf_counter()
        yield
        spent = time.perf_counter() - start + self.seconds.get(name, 0.0)  # a stage in parts
        self.seconds[name] = round(spent, 3)


def build(
    store: SQLiteStore,
    paths: Sequence[str] = (),
    config: BuildConfig | None = None,
    progress: Progress | None = None,
    ingest_options: Any = None,
) -> BuildRun:
    """Run the whole pipeline on ``store`` after ingesting ``paths`` (none: the store as is)."""
    config = config or BuildConfig()
    clock = _Clock(progress)
    report = None
    if paths:
        with clock.stage("ingest"):
            report = ingest(store, paths, options=ingest_options)
    with clock.stage("copies"):
        detector = refresh_copies(store)
        links = detector.links_
        _inherit_dates(store, links)
    # The analysis does not need the stories: when it runs in worker processes it starts now,
    # while this process clusters the stories (in this process it waits for them, as before).
    with clock.stage("analysis"):
        articles = {a.id: a for a in store.iter_articles()}
        cached, todo = load_analyses(store, articles.values(), config.use_model)
        in_workers = config.jobs > 1 and len(todo) >= MIN_ANALYSIS_WORKERS
        fresh = _Stream(partial(_analyze, todo, config), start=in_workers)
    with clock.stage("stories"):
        stories = refresh_stories(store, refit=config.refit_stories,
                                  copy_groups=detector.groups_)
    # The summaries read only the articles' dated sentences, not their mentions or claims: a
    # story is summarized as soon as its last article's analysis is in, while the workers
    # analyze the rest (otherwise the second core idled through the whole summaries stage).
    summaries = _Summaries(stories, articles, links, config)
    by_id: dict[str, AnalyzedArticle] = {}
    rows: list[tuple[str, str, bytes]] = []
    with clock.stage("summaries"):
        for item in cached.values():
            by_id[item.article.id] = item
            summaries.arrived(item.article.id, by_id)
    results = iter(fresh)
    while True:
        with clock.stage("analysis", announce=False):
            item = next(results, None)
            if item is None:
                save_rows(store, rows)
                break
            by_id[item.article.id] = item
            rows.append(analysis_row(item, config.use_model))  # a row now, the write at the end
        with clock.stage("summaries", announce=False):
            summaries.arrived(item.article.id, by_id)
    analyzed = {i: by_id[i] for i in articles if i in by_id}  # store order, as before
    with clock.stage("entities"):
        groups = [tuple(g) for g in detector.groups_ if len(g) > 1]
        substitutions = corpus_substitutions(articles, links)
        resolver = AliasResolver().fit(analyzed.values(), substitutions=substitutions)
        grouper = ClaimGrouper(resolver=resolver).fit(
            (c for a in analyzed.values() for c in a.claims), copy_groups=groups)
        claims = mark_conflicts(grouper.groups_)
    with clock.stage("summaries"):
        results, notes = summaries.finish(by_id)  # stories not complete yet (none normally)
    with clock.stage("publish"):
        save_results(store, results, copies=summaries.aligned_links(), claims=claims,
                     entities=resolver.entities_)
        result = load_build(store)
    return BuildRun(result, report, clock.seconds, notes)


def _analyze(articles: list[Article], config: BuildConfig) -> Iterator[AnalyzedArticle]:
    return analyze_in_processes(articles, jobs=config.jobs, use_model=config.use_model)


class _Stream:
    """The items of a call's iterable, made in a thread from now (``start``) or here as they
    are asked for."""

    def __init__(self, call: Callable[[], Iterable[Any]], start: bool = True) -> None:
        self.call = call
        self.queue: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        if start:
            self.thread = threading.Thread(target=self._run, name="dateline-build", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        try:
            for item in self.call():
                self.queue.put((True, item))
            self.queue.put((False, None))
        except BaseException as exc:  # raised again in the caller's thread
            self.queue.put((False, exc))

    def __iter__(self) -> Iterator[Any]:
        if self.thread is None:
            yield from self.call()
            return
        while True:
            more, item = self.queue.get()
            if not more:
                self.thread.join()
                if item is not None:
                    raise item
                return
            yield item


class _Summaries:
    """Each story's products, made when the analyses of all its articles are in.

    Stories come out in their given order whatever the order they were made in, so the result
    is the same as summarizing them one after the other at the end.
    """

    def __init__(self, stories: Sequence[Story], articles: dict[str, Article],
                 links: Sequence[CopyLink], config: BuildConfig) -> None:
        self.stories = list(stories)
        self.articles = articles
        self.links = links
        self.config = config
        self.aligned: dict[int, CopyLink] = {}
        self.done: dict[int, tuple[StoryResult, str | None]] = {}
        self.missing = [len({i for i in s.article_ids if i in articles}) for s in self.stories]
        self.waiting: dict[str, list[int]] = {}
        for index, story in enumerate(self.stories):
            for article_id in set(story.article_ids) & articles.keys():
                self.waiting.setdefault(article_id, []).append(index)
        for index, count in enumerate(self.missing):
            if count == 0:
                self.done[index] = self._make(index, {})

    def arrived(self, article_id: str, analyzed: dict[str, AnalyzedArticle]) -> None:
        """``article_id``'s analysis is in ``analyzed``: make the stories it completes."""
        for index in self.waiting.pop(article_id, ()):
            self.missing[index] -= 1
            if self.missing[index] == 0:
                self.done[index] = self._make(index, analyzed)

    def finish(self, analyzed: dict[str, AnalyzedArticle]
               ) -> tuple[list[StoryResult], list[str]]:
        """Every story's result, in order, and the notes (stories still incomplete are made
        from the analyses there are)."""
        results, notes = [], []
        for index in range(len(self.stories)):
            if index not in self.done:
                self.done[index] = self._make(index, analyzed)
            result, note = self.done[index]
            if note:
                notes.append(f"story {result.story.id}: {note}")
            results.append(result)
        return results, notes

    def aligned_links(self) -> list[CopyLink]:
        """All copy links with their aligned passages (those of the comparisons reused)."""
        return _aligned(self.links, self.articles, self.aligned)

    def _make(self, index: int, analyzed: dict[str, AnalyzedArticle]
              ) -> tuple[StoryResult, str | None]:
        story = self.stories[index]
        members = [analyzed[i] for i in story.article_ids if i in analyzed]
        ids = {a.article.id for a in members}
        story_links = [link for link in self.links if link.original in ids and link.copy in ids]
        timeline, summary, comparison, note = story_products(
            members, story_links, partial(_aligned, story_links, self.articles, self.aligned),
            self.config)
        return StoryResult(story, timeline, summary, comparison), note


def story_products(members: Sequence[AnalyzedArticle], links: Sequence[CopyLink],
                   aligned: Callable[[], list[CopyLink]], config: BuildConfig
                   ) -> tuple[tuple[TimelineEntry, ...], tuple[CitedSentence, ...],
                              SourceComparison | None, str | None]:
    """One story's timeline, overview and per-source comparison, and a note when the story is
    too large for the comparison (``compare_max_articles``). ``links``: the copy links between
    its ``members``; ``aligned``: gives them with their aligned passages, asked for only when
    the comparison is made. The same code runs here and in a Spark task per story."""
    # One pool (sentences, stems, TF-IDF) for the three products of the story.
    pool = Pool.build(members, links)
    timeline = tuple(timeline_from_pool(pool, config.timeline_dates, config.per_date, None,
                                        TimelineConfig()))
    summary = tuple(summary_from_pool(pool, n_sentences=config.summary_sentences))
    if len(members) > config.compare_max_articles:
        return timeline, summary, None, (f"{len(members)} articles, more than "
                                         f"{config.compare_max_articles}: no per-source "
                                         "comparison")
    return timeline, summary, SourceComparison.of(compare_pool(pool, links=aligned())), None


def _aligned(links: Iterable[CopyLink], articles: dict[str, Article],
             done: dict[int, CopyLink] | None = None) -> list[CopyLink]:
    """Links with their aligned passages and word edits (the detector stores none);
    ``done`` keeps the alignments already made, by ``id`` of the link (same objects)."""
    done = {} if done is None else done
    aligned = []
    for link in links:
        key = id(link)
        if key not in done:
            original, copy = articles.get(link.original), articles.get(link.copy)
            done[key] = align(original, copy, link) if original and copy else link
        aligned.append(done[key])
    return aligned


def mark_conflicts(groups: Iterable[ClaimGroup]) -> list[Claim]:
    """Every grouped claim, those in a conflict carrying the conflict's summary."""
    claims = []
    for group in groups:
        flagged = {(c.article_id, c.sentence, c.start): conflict.summary
                   for conflict in group.conflicts for c in conflict.claims}
        claims += [replace(c, conflict=flagged.get((c.article_id, c.sentence, c.start)))
                   for c in group.claims]
    return claims


def _inherit_dates(store: SQLiteStore, links: Iterable[CopyLink]) -> None:
    """A dateless article takes the date of a dated copy (provenance ``copy-of``)."""
    with store.transaction():
        for article in inherit_dates(links, store.get_article).values():
            store.replace_article(article)


__all__ = ["BuildConfig", "BuildRun", "build"]
