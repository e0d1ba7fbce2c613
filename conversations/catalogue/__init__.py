"""Every word Tandem says outside a project's own scripts: one place, plain language.

Each module here holds one area's English as module-level constants; the key of a message is
its constant's name (unique across the modules: conversations/i18n/source.py refuses a name
used twice). A new area gets its own module, listed in MODULES in the order translators
should meet it. Code reads them as ``catalogue.NAME`` or renders them by key in a person's
language (bot/words.py).
"""

from __future__ import annotations

from conversations.catalogue import (
    account,
    budget,
    checkins,
    coassess,
    dashboard,
    dashboard_answers,
    dashboard_compose,
    dialogue,
    diary,
    diary_completion,
    exports,
    focus,
    general,
    ideas,
    joining,
    journey,
    menus,
    polls,
    proactive,
    replies,
    report,
    staff,
    updates,
)
from conversations.catalogue.account import *  # noqa: F403
from conversations.catalogue.budget import *  # noqa: F403
from conversations.catalogue.checkins import *  # noqa: F403
from conversations.catalogue.coassess import *  # noqa: F403
from conversations.catalogue.dashboard import *  # noqa: F403
from conversations.catalogue.dashboard_answers import *  # noqa: F403
from conversations.catalogue.dashboard_compose import *  # noqa: F403
from conversations.catalogue.dialogue import *  # noqa: F403
from conversations.catalogue.diary import *  # noqa: F403
from conversations.catalogue.diary_completion import *  # noqa: F403
from conversations.catalogue.exports import *  # noqa: F403
from conversations.catalogue.focus import *  # noqa: F403
from conversations.catalogue.general import *  # noqa: F403
from conversations.catalogue.ideas import *  # noqa: F403
from conversations.catalogue.joining import *  # noqa: F403
from conversations.catalogue.journey import *  # noqa: F403
from conversations.catalogue.menus import *  # noqa: F403
from conversations.catalogue.polls import *  # noqa: F403
from conversations.catalogue.proactive import *  # noqa: F403
from conversations.catalogue.replies import *  # noqa: F403
from conversations.catalogue.report import *  # noqa: F403
from conversations.catalogue.staff import *  # noqa: F403
from conversations.catalogue.updates import *  # noqa: F403

MODULES = (
    general,
    joining,
    dialogue,
    account,
    diary,
    proactive,
    journey,
    polls,
    checkins,
    coassess,
    updates,
    ideas,
    replies,
    staff,
    exports,
    report,
    dashboard,
    budget,
    focus,
    menus,
    diary_completion,
    dashboard_compose,
    dashboard_answers,
)
