"""Where typed messages go (one owner: what the person was last asked)."""

from __future__ import annotations

# Where typed messages go (one owner: what the person was last asked)
NOT_WAITING = (
    "Thanks — I wasn't waiting for an answer just then, so I haven't kept that."
    " To tell the team something of your own, send /idea. /help lists everything I can do."
)
NOT_WAITING_RESUME = (
    "Thanks — I wasn't waiting for an answer just then, so I haven't kept that."
    " Send /resume to carry on with our conversation where we left off, or /idea to tell"
    " the team something of your own."
)
PAUSED_NOT_KEPT = (
    "You've paused messages from me, so I haven't taken that as an answer."
    " Send /resume when you'd like to carry on."
)
NOTHING_TO_SKIP = "There's no question open just now, so there's nothing to skip."
NOTHING_TO_GO_BACK_TO = "There's no question open just now, so there's nothing to go back to."
CANNOT_GO_BACK = "You can't go back from here. Answer, or send /skip to leave it."
SKIPPED = "Skipped — that's fine."
BACK_EARLIER_ANSWER = "Earlier you answered: “{answer}”. Send a new answer to change it."
BACK_EARLIER_MEDIA = {
    "voice": "Earlier you sent a voice note here. Send a new answer to change it.",
    "photo": "Earlier you sent a photo here. Send a new answer to change it.",
}
BACK_TO_CONVERSATION = "Back to our conversation:"
TAP_A_BUTTON = "Please tap one of the buttons above to answer."
ALREADY_AGREED = "You've already agreed — thank you."
NOTHING_TO_RESUME = "Welcome back — I'll send messages again. There's no question waiting for you."
DIARY_SETUP_TAP = (
    "Please tap one of the buttons above, or type a time from the list, like {example}."
)
DIARY_TIME_QUIET = (
    "That's in the project's quiet hours ({quiet}), when I don't send messages."
    " Please pick another time, like {choices}."
)
DIARY_SETTINGS_KEPT = "OK — your diary settings stay as they are."
DIARY_ZONE_SKIPPED = "OK — your time zone stays as it is."
DIARY_ENTRY_TEXT_ONLY = "Please answer in words, or tap a button above."
BUILDER_TEXT_ONLY = "Please type your answer (or tap a button above)."
