"""The glossary in two languages, from one term list: ``kamtools/content/terms.yml``.

Every term of the course has one entry there: its English name, *the* Polish name every
Polish text uses (one Polish term for each concept), the names a learner may also write,
the synonyms no Polish text may use, the inflected forms of the Polish name, a definition
in each language and the modules that teach it. ``tools/build_glossary.py`` writes both
glossaries (``course/glossary.ipynb`` and ``course/pl/glossary.ipynb``) from it.

:func:`glossary_term` looks a term up from either side, ignoring case, Polish diacritics
and inflection, so "share of wallet", "udział w portfelu" and "udziałem w portfelu" find
the same entry; :func:`avoided_terms` finds the synonyms a Polish text should not use.

>>> glossary_term("klienta kluczowego").en
'Key account'
>>> glossary_term("Share of wallet").pl
'udział w portfelu'
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .._content import CONTENT_DIR, FieldCheck, display_name, load_yaml
from .._text import fold
from ..errors import DataError, ParameterError, WrongTypeError
from ..i18n import get_language

__all__ = [
    "AvoidedTerm",
    "GlossaryTerm",
    "UnknownTermError",
    "avoided_terms",
    "glossary_term",
    "glossary_terms",
]

#: The term list both glossaries are built from.
TERMS_FILE: Path = CONTENT_DIR / "terms.yml"

_REQUIRED = (
    "id",
    "en",
    "pl",
    "pl_also",
    "pl_avoid",
    "pl_forms",
    "modules",
    "en_definition",
    "pl_definition",
)
_MODULE = re.compile(r"^[0-9]{2}$")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")


class UnknownTermError(ParameterError, LookupError):
    """:func:`glossary_term` found no entry (or more than one) for the text it was given.

    ``text`` holds the text looked up and ``suggestions`` the closest terms, best first.
    """

    def __init__(self, message: str, *, text: str = "", suggestions: tuple[str, ...] = ()):
        super().__init__(message)
        self.text = text
        self.suggestions = suggestions

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary entry in both languages.

    ``definitions`` maps ``"en"`` and ``"pl"`` to the definition in that language;
    ``modules`` are two-digit module numbers (``"03"``); ``note`` says why the Polish term
    was chosen (e.g. that Polish practice keeps the English one), or is empty.
    """

    id: str
    en: str
    pl: str
    definitions: dict[str, str] = field(hash=False)
    modules: tuple[str, ...]
    note: str = ""
    pl_also: tuple[str, ...] = ()
    pl_avoid: tuple[str, ...] = ()
    pl_forms: tuple[str, ...] = ()

    def name(self, language: str | None = None) -> str:
        """The term in ``language`` (default: :func:`kamtools.get_language`)."""
        return self.pl if _language(language) == "pl" else self.en

    def definition(self, language: str | None = None) -> str:
        """The definition in ``language`` (default: :func:`kamtools.get_language`)."""
        return self.definitions[_language(language)]


@dataclass(frozen=True)
class AvoidedTerm:
    """A synonym a Polish text uses although the term list says to write ``use`` instead."""

    found: str
    avoid: str
    use: str
    term_id: str


def _language(language: str | None) -> Literal["en", "pl"]:
    if language is None:
        return get_language()
    if language not in ("en", "pl"):
        raise ParameterError(f"`language` must be 'en' or 'pl', but {language!r} was passed.")
    return "pl" if language == "pl" else "en"


def normalise(text: str) -> str:
    """Text as the look-up compares it: lower case, no diacritics, words split on punctuation.

    >>> normalise("Udział w  PORTFELU!")
    'udzial w portfelu'
    >>> normalise("Ł-ódź 10%")
    'l odz 10 %'
    """
    plain = fold(text).replace("%", " % ").replace("_", " ")
    return " ".join(re.sub(r"[^\w%]+", " ", plain).split())


def _stem(word: str) -> str:
    """The part of a word that its Polish inflected forms share, roughly."""
    return word if len(word) <= 3 else word[: max(4, len(word) - 2)]


def _stems_match(key: str, text: str) -> bool:
    """Whether ``text`` is ``key`` with (roughly) inflected words: same words, same stems."""
    key_words, text_words = key.split(), text.split()
    if len(key_words) != len(text_words):
        return False
    return all(
        t == k if len(k) <= 3 else t.startswith(_stem(k)) and len(t) <= len(k) + 4
        for k, t in zip(key_words, text_words, strict=True)
    )


