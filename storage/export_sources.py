"""Where each exported table's rows come from, and the SQL value of each of its columns.

Only pseudonyms are selected: no query reads ``people`` (never a Telegram id; a first name
only in an identified export, for a resident who agreed),
and erased residents are gone from ``participants``, so from every table. Question texts
are joined in from temporary tables the export fills (storage/export_sql.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from conversations.export.cells import MEDIA
from storage.diary_completion import FINISHED_ENTRIES, SENT_PROMPTS
from storage.export_dialect import DIALECTS, Fragments
from storage.sql import Dialect
from storage.update_links import CONTRIBUTORS, POLL_FOLLOWUPS


def literal(text: str) -> str:
    """A constant of ours as an SQL string literal (never anything a resident typed)."""
    return "'" + text.replace("'", "''") + "'"


def _said(kind: str, value: str) -> str:
    """What a resident sent, with voice notes and photos as placeholders (not file ids)."""
    cases = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in MEDIA.items())
    return f"CASE {kind} {cases} ELSE {value} END"


def _chosen(f: Fragments, option_ids: str) -> str:
    """The chosen options' labels, "; "-joined (an unknown index reads "option N")."""
    index = "CAST(j.value AS INTEGER)"
    label = f.json_element("p.options", index)
    return (
        f"(SELECT {f.joined('s.label', 's.n')} FROM (SELECT COALESCE(CASE WHEN {index} >= 0"
        f" THEN {label} END, 'option ' || j.value) AS label, j.key AS n"
        f" FROM {f.json_elements(option_ids)} ORDER BY j.key) s)"
    )


def _among(participant_ids: str) -> str:
    """How many of these participants are in the export's cohort (``{cohort}``)."""
    return f"(SELECT COUNT(*) FROM participants q WHERE q.id IN ({participant_ids}){{cohort}})"


