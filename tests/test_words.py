"""Every catalogue key the bot layer names exists, and is used as the kind of message it is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.menus import menu, menu_languages
from bot.words import Words
from conversations.i18n import Catalogues, english_messages
from conversations.participation import Role
from tests.conftest import ROOT

# Written like a key: WELCOME, NOT_WAITING, COMMANDS.start.
KEY_SHAPED = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*(\.[A-Za-z_]+)?$")
# Key-shaped strings in those modules that are not keys, and why.
NOT_KEYS = {
    "PROJECT",  # /export's usage example when no project is known
    "ME",  # /journey me: a staff member's own journey
    "D",  # the builder's draft TypeVar
}


def modules_using_words() -> list[Path]:
    """The bot modules that render through bot/words.py."""
    return [
        path
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if "bot.words" in path.read_text("utf-8") or path.name == "words.py"
    ]


def key_shaped_strings(path: Path) -> list[tuple[str, int]]:
    """Every string literal in the module that looks like a catalogue key, with its line."""
    tree = ast.parse(path.read_text("utf-8"))
    return [
        (node.value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and KEY_SHAPED.match(node.value)
        and node.value not in NOT_KEYS
    ]


def calls_to(path: Path, method: str) -> list[tuple[str, int]]:
    """The literal keys given to ``.say`` or ``.plural`` in the module."""
    tree = ast.parse(path.read_text("utf-8"))
    return [
        (node.args[0].value, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_every_key_the_bot_names_is_in_the_catalogue() -> None:
    english = english_messages()
    modules = modules_using_words()
    assert len(modules) > 10
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {key}"
        for path in modules
        for key, line in key_shaped_strings(path)
        if key not in english
    ]
    assert missing == []
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {key} given to .{method}"
        for path in modules
        for method, plural in (("say", True), ("plural", False))
        for key, line in calls_to(path, method)
        if key in english and english[key].plural is plural
    ]
    assert wrong == []


def test_the_scan_sees_the_keys_in_use() -> None:
    found = {key for path in modules_using_words() for key, _ in key_shaped_strings(path)}
    assert {"WELCOME", "CONSENT_QUESTION", "QUOTE_YES", "PAUSED_NOT_KEPT", "IDEA_THANKS"} <= found


def test_an_unknown_key_fails_loudly_and_a_missing_translation_falls_back() -> None:
    catalogues = Catalogues.load()
    welsh = Words(catalogues, "cy")
    with pytest.raises(KeyError):
        welsh.say("WELCOM")
    assert welsh.say("WELCOME") == catalogues.render("cy", "WELCOME")
    assert welsh.say("WELCOME") != Words(catalogues, "en").say("WELCOME")


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_renders_in_every_catalogue_language(role: Role) -> None:
    catalogues = Catalogues.load()
    assert "cy" in menu_languages(catalogues)
    english = [(c.command, c.description) for c in menu(role, catalogues)]
    for lang in menu_languages(catalogues):
        assert [c.command for c in menu(role, catalogues, lang)] == [n for n, _ in english]
