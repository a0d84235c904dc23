"""The time stage: a rule-based temporal tagger for English news, sentence event dates and
article publication dates.

- :func:`tag_times` finds time expressions and normalizes them TIMEX3-style against the
  publication date (``2017-10-14``, ``2017-06``, ``2017-W41``, ``P3Y``, ``PAST_REF``).
- :func:`date_sentences` splits an article into sentences, each with its expressions and the
  date it reports on (:func:`event_date` for one sentence: its own date, else the publication
  date with lower confidence, else ``None``).
- :func:`publication_date` / :func:`date_evidence`: the article's publication date and every
  piece of evidence for it, with provenance (ingest's choice, which the time stage agrees with).
- :func:`timex3_value` writes a value the TimeML way (``2017-SU``, ``2017-10-14TNI``).

Accuracy and speed are measured by ``bench/time_tempeval.py`` (TempEval-3 gold) and
``bench/time_t17.py`` (Timeline17); see ``bench/README.md``.

All are pure functions (no I/O, no global state): safe in a process pool or a Spark task.
"""

from dateline.time.article import date_evidence, publication_date
from dateline.time.events import date_sentences, event_date
from dateline.time.tagger import tag_times, timex3_value

__all__ = ["date_evidence", "date_sentences", "event_date", "publication_date", "tag_times",
           "timex3_value"]
