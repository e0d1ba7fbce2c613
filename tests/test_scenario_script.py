"""Scenario steps are validated when loaded: the picture (exists, PNG or JPEG, within
Telegram's photo limits), the caption's length, its questions, every language; a project's
scenario told inside a shared dialogue is checked the same way, naming file, step and language."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from conversations.dialogue import engine
from conversations.dialogue.picture import picture_size
from conversations.dialogue.script import ScriptError, load_script
from conversations.projects import ProjectError, load_project
from tests.conftest import EXAMPLE_FOLDER, with_example_pictures

SAM = EXAMPLE_FOLDER / "northfield" / "sam.png"


def png(width: int, height: int) -> bytes:
    """A tiny valid PNG header of the given size (enough for the size check)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def script(**scenario: Any) -> dict[str, Any]:
    story = {"id": "sam", "kind": "scenario", "text": {"en": "Meet Sam.", "cy": "Dyma Sam."}}
    story.update({"next": "easier", "questions": ["easier"], "picture": "sam.png", **scenario})
    return {
        "id": "tiny",
        "title": "Tiny",
        "start": "sam",
        "steps": [
            story,
            {"id": "easier", "kind": "ask", "text": {"en": "What?", "cy": "Beth?"}, "next": "bye"},
            {"id": "bye", "kind": "end", "text": {"en": "Thanks", "cy": "Diolch"}},
        ],
    }


def write(folder: Path, data: dict[str, Any], picture: bytes | None = None) -> Path:
    if picture is not None:
        (folder / "sam.png").write_bytes(picture)
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    return str(caught.value)


def test_a_scenario_tells_its_story_with_the_picture_then_asks(tmp_path: Path) -> None:
    loaded = load_script(write(tmp_path, script(), SAM.read_bytes()))
    assert loaded.step("sam").picture == (tmp_path / "sam.png").resolve()
    assert loaded.scenario_of("easier") == loaded.step("sam")
    told = engine.begin(loaded, "cy").replies
    assert [(r.text, r.picture) for r in told] == [
        ("Dyma Sam.", loaded.step("sam").picture),
        ("Beth?", None),
    ]
    assert engine.begin(loaded, "cy").state.step_id == "easier"


def test_a_missing_picture_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, script())
    assert refusal(path) == (
        f"{path}: step 'sam' picture — the picture sam.png does not exist"
        " (paths are relative to the file)"
    )


def test_a_picture_that_is_not_png_or_jpeg_or_too_long_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, script(), b"GIF89a not a photo")
    assert "the picture sam.png must be a PNG or JPEG file" in refusal(path)
    write(tmp_path, script(), png(8000, 300))
    assert "is 8000x300: Telegram takes photos whose width and height" in refusal(path)
    write(tmp_path, script(), png(4000, 150))
    assert "at most 20 times longer than wide" in refusal(path)


def test_jpeg_sizes_are_read_from_the_frame_header() -> None:
    jpeg = (
        b"\xff\xd8" + b"\xff\xe0\x00\x04ab" + b"\xff\xc0\x00\x0b\x08" + struct.pack(">HH", 300, 640)
    )
    assert picture_size(jpeg + b"\x03\x01\x22\x00") == (640, 300)


def test_a_story_longer_than_a_caption_is_refused_with_a_picture_only(tmp_path: Path) -> None:
    long = {"en": "Sam " * 300, "cy": "Dyma Sam."}
    path = write(tmp_path, script(text=long), SAM.read_bytes())
    assert refusal(path) == (
        f"{path}: step 'sam' text en — a story sent with a picture is its caption:"
        " at most 1024 characters (this one has 1200)"
    )
    data = script(text=long)
    del data["steps"][0]["picture"]
    assert load_script(write(tmp_path, data)).step("sam").picture is None  # 4096 without one


def test_questions_must_be_questions_of_one_scenario(tmp_path: Path) -> None:
    path = write(tmp_path, script(questions=["nope", "bye"]), SAM.read_bytes())
    assert refusal(path).splitlines() == [
        f"{path}: step 'sam' — question 'nope' does not exist",
        f"{path}: step 'sam' — 'bye' is not a question (ask or choice) step",
    ]
    path = write(tmp_path, script(questions=[]), SAM.read_bytes())
    assert "a scenario needs questions" in refusal(path)
    data = script()
    data["steps"][1]["picture"] = "sam.png"
    assert "only scenario steps have a picture or questions, not ask steps" in refusal(
        write(tmp_path, data)
    )
    assert refusal(write(tmp_path, script(caption="x"))).endswith(
        "step 'sam' caption — is not a field we know (a typo?)"
    )


def project_with(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load((EXAMPLE_FOLDER / "example.yaml").read_text(encoding="utf-8"))
    change(data["scenario"])
    path = with_example_pictures(tmp_path) / "example.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def project_refusal(path: Path) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    return str(caught.value).splitlines()


def test_the_example_project_refuses_a_missing_language_or_picture(tmp_path: Path) -> None:
    path = project_with(tmp_path, lambda block: block["steps"][0]["text"].pop("ar"))
    assert project_refusal(path) == [
        f"{path}: dialogue step 'sam' — has no ar text (give one per language:"
        " {en: ..., cy: ..., ar: ...})"
    ]
    shutil.rmtree(tmp_path / "northfield")
    path = project_with(tmp_path, lambda block: None)
    shutil.rmtree(tmp_path / "northfield")
    assert project_refusal(path) == [
        f"{path}: scenario: step 'sam' picture — the picture northfield/sam.png does not exist"
        " (paths are relative to the file)"
    ]


def test_the_example_project_refuses_a_scenario_after_no_step(tmp_path: Path) -> None:
    path = project_with(tmp_path, lambda block: block.update(after="barier"))
    [line] = project_refusal(path)
    assert line.startswith(f"{path}: scenario — after: 'barier' is not a step of the dialogue")
    path = project_with(tmp_path, lambda block: block["steps"][2].update(next="nowhere"))
    assert project_refusal(path) == [
        f"{path}: scenario: step 'sam_hardest' — next 'nowhere' does not exist"
    ]


def test_the_diagram_draws_a_scenario_as_a_framed_box() -> None:
    from conversations.dialogue.diagram import to_mermaid

    drawn = to_mermaid(load_project(EXAMPLE_FOLDER / "example.yaml").dialogue)
    assert '[["sam: Meet Sam.' in drawn and "barrier --> " in drawn
