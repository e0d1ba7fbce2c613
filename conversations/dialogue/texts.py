"""The dialogue engine's own words: plain, warm and short."""

from __future__ import annotations

FINISHED = "We've finished this conversation — thank you! Send /idea to tell us anything else."

# {what} is built from the kinds a question accepts, e.g. "words or a voice message".
ONLY_TAKES = "I can only take {what} for this one — or send /skip."

KIND_WORDS = {"text": "words", "voice": "a voice message", "photo": "a photo"}

TAP_A_BUTTON = "Please tap one of the buttons — or send /skip to leave this one."

STALE_BUTTON = "That button belongs to an earlier question. Here's where we are now:"

UNKNOWN_CHOICE = "Sorry, I didn't recognise that choice. Please tap one of these:"

NOTHING_TO_GO_BACK = (
    "This is the first question, so there's nothing to go back to."
    " You can answer it, or send /skip."
)

SCRIPT_CHANGED = (
    "This conversation has changed since we last spoke, so we'll stop it here — thank you!"
    " Send /idea to tell us anything else."
)


def only_takes(kinds: frozenset[str]) -> str:
    """Say which kinds of answer a question takes, e.g. 'words or a voice message'."""
    words = [KIND_WORDS[kind] for kind in ("text", "voice", "photo") if kind in kinds]
    what = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return ONLY_TAKES.format(what=what)
