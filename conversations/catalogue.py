"""Words Tandem says outside a project's own scripts: one place, plain language."""

from __future__ import annotations

WELCOME = (
    "Hello! I'm Tandem. I help local services and residents work on things together,"
    " week by week, instead of asking you once and disappearing.\n\n"
    "To take part you need an invite link from the team running a project near you."
    " Tap it and I'll tell you what the project is about before asking you anything.\n\n"
    "Send /help to see what I can do."
)

HELP = (
    "Here is what you can do:\n"
    "/start – begin, or join a project with its invite link\n"
    "/help – this list\n\n"
    "You can stop at any time. I never store what you write until you have agreed to"
    " take part in a project."
)

UNKNOWN_COMMAND = (
    "Sorry, I don't know the command {command}. Send /help to see the ones I understand."
)

NOT_UNDERSTOOD_MEDIA = (
    "Thanks! I can't do anything with that kind of message yet. Please write to me in"
    " words, or send /help to see what I can do."
)

NO_PROJECT_YET = (
    "Thanks for your message. I haven't stored it: you haven't joined a project yet."
    " Tap the invite link the project team gave you, or send /help."
)

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side. Please try again in a minute, or send /help."
)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begin, or join a project"),
    ("help", "What I can do"),
)
