"""From paths to stored articles: dispatch to readers, clean, infer metadata, store in batches."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateline.ingest.cleaning import clean_text
from dateline.ingest.metadata import infer_metadata
from dateline.ingest.raw import RawDocument
from dateline.ingest.text import read_text_file
from dateline.model import Article, IngestError, Source, article_id
from dateline.store.base import Store

BATCH_SIZE = 200


def to_article(raw: RawDocument) -> Article | IngestError:
    """Clean one raw document and infer its metadata: a pure function, safe in any worker."""
    where = raw.source.path or raw.source.url or raw.source.key()
    text = raw.text
    if text is None and raw.html is not None:
        from dateline.ingest.html import html_to_text

        text = html_to_text(raw.html, url=raw.source.url)
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
        removed=clean.removed,
    )


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not child.name.startswith(".") and child.name != "README.md":
                yield child
    else:
        yield path


def read_path(path: Path) -> Iterator[RawDocument | IngestError]:
    """Every raw document in one file, by its format."""
    name = path.name.lower()
    if name.endswith((".html", ".htm")):
        from dateline.ingest.html import read_html_file

        yield read_html_file(path)
    else:
        yield read_text_file(path)


def read_inputs(paths: Iterable[str]) -> Iterator[RawDocument | IngestError]:
    """Stream raw documents from files, folders, globs and ``-`` (stdin)."""
    for spec in paths:
        if spec == "-":
            yield RawDocument(source=Source(path="<stdin>", format="stdin"), text=sys.stdin.read())
            continue
        path = Path(spec)
        matches = [path] if path.exists() else sorted(Path().glob(spec)) if "*" in spec else []
        if not matches:
            yield IngestError(spec, "not found", "no such file or folder")
        for match in matches:
            for file in _files(match):
                yield from read_path(file)


@dataclass
class IngestReport:
    """What an ingest did: counts, and every input that failed with its reason."""

    read: int = 0
    added: int = 0
    known: int = 0
    errors: list[IngestError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.errors)


def ingest(
    store: Store,
    paths: Iterable[str],
    on_progress: Callable[[IngestReport], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Read, clean and store every input; each batch is one transaction, errors are recorded."""
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

    for raw in read_inputs(paths):
        item = raw if isinstance(raw, IngestError) else _safe_article(raw)
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


def _safe_article(raw: RawDocument) -> Article | IngestError:
    try:
        return to_article(raw)
    except Exception as exc:  # one bad document must not stop the batch
        where = raw.source.path or raw.source.url or raw.source.key()
        return IngestError(where, "failed to process", f"{type(exc).__name__}: {exc}")
