"""Co-assessment: "what we heard" after a check-in, and questions residents suggest for it."""

from __future__ import annotations

# "What we heard", sent to everyone who answered when a check-in cycle closes; the parts
# below are paragraphs of one message.
CHECKIN_HEARD = (
    "What we heard – “{title}”\n\n{count} person answered this round. Thank you: this is"
    " how the service is judged by the people who use it.",
    "What we heard – “{title}”\n\n{count} people answered this round. Thank you: this is"
    " how the service is judged by the people who use it.",
)
CHECKIN_HEARD_THEMES = "What came up most: {themes}."
CHECKIN_HEARD_QUOTE = "One person said: “{quote}”"
CHECKIN_HEARD_CHANGES = "What has changed so far:\n{changes}"
CHECKIN_HEARD_CHANGE = "• {text}"
CHECKIN_HEARD_NO_CHANGE = (
    "No change has been recorded yet. We'll tell you here when something changes."
)
CHECKIN_SUGGEST_BUTTON = "Suggest a question"

# A resident suggesting a check-in question (/suggest, or the button above).
SUGGEST_NOT_IN_PROJECT = (
    "You're not taking part in a project yet, so there is no check-in to suggest a question for."
)
SUGGEST_NO_CHECKIN = (
    "“{title}” has no check-ins yet, so there is nothing to suggest a question for."
)
SUGGEST_ASK = (
    "What should the check-in “{title}” ask everyone? Type your question (up to 300"
    " characters). The team will read it, and if they use it, you'll hear from us."
    " Send /skip if you've changed your mind."
)
SUGGEST_TOO_LONG = (
    "That's {length} characters; a question can have up to 300. Please send a shorter one."
)
SUGGEST_TEXT_ONLY = "Please type the question (a voice note or photo can't be asked to others)."
SUGGEST_SKIPPED = "No problem, nothing was kept."
SUGGEST_THANKS = (
    "Thank you. Your suggested question for “{title}” is with the team. If they add it to"
    " the check-in, you'll hear from us here."
)
# Told to the resident, when sent, once the team adopts their question.
SUGGEST_ADOPTED = (
    "Your question was adopted. From the next round, the check-in “{title}” asks everyone:"
    " “{text}”\n\nThank you for shaping it."
)

# Staff: suggestions under /checkin.
CHECKIN_SUGGESTIONS_NONE = "Nobody has suggested a question for “{title}” yet."
CHECKIN_SUGGESTIONS_HEAD = (
    "Questions residents suggested for “{title}” ({count} waiting). Adopt one and the"
    " check-in asks it (as a free-text question) from the next cycle:",
    "Questions residents suggested for “{title}” ({count} waiting). Adopt one and the"
    " check-in asks it (as a free-text question) from the next cycle:",
)
CHECKIN_SUGGESTION_LINE = "{n}. {pseudonym}: “{text}”"
CHECKIN_ADOPT_BUTTON = "Adopt {n}"
CHECKIN_ADOPTED = (
    "Adopted. From the next cycle “{title}” also asks: “{text}”. The person who suggested it"
    " is told."
)
CHECKIN_ADOPT_FULL = (
    "“{title}” already asks {count} questions, the most a check-in may ask (a check-in"
    " should take about a minute). Nothing was added."
)
CHECKIN_ADOPT_ALREADY = "That question was already adopted."
CHECKIN_SUGGESTIONS_LINE = (
    "Suggested questions: {count} waiting (/checkin suggestions {id}).",
    "Suggested questions: {count} waiting (/checkin suggestions {id}).",
)
CHECKIN_ADOPTED_LINE = "Adopted question, asked since {day}: “{text}”"
CHECKIN_HEARD_REACH = (
    "“What we heard” after the latest closed cycle: sent to {count}.",
    "“What we heard” after the latest closed cycle: sent to {count}.",
)
CHECKIN_HEARD_LEFT_OUT = "Not sent – {group}: {count}"

# /mydata: a suggested question ({checkin}: the check-in's id).
MYDATA_CHECKIN_SUGGESTION = "Check-in question you suggested ({checkin})"
MYDATA_CHECKIN_SUGGESTION_ADOPTED = "Check-in question you suggested ({checkin}), adopted"

# The summary report's check-in section.
REPORT_COASSESS_HEAD = "Residents judging the service"
REPORT_HEARD = (
    "“What we heard” (the count, the themes, a quote and the changes) went to {count} person"
    " who answered, after the cycles closed.",
    "“What we heard” (the count, the themes, a quote and the changes) went to {count} people"
    " who answered, after the cycles closed.",
)
REPORT_SUGGESTIONS_HEAD = "Questions residents suggested for this check-in, not adopted yet:"
REPORT_SUGGESTIONS_UNQUOTED = (
    "{count} more suggested by someone who did not agree to be quoted.",
    "{count} more suggested by people who did not agree to be quoted.",
)
REPORT_ADOPTED_HEAD = "Questions adopted from residents' suggestions:"
REPORT_ADOPTED = "Asked from {day}: {text}"

# `tandem validate`: the budget line (after BUDGET_REMINDERS).
BUDGET_HEARD = (
    "; one less for anyone who answers, sent its “what we heard”",
    "; up to {count} less for anyone who answers, sent each check-in's “what we heard”",
)
