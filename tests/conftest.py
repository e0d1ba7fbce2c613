"""Shared fixtures: the Bot API emulator on loopback, a migrated SQLite file, a running bot."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings, load_settings
from bot.context import Services
from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.runtime import serve
from conversations.clock import Clock
from storage.database import Database
from storage.postgres import redacted
from tests import dbview

os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"

# Every test starts at this moment, whatever the machine's clock says: a Friday, 14:00 in
# London (UTC in December), hours clear of the example project's quiet hours (21:00-08:00).
TEST_MOMENT = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def test_moment(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Bots started in a test (in process or as subprocesses) start their clock here."""
    monkeypatch.setenv("CLOCK_START", TEST_MOMENT.isoformat())
    monkeypatch.delenv("CLOCK_FROZEN", raising=False)
    return TEST_MOMENT


@pytest.fixture
def clock() -> Clock:
    """The test's clock: started at TEST_MOMENT, running at real speed (retries still wait)."""
    return Clock.started(TEST_MOMENT)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """A fresh Bot API emulator on a random loopback port."""
    emu = BotApiEmulator()
    await emu.start()
    yield emu
    await emu.stop()


# With TANDEM_TEST_POSTGRES set to a server's URL (`.ci/run` starts one; see the README),
# every test's database is a fresh PostgreSQL database there instead of a SQLite file.
PG_SERVER = os.environ.get("TANDEM_TEST_POSTGRES", "")
ENABLE_POSTGRES = "scripts/test-postgres (starts a throwaway PostgreSQL server, as CI does)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The ONE place that says what runs on PostgreSQL: every test with a database of its
    own (``database_url``, so also ``db``, ``settings``, a running bot, the subprocess and
    crash tests), unless it is marked ``sqlite_only``. `pytest -m postgres` selects them."""
    for item in items:
        uses_database = "database_url" in getattr(item, "fixturenames", ())
        if uses_database and not item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.postgres)


def pytest_configure(config: pytest.Config) -> None:
    wants = config.option.markexpr or ""
    if "postgres" in wants and "not" not in wants and not PG_SERVER:
        raise pytest.UsageError(
            f"-m postgres needs TANDEM_TEST_POSTGRES (a server's URL); run {ENABLE_POSTGRES}"
        )


def pytest_report_header(config: pytest.Config) -> str:
    if PG_SERVER:
        return f"databases: PostgreSQL at {redacted(PG_SERVER)} (sqlite_only tests: SQLite)"
    return f"databases: SQLite files; for the PostgreSQL pass run {ENABLE_POSTGRES}"


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """A PostgreSQL database migrated once, copied for each test (CREATE DATABASE TEMPLATE)."""
    if not PG_SERVER:
        yield None
        return
    name = f"tandem_template_{os.getpid()}"
    pg_admin(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    asyncio.run(_migrate(pg_url(name)))
    yield name
    pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def _migrate(url: str) -> None:
    await (await Database.open(url)).close()


def pg_url(name: str) -> str:
    """The URL of a database on the test server."""
    base, _, _ = PG_SERVER.rpartition("/")
    return f"{base}/{name}"


def pg_admin(*statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE) on the test server's maintenance database."""
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_template: str | None
) -> Iterator[str]:
    """The test's own database: a SQLite file in tmp_path, or a fresh PostgreSQL database
    (never for a test marked ``sqlite_only``: those are about SQLite itself)."""
    if pg_template is None or request.node.get_closest_marker("sqlite_only"):
        yield f"sqlite:///{tmp_path / 'tandem.sqlite3'}"
        return
    name = f"tandem_test_{os.getpid()}_{next(_numbers)}"
    pg_admin(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    yield pg_url(name)
    pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


_numbers = itertools.count()


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator, database_url: str) -> Settings:
    """Settings pointing at the emulator and the test's own database."""
    return load_settings(
        env_file=None,
        telegram_bot_token=DEFAULT_TOKEN,
        telegram_api_base_url=emulator.api_base_url,
        database_url=database_url,
        projects_dir=tmp_path / "projects",
    )


@pytest.fixture
async def db(database_url: str, clock: Clock) -> AsyncIterator[Database]:
    """A migrated database of the test's own (SQLite, or PostgreSQL), on the test's clock."""
    database = await Database.open(database_url, clock)
    yield database
    await database.close()


@dataclass
class RunningBot:
    """Tandem running in this event loop against the emulator."""

    emulator: BotApiEmulator
    settings: Settings
    stop: asyncio.Event
    task: asyncio.Task[None]
    services: Services

    async def shutdown(self) -> None:
        """Stop the bot the way SIGTERM does and wait for it."""
        self.stop.set()
        await asyncio.wait_for(self.task, 20)


