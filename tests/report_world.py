"""A project's worth of data for the summary report tests, made through the real repositories.

Five residents of the example project: Amira (agreed to be quoted, tagged carers), Ben
(refused), Chloe (agreed, then erased with /forget), Dev (never asked) and Eve (agreed;
writes HTML and Markdown into her answers). Each one's words carry their name, so a test
can tell whose words reached a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from conversations.dialogue.engine import Answer, DialogueState
from conversations.polls.model import PollSpec
from conversations.polls.targets import EVERYONE
from conversations.projects import Project, load_project
from storage.checkins import CheckInsRepository
from storage.cohorts import CohortsRepository
from storage.database import Database
from storage.dialogues import DialogueRepository
from storage.diary import DiaryRepository, Outgoing
from storage.ideas import IdeasRepository
from storage.outbox import OutboxRepository
from storage.people import PeopleRepository
from storage.polls import PollsRepository
from storage.projects import ProjectRow, ProjectsRepository
from storage.updates import UpdatesRepository

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
AMIRA, BEN, CHLOE, DEV, EVE = 900000111, 900000222, 900000333, 900000444, 900000555
STAFF = 900000999
EVE_SAYS = "More buses please <script>alert(1)</script> | [link](http://evil.example) *now*"
OUTCOMES = {
    AMIRA: "More buses in the evening, so I can get to work on time",
    BEN: "Evening buses to the hospital, Bensecret",
    CHLOE: "Chloegone about buses",
    DEV: "A later bus home from town, Devhidden",
    EVE: EVE_SAYS,
}
UPDATE_TEXT = "You said evening buses; we asked the operator to run two more"


def example_project() -> Project:
    """The shipped example project (it declares invited: 1200, a diary and a check-in)."""
    return load_project(ROOT / "projects" / "example.yaml")


def epoch(day: str) -> float:
    """Noon of a day in London, as epoch seconds."""
    return datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=LONDON).timestamp()


@dataclass
class World:
    """Pseudonyms by Telegram id, and the update posted."""

    pseudonyms: dict[int, str]
    update_id: int


async def _diary(db: Database, participant: int, entries: list[dict[str, Any]]) -> None:
    diary = DiaryRepository(db)
    today = date(2025, 3, 3)
    last = today + timedelta(days=2)
    await diary.enrol(participant, "northfield", "Europe/London", {"s1": "19:00"}, today, last)
    # Three days of prompts (each day's entries answer that day's: these are all on day 1).
    for day in range(3):
        await db.execute(
            "INSERT INTO diary_prompts (participant_id, local_date, slot, kind, created_at)"
            " VALUES (?, ?, 's1', 'prompt', 0)",
            (participant, (today + timedelta(days=day)).isoformat()),
        )
    for n, fields in enumerate(entries, 1):
        update = participant % 1000 * 100 + n
        await diary.start_entry(participant, today, f"19:0{n}", DialogueState("touchpoint"), update)
        entry = await diary.open_entry(participant)
        assert entry is not None
        await diary.advance_entry(entry.id, DialogueState(None), fields, update + 50, True)


async def _checkin(db: Database, project: Project, answers: dict[int, list[Any]]) -> None:
    repo = CheckInsRepository(db)
    message = Outgoing("checkin", "sendMessage", "{}")
    cycle, _ = await repo.open_cycle(
        project.id,
        "dropin",
        date(2025, 3, 3),
        epoch("2025-03-05"),
        EVERYONE,
        10,
        epoch("2025-03-03"),
        lambda _: message,
    )
    for n, (participant, rows) in enumerate(answers.items(), 1):
        await repo.start_response(cycle, participant, DialogueState("q1"), n)
        response = await repo.open_response(participant)
        assert response is not None
        await repo.advance_response(response.id, DialogueState(None), rows, n + 10, True)


async def seed(db: Database, project: Project) -> World:
    """Everything a report shows, for five residents; Chloe is erased at the end."""
    row = ProjectRow(project.id, project.title, project.invite_code, project.consent_version, "t")
    projects, people = ProjectsRepository(db), PeopleRepository(db)
    await projects.sync([row])
    for _ in range(7):
        await projects.note_invite_opened(project.id)
    ids: dict[int, int] = {}
    pseudonyms: dict[int, str] = {}
    for user, via in (
        (AMIRA, "NORTHFIELD"),
        (BEN, "LIBRARY"),
        (CHLOE, "NORTHFIELD"),
        (DEV, "NORTHFIELD"),
        (EVE, "NORTHFIELD"),
    ):
        joined = await people.consent(user, f"Name{user}", project.id, 1, via)
        ids[user], pseudonyms[user] = joined.id, joined.pseudonym
    for user, quote in ((AMIRA, True), (BEN, False), (CHLOE, True), (EVE, True)):
        await people.set_may_quote(ids[user], quote)
    await CohortsRepository(db).tag(ids[AMIRA], "carers")

    dialogues, script = DialogueRepository(db), project.dialogue.id
    said: dict[int, list[Answer]] = {
        user: [Answer("outcome", "text", t)] for user, t in OUTCOMES.items()
    }
    said[AMIRA] += [
        Answer("outcome", "text", "So I can see my friends after work", probe=True),
        Answer("barrier", "text", "The last bus leaves at six"),
        Answer("asset", "photo", "AgACAgQ-photo-file-id", caption="the library"),
        Answer("involvement", "choice", "diary"),
    ]
    said[BEN] += [Answer("involvement", "choice", "keep_posted")]
    said[DEV] += [Answer("barrier", "voice", "AwACAgQ-voice-file-id")]
    said[EVE] += [Answer("barrier", "skipped", ""), Answer("involvement", "choice", "diary")]
    for n, (user, answers) in enumerate(said.items(), 1):
        finished = user in (AMIRA, EVE)
        await dialogues.record(ids[user], script, DialogueState(None), answers, n, finished)

    ideas = IdeasRepository(db)
    await ideas.add(ids[BEN], "text", "A bench at the bus stop, Benidea", None, 101)
    await ideas.add(ids[EVE], "text", "A bench by the library, please", None, 102)
    await ideas.add(ids[AMIRA], "voice", "AwACAgQ-idea-voice", None, 103)

    await _diary(
        db,
        ids[AMIRA],
        [
            {
                "touchpoint": "GP surgery",
                "feeling": 1,
                "happened_kind": "text",
                "happened_value": "Waited two hours on the phone to book",
            },
            {
                "touchpoint": "Pharmacy",
                "feeling": 4,
                "happened_kind": "text",
                "happened_value": "Quick and friendly",
            },
        ],
    )
    await _diary(
        db,
        ids[BEN],
        [
            {
                "touchpoint": "GP surgery",
                "feeling": 2,
                "happened_kind": "text",
                "happened_value": "Benrude receptionist",
            },
        ],
    )
    await _diary(
        db,
        ids[EVE],
        [
            {
                "touchpoint": "gp  Surgery",
                "feeling": 2,
                "happened_kind": "voice",
                "happened_value": "AwACAgQ-diary-voice",
            },
            {"nothing_today": 1},
        ],
    )

    polls = PollsRepository(db)
    first = await polls.create(
        project.id,
        PollSpec(
            question="Which bench design?", options=("Wood", "Metal", "Stone"), why="Why that one?"
        ),
        "all",
        created_by=None,
        broadcast_id=None,
    )
    second = await polls.create(
        project.id,
        PollSpec(
            question="Which bench design?",
            options=("Wood", "Recycled plastic"),
            why="Why that one?",
        ),
        "all",
        created_by=None,
        broadcast_id=None,
        parent_id=first.id,
        version=2,
    )
    for n, (user, poll, chosen) in enumerate(
        (
            (AMIRA, first, [0]),
            (BEN, first, [1]),
            (EVE, first, [0]),
            (DEV, first, []),
            (AMIRA, second, [1]),
        ),
        201,
    ):
        await polls.record_vote(poll.id, ids[user], chosen, n)
    await polls.add_followup(first.id, ids[AMIRA], "text", "Wood is warmer to sit on in winter")
    await polls.add_followup(first.id, ids[BEN], "text", "Metal lasts, Benpoll")
    await polls.add_followup(second.id, ids[EVE], "voice", "AwACAgQ-why-voice")

    await _checkin(
        db,
        project,
        {
            ids[AMIRA]: [
                ("q1", "scale", 5, None),
                ("q2", "scale", 4, None),
                ("q3", "text", None, "Longer hours for bus advice please"),
            ],
            ids[EVE]: [
                ("q1", "scale", 3, None),
                ("q2", "scale", 2, None),
                ("q3", "text", None, "Longer hours, and bus advice on Saturdays"),
            ],
            ids[BEN]: [("q1", "skipped", None, None)],
        },
    )

    updates = UpdatesRepository(db)
    draft = await updates.drafts.start(STAFF, project.id)
    await updates.drafts.set_link(draft.id, "question", "outcome")
    await updates.drafts.set_text(draft.id, UPDATE_TEXT, 1)
    ready = await updates.drafts.of(STAFF)
    assert ready is not None
    posted = await updates.post(ready, script, lambda u: {"text": UPDATE_TEXT})
    assert posted is not None
    outbox = OutboxRepository(db)
    sent = [m for m in await outbox.claim(100) if m.kind == "update"][:2]
    for message in sent:
        await outbox.mark_sent(message.id, 1)

    await people.forget(CHLOE)
    async with db.transaction() as conn:  # Ben's and Dev's answers are from January
        await conn.execute(
            "UPDATE answers SET created_at = ? WHERE participant_id IN (?, ?)",
            (epoch("2025-01-15"), ids[BEN], ids[DEV]),
        )
    return World(pseudonyms, posted.update_id)
