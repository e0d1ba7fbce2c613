"""The report's ideas farm and offers register section: the farm in numbers, the most backed
shared ideas (quoted only when their authors agreed), and offers by tag with how many said
yes when asked to join a piece of work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conversations.i18n.words import Words
from conversations.ideas_farm import OFFER_TAGS
from conversations.report.texts import number

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]
# The farm's counts, in the order the table shows them.
COUNTS = ("shared", "waiting", "rejected", "builds", "backings")


@dataclass(frozen=True, slots=True)
class FarmIdeaRow:
    """A shared idea: its words and author's pseudonym (None unless quotable), its backing."""

    text: str | None
    pseudonym: str | None
    backers: int
    helpers: int
    state: str  # open, shortlisted, polled


@dataclass(frozen=True, slots=True)
class OfferTag:
    """Offers with one tag ("" untagged): how many, how many asked to join, how many said yes."""

    tag: str
    offers: int
    asked: int
    said_yes: int


@dataclass(frozen=True, slots=True)
class FarmReport:
    """What the section shows."""

    counts: dict[str, int]
    ideas: tuple[FarmIdeaRow, ...]
    offers: tuple[OfferTag, ...]

    @property
    def empty(self) -> bool:
        """Nothing shared, nothing waiting and nobody offered anything."""
        return not any(self.counts.values()) and not self.offers


def counts_table(farm: FarmReport, words: Words) -> Table:
    """The farm in numbers."""
    rows: list[tuple[str, ...]] = [
        (words.say(f"REPORT_FARM_COUNTS.{k}"), number(farm.counts.get(k, 0), words)) for k in COUNTS
    ]
    return (words.say("REPORT_FARM_HEADERS.what"), words.say("REPORT_FARM_HEADERS.count")), rows


def ideas_table(farm: FarmReport, words: Words) -> Table:
    """The most backed shared ideas."""
    rows: list[tuple[str, ...]] = [
        (
            words.say("REPORT_FARM_QUOTED", pseudonym=i.pseudonym, idea=i.text)
            if i.text is not None and i.pseudonym is not None
            else words.say("REPORT_FARM_NOT_QUOTED"),
            number(i.backers, words),
            number(i.helpers, words),
            words.say(f"REPORT_FARM_STATE.{i.state}"),
        )
        for i in farm.ideas
    ]
    keys = ("idea", "backers", "helpers", "state")
    return tuple(words.say(f"REPORT_FARM_HEADERS.{k}") for k in keys), rows


def offers_table(farm: FarmReport, words: Words) -> Table:
    """Offers by tag, asked and said yes; the last row is all offers."""

    def label(tag: str) -> str:
        return (
            words.say(f"OFFER_TAGS.{tag}")
            if tag in OFFER_TAGS
            else words.say("REPORT_OFFERS_UNTAGGED")
        )

    rows: list[tuple[str, ...]] = [
        (label(t.tag), number(t.offers, words), number(t.asked, words), number(t.said_yes, words))
        for t in farm.offers
    ]
    rows.append(
        (
            words.say("REPORT_OFFERS_ALL"),
            number(sum(t.offers for t in farm.offers), words),
            number(sum(t.asked for t in farm.offers), words),
            number(sum(t.said_yes for t in farm.offers), words),
        )
    )
    keys = ("tag", "offers", "asked", "yes")
    return tuple(words.say(f"REPORT_OFFERS_HEADERS.{k}") for k in keys), rows


def compose_farm(farm: FarmReport | None, out: Any, words: Words) -> None:
    """The section, walked into a report Writer (conversations/report/compose.py)."""
    out.section("farm", words.say("REPORT_FARM_HEAD"))
    out.para(words.say("REPORT_FARM_WHY"), note=True)
    if farm is None or farm.empty:
        out.para(words.say("REPORT_FARM_NONE"))
        return
    out.table(counts_table(farm, words), words.say("REPORT_FARM_COUNTS_CAPTION"))
    if farm.ideas:
        out.table(ideas_table(farm, words), words.say("REPORT_FARM_IDEAS_CAPTION"))
    if farm.offers:
        out.table(offers_table(farm, words), words.say("REPORT_OFFERS_CAPTION"))
