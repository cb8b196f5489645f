"""Languages (issue 16, part 1): the setting, gettext catalogues through Babel, plural forms,
and numbers, money and dates as each language writes them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import kamtools as kt
from kamtools import i18n
from kamtools.messages import t

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogue_tool  # noqa: E402  (tools/i18n.py)


@pytest.fixture(autouse=True)
def _english_after(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_LANG", raising=False)
    yield
    kt.set_language(None)


def test_the_setting_wins_over_the_environment_and_none_gives_it_back(monkeypatch):
    assert kt.get_language() == "en"
    monkeypatch.setenv("KAMTOOLS_LANG", "pl_PL.UTF-8")
    assert kt.get_language() == "pl"
    assert kt.set_language("en") == "en" and kt.get_language() == "en"
    assert kt.set_language(None) == "pl"
    monkeypatch.setenv("KAMTOOLS_LANG", "klingon")  # a machine setting never stops the course
    assert kt.get_language() == "en"
    with pytest.raises(kt.ParameterError, match=r"`language` must be one of \['en', 'pl'\].*'de'"):
        kt.set_language("de")
    with pytest.raises(kt.WrongTypeError, match="language code"):
        kt.set_language(1)  # type: ignore[arg-type]


def test_messages_follow_the_language_and_fall_back_to_english(monkeypatch):
    from kamtools import messages

    english = t("check.offer_hint", call="ex.q1.hint()")
    kt.set_language("pl")
    assert (
        t("check.offer_hint", call="ex.q1.hint()")
        == "Potrzebna podpowiedź? Uruchom `ex.q1.hint()`."
    )
    assert t("outcome.correct") == "Dobrze"
    # The Polish catalogue is complete: take one translated message out of it, and that
    # message falls back to English while the others stay Polish.
    untranslated = "check.offer_solution"
    values = dict.fromkeys(_placeholders(untranslated), "x")
    assert t(untranslated, **values) != _english(untranslated)  # translated today
    real = messages.templates
    polish = {k: v for k, v in real("pl").items() if k != untranslated}
    monkeypatch.setattr(
        messages, "templates", lambda lang="en": polish if lang == "pl" else real(lang)
    )
    assert t(untranslated, **values) == _english(untranslated)
    assert t("outcome.correct") == "Dobrze"
    monkeypatch.undo()
    kt.set_language("en")
    assert t("check.offer_hint", call="ex.q1.hint()") == english


def _placeholders(key):
    from kamtools.messages import placeholders, templates

    return placeholders(templates("en")[key])


def _english(key):
    from kamtools.messages import templates

    return templates("en")[key].format(**dict.fromkeys(_placeholders(key), "x"))


def test_a_learner_error_reads_in_polish():
    kt.set_language("pl")
    with pytest.raises(kt.NumberFormatError, match="może oznaczać"):
        kt.parse_number("1,234")


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 2), (22, 1),
     (24, 1), (25, 2), (102, 1), (112, 2), (1001, 2)],
)  # fmt: skip
def test_polish_plural_forms(n, form):
    # 1 faktura, 2 faktury, 5 faktur; 12-14 take the third form, 22-24 the second
    assert kt.plural_form(n, "pl") == form


def test_english_plural_forms_and_counts_only():
    assert [kt.plural_form(n, "en") for n in (0, 1, 2, 21)] == [1, 0, 1, 1]
    with pytest.raises(kt.ParameterError, match="count"):
        kt.plural_form(1.5, "pl")


def test_numbers_money_and_dates_as_each_language_writes_them():
    nbsp = "\u00a0"
    assert kt.format_money(1234.5, language="pl") == f"1{nbsp}234,50{nbsp}zł"
    assert kt.format_money(1234.5, language="en") == f"PLN{nbsp}1,234.50"
    assert kt.format_money(-1234.5, language="pl") == f"-1{nbsp}234,50{nbsp}zł"
    assert kt.format_money(1234, decimals=0, language="pl") == f"1{nbsp}234{nbsp}zł"
    assert kt.format_money(99.9, "EUR", language="pl") == f"99,90{nbsp}€"
    assert kt.format_number(1234567.891, 2, language="pl") == f"1{nbsp}234{nbsp}567,89"
    assert kt.format_number(1234567.891, 2, language="en") == "1,234,567.89"
    assert kt.format_percent(0.2534, language="pl") == "25,3%"
    assert kt.format_percent(0.2534, 0, language="en") == "25%"
    assert kt.format_date(dt.date(2026, 12, 4), language="pl") == "04.12.2026"
    assert kt.format_date(dt.date(2026, 12, 4), language="en") == "4 Dec 2026"
    kt.set_language("pl")
    assert kt.format_money(5) == f"5,00{nbsp}zł"  # the current language by default


def test_what_is_written_in_polish_reads_back_with_parse_number():
    for value in (0.0, 5.0, 1234.5, -98765.43, 1_000_000.0):
        assert kt.parse_number(kt.format_money(value, language="pl")) == pytest.approx(value)
        assert kt.parse_number(kt.format_number(value, 2, language="pl")) == pytest.approx(value)


def test_the_catalogues_are_in_step():
    done = subprocess.run(
        [sys.executable, "tools/i18n.py", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_changed_english_text_makes_its_translation_fuzzy_and_english_is_shown(
    tmp_path, monkeypatch
):
    # A translation of an older English text: `update` marks it fuzzy, and fuzzy is never shown.
    po = tmp_path / "pl" / "LC_MESSAGES" / "kamtools.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "outcome.correct"\nmsgid "Right"\nmsgstr "Dobrze"\n\n'
        'msgctxt "outcome.incorrect"\nmsgid "Not quite"\nmsgstr "Jeszcze nie"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    for cached in (i18n.catalogue, i18n.translations):
        cached.cache_clear()
    try:
        updated = catalogue_tool.update("pl").decode("utf-8")
        po.write_text(updated, encoding="utf-8")
        read = catalogue_tool.read(po, "pl")
        correct = read.get("Correct", context="outcome.correct")
        assert correct is not None and correct.fuzzy and correct.string == "Dobrze"
        assert not read.get("Not quite", context="outcome.incorrect").fuzzy
        i18n.catalogue.cache_clear()
        i18n.translations.cache_clear()
        assert "outcome.correct" not in i18n.translations("pl")
        assert i18n.translations("pl")["outcome.incorrect"] == "Jeszcze nie"
    finally:
        for cached in (i18n.catalogue, i18n.translations):
            cached.cache_clear()
