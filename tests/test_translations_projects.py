"""A project's own texts travel with the built-in strings: export, translate, import, validate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot.cli import main
from conversations.i18n.project_texts import collect
from conversations.projects import load_project
from tests.conftest import with_example_pictures

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "conversations" / "dialogue" / "scripts" / "outcome_first.yaml"
ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CLOCK_START": "2026-12-03T09:00Z"}
OUTCOME = "script:dialogues/outcome_first.yaml:steps.outcome.text"


@pytest.fixture
def projects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project, its dialogue as a file beside it, in tmp_path."""
    folder = tmp_path / "projects"
    (folder / "dialogues").mkdir(parents=True)
    text = (ROOT / "projects" / "example.yaml").read_text(encoding="utf-8")
    assert "dialogue: outcome_first\n" in text
    text = text.replace("dialogue: outcome_first\n", "dialogue: dialogues/outcome_first.yaml\n")
    (with_example_pictures(folder) / "example.yaml").write_text(text, encoding="utf-8")
    shutil.copy(SCRIPT, folder / "dialogues" / "outcome_first.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLOCK_START", "2026-12-03T09:00Z")
    return folder


def tandem(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )


def translate(path: Path, changes: dict[str, str]) -> None:
    """What a translator's tool does: fill in msgstrs, keep the rest of the file."""
    with path.open("rb") as file:
        catalog = read_po(file)
    for message in catalog:
        if message.context in changes:
            message.string = changes.pop(message.context)
    assert not changes, f"not in the file: {changes}"
    with path.open("wb") as file:
        write_po(file, catalog)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_welsh_round_trip_as_a_real_process(projects: Path, tmp_path: Path) -> None:
    po = tmp_path / "cy.po"
    result = tandem(
        "translations",
        "export",
        "cy",
        "--projects",
        str(projects),
        "--output",
        str(po),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    exported = po.read_text(encoding="utf-8")
    # After the built-in strings, each project text with its place, source and current Welsh.
    assert exported.index('msgctxt "STATS_NONE"') < exported.index("project:example.yaml:title")
    assert (
        "#. Project northfield (example.yaml): duration, in the introduction before consent\n"
        'msgctxt "project:example.yaml:duration"\n'
        'msgid "About four months, until the end of March."\n'
        'msgstr "Tua pedwar mis, tan ddiwedd mis Mawrth."'
    ) in exported
    assert f'msgctxt "{OUTCOME}"' in exported
    assert 'msgctxt "project:example.yaml:diary.touchpoints.2"\nmsgid "Pharmacy"' in exported
    assert 'msgctxt "project:example.yaml:checkins.dropin.questions.q1"' in exported

    new = "Beth hoffech chi ei newid fwyaf yn eich bywyd neu yn eich ardal?"
    translate(po, {OUTCOME: new, "project:example.yaml:duration": "Tua phedwar mis."})
    locales = tmp_path / "locales"
    result = tandem(
        "translations",
        "import",
        str(po),
        "--projects",
        str(projects),
        "--locales",
        str(locales),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "2 project text(s) changed." in result.stdout
    script = (projects / "dialogues" / "outcome_first.yaml").read_text(encoding="utf-8")
    assert f"        {new}\n" in script  # in the folded (>-) style of the text it replaces
    assert "# THE WELSH (cy) IS MACHINE-DRAFTED" in script  # comments kept
    # Only the changed lines differ: the rest of the file is byte for byte as it was.
    before, after = SCRIPT.read_text(encoding="utf-8").splitlines(), script.splitlines()
    assert len([line for line in after if line not in before]) == 1
    project = (projects / "example.yaml").read_text(encoding="utf-8")
    assert "  cy: Tua phedwar mis.\n" in project
    assert "# An example project. Copy this file to start your own" in project
    loaded = load_project(projects / "example.yaml")
    assert loaded.dialogue.step("outcome").text.in_("cy") == new
    assert loaded.duration.in_("cy") == "Tua phedwar mis."
    assert loaded.duration.in_("en") == "About four months, until the end of March."
    assert not list(projects.rglob(".*tandem-new"))  # no copies left behind


def test_a_new_language_is_added_to_a_copy(projects: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    project = projects / "example.yaml"
    # One plain-string text: it becomes {en: old, pl: new}.
    text = project.read_text(encoding="utf-8")
    text = text.replace(
        "duration:\n  en: About four months, until the end of March.\n"
        "  cy: Tua pedwar mis, tan ddiwedd mis Mawrth.\n"
        "  ar: نحو أربعة أشهر، حتى نهاية شهر مارس.\n",
        "duration: About four months, until the end of March.  # how long\n",
    ).replace("languages: [en, cy, ar]", "languages: [en]")
    project.write_text(text, encoding="utf-8")
    po = tmp_path / "pl.po"
    assert main(["translations", "export", "pl", "--output", str(po)]) == 0
    with po.open("rb") as file:
        catalog = read_po(file)
    polish = {
        m.context: f"PL {m.id}"
        for m in catalog
        if m.context and m.context.startswith(("project:", "script:"))
    }
    assert all(not m.string for m in catalog if m.context in polish)  # nothing in Polish yet
    polish = {k: v[:40] if ".options." in k else v for k, v in polish.items()}
    first = dict(list(polish.items())[:3])
    translate(po, first)
    assert main(["translations", "import", str(po), "--locales", str(tmp_path / "l")]) == 0
    said = capsys.readouterr().out
    assert "pl is not under languages:" in said and "--add-language" in said
    assert "pl: 3 of " in _validate(capsys, projects)
    # With --add-language and every text translated, the project now offers Polish.
    translate(po, {k: v for k, v in polish.items() if k not in first})
    args = ["translations", "import", str(po), "--locales", str(tmp_path / "l")]
    assert main([*args, "--add-language"]) == 0
    loaded = load_project(project)
    assert loaded.languages == ("en", "pl")
    assert loaded.duration.in_("pl") == "PL About four months, until the end of March."
    assert loaded.duration.in_("en") == "About four months, until the end of March."
    assert loaded.diary is not None and loaded.diary.words.nudge.in_("pl").startswith("PL ")
    text = project.read_text(encoding="utf-8")
    assert "languages: [en, pl]" in text
    assert "duration:  # how long\n  en: About four months, until the end of March.\n" in text
    assert "# The languages residents may choose" in text
    report = _validate(capsys, projects)
    assert "example.yaml: pl: " in report and " — no pl text" not in report


def test_a_broken_placeholder_refuses_and_writes_nothing(
    projects: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    project = projects / "example.yaml"
    text = project.read_text(encoding="utf-8")
    text = text.replace("  en: About four months, until the end of March.", "  en: Until {date}.")
    project.write_text(text.replace("  cy: Tua pedwar mis,", "  cy: Tan {date}. Tua pedwar mis,"))
    po = tmp_path / "cy.po"
    assert main(["translations", "export", "cy", "--output", str(po)]) == 0
    before = snapshot(tmp_path)
    translate(
        po,
        {
            "project:example.yaml:duration": "Tan {dyddiad}.",
            OUTCOME: "Beth hoffech chi ei newid?",  # fine, but the import is all or nothing
            "STATS_NONE": "Does dim prosiectau gennych chi eto.",
        },
    )
    before[po] = po.read_bytes()
    locales = tmp_path / "locales"
    assert main(["translations", "import", str(po), "--locales", str(locales)]) == 1
    err = capsys.readouterr().err
    assert "project:example.yaml:duration: placeholders {dyddiad} differ" in err
    assert "nothing installed" in err
    assert snapshot(tmp_path) == before


def test_a_translation_that_would_not_load_refuses(projects: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    po = tmp_path / "cy.po"
    assert main(["translations", "export", "cy", "--output", str(po)]) == 0
    button = next(t.key for t in collect([projects]).texts if ".options." in t.key)
    translate(po, {button: "Botwm sydd â label llawer rhy hir i ffitio ar fotwm Telegram"})
    before = snapshot(tmp_path)
    assert main(["translations", "import", str(po), "--locales", str(tmp_path / "l")]) == 1
    assert "must be 1 to 40 characters" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_validate_counts_and_names_a_missing_text(projects: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    report = _validate(capsys, projects)
    total = len(collect([projects]).texts)
    assert f"example.yaml: cy: {total} of {total} texts" in report
    # A Polish start: one text in Polish, the project does not list it yet.
    project = projects / "example.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "  cy: Tua pedwar mis,", "  pl: Około czterech miesięcy.\n  cy: Tua pedwar mis,"
        )
    )
    report = _validate(capsys, projects)
    assert f"example.yaml: pl: 1 of {total} texts (not under languages: yet)" in report
    assert "  example.yaml purpose — no pl text" in report
    assert "  dialogues/outcome_first.yaml steps.outcome.text — no pl text" in report


def test_every_text_the_loader_checks_is_exported(projects: Path) -> None:
    """The export walks the same texts as the loader's language check (and the diary defaults)."""
    collected = collect([projects])
    ((_, project, texts),) = collected.projects
    checked = [text for _, text in project.texts() if text is not None]
    assert len([t for t in texts if t.in_file]) == len(checked)
    assert len({t.key for t in texts}) == len(texts)


def _validate(capsys, folder: Path) -> str:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    main(["validate", str(folder)])
    return capsys.readouterr().out
