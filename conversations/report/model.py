"""The summary report as plain data: what storage tallied, ready for either renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import Change, CycleResults
from conversations.diary_completion import Completion
from conversations.i18n.words import Words, english
from conversations.polls.results import PollResults
from conversations.report.farm import FarmReport
from conversations.report.journey import JourneyView
from conversations.report.said import SaidSummary
from conversations.report.themes import Quote

FIRST_LINE_MAX = 120
_SENTENCE_END = re.compile(r"(?<=[.!?؟։。])\s")


@dataclass(frozen=True, slots=True)
class FunnelStep:
    """One step of the participation funnel; ``count`` None when it was never recorded."""

    label: str
    meaning: str
    count: int | None
    of: int | None = None  # the index of the step this one is a share of
    whole_project: bool = False


@dataclass(frozen=True, slots=True)
class QuestionReport:
    """One question of the opening conversation (or its follow-up) and what people said."""

    step_id: str
    text: str
    probe: bool
    options: tuple[tuple[str, str], ...]  # (option id, label) of a choice
    said: SaidSummary
    codes: tuple[tuple[str, int], ...] = ()  # (codebook code, answers carrying it), most first


@dataclass(frozen=True, slots=True)
class ScenarioReport:
    """A scenario's story (in the report's language) and what people said to its questions."""

    step_id: str
    story: str
    questions: tuple[QuestionReport, ...]

    @property
    def first_line(self) -> str:
        """The story's first sentence (or line), for a heading."""
        first = _SENTENCE_END.split(self.story.strip().splitlines()[0], maxsplit=1)[0]
        return first if len(first) <= FIRST_LINE_MAX else first[: FIRST_LINE_MAX - 1] + "…"


@dataclass(frozen=True, slots=True)
class PollFamily:
    """A prototype poll and its later versions, counted, with the "why?" answers."""

    question: str
    why: str | None
    versions: tuple[PollResults, ...]
    said: SaidSummary


@dataclass(frozen=True, slots=True)
class Coassessment:
    """Residents judging a check-in: "what we heard" sent (and left out, by reason), the
    questions they suggested (quotable ones in words, the rest counted) and those adopted."""

    heard: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    suggestions: tuple[Quote, ...] = ()
    unquoted: int = 0
    adopted: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CheckinReport:
    """A check-in's cycles (oldest first), changes made, and words for its text questions."""

    definition: CheckInDefinition
    cycles: tuple[CycleResults, ...]
    changes: tuple[Change, ...]
    words: dict[str, SaidSummary]
    coassessment: Coassessment = field(default_factory=Coassessment)


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """A "you said, we did" update: what it is about, and how many it was for and reached."""

    posted: date
    text: str
    about: str
    meant_for: int
    reached: int
    replies: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the summary report shows, for one project, window and cohort.

    ``words`` is the language the report is written in (its headings, labels and numbers).
    """

    title: str
    purpose: str
    use_of_input: str
    who_sees: str
    covered: str
    cohort: str
    generated: str
    funnel: tuple[FunnelStep, ...]
    questions: tuple[QuestionReport, ...]
    ideas: SaidSummary
    journey: JourneyView | None
    polls: tuple[PollFamily, ...]
    checkins: tuple[CheckinReport, ...]
    updates: tuple[UpdateReport, ...]
    words: Words = field(default_factory=english)
    diary_completion: Completion | None = None  # None: the project keeps no diary
    # The conversation's scenarios, each with its own questions (not repeated in `questions`).
    scenarios: tuple[ScenarioReport, ...] = ()
    # The ideas farm and the offers register (None: not tallied).
    farm: FarmReport | None = None
