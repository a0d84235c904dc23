from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from dateline.model import Citation, CitedSentence
from dateline.summarize.abstractive import Endpoint, rewrite_summary

SUMMARY = [
    CitedSentence("A convoy of Islamic State fighters left Raqqa on Saturday night with their "
                  "families.", (Citation("a", 3), Citation("b", 4, exact=False)), 1),
    CitedSentence("US-backed militias battled foreign fighters in the last pocket of Raqqa on "
                  "Monday.", (Citation("a", 0),), 1),
]


class _FakeModel(BaseHTTPRequestHandler):
    answer = ""
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeModel.requests.append({"path": self.path, "body": body})
        payload = json.dumps({"choices": [{"message": {"content": _FakeModel.answer}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_rewrite_keeps_supported_sentences_with_their_citations(fake_server):
    _FakeModel.answer = (
        "Islamic State fighters and their families left Raqqa in a convoy on Saturday night [1]. "
        "On Monday, US-backed militias battled foreign fighters in Raqqa's last pocket [2]. "
        "The city was then handed to the Syrian government [2]. "
        "Peace returned everywhere."
    )
    out = rewrite_summary(SUMMARY, Endpoint(fake_server, "local-model"))
    assert [s.text for s in out] == [
        "Islamic State fighters and their families left Raqqa in a convoy on Saturday night.",
        "On Monday, US-backed militias battled foreign fighters in Raqqa's last pocket.",
    ]  # the invented fact and the uncited sentence are dropped
    assert out[0].citations == SUMMARY[0].citations
    request = _FakeModel.requests[-1]
    assert request["path"] == "/v1/chat/completions"
    assert "[1] A convoy" in request["body"]["messages"][0]["content"]


def test_nothing_supported_falls_back_to_the_extractive_summary(fake_server):
    _FakeModel.answer = "Everything is fine [7]. Nothing happened."
    assert rewrite_summary(SUMMARY, Endpoint(fake_server, "m")) == SUMMARY


def test_only_loopback_servers_are_accepted():
    with pytest.raises(ValueError, match="loopback"):
        Endpoint("https://api.example.com/v1", "m")
