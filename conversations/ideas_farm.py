"""The ideas farm and the offers register in words: what residents and staff read.

Pure: it takes what storage found (pseudonyms, never names) and a reader's ``Words``.
"""

from __future__ import annotations

from conversations import catalogue
from conversations.i18n.words import Words

# Ideas shown to a resident at a time (each with its own buttons), and to staff per list.
PAGE_SIZE = 3
STAFF_LIST = 10
# How a resident orders the shared ideas: newest first, or most backed first.
ORDERS = ("new", "top")
# The short list an offer's tag is chosen from (the catalogue words each).
OFFER_TAGS = tuple(catalogue.OFFER_TAGS)
# The longest piece of a resident's words quoted in a card, a list or a notice.
CLIP = 300


def clip(text: str, limit: int = CLIP) -> str:
    """On one line, at most ``limit`` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def said(kind: str, value: str | None, caption: str | None, words: Words) -> str:
    """What a resident sent, readable: their words, or what stands for a voice note/photo."""
    if kind in ("voice", "photo"):
        shown = words.say(f"SAID_KINDS.{kind}")
        return f"{shown} {clip(caption)}" if caption else shown
    return clip(value or "")


def card(
    pseudonym: str,
    idea: str,
    backers: int,
    build_ons: list[tuple[str, str]],
    words: Words,
) -> str:
    """One shared idea as a resident sees it: who (a pseudonym), what, its backing and
    what others added ("building on this…")."""
    lines = [words.say("FARM_IDEA", pseudonym=pseudonym, idea=idea)]
    lines += [words.say("FARM_BUILD_ON_LINE", pseudonym=p, idea=t) for p, t in build_ons]
    lines.append(words.plural("FARM_BACKERS", backers, count=backers))
    return "\n".join(lines)


def staff_item(
    pseudonym: str, idea: str, backers: int, helpers: int, state: str, words: Words
) -> str:
    """A shared idea in a facilitator's /ideas: its state, backing and helpers."""
    return "\n".join(
        (
            words.say(f"IDEAS_ITEM.{state}", pseudonym=pseudonym, idea=idea),
            words.plural("FARM_BACKERS", backers, count=backers),
            words.plural("IDEAS_HELPERS", helpers, count=helpers),
        )
    )


def offer_card(
    pseudonym: str,
    what: str,
    when: str | None,
    where: str | None,
    tag: str | None,
    idea: str | None,
    asked: tuple[str, str | None] | None,
    words: Words,
) -> str:
    """One offer as a facilitator sees it (a pseudonym, never a name or a Telegram id)."""
    lines = [words.say("OFFER_CARD", pseudonym=pseudonym, what=what)]
    if when:
        lines.append(words.say("OFFER_WHEN", when=clip(when)))
    if where:
        lines.append(words.say("OFFER_WHERE", where=clip(where)))
    if tag in OFFER_TAGS:
        lines.append(words.say("OFFER_TAG_LINE", tag=words.say(f"OFFER_TAGS.{tag}")))
    if idea:
        lines.append(words.say("OFFER_ON_IDEA", idea=clip(idea, 80)))
    if asked is not None:
        work, answer = asked
        lines.append(words.say(f"OFFER_ASKED_STATE.{answer or 'waiting'}", work=clip(work, 80)))
    return "\n".join(lines)
