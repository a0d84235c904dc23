"""Named-entity mentions of one sentence, cleaned, with the person's title and role.

Cleaning fixes what the small model gets wrong often on news: a leading "the", a possessive
"'s", trailing common nouns ("the Syrian Democratic Forces militia"), leading prepositions
("Inside Raqqa") and names split in two ("Islamic" NORP + "State" ORG). Titles are the
capitalized words written before a person's name ("Colonel", "Lieutenant General"); roles are
the job nouns around it ("coalition spokesman Colonel Ryan Dillon", "Ilham Ahmad, a senior
politician in the SDF").
"""

from __future__ import annotations

from collections.abc import Sequence

from dateline.analyze.parse import ARTICLE_NAME, Parsed, Span, Tok
from dateline.model import Mention

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}

TITLES = {
    "colonel", "col", "col.", "general", "gen", "gen.", "lieutenant", "lt", "lt.", "brigadier",
    "major", "maj", "maj.", "captain", "capt", "capt.", "sergeant", "sgt", "staff", "comrade",
    "commander", "president", "minister", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
    "sheikh", "king", "prince", "senator", "sen.", "secretary", "ambassador", "judge",
    "admiral", "marshal", "emir", "foreign", "defence", "defense", "interior", "prime", "deputy",
    "vice", "chief", "secretary-general", "pope", "queen", "governor", "gov.", "rep.",
}
ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "commander", "chief", "head", "leader",
    "minister", "envoy", "official", "politician", "president", "director", "member", "activist",
    "correspondent", "analyst", "physician", "doctor", "co-chair", "general", "colonel",
    "chairman", "chairwoman", "secretary", "ambassador", "founder", "governor", "mayor",
    "emir", "coordinator", "representative", "negotiator", "researcher", "expert", "monitor",
}
_LEAD_STRIP = {"the", "inside", "in", "at", "near", "from", "of", "by"}
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")


def mentions_from_parsed(article_id: str, sentence: int, parsed: Parsed) -> list[Mention]:
    """The name mentions of one parsed sentence, cleaned, with titles and roles of persons."""
    spans = _merge_split_names(parsed.text, [s for s in parsed.ents if s.label in NAME_LABELS])
    spans = sorted(spans + _bare_acronyms(parsed, spans), key=lambda s: s.start)
    mentions: list[Mention] = []
    for span in spans:
        cleaned = _clean(parsed.text, span, parsed.tokens)
        if cleaned is None:
            continue
        start, end = cleaned
        text = parsed.text[start:end]
        title = role = None
        if span.label == "PERSON":
            title, role = person_title_role(parsed.tokens, start, end)
        mentions.append(Mention(article_id=article_id, sentence=sentence, start=start, end=end,
                                text=text, label=span.label, role=role, title=title))
    return mentions


_COMMON_CAPS = {"AM", "PM", "TV", "OK", "ID", "CEO", "GMT", "UTC", "BST", "EST", "PS", "AD", "BC"}


def _bare_acronyms(parsed: Parsed, spans: list[Span]) -> list[Span]:
    """All-capital words the model missed ("bombing IS in Syria"), as ORG.

    Only between lower-case words, so headlines and shouted captions ("A MEMBER of ISIS")
    do not count.
    """
    found = []
    toks = parsed.tokens
    for i, tok in enumerate(toks):
        word = tok.text
        if not (2 <= len(word) <= 6 and word.isalpha() and word.isupper()) or \
                word in _COMMON_CAPS or any(s.start <= tok.start < s.end for s in spans):
            continue
        before = toks[i - 1].text if i > 0 else ""
        after = toks[i + 1].text if i + 1 < len(toks) else ""
        if (not before or not before[:1].isupper() or not before.isalpha()) and \
                (not after or not after.isalpha() or after.islower()) and \
                (before.islower() or after.islower()):
            found.append(Span(tok.start, tok.end, "ORG"))
    return found


def _merge_split_names(text: str, spans: list[Span]) -> list[Span]:
    """Join a NORP directly followed by an ORG ("Islamic" + "State") into one ORG."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            prev = merged[-1]
            gap = text[prev.end:span.start]
            if prev.label == "NORP" and span.label == "ORG" and gap == " ":
                merged[-1] = Span(prev.start, span.end, "ORG")
                continue
        merged.append(span)
    return merged


def _clean(text: str, span: Span, tokens: Sequence[Tok]) -> tuple[int, int] | None:
    inside = [t for t in tokens if t.start >= span.start and t.end <= span.end]
    if not inside:
        return None
    # Leading function words and trailing lower-case words are not part of a name.
    while len(inside) > 1 and (inside[0].text.lower() in _LEAD_STRIP or (
            span.label == "PERSON" and inside[0].text.lower() in TITLES)):
        inside = inside[1:]  # "the", "Inside", and titles before a person's name
    while inside and not _namelike(inside[-1].text):
        inside = inside[:-1]
    if not inside:
        return None
    start, end = inside[0].start, inside[-1].end
    for suffix in _POSSESSIVE:
        if text[start:end].endswith(suffix) and end - len(suffix) > start:
            end -= len(suffix)
            break
    name = text[start:end].strip(" -\u2014")
    if not name or not any(c.isupper() for c in name):
        return None
    return start, start + len(name)


def _namelike(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit() or word in _POSSESSIVE
                           or bool(ARTICLE_NAME.match(word)))  # "Deir ez-Zor"


def person_title_role(tokens: Sequence[Tok], start: int, end: int) -> tuple[str | None,
                                                                         str | None]:
    """The title written right before a person's name and the role noun around it."""
    index = {t.start: i for i, t in enumerate(tokens)}
    first = index.get(start)
    last = next((i for i, t in enumerate(tokens) if t.end == end), None)
    if first is None or last is None:
        return None, None
    i = first
    title_words: list[str] = []
    while i > 0 and tokens[i - 1].text[:1].isupper() and tokens[i - 1].text.lower() in TITLES:
        i -= 1
        title_words.insert(0, tokens[i].text)
    title = " ".join(title_words) or None
    role = None
    # "coalition spokesman Colonel Ryan Dillon": a role noun within three words before.
    for j in range(i - 1, max(-1, i - 4), -1):
        word = tokens[j].text.lower()
        if not tokens[j].text[:1].isalnum():
            break
        if word in ROLES:
            role = _role_phrase(tokens, j)
            break
    # "Ilham Ahmad, a senior politician in the SDF": a role noun within six words after.
    if role is None and last + 1 < len(tokens) and tokens[last + 1].text == ",":
        for j in range(last + 2, min(len(tokens), last + 8)):
            word = tokens[j].text.lower()
            if word in {",", ".", ";", "said", "says", "told", "who", "which"}:
                break
            if word in ROLES:
                role = _role_phrase(tokens, j)
                break
    if role is None and title_words and title_words[-1].lower() in ROLES:
        role = title_words[-1].lower()
    return title, role


def _role_phrase(tokens: Sequence[Tok], j: int) -> str:
    """The role noun with one modifier before it when that is a noun ("field commander")."""
    word = tokens[j].text.lower()
    if j > 0 and tokens[j - 1].pos in {"NOUN"} and tokens[j - 1].text.islower():
        return f"{tokens[j - 1].text} {word}"
    return word
