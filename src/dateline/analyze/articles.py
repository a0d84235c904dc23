"""The per-article analysis: ``Article -> AnalyzedArticle`` with dated sentences, mentions, claims.

:func:`analyze_article` is a pure function of one article (plus the loaded model), so it runs
in a loop, a process pool or a Spark task. :func:`analyze_articles` does the same for a stream,
sending the sentences the model reads through one batched ``nlp.pipe`` call (much faster than
one call per article). Sentences and their dates come from the time stage
(``dateline.time.date_sentences``).

By default the model runs only where it pays: the article's lead and the sentences with a
number; the names it finds are matched again in the other sentences
(:mod:`dateline.analyze.propagate`). ``model_scope="all"`` runs it on every sentence (about
twice the CPU for a few more name mentions: docs/decisions.md); ``use_model=False`` uses the
rules everywhere.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Literal

from dateline.analyze.claims import extract_claims
from dateline.analyze.mentions import mentions_from_parsed
from dateline.analyze.nlp import get_nlp
from dateline.analyze.parse import Parsed, parse_texts
from dateline.analyze.propagate import LEAD, complete, needs_model
from dateline.model import AnalyzedArticle, Article, Sentence
from dateline.time import date_sentences

log = logging.getLogger(__name__)


def dated_sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences, each with the date it reports on (the time stage)."""
    return date_sentences(article)


def analyze_parsed(article: Article, sentences: tuple[Sentence, ...],
                   parsed: list[Parsed]) -> AnalyzedArticle:
    """Mentions and claims of one article from its parsed sentences."""
    mentions = []
    for sentence, doc in zip(sentences, parsed, strict=True):
        mentions += mentions_from_parsed(article.id, sentence.index, doc)
    try:
        claims = extract_claims(article, sentences, parsed, mentions)
    except Exception as error:  # one odd article must not stop the stream
        log.error("claims of %s (%s) skipped: %r", article.id, article.source.path, error)
        claims = []
    return AnalyzedArticle(article=article, sentences=sentences, mentions=tuple(mentions),
                           claims=tuple(claims))


def analyze_articles(articles: Iterable[Article], batch_size: int = 256, n_process: int = 1,
                     use_model: bool = True,
                     model_scope: Literal["lead+numbers", "all"] = "lead+numbers",
                     lead: int = LEAD) -> Iterator[AnalyzedArticle]:
    """Analyze a stream of articles in order, the model's sentences through one batched pipeline.

    ``batch_size`` and ``n_process`` only change speed (see bench/entities_speed.py).
    ``model_scope``: ``"lead+numbers"`` runs the model on the first ``lead`` sentences and the
    sentences with a number and propagates its names to the rest (bench/entities_fastpath.py:
    same claims, most of the mentions, a fraction of the time); ``"all"`` on every sentence.
    ``use_model=False`` forces the rule-based fallback (lower recall and precision).
    """
    everywhere = model_scope == "all" or not use_model or get_nlp() is None
    # Each distinct sentence text goes to the parser once: news piles repeat sentences (copies,
    # updates; about 5% of the model's sentences on T17) and a parse depends on the text only.
    # An article waits in ``pending`` with one slot per wanted sentence, filled from the
    # recent parses (``seen``) or when its text comes back from the parser (``waiting``).
    pending: deque[tuple[Article, tuple[Sentence, ...], list[int], list[Parsed], int]] = deque()
    seen: OrderedDict[str, Parsed] = OrderedDict()
    waiting: dict[str, list[tuple[list[Parsed], int]]] = {}
    sent = 0

    def texts() -> Iterator[str]:
        nonlocal sent
        for article in articles:
            sentences = dated_sentences(article)
            wanted = [i for i, s in enumerate(sentences)
                      if everywhere or needs_model(i, s.text, lead)]
            docs: list[Parsed] = [None] * len(wanted)  # type: ignore[list-item]
            new = []
            for slot, i in enumerate(wanted):
                text = sentences[i].text
                if text in seen:
                    seen.move_to_end(text)
                    docs[slot] = seen[text]
                elif text in waiting:
                    waiting[text].append((docs, slot))
                else:
                    waiting[text] = [(docs, slot)]
                    new.append(text)
            sent += len(new)
            pending.append((article, sentences, wanted, docs, sent))
            yield from new

    def finish(article: Article, sentences: tuple[Sentence, ...], wanted: list[int],
               docs: list[Parsed]) -> AnalyzedArticle:
        if len(wanted) < len(sentences):
            docs = complete(article.id, [s.text for s in sentences], dict(zip(wanted, docs,
                                                                              strict=True)))
        return analyze_parsed(article, sentences, docs)

    parsed = parse_texts(texts(), batch_size=batch_size, n_process=n_process,
                         use_model=use_model)
    for received, doc in enumerate(parsed, start=1):
        for docs, slot in waiting.pop(doc.text):
            docs[slot] = doc
        seen[doc.text] = doc
        if len(seen) > SEEN:
            seen.popitem(last=False)
        while pending and pending[0][4] <= received:
            yield finish(*pending.popleft()[:4])
    while pending:  # articles with no new sentence for the model at the end of the stream
        yield finish(*pending.popleft()[:4])


# Recent parses kept for repeated sentences (per stream or worker chunk; ~1 in 20 of the
# model's sentences on T17 repeat, nearly all within a few thousand sentences).
SEEN = 4096


def analyze_article(article: Article, use_model: bool = True,
                    model_scope: Literal["lead+numbers", "all"] = "lead+numbers"
                    ) -> AnalyzedArticle:
    """Mentions and claims of one article (pure: same article, same result)."""
    return next(analyze_articles([article], use_model=use_model, model_scope=model_scope))


# Below this many articles the worker start-up (a fresh interpreter and the spaCy model, a few
# seconds each) costs more than a second core saves.
MIN_PARALLEL_ARTICLES = 200


def _start_worker() -> None:
    """A worker needs no PyTorch: thinc imports it when installed (a second of CPU per worker
    here, two thirds of importing spaCy) only to offer wrappers this stage does not use."""
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]


def _analyze_chunk(job: tuple[list[Article], dict[str, Any]]) -> list[AnalyzedArticle]:
    articles, options = job
    return list(analyze_articles(articles, **options))


def analyze_in_processes(articles: Iterable[Article], jobs: int, chunk_size: int = 64,
                         min_articles: int = MIN_PARALLEL_ARTICLES,
                         **options: Any) -> Iterator[AnalyzedArticle]:
    """:func:`analyze_articles` over ``jobs`` worker processes, results in input order.

    The per-article analysis is a pure function, so chunks of ``chunk_size`` articles go to
    the workers (each loads the model once) and come back in order; ``options`` go to
    :func:`analyze_articles`. Same results as one process; only the wall time changes. With
    ``jobs <= 1`` or fewer than ``min_articles`` articles, it runs here. On 600 T17 articles
    two processes took 32.7 s against 58.3 s for one, with identical mentions and claims.
    Workers are spawned, not forked: the parent may hold thread pools (ONNX Runtime, torch)
    that a fork would copy in a locked state.
    """
    articles = list(articles)
    if jobs <= 1 or len(articles) < min_articles:
        yield from analyze_articles(articles, **options)
        return
    chunks = iter(articles)
    jobs_iter = iter(lambda: list(islice(chunks, chunk_size)), [])
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=_start_worker) as pool:
        for done in pool.imap(_analyze_chunk, ((chunk, options) for chunk in jobs_iter)):
            yield from done
