"""Who a broadcast goes to: the whole project or one cohort, written as short text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TargetKind = Literal["all", "tag", "joined", "answer"]

TAG = re.compile(r"^[a-z0-9_-]{1,32}$")
JOIN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
STEP_OR_OPTION = re.compile(r"^[a-z0-9_]{1,20}$")


class TargetError(ValueError):
    """Text that does not name a target; the message says what would."""


@dataclass(frozen=True, slots=True)
class Target:
    """``all``, ``tag:carers``, ``joined:NORTHFIELD`` or ``answer:involvement=workshop``."""

    kind: TargetKind
    key: str = ""
    value: str = ""

    def __str__(self) -> str:
        if self.kind == "all":
            return "all"
        if self.kind == "answer":
            return f"answer:{self.key}={self.value}"
        return f"{self.kind}:{self.key}"


EVERYONE = Target("all")


def normal_tag(text: str) -> str:
    """A tag as stored: lower case; raises TargetError if it has other characters."""
    tag = text.strip().lower()
    if not TAG.match(tag):
        raise TargetError(f"a tag is 1 to 32 lowercase letters, digits, - or _ (not {text[:40]!r})")
    return tag


def parse_target(text: str) -> Target:
    """The target this text names; raises TargetError with the accepted forms."""
    raw = text.strip()
    if raw.lower() in {"all", "everyone"}:
        return EVERYONE
    kind, sep, rest = raw.partition(":")
    kind = kind.lower()
    if sep and kind == "tag":
        return Target("tag", normal_tag(rest))
    if sep and kind == "joined" and JOIN_CODE.match(rest):
        return Target("joined", rest)
    if sep and kind == "answer":
        step, eq, option = rest.partition("=")
        if eq and STEP_OR_OPTION.match(step) and STEP_OR_OPTION.match(option):
            return Target("answer", step, option)
    raise TargetError(
        f"{raw[:60]!r} is not a target: use all, tag:NAME, joined:CODE or answer:STEP=OPTION"
    )
