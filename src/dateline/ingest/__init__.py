"""Ingest: readers for every input format, cleaning, metadata, and storing the articles."""

from dateline.ingest.pipeline import IngestReport, ingest, read_inputs, to_article
from dateline.ingest.raw import RawDocument

__all__ = ["IngestReport", "RawDocument", "ingest", "read_inputs", "to_article"]
