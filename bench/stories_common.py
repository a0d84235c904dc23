"""What the stories benchmarks share: gold data readers, a cached embedder, tables and JSON.

Gold data is read from ``../shared/data`` at run time and never copied. Embeddings of a
corpus are cached under ``/tmp/dateline-stories-cache`` (outside the repository), one file per
corpus, token limit and encoder (ONNX int8 or torch vectors are never mixed), so that a
parameter sweep embeds each text once.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from dateline.model import Article, DateEvidence, Source
from dateline.stories.embeddings import article_text, embed_texts, encoder_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results"
CACHE = Path("/tmp/dateline-stories-cache")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def make_article(key: str, text: str, day: str | None = None) -> Article:
    """A benchmark document as an Article (no ingest: the gold text is already clean)."""
    lines = tuple(line.strip() for line in text.split("\n") if line.strip()) or (key,)
    published = DateEvidence(day, "day", "gold") if day else None
    return Article(id=hashlib.sha1(key.encode()).hexdigest()[:16], source=Source(path=key),
                   paragraphs=lines, published=published)


def cached_embedder(name: str, max_tokens: int = 128,
                    encoder: str | None = None) -> Callable[[list[Article]], np.ndarray]:
    """An embedder that keeps each text's vector in a per-corpus, per-encoder cache file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    encoder = encoder_name(encoder)
    path = CACHE / f"{name}-{max_tokens}-{encoder}.npz"
    store: dict[str, np.ndarray] = {}
    if path.exists():
        data = np.load(path)
        store = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def embed(articles: list[Article]) -> np.ndarray:
        texts = [article_text(a) for a in articles]
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in store]
        if missing:
            vectors = embed_texts([texts[i] for i in missing], max_tokens=max_tokens,
                                  encoder=encoder)
            for i, vector in zip(missing, vectors, strict=True):
                store[keys[i]] = vector
            np.savez(path, keys=np.array(list(store)), vectors=np.stack(list(store.values())))
        return np.stack([store[k] for k in keys])

    return embed


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def print_table(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    print(f"\n{title}")
    widths = [max(len(c), *(len(_cell(r.get(c))) for r in rows)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(_cell(row.get(c)).ljust(w) for c, w in zip(columns, widths, strict=True)))


def _cell(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value if value is not None else "")


def write_json(name: str, data: Any) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2))
    print(f"\nwrote {path}")
    return path


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
