"""The one clock: real, started at a moment, or pinned; it only moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.config import ConfigError, load_settings
from conversations.clock import Clock

MOMENT = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)


class Seconds:
    """Machine seconds the test turns by hand."""

    def __init__(self, value: float = 1_000_000.0) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value


def test_a_pinned_clock_stands_still_until_moved() -> None:
    machine = Seconds()
    clock = Clock(MOMENT, frozen=True, real=machine)
    machine.value += 3600
    assert clock.now() == MOMENT and clock.timestamp() == MOMENT.timestamp()
    clock.advance(timedelta(days=1))
    assert clock.now() == MOMENT + timedelta(days=1) and clock.jumped == 86400


def test_a_started_clock_runs_at_real_speed_from_its_moment() -> None:
    machine = Seconds()
    clock = Clock(MOMENT, real=machine)
    assert clock.now() == MOMENT and clock.now().tzinfo is UTC
    machine.value += 90
    assert clock.now() == MOMENT + timedelta(seconds=90)
    clock.move_to(MOMENT + timedelta(hours=2))
    machine.value += 10
    assert clock.now() == MOMENT + timedelta(hours=2, seconds=10)


def test_it_never_runs_backwards_and_real_time_is_the_default() -> None:
    machine = Seconds()
    clock = Clock(MOMENT, frozen=True, real=machine)
    clock.move_to(MOMENT - timedelta(days=3))
    assert clock.now() == MOMENT and clock.jumped == 0
    real = Clock(real=machine)
    assert real.timestamp() == machine.value and real.offset == 0


def test_clock_start_setting_starts_or_pins_the_bot_clock() -> None:
    assert load_settings(env_file=None, clock_start="").make_clock().offset == 0
    started = load_settings(env_file=None, clock_start="2026-12-04T14:00:00+00:00")
    assert started.clock_start == MOMENT and not started.make_clock().frozen
    assert abs(started.make_clock().timestamp() - MOMENT.timestamp()) < 5
    pinned = load_settings(
        env_file=None, clock_start="2026-12-04T15:00:00+01:00", clock_frozen=True
    )
    assert pinned.make_clock().now() == MOMENT
    with pytest.raises(ConfigError, match=r"CLOCK_START .*UTC offset"):
        load_settings(env_file=None, clock_start="2026-12-04T14:00:00")
