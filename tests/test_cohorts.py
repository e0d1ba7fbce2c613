"""Cohorts over a real SQLite file: who a target reaches, tags, caps and skipped rows."""

from __future__ import annotations

from conversations.dialogue.engine import Answer, DialogueState
from conversations.polls.targets import Target, parse_target
from storage.cohorts import CohortsRepository, Skipped
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.outbox import OutboxRepository, OutgoingMessage
from storage.people import PeopleRepository
from storage.projects import ProjectRow, ProjectsRepository

STATE = DialogueState(step_id="involvement")


async def setup(db: Database) -> dict[int, int]:
    """Eight people in project p (two joined another way), one in project q: telegram -> id."""
    await ProjectsRepository(db).sync(
        [ProjectRow("p", "P", "NORTHFIELD", 1, "t"), ProjectRow("q", "Q", "OTHER", 1, "t")]
    )
    people, dialogues = PeopleRepository(db), DialogueRepository(db)
    ids = {}
    for telegram_id in range(1, 9):
        via = "LIBRARY" if telegram_id in {7, 8} else "NORTHFIELD"
        ids[telegram_id] = (await people.consent(telegram_id, None, "p", 1, via)).id
    await people.consent(99, None, "q", 1, "OTHER")
    choices = {1: "workshop", 2: "workshop", 3: "diary", 4: "workshop"}
    for telegram_id, option in choices.items():
        await dialogues.record(
            ids[telegram_id], "s", STATE, [Answer("involvement", "choice", option)], 1, False
        )
    # Person 4 went back and chose again: the latest answer counts.
    await dialogues.record(ids[4], "s", STATE, [Answer("involvement", "choice", "diary")], 2, False)
    return ids


async def test_targets_resolve_to_reachable_people_only(db: Database) -> None:
    ids = await setup(db)
    cohorts, people = CohortsRepository(db), PeopleRepository(db)
    await people.set_paused(5, True)
    await people.leave(ids[6])
    await OutboxRepository(db).mark_blocked(8)

    async def who(target: str) -> list[int]:
        found = await cohorts.resolve("p", parse_target(target))
        by_id = {v: k for k, v in ids.items()}
        return [by_id[r.participant_id] for r in found]

    assert await who("all") == [1, 2, 3, 4, 7]
    assert await who("joined:northfield") == [1, 2, 3, 4]
    assert await who("joined:LIBRARY") == [7]
    assert await who("answer:involvement=workshop") == [1, 2]
    assert await who("answer:involvement=diary") == [3, 4]
    assert await who("tag:carers") == []
    for telegram_id in (2, 5, 7):
        await cohorts.tag(ids[telegram_id], "carers")
    await cohorts.tag(ids[2], "carers")  # again: no-op
    assert await who("tag:carers") == [2, 7]
    assert await cohorts.tags(ids[2]) == ["carers"]
    assert await cohorts.untag(ids[7], "carers") and not await cohorts.untag(ids[7], "carers")
    assert await who("tag:carers") == [2]
    assert await cohorts.size("p", Target("tag", "carers")) == 1
    assert await cohorts.totals("p") == (5, 8)


async def test_sizes_list_every_cohort_with_reachable_counts(db: Database) -> None:
    ids = await setup(db)
    cohorts = CohortsRepository(db)
    await cohorts.tag(ids[1], "carers")
    await cohorts.tag(ids[3], "young")
    await PeopleRepository(db).set_paused(3, True)
    sizes = {str(s.target): s.size for s in await cohorts.sizes("p")}
    assert sizes == {
        "all": 7,
        "joined:LIBRARY": 2,
        "joined:NORTHFIELD": 5,
        "tag:carers": 1,
        "answer:involvement=diary": 1,
        "answer:involvement=workshop": 2,
    }


async def test_find_by_pseudonym_only_in_ones_own_projects(db: Database) -> None:
    ids = await setup(db)
    participant = await PeopleRepository(db).participant(1, "p")
    assert participant is not None and participant.id == ids[1]
    cohorts = CohortsRepository(db)
    assert await cohorts.find(["p"], participant.pseudonym.lower()) == participant
    assert await cohorts.find(["q"], participant.pseudonym) is None
    assert await cohorts.find([], participant.pseudonym) is None


async def test_recent_messages_count_for_the_cap_but_replies_do_not(db: Database) -> None:
    ids = await setup(db)
    outbox, cohorts = OutboxRepository(db), CohortsRepository(db)

    def row(kind: str, key: str) -> OutgoingMessage:
        return OutgoingMessage(1, kind, "sendMessage", {"text": "x"}, ids[1], dedupe_key=key)

    await outbox.enqueue([row("poll", "a"), row("update", "b"), row("poll_why", "c")])
    await outbox.enqueue([row("poll_stop", "d"), row("poll_notice", "e")])
    [first] = [r for r in await cohorts.resolve("p", Target("all")) if r.participant_id == ids[1]]
    assert first.recent == 2 and first.chat_id == 1 and first.timezone is None
    # A week later none of them count.
    later = await cohorts.resolve("p", Target("all"), now=db.clock.timestamp() + 8 * 86400)
    assert all(r.recent == 0 for r in later)


async def test_skipped_recipients_and_held_rows_show_in_progress(db: Database) -> None:
    ids = await setup(db)
    outbox, cohorts = OutboxRepository(db), CohortsRepository(db)
    broadcast = await outbox.create_broadcast("poll", project_id="p")
    await cohorts.record_skipped(
        broadcast, "poll", "sendPoll", [Skipped(ids[2], 2, f"poll:1:{ids[2]}")], "weekly cap"
    )
    await cohorts.record_skipped(  # a replay records nothing twice
        broadcast, "poll", "sendPoll", [Skipped(ids[2], 2, f"poll:1:{ids[2]}")], "weekly cap"
    )
    later = db.clock.timestamp() + 3600
    await outbox.enqueue(
        [
            OutgoingMessage(1, "poll", "sendPoll", {}, ids[1], "poll:1:a", broadcast),
            OutgoingMessage(3, "poll", "sendPoll", {}, ids[3], "poll:1:b", broadcast, later),
        ]
    )
    progress = await outbox.progress(broadcast)
    assert (progress.skipped, progress.pending, progress.total) == (1, 2, 3)
    assert await cohorts.waiting(broadcast) == 1
    await outbox.set_progress_message(broadcast, 42, 7)
    assert await cohorts.unfinished_broadcasts() == [(broadcast, 42, 7)]
