"""Words Tandem says outside a project's own scripts: one place, plain language."""

from __future__ import annotations

WELCOME = (
    "Hello! I'm Tandem. I help local services and residents work on things together,"
    " week by week, instead of asking you once and disappearing.\n\n"
    "To take part you need an invite link from the team running a project near you."
    " Tap it and I'll tell you what the project is about before asking you anything.\n\n"
    "Send /help to see what I can do."
)

HELP = (
    "Here is what you can do:\n"
    "/start – begin, or join a project with its invite link\n"
    "/join CODE – join a project by its code\n"
    "/help – this list\n"
    "/projects – the projects you're in, and which one you're talking to\n"
    "/idea – tell us your own idea or topic, any time\n"
    "/diary – keep a diary of your contacts with services (/diary settings to change it)\n"
    "/journey – a picture of your diary so far\n"
    "/skip – skip a question   /back – go back one question\n"
    "/pause – no messages from me for now   /resume – start again\n"
    "/leave – leave the current project\n"
    "/language – choose the language I write to you in\n"
    "/mydata – get a file of everything I hold about you\n"
    "/forget – erase everything I hold about you\n"
    "/updates – what changed because of what you said\n\n"
    "I never store what you write until you have agreed to take part in a project."
)

STAFF_HELP = (
    "For project staff:\n"
    "/stats – how many people have joined and answered\n"
    "/facilitator PROJECT – (coordinators) a one-time link that makes someone a facilitator\n"
    "/export – (coordinators) a project's data or summary report as a file (pseudonymised)\n"
    "/update – tell the people who took part in a poll, idea or question what came of it\n"
    "/replies – the latest replies to your updates\n"
    "/newpoll – build a prototype poll and send it to a cohort (/newpoll version: a new"
    " version of an earlier poll)\n"
    "/results – a poll's results, with a chart   /closepoll – close a poll\n"
    "/cohorts – the groups you can send to   /tag P-7F3K NAME, /untag – group people\n"
    "/checkin – scheduled check-ins: /checkin results [ID], /checkin change TEXT\n"
    "/newcheckin – build a recurring check-in in chat"
)

UNKNOWN_COMMAND = (
    "Sorry, I don't know the command {command}. Send /help to see the ones I understand."
)

NOT_UNDERSTOOD_MEDIA = (
    "Thanks! I can't do anything with that kind of message yet. Please write to me in"
    " words, or send /help to see what I can do."
)

NO_PROJECT_YET = (
    "Thanks for your message. I haven't stored it: you haven't joined a project yet."
    " Tap the invite link the project team gave you, or send /help."
)

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on our side. Please try again in a minute, or send /help."
)

WELCOME_BACK = (
    "Welcome back! You're talking to “{title}”. Send /projects to switch, or /help for"
    " everything I can do."
)

