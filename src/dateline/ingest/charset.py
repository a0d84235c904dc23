"""The bytes of a web page to text, the way browsers and trafilatura read them.

In order: a byte order mark; then valid UTF-8 (whatever the page declares: a UTF-8 page that
says ``iso-8859-1`` in a meta tag is common, and reading it as declared gives "fÃ¼r"); then
the declared charset (the HTTP header, then ``<meta charset>``), with the WHATWG's labels
(``iso-8859-1`` and ``us-ascii`` mean windows-1252); then a detector (charset-normalizer).
A UTF-8 page with a few stray bytes (Latin-1 pasted into it) is read as UTF-8 with those
bytes read as windows-1252, not refused. Only binary data (NUL bytes) is refused. The
decision is returned as one line for the article's provenance (``Source.encoding``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_STRAY = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape gives it
_HIGH = re.compile(rb"[\x80-\xff]")
# WHATWG encoding labels that Python spells or reads differently (encoding.spec.whatwg.org)
_WHATWG = {
    "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "latin1": "windows-1252",
    "latin-1": "windows-1252", "l1": "windows-1252", "ascii": "windows-1252",
    "us-ascii": "windows-1252", "iso_8859-1": "windows-1252", "cp819": "windows-1252",
    "iso-8859-9": "windows-1254", "latin5": "windows-1254", "iso-8859-11": "windows-874",
    "tis-620": "windows-874", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "ks_c_5601-1987": "euc-kr", "x-sjis": "shift_jis", "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
}
# Single-byte codecs of Latin scripts: on a short page the detector cannot tell them apart
# (German or Spanish text decodes the same in cp1250 and cp1252), so windows-1252, the web's
# default for Latin-script pages, is taken for all of them.
_LATIN = {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3",
          "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
          "iso8859_16", "mac_latin2", "mac_roman", "mac_iceland", "mac_turkish", "cp437",
          "cp775", "cp850", "cp852", "cp858", "cp1125", "hp_roman8", "ascii", "utf_8"}
_HIGH_BYTES = bytes(range(0x80, 0x100))


class PageDecodeError(ValueError):
    """The bytes are not a text page (binary data)."""


@dataclass(frozen=True)
class DecodedPage:
    """A page's text and how its bytes were read ("windows-1252 (declared iso-8859-1 in
    <meta>)"), for the article's provenance."""

    text: str
    encoding: str


def decode_page(data: bytes, declared: str | None = None) -> DecodedPage:
    """The text of a page's bytes; ``declared``: the charset of the HTTP ``Content-Type``
    header (a WARC record's), which comes before the page's own ``<meta>``."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return DecodedPage(data[len(bom):].decode(codec, "replace"),
                               f"{codec} (byte order mark)")
    if b"\x00" in data:
        where = data.index(b"\x00")
        raise PageDecodeError(f"binary data, not a page (NUL byte at {where})")
    meta = _META_CHARSET.search(data[:65536])
    labels = [(declared, "the HTTP header"),
              (meta.group(1).decode("ascii") if meta else None, "<meta>")]
    labels = [(label.strip().lower(), where) for label, where in labels if label]
    utf8 = _as_utf8(data, labels)
    if utf8 is not None:
        return utf8
    for label, where in labels:
        codec = _WHATWG.get(label, label)
        if codec == "utf-8":
            continue  # not UTF-8 (just tested): the declaration is wrong
        try:
            text = data.decode(_python_codec(codec), "replace")
        except LookupError:
            continue  # an unknown label, as browsers ignore it
        return DecodedPage(text, f"{codec} (declared {label} in {where})")
    return _detected(data, labels)


def _as_utf8(data: bytes, labels: list[tuple[str, str]]) -> DecodedPage | None:
    """UTF-8 when the bytes are, or are but for a few stray bytes (fewer than the page's
    valid non-ASCII characters); those are read as windows-1252, as a pasted Latin-1
    "caf\\xe9" is meant."""
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_STRAY.findall(text))
    other = [label for label, _ in labels if _WHATWG.get(label, label) != "utf-8"]
    ignored = f"; declared {other[0]} ignored" if other else ""
    if not strays:
        return DecodedPage(text, f"utf-8 (valid UTF-8{ignored})")
    valid = len(text) - len(data.translate(None, _HIGH_BYTES)) - strays  # non-ASCII chars
    if not valid or strays > valid:
        return None
    text = _STRAY.sub(_stray_as_cp1252, text)
    return DecodedPage(text, f"utf-8 ({strays} stray bytes read as windows-1252{ignored})")


def _stray_as_cp1252(match: re.Match[str]) -> str:
    byte = bytes([ord(match.group()) - 0xDC00])
    return byte.decode("cp1252", "replace")


def _detected(data: bytes, labels: list[tuple[str, str]]) -> DecodedPage:
    """The detector's reading of a page that is not UTF-8 and declares nothing usable."""
    from charset_normalizer import from_bytes

    # 200 bytes around each of the first 500 non-ASCII bytes (whole lines were a trap: a
    # 1 MB line of ASCII before them, found by bench/fuzz.py)
    spots = itertools.islice(_HIGH.finditer(data), 500)
    sample = b"\n".join(data[max(0, m.start() - 100) : m.start() + 100] for m in spots)
    best = from_bytes(sample).best() if sample else None
    # not UTF-8 (tested first), so a UTF-8 or ASCII guess is a Latin page's few accents
    codec = "windows-1252" if best is None or best.encoding in _LATIN else best.encoding
    why = "detected" if best is not None else "no detection: the default"
    if labels:
        why += f"; declared {labels[0][0]} does not fit"
    return DecodedPage(data.decode(_python_codec(codec), "replace"), f"{codec} ({why})")


def _python_codec(codec: str) -> str:
    return "cp1252" if codec == "windows-1252" else codec
