"""The summary report a coordinator takes to the wider team, as Markdown or one HTML page.

Pure: storage streams rows into the tallies here (said.py, journey.py: bounded memory),
model.py holds the result, compose.py lays it out once, and markdown.py and webpage.py
render it. Only pseudonyms reach this package, and quotes only from people who agreed.
"""

from conversations.report.markdown import render_markdown
from conversations.report.webpage import render_html

RENDERERS = {"md": render_markdown, "html": render_html}

__all__ = ["RENDERERS", "render_html", "render_markdown"]
