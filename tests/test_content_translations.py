"""The course's YAML content in Polish: one catalogue per content file, keyed by place.

What a translator and a Polish learner rely on: every text of a check spec, role-play or
form has an entry; identifiers never do; a stale or fuzzy translation is never shown; Polish
short answers are accepted with their inflections (and English ones still are); the
translator's tools refuse a broken translation, naming the entry.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

import kamtools as kt
from kamtools import _translations
from kamtools.checks.spec import fill_figures, load_spec, spec_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402
import po_files  # noqa: E402
import translate  # noqa: E402


@pytest.fixture(autouse=True)
def _english_after():
    yield
    kt.set_language(None)


def _catalogue(tmp_path: Path, rel: str, entries: dict[str, tuple[str, str, bool]]) -> Path:
    """A catalogue for ``rel`` in tmp_path: context -> (English, translation, fuzzy)."""
    catalogue = po_files.new_catalogue("pl", "test")
    for context, (english, text, fuzzy) in entries.items():
        catalogue.add(english, text, context=context, flags={"fuzzy"} if fuzzy else set())
    path = tmp_path / "pl" / "content" / f"{rel}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(po_files.render(catalogue))
    return path


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """Content catalogues read from tmp_path instead of kamtools/locales."""
    monkeypatch.setattr(
        _translations, "catalogue_path", lambda lang, rel: tmp_path / lang / "content" / f"{rel}.po"
    )
    _translations._catalogue.cache_clear()
    yield tmp_path
    _translations._catalogue.cache_clear()


# --------------------------------------------------------------------------------------
# Which strings are texts, and their contexts
# --------------------------------------------------------------------------------------
DATA = {
    "module": "07_x",
    "title": "Common mistakes",
    "questions": [
        {
            "id": "q1",
            "type": "short_text",
            "prompt": "Name it.",
            "accept": {"keywords": [["key account", "kam"], "plan"]},
            "mistakes": [{"answers": ["Pareto"], "message": "Not the rule."}],
            "expected_from": "m07_value",
            "unit": "fraction",
        },
        {"id": "q2", "type": "single_choice", "options": [{"text": "A", "correct": True}]},
    ],
    "nodes": {"opening": {"choices": [{"text": "Listen.", "tag": "active_listening"}]}},
    "name": "share_of_top",
    "start": "opening",
}


def test_texts_are_found_with_stable_contexts_and_identifiers_are_not():
    found = dict(_translations.messages(DATA))
    assert found == {
        "title": "Common mistakes",
        "questions[q1].prompt": "Name it.",
        "questions[q1].accept.keywords": "key account | kam\nplan",
        "questions[q1].mistakes[0].answers": "Pareto",
        "questions[q1].mistakes[0].message": "Not the rule.",
        "questions[q2].options[0].text": "A",
        "nodes.opening.choices[0].text": "Listen.",
    }


def test_every_shipped_content_file_has_texts_and_no_identifier_among_them():
    for rel in _translations.content_files():
        data = yaml.safe_load((_translations.CONTENT_DIR / f"{rel}.yml").read_text("utf-8"))
        texts = _translations.messages(data)
        assert texts, rel
        for context, english in texts:
            assert not context.endswith((".id", ".tag", ".next", "_from", ".type")), context
            assert english.strip(), context
    assert "terms" not in _translations.content_files()  # bilingual itself


# --------------------------------------------------------------------------------------
# Translating: only current, not fuzzy entries
# --------------------------------------------------------------------------------------
def test_a_translation_is_used_only_when_current_and_not_fuzzy(locales):
    _catalogue(
        locales,
        "demo",
        {
            "title": ("Common mistakes", "Typowe błędy", False),
            "questions[q1].prompt": ("Name it (old English).", "Nazwij to.", False),
            "questions[q2].options[0].text": ("A", "Ą", True),
            "nodes.opening.choices[0].text": ("Listen.", "Wysłuchaj.", False),
        },
    )
    polish = _translations.translate(DATA, "demo", "pl")
    assert polish["title"] == "Typowe błędy"
    assert polish["nodes"]["opening"]["choices"][0]["text"] == "Wysłuchaj."
    assert polish["questions"][0]["prompt"] == "Name it."  # made from other English: stale
    assert polish["questions"][1]["options"][0]["text"] == "A"  # fuzzy
    # identifiers and settings are untouched, the English data too
    assert polish["questions"][0]["expected_from"] == "m07_value"
    assert polish["nodes"]["opening"]["choices"][0]["tag"] == "active_listening"
    assert DATA["title"] == "Common mistakes"
    assert _translations.translate(DATA, "demo", "en") is DATA
    assert _translations.translate(DATA, "no_such_file", "pl") is DATA


def test_translated_keywords_are_accepted_besides_the_english_ones(locales):
    _catalogue(
        locales,
        "demo",
        {
            "questions[q1].accept.keywords": (
                "key account | kam\nplan",
                "klien kluczow | key account manager\nplan",
                False,
            ),
            "questions[q1].mistakes[0].answers": ("Pareto", "zasada Pareto", False),
        },
    )
    q1 = _translations.translate(DATA, "demo", "pl")["questions"][0]
    assert q1["accept"]["keywords"] == [
        ["klien kluczow", "key account manager", "key account", "kam"],
        "plan",
    ]
    assert q1["mistakes"][0]["answers"] == ["zasada Pareto", "Pareto"]


def test_language_switches_cached_content_both_ways(locales):
    vocabulary = _translations.CONTENT_DIR / "roleplay" / "_vocabulary.yml"
    data = yaml.safe_load(vocabulary.read_text("utf-8"))
    english = data["mistakes"]["late"]["label"]
    _catalogue(
        locales, "roleplay/_vocabulary", {"mistakes.late.label": (english, "Spóźnienie", False)}
    )
    kt.set_language("pl")
    assert kt.roleplay_vocabulary().loc["late", "label"] == "Spóźnienie"
    kt.set_language("en")
    assert kt.roleplay_vocabulary().loc["late", "label"] == english
    kt.set_language("pl")
    assert kt.roleplay_vocabulary().loc["late", "label"] == "Spóźnienie"


# --------------------------------------------------------------------------------------
# The shipped Polish check specs
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        "klient kluczowy",
        "klienta kluczowego",
        "klientem kluczowym",
        "Klienci kluczowi",
        "key account",
    ],
)
def test_polish_short_answers_are_recognised_with_their_inflections(answer):
    kt.set_language("pl")
    ex = kt.exercise("00_start_here")
    result = ex.q3.check(answer)
    assert not result.correct
    assert "Klienci kluczowi to sami klienci" in str(result)  # the mistake's own message


@pytest.mark.parametrize("answer", ["zasada Pareto", "reguła 80/20", "Pareto", "the 80/20 rule"])
def test_polish_learners_pass_with_polish_or_english_words(answer):
    kt.set_language("pl")
    assert kt.exercise("00_start_here").q3.check(answer).correct


def test_the_polish_spec_is_valid_and_keeps_every_setting_of_the_english_one():
    english = load_spec(spec_path("00_start_here"), language="en")
    polish = load_spec(spec_path("00_start_here"), language="pl")
    assert polish["title"] != english["title"]
    for en, pl in zip(english["questions"], polish["questions"], strict=True):
        assert {k: v for k, v in pl.items() if not isinstance(v, (str, list, dict))} == {
            k: v for k, v in en.items() if not isinstance(v, (str, list, dict))
        }
        assert (pl["id"], pl["type"]) == (en["id"], en["type"])


def test_figures_in_polish_texts_are_written_the_polish_way():
    assert fill_figures("{{start_top2_share:.1%}}") == "68.0%"
    kt.set_language("pl")
    assert fill_figures("{{start_top2_share:.1%}}") == "68,0%"
    assert fill_figures("{{start_top2_share:.3f}}") == "0,680"


# --------------------------------------------------------------------------------------
# The translator's tools
# --------------------------------------------------------------------------------------
def _content_po(tmp_path: Path) -> Path:
    path = tmp_path / "content" / "checks" / "00_start_here.po"
    path.parent.mkdir(parents=True)
    shutil.copy(_translations.catalogue_path("pl", "checks/00_start_here"), path)
    return path


def test_todo_then_fill_round_trip(tmp_path):
    path = _content_po(tmp_path)
    everything = yaml.safe_load(translate.todo(path, everything=True))
    assert everything["questions[q3].accept.keywords"].startswith("pareto | 80/20")
    assert yaml.safe_load(translate.todo(path)) == {}  # nothing left
    work = tmp_path / "work.yml"
    work.write_text(yaml.safe_dump({"title": "Start"}, allow_unicode=True), "utf-8")
    assert translate.fill(path, work) == []
    (entry,) = [m for m in po_files.read(path) if m.context == "title"]
    assert entry.string == "Start" and not entry.fuzzy


@pytest.mark.parametrize(
    ("context", "text", "why"),
    [
        ("no.such.entry", "x", "no such entry"),
        ("title", "", "empty"),
    ],
)
def test_fill_refuses_naming_the_entry(tmp_path, context, text, why):
    path = _content_po(tmp_path)
    before = path.read_bytes()
    work = tmp_path / "work.yml"
    work.write_text(yaml.safe_dump({context: text}), "utf-8")
    problems = translate.fill(path, work)
    assert len(problems) == 1 and problems[0].startswith(context) and why in problems[0]
    assert path.read_bytes() == before  # nothing written


def test_fill_refuses_a_lost_figure_and_a_lost_placeholder(tmp_path):
    content = tmp_path / "content" / "x.po"
    content.parent.mkdir()
    catalogue = po_files.new_catalogue("pl", "t")
    catalogue.add("Share {{m01_share:.1%}}.", context="a")
    content.write_bytes(po_files.render(catalogue))
    work = tmp_path / "w.yml"
    work.write_text("a: Udział 51%.\n", "utf-8")
    assert "figures" in translate.fill(content, work)[0]
    messages = tmp_path / "LC_MESSAGES" / "kamtools.po"
    messages.parent.mkdir()
    catalogue = po_files.new_catalogue("pl", "t")
    catalogue.add("Try {call}.", context="b")
    messages.write_bytes(po_files.render(catalogue))
    work.write_text("b: Spróbuj.\n", "utf-8")
    assert "placeholders" in translate.fill(messages, work)[0]


def test_a_changed_english_text_makes_its_translation_fuzzy_and_unused(tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "checks").mkdir(parents=True)
    source = yaml.safe_load(spec_path("00_start_here").read_text("utf-8"))
    source["questions"][1]["prompt"] = "How do you run a cell?"  # the English changed
    (content / "checks" / "00_start_here.yml").write_text(yaml.safe_dump(source), "utf-8")
    monkeypatch.setattr(_translations, "CONTENT_DIR", content)
    po = _translations.catalogue_path("pl", "checks/00_start_here")
    monkeypatch.setattr(
        _translations, "catalogue_path", lambda lang, rel: tmp_path / f"{rel.replace('/', '_')}.po"
    )
    (tmp_path / "checks_00_start_here.po").write_bytes(po.read_bytes())
    text = i18n_tool.content_update("pl", "checks/00_start_here").decode()
    (tmp_path / "checks_00_start_here.po").write_text(text, "utf-8")
    problems = i18n_tool.content_problems("pl", "checks/00_start_here")
    assert problems == ["questions[q2].prompt: fuzzy (the English changed)"]
    assert '#| msgid "How do you run the code cell your cursor is in?"' in text


# --------------------------------------------------------------------------------------
# Every learner-facing string in both languages
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("rel", _translations.content_files())
def test_every_text_of_every_content_file_is_in_polish(rel):
    """Check specs, role-plays, forms, the competency model: no text left in English, none
    fuzzy, every figure kept, and the catalogue in step with the English file."""
    path = _translations.catalogue_path("pl", rel)
    assert path.is_file(), f"run `python tools/i18n.py content update pl {rel}`"
    assert path.read_bytes() == i18n_tool.content_update("pl", rel), "catalogue out of step"
    assert i18n_tool.content_problems("pl", rel) == []


def _message_keys() -> set[str]:
    return set(kt.messages.templates("en")) | set(kt.messages.plural_templates("en"))


@pytest.mark.parametrize("section", sorted({k.split(".")[0] for k in _message_keys()}))
def test_every_message_is_in_polish(section):
    """The message catalogue (check feedback, widgets, plots, dashboard ...), by section;
    a count-dependent message needs all three Polish forms."""
    from kamtools import i18n

    english = {k for k in _message_keys() if k.split(".")[0] == section}
    polish = i18n.translations("pl")
    assert sorted(english - set(polish)) == []
    plural = {k for k in english if k in kt.messages.plural_templates("en")}
    assert all(isinstance(polish[k], tuple) and len(polish[k]) == 3 for k in plural)


# --------------------------------------------------------------------------------------
# Count-dependent messages (gettext plural forms)
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "polish", "english"),
    [
        (1, "1 klient", "1 customer"),
        (2, "2 klientów", "2 customers"),
        (4, "4 klientów", "4 customers"),
        (5, "5 klientów", "5 customers"),
        (12, "12 klientów", "12 customers"),
        (22, "22 klientów", "22 customers"),
        (1234, "1\xa0234 klientów", "1,234 customers"),
    ],
)
def test_a_count_takes_the_languages_plural_form(n, polish, english):
    from kamtools.messages import tn

    assert tn("plural.customers", n) == english
    kt.set_language("pl")
    assert tn("plural.customers", n) == polish


def test_a_polish_verb_follows_the_count_too():
    from kamtools.messages import tn

    kt.set_language("pl")
    assert tn("account_scoring.changed_count", 1) == "1 klient zmienił pole:"
    assert tn("account_scoring.changed_count", 3) == "3 klientów zmieniło pole:"
    kt.set_language("en")
    assert tn("account_scoring.changed_count", 1) == "1 account changed quadrant:"


def test_a_count_message_without_its_polish_forms_falls_back_to_english(monkeypatch):
    from kamtools import i18n
    from kamtools.messages import plural_templates, tn

    kt.set_language("pl")
    polish = dict(i18n.translations("pl"))
    polish.pop("plural.customers")
    monkeypatch.setattr(i18n, "translations", lambda language: polish)
    plural_templates.cache_clear()
    try:
        assert tn("plural.customers", 5) == "5 customers"
    finally:
        monkeypatch.undo()
        plural_templates.cache_clear()


def test_fill_wants_every_plural_form_of_the_language(tmp_path):
    messages = tmp_path / "LC_MESSAGES" / "kamtools.po"
    messages.parent.mkdir()
    catalogue = po_files.new_catalogue("pl", "t")
    catalogue.add(("{count} customer", "{count} customers"), context="c")
    messages.write_bytes(po_files.render(catalogue))
    work = tmp_path / "w.yml"
    work.write_text("c: ['{count} klient', '{count} klientów']\n", "utf-8")
    assert "3 forms" in translate.fill(messages, work)[0]
    work.write_text("c: ['{count} klient', '{count} klientów', 'klientów']\n", "utf-8")
    assert "placeholders" in translate.fill(messages, work)[0]
    work.write_text("c: ['{count} klient', '{count} klientów', '{count} klientów']\n", "utf-8")
    assert translate.fill(messages, work) == []
    (entry,) = [m for m in po_files.read(messages) if m.context == "c"]
    assert entry.string == ("{count} klient", "{count} klientów", "{count} klientów")
