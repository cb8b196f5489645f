"""The translation catalogues: extract the English messages, update a language, check, count.

English is written once, in ``kamtools/locales/en.yml``; each other language is a gettext
catalogue, ``kamtools/locales/<lang>/LC_MESSAGES/kamtools.po`` (see kamtools/i18n.py).

    python tools/i18n.py extract         # en.yml -> kamtools/locales/kamtools.pot (the template)
    python tools/i18n.py update pl       # the template -> pl's .po: new messages added, changed ones fuzzy
    python tools/i18n.py check           # exit 1 if the template is stale or a .po is out of step
    python tools/i18n.py stats pl        # how much is translated
    python tools/i18n.py content update pl [checks/03_pareto]   # the content catalogues in step
    python tools/i18n.py content check pl                       # exit 1 on any untranslated text
    python tools/i18n.py content stats pl                       # how much content is translated

The course's YAML content (check specs, role-plays, forms) has one catalogue per file,
``kamtools/locales/<lang>/content/<file>.po``; see kamtools/_translations.py.

Each entry's context (msgctxt) is the message's key and its msgid the English text, so an
English text that changes makes its translation fuzzy: the learner reads English until a
translator has looked at it (and removed the fuzzy flag, e.g. in Poedit).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import po_files  # noqa: E402

from kamtools import _translations, i18n  # noqa: E402
from kamtools.checks.spec import FIGURE  # noqa: E402
from kamtools.messages import placeholders, plural_templates, templates  # noqa: E402

TEMPLATE = i18n.LOCALES_DIR / f"{i18n.DOMAIN}.pot"
HEADER = "KAM Academy: the learner-facing messages of kamtools (source: kamtools/locales/en.yml)."
LANGUAGE_NAMES = {"pl": "Polish"}
WORDS_NOTE = (
    "words, not a sentence: one per line; a keyword group's alternatives separated by ' | '; "
    "a keyword matches the start of words ('klien kluczow' finds 'klientem kluczowym')"
)


def template_catalogue() -> Catalog:
    """The .pot: one entry per message of en.yml, in the file's order; the count-dependent
    messages (``{one: ..., other: ...}``) last, as gettext plural entries."""
    catalogue = Catalog(
        domain=i18n.DOMAIN,
        project="KAM Academy",
        version="0.1.0",
        copyright_holder="KAM Academy",
        header_comment="# " + HEADER,
        creation_date=None,
        revision_date=None,
        fuzzy=False,
    )
    for key, text in templates("en").items():
        catalogue.add(text, context=key, locations=[("kamtools/locales/en.yml", 0)])
    for key, forms in plural_templates("en").items():
        catalogue.add(forms, context=key, locations=[("kamtools/locales/en.yml", 0)])
    return catalogue


def _render(catalogue: Catalog) -> bytes:
    return po_files.render(catalogue)


def extract() -> bytes:
    return _render(template_catalogue())


def read(path: Path, language: str | None = None) -> Catalog:
    return po_files.read(path, language)


def update(language: str) -> bytes:
    """The language's catalogue brought in step with the template (text, not written).

    Entries are matched by key (msgctxt). A new key gets an empty translation; a key whose
    English changed keeps its translation, marked fuzzy, with the old English as
    ``#| msgid`` so the translator sees what changed; a key gone from en.yml goes too.
    """
    path = i18n.catalogue_path(language)
    old = read(path, language) if path.is_file() else None
    catalogue = po_files.new_catalogue(language, HEADER, domain=i18n.DOMAIN)
    entries = [(m.context, m.id) for m in template_catalogue() if m.context]
    return _render(po_files.merge(catalogue, old, entries, location="kamtools/locales/en.yml"))


# ---------------------------------------------------------------------------------------
# The course's YAML content (kamtools/_translations.py)
# ---------------------------------------------------------------------------------------
CONTENT_HEADER = "KAM Academy: the texts of kamtools/content/{rel}.yml in {language}."


def content_update(language: str, rel: str) -> bytes:
    """The catalogue of content file ``rel`` in step with the English file (not written)."""
    source = _translations.CONTENT_DIR / f"{rel}.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    path = _translations.catalogue_path(language, rel)
    old = read(path, language) if path.is_file() else None
    catalogue = po_files.new_catalogue(
        language, CONTENT_HEADER.format(rel=rel, language=LANGUAGE_NAMES[language])
    )
    comments = {
        context: [WORDS_NOTE]
        for context, _ in _translations.messages(data)
        if context.rsplit(".", 1)[-1] in _translations.WORD_LISTS
    }
    merged = po_files.merge(
        catalogue,
        old,
        _translations.messages(data),
        location=f"kamtools/content/{rel}.yml",
        comments=comments,
    )
    return _render(merged)


def content_problems(language: str, rel: str) -> list[str]:
    """Entries of a content catalogue that are untranslated, fuzzy or lose a figure."""
    path = _translations.catalogue_path(language, rel)
    if not path.is_file():
        return ["no catalogue: run `python tools/i18n.py content update " + language + "`"]
    found = []
    for message in read(path, language):
        if not message.context:
            continue
        if not message.string:
            found.append(f"{message.context}: not translated")
        elif message.fuzzy:
            found.append(f"{message.context}: fuzzy (the English changed)")
        elif set(FIGURE.findall(message.string)) != set(FIGURE.findall(message.id)):
            found.append(f"{message.context}: the figures differ from the English")
    return found


def problems(language: str) -> list[str]:
    """What is wrong in a language's catalogue (placeholders that differ from English)."""
    found = []
    english = templates("en")
    plurals = plural_templates("en")
    for message in i18n.catalogue(language):
        if not message.context or not message.string or message.fuzzy:
            continue
        if message.context in plurals:
            wanted = placeholders(plurals[message.context][1])
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if any(placeholders(form) != wanted for form in forms) or not all(forms):
                found.append(f"{message.context}: every plural form needs {sorted(wanted)}")
            continue
        if message.context not in english:
            found.append(f"{message.context}: not a message of en.yml")
            continue
        if placeholders(message.string) != placeholders(english[message.context]):
            found.append(
                f"{message.context}: placeholders {sorted(placeholders(message.string))}, "
                f"English has {sorted(placeholders(english[message.context]))}"
            )
    return found


