"""DUC 2004 Task 2 benchmark: dateline's 100-word overview summary of each 10-article cluster.

Scored with ROUGE-1/2 recall against the 4 human summaries, settings of the published table
(``../shared/data/duc2004/README.md``): ``-n 4 -x -m -l 100 -p 0.5 -c 95 -r 1000 -f A -t 0 -a
-d``. The 13 published systems in ``peers/`` are re-scored with the same scorer in the same
run, so our number is read against theirs, not against a table from another scorer. Two
scorers: ``perl`` (ROUGE-1.5.5 as shipped inside tilse's pyrouge; needs Perl) and ``python``
(a re-implementation: same tokenisation, Porter stems from nltk, model-pooled recall).

DUC 2004 is a test set: nothing was tuned on it. Internal use only (NIST data).

    .venv/bin/python bench/summary_duc.py [--scorer perl|python] [--clusters 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from dateline.model import Sentence
from dateline.sentences import split_sentences
from dateline.summarize import build_summary

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "duc2004"
RESULTS = ROOT / "bench" / "results" / "summary_duc.json"
SYSTEMS = ("Lead", "LexRank", "Centroid", "FreqSum", "TsSum", "GreedyKL", "CLASSY04",
           "CLASSY11", "Submodular", "DPP", "OCCAMS_V", "RegSum", "ICSISumm")
ANCHORS = {"LexRank": (36.00, 7.51), "DPP": (39.84, 9.62), "ICSISumm": (38.44, 9.81)}
ROUGE_ARGS = ["-n", "4", "-x", "-m", "-l", "100", "-p", "0.5", "-c", "95", "-r", "1000",
              "-f", "A", "-t", "0", "-a", "-d"]


def load_clusters(data: Path = DATA) -> dict[str, list[dict]]:
    clusters: dict[str, list[dict]] = defaultdict(list)
    with gzip.open(data / "docs.jsonl.gz", "rt") as f:
        for line in f:
            record = json.loads(line)
            clusters[record["cluster"]].append(record)
    return dict(clusters)


def summarize_cluster(docs: list[dict], words: int = 100) -> list[str]:
    """dateline's summary of one cluster: the sentences, in reading order."""
    by_id = {}
    for doc in docs:
        texts = split_sentences(doc["text"])
        by_id[doc["doc_id"]] = tuple(Sentence(doc["doc_id"], i, 0, t) for i, t in enumerate(texts))
    published = {doc["doc_id"]: doc["date"] for doc in docs}
    return [s.text for s in build_summary(by_id, n_words=words, published=published)]


def references(cluster: str, data: Path = DATA) -> list[Path]:
    return sorted((data / "models").glob(f"{cluster}.m.100.t.*"))


# ---------------------------------------------------------------------------------------------
# Scorers: {cluster: peer file} -> {"rouge_1": recall, "rouge_2": recall} averaged over clusters


def score_perl(peers: dict[str, Path], data: Path = DATA) -> dict[str, float]:
    import pyrouge  # shipped with tilse, with ROUGE-1.5.5 inside

    home = Path(pyrouge.__file__).parent / "tools" / "ROUGE-1.5.5"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as config:
        for cluster, peer in sorted(peers.items()):
            config.write(" ".join([str(peer)] + [str(m) for m in references(cluster, data)]))
            config.write("\n")
    cmd = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"), *ROUGE_ARGS,
           "-z", "SPL", config.name, "peer"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    Path(config.name).unlink()
    scores = {}
    for n in (1, 2):
        match = re.search(rf"ROUGE-{n} Average_R: ([0-9.]+)", out)
        scores[f"rouge_{n}"] = float(match.group(1)) if match else float("nan")
    return scores


_stemmer = None


def _tokens(text: str) -> list[str]:
    """ROUGE-1.5.5's tokens: lower case, non-alphanumerics to spaces, Porter stems (-m)."""
    global _stemmer
    if _stemmer is None:
        from nltk.stem.porter import PorterStemmer

        _stemmer = PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)
    tokens = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return [_stemmer.stem(t) if len(t) > 3 else t for t in tokens]


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score_python(peers: dict[str, Path], data: Path = DATA, limit: int = 100
                 ) -> dict[str, float]:
    totals = {1: 0.0, 2: 0.0}
    for cluster, peer in peers.items():
        peer_words = peer.read_text().split()[:limit]
        peer_tokens = _tokens(" ".join(peer_words))
        for n in (1, 2):
            hit = count = 0
            grams = _ngrams(peer_tokens, n)
            for model in references(cluster, data):
                ref = _ngrams(_tokens(model.read_text()), n)
                hit += sum((grams & ref).values())
                count += sum(ref.values())
            totals[n] += hit / count if count else 0.0
    return {f"rouge_{n}": totals[n] / len(peers) for n in (1, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--scorer", choices=("perl", "python"), default="perl")
    parser.add_argument("--clusters", type=int, default=0, help="first N clusters (0 = all)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"DUC 2004 data not found at {args.data}", file=sys.stderr)
        return 2
    clusters = load_clusters(args.data)
    names = sorted(clusters)[: args.clusters or None]
    scorer = score_perl if args.scorer == "perl" else score_python
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        ours, seconds = {}, 0.0
        for name in names:
            t0 = time.perf_counter()
            sentences = summarize_cluster(clusters[name])
            seconds += time.perf_counter() - t0
            ours[name] = Path(tmp) / f"{name}.dateline"
            ours[name].write_text("\n".join(sentences) + "\n")
        rows["dateline"] = scorer(ours, args.data)
        for system in SYSTEMS:
            peers = {n: args.data / "peers" / f"{n}.{system}" for n in names}
            rows[system] = scorer(peers, args.data)
    lines = [f"DUC 2004, {len(names)} clusters, scorer {args.scorer}, ROUGE recall x100",
             "| system | R-1 | R-2 | published R-1 / R-2 |", "|---|---|---|---|"]
    for system, s in sorted(rows.items(), key=lambda kv: -kv[1]["rouge_2"]):
        anchor = ANCHORS.get(system)
        published = f"{anchor[0]:.2f} / {anchor[1]:.2f}" if anchor else ""
        lines.append(f"| {system} | {100 * s['rouge_1']:.2f} | {100 * s['rouge_2']:.2f} | "
                     f"{published} |")
    lines.append(f"dateline summarizing time: {seconds:.1f} s for {len(names)} clusters "
                 f"({seconds / len(names):.2f} s per cluster)")
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"scorer": args.scorer, "clusters": names, "scores": rows,
                                    "seconds": seconds, "anchors": ANCHORS}, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
