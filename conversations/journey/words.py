"""Journeys and the project view in plain words: for screen readers, exports and captions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from conversations.journey.model import (
    FEELINGS,
    PRIOR_CONTACTS,
    Journey,
    Moment,
    ServiceSummary,
    Touchpoint,
)

# Fixed English names, so output never depends on the host's locale.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUOTE_CHARS = 60
MEDIA_WORDS = {"voice": "[voice note]", "photo": "[photo]"}
NOTHING_SAID = "[nothing said]"
EMPTY = "No diary entries yet."
NO_LOW = "None: no entry felt bad or very bad."
NO_LOW_ANYWHERE = "Lowest moments: none, no entry felt bad or very bad."
RANKING_RULE = (
    "Worst first: by average feeling, counting each service as if it also had "
    f'{PRIOR_CONTACTS} "OK" contacts, so services that feel bad and happen often come first.'
)


def plural(count: int, noun: str) -> str:
    """A count with its noun, e.g. "1 contact", "3 contacts"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def day_label(day: date) -> str:
    """A short day, e.g. "Mon 3 Mar"."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def short_day(day: date) -> str:
    """A day for an axis, e.g. "3 Mar"."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def when_label(when: datetime) -> str:
    """A moment in the resident's own time, e.g. "Mon 3 Mar 2025, 09:15"."""
    return f"{day_label(when.date())} {when.year}, {when:%H:%M}"


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
    """What happened, as a journey shows it: their text, or "[photo]" and its caption."""
    if kind == "text" and value:
        return value
    placeholder = MEDIA_WORDS.get(kind or "", NOTHING_SAID)
    caption = flat(caption or "")
    return f"{placeholder} {caption}" if caption else placeholder


def quote(text: str, limit: int | None = QUOTE_CHARS) -> str:
    """Their words in quotation marks; placeholders like "[voice note]" stay bare."""
    text = flat(text) if limit is None else shorten(text, limit)
    for placeholder in MEDIA_WORDS.values():
        # "[photo] the new ramp": the placeholder bare, the caption as their words.
        if text.startswith(placeholder + " "):
            return f"{placeholder} “{text[len(placeholder) + 1 :]}”"
    if text.startswith("[") and text.endswith("]"):
        return text
    return f"“{text}”"


def feeling_label(feeling: int) -> str:
    """A feeling as words and number, e.g. "Bad (2 of 5)"."""
    return f"{FEELINGS[feeling]} ({feeling} of 5)"


def _span(touchpoints: Sequence[Touchpoint]) -> str:
    first, last = touchpoints[0].when.date(), touchpoints[-1].when.date()
    if first == last:
        return f"{day_label(first)} {first.year}"
    return f"{day_label(first)} to {day_label(last)} {last.year}"


def journey_heading(journey: Journey) -> str:
    """ "Your journey" or "Journey of P-7F3K"."""
    return "Your journey" if journey.who == "You" else f"Journey of {journey.who}"


def journey_summary(journey: Journey) -> str:
    """One line: how many touchpoints over which days, and any quiet days."""
    parts = [plural(len(journey.touchpoints), "touchpoint")]
    if journey.touchpoints:
        parts[0] += f", {_span(journey.touchpoints)}"
    if journey.quiet_days:
        parts.append(f"{plural(len(journey.quiet_days), 'day')} with nothing to report")
    return "; ".join(parts)


def journey_text(journey: Journey) -> str:
    """The whole journey in plain text, every touchpoint in time order with its feeling."""
    lines = [journey_heading(journey)]
    if not journey.touchpoints:
        lines.append(EMPTY)
        if journey.quiet_days:
            lines.append(journey_summary(journey) + ".")
        return "\n".join(lines) + "\n"
    lines += [journey_summary(journey), ""]
    for number, touchpoint in enumerate(journey.touchpoints, 1):
        lines.append(
            f"{number}. {when_label(touchpoint.when)} · {flat(touchpoint.service)} · "
            f"{feeling_label(touchpoint.feeling)}"
        )
        lines.append(f"   What happened: {quote(touchpoint.happened, None)}")
        if touchpoint.better:
            lines.append(f"   What would have made it better: {quote(touchpoint.better, None)}")
    if journey.quiet_days:
        days = ", ".join(day_label(day) for day in journey.quiet_days)
        lines += ["", f"Days with nothing to report: {days}"]
    lines += ["", "Lowest moments:"]
    for number, touchpoint in enumerate(journey.lowest(), 1):
        lines.append(f"{number}. {lowest_line(touchpoint)}")
    if not journey.lowest():
        lines.append(NO_LOW)
    return "\n".join(lines) + "\n"


def lowest_line(touchpoint: Touchpoint, limit: int | None = QUOTE_CHARS) -> str:
    """A low moment in brief: when, where, how it felt and their words."""
    return (
        f"{day_label(touchpoint.when.date())}, {flat(touchpoint.service)}, "
        f"{touchpoint.feeling_word}: {quote(touchpoint.happened, limit)}"
    )


def moment_line(moment: Moment, limit: int | None = QUOTE_CHARS) -> str:
    """A low moment in the project view, with the pseudonym and never a name."""
    return f"{moment.who}, {lowest_line(moment.touchpoint, limit)}"


def service_line(summary: ServiceSummary) -> str:
    """A service in brief, e.g. "GP surgery: 14 contacts, average 2.1 of 5 (Bad)"."""
    contacts = plural(summary.count, "contact")
    return (
        f"{summary.service}: {contacts}, average {summary.mean_feeling:.1f} of 5 "
        f"({summary.feeling_word})"
    )


def project_text(summaries: Sequence[ServiceSummary]) -> str:
    """The project view in plain text: every service, worst first, with its lowest moments."""
    if not summaries:
        return EMPTY + "\n"
    total = sum(summary.count for summary in summaries)
    lines = [f"Services in people's diaries ({plural(total, 'touchpoint')})", RANKING_RULE, ""]
    for number, summary in enumerate(summaries, 1):
        lines.append(f"{number}. {service_line(summary)}")
        if summary.lowest:
            lines.append("   Lowest moments:")
            lines += [f"   - {moment_line(moment, None)}" for moment in summary.lowest]
    if not any(summary.lowest for summary in summaries):
        lines += ["", NO_LOW_ANYWHERE]
    return "\n".join(lines) + "\n"
