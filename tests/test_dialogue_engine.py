"""Dialogue engine transcripts: events in, replies out."""

from __future__ import annotations

import json

import pytest
import yaml

from conversations import catalogue as texts
from conversations.dialogue.engine import (
    Answer,
    Back,
    Button,
    ChoiceAnswer,
    DialogueState,
    Event,
    MediaAnswer,
    Skip,
    TextAnswer,
    Transition,
    advance,
    begin,
    state_from_dict,
    state_to_dict,
)
from conversations.dialogue.script import Script, builtin_script, parse_script

SMALL_YAML = """
id: small
title: A small chat
start: hello
steps:
  - {id: hello, kind: say, text: Hello!, next: intro}
  - {id: intro, kind: say, text: A few quick questions., next: change}
  - id: change
    kind: ask
    text: What would you change?
    accepts: [text, voice]
    probe: Why does that matter?
    next: travel
  - id: travel
    kind: choice
    text: How do you get about?
    probe: Why that way?
    next: place
    options:
      - {id: bus, label: Bus}
      - {id: walk, label: On foot}
  - id: place
    kind: ask
    text: A place that helps?
    accepts: [text, photo]
    next: stay
  - id: stay
    kind: choice
    text: Stay involved?
    options:
      - {id: yes_please, label: Yes please, next: bye_yes}
      - {id: no_thanks, label: No thanks, next: bye_no}
  - {id: bye_yes, kind: end, text: See you soon.}
  - {id: bye_no, kind: end, text: Thanks anyway.}
"""


def small() -> Script:
    return parse_script(yaml.safe_load(SMALL_YAML), "small.yaml")


class Chat:
    """A person talking to the engine: send events, read what came back."""

    last: Transition

    def __init__(self, script: Script, state: DialogueState | None = None) -> None:
        self.script = script
        self.answers: list[Answer] = []
        if state is None:
            self.last = begin(script)
            self.state = self.last.state
        else:
            self.state = state

    @property
    def heard(self) -> list[str]:
        return [reply.text for reply in self.last.replies]

    @property
    def buttons(self) -> list[str]:
        return [button.label for reply in self.last.replies for button in reply.buttons]

    def send(self, event: Event) -> list[str]:
        self.last = advance(self.script, self.state, event)
        self.state = self.last.state
        self.answers.extend(self.last.answers)
        return self.heard

    def say(self, text: str) -> list[str]:
        return self.send(TextAnswer(text))

    def tap(self, option_id: str, step_id: str | None = None) -> list[str]:
        return self.send(ChoiceAnswer(step_id or self.state.step_id or "", option_id))


def test_begin_says_the_say_steps_then_asks_the_first_question() -> None:
    chat = Chat(small())
    assert chat.heard == ["Hello!", "A few quick questions.", "What would you change?"]
    assert chat.state == DialogueState("change")
    assert not chat.last.finished and chat.last.answers == ()


def test_probe_goes_one_level_deeper_then_moves_on() -> None:
    chat = Chat(small())
    assert chat.say("A bus to town") == ["Why does that matter?"]
    assert chat.state.probing
    assert chat.say("To see my friends") == ["How do you get about?"]
    assert chat.buttons == ["Bus", "On foot"]
    assert chat.answers == [
        Answer("change", "text", "A bus to town"),
        Answer("change", "text", "To see my friends", probe=True),
    ]


def test_branching_on_a_choice() -> None:
    for option, goodbye in (("yes_please", "See you soon."), ("no_thanks", "Thanks anyway.")):
        chat = Chat(small(), DialogueState("stay", ("change", "travel", "place")))
        assert chat.tap(option) == [goodbye]
        assert chat.last.finished and chat.state.step_id is None
        assert chat.answers[0] == Answer("stay", "choice", option)


def test_a_choice_without_a_branch_follows_the_steps_next() -> None:
    chat = Chat(small(), DialogueState("travel", ("change",)))
    assert chat.tap("walk") == ["Why that way?"]
    assert chat.say("It's free") == ["A place that helps?"]
    assert chat.answers == [
        Answer("travel", "choice", "walk"),
        Answer("travel", "text", "It's free", probe=True),
    ]
    assert chat.state.history == ("change", "travel")


def test_skip_a_question() -> None:
    chat = Chat(small())
    assert chat.send(Skip()) == ["How do you get about?"]
    assert chat.answers == [Answer("change", "skipped", "")]


