"""The story as the summarizers see it: articles, their dated sentences and their copy groups.

Every summarizer takes the same input, either analysed articles (``AnalyzedArticle``, whose
``sentences`` carry ``event_date`` from the time stage) or a mapping ``article id -> sentences``,
and builds one :class:`Pool`: all sentences in one list with one TF-IDF matrix, so a sentence
can be compared with every other in a single sparse product.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.copies.sources import copy_components
from dateline.model import AnalyzedArticle, Article, CopyLink, Sentence
from dateline.summarize.text import numbers, stem, stems_of, word_count, words

StoryInput = Iterable[AnalyzedArticle] | Mapping[str, Sequence[Sentence]]
CopyGroups = Iterable[Iterable[str] | CopyLink]


@dataclass(frozen=True)
class Doc:
    """One article: its id, outlet, publication day (``YYYY-MM-DD`` or ``None``), sentences."""

    id: str
    outlet: str | None
    published: str | None
    sentences: tuple[Sentence, ...]


def as_docs(articles: StoryInput, outlets: Mapping[str, str] | None = None,
            published: Mapping[str, str] | None = None) -> list[Doc]:
    """Normalise the accepted inputs into :class:`Doc` records, in input order.

    ``outlets`` and ``published`` fill in what a plain ``id -> sentences`` mapping cannot say.
    """
    outlets, published = outlets or {}, published or {}
    docs = []
    if isinstance(articles, Mapping):
        for article_id, sentences in articles.items():
            docs.append(Doc(article_id, outlets.get(article_id), published.get(article_id),
                            tuple(sentences)))
        return docs
    for item in articles:
        article: Article = item.article
        docs.append(Doc(article.id, outlets.get(article.id, article.outlet),
                        published.get(article.id, article.published_day), tuple(item.sentences)))
    return docs


def own_day(sentence: Sentence) -> str | None:
    """The day the sentence names itself ("on Saturday", "June 6"), or ``None``.

    The time stage falls back to the publication date for ``event_date``; that fallback is
    weaker evidence, so it is told apart here by looking for a time expression of that day.
    """
    event = sentence.event_date
    if event is None or event.granularity != "day":
        return None
    for expr in sentence.times:
        if expr.type in ("DATE", "TIME") and expr.value[:10] == event.value:
            return event.value
    return None


def event_day(sentence: Sentence) -> str | None:
    """The sentence's event date when known to the day (its own or the publication's)."""
    event = sentence.event_date
    if event is None or event.granularity != "day":
        return None
    return event.value


def copy_group_keys(doc_ids: Iterable[str], copy_groups: CopyGroups = ()) -> dict[str, str]:
    """Map each article id to the key of its group of copies (itself when it has none).

    ``copy_groups`` holds groups of article ids that copy one another, or ``CopyLink`` records;
    overlapping groups are merged, so an article counts once however it is linked.
    """
    component = copy_components(copy_groups)
    return {doc_id: component.get(doc_id, doc_id) for doc_id in doc_ids}


@dataclass
class Pool:
    """All sentences of a story in one list, with their TF-IDF rows and copy groups."""

    docs: list[Doc]
    group: dict[str, str]
    doc_of: np.ndarray = field(init=False)
    sentences: list[Sentence] = field(init=False)
    tokens: list[list[str]] = field(init=False)
    stems: list[list[str]] = field(init=False)
    numbers: list[frozenset[str]] = field(init=False)
    matrix: sparse.csr_matrix = field(init=False)
    terms: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = [s for doc in self.docs for s in doc.sentences]
        self.doc_of = np.array([i for i, doc in enumerate(self.docs) for _ in doc.sentences],
                               dtype=int)
        self.tokens = [words(s.text) for s in self.sentences]
        self.stems = [stems_of(tokens) for tokens in self.tokens]
        self.numbers = [numbers(s.text) for s in self.sentences]
        self.matrix, self.terms = _tfidf_of_stems(self.stems)

    @cached_property
    def stem_sets(self) -> list[frozenset[str]]:
        """Each sentence's content stems as a set (for the support tests of citations)."""
        return [frozenset(stems) for stems in self.stems]

    @cached_property
    def word_counts(self) -> list[int]:
        """Each sentence's length in words (:func:`dateline.summarize.text.word_count`)."""
        return [word_count(s.text) for s in self.sentences]

    def furniture(self, min_days: int) -> np.ndarray:
        """Rows that are page furniture: the same sentence, word for word, in
        articles published on at least ``min_days`` different days ("Views expressed in the
        comments do not represent those of Reuters ."). A copied report repeats its
        sentences within a day or two; a footer or a site's promotion repeats for months.
        0 marks nothing."""
        if min_days <= 0 or not len(self):
            return np.zeros(len(self), dtype=bool)
        ids: dict[str, int] = {}
        text_id = np.array([ids.setdefault(s.text.strip(), len(ids)) for s in self.sentences],
                           dtype=np.int64)
        days: dict[str | None, int] = {}
        doc_day = np.array([days.setdefault(d.published, len(days)) for d in self.docs],
                           dtype=np.int64)
        pairs = np.unique(text_id * len(days) + doc_day[self.doc_of])
        n_days = np.bincount(pairs // len(days), minlength=len(ids))
        return n_days[text_id] >= min_days

    @classmethod
    def build(cls, articles: StoryInput, copy_groups: CopyGroups = (),
              outlets: Mapping[str, str] | None = None,
              published: Mapping[str, str] | None = None) -> Pool:
        docs = as_docs(articles, outlets, published)
        return cls(docs, copy_group_keys([d.id for d in docs], copy_groups))

    def doc(self, row: int) -> Doc:
        return self.docs[int(self.doc_of[row])]

    def group_of(self, row: int) -> str:
        return self.group[self.doc(row).id]

    def key_columns(self, k: int, skip: np.ndarray | None = None, shortlist: int = 0
                    ) -> np.ndarray:
        """Matrix columns of the story's ``k`` key terms, e.g. "propofol", "manslaughter",
        "conrad" for the trial of Michael Jackson's doctor. Their IDF is low, so the TF-IDF
        centroid ignores them; they still tell a sentence about the story from page furniture
        ("Transmission details are not updated after publication") or a side story.

        ``skip``: rows left out of the counts (page furniture, :meth:`furniture`).
        ``shortlist``: 0 takes the stems found in the most independent articles (copies
        count once). Above 0, of that many most found stems (letters, no apostrophe) the
        ``k`` most particular to the story: the share of articles using the stem over its
        frequency in English at large (the wordfreq package), so "assad" and "damascus" come
        before "government" and "people", and an agency's name or a site's promotion that
        fills every article of a noisy collection does not pass for the story's subject.
        """
        if k <= 0 or not len(self) or not self.docs:
            return np.zeros(0, dtype=int)
        keys: dict[str, int] = {}
        doc_group = np.array([keys.setdefault(self.group[d.id], len(keys)) for d in self.docs])
        row_group = doc_group[self.doc_of]
        weight = np.ones(len(self)) if skip is None else (~skip).astype(float)
        groups = sparse.csr_matrix((weight, (row_group, np.arange(len(self)))),
                                   shape=(len(keys), len(self)))
        present = groups @ (self.matrix != 0).astype(float)
        df = np.asarray((present > 0).sum(axis=0)).ravel()
        order = np.argsort(-df, kind="stable")
        if shortlist <= 0:
            return order[:k]
        chosen = [int(c) for c in order[:shortlist] if df[c] > 0
                  and any(ch.isalpha() for ch in self.terms[c]) and "'" not in self.terms[c]]
        common = self._english_frequency({self.terms[c] for c in chosen})
        particular = {c: np.log(df[c]) - np.log(max(common[self.terms[c]], 1e-8))
                      for c in chosen}
        best = sorted(chosen, key=lambda c: -particular[c])[:k]
        # and their possessives: "SDF's" is stemmed "sdf'" (the summaries' stems keep it apart)
        column = {t: c for c, t in enumerate(self.terms) if t.endswith("'")}
        best += [column[self.terms[c] + "'"] for c in best if self.terms[c] + "'" in column]
        return np.array(best, dtype=int)

    def _english_frequency(self, stems: set[str]) -> dict[str, float]:
        """How common each of ``stems`` is in English: the summed wordfreq frequency of the
        pool's words that give it (0 for a word wordfreq does not know)."""
        from wordfreq import word_frequency  # its word lists ship inside the package

        freq = dict.fromkeys(stems, 0.0)
        for token, token_stem in self.token_stems.items():
            if token_stem in freq:
                freq[token_stem] += word_frequency(token, "en")
        return freq

    @cached_property
    def token_stems(self) -> dict[str, str]:
        """Each word of the pool once, in order of first use, with its stem."""
        return {token: stem(token) for token in dict.fromkeys(chain.from_iterable(self.tokens))}

    def __len__(self) -> int:
        return len(self.sentences)


def _tfidf_of_stems(stems: list[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """:func:`dateline.summarize.text.tfidf_matrix` of the sentences whose content stems are
    ``stems`` (the same matrix, without stemming every sentence a second time), and the stem
    of each column."""
    if not stems:
        return sparse.csr_matrix((0, 0)), []
    vectorizer = TfidfVectorizer(analyzer=_given, sublinear_tf=True, min_df=1)
    try:
        matrix = vectorizer.fit_transform(stems).tocsr()
    except ValueError:  # no content word at all
        return sparse.csr_matrix((len(stems), 1)), [""]
    return matrix, vectorizer.get_feature_names_out().tolist()


def _given(stems: list[str]) -> list[str]:
    return stems
