"""People, their participation in projects, and erasure."""

from __future__ import annotations

from conversations.participation import Participant, Person, new_pseudonym
from storage.database import Database
from storage.sql import Row, Tx, placeholders

PARTICIPANT_COLUMNS = (
    "id, person_id, project_id, pseudonym, joined_via, consent_version, consented_at,"
    " may_quote, status, language"
)
PARTICIPANT_WIDTH = len(PARTICIPANT_COLUMNS.split(","))
_PARTICIPANT = f"SELECT {PARTICIPANT_COLUMNS} FROM participants"


def participant_from_row(row: Row) -> Participant:
    """A Participant from the first columns of a row (PARTICIPANT_COLUMNS order)."""
    may_quote = None if row[7] is None else bool(row[7])
    return Participant(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], may_quote, row[8], row[9]
    )


_participant = participant_from_row


def _person(row: Row) -> Person:
    return Person(row[0], row[1], row[2], row[3], bool(row[4]))


class PeopleRepository:
    """Reads and writes people and participants."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def person(self, telegram_id: int) -> Person | None:
        """The person with this Telegram id, if they ever consented."""
        row = await self._db.fetch_one(
            "SELECT id, telegram_id, first_name, current_project, paused FROM people"
            " WHERE telegram_id = ?",
            (telegram_id,),
        )
        return _person(row) if row else None

    async def standing(self, telegram_id: int, project_id: str) -> tuple[bool, bool]:
        """(taking part in the project, paused) in one read: for routing what they type."""
        row = await self._db.fetch_one(
            "SELECT p.paused, q.status FROM people p LEFT JOIN participants q"
            " ON q.person_id = p.id AND q.project_id = ? WHERE p.telegram_id = ?",
            (project_id, telegram_id),
        )
        if row is None:
            return False, False
        return row[1] == "active", bool(row[0])

    async def participant(self, telegram_id: int, project_id: str) -> Participant | None:
        """This person's participation in a project, whatever its status."""
        row = await self._db.fetch_one(
            _PARTICIPANT + " WHERE project_id = ? AND person_id ="
            " (SELECT id FROM people WHERE telegram_id = ?)",
            (project_id, telegram_id),
        )
        return _participant(row) if row else None

    async def current(self, telegram_id: int) -> Participant | None:
        """The participation in the person's current project, if still active."""
        row = await self._db.fetch_one(
            _PARTICIPANT + " WHERE status = 'active' AND (person_id, project_id) ="
            " (SELECT id, current_project FROM people WHERE telegram_id = ?)",
            (telegram_id,),
        )
        return _participant(row) if row else None

    async def participations(self, telegram_id: int) -> list[Participant]:
        """Every project this person is in (active or left), oldest first."""
        rows = await self._db.fetch_all(
            _PARTICIPANT + " WHERE person_id = (SELECT id FROM people WHERE telegram_id = ?)"
            " ORDER BY consented_at",
            (telegram_id,),
        )
        return [_participant(r) for r in rows]

    async def consent(
        self,
        telegram_id: int,
        first_name: str | None,
        project_id: str,
        consent_version: int,
        joined_via: str,
        language: str = "en",
    ) -> Participant:
        """Record consent (creating the person if new) and make the project current.

        ``language`` is for a new participation; someone coming back keeps the one they had.
        """
        now = self._db.clock.timestamp()
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO people (telegram_id, first_name, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (telegram_id) DO UPDATE SET first_name = excluded.first_name",
                (telegram_id, first_name, now),
            )
            await tx.execute(
                "UPDATE people SET current_project = ? WHERE telegram_id = ?",
                (project_id, telegram_id),
            )
            await tx.execute(
                "INSERT INTO participants (person_id, project_id, pseudonym, joined_via,"
                " consent_version, consented_at, language)"
                " SELECT id, ?, ?, ?, ?, ?, ? FROM people"
                " WHERE telegram_id = ? ON CONFLICT (person_id, project_id) DO UPDATE"
                " SET consent_version = excluded.consent_version,"
                " consented_at = excluded.consented_at, status = 'active', left_at = NULL",
                (
                    project_id,
                    await _free_pseudonym(tx),
                    joined_via,
                    consent_version,
                    now,
                    language,
                    telegram_id,
                ),
            )
        found = await self.participant(telegram_id, project_id)
        assert found is not None
        return found

    async def set_current(self, telegram_id: int, project_id: str) -> None:
        """Make a project the one the person's messages go to."""
        await self._db.execute(
            "UPDATE people SET current_project = ? WHERE telegram_id = ?", (project_id, telegram_id)
        )

    async def set_may_quote(
        self, participant_id: int, may_quote: bool, may_name: bool = False
    ) -> None:
        """Record whether the person's words may be quoted, and whether with their first name.

        Naming goes with quoting: someone who may not be quoted is never named.
        """
        await self._db.execute(
            "UPDATE participants SET may_quote = ?, may_name = ? WHERE id = ?",
            (int(may_quote), int(may_quote and may_name), participant_id),
        )

    async def set_language(self, participant_id: int, language: str) -> None:
        """The language this participation is talked to in (a code the project lists)."""
        await self._db.execute(
            "UPDATE participants SET language = ? WHERE id = ?", (language, participant_id)
        )

    async def naming_choices(self, telegram_id: int) -> dict[int, bool | None]:
        """Per participation (by id): may the first name go in exports (None: not asked)."""
        rows = await self._db.fetch_all(
            "SELECT q.id, q.may_name FROM participants q JOIN people p ON p.id = q.person_id"
            " WHERE p.telegram_id = ?",
            (telegram_id,),
        )
        return {int(r[0]): None if r[1] is None else bool(r[1]) for r in rows}

    async def export_names(self, project_id: str) -> dict[str, str]:
        """Pseudonym -> first name of those in a project who agreed to be named in exports.

        Only people who chose it (may_name = 1), still in or left (erased people are gone),
        and whose first name is known.
        """
        rows = await self._db.fetch_all(
            "SELECT q.pseudonym, p.first_name FROM participants q"
            " JOIN people p ON p.id = q.person_id WHERE q.project_id = ? AND q.may_name = 1"
            " AND q.may_quote = 1 AND q.status IN ('active', 'left')"
            " AND p.first_name IS NOT NULL AND p.first_name != '' ORDER BY q.pseudonym",
            (project_id,),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    async def set_paused(self, telegram_id: int, paused: bool) -> bool:
        """Pause or resume all messages to the person; False if they are not known."""
        return (
            await self._db.execute(
                "UPDATE people SET paused = ? WHERE telegram_id = ?", (int(paused), telegram_id)
            )
            > 0
        )

    async def leave(self, participant_id: int) -> None:
        """Leave a project: no more messages from it; what was said stays until /forget."""
        await self._db.execute(
            "UPDATE participants SET status = 'left', left_at = ? WHERE id = ?",
            (self._db.clock.timestamp(), participant_id),
        )

    async def forget(self, telegram_id: int) -> None:
        """Erase everything held about this person, in one transaction."""
        async with self._db.transaction() as tx:
            await tx.execute("DELETE FROM people WHERE telegram_id = ?", (telegram_id,))
            await tx.execute("DELETE FROM focus WHERE telegram_id = ?", (telegram_id,))
            await tx.execute("DELETE FROM roles WHERE telegram_id = ?", (telegram_id,))
            await tx.execute(
                "UPDATE roles SET granted_by = NULL WHERE granted_by = ?", (telegram_id,)
            )
            await tx.execute(
                "UPDATE staff_invites SET used_by = NULL WHERE used_by = ?", (telegram_id,)
            )
            await tx.execute(
                "UPDATE staff_invites SET created_by = NULL WHERE created_by = ?", (telegram_id,)
            )
            # Staff leave traces too: their drafts go, their name comes off what they made.
            for sql in (
                "DELETE FROM poll_drafts WHERE telegram_id = ?",
                "DELETE FROM update_drafts WHERE telegram_id = ?",
                "DELETE FROM checkin_drafts WHERE telegram_id = ?",
                "UPDATE checkin_definitions SET created_by = NULL WHERE created_by = ?",
                "UPDATE checkin_adopted_questions SET adopted_by = NULL WHERE adopted_by = ?",
                "UPDATE polls SET created_by = NULL WHERE created_by = ?",
                "UPDATE updates SET created_by = NULL WHERE created_by = ?",
                "UPDATE offer_asks SET asked_by = NULL WHERE asked_by = ?",
                "UPDATE broadcasts SET created_by = NULL WHERE created_by = ?",
                "UPDATE broadcasts SET progress_chat_id = NULL WHERE progress_chat_id = ?",
                "DELETE FROM outbox WHERE chat_id = ?",
                # Exports a coordinator asked for: unfinished ones are dropped with the rest.
                "DELETE FROM export_jobs WHERE telegram_id = ?",
                "DELETE FROM export_jobs WHERE chat_id = ?",
                # Dashboard sign-in links and sessions (the audit log names no Telegram id).
                "DELETE FROM dashboard_links WHERE telegram_id = ?",
                "DELETE FROM dashboard_sessions WHERE telegram_id = ?",
            ):
                await tx.execute(sql, (telegram_id,))
            # The update being handled (the confirmation) clears its own payload when marked
            # handled; unlinking the chat key leaves no trace of who sent what. Failed updates
            # keep theirs for a look, so this person's go now.
            in_hand = [
                row[0]
                for row in await tx.fetch_all(
                    "SELECT update_id FROM inbox WHERE chat_key = ? AND handled_at IS NULL",
                    (telegram_id,),
                )
            ]
            await tx.execute(
                "UPDATE inbox SET chat_key = NULL,"
                " payload = CASE WHEN status = 'failed' THEN NULL ELSE payload END"
                " WHERE chat_key = ?",
                (telegram_id,),
            )
        # What was already sent to them for updates still in hand (the /forget itself).
        await self._db.replies.drop(in_hand)


async def _free_pseudonym(tx: Tx) -> str:
    """A new pseudonym nobody has: random ones, the first not taken (collisions are rare).

    Checked before the insert rather than retried after it: on PostgreSQL a failed
    statement ends the transaction.
    """
    candidates = list(dict.fromkeys(new_pseudonym() for _ in range(20)))
    taken = {
        str(row[0])
        for row in await tx.fetch_all(
            f"SELECT pseudonym FROM participants WHERE pseudonym IN"
            f" ({placeholders(len(candidates))})",
            candidates,
        )
    }
    return next(c for c in candidates if c not in taken)
