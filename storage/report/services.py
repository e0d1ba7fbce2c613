"""Prototypes polled, services checked in on, and updates on what changed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import CycleResults
from conversations.polls.model import Poll
from conversations.polls.results import tally
from conversations.projects import Project
from conversations.report.model import CheckinReport, PollFamily, UpdateReport
from conversations.report.said import Said
from storage.checkins import CheckInsRepository
from storage.database import Database
from storage.polls import PollsRepository
from storage.report.coassess import coassessment
from storage.report.scope import QUOTABLE, SPOKEN, Scope, fold

MAX_POLLS = 1000


def _families(polls: Sequence[Poll]) -> list[list[Poll]]:
    """Polls grouped by prototype (a version's chain of parents), oldest first."""
    by_id = {p.id: p for p in polls}
    families: dict[int, list[Poll]] = {}
    for poll in sorted(polls, key=lambda p: p.id):
        root = poll
        while root.parent_id is not None and root.parent_id in by_id:
            root = by_id[root.parent_id]
        families.setdefault(root.id, []).append(poll)
    return [sorted(f, key=lambda p: (p.version, p.id)) for f in families.values()]


async def polls(db: Database, q: Scope, until: float | None) -> list[PollFamily]:
    """Every prototype poll made before ``until``: votes per version, "why?" answers."""
    made = await PollsRepository(db).for_projects([q.params["project"]], limit=MAX_POLLS)
    found = []
    for family in _families([p for p in made if until is None or p.created_at < until]):
        said = Said(f"poll:{family[0].id}")
        versions = []
        for poll in family:
            params = q.with_params(poll=poll.id, broadcast=poll.broadcast_id)
            combos = await db.fetch_all(
                q.sql(
                    "SELECT v.option_ids, COUNT(*) FROM poll_votes v JOIN scope s"
                    " ON s.id = v.participant_id WHERE v.poll_id = :poll",
                    "v.updated_at",
                    " GROUP BY v.option_ids",
                ),
                params,
            )
            reached = await db.fetch_one(
                q.scope + "SELECT COUNT(*) FROM outbox o JOIN scope s ON s.id = o.participant_id"
                " WHERE o.broadcast_id = :broadcast AND o.kind = 'poll' AND o.status = 'sent'",
                params,
            )
            # Votes arrive counted per distinct choice: tally() sees each one, none is kept.
            decoded = [(json.loads(r[0]), int(r[1])) for r in combos]
            votes = (ids for ids, n in decoded for _ in range(n))
            sent = int(reached[0]) if reached else 0
            versions.append(
                tally(poll.question, poll.options, votes, sent, poll.version, poll.multiple)
            )
            sql = q.sql(
                f"SELECT f.kind, f.value, {QUOTABLE}, {SPOKEN} FROM poll_followups f JOIN scope s"
                " ON s.id = f.participant_id WHERE f.poll_id = :poll",
                "f.created_at",
                " ORDER BY f.created_at",
            )
            await fold(db, sql, params, said.add)
        latest = family[-1]
        found.append(PollFamily(latest.question, latest.why, tuple(versions), said.summary()))
    return found


_OF_CHECKIN = (
    " JOIN checkin_responses r ON r.id = a.response_id JOIN scope s ON s.id = r.participant_id"
    " JOIN checkin_cycles c ON c.id = r.cycle_id WHERE c.project_id = :project"
    " AND c.checkin_id = :checkin"
)


async def checkin(db: Database, q: Scope, definition: CheckInDefinition) -> CheckinReport:
    """A check-in's cycles opened in the window: who answered, scores, words, changes."""
    params = q.with_params(checkin=definition.id)
    cycles = await db.fetch_all(
        q.sql(
            "SELECT c.id, c.local_date, c.closed_at IS NOT NULL, (SELECT COUNT(*) FROM"
            " checkin_invites i JOIN scope s ON s.id = i.participant_id WHERE i.cycle_id = c.id"
            " AND i.kind = 'invite'), (SELECT COUNT(DISTINCT r.participant_id) FROM"
            " checkin_responses r JOIN scope s ON s.id = r.participant_id WHERE r.cycle_id = c.id"
            " AND EXISTS (SELECT 1 FROM checkin_answers a WHERE a.response_id = r.id"
            " AND a.kind != 'skipped')) FROM checkin_cycles c WHERE c.project_id = :project"
            " AND c.checkin_id = :checkin",
            "c.opened_at",
            " ORDER BY c.local_date",
        ),
        params,
    )
    scores = await db.fetch_all(
        q.sql(
            "SELECT r.cycle_id, a.question_id, a.score, COUNT(*) FROM checkin_answers a"
            + _OF_CHECKIN
            + " AND a.kind = 'scale'",
            "c.opened_at",
            " GROUP BY 1, 2, 3",
        ),
        params,
    )
    results = {
        r[0]: CycleResults(r[0], date.fromisoformat(r[1]), bool(r[2]), r[3], r[4]) for r in cycles
    }
    for cycle_id, question, score, count in scores:
        if cycle_id in results:  # one score per person per question and cycle: bounded
            results[cycle_id].scores.setdefault(question, []).extend([int(score)] * count)
    words = {str(x.id): Said(f"{definition.id}:{x.id}") for x in definition.questions}

    def add(question: str, kind: str, value: str, quotable: str | None, language: str) -> None:
        if question in words:
            words[question].add(kind, value, quotable, language)

    sql = q.sql(
        f"SELECT a.question_id, a.kind, a.value, {QUOTABLE}, {SPOKEN} FROM checkin_answers a"
        + _OF_CHECKIN
        + " AND a.kind IN ('text', 'voice')",
        "c.opened_at",
        " ORDER BY r.id",
    )
    await fold(db, sql, params, add)
    changes = await CheckInsRepository(db).changes(q.params["project"], definition.id)
    said = {
        k: words[k].summary() for k in (str(x.id) for x in definition.questions if x.kind == "text")
    }
    heard = await coassessment(db, q, definition.id)
    return CheckinReport(definition, tuple(results.values()), tuple(changes), said, heard)


async def updates(db: Database, q: Scope, project: Project, cohort: bool) -> list[UpdateReport]:
    """ "You said, we did" updates posted in the window, counted within the scope."""
    rows = await db.fetch_all(
        q.sql(
            "SELECT u.link_kind, u.link_ref, u.text, u.created_at,"
            " (SELECT COUNT(*) FROM update_recipients r JOIN scope s ON s.id = r.participant_id"
            "  WHERE r.update_id = u.id),"
            " (SELECT COUNT(*) FROM outbox o JOIN scope s ON s.id = o.participant_id"
            "  WHERE o.broadcast_id = u.broadcast_id AND o.status = 'sent'),"
            " (SELECT COUNT(*) FROM update_replies x JOIN scope s ON s.id = x.participant_id"
            "  WHERE x.update_id = u.id),"
            " (SELECT p.question FROM polls p WHERE u.link_kind = 'poll'"
            "  AND p.project_id = u.project_id AND CAST(p.id AS TEXT) = u.link_ref)"
            " FROM updates u WHERE u.project_id = :project",
            "u.created_at",
            " ORDER BY u.created_at, u.id",
        ),
        q.params,
    )
    script, zone = project.dialogue, ZoneInfo(project.timezone)
    found = []
    for kind, ref, text, created, meant_for, reached, replies, question in rows:
        if cohort and not meant_for:
            continue  # about other people than this cohort
        if kind == "poll":
            about = f"the poll \u201c{question}\u201d" if question else "a poll"
        elif kind == "question" and script.has_step(ref):
            about = f"the question \u201c{script.step(ref).text}\u201d"
        else:
            about = "an idea a resident sent" if kind == "idea" else "a question"
        posted = datetime.fromtimestamp(created, zone).date()
        found.append(UpdateReport(posted, text, about, meant_for, reached, replies))
    return found
