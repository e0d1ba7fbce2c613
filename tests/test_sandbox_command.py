"""The sandbox as a command: its help, `make run` without a token choosing it, the URL it
prints, and a kept database carrying on where it stopped."""

from __future__ import annotations

import argparse
import os
import select
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from bot import cli
from bot.config import Settings, load_settings
from tests.test_sandbox import AMIRA, ROOT, Page, join, running_sandbox


async def test_a_kept_database_carries_on_where_it_stopped(tmp_path: Path) -> None:
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        await join(Page(session, sandbox.url), AMIRA)
    async with running_sandbox(tmp_path) as sandbox, aiohttp.ClientSession() as session:
        client = Page(session, sandbox.url)
        await client.say(AMIRA, "/start")
        await client.until_text(AMIRA, "Welcome back!")


def test_sandbox_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["sandbox", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--port" in out and "--database" in out and "Nothing reaches Telegram" in out


def test_run_without_a_token_chooses_the_sandbox(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    no_token = load_settings(env_file=None, telegram_bot_token="")
    token = load_settings(env_file=None, telegram_bot_token="123456:" + "a" * 35)
    assert cli.wants_sandbox(no_token, argparse.Namespace(webhook=False))
    assert not cli.wants_sandbox(no_token, argparse.Namespace(webhook=True))
    assert not cli.wants_sandbox(token, argparse.Namespace(webhook=False))
    started: list[int] = []

    def start_sandbox(settings: Settings, *, port: int, database: Path | None) -> int:
        started.append(port)
        return 0

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setattr(cli, "_start_sandbox", start_sandbox)
    assert cli.main(["run"]) == 0
    assert started == [8080]
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("No TELEGRAM_BOT_TOKEN is set, so this starts the sandbox instead")


def test_the_sandbox_command_prints_its_url(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1,localhost"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        readable, _, _ = select.select([process.stdout], [], [], 30)
        assert readable, "no output within 30 s"
        line = process.stdout.readline()
        assert line.startswith("Tandem sandbox: open http://127.0.0.1:"), line
        url = line.split("open ", 1)[1].split()[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            assert b"Tandem sandbox" in response.read()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
