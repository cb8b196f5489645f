"""Build both glossaries from the term list, kamtools/content/terms.yml.

- ``course/glossary.ipynb``: the English glossary, alphabetical by the English term, each
  entry followed by its Polish name: ``**ABC classes** (pl. *analiza ABC*): ...``;
- ``course/pl/glossary.ipynb``: the Polish glossary (Słowniczek), alphabetical by the
  Polish term in the Polish order of letters (a, ą, b, c, ć, ... ł after l, ś after s,
  ź and ż after z), the English name in brackets, the Polish definition and the note on
  the choice of term, linked to the modules of the Polish edition (``course/pl/`` mirrors
  ``course/``).

One Markdown cell per letter, with stable cell ids. Never edit the two notebooks by hand:
edit the term list and run this script (``make glossary``; ``make course`` runs it too).

Usage::

    python tools/build_glossary.py          # rewrite both notebooks
    python tools/build_glossary.py --check  # exit 1 if a committed notebook is stale
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kamtools.learning.glossary import TERMS_FILE, GlossaryTerm, normalise, read_terms  # noqa: E402

#: The ids of the English glossary's cells, kept from the hand-written notebook.
EN_CELL_IDS = {
    "preamble": "94e2d87b",
    "0-9": "3d701aae",
    "A": "de373b6a",
    "B": "04ed910d",
    "C": "55de1a1d",
    "D": "90e965b8",
    "E": "4f4818e6",
    "F": "1cfe058d",
    "G": "7bcba9bf",
    "H": "73c3b7ff",
    "I": "7f229d9e",
    "J": "9d2e6c78",
    "K": "34dea658",
    "L": "7808f0d8",
    "M": "06522605",
    "N": "0d605a81",
    "O": "e04942c5",
    "P": "049c06c2",
    "Q": "c1b44aa7",
    "R": "13bf405d",
    "S": "5f68b89f",
    "T": "902e5118",
    "U": "709bf499",
    "V": "6f012307",
    "W": "2a84e9cb",
}

EN_PREAMBLE = """\
# Glossary

Every key account management and analysis term the course uses, in alphabetical order. Each
entry says what the term means in a sentence or three and ends with the module that teaches
it (click the number to open the module). Sources named in an entry are listed in full in
the [references](references.ipynb).

Jump to: {jump}"""

PL_PREAMBLE = """\
# Słowniczek

Wszystkie pojęcia zarządzania klientami kluczowymi i analizy danych, których używa kurs, w
porządku alfabetycznym. Każde hasło ma angielską nazwę w nawiasie, krótkie wyjaśnienie (od
jednego do trzech zdań) i numer modułu, który je omawia (kliknij numer, żeby otworzyć moduł).
Źródła wymienione w hasłach są podane w całości w [bibliografii](../references.ipynb)
(na razie po angielsku).

W całym kursie jedno pojęcie ma jedną polską nazwę: tę z tego słowniczka. Tam, gdzie polska
praktyka używa terminu angielskiego (key account, KAM, QBR, BATNA), mówi o tym uwaga przy
haśle.

Wersja angielska (English version): [Glossary](../glossary.ipynb)

Przejdź do: {jump}"""

#: The Polish alphabet, with q, v and x where Polish dictionaries put foreign words.
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: 20 + i for i, letter in enumerate(POLISH_ALPHABET)}

METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def polish_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key for Polish alphabetical order, without ICU or the machine's locale.

    Letters follow the Polish alphabet (ą after a, ł after l, ś after s, ż last); case does
    not matter; a space or hyphen ends a word, so words sort word by word ("cel SMART"
    before "cele"); digits come before letters; other punctuation is ignored. Ties are
    broken by the text itself, so the order is total.

    >>> sorted(["łatwość", "lista", "zysk", "żółty", "źródło", "ściana", "sygnał"], key=polish_sort_key)
    ['lista', 'łatwość', 'sygnał', 'ściana', 'zysk', 'źródło', 'żółty']
    """
    ranks = []
    for char in text.casefold():
        if char in _RANK:
            ranks.append(_RANK[char])
        elif char.isdigit():
            ranks.append(1 + int(char))
        elif char in " -/":
            ranks.append(0)
        elif char.isalpha():  # a letter from another alphabet: after z, by code point
            ranks.append(100 + ord(char))
    return tuple(ranks), text


def english_sort_key(text: str) -> str:
    """The English glossary's order (tests/test_module_08.py holds it)."""
    return text.casefold().lstrip("#")


def section(term: str) -> str:
    """The letter a term is filed under: its first letter in capitals, or ``0-9``."""
    first = term.lstrip("#")[0]
    return "0-9" if first.isdigit() else first.upper()


