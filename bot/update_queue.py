"""Queueing a "you said, we did" update: the one path both /update's Send and the
dashboard's composer take, so the outbox, the weekly cap and quiet hours apply to both."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.broadcasts import held_until, when_due
from bot.callbacks import encode
from bot.context import Services
from conversations import loop
from conversations.i18n import late
from conversations.i18n.words import Words
from conversations.loop import Link, LinkKind
from conversations.projects import Project
from storage.update_drafts import Draft
from storage.updates import NoSuchPoll, Posted, Schedule


def schedule(project: Project, now: datetime) -> Schedule:
    """Polls' rule for updates: the weekly cap, and quiet hours on each recipient's clock."""
    return lambda recipients: when_due(recipients, project, now)


async def link_for(
    services: Services, project: Project, kind: LinkKind, ref: str, words: Words
) -> Link | None:
    """The link in words (a voice note or photo named in ``words``), or None if the thing
    is not (or no longer) there."""
    repo = services.updates
    if kind == "idea":
        idea = await repo.idea(project.id, ref)
        if idea is None:
            return None
        return Link(kind, loop.contribution_words(idea.kind, idea.value, idea.caption, words))
    if kind == "question":
        if not project.dialogue.has_step(ref):
            return None
        return Link(kind, project.dialogue.step(ref).text)
    try:
        return Link(kind, await repo.poll_question(project.id, ref))
    except NoSuchPoll:
        return None


async def first_out(
    services: Services, project: Project, kind: LinkKind, ref: str, now: datetime
) -> datetime | None:
    """When the update first goes out, if quiet hours hold back everyone it reaches now."""
    recipients = await services.updates.reachable(project.id, kind, ref, project.dialogue.id)
    return held_until(when_due(recipients, project, now), project.timezone)


def update_params(text: dict[str, Any], update_id: int) -> dict[str, Any]:
    """Bot API parameters of an update: its text and the Reply button, as what to say (each
    recipient reads them in their language: conversations/i18n/late.py)."""
    reply = {"text": late.say("UPDATE_REPLY_BUTTON"), "callback_data": encode("upreply", update_id)}
    return {"text": text, "reply_markup": {"inline_keyboard": [[reply]]}}


async def post_update(
    services: Services, project: Project, draft: Draft, link: Link, now: datetime
) -> Posted | None:
    """Queue the previewed draft for everyone who took part (NoSuchPoll if the poll went);
    None if it was sent already (pressed twice, or a replay)."""
    text = loop.update_spec(project.title, link, draft.text or "")
    posted = await services.updates.post(
        draft,
        project.dialogue.id,
        lambda update_id: update_params(text, update_id),
        schedule(project, now),
    )
    if posted is not None:
        services.outbox.wake()
    return posted
