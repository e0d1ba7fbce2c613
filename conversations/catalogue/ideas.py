"""The ideas farm (residents share, back and build on ideas; staff moderate and shortlist)
and the offers register (who is willing to do what)."""

from __future__ import annotations

# A resident sharing an idea
FARM_SHARE_ASK = (
    "Thank you! I've passed your idea to the “{title}” team.\n\n"
    "This project runs an ideas farm: residents see each other's ideas, back them and build"
    " on them. May other residents see your idea under your pseudonym, {pseudonym}? Your"
    " name is never shown, and a facilitator checks every idea before it's shown."
)
FARM_SHARE_YES = "Yes, share it"
FARM_SHARE_NO = "No, just the team"
FARM_SHARED = (
    "Thank you! A facilitator will look at it soon, and I'll tell you when it's shared."
    " See other people's ideas any time with /farm."
)
FARM_KEPT_PRIVATE = "OK, only the team will see your idea."
FARM_ALREADY_ANSWERED = "You've already answered that."
# What became of an idea or a build-on its author shared (queued, in their language)
FARM_NEWS = {
    "idea_approved": (
        "Your idea for “{title}” is now shared with other residents under your pseudonym:"
        " “{idea}”. See what others make of it with /farm."
    ),
    "idea_rejected": (
        "Thank you for your idea for “{title}”: “{idea}”. The team has read it and keeps it,"
        " but won't show it to other residents this time (it may be too personal, or close"
        " to something already shared). It still counts."
    ),
    "build_approved": "What you added to an idea in “{title}” is now shared: “{idea}”.",
    "build_rejected": (
        "Thank you for what you added to an idea in “{title}”: “{idea}”. The team has read"
        " it, but won't show it to other residents this time. It still counts."
    ),
}

# A resident browsing (/farm)
FARM_NOT_IN_PROJECT = "Join a project first (tap its invite link), then you can see others' ideas."
FARM_OFF = (
    "This project doesn't share ideas between residents. You can still send your own ideas"
    " to the team with /idea."
)
FARM_EMPTY = "No shared ideas yet. Be the first: send /idea and your idea."
FARM_PAGE = {
    "new": "Ideas from residents of “{title}”, newest first ({first}–{last} of {total}):",
    "top": "Ideas from residents of “{title}”, most backed first ({first}–{last} of {total}):",
}
FARM_IDEA = "{pseudonym}: {idea}"
FARM_BACKERS = ("{count} person backs this", "{count} people back this")
FARM_BUILD_ON_LINE = "↳ building on this, {pseudonym}: {idea}"
FARM_BACK = "👍 Back this"
FARM_UNBACK = "Undo my backing"
FARM_BUILD = "Build on this"
FARM_HELP = "I could help with this"
FARM_NAV = "More ideas, or another order:"
FARM_MORE = "More ideas"
FARM_SORT = {"new": "Newest first", "top": "Most backed first"}
FARM_BACKED = "You back this idea."
FARM_UNBACKED = "You no longer back this idea."
FARM_GONE = "That idea isn't shown any more."
FARM_BUILD_ASK = (
    "What would you add to this idea?\n\n“{idea}”\n\nWrite it in your own words, or send a"
    " voice note or a photo. A facilitator checks it before others see it. /skip if you've"
    " changed your mind."
)
FARM_BUILD_THANKS = (
    "Thank you! A facilitator will look at what you added; then others will see it under"
    " the idea, under your pseudonym."
)
FARM_BUILD_SKIPPED = "OK, nothing added."

# Offering to help ("I could help with this")
OFFER_ASK_WHAT = (
    "Thank you! What could you do? A line or two is plenty (or a voice note). /skip if you've"
    " changed your mind."
)
OFFER_ASK_WHEN = "When could you do it (days, times, how often)? /skip if you'd rather not say."
OFFER_ASK_WHERE = (
    "Where could you do it (a place, near home, online)? /skip if you'd rather not say."
)
OFFER_ASK_TAG = "Last one: which of these fits your offer best?"
OFFER_TAGS = {
    "practical": "Practical help",
    "skill": "A skill I can share",
    "time": "Time to give",
    "place": "A place or equipment",
    "local": "Local knowledge",
    "other": "Something else",
}
OFFER_THANKS = (
    "Thank you! The team keeps your offer under your pseudonym and may ask whether you'd"
    " like to join a piece of work. You can always say no."
)
OFFER_WITHDRAWN = "OK, no offer for now."
OFFER_USE_BUTTONS = "Please choose one of the buttons above (or send /skip)."
OFFER_WORDS_PLEASE = "Please write it in a few words (or send /skip)."
# A facilitator asking someone who offered (queued, in the resident's language)
OFFER_INVITE = (
    "The “{title}” team is looking for people to help with: {work}\n\n"
    "You offered: “{what}”. Would you like to join? There's no obligation."
)
OFFER_YES = "Yes, I'm interested"
OFFER_NO = "Not this time"
OFFER_SAID = {
    "yes": "Thank you! The team will be in touch here about next steps.",
    "no": "That's fine. Thank you for letting us know.",
}

