"""Time zones from what people type: IANA names, their cities, and a table of places."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from conversations.diary_schedule import parse_zone
from conversations.zones import places, similar_places


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Manchester", "Europe/London"),
        ("manchester", "Europe/London"),
        ("  CARDIFF ", "Europe/London"),
        ("Swansea", "Europe/London"),
        ("Glasgow", "Europe/London"),
        ("Belfast", "Europe/Belfast"),
        ("Birmingham", "Europe/London"),
        ("United Kingdom", "Europe/London"),
        ("Dublin", "Europe/Dublin"),
        ("Cork", "Europe/Dublin"),
        ("Warsaw", "Europe/Warsaw"),
        ("Kraków", "Europe/Warsaw"),
        ("krakow", "Europe/Warsaw"),
        ("Łódź", "Europe/Warsaw"),
        ("Lagos", "Africa/Lagos"),
        ("Nigeria", "Africa/Lagos"),
        ("Karachi", "Asia/Karachi"),
        ("Lahore", "Asia/Karachi"),
        ("Dhaka", "Asia/Dhaka"),
        ("Sylhet", "Asia/Dhaka"),
        ("Kabul", "Asia/Kabul"),
        ("Mogadishu", "Africa/Mogadishu"),
        ("Somalia", "Africa/Mogadishu"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Europe/Paris", "Europe/Paris"),
        ("tokyo", "Asia/Tokyo"),
        ("UTC", "UTC"),
    ],
)
def test_places_people_type_find_their_zone(typed: str, zone: str) -> None:
    found = parse_zone(typed)
    # Belfast's zone is London's (Europe/Belfast is only a link to it).
    assert found == ("Europe/London" if zone == "Europe/Belfast" else zone)


def test_unknown_places_are_refused() -> None:
    assert parse_zone("Atlantis") is None
    assert parse_zone("") is None
    assert parse_zone("x" * 100) is None


def test_close_names_are_suggested() -> None:
    assert "Manchester" in similar_places("Manchestr")
    assert "Warsaw" in similar_places("warsawa")
    assert similar_places("Qqqqqq") == []


def test_the_table_names_real_zones_and_no_place_twice() -> None:
    zones = available_timezones()
    assert all(zone in zones for zone in places().values())
    assert len(places()) > 100
