"""Messages queued as what to say, rendered as words when sent, in the recipient's language.

A proactive message (a poll, an update, a diary prompt, a check-in) waits in the outbox as
Bot API parameters in which any value may be a *spec* instead of finished words:

- ``say(KEY, **args)``: a catalogue message (conversations/catalogue), its arguments specs too;
- ``plural(KEY, n, **args)``: a plural catalogue message;
- ``text(value, clip=None)``: a project's or a facilitator's own words (a ``Text``, stored
  with ``to_stored``), in the recipient's language, else the project's default;
- ``moment(timestamp, zone, pattern)``: a date and time on ``zone``'s clock, formatted with
  Babel in the recipient's language;
- ``lines(*specs)``: specs rendered and put one per line (a list inside one message).

``render`` turns such parameters into plain ones for one language. A value without specs is
kept as it is, so rows queued as finished words (older rows, staff notices) still send.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from conversations.i18n.words import Words
from conversations.texts_by_language import from_stored, to_stored

SAY, PLURAL, TEXT, MOMENT, LINES = "$say", "$plural", "$text", "$moment", "$lines"
# Telegram's limits on a native poll, in characters, whatever the language.
POLL_QUESTION_LIMIT = 300
POLL_OPTION_LIMIT = 100


def say(key: str, **args: Any) -> dict[str, Any]:
    """The catalogue message ``key`` (its arguments may be specs)."""
    return {SAY: key, "args": args} if args else {SAY: key}


def plural(key: str, n: int, **args: Any) -> dict[str, Any]:
    """The form of the plural catalogue message ``key`` that ``n`` takes."""
    return {PLURAL: key, "n": n, "args": args}


def text(value: str, clip: int | None = None) -> dict[str, Any]:
    """A project's or facilitator's own words (a ``Text`` keeps every language it has);
    ``clip``: on one line, at most this many characters, cut at a word with an ellipsis."""
    spec: dict[str, Any] = {TEXT: to_stored(value)}
    if clip is not None:
        spec["clip"] = clip
    return spec


def moment(timestamp: float, zone: str, pattern: str) -> dict[str, Any]:
    """A date/time on ``zone``'s clock in a Babel (CLDR) pattern such as "EEE d MMM HH:mm"."""
    return {MOMENT: timestamp, "zone": zone, "pattern": pattern}


def lines(*specs: Any) -> dict[str, Any]:
    """The specs rendered, one per line."""
    return {LINES: list(specs)}


class LateKey:
    """A catalogue key standing where finished words used to be: ``.format(**args)`` gives
    the spec to queue (so a caller that formatted a constant queues it unrendered)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def format(self, **args: Any) -> dict[str, Any]:
        """The spec of this message with these arguments."""
        return say(self.key, **args)


def render(
    params: Mapping[str, Any], words: Words, lang: str, default: str | None = None
) -> dict[str, Any]:
    """Plain Bot API parameters: built-in words in ``words``, a project's own in ``lang``
    (else ``default``, the project's first language)."""
    return {name: _value(value, words, lang, default) for name, value in params.items()}


def poll_limits(params: dict[str, Any]) -> dict[str, Any]:
    """A rendered sendPoll's question and options cut to Telegram's limits (any language)."""
    question = params.get("question")
    if isinstance(question, str) and len(question) > POLL_QUESTION_LIMIT:
        params["question"] = clip(question, POLL_QUESTION_LIMIT)
    options = params.get("options")
    if isinstance(options, list):
        params["options"] = [
            {**o, "text": clip(o["text"], POLL_OPTION_LIMIT)}
            if isinstance(o, dict) and isinstance(o.get("text"), str)
            else o
            for o in options
        ]
    return params


def clip(words: str, limit: int, flat: bool = False) -> str:
    """At most ``limit`` characters: cut at a word, with an ellipsis, when longer;
    ``flat``: on one line."""
    words = " ".join(words.split()) if flat else words.strip()
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0] if " " in words[: limit - 1] else words[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def has_specs(value: Any) -> bool:
    """Whether anything in ``value`` is still to be rendered."""
    if isinstance(value, dict):
        return any(k in value for k in (SAY, PLURAL, TEXT, MOMENT, LINES)) or any(
            has_specs(v) for v in value.values()
        )
    if isinstance(value, list):
        return any(has_specs(v) for v in value)
    return False


def _value(value: Any, words: Words, lang: str, default: str | None) -> Any:
    if isinstance(value, dict):
        if SAY in value:
            return words.say(value[SAY], **_args(value, words, lang, default))
        if PLURAL in value:
            return words.plural(
                value[PLURAL], int(value["n"]), **_args(value, words, lang, default)
            )
        if TEXT in value:
            said = from_stored(str(value[TEXT])).in_(lang, default).strip()
            limit = value.get("clip")
            return clip(said, int(limit), flat=True) if limit else said
        if LINES in value:
            return "\n".join(str(_value(v, words, lang, default)) for v in value[LINES])
        if MOMENT in value:
            at = datetime.fromtimestamp(float(value[MOMENT]), UTC)
            local = at.astimezone(ZoneInfo(str(value["zone"])))
            return format_datetime(local, str(value["pattern"]), locale=words.lang)
        return {k: _value(v, words, lang, default) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v, words, lang, default) for v in value]
    return value


def _args(spec: Mapping[str, Any], words: Words, lang: str, default: str | None) -> dict[str, Any]:
    args = spec.get("args") or {}
    return {name: _value(v, words, lang, default) for name, v in args.items()}
