"""RSS and Atom feeds: one article per entry, with feedparser."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import feedparser

from dateline.ingest.fields import date_evidence
from dateline.ingest.files import sniff
from dateline.ingest.html import fragment_to_text
from dateline.ingest.raw import RawDocument
from dateline.model import IngestError, Source


def read_feed(data: bytes, name: str) -> Iterator[RawDocument | IngestError]:
    """Every entry of a feed file as a raw document.

    The entry's full content is used, else its summary (HTML inside becomes plain text); its
    link, title and author go with it, its ``published`` (else ``updated``) date is evidence
    of source ``feed``, and the feed's title is the outlet. ``Source.line`` is the entry's
    1-based position in the feed, so entries without a link stay distinct.
    """
    if sniff(data[:4096]) == "html":
        yield IngestError(name, "not a feed (an HTML page)", "the root element is <html>")
        return
    # A stream, never a string: feedparser treats a string as a URL or file name to open.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except ValueError as exc:  # e.g. "&#x110000;", a character reference past Unicode
        yield IngestError(name, "not a feed", f"feedparser failed: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception") or "not well-formed")
            if _looks_like_html(parsed):
                yield IngestError(name, "not a feed (an HTML page)", problem)
            else:
                yield IngestError(name, "not a feed", problem)
        elif not parsed.get("version"):
            yield IngestError(name, "not a feed", "no RSS or Atom root element")
        return
    feed = parsed.get("feed") or {}
    outlet = _clean(feed.get("title"))
    # the feed's own address when it gives one (rel="self"), else the site it belongs to
    links = feed.get("links") or []
    self_link = next((link.get("href") for link in links if link.get("rel") == "self"), None)
    feed_link = _clean(self_link) or _clean(feed.get("link"))
    for number, entry in enumerate(entries, start=1):
        yield _document(entry, name, number, outlet, feed_link)


def _document(
    entry: Any, name: str, number: int, outlet: str | None, feed_link: str | None
) -> RawDocument | IngestError:
    text = _content(entry)
    if not text.strip():
        return IngestError(f"{name}#{number}", "empty article", "entry has no content or summary")
    # dict.get: feedparser's own get() maps a missing "updated" to "published" and back
    published = date_evidence(dict.get(entry, "published"), "feed", "published", 0.85)
    if published is None:
        published = date_evidence(dict.get(entry, "updated"), "feed", "updated", 0.6)
    return RawDocument(
        source=Source(path=name, url=_clean(entry.get("link")), feed=feed_link, line=number,
                      format="feed"),
        text=text,
        title=_clean(entry.get("title")),
        outlet=outlet,
        byline=_clean(entry.get("author")),
        published=published,
        language=_clean(entry.get("language")),
    )


def _content(entry: Any) -> str:
    """The entry's full content (HTML preferred over plain), else its summary, as text."""
    contents = entry.get("content") or []
    contents = sorted(contents, key=lambda c: "html" not in (c.get("type") or ""))
    for content in contents:
        value = content.get("value") or ""
        if value.strip():
            return _as_text(value, content.get("type") or "")
    detail = entry.get("summary_detail") or {}
    return _as_text(entry.get("summary") or "", detail.get("type") or "text/html")


def _as_text(value: str, mime: str) -> str:
    return value if mime == "text/plain" else fragment_to_text(value)


def _looks_like_html(parsed: Any) -> bool:
    namespaces = parsed.get("namespaces") or {}
    return "html" in str(parsed.get("bozo_exception") or "").lower() or any(
        "xhtml" in uri for uri in namespaces.values()
    )


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
