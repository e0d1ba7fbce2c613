"""Words of polls that go out to residents (staff words are in conversations/catalogue/polls.py,
what residents are sent in conversations/catalogue/proactive.py, rendered when it goes)."""

from __future__ import annotations

from conversations.catalogue import polls as staff
from conversations.catalogue import replies
from conversations.i18n.late import LateKey

# The default "why?" follow-up a facilitator can pick (residents read it after voting).
WHY_DEFAULT = staff.POLL_WHY_DEFAULT
# Sent just before a poll's version 2, 3, ...: residents may have answered an earlier one.
NEW_VERSION = LateKey("POLL_NEW_VERSION")

# Broadcast progress (edited as it goes)
PROGRESS = "Sending to {total}: sent {sent} · failed {failed} · remaining {remaining}"
PROGRESS_SKIPPED = " · skipped {skipped}"
PROGRESS_DONE = "Done. Sent {sent} · failed {failed}"
PROGRESS_WAITING = " · {waiting} waiting for quiet hours to end"

# The results chart (shared with the report)
NOT_IN_VERSION = "— not in this version"
SHARES_OF_VOTERS = staff.POLL_SHARES_OF_VOTERS

# What residents read (in their language: rendered by key, these are the English)
FOLLOWUP_THANKS = replies.POLL_FOLLOWUP_THANKS
FOLLOWUP_SKIPPED = replies.POLL_FOLLOWUP_SKIPPED
