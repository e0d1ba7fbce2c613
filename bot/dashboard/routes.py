"""Every dashboard route in one table: the app is built from it, and the refusal tests walk
it, so a new page is refused to strangers, residents, other projects' facilitators and
expired sessions without anyone writing a new test."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dashboard.access import Handler
from bot.dashboard.answers import answers, code_answers, decide_theme
from bot.dashboard.codebook import codebook, create_code
from bot.dashboard.overview import overview, project_overview
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
    Route("GET", "/projects/{project}/answers", answers),
    Route("POST", "/projects/{project}/answers/code", code_answers),
    Route("POST", "/projects/{project}/answers/theme", decide_theme),
    Route("GET", "/projects/{project}/codebook", codebook),
    Route("POST", "/projects/{project}/codebook", create_code),
]
