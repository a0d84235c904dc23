"""Metadata inferred from the clean text: title, subtitle, byline, agency, dateline, date.

The first paragraphs of a clean text are its *header*: a title, a standfirst (subtitle), a
byline, a date line, in some order, before the lead. :func:`infer_metadata` reads them, takes
them out of the body, and reads the dateline off the lead. What the container said (HTML
metadata, a feed entry, a JSONL field) wins over what the text suggests.

Decisions, and why:

* **Title**: the first paragraph when it reads like a headline (2 to 25 words, no full stop at
  the end, more paragraphs after it). A first paragraph that ends as a sentence is the lead and
  stays in the body; no title is invented from it. A title given by the container wins, and a
  first paragraph repeating it is dropped.
* **Subtitle** (standfirst): the single sentence after a title that either has no full stop or
  is followed by the byline, a date line or a dateline lead. It goes to ``subtitle``, out of the
  body: it is the editor's summary, printed differently by each outlet.
* **Dateline**: the place goes to ``dateline`` as written ("BEIRUT", "Raqqa, Syria"), and the
  prefix is cut from the lead, so the lead is the reporter's sentence as every copy prints it
  ("Raqqa: US-backed militias battled..." and "US-backed militias battled..." align). The cut
  prefix, the byline line and date lines go to ``removed`` (reasons ``dateline``, ``byline``,
  ``date-line``), so every character of the input is still somewhere in the article.
* **Publication date**: every piece of evidence goes to ``date_evidence``. ``published`` is the
  container's date when its confidence is >= :data:`MIN_PUBLISHED_CONFIDENCE`; else the value
  best supported by the evidence, when its strongest piece reaches that threshold (agreeing
  pieces add up: one minus the product of their doubts); else ``None``. Never a file or crawl
  time chosen silently. Confidences: container as given, byline date 0.9, a dated dateline
  ("MOSUL, Iraq, July 4, 2017 (AFP) -") 0.85, date line 0.8, caption date with the lead's
  weekday 0.6, "last updated" date 0.4, photo caption date 0.3, embedded video or file
  picture caption 0.1 (dated by itself; never combined with a weekday).
  The caption+weekday rule: a photo is taken on or before the day of the article, so the
  weekday the lead's first sentence names ("on Wednesday") is the first such day on or after
  the latest photo caption date (0 to 6 days later).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dateline.ingest.agencies import (
    agency_in,
    choose_agency,
    credit_agencies,
    outlet_cue,
    text_cues,
)
from dateline.ingest.captions import caption_kind
from dateline.ingest.cleaning import CleanText, ends_sentence
from dateline.ingest.datelines import (
    Byline,
    Dateline,
    dateline_alone,
    parse_byline,
    parse_dateline,
)
from dateline.ingest.dates import (
    find_dates,
    first_weekday,
    parse_date_line,
    weekday_on_or_after,
)
from dateline.ingest.pagedates import is_update
from dateline.ingest.raw import RawDocument
from dateline.model import DateEvidence, RemovedText, normalize_text
from dateline.sentences import split_sentences

FILE_PICTURE = re.compile(r"\b[Ff]ile (photo|picture|image|footage)\b|\bFILE\b|\b[Aa]rchives?\b")
MIN_PUBLISHED_CONFIDENCE = 0.5
# A page's own stamps may win below that threshold: a weak date the page prints is its date.
CAPTION_SOURCES = ("caption", "video-caption")
PAGE_SOURCES = {"html-meta", "json-ld", "url", "html-time", "html-text", "page-text"}
CONFIDENCE = {"byline": 0.9, "dateline": 0.85, "date-line": 0.8, "caption+weekday": 0.6,
              "updated": 0.4, "caption": 0.3, "video-caption": 0.1}
_UPDATE_LINE = re.compile(r"\s*(last |latest )?(updated?|modified|aktualisiert|geändert"
                          r"|mis à jour|actualizado|aggiornato)\b", re.IGNORECASE)
MAX_TITLE_WORDS = 25
MIN_SUBTITLE_WORDS, MAX_SUBTITLE_WORDS = 5, 40
MAX_HEADER = 6  # paragraphs looked at for title, subtitle, byline and date lines


@dataclass(frozen=True)
class Metadata:
    """What :func:`infer_metadata` found; every field not supported by evidence is ``None``."""

    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    agency: str | None = None
    dateline: str | None = None
    published: DateEvidence | None = None
    date_evidence: tuple[DateEvidence, ...] = ()
    body: tuple[str, ...] = ()  # paragraphs left once title/byline lines are taken out
    subtitle: str | None = None
    # Header text taken out and kept nowhere else verbatim: the byline and date lines, the
    # dateline prefix (reasons "byline", "date-line", "dateline"). Title and subtitle have fields.
    removed: tuple[RemovedText, ...] = ()


def looks_like_title(paragraph: str) -> bool:
    """A headline: 2 to 25 words, starts with a capital, digit or quote, no final full stop."""
    words = len(paragraph.split())
    return (2 <= words <= MAX_TITLE_WORDS and len(paragraph) <= 200
            and (paragraph[0].isupper() or paragraph[0].isdigit() or paragraph[0] in "\"'“‘")
            and not paragraph.rstrip("\"'”’)").endswith((".", ",", ";", ":"))
            and parse_byline(paragraph) is None and parse_date_line(paragraph) is None)


def _same_title(paragraph: str, title: str) -> bool:
    a, b = normalize_text(paragraph), normalize_text(title)
    return a == b or (len(a) >= 20 and b.startswith(a))  # "Title | Site" in a <title>


def _starts_story(paragraph: str, rest: str) -> bool:
    return (parse_byline(paragraph) is not None or parse_date_line(paragraph) is not None
            or parse_dateline(paragraph, rest) is not None)


@dataclass
class _Header:
    title: str | None = None
    subtitle: str | None = None
    byline: Byline | None = None
    date_lines: tuple[tuple[str, dt.date], ...] = ()
    dateline: Dateline | None = None
    lead: int = 0
    lines: list[RemovedText] = field(default_factory=list)


def read_header(paragraphs: list[str], container_title: str | None,
                language: str | None = None) -> _Header:
    """Find title, subtitle, byline and date lines at the top; ``lead`` is the first body index."""
    header = _Header(title=container_title)
    i = 0
    if paragraphs and container_title and _same_title(paragraphs[0], container_title):
        i = 1
    elif not container_title and len(paragraphs) > 1 and looks_like_title(paragraphs[0]):
        header.title = paragraphs[0]
        i = 1
    title_line = i  # a subtitle is looked for only under a title printed in the text
    dates: list[tuple[str, dt.date]] = []
    while i < min(len(paragraphs) - 1, MAX_HEADER):
        paragraph = paragraphs[i]
        byline = parse_byline(paragraph)
        if byline is not None and header.byline is None:
            header.byline = byline
            header.lines.append(RemovedText(paragraph, "byline"))
        elif (date := parse_date_line(paragraph, language)) is not None:
            dates.append((paragraph, date))
            header.lines.append(RemovedText(paragraph, "date-line"))
        elif header.dateline is None and (alone := dateline_alone(paragraph)) is not None:
            header.dateline = alone
            header.lines.append(RemovedText(paragraph, "dateline"))
        elif title_line and header.subtitle is None and _is_subtitle(paragraphs, i):
            header.subtitle = paragraph
        else:
            break
        i += 1
    header.date_lines = tuple(dates)
    header.lead = i
    return header


def _is_subtitle(paragraphs: list[str], i: int) -> bool:
    paragraph = paragraphs[i]
    words = len(paragraph.split())
    if not MIN_SUBTITLE_WORDS <= words <= MAX_SUBTITLE_WORDS or paragraph.endswith(":"):
        return False
    if not (paragraph[0].isupper() or paragraph[0] in "\"'“‘"):
        return False
    if len(split_sentences(paragraph)) != 1:
        return False
    if not ends_sentence(paragraph):
        return True
    rest = "\n".join(paragraphs[i + 2:])
    return i + 1 < len(paragraphs) and _starts_story(paragraphs[i + 1], rest)


def _evidence(value: str, source: str, detail: str) -> DateEvidence:
    return DateEvidence(value, "day", source, detail, CONFIDENCE[source])


def _date_line_evidence(text: str, date: dt.date) -> DateEvidence:
    """A header line that is a date: the publication's, or an update's ("Updated: ...")."""
    if _UPDATE_LINE.match(text):
        return DateEvidence(date.isoformat(), "day", "byline", f"updated {text}",
                            CONFIDENCE["updated"])
    return replace(_evidence(date.isoformat(), "date-line", text), source="byline")


def caption_evidence(captions: tuple[str, ...], lead: str) -> list[DateEvidence]:
    """Dates of captions, and the lead's weekday resolved against the latest photo caption."""
    evidence: list[DateEvidence] = []
    latest = None
    for caption in captions:
        # A video, a file or archive picture is dated by itself, not near the article.
        video = caption_kind(caption) == "video-caption"
        old = video or bool(FILE_PICTURE.search(caption))
        for found in find_dates(caption):
            item = _evidence(found.date.isoformat(), "video-caption" if video else "caption",
                             found.text)
            evidence.append(replace(item, confidence=CONFIDENCE["video-caption"]) if old
                            else item)
            if not old and (latest is None or found.date > latest.date):
                latest = found
    sentences = split_sentences(lead)
    weekday = first_weekday(sentences[0]) if sentences else None
    if latest is not None and weekday is not None:
        day = weekday_on_or_after(latest.date, weekday[1])
        detail = f"caption {latest.text} + lead '{weekday[0]}'"
        evidence.append(_evidence(day.isoformat(), "caption+weekday", detail))
    return evidence


