"""The `updates` table ("you said, we did", as counts) and the poll vote history."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from benchmarks.scenario import PROJECT_ID
from bot.cli import main
from conversations.dialogue.engine import Answer, DialogueState
from conversations.loop import LinkKind
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.polls import PollsRepository
from storage.updates import UpdatesRepository
from tests.test_export import AMIRA, BEN, make_world, read_csv, read_jsonl

STAFF = 424242
DAN = 900000444


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return make_world(tmp_path, monkeypatch)


async def post(repo: UpdatesRepository, kind: LinkKind, ref: str, text: str) -> int:
    """An update posted as a facilitator does: a draft, its link and text, then Send."""
    draft = await repo.drafts.start(STAFF, PROJECT_ID)
    await repo.drafts.set_link(draft.id, kind, ref)
    await repo.drafts.set_text(draft.id, text, 1)
    ready = await repo.drafts.of(STAFF)
    assert ready is not None
    posted = await repo.post(ready, "load", lambda update_id: {"text": text})
    assert posted is not None
    return posted.update_id


async def close_the_loop(database: Path) -> dict[str, int]:
    """Two updates: one on question q1 (Amira told, Ben replies), one on Ben's idea.

    Dan answers q1 only after the update went out: a contributor it was not meant for.
    """
    db = await Database.open(database)
    try:
        people, repo = PeopleRepository(db), UpdatesRepository(db)
        amira, ben = [await people.participant(t, PROJECT_ID) for t in (AMIRA, BEN)]
        assert amira is not None and ben is not None
        on_q1 = await post(repo, "question", "q1", "=We moved the bus stop")
        idea = await db.fetch_one("SELECT id FROM ideas WHERE participant_id = ?", (ben.id,))
        assert idea is not None
        on_idea = await post(repo, "idea", str(idea[0]), "Your number is on the notice board")
        outbox = OutboxRepository(db)
        claimed = await outbox.claim(10)
        assert {m.participant_id for m in claimed} == {amira.id, ben.id}
        told = next(m for m in claimed if m.participant_id == amira.id)
        await outbox.mark_sent(told.id, 77)
        await outbox.release_many([m.id for m in claimed if m is not told])
        await repo.add_reply(on_q1, ben.id, "text", "Thanks!", None, 501)
        await repo.add_reply(on_q1, ben.id, "voice", "AwACAgQ-reply", None, 502)
        dan = await people.consent(DAN, "Dan", PROJECT_ID, 1, "NORTH")
        await DialogueRepository(db).record(
            dan.id, "load", DialogueState("q2", ("q1",)), [Answer("q1", "text", "Late")], 9, False
        )
        return {"q1": on_q1, "idea": on_idea}
    finally:
        await db.close()


def test_updates_as_counts(world: dict[str, str], tmp_path: Path) -> None:
    ids = asyncio.run(close_the_loop(tmp_path / "data" / "tandem.sqlite3"))
    assert main(["export", PROJECT_ID, "--table", "updates", "--output", "updates.csv"]) == 0
    rows = read_csv(tmp_path / "updates.csv")
    counts = ("contributors", "meant_for", "queued", "delivered", "replies")
    assert [(r["update_id"], r["linked_to"], r["link_ref"], r["text"]) for r in rows] == [
        (str(ids["q1"]), "question", "q1", "'=We moved the bus stop"),
        (str(ids["idea"]), "idea", rows[1]["link_ref"], "Your number is on the notice board"),
    ]
    # q1: Amira, Ben and (later) Dan answered it; Amira and Ben were meant to hear, both
    # queued, Amira's delivered; Ben replied twice. Erased Chloe's answer counts nowhere.
    assert [tuple(int(r[c]) for c in counts) for r in rows] == [(3, 2, 2, 1, 2), (1, 1, 1, 0, 0)]
    assert rows[0]["posted_at"].endswith("Z")
    text = (tmp_path / "updates.csv").read_text(encoding="utf-8-sig")
    assert str(STAFF) not in text and "Thanks!" not in text  # counts, not who or what

    assert main(["export", PROJECT_ID, "--table", "updates", "--format", "jsonl"]) == 0
    [first, _] = read_jsonl(tmp_path / f"{PROJECT_ID}-updates.jsonl")
    assert first["text"] == "=We moved the bus stop" and first["contributors"] == 3
    assert main(["export", PROJECT_ID, "--format", "xlsx", "--output", "all.xlsx"]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "all.xlsx")["updates"]
    values: tuple[Any, ...] = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert values[4] == "'=We moved the bus stop" and values[5:] == (3, 2, 2, 1, 2)


def test_updates_counted_within_the_cohort_and_dates(world: dict[str, str], tmp_path: Path) -> None:
    asyncio.run(close_the_loop(tmp_path / "data" / "tandem.sqlite3"))
    base = ["export", PROJECT_ID, "--table", "updates", "--output"]
    assert main([*base, "carers.csv", "--cohort", "tag:carers"]) == 0  # Amira only
    counts = ("contributors", "meant_for", "queued", "delivered", "replies")
    rows = read_csv(tmp_path / "carers.csv")
    assert [tuple(int(r[c]) for c in counts) for r in rows] == [(1, 1, 1, 1, 0), (0, 0, 0, 0, 0)]
    assert main([*base, "north.csv", "--cohort", "joined:NORTH"]) == 0  # Ben and Dan
    rows = read_csv(tmp_path / "north.csv")
    assert [tuple(int(r[c]) for c in counts) for r in rows] == [(2, 1, 1, 0, 2), (1, 1, 1, 0, 0)]
    assert main([*base, "old.csv", "--until", "2025-01-01"]) == 0
    assert read_csv(tmp_path / "old.csv") == []


async def change_votes(database: Path) -> None:
    db = await Database.open(database)
    try:
        amira = await PeopleRepository(db).participant(AMIRA, PROJECT_ID)
        assert amira is not None
        polls = PollsRepository(db)
        await polls.record_vote(1, amira.id, [1], 71)
        await polls.record_vote(1, amira.id, [], 72)  # retracted
    finally:
        await db.close()


def test_vote_history_keeps_every_change(world: dict[str, str], tmp_path: Path) -> None:
    asyncio.run(change_votes(tmp_path / "data" / "tandem.sqlite3"))
    assert main(["export", PROJECT_ID, "--table", "vote_history", "--output", "h.csv"]) == 0
    history = read_csv(tmp_path / "h.csv")
    assert [(h["pseudonym"], h["chosen"], h["retracted"]) for h in history] == [
        (world["amira"], "Wood; Stone", "no"),
        (world["amira"], "Metal", "no"),
        (world["amira"], "", "yes"),
    ]  # erased Chloe's vote is gone from the history too
    assert main(["export", PROJECT_ID, "--table", "votes", "--output", "v.csv"]) == 0
    assert [(v["pseudonym"], v["chosen"]) for v in read_csv(tmp_path / "v.csv")] == [
        (world["amira"], "")
    ]
