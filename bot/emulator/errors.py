"""Bot API error answers raised by method handlers and fault checks."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API failure answered as `{"ok": false, ...}` with an HTTP status."""

    def __init__(
        self,
        status: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        *,
        html: bool = False,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters
        # A proxy or load balancer in front of Telegram answers 5xx with an HTML page.
        self.html = html

    def html_page(self) -> str:
        """The page a failing front end serves instead of JSON."""
        return (
            f"<html><head><title>{self.status} {self.description}</title></head>"
            f"<body><center><h1>{self.status} {self.description}</h1></center>"
            "<hr><center>nginx</center></body></html>"
        )

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 answer with Telegram's `Bad Request: ` prefix."""
    return ApiError(400, f"Bad Request: {detail}")
