"""/cohorts, /tag and /untag: the groups a facilitator can send polls and updates to."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.asking import staff_asked
from bot.permissions import requires
from bot.words import words_for
from conversations.i18n.words import Words
from conversations.participation import Role
from conversations.polls.draft import Cohort
from conversations.polls.targets import Target, TargetError, normal_tag
from conversations.projects import Project


def target_label(project: Project, target: Target, words: Words) -> str:
    """A cohort in plain words, with the dialogue's own label for an answer."""
    if target.kind == "tag":
        return words.say("COHORT_TAG_LABEL", tag=target.key)
    if target.kind == "joined":
        return words.say("COHORT_JOINED_LABEL", code=target.key)
    if target.kind == "answer":
        option = target.value
        if project.dialogue.has_step(target.key):
            step = project.dialogue.step(target.key)
            label = next((o.label for o in step.options if o.id == target.value), None)
            option = label.in_(words.lang, project.languages[0]) if label is not None else option
        return words.say("COHORT_ANSWER_LABEL", option=option)
    return words.say("COHORT_EVERYONE")


async def cohorts_of(context: TandemContext, project: Project, words: Words) -> list[Cohort]:
    """Every cohort of a project with its reachable size, everyone first."""
    sizes = await context.services.cohorts.sizes(project.id)
    return [Cohort(s.target, s.size, target_label(project, s.target, words)) for s in sizes]


@requires(Role.FACILITATOR, "cohorts")
async def cohorts(update: Update, context: TandemContext) -> None:
    """/cohorts: each project's cohorts, with the target to write and its size."""
    message, user, project_ids = await staff_asked(update, context)
    words = await words_for(context, user)
    services = context.services
    blocks = []
    for project_id in project_ids:
        project = services.projects.get(project_id)
        if project is None:
            continue
        reachable, total = await services.cohorts.totals(project.id)
        title = project.title.in_(words.lang)
        lines = [words.say("COHORTS_HEAD", title=title, reachable=reachable, total=total)]
        for cohort in await cohorts_of(context, project, words):
            lines.append(
                words.say("COHORT_LINE", target=cohort.target, label=cohort.label, size=cohort.size)
            )
        blocks.append("\n".join(lines))
    none = words.say("COHORTS_NO_PROJECTS")
    await message.reply_text("\n\n".join(blocks)[:4000] if blocks else none)


@requires(Role.FACILITATOR, "tag")
async def tag(update: Update, context: TandemContext) -> None:
    """/tag P-7F3K carers: put a participant in a tag cohort."""
    await _tagging(update, context, "tag")


@requires(Role.FACILITATOR, "untag")
async def untag(update: Update, context: TandemContext) -> None:
    """/untag P-7F3K carers: take a participant out of a tag cohort."""
    await _tagging(update, context, "untag")


async def _tagging(update: Update, context: TandemContext, command: str) -> None:
    message, user, project_ids = await staff_asked(update, context)
    words = await words_for(context, user)
    args = context.args or []
    if len(args) != 2:
        await message.reply_text(words.say("TAG_USAGE", command=command))
        return
    pseudonym = args[0].upper()[:12]
    try:
        name = normal_tag(args[1])
    except TargetError as exc:
        await message.reply_text(str(exc))
        return
    services = context.services
    participant = await services.cohorts.find(project_ids, pseudonym)
    if participant is None:
        await message.reply_text(words.say("TAG_NOBODY", pseudonym=pseudonym))
        return
    if command == "tag":
        await services.cohorts.tag(participant.id, name)
        reply = "TAG_TAGGED"
    elif await services.cohorts.untag(participant.id, name):
        reply = "TAG_UNTAGGED"
    else:
        reply = "TAG_NOT_TAGGED"
    await message.reply_text(words.say(reply, pseudonym=participant.pseudonym, tag=name))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /cohorts, /tag and /untag."""
    app.add_handler(CommandHandler("cohorts", cohorts))
    app.add_handler(CommandHandler("tag", tag))
    app.add_handler(CommandHandler("untag", untag))
