"""Nothing typed is lost: drafts of the form widgets, and moving progress to another machine.

The widgets are driven headless as a learner would (typing sets a box's ``value``, a click
calls ``click()``); "the cell runs again" is a new widget on the same store file, and one
test restarts a real kernel.
"""

from __future__ import annotations

import json
import os
import sqlite3
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import kamtools as kt
from kamtools import progress
from kamtools.checks.quiz import choice_options
from kamtools.errors import DataError, ParameterError, WrongTypeError
from kamtools.progress import Draft, ProgressStore
from kamtools.widgets import DossierBuilder, ProgressDashboard, Quiz, SelfAssessment


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """The default store of this test (what the widgets use), recording on."""
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(path))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    return path


def events_in(path: Path) -> int:
    if not path.exists():
        return 0
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> None:
        self.now += timedelta(minutes=minutes)


# ---------------------------------------------------------------------------------------
# The drafts API of the store
# ---------------------------------------------------------------------------------------
class TestDraftsInTheStore:
    def test_save_load_replace_delete(self, tmp_path):
        store = ProgressStore(tmp_path / "p.sqlite3", learner="ania")
        assert store.load_draft("form/account_plan") is None
        assert store.save_draft("form/account_plan", {"answers": {"a": "Domar"}})
        assert store.save_draft("form/account_plan", {"answers": {"a": "Domar S.A."}})
        assert store.load_draft("form/account_plan") == {"answers": {"a": "Domar S.A."}}
        assert store.drafts()["key"].tolist() == ["form/account_plan"]
        assert store.delete_draft("form/account_plan") is True
        assert store.delete_draft("form/account_plan") is False
        assert store.load_draft("form/account_plan") is None

    def test_a_draft_is_not_an_event(self, tmp_path):
        store = ProgressStore(tmp_path / "p.sqlite3")
        store.save_draft("quiz/03_pareto/q1", {"answer": "0.8"})
        assert store.events().empty and store.summary().empty

    def test_each_learner_has_their_own(self, tmp_path):
        path = tmp_path / "p.sqlite3"
        ProgressStore(path, learner="ania").save_draft("self_assessment", {"x": 1})
        assert ProgressStore(path, learner="bartek").load_draft("self_assessment") is None
        assert ProgressStore(path, learner="ania").load_draft("self_assessment") == {"x": 1}

    @pytest.mark.parametrize("data", [{1, 2}, float("nan"), object()])
    def test_data_that_is_not_json_is_refused_by_name(self, tmp_path, data):
        store = ProgressStore(tmp_path / "p.sqlite3")
        with pytest.raises(WrongTypeError, match=r"`data` of the draft 'form/x' must be"):
            store.save_draft("form/x", data)

    @pytest.mark.parametrize(("key", "error"), [(3, WrongTypeError), ("  ", ParameterError)])
    def test_bad_key(self, tmp_path, key, error):
        with pytest.raises(error, match="`key`"):
            ProgressStore(tmp_path / "p.sqlite3").save_draft(key, {})

    def test_a_store_of_the_first_schema_is_migrated_keeping_its_events(self, tmp_path):
        path = tmp_path / "old.sqlite3"
        con = sqlite3.connect(path)
        for statement in progress._MIGRATIONS[0]:
            con.execute(statement)
        con.execute(
            "INSERT INTO events (time, learner, module, question, event, outcome) "
            "VALUES ('2025-01-02T10:00:00.000000+00:00', 'ania', '03_pareto', 'q1', "
            "'attempt', 'correct')"
        )
        con.execute("PRAGMA user_version = 1")
        con.commit()
        con.close()
        store = ProgressStore(path, learner="ania")
        assert store.save_draft("form/dossier", {"answers": {}})
        assert store.summary()["solved"].tolist() == [True]
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA user_version").fetchone()[0] == progress.SCHEMA_VERSION
        con.close()

    def test_switched_off_nothing_is_saved_or_read(self, db, monkeypatch):
        assert progress.save_draft("form/dossier", {"answers": {"a": "b"}})
        monkeypatch.setenv("KAMTOOLS_PROGRESS", "off")
        assert progress.load_draft("form/dossier") is None
        assert progress.save_draft("form/dossier", {"answers": {"a": "c"}}) is False
        monkeypatch.delenv("KAMTOOLS_PROGRESS")
        assert progress.load_draft("form/dossier") == {"answers": {"a": "b"}}

    def test_module_functions_never_raise(self, db):
        assert progress.save_draft("form/x", {1, 2}) is False
        assert "Draft not saved" in progress.default_store().notices[-1]

    def test_draft_writes_only_real_changes(self, tmp_path):
        store = ProgressStore(tmp_path / "p.sqlite3")
        draft = Draft("form/dossier", store=store)
        assert draft.save({"answers": {"a": "x"}}) is True
        assert draft.save({"answers": {"a": "x"}}) is False
        again = Draft("form/dossier", store=store)
        assert again.load() == {"answers": {"a": "x"}}
        assert again.save({"answers": {"a": "x"}}) is False  # what was restored is not rewritten
        assert again.save({"answers": {"a": "xy"}}) is True
        assert (draft.writes, again.writes) == (1, 1)


