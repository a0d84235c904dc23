"""The dates a web page gives about itself: URL, meta tags, JSON-LD, ``<time>``, date text.

:func:`page_date_evidence` turns every stamp a page carries into a :class:`DateEvidence`, and
:func:`dateline.ingest.metadata.choose_published` picks the publication date from them, with
the dates the article text gives. Each piece says where it was read (``detail``) and how far it
is trusted (``confidence``):

* ``html-meta`` (0.9): a publication meta tag (``article:published_time``, ``date``,
  ``DC.date.issued``...), an ``itemprop="datePublished"``; ``json-ld`` (0.9): the page's
  ``datePublished`` / ``dateCreated``.
* ``url`` (0.8): a day in the page's URL (given, canonical or ``og:url``): ``/2017/07/04/``.
* ``html-time`` (0.85 when marked as the publication, else 0.6 for the first and 0.3 for
  the others): ``<time datetime>``, a microformat ``<abbr class="published">``.
* ``html-text``: a date printed after a cue ("Published on", "Veröffentlicht am", 0.7), or
  inside an element whose class or id names a date (``class="date"``, ``entry-meta``: the
  first 0.55, the next ones 0.3); ``page-text`` (0.2): any other date printed on the page.
* ``updated`` (0.3): ``article:modified_time``, ``og:updated_time``, ``dateModified``,
  ``last-modified``, a ``<time class="updated">``. An update stamp is never chosen over a
  publication stamp (:func:`is_update`).

Numeric dates are read in the order the page's language writes them (``lang``,
``content-language``, ``og:locale``, else the country domain; see
:func:`dateline.ingest.dates.day_first_for`). No date is ever taken from today, the crawl or a
file time: a page without any stamp gives no evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement

from dateline.ingest.dates import day_first_for, find_dates
from dateline.ingest.fields import parse_date
from dateline.model import DateEvidence

PUBLISHED_META = {
    "article:published_time", "article:published", "og:published_time", "published_time",
    "og:article:published_time", "article.published", "article_date_original", "datepublished",
    "date_published", "publishdate", "publish-date", "publish_date", "published-date",
    "published_date", "publication_date", "publication-date", "pubdate", "pub_date", "date",
    "dc.date", "dc.date.issued", "dc.date.created", "dc.date.published", "dc.created",
    "dc.issued", "dcterms.date", "dcterms.issued", "dcterms.created", "citation_date",
    "citation_publication_date", "citation_online_date", "sailthru.date", "parsely-pub-date",
    "originalpublicationdate", "created", "creation_date", "date_created", "datecreated",
    "release_date", "displaydate", "bt:pubdate", "rnews:datepublished", "article:post_date",
    "postdate", "post_date", "cxenseparse:recs:publishtime", "vr:published_time",
    "shareaholic:article_published_time", "article:publication_date", "dc.date.available",
    "uploaddate", "itemprop:datepublished", "itemprop:datecreated",
}
UPDATED_META = {
    "article:modified_time", "article:modified", "og:updated_time", "og:modified_time",
    "modified_time", "datemodified", "date_modified", "last-modified", "lastmod",
    "last_modified", "lastmodified", "dc.date.modified", "dcterms.modified", "dc.modified",
    "revised", "updated", "updated_time", "article.updated", "dateupdated", "modified",
    "shareaholic:article_modified_time", "eomportal-lastupdate", "itemprop:datemodified",
}
_LD_PUBLISHED = ("datePublished", "dateCreated", "uploadDate")
_DATE_CLASS = re.compile(r"date|datum|time|zeit|publi|posted|byline|meta|fecha|submitted|"
                         r"dateline|entry-info|article-info|post-info|info", re.IGNORECASE)
_UPDATE_CLASS = re.compile(r"updat|modif|aktualisiert|edited", re.IGNORECASE)
_PUBLISHED_CLASS = re.compile(r"publish|pubdate|entry-date|post-date|date-post|created",
                              re.IGNORECASE)
_CUE = re.compile(r"(?:published|posted|veröffentlicht|erschienen|erstellt|publié|publicado|"
                  r"pubblicato|gepubliceerd|date of publication|publication date)"
                  r"\s*(?:on|am|le|el|il|op|:)?\s*:?\s*$", re.IGNORECASE)
_UPDATE_CUE = re.compile(r"(?:updated|modified|aktualisiert|geändert|mis à jour|actualizado|"
                         r"aggiornato|bijgewerkt|stand)\s*(?:on|am|le|el|il|op|:)?\s*:?\s*$",
                         re.IGNORECASE)
_URL_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<s>[/_-]?)(?P<m>[01]?\d)(?P=s)"
                      r"(?P<d>[0-3]?\d)(?!\d)")
_URL_DAY_FIRST = re.compile(r"(?<![\d.-])(?P<d>[0-3]\d)(?P<s>[._-])(?P<m>[01]\d)(?P=s)"
                            r"(?P<y>(?:19|20)\d{2})(?!\d)")  # /29-10-2021-title
_CLOCK = r"\d[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?\s*"
_UTC_TIME = re.compile(_CLOCK + r"(?:Z|[+-]00:?00|UTC|GMT)\s*$", re.IGNORECASE)
_OFFSET = re.compile(_CLOCK + r"(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})$")
UTC_DAY_HOURS = (6, 18)  # a UTC time outside these hours is another day in much of the world
MIN_PAGE_YEAR = 1990  # the web's first pages; an earlier stamp on a page is not its date
MAX_TEXT_DATES = 40  # dates read from the page's text; a calendar or an archive has hundreds
MAX_ELEMENT_TEXT = 160  # characters of an element read as a date field
LIST_SIZE = 3  # an element class used this often on a page marks a list (teasers, comments)
FIELD_DEPTH = 3  # a date field's class may sit on the element or up to 3 levels above it

PUBLISHED, MARKED_TIME, URL, CUE, FIRST_TIME, FIRST_FIELD = 0.9, 0.85, 0.8, 0.7, 0.6, 0.55
OTHER_FIELD, UPDATED, PAGE_TEXT, UTC_EDGE, LIST_FIRST = 0.3, 0.3, 0.2, 0.5, 0.4
UPDATE_SOURCE = "updated"


def is_update(evidence: DateEvidence) -> bool:
    """An update stamp (the page's or a byline's "Updated ..."), never the publication date."""
    return evidence.source == UPDATE_SOURCE or evidence.detail.startswith("updated ")


def page_language(tree: HtmlElement) -> str | None:
    """The page's language tag: ``<html lang>``, ``content-language``, else ``og:locale``."""
    lang = tree.get("lang") or tree.get("xml:lang")
    if lang:
        return lang.strip() or None
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            content = (meta.get("content") or "").strip()
            if content:
                return content.split(",")[0].strip()
    return None


