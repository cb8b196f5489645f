"""The bilingual glossary and the Polish term list (kamtools/content/terms.yml).

- both glossaries (course/glossary.ipynb, course/pl/glossary.ipynb) are generated from the
  term list and up to date;
- one Polish term for each concept: every entry has every field, the Polish terms are
  unique, and no Polish text of the course (the Polish definitions, the translated
  messages of the Polish catalogue) uses a synonym the list says to avoid;
- ``kt.glossary_term`` finds a term from either side, inflected forms included.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools import i18n
from kamtools.errors import DataError, KamtoolsError, WrongTypeError
from kamtools.learning import glossary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_glossary  # noqa: E402

TERMS = glossary.read_terms()
RAW = yaml.safe_load(glossary.TERMS_FILE.read_text(encoding="utf-8"))["terms"]
POLISH_GLOSSARY = ROOT / "course" / "pl" / "glossary.ipynb"


# ---------------------------------------------------------------------------------------
# The generated notebooks
# ---------------------------------------------------------------------------------------
def test_both_glossaries_are_generated_from_the_term_list():
    assert build_glossary.build(check=True) == [], "run `python tools/build_glossary.py`"


def test_the_build_writes_both_notebooks_and_then_finds_nothing_stale(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "course" / "modules.yml", course / "modules.yml")
    assert build_glossary.build(course) == ["course/glossary.ipynb", "course/pl/glossary.ipynb"]
    assert build_glossary.build(course, check=True) == []
    assert (course / "glossary.ipynb").read_bytes() == (ROOT / "course/glossary.ipynb").read_bytes()


def _cells(path: Path) -> list[str]:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    assert all(c.cell_type == "markdown" for c in nb.cells)
    assert all(not c.get("outputs") for c in nb.cells)
    return [c.source for c in nb.cells]


def test_the_english_glossary_names_each_polish_term():
    text = "\n\n".join(_cells(ROOT / "course" / "glossary.ipynb"))
    for term in TERMS:
        if glossary.normalise(term.pl) != glossary.normalise(term.en):
            assert f"**{term.en}** (pl. *{term.pl}*): " in text, term.id
        else:
            assert f"**{term.en}**: " in text, term.id


def test_the_polish_glossary_is_in_polish_alphabetical_order_with_english_names():
    cells = _cells(POLISH_GLOSSARY)
    assert cells[0].startswith("# Słowniczek") and "[Glossary](../glossary.ipynb)" in cells[0]
    files = build_glossary.module_files(ROOT / "course")
    names, sections = [], []
    for cell in cells[1:]:
        heading, *entries = cell.split("\n\n")
        sections.append(heading.removeprefix("## "))
        for entry in entries:
            assert entry.startswith("**"), entry[:40]
            name = entry[2 : entry.index("**", 2)]
            assert build_glossary.section(name) == sections[-1], name
            names.append(name)
            links = entry.rsplit("(moduł", 1)[-1]
            # a module without its Polish edition yet is linked in English, never dead
            assert all(
                f"]({files[n]})" in links or f"](../{files[n]})" in links
                for n in glossary.glossary_term(name).modules
            )
            for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", entry):
                assert (POLISH_GLOSSARY.parent / target).resolve().exists(), target
    assert names == sorted(names, key=build_glossary.polish_sort_key)
    assert sorted(names) == sorted(t.pl for t in TERMS)
    # Ł is its own letter, after L; every section is linked from the top.
    assert sections.index("Ł") == sections.index("L") + 1
    assert all(f"[{s}](#{s})" in cells[0] for s in sections)
    entry = next(e for c in cells for e in c.split("\n\n") if e.startswith("**analiza ABC**"))
    assert entry.startswith("**analiza ABC** (ang. *ABC classes*): ")
    polish_03 = (POLISH_GLOSSARY.parent / "03_pareto_analysis.ipynb").exists()
    assert entry.endswith(f"(moduł [03]({'' if polish_03 else '../'}03_pareto_analysis.ipynb))")


def test_polish_order_puts_each_letter_with_a_diacritic_after_its_base_letter():
    words = [
        "żal",
        "zysk",
        "źle",
        "ściana",
        "sygnał",
        "łatwość",
        "lista",
        "ćma",
        "cel",
        "Ala",
        "ąb",
    ]
    assert sorted(words, key=build_glossary.polish_sort_key) == [
        "Ala",
        "ąb",
        "cel",
        "ćma",
        "lista",
        "łatwość",
        "sygnał",
        "ściana",
        "zysk",
        "źle",
        "żal",
    ]
    # Word by word: a shorter word first, whatever follows it; digits before letters.
    assert sorted(["cele", "cel SMART", "10% próg", "a"], key=build_glossary.polish_sort_key) == [
        "10% próg",
        "a",
        "cel SMART",
        "cele",
    ]


@pytest.mark.slow
def test_the_polish_glossary_runs_under_nbval():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            "--nbval-lax",
            "--nbval-sanitize-with",
            "course/nbval_sanitize.cfg",
            "course/pl/glossary.ipynb",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # Markdown only: nbval collects the notebook and finds no cell to fail (5: no tests ran).
    assert result.returncode in (0, 5), result.stdout + result.stderr
    assert "error" not in result.stdout.lower() and "failed" not in result.stdout.lower()


# ---------------------------------------------------------------------------------------
# One Polish term for each concept
# ---------------------------------------------------------------------------------------
FIELDS = {
    "id",
    "en",
    "pl",
    "pl_also",
    "pl_avoid",
    "pl_forms",
    "modules",
    "en_definition",
    "pl_definition",
}


@pytest.mark.parametrize("raw", RAW, ids=lambda r: r["id"])
def test_every_term_has_every_field(raw):
    assert FIELDS <= set(raw) <= FIELDS | {"pl_note"}
    for key in ("id", "en", "pl", "en_definition", "pl_definition"):
        assert isinstance(raw[key], str) and raw[key].strip(), key
    for key in ("pl_also", "pl_avoid", "pl_forms", "modules"):
        assert isinstance(raw[key], list), key
    assert raw["pl_forms"] and raw["modules"]
    # Polish text uses Polish quotation marks.
    for key in ("pl_definition", "pl_note"):
        assert '"' not in raw.get(key, ""), (raw["id"], key)
        assert raw.get(key, "").count("„") == raw.get(key, "").count("”"), (raw["id"], key)


def test_the_term_list_holds_every_glossary_term_once():
    assert len(TERMS) >= 130
    assert len({t.id for t in TERMS}) == len(TERMS)
    assert len({t.en.casefold() for t in TERMS}) == len(TERMS)


def test_the_polish_terms_are_unique():
    names = [glossary.normalise(t.pl) for t in TERMS]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_no_polish_definition_uses_an_avoided_synonym():
    found = {t.id: kt.avoided_terms([t.definitions["pl"], t.pl]) for t in TERMS}
    assert {k: v for k, v in found.items() if v} == {}


def test_no_entrys_polish_term_is_avoided_by_another():
    clashes = []
    for term in TERMS:
        for other in TERMS:
            for phrase in other.pl_avoid:
                same = glossary.normalise(phrase) == glossary.normalise(term.pl)
                if same or glossary.avoid_pattern(phrase).search(glossary.normalise(term.pl)):
                    clashes.append((term.id, other.id, phrase))
    assert clashes == []


def _translated(language: str) -> dict[str, str]:
    texts = {}
    for key, text in i18n.translations(language).items():
        for i, one in enumerate([text] if isinstance(text, str) else text):
            texts[f"{key}[{i}]" if not isinstance(text, str) else key] = one
    return texts


def test_the_polish_catalogue_uses_no_avoided_synonym():
    """The term list's check of all Polish text: every translated message of the catalogue."""
    texts = _translated("pl")
    assert texts, "the Polish catalogue has no translated message"
    found = {
        key: [f"{a.found!r} (write {a.use!r})" for a in kt.avoided_terms(text)]
        for key, text in texts.items()
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_avoided_terms_finds_inflected_forms_and_names_the_term_to_use():
    (hit,) = kt.avoided_terms("Rozmawiamy z kluczowymi klientami co kwartał.")
    assert (hit.found, hit.avoid, hit.use, hit.term_id) == (
        "kluczowymi klientami",
        "kluczowy klient",
        "klient kluczowy",
        "key_account",
    )
    assert kt.avoided_terms("Rozmawiamy z klientami kluczowymi co kwartał.") == []
    assert [
        a.use for a in kt.avoided_terms(["Wystawiamy notę kredytową.", "Biała przestrzeń"])
    ] == [
        "faktura korygująca",
        "niewykorzystany potencjał",
    ]
    with pytest.raises(WrongTypeError):
        kt.avoided_terms([1])


# ---------------------------------------------------------------------------------------
# Looking a term up from either side
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "term_id"),
    [
        ("klient kluczowy", "key_account"),
        ("klienta kluczowego", "key_account"),
        ("klientem kluczowym", "key_account"),
        ("KLIENCI KLUCZOWI", "key_account"),
        ("Key account", "key_account"),
        ("key account", "key_account"),
        ("share of wallet", "share_of_wallet"),
        ("udział w portfelu", "share_of_wallet"),
        ("udzial w portfelu", "share_of_wallet"),
        ("udziałem w portfelu", "share_of_wallet"),
        ("Buying centre", "buying_centre"),
        ("centrum zakupowym", "buying_centre"),
        ("umową ramową", "frame_agreement"),
        ("przetargu", "tender"),
        ("koszty obsługi klientów", "cost_to_serve"),
        ("Whale curve", "whale_curve"),
        ("krzywej wieloryba", "whale_curve"),
        ("KAM", "key_account_manager"),
        ("key account managera", "key_account_manager"),
        ("HHI", "herfindahl_index"),
        ("Herfindahl index", "herfindahl_index"),
        ("CLV", "customer_lifetime_value"),
        ("wskaźnik Giniego", "gini_coefficient"),
        ("  Współczynnikiem   GINIEGO ", "gini_coefficient"),
    ],
)
def test_a_term_is_found_from_either_side(text, term_id):
    term = kt.glossary_term(text)
    assert term.id == term_id
    assert term.definitions["en"] and term.definitions["pl"] and term.modules


