"""What a person was last asked: the one owner of their next typed message.

Each person has at most one stored focus. Whatever they type (text, a voice note, a photo,
/skip, /back) goes to the owner of that focus and nowhere else; with no focus, nothing is
stored and they are told so. A short question asked in the middle of the dialogue (a poll's
"why?", a diary entry, an idea) sits on top of it: when it is answered, the dialogue's
question is asked again, so the question on screen is always the one being answered.

The rule for what stays underneath (storage/focus.py keeps it in one statement): nothing
under the dialogue; the dialogue under anything that interrupts it; and when one short
question follows another, whatever was under the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FocusKind(StrEnum):
    """Who owns the next typed message."""

    DIALOGUE = "dialogue"  # ref: the step asked
    QUOTE = "quote"  # the quoting question after consent (buttons)
    DIARY_SETUP = "diary_setup"  # the diary's settings, just shown (buttons, or a typed time)
    DIARY_ZONE = "diary_zone"  # "which time zone?"
    DIARY_ENTRY = "diary_entry"  # a diary entry being written
    CHECKIN = "checkin"  # ref: the check-in cycle being answered
    POLL_WHY = "poll_why"  # ref: the poll whose "why?" was asked
    UPDATE_REPLY = "update_reply"  # ref: the update being replied to
    IDEA = "idea"  # /idea, waiting for the idea
    POLL_BUILDER = "poll_builder"  # staff building a poll
    CHECKIN_BUILDER = "checkin_builder"  # staff building a check-in
    UPDATE_BUILDER = "update_builder"  # staff writing a "you said, we did" update
    FARM_BUILD = "farm_build"  # ref: the shared idea a resident builds on
    OFFER = "offer"  # ref: the offer whose what / when / where is asked
    OFFER_ASK = "offer_ask"  # ref: the offer a facilitator names a piece of work for


# Staff work: it does not depend on taking part in a project, so pausing does not hold it.
STAFF_KINDS = frozenset(
    {
        FocusKind.POLL_BUILDER,
        FocusKind.CHECKIN_BUILDER,
        FocusKind.UPDATE_BUILDER,
        FocusKind.OFFER_ASK,
    }
)


@dataclass(frozen=True, slots=True)
class Focus:
    """One open question: its kind, the project it belongs to, and what exactly was asked."""

    kind: FocusKind
    project_id: str | None = None
    ref: str | None = None

    @property
    def staff(self) -> bool:
        """Staff work rather than a resident's answer."""
        return self.kind in STAFF_KINDS
