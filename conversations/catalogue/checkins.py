"""Check-ins: building one in chat (/newcheckin), /checkin, results and changes (staff); what a
resident reads when answering one (invitations are worded when sent: proactive.py)."""

from __future__ import annotations

# The guided flow of /newcheckin
CHECKIN_ASK_TITLE = (
    "Let's build a check-in: a few short questions asked again and again, so you can see"
    " change over time.\n\nFirst, its title (what residents see), e.g. “The Tuesday"
    " drop-in”. Up to 80 characters."
)
CHECKIN_ASK_TITLE_IN = "This project also runs in {language}. Send the title in {language}."
CHECKIN_ASK_DAY = "Which day of the week does it go out?"
CHECKIN_ASK_TIME = "At what time (the project's time zone)?"
CHECKIN_NO_TIMES = "Every time I could offer falls in the project's quiet hours; change them first."
CHECKIN_ASK_WEEKS = "How often?"
CHECKIN_WEEKLY = "Every week"
CHECKIN_FORTNIGHTLY = "Every 2 weeks"
CHECKIN_WHEN = {
    "1": "Every week, {day} at {time}",
    "2": "Every 2 weeks, {day} at {time}",
}
CHECKIN_ASK_TARGET = "Who is asked?"
CHECKIN_TARGET_BUTTON = "{label} ({size})"
CHECKIN_ASK_FUNCTION = "Question {n}: what is it for?"
CHECKIN_FUNCTION_LABELS = {
    "accountability": "Accountability (did we do what we said?)",
    "improvement": "Improvement (what should change?)",
    "impact": "Impact (is it making a difference?)",
    "learning": "Learning (what are we finding out?)",
}
CHECKIN_FUNCTIONS = {
    "accountability": "accountability",
    "improvement": "improvement",
    "impact": "impact",
    "learning": "learning",
}
CHECKIN_ASK_KIND = "How is question {n} answered?"
CHECKIN_SCALE = "Scale 1-5"
CHECKIN_FREE_TEXT = "Free text"
CHECKIN_ASK_TEXT = "Type question {n}, as residents will read it (up to 300 characters)."
CHECKIN_ASK_TEXT_IN = "Now question {n} in {language}:\n\n{text}"
CHECKIN_ASK_MORE = "{count} of {high} questions so far. Add another?"
CHECKIN_ADD_ANOTHER = "Add another"
CHECKIN_DONE = "Done"
CHECKIN_PREVIEW = (
    "Preview of the check-in:\n\n“{title}”\n{when}\nAsked: {audience} ({size} now)\n"
    "Answers open for {window} hours.\n\n{questions}\n\nSave it to start the schedule."
)
CHECKIN_PREVIEW_QUESTION = "{n}. [{function}, {kind}] {text}"
CHECKIN_SAVE = "Save"
CHECKIN_CANCEL = "Cancel"
CHECKIN_CANCELLED = "Cancelled; nothing was saved."
CHECKIN_SAVED = "Saved as check-in {id}. The first one goes out {next}. See /checkin for results."
CHECKIN_USE_BUTTONS = "Please use the buttons above (or /newcheckin to start again)."
CHECKIN_STALE_STEP = "That button belongs to an earlier step."
CHECKIN_DRAFT_GONE = "That check-in is no longer being built. Send /newcheckin to start one."
CHECKIN_NO_PROJECTS = "You don't run any project yet, so there is nowhere to add a check-in."
CHECKIN_PICK_PROJECT = "Which project is the check-in for?"
CHECKIN_NOT_VALID = "That doesn't work: {problems}. Please try again."
CHECKIN_PROBLEM = "{field}: {problem}"
CHECKIN_FIELDS = {
    "title": "the title",
    "every": "the day",
    "at": "the time",
    "every_weeks": "how often",
    "target": "who is asked",
    "questions": "the questions",
    "text": "the question",
    "checkin": "the check-in",
}

