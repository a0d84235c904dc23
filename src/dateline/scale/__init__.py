"""dateline on Apache Spark: the whole pipeline of ``dateline build`` at web scale.

- :func:`spark_session`: a SparkSession (local mode by default) that is always stopped.
- :func:`read_articles`: inputs (WARC, JSONL, text, HTML, feeds, Parquet; paths or globs) to
  an ``articles`` and an ``errors`` DataFrame, with the local :func:`~dateline.ingest.to_article`
  and :func:`~dateline.time.date_sentences` run in ``mapPartitions``.
- :func:`find_copies`: the local :class:`~dateline.copies.CopyDetector` as DataFrame steps
  (same fingerprints, same LSH bands, same verification): the same links.
- :func:`find_stories`: embeddings and term counts per partition, the local
  :class:`~dateline.stories.StoryClusterer` per time block, stories merged across blocks.
- :mod:`~dateline.scale.analysis`: dates inherited from copies, mentions and claims per
  partition (the local ``analyze_articles``), copy links with their aligned passages.
- :mod:`~dateline.scale.timelines`: each story's timeline, overview and per-source comparison
  built in a task with the local summarize functions.
- :func:`run_build` / :func:`import_tables`: write the Parquet tables, read them into a store;
  :mod:`~dateline.scale.publish` runs the corpus steps (aliases, claim groups) at import.
"""

from dateline.scale.articles import article_frame, read_articles
from dateline.scale.copies import find_copies
from dateline.scale.job import import_tables, run_build
from dateline.scale.session import spark_session
from dateline.scale.stories import find_stories

__all__ = ["article_frame", "find_copies", "find_stories", "import_tables", "read_articles",
           "run_build", "spark_session"]
