"""Staff commands: appointing facilitators and watching participation."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.asking import staff_asked
from bot.handlers.diary_completion import stats_appendix
from bot.menus import publish_staff_menu
from bot.permissions import requires, role_of
from bot.words import words_for
from conversations.participation import Role


@requires(Role.COORDINATOR, "facilitator")
async def facilitator(update: Update, context: TandemContext) -> None:
    """/facilitator PROJECT: a one-time link that makes its user a facilitator."""
    message, user, _ = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    known = services.projects.ids()
    if not context.args:
        await message.reply_text(
            words.say("FACILITATOR_USAGE", example=known[0] if known else "PROJECT")
        )
        return
    project = services.projects.get(context.args[0])
    if project is None:
        wanted = context.args[0][:40]
        await message.reply_text(
            words.say("UNKNOWN_PROJECT", project=wanted, known=", ".join(known))
            if known
            else words.say("UNKNOWN_PROJECT_NONE_YET", project=wanted)
        )
        return
    code = await services.project_rows.create_staff_invite(project.id, "facilitator", user.id)
    from bot.handlers.join import STAFF_PREFIX

    link = f"https://t.me/{context.bot.username}?start={STAFF_PREFIX}{code}"
    title = project.title.in_(words.lang)
    await message.reply_text(words.say("STAFF_LINK", title=title, link=link))


async def redeem(update: Update, context: TandemContext, code: str) -> None:
    """/start staff_CODE: become a facilitator (once per code)."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    services = context.services
    project_id = await services.project_rows.redeem_staff_invite(code, user.id)
    project = services.projects.get(project_id)
    words = await words_for(context, user)
    if project is None:
        await message.reply_text(words.say("STAFF_INVITE_USED"))
        return
    title = project.title.in_(words.lang)
    await message.reply_text(words.say("STAFF_WELCOME", title=title))
    if await role_of(context, user.id) is Role.FACILITATOR:  # a coordinator keeps theirs
        await publish_staff_menu(
            context.bot, user.id, Role.FACILITATOR, context.services.catalogues
        )


@requires(Role.FACILITATOR, "stats")
async def stats(update: Update, context: TandemContext) -> None:
    """/stats: participation in the projects the person runs."""
    message, user, project_ids = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    if not project_ids:
        await message.reply_text(words.say("STATS_NONE"))
        return
    lines = []
    for counts in await services.project_rows.counts(project_ids):
        project = services.projects.get(counts.project_id)
        lines.append(
            words.say(
                "STATS_LINE",
                title=project.title.in_(words.lang) if project else counts.project_id,
                consented=counts.consented,
                active=counts.active,
                left=counts.left,
                finished=counts.finished_dialogue,
                ideas=counts.ideas,
            )
        )
    await message.reply_text("\n".join(lines))
    await stats_appendix(message, context, project_ids)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the staff commands."""
    app.add_handler(CommandHandler("facilitator", facilitator))
    app.add_handler(CommandHandler("stats", stats))
