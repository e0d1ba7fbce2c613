"""One resident's journey as a picture: touchpoints on a timeline, the low points called out."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from conversations.i18n.words import Words, english
from conversations.journey.drawing import (
    DPI,
    FAINT,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    PALETTE,
    WIDTH,
    Page,
    empty_page,
    font,
    printable,
)
from conversations.journey.model import FEELINGS, Journey, Touchpoint
from conversations.journey.words import (
    QUOTE_CHARS,
    day_label,
    feeling_word,
    journey_heading,
    journey_summary,
    quote,
    short_day,
    shorten,
)

TEXT_SIZE = 22
LABEL_SIZE = 18
LABEL_CHARS = 22
MAX_DATE_TICKS = 5
CALLED_OUT = 3
# Where a name may sit, tried in turn: (dx, dy) in points from its point, and alignment.
PLACES = (
    (0, 16, "center", "bottom"),
    (0, -16, "center", "top"),
    (-8, 16, "left", "bottom"),
    (8, 16, "right", "bottom"),
    (-8, -16, "left", "top"),
    (8, -16, "right", "top"),
)
MIN_SPAN = timedelta(days=3)
QUIET_LEVEL = 0
INDENT = MARGIN + 56  # the lowest moments' words sit right of their numbered badges
GAP = 0.3  # between lines, as a fraction of the font size
# Fixed heights in pixels: the date labels under the chart, the "Lowest moments" heading
# and the note about hidden names (reserved even when absent, so layouts stay alike).
DATES_HEIGHT = 64
HEADING_HEIGHT = 26 * DPI / 72 * 1.35 + 6
FOOTNOTE_HEIGHT = 40  # the row below "Very bad" where "nothing today" days sit


class Line(NamedTuple):
    """A line of the lowest-moments block, measured before anything is drawn."""

    text: str
    size: float
    bold: bool = False
    colour: str = INK


def journey_png(journey: Journey, title: str, words: Words | None = None) -> bytes:
    """The journey as a 1080 x 1350 PNG (a small one when there is nothing to draw yet)."""
    return journey_page(journey, title, words).png()


def journey_page(journey: Journey, title: str, words: Words | None = None) -> Page:
    """The journey drawn on a page, in the reader's words (English if not given)."""
    words = words or english()
    if not journey.touchpoints:
        detail = journey_summary(journey, words) if journey.quiet_days else None
        return empty_page(title, words.say("JOURNEY_NO_ENTRIES"), detail)
    page = Page()
    subtitle = f"{journey_heading(journey, words)}: {journey_summary(journey, words)}"
    page.titles(title, subtitle, TEXT_SIZE)
    lowest = journey.lowest(CALLED_OUT)
    # The words below are laid out first, so the chart takes whatever height is left.
    blocks = _callout_blocks(page, lowest, words)
    none = [] if lowest else [Line(words.say("JOURNEY_NO_LOW"), TEXT_SIZE, colour=MUTED)]
    words_height = HEADING_HEIGHT + sum(_height(line) for b in [*blocks, none] for line in b)
    chart_bottom = HEIGHT - MARGIN - FOOTNOTE_HEIGHT - words_height - DATES_HEIGHT
    hidden = _draw_chart(page, journey, lowest, page.y + 24, chart_bottom, words)
    page.y = chart_bottom + DATES_HEIGHT
    page.line(words.say("JOURNEY_LOWEST"), 26, bold=True)
    page.y += 6
    for number, (touchpoint, block) in enumerate(zip(lowest, blocks, strict=True), 1):
        page.badge(number, MARGIN + 20, page.y + 15, touchpoint.feeling, 18)
        for line in block:
            page.line(line.text, line.size, x=INDENT, bold=line.bold, color=line.colour, gap=GAP)
    for line in none:
        page.line(line.text, line.size, color=line.colour, gap=GAP)
    if hidden:
        page.y = HEIGHT - MARGIN - FOOTNOTE_HEIGHT + 8
        page.line(words.say("JOURNEY_NOT_ALL_NAMED"), 16, color=MUTED)
    return page


