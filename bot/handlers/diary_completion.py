"""Diary completion for staff: the figures under /stats, and /diary nudge N.

/diary nudge N sends one friendly reminder to each diarist who answered fewer than N% of
their prompts, once per person per project; the reminder is an outbox row (kind 'nudge',
rendered when sent in the resident's language, free under the weekly cap because the
resident chose the diary; the sender skips and records anyone paused, left or blocked).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, Update

from bot.context import Services, TandemContext
from bot.diary_scheduler import reminder_message
from bot.handlers.asking import staff_projects
from bot.permissions import ROLE_RANK, role_of
from bot.words import words_for
from conversations.diary_completion import Completion, PersonCompletion, completion
from conversations.diary_schedule import local_now, quiet_until
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.projects import Project
from conversations.report.texts import counted, number, percent
from storage import diary_completion as stored

MAX_PEOPLE_LISTED = 30


async def completion_of(services: Services, project: Project) -> Completion:
    """The project's diary completion up to today (on the project's clock)."""
    today = local_now(services.clock.now(), project.timezone).date()
    return completion(await stored.diarists(services.db, project.id), today)


def completion_text(project: Project, figures: Completion, words: Words) -> str:
    """The /stats message about one project's diary, in the staff member's words."""
    title = project.title.in_(words.lang)
    if not figures.sent:
        return words.say("DIARY_COMPLETION_NONE", title=title)
    lines = [
        words.say(
            "DIARY_COMPLETION_STATS",
            title=title,
            answered=number(figures.answered, words),
            sent=number(figures.sent, words),
            rate=percent(figures.rate or 0, words),
            entries=counted(words, "DIARY_COMPLETION_ENTRIES", figures.entries),
            people=counted(words, "DIARY_COMPLETION_PEOPLE", len(figures.people)),
        ),
        "",
    ]
    for person in figures.people[:MAX_PEOPLE_LISTED]:
        if person.sent:
            lines.append(
                words.say(
                    "DIARY_COMPLETION_PERSON",
                    pseudonym=person.pseudonym,
                    answered=number(person.answered, words),
                    sent=number(person.sent, words),
                    rate=percent(person.rate or 0, words),
                    entries=counted(words, "DIARY_COMPLETION_ENTRIES", person.entries),
                )
            )
    lines += ["", words.say("DIARY_COMPLETION_DAYS_HEAD")]
    for day in figures.days:
        if day.reached:
            lines.append(
                words.say(
                    "DIARY_COMPLETION_DAY",
                    day=number(day.day, words),
                    answering=number(day.answering, words),
                    reached=number(day.reached, words),
                    share=percent(day.still or 0, words),
                )
            )
    lines += ["", words.say("DIARY_COMPLETION_NUDGE_HINT")]
    return "\n".join(lines)


async def stats_appendix(message: Message, context: TandemContext, project_ids: list[str]) -> None:
    """After /stats: one message per project whose diary someone keeps."""
    services = context.services
    user = message.chat.id
    words = await words_for(context, user)
    for project_id in project_ids:
        project = services.projects.get(project_id)
        if project is None or project.diary is None:
            continue
        figures = await completion_of(services, project)
        if figures.people:  # nothing to say before anyone keeps the diary
            await message.reply_text(completion_text(project, figures, words))


async def nudge_command(update: Update, context: TandemContext, args: list[str]) -> None:
    """/diary nudge N: remind, once, each diarist below N% in the projects the sender runs."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    words = await words_for(context, user)
    if ROLE_RANK[await role_of(context, user.id)] < ROLE_RANK[Role.FACILITATOR]:
        await message.reply_text(words.say("NOT_ALLOWED.facilitator", command="/diary nudge"))
        return
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    threshold = int(args[0]) if args and args[0].isdigit() else 0
    if not 1 <= threshold <= 100:
        await message.reply_text(words.say("DIARY_NUDGE_USAGE"))
        return
    services = context.services
    projects = [services.projects.get(p) for p in await staff_projects(context, user.id)]
    diaries = [p for p in projects if p is not None and p.diary is not None]
    if not diaries:
        await message.reply_text(words.say("DIARY_NUDGE_NO_DIARY"))
        return
    lines = [
        _nudged_lines(p, await _nudge(services, p, threshold), threshold, words) for p in diaries
    ]
    lines.append(words.say("DIARY_NUDGE_FREE"))
    await message.reply_text("\n\n".join(lines))
    services.wake_outbox()


async def _nudge(
    services: Services, project: Project, threshold: int
) -> tuple[list[str], list[str], list[str]]:
    """(reminded now, reminded before, stopped their diary): pseudonyms below ``threshold``."""
    below = (await completion_of(services, project)).below(threshold / 100)
    return await remind(services, project, below, threshold)


async def remind(
    services: Services, project: Project, people: Sequence[PersonCompletion], threshold: int
) -> tuple[list[str], list[str], list[str]]:
    """Queue one reminder to each of ``people`` never reminded in this project, held for
    their quiet hours; (reminded now, reminded before, stopped their diary) as pseudonyms.
    ``threshold`` is recorded with each reminder: /diary nudge's N, 0 when picked by hand."""
    enrolled = await stored.enrolments(services.db, project.id)
    now = services.clock.now()
    candidates = []
    for person in people:
        zone, stopped = enrolled.get(person.participant_id, (project.timezone, True))
        if stopped:
            continue
        until = quiet_until(now, zone, project.quiet_window())
        stamp = until.timestamp() if until is not None else None
        candidates.append(
            stored.Candidate(person.participant_id, person.sent, person.answered, stamp)
        )
    params = reminder_message(project).params_json
    done = await stored.nudge(services.db, project.id, threshold, candidates, params)
    names = {p.participant_id: p.pseudonym for p in people}
    queued = {c.participant_id for c in candidates}
    return (
        [names[i] for i in done.queued],
        [names[i] for i in done.already],
        [p.pseudonym for p in people if p.participant_id not in queued],
    )


Result = tuple[list[str], list[str], list[str]]


def _nudged_lines(project: Project, result: Result, threshold: int, words: Words) -> str:
    queued, already, stopped_names = result
    title = project.title.in_(words.lang)
    share = percent(threshold / 100, words)
    lines = []
    if queued:
        lines.append(
            words.plural(
                "DIARY_NUDGE_SENT",
                len(queued),
                title=title,
                threshold=share,
                number=number(len(queued), words),
                names=", ".join(queued),
            )
        )
    if already:
        lines.append(
            words.plural(
                "DIARY_NUDGE_ALREADY",
                len(already),
                title=title,
                threshold=share,
                number=number(len(already), words),
                names=", ".join(already),
            )
        )
    if stopped_names:
        lines.append(words.say("DIARY_NUDGE_STOPPED", title=title, names=", ".join(stopped_names)))
    if not queued:
        lines.append(words.say("DIARY_NUDGE_NOBODY", title=title, threshold=share))
    return "\n".join(lines)


def _counted(words: Words, key: str, n: int) -> str:
    return words.plural(key, n, number=number(n, words))
