"""Cleaning of plain text: site junk out, every sentence of the story kept.

The text of a web page (extracted by a reader, or saved as plain text) still holds what the
site put around the story: navigation, comment forms, captchas, newsletter offers, "related
video" tails, photo captions and credits. :func:`clean_text` takes those lines out and keeps
every other line as a paragraph, in order, unchanged except for whitespace.

How it decides, and what it costs:

* Each junk rule is a named pattern (:data:`LINE_RULES`) that must match a *whole line* (after
  whitespace is collapsed), most of them only on short lines. A line that no rule matches is
  kept, so a story sentence is lost only if it looks exactly like a site widget. Adding a rule
  raises precision on junk and risks recall on text: every rule is written for a pattern seen
  across many news sites, never for one page.
* Captions (:mod:`dateline.ingest.captions`) are lines that carry a photo or video credit, a
  line repeated from such a caption, or a line followed by a credit-only line. They go to
  ``captions`` too (their dates are evidence for the publication date), once each.
* A "related" marker ("Related Video:", "Related articles") removes itself and the short,
  headline-like lines after it, up to the first line that reads like prose.
* A page's "last updated" stamp at the start of one of the first lines (:data:`PAGE_STAMP`)
  is cut off that line; the rest of the line stays.
* Lines broken inside a sentence (a line starting with ``,`` or ``;``, or with a lower-case
  word after a line without end punctuation) are joined back.
* Section headings of the story ("'Real fight has begun'", "160,000 inside Raqa") are the
  author's text: they stay as paragraphs. Title, byline and dateline are taken out later, by
  :func:`dateline.ingest.metadata.infer_metadata`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.ingest.agencies import AGENCY_ALTERNATIVES
from dateline.ingest.captions import caption_core, caption_kind, is_credit_line
from dateline.model import RemovedText, normalize_text


@dataclass(frozen=True)
class CleanText:
    """The outcome of cleaning.

    ``paragraphs`` are the kept lines in order; ``removed`` every line taken out, with the name
    of the rule that took it; ``captions`` the photo and video captions, each once (a caption
    split over two lines is joined with its credit).
    """

    paragraphs: tuple[str, ...]
    removed: tuple[RemovedText, ...] = ()
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineRule:
    """A whole-line junk pattern: ``reason`` is recorded for every line it removes.

    ``max_words`` keeps the rule off long lines, which are prose far more often than widgets.
    """

    reason: str
    pattern: re.Pattern[str]
    max_words: int = 20


def _rule(reason: str, pattern: str, max_words: int = 20) -> LineRule:
    return LineRule(reason, re.compile(pattern, re.IGNORECASE), max_words)


# Each pattern must match the whole line (``fullmatch``). Order does not matter: a line
# matched by one rule is removed with that rule's reason.
LINE_RULES: tuple[LineRule, ...] = (
    _rule("navigation", r"you are here\s*:?(\s*[^.!?]*[»›>/|][^.!?]*)?", 14),
    _rule("navigation", r"skip to (main )?(content|navigation)|(toggle|open|close) "
          r"(menu|navigation)|back to top|main menu", 6),
    _rule("navigation", r"home\s*[»›>/|].{0,120}", 16),
    _rule("votes", r"\d[\d,]*\s+(users?|people|readers|members)\s+(have|has)\s+"
          r"(voted|rated|liked|recommended)( (this|it))?\.?", 8),
    _rule("comment-form", r"(add|post|leave|write|submit|join) (a |an |new |your |the )*"
          r"(comments?|reply|replies|response|discussion)\.?"
          r"|\d[\d,]*\s+comments?|comments?\s*(\(\d+\))?:?|(show|view|hide|load|read) "
          r"(all )?(\d+ )?comments?|comments are closed\.?"
          r"|your email address will not be published\..*|required fields are marked.*"
          r"|notify me of (new|follow-up) (comments|posts).*"
          r"|(you must be )?log(ged)? ?in to (post a )?(comment|reply).*", 20),
    _rule("captcha", r"this question is for testing whether (or not )?you are a human visitor.*"
          r"|solve this simple math problem.*|\d{1,4}\s*[-+×x*]\s*\d{1,4}\s*=\s*\??"
          r"|(please )?(enter|type) the (characters|code|text|letters|words) "
          r"(shown|you see|in the image|above).*|i'?m not a robot|captcha", 40),
    _rule("newsletter", r"(get|receive|have) .{0,60}\b(emailed|e-mailed|delivered|sent) "
          r"(straight )?(to you|to your inbox).*"
          r"|(sign up|subscribe|register) (now )?(for|to) (our|the|a) .{0,50}newsletters?.*"
          r"|subscribe( now| today)?[.!]?", 25),
    _rule("promo", r"for more (stories|news|articles|coverage|reports?) (from|by|on) .{1,60}?,?"
          r" (go to|visit|head to|see|click) .{1,80}", 25),
    _rule("show-more", r"(show|view|read|see|load) (the )?(full|more|whole|entire) "
          r"(article|story|text)?[.!]?( here)?\s*[»›>]*|read more\s*[»›>:]*|continue reading"
          r"( the (main )?story)?\s*[»›>]*|show more|load more|see more|read the full "
          r"(article|story)( here)?\.?", 8),
    _rule("advertising", r"advertisement|advertising|sponsored( content)?|story continues below"
          r"( advertisement)?|scroll to continue( with content)?|ad feedback", 5),
    _rule("share", r"(share|tweet|email|e-mail|print|pin|whatsapp)( (this|on|via|by) "
          r"[\w -]{0,30})?|follow (us|@\w+) on .{0,40}|like us on facebook.*", 8),
    # "Copyright law changed..." is a sentence: "copyright" needs a year, "©" needs nothing.
    _rule("copyright", r"(©|\(c\) ?\d{4}\b|copyright (©|\(c\))? ?\d{4}\b).{0,150}|copyright"
          r"|.{0,100}\ball rights reserved\b.{0,100}", 25),
    _rule("image-id", r"(?=[\d._-]*\d{6})[\d._-]{8,}"),
    _rule("image-file", r"\S+\.(jpe?g|png|gif|webp)", 1),
    _rule("media-notice", r"media playback is (unsupported|not supported) on your device"
          r"|your browser does not support (the )?(video|audio)( tag| element)?\.?", 12),
)

# A page's "last updated" stamp glued to the start of its first lines, as plain-text dumps of
# BBC pages have it ("24 April 2011 Last updated at 17:55 GMT Help Syrian security forces...",
# "Page last updated at 12:25 GMT , Tuesday , 8 June 2010 13:25 UK ..."). Only the stamp is cut;
# the sentence after it stays.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December)")
PAGE_STAMP = re.compile(
    r"(?:\d{1,2} " + _MONTH + r" \d{4} )?Last updated at \d{1,2}:\d{2} (?:GMT|BST|UTC)"
    r"(?: Help\b)?\s*"
    r"|Page last updated at \d{1,2}:\d{2} (?:GMT|BST|UTC) ?, \w+ ?, \d{1,2} " + _MONTH
    + r" \d{4}(?: \d{1,2}:\d{2} UK)?\s*"
    r"|Last updated ?: \d{1,2} " + _MONTH + r" ?, \d{4} - \d{1,2}:\d{2} (?:GMT|BST|UTC)\s*",
    re.IGNORECASE)
STAMP_LINES = 3  # how many first lines may carry the stamp


# The agency signing the story on its last line: "AFP", "(Reuters)", "— AP".
SIGN_OFF = re.compile(r"[-–—]*\s*\(?\s*(" + AGENCY_ALTERNATIVES + r")\s*\)?\.?")

# A marker that opens a block of links to other stories; it and the short lines after it go.
RELATED_MARKER = re.compile(
    r"(related|recommended|more|popular|trending|latest)\s+(videos?|articles?|stories|news|"
    r"coverage|posts?|content|links|reading)(\s+(from|on|about)\b.{0,40})?\s*:?"
    r"|you (may|might) also (like|be interested in)\s*:?|(also|further) read(ing)?\s*:?"
    r"|read next\s*:?|watch next\s*:?",
    re.IGNORECASE,
)
RELATED_MAX_WORDS = 15  # a headline-like line after a marker; longer lines are prose

BYLINE_START = re.compile(r"(by|written by|posted by|words by)\b", re.IGNORECASE)
_ZERO_WIDTH = str.maketrans({"\u200b": " ", "\ufeff": " "})
_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_LOWER_WORD_START = re.compile(r"[a-z]+[ ,]")
_PROSE_END = re.compile(r"[A-Za-z,]$")
_CODE = re.compile(r"[=#${}<>_|]|\b(def|import|return|class|function|var)\b")


def _words(line: str) -> int:
    return len(line.split())


def ends_sentence(line: str) -> bool:
    """True when the line ends as a sentence does (``.``, ``!``, ``?``, maybe in quotes)."""
    return bool(_END.search(line))


def split_lines(text: str) -> list[str]:
    """Non-empty lines with runs of whitespace (no-break spaces too) made one space."""
    # str.split() cuts at the whitespace \s matches; zero-width spaces are made spaces first
    lines = (" ".join(line.translate(_ZERO_WIDTH).split()) for line in text.splitlines())
    return [line for line in lines if line]


def _continues_prose(before: str, line: str) -> bool:
    # Lists, code and verse also start lines in lower case: join only prose to prose.
    return bool(
        _LOWER_WORD_START.match(line) and _PROSE_END.search(before)
        and _words(before) >= 6 and _words(line) >= 3
        and not _CODE.search(before) and not _CODE.search(line)
    )


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join a line to the previous one when it clearly continues the same sentence.

    It does when it starts with ``,`` ``;`` or ``)`` after a line that does not end a sentence
    (``...a grueling one`` / ``, as urban warfare...``), or when a line of prose (six words or
    more, ending in a letter or comma) is followed by one that starts with a lower-case word.
    """
    out: list[str] = []
    for line in lines:
        if out and not ends_sentence(out[-1]):
            if line[0] in ",;)":
                out[-1] = out[-1] + line
                continue
            if _continues_prose(out[-1], line):
                out[-1] = out[-1] + " " + line
                continue
        out.append(line)
    return out