def _height(line: Line) -> float:
    return line.size * DPI / 72 * (1 + GAP)


def _callout_blocks(page: Page, lowest: tuple[Touchpoint, ...], words: Words) -> list[list[Line]]:
    """Each low moment as lines: when, feeling and where; their words; what would help."""
    width = WIDTH - INDENT - MARGIN
    blocks = []
    for touchpoint in lowest:
        day = day_label(touchpoint.when.date(), words)
        head = f"{day} · {feeling_word(touchpoint.feeling, words)} · {touchpoint.service}"
        block = [Line(t, TEXT_SIZE, bold=True) for t in page.wrap(head, TEXT_SIZE, width, 1, True)]
        said = quote(touchpoint.happened, QUOTE_CHARS, words)
        block += [Line(t, TEXT_SIZE) for t in page.wrap(said, TEXT_SIZE, width, 2)]
        if touchpoint.better:
            better = words.say("JOURNEY_BETTER_IF", words=shorten(touchpoint.better, QUOTE_CHARS))
            block += [Line(t, 19, colour=MUTED) for t in page.wrap(better, 19, width, 1)]
        blocks.append(block)
    return blocks


def _naive(when: datetime) -> datetime:
    # The resident's wall-clock time; matplotlib would otherwise shift aware times to UTC.
    return when.replace(tzinfo=None)


def _draw_chart(
    page: Page,
    journey: Journey,
    lowest: tuple[Touchpoint, ...],
    top: float,
    bottom: float,
    words: Words,
) -> bool:
    """Feeling over time with a line through it; returns whether some names were left off."""
    from matplotlib import dates

    points = journey.touchpoints
    quiet = bool(journey.quiet_days)
    levels = [QUIET_LEVEL, *FEELINGS] if quiet else list(FEELINGS)
    feelings = [feeling_word(level, words) for level in FEELINGS]
    labels = [words.say("JOURNEY_NOTHING_TODAY"), *feelings] if quiet else feelings
    left = MARGIN + max(page.text_width(w, 20) for w in feelings) + 18
    right = WIDTH - MARGIN
    x0, y0 = page.frac(left, bottom)
    x1, y1 = page.frac(right, top)
    ax = page.figure.add_axes((x0, y0, x1 - x0, y1 - y0))
    first, last = points[0].when.date(), points[-1].when.date()
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last, datetime.min.time()) + timedelta(days=1)
    if end - start < MIN_SPAN:
        # A day or two would pin late-evening points to the edge: centre them in a wider view.
        widen = (MIN_SPAN - (end - start)) / 2
        start, end = start - widen, end + widen
    pad = (end - start) * 0.04
    ax.set_xlim(dates.date2num(start - pad), dates.date2num(end + pad))
    ax.set_ylim(min(levels) - 0.45, 5.75)
    # Shade the low band, where the service is failing people.
    ax.axhspan(0.5, 2.5, color=PALETTE[1], alpha=0.07, lw=0, zorder=0)
    days = (last - first).days + 1
    step = max(1, math.ceil(days / MAX_DATE_TICKS))
    ticks = [first + timedelta(days=d) for d in range(0, days, step)]
    ax.set_xticks(
        [
            dates.date2num(datetime.combine(d, datetime.min.time()) + timedelta(hours=12))
            for d in ticks
        ],
        [short_day(d, words) for d in ticks],
        fontproperties=font(20),
        color=INK,
    )
    ax.set_yticks(levels, labels, fontproperties=font(20), color=INK)
    if quiet:
        ax.get_yticklabels()[0].set_color(MUTED)
    ax.tick_params(length=0, pad=10)
    ax.grid(axis="y", color=FAINT, lw=1.5)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(MUTED)
    xs = [dates.date2num(_naive(p.when)) for p in points]
    ys = [p.feeling for p in points]
    ax.plot(xs, ys, color="#8A8A8A", lw=2.5, zorder=2, solid_joinstyle="round")
    size = 260 if len(points) <= 20 else 150
    ax.scatter(xs, ys, s=size, c=[PALETTE[y] for y in ys], edgecolors=INK, lw=1.5, zorder=3)
    if quiet:
        noon = [
            dates.date2num(datetime.combine(d, datetime.min.time()) + timedelta(hours=12))
            for d in journey.quiet_days
        ]
        ax.scatter(
            noon,
            [QUIET_LEVEL] * len(noon),
            s=120,
            facecolors="white",
            edgecolors=MUTED,
            lw=2,
            zorder=3,
        )
    index = {id(p): i for i, p in enumerate(points)}
    for number, touchpoint in enumerate(lowest, 1):
        i = index[id(touchpoint)]
        ax.text(
            xs[i],
            ys[i],
            str(number),
            fontproperties=font(18, bold=True),
            color=INK,
            ha="center",
            va="center",
            zorder=5,
            bbox={"boxstyle": "circle,pad=0.3", "fc": PALETTE[ys[i]], "ec": INK, "lw": 2},
        )
    order = _label_order(points, [index[id(t)] for t in lowest])
    return _place_labels(page, ax, points, xs, ys, order) < len(points)


