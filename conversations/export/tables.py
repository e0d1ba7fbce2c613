"""Each exported table: its columns, and how a stored row becomes an exported one.

Times arrive formatted (UTC, ISO 8601) by the query.
Storage selects rows in the order each ``shape`` expects; nothing here ever sees a
Telegram id or a name, because storage never selects them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from conversations.export.cells import shown
from conversations.projects import Project

Row = Sequence[Any]
Cells = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class TableShape:
    """The exported columns of a table and the function that fills them from a stored row."""

    columns: tuple[str, ...]
    shape: Callable[[Row], Cells]


@lru_cache(maxsize=256)
def _labels(options: str) -> tuple[str, ...]:
    return tuple(json.loads(options))


def _chosen(options: str, option_ids: str) -> str:
    labels = _labels(options)
    chosen = json.loads(option_ids)
    return "; ".join(labels[i] if 0 <= i < len(labels) else f"option {i}" for i in chosen)


def _quote(value: int | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def shapes(project: Project) -> dict[str, TableShape]:
    """Every table of ``project``, with question texts from its script and check-ins."""
    script = project.dialogue
    questions = {(step.id, False): step.text for step in script.steps} | {
        (step.id, True): step.probe for step in script.steps if step.probe
    }
    checkin_questions = {
        (checkin.id, str(q.id)): q.text for checkin in project.checkins for q in checkin.questions
    }

    def participant(r: Row) -> Cells:
        return (r[0], r[1], r[2], r[3], _quote(r[4]), r[5])

    def answer(r: Row) -> Cells:
        probe = bool(r[3])
        question = questions.get((r[2], probe)) if r[1] == script.id else None
        return (r[0], r[2], question, probe, r[4], shown(r[4], r[5]), r[6], r[7])

    def idea(r: Row) -> Cells:
        return (r[0], r[1], shown(r[1], r[2]), r[3], r[4])

    def diary(r: Row) -> Cells:
        happened = shown(r[6], r[7])
        return (
            r[0],
            r[1],
            r[2],
            r[3],
            bool(r[4]),
            r[5],
            r[6],
            happened,
            r[8],
            r[9],
            r[10],
            r[11],
        )

    def vote(r: Row) -> Cells:
        return (r[0], r[1], r[2], r[3], _chosen(r[4], r[5]), r[6])

    def followup(r: Row) -> Cells:
        return (r[0], r[1], r[2], r[3], shown(r[3], r[4]), r[5])

    def checkin(r: Row) -> Cells:
        question = checkin_questions.get((r[1], r[3]))
        value = shown(r[4], r[6])
        return (r[0], r[1], r[2], r[3], question, r[4], r[5], value, r[7])

    return {
        "participants": TableShape(
            ("pseudonym", "joined_via", "status", "consented_on", "may_quote", "left_on"),
            participant,
        ),
        "answers": TableShape(
            (
                "pseudonym",
                "step_id",
                "question",
                "probe",
                "kind",
                "value",
                "caption",
                "answered_at",
            ),
            answer,
        ),
        "ideas": TableShape(("pseudonym", "kind", "value", "caption", "shared_at"), idea),
        "diary": TableShape(
            (
                "pseudonym",
                "date",
                "time",
                "status",
                "nothing_today",
                "touchpoint",
                "happened_kind",
                "happened",
                "happened_caption",
                "feeling",
                "better",
                "started_at",
            ),
            diary,
        ),
        "votes": TableShape(
            ("pseudonym", "poll_id", "poll_version", "question", "chosen", "voted_at"), vote
        ),
        "followups": TableShape(
            ("pseudonym", "poll_id", "question", "kind", "value", "answered_at"), followup
        ),
        "checkins": TableShape(
            (
                "pseudonym",
                "checkin_id",
                "cycle_date",
                "question_id",
                "question",
                "kind",
                "score",
                "value",
                "answered_at",
            ),
            checkin,
        ),
    }
