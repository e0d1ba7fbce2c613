"""The report's order and wording, written once and walked by each renderer (Markdown, HTML).

A renderer is a Writer: it turns headings, paragraphs, tables, quotes and charts into its
own format and escapes every text it is given. Charts are passed as functions, drawn only by
renderers that show pictures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from conversations.i18n.words import Words
from conversations.journey.words import moment_line
from conversations.report import charts, completion, tables, texts
from conversations.report.charts import Chart
from conversations.report.coassess import coassessment
from conversations.report.farm import compose_farm
from conversations.report.model import QuestionReport, Report, ScenarioReport
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
    say = report.words.say
    return (
        (say("REPORT_FACTS.covered"), report.covered),
        (say("REPORT_FACTS.cohort"), report.cohort),
        (say("REPORT_FACTS.generated"), report.generated),
        (say("REPORT_FACTS.use"), report.use_of_input),
        (say("REPORT_FACTS.sees"), report.who_sees),
    )


def contents(report: Report) -> list[tuple[str, str]]:
    """(anchor, heading) of each section, for the table of contents."""
    listed = [(anchor, report.words.say(key)) for anchor, key in texts.CONTENTS]
    at = next(n for n, (anchor, _) in enumerate(listed) if anchor == "questions") + 1
    listed[at:at] = [_scenario_heading(report, scenario) for scenario in report.scenarios]
    return listed


def _scenario_heading(report: Report, scenario: ScenarioReport) -> tuple[str, str]:
    story = scenario.first_line
    return f"scenario-{scenario.step_id}", report.words.say("REPORT_SCENARIO_HEAD", story=story)


def compose(report: Report, out: Writer) -> None:
    """Walk the whole report into a writer."""
    say = report.words.say
    out.begin(report)
    out.section("how-to-read", say("REPORT_HOW_TO_READ_HEAD"))
    for part in ("what", "themes", "quotes", "shares"):
        out.para(say(f"REPORT_HOW_TO_READ.{part}"))
    out.para(say("REPORT_PRIVACY"), note=True)
    _funnel(report, out)
    _questions(report, out)
    _scenarios(report, out)
    out.section("ideas", say("REPORT_IDEAS_HEAD"))
    out.para(say("REPORT_IDEAS_WHY"), note=True)
    _said(report.ideas, out, report.words, ideas=True, empty=say("REPORT_NO_IDEAS"))
    compose_farm(report.farm, out, report.words)
    _journey(report, out)
    completion.section(report.diary_completion, out, report.words)
    _polls(report, out)
    _checkins(report, out)
    out.section("updates", say("REPORT_UPDATES_HEAD"))
    out.para(say("REPORT_UPDATES_WHY"), note=True)
    if report.updates:
        out.table(tables.updates_table(report.updates, report.words), say("REPORT_UPDATES_CAPTION"))
    else:
        out.para(say("REPORT_NO_UPDATES"))
    out.section("privacy", say("REPORT_PRIVACY_HEAD"))
    out.para(say("REPORT_PRIVACY"))
    out.end()


def _funnel(report: Report, out: Writer) -> None:
    words = report.words
    out.section("funnel", words.say("REPORT_FUNNEL_HEAD"))
    out.para(words.say("REPORT_FUNNEL_WHY"), note=True)
    out.chart(partial(charts.funnel_chart, report.funnel, words))
    out.table(tables.funnel_table(report.funnel, words), words.say("REPORT_FUNNEL_CAPTION"))
    if any(step.whole_project for step in report.funnel):
        out.para(words.say("REPORT_FUNNEL_WHOLE"), note=True)


def _questions(report: Report, out: Writer) -> None:
    words = report.words
    out.section("questions", words.say("REPORT_QUESTIONS_HEAD"))
    out.para(words.say("REPORT_QUESTIONS_WHY"), note=True)
    _asked(report.questions, out, words)


def _scenarios(report: Report, out: Writer) -> None:
    """A section per scenario: its story, then its questions as the questions section shows."""
    words = report.words
    for scenario in report.scenarios:
        out.section(*_scenario_heading(report, scenario))
        out.para(words.say("REPORT_SCENARIO_WHY"), note=True)
        out.para(scenario.story)
        _asked(scenario.questions, out, words)


def _asked(questions: Sequence[QuestionReport], out: Writer, words: Words) -> None:
    number = 0
    for question in questions:
        if question.probe:
            out.heading(words.say("REPORT_FOLLOW_UP", number=number, question=question.text))
        else:
            number += 1
            out.heading(words.say("REPORT_QUESTION", number=number, question=question.text))
        if question.options:
            out.para(tables.answers_line(question.said, words))
            if question.said.answers:
                out.table(tables.choice_table(question, words), words.say("REPORT_OPTIONS_CAPTION"))
        else:
            _said(question.said, out, words)
        if question.codes:
            out.table(tables.code_table(question, words), words.say("REPORT_CODES_HEAD"))


def _said(
    said: SaidSummary, out: Writer, words: Words, ideas: bool = False, empty: str = ""
) -> None:
    """Counts, themes (per language when more than one) and quotes of some free answers."""
    out.para(tables.answers_line(said, words, ideas, empty))
    if not said.written:
        return
    groups = said.languages
    if len(groups) > 1:
        counts = [
            words.say(
                "REPORT_LANGUAGE_COUNT",
                language=texts.language_name(g.lang, words),
                number=texts.number(g.written, words),
            )
            for g in groups
        ]
        out.para(words.say("REPORT_BY_LANGUAGE", languages=", ".join(counts)))
    for group in groups:
        title = (
            words.say("REPORT_THEMES_IN", language=texts.language_name(group.lang, words))
            if len(groups) > 1
            else words.say("REPORT_THEMES_HEAD")
        )
        if group.themes:
            out.table(tables.theme_table(group, words), title)
        else:
            out.subheading(title)
            out.para(words.say("REPORT_NO_THEMES"), note=True)
    out.subheading(words.say("REPORT_QUOTES_HEAD"))
    if said.quotes:
        out.quotes(said.quotes)
    else:
        out.para(words.say("REPORT_NO_QUOTES"), note=True)


def _journey(report: Report, out: Writer) -> None:
    words = report.words
    out.section("journey", words.say("REPORT_JOURNEY_HEAD"))
    out.para(words.say("REPORT_JOURNEY_WHY"), note=True)
    view = report.journey
    if view is None:
        out.para(words.say("REPORT_NO_DIARY"))
        return
    if not view.services:
        out.para(words.say("REPORT_NO_ENTRIES"))
        return
    out.para(
        words.say(
            "REPORT_TOUCHPOINTS_LINE",
            touchpoints=texts.counted(words, "REPORT_TOUCHPOINTS", view.touchpoints),
            diarists=texts.counted(words, "REPORT_DIARISTS", view.diarists),
        )
    )
    out.chart(partial(charts.journey_chart, view, report.title))
    out.table(tables.journey_table(view, words), words.say("REPORT_JOURNEY_CAPTION"))
    out.subheading(words.say("REPORT_LOWEST_HEAD"))
    lines = [moment_line(m, QUOTE_MAX) for s in view.services for m in s.lowest]
    if lines:
        out.bullets(lines)
    else:
        out.para(words.say("REPORT_NO_LOWEST"), note=True)


def _polls(report: Report, out: Writer) -> None:
    words = report.words
    out.section("polls", words.say("REPORT_POLLS_HEAD"))
    out.para(words.say("REPORT_POLLS_WHY"), note=True)
    if not report.polls:
        out.para(words.say("REPORT_NO_POLLS"))
    for family in report.polls:
        out.heading(words.say("REPORT_POLL_HEAD", question=family.question))
        out.chart(partial(charts.poll_chart, family, words))
        out.table(tables.poll_table(family, words), words.say("REPORT_POLL_CAPTION"))
        if family.why:
            out.subheading(words.say("REPORT_POLL_WHY_HEAD", why=family.why))
            _said(family.said, out, words)


def _checkins(report: Report, out: Writer) -> None:
    words = report.words
    out.section("checkins", words.say("REPORT_CHECKINS_HEAD"))
    out.para(words.say("REPORT_CHECKINS_WHY"), note=True)
    if not any(c.cycles for c in report.checkins):
        out.para(words.say("REPORT_NO_CHECKINS"))
        return
    for checkin in report.checkins:
        if not checkin.cycles:
            continue
        out.heading(checkin.definition.title)
        out.chart(partial(charts.trend_chart, checkin, words))
        out.table(tables.checkin_table(checkin, words), words.say("REPORT_CHECKIN_CAPTION"))
        for question in checkin.definition.questions:
            said = checkin.words.get(str(question.id))
            if question.kind == "text" and said is not None:
                out.subheading(question.text)
                _said(said, out, words)
        if checkin.changes:
            out.subheading(words.say("REPORT_CHANGES_HEAD"))
            out.bullets(
                [
                    words.say(
                        "REPORT_CHANGE", day=texts.long_day(c.local_date, words), change=c.text
                    )
                    for c in checkin.changes
                ]
            )
        coassessment(checkin, out, words)
