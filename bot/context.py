"""The typed handler context: every handler reaches Tandem's services through it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.checkin_scheduler import CheckInScheduler
from bot.config import Settings
from bot.diary_scheduler import DiaryScheduler
from bot.outbox import Outbox
from bot.send_limits import FloodGate
from conversations.clock import Clock
from conversations.directory import ProjectDirectory
from conversations.i18n import Catalogues
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.checkins import CheckInsRepository
from storage.cohorts import CohortsRepository
from storage.dashboard import DashboardRepository
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.diary import DiaryRepository
from storage.export_jobs import ExportJobsRepository
from storage.focus import FocusRepository
from storage.idea_farm import IdeaFarm
from storage.ideas import IdeasRepository
from storage.offers import OffersRepository
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.polls import PollsRepository
from storage.projects import ProjectsRepository
from storage.updates import UpdatesRepository

SERVICES_KEY = "tandem.services"


@dataclass
class Services:
    """What handlers need: settings, the loaded projects and the repositories."""

    settings: Settings
    db: Database
    projects: ProjectDirectory
    people: PeopleRepository
    dialogues: DialogueRepository
    ideas: IdeasRepository
    project_rows: ProjectsRepository
    diary: DiaryRepository
    outbox: Outbox
    diary_scheduler: DiaryScheduler = field(init=False)
    polls: PollsRepository = field(init=False)
    cohorts: CohortsRepository = field(init=False)
    updates: UpdatesRepository = field(init=False)
    checkins: CheckInsRepository = field(init=False)
    checkin_defs: CheckInDefinitionsRepository = field(init=False)
    checkin_scheduler: CheckInScheduler = field(init=False)
    export_jobs: ExportJobsRepository = field(init=False)
    focus: FocusRepository = field(init=False)
    farm: IdeaFarm = field(init=False)
    offers: OffersRepository = field(init=False)
    dashboard: DashboardRepository = field(init=False)
    # Telegram's limits, shared by the outbox sender and replies (one 429 pauses both).
    flood_gate: FloodGate = field(init=False)
    # Called whenever rows were queued straight into the outbox (the sender wakes up).
    wake_outbox: Callable[[], None] = lambda: None
    # The running application's JobQueue (the sandbox runs due jobs when it moves the clock).
    jobs: JobQueue[Any] | None = None
    # Tandem's built-in words in every shipped language, read once at start (bot/words.py).
    catalogues: Catalogues = field(default_factory=Catalogues.load)

    @property
    def clock(self) -> Clock:
        """The one clock (the database's): handlers, schedules and stamps all read it."""
        return self.db.clock

    def __post_init__(self) -> None:
        self.diary_scheduler = DiaryScheduler(
            self.diary, self.projects, lambda: self.wake_outbox(), self.clock
        )
        self.polls = PollsRepository(self.db)
        self.cohorts = CohortsRepository(self.db)
        self.updates = UpdatesRepository(self.db)
        self.checkins = CheckInsRepository(self.db)
        self.checkin_defs = CheckInDefinitionsRepository(self.db)
        self.checkin_scheduler = CheckInScheduler(
            self.checkins,
            self.projects,
            lambda: self.wake_outbox(),
            self.clock,
            saved=self.checkin_defs,
        )
        self.export_jobs = ExportJobsRepository(self.db)
        self.focus = FocusRepository(self.db)
        self.farm = IdeaFarm(self.db)
        self.offers = OffersRepository(self.db)
        self.dashboard = DashboardRepository(self.db)
        self.flood_gate = FloodGate()

    @classmethod
    def create(cls, settings: Settings, db: Database, projects: ProjectDirectory) -> Services:
        """Services over one database."""
        return cls(
            settings,
            db,
            projects,
            PeopleRepository(db),
            DialogueRepository(db),
            IdeasRepository(db),
            ProjectsRepository(db),
            DiaryRepository(db),
            Outbox(OutboxRepository(db)),
        )


class TandemContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with ``services``."""

    @property
    def services(self) -> Services:
        """Tandem's services for this application."""
        return cast(Services, self.application.bot_data[SERVICES_KEY])


CONTEXT_TYPES = ContextTypes(context=TandemContext)


def attach_services(app: Application[Any, Any, Any, Any, Any, Any], services: Services) -> None:
    """Make the services reachable from every handler's context."""
    app.bot_data[SERVICES_KEY] = services
