"""Cross-document entity coreference on ECB+ (topics 1-35) with gold mentions.

Reads ../shared/data/ecbplus/xml at run time. Entity mentions are the HUMAN_PART*, NON_HUMAN_PART*,
LOC* and TIME* markables with token anchors, in the sentences of
ECBplus_coreference_sentences.csv; gold clusters come from CROSS_DOC_COREF (instance id) and
INTRA_DOC_COREF relations, every other mention is a singleton. Each gold topic is resolved on
its own (both of its sub-topics together) and the clusters of all topics are scored together.

Systems (same run, same mentions):
- lemma: the usual baseline, same head lemma within a topic (head = last word, or the word
  before "of"; lemma by spaCy);
- resolver: AliasResolver on the names (mentions with a capitalized word; labels mapped from
  the ECB+ types), every other mention a singleton;
- resolver+lemma: resolver clusters for names, head lemma for the other mentions;
- lemma+links: the union of both: head-lemma clusters joined wherever the resolver put two
  names in one entity (alias links the lemma cannot see: "Sixers" = "Philadelphia 76ers").

Splits: dev = topics 2, 5, 12, 18, 21, 23, 34, 35 (the standard dev topics, used while
developing); "held-out" = the other topics here (the standard train topics; never looked at
for tuning). The standard test topics 36-45 are not in ../shared/data.

    .venv/bin/python bench/entities_ecbplus.py [--topics 2,5] [--split dev|held-out|all]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from dateline.analyze.nlp import get_nlp
from dateline.entities.aliases import AliasResolver
from dateline.entities.evaluate import conll
from dateline.model import AnalyzedArticle, Article, Mention, Sentence, Source

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ecbplus"
RESULTS = ROOT / "bench" / "results"
DEV = [2, 5, 12, 18, 21, 23, 34, 35]
LABELS = {"HUMAN_PART_PER": "PERSON", "HUMAN_PART_ORG": "ORG", "HUMAN_PART_GPE": "GPE",
          "HUMAN_PART_FAC": "FAC", "HUMAN_PART_VEH": "ORG", "HUMAN_PART_MET": "ORG",
          "HUMAN_PART_GENERIC": "NORP", "HUMAN_PART": "ORG", "LOC_GEO": "LOC", "LOC_FAC": "FAC",
          "LOC_OTHER": "LOC", "NON_HUMAN_PART": "MISC", "NON_HUMAN_PART_GENERIC": "MISC",
          "TIME_DATE": "DATE", "TIME_OF_THE_DAY": "DATE", "TIME_DURATION": "DATE",
          "TIME_REPETITION": "DATE"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "i", "we",
            "you", "me", "us", "who", "which", "that", "this", "these", "those", "himself",
            "herself", "itself", "themselves", "our", "my", "your", "whom", "whose"}

MentionId = tuple[str, int]  # (document, m_id)


def load_topic(topic: int, sentences_csv: dict[str, set[int]]) -> tuple[
        list[AnalyzedArticle], dict[MentionId, str], dict[MentionId, Mention]]:
    """Documents of one topic with their gold entity mentions and gold cluster ids."""
    analyzed, gold, by_id = [], {}, {}
    for path in sorted((DATA / "xml" / str(topic)).glob("*.xml")):
        doc = path.stem
        keep = sentences_csv.get(doc, set())
        root = ET.parse(path).getroot()
        tokens = {}
        by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for tok in root.iter("token"):
            t_id, sent = int(tok.get("t_id", 0)), int(tok.get("sentence", 0))
            by_sentence[sent].append((t_id, tok.text or ""))
        offsets: dict[int, tuple[int, int, int]] = {}
        texts = {}
        for sent, toks in by_sentence.items():
            pos, parts = 0, []
            for t_id, text in toks:
                offsets[t_id] = (sent, pos, pos + len(text))
                tokens[t_id] = text
                parts.append(text)
                pos += len(text) + 1
            texts[sent] = " ".join(parts)
        clusters: dict[int, str] = {}
        for rel in root.iter("CROSS_DOC_COREF"):
            for src in rel.iter("source"):
                clusters[int(src.get("m_id", 0))] = rel.get("note", "")
        for rel in root.iter("INTRA_DOC_COREF"):
            target = rel.find("target")
            for src in rel.iter("source"):
                m_id = int(src.get("m_id", 0))
                if m_id not in clusters and target is not None:
                    clusters[m_id] = f"{doc}:{target.get('m_id')}"
        mentions = []
        markables = root.find("Markables")
        for mark in (markables if markables is not None else []):
            label = LABELS.get(mark.tag)
            anchors = [int(a.get("t_id", 0)) for a in mark.iter("token_anchor")]
            if label is None or not anchors:
                continue
            sent = offsets[anchors[0]][0]
            if sent not in keep:
                continue
            start, end = offsets[anchors[0]][1], offsets[anchors[-1]][2]
            m_id = int(mark.get("m_id", 0))
            mention = Mention(article_id=doc, sentence=sent, start=start, end=end,
                              text=texts[sent][start:end], label=label)
            mentions.append(mention)
            gold[(doc, m_id)] = clusters.get(m_id, f"single:{doc}:{m_id}")
            by_id[(doc, m_id)] = mention
        sentences = tuple(Sentence(article_id=doc, index=s, paragraph=s, text=texts[s])
                          for s in sorted(texts))
        article = Article(id=doc, source=Source(path=str(path)),
                          paragraphs=tuple(texts[s] for s in sorted(texts)))
        analyzed.append(AnalyzedArticle(article=article, sentences=sentences,
                                        mentions=tuple(mentions)))
    return analyzed, gold, by_id


def is_name(mention: Mention) -> bool:
    words = mention.text.split()
    return any(w[:1].isupper() for w in words) and mention.text.lower() not in PRONOUNS


def head_lemmas(mentions: dict[MentionId, Mention]) -> dict[MentionId, str]:
    """Head lemma of each mention: last word (or the word before "of"), lemmatized by spaCy."""
    nlp = get_nlp()
    ids = list(mentions)
    heads = {}
    docs = nlp.pipe([mentions[i].text for i in ids], batch_size=512) if nlp else None
    for k, mention_id in enumerate(ids):
        if docs is not None:
            doc = next(docs)
            words = [t for t in doc if not t.is_punct and t.text not in {"'s", "'"}]
            of = next((j for j, t in enumerate(words) if j and t.lower_ == "of"), None)
            tok = words[of - 1] if of else (words[-1] if words else None)
            heads[mention_id] = tok.lemma_.lower() if tok is not None else \
                mentions[mention_id].text.lower()
        else:
            heads[mention_id] = re.sub(r"s$", "", mentions[mention_id].text.split()[-1].lower())
        del k
    return heads


def run(topics: list[int]) -> dict[str, dict]:
    sentences_csv: dict[str, set[int]] = defaultdict(set)
    with open(DATA / "ECBplus_coreference_sentences.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            sentences_csv[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    gold: dict[MentionId, str] = {}
    systems: dict[str, dict[MentionId, str]] = {"lemma": {}, "resolver": {},
                                                "resolver+lemma": {}, "lemma+links": {}}
    links: dict[str, str] = {}
    seconds = {name: 0.0 for name in systems}
    for topic in topics:
        analyzed, topic_gold, by_id = load_topic(topic, sentences_csv)
        gold.update(topic_gold)
        t0 = time.perf_counter()
        heads = head_lemmas(by_id)
        for mention_id in by_id:
            systems["lemma"][mention_id] = f"{topic}:{heads[mention_id]}"
        seconds["lemma"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        names = [AnalyzedArticle(a.article, a.sentences,
                                 tuple(m for m in a.mentions if is_name(m))) for a in analyzed]
        resolver = AliasResolver(labels=sorted(set(LABELS.values()))).fit(names)
        for mention_id, mention in by_id.items():
            entity = resolver.entity_id(mention) if is_name(mention) else None
            single = f"single:{mention_id}"
            systems["resolver"][mention_id] = f"{topic}:{entity}" if entity else single
            systems["resolver+lemma"][mention_id] = (f"{topic}:{entity}" if entity else
                                                     f"{topic}:{heads[mention_id]}")
            systems["lemma+links"][mention_id] = _union_find(
                f"{topic}:{heads[mention_id]}", f"{topic}:{entity}" if entity else None, links)
        seconds["resolver"] += time.perf_counter() - t0
    systems["lemma+links"] = {m: _find(links, c) for m, c in systems["lemma+links"].items()}
    results = {}
    for name, response in systems.items():
        scores = conll(gold, response)
        results[name] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in scores.items()}
        results[name]["seconds"] = seconds.get(name, 0.0)
    results["_mentions"] = {"count": len(gold), "gold_clusters": len(set(gold.values()))}
    return results


def _find(parent: dict[str, str], x: str) -> str:
    while parent.get(x, x) != x:
        x = parent[x]
    return x


def _union_find(lemma_cluster: str, entity: str | None, parent: dict[str, str]) -> str:
    """Union of the two clusterings: a mention joins its lemma cluster and its entity."""
    if entity is not None:
        a, b = _find(parent, lemma_cluster), _find(parent, entity)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return lemma_cluster


def table(name: str, results: dict[str, dict]) -> str:
    lines = [f"{name}: {results['_mentions']['count']} mentions, "
             f"{results['_mentions']['gold_clusters']} gold clusters",
             "| system | MUC F1 | B3 F1 | CEAF-e F1 | CoNLL F1 |", "|---|---|---|---|---|"]
    for system, s in results.items():
        if system.startswith("_"):
            continue
        lines.append(f"| {system} | {100 * s['muc'][2]:.1f} | {100 * s['b3'][2]:.1f} | "
                     f"{100 * s['ceafe'][2]:.1f} | {100 * s['conll_f1']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="all")
    parser.add_argument("--topics", help="comma-separated topics (overrides --split)")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    present = sorted(int(p.name) for p in (DATA / "xml").iterdir() if p.name.isdigit())
    if args.topics:
        splits = {"custom": [int(t) for t in args.topics.split(",")]}
    else:
        splits = {"dev": DEV, "held-out": [t for t in present if t not in DEV]}
        if args.split != "all":
            splits = {args.split: splits[args.split]}
    output = {}
    for split, topics in splits.items():
        output[split] = run(topics)
        print(table(f"ECB+ {split} topics {topics[0]}..{topics[-1]} ({len(topics)})",
                    output[split]))
        print()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities_ecbplus.json").write_text(json.dumps(output, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
