"""Diary enrolments, the prompts that went out, and entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from conversations.dialogue.engine import DialogueState
from storage.database import Database
from storage.outbox_rows import insert_select, key_sql

# An outbox row for each (participant, day, slot) key just claimed at :now.
_PROMPTS_TO_OUTBOX = insert_select(
    "FROM diary_prompts d JOIN participants q ON q.id = d.participant_id"
    " JOIN people p ON p.id = q.person_id"
    " JOIN diary_enrolments e ON e.participant_id = d.participant_id"
    " WHERE d.local_date = :day AND d.kind = :kind AND d.created_at = :now"
    " AND e.project_id = :project AND e.timezone = :zone"
    # Queued (and so sent) in participant order on both engines, not in the join's order.
    " ORDER BY d.participant_id",
    chat_id="p.telegram_id",
    participant_id="q.id",
    kind=":out_kind",
    method=":method",
    params=":params",
    dedupe_key=key_sql("diary", "d.participant_id", "d.local_date", "d.slot", "d.kind"),
)

# Who may be prompted: enrolled, inside their window, not paused, stopped, left or blocked.
# The resident chose these prompts: they never spend or meet the weekly cap (storage/budget.py).
_ELIGIBLE = """
    FROM diary_slots s
    JOIN diary_enrolments e ON e.participant_id = s.participant_id
    JOIN participants q ON q.id = e.participant_id
    JOIN people p ON p.id = q.person_id
    WHERE e.project_id = :project AND e.timezone = :zone AND s.local_time = :at
      AND e.stopped_at IS NULL AND e.starts_on <= :day AND e.ends_on >= :day
      AND (e.paused_until IS NULL OR e.paused_until <= :day)
      AND q.status = 'active' AND q.blocked_at IS NULL AND p.paused = 0
"""


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A resident's diary settings."""

    participant_id: int
    project_id: str
    timezone: str
    slots: Mapping[str, str]
    starts_on: date
    ends_on: date
    paused_until: date | None
    stopped: bool


@dataclass(frozen=True, slots=True)
class SlotGroup:
    """Everyone prompted at the same local time in the same zone for one project."""

    project_id: str
    timezone: str
    local_time: str


@dataclass(frozen=True, slots=True)
class OpenEntry:
    """A diary entry being written, with the engine's position in it."""

    id: int
    state: DialogueState
    last_update_id: int


@dataclass(frozen=True, slots=True)
class Outgoing:
    """The same message for everyone in a group (callback data carries no personal data)."""

    kind: str
    method: str
    params_json: str


