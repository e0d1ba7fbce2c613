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
