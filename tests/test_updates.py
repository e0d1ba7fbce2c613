"""Updates in storage: who contributed, who is told, their replies, and erasure."""

from __future__ import annotations

import json
import time as clock
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conversations import loop
from conversations.dialogue.engine import Answer, DialogueState
from conversations.i18n.words import english
from conversations.loop import Link, LinkKind
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.ideas import IdeasRepository
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository
from storage.update_drafts import Draft
from storage.updates import NoSuchPoll, UpdatesRepository

EN = english()

STAFF = 9001
SCRIPT = "outcome_first"


@pytest.fixture
def repo(db: Database) -> UpdatesRepository:
    return UpdatesRepository(db)


async def join(db: Database, telegram_ids: range, project: str = "p") -> list[int]:
    """Participant ids of people who consented to the project."""
    await ProjectsRepository(db).sync(
        [ProjectRow("p", "Project", "CODE", 1, "test"), ProjectRow("q", "Other", "OTHER", 1, "t")]
    )
    people = PeopleRepository(db)
    return [(await people.consent(t, f"Name {t}", project, 1, "test")).id for t in telegram_ids]


async def answer(db: Database, participant: int, step: str, kind: str = "text", n: int = 1) -> None:
    value = "" if kind == "skipped" else f"said by {participant}"
    await DialogueRepository(db).record(
        participant,
        SCRIPT,
        DialogueState(step),
        [Answer(step, kind, value)],  # type: ignore[arg-type]
        participant * 100 + n,
        False,
    )


async def ready(repo: UpdatesRepository, kind: LinkKind, ref: str, text: str = "We did") -> Draft:
    """A draft for project p at the preview stage."""
    draft = await repo.drafts.start(STAFF, "p")
    await repo.drafts.set_link(draft.id, kind, ref)
    await repo.drafts.set_text(draft.id, text, 1)
    found = await repo.drafts.of(STAFF)
    assert found is not None and found.stage == "preview"
    return found


def message(update_id: int) -> dict[str, Any]:
    return {"text": "You said, we did", "reply_markup": {"update": update_id}}