def stats(language: str) -> tuple[int, int, int]:
    """(translated, fuzzy, total) for a language."""
    total = len(templates("en")) + len(plural_templates("en"))
    catalogue = i18n.catalogue(language)
    fuzzy = sum(1 for m in catalogue if m.context and m.string and m.fuzzy)
    return len(i18n.translations(language)), fuzzy, total


def content_command(action: str, language: str, only: str | None) -> int:
    files = _translations.content_files()
    if only is not None:
        if only not in files:
            print(f"{only!r} is not a content file; they are: {', '.join(files)}", file=sys.stderr)
            return 2
        files = [only]
    if action == "update":
        for rel in files:
            path = _translations.catalogue_path(language, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content_update(language, rel))
        print(f"updated {len(files)} content catalogue(s) of {language}")
        return 0
    if action == "stats":
        totals = [0, 0, 0]
        for rel in files:
            path = _translations.catalogue_path(language, rel)
            done, fuzzy, total = (
                po_files.counts(read(path, language)) if path.is_file() else (0, 0, 0)
            )
            totals = [totals[0] + done, totals[1] + fuzzy, totals[2] + total]
            print(f"{rel}: {done} of {total} translated, {fuzzy} fuzzy")
        print(f"{language}: {totals[0]} of {totals[2]} content texts translated, {totals[1]} fuzzy")
        return 0
    found = []
    for rel in files:
        path = _translations.catalogue_path(language, rel)
        if path.is_file() and path.read_bytes() != content_update(language, rel):
            found.append(
                f"{rel}: out of step, run `python tools/i18n.py content update {language}`"
            )
        found += [f"{rel}: {p}" for p in content_problems(language, rel)]
    print("\n".join(found) or "every content text is translated")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/i18n.py", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write kamtools/locales/kamtools.pot from en.yml")
    for name, text in (
        ("update", "bring a language's .po in step"),
        ("stats", "count translations"),
    ):
        sub.add_parser(name, help=text).add_argument("language", choices=i18n.LANGUAGES[1:])
    sub.add_parser("check", help="exit 1 if the .pot or a .po is out of step")
    content = sub.add_parser("content", help="the catalogues of the course's YAML content")
    content.add_argument("action", choices=("update", "check", "stats"))
    content.add_argument("language", choices=i18n.LANGUAGES[1:])
    content.add_argument("file", nargs="?", help="one content file, e.g. checks/03_pareto")
    args = parser.parse_args(argv)
    if args.command == "content":
        return content_command(args.action, args.language, args.file)
    if args.command == "extract":
        TEMPLATE.write_bytes(extract())
        print(f"wrote {TEMPLATE.relative_to(ROOT)}")
    elif args.command == "update":
        path = i18n.catalogue_path(args.language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(update(args.language))
        print(f"wrote {path.relative_to(ROOT)}")
    elif args.command == "stats":
        done, fuzzy, total = stats(args.language)
        print(f"{args.language}: {done} of {total} messages translated, {fuzzy} fuzzy")
    else:
        stale = []
        if not TEMPLATE.is_file() or TEMPLATE.read_bytes() != extract():
            stale.append(f"{TEMPLATE.relative_to(ROOT)}: run `python tools/i18n.py extract`")
        for language in i18n.LANGUAGES[1:]:
            path = i18n.catalogue_path(language)
            if path.is_file() and path.read_bytes() != update(language):
                stale.append(
                    f"{path.relative_to(ROOT)}: run `python tools/i18n.py update {language}`"
                )
            stale += [f"{path.relative_to(ROOT)}: {p}" for p in problems(language)]
        print("\n".join(stale) or "the catalogues are in step")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
