"""What check-ins say: every user-facing word of the feature."""

from __future__ import annotations

FUNCTIONS = {
    "accountability": "accountability",
    "improvement": "improvement",
    "impact": "impact",
    "learning": "learning",
}

USAGE = (
    "/checkin – the check-ins and their cycles\n"
    "/checkin results [ID] – results across cycles, with a trend chart\n"
    "/checkin change [ID] TEXT – record a change made to the service"
)
NONE = "None of your projects has check-ins. Add them under checkins: in the project file."
UNKNOWN = "There's no check-in called “{id}”. Yours: {known}."
LIST_LINE = "{id} – {title} ({project}): {cycles} cycle(s), next {next}"
NO_CYCLES = "“{title}” has not run yet: no results."
CHANGE_EMPTY = "Please say what changed, like: /checkin change Moved the drop-in to Tuesdays"
CHANGE_NOTED = "Noted for “{title}” on {day}: {text}"
CHANGE_RECORDED = (
    CHANGE_NOTED + "\n\nSend it as a “you said, we did” message to the"
    " {count} people who answered this check-in?"
)
CHANGE_NOBODY = (
    "Nobody has answered this check-in yet, so nobody would receive a “you said, we did”"
    " message about it. It is kept with the results."
)
CHANGE_TELL = "Send to them"
CHANGE_TOLD = "Queued for {count} people (anyone at their weekly cap or paused is left out)."
CHANGE_ALREADY = "That change was already sent."
CHART_CAPTION = "“{title}”: trend across cycles (dashed lines mark changes)"

RESULTS_HEAD = "“{title}” – cycle {n} ({day}, {status})"
STATUS_OPEN = "open until {until}"
STATUS_CLOSED = "closed"
RATE_LINE = "Answered: {answered} of {invited} ({rate})"
BEFORE = " · before: {values}"
QUESTION_LINE = "{n}. {text} [{function}]"
MEAN_LINE = "   mean {mean} · {distribution}"
NO_SCORES = "   no answers yet"
NEW_WORDS = "   new answers:"
WORDS_LINE = "   {pseudonym}: “{text}”"
VOICE = "[voice note]"
CHANGES_HEAD = "Changes recorded:"
CHANGE_LINE = "{day} – {text}"

ALERT = (
    "Check-in alert – “{title}” ({project}): between the cycles of {before} and {after}:\n"
    "{drops}\nSee /checkin results {id}"
)
DROP_MEAN = "• “{question}”: mean fell from {before:.1f} to {after:.1f}"
DROP_RATE = "• response rate fell from {before:.0f}% to {after:.0f}%"