def _contributors() -> str:
    """How many residents contributed to what the update ``u`` answers (as its recipients were)."""
    found = {**CONTRIBUTORS, "poll": CONTRIBUTORS["poll"] + POLL_FOLLOWUPS}
    # link_ref is text; an idea's or a poll's is an id (PostgreSQL will not compare them).
    refs = {"idea": "CAST(u.link_ref AS BIGINT)", "poll": "CAST(u.link_ref AS BIGINT)"}
    cases = " ".join(
        f"WHEN {literal(kind)} THEN {_among(sql.replace(':ref', refs.get(kind, 'u.link_ref')))}"
        for kind, sql in found.items()
    )
    return f"CASE u.link_kind {cases} ELSE 0 END"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a table's rows come from, what dates them, their order, and each column's value.

    A ``bool`` column's value is a condition (``x <> 0``, ``x IS NOT NULL``): PostgreSQL
    does not read an integer as true or false. ``reals``: columns whose numbers are REAL.

    ``lookup``: joins that only fill cells (question texts), left out when counting rows.
    ``cohort_counts``: the cohort narrows the counts in ``cells`` (``{cohort}``), not the rows.
    """

    rows: str
    where: str
    dated_by: str
    order: str
    cells: dict[str, str]
    lookup: str = ""
    cohort_counts: bool = False
    reals: frozenset[str] = frozenset()


def _resident(f: Fragments, table: str, alias: str) -> str:
    # The table drives the scan in id order (a join on the participant's primary key), so
    # rows stream out already ordered: no sort of a million rows in a temporary B-tree.
    return f"FROM {table} {alias} {f.pinned_join} participants q ON q.id = {alias}.participant_id"


_IN_PROJECT = "q.project_id = :project"
_POLL = " JOIN polls p ON p.id = {0}.poll_id JOIN participants q ON q.id = {0}.participant_id"
_POLL_IN_PROJECT = "p.project_id = :project AND q.project_id = :project"

# Diary completion per diarist (defined in conversations/diary_completion.py): prompts sent,
# and answered (each day, no more than that day's finished entries).
_PER_DAY = (
    "(SELECT d.local_date AS day, COUNT(*) AS n "
    + SENT_PROMPTS
    + " AND d.participant_id = e.participant_id GROUP BY d.local_date)"
)
_DAY_ENTRIES = (
    "(SELECT COUNT(*) "
    + FINISHED_ENTRIES
    + " AND x.participant_id = e.participant_id AND x.local_date = s.day)"
)
_SENT = f"(SELECT COALESCE(SUM(s.n), 0) FROM {_PER_DAY} s)"
_ANSWERED = (
    f"(SELECT COALESCE(SUM(CASE WHEN s.n < {_DAY_ENTRIES} THEN s.n ELSE {_DAY_ENTRIES} END), 0)"
    f" FROM {_PER_DAY} s)"
)
_ENTRIES = " " + FINISHED_ENTRIES + " AND x.participant_id = e.participant_id)"


def _sources(f: Fragments) -> dict[str, Source]:
    """Every table's source, in one engine's SQL."""
    return {
        "participants": Source(
            "FROM participants q",
            _IN_PROJECT,
            "q.consented_at",
            "q.consented_at, q.id",
            {
                "pseudonym": "q.pseudonym",
                "joined_via": "q.joined_via",
                "status": "q.status",
                "consented_on": f.utc_date("q.consented_at"),
                "may_quote": "q.may_quote",
                "may_name": "q.may_name",
                "language": "q.language",
                # Only in --identified exports, and only where the resident agreed to it.
                "first_name": "(SELECT n.first_name FROM people n WHERE n.id = q.person_id"
                " AND q.may_name = 1)",
                "left_on": f.utc_date("q.left_at"),
                "tags": f"(SELECT {f.joined('s.tag', 's.tag')} FROM (SELECT t.tag"
                " FROM participant_tags t WHERE t.participant_id = q.id ORDER BY t.tag) s)",
            },
        ),
        "answers": Source(
            _resident(f, "answers", "a"),
            # Each question's current answer once: one replaced after /back is left out.
            _IN_PROJECT + " AND a.superseded_at IS NULL",
            "a.created_at",
            "a.id",
            {
                "pseudonym": "q.pseudonym",
                "step_id": "a.step_id",
                "question": "k.text",
                "probe": "a.probe <> 0",
                "kind": "a.kind",
                "value": _said("a.kind", "a.value"),
                "caption": "a.caption",
                "answered_at": "a.created_at",
                # The author's language when exported: answers do not record their own.
                "language": "q.language",
                # The codebook's codes staff put on the answer (storage/codebook.py), by name.
                "codes": f"(SELECT {f.joined('s.name', 's.name')} FROM (SELECT c.name"
                " FROM answer_codes x JOIN codes c ON c.id = x.code_id WHERE x.answer_id = a.id"
                " ORDER BY c.name) s)",
            },
            lookup=" LEFT JOIN export_questions k ON k.script_id = a.script_id"
            " AND k.step_id = a.step_id AND k.probe = a.probe",
        ),
        "ideas": Source(
            _resident(f, "ideas", "i"),
            _IN_PROJECT,
            "i.created_at",
            "i.id",
            {
                "pseudonym": "q.pseudonym",
                "kind": "i.kind",
                "value": _said("i.kind", "i.value"),
                "caption": "i.caption",
                "shared_at": "i.created_at",
            },
        ),
        "farm_ideas": Source(
            _resident(f, "ideas", "i"),
            _IN_PROJECT + " AND (i.sharing != 'private' OR i.parent_id IS NOT NULL)",
            "i.created_at",
            "i.id",
            {
                "pseudonym": "q.pseudonym",
                "idea_id": "i.id",
                "building_on": "i.parent_id",
                "kind": "i.kind",
                "value": _said("i.kind", "i.value"),
                "caption": "i.caption",
                "sharing": "i.sharing",
                "backers": "(SELECT COUNT(*) FROM idea_backers b WHERE b.idea_id = i.id)",
                "could_help": "(SELECT COUNT(*) FROM offers o WHERE o.idea_id = i.id"
                " AND o.what IS NOT NULL)",
                "shortlisted": "i.shortlisted_at IS NOT NULL",
                "poll_id": "i.poll_id",
                "sent_at": "i.created_at",
            },
        ),
        "offers": Source(
            _resident(f, "offers", "o"),
            _IN_PROJECT + " AND o.what IS NOT NULL",
            "o.created_at",
            "o.id",
            {
                "pseudonym": "q.pseudonym",
                "offer_id": "o.id",
                "source": "o.source",
                "idea_id": "o.idea_id",
                "kind": "o.what_kind",
                "what": _said("o.what_kind", "o.what"),
                "when": "o.at_when",
                "where": "o.at_where",
                "tag": "o.tag",
                "asked_about": "(SELECT a.work FROM offer_asks a WHERE a.offer_id = o.id"
                " ORDER BY a.id DESC LIMIT 1)",
                "answer": "(SELECT a.answer FROM offer_asks a WHERE a.offer_id = o.id"
                " ORDER BY a.id DESC LIMIT 1)",
                "offered_at": "o.created_at",
            },
        ),
        "diary": Source(
            _resident(f, "diary_entries", "d"),
            _IN_PROJECT,
            "d.created_at",
            "d.id",
            {
                "pseudonym": "q.pseudonym",
                "date": "d.local_date",
                "time": "d.local_time",
                "status": "d.status",
                "nothing_today": "d.nothing_today <> 0",
                "touchpoint": "d.touchpoint",
                "happened_kind": "d.happened_kind",
                "happened": _said("d.happened_kind", "d.happened_value"),
                "happened_caption": "d.happened_caption",
                "feeling": "d.feeling",
                "better": "d.better",
                "started_at": "d.created_at",
            },
        ),
        "diary_completion": Source(
            _resident(f, "diary_enrolments", "e"),
            _IN_PROJECT,
            "e.enrolled_at",
            "e.participant_id",
            {
                "pseudonym": "q.pseudonym",
                "sent": _SENT,
                "answered": _ANSWERED,
                "rate": f"CASE WHEN {_SENT} > 0 THEN ROUND(1.0 * {_ANSWERED} / {_SENT}, 3) END",
                "entries": "(SELECT COUNT(*)" + _ENTRIES,
                "first_day": "(SELECT MIN(x.local_date)" + _ENTRIES,
                "last_day": "(SELECT MAX(x.local_date)" + _ENTRIES,
                "study_from": "e.starts_on",
                "study_to": "e.ends_on",
                "stopped": "e.stopped_at IS NOT NULL",
                "nudged_at": "(SELECT n.nudged_at FROM diary_nudges n"
                " WHERE n.participant_id = e.participant_id)",
            },
            reals=frozenset({"rate"}),
        ),
        "votes": Source(
            "FROM poll_votes v" + _POLL.format("v"),
            _POLL_IN_PROJECT,
            "v.updated_at",
            "p.id, v.updated_at, q.pseudonym",
            {
                "pseudonym": "q.pseudonym",
                "poll_id": "p.id",
                "poll_version": "p.version",
                "question": "p.question",
                "chosen": _chosen(f, "v.option_ids"),
                "voted_at": "v.updated_at",
            },
        ),
        "vote_history": Source(
            "FROM poll_vote_history h" + _POLL.format("h"),
            _POLL_IN_PROJECT,
            "h.created_at",
            "p.id, h.id",
            {
                "pseudonym": "q.pseudonym",
                "poll_id": "p.id",
                "poll_version": "p.version",
                "question": "p.question",
                "chosen": _chosen(f, "h.option_ids"),
                "retracted": "h.option_ids IN ('', '[]')",
                "changed_at": "h.created_at",
            },
        ),
        "followups": Source(
            "FROM poll_followups f" + _POLL.format("f"),
            _POLL_IN_PROJECT,
            "f.created_at",
            "p.id, f.created_at, q.pseudonym",
            {
                "pseudonym": "q.pseudonym",
                "poll_id": "p.id",
                "poll_question": "p.question",
                # The follow-up asked ("why?"), which is what the value answers.
                "question": "COALESCE(p.why, '')",
                "kind": "f.kind",
                "value": _said("f.kind", "f.value"),
                "answered_at": "f.created_at",
            },
        ),
        "checkins": Source(
            "FROM checkin_answers x JOIN checkin_responses r ON r.id = x.response_id"
            " JOIN checkin_cycles c ON c.id = r.cycle_id"
            " JOIN participants q ON q.id = r.participant_id",
            "c.project_id = :project AND q.project_id = :project",
            "r.created_at",
            "c.id, r.id, x.question_id",
            {
                "pseudonym": "q.pseudonym",
                "checkin_id": "c.checkin_id",
                "cycle_date": "c.local_date",
                "question_id": "x.question_id",
                "question": "k.text",
                "kind": "x.kind",
                "score": "x.score",
                "value": _said("x.kind", "x.value"),
                "answered_at": "r.created_at",
            },
            lookup=" LEFT JOIN export_checkin_questions k ON k.checkin_id = c.checkin_id"
            " AND k.question_id = x.question_id",
        ),
        "suggestions": Source(
            _resident(f, "checkin_suggestions", "x"),
            "x.project_id = :project AND " + _IN_PROJECT,
            "x.created_at",
            "x.id",
            {
                "pseudonym": "q.pseudonym",
                "checkin_id": "x.checkin_id",
                "question": "x.text",
                "suggested_at": "x.created_at",
                "adopted_at": "x.adopted_at",
            },
        ),
        "updates": Source(
            "FROM updates u",
            "u.project_id = :project",
            "u.created_at",
            "u.id",
            {
                "update_id": "u.id",
                "posted_at": "u.created_at",
                "linked_to": "u.link_kind",
                "link_ref": "u.link_ref",
                "text": "u.text",
                "contributors": _contributors(),
                "meant_for": _among(
                    "SELECT r.participant_id FROM update_recipients r WHERE r.update_id = u.id"
                ),
                "queued": _among(
                    "SELECT o.participant_id FROM outbox o WHERE o.broadcast_id = u.broadcast_id"
                ),
                "delivered": _among(
                    "SELECT o.participant_id FROM outbox o WHERE o.broadcast_id = u.broadcast_id"
                    " AND o.status = 'sent'"
                ),
                "replies": "(SELECT COUNT(*) FROM update_replies x JOIN participants q"
                " ON q.id = x.participant_id WHERE x.update_id = u.id{cohort})",
            },
            cohort_counts=True,
        ),
    }


SOURCES: dict[Dialect, dict[str, Source]] = {d: _sources(f) for d, f in DIALECTS.items()}
