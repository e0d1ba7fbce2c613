"""The summary report (tandem export --format md|html, /export): headings, labels, lines."""

from __future__ import annotations

REPORT_TITLE = "Summary report: {title}"
REPORT_CONTENTS = "Contents"
REPORT_FACTS = {
    "covered": "Dates covered",
    "cohort": "Who",
    "generated": "Generated",
    "use": "What happens with what people say",
    "sees": "Who sees it",
}
REPORT_HOW_TO_READ_HEAD = "How to read this report"
REPORT_HOW_TO_READ = {
    "what": "This report sums up what residents told the project through Tandem, a chat bot"
    " they answered on their phones, in their own time. Each section says what it counts.",
    "themes": "Themes are words or short phrases that came up in more than one answer, grouped"
    " so that forms of the same word count together (bus and buses). The number beside a"
    " theme is how many answers mention it; one answer can mention several themes. Answers"
    " in different languages are counted apart, each language's themes in its own list.",
    "quotes": "Quotes are a few answers chosen because they carry the main themes. They come"
    " only from people who agreed to be quoted, and appear under a code (like P-7F3K) instead"
    " of a name.",
    "shares": "Each share in the funnel says what it is a share of. Voice notes and photos"
    " are counted but not transcribed or shown.",
}
REPORT_PRIVACY_HEAD = "Privacy"
REPORT_PRIVACY = (
    "Residents appear only under codes (pseudonyms), never by name or phone account. Quotes"
    " come only from people who agreed to be quoted. People who asked for their data to be"
    " erased are not included. Please share this report only with the people the project"
    " said would see what residents say."
)
# What the report covers.
REPORT_DATES_BETWEEN = "{start} to {end}"
REPORT_DATES_FROM = "from {start}"
REPORT_DATES_UNTIL = "up to {end}"
REPORT_DATES_ALL = "everything so far"
REPORT_COHORT_ALL = "everyone taking part"
REPORT_COHORT_TAG = "people tagged “{tag}”"
REPORT_COHORT_JOINED = "people who joined with the code {code}"
REPORT_GENERATED = "{day}, {time} ({zone})"

REPORT_FUNNEL_HEAD = "Who took part"
REPORT_FUNNEL_WHY = (
    "How many people went from being invited to taking part, step by step. Big drops show"
    " where people were lost, and where the invitation or the bot could be easier."
)
REPORT_FUNNEL_WHOLE = (
    "The first two steps cover the whole project and all dates: they cannot be split by"
    " group or date, so no share is worked out from them."
)
REPORT_FUNNEL_CAPTION = "Participation, step by step"
REPORT_FUNNEL_STEPS = {
    "invited": "Invited",
    "opened": "Opened the invite",
    "agreed": "Agreed to take part",
    "finished": "Finished the conversation",
    "diary": "Kept a diary",
    "checkin": "Answered a check-in",
}
REPORT_FUNNEL_MEANS = {
    "invited": "people the team invited, e.g. letters sent (from the project file)",
    "opened": "times the invitation was opened in the bot, without knowing who",
    "agreed": "people who read why we ask and said yes",
    "finished": "people who reached the end of the opening conversation",
    "diary": "diarists with at least one entry",
    "checkin": "people who answered at least one check-in question",
}
# A share and which earlier step it is of.
REPORT_SHARE_OF = {
    "invited": "{share} of those invited",
    "opened": "{share} of those who opened it",
    "agreed": "{share} of those taking part",
}
REPORT_FUNNEL_TABLE = {
    "step": "Step",
    "people": "People",
    "share": "Share",
    "means": "What it counts",
}
REPORT_NOT_RECORDED = "not recorded"
REPORT_FUNNEL_ALT = "Bar chart of the participation funnel: {steps}"
REPORT_CHART_ITEM = "{label}: {count}"

REPORT_QUESTIONS_HEAD = "What people said, question by question"
REPORT_QUESTIONS_WHY = (
    "The opening conversation asks about what people want to change in their lives and"
    " area, what gets in the way, what already helps and what they could offer. For each"
    " question: how many answered, the themes that recur, and a few answers in their words."
)
REPORT_QUESTION = "Q{number}. {question}"
REPORT_SCENARIO_HEAD = "Scenario: {story}"
REPORT_SCENARIO_WHY = (
    "Residents read this made-up story, then answered the questions below about it, so nobody"
    " had to tell their own story to say what gets in the way. The story as they read it:"
)
REPORT_FOLLOW_UP = "Follow-up to Q{number}: {question}"
REPORT_OPTIONS_CAPTION = "Options chosen"
REPORT_NOT_ENOUGH = "Not enough answers yet."
REPORT_ANSWERS_LINE = "{answers}: {kinds}."
REPORT_ANSWERS = ("{number} answer", "{number} answers")
REPORT_IDEAS = ("{number} idea", "{number} ideas")
REPORT_WRITTEN = ("{number} written", "{number} written")
REPORT_VOICE_NOTES = ("{number} voice note", "{number} voice notes")
REPORT_PHOTOS = ("{number} photo", "{number} photos")
REPORT_CHOSE = ("{number} chose an option", "{number} chose an option")
REPORT_SKIPPED = ("{number} skipped it.", "{number} skipped it.")
REPORT_BY_LANGUAGE = "Written answers in each language: {languages}."
REPORT_LANGUAGE_COUNT = "{language} {number}"
REPORT_THEMES_HEAD = "Recurring themes"
REPORT_THEMES_IN = "Recurring themes in {language}"
REPORT_NO_THEMES = "No word or phrase comes up in more than one answer yet."
REPORT_QUOTES_HEAD = "In their words"
REPORT_NO_QUOTES = "No quotes: nobody who answered this has agreed to be quoted yet."
REPORT_CODES_HEAD = "Codes staff gave these answers"
REPORT_CODE_TABLE = {
    "code": "Code",
    "answers": "Answers with this code",
    "share": "Share of answers",
}
REPORT_THEME_TABLE = {
    "theme": "Theme",
    "answers": "Answers mentioning it",
    "share": "Share of written answers",
}
REPORT_CHOICE_TABLE = {"option": "Option", "chosen": "Chosen", "share": "Share"}

