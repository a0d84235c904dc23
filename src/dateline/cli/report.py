"""Commands that render the results: report (HTML, Markdown, JSON) and schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import DEFAULT_DB, DbOption, app, err_console, fail, open_db
from dateline.report import json_schema
from dateline.report.document import result_to_dict
from dateline.report.html import render_html
from dateline.report.markdown import report_markdown
from dateline.report.results import load_build

FORMATS = ("html", "md", "json")


@app.command("report")
def report_command(
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="html, md or json.")] = "html",
    story: Annotated[list[str] | None, typer.Option(
        "--story", "-s", help="Only this story (repeat for several); default: every story.")
    ] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Render the last build: one self-contained HTML file, Markdown, or the JSON document.

    The HTML report loads nothing and runs no script; open it in any browser, offline.
    """
    if format not in FORMATS:
        raise fail(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    store = open_db(db)
    result = load_build(store, story or None)
    if story and len(result.stories) < len(set(story)):
        found = {s.story.id for s in result.stories}
        raise fail(f"no story {', '.join(repr(s) for s in story if s not in found)} in {db}")
    if format == "html":
        text = render_html(result, title=f"dateline report: {Path(db).name}")
    elif format == "md":
        text = report_markdown(result)
    else:
        text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    err_console.print(f"{len(result.stories)} stories, {len(result.articles)} articles "
                      f"written to {output}")


@app.command("schema")
def schema_command(
    name: Annotated[str, typer.Argument(
        help="Which document: " + "; ".join(
            f"{doc} ({', '.join(c for c, d in json_schema.COMMANDS.items() if d == doc)})"
            for doc in json_schema.DOCUMENTS) + ".")] = "build",
    check: Annotated[Path | None, typer.Option(
        "--check", help="Validate this JSON file (or JSONL, one document a line) instead.")
    ] = None,
) -> None:
    """Print the JSON Schema (v1) of a JSON output, or check a file against it."""
    if name not in json_schema.DOCUMENTS:
        raise fail(f"unknown schema {name!r}; use one of {', '.join(json_schema.DOCUMENTS)}")
    if check is None:
        sys.stdout.write(json.dumps(json_schema.load(name), indent=2) + "\n")
        return
    try:
        text = check.read_text(encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot read {check}: {exc.strerror or exc}") from None
    try:
        documents = ([json.loads(line) for line in text.splitlines() if line.strip()]
                     if name == "article-line" else [json.loads(text)])
    except json.JSONDecodeError as exc:
        raise fail(f"{check} is not JSON: {exc}") from None
    problems = [f"document {n + 1}{p}" for n, d in enumerate(documents)
                for p in json_schema.errors(d, name)]
    for problem in problems[:50]:
        err_console.print(f"[red]invalid[/red] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)
    err_console.print(f"{check}: {len(documents)} document(s) valid against {name} v1")
