"""JSON lines: one article per line, read one line at a time (a 100k-line file never sits in
memory), fields found by a mapping the user can set."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, BinaryIO

from dateline.ingest.fields import EPOCH_UNITS, FieldError, kind_of, read_date
from dateline.ingest.files import MAX_RECORD_BYTES, InputTooLarge, stdin_path
from dateline.ingest.raw import RawDocument
from dateline.model import DateEvidence, IngestError, IngestWarning, Source

# The names each field goes by in common dumps (news-please, CommonCrawl news, HF datasets),
# tried in order. A user mapping (``--field text=body``) replaces the list for that field.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "maintext", "article", "full_text"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "published", "date_publish", "published_at", "publish_date", "pubdate"),
    "outlet": ("source", "outlet", "source_domain", "sitename", "site"),
    "byline": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}


def field_mapping(overrides: Mapping[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The default mapping with the user's choices in; an unknown field name is an error.

    ``overrides`` maps a dateline field (``text``, ``html``, ``title``, ``url``, ``date``,
    ``outlet``, ``byline``, ``language``) to the JSON key holding it; ``a.b`` reaches into
    nested objects. ``source`` is accepted for ``outlet``. The date's key may end in
    ``:epoch`` or ``:epoch-ms`` to declare numbers as Unix time (see
    :mod:`dateline.ingest.fields`).
    """
    mapping = dict(DEFAULT_FIELDS)
    for name, key in (overrides or {}).items():
        name = "outlet" if name == "source" else name
        if name not in mapping:
            known = ", ".join(sorted(mapping))
            raise ValueError(f"unknown field {name!r} (known: {known})")
        _key, unit = split_unit(key)
        if unit and name != "date":
            raise ValueError(f"only the date field takes a unit, not {name} ({key!r})")
        mapping[name] = (key,)
    return mapping


def split_unit(key: str) -> tuple[str, str | None]:
    """``"ts:epoch"`` as ``("ts", "epoch")``; a key without a known unit as it is."""
    base, sep, unit = key.rpartition(":")
    return (base, unit) if sep and base and unit in EPOCH_UNITS else (key, None)


def parse_field_options(options: list[str] | None) -> dict[str, str]:
    """``["text=body", "date=published_at"]`` (the CLI's ``--field``) as a mapping."""
    result = {}
    for option in options or []:
        name, sep, key = option.partition("=")
        if not sep or not name.strip() or not key.strip():
            raise ValueError(f"--field wants NAME=KEY, got {option!r}")
        result[name.strip()] = key.strip()
    field_mapping(result)  # validates the names
    return result


def read_jsonl(
    stream: BinaryIO, name: str, fields: Mapping[str, str] | None = None, stdin: bool = False
) -> Iterator[RawDocument | IngestError]:
    """Every line of a JSONL stream as a raw document; a bad line is an error, the rest goes on.

    ``name`` is the path shown in errors (``path:line``). A line longer than
    ``MAX_RECORD_BYTES`` ends the file with an error (a gzip bomb looks like that).
    """
    mapping = field_mapping(fields)
    number = 0
    while True:
        number += 1
        where = f"{name}:{number}"
        try:
            line = stream.readline(MAX_RECORD_BYTES + 1)
        except InputTooLarge as exc:
            yield IngestError(where, "too large", str(exc))
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield IngestError(where, "unreadable", f"{type(exc).__name__}: {exc}; rest skipped")
            return
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES:
            detail = f"line over {MAX_RECORD_BYTES} bytes; rest skipped"
            yield IngestError(where, "too large", detail)
            return
        if line.strip():
            yield parse_line(line, name, number, mapping, stdin)


def parse_line(
    line: bytes, name: str, number: int, mapping: Mapping[str, tuple[str, ...]], stdin: bool
) -> RawDocument | IngestError:
    """One JSONL line as a raw document (fields found through ``mapping``), or its error.

    Fields are typed strictly: the text (or html) must be a string, else the line is an error;
    a title, url, outlet or language that is not a string, an author list holding anything but
    strings, and a date that is no date (:func:`~dateline.ingest.fields.read_date`) are left
    out with a warning on the document. Nothing is turned into text by accident.
    """
    where = f"{name}:{number}"
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return IngestError(where, "unknown encoding", f"not UTF-8 (byte {exc.start})")
    except ValueError as exc:
        return IngestError(where, "bad JSON line", str(exc))
    if not isinstance(record, dict):
        return IngestError(where, "bad JSON line", f"a {type(record).__name__}, not an object")
    found = {field: _first(record, keys) for field, keys in mapping.items()}
    for field in ("text", "html"):  # the html only counts when there is no text
        key, value = found[field]
        if key is not None and not isinstance(value, str):
            return IngestError(where, "bad field", f"{field} ({key}) is {kind_of(value)}, "
                               "not a string")
        if isinstance(value, str) and value.strip():
            break
    text, html = found["text"][1], found["html"][1]
    if not (text and text.strip()) and not (html and html.strip()):
        keys = "/".join(mapping["text"] + mapping["html"])
        return IngestError(where, "empty article", f"no text in {keys}")
    warnings: list[IngestWarning] = []

    def string(field: str, joiner: str | None = None) -> str | None:
        key, value = found[field]
        if isinstance(value, list) and joiner and all(isinstance(v, str) for v in value):
            value = joiner.join(v.strip() for v in value if v.strip())
        if isinstance(value, str):
            return " ".join(value.split()) or None
        if key is None:
            return None
        warnings.append(IngestWarning(where, "bad field", f"{field} ({key}) is "
                                      f"{kind_of(value)}, not a string; left out"))
        return None

    url = string("url")
    source = Source(path=name, url=url, line=number, format="jsonl")
    if stdin:  # stdin is no stable place: the line's content names it
        source = Source(path=stdin_path(line), url=url, line=number, format="jsonl")
    document = RawDocument(
        source=source,
        text=text if text and text.strip() else None,
        html=None if text and text.strip() else html,
        title=string("title"),
        outlet=string("outlet"),
        byline=string("byline", ", "),
        published=_date(found["date"], where, warnings),
        language=string("language"),
    )
    return replace(document, warnings=tuple(warnings)) if warnings else document


def _date(found: tuple[str | None, Any], where: str, warnings: list[IngestWarning]
          ) -> DateEvidence | None:
    """The date field as evidence, or a warning saying why it is no date."""
    declared, value = found
    if declared is None:
        return None
    key, unit = split_unit(declared)
    try:
        day, granularity = read_date(value, unit)
    except FieldError as exc:
        warnings.append(IngestWarning(where, "bad date", f"date ({key}): {exc}; left out"))
        return None
    return DateEvidence(day, granularity, "jsonl", f"{key}: {value}", 0.9)


def _get(record: dict[str, Any], key: str) -> Any:
    value: Any = record
    for part in split_unit(key)[0].split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first of ``keys`` that holds something, and its value."""
    for key in keys:
        value = _get(record, key)
        if value not in (None, "", []):
            return key, value
    return None, None
