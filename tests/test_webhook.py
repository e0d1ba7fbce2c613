"""Webhook mode: Telegram's secret is checked, and an update is stored before the 200."""

from __future__ import annotations

import json
import socket

import aiohttp
import pytest

from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from tests import dbview
from tests.conftest import start_bot, wait_handled


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    port = free_port()
    return settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}/telegram",
            "webhook_host": "127.0.0.1",
            "webhook_port": port,
        }
    )


async def test_updates_pushed_by_telegram_are_answered(
    emulator: BotApiEmulator, webhook_settings: Settings
) -> None:
    running = await start_bot(emulator, webhook_settings, webhook=True)
    [call] = emulator.calls_to("setWebhook")
    assert call.params["url"] == webhook_settings.webhook_url
    assert call.params["secret_token"] == webhook_settings.webhook_secret_token()
    update = emulator.inject_text(4004, "/start")
    await wait_handled(webhook_settings.database_target, update["update_id"])
    assert [m["text"] for m in emulator.sent_messages(4004)] == [catalogue.WELCOME]
    await running.shutdown()


async def test_wrong_secret_is_refused_and_nothing_stored(
    emulator: BotApiEmulator, webhook_settings: Settings
) -> None:
    running = await start_bot(emulator, webhook_settings, webhook=True)
    update = {
        "update_id": 777,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "text": "/start",
        },
    }
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
            async with http.post(
                webhook_settings.webhook_url, data=json.dumps(update), headers=headers
            ) as response:
                assert response.status == 403
        good = {"X-Telegram-Bot-Api-Secret-Token": webhook_settings.webhook_secret_token()}
        async with http.post(
            webhook_settings.webhook_url, data=b"not json", headers=good
        ) as response:
            assert response.status == 400
        async with http.post(
            webhook_settings.webhook_url, data=json.dumps(update), headers=good
        ) as response:
            assert response.status == 200
            # Stored before the answer: the row is there the moment Telegram hears 200.
            stored = dbview.rows(webhook_settings.database_target, "SELECT update_id FROM inbox")
            assert stored == [(777,)]
    await running.shutdown()


async def test_webhook_mode_without_url_says_what_to_set(
    emulator: BotApiEmulator, settings: Settings
) -> None:
    from bot.config import ConfigError
    from bot.runtime import serve

    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        await serve(settings, webhook=True)


async def test_a_poison_update_pushed_by_telegram_is_stored_failed_and_answered_200(
    emulator: BotApiEmulator, webhook_settings: Settings
) -> None:
    running = await start_bot(emulator, webhook_settings, webhook=True)
    poison = emulator.inject_raw({"message": {"message_id": 1, "date": 0, "chat": {"id": "z"}}})
    update = emulator.inject_text(4005, "/start")
    await wait_handled(webhook_settings.database_target, update["update_id"])
    # Answered 200 (so Telegram stops pushing it), stored as failed, and the next one handled.
    assert [m["text"] for m in emulator.sent_messages(4005)] == [catalogue.WELCOME]
    row = dbview.one(
        webhook_settings.database_target,
        "SELECT status FROM inbox WHERE update_id = ?",
        (poison["update_id"],),
    )
    assert row == ("failed",)
    assert emulator.pending_updates() == 0
    await running.shutdown()
