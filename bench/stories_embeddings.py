"""The int8 ONNX encoder against the full torch model, on real T17 text, in one run.

Two sets drawn with seed 0 from all T17 articles: ``--n`` whole articles (the text the
stories stage embeds: title and body cut at 1,500 characters, read up to ``--max-tokens``
word pieces) and ``--n`` sentences (:func:`dateline.sentences.split_sentences`, 40 characters
or more). Each set is embedded by both encoders (models loaded and warmed up first, not
timed); the table gives the cosine of the ONNX vector to the torch vector of the same text
(mean, 1st and 5th percentile, minimum), texts per second and CPU seconds of each, and the
CPU ratio torch / ONNX (the wall ratio moves with the other work on the machine).

    nice .venv/bin/python bench/stories_embeddings.py [--n 1000] [--max-tokens 128]
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from dateline.sentences import split_sentences
from dateline.stories.embeddings import ONNX, TORCH, article_text, embed_texts
from stories_common import load_average, print_table, write_json
from stories_t17 import load


def timed(texts: list[str], encoder: str, max_tokens: int) -> tuple[np.ndarray, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = embed_texts(texts, max_tokens=max_tokens, encoder=encoder)
    return vectors, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="texts per set")
    parser.add_argument("--max-tokens", type=int, default=128)
    args = parser.parse_args()
    articles, _, _ = load()
    rng = random.Random(0)
    sample = rng.sample(articles, args.n)
    sentences = [s for a in rng.sample(articles, args.n) for s in split_sentences(a.text)
                 if len(s) >= 40]
    sets = {"articles": [article_text(a) for a in sample],
            "sentences": rng.sample(sentences, args.n)}
    for encoder in (ONNX, TORCH):  # load and warm up, untimed
        embed_texts(sets["sentences"][:8], max_tokens=args.max_tokens, encoder=encoder)
    rows = []
    for name, texts in sets.items():
        full, t_wall, t_cpu = timed(texts, TORCH, args.max_tokens)
        fast, o_wall, o_cpu = timed(texts, ONNX, args.max_tokens)
        cos = np.sum(full * fast, axis=1)
        rows.append({"set": name, "texts": len(texts),
                     "mean_chars": round(float(np.mean([len(t) for t in texts]))),
                     "cos_mean": float(cos.mean()), "cos_p1": float(np.percentile(cos, 1)),
                     "cos_p5": float(np.percentile(cos, 5)), "cos_min": float(cos.min()),
                     "torch_per_s": f"{len(texts) / t_wall:.1f}",
                     "onnx_per_s": f"{len(texts) / o_wall:.1f}",
                     "torch_cpu_s": round(t_cpu, 1), "onnx_cpu_s": round(o_cpu, 1),
                     "cpu_ratio": round(t_cpu / o_cpu, 2)})
    print_table(f"ONNX int8 vs torch MiniLM on T17 (all, seed 0), max_tokens {args.max_tokens};"
                f" load {load_average()}", rows, list(rows[0]))
    write_json("stories_embeddings", {"rows": rows, "max_tokens": args.max_tokens})


if __name__ == "__main__":
    main()
