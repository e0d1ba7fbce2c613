"""Projects load from YAML, fail with file + field + reason, and introduce themselves first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from conversations.projects import (
    ProjectError,
    load_project,
    load_projects,
    validate_paths,
)
from tests.conftest import with_example_pictures

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "projects" / "example.yaml"


def example_data() -> dict[str, object]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(folder: Path, name: str, **changes: object) -> Path:
    data = example_data()
    if "dialogue" in changes:
        data.pop("scenario")  # it is told inside the example's dialogue
    data.update(changes)
    path = with_example_pictures(folder) / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return str(caught.value)


def test_the_example_project_loads() -> None:
    project = load_project(EXAMPLE)
    assert project.invite_code == "NORTHFIELD"
    assert project.dialogue.id == "outcome_first"
    assert project.max_messages_per_week >= 1
    assert validate_paths([ROOT / "projects"]) == []
    assert [p.id for p in load_projects(ROOT / "projects")] == [project.id]


def test_bad_invite_code(tmp_path: Path) -> None:
    path = write(tmp_path, "greener.yaml", invite_code="no spaces!")
    assert error_for(path) == f"{path}: invite_code — must be 4-32 letters, digits, - or _"


def test_unknown_key_is_a_typo(tmp_path: Path) -> None:
    path = write(tmp_path, "greener.yaml", purpose_="x")
    assert error_for(path) == f"{path}: purpose_ — is not a field we know (a typo?)"
    path = write(tmp_path, "greener.yaml", diary={"weeks": 2, "touchpoints": ["GP"]})
    assert error_for(path) == f"{path}: diary weeks — is not a field we know (a typo?)"


def test_diary_times_must_avoid_quiet_hours(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "greener.yaml",
        quiet_hours="21:00-08:00",
        diary={"touchpoints": ["GP"], "prompt_times": ["19:00"], "nudge_after_minutes": 150},
    )
    assert "falls in quiet hours (21:00-08:00)" in error_for(path)
    path = write(tmp_path, "greener.yaml", diary={"touchpoints": ["GP"], "prompt_times": ["07:00"]})
    assert "diary prompt time 07:00 falls in quiet hours" in error_for(path)


def test_bad_time_zone(tmp_path: Path) -> None:
    path = write(tmp_path, "greener.yaml", timezone="Europe/Londn")
    assert error_for(path) == (
        f"{path}: timezone — 'Europe/Londn' is not a time zone name like Europe/London"
    )


@pytest.mark.parametrize("quiet", ["21:00", "25:00-08:00", "21:00-21:00", "9pm-8am"])
def test_bad_quiet_hours(tmp_path: Path, quiet: str) -> None:
    path = write(tmp_path, "greener.yaml", quiet_hours=quiet)
    assert error_for(path).startswith(f"{path}: quiet_hours — must be two different times like")


def test_bad_message_cap_and_missing_field(tmp_path: Path) -> None:
    path = write(tmp_path, "greener.yaml", max_messages_per_week=50)
    assert error_for(path) == f"{path}: max_messages_per_week — must be between 1 and 21 (found 50)"
    data = example_data()
    del data["who_sees"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert error_for(path) == f"{path}: who_sees — is missing (it's required)"


def test_duplicate_invite_codes_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", id="first")
    second = write(tmp_path, "b.yaml", id="second", invite_code="northfield")
    message = f"{second}: invite_code — 'northfield' is already used by {tmp_path / 'a.yaml'}"
    assert validate_paths([tmp_path]) == [message]
    with pytest.raises(ProjectError) as caught:
        load_projects(tmp_path)
    assert str(caught.value) == message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yml", invite_code="CODE1")
    second = write(tmp_path, "b.yaml", invite_code="CODE2")
    assert validate_paths([tmp_path]) == [
        f"{second}: id — 'northfield' is already used by {tmp_path / 'a.yml'}"
    ]


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text('id: broken\ntitle: "unfinished\n', encoding="utf-8")
    assert error_for(path).startswith(f"{path}: line 3, column 1 — ")


def test_inline_dialogue_errors_name_the_step(tmp_path: Path) -> None:
    dialogue = {
        "id": "inline",
        "title": "Inline",
        "start": "why",
        "steps": [{"id": "why", "kind": "ask", "text": "Why?", "next": "x"}],
    }
    path = write(tmp_path, "greener.yaml", dialogue=dialogue)
    assert f"{path}: dialogue step 'why' — next 'x' does not exist" in error_for(path)


def test_dialogue_by_path_and_unknown_builtin(tmp_path: Path) -> None:
    (tmp_path / "dialogues").mkdir()
    script = {
        "id": "short",
        "title": "Short",
        "start": "ask",
        "steps": [
            {"id": "ask", "kind": "ask", "text": "What matters?", "next": "bye"},
            {"id": "bye", "kind": "end", "text": "Thanks!"},
        ],
    }
    (tmp_path / "dialogues" / "short.yaml").write_text(yaml.safe_dump(script), encoding="utf-8")
    path = write(tmp_path, "greener.yaml", dialogue="dialogues/short.yaml", languages=["en"])
    assert load_project(path).dialogue.id == "short"
    path = write(tmp_path, "greener.yaml", dialogue="outcome_fist")
    assert error_for(path).startswith(f"{path}: dialogue — no built-in dialogue is called")


def test_several_bad_files_give_one_message_each(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", invite_code="!")
    write(tmp_path, "b.yaml", id="other", invite_code="OTHER", timezone="Mars/Base")
    write(tmp_path, "c.yaml", id="third", invite_code="THIRD")
    messages = validate_paths([tmp_path])
    assert len(messages) == 2
    assert messages[0].startswith(f"{tmp_path / 'a.yaml'}: invite_code")
    assert messages[1].startswith(f"{tmp_path / 'b.yaml'}: timezone")


def test_introduction_says_what_matters_before_asking_anything() -> None:
    project = load_project(EXAMPLE)
    words = project.introduction()
    for part in (
        project.title,
        project.purpose,
        project.use_of_input,
        project.who_sees,
        project.duration,
        project.contact,
    ):
        assert part in words
    for promise in ("skip", "/pause", "/leave", "/mydata", "/forget", "twice a week"):
        assert promise in words


def test_is_open_honours_closes_on() -> None:
    project = load_project(EXAMPLE).model_copy(update={"closes_on": date(2026, 3, 31)})
    assert project.is_open(date(2026, 3, 31))
    assert not project.is_open(date(2026, 4, 1))
    assert project.model_copy(update={"closes_on": None}).is_open(date(2099, 1, 1))


def test_languages_default_to_english_and_bad_codes_name_the_file_and_field(
    tmp_path: Path,
) -> None:
    assert load_project(EXAMPLE).languages == ("en", "cy", "ar")  # the first is the default
    assert load_project(write(tmp_path, "plain.yaml", languages=None)).languages == ("en",)
    for languages, reason in (
        (["en", "xx"], "'xx' is not a language Tandem knows (try en, cy, pl)"),
        (["en_GB"], "'en_GB' is not a language code like en, cy or pt-BR"),
        (["cy", "en", "cy"], "cy is listed more than once"),
        ([], "list at least one language, like [en]; the first is the default"),
        ("en", "must be a list of language codes, like [en, cy]"),
    ):
        path = write(tmp_path, "greener.yaml", languages=languages)
        assert error_for(path) == f"{path}: languages — {reason}"
    # Norwegian unquoted: YAML reads it as false, and the error says what to do.
    path = tmp_path / "norsk.yaml"
    listed = "languages: [en, cy, ar]"
    text = EXAMPLE.read_text(encoding="utf-8").replace(listed, "languages: [en, no]")
    path.write_text(text, encoding="utf-8")
    assert "put quotes around it" in error_for(path)
    path.write_text(text.replace("[en, no]", '[en, "no", pt-BR]'), encoding="utf-8")
    # The codes are accepted: what is missing now is the project's words in them.
    assert error_for(path).splitlines()[0] == (
        f"{path}: title — has no no text (give one per language: {{en: ..., no: ..., pt-BR: ...}})"
    )


GIVE = "(give one per language: {en: ..., cy: ..., ar: ...})"


def test_a_missing_translation_is_refused_naming_file_step_and_language(tmp_path: Path) -> None:
    (tmp_path / "dialogues").mkdir()
    script = {
        "id": "short",
        "title": "Short",
        "start": "ask",
        "steps": [
            {"id": "ask", "kind": "ask", "text": {"en": "What matters?"}, "next": "bye"},
            {"id": "bye", "kind": "end", "text": {"en": "Thanks!", "cy": "Diolch!", "ar": "شكرًا!"}},
        ],
    }
    (tmp_path / "dialogues" / "short.yaml").write_text(yaml.safe_dump(script), encoding="utf-8")
    path = write(tmp_path, "greener.yaml", dialogue="dialogues/short.yaml")
    # One line per language it lacks, in the project's order.
    assert error_for(path).splitlines() == [
        f"{path}: dialogue dialogues/short.yaml step 'ask' — has no {lang} text {GIVE}"
        for lang in ("cy", "ar")
    ]
    # The built-in dialogue is named as the project's; fields, probes, options, diary and
    # check-ins each by where they are; a plain string counts as the first language only.
    data = example_data()
    data["languages"] = ["en", "cy"]  # one missing language per gap is enough to name it
    data["purpose"] = {"en": "Why we ask."}
    data["dialogue"] = yaml.safe_load(
        (ROOT / "conversations" / "dialogue" / "scripts" / "outcome_first.yaml").read_text("utf-8")
    )
    outcome = data["dialogue"]["steps"][1]
    outcome["probe"] = "Why?"
    outcome["text"] = {"cy": outcome["text"]["cy"]}
    data["dialogue"]["steps"][6]["options"][1]["label"] = {"en": "Join a workshop"}
    data["diary"]["touchpoints"][0] = "GP surgery"
    data["checkins"][0]["questions"][2]["text"] = {"en": "What should we change?"}
    path = tmp_path / "gaps.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    give = "(give one per language: {en: ..., cy: ...})"
    assert error_for(path).splitlines() == [
        f"{path}: purpose — has no cy text {give}",
        f"{path}: dialogue step 'outcome' — has no en text {give}",
        f"{path}: dialogue step 'outcome' probe — has no cy text {give}",
        f"{path}: dialogue step 'involvement' option 'workshop' — has no cy text {give}",
        f"{path}: diary touchpoint 1 ('GP surgery') — has no cy text {give}",
        f"{path}: check-in 'dropin' question 'q3' — has no cy text {give}",
    ]


def test_one_language_projects_take_plain_words_and_texts_fall_back(tmp_path: Path) -> None:
    plain = {key: "Plain words." for key in ("purpose", "use_of_input", "who_sees")}
    project = load_project(write(tmp_path, "plain.yaml", languages=["en"], **plain))
    assert "Why we're asking: Plain words." in project.introduction()
    # A language the project doesn't list falls back to the default's words.
    assert project.introduction("fr") == project.introduction("en")
    assert project.title.in_("cy") == "Mynd o gwmpas yn Northfield"
    assert project.title.in_("fr", "en") == project.title == "Getting about in Northfield"
    path = write(tmp_path, "plain.yaml", languages=["en"], title={"en": "X", "cy": True})
    assert error_for(path) == f"{path}: title — the cy text must be words"


def test_tandem_validate_names_the_missing_translation(tmp_path: Path) -> None:
    from tests.test_budget_validate import validate

    data = example_data()
    data["duration"] = {"en": "A month."}
    path = with_example_pictures(tmp_path) / "short.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = validate(path)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert f"{path}: duration — has no cy text {GIVE}" in lines
    assert f"{path}: duration — has no ar text {GIVE}" in lines


def test_the_default_language_is_the_plain_value_whatever_the_order(tmp_path: Path) -> None:
    path = with_example_pictures(tmp_path) / "sorted.yaml"
    path.write_text(yaml.safe_dump(example_data(), sort_keys=True), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.index("\n  cy: Mynd") < text.index("\n  en: Getting")  # cy written before en
    project = load_project(path)
    assert project.title == project.title.in_() == "Getting about in Northfield"
    path.write_text(path.read_text("utf-8").replace("- en\n- cy", "- cy\n- en"), "utf-8")
    assert load_project(path).title == "Mynd o gwmpas yn Northfield"
