"""Claims: the numbers a sentence reports, what they count, who said them, and for when.

A claim starts at a number span (spaCy CARDINAL/MONEY/PERCENT, or the fallback's regex) and
is kept only when it counts something: years, dates, ages ("forty-year-old"), durations
("24 hours"), distances ("2.5 kilometre"), numbers inside names and bare "one of" are dropped.
Then, in the same sentence:

- the counted noun: the head noun after the number ("200-300 foreign militants" -> militant),
  after "of" ("tens of thousands of civilians"), or before "of N" ("a death toll of 90");
- its class (:data:`CLASSES`: militant, jihadist and fighter count the same thing), the
  aspect (killed, wounded, fled, detained, or present: remaining, trapped, defending) from the
  nearest cue word, and whether the text puts it before the reported time ("had been living");
- the owner named inside the counted phrase ("250 Daesh fighters" -> Daesh);
- the place: the place mention nearest the number, else the article's most named place;
- the attribution: "according to X", "X said/estimated/told AFP", "said X"; a pronoun
  speaker ("he said") takes the named speaker of the sentence or of the previous claim.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from dateline.analyze.parse import Parsed, Span, Tok
from dateline.analyze.quantities import parse_quantity
from dateline.model import Article, Claim, Mention, Sentence

NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}

CLASSES = {
    "fighter": {"fighter", "militant", "jihadist", "extremist", "insurgent", "rebel", "gunman",
                "defender", "terrorist", "combatant", "militiaman", "guerrilla"},
    "soldier": {"soldier", "troop", "trooper", "serviceman", "policeman", "officer",
                "personnel", "marine", "guard"},
    "civilian": {"civilian", "people", "person", "resident", "inhabitant", "villager",
                 "citizen", "man", "woman"},
    "refugee": {"refugee", "displaced", "evacuee", "migrant", "asylum-seeker"},
    "protester": {"protester", "protestor", "demonstrator", "marcher"},
    "dead": {"dead", "death", "body", "fatality", "victim", "casualty", "toll"},
    "prisoner": {"prisoner", "detainee", "hostage", "captive"},
    "child": {"child", "kid", "children", "boy", "girl"},
}
_CLASS_OF = {word: name for name, members in CLASSES.items() for word in members}

ASPECTS = {
    "killed": {"kill", "killed", "dead", "die", "died", "death", "deaths", "massacre",
               "massacred", "slain", "slay", "execute", "executed", "toll", "murder",
               "murdered", "shot"},
    "wounded": {"wound", "wounded", "injure", "injured", "hurt"},
    "fled": {"flee", "fled", "fleeing", "escape", "escaped", "evacuate", "evacuated",
             "displace", "displaced", "refugee", "convoy", "exodus", "out"},
    "detained": {"arrest", "arrested", "detain", "detained", "capture", "captured", "surrender",
                 "surrendered", "imprison", "imprisoned", "jail", "jailed", "held"},
    "present": {"remain", "remained", "remaining", "trap", "trapped", "still", "inside",
                "defend", "defending", "holed", "living", "live", "leave", "leaving", "besiege",
                "besieged", "stay", "stayed"},
}
_ASPECT_OF = {word: name for name, members in ASPECTS.items() for word in members}
_EARLIER = {"before", "previously", "formerly", "originally", "once", "pre-war", "prewar",
            "height", "used"}
_EARLIER_PHRASES = re.compile(r"\b(?:had been|have been living|were believed to have been|"
                              r"before the (?:war|battle|offensive|fighting)|at its height)\b",
                              re.IGNORECASE)

_NOT_COUNT_UNITS = {
    "year", "years", "yr", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "night", "nights", "decade", "decades",
    "century", "centuries", "km", "kilometre", "kilometres", "kilometer", "kilometers", "mile",
    "miles", "metre", "metres", "meter", "meters", "feet", "foot", "yard", "yards", "inch",
    "inches", "square", "kg", "kilogram", "kilograms", "tonne", "tonnes", "ton", "tons",
    "degree", "degrees", "am", "a.m.", "pm", "p.m.", "gmt", "o'clock", "hectare", "hectares",
    "acre", "acres", "year-old", "years-old", "storey", "point", "points", "percentage",
}
_SPEECH = {"said", "says", "say", "told", "tells", "estimated", "estimates", "estimate",
           "reported", "reports", "believe", "believes", "believed", "announced", "claimed",
           "claims", "added", "stated", "confirmed", "put", "counted", "recorded", "wrote",
           "tweeted", "insisted", "warned", "according"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "officials", "sources"}
_STOP_AFTER = {"to", "and", "or", "in", "on", "at", "from", "of", "who", "that", "which", "were",
               "was", "are", "is", "have", "has", "had", "by", "for", "with", "as", "said", ",",
               ".", ";", ":", "'", '"', "(", ")", "\u2014", "-", "but", "the", "their", "his"}
_OF_SKIP = {"of", "the", "our", "their", "his", "her", "its", "them", "these", "those"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BARE_NUMBER = re.compile(r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?![\w,-])|(?<![\w.,-])\d+(?![\w.,:-])")
# Running totals: perfect tense ("has killed", "have been killed", "have died") or "since",
# "so far", "in total"; "had been killed late on Friday" is one event.
_CUMULATIVE = re.compile(r"\b(?:ha(?:s|ve) (?:been )?(?:killed|died|wounded|injured|arrested|"
                         r"detained|displaced|fled)|since|so far|in total|death toll|toll)\b",
                         re.IGNORECASE)
_SKIP_BEFORE_VERB = {"also", "later", "have", "has", "had", "previously", "then", "now"}


def extract_claims(article: Article, sentences: Sequence[Sentence],
                   parsed: Sequence[Parsed], mentions: Sequence[Mention]) -> list[Claim]:
    """Claims of one article; ``parsed[i]`` and the mentions belong to ``sentences[i]``."""
    main_place = _main_place(mentions, sentences)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    claims: list[Claim] = []
    last_speaker: str | None = None
    for sentence, doc in zip(sentences, parsed, strict=True):
        sent_mentions = by_sentence.get(sentence.index, [])
        for span in _number_spans(doc):
            claim = _claim(article, sentence, doc, span, sent_mentions, main_place, claims)
            if claim is None:
                continue
            if claim.said_by and claim.said_by.lower() in _PRONOUNS:
                named = _resolve_pronoun(claim.said_by.lower(), doc, sent_mentions)
                claim = _with(claim, said_by=named or last_speaker)
            last_speaker = claim.said_by or last_speaker
            claims.append(claim)
    return claims


def _with(claim: Claim, **changes: object) -> Claim:
    return replace(claim, **changes)  # type: ignore[arg-type]


def _main_place(mentions: Sequence[Mention], sentences: Sequence[Sentence]) -> str | None:
    """The most named place, not counting modifiers ("US-backed", "US-led")."""
    texts = {s.index: s.text for s in sentences}
    counts = Counter(m.text for m in mentions if m.label in _PLACE_LABELS
                     and texts.get(m.sentence, "")[m.end:m.end + 1] != "-")
    return counts.most_common(1)[0][0] if counts else None


def _number_spans(doc: Parsed) -> list[Span]:
    spans = [s for s in doc.ents if s.label in NUMBER_LABELS]
    covered = [(s.start, s.end) for s in doc.ents]
    # Digits the model left unlabelled ('"well over 3,500" people').
    for match in _BARE_NUMBER.finditer(doc.text):
        if not any(a <= match.start() < b for a, b in covered):
            spans.append(Span(match.start(), match.end(), "CARDINAL"))
            covered.append((match.start(), match.end()))
    # The small model misses some vague counts ("thousands more have fled").
    for match in re.finditer(r"\b(?:hundreds|thousands|millions|dozens|tens of thousands)\b",
                             doc.text, re.IGNORECASE):
        if not any(a <= match.start() < b for a, b in covered):
            spans.append(Span(match.start(), match.end(), "CARDINAL"))
    return sorted(spans, key=lambda s: s.start)


def _claim(article: Article, sentence: Sentence, doc: Parsed, span: Span,
           mentions: Sequence[Mention], main_place: str | None,
           earlier_claims: Sequence[Claim]) -> Claim | None:
    text = doc.text[span.start:span.end]
    tokens = doc.tokens
    first = next((i for i, t in enumerate(tokens) if t.end > span.start), None)
    last = max((i for i, t in enumerate(tokens) if t.start < span.end), default=None)
    if first is None or last is None:
        return None
    # Qualifiers the model left outside the span ("at least 21").
    before = " ".join(t.text.lower() for t in tokens[max(0, first - 3):first])
    before = before.rstrip(' "\u201c')
    for word in ("well over", "at least", "more than", "up to", "nearly", "about", "around",
                 "almost", "some", "over", "an estimated", "fewer than", "less than"):
        if before.endswith(word):
            text = f"{word} {text}"
            break
    if not _is_count(text, tokens, first, last, span) or \
            _page_number(text, doc.text, span, tokens, first, last):
        return None
    quantity = parse_quantity(text)
    if quantity is None or quantity.low > 1e12:
        return None
    counted, head_index, owner = _counted(tokens, first, last, mentions, doc.text)
    if not counted and quantity.unit != "percent":
        # "thousands more have fled": the noun of the previous number in the sentence.
        # "adding that 40 were arrested": likewise before a verb.
        # "22 bodies and 40 wounded": people, unless an earlier number named them.
        previous = [c for c in earlier_claims if c.sentence == sentence.index and c.counted
                    and c.counted != "dead"]
        nxt = tokens[last + 1].text.lower() if last + 1 < len(tokens) else ""
        if nxt in _ASPECT_OF and _ASPECT_OF[nxt] in {"killed", "wounded", "detained"}:
            counted = previous[-1].counted if previous else "civilian"
        elif previous and nxt in {"more", "were", "was", "have", "had", "are", "died"}:
            counted = previous[-1].counted
        else:
            return None
    if quantity.unit == "percent" and not counted:
        counted = "percent"
    aspect = _aspect(tokens, first, head_index if head_index is not None else last)
    if counted == "dead":
        aspect = "killed"  # "22 bodies", "a death toll of 90"
    same_sentence = [c for c in earlier_claims if c.sentence == sentence.index]
    if first > 0 and tokens[first - 1].text.lower() == "including" and same_sentence:
        aspect = same_sentence[-1].aspect  # "killed 3,000 people, including 200 children"
    when = sentence.event_date or article.published
    if article.published and re.search(r"\b(?:since|over the past|in the past)\b", doc.text,
                                       re.IGNORECASE):
        when = article.published  # "3,000 have died since March": a count as of the report
    if quantity.low == quantity.high == 1 and aspect == "present":
        return None  # "one fighter conceded": a single person is a story, not a count
    place = _place(mentions, span, main_place, doc.text)
    said_by = _attribution(doc, mentions, span)
    earlier = bool(_EARLIER_PHRASES.search(doc.text)) or any(
        t.text.lower() in _EARLIER for t in tokens[max(0, first - 6):last + 8])
    base = aspect.removesuffix(" total")
    what = _describe(counted, base, place)
    if base != "present" and (aspect != base or _CUMULATIVE.search(doc.text)):
        aspect, what = f"{base} total", f"{what} (total)"
    return Claim(article_id=article.id, sentence=sentence.index, text=text, low=quantity.low,
                 high=quantity.high, what=what, said_by=said_by,
                 refers_to=when, counted=counted,
                 aspect=aspect, place=place, approx=quantity.approx,
                 qualifier=quantity.qualifier, unit=quantity.unit, earlier=earlier,
                 start=span.start, end=span.end, owner=owner)


# Page text that holds numbers but counts nothing: a comment's or a page's time stamp
# ("Jun 12 , 2009 3:45 pm EDT"), a user name ("john123"), a stock ticker ("(7203.T)"), a
# phone number ("+1 -617 -536 -0220", "617-536-0220").
_MONTH_WORDS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
                "nov", "dec", "january", "february", "march", "april", "june", "july", "august",
                "september", "october", "november", "december"}
_CLOCK_WORDS = {"am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "edt", "est", "cdt", "cst",
                "pdt", "pst", "ist", "cet", "jst", "hkt"}
_PHONE = re.compile(r"\(?\d{3}\)?[ .-]*-?\d{3}[ .-]*-?\d{4}\b")
_TICKER_AFTER = re.compile(r"\.[A-Z]{1,3}\b")
_SCALE_AFTER = re.compile(r"(?:m|bn|k|mn|mln|bln)\b", re.IGNORECASE)
_DATE_AFTER = (_MONTH_WORDS - {"may", "march"}) | _CLOCK_WORDS  # "20 may have died" counts


def _page_number(text: str, doc_text: str, span: Span, tokens: Sequence[Tok], first: int,
                 last: int) -> bool:
    """True when the number is part of a time stamp, a user name, a ticker or a phone number
    (see above), not a count."""
    before, after = doc_text[max(0, span.start - 1):span.start], doc_text[span.end:span.end + 4]
    if before.isalpha() or (after[:1].isalpha() and not _SCALE_AFTER.match(after)) \
            or _TICKER_AFTER.match(after):
        return True  # "john123", "7203.T" (not "3m", "2bn")
    if _PHONE.search(doc_text[max(0, span.start - 6):span.end + 12]) or \
            re.search(r"\+\s?\d|\b(?:tel|phone|fax|call)\b", doc_text[max(0, span.start - 12):
                                                                  span.start], re.IGNORECASE):
        return True
    near = {t.text.lower().strip(".,") for t in tokens[max(0, first - 1):last + 3]}
    return bool(near & _MONTH_WORDS and near & _CLOCK_WORDS) or \
        (last + 1 < len(tokens) and tokens[last + 1].text.lower() in _DATE_AFTER)


def _is_count(text: str, tokens: Sequence[Tok], first: int, last: int, span: Span) -> bool:
    low = text.lower()
    if re.search(r"\d{4,}-\d|\+|\d\.\d+\.\d|^\d{1,2}:\d", low):
        return False  # ids, sums in a captcha, clock times
    if re.fullmatch(r"(?:19|20)\d\d", low.strip()):
        return False  # a year
    if span.label == "QUANTITY" and not re.search(r"per ?cent|%", low):
        return False  # distances and weights
    nxt = tokens[last + 1].text.lower() if last + 1 < len(tokens) else ""
    nxt2 = tokens[last + 2].text.lower() if last + 2 < len(tokens) else ""
    word = tokens[last].text.lower()
    parts = set(re.split(r"[-\s]", word))
    if parts & _NOT_COUNT_UNITS or nxt in _NOT_COUNT_UNITS or nxt == "-" or \
            re.search(r"\w-[a-z]", word):
        return False  # units, and compound modifiers: "one-time", "four-month", "34-mile"
    if low in {"one", "a", "an"} and nxt in {"of", "another", "side", "day", "time"}:
        return False
    if first > 0 and tokens[first - 1].text[:1].isupper() and tokens[first - 1].pos == "PROPN" \
            and tokens[first - 1].text.lower() not in {"only", "about", "some"}:
        return False  # "Resolution 2042", "Route 66"
    return not (nxt[:1].isupper() and nxt not in {"Daesh"} and tokens[last].text.isdigit()
                and nxt.isalpha() and nxt.istitle() and nxt2 in {"", ",", "."})


def _counted(tokens: Sequence[Tok], first: int, last: int, mentions: Sequence[Mention],
             text: str) -> tuple[str, int | None, str | None]:
    """The counted noun's class, its token index and the owner named inside the phrase."""
    i = last + 1
    if i < len(tokens) and tokens[i].text.lower() in {"or", "more"} and \
            i + 1 < len(tokens) and tokens[i + 1].text.lower() in {"so", "more"}:
        i += 2
    elif i < len(tokens) and tokens[i].text.lower() == "more":
        return "", None, None
    owner = None
    while i < len(tokens) and tokens[i].text in {'"', "\u201d", "''"}:
        i += 1  # a quoted figure: "well over 3,500" people
    while i < len(tokens) and tokens[i].text.lower() in _OF_SKIP:
        if tokens[i].text.lower() in {"our", "their", "his", "her", "its"}:
            owner = tokens[i].text.lower()
        i += 1
    head = None
    j = i
    while j < len(tokens) and j < i + 5:
        tok = tokens[j]
        word = tok.text.lower()
        if word in _STOP_AFTER and word != "-":
            break
        if tok.pos:
            if tok.pos in {"NOUN", "PROPN"} or (tok.pos in {"ADJ", "VERB"} and
                                                _lemma(tok) in _CLASS_OF):
                head = j
            elif tok.pos not in {"ADJ", "NUM", "PUNCT", "X"} or tok.text in {",", "."}:
                break
        elif tok.text.isalpha() and word not in _ASPECT_OF:
            head = j
        elif not tok.text.isalpha() and tok.text != "-":
            break
        j += 1
    if head is None:
        return "", None, owner
    if owner is None:
        for m in mentions:
            if tokens[last].end <= m.start and m.end <= tokens[head].start + 1 \
                    and m.label in {"ORG", "NORP", "GPE"}:
                owner = m.text
    lemma = _lemma(tokens[head])
    return _CLASS_OF.get(lemma, lemma), head, owner


