"""The stored focus: what sits under what, and when the dialogue is asked again."""

from __future__ import annotations

from datetime import timedelta

from conversations.clock import Clock
from conversations.focus import Focus, FocusKind
from storage.database import Database
from storage.focus import LIVE_SECONDS, FocusRepository

DIALOGUE = Focus(FocusKind.DIALOGUE, "p")
IDEA = Focus(FocusKind.IDEA, "p")
ZONE = Focus(FocusKind.DIARY_ZONE, "p")


async def test_short_questions_in_a_row_keep_the_dialogue_underneath(db: Database) -> None:
    focus = FocusRepository(db)
    await focus.set(7, DIALOGUE)
    await focus.set(7, IDEA)
    await focus.set(7, ZONE)  # a second interruption: the dialogue is still below
    assert await focus.get(7) == ZONE
    assert await focus.done(7, FocusKind.IDEA) is None  # not the open one: nothing changes
    assert await focus.get(7) == ZONE
    assert await focus.done(7, FocusKind.DIARY_ZONE) == DIALOGUE
    assert await focus.get(7) is None  # the caller asks the dialogue again, which sets it


async def test_the_dialogue_never_sits_on_anything(db: Database) -> None:
    focus = FocusRepository(db)
    await focus.set(8, IDEA)
    await focus.set(8, DIALOGUE)
    await focus.set(8, ZONE)
    assert await focus.done(8, FocusKind.DIARY_ZONE) == DIALOGUE
    await focus.set(8, IDEA)  # nothing was open: nothing under
    assert await focus.done(8, FocusKind.IDEA) is None


async def test_a_dialogue_left_for_a_day_is_not_asked_again(db: Database, clock: Clock) -> None:
    focus = FocusRepository(db)
    await focus.set(9, DIALOGUE)
    clock.advance(timedelta(seconds=LIVE_SECONDS + 60))
    await focus.set(9, IDEA)
    assert await focus.done(9, FocusKind.IDEA) is None


async def test_leaving_a_project_clears_only_its_questions(db: Database) -> None:
    focus = FocusRepository(db)
    await focus.set(10, DIALOGUE)
    await focus.set(11, Focus(FocusKind.POLL_BUILDER, "other"))
    await focus.clear(10, "p")
    await focus.clear(11, "p")
    assert await focus.get(10) is None
    assert await focus.get(11) == Focus(FocusKind.POLL_BUILDER, "other")
