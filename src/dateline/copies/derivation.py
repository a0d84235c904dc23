"""Which of two copies is the original: by date, by attribution, by what the copy adds or cuts.

The rules are tried in order and the first that decides is recorded in ``CopyLink.direction``:

1. ``date``: both publication dates are known and one is strictly earlier.
2. ``attribution``: the text credits a wire agency ("(Reuters)", "told AFP", "A Reuters
   correspondent") and exactly one of the two articles is that agency's own (its ``agency``
   or ``outlet`` is the agency).
3. ``containment``: one adds boilerplate the other lacks (captions, credits, image ids): it is
   the copy; otherwise, when one is clearly more contained in the other, it is a cut: the copy.
4. ``unknown``: the article seen first stays the original.
"""

from __future__ import annotations

import dataclasses
import re

from dateline.copies.fingerprints import Fingerprint, is_boilerplate
from dateline.model import Article, CopyLink, DateEvidence

AGENCIES = ("Reuters", "AFP", "AP", "Associated Press", "Agence France-Presse", "dpa", "Xinhua",
            "UPI", "ANSA", "Anadolu", "EFE", "Kyodo", "Yonhap", "PTI", "IANS", "Bloomberg")
_CANONICAL = {"associated press": "AP", "agence france-presse": "AFP",
              "agence france presse": "AFP"}
_NAMES = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_ATTRIBUTION = re.compile(
    rf"\(({_NAMES})\)"                                      # BEIRUT (Reuters) -
    rf"|\b(?:told|according to|said|reported by|quoted by) ({_NAMES})\b"
    rf"|\b(?:an? |the )?({_NAMES}) (?:correspondent|reporter|journalist|photographer)\b"
    rf"|\b({_NAMES}) (?:reported|said|learned|has learned)\b"
)
# A copy must be this much more contained in its twin than the twin in it to count as a cut.
CUT_MARGIN = 0.15


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    key = name.strip().lower()
    for agency in AGENCIES:
        if agency.lower() == key:
            return _CANONICAL.get(key, agency)
    return _CANONICAL.get(key)


def attributed_agencies(article: Article) -> set[str]:
    """The wire agencies the text credits as its origin ("(Reuters)", "told AFP")."""
    found = set()
    for match in _ATTRIBUTION.finditer(article.text):
        name = next(g for g in match.groups() if g)
        found.add(_canonical(name) or name)
    return found


def _own_agency(article: Article) -> str | None:
    return _canonical(article.agency) or _canonical(article.outlet)


def boilerplate_count(article: Article) -> int:
    """How much an outlet wrapped around the story: captions, removed junk, credit lines."""
    return (len(article.captions) + len(article.removed)
            + sum(1 for p in article.paragraphs if is_boilerplate(p)))


def _date_order(a: Article, b: Article) -> int:
    """-1 if ``a`` was published strictly before ``b``, 1 if after, 0 if unknown or equal."""
    if not a.published or not b.published:
        return 0
    va, vb = a.published.value, b.published.value
    n = min(len(va), len(vb))  # compare at the coarser granularity: "2017-10" vs "2017-10-16"
    if "W" in va or "W" in vb:
        n = 4
    if va[:n] == vb[:n]:
        return 0
    return -1 if va[:n] < vb[:n] else 1


def decide(a: Article, b: Article, shared: int, fa: Fingerprint, fb: Fingerprint
           ) -> tuple[Article, Article, str]:
    """(original, copy, how) for two articles known to be copies; ``a`` is the one seen first.

    ``shared`` is the number of shingles both hold, ``fa``/``fb`` their fingerprints.
    """
    order = _date_order(a, b)
    if order:
        return (a, b, "date") if order < 0 else (b, a, "date")
    credited = attributed_agencies(a) | attributed_agencies(b)
    own_a, own_b = _own_agency(a), _own_agency(b)
    if credited and (own_a in credited) != (own_b in credited):
        return (a, b, "attribution") if own_a in credited else (b, a, "attribution")
    bp_a, bp_b = boilerplate_count(a), boilerplate_count(b)
    if (bp_a == 0) != (bp_b == 0):
        return (a, b, "containment") if bp_b else (b, a, "containment")
    if len(fa.shingles) and len(fb.shingles):
        in_b = shared / len(fa.shingles)  # how much of a is in b
        in_a = shared / len(fb.shingles)
        if in_b - in_a >= CUT_MARGIN:
            return (b, a, "containment")  # a is a cut of b
        if in_a - in_b >= CUT_MARGIN:
            return (a, b, "containment")
    return (a, b, "unknown")


def inherit_date(article: Article, twin: Article, link: CopyLink | None = None) -> Article:
    """The article with the publication date of its dated copy twin, when it has none.

    Returns a new Article (never mutates); the same article when it already has a date or the
    twin has none. The evidence is ``DateEvidence(source="copy-of", detail=<twin id>)``, with
    the twin's confidence lowered by 10% (a reprint can come a day later). ``link``, when given,
    must join the two articles (a guard against passing the wrong twin).
    """
    if link is not None and {link.original, link.copy} != {article.id, twin.id}:
        raise ValueError(f"link {link.original}->{link.copy} does not join {article.id} "
                         f"and {twin.id}")
    if article.published is not None or twin.published is None:
        return article
    evidence = DateEvidence(
        value=twin.published.value,
        granularity=twin.published.granularity,
        source="copy-of",
        detail=twin.id,
        confidence=round(twin.published.confidence * 0.9, 3),
    )
    return dataclasses.replace(article, published=evidence,
                               date_evidence=(*article.date_evidence, evidence))
