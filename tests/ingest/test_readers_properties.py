"""Property tests: no input makes a reader crash; it gives documents or errors."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import ReadOptions
from dateline.ingest.fields import parse_date
from dateline.ingest.files import FORMATS, sniff
from dateline.ingest.html import fragment_to_text
from dateline.ingest.pipeline import read_stream, to_article
from dateline.ingest.raw import RawDocument
from dateline.model import Article, IngestError

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# bytes that look a little like each format, so the fuzz reaches past the first check
PREFIXES = [b"", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss><channel><item>",
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", b"<html><body><p>",
            b'{"text": "', b"\x1f\x8b\x08\x00", b"\xef\xbb\xbf"]


def read_all(data: bytes, fmt: str | None, options: ReadOptions | None = None) -> list[object]:
    items = list(read_stream(io.BytesIO(data), "fuzz", fmt, options or ReadOptions()))
    results: list[object] = []
    for item in items:
        assert isinstance(item, RawDocument | IngestError)
        results.append(to_article(item) if isinstance(item, RawDocument) else item)
    for result in results:
        assert isinstance(result, Article | IngestError)
        if isinstance(result, IngestError):
            assert result.path.startswith("fuzz") and result.reason
    return results


@FAST
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600),
       fmt=st.sampled_from([*FORMATS, None]))
def test_random_bytes_never_crash_a_reader(prefix: bytes, body: bytes, fmt: str | None) -> None:
    read_all(prefix + body, fmt)


@FAST
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400),
       fmt=st.sampled_from([*FORMATS, None]))
def test_random_gzip_content_never_crashes(prefix: bytes, body: bytes, fmt: str | None) -> None:
    data = gzip.compress(prefix + body)
    read_all(data, fmt)
    read_all(data[: len(data) // 2], fmt)  # and cut in the middle


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["text", "title", "date", "url", "html", "author", "x"]),
                      children, max_size=4),
    max_leaves=8,
)


@FAST
@given(st.lists(JSON_VALUES, max_size=6))
def test_any_json_lines_give_one_result_per_line(values: list[object]) -> None:
    data = "".join(json.dumps(v) + "\n" for v in values).encode()
    results = read_all(data, "jsonl")
    assert len(results) == len(values)


@FAST
@given(st.text(max_size=300))
def test_any_feed_text_never_crashes(text: str) -> None:
    xml = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item>"
           f"<title>{text}</title><description>{text}</description><pubDate>{text}</pubDate>"
           "</item></channel></rss>")
    read_all(xml.encode("utf-8", "surrogatepass"), "feed")


@FAST
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=False), st.none()))
def test_parse_date_gives_a_valid_value_or_none(value: object) -> None:
    parsed = parse_date(value)
    if parsed is not None:
        text, granularity = parsed
        assert granularity in ("day", "month", "year")
        assert len(text) == {"day": 10, "month": 7, "year": 4}[granularity]


@FAST
@given(st.text(max_size=300))
def test_fragment_to_text_never_crashes(fragment: str) -> None:
    assert isinstance(fragment_to_text(fragment), str)


@FAST
@given(st.binary(max_size=200))
def test_sniff_always_names_a_format(head: bytes) -> None:
    assert sniff(head) in FORMATS


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REAL_FILES = {name: (FIXTURES / name).read_bytes() for name in
              ("raqqa.warc.gz", "raqqa.rss", "raqqa.atom", "raqqa_custom.jsonl")}


@FAST
@given(name=st.sampled_from(sorted(REAL_FILES)), cut=st.floats(0, 1),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4))
def test_damaged_real_files_never_crash(name: str, cut: float,
                                        flips: list[tuple[float, int]]) -> None:
    data = bytearray(REAL_FILES[name][: int(len(REAL_FILES[name]) * cut)])
    for where, value in flips:
        if data:
            data[int(where * (len(data) - 1))] = value
    fmt = {"raqqa.warc.gz": "warc", "raqqa_custom.jsonl": "jsonl"}.get(name, "feed")
    read_all(bytes(data), fmt)
    read_all(bytes(data), None)
