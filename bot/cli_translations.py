"""`tandem translations`: the built-in strings as PO files for translators, and back."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from bot.config import ConfigError, load_settings
from conversations.i18n import LOCALES, SOURCE, Catalogues, english_messages, po_path
from conversations.i18n.plurals import UnknownLanguage, locale
from conversations.i18n.po import (
    build,
    language_of,
    problems_with,
    read,
    translations_in,
    write,
)

TEMPLATE = LOCALES / "tandem.pot"


def _language(code: str) -> str:
    try:
        locale(code)
    except UnknownLanguage as exc:
        raise ConfigError(str(exc)) from None
    if code == SOURCE:
        raise ConfigError(
            "English is the source: change its words in conversations/catalogue/, then run"
            " tandem translations template."
        )
    return code


def _read(path: Path) -> Catalog:
    try:
        with path.open("rb") as file:
            return read(file)
    except OSError as exc:
        raise ConfigError(f"Cannot read {path}: {exc.strerror}") from None
    except Exception as exc:  # Babel's PoFileError and friends: a file that isn't PO
        raise ConfigError(f"{path} is not a PO file I can read: {exc}") from None


def _write(catalog: Catalog, output: str | None) -> None:
    if output is None or output == "-":
        write(catalog, sys.stdout.buffer)
        sys.stdout.flush()
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        write(catalog, file)
    print(f"-> {target}", file=sys.stderr)


def _now() -> datetime:
    return load_settings().make_clock().now()


def _export(args: argparse.Namespace) -> int:
    lang = _language(args.language)
    english = english_messages()
    current = po_path(args.locales, lang)
    like = _read(current) if current.is_file() else None
    done = translations_in(like) if like is not None else {}
    _write(build(lang, english, done, now=_now(), like=like), args.output)
    return 0


def _import(args: argparse.Namespace) -> int:
    catalog = _read(Path(args.file))
    if not (args.language or language_of(catalog)):
        raise ConfigError(f"{args.file} has no Language header: say which with --language LANG")
    lang = _language(args.language or language_of(catalog) or "")
    english = english_messages()
    found = translations_in(catalog)
    problems: list[str] = []
    for key, translation in found.items():
        if key in english and not translation.empty:
            problems += problems_with(lang, translation, english[key])
    unknown = sorted(set(found) - set(english))
    if unknown:
        print(f"ignored {len(unknown)} string(s) Tandem doesn't have: {', '.join(unknown)}")
    if problems:
        for problem in problems:
            print(f"{lang}: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem(s): nothing installed.", file=sys.stderr)
        return 1
    target = po_path(args.locales, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as file:
        write(build(lang, english, found, now=_now(), like=catalog), file)
    print(f"Installed {target}")
    print(Catalogues.load(args.locales).languages[lang].coverage(len(english)))
    return 0


def _template(args: argparse.Namespace) -> int:
    _write(build(None, english_messages(), {}, now=_now()), args.output or str(TEMPLATE))
    return 0


def report_languages(locales: Path = LOCALES) -> int:
    """For `tandem validate`: each shipped language's coverage, and every broken string."""
    catalogues = Catalogues.load(locales)
    for line in catalogues.coverage():
        print(line)
    broken = catalogues.broken()
    for line in broken:
        print(line, file=sys.stderr)
    return len(broken)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `translations export|import|template` to the command line."""
    parser = commands.add_parser(
        "translations",
        help="export or import translations of the built-in strings (PO files)",
        description="Built-in strings for translators, as gettext PO files that Poedit,"
        " Weblate or any PO editor opens: msgctxt is the stable key, msgid the English, msgstr"
        " the translation. Plural messages have one form per CLDR plural category.",
    )
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    locales = {"type": Path, "default": LOCALES, "metavar": "DIR"}
    export = actions.add_parser(
        "export",
        help="write a PO file of every built-in string for a translator",
        description="Write a PO file with every built-in string: the English, and the current"
        " translation into LANG where there is one (out-of-date ones marked fuzzy).",
    )
    export.add_argument("language", metavar="LANG", help="a language code, like cy")
    export.add_argument(
        "--output", metavar="FILE", help="where to write (default: standard output)"
    )
    export.add_argument("--locales", **locales, help="the translations folder (default: built in)")
    export.set_defaults(handler=_export)
    into = actions.add_parser(
        "import",
        help="check a translator's PO file and install it",
        description="Check a PO file (every {name} as in the English, every plural form filled)"
        " and install it as the language's translations. Nothing is installed if any string is"
        " broken; each is named. Exit code 1 then.",
    )
    into.add_argument("file", metavar="FILE", help="the PO file")
    into.add_argument("--language", metavar="LANG", help="if the file has no Language header")
    into.add_argument("--locales", **locales, help="install into this folder (default: built in)")
    into.set_defaults(handler=_import)
    template = actions.add_parser(
        "template",
        help="regenerate the English template (tandem.pot) from conversations/catalogue/",
        description="Write the POT template of every built-in string, generated from the"
        " English in conversations/catalogue/ (default: the shipped locales/tandem.pot).",
    )
    template.add_argument("--output", metavar="FILE", help="where to write, or - for stdout")
    template.set_defaults(handler=_template)
