"""The report's order and wording, written once and walked by each renderer (Markdown, HTML).

A renderer is a Writer: it turns headings, paragraphs, tables, quotes and charts into its
own format and escapes every text it is given. Charts are passed as functions, drawn only by
renderers that show pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from conversations.journey.words import moment_line
from conversations.report import charts, tables, texts
from conversations.report.charts import Chart
from conversations.report.model import Report
from conversations.report.said import SaidSummary
from conversations.report.themes import QUOTE_MAX, Quote


class Writer(Protocol):
    """What a renderer does with each piece of the report."""

    def begin(self, report: Report) -> None:
        """The title block: project, dates, cohort, when made."""

    def section(self, anchor: str, title: str) -> None:
        """Start a top-level section (ending the one before)."""

    def heading(self, text: str) -> None:
        """A heading inside a section."""

    def subheading(self, text: str) -> None:
        """A small heading (themes, quotes) inside a heading's part."""

    def para(self, text: str, note: bool = False) -> None:
        """A paragraph; a note is secondary (explanations, caveats)."""

    def table(self, table: tables.Table, caption: str) -> None:
        """A table of numbers (cells are raw text) under its caption."""

    def quotes(self, quotes: Sequence[Quote]) -> None:
        """People's words under their pseudonyms."""

    def bullets(self, items: Sequence[str]) -> None:
        """A plain list."""

    def chart(self, draw: Callable[[], Chart | None]) -> None:
        """A picture, if this format shows pictures."""

    def end(self) -> None:
        """Close the document (the privacy line has been written)."""


def facts(report: Report) -> tuple[tuple[str, str], ...]:
    """What the report covers, for its title block."""
    return (
        ("Dates covered", report.covered),
        ("Who", report.cohort),
        ("Generated", report.generated),
        ("What happens with what people say", report.use_of_input),
        ("Who sees it", report.who_sees),
    )


def compose(report: Report, out: Writer) -> None:
    """Walk the whole report into a writer."""
    out.begin(report)
    out.section("how-to-read", "How to read this report")
    for text in texts.HOW_TO_READ:
        out.para(text)
    out.para(texts.PRIVACY, note=True)
    _funnel(report, out)
    _questions(report, out)
    out.section("ideas", texts.IDEAS_HEAD)
    out.para(texts.IDEAS_WHY, note=True)
    _said(report.ideas, out, "idea", texts.NO_IDEAS)
    _journey(report, out)
    _polls(report, out)
    _checkins(report, out)
    out.section("updates", texts.UPDATES_HEAD)
    out.para(texts.UPDATES_WHY, note=True)
    if report.updates:
        out.table(tables.updates_table(report.updates), "Updates sent")
    else:
        out.para(texts.NO_UPDATES)
    out.section("privacy", "Privacy")
    out.para(texts.PRIVACY)
    out.end()


def _funnel(report: Report, out: Writer) -> None:
    out.section("funnel", texts.FUNNEL_HEAD)
    out.para(texts.FUNNEL_WHY, note=True)
    out.chart(partial(charts.funnel_chart, report.funnel))
    out.table(tables.funnel_table(report.funnel), "Participation, step by step")
    if any(step.whole_project for step in report.funnel):
        out.para(texts.FUNNEL_WHOLE, note=True)


def _questions(report: Report, out: Writer) -> None:
    out.section("questions", texts.QUESTIONS_HEAD)
    out.para(texts.QUESTIONS_WHY, note=True)
    number = 0
    for question in report.questions:
        if question.probe:
            out.heading(f"{texts.FOLLOW_UP} to Q{number}: {question.text}")
        else:
            number += 1
            out.heading(f"Q{number}. {question.text}")
        if question.options:
            out.para(tables.answers_line(question.said))
            if question.said.answers:
                out.table(tables.choice_table(question), "Options chosen")
        else:
            _said(question.said, out)


def _said(
    said: SaidSummary, out: Writer, noun: str = "answer", empty: str = texts.NOT_ENOUGH
) -> None:
    """Counts, themes and quotes of some free answers."""
    out.para(tables.answers_line(said, noun, empty))
    if not said.written:
        return
    if said.themes:
        out.table(tables.theme_table(said), texts.THEMES_HEAD)
    else:
        out.subheading(texts.THEMES_HEAD)
        out.para(texts.NO_THEMES, note=True)
    out.subheading(texts.QUOTES_HEAD)
    if said.quotes:
        out.quotes(said.quotes)
    else:
        out.para(texts.NO_QUOTES, note=True)


def _journey(report: Report, out: Writer) -> None:
    out.section("journey", texts.JOURNEY_HEAD)
    out.para(texts.JOURNEY_WHY, note=True)
    view = report.journey
    if view is None:
        out.para(texts.NO_DIARY)
        return
    if not view.services:
        out.para(texts.NO_ENTRIES)
        return
    out.para(f"{view.touchpoints:,} touchpoints from {view.diarists:,} diarists.")
    out.chart(partial(charts.journey_chart, view, report.title))
    out.table(tables.journey_table(view), "Contacts with each service, by how they felt")
    out.subheading(texts.LOWEST_HEAD)
    lines = [moment_line(m, QUOTE_MAX) for s in view.services for m in s.lowest]
    if lines:
        out.bullets(lines)
    else:
        out.para(texts.NO_LOWEST, note=True)


def _polls(report: Report, out: Writer) -> None:
    out.section("polls", texts.POLLS_HEAD)
    out.para(texts.POLLS_WHY, note=True)
    if not report.polls:
        out.para(texts.NO_POLLS)
    for family in report.polls:
        out.heading(f"\u201c{family.question}\u201d")
        out.chart(partial(charts.poll_chart, family))
        out.table(tables.poll_table(family), "Votes per option, each version")
        if family.why:
            out.subheading(f"{texts.POLL_WHY_HEAD} (\u201c{family.why}\u201d)")
            _said(family.said, out)


def _checkins(report: Report, out: Writer) -> None:
    out.section("checkins", texts.CHECKINS_HEAD)
    out.para(texts.CHECKINS_WHY, note=True)
    if not any(c.cycles for c in report.checkins):
        out.para(texts.NO_CHECKINS)
        return
    for checkin in report.checkins:
        if not checkin.cycles:
            continue
        out.heading(checkin.definition.title)
        out.chart(partial(charts.trend_chart, checkin))
        out.table(tables.checkin_table(checkin), "Answers and mean scores (1-5) per round")
        for question in checkin.definition.questions:
            said = checkin.words.get(str(question.id))
            if question.kind == "text" and said is not None:
                out.subheading(question.text)
                _said(said, out)
        if checkin.changes:
            out.subheading(texts.CHANGES_HEAD)
            out.bullets([f"{texts.long_day(c.local_date)}: {c.text}" for c in checkin.changes])