class DiaryRepository:
    """Reads and writes the diary tables (and queues prompts into the outbox)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def enrol(
        self,
        participant_id: int,
        project_id: str,
        zone: str,
        slots: Mapping[str, str],
        starts_on: date,
        ends_on: date,
    ) -> None:
        """Enrol (or re-enrol) a participant; replaces their slots."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO diary_enrolments (participant_id, project_id, timezone, starts_on,"
                " ends_on, enrolled_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id)"
                " DO UPDATE SET timezone = excluded.timezone, starts_on = excluded.starts_on,"
                " ends_on = excluded.ends_on, paused_until = NULL, stopped_at = NULL",
                (
                    participant_id,
                    project_id,
                    zone,
                    starts_on.isoformat(),
                    ends_on.isoformat(),
                    self._db.clock.timestamp(),
                ),
            )
            await tx.execute("DELETE FROM diary_slots WHERE participant_id = ?", (participant_id,))
            await tx.execute_many(
                "INSERT INTO diary_slots (participant_id, slot, local_time) VALUES (?, ?, ?)",
                [(participant_id, slot, at) for slot, at in slots.items()],
            )

    async def enrolment(self, participant_id: int) -> Enrolment | None:
        """The participant's diary settings, if they ever enrolled."""
        rows = await self._db.fetch_all(
            "SELECT e.project_id, e.timezone, e.starts_on, e.ends_on, e.paused_until,"
            " e.stopped_at, s.slot, s.local_time FROM diary_enrolments e"
            " LEFT JOIN diary_slots s ON s.participant_id = e.participant_id"
            " WHERE e.participant_id = ? ORDER BY s.slot",
            (participant_id,),
        )
        if not rows:
            return None
        first = rows[0]
        return Enrolment(
            participant_id,
            first[0],
            first[1],
            {r[6]: r[7] for r in rows if r[6]},
            date.fromisoformat(first[2]),
            date.fromisoformat(first[3]),
            date.fromisoformat(first[4]) if first[4] else None,
            first[5] is not None,
        )

    async def set_timezone(self, participant_id: int, zone: str) -> None:
        """Move the participant's prompts to another time zone."""
        await self._db.execute(
            "UPDATE diary_enrolments SET timezone = ? WHERE participant_id = ?",
            (zone, participant_id),
        )

    async def set_slot_time(self, participant_id: int, slot: str, at: str) -> None:
        """Prompt this slot at another local time."""
        await self._db.execute(
            "UPDATE diary_slots SET local_time = ? WHERE participant_id = ? AND slot = ?",
            (at, participant_id, slot),
        )

    async def pause_until(self, participant_id: int, until: date | None) -> None:
        """No prompts before this local date (None resumes)."""
        await self._db.execute(
            "UPDATE diary_enrolments SET paused_until = ? WHERE participant_id = ?",
            (until.isoformat() if until else None, participant_id),
        )

    async def stop(self, participant_id: int) -> None:
        """No more prompts; entries stay."""
        await self._db.execute(
            "UPDATE diary_enrolments SET stopped_at = ? WHERE participant_id = ?",
            (self._db.clock.timestamp(), participant_id),
        )

    async def slot_groups(self) -> list[SlotGroup]:
        """Every (project, zone, local time) someone is prompted at."""
        rows = await self._db.fetch_all(
            "SELECT DISTINCT e.project_id, e.timezone, s.local_time FROM diary_slots s"
            " JOIN diary_enrolments e ON e.participant_id = s.participant_id"
            " WHERE e.stopped_at IS NULL ORDER BY 1, 2, 3"
        )
        return [SlotGroup(r[0], r[1], r[2]) for r in rows]

    async def queue_prompts(self, group: SlotGroup, day: date, message: Outgoing) -> int:
        """Queue today's prompt for everyone due in the group, once; return how many.

        The diary_prompts key (participant, local date, slot) and the outbox row are
        written in one transaction, so a slot can neither be lost nor sent twice, however
        often it fires (restarts, catch-up, a DST fall-back hour).
        """
        return await self._queue(
            group,
            day,
            message,
            "prompt",
            """
            INSERT INTO diary_prompts (participant_id, local_date, slot, kind, created_at)
            SELECT s.participant_id, :day, s.slot, 'prompt', :now """
            + _ELIGIBLE
            + """
            ON CONFLICT DO NOTHING""",
        )

    async def queue_nudges(self, group: SlotGroup, day: date, message: Outgoing) -> int:
        """One reminder a day for those prompted at this slot who have not answered today."""
        return await self._queue(
            group,
            day,
            message,
            "nudge",
            """
            INSERT INTO diary_prompts (participant_id, local_date, slot, kind, created_at)
            SELECT s.participant_id, :day, 'day', 'nudge', :now """
            + _ELIGIBLE
            + """
              AND EXISTS (SELECT 1 FROM diary_prompts d WHERE d.participant_id = q.id
                          AND d.local_date = :day AND d.slot = s.slot AND d.kind = 'prompt')
              AND NOT EXISTS (SELECT 1 FROM diary_entries x WHERE x.participant_id = q.id
                              AND x.local_date = :day)
            ON CONFLICT DO NOTHING""",
        )

    async def _queue(
        self, group: SlotGroup, day: date, message: Outgoing, kind: str, claim_sql: str
    ) -> int:
        now = self._db.clock.timestamp()
        params = {
            "project": group.project_id,
            "zone": group.timezone,
            "at": group.local_time,
            "day": day.isoformat(),
            "now": now,
            "kind": kind,
            "out_kind": message.kind,
            "method": message.method,
            "params": message.params_json,
        }
        # Two set-based statements, so 100,000 residents in one zone queue in about a second:
        # claim the (participant, day, slot) keys, then queue an outbox row for each claim.
        async with self._db.transaction() as tx:
            claimed = await tx.execute(claim_sql, params)
            await tx.execute(_PROMPTS_TO_OUTBOX, params)
        return claimed

    async def open_entry(self, participant_id: int) -> OpenEntry | None:
        """The entry being written, if any."""
        row = await self._db.fetch_one(
            "SELECT id, step_id, history, probing, last_update_id FROM diary_entries"
            " WHERE participant_id = ? AND status = 'open'",
            (participant_id,),
        )
        if row is None:
            return None
        state = DialogueState(
            step_id=row[1], history=tuple(h for h in row[2].split(",") if h), probing=bool(row[3])
        )
        return OpenEntry(row[0], state, row[4])

    async def start_entry(
        self, participant_id: int, day: date, at: str, state: DialogueState, update_id: int
    ) -> None:
        """Open a new entry (an open one is kept: one at a time)."""
        await self._db.execute(
            "INSERT INTO diary_entries (participant_id, local_date, local_time, step_id,"
            " history, probing, last_update_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (
                participant_id,
                day.isoformat(),
                at,
                state.step_id,
                ",".join(state.history),
                int(state.probing),
                update_id,
                self._db.clock.timestamp(),
            ),
        )

    async def advance_entry(
        self,
        entry_id: int,
        state: DialogueState,
        fields: Mapping[str, object],
        update_id: int,
        finished: bool,
    ) -> None:
        """Store a step of an entry; a replayed update changes nothing."""
        allowed = {
            "nothing_today",
            "touchpoint",
            "happened_kind",
            "happened_value",
            "happened_caption",
            "feeling",
            "better",
        }
        assert set(fields) <= allowed, set(fields) - allowed
        sets = "".join(f", {name} = :{name}" for name in fields)
        await self._db.execute(
            "UPDATE diary_entries SET step_id = :step, history = :history, probing = :probing,"
            " last_update_id = :update, status = :status,"
            " completed_at = CASE WHEN :finished = 1 THEN :now END"
            + sets
            + " WHERE id = :id AND last_update_id < :update",
            {
                "step": state.step_id,
                "history": ",".join(state.history),
                "probing": int(state.probing),
                "update": update_id,
                "status": "complete" if finished else "open",
                "finished": finished,
                "now": self._db.clock.timestamp(),
                "id": entry_id,
                **fields,
            },
        )


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """A finished diary entry that names a touchpoint (for journeys)."""

    pseudonym: str
    local_date: date
    local_time: str
    touchpoint: str
    feeling: int
    happened_kind: str | None
    happened_value: str | None
    better: str | None
    timezone: str
    may_quote: bool
    happened_caption: str | None = None


