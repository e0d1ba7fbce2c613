"""Start the sandbox: the emulator, the real bot against it, and the chat page.

One process, one event loop: `serve()` runs the bot exactly as `tandem run` does, only
with settings that point at the emulator, a throwaway database and a coordinator from
the cast. Library code: problems raise ConfigError and the CLI prints.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
from aiohttp import web
from pydantic import SecretStr

from bot.config import ConfigError, Settings
from bot.context import Services
from bot.dashboard import mount_dashboard
from bot.emulator import DEFAULT_TOKEN, BotApiEmulator
from bot.runtime import serve
from bot.sandbox.cast import DEFAULT_CAST, Person, Role
from bot.sandbox.chat import ChatBook
from bot.sandbox.clock import ScheduleRehearsal
from bot.sandbox.web import Stage, build_page_app

log = logging.getLogger(__name__)
BOT_USERNAME = "tandem_sandbox_bot"
START_TIMEOUT = 30.0
APPOINT_TIMEOUT = 10.0
DASHBOARD_PATH = "/dashboard"


@dataclass(frozen=True)
class SandboxOptions:
    """How `tandem sandbox` was asked to run."""

    host: str = "127.0.0.1"
    port: int = 8080
    database: Path | None = None
    cast: tuple[Person, ...] = DEFAULT_CAST
    # Appointing the facilitator at start means the page is ready for every role at once.
    appoint: bool = True


@dataclass
class Sandbox:
    """The running sandbox, handed to `on_ready`."""

    url: str
    emulator: BotApiEmulator
    services: Services
    stage: Stage
    settings: Settings


def sandbox_settings(
    base: Settings,
    emulator_url: str,
    database: Path,
    cast: tuple[Person, ...],
    page_url: str | None = None,
) -> Settings:
    """`base` pointed at the emulator and `database`, with the cast's coordinators added;
    the dashboard on, under the page's own address."""
    coordinators = {person.user_id for person in cast if person.role is Role.COORDINATOR}
    return base.model_copy(
        update={
            "telegram_bot_token": SecretStr(DEFAULT_TOKEN),
            "telegram_api_base_url": emulator_url,
            "database_url": f"sqlite:///{database}",
            "coordinator_ids": frozenset(base.coordinator_ids | coordinators),
            "webhook_url": None,
            "dashboard_url": f"{page_url}{DASHBOARD_PATH}" if page_url else None,
        }
    )


