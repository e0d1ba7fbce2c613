"""The message budget: who was left out and why, and `tandem validate`'s budget lines."""

from __future__ import annotations

# The message budget: who a poll, update or check-in left out, and why (staff only).
# Each entry is (one, other): the CLDR plural forms English needs.
LEFT_OUT = ("{count} not sent: {reasons}", "{count} not sent: {reasons}")
LEFT_OUT_REASONS: dict[str, tuple[str, str]] = {
    "weekly cap": ("{count} at this week's limit", "{count} at this week's limit"),
    "paused": ("{count} paused", "{count} paused"),
    "blocked": ("{count} has blocked the bot", "{count} have blocked the bot"),
    "left": ("{count} has left the project", "{count} have left the project"),
    "poll closed": ("{count} after the poll closed", "{count} after the poll closed"),
}
LEFT_OUT_OTHER = ("{count} for another reason", "{count} for other reasons")
HELD_QUIET = (
    "{count} held until {until} (quiet hours)",
    "{count} held until {until} (quiet hours)",
)
LEFT_OUT_BUTTON = "Who wasn't sent it?"
LEFT_OUT_HEAD = "Who this {what} left out (pseudonyms):"
LEFT_OUT_WHAT = {"poll": "poll", "update": "update", "checkin": "check-in"}
LEFT_OUT_GROUPS: dict[str, str] = {
    "weekly cap": "At this week's limit",
    "quiet hours": "Held for quiet hours",
    "paused": "Paused",
    "blocked": "Blocked the bot",
    "left": "Left the project",
    "poll closed": "After the poll closed",
}
LEFT_OUT_GROUP_OTHER = "Another reason"
LEFT_OUT_GROUP_LINE = "{group} ({count}): {pseudonyms}"
LEFT_OUT_NOBODY = "Nobody was left out: everyone it was for was sent it."
LEFT_OUT_MORE = ("… and {count} more", "… and {count} more")

# `tandem validate`: each project's message budget.
BUDGET_SCHEDULED = ("{count} message", "{count} messages")
BUDGET_LINE = (
    "{project}: a cap of {cap} a week for polls, updates and check-ins; its own check-ins"
    " send up to {scheduled} a week, leaving {room} for polls and updates"
)
BUDGET_REMINDERS = (
    " (one less for anyone sent its check-in reminder)",
    " (up to {count} less for anyone sent check-in reminders)",
)
BUDGET_DIARY = "; diary prompts and reminders, counted apart: up to {diary} a week"
BUDGET_WARNING = (
    "warning: {project}: its own check-ins send up to {scheduled} a week against a cap of"
    " {cap}, so {problem}. Raise max_messages_per_week or check in less often."
)
BUDGET_NO_ROOM = "polls and updates will never get through"
BUDGET_OVER = "some people will miss check-ins, and polls and updates will never get through"
BUDGET_NO_REMINDERS = "some check-in reminders will not be sent"
