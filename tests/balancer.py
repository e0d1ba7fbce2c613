"""A tiny round-robin reverse proxy standing for the load balancer in front of bot processes.

Each POST goes to the next backend in turn, body and headers as they came (the webhook's
secret token too). A backend that refuses the connection, or does not accept it in time, is
skipped for that request and the next one tried; when none answers, 502. A backend that dies
after taking the request gets no second chance here either: the caller (Telegram) sees 502
and delivers the update again later, as it would behind a real balancer.
"""

from __future__ import annotations

from collections import Counter

import aiohttp
from aiohttp import web

# Not forwarded: hop-by-hop headers and those the client session sets itself.
_DROPPED = {"host", "content-length", "connection", "keep-alive", "transfer-encoding"}


class Balancer:
    """Round robin over ``backends`` (base URLs such as ``http://127.0.0.1:8443``)."""

    def __init__(self, backends: list[str], connect_timeout: float = 1.0) -> None:
        self.backends = list(backends)
        self.forwarded: Counter[str] = Counter()  # requests each backend answered
        self.skipped: Counter[str] = Counter()  # requests a backend did not take
        self._next = 0
        self._timeout = aiohttp.ClientTimeout(total=30, sock_connect=connect_timeout)
        self._session: aiohttp.ClientSession | None = None
        self._runner: web.AppRunner | None = None

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen; return the base URL to give as the webhook address (plus a path)."""
        # trust_env=False: backends are on loopback and must never go through a proxy.
        self._session = aiohttp.ClientSession(
            timeout=self._timeout, trust_env=False, connector=aiohttp.TCPConnector(limit=0)
        )
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound = self._runner.addresses[0]
        return f"http://{bound[0]}:{bound[1]}"

    async def stop(self) -> None:
        """Stop listening and close the connections to the backends."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    def _order(self) -> list[str]:
        start, self._next = self._next, self._next + 1
        return [self.backends[(start + n) % len(self.backends)] for n in range(len(self.backends))]

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROPPED}
        for backend in self._order():
            try:
                async with self._session.post(
                    backend + request.path_qs, data=body, headers=headers
                ) as answer:
                    content = await answer.read()
                    self.forwarded[backend] += 1
                    return web.Response(
                        status=answer.status,
                        body=content,
                        content_type=answer.content_type,
                    )
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError):
                self.skipped[backend] += 1  # not listening (killed, not started): next one
                continue
            except (aiohttp.ClientError, TimeoutError):
                break  # it took the request and then failed: it may have stored it
        return web.Response(status=502, text="no backend answered")