def line_junk(line: str) -> str | None:
    """The reason of the first junk rule that matches the whole line, else ``None``."""
    words = _words(line)
    for rule in LINE_RULES:
        if words <= rule.max_words and rule.pattern.fullmatch(line):
            return rule.reason
    return None


def _related_tail(lines: list[str], reasons: list[str | None], start: int) -> None:
    """Mark the marker at ``start`` and the headline-like lines after it as removed."""
    marker = lines[start]
    reason = "related-video" if "video" in marker.lower() or "watch" in marker.lower() \
        else "related-links"
    reasons[start] = reason
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if reasons[i] is not None:
            continue
        if _words(line) > RELATED_MAX_WORDS or ends_sentence(line) and _words(line) > 6:
            break
        if RELATED_MARKER.fullmatch(line):
            break  # the next block, under its own marker
        reasons[i] = reason


def clean_text(text: str) -> CleanText:
    """Take site junk and captions out of ``text``; every other line becomes a paragraph.

    Parameters: ``text``, the plain text of one article (lines are paragraphs; blank lines are
    ignored). Nothing else: the rules are fixed and listed in :data:`LINE_RULES`.
    """
    lines = join_broken_lines(split_lines(text))
    stamps: list[RemovedText] = []
    for i, line in enumerate(lines[:STAMP_LINES]):
        stamp = PAGE_STAMP.match(line)
        if stamp:
            stamps.append(RemovedText(stamp.group(0).strip(), "page-stamp"))
            lines[i] = line[stamp.end():]
    lines = [line for line in lines if line]
    reasons: list[str | None] = [line_junk(line) for line in lines]
    last = max((i for i, reason in enumerate(reasons) if reason is None), default=None)
    if last is not None and SIGN_OFF.fullmatch(lines[last]):
        reasons[last] = "sign-off"  # the story's last line, before any site junk
    kinds = [caption_kind(line) if reasons[i] is None else None for i, line in enumerate(lines)]
    captions: list[str] = []
    cores: set[str] = set()

    for i, line in enumerate(lines):
        kind = kinds[i]
        if kind is None:
            continue
        reasons[i] = kind
        captions.append(line)
        cores.add(normalize_text(caption_core(line)))

    for i, line in enumerate(lines):
        if reasons[i] is not None or not is_credit_line(line):
            continue
        reasons[i] = "caption"
        before = i - 1
        # The line above is the caption's text when it repeats a caption, or when the credit is
        # bracketed like a caption's tail and the line above does not end as a sentence does.
        if before >= 0 and reasons[before] is None and _words(lines[before]) <= 60 and (
            normalize_text(lines[before]) in cores
            or line.startswith("(") and not ends_sentence(lines[before])
            and _words(lines[before]) >= 4 and not BYLINE_START.match(lines[before])
        ):
            reasons[before] = "caption"
            captions.append(f"{lines[before]} {line}")
        else:
            captions.append(line)

    for i, line in enumerate(lines if cores else ()):  # most articles have no caption
        if reasons[i] is None and normalize_text(caption_core(line)) in cores:
            reasons[i] = "caption"  # the same caption printed again without its credit

    for i, line in enumerate(lines):
        if reasons[i] is None and _words(line) <= 8 and RELATED_MARKER.fullmatch(line):
            _related_tail(lines, reasons, i)

    unique: dict[str, str] = {}
    for caption in captions:
        unique.setdefault(normalize_text(caption), caption)
    return CleanText(
        paragraphs=tuple(line for line, reason in zip(lines, reasons, strict=True) if not reason),
        removed=(*stamps, *(RemovedText(line, reason)
                            for line, reason in zip(lines, reasons, strict=True) if reason)),
        captions=tuple(unique.values()),
    )
