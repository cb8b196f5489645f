"""Languages: which one the learner reads, its translations, and its numbers, money and dates.

English is the source: every message is written once, in ``kamtools/locales/en.yml``. The
other languages are standard gettext catalogues, one per language, read with Babel:
``kamtools/locales/<lang>/LC_MESSAGES/kamtools.po``. Each entry's context (``msgctxt``) is
the message's dotted key and its ``msgid`` the English text, so a translator's tool (Poedit,
Weblate, Lokalize) shows the English next to the translation, and an English text that
changes turns its translation *fuzzy* (``python tools/i18n.py update``) until a translator
has looked at it again. A fuzzy or missing translation is never shown: the learner reads
the English text instead.

Plural messages follow the language's own gettext rule (from Babel's CLDR data): English
has two forms, Polish three ("1 faktura, 2 faktury, 5 faktur"; "1 klient, 2 klientów,
5 klientów", where the last two forms happen to agree); see :func:`plural_form`.

Numbers, money and dates are written the way the language writes them: ``1 234,50 zł`` and
``04.12.2026`` in Polish, ``PLN 1,234.50`` and ``4 Dec 2026`` in English.

The language is :func:`set_language` if called, else the environment variable
``KAMTOOLS_LANG`` (``pl``, ``pl_PL.UTF-8`` ...), else English.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext
import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _babel_percent

from .errors import ParameterError, WrongTypeError

__all__ = [
    "LANGUAGES",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "get_language",
    "plural_form",
    "set_language",
]

Language = Literal["en", "pl"]
#: The languages of the course; English is the source every other one falls back to.
LANGUAGES: tuple[Language, ...] = ("en", "pl")
DEFAULT_LANGUAGE: Language = "en"
#: Folder of the catalogues: ``en.yml`` (the source) and ``<lang>/LC_MESSAGES/kamtools.po``.
LOCALES_DIR: Path = Path(__file__).resolve().parent / "locales"
DOMAIN = "kamtools"
_ENV_VAR = "KAMTOOLS_LANG"
#: The locale each language formats with (Babel's locale names).
_LOCALES: dict[str, str] = {"en": "en_GB", "pl": "pl_PL"}
_chosen: Language | None = None


def _code(value: object, name: str) -> Language:
    if not isinstance(value, str):
        raise WrongTypeError(
            f"`{name}` must be a language code such as 'pl', but {value!r} was passed."
        )
    code = value.strip().lower().replace("-", "_")[:2]
    if code not in LANGUAGES:
        raise ParameterError(
            f"`{name}` must be one of {list(LANGUAGES)}, but {value!r} was passed."
        )
    return code


def set_language(language: str | None) -> Language:
    """Show every learner-facing text in ``language`` from now on (``None``: back to default).

    Parameters
    ----------
    language : {"en", "pl"} or None
        A language code; a locale name such as ``"pl_PL"`` works too. ``None`` forgets
        the choice, so ``KAMTOOLS_LANG`` (or English) applies again.

    Returns
    -------
    str
        The language now in use.

    Raises
    ------
    ParameterError
        If the language is not one of :data:`LANGUAGES`.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.set_language("pl")
    'pl'
    >>> kt.format_money(1234.5)
    '1\\xa0234,50\\xa0zł'
    >>> kt.set_language(None)
    'en'
    """
    global _chosen
    _chosen = None if language is None else _code(language, "language")
    return get_language()


def get_language() -> Language:
    """The language in use: :func:`set_language`, else ``KAMTOOLS_LANG``, else English.

    An unknown or empty ``KAMTOOLS_LANG`` gives English (a setting of the machine should
    never stop the course).
    """
    if _chosen is not None:
        return _chosen
    wanted = os.environ.get(_ENV_VAR, "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


def catalogue_path(language: str) -> Path:
    """Where the gettext catalogue of ``language`` lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalogue(language: str) -> Catalog:
    """The gettext catalogue of ``language``, read once (an empty one if there is no file)."""
    path = catalogue_path(language)
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@functools.cache
def translations(language: str) -> dict[str, str | tuple[str, ...]]:
    """The usable translations of ``language``: key -> text (or plural forms).

    Entries that are fuzzy (the English changed since) or empty are left out, so the
    learner reads English rather than a stale or missing translation.
    """
    found: dict[str, str | tuple[str, ...]] = {}
    for message in catalogue(language):
        if not message.id or not message.context or message.fuzzy:
            continue
        text = message.string
        if isinstance(text, (tuple, list)):
            if all(text):
                found[message.context] = tuple(text)
        elif text:
            found[message.context] = text
    return found


