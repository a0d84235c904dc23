"""A story's timeline from a noisy collection: an agency feed that also carries unrelated
reports and the same page furniture under articles of many days (as T17's Syria collection
of Reuters does)."""

from __future__ import annotations

from summarize_helpers import dated

from dateline.summarize import Pool, TimelineConfig, build_timeline

FOOTER = "Views expressed in the comments do not represent those of the agency ."
SIEGE = {  # day: three reports of the siege of Homs
    "2020-03-01": ("Syrian troops shelled the besieged town of Homs as Assad pressed his "
                   "assault , residents said .",
                   "Forces loyal to Assad shelled Homs for a third day , activists said .",
                   "Dozens of civilians were killed when Assad ordered tanks into Homs ."),
    "2020-03-04": ("Rebels pulled out of the besieged Homs district after weeks of shelling "
                   "by forces loyal to Assad .",
                   "Syrian rebels withdrew from their Homs stronghold , ending a siege Assad "
                   "had kept for weeks .",
                   "The rebel retreat from Homs handed Assad his first victory in months ."),
    "2020-03-09": ("Assad said a referendum on a new constitution would go ahead despite the "
                   "fighting in Homs .",
                   "Assad announced a vote on a new constitution as his troops kept shelling "
                   "Homs .",
                   "Opponents of Assad called the vote a sham while Homs lay in ruins ."),
}
MARKETS = ("Shares in London rose as the government reported the best trade figures in a year .",
           "The pound fell against the dollar after the country reported weaker retail sales .",
           "Oil prices climbed as people in the country bought more fuel than in any month .",
           "Gold hit a record as dealers said the year had been hard for the government .")
BACKGROUND = "People in the country said the government had told them nothing for a year ."


def _feed() -> tuple[dict[str, list], dict[str, str]]:
    """Nine reports of the siege on three days (each with a background sentence), four
    market reports on one day, and the same footer under articles of five days."""
    feed: dict[str, list] = {}
    published: dict[str, str] = {}
    for day, texts in SIEGE.items():
        for i, text in enumerate(texts):
            key = f"s{day[-1]}{i}"
            published[key] = day
            feed[key] = [dated(key, 0, text, published=day),
                         dated(key, 1, BACKGROUND, published=day)]
    for i, text in enumerate(MARKETS):
        key = f"m{i}"
        published[key] = "2020-03-05"
        feed[key] = [dated(key, 0, text, published="2020-03-05")]
    for key in ("s10", "s40", "s90", "m0"):
        feed[key].append(dated(key, len(feed[key]), FOOTER, published=published[key]))
    feed["z"] = [dated("z", 0, FOOTER, published="2020-03-10")]
    published["z"] = "2020-03-10"
    return feed, published


def test_a_sentence_repeated_on_many_days_is_furniture_a_copy_is_not():
    feed, published = _feed()
    pool = Pool.build(feed, published=published)
    furniture = pool.furniture(4)
    flagged = {pool.sentences[r].text for r in range(len(pool)) if furniture[r]}
    assert flagged == {FOOTER}  # under articles of five days
    # the background sentence is in nine articles, but of three days only
    assert not pool.furniture(0).any()


def test_key_terms_are_the_words_particular_to_the_story_not_the_commonest():
    feed, published = _feed()
    pool = Pool.build(feed, published=published)
    skip = pool.furniture(4)
    commonest = {pool.terms[c] for c in pool.key_columns(4, skip)}
    particular = {pool.terms[c] for c in pool.key_columns(2, skip, shortlist=6)}
    assert {"government", "country"} <= commonest  # in the most articles
    assert particular == {"assad", "hom"}  # "Homs" is stemmed as a plural
    assert len(Pool.build({}).key_columns(3, shortlist=10)) == 0


def test_unrelated_reports_of_a_busy_day_do_not_make_it_a_date_of_the_story():
    feed, published = _feed()
    # a story of 14 articles has few stems: the default shortlist of 40 would hold nearly all
    config = TimelineConfig(key_shortlist=6)
    timeline = build_timeline(feed, n_dates=3, per_date=1, published=published, config=config)
    assert [e.date for e in timeline] == list(SIEGE)
    for entry in timeline:
        assert entry.sentences[0].text in SIEGE[entry.date]
    # counting every article, the four market reports make their day the busiest
    plain = build_timeline(feed, n_dates=3, per_date=1, published=published,
                           config=TimelineConfig(furniture_days=0, key_shortlist=0,
                                                 topical_rows=0))
    assert "2020-03-05" in [e.date for e in plain]
