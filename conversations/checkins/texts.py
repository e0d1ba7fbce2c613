"""What check-ins say to residents (staff words: conversations/catalogue/checkins.py)."""

from __future__ import annotations

FUNCTIONS = {
    "accountability": "accountability",
    "improvement": "improvement",
    "impact": "impact",
    "learning": "learning",
}


# Sent by the scheduler to staff when a check-in's numbers fall (bot/checkin_scheduler.py).
ALERT = (
    "Check-in alert – “{title}” ({project}): between the cycles of {before} and {after}:\n"
    "{drops}\nSee /checkin results {id}"
)
DROP_MEAN = "• “{question}”: mean fell from {before:.1f} to {after:.1f}"
DROP_RATE = "• response rate fell from {before:.0f}% to {after:.0f}%"
