"""Optional abstractive rewrite of an extractive summary through a local LLM server.

Off by default: the extractive summary stands on its own. When the user runs an
OpenAI-compatible server on their own machine (llama.cpp, vLLM, Ollama...), the cited
sentences are sent to it numbered, and it is asked to rewrite them, ending each output
sentence with the numbers of the sentences it uses ("[1][3]"). Every output sentence is then
checked against what it cites: at least ``min_support`` of its content words must appear in the
cited sentences, else it is dropped (an unsupported or uncited sentence never reaches the
user). Only loopback addresses are accepted: dateline sends no text off the machine.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from dateline.model import CitedSentence
from dateline.sentences import split_sentences
from dateline.summarize.text import content_stems

_MARKER = re.compile(r"\[(\d+)\]")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_PROMPT = (
    "Rewrite the numbered news sentences below into a short, fluent summary. Use only facts "
    "stated in them. End every sentence you write with the numbers of the sentences it is "
    "based on, like [1] or [2][4]. Output only the summary.\n\n{sentences}"
)


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible chat endpoint on this machine, e.g. ``http://127.0.0.1:8080/v1``."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 120.0

    def __post_init__(self) -> None:
        host = urlparse(self.base_url).hostname
        if host not in _LOOPBACK:
            raise ValueError(f"{self.base_url}: only a local (loopback) server is accepted")


def complete(endpoint: Endpoint, prompt: str) -> str:
    """The model's answer to one user message (``POST {base_url}/chat/completions``)."""
    body = json.dumps({"model": endpoint.model, "temperature": 0,
                       "messages": [{"role": "user", "content": prompt}]}).encode()
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(endpoint.base_url.rstrip("/") + "/chat/completions",
                                     data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
        answer = json.load(response)
    return str(answer["choices"][0]["message"]["content"])


def rewrite_summary(summary: Sequence[CitedSentence], endpoint: Endpoint,
                    min_support: float = 0.7) -> list[CitedSentence]:
    """The summary rewritten by the local model, each sentence checked against its sources.

    An output sentence keeps the citations of the input sentences it names. It is dropped when
    it names none, names a number that does not exist, or when less than ``min_support`` of its
    content words appear in the sentences it names (higher is stricter: fewer rewordings
    survive, none that add facts). If nothing survives, the extractive summary is returned.
    """
    if not summary:
        return []
    numbered = "\n".join(f"[{i}] {s.text}" for i, s in enumerate(summary, 1))
    answer = complete(endpoint, _PROMPT.format(sentences=numbered))
    out = []
    for sentence in split_sentences(" ".join(answer.split())):
        refs = [int(n) for n in _MARKER.findall(sentence)]
        text = _MARKER.sub("", sentence).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if not refs or not text or any(not 1 <= n <= len(summary) for n in refs):
            continue
        sources = [summary[n - 1] for n in dict.fromkeys(refs)]
        if support(text, [s.text for s in sources]) < min_support:
            continue
        citations = tuple(dict.fromkeys(c for s in sources for c in s.citations))
        independent = max(s.independent for s in sources)
        out.append(CitedSentence(text, citations, independent))
    return out or list(summary)


def support(text: str, sources: Sequence[str]) -> float:
    """Share of ``text``'s content words found in ``sources`` (1.0 = nothing new)."""
    words = set(content_stems(text))
    if not words:
        return 0.0
    known = {w for source in sources for w in content_stems(source)}
    return len(words & known) / len(words)
