"""Greetings, help, and what Tandem says when it cannot help."""

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
    "/farm – ideas other residents shared, where the project runs an ideas farm\n"
    "/suggest – suggest a question for a check-in\n"
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
    "/checkin suggestions [ID] – questions residents suggested; adopt one\n"
    "/newcheckin – build a recurring check-in in chat\n"
    "/ideas – ideas waiting to be shared, and the shortlist   /offers – offers of help\n"
    "/diary nudge N – remind, once, the diarists who answered under N% of prompts\n"
    "/dashboard – a sign-in link to the web dashboard"
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
