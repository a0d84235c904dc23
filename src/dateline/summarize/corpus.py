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

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.copies.sources import copy_components
from dateline.model import AnalyzedArticle, Article, CopyLink, Sentence
from dateline.summarize.text import numbers, stems_of, word_count, words

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

    def __post_init__(self) -> None:
        self.sentences = [s for doc in self.docs for s in doc.sentences]
        self.doc_of = np.array([i for i, doc in enumerate(self.docs) for _ in doc.sentences],
                               dtype=int)
        self.tokens = [words(s.text) for s in self.sentences]
        self.stems = [stems_of(tokens) for tokens in self.tokens]
        self.numbers = [numbers(s.text) for s in self.sentences]
        self.matrix = _tfidf_of_stems(self.stems)

    @cached_property
    def stem_sets(self) -> list[frozenset[str]]:
        """Each sentence's content stems as a set (for the support tests of citations)."""
        return [frozenset(stems) for stems in self.stems]

    @cached_property
    def word_counts(self) -> list[int]:
        """Each sentence's length in words (:func:`dateline.summarize.text.word_count`)."""
        return [word_count(s.text) for s in self.sentences]

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

    def key_columns(self, k: int) -> np.ndarray:
        """Matrix columns of the story's ``k`` key terms: the stems found in the most
        independent articles (copies count once), e.g. "jackson", "murray", "doctor" for the
        trial of Michael Jackson's doctor. Their IDF is low, so the TF-IDF centroid ignores
        them; they still tell a sentence about the story from page furniture ("Transmission
        details are not updated after publication") or a side story."""
        if k <= 0 or not len(self) or not self.docs:
            return np.zeros(0, dtype=int)
        keys: dict[str, int] = {}
        doc_group = np.array([keys.setdefault(self.group[d.id], len(keys)) for d in self.docs])
        row_group = doc_group[self.doc_of]
        groups = sparse.csr_matrix((np.ones(len(self)), (row_group, np.arange(len(self)))),
                                   shape=(len(keys), len(self)))
        present = groups @ (self.matrix != 0).astype(float)
        df = np.asarray((present > 0).sum(axis=0)).ravel()
        return np.argsort(-df, kind="stable")[:k]

    def __len__(self) -> int:
        return len(self.sentences)


def _tfidf_of_stems(stems: list[list[str]]) -> sparse.csr_matrix:
    """:func:`dateline.summarize.text.tfidf_matrix` of the sentences whose content stems are
    ``stems`` (the same matrix, without stemming every sentence a second time)."""
    if not stems:
        return sparse.csr_matrix((0, 0))
    vectorizer = TfidfVectorizer(analyzer=_given, sublinear_tf=True, min_df=1)
    try:
        return vectorizer.fit_transform(stems).tocsr()
    except ValueError:  # no content word at all
        return sparse.csr_matrix((len(stems), 1))


def _given(stems: list[str]) -> list[str]:
    return stems
