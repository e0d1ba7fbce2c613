"""Closing the loop end to end over the emulator: "you said, we did" updates reach the
people who contributed (and nobody else), who can reply; staff read the replies."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from conversations import catalogue, loop
from conversations.dialogue.script import builtin_script
from conversations.i18n.words import english
from tests import dbview
from tests.conftest import COORDINATOR, TEST_MOMENT, Resident, RunningBot
from tests.test_e2e_dialogue import PROJECT, join_and_consent
from tests.test_e2e_polls import FURTHER

SAY = english().say
EN = english()

TITLE = "Getting about in Northfield"
SCRIPT = builtin_script("outcome_first")
HEADING = "You said, we did"
LONDON = ZoneInfo("Europe/London")


def london(at: time) -> datetime:
    """The test day (the clock starts at TEST_MOMENT, 14:00 in London) at this London time."""
    return datetime.combine(TEST_MOMENT.astimezone(LONDON).date(), at, tzinfo=LONDON)


async def appoint(bot: RunningBot, user_id: int) -> Resident:
    """A facilitator of the example project, appointed with the coordinator's link."""
    coordinator = Resident(bot, COORDINATOR)
    [link] = Resident.texts(await coordinator.send("/facilitator northfield"))
    facilitator = Resident(bot, user_id)
    await facilitator.send(f"/start {link.split('start=')[1]}")
    return facilitator


def updates_to(person: Resident) -> list[str]:
    return [t for t in Resident.texts(person.messages()) if t.startswith(HEADING)]


async def post(
    facilitator: Resident, kind_button: str, pick: str, text: str, *, reaches: bool = True
) -> list[str]:
    """/update, link it, write it; return the preview (before Send)."""
    [ask_kind] = Resident.texts(await facilitator.send("/update"))
    assert ask_kind == EN.say("UPDATE_ASK_KIND", title=TITLE)
    [ask_pick] = Resident.texts(await facilitator.press(kind_button))
    assert ask_pick in [EN.say(f"UPDATE_ASK_PICK.{k}") for k in loop.LINK_KINDS]
    [label] = [b for b in facilitator.buttons() if b.startswith(pick)]
    [ask_text] = Resident.texts(await facilitator.press(label))
    assert ask_text.startswith("Linked to the ")
    # The example runs in English, Welsh and Arabic: the first further language (Welsh) is
    # asked for next; skipped, the preview says who gets the English instead, and offers to
    # add the first language still missing.
    [ask_welsh] = Resident.texts(await facilitator.send(text))
    assert ask_welsh == EN.say("UPDATE_ASK_TEXT_IN", language="Welsh", text=text)
    skip = EN.say("LANGUAGE_SKIP", language="Welsh")
    assert facilitator.buttons() == [skip, EN.say("UPDATE_CANCEL")]
    preview = Resident.texts(await facilitator.press(skip))
    if not reaches:  # nobody would get it: no preview, whatever the languages
        return preview
    missing = [EN.say("LANGUAGE_MISSING", language=name, default="English") for name in FURTHER]
    assert preview[0].endswith("\n\n".join(missing))
    assert facilitator.buttons() == [
        EN.say("UPDATE_SEND"),
        EN.say("LANGUAGE_ADD", language="Welsh"),
        EN.say("UPDATE_CANCEL"),
    ]
    return preview


async def send_and_wait(bot: RunningBot, facilitator: Resident, reached: int) -> None:
    """Press Send; wait until the outbox is done and the summary replaced "Sending…"."""
    [sending] = Resident.texts(await facilitator.press(EN.say("UPDATE_SEND")))
    assert sending == EN.plural("UPDATE_SENDING", reached)
    summary = loop.summary(reached, 0, EN)
    await bot.emulator.wait_for(
        lambda e: summary in Resident.texts(e.sent_messages(facilitator.user_id)), timeout=10
    )


