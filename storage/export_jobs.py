"""Exports asked for in the chat, stored so that a crash loses none and sends none twice."""

from __future__ import annotations

from dataclasses import dataclass

from storage.database import Database, Row

_COLUMNS = (
    "id, telegram_id, chat_id, progress_message_id, project_id, format, since, until, cohort,"
    " created_at, attempts, finished_at, outcome, reply"
)


@dataclass(frozen=True, slots=True)
class ExportAskRecord:
    """What was asked for: a project, a format, and the optional days and cohort as typed."""

    project_id: str
    format: str
    since: str | None = None
    until: str | None = None
    cohort: str | None = None


@dataclass(frozen=True, slots=True)
class ExportJob:
    """One stored export: who asked, where its progress shows, and how it ended."""

    id: int
    telegram_id: int
    chat_id: int
    progress_message_id: int | None
    ask: ExportAskRecord
    created_at: float
    attempts: int
    finished_at: float | None
    outcome: str | None
    reply: str | None


def _job(row: Row) -> ExportJob:
    ask = ExportAskRecord(row[4], row[5], row[6], row[7], row[8])
    return ExportJob(
        row[0], row[1], row[2], row[3], ask, row[9], row[10], row[11], row[12], row[13]
    )


class ExportJobsRepository:
    """Reads and writes the export_jobs table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def open(
        self,
        telegram_id: int,
        chat_id: int,
        ask: ExportAskRecord,
        update_id: int | None = None,
        now: float | None = None,
    ) -> ExportJob | None:
        """Store a new job; None if this person already has one unfinished, or if the
        update that asks was stored as a job before (a replay after a crash)."""
        async with self._db.transaction() as tx:
            # Either unique key (the update, one running job a person) leaves the row out.
            job_id = await tx.insert(
                "INSERT INTO export_jobs (telegram_id, chat_id, update_id, project_id, format,"
                " since, until, cohort, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (
                    telegram_id,
                    chat_id,
                    update_id,
                    ask.project_id,
                    ask.format,
                    ask.since,
                    ask.until,
                    ask.cohort,
                    self._db.clock.timestamp() if now is None else now,
                ),
            )
        return None if job_id is None else await self.get(job_id)

    async def asked_by_update(self, update_id: int) -> bool:
        """Whether this update already stored a job (so handling it again does nothing)."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM export_jobs WHERE update_id = ? LIMIT 1", (update_id,)
        )
        return row is not None

    async def get(self, job_id: int) -> ExportJob | None:
        """The job, or None if it is gone (its coordinator used /forget)."""
        row = await self._db.fetch_one(
            f"SELECT {_COLUMNS} FROM export_jobs WHERE id = ?", (job_id,)
        )
        return _job(row) if row else None

    async def set_progress(self, job_id: int, message_id: int) -> None:
        """Remember the "Preparing…" message, to edit when the job ends."""
        await self._db.execute(
            "UPDATE export_jobs SET progress_message_id = ? WHERE id = ?", (message_id, job_id)
        )

    async def discard(self, job_id: int) -> None:
        """Forget a job that never got going (its progress message could not be sent)."""
        await self._db.execute("DELETE FROM export_jobs WHERE id = ?", (job_id,))

    async def begin_attempt(self, job_id: int) -> bool:
        """Count a run starting; False if the job is gone or already finished."""
        changed = await self._db.execute(
            "UPDATE export_jobs SET attempts = attempts + 1 WHERE id = ? AND finished_at IS NULL",
            (job_id,),
        )
        return changed > 0

    async def is_open(self, job_id: int) -> bool:
        """Whether the job is still stored and unfinished."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM export_jobs WHERE id = ? AND finished_at IS NULL", (job_id,)
        )
        return row is not None

    async def finish(self, job_id: int, outcome: str, reply: str, now: float | None = None) -> bool:
        """Record how the job ended and what to tell; False if it was gone or already ended."""
        changed = await self._db.execute(
            "UPDATE export_jobs SET finished_at = ?, outcome = ?, reply = ?"
            " WHERE id = ? AND finished_at IS NULL",
            (self._db.clock.timestamp() if now is None else now, outcome, reply, job_id),
        )
        return changed > 0

    async def told(self, job_id: int, now: float | None = None) -> None:
        """The coordinator was told how the job ended."""
        await self._db.execute(
            "UPDATE export_jobs SET told_at = ? WHERE id = ?",
            (self._db.clock.timestamp() if now is None else now, job_id),
        )

    async def unfinished(self) -> list[ExportJob]:
        """Jobs an earlier run started and did not finish, oldest first."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM export_jobs WHERE finished_at IS NULL ORDER BY id"
        )
        return [_job(r) for r in rows]

    async def untold(self) -> list[ExportJob]:
        """Finished jobs whose coordinator was not yet told how they ended."""
        rows = await self._db.fetch_all(
            f"SELECT {_COLUMNS} FROM export_jobs WHERE told_at IS NULL"
            " AND finished_at IS NOT NULL ORDER BY id"
        )
        return [_job(r) for r in rows]

    async def prune(self, finished_before: float) -> int:
        """Delete jobs told about before ``finished_before``; return how many went."""
        return await self._db.execute(
            "DELETE FROM export_jobs WHERE told_at IS NOT NULL AND finished_at < ?",
            (finished_before,),
        )
