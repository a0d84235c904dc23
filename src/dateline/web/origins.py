"""Which requests the server answers: a Host it serves, and state changes from its own pages.

DNS rebinding: a page on ``attacker.example`` whose name is made to resolve to 127.0.0.1
reaches the server with ``Host: attacker.example``; only the names the server serves are
answered (400 otherwise), so such a page can never read the store.

Cross-site writes: any page can POST a form or a ``no-cors`` fetch to 127.0.0.1. A browser
says where a request comes from (``Sec-Fetch-Site``, ``Origin``, else ``Referer``); a state
change (any method but GET, HEAD and OPTIONS) from another origin is refused (403). A request
that names no origin at all comes from no web page (curl, a script: browsers send ``Origin``
on every POST) and passes. The same rule as Go's ``net/http.CrossOriginProtection``; no CSRF
token is needed, so the forms stay plain.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def split_host(netloc: str) -> tuple[str, int | None]:
    """``"Name:8000"`` as ``("name", 8000)``; ``"[::1]"`` as ``("[::1]", None)``; a port that
    is not a number gives port ``-1`` (matches nothing)."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        name, _, rest = netloc.partition("]")
        name, port = name + "]", rest.removeprefix(":") if rest.startswith(":") else None
    elif netloc.count(":") == 1:
        name, port = netloc.split(":")
    elif ":" in netloc:  # a bare IPv6 address, as --host ::1 gives it
        name, port = f"[{netloc}]", None
    else:
        name, port = netloc, None
    if port is None:
        return name, None
    return name, int(port) if port.isdigit() and len(port) <= 5 else -1


class ServedHosts:
    """The Host header values the server answers to.

    ``host`` (what it listens on) and the loopback names 127.0.0.1, localhost and [::1] with
    ``port`` (any port when ``port`` is ``None``: an app made in a test or a script, not bound
    yet). Each of ``extra`` (``--allowed-host``) is ``NAME:PORT`` (that port only) or ``NAME``
    (with ``port``, or with no port: the 80/443 of a reverse proxy in front).
    """

    def __init__(self, host: str, port: int | None, extra: Iterable[str] = ()) -> None:
        self.port = port
        self.names = {split_host(host)[0], *LOOPBACK}
        self.exact: set[tuple[str, int | None]] = set()
        self.bare: set[str] = set()
        for item in extra:
            name, extra_port = split_host(item)
            if extra_port is None:
                self.bare.add(name)
            else:
                self.exact.add((name, extra_port))

    def allows(self, netloc: str) -> bool:
        name, port = split_host(netloc)
        if (name, port) in self.exact or (port is None and name in self.bare):
            return True
        if name not in self.names and name not in self.bare:
            return False
        return self.port is None or port == self.port or (port is None and self.port == 80)

    def is_extra(self, netloc: str) -> bool:
        """Named by ``--allowed-host`` (a reverse proxy's public name, as an Origin)."""
        name, port = split_host(netloc)
        return (name, port) in self.exact or (name in self.bare and self.allows(netloc))

    def describe(self) -> str:
        port = "" if self.port is None else f":{self.port}"
        shown = [f"{n}{port}" for n in sorted(self.names)] + sorted(self.bare)
        shown += [f"{n}:{p}" for n, p in sorted(self.exact)]
        return ", ".join(shown)


def _shown(value: str) -> str:
    return repr(value[:100] + ("..." if len(value) > 100 else ""))


def refusal(hosts: ServedHosts, method: str, headers: dict[bytes, bytes]
            ) -> tuple[int, str] | None:
    """Why a request is refused, as ``(status, message)``, or ``None`` when it may go on."""
    host = headers.get(b"host", b"").decode("latin-1")
    if not hosts.allows(host):
        return 400, (f"refused: Host {_shown(host)} is not a name this server answers to "
                     f"(it serves {hosts.describe()}); start it with --allowed-host NAME to "
                     "add one")
    if method in SAFE_METHODS:
        return None
    site = headers.get(b"sec-fetch-site", b"").decode("latin-1").lower()
    if site in ("same-origin", "none"):
        return None
    origin = headers.get(b"origin", b"").decode("latin-1")
    said = origin or headers.get(b"referer", b"").decode("latin-1")
    if not said and not site:
        return None  # no web page sent this: browsers name the origin of every POST
    netloc = urlsplit(said).netloc if said and said != "null" else ""
    if netloc and (split_host(netloc) == split_host(host) or hosts.is_extra(netloc)):
        return None
    where = _shown(said or f"a {site} page")
    return 403, (f"refused: a {method} from another site ({where}) may not change this "
                 "server's store; use the server's own pages, or the API from a script")


class HostAndOriginCheck:
    """Answer 400 to a Host not served and 403 to a state change from another origin."""

    def __init__(self, app: ASGIApp, hosts: ServedHosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = refusal(self.hosts, scope["method"], dict(scope.get("headers") or []))
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, detail = refused
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
