"""Check-in answers exported with their questions, from project files and built in chat."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.scenario import PROJECT_ID
from bot.cli import main
from conversations.checkins.model import CheckInDefinition
from conversations.dialogue.engine import DialogueState
from conversations.polls.targets import EVERYONE
from storage.checkin_defs import CheckInDefinitionsRepository
from storage.checkins import CheckInsRepository
from storage.database import Database
from storage.diary import Outgoing
from storage.people import PeopleRepository
from tests.test_export import AMIRA, BEN, epoch, make_world, read_csv, read_jsonl

QUESTIONS = [
    {"function": "accountability", "kind": "scale", "text": "Open when promised?"},
    {"function": "improvement", "kind": "text", "text": "What should change?"},
]
IN_FILE = {"id": "dropin", "title": "Drop-in", "every": "monday", "at": "18:00"}
IN_CHAT = {"id": "c1", "title": "Built in chat", "every": "friday", "at": "12:00"}


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    pseudonyms = make_world(tmp_path, monkeypatch)
    path = tmp_path / "projects" / f"{PROJECT_ID}.yaml"
    project = yaml.safe_load(path.read_text(encoding="utf-8"))
    project["checkins"] = [{**IN_FILE, "questions": QUESTIONS}]
    path.write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")
    asyncio.run(answer_checkins(tmp_path / "data" / "tandem.sqlite3"))
    return pseudonyms


async def answer_checkins(database: Path) -> None:
    """Amira answers the file's check-in, Ben the one built in chat (by voice)."""
    db = await Database.open(database)
    try:
        chat_built = CheckInDefinition.model_validate({**IN_CHAT, "questions": QUESTIONS})
        await CheckInDefinitionsRepository(db).save(PROJECT_ID, chat_built, created_by=1)
        repo, people = CheckInsRepository(db), PeopleRepository(db)
        message = Outgoing("checkin", "sendMessage", "{}")
        answers: dict[str, tuple[int, list[Any]]] = {
            "dropin": (AMIRA, [("q1", "scale", 4, None), ("q2", "text", None, "=cmd|' /C calc")]),
            "c1": (BEN, [("q1", "skipped", None, None), ("q2", "voice", None, "AwACAgQ-file")]),
        }
        for n, (checkin_id, (telegram_id, rows)) in enumerate(answers.items(), 1):
            participant = await people.participant(telegram_id, PROJECT_ID)
            assert participant is not None
            cycle, _ = await repo.open_cycle(
                PROJECT_ID,
                checkin_id,
                date(2025, 3, 3),
                epoch("2025-03-05"),
                EVERYONE,
                10,
                epoch("2025-03-03"),
                lambda _: message,
            )
            await repo.start_response(cycle, participant.id, DialogueState("q1"), n)
            response = await repo.open_response(participant.id)
            assert response is not None
            await repo.advance_response(response.id, DialogueState(None), rows, n + 10, True)
    finally:
        await db.close()


def test_checkin_answers_with_their_questions(world: dict[str, str], tmp_path: Path) -> None:
    assert main(["export", PROJECT_ID, "--table", "checkins", "--output", "c.csv"]) == 0
    rows = read_csv(tmp_path / "c.csv")
    assert [
        (r["pseudonym"], r["checkin_id"], r["cycle_date"], r["question"], r["score"], r["value"])
        for r in rows
    ] == [
        (world["amira"], "dropin", "2025-03-03", "Open when promised?", "4", ""),
        (world["amira"], "dropin", "2025-03-03", "What should change?", "", "'=cmd|' /C calc"),
        (world["ben"], "c1", "2025-03-03", "Open when promised?", "", ""),
        (world["ben"], "c1", "2025-03-03", "What should change?", "", "[voice note]"),
    ]
    args = ["export", PROJECT_ID, "--table", "checkins", "--format", "jsonl", "--output"]
    assert main([*args, "c.jsonl", "--cohort", "joined:NORTH"]) == 0
    assert [(r["kind"], r["score"], r["value"]) for r in read_jsonl(tmp_path / "c.jsonl")] == [
        ("skipped", None, None),
        ("voice", None, "[voice note]"),
    ]
