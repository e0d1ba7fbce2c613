"""The command line: every subcommand has help; set-up mistakes give one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def subcommands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return sorted(actions[0].choices)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", subcommands())
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as exited:
        parser.parse_args([name, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: tandem {name}" in out
    description = out.split("\n\n")[1]
    assert len(description.strip()) > 20, f"{name} --help needs a description"


def test_run_with_a_malformed_token_says_what_to_do(tmp_path: Path) -> None:
    # Without any token, `run` starts the sandbox instead (tests/test_sandbox.py).
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": "oops"},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("tandem: TELEGRAM_BOT_TOKEN does not look like a bot token")
    assert "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr
