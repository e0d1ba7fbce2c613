"""`tandem translations export|import` and `tandem validate`'s languages, run as a user would."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot.cli import build_parser
from conversations import catalogue
from conversations.i18n import Catalogues, english_messages, po_path

ROOT = Path(__file__).resolve().parent.parent


def tandem(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CLOCK_START": "2026-12-03T09:00Z"},
        timeout=60,
    )


def export_welsh(path: Path) -> None:
    result = tandem("translations", "export", "cy", "--output", str(path), cwd=ROOT)
    assert result.returncode == 0, result.stderr


def translate(path: Path, changes: dict[str, str | tuple[str, ...]]) -> None:
    """What a translator's tool does: fill in msgstrs, keep the rest of the file."""
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.context in changes:
            message.string = changes[message.context]
    with path.open("wb") as file:
        write_po(file, catalog)


def test_export_then_import_round_trip(tmp_path: Path) -> None:
    exported = tmp_path / "cy.po"
    result = tandem("translations", "export", "cy", "--output", str(exported), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = exported.read_text(encoding="utf-8")
    assert 'msgctxt "STATS_NONE"\nmsgid "You don\'t run any projects yet."\nmsgstr ""' in text
    assert "Wedi'i hepgor — mae hynny'n iawn." in text  # the current translation travels
    assert "MACHINE-DRAFTED" in text

    translate(exported, {"STATS_NONE": "Dydych chi ddim yn rhedeg unrhyw brosiectau eto."})
    locales = tmp_path / "locales"
    result = tandem("translations", "import", str(exported), "--locales", str(locales), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    total = len(english_messages())
    assert f"cy: 50 of {total} strings" in result.stdout

    catalogues = Catalogues.load(locales)
    assert catalogues.render("cy", "STATS_NONE") == (
        "Dydych chi ddim yn rhedeg unrhyw brosiectau eto."
    )
    assert catalogues.render_plural("cy", "BUDGET_SCHEDULED", 2) == "dwy neges"
    installed = po_path(locales, "cy").read_text(encoding="utf-8")
    assert "MACHINE-DRAFTED, AWAITING A WELSH-SPEAKING REVIEWER" in installed


def test_import_refuses_a_placeholder_mismatch_and_an_incomplete_plural(tmp_path: Path) -> None:
    exported = tmp_path / "cy.po"
    assert (
        tandem("translations", "export", "cy", "--output", str(exported), cwd=ROOT).returncode == 0
    )
    translate(
        exported,
        {
            "WELCOME_BACK": "Croeso nôl! Rydych chi'n siarad â “{teitl}”.",
            "LEFT_OUT_MORE": ("… a {count} arall", "… a {count} arall", "", "", "", ""),
        },
    )
    locales = tmp_path / "locales"
    result = tandem("translations", "import", str(exported), "--locales", str(locales), cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cy: WELCOME_BACK: placeholders {teitl} differ from the English's {title}",
        "cy: LEFT_OUT_MORE: plural form(s) two, few, many, other missing (cy has 6)",
        "2 problem(s): nothing installed.",
    ]
    assert not po_path(locales, "cy").exists()


def test_import_and_export_refuse_english_and_unknown_languages(tmp_path: Path) -> None:
    result = tandem("translations", "export", "en", cwd=tmp_path)
    assert result.returncode == 2
    assert "English is the source" in result.stderr
    result = tandem("translations", "export", "xx-notalanguage", cwd=tmp_path)
    assert result.returncode == 2
    assert "is not a language code I know" in result.stderr
    (tmp_path / "junk.po").write_text('msgid "a\n', encoding="utf-8")
    result = tandem("translations", "import", str(tmp_path / "junk.po"), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_reports_coverage_and_names_broken_strings(tmp_path: Path) -> None:
    result = tandem("validate", "projects", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^cy: \d+ of \d+ strings \(\d+%\)$", result.stdout, re.MULTILINE)

    exported = tmp_path / "cy.po"
    assert (
        tandem("translations", "export", "cy", "--output", str(exported), cwd=ROOT).returncode == 0
    )
    translate(exported, {"LEFT": "Rydych chi wedi gadael “{title}” a {name}."})
    target = po_path(tmp_path / "locales", "cy")
    target.parent.mkdir(parents=True)
    exported.rename(target)
    result = tandem("validate", "projects", "--locales", str(tmp_path / "locales"), cwd=ROOT)
    assert result.returncode == 1
    assert "cy: LEFT: placeholders {name}, {title} differ from the English's {title}" in (
        result.stderr
    )
    assert "cy: 49 of" in result.stdout and "1 broken" in result.stdout
    assert catalogue.LEFT  # today's handlers keep using the constant


@pytest.mark.parametrize("action", ["export", "import", "template"])
def test_every_translations_action_has_help(
    action: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["translations", action, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: tandem translations {action}" in out
    assert len(out.split("\n\n")[1].strip()) > 40
