"""Name normalization for alias matching: keys, transliteration skeletons, acronyms.

``name_key`` is identity (case, quotes, possessive, leading "the" folded): two mentions with the
same key are the same name. ``skeleton`` is coarser, for transliteration variants: Arabic
articles (al-, el-, ez-...) dropped, vowels after the first letter of each word dropped, doubled
letters collapsed, so "Deir ez-Zor" / "Deir Al Zor", "Raqqa" / "Raqa", "Al-Meshleb" /
"al-Meshlib" and "Ilham Ahmad" / "Ilham Ahmed" meet. A shared skeleton only proposes a pair;
:func:`variant_similarity` then scores it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})
_ARTICLES = {"al", "el", "ez", "es", "ed", "ad", "ar", "as", "ash", "at", "az", "an", "ul"}
_STOP = {"the", "of", "for", "and", "in", "on", "de", "a", "an"}
_VOWELS = re.compile(r"(?<=\w)[aeiouy]+")
_REPEAT = re.compile(r"(\w)\1+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """NFKD without accents, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in text if not unicodedata.combining(c))


_LEADING = {"in", "on", "at", "off", "from", "into", "near", "of", "to", "by", "the", "a", "an",
            "early", "late"}
_KEY_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "president", "sen", "senator", "gov",
               "governor", "gen", "col", "colonel", "lt", "lieutenant", "sgt", "sergeant",
               "capt", "captain", "rev", "sir", "dame", "lord", "judge", "king", "queen",
               "prince", "princess", "pope", "sheikh", "comrade", "commander", "minister"}


@lru_cache(maxsize=1 << 17)  # the same names recur in every article: fold them once
def name_key(text: str) -> str:
    """The identity key of a name, folded for case, articles, titles and what surrounds it:

    "The Syrian Observatory's" -> "syrian observatory"; "in the Gulf of Aden" -> "gulf of
    aden"; "Dr. Sanjay Gupta" -> "sanjay gupta"; "U . S . Surgeon General" -> "u.s. surgeon
    general". Leading prepositions and determiners go; a name ends before ", <lower-case>".
    """
    text = fold(text).strip()
    text = re.sub(r"\s+\.", ".", text)
    text = re.sub(r"\b(\w)\. (?=\w\.)", r"\1.", text)
    text = re.sub(r"\s+'", "'", text)
    text = re.sub(r",\s+[a-z].*$", "", text)
    words_ = text.split()
    # Lower-case prepositions only: a capitalized "At" or "On" may begin a real name.
    while len(words_) > 1 and words_[0].lower() in _LEADING and (
            words_[0].islower() or words_[0].lower() in {"the", "a", "an"}):
        words_ = words_[1:]
    while len(words_) > 1 and words_[0].lower().rstrip(".") in _KEY_TITLES and \
            words_[1][:1].isupper():
        words_ = words_[1:]
    text = " ".join(words_)
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" .,;:-\"'").lower()


@lru_cache(maxsize=1 << 17)
def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text).lower()))


def plain_form(text: str) -> str:
    """Lower-case words without Arabic articles or hyphens: "Deir ez-Zor" -> "deir zor"."""
    return " ".join(w for w in words(text) if w not in _ARTICLES)


def skeleton(text: str) -> str:
    """The transliteration skeleton: "Al-Meshleb" -> "mshlb", "Raqqa" -> "rq"."""
    parts = []
    for word in plain_form(text).split():
        word = _REPEAT.sub(r"\1", word)
        parts.append(_VOWELS.sub("", word))
    return " ".join(parts)


def variant_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two spellings after dropping articles, hyphens and case."""
    return fuzz.ratio(plain_form(a), plain_form(b)) / 100.0


def is_acronym(text: str) -> bool:
    """An all-capitals short token such as "SDF", "ISIS", "YPG" (dots allowed: "U.N.")."""
    core = text.replace(".", "")
    return 2 <= len(core) <= 8 and core.isalpha() and core.isupper()


@lru_cache(maxsize=1 << 17)
def initials(text: str) -> str:
    """Initials of the content words: "Syrian Democratic Forces" -> "SDF"."""
    return "".join(w[0] for w in words(text) if w not in _STOP).upper()


def acronym_matches(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): every letter of ``short`` appears in ``long`` in order, and
    the first letter starts a word of ``long``. "ISIS" fits "Islamic State"; "YPG" does not fit
    "People's Protection Units" (it abbreviates the Kurdish name)."""
    s = [c for c in short.lower() if c.isalnum()]
    lf = fold(long).lower()
    if not s or not lf or len(lf) <= len(s):
        return False
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (lf[li] != c or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True
