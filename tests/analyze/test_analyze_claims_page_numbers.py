"""Numbers a page shows that count nothing never become claims."""

from __future__ import annotations

from dateline.analyze import analyze_article
from dateline.model import Article, DateEvidence, Source, article_id


def test_time_stamps_user_names_tickers_and_phone_numbers_are_not_claims() -> None:
    paragraphs = (
        "Rebels said 40 fighters were killed in Misrata on Monday .",
        "Posted by john123 on Jun 12 , 2009 3:45 pm EDT .",
        "Shares of Toyota -LRB- 7203.T -RRB- fell as 300 workers were laid off .",
        "For details call +1 -617 -536 -0220 or 617-536-0220 , officials said .",
    )
    article = Article(article_id("\n".join(paragraphs)), Source(), paragraphs,
                      published=DateEvidence("2011-04-18", "day", "text"))
    texts = {c.text for c in analyze_article(article, use_model=False).claims}
    assert "40" in texts and "300" in texts
    assert not texts & {"12", "3:45", "123", "7203", "617", "0220", "536", "2009"}
