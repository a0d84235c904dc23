"""Guards of the web server: request size, file names, paths under the ingest root, headers."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages load only this server's script and stylesheet; inline style attributes place the
# timeline points. Article text is escaped anyway: this is the second lock on the door.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


class TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self._refuse(send, 400, "invalid Content-Length header")
                return
            if declared > self.max_bytes:
                await self._refuse(send, 413, self._message(declared))
                return
        seen = 0
        started = refused = False

        async def counting_receive() -> Message:
            # Past the cap, answer 413 at once: the app may turn the read error into another
            # status, and its response is dropped below.
            nonlocal seen, started, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    if not started:
                        await self._refuse(send, 413, self._message(seen))
                        started = refused = True
                    raise TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except TooLarge:
            if not started:
                await self._refuse(send, 413, self._message(seen))

    def _message(self, size: int) -> str:
        return (f"request body too large: {size} bytes, the limit is {self.max_bytes} bytes "
                "(the server's --max-upload-mb)")

    @staticmethod
    async def _refuse(send: Send, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the Content-Security-Policy and friends to every response.

    ``Referrer-Policy: same-origin``: links to other sites get no referrer, and the server's
    own forms keep their ``Origin`` (``no-referrer`` would send ``Origin: null`` and the
    origin check would refuse them in browsers without ``Sec-Fetch-Site``).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers") or [])
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin"),
                            (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str | None, fallback: str = "upload.txt") -> str:
    """An uploaded file's name reduced to its last part in safe characters (never a path)."""
    if not name:
        return fallback
    last = PureWindowsPath(PurePosixPath(name).name).name  # both separators
    cleaned = _UNSAFE_NAME.sub("_", last).strip("._")
    return cleaned[:120] or fallback


class PathRefused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def resolve_under(root: Path | None, requested: str) -> Path:
    """``requested`` (relative to ``root``, or absolute inside it) as a real path under ``root``.

    Refuses (``PathRefused``) when no root was configured (403), when the path has ``..``,
    a NUL or glob characters (400), when it resolves outside the root, symlinks included (403),
    and when nothing is there (404).
    """
    if root is None:
        raise PathRefused(403, "ingest from a path is disabled: start the server with "
                               "--ingest-root DIR to allow paths under DIR")
    if not requested or "\x00" in requested:
        raise PathRefused(400, "path is empty or has a NUL character")
    if any(ch in requested for ch in "*?["):
        raise PathRefused(400, "path must not contain glob characters (* ? [)")
    parts = PurePosixPath(requested.replace("\\", "/")).parts
    if ".." in parts:
        raise PathRefused(400, "path must not contain '..'")
    base = root.resolve()
    candidate = Path(requested)
    target = (candidate if candidate.is_absolute() else base / candidate).resolve()
    if not target.is_relative_to(base):
        raise PathRefused(403, f"path is outside the ingest root {base}")
    if not target.exists():
        raise PathRefused(404, f"no such file or folder under the ingest root: {requested}")
    return target
