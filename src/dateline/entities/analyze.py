"""The per-article analysis of this stage: ``Article -> AnalyzedArticle`` with mentions and claims.

:func:`analyze_article` is a pure function of one article (plus the loaded model), so it runs
in a loop, a process pool or a Spark task. :func:`analyze_articles` does the same for a stream,
sending every sentence through one batched ``nlp.pipe`` call (much faster than one call per
article). Sentences and their dates come from the time stage (``dateline.time.date_sentences``).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator

from dateline.entities.claims import extract_claims
from dateline.entities.mentions import mentions_from_parsed
from dateline.entities.parse import Parsed, parse_texts
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
                     use_model: bool = True) -> Iterator[AnalyzedArticle]:
    """Analyze a stream of articles in order, all sentences through one batched pipeline.

    ``batch_size`` and ``n_process`` only change speed (see bench/entities_speed.py);
    ``use_model=False`` forces the rule-based fallback (lower recall and precision).
    """
    pending: deque[tuple[Article, tuple[Sentence, ...]]] = deque()

    def texts() -> Iterator[str]:
        for article in articles:
            sentences = dated_sentences(article)
            pending.append((article, sentences))
            for sentence in sentences:
                yield sentence.text

    buffer: list[Parsed] = []
    for doc in parse_texts(texts(), batch_size=batch_size, n_process=n_process,
                           use_model=use_model):
        buffer.append(doc)
        while pending and len(buffer) >= len(pending[0][1]):
            article, sentences = pending.popleft()
            done, buffer = buffer[:len(sentences)], buffer[len(sentences):]
            yield analyze_parsed(article, sentences, done)
    while pending:  # articles without sentences at the end of the stream
        article, sentences = pending.popleft()
        yield analyze_parsed(article, sentences, buffer[:len(sentences)])
        buffer = buffer[len(sentences):]


def analyze_article(article: Article, use_model: bool = True) -> AnalyzedArticle:
    """Mentions and claims of one article (pure: same article, same result)."""
    return next(analyze_articles([article], use_model=use_model))
