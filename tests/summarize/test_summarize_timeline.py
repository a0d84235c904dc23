from __future__ import annotations

from summarize_helpers import dated

from dateline.model import AnalyzedArticle, TimelineEntry
from dateline.summarize import build_timeline


def _entry(timeline: list[TimelineEntry], day: str) -> TimelineEntry:
    entries = [e for e in timeline if e.date == day]
    assert entries, f"{day} missing from {[e.date for e in timeline]}"
    return entries[0]


def test_raqqa_timeline_has_the_key_dates_with_citations(raqqa_analyzed, raqqa_copies):
    timeline = build_timeline(raqqa_analyzed.values(), copy_groups=raqqa_copies)
    ids = {key: item.article.id for key, item in raqqa_analyzed.items()}
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    expected = {  # the article that reports the day, and words of the event
        "2017-06-06": ("004", ("broke into",)),
        "2017-07-04": ("003", ("wall", "breach", "penetrated")),
        "2017-10-14": ("000", ("convoy",)),
        "2017-10-16": ("000", ("last pocket", "operation to end", "clearing operation")),
    }
    for day, (key, words) in expected.items():
        entry = _entry(timeline, day)
        assert any(w in s.text for s in entry.sentences for w in words), (day, entry)
        for sentence in entry.sentences:
            assert sentence.citations and sentence.independent >= 1
        cited = {c.article_id for s in entry.sentences for c in s.citations}
        assert ids[key] in cited


def test_convoy_is_cited_to_the_rewrite_and_the_original_once_independently(
        raqqa_analyzed, raqqa_copies):
    timeline = build_timeline(raqqa_analyzed.values(), copy_groups=raqqa_copies)
    convoy = next(s for s in _entry(timeline, "2017-10-14").sentences if "convoy" in s.text)
    ids = {key: item.article.id for key, item in raqqa_analyzed.items()}
    by_article = {c.article_id: c for c in convoy.citations}
    assert set(by_article) == {ids["000"], ids["001"]}  # no other article reports it
    assert by_article[ids["001"]].exact is False  # "Islamic State" for "Daesh": a paraphrase
    assert "convoy" in raqqa_analyzed["001"].sentences[by_article[ids["001"]].sentence].text
    assert convoy.independent == 1
    without_copies = build_timeline(raqqa_analyzed.values())
    convoy = next(s for s in _entry(without_copies, "2017-10-14").sentences if "convoy" in s.text)
    assert convoy.independent == 2


def test_size_and_range_are_respected(raqqa_analyzed):
    timeline = build_timeline(raqqa_analyzed.values(), n_dates=2, per_date=1,
                              date_range=("2017-10-01", "2017-10-31"))
    assert len(timeline) == 2
    assert all("2017-10-01" <= e.date <= "2017-10-31" for e in timeline)
    assert all(len(e.sentences) == 1 for e in timeline)


def _story() -> dict[str, list]:
    return {
        "a": [dated("a", 0, "Rebels seized the airport of the northern city after heavy "
                    "fighting overnight.", day="2020-03-01"),
              dated("a", 1, "The government promised a counter-offensive within days to "
                    "retake the airport.", published="2020-03-02")],
        "b": [dated("b", 0, "Rebel fighters seized the northern city's airport after a night "
                    "of heavy fighting.", day="2020-03-01")],
        "c": [dated("c", 0, "Rebels seized the airport of the northern city after heavy "
                    "fighting overnight.", day="2020-02-01")],
        "d": [dated("d", 0, "Heavy snow closed schools across the country and cut power to "
                    "thousands of homes.", day="2020-03-05")],
    }


def test_a_sentence_naming_another_day_is_not_cited():
    timeline = build_timeline(_story(), n_dates=3, per_date=1)
    march = _entry(timeline, "2020-03-01").sentences[0]
    cited = {c.article_id for c in march.citations}
    assert {"a", "b"} <= cited  # the same fact in other words, same day
    assert "c" not in cited  # same words, but about another day
    assert "d" not in cited  # another fact
    assert march.independent == 2


def test_more_independent_reports_rank_a_date_higher():
    timeline = build_timeline(_story(), n_dates=1, per_date=1)
    assert [e.date for e in timeline] == ["2020-03-01"]


def test_accepts_analyzed_articles_and_outlets(raqqa_analyzed):
    items = [AnalyzedArticle(i.article, i.sentences) for i in raqqa_analyzed.values()]
    outlets = {item.article.id: f"outlet-{key}" for key, item in raqqa_analyzed.items()}
    timeline = build_timeline(items, outlets=outlets)
    citations = [c for e in timeline for s in e.sentences for c in s.citations]
    assert citations and all(c.outlet and c.outlet.startswith("outlet-") for c in citations)


def test_empty_story_gives_an_empty_timeline():
    assert build_timeline({}) == []
    assert build_timeline({"a": [dated("a", 0, "No date here at all in this text.")]}) == []


def test_copy_links_from_the_copies_stage_count_once(raqqa_analyzed):
    from dateline.copies import CopyDetector

    detector = CopyDetector().fit(item.article for item in raqqa_analyzed.values())
    timeline = build_timeline(raqqa_analyzed.values(), copy_groups=detector.links_)
    convoy = next(s for s in _entry(timeline, "2017-10-14").sentences if "convoy" in s.text)
    assert len(convoy.citations) == 2 and convoy.independent == 1


def _furniture_story() -> dict[str, list]:
    """Five reports of one siege; two also carry the same page furniture naming the day."""
    story = {}
    for key in "abcde":
        story[key] = [dated(key, 0, f"Rebel fighters kept the northern city under siege as "
                            f"army troops held the airport, report {key} said.",
                            published="2020-02-20")]
    story["a"].append(dated("a", 1, "Rebel fighters broke the siege of the northern city and "
                            "seized the airport from army troops.", day="2020-03-01"))
    for key in "de":
        story[key].append(dated(key, 1, "Programme details for the weekend are not updated "
                                "after broadcast and may change without notice.",
                                day="2020-03-01"))
    return story


def test_a_date_is_told_by_a_sentence_about_the_story_not_page_furniture():
    from dateline.summarize import TimelineConfig

    timeline = build_timeline(_furniture_story(), n_dates=1, per_date=1,
                              date_range=("2020-03-01", "2020-03-01"))
    assert "seized the airport" in _entry(timeline, "2020-03-01").sentences[0].text
    # without the story's key terms the repeated furniture is the day's most central sentence
    plain = build_timeline(_furniture_story(), n_dates=1, per_date=1,
                           date_range=("2020-03-01", "2020-03-01"),
                           config=TimelineConfig(key_terms=0))
    assert "Programme details" in _entry(plain, "2020-03-01").sentences[0].text


def test_key_terms_are_the_words_most_independent_articles_share():
    from dateline.summarize import Pool

    pool = Pool.build(_furniture_story(), copy_groups=[("a", "b", "c")])
    keys = set(pool.key_columns(3).tolist())
    report = pool.matrix[0].indices.tolist()  # a's first sentence: "rebel fighters ... city"
    furniture = pool.matrix[len(pool) - 1].indices.tolist()  # e's furniture sentence
    assert keys <= set(report)
    assert not keys & set(furniture)
    assert len(Pool.build({}).key_columns(3)) == 0