def test_skip_a_probe_skips_only_the_probe() -> None:
    chat = Chat(small())
    chat.say("Safer roads")
    assert chat.send(Skip()) == ["How do you get about?"]
    assert chat.answers == [
        Answer("change", "text", "Safer roads"),
        Answer("change", "skipped", "", probe=True),
    ]


def test_skip_a_choice_without_next_takes_the_first_option_branch() -> None:
    chat = Chat(small(), DialogueState("stay", ("change", "travel", "place")))
    assert chat.send(Skip()) == ["See you soon."]
    assert chat.answers == [Answer("stay", "skipped", "")]


def test_back_re_asks_the_previous_question() -> None:
    chat = Chat(small())
    chat.send(Skip())
    chat.tap("bus")
    assert chat.send(Skip()) == ["A place that helps?"]
    assert chat.send(Back()) == ["How do you get about?"]
    assert chat.buttons == ["Bus", "On foot"]
    assert chat.state == DialogueState("travel", ("change",))
    assert chat.send(Back()) == ["What would you change?"]
    assert chat.state == DialogueState("change")


def test_back_with_nothing_to_go_back_to_is_refused_kindly() -> None:
    chat = Chat(small())
    assert chat.send(Back()) == [texts.NOTHING_TO_GO_BACK]
    assert chat.last.refused and chat.state == DialogueState("change")


def test_back_while_probing_asks_the_question_again() -> None:
    chat = Chat(small())
    chat.say("More buses")
    assert chat.send(Back()) == ["What would you change?"]
    assert chat.state == DialogueState("change")


def test_voice_and_photo_where_accepted() -> None:
    chat = Chat(small())
    assert chat.send(MediaAnswer("voice", "voice-1")) == ["Why does that matter?"]
    assert chat.send(MediaAnswer("voice", "voice-2")) == ["How do you get about?"]
    chat.tap("bus")
    assert chat.send(MediaAnswer("voice", "voice-3")) == ["A place that helps?"]
    assert chat.send(MediaAnswer("photo", "photo-1", caption="The library")) == ["Stay involved?"]
    assert chat.answers == [
        Answer("change", "voice", "voice-1"),
        Answer("change", "voice", "voice-2", probe=True),
        Answer("travel", "choice", "bus"),
        Answer("travel", "voice", "voice-3", probe=True),
        Answer("place", "photo", "photo-1", caption="The library"),
    ]


def test_media_refused_where_not_accepted() -> None:
    chat = Chat(small())
    refused = "I can only take words or a voice message for this one — or send /skip."
    assert chat.send(MediaAnswer("photo", "photo-1")) == [refused]
    assert chat.last.refused and chat.state == DialogueState("change")
    chat.say("Benches")
    assert chat.send(MediaAnswer("photo", "photo-2")) == [refused]  # a probe takes words
    assert chat.state.probing
    chat = Chat(small(), DialogueState("place", ("change", "travel")))
    refused = "I can only take words or a photo for this one — or send /skip."
    assert chat.send(MediaAnswer("voice", "voice-1")) == [refused]
    assert chat.answers == []


def test_stale_button_is_refused_and_state_unchanged() -> None:
    chat = Chat(small(), DialogueState("place", ("change", "travel")))
    before = chat.state
    assert chat.tap("bus", step_id="travel") == [texts.DIALOGUE_STALE_BUTTON, "A place that helps?"]
    assert chat.last.refused and chat.state == before and chat.answers == []


def test_forged_button_is_refused_and_state_unchanged() -> None:
    chat = Chat(small(), DialogueState("travel", ("change",)))
    assert chat.tap("rocket") == [texts.UNKNOWN_CHOICE]
    assert chat.buttons == ["Bus", "On foot"]
    assert chat.last.refused and chat.state == DialogueState("travel", ("change",))


def test_double_tap_while_probing_is_refused_with_the_probe_again() -> None:
    chat = Chat(small(), DialogueState("travel", ("change",)))
    chat.tap("bus")
    before = chat.state
    assert chat.tap("bus", "travel") == [texts.DIALOGUE_STALE_BUTTON, "Why that way?"]
    assert chat.last.refused and chat.state == before


def test_text_on_a_choice_asks_for_a_button() -> None:
    chat = Chat(small(), DialogueState("travel", ("change",)))
    assert chat.say("the bus") == [texts.DIALOGUE_TAP_A_BUTTON, "How do you get about?"]
    assert chat.last.replies[1].buttons == (
        Button("Bus", "travel", "bus"),
        Button("On foot", "travel", "walk"),
    )
    assert chat.last.refused and chat.answers == []


