"""Reading, merging and writing the project's gettext catalogues (.po), one way for all.

Three kinds of catalogue share these rules: the learner-facing messages
(``kamtools/locales/<lang>/LC_MESSAGES/kamtools.po``), the course's YAML content
(``kamtools/locales/<lang>/content/**.po``) and the notebooks (``course/locales/<lang>/*.po``).
Every entry has a context (``msgctxt``: a message key, a place in a content file, a cell id)
and the English as its ``msgid``.

- :func:`merge` brings a catalogue in step with the English entries: a new entry is empty,
  an entry whose English changed keeps its translation marked *fuzzy*, with the old
  English as ``#| msgid`` (so the translator sees what changed), and an entry that is gone
  goes too;
- :func:`render` writes it reproducibly (no dates) with standard ``#| msgid`` lines (Babel
  writes a multi-line previous msgid as one mangled comment, so they are written here).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, normalize, read_po, write_po

WIDTH = 96


def read(path: Path, language: str | None = None) -> Catalog:
    """The catalogue in ``path``."""
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def previous_english(message: Message) -> str | None:
    """The English a fuzzy entry was translated from (its ``#| msgid``), if known."""
    if message.previous_id:
        previous = message.previous_id
        return previous if isinstance(previous, str) else previous[0]
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines or not lines[0].startswith("msgid "):
        return None
    return denormalize("\n".join([lines[0].removeprefix("msgid ").strip(), *lines[1:]]))


def new_catalogue(language: str | None, header: str, *, domain: str | None = None) -> Catalog:
    """An empty catalogue with the project's header (no dates)."""
    return Catalog(
        locale=language,
        domain=domain,
        project="KAM Academy",
        version="0.1.0",
        header_comment="# " + header,
        creation_date=None,
        revision_date=None,
        fuzzy=False,
    )


def merge(
    catalogue: Catalog,
    old: Catalog | None,
    entries: Iterable[tuple[str, str | tuple[str, ...]]],
    *,
    location: str,
    comments: dict[str, list[str]] | None = None,
) -> Catalog:
    """Fill ``catalogue`` with ``entries`` (context, English), keeping ``old``'s translations.

    See the module's docstring for what happens to new, changed and removed entries.
    """
    comments = comments or {}
    if old is not None:
        catalogue.last_translator = old.last_translator
        catalogue.language_team = old.language_team
    before = {m.context: m for m in old or () if m.context}
    for context, english in entries:
        common = {
            "context": context,
            "locations": [(location, 0)],
            "auto_comments": comments.get(context, []),
        }
        previous = before.get(context)
        # a message that became (or stopped being) count-dependent starts afresh
        kind_changed = previous is not None and isinstance(previous.id, str) != isinstance(
            english, str
        )
        if previous is None or not filled(previous) or kind_changed:
            catalogue.add(english, **common)
        elif previous.id == english:
            old_english = previous_english(previous) if previous.fuzzy else None
            catalogue.add(
                english,
                previous.string,
                flags=previous.flags,
                previous_id=old_english or (),
                **common,
            )
        else:
            catalogue.add(
                english, previous.string, flags={"fuzzy"}, previous_id=previous.id, **common
            )
    return catalogue


def render(catalogue: Catalog) -> bytes:
    """The catalogue as a .po file: reproducible (no dates), fuzzy entries with their old
    English as standard ``#| msgid`` lines."""
    previous: dict[str, str] = {}
    for message in catalogue:
        if not message.context:
            continue
        old = previous_english(message)
        if old is not None and message.fuzzy:
            previous[message.context] = old
        message.previous_id = []
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    out = io.BytesIO()
    write_po(out, catalogue, width=WIDTH, sort_output=False, include_lineno=False)
    lines = [
        line
        for line in out.getvalue().decode("utf-8").split("\n")
        if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date'))
    ]
    text = "\n".join(lines)
    for context, old in previous.items():
        quoted = normalize(old, width=WIDTH).split("\n")
        block = "".join(f"#| {'msgid ' if i == 0 else ''}{line}\n" for i, line in enumerate(quoted))
        anchor = f"msgctxt {normalize(context, width=WIDTH)}\n"
        text = text.replace(anchor, block + anchor, 1)
    return text.encode("utf-8")


def filled(message: Message) -> bool:
    """True if the entry has its translation (every form of a count-dependent one)."""
    text = message.string
    return all(text) if isinstance(text, (tuple, list)) else bool(text)


def counts(catalogue: Catalog) -> tuple[int, int, int]:
    """(translated, fuzzy, total) entries."""
    entries = [m for m in catalogue if m.context]
    fuzzy = sum(1 for m in entries if filled(m) and m.fuzzy)
    done = sum(1 for m in entries if filled(m) and not m.fuzzy)
    return done, fuzzy, len(entries)
