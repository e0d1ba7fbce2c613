"""Journeys and the project view in plain words: for screen readers, exports and captions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from conversations import catalogue
from conversations.i18n import dates
from conversations.i18n.words import Words, english
from conversations.journey.model import (
    PRIOR_CONTACTS,
    Journey,
    Moment,
    ServiceSummary,
    Touchpoint,
)

# The report's own month names, until it renders dates with conversations/i18n/dates.py.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUOTE_CHARS = 60
# What stands in for someone's words is kept as these English markers (a touchpoint's
# ``happened``) and put in the reader's language when shown (see quote).
MEDIA_WORDS = catalogue.JOURNEY_MEDIA
PLACEHOLDERS = {
    **{text: f"JOURNEY_MEDIA.{kind}" for kind, text in MEDIA_WORDS.items()},
    # A voice or photo answer to "what would have made it better?" (conversations/diary.py).
    **{f"[{kind}]": f"JOURNEY_MEDIA.{kind}" for kind in MEDIA_WORDS},
    catalogue.JOURNEY_NOTHING_SAID: "JOURNEY_NOTHING_SAID",
    catalogue.JOURNEY_NOT_QUOTED: "JOURNEY_NOT_QUOTED",
}


def day_label(day: date, words: Words | None = None) -> str:
    """A short day, e.g. "Mon 3 Mar" / "Llun, 3 Maw"."""
    return dates.day(day, (words or english()).lang)


def short_day(day: date, words: Words | None = None) -> str:
    """A day for an axis, e.g. "3 Mar" / "3 Maw"."""
    return dates.short_day(day, (words or english()).lang)


def when_label(when: datetime, words: Words | None = None) -> str:
    """A moment in the resident's own time, e.g. "Mon, 3 Mar 2025, 09:15"."""
    return dates.moment(when, (words or english()).lang)


def feeling_word(level: int, words: Words | None = None) -> str:
    """A feeling 1-5 in words, e.g. "Very bad" / "Gwael iawn"."""
    return (words or english()).say(f"JOURNEY_FEELINGS.{level}")


