"""Messages Tandem sends residents unasked: polls, updates, diary prompts, check-ins.

They wait in the outbox as keys and arguments and are put into words when sent, in each
recipient's language at that moment (conversations/i18n/late.py, bot/outbox_words.py).
"""

from __future__ import annotations

# Prototype polls
# Sent just before a poll's version 2, 3, ...: residents may have answered an earlier one.
POLL_NEW_VERSION = (
    "We've changed this based on what people said — version {version}. It's a new version of"
    " a poll you may have answered before, so please answer it again."
)
# The "why?" follow-up after a vote; {why} is the facilitator's question.
POLL_FOLLOWUP_ASK = "{why}\n\nWrite a few words or send a voice note, or /skip."
# What a resident reads after answering (or skipping) the "why?".
POLL_FOLLOWUP_THANKS = "Thank you, that really helps."
POLL_FOLLOWUP_SKIPPED = "No problem, skipped."
POLL_VOTE_ON_CLOSED = "Thanks! This poll has closed, so that vote couldn't be counted."

# "You said, we did" updates: what the person said ({label}: its start), then the team's {text}.
UPDATE_MESSAGE = {
    "idea": "You said, we did: news from “{title}” about your idea “{label}”.\n\n{text}",
    "question": ("You said, we did: news from “{title}” about your answer to “{label}”.\n\n{text}"),
    "poll": "You said, we did: news from “{title}” about your vote on “{label}”.\n\n{text}",
    "idea_unlabelled": "You said, we did: news from “{title}” about your idea.\n\n{text}",
    "question_unlabelled": (
        "You said, we did: news from “{title}” about your answer to a question.\n\n{text}"
    ),
    "poll_unlabelled": (
        "You said, we did: news from “{title}” about your vote in a poll.\n\n{text}"
    ),
}
UPDATE_REPLY_BUTTON = "Reply"

# Diary prompts and the reminder (their text is the project's own)
DIARY_PROMPT_LOG = "Log an entry"
DIARY_PROMPT_NOTHING = "Nothing today"

# Check-ins
CHECKIN_INVITE = (
    "Check-in: {title}\n\n{count} short question, about a minute. What you say shows us"
    " whether the service is doing what was promised, and what to change. You can /skip"
    " any question.",
    "Check-in: {title}\n\n{count} short questions, about a minute. What you say shows us"
    " whether the service is doing what was promised, and what to change. You can /skip"
    " any question.",
)
CHECKIN_REMINDER = (
    "A reminder: the check-in “{title}” is open until {until}. It takes about a minute."
)
CHECKIN_START = "Start the check-in"
# "What changed": told to those who answered a check-in; {text} is the team's own words.
CHECKIN_YOU_SAID = (
    "You said, we did — “{title}”\n\nYou told us what you thought in our check-ins. Because"
    " of what people said: {text}\n\nThank you. The next check-in will show whether it helped."
)
