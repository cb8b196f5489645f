"""The message catalogue: every sentence a learner reads comes from here.

The English templates live in ``kamtools/locales/en.yml`` (nested YAML, addressed by
dotted keys such as ``"check.offer_hint"``) and use ``{name}`` placeholders filled by
:func:`t`. Other languages are gettext catalogues (:mod:`kamtools.i18n`): the language is
``kt.set_language(...)``, else ``KAMTOOLS_LANG``, else English, read on every call; a
message with no current translation is shown in English.

Errors raised by the analysis functions (:mod:`kamtools.errors`) are written for
developers and do not go through the catalogue.
"""

from __future__ import annotations

import functools
import reprlib
import string
from collections.abc import Mapping
from numbers import Number
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from . import _numbers, i18n
from .errors import ParameterError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LOCALES_DIR",
    "count",
    "describe",
    "language",
    "placeholders",
    "quote",
    "plural_templates",
    "t",
    "templates",
    "tn",
]

#: Folder of the catalogue files, one ``<language>.yml`` per language.
LOCALES_DIR: Path = Path(__file__).resolve().parent / "locales"

#: The language every other one falls back to; its file must hold every key.
DEFAULT_LANGUAGE = "en"

_ENV_VAR = "KAMTOOLS_LANG"


def language() -> str:
    """The language messages are shown in (see :func:`kamtools.get_language`).

    Examples
    --------
    >>> from kamtools.messages import language
    >>> language()
    'en'
    """
    return i18n.get_language()


#: The keys of a message that depends on a count: ``{one: ..., other: ...}`` in en.yml.
PLURAL_KEYS = frozenset({"one", "other"})


