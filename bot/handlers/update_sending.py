"""/update, the sending: the preview with its reach, then queueing it for everyone."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from telegram import Message
from telegram.error import TelegramError
from telegram.ext import JobQueue

from bot.broadcasts import (
    ProgressWatch,
    post_progress,
    remember_progress,
    watch_progress,
)
from bot.callbacks import encode
from bot.context import TandemContext
from bot.handlers.update_picking import ask_kind, cancel_row, draft_project, link_of
from bot.replies import buttons, close_buttons
from bot.update_queue import first_out, post_update
from bot.update_queue import update_params as update_params
from bot.words import words_in
from conversations import loop
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.texts_by_language import Text, from_stored
from conversations.translating import language_name, missing_lines
from storage.update_drafts import Draft
from storage.updates import NoSuchPoll


async def _held_until(
    context: TandemContext, project: Project, draft: Draft, now: datetime
) -> datetime | None:
    """When the update first goes out, if quiet hours hold back everyone it reaches now."""
    assert draft.link_kind is not None and draft.link_ref is not None
    return await first_out(context.services, project, draft.link_kind, draft.link_ref, now)


def missing_languages(project: Project, draft: Draft) -> list[str]:
    """The project's further languages the update is not yet written in."""
    return from_stored(draft.text or "").missing(project.languages)


def default_text(project: Project, draft: Draft) -> str:
    """The update's words in the project's default language."""
    return from_stored(draft.text or "").in_(project.languages[0])


def with_language(project: Project, draft: Draft, lang: str, typed: str) -> Text:
    """The update's text with ``typed`` as its words in ``lang`` (the first is the default)."""
    stored = from_stored(draft.text or "")
    if lang == project.languages[0] and not stored.languages:
        return Text(typed)
    given = {code: stored.in_(code) for code in (stored.languages or project.languages[:1])}
    return Text({**given, lang: typed}).ordered(project.languages)


async def ask_language(
    context: TandemContext, chat_id: int, draft: Draft, lang: str, words: Words
) -> None:
    """Ask for the update in a further language (Skip goes to the preview)."""
    project = draft_project(context, draft)
    name = language_name(lang, words.lang)
    rows = [
        (words.say("LANGUAGE_SKIP", language=name), encode("upd", "skip", draft.id, lang)),
        cancel_row(draft, words),
    ]
    text = words.say("UPDATE_ASK_TEXT_IN", language=name, text=default_text(project, draft))
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))


async def show_preview(context: TandemContext, chat_id: int, draft: Draft, words: Words) -> None:
    """How many it reaches, the message as they will see it, the languages it is not yet
    written in (each with an Add button); Send or Cancel."""
    project = draft_project(context, draft)
    assert draft.link_kind is not None and draft.link_ref is not None
    link = await link_of(context, project, draft.link_kind, draft.link_ref, words)
    if link is None:
        await ask_kind(context, chat_id, draft, words, "UPDATE_NOBODY_YET")
        return
    audience = await context.services.updates.audience(
        project.id, draft.link_kind, draft.link_ref, project.dialogue.id
    )
    if audience.reachable == 0:
        await nobody_would_get_it(context, chat_id, draft, audience.unreachable, words)
        return
    missing = missing_languages(project, draft)
    text = loop.preview(
        audience.reachable,
        audience.unreachable,
        link,
        # As the contributors will read it, in the project's first language.
        loop.update_message(
            project.title,
            link,
            default_text(project, draft),
            words_in(context, project.languages[0]),
        ),
        words,
        await _held_until(context, project, draft, context.services.clock.now()),
        missing_lines(missing, project.languages, words),
    )
    rows = [
        (words.say("UPDATE_SEND"), encode("upd", "send", draft.id, "go")),
        *(
            (
                words.say("LANGUAGE_ADD", language=language_name(lang, words.lang)),
                encode("upd", "addlang", draft.id, lang),
            )
            for lang in missing[:1]  # asked in turn from the first missing one
        ),
        cancel_row(draft, words),
    ]
    await context.bot.send_message(chat_id, text, reply_markup=buttons(rows))


async def nobody_would_get_it(
    context: TandemContext, chat_id: int, draft: Draft, unreachable: int, words: Words
) -> None:
    """No Send for nobody: say so, and offer to pick something else or cancel."""
    again = (words.say("UPDATE_PICK_AGAIN"), encode("upd", "again", draft.id, "x"))
    await context.bot.send_message(
        chat_id,
        words.plural("UPDATE_NOBODY_WOULD_GET", unreachable),
        reply_markup=buttons([again, cancel_row(draft, words)]),
    )


async def send(
    context: TandemContext, chat_id: int, draft: Draft, pressed: Message | None, words: Words
) -> None:
    """Queue the update for everyone who took part, then watch it go out (as polls do)."""
    services = context.services
    project = draft_project(context, draft)
    if draft.stage != "preview" or draft.link_kind is None or draft.link_ref is None:
        await context.bot.send_message(chat_id, words.say("UPDATE_DRAFT_GONE"))
        return
    link = await link_of(context, project, draft.link_kind, draft.link_ref, words)
    if link is None:
        await ask_kind(context, chat_id, draft, words, "UPDATE_NOBODY_YET")
        return
    now = services.clock.now()
    audience = await services.updates.audience(
        project.id, draft.link_kind, draft.link_ref, project.dialogue.id
    )
    sent = words.say("UPDATE_SEND")
    if audience.reachable == 0:  # everyone paused or left since the preview
        await close_buttons(pressed, sent)
        await nobody_would_get_it(context, chat_id, draft, audience.unreachable, words)
        return
    await close_buttons(pressed, sent)
    # The progress message goes first, as for polls: once rows are queued the sender may
    # fill the flood-control budget, and this reply refused with 429 would be lost.
    shown = loop.sending(audience.total, words, await _held_until(context, project, draft, now))
    progress_id = await post_progress(context.bot, chat_id, shown)
    try:
        posted = await post_update(services, project, draft, link, now)
    except NoSuchPoll:  # the poll went between the check above and now
        await _withdraw(context, chat_id, progress_id, words.say("UPDATE_CANCELLED"))
        return
    if posted is None:  # pressed twice, or a replay: the first press sent it
        await _withdraw(context, chat_id, progress_id, words.say("UPDATE_DRAFT_GONE"))
        return
    if progress_id is None:
        return
    watch = ProgressWatch(
        posted.broadcast_id,
        chat_id,
        progress_id,
        shown,
        kind="update",
        zone=project.timezone,
        words=words,
    )
    await remember_progress(services, watch)
    # The queue is typed for PTB's default context; its jobs do get a TandemContext.
    watch_progress(cast("JobQueue[Any]", context.job_queue), watch)


async def _withdraw(
    context: TandemContext, chat_id: int, progress_id: int | None, text: str
) -> None:
    """Nothing was queued: say so in place of "Sending…" (or anew if that is not there)."""
    if progress_id is not None:
        try:
            await context.bot.edit_message_text(text, chat_id=chat_id, message_id=progress_id)
            return
        except TelegramError:
            pass  # deleted or refused: say it in a new message instead
    await context.bot.send_message(chat_id, text)
