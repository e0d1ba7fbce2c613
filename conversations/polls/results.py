"""Poll results: counts per option, response rate, and the words people gave for "why?"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_percent

from conversations.i18n.words import Words
from conversations.polls.model import FollowUp

MEDIA_KEYS = {"voice": "POLL_FOLLOWUP_VOICE", "photo": "POLL_FOLLOWUP_PHOTO"}
FOLLOWUP_CHARS = 280  # one answer never crowds out the rest in a 4096-character message


@dataclass(frozen=True, slots=True)
class OptionCount:
    """How many voters chose one option, and what share of the voters that is."""

    label: str
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class PollResults:
    """One poll (one version) counted."""

    question: str
    version: int
    options: tuple[OptionCount, ...]
    voters: int
    reached: int
    # Several options per voter: the shares can add up to more than 100%.
    multiple: bool = False

    @property
    def rate(self) -> float:
        """Voters as a share of the people the poll reached (0 when it reached nobody)."""
        return self.voters / self.reached if self.reached else 0.0


def tally(
    question: str,
    options: Sequence[str],
    votes: Iterable[Sequence[int]],
    reached: int,
    version: int = 1,
    multiple: bool = False,
) -> PollResults:
    """Count the latest votes; an empty vote was retracted and counts for nothing."""
    counts = [0] * len(options)
    voters = 0
    for chosen in votes:
        valid = {i for i in chosen if 0 <= i < len(options)}
        if not valid:
            continue
        voters += 1
        for i in valid:
            counts[i] += 1
    return PollResults(
        question=question,
        version=version,
        options=tuple(
            OptionCount(label, count, count / voters if voters else 0.0)
            for label, count in zip(options, counts, strict=True)
        ),
        voters=voters,
        # Votes can come from people the count of sent messages missed (a crash mid-send).
        reached=max(reached, voters),
        multiple=multiple,
    )


def percent(share: float) -> str:
    """A share as a whole percentage."""
    return f"{round(share * 100)}%"


def status_words(
    closes_at: float | None, closed_at: float | None, zone: str, now: float, words: Words
) -> str:
    """Open, closing when, or closed when, on the project's clock (a past closing is closed)."""

    def when(at: float) -> str:
        local = datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(zone))
        return format_datetime(local, "EEE d MMM H:mm", locale=words.lang)

    if closed_at is not None:
        return words.say("POLL_STATUS_CLOSED", when=when(closed_at))
    if closes_at is not None and closes_at <= now:
        # Its closing job has not run yet (a restart, a busy loop): it is closed all the same.
        return words.say("POLL_STATUS_CLOSED", when=when(closes_at))
    if closes_at is not None:
        return words.say("POLL_STATUS_CLOSES", when=when(closes_at))
    return words.say("POLL_STATUS_OPEN")


def followup_line(followup: FollowUp, words: Words) -> str:
    """One "why?" answer under its pseudonym."""
    if followup.kind == "text":
        said = followup.value
        if len(said) > FOLLOWUP_CHARS:
            said = said[: FOLLOWUP_CHARS - 1].rstrip() + "…"
        return f"{followup.pseudonym}: “{said}”"
    key = MEDIA_KEYS.get(followup.kind, "POLL_FOLLOWUP_OTHER")
    return words.say(key, pseudonym=followup.pseudonym, kind=followup.kind)


def results_text(
    results: PollResults,
    status: str,
    why: str | None,
    followups: Sequence[FollowUp],
    words: Words,
) -> str:
    """The results as a message (the chart's text twin), within Telegram's 4096 characters."""

    def share(value: float) -> str:
        return format_percent(value, locale=words.lang)

    lines = [
        words.say(
            "POLL_RESULTS_HEAD", question=results.question, version=results.version, status=status
        ),
        words.say(
            "POLL_RESULTS_RATE",
            voters=results.voters,
            reached=results.reached,
            rate=share(results.rate),
        ),
        "",
    ]
    for option in results.options:
        lines.append(
            words.say(
                "POLL_RESULTS_OPTION",
                label=option.label,
                count=option.count,
                share=share(option.share),
            )
        )
    if results.multiple:
        lines += ["", words.say("POLL_SHARES_OF_VOTERS")]
    if why:
        lines += ["", words.plural("POLL_RESULTS_WHY", len(followups), why=why)]
        lines += [followup_line(f, words) for f in followups]
    text = "\n".join(lines)
    if len(text) > 4000:
        text = text[:3990].rsplit("\n", 1)[0] + "\n" + words.say("POLL_RESULTS_MORE")
    return text
