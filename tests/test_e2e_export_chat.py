"""/export in chat, end to end over the emulator: buttons, typed arguments, files, refusals."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import export_delivery, exports
from bot.config import Settings
from bot.emulator import BotApiEmulator
from conversations import catalogue
from conversations.export.request import TABLES
from tests import dbview
from tests.conftest import (
    COORDINATOR,
    ROOT,
    Resident,
    RunningBot,
    start_bot,
    wait_handled,
    with_example_pictures,
)

TITLE = "Getting about in Northfield"
CSV_LABEL = catalogue.EXPORT_FORMAT_LABELS["csv"]
JSONL_LABEL = catalogue.EXPORT_FORMAT_LABELS["jsonl"]
# Distinctive ids and names: neither may appear anywhere in an exported file.
PEOPLE = {91501: "Zebedee", 91502: "Ermintrude", 91503: "Dougal"}


async def join(bot: RunningBot, user_id: int, name: str, *words: str) -> Resident:
    """A resident with a first name joins, agrees, may be quoted, and answers ``words``."""
    person = Resident(bot, user_id)
    update = bot.emulator.inject_text(user_id, "/start NORTHFIELD", first_name=name)
    await wait_handled(bot.settings.database_target, update["update_id"])
    await person.press(catalogue.CONSENT_YES)
    await person.press(catalogue.QUOTE_NAMED)
    for text in words:
        await person.send(text)
    return person


def documents(bot: RunningBot, chat_id: int) -> list[dict[str, Any]]:
    """Documents the bot sent to a chat."""
    return [m for m in bot.emulator.sent_messages(chat_id) if "document" in m]


async def next_document(bot: RunningBot, chat_id: int, seen: int = 0) -> dict[str, Any]:
    """Wait until every export in the chat has settled; return its document number ``seen``."""

    def settled(emu: BotApiEmulator) -> bool:
        texts = Resident.texts(emu.sent_messages(chat_id))
        return not any(t.startswith("Preparing the export") for t in texts)

    await bot.emulator.wait_for(settled, timeout=30)
    found = documents(bot, chat_id)
    assert len(found) > seen, Resident.texts(bot.emulator.sent_messages(chat_id))[-3:]
    return found[seen]


async def progress_settled(bot: RunningBot, chat_id: int, message_id: int) -> str:
    """The progress message's text once it no longer says 'Preparing'."""

    def settled(emu: BotApiEmulator) -> bool:
        found = [m for m in emu.sent_messages(chat_id) if m["message_id"] == message_id]
        return bool(found) and not found[0]["text"].startswith("Preparing")

    await bot.emulator.wait_for(settled, timeout=30)
    [message] = [m for m in bot.emulator.sent_messages(chat_id) if m["message_id"] == message_id]
    return str(message["text"])


