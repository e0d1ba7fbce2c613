"""Check-in results across cycles: response rates, scale means, new words, and drops."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from conversations.checkins.model import AlertDrop, CheckInDefinition
from conversations.i18n import late
from conversations.i18n import words as i18n


@dataclass(frozen=True, slots=True)
class Words:
    """A free-text (or voice) answer, by pseudonym only."""

    pseudonym: str
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class CycleResults:
    """One cycle of a check-in: who was asked, who answered, and what they said."""

    cycle_id: int
    local_date: date
    closed: bool
    invited: int
    answered: int
    scores: dict[str, list[int]] = field(default_factory=dict)
    words: dict[str, list[Words]] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        """Share of those asked who answered (0-1), or None if nobody was asked."""
        return self.answered / self.invited if self.invited else None

    def mean(self, question_id: str) -> float | None:
        """The mean score of a scale question, or None without answers."""
        values = self.scores.get(question_id) or []
        return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class Change:
    """A change made to the service between cycles."""

    id: int
    local_date: date
    text: str


def day_words(day: date, lang: str | None = None) -> str:
    """A short date like 'Mon 2 Mar' (in ``lang`` when given; English otherwise)."""
    if lang is not None:
        return format_date(day, "EEE d MMM", locale=lang)
    return day.strftime("%a %d %b").replace(" 0", " ")


def _percent(rate: float | None, lang: str = "en") -> str:
    return "–" if rate is None else format_percent(rate, locale=lang)


def _mean(value: float | None, lang: str = "en") -> str:
    return "–" if value is None else format_decimal(round(value, 1), "0.0", locale=lang)


def distribution(values: Sequence[int]) -> str:
    """Counts per score, e.g. '1:0 2:1 3:0 4:2 5:1'."""
    return " ".join(f"{n}:{values.count(n)}" for n in range(1, 6))


def results_text(
    definition: CheckInDefinition,
    cycles: Sequence[CycleResults],
    changes: Sequence[Change],
    status: str,
    words: i18n.Words,
    earlier: int = 3,
) -> str:
    """The latest cycle against the ones before it, question by question."""
    say, lang = words.say, words.lang
    latest, before = cycles[-1], list(cycles[-1 - earlier : -1])
    title = definition.title.in_(lang)
    lines = [
        say(
            "CHECKIN_RESULTS_HEAD",
            title=title,
            n=len(cycles),
            day=day_words(latest.local_date, lang),
            status=status,
        ),
        say(
            "CHECKIN_RATE_LINE",
            answered=latest.answered,
            invited=latest.invited,
            rate=_percent(latest.rate, lang),
        )
        + _before([_percent(c.rate, lang) for c in before], words),
        "",
    ]
    functions = "CHECKIN_FUNCTIONS."
    for n, question in enumerate(definition.questions, 1):
        qid = str(question.id)
        lines.append(
            say(
                "CHECKIN_QUESTION_LINE",
                n=n,
                text=question.text.in_(lang),
                function=say(functions + question.function),
            )
        )
        if question.kind == "scale":
            values = latest.scores.get(qid) or []
            if values:
                lines.append(
                    say(
                        "CHECKIN_MEAN_LINE",
                        mean=_mean(latest.mean(qid), lang),
                        distribution=distribution(values),
                    )
                    + _before([_mean(c.mean(qid), lang) for c in before], words)
                )
            else:
                lines.append(say("CHECKIN_NO_SCORES"))
        else:
            said = latest.words.get(qid) or []
            if said:
                lines.append(say("CHECKIN_NEW_WORDS"))
                lines.extend(
                    say(
                        "CHECKIN_WORDS_LINE",
                        pseudonym=w.pseudonym,
                        text=say("CHECKIN_VOICE") if w.kind == "voice" else w.value,
                    )
                    for w in said
                )
            else:
                lines.append(say("CHECKIN_NO_SCORES"))
    if changes:
        lines += ["", say("CHECKIN_CHANGES_HEAD")]
        lines += [
            say("CHECKIN_CHANGE_LINE", day=day_words(c.local_date, lang), text=c.text)
            for c in changes
        ]
    return "\n".join(lines)


def _before(values: Sequence[str], words: i18n.Words) -> str:
    # A line's own tail (" · before: …"), a whole message of its own in every language.
    return words.say("CHECKIN_BEFORE", values=", ".join(values)) if values else ""


def drops(
    definition: CheckInDefinition, before: CycleResults, after: CycleResults, alert: AlertDrop
) -> list[dict[str, Any]]:
    """What fell beyond the definition's thresholds between two consecutive closed cycles,
    as lines to say in each reader's language when sent (conversations/i18n/late.py)."""
    found: list[dict[str, Any]] = []
    if alert.mean is not None:
        for question in definition.scale_questions():
            old, new = before.mean(str(question.id)), after.mean(str(question.id))
            if old is not None and new is not None and old - new >= alert.mean:
                found.append(
                    late.say(
                        "CHECKIN_DROP_MEAN",
                        question=late.text(question.text),
                        before=f"{old:.1f}",
                        after=f"{new:.1f}",
                    )
                )
    if alert.response_rate is not None and before.rate is not None and after.rate is not None:
        old, new = before.rate * 100, after.rate * 100
        if old - new >= alert.response_rate:
            found.append(late.say("CHECKIN_DROP_RATE", before=f"{old:.0f}", after=f"{new:.0f}"))
    return found
