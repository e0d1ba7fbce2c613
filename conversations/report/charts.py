"""The report's pictures: the funnel drawn here, the rest by the charts the bot already sends.

Every chart comes with alt text; the same numbers are always in a table beside it.
matplotlib is used through Figure and the Agg canvas only (never pyplot), like the others.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from conversations.checkins.chart import trend_png
from conversations.i18n.words import Words
from conversations.journey import project_png, project_text
from conversations.journey.drawing import BACKGROUND, DPI, INK, MUTED, WIDTH, font, printable
from conversations.polls.chart import results_png
from conversations.report.journey import JourneyView
from conversations.report.model import CheckinReport, FunnelStep, PollFamily
from conversations.report.texts import number

FUNNEL_COLOUR = "#0072B2"
ALT_CHARS = 1500


@dataclass(frozen=True, slots=True)
class Chart:
    """A PNG and the words that stand in for it."""

    png: bytes
    alt: str


def funnel_chart(steps: Sequence[FunnelStep], words: Words) -> Chart | None:
    """Horizontal bars, one per recorded step, longest first in the order people go through."""
    shown = [s for s in steps if s.count is not None]
    if not shown or not any(s.count for s in shown):
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = 160 + 70 * len(shown)
    figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI)
    figure.set_facecolor(BACKGROUND)
    FigureCanvasAgg(figure)
    figure.text(
        0.04,
        1 - 30 / height,
        words.say("REPORT_FUNNEL_HEAD"),
        fontproperties=font(24, True),
        color=INK,
        va="top",
    )
    axes = figure.add_axes((0.3, 40 / height, 0.62, 1 - 130 / height))
    counts = [s.count or 0 for s in shown]
    top = max(counts)
    axes.barh(range(len(shown)), counts, color=FUNNEL_COLOUR, height=0.6)
    for n, count in enumerate(counts):
        axes.text(
            count + top * 0.01,
            n,
            number(count, words),
            va="center",
            fontproperties=font(15),
            color=INK,
        )
    axes.set_yticks(range(len(shown)))
    axes.set_yticklabels([textwrap.fill(s.label, 22) for s in shown], fontproperties=font(15))
    axes.set_ylim(len(shown) - 0.5, -0.5)
    axes.set_xlim(0, top * 1.15)
    axes.set_xticks([])
    axes.tick_params(colors=MUTED)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    items = [
        words.say("REPORT_CHART_ITEM", label=s.label, count=number(s.count or 0, words))
        for s in shown
    ]
    alt = words.say("REPORT_FUNNEL_ALT", steps="; ".join(items))
    return Chart(buffer.getvalue(), alt)


def poll_chart(family: PollFamily, words: Words) -> Chart | None:
    """Votes per option, versions side by side (the chart /results sends)."""
    if not any(r.voters for r in family.versions):
        return None
    versions = [
        words.say(
            "REPORT_POLL_ALT_VERSION",
            version=r.version,
            options=", ".join(
                words.say("REPORT_CHART_ITEM", label=o.label, count=number(o.count, words))
                for o in r.options
            ),
        )
        for r in family.versions
    ]
    alt = words.say(
        "REPORT_POLL_ALT", question=printable(family.question), versions="; ".join(versions)
    )
    return Chart(results_png(family.versions, words, family.question), _short(alt))


def trend_chart(report: CheckinReport, words: Words) -> Chart | None:
    """Mean scores and response rate per round, changes marked (the chart /checkin sends)."""
    if not report.cycles:
        return None
    rounds = len(report.cycles)
    alt = words.plural(
        "REPORT_TREND_ALT",
        rounds,
        title=report.definition.title,
        number=number(rounds, words),
    )
    return Chart(trend_png(report.definition, report.cycles, report.changes), alt)


def journey_chart(view: JourneyView, title: str) -> Chart | None:
    """Services as bars of mean feeling, worst first, with lowest moments (the /journey view)."""
    if not view.services:
        return None
    png = trimmed(project_png(view.services, title))
    return Chart(png, _short(project_text(view.services)))


def trimmed(png: bytes, margin: int = 48) -> bytes:
    """The picture without the empty space below its content (a page drawn for a phone)."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB")  # an RGBA box would be the alpha channel's: all of it
        plain = Image.new("RGB", image.size, colours.getpixel((0, 0)))
        box = ImageChops.difference(colours, plain).getbbox()
        if box is None or box[3] + margin >= image.height:
            return png
        buffer = io.BytesIO()
        image.crop((0, 0, image.width, box[3] + margin)).save(buffer, format="PNG")
    return buffer.getvalue()


def _short(text: str) -> str:
    return textwrap.shorten(" ".join(text.split()), ALT_CHARS, placeholder="…")
