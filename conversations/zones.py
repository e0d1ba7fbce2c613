"""Time zones from what people type: IANA names, the cities in them, and a table of places.

The table (places.yaml) holds cities and countries people name that are not IANA zone
names (Manchester, Cardiff, Warsaw's Kraków, Nigeria...). Matching ignores case, accents,
punctuation and spacing, so "krakow", "Kraków" and "KRAKÓW" are one place.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache
from importlib import resources
from zoneinfo import available_timezones

import yaml

MAX_TYPED = 60
SUGGESTIONS = 3
CLOSE_ENOUGH = 0.75
# Letters that Unicode does not decompose into a base letter and an accent.
PLAIN = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "ı": "i", "œ": "oe"})
# Old alias areas ("Canada/Atlantic"): found by their full name, never offered as a city.
SKIPPED_AREAS = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")


def plain(text: str) -> str:
    """A name as it is matched: lower case, no accents, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(PLAIN))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(c if c.isalnum() or c == "/" else " " for c in text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Every place of the table, as written there, with its IANA zone (read once, when needed)."""
    source = resources.files("conversations").joinpath("places.yaml").read_text(encoding="utf-8")
    table = yaml.safe_load(source)
    return {place: zone for zone, names in table.items() for place in names}


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, str], dict[str, str]]:
    """(plain name -> zone, plain name -> the name to show) for zones, their cities and places."""
    zones: dict[str, str] = {}
    shown: dict[str, str] = {}
    for name in sorted(available_timezones()):
        zones.setdefault(plain(name), name)
        if "/" in name and not name.startswith(SKIPPED_AREAS):
            city = name.rsplit("/", 1)[1].replace("_", " ")
            zones.setdefault(plain(city), name)
            shown.setdefault(plain(city), city)
    for place, zone in places().items():
        # A place of the table wins over an IANA city of the same name elsewhere.
        zones[plain(place)] = zone
        shown[plain(place)] = place
    return zones, shown


def find_zone(text: str) -> str | None:
    """The IANA zone of what was typed ('Europe/Paris', 'paris', 'Manchester'), or None."""
    if len(text) > MAX_TYPED:
        return None
    wanted = plain(text)
    return _known()[0].get(wanted) if wanted else None


def similar_places(text: str) -> list[str]:
    """Up to three known places whose names are close to what was typed, closest first."""
    wanted = plain(text[:MAX_TYPED])
    if not wanted:
        return []
    shown = _known()[1]
    return [shown[m] for m in difflib.get_close_matches(wanted, shown, SUGGESTIONS, CLOSE_ENOUGH)]
