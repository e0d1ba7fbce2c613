"""When a broadcast may reach someone: quiet hours on their own clock."""

from __future__ import annotations

# One definition of "when do quiet hours end" serves diaries, polls and updates.
from conversations.diary_schedule import quiet_until as quiet_until


def closes_at(now: float, hours: int | None) -> float | None:
    """The closing time, as a timestamp, some hours from now (None: never closes)."""
    return None if hours is None else now + hours * 3600.0
