"""/update, the building flow: which project, what the update is about, its text."""

from __future__ import annotations

from telegram import Message

from bot.callbacks import encode
from bot.context import TandemContext
from bot.permissions import role_of
from bot.replies import buttons, close_buttons
from bot.update_queue import link_for
from conversations import loop
from conversations.i18n.words import Words
from conversations.loop import LINK_KINDS, Link, LinkKind
from conversations.participation import Role
from conversations.projects import Project
from storage.update_drafts import Draft


async def staff_projects(context: TandemContext, telegram_id: int) -> list[str]:
    """The loaded projects this person runs (coordinators run them all)."""
    services = context.services
    if await role_of(context, telegram_id) is Role.COORDINATOR:
        return services.projects.ids()
    ids = await services.project_rows.facilitated_by(telegram_id)
    return [i for i in ids if services.projects.get(i) is not None]


def project_title(context: TandemContext, project_id: str, lang: str | None = None) -> str:
    """The project's title (in ``lang`` where it has one), or its id if its file is gone."""
    project = context.services.projects.get(project_id)
    return project.title.in_(lang) if project else project_id


def cancel_row(draft: Draft, words: Words) -> tuple[str, str]:
    """The Cancel button of every step of the flow."""
    return words.say("UPDATE_CANCEL"), encode("upd", "stop", draft.id, "x")


async def ask_kind(
    context: TandemContext, chat_id: int, draft: Draft, words: Words, note: str = ""
) -> None:
    """What is the update linked to? (a poll, an idea, a question); ``note`` is a key to say
    first, with the project's title."""
    assert draft.project_id is not None
    title = project_title(context, draft.project_id, words.lang)
    text = words.say("UPDATE_ASK_KIND", title=title)
    rows = [
        (words.say(f"UPDATE_KIND_BUTTONS.{k}"), encode("upd", "kind", draft.id, k))
        for k in LINK_KINDS
    ]
    await context.bot.send_message(
        chat_id,
        f"{words.say(note, title=title)}\n\n{text}" if note else text,
        reply_markup=buttons([*rows, cancel_row(draft, words)]),
    )


def draft_project(context: TandemContext, draft: Draft) -> Project:
    """The project the draft is for."""
    project = context.services.projects.get(draft.project_id or "")
    assert project is not None  # checked against the person's projects on every press
    return project


async def show_choices(
    context: TandemContext, chat_id: int, draft: Draft, kind: LinkKind, words: Words
) -> None:
    """Which poll, idea or question: the recent ones of the project, as buttons."""
    repo = context.services.updates
    project = draft_project(context, draft)
    rows: list[tuple[str, str]] = []
    if kind == "poll":
        for poll_id, question in await repo.recent_polls(project.id, loop.PICK_LIMIT):
            label = loop.poll_button(question.in_(words.lang))
            try:
                rows.append((label, encode("upd", "poll", draft.id, poll_id)))
            except ValueError:
                continue  # an id that cannot ride in a button (too long): leave it out
    elif kind == "idea":
        rows = [
            (
                loop.idea_button(
                    i.pseudonym, loop.contribution_words(i.kind, i.value, i.caption, words), words
                ),
                encode("upd", "idea", draft.id, i.id),
            )
            for i in await repo.recent_ideas(project.id, loop.PICK_LIMIT)
        ]
    else:
        counts = await repo.answer_counts(project.id, project.dialogue.id)
        rows = [
            (
                loop.question_button(s.text.in_(words.lang), counts[s.id]),
                encode("upd", "question", draft.id, s.id),
            )
            for s in project.dialogue.steps
            if s.kind in ("ask", "choice") and counts.get(s.id)
        ]
    if not rows:
        await ask_kind(context, chat_id, draft, words, f"UPDATE_NOTHING_TO_PICK.{kind}")
        return
    await context.bot.send_message(
        chat_id,
        words.say(f"UPDATE_ASK_PICK.{kind}"),
        reply_markup=buttons([*rows, cancel_row(draft, words)]),
    )


async def link_of(
    context: TandemContext, project: Project, kind: LinkKind, ref: str, words: Words
) -> Link | None:
    """The link in words, or None if the thing is not (or no longer) there."""
    return await link_for(context.services, project, kind, ref, words)


async def choose(
    context: TandemContext,
    chat_id: int,
    draft: Draft,
    kind: LinkKind,
    ref: str,
    pressed: Message | None,
    words: Words,
) -> None:
    """A poll, idea or question was picked: check someone took part, then ask for the text."""
    repo = context.services.updates
    project = draft_project(context, draft)
    link = await link_of(context, project, kind, ref, words)
    if link is None:
        note = "UPDATE_NO_SUCH_POLL" if kind == "poll" else "UPDATE_NOBODY_YET"
        await ask_kind(context, chat_id, draft, words, note)
        return
    if (await repo.audience(project.id, kind, ref, project.dialogue.id)).total == 0:
        await ask_kind(context, chat_id, draft, words, "UPDATE_NOBODY_YET")
        return
    await repo.drafts.set_link(draft.id, kind, ref)
    await close_buttons(pressed, loop.excerpt(link.label, 60))
    await context.bot.send_message(
        chat_id,
        words.say("UPDATE_ASK_TEXT", link=loop.staff_link(link, words)),
        reply_markup=buttons([cancel_row(draft, words)]),
    )
