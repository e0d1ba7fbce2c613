"""Exports in chat (coordinators)."""

from __future__ import annotations

# Exports in chat (coordinators)
EXPORT_FORMAT_LABELS = {
    "html": "Summary report (web page)",
    "md": "Summary report (text)",
    "xlsx": "Spreadsheet",
    "csv": "CSV files (zip)",
    "jsonl": "JSON Lines (zip)",
}
EXPORT_PICK_PROJECT = "Which project do you want to export?"
EXPORT_PICK_FORMAT = "Export “{title}” as:"
EXPORT_NO_PROJECTS = "There are no projects to export yet."
EXPORT_PRIVATE_ONLY = (
    "Exports hold what residents said, so I only send them in our private chat. Send /export"
    " to me there."
)
EXPORT_USAGE = (
    "Send /export and tap your choices, or type it all: /export PROJECT FORMAT"
    " [since YYYY-MM-DD] [until YYYY-MM-DD] [cohort tag:NAME]. Formats: {formats}."
    " For example: /export {example} csv since 2025-03-01"
)
EXPORT_BAD_FORMAT = "I can't export as “{format}”. Formats: {formats}."
EXPORT_BAD_WORD = "I didn't understand “{word}”. " + EXPORT_USAGE
EXPORT_DATES_REVERSED = (
    "The “since” day ({since}) is after the “until” day ({until}): please swap them."
)
EXPORT_BUSY = (
    "Your last export is still being prepared. It will arrive here shortly; ask for the next"
    " one after that."
)
EXPORT_PREPARING = "Preparing the export of “{title}” ({label})…"
EXPORT_DONE = "Done: “{title}” ({label}) is below, as {filename} ({size})."
EXPORT_TOO_LARGE = (
    "The export of “{title}” came to {size}, more than the 50 MB Telegram lets a bot send."
    " Narrow it with since, until or cohort, or run this on the server:\n{command}"
)
EXPORT_FAILED = (
    "Sorry, the export of “{title}” failed on our side. Please try again in a few minutes;"
    " if it fails again, run tandem export on the server."
)
EXPORT_PROBLEM = "I couldn't make that export: {reason}"
EXPORT_CAPTION = (
    "“{title}”, {label}, exported {day}. Pseudonymised: residents appear only as codes"
    " like P-7F3K, never with names or Telegram ids.\n{holds}\nDates: {dates}. People: {people}."
)
EXPORT_HOLDS_TABLES = "Holds: {tables}."
EXPORT_HOLDS_SHEETS = "One sheet per table: {tables}."
EXPORT_HOLDS_REPORT = (
    "A summary report: who took part, themes, quotes from people who agreed to be quoted,"
    " ideas, diaries, polls, check-ins and updates."
)
EXPORT_ALL_DATES = "all"
EXPORT_DATES_BETWEEN = "{since} to {until}"
EXPORT_DATES_FROM = "from {since}"
EXPORT_DATES_UNTIL = "until {until}"
EXPORT_TABLE_ROWS = ("{table} {number} row", "{table} {number} rows")
EXPORT_NOT_A_DATE = "“{day}” is not a date: write it as YYYY-MM-DD."
EXPORT_BAD_COHORT = "cohort must be tag:NAME or joined:CODE (not “{cohort}”)."
EXPORT_SIZE_MB = "{size} MB"
EXPORT_SIZE_KB = "{size} kB"
EXPORT_EVERYONE = "everyone"
EXPORT_DROPPED_STALE = (
    "The export of “{title}” ({label}) you asked for on {day} was cut short when Tandem"
    " restarted, more than a day ago, so I dropped it rather than send it this late. If you"
    " still want it, ask again: {command}"
)
EXPORT_DROPPED_GONE = (
    "The export of “{project}” you asked for was cut short when Tandem restarted, and that"
    " project is no longer on this server, so there is nothing to send."
)
EXPORT_GAVE_UP = (
    "Sorry, the export of “{title}” stopped {attempts} times before it was done, so I gave"
    " up on it. Narrow it with since, until or cohort, or run this on the server:\n{command}"
)