# Joining and consent
UNKNOWN_CODE = (
    "I don't know the invite code “{code}”. Please check the link or code the project team"
    " gave you, or ask them for a new one."
)
JOIN_NEEDS_CODE = "Please add the project's code, like this: /join NORTHFIELD"
PROJECT_CLOSED = (
    "“{title}” has finished, so it isn't taking new answers. Thank you for your interest!"
    " The project team can tell you what is planned next."
)
# The purpose-first introduction, shown before anyone is asked anything; the project file
# gives the words in braces (in the resident's language), {cap} is INTRODUCTION_CAP's.
PROJECT_INTRODUCTION = (
    "{title}\n\n"
    "Why we're asking: {purpose}\n\n"
    "What happens with what you say: {use_of_input}\n\n"
    "Who will see it: {who_sees}\n\n"
    "How long it runs: {duration}\n\n"
    "How often I'll message you: {contact} Never more than {cap} a week, and not between"
    " {quiet_from} and {quiet_to}.\n\n"
    "You can skip any question. You can /pause messages, /leave the project, see what we"
    " hold about you with /mydata, or /forget it all, at any time."
)
INTRODUCTION_CAP = {"once": "once", "twice": "twice", "times": "{count} times"}
CONSENT_QUESTION = "Are you happy to take part?"
CONSENT_YES = "Yes, I agree"
CONSENT_MORE = "Tell me more"
CONSENT_LATER = "Not now"
CONSENT_MORE_TEXT = (
    "A bit more about taking part:\n"
    "• You can skip any question (/skip) and go back (/back).\n"
    "• Your name is never shown with your words in reports; you'll be “{pseudonym}” or"
    " similar.\n"
    "• /mydata sends you everything I hold about you; /forget erases it all.\n"
    "• /pause stops my messages for a while; /leave stops them for good.\n"
    "• I won't message you more than {cap} times a week, and never during quiet hours"
    " ({quiet})."
)
CONSENT_DECLINED = (
    "No problem — I haven't stored anything. If you change your mind, tap the invite link again."
)
CONSENT_THANKS = "Thank you for joining “{title}”!"
CONSENT_RENEW = (
    "“{title}” has changed what it does with people's answers since you joined. Please read"
    " the new description and agree again before we carry on."
)
ALREADY_IN = "You're already taking part in “{title}”. Let's carry on where you were."
# Languages: the buttons carry each language's name in itself (Cymraeg, English).
LANGUAGE_OFFER = "I'll write to you in {language}. To choose another language, tap it:"
LANGUAGE_QUESTION = "“{title}” — I write to you in {language}. Which language would you like?"
LANGUAGE_CHANGED = "Done. “{title}” — I'll write to you in {language}."
LANGUAGE_ONLY_ONE = "“{title}” runs in {language} only, so there is nothing to choose."
QUOTE_QUESTION = (
    "One more thing: may we quote your words in reports about the project? Choose one:\n\n"
    "• Quote me, without my name: reports may repeat your words next to a code like"
    " P-7F3K, never your name.\n"
    "• Use my first name too: the same, and if the coordinator asks for names when making a"
    " file for the project team, your first name (as it is on Telegram) may appear next to"
    " your words. Only then, and only in files for the project team.\n"
    "• Don't quote me: the project team still reads your answers under a code, but won't"
    " repeat your words in reports.\n\n"
    "You can change this any time with /mydata."
)
QUOTE_YES = "Quote me, without my name"
QUOTE_NAMED = "Use my first name too"
QUOTE_NO = "Don't quote me"
QUOTE_NOTED_YES = "Thanks — we may quote you, never with your name."
QUOTE_NOTED_NAMED = (
    "Thanks — we may quote you, and your first name may appear with your words in files the"
    " coordinator makes for the project team. You can change this with /mydata."
)
QUOTE_NOTED_NO = "Understood — we won't quote you word for word."
QUOTE_PENDING = (
    "Before we start, please tap one of the buttons above about quoting your words"
    " (or send /skip to say no)."
)

# Buttons that no longer apply or were never ours
STALE_BUTTON = "That button is from an earlier message, so I've ignored it."
UNKNOWN_BUTTON = "Sorry, that button doesn't work. Send /help if you're stuck."

# Finished dialogue, ideas
DIALOGUE_DONE = (
    "Thanks — we've finished the questions for now. You can send /idea any time to tell us"
    " something else."
)
IDEA_ASK = "What's your idea or topic? Write it in your own words, or send a voice note or a photo."
IDEA_THANKS = "Thank you! I've passed your idea to the “{title}” team."
IDEA_SKIPPED = "OK, no idea for now. You can send /idea any time."
DIALOGUE_CHANGED = (
    "The project team has changed the questions since you last answered, so let's start"
    " them again. Thank you for your patience!"
)
IDEA_NOT_IN_PROJECT = "Join a project first (tap its invite link), then send your idea."
EDITED_MESSAGE = (
    "I saw you edited a message. I keep what you first sent; to change an answer, send /back"
    " and answer again."
)