def test_anything_after_the_end_is_refused() -> None:
    chat = Chat(small(), DialogueState("stay", ("change", "travel", "place")))
    chat.send(Skip())
    for event in (TextAnswer("hello?"), Skip(), Back(), ChoiceAnswer("stay", "yes_please")):
        assert chat.send(event) == [texts.DIALOGUE_FINISHED]
        assert chat.last.refused and chat.state.step_id is None


def test_resume_after_restart_continues_identically() -> None:
    events: list[Event] = [
        TextAnswer("A bus to town"),
        TextAnswer("To see friends"),
        ChoiceAnswer("travel", "walk"),
        Back(),
        ChoiceAnswer("travel", "bus"),
        TextAnswer("It stops outside"),
        MediaAnswer("photo", "p1"),
        ChoiceAnswer("stay", "no_thanks"),
    ]
    straight = Chat(small())
    for event in events:
        straight.send(event)

    first = Chat(small())
    for event in events[:5]:  # stops waiting for the "why" after a button
        first.send(event)
    assert first.state.probing
    stored = json.loads(json.dumps(state_to_dict(first.state)))  # what storage would keep
    second = Chat(small(), state_from_dict(stored))
    for event in events[5:]:
        second.send(event)
    assert first.answers + second.answers == straight.answers
    assert second.heard == straight.heard == ["Thanks anyway."]
    assert second.state == straight.state


def test_state_from_dict_rejects_junk() -> None:
    with pytest.raises(ValueError, match="history"):
        state_from_dict({"step_id": "x", "history": "abc"})
    with pytest.raises(ValueError, match="step_id"):
        state_from_dict({"step_id": 3})


def test_a_script_edited_under_a_live_conversation_ends_kindly() -> None:
    chat = Chat(small(), DialogueState("gone_step", ("change",)))
    assert chat.say("hello") == [texts.SCRIPT_CHANGED]
    assert chat.last.finished and chat.state.step_id is None


DEFAULT_START = [
    "Thanks for joining in. I'd like to hear about your life and your area, in your own"
    " words. There are no right or wrong answers. You can skip any question with /skip,"
    " or go back with /back.",
    "If one thing could be different in your life or your neighbourhood, what would you"
    " most like it to be? You can write it or send a voice message.",
]


@pytest.mark.parametrize(
    ("last", "goodbye"),
    [
        (ChoiceAnswer("involvement", "keep_posted"), "end_involved"),
        (ChoiceAnswer("involvement", "workshop"), "end_involved"),
        (ChoiceAnswer("involvement", "diary"), "end_involved"),
        (ChoiceAnswer("involvement", "no_thanks"), "end_thanks"),
        (Skip(), "end_thanks"),
    ],
)
def test_the_default_script_end_to_end(last: Event, goodbye: str) -> None:
    script = builtin_script("outcome_first")
    chat = Chat(script)
    assert chat.heard == DEFAULT_START
    assert chat.send(MediaAnswer("voice", "v1")) == ["Why does that matter to you?"]
    assert chat.say("I can't get to the shops or see my friends") == [
        "What gets in the way of that at the moment?"
    ]
    assert chat.say("The bus stopped running") == [
        "Thank you. Now let's think about what's already good around you.",
        script.step("asset").text,
    ]
    assert chat.send(MediaAnswer("photo", "ph1", caption="The community centre")) == [
        script.step("offer").text
    ]
    assert chat.say("I could give a neighbour a lift on Tuesdays") == [
        script.step("involvement").text
    ]
    assert chat.buttons == ["Keep me posted", "Join a workshop", "Keep a diary", "No thanks"]
    assert chat.send(last) == [script.step(goodbye).text]
    assert chat.last.finished
    assert [(a.step_id, a.kind, a.probe) for a in chat.answers] == [
        ("outcome", "voice", False),
        ("outcome", "text", True),
        ("barrier", "text", False),
        ("asset", "photo", False),
        ("offer", "text", False),
        ("involvement", "skipped" if isinstance(last, Skip) else "choice", False),
    ]


def test_the_default_script_can_be_skipped_from_start_to_end() -> None:
    chat = Chat(builtin_script("outcome_first"))
    for _ in range(5):
        chat.send(Skip())
    assert chat.last.finished
    assert [a.kind for a in chat.answers] == ["skipped"] * 5
