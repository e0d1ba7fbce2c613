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
    add_texts,
    build,
    language_of,
    problems_with,
    read,
    translations_in,
    write,
)
from conversations.i18n.project_import import import_texts, is_project_key
from conversations.i18n.project_texts import Collected, collect, coverage

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
    catalog = build(lang, english, done, now=_now(), like=like)
    collected = _projects(args.projects)
    for problem in collected.problems:
        print(f"skipped, as it does not load: {problem}", file=sys.stderr)
    add_texts(catalog, _entries(collected, lang))
    _write(catalog, args.output)
    return 0


def _projects(given: list[str] | None) -> Collected:
    """The projects named on the command line, else those in the configured folder."""
    if given:
        missing = [p for p in given if not Path(p).exists()]
        if missing:
            raise ConfigError(f"No such file or folder: {', '.join(missing)}")
        return collect(given)
    folder = load_settings().projects_dir
    if not folder.is_dir():
        print(f"No projects folder at {folder}: built-in strings only.", file=sys.stderr)
        return Collected([], [], [])
    return collect([folder])


def _entries(collected: Collected, lang: str) -> list[tuple[str, str, str, list[str]]]:
    entries = []
    for text in collected.texts:
        comments = [text.about]
        if text.key.startswith("script:"):
            comments.append(f"Used by: {', '.join(text.users)}")
        if not text.in_file:
            comments.append("Tandem's default words: a translation is written into the project")
        entries.append((text.key, text.source, text.words(lang) or "", comments))
    return entries


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
    unknown = sorted(k for k in set(found) - set(english) if not is_project_key(k))
    if unknown:
        print(f"ignored {len(unknown)} string(s) Tandem doesn't have: {', '.join(unknown)}")
    problems = [f"{lang}: {problem}" for problem in problems]
    written: list[Path] = []
    if not problems and (args.add_language or any(map(is_project_key, found))):
        outcome = import_texts(
            _projects(args.projects), found, lang, add_language=args.add_language
        )
        for note in outcome.notes:
            print(note)
        problems += outcome.problems
        written = outcome.written
        if not problems:
            print(f"{outcome.changed} project text(s) changed.")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s): nothing installed.", file=sys.stderr)
        return 1
    for path in written:
        print(f"Wrote {path}")
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


def report_languages(locales: Path = LOCALES, projects: list[str] | None = None) -> int:
    """For `tandem validate`: each shipped language's coverage, and every broken string;
    then each project's texts per language, naming every missing one."""
    catalogues = Catalogues.load(locales)
    for line in catalogues.coverage():
        print(line)
    for line in coverage(collect(projects or [])):
        print(line)
    broken = catalogues.broken()
    for line in broken:
        print(line, file=sys.stderr)
    return len(broken)


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `translations export|import|template` to the command line."""
    parser = commands.add_parser(
        "translations",
        help="export or import translations: built-in strings and projects' texts (PO files)",
        description="Everything a translator needs in one gettext PO file that Poedit,"
        " Weblate or any PO editor opens: Tandem's built-in strings, then each project's own"
        " texts (its introduction, dialogue, diary and check-ins). msgctxt is the stable key"
        " (a project text's names its file and place, like project:example.yaml:purpose), msgid"
        " the English (a project text's: its default language), msgstr the translation. Plural"
        " messages have one form per CLDR plural category.",
    )
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    locales = {"type": Path, "default": LOCALES, "metavar": "DIR"}
    projects = {
        "nargs": "+",
        "metavar": "PATH",
        "help": "project files or folders (default: PROJECTS_DIR)",
    }
    export = actions.add_parser(
        "export",
        help="write a PO file of every built-in string and project text for a translator",
        description="Write a PO file with every built-in string: the English, and the current"
        " translation into LANG where there is one (out-of-date ones marked fuzzy); then every"
        " text of the projects and of the dialogue scripts they use, with its LANG words if any.",
    )
    export.add_argument("language", metavar="LANG", help="a language code, like cy")
    export.add_argument(
        "--output", metavar="FILE", help="where to write (default: standard output)"
    )
    export.add_argument("--locales", **locales, help="the translations folder (default: built in)")
    export.add_argument("--projects", **projects)
    export.set_defaults(handler=_export)
    into = actions.add_parser(
        "import",
        help="check a translator's PO file and install it",
        description="Check a PO file (every {name} as in the English, every plural form filled)"
        " and install it as the language's translations; write its project texts into the"
        " project and dialogue YAML files (comments and layout kept), where each file must still"
        " load. Nothing is installed or written if any string is broken; each is named. Exit"
        " code 1 then. A project whose languages: lacks LANG gets the texts but offers them only"
        " once LANG is listed there: by hand, or with --add-language.",
    )
    into.add_argument("file", metavar="FILE", help="the PO file")
    into.add_argument("--language", metavar="LANG", help="if the file has no Language header")
    into.add_argument("--locales", **locales, help="install into this folder (default: built in)")
    into.add_argument("--projects", **projects)
    into.add_argument(
        "--add-language",
        action="store_true",
        help="also list LANG under languages: in each project that lacks it (refused, naming"
        " each missing text, unless every text of the project has LANG words)",
    )
    into.set_defaults(handler=_import)
    template = actions.add_parser(
        "template",
        help="regenerate the English template (tandem.pot) from conversations/catalogue/",
        description="Write the POT template of every built-in string, generated from the"
        " English in conversations/catalogue/ (default: the shipped locales/tandem.pot).",
    )
    template.add_argument("--output", metavar="FILE", help="where to write, or - for stdout")
    template.set_defaults(handler=_template)
