"""What a story or an event is called, and the figures shown next to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dateline.model import Article
from dateline.sentences import split_sentences

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
MAX_LABEL = 110


@dataclass(frozen=True)
class ArticleInfo:
    """What the stories stage keeps of each article: enough for labels and figures."""

    id: str
    date: str | None  # YYYY-MM-DD when known to the day
    headline: str
    outlet: str | None
    group: str  # the id of the first article of its copy group (its own id when no copy)


_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": '"', "''": '"', "\\/": "/"}
_PTB_TOKEN = re.compile("|".join(re.escape(token) for token in _PTB))
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?)\]}%]|n't\b|'(?:s|re|ve|ll|d|m)\b)")
_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
_QUOTED = re.compile(r'" ([^"]*?) "')
# "Raqqa falls | CBC News", "WELT - Raqqa falls", "Raqqa falls - Al Jazeera English": a title's
# part of at most four capitalised words (or a host) beside a separator names the site.
_SEPARATOR = re.compile(r"(\s+[|\u2013\u2014:-]{1,2}\s+|\s*\|\s*)")
_SITE_PART = re.compile(r"(?:[A-Z0-9][\w.&'-]*|of|the|and|de|la|le)(?: (?:[A-Z0-9][\w.&'-]*|of|the"
                        r"|and|de|la|le)){0,3}|[\w-]+\.(?:com|org|net|co\.uk|de|fr)")
_NOT_A_LEAD = re.compile(r"^(?:By|For (?:updates|more|a|the full)|Click|Reporting|Editing)\b"
                         r"|:$", re.IGNORECASE)
SHORT_WORDS = 16  # a lead sentence longer than this is cut at a clause


def readable(text: str) -> str:
    """``text`` as written for a reader: PTB tokens of tokenised corpora (T17) undone
    ("-LRB-" is "(", " , " is ",", "`` x ''" is a quote) and whitespace made single."""
    text = _PTB_TOKEN.sub(lambda m: _PTB[m.group()], " ".join(text.split()))
    text = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
    return _QUOTED.sub(r'"\1"', text)


def clean_title(title: str, outlet: str | None = None) -> str:
    """``title`` without the site's name that pages print beside it ("| CBC News", "WELT -")."""
    parts = _SEPARATOR.split(title.strip())  # text, separator, text, ...
    site = (outlet or "").lower()
    while len(parts) > 1:
        if _is_site(parts[-1], site) and len("".join(parts[:-2]).split()) >= 3:
            parts = parts[:-2]
        elif _is_site(parts[0], site) and len("".join(parts[2:]).split()) >= 3:
            parts = parts[2:]
        else:
            break
    return "".join(parts)


def _is_site(part: str, site: str) -> bool:
    part = part.strip()
    return bool(part) and (part.lower() == site or (
        bool(_SITE_PART.fullmatch(part)) and len(part.split()) <= 4
        and not any(ch.isdigit() for ch in part) and part[-1:] not in ".?!"))


# An agency dateline that opens the story: "WASHINGTON -LRB- Reuters -RRB- -", "(CNN) --".
_AGENCY_MARK = re.compile(r"(?:\(|-LRB-)\s*(?:Reuters|AP|AFP|CNN|Reuters Life !)\s*"
                          r"(?:\)|-RRB-)\s*(?:''\s*)?(?:--?|\u2014|\u2013)\s+")
# "After SARS and bird flu , Asia wary of new virus HONG KONG | Mon Apr 27 , 2009 ...": a
# headline run into the page's place-and-time stamp.
_STAMP = re.compile(r"\s*(?:[A-Z][A-Z.'\\/-]+(?:\s+[A-Z][A-Z.'\\/-]+)*|\s*,\s*[A-Z][\w.'\\/-]+|"
                    r"\s+[A-Z][a-z]+\s+\d{1,2})*\s*\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\s")