def _is_plural(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == PLURAL_KEYS


def _flatten(
    tree: Mapping[str, Any], prefix: str, source: Path, *, plurals: bool = False
) -> dict[str, Any]:
    """Nested YAML mappings as one dict of dotted keys to template strings (``plurals``:
    only the count-dependent messages, as ``(one, other)`` tuples)."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if _is_plural(value):
            if plurals:
                flat[dotted] = (str(value["one"]), str(value["other"]))
        elif isinstance(value, Mapping):
            flat.update(_flatten(value, f"{dotted}.", source, plurals=plurals))
        elif plurals:
            continue
        elif isinstance(value, str):
            flat[dotted] = value
        else:
            raise ParameterError(
                f"Message {dotted!r} in {source.name} must be text, but {value!r} was found; "
                f"put quotes around it in the YAML file."
            )
    return flat


@functools.cache
def templates(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """All templates of one language, keyed by dotted name (read once, then cached).

    Parameters
    ----------
    lang : str, default "en"
        Language code. English is ``kamtools/locales/en.yml``; another language gives
        the current (not fuzzy) translations of its gettext catalogue.

    Returns
    -------
    dict of str to str
        Only the keys that language has (no fallback here).

    Raises
    ------
    ParameterError
        If ``lang`` is not a language of the course, or an entry of en.yml is not text.

    Examples
    --------
    >>> from kamtools.messages import templates
    >>> templates("en")["outcome.correct"]
    'Correct'
    """
    if lang != DEFAULT_LANGUAGE:
        if lang not in i18n.LANGUAGES:
            raise ParameterError(
                f"`lang` must be one of {list(i18n.LANGUAGES)}, but {lang!r} was passed."
            )
        return {k: v for k, v in i18n.translations(lang).items() if isinstance(v, str)}
    path = LOCALES_DIR / f"{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _flatten(data, "", path)


@functools.cache
def plural_templates(lang: str = DEFAULT_LANGUAGE) -> dict[str, tuple[str, ...]]:
    """The messages that depend on a count, keyed like :func:`templates`: English has two
    forms (one, other), Polish three (1 klient, 2 klientów... see :func:`kamtools.plural_form`).

    Only current, complete translations of ``lang`` are returned (English for the rest is
    :func:`tn`'s business).

    Examples
    --------
    >>> from kamtools.messages import plural_templates
    >>> plural_templates("en")["plural.customers"]
    ('{count} customer', '{count} customers')
    """
    if lang != DEFAULT_LANGUAGE:
        if lang not in i18n.LANGUAGES:
            raise ParameterError(
                f"`lang` must be one of {list(i18n.LANGUAGES)}, but {lang!r} was passed."
            )
        return {k: v for k, v in i18n.translations(lang).items() if isinstance(v, tuple)}
    path = LOCALES_DIR / f"{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _flatten(data, "", path, plurals=True)


def tn(key: str, n: int, /, **values: Any) -> str:
    """The count-dependent message ``key`` for ``n``, in the learner's language.

    The form follows the language's plural rule (:func:`kamtools.plural_form`); the
    placeholder ``{count}`` is ``n`` written as the language writes numbers.

    Examples
    --------
    >>> import kamtools as kt
    >>> from kamtools.messages import tn
    >>> tn("plural.customers", 1), tn("plural.customers", 4373)
    ('1 customer', '4,373 customers')
    >>> _ = kt.set_language("pl")
    >>> [tn("plural.customers", n) for n in (1, 2, 5, 22)]
    ['1 klient', '2 klientów', '5 klientów', '22 klientów']
    >>> _ = kt.set_language(None)
    """
    english = plural_templates(DEFAULT_LANGUAGE)
    if key not in english:
        raise ParameterError(
            f"`key` must be a count-dependent message of {DEFAULT_LANGUAGE}.yml, "
            f"but {key!r} was passed."
        )
    lang = language()
    forms = plural_templates(lang).get(key) if lang != DEFAULT_LANGUAGE else None
    if forms is None:
        lang, forms = DEFAULT_LANGUAGE, english[key]
    template = forms[i18n.plural_form(n, lang)]
    wanted = placeholders(english[key][1]) - {"count"}
    if set(values) != wanted:
        raise ParameterError(
            f"Message {key!r} needs the values {sorted(wanted)}, but {sorted(values)} were passed."
        )
    return template.format(count=count(n), **values)


def placeholders(template: str) -> set[str]:
    """Names of the ``{placeholders}`` in a template.

    Examples
    --------
    >>> from kamtools.messages import placeholders
    >>> sorted(placeholders("Try {call} after {count} attempts."))
    ['call', 'count']
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def t(key: str, /, **values: Any) -> str:
    """The message ``key`` in the current language, with its placeholders filled in.

    Parameters
    ----------
    key : str
        Dotted key of the message, e.g. ``"check.offer_hint"``.
    **values
        One value per placeholder of the template, no more and no fewer.

    Returns
    -------
    str
        The filled-in message.

    Raises
    ------
    ParameterError
        If ``key`` is not in the English catalogue, or the values passed do not match the
        template's placeholders (a programming error, caught by the tests).

    Notes
    -----
    The template comes from the language given by :func:`language`, or from English
    when that language lacks the key. Placeholder values are inserted with ``str()``;
    format numbers before passing them.

    Examples
    --------
    >>> from kamtools.messages import t
    >>> t("check.offer_hint", call="ex.q1.hint()")
    'Stuck? Try `ex.q1.hint()`.'
    """
    english = templates(DEFAULT_LANGUAGE)
    if key not in english:
        raise ParameterError(
            f"`key` must be a message of {DEFAULT_LANGUAGE}.yml, but {key!r} was passed."
        )
    lang = language()
    template = templates(lang).get(key, english[key]) if lang != DEFAULT_LANGUAGE else english[key]
    wanted = placeholders(english[key])
    if set(values) != wanted:
        raise ParameterError(
            f"Message {key!r} needs the values {sorted(wanted)}, but {sorted(values)} were passed."
        )
    return template.format(**values)


_QUOTE = reprlib.Repr()
_QUOTE.maxstring = _QUOTE.maxother = 60


def quote(text: Any) -> str:
    """A learner's text (or other value) in quotes, shortened to about 60 characters.

    Examples
    --------
    >>> from kamtools.messages import quote
    >>> quote("abc")
    "'abc'"
    """
    return _QUOTE.repr(text)


def count(n: int) -> str:
    """A whole number with thousands separated for reading (``4,373``; Polish ``4 373``).

    Examples
    --------
    >>> from kamtools.messages import count
    >>> count(4373)
    '4,373'
    """
    return _numbers.integer(n)


def describe(value: Any) -> str:
    """What a value is, in plain words, for messages like "I expected ..., but got ...".

    Parameters
    ----------
    value : anything
        Typically a learner's answer.

    Returns
    -------
    str
        A phrase such as "the text 'abc'", "a list of 3 values", "a table with 4 rows and
        2 columns" or "a function", in the current language.

    Examples
    --------
    >>> from kamtools.messages import describe
    >>> describe("abc"), describe([1, 2, 3]), describe(True)
    ("the text 'abc'", 'a list of 3 values', 'the yes/no value True')
    """
    if value is None:
        return t("describe.none")
    if isinstance(value, (bool, np.bool_)):
        return t("describe.bool", value=str(bool(value)))
    if isinstance(value, str):
        return t("describe.text", text=quote(value))
    if isinstance(value, Number):
        return t("describe.number", number=quote(value))
    if isinstance(value, pd.DataFrame):
        rows, cols = value.shape
        return t("describe.table", rows=count(rows), columns=count(cols))
    if isinstance(value, pd.Series):
        n = len(value)
        return t("describe.column_one") if n == 1 else t("describe.column", count=count(n))
    if isinstance(value, Mapping):
        return t("describe.mapping", count=count(len(value)))
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index)):
        n = int(np.size(value)) if isinstance(value, np.ndarray) else len(value)
        return t("describe.list_one") if n == 1 else t("describe.list", count=count(n))
    if callable(value):
        return t("describe.function")
    return t("describe.other", kind=type(value).__name__)