def unzip(data: bytes) -> dict[str, bytes]:
    """Every file in a zip, by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def export_dirs() -> set[Path]:
    """Temporary folders exports work in (they must be gone afterwards)."""
    return set(Path(tempfile.gettempdir()).glob("tandem-export-*"))


async def test_a_coordinator_exports_csv_with_buttons(project_bot: RunningBot) -> None:
    before = export_dirs()
    for user_id, name in PEOPLE.items():
        await join(project_bot, user_id, name, f"{name} wants =SUM(A1) buses")
    coordinator = Resident(project_bot, COORDINATOR)
    [ask] = await coordinator.send("/export")
    assert ask["text"] == catalogue.EXPORT_PICK_FORMAT.format(title=TITLE)  # one project
    labels = [catalogue.EXPORT_FORMAT_LABELS[f] for f in exports.FORMATS]
    assert coordinator.buttons() == labels and CSV_LABEL in labels and JSONL_LABEL in labels
    [progress] = await coordinator.press(CSV_LABEL)
    assert progress["text"] == catalogue.EXPORT_PREPARING.format(title=TITLE, label=CSV_LABEL)
    document = await next_document(project_bot, COORDINATOR)
    day = project_bot.services.clock.now().astimezone(ZoneInfo("Europe/London")).date().isoformat()
    assert document["document"]["file_name"] == f"northfield-{day}.zip"
    caption = document["caption"]
    assert "Pseudonymised" in caption and "answers 3 rows" in caption
    assert "participants 3 rows" in caption and "Dates: all. People: everyone." in caption
    data = project_bot.emulator.files[document["document"]["file_id"]]
    files = unzip(data)
    assert sorted(files) == sorted(f"northfield-{t}.csv" for t in TABLES)
    participants = list(
        csv.DictReader(io.StringIO(files["northfield-participants.csv"].decode("utf-8-sig")))
    )
    pseudonyms = {row["pseudonym"] for row in participants}
    assert len(pseudonyms) == 3 and all(re.fullmatch(r"P-[2-9A-HJ-NP-Z]{4}", p) for p in pseudonyms)
    answers = list(csv.DictReader(io.StringIO(files["northfield-answers.csv"].decode("utf-8-sig"))))
    assert {row["pseudonym"] for row in answers} == pseudonyms
    # Words stay (pseudonymised), formulas are defused, and no id or name is anywhere.
    assert {row["value"] for row in answers} == {
        f"{n} wants =SUM(A1) buses" for n in PEOPLE.values()
    }
    everything = b"".join(files.values())
    for user_id, name in PEOPLE.items():
        assert not re.search(rb"\b%d\b" % user_id, everything)
        assert name.encode() not in b"".join(
            line for line in everything.splitlines() if b"wants" not in line
        )
    done = await progress_settled(project_bot, COORDINATOR, progress["message_id"])
    assert done.startswith(f"Done: “{TITLE}” ({CSV_LABEL}) is below, as northfield-{day}.zip")
    assert export_dirs() <= before  # the temporary folder is gone


async def test_typed_arguments_with_a_date_range(project_bot: RunningBot) -> None:
    for user_id, name in PEOPLE.items():
        await join(project_bot, user_id, name, "First answer")
    # Date the three answers on three days (project time), as if given over a week.
    days = ["2025-03-01", "2025-03-02", "2025-03-03"]
    zone = ZoneInfo("Europe/London")
    target = project_bot.settings.database_target
    ids = [r[0] for r in dbview.rows(target, "SELECT id FROM answers ORDER BY id")]
    for answer_id, day in zip(ids, days, strict=True):
        at = datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=zone).timestamp()
        await dbview.change(
            target, "UPDATE answers SET created_at = ? WHERE id = ?", (at, answer_id)
        )
    coordinator = Resident(project_bot, COORDINATOR)
    [progress] = await coordinator.send(
        "/export northfield jsonl since 2025-03-02 until 2025-03-02"
    )
    assert progress["text"] == catalogue.EXPORT_PREPARING.format(title=TITLE, label=JSONL_LABEL)
    document = await next_document(project_bot, COORDINATOR)
    assert "Dates: 2 Mar 2025 to 2 Mar 2025" in document["caption"]
    assert "answers 1 row," in document["caption"]
    files = unzip(project_bot.emulator.files[document["document"]["file_id"]])
    [answer] = [json.loads(line) for line in files["northfield-answers.jsonl"].splitlines()]
    assert answer["answered_at"] == "2025-03-02T12:00:00Z"
    # Only a start day: everything from it on.
    await coordinator.send("/export NORTHFIELD csv since 2025-03-02")
    document = await next_document(project_bot, COORDINATOR, seen=1)
    assert (
        "Dates: from 2 Mar 2025" in document["caption"] and "answers 2 rows" in document["caption"]
    )


async def test_bad_arguments_are_answered_clearly(project_bot: RunningBot) -> None:
    coordinator = Resident(project_bot, COORDINATOR)
    formats = ", ".join(exports.FORMATS)
    cases = {
        "/export nowhere csv": catalogue.UNKNOWN_PROJECT.format(
            project="nowhere", known="northfield"
        ),
        "/export northfield pdf": catalogue.EXPORT_BAD_FORMAT.format(format="pdf", formats=formats),
        "/export northfield csv from 2025-01-01": catalogue.EXPORT_BAD_WORD.format(
            word="from", formats=formats, example="northfield"
        ),
        "/export northfield csv since": catalogue.EXPORT_BAD_WORD.format(
            word="since", formats=formats, example="northfield"
        ),
        "/export northfield csv since 2025-02-30": catalogue.EXPORT_PROBLEM.format(
            reason=catalogue.EXPORT_NOT_A_DATE.format(day="2025-02-30")
        ),
        "/export northfield csv since 2025-03-05 until 2025-03-01": catalogue.EXPORT_PROBLEM.format(
            reason=catalogue.EXPORT_DATES_REVERSED.format(since="2025-03-05", until="2025-03-01")
        ),
    }
    for command, expected in cases.items():
        assert Resident.texts(await coordinator.send(command)) == [expected], command
    [cohort] = Resident.texts(await coordinator.send("/export northfield csv cohort everyone"))
    assert cohort.startswith("I couldn't make that export: cohort") and "tag:NAME" in cohort
    # With one project, a format alone is enough.
    [progress] = Resident.texts(await coordinator.send("/export jsonl"))
    assert progress == catalogue.EXPORT_PREPARING.format(title=TITLE, label=JSONL_LABEL)
    await next_document(project_bot, COORDINATOR)
    # A project alone: the format buttons for it.
    [ask] = Resident.texts(await coordinator.send("/export northfield"))
    assert ask == catalogue.EXPORT_PICK_FORMAT.format(title=TITLE)
    # In a group the files would reach everyone there: refused.
    update = project_bot.emulator.inject_text(COORDINATOR, "/export northfield csv", chat_id=-4242)
    await wait_handled(project_bot.settings.database_target, update["update_id"])
    [group] = project_bot.emulator.sent_messages(-4242)
    assert group["text"] == catalogue.PRIVATE_CHAT_ONLY.format(bot="tandem_test_bot")
    await asyncio.sleep(0.2)
    assert len(project_bot.emulator.calls_to("sendDocument")) == 1  # the jsonl one above


async def test_residents_and_facilitators_are_refused(project_bot: RunningBot) -> None:
    resident = await join(project_bot, 91501, "Zebedee")
    refusal = catalogue.NOT_ALLOWED["coordinator"].format(command="/export")
    assert Resident.texts(await resident.send("/export northfield csv")) == [refusal]
    coordinator = Resident(project_bot, COORDINATOR)
    [link] = Resident.texts(await coordinator.send("/facilitator northfield"))
    facilitator = Resident(project_bot, 91600)
    await facilitator.send(f"/start {link.split('start=')[1]}")
    assert Resident.texts(await facilitator.send("/export")) == [refusal]
    # A forged button does no better than the command.
    for person in (resident, facilitator):
        assert await person.press_data("export:northfield:csv") == []
        assert person.last_button_answer() == refusal
    await asyncio.sleep(0.2)
    assert project_bot.emulator.calls_to("sendDocument") == []


def two_projects(folder: Path) -> None:
    """The example project and a second one, as files in ``folder``."""
    with_example_pictures(folder)
    text = (ROOT / "projects" / "example.yaml").read_text("utf-8")
    (folder / "northfield.yaml").write_text(text, "utf-8")
    second = text.replace("id: northfield", "id: southgate").replace(
        "invite_code: NORTHFIELD", "invite_code: SOUTHGATE"
    )
    second = second.replace("en: Getting about in Northfield", "en: Southgate libraries")
    assert second != text
    (folder / "southgate.yaml").write_text(second, "utf-8")


async def test_buttons_pick_the_project_and_stale_ones_are_refused_after_restart(
    emulator: BotApiEmulator, project_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "two-projects"
    two_projects(folder)
    settings = project_settings.model_copy(update={"projects_dir": folder})
    bot = await start_bot(emulator, settings)
    coordinator = Resident(bot, COORDINATOR)
    await coordinator.send("/export")
    assert coordinator.buttons() == [TITLE, "Southgate libraries"]
    [ask] = Resident.texts(await coordinator.press("Southgate libraries"))
    assert ask == catalogue.EXPORT_PICK_FORMAT.format(title="Southgate libraries")
    southgate_csv = next(
        b["callback_data"]
        for row in coordinator.messages()[-1]["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == CSV_LABEL
    )
    await coordinator.send("/export northfield")
    await bot.shutdown()

    # Southgate's file is gone; northfield's buttons, kept in the chat, still work.
    (folder / "southgate.yaml").unlink()
    bot = await start_bot(emulator, settings)
    coordinator = Resident(bot, COORDINATOR)
    assert await coordinator.press_data(southgate_csv) == []
    assert coordinator.last_button_answer() == catalogue.STALE_BUTTON
    assert await coordinator.press_data("export:northfield:pdf") == []
    assert coordinator.last_button_answer() == catalogue.STALE_BUTTON
    assert await coordinator.press_data("export:northfield") == []
    assert coordinator.last_button_answer() == catalogue.UNKNOWN_BUTTON
    await coordinator.press(JSONL_LABEL)
    document = await next_document(bot, COORDINATOR)
    assert document["document"]["file_name"].startswith("northfield-")
    await bot.shutdown()


def seed_answers(database: str, count: int) -> None:
    """``count`` answers from one pretend participant of northfield, straight into SQLite."""
    now = time.time()
    with sqlite3.connect(database) as conn:
        conn.execute(
            "INSERT INTO people (telegram_id, first_name, created_at) VALUES (88001, 'Load', ?)",
            (now,),
        )
        conn.execute(
            "INSERT INTO participants (person_id, project_id, pseudonym, joined_via,"
            " consent_version, consented_at) SELECT id, 'northfield', 'P-LOAD', 'NORTHFIELD',"
            " 1, ? FROM people WHERE telegram_id = 88001",
            (now,),
        )
        conn.executemany(
            "INSERT INTO answers (participant_id, script_id, step_id, kind, value, created_at)"
            " SELECT id, 'outcome_first', 'outcome', 'text', ?, ? FROM participants"
            " WHERE pseudonym = 'P-LOAD'",
            ((f"answer number {n} about buses and benches", now) for n in range(count)),
        )


@pytest.mark.sqlite_only  # seeds 150,000 answers straight into the SQLite file
async def test_a_second_export_waits_and_the_bot_keeps_answering(
    project_bot: RunningBot,
) -> None:
    await asyncio.to_thread(seed_answers, project_bot.settings.database_path, 150_000)
    resident = Resident(project_bot, 91502)
    coordinator = Resident(project_bot, COORDINATOR)

    async def help_latency() -> float:
        sent = time.perf_counter()
        assert Resident.texts(await resident.send("/help")) == [catalogue.HELP]
        return time.perf_counter() - sent

    idle = sorted([await help_latency() for _ in range(5)])[2]
    started = time.perf_counter()
    [progress] = await coordinator.send("/export northfield csv")
    assert Resident.texts(await coordinator.send("/export northfield jsonl")) == [
        catalogue.EXPORT_BUSY
    ]
    # While the export runs, other people are answered promptly.
    latencies = []
    while not documents(project_bot, COORDINATOR):
        latencies.append(await help_latency())
        await asyncio.sleep(0.05)
    took = time.perf_counter() - started
    document = await next_document(project_bot, COORDINATOR)
    assert "answers 150,000 rows" in document["caption"]
    assert len(latencies) >= 3, f"the export took {took:.2f}s"
    worst, median = max(latencies), sorted(latencies)[len(latencies) // 2]
    print(
        f"\nexport of 150,000 answers: {took:.2f}s; /help idle {idle * 1000:.0f} ms, during the"
        f" export {len(latencies)} answered, median {median * 1000:.0f} ms,"
        f" worst {worst * 1000:.0f} ms"
    )
    assert worst < 1.0
    await progress_settled(project_bot, COORDINATOR, progress["message_id"])
    # Once it is done, the next one is welcome.
    [again] = await coordinator.send("/export northfield jsonl")
    assert again["text"] == catalogue.EXPORT_PREPARING.format(title=TITLE, label=JSONL_LABEL)
    await next_document(project_bot, COORDINATOR, seen=1)


async def test_too_large_for_telegram_points_to_the_server(
    project_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await join(project_bot, 91501, "Zebedee", "Benches please")
    monkeypatch.setattr(export_delivery, "UPLOAD_LIMIT", 100)  # bytes: any export is over it
    coordinator = Resident(project_bot, COORDINATOR)
    [progress] = await coordinator.send("/export northfield csv since 2025-01-01 cohort tag:young")
    text = await progress_settled(project_bot, COORDINATOR, progress["message_id"])
    assert text.startswith(f"The export of “{TITLE}” came to ")
    assert text.endswith(
        "tandem export northfield --format csv --since 2025-01-01 --cohort tag:young"
        " --output exports/"
    )
    assert project_bot.emulator.calls_to("sendDocument") == []


@pytest.mark.parametrize("export_format", ["md", "html"])
async def test_a_summary_report_arrives_as_one_file(
    project_bot: RunningBot, export_format: str
) -> None:
    for user_id, name in PEOPLE.items():
        await join(project_bot, user_id, name, f"{name} would like a bench by the shops")
    coordinator = Resident(project_bot, COORDINATOR)
    await coordinator.send("/export")
    await coordinator.press(catalogue.EXPORT_FORMAT_LABELS[export_format])
    document = await next_document(project_bot, COORDINATOR)
    day = project_bot.services.clock.now().astimezone(ZoneInfo("Europe/London")).date().isoformat()
    assert document["document"]["file_name"] == f"northfield-{day}.{export_format}"
    assert catalogue.EXPORT_HOLDS_REPORT in document["caption"]
    data = project_bot.emulator.files[document["document"]["file_id"]]
    assert TITLE.encode() in data
    for user_id in PEOPLE:
        assert not re.search(rb"\b%d\b" % user_id, data)


async def test_a_spreadsheet_arrives_with_a_sheet_per_table(project_bot: RunningBot) -> None:
    import openpyxl

    for user_id, name in PEOPLE.items():
        await join(project_bot, user_id, name, "=HYPERLINK(1) a bench please")
    coordinator = Resident(project_bot, COORDINATOR)
    await coordinator.send("/export")
    await coordinator.press(catalogue.EXPORT_FORMAT_LABELS["xlsx"])
    document = await next_document(project_bot, COORDINATOR)
    day = project_bot.services.clock.now().astimezone(ZoneInfo("Europe/London")).date().isoformat()
    assert document["document"]["file_name"] == f"northfield-{day}.xlsx"
    assert "One sheet per table: participants 3 rows, answers 3 rows," in document["caption"]
    data = project_bot.emulator.files[document["document"]["file_id"]]
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert set(TABLES) <= set(book.sheetnames)
    rows = list(book["answers"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    values = [dict(zip(header, row, strict=True))["value"] for row in body]
    assert len(values) == 3 and all(not str(v).startswith("=") for v in values)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    for user_id, name in PEOPLE.items():
        assert user_id not in cells and name not in cells
