"""A picture shipped with a project or script (a scenario's): checked at load against
Telegram's photo limits, so a bad file is refused before anyone is asked anything."""

from __future__ import annotations

import struct
from pathlib import Path

# Telegram's sendPhoto limits: at most 10 MB, width + height at most 10000, ratio at most 20.
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDES = 10_000
MAX_RATIO = 20
PNG = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive...): the ones that carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def checked_picture(value: str, folder: Path | None) -> Path:
    """The picture's full path, relative to ``folder``; ValueError saying what is wrong."""
    path = Path(value)
    if not path.is_absolute():
        path = (folder or Path.cwd()) / path
    if not path.is_file():
        raise ValueError(f"the picture {value} does not exist (paths are relative to the file)")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValueError(f"the picture {value} is larger than Telegram's 10 MB for a photo")
    width, height = picture_size(data, value)
    if width + height > MAX_SIDES or max(width, height) > MAX_RATIO * min(width, height):
        raise ValueError(
            f"the picture {value} is {width}x{height}: Telegram takes photos whose width and"
            f" height add up to at most {MAX_SIDES}, at most {MAX_RATIO} times longer than wide"
        )
    return path.resolve()


def picture_size(data: bytes, name: str = "picture") -> tuple[int, int]:
    """Width and height of a PNG or JPEG; ValueError for anything else."""
    if data.startswith(PNG) and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        if width and height:
            return width, height
    if data.startswith(b"\xff\xd8"):
        found = _jpeg_size(data)
        if found is not None:
            return found
    raise ValueError(f"the picture {name} must be a PNG or JPEG file")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # padding
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return (width, height) if width and height else None
        at += 2 + length
    return None
