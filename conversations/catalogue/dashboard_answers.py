"""The dashboard's answers page and codebook (issue 16)."""

# The navigation and the answers page.
DASHBOARD_ANSWERS = "Answers"
DASHBOARD_ANSWERS_TITLE = "Answers to {project}"
DASHBOARD_ANSWERS_INTRO = (
    "Read what people said, one question at a time. Tick answers to put a code on them, or"
    " accept a suggested theme to code every answer that mentions it."
)
DASHBOARD_ANSWERS_NO_QUESTIONS = "This project's conversation asks no questions yet."
DASHBOARD_ANSWERS_QUESTION = "Question"
DASHBOARD_ANSWERS_SHOW = "Show"
DASHBOARD_ANSWERS_FOLLOW_UP = "Follow-up: {text}"
DASHBOARD_ANSWERS_OPTION = "{text} ({count})"
DASHBOARD_ANSWERS_NO_SCENARIO = "Questions"
DASHBOARD_ANSWERS_SCENARIO = "About the story: {story}"

# The filters.
DASHBOARD_ANSWERS_FILTERS = "Filter the answers"
DASHBOARD_ANSWERS_FILTER = {
    "tag": "Cohort tag",
    "since": "From (date)",
    "until": "To (date)",
    "lang": "Language",
    "code": "Code",
    "theme": "Theme",
    "search": "Words in the answer",
}
DASHBOARD_ANSWERS_ANY = "Any"
DASHBOARD_ANSWERS_APPLY_FILTERS = "Apply filters"
DASHBOARD_ANSWERS_CLEAR_FILTERS = "Clear filters"
DASHBOARD_ANSWERS_COUNT = (
    "{count} answer matches the filters, of {total}.",
    "{count} answers match the filters, of {total}.",
)
DASHBOARD_ANSWERS_NONE = "No answers match these filters."

# The list.
DASHBOARD_ANSWERS_CODES = "Codes"
DASHBOARD_ANSWERS_KIND = {
    "voice": "(a voice note)",
    "photo": "(a photo)",
    "skipped": "(skipped)",
}
DASHBOARD_ANSWERS_WITH_SELECTED = "With the selected answers"
DASHBOARD_ANSWERS_CODE_TO_USE = "Code to apply or remove"
DASHBOARD_ANSWERS_APPLY_CODE = "Apply code"
DASHBOARD_ANSWERS_REMOVE_CODE = "Remove code"
DASHBOARD_ANSWERS_NO_CODES = "There are no codes yet. Create some in the codebook."
DASHBOARD_ANSWERS_PAGES = "Pages of answers"
DASHBOARD_ANSWERS_PAGE = "Page {page} of {pages}"
DASHBOARD_ANSWERS_PREVIOUS = "Previous page"
DASHBOARD_ANSWERS_NEXT = "Next page"

# What a form on the answers page did.
DASHBOARD_TOLD_CODED = (
    "The code is now on {count} more answer.",
    "The code is now on {count} more answers.",
)
DASHBOARD_TOLD_UNCODED = (
    "The code was taken off {count} answer.",
    "The code was taken off {count} answers.",
)
DASHBOARD_TOLD_ACCEPTED = (
    "The theme is now a code on {count} answer.",
    "The theme is now a code on {count} answers.",
)
DASHBOARD_TOLD_REJECTED = "The theme will not be suggested for this question again."
DASHBOARD_TOLD_NONE = "Tick at least one answer and choose a code first. Nothing was changed."

# Suggested themes.
DASHBOARD_THEMES = "Suggested themes"
DASHBOARD_THEMES_INTRO = (
    "Words and phrases that come up again and again in the written answers to this question."
    " Nothing is coded until you accept a theme."
)
DASHBOARD_THEMES_NONE = "No themes to suggest for this question."
DASHBOARD_THEME_LINE = (
    "{theme} ({language}): {count} answer",
    "{theme} ({language}): {count} answers",
)
DASHBOARD_THEME_SHOW = "Show these answers"
DASHBOARD_THEME_ACCEPT = "Accept as a code"
DASHBOARD_THEME_REJECT = "Reject"

# The codebook.
DASHBOARD_CODEBOOK = "Codebook"
DASHBOARD_CODEBOOK_TITLE = "Codebook for {project}"
DASHBOARD_CODEBOOK_INTRO = (
    "Codes are your own labels for what people said. Apply them on the answers page; they"
    " appear in exports and in the summary report."
)
DASHBOARD_CODEBOOK_EMPTY = "There are no codes yet."
DASHBOARD_CODEBOOK_TABLE = {
    "name": "Code",
    "description": "What it means",
    "uses": "Answers",
}
DASHBOARD_CODEBOOK_SEE = "See the answers coded {code}"
DASHBOARD_CODE_NEW = "New code"
DASHBOARD_CODE_FIELDS = {
    "name": "Name",
    "description": "What it means (optional)",
    "colour": "Colour (optional)",
}
DASHBOARD_CODE_CREATE = "Create code"
DASHBOARD_CODE_NAME_NEEDED = "Give the code a name. Nothing was saved."
DASHBOARD_CODE_NAME_TAKEN = "This project already has a code of that name. Nothing was saved."
