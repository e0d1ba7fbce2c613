"""Something a facilitator builds in chat, step by step (a poll, a check-in): the flow both share.

Pick the project, answer each step by message or button, look at the preview, then the
finishing button (Send, Save) or Cancel. Each kind says only what differs: its words, its
draft's steps and preview, and what finishing does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, Protocol, TypeVar

from telegram import CallbackQuery, Message, Update, User

from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.handlers.asking import staff_projects
from bot.handlers.cohorts import cohorts_of, target_label
from bot.handlers.focus import answered, ask, nothing_open
from bot.handlers.turns import pressed_message
from bot.replies import buttons, close_buttons
from bot.words import words_for
from conversations.dialogue.engine import Event, TextAnswer
from conversations.focus import Focus, FocusKind
from conversations.i18n.words import Words
from conversations.polls.draft import Cohort
from conversations.polls.targets import parse_target
from conversations.projects import Project

MAX_TARGET_BUTTONS = 20
# Step values every kind of draft shares: the cohort question and the last look.
TARGET, PREVIEW = "target", "preview"


class Draft(Protocol):
    """What the shared flow reads of a draft."""

    @property
    def project_id(self) -> str: ...

    @property
    def step(self) -> str: ...


D = TypeVar("D", bound=Draft)
D_co = TypeVar("D_co", bound=Draft, covariant=True)


class Drafts(Protocol[D]):
    """Where one kind's drafts are kept between messages (a repository over DraftStore)."""

    async def is_drafting(self, telegram_id: int) -> bool: ...
    async def draft(self, telegram_id: int) -> D | None: ...
    async def save_draft(self, telegram_id: int, draft: D) -> None: ...
    async def drop_draft(self, telegram_id: int) -> None: ...


class Asked(Protocol):
    """What to say at a step: text and buttons (label, action, argument)."""

    @property
    def text(self) -> str: ...

    @property
    def buttons(self) -> tuple[tuple[str, str, str], ...]: ...


