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

from babel.dates import format_date, format_time

from conversations.diary_schedule import quiet_until as quiet_until
from conversations.i18n import late
from conversations.i18n.words import Words, english

LinkKind = Literal["poll", "idea", "question"]
LINK_KINDS: tuple[LinkKind, ...] = ("poll", "idea", "question")
MAX_UPDATE_TEXT = 3000  # leaves room for the heading within Telegram's 4096 characters
MIN_UPDATE_TEXT = 10
MESSAGE_LIMIT = 4000
PICK_LIMIT = 8  # buttons in a picker: enough to find recent things, few enough to read

# What the outbox's progress says once an update is out (bot/broadcasts.py); the rest of
# the facilitator's words are in conversations/catalogue/updates.py.
SENT = "Sent to {people} who took part."
NOT_REACHED = " {people} didn't get it."

# Residents
UPDATES_NONE = (
    "There are no updates for you yet. When a project team does something with what you"
    " said, I'll send you a message and it will also appear here."
)
UPDATES_HEADING = "What changed because of what you said (newest first):"

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


def staff_link(link: Link, words: Words) -> str:
    """The link from the team's side: “the idea “…””."""
    return words.say(f"UPDATE_LINK.{link.kind}", label=excerpt(link.label, 60))


def check_text(text: str, words: Words) -> str | None:
    """Why an update's text can't be used, or None if it can."""
    length = len(text.strip())
    if length < MIN_UPDATE_TEXT:
        return words.say("UPDATE_TEXT_TOO_SHORT")
    if length > MAX_UPDATE_TEXT:
        return words.say("UPDATE_TEXT_TOO_LONG", length=length, limit=MAX_UPDATE_TEXT)
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
    reachable: int,
    unreachable: int,
    link: Link,
    message: str,
    words: Words,
    after: datetime | None = None,
    notes: Sequence[str] = (),
) -> str:
    """What the facilitator sees before sending: who it reaches, when, then the message (and
    ``notes`` after it: the languages it is not yet written in)."""
    head = [words.plural("UPDATE_PREVIEW", reachable, link=staff_link(link, words))]
    if unreachable:
        head.append(words.plural("UPDATE_PREVIEW_MISSING", unreachable))
    if after:
        head.append(later(after, words))
    look = words.say("UPDATE_PREVIEW_LOOK")
    return "\n\n".join([f"{' '.join(head)}\n\n{look}", message, *notes])


def sending(recipients: int, words: Words, after: datetime | None = None) -> str:
    """What the facilitator sees once Send is pressed, until the outbox is done."""
    said = words.plural("UPDATE_SENDING", recipients)
    return f"{said} {later(after, words)}" if after else said


def later(after: datetime, words: Words) -> str:
    """“It will go out at 08:00…” when quiet hours hold the update back."""
    return words.say("UPDATE_AFTER_QUIET", time=format_time(after, "HH:mm", locale=words.lang))


def summary(sent: int, not_reached: int) -> str:
    """The result once the outbox has done what it can."""
    text = SENT.format(people=people(sent))
    return text + (NOT_REACHED.format(people=people(not_reached)) if not_reached else "")


def idea_button(pseudonym: str, said: str, words: Words) -> str:
    """A picker button for an idea: who sent it and the start of it."""
    return words.say("UPDATE_IDEA_BUTTON", pseudonym=pseudonym, idea=excerpt(said, 34))


def staff_contribution(kind: str, value: str, caption: str | None, words: Words) -> str:
    """What someone sent, in the reader's words: the text, or a voice note or photo's caption."""
    if kind == "text":
        return value
    media = kind if kind in ("voice", "photo") else "other"
    if caption:
        return words.say(f"UPDATE_CONTRIBUTION_CAPTION.{media}", caption=caption)
    return words.say(f"UPDATE_CONTRIBUTION.{media}")


def question_button(text: str, answered: int) -> str:
    """A picker button for a dialogue question: its text and how many answered."""
    return f"{excerpt(text, 36)} ({answered})"


def poll_button(question: str) -> str:
    """A picker button for a poll: its question."""
    return excerpt(question, 44)


def day(timestamp: float, zone: str, lang: str | None = None) -> str:
    """A date as people say it, in the project's time zone: “22 Nov 2026” (in ``lang``)."""
    when = datetime.fromtimestamp(timestamp, UTC).astimezone(ZoneInfo(zone))
    if lang is not None:
        return format_date(when, "d MMM y", locale=lang)
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


def replies_messages(items: Sequence[ReplyItem], words: Words) -> list[str]:
    """/replies for staff: who (pseudonym), when, on which update, and what they said."""
    if not items:
        return [words.say("UPDATE_REPLIES_NONE")]
    blocks = [
        words.say(
            "UPDATE_REPLY_LINE",
            pseudonym=i.pseudonym,
            day=day(i.created_at, i.timezone, words.lang),
            update=excerpt(i.update_text, 50),
            said=i.value
            if i.kind == "text"
            else words.say(
                "UPDATE_MEDIA_SAID", media=staff_contribution(i.kind, i.value, i.caption, words)
            ),
        )
        for i in items
    ]
    return chunk(words.say("UPDATE_REPLIES_HEADING"), blocks)


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
