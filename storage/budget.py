"""The message budget: the one place that says what spends a project's weekly cap.

Unsolicited messages (polls, updates, check-ins and their reminders) spend the cap. What
a resident chose is counted apart: their diary's prompts and its reminder never spend it
and are never blocked by it. Replies to something the person just did are free too.
Every query that checks the cap (broadcasts, updates, check-ins) uses ``spent_sql``.
"""

from __future__ import annotations

WEEK = 7 * 86400
# Outbox kinds that answer something the person just did, or go with a message already
# counted (a new version's note just before its poll).
# (idea_news: what became of an idea its author chose to share.)
REPLY_KINDS = ("poll_why", "poll_stop", "poll_notice", "poll_intro", "idea_news")
# Outbox kinds the resident asked for by keeping a diary.
CHOSEN_KINDS = ("diary_prompt", "nudge")
# Any other kind sent to a participant is unsolicited and spends the cap (a new kind
# spends it unless it is added above: the safe default for residents' time).
FREE_KINDS = REPLY_KINDS + CHOSEN_KINDS

# Why someone was left out of a message, as stored in the outbox row's ``error``.
SKIP_CAP = "weekly cap"
SKIP_LEFT = "left"
SKIP_PAUSED = "paused"
SKIP_BLOCKED = "blocked"
# Not a skip: a row held back until the recipient's quiet hours end (``not_before``).
HELD_QUIET = "quiet hours"


def spent_sql(participant: str = "q.id") -> str:
    """A scalar subquery: messages this participant was sent (or will be) since :week_ago
    that spend the weekly cap."""
    free = ", ".join(f"'{kind}'" for kind in FREE_KINDS)
    return (
        f"(SELECT COUNT(*) FROM outbox o WHERE o.participant_id = {participant}"
        " AND o.status IN ('pending', 'sending', 'sent') AND o.created_at > :week_ago"
        f" AND o.kind NOT IN ({free}))"
    )


def week_ago(now: float) -> float:
    """The start of the rolling week the cap is counted over."""
    return now - WEEK
