"""Joining a project: the introduction, consent, language and quoting questions, ideas."""

from __future__ import annotations

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
