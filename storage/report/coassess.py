"""Co-assessment in the summary report: how far "what we heard" reached, the questions
residents suggested (words only from those who agreed to be quoted) and those adopted."""

from __future__ import annotations

from datetime import UTC, datetime

from conversations.report.model import Coassessment
from conversations.report.themes import Quote
from storage.checkin_heard import HEARD_KIND
from storage.database import Database
from storage.report.scope import QUOTABLE, Scope


async def coassessment(db: Database, q: Scope, checkin_id: str) -> Coassessment:
    """One check-in's "what we heard" reach, suggestions and adopted questions in scope."""
    params = q.with_params(checkin=checkin_id, heard=HEARD_KIND)
    reach = await db.fetch_all(
        q.sql(
            "SELECT o.status = 'skipped', COALESCE(o.error, ''), COUNT(*) FROM checkin_cycles c"
            " JOIN outbox o ON o.kind = :heard AND o.dedupe_key LIKE :heard || ':' || c.id || ':%'"
            " JOIN scope s ON s.id = o.participant_id WHERE c.project_id = :project"
            " AND c.checkin_id = :checkin",
            "c.opened_at",
            " GROUP BY 1, 2",
        ),
        params,
    )
    suggested = await db.fetch_all(
        q.sql(
            f"SELECT {QUOTABLE}, x.text FROM checkin_suggestions x JOIN scope s"
            " ON s.id = x.participant_id WHERE x.project_id = :project"
            " AND x.checkin_id = :checkin AND x.adopted_at IS NULL",
            "x.created_at",
            " ORDER BY x.id",
        ),
        params,
    )
    adopted = await db.fetch_all(
        q.sql(
            "SELECT adopted_at, text FROM checkin_adopted_questions WHERE project_id = :project"
            " AND checkin_id = :checkin",
            "adopted_at",
            " ORDER BY id",
        ),
        params,
    )
    return Coassessment(
        heard=sum(int(n) for skipped, _, n in reach if not skipped),
        left_out={str(why): int(n) for skipped, why, n in reach if skipped},
        suggestions=tuple(Quote(str(who), str(text)) for who, text in suggested if who),
        unquoted=sum(1 for who, _ in suggested if not who),
        adopted=tuple(
            (datetime.fromtimestamp(float(at), UTC).date(), str(text)) for at, text in adopted
        ),
    )
