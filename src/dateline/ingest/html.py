"""HTML pages: main text and metadata with trafilatura, date stamps with ``ingest.pagedates``.

Readers hand on the page as ``RawDocument(html=...)``; :func:`extract_raw` (called by
``to_article``) turns it into text and metadata once, inside the pure per-article path, so a
Spark task extracts exactly as a local ingest does. Every date stamp of the page (URL, meta
tags, JSON-LD, ``<time>``, printed dates) becomes evidence, and ``ingest.metadata`` chooses the
publication date from it; an unknown date stays ``None``, never the crawl or file time.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import trafilatura
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura.utils import HTML_PARSER, load_html

from dateline.ingest.pagedates import page_date_evidence
from dateline.ingest.raw import RawDocument
from dateline.model import DateEvidence

# trafilatura options of the HTML path, chosen on bench/extraction.py (see bench/README.md).
# Comments under an article are reader talk, not the report: they stay out.
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "favor_recall": False,
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class HtmlExtract:
    """What a page gives: main text and the metadata found in its markup."""

    text: str | None
    title: str | None = None
    sitename: str | None = None
    author: str | None = None
    url: str | None = None
    language: str | None = None
    date_evidence: tuple[DateEvidence, ...] = ()  # every stamp (dateline.ingest.pagedates)


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text, title, site name, author, URL and date stamps of one page.

    ``url`` (when known) helps both: relative links and dates in the path (``/2017/07/04/``).
    The date stamps are :func:`dateline.ingest.pagedates.page_date_evidence`; trafilatura's
    own htmldate pick is not used (``bench/dates_web.py`` compares the two).
    """
    tree = _parse(html)
    if tree is None:
        return HtmlExtract(text=None)
    document = trafilatura.bare_extraction(
        tree, url=_http(url), with_metadata=True, **EXTRACT_OPTIONS,
        date_extraction_params={"original_date": True, "extensive_search": False,
                                "max_date": date.today().isoformat()},
    )
    if document is None:
        return HtmlExtract(text=None)
    page_url = document.url or _http(url)
    return HtmlExtract(
        text=document.text or None,
        title=_without_site(document.title, document.sitename),
        sitename=document.sitename or None,
        author=document.author or None,
        url=page_url,
        language=_language(tree),
        date_evidence=tuple(page_date_evidence(tree, page_url)),
    )


def html_to_text(html: str, url: str | None = None) -> str | None:
    """The main text of a page (``None`` when trafilatura finds none)."""
    return extract_html(html, url).text


def extract_raw(raw: RawDocument) -> RawDocument:
    """A raw document carrying ``html`` turned into one carrying ``text`` and page metadata.

    What the container said (a feed entry's title, a JSONL date) wins over what the page says;
    the page fills only what the container left empty.
    """
    if raw.html is None:
        return raw
    page = extract_html(raw.html, raw.source.url)
    source = raw.source
    if source.url is None and page.url:
        source = dataclasses.replace(source, url=page.url)
    return dataclasses.replace(
        raw, source=source, text=page.text or "", html=None,
        title=raw.title or page.title, outlet=raw.outlet or page.sitename,
        byline=raw.byline or page.author, published=raw.published,
        language=raw.language or page.language, date_evidence=page.date_evidence,
    )


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "pre", "figcaption", "dd", "dt", "table", "ul", "ol"}


