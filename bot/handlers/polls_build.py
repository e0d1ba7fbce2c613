"""/newpoll: a facilitator builds a poll in chat, previews it, and only Send queues it."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update, User

from bot.broadcasts import send_broadcast
from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.handlers.builder import Asked, BuilderWords, ChatBuilder, Taken, Turned, audience
from bot.permissions import requires
from bot.replies import buttons
from bot.words import words_for
from conversations.focus import FocusKind
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.polls import texts
from conversations.polls.asking import preview, preview_buttons, prompt
from conversations.polls.draft import (
    Cohort,
    PollDraft,
    new_draft,
    press,
    take_text,
    version_draft,
)
from conversations.polls.model import MAX_QUESTION, Poll
from conversations.polls.targets import parse_target
from conversations.polls.timing import closes_at
from conversations.projects import Project
from conversations.texts_by_language import to_stored
from storage.polls import PollsRepository

PICK_LIMIT = 10


def poll_params(poll: Poll) -> dict[str, Any]:
    """The sendPoll parameters: a native poll whose answers name the voter.

    Question and options are stored texts (``to_stored``): every language's words, which the
    sender renders in each recipient's language (a one-language poll is its plain words).
    """
    return {
        "question": to_stored(poll.question),
        "options": [{"text": to_stored(option)} for option in poll.options],
        "is_anonymous": False,
        "allows_multiple_answers": poll.multiple,
    }


def poll_button_label(poll: Poll, words: Words) -> str:
    """A poll on a button: version and the start of its question (in the reader's language)."""
    key = "POLL_BUTTON" if poll.closed_at is None else "POLL_BUTTON_CLOSED"
    return words.say(key, version=poll.version, question=poll.question.in_(words.lang)[:44])


class PollBuilder(ChatBuilder[PollDraft]):
    """/newpoll, and /newpoll version to put an earlier poll again as its next version."""

    kind = "poll"
    focus_kind = FocusKind.POLL_BUILDER
    finish_action = "send"
    start_actions = frozenset({"proj", "ver", "idea"})
    words = BuilderWords(
        "POLL_NO_PROJECTS",
        "POLL_PICK_PROJECT",
        "POLL_DRAFT_GONE",
        "POLL_STALE_STEP",
        "POLL_CANCEL",
        "POLL_CANCELLED",
        "POLL_SEND",
    )

    def drafts(self, services: Services) -> PollsRepository:
        """Polls keep their drafts."""
        return services.polls

    def new_draft(self, project: Project) -> PollDraft:
        """A fresh poll, asking for the question (then its other languages, if any)."""
        return new_draft(project.id, project.languages)

    def prompt(
        self, draft: PollDraft, project: Project, cohorts: list[Cohort], words: Words
    ) -> tuple[PollDraft, Asked]:
        """What to ask at the poll's step."""
        return prompt(draft, words, cohorts)

    def take_text(self, draft: PollDraft, text: str, words: Words) -> Taken[PollDraft]:
        """The question or the options, typed."""
        turn = take_text(draft, text, words)
        return Taken(turn.draft, turn.problem, turn.note)

    def press(self, draft: PollDraft, action: str, arg: str, words: Words) -> Turned[PollDraft]:
        """A button of a step."""
        return press(draft, action, arg, words)

    def moved(self, before: PollDraft, after: PollDraft) -> bool:
        """Another step, or the next language's part while translating."""
        return (before.step, before.lang, before.part) != (after.step, after.lang, after.part)

    def preview_buttons(self, draft: PollDraft, words: Words) -> tuple[tuple[str, str, str], ...]:
        """Add a language still missing."""
        return preview_buttons(draft, words)

    async def preview(
        self, context: TandemContext, chat_id: int, user: User, project: Project, draft: PollDraft
    ) -> str:
        """The whole poll as it will go out, and the languages it is not yet in."""
        words = await words_for(context, user)
        return preview(draft, words, *await audience(context, project, draft.target, words))

    async def finish(
        self, context: TandemContext, chat_id: int, user: User, draft: PollDraft
    ) -> None:
        """Send: store the poll and queue it."""
        await send_draft(context, chat_id, user, draft)

    async def on_command(
        self, context: TandemContext, message: Message, project_ids: list[str]
    ) -> bool:
        """/newpoll version: pick the earlier poll to make a new version of."""
        if (context.args or [""])[0].lower() != "version":
            return False
        words = await words_for(context, message.from_user or message.chat_id)
        earlier = await context.services.polls.for_projects(project_ids, PICK_LIMIT)
        if not earlier:
            await message.reply_text(words.say("POLL_NO_POLLS"))
            return True
        rows = [(poll_button_label(p, words), encode("poll", "ver", p.id)) for p in earlier]
        await message.reply_text(words.say("POLL_PICK_EARLIER"), reply_markup=buttons(rows))
        return True

    async def start_draft(
        self, context: TandemContext, action: str, arg: str, project_ids: list[str]
    ) -> PollDraft | None:
        """A project picked, an earlier poll to put again as its next version, or a
        shortlisted idea of the ideas farm to make a prototype poll of."""
        if action == "idea":
            return await idea_draft(context, arg, project_ids)
        if action != "ver":
            return await super().start_draft(context, action, arg, project_ids)
        polls = context.services.polls
        earlier = await polls.get(int(arg)) if arg.isdigit() else None
        if earlier is None or earlier.project_id not in project_ids:
            return None
        version = max(p.version for p in await polls.family(earlier.id)) + 1
        project = context.services.projects.get(earlier.project_id)
        languages = project.languages if project is not None else ()
        return version_draft(
            earlier.project_id, earlier.spec, earlier.target, earlier.id, version, languages
        )


async def idea_draft(context: TandemContext, arg: str, project_ids: list[str]) -> PollDraft | None:
    """A new poll whose question is drafted from a shared idea (kept or rewritten next)."""
    idea = await context.services.farm.idea(int(arg)) if arg.isdigit() else None
    project = context.services.projects.get(idea.project_id) if idea else None
    if idea is None or project is None or project.id not in project_ids or idea.kind != "text":
        return None
    question = " ".join(idea.value.split())[:MAX_QUESTION]
    draft = new_draft(project.id, project.languages)
    return draft.model_copy(update={"question": question, "idea_id": idea.id})


BUILDER = PollBuilder()
on_typed = BUILDER.on_typed
on_button = BUILDER.on_button


@requires(Role.FACILITATOR, "newpoll")
async def newpoll(update: Update, context: TandemContext) -> None:
    """/newpoll builds a poll; /newpoll version makes a new version of an earlier one."""
    await BUILDER.command(update, context)


async def send_draft(context: TandemContext, chat_id: int, user: User, draft: PollDraft) -> None:
    """Store the poll, queue it for its cohort, and show the progress as it goes out."""
    from bot.handlers.polls_results import schedule_closing

    services = context.services
    project = services.projects.get(draft.project_id)
    assert project is not None
    words = await words_for(context, user)
    target = parse_target(draft.target)
    broadcast_id = await services.outbox.repo.create_broadcast(
        "poll", project_id=project.id, created_by=user.id, progress_chat_id=chat_id
    )
    poll = await services.polls.create(
        project.id,
        draft.spec(),
        str(target),
        created_by=user.id,
        broadcast_id=broadcast_id,
        closes_at=closes_at(services.clock.timestamp(), draft.closes_in_hours),
        parent_id=draft.parent_id,
        version=draft.version,
        drop_draft_of=user.id,
    )
    if draft.idea_id is not None:
        await services.farm.poll_made(draft.idea_id, poll.id)
    plan = await send_broadcast(
        services,
        context.bot,
        context.job_queue,
        broadcast_id=broadcast_id,
        project=project,
        target=target,
        kind="poll",
        method="sendPoll",
        params=poll_params(poll),
        dedupe=f"poll:{poll.id}",
        progress_chat_id=chat_id,
        intro=texts.NEW_VERSION.format(version=poll.version) if poll.version > 1 else None,
        words=words,
    )
    if plan.total == 0:
        await context.bot.send_message(chat_id, words.say("POLL_NOBODY_TO_SEND"))
    schedule_closing(context.job_queue, poll, services.clock)
