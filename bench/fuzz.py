"""Fuzz campaign: mutated real inputs through ingest (and build) in mixed batches.

    nice -n 10 .venv/bin/python bench/fuzz.py                  # 10,000 inputs
    nice -n 10 .venv/bin/python bench/fuzz.py --n 500 --seed 7

Seeds are the repository's real inputs: the Raqqa articles (``examples/raqqa``), the reader
fixtures (HTML pages, RSS and Atom feeds, a WARC, a JSONL dump, the charset pages). Each
input is a seed mutated once or several times: bytes flipped, truncated, tag soup, a huge
attribute, deep nesting, mixed encodings (Latin-1, UTF-16, cp1251 spans, stray BOMs), NUL
bytes, a chunk repeated, two seeds spliced, JSONL values of the wrong type, gzipped (whole
or cut). Every batch mixes fuzzed inputs with untouched good seeds in one folder and ingests
it into one store; every ``--build-every``-th batch is also built (rule-based NER, to keep it
fast). Counted:
- ``escaped``: an exception that left ``ingest``/``build`` (the batch stopped);
- ``unexpected``: an input that failed with an unforeseen exception, caught by the last
  safety nets ("failed to read", "failed to process") instead of a clear reason;
- ``lost``: a good seed of the batch that did not become an article;
- peak RSS of the whole run, and the slowest batch in CPU seconds.
The baseline, measured in the same run, is the same batches with only their good seeds
(CPU seconds per input). Writes ``bench/results/fuzz.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
RESULTS = ROOT / "bench" / "results"


def seeds() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every real input the campaign starts from."""
    paths = sorted((ROOT / "examples" / "raqqa").glob("*.txt"))
    paths += sorted(p for p in FIXTURES.iterdir() if p.suffix in (".html", ".rss", ".atom",
                                                                   ".jsonl", ".gz"))
    paths += sorted((FIXTURES / "charsets").glob("*.html"))
    return [(p.name, p.read_bytes()) for p in paths]


# --------------------------------------------------------------------------------------------
# Mutations: each takes the random source and the bytes, returns new bytes.

def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


SOUP = [b"<", b">", b"</div>", b"<div>", b"<p", b"<!--", b"-->", b"<script>", b"</script>",
        b"<![CDATA[", b"]]>", b"<table><tr><td>", b"&#0;", b"&#x110000;", b"&amp", b"<meta ",
        b"charset=", b"<?xml version='1.0'?>", b"<html>", b"</html>", b"<body/>", b"\"", b"'",
        b"<entry>", b"</item>", b"<rss>", b"WARC/1.0\r\n", b"{", b"}", b"\n", b"\r\n\r\n"]


def tag_soup(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(out) + 1)
        out[at:at] = rng.choice(SOUP)
    return bytes(out)


def huge_attribute(rng: random.Random, data: bytes) -> bytes:
    size = rng.choice([1_000, 10_000, 100_000, 1_000_000])
    at = rng.randrange(len(data) + 1)
    return data[:at] + b'<div data-x="' + b"A" * size + b'">' + data[at:]


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([100, 300, 3000, 10000])
    tag = rng.choice([b"div", b"span", b"b", b"blockquote", b"li", b"table"])
    at = rng.randrange(len(data) + 1)
    return data[:at] + (b"<" + tag + b">") * depth + data[at:]


def mixed_encodings(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    out = bytearray()
    start = 0
    while start < len(text):
        end = min(len(text), start + rng.randint(20, 400))
        codec = rng.choice(["utf-8", "utf-8", "latin-1", "cp1251", "utf-16-le", "cp1252"])
        out += text[start:end].encode(codec, "replace")
        if rng.random() < 0.05:
            out += rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])
        start = end
    return bytes(out)


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\x00" * rng.randint(1, 8) + data[at:]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 300)]
    return data[:start] + chunk * rng.randint(2, 500) + data[start:]


