"""The ideas farm and the offers register, tallied for the summary report (within its scope:
project, cohort and dates). Pseudonyms and words only of people who agreed to be quoted."""

from __future__ import annotations

from conversations.report.farm import FarmIdeaRow, FarmReport, OfferTag
from storage.database import Database
from storage.report.scope import QUOTABLE, Scope

# Ideas shown in the report, most backed first.
TOP = 10

_COUNTS = (
    "SELECT COUNT(*) FILTER (WHERE i.parent_id IS NULL AND i.sharing = 'approved'),"
    " COUNT(*) FILTER (WHERE i.sharing = 'pending'),"
    " COUNT(*) FILTER (WHERE i.sharing = 'rejected'),"
    " COUNT(*) FILTER (WHERE i.parent_id IS NOT NULL AND i.sharing = 'approved'),"
    " (SELECT COUNT(*) FROM idea_backers b JOIN scope t ON t.id = b.participant_id)"
    " FROM ideas i JOIN scope s ON s.id = i.participant_id WHERE 1 = 1"
)
_BACKERS = "(SELECT COUNT(*) FROM idea_backers b WHERE b.idea_id = i.id)"
_TOP = (
    f"SELECT CASE WHEN s.may_quote = 1 AND i.kind = 'text' THEN i.value END, {QUOTABLE},"
    f" {_BACKERS}, (SELECT COUNT(*) FROM offers o WHERE o.idea_id = i.id"
    " AND o.what IS NOT NULL),"
    " CASE WHEN i.poll_id IS NOT NULL THEN 'polled' WHEN i.shortlisted_at IS NOT NULL"
    " THEN 'shortlisted' ELSE 'open' END"
    " FROM ideas i JOIN scope s ON s.id = i.participant_id"
    " WHERE i.parent_id IS NULL AND i.sharing = 'approved'"
)
_OFFERS = (
    "SELECT COALESCE(o.tag, ''), COUNT(*),"
    " COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM offer_asks a WHERE a.offer_id = o.id)),"
    " COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM offer_asks a WHERE a.offer_id = o.id"
    " AND a.answer = 'yes'))"
    " FROM offers o JOIN scope s ON s.id = o.participant_id WHERE o.what IS NOT NULL"
)


async def farm(db: Database, q: Scope) -> FarmReport:
    """The farm's counts, its most backed ideas and offers by tag."""
    row = await db.fetch_one(q.sql(_COUNTS, "i.created_at"), q.params)
    counts = dict(
        zip(
            ("shared", "waiting", "rejected", "builds", "backings"),
            map(int, row or ()),
            strict=False,
        )
    )
    ideas = await db.fetch_all(
        q.sql(_TOP, "i.created_at", f" ORDER BY 3 DESC, i.id DESC LIMIT {TOP}"), q.params
    )
    offers = await db.fetch_all(
        q.sql(_OFFERS, "o.created_at", " GROUP BY 1 ORDER BY 2 DESC, 1"), q.params
    )
    return FarmReport(
        counts,
        tuple(FarmIdeaRow(r[0], r[1], int(r[2]), int(r[3]), str(r[4])) for r in ideas),
        tuple(OfferTag(str(r[0]), int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in offers),
    )