def fragment_to_text(fragment: str) -> str:
    """An HTML fragment (a feed entry's content) as plain text, one block per line.

    A feed's content is the article itself, so nothing is judged boilerplate here; scripts and
    styles go, every block element becomes its own line.
    """
    if "<" not in fragment:
        return fragment
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml refuses some byte soup; its text is still the best we have
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    lines: list[str] = []
    current: list[str] = []

    def walk(element: HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCKS:
            _flush(current, lines)
        if element.text and tag:
            current.append(element.text)
        for child in element:
            walk(child)
        if tag in _BLOCKS:
            _flush(current, lines)
        if element.tail:
            current.append(element.tail)

    walk(root)
    _flush(current, lines)
    return "\n".join(lines)


def _flush(current: list[str], lines: list[str]) -> None:
    line = re.sub(r"\s+", " ", "".join(current)).strip()
    if line:
        lines.append(line)
    current.clear()


def _parse(html: str) -> HtmlElement | None:
    """The page's tree. libxml2 stops at 256 levels of nesting and then loses the whole
    page's text: a page nested deeper is parsed again with its deepest tags taken out
    (their text kept, :func:`shallow`)."""
    try:
        tree = load_html(html)
        if any("Excessive depth" in e.message for e in HTML_PARSER.error_log):
            tree = load_html(shallow(html))
        return tree
    except Exception:  # malformed markup lxml cannot recover from
        return None


MAX_DEPTH = 200
_MARKUP = re.compile(r"<!--.*?-->|<(script|style|textarea)\b[^>]*>.*?</\1\s*>"
                     r"|<(/?)([A-Za-z][\w:.-]*)\b[^>]*>", re.S | re.I)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_SELF_CLOSING = {"p", "li", "tr", "td", "th", "dt", "dd", "option"}  # a second one closes the first


def shallow(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` without the tags opened below ``max_depth`` levels (and their closing tags):
    the text inside them stays, one level up. Comments, scripts and styles are kept whole."""
    stack: list[tuple[str, bool]] = []  # open tags, and whether each is kept
    kept = 0
    out: list[str] = []
    last = 0
    for match in _MARKUP.finditer(html):
        name = (match.group(3) or "").lower()
        if not name or name in _VOID or match.group().endswith("/>"):
            continue
        cut = False
        if match.group(2):  # a closing tag closes the nearest open one of its name
            for i in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
                if stack[i][0] == name:
                    cut = not stack[i][1]
                    kept -= sum(k for _, k in stack[i:])
                    del stack[i:]
                    break
        else:
            if name in _SELF_CLOSING and stack and stack[-1][0] == name:
                kept -= stack.pop()[1]
            keep = kept < max_depth
            stack.append((name, keep))
            kept += keep
            cut = not keep
        if cut:
            out.append(html[last : match.start()])
            last = match.end()
    out.append(html[last:])
    return "".join(out)


def _http(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def _language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or ""
    return lang.split("-")[0].lower() or None


def _without_site(title: str | None, site: str | None) -> str | None:
    """``"Losing face | The Japan Times"`` -> ``"Losing face"``: the site is the outlet."""
    if not title or not site:
        return title or None
    for separator in (" | ", " - ", " – ", " — ", " :: "):
        if title.endswith(separator + site) and len(title) > len(separator + site):
            return title[: -len(separator + site)].strip()
    return title


def _evidence(tree: HtmlElement, value: str, url: str | None) -> DateEvidence | None:
    """The date htmldate chose, labelled with the place that supports it.

    The URL and machine-readable markup (meta tags, JSON-LD, ``<time datetime>``) are strong;
    a date htmldate only found by pattern in the page is weaker, since it may be any date
    printed on the page.
    """
    if not _DAY.match(value):
        return None
    year, month, day = value.split("-")
    if url and re.search(rf"{year}[/_-]?{month}[/_-]?{day}", url):
        return DateEvidence(value, "day", "url", url, 0.8)
    for meta in tree.iter("meta"):
        content = meta.get("content") or ""
        if content[:10] == value or content[:8] == f"{year}{month}{day}":
            name = meta.get("property") or meta.get("name") or meta.get("itemprop") or "meta"
            return DateEvidence(value, "day", "html-meta", f"{name}={content}", 0.85)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        match = re.search(rf'"(date\w*)"\s*:\s*"({value}[^"]*)"', script.text or "")
        if match:
            return DateEvidence(value, "day", "html-meta", f"json-ld {match[1]}={match[2]}", 0.85)
    for element in tree.xpath("//time[@datetime]|//abbr[@title]"):
        stamp = element.get("datetime") or element.get("title") or ""
        if stamp[:10] == value:
            return DateEvidence(value, "day", "html-time", f"<{element.tag}> {stamp}", 0.75)
    return DateEvidence(value, "day", "html-text", "htmldate pattern in the page", 0.4)
