"""`EmulatorClient`: drive an emulator running in another process over its control API."""

from __future__ import annotations

from typing import Any

import aiohttp


class EmulatorError(RuntimeError):
    """The control API refused a request."""


class EmulatorClient:
    """Async client of `/_emulator/`; use as `async with EmulatorClient(url) as emu:`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the HTTP session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _request(self, verb: str, path: str, **kwargs: Any) -> Any:
        if self._session is None:
            # trust_env=False: the emulator is on loopback; a configured proxy must not apply.
            self._session = aiohttp.ClientSession(timeout=self._timeout, trust_env=False)
        url = f"{self.base_url}/_emulator/{path}"
        async with self._session.request(verb, url, **kwargs) as response:
            if response.status != 200:
                raise EmulatorError(f"{verb} {path}: {response.status} {await response.text()}")
            return await response.json()

    async def inject(self, kind: str, **kwargs: Any) -> dict[str, Any]:
        """Inject one update ("text", "command", "callback", ...); returns it."""
        update: dict[str, Any] = await self._request(
            "POST", "inject", json={"kind": kind, **kwargs}
        )
        return update

    async def inject_many(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Inject many `{"kind": ..., ...}` items; returns {"count", "last_update_id"}."""
        summary: dict[str, Any] = await self._request("POST", "inject_many", json=items)
        return summary

    async def calls(self, method: str | None = None, since: int = 0) -> list[dict[str, Any]]:
        """Recorded calls from index `since`, optionally of one method."""
        query: dict[str, str] = {"since": str(since)}
        if method:
            query["method"] = method
        listed: list[dict[str, Any]] = await self._request("GET", "calls", params=query)
        return listed

    async def faults(self, **settings: Any) -> dict[str, Any]:
        """Set flood_per_second, retry_after, per_chat_per_second, block, unblock, fail_next, and
        fail=[{"method", "status", "description", "count" or "seconds", "retry_after", "html"}]."""
        answer: dict[str, Any] = await self._request("POST", "faults", json=settings)
        return answer

    async def state(self) -> dict[str, Any]:
        """{"pending_updates", "confirmed_offset", "last_update_id", "calls"}."""
        answer: dict[str, Any] = await self._request("GET", "state")
        return answer

    async def messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The bot's sent messages as they now stand, optionally in one chat."""
        query = {"chat_id": str(chat_id)} if chat_id is not None else {}
        listed: list[dict[str, Any]] = await self._request("GET", "messages", params=query)
        return listed
