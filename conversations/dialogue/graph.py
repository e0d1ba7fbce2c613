"""A script's steps as a graph: every link leads somewhere, every step can be reached, and
from every step an end can still be reached (nobody is trapped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conversations.dialogue.script import Step


def graph_problems(start: str, steps: Sequence[Step]) -> list[tuple[str, str]]:
    """Where a script's steps don't join up: ids, links, scenarios, reachability, ends."""
    problems: list[tuple[str, str]] = []
    by_id: dict[str, Step] = {}
    for step in steps:
        if step.id in by_id:
            problems.append((f"step '{step.id}'", "the id is used more than once"))
        by_id.setdefault(step.id, step)
    if not steps:
        return [("steps", "a script needs at least one step")]
    if start not in by_id:
        problems.append(("start", f"step '{start}' does not exist"))
    for step in steps:
        if step.next is not None and step.next not in by_id:
            problems.append((f"step '{step.id}'", f"next '{step.next}' does not exist"))
        for option in step.options:
            if option.next is not None and option.next not in by_id:
                where = f"step '{step.id}' option '{option.id}'"
                problems.append((where, f"next '{option.next}' does not exist"))
    problems += _scenario_problems(steps, by_id)
    if problems:
        return problems
    reachable = _walk(start, {sid: s.targets() for sid, s in by_id.items()})
    for step in steps:
        if step.id not in reachable:
            reason = f"can't be reached from the start ('{start}')"
            problems.append((f"step '{step.id}'", reason))
    ends = {sid for sid, s in by_id.items() if s.kind == "end"}
    if not ends & reachable:
        return [*problems, ("", f"no end step can be reached from the start ('{start}')")]
    # A person must never be trapped: from every step some end must still be reachable.
    leads_to_end = _walk_back(ends, by_id)
    for step in steps:
        if step.id in reachable and step.id not in leads_to_end:
            problems.append((f"step '{step.id}'", "there is no way from here to an end step"))
    return problems


def _scenario_problems(steps: Sequence[Step], by_id: dict[str, Step]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    for step in steps:
        for question in step.questions:
            where = f"step '{step.id}'"
            asked = by_id.get(question)
            if asked is None:
                problems.append((where, f"question '{question}' does not exist"))
            elif asked.kind not in ("ask", "choice"):
                problems.append((where, f"'{question}' is not a question (ask or choice) step"))
            elif question in owner:
                reason = f"question '{question}' already belongs to scenario '{owner[question]}'"
                problems.append((where, reason))
            owner.setdefault(question, step.id)
    return problems


def _walk(start: str, edges: dict[str, tuple[str, ...]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _walk_back(ends: set[str], by_id: dict[str, Step]) -> set[str]:
    reverse: dict[str, list[str]] = {}
    for sid, step in by_id.items():
        for target in step.targets():
            reverse.setdefault(target, []).append(sid)
    seen, todo = set(ends), list(ends)
    while todo:
        for source in reverse.get(todo.pop(), ()):
            if source not in seen:
                seen.add(source)
                todo.append(source)
    return seen
