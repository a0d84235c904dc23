"""Copy detection on a store: index what arrived since the last run, or rebuild."""

from __future__ import annotations

from typing import Any

from dateline.copies.detector import STEP, CopyDetector


def refresh(store: Any, rebuild: bool = False, **params: Any) -> CopyDetector:
    """The store's copy detector, brought up to date with every stored article.

    The first run (or ``rebuild``, or ``params`` that change the index) fits on the whole
    store and saves; later runs load the stored index and check only the articles that arrived
    since (``partial_fit``), writing each batch in one transaction.
    """
    stored = store.load_state(STEP, "params")
    fixed = ("num_perm", "shingle", "lsh_threshold")
    if stored and any(k in params and params[k] != stored.get(k) for k in fixed):
        rebuild = True
    if rebuild or not stored:
        detector = CopyDetector(**{**(stored or {}), **params})
        detector.fit(store.iter_articles()).save(store)
    else:
        detector = CopyDetector.load(store, **params)
        since = int(store.load_state(STEP, "seq", 0))
        detector.partial_fit(store.iter_articles(since_seq=since))
    store.save_state(STEP, "seq", store.max_seq())
    return detector
