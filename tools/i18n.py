"""The translation catalogues: extract the English messages, update a language, check, count.

English is written once, in ``kamtools/locales/en.yml``; each other language is a gettext
catalogue, ``kamtools/locales/<lang>/LC_MESSAGES/kamtools.po`` (see kamtools/i18n.py).

    python tools/i18n.py extract         # en.yml -> kamtools/locales/kamtools.pot (the template)
    python tools/i18n.py update pl       # the template -> pl's .po: new messages added, changed ones fuzzy
    python tools/i18n.py check           # exit 1 if the template is stale or a .po is out of step
    python tools/i18n.py stats pl        # how much is translated

Each entry's context (msgctxt) is the message's key and its msgid the English text, so an
English text that changes makes its translation fuzzy: the learner reads English until a
translator has looked at it (and removed the fuzzy flag, e.g. in Poedit).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kamtools import i18n  # noqa: E402
from kamtools.messages import placeholders, templates  # noqa: E402

TEMPLATE = i18n.LOCALES_DIR / f"{i18n.DOMAIN}.pot"
HEADER = "KAM Academy: the learner-facing messages of kamtools (source: kamtools/locales/en.yml)."


def template_catalogue() -> Catalog:
    """The .pot: one entry per message of en.yml, in the file's order."""
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
    return catalogue


def _render(catalogue: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(
        out, catalogue, width=96, sort_output=False, include_lineno=False, include_previous=True
    )
    # the header's dates change on every run: drop them so the files are reproducible
    lines = [
        line
        for line in out.getvalue().split(b"\n")
        if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))
    ]
    return b"\n".join(lines)


def extract() -> bytes:
    return _render(template_catalogue())


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=i18n.DOMAIN)


def update(language: str) -> bytes:
    """The language's catalogue brought in step with the template (text, not written).

    Entries are matched by key (msgctxt). A new key gets an empty translation; a key whose
    English changed keeps its translation, marked fuzzy, with the old English as
    ``#| msgid`` so the translator sees what changed; a key gone from en.yml goes too.
    """
    path = i18n.catalogue_path(language)
    old = read(path, language) if path.is_file() else None
    catalogue = Catalog(
        locale=language,
        domain=i18n.DOMAIN,
        project="KAM Academy",
        version="0.1.0",
        header_comment="# " + HEADER,
        creation_date=None,
        revision_date=None,
        fuzzy=False,
    )
    if old is not None:
        catalogue.last_translator = old.last_translator
        catalogue.language_team = old.language_team
    before = {m.context: m for m in old or () if m.context}
    for entry in template_catalogue():
        previous = before.get(entry.context)
        if previous is None or not previous.string:
            catalogue.add(entry.id, context=entry.context, locations=entry.locations)
        elif previous.id == entry.id:
            catalogue.add(
                entry.id,
                previous.string,
                context=entry.context,
                locations=entry.locations,
                flags=previous.flags,
                previous_id=previous.previous_id if previous.fuzzy else (),
            )
        else:
            catalogue.add(
                entry.id,
                previous.string,
                context=entry.context,
                locations=entry.locations,
                flags={"fuzzy"},
                previous_id=previous.id,
            )
    return _render(catalogue)


def problems(language: str) -> list[str]:
    """What is wrong in a language's catalogue (placeholders that differ from English)."""
    found = []
    english = templates("en")
    for message in i18n.catalogue(language):
        if not message.context or not message.string or message.fuzzy:
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
    total = len(templates("en"))
    catalogue = i18n.catalogue(language)
    fuzzy = sum(1 for m in catalogue if m.context and m.string and m.fuzzy)
    return len(i18n.translations(language)), fuzzy, total


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
    args = parser.parse_args(argv)
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
