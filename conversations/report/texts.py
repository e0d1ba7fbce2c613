"""The summary report's words: headings, what each section shows and why, in plain English."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from conversations.journey.words import MONTHS
from conversations.polls.targets import Target

NOT_ENOUGH = "Not enough answers yet."
NO_IDEAS = "No ideas yet."
NOT_RECORDED = "not recorded"
THEMES_HEAD = "Recurring themes"
QUOTES_HEAD = "In their words"
NO_THEMES = "No word or phrase comes up in more than one answer yet."
NO_QUOTES = "No quotes: nobody who answered this has agreed to be quoted yet."
WHOLE_PROJECT = "whole project, all dates"

HOW_TO_READ = (
    "This report sums up what residents told the project through Tandem, a chat bot they"
    " answered on their phones, in their own time. Each section says what it counts.",
    "Themes are words or short phrases that came up in more than one answer, grouped so"
    " that forms of the same word count together (bus and buses). The number beside a theme"
    " is how many answers mention it; one answer can mention several themes.",
    "Quotes are a few answers chosen because they carry the main themes. They come only"
    " from people who agreed to be quoted, and appear under a code (like P-7F3K) instead"
    " of a name.",
    "Each share in the funnel says what it is a share of. Voice notes and photos are"
    " counted but not transcribed or shown.",
)
PRIVACY = (
    "Residents appear only under codes (pseudonyms), never by name or phone"
    " account. Quotes come only from people who agreed to be quoted. People who asked for"
    " their data to be erased are not included. Please share this report only with the"
    " people the project said would see what residents say."
)

FUNNEL_HEAD = "Who took part"
FUNNEL_WHY = (
    "How many people went from being invited to taking part, step by step. Big drops"
    " show where people were lost, and where the invitation or the bot could be easier."
)
FUNNEL_WHOLE = (
    "The first two steps cover the whole project and all dates: they cannot be split by"
    " group or date, so no share is worked out from them."
)
# Each step: its name, what it counts, and which earlier step its share is of (by index).
FUNNEL_STEPS = (
    ("Invited", "people the team invited, e.g. letters sent (from the project file)", None),
    ("Opened the invite", "times the invitation was opened in the bot, without knowing who", 0),
    ("Agreed to take part", "people who read why we ask and said yes", 1),
    ("Finished the conversation", "people who reached the end of the opening conversation", 2),
    ("Kept a diary", "diarists with at least one entry", 2),
    ("Answered a check-in", "people who answered at least one check-in question", 2),
)
# How a share names the step it is of.
FUNNEL_OF = ("of those invited", "of those who opened it", "of those taking part")

QUESTIONS_HEAD = "What people said, question by question"
QUESTIONS_WHY = (
    "The opening conversation asks about what people want to change in their lives and"
    " area, what gets in the way, what already helps and what they could offer. For each"
    " question: how many answered, the themes that recur, and a few answers in their words."
)
FOLLOW_UP = "Follow-up"
SKIPPED = "{count} skipped it."

IDEAS_HEAD = "Ideas from residents"
IDEAS_WHY = (
    "Ideas and topics residents raised themselves, at any time, without being asked."
    " They show what matters to people beyond our questions."
)

JOURNEY_HEAD = "Diaries: people's journeys through services"
JOURNEY_WHY = (
    "Diarists logged each contact with a service and how it felt, from very bad (1) to very"
    " good (5). Services are listed worst first, weighing how often they came up; the"
    " lowest moments, in people's words, show where services let people down."
)
NO_DIARY = "This project has no diary study."
NO_ENTRIES = "No diary entries yet."
LOWEST_HEAD = "Lowest moments, in people's words"
NO_LOWEST = "No low moments to quote: none from people who agreed to be quoted yet."

POLLS_HEAD = "Prototype polls"
POLLS_WHY = (
    "Early designs put to residents as polls, each with a \u201cwhy?\u201d question after the"
    " vote. A design refined and put again is a new version: versions sit side by side."
)
NO_POLLS = "No polls yet."
POLL_WHY_HEAD = "Why people voted as they did"

CHECKINS_HEAD = "Check-ins: is the service working?"
CHECKINS_WHY = (
    "Short questions asked on a schedule once a service runs: is it delivered as promised,"
    " is it working, is it making a difference. Scores are from 1 to 5; the trend shows"
    " whether things get better or worse from one round to the next."
)
NO_CHECKINS = "No check-ins yet."
CHANGES_HEAD = "Changes made to the service"

UPDATES_HEAD = "You said, we did"
UPDATES_WHY = (
    "Updates telling residents what was done with what they said. Each goes only to the"
    " people who contributed to what it is about; \u201creached\u201d counts the messages"
    " delivered."
)
NO_UPDATES = "No updates sent yet."

CONTENTS = (
    ("funnel", FUNNEL_HEAD),
    ("questions", QUESTIONS_HEAD),
    ("ideas", IDEAS_HEAD),
    ("journey", JOURNEY_HEAD),
    ("polls", POLLS_HEAD),
    ("checkins", CHECKINS_HEAD),
    ("updates", UPDATES_HEAD),
)


def long_day(day: date) -> str:
    """A day in words, e.g. "3 Mar 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def covered(since: float | None, until: float | None, zone: ZoneInfo) -> str:
    """The dates a report covers in words (``until`` is exclusive)."""
    start = long_day(datetime.fromtimestamp(since, zone).date()) if since is not None else None
    end = (
        long_day((datetime.fromtimestamp(until, zone) - timedelta(seconds=1)).date())
        if until is not None
        else None
    )
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"up to {end}"
    return "everything so far"


def cohort_words(cohort: Target | None) -> str:
    """Who a report covers in words."""
    if cohort is None or cohort.kind == "all":
        return "everyone taking part"
    if cohort.kind == "tag":
        return f"people tagged \u201c{cohort.key}\u201d"
    if cohort.kind == "joined":
        return f"people who joined with the code {cohort.key}"
    return str(cohort)


def generated(now: float, zone: ZoneInfo) -> str:
    """When a report was made, in the project's time zone."""
    moment = datetime.fromtimestamp(now, zone)
    return f"{long_day(moment.date())}, {moment:%H:%M} ({zone.key})"
