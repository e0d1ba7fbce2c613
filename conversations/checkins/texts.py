"""What check-ins say to residents (staff words: conversations/catalogue/checkins.py)."""

from __future__ import annotations

FUNCTIONS = {
    "accountability": "accountability",
    "improvement": "improvement",
    "impact": "impact",
    "learning": "learning",
}
SCALE_HINT = "\n\n1 = not at all · 5 = completely"
INVITE = (
    "Check-in: {title}\n\n{count} short questions, about a minute. What you say shows us"
    " whether the service is doing what was promised, and what to change. You can /skip"
    " any question."
)
REMINDER = "A reminder: the check-in “{title}” is open until {until}. It takes about a minute."
START = "Start the check-in"
THANKS = "Thank you! Your answers are in. We'll tell you here what changes because of them."
ALREADY_DONE = "You've already answered this check-in, thank you."
CLOSED = "Sorry, this check-in has closed. The next one will come in due course."
NOT_INVITED = "This check-in isn't for you, sorry."

YOU_SAID = (
    "You said, we did — “{title}”\n\nYou told us what you thought in our check-ins. Because"
    " of what people said: {text}\n\nThank you. The next check-in will show whether it helped."
)

# Sent by the scheduler to staff when a check-in's numbers fall (bot/checkin_scheduler.py).
ALERT = (
    "Check-in alert – “{title}” ({project}): between the cycles of {before} and {after}:\n"
    "{drops}\nSee /checkin results {id}"
)
DROP_MEAN = "• “{question}”: mean fell from {before:.1f} to {after:.1f}"
DROP_RATE = "• response rate fell from {before:.0f}% to {after:.0f}%"