def _lemma(tok: Tok) -> str:
    lemma = tok.lemma or tok.text.lower()
    if lemma == tok.text.lower() and lemma.endswith("s") and len(lemma) > 3 \
            and lemma[:-1] in _CLASS_OF:
        lemma = lemma[:-1]
    return lemma


def _aspect(tokens: Sequence[Tok], first: int, head: int) -> str:
    """The aspect cue nearest the counted phrase (six words before, eight after)."""
    best: tuple[int, str] | None = None
    start = first
    while start > max(0, first - 6):
        word = tokens[start - 1].text.lower()
        if word in {";", ":", "and", "but", "while"} or (
                word == "," and tokens[start].text.lower() != "including"):
            break  # the cue must be in the number's own clause
        start -= 1
    window = list(range(start, first)) + list(range(head + 1, min(len(tokens), head + 9)))
    for k in window:
        tok = tokens[k]
        word = tok.text.lower()
        aspect = _ASPECT_OF.get(word) or _ASPECT_OF.get(tok.lemma)
        if word == "left" and k + 1 < len(tokens) and tokens[k + 1].text.lower() in {"in",
                                                                                     "inside"}:
            aspect = "present"
        elif word in {"left", "leave"} and k > head:
            aspect = "fled"
        elif word == "out" and not (k + 1 < len(tokens) and tokens[k + 1].text.lower() == "of"):
            aspect = None
        if aspect:
            distance = first - k if k < first else k - head
            if best is None or distance < best[0]:
                best = (distance, aspect)
    return best[1] if best else "present"


