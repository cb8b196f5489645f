"""Headless tests for the progress dashboard (kamtools.widgets.dashboard).

The widget is driven as a learner would: click buttons, type a path, read what is shown.
"""

from __future__ import annotations

import html
import random
import re
import sqlite3
import sys
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kamtools import progress
from kamtools.errors import DataError, WrongTypeError
from kamtools.progress import NextStep, ProgressStore
from kamtools.widgets import ProgressDashboard, progress_dashboard

CATALOGUE = {"00_start_here": ["q1", "q2"], "03_pareto": ["q1", "q2", "q3", "q10"]}


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Never touch the real user store; the course catalogue comes from a fake checks."""
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "default" / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ania")
    monkeypatch.setattr(progress, "_STORES", {})
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "p.sqlite3"


@pytest.fixture
def store(path) -> ProgressStore:
    store = ProgressStore(path, clock=FakeClock())
    # 00_start_here: q1 right first time, q2 untouched -> 1 of 2
    store.record("00_start_here", "q1", "attempt", outcome="correct")
    # 03_pareto: q1 solved after 3 wrong answers; q2 unsolved after 4 -> 1 of 4
    for outcome in ["incorrect", "incorrect", "uncheckable", "correct"]:
        store.record("03_pareto", "q1", "attempt", outcome=outcome)
    for _ in range(4):
        store.record("03_pareto", "q2", "attempt", outcome="incorrect")
    store.record("03_pareto", "q2", "hint")
    return store


@pytest.fixture
def dash(store):
    dash = ProgressDashboard(CATALOGUE, store=store)
    yield dash
    dash.close()


def text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip())


class TestDisplay:
    def test_rows(self, dash):
        assert [(r["module"], r["solved"], r["questions"]) for r in dash.rows] == [
            ("00_start_here", 1, 2),
            ("03_pareto", 1, 4),
        ]
        assert [r["label"] for r in dash.rows] == ["1 of 2 questions", "1 of 4 questions"]
        assert [r["share"] for r in dash.rows] == [0.5, 0.25]

    def test_progress_bars(self, dash):
        html = dash.modules_html.value
        assert "1 of 2 questions" in text(html) and "1 of 4 questions" in text(html)
        # bar widths follow the shares 1/2 and 1/4, and screen readers get the numbers
        assert re.findall(r"width:([\d.]+)%", html) == ["50.0", "25.0"]
        assert re.findall(r'aria-valuemax="(\d+)" aria-valuenow="(\d+)"', html) == [
            ("2", "1"),
            ("4", "1"),
        ]

    def test_next_step(self, dash):
        # 00_start_here is first and incomplete; its first unsolved question is q2
        assert dash.next_step == NextStep("00_start_here", "q2")
        shown = text(dash.next_html.value)
        assert "Next: module 00_start_here , question q2" in shown
        assert "ex.q2.check(answer)" in shown

    def test_many_attempts(self, dash):
        assert dash.many_attempts["question"].tolist() == ["q1", "q2"]
        shown = text(dash.attempts_html.value)
        assert "03_pareto, q1: solved after 3 attempts that did not work" in shown
        assert "03_pareto, q2: not solved yet after 4 attempts" in shown

    def test_readable_on_a_projector(self, dash):
        for widget in (dash.modules_html, dash.next_html, dash.attempts_html):
            sizes = [int(s) for s in re.findall(r"font-size:(\d+)px", widget.value)]
            assert sizes and min(sizes) >= 14
        assert dash.refresh_button.style.font_size == "16px"
        assert dash.path_text.style.font_size == "16px"

    def test_no_notices_no_box(self, dash):
        assert dash.notices == []
        assert dash.notices_html.value == ""

    def test_all_complete(self, store):
        dash = ProgressDashboard({"00_start_here": ["q1"], "05_plan": []}, store=store)
        assert dash.next_step is None
        assert "Every module is complete" in dash.next_html.value
        assert "complete" in text(dash.modules_html.value)
        assert [r["label"] for r in dash.rows] == ["1 of 1 question", "no questions to check"]
        dash.close()

    def test_nothing_hard(self, path):
        store = ProgressStore(path)
        store.record("03_pareto", "q1", "attempt", outcome="correct")
        dash = ProgressDashboard(CATALOGUE, store=store)
        assert dash.many_attempts.empty
        assert "No question has needed many attempts" in dash.attempts_html.value
        dash.close()

    def test_empty_catalogue(self, store):
        dash = ProgressDashboard({}, store=store)
        assert dash.rows == [] and dash.next_step is None
        assert "No questions found yet" in dash.modules_html.value
        assert dash.next_html.value == ""
        dash.close()

    def test_ids_are_escaped(self, path):
        store = ProgressStore(path)
        store.record("<b>m</b>", "q<1>", "attempt", outcome="incorrect")
        dash = ProgressDashboard({"<b>m</b>": ["q<1>"]}, store=store)
        assert "&lt;b&gt;m&lt;/b&gt;" in dash.modules_html.value
        assert "<b>m</b>" not in dash.modules_html.value
        assert "q&lt;1&gt;" in dash.next_html.value
        dash.close()

    def test_repr_mimebundle_is_the_root_box(self, dash):
        bundle = dash._repr_mimebundle_()
        view = bundle["application/vnd.jupyter.widget-view+json"]
        assert view["model_id"] == dash.root.model_id

    def test_close_closes_every_widget(self, store):
        dash = ProgressDashboard(CATALOGUE, store=store)
        buttons = [dash.refresh_button, dash.export_button, dash.reset_button]
        dash.close()
        assert dash.root.comm is None
        assert all(b.comm is None for b in buttons)
        assert dash.modules_html.comm is None

    def test_factory(self, store):
        dash = progress_dashboard(CATALOGUE, store=store)
        assert isinstance(dash, ProgressDashboard)
        assert dash.store is store
        dash.close()

    def test_default_store(self, tmp_path):
        progress.record("03_pareto", "q1", "attempt", outcome="correct")
        dash = progress_dashboard(CATALOGUE)
        assert dash.store.path == tmp_path / "default" / "progress.sqlite3"
        assert dash.rows[1]["solved"] == 1
        dash.close()

    def test_the_dashboard_records_nothing(self, dash, store, tmp_path):
        before = len(store.events())
        dash.refresh_button.click()
        dash.export_button.click()
        dash.reset_button.click()
        dash.cancel_button.click()
        assert len(store.events()) == before


class TestArguments:
    def test_store_type(self, path):
        with pytest.raises(WrongTypeError, match=r"`store` must be a .*ProgressStore .* but '"):
            ProgressDashboard(CATALOGUE, store=str(path))

    def test_export_path_type(self, store):
        with pytest.raises(WrongTypeError, match=r"`export_path` must be .* but 3 was passed"):
            ProgressDashboard(CATALOGUE, store=store, export_path=3)

    def test_bad_catalogue(self, store):
        with pytest.raises(WrongTypeError, match=r"`catalogue\['m'\]` must be a list"):
            progress_dashboard({"m": "q1"}, store=store)

    def test_duplicate_question(self, store):
        with pytest.raises(DataError, match=r"lists question 'q1' twice"):
            progress_dashboard({"m": ["q1", "q1"]}, store=store)


class TestRefresh:
    def test_shows_new_events_only_after_refresh(self, dash, store):
        store.record("00_start_here", "q2", "attempt", outcome="correct")
        assert dash.rows[0]["label"] == "1 of 2 questions"  # not read yet
        dash.refresh_button.click()
        assert dash.rows[0]["label"] == "2 of 2 questions"
        assert dash.next_step == NextStep("03_pareto", "q2")
        assert "2 of 2 questions" in text(dash.modules_html.value)

    def test_clears_the_last_status(self, dash):
        dash.reset_button.click()
        dash.cancel_button.click()
        assert dash.status == "Nothing was erased."
        dash.refresh_button.click()
        assert dash.status == "" and dash.status_html.value == ""


class TestExport:
    def test_default_path_in_current_folder(self, dash, tmp_path):
        assert dash.path_text.value == "kam_progress.csv"
        dash.export_button.click()
        target = tmp_path / "kam_progress.csv"
        assert dash.last_export == target
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("learner,module,question,attempts,")
        # every catalogue question has a row (6), in course order
        assert [line.split(",")[1:3] for line in lines[1:]] == [
            ["00_start_here", "q1"],
            ["00_start_here", "q2"],
            ["03_pareto", "q1"],
            ["03_pareto", "q2"],
            ["03_pareto", "q3"],
            ["03_pareto", "q10"],
        ]
        assert dash.status == f"Saved your progress to {target}"
        assert str(target) in dash.status_html.value

    def test_typed_path(self, dash, tmp_path):
        (tmp_path / "for_mentor").mkdir()
        dash.path_text.value = str(tmp_path / "for_mentor" / "ania.csv")
        dash.export_button.click()
        assert (tmp_path / "for_mentor" / "ania.csv").is_file()
        assert dash.export() == tmp_path / "for_mentor" / "ania.csv"

    def test_surrounding_spaces_are_ignored(self, dash, tmp_path):
        dash.path_text.value = "  mine.csv  "
        dash.export_button.click()
        assert (tmp_path / "mine.csv").is_file()

    def test_missing_folder_is_reported_not_raised(self, dash, tmp_path):
        dash.path_text.value = str(tmp_path / "nowhere" / "out.csv")
        dash.export_button.click()
        assert dash.status.startswith("Could not export: `path` must be in an existing folder")
        assert "nowhere" in dash.status
        assert "color:#b71c1c" in dash.status_html.value
        assert not (tmp_path / "nowhere").exists()
        assert dash.last_export is None

    def test_empty_path_is_reported(self, dash):
        dash.path_text.value = ""
        assert dash.export() is None
        assert dash.status.startswith("Could not export: `path` must name a file")

    def test_os_error_is_reported(self, dash, monkeypatch):
        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(ProgressStore, "export_csv", full)
        dash.export_button.click()
        assert "No space left on device" in dash.status


class TestReset:
    def test_first_click_asks_for_confirmation(self, dash, store):
        dash.reset_button.click()
        assert dash.confirming
        assert dash.reset_button.description == "Click again to erase all progress"
        assert dash.reset_button.button_style == "danger"
        assert dash.cancel_button.layout.display is None  # visible
        assert "Export a CSV first" in dash.status
        assert len(store.events()) == 10  # nothing erased yet

    def test_second_click_erases(self, dash, store):
        dash.reset_button.click()
        dash.reset_button.click()
        assert store.events().empty
        assert dash.status == "Erased all progress (10 events)."
        assert not dash.confirming
        assert dash.reset_button.description == "Reset"
        assert dash.cancel_button.layout.display == "none"
        assert [r["label"] for r in dash.rows] == ["0 of 2 questions", "0 of 4 questions"]
        assert dash.next_step == NextStep("00_start_here", "q1")

    def test_cancel(self, dash, store):
        dash.reset_button.click()
        dash.cancel_button.click()
        assert len(store.events()) == 10
        assert dash.status == "Nothing was erased."
        assert not dash.confirming
        assert dash.reset_button.description == "Reset"
        assert dash.cancel_button.layout.display == "none"
        dash.reset_button.click()  # a single click after Cancel asks again
        assert len(store.events()) == 10 and dash.confirming

    @pytest.mark.parametrize("other", ["refresh_button", "export_button"])
    def test_another_button_cancels_the_confirmation(self, dash, store, other):
        dash.reset_button.click()
        getattr(dash, other).click()
        assert not dash.confirming
        dash.reset_button.click()
        assert len(store.events()) == 10

    def test_locked_store_is_reported(self, path, store):
        dash = ProgressDashboard(CATALOGUE, store=ProgressStore(path, timeout=0.1, retries=2))
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        try:
            dash.reset_button.click()
            dash.reset_button.click()
        finally:
            con.execute("ROLLBACK")
            con.close()
        assert dash.status.startswith("Could not erase: Could not erase all progress: ")
        assert "locked" in dash.status
        assert len(store.events()) == 10
        assert any("locked" in n for n in dash.notices)
        dash.close()


class TestNotices:
    def test_corrupt_store_notice_is_shown(self, path):
        junk = random.Random(0).randbytes(4096)
        path.write_bytes(junk)
        dash = ProgressDashboard(CATALOGUE, store=ProgressStore(path))
        moved = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
        assert len(moved) == 1 and moved[0].read_bytes() == junk
        assert dash.available
        assert str(moved[0]) in dash.notices_html.value
        assert "Notes from the progress store" in dash.notices_html.value
        assert [r["label"] for r in dash.rows] == ["0 of 2 questions", "0 of 4 questions"]
        dash.close()

    def test_record_notices_reach_the_dashboard(self, tmp_path):
        progress.record("03_pareto", "q1", "attempt", outcome="maybe")
        dash = progress_dashboard(CATALOGUE)
        assert len(dash.notices) == 1
        assert "but 'maybe' was passed" in text(dash.notices_html.value)
        dash.close()

    def test_only_the_newest_notices(self, store):
        store.notices.extend(f"notice {i}" for i in range(8))
        dash = ProgressDashboard(CATALOGUE, store=store)
        assert dash.notices == [f"notice {i}" for i in range(3, 8)]
        dash.close()

    def test_unreadable_store(self, path, store):
        con = sqlite3.connect(path)
        con.execute("PRAGMA user_version = 99")
        con.close()
        dash = ProgressDashboard(CATALOGUE, store=ProgressStore(path))
        assert not dash.available
        assert dash.rows == [] and dash.next_step is None
        assert "cannot be shown right now" in dash.modules_html.value
        assert "newer kamtools" in dash.notices_html.value
        assert dash.next_html.value == "" and dash.attempts_html.value == ""
        dash.export_button.click()  # reported, not raised
        assert dash.status.startswith("Could not export: Could not read progress")
        dash.close()


class TestCourseCatalogue:
    def test_asks_kamtools_checks(self, store, monkeypatch):
        fake = types.ModuleType("kamtools.checks")
        fake.catalogue = lambda: {"03_pareto": ["q1", "q2"]}
        monkeypatch.setitem(sys.modules, "kamtools.checks", fake)
        dash = progress_dashboard(store=store)
        assert [r["label"] for r in dash.rows] == ["1 of 2 questions"]
        assert dash.notices == []
        # asked again at every refresh: new modules appear
        fake.catalogue = lambda: {"03_pareto": ["q1", "q2"], "05_plan": ["q1"]}
        dash.refresh_button.click()
        assert [r["module"] for r in dash.rows] == ["03_pareto", "05_plan"]
        dash.close()

    def test_without_checks_uses_questions_tried(self, store, monkeypatch):
        monkeypatch.setitem(sys.modules, "kamtools.checks", None)  # import fails
        dash = progress_dashboard(store=store)
        assert [(r["module"], r["label"]) for r in dash.rows] == [
            ("00_start_here", "1 of 1 question"),
            ("03_pareto", "1 of 2 questions"),
        ]
        assert len(dash.notices) == 1
        assert "list of questions is not available" in dash.notices[0]
        assert "questions you have tried so far" in dash.notices_html.value
        dash.close()

    def test_checks_without_catalogue_function(self, store, monkeypatch):
        monkeypatch.setitem(sys.modules, "kamtools.checks", types.ModuleType("kamtools.checks"))
        dash = progress_dashboard(store=store)
        assert "kamtools.checks.catalogue" in dash.notices[0]
        dash.close()

    def test_failing_catalogue_is_reported(self, store, monkeypatch):
        fake = types.ModuleType("kamtools.checks")

        def broken():
            raise ValueError("03_pareto.yml: line 4: bad indentation")

        fake.catalogue = broken
        monkeypatch.setitem(sys.modules, "kamtools.checks", fake)
        dash = progress_dashboard(store=store)
        assert "bad indentation" in dash.notices[0]
        assert len(dash.rows) == 2  # fell back on the questions tried
        dash.close()

    def test_malformed_catalogue_from_checks_is_reported(self, store, monkeypatch):
        fake = types.ModuleType("kamtools.checks")
        fake.catalogue = lambda: {"03_pareto": "q1"}
        monkeypatch.setitem(sys.modules, "kamtools.checks", fake)
        dash = progress_dashboard(store=store)
        assert not dash.available
        assert "must be a list of question ids" in dash.notices[0]
        dash.close()
