"""A person's own data, as a plain text file they can read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from conversations import catalogue
from conversations.directory import ProjectDirectory
from conversations.languages import own_name, spoken
from conversations.participation import Participant, Person
from conversations.projects import Project

# The three answers to the quoting question: (may_quote, may_name).
QUOTE_ANSWERS: dict[str, tuple[bool, bool]] = {
    "anon": (True, False),
    "name": (True, True),
    "no": (False, False),
}


@dataclass(frozen=True, slots=True)
class Said:
    """One thing the person said: an answer (step_id set) or an idea (step_id None)."""

    step_id: str | None
    probe: bool
    kind: str
    value: str
    caption: str | None
    at: float


def quoting_choice(may_quote: bool | None, may_name: bool | None) -> str:
    """Which answer a participant gave: anon, name, no, or unasked."""
    if may_quote is None:
        return "unasked"
    if not may_quote:
        return "no"
    return "name" if may_name else "anon"


def quoting_words(may_quote: bool | None, may_name: bool | None) -> str:
    """The participant's choice about quoting and naming, in plain words."""
    return catalogue.QUOTING_STATES[quoting_choice(may_quote, may_name)]


def vote_words(options: Sequence[str], chosen: Sequence[int]) -> str:
    """A poll vote by the options' texts, e.g. "your vote: Metal; Stone"."""
    if not chosen:
        return catalogue.MYDATA_VOTE_NONE
    names = [options[i] if 0 <= i < len(options) else f"option {i + 1}" for i in chosen]
    return catalogue.MYDATA_VOTE.format(options="; ".join(names))


def _language(participant: Participant, project: Project | None) -> str:
    """The participation's language by its own name (the stored code if the project is gone)."""
    if project is None:
        return participant.language
    return own_name(spoken(participant.language, project.languages))


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _describe(directory: ProjectDirectory, project_id: str, item: Said) -> tuple[str, str]:
    """(what it answered, what was said) in words."""
    value = {"skipped": "(skipped)", "voice": "[voice note]", "photo": "[photo]"}.get(
        item.kind, item.value
    )
    if item.caption:
        value = f"{value} — {item.caption}"
    if item.step_id is None:
        return "Your idea", value
    project = directory.get(project_id)
    if project is None or not project.dialogue.has_step(item.step_id):
        return f"Question {item.step_id}", value
    step = project.dialogue.step(item.step_id)
    if item.kind == "choice":
        value = next((o.label for o in step.options if o.id == item.value), item.value)
    if item.probe and step.probe:
        return step.probe, value
    return step.text, value


def render_mydata(
    person: Person,
    participations: Sequence[Participant],
    said: Mapping[int, Sequence[Said]],
    directory: ProjectDirectory,
    more: Mapping[int, Sequence[tuple[str, str, float]]] | None = None,
    named: Mapping[int, bool | None] | None = None,
) -> str:
    """Everything held about a person, in plain words.

    ``more``: diary, votes, replies...; ``named``: per participation, whether the first name
    may go with their words in exports.
    """
    lines = [
        "Everything Tandem holds about you",
        "=================================",
        "",
        f"Telegram user id: {person.telegram_id}",
        f"First name: {person.first_name or '(not stored)'}",
        f"Messages paused: {'yes' if person.paused else 'no'}",
        "",
    ]
    for p in participations:
        project = directory.get(p.project_id)
        quote = quoting_words(p.may_quote, (named or {}).get(p.id))
        lines += [
            f"Project: {project.title if project else p.project_id}",
            f"  Your name in reports: {p.pseudonym}",
            f"  Joined: {_when(p.consented_at)} (agreed to version {p.consent_version})",
            f"  Status: {'taking part' if p.active else 'left'}",
            f"  Quoting your words: {quote}",
            f"  Language: {_language(p, project)}",
        ]
        for item in said.get(p.id, ()):
            question, value = _describe(directory, p.project_id, item)
            lines += [f"  • {_when(item.at)} {question}", f"      {value}"]
        for what, value, at in (more or {}).get(p.id, ()):
            lines += [f"  • {_when(at)} {what}", f"      {value}"]
        lines.append("")
    lines.append("Send /forget in the chat to erase all of this.")
    return "\n".join(lines)
