"""Part of speech and lemma from the tagger's fine tag, without two of spaCy's components.

The model's ``attribute_ruler`` (fine tag -> universal POS, plus word exceptions) and rule
``lemmatizer`` cost about as much as the tagger itself on short sentences (most of their time
is a token pattern matcher). Claims only need the universal POS of a word and its lemma, and
both follow from the fine tag: the tag map is read from the model's own attribute-ruler
patterns (the single-tag ones), and the lemma is spaCy's rule lemmatization (same tables,
same order of rules), cached per (word, tag). The word-specific exceptions of the ruler
("is" as AUX rather than VERB) are left out: claims treat AUX and VERB alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class TagMap:
    """``pos_lemma(word, tag)`` as the model's ruler and lemmatizer would give them."""

    def __init__(self, nlp: Any) -> None:
        self.pos: dict[str, str] = {}
        self.base: set[str] = set()  # tags whose words are their own lemma
        ruler = nlp.get_pipe("attribute_ruler")
        for pattern in ruler.patterns:
            tokens = pattern["patterns"][0]
            if len(tokens) != 1 or set(tokens[0]) != {"TAG"} or "POS" not in pattern["attrs"]:
                continue
            tag, pos = tokens[0]["TAG"], pattern["attrs"]["POS"]
            self.pos.setdefault(tag, pos)
            if _is_base(pos, pattern["attrs"].get("MORPH", "")):
                self.base.add(tag)
        lookups = nlp.get_pipe("lemmatizer").lookups
        table = lookups.get_table("lemma_index", {})
        # Sets, not the table's lists (tens of thousands of words): same answers, no scan.
        self.index = {univ: frozenset(table.get(univ, ()))
                      for univ in {pos.lower() for pos in [*self.pos.values(), "X"]}}
        self.exceptions = lookups.get_table("lemma_exc", {})
        self.rules = lookups.get_table("lemma_rules", {})
        self.pos_lemma = lru_cache(maxsize=1 << 16)(self._pos_lemma)

    def _pos_lemma(self, word: str, tag: str) -> tuple[str, str]:
        pos = self.pos.get(tag, "X")
        univ = pos.lower()
        lower = word.lower()
        if tag in self.base or univ in ("space", "eol"):
            return pos, lower
        index, exceptions = self.index.get(univ, {}), self.exceptions.get(univ, {})
        rules = self.rules.get(univ, {})
        if not (index or exceptions or rules):
            return pos, lower
        forms: list[str] = []
        oov: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[:len(lower) - len(old)] + new
                if not form:
                    continue
                if form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        return pos, (forms or oov or [lower])[0].lower()


def _is_base(pos: str, morph: str) -> bool:
    """spaCy's English ``is_base_form`` on the morphology the tag map gives."""
    feats = dict(part.split("=", 1) for part in morph.split("|") if "=" in part)
    if pos == "NOUN" and feats.get("Number") == "Sing":
        return True
    if pos == "VERB" and (feats.get("VerbForm") == "Inf" or (
            feats.get("VerbForm") == "Fin" and feats.get("Tense") == "Pres"
            and "Number" not in feats)):
        return True
    if pos == "ADJ" and feats.get("Degree") == "Pos":
        return True
    return feats.get("VerbForm") in {"Inf", "None"} or feats.get("Degree") == "Pos"