def _place(mentions: Sequence[Mention], span: Span, main_place: str | None,
           text: str) -> str | None:
    """The place nearest the number (after it preferred); not "US" in "US-backed" or "U.S.
    military officer" (a modifier), else the article's main place."""
    places = [m for m in mentions if m.label in _PLACE_LABELS and text[m.end:m.end + 1] != "-"
              and not (m.end < len(text) and text[m.end + 1:m.end + 2].islower()
                       and m.text.isupper())]
    if not places:
        return main_place
    nearest = min(places, key=lambda m: abs(m.start - span.end) + (0 if m.start > span.end
                                                                     else 10))
    return nearest.text


def _attribution(doc: Parsed, mentions: Sequence[Mention], span: Span) -> str | None:
    """Who said it: the subject of the speech verb nearest the number."""
    tokens = doc.tokens
    verbs = [i for i, t in enumerate(tokens) if t.text.lower() in _SPEECH]
    if not verbs:
        return None
    middle = (span.start + span.end) // 2
    verbs.sort(key=lambda i: abs(tokens[i].start - middle))
    for i in verbs:
        speaker = _speaker_of(doc, mentions, i)
        if speaker and speaker.lower() not in _PRONOUNS:
            return speaker
    speaker = _speaker_of(doc, mentions, verbs[0])
    if speaker is None:
        # "Another SDF field commander, who gave his name as Ashraf Serhad, said ...".
        named = [m for m in mentions if m.end <= tokens[verbs[0]].start
                 and m.label in {"PERSON", "ORG"}]
        speaker = named[-1].text if named else None
    return speaker


