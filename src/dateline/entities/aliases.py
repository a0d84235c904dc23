"""Alias resolution across sources: which names are one actor, place or group, and why.

Names (mention texts folded by :func:`~dateline.entities.names.name_key`) are joined by
evidence only, each link keeping its reason:

1. definitions in the text: "Syrian Democratic Forces (SDF)", "known by their Kurdish acronym
   YPG", "the Arabic acronym for IS" (``acronym defined in <article>``);
2. initials of a longer name of the same article: "IS" beside "Islamic State";
3. short forms inside one article: "Dillon" after "Ryan Dillon", "the Britain-based
   Observatory" after "the Syrian Observatory for Human Rights" (the short name's words are
   part of exactly one longer name of the same type);
4. transliteration and spelling variants across articles: same skeleton (Arabic articles,
   vowels, doubled letters and hyphens ignored), string similarity at least
   ``min_similarity``, and the types agree or the two names share context (other names of
   their articles);
5. substitutions found in aligned rewrites by the copies stage ("Islamic State" -> "Daesh"):
   ``(old, new, count, evidence)`` tuples.

Nothing is hand-typed: there is no list of known aliases. Precision matters more than recall
here, because a wrong merge ("SDF" = "YPG") corrupts every later count.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.analyze.mentions import mentions_from_parsed
from dateline.analyze.parse import fallback_parse
from dateline.copies.groups import UnionFind
from dateline.entities.definitions import find_definitions
from dateline.entities.names import (
    initials,
    is_acronym,
    name_key,
    skeleton,
    variant_similarity,
    words,
)
from dateline.model import Alias, AnalyzedArticle, Entity, Mention
from dateline.sentences import article_sentences

Substitution = tuple[str, str, int, str]  # (old, new, count, evidence)

FAMILY = {"PERSON": "person", "ORG": "group", "NORP": "group", "GPE": "place", "LOC": "place",
          "FAC": "place"}


@dataclass
class NameStats:
    """What the corpus says about one name key."""

    count: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)  # mentions per article

    def families(self) -> set[str]:
        return {FAMILY.get(label, label) for label in self.labels}


def as_substitution(item: Any) -> Substitution:
    """A ``(old, new, count, evidence)`` tuple from a tuple or a copies-stage Substitution
    (an object with ``old``, ``new``, ``count`` and ``examples`` of (original, copy) ids)."""
    if isinstance(item, tuple):
        return item  # type: ignore[return-value]
    examples = getattr(item, "examples", ())
    evidence = f"{examples[0][0]} -> {examples[0][1]}" if examples else "of a copy"
    return (item.old, item.new, int(item.count), evidence)


_PREPOSITIONS = {"of", "for", "in", "on", "at", "and"}
_DEMONYM_ENDINGS = ("i", "n", "an", "ian", "ese", "ish", "ic", "s")


def _head(name_words: Sequence[str]) -> str:
    """The head word of a name: the last word before "of"/"for" ("Observatory" in "Syrian
    Observatory for Human Rights"), else the last word."""
    for i, word in enumerate(name_words):
        if i and word in _PREPOSITIONS:
            return name_words[i - 1]
    return name_words[-1]


def _demonym_pair(a: str, b: str) -> bool:
    """"Iraq"/"Iraqi", "Syria"/"Syrian": a country and its people are not one name."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in _DEMONYM_ENDINGS


class AliasResolver:
    """Cluster entity names into canonical :class:`Entity` records with evidence per alias.

    Parameters:
        min_similarity: least string similarity (0-1) of two spellings with the same skeleton;
            lower joins more transliterations and risks joining different people.
        min_context: least number of shared context names for a spelling variant whose types
            disagree (the small model often types "al-Meshlib" ORG and "Al-Meshleb" PERSON).
        min_substitutions: least number of times a rewrite must substitute one name for the
            other before they are joined.
        labels: mention labels taken into account (others are ignored).
    """

    def __init__(self, min_similarity: float = 0.75, min_context: int = 2,
                 min_substitutions: int = 1,
                 labels: Sequence[str] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")) -> None:
        self.min_similarity = min_similarity
        self.min_context = min_context
        self.min_substitutions = min_substitutions
        self.labels = tuple(labels)
        self.names_: dict[str, NameStats] = {}
        self.links_: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.entities_: list[Entity] = []
        self.entity_of_name_: dict[str, str] = {}
        self._names_of_article: dict[str, set[str]] = defaultdict(set)
        self._entity_by_id: dict[str, Entity] = {}
        self._uf = UnionFind()

    # -- fitting ---------------------------------------------------------------------------

    def fit(self, articles: Iterable[AnalyzedArticle],
            substitutions: Iterable[Substitution] = ()) -> AliasResolver:
        """Resolve the names of ``articles`` from scratch (drops what an earlier fit saw)."""
        self.names_ = {}
        self.links_ = defaultdict(list)
        self._names_of_article = defaultdict(set)
        self._uf = UnionFind()
        return self.partial_fit(articles, substitutions)

    def partial_fit(self, articles: Iterable[AnalyzedArticle],
                    substitutions: Iterable[Substitution] = ()) -> AliasResolver:
        """Add arriving articles (and substitutions) to what was seen, then re-cluster."""
        for analyzed in articles:
            self._add_article(analyzed)
        for item in substitutions:
            self._add_substitution(*as_substitution(item))
        self._link_variants()
        self._link_surnames()
        self._build_entities()
        return self

    def _add_article(self, analyzed: AnalyzedArticle) -> None:
        art_id = analyzed.article.id
        mentions = [m for m in analyzed.mentions if m.label in self.labels]
        keys = []
        for m in mentions:
            key = name_key(m.text)
            if not key:
                continue
            stats = self.names_.get(key)
            if stats is None:
                stats = self.names_[key] = NameStats()
            stats.count += 1
            stats.labels[m.label] += 1
            stats.surfaces[m.text] += 1
            stats.articles[art_id] += 1
            keys.append(key)
        # in order of first mention, not a set's order: ties must not depend on the hash seed
        present = list(dict.fromkeys(keys))
        self._names_of_article[art_id].update(present)  # the context of a name, per article
        self._add_definitions(analyzed, mentions)
        self._add_initials(art_id, present)
        self._add_short_forms(art_id, present)

    def _add_definitions(self, analyzed: AnalyzedArticle, mentions: list[Mention]) -> None:
        sentences = analyzed.sentences or article_sentences(analyzed.article)
        by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_sentence[m.sentence].append(m)
        found = [find_definitions(s.text, by_sentence[s.index]) for s in sentences]
        # Captions are not sentences of the article but still define names
        # ("... blow to Islamic State (ISIS) ..."); the rule-based parser finds their names.
        for caption in analyzed.article.captions:
            caption_mentions = mentions_from_parsed(analyzed.article.id, -1,
                                                    fallback_parse(caption))
            found.append(find_definitions(caption, caption_mentions))
        for definitions in found:
            for long, alias, kind in definitions:
                a, b = name_key(long), name_key(alias)
                if a and b and a != b:
                    for key, text in ((a, long), (b, alias)):
                        self.names_.setdefault(key, NameStats()).surfaces[text] += 0
                    self._link(a, b, f"{kind} in {analyzed.article.id}")

    def _add_initials(self, art_id: str, present: list[str]) -> None:
        acronyms = [k for k in present if is_acronym(self._surface(k))]
        if not acronyms:
            return
        by_initials: dict[str, list[str]] = defaultdict(list)
        for k in present:
            if len(words(k)) >= 2:
                by_initials[initials(k)].append(k)
        for short in acronyms:
            target = short.upper().replace(".", "")
            longs = [k for k in by_initials.get(target, ()) if k != short]
            if longs and len({self._root(k) for k in longs}) == 1 and \
                    self._root(longs[0]) != self._root(short):
                self._link(longs[0], short, f"initials of '{self._surface(longs[0])}' "
                                            f"in {art_id}")

    def _add_short_forms(self, art_id: str, present: list[str]) -> None:
        # Candidates come from an index of the article's names by word (in the order of
        # ``present``, which decides ties), not from every pair of names.
        order = list(present)
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(order):
            for word in set(words(key)):
                by_word[word].append(i)
        families = {key: self.names_[key].families() for key in order}
        for short in order:
            short_words = words(short)
            if not short_words or is_acronym(self._surface(short)):
                continue
            fams = families[short]
            longs = []
            wanted = set(short_words)
            rarest = min(wanted, key=lambda w: len(by_word[w]))
            for i in by_word[rarest]:
                long = order[i]
                long_words = words(long)
                if len(long_words) <= len(short_words) or not wanted <= set(long_words):
                    continue
                long_fams = families[long]
                if "person" in long_fams and self.names_[long].labels.most_common(1)[0][0] \
                        == "PERSON":
                    # "Dillon" after "Ryan Dillon", whatever type the model gave the surname.
                    if len(short_words) == 1 and short_words[0] in (long_words[0],
                                                                    long_words[-1]):
                        longs.append(long)
                    continue
                if "group" in long_fams and fams & long_fams and \
                        _head(long_words) in short_words:
                    longs.append(long)
                elif "place" in long_fams and "place" in fams and len(short_words) >= 2 and \
                        long_words[:len(short_words)] == short_words:
                    longs.append(long)  # "Gulf of Aden" in "Gulf of Aden between ... Yemen"
            if longs and len({self._root(k) for k in longs}) == 1:
                self._link(max(longs, key=len), short,
                           f"short form of '{self._surface(max(longs, key=len))}' in {art_id}")

    def _add_substitution(self, old: str, new: str, count: int, evidence: str) -> None:
        a, b = name_key(old), name_key(new)
        if count < self.min_substitutions or not a or not b or a == b:
            return
        if a not in self.names_ or b not in self.names_:
            return
        fa, fb = self.names_[a].families(), self.names_[b].families()
        if fa and fb and not fa & fb:
            return
        self._link(a, b, f"substitution in rewrite {evidence} ({count}x)")

    def _link_variants(self) -> None:
        buckets: dict[str, list[str]] = defaultdict(list)
        for key in self.names_:
            if len(key.replace(" ", "")) >= 4 and not is_acronym(self._surface(key)):
                buckets[skeleton(key)].append(key)
        for keys in buckets.values():
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    self._maybe_variant(a, b)

    def _link_surnames(self) -> None:
        """A lone surname ("Lohan") across articles: joined when exactly one person of the
        corpus carries it ("Lindsay Lohan"); two people named so leave it alone."""
        people: dict[str, set[str]] = defaultdict(set)
        for key, stats in self.names_.items():
            name_words = key.split()
            if len(name_words) >= 2 and stats.labels and \
                    stats.labels.most_common(1)[0][0] not in {"GPE", "LOC", "FAC", "DATE"}:
                people[name_words[-1]].add(key)
        for key, stats in self.names_.items():
            name_words = key.split()
            if len(name_words) != 1 or not stats.families() & {"person", "group", "MISC"} or \
                    name_words[0] not in people:
                continue
            roots = {self._root(k) for k in people[name_words[0]]}
            if len(roots) == 1 and self._root(key) not in roots:
                long = max(sorted(people[name_words[0]]), key=lambda k: self.names_[k].count)
                self._link(long, key, f"last word of '{self._surface(long)}', the only name "
                                      "ending so")

    def _maybe_variant(self, a: str, b: str) -> None:
        if self._root(a) == self._root(b) or _demonym_pair(a, b):
            return
        sim = variant_similarity(a, b)
        if sim < self.min_similarity:
            return
        sa, sb = self.names_[a], self.names_[b]
        agree = bool(sa.families() & sb.families())
        shared = 0 if agree else len(self._context(a) & self._context(b))
        if agree or shared >= self.min_context:
            why = "types agree" if agree else f"{shared} shared context names"
            self._link(a, b, f"spelling variant, similarity {sim:.2f}, {why}")

    def _context(self, key: str) -> set[str]:
        """The other names of the articles that name ``key``."""
        found: set[str] = set()
        for article in self.names_[key].articles:
            found |= self._names_of_article.get(article, set())
        return found - {key}

    def _link(self, a: str, b: str, evidence: str) -> None:
        pair = (min(a, b), max(a, b))
        if evidence not in self.links_[pair]:
            self.links_[pair].append(evidence)
        self._uf.union(a, b)

    def _root(self, key: str) -> str:
        return self._uf.find(key)

    def _surface(self, key: str) -> str:
        stats = self.names_.get(key)
        if stats and stats.surfaces:
            return stats.surfaces.most_common(1)[0][0]
        return key

    # -- results ---------------------------------------------------------------------------

    def _build_entities(self) -> None:
        uf = self._uf
        clusters: dict[str, list[str]] = defaultdict(list)
        for key in self.names_:
            clusters[uf.find(key)].append(key)
        defined_long = {a for (a, b), ev in self.links_.items() for a in (a, b)
                        if any("defined" in e or "initials" in e for e in ev)
                        and not is_acronym(self._surface(a))}
        links_of: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        for (a, b), evidence in self.links_.items():
            links_of[a].append((b, evidence))
            links_of[b].append((a, evidence))
        entities, entity_of = [], {}
        for keys in clusters.values():
            preferred = max(keys, key=lambda k: self._preference(k, defined_long))
            labels: Counter[str] = Counter()
            for k in keys:
                labels.update(self.names_[k].labels)
            label = labels.most_common(1)[0][0] if labels else "ORG"
            entity_id = "e" + hashlib.sha1(f"{preferred}|{label}".encode()).hexdigest()[:10]
            aliases = tuple(
                Alias(name=self._surface(k), evidence=tuple(self._evidence(links_of[k], keys)))
                for k in sorted(keys, key=lambda k: -self.names_[k].count) if k != preferred)
            count = sum(self.names_[k].count for k in keys)
            entities.append(Entity(id=entity_id, name=self._surface(preferred), label=label,
                                   aliases=aliases, mentions=count))
            for k in keys:
                entity_of[k] = entity_id
        entities.sort(key=lambda e: (-e.mentions, e.name))
        self.entities_ = entities
        self.entity_of_name_ = entity_of
        self._entity_by_id = {}
        for entity in entities:
            self._entity_by_id.setdefault(entity.id, entity)

    def _preference(self, key: str, defined_long: set[str]) -> tuple[int, int, int]:
        """Most frequent full form: a defined long form or several words beats an acronym."""
        stats = self.names_[key]
        full = int(key in defined_long or len(words(key)) >= 2)
        return (int(not is_acronym(self._surface(key))), (1 + full) * stats.count, len(key))

    def _evidence(self, links: list[tuple[str, list[str]]], cluster: list[str]) -> list[str]:
        """The evidence of one name's links (``links``: its linked names) inside its cluster."""
        members = set(cluster)
        found = []
        for other, evidence in links:
            if other in members:
                found += [f"{e} (with '{self._surface(other)}')" for e in evidence]
        return found

    def entity_id(self, mention: Mention | str) -> str | None:
        """The entity id of a mention (or of a name string), ``None`` when it was never seen."""
        text = mention.text if isinstance(mention, Mention) else mention
        return self.entity_of_name_.get(name_key(text))

    def counts_by_article(self, entity_id: str) -> Counter[str]:
        """How many mentions of the entity each article has."""
        counts: Counter[str] = Counter()
        for key, stats in self.names_.items():
            if self.entity_of_name_.get(key) == entity_id:
                counts.update(stats.articles)
        return counts

    def entity(self, entity_id: str) -> Entity | None:
        return self._entity_by_id.get(entity_id)

    def mention_map(self, articles: Iterable[AnalyzedArticle]) -> dict[tuple[str, int, int], str]:
        """``(article_id, sentence, start) -> entity id`` for the mentions of ``articles``."""
        found = {}
        for analyzed in articles:
            for m in analyzed.mentions:
                entity_id = self.entity_id(m)
                if entity_id:
                    found[(m.article_id, m.sentence, m.start)] = entity_id
        return found

    # -- state -----------------------------------------------------------------------------

    STEP = "entities"

    def save(self, store: Any) -> AliasResolver:
        """Write the state to the store (``save_state("entities", "aliases", ...)``)."""
        store.save_state(self.STEP, "aliases", self.get_state())
        return self

    @classmethod
    def load(cls, store: Any) -> AliasResolver:
        """The resolver saved in ``store``, or a new empty one."""
        state = store.load_state(cls.STEP, "aliases")
        return cls.from_state(state) if state else cls()

    def get_state(self) -> dict[str, Any]:
        """JSON-able state: the name table and the evidence links (enough to go on fitting)."""
        return {
            "params": {"min_similarity": self.min_similarity, "min_context": self.min_context,
                       "min_substitutions": self.min_substitutions, "labels": list(self.labels)},
            "names": {k: {"count": s.count, "labels": dict(s.labels),
                          "surfaces": dict(s.surfaces), "articles": dict(s.articles)}
                      for k, s in self.names_.items()},
            "links": [[a, b, ev] for (a, b), ev in self.links_.items()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AliasResolver:
        resolver = cls(**state["params"])
        for key, s in state["names"].items():
            resolver.names_[key] = NameStats(s["count"], Counter(s["labels"]),
                                             Counter(s["surfaces"]), Counter(s["articles"]))
            for article in s["articles"]:
                resolver._names_of_article[article].add(key)
        for a, b, evidence in state["links"]:
            resolver.links_[(a, b)] = list(evidence)
            resolver._uf.union(a, b)
        resolver._build_entities()
        return resolver
