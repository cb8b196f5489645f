"""A scripted learner answers every question of the course right: the dashboard reaches 100%
and the certificate of completion can be printed; before that, it says what is left."""

from __future__ import annotations

from datetime import date

import pytest
from test_checks_content import _accepted_texts, _cases

import kamtools as kt
from kamtools.checks import catalogue, exercise
from kamtools.checks._common import resolve
from kamtools.progress import default_store


def right_answer(question):
    """The right answer to any question, as a learner would give it (from the spec)."""
    spec = question.spec
    kind = spec["type"]
    if kind == "numeric" or kind in ("series", "dataframe"):
        return resolve(spec, "expected")
    if kind in ("single_choice", "multiple_choice"):
        right = sorted(question._checker.right)
        return right[0] if kind == "single_choice" else ", ".join(right)
    if kind == "short_text":
        return _accepted_texts(spec["accept"])[0]
    if kind == "reflection":
        return spec["model_answer"]
    if kind == "function":
        cases = _cases(spec)

        def oracle(*args, **kwargs):
            for a, k, expected in cases:
                if list(args) == a and kwargs == k:
                    return expected
            raise AssertionError("unknown case")

        return oracle
    raise AssertionError(f"no right answer for a {kind} question")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    return default_store()


@pytest.mark.slow
def test_a_learner_who_answers_everything_reaches_100_percent_and_a_certificate(store, tmp_path):
    course = catalogue()
    modules = list(course)
    with pytest.raises(kt.CertificateNotReady, match="Still to do: Start here"):
        kt.certificate("Anna Nowak", tmp_path / "early.html", store=store)
    for module in modules:
        ex = exercise(module)
        for qid in course[module]:
            question = getattr(ex, qid)
            if module == modules[-1] and qid == course[module][-1]:
                break  # the very last question is left for later
            result = question.check(right_answer(question))
            assert result.outcome == "correct", (module, qid, result.message)
    dashboard = kt.ProgressDashboard(store=store)
    assert dashboard.next_step.module == modules[-1]
    assert dashboard.next_step.question == course[modules[-1]][-1]
    with pytest.raises(kt.CertificateNotReady, match="1 left"):
        kt.certificate("Anna Nowak", tmp_path / "early.html", store=store)

    last = getattr(exercise(modules[-1]), course[modules[-1]][-1])
    assert last.check(right_answer(last)).outcome == "correct"
    dashboard.refresh()
    completion = store.completion(course)
    assert completion["complete"].all() and (completion["share"] == 1).all()
    assert dashboard.next_step is None
    assert "Every module is complete" in dashboard.next_html.value
    assert "kt.certificate(" in dashboard.next_html.value

    ratings = {item: 3 for item in kt.competency_items().index}
    ratings["listening"] = 1
    path = kt.certificate(
        "Anna Nowak", tmp_path / "cert.html", store=store, ratings=ratings, issued=date(2026, 12, 5)
    )
    page = path.read_text(encoding="utf-8")
    total = sum(len(q) for q in course.values())
    assert "Anna Nowak" in page and "Issued on 05.12.2026" in page
    assert f"answering {total} of {total} checks correctly" in page
    for module in modules:
        title = exercise(module).title
        assert title.replace("'", "&#x27;") in page, title
    assert "I listen without interrupting" in page  # the largest gap is named
    assert "Manager&#x27;s signature" in page


def test_the_certificate_needs_a_name(store, tmp_path):
    record = kt.course_record(store)
    with pytest.raises(kt.WrongTypeError, match="`name` must be the learner's name"):
        kt.certificate_html("  ", record, issued=date(2026, 1, 1))