def test_a_form_missing_from_the_list_is_found_by_its_stems():
    # "przetargami" and "umowach ramowych" are listed; these are not, but share the stems.
    assert kt.glossary_term("krzywymi wieloryba").id == "whale_curve"
    assert kt.glossary_term("klientach nierentownych").id == "loss_maker"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.id)
def test_every_name_and_form_finds_its_own_term(term):
    for name in (term.en, term.pl, *term.pl_also, *term.pl_forms):
        assert kt.glossary_term(name).id == term.id, name


@settings(max_examples=60, deadline=None)
@given(term=st.sampled_from(TERMS), upper=st.lists(st.booleans(), min_size=1, max_size=80))
def test_case_and_diacritics_do_not_matter(term, upper):
    name = "".join(c.upper() if u else c for c, u in zip(term.pl, upper * 80, strict=False))
    plain = name.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"))
    assert kt.glossary_term(name).id == term.id
    assert kt.glossary_term(plain).id == term.id


def test_a_term_speaks_the_language_in_use():
    term = kt.glossary_term("udział w portfelu")
    assert term.name("pl") == "udział w portfelu" and term.name("en") == "Share of wallet"
    assert term.definition("pl").startswith("Nasz przychód")
    try:
        kt.set_language("pl")
        assert term.name() == "udział w portfelu"
    finally:
        kt.set_language(None)
    assert term.name() == "Share of wallet"


