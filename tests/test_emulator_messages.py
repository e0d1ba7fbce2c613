# Optional Telegram fields are read freely: a None here fails the test just as an assert would.
# mypy: disable-error-code="union-attr,index"
"""The emulator's sending methods: polls, files, photos, edits and what Telegram refuses."""

from __future__ import annotations

import struct
import zlib

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputPollOption
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.emulator import BotApiEmulator
from bot.emulator.state import Upload
from tests.test_emulator import RESIDENT, fetch
from tests.test_emulator import bot_fixture as bot_fixture
from tests.test_emulator import emu_fixture as emu_fixture

# PTB 22 warns whenever a time period is read as int; its own RetryAfter does so on creation.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def test_poll_round_trip(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_poll(
        RESIDENT, "Which evening suits?", ["Mon", "Tue", "Wed"], is_anonymous=False
    )
    poll = sent.poll
    assert not poll.is_anonymous and poll.type == "regular" and not poll.is_closed
    persistent = [option.persistent_id for option in poll.options]
    assert len(set(persistent)) == 3
    emu.inject_poll_answer(RESIDENT, poll.id, [1])
    emu.inject_poll_answer(RESIDENT + 1, poll.id, [2])
    emu.inject_poll_answer(RESIDENT + 1, poll.id, [])  # retracted
    vote, _, retracted = await fetch(bot)
    assert vote.poll_answer.poll_id == poll.id
    assert vote.poll_answer.option_ids == (1,)
    assert vote.poll_answer.option_persistent_ids == (persistent[1],)
    assert retracted.poll_answer.option_ids == ()
    assert retracted.poll_answer.option_persistent_ids == ()
    stopped = await bot.stop_poll(RESIDENT, sent.message_id)
    assert stopped.is_closed
    assert [option.voter_count for option in stopped.options] == [0, 1, 0]
    assert stopped.total_voter_count == 1
    assert emu.last_message(RESIDENT)["poll"]["is_closed"]
    with pytest.raises(ValueError, match=r"(?i)closed"):
        emu.inject_poll_answer(RESIDENT, poll.id, [0])


async def test_anonymous_polls_get_no_answers(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_poll(RESIDENT, "Anonymous?", [InputPollOption("a"), "b"])
    assert sent.poll.is_anonymous
    with pytest.raises(ValueError, match=r"(?i)anonymous"):
        emu.inject_poll_answer(RESIDENT, sent.poll.id, [0])
    with pytest.raises(BadRequest, match=r"(?i)at least 2"):
        await bot.send_poll(RESIDENT, "One option?", ["only"])


async def test_send_document_records_content(emu: BotApiEmulator, bot: Bot) -> None:
    csv = b"resident,answer\n1001,yes\n"
    sent = await bot.send_document(RESIDENT, csv, filename="export.csv", caption="Export")
    assert sent.document.file_name == "export.csv"
    assert sent.caption == "Export"
    assert emu.files[sent.document.file_id] == csv
    upload = emu.calls_to("sendDocument")[0].params["document"]
    assert isinstance(upload, Upload) and upload.data == csv
    again = await bot.send_document(RESIDENT, sent.document.file_id)  # reuse by file_id
    assert again.document.file_id == sent.document.file_id
    downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == csv


async def test_send_photo_keeps_png_bytes(emu: BotApiEmulator, bot: Bot) -> None:
    png = tiny_png(30, 20)
    sent = await bot.send_photo(RESIDENT, png, caption="<b>Chart</b>", parse_mode=ParseMode.HTML)
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (30, 20)
    assert emu.files[largest.file_id].startswith(b"\x89PNG")
    assert sent.caption == "Chart" and sent.caption_entities[0].type == "bold"
    assert [m["message_id"] for m in emu.sent_messages(RESIDENT)] == [sent.message_id]


async def test_edit_message_text(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(RESIDENT, "Draft")
    edited = await bot.edit_message_text("Final", RESIDENT, sent.message_id)
    assert edited.text == "Final" and edited.edit_date is not None
    assert emu.sent_messages(RESIDENT)[0]["text"] == "Final"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Final", RESIDENT, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Nope", RESIDENT, 12345)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    await bot.edit_message_reply_markup(RESIDENT, sent.message_id, reply_markup=keyboard)
    assert emu.last_message(RESIDENT)["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"


async def test_message_validation(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(RESIDENT, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(RESIDENT, "")
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("Big", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(RESIDENT, "Pick", reply_markup=too_long)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(RESIDENT, "<b>unclosed", parse_mode=ParseMode.HTML)


async def test_texts_that_look_like_json_survive(emu: BotApiEmulator, bot: Bot) -> None:
    for text in ("[1, 2] are my picks", '["a", "b"]', "{}", "true", "42"):
        sent = await bot.send_message(RESIDENT, text)
        assert sent.text == text
        assert emu.last_message(RESIDENT)["text"] == text


async def test_html_parse_mode_strips_markup(emu: BotApiEmulator, bot: Bot) -> None:
    sent = await bot.send_message(
        RESIDENT, "Hi <b>Ada</b> &amp; <i>co</i>", parse_mode=ParseMode.HTML
    )
    assert sent.text == "Hi Ada & co"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 3, 3),
        ("italic", 9, 2),
    ]