def avoid_pattern(phrase: str) -> re.Pattern[str]:
    """A regular expression that finds ``phrase`` and its inflected forms in normalised text.

    Each word of three letters or fewer must match exactly; a longer word matches any word
    that starts with all but its last letter and goes on for at most four more letters
    ("kluczowy klient" finds "kluczowych klientów" and "kluczowemu klientowi").
    """
    parts = []
    for word in normalise(phrase).split():
        if len(word) <= 3:
            parts.append(re.escape(word))
        else:
            parts.append(re.escape(word[:-1]) + r"\w{0,4}")
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def _parse(data: Any, label: str) -> tuple[GlossaryTerm, ...]:
    check = FieldCheck(label)
    raw = check.mapping(data, "", required=("terms",), optional=("published_titles",))
    items = check.sequence(raw["terms"], "terms", min_len=1)
    terms: list[GlossaryTerm] = []
    seen_ids: dict[str, int] = {}
    seen_pl: dict[str, str] = {}
    for i, item in enumerate(items):
        where = f"terms[{i}]"
        item = check.mapping(item, where, required=_REQUIRED, optional=("pl_note",))
        term_id = check.identifier(item["id"], f"{where}.id")
        if term_id in seen_ids:
            raise check.fail(
                f"{where}.id", f"repeats the id {term_id!r} of terms[{seen_ids[term_id]}]."
            )
        seen_ids[term_id] = i
        where = f"terms[{i}] ({term_id})"
        lists = {
            key: check.text_list(item, key, where, min_len=0, max_len=60)
            for key in ("pl_also", "pl_avoid", "pl_forms", "modules")
        }
        for number in lists["modules"]:
            if not _MODULE.match(number):
                raise check.fail(
                    f"{where}.modules",
                    f"must list two-digit module numbers such as '03', but {number!r} was found.",
                )
        if not lists["modules"]:
            raise check.fail(f"{where}.modules", "must name at least one module.")
        pl = check.text(item, "pl", where)
        key = normalise(pl)
        if key in seen_pl:
            raise check.fail(
                f"{where}.pl",
                f"{pl!r} is already the Polish term of {seen_pl[key]!r}: one Polish term "
                "for each concept.",
            )
        seen_pl[key] = term_id
        terms.append(
            GlossaryTerm(
                id=term_id,
                en=check.text(item, "en", where),
                pl=pl,
                definitions={
                    "en": check.text(item, "en_definition", where),
                    "pl": check.text(item, "pl_definition", where),
                },
                modules=lists["modules"],
                note=check.optional_text(item, "pl_note", where),
                pl_also=lists["pl_also"],
                pl_avoid=lists["pl_avoid"],
                pl_forms=lists["pl_forms"],
            )
        )
    return tuple(terms)


def _keys(term: GlossaryTerm) -> tuple[set[str], set[str]]:
    """The texts that find ``term``: written in the file, and derived (abbreviations...)."""
    written = {normalise(t) for t in (term.en, term.pl, *term.pl_also, *term.pl_forms)}
    derived: set[str] = set()
    for name in (term.en, term.pl):
        derived.add(normalise(_PARENTHESIS.sub("", name)))
        derived.update(normalise(inner) for inner in _PARENTHESIS.findall(name))
    written.discard("")
    derived.discard("")
    return written, derived - written


def read_terms(path: Path | None = None) -> tuple[GlossaryTerm, ...]:
    """Every entry of a term list (default: the course's ``terms.yml``), checked, in order.

    For tools (``tools/build_glossary.py``); learners use :func:`glossary_term`.
    """
    path = TERMS_FILE if path is None else path
    return _parse(load_yaml(path), display_name(path))


def build_index(terms: Iterable[GlossaryTerm], label: str = "terms.yml") -> dict[str, GlossaryTerm]:
    """Normalised name -> term, for every name that finds a term.

    A name written in the file (English, Polish, variant, form) must find one term only:
    two entries sharing one is a :class:`DataError` naming both. An abbreviation taken from
    brackets ("HHI" from "Herfindahl index (HHI)") that two terms share finds neither.
    """
    index: dict[str, GlossaryTerm] = {}
    derived: dict[str, list[GlossaryTerm]] = {}
    for term in terms:
        written, extra = _keys(term)
        for key in written:
            other = index.get(key)
            if other is not None:
                raise DataError(
                    f"{label}: {key!r} names both {other.id!r} and {term.id!r}; a name may "
                    "find only one term (remove it from one entry's pl_also or pl_forms)."
                )
            index[key] = term
        for key in extra:
            derived.setdefault(key, []).append(term)
    for key, found in derived.items():  # an abbreviation shared by two terms finds neither
        if key not in index and len(found) == 1:
            index[key] = found[0]
    return index


@functools.lru_cache(maxsize=1)
def _glossary() -> tuple[tuple[GlossaryTerm, ...], dict[str, GlossaryTerm]]:
    terms = read_terms(TERMS_FILE)
    return terms, build_index(terms, display_name(TERMS_FILE))


def _all_terms() -> tuple[GlossaryTerm, ...]:
    return _glossary()[0]