@functools.cache
def _plural_rule(language: str) -> Callable[[int], int]:
    return gettext.c2py(catalogue(language).plural_expr)


def plural_form(n: int | float, language: str | None = None) -> int:
    """Which plural form (0, 1, 2 ...) a count takes in ``language`` (gettext's rule).

    English: 0 for 1, else 1. Polish: 0 for 1 (1 faktura), 1 for 2-4, 22-24, ... but not
    12-14 (2 faktury), 2 for the rest (5 faktur, 12 faktur). Plural forms are for counts:
    a fraction is an error (Polish writes "1,5 klienta", a fourth form gettext lacks;
    write such figures without a counted noun).

    Examples
    --------
    >>> from kamtools.i18n import plural_form
    >>> [plural_form(n, "pl") for n in (1, 2, 5, 12, 22, 25)]
    [0, 1, 2, 2, 1, 2]
    >>> [plural_form(n, "en") for n in (1, 2)]
    [0, 1]
    """
    lang = get_language() if language is None else _code(language, "language")
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not float(n).is_integer():
        raise ParameterError(f"`n` must be a count (a whole number), but {n!r} was passed.")
    return _plural_rule(lang)(int(abs(n)))


def _locale(language: str | None) -> Locale:
    lang = get_language() if language is None else _code(language, "language")
    return Locale.parse(_LOCALES[lang])


def _signed(pattern: str, sign: bool) -> str:
    """``pattern`` with a plus sign for positive numbers (and zero) when ``sign``."""
    return f"+{pattern};-{pattern}" if sign else pattern


def format_number(
    value: float, decimals: int = 0, *, sign: bool = False, language: str | None = None
) -> str:
    """A number as the language writes it: ``1 234,5`` in Polish, ``1,234.5`` in English.

    ``sign=True`` writes a plus sign before a positive number (a change: ``+1,234``).

    Examples
    --------
    >>> from kamtools.i18n import format_number
    >>> format_number(1234.5, 1, language="pl"), format_number(1234.5, 1, language="en")
    ('1\\xa0234,5', '1,234.5')
    >>> format_number(1234, sign=True, language="en"), format_number(-1234, sign=True, language="en")
    ('+1,234', '-1,234')
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=_signed(pattern, sign), locale=_locale(language))


def format_money(
    value: float, currency: str = "PLN", *, decimals: int = 2, language: str | None = None
) -> str:
    """An amount of money as the language writes it: ``1 234,50 zł`` / ``PLN 1,234.50``.

    Examples
    --------
    >>> from kamtools.i18n import format_money
    >>> format_money(1234.5, language="pl"), format_money(-1234.5, language="en")
    ('1\\xa0234,50\\xa0zł', '-PLN\\xa01,234.50')
    """
    locale = _locale(language)
    pattern = locale.currency_formats["standard"].pattern
    if decimals != 2:
        pattern = pattern.replace("0.00", "0" + ("." + "0" * decimals if decimals else ""))
    text = format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)
    return (
        text.replace("PLN", "PLN\u00a0")
        if locale.language == "en" and "PLN\u00a0" not in text
        else text
    )


def format_percent(
    value: float, decimals: int = 1, *, sign: bool = False, language: str | None = None
) -> str:
    """A fraction as a percentage: ``25,3%`` in Polish, ``25.3%`` in English (``sign=True``:
    ``+25.3%`` for a positive change).

    >>> from kamtools.i18n import format_percent
    >>> format_percent(0.0523, sign=True, language="pl"), format_percent(-0.05, language="en")
    ('+5,2%', '-5.0%')
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + "%"
    return _babel_percent(value, format=_signed(pattern, sign), locale=_locale(language))


def format_date(value: _dt.date, *, language: str | None = None) -> str:
    """A date as the language writes it in a document: ``04.12.2026`` / ``4 Dec 2026``."""
    locale = _locale(language)
    pattern = "dd.MM.yyyy" if locale.language == "pl" else "d MMM yyyy"
    return _babel_date(value, pattern, locale=locale)
