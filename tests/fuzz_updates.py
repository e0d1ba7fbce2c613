"""Seeded fuzzed updates: real update shapes with wrong types, gaps, nulls and odd strings."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

from bot.emulator import BotApiEmulator

JSON = dict[str, Any]
FIRST_USER = 50_000
ODD_VALUES: tuple[Any, ...] = (
    None,
    "z",
    "",
    "\ud800",
    "a\udfffb",
    -1,
    0,
    2**63,
    1.5,
    True,
    [],
    {},
    [None],
    {"id": "z"},
)


def real_updates(users: int = 5) -> list[JSON]:
    """One of each update kind the emulator builds, as Telegram shapes them."""
    emu = BotApiEmulator()
    for n in range(users):
        user = FIRST_USER + n
        emu.inject_text(user, "hello there", first_name="Ada", username="ada")
        emu.inject_command(user, "help")
        emu.inject_command(user, "start", "invite-42")
        emu.inject_text(user, "/results", chat_id=-100 - n)
        sent = emu.inject_text(user, "a first answer")
        emu.inject_edited_text(user, sent["message"]["message_id"], "an edited answer")
        emu.inject_callback(user, "forget:yes")
        emu.inject_callback(user, "d:1:2")
        emu.inject_voice(user, caption="my thoughts")
        emu.inject_photo(user, caption="the park")
        emu.inject_sticker(user)
        emu.inject_my_chat_member(user, "kicked")
        emu.inject_my_chat_member(user, "member")
    return [{k: v for k, v in u.items() if k != "update_id"} for u in emu.state.updates]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def _mutate(update: JSON, rng: random.Random) -> None:
    paths = list(_paths(update))
    if not paths:
        return
    texts = [p for p in paths if isinstance(_at(update, p), str)]
    # Half the time only odd text: a shape Telegram could send, which handlers must take.
    soft = texts and rng.random() < 0.5
    path = rng.choice(texts if soft else paths)
    parent: Any = _at(update, path[:-1])
    key = path[-1]
    roll = 0.25 + rng.random() * 0.2 if soft else rng.random()
    if roll < 0.25 and isinstance(parent, dict):
        del parent[key]
    elif roll < 0.35:
        parent[key] = "x" * rng.choice((4097, 70_000))
    elif roll < 0.45:
        parent[key] = rng.choice(("\ud800", "tail \udc00", "\ud83d")) + str(parent[key])[:20]
    else:
        parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))


def fuzzed_updates(count: int, seed: int = 20261203) -> list[JSON]:
    """`count` updates, each a real shape with one to three random mutations."""
    rng = random.Random(seed)
    shapes = real_updates()
    out = []
    for _ in range(count):
        update = copy.deepcopy(rng.choice(shapes))
        for _ in range(rng.randint(1, 3)):
            _mutate(update, rng)
        out.append(update)
    return out
