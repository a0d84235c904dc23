"""Plain text files: decoding and splitting into paragraphs."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest.raw import RawDocument
from dateline.model import IngestError, Source

MAX_BYTES = 50_000_000


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else UTF-16 with a BOM; else an error.

    Latin-1 would decode anything, so it is not tried: bytes that are not text are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise DecodeError(f"not UTF-8 text (byte {exc.start}: {bad!r})") from None


def read_text_file(path: Path) -> RawDocument | IngestError:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return IngestError(str(path), "too large", f"{size} bytes > {MAX_BYTES}")
        text = decode(path.read_bytes())
    except OSError as exc:
        return IngestError(str(path), "unreadable", exc.strerror or str(exc))
    except DecodeError as exc:
        return IngestError(str(path), "unknown encoding", str(exc))
    return RawDocument(source=Source(path=str(path), format="text"), text=text)
