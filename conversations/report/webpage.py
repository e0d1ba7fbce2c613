"""The summary report as one self-contained HTML page: inline CSS, charts as data: URIs.

Nothing is fetched (a Content-Security-Policy forbids it, and there is no script at all);
every text goes through html.escape, so a resident who writes <script> is shown the text.
"""

from __future__ import annotations

import base64
import html
import struct
from collections.abc import Callable, Sequence

from conversations.journey.words import quote
from conversations.report.charts import Chart
from conversations.report.compose import compose, contents, facts
from conversations.report.model import Report
from conversations.report.tables import Table, is_number
from conversations.report.texts import right_to_left
from conversations.report.themes import Quote

POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #f4f4f1; color: #1a1a1a;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: #fff; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .75rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 .5rem; padding-top: .75rem;
  border-top: 3px solid #0072b2; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; color: #333; }
p { margin: .4rem 0 .8rem; }
.note { color: #555; }
.lede { font-size: 1.1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 1rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
nav ol { columns: 2; padding-inline-start: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: start; font-weight: 600; padding: .25rem 0; color: #333; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: start;
  vertical-align: top; }
th { background: #eef3f8; }
td.number { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1rem 0; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
blockquote { margin: .5rem 0; padding: .4rem .9rem; border-inline-start: 4px solid #e69f00;
  background: #fdf8ee; }
blockquote footer { color: #555; font-size: .9rem; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4 { break-after: avoid; }
  figure, table, blockquote { break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


class HtmlWriter:
    """Collects the page's parts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._open = False

    def begin(self, report: Report) -> None:
        """The head (title, CSP, style) and the title block with contents."""
        words = report.words
        listed = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t in contents(report))
        title = _e(words.say("REPORT_TITLE", title=report.title))
        named = _e(words.say("REPORT_CONTENTS"))
        lang = _e(words.lang.replace("_", "-"))
        direction = ' dir="rtl"' if right_to_left(words.lang) else ""
        self.parts += [
            "<!doctype html>",
            f'<html lang="{lang}"{direction}><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{STYLE}</style></head><body><main>",
            f"<header><h1>{title}</h1>",
            f'<p class="lede">{_e(report.purpose)}</p><dl class="facts">',
            *(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts(report)),
            f'</dl><nav aria-label="{named}"><h2>{named}</h2><ol>{listed}</ol></nav></header>',
        ]

    def section(self, anchor: str, title: str) -> None:
        """A <section> with its heading."""
        if self._open:
            self.parts.append("</section>")
        self.parts.append(f'<section id="{_e(anchor)}"><h2>{_e(title)}</h2>')
        self._open = True

    def heading(self, text: str) -> None:
        """An <h3>."""
        self.parts.append(f"<h3>{_e(text)}</h3>")

    def subheading(self, text: str) -> None:
        """An <h4>."""
        self.parts.append(f"<h4>{_e(text)}</h4>")

    def para(self, text: str, note: bool = False) -> None:
        """A <p>, muted for notes."""
        self.parts.append(f'<p class="note">{_e(text)}</p>' if note else f"<p>{_e(text)}</p>")

    def table(self, table: Table, caption: str) -> None:
        """A <table> with a caption and header cells; numbers right-aligned."""
        header, rows = table
        # The first column names each row: never a figure, even a date.
        numeric = [
            bool(i and rows) and all(is_number(r[i]) for r in rows) for i in range(len(header))
        ]
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="number">{_e(c)}</td>' if numeric[i] else f"<td>{_e(c)}</td>"
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        self.parts.append(
            f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def quotes(self, quotes: Sequence[Quote]) -> None:
        """Each quote as a <blockquote> with its pseudonym."""
        self.parts += [
            f"<blockquote><p>{_e(quote(q.text, None))}</p><footer>{_e(q.who)}</footer></blockquote>"
            for q in quotes
        ]

    def bullets(self, items: Sequence[str]) -> None:
        """A <ul>."""
        self.parts.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")

    def chart(self, draw: Callable[[], Chart | None]) -> None:
        """The picture inlined as a data: URI, with its alt text."""
        chart = draw()
        if chart is None:
            return
        width, height = png_size(chart.png)
        data = base64.b64encode(chart.png).decode("ascii")
        self.parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{_e(chart.alt)}"'
            f' width="{width}" height="{height}"></figure>'
        )

    def end(self) -> None:
        """Close the last section and the page."""
        if self._open:
            self.parts.append("</section>")
        self.parts.append("</main></body></html>")


def render_html(report: Report) -> str:
    """The whole report as one HTML page."""
    writer = HtmlWriter()
    compose(report, writer)
    return "\n".join(writer.parts) + "\n"
