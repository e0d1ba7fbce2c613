"""Staff: permissions, facilitator links, stats."""

from __future__ import annotations

# Staff
PRIVATE_CHAT_ONLY = "I only show this in our private chat: open t.me/{bot}"
# One whole sentence per role a command can need (never a role word glued in).
NOT_ALLOWED = {
    "facilitator": (
        "Sorry, {command} is only for facilitators of a project. If you think you should have"
        " it, ask the project's coordinator. Send /help to see what you can do."
    ),
    "coordinator": (
        "Sorry, {command} is only for coordinators of a project. If you think you should have"
        " it, ask the project's coordinator. Send /help to see what you can do."
    ),
}
STAFF_LINK = "Send this one-time link to the new facilitator of “{title}”. It works once:\n{link}"
FACILITATOR_USAGE = "Which project? For example: /facilitator {example}"
UNKNOWN_PROJECT = "There's no project called “{project}”. Projects: {known}"
UNKNOWN_PROJECT_NONE_YET = "There's no project called “{project}”, and no projects yet."
STAFF_WELCOME = "You're now a facilitator of “{title}”. Send /help to see staff commands."
STAFF_INVITE_USED = (
    "That staff link has already been used or isn't valid. Ask the coordinator for a new one."
)
STATS_NONE = "You don't run any projects yet."
STATS_LINE = (
    "“{title}”: {consented} joined ({active} active, {left} left), {finished} finished the"
    " conversation, {ideas} ideas."
)
