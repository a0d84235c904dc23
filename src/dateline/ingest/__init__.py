"""Ingest: readers for every input format, cleaning, metadata, and storing the articles."""

from dateline.ingest.pipeline import IngestReport, ReadOptions, ingest, read_inputs, to_article
from dateline.ingest.raw import RawDocument

__all__ = ["IngestReport", "RawDocument", "ReadOptions", "ingest", "read_inputs", "to_article"]