_ENTRY_QUERY = (
    "SELECT q.pseudonym, x.local_date, x.local_time, x.touchpoint, x.feeling,"
    " x.happened_kind, x.happened_value, x.better, COALESCE(e.timezone, 'UTC'),"
    " COALESCE(q.may_quote, 0), x.happened_caption FROM diary_entries x"
    " JOIN participants q ON q.id = x.participant_id"
    " LEFT JOIN diary_enrolments e ON e.participant_id = q.id"
    " WHERE x.status = 'complete' AND x.nothing_today = 0 AND x.touchpoint IS NOT NULL"
    " AND x.feeling IS NOT NULL"
)


async def journey_entries(
    db: Database,
    *,
    participant_id: int | None = None,
    project_id: str | None = None,
    pseudonym: str | None = None,
) -> list[StoredEntry]:
    """Finished touchpoints of one participant, one pseudonym, or a whole project."""
    clauses, params = [], []
    for column, value in (
        ("q.id", participant_id),
        ("q.project_id", project_id),
        ("q.pseudonym", pseudonym),
    ):
        if value is not None:
            clauses.append(f" AND {column} = ?")
            params.append(value)
    rows = await db.fetch_all(
        _ENTRY_QUERY + "".join(clauses) + " ORDER BY x.local_date, x.local_time, x.id", params
    )
    return [
        StoredEntry(
            r[0],
            date.fromisoformat(r[1]),
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            bool(r[9]),
            r[10],
        )
        for r in rows
    ]
