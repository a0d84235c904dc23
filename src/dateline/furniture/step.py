"""Site furniture learned from the corpus: lines that one site prints under unrelated stories.

A site's footer, comment policy, trading-platform promotion or disclaimer ("Views expressed in
the comments do not represent those of Reuters .") is printed under every story it runs,
whatever the story. :class:`SiteFurniture` counts, per site (:func:`site_of`), every line and
sentence of every article (:func:`pieces_of`) and the unrelated stories it was seen on (two
articles are on the same story when their :func:`topic_signature` share ``topic_overlap``
words). A piece seen in ``min_articles`` articles of one site on ``min_topics`` unrelated
stories is site furniture: cut from every article of that site, also where it is glued into
another line, and recorded in ``Article.removed`` (reason ``site-furniture``). The test is
recurrence within one site across unrelated stories, not recurrence as such: a wire lead that
ten outlets reprint is counted once per site and stays; a site's own lead told again in its
updates of one story is seen on one story and stays. Agency credits in brackets ("(Reporting by
X; Editing by Y)") are cut from every article (reason ``credit-line``).

The step runs before every other corpus step, on the stored articles (:func:`refresh`), so
copies, stories, analysis, claims, timelines, overviews, comparisons and labels never see
furniture. The article keeps its id (the hash of the text as ingested, so re-ingesting the same
input still adds nothing). An article stored before its site's furniture was learned is cleaned
again when it is (``recleaned_``); the corpus steps that indexed its old text then refit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dateline.furniture import tables
from dateline.furniture.pieces import clean, pieces_of, site_of, topic_signature
from dateline.furniture.tables import PieceCount
from dateline.model import Article

STEP = "furniture"


class SiteFurniture:
    """Learns each site's furniture (see the module docstring).

    Parameters: ``min_articles``, articles of one site a piece must be in;
    ``min_topics``, unrelated stories among them; ``topic_overlap``, signature words two
    articles share when they are on one story; ``min_words``, shortest piece counted.
    Results: ``learned_`` (site -> piece key -> text), ``stale_`` (ids of articles fitted in
    an earlier call that carry a piece learned in the last one: clean them again).
    """

    def __init__(self, min_articles: int = 5, min_topics: int = 3, topic_overlap: int = 2,
                 min_words: int = 3) -> None:
        self.min_articles = min_articles
        self.min_topics = min_topics
        self.topic_overlap = topic_overlap
        self.min_words = min_words
        self.counts_: dict[tables.Key, PieceCount] = {}
        self.learned_: dict[str, dict[str, str]] = {}
        self.stale_: set[str] = set()
        self.recleaned_: list[str] = []  # set by refresh: stored articles cleaned again
        self._dirty: set[tables.Key] = set()

    def fit(self, articles: Iterable[Article]) -> SiteFurniture:
        """Count ``articles`` from scratch."""
        self.counts_, self.learned_, self._dirty = {}, {}, set()
        return self.partial_fit(articles)

    def partial_fit(self, articles: Iterable[Article]) -> SiteFurniture:
        """Add ``articles`` to the counts; pieces that reach the thresholds are learned."""
        batch: set[str] = set()
        newly: list[tables.Key] = []
        for article in articles:
            site = site_of(article)
            if site is None:
                continue
            batch.add(article.id)
            signature = sorted(topic_signature(article))
            for key, text in pieces_of(article, self.min_words).items():
                count = self.counts_.get((site, key))
                if count is None:
                    count = self.counts_[(site, key)] = PieceCount(text)
                self._dirty.add((site, key))
                count.articles += 1
                if count.learned:
                    continue
                count.members.append(article.id)
                if len(count.topics) < self.min_topics and not any(
                        len(set(signature) & set(seen)) >= self.topic_overlap
                        for seen in count.topics):
                    count.topics.append(signature)
                if (count.articles >= self.min_articles
                        and len(count.topics) >= self.min_topics):
                    count.learned = True
                    newly.append((site, key))
        self.stale_ = set()
        for site, key in newly:
            count = self.counts_[(site, key)]
            self.learned_.setdefault(site, {})[key] = count.text
            self.stale_.update(m for m in count.members if m not in batch)
            count.members = []
        return self

    def clean(self, article: Article) -> Article:
        """``article`` without its site's learned furniture (the same object when none)."""
        site = site_of(article)
        return clean(article, self.learned_.get(site, {}) if site else {})

    # -- the store --------------------------------------------------------------------------

    def save(self, store: Any) -> SiteFurniture:
        """Write the counts changed since the last save (or load), and the parameters."""
        tables.save_counts(store, ((k, self.counts_[k]) for k in self._dirty))
        store.save_state(STEP, "params", self.params())
        self._dirty = set()
        return self

    @classmethod
    def load(cls, store: Any) -> SiteFurniture | None:
        """The saved step, or ``None`` when it never ran on this store."""
        params = store.load_state(STEP, "params")
        if params is None:
            return None
        step = cls(**params)
        step.counts_ = tables.load_counts(store)
        for (site, key), count in step.counts_.items():
            if count.learned:
                step.learned_.setdefault(site, {})[key] = count.text
        return step

    def params(self) -> dict[str, int]:
        return {"min_articles": self.min_articles, "min_topics": self.min_topics,
                "topic_overlap": self.topic_overlap, "min_words": self.min_words}


def refresh(store: Any, rebuild: bool = False, **params: Any) -> SiteFurniture:
    """The store's furniture step, brought up to date with every stored article.

    Counts the articles that arrived since the last run (all of them the first time, or on
    ``rebuild``, or when ``params`` change the thresholds), cleans them, cleans again the older
    articles that carry furniture learned now, and saves the counts, all in one transaction.
    The returned step's ``recleaned_`` lists the older articles that changed.
    """
    step = None if rebuild else SiteFurniture.load(store)
    if step is not None and params and any(params[k] != v for k, v in step.params().items()
                                           if k in params):
        step = None
    since = 0
    if step is None:
        step = SiteFurniture(**params)
        with store.transaction():
            tables.clear_counts(store)
    else:
        since = int(store.load_state(STEP, "seq", 0))
    arrived = list(store.iter_articles(since_seq=since))
    step.partial_fit(arrived)
    recleaned = []
    with store.transaction():
        for article in arrived:
            cleaned = step.clean(article)
            if cleaned is not article:
                store.replace_article(cleaned)
        for article_id in sorted(step.stale_):
            article = store.get_article(article_id)
            cleaned = step.clean(article) if article else None
            if cleaned is not None and cleaned is not article:
                store.replace_article(cleaned)
                recleaned.append(article_id)
        step.save(store)
        store.save_state(STEP, "seq", store.max_seq())
    step.recleaned_ = recleaned
    return step
