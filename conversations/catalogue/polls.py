"""Polls for staff: building one in chat (/newpoll), its results, closing it, and cohorts."""

from __future__ import annotations

# Checking what a facilitator typed
POLL_QUESTION_EMPTY = "The question can't be empty. What would you like to ask?"
POLL_QUESTION_TOO_LONG = (
    "Telegram polls take questions of up to {limit} characters; this one has {found}."
    " Please send a shorter question."
)
POLL_OPTION_EMPTY = "An option can't be empty."
POLL_OPTION_TOO_LONG = (
    "Telegram poll options can be up to {limit} characters; that one has {found}."
    " Please send it shorter."
)
POLL_OPTION_REPEATED = "“{option}” is already an option."
POLL_OPTION_COUNT = "A poll needs {low} to {high} options (found {found})."
POLL_WHY_TOO_LONG = "The follow-up question must be 1 to {limit} characters (found {found})."

# The guided flow of /newpoll
POLL_PICK_PROJECT = "Which project is this poll for?"
POLL_NO_PROJECTS = "You don't run a project yet, so there is nobody to poll."
POLL_ASK_QUESTION = (
    "Let's build a poll. What would you like to ask? Send the question (up to {limit}"
    " characters). Plain words work best."
)
POLL_ASK_QUESTION_AGAIN = (
    "Version {version}. The question last time was:\n\n{question}\n\n"
    "Send a new question, or keep it."
)
POLL_KEEP_QUESTION = "Keep the question"
POLL_ASK_OPTIONS = (
    "Now the options, one per message ({low} to {high}, each up to 100 characters)."
    " Send done when you have them all."
)
POLL_ASK_OPTIONS_AGAIN = (
    "The options last time were:\n\n{options}\n\n"
    "Send the new list (one per line, or one per message, then done; up to {high}),"
    " or keep them."
)
POLL_KEEP_OPTIONS = "Keep these options"
POLL_OPTION_ADDED = "Got it ({count} of at most {high}). Send another option, or done."
POLL_OPTIONS_FULL = "That's {high} options, the most a poll can have."
POLL_OPTIONS_TOO_FEW = "A poll needs at least {low} options. Send another one."
POLL_OPTIONS_TOO_MANY = "A poll can have at most {high} options; send done to go on."
# The words that end the list of options, one per line (in every language, English counts too).
POLL_DONE_WORDS = "done\nfinished\nthat's all\nend"
POLL_ASK_MULTIPLE = "May people pick one answer, or several?"
POLL_ONE_ANSWER = "One answer"
POLL_SEVERAL_ANSWERS = "Several answers"
POLL_ASK_TARGET = "Who should get it? Sizes count the people who can be reached right now."
POLL_TARGET_BUTTON = "{label} ({size})"
POLL_ASK_WHY = (
    "After voting, shall I ask people why? Send your own follow-up question, or pick one."
)
# The ready-made follow-up (residents read it after voting, in their language).
POLL_WHY_DEFAULT = "Why did you choose that?"
POLL_WHY_USE_DEFAULT = "Ask: {why}"
POLL_WHY_KEEP = "Keep: {why}"
POLL_WHY_NONE = "No follow-up"
POLL_ASK_CLOSING = "When should the poll close?"
POLL_CLOSE_1D = "In 1 day"
POLL_CLOSE_3D = "In 3 days"
POLL_CLOSE_1W = "In 1 week"
POLL_CLOSE_NEVER = "No closing time"
POLL_USE_BUTTONS = "Please use the buttons above (or /newpoll to start again)."
POLL_STALE_STEP = "That button is from an earlier step."
POLL_PREVIEW_READY = "Here is your poll."
POLL_PREVIEW = (
    "Preview\n\n"
    "{question}\n{options}\n\n"
    "Answers: {answers}\n"
    "To: {audience} ({size} people now)\n"
    "Follow-up: {why}\n"
    "Closes: {closing}\n\n"
    "Nothing is sent until you tap Send. Weekly limits and quiet hours are respected."
)
POLL_PREVIEW_VERSION = (
    "Preview (version {version})\n\n"
    "{question}\n{options}\n\n"
    "Answers: {answers}\n"
    "To: {audience} ({size} people now)\n"
    "Follow-up: {why}\n"
    "Closes: {closing}\n\n"
    "Nothing is sent until you tap Send. Weekly limits and quiet hours are respected."
)
POLL_SEND = "Send"
POLL_CANCEL = "Cancel"
POLL_CANCELLED = "Cancelled. Nothing was sent."
POLL_DRAFT_GONE = "That poll is no longer being built. Send /newpoll to start one."
POLL_NOBODY_TO_SEND = "Nobody in that group can be reached right now, so nothing was sent."
POLL_PICK_EARLIER = "Which poll do you want a new version of?"
POLL_NO_POLLS = "There are no polls yet. Send /newpoll to make one."
POLL_BUTTON = "v{version} · {question}"
POLL_BUTTON_CLOSED = "v{version} · {question} (closed)"