def _speaker_of(doc: Parsed, mentions: Sequence[Mention], i: int) -> str | None:
    tokens = doc.tokens
    word = tokens[i].text.lower()
    if word == "according":
        return _phrase_after(doc, mentions, i + 2)  # "according to X"
    if word in {"said", "says", "told", "added", "wrote"} and i + 1 < len(tokens):
        after = _mention_at(mentions, tokens[i + 1].start) or \
            (tokens[i + 1].text in {"Colonel", "General", "Col.", "Gen."} and
             _phrase_after(doc, mentions, i + 1))
        before = _phrase_before(doc, mentions, i)
        if after and (before is None or tokens[i - 1].text in {",", '"', "\u201d", "'"}):
            return after
        return before
    return _phrase_before(doc, mentions, i)


def _mention_at(mentions: Sequence[Mention], start: int) -> str | None:
    for m in mentions:
        if m.start == start and m.label in {"PERSON", "ORG", "NORP", "GPE"}:
            return m.text
    return None


def _phrase_after(doc: Parsed, mentions: Sequence[Mention], i: int) -> str | None:
    """The speaker after "according to" / "said": a name within the next six words (the
    name only), else the words up to the next punctuation ("according to activists")."""
    tokens = doc.tokens
    while i < len(tokens) and tokens[i].text.lower() in {"the", "a", "an"}:
        i += 1
    if i >= len(tokens):
        return None
    named = [m for m in mentions if m.start >= tokens[i].start and m.label != "DATE"]
    j = i
    while j < len(tokens) and j < i + 6 and tokens[j].text not in {",", ".", ";", '"', "\u201d"}:
        j += 1
    if named and named[0].start < tokens[min(j, len(tokens) - 1)].end:
        return named[0].text
    return doc.text[tokens[i].start:tokens[j - 1].end] if j > i else None


