"""A project-owned Telegram Bot API emulator for tests and the sandbox."""

from bot.emulator.client import EmulatorClient, EmulatorError
from bot.emulator.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.emulator.state import ApiCall

__all__ = ["DEFAULT_TOKEN", "ApiCall", "BotApiEmulator", "EmulatorClient", "EmulatorError"]
