"""The summary report's diary completion section: figures, the chart with its reference
lines, the tables, in the report's language; a project without prompts says so."""

from __future__ import annotations

import re
from pathlib import Path

from conversations.diary_completion import Completion, DayCompletion
from conversations.export.request import ExportRequest
from conversations.i18n.words import english
from conversations.report.completion import completion_chart
from storage.database import Database
from storage.report import build_report, write_report
from tests.report_world import example_project, seed

PROJECT = example_project()
PNG = b"\x89PNG\r\n\x1a\n"


async def test_the_section_counts_prompts_answered_by_day(db: Database, tmp_path: Path) -> None:
    await seed(db, PROJECT)
    report = await build_report(db, ExportRequest(PROJECT, (), "md"))
    figures = report.diary_completion
    assert figures is not None
    # Three diarists, three days of prompts each; every entry is on day 1.
    assert (figures.sent, figures.answered) == (9, 3)
    assert [(d.day, d.answered, d.answering, d.reached) for d in figures.days] == [
        (1, 3, 3, 3),
        (2, 0, 0, 3),
        (3, 0, 0, 3),
    ]
    files = {}
    for fmt in ("md", "html"):
        path = await write_report(db.path, ExportRequest(PROJECT, (), fmt), tmp_path / f"r.{fmt}")
        files[fmt] = path.read_text(encoding="utf-8")
    md = files["md"]
    assert "## Diary completion" in md
    assert "3 of 9 prompts answered (33%)" in md
    assert "| 2 | 3 | 0 | 0% | 0 of 3 (0%) |" in md
    assert "| Under 50% | 3 of 3 (100%) |" in md
    assert '<a href="#completion">Diary completion</a>' in files["html"]
    [alt] = re.findall(r'alt="(A line chart of the share of prompts[^"]*)"', files["html"])
    assert "day 1: 100%; day 2: 0%; day 3: 0%" in alt


async def test_the_section_is_in_the_report_language(db: Database, tmp_path: Path) -> None:
    await seed(db, PROJECT)
    request = ExportRequest(PROJECT, (), "md", language="cy")
    text = (await write_report(db.path, request, tmp_path / "r.md")).read_text(encoding="utf-8")
    assert "Diary completion" not in text and "prompts answered" not in text


async def test_no_prompts_yet_reads_plainly(db: Database, tmp_path: Path) -> None:
    request = ExportRequest(PROJECT, (), "md")
    text = (await write_report(db.path, request, tmp_path / "r.md")).read_text(encoding="utf-8")
    assert "## Diary completion" in text and "No diary prompts have gone out yet." in text


def test_the_chart_draws_with_reference_lines() -> None:
    days = (DayCompletion(1, 10, 9, 10, 9), DayCompletion(2, 10, 6, 10, 6))
    chart = completion_chart(Completion((), days), english())
    assert chart is not None and chart.png.startswith(PNG)
    assert chart.alt.endswith("day 1: 90%; day 2: 60%.")
    assert completion_chart(Completion((), ()), english()) is None
