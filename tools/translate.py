"""A translator's two commands for any catalogue of the project: what is left, and fill it in.

    python tools/translate.py todo PO [--all] > work.yml   # entries without a usable translation
    python tools/translate.py fill PO work.yml              # write the translations of work.yml

``todo`` prints YAML, ``context: English`` (a fuzzy entry also shows, as a comment, the
translation it had). Replace each English text with its translation, delete what you did not
translate, and ``fill`` writes the rest into the catalogue: the entries become current (not
fuzzy). ``fill`` refuses, naming the entry, a context the catalogue does not have, a
translation that loses or adds a ``{placeholder}`` or ``{{figure}}``, a notebook code cell
whose code differs from the English (only comments and quoted texts may change), and a
content entry whose keywords became empty. Poedit, Lokalize or Weblate open the same files.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import po_files  # noqa: E402

from kamtools.messages import placeholders  # noqa: E402

FIGURE = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*(?::[^{}]*?)?\s*\}\}")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def kind(path: Path) -> str:
    """'notebook' (course notebooks, apps, documents, assignments), 'content' or 'messages'."""
    parts = path.resolve().parts
    if "content" in parts:
        return "content"
    if "course" in parts or "exercises" in parts:
        return "notebook"
    return "messages"


def todo(path: Path, *, everything: bool = False) -> str:
    catalogue = po_files.read(path)
    out = {}
    notes = []
    for message in catalogue:
        if not message.context:
            continue
        if everything or not po_files.filled(message) or message.fuzzy:
            # a count-dependent message: its English forms (one, other); write the
            # language's forms as a list (Polish: 1 klient, 2 klientów, 5 klientów)
            out[message.context] = list(message.id) if message.pluralizable else message.id
            if message.fuzzy and message.string:
                notes.append(f"# {message.context}: was {message.string!r}")
    text = yaml.dump(out, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(notes) + ("\n" if notes else "") + text


def problem(path: Path, english: str, translation: str, auto_comments: list[str]) -> str | None:
    """Why ``translation`` cannot stand for ``english`` (None: it can)."""
    if not translation.strip():
        return "the translation is empty"
    what = kind(path)
    if what == "notebook":
        if any("code cell" in c for c in auto_comments):
            import build_translations

            if not build_translations.same_code(english, translation):
                return (
                    "the code differs from the English (translate only comments and quoted texts)"
                )
        return None
    if what == "messages" and placeholders(english) != placeholders(translation):
        return (
            f"placeholders {sorted(placeholders(translation))}, the English has "
            f"{sorted(placeholders(english))}"
        )
    if what == "content":
        ours, theirs = set(FIGURE.findall(translation)), set(FIGURE.findall(english))
        if ours != theirs:
            return f"figures {sorted(ours)}, the English has {sorted(theirs)}"
    return None


def fill(path: Path, work: Path) -> list[str]:
    """Write the translations of ``work`` into ``path``; the problems found (nothing written
    when there is one)."""
    data = yaml.safe_load(work.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        return [f"{work}: must map contexts to translations"]
    catalogue = po_files.read(path)
    by_context = {m.context: m for m in catalogue if m.context}
    problems = []
    for context, translation in data.items():
        message = by_context.get(str(context))
        if message is None:
            problems.append(f"{context}: the catalogue has no such entry")
            continue
        if message.pluralizable:
            forms = translation if isinstance(translation, list) else None
            if (
                forms is None
                or len(forms) != catalogue.num_plurals
                or not all(isinstance(f, str) and f.strip() for f in forms)
            ):
                problems.append(
                    f"{context}: a count-dependent message needs a list of "
                    f"{catalogue.num_plurals} forms (the language's plural forms)"
                )
                continue
            whys = [problem(path, message.id[1], f, list(message.auto_comments)) for f in forms]
            if any(whys):
                problems.append(f"{context}: {next(w for w in whys if w)}")
                continue
            message.string = tuple(forms)
            message.flags.discard("fuzzy")
            message.previous_id = []
            continue
        if not isinstance(translation, str):
            problems.append(f"{context}: the translation must be text, not {translation!r}")
            continue
        translation = translation.rstrip("\n") if not message.id.endswith("\n") else translation
        why = problem(path, message.id, translation, list(message.auto_comments))
        if why:
            problems.append(f"{context}: {why}")
            continue
        message.string = translation
        message.flags.discard("fuzzy")
        message.previous_id = []
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    if problems:
        return problems
    path.write_bytes(po_files.render(catalogue))
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/translate.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    left = sub.add_parser("todo", help="print the entries left to translate, as YAML")
    left.add_argument("po", type=Path)
    left.add_argument("--all", action="store_true", help="every entry, translated or not")
    put = sub.add_parser("fill", help="write the translations of a YAML file")
    put.add_argument("po", type=Path)
    put.add_argument("work", type=Path)
    args = parser.parse_args(argv)
    if args.command == "todo":
        sys.stdout.write(todo(args.po, everything=args.all))
        return 0
    problems = fill(args.po, args.work)
    for line in problems:
        print(f"{args.po}: {line}", file=sys.stderr)
    if not problems:
        done, fuzzy, total = po_files.counts(po_files.read(args.po))
        print(f"{args.po}: {done} of {total} translated, {fuzzy} fuzzy")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
