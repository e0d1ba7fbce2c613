"""Scripts drawn as Mermaid flowcharts, so a team can see a dialogue at a glance."""

from __future__ import annotations

from conversations.dialogue.script import Script, Step

LABEL_CHARS = 40
# Mermaid node shapes per kind: say a box, a scenario a framed box, ask rounded, choice a
# diamond, end a stadium.
SHAPES = {
    "say": ("[", "]"),
    "scenario": ("[[", "]]"),
    "ask": ("(", ")"),
    "choice": ("{", "}"),
    "end": ("([", "])"),
}


def to_mermaid(script: Script) -> str:
    """A Mermaid `flowchart TD` of the script: one node per step, edges for every path."""
    lines = ["flowchart TD"]
    for step in script.steps:
        opening, closing = SHAPES[step.kind]
        lines.append(f'    {_node(step.id)}{opening}"{_label(step.id, step.text)}"{closing}')
        if step.probe:
            lines.append(f'    {_probe(step.id)}>"{_label("probe", step.probe)}"]')
    for step in script.steps:
        lines.extend(_edges(step))
    return "\n".join(lines) + "\n"


def _edges(step: Step) -> list[str]:
    source = _node(step.id)
    edges: list[str] = []
    if step.probe:
        edges.append(f"    {source} -.-> {_probe(step.id)}")
    for option in step.options:
        target = option.next or step.next
        edges.append(f'    {source} -->|"{_escape(option.label)}"| {_node(target or "")}')
    if step.next and not step.options:
        edges.append(f"    {source} --> {_node(step.next)}")
    elif step.next and all(option.next for option in step.options):
        # Only /skip reaches this choice's own next, so say so on the edge.
        edges.append(f'    {source} -->|"skip"| {_node(step.next)}')
    return edges


def _node(step_id: str) -> str:
    # A prefix keeps ids like "end" (a Mermaid keyword) from breaking the chart.
    return f"s_{step_id}"


def _probe(step_id: str) -> str:
    return f"p_{step_id}"


def _label(step_id: str, text: str) -> str:
    flat = " ".join(text.split())
    short = flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1].rstrip() + "…"
    return _escape(f"{step_id}: {short}")


def _escape(text: str) -> str:
    # Mermaid reads entity codes inside quoted labels; a bare quote would end the label.
    return text.replace("#", "#35;").replace('"', "#quot;")
