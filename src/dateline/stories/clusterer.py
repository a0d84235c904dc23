"""Stories and their events: batch clustering of a corpus and incremental assignment of arrivals.

A story is a long-running topic (the battle for Raqqa, June to October 2017); an event is one
development inside it on a day or a few days (the Old City wall breached on 2017-07-04).
Both are found by threshold clustering (:mod:`dateline.stories.clustering`): stories are
loose in content and time; events are tight in both, grouped by average linkage inside their
story, on vectors from which part of what the whole story shares is taken away.

Ids are stable: a story or event is named after the article that started it and never
changes id because more articles arrived. Copies (near-duplicates) follow the first article of
their group into its story and event and are counted once: only that first article shapes the
centroids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from dateline.model import Article, Event, Story
from dateline.stories import clustering, labels
from dateline.stories.clustering import CentroidRow, Centroids, Similarity
from dateline.stories.embeddings import DIM, embed_articles
from dateline.stories.features import TermFolder, article_terms_text

Embedder = Callable[[list[Article]], np.ndarray]
TermCounter = Callable[[list[Article]], sparse.csr_matrix]
LINKAGE_MAX = 3000
"""Stories with more articles than this get their events by one leader pass with the
average-linkage criterion (the incremental path) instead of agglomerative clustering, whose
memory grows with the square of the story's size."""


def day_number(day: str | None) -> float:
    """A ``YYYY-MM-DD`` date as a day count (``nan`` when unknown)."""
    return float(date.fromisoformat(day).toordinal()) if day else float("nan")