def flat(text: str) -> str:
    """Text on one line with runs of spaces collapsed."""
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """At most limit characters, cut at a word where possible, marked with an ellipsis."""
    text = flat(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Cut at a space only if that keeps most of the text (a long word stays cut mid-word).
    if " " in cut and cut.rindex(" ") > limit // 2:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def happened_words(kind: str | None, value: str | None, caption: str | None) -> str:
    """What happened, as a journey keeps it: their text, or "[photo]" and its caption."""
    if kind == "text" and value:
        return value
    placeholder = MEDIA_WORDS.get(kind or "", catalogue.JOURNEY_NOTHING_SAID)
    caption = flat(caption or "")
    return f"{placeholder} {caption}" if caption else placeholder


def quote(text: str, limit: int | None = QUOTE_CHARS, words: Words | None = None) -> str:
    """Their words in quotation marks; placeholders like "[voice note]" stay bare (and are
    put in the reader's language)."""
    words = words or english()
    text = flat(text)
    for placeholder, key in PLACEHOLDERS.items():
        # "[photo] the new ramp": the placeholder bare, the caption as their words.
        if text == placeholder:
            return words.say(key)
        if text.startswith(placeholder + " "):
            caption = text[len(placeholder) + 1 :]
            return f"{words.say(key)} “{caption if limit is None else shorten(caption, limit)}”"
    if limit is not None:
        text = shorten(text, limit)
    if text.startswith("[") and text.endswith("]"):
        return text
    return f"“{text}”"


def feeling_label(feeling: int, words: Words | None = None) -> str:
    """A feeling as words and number, e.g. "Bad (2 of 5)"."""
    words = words or english()
    return words.say("JOURNEY_FEELING_LABEL", feeling=feeling_word(feeling, words), level=feeling)


def journey_heading(journey: Journey, words: Words | None = None) -> str:
    """ "Your journey" or "Journey of P-7F3K"."""
    words = words or english()
    if journey.who == "You":
        return words.say("JOURNEY_YOURS")
    return words.say("JOURNEY_OF", who=journey.who)


def journey_summary(journey: Journey, words: Words | None = None) -> str:
    """One line: how many touchpoints over which days, and any quiet days."""
    words = words or english()
    points = journey.touchpoints
    if points:
        span = dates.days(points[0].when.date(), points[-1].when.date(), words.lang)
        parts = [words.plural("JOURNEY_TOUCHPOINTS_ON", len(points), days=span)]
    else:
        parts = [words.plural("JOURNEY_TOUCHPOINTS", 0)]
    if journey.quiet_days:
        parts.append(words.plural("JOURNEY_QUIET_DAYS", len(journey.quiet_days)))
    return "; ".join(parts)


def journey_text(journey: Journey, words: Words | None = None) -> str:
    """The whole journey in plain text, every touchpoint in time order with its feeling."""
    words = words or english()
    lines = [journey_heading(journey, words)]
    if not journey.touchpoints:
        lines.append(words.say("JOURNEY_NO_ENTRIES"))
        if journey.quiet_days:
            lines.append(journey_summary(journey, words) + ".")
        return "\n".join(lines) + "\n"
    lines += [journey_summary(journey, words), ""]
    for number, touchpoint in enumerate(journey.touchpoints, 1):
        lines.append(
            f"{number}. {when_label(touchpoint.when, words)} · {flat(touchpoint.service)} · "
            f"{feeling_label(touchpoint.feeling, words)}"
        )
        happened = quote(touchpoint.happened, None, words)
        lines.append("   " + words.say("JOURNEY_HAPPENED", words=happened))
        if touchpoint.better:
            better = quote(touchpoint.better, None, words)
            lines.append("   " + words.say("JOURNEY_BETTER", words=better))
    if journey.quiet_days:
        days = ", ".join(day_label(day, words) for day in journey.quiet_days)
        lines += ["", words.say("JOURNEY_DAYS_QUIET", days=days)]
    lines += ["", words.say("JOURNEY_LOWEST_LIST")]
    for number, touchpoint in enumerate(journey.lowest(), 1):
        lines.append(f"{number}. {lowest_line(touchpoint, QUOTE_CHARS, words)}")
    if not journey.lowest():
        lines.append(words.say("JOURNEY_NO_LOW"))
    return "\n".join(lines) + "\n"


def lowest_line(
    touchpoint: Touchpoint, limit: int | None = QUOTE_CHARS, words: Words | None = None
) -> str:
    """A low moment in brief: when, where, how it felt and their words."""
    words = words or english()
    return (
        f"{day_label(touchpoint.when.date(), words)}, {flat(touchpoint.service)}, "
        f"{feeling_word(touchpoint.feeling, words)}: {quote(touchpoint.happened, limit, words)}"
    )


def moment_line(moment: Moment, limit: int | None = QUOTE_CHARS, words: Words | None = None) -> str:
    """A low moment in the project view, with the pseudonym and never a name."""
    return f"{moment.who}, {lowest_line(moment.touchpoint, limit, words)}"


def service_line(summary: ServiceSummary, words: Words | None = None) -> str:
    """A service in brief, e.g. "GP surgery: 14 contacts, average 2.1 of 5 (Bad)"."""
    words = words or english()
    return words.plural(
        "JOURNEY_SERVICE_LINE",
        summary.count,
        service=summary.service,
        mean=dates.tenths(summary.mean_feeling, words.lang),
        feeling=feeling_word(summary.level, words),
    )


def project_text(summaries: Sequence[ServiceSummary], words: Words | None = None) -> str:
    """The project view in plain text: every service, worst first, with its lowest moments."""
    words = words or english()
    if not summaries:
        return words.say("JOURNEY_NO_ENTRIES") + "\n"
    total = sum(summary.count for summary in summaries)
    lines = [
        words.plural("JOURNEY_SERVICES_HEADING", total),
        words.say("JOURNEY_RANKING_RULE", prior=PRIOR_CONTACTS),
        "",
    ]
    for number, summary in enumerate(summaries, 1):
        lines.append(f"{number}. {service_line(summary, words)}")
        if summary.lowest:
            lines.append("   " + words.say("JOURNEY_LOWEST_LIST"))
            lines += [f"   - {moment_line(moment, None, words)}" for moment in summary.lowest]
    if not any(summary.lowest for summary in summaries):
        lines += ["", words.say("JOURNEY_NO_LOW_ANYWHERE")]
    return "\n".join(lines) + "\n"
