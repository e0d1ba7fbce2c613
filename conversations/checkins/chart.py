"""A check-in's trend as a picture: scale means and response rate per cycle, changes marked.

Drawn with matplotlib's Figure and Agg canvas only (never pyplot), like the poll charts.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from conversations.checkins.model import CheckInDefinition
from conversations.checkins.results import Change, CycleResults, day_words
from conversations.journey.drawing import BACKGROUND, DPI, INK, MUTED, WIDTH, font, printable
from conversations.polls.chart import VERSION_COLOURS

HEIGHT = 1080
CHANGE_COLOUR = "#D55E00"


def trend_png(
    definition: CheckInDefinition, cycles: Sequence[CycleResults], changes: Sequence[Change]
) -> bytes:
    """A PNG: means of the scale questions (top) and response rate (bottom) per cycle."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not cycles:
        raise ValueError("nothing to draw: no cycles")
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    figure.set_facecolor(BACKGROUND)
    FigureCanvasAgg(figure)
    title = textwrap.shorten(printable(definition.title), 46, placeholder="…")
    figure.text(0.04, 0.97, title, fontproperties=font(24, bold=True), color=INK, va="top")
    means = figure.add_axes((0.1, 0.42, 0.86, 0.42))
    rates = figure.add_axes((0.1, 0.08, 0.86, 0.24), sharex=means)
    xs = list(range(len(cycles)))
    for n, question in enumerate(definition.scale_questions()):
        points = [(x, c.mean(str(question.id))) for x, c in zip(xs, cycles, strict=True)]
        shown = [(x, m) for x, m in points if m is not None]
        if not shown:
            continue
        label = textwrap.shorten(printable(question.text), 60, placeholder="…")
        means.plot(
            [x for x, _ in shown],
            [m for _, m in shown],
            marker="o",
            linewidth=2.5,
            color=VERSION_COLOURS[n % len(VERSION_COLOURS)],
            label=label,
        )
    means.set_ylim(0.8, 5.2)
    means.set_yticks([1, 2, 3, 4, 5])
    means.set_ylabel("mean (1-5)", fontproperties=font(13), color=MUTED)
    heights = [round((c.rate or 0) * 100) for c in cycles]
    rates.bar(xs, heights, color="#56B4E9", width=0.5)
    for n, value in zip(xs, heights, strict=True):
        rates.text(n, value + 3, f"{value}%", ha="center", fontproperties=font(12), color=INK)
    rates.set_ylim(0, 115)
    rates.set_ylabel("answered", fontproperties=font(13), color=MUTED)
    rates.set_xticks(xs)
    rates.set_xticklabels([day_words(c.local_date) for c in cycles], fontproperties=font(12))
    means.tick_params(labelbottom=False, colors=MUTED)
    rates.tick_params(colors=MUTED)
    for change in changes:
        x: float = _position(change, cycles)
        for axes in (means, rates):
            axes.axvline(x, color=CHANGE_COLOUR, linestyle="--", linewidth=1.5)
        note = textwrap.shorten(printable(change.text), 28, placeholder="…")
        means.text(x + 0.03, 5.05, note, fontproperties=font(11), color=CHANGE_COLOUR, va="top")
    for axes in (means, rates):
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_xlim(-0.5, len(cycles) - 0.5)
    if means.get_legend_handles_labels()[0]:
        means.legend(loc="best", frameon=False, prop=font(12))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _position(change: Change, cycles: Sequence[CycleResults]) -> float:
    """Where a change goes on the cycle axis: between the cycles it came between."""
    before = [n for n, c in enumerate(cycles) if c.local_date <= change.local_date]
    if not before:
        return -0.4
    last = before[-1]
    if last + 1 >= len(cycles):
        return last + 0.4
    span = (cycles[last + 1].local_date - cycles[last].local_date).days or 1
    return last + (change.local_date - cycles[last].local_date).days / span
