"""Who took part, and what they said: the funnel, the conversation, ideas and diaries."""

from __future__ import annotations

from conversations.dialogue.script import Script
from conversations.i18n.words import Words
from conversations.projects import Project
from conversations.report import texts
from conversations.report.journey import JourneyTally, JourneyView
from conversations.report.model import FunnelStep, QuestionReport
from conversations.report.said import Said, SaidSummary
from storage.database import Database
from storage.export_dialect import DIALECTS
from storage.projects import ProjectsRepository
from storage.report.scope import QUOTABLE, SPOKEN, Scope, fold

_TOUCHPOINTS = "x.status = 'complete' AND x.touchpoint IS NOT NULL AND x.nothing_today = 0"


async def funnel(
    db: Database, q: Scope, project: Project, words: Words
) -> tuple[list[FunnelStep], int]:
    """The funnel's steps, and how many diarists logged a touchpoint."""
    row = await db.fetch_one(
        q.scope
        + "SELECT (SELECT COUNT(*) FROM scope s WHERE 1 = 1"
        + q.window("s.consented_at")
        + "),"
        " (SELECT COUNT(*) FROM dialogue_sessions d JOIN scope s ON s.id = d.participant_id"
        "  WHERE d.finished_at IS NOT NULL" + q.window("d.finished_at") + "),"
        " (SELECT COUNT(DISTINCT x.participant_id) FROM diary_entries x JOIN scope s"
        "  ON s.id = x.participant_id WHERE x.status = 'complete'" + q.window("x.created_at") + "),"
        " (SELECT COUNT(DISTINCT r.participant_id) FROM checkin_responses r JOIN scope s"
        "  ON s.id = r.participant_id WHERE EXISTS (SELECT 1 FROM checkin_answers a"
        "  WHERE a.response_id = r.id AND a.kind != 'skipped')" + q.window("r.created_at") + "),"
        " (SELECT COUNT(DISTINCT x.participant_id) FROM diary_entries x JOIN scope s"
        f"  ON s.id = x.participant_id WHERE {_TOUCHPOINTS}" + q.window("x.created_at") + ")",
        q.params,
    )
    assert row is not None
    opened = await ProjectsRepository(db).invite_opens(project.id)
    counts = (project.invited, opened, *row[:4])
    steps = [
        # The invited and opened counts know nothing of dates or people: whole project only.
        FunnelStep(
            words.say(f"REPORT_FUNNEL_STEPS.{step}"),
            words.say(f"REPORT_FUNNEL_MEANS.{step}"),
            count,
            of,
            whole_project=q.filtered and n < 2,
        )
        for n, ((step, of), count) in enumerate(zip(texts.FUNNEL_STEPS, counts, strict=True))
    ]
    return steps, int(row[4])


async def questions(db: Database, q: Scope, script: Script) -> tuple[QuestionReport, ...]:
    """Each question of the project's conversation (and its follow-up), tallied."""
    asked = [s for s in script.steps if s.kind in ("ask", "choice")]
    said = {(s.id, probe): Said(f"{s.id}:{probe}") for s in asked for probe in (0, 1)}

    def add(
        step_id: str, probe: int, kind: str, value: str, quotable: str | None, language: str
    ) -> None:
        tally = said.get((step_id, probe))
        if tally is not None:
            tally.add(kind, value, quotable, language)

    sql = q.sql(
        f"SELECT a.step_id, a.probe, a.kind, a.value, {QUOTABLE}, {SPOKEN} FROM answers a"
        " JOIN scope s ON s.id = a.participant_id WHERE a.script_id = :script"
        " AND a.superseded_at IS NULL",
        "a.created_at",
        " ORDER BY a.id",
    )
    await fold(db, sql, q.with_params(script=script.id), add)
    codes = await coded(db, q, script)
    found: list[QuestionReport] = []
    for step in asked:
        options = tuple((o.id, o.label) for o in step.options)
        summary = said[step.id, 0].summary()
        found.append(
            QuestionReport(
                step.id, step.text, False, options, summary, tuple(codes.get((step.id, 0), ()))
            )
        )
        if step.probe:
            summary = said[step.id, 1].summary()
            found.append(
                QuestionReport(
                    step.id, step.probe, True, (), summary, tuple(codes.get((step.id, 1), ()))
                )
            )
    return tuple(found)


async def coded(
    db: Database, q: Scope, script: Script
) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """(step, probe) -> (codebook code, current answers in scope carrying it), most first."""
    # From the codings: a project nobody coded costs nothing however many answers it has
    # (SQLite: CROSS JOIN keeps the codings driving the scan).
    pinned = DIALECTS[db.dialect].pinned_join
    sql = q.sql(
        "SELECT a.step_id, a.probe, c.name, COUNT(*) FROM answer_codes x"
        f" {pinned} answers a ON a.id = x.answer_id JOIN scope s ON s.id = a.participant_id"
        " JOIN codes c ON c.id = x.code_id WHERE a.script_id = :script"
        " AND a.superseded_at IS NULL",
        "a.created_at",
        " GROUP BY a.step_id, a.probe, c.name ORDER BY 4 DESC, 3",
    )
    found: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for step_id, probe, name, count in await db.fetch_all(sql, q.with_params(script=script.id)):
        found.setdefault((step_id, int(probe)), []).append((name, int(count)))
    return found


async def ideas(db: Database, q: Scope) -> SaidSummary:
    """Ideas residents sent of their own accord, tallied."""
    said = Said("ideas")
    sql = q.sql(
        f"SELECT i.kind, i.value, {QUOTABLE}, {SPOKEN} FROM ideas i"
        " JOIN scope s ON s.id = i.participant_id"
        " WHERE 1 = 1",
        "i.created_at",
        " ORDER BY i.id",
    )
    await fold(db, sql, q.params, said.add)
    return said.summary()


async def journeys(db: Database, q: Scope, diarists: int) -> JourneyView:
    """Every diary touchpoint, by service; words only when written and quotable."""
    tally = JourneyTally()
    sql = q.sql(
        "SELECT x.touchpoint, x.feeling, x.local_date, x.local_time,"
        " COALESCE(e.timezone, 'UTC'), CASE WHEN x.happened_kind = 'text' THEN x.happened_value"
        f" END, {QUOTABLE} FROM diary_entries x JOIN scope s ON s.id = x.participant_id"
        " LEFT JOIN diary_enrolments e ON e.participant_id = x.participant_id"
        f" WHERE {_TOUCHPOINTS} AND x.feeling IS NOT NULL",
        "x.created_at",
        " ORDER BY x.id",
    )
    await fold(db, sql, q.params, tally.add)
    return tally.view(diarists)
