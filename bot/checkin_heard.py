"""Co-assessment on the schedule: when a check-in cycle closes, "what we heard" goes to those
who answered, once (storage/checkin_heard.py claims it with the rows it queues)."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from bot.callbacks import encode
from conversations.checkins.heard import hear, heard_params
from conversations.checkins.model import CheckInDefinition
from conversations.diary_schedule import quiet_until
from conversations.i18n import late
from conversations.projects import Project
from storage.checkins import CheckInsRepository, Cycle

log = logging.getLogger(__name__)


def suggest_button(cycle_id: int) -> dict[str, object]:
    """The button under "what we heard" that asks for a check-in question."""
    return {
        "text": late.say("CHECKIN_SUGGEST_BUTTON"),
        "callback_data": encode("sugg", "ask", cycle_id),
    }


async def tell_heard(
    repo: CheckInsRepository,
    project: Project,
    definition: CheckInDefinition,
    cycle: Cycle,
    now: datetime,
) -> int:
    """Queue a closed cycle's "what we heard" to each who answered; return how many queued."""
    responders, written = await repo.heard_of(cycle.id)
    since = await repo.previous_opened(cycle)
    changes = await repo.changes_between(project.id, definition.id, since, now.timestamp())
    heard = hear(responders, written, changes, seed=f"heard:{cycle.id}")
    button = suggest_button(cycle.id)

    def params(participant_id: int, lang: str) -> str:
        said = heard_params(heard, definition.title, participant_id, lang, button)
        return json.dumps(said, ensure_ascii=False)

    # Closed in the night: told when the project's quiet hours end.
    held = quiet_until(now, project.timezone, project.quiet_window())
    queued, left = await repo.queue_heard(
        cycle.id,
        project.max_messages_per_week,
        now.timestamp(),
        params,
        held.timestamp() if held else None,
    )
    log.info(
        "check-in %s/%s cycle %d: what we heard queued for %d, left out %s",
        project.id,
        definition.id,
        cycle.id,
        queued,
        left or "none",
    )
    return queued