class StoryClusterer:
    """Group articles into stories and, inside each story, into events.

    Parameters
    ----------
    story_threshold, event_threshold:
        Least similarity (see :mod:`dateline.stories.clustering`) for an article to join a
        story / an event. Higher gives smaller, purer groups (precision up, recall down).
        The event threshold 0.275 was chosen on ECB+ dev, where 0.225-0.30 score within 0.03
        of each other; it depends on ``event_contrast`` (more contrast, lower threshold).
    embed_weight, event_embed_weight:
        Share of the sentence embedding against TF-IDF over words and entities in the
        similarity. Embeddings see the topic (what kind of story); entity and word terms see
        who, where and how many, which tells apart two events of the same kind, so events
        weigh terms more (0.4 against 0.7 for stories; on ECB+ dev 0.3-0.5 score alike).
    story_days, story_time_weight, story_unknown, story_window:
        A story loses up to ``story_time_weight`` of similarity for an article up to
        ``story_days`` outside its dates, and ``story_unknown`` when a date is unknown; after
        ``story_window`` quiet days it is dormant and new articles start a new story.
        Dates keep apart stories whose words overlap (the Arab Spring uprisings); set the
        weight to 0 to ignore dates. ``story_days`` 60 was chosen on T17 dev together with
        the split below, without which it chains stories (docs/decisions.md).
    event_days, event_time_weight, event_unknown, event_window:
        The same for events (a few days).
    use_embeddings:
        ``False`` clusters on TF-IDF alone (no model is loaded).
    term_dim:
        Width of the folded TF-IDF vectors (see :class:`~dateline.stories.features.TermFolder`).
    max_tokens:
        Word pieces of each article the model reads (headline and lead).
    refine_iterations, merge_threshold:
        Batch :meth:`fit` repairs the order dependence of one pass by merging pairs of stories
        that are each other's nearest and ``merge_threshold`` alike (default:
        ``story_threshold``) and moving articles to their best story, up to this many rounds
        (fewer when nothing is left to merge). More rounds give fewer, larger stories.
    event_linkage:
        How events are found inside a story. ``"average"`` (default): :meth:`fit` clusters the
        story's articles by average linkage (two groups join while their members are on average
        ``event_threshold`` alike), and :meth:`partial_fit` puts an arrival in the event whose
        members it is most alike on average when that reaches the same threshold, so both
        paths apply one criterion (stories over ``LINKAGE_MAX`` articles get that one pass in
        :meth:`fit` too). ``"leader"``: one pass against event centroids plus a round of
        merges, which scores lower on ECB+ dev (docs/decisions.md).
    event_contrast:
        How much of the similarity inside a story is measured after taking away what its
        articles share (:func:`~dateline.stories.clustering.contrast`), 0 to 1: the events of
        one topic share actors and kind, and differ in place, toll and date. The event
        threshold is lowered by ``event_contrast / (n - 1)`` in a story of ``n`` articles.
    split_threshold:
        Guard against chaining in :meth:`fit`: a story is cut at the day where its earlier and
        later parts are least alike when their centroids are less than this alike
        (:func:`~dateline.stories.clustering.split`). Higher cuts more; 0 turns it off;
        :meth:`partial_fit` never cuts, so ids stay stable.
    embedder:
        A function ``list[Article] -> array`` of unit vectors replacing the bundled model
        (a cache, another model).
    term_counter:
        A function ``list[Article] -> csr_matrix`` of the articles' raw hashed term counts,
        one row per article as :meth:`TermFolder.counts` makes them from
        :func:`article_terms_text`, replacing that count (the Spark path counts on its
        workers). Other counts give other stories.
    """

    def __init__(self, story_threshold: float = 0.15, event_threshold: float = 0.275,
                 embed_weight: float = 0.7, event_embed_weight: float = 0.4,
                 story_days: float = 60.0, story_time_weight: float = 0.6,
                 story_unknown: float = 0.7, story_window: float = 180.0,
                 event_days: float = 2.0, event_time_weight: float = 0.5,
                 event_unknown: float = 0.05, event_window: float = 10.0,
                 use_embeddings: bool = True, term_dim: int = 1024, max_tokens: int = 128,
                 refine_iterations: int = 12, merge_threshold: float | None = None,
                 event_linkage: str = "average", event_contrast: float = 0.2,
                 split_threshold: float = 0.7, embedder: Embedder | None = None,
                 term_counter: TermCounter | None = None) -> None:
        if event_linkage not in ("average", "leader"):
            raise ValueError(f"event_linkage must be 'average' or 'leader', not {event_linkage!r}")
        self.story_threshold = story_threshold
        self.event_threshold = event_threshold
        self.embed_weight = embed_weight
        self.event_embed_weight = event_embed_weight
        self.story_days = story_days
        self.story_time_weight = story_time_weight
        self.story_unknown = story_unknown
        self.story_window = story_window
        self.event_days = event_days
        self.event_time_weight = event_time_weight
        self.event_unknown = event_unknown
        self.event_window = event_window
        self.use_embeddings = use_embeddings
        self.term_dim = term_dim
        self.max_tokens = max_tokens
        self.refine_iterations = refine_iterations
        self.merge_threshold = merge_threshold
        self.event_linkage = event_linkage
        self.event_contrast = event_contrast
        self.split_threshold = split_threshold
        self.embedder = embedder
        self.term_counter = term_counter
        self._reset()

    @classmethod
    def from_tables(cls, params: dict[str, Any], df: bytes, n_docs: int,
                    members: Iterable[tuple[labels.ArticleInfo, str, str]],
                    clusters: Iterable[CentroidRow], used_ids: Iterable[str] = (),
                    ops: Iterable[dict] = (), **overrides: Any) -> StoryClusterer:
        """A fitted clusterer from saved state, for the store (:mod:`~dateline.stories.
        persist`) and a Spark build's story tables alike: parameters (``overrides`` replace
        those that leave the vectors alone, e.g. an ``embedder``), term frequencies, each
        article's (info, story, event), the clusters in row order, ids taken, the op log."""
        model = cls(**{**params, **overrides})
        model.folder.restore(df, n_docs)
        for info, story, event in members:
            model.infos[info.id] = info
            model.story_of[info.id], model.event_of[info.id] = story, event
        rows = list(clusters)
        for kind in ("story", "event"):
            cents = Centroids.of_rows([r for r in rows if r.kind == kind], DIM, model.term_dim)
            if kind == "story":
                model.stories, model.story_row = cents, {c: n for n, c in enumerate(cents.ids)}
            else:
                model.events, model.event_row = cents, {c: n for n, c in enumerate(cents.ids)}
        model.label_of = {r.id: r.label for r in rows if r.label}
        model.event_story = {r.id: str(r.story) for r in rows if r.kind == "event"}
        model.used_ids = {*used_ids, *(r.id for r in rows)}
        model.ops = list(ops)
        return model

    # -- parameters as similarities -----------------------------------------------------------

    @property
    def story_similarity(self) -> Similarity:
        return Similarity(self.story_threshold, self.embed_weight if self.use_embeddings else 0.0,
                          self.story_days, self.story_time_weight, self.story_window,
                          self.story_unknown)

    @property
    def event_similarity(self) -> Similarity:
        weight = self.event_embed_weight if self.use_embeddings else 0.0
        return Similarity(self.event_threshold, weight, self.event_days, self.event_time_weight,
                          self.event_window, self.event_unknown,
                          mean=self.event_linkage == "average")

    def get_params(self) -> dict[str, float | int | bool | str | None]:
        names = ("story_threshold", "event_threshold", "embed_weight", "event_embed_weight",
                 "story_days", "story_time_weight", "story_unknown", "story_window",
                 "event_days", "event_time_weight", "event_unknown", "event_window",
                 "use_embeddings", "term_dim", "max_tokens", "refine_iterations",
                 "merge_threshold", "event_linkage", "event_contrast", "split_threshold")
        return {name: getattr(self, name) for name in names}

    # -- state ----------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.folder = TermFolder(self.term_dim)
        self.infos: dict[str, labels.ArticleInfo] = {}
        self.story_of: dict[str, str] = {}
        self.event_of: dict[str, str] = {}
        self.event_story: dict[str, str] = {}
        self.stories = Centroids.empty(DIM, self.term_dim)
        self.events = Centroids.empty(DIM, self.term_dim)
        self.story_row: dict[str, int] = {}
        self.event_row: dict[str, int] = {}
        self.label_of: dict[str, tuple[str, float]] = {}  # cluster id -> (article, centrality)
        self.used_ids: set[str] = set()
        self.ops: list[dict] = []

    def _new_id(self, prefix: str, article: str) -> str:
        base = prefix + hashlib.sha1(article.encode()).hexdigest()[:10]
        cid, n = base, 1
        while cid in self.used_ids:
            n += 1
            cid = f"{base}-{n}"
        self.used_ids.add(cid)
        return cid

    # -- features -------------------------------------------------------------------------------

    def _counts(self, articles: list[Article]) -> sparse.csr_matrix:
        if self.term_counter is not None:
            return self.term_counter(articles)
        return self.folder.counts(article_terms_text(a) for a in articles)

    def _vectors(self, articles: list[Article], learn: bool) -> tuple[np.ndarray, np.ndarray]:
        counts = self._counts(articles)
        if learn:
            self.folder.update(counts)
        T = self.folder.transform(counts)
        if not self.use_embeddings:
            return np.zeros((len(articles), DIM), np.float32), T
        embed = self.embedder or (lambda arts: embed_articles(arts, self.max_tokens))
        return np.asarray(embed(articles), dtype=np.float32), T

    def _groups(self, articles: list[Article],
                copy_groups: Iterable[Iterable[str]] | None) -> dict[str, str]:
        """Each article's copy-group leader: an already known member, else the first here."""
        leader: dict[str, str] = {}
        order = {a.id: n for n, a in enumerate(articles)}
        for group in copy_groups or ():
            ids = list(dict.fromkeys(group))
            known = [i for i in ids if i in self.infos]
            here = sorted((i for i in ids if i in order), key=order.__getitem__)
            if not here:
                continue
            head = self.infos[known[0]].group if known else here[0]
            for i in here:
                leader.setdefault(i, head)
        return leader

    # -- fitting --------------------------------------------------------------------------------

    def fit(self, articles: Iterable[Article],
            copy_groups: Iterable[Iterable[str]] | None = None) -> StoryClusterer:
        """Cluster a whole corpus into stories and events (replacing what was fitted before).

        ``copy_groups`` are groups of article ids that copy each other (from
        :mod:`dateline.copies`); each group lands in one story and counts once. When the
        clusterer was fitted before, a new story takes over the id of the old story it shares
        most articles with, so a refit keeps ids wherever the grouping holds.
        """
        articles = list({a.id: a for a in articles}.values())
        previous = dict(self.story_of)
        previous_events = dict(self.event_of)
        used, ops = self.used_ids, self.ops
        self._reset()
        self.used_ids, self.ops = used, ops
        leader = self._groups(articles, copy_groups)
        heads = [a for a in articles if leader.get(a.id, a.id) == a.id]
        E, T = self._vectors(heads, learn=True)
        self.folder.update(self._counts(
            [a for a in articles if leader.get(a.id, a.id) != a.id]))
        days = np.array([day_number(a.published_day) for a in heads])
        order = np.lexsort((np.arange(len(heads)), np.nan_to_num(days, nan=np.inf)))
        E, T, days, heads = E[order], T[order], days[order], [heads[i] for i in order]
        sim = self.story_similarity
        temp = [f"new{n}" for n in range(len(heads))]
        rows = clustering.assign(E, T, days, Centroids.empty(DIM, self.term_dim), sim, temp)
        k = int(rows.max()) + 1 if len(rows) else 0
        ids = [f"new{n}" for n in range(k)]
        if self.refine_iterations and len(heads):
            merge = self.merge_threshold if self.merge_threshold is not None else sim.threshold
            rows, ids = clustering.refine(E, T, days, rows, ids, sim, merge,
                                          self.refine_iterations)
        if self.split_threshold > 0.0 and len(heads):
            rows, ids = clustering.split(E, T, days, rows, ids, sim.embed_weight,
                                         self.split_threshold)
        names = self._carry_ids(heads, rows, len(ids), previous, "s")
        self.stories = clustering.rebuild(E, T, days, rows, names)
        self.story_row = {sid: n for n, sid in enumerate(names)}
        for head, row in zip(heads, rows, strict=True):
            self.infos[head.id] = labels.info(head)
            self.story_of[head.id] = names[row]
        self._fit_events(heads, E, T, days, rows, names, previous_events)
        self.label_of = {}
        self._relabel(heads, E, rows)
        self._follow(articles, leader)
        return self

    def _carry_ids(self, heads: list[Article], rows: np.ndarray, k: int,
                   previous: dict[str, str], prefix: str) -> list[str]:
        """Names for ``k`` new clusters: the old id they overlap most, else a new id."""
        overlap: dict[tuple[int, str], int] = {}
        for head, row in zip(heads, rows, strict=True):
            old = previous.get(head.id)
            if old is not None:
                overlap[(int(row), old)] = overlap.get((int(row), old), 0) + 1
        names: list[str | None] = [None] * k
        taken: set[str] = set()
        for (row, old), _ in sorted(overlap.items(), key=lambda kv: -kv[1]):
            if names[row] is None and old not in taken:
                names[row] = old
                taken.add(old)
        for head, row in zip(heads, rows, strict=True):
            if names[row] is None:
                names[row] = self._new_id(prefix, head.id)
        for name in names:
            self.used_ids.add(str(name))
        return [str(n) for n in names]

    def _story_similarity(self, srow: int) -> Similarity:
        """The event similarity inside story row ``srow``, its threshold lowered by what
        contrast takes on average from two articles of a story of this size."""
        n = float(self.stories.count[srow])
        shift = self.event_contrast / (n - 1.0) if n > 1.0 else 0.0
        sim = self.event_similarity
        return replace(sim, threshold=sim.threshold - shift)

    def _story_space(self, srow: int, E: np.ndarray, T: np.ndarray,
                     count: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Vectors (or sums of ``count`` members) in the contrast space of story row ``srow``."""
        n = max(float(self.stories.count[srow]), 1e-9)
        counts = np.ones(len(E)) if count is None else count
        return (clustering.contrast(E, counts, self.stories.emb[srow] / n, self.event_contrast),
                clustering.contrast(T, counts, self.stories.terms[srow] / n, self.event_contrast))

    def _fit_events(self, heads: list[Article], E: np.ndarray, T: np.ndarray, days: np.ndarray,
                    rows: np.ndarray, names: list[str], previous: dict[str, str]) -> None:
        all_rows = np.empty(len(heads), dtype=np.int64)
        all_names: list[str] = []
        for row in range(len(names)):
            idx = np.flatnonzero(rows == row)
            srow = self.story_row[names[row]]
            sim = self._story_similarity(srow)
            Es, Ts = self._story_space(srow, E[idx], T[idx])
            if self.event_linkage == "average" and len(idx) <= LINKAGE_MAX:
                ev_rows = clustering.average_linkage(Es, Ts, days[idx], sim)
                ev_ids = [f"e{n}" for n in range(int(ev_rows.max()) + 1)]
            else:
                temp = [f"e{n}" for n in range(len(idx))]
                ev_rows = clustering.assign(Es, Ts, days[idx],
                                            Centroids.empty(Es.shape[1], Ts.shape[1]), sim, temp)
                ev_ids = [f"e{n}" for n in range(int(ev_rows.max()) + 1)]
                if self.event_linkage == "leader":
                    ev_rows, ev_ids = clustering.refine(Es, Ts, days[idx], ev_rows, ev_ids,
                                                        sim, sim.threshold, 1)
            members = [heads[i] for i in idx]
            ev_names = self._carry_ids(members, ev_rows, len(ev_ids), previous, "e")
            all_rows[idx] = ev_rows + len(all_names)
            for name in ev_names:
                self.event_story[name] = names[row]
            all_names.extend(ev_names)
        self.events = clustering.rebuild(E, T, days, all_rows, all_names)
        self.event_row = {eid: n for n, eid in enumerate(all_names)}
        for head, row in zip(heads, all_rows, strict=True):
            self.event_of[head.id] = all_names[row]

    def _follow(self, articles: list[Article], leader: dict[str, str]) -> None:
        """Put copies in the story and event of their group's first article."""
        for article in articles:
            head = leader.get(article.id, article.id)
            if head != article.id and head in self.story_of:
                self.infos[article.id] = labels.info(article, group=head)
                self.story_of[article.id] = self.story_of[head]
                self.event_of[article.id] = self.event_of[head]

    def partial_fit(self, new_articles: Iterable[Article],
                    copy_groups: Iterable[Iterable[str]] | None = None) -> StoryClusterer:
        """Add arrivals to existing stories and events, starting new ones when nothing fits.

        Existing ids never change; articles seen before are ignored. A copy of a known article
        joins that article's story and event without moving any centroid.
        """
        articles = [a for a in dict((a.id, a) for a in new_articles).values()
                    if a.id not in self.infos]
        if not articles:
            return self
        leader = self._groups(articles, copy_groups)
        heads = [a for a in articles if leader.get(a.id, a.id) == a.id]
        self.folder.update(self._counts(
            [a for a in articles if leader.get(a.id, a.id) != a.id]))
        if heads:
            E, T = self._vectors(heads, learn=True)
            days = np.array([day_number(a.published_day) for a in heads])
            order = np.lexsort((np.arange(len(heads)), np.nan_to_num(days, nan=np.inf)))
            E, T, days, heads = E[order], T[order], days[order], [heads[i] for i in order]
            new_ids = [f"pending{n}" for n in range(len(heads))]
            before = len(self.stories)
            rows = clustering.assign(E, T, days, self.stories, self.story_similarity, new_ids)
            for row in range(before, len(self.stories)):
                seed = heads[int(np.flatnonzero(rows == row)[0])]
                self.stories.ids[row] = self._new_id("s", seed.id)
                self.story_row[self.stories.ids[row]] = row
            for head, row in zip(heads, rows, strict=True):
                self.infos[head.id] = labels.info(head)
                self.story_of[head.id] = self.stories.ids[row]
            self._add_events(heads, E, T, days, rows)
            self._relabel(heads, E, rows)
        self._follow(articles, leader)
        return self

    def _add_events(self, heads: list[Article], E: np.ndarray, T: np.ndarray, days: np.ndarray,
                    rows: np.ndarray) -> None:
        story_events: dict[str, list[int]] = {}
        for eid, sid in self.event_story.items():
            story_events.setdefault(sid, []).append(self.event_row[eid])
        for row in np.unique(rows):
            sid = self.stories.ids[row]
            idx = np.flatnonzero(rows == row)
            # the story's events as a small centroid set in the story's contrast space
            own = sorted(story_events.get(sid, []))
            count = self.events.count[own].copy()
            emb, terms = self._story_space(int(row), self.events.emb[own], self.events.terms[own],
                                           count)
            Es, Ts = self._story_space(int(row), E[idx], T[idx])
            sim = self._story_similarity(int(row))
            local = Centroids(emb, terms, count, self.events.first[own].copy(),
                              self.events.last[own].copy(), [self.events.ids[r] for r in own])
            pending = [f"pending{n}" for n in range(len(idx))]
            ev_rows = clustering.assign(Es, Ts, days[idx], local, sim, pending)
            for n in range(len(own), len(local)):
                seed = heads[idx[int(np.flatnonzero(ev_rows == n)[0])]]
                local.ids[n] = self._new_id("e", seed.id)
                self.event_row[local.ids[n]] = len(self.events)
                self.event_story[local.ids[n]] = sid
                self.events.add_clusters([local.ids[n]])
            targets = np.array([self.event_row[local.ids[r]] for r in ev_rows], dtype=np.int64)
            self.events.add_members(targets, E[idx], T[idx], days[idx])
            for i, ev_row in zip(idx, ev_rows, strict=True):
                self.event_of[heads[i].id] = local.ids[ev_row]

    # -- labels ---------------------------------------------------------------------------------

    def _relabel(self, heads: list[Article], E: np.ndarray, rows: np.ndarray) -> None:
        """Keep, per story and event, the best headline (a title first, then a headline the
        page runs into its text, then a lead's phrase: :func:`labels.ranked_headline`) of the
        article nearest its centroid.

        Without embeddings the first article of the cluster gives the label.
        """
        ne, _ = self.stories.norms()
        ev_ne, _ = self.events.norms()
        for n, head in enumerate(heads):
            sid = self.stories.ids[rows[n]]
            eid = self.event_of[head.id]
            srow, erow = self.story_row[sid], self.event_row[eid]
            rank = labels.ranked_headline(head)[1]  # a title beats a page's headline, a lead
            for cid, centre in ((sid, self.stories.emb[srow] / ne[srow]),
                                (eid, self.events.emb[erow] / ev_ne[erow])):
                score = float(E[n] @ centre) + 2.0 * rank
                held = self.label_of.get(cid)
                if held is None or score > held[1] + 1e-6:
                    self.label_of[cid] = (head.id, score)

    # -- results --------------------------------------------------------------------------------

    def label(self, cluster_id: str) -> str:
        held = self.label_of.get(cluster_id)
        return self.infos[held[0]].headline if held and held[0] in self.infos else cluster_id

    @property
    def stories_(self) -> list[Story]:
        """The stories, largest first, each with its events in date order."""
        members: dict[str, list[str]] = {}
        for aid, sid in self.story_of.items():
            members.setdefault(sid, []).append(aid)
        event_members: dict[str, list[str]] = {}
        for aid, eid in self.event_of.items():
            event_members.setdefault(eid, []).append(aid)
        out = []
        for sid, ids in members.items():
            infos = [self.infos[i] for i in ids]
            events = []
            for eid in {self.event_of[i] for i in ids}:
                ev_infos = [self.infos[i] for i in event_members[eid]]
                first, last = labels.date_range(ev_infos)
                events.append(Event(eid, sid, self.label(eid), first, last,
                                    tuple(sorted(event_members[eid]))))
            events.sort(key=lambda e: (e.first_date or "9999", e.id))
            first, last = labels.date_range(infos)
            out.append(Story(sid, self.label(sid), tuple(sorted(ids)), tuple(events), first,
                             last, labels.outlets(infos), labels.independent(infos)))
        out.sort(key=lambda s: (-len(s.article_ids), s.id))
        return out