@dataclass(frozen=True)
class _Page:
    """What reading one page's stamps needs: its tree, date order, time zone and lists."""

    tree: HtmlElement
    day_first: bool
    offset: dt.timedelta | None  # the publisher's UTC offset, when its stamps show one
    lists: frozenset[str]  # tag.class pairs repeated on the page (teasers, comments)


def page_date_evidence(tree: HtmlElement, url: str | None) -> list[DateEvidence]:
    """Every date stamp of one page as evidence, publication and update stamps alike."""
    page = _Page(tree, day_first_for(page_language(tree), url or _page_url(tree)),
                 _local_offset(tree), frozenset(_repeated(tree)))
    evidence: list[DateEvidence] = []
    evidence += _meta_evidence(page)
    evidence += _json_ld_evidence(page)
    evidence += _url_evidence(tree, url)
    evidence += _time_evidence(page)
    evidence += _text_evidence(page)
    return evidence


def _local_offset(tree: HtmlElement) -> dt.timedelta | None:
    """The most common non-zero UTC offset of the page's machine stamps, if any."""
    stamps = [e.get("content") or "" for e in tree.iter("meta")]
    stamps += [e.get("datetime") or "" for e in tree.iter("time")]
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        stamps += re.findall(r'"date\w*"\s*:\s*"([^"]{10,40})"', script.text or "")
    counts: dict[str, int] = {}
    for stamp in stamps:
        match = _OFFSET.search(stamp.strip())
        if match and match["h"] + match["m"] != "0000":
            key = f"{match['sign']}{match['h']}:{match['m']}"
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda key: counts[key])
    minutes = int(best[1:3]) * 60 + int(best[4:6])
    return dt.timedelta(minutes=-minutes if best[0] == "-" else minutes)


