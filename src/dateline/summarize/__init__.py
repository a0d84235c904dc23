"""Timeline and summary stage: what happened, when, and who reported it.

- :func:`build_timeline`: key dates of a story, each with the few sentences that say best what
  happened, every sentence cited to all the articles that report it.
- :func:`build_summary`: an extractive overview summary (N sentences or N words), cited the
  same way.
- :func:`compare_sources`: what only one outlet reports, and how outlets word the same fact.
- :func:`check_citations`: an independent check that cited articles support a statement.
- :func:`rewrite_summary` (optional, off by default): an abstractive rewrite through a local
  OpenAI-compatible server, each output sentence checked against the sentences it cites.
"""

from dateline.summarize.abstractive import Endpoint, rewrite_summary
from dateline.summarize.citations import check_citations, cite_rows
from dateline.summarize.compare import SourceComparison, Wording, compare_sources
from dateline.summarize.corpus import Doc, Pool, as_docs, copy_group_keys
from dateline.summarize.overview import SummaryConfig, build_summary
from dateline.summarize.timeline import TimelineConfig, build_timeline

__all__ = [
    "Doc", "Endpoint", "Pool", "SourceComparison", "SummaryConfig", "TimelineConfig", "Wording",
    "as_docs", "build_summary", "build_timeline", "check_citations", "cite_rows",
    "compare_sources", "copy_group_keys", "rewrite_summary",
]
