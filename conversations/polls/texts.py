"""Words of polls, cohorts and broadcasts: what facilitators and residents read."""

from __future__ import annotations

from conversations.i18n.late import LateKey

# Checking what a facilitator typed
QUESTION_EMPTY = "The question can't be empty. What would you like to ask?"
QUESTION_TOO_LONG = (
    "Telegram polls take questions of up to {limit} characters; this one has {found}."
    " Please send a shorter question."
)
OPTION_EMPTY = "An option can't be empty."
OPTION_TOO_LONG = (
    "Telegram poll options can be up to {limit} characters; that one has {found}."
    " Please send it shorter."
)
OPTION_REPEATED = "“{option}” is already an option."
OPTION_COUNT = "A poll needs {low} to {high} options (found {found})."
WHY_TOO_LONG = "The follow-up question must be 1 to {limit} characters (found {found})."

# The guided flow of /newpoll
PICK_PROJECT = "Which project is this poll for?"
NO_PROJECTS = "You don't run a project yet, so there is nobody to poll."
ASK_QUESTION = (
    "Let's build a poll. What would you like to ask? Send the question (up to {limit}"
    " characters). Plain words work best."
)
ASK_QUESTION_AGAIN = (
    "Version {version}. The question last time was:\n\n{question}\n\n"
    "Send a new question, or keep it."
)
KEEP_QUESTION = "Keep the question"
ASK_OPTIONS = (
    "Now the options, one per message ({low} to {high}, each up to 100 characters)."
    " Send done when you have them all."
)
ASK_OPTIONS_AGAIN = (
    "The options last time were:\n\n{options}\n\n"
    "Send the new list (one per line, or one per message, then done; up to {high}),"
    " or keep them."
)
KEEP_OPTIONS = "Keep these options"
OPTION_ADDED = "Got it ({count} of at most {high}). Send another option, or done."
OPTIONS_FULL = "That's {high} options, the most a poll can have."
OPTIONS_TOO_FEW = "A poll needs at least {low} options. Send another one."
OPTIONS_TOO_MANY = "A poll can have at most {high} options; send done to go on."
ASK_MULTIPLE = "May people pick one answer, or several?"
ONE_ANSWER = "One answer"
SEVERAL_ANSWERS = "Several answers"
ASK_TARGET = "Who should get it? Sizes count the people who can be reached right now."
ASK_WHY = "After voting, shall I ask people why? Send your own follow-up question, or pick one."
WHY_DEFAULT = "Why did you choose that?"
WHY_USE_DEFAULT = "Ask: {why}"
WHY_KEEP = "Keep: {why}"
WHY_NONE = "No follow-up"
ASK_CLOSING = "When should the poll close?"
CLOSE_1D = "In 1 day"
CLOSE_3D = "In 3 days"
CLOSE_1W = "In 1 week"
CLOSE_NEVER = "No closing time"
USE_BUTTONS = "Please use the buttons above (or /newpoll to start again)."
STALE_STEP = "That button is from an earlier step."
PREVIEW_READY = "Here is your poll."
PREVIEW = (
    "Preview{version}\n\n"
    "{question}\n{options}\n\n"
    "Answers: {answers}\n"
    "To: {audience} ({size} people now)\n"
    "Follow-up: {why}\n"
    "Closes: {closing}\n\n"
    "Nothing is sent until you tap Send. Weekly limits and quiet hours are respected."
)
SEND = "Send"
CANCEL = "Cancel"
CANCELLED = "Cancelled. Nothing was sent."
DRAFT_GONE = "That poll is no longer being built. Send /newpoll to start one."
# Sent just before a poll's version 2, 3, ...: conversations/catalogue/proactive.py has the
# words; this queues the key, rendered for each resident when sent.
NEW_VERSION = LateKey("POLL_NEW_VERSION")
NOBODY_TO_SEND = "Nobody in that group can be reached right now, so nothing was sent."
PICK_EARLIER = "Which poll do you want a new version of?"
NO_POLLS = "There are no polls yet. Send /newpoll to make one."

# Broadcast progress (edited as it goes)
PROGRESS = "Sending to {total}: sent {sent} · failed {failed} · remaining {remaining}"
PROGRESS_SKIPPED = " · skipped {skipped}"
PROGRESS_DONE = "Done. Sent {sent} · failed {failed}"
PROGRESS_WAITING = " · {waiting} waiting for quiet hours to end"

# Results and closing
PICK_RESULTS = "Results of which poll?"
PICK_CLOSE = "Close which poll?"
NOTHING_OPEN = "No poll is open."
STATUS_OPEN = "open"
STATUS_CLOSES = "open, closes {when}"
STATUS_CLOSED = "closed on {when}"
RESULTS_HEAD = "“{question}” (version {version}, {status})"
RESULTS_RATE = "{voters} of {reached} people answered ({rate})"
RESULTS_OPTION = "• {label}: {count} ({share})"
RESULTS_WHY = "“{why}” ({count} answers):"
RESULTS_MORE = "… more in the export."
RESULTS_CAPTION = "Share of voters per option; versions side by side."
NOT_IN_VERSION = "— not in this version"
SHARES_OF_VOTERS = (
    "People could pick more than one option: each share is of the voters, so they can add up"
    " to more than 100%."
)
CLOSED = "Closed “{question}”. Stopping it in {count} chats; see /results."
CLOSED_ALREADY = "That poll is already closed."
CLOSED_BY_TIME = "Your poll “{question}” has closed. See /results."

# What residents read
FOLLOWUP_THANKS = "Thank you, that really helps."
FOLLOWUP_SKIPPED = "No problem, skipped."

# Cohorts and tags
COHORTS_HEAD = "“{title}”: who you can reach ({reachable} of {total} people)"
COHORT_LINE = "{target} – {label}: {size}"
EVERYONE = "Everyone"
TAG_LABEL = "Tagged {tag}"
JOINED_LABEL = "Joined via {code}"
ANSWER_LABEL = "Chose “{option}”"
TAG_USAGE = "Use it like this: /{command} P-7F3K carers"
TAGGED = "{pseudonym} is now tagged {tag}."
UNTAGGED = "{pseudonym} is no longer tagged {tag}."
NOT_TAGGED = "{pseudonym} wasn't tagged {tag}."
NOBODY = "Nobody called {pseudonym} takes part in a project you run."
