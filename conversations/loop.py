"""Closing the loop ("you said, we did"): the words of updates and how they are rendered.

An update is linked to one contribution (a poll, an idea, a dialogue question) and goes
only to the people who contributed to it; they can reply. Pure: no Telegram, no storage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from conversations.diary_schedule import quiet_until as quiet_until
from conversations.i18n import late
from conversations.i18n.words import Words, english

LinkKind = Literal["poll", "idea", "question"]
LINK_KINDS: tuple[LinkKind, ...] = ("poll", "idea", "question")
MAX_UPDATE_TEXT = 3000  # leaves room for the heading within Telegram's 4096 characters
MIN_UPDATE_TEXT = 10
MESSAGE_LIMIT = 4000
PICK_LIMIT = 8  # buttons in a picker: enough to find recent things, few enough to read

# The facilitator's /update flow
KIND_BUTTONS: dict[LinkKind, str] = {
    "poll": "A poll",
    "idea": "An idea someone sent",
    "question": "A question in the conversation",
}
ASK_PROJECT = "Which project is this update for?"
ASK_KIND = (
    "An update for “{title}”. What is it linked to? It will go only to the people who took"
    " part in that, so they see what came of what they said."
)
ASK_PICK: dict[LinkKind, str] = {
    "poll": "Which poll? (the most recent first)",
    "idea": "Which idea? (the most recent first)",
    "question": "Which question? (in brackets: how many people answered it)",
}
NOTHING_TO_PICK: dict[LinkKind, str] = {
    "poll": "There are no polls in “{title}” yet. Pick something else:",
    "idea": "Nobody has sent an idea to “{title}” yet. Pick something else:",
    "question": "Nobody has answered a question in “{title}” yet. Pick something else:",
}
NO_SUCH_POLL = "There's no such poll in “{title}”. Pick something else:"
NOBODY_YET = "Nobody has taken part in that yet, so there's no one to tell. Pick something else:"
ASK_TEXT = (
    "Linked to {link}.\n\nNow write the update in plain words: what people said, and what"
    " was done about it. For example: “You said there was nowhere to sit at the bus stop."
    " We asked the council, and a bench goes in next month.”"
)
TEXT_TOO_SHORT = "That's very short. Please say what people said and what was done about it."
TEXT_TOO_LONG = (
    "That's too long for one message ({length} characters). Please keep it under {limit}."
)
PREVIEW = "This will go to {people} who took part ({link}).{missing}\n\nHere's how it will look:"
AFTER_QUIET = " It will go out at {time}, when their quiet hours end."
PREVIEW_MISSING = " {people} also took part but won't get it: they have paused, left or blocked me."
NOBODY_WOULD_GET = (
    "Nobody would receive this: the {people} who took part have paused, left or blocked me."
    " Pick something else to tell people about, or cancel."
)
PICK_AGAIN = "Pick something else"
SEND = "Send"
CANCEL = "Cancel"
CANCELLED = "Cancelled: nothing was sent. Send /update to start again."
DRAFT_GONE = "That update was already sent or cancelled. Send /update to start a new one."
SENDING = "Sending to {people} who took part…"
SENT = "Sent to {people} who took part."
NOT_REACHED = " {people} didn't get it."
NO_PROJECTS = "You don't run any projects yet."
UNKNOWN_PROJECT = "You don't run a project called “{project}”. Yours: {known}"

# Residents
UPDATES_NONE = (
    "There are no updates for you yet. When a project team does something with what you"
    " said, I'll send you a message and it will also appear here."
)
UPDATES_HEADING = "What changed because of what you said (newest first):"

# Staff: replies
REPLIES_NONE = "Nobody has replied to your updates yet."
REPLIES_HEADING = "The latest replies to your updates (newest first):"

MEDIA_WORDS = {"voice": "a voice note", "photo": "a photo"}
UNLABELLED: dict[LinkKind, str] = {
    "poll": "your vote in a poll",
    "idea": "your idea",
    "question": "your answer to a question",
}


@dataclass(frozen=True, slots=True)
class Link:
    """What an update is linked to, in words: its kind and a short label."""

    kind: LinkKind
    label: str


@dataclass(frozen=True, slots=True)
class UpdateItem:
    """One update as a resident sees it in /updates."""

    title: str
    link: Link
    text: str
    created_at: float
    timezone: str


@dataclass(frozen=True, slots=True)
class ReplyItem:
    """One resident's reply to an update, as staff see it (pseudonym only)."""

    pseudonym: str
    update_text: str
    kind: str
    value: str
    caption: str | None
    created_at: float
    timezone: str


def link_kind(value: str) -> LinkKind | None:
    """The link kind a button names, or None for anything else."""
    return next((k for k in LINK_KINDS if k == value), None)


def excerpt(text: str, limit: int = 40) -> str:
    """The text on one line, cut at a word boundary to ``limit`` characters."""
    return late.clip(text, limit, flat=True)


def contribution_words(kind: str, value: str, caption: str | None) -> str:
    """What someone sent, in words: the text, or the caption of a voice note or photo."""
    if kind == "text":
        return value
    media = MEDIA_WORDS.get(kind, "a message")
    return f"{media}: {caption}" if caption else media