# Staff: /ideas
IDEAS_NO_PROJECTS = (
    "None of your projects runs an ideas farm. Turn it on with “ideas_farm: true” in the"
    " project file."
)
IDEAS_PICK_PROJECT = "Which project's ideas?"
IDEAS_QUEUE = (
    "“{title}”: {count} idea waiting for you to check",
    "“{title}”: {count} ideas waiting for you to check",
)
IDEAS_QUEUE_EMPTY = "“{title}”: nothing waiting to be checked."
IDEAS_WAITING = "Waiting, from {pseudonym}: {idea}"
IDEAS_WAITING_BUILD = "Waiting, from {pseudonym}, building on “{parent}”: {idea}"
IDEAS_APPROVE = "Approve"
IDEAS_REJECT = "Don't share"
IDEAS_SHARED_HEADING = "Shared ideas in “{title}”, shortlisted first, then most backed:"
IDEAS_SHARED_NONE = "No shared ideas in “{title}” yet."
IDEAS_ITEM = {
    "open": "{pseudonym}: {idea}",
    "shortlisted": "Shortlisted. {pseudonym}: {idea}",
    "polled": "Made into a poll. {pseudonym}: {idea}",
}
IDEAS_HELPERS = ("{count} person could help", "{count} people could help")
IDEAS_SHORTLIST = "Shortlist"
IDEAS_MAKE_POLL = "Make a prototype poll"
IDEAS_DONE = {
    "approved": "Approved: residents can see it now, and its author is told.",
    "rejected": "Not shared. Its author is told kindly, and the team keeps it.",
    "shortlisted": "Shortlisted.",
    "stale": "Someone has already dealt with that one.",
}
POLL_ASK_QUESTION_FROM_IDEA = (
    "A prototype poll from a resident's idea:\n\n{question}\n\n"
    "Send the question as residents should see it, or keep this."
)

# Staff: /offers
OFFERS_NO_PROJECTS = "You don't run a project yet."
OFFERS_PICK_PROJECT = "Which project's offers?"
OFFERS_HEADING = "Offers in “{title}”, newest first:"
OFFERS_HEADING_TAG = "Offers in “{title}” tagged “{tag}”, newest first:"
OFFERS_NONE = "No offers in “{title}” yet."
OFFERS_FILTER = "Show only one tag:"
OFFERS_ALL = "All tags"
OFFER_CARD = "{pseudonym}: {what}"
OFFER_WHEN = "When: {when}"
OFFER_WHERE = "Where: {where}"
OFFER_TAG_LINE = "Tag: {tag}"
OFFER_ON_IDEA = "Offered on an idea: “{idea}”"
OFFER_ASKED_STATE = {
    "yes": "Asked about “{work}”: said yes.",
    "no": "Asked about “{work}”: said no.",
    "waiting": "Asked about “{work}”: no answer yet.",
}
OFFER_ASK_BUTTON = "Ask to join"
OFFER_TAG_BUTTON = "Tag: {tag}"
OFFER_ASK_WORK = (
    "What piece of work would you ask {pseudonym} to join? Write it in a line; they get it"
    " with Yes and No buttons, and their answer comes back here. Their Telegram identity"
    " stays hidden. /skip to ask nobody."
)
OFFER_ASK_QUEUED = (
    "Asked {pseudonym} about “{work}”. Their answer will come here and show in /offers."
)
OFFER_ASK_CAPPED = (
    "{pseudonym} has had this week's messages already (the project's weekly cap), so they"
    " were not asked. Try again next week."
)
OFFER_ASK_UNREACHABLE = "{pseudonym} can't be messaged now (paused, left, or blocked the bot)."
OFFER_ASK_NOBODY = "OK, nobody was asked."
OFFER_ANSWERED = {
    "yes": "{pseudonym} said yes to “{work}”.",
    "no": "{pseudonym} said no to “{work}”.",
}
OFFER_TAGGED = "Tag set."

# The summary report's section
REPORT_FARM_HEAD = "Ideas farm and offers"
REPORT_FARM_WHY = (
    "Ideas residents chose to share with each other (under pseudonyms, once a facilitator"
    " approved them), how many backed each and offered to help; and the offers register:"
    " who is willing to do what, and how many said yes when asked to join a piece of work."
)
REPORT_FARM_NONE = "No ideas were shared between residents and nobody offered anything yet."
REPORT_FARM_COUNTS_CAPTION = "The ideas farm in numbers"
REPORT_FARM_COUNTS = {
    "shared": "Ideas shared with residents",
    "waiting": "Waiting for a facilitator",
    "rejected": "Not shared after checking",
    "builds": "Additions (“building on this”) shared",
    "backings": "Backings",
}
REPORT_FARM_IDEAS_CAPTION = "The most backed shared ideas"
REPORT_FARM_HEADERS = {
    "what": "What",
    "count": "How many",
    "idea": "Idea",
    "backers": "Backers",
    "helpers": "Could help",
    "state": "Now",
}
REPORT_FARM_STATE = {
    "open": "Shared",
    "shortlisted": "Shortlisted",
    "polled": "Made into a poll",
}
REPORT_FARM_QUOTED = "“{idea}” ({pseudonym})"
REPORT_FARM_NOT_QUOTED = "(not quoted: its author did not agree to quotes)"
REPORT_OFFERS_CAPTION = "Offers by tag"
REPORT_OFFERS_HEADERS = {
    "tag": "Tag",
    "offers": "Offers",
    "asked": "Asked to join",
    "yes": "Said yes",
}
REPORT_OFFERS_UNTAGGED = "No tag yet"
REPORT_OFFERS_ALL = "All offers"

# /mydata
MYDATA_OFFER = "Your offer"
MYDATA_OFFER_PARTS = "When: {when}. Where: {where}."
MYDATA_OFFER_ASKED = "Asked to join: {work}"
MYDATA_OFFER_ANSWER = {
    "yes": "You said yes.",
    "no": "You said no.",
    "waiting": "Not answered yet.",
}
MYDATA_BACKED = "You backed an idea"
MYDATA_SHARING = {
    "asked": "Your idea (not yet said whether to share it)",
    "pending": "Your idea (shared, waiting for a facilitator)",
    "approved": "Your idea (shown to other residents)",
    "rejected": "Your idea (kept by the team, not shown)",
    "build": "What you added to an idea",
}
