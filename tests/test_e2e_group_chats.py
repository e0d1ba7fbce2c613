"""In a group chat, staff results and personal views answer with one line pointing to the
private chat, and nothing else: what residents said never reaches the group's members."""

from __future__ import annotations

import pytest

from bot.permissions import PRIVILEGED
from conversations import catalogue
from tests.conftest import COORDINATOR, Resident, RunningBot, wait_handled
from tests.test_e2e_dialogue import join_and_consent

GROUP = -4711
POINTER = catalogue.PRIVATE_CHAT_ONLY.format(bot="tandem_test_bot")


async def in_group(bot: RunningBot, user_id: int, text: str) -> list[str]:
    """Send text in the group; return what the bot sent anywhere because of it."""
    before = len(bot.emulator.sent_messages())
    update = bot.emulator.inject_text(user_id, text, chat_id=GROUP)
    await wait_handled(bot.settings.database_target, update["update_id"])
    new = bot.emulator.sent_messages()[before:]
    assert {m["chat"]["id"] for m in new} <= {GROUP}, "something went to another chat"
    return Resident.texts(new)


@pytest.mark.parametrize(
    "command",
    [
        "/results",
        "/results northfield",
        "/stats",
        "/journey",
        "/journey P-AAAA",
        "/cohorts",
        "/checkin results",
        "/export northfield csv",
        "/replies",
        "/tag P-AAAA carers",
        "/untag P-AAAA carers",
        "/update",
        *(f"/{c}" for c in sorted(PRIVILEGED)),
    ],
)
async def test_staff_commands_in_a_group_point_to_the_private_chat(
    project_bot: RunningBot, command: str
) -> None:
    assert await in_group(project_bot, COORDINATOR, command) == [POINTER]
    assert project_bot.emulator.calls_to("sendPhoto") == []
    assert project_bot.emulator.calls_to("sendDocument") == []


async def test_a_residents_own_views_in_a_group_point_to_the_private_chat(
    project_bot: RunningBot,
) -> None:
    person = Resident(project_bot, 1301)
    await join_and_consent(person)
    for command in ("/journey", "/mydata", "/updates", "/results", "/mydata@tandem_test_bot"):
        assert await in_group(project_bot, person.user_id, command) == [POINTER], command
    assert project_bot.emulator.calls_to("sendDocument") == []
    # In the private chat the same commands answer as ever.
    assert Resident.texts(await person.send("/journey")) == [catalogue.JOURNEY_EMPTY]
