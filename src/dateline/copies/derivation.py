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
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
    text = article.text
    # every branch of the pattern holds an agency name verbatim (case-sensitive): a text
    # naming none cannot match, and substring tests are far faster than the regex scan
    if not any(name in text for name in AGENCIES):
        return set()
    found = set()
    for match in _ATTRIBUTION.finditer(text):
        name = next(g for g in match.groups() if g)
        found.add(_canonical(name) or name)
    return found


def _own_agency(article: Article) -> str | None:
    return _canonical(article.agency) or _canonical(article.outlet)


def boilerplate_count(article: Article) -> int:
    """How much an outlet wrapped around the story: captions, removed junk, credit lines."""
    return (len(article.captions) + len(article.removed)
            + sum(1 for p in article.paragraphs if is_boilerplate(p)))


@dataclass(frozen=True)
class Provenance:
    """What :func:`decide` reads of one article: its publication date (``None`` unknown), the
    agencies its text credits, its own agency, its boilerplate count. A pure function of the
    article (:func:`provenance`): computed once per article, it serves every link the article
    is in (a corpus dense in copies has many links per article; the attribution regex was
    most of a fit's time when run per link)."""

    published: str | None
    credited: frozenset[str]
    own: str | None
    boilerplate: int


def provenance(article: Article) -> Provenance:
    """The :class:`Provenance` of ``article``."""
    return Provenance(article.published.value if article.published is not None else None,
                      frozenset(attributed_agencies(article)), _own_agency(article),
                      boilerplate_count(article))


def _date_order(va: str | None, vb: str | None) -> int:
    """-1 if ``va`` is strictly before ``vb``, 1 if after, 0 if unknown or equal."""
    if va is None or vb is None:
        return 0
    n = min(len(va), len(vb))  # compare at the coarser granularity: "2017-10" vs "2017-10-16"
    if "W" in va or "W" in vb:
        n = 4
    if va[:n] == vb[:n]:
        return 0
    return -1 if va[:n] < vb[:n] else 1


def decide_provenance(pa: Provenance, pb: Provenance, shared: int, na: int, nb: int
                      ) -> tuple[bool, str]:
    """(``a`` is the original, how) for two copies by their provenance; ``a`` is the one seen
    first, ``na``/``nb`` their shingle counts, ``shared`` the shingles both hold. The rules
    of :func:`decide`, which calls it."""
    order = _date_order(pa.published, pb.published)
    if order:
        return order < 0, "date"
    credited = pa.credited | pb.credited
    if credited and (pa.own in credited) != (pb.own in credited):
        return pa.own in credited, "attribution"
    if (pa.boilerplate == 0) != (pb.boilerplate == 0):
        return bool(pb.boilerplate), "containment"
    if na and nb:
        in_b = shared / na  # how much of a is in b
        in_a = shared / nb
        if in_b - in_a >= CUT_MARGIN:
            return False, "containment"  # a is a cut of b
        if in_a - in_b >= CUT_MARGIN:
            return True, "containment"
    return True, "unknown"


def decide(a: Article, b: Article, shared: int, fa: Fingerprint, fb: Fingerprint,
           pa: Provenance | None = None, pb: Provenance | None = None
           ) -> tuple[Article, Article, str]:
    """(original, copy, how) for two articles known to be copies; ``a`` is the one seen first.

    ``shared`` is the number of shingles both hold, ``fa``/``fb`` their fingerprints;
    ``pa``/``pb`` their :func:`provenance` when already known (else computed here).
    """
    first, how = decide_provenance(pa or provenance(a), pb or provenance(b), shared,
                                   len(fa.shingles), len(fb.shingles))
    return (a, b, how) if first else (b, a, how)


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


def inherit_dates(links: Iterable[CopyLink], get: Callable[[str], Article | None]
                  ) -> dict[str, Article]:
    """The dateless articles that take the date of a dated copy (:func:`inherit_date`):
    id -> the article with its new date, for ``dateline build`` and the Spark job alike.

    ``links`` in ``CopyDetector.links_`` order; ``get`` reads an article (each once), and a
    copy dated by one link dates the next: the order decides which twin's date is taken.
    """
    seen: dict[str, Article | None] = {}
    changed: dict[str, Article] = {}

    def article(article_id: str) -> Article | None:
        if article_id not in seen:
            seen[article_id] = get(article_id)
        return seen[article_id]

    for link in links:
        for one, other in ((link.copy, link.original), (link.original, link.copy)):
            found, twin = article(one), article(other)
            if found and twin and found.published is None and twin.published:
                seen[one] = changed[one] = inherit_date(found, twin, link)
    return changed
