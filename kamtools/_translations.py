"""The course's YAML content in the learner's language (check specs, role-plays, forms ...).

Content is written once, in English, in ``kamtools/content/``. Each other language has one
gettext catalogue per content file, ``kamtools/locales/<lang>/content/<file>.po`` (for
``checks/01_why_key_accounts.yml``: ``pl/content/checks/01_why_key_accounts.po``), made and
kept in step by ``python tools/i18n.py content``. An entry's context (``msgctxt``) is the
text's place in the file, e.g. ``questions[q1].mistakes[0].message`` or
``nodes.opening.choices[2].feedback`` (list items with an ``id`` are named by it, so
reordering questions does not move their translations); its ``msgid`` is the English.

Which strings are text: every string in the file except identifiers (ids, tags, the names
of answer functions, node names, units), which stay as they are so that the code, the
answers and the progress records mean the same in every language. Lists that are *sets of
words* rather than sentences (``keywords``, ``answers``, ``key_terms``) are one entry each,
one item per line and a keyword group's alternatives separated by `` | ``; in the learner's
language the check accepts the translated words *and* the English ones (a Polish key
account manager may well answer "key account").

A translation is used only when it is not fuzzy and was made from the English the file
holds now: an English text that changed shows in English until a translator has looked at
it (the tests list every such text).
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from . import i18n

__all__: list[str] = []

#: Keys whose strings are identifiers or settings, never shown as text.
SKIP_KEYS = frozenset(
    {
        "id",
        "tag",
        "next",
        "type",
        "unit",
        "module",
        "currency",
        "start",
        "title_field",
        "export_file",
        "marker",
        "result",
        "area",
        "kind",
        "better",
    }
)
#: Keys whose lists of words are translated as one entry (one item per line).
WORD_LISTS = frozenset({"keywords", "answers", "key_terms"})
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
ALTERNATIVES = " | "
CONTENT_DIR = Path(__file__).resolve().parent / "content"
#: The content files that have translations (paths inside ``kamtools/content``, no suffix).
#: terms.yml is bilingual itself and facts.yml is read by the tests only.
UNTRANSLATED = frozenset({"terms", "facts"})


def content_files(content_dir: Path = CONTENT_DIR) -> list[str]:
    """Every translatable content file, as its path inside ``content/`` without ``.yml``."""
    found = []
    for path in sorted(content_dir.rglob("*.yml")):
        rel = path.relative_to(content_dir).with_suffix("").as_posix()
        if rel not in UNTRANSLATED:
            found.append(rel)
    return found


def catalogue_path(language: str, rel: str) -> Path:
    """Where the catalogue of content file ``rel`` (e.g. ``checks/03_pareto``) lives."""
    return i18n.LOCALES_DIR / language / "content" / f"{rel}.po"


def _encode_words(key: str, items: list[Any]) -> str:
    if key == "keywords":
        return "\n".join(
            item if isinstance(item, str) else ALTERNATIVES.join(item) for item in items
        )
    return "\n".join(str(item) for item in items)


def _decode_words(key: str, text: str) -> list[Any]:
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if key != "keywords":
        return lines
    groups: list[Any] = []
    for line in lines:
        alternatives = [a.strip() for a in line.split(ALTERNATIVES.strip()) if a.strip()]
        groups.append(alternatives[0] if len(alternatives) == 1 else alternatives)
    return groups


def _is_text(key: Any, value: str) -> bool:
    if key in SKIP_KEYS or (isinstance(key, str) and key.endswith("_from")):
        return False
    return not _IDENT.match(value)


def _item_name(index: int, item: Any) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return f"[{item['id']}]"
    return f"[{index}]"


def _walk(node: Any, path: str, key: Any) -> Iterator[tuple[str, str, Any]]:
    """(context, English, key) for every text of ``node``."""
    if isinstance(node, Mapping):
        for name, value in node.items():
            child = f"{path}.{name}" if path else str(name)
            if name in WORD_LISTS and isinstance(value, list):
                yield child, _encode_words(name, value), name
            else:
                yield from _walk(value, child, name)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{path}{_item_name(index, item)}", key)
    elif isinstance(node, str) and _is_text(key, node):
        yield path, node, key


def messages(data: Any) -> list[tuple[str, str]]:
    """The texts of a content file's data: ``(context, English)`` in the file's order."""
    return [(context, english) for context, english, _ in _walk(data, "", None)]


@functools.cache
def _catalogue(language: str, rel: str) -> dict[str, tuple[str, str]]:
    """context -> (English it was made from, translation): usable entries only."""
    path = catalogue_path(language, rel)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalogue: Catalog = read_po(handle, locale=language)
    return {
        m.context: (m.id, m.string)
        for m in catalogue
        if m.context
        and isinstance(m.id, str)
        and m.id
        and isinstance(m.string, str)
        and m.string
        and not m.fuzzy
    }


def _merge_words(key: str, english: list[Any], translated: list[Any]) -> list[Any]:
    """The translated words plus the English ones (keyword groups merged group by group)."""
    if key != "keywords":
        return translated + [w for w in english if w not in translated]
    if len(translated) != len(english):
        return translated
    merged: list[Any] = []
    for ours, theirs in zip(translated, english, strict=True):
        words = [ours] if isinstance(ours, str) else list(ours)
        words += [w for w in ([theirs] if isinstance(theirs, str) else theirs) if w not in words]
        merged.append(words[0] if len(words) == 1 else words)
    return merged


def _translate(node: Any, path: str, key: Any, found: Mapping[str, tuple[str, str]]) -> Any:
    if isinstance(node, Mapping):
        out = {}
        for name, value in node.items():
            child = f"{path}.{name}" if path else str(name)
            if name in WORD_LISTS and isinstance(value, list):
                entry = found.get(child)
                if entry and entry[0] == _encode_words(name, value):
                    out[name] = _merge_words(name, value, _decode_words(name, entry[1]))
                else:
                    out[name] = copy.deepcopy(value)
            else:
                out[name] = _translate(value, child, name, found)
        return out
    if isinstance(node, list):
        return [
            _translate(item, f"{path}{_item_name(i, item)}", key, found)
            for i, item in enumerate(node)
        ]
    if isinstance(node, str) and _is_text(key, node):
        entry = found.get(path)
        return entry[1] if entry and entry[0] == node else node
    return copy.deepcopy(node)


def translate(data: Any, rel: str, language: str | None = None) -> Any:
    """``data`` (a content file's parsed YAML) with its texts in ``language``.

    ``language`` None: the learner's language (:func:`kamtools.i18n.get_language`). English,
    or a file without a catalogue, gives ``data`` back unchanged; a text without a usable
    translation stays English.
    """
    language = i18n.get_language() if language is None else language
    if language == i18n.DEFAULT_LANGUAGE:
        return data
    found = _catalogue(language, rel)
    if not found:
        return data
    return _translate(data, "", None, found)


def relative_name(path: Path, content_dir: Path = CONTENT_DIR) -> str | None:
    """``path``'s name inside ``content/`` without ``.yml``, or None for a file elsewhere."""
    try:
        rel = path.resolve().relative_to(content_dir.resolve())
    except ValueError:
        return None
    return rel.with_suffix("").as_posix()
