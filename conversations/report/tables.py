"""Each section's numbers as a table of plain strings, so both renderers show the same figures.

Cells hold raw text (residents' words included); each renderer escapes them its own way.
Headers and figures are in the report's language (``words``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conversations.checkins.results import day_words
from conversations.i18n.words import Words
from conversations.journey.model import FEELINGS
from conversations.polls.chart import option_labels
from conversations.report.journey import JourneyView
from conversations.report.model import CheckinReport, FunnelStep, PollFamily, QuestionReport
from conversations.report.model import UpdateReport as Update
from conversations.report.said import LanguageThemes, SaidSummary
from conversations.report.texts import SHARE_OF, counted, decimal, long_day, number, percent

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]
NONE = "–"

# A figure first ("1,200", "2 of 4 (50%)", "57% of ..."), in any language's digits and words.
_DIGITS = "\\d\u0660-\u0669\u06f0-\u06f9"
_FIGURE = re.compile(
    f"[{_DIGITS}][{_DIGITS},.\u066b\u066c\u00a0\u202f\u200e\u200f]*(?:\\s?%|\u066a)?(?:\\s.*)?|{NONE}"
)


def is_number(cell: str) -> bool:
    """Whether a cell holds a figure: right-aligned (never the first column, a label)."""
    return bool(_FIGURE.fullmatch(cell))


def share(part: int, whole: int | None, words: Words) -> str:
    """``part`` as a percentage of ``whole`` (a dash when there is no whole)."""
    return percent(part / whole, words) if whole else NONE


def out_of(part: int, whole: int, words: Words) -> str:
    """ "3 of 4 (75%)"."""
    return words.say(
        "REPORT_OUT_OF",
        part=number(part, words),
        whole=number(whole, words),
        share=share(part, whole, words),
    )


def funnel_table(steps: Sequence[FunnelStep], words: Words) -> Table:
    """Each step, its count and its share of the step it follows from."""
    rows: list[tuple[str, ...]] = []
    for step in steps:
        count = (
            words.say("REPORT_NOT_RECORDED") if step.count is None else number(step.count, words)
        )
        ratio = NONE
        if step.of is not None and step.count is not None:
            base = steps[step.of]
            # Whole-project counts and filtered ones do not divide into a meaningful share.
            if base.count and base.whole_project == step.whole_project:
                of = f"REPORT_SHARE_OF.{SHARE_OF[step.of]}"
                ratio = words.say(of, share=share(step.count, base.count, words))
        rows.append((step.label, count, ratio, step.meaning))
    head = tuple(
        words.say(f"REPORT_FUNNEL_TABLE.{k}") for k in ("step", "people", "share", "means")
    )
    return head, rows


def answers_line(said: SaidSummary, words: Words, ideas: bool = False, empty: str = "") -> str:
    """How many and of what kind: e.g. "12 answers: 9 written, 2 voice notes, 1 photo."."""
    if not said.answers:
        line = empty or words.say("REPORT_NOT_ENOUGH")
    else:
        kinds = [counted(words, "REPORT_WRITTEN", said.written)] if said.written else []
        kinds += [
            counted(words, key, n)
            for n, key in ((said.voice, "REPORT_VOICE_NOTES"), (said.photo, "REPORT_PHOTOS"))
            if n
        ]
        chosen = sum(said.choices.values())
        if chosen:
            kinds.append(counted(words, "REPORT_CHOSE", chosen))
        noun = "REPORT_IDEAS" if ideas else "REPORT_ANSWERS"
        line = words.say(
            "REPORT_ANSWERS_LINE",
            answers=counted(words, noun, said.answers),
            kinds=", ".join(kinds),
        )
    if said.skipped:
        line += " " + counted(words, "REPORT_SKIPPED", said.skipped)
    return line


def theme_table(group: LanguageThemes, words: Words) -> Table:
    """Themes of one language with how many of its written answers mention them."""
    rows: list[tuple[str, ...]] = [
        (t.label, number(t.count, words), share(t.count, group.written, words))
        for t in group.themes
    ]
    head = tuple(words.say(f"REPORT_THEME_TABLE.{k}") for k in ("theme", "answers", "share"))
    return head, rows


def code_table(question: QuestionReport, words: Words) -> Table:
    """The codebook's codes on a question's answers, with their share of its answers."""
    total = question.said.answers
    rows: list[tuple[str, ...]] = [
        (name, number(count, words), share(count, total, words)) for name, count in question.codes
    ]
    head = tuple(words.say(f"REPORT_CODE_TABLE.{k}") for k in ("code", "answers", "share"))
    return head, rows


def choice_table(question: QuestionReport, words: Words) -> Table:
    """How many chose each option of a choice question."""
    total = sum(question.said.choices.values())
    rows: list[tuple[str, ...]] = []
    for option_id, label in question.options:
        count = question.said.choices.get(option_id, 0)
        rows.append((label, number(count, words), share(count, total, words)))
    head = tuple(words.say(f"REPORT_CHOICE_TABLE.{k}") for k in ("option", "chosen", "share"))
    return head, rows


def journey_table(view: JourneyView, words: Words) -> Table:
    """Services worst first: contacts, average feeling, and contacts at each feeling."""
    rows = []
    for service in view.services:
        levels = view.feelings.get(service.service, (0,) * 5)
        rows.append(
            (
                service.service,
                number(service.count, words),
                f"{decimal(service.mean_feeling, words)} ({service.feeling_word})",
                *(number(n, words) for n in levels),
            )
        )
    head = tuple(words.say(f"REPORT_JOURNEY_TABLE.{k}") for k in ("service", "contacts", "average"))
    return (*head, *FEELINGS.values()), rows


def poll_table(family: PollFamily, words: Words) -> Table:
    """Votes per option (share of that version's voters), one column per version."""
    versions = family.versions
    rows = []
    for label in option_labels(versions):
        cells = []
        for results in versions:
            option = next((o for o in results.options if o.label == label), None)
            cells.append(
                NONE
                if option is None
                else f"{number(option.count, words)} ({percent(option.share, words)})"
            )
        rows.append((label, *cells))
    rows.append(
        (
            words.say("REPORT_POLL_VOTED"),
            *(out_of(r.voters, r.reached, words) for r in versions),
        )
    )
    head = [words.say("REPORT_POLL_TABLE.option")]
    head += [words.say("REPORT_POLL_TABLE.version", version=r.version) for r in versions]
    return tuple(head), rows


def checkin_table(report: CheckinReport, words: Words) -> Table:
    """Each round: who answered, and the mean score of each scale question."""
    scales = report.definition.scale_questions()
    rows = []
    for cycle in report.cycles:
        means = [cycle.mean(str(q.id)) for q in scales]
        day = day_words(cycle.local_date)
        rows.append(
            (
                day if cycle.closed else words.say("REPORT_ROUND_OPEN", day=day),
                out_of(cycle.answered, cycle.invited, words),
                *(NONE if m is None else decimal(m, words) for m in means),
            )
        )
    header = (
        words.say("REPORT_CHECKIN_TABLE.round"),
        words.say("REPORT_CHECKIN_TABLE.answered"),
        *(
            words.say("REPORT_CHECKIN_TABLE.question", number=n, question=q.text)
            for n, q in enumerate(scales, 1)
        ),
    )
    return header, rows


def updates_table(updates: Sequence[Update], words: Words) -> Table:
    """Each update: when, what, what about, and how many it was for, reached and heard back."""
    rows: list[tuple[str, ...]] = [
        (
            long_day(u.posted, words),
            u.text,
            u.about,
            number(u.meant_for, words),
            number(u.reached, words),
            number(u.replies, words),
        )
        for u in updates
    ]
    keys = ("date", "update", "about", "meant_for", "reached", "replies")
    return tuple(words.say(f"REPORT_UPDATES_TABLE.{k}") for k in keys), rows