class Turned(Protocol[D_co]):
    """The draft after a button, or the problem to say instead of moving on."""

    @property
    def draft(self) -> D_co: ...

    @property
    def problem(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Taken(Generic[D]):
    """The draft after a message, a problem to say instead, and a note to say as well."""

    draft: D
    problem: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BuilderWords:
    """The message keys of one kind's flow (rendered in the builder's language)."""

    no_projects: str
    pick_project: str
    draft_gone: str
    stale_step: str
    cancel: str
    cancelled: str
    finish: str  # the last button's label: Send, Save


class ChatBuilder(ABC, Generic[D]):
    """One kind of thing built in chat; its buttons are ``<kind>:<action>:<argument>``."""

    kind: ClassVar[str]
    finish_action: ClassVar[str]  # the last button's action: "send", "save"
    words: ClassVar[BuilderWords]
    focus_kind: ClassVar[FocusKind]  # while building, the person's typed messages come here
    start_actions: ClassVar[frozenset[str]] = frozenset({"proj"})  # buttons that start a draft

    @abstractmethod
    def drafts(self, services: Services) -> Drafts[D]:
        """The repository keeping this kind's drafts."""

    @abstractmethod
    def new_draft(self, project: Project) -> D:
        """A fresh draft for a project, at the first step."""

    @abstractmethod
    def prompt(
        self, draft: D, project: Project, cohorts: list[Cohort], words: Words
    ) -> tuple[D, Asked]:
        """What to ask at the draft's step (the target step records the cohorts offered)."""

    @abstractmethod
    def take_text(self, draft: D, text: str, words: Words) -> Taken[D]:
        """A message from the facilitator while building."""

    @abstractmethod
    def press(self, draft: D, action: str, arg: str, words: Words) -> Turned[D]:
        """A button of a step."""

    @abstractmethod
    async def preview(
        self, context: TandemContext, chat_id: int, user: User, project: Project, draft: D
    ) -> str | None:
        """The last look before finishing; None when the draft was sent back a step instead."""

    def moved(self, before: D, after: D) -> bool:
        """Whether a typed message took the draft to another question (then it is asked)."""
        return before.step != after.step

    def preview_buttons(self, draft: D, words: Words) -> tuple[tuple[str, str, str], ...]:
        """Buttons under the preview besides the finishing one and Cancel."""
        return ()

    @abstractmethod
    async def finish(self, context: TandemContext, chat_id: int, user: User, draft: D) -> None:
        """The finishing button: send or save what was built."""

    async def on_command(
        self, context: TandemContext, message: Message, project_ids: list[str]
    ) -> bool:
        """The command's own arguments, if the kind takes any; True when they were handled."""
        return False

    async def start_draft(
        self, context: TandemContext, action: str, arg: str, project_ids: list[str]
    ) -> D | None:
        """A new draft from a starting button ("proj"), or None when it is stale."""
        project = context.services.projects.get(arg) if arg in project_ids else None
        return self.new_draft(project) if project is not None else None

    async def command(self, update: Update, context: TandemContext) -> None:
        """The command that starts building: pick the project when there are several."""
        message = update.effective_message
        user = update.effective_user
        assert message is not None and user is not None
        project_ids = await staff_projects(context, user.id)
        words = await words_for(context, user)
        if not project_ids:
            await message.reply_text(words.say(self.words.no_projects))
            return
        if await self.on_command(context, message, project_ids):
            return
        if len(project_ids) > 1:
            rows = []
            for project_id in project_ids:
                project = context.services.projects.get(project_id)
                title = project.title if project else project_id
                rows.append((title, encode(self.kind, "proj", project_id)))
            await message.reply_text(words.say(self.words.pick_project), reply_markup=buttons(rows))
            return
        project = context.services.projects.get(project_ids[0])
        if project is not None:
            await self.show_step(context, message.chat_id, user, self.new_draft(project))

    async def project_of(
        self, context: TandemContext, chat_id: int, user: User, draft: D
    ) -> Project | None:
        """The draft's project; when it is gone, so is the draft, and the person is told."""
        project = context.services.projects.get(draft.project_id)
        if project is None:
            await self.drafts(context.services).drop_draft(user.id)
            await answered(context, chat_id, self.focus_kind)
            words = await words_for(context, user)
            await context.bot.send_message(chat_id, words.say(self.words.draft_gone))
        return project

    async def show_step(
        self, context: TandemContext, chat_id: int, user: User, draft: D, note: str = ""
    ) -> None:
        """Store the draft and ask for its current step (the preview at the end)."""
        project = await self.project_of(context, chat_id, user, draft)
        if project is None:
            return
        words = await words_for(context, user)
        cohorts = await cohorts_of(context, project, words) if draft.step == TARGET else []
        draft, asked = self.prompt(draft, project, cohorts[:MAX_TARGET_BUTTONS], words)
        await self.drafts(context.services).save_draft(user.id, draft)
        await ask(context, chat_id, Focus(self.focus_kind, draft.project_id))
        lead = f"{note}\n\n" if note else ""
        cancel = (words.say(self.words.cancel), encode(self.kind, "cancel", "1"))
        if draft.step == PREVIEW:
            text = await self.preview(context, chat_id, user, project, draft)
            if text is None:
                return
            rows = [
                (words.say(self.words.finish), encode(self.kind, self.finish_action, "1")),
                *(
                    (label, encode(self.kind, action, arg))
                    for label, action, arg in self.preview_buttons(draft, words)
                ),
                cancel,
            ]
            await context.bot.send_message(chat_id, lead + text, reply_markup=buttons(rows))
            return
        rows = [(label, encode(self.kind, action, arg)) for label, action, arg in asked.buttons]
        rows.append(cancel)
        await context.bot.send_message(chat_id, lead + asked.text, reply_markup=buttons(rows))

    async def on_typed(
        self, update: Update, context: TandemContext, focus: Focus, event: Event
    ) -> None:
        """A message while building is for the draft (routed by bot/handlers/typed.py)."""
        user = update.effective_user
        message = update.effective_message
        if user is None or message is None:
            return
        drafts = self.drafts(context.services)
        draft = await drafts.draft(user.id) if await drafts.is_drafting(user.id) else None
        if draft is None:  # expired or finished elsewhere: nothing is being built any more
            await context.services.focus.done(user.id, self.focus_kind)
            await nothing_open(update, context, event)
            return
        words = await words_for(context, user)
        if not isinstance(event, TextAnswer):
            await message.reply_text(words.say("BUILDER_TEXT_ONLY"))
            return
        turn = self.take_text(draft, event.text, words)
        if turn.problem:
            await message.reply_text(turn.problem)
        elif not self.moved(draft, turn.draft):
            await drafts.save_draft(user.id, turn.draft)
            if turn.note:
                await message.reply_text(turn.note)
        else:
            if turn.note:
                await message.reply_text(turn.note)
            await self.show_step(context, message.chat_id, user, turn.draft)

    async def on_button(
        self, update: Update, context: TandemContext, action: str, arg: str
    ) -> None:
        """The flow's buttons: a start, each step, the finishing one and Cancel."""
        query = update.callback_query
        user = update.effective_user
        assert query is not None and user is not None
        chat_id = update.effective_chat.id if update.effective_chat else user.id
        message = pressed_message(query)
        project_ids = await staff_projects(context, user.id)
        words = await words_for(context, user)
        if action in self.start_actions:
            started = await self.start_draft(context, action, arg, project_ids)
            if started is None:
                await query.answer(words.say(self.words.stale_step))
                return
            await query.answer()
            await close_buttons(message, pressed_label(query))
            await self.show_step(context, chat_id, user, started)
            return
        drafts = self.drafts(context.services)
        draft = await drafts.draft(user.id)
        if draft is None or draft.project_id not in project_ids:
            await query.answer(words.say(self.words.draft_gone))
            await close_buttons(message)
            return
        if action == "cancel":
            await drafts.drop_draft(user.id)
            await query.answer()
            await close_buttons(message, words.say(self.words.cancel))
            await context.bot.send_message(chat_id, words.say(self.words.cancelled))
            await answered(context, chat_id, self.focus_kind)
            return
        if action == self.finish_action:
            if draft.step != PREVIEW:
                await query.answer(words.say(self.words.stale_step))
                return
            await query.answer()
            await close_buttons(message, words.say(self.words.finish))
            await self.finish(context, chat_id, user, draft)
            await answered(context, chat_id, self.focus_kind)
            return
        turn = self.press(draft, action, arg, words)
        if turn.problem:
            await query.answer(turn.problem)
            return
        await query.answer()
        await close_buttons(message, pressed_label(query))
        await self.show_step(context, chat_id, user, turn.draft)


async def audience(
    context: TandemContext, project: Project, target: str, words: Words
) -> tuple[str, int]:
    """Who a draft's target reaches, in words, and how many people that is now."""
    parsed = parse_target(target)
    size = await context.services.cohorts.size(project.id, parsed)
    return target_label(project, parsed, words), size


def pressed_label(query: CallbackQuery) -> str | None:
    """The text of the button that was pressed, to note it on the message."""
    markup = getattr(query.message, "reply_markup", None)
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return str(button.text)
    return None
