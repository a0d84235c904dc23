"""From paths to stored articles: dispatch to readers, clean, infer metadata, store in batches."""

from __future__ import annotations

import glob
import io
import itertools
import multiprocessing
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from dateline.ingest.cleaning import clean_text
from dateline.ingest.files import (
    FORMATS,
    InputTooLarge,
    folder_files,
    format_of,
    gunzip,
    is_gzip,
    peek,
    read_capped,
    sniff,
    stdin_path,
)
from dateline.ingest.metadata import infer_metadata
from dateline.ingest.raw import RawDocument
from dateline.ingest.text import DecodeError, decode, read_text_file
from dateline.model import Article, IngestError, IngestWarning, Source, article_id
from dateline.store.base import Store

BATCH_SIZE = 200
WINDOW_PER_WORKER = 64


def describe(source: Source) -> str:
    """Where a document was read, for messages: ``path``, ``path:line``, ``path#entry``,
    ``path@offset`` (a WARC record)."""
    base = source.path or source.url or source.key()
    if source.warc_offset is not None:
        return f"{base}@{source.warc_offset}"
    if source.line is not None:
        return f"{base}#{source.line}" if source.format == "feed" else f"{base}:{source.line}"
    return base


def to_article(raw: RawDocument) -> Article | IngestError:
    """Clean one raw document and infer its metadata: a pure function, safe in any worker."""
    where = describe(raw.source)
    text = raw.text
    if text is None and raw.html is not None:
        from dateline.ingest.html import extract_raw

        raw = extract_raw(raw)  # main text and page metadata, extracted here and only here
        text = raw.text
    if not text or not text.strip():
        return IngestError(where, "empty article", "no text after extraction")
    clean = clean_text(text)
    meta = infer_metadata(raw, clean)
    if not meta.body:
        return IngestError(where, "empty article", "no text left after cleaning")
    body = tuple(meta.body)
    return Article(
        id=article_id("\n".join(body)),
        source=raw.source,
        paragraphs=body,
        title=meta.title,
        outlet=meta.outlet,
        byline=meta.byline,
        agency=meta.agency,
        dateline=meta.dateline,
        published=meta.published,
        date_evidence=meta.date_evidence,
        language=raw.language,
        captions=clean.captions,
        removed=clean.removed + meta.removed,
        subtitle=meta.subtitle,
    )


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    ``fields`` maps dateline's JSONL fields to the keys of the user's dump (``{"text": "body",
    "date": "published_at"}``; see :data:`dateline.ingest.jsonl.DEFAULT_FIELDS` for the names
    guessed when a field is not given). ``stdin_format`` says what ``-`` carries: ``text``
    (one article), ``jsonl``, ``html``, ``feed``, ``warc``, or ``auto`` to look at the bytes.
    """

    fields: Mapping[str, str] | None = None
    stdin_format: str = "text"

    def __post_init__(self) -> None:
        if self.stdin_format not in (*FORMATS, "auto"):
            raise ValueError(f"unknown stdin format {self.stdin_format!r}; use one of "
                             f"{', '.join((*FORMATS, 'auto'))}")
        if self.fields:
            from dateline.ingest.jsonl import field_mapping

            field_mapping(self.fields)  # an unknown field name fails before anything is read


def input_files(path: Path) -> Iterator[Path]:
    """The files a path names: itself, or the files to read under a folder (sorted; see
    :func:`~dateline.ingest.files.folder_files` for what is not read)."""
    if not path.is_dir():
        yield path
        return
    yield from (item for item in folder_files(path) if isinstance(item, Path))


def read_path(
    path: Path, options: ReadOptions | None = None
) -> Iterator[RawDocument | IngestError]:
    """Every raw document in one file, by its extension, else by its first bytes."""
    options = options or ReadOptions()
    try:
        file = path.open("rb")
    except OSError as exc:
        yield IngestError(str(path), "unreadable", exc.strerror or str(exc))
        return
    with file:
        yield from read_stream(file, str(path), format_of(path), options, path=path)


def read_stream(
    stream: BinaryIO,
    name: str,
    fmt: str | None,
    options: ReadOptions,
    path: Path | None = None,
    stdin: bool = False,
) -> Iterator[RawDocument | IngestError]:
    """Every raw document in a binary stream of format ``fmt`` (``None``: sniff it).

    gzip is recognised by its magic number whatever the name says, and capped against bombs.
    Whatever goes wrong inside becomes an :class:`IngestError` naming ``name``.
    """
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    try:
        if fmt == "warc":  # warcio reads gzip members itself and reports their offsets
            from dateline.ingest.warc import read_warc

            yield from read_warc(buffered, name)
            return
        compressed = is_gzip(peek(buffered))
        content = gunzip(buffered) if compressed else buffered
        fmt = fmt or sniff(peek(content))
        if fmt == "warc":
            from dateline.ingest.warc import read_warc

            yield from read_warc(content, name)
        elif fmt == "jsonl":
            from dateline.ingest.jsonl import read_jsonl

            yield from read_jsonl(content, name, options.fields, stdin=stdin)
        elif fmt == "feed":
            from dateline.ingest.feed import read_feed

            yield from read_feed(read_capped(content), name)
        elif fmt == "html":
            yield _html_document(read_capped(content), name, stdin)
        elif path is not None and not compressed:
            yield read_text_file(path)
        else:
            data = read_capped(content)
            source = Source(path=stdin_path(data), format="stdin") if stdin else Source(
                path=name, format="text")
            yield RawDocument(source=source, text=decode(data))
    except InputTooLarge as exc:
        yield IngestError(name, "too large", str(exc))
    except DecodeError as exc:
        yield IngestError(name, "unknown encoding", str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(name, "unreadable", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a reader's library failing on one input must not stop the batch
        yield IngestError(name, "failed to read", f"{type(exc).__name__}: {exc}")


def _html_document(data: bytes, name: str, stdin: bool) -> RawDocument | IngestError:
    from dateline.ingest.charset import PageDecodeError, decode_page

    try:
        page = decode_page(data)
    except PageDecodeError as exc:
        return IngestError(name, "unknown encoding", str(exc))
    path = stdin_path(data) if stdin else name
    return RawDocument(source=Source(path=path, format="html", encoding=page.encoding),
                       html=page.text)


def read_inputs(
    paths: Iterable[str],
    options: ReadOptions | None = None,
    on_warning: Callable[[IngestWarning], None] | None = None,
) -> Iterator[RawDocument | IngestError]:
    """Stream raw documents from files, folders, globs and ``-`` (stdin).

    Folders are walked recursively. Each file not read there (hidden, a README, a format that
    is no article: :func:`~dateline.ingest.files.folder_files`) and each field a reader could
    not take (``RawDocument.warnings``) goes to ``on_warning`` as it is met.
    """
    options = options or ReadOptions()

    def said(items: Iterable[RawDocument | IngestError]) -> Iterator[RawDocument | IngestError]:
        for item in items:
            if on_warning and isinstance(item, RawDocument):
                for warning in item.warnings:
                    on_warning(warning)
            yield item

    for spec in paths:
        if spec == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                yield IngestError("<stdin>", "unreadable", "no standard input")
                continue
            fmt = None if options.stdin_format == "auto" else options.stdin_format
            yield from said(read_stream(stream, "<stdin>", fmt, options, stdin=True))
            continue
        path = Path(spec)
        matches = [path] if path.exists() else []
        if not matches and any(char in spec for char in "*?["):
            matches = sorted(Path(match) for match in glob.glob(spec, recursive=True))
        if not matches:
            yield IngestError(spec, "not found", "no such file or folder")
        for match in matches:
            for file in folder_files(match) if match.is_dir() else [match]:
                if not isinstance(file, IngestWarning):
                    yield from said(read_path(file, options))
                elif on_warning:
                    on_warning(file)


@dataclass
class IngestReport:
    """What an ingest did: counts, every input that failed with its reason, and every file
    or field not read (``warnings``: the articles were made without them)."""

    read: int = 0
    added: int = 0
    known: int = 0
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.errors)


def ingest(
    store: Store,
    paths: Iterable[str],
    on_progress: Callable[[IngestReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
    options: ReadOptions | None = None,
    workers: int = 1,
) -> IngestReport:
    """Read, clean and store every input; each batch is one transaction, errors are recorded.

    ``options`` says how to read (JSONL field mapping, what stdin carries); see
    :class:`ReadOptions`. ``workers`` > 1 runs :func:`to_article` in that many processes
    (results are the same and in the same order; reading and storing stay in this process).
    """
    report = IngestReport()
    batch: list[Article | IngestError] = []

    def flush() -> None:
        with store.transaction():
            for item in batch:
                if isinstance(item, IngestError):
                    store.put_error(item)
                elif store.put_article(item):
                    report.added += 1
                else:
                    report.known += 1
        batch.clear()
        if on_progress:
            on_progress(report)

    for item in _processed(read_inputs(paths, options, report.warnings.append), workers):
        if isinstance(item, IngestError):
            report.errors.append(item)
        else:
            report.read += 1
            report.article_ids.append(item.id)
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report


def _processed(
    items: Iterator[RawDocument | IngestError], workers: int
) -> Iterator[Article | IngestError]:
    """Every read item as an article or an error, in input order, in ``workers`` processes."""
    if workers <= 1:
        yield from map(process_raw, items)
        return
    # Windows of the input, so a pool never pulls a whole 100k-article stream into memory.
    window = WINDOW_PER_WORKER * workers
    with multiprocessing.Pool(workers) as pool:
        while chunk := list(itertools.islice(items, window)):
            yield from pool.map(process_raw, chunk, chunksize=8)


def process_raw(item: RawDocument | IngestError) -> Article | IngestError:
    """A reader's item as an article, or the error it is or that cleaning raised."""
    return item if isinstance(item, IngestError) else _safe_article(item)


def _safe_article(raw: RawDocument) -> Article | IngestError:
    try:
        return to_article(raw)
    except Exception as exc:  # one bad document must not stop the batch
        where = describe(raw.source)
        return IngestError(where, "failed to process", f"{type(exc).__name__}: {exc}")
