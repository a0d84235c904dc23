"""Read TimeML gold files and score a tagger the way TempEval-3 Task A defines it.

The scoring is re-implemented from the task's definition (UzZaman et al. 2013), not copied:

- extraction, **strict**: a system span counts when a gold span has exactly the same
  characters (surrounding whitespace ignored); **relaxed**: when it overlaps one;
  precision over system spans, recall over gold spans, F1 their harmonic mean;
- attribute **accuracy** (value, type): over relaxed matches (each gold span paired with the
  first overlapping system span), the share whose attribute is the same string;
- attribute **F1** = relaxed F1 x accuracy (the task's ``performance_value``), micro-averaged
  over the corpus.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    name: str
    dct: dt.date
    text: str
    timexes: tuple[Timex, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    """One TimeML file: its creation date, the text of ``<TEXT>`` without tags, the gold TIMEX3
    with character offsets in that text."""
    root = ET.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    if dct_node is None:
        raise ValueError(f"{path}: no DCT")
    dct = dt.date.fromisoformat(dct_node.get("value", "")[:10])
    text_node = root.find("TEXT")
    if text_node is None:
        raise ValueError(f"{path}: no TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []

    def walk(node: ET.Element) -> None:
        parts.append(node.text or "")
        for child in node:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                covered = "".join(parts)[start:end]
                timexes.append(Timex(start, end, covered, child.get("type", ""),
                                     child.get("value", "")))
            parts.append(child.tail or "")

    walk(text_node)
    return TimeMLDoc(path.stem, dct, "".join(parts), tuple(timexes))


def read_corpus(folder: Path) -> list[TimeMLDoc]:
    return [read_timeml(p) for p in sorted(folder.glob("*.tml"))]


@dataclass
class Score:
    """Counts for TempEval-3 Task A; add documents with :meth:`add`."""

    gold: int = 0
    system: int = 0
    strict_system: int = 0  # system spans exactly matching a gold span
    strict_gold: int = 0
    relaxed_system: int = 0  # system spans overlapping a gold span
    relaxed_gold: int = 0
    pairs: int = 0
    value_right: int = 0
    type_right: int = 0
    errors: list[tuple[str, Timex, Timex | None]] = field(default_factory=list)

    def add(self, name: str, gold: Iterable[Timex], system: Iterable[Timex]) -> None:
        gold, system = [_trim(g) for g in gold], [_trim(s) for s in system]
        self.gold += len(gold)
        self.system += len(system)
        spans = {(g.start, g.end) for g in gold}
        self.strict_system += sum((s.start, s.end) in spans for s in system)
        sys_spans = {(s.start, s.end) for s in system}
        self.strict_gold += sum((g.start, g.end) in sys_spans for g in gold)
        self.relaxed_system += sum(any(_overlap(s, g) for g in gold) for s in system)
        for g in gold:
            match = next((s for s in system if _overlap(s, g)), None)
            if match is None:
                self.errors.append((name, g, None))
                continue
            self.relaxed_gold += 1
            self.pairs += 1
            self.value_right += match.value == g.value
            self.type_right += match.type == g.type
            if match.value != g.value:
                self.errors.append((name, g, match))

    def table(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        sp = self.strict_system / self.system if self.system else 0.0
        sr = self.strict_gold / self.gold if self.gold else 0.0
        rp = self.relaxed_system / self.system if self.system else 0.0
        rr = self.relaxed_gold / self.gold if self.gold else 0.0
        value_acc = self.value_right / self.pairs if self.pairs else 0.0
        type_acc = self.type_right / self.pairs if self.pairs else 0.0
        return {
            "gold": self.gold, "system": self.system,
            "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": f1(rp, rr),
            "value_accuracy": value_acc, "value_f1": f1(rp, rr) * value_acc,
            "type_accuracy": type_acc, "type_f1": f1(rp, rr) * type_acc,
        }


_WS = re.compile(r"^\s*(.*?)\s*$", re.DOTALL)


def _trim(t: Timex) -> Timex:
    m = _WS.match(t.text)
    assert m is not None
    start = t.start + m.start(1)
    return Timex(start, start + len(m.group(1)), m.group(1), t.type, t.value)


def _overlap(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


Tagger = Callable[[str, dt.date], list[Timex]]


def score_corpus(docs: Iterable[TimeMLDoc], tagger: Tagger) -> Score:
    score = Score()
    for doc in docs:
        score.add(doc.name, doc.timexes, tagger(doc.text, doc.dct))
    return score


_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.DOTALL)


def dateline_tagger(text: str, dct: dt.date) -> list[Timex]:
    """:func:`dateline.time.tag_times` run sentence by sentence, as the pipeline runs it, with
    offsets in the whole text and values written the TimeML way."""
    from dateline.sentences import split_sentences
    from dateline.time.tagger import tag_times, timex3_value

    out = []
    for paragraph in _PARAGRAPH.finditer(text):
        position = paragraph.start()
        for sentence in split_sentences(paragraph.group()):
            offset = text.find(sentence, position)
            position = offset + len(sentence)
            for expr in tag_times(sentence, dct):
                out.append(Timex(offset + expr.start, offset + expr.end, expr.text, expr.type,
                                 timex3_value(expr)))
    return out
