"""The dashboard's "you said, we did" composer and its exports page (issue 16)."""

# The composer.
COMPOSE = "You said, we did"
COMPOSE_INTRO = (
    "Tell the people who took part in “{title}” what came of it. Pick what the update answers,"
    " write it, check how it will read, then send it."
)
COMPOSE_PICK = "What does the update answer?"
COMPOSE_NOTHING_YET = (
    "Nobody has answered a question, voted in a poll or shared an idea yet, so there is no one"
    " to tell."
)
COMPOSE_REACH = (
    "Reaches {count} person who took part.",
    "Reaches {count} people who took part.",
)
COMPOSE_UNREACHABLE = (
    "{count} more can't be reached (paused, left or blocked).",
    "{count} more can't be reached (paused, left or blocked).",
)
COMPOSE_TEXT_IN = "The update in {language}"
COMPOSE_DEFAULT_HINT = "Required: everyone whose language has no text of its own reads this."
COMPOSE_OTHER_HINT = "Optional: if you leave it empty, its readers get the {default} text."
COMPOSE_PREVIEW = "Preview"
COMPOSE_SENT_BEFORE = "Updates sent before"
COMPOSE_PICK_FIRST = "Pick what the update answers first: nothing was sent."
COMPOSE_TEXT_PROBLEM = "The {language} text needs a change: {problem}"
COMPOSE_PREVIEW_TITLE = "Check the update before sending"
COMPOSE_AS_READ_IN = "As readers of {language} will get it"
COMPOSE_SEND = (
    "Send it to {count} person",
    "Send it to {count} people",
)
COMPOSE_CHANGE = "Change it"
COMPOSE_SENT_TITLE = "Update sent"
COMPOSE_ANOTHER = "Write another update"

# The exports page.
DASHBOARD_EXPORTS = "Exports"
DASHBOARD_EXPORTS_INTRO = (
    "Download “{title}” as a report or as data. Residents appear only by their pseudonyms."
)
DASHBOARD_EXPORTS_ONLY_COORDINATORS = "Only coordinators can export a project's data."
DASHBOARD_EXPORT_FORMAT = "What to export"
DASHBOARD_EXPORT_LANGUAGE = "Language of the report"
DASHBOARD_EXPORT_SINCE = "From (optional)"
DASHBOARD_EXPORT_UNTIL = "Until (optional)"
DASHBOARD_EXPORT_COHORT = "Only these people (optional)"
DASHBOARD_EXPORT_COHORT_HINT = "tag:NAME for people with a tag, or joined:CODE for an invite code."
DASHBOARD_EXPORT_START = "Start the export"
DASHBOARD_EXPORT_BUSY = (
    "You already have an export being prepared. Wait for it to finish, then start another."
)
DASHBOARD_EXPORTS_YOURS = "Your exports"
DASHBOARD_EXPORT_PREPARING = "Preparing {label}…"
DASHBOARD_EXPORT_TABLE_ROWS = (
    "{table}: {count} row so far",
    "{table}: {count} rows so far",
)
DASHBOARD_EXPORT_READY = "{label} is ready ({size})."
DASHBOARD_EXPORT_DOWNLOAD = "Download {filename}"
DASHBOARD_EXPORT_GONE = (
    "This file has been downloaded or has expired, and is no longer kept. Start the export again"
    " to get a new copy."
)
DASHBOARD_EXPORT_FAILED = "The export could not be made: {reason}"
