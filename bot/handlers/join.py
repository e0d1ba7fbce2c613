"""/start, /join, and consent: purpose first, nothing stored before "yes"."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers import dialogue, language
from bot.handlers.focus import answered, ask
from bot.replies import buttons, close_buttons
from conversations import catalogue
from conversations.dialogue.engine import Event, Skip
from conversations.diary_schedule import local_now
from conversations.focus import Focus, FocusKind
from conversations.languages import from_telegram, spoken
from conversations.mydata import QUOTE_ANSWERS
from conversations.participation import Participant
from conversations.projects import Project

STAFF_PREFIX = "staff_"


async def start(update: Update, context: TandemContext) -> None:
    """/start, or /start CODE from an invite link."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    if context.args:
        code = context.args[0]
        if code.startswith(STAFF_PREFIX):
            from bot.handlers.staff import redeem

            await redeem(update, context, code.removeprefix(STAFF_PREFIX))
            return
        await offer(update, context, code)
        return
    found = await dialogue.current(update, context)
    if found is None:
        await message.reply_text(catalogue.WELCOME)
        return
    participant, project, _ = found
    await message.reply_text(catalogue.WELCOME_BACK.format(title=project.title))
    await dialogue.resume(context, message.chat_id, participant, project)


async def join(update: Update, context: TandemContext) -> None:
    """/join CODE, for people who were given a code rather than a link."""
    if update.effective_message is None:
        return
    if not context.args:
        await update.effective_message.reply_text(catalogue.JOIN_NEEDS_CODE)
        return
    await offer(update, context, context.args[0])


async def offer(update: Update, context: TandemContext, code: str) -> None:
    """Introduce the project in plain words and ask for consent (stores nothing)."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    project = services.projects.by_invite_code(code)
    if project is None:
        await message.reply_text(catalogue.UNKNOWN_CODE.format(code=code[:64]))
        return
    if not project.is_open(local_now(services.clock.now(), project.timezone).date()):
        await message.reply_text(catalogue.PROJECT_CLOSED.format(title=project.title))
        return
    participant = await services.people.participant(user.id, project.id)
    if (
        participant
        and participant.active
        and participant.consent_version >= project.consent_version
    ):
        await services.people.set_current(user.id, project.id)
        await message.reply_text(catalogue.ALREADY_IN.format(title=project.title))
        progress = await services.dialogues.progress(participant.id)
        if progress is None:
            await ask_quote(context, message.chat_id, project)
        else:
            await dialogue.resume(context, message.chat_id, participant, project)
        return
    if participant and participant.active:
        await message.reply_text(catalogue.CONSENT_RENEW.format(title=project.title))
    else:
        # The funnel's first step: a bare count, nothing about who opened the invite.
        await services.project_rows.note_invite_opened(project.id)
    # Before consent nothing is stored: Telegram's language if the project has it.
    known = participant.language if participant else None
    lang = spoken(known, project.languages) if known else None
    await message.reply_text(
        project.introduction(lang or from_telegram(user.language_code, project.languages))
    )
    await message.reply_text(catalogue.CONSENT_QUESTION, reply_markup=consent_buttons(project))


def consent_buttons(project: Project) -> Any:
    """Agree / tell me more / not now, tied to this version of the project's terms."""

    def data(answer: str) -> str:
        return encode("consent", project.id, project.consent_version, answer)

    return buttons(
        [
            (catalogue.CONSENT_YES, data("yes")),
            (catalogue.CONSENT_MORE, data("more")),
            (catalogue.CONSENT_LATER, data("no")),
        ]
    )


async def on_consent(
    update: Update, context: TandemContext, project_id: str, version: str, answer: str
) -> None:
    """The consent buttons."""
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    project = services.projects.get(project_id)
    if (
        project is None
        or version != str(project.consent_version)
        or answer not in {"yes", "more", "no"}
    ):
        await query.answer(catalogue.STALE_BUTTON)
        return
    chat_id = dialogue.participant_chat(update)
    if answer == "yes" and await _already_agreed(context, user.id, project):
        # A second tap on "Yes" (or on an older copy of the question): nothing new to do.
        await query.answer(catalogue.ALREADY_AGREED)
        await close_buttons(query_message(query))
        return
    await query.answer()
    if answer == "more":
        # Only one live copy of the question: the one sent with the longer explanation.
        await close_buttons(query_message(query), catalogue.CONSENT_MORE)
        text = catalogue.CONSENT_MORE_TEXT.format(
            pseudonym="P-7F3K", cap=project.max_messages_per_week, quiet=project.quiet_hours
        )
        await context.bot.send_message(chat_id, text, reply_markup=consent_buttons(project))
        return
    if answer == "no":
        await close_buttons(query_message(query), catalogue.CONSENT_LATER)
        await context.bot.send_message(chat_id, catalogue.CONSENT_DECLINED)
        return
    participant = await services.people.consent(
        user.id,
        user.first_name,
        project.id,
        project.consent_version,
        project.invite_code,
        from_telegram(user.language_code, project.languages),
    )
    await close_buttons(query_message(query), catalogue.CONSENT_YES)
    await language.welcome(context, chat_id, participant, project)
    if await services.dialogues.progress(participant.id) is None:
        await ask_quote(context, chat_id, project)
    else:
        # Back after leaving (or new terms): pick up the conversation where it was.
        await dialogue.resume(context, chat_id, participant, project)