# Projects, pause, leave
PROJECTS_NONE = "You're not in any project yet. Tap a project's invite link to join."
PROJECTS_LIST = "Your projects (★ = the one you're talking to):"
PROJECT_SWITCHED = "You're now talking to “{title}”."
PAUSED = (
    "Paused. I won't send you any messages until you send /resume, and I won't take what you"
    " write as answers until then."
)
RESUMED = "Welcome back — I'll send messages again."
NOT_KNOWN = "I don't hold anything about you. Tap a project's invite link to join one."
LEAVE_CONFIRM = (
    "Leave “{title}”? I'll stop sending you its messages. What you said stays with the"
    " project unless you also send /forget."
)
LEAVE_YES = "Yes, leave"
KEEP = "No, stay"
LEFT = "You've left “{title}”. Thank you for taking part."
KEPT = "Good — nothing has changed."

# Your data
MYDATA_CAPTION = "Everything I hold about you, as of now."
MYDATA_VOTE = "your vote: {options}"
MYDATA_VOTE_NONE = "your vote: none (you took it back)"
QUOTING_STATES = {
    "anon": "yes, without your name",
    "name": "yes, and your first name may appear with them in files for the project team",
    "no": "no",
    "unasked": "not asked yet",
}
MYDATA_LANGUAGE = "“{title}” — language: {language}. To change it, tap one:"
MYDATA_QUOTING = "“{title}” — quoting your words: {state}. To change it, tap one:"
QUOTING_CHANGED = "Done. “{title}” — quoting your words: {state}."
FORGET_CONFIRM = (
    "This erases everything I hold about you: your answers, ideas and the projects you're"
    " in. It can't be undone. Are you sure?"
)
FORGET_YES = "Yes, erase everything"
FORGOTTEN = (
    "Done. I've erased everything I held about you. If you message me again, I'll treat you"
    " as someone new."
)

# Diary
DIARY_NONE = "This project doesn't have a diary. Send /help to see what you can do."
DIARY_SETTINGS = (
    "Your diary for “{title}”: {days} days, {start} to {end}. I'll remind you at {times}"
    " ({zone} time). {state}"
)
DIARY_STATE_ON = "You can log an entry any time with /diary."
DIARY_STATE_PAUSED = "Paused until {until}."
DIARY_STATE_STOPPED = "Stopped: no more reminders. Send /diary to start again."
DIARY_OK = "That's right"
DIARY_CHANGE_ZONE = "Change time zone"
DIARY_CHANGE_TIME = "Change time"
DIARY_PAUSE_WEEK = "Pause for a week"
DIARY_STOP = "Stop the diary"
DIARY_CONFIRMED = "Great — your diary is set. Thank you!"
DIARY_ASK_ZONE = (
    "Which time zone are you in? Type a city (like Madrid or New York) or a zone name"
    " (like Europe/Madrid)."
)
DIARY_BAD_ZONE = (
    "I don't know the time zone “{text}”. Try your town, a nearby big city or your country"
    " (like Manchester, Warsaw or Pakistan), or a zone name (like Europe/London)."
)
DIARY_ZONE_NEAR = (
    "I don't know the time zone “{text}”. Did you mean {names}? Type the place again, or a"
    " zone name (like Europe/London)."
)
DIARY_ZONE_SET = "Done: your reminders now follow {zone} time."
DIARY_PICK_TIME = "What time suits you for the reminder?"
DIARY_TIME_SET = "Done: I'll remind you at {time}."
DIARY_PAUSED = "Diary paused: no reminders until {until}. Send /diary settings to change it."
DIARY_STOPPED = "Diary stopped: no more reminders. Your entries are kept. /diary starts again."
DIARY_USAGE = (
    "Use /diary to log an entry, /diary settings to change time zone or time,"
    " /diary pause 7 to pause for 7 days, or /diary stop."
)
DIARY_NOT_ENROLLED = "You're not keeping a diary. Send /diary to start one."
JOURNEY_EMPTY = "There's nothing in your diary yet. Log an entry with /diary."
JOURNEY_CAPTION = "Your journey so far: each dot is a contact with a service, and how it felt."
JOURNEY_USAGE = "Use /journey for everyone in your project, or /journey P-XXXX for one person."
JOURNEY_NOBODY = "There's nobody with the name {who} in your projects."

