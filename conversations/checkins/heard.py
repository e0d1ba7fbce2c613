"""Co-assessment: "what we heard" when a check-in cycle closes, told back to who answered.

Residents judge whether a service works; hearing what everyone said, in their own language,
and what changed, keeps them judging. The message is built here as specs
(conversations/i18n/late.py), rendered per recipient when sent: the number who answered, the
main themes of the written answers in each language (conversations/report/said.py), one
quote from someone who agreed to be quoted (never a name or pseudonym, and never the
recipient's own words), and the changes recorded since the cycle before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from babel.lists import format_list

from conversations.i18n import late
from conversations.report.said import Said
from conversations.texts_by_language import Text

THEMES_TOLD = 3  # a phone screen, not a report
QUOTES_KEPT = 3  # enough that each recipient has one that is not their own
CHANGES_TOLD = 3


@dataclass(frozen=True, slots=True)
class Written:
    """One written answer of a cycle, with what its author allows."""

    participant_id: int
    may_quote: bool
    lang: str
    text: str


@dataclass(frozen=True, slots=True)
class Heard:
    """What a cycle heard: how many answered, themes per language, quotes and changes."""

    responders: int
    themes: Text | None
    quotes: tuple[tuple[int, str, str], ...]  # (author's participant id, language, words)
    changes: tuple[str, ...]  # stored texts (conversations/texts_by_language.to_stored)


def hear(responders: int, written: Sequence[Written], changes: Sequence[str], seed: str) -> Heard:
    """Tally a closed cycle's written answers (themes per language, quotable words)."""
    said = Said(seed)
    for answer in written:
        quotable = str(answer.participant_id) if answer.may_quote else None
        said.add("text", answer.text, quotable, answer.lang)
    summary = said.summary(themes=THEMES_TOLD, quotes=QUOTES_KEPT)
    spoken = {answer.participant_id: answer.lang for answer in written}
    themes = {
        group.lang: _listed([t.label for t in group.themes], group.lang)
        for group in summary.languages
        if group.themes
    }
    return Heard(
        responders,
        Text(themes) if themes else None,
        tuple((int(q.who), spoken[int(q.who)], q.text) for q in summary.quotes),
        tuple(changes[-CHANGES_TOLD:]),
    )


def _listed(labels: list[str], lang: str) -> str:
    try:
        return format_list(labels, locale=lang)
    except (ValueError, LookupError):  # a language Babel lacks: its words, comma-joined
        return ", ".join(labels)


def quote_for(heard: Heard, participant_id: int, lang: str | None = None) -> str | None:
    """The quote someone is shown: never their own words; one in ``lang`` if there is one."""
    others = [(said_in, words) for who, said_in, words in heard.quotes if who != participant_id]
    same = [words for said_in, words in others if said_in == lang]
    found = same or [words for _, words in others]
    return found[0] if found else None


def heard_params(
    heard: Heard, title: Text, participant_id: int, lang: str, button: dict[str, Any]
) -> dict[str, Any]:
    """The sendMessage parameters for one recipient (who reads ``lang``), as specs rendered
    when sent."""
    parts: list[Any] = [late.plural("CHECKIN_HEARD", heard.responders, title=late.text(title))]
    if heard.themes is not None:
        parts.append(late.say("CHECKIN_HEARD_THEMES", themes=late.text(heard.themes)))
    quote = quote_for(heard, participant_id, lang)
    if quote is not None:
        parts.append(late.say("CHECKIN_HEARD_QUOTE", quote=late.text(quote, clip=240)))
    if heard.changes:
        lines = [late.say("CHECKIN_HEARD_CHANGE", text=late.text(c)) for c in heard.changes]
        parts.append(late.say("CHECKIN_HEARD_CHANGES", changes=late.join(*lines, sep="\n")))
    else:
        parts.append(late.say("CHECKIN_HEARD_NO_CHANGE"))
    return {"text": late.join(*parts), "reply_markup": {"inline_keyboard": [[button]]}}