async def _already_agreed(context: TandemContext, telegram_id: int, project: Project) -> bool:
    """Consented to these terms, and already asked the next thing (quoting, or the dialogue)."""
    services = context.services
    participant = await services.people.participant(telegram_id, project.id)
    if (
        participant is None
        or not participant.active
        or participant.consent_version < project.consent_version
    ):
        return False
    focus = await services.focus.get(telegram_id)
    asked_next = focus is not None and focus.project_id == project.id
    return asked_next or await services.dialogues.progress(participant.id) is not None


QUOTE_LABELS = {
    "anon": catalogue.QUOTE_YES,
    "name": catalogue.QUOTE_NAMED,
    "no": catalogue.QUOTE_NO,
}


def quote_buttons(kind: str, project_id: str) -> Any:
    """The three answers about quoting: without my name, with my first name, not at all."""
    return buttons([(label, encode(kind, project_id, a)) for a, label in QUOTE_LABELS.items()])


QUOTE_NOTED = {
    "anon": catalogue.QUOTE_NOTED_YES,
    "name": catalogue.QUOTE_NOTED_NAMED,
    "no": catalogue.QUOTE_NOTED_NO,
}


async def ask_quote(context: TandemContext, chat_id: int, project: Project) -> None:
    """Ask whether the person's words may be quoted, and whether with their first name."""
    await context.bot.send_message(
        chat_id, catalogue.QUOTE_QUESTION, reply_markup=quote_buttons("quote", project.id)
    )
    await ask(context, chat_id, Focus(FocusKind.QUOTE, project.id))


async def store_quoting(
    update: Update, context: TandemContext, project_id: str, answer: str, *, joining: bool
) -> tuple[Participant, Project, str] | None:
    """Store the answer a quoting button gives; None (and a pop-up) if it no longer applies.

    ``joining``: the question asked after consent, which only active participants answer.
    """
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    services = context.services
    project = services.projects.get(project_id)
    participant = await services.people.participant(user.id, project_id)
    # Buttons sent before there were three answers said "yes" for "anon".
    answer = "anon" if answer == "yes" else answer
    if (
        project is None
        or participant is None
        or (joining and not participant.active)
        or answer not in QUOTE_ANSWERS
    ):
        await query.answer(catalogue.STALE_BUTTON)
        return None
    await query.answer()
    await services.people.set_may_quote(participant.id, *QUOTE_ANSWERS[answer])
    await close_buttons(query_message(query), QUOTE_LABELS[answer])
    return participant, project, answer


async def on_quote(update: Update, context: TandemContext, project_id: str, answer: str) -> None:
    """The quoting buttons after consent; then the dialogue begins."""
    stored = await store_quoting(update, context, project_id, answer, joining=True)
    if stored is None:
        return
    participant, project, answer = stored
    chat_id = dialogue.participant_chat(update)
    await context.bot.send_message(chat_id, QUOTE_NOTED[answer])
    await answered(context, chat_id, FocusKind.QUOTE)
    await dialogue.begin(context, chat_id, participant, project, update.update_id)


async def on_typed(update: Update, context: TandemContext, focus: Focus, event: Event) -> None:
    """Typed while the quoting question is open: /skip means "don't quote me"."""
    services = context.services
    chat_id = dialogue.participant_chat(update)
    project = services.projects.get(focus.project_id or "")
    participant = (
        await services.people.participant(chat_id, project.id) if project is not None else None
    )
    if project is None or participant is None:
        await services.focus.clear(chat_id)
        return
    if not isinstance(event, Skip):
        await context.bot.send_message(chat_id, catalogue.QUOTE_PENDING)
        return
    await services.people.set_may_quote(participant.id, False)
    await context.bot.send_message(chat_id, catalogue.QUOTE_NOTED_NO)
    await answered(context, chat_id, FocusKind.QUOTE)
    await dialogue.begin(context, chat_id, participant, project, update.update_id)


def query_message(query: Any) -> Any:
    """The message a button was on, if it is still a text message that can be edited."""
    message = query.message
    return message if message is not None and hasattr(message, "text") else None


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /start and /join."""
    app.add_handler(CommandHandler("start", start, filters=filters.ChatType.PRIVATE))
    app.add_handler(CommandHandler("join", join, filters=filters.ChatType.PRIVATE))
