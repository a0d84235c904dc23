"""The ``serve`` command: the web UI and API on the local machine."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import DEFAULT_DB, DbOption, app, err_console, fail, open_db


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(
        help="Address to listen on. Anything but loopback exposes the store to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    ingest_root: Annotated[Path | None, typer.Option(
        "--ingest-root", help="Allow ingest by path of files under this folder only.")] = None,
    max_upload_mb: Annotated[float, typer.Option(
        "--max-upload-mb", help="Largest upload accepted, in MiB (413 above).", min=0.001)
    ] = 50.0,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Another name clients reach the server by (repeatable): NAME "
        "(with --port, or with no port behind a reverse proxy) or NAME:PORT.")] = None,
) -> None:
    """Serve the web UI and JSON API over the store: stories, articles, copies, ingest.

    The API is described at /openapi.json and listed at /api-docs. Requests whose Host header
    is not the --host value, 127.0.0.1, localhost or [::1] with --port, or an --allowed-host,
    are refused (400: no DNS rebinding); so is any change (POST) sent by another site's page
    (403: no cross-site writes).
    """
    import uvicorn

    from dateline.web import Settings, create_app

    if ingest_root is not None and not ingest_root.is_dir():
        raise fail(f"--ingest-root {ingest_root} is not a folder")
    if not _is_loopback(host):
        err_console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach "
                          "this address can read the store and ingest files (Host names "
                          "answered: the --host value, loopback and each --allowed-host)")
    open_db(db).close()  # a bad store path is a one-line error, not a traceback
    settings = Settings(db=str(Path(db).expanduser()), ingest_root=ingest_root,
                        max_upload_bytes=int(max_upload_mb * 2**20), host=host, port=port,
                        allowed_hosts=tuple(allowed_host or ()))
    err_console.print(f"dateline on http://{host}:{port}/ (store {db}); Ctrl+C stops it")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