async def outbox_rows(db: Database) -> list[tuple[Any, ...]]:
    rows = await db.fetch_all(
        "SELECT chat_id, participant_id, kind, dedupe_key, broadcast_id, params FROM outbox"
        " ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def test_an_idea_reaches_its_author_only(db: Database, repo: UpdatesRepository) -> None:
    author, other = await join(db, range(1001, 1003))
    ideas = IdeasRepository(db)
    await ideas.add(author, "text", "A bench at the bus stop", None, 1)
    await ideas.add(other, "voice", "file-1", "longer lights", 2)
    [voice, text] = await repo.recent_ideas("p", 8)
    assert (text.pseudonym, text.value, voice.kind) == (
        (await PeopleRepository(db).participant(1001, "p")).pseudonym,  # type: ignore[union-attr]
        "A bench at the bus stop",
        "voice",
    )
    assert await repo.contributors("p", "idea", str(text.id)) == [author]
    assert await repo.contributors("q", "idea", str(text.id)) == []  # not that project's idea

    posted = await repo.post(await ready(repo, "idea", str(text.id)), SCRIPT, message)
    assert posted is not None and posted.recipients == 1
    assert await repo.recipients(posted.update_id) == [author]
    [row] = await outbox_rows(db)
    assert row[:5] == (
        1001,
        author,
        "update",
        f"update:{posted.update_id}:{author}",
        posted.broadcast_id,
    )
    assert json.loads(row[5]) == message(posted.update_id)
    assert await repo.reach(posted.update_id) == (1, 0)
    assert await repo.drafts.of(STAFF) is None


async def test_a_question_reaches_those_who_answered_not_skipped(
    db: Database, repo: UpdatesRepository
) -> None:
    said, skipped, both, elsewhere = await join(db, range(1001, 1005))
    await answer(db, said, "barrier")
    await answer(db, skipped, "barrier", "skipped")
    await answer(db, both, "barrier", "skipped")
    await answer(db, both, "barrier", n=2)  # went /back and answered after all
    await answer(db, elsewhere, "outcome")
    assert await repo.contributors("p", "question", "barrier", SCRIPT) == [said, both]
    assert await repo.contributors("p", "question", "barrier", "another_script") == []
    assert await repo.answer_counts("p", SCRIPT) == {"barrier": 2, "outcome": 1}
    audience = await repo.audience("p", "question", "barrier", SCRIPT)
    assert (audience.reachable, audience.unreachable) == (2, 0)


async def test_paused_and_left_people_are_counted_and_skipped_by_the_sender(
    db: Database, repo: UpdatesRepository
) -> None:
    active, paused, gone = await join(db, range(1001, 1004))
    for p in (active, paused, gone):
        await answer(db, p, "outcome")
    people = PeopleRepository(db)
    await people.set_paused(1002, True)
    await people.leave(gone)
    audience = await repo.audience("p", "question", "outcome", SCRIPT)
    assert (audience.reachable, audience.unreachable) == (1, 2)
    posted = await repo.post(await ready(repo, "question", "outcome"), SCRIPT, message)
    assert posted is not None and posted.recipients == 3
    outbox = OutboxRepository(db)
    [claimed] = await outbox.claim(10)
    assert claimed.participant_id == active
    await outbox.mark_sent(claimed.id, 77)
    progress = await outbox.progress(posted.broadcast_id)
    assert (progress.sent, progress.skipped, progress.done) == (1, 2, True)
    assert await repo.reach(posted.update_id) == (3, 1)


async def test_sending_twice_posts_once(db: Database, repo: UpdatesRepository) -> None:
    [author] = await join(db, range(1001, 1002))
    await IdeasRepository(db).add(author, "text", "Idea", None, 1)
    draft = await ready(repo, "idea", "1")
    assert await repo.post(draft, SCRIPT, message) is not None
    assert await repo.post(draft, SCRIPT, message) is None
    assert len(await outbox_rows(db)) == 1


async def test_drafts_wait_for_text_and_know_a_replay(
    repo: UpdatesRepository, db: Database
) -> None:
    await join(db, range(1001, 1002))
    first = await repo.drafts.start(STAFF, None)
    assert first.stage == "project"
    draft = await repo.drafts.start(STAFF, "p")  # a new /update replaces the old draft
    assert draft.id != first.id and draft.stage == "kind"
    assert await repo.drafts.awaiting_text(STAFF, 5) is None
    await repo.drafts.set_link(draft.id, "question", "outcome")
    assert await repo.drafts.awaiting_text(STAFF, 5) is not None
    await repo.drafts.set_text(draft.id, "We did it", 5)
    assert await repo.drafts.awaiting_text(STAFF, 5) is not None  # the same message again
    assert await repo.drafts.awaiting_text(STAFF, 6) is None  # the next one is not for it
    assert await repo.drafts.drop(draft.id) and not await repo.drafts.drop(draft.id)


async def test_polls_voters_and_why_writers(db: Database, repo: UpdatesRepository) -> None:
    if not await repo.has_polls():
        pytest.skip("no poll tables in this database yet")
    voter, retracted, why_only, skipped_why, other = await join(db, range(1001, 1006))
    now = clock.time()
    async with db.transaction() as tx:
        for project, question in (("p", "Which timetable?"), ("q", "Elsewhere?")):
            await tx.execute(
                "INSERT INTO polls (project_id, question, options, created_at)"
                ' VALUES (?, ?, \'["a", "b"]\', ?)',
                (project, question, now),
            )
        await tx.execute_many(
            "INSERT INTO poll_votes (poll_id, participant_id, option_ids, updated_at)"
            " VALUES (1, ?, ?, ?)",
            [(voter, "[0]", now), (retracted, "[]", now), (other, "[1]", now)],
        )
        await tx.execute_many(
            "INSERT INTO poll_followups (poll_id, participant_id, kind, value, created_at)"
            " VALUES (1, ?, ?, ?, ?)",
            [(why_only, "text", "because", now), (skipped_why, "skipped", "", now)],
        )
    assert await repo.recent_polls("p", 8) == [("1", "Which timetable?")]
    assert await repo.poll_question("p", "1") == "Which timetable?"
    with pytest.raises(NoSuchPoll):
        await repo.poll_question("p", "2")  # project q's poll
    assert await repo.contributors("p", "poll", "1") == [voter, why_only, other]


async def test_replies_and_what_a_resident_received(db: Database, repo: UpdatesRepository) -> None:
    author, answered = await join(db, range(1001, 1003))
    await IdeasRepository(db).add(author, "text", "A bench", None, 1)
    await answer(db, author, "outcome")
    await answer(db, answered, "outcome")
    by_idea = await repo.post(await ready(repo, "idea", "1", "Bench ordered"), SCRIPT, message)
    by_question = await repo.post(
        await ready(repo, "question", "outcome", "Buses"), SCRIPT, message
    )
    assert by_idea is not None and by_question is not None
    [newest, oldest] = await repo.received(1001)
    assert (newest.text, newest.link_kind, newest.idea) == ("Buses", "question", None)
    assert (oldest.text, oldest.idea) == ("Bench ordered", ("text", "A bench", None))
    assert [u.text for u in await repo.received(1002)] == ["Buses"]
    assert await repo.received(4242) == []

    assert (await repo.recipient(by_idea.update_id, 1001)).id == author  # type: ignore[union-attr]
    assert await repo.recipient(by_idea.update_id, 1002) is None
    assert await repo.add_reply(by_idea.update_id, author, "text", "Thank you!", None, 50)
    assert not await repo.add_reply(by_idea.update_id, author, "text", "Thank you!", None, 50)
    await repo.add_reply(by_question.update_id, answered, "voice", "file-9", None, 51)
    [voice, text] = await repo.latest_replies(["p"])
    pseudonym = (await PeopleRepository(db).participant(1002, "p")).pseudonym  # type: ignore[union-attr]
    assert (voice.pseudonym, voice.kind, voice.update_text) == (pseudonym, "voice", "Buses")
    assert (text.value, text.update_text) == ("Thank you!", "Bench ordered")
    assert await repo.latest_replies(["q"]) == []


async def test_forget_erases_what_a_person_was_sent_and_replied(
    db: Database, repo: UpdatesRepository
) -> None:
    author, other = await join(db, range(1001, 1003))
    await answer(db, author, "outcome")
    await answer(db, other, "outcome")
    posted = await repo.post(await ready(repo, "question", "outcome"), SCRIPT, message)
    assert posted is not None
    await repo.add_reply(posted.update_id, author, "text", "my secret reply", None, 9)
    await PeopleRepository(db).forget(1001)
    assert await repo.recipients(posted.update_id) == [other]
    assert await repo.latest_replies(["p"]) == []
    assert [r[0] for r in await outbox_rows(db)] == [1002]
    assert await repo.reach(posted.update_id) == (1, 0)  # the update itself stays


def test_rendering_in_plain_words() -> None:
    idea = Link("idea", "A bench at the bus stop, please, somewhere near the shops and the GP")
    text = loop.update_message("Northfield", idea, "  We ordered one.  ")
    assert text.startswith("You said, we did: news from “Northfield” about your idea “A bench")
    assert text.endswith("…”.\n\nWe ordered one.")
    assert loop.preview(1, 0, idea, text, EN).startswith("This will go to 1 person who took part")
    assert "2 people also took part" in loop.preview(3, 2, idea, text, EN)
    assert loop.summary(42, 0, EN) == "Sent to 42 people who took part."
    assert loop.summary(1, 3, EN) == "Sent to 1 person who took part. 3 people didn't get it."
    assert loop.check_text("ok", EN) == EN.say("UPDATE_TEXT_TOO_SHORT")
    assert loop.check_text("x" * 3001, EN) is not None
    assert loop.check_text("We fixed it.", EN) is None
    assert loop.day(0, "Europe/London") == "1 Jan 1970"
    quiet, zone = (time(21, 0), time(8, 0)), ZoneInfo("Europe/London")
    evening = datetime(2026, 3, 28, 23, 30, tzinfo=zone)  # the night the clocks go forward
    assert loop.quiet_until(evening, "Europe/London", quiet) == datetime(
        2026, 3, 29, 8, 0, tzinfo=zone
    )
    early = datetime(2026, 3, 29, 7, 0, tzinfo=zone)
    assert loop.quiet_until(early, "Europe/London", quiet) == datetime(2026, 3, 29, 8, tzinfo=zone)
    assert loop.quiet_until(evening.replace(hour=12), "Europe/London", quiet) is None
    assert "08:00" in loop.sending(3, EN, datetime(2026, 3, 29, 8, tzinfo=zone))
    assert loop.updates_messages([], EN) == [EN.say("UPDATES_NONE")]
    blocks = [loop.UpdateItem("P", idea, "x" * 1500, 0, "UTC")] * 5
    assert [len(m) <= loop.MESSAGE_LIMIT for m in loop.updates_messages(blocks, EN)] == [True] * 3
    unlabelled = loop.UpdateItem("P", Link("question", ""), "Done.", 0, "UTC")
    [listing] = loop.updates_messages([unlabelled], EN)
    assert listing.endswith("• 1 Jan 1970, “P”, about your answer to a question:\nDone.")
