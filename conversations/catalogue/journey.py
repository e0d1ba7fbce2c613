"""What a journey map says, in its picture and its text version: a resident's own journey
(/journey) and the project-wide view staff see (and the report draws)."""

from __future__ import annotations

# How a contact felt, 1 (worst) to 5 (best): the chart's axis, the lists and the tables.
JOURNEY_FEELINGS = {1: "Very bad", 2: "Bad", 3: "OK", 4: "Good", 5: "Very good"}
JOURNEY_FEELING_LABEL = "{feeling} ({level} of 5)"
JOURNEY_YOURS = "Your journey"
JOURNEY_OF = "Journey of {who}"
JOURNEY_TOUCHPOINTS = ("{count} touchpoint", "{count} touchpoints")
# {days}: one day ("Mon, 3 Mar 2025") or a span ("Mon, 3 Mar – Wed, 5 Mar 2025").
JOURNEY_TOUCHPOINTS_ON = ("{count} touchpoint, {days}", "{count} touchpoints, {days}")
JOURNEY_QUIET_DAYS = ("{count} day with nothing to report", "{count} days with nothing to report")
JOURNEY_NO_ENTRIES = "No diary entries yet."
JOURNEY_NO_LOW = "None: no entry felt bad or very bad."
JOURNEY_NO_LOW_ANYWHERE = "Lowest moments: none, no entry felt bad or very bad."
JOURNEY_LOWEST = "Lowest moments"
JOURNEY_LOWEST_LIST = "Lowest moments:"
JOURNEY_HAPPENED = "What happened: {words}"
JOURNEY_BETTER = "What would have made it better: {words}"
JOURNEY_BETTER_IF = "Better if: {words}"
JOURNEY_DAYS_QUIET = "Days with nothing to report: {days}"
# The chart's row for days answered "nothing today" (two short lines beside the axis).
JOURNEY_NOTHING_TODAY = "Nothing\ntoday"
JOURNEY_NOT_ALL_NAMED = (
    "Not every point is named, to keep it readable: the text version lists them all."
)
# What stands in for someone's words: their voice note or photo (a caption follows in
# quotation marks), nothing at all, or words they did not agree to have quoted.
JOURNEY_MEDIA = {"voice": "[voice note]", "photo": "[photo]"}
JOURNEY_NOTHING_SAID = "[nothing said]"
JOURNEY_NOT_QUOTED = "[words not quoted: no permission to quote]"

# The project-wide view: services ranked worst first.
JOURNEY_SERVICES_HEADING = (
    "Services in people's diaries ({count} touchpoint)",
    "Services in people's diaries ({count} touchpoints)",
)
JOURNEY_RANKING_RULE = (
    "Worst first: by average feeling, counting each service as if it also had {prior} “OK”"
    " contacts, so services that feel bad and happen often come first."
)
JOURNEY_SERVICE_LINE = (
    "{service}: {count} contact, average {mean} of 5 ({feeling})",
    "{service}: {count} contacts, average {mean} of 5 ({feeling})",
)
JOURNEY_SERVICES = ("{count} service", "{count} services")
# {touchpoints} and {services} are JOURNEY_TOUCHPOINTS and JOURNEY_SERVICES.
JOURNEY_PROJECT_SUBTITLE = "{touchpoints}, {services}. Worst first, weighing how often."
JOURNEY_BAR_NUMBERS = ("{mean} {feeling} · {count} contact", "{mean} {feeling} · {count} contacts")
JOURNEY_MORE_SERVICES = (
    "+ {count} more service in the text version",
    "+ {count} more services in the text version",
)
JOURNEY_SCALE_WORST = "◀ {feeling}"
JOURNEY_SCALE_BEST = "{feeling} ▶"
JOURNEY_PEOPLES_LOWEST = "Lowest moments, in people's words"
