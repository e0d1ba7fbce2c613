"""Words of polls that go out to residents (staff words are in conversations/catalogue/polls.py,
what residents are sent in conversations/catalogue/proactive.py, rendered when it goes)."""

from __future__ import annotations

from conversations.catalogue import polls as staff
from conversations.i18n.late import LateKey

# The default "why?" follow-up a facilitator can pick (residents read it after voting).
WHY_DEFAULT = staff.POLL_WHY_DEFAULT
# Sent just before a poll's version 2, 3, ...: residents may have answered an earlier one.
NEW_VERSION = LateKey("POLL_NEW_VERSION")

# The results chart (shared with the report)
SHARES_OF_VOTERS = staff.POLL_SHARES_OF_VOTERS
