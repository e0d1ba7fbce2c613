"""Log lines never carry a bot token, not even inside a traceback."""

from __future__ import annotations

import logging

from bot.logs import RedactingFormatter

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def test_tokens_are_blanked_in_messages_and_tracebacks() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "t",
            logging.ERROR,
            __file__,
            1,
            "calling %s",
            (f"bot{TOKEN}",),
            (type(exc), exc, exc.__traceback__),
        )
    text = formatter.format(record)
    assert TOKEN not in text
    assert text.count("[token]") == 2
    assert "Traceback" in text
