"""Opening inputs: the format of a file (by extension, else by its first bytes) and gzip with a
cap on what it may expand to."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from dateline.model import IngestWarning

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


# In a folder, files with these extensions (also gzipped) are read by their format, files with
# one of NOT_ARTICLES are reported and not read (scripts, images, stores, office files), and any
# other file is read by its content: a page saved as "story.net", "index.php" or without an
# extension is a page, binary data is an error.
ARTICLE_SUFFIXES = {"", ".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson",
                    ".xml", ".rss", ".atom", ".warc"}
NOT_ARTICLES = {
    ".py", ".pyc", ".js", ".mjs", ".css", ".sh", ".json", ".csv", ".tsv", ".yaml", ".yml",
    ".toml", ".ini", ".cfg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp",
    ".tif", ".tiff", ".pdf", ".zip", ".tar", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".db",
    ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".db-journal", ".parquet", ".doc", ".docx",
    ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".mp3", ".mp4", ".m4a", ".wav",
    ".ogg", ".webm", ".mov", ".avi", ".woff", ".woff2", ".ttf", ".otf", ".exe", ".dll", ".so",
}


def folder_files(folder: Path) -> Iterator[Path | IngestWarning]:
    """The files under ``folder`` to read (sorted), and a warning for each one not read.

    Not read, each said once with its path and reason: hidden files and folders (``.git``,
    ``.DS_Store``: the folder itself, not what is inside), a ``README.md`` (the folder's
    description), files of :data:`NOT_ARTICLES`, and what is not a regular file.
    """
    for child in sorted(folder.rglob("*")):
        parts = child.relative_to(folder).parts
        hidden = [n for n, part in enumerate(parts) if part.startswith(".")]
        if hidden:
            if hidden[0] == len(parts) - 1:  # inside a hidden folder: said for the folder
                kind = "folder" if child.is_dir() else "file"
                yield IngestWarning(str(child), "not read", f"hidden {kind}")
            continue
        if child.is_dir():
            continue
        suffix = Path(child.name.removesuffix(".gz")).suffix.lower()
        if not child.is_file():
            yield IngestWarning(str(child), "not read", "not a regular file")
        elif child.name == "README.md":
            yield IngestWarning(str(child), "not read", "a README describes its folder")
        elif suffix in NOT_ARTICLES:
            yield IngestWarning(str(child), "not read", f"{suffix} is not an article format")
        else:
            yield child


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
