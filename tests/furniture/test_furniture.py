"""The furniture step: a site's footer is learned from its articles on unrelated stories and
cut from all of them; a wire lead reprinted by many outlets, and a site's lead told again in
its updates of one story, stay."""

from __future__ import annotations

from dateline.furniture import CREDIT, FURNITURE, SiteFurniture, refresh
from dateline.model import Article, Source, article_id
from dateline.store import SQLiteStore

FOOTER = "Views expressed in the comments do not represent those of the Daily Planet ."
POLICY = "We welcome comments on our articles for a limited period after their publication ."

# Leads of unrelated stories (one per article).
STORIES = [
    "Floods in Pakistan's Sindh province drowned villages and cut the Indus highway , "
    "officials in Karachi said . Rescue boats reached stranded farmers near Sukkur .",
    "French voters chose a new parliament in Paris on Sunday , and the Socialists won a "
    "majority of seats . Turnout in the Assembly election was the lowest since 1958 .",
    "Manchester United beat Chelsea two goals to one at Old Trafford , with Rooney scoring "
    "the winner . The striker's goal came in the final minute of the match .",
    "An earthquake of magnitude 8.8 struck central Chile near Concepcion , toppling bridges "
    "and churches . Tsunami waves reached the port of Talcahuano .",
    "Drugmaker Novartis began a clinical trial of a malaria vaccine among children in Kenya "
    "and Tanzania . Researchers will follow the infants for two years .",
    "NASA launched the shuttle Discovery from Cape Canaveral to the space station , its "
    "astronauts carrying a laboratory module . The orbiter docked on Wednesday .",
    "Bankers in Frankfurt expect the European Central Bank to raise interest rates , as "
    "inflation in the euro zone climbs . Bond yields rose in German trading .",
]


def article(lead: str, outlet: str, *extra: str, title: str | None = None) -> Article:
    paragraphs = (lead, *extra)
    return Article(id=article_id("\n".join(paragraphs)), source=Source(path=f"{outlet}.txt"),
                   paragraphs=paragraphs, outlet=outlet, title=title)


def test_a_footer_is_learned_after_five_articles_of_one_site_on_unrelated_stories() -> None:
    step = SiteFurniture()
    site = [article(lead, "Daily Planet", FOOTER, POLICY) for lead in STORIES[:5]]
    step.fit(site[:4])
    assert step.clean(site[0]) is site[0]  # four articles: not yet furniture
    step.partial_fit(site[4:])
    cleaned = step.clean(site[0])
    assert cleaned.paragraphs == (STORIES[0],)
    assert cleaned.id == site[0].id  # the id names the text as ingested
    assert {(r.text, r.reason) for r in cleaned.removed} == {(FOOTER, FURNITURE),
                                                           (POLICY, FURNITURE)}
    # a new article of the site is cleaned on arrival, the footer also where it is glued
    glued = article(STORIES[5], "Daily Planet", f"Reporters contributed from Houston . {FOOTER}")
    assert step.clean(glued).paragraphs == (STORIES[5], "Reporters contributed from Houston .")
    # another site printing the same line is not cleaned: it is learned per site
    other = article(STORIES[6], "Evening Star", FOOTER)
    assert step.clean(other) is other


def test_a_wire_lead_reprinted_by_ten_outlets_is_kept() -> None:
    wire = "Syrian troops shelled the city of Homs on Monday , killing at least 20 people , " \
           "activists said ."
    reprints = [article(wire, f"Outlet {n}", f"Filed by desk {n} in an unrelated bureau .")
                for n in range(10)]
    step = SiteFurniture().fit(reprints)
    assert step.learned_ == {}
    assert all(step.clean(a) is a for a in reprints)


def test_a_sites_lead_told_again_in_its_updates_of_one_story_is_kept() -> None:
    lead = STORIES[3]
    updates = [article(lead, "Daily Planet", f"Update {n}: rescuers searched the rubble of "
                       f"Concepcion and Talcahuano for survivors of the earthquake .")
               for n in range(8)]
    step = SiteFurniture().fit(updates)
    assert step.clean(updates[0]) is updates[0]


def test_an_article_stored_before_its_sites_furniture_is_known_is_cleaned_again(
        store: SQLiteStore) -> None:
    first = article(STORIES[0], "Daily Planet", FOOTER)
    store.put_article(first)
    assert refresh(store).recleaned_ == []
    assert store.get_article(first.id).paragraphs == first.paragraphs  # not known yet
    store.put_articles(article(lead, "Daily Planet", FOOTER) for lead in STORIES[1:5])
    step = refresh(store)
    assert step.recleaned_ == [first.id]
    stored = store.get_article(first.id)
    assert stored.paragraphs == (STORIES[0],)
    assert stored.removed[-1].reason == FURNITURE
    assert all(a.paragraphs == (a.paragraphs[0],) for a in store.iter_articles())
    # the counts are in the store: a new article of the site is cleaned as it arrives
    late = article(STORIES[5], "Daily Planet", FOOTER)
    store.put_article(late)
    assert refresh(store).recleaned_ == []
    assert store.get_article(late.id).paragraphs == (STORIES[5],)


def test_agency_credits_are_cut_as_written_and_as_ptb_tokens() -> None:
    text = ("Shares fell sharply in Tokyo . -LRB- Reporting by Tim Castle ; Editing by Steve "
            "Addison -RRB-")
    one = article(STORIES[6], "Wire", text, "(Additional reporting by Jane Doe)")
    cleaned = SiteFurniture().fit([one]).clean(one)
    assert cleaned.paragraphs == (STORIES[6], "Shares fell sharply in Tokyo .")
    assert [r.reason for r in cleaned.removed] == [CREDIT, CREDIT]
