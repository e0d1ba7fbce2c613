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
from conversations.texts_by_language import Text

LinkKind = Literal["poll", "idea", "question"]
LINK_KINDS: tuple[LinkKind, ...] = ("poll", "idea", "question")
MAX_UPDATE_TEXT = 3000  # leaves room for the heading within Telegram's 4096 characters
MIN_UPDATE_TEXT = 10
MESSAGE_LIMIT = 4000
PICK_LIMIT = 8  # buttons in a picker: enough to find recent things, few enough to read


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


def summary(sent: int, not_reached: int, words: Words) -> str:
    """The result once the outbox has done what it can."""
    text = words.plural("UPDATE_SENT", sent)
    return f"{text} {words.plural('UPDATE_NOT_REACHED', not_reached)}" if not_reached else text


def idea_button(pseudonym: str, said: str, words: Words) -> str:
    """A picker button for an idea: who sent it and the start of it."""
    return words.say("UPDATE_IDEA_BUTTON", pseudonym=pseudonym, idea=excerpt(said, 34))


def contribution_words(kind: str, value: str, caption: str | None, words: Words) -> str:
    """What someone sent, in the reader's words: the text as typed, or a voice note or
    photo (with its caption)."""
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


def updates_messages(items: Sequence[UpdateItem], words: Words) -> list[str]:
    """/updates for a resident, in ``words``: each update with its date and link; one or more
    messages (the title and the update's text in the resident's language, if given)."""
    if not items:
        return [words.say("UPDATES_NONE")]
    lang = words.lang
    blocks = [
        words.say(
            f"UPDATES_ITEM.{i.link.kind}" + ("" if i.link.label else "_unlabelled"),
            day=day(i.created_at, i.timezone, lang),
            title=_in(i.title, lang),
            label=excerpt(_in(i.link.label, lang), 60),
            text=_in(i.text, lang),
        )
        for i in items
    ]
    return chunk(words.say("UPDATES_HEADING"), blocks)


def _in(value: str, lang: str) -> str:
    """A project's or facilitator's words in ``lang`` when given per language."""
    return value.in_(lang) if isinstance(value, Text) else value


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
                "UPDATE_MEDIA_SAID", media=contribution_words(i.kind, i.value, i.caption, words)
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
