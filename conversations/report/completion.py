"""The report's diary completion section: a chart of prompts answered by day of the study
(with the 75% pooled figure and the 80% target as reference lines) and two tables."""

from __future__ import annotations

import io
from functools import partial
from typing import TYPE_CHECKING

from conversations.diary_completion import POOLED, TARGET, Completion
from conversations.i18n.words import Words
from conversations.journey.drawing import BACKGROUND, DPI, INK, MUTED, WIDTH, font, printable
from conversations.report.charts import Chart
from conversations.report.tables import NONE, Table, out_of
from conversations.report.texts import counted, number, percent

if TYPE_CHECKING:
    from conversations.report.compose import Writer

ANSWERED_COLOUR = "#0072B2"
STILL_COLOUR = "#E69F00"
TARGET_COLOUR = "#009E73"
HEIGHT = 620


def _rate(share: float | None, words: Words) -> str:
    return NONE if share is None else percent(share, words)


def completion_chart(figures: Completion, words: Words) -> Chart | None:
    """Share of prompts answered, and of people still answering, on each day of the study."""
    days = [d for d in figures.days if d.sent or d.reached]
    if not days:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def label(key: str) -> str:
        return printable(words.say(f"REPORT_COMPLETION_CHART.{key}"))

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    figure.set_facecolor(BACKGROUND)
    FigureCanvasAgg(figure)
    figure.text(
        0.04, 1 - 30 / HEIGHT, label("title"), fontproperties=font(22, True), color=INK, va="top"
    )
    axes = figure.add_axes((0.1, 0.14, 0.86, 0.66))
    xs = [d.day for d in days]
    answered = [100 * d.rate if d.rate is not None else float("nan") for d in days]
    still = [100 * d.still if d.still is not None else float("nan") for d in days]
    axes.plot(xs, answered, color=ANSWERED_COLOUR, marker="o", linewidth=3, label=label("answered"))
    axes.plot(xs, still, color=STILL_COLOUR, marker="s", linestyle="--", label=label("still"))
    axes.axhline(100 * POOLED, color=MUTED, linestyle=":", linewidth=2, label=label("pooled"))
    axes.axhline(
        100 * TARGET, color=TARGET_COLOUR, linestyle="-.", linewidth=2, label=label("target")
    )
    axes.set_ylim(0, 105)
    axes.set_xlim(0.5, max(xs) + 0.5)
    axes.set_xticks(xs)
    axes.set_xticklabels([number(x, words) for x in xs], fontproperties=font(12))
    axes.set_yticks([0, 25, 50, 75, 100])
    axes.set_yticklabels(
        [percent(y / 100, words) for y in (0, 25, 50, 75, 100)], fontproperties=font(12)
    )
    axes.set_xlabel(label("axis"), fontproperties=font(14), color=MUTED)
    axes.tick_params(colors=MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(
        prop=font(12),
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=2,
        frameon=False,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    alt = words.say(
        "REPORT_COMPLETION_ALT",
        days="; ".join(
            words.say(
                "REPORT_COMPLETION_ALT_DAY", day=number(d.day, words), rate=_rate(d.rate, words)
            )
            for d in days
        ),
    )
    return Chart(buffer.getvalue(), alt[:1500])


def days_table(figures: Completion, words: Words) -> Table:
    """Each day of the study: prompts sent, answered, the share, and people still answering."""
    head = tuple(
        words.say(f"REPORT_COMPLETION_DAYS_TABLE.{k}")
        for k in ("day", "sent", "answered", "rate", "still")
    )
    rows: list[tuple[str, ...]] = [
        (
            number(d.day, words),
            number(d.sent, words),
            number(d.answered, words),
            _rate(d.rate, words),
            out_of(d.answering, d.reached, words),
        )
        for d in figures.days
    ]
    return head, rows


def people_table(figures: Completion, words: Words) -> Table:
    """How many diarists answered 80% or more, 50% to 79%, and under 50% of their prompts
    (counts only: the report names nobody who did not agree to be quoted)."""
    rates = [p.rate for p in figures.people if p.rate is not None]
    bands = (
        ("high", sum(r >= TARGET for r in rates)),
        ("middle", sum(0.5 <= r < TARGET for r in rates)),
        ("low", sum(r < 0.5 for r in rates)),
    )
    head = (words.say("REPORT_COMPLETION_BANDS.band"), words.say("REPORT_COMPLETION_BANDS.people"))
    rows: list[tuple[str, ...]] = [
        (words.say(f"REPORT_COMPLETION_BANDS.{band}"), out_of(n, len(rates), words))
        for band, n in bands
    ]
    return head, rows


def section(figures: Completion | None, out: Writer, words: Words) -> None:
    """The whole section (said plainly when no prompt has gone out)."""
    out.section("completion", words.say("REPORT_COMPLETION_HEAD"))
    out.para(words.say("REPORT_COMPLETION_WHY"), note=True)
    if figures is None or not figures.sent:
        out.para(words.say("REPORT_NO_COMPLETION"))
        return
    out.para(
        words.say(
            "REPORT_COMPLETION_LINE",
            answered=number(figures.answered, words),
            sent=number(figures.sent, words),
            rate=_rate(figures.rate, words),
            entries=counted(words, "DIARY_COMPLETION_ENTRIES", figures.entries),
            people=counted(words, "DIARY_COMPLETION_PEOPLE", len(figures.people)),
        )
    )
    out.chart(partial(completion_chart, figures, words))
    out.table(days_table(figures, words), words.say("REPORT_COMPLETION_DAYS_CAPTION"))
    out.table(people_table(figures, words), words.say("REPORT_COMPLETION_PEOPLE_CAPTION"))