def json_types(rng: random.Random, data: bytes) -> bytes:
    """JSONL lines with values of the wrong type, or broken JSON."""
    lines = []
    for line in data.splitlines() or [b"{}"]:
        try:
            record = json.loads(line)
        except ValueError:
            lines.append(line)
            continue
        if isinstance(record, dict) and record:
            key = rng.choice(list(record))
            record[key] = rng.choice([None, 20170610, 1.5e300, [], {"a": [1]}, True, "",
                                      "1999-02-30", "x" * 10_000, -1])
        lines.append(json.dumps(record).encode())
    if rng.random() < 0.3:
        lines.insert(rng.randrange(len(lines) + 1), b'{"text": "unterminated')
    return b"\n".join(lines)


def gzipped(rng: random.Random, data: bytes) -> bytes:
    packed = gzip.compress(data)
    return packed if rng.random() < 0.6 else packed[: rng.randrange(len(packed) + 1)]


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": flip_bytes, "truncate": truncate, "soup": tag_soup, "attribute": huge_attribute,
    "nesting": deep_nesting, "encodings": mixed_encodings, "nul": nul_bytes,
    "repeat": repeat_chunk, "json": json_types, "gzip": gzipped,
}
SUFFIXES = [".html", ".txt", ".rss", ".atom", ".jsonl", ".warc", ".xml", ""]


def fuzzed(rng: random.Random, pool: list[tuple[str, bytes]]) -> tuple[str, bytes, list[str]]:
    """One fuzzed input: its file name, bytes, and the mutations applied."""
    name, data = rng.choice(pool)
    applied = []
    if name.endswith(".gz") and rng.random() < 0.5:
        data = gzip.decompress(data)
    if rng.random() < 0.1:  # two seeds spliced: a feed's head on a page's body...
        other = rng.choice(pool)[1]
        data = data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]
        applied.append("splice")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        mutation = rng.choice(list(MUTATIONS))
        data = MUTATIONS[mutation](rng, data)
        applied.append(mutation)
    suffix = Path(name.removesuffix(".gz")).suffix if rng.random() < 0.8 else rng.choice(
        SUFFIXES)
    return suffix, data, applied


# --------------------------------------------------------------------------------------------

def good_ids(pool: list[tuple[str, bytes]]) -> dict[str, set[str]]:
    """Each seed's article ids when ingested alone (the articles a batch must not lose)."""
    from dateline.ingest import ingest
    from dateline.store import SQLiteStore

    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for i, (name, data) in enumerate(pool):
            path = Path(folder) / f"{i}-{name}"
            path.write_bytes(data)
            store = SQLiteStore(Path(folder) / f"{i}.db")
            ingest(store, [str(path)])
            out[name] = {a.id for a in store.iter_articles()}
            store.close()
    return out


def run_batch(folder: Path, build: bool) -> tuple[set[str], list[Any], str | None]:
    """Ingest (and build) one batch folder: stored ids, errors, and an escaped exception."""
    from dateline.build import BuildConfig
    from dateline.build import build as run_build
    from dateline.ingest import ingest
    from dateline.store import SQLiteStore

    store = SQLiteStore(folder / "batch.db")
    escaped = None
    try:
        if build:
            run = run_build(store, [str(folder / "in")], BuildConfig(use_model=False, jobs=1))
            errors = list(run.ingest.errors) if run.ingest else []
        else:
            errors = ingest(store, [str(folder / "in")]).errors
    except Exception:
        escaped = traceback.format_exc(limit=8)
        errors = []
    ids = {a.id for a in store.iter_articles()}
    store.close()
    return ids, errors, escaped