# /checkin, its results and changes
CHECKIN_USAGE = (
    "/checkin – the check-ins and their cycles\n"
    "/checkin results [ID] – results across cycles, with a trend chart\n"
    "/checkin change [ID] TEXT – record a change made to the service"
)
CHECKIN_NONE = "None of your projects has check-ins. Add them under checkins: in the project file."
CHECKIN_UNKNOWN = "There's no check-in called “{id}”. Yours: {known}."
CHECKIN_LIST_LINE = (
    "{id} – {title} ({project}): {count} cycle, next {next}",
    "{id} – {title} ({project}): {count} cycles, next {next}",
)
CHECKIN_NO_CYCLES = "“{title}” has not run yet: no results."
CHECKIN_CHANGE_EMPTY = (
    "Please say what changed, like: /checkin change Moved the drop-in to Tuesdays"
)
CHECKIN_CHANGE_NOTED = "Noted for “{title}” on {day}: {text}"
CHECKIN_CHANGE_RECORDED = (
    "Noted for “{title}” on {day}: {text}\n\nSend it as a “you said, we did” message to the"
    " {count} person who answered this check-in?",
    "Noted for “{title}” on {day}: {text}\n\nSend it as a “you said, we did” message to the"
    " {count} people who answered this check-in?",
)
CHECKIN_CHANGE_NOBODY = (
    "Nobody has answered this check-in yet, so nobody would receive a “you said, we did”"
    " message about it. It is kept with the results."
)
CHECKIN_CHANGE_TELL = "Send to them"
CHECKIN_CHANGE_TOLD = (
    "Queued for {count} person (anyone at their weekly cap or paused is left out).",
    "Queued for {count} people (anyone at their weekly cap or paused is left out).",
)
CHECKIN_CHANGE_ALREADY = "That change was already sent."
CHECKIN_CHART_CAPTION = "“{title}”: trend across cycles (dashed lines mark changes)"
CHECKIN_RESULTS_HEAD = "“{title}” – cycle {n} ({day}, {status})"
CHECKIN_STATUS_OPEN = "open until {until}"
CHECKIN_STATUS_CLOSED = "closed"
CHECKIN_RATE_LINE = "Answered: {answered} of {invited} ({rate})"
CHECKIN_BEFORE = " · before: {values}"
CHECKIN_QUESTION_LINE = "{n}. {text} [{function}]"
CHECKIN_MEAN_LINE = "   mean {mean} · {distribution}"
CHECKIN_NO_SCORES = "   no answers yet"
CHECKIN_NEW_WORDS = "   new answers:"
CHECKIN_WORDS_LINE = "   {pseudonym}: “{text}”"
CHECKIN_VOICE = "[voice note]"
CHECKIN_CHANGES_HEAD = "Changes recorded:"
CHECKIN_CHANGE_LINE = "{day} – {text}"

# What a resident reads when answering a check-in
CHECKIN_ALREADY_DONE = "You've already answered this check-in, thank you."
CHECKIN_CLOSED = "Sorry, this check-in has closed. The next one will come in due course."
CHECKIN_NOT_INVITED = "This check-in isn't for you, sorry."
# Under each 1-5 question of a check-in (after a blank line).
CHECKIN_SCALE_HINT = "1 = not at all · 5 = completely"
CHECKIN_THANKS = "Thank you! Your answers are in. We'll tell you here what changes because of them."

# Sent by the scheduler to facilitators when a check-in's numbers fall between two cycles
# ({drops}: one line each, below; {before} and {after}: the cycles' dates).
CHECKIN_ALERT = (
    "Check-in alert – “{title}” ({project}): between the cycles of {before} and {after}:\n"
    "{drops}\nSee /checkin results {id}"
)
CHECKIN_DROP_MEAN = "• “{question}”: mean fell from {before} to {after}"
CHECKIN_DROP_RATE = "• response rate fell from {before}% to {after}%"
