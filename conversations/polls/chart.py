"""Poll results as a picture: horizontal bars per option, versions of a poll side by side.

Drawn with matplotlib's Figure and Agg canvas only (never pyplot), like the journey maps,
so charts can be drawn from worker threads.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Literal

from conversations.i18n.words import Words
from conversations.journey.drawing import BACKGROUND, DPI, INK, MUTED, WIDTH, font, printable
from conversations.polls.results import PollResults, percent

# Okabe-Ito, distinguishable with colour blindness; versions also differ by their label.
VERSION_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
MIN_HEIGHT = 540
MAX_HEIGHT = 1350  # Telegram shows up to 1280 px on a side without shrinking much
LABEL_CHARS = 26
UPPER_LEFT: Literal["upper left"] = "upper left"
TITLE_CHARS = 46  # bold 24 pt: about 21 px a character, within 1080 px
NOTE_CHARS = 90  # 14 pt
NOTE_LINE = 28  # pixels


def option_labels(versions: Sequence[PollResults]) -> list[str]:
    """Every option across the versions, in the order it first appears."""
    labels: list[str] = []
    for results in versions:
        for option in results.options:
            if option.label not in labels:
                labels.append(option.label)
    return labels


def bar_notes(versions: Sequence[PollResults], words: Words) -> list[list[str]]:
    """Per version, per option: "count (share)", or a mark that the version did not have it
    (in ``words``)."""
    labels = option_labels(versions)
    notes = []
    for results in versions:
        by_label = {o.label: o for o in results.options}
        notes.append(
            [
                words.say("POLL_NOT_IN_VERSION")
                if (o := by_label.get(label)) is None
                else f"{o.count} ({percent(o.share)})"
                for label in labels
            ]
        )
    return notes


def chart_notes(versions: Sequence[PollResults], words: Words) -> list[str]:
    """Lines under the legend that explain what the bars mean where it is not obvious."""
    return [words.say("POLL_SHARES_OF_VOTERS")] if any(r.multiple for r in versions) else []


def results_png(versions: Sequence[PollResults], words: Words, title: str | None = None) -> bytes:
    """A PNG: one group of bars per option, one bar per version (share of its voters); its
    words in ``words``."""
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
    explained = [
        w for note in chart_notes(versions, words) for w in textwrap.wrap(note, NOTE_CHARS)
    ]
    # The header (title, one legend line per version, the notes) is laid out in pixels.
    legend_top = 36 + 40 * len(heading) + 8
    notes_top = legend_top + 16 + 32 * count
    header = notes_top + NOTE_LINE * len(explained) + 16
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
    for v, (results, notes) in enumerate(zip(versions, bar_notes(versions, words), strict=True)):
        by_label = {o.label: o for o in results.options}
        ys = [i - group / 2 + bar * (v + 0.5) for i in range(len(labels))]
        # An option this version did not offer gets no bar, only the words saying so.
        widths = [by_label[x].share * 100 if x in by_label else 0.0 for x in labels]
        colour = VERSION_COLOURS[v % len(VERSION_COLOURS)]
        legend = words.say(
            "POLL_CHART_LEGEND",
            version=results.version,
            voters=results.voters,
            reached=results.reached,
        )
        axes.barh(ys, widths, height=bar * 0.9, color=colour, label=legend)
        for y, width, note, label in zip(ys, widths, notes, labels, strict=True):
            ink = INK if label in by_label else MUTED
            axes.text(width + 1, y, note, va="center", fontproperties=font(14), color=ink)
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
        bbox_to_anchor=(0.03, 1 - legend_top / height),
        frameon=False,
        prop=font(15),
    )
    for n, line in enumerate(explained):
        y = 1 - (notes_top + NOTE_LINE * n) / height
        figure.text(0.04, y, line, fontproperties=font(14), color=MUTED, va="top")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
