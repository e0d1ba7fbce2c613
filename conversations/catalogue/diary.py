"""The diary: its settings, entries and the journey picture."""

from __future__ import annotations

# An entry's own words: a project file may override each (conversations/diary.py); these are
# the defaults, in every shipped language. The faces keep their emoji in every language.
DIARY_FACES = {
    "very_bad": "😞 Very bad",
    "bad": "🙁 Bad",
    "ok": "😐 OK",
    "good": "🙂 Good",
    "very_good": "😄 Very good",
}
DIARY_OTHER_LABEL = "Other"
DIARY_NOTHING_LABEL = "Nothing today"
DIARY_DEFAULT = {
    "prompt": "Time for your diary. Did you have any contact with a service today?",
    "which": "Which service or place was it?",
    "other": "Which one? Just type its name.",
    "happened": "What happened? Tell me in your own words, or send a voice note or a photo.",
    "feeling": "How did it feel?",
    "better": "What would have made it better? (or /skip)",
    "thanks": "Thank you — that's in your diary. See your journey so far with /journey.",
    "nothing_thanks": "Thanks for letting me know. Nothing today is useful to know too.",
    "nudge": "Just a gentle reminder: your diary is waiting, if you have a moment.",
}
DIARY_ENTRY_TITLE = "Diary entry"

# Diary
DIARY_NONE = "This project doesn't have a diary. Send /help to see what you can do."
DIARY_SETTINGS = (
    "Your diary for “{title}”: {count} day, {start} to {end}. I'll remind you at {times}"
    " ({zone} time). {state}",
    "Your diary for “{title}”: {count} days, {start} to {end}. I'll remind you at {times}"
    " ({zone} time). {state}",
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
