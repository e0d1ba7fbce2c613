"""Check-in cycles, who was asked and reminded, answers, and changes to the service.

One repository over the check-in tables, its methods kept by area: cycles and invitations
(storage/checkin_cycles.py), answers (storage/checkin_responses.py), results and changes
(storage/checkin_results.py), what a closed cycle heard (storage/checkin_heard.py) and
suggested questions (storage/checkin_suggestions.py).
"""

from __future__ import annotations

from storage.checkin_cycles import CheckInCycles, Cycle
from storage.checkin_heard import CheckInHeard
from storage.checkin_responses import CheckInResponses, OpenResponse
from storage.checkin_results import CheckInResults
from storage.checkin_suggestions import CheckInSuggestions
from storage.database import Database

__all__ = ["CheckInsRepository", "Cycle", "OpenResponse"]


class CheckInsRepository(
    CheckInCycles, CheckInResponses, CheckInResults, CheckInHeard, CheckInSuggestions
):
    """Reads and writes the check-in tables (and queues their messages into the outbox)."""

    def __init__(self, db: Database) -> None:
        self._db = db