async def run_sandbox(
    base: Settings,
    options: SandboxOptions,
    *,
    stop: asyncio.Event,
    on_ready: Callable[[Sandbox], None] | None = None,
) -> None:
    """Run until `stop` is set (or the bot stops by itself, which raises its error)."""
    # One clock for the bot and the emulator (CLOCK_START may set where it starts): the
    # emulator dates messages by it, so chat times follow the jumps.
    clock = base.make_clock()
    emulator = BotApiEmulator(bot_username=BOT_USERNAME, clock=clock.timestamp)
    # Bound first, so the bot knows the dashboard's address (under the page's) as it starts.
    sock, url = _bind_page(options.host, options.port)
    with sock, tempfile.TemporaryDirectory(prefix="tandem-sandbox-") as scratch:
        database = options.database or Path(scratch) / "sandbox.sqlite3"
        await _continue_update_ids(emulator, database)
        await emulator.start("127.0.0.1", 0)
        bot_stop = asyncio.Event()
        page: web.AppRunner | None = None
        settings = sandbox_settings(base, emulator.api_base_url, database, options.cast, url)
        ready: asyncio.Future[Services] = asyncio.get_running_loop().create_future()
        bot = asyncio.create_task(
            serve(
                settings,
                stop=bot_stop,
                on_ready=ready.set_result,
                clock=clock,
                serve_dashboard=False,
            ),
            name="sandbox-bot",
        )
        try:
            services = await _until_ready(bot, ready)
            stage = _stage(emulator, services, options.cast, settings)
            page = await _serve_page(stage, services, sock)
            if options.appoint:
                await appoint_facilitators(stage, services)
            if on_ready is not None:
                on_ready(Sandbox(url, emulator, services, stage, settings))
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait({bot, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
        finally:
            bot_stop.set()
            # The bot finishes the updates in hand first, as on SIGTERM in production.
            await asyncio.wait({bot}, timeout=START_TIMEOUT)
            if not bot.done():
                bot.cancel()
                await asyncio.gather(bot, return_exceptions=True)
            if page is not None:
                await page.cleanup()
            await emulator.stop()
        if not bot.cancelled() and (failure := bot.exception()) is not None:
            raise failure


async def _continue_update_ids(emulator: BotApiEmulator, database: Path) -> None:
    """Number new updates after those a kept database already holds.

    The inbox takes an update_id it has seen as a replay and drops it; Telegram never
    reuses ids, but a fresh emulator would start again at 1.
    """
    try:
        # Read-only, so a database that is not there yet is not created here.
        async with (
            aiosqlite.connect(f"file:{database}?mode=ro", uri=True) as conn,
            conn.execute("SELECT MAX(update_id) FROM inbox") as cursor,
        ):
            row = await cursor.fetchone()
    except aiosqlite.OperationalError:
        return  # no file yet, or not migrated: nothing stored
    if row and row[0]:
        emulator.state.last_update_id = int(row[0])


async def _until_ready(bot: asyncio.Task[None], ready: asyncio.Future[Services]) -> Services:
    """The bot's services once it runs; its own error if it stopped first."""
    either: set[asyncio.Future[Any]] = {bot, ready}
    await asyncio.wait(either, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    if ready.done():
        return ready.result()
    if bot.done():
        bot.result()  # raises what stopped it (a bad project file, say)
    raise ConfigError(f"The sandbox bot did not start within {START_TIMEOUT:.0f} s.")


def _stage(
    emulator: BotApiEmulator,
    services: Services,
    cast: tuple[Person, ...],
    settings: Settings,
) -> Stage:
    for person in cast:
        # Their app's language: Tandem offers it at join when the project lists it.
        emulator.state.user(person.user_id, person.name, language_code=person.language)
    rehearsal = ScheduleRehearsal(services)
    username = emulator.state.bot_user["username"]
    projects = [
        {
            "id": project.id,
            "title": project.title,
            "invite_code": project.invite_code,
            "link": f"https://t.me/{username}?start={project.invite_code}",
        }
        for project in services.projects
    ]
    return Stage(emulator, ChatBook(emulator), cast, rehearsal, settings.timezone, projects)


def _bind_page(host: str, port: int) -> tuple[socket.socket, str]:
    """A listening socket for the page, and the page's address."""
    try:
        sock = socket.create_server((host, port), family=_family(host), reuse_port=False)
    except OSError as error:
        raise ConfigError(
            f"Cannot serve the sandbox page on {host}:{port} ({error.strerror or error})."
            " Is something else using that port? Try --port 8090."
        ) from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return sock, f"http://{shown}:{bound}"


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


async def _serve_page(stage: Stage, services: Services, sock: socket.socket) -> web.AppRunner:
    """The page and, under /dashboard, the staff dashboard, on the bound socket."""
    app = build_page_app(stage)
    mount_dashboard(app, services)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return runner


async def appoint_facilitators(stage: Stage, services: Services) -> None:
    """The coordinator sends /facilitator for each project; the facilitator opens the link.

    Both chats keep the exchange, so the page shows how appointment works.
    """
    emulator = stage.emulator
    coordinator = next((p for p in stage.cast if p.role is Role.COORDINATOR), None)
    facilitator = next((p for p in stage.cast if p.role is Role.FACILITATOR), None)
    if coordinator is None or facilitator is None:
        return
    for project in services.projects:
        try:
            link = await _reply(
                emulator,
                coordinator.user_id,
                partial(emulator.inject_command, coordinator.user_id, "facilitator", project.id),
                lambda text: "?start=" in text,
            )
            code = link.split("?start=", 1)[1].split()[0]
            await _reply(
                emulator,
                facilitator.user_id,
                partial(emulator.inject_command, facilitator.user_id, "start", code),
                lambda text: True,
            )
        except TimeoutError:
            log.warning("could not appoint %s for %s in the sandbox", facilitator.name, project.id)
    for person in (coordinator, facilitator):
        stage.book.mark_read(person.user_id)


async def _reply(
    emulator: BotApiEmulator,
    user_id: int,
    inject: Callable[[], object],
    wanted: Callable[[str], bool],
) -> str:
    """Inject, then wait for the bot's first reply text in that chat that is `wanted`."""
    before = len(emulator.sent_messages(user_id))
    inject()

    def found() -> list[str]:
        sent = emulator.sent_messages(user_id)[before:]
        return [text for m in sent if wanted(text := m.get("text") or "")]

    await emulator.wait_for(lambda _: bool(found()), timeout=APPOINT_TIMEOUT)
    return found()[0]
