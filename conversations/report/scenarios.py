"""Scenarios in the report: each story's questions taken out of the conversation's list and
shown under the story they were asked about."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.dialogue.script import Script
from conversations.report.model import QuestionReport, ScenarioReport


def by_scenario(
    script: Script, questions: Sequence[QuestionReport], lang: str | None = None
) -> tuple[tuple[QuestionReport, ...], tuple[ScenarioReport, ...]]:
    """(the questions of no scenario, one report per scenario with its questions in order)."""
    told = [step for step in script.steps if step.kind == "scenario"]
    owner = {question: step.id for step in told for question in step.questions}
    plain = tuple(q for q in questions if q.step_id not in owner)
    scenarios = tuple(
        ScenarioReport(
            step.id,
            step.text.in_(lang),
            tuple(q for asked in step.questions for q in questions if q.step_id == asked),
        )
        for step in told
    )
    return plain, scenarios
