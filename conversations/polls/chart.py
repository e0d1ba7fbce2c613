"""Poll results as a picture: horizontal bars per option, versions of a poll side by side.

Drawn with matplotlib's Figure and Agg canvas only (never pyplot), like the journey maps,
so charts can be drawn from worker threads.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Literal

from conversations.journey.drawing import BACKGROUND, DPI, INK, MUTED, WIDTH, font, printable
from conversations.polls.results import PollResults, percent

# Okabe-Ito, distinguishable with colour blindness; versions also differ by their label.
VERSION_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
MIN_HEIGHT = 540
MAX_HEIGHT = 1350  # Telegram shows up to 1280 px on a side without shrinking much
LABEL_CHARS = 26
UPPER_LEFT: Literal["upper left"] = "upper left"
TITLE_CHARS = 46  # bold 24 pt: about 21 px a character, within 1080 px


def option_labels(versions: Sequence[PollResults]) -> list[str]:
    """Every option across the versions, in the order it first appears."""
    labels: list[str] = []
    for results in versions:
        for option in results.options:
            if option.label not in labels:
                labels.append(option.label)
    return labels


def results_png(versions: Sequence[PollResults], title: str | None = None) -> bytes:
    """A PNG: one group of bars per option, one bar per version (share of its voters)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if not versions:
        raise ValueError("nothing to draw: no poll results")
    labels = option_labels(versions)
    count = len(versions)
    heading = textwrap.wrap(printable(title or versions[-1].question), TITLE_CHARS)
    if len(heading) > 2:
        heading = [
            heading[0],
            textwrap.shorten(" ".join(heading[1:]), TITLE_CHARS, placeholder="…"),
        ]
    # The header (title, then one legend line per version) is laid out in pixels.
    header = 36 + 40 * len(heading) + 16 + 30 * count + 24
    body = len(labels) * (34 * count + 40) + 80
    height = int(min(MAX_HEIGHT, max(MIN_HEIGHT, header + body)))
    figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI)
    figure.set_facecolor(BACKGROUND)
    FigureCanvasAgg(figure)
    for n, line in enumerate(heading):
        y = 1 - (36 + 40 * n) / height
        figure.text(0.04, y, line, fontproperties=font(24, bold=True), color=INK, va="top")
    top = 1 - header / height
    axes = figure.add_axes((0.34, 50 / height, 0.58, top - 50 / height))
    group = 0.8
    bar = group / count
    for v, results in enumerate(versions):
        by_label = {o.label: o for o in results.options}
        ys, widths, notes = [], [], []
        for i, label in enumerate(labels):
            option = by_label.get(label)
            if option is None:
                continue  # this version did not offer the option
            ys.append(i - group / 2 + bar * (v + 0.5))
            widths.append(option.share * 100)
            notes.append(f"{option.count} ({percent(option.share)})")
        colour = VERSION_COLOURS[v % len(VERSION_COLOURS)]
        legend = f"Version {results.version}: {results.voters} of {results.reached} answered"
        axes.barh(ys, widths, height=bar * 0.9, color=colour, label=legend)
        for y, width, note in zip(ys, widths, notes, strict=True):
            axes.text(width + 1, y, note, va="center", fontproperties=font(14), color=INK)
    axes.set_yticks(range(len(labels)))
    axes.set_yticklabels(
        [textwrap.fill(printable(label), LABEL_CHARS, max_lines=3) for label in labels],
        fontproperties=font(15),
    )
    axes.set_ylim(len(labels) - 0.5, -0.5)  # first option at the top, as in the poll
    axes.set_xlim(0, 118)  # room for the count beside a full bar
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontproperties=font(13))
    axes.tick_params(colors=MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles, names = axes.get_legend_handles_labels()
    figure.legend(
        handles,
        names,
        loc=UPPER_LEFT,
        bbox_to_anchor=(0.03, 1 - (36 + 40 * len(heading) + 8) / height),
        frameon=False,
        prop=font(15),
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
