"""The tagger's trigger index picks exactly the rules the trigger groups allow (any text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.time import tagger

TRIGGER_WORDS = sorted({w for groups in tagger.TRIGGERS.values() for g in groups for w in g
                        if w != tagger._DIGIT})
texts = st.lists(st.one_of(st.sampled_from(TRIGGER_WORDS), st.sampled_from(["7", "2017", "the"]),
                           st.text(max_size=8)), max_size=12).map(" ".join)


@given(text=texts)
@settings(max_examples=300)
def test_indexed_triggers_match_every_group_test(text: str) -> None:
    words = tagger._words(text)
    plain = {rule.name for rule in tagger.RULES
             if not any(words.isdisjoint(group) for group in tagger.TRIGGERS[rule.name])}
    hit = set().union(*(tagger._GROUPS_OF.get(w, ()) for w in words))
    indexed = {rule.name for rule in tagger.RULES if tagger._REQUIRED[rule.name] <= hit}
    assert indexed == plain
