"""`tandem migrate` and the refusals of `tandem db copy` (SQLite only: no server needed)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from storage.migrations import load_migrations

NEWEST = load_migrations()[-1].version


def test_migrate_check_then_migrate_then_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 't.sqlite3'}"
    assert main(["migrate", "--check", "--database", url]) == 1
    assert not (tmp_path / "t.sqlite3").exists()
    assert main(["migrate", "--database", url]) == 0
    out = capsys.readouterr().out
    assert "applied 0001_inbox.sql (version 1)" in out
    assert f"schema version {NEWEST} (the newest)" in out
    assert main(["migrate", "--check", "--database", url]) == 0


def test_copy_refuses_outdated_source_nonempty_destination_and_unhandled_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, dst = tmp_path / "src.sqlite3", tmp_path / "dst.sqlite3"
    assert main(["migrate", "--database", f"sqlite:///{src}"]) == 0
    assert main(["migrate", "--database", f"sqlite:///{dst}"]) == 0
    with sqlite3.connect(dst) as conn:
        conn.execute("INSERT INTO inbox (update_id, received_at) VALUES (1, 1.0)")
    assert main(["db", "copy", f"sqlite:///{src}", f"sqlite:///{dst}"]) == 2
    assert "DST is not empty: inbox (1 rows)" in capsys.readouterr().err

    fresh = tmp_path / "fresh.sqlite3"
    with sqlite3.connect(src) as conn:
        conn.execute("INSERT INTO inbox (update_id, received_at) VALUES (7, 1.0)")
    assert main(["db", "copy", f"sqlite:///{src}", f"sqlite:///{fresh}"]) == 2
    assert "1 update(s) received but not yet handled" in capsys.readouterr().err
    assert main(["db", "copy", "--force", f"sqlite:///{src}", f"sqlite:///{fresh}"]) == 0

    with sqlite3.connect(src) as conn:
        conn.execute("DELETE FROM schema_version WHERE version = ?", (NEWEST,))
    assert main(["db", "copy", f"sqlite:///{src}", f"sqlite:///{tmp_path / 'other.sqlite3'}"]) == 2
    assert "tandem migrate --database" in capsys.readouterr().err


def test_an_unreachable_postgresql_url_is_refused_at_once_without_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Port 1 on loopback: nothing listens there.
    url = "postgresql://tandem:s3cret@127.0.0.1:1/tandem"
    assert main(["migrate", "--database", url]) != 0
    err = capsys.readouterr().err
    assert "127.0.0.1:1" in err and "Connection refused" in err
    assert "s3cret" not in err
