"""Data files are the owner's alone (0600, folders 0700), even under a default umask of 022."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.scenario import PROJECT_ID
from bot.cli import main
from bot.exports import bundle, produce
from conversations.export.request import TABLES, ExportRequest
from conversations.projects import load_project
from storage.database import Database
from storage.reply_ledger import SentReply
from tests.test_export import make_world

# About files on disk: the SQLite database and its -wal, -shm and -replies files, and exports
# written from a SQLite file. PostgreSQL keeps its data in the server's own folder.
pytestmark = pytest.mark.sqlite_only


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def default_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


async def test_the_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    (tmp_path / "srv").mkdir()  # the operator's folder, 0755 under this umask
    path = tmp_path / "srv" / "data" / "deeper" / "tandem.sqlite3"
    db = await Database.open(path)
    await db.execute("INSERT INTO inbox (update_id, received_at) VALUES (1, 0)")
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    assert [mode(p) for p in (path, wal, shm)] == [0o600, 0o600, 0o600]
    # The ledger of replies sent (bot/reply_delivery.py) sits beside it, private too.
    await db.replies.record(1, SentReply(0, "f", {"text": "hello"}))
    ledger = path.with_name(path.name + "-replies")
    assert [mode(ledger), mode(ledger.with_name(ledger.name + "-wal"))] == [0o600, 0o600]
    assert [mode(p) for p in (path.parent, path.parent.parent)] == [0o700, 0o700]
    await db.close()
    assert mode(tmp_path / "srv") == 0o755  # a folder Tandem did not make is left alone


def test_tandem_export_writes_private_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_world(tmp_path, monkeypatch)
    assert mode(tmp_path / "data") == 0o700
    for export_format in ("csv", "xlsx", "md"):
        out = tmp_path / "exports" / export_format
        argv = ["export", PROJECT_ID, "--output", str(out), "--format", export_format]
        assert main(argv) == 0
        made = list(out.iterdir())
        assert made and {mode(p) for p in made} == {0o600}, export_format
        assert (mode(out), mode(out.parent)) == (0o700, 0o700)


def test_chat_exports_are_private_while_they_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_world(tmp_path, monkeypatch)
    project = load_project(tmp_path / "projects" / f"{PROJECT_ID}.yaml")
    request = ExportRequest(project, TABLES, "csv")
    folder = tmp_path / "chat-export"
    made = asyncio.run(produce(str(tmp_path / "data" / "tandem.sqlite3"), request, folder))
    sent = bundle(made, folder / "export.zip")
    assert {mode(p) for p in (*made, sent)} == {0o600} and mode(folder) == 0o700
