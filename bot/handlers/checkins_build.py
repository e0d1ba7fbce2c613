"""/newcheckin: a facilitator builds a recurring check-in in chat; Save schedules it at once."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from telegram import Update, User
from telegram.ext import Application, CommandHandler

from bot.context import Services, TandemContext
from bot.handlers.builder import Asked, BuilderWords, ChatBuilder, Taken, Turned, audience
from bot.permissions import requires
from bot.words import words_for
from conversations.checkins.asking import preview, preview_buttons, prompt, when_words
from conversations.checkins.draft import (
    CheckInDraft,
    Step,
    back_to,
    new_draft,
    press,
    problems,
    take_text,
)
from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import day_words
from conversations.diary_schedule import is_quiet
from conversations.focus import FocusKind
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.polls.draft import Cohort
from conversations.projects import Project
from storage.checkin_defs import CheckInDefinitionsRepository


class CheckInBuilder(ChatBuilder[CheckInDraft]):
    """/newcheckin: title, day, time, how often, who, then up to five questions."""

    kind = "ckb"
    focus_kind = FocusKind.CHECKIN_BUILDER
    finish_action = "save"
    words = BuilderWords(
        "CHECKIN_NO_PROJECTS",
        "CHECKIN_PICK_PROJECT",
        "CHECKIN_DRAFT_GONE",
        "CHECKIN_STALE_STEP",
        "CHECKIN_CANCEL",
        "CHECKIN_CANCELLED",
        "CHECKIN_SAVE",
    )

    def drafts(self, services: Services) -> CheckInDefinitionsRepository:
        """Check-in definitions keep their drafts."""
        return services.checkin_defs

    def new_draft(self, project: Project) -> CheckInDraft:
        """A fresh check-in, asking for the title (then its other languages, if any)."""
        return new_draft(project.id, project.languages)

    def prompt(
        self, draft: CheckInDraft, project: Project, cohorts: list[Cohort], words: Words
    ) -> tuple[CheckInDraft, Asked]:
        """What to ask at the check-in's step (times outside the project's quiet hours)."""
        return prompt(draft, project.quiet_window(), words, cohorts)

    def take_text(self, draft: CheckInDraft, text: str, words: Words) -> Taken[CheckInDraft]:
        """The title or a question, typed."""
        turn = take_text(draft, text, words)
        return Taken(turn.draft, turn.problem)

    def press(
        self, draft: CheckInDraft, action: str, arg: str, words: Words
    ) -> Turned[CheckInDraft]:
        """A button of a step."""
        return press(draft, action, arg, words)

    def moved(self, before: CheckInDraft, after: CheckInDraft) -> bool:
        """Another step, or the next language's part while translating."""
        return (before.step, before.lang, before.part) != (after.step, after.lang, after.part)

    def preview_buttons(
        self, draft: CheckInDraft, words: Words
    ) -> tuple[tuple[str, str, str], ...]:
        """Add a language still missing."""
        return preview_buttons(draft, words)

    async def preview(
        self,
        context: TandemContext,
        chat_id: int,
        user: User,
        project: Project,
        draft: CheckInDraft,
    ) -> str | None:
        """The check-in as it will be saved, or back to the step the model rejects."""
        definition = await self.definition(context, chat_id, user, draft, "c0")
        if definition is None:
            return None
        words = await words_for(context, user)
        size = await audience(context, project, definition.target, words)
        return preview(definition, draft, words, when_words(draft, words), *size)

    async def definition(
        self,
        context: TandemContext,
        chat_id: int,
        user: User,
        draft: CheckInDraft,
        checkin_id: str,
    ) -> CheckInDefinition | None:
        """The draft as a definition; if the model rejects it, back to the step at fault."""
        try:
            return draft.definition(checkin_id)
        except ValidationError as error:
            words = await words_for(context, user)
            problem = words.say("CHECKIN_NOT_VALID", problems=problems(error.errors(), words))
            await self.show_step(context, chat_id, user, back_to(draft, error), problem)
            return None

    async def finish(
        self, context: TandemContext, chat_id: int, user: User, draft: CheckInDraft
    ) -> None:
        """Save: validate the draft as a definition, store it and schedule it at once."""
        from bot.checkin_scheduler import next_firings

        services = context.services
        scheduler = services.checkin_scheduler
        project = await self.project_of(context, chat_id, user, draft)
        if project is None:
            return
        taken = {c.id for c in scheduler.checkins_of(project)}
        checkin_id = await services.checkin_defs.next_id(project.id, taken)
        definition = await self.definition(context, chat_id, user, draft, checkin_id)
        if definition is None:
            return
        if is_quiet(definition.at, project.quiet_window()):
            retry = draft.model_copy(update={"step": Step.TIME})
            words = await words_for(context, user)
            await self.show_step(context, chat_id, user, retry, words.say("CHECKIN_NO_TIMES"))
            return
        await services.checkin_defs.save(project.id, definition, user.id)
        scheduler.add(project, definition, context.job_queue)
        upcoming = next_firings(definition, project.timezone, scheduler.now(), 1)
        words = await words_for(context, user)
        when = day_words(upcoming[0].date(), words.lang) if upcoming else "–"
        saved = words.say("CHECKIN_SAVED", id=definition.id, next=when)
        await context.bot.send_message(chat_id, saved)


BUILDER = CheckInBuilder()
on_typed = BUILDER.on_typed
on_button = BUILDER.on_button


@requires(Role.FACILITATOR, "newcheckin")
async def newcheckin(update: Update, context: TandemContext) -> None:
    """/newcheckin: build a check-in step by step."""
    await BUILDER.command(update, context)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /newcheckin and the draft's message handler."""
    app.add_handler(CommandHandler("newcheckin", newcheckin))
