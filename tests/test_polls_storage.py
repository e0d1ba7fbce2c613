"""Polls over a real SQLite file: votes with history, follow-ups, versions, closing, erasure."""

from __future__ import annotations

import json

import pytest

from conversations.focus import Focus, FocusKind
from conversations.polls.draft import new_draft
from conversations.polls.model import PollSpec, Vote
from storage.database import Database
from storage.focus import FocusRepository
from storage.outbox import Delivery, OutboxRepository, OutgoingMessage
from storage.people import PeopleRepository
from storage.polls import PollsRepository
from storage.projects import ProjectRow, ProjectsRepository

SPEC = PollSpec(question="Which bench?", options=("Wood", "Metal", "Stone"), why="Why?")


async def sent_poll(db: Database, people: int = 3, closes_at: float | None = None):
    """A poll sent to ``people`` residents (Telegram ids 1..n, Telegram poll ids T1..Tn)."""
    await ProjectsRepository(db).sync([ProjectRow("p", "P", "CODE", 1, "t")])
    ids = [
        (await PeopleRepository(db).consent(n, None, "p", 1, "CODE")).id
        for n in range(1, 1 + people)
    ]
    outbox, polls = OutboxRepository(db), PollsRepository(db)
    broadcast = await outbox.create_broadcast("poll", project_id="p")
    poll = await polls.create(
        "p", SPEC, "all", created_by=9, broadcast_id=broadcast, closes_at=closes_at
    )
    await outbox.enqueue(
        [
            OutgoingMessage(n, "poll", "sendPoll", {}, pid, f"poll:{poll.id}:{pid}", broadcast)
            for n, pid in enumerate(ids, start=1)
        ]
    )
    claimed = await outbox.claim(100, db.clock.timestamp())
    await outbox.record(
        [Delivery(m.id, "sent", 500 + m.chat_id, {"poll_id": f"T{m.chat_id}"}) for m in claimed]
    )
    return poll, ids, polls


@pytest.mark.sqlite_only  # reads SQLite's query plan (EXPLAIN QUERY PLAN)
async def test_a_vote_is_found_by_telegram_poll_and_voter(db: Database) -> None:
    poll, ids, polls = await sent_poll(db)
    ballot = await polls.ballot("T2", 2)
    assert ballot is not None and ballot.poll == poll and ballot.participant_id == ids[1]
    # A forwarded poll answered by someone else, or an unknown poll, is nobody's vote.
    assert await polls.ballot("T2", 3) is None
    assert await polls.ballot("T9", 9) is None
    plan = await db.fetch_all(
        "EXPLAIN QUERY PLAN SELECT 1 FROM outbox o WHERE o.kind = 'poll'"
        " AND json_extract(o.result, '$.poll_id') = ?",
        ("T2",),
    )
    assert any("outbox_by_telegram_poll" in str(tuple(row)) for row in plan)
    assert await polls.reached(poll) == 3
    assert [(m.chat_id, m.message_id) for m in await polls.messages(poll)] == [
        (1, 501),
        (2, 502),
        (3, 503),
    ]


async def test_votes_keep_the_latest_and_every_change(db: Database) -> None:
    poll, ids, polls = await sent_poll(db)
    assert await polls.record_vote(poll.id, ids[0], [0], update_id=1)
    assert await polls.record_vote(poll.id, ids[0], [2, 1], update_id=2)  # changed
    assert await polls.record_vote(poll.id, ids[1], [1], update_id=3)
    assert await polls.record_vote(poll.id, ids[1], [], update_id=4)  # retracted
    assert not await polls.record_vote(poll.id, ids[1], [1], update_id=3)  # a replay
    assert await polls.votes(poll.id) == [Vote(ids[0], (1, 2)), Vote(ids[1], ())]
    assert await polls.history(poll.id, ids[0]) == [(0,), (1, 2)]
    assert await polls.history(poll.id, ids[1]) == [(1,), ()]


async def test_why_is_asked_once_and_answered_once(db: Database) -> None:
    poll, ids, polls = await sent_poll(db)
    await polls.record_vote(poll.id, ids[0], [0], update_id=1)
    params = json.dumps({"text": "Why?"})
    assert await polls.ask_why(poll.id, ids[0], 1, params)
    assert not await polls.ask_why(poll.id, ids[0], 1, params)
    rows = await db.fetch_all("SELECT kind, params FROM outbox WHERE kind = 'poll_why'")
    assert [tuple(r) for r in rows] == [("poll_why", params)]
    assert await polls.add_followup(poll.id, ids[0], "text", "Warmer to sit on")
    assert not await polls.add_followup(poll.id, ids[0], "text", "Second thoughts")
    participant = await PeopleRepository(db).participant(1, "p")
    assert participant is not None
    [followup] = await polls.followups(poll.id)
    assert (followup.pseudonym, followup.value) == (participant.pseudonym, "Warmer to sit on")


