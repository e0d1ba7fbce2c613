"""The command menus (setMyCommands): residents', facilitators', coordinators'."""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Begin, or join a project"),
    ("help", "What I can do"),
    ("projects", "Your projects"),
    ("idea", "Share your own idea or topic"),
    ("farm", "Ideas other residents shared"),
    ("suggest", "Suggest a question for a check-in"),
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


# Added to a facilitator's own menu (and a coordinator's), after the residents' commands.
FACILITATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "Who has joined and answered"),
    ("newpoll", "Build a poll and send it"),
    ("results", "A poll's results, with a chart"),
    ("closepoll", "Close a poll"),
    ("update", "Tell people what came of what they said"),
    ("replies", "The latest replies to your updates"),
    ("ideas", "Check, shortlist and poll shared ideas"),
    ("offers", "Who offered to help, and asking them"),
    ("cohorts", "The groups you can send to"),
    ("tag", "Put someone in a group"),
    ("untag", "Take someone out of a group"),
    ("checkin", "Check-ins, their results and changes"),
    ("newcheckin", "Build a recurring check-in"),
    ("dashboard", "A sign-in link for the web dashboard"),
)
COORDINATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("facilitator", "A link that makes someone a facilitator"),
    ("export", "A project's data or report as a file"),
)
