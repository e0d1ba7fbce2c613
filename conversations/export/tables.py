"""Each exported table: its columns, what kind of value each holds, and the question texts.

A column's kind decides how every format shows it (see storage/export_sql.py for CSV and
JSON Lines, formats.py for XLSX): ``text`` is words someone typed (a resident, or a project
file's author) and is defused in spreadsheets; ``id`` is an identifier from a project file,
defused too; ``name`` is made by Tandem (pseudonyms, kinds, statuses) and safe as it is.
Times are UTC. Nothing here ever sees a Telegram id; a first name only in an identified
export, for residents who agreed (see request.columns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from conversations.checkins.model import CheckInDefinition
from conversations.projects import Project

Kind = Literal["name", "id", "text", "bool", "yesno", "number", "time", "date"]


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: its header and the kind of value under it."""

    name: str
    kind: Kind


def _columns(*spec: str) -> tuple[Column, ...]:
    """Columns from ``"header:kind"`` strings (kind ``name`` when left out)."""
    found = []
    for item in spec:
        name, _, kind = item.partition(":")
        found.append(Column(name, kind or "name"))  # type: ignore[arg-type]
    return tuple(found)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "participants": _columns(
        "pseudonym",
        "joined_via:id",
        "status",
        "consented_on:date",
        "may_quote:yesno",
        "may_name:yesno",
        "language:id",
        "left_on:date",
        "tags:text",
    ),
    "answers": _columns(
        "pseudonym",
        "step_id:id",
        "question:text",
        "probe:bool",
        "kind",
        "value:text",
        "caption:text",
        "answered_at:time",
        "language:id",
        "codes:text",
    ),
    "ideas": _columns("pseudonym", "kind", "value:text", "caption:text", "shared_at:time"),
    # The ideas farm: ideas and additions their authors chose to share with residents.
    "farm_ideas": _columns(
        "pseudonym",
        "idea_id:number",
        "building_on:number",
        "kind",
        "value:text",
        "caption:text",
        "sharing",
        "backers:number",
        "could_help:number",
        "shortlisted:bool",
        "poll_id:number",
        "sent_at:time",
    ),
    # The offers register: who is willing to do what, and their answer when asked to join.
    "offers": _columns(
        "pseudonym",
        "offer_id:number",
        "source",
        "idea_id:number",
        "kind",
        "what:text",
        "when:text",
        "where:text",
        "tag",
        "asked_about:text",
        "answer",
        "offered_at:time",
    ),
    "diary": _columns(
        "pseudonym",
        "date:date",
        "time",
        "status",
        "nothing_today:bool",
        "touchpoint:text",
        "happened_kind",
        "happened:text",
        "happened_caption:text",
        "feeling:number",
        "better:text",
        "started_at:time",
    ),
    # Prompts answered ÷ sent per diarist (see conversations/diary_completion.py).
    "diary_completion": _columns(
        "pseudonym",
        "sent:number",
        "answered:number",
        "rate:number",
        "entries:number",
        "first_day:date",
        "last_day:date",
        "study_from:date",
        "study_to:date",
        "stopped:bool",
        "nudged_at:time",
    ),
    "votes": _columns(
        "pseudonym",
        "poll_id:number",
        "poll_version:number",
        "question:text",
        "chosen:text",
        "voted_at:time",
    ),
    "vote_history": _columns(
        "pseudonym",
        "poll_id:number",
        "poll_version:number",
        "question:text",
        "chosen:text",
        "retracted:bool",
        "changed_at:time",
    ),
    "followups": _columns(
        "pseudonym",
        "poll_id:number",
        "poll_question:text",
        "question:text",
        "kind",
        "value:text",
        "answered_at:time",
    ),
    "checkins": _columns(
        "pseudonym",
        "checkin_id:id",
        "cycle_date:date",
        "question_id:id",
        "question:text",
        "kind",
        "score:number",
        "value:text",
        "answered_at:time",
    ),
    "suggestions": _columns(
        "pseudonym",
        "checkin_id:id",
        "question:text",
        "suggested_at:time",
        "adopted_at:time",
    ),
    "updates": _columns(
        "update_id:number",
        "posted_at:time",
        "linked_to",
        "link_ref:id",
        "text:text",
        "contributors:number",
        "meant_for:number",
        "queued:number",
        "delivered:number",
        "replies:number",
    ),
}


def dialogue_questions(project: Project) -> list[tuple[str, str, int, str]]:
    """(script id, step id, probe 0/1, text) of every question and probe of the dialogue."""
    script = project.dialogue
    # In the project's default language (a Text is a str holding those words).
    found = [(script.id, step.id, 0, str(step.text)) for step in script.steps]
    return found + [(script.id, step.id, 1, str(step.probe)) for step in script.steps if step.probe]


def checkin_questions(checkins: Iterable[CheckInDefinition]) -> list[tuple[str, str, str]]:
    """(check-in id, question id, text) of every question of these check-ins."""
    return [(c.id, str(q.id), q.text) for c in checkins for q in c.questions]
