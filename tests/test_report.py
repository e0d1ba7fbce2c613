"""The summary report (md and html): right numbers, only quotable words, filters, escaping."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from conversations.export.request import ExportError, ExportRequest, parse_cohort
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words
from conversations.projects import Project, ProjectError, parse_project
from conversations.report import render_html
from conversations.report.model import Report
from conversations.report.tables import funnel_table
from storage.database import Database
from storage.report import build_report, write_report
from storage.updates import UpdatesRepository
from tests.conftest import EXAMPLE_FOLDER
from tests.report_world import (
    AMIRA,
    BEN,
    CHLOE,
    DEV,
    EVE,
    EVE_SAYS,
    OUTCOMES,
    ROOT,
    UPDATE_TEXT,
    World,
    epoch,
    example_project,
    seed,
)

PROJECT = example_project()


@pytest.fixture
async def world(db: Database) -> World:
    return await seed(db, PROJECT)


async def report_of(db: Database, project: Project = PROJECT, **filters: Any) -> Report:
    return await build_report(db, ExportRequest(project, (), "md", **filters))


async def both(db: Database, tmp_path: Path, **filters: Any) -> dict[str, str]:
    """The report written as md and html through write_report, read back."""
    found = {}
    for fmt in ("md", "html"):
        target = tmp_path / "out" / f"report.{fmt}"
        request = ExportRequest(PROJECT, (), fmt, **filters)
        assert await write_report(db.path, request, target) == target
        found[fmt] = target.read_text(encoding="utf-8")
    assert not list((tmp_path / "out").glob("*.part"))
    return found


async def test_the_funnel_counts_each_step(db: Database, world: World) -> None:
    report = await report_of(db)
    steps = {s.label: s.count for s in report.funnel}
    assert steps == {
        "Invited": 1200,  # from the project file
        "Opened the invite": 7,
        "Agreed to take part": 4,  # Chloe was erased
        "Finished the conversation": 2,
        "Kept a diary": 3,  # Eve's "nothing today" counts: she kept it
        "Answered a check-in": 2,  # Ben only skipped
    }
    assert not any(s.whole_project for s in report.funnel)
    assert [row[2] for row in funnel_table(report.funnel, report.words)[1]] == [
        "–",
        "1% of those invited",
        "57% of those who opened it",
        "50% of those taking part",
        "75% of those taking part",  # a diary is kept by those taking part, finished or not
        "50% of those taking part",
    ]


async def test_questions_count_answers_themes_and_choices(db: Database, world: World) -> None:
    report = await report_of(db)
    outcome, why, barrier = report.questions[:3]
    assert (outcome.step_id, outcome.probe, why.probe) == ("outcome", False, True)
    assert outcome.said.answers == outcome.said.written == 4
    # "buses" (3 answers) and "bus" (Dev) are one theme; each answer counts once.
    assert [(t.label, t.count) for t in outcome.said.themes] == [("buses", 4), ("evening", 2)]
    assert (barrier.said.written, barrier.said.voice, barrier.said.skipped) == (1, 1, 1)
    involvement = next(q for q in report.questions if q.step_id == "involvement")
    assert involvement.said.choices == {"diary": 2, "keep_posted": 1}
    assert (report.ideas.answers, report.ideas.voice) == (3, 1)
    assert [(t.label, t.count) for t in report.ideas.themes] == [("bench", 2)]


async def test_quotes_only_from_people_who_agreed(
    db: Database, world: World, tmp_path: Path
) -> None:
    report = await report_of(db)
    quotable = {world.pseudonyms[AMIRA], world.pseudonyms[EVE]}
    outcome = report.questions[0]
    assert {(q.who, q.text) for q in outcome.said.quotes} == {
        (world.pseudonyms[AMIRA], OUTCOMES[AMIRA]),
        (world.pseudonyms[EVE], EVE_SAYS),
    }
    assert {q.who for q in report.ideas.quotes} == {world.pseudonyms[EVE]}
    assert {q.who for q in report.polls[0].said.quotes} == {world.pseudonyms[AMIRA]}
    files = await both(db, tmp_path)
    for text in files.values():
        # Refused (Ben) or never asked (Dev): neither their words nor their pseudonym.
        for secret in ("Bensecret", "Benidea", "Benrude", "Benpoll", "Devhidden"):
            assert secret not in text
        assert world.pseudonyms[BEN] not in text and world.pseudonyms[DEV] not in text
        assert "Name9000" not in text and str(AMIRA) not in text  # no names, no Telegram ids
        assert "file-id" not in text and "AwACAgQ" not in text  # no media file ids
        assert "Waited two hours" in text and "Quick and friendly" not in text  # low only
        shown = set(re.findall(r"P-[2-9A-Z]{4}", text)) - {"P-7F3K"}  # the example
        assert shown and shown <= quotable


async def test_erased_people_are_absent(db: Database, world: World, tmp_path: Path) -> None:
    files = await both(db, tmp_path)
    for text in files.values():
        assert "Chloegone" not in text and world.pseudonyms[CHLOE] not in text


async def test_dates_filter_every_count(db: Database, world: World, tmp_path: Path) -> None:
    march = await report_of(db, since=epoch("2025-03-01"))  # Ben's and Dev's are January's
    assert march.questions[0].said.written == 2
    assert [(t.label, t.count) for t in march.questions[0].said.themes] == [("buses", 2)]
    january = await report_of(db, until=epoch("2025-02-01"))
    # Ben's "buses" and Dev's "bus": one theme, named by its most common (then first) form.
    assert [(t.label, t.count) for t in january.questions[0].said.themes] == [("bus", 2)]
    assert january.questions[0].said.quotes == ()  # neither agreed to be quoted
    assert {s.label: s.count for s in january.funnel}["Agreed to take part"] == 0
    assert january.ideas.answers == 0 and january.polls == ()  # not yet created
    assert january.covered == "up to 1 Feb 2025"
    assert [s.whole_project for s in january.funnel][:3] == [True, True, False]
    shares = [row[2] for row in funnel_table(january.funnel, january.words)[1]]
    assert shares[1:3] == ["1% of those invited", "–"]  # whole project vs January: no share
    files = await both(db, tmp_path, until=epoch("2025-02-01"))
    assert "Not enough answers yet." in files["md"] and "cannot be split" in files["md"]


async def test_a_cohort_filters_every_count(db: Database, world: World) -> None:
    carers = await report_of(db, cohort=parse_cohort("tag:carers"))
    assert carers.cohort == "people tagged “carers”"
    assert carers.questions[0].said.written == 1 and carers.questions[0].said.themes == ()
    assert [q.who for q in carers.questions[0].said.quotes] == [world.pseudonyms[AMIRA]]
    assert {s.label: s.count for s in carers.funnel}["Agreed to take part"] == 1
    assert [r.voters for r in carers.polls[0].versions] == [1, 1]
    [update] = carers.updates
    assert update.meant_for == 1
    library = await report_of(db, cohort=parse_cohort("joined:library"))
    assert library.questions[0].said.written == 1 and library.questions[0].said.quotes == ()


async def test_diary_polls_checkins_and_updates(db: Database, world: World) -> None:
    report = await report_of(db)
    assert report.journey is not None
    gp, pharmacy = report.journey.services
    assert (gp.service, gp.count, round(gp.mean_feeling, 2)) == ("GP surgery", 3, 1.67)
    assert report.journey.feelings["GP surgery"] == (1, 2, 0, 0, 0)
    assert [m.touchpoint.happened for m in gp.lowest] == ["Waited two hours on the phone to book"]
    assert pharmacy.lowest == () and report.journey.diarists == 3
    [family] = report.polls
    assert [r.version for r in family.versions] == [1, 2]
    assert [(o.label, o.count) for o in family.versions[0].options] == [
        ("Wood", 2),
        ("Metal", 1),
        ("Stone", 0),
    ]
    assert family.versions[0].voters == 3  # Dev retracted his vote
    assert (family.said.answers, family.said.voice) == (3, 1)
    [checkin] = report.checkins
    [cycle] = checkin.cycles
    assert (cycle.invited, cycle.answered, cycle.mean("q1"), cycle.mean("q2")) == (4, 2, 4.0, 3.0)
    assert [(t.label, t.count) for t in checkin.words["q3"].themes][:2] == [
        ("bus advice", 2),
        ("longer hours", 2),
    ]
    [update] = report.updates
    assert (update.text, update.meant_for, update.reached) == (UPDATE_TEXT, 4, 2)
    assert update.reached == (await UpdatesRepository(db).reach(world.update_id))[1]
    assert update.about.startswith("the question “If one thing could be different")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


async def test_resident_text_is_escaped(db: Database, world: World, tmp_path: Path) -> None:
    files = await both(db, tmp_path)
    page = _Page()
    page.feed(files["html"])
    assert "script" not in page.tags  # Eve's <script> stays text
    assert EVE_SAYS in " ".join("".join(page.text).split())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in files["html"]
    links = [v for k, v in page.attrs if k in ("href", "src")]
    assert links and all(v.startswith(("#", "data:image/png;base64,")) for v in links)
    assert page.tags.count("img") == 5  # funnel, journey, diary completion, poll, check-in
    markdown = files["md"]
    assert "<script>" not in markdown
    assert not re.search(r"(?<!\\)\]\(", markdown)  # no link: the bracket is escaped
    assert r"\<script\>alert(1)\</script\> \| \[link\](http://evil.example) \*now\*" in markdown
    for block in re.findall(r"(?:^\|.*\n)+", markdown, flags=re.M):
        cells = [len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()]
        assert len(set(cells)) == 1, block  # every row of a table has as many cells


async def test_an_empty_project_reads_sensibly(db: Database, tmp_path: Path) -> None:
    files = await both(db, tmp_path)
    markdown = files["md"]
    assert markdown.startswith("# Summary report: Getting about in Northfield\n")
    for words in ("Not enough answers yet.", "No ideas yet.", "No diary entries yet.",
                  "No polls yet.", "No check-ins yet.", "No updates sent yet."):  # fmt: skip
        assert words in markdown and words in files["html"]
    assert (
        "| Invited | 1,200 |" in markdown
        and "| Opened the invite | 0 | 0% of those invited |" in markdown
    )
    assert files["html"].count("<img") == 1  # only the funnel: 1,200 invited, no one else yet


async def test_a_format_other_than_md_or_html_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="md or html"):
        await write_report(db.path, ExportRequest(PROJECT, (), "csv"), tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()


def test_invited_is_an_optional_count_in_the_project_file() -> None:
    data = yaml.safe_load((ROOT / "projects" / "example.yaml").read_text(encoding="utf-8"))
    assert parse_project({**data, "invited": None}, "p.yaml", EXAMPLE_FOLDER).invited is None
    with pytest.raises(ProjectError, match=r"p\.yaml: invited — must be 0 or more"):
        parse_project({**data, "invited": -5}, "p.yaml", EXAMPLE_FOLDER)


async def test_a_right_to_left_language_sets_dir_on_the_page(db: Database, world: World) -> None:
    report = await report_of(db)
    page = render_html(replace(report, words=Words(shipped(), "ar")))
    assert '<html lang="ar" dir="rtl">' in page
    assert '<html lang="en">' in render_html(report)  # English: no dir, left to right
