"""The typer application and what every command shares: the store option, JSON printing."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import Annotated, Any

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.errors import MarkupError
from rich.segment import Segment
from rich.text import Text

from dateline.model import finite, to_dict
from dateline.report.bidi import UNSAFE, plain
from dateline.store import SQLiteStore, StoreOpenError

app = typer.Typer(
    name="dateline",
    help=(
        "Turn a pile of news articles into one account of each story: "
        "what happened, when, and who reported it.\n\n"
        "Start with `dateline build examples/raqqa`, or `dateline ingest PATH...` "
        "then `dateline ls`."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

class SafeConsole(Console):
    """A rich console that prints no bidi control and no control character an article holds:
    a terminal that does bidi would turn the rest of a line around (an outlet named
    "Daily\u202eTAERG"), and an ESC could drive the terminal (:func:`plain`). A string whose
    brackets are not valid markup (an article titled "[/bold]") is printed as it is."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        try:
            return super().render_str(text, **kwargs)
        except MarkupError:
            return super().render_str(text, **{**kwargs, "markup": False})

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None
               ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control or not UNSAFE.search(text):
                yield segment
            else:
                yield Segment(plain(text), segment.style, segment.control)


console = SafeConsole()
err_console = SafeConsole(stderr=True)

DEFAULT_DB = "dateline.db"

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="DATELINE_DB",
        help="The SQLite store to use (created if missing, in an existing folder). Open it "
        "with any SQLite tool.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def open_db(path: str = DEFAULT_DB) -> SQLiteStore:
    """The store at ``path`` (created if missing); a one-line error and exit when it cannot
    be opened (a text file, a folder, a folder that does not exist)."""
    try:
        return SQLiteStore(os.path.expanduser(path))
    except StoreOpenError as exc:
        raise fail(str(exc)) from None


def print_json(data: Any) -> None:
    """Print records as strict JSON on stdout (records are turned into plain dicts first; an
    infinite float, a claim's open bound, is written as null). Every ``--json`` output has a
    JSON Schema: ``dateline schema NAME`` (see ``dateline.report.json_schema.COMMANDS``)."""
    json.dump(finite(to_dict(data)), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", soft_wrap=True)  # one line, never cut
    return typer.Exit(code)


def resolve_article_id(store: SQLiteStore, prefix: str) -> str:
    """The full id of the one article whose id starts with ``prefix``; exits otherwise."""
    ids = store.find_ids(prefix)
    if not ids:
        raise fail(f"no article id starts with {prefix!r}")
    if len(ids) > 1:
        raise fail(f"{prefix!r} matches {len(ids)} articles; type more of the id")
    return ids[0]
