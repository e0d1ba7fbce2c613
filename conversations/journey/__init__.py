"""Journey mapping: residents' diary touchpoints drawn as journeys, and a project-wide view.

Pure: no Telegram, no storage. Pictures are PNG bytes; every picture has a text twin for
screen readers and exports.
"""

from conversations.journey.journey_map import journey_png
from conversations.journey.model import (
    FEELINGS,
    Journey,
    Moment,
    ServiceSummary,
    Touchpoint,
    service_key,
)
from conversations.journey.project_map import project_png
from conversations.journey.tally import project_view
from conversations.journey.words import journey_text, project_text

__all__ = [
    "FEELINGS",
    "Journey",
    "Moment",
    "ServiceSummary",
    "Touchpoint",
    "journey_png",
    "journey_text",
    "project_png",
    "project_text",
    "project_view",
    "service_key",
]
