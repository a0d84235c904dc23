"""Scores of a clustering against gold groups: B-cubed, ARI, NMI; and the TF-IDF baseline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def bcubed(gold: Sequence[object], pred: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    pairs = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    n = len(gold)
    precision = sum(c * c / p[pr] for (_, pr), c in pairs.items()) / n
    recall = sum(c * c / g[go] for (go, _), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(gold: Sequence[object], pred: Sequence[object],
           nmi_average: str = "arithmetic") -> dict[str, float]:
    """B-cubed P/R/F1, ARI, NMI (``nmi_average`` as in scikit-learn) and the cluster count."""
    precision, recall, f1 = bcubed(gold, pred)
    gold_l, pred_l = [str(x) for x in gold], [str(x) for x in pred]
    return {
        "b3_p": round(precision, 4), "b3_r": round(recall, 4), "b3_f1": round(f1, 4),
        "ari": round(adjusted_rand_score(gold_l, pred_l), 4),
        "nmi": round(normalized_mutual_info_score(gold_l, pred_l,
                                                  average_method=nmi_average), 4),
        "clusters": len(set(pred_l)), "gold": len(set(gold_l)),
    }


def tfidf_agglomerative(texts: Sequence[str], threshold: float = 0.8,
                        svd_dims: int = 256) -> np.ndarray:
    """The baseline: TF-IDF (words, sublinear tf), average-linkage agglomerative, cosine.

    Above 3,000 texts the TF-IDF vectors are first reduced to ``svd_dims`` dimensions (LSA),
    as scikit-learn's agglomerative clustering needs dense input.
    """
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
        texts)
    if matrix.shape[0] > 3000 and matrix.shape[1] > svd_dims:
        dense = TruncatedSVD(svd_dims, random_state=0).fit_transform(matrix)
    else:
        dense = matrix.toarray()
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    return model.fit_predict(dense / norms)
