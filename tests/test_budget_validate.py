"""`tandem validate` states each project's message budget and warns when its own schedule
cannot fit its weekly cap (exit 0, a "warning:" line); the left-out words count right."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import yaml

from conversations.budget import LeftOut, left_out_line, left_out_list, project_budget
from conversations.i18n.catalogues import shipped
from conversations.i18n.words import Words
from conversations.projects import load_project
from tests.conftest import with_example_pictures

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "projects" / "example.yaml"


def project_file(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    path = with_example_pictures(folder) / "tight.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def test_a_daily_diary_and_a_weekly_checkin_under_a_cap_of_one_warns(tmp_path: Path) -> None:
    path = project_file(tmp_path, max_messages_per_week=1)
    result = validate(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "northfield: a cap of 1 a week for polls, updates and check-ins; its own check-ins"
        " send up to 1 message a week, leaving 0 for polls and updates (one less for anyone"
        " sent its check-in reminder); one less for anyone who answers, sent its “what we"
        " heard”; diary prompts and reminders, counted apart: up to 14 a week"
    )
    assert result.stderr.splitlines() == [
        "warning: northfield: its own check-ins send up to 1 message a week against a cap of"
        " 1, so polls and updates will never get through. Raise max_messages_per_week or"
        " check in less often."
    ]
    assert "All good" not in result.stdout
    assert result.stdout.splitlines()[-1] == f"Valid, with 1 warning(s): {path}"


def test_the_example_fits_its_cap_and_says_its_budget() -> None:
    result = validate(EXAMPLE)
    assert result.returncode == 0 and result.stderr == ""
    assert "leaving 2 for polls and updates" in result.stdout
    assert "one less for anyone who answers, sent its “what we heard”" in result.stdout
    assert "diary prompts and reminders, counted apart: up to 14 a week" in result.stdout
    assert result.stdout.splitlines()[-1] == f"All good: {EXAMPLE}"


def test_reminders_that_cannot_fit_warn_too(tmp_path: Path) -> None:
    project = load_project(project_file(tmp_path, max_messages_per_week=1, diary=None))
    budget = project_budget(project.model_copy(update={"max_messages_per_week": 2}))
    assert (budget.invites, budget.reminders, budget.diary, budget.room) == (1, 1, 0, 1)
    assert budget.warning() is None  # invitation plus reminder: exactly 2
    tight = project_budget(project)
    assert tight.warning() is not None and "never get through" in (tight.warning() or "")
    assert "counted apart" not in tight.line()  # no diary, nothing said about one


def test_left_out_words_count_in_singular_and_plural() -> None:
    assert left_out_line(LeftOut({"weekly cap": 1, "paused": 1})) == (
        "2 not sent: 1 at this week's limit, 1 paused"
    )
    assert left_out_line(LeftOut({"blocked": 1, "left": 2, "odd": 1})) == (
        "4 not sent: 1 has blocked the bot, 2 have left the project, 1 for another reason"
    )
    held = LeftOut({}, held=2, held_until=datetime(2026, 7, 16, 8, 0))
    assert left_out_line(held) == "2 held until Thu 08:00 (quiet hours)"
    assert left_out_line(LeftOut()) == ""
    # In the staff member's language: Welsh plurals, list and weekday (never English).
    welsh = Words(shipped(), "cy")
    in_welsh = left_out_line(
        LeftOut({"weekly cap": 1, "paused": 2}, held=2, held_until=datetime(2026, 7, 16, 8, 0)),
        welsh,
    )
    assert in_welsh.splitlines() == [
        welsh.plural(
            "LEFT_OUT",
            3,
            reasons=", ".join(
                [
                    welsh.plural("LEFT_OUT_REASONS.weekly cap", 1),
                    welsh.plural("LEFT_OUT_REASONS.paused", 2),
                ]
            ),
        ),
        welsh.plural("HELD_QUIET", 2, until="Iau 08:00"),
    ]
    assert "Thu" not in in_welsh and "paused" not in in_welsh
    listed = left_out_list("poll", [("paused", "P-2B"), ("weekly cap", "P-1A")])
    assert listed.splitlines() == [
        "Who this poll left out (pseudonyms):",
        "At this week's limit (1): P-1A",
        "Paused (1): P-2B",
    ]


def test_validate_names_the_file_and_field_of_a_bad_language(tmp_path: Path) -> None:
    path = project_file(tmp_path, languages=["en", "klingon"])
    result = validate(path)
    assert result.returncode != 0
    assert f"{path}: languages — 'klingon' is not a language code like en, cy or pt-BR" in (
        result.stdout + result.stderr
    )