def _evidence(value: dt.date | str | None, source: str, detail: str, confidence: float,
              page: _Page | None = None) -> DateEvidence | None:
    """A stamp (a date, or a string to read) as evidence; ``None`` when it is no usable day.

    A UTC time is moved to the publisher's offset when the page shows one (its local day is
    the one it prints); without one, a UTC time near midnight is weak evidence for its day.
    """
    if isinstance(value, str):
        stamp = value.strip()
        parsed = parse_date(stamp)
        if parsed is None or parsed[1] != "day":
            found = find_dates(stamp[:MAX_ELEMENT_TEXT], page.day_first if page else True)
            value = found[0].date if found else None
        else:
            value = dt.date(*(int(part) for part in parsed[0].split("-")))
            utc = _UTC_TIME.search(stamp)
            if utc and (utc["hour"], utc["minute"], utc["second"] or "00") != ("00", "00", "00"):
                moment = dt.datetime.combine(value, dt.time(int(utc["hour"]) % 24,
                                                            int(utc["minute"])))
                if page is not None and page.offset is not None:
                    value = (moment + page.offset).date()
                    detail = f"{detail} (local day at the page's UTC offset {page.offset})"
                elif not UTC_DAY_HOURS[0] <= moment.hour < UTC_DAY_HOURS[1]:
                    confidence = min(confidence, UTC_EDGE)
                    detail = f"{detail} (UTC, near midnight: the local day may differ)"
    if value is None or not MIN_PAGE_YEAR <= value.year <= dt.date.today().year + 1:
        return None
    return DateEvidence(value.isoformat(), "day", source, detail[:200], confidence)


def _meta_evidence(page: _Page) -> Iterator[DateEvidence]:
    """Meta tags, and RDFa/microdata ``content`` on any element (``property="dc:date"``)."""
    for meta in page.tree.xpath("//meta|//*[@content][@property or @itemprop]"):
        content = meta.get("content") or meta.get("datetime")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = _meta_key(attribute, meta.get(attribute) or "")
            if not key:
                continue
            if key in PUBLISHED_META:
                item = _evidence(content, "html-meta", f"{key}={content}", PUBLISHED, page)
            elif key in UPDATED_META:
                item = _evidence(content, UPDATE_SOURCE, f"meta {key}={content}", UPDATED,
                                 page)
            else:
                continue
            if item is not None:
                yield item
            break


def _meta_key(attribute: str, name: str) -> str:
    """One spelling per stamp: ``schema:datePublished`` and ``itemprop`` alike, ``dc:date``
    as ``dc.date``, ``http-equiv="date"`` as ``dc.date``."""
    key = name.strip().lower()
    prefix, colon, rest = key.partition(":")
    if colon and prefix in ("schema", "sdo"):
        return "itemprop:" + rest
    if colon and prefix in ("dc", "dcterms"):
        return f"{prefix}.{rest}"
    if attribute == "itemprop" and key:
        return "itemprop:" + key
    if attribute == "http-equiv" and key == "date":
        return "dc.date"
    return key


def _json_ld_evidence(page: _Page) -> Iterator[DateEvidence]:
    for script in page.tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:  # broken JSON-LD is common; its stamps are still readable
            data = dict(re.findall(r'"(date\w+|uploadDate)"\s*:\s*"([^"]{6,40})"',
                                   script.text or ""))
        for item in _ld_objects(data):
            for key in (*_LD_PUBLISHED, "dateModified"):
                value = item.get(key)
                if not isinstance(value, str):
                    continue
                if key == "dateModified":
                    found = _evidence(value, UPDATE_SOURCE, f"json-ld {key}={value}", UPDATED,
                                      page)
                else:
                    found = _evidence(value, "json-ld", f"{key}={value}", PUBLISHED, page)
                if found is not None:
                    yield found


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """The page's own JSON-LD objects (top level and ``@graph``), not comments or reviews."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                yield from (node for node in graph if isinstance(node, dict))


def _page_url(tree: HtmlElement) -> str | None:
    for link in tree.xpath('//link[@rel="canonical"][@href]|//meta[@property="og:url"]'):
        address = link.get("href") or link.get("content")
        if address:
            return str(address)
    return None


def _url_evidence(tree: HtmlElement, url: str | None) -> Iterator[DateEvidence]:
    for address, label in ((url, "url"), (_page_url(tree), "canonical url")):
        if not address:
            continue
        path = re.sub(r"^[a-z]+://[^/]+", "", address, flags=re.IGNORECASE)
        for match in [*_URL_DAY.finditer(path), *_URL_DAY_FIRST.finditer(path)]:
            if not match["s"] and len(match[0]) != 8:
                continue  # "2017104" is no day; "20171004" is
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            item = _evidence(day, "url", f"{label} {address}", URL)
            if item is not None:
                yield item
                return


def _time_evidence(page: _Page) -> Iterator[DateEvidence]:
    first = True
    listed: set[str] = set()
    for element in page.tree.xpath("//time|//abbr[@title]|//*[@itemprop][not(self::meta)]"):
        itemprop = (element.get("itemprop") or "").lower()
        marks = f"{element.get('class') or ''} {itemprop}"
        if element.tag == "abbr" and not re.search(r"published|updated|date", marks):
            continue
        if element.tag not in ("time", "abbr") and itemprop not in (
                "datepublished", "datecreated", "datemodified"):
            continue
        stamp = (element.get("datetime") or element.get("content") or element.get("title")
                 or element.text_content() or "").strip()
        detail = f"<{element.tag} {marks.strip()}> {stamp}"
        signature = _signature(element)
        if signature in page.lists:  # one of many: a list of other articles, bar the first
            confidence = PAGE_TEXT if signature in listed else LIST_FIRST
            listed.add(signature)
            item = _evidence(stamp, "page-text", detail, confidence, page)
        elif _UPDATE_CLASS.search(marks) or itemprop == "datemodified":
            item = _evidence(stamp, UPDATE_SOURCE, detail, UPDATED, page)
        elif (_PUBLISHED_CLASS.search(marks) or element.get("pubdate") is not None
              or itemprop in ("datepublished", "datecreated")):
            item = _evidence(stamp, "html-time", detail, MARKED_TIME, page)
        else:
            item = _evidence(stamp, "html-time", detail, FIRST_TIME if first else OTHER_FIELD,
                             page)
        if item is not None:
            first = first and item.source != "html-time"
            yield item


def _signature(element: HtmlElement) -> str:
    return f"{element.tag}.{element.get('class') or ''}"


def _repeated(tree: HtmlElement) -> set[str]:
    """Tag and class pairs used :data:`LIST_SIZE` times or more: teasers, comments, archives."""
    counts: dict[str, int] = {}
    for element in tree.iter():
        if isinstance(element.tag, str) and element.get("class"):
            key = _signature(element)
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= LIST_SIZE}


def _text_evidence(page: _Page) -> Iterator[DateEvidence]:
    """Dates printed on the page: after a cue, in a date field, or anywhere (weakly)."""
    first_field = True
    seen = 0
    listed_seen: set[str] = set()
    for element in page.tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        pieces = [element.text or ""] + [child.tail or "" for child in element]
        text = " ".join(piece.strip() for piece in pieces if piece.strip())
        if not text:
            continue
        found = find_dates(text, page.day_first)
        if not found:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        near = [element, *list(element.iterancestors())[:FIELD_DEPTH]]
        near = [e for e in near if e.tag not in ("body", "html")]
        listed = [_signature(e) for e in near if _signature(e) in page.lists]
        field = not listed and any(
            _DATE_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}") for e in near)
        for date in found:
            before = text[max(0, date.start - 40):date.start]
            detail = f"<{element.tag} {marks.strip()}> {date.text}".replace("<  ", "<")
            if listed:  # a list of other articles' dates; its first item may be the page's
                first_item = listed[0] not in listed_seen
                listed_seen.add(listed[0])
                item = _evidence(date.date, "page-text", detail,
                                 LIST_FIRST if first_item else PAGE_TEXT)
            elif _UPDATE_CUE.search(before):
                item = _evidence(date.date, UPDATE_SOURCE, f"{detail} after '{before.strip()}'",
                                 UPDATED)
            elif _CUE.search(before):
                item = _evidence(date.date, "html-text", f"{detail} after '{before.strip()}'",
                                 CUE)
            elif field and len(text) <= MAX_ELEMENT_TEXT:
                item = _evidence(date.date, "html-text", detail,
                                 FIRST_FIELD if first_field else OTHER_FIELD)
                first_field = first_field and item is None
            else:
                item = _evidence(date.date, "page-text", detail, PAGE_TEXT)
            if item is not None:
                yield item
                seen += 1
                if seen >= MAX_TEXT_DATES:
                    return

