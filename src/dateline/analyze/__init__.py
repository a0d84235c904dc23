"""Per-article analysis: ``Article -> AnalyzedArticle`` (dated sentences, mentions, claims).

Pure functions of one article and the loaded spaCy model, so they run in a loop, a process pool
(:func:`analyze_in_processes`) or a Spark task unchanged. :mod:`dateline.analyze.cache` keeps
results in the store so a rebuild analyzes only new or changed articles.
"""

from dateline.analyze.articles import (
    analyze_article,
    analyze_articles,
    analyze_in_processes,
    dated_sentences,
)
from dateline.analyze.quantities import Quantity, parse_quantity

__all__ = [
    "Quantity", "analyze_article", "analyze_articles", "analyze_in_processes", "dated_sentences",
    "parse_quantity",
]