def _label_order(points: tuple[Touchpoint, ...], first: list[int]) -> list[int]:
    """Which points get a name first: the called-out lows, the best, then spread in time."""
    best = max(range(len(points)), key=lambda i: (points[i].feeling, -i))
    order = [*first, best]
    # Bit-reversed order visits the timeline evenly (1/2, 1/4, 3/4, ...) instead of
    # crowding the start, so thinned names are spread across the weeks.
    bits = max(1, (len(points) - 1).bit_length())
    spread = sorted(range(len(points)), key=lambda i: int(f"{i:0{bits}b}"[::-1], 2))
    return list(dict.fromkeys([*order, *spread]))  # first mention wins, duplicates dropped


def _place_labels(
    page: Page,
    ax: Any,
    points: tuple[Touchpoint, ...],
    xs: list[float],
    ys: list[int],
    order: list[int],
) -> int:
    """Name as many points as fit without overlapping; returns how many were named."""
    from matplotlib.transforms import Bbox

    frame = ax.get_window_extent(page.renderer)
    centres = ax.transData.transform(list(zip(xs, ys, strict=True)))
    radius = 12
    # Every marker is an obstacle, so a name never hides another touchpoint.
    taken = [
        Bbox.from_extents(cx - radius, cy - radius, cx + radius, cy + radius) for cx, cy in centres
    ]
    # The white box behind a name, plus a little air, in pixels.
    pad = LABEL_SIZE * DPI / 72 * 0.2 + 4
    sizes: dict[str, tuple[float, float]] = {}
    named = 0
    for i in order:
        text = printable(shorten(points[i].service, LABEL_CHARS))
        # Candidate boxes come from one measurement per service name rather than from
        # drawing each candidate: measuring text is most of what a 60-point journey costs.
        if text not in sizes:
            measured = page.renderer.get_text_width_height_descent(
                text, font(LABEL_SIZE), ismath=False
            )
            sizes[text] = measured[0], measured[1]
        width, height = sizes[text]
        cx, cy = centres[i]
        for dx, dy, ha, va in PLACES:
            x = cx + dx * DPI / 72 - {"center": width / 2, "left": 0, "right": width}[ha]
            y = cy + dy * DPI / 72 - (height if va == "top" else 0)
            box = Bbox.from_extents(x - pad, y - pad, x + width + pad, y + height + pad)
            if (
                frame.x0 <= box.x0
                and box.x1 <= frame.x1
                and frame.y0 <= box.y0
                and box.y1 <= frame.y1
                and not any(box.overlaps(t) for t in taken)
            ):
                ax.annotate(
                    text,
                    (xs[i], ys[i]),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    fontproperties=font(LABEL_SIZE),
                    color=INK,
                    zorder=4,
                    annotation_clip=False,
                    parse_math=False,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
                )
                taken.append(box)
                named += 1
                break
    return named