# The poll in each of the project's languages
POLL_ASK_QUESTION_IN = (
    "This project also runs in {language}. Send the question in {language} (up to {limit}"
    " characters)."
)
POLL_ASK_OPTIONS_IN = (
    "Now the options in {language}, one per line in the same order ({count} of them):\n\n{options}"
)
POLL_SAME_OPTIONS = "Same options for every language"
POLL_OPTIONS_COUNT_IN = (
    "Please send exactly {count} options in {language}, one per line, in the same order."
)
POLL_ASK_WHY_IN = "And the follow-up question in {language}:\n\n{why}"
LANGUAGE_SKIP = "Skip {language} for now"
LANGUAGE_MISSING = "Not yet in {language}: people who read {language} will get it in {default}."
LANGUAGE_ADD = "Add {language}"

# Results and closing
POLL_PICK_RESULTS = "Results of which poll?"
POLL_PICK_CLOSE = "Close which poll?"
POLL_NOTHING_OPEN = "No poll is open."
POLL_STATUS_OPEN = "open"
POLL_STATUS_CLOSES = "open, closes {when}"
POLL_STATUS_CLOSED = "closed on {when}"
POLL_RESULTS_HEAD = "“{question}” (version {version}, {status})"
POLL_RESULTS_RATE = "{voters} of {reached} people answered ({rate})"
POLL_RESULTS_OPTION = "• {label}: {count} ({share})"
POLL_RESULTS_WHY = ("“{why}” ({count} answer):", "“{why}” ({count} answers):")
POLL_RESULTS_MORE = "… more in the export."
POLL_RESULTS_CAPTION = "Share of voters per option; versions side by side."
POLL_SHARES_OF_VOTERS = (
    "People could pick more than one option: each share is of the voters, so they can add up"
    " to more than 100%."
)
POLL_NOT_IN_VERSION = "— not in this version"
POLL_CHART_LEGEND = "Version {version}: {voters} of {reached} answered"
POLL_FOLLOWUP_VOICE = "{pseudonym}: [voice note]"
POLL_FOLLOWUP_PHOTO = "{pseudonym}: [photo]"
POLL_FOLLOWUP_OTHER = "{pseudonym}: [{kind}]"
# A poll's progress as it goes out (edited as it goes); the facts are joined with " · ".
POLL_PROGRESS = "Sending to {total}: sent {sent} · failed {failed} · remaining {remaining}"
POLL_PROGRESS_DONE = "Done. Sent {sent} · failed {failed}"
POLL_PROGRESS_SKIPPED = "skipped {skipped}"
POLL_PROGRESS_WAITING = (
    "{count} waiting for quiet hours to end",
    "{count} waiting for quiet hours to end",
)
POLL_CLOSED = (
    "Closed “{question}”. Stopping it in {count} chat; see /results.",
    "Closed “{question}”. Stopping it in {count} chats; see /results.",
)
POLL_CLOSED_ALREADY = "That poll is already closed."
POLL_CLOSED_BY_TIME = "Your poll “{question}” has closed. See /results."

# Cohorts and tags
COHORTS_HEAD = "“{title}”: who you can reach ({reachable} of {total} people)"
COHORT_LINE = "{target} – {label}: {size}"
COHORT_EVERYONE = "Everyone"
COHORT_TAG_LABEL = "Tagged {tag}"
COHORT_JOINED_LABEL = "Joined via {code}"
COHORT_ANSWER_LABEL = "Chose “{option}”"
COHORTS_NO_PROJECTS = "You don't run a project yet, so there is nobody to poll."
TAG_USAGE = "Use it like this: /{command} P-7F3K carers"
TAG_TAGGED = "{pseudonym} is now tagged {tag}."
TAG_UNTAGGED = "{pseudonym} is no longer tagged {tag}."
TAG_NOT_TAGGED = "{pseudonym} wasn't tagged {tag}."
TAG_NOBODY = "Nobody called {pseudonym} takes part in a project you run."
