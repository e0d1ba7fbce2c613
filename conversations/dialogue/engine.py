"""One engine for every script: (state, event) -> Transition, with no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from conversations.dialogue.script import Script, Step
from conversations.i18n.words import Words, english

AnswerKind = Literal["text", "voice", "photo", "choice", "skipped"]
# Probe answers are a "why": words, written or spoken, whatever the question itself took.
PROBE_ACCEPTS = frozenset({"text", "voice"})


@dataclass(frozen=True)
class DialogueState:
    """Where a person is in a script; small enough to store as a plain dict."""

    step_id: str | None
    history: tuple[str, ...] = ()
    probing: bool = False


@dataclass(frozen=True)
class TextAnswer:
    """Words the person wrote."""

    text: str


@dataclass(frozen=True)
class MediaAnswer:
    """A voice message or photo, by Telegram file id, with its caption if any."""

    kind: Literal["voice", "photo"]
    file_id: str
    caption: str | None = None


@dataclass(frozen=True)
class ChoiceAnswer:
    """A tapped button: which step it belonged to and which option."""

    step_id: str
    option_id: str


@dataclass(frozen=True)
class Skip:
    """/skip: leave this question (or its probe) unanswered."""


@dataclass(frozen=True)
class Back:
    """/back: ask the previous question again."""


Event = TextAnswer | MediaAnswer | ChoiceAnswer | Skip | Back


@dataclass(frozen=True)
class Button:
    """One button under a reply; the bot turns step and option ids into callback data."""

    label: str
    step_id: str
    option_id: str


@dataclass(frozen=True)
class Reply:
    """One message to send, with buttons for a choice; with a picture, ``text`` is its caption."""

    text: str
    buttons: tuple[Button, ...] = ()
    picture: Path | None = None


@dataclass(frozen=True)
class Answer:
    """What the person gave for one step: only that, nothing about them."""

    step_id: str
    kind: AnswerKind
    value: str  # the text, the file id, the option id, or "" when skipped
    probe: bool = False
    caption: str | None = None


@dataclass(frozen=True)
class Transition:
    """The outcome of one event: new state, replies to send, answers to store."""

    state: DialogueState
    replies: tuple[Reply, ...]
    answers: tuple[Answer, ...] = ()
    finished: bool = False
    refused: bool = False


def begin(script: Script, lang: str | None = None) -> Transition:
    """Start a script: say steps up to the first question (or the end).

    ``lang`` picks the language of the script's texts (default: the script's first).
    """
    return _arrive(script, script.start, (), (), lang)


def advance(
    script: Script,
    state: DialogueState,
    event: Event,
    lang: str | None = None,
    words: Words | None = None,
) -> Transition:
    """Apply one event from the person to their state in the script, replying in ``lang``
    (the script's texts) and ``words`` (the engine's own; English if not given)."""
    words = words or english()
    if state.step_id is None:
        return _refuse(state, Reply(words.say("DIALOGUE_FINISHED")))
    if not script.has_step(state.step_id):
        # The script was edited under a live conversation: end kindly rather than crash.
        ended = (Reply(words.say("SCRIPT_CHANGED")),)
        return Transition(DialogueState(None, state.history), ended, finished=True)
    step = script.step(state.step_id)
    match event:
        case Back():
            return _back(script, state, step, lang, words)
        case Skip():
            return _skip(script, state, step, lang)
        case ChoiceAnswer():
            return _choose(script, state, step, event, lang, words)
        case TextAnswer(text=text):
            return _respond(script, state, step, "text", text, None, lang, words)
        case MediaAnswer(kind=kind, file_id=file_id, caption=caption):
            return _respond(script, state, step, kind, file_id, caption, lang, words)
    raise TypeError(f"not a dialogue event: {event!r}")


def render(step: Step, lang: str | None = None) -> Reply:
    """The reply that asks a question step: its text, and its buttons for a choice."""
    buttons = tuple(Button(o.label.in_(lang), step.id, o.id) for o in step.options)
    return Reply(step.text.in_(lang), buttons)


def current_prompt(
    script: Script, state: DialogueState, lang: str | None = None
) -> tuple[Reply, ...]:
    """What to show to remind someone where they are (the probe while probing)."""
    if state.step_id is None or not script.has_step(state.step_id):
        return ()
    step = script.step(state.step_id)
    if state.probing and step.probe:
        return (Reply(step.probe.in_(lang)),)
    return (render(step, lang),)


def state_to_dict(state: DialogueState) -> dict[str, Any]:
    """A JSON-friendly dict of the state, for storage."""
    return {
        "step_id": state.step_id,
        "history": list(state.history),
        "probing": state.probing,
    }


def state_from_dict(data: Mapping[str, Any]) -> DialogueState:
    """Rebuild a state from state_to_dict's output (ValueError if it isn't one)."""
    step_id, history = data.get("step_id"), data.get("history", [])
    probing = data.get("probing", False)
    if step_id is not None and not isinstance(step_id, str):
        raise ValueError("step_id must be a string or None")
    if not isinstance(history, list | tuple) or not all(isinstance(h, str) for h in history):
        raise ValueError("history must be a list of step ids")
    if not isinstance(probing, bool):
        raise ValueError("probing must be true or false")
    return DialogueState(step_id, tuple(history), probing)


def _arrive(
    script: Script,
    step_id: str,
    history: tuple[str, ...],
    answers: tuple[Answer, ...],
    lang: str | None,
) -> Transition:
    # Say steps and scenarios' stories pass straight through; validation guarantees they lead
    # to a question or end.
    replies: list[Reply] = []
    step = script.step(step_id)
    while step.kind in ("say", "scenario"):
        replies.append(Reply(step.text.in_(lang), picture=step.picture))
        step = script.step(step.next or "")
    if step.kind == "end":
        replies.append(Reply(step.text.in_(lang)))
        return Transition(DialogueState(None, history), tuple(replies), answers, finished=True)
    replies.append(render(step, lang))
    return Transition(DialogueState(step.id, history), tuple(replies), answers)


def _move_on(
    script: Script,
    state: DialogueState,
    step: Step,
    target: str,
    answer: Answer,
    lang: str | None,
) -> Transition:
    if step.probe and not state.probing and answer.kind != "skipped":
        probing = DialogueState(step.id, state.history, probing=True)
        return Transition(probing, (Reply(step.probe.in_(lang)),), (answer,))
    return _arrive(script, target, (*state.history, step.id), (answer,), lang)


def _skip_target(step: Step) -> str:
    # A choice without its own next is skipped along its first option's branch. After a
    # probe this is also right: validation keeps probed choices from branching by option.
    return step.next or step.options[0].next or ""


def _skip(script: Script, state: DialogueState, step: Step, lang: str | None) -> Transition:
    answer = Answer(step.id, "skipped", "", probe=state.probing)
    return _move_on(script, state, step, _skip_target(step), answer, lang)


def _back(
    script: Script, state: DialogueState, step: Step, lang: str | None, words: Words
) -> Transition:
    if state.probing:
        # Back from a probe means "let me change that answer": ask the question again.
        return Transition(DialogueState(step.id, state.history), (render(step, lang),))
    if not state.history:
        return _refuse(state, Reply(words.say("NOTHING_TO_GO_BACK")))
    previous = state.history[-1]
    if not script.has_step(previous):
        return _refuse(state, Reply(words.say("NOTHING_TO_GO_BACK")))
    asked = render(script.step(previous), lang)
    return Transition(DialogueState(previous, state.history[:-1]), (asked,))


def _choose(
    script: Script,
    state: DialogueState,
    step: Step,
    event: ChoiceAnswer,
    lang: str | None,
    words: Words,
) -> Transition:
    reminder = current_prompt(script, state, lang)
    if event.step_id != step.id or step.kind != "choice" or state.probing:
        return _refuse(state, Reply(words.say("DIALOGUE_STALE_BUTTON")), *reminder)
    option = next((o for o in step.options if o.id == event.option_id), None)
    if option is None:
        return _refuse(state, Reply(words.say("UNKNOWN_CHOICE"), render(step, lang).buttons))
    target = option.next or step.next or ""
    return _move_on(script, state, step, target, Answer(step.id, "choice", option.id), lang)


def _respond(
    script: Script,
    state: DialogueState,
    step: Step,
    kind: Literal["text", "voice", "photo"],
    value: str,
    caption: str | None,
    lang: str | None,
    words: Words,
) -> Transition:
    if state.probing:
        if kind not in PROBE_ACCEPTS:
            return _refuse(state, Reply(only_takes(PROBE_ACCEPTS, words)))
        answer = Answer(step.id, kind, value, probe=True, caption=caption)
        return _move_on(script, state, step, _skip_target(step), answer, lang)
    if step.kind == "choice":
        return _refuse(state, Reply(words.say("DIALOGUE_TAP_A_BUTTON")), render(step, lang))
    if kind not in step.accepts:
        return _refuse(state, Reply(only_takes(step.accepts, words)))
    answer = Answer(step.id, kind, value, caption=caption)
    return _move_on(script, state, step, step.next or "", answer, lang)


def only_takes(kinds: frozenset[str], words: Words) -> str:
    """Say which kinds of answer a question takes, e.g. "words or a voice message"."""
    shape = "_".join(kind for kind in ("text", "voice", "photo") if kind in kinds)
    return words.say(f"ONLY_TAKES.{shape}")


def _refuse(state: DialogueState, *replies: Reply) -> Transition:
    return Transition(state, replies, (), refused=True)