def module_files(course: Path) -> dict[str, str]:
    """Two-digit module number -> notebook file name, from ``course/modules.yml``."""
    data = yaml.safe_load((course / "modules.yml").read_text(encoding="utf-8"))
    return {m["file"][:2]: m["file"] for m in data["modules"]}


def _links(term: GlossaryTerm, files: dict[str, str], one: str, many: str) -> str:
    missing = [n for n in term.modules if n not in files]
    if missing:
        raise SystemExit(f"terms.yml: {term.id} names module {missing[0]}, which modules.yml lacks")
    word = one if len(term.modules) == 1 else many
    return f"({word} " + ", ".join(f"[{n}]({files[n]})" for n in term.modules) + ")"


def _same(a: str, b: str) -> bool:
    return normalise(a) == normalise(b)


def english_entry(term: GlossaryTerm, files: dict[str, str]) -> str:
    polish = "" if _same(term.en, term.pl) else f" (pl. *{term.pl}*)"
    links = _links(term, files, "module", "modules")
    return f"**{term.en}**{polish}: {term.definitions['en']} {links}"


def polish_entry(term: GlossaryTerm, files: dict[str, str]) -> str:
    english = "" if _same(term.en, term.pl) else f" (ang. *{term.en}*)"
    note = f" *{term.note}*" if term.note else ""
    links = _links(term, files, "moduł", "moduły")
    return f"**{term.pl}**{english}: {term.definitions['pl']}{note} {links}"


def _cell_id(edition: str, name: str) -> str:
    return hashlib.sha1(f"glossary-{edition}-{name}".encode()).hexdigest()[:8]


def _notebook(
    terms: Iterable[GlossaryTerm],
    *,
    name: Callable[[GlossaryTerm], str],
    key: Callable[[str], object],
    entry: Callable[[GlossaryTerm], str],
    preamble: str,
    cell_id: Callable[[str], str],
) -> nbformat.NotebookNode:
    sections: dict[str, list[str]] = {}
    for term in sorted(terms, key=lambda t: key(name(t))):
        sections.setdefault(section(name(term)), []).append(entry(term))
    jump = " · ".join(f"[{s}](#{s})" for s in sections)
    cells = [nbformat.v4.new_markdown_cell(preamble.format(jump=jump), id=cell_id("preamble"))]
    for letter, entries in sections.items():
        text = f"## {letter}\n\n" + "\n\n".join(entries)
        cells.append(nbformat.v4.new_markdown_cell(text, id=cell_id(letter)))
    return nbformat.v4.new_notebook(cells=cells, metadata=METADATA)


def english_glossary(terms: Iterable[GlossaryTerm], files: dict[str, str]):
    return _notebook(
        terms,
        name=lambda t: t.en,
        key=english_sort_key,
        entry=lambda t: english_entry(t, files),
        preamble=EN_PREAMBLE,
        cell_id=lambda s: EN_CELL_IDS.get(s) or _cell_id("en", s),
    )


def polish_glossary(terms: Iterable[GlossaryTerm], files: dict[str, str]):
    return _notebook(
        terms,
        name=lambda t: t.pl,
        key=polish_sort_key,
        entry=lambda t: polish_entry(t, files),
        preamble=PL_PREAMBLE,
        cell_id=lambda s: _cell_id("pl", s),
    )


def _text(nb: nbformat.NotebookNode) -> str:
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def build(
    course: Path = ROOT / "course", terms_file: Path = TERMS_FILE, *, check: bool = False
) -> list[str]:
    """Write (or with ``check``, only compare) both glossaries; return the stale files."""
    terms = read_terms(terms_file)
    files = module_files(course)
    # Until a module has its Polish edition in course/pl/, the Polish glossary links to the
    # English one (a working link rather than a dead one); rebuild when editions appear.
    polish_files = {
        number: name if (course / "pl" / name).exists() else f"../{name}"
        for number, name in files.items()
    }
    wanted = {
        course / "glossary.ipynb": _text(english_glossary(terms, files)),
        course / "pl" / "glossary.ipynb": _text(polish_glossary(terms, polish_files)),
    }
    stale = []
    for path, text in wanted.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(course.parent).as_posix())
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a committed glossary is stale"
    )
    args = parser.parse_args(argv)
    stale = build(check=args.check)
    if args.check and stale:
        print("stale (run `python tools/build_glossary.py`): " + ", ".join(stale))
        return 1
    print(("rewrote: " + ", ".join(stale)) if stale else "both glossaries are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
