"""The project-wide view as a picture: services as bars, worst first, then people's words."""

from __future__ import annotations

from collections.abc import Sequence

from conversations.i18n import dates
from conversations.i18n.words import Words, english
from conversations.journey import drawing
from conversations.journey.drawing import MARGIN, MUTED, WIDTH, Page, empty_png, font
from conversations.journey.model import Moment, ServiceSummary
from conversations.journey.words import QUOTE_CHARS, day_label, feeling_word, quote

MAX_SERVICES = 6
MAX_MOMENTS = 4
BAR = 30  # pixels
ROW_GAP = 26
TEXT_SIZE = 22


def project_png(
    summaries: Sequence[ServiceSummary], title: str, words: Words | None = None
) -> bytes:
    """A 1080 x 1350 PNG: bars of mean feeling, worst at top, then people's lowest moments."""
    words = words or english()
    if not summaries:
        return empty_png(title, words.say("JOURNEY_NO_ENTRIES"))
    page = Page()
    total = sum(summary.count for summary in summaries)
    subtitle = words.say(
        "JOURNEY_PROJECT_SUBTITLE",
        touchpoints=words.plural("JOURNEY_TOUCHPOINTS", total),
        services=words.plural("JOURNEY_SERVICES", len(summaries)),
    )
    page.titles(title, subtitle, TEXT_SIZE)
    page.y += 24
    shown = list(summaries[:MAX_SERVICES])
    for number, summary in enumerate(shown):
        if number:
            page.y += ROW_GAP
        _bar(page, summary, words)
    _scale(page, words)
    if len(summaries) > len(shown):
        more = words.plural("JOURNEY_MORE_SERVICES", len(summaries) - len(shown))
        page.line(more, 19, color=MUTED)
    page.y += 20
    _moments(page, shown, words)
    return page.png()


def _bar_x(feeling: float) -> float:
    # The scale runs from "Very bad" (1) at the left margin to "Very good" (5) at the right.
    return MARGIN + (feeling - 1) / 4 * (WIDTH - 2 * MARGIN)


def _bar(page: Page, summary: ServiceSummary, words: Words) -> None:
    """A service's name and numbers, then a bar as long as its mean feeling on a 1-5 track."""
    from matplotlib.patches import Rectangle

    numbers = words.plural(
        "JOURNEY_BAR_NUMBERS",
        summary.count,
        mean=dates.tenths(summary.mean_feeling, words.lang),
        feeling=feeling_word(summary.level, words),
    )
    name_width = WIDTH - 2 * MARGIN - page.text_width(numbers, TEXT_SIZE) - 24
    name = page.wrap(summary.service, TEXT_SIZE, name_width, 1, bold=True)[0]
    top = page.y
    page.line(name, TEXT_SIZE, bold=True, gap=0.25)
    page.figure.text(
        *page.frac(WIDTH - MARGIN, top),
        numbers,
        fontproperties=font(TEXT_SIZE),
        color=drawing.INK,
        ha="right",
        va="top",
    )
    colour = drawing.PALETTE[summary.level]
    # A minimum length keeps a mean of exactly 1 visible as a stub.
    end = max(_bar_x(summary.mean_feeling), _bar_x(1) + 14)
    for x1, fill, edge in ((_bar_x(5), drawing.FAINT, "none"), (end, colour, drawing.INK)):
        (fx0, fy0), (fx1, fy1) = page.frac(_bar_x(1), page.y + BAR), page.frac(x1, page.y)
        page.figure.patches.append(
            Rectangle(
                (fx0, fy0),
                fx1 - fx0,
                fy1 - fy0,
                transform=page.figure.transFigure,
                fc=fill,
                ec=edge,
                lw=1.2,
                figure=page.figure,
            )
        )
    page.y += BAR + 8


def _scale(page: Page, words: Words) -> None:
    """The two ends of the track, named once under the last bar."""
    top = page.y
    page.line(words.say("JOURNEY_SCALE_WORST", feeling=feeling_word(1, words)), 18, color=MUTED)
    page.figure.text(
        *page.frac(WIDTH - MARGIN, top),
        words.say("JOURNEY_SCALE_BEST", feeling=feeling_word(5, words)),
        fontproperties=font(18),
        color=MUTED,
        ha="right",
        va="top",
    )


def _moments(page: Page, shown: list[ServiceSummary], words: Words) -> None:
    """The worst moment of each service shown, in people's words, while there is room."""
    page.line(words.say("JOURNEY_PEOPLES_LOWEST"), 26, bold=True)
    page.y += 6
    width = WIDTH - 2 * MARGIN
    moments: list[Moment] = [s.lowest[0] for s in shown if s.lowest][:MAX_MOMENTS]
    if not moments:
        page.line(words.say("JOURNEY_NO_LOW"), 20, color=MUTED)
    for moment in moments:
        touchpoint = moment.touchpoint
        head = (
            f"{moment.who} · {touchpoint.service} · {feeling_word(touchpoint.feeling, words)} · "
            f"{day_label(touchpoint.when.date(), words)}"
        )
        said = quote(touchpoint.happened, QUOTE_CHARS, words)
        block = [(t, True) for t in page.wrap(head, 20, width, 1, bold=True)]
        block += [(t, False) for t in page.wrap(said, 20, width, 2)]
        needed = len(block) * 20 * drawing.DPI / 72 * 1.3 + 14
        if page.y + needed > drawing.HEIGHT - MARGIN:
            break
        for text, bold in block:
            page.line(text, 20, bold=bold, gap=0.3)
        page.y += 14
