"""Turning bad YAML and failed validation into plain lines: file, where, reason."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails


class DataFileError(ValueError):
    """A data file (script or project) that can't be used; one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class Problems(ValueError):
    """Raised inside validators: (where, reason) pairs, so nested models can be located."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.pairs = tuple(pairs)
        super().__init__("\n".join(join_where(where, reason) for where, reason in self.pairs))


def join_where(where: str, reason: str) -> str:
    """Put a location and a reason together as `where — reason`."""
    return f"{where} — {reason}" if where else reason


def read_mapping(text: str, source: str) -> dict[str, Any]:
    """Parse YAML text that must hold a mapping; raise DataFileError naming file and line."""
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        reason = exc.problem or exc.context or "this is not valid YAML"
        if "block" in reason or "indent" in reason:
            # PyYAML's block wording means nothing to most people; indentation usually does.
            reason += " (check the indentation)"
        raise DataFileError([f"{source}: {where} — {reason}"]) from exc
    except yaml.YAMLError as exc:
        raise DataFileError([f"{source}: this is not valid YAML ({exc})"]) from exc
    if not isinstance(data, dict):
        kind = "nothing" if data is None else f"a {type(data).__name__}"
        raise DataFileError([f"{source}: must be a mapping of fields (found {kind})"])
    return data


def describe(error: ValidationError, data: Any, source: str) -> list[str]:
    """One `source: where — reason` line per pydantic error, naming steps and options by id."""
    lines: list[str] = []
    for detail in error.errors():
        where = locate(detail["loc"], data)
        cause = detail.get("ctx", {}).get("error")
        pairs = cause.pairs if isinstance(cause, Problems) else (("", reason(detail)),)
        for inner, why in pairs:
            place = " ".join(part for part in (where, inner) if part)
            lines.append(f"{source}: {join_where(place, why)}")
    return lines


def locate(loc: tuple[int | str, ...], data: Any) -> str:
    """Say where an error is: `step 'why' option 'yes' label`, using ids from the raw data."""
    parts: list[str] = []
    node = data
    named = {"steps": "step", "options": "option"}
    pending: str | None = None
    for key in loc:
        node = _child(node, key)
        if isinstance(key, int):
            if pending:
                ident = node.get("id") if isinstance(node, dict) else None
                parts.append(f"{pending} '{ident}'" if ident else f"{pending} {key + 1}")
            pending = None
            continue
        if key in named:
            pending = named[key]
            continue
        parts.append(key)
    if pending:
        parts.append(f"{pending}s")
    return " ".join(parts)


def reason(detail: ErrorDetails) -> str:
    """A plain-words reason for one pydantic error."""
    kind = detail["type"]
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    if kind == "extra_forbidden":
        return "is not a field we know (a typo?)"
    if kind == "missing":
        return "is missing (it's required)"
    if kind == "string_type" and isinstance(detail.get("input"), bool):
        # YAML 1.1 reads Yes/No/On/Off as true/false, which surprises everyone once.
        return "must be text: put it in quotes (YAML reads Yes, No, On and Off as true/false)"
    if kind == "string_type":
        return "must be text"
    msg = detail["msg"]
    return msg[:1].lower() + msg[1:]


def _child(node: Any, key: int | str) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list | tuple) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None
