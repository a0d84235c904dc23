"""An article's publication date and the evidence for it, as the time stage uses them.

Ingest (:mod:`dateline.ingest.metadata`) already weighs every piece of date evidence (HTML
meta, feed, byline, date line, photo captions, and a caption date plus the weekday of the lead:
"released on Sunday, Oct. 15, 2017" + "on Monday" = 2017-10-16) and records each with its
source. The time stage agrees with that choice and does not redo it; for an article that never
went through ingest's metadata step (no evidence recorded, e.g. one built by hand or read from
another pipeline), it applies ingest's own caption rules to the article's captions and lead.
"""

from __future__ import annotations

import datetime as dt

from dateline.ingest.metadata import caption_evidence, choose_published
from dateline.model import Article, DateEvidence


def anchor_date(evidence: DateEvidence | None) -> dt.date | None:
    """The day an evidence names, when it names one to the day."""
    if evidence is None or evidence.granularity != "day":
        return None
    try:
        return dt.date.fromisoformat(evidence.value[:10])
    except ValueError:
        return None


def date_evidence(article: Article) -> tuple[DateEvidence, ...]:
    """Every piece of date evidence for the article, each with its source and detail."""
    if article.date_evidence or article.published:
        evidence = list(article.date_evidence)
        if article.published and article.published not in evidence:
            evidence.insert(0, article.published)
        return tuple(evidence)
    lead = article.paragraphs[0] if article.paragraphs else ""
    return tuple(caption_evidence(article.captions, lead))


def publication_date(article: Article) -> DateEvidence | None:
    """The article's publication date with its provenance, or ``None`` when nothing supports
    one (relative dates then stay unresolved rather than guessed).

    Ingest's ``published`` when it has one; for an article without any recorded evidence,
    ingest's rules applied to its captions and lead.
    """
    if article.published is not None or article.date_evidence:
        return article.published
    return choose_published(list(date_evidence(article)))
