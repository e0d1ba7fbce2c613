"""/cohorts, /tag and /untag: the groups a facilitator can send polls and updates to."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import TandemContext
from bot.handlers.asking import staff_asked
from bot.permissions import requires
from conversations.participation import Role
from conversations.polls import texts
from conversations.polls.draft import Cohort
from conversations.polls.targets import Target, TargetError, normal_tag
from conversations.projects import Project


def target_label(project: Project, target: Target) -> str:
    """A cohort in plain words, with the dialogue's own label for an answer."""
    if target.kind == "tag":
        return texts.TAG_LABEL.format(tag=target.key)
    if target.kind == "joined":
        return texts.JOINED_LABEL.format(code=target.key)
    if target.kind == "answer":
        option = target.value
        if project.dialogue.has_step(target.key):
            step = project.dialogue.step(target.key)
            option = next((o.label for o in step.options if o.id == target.value), option)
        return texts.ANSWER_LABEL.format(option=option)
    return texts.EVERYONE


async def cohorts_of(context: TandemContext, project: Project) -> list[Cohort]:
    """Every cohort of a project with its reachable size, everyone first."""
    sizes = await context.services.cohorts.sizes(project.id)
    return [Cohort(s.target, s.size, target_label(project, s.target)) for s in sizes]


@requires(Role.FACILITATOR, "cohorts")
async def cohorts(update: Update, context: TandemContext) -> None:
    """/cohorts: each project's cohorts, with the target to write and its size."""
    message, _, project_ids = await staff_asked(update, context)
    services = context.services
    blocks = []
    for project_id in project_ids:
        project = services.projects.get(project_id)
        if project is None:
            continue
        reachable, total = await services.cohorts.totals(project.id)
        lines = [texts.COHORTS_HEAD.format(title=project.title, reachable=reachable, total=total)]
        for cohort in await cohorts_of(context, project):
            lines.append(
                texts.COHORT_LINE.format(target=cohort.target, label=cohort.label, size=cohort.size)
            )
        blocks.append("\n".join(lines))
    await message.reply_text("\n\n".join(blocks)[:4000] if blocks else texts.NO_PROJECTS)


@requires(Role.FACILITATOR, "tag")
async def tag(update: Update, context: TandemContext) -> None:
    """/tag P-7F3K carers: put a participant in a tag cohort."""
    await _tagging(update, context, "tag")


@requires(Role.FACILITATOR, "untag")
async def untag(update: Update, context: TandemContext) -> None:
    """/untag P-7F3K carers: take a participant out of a tag cohort."""
    await _tagging(update, context, "untag")


async def _tagging(update: Update, context: TandemContext, command: str) -> None:
    message, _, project_ids = await staff_asked(update, context)
    args = context.args or []
    if len(args) != 2:
        await message.reply_text(texts.TAG_USAGE.format(command=command))
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
        await message.reply_text(texts.NOBODY.format(pseudonym=pseudonym))
        return
    if command == "tag":
        await services.cohorts.tag(participant.id, name)
        reply = texts.TAGGED
    elif await services.cohorts.untag(participant.id, name):
        reply = texts.UNTAGGED
    else:
        reply = texts.NOT_TAGGED
    await message.reply_text(reply.format(pseudonym=participant.pseudonym, tag=name))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /cohorts, /tag and /untag."""
    app.add_handler(CommandHandler("cohorts", cohorts))
    app.add_handler(CommandHandler("tag", tag))
    app.add_handler(CommandHandler("untag", untag))
