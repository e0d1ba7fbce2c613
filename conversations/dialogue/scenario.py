"""A project's own scenario told inside a shared dialogue: the project file gives the steps
(a `scenario` step and its questions) and the step they follow; the dialogue is otherwise
the shared one, so edits to it still reach the project."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from conversations.dialogue.problems import describe
from conversations.dialogue.script import Script

WHERE = "scenario"


def told_after(
    script: Script, block: Any, source: str, folder: Path | None
) -> tuple[Script | None, list[str]]:
    """The script with ``block``'s steps told after ``block['after']``, or the problems.

    The step named by ``after`` leads to the block's first step; the block's steps say where
    they go on to (usually the step ``after`` led to before).
    """
    problems = _shape_problems(script, block, source)
    if problems:
        return None, problems
    after, steps = block["after"], list(block["steps"])
    data = script.model_dump(exclude_unset=True)
    for step in data["steps"]:
        if step["id"] == after:
            step["next"] = steps[0].get("id") if isinstance(steps[0], Mapping) else None
    data["steps"] = [*data["steps"], *steps]
    try:
        return Script.model_validate(data, context={"folder": folder}), []
    except ValidationError as exc:
        return None, describe(exc, data, f"{source}: {WHERE}")


def _shape_problems(script: Script, block: Any, source: str) -> list[str]:
    def problem(reason: str) -> list[str]:
        return [f"{source}: {WHERE} — {reason}"]

    if not isinstance(block, Mapping) or set(block) != {"after", "steps"}:
        return problem("give `after:` (the dialogue step it follows) and `steps:`, nothing else")
    after, steps = block["after"], block["steps"]
    if not isinstance(after, str) or not script.has_step(after):
        known = ", ".join(step.id for step in script.steps)
        return problem(f"after: '{after}' is not a step of the dialogue (its steps: {known})")
    if script.step(after).next is None:
        return problem(f"after: '{after}' has no next step to put the scenario before")
    if not isinstance(steps, Sequence) or isinstance(steps, str) or not steps:
        return problem("steps: give the scenario step and its questions as a list")
    return []
