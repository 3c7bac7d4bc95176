"""What keeps the workspace to its one user on this machine.

- Host header: only the names the server was started for (127.0.0.1, localhost, or the --host given)
  are answered, so a page elsewhere cannot reach the app through DNS rebinding (its requests carry
  its own host name).
- Cross-site request forgery: every form carries a token that only a page this server rendered
  knows (a secret drawn when the server starts); a POST without it, or from another Origin, is refused.
- Content-Security-Policy: no script at all, no remote loads, forms post only here; scraped text is
  escaped by the templates besides, so a `<script>` in an excerpt is shown, never run.
"""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request

META_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
            "script-src 'none'; base-uri 'none'; form-action 'self'")
CSP = META_CSP + "; frame-ancestors 'none'"   # a <meta> policy cannot say this part; the header does
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store", "Cross-Origin-Resource-Policy": "same-origin"}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts(host: str) -> list[str]:
    """The Host names answered: loopback always, and the address the server listens on."""
    names = list(LOOPBACK)
    if host not in names and host not in ("0.0.0.0", "::"):
        names.append(host)
    return names


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


class Csrf:
    """One token per server process, compared in constant time."""

    def __init__(self, token: str | None = None):
        self.token = token or secrets.token_urlsafe(32)

    async def check(self, request: Request) -> dict[str, str]:
        """The posted form, when the token and the Origin are right; else HTTP 403."""
        origin = request.headers.get("origin")
        if origin and origin != "null":
            parts = urlsplit(origin)
            if parts.netloc != request.headers.get("host", ""):
                raise HTTPException(403, "cross-site request refused")
        form = await request.form()
        given = str(form.get("csrf") or "")
        if not given or not hmac.compare_digest(given, self.token):
            raise HTTPException(403, "missing or wrong form token (reload the page and try again)")
        return {k: str(v) for k, v in form.multi_items()}
