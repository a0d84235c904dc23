"""JSON Schemas of every JSON output, generated from the dataclasses of ``model.py``.

The schemas are committed under ``schemas/v1/`` so that users can validate against a fixed
version; a test regenerates them and fails if the dataclasses drifted from the committed files.
Regenerate after adding a field: ``python -m dateline.report.json_schema --write``.

Documents (:data:`COMMANDS` maps each command to the schema of its JSON output):
- ``build``: :class:`~dateline.report.document.BuildResult` (``dateline build --json``,
  ``dateline report --format json``).
- ``article``: one article with its sources (``dateline show --json``, ``/api/articles/{id}``).
- ``article-line``: one line of ``dateline export`` (an :class:`~dateline.model.Article`).
- ``article-list``: ``dateline ls --json`` (articles without text, with a word count).
- the other ``--json`` outputs, each generated from the record the command prints: ``ingest``,
  ``copies``, ``diff``, ``dates``, ``story-list``, ``story``, ``entities``, ``claims``,
  ``timeline``, ``summary``, ``sources``, ``story-edit``, ``spark-build``, ``spark-import``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, Literal

from dateline.model import Article, Source
from dateline.report.document import BuildResult

SCHEMA_VERSION = "v1"
SCHEMA_DIR = Path(__file__).parent / "schemas" / SCHEMA_VERSION
BASE_ID = "https://dateline.invalid/schemas/v1/"  # ids only; nothing is fetched
DOCUMENTS = ("build", "article", "article-line", "article-list", "ingest", "copies", "diff",
             "dates", "story-list", "story", "entities", "claims", "timeline", "summary",
             "sources", "story-edit", "spark-build", "spark-import")
# The schema of each command's JSON output (``--json``; ``export`` writes JSON lines).
COMMANDS = {
    "ingest --json": "ingest", "ls --json": "article-list", "show --json": "article",
    "export": "article-line", "copies --json": "copies", "diff --json": "diff",
    "dates --json": "dates", "stories --json": "story-list", "story --json": "story",
    "entities --json": "entities", "claims --json": "claims", "timeline --json": "timeline",
    "summary --json": "summary", "sources --json": "sources", "build --json": "build",
    "report --format json": "build", "story-merge --json": "story-edit",
    "story-split --json": "story-edit", "story-undo --json": "story-edit",
    "spark build --json": "spark-build",
    "spark import --json": "spark-import",
}
# Floats that may be infinite ("at least 21" has no upper bound): strict JSON writes them null.
OPEN_BOUNDS = {("Claim", "low"), ("Claim", "high"), ("SeriesPoint", "low"),
               ("SeriesPoint", "high")}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is Any:
        return {}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(arg, defs) for arg in typing.get_args(tp)]}
    if origin is tuple and typing.get_args(tp)[1:] != (Ellipsis,):  # fixed length
        items = [_type_schema(arg, defs) for arg in typing.get_args(tp)]
        return {"type": "array", "prefixItems": items, "items": False,
                "minItems": len(items)}
    if origin in (tuple, list):
        (item, *_rest) = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin is dict:
        (_key, value) = typing.get_args(tp)
        return {"type": "object", "additionalProperties": _type_schema(value, defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    # Aliases such as Granularity are Literals after get_type_hints; anything else is a bug.
    raise TypeError(f"no JSON Schema for type {tp!r}")


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        properties[f.name] = _type_schema(hints[f.name], defs)
        if (cls.__name__, f.name) in OPEN_BOUNDS:
            properties[f.name] = {"anyOf": [{"type": "number"}, {"type": "null"}],
                                  "description": "null when the bound is open (infinite)"}
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        schema["description"] = " ".join(doc.split())
    if required:
        schema["required"] = required
    defs[cls.__name__] = schema


def _document(name: str, title: str, root: dict[str, Any], defs: dict[str, Any]) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE_ID}{name}.json", "title": title, **root,
            "$defs": dict(sorted(defs.items()))}


def generate(name: str) -> dict[str, Any]:
    """The schema of document ``name`` (one of :data:`DOCUMENTS`), built from the dataclasses."""
    defs: dict[str, Any] = {}
    if name == "build":
        _define(BuildResult, defs)
        root = dict(defs["BuildResult"])
        root["properties"] = {**root["properties"], "format": {"const": "dateline-build"},
                              "version": {"const": 1}}
        root["required"] = ["format", "version", "articles", "stories"]
        del defs["BuildResult"]
        return _document(name, "dateline build result", root, defs)
    if name == "article-line":
        return _document(name, "dateline export line", {"$ref": "#/$defs/Article"},
                         _defs_of(Article, defs))
    if name == "article":
        _defs_of(Article, defs)
        _define(Source, defs)
        root = dict(defs["Article"])
        root["properties"] = {**root["properties"],
                              "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}}}
        root["required"] = [*root["required"], "sources"]
        return _document(name, "dateline article with its sources", root, defs)
    if name == "article-list":
        _defs_of(Article, defs)
        item = dict(defs["Article"])
        props = {k: v for k, v in item["properties"].items() if k not in ("paragraphs", "removed")}
        item["properties"] = {**props, "words": {"type": "integer", "minimum": 0}}
        item["required"] = [r for r in item["required"] if r in props] + ["words"]
        defs["ArticleSummary"] = item
        return _document(name, "dateline article list",
                         {"type": "array", "items": {"$ref": "#/$defs/ArticleSummary"}}, defs)
    outputs = _outputs()
    if name in outputs:
        title, tp = outputs[name]
        return _document(name, title, _type_schema(tp, defs), defs)
    raise KeyError(f"unknown schema {name!r}; known: {', '.join(DOCUMENTS)}")


def _outputs() -> dict[str, tuple[str, Any]]:
    """The documents generated from the record a command prints: title and type."""
    from dateline.ingest import IngestReport
    from dateline.model import CitedSentence, Story, TimelineEntry
    from dateline.report import outputs
    from dateline.report.document import SourceComparison

    return {
        "ingest": ("dateline ingest --json", IngestReport),
        "copies": ("dateline copies --json", outputs.CopiesReport),
        "diff": ("dateline diff --json", outputs.CopyDiff),
        "dates": ("dateline dates --json", outputs.ArticleDates),
        "story-list": ("dateline stories --json", tuple[outputs.StorySummary, ...]),
        "story": ("dateline story --json", Story),
        "entities": ("dateline entities --json", tuple[outputs.EntityReport, ...]),
        "claims": ("dateline claims --json", outputs.ClaimsReport),
        "timeline": ("dateline timeline --json", tuple[TimelineEntry, ...]),
        "summary": ("dateline summary --json", tuple[CitedSentence, ...]),
        "sources": ("dateline sources --json", SourceComparison),
        "story-edit": ("dateline story-merge|story-split|story-undo --json", outputs.StoryEdit),
        "spark-build": ("dateline spark build --json", outputs.BuildCounts),
        "spark-import": ("dateline spark import --json", outputs.ImportCounts),
    }


def _defs_of(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    _define(cls, defs)
    return defs


@cache
def load(name: str) -> dict[str, Any]:
    """The committed schema of document ``name``."""
    path = SCHEMA_DIR / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"unknown schema {name!r}; known: {', '.join(DOCUMENTS)}")
    return json.loads(path.read_text(encoding="utf-8"))


def validate(document: Any, name: str) -> None:
    """Raise :class:`jsonschema.ValidationError` if ``document`` does not match schema ``name``."""
    import jsonschema

    schema = load(name)
    jsonschema.Draft202012Validator(schema).validate(document)


def errors(document: Any, name: str) -> list[str]:
    """Every way ``document`` breaks schema ``name``, as ``path: message`` lines."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load(name))
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(document)]


def write_all(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write every generated schema into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DOCUMENTS:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(generate(name), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    load.cache_clear()
    return written


if __name__ == "__main__":
    if "--write" in sys.argv:
        for written_path in write_all():
            print(written_path)
    else:
        print(json.dumps({name: generate(name) for name in DOCUMENTS}, indent=2))
