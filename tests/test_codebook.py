"""The codebook's storage and the answers page's query on a real SQLite file: 10,000 answers,
filters, pages, codes kept inside their project, themes accepted and rejected."""

from __future__ import annotations

import pytest

from storage.answer_browser import AnswerFilter, answer_page, question_counts
from storage.codebook import CodebookRepository, Question
from storage.database import Database

OUTCOME = Question("outcome", 0)
ANSWERS = 10_000


async def seed(db: Database) -> None:
    """Two projects; 1,000 residents of north, ten answers each (odd ids: the first question)."""
    rows = [
        ("north", "North", "NORTH", 1, "north.yaml", 0.0),
        ("south", "South", "SOUTH", 1, "south.yaml", 0.0),
    ]
    await db.executemany(
        "INSERT INTO projects (id, title, invite_code, consent_version, source, synced_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    people = [(i, 50_000 + i, 0.0) for i in range(1, 1002)]
    await db.executemany(
        "INSERT INTO people (id, telegram_id, created_at) VALUES (?, ?, ?)", people
    )
    participants = [
        (i, i, "north" if i <= 1000 else "south", f"P-{i:04d}", "cy" if i % 4 == 1 else "en")
        for i in range(1, 1002)
    ]
    await db.executemany(
        "INSERT INTO participants (id, person_id, project_id, pseudonym, joined_via,"
        " consent_version, consented_at, language) VALUES (?, ?, ?, ?, 'invite', 1, 0, ?)",
        participants,
    )
    await db.executemany(
        "INSERT INTO participant_tags (participant_id, tag, tagged_at) VALUES (?, 'carers', 0)",
        [(i,) for i in range(1, 1001, 10)],
    )
    answers = [
        (
            1 + n % 1000,
            "outcome" if n % 2 == 0 else "barrier",
            "Late buses again" if n % 5 == 0 else f"More benches number {n}",
            float(n * 60),
        )
        for n in range(ANSWERS)
    ]
    await db.executemany(
        "INSERT INTO answers (participant_id, script_id, step_id, kind, value, created_at)"
        " VALUES (?, 'outcome_first', ?, 'text', ?, ?)",
        answers,
    )


@pytest.fixture
async def seeded(db: Database) -> Database:
    await seed(db)
    return db


async def test_ten_thousand_answers_filtered_and_paged(seeded: Database) -> None:
    counts = await question_counts(seeded, "north", "outcome_first")
    assert counts == {"outcome:0": ANSWERS // 2, "barrier:0": ANSWERS // 2}
    first = await answer_page(seeded, "north", "outcome_first", OUTCOME, AnswerFilter())
    assert (first.matching, first.total, first.pages, len(first.answers)) == (5000, 5000, 100, 50)
    assert first.languages == ["cy", "en"] and first.tags == ["carers"]
    last = await answer_page(seeded, "north", "outcome_first", OUTCOME, AnswerFilter(), page=999)
    assert last.page == 100 and len(last.answers) == 50  # past the end: the last page
    welsh = await answer_page(
        seeded, "north", "outcome_first", OUTCOME, AnswerFilter(language="cy")
    )
    assert welsh.matching == 2500 and all(a.language == "cy" for a in welsh.answers)
    carers = await answer_page(
        seeded, "north", "outcome_first", OUTCOME, AnswerFilter(tag="carers")
    )
    assert carers.matching == 1000 and all(a.tags == ("carers",) for a in carers.answers)
    dated = AnswerFilter(since=60.0 * 100, until=60.0 * 200)
    window = await answer_page(seeded, "north", "outcome_first", OUTCOME, dated)
    assert window.matching == 50
    # LIKE wildcards typed by staff are searched for as they are.
    found = await answer_page(seeded, "north", "outcome_first", OUTCOME, AnswerFilter(search="%"))
    assert found.matching == 0
    found = await answer_page(
        seeded, "north", "outcome_first", OUTCOME, AnswerFilter(search="LATE bus")
    )
    assert found.matching == 1000
    themed = await answer_page(
        seeded, "north", "outcome_first", OUTCOME, AnswerFilter(theme=("en", "late bus"))
    )
    assert themed.matching == 500  # the English speakers' late buses (half write Welsh)


async def test_codes_stay_inside_their_project(seeded: Database) -> None:
    codebook = CodebookRepository(seeded)
    code = await codebook.create("north", "Reliability", "", "#00528a", 0.0)
    assert code is not None
    assert await codebook.create("north", "Reliability", "again", None, 0.0) is None
    elsewhere = await codebook.create("south", "Reliability", "", None, 0.0)
    assert elsewhere is not None and elsewhere != code
    north = await answer_page(seeded, "north", "outcome_first", OUTCOME, AnswerFilter())
    ids = [a.id for a in north.answers[:3]]
    assert await codebook.apply("north", code, ids, 1.0) == 3
    assert await codebook.apply("north", code, ids, 1.0) == 0  # already coded
    # Another project's code, or this code through another project: nothing changes.
    assert await codebook.apply("south", elsewhere, ids, 1.0) == 0
    assert await codebook.apply("south", code, ids, 1.0) == 0
    assert await codebook.remove("south", code, ids) == 0
    coded = await answer_page(seeded, "north", "outcome_first", OUTCOME, AnswerFilter(code=code))
    assert coded.matching == 3 and all(a.codes == (code,) for a in coded.answers)
    assert [(c.name, c.uses) for c in await codebook.codes("north")] == [("Reliability", 3)]
    [shown] = await codebook.codes("north")
    assert shown.swatch is not None and shown.swatch.startswith("data:image/svg+xml,")
    assert "fill%3D%27%2300528a%27" in shown.swatch
    assert await codebook.remove("north", code, ids[:1]) == 1
    assert [c.uses for c in await codebook.codes("north")] == [2]


async def test_accepting_a_theme_codes_its_answers_and_rejecting_codes_nothing(
    seeded: Database,
) -> None:
    codebook = CodebookRepository(seeded)
    await codebook.reject("north", OUTCOME, "en", "bench", 0.0)
    assert await codebook.codes("north") == []
    code, coded = await codebook.accept(
        "north", "outcome_first", OUTCOME, "en", "late bus", "late buses", 0.0
    )
    assert coded == 500
    assert [(c.id, c.name, c.uses) for c in await codebook.codes("north")] == [
        (code, "late buses", 500)
    ]
    assert await codebook.decided("north", OUTCOME) == {("en", "bench"), ("en", "late bus")}
    # Accepting it again (say from another tab) reuses the code and codes nothing twice.
    again, more = await codebook.accept(
        "north", "outcome_first", OUTCOME, "en", "late bus", "late buses", 0.0
    )
    assert (again, more) == (code, 0)