# Staff
PRIVATE_CHAT_ONLY = "I only show this in our private chat: open t.me/{bot}"
NOT_ALLOWED = (
    "Sorry, {command} is only for {role}s of a project. If you think you should have it, ask"
    " the project's coordinator. Send /help to see what you can do."
)
STAFF_LINK = "Send this one-time link to the new facilitator of “{title}”. It works once:\n{link}"
FACILITATOR_USAGE = "Which project? For example: /facilitator {example}"
UNKNOWN_PROJECT = "There's no project called “{project}”. Projects: {known}"
STAFF_WELCOME = "You're now a facilitator of “{title}”. Send /help to see staff commands."
STAFF_INVITE_USED = (
    "That staff link has already been used or isn't valid. Ask the coordinator for a new one."
)
STATS_NONE = "You don't run any projects yet."
STATS_LINE = (
    "“{title}”: {consented} joined ({active} active, {left} left), {finished} finished the"
    " conversation, {ideas} ideas."
)

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

# The message budget: who a poll, update or check-in left out, and why (staff only).
# Each entry is (one, other): the CLDR plural forms English needs.
LEFT_OUT = ("{count} not sent: {reasons}", "{count} not sent: {reasons}")
LEFT_OUT_REASONS: dict[str, tuple[str, str]] = {
    "weekly cap": ("{count} at this week's limit", "{count} at this week's limit"),
    "paused": ("{count} paused", "{count} paused"),
    "blocked": ("{count} has blocked the bot", "{count} have blocked the bot"),
    "left": ("{count} has left the project", "{count} have left the project"),
    "poll closed": ("{count} after the poll closed", "{count} after the poll closed"),
}
LEFT_OUT_OTHER = ("{count} for another reason", "{count} for other reasons")
HELD_QUIET = (
    "{count} held until {until} (quiet hours)",
    "{count} held until {until} (quiet hours)",
)
LEFT_OUT_BUTTON = "Who wasn't sent it?"
LEFT_OUT_HEAD = "Who this {what} left out (pseudonyms):"
LEFT_OUT_WHAT = {"poll": "poll", "update": "update", "checkin": "check-in"}
LEFT_OUT_GROUPS: dict[str, str] = {
    "weekly cap": "At this week's limit",
    "quiet hours": "Held for quiet hours",
    "paused": "Paused",
    "blocked": "Blocked the bot",
    "left": "Left the project",
    "poll closed": "After the poll closed",
}
LEFT_OUT_GROUP_OTHER = "Another reason"
LEFT_OUT_NOBODY = "Nobody was left out: everyone it was for was sent it."
LEFT_OUT_MORE = ("… and {count} more", "… and {count} more")

