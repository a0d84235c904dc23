"""The copies stage: find reprints and rewrites, align them, say which is the original.

- :class:`CopyDetector`: exact, near and partial copies over a corpus (MinHash LSH, verified).
- :func:`align`: the aligned sentences of two copies and the word edits inside them.
- :func:`corpus_substitutions`: recurring rewrites ("Islamic State" -> "Daesh") over the corpus.
- :func:`independent_count`: independent reports among a set of articles.
- :func:`inherit_dates`: dateless copies take their dated twin's date (provenance ``copy-of``).
- :mod:`~dateline.copies.rules`: the detection rules, as the local and Spark engines call them.
- :mod:`~dateline.copies.groups`: the union-find of copy groups (and of entity aliases).
- :mod:`~dateline.copies.tables`: the copy index's tables, their one reader and writer.
- :func:`refresh`: the store's detector, brought up to date (what ``dateline copies`` runs).
"""

from dateline.copies.align import align, align_sentences, word_edits
from dateline.copies.derivation import attributed_agencies, decide, inherit_date, inherit_dates
from dateline.copies.detector import CopyDetector, as_json
from dateline.copies.edits import (
    Substitution,
    aggregate_substitutions,
    corpus_substitutions,
    is_substitution,
)
from dateline.copies.fingerprints import Fingerprint, fingerprint, is_boilerplate
from dateline.copies.groups import copy_components, copy_groups
from dateline.copies.refresh import refresh
from dateline.copies.sources import independent_count

__all__ = [
    "CopyDetector", "Fingerprint", "Substitution", "aggregate_substitutions", "align",
    "align_sentences", "as_json", "attributed_agencies", "copy_components", "copy_groups",
    "corpus_substitutions", "decide", "fingerprint", "independent_count", "inherit_date",
    "inherit_dates",
    "is_boilerplate", "is_substitution", "refresh", "word_edits",
]
