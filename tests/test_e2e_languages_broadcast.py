"""Proactive messages in each recipient's language, chosen when they are sent.

A cohort with an English and a Welsh resident gets a poll (with its intro and "why?"), an
update, a diary prompt and a check-in, each in their own words; someone who switches to
Welsh after a message was queued, but before it went, reads it in Welsh. The real stack:
emulator, SQLite file, the outbox sender. Expected texts come from the catalogues, and each
Welsh one is first shown to differ from the English.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.broadcasts import send_broadcast
from bot.diary_scheduler import prompt_message
from bot.handlers.polls_build import poll_params
from bot.handlers.update_sending import update_params
from conversations import loop
from conversations.i18n import Catalogues
from conversations.polls import texts
from conversations.polls.model import PollSpec
from conversations.polls.targets import parse_target
from conversations.projects import Project
from storage.diary import SlotGroup
from storage.outbox import OutgoingMessage
from tests.conftest import Resident, RunningBot, wait_handled
from tests.test_e2e_polls import received_poll, vote, wait_text

WORDS = Catalogues.load()
ENGLISH, WELSH = 6101, 6102
MONDAY_18 = datetime(2026, 12, 14, 18, 0, tzinfo=UTC)  # a check-in, 10 days on: a new week


def say(lang: str, key: str, **args: Any) -> str:
    text = WORDS.render(lang, key, **args)
    if lang != "en":
        assert text != WORDS.render("en", key, **args), f"{key} has no {lang} translation"
    return text


def plural(lang: str, key: str, n: int, **args: Any) -> str:
    return WORDS.render_plural(lang, key, n, **args)


async def join(bot: RunningBot, user_id: int, app: str, lang: str) -> Resident:
    """Open the invite from a Telegram app in ``app``, agree, answer the quoting question."""
    person = Resident(bot, user_id)
    update = bot.emulator.inject_text(user_id, "/start NORTHFIELD", language_code=app)
    await wait_handled(bot.settings.database_target, update["update_id"])
    await person.press(say(lang, "CONSENT_YES"))
    await person.press(say(lang, "QUOTE_YES"))
    return person


async def arrived(bot: RunningBot, person: Resident, text: str) -> dict[str, Any]:
    """The message with exactly this text, once the outbox has delivered it."""

    def found() -> list[dict[str, Any]]:
        return [m for m in person.messages() if m.get("text") == text]

    await bot.emulator.wait_for(lambda e: bool(found()), timeout=10)
    return found()[0]


def labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def northfield(bot: RunningBot) -> Project:
    project = bot.services.projects.get("northfield")
    assert project is not None
    return project


async def test_a_mixed_cohort_hears_each_broadcast_in_its_own_language(
    project_bot: RunningBot,
) -> None:
    services = project_bot.services
    project = northfield(project_bot)
    people = {"en": await join(project_bot, ENGLISH, "en-GB", "en")}
    people["cy"] = await join(project_bot, WELSH, "cy", "cy")

    # A poll (its second version, so an intro goes first), to everyone.
    broadcast = await services.outbox.repo.create_broadcast("poll", project_id=project.id)
    spec = PollSpec(question="Where should the bench go?", options=("Bus stop", "Library"))
    poll = await services.polls.create(
        project.id, spec.model_copy(update={"why": texts.WHY_DEFAULT}), "all",
        created_by=None, broadcast_id=broadcast, version=2,
    )  # fmt: skip
    plan = await send_broadcast(
        services,
        None,  # type: ignore[arg-type]  # no progress message, so no Bot needed
        None,
        broadcast_id=broadcast,
        project=project,
        target=parse_target("all"),
        kind="poll",
        method="sendPoll",
        params=poll_params(poll),
        dedupe=f"poll:{poll.id}",
        progress_chat_id=None,
        intro=texts.NEW_VERSION.format(version=2),
    )
    assert plan.queued == 2
    for lang, person in people.items():
        await arrived(project_bot, person, say(lang, "POLL_NEW_VERSION", version=2))
        sent = await received_poll(person)
        assert sent["question"] == spec.question  # the facilitator's one text
        await vote(person, sent, [0])
        await wait_text(person, say(lang, "POLL_FOLLOWUP_ASK", why=texts.WHY_DEFAULT))
        await person.send("/skip")

    # "You said, we did", to those who voted on the poll.
    drafts = services.updates.drafts
    draft = await drafts.start(ENGLISH, project.id)
    await drafts.set_link(draft.id, "poll", str(poll.id))
    words = "The bench goes in at the bus stop next month."
    await drafts.set_text(draft.id, words, 1)
    ready = await drafts.of(ENGLISH)
    assert ready is not None
    link = loop.Link("poll", spec.question)
    spoken = loop.update_spec(project.title, link, words)
    posted = await services.updates.post(
        ready, project.dialogue.id, lambda u: update_params(spoken, u)
    )
    assert posted is not None and posted.recipients == 2
    services.wake_outbox()
    for lang, person in people.items():
        title = project.title.in_(lang)  # the project's own name, per language
        heading = say(lang, "UPDATE_MESSAGE.poll", title=title, label=spec.question, text=words)
        update = await arrived(project_bot, person, heading)
        assert labels(update) == [say(lang, "UPDATE_REPLY_BUTTON")]

    # A diary prompt: the project's own words and Tandem's buttons.
    assert project.diary is not None
    for person in people.values():
        participant = await services.people.participant(person.user_id, project.id)
        assert participant is not None
        await services.diary.enrol(
            participant.id, project.id, "Europe/London", {"evening": "19:00"},
            date(2026, 12, 1), date(2026, 12, 31),
        )  # fmt: skip
    evening = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)
    queued = await services.diary_scheduler.fire(
        SlotGroup(project.id, "Europe/London", "19:00"), evening
    )
    assert queued == 2
    prompt = project.diary.words.prompt
    assert prompt.in_("cy") != prompt.in_("en")
    for lang, person in people.items():
        message = await arrived(project_bot, person, prompt.in_(lang))
        assert labels(message) == [say(lang, "DIARY_PROMPT_LOG"), say(lang, "DIARY_PROMPT_NOTHING")]

    # A check-in: its title is the project's, per language; the count is a plural.
    services.clock.move_to(MONDAY_18)
    assert await services.checkin_scheduler.fire(project.id, "dropin", MONDAY_18) == 2
    definition = services.checkin_scheduler.definition(project, "dropin")
    assert definition is not None
    n = len(definition.questions)
    for lang, person in people.items():
        title = definition.title.in_(lang)
        invite = plural(lang, "CHECKIN_INVITE", n, title=title)
        assert lang == "en" or invite != plural("en", "CHECKIN_INVITE", n, title=title)
        message = await arrived(project_bot, person, invite)
        assert labels(message) == [say(lang, "CHECKIN_START")]


async def test_switching_language_after_queueing_gets_the_new_language(
    project_bot: RunningBot,
) -> None:
    services = project_bot.services
    project = northfield(project_bot)
    person = await join(project_bot, ENGLISH, "en-GB", "en")
    participant = await services.people.participant(ENGLISH, project.id)
    assert participant is not None
    # The diary prompt exactly as the scheduler queues it, held a minute (as quiet hours do).
    prompt = prompt_message(project)
    held = services.clock.timestamp() + 60
    await services.outbox.enqueue(
        [
            OutgoingMessage(
                ENGLISH,
                prompt.kind,
                prompt.method,
                json.loads(prompt.params_json),
                participant_id=participant.id,
                dedupe_key="switch:1",
                not_before=held,
            )
        ]
    )
    # Queued in English terms (nothing rendered yet); now they choose Welsh.
    await person.send("/language")
    await person.press("Cymraeg")
    services.clock.advance(timedelta(seconds=90))
    services.wake_outbox()
    assert project.diary is not None
    message = await arrived(project_bot, person, project.diary.words.prompt.in_("cy"))
    assert labels(message) == [say("cy", "DIARY_PROMPT_LOG"), say("cy", "DIARY_PROMPT_NOTHING")]
