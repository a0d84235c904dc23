"""Photo and video captions: the credit patterns that tell a caption from a story sentence.

A caption is recognised by its *credit*, the way news sites sign a picture: ``(DELIL
SOULEIMAN/AFP)``, ``(photo credit: REUTERS)``, ``(AFP photo)``, ``Image Credit: AP``,
``REUTERS/Rodi Said``, ``Image copyright Getty Images``. A story sentence almost never ends
that way, so a line is taken for a caption only when it carries one (or repeats a caption, or
sits right above a credit-only line: see :func:`dateline.ingest.cleaning.clean_text`).

An embedded video is signed differently: a headline, its date, and the agency in brackets
(``Iraq delivers another blow ... Hawija, September 5, 2017. (Reuters)``). Its kind is
``video-caption``: its date is the video's, often older than the article.
"""

from __future__ import annotations

import re

# Wire services and picture agencies whose name signs a photo.
PHOTO_AGENCIES = (
    r"AFP|AP|Reuters|REUTERS|Getty Images|Getty|EPA|EPA-EFE|EFE|Anadolu( Agency)?|Xinhua|"
    r"Sputnik|Bloomberg|Shutterstock|Alamy|dpa|DPA|PA|PA Wire|ANSA|SANA|TASS|UPI|AAP|"
    r"Associated Press|Agence France-Presse|Handout|HO|File|Pool|AFP/Getty Images"
)
_MONTH = (r"(Jan(uary)?|Feb(ruary)?|Mar(ch)?|Apr(il)?|May|June?|July?|Aug(ust)?|"
          r"Sep(t(ember)?)?|Oct(ober)?|Nov(ember)?|Dec(ember)?)\.?")

_NAME = r"[^.:()\s]+(\s+[^.:()\s]+){0,5}"  # a short name: up to six words, no full stop

_AFTER_SENTENCE = r"(?<=[.!?)\]\"”’] )"
_CREDIT_TAILS = [
    # (photo credit: REUTERS), (Photo: AP), (Picture/Reuters), (video courtesy: X)
    r"\((photo|picture|pic|image|video|file photo)s?(\s+(credit|courtesy|by))?\s*[:/\-–]?\s*"
    r"[^()]{1,60}\)",
    # (AFP photo), (Reuters file photo), (AP Photo), (Getty Images)
    r"\([^()]{1,40}\b(photo|photos|pictures?|images|file)\)",
    # (DELIL SOULEIMAN/AFP), (AP Photo/Hussein Malla), (AFP/Getty Images)
    r"\(([^()/]{1,50}/\s*)+[^()/]{1,50}\)",
    # ". Image Credit: AP", ". Photo: Reuters", ". Credit: AFP": after the caption's last
    # sentence (so "...shortage of credit: banks." stays prose), a name, not prose
    _AFTER_SENTENCE + r"(image|photo|picture)s?\s*(credit|courtesy|source)?\s*:\s*" + _NAME,
    _AFTER_SENTENCE + r"(credit|courtesy)\s*:\s*" + _NAME,
    # REUTERS/Rodi Said, AFP PHOTO / DELIL SOULEIMAN
    r"(REUTERS|AFP( PHOTO)?|AP( Photo)?|EPA)\s*/\s*[A-Z][\w.'\- ]{1,40}",
]
CREDIT_TAIL = re.compile(r"[\s.,;-]*(" + "|".join(_CREDIT_TAILS) + r")\s*\.?$", re.IGNORECASE)
_SLASH_AGENCY = re.compile(r"(^|[(/\s])(" + PHOTO_AGENCIES + r"|photo|pictures?)\b",
                           re.IGNORECASE)

# Lines that are a credit and nothing else.
CREDIT_LINE = re.compile(
    r"\(?\s*((photo|picture|pic|image)s?(\s+(credit|courtesy|by|source))?\s*[:/\-–]\s*"
    r"[^()]{1,60}|(" + PHOTO_AGENCIES + r")(\s*/\s*[A-Z][\w.'\- ]{1,40})?"
    r"|(credit|courtesy)\s*:\s*[^()]{1,60})\s*\)?\.?"
    r"|\([^()]{1,40}\b(photo|photos|pictures?|images)\)\.?",
    re.IGNORECASE,
)

# "Image copyright Getty Images", "Image caption Fighters in Raqqa" (BBC style).
CAPTION_LABEL = re.compile(r"(image|photo|picture|media) (copyright|caption|source)\b.*",
                           re.IGNORECASE)

VIDEO_CAPTION = re.compile(
    r".{10,300}\b" + _MONTH + r"\s+\d{1,2},\s*\d{4}\.?\s*\((" + PHOTO_AGENCIES + r")\)",
    re.IGNORECASE,
)

MAX_CAPTION_WORDS = 80
MAX_CAPTION_CHARS = 800


def _credit_tail(line: str) -> re.Match[str] | None:
    if len(line) > MAX_CAPTION_CHARS or len(line.split()) > MAX_CAPTION_WORDS:
        return None  # prose; and the search below would be slow on a very long line
    if "(" not in line and ":" not in line and "/" not in line:
        return None  # every credit tail has one of them: most lines skip the slow search
    match = CREDIT_TAIL.search(line)
    if match is None:
        return None
    credit = match.group(1)
    if "/" in credit and credit.startswith("(") and not _SLASH_AGENCY.search(credit):
        return None  # "(Syria/Iraq)": a slash alone is no credit without an agency name
    return match


def caption_kind(line: str) -> str | None:
    """``"caption"``, ``"video-caption"`` or ``None`` for one line, by its credit."""
    if len(line) > MAX_CAPTION_CHARS or len(line.split()) > MAX_CAPTION_WORDS:
        return None
    if "(" in line and VIDEO_CAPTION.fullmatch(line):  # its agency is in brackets
        return "video-caption"
    if CAPTION_LABEL.fullmatch(line):
        return "caption"
    match = _credit_tail(line)
    if match is None or match.start() == 0:
        return None  # a credit alone is a credit line, handled with the line above it
    return "caption"


def caption_core(line: str) -> str:
    """The caption without its credit, to recognise the same caption printed again."""
    match = _credit_tail(line)
    core = line[: match.start()] if match and match.start() > 0 else line
    return core.rstrip(" .,;")


def is_credit_line(line: str) -> bool:
    """True for a line that is only a credit: ``(photo credit: REUTERS)``, ``Getty Images``."""
    return len(line.split()) <= 8 and bool(CREDIT_LINE.fullmatch(line))
