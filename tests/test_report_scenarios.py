"""The summary report's scenario sections: each story, then its questions' answers and
themes as the questions section shows them; its questions are not repeated there."""

from __future__ import annotations

from pathlib import Path

from conversations.dialogue.engine import Answer, DialogueState
from conversations.export.request import ExportRequest
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.report import build_report, write_report
from tests.report_world import AMIRA, EVE, example_project, seed

PROJECT = example_project()
SAM_EASIER = "What would have made Sam's week easier? You can write it or send a voice message."


async def _seeded(db: Database) -> None:
    world = await seed(db, PROJECT)
    rows = await db.fetch_all("SELECT id, pseudonym FROM participants")
    ids = {pseudonym: row_id for row_id, pseudonym in rows}
    said = {
        AMIRA: [
            Answer("sam_easier", "text", "A later bus back, so Sam can see friends"),
            Answer("sam_hardest", "choice", "friends"),
            Answer("sam_hardest", "text", "Being stuck at home is lonely", probe=True),
        ],
        EVE: [
            Answer("sam_easier", "text", "A bus that turns up, and a later bus home"),
            Answer("sam_hardest", "choice", "doctor"),
        ],
    }
    for n, (user, answers) in enumerate(said.items(), 500):
        participant = ids[world.pseudonyms[user]]
        await DialogueRepository(db).record(
            participant, PROJECT.dialogue.id, DialogueState(None), answers, n, True
        )


async def test_a_section_per_scenario_with_its_questions(db: Database, tmp_path: Path) -> None:
    await _seeded(db)
    report = await build_report(db, ExportRequest(PROJECT, (), "md"))
    assert not {"sam_easier", "sam_hardest"} & {q.step_id for q in report.questions}
    (sam,) = report.scenarios
    assert sam.first_line == "Meet Sam."
    assert [(q.step_id, q.probe) for q in sam.questions] == [
        ("sam_easier", False),
        ("sam_hardest", False),
        ("sam_hardest", True),
    ]
    easier, hardest, why = sam.questions
    assert easier.said.written == 2
    assert [(t.label, t.count) for t in easier.said.themes] == [("later bus", 2)]
    assert hardest.said.choices == {"friends": 1, "doctor": 1}
    assert why.said.written == 1  # the "why that one?" follow-up
    for fmt in ("md", "html"):
        target = tmp_path / f"report.{fmt}"
        await write_report(db.path, ExportRequest(PROJECT, (), fmt), target)
        page = target.read_text(encoding="utf-8")
        story = page.index("Scenario: Meet Sam.")
        questions = page.index("What people said, question by question")
        # In the contents, then as its own section after the conversation's questions.
        assert page.count("Scenario: Meet Sam.") == 2
        assert page.index("Scenario: Meet Sam.", story + 1) > questions
        assert "lives at the top of the hill" in page
        assert "Q1. What would have made Sam" in page
        assert "Getting to the doctor" in page and "Seeing friends" in page


async def test_the_scenario_section_in_welsh(db: Database, tmp_path: Path) -> None:
    await _seeded(db)
    target = tmp_path / "report.md"
    await write_report(db.path, ExportRequest(PROJECT, (), "md", language="cy"), target)
    page = target.read_text(encoding="utf-8")
    assert "Senario: Dewch i gwrdd â Sam." in page
    assert "Darllenodd trigolion y stori ddychmygol hon" in page
    assert "yn byw ar ben y bryn yn Northfield" in page