def people(count: int) -> str:
    """“1 person”, “3 people”."""
    return "1 person" if count == 1 else f"{count} people"


def about(link: Link) -> str:
    """The link from the contributor's side: “your idea “…””."""
    if not link.label:
        return UNLABELLED[link.kind]
    if link.kind == "idea":
        return f"your idea “{excerpt(link.label, 60)}”"
    if link.kind == "question":
        return f"your answer to “{excerpt(link.label, 60)}”"
    return f"your vote on “{excerpt(link.label, 60)}”"


def staff_link(link: Link) -> str:
    """The link from the team's side: “the idea “…””."""
    noun = {"idea": "the idea", "question": "the question", "poll": "the poll"}[link.kind]
    return f"{noun} “{excerpt(link.label, 60)}”"


def check_text(text: str) -> str | None:
    """Why an update's text can't be used, or None if it can."""
    length = len(text.strip())
    if length < MIN_UPDATE_TEXT:
        return TEXT_TOO_SHORT
    if length > MAX_UPDATE_TEXT:
        return TEXT_TOO_LONG.format(length=length, limit=MAX_UPDATE_TEXT)
    return None


def update_spec(title: str, link: Link, text: str) -> dict[str, Any]:
    """The message the contributors get, as what to say: each gets it in their language
    when it is sent (the project's title, the label and the text too, if per language)."""
    entry = link.kind if link.label else f"{link.kind}_unlabelled"
    return late.say(
        f"UPDATE_MESSAGE.{entry}",
        title=late.text(title),
        label=late.text(link.label, clip=60),
        text=late.text(text),
    )


def update_message(title: str, link: Link, text: str, words: Words | None = None) -> str:
    """The message the contributors get, in ``words`` (English unless given)."""
    words = words or english()
    return str(late.render({"text": update_spec(title, link, text)}, words, words.lang)["text"])


def preview(
    reachable: int, unreachable: int, link: Link, message: str, after: datetime | None = None
) -> str:
    """What the facilitator sees before sending: who it reaches, when, then the message."""
    missing = PREVIEW_MISSING.format(people=people(unreachable)) if unreachable else ""
    head = PREVIEW.format(people=people(reachable), link=staff_link(link), missing=missing)
    return f"{head}{later(after)}\n\n{message}"


def sending(recipients: int, after: datetime | None = None) -> str:
    """What the facilitator sees once Send is pressed, until the outbox is done."""
    return SENDING.format(people=people(recipients)) + later(after)


def later(after: datetime | None) -> str:
    """“It will go out at 08:00…” when quiet hours hold the update back; else nothing."""
    return AFTER_QUIET.format(time=f"{after:%H:%M}") if after else ""


def summary(sent: int, not_reached: int) -> str:
    """The result once the outbox has done what it can."""
    text = SENT.format(people=people(sent))
    return text + (NOT_REACHED.format(people=people(not_reached)) if not_reached else "")


def idea_button(pseudonym: str, words: str) -> str:
    """A picker button for an idea: who sent it and the start of it."""
    return f"{pseudonym}: {excerpt(words, 34)}"


def question_button(text: str, answered: int) -> str:
    """A picker button for a dialogue question: its text and how many answered."""
    return f"{excerpt(text, 36)} ({answered})"


def poll_button(question: str) -> str:
    """A picker button for a poll: its question."""
    return excerpt(question, 44)


def day(timestamp: float, zone: str) -> str:
    """A date as people say it, in the project's time zone: “22 Nov 2026”."""
    when = datetime.fromtimestamp(timestamp, UTC).astimezone(ZoneInfo(zone))
    return f"{when.day} {when:%b %Y}"


def updates_messages(items: Sequence[UpdateItem]) -> list[str]:
    """/updates for a resident: each update with its date and link; one or more messages."""
    if not items:
        return [UPDATES_NONE]
    blocks = [
        f"• {day(i.created_at, i.timezone)}, “{i.title}”, about {about(i.link)}:\n{i.text}"
        for i in items
    ]
    return chunk(UPDATES_HEADING, blocks)


def replies_messages(items: Sequence[ReplyItem]) -> list[str]:
    """/replies for staff: who (pseudonym), when, on which update, and what they said."""
    if not items:
        return [REPLIES_NONE]
    blocks = [
        f"• {i.pseudonym}, {day(i.created_at, i.timezone)}, on “{excerpt(i.update_text, 50)}”:\n"
        + (i.value if i.kind == "text" else f"[{contribution_words(i.kind, i.value, i.caption)}]")
        for i in items
    ]
    return chunk(REPLIES_HEADING, blocks)


def chunk(heading: str, blocks: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Blocks joined under a heading, split into messages that fit Telegram's limit."""
    messages: list[str] = []
    current = heading
    for block in blocks:
        block = block if len(block) <= limit - 10 else block[: limit - 11] + "…"
        if len(current) + 2 + len(block) > limit:
            messages.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}"
    messages.append(current)
    return messages
