"""Projects as rows (the YAML files stay the source of truth) and staff roles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conversations.participation import new_invite_code
from storage.database import Database


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """What the database holds about a project file."""

    id: str
    title: str
    invite_code: str
    consent_version: int
    source: str


@dataclass(frozen=True, slots=True)
class ProjectCounts:
    """Participation in one project, for facilitators."""

    project_id: str
    consented: int
    active: int
    left: int
    finished_dialogue: int
    ideas: int


class ProjectsRepository:
    """Sync projects, hold staff roles and one-time staff invites."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def sync(self, projects: Sequence[ProjectRow]) -> None:
        """Upsert the loaded projects; projects whose file is gone are kept, marked absent."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            await tx.execute("UPDATE projects SET present = 0")
            # Invite codes may move between projects across edits: clear them first.
            await tx.execute_many(
                "UPDATE projects SET invite_code = '~' || id WHERE invite_code = ? AND id != ?",
                [(p.invite_code, p.id) for p in projects],
            )
            await tx.execute_many(
                "INSERT INTO projects (id, title, invite_code, consent_version, source,"
                " synced_at, present) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE"
                " SET title = excluded.title, invite_code = excluded.invite_code,"
                " consent_version = excluded.consent_version, source = excluded.source,"
                " synced_at = excluded.synced_at, present = 1",
                [
                    (p.id, p.title, p.invite_code, p.consent_version, p.source, now)
                    for p in projects
                ],
            )

    async def note_invite_opened(self, project_id: str) -> None:
        """Count one showing of the consent question to someone not yet taking part."""
        await self._db.execute(
            "INSERT INTO invite_opens (project_id, opened) VALUES (?, 1)"
            " ON CONFLICT (project_id) DO UPDATE SET opened = invite_opens.opened + 1",
            (project_id,),
        )

    async def invite_opens(self, project_id: str) -> int:
        """How often the consent question was shown to people not yet taking part."""
        row = await self._db.fetch_one(
            "SELECT opened FROM invite_opens WHERE project_id = ?", (project_id,)
        )
        return int(row[0]) if row else 0

    async def facilitated_by(self, telegram_id: int) -> list[str]:
        """Projects this person facilitates."""
        rows = await self._db.fetch_all(
            "SELECT project_id FROM roles WHERE telegram_id = ? AND role = 'facilitator'"
            " ORDER BY project_id",
            (telegram_id,),
        )
        return [r[0] for r in rows]

    async def create_staff_invite(self, project_id: str, role: str, created_by: int) -> str:
        """A one-time code that makes whoever redeems it staff of the project."""
        code = new_invite_code()
        await self._db.execute(
            "INSERT INTO staff_invites (code, project_id, role, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (code, project_id, role, created_by, self._db.clock.timestamp()),
        )
        return code

    async def redeem_staff_invite(self, code: str, telegram_id: int) -> str | None:
        """Use a staff invite once; the project id, or None if unknown or used."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE staff_invites SET used_by = ?, used_at = ?"
                " WHERE code = ? AND used_at IS NULL RETURNING project_id, role, created_by",
                (telegram_id, now, code),
            )
            if row is None:
                return None
            await tx.execute(
                "INSERT INTO roles (telegram_id, project_id, role, granted_by, granted_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (telegram_id, row[0], row[1], row[2], now),
            )
        return str(row[0])

    async def counts(self, project_ids: Sequence[str]) -> list[ProjectCounts]:
        """Participation figures for these projects."""
        result = []
        for project_id in project_ids:
            row = await self._db.fetch_one(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'active'),"
                " COUNT(*) FILTER (WHERE status = 'left'),"
                " (SELECT COUNT(*) FROM dialogue_sessions s JOIN participants q"
                "  ON q.id = s.participant_id WHERE q.project_id = :project"
                "  AND s.finished_at IS NOT NULL),"
                " (SELECT COUNT(*) FROM ideas i JOIN participants q ON q.id = i.participant_id"
                "  WHERE q.project_id = :project)"
                " FROM participants WHERE project_id = :project",
                {"project": project_id},
            )
            assert row is not None
            result.append(ProjectCounts(project_id, row[0], row[1], row[2], row[3], row[4]))
        return result