def choose_published(evidence: list[DateEvidence]) -> DateEvidence | None:
    """The best supported publication day, or ``None`` when nothing supports one.

    Agreeing evidence adds up (one minus the product of the doubts, counting the strongest
    piece of each source once, so thirty dates printed in a page's sidebar weigh as one).
    A day only an update stamp supports is chosen only when nothing names a publication day;
    photo and video caption dates never win alone (a photo is dated by itself). Any other
    piece may win alone, with its own low confidence shown: the page's evidence is better
    than no date.
    """
    # A day printed on a page that the text shows is a caption's dates the photo, not the page.
    photo_days = {item.value for item in evidence if item.source in CAPTION_SOURCES}
    evidence = [item for item in evidence
                if item.value not in photo_days or _is_stamp(item) or not _can_win(item)]
    by_value: dict[str, list[DateEvidence]] = {}
    for item in evidence:
        by_value.setdefault(item.value, []).append(item)
    publication = any(_can_win(item) and _is_stamp(item) for item in evidence)
    best: DateEvidence | None = None
    best_key: tuple[float, int] = (-1.0, 0)
    for items in by_value.values():
        eligible = [item for item in items
                    if _can_win(item) and (not publication or _is_stamp(item))]
        if not eligible:
            continue
        strongest = max(eligible, key=lambda e: e.confidence)
        per_source: dict[tuple[str, bool], float] = {}
        for item in items:
            key = (item.source, is_update(item))
            per_source[key] = max(per_source.get(key, 0.0), item.confidence)
        doubt = 1.0
        for confidence in per_source.values():
            doubt *= 1.0 - confidence
        combined = replace(strongest, confidence=round(1.0 - doubt, 3))
        key_ = (combined.confidence, len(items))
        if best is None or key_ > best_key:
            best, best_key = combined, key_
    return best


