"""The summary report as Markdown that reads well as plain text; charts become their tables."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence

from conversations.journey.words import quote
from conversations.report.charts import Chart
from conversations.report.compose import compose, contents, facts
from conversations.report.model import Report
from conversations.report.tables import Table, is_number
from conversations.report.themes import Quote

# Characters that would start Markdown formatting, a link, raw HTML or a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


WIDTH = 96  # plain-text readers see paragraphs wrapped, not one long line


def _safe_start(line: str) -> str:
    # A line starting "- ", "+ ", "= " or "1. " would begin a list or underline a heading.
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def escaped(text: str) -> str:
    """Text on one line that Markdown shows as written (no formatting, links, HTML or cells)."""
    return _safe_start(_SPECIAL.sub(r"\\\1", " ".join(text.split())))


def wrapped(text: str, first: str = "", rest: str = "") -> list[str]:
    """Escaped text wrapped at WIDTH, each line's start made safe as well."""
    lines = textwrap.wrap(
        escaped(text) or " ",
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [lines[0], *(rest + _safe_start(line[len(rest) :]) for line in lines[1:])]


class MarkdownWriter:
    """Collects the report's lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def _block(self, *lines: str) -> None:
        self.lines.extend([*lines, ""])

    def begin(self, report: Report) -> None:
        """Title, purpose and what the report covers."""
        say = report.words.say
        self._block(f"# {escaped(say('REPORT_TITLE', title=report.title))}")
        self._block(*wrapped(report.purpose))
        self._block(*(line for k, v in facts(report) for line in wrapped(v, f"- **{k}:** ", "  ")))
        listed = [f"{n}. {escaped(title)}" for n, (_, title) in enumerate(contents(report), 1)]
        self._block(f"**{escaped(say('REPORT_CONTENTS'))}**", "", *listed)

    def section(self, anchor: str, title: str) -> None:
        """A level-2 heading."""
        self._block(f"## {escaped(title)}")

    def heading(self, text: str) -> None:
        """A level-3 heading."""
        self._block(f"### {escaped(text)}")

    def subheading(self, text: str) -> None:
        """A bold line."""
        self._block(f"**{escaped(text)}**")

    def para(self, text: str, note: bool = False) -> None:
        """A paragraph; notes in italics."""
        self._block(*wrapped(f"{text}", "_" if note else "", ""))
        if note:
            self.lines[-2] += "_"

    def table(self, table: Table, caption: str) -> None:
        """A bold caption, then a pipe table; numbers right-aligned."""
        self.subheading(caption)
        header, rows = table
        align = [
            "---:" if i and rows and all(is_number(r[i]) for r in rows) else "---"
            for i in range(len(header))
        ]
        lines = [_row(header), "| " + " | ".join(align) + " |", *(_row(r) for r in rows)]
        self._block(*lines)

    def quotes(self, quotes: Sequence[Quote]) -> None:
        """Each quote as a list item, with the pseudonym after it."""
        self._block(
            *(
                line
                for q in quotes
                for line in wrapped(f"{quote(q.text, None)} ({q.who})", "- ", "  ")
            )
        )

    def bullets(self, items: Sequence[str]) -> None:
        """A plain list."""
        self._block(*(line for item in items for line in wrapped(item, "- ", "  ")))

    def chart(self, draw: Callable[[], Chart | None]) -> None:
        """Nothing: the table beside every chart carries the same numbers."""

    def end(self) -> None:
        """Nothing more to close."""


def _row(cells: Sequence[str]) -> str:
    # Inside a cell, a line start is never a line start: "1.7" stays as written.
    return (
        "| " + " | ".join(_SPECIAL.sub(r"\\\1", " ".join(c.split())) or " " for c in cells) + " |"
    )


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text."""
    writer = MarkdownWriter()
    compose(report, writer)
    return "\n".join(writer.lines).rstrip() + "\n"
