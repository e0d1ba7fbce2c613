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
    diary,
    exports,
    focus,
    general,
    joining,
    menus,
    polls,
    staff,
    updates,
)
from conversations.catalogue.account import *  # noqa: F403
from conversations.catalogue.budget import *  # noqa: F403
from conversations.catalogue.checkins import *  # noqa: F403
from conversations.catalogue.diary import *  # noqa: F403
from conversations.catalogue.exports import *  # noqa: F403
from conversations.catalogue.focus import *  # noqa: F403
from conversations.catalogue.general import *  # noqa: F403
from conversations.catalogue.joining import *  # noqa: F403
from conversations.catalogue.menus import *  # noqa: F403
from conversations.catalogue.polls import *  # noqa: F403
from conversations.catalogue.staff import *  # noqa: F403
from conversations.catalogue.updates import *  # noqa: F403

MODULES = (
    general,
    joining,
    account,
    diary,
    staff,
    exports,
    budget,
    focus,
    menus,
    polls,
    checkins,
    updates,
)
