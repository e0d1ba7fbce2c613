"""What a resident reads when answering a check-in (invitations are worded when sent)."""

from __future__ import annotations

CHECKIN_ALREADY_DONE = "You've already answered this check-in, thank you."
CHECKIN_CLOSED = "Sorry, this check-in has closed. The next one will come in due course."
CHECKIN_NOT_INVITED = "This check-in isn't for you, sorry."
# Under each 1-5 question of a check-in (after a blank line).
CHECKIN_SCALE_HINT = "1 = not at all · 5 = completely"
CHECKIN_THANKS = "Thank you! Your answers are in. We'll tell you here what changes because of them."
