"""Scripts drawn as Mermaid: every step and every path shows."""

from __future__ import annotations

from conversations.dialogue.diagram import to_mermaid
from conversations.dialogue.script import builtin_script, parse_script


def test_default_script_diagram_has_every_step_and_option_edge() -> None:
    script = builtin_script("outcome_first")
    chart = to_mermaid(script)
    assert chart.startswith("flowchart TD\n")
    for step in script.steps:
        assert f"s_{step.id}" in chart
        assert f'"{step.id}: ' in chart
    for option in script.step("involvement").options:
        assert f'-->|"{option.label}"| s_{option.next}' in chart
    assert "s_welcome --> s_outcome" in chart
    assert "s_outcome -.-> p_outcome" in chart  # the probe, dotted
    assert '-->|"skip"| s_end_thanks' in chart
    assert to_mermaid(script) == chart  # deterministic


def test_shapes_and_escaping() -> None:
    script = parse_script(
        {
            "id": "quotes",
            "title": "Quotes",
            "start": "end",
            "steps": [{"id": "end", "kind": "end", "text": 'She said "hello" #1'}],
        },
        "quotes.yaml",
    )
    assert to_mermaid(script) == (
        'flowchart TD\n    s_end(["end: She said #quot;hello#quot; #35;1"])\n'
    )