async def start_bot(emulator: BotApiEmulator, settings: Settings, **kw: Any) -> RunningBot:
    """Start Tandem and wait until it is fetching updates."""
    stop = asyncio.Event()
    ready: list[Services] = []
    task = asyncio.create_task(serve(settings, stop=stop, on_ready=ready.append, **kw))
    seen = len(emulator.calls)

    def started(emu: BotApiEmulator) -> bool:
        if task.done():
            return True
        # getUpdates is recorded only when its long poll returns; deleteWebhook comes just
        # before the first one, and updates injected from then on are held for the bot.
        return bool(ready) and any(
            c.method in {"deleteWebhook", "setWebhook"} for c in emu.calls[seen:]
        )

    await emulator.wait_for(started, timeout=10)
    if task.done():
        task.result()
    return RunningBot(emulator, settings, stop, task, ready[0])


@pytest.fixture
async def bot(emulator: BotApiEmulator, settings: Settings) -> AsyncIterator[RunningBot]:
    """Tandem, started and stopped around the test."""
    running = await start_bot(emulator, settings)
    yield running
    if not running.task.done():
        await running.shutdown()


class Resident:
    """A person chatting with the bot through the emulator, as a test would read it."""

    def __init__(self, bot: RunningBot, user_id: int) -> None:
        self.bot = bot
        self.emulator = bot.emulator
        self.user_id = user_id

    def messages(self) -> list[dict[str, Any]]:
        """Everything the bot has sent this person so far."""
        return self.emulator.sent_messages(self.user_id)

    async def _replies_to(self, update: dict[str, Any], before: int) -> list[dict[str, Any]]:
        # The inbox marks an update handled only after every reply to it was sent, so
        # waiting for that mark gives exactly the replies to this update.
        await wait_handled(self.bot.settings.database_target, update["update_id"])
        return self.messages()[before:]

    async def send(self, text: str) -> list[dict[str, Any]]:
        """Send text (or a /command) and return the bot's replies."""
        before = len(self.messages())
        return await self._replies_to(self.emulator.inject_text(self.user_id, text), before)

    async def send_kind(self, kind: str, **kw: Any) -> list[dict[str, Any]]:
        """Send another kind of update (sticker, voice, photo, ...) and return the replies."""
        before = len(self.messages())
        update = getattr(self.emulator, f"inject_{kind}")(self.user_id, **kw)
        return await self._replies_to(update, before)

    def buttons(self) -> list[str]:
        """Labels of the buttons on the latest message that has any."""
        for message in reversed(self.messages()):
            rows = (message.get("reply_markup") or {}).get("inline_keyboard")
            if rows:
                return [b["text"] for row in rows for b in row]
        return []

    async def press(self, label: str) -> list[dict[str, Any]]:
        """Tap the newest button with this label; return the bot's new messages."""
        for message in reversed(self.messages()):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label:
                        return await self.press_data(button["callback_data"], message["message_id"])
        raise AssertionError(f"no button {label!r}; latest buttons: {self.buttons()}")

    async def press_data(self, data: str, message_id: int | None = None) -> list[dict[str, Any]]:
        """Send a callback query with this data (also forged or stale data)."""
        before = len(self.messages())
        update = self.emulator.inject_callback(self.user_id, data, message_id=message_id)
        return await self._replies_to(update, before)

    def last_button_answer(self) -> str | None:
        """The text of the bot's latest answerCallbackQuery (the small pop-up)."""
        calls = self.emulator.calls_to("answerCallbackQuery")
        return calls[-1].params.get("text") if calls else None

    @staticmethod
    def texts(messages: list[dict[str, Any]]) -> list[str]:
        """Just the texts of some messages."""
        return [m.get("text") or m.get("caption") or "" for m in messages]


async def wait_handled(database: str, update_id: int, timeout: float = 10) -> None:
    """Wait until the bot has recorded the update as handled (``database``: a SQLite path
    or a PostgreSQL URL, as ``settings.database_target`` gives)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        row = dbview.one(database, "SELECT handled_at FROM inbox WHERE update_id = ?", (update_id,))
        if row and row[0] is not None:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"update {update_id} was not handled within {timeout} s")
        await asyncio.sleep(0.01)


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FOLDER = ROOT / "projects"


def with_example_pictures(folder: Path) -> Path:
    """Copy the example project's pictures (its scenario's) beside a copy of its file."""
    import shutil

    shutil.copytree(EXAMPLE_FOLDER / "northfield", folder / "northfield", dirs_exist_ok=True)
    return folder


COORDINATOR = 9001


@pytest.fixture
def project_settings(settings: Settings) -> Settings:
    """Settings with the shipped example project and one coordinator."""
    return settings.model_copy(
        update={"projects_dir": ROOT / "projects", "coordinator_ids": frozenset({COORDINATOR})}
    )


@pytest.fixture
async def project_bot(
    emulator: BotApiEmulator, project_settings: Settings
) -> AsyncIterator[RunningBot]:
    """Tandem with the example project loaded."""
    running = await start_bot(emulator, project_settings)
    yield running
    if not running.task.done():
        await running.shutdown()


@pytest.fixture
def resident(bot: RunningBot) -> Resident:
    """Resident 1001, talking to the running bot."""
    return Resident(bot, 1001)
