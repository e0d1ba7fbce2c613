"""The staff dashboard (issue 16): the /dashboard sign-in link and the pages' words."""

# In the chat: /dashboard.
DASHBOARD_LINK = (
    "Here is your link to the Tandem dashboard. It works once, for the next {minutes} minutes,"
    " and signs you in on the device you open it on. Do not forward it.\n{link}"
)
DASHBOARD_OFF = (
    "The dashboard is not switched on for this bot. Whoever runs Tandem can switch it on by"
    " setting DASHBOARD_URL."
)
DASHBOARD_TOO_MANY = (
    "You have asked for {count} dashboard links in the last {minutes} minutes, which is the"
    " limit. Please wait a few minutes, then send /dashboard again."
)
DASHBOARD_CHAT_USAGE = "Send /dashboard to get a sign-in link for the staff dashboard."

# Every page.
DASHBOARD_TITLE = "Tandem dashboard"
DASHBOARD_PAGE_TITLE = "{page} – Tandem dashboard"
DASHBOARD_SKIP = "Skip to the main content"
DASHBOARD_NAV = "Dashboard pages"
DASHBOARD_SIGNED_IN_AS = {
    "facilitator": "Signed in as a facilitator",
    "coordinator": "Signed in as a coordinator",
}
DASHBOARD_SIGN_OUT = "Sign out"

# The projects overview.
DASHBOARD_OVERVIEW = "Projects overview"
DASHBOARD_OVERVIEW_INTRO = (
    "How many people are taking part in each of your projects, and what happened this week."
)
DASHBOARD_NO_PROJECTS = (
    "You do not run any projects yet. A coordinator can make you a facilitator of one."
)
DASHBOARD_FUNNEL = "Who is taking part"
DASHBOARD_WEEK = "This week, since {day}"
DASHBOARD_WEEK_ITEMS = {
    "answers": "Answers in the conversation",
    "diary": "Diary entries",
    "votes": "Poll votes",
    "people": "New people who said yes",
}
DASHBOARD_WEEK_TABLE = {
    "what": "What",
    "count": "How many",
}

# When a page cannot be shown.
DASHBOARD_SIGNED_OUT = "You are signed out"
DASHBOARD_HOW_TO_SIGN_IN = (
    "To sign in, send /dashboard to the bot in Telegram and open the link it sends you. Each"
    " link works once, for 10 minutes."
)
DASHBOARD_LINK_USED = "That sign-in link has already been used, or it is more than 10 minutes old."
DASHBOARD_NOT_STAFF = "Only the facilitators and coordinators of a project can use the dashboard."
DASHBOARD_NOT_FOUND = "There is no such page, or it is not about one of your projects."
DASHBOARD_FORM_EXPIRED = (
    "This form is out of date, so nothing was changed. Go back, reload the page and try again."
)
DASHBOARD_GONE_HOME = "Go to the projects overview"

# Project pages: diary completion, polls, check-ins, ideas and offers (bot/dashboard/diary.py...).
DASHBOARD_VIEWS_NAV = "Pages about {title}"
DASHBOARD_DIARY = "Diary completion"
DASHBOARD_DIARY_INTRO = (
    "Everyone keeping the diary, by pseudonym. Tick the people you want to encourage and press"
    " “Remind these”: each is sent one friendly reminder, once, never a second."
)
DASHBOARD_DIARY_NO_DIARY = "This project does not keep a diary."
DASHBOARD_DIARY_NONE = "Nobody keeps this project's diary yet."
DASHBOARD_DIARY_COLUMNS = {
    "pick": "Remind",
    "pseudonym": "Pseudonym",
    "rate": "Prompts answered",
    "answered": "Answered of sent",
    "entries": "Entries",
    "last": "Last entry",
    "reminded": "Reminder",
}
DASHBOARD_DIARY_ANSWERED = "{answered} of {sent}"
DASHBOARD_DIARY_NOT_REMINDED = "Not reminded"
DASHBOARD_DIARY_REMINDER = {
    "pending": "Reminded on {day}: on its way",
    "held": "Reminded on {day}: held until quiet hours end",
    "sent": "Reminded on {day}",
    "failed": "Reminded on {day}, but it could not be delivered",
}
DASHBOARD_DIARY_REMINDER_SKIPPED = "Reminded on {day}, not sent: {reason}"
DASHBOARD_DIARY_REMIND = "Remind these"
DASHBOARD_DIARY_PICK_NONE = (
    "Nobody was ticked, so no reminder was sent. Tick the people to remind, then press"
    " “Remind these”."
)
DASHBOARD_DIARY_REMINDED = (
    "A reminder is on its way to {count} person: {names}.",
    "A reminder is on its way to {count} people: {names}.",
)
DASHBOARD_DIARY_ALREADY = (
    "{count} person was reminded before and is not sent another: {names}.",
    "{count} people were reminded before and are not sent another: {names}.",
)
DASHBOARD_DIARY_STOPPED = "Stopped their diary, so not reminded: {names}."
DASHBOARD_POLLS = "Polls"
DASHBOARD_POLLS_INTRO = (
    "Each poll with its versions side by side: how many chose each option (and what share of"
    " the voters), how many answered, and what people said when asked why."
)
DASHBOARD_POLLS_NONE = "No polls have been sent in this project yet."
DASHBOARD_POLLS_VERSION = "Version {version} ({status})"
DASHBOARD_POLLS_OPTION = "Option"
DASHBOARD_POLLS_ANSWERED = "Answered"
DASHBOARD_POLLS_CHART_ALT = (
    "Chart of the results of “{question}”, its versions side by side; the table below gives"
    " the same figures."
)
DASHBOARD_CHECKINS = "Check-in trends"
DASHBOARD_CHECKINS_INTRO = (
    "Each check-in cycle by cycle: how many of those asked answered, and the mean of each"
    " 1 to 5 question. The changes you recorded are marked on the chart and listed below it."
)
DASHBOARD_CHECKINS_OPEN = "{day} (still open)"
DASHBOARD_CHECKINS_ANSWERED = "{answered} of {invited} ({rate})"
DASHBOARD_CHECKINS_COLUMNS = {
    "cycle": "Cycle",
    "answered": "Answered",
}
DASHBOARD_CHECKINS_CHANGES = "Changes recorded"
DASHBOARD_CHECKINS_NO_CHANGES = (
    "No changes recorded yet. Record one in the chat with /checkin change and what changed."
)
DASHBOARD_CHECKINS_CHART_ALT = (
    "Chart of “{title}” over time: the mean of each question and the share who answered, per"
    " cycle, with the recorded changes marked; the table below gives the same figures."
)
DASHBOARD_CHECKINS_NONE = "This project has no check-ins."
DASHBOARD_IDEAS = "Ideas and offers"
DASHBOARD_IDEAS_OFF = (
    "This project does not collect residents' ideas; any offers of help are below."
)