def test_an_unknown_term_suggests_the_closest_one():
    with pytest.raises(kt.UnknownTermError) as info:
        kt.glossary_term("udzial w portfolio")
    assert isinstance(info.value, KamtoolsError) and isinstance(info.value, LookupError)
    assert info.value.suggestions[0] == "udział w portfelu"
    assert "'udzial w portfolio'" in str(info.value) and "'udział w portfelu'" in str(info.value)
    with pytest.raises(kt.UnknownTermError, match="Did you mean 'Whale curve'"):
        kt.glossary_term("whale crve")
    with pytest.raises(kt.UnknownTermError, match="is empty"):
        kt.glossary_term("  ")
    with pytest.raises(WrongTypeError, match="`text`"):
        kt.glossary_term(3)


def test_glossary_terms_lists_every_entry():
    table = kt.glossary_terms()
    assert list(table.columns) == [
        "en",
        "pl",
        "en_definition",
        "pl_definition",
        "modules",
        "note",
    ]
    assert len(table) == len(TERMS) and table.index.is_unique
    assert table.loc["share_of_wallet", "pl"] == "udział w portfelu"
    assert table.loc["abc_classes", "modules"] == "03"
    assert "key account" in table.loc["key_account", "note"]


# ---------------------------------------------------------------------------------------
# Mistakes in the term list are caught with the entry and the field named
# ---------------------------------------------------------------------------------------
def _write(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "terms.yml"
    path.write_text(yaml.safe_dump({"terms": entries}, allow_unicode=True), encoding="utf-8")
    return path


def _entry(**changes) -> dict:
    entry = {key: RAW[0][key] for key in FIELDS}
    entry.update(changes)
    return entry


def test_the_term_list_names_the_entry_and_field_at_fault(tmp_path):
    path = _write(tmp_path, [{k: v for k, v in _entry().items() if k != "pl_forms"}])
    with pytest.raises(DataError, match=r"terms\[0\]\.pl_forms is missing"):
        glossary.read_terms(path)
    path = _write(tmp_path, [_entry(modules=["3"])])
    with pytest.raises(
        DataError, match=r"\(disclosure_line_10_percent\)\.modules must list two-digit"
    ):
        glossary.read_terms(path)
    path = _write(tmp_path, [_entry(), _entry(id="other", en="Other")])
    with pytest.raises(DataError, match="one Polish term for each concept"):
        glossary.read_terms(path)
    path = _write(
        tmp_path, [_entry(), _entry(id="other", en="Other", pl="inny", pl_forms=["linia 10%"])]
    )
    with pytest.raises(DataError, match="names both"):
        glossary.build_index(glossary.read_terms(path))


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.id)
def test_the_polish_definition_keeps_the_figures_and_sources(term):
    """Same facts in both languages: every number (years, articles, thresholds) and every
    author cited in the English definition is in the Polish one."""
    english, polish = term.definitions["en"], term.definitions["pl"]
    assert set(re.findall(r"\d+", english)) <= set(re.findall(r"\d+", polish))
    for citation in re.findall(r"\(([^()]*?\d{4})\)", english):
        authors = re.findall(r"[A-Z][a-z]+", citation.split(",")[0])
        assert all(a in polish for a in authors), (citation, authors)
