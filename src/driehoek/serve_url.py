"""The link `driehoek serve` prints: its tokens and the public address it lives at.

Plain functions of strings, without the web stack, so that `driehoek follow --link` and
`driehoek prepare --link` can make links on an install without the `serve` extra (the links are
used where the server runs); `serve_access` applies them to requests.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

TOKEN_PARAMETER = "token"
"""The query parameter of the printed link that holds the token."""

TOKEN_BYTES = 32
"""Random bytes in a token `driehoek serve` makes: 256 bits, as `secrets` recommends."""

MIN_TOKEN_LENGTH = 22
"""The shortest token accepted from a file: 22 base64url characters carry 132 bits."""

TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
"""What a token may contain: the URL-safe alphabet, so that the link needs no escaping."""

DEFAULT_PORTS = {"http": 80, "https": 443}


def new_token() -> str:
    """A fresh random token for the link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(value: str) -> bool:
    """Whether `value` can be a token: long enough, and only URL-safe characters."""
    return len(value) >= MIN_TOKEN_LENGTH and TOKEN_CHARACTERS.fullmatch(value) is not None


def bracketed(host: str) -> str:
    """An IPv6 address in brackets, as it appears in a Host header or an origin."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


@dataclass(frozen=True)
class PublicUrl:
    """The address the browser uses: where the page, its websocket and its cookie live."""

    scheme: str
    host: str
    """Lower case, IPv6 without brackets."""
    port: int
    path: str
    """Without a trailing slash: `""` at the root, `/driehoek` behind a proxy."""

    @classmethod
    def parse(cls, url: str) -> PublicUrl | None:
        """The parts of an http(s) URL without user, query or fragment; None if it is not one
        (a space or a control character makes a link that breaks where it is pasted)."""
        if any(c.isspace() or not c.isprintable() for c in url):
            return None
        try:
            parts: SplitResult = urlsplit(url)
            port = parts.port
        except ValueError:  # a port that is not a number, a bracket left open
            return None
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        if parts.username is not None or parts.query or parts.fragment:
            return None
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=port or DEFAULT_PORTS[parts.scheme],
            path=parts.path.rstrip("/"),
        )

    @property
    def secure(self) -> bool:
        """Whether the browser reaches the server over https."""
        return self.scheme == "https"

    @property
    def netloc(self) -> str:
        """`host[:port]` as a browser writes it: the default port left out."""
        host = bracketed(self.host)
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        """The origin a browser sends from this server's page (`Origin:`)."""
        return f"{self.scheme}://{self.netloc}"

    @property
    def websocket_origin(self) -> str:
        """The same place for a websocket (`ws://` or `wss://`), for the CSP."""
        return f"{'wss' if self.secure else 'ws'}://{self.netloc}"

    @property
    def cookie_path(self) -> str:
        """The path the cookie is sent for: the public URL's own."""
        return self.path or "/"

    @property
    def page(self) -> str:
        """The page's address: the public URL with a trailing slash."""
        return f"{self.origin}{self.path}/"
