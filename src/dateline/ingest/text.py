"""Plain text files: decoding bytes to text.

:func:`decode` accepts what news text files are actually saved as, and refuses what is not text:

* UTF-8, with or without a byte-order mark; UTF-16 with a byte-order mark;
* Windows-1252 (the usual "ANSI" of older dumps) when the bytes are not UTF-8, but only when
  every byte maps to a character and no control character other than tab, newline, carriage
  return or form feed appears. Latin-1 is never tried: it decodes any bytes at all.
* NUL bytes mean binary data (an image, a PDF, a zip): refused, whatever decodes.
* Mojibake, UTF-8 once read as Windows-1252 and saved again ("Daeshâ€™s"), is repaired when the
  whole text turns back into valid UTF-8; text with a real "Ã" (Portuguese "NÃO") does not.
"""

from __future__ import annotations

import re
from pathlib import Path

from dateline.ingest.raw import RawDocument
from dateline.model import IngestError, Source

MAX_BYTES = 50_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A lead byte of a two- or three-byte UTF-8 sequence as Windows-1252 shows it, then a
# continuation byte as Windows-1252 shows it.
_MOJIBAKE = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020"
                       "\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d"
                       "\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178\u0081\u008d\u008f"
                       "\u0090\u009d]")


class DecodeError(ValueError):
    pass


def _as_cp1252_bytes(text: str) -> bytes:
    # The five bytes cp1252 leaves undefined were read as the C1 controls of the same number.
    return b"".join(ch.encode("latin-1") if "\x80" <= ch <= "\x9f" else ch.encode("cp1252")
                    for ch in text)


def repair_mojibake(text: str) -> str:
    """``text`` with UTF-8-read-as-Windows-1252 undone, or unchanged when it is not that."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        repaired = _as_cp1252_bytes(text).decode("utf-8")
    except UnicodeError:  # a character outside cp1252, or bytes that are not UTF-8: real text
        return text
    return repaired if len(_MOJIBAKE.findall(repaired)) < len(_MOJIBAKE.findall(text)) else text


def decode(data: bytes) -> str:
    """Bytes to text (see the module notes), or :class:`DecodeError` saying why not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"broken UTF-16 text (byte {exc.start})") from None
    if b"\x00" in data:
        raise DecodeError(f"binary data (NUL byte at {data.index(0)})")
    try:
        return repair_mojibake(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and not _CONTROL.search(text):
        return text
    bad = data[utf8_error.start : utf8_error.start + 1]
    raise DecodeError(f"not UTF-8 or Windows-1252 text (byte {utf8_error.start}: {bad!r})")


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