async def test_an_idea_being_written_is_not_overwritten_by_why(db: Database) -> None:
    focus = FocusRepository(db)
    await focus.set(1, Focus(FocusKind.IDEA, "p"))
    assert not await focus.offer(1, Focus(FocusKind.POLL_WHY, "p", "1"))
    assert await focus.get(1) == Focus(FocusKind.IDEA, "p")
    # Over the dialogue, the "why?" is taken, and the dialogue comes back once it is answered.
    await focus.set(2, Focus(FocusKind.DIALOGUE, "p"))
    assert await focus.offer(2, Focus(FocusKind.POLL_WHY, "p", "1"))
    assert await focus.done(2, FocusKind.POLL_WHY) == Focus(FocusKind.DIALOGUE, "p")


async def test_versions_form_a_family(db: Database) -> None:
    first, _, polls = await sent_poll(db)
    second = await polls.create(
        "p", SPEC, "all", created_by=9, broadcast_id=None, parent_id=first.id, version=2
    )
    third = await polls.create(
        "p", SPEC, "all", created_by=9, broadcast_id=None, parent_id=second.id, version=3
    )
    other = await polls.create("p", SPEC, "all", created_by=9, broadcast_id=None)
    for member in (first, second, third):
        assert [p.version for p in await polls.family(member.id)] == [1, 2, 3]
    assert [p.id for p in await polls.family(other.id)] == [other.id]
    assert [p.id for p in await polls.for_projects(["p"], limit=2)] == [other.id, third.id]


async def test_closing_drops_unsent_copies_once(db: Database) -> None:
    poll, _, polls = await sent_poll(db, closes_at=db.clock.timestamp() + 60)
    outbox = OutboxRepository(db)
    await outbox.enqueue(
        [OutgoingMessage(4, "poll", "sendPoll", {}, None, "late", poll.broadcast_id)]
    )
    assert [p.id for p in await polls.closing()] == [poll.id]
    assert await polls.close(poll.id)
    assert not await polls.close(poll.id)
    closed = await polls.get(poll.id)
    assert (
        closed is not None
        and closed.closed_at is not None
        and not closed.is_open(db.clock.timestamp())
    )
    assert await polls.closing() == []
    assert (await outbox.progress(poll.broadcast_id or 0)).skipped == 1


async def test_drafts_survive_and_are_known_without_a_query_each_time(db: Database) -> None:
    polls = PollsRepository(db)
    assert not await polls.is_drafting(9)
    await polls.save_draft(9, new_draft("p").model_copy(update={"question": "Q?"}))
    assert await polls.is_drafting(9)
    assert await PollsRepository(db).is_drafting(9)  # a new process reads it back
    draft = await polls.draft(9)
    assert draft is not None and draft.question == "Q?"
    await polls.drop_draft(9)
    assert not await polls.is_drafting(9) and await polls.draft(9) is None


async def test_forgetting_a_resident_erases_their_votes_and_words(db: Database) -> None:
    poll, ids, polls = await sent_poll(db)
    await polls.record_vote(poll.id, ids[0], [0], update_id=1)
    await polls.ask_why(poll.id, ids[0], 1, "{}")
    await polls.add_followup(poll.id, ids[0], "text", "secret reason")
    await PeopleRepository(db).forget(1)
    for table in ("poll_votes", "poll_vote_history", "poll_followups"):
        rows = await db.fetch_all(
            f"SELECT COUNT(*) FROM {table} WHERE participant_id = ?", (ids[0],)
        )
        assert rows[0][0] == 0, table
    assert await polls.followups(poll.id) == []


async def test_mydata_names_the_options_voted_for(db: Database) -> None:
    from conversations.i18n import english
    from conversations.mydata import worded
    from storage.mydata import everything_else

    poll, ids, polls = await sent_poll(db)
    await polls.record_vote(poll.id, ids[0], [2, 1], update_id=1)
    await polls.record_vote(poll.id, ids[1], [1], update_id=2)
    await polls.record_vote(poll.id, ids[1], [], update_id=3)
    [mine] = [worded(h.parts, english()) for h in await everything_else(db, ids[0])]
    assert mine == "your vote: Metal; Stone"
    [withdrawn] = [worded(h.parts, english()) for h in await everything_else(db, ids[1])]
    assert withdrawn == "your vote: none (you took it back)"
