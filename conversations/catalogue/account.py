"""A resident's own projects, pausing, leaving, and their data."""

from __future__ import annotations

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

# The /mydata file
MYDATA_FILE_HEADING = "Everything Tandem holds about you"
MYDATA_USER_ID = "Telegram user id: {id}"
MYDATA_FIRST_NAME = "First name: {name}"
MYDATA_NOT_STORED = "(not stored)"
MYDATA_PAUSED_STATE = {"yes": "Messages paused: yes", "no": "Messages paused: no"}
MYDATA_PROJECT = "Project: {title}"
MYDATA_PSEUDONYM = "Your name in reports: {pseudonym}"
MYDATA_JOINED = "Joined: {when} (agreed to version {version})"
MYDATA_STATUS = {"active": "Status: taking part", "left": "Status: left"}
MYDATA_QUOTING_LINE = "Quoting your words: {state}"
MYDATA_LANGUAGE_LINE = "Language: {language}"
MYDATA_YOUR_IDEA = "Your idea"
MYDATA_QUESTION = "Question {step}"
MYDATA_OPTION = "option {number}"
MYDATA_FORGET_HINT = "Send /forget in the chat to erase all of this."
MYDATA_DIARY_SETTINGS = "Diary settings"
MYDATA_DIARY_WINDOW = "{zone}, {start} to {end}"
MYDATA_DIARY_WINDOW_STOPPED = "{zone}, {start} to {end} (stopped)"
MYDATA_DIARY_ENTRY = "Diary: {service}"
MYDATA_DIARY_NOTHING = "Diary: nothing today"
MYDATA_DIARY_UNFINISHED = "Diary: unfinished entry"
MYDATA_FELT = "(felt {feeling}/5)"
MYDATA_BETTER = "— better if: {better}"
MYDATA_TAG = "Group the team put you in"
MYDATA_UPDATE_REPLY = "Your reply to an update"
MYDATA_CHECKIN_ANSWER = "Check-in answer ({question})"
MYDATA_POLL_WHY = "Why (poll: {question})"
MYDATA_POLL = "Poll: {question}"
# What stands for something that isn't words: a voice note, a photo, a skipped question.
SAID_KINDS = {
    "voice": "[voice note]",
    "photo": "[photo]",
    "skipped": "(skipped)",
    "nothing": "[nothing said]",
}
