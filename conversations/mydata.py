"""A person's own data, as a plain text file they can read, in their language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from conversations.directory import ProjectDirectory
from conversations.i18n import dates
from conversations.i18n.words import Words
from conversations.languages import own_name, spoken
from conversations.participation import Participant, Person
from conversations.projects import Project

# The three answers to the quoting question: (may_quote, may_name).
QUOTE_ANSWERS: dict[str, tuple[bool, bool]] = {
    "anon": (True, False),
    "name": (True, True),
    "no": (False, False),
}

# A part of what was said: their own words as given, or (catalogue key, its arguments).
Part = str | tuple[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class Said:
    """One thing the person said: an answer (step_id set) or an idea (step_id None)."""

    step_id: str | None
    probe: bool
    kind: str
    value: str
    caption: str | None
    at: float


@dataclass(frozen=True, slots=True)
class Held:
    """Anything else held (diary, votes, replies...): what it is (a catalogue key and its
    arguments) and what they gave, worded only when the file is written."""

    what: str
    at: float
    parts: tuple[Part, ...] = ()
    args: Mapping[str, Any] = field(default_factory=dict)


def said_parts(kind: str | None, value: str | None, caption: str | None) -> tuple[Part, ...]:
    """What someone gave: their text, or "[photo]" and its caption."""
    if kind == "text" and value:
        return (value,)
    placeholder: Part = (f"SAID_KINDS.{kind if kind in ('voice', 'photo') else 'nothing'}", {})
    caption = " ".join((caption or "").split())
    return (placeholder, caption) if caption else (placeholder,)


def quoting_choice(may_quote: bool | None, may_name: bool | None) -> str:
    """Which answer a participant gave: anon, name, no, or unasked."""
    if may_quote is None:
        return "unasked"
    if not may_quote:
        return "no"
    return "name" if may_name else "anon"


def quoting_words(may_quote: bool | None, may_name: bool | None, words: Words) -> str:
    """The participant's choice about quoting and naming, in plain words."""
    return words.say(f"QUOTING_STATES.{quoting_choice(may_quote, may_name)}")


def vote_parts(options: Sequence[str], chosen: Sequence[int]) -> tuple[Part, ...]:
    """A poll vote by the options' texts, e.g. "your vote: Metal; Stone"."""
    if not chosen:
        return (("MYDATA_VOTE_NONE", {}),)
    names = [options[i] if 0 <= i < len(options) else None for i in chosen]
    return (("MYDATA_VOTE", {"options": names}),)


def _arg(value: Any, words: Words) -> Any:
    """An argument in the reader's language: dates by Babel, option lists joined."""
    if isinstance(value, date):
        return dates.day_in_year(value, words.lang)
    if isinstance(value, list):
        return "; ".join(
            v if v is not None else words.say("MYDATA_OPTION", number=i + 1)
            for i, v in enumerate(value)
        )
    return value


def worded(parts: Sequence[Part], words: Words) -> str:
    """The parts as one line in the reader's language."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            key, args = part
            out.append(words.say(key, **{k: _arg(v, words) for k, v in args.items()}))
    return " ".join(p for p in out if p)


def _language(participant: Participant, project: Project | None) -> str:
    """The participation's language by its own name (the stored code if the project is gone)."""
    if project is None:
        return participant.language
    return own_name(spoken(participant.language, project.languages))


def _in_language(held: Held, project: Project | None, lang: str) -> Mapping[str, Any]:
    """A diary entry's service (stored as the project's first-language name) in ``lang``."""
    service = held.args.get("service")
    if project is None or project.diary is None or not isinstance(service, str):
        return held.args
    return {**held.args, "service": project.diary.service_in(service, lang)}


def _describe(
    directory: ProjectDirectory, project_id: str, item: Said, words: Words
) -> tuple[str, str]:
    """(what it answered, what was said) in words."""
    lang = words.lang
    if item.kind in ("skipped", "voice", "photo"):
        value = words.say(f"SAID_KINDS.{item.kind}")
    else:
        value = item.value
    if item.caption:
        value = f"{value} — {item.caption}"
    if item.step_id is None:
        return words.say("MYDATA_YOUR_IDEA"), value
    project = directory.get(project_id)
    if project is None or not project.dialogue.has_step(item.step_id):
        return words.say("MYDATA_QUESTION", step=item.step_id), value
    step = project.dialogue.step(item.step_id)
    if item.kind == "choice":
        value = next((o.label.in_(lang) for o in step.options if o.id == item.value), item.value)
    if item.probe and step.probe:
        return step.probe.in_(lang), value
    return step.text.in_(lang), value


def render_mydata(
    person: Person,
    participations: Sequence[Participant],
    said: Mapping[int, Sequence[Said]],
    directory: ProjectDirectory,
    words: Words,
    more: Mapping[int, Sequence[Held]] | None = None,
    named: Mapping[int, bool | None] | None = None,
) -> str:
    """Everything held about a person, in plain words in ``words``' language.

    ``more``: diary, votes, replies...; ``named``: per participation, whether the first name
    may go with their words in exports.
    """
    say, lang = words.say, words.lang
    heading = say("MYDATA_FILE_HEADING")
    lines = [
        heading,
        "=" * len(heading),
        "",
        say("MYDATA_USER_ID", id=person.telegram_id),
        say("MYDATA_FIRST_NAME", name=person.first_name or say("MYDATA_NOT_STORED")),
        say(f"MYDATA_PAUSED_STATE.{'yes' if person.paused else 'no'}"),
        "",
    ]
    for p in participations:
        project = directory.get(p.project_id)
        quote = quoting_words(p.may_quote, (named or {}).get(p.id), words)
        joined = dates.utc_moment(p.consented_at, lang)
        lines += [
            say("MYDATA_PROJECT", title=project.title.in_(lang) if project else p.project_id),
            "  " + say("MYDATA_PSEUDONYM", pseudonym=p.pseudonym),
            "  " + say("MYDATA_JOINED", when=joined, version=p.consent_version),
            "  " + say(f"MYDATA_STATUS.{'active' if p.active else 'left'}"),
            "  " + say("MYDATA_QUOTING_LINE", state=quote),
            "  " + say("MYDATA_LANGUAGE_LINE", language=_language(p, project)),
        ]
        for item in said.get(p.id, ()):
            question, value = _describe(directory, p.project_id, item, words)
            lines += [f"  • {dates.utc_moment(item.at, lang)} {question}", f"      {value}"]
        for held in (more or {}).get(p.id, ()):
            what = worded(((held.what, _in_language(held, project, lang)),), words)
            lines += [f"  • {dates.utc_moment(held.at, lang)} {what}"]
            lines += [f"      {worded(held.parts, words)}"]
        lines.append("")
    lines.append(say("MYDATA_FORGET_HINT"))
    return "\n".join(lines)
