"""Tests for kamtools.messages: the message catalogue and how values are described."""

from __future__ import annotations

import ast
import shutil
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kamtools import i18n, messages
from kamtools.errors import ParameterError
from kamtools.messages import count, describe, language, placeholders, quote, t, templates

PACKAGE = Path(messages.__file__).resolve().parent


# ---------------------------------------------------------------------------------------
# Every key used in the code exists, every key in en.yml is used, placeholders match.
# ---------------------------------------------------------------------------------------
def _imports_t(tree: ast.Module) -> bool:
    """Whether the module does ``from <...>messages import t``."""
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").split(".")[-1] == "messages"
        and any(alias.name == "t" for alias in node.names)
        for node in ast.walk(tree)
    )


def _calls_of_t() -> list[tuple[str, int, ast.Call]]:
    """(file, line, call) of every call ``t(...)`` in kamtools modules that import it."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name != "messages.py" and not _imports_t(tree):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "t":
                    calls.append((str(path.relative_to(PACKAGE)), node.lineno, node))
    return calls


CALLS = _calls_of_t()


def test_the_scan_finds_the_calls():
    # The checks below mean nothing if the scan finds nothing.
    assert len(CALLS) > 80
    assert {f for f, _, _ in CALLS} >= {
        "data/parsing.py",
        "checks/numeric.py",
        "checks/question.py",
    }


def test_every_key_is_a_literal_text():
    dynamic = [
        f"{f}:{line}"
        for f, line, call in CALLS
        if not (call.args and isinstance(call.args[0], ast.Constant))
    ]
    assert dynamic == [], "t() must be called with a literal key so the scan can see it"


def _literal_calls():
    for f, line, call in CALLS:
        if call.args and isinstance(call.args[0], ast.Constant):
            yield f, line, call.args[0].value, call


def test_every_key_used_in_the_code_exists():
    english = templates("en")
    missing = [f"{f}:{line} {key!r}" for f, line, key, _ in _literal_calls() if key not in english]
    assert missing == []


def test_every_key_of_en_yml_is_used():
    used = {key for _, _, key, _ in _literal_calls()}
    unused = sorted(set(templates("en")) - used)
    assert unused == []


def test_placeholders_match_the_values_passed():
    english = templates("en")
    wrong = []
    for f, line, key, call in _literal_calls():
        if any(kw.arg is None for kw in call.keywords):
            wrong.append(f"{f}:{line} {key!r} passes **values")
            continue
        passed = {kw.arg for kw in call.keywords}
        if key in english and passed != placeholders(english[key]):
            wrong.append(
                f"{f}:{line} {key!r}: {sorted(passed)} != {sorted(placeholders(english[key]))}"
            )
    assert wrong == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_the_placeholders_of_english(lang):
    english = templates("en")
    other = templates(lang)
    assert set(other) <= set(english), "keys that English does not have"
    for key, template in other.items():
        assert placeholders(template) == placeholders(english[key]), key


def test_templates_are_valid_format_strings():
    for key, template in templates("en").items():
        list(string.Formatter().parse(template))  # raises on a stray brace
        assert template.strip() == template, key


def test_learner_messages_avoid_programming_words():
    jargon = {
        "float",
        "integer",
        "int",
        "string",
        "str",
        "dtype",
        "traceback",
        "exception",
        "typeerror",
        "valueerror",
        "iterable",
        "boolean",
        "nonetype",
        "argument",
    }
    for key, template in templates("en").items():
        words = set(template.lower().replace(".", " ").replace(",", " ").split())
        assert not words & jargon, (key, words & jargon)


# ---------------------------------------------------------------------------------------
# t()
# ---------------------------------------------------------------------------------------
def test_t_fills_in_placeholders():
    assert t("check.offer_hint", call="ex.q1.hint()") == "Stuck? Try `ex.q1.hint()`."


def test_t_rejects_an_unknown_key():
    with pytest.raises(ParameterError, match=r"`key` must be a message of en.yml, but 'nope.nope'"):
        t("nope.nope")


def test_t_rejects_missing_and_extra_values():
    with pytest.raises(ParameterError, match=r"needs the values \['call'\], but \[\] were passed"):
        t("check.offer_hint")
    with pytest.raises(ParameterError, match=r"needs the values \['call'\], but \['call', 'x'\]"):
        t("check.offer_hint", call="a", x=1)


def _clear_caches():
    templates.cache_clear()
    i18n.catalogue.cache_clear()
    i18n.translations.cache_clear()


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """A locales folder with the real en.yml and a partial Polish gettext catalogue."""
    shutil.copy(PACKAGE / "locales" / "en.yml", tmp_path / "en.yml")
    po = tmp_path / "pl" / "LC_MESSAGES" / "kamtools.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgctxt "outcome.correct"\nmsgid "Correct"\nmsgstr "Dobrze"\n\n'
        'msgctxt "check.offer_hint"\nmsgid "Stuck? Try `{call}`."\n'
        'msgstr "Utknąłeś? Spróbuj `{call}`."\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(messages, "LOCALES_DIR", tmp_path)
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    monkeypatch.delenv("KAMTOOLS_LANG", raising=False)
    _clear_caches()
    yield tmp_path
    _clear_caches()


def test_language_comes_from_the_environment(locales, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_LANG", "pl_PL.UTF-8")
    assert language() == "pl"
    assert t("outcome.correct") == "Dobrze"
    assert t("check.offer_hint", call="ex.q1.hint()") == "Utknąłeś? Spróbuj `ex.q1.hint()`."


def test_missing_keys_fall_back_to_english(locales, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_LANG", "pl")
    assert t("outcome.incorrect") == "Not quite"


@pytest.mark.parametrize("value", ["", "de", "xx_YY"])
def test_unknown_or_unset_language_is_english(locales, monkeypatch, value):
    monkeypatch.setenv("KAMTOOLS_LANG", value)
    assert language() == "en"
    assert t("outcome.correct") == "Correct"


def test_language_is_read_at_every_call(locales, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_LANG", "pl")
    assert t("outcome.correct") == "Dobrze"
    monkeypatch.setenv("KAMTOOLS_LANG", "en")
    assert t("outcome.correct") == "Correct"


def test_templates_of_an_unknown_language_is_an_error():
    with pytest.raises(ParameterError, match=r"`lang` must be one of \['en'.*but 'xx' was passed"):
        templates("xx")


def test_a_non_text_entry_is_an_error(locales):
    (locales / "en.yml").write_text("outcome:\n  correct: yes\n", encoding="utf-8")
    templates.cache_clear()
    with pytest.raises(
        ParameterError, match=r"Message 'outcome.correct' in en.yml must be text, but True"
    ):
        templates("en")


# ---------------------------------------------------------------------------------------
# describe(), quote(), count()
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (None, "nothing (the empty value None)"),
        (True, "the yes/no value True"),
        (np.bool_(False), "the yes/no value False"),
        ("abc", "the text 'abc'"),
        (5, "the number 5"),
        (0.8, "the number 0.8"),
        (pd.DataFrame({"a": [1, 2], "b": [3, 4]}), "a table with 2 rows and 2 columns"),
        (pd.Series(range(4373)), "a column of 4,373 values"),
        (pd.Series([1]), "a column with one value"),
        ({"a": 1, "b": 2}, "a list of 2 pairs (a dictionary)"),
        ([1, 2, 3], "a list of 3 values"),
        ((1,), "a list with one value"),
        (np.zeros((2, 3)), "a list of 6 values"),
        (len, "a function"),
        (object(), "something of the kind 'object'"),
    ],
)
def test_describe(value, phrase):
    assert describe(value) == phrase


def test_quote_shortens_long_text():
    text = quote("x" * 500)
    assert len(text) < 70
    assert text.startswith("'xxx")


def test_count_separates_thousands():
    assert count(4373) == "4,373"
    assert count(12) == "12"