def campaign(n: int, seed: int = 24, batch: int = 50, build_every: int = 40,
             baseline: bool = True, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Fuzz ``n`` inputs in batches of ``batch`` (plus two good seeds each)."""
    rng = random.Random(seed)
    pool = seeds()
    expected = good_ids(pool)
    good_pool = [(name, data) for name, data in pool if expected[name]]
    result: dict[str, Any] = {"inputs": 0, "batches": 0, "built": 0, "escaped": [],
                              "unexpected": [], "lost": [], "reasons": Counter(),
                              "mutations": Counter(), "slowest_batch_cpu": 0.0}
    cpu_fuzz = cpu_good = 0.0
    good_inputs = 0
    for number in range((n + batch - 1) // batch):
        size = min(batch, n - number * batch)
        build = build_every > 0 and number % build_every == 0
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "in").mkdir()
            inputs = {}
            for i in range(size):
                suffix, data, applied = fuzzed(rng, pool)
                name = f"f{i:03d}{suffix}"
                (folder / "in" / name).write_bytes(data)
                inputs[name] = applied
                result["mutations"].update(applied)
            goods = rng.sample(good_pool, 2)
            for j, (name, data) in enumerate(goods):
                (folder / "in" / f"good{j}-{name}").write_bytes(data)
            start = time.process_time()
            ids, errors, escaped = run_batch(folder, build)
            spent = time.process_time() - start
        cpu_fuzz += spent
        result["slowest_batch_cpu"] = max(result["slowest_batch_cpu"], round(spent, 2))
        result["inputs"] += size
        result["batches"] += 1
        result["built"] += build
        if escaped:
            result["escaped"].append({"batch": number, "build": build, "error": escaped})
        for error in errors:
            result["reasons"][error.reason] += 1
            if error.reason in ("failed to process", "failed to read"):
                file = Path(error.path.split("@")[0].split("#")[0].split(":")[0]).name
                result["unexpected"].append({"batch": number, "input": error.path,
                                             "mutations": inputs.get(file),
                                             "detail": error.detail[:300]})
        for name, _ in goods:
            if not escaped and not expected[name] <= ids:
                result["lost"].append({"batch": number, "seed": name})
        if baseline and number % 10 == 0:  # the same batch's good seeds alone
            with tempfile.TemporaryDirectory() as tmp:
                (Path(tmp) / "in").mkdir()
                for j, (name, data) in enumerate(goods):
                    (Path(tmp) / "in" / f"good{j}-{name}").write_bytes(data)
                start = time.process_time()
                run_batch(Path(tmp), False)
                cpu_good += time.process_time() - start
                good_inputs += len(goods)
        if number % 20 == 0:
            log(f"batch {number}: {result['inputs']} inputs, {len(result['escaped'])} escaped, "
                f"{len(result['unexpected'])} unexpected, {len(result['lost'])} lost")
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["cpu_per_fuzzed_input"] = round(cpu_fuzz / max(1, result["inputs"]), 4)
    result["cpu_per_good_input"] = round(cpu_good / max(1, good_inputs), 4) if good_inputs \
        else None
    result["reasons"] = dict(result["reasons"])
    result["mutations"] = dict(result["mutations"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--build-every", type=int, default=40)
    args = parser.parse_args()
    start = time.process_time()
    result = campaign(args.n, args.seed, args.batch, args.build_every,
                      log=lambda line: print(line, file=sys.stderr, flush=True))
    result["cpu_seconds"] = round(time.process_time() - start, 1)
    print(f"{'inputs':<24}{result['inputs']:>10}")
    for key in ("batches", "built"):
        print(f"{key:<24}{result[key]:>10}")
    for key in ("escaped", "unexpected", "lost"):
        print(f"{key:<24}{len(result[key]):>10}")
    print(f"{'peak RSS MB':<24}{result['peak_rss_mb']:>10}")
    print(f"{'slowest batch CPU s':<24}{result['slowest_batch_cpu']:>10}")
    per_good = result["cpu_per_good_input"]
    print(f"{'CPU s per fuzzed input':<24}{result['cpu_per_fuzzed_input']:>10}"
          f"   (baseline, a good seed alone: {per_good} s"
          + (f", x{result['cpu_per_fuzzed_input'] / per_good:.2f})" if per_good else ")"))
    print("reasons:", json.dumps(result["reasons"]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps({"args": vars(args), **result}, indent=2)
                                       + "\n")


if __name__ == "__main__":
    main()
