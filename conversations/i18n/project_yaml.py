"""Writing translations into project and dialogue YAML files, keeping their comments and layout.

ruamel.yaml's round-trip mode keeps comments, key order and quoting; the indentation and line
width are taken from the file itself (the settings that reproduce it unchanged). New files are
written beside the old, checked by the caller, and only then renamed over them, all at once.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from conversations.texts_by_language import Text

Place = tuple[str | int, ...]
# (mapping indent, sequence indent, dash offset), tried in order; the first that reproduces
# the file as it is wins.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))
WIDTHS = (4096, 100, 88, 80)
FOLD_AT = 88  # a folded (>-) translation is wrapped at about this many characters


class Document:
    """One YAML file in round-trip form: change texts, then dump it in its own layout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_text(encoding="utf-8")
        self.yaml = _fitting_yaml(self.original)
        self.data = self.yaml.load(self.original)

    def set_text(self, place: Place, lang: str, words: str, default: str, now: Text) -> None:
        """Put ``words`` as the ``lang`` text at ``place`` (``now`` is its current Text).

        A plain string becomes {default: old, lang: new}; a text the file does not set yet
        (a built-in default) is written out with every language it has, plus this one.
        """
        parent: Any = self.data
        for step in place[:-1]:
            if isinstance(step, str) and parent.get(step) is None:
                parent[step] = CommentedMap()
            parent = parent[step]
        last = place[-1]
        value = parent.get(last) if isinstance(parent, Mapping) else parent[last]
        if isinstance(value, CommentedMap):
            value[lang] = _scalar(words, like=next(iter(value.values()), None))
        elif isinstance(value, str) and lang == default:
            parent[last] = _scalar(words, like=value)
        else:
            texts = CommentedMap()
            if isinstance(value, str):
                texts[default] = value
            else:
                for code in now.languages or (default,):
                    texts[code] = now.in_(code)
            texts[lang] = _scalar(words, like=value)
            parent[last] = texts
            _comment_after_key(parent, last)

    def add_language(self, lang: str) -> None:
        """List ``lang`` under `languages:` (after the others)."""
        listed = self.data.get("languages")
        if isinstance(listed, list):
            listed.append(lang)
            return
        codes = CommentedSeq([listed if isinstance(listed, str) else "en", lang])
        codes.fa.set_flow_style()
        self.data["languages"] = codes

    def dump(self) -> str:
        """The file's new text."""
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def _comment_after_key(parent: Any, key: str | int) -> None:
    """A comment that followed the plain words now follows `key:` (not the old column)."""
    comments = getattr(parent, "ca", None)
    found = comments.items.get(key) if comments is not None else None
    if isinstance(key, str) and found and len(found) > 2 and found[2] is not None:
        found[2].column = len(key) + 3  # `key:  # comment`


def _fitting_yaml(original: str) -> YAML:
    fallback: YAML | None = None
    for mapping, sequence, offset in LAYOUTS:
        for width in WIDTHS:
            yaml = YAML(typ="rt")
            yaml.preserve_quotes = True
            yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            yaml.width = width
            fallback = fallback or yaml
            out = io.StringIO()
            yaml.dump(yaml.load(original), out)
            if out.getvalue() == original:
                return yaml
    assert fallback is not None
    return fallback


def _scalar(words: str, like: Any) -> Any:
    """The words in the style of the text beside them: folded, literal or plain."""
    if "\n" in words:
        return LiteralScalarString(words)
    if isinstance(like, FoldedScalarString) and len(words) > FOLD_AT:
        folded = FoldedScalarString(words)
        folded.fold_pos = _folds(words, FOLD_AT)
        return folded
    return words


def _folds(words: str, width: int) -> list[int]:
    """Where to break a folded scalar: at the last space before each line grows too long."""
    folds: list[int] = []
    start = 0
    while len(words) - start > width:
        space = words.rfind(" ", start, start + width + 1)
        if space <= start or words[space - 1] == " " or words[space + 1 : space + 2] == " ":
            break  # a double space would not survive folding: leave the rest on one line
        folds.append(space)
        start = space + 1
    return folds


def replace_all(
    new: Mapping[Path, str], check: Callable[[Mapping[Path, Path]], list[str]]
) -> list[str]:
    """Write each file's new text beside it, let ``check`` read those, then rename them all.

    ``check`` gets {file: its new copy} and returns problems; on any, nothing is replaced.
    """
    copies: dict[Path, Path] = {}
    try:
        for path, text in new.items():
            copy = path.with_name(f".{path.name}.tandem-new")  # not *.yaml: never read as one
            copy.write_text(text, encoding="utf-8")
            shutil.copymode(path, copy)
            copies[path] = copy
        problems = check(copies)
        if problems:
            return problems
        for path, copy in list(copies.items()):
            os.replace(copy, path)
            del copies[path]
        return []
    finally:
        for copy in copies.values():
            copy.unlink(missing_ok=True)