# ---------------------------------------------------------------------------------------
# Widgets: type, "run the cell again", find everything back
# ---------------------------------------------------------------------------------------
PLAN = kt.dossier_form("account_plan")


def test_account_plan_typed_then_rebuilt_is_restored(db):
    start = {"account_name": "Gorinik Hydraulics S.A. (V0169)"}
    plan = DossierBuilder(form="account_plan", answers=start)
    empty_score = plan.completeness.score
    half = list(PLAN.fields)[1 : len(PLAN.fields) // 2]
    for field_id in half:  # typed one character at a time
        for n in range(1, 13):
            plan.fields[field_id].value = f"Notes on {field_id}"[:n]
    typed, score = plan.answers, plan.completeness.score
    assert score > empty_score
    plan.close()

    again = DossierBuilder(form="account_plan", answers=start)  # the cell runs again
    assert again.answers == typed
    assert again.completeness.score == score
    assert again.completeness_bar.value == round(score)
    assert again.restored is True
    assert "Welcome back" in again.draft_html.value
    assert events_in(db) == 0  # typing and restoring record no attempts
    again.close()


def test_dossier_draft_wins_over_the_starting_answers_even_when_cleared(db):
    dossier = DossierBuilder({"company_name": "Linowood Motor Components S.A."})
    dossier.fields["company_name"].value = ""
    dossier.fields["industry"].value = "Automotive parts"
    dossier.close()
    again = DossierBuilder({"company_name": "Linowood Motor Components S.A."})
    assert again.answers["company_name"] == ""
    assert again.answers["industry"] == "Automotive parts"
    again.close()


def test_dossier_and_account_plan_are_kept_apart(db):
    dossier = DossierBuilder()
    dossier.fields["company_name"].value = "Domar"
    dossier.close()
    plan = DossierBuilder(form="account_plan")
    assert not any(plan.answers.values())
    assert plan.restored is False and "saved as you go" in plan.draft_html.value
    plan.close()


def test_without_autosave_nothing_is_kept(db):
    dossier = DossierBuilder(autosave=False)
    dossier.fields["company_name"].value = "Domar"
    assert dossier.draft_html.value == ""
    dossier.close()
    assert DossierBuilder().answers["company_name"] == ""


def test_with_recording_off_the_widgets_still_work(db, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_PROGRESS", "off")
    plan = DossierBuilder(form="account_plan")
    plan.fields["account_name"].value = "Domar"
    assert plan.completeness.score > 0
    assert "switched off" in plan.draft_html.value
    quiz = Quiz("00_start_here")
    quiz.question_widgets["q1"].value = "68%"
    assert quiz.check("q1").outcome == "correct"
    assessment = SelfAssessment()
    assessment.sliders["listening"].value = 1
    assert list(assessment.top_gaps.index)[0] == "listening"
    for w in (plan, quiz, assessment):
        w.close()
    assert not db.exists()  # nothing was written


def test_self_assessment_ratings_and_target_restored(db):
    first = SelfAssessment()
    first.sliders["listening"].value = 1
    first.sliders[next(iter(set(first.sliders) - {"listening"}))].value = 5
    first.target_toggle.value = "senior"
    ratings, gaps, moved = first.ratings, first.top_gaps, set(first.moved)
    first.close()
    again = SelfAssessment()
    assert again.ratings == ratings
    assert again.target == "senior"
    assert again.moved == moved
    assert again.top_gaps.equals(gaps)
    assert f"You have rated {len(moved)} of" in again.moved_html.value
    again.close()


# ---------------------------------------------------------------------------------------
# The quiz
# ---------------------------------------------------------------------------------------
QUIZ_QUESTIONS = ["q1", "q4", "q9", "q10"]  # single choice, multiple choice, reflection, number


def quiz_02() -> Quiz:
    """Module 02's quiz as its notebook makes it (kt.Quiz(ex, questions=[...]))."""
    ex = kt.exercise("02_the_kam_role")
    return Quiz(ex, questions=QUIZ_QUESTIONS)


def labels(question, correct: bool) -> list[str]:
    return [o["label"] for o in choice_options(question) if o["correct"] is correct]


def shown(quiz: Quiz) -> dict:
    """Everything a learner sees of the quiz."""
    return {
        "answers": quiz.answers,
        "results": quiz.results,
        "score": quiz.score,
        "score_line": quiz.score_html.value,
        "summary": quiz.summary_html.value,
        "feedback": {q: w.value for q, w in quiz.feedback_html.items()},
        "explanations": {q: w.value for q, w in quiz.explanations_html.items()},
        "hints": {q: w.value for q, w in quiz.hints_html.items()},
        "solution": {q: w.value for q, w in quiz.solution_html.items()},
        "rubric": {q: len(b.children) for q, b in quiz.rubric_boxes.items()},
    }


def test_quiz_answers_and_results_come_back_after_a_restart(db):
    quiz = quiz_02()
    by_id = {q.id: q for q in quiz.questions}
    # q1: wrong, then right; q4: the right boxes ticked and checked; q9: a reflection
    # submitted; q10: a hint, a number typed but not checked yet.
    quiz.question_widgets["q1"].value = labels(by_id["q1"], False)[0]
    quiz.check_buttons["q1"].click()
    quiz.question_widgets["q1"].value = labels(by_id["q1"], True)[0]
    quiz.check_buttons["q1"].click()
    right = labels(by_id["q4"], True)
    for label, box in zip(
        [o["label"] for o in choice_options(by_id["q4"])],
        quiz.question_widgets["q4"].children,
        strict=True,
    ):
        box.value = label in right
    quiz.check_buttons["q4"].click()
    quiz.question_widgets["q9"].value = (
        "Our biggest customer buys through one buyer only. I will ask our logistics and "
        "finance people to meet their counterparts, so that the relationship does not hang "
        "on a single contact, and I will agree a quarterly review with their plant manager."
    )
    quiz.check_buttons["q9"].click()
    quiz.solution_buttons["q1"].click()
    if quiz.hint_buttons["q10"].layout.display != "none":
        quiz.hint_buttons["q10"].click()
    quiz.question_widgets["q10"].value = "12"
    before, recorded = shown(quiz), events_in(db)
    assert before["score"]["correct"] >= 2 and before["results"]["q1"] == "correct"
    quiz.close()

    again = quiz_02()
    assert shown(again) == before
    assert again.restored == QUIZ_QUESTIONS
    assert "Welcome back" in again.draft_html.value
    assert events_in(db) == recorded  # restoring records nothing
    # The restored quiz goes on as before: a retry keeps the tries.
    assert again.state.table().loc["q1", "tries"] == 2
    again.close()


def test_quiz_retry_and_start_again_are_kept_too(db):
    quiz = Quiz("00_start_here")
    quiz.question_widgets["q1"].value = "6800"
    quiz.check("q1")
    quiz.retry_wrong()
    assert quiz.answers["q1"] == ""
    quiz.close()
    again = Quiz("00_start_here")
    assert again.answers["q1"] == "" and again.results["q1"] == "not_attempted"
    assert again.state.table().loc["q1", "tries"] == 1
    again.start_again()
    again.close()
    assert Quiz("00_start_here").state.table().loc["q1", "tries"] == 0


def test_a_damaged_quiz_draft_is_ignored(db):
    progress.save_draft("quiz/00_start_here/q1", {"answer": "68%", "state": {"result": "maybe"}})
    quiz = Quiz("00_start_here")
    assert quiz.restored == [] and quiz.answers["q1"] == ""
    quiz.close()


# ---------------------------------------------------------------------------------------
# Export and import: one file to move to another laptop
# ---------------------------------------------------------------------------------------
def filled_store(path: Path, clock: Clock | None = None) -> ProgressStore:
    store = ProgressStore(path, learner="ania", clock=clock)
    for outcome in ("incorrect", "correct"):
        store.record("03_pareto", "q1", "attempt", outcome=outcome, detail="0.8")
    store.record("03_pareto", "q2", "hint", detail="1")
    store.record("02_the_kam_role", "q9", "rubric", detail='{"item": 1, "ticked": true}')
    store.save_draft("form/account_plan", {"answers": {"account_name": "Gorinik"}})
    store.save_draft("self_assessment", {"ratings": {"listening": 2}, "target": "new"})
    return store


def test_export_then_import_into_an_empty_store(tmp_path):
    old = filled_store(tmp_path / "laptop_a.sqlite3")
    file = old.export_progress(tmp_path / "my_progress.kam")
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "kamtools-progress"
    new = ProgressStore(tmp_path / "laptop_b.sqlite3", learner="ania")
    report = new.import_progress(file)
    assert (report.events_added, report.events_skipped) == (4, 0)
    assert sorted(report.drafts_added) == ["form/account_plan", "self_assessment"]
    columns = ["time", "learner", "module", "question", "event", "outcome", "detail"]
    assert new.events()[columns].equals(old.events()[columns])
    assert new.summary().equals(old.summary())
    assert new.drafts().equals(old.drafts())


def test_importing_twice_adds_nothing(tmp_path):
    file = filled_store(tmp_path / "a.sqlite3").export_progress(tmp_path / "p.kam")
    new = ProgressStore(tmp_path / "b.sqlite3", learner="ania")
    new.import_progress(file)
    second = new.import_progress(file)
    assert (second.events_added, second.events_skipped) == (0, 4)
    assert second.drafts_added == [] and len(second.drafts_same) == 2
    assert len(new.events()) == 4 and len(new.drafts()) == 2
    assert "0 new events (4 already here)" in str(second)


def test_a_newer_draft_here_is_kept_and_said_so(tmp_path):
    clock = Clock()
    file = filled_store(tmp_path / "a.sqlite3", clock).export_progress(tmp_path / "p.kam")
    clock.tick(60)
    here = ProgressStore(tmp_path / "b.sqlite3", learner="ania", clock=clock)
    here.save_draft("form/account_plan", {"answers": {"account_name": "Gorinik, updated"}})
    report = here.import_progress(file)
    assert report.drafts_kept == ["form/account_plan"]
    assert here.load_draft("form/account_plan") == {"answers": {"account_name": "Gorinik, updated"}}
    assert "Kept the newer version already on this machine of: the account plan." in str(report)


def test_an_older_draft_here_is_replaced_and_said_so(tmp_path):
    clock = Clock()
    here = ProgressStore(tmp_path / "b.sqlite3", learner="ania", clock=clock)
    here.save_draft("form/account_plan", {"answers": {"account_name": "old"}})
    clock.tick(60)
    file = filled_store(tmp_path / "a.sqlite3", clock).export_progress(tmp_path / "p.kam")
    report = here.import_progress(file)
    assert report.drafts_replaced == ["form/account_plan"]
    assert here.load_draft("form/account_plan") == {"answers": {"account_name": "Gorinik"}}
    assert "1 older draft updated: the account plan." in str(report)


def test_drafts_move_to_the_learner_of_the_new_machine(tmp_path):
    file = filled_store(tmp_path / "a.sqlite3").export_progress(tmp_path / "p.kam")
    new = ProgressStore(tmp_path / "b.sqlite3", learner="ania.k")  # another user name
    new.import_progress(file)
    assert new.load_draft("self_assessment") == {"ratings": {"listening": 2}, "target": "new"}
    assert set(new.events()["learner"]) == {"ania"}  # the history keeps who did it


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not readable as JSON"),
        ('{"format": "something else"}', "`format` must be 'kamtools-progress'"),
        ('{"format": "kamtools-progress", "version": 99}', "newer kamtools"),
        (
            '{"format": "kamtools-progress", "version": 1, "events": [{"time": '
            '"2026-01-01T00:00:00+00:00", "learner": "a", "module": "03_pareto", '
            '"question": "q1", "event": "guess"}]}',
            r"`events\[0\]`: `event` must be one of",
        ),
        (
            '{"format": "kamtools-progress", "version": 1, "drafts": [{"key": "k", '
            '"updated": "yesterday", "data": 1}]}',
            r"`drafts\[0\]`.updated must be a time",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_imported(tmp_path, content, message):
    file = tmp_path / "bad.kam"
    file.write_text(content, encoding="utf-8")
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(DataError, match=message):
        store.import_progress(file)
    assert store.events().empty and store.drafts().empty


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        ProgressStore(tmp_path / "p.sqlite3").import_progress(tmp_path / "nowhere.kam")


def test_kt_export_and_import_move_a_plan_to_another_laptop(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "a" / "progress.sqlite3"))
    plan = DossierBuilder(form="account_plan")
    plan.fields["account_name"].value = "Gorinik Hydraulics"
    answers = plan.answers
    plan.close()
    file = kt.export_progress(tmp_path / "my_progress.kam")
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "b" / "progress.sqlite3"))
    print(kt.import_progress(file))
    assert DossierBuilder(form="account_plan").answers == answers