# `tandem validate`: each project's message budget.
BUDGET_SCHEDULED = ("{count} message", "{count} messages")
BUDGET_LINE = (
    "{project}: a cap of {cap} a week for polls, updates and check-ins; its own check-ins"
    " send up to {scheduled} a week, leaving {room} for polls and updates"
)
BUDGET_REMINDERS = (
    " (one less for anyone sent its check-in reminder)",
    " (up to {count} less for anyone sent check-in reminders)",
)
BUDGET_DIARY = "; diary prompts and reminders, counted apart: up to {diary} a week"
BUDGET_WARNING = (
    "warning: {project}: its own check-ins send up to {scheduled} a week against a cap of"
    " {cap}, so {problem}. Raise max_messages_per_week or check in less often."
)
BUDGET_NO_ROOM = "polls and updates will never get through"
BUDGET_OVER = "some people will miss check-ins, and polls and updates will never get through"
BUDGET_NO_REMINDERS = "some check-in reminders will not be sent"

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begin, or join a project"),
    ("help", "What I can do"),
    ("projects", "Your projects"),
    ("idea", "Share your own idea or topic"),
    ("diary", "Log a diary entry"),
    ("journey", "Your diary as a journey"),
    ("skip", "Skip this question"),
    ("back", "Go back one question"),
    ("pause", "Pause my messages"),
    ("resume", "Start my messages again"),
    ("leave", "Leave the current project"),
    ("language", "Choose your language"),
    ("mydata", "Everything I hold about you"),
    ("forget", "Erase everything I hold about you"),
    ("updates", "What changed because of what you said"),
)


# Where typed messages go (one owner: what the person was last asked)
NOT_WAITING = (
    "Thanks — I wasn't waiting for an answer just then, so I haven't kept that."
    " To tell the team something of your own, send /idea. /help lists everything I can do."
)
NOT_WAITING_RESUME = (
    "Thanks — I wasn't waiting for an answer just then, so I haven't kept that."
    " Send /resume to carry on with our conversation where we left off, or /idea to tell"
    " the team something of your own."
)
PAUSED_NOT_KEPT = (
    "You've paused messages from me, so I haven't taken that as an answer."
    " Send /resume when you'd like to carry on."
)
NOTHING_TO_SKIP = "There's no question open just now, so there's nothing to skip."
NOTHING_TO_GO_BACK_TO = "There's no question open just now, so there's nothing to go back to."
CANNOT_GO_BACK = "You can't go back from here. Answer, or send /skip to leave it."
SKIPPED = "Skipped — that's fine."
BACK_EARLIER_ANSWER = "Earlier you answered: “{answer}”. Send a new answer to change it."
BACK_EARLIER_MEDIA = {
    "voice": "Earlier you sent a voice note here. Send a new answer to change it.",
    "photo": "Earlier you sent a photo here. Send a new answer to change it.",
}
BACK_TO_CONVERSATION = "Back to our conversation:"
TAP_A_BUTTON = "Please tap one of the buttons above to answer."
ALREADY_AGREED = "You've already agreed — thank you."
NOTHING_TO_RESUME = "Welcome back — I'll send messages again. There's no question waiting for you."
DIARY_SETUP_TAP = (
    "Please tap one of the buttons above, or type a time from the list, like {example}."
)
DIARY_TIME_QUIET = (
    "That's in the project's quiet hours ({quiet}), when I don't send messages."
    " Please pick another time, like {choices}."
)
DIARY_SETTINGS_KEPT = "OK — your diary settings stay as they are."
DIARY_ZONE_SKIPPED = "OK — your time zone stays as it is."
DIARY_ENTRY_TEXT_ONLY = "Please answer in words, or tap a button above."
BUILDER_TEXT_ONLY = "Please type your answer (or tap a button above)."


# Added to a facilitator's own menu (and a coordinator's), after the residents' commands.
FACILITATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "Who has joined and answered"),
    ("newpoll", "Build a poll and send it"),
    ("results", "A poll's results, with a chart"),
    ("closepoll", "Close a poll"),
    ("update", "Tell people what came of what they said"),
    ("replies", "The latest replies to your updates"),
    ("cohorts", "The groups you can send to"),
    ("tag", "Put someone in a group"),
    ("untag", "Take someone out of a group"),
    ("checkin", "Check-ins, their results and changes"),
    ("newcheckin", "Build a recurring check-in"),
)
COORDINATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("facilitator", "A link that makes someone a facilitator"),
    ("export", "A project's data or report as a file"),
)


def either(names: list[str]) -> str:
    """Names offered as a choice, e.g. "Manchester, Winchester or Dorchester"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
