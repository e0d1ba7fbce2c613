"""“You said, we did” for staff: writing an update (/update) and reading replies (/replies)."""

from __future__ import annotations

# The facilitator's /update flow
UPDATE_KIND_BUTTONS = {
    "poll": "A poll",
    "idea": "An idea someone sent",
    "question": "A question in the conversation",
}
UPDATE_ASK_PROJECT = "Which project is this update for?"
UPDATE_ASK_KIND = (
    "An update for “{title}”. What is it linked to? It will go only to the people who took"
    " part in that, so they see what came of what they said."
)
UPDATE_ASK_PICK = {
    "poll": "Which poll? (the most recent first)",
    "idea": "Which idea? (the most recent first)",
    "question": "Which question? (in brackets: how many people answered it)",
}
UPDATE_NOTHING_TO_PICK = {
    "poll": "There are no polls in “{title}” yet. Pick something else:",
    "idea": "Nobody has sent an idea to “{title}” yet. Pick something else:",
    "question": "Nobody has answered a question in “{title}” yet. Pick something else:",
}
UPDATE_NO_SUCH_POLL = "There's no such poll in “{title}”. Pick something else:"
UPDATE_NOBODY_YET = (
    "Nobody has taken part in that yet, so there's no one to tell. Pick something else:"
)
UPDATE_LINK = {
    "idea": "the idea “{label}”",
    "question": "the question “{label}”",
    "poll": "the poll “{label}”",
}
UPDATE_ASK_TEXT = (
    "Linked to {link}.\n\nNow write the update in plain words: what people said, and what"
    " was done about it. For example: “You said there was nowhere to sit at the bus stop."
    " We asked the council, and a bench goes in next month.”"
)
UPDATE_ASK_TEXT_IN = (
    "This project also runs in {language}. Now write the same update in {language}:\n\n{text}"
)
UPDATE_TEXT_TOO_SHORT = "That's very short. Please say what people said and what was done about it."
UPDATE_TEXT_TOO_LONG = (
    "That's too long for one message ({length} characters). Please keep it under {limit}."
)
UPDATE_PREVIEW = (
    "This will go to {count} person who took part ({link}).",
    "This will go to {count} people who took part ({link}).",
)
UPDATE_PREVIEW_MISSING = (
    "{count} person also took part but won't get it: they have paused, left or blocked me.",
    "{count} people also took part but won't get it: they have paused, left or blocked me.",
)
UPDATE_AFTER_QUIET = "It will go out at {time}, when their quiet hours end."
UPDATE_PREVIEW_LOOK = "Here's how it will look:"
UPDATE_NOBODY_WOULD_GET = (
    "Nobody would receive this: the {count} person who took part has paused, left or blocked"
    " me. Pick something else to tell people about, or cancel.",
    "Nobody would receive this: the {count} people who took part have paused, left or blocked"
    " me. Pick something else to tell people about, or cancel.",
)
UPDATE_PICK_AGAIN = "Pick something else"
UPDATE_SEND = "Send"
UPDATE_CANCEL = "Cancel"
UPDATE_CANCELLED = "Cancelled: nothing was sent. Send /update to start again."
UPDATE_DRAFT_GONE = "That update was already sent or cancelled. Send /update to start a new one."
UPDATE_SENDING = (
    "Sending to {count} person who took part…",
    "Sending to {count} people who took part…",
)
UPDATE_SENT = (
    "Sent to {count} person who took part.",
    "Sent to {count} people who took part.",
)
UPDATE_NOT_REACHED = ("{count} person didn't get it.", "{count} people didn't get it.")
UPDATE_NO_PROJECTS = "You don't run any projects yet."
UPDATE_UNKNOWN_PROJECT = "You don't run a project called “{project}”. Yours: {known}"

# /updates: what a resident reads about what came of what they said
UPDATES_NONE = (
    "There are no updates for you yet. When a project team does something with what you"
    " said, I'll send you a message and it will also appear here."
)
UPDATES_HEADING = "What changed because of what you said (newest first):"
UPDATES_ITEM = {
    "idea": "• {day}, “{title}”, about your idea “{label}”:\n{text}",
    "question": "• {day}, “{title}”, about your answer to “{label}”:\n{text}",
    "poll": "• {day}, “{title}”, about your vote on “{label}”:\n{text}",
    "idea_unlabelled": "• {day}, “{title}”, about your idea:\n{text}",
    "question_unlabelled": "• {day}, “{title}”, about your answer to a question:\n{text}",
    "poll_unlabelled": "• {day}, “{title}”, about your vote in a poll:\n{text}",
}

# /replies
UPDATE_REPLIES_NONE = "Nobody has replied to your updates yet."
UPDATE_REPLIES_HEADING = "The latest replies to your updates (newest first):"
UPDATE_REPLY_LINE = "• {pseudonym}, {day}, on “{update}”:\n{said}"
UPDATE_CONTRIBUTION = {
    "voice": "a voice note",
    "photo": "a photo",
    "other": "a message",
}
UPDATE_CONTRIBUTION_CAPTION = {
    "voice": "a voice note: {caption}",
    "photo": "a photo: {caption}",
    "other": "a message: {caption}",
}
UPDATE_MEDIA_SAID = "[{media}]"
UPDATE_IDEA_BUTTON = "{pseudonym}: {idea}"
