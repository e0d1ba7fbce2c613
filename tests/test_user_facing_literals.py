"""No words a person reads are written in code: they live in conversations/catalogue/.

Like tests/test_layers.py for imports, this reads the source. A string literal that looks like
prose (two words or more) in bot/ or conversations/ fails the test unless it is one of the
kinds of text no resident or staff member reads in the chat:

- docstrings, log lines, command-line ``help=`` text and SQL;
- exception messages (they reach operators and project-file authors through logs and
  `tandem validate`, in English, or are caught and answered with a catalogue message);
- text compared with what Telegram answers (``"not modified" in str(exc)``);
- markup: a string holding an HTML tag (the report page's own elements);
- ``EXEMPT``: the modules whose readers are operators, translators or project-file authors
  rather than residents and staff in the chat, and ``path::name`` entries for one function or
  module-level constant of an otherwise user-facing module (project-file problems for
  ``tandem validate``, log-only reasons, stored codes, the page's CSS), each with why;
- ``NOT_WORDS``: single literals that are patterns, codes or data rather than sentences
  (Babel date patterns, matplotlib styles, a warnings filter), each with why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

# Two words or more of letters: what a sentence shown to someone looks like.
PROSE = re.compile(r"[A-Za-z][A-Za-z']*[ ,]+[A-Za-z][A-Za-z']*")
MARKUP = re.compile(r"</?[a-z][a-z0-9]*[ >/]|<!doctype")
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|FROM|WHERE|JOIN|PRAGMA)\b")
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
NOT_WORDS_KEYWORDS = {"help", "description", "metavar", "loc", "match"}

# Whole modules (or ``path::name``: one function or constant) whose words are not read in
# the chat, and who reads them instead.
AUTHORS = "project-file problems, read by its author through `tandem validate` (English)"
EXEMPT = {
    "bot/cli.py": "the operator's command line (English)",
    "bot/cli_db.py": "the operator's database commands (English)",
    "bot/cli_translations.py": "translators' command line",
    "bot/config.py": "settings errors for whoever runs Tandem",
    "bot/runtime.py": "start-up errors for whoever runs Tandem",
    "conversations/i18n": "the translation machinery itself",
    "conversations/report/stopwords": "data: stop words, not sentences",
    "bot/emulator": "the Bot API emulator used by tests and the sandbox",
    "bot/sandbox": "the rehearsal page's own controls (its chat shows Tandem's real words)",
    "conversations/dialogue/script.py::_problems": AUTHORS,
    "conversations/dialogue/script.py::_choice_problems": AUTHORS,
    "conversations/dialogue/script.py::_scenario_problems": AUTHORS,
    "conversations/dialogue/graph.py": AUTHORS,
    "conversations/dialogue/scenario.py::_shape_problems": AUTHORS,
    "conversations/dialogue/problems.py::read_mapping": AUTHORS,
    "conversations/dialogue/problems.py::reason": AUTHORS,
    "conversations/projects.py::parse_project": AUTHORS,
    "conversations/projects.py::_resolve_dialogue": AUTHORS,
    "conversations/projects.py::_duplicates": AUTHORS,
    "conversations/texts_by_language.py::MUST_BE": AUTHORS,
    "conversations/export/request.py::_SINGLE": "`tandem export --output` errors (command line)",
    "bot/update_shape.py::_problem": "why an update was dropped: logged, never sent",
    "bot/update_shape.py::_NAMES": "why an update was dropped: logged, never sent",
    "conversations/budget.py::REASONS": "reason codes stored with skipped rows (shown via keys)",
    "conversations/budget.py::QUIET": "reason codes stored with skipped rows (shown via keys)",
    "conversations/report/webpage.py::POLICY": "the report page's Content-Security-Policy",
    "conversations/report/webpage.py::STYLE": "the report page's CSS",
    "conversations/export/cells.py::MEDIA": "export data: the placeholder in exported cells"
    " (English in every export, as the README documents, like the column names)",
}

# Single literals that are patterns, codes or data, not sentences, with why.
CLDR = "a Babel (CLDR) date pattern: the words come from the reader's locale"
MATPLOTLIB = "a matplotlib style or placement, not words"
NOT_WORDS = {
    "EEE d MMM HH:mm": CLDR,
    "EEE d MMM H:mm": CLDR,
    "EEE d MMM": CLDR,
    "d MMM y": CLDR,
    "d MMM": CLDR,
    'yyyy-mm-dd hh:mm:ss "UTC"': "an XLSX number format for time cells",
    "circle,pad=0.3": MATPLOTLIB,
    "round,pad=0.2": MATPLOTLIB,
    "offset points": MATPLOTLIB,
    "upper left": MATPLOTLIB,
    "flowchart TD": "Mermaid syntax: the diagram's first line",
    "tandem export": "a command, shown as the command to run on the server",
    "/diary nudge": "a command's name, put into a catalogue message as {command}",
    ".*instead of 'Bot\\.do_api_request": "a warnings filter matching PTB's own warning",
    "Value error, ": "the prefix pydantic puts on a validator's message, taken off",
    "not an update": "the HTTP body answered to whoever posts to the webhook (Telegram)",
}


def _exempt(rel: str) -> bool:
    return any(rel == path or rel.startswith(path + "/") for path in EXEMPT)


def _named(node: ast.AST, parents: dict[int, ast.AST]) -> set[str]:
    """The functions, classes and module-level names a literal sits in."""
    names: set[str] = set()
    parent = parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(parent.name)
        elif isinstance(parent, ast.Assign | ast.AnnAssign):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
        parent = parents.get(id(parent))
    return names


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _not_for_people(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """Whether the literal sits where no person in the chat will read it."""
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.Raise):
            return True
        if isinstance(parent, ast.Compare):
            return True
        if isinstance(parent, ast.keyword) and parent.arg in NOT_WORDS_KEYWORDS:
            return True
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr in LOG_METHODS
            and child is not parent.func
        ):
            return True
        if isinstance(parent, ast.stmt):
            return False
        child, parent = parent, parents.get(id(parent))
    return False


def literals_in(path: Path, rel: str = "") -> list[tuple[int, str]]:
    """Prose-like string literals in a module, outside the allowed places, with their lines
    (``rel``: the module's path, for its ``path::name`` exemptions)."""
    tree = ast.parse(path.read_text("utf-8"))
    exempt = {key.split("::")[1] for key in EXEMPT if key.startswith(rel + "::")}
    parents = {id(c): n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and PROSE.search(node.value)
        and not SQL.search(node.value)
        and not MARKUP.search(node.value)
        and node.value not in NOT_WORDS
        and not _not_for_people(node, parents)
        and not (exempt and exempt & _named(node, parents))
    ]


def test_no_user_facing_words_outside_the_catalogues() -> None:
    found = []
    for layer in ("bot", "conversations"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("conversations/catalogue/") or _exempt(rel):
                continue
            found += [f"{rel}:{line}: {text[:60]!r}" for line, text in literals_in(path, rel)]
    assert found == [], "words for people belong in conversations/catalogue/:\n" + "\n".join(found)


def test_the_scan_catches_a_literal_reply_and_allows_a_log_line(tmp_path: Path) -> None:
    module = tmp_path / "handler.py"
    module.write_text(
        "async def handle(update, log):\n"
        '    log.info("handled one update for %s", update.id)\n'
        '    await update.message.reply_text("Thanks for your answer!")\n'
        '    raise ValueError("this never reaches a resident")\n'
        "def later(exc, when):\n"
        '    if "not modified" in str(exc):\n'
        '        return when.strftime("EEE d MMM")\n'
        '    return "<p class=\\"note\\">" + "Sorry, that went wrong."\n',
        "utf-8",
    )
    assert sorted(literals_in(module)) == [
        (3, "Thanks for your answer!"),
        (8, "Sorry, that went wrong."),
    ]


def test_every_exemption_still_names_something() -> None:
    """An exemption outlives what it was for only as a gap: each path and name must exist."""
    for key in EXEMPT:
        path, _, name = key.partition("::")
        assert (ROOT / path).exists(), key
        if name:
            tree = ast.parse((ROOT / path).read_text("utf-8"))
            defined = {
                n.name
                for n in ast.walk(tree)
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            } | {
                t.id
                for n in ast.walk(tree)
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
            assert name in defined, key
