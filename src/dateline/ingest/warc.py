"""WARC archives: every HTML page a crawler stored (status 200, ``text/html``), streamed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from dateline.ingest.charset import PageDecodeError, decode_page
from dateline.ingest.files import MAX_RECORD_BYTES
from dateline.ingest.raw import RawDocument
from dateline.model import IngestError, Source

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.\-]+)", re.I)


# blank lines that end the last record are not counted in its length by warcio
TRAILING_SLACK = 16


class _Records(ArchiveIterator):
    """warcio's iterator without its stderr warning (which prints the raw bytes that follow a
    bad record); the reader reports the damage as an error instead."""

    INC_RECORD = ""


def read_warc(stream: BinaryIO, name: str) -> Iterator[RawDocument | IngestError]:
    """Each HTML ``response`` record as a raw document carrying its page.

    ``Source`` keeps the WARC-Target-URI, the WARC-Record-ID and the record's offset in the
    file (what ``warcio extract`` and CDX indexes use). The WARC-Date is the crawl time, not the
    publication date, so it is not used. A truncated file keeps the records before the break
    and ends with one error naming the offset.
    """
    records = _Records(stream)
    whole = 0  # where the last whole record ends: what a truncated file keeps
    count = 0
    try:
        for record in records:
            count += 1
            body = None
            if _is_html_page(record):
                body = record.content_stream().read(MAX_RECORD_BYTES + 1)
                if len(body) > MAX_RECORD_BYTES:
                    yield IngestError(f"{name}@{whole}", "too large",
                                      f"record over {MAX_RECORD_BYTES} bytes; rest of file skipped")
                    return
            offset = records.get_record_offset()  # reads the record to its end
            # a header with no type, or a block shorter than its Content-Length: cut here
            if record.rec_type is None or getattr(record.raw_stream, "limit", 0) > 0:
                yield IngestError(f"{name}@{offset}", "truncated WARC",
                                  f"record at offset {offset} cut short; rest of file lost")
                return
            whole = offset + records.get_record_length()
            if body is not None:
                yield _document(record, body, name, offset)
    # warcio raises all sorts (AttributeError included) on a record cut inside its headers
    except Exception as exc:
        yield IngestError(f"{name}@{whole}", "truncated or damaged WARC",
                          f"unreadable after offset {whole}: {type(exc).__name__}: {exc}")
        return
    left = _bytes_after(stream, whole)
    if count == 0:
        yield IngestError(name, "not a WARC", "no WARC record in the file")
    elif left > TRAILING_SLACK:  # warcio drops a record cut inside its header without a word
        yield IngestError(f"{name}@{whole}", "truncated WARC",
                          f"{left} bytes after offset {whole} are no whole record")
    elif records.err_count:
        yield IngestError(name, "damaged WARC", f"{records.err_count} record(s) not followed by "
                          "a blank line: a Content-Length is wrong, records near it may be cut")


def _bytes_after(stream: BinaryIO, whole: int) -> int:
    """How far the stream went past the end of the last whole record (0 if it cannot tell)."""
    try:
        return stream.tell() - whole
    except (OSError, ValueError):
        return 0


def _is_html_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return record.http_headers.get_statuscode() == "200" and "html" in content_type.lower()


def _document(record: Any, body: bytes, name: str, offset: int) -> RawDocument | IngestError:
    where = f"{name}@{offset}"
    content_type = record.http_headers.get_header("Content-Type") or ""
    declared = _CHARSET.search(content_type)
    try:
        page = decode_page(body, declared.group(1) if declared else None)
    except PageDecodeError as exc:
        return IngestError(where, "unknown encoding", str(exc))
    headers = record.rec_headers
    return RawDocument(
        source=Source(path=name, url=headers.get_header("WARC-Target-URI"),
                      warc_record_id=headers.get_header("WARC-Record-ID"), warc_offset=offset,
                      format="warc", encoding=page.encoding),
        html=page.text,
    )
