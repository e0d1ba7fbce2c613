"""Telegram's HTML parse mode: markup in, plain text and entities out, as the server does."""

from __future__ import annotations

from html.parser import HTMLParser

from bot.emulator.errors import ApiError, bad_request
from bot.emulator.updates import JSON, utf16_len

SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}


class _TelegramHtml(HTMLParser):
    """Collects plain text and entities; raises ApiError where Telegram would refuse."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.text = ""
        self.entities: list[JSON] = []
        self._open: list[tuple[str, JSON]] = []

    def _fail(self, detail: str) -> ApiError:
        return bad_request(f"can't parse entities: {detail}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        entity: JSON = {"offset": utf16_len(self.text)}
        if tag in SIMPLE_TAGS:
            entity["type"] = SIMPLE_TAGS[tag]
        elif tag == "span" and values.get("class") == "tg-spoiler":
            entity["type"] = "spoiler"
        elif tag == "a" and values.get("href"):
            entity.update(type="text_link", url=values["href"])
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if "expandable" in values else "blockquote"
        elif tag == "tg-emoji" and values.get("emoji-id"):
            entity.update(type="custom_emoji", custom_emoji_id=values["emoji-id"])
        else:
            raise self._fail(f'Unsupported start tag "{tag}" at byte offset {self._offset()}')
        language = (values.get("class") or "").removeprefix("language-")
        if tag == "code" and language and self._open and self._open[-1][1]["type"] == "pre":
            self._open[-1][1]["language"] = language
        self._open.append((tag, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            expected = f'"</{self._open[-1][0]}>"' if self._open else "no end tag"
            raise self._fail(
                f"Unmatched end tag at byte offset {self._offset()}, expected {expected}, "
                f'found "</{tag}>"'
            )
        _, entity = self._open.pop()
        entity["length"] = utf16_len(self.text) - entity["offset"]
        if entity["length"] > 0:
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text += data

    def _offset(self) -> int:
        line, column = self.getpos()
        before = self.markup.split("\n")[: line - 1]
        consumed = sum(len(part.encode()) + 1 for part in before)
        return consumed + len(self.markup.split("\n")[line - 1][:column].encode())

    def finish(self) -> None:
        self.close()
        if self._open:
            tag = self._open[-1][0]
            raise self._fail(f'Can\'t find end tag corresponding to start tag "{tag}"')


def parse_html(markup: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of an HTML-formatted message."""
    parser = _TelegramHtml(markup)
    parser.feed(markup)
    parser.finish()
    # Telegram lists entities by offset, an enclosing entity before the ones it contains.
    parser.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return parser.text, parser.entities


def apply_parse_mode(
    text: str, parse_mode: str | None, entities: list[JSON] | None
) -> tuple[str, list[JSON] | None]:
    """Text and entities as Telegram stores them; only HTML markup is interpreted."""
    if entities is not None or not parse_mode or parse_mode.lower() != "html":
        # Markdown modes are passed through untouched: the emulator does not parse them.
        return text, entities
    plain, parsed = parse_html(text)
    return plain, parsed or None
