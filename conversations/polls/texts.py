"""Words of polls that go out to residents (staff words are in conversations/catalogue/polls.py)."""

from __future__ import annotations

from conversations.catalogue import polls as staff

# The default "why?" follow-up a facilitator can pick (residents read it after voting).
WHY_DEFAULT = staff.POLL_WHY_DEFAULT
# Sent just before a poll's version 2, 3, ...: residents may have answered an earlier one.
NEW_VERSION = (
    "We've changed this based on what people said — version {version}. It's a new version of"
    " a poll you may have answered before, so please answer it again."
)

# Broadcast progress (edited as it goes)
PROGRESS = "Sending to {total}: sent {sent} · failed {failed} · remaining {remaining}"
PROGRESS_SKIPPED = " · skipped {skipped}"
PROGRESS_DONE = "Done. Sent {sent} · failed {failed}"
PROGRESS_WAITING = " · {waiting} waiting for quiet hours to end"

# The results chart (shared with the report)
NOT_IN_VERSION = "— not in this version"
SHARES_OF_VOTERS = staff.POLL_SHARES_OF_VOTERS

# What residents read
FOLLOWUP_ASK = "{why}\n\nWrite a few words or send a voice note, or /skip."
FOLLOWUP_THANKS = "Thank you, that really helps."
FOLLOWUP_SKIPPED = "No problem, skipped."
VOTE_ON_CLOSED = "Thanks! This poll has closed, so that vote couldn't be counted."