# ---------------------------------------------------------------------------------------
# A real kernel restart ("Restart Kernel and Run All")
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_half_filled_plan_survives_a_kernel_restart(tmp_path):
    from jupyter_client.manager import KernelManager

    db_file = tmp_path / "progress.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "KAMTOOLS_PROGRESS"}
    env["KAMTOOLS_PROGRESS_DB"] = str(db_file)
    cell = textwrap.dedent(
        """
        import json
        import kamtools as kt
        start = {"account_name": "Gorinik Hydraulics S.A. (V0169)"}
        plan = kt.DossierBuilder(form="account_plan", answers=start)
        """
    )
    report = 'print(json.dumps({"answers": plan.answers, "score": plan.completeness.score}))'
    fields = list(PLAN.fields)[1 : len(PLAN.fields) // 2]
    fill = "\n".join(
        f"plan.fields[{f!r}].value = {('Plan notes for ' + f)!r}[:n]"
        for f in fields  # typed character by character, as the browser sends it
    )
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        run(client, cell)
        run(client, f"for n in range(1, 20):\n{textwrap.indent(fill, '    ')}")
        before = json.loads(run(client, report))
        manager.restart_kernel(now=True)  # killed, as a crash or a hard restart would
        client.wait_for_ready(timeout=120)
        assert run(client, "print('plan' in globals())").strip() == "False"
        run(client, cell)  # Run All
        after = json.loads(run(client, report))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert after == before
    assert (
        after["score"] > kt.dossier_completeness({"account_name": "x"}, form="account_plan").score
    )
    assert events_in(db_file) == 0


def run(client, code: str) -> str:
    """Run ``code`` in the kernel and return what it printed (fail on an error)."""
    printed: list[str] = []

    def hook(msg) -> None:
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    reply = client.execute_interactive(code, timeout=120, output_hook=hook)
    content = reply["content"]
    assert content["status"] == "ok", f"{content.get('ename')}: {content.get('evalue')}"
    return "".join(printed)


def test_dashboard_shows_where_the_store_lives(db):
    dash = ProgressDashboard({"03_pareto": ["q1"]})
    assert str(db) in dash.store_html.value
    dash.close()


def test_dashboard_buttons_move_progress_to_another_laptop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = filled_store(tmp_path / "a.sqlite3")
    dash = ProgressDashboard({"03_pareto": ["q1", "q2"]}, store=old)
    dash.export_all_button.click()
    assert (tmp_path / "my_progress.kam").is_file()
    assert "Saved all your progress to" in dash.status_html.value
    dash.close()
    new = ProgressStore(tmp_path / "b.sqlite3", learner="ania")
    dash = ProgressDashboard({"03_pareto": ["q1", "q2"]}, store=new)
    assert dash.rows[0]["label"] == "0 of 2 questions"
    dash.import_button.click()
    assert dash.rows[0]["label"] == "1 of 2 questions"
    assert "4 new events (0 already here), 2 new drafts" in dash.status_html.value
    dash.import_button.click()
    assert "0 new events (4 already here)" in dash.status_html.value
    assert dash.rows[0]["label"] == "1 of 2 questions"
    dash.move_path_text.value = "missing.kam"
    dash.import_button.click()
    assert "Could not import" in dash.status_html.value and "does not exist" in (
        dash.status_html.value
    )
    dash.close()


def test_reset_clears_quiz_answers_but_keeps_the_forms(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record("03_pareto", "q1", "attempt", outcome="correct")
    store.save_draft("quiz/03_pareto/q1", {"answer": "0.8"})
    store.save_draft("quiz/03_pareto_extra/q1", {"answer": "x"})  # another module: kept
    store.save_draft("form/account_plan", {"answers": {"account_name": "Domar"}})
    assert store.reset("03_pareto") == 1
    assert store.drafts()["key"].tolist() == ["form/account_plan", "quiz/03_pareto_extra/q1"]
    store.reset()
    assert store.drafts()["key"].tolist() == ["form/account_plan"]


def test_a_choice_comes_back_as_the_same_option_when_the_labels_are_shuffled_otherwise(db):
    # Another computer may shuffle the options with another seed: the option, not its
    # letter, is what the learner chose.
    first = Quiz("02_the_kam_role", questions=["q1"], seed="laptop-a")
    options = choice_options(first.questions[0])
    picked = options[-1]
    first.question_widgets["q1"].value = picked["label"]
    first.close()
    for seed in ("laptop-b", "laptop-c", "laptop-d"):
        again = Quiz("02_the_kam_role", questions=["q1"], seed=seed)
        by_label = {o["label"]: o["text"] for o in choice_options(again.questions[0])}
        assert by_label[again.answers["q1"]] == picked["text"]
        again.close()


# ---------------------------------------------------------------------------------------
# Role-play: the last finished play-through comes back
# ---------------------------------------------------------------------------------------
def play_to_the_end(session) -> None:
    while not session.finished:
        session.choose(len(session.choices) - 1)


def test_a_finished_play_replays_in_another_order_of_the_replies():
    from kamtools.learning.roleplay import Session
    from kamtools.widgets._drafts import finished_play, played_on, replay

    first = Session("price_complaint", seed="room-1", recorder=lambda *a, **k: None)
    play_to_the_end(first)
    kept = json.loads(json.dumps(finished_play(first, datetime(2026, 12, 5, 9, 30, tzinfo=UTC))))
    assert played_on(kept) == "5 December 2026"
    assert kept["ending"] == first.outcome.title
    again = Session("price_complaint", seed="room-2", recorder=lambda *a, **k: None)
    assert replay(again, kept) is True
    assert again.trust == first.trust and again.outcome == first.outcome
    assert [s.choice for s in again.history] == [s.choice for s in first.history]
    assert again.debrief() == first.debrief()


def test_a_path_that_no_longer_fits_starts_afresh():
    from kamtools.learning.roleplay import Session
    from kamtools.widgets._drafts import replay

    session = Session("price_complaint", recorder=lambda *a, **k: None)
    for broken in (
        None,
        {"path": []},
        {"path": [["no_such_node", 0]]},
        {"path": [["opening", 99]]},
    ):
        assert replay(session, broken) is False
        assert session.history == [] and session.node_id == session.scenario.start_node


def test_the_role_play_offers_the_last_finished_play_when_its_cell_runs_again(db):
    from kamtools.widgets import RolePlay

    play = RolePlay("price_complaint", learner="ania")
    assert play.last_play_box.layout.display == "none"  # never played
    while not play.session.finished:
        play.choice_buttons[-1].click()
    debrief, trust, ending = play.debrief_html.value, play.trust_bar.value, play.session.outcome
    recorded = events_in(db)
    play.close()

    again = RolePlay("price_complaint", learner="ania")  # the cell runs again
    assert not again.session.finished and again.choice_buttons  # ready to play again
    note = again.last_play_html.value
    assert again.last_play_box.layout.display != "none"
    assert ending.title in note and datetime.now(UTC).strftime("%B %Y") in note
    again.show_last_button.click()
    assert again.session.finished and again.session.outcome == ending
    assert again.debrief_html.value == debrief and again.trust_bar.value == trust
    assert events_in(db) == recorded  # showing it again records nothing
    again.restart_button.click()
    assert not again.session.finished and again.last_play_box.layout.display != "none"
    again.close()
