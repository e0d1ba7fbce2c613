"""Outbox rows put into words just before they are sent, in each recipient's language.

A row says what to say (conversations/i18n/late.py); the sender asks ``LateWords`` for the
Bot API parameters. Whose language: the recipient's stored one while the row's project lists
it, else the project's first language, else English (the claim reads it, so someone who
switches /language after a broadcast was queued gets their new language). Rendering is
cached per (row parameters, language): a broadcast to thousands renders once per language.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from conversations.directory import ProjectDirectory
from conversations.i18n import SOURCE
from conversations.i18n.catalogues import Catalogues
from conversations.i18n.late import poll_limits, render
from conversations.i18n.words import Words
from conversations.languages import spoken
from storage.outbox import QueuedMessage

CACHED = 512  # rendered parameter sets kept (a broadcast is one per language)


class LateWords:
    """Renders claimed rows for their recipients; see the module docstring."""

    def __init__(self, catalogues: Catalogues, projects: ProjectDirectory | None) -> None:
        self._catalogues = catalogues
        self._projects = projects
        self._words: dict[str, Words] = {}
        self._done: OrderedDict[tuple[str, str, str], dict[str, Any]] = OrderedDict()

    def languages(self, message: QueuedMessage) -> tuple[str, str]:
        """(the recipient's language, the project's default) for a claimed row."""
        project = (
            self._projects.get(message.project_id)
            if self._projects is not None and message.project_id
            else None
        )
        if project is None:
            return message.language or SOURCE, SOURCE
        return spoken(message.language or "", project.languages), project.languages[0]

    def params(self, message: QueuedMessage) -> dict[str, Any]:
        """The row's Bot API parameters in its recipient's words (without ``chat_id``)."""
        lang, default = self.languages(message)
        raw = message.raw_params or json.dumps(message.params, sort_keys=True)
        key = (raw, lang, default)
        done = self._done.get(key)
        if done is None:
            done = render(message.params, self._words_in(lang), lang, default)
            if message.method == "sendPoll":
                done = poll_limits(done)
            self._done[key] = done
            if len(self._done) > CACHED:
                self._done.popitem(last=False)
        return dict(done)

    def _words_in(self, lang: str) -> Words:
        words = self._words.get(lang)
        if words is None:
            words = self._words[lang] = Words(self._catalogues, self._catalogues.resolve(lang))
        return words
