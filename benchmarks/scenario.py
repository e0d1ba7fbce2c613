"""A load scenario shared by the ingest benchmark and the crash test.

Residents who have already joined a project and consented, each in the middle of a long
dialogue, so every message they send is an answer the real engine walks and stores.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conversations.dialogue import engine
from conversations.focus import Focus, FocusKind
from conversations.projects import load_project
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.focus import FocusRepository
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository

PROJECT_ID = "loadtest"
INVITE = "LOADTEST"


def question(n: int) -> str:
    """The text of question n."""
    return f"Question {n}: what else would make a difference?"


def write_project(folder: Path, questions: int) -> Path:
    """A project file whose dialogue asks ``questions`` open questions in a row."""
    folder.mkdir(parents=True, exist_ok=True)
    steps = [
        {
            "id": f"q{n}",
            "kind": "ask",
            "text": question(n),
            "next": f"q{n + 1}" if n < questions else "done",
        }
        for n in range(1, questions + 1)
    ]
    steps.append({"id": "done", "kind": "end", "text": "Thank you, that's everything."})
    project = {
        "id": PROJECT_ID,
        "title": "Load test",
        "invite_code": INVITE,
        "purpose": "Measuring Tandem.",
        "use_of_input": "Nothing; it is thrown away.",
        "who_sees": "Nobody.",
        "duration": "A minute.",
        "contact": "Never.",
        "dialogue": {"id": "load", "title": "Load", "start": "q1", "steps": steps},
    }
    path = folder / f"{PROJECT_ID}.yaml"
    path.write_text(yaml.safe_dump(project, sort_keys=False), encoding="utf-8")
    return path


async def seed_residents(database: Path | str, project_file: Path, user_ids: list[int]) -> None:
    """Consented residents, each waiting at the first question (nothing sent to them)."""
    project = load_project(project_file)
    opening = engine.begin(project.dialogue)
    db = await Database.open(database)
    try:
        await ProjectsRepository(db).sync(
            [
                ProjectRow(
                    project.id, project.title, project.invite_code, project.consent_version, "bench"
                )
            ]
        )
        people, dialogues, focus = PeopleRepository(db), DialogueRepository(db), FocusRepository(db)
        asked = Focus(FocusKind.DIALOGUE, project.id)
        for user_id in user_ids:
            participant = await people.consent(
                user_id, None, project.id, project.consent_version, INVITE
            )
            await dialogues.record(participant.id, project.dialogue.id, opening.state, (), 0, False)
            await focus.set(user_id, asked)  # the first question is the one on their screen
    finally:
        await db.close()
