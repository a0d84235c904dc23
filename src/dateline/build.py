"""The main job, and the one corpus wiring every engine and command goes through.

:func:`build` runs the steps in this order over a store: ingest, site furniture (each site's
furniture learned from the corpus and cut from its articles, :mod:`dateline.furniture`), copies,
dates taken over from copies, per-article analysis, stories, story products (each story's
timeline, overview and source comparison), entities and claims, publish. Each step is one named
function; local and Spark engines call the same ones and differ only in where they run (Spark
runs the per-article and per-story steps in tasks, then its publish step calls
:func:`publish_corpus`, the same entities-claims-publish tail as here; it does not run the
furniture step yet). :func:`rebuild_story` makes one published story's products again with
other settings through the same story-products step and publishes them.
The results are published in the store (the web UI, ``dateline report`` and every read
command render them) and returned as a :class:`~dateline.report.document.BuildResult`.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import Any

from dateline.analyze.articles import MIN_PARALLEL_ARTICLES as MIN_ANALYSIS_WORKERS
from dateline.analyze.articles import analyze_in_processes
from dateline.analyze.cache import analysis_row, load_analyses, save_rows
from dateline.copies import align, inherit_dates
from dateline.copies.refresh import refresh as refresh_copies
from dateline.entities.pipeline import Resolved, resolve_corpus
from dateline.furniture import refresh as refresh_furniture
from dateline.ingest import IngestReport, ingest
from dateline.model import (
    AnalyzedArticle,
    Article,
    CitedSentence,
    CopyLink,
    Story,
    TimelineEntry,
)
from dateline.report.document import BuildResult, SourceComparison, StoryResult
from dateline.report.results import Results, load_build, save_results, save_story
from dateline.store import SQLiteStore
from dateline.stories.refresh import refresh_stories
from dateline.summarize.compare import compare_pool
from dateline.summarize.corpus import Pool
from dateline.summarize.overview import summary_from_pool
from dateline.summarize.timeline import TimelineConfig, timeline_from_pool

Progress = Callable[[str], None]
# what a story's products depend on: published with the build, so a later rebuild of one
# story (``rebuild_story``) makes it the same way unless told otherwise
STORY_SETTINGS = ("timeline_dates", "per_date", "summary_sentences", "summary_words",
                  "compare_max_articles", "use_model")


@dataclass
class BuildConfig:
    """What the build makes of each story.

    ``timeline_dates`` / ``per_date``: size of each timeline (``None``: chosen from the
    evidence). ``summary_sentences``: length of each overview (``summary_words``, when set:
    at most this many words instead). ``compare_max_articles``: the per-source comparison
    aligns every sentence pair of a story, so stories larger than this get none (the note
    says so). ``use_model``: spaCy NER (``False``: the rule-based fallback).
    ``refit_stories`` / ``refit_copies``: cluster the stories / index the copies of the whole
    store again (``copy_threshold``: the least containment to join two articles). ``jobs``:
    processes for the per-article analysis (speed only; see
    :func:`dateline.analyze.articles.analyze_in_processes`), which then runs while the
    stories are clustered.
    """

    timeline_dates: int | None = None
    per_date: int | None = None
    summary_sentences: int = 5
    summary_words: int | None = None
    compare_max_articles: int = 300
    use_model: bool = True
    refit_stories: bool = False
    refit_copies: bool = False
    copy_threshold: float | None = None
    jobs: int = 1

    def copy_params(self) -> dict[str, Any]:
        """The copy detector's parameters this build sets (none: the stored ones)."""
        return {} if self.copy_threshold is None else {"threshold": self.copy_threshold}

    def story_settings(self) -> dict[str, Any]:
        """The fields a story's products depend on (what :func:`publish_corpus` keeps)."""
        return {key: value for key, value in asdict(self).items() if key in STORY_SETTINGS}

    @classmethod
    def published(cls, store: SQLiteStore, **changes: Any) -> BuildConfig:
        """The settings of the build published in ``store`` (defaults where unknown), with
        ``changes``."""
        settings = {k: v for k, v in Results(store).settings().items() if k in STORY_SETTINGS}
        return cls(**{**settings, **changes})


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

    def step(self, name: str, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``call(*args, **kwargs)`` timed as the stage ``name``."""
        with self.stage(name):
            return call(*args, **kwargs)


def build(
    store: SQLiteStore,
    paths: Sequence[str] = (),
    config: BuildConfig | None = None,
    progress: Progress | None = None,
    ingest_options: Any = None,
) -> BuildRun:
    """Run the whole pipeline on ``store`` after ingesting ``paths`` (none: the store as is),
    and publish the result. One step a line; a new corpus step is one more line here."""
    config = config or BuildConfig()
    clock = _Clock(progress)
    report = clock.step("ingest", ingest, store, paths, options=ingest_options) if paths \
        else None
    # before every other step, so none sees a site's furniture; an older article cleaned again
    # changed text the copy index holds: the index is rebuilt then
    furniture = clock.step("furniture", refresh_furniture, store)
    copies = clock.step("copies", refresh_copies, store,
                        config.refit_copies or bool(furniture.recleaned_),
                        **config.copy_params())
    clock.step("dates", take_dates_from_copies, store, copies.links_)
    articles = {a.id: a for a in store.iter_articles()}
    analysis = clock.step("analysis", _Analysis, store, articles, config)  # may run meanwhile
    stories = clock.step("stories", refresh_stories, store, refit=config.refit_stories,
                         copy_groups=copies.groups_)
    products = _Summaries(stories, articles, copies.links_, config)
    analyzed = analysis.feed(products, clock)  # a story's products once its articles are in
    aligned = clock.step("alignment", products.aligned_links)
    resolved = clock.step("entities", resolve_corpus, analyzed, aligned, copies.groups_,
                          {a.id: a.outlet for a in articles.values()})
    results, notes = clock.step("summaries", products.finish, analysis.by_id)
    clock.step("publish", publish_corpus, store, results, aligned, resolved, config)
    return BuildRun(load_build(store), report, clock.seconds, notes)


def take_dates_from_copies(store: SQLiteStore, links: Iterable[CopyLink]) -> int:
    """A dateless article takes the date of a dated copy (provenance ``copy-of``): the rule
    of :func:`dateline.copies.inherit_dates`, its articles written back; how many."""
    changed = inherit_dates(links, store.get_article)
    with store.transaction():
        for article in changed.values():
            store.replace_article(article)
    return len(changed)


def publish_corpus(store: SQLiteStore, results: Sequence[StoryResult],
                   aligned: Sequence[CopyLink], resolved: Resolved,
                   config: BuildConfig | None) -> None:
    """Publish a build: the stories' products, the aligned copy links, the entities with
    their mentions per article, the claims and their groups, and the story settings
    (``config``; ``None``: unknown, as after a Spark import)."""
    save_results(store, results, copies=aligned, claims=resolved.claims,
                 entities=resolved.resolver.entities_, groups=resolved.grouper.groups_,
                 mentions=resolved.mentions(),
                 settings=config.story_settings() if config else None)


def rebuild_story(store: SQLiteStore, story_id: str, config: BuildConfig
                  ) -> tuple[StoryResult, str | None]:
    """Make the products of the published story ``story_id`` again with ``config`` through
    the wiring's story-products step (its articles' analyses from the cache, analyzed now
    when missing; the published copy links between them), publish them in place of the old
    ones and return them with the step's note. The story's members stay as published."""
    results = Results(store)
    published = results.story(story_id)
    if published is None:
        raise KeyError(story_id)
    story = published.story
    articles = {a.id: a for a in (store.get_article(i) for i in story.article_ids) if a}
    analysis = _Analysis(store, articles, replace(config, jobs=1))
    analysis.feed(None, _Clock(None))
    members = [analysis.by_id[i] for i in story.article_ids if i in analysis.by_id]
    ids = {m.article.id for m in members}
    aligned = [k for k in results.copies(sorted(ids)) if k.original in ids and k.copy in ids]
    plain = [replace(link, passages=()) for link in aligned]  # as the copies step gives them
    timeline, summary, comparison, note = story_products(members, plain, lambda: aligned,
                                                         config)
    result = StoryResult(story, timeline, summary, comparison)
    save_story(store, result)
    return result, note


class _Analysis:
    """The per-article analysis step: cached analyses reused, the rest analyzed (in worker
    processes from construction on when ``config.jobs`` > 1 and there are enough, while the
    caller clusters the stories), the new ones saved to the cache."""

    def __init__(self, store: SQLiteStore, articles: dict[str, Article],
                 config: BuildConfig) -> None:
        self.store = store
        self.articles = articles
        self.use_model = config.use_model
        self.cached, todo = load_analyses(store, articles.values(), config.use_model)
        in_workers = config.jobs > 1 and len(todo) >= MIN_ANALYSIS_WORKERS
        self.fresh = _Stream(partial(_analyze, todo, config), start=in_workers)
        self.by_id: dict[str, AnalyzedArticle] = {}

    def feed(self, products: _Summaries | None, clock: _Clock) -> list[AnalyzedArticle]:
        """Every analysis, handed to ``products`` as it arrives (a story is summarized as
        soon as its last article is in, while the workers analyze the rest); returns them
        in store order."""
        rows: list[tuple[str, str, bytes]] = []
        with clock.stage("summaries"):
            for item in self.cached.values():
                self._arrived(item, products)
        results = iter(self.fresh)
        while True:
            with clock.stage("analysis", announce=False):
                item = next(results, None)
                if item is None:
                    save_rows(self.store, rows)
                    break
                rows.append(analysis_row(item, self.use_model))  # a row now, one write at the end
            with clock.stage("summaries", announce=False):
                self._arrived(item, products)
        return [self.by_id[i] for i in self.articles if i in self.by_id]

    def _arrived(self, item: AnalyzedArticle, products: _Summaries | None) -> None:
        self.by_id[item.article.id] = item
        if products is not None:
            products.arrived(item.article.id, self.by_id)


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
    summary = tuple(summary_from_pool(
        pool, n_sentences=None if config.summary_words else config.summary_sentences,
        n_words=config.summary_words))
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


__all__ = ["BuildConfig", "BuildRun", "build", "publish_corpus", "rebuild_story",
           "story_products", "take_dates_from_copies"]