_PAGE_WORDS = re.compile(r"^(?:.{0,120}?\bFull Article\s+|\\?\*\s*)+")
_TICKER_END = re.compile(r"\s*(?:\(|-LRB-)\s*[A-Z0-9]{1,6}\s*\.?$")  # "Novartis (NOVN."
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
_BULLET = re.compile(r"\s+\\?\*\s+")
_CAPTION = re.compile(r"\b(?:is|are) seen\b|\b\d{1,2} , \d{4} \.?$|\d{4} \.$")


def headline(article: Article) -> str:
    """A short title for an article (see :func:`ranked_headline`)."""
    return ranked_headline(article)[0]


def ranked_headline(article: Article) -> tuple[str, int]:
    """A short title for an article: its title without the site's name, else the headline a
    page runs into its first lines (before the place-and-time stamp, or its first summary
    bullet), else a short phrase from its lead: the first sentence that reads like news,
    without the byline, dateline or time stamp it opens with, cut at a clause when long. PTB
    tokens are shown as written, never as tokens. The rank says which: 2 a title, 1 a headline
    run into the page, 0 a phrase from the lead (a story is labelled by its best)."""
    if article.title and article.title.strip():
        title = _PAGE_WORDS.sub("", article.title.strip()) or article.title
        return _cut(readable(clean_title(title, article.outlet))), 2
    for paragraph in article.paragraphs[:2]:
        stamp = _STAMP.search(paragraph)
        mark = _AGENCY_MARK.search(paragraph)
        end = stamp.start() if stamp else (mark.start() if mark else -1)
        if end > 0:
            head = _PAGE_WORDS.sub("", paragraph[:end])
            head = _BULLET.split(head)[0].strip()
            if 3 <= len(head.split()) <= 20 and len(_LOWER_WORD.findall(head)) >= 2 \
                    and not _CAPTION.search(head) and not _NOT_A_LEAD.search(head) \
                    and not head.startswith(("(", "-LRB-", "Credit")):
                return _cut(readable(head)), 1
        if mark:
            lead = _TICKER_END.sub("", (split_sentences(paragraph[mark.end():]) or [""])[0])
            if len(lead.split()) >= 4:
                return _cut(_short(readable(lead))), 0
    for paragraph in article.paragraphs[:6]:
        for sentence in split_sentences(paragraph)[:3]:
            mark = _AGENCY_MARK.search(sentence)
            text = readable(sentence[mark.end():] if mark else sentence)
            text = _TICKER_END.sub("", text)
            if len(text.split()) >= 4 and not _NOT_A_LEAD.search(text) \
                    and not _STAMP.search(text) and not _CAPTION.search(sentence):
                return _cut(_short(text)), 0
    for paragraph in article.paragraphs:
        if paragraph.strip():
            return _cut(readable(paragraph)), 0
    return "untitled article", 0


def _short(text: str) -> str:
    """A long lead sentence cut after its first clause of six words or more."""
    words = text.split()
    if len(words) <= SHORT_WORDS:
        return text
    for i in range(6, SHORT_WORDS):
        if words[i - 1].endswith((",", ";")) or words[i] in ("--", "\u2014"):
            return " ".join(words[:i]).rstrip(",;") + "\u2026"
    return " ".join(words[:SHORT_WORDS]) + "\u2026"


def _cut(text: str) -> str:
    text = " ".join(text.split()).lstrip("-\u2013\u2014|:;, ")
    if len(text) <= MAX_LABEL:
        return text
    return text[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "\u2026"


def info(article: Article, group: str | None = None) -> ArticleInfo:
    """The :class:`ArticleInfo` of an article (a pure function)."""
    return ArticleInfo(article.id, article.published_day, headline(article),
                       article.outlet or article.agency, group or article.id)


def date_range(infos: Iterable[ArticleInfo]) -> tuple[str | None, str | None]:
    dates = sorted(i.date for i in infos if i.date)
    return (dates[0], dates[-1]) if dates else (None, None)


def outlets(infos: Iterable[ArticleInfo]) -> tuple[str, ...]:
    return tuple(sorted({i.outlet for i in infos if i.outlet}))


def independent(infos: Iterable[ArticleInfo]) -> int:
    """Articles counted once per group of copies."""
    return len({i.group for i in infos})