async def test_updates_reach_contributors_who_reply_and_staff_read_it(
    project_bot: RunningBot,
) -> None:
    author, answered, skipper = (Resident(project_bot, u) for u in (1501, 1502, 1503))
    for person in (author, answered, skipper):
        await join_and_consent(person)
    await author.send("Getting to the shops on my own")
    await author.send("So I can see my friends")  # the "why?" follow-up
    await answered.send_kind("voice")
    await skipper.send("/skip")  # skipped answers are not contributions
    await author.send("/idea A bench at the bus stop")
    facilitator = await appoint(project_bot, 1601)

    # An update linked to the idea reaches its author only.
    [preview] = await post(
        facilitator,
        EN.say("UPDATE_KIND_BUTTONS.idea"),
        "P-",
        "You said there was nowhere to sit. A bench goes in next month.",
    )
    assert preview.startswith(
        "This will go to 1 person who took part (the idea “A bench at the bus stop”)."
    )
    await send_and_wait(project_bot, facilitator, 1)
    [idea_update] = updates_to(author)
    assert idea_update == loop.update_message(
        TITLE,
        loop.Link("idea", "A bench at the bus stop"),
        "You said there was nowhere to sit. A bench goes in next month.",
    )
    assert updates_to(answered) == updates_to(skipper) == []

    # An update linked to a question reaches those who answered it, not who skipped it.
    outcome = SCRIPT.step("outcome").text
    [preview] = await post(
        facilitator,
        EN.say("UPDATE_KIND_BUTTONS.question"),
        loop.excerpt(outcome, 36),
        "Many of you said getting to the shops is hard. A shopping bus starts on Monday.",
    )
    assert preview.startswith("This will go to 2 people who took part (the question “If one")
    await send_and_wait(project_bot, facilitator, 2)
    assert len(updates_to(author)) == 2 and len(updates_to(answered)) == 1
    assert updates_to(skipper) == []
    assert "your answer to “If one thing could be different" in updates_to(answered)[0]

    # Residents reply with the button, in words or a voice note; the dialogue carries on.
    assert Resident.texts(await author.press(SAY("UPDATE_REPLY_BUTTON"))) == [
        catalogue.UPDATE_REPLY_ASK.format(title=TITLE)
    ]
    assert Resident.texts(await author.send("Brilliant, thank you"))[:2] == [
        catalogue.UPDATE_REPLY_THANKS.format(title=TITLE),
        catalogue.BACK_TO_CONVERSATION,
    ]
    await answered.press(SAY("UPDATE_REPLY_BUTTON"))
    assert Resident.texts(await answered.send_kind("photo")) == [catalogue.UPDATE_REPLY_MEDIA]
    assert Resident.texts(await answered.send_kind("voice"))[:1] == [
        catalogue.UPDATE_REPLY_THANKS.format(title=TITLE)
    ]
    await author.press(SAY("UPDATE_REPLY_BUTTON"))
    assert Resident.texts(await author.send("/skip"))[:1] == [catalogue.UPDATE_REPLY_SKIPPED]
    assert Resident.texts(await author.send("The buses")) == [  # the example's scenario
        PROJECT.dialogue.step("sam").text,
        PROJECT.dialogue.step("sam_easier").text,
    ]

    # /updates lists what came of what they said, newest first; nothing yet is said kindly.
    [listing] = Resident.texts(await author.send("/updates"))
    assert listing.startswith(EN.say("UPDATES_HEADING"))
    assert listing.index("shopping bus") < listing.index("A bench goes in")
    assert "about your idea “A bench at the bus stop”" in listing
    assert Resident.texts(await skipper.send("/updates")) == [EN.say("UPDATES_NONE")]

    # Staff see the replies under pseudonyms only.
    [replies] = Resident.texts(await facilitator.send("/replies"))
    assert replies.startswith(EN.say("UPDATE_REPLIES_HEADING"))
    assert "Brilliant, thank you" in replies and "[a voice note]" in replies
    assert replies.count("P-") == 2 and "1501" not in replies and "1502" not in replies

    # Residents may do neither.
    for command in ("update", "replies"):
        assert Resident.texts(await skipper.send(f"/{command}")) == [
            catalogue.NOT_ALLOWED["facilitator"].format(command=f"/{command}")
        ]


