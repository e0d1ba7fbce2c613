"""What a resident reads when they reply to a "you said, we did" update (its Reply button),
or answer a poll's "why?"."""

from __future__ import annotations

UPDATE_REPLY_ASK = (
    "What would you like to say back to the “{title}” team? Write it in your own words, or"
    " send a voice note. (Send /skip if you'd rather not.)"
)
UPDATE_REPLY_THANKS = "Thank you! I've passed your reply to the “{title}” team."
UPDATE_REPLY_SKIPPED = "OK, no reply for now. You can tap Reply on the update any time."
UPDATE_REPLY_MEDIA = "Please write your reply, or send it as a voice note."

# After answering (or skipping) a poll's "why?" follow-up.
POLL_FOLLOWUP_THANKS = "Thank you, that really helps."
POLL_FOLLOWUP_SKIPPED = "No problem, skipped."
