"""Callback data for inline buttons: short, typed, and checked before use.

Telegram gives at most 64 bytes. Every button Tandem makes is ``<kind>:<field>:...``;
anything else (a forged or very old button) decodes to None and is answered politely.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {
    "dlg": 3,  # project, step, option
    "consent": 3,  # project, version, answer
    "quote": 2,  # project, anon/name/no (the quoting question when joining)
    "myquote": 2,  # project, anon/name/no (changing that choice from /mydata)
    "lang": 2,  # project, language code (at joining, from /language or /mydata)
    "export": 2,  # project, format ("pick": choose the format next)
    "proj": 1,  # project to switch to
    "leave": 2,  # project, yes/no
    "forget": 1,  # yes/no
    "diary": 2,  # action, project or value
    "entry": 2,  # step, option (a diary entry's buttons)
    "poll": 2,  # action, argument (building, results and closing of polls)
    "upd": 3,  # action, draft, value (a facilitator's /update flow)
    "upreply": 1,  # the update a resident replies to
    "checkin": 2,  # action, cycle or change (check-ins)
    "cka": 2,  # step, option (a check-in answer's buttons)
    "ckb": 2,  # action, argument (building a check-in with /newcheckin)
    "farm": 2,  # action, idea or page (the ideas farm, for residents)
    "ideas": 2,  # action, idea or project (/ideas, for staff)
    "offer": 2,  # action, offer, ask or project.tag (offers, both sides)
    "who": 2,  # b (broadcast) or c (check-in cycle), its id: who it left out
}


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press."""

    kind: str
    fields: tuple[str, ...]


def encode(kind: str, *fields: object) -> str:
    """Callback data for a button; raises if it would not fit Telegram's 64 bytes."""
    if KINDS.get(kind) != len(fields):
        raise ValueError(f"callback {kind!r} takes {KINDS.get(kind)} fields")
    data = ":".join([kind, *(str(f) for f in fields)])
    if len(data.encode()) > 64 or any(":" in str(f) for f in fields):
        raise ValueError(f"callback data does not fit: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The button press, or None when the data is not something Tandem made."""
    if not data:
        return None
    kind, *fields = data.split(":")
    if KINDS.get(kind) != len(fields) or not all(fields):
        return None
    return Callback(kind, tuple(fields))
