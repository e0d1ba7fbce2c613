"""The layers stay clean: conversations/ and storage/ never reach into Telegram; one module
writes outbox rows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "conversations": {"telegram", "storage", "bot", "aiosqlite", "aiohttp"},
    "storage": {"telegram", "bot"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"{layer}/ has no Python files"
    offenders = {
        str(f.relative_to(ROOT)): sorted(imported_roots(f) & FORBIDDEN[layer]) for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


# Outbox rows are written in one place (later: a message key rendered at send time).
OUTBOX_WRITER = "storage/outbox_rows.py"


def test_one_writer_of_outbox_rows() -> None:
    # Tests may forge history (rows already sent); the project's code may not.
    files = [
        p
        for p in ROOT.rglob("*.py")
        if p.relative_to(ROOT).parts[0] not in {"tests", ".venv", "build"}
        and str(p.relative_to(ROOT)) != OUTBOX_WRITER
    ]
    assert len(files) > 50
    writes = re.compile(r"\binto\s+outbox\b", re.IGNORECASE)
    offenders = [
        str(f.relative_to(ROOT)) for f in files if writes.search(f.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert writes.search((ROOT / OUTBOX_WRITER).read_text(encoding="utf-8"))


def test_nothing_happens_at_import() -> None:
    # Importing every module must not read settings or open anything: run in a clean process.
    import subprocess
    import sys

    modules = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for layer in ("bot", "conversations", "storage")
        for p in (ROOT / layer).rglob("*.py")
        if p.name != "__main__.py"
    ]
    code = "import importlib,sys\nfor m in sys.argv[1:]: importlib.import_module(m)"
    result = subprocess.run(
        [sys.executable, "-c", code, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
