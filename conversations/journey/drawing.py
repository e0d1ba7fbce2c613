"""What both pictures share: the page, fonts, palette, wrapping and PNG encoding.

matplotlib is imported inside functions (nothing heavy at import time) and only through
Figure and FigureCanvasAgg, never pyplot, so pictures can be drawn from several threads.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

DPI = 100
WIDTH = 1080  # Telegram shows photos up to 1280 px on a side: 1080 x 1350 is never shrunk
HEIGHT = 1350
EMPTY_HEIGHT = 540
MARGIN = 48
# Okabe-Ito colours, chosen to stay apart for red-green colour blindness: warm for bad,
# cool for good. Feeling is never shown by colour alone (position and words carry it too).
PALETTE: dict[int, str] = {
    1: "#D55E00",
    2: "#E69F00",
    3: "#F0E442",
    4: "#56B4E9",
    5: "#009E73",
}
INK = "#1A1A1A"
MUTED = "#555555"
FAINT = "#DDDDDD"
BACKGROUND = "white"
MISSING_GLYPH = "□"


@functools.cache
def _font_file(bold: bool) -> str:
    import os

    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


@functools.cache
def _covered() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(_font_file(False)).get_charmap())


def font(size: float, bold: bool = False) -> FontProperties:
    """DejaVu Sans as matplotlib ships it, so every host draws the same letters."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=_font_file(bold), size=size)


def printable(text: str) -> str:
    """Text the font can draw: missing glyphs (emoji, CJK) become a box, not a warning."""
    covered = _covered()
    out = []
    for char in " ".join(text.split()):
        if ord(char) in covered:
            out.append(char)
        elif unicodedata.category(char) not in {"Cf", "Mn", "Me"}:
            # Joiners and variation selectors (emoji sequences) are dropped, not boxed.
            out.append(MISSING_GLYPH)
    return "".join(out)


@dataclass
class Page:
    """A fixed-size figure laid out top-down in pixels, like a phone screen."""

    height: int = HEIGHT
    width: int = WIDTH
    y: float = MARGIN  # the cursor, in pixels from the top
    figure: Figure = field(init=False)
    renderer: Any = field(init=False)

    def __post_init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(self.width / DPI, self.height / DPI), dpi=DPI)
        self.figure.set_facecolor(BACKGROUND)
        self.renderer = FigureCanvasAgg(self.figure).get_renderer()

    def frac(self, x: float, y: float) -> tuple[float, float]:
        """Pixels from the top-left corner as figure fractions."""
        # matplotlib measures from the bottom-left; a page reads from the top.
        return x / self.width, 1 - y / self.height

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        """How wide the text draws, in pixels."""
        width, _, _ = self.renderer.get_text_width_height_descent(
            text, font(size, bold), ismath=False
        )
        return float(width)

    def wrap(
        self, text: str, size: float, width: float, max_lines: int, bold: bool = False
    ) -> list[str]:
        """Text in lines that fit width pixels, at most max_lines, with "…" if cut short."""
        words = printable(text).split(" ")
        lines: list[str] = []
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if self.text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            # A word too long for a line (a URL, or a script without spaces) is split.
            while self.text_width(current, size, bold) > width and len(current) > 1:
                cut = self._fit(current, size, width, bold)
                lines.append(current[:cut])
                current = current[cut:]
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            last = lines[max_lines - 1]
            while last and self.text_width(last + "…", size, bold) > width:
                last = last[:-1]
            lines = [*lines[: max_lines - 1], last.rstrip(" ,;:.-") + "…"]
        return lines

    def _fit(self, text: str, size: float, width: float, bold: bool) -> int:
        count = 1
        while count < len(text) and self.text_width(text[: count + 1], size, bold) <= width:
            count += 1
        return count

    def line(
        self,
        text: str,
        size: float,
        *,
        x: float = MARGIN,
        bold: bool = False,
        color: str = INK,
        gap: float = 0.35,
    ) -> None:
        """One line of text at the cursor; the cursor moves below it."""
        self.figure.text(
            *self.frac(x, self.y),
            printable(text),
            fontproperties=font(size, bold),
            color=color,
            va="top",
            ha="left",
            parse_math=False,  # a "$" in someone's words is money, not mathematics
        )
        self.y += size * DPI / 72 * (1 + gap)

    def lines(self, lines: list[str], size: float, **style: Any) -> None:
        """Several lines at the cursor."""
        for text in lines:
            self.line(text, size, **style)

    def titles(self, title: str, subtitle: str, size: float) -> None:
        """The picture's title (up to two bold lines) and a muted subtitle under it."""
        for text in self.wrap(title, 34, self.width - 2 * MARGIN, 2, bold=True):
            self.line(text, 34, bold=True, gap=0.2)
        self.lines(self.wrap(subtitle, size, self.width - 2 * MARGIN, 2), size, color=MUTED)

    def badge(self, number: int, x: float, y: float, feeling: int, size: float) -> None:
        """A numbered disc in the feeling's colour, tying a list entry to a point."""
        self.figure.text(
            *self.frac(x, y),
            str(number),
            fontproperties=font(size, bold=True),
            color=INK,
            ha="center",
            va="center",
            bbox={"boxstyle": "circle,pad=0.3", "fc": PALETTE[feeling], "ec": INK, "lw": 2},
        )

    def png(self) -> bytes:
        """The page as PNG bytes, exactly width x height pixels."""
        buffer = io.BytesIO()
        # No Software stamp: identical input gives identical bytes across versions.
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()


def empty_png(title: str, message: str, detail: str | None = None) -> bytes:
    """A small picture that says there is nothing to draw yet."""
    return empty_page(title, message, detail).png()


def empty_page(title: str, message: str, detail: str | None = None) -> Page:
    """The small page that says there is nothing to draw yet."""
    page = Page(height=EMPTY_HEIGHT)
    titles = page.wrap(title, 34, WIDTH - 2 * MARGIN, 2, bold=True)
    details = page.wrap(detail, 24, WIDTH - 2 * MARGIN, 2) if detail else []
    points = (len(titles) * 34 + 30 + len(details) * 24) * 1.35
    block = points * DPI / 72 + 30
    page.y = (EMPTY_HEIGHT - block) / 2
    page.lines(titles, 34, bold=True)
    page.y += 30
    page.line(message, 30, color=MUTED)
    page.lines(details, 24, color=MUTED)
    return page
