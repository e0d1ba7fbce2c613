"""Diary completion: /stats figures, a facilitator's reminder, the report section."""

from __future__ import annotations

# /stats (staff)
DIARY_COMPLETION_STATS = (
    "Diary in “{title}”: {answered} of {sent} prompts answered ({rate}); {entries} from"
    " {people}. A prompt counts as answered when an entry (or “Nothing today”) was finished"
    " the same day. Studies usually reach about 75%; 80% is the usual target."
)
DIARY_COMPLETION_ENTRIES = ("{number} entry", "{number} entries")
DIARY_COMPLETION_PEOPLE = ("{number} person", "{number} people")
DIARY_COMPLETION_NONE = "Diary in “{title}”: no prompts have gone out yet."
DIARY_COMPLETION_PERSON = "{pseudonym}: {answered} of {sent} answered ({rate}), {entries}"
DIARY_COMPLETION_DAYS_HEAD = "Still answering, by day of the study:"
DIARY_COMPLETION_DAY = "Day {day}: {answering} of {reached} people ({share})"
DIARY_COMPLETION_NUDGE_HINT = (
    "To send one friendly reminder to those below 60%: /diary nudge 60 (any number from 1 to 100)."
)
# /diary nudge N (staff)
DIARY_NUDGE_USAGE = (
    "Which threshold? For example /diary nudge 60 reminds everyone who answered fewer than"
    " 60% of their diary prompts, once."
)
DIARY_NUDGE_NO_DIARY = "None of the projects you run keeps a diary."
DIARY_NUDGE_SENT = (
    "“{title}”: a reminder is on its way to {number} person below {threshold}: {names}.",
    "“{title}”: a reminder is on its way to {number} people below {threshold}: {names}.",
)
DIARY_NUDGE_ALREADY = (
    "“{title}”: {number} person below {threshold} was reminded before and is not sent"
    " another: {names}.",
    "“{title}”: {number} people below {threshold} were reminded before and are not sent"
    " another: {names}.",
)
DIARY_NUDGE_STOPPED = "“{title}”: stopped their diary, so not reminded: {names}."
DIARY_NUDGE_NOBODY = "“{title}”: nobody else is below {threshold}."
DIARY_NUDGE_FREE = (
    "A diary reminder doesn't count toward the weekly message cap: people chose to keep the"
    " diary. Anyone who paused, left or blocked Tandem is left out and recorded; quiet hours"
    " hold a reminder until they end."
)
# What the resident reads (rendered when sent, in their language)
DIARY_NUDGE_MESSAGE = (
    "Hello! Your diary has been quiet for a little while. Whenever you have a moment, an"
    " entry helps — even “Nothing today” tells us something. Thank you for keeping it."
)
MYDATA_DIARY_NUDGED = "A facilitator sent you one reminder about your diary"

# Summary report
REPORT_COMPLETION_HEAD = "Diary completion"
REPORT_COMPLETION_WHY = (
    "How many diary prompts people answered. A prompt counts as answered when the person"
    " finished an entry (or tapped “Nothing today”) on the same day, prompted or not; each"
    " entry answers one prompt. Day 1 is each person's first diary day. Across 126 studies"
    " of this kind about 75% of prompts were answered; 80% is the usual target."
)
REPORT_COMPLETION_LINE = "{answered} of {sent} prompts answered ({rate}); {entries} from {people}."
REPORT_NO_COMPLETION = "No diary prompts have gone out yet."
REPORT_COMPLETION_CHART = {
    "title": "Prompts answered, by day of the study",
    "axis": "Day of the study",
    "answered": "Prompts answered",
    "still": "People still answering",
    "pooled": "Typical (75%)",
    "target": "Target (80%)",
}
REPORT_COMPLETION_ALT = (
    "A line chart of the share of prompts answered on each day of the study, with lines"
    " at 75% and 80%: {days}."
)
REPORT_COMPLETION_ALT_DAY = "day {day}: {rate}"
REPORT_COMPLETION_DAYS_CAPTION = "By day of the study"
REPORT_COMPLETION_DAYS_TABLE = {
    "day": "Day",
    "sent": "Prompts sent",
    "answered": "Answered",
    "rate": "Share answered",
    "still": "People still answering",
}
# No pseudonyms in the report (it is shared more widely than /stats and the export):
# people are counted by how many of their prompts they answered.
REPORT_COMPLETION_PEOPLE_CAPTION = "People, by share of their prompts answered"
REPORT_COMPLETION_BANDS = {
    "band": "Share answered",
    "people": "People",
    "high": "80% or more",
    "middle": "50% to 79%",
    "low": "Under 50%",
}