def _phrase_before(doc: Parsed, mentions: Sequence[Mention], i: int) -> str | None:
    """The noun phrase right before the verb: "the UN humanitarian office", "Iraqi commanders"."""
    tokens = doc.tokens
    j = i - 1
    while j >= 0 and tokens[j].text.lower() in _SKIP_BEFORE_VERB:
        j -= 1
    end = j
    while j >= 0 and j > end - 6:
        tok = tokens[j]
        word = tok.text.lower()
        if word in {"the", "a", "an", ",", ".", ";", "that", "and", "but", "which", "who", '"',
                    "\u201d", "\u201c", "(", ")"} or (tok.pos and tok.pos in {"VERB", "ADP",
                                                                               "SCONJ", "AUX"}):
            break
        j -= 1
    if end < 0 or j == end:
        return None
    phrase = doc.text[tokens[j + 1].start:tokens[end].end]
    return phrase if phrase.strip() else None


def _resolve_pronoun(pronoun: str, doc: Parsed, mentions: Sequence[Mention]) -> str | None:
    """"he"/"she" -> the sentence's person; "it"/"they" -> its first organization."""
    labels = {"PERSON"} if pronoun in {"he", "she", "i"} else {"ORG", "NORP", "GPE"}
    named = [m.text for m in mentions if m.label in labels]
    return named[0] if named else None


def _describe(counted: str, aspect: str, place: str | None) -> str:
    noun = {"civilian": "civilians", "fighter": "fighters", "soldier": "soldiers",
            "dead": "dead", "child": "children", "percent": "per cent"}.get(counted, counted)
    verb = {"present": "in", "killed": "killed in", "wounded": "wounded in",
            "fled": "who left", "detained": "detained in"}[aspect]
    if counted == "dead":
        verb = "in"
    if not place:
        return noun if aspect == "present" or counted == "dead" else f"{noun} {verb.split()[0]}"
    return f"{noun} {verb} {place}"