async def test_nothing_to_link_to_cancel_and_stale_buttons(project_bot: RunningBot) -> None:
    person = Resident(project_bot, 1511)
    await join_and_consent(person)
    await person.send("/skip")
    facilitator = await appoint(project_bot, 1611)
    await facilitator.send("/update")
    # No polls and no ideas yet: say so and offer the choice again.
    [no_polls] = Resident.texts(await facilitator.press(EN.say("UPDATE_KIND_BUTTONS.poll")))
    assert no_polls.startswith(EN.say("UPDATE_NOTHING_TO_PICK.poll", title=TITLE))
    [no_ideas] = Resident.texts(await facilitator.press(EN.say("UPDATE_KIND_BUTTONS.idea")))
    assert no_ideas.startswith(EN.say("UPDATE_NOTHING_TO_PICK.idea", title=TITLE))
    # A forged pick of a poll that does not exist.
    draft = project_bot.services.updates.drafts
    found = await draft.of(1611)
    assert found is not None
    [no_poll] = Resident.texts(await facilitator.press_data(f"upd:poll:{found.id}:999"))
    assert no_poll.startswith(EN.say("UPDATE_NO_SUCH_POLL", title=TITLE))
    assert Resident.texts(await facilitator.press(EN.say("UPDATE_CANCEL"))) == [
        EN.say("UPDATE_CANCELLED")
    ]
    # The cancelled draft's buttons are stale now; a new /update starts afresh.
    assert await facilitator.press(EN.say("UPDATE_KIND_BUTTONS.idea")) == []
    assert facilitator.last_button_answer() == EN.say("UPDATE_DRAFT_GONE")
    # A resident's Reply on an update that was not sent to them changes nothing.
    assert await person.press_data("upreply:12345") == []
    assert person.last_button_answer() == catalogue.STALE_BUTTON
    # The facilitator's ordinary messages are not taken as an update's text.
    [reply] = Resident.texts(await facilitator.send("hello"))
    assert reply == catalogue.NO_PROJECT_YET


async def test_quiet_hours_hold_an_update_until_morning(project_bot: RunningBot) -> None:
    author = Resident(project_bot, 1521)
    await join_and_consent(author)
    await author.send("/idea Later buses on Fridays")
    facilitator = await appoint(project_bot, 1621)
    project_bot.services.clock.move_to(london(time(23, 30)))
    [preview] = await post(
        facilitator, EN.say("UPDATE_KIND_BUTTONS.idea"), "P-", "The last bus is later now."
    )
    assert "It will go out at 08:00, when their quiet hours end." in preview
    [sending] = Resident.texts(await facilitator.press(EN.say("UPDATE_SEND")))
    assert sending == loop.sending(1, EN, london(time(8, 0)))
    [(status, not_before)] = dbview.rows(
        project_bot.settings.database_target,
        "SELECT status, not_before FROM outbox WHERE kind = 'update'",
    )
    assert status == "pending"
    assert not_before == (london(time(8, 0)) + timedelta(days=1)).timestamp()
    assert updates_to(author) == []
    # Not delivered yet, but already listed where the person looks for it.
    [listing] = Resident.texts(await author.send("/updates"))
    assert "The last bus is later now." in listing


async def test_no_send_button_when_nobody_would_receive_it(project_bot: RunningBot) -> None:
    author = Resident(project_bot, 1521)
    await join_and_consent(author)
    await author.send("/idea A bench at the bus stop")
    await author.send("/pause")
    facilitator = await appoint(project_bot, 1621)
    [preview] = await post(
        facilitator,
        EN.say("UPDATE_KIND_BUTTONS.idea"),
        "P-",
        "A bench goes in next month, thank you.",
        reaches=False,
    )
    assert preview.startswith(EN.plural("UPDATE_NOBODY_WOULD_GET", 1))
    assert "0 people" not in preview
    assert facilitator.buttons() == [EN.say("UPDATE_PICK_AGAIN"), EN.say("UPDATE_CANCEL")]
    [again] = Resident.texts(await facilitator.press(EN.say("UPDATE_PICK_AGAIN")))
    assert again == EN.say("UPDATE_ASK_KIND", title=TITLE)
    # A forged Send on that draft queues nothing either.
    found = await project_bot.services.updates.drafts.of(1621)
    assert found is not None
    [refused] = Resident.texts(await facilitator.press_data(f"upd:send:{found.id}:go"))
    assert refused.startswith(EN.plural("UPDATE_NOBODY_WOULD_GET", 1))
    assert updates_to(author) == []
