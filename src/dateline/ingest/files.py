"""Opening inputs: the format of a file (by extension, else by its first bytes) and gzip with a
cap on what it may expand to."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from pathlib import Path
from typing import BinaryIO

# One record (an HTML page, a feed file, a JSONL line, a WARC record) may not expand past this.
MAX_RECORD_BYTES = 50_000_000
# Past MAX_RECORD_BYTES of output, a gzip stream that expands more than this many times its
# compressed size is a bomb: news text compresses 3-10 times, a bomb 1000 times.
BOMB_RATIO = 100

FORMATS = ("text", "html", "jsonl", "feed", "warc")

_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
}
_GZIP_MAGIC = b"\x1f\x8b"


class InputTooLarge(ValueError):
    """A record or a decompressed stream went past its cap."""


def format_of(path: Path) -> str | None:
    """The format a file's extension names (``None``: look at its content)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _EXTENSIONS.get(suffixes[-1]) if suffixes else None


def is_gzip(head: bytes) -> bool:
    return head[:2] == _GZIP_MAGIC


_XML_ROOT = re.compile(rb"<(rss|feed|rdf:rdf|html)[\s>/]")


def sniff(head: bytes) -> str:
    """The format of a (decompressed) stream from its first bytes.

    A ``.txt`` that is really a feed, a page, a WARC or JSON lines is read as what it is.
    """
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<"):
        root = _XML_ROOT.search(start)  # the first root-like tag, past declarations and comments
        if root:
            return "html" if root.group(1) == b"html" else "feed"
        # other XML goes to the feed reader, which says it is not a feed; markup is a page
        return "feed" if start.startswith(b"<?xml") else "html"
    if start.startswith(b"{"):
        first, newline, _ = head.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
        if newline:
            return "jsonl" if _json_object(first) else "text"
        return "jsonl" if re.match(rb'\{\s*"', start) else "text"  # a line longer than the head
    return "text"


def _json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


class _Counting(io.RawIOBase):
    """A stream that counts the bytes read through it (pipes cannot ``tell``)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _CappedGzip(io.RawIOBase):
    """A gzip stream that raises :class:`InputTooLarge` when it expands like a bomb."""

    def __init__(self, raw: BinaryIO) -> None:
        self._compressed = _Counting(raw)
        self._gzip = gzip.GzipFile(fileobj=self._compressed, mode="rb")
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1: what one step decompresses, so a truncated stream still gives what it holds
        data = self._gzip.read1(len(buffer))
        count = len(data)
        buffer[:count] = data
        self.produced += count
        consumed = max(self._compressed.count, 1)
        if self.produced > MAX_RECORD_BYTES and self.produced > BOMB_RATIO * consumed:
            raise InputTooLarge(
                f"gzip bomb: {self.produced} bytes out of {consumed} compressed, stopped"
            )
        return count


def gunzip(raw: BinaryIO) -> io.BufferedReader:
    """A buffered, decompressing view of a gzip stream, capped against bombs."""
    return io.BufferedReader(_CappedGzip(raw), buffer_size=1 << 16)


def read_capped(stream: BinaryIO, limit: int | None = None) -> bytes:
    """All of a stream that holds one record; :class:`InputTooLarge` past the cap."""
    limit = MAX_RECORD_BYTES if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"more than {limit} bytes in one record")
    return data


def peek(stream: io.BufferedReader, size: int = 4096) -> bytes:
    """The first bytes of a buffered stream without consuming them."""
    return stream.peek(size)[:size]


def stdin_path(content: bytes) -> str:
    """The path recorded for a document read from stdin.

    stdin is no stable place, so its content names it: piping the same text twice is one
    source, piping two texts gives each its own source row.
    """
    return "<stdin>#" + hashlib.sha1(content).hexdigest()[:12]
