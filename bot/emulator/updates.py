"""Pure builders of the Telegram objects that emulated updates carry."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]

# Telegram's default when a bot passes no allowed_updates: these three must be asked for.
OPT_IN_UPDATE_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def update_kind(update: JSON) -> str | None:
    """The update's type, i.e. its one key besides `update_id` (None for a raw empty one)."""
    return next((key for key in update if key != "update_id"), None)


def user_dict(
    user_id: int, first_name: str, username: str | None = None, language_code: str = "en"
) -> JSON:
    """A human `User` (``language_code`` "": the app sent none)."""
    user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat(user: JSON) -> JSON:
    """The private `Chat` between the bot and `user` (its id is the user's id)."""
    chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    if "username" in user:
        chat["username"] = user["username"]
    return chat


def group_chat(chat_id: int) -> JSON:
    """A group `Chat` for injections that name a chat other than the user's own."""
    return {"id": chat_id, "type": "group", "title": f"Group {abs(chat_id)}"}


def command_entities(text: str) -> list[JSON]:
    """A `bot_command` entity for a leading `/command[@bot]`, which CommandHandler needs."""
    if not text.startswith("/"):
        return []
    word = text.split(maxsplit=1)[0] if text.strip() else text
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(word)}]


def message(message_id: int, sender: JSON, chat: JSON, date: int, **content: Any) -> JSON:
    """A `Message`; `content` holds text/photo/voice/... and is copied as given."""
    msg: JSON = {"message_id": message_id, "from": sender, "chat": chat, "date": date}
    msg.update({key: value for key, value in content.items() if value is not None})
    return msg


def text_content(text: str) -> JSON:
    """The text and command entities of a typed message."""
    content: JSON = {"text": text}
    entities = command_entities(text)
    if entities:
        content["entities"] = entities
    return content


def chat_member(user: JSON, status: str) -> JSON:
    """A `ChatMember` of the given status that python-telegram-bot can parse."""
    member: JSON = {"user": user, "status": status}
    if status == "kicked":
        member["until_date"] = 0  # 0 means "forever", which is how a block looks
    elif status == "restricted":
        member.update(
            is_member=True,
            until_date=0,
            **dict.fromkeys(RESTRICTED_RIGHTS, False),
        )
    elif status == "administrator":
        member.update(can_be_edited=False, **dict.fromkeys(ADMIN_RIGHTS, False))
    elif status == "creator":
        member["is_anonymous"] = False
    return member


RESTRICTED_RIGHTS = [
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_edit_tag",
    "can_react_to_messages",
]

ADMIN_RIGHTS = [
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
]


def my_chat_member(chat: JSON, user: JSON, bot: JSON, status: str, date: int) -> JSON:
    """A `ChatMemberUpdated` of the bot; in a private chat "kicked" means blocked."""
    old_status = "member" if status in {"kicked", "left"} else "kicked"
    return {
        "chat": chat,
        "from": user,
        "date": date,
        "old_chat_member": chat_member(bot, old_status),
        "new_chat_member": chat_member(bot, status),
    }


def photo_sizes(file_ids: list[tuple[str, str]], size: int, width: int, height: int) -> list[JSON]:
    """`PhotoSize` list, smallest first as Telegram sends them; one per (id, unique id)."""
    sizes = []
    count = len(file_ids)
    for index, (file_id, unique_id) in enumerate(file_ids, start=1):
        scale = index / count
        sizes.append(
            {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
                "file_size": size,
            }
        )
    return sizes


def sticker(file_id: str, unique_id: str, size: int) -> JSON:
    """A static regular `Sticker`."""
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
        "emoji": "👍",
        "file_size": size,
    }
