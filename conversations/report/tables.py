"""Each section's numbers as a table of plain strings, so both renderers show the same figures.

Cells hold raw text (residents' words included); each renderer escapes them its own way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conversations.checkins.results import day_words
from conversations.journey.model import FEELINGS
from conversations.polls.chart import option_labels
from conversations.polls.results import percent
from conversations.report import texts
from conversations.report.journey import JourneyView
from conversations.report.model import CheckinReport, FunnelStep, PollFamily, QuestionReport
from conversations.report.model import UpdateReport as Update
from conversations.report.said import SaidSummary

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]
NONE = "–"


_FIGURE = re.compile(r"[\d,.]+%?(?: \(.*\)| of .*)?|" + NONE)


def is_number(cell: str) -> bool:
    """Whether a cell holds a figure ("1,200", "2 of 4 (50%)", "57% of ..."): right-aligned."""
    return bool(_FIGURE.fullmatch(cell))


def counted(count: int, noun: str) -> str:
    """A count with thousands marked and its noun, e.g. "1 photo", "1,000 answers"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def share(part: int, whole: int | None) -> str:
    """``part`` as a percentage of ``whole`` (a dash when there is no whole)."""
    return percent(part / whole) if whole else NONE


def funnel_table(steps: Sequence[FunnelStep]) -> Table:
    """Each step, its count and its share of the step it follows from."""
    rows: list[tuple[str, ...]] = []
    for step in steps:
        count = texts.NOT_RECORDED if step.count is None else f"{step.count:,}"
        ratio = NONE
        if step.of is not None and step.count is not None:
            base = steps[step.of]
            # Whole-project counts and filtered ones do not divide into a meaningful share.
            if base.count and base.whole_project == step.whole_project:
                ratio = f"{share(step.count, base.count)} {texts.FUNNEL_OF[step.of]}"
        rows.append((step.label, count, ratio, step.meaning))
    return ("Step", "People", "Share", "What it counts"), rows


def answers_line(said: SaidSummary, noun: str = "answer", empty: str = texts.NOT_ENOUGH) -> str:
    """How many and of what kind: e.g. "12 answers: 9 written, 2 voice notes, 1 photo."."""
    if not said.answers:
        line = empty
    else:
        kinds = [f"{said.written:,} written"] if said.written else []
        kinds += [
            counted(n, noun) for n, noun in ((said.voice, "voice note"), (said.photo, "photo")) if n
        ]
        chosen = sum(said.choices.values())
        if chosen:
            kinds.append(f"{chosen:,} chose an option")
        line = f"{counted(said.answers, noun)}: {', '.join(kinds)}."
    if said.skipped:
        line += " " + texts.SKIPPED.format(count=f"{said.skipped:,}")
    return line


def theme_table(said: SaidSummary) -> Table:
    """Themes with how many written answers mention them."""
    rows: list[tuple[str, ...]] = [
        (t.label, f"{t.count:,}", share(t.count, said.written)) for t in said.themes
    ]
    return ("Theme", "Answers mentioning it", "Share of written answers"), rows


def choice_table(question: QuestionReport) -> Table:
    """How many chose each option of a choice question."""
    total = sum(question.said.choices.values())
    rows: list[tuple[str, ...]] = []
    for option_id, label in question.options:
        count = question.said.choices.get(option_id, 0)
        rows.append((label, f"{count:,}", share(count, total)))
    return ("Option", "Chosen", "Share"), rows


def journey_table(view: JourneyView) -> Table:
    """Services worst first: contacts, average feeling, and contacts at each feeling."""
    rows = []
    for service in view.services:
        levels = view.feelings.get(service.service, (0,) * 5)
        rows.append(
            (
                service.service,
                f"{service.count:,}",
                f"{service.mean_feeling:.1f} ({service.feeling_word})",
                *(f"{n:,}" for n in levels),
            )
        )
    return ("Service", "Contacts", "Average (1-5)", *FEELINGS.values()), rows


def poll_table(family: PollFamily) -> Table:
    """Votes per option (share of that version's voters), one column per version."""
    versions = family.versions
    rows = []
    for label in option_labels(versions):
        cells = []
        for results in versions:
            option = next((o for o in results.options if o.label == label), None)
            cells.append(NONE if option is None else f"{option.count:,} ({percent(option.share)})")
        rows.append((label, *cells))
    rows.append(
        (
            "Voted (of those it reached)",
            *(f"{r.voters:,} of {r.reached:,} ({percent(r.rate)})" for r in versions),
        )
    )
    return ("Option", *(f"Version {r.version}" for r in versions)), rows


def checkin_table(report: CheckinReport) -> Table:
    """Each round: who answered, and the mean score of each scale question."""
    scales = report.definition.scale_questions()
    rows = []
    for cycle in report.cycles:
        means = [cycle.mean(str(q.id)) for q in scales]
        rows.append(
            (
                day_words(cycle.local_date) + ("" if cycle.closed else " (open)"),
                f"{cycle.answered:,} of {cycle.invited:,} ({share(cycle.answered, cycle.invited)})",
                *(NONE if m is None else f"{m:.1f}" for m in means),
            )
        )
    header = ("Round", "Answered", *(f"Q{n}: {q.text}" for n, q in enumerate(scales, 1)))
    return header, rows


def updates_table(updates: Sequence[Update]) -> Table:
    """Each update: when, what, what about, and how many it was for, reached and heard back."""
    rows: list[tuple[str, ...]] = [
        (
            texts.long_day(u.posted),
            u.text,
            u.about,
            f"{u.meant_for:,}",
            f"{u.reached:,}",
            f"{u.replies:,}",
        )
        for u in updates
    ]
    return ("Date", "Update", "About", "Meant for", "Reached", "Replies"), rows