REPORT_IDEAS_HEAD = "Ideas from residents"
REPORT_IDEAS_WHY = (
    "Ideas and topics residents raised themselves, at any time, without being asked. They"
    " show what matters to people beyond our questions."
)
REPORT_NO_IDEAS = "No ideas yet."

REPORT_JOURNEY_HEAD = "Diaries: people's journeys through services"
REPORT_JOURNEY_WHY = (
    "Diarists logged each contact with a service and how it felt, from very bad (1) to very"
    " good (5). Services are listed worst first, weighing how often they came up; the lowest"
    " moments, in people's words, show where services let people down."
)
REPORT_NO_DIARY = "This project has no diary study."
REPORT_NO_ENTRIES = "No diary entries yet."
REPORT_TOUCHPOINTS_LINE = "{touchpoints} from {diarists}."
REPORT_TOUCHPOINTS = ("{number} touchpoint", "{number} touchpoints")
REPORT_DIARISTS = ("{number} diarist", "{number} diarists")
REPORT_JOURNEY_CAPTION = "Contacts with each service, by how they felt"
REPORT_JOURNEY_TABLE = {"service": "Service", "contacts": "Contacts", "average": "Average (1-5)"}
REPORT_LOWEST_HEAD = "Lowest moments, in people's words"
REPORT_NO_LOWEST = "No low moments to quote: none from people who agreed to be quoted yet."

REPORT_POLLS_HEAD = "Prototype polls"
REPORT_POLLS_WHY = (
    "Early designs put to residents as polls, each with a “why?” question after the vote. A"
    " design refined and put again is a new version: versions sit side by side."
)
REPORT_NO_POLLS = "No polls yet."
REPORT_POLL_HEAD = "“{question}”"
REPORT_POLL_CAPTION = "Votes per option, each version"
REPORT_POLL_WHY_HEAD = "Why people voted as they did (“{why}”)"
REPORT_POLL_TABLE = {"option": "Option", "version": "Version {version}"}
REPORT_POLL_VOTED = "Voted (of those it reached)"
REPORT_OUT_OF = "{part} of {whole} ({share})"
REPORT_POLL_ALT = "Bar chart of votes for “{question}”: {versions}"
REPORT_POLL_ALT_VERSION = "version {version}: {options}"

REPORT_CHECKINS_HEAD = "Check-ins: is the service working?"
REPORT_CHECKINS_WHY = (
    "Short questions asked on a schedule once a service runs: is it delivered as promised, is"
    " it working, is it making a difference. Scores are from 1 to 5; the trend shows whether"
    " things get better or worse from one round to the next."
)
REPORT_NO_CHECKINS = "No check-ins yet."
REPORT_CHECKIN_CAPTION = "Answers and mean scores (1-5) per round"
REPORT_CHECKIN_TABLE = {
    "round": "Round",
    "answered": "Answered",
    "question": "Q{number}: {question}",
}
REPORT_ROUND_OPEN = "{day} (open)"
REPORT_CHANGES_HEAD = "Changes made to the service"
REPORT_CHANGE = "{day}: {change}"
REPORT_TREND_ALT = (
    "Line chart of “{title}” over {number} round: mean score of each scale question (top) and the"
    " share who answered (bottom).",
    "Line chart of “{title}” over {number} rounds: mean score of each scale question (top) and the"
    " share who answered (bottom).",
)

REPORT_UPDATES_HEAD = "You said, we did"
REPORT_UPDATES_WHY = (
    "Updates telling residents what was done with what they said. Each goes only to the"
    " people who contributed to what it is about; “reached” counts the messages delivered."
)
REPORT_NO_UPDATES = "No updates sent yet."
REPORT_UPDATES_CAPTION = "Updates sent"
REPORT_UPDATES_TABLE = {
    "date": "Date",
    "update": "Update",
    "about": "About",
    "meant_for": "Meant for",
    "reached": "Reached",
    "replies": "Replies",
}
