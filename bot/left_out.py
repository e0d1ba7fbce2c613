"""Who a poll, update or check-in left out, and why: the counts on the progress message and
results, and the pseudonyms behind the "Who wasn't sent it?" button (staff only)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.callbacks import encode
from bot.context import Services, TandemContext
from bot.words import pop_up, words_for
from conversations.budget import LeftOut, left_out_list
from conversations.i18n.words import Words, english

# Button codes for where the rows are: a broadcast (polls, updates) or a check-in cycle.
SCOPES = {"b": "broadcast", "c": "cycle"}


async def left_out_of(services: Services, code: str, ref: int, zone: str) -> LeftOut:
    """Counts per reason, and who is held for quiet hours until when (on ``zone``'s clock)."""
    reasons, held, first = await services.cohorts.left_out(SCOPES[code], ref)
    until = datetime.fromtimestamp(first, ZoneInfo(zone)) if first is not None else None
    return LeftOut(reasons, held, until)


def who_markup(
    code: str, ref: int, left: LeftOut, words: Words | None = None
) -> InlineKeyboardMarkup | None:
    """The button that lists the pseudonyms, when anyone was left out or is held (in the
    staff member's ``words``; English where a caller has none yet)."""
    if not left.not_sent and not left.held:
        return None
    label = (words or english()).say("LEFT_OUT_BUTTON")
    button = InlineKeyboardButton(label, callback_data=encode("who", code, ref))
    return InlineKeyboardMarkup([[button]])


async def _owner(services: Services, code: str, ref: int) -> tuple[str, str] | None:
    """(project, kind of message) of a broadcast or check-in cycle."""
    if code == "b":
        broadcast = await services.outbox.repo.broadcast(ref)
        if broadcast is None or broadcast.project_id is None:
            return None
        return broadcast.project_id, broadcast.kind
    cycle = await services.checkins.cycle(ref)
    return (cycle.project_id, "checkin") if cycle else None


async def on_button(update: Update, context: TandemContext, code: str, ref: str) -> None:
    """List who was left out, per reason, by pseudonym, to staff of that project only."""
    from bot.handlers.asking import staff_projects  # the handlers import this module

    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    services = context.services
    owner = await _owner(services, code, int(ref)) if code in SCOPES and ref.isdigit() else None
    if owner is None or owner[0] not in await staff_projects(context, user.id):
        await pop_up(context, query, "UNKNOWN_BUTTON")
        return
    await query.answer()
    who = await services.cohorts.left_out_who(SCOPES[code], int(ref))
    chat_id = update.effective_chat.id if update.effective_chat else user.id
    words = await words_for(context, user)
    await context.bot.send_message(chat_id, left_out_list(owner[1], who, words))