def _is_stamp(item: DateEvidence) -> bool:
    """A publication stamp: not an update, nor a date merely printed somewhere on the page."""
    return not is_update(item) and item.source != "page-text"


def _can_win(item: DateEvidence) -> bool:
    """Whether a piece may be the publication date by itself (captions date the photo)."""
    return item.source not in CAPTION_SOURCES and (
        item.confidence >= MIN_PUBLISHED_CONFIDENCE or item.source in PAGE_SOURCES
        or is_update(item))


def infer_metadata(raw: RawDocument, clean: CleanText) -> Metadata:
    """Title, subtitle, byline, agency, outlet, dateline and dates of one article.

    Parameters: ``raw`` for what the container gave (title, outlet, byline, published win over
    the text) and ``clean`` for the text. ``body`` is what is left for the article's paragraphs.
    """
    paragraphs = list(clean.paragraphs)
    header = read_header(paragraphs, raw.title, raw.language)
    body = paragraphs[header.lead:]
    outlet = raw.outlet or outlet_cue(r.text for r in clean.removed)
    dateline = header.dateline
    if dateline is None and body:
        dateline = parse_dateline(body[0], "\n".join(body[1:]))
        if dateline is not None and outlet and _same_title(dateline.place, outlet):
            dateline = None  # "Kaieteur News – Police said...": the outlet, not a place
        if dateline is not None:
            body[0] = dateline.rest
            header.lines.append(RemovedText(dateline.prefix.strip(), "dateline"))

    evidence: list[DateEvidence] = [raw.published] if raw.published else []
    evidence += raw.date_evidence
    if header.byline is not None:
        line = header.byline
        evidence += [_evidence(d.date.isoformat(), "byline", d.text) for d in line.dates]
        evidence += [DateEvidence(d.date.isoformat(), "day", "byline", f"updated {d.text}",
                                  CONFIDENCE["updated"]) for d in line.updated]
    evidence += [_date_line_evidence(text, date) for text, date in header.date_lines]
    if dateline is not None and dateline.day:
        evidence += [_evidence(d.date.isoformat(), "dateline", d.text)
                     for d in find_dates(dateline.day)]
    evidence += caption_evidence(clean.captions, body[0] if body else "")
    container = raw.published
    if container is not None and container.confidence >= MIN_PUBLISHED_CONFIDENCE:
        published: DateEvidence | None = container  # the container wins when it is sure
    else:
        published = choose_published(evidence)

    agency_evidence: list[tuple[str, str]] = []
    for byline in (raw.byline, header.byline.line if header.byline else None):
        if byline and (name := agency_in(byline)):
            agency_evidence.append(("byline", name))
            break
    if dateline is not None and dateline.agency and (name := agency_in(dateline.agency)):
        agency_evidence.append(("dateline", name))
    agency_evidence += [("sign-off", name) for item in clean.removed
                        if item.reason == "sign-off" and (name := agency_in(item.text))]
    agency_evidence += [("text", name) for name in text_cues(body)]
    agency_evidence += [("credit", name) for name in credit_agencies(clean.captions)]

    return Metadata(
        title=raw.title or header.title,
        subtitle=header.subtitle,
        outlet=outlet,
        byline=raw.byline or (header.byline.names if header.byline else None),
        agency=choose_agency(agency_evidence),
        dateline=dateline.place if dateline else None,
        published=published,
        date_evidence=tuple(evidence),
        body=tuple(body),
        removed=tuple(header.lines),
    )
