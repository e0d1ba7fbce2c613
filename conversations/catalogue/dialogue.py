"""The dialogue engine's own words: plain, warm and short."""

from __future__ import annotations

DIALOGUE_FINISHED = (
    "We've finished this conversation — thank you! Send /idea to tell us anything else."
)
# One whole sentence per set of kinds a question accepts (entries: the kinds joined by "_").
ONLY_TAKES = {
    "text": "I can only take words for this one — or send /skip.",
    "voice": "I can only take a voice message for this one — or send /skip.",
    "photo": "I can only take a photo for this one — or send /skip.",
    "text_voice": "I can only take words or a voice message for this one — or send /skip.",
    "text_photo": "I can only take words or a photo for this one — or send /skip.",
    "voice_photo": "I can only take a voice message or a photo for this one — or send /skip.",
    "text_voice_photo": (
        "I can only take words, a voice message or a photo for this one — or send /skip."
    ),
}
DIALOGUE_TAP_A_BUTTON = "Please tap one of the buttons — or send /skip to leave this one."
DIALOGUE_STALE_BUTTON = "That button belongs to an earlier question. Here's where we are now:"
UNKNOWN_CHOICE = "Sorry, I didn't recognise that choice. Please tap one of these:"
NOTHING_TO_GO_BACK = (
    "This is the first question, so there's nothing to go back to."
    " You can answer it, or send /skip."
)
SCRIPT_CHANGED = (
    "This conversation has changed since we last spoke, so we'll stop it here — thank you!"
    " Send /idea to tell us anything else."
)
