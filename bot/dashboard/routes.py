"""Every dashboard route in one table: the app is built from it, and the refusal tests walk
it, so a new page is refused to strangers, residents, other projects' facilitators and
expired sessions without anyone writing a new test."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dashboard.access import Handler
from bot.dashboard.answers import answers, code_answers, decide_theme
from bot.dashboard.checkins import checkin_chart, checkins_page
from bot.dashboard.codebook import codebook, create_code
from bot.dashboard.compose import compose, compose_preview, compose_send, update_progress
from bot.dashboard.diary import diary_page, remind_diarists
from bot.dashboard.exports_page import export_file, export_job, export_start, exports_page
from bot.dashboard.ideas import ideas_page, moderate_idea, shortlist_idea
from bot.dashboard.overview import overview, project_overview
from bot.dashboard.polls import poll_chart, polls_page
from bot.dashboard.signin import sign_in, sign_out, signed_out


@dataclass(frozen=True)
class Route:
    """One page or form: its method, its path under the dashboard's base, its handler."""

    method: str
    path: str  # "{project}" in a path makes it a project's page (only for its staff)
    handler: Handler
    public: bool = False  # the sign-in link and the signed-out page: anyone may open them

    @property
    def about_a_project(self) -> bool:
        """Whether the path names a project."""
        return "{project}" in self.path


ROUTES: list[Route] = [
    Route("GET", "/signin", sign_in, public=True),
    Route("GET", "/signed-out", signed_out, public=True),
    Route("GET", "/", overview),
    Route("GET", "/projects/{project}", project_overview),
    Route("POST", "/signout", sign_out),
    Route("GET", "/projects/{project}/diary", diary_page),
    Route("POST", "/projects/{project}/diary/remind", remind_diarists),
    Route("GET", "/projects/{project}/polls", polls_page),
    Route("GET", "/projects/{project}/polls/{poll}/chart.png", poll_chart),
    Route("GET", "/projects/{project}/checkins", checkins_page),
    Route("GET", "/projects/{project}/checkins/{checkin}/chart.png", checkin_chart),
    Route("GET", "/projects/{project}/ideas", ideas_page),
    Route("POST", "/projects/{project}/ideas/{idea}/moderate", moderate_idea),
    Route("POST", "/projects/{project}/ideas/{idea}/shortlist", shortlist_idea),
    Route("GET", "/projects/{project}/compose", compose),
    Route("POST", "/projects/{project}/compose/preview", compose_preview),
    Route("POST", "/projects/{project}/compose/send", compose_send),
    Route("GET", "/projects/{project}/updates/{update}", update_progress),
    Route("GET", "/projects/{project}/exports", exports_page),
    Route("POST", "/projects/{project}/exports", export_start),
    Route("GET", "/projects/{project}/exports/{job}", export_job),
    Route("GET", "/projects/{project}/exports/{job}/file", export_file),
    Route("GET", "/projects/{project}/answers", answers),
    Route("POST", "/projects/{project}/answers/code", code_answers),
    Route("POST", "/projects/{project}/answers/theme", decide_theme),
    Route("GET", "/projects/{project}/codebook", codebook),
    Route("POST", "/projects/{project}/codebook", create_code),
]
