"""Runs the bot: open the database, replay the inbox, fetch updates, shut down cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable

from telegram.error import InvalidToken

from bot.app import TandemApp, build_application, publish_commands
from bot.config import ConfigError, Settings
from bot.context import Services, TandemContext
from bot.dashboard import DashboardSite
from bot.handlers.polls_results import schedule_closings
from bot.inbox import InboxWorker, UpdatePoller
from bot.leadership import Leadership, run_duties
from bot.outbox import OutboxSender, start_sender
from bot.outbox_words import LateWords
from conversations.clock import Clock
from conversations.directory import ProjectDirectory
from conversations.projects import ProjectError, load_projects
from storage.database import Database
from storage.inbox import InboxRepository
from storage.projects import ProjectRow

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0


async def serve(
    settings: Settings,
    *,
    webhook: bool = False,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[Services], None] | None = None,
    clock: Clock | None = None,
    serve_dashboard: bool = True,
) -> None:
    """Run until ``stop`` is set or SIGINT/SIGTERM arrives; then drain what is in hand.

    ``on_ready`` receives the running services (tests and the sandbox drive the clock).
    ``clock`` is the one the bot runs on (the sandbox shares its own); else CLOCK_START's.
    ``serve_dashboard`` False: whoever called serves the dashboard (the sandbox, on its page).
    """
    if webhook:
        from bot.webhook import require_webhook_url

        require_webhook_url(settings)
    directory = load_directory(settings)
    stop = stop or _stop_on_signals()
    db = await Database.open(settings.database_target, clock or settings.make_clock())
    try:
        await _serve_with(
            db,
            settings,
            directory,
            webhook=webhook,
            stop=stop,
            on_ready=on_ready,
            own_dashboard=serve_dashboard and not webhook and bool(settings.dashboard_url),
        )
    finally:
        await db.close()


def load_directory(settings: Settings) -> ProjectDirectory:
    """Load and check every project file; a bad one stops start-up, naming file and reason."""
    folder = settings.projects_dir
    if not folder.is_dir():
        log.warning("PROJECTS_DIR %s does not exist: no projects to join yet", folder)
        return ProjectDirectory()
    try:
        projects = load_projects(folder)
    except ProjectError as exc:
        raise ConfigError(
            f"A project file has a problem, so Tandem did not start:\n{exc}\n"
            "Fix it (tandem validate PATH checks files) and start again."
        ) from None
    log.info("loaded %d project(s) from %s", len(projects), folder)
    return ProjectDirectory(projects)


async def _serve_with(
    db: Database,
    settings: Settings,
    directory: ProjectDirectory,
    *,
    webhook: bool,
    stop: asyncio.Event,
    on_ready: Callable[[Services], None] | None = None,
    own_dashboard: bool = False,
) -> None:
    services = Services.create(settings, db, directory)
    await services.project_rows.sync(
        [
            ProjectRow(p.id, p.title, p.invite_code, p.consent_version, str(settings.projects_dir))
            for p in directory
        ]
    )
    app = build_application(settings, services)
    try:
        await app.initialize()
    except InvalidToken:
        raise ConfigError(
            "Telegram did not accept TELEGRAM_BOT_TOKEN. Check it in .env against the token"
            " @BotFather gave you (send /token to @BotFather to see it again)."
        ) from None
    repo = InboxRepository(db)
    locks = db.chat_locks()
    worker = InboxWorker(app, repo, locks=locks)
    senders: list[OutboxSender] = []

    async def lead() -> None:
        """This process's duties as the leader (bot/leadership.py)."""
        senders.append(
            await start_sender(
                app.bot,
                services.outbox,
                settings.broadcast_rate,
                services.flood_gate,
                LateWords(services.catalogues, services.projects),
            )
        )
        jobs = await services.diary_scheduler.start(app.job_queue)
        log.info("diary: %d prompt schedule(s) registered", jobs)
        checkins = await services.checkin_scheduler.start(app.job_queue)
        log.info("check-ins: %d schedule(s) registered", checkins)
        await run_duties(app)

    leadership = Leadership(db.leader_lock(), lead, stop)
    # Polling mode has no web server of its own: the dashboard gets a small one.
    dashboard = DashboardSite(services) if own_dashboard else None
    try:
        await publish_commands(app, services.catalogues, settings.coordinator_ids)
        await app.start()
        services.wake_outbox = services.outbox.wake
        services.jobs = app.job_queue
        await services.checkin_scheduler.load()
        await worker.start()
        await repo.prune()
        await leadership.start()
        if not leadership.leading:
            log.info("another process leads (sends the outbox, runs the schedules)")
        _resync_every(app, services, leadership)
        if dashboard is not None:
            await dashboard.start()
        if on_ready is not None:
            on_ready(services)
        if webhook:
            from bot.webhook import WebhookReceiver

            receiver = WebhookReceiver(app, settings, repo, worker)
            await receiver.start()
            log.info("Tandem is running as @%s (webhook)", app.bot.username)
            await stop.wait()
            await receiver.stop()
        else:
            poller = UpdatePoller(app, repo, worker)
            intake = asyncio.create_task(poller.run(stop), name="update-poller")
            log.info("Tandem is running as @%s (polling)", app.bot.username)
            await intake
        log.info("stopping: finishing the updates in hand")
        await worker.drain(SHUTDOWN_GRACE_SECONDS)
    finally:
        if dashboard is not None:
            await dashboard.stop()
        await worker.stop()
        for sender in senders:
            await sender.stop()
        await leadership.stop()
        await locks.close()
        if app.running:
            await app.stop()
        await app.shutdown()


RESYNC_SECONDS = 60.0


def _resync_every(app: TandemApp, services: Services, leadership: Leadership) -> None:
    """Another process may have saved a check-in, a diary time or a poll: every process
    reads them again; the leader schedules them."""

    async def resync(context: TandemContext) -> None:
        await services.checkin_scheduler.resync()
        if leadership.leading:
            await services.diary_scheduler.resync()
            await schedule_closings(context)

    if app.job_queue is not None:
        app.job_queue.run_repeating(resync, RESYNC_SECONDS, first=RESYNC_SECONDS, name="resync")


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
