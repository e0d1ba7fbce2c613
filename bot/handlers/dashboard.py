"""/dashboard: a one-time link that signs a facilitator or coordinator in to the dashboard."""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.asking import staff_asked
from bot.permissions import requires
from bot.words import words_for
from conversations.participation import Role
from storage.dashboard import LINK_SECONDS, LINK_WINDOW_SECONDS, LINKS_PER_WINDOW

SIGN_IN_PATH = "/signin"


@requires(Role.FACILITATOR, "dashboard")
async def dashboard(update: Update, context: TandemContext) -> None:
    """/dashboard: the link (works once, for 10 minutes), at most 5 per 10 minutes."""
    message, user, _ = await staff_asked(update, context)
    services = context.services
    words = await words_for(context, user)
    base = services.settings.dashboard_url
    if not base:
        await message.reply_text(words.say("DASHBOARD_OFF"))
        return
    links = services.dashboard
    if await links.links_lately(user.id) >= LINKS_PER_WINDOW:
        await message.reply_text(
            words.say(
                "DASHBOARD_TOO_MANY",
                count=LINKS_PER_WINDOW,
                minutes=LINK_WINDOW_SECONDS // 60,
            )
        )
        return
    token = await links.new_link(user.id, words.lang)
    await message.reply_text(
        words.say(
            "DASHBOARD_LINK", minutes=LINK_SECONDS // 60, link=f"{base}{SIGN_IN_PATH}?t={token}"
        ),
        # A link preview would fetch the page, and so use the one-time link up.
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /dashboard."""
    app.add_handler(CommandHandler("dashboard", dashboard))
