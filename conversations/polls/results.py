"""Poll results: counts per option, response rate, and the words people gave for "why?"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from conversations.polls import texts
from conversations.polls.model import FollowUp

MEDIA_WORDS = {"voice": "[voice note]", "photo": "[photo]"}
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


def status_words(closes_at: float | None, closed_at: float | None, zone: str, now: float) -> str:
    """Open, closing when, or closed when, on the project's clock (a past closing is closed)."""

    def when(at: float) -> str:
        local = datetime.fromtimestamp(at, UTC).astimezone(ZoneInfo(zone))
        return local.strftime("%a %d %b %H:%M").replace(" 0", " ")

    if closed_at is not None:
        return texts.STATUS_CLOSED.format(when=when(closed_at))
    if closes_at is not None and closes_at <= now:
        # Its closing job has not run yet (a restart, a busy loop): it is closed all the same.
        return texts.STATUS_CLOSED.format(when=when(closes_at))
    if closes_at is not None:
        return texts.STATUS_CLOSES.format(when=when(closes_at))
    return texts.STATUS_OPEN


def followup_line(followup: FollowUp) -> str:
    """One "why?" answer under its pseudonym."""
    if followup.kind == "text":
        words = followup.value
        if len(words) > FOLLOWUP_CHARS:
            words = words[: FOLLOWUP_CHARS - 1].rstrip() + "…"
        return f"{followup.pseudonym}: “{words}”"
    return f"{followup.pseudonym}: {MEDIA_WORDS.get(followup.kind, '[' + followup.kind + ']')}"


def results_text(
    results: PollResults, status: str, why: str | None, followups: Sequence[FollowUp]
) -> str:
    """The results as a message (the chart's text twin), within Telegram's 4096 characters."""
    lines = [
        texts.RESULTS_HEAD.format(
            question=results.question, version=results.version, status=status
        ),
        texts.RESULTS_RATE.format(
            voters=results.voters, reached=results.reached, rate=percent(results.rate)
        ),
        "",
    ]
    for option in results.options:
        lines.append(
            texts.RESULTS_OPTION.format(
                label=option.label, count=option.count, share=percent(option.share)
            )
        )
    if results.multiple:
        lines += ["", texts.SHARES_OF_VOTERS]
    if why:
        lines += ["", texts.RESULTS_WHY.format(why=why, count=len(followups))]
        lines += [followup_line(f) for f in followups]
    text = "\n".join(lines)
    if len(text) > 4000:
        text = text[:3990].rsplit("\n", 1)[0] + "\n" + texts.RESULTS_MORE
    return text