def glossary_term(text: str) -> GlossaryTerm:
    """Look a glossary term up by its English or Polish name.

    Case, Polish diacritics, punctuation and inflection do not matter: any of the English
    name, the Polish name, its accepted variants and its inflected forms finds the entry
    ("klienta kluczowego", "KLIENT KLUCZOWY", "klient kluczowy" and "key account" find the
    same one), and a Polish form the list lacks is matched by its word stems.

    Parameters
    ----------
    text : str
        The term, in either language.

    Returns
    -------
    GlossaryTerm
        The entry: ``id``, ``en``, ``pl``, ``definitions`` (``{"en": ..., "pl": ...}``),
        ``modules``, ``note``.

    Raises
    ------
    WrongTypeError
        If ``text`` is not text.
    UnknownTermError
        If no term (or more than one) matches; the message suggests the closest terms.

    Examples
    --------
    >>> glossary_term("udziałem w portfelu").id
    'share_of_wallet'
    >>> glossary_term("Whale curve").pl
    'krzywa wieloryba'
    """
    if not isinstance(text, str):
        raise WrongTypeError(f"`text` must be a term as text, but {text!r} was passed.")
    key = normalise(text)
    if not key:
        raise UnknownTermError(
            f"`text` must name a glossary term, but {text!r} is empty.", text=text
        )
    terms, index = _glossary()
    if key in index:
        return index[key]
    found = {term.id: term for k, term in index.items() if _stems_match(k, key)}
    if len(found) == 1:
        return next(iter(found.values()))
    # Suggest the term's own name in the language of the name that came close.
    names: dict[str, str] = {}
    for term in terms:
        names.setdefault(normalise(term.en), term.en)
        for name in (term.pl, *term.pl_also, *term.pl_forms):
            names.setdefault(normalise(name), term.pl)
    if len(found) > 1:
        options = tuple(sorted(term.en for term in found.values()))
        raise UnknownTermError(
            f"`text` {text!r} could be any of {list(options)}; write the term in full.",
            text=text,
            suggestions=options,
        )
    close = difflib.get_close_matches(key, list(names), n=6, cutoff=0.6)
    suggestions = tuple(dict.fromkeys(names[c] for c in close))[:3]
    hint = f" Did you mean {suggestions[0]!r}?" if suggestions else ""
    raise UnknownTermError(
        f"`text` {text!r} is not a glossary term in English or Polish.{hint} "
        "kt.glossary_terms() lists them all.",
        text=text,
        suggestions=suggestions,
    )


def glossary_terms() -> pd.DataFrame:
    """Every glossary term, one row each, in the order of the term list.

    Columns: ``en``, ``pl``, ``en_definition``, ``pl_definition``, ``modules`` (e.g.
    ``"01, 03"``) and ``note``; the index is the term's ``id``.
    """
    terms = _all_terms()
    return pd.DataFrame(
        {
            "en": [t.en for t in terms],
            "pl": [t.pl for t in terms],
            "en_definition": [t.definitions["en"] for t in terms],
            "pl_definition": [t.definitions["pl"] for t in terms],
            "modules": [", ".join(t.modules) for t in terms],
            "note": [t.note for t in terms],
        },
        index=pd.Index([t.id for t in terms], name="id"),
    )


_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s)|\n\s*\n")


@functools.cache
def _published_titles() -> tuple[str, ...]:
    """The titles quoted as published (``published_titles`` of terms.yml), normalised."""
    data = load_yaml(TERMS_FILE)
    titles = (
        FieldCheck(display_name(TERMS_FILE)).text_list(
            data, "published_titles", "", min_len=0, max_len=60
        )
        if "published_titles" in data
        else []
    )
    return tuple(normalise(title) for title in titles)


@functools.lru_cache(maxsize=1)
def _avoid_patterns() -> tuple[tuple[re.Pattern[str], str, GlossaryTerm], ...]:
    return tuple(
        (avoid_pattern(phrase), phrase, term) for term in _all_terms() for phrase in term.pl_avoid
    )


def avoided_terms(text: str | Iterable[str]) -> list[AvoidedTerm]:
    """The synonyms in a Polish ``text`` that the term list says not to use.

    Each finding names what was found (normalised: lower case, no diacritics), the synonym
    of the list it matches, the Polish term to write instead and the term's id. Inflected
    forms count: "kluczowych klientów" is the avoided "kluczowy klient".

    >>> [a.use for a in avoided_terms("Dbamy o kluczowych klientów.")]
    ['klient kluczowy']
    >>> avoided_terms("Dbamy o klientów kluczowych.")
    []
    >>> avoided_terms("Artykuł „Cechy pracy z kluczowymi klientami” (titles stay as published)")
    []
    >>> avoided_terms("Są kluczowi. Klienci to wiedzą.")  # not across a sentence's end
    []
    """
    texts = [text] if isinstance(text, str) else list(text)
    found = []
    for one in texts:
        if not isinstance(one, str):
            raise WrongTypeError(f"`text` must be text, but {one!r} was passed.")
        # a phrase never runs across the end of a sentence ("... kluczowi. Klienci ...")
        for sentence in _SENTENCE_END.split(one):
            plain = normalise(sentence)
            for title in _published_titles():  # a source's title is quoted as published
                plain = plain.replace(title, " ")
            for pattern, phrase, term in _avoid_patterns():
                for match in pattern.finditer(plain):
                    found.append(AvoidedTerm(match.group(0), phrase, term.pl, term.id))
    return found
