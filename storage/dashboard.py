"""The dashboard's sign-in links, sessions and audit log (tokens stored only as hashes)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from storage.database import Database

LINK_SECONDS = 10 * 60
IDLE_SECONDS = 8 * 60 * 60
ABSOLUTE_SECONDS = 12 * 60 * 60
LINKS_PER_WINDOW = 5
LINK_WINDOW_SECONDS = 10 * 60


def hashed(token: str) -> str:
    """The stored form of a link or session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def staff_pseudonym(telegram_id: int) -> str:
    """How the audit log names a staff member: stable, and no Telegram id."""
    return "staff-" + hashlib.sha256(f"tandem-staff:{telegram_id}".encode()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in staff member's session (the role is looked up afresh on each request)."""

    telegram_id: int
    language: str
    csrf: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One staff action as the audit log holds it."""

    at: float
    staff: str
    role: str
    action: str
    project_id: str | None
    detail: str | None


class DashboardRepository:
    """Links, sessions and the audit log, all dated by the database's clock."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def links_lately(self, telegram_id: int) -> int:
        """How many links this person asked for within the rate-limit window."""
        since = self._db.clock.timestamp() - LINK_WINDOW_SECONDS
        row = await self._db.fetch_one(
            "SELECT COUNT(*) FROM dashboard_links WHERE telegram_id = ? AND created_at > ?",
            (telegram_id, since),
        )
        return int(row[0]) if row else 0

    async def new_link(self, telegram_id: int, language: str) -> str:
        """A one-time sign-in token (returned once; only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        now = self._db.clock.timestamp()
        await self._db.execute(
            "INSERT INTO dashboard_links (token_hash, telegram_id, language, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?)",
            (hashed(token), telegram_id, language, now, now + LINK_SECONDS),
        )
        return token

    async def redeem(self, token: str) -> tuple[str, Session] | None:
        """Use a link once: a new session token and its session; None if unknown, used or old."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE dashboard_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                " AND expires_at > ? RETURNING telegram_id, language",
                (now, hashed(token), now),
            )
            if row is None:
                return None
            session_token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            await tx.execute(
                "INSERT INTO dashboard_sessions (token_hash, telegram_id, language, csrf,"
                " created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (hashed(session_token), row[0], row[1], csrf, now, now, now + ABSOLUTE_SECONDS),
            )
        return session_token, Session(int(row[0]), str(row[1]), csrf)

    async def session(self, token: str) -> Session | None:
        """The live session this cookie names, its idle time restarted; None if none."""
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ?"
                " AND ended_at IS NULL AND expires_at > ? AND last_seen_at > ?"
                " RETURNING telegram_id, language, csrf",
                (now, hashed(token), now, now - IDLE_SECONDS),
            )
        return Session(int(row[0]), str(row[1]), str(row[2])) if row else None

    async def end(self, token: str) -> None:
        """Sign out: the session stops working at once."""
        await self._db.execute(
            "UPDATE dashboard_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            (self._db.clock.timestamp(), hashed(token)),
        )

    async def end_all(self, telegram_id: int) -> None:
        """End every session of a person (their staff role is gone)."""
        await self._db.execute(
            "UPDATE dashboard_sessions SET ended_at = ? WHERE telegram_id = ? AND ended_at IS NULL",
            (self._db.clock.timestamp(), telegram_id),
        )

    async def audit(
        self,
        telegram_id: int,
        role: str,
        action: str,
        project_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Record one staff action, naming the staff member by pseudonym."""
        await self._db.execute(
            "INSERT INTO dashboard_audit (at, staff, role, action, project_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._db.clock.timestamp(),
                staff_pseudonym(telegram_id),
                role,
                action,
                project_id,
                detail,
            ),
        )

    async def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        """The newest audit entries first."""
        rows = await self._db.fetch_all(
            "SELECT at, staff, role, action, project_id, detail FROM dashboard_audit"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [AuditEntry(*row) for row in rows]
