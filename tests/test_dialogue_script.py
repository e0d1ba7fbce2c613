"""Scripts are validated when loaded: each bad file names the step and the reason."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from conversations.dialogue.script import (
    Script,
    ScriptError,
    builtin_names,
    builtin_script,
    load_script,
    parse_script,
)


def good() -> dict[str, Any]:
    return {
        "id": "tiny",
        "title": "Tiny",
        "start": "hello",
        "steps": [
            {"id": "hello", "kind": "say", "text": "Hello!", "next": "what"},
            {"id": "what", "kind": "ask", "text": "What matters?", "next": "why"},
            {
                "id": "why",
                "kind": "choice",
                "text": "Stay in touch?",
                "next": "bye",
                "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
            },
            {"id": "bye", "kind": "end", "text": "Thank you!"},
        ],
    }


def error_for(data: dict[str, Any]) -> str:
    with pytest.raises(ScriptError) as caught:
        parse_script(data, "tiny.yaml")
    return str(caught.value)


def with_step(index: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(good())
    data["steps"][index].update(changes)
    return data


def test_a_good_script_parses() -> None:
    script = parse_script(good(), "tiny.yaml")
    assert script.step("why").options[1].label == "No"
    assert script.step("what").accepts == frozenset({"text"})
    with pytest.raises(KeyError):
        script.step("nope")


def test_missing_next() -> None:
    assert (
        error_for(with_step(1, next="foo")) == "tiny.yaml: step 'what' — next 'foo' does not exist"
    )


def test_missing_option_next() -> None:
    data = good()
    data["steps"][2]["options"][0]["next"] = "gone"
    assert "tiny.yaml: step 'why' option 'yes' — next 'gone' does not exist" in error_for(data)


def test_say_without_next() -> None:
    assert error_for(with_step(0, next=None)) == "tiny.yaml: step 'hello' — a say step needs a next"


def test_unreachable_step() -> None:
    data = good()
    data["steps"].append({"id": "orphan", "kind": "end", "text": "Alone"})
    assert "tiny.yaml: step 'orphan' — can't be reached from the start ('hello')" in error_for(data)


def test_duplicate_step_id() -> None:
    data = good()
    data["steps"].append({"id": "what", "kind": "end", "text": "Again"})
    assert "tiny.yaml: step 'what' — the id is used more than once" in error_for(data)


def test_over_long_text() -> None:
    message = error_for(with_step(1, text="x" * 4097))
    assert (
        message == "tiny.yaml: step 'what' text — must be 1 to 4096 characters (this one has 4097)"
    )


def test_too_many_options() -> None:
    options = [{"id": f"o{i}", "label": f"Option {i}"} for i in range(11)]
    message = error_for(with_step(2, options=options))
    assert message == "tiny.yaml: step 'why' — a choice needs 2 to 10 options (this one has 11)"


def test_too_few_options() -> None:
    assert "needs 2 to 10 options (this one has 1)" in error_for(
        with_step(2, options=[{"id": "yes", "label": "Yes"}])
    )


def test_duplicate_option_ids() -> None:
    options = [{"id": "yes", "label": "Yes"}, {"id": "yes", "label": "Sure"}]
    message = error_for(with_step(2, options=options))
    assert (
        message == "tiny.yaml: step 'why' option 'yes' — the id is used more than once in this step"
    )


def test_callback_data_too_long() -> None:
    data = good()
    data["steps"][2]["options"][0]["id"] = "a" * 20
    data["steps"][2]["id"] = "b" * 20
    data["steps"][1]["next"] = "b" * 20
    message = error_for(data)
    assert f"step '{'b' * 20}' option '{'a' * 20}' — step and option ids" in message
    assert "(41 bytes, at most 40)" in message


def test_end_with_next() -> None:
    message = error_for(with_step(3, next="hello"))
    assert "tiny.yaml: step 'bye' — an end step can't have a next" in message


def test_no_end_step() -> None:
    data = good()
    data["steps"] = [
        {"id": "hello", "kind": "say", "text": "Hello!", "next": "what"},
        {"id": "what", "kind": "ask", "text": "Again?", "next": "what"},
    ]
    data["start"] = "hello"
    assert error_for(data) == "tiny.yaml: no end step can be reached from the start ('hello')"


def test_a_loop_with_no_way_out() -> None:
    data = good()
    data["steps"][2]["options"][0]["next"] = "trap"
    data["steps"].append({"id": "trap", "kind": "ask", "text": "Round again?", "next": "trap"})
    assert "tiny.yaml: step 'trap' — there is no way from here to an end step" in error_for(data)


def test_start_does_not_exist() -> None:
    data = good()
    data["start"] = "nowhere"
    assert "tiny.yaml: start — step 'nowhere' does not exist" in error_for(data)


def test_kind_rules() -> None:
    assert "only ask steps have accepts" in error_for(with_step(0, accepts=["voice"]))
    assert "only choice steps have options" in error_for(
        with_step(1, options=[{"id": "a", "label": "A"}, {"id": "b", "label": "B"}])
    )
    assert "only ask and choice steps can have a probe" in error_for(with_step(3, probe="Why?"))
    assert "step 'what' kind — input should be" in error_for(with_step(1, kind="shout"))


def test_a_choice_without_next_needs_every_option_to_branch() -> None:
    message = error_for(with_step(2, next=None))
    assert message == (
        "tiny.yaml: step 'why' — a choice needs a next, unless every option has its own next"
    )


def test_a_probed_choice_cannot_branch_by_option() -> None:
    data = good()
    data["steps"][2]["probe"] = "Why that one?"
    assert parse_script(data, "tiny.yaml").step("why").probe == "Why that one?"
    data["steps"][2]["options"][0]["next"] = "what"
    assert error_for(data) == (
        "tiny.yaml: step 'why' — a choice with a probe must send every option to the same next step"
    )


def test_typo_in_a_field_name() -> None:
    data = with_step(1, nxt="why")
    assert "tiny.yaml: step 'what' nxt — is not a field we know (a typo?)" in error_for(data)


def test_bad_slug_and_yaml_booleans() -> None:
    assert "step 'What Now' id — must be 1 to 20 lowercase" in error_for(
        with_step(1, id="What Now")
    )
    data = good()
    data["steps"][2]["options"][0]["label"] = True  # what YAML makes of `label: Yes`
    assert "option 'yes' label — must be text: put it in quotes" in error_for(data)


def test_several_problems_are_all_reported() -> None:
    data = with_step(1, next="foo")
    data["steps"][0]["next"] = "bar"
    message = error_for(data)
    assert message.splitlines() == [
        "tiny.yaml: step 'hello' — next 'bar' does not exist",
        "tiny.yaml: step 'what' — next 'foo' does not exist",
    ]


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nsteps:\n  - id: a\n   kind: say\n", encoding="utf-8")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: line 4, column 4 — ")
    assert message.endswith("(check the indentation)")


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- one\n- two\n", encoding="utf-8")
    with pytest.raises(ScriptError, match="must be a mapping of fields"):
        load_script(path)


def test_load_script_reports_the_file(tmp_path: Path) -> None:
    import yaml

    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(with_step(1, next="foo")), encoding="utf-8")
    with pytest.raises(ScriptError, match=r"tiny\.yaml: step 'what' — next 'foo' does not exist"):
        load_script(path)
    path.write_text(yaml.safe_dump(good()), encoding="utf-8")
    assert isinstance(load_script(path), Script)


def test_builtin_scripts_load() -> None:
    assert "outcome_first" in builtin_names()
    for name in builtin_names():
        assert builtin_script(name).id == name
    with pytest.raises(ScriptError, match="no built-in script"):
        builtin_script("../projects")


def test_the_default_script_follows_the_practice() -> None:
    script = builtin_script("outcome_first")
    questions = [s for s in script.steps if s.kind in ("ask", "choice")]
    assert [s.theme for s in questions] == ["outcome", "barrier", "asset", "offer", "involvement"]
    assert script.step("outcome").probe_theme == "why"
    assert script.step("outcome").accepts >= {"text", "voice"}
    assert any("photo" in s.accepts for s in questions)
    first_words = script.step(script.start).text
    assert "/skip" in first_words and "/back" in first_words
    involvement = script.step("involvement")
    assert [o.id for o in involvement.options] == ["keep_posted", "workshop", "diary", "no_thanks"]
    assert all(len(s.text) <= 400 for s in script.steps)  # short messages
