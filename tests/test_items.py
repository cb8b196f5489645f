"""Item analysis (kamtools.learning.items, `kamtools items`) on stores filled by scripted learners.

The learners drive the real checks (`kt.exercise(...).qN.check/hint/solution`) with the
real progress store pointed at one temporary file per learner, as on JupyterHub. Every
expected figure below is counted by hand from the script.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import kamtools as kt
from kamtools import progress
from kamtools.checks.spec import available_exercises, load_spec, spec_path
from kamtools.cli import main
from kamtools.content.answers import compute
from kamtools.learning.items import ITEM_COLUMNS, ItemAnalysisError, format_items, parse_since

MODULE = "00_start_here"
N = 20  # learners in the scripted cohort


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "default.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    monkeypatch.delenv("KAMTOOLS_SEED", raising=False)
    monkeypatch.setattr(progress, "_STORES", {})


def learner(monkeypatch, folder: Path, name: str, file: str | None = None):
    """The exercise of MODULE as learner ``name`` sees it, recording into folder/<file>."""
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(folder / f"{file or name}.sqlite3"))
    monkeypatch.setenv("JUPYTERHUB_USER", name)
    return kt.exercise(MODULE)


def right_answers(ex) -> dict[str, object]:
    """A correct answer to q1, q2 and q3, taken from kamtools (never typed in)."""
    assert [q.type for q in ex.questions[:3]] == ["numeric", "single_choice", "short_text"]
    keyword = ex.q3.spec["accept"]["keywords"][0]
    return {
        "q1": compute(ex.q1.spec["expected_from"]),
        "q2": sorted(ex.q2._checker.right)[0],
        "q3": keyword if isinstance(keyword, str) else keyword[0],
    }


WRONG_1, OTHER_1 = 0.25, 0.5  # wrong numbers for q1 (checked to be wrong below)


def play_cohort(monkeypatch, folder: Path) -> None:
    """20 learners, learner00 ... learner19, one store file each.

    q1 (numeric, should be too hard)
      00-03: the ____ placeholder first (not an answer), then right.   first try right
      04-11: 0.25, then right.                                          2 attempts
      12-16: "25%", a hint, "25 %", right (learner12 opens 2 hints).    3 attempts
      17-19: "abc" (unreadable), 0.5, then the solution; never right.   stuck
    q2 (single choice, should be too easy): all 20 right at once.
    q3 (short text, no flag)
      00-13: right at once; 14-17: "Key account!", then right; 18: "key-account", then
      right; 19: "Lorenz curve", never right.
    """
    for i in range(N):
        name = f"learner{i:02d}"
        ex = learner(monkeypatch, folder, name)
        right = right_answers(ex)
        if i < 4:
            assert ex.q1.check().outcome == "not_attempted"
        elif i < 12:
            assert ex.q1.check(WRONG_1).outcome == "incorrect"
        elif i < 17:
            assert ex.q1.check(f"{WRONG_1:.0%}").outcome == "incorrect"
            ex.q1.hint()
            if i == 12:
                ex.q1.hint()
            assert ex.q1.check(f"{WRONG_1 * 100:g} %").outcome == "incorrect"
        else:
            assert ex.q1.check("abc").outcome == "uncheckable"
            assert ex.q1.check(OTHER_1).outcome == "incorrect"
            ex.q1.solution()
        if i < 17:
            assert ex.q1.check(right["q1"]).outcome == "correct"

        assert ex.q2.check(right["q2"]).outcome == "correct"

        if 14 <= i <= 17:
            assert ex.q3.check("Key account!").outcome == "incorrect"
        elif i == 18:
            assert ex.q3.check("key-account").outcome == "incorrect"
        elif i == 19:
            assert ex.q3.check("Lorenz curve").outcome == "incorrect"
        if i < 19:
            assert ex.q3.check(right["q3"]).outcome == "correct"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """The stores of the scripted cohort (made once; tests must not change them)."""
    folder = tmp_path_factory.mktemp("cohort") / "stores"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("KAMTOOLS_PROGRESS", raising=False)
        mp.delenv("KAMTOOLS_SEED", raising=False)
        mp.setattr(progress, "_STORES", {})
        play_cohort(mp, folder)
    return folder


@pytest.fixture
def small(tmp_path) -> Path:
    """One store with one event."""
    store = progress.ProgressStore(tmp_path / "small" / "a.sqlite3", learner="ania")
    store.record(MODULE, "q1", "attempt", outcome="correct")
    return store.path.parent


def rows(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index(["module", "question"])


# ---------------------------------------------------------------------------------------
# The scripted cohort
# ---------------------------------------------------------------------------------------
def test_the_figures_of_the_scripted_cohort(cohort):
    result = kt.item_analysis(cohort, report=True)
    table = result.table
    assert list(table.columns) == list(ITEM_COLUMNS)
    assert table.attrs == {}
    assert result.learners == N
    assert len(result.files) == N
    assert result.problems == ()
    assert result.since is None
    pd.testing.assert_frame_equal(table, kt.item_analysis(cohort))
    t = rows(table)

    q1 = t.loc[(MODULE, "q1")]
    assert q1["kind"] == "numeric"
    assert q1["title"] == load_spec(spec_path(MODULE))["questions"][0]["title"]
    assert q1["learners"] == 20
    assert q1["first_try_correct"] == pytest.approx(4 / 20)
    assert q1["solved"] == pytest.approx(17 / 20)
    assert q1["mean_attempts"] == pytest.approx(float(Fraction(4 * 1 + 8 * 2 + 5 * 3, 17)))
    assert q1["stuck"] == 3
    assert q1["stuck_learners"] == "learner17, learner18, learner19"
    assert q1["hints"] == 5  # learners, not hints: learner12 opened two
    assert q1["solutions"] == 3
    # 0.25 and "25%" and "25 %" are one answer; counted once per learner (13, not 18);
    # "abc" could not be read, so it is not a wrong answer.
    assert q1["wrong_answers"] == f"{WRONG_1:g} (13); {OTHER_1:g} (3)"
    assert q1["flag"] == "too hard"

    q2 = t.loc[(MODULE, "q2")]
    assert (q2["learners"], q2["first_try_correct"], q2["mean_attempts"]) == (20, 1.0, 1.0)
    assert (q2["stuck"], q2["hints"], q2["solutions"], q2["wrong_answers"]) == (0, 0, 0, "")
    assert q2["flag"] == "too easy"

    q3 = t.loc[(MODULE, "q3")]
    assert q3["first_try_correct"] == pytest.approx(14 / 20)
    assert q3["solved"] == pytest.approx(19 / 20)
    assert q3["mean_attempts"] == pytest.approx(float(Fraction(14 * 1 + 5 * 2, 19)))
    assert q3["stuck_learners"] == "learner19"
    assert q3["wrong_answers"] == "key account (5); lorenz curve (1)"
    assert (q3["flag"], q3["note"]) == ("", "")

    # what needs attention first: too hard, too easy, then the rest
    assert table["question"].tolist()[:3] == ["q1", "q2", "q3"]


def test_the_wrong_numbers_of_the_script_are_wrong():
    ex = kt.exercise(MODULE, recorder=lambda *a, **k: None)
    for value in (WRONG_1, OTHER_1):
        assert ex.q1.evaluate(value).outcome == "incorrect"


def test_thresholds_and_min_learners_change_the_flags(cohort):
    t = rows(kt.item_analysis(cohort, too_easy=0.99, too_hard=0.1))
    assert t.loc[(MODULE, "q1"), "flag"] == ""  # 20% is not below 10%
    assert t.loc[(MODULE, "q2"), "flag"] == "too easy"  # 100% is above 99%
    t = rows(kt.item_analysis(cohort, min_learners=21))
    assert (t["flag"] == "").all()
    assert t.loc[(MODULE, "q1"), "note"] == "20 learner(s): too few to judge (needs 21)"


def test_questions_nobody_tried_are_listed_last(tmp_path):
    store = progress.ProgressStore(tmp_path / "a.sqlite3", learner="ania")
    store.record("03_pareto", "q2", "attempt", outcome="incorrect", detail="10")
    table = kt.item_analysis(tmp_path)
    course = [q["id"] for q in load_spec(spec_path("03_pareto"))["questions"]]
    assert table["question"].tolist() == ["q2", *(q for q in course if q != "q2")]
    assert (table.loc[1:, "note"] == "nobody has tried it yet").all()
    assert (table.loc[1:, "learners"] == 0).all()
    printed = format_items(table)
    assert "03_pareto q2" in printed and "03_pareto q1 " not in printed
    assert printed.endswith(
        f"{len(course) - 1} question(s) nobody has tried are not shown (they are in the CSV)."
    )
    assert "03_pareto q1 " in format_items(table, show_untried=True)


def test_reading_changes_nothing_next_to_the_stores(cohort):
    before = {p.name: p.read_bytes() for p in cohort.iterdir()}
    assert all(name.endswith(".sqlite3") for name in before)  # closed stores: no -wal
    kt.item_analysis(cohort)
    assert {p.name: p.read_bytes() for p in cohort.iterdir()} == before


def test_a_choice_answer_is_counted_by_option_whatever_order_it_was_shown_in(monkeypatch, tmp_path):
    wrong = next(
        o for o in load_spec(spec_path(MODULE))["questions"][1]["options"] if not o.get("correct")
    )
    letters = set()
    for name in ("ania", "bartek", "celina", "darek"):
        ex = learner(monkeypatch, tmp_path, name)
        checker = ex.q2._checker
        label = checker.labels[[o["text"] for o in checker.options].index(wrong["text"])]
        letters.add(label)
        assert ex.q2.check(label).outcome == "incorrect"
    assert len(letters) > 1  # the four learners saw the option under different letters
    t = rows(kt.item_analysis(tmp_path, min_learners=1))
    assert t.loc[(MODULE, "q2"), "wrong_answers"] == f"{wrong['text']} (4)"
    assert t.loc[(MODULE, "q2"), "flag"] == "too hard"


# ---------------------------------------------------------------------------------------
# Several files: who is one learner
# ---------------------------------------------------------------------------------------
def test_one_learner_in_two_files_counts_once(monkeypatch, tmp_path):
    # ania works on the hub, then on her laptop; both stores name her "ania".
    ex = learner(monkeypatch, tmp_path, "ania", file="hub")
    right = right_answers(ex)
    ex.q1.check(WRONG_1)
    ex = learner(monkeypatch, tmp_path, "ania", file="laptop")
    ex.q1.check(right["q1"])
    ex = learner(monkeypatch, tmp_path, "bartek")
    ex.q1.check(right["q1"])
    result = kt.item_analysis(
        [tmp_path / "hub.sqlite3", tmp_path / "laptop.sqlite3", tmp_path / "bartek.sqlite3"],
        min_learners=1,
        report=True,
    )
    q1 = rows(result.table).loc[(MODULE, "q1")]
    assert result.learners == 2
    assert (q1["learners"], q1["first_try_correct"], q1["mean_attempts"]) == (2, 0.5, 1.5)
    assert q1["stuck"] == 0


def test_a_file_handed_in_twice_counts_once(cohort, tmp_path):
    copies = tmp_path / "copies"
    copies.mkdir()
    shutil.copy(cohort / "learner17.sqlite3", copies / "learner17 (1).sqlite3")
    once = kt.item_analysis(cohort)
    twice = kt.item_analysis([cohort, copies], report=True)
    assert len(twice.files) == N + 1
    pd.testing.assert_frame_equal(once, twice.table)


def test_per_file_learners_for_clashing_laptop_names(monkeypatch, tmp_path):
    for file in ("laptop1", "laptop2"):
        ex = learner(monkeypatch, tmp_path, "student", file=file)
        ex.q1.check(WRONG_1)
    by_name = rows(kt.item_analysis(tmp_path, min_learners=1)).loc[(MODULE, "q1")]
    by_file = rows(kt.item_analysis(tmp_path, min_learners=1, learners="file"))
    assert by_name["learners"] == 1  # the same name: one learner with two attempts
    assert by_file.loc[(MODULE, "q1"), "learners"] == 2
    assert by_file.loc[(MODULE, "q1"), "stuck_learners"] == ", ".join(
        str(tmp_path / f"laptop{i}.sqlite3") for i in (1, 2)
    )


def test_a_shared_store_of_several_learners(tmp_path):
    # All hub users sharing one OS account and one store file: told apart by name.
    path = tmp_path / "shared.sqlite3"
    for name, outcome in [("ania", "correct"), ("bartek", "incorrect"), ("celina", "correct")]:
        progress.ProgressStore(path, learner=name).record(MODULE, "q2", "attempt", outcome=outcome)
    q2 = rows(kt.item_analysis(path, min_learners=1)).loc[(MODULE, "q2")]
    assert (q2["learners"], q2["first_try_correct"], q2["stuck_learners"]) == (
        3,
        pytest.approx(2 / 3),
        "bartek",
    )


# ---------------------------------------------------------------------------------------
# Where is the room stuck: --since
# ---------------------------------------------------------------------------------------
def test_since_keeps_learners_active_since_then_and_puts_stuck_first(tmp_path):
    t0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    morning = progress.ProgressStore(tmp_path / "a.sqlite3", learner="ania", clock=lambda: t0)
    morning.record(MODULE, "q1", "attempt", outcome="incorrect", detail="0.25")
    later = t0 + timedelta(hours=2)
    store = progress.ProgressStore(tmp_path / "b.sqlite3", learner="bartek", clock=lambda: later)
    store.record(MODULE, "q3", "attempt", outcome="correct")
    store.record(MODULE, "q1", "attempt", outcome="incorrect", detail="0.5")
    store.record(MODULE, "q2", "attempt", outcome="incorrect", detail="Press Enter")
    store.record(MODULE, "q2", "attempt", outcome="incorrect", detail="Press Enter")

    everyone = rows(kt.item_analysis(tmp_path, min_learners=1))
    assert everyone.loc[(MODULE, "q1"), "stuck_learners"] == "ania, bartek"

    result = kt.item_analysis(tmp_path, since=t0 + timedelta(hours=1), min_learners=1, report=True)
    assert result.learners == 1
    assert result.since == t0 + timedelta(hours=1)
    room = result.table
    assert room["question"].tolist() == ["q1", "q2", "q3"]  # stuck first, then course order
    assert room["stuck_learners"].tolist() == ["bartek", "bartek", ""]
    assert rows(room).loc[(MODULE, "q1"), "wrong_answers"] == "0.5 (1)"
    assert kt.item_analysis(tmp_path, since="2026-03-02T10:59", report=True).learners == 1
    assert kt.item_analysis(tmp_path, since="2026-03-02 11:01+00:00").empty


def test_parse_since():
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert parse_since("30m", now=now) == pd.Timestamp("2026-03-02 11:30", tz="UTC")
    assert parse_since("2h", now=now) == pd.Timestamp("2026-03-02 10:00", tz="UTC")
    assert parse_since("1d", now=now) == pd.Timestamp("2026-03-01 12:00", tz="UTC")
    assert parse_since(timedelta(minutes=5), now=now) == pd.Timestamp("2026-03-02 11:55", tz="UTC")
    assert parse_since("2026-03-02T09:00+01:00") == pd.Timestamp("2026-03-02 08:00", tz="UTC")
    for bad in ("yesterday", "0h", "-2h"):
        with pytest.raises(kt.ParameterError, match="since"):
            parse_since(bad)
    with pytest.raises(kt.WrongTypeError, match="since"):
        parse_since(3600)


# ---------------------------------------------------------------------------------------
# Bad input: nothing is ignored silently, and nothing is changed
# ---------------------------------------------------------------------------------------
def bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "not an SQLite file": folder / "notes.sqlite3",
        "an empty file": folder / "empty.sqlite3",
        "but not a progress store": folder / "other.sqlite3",
        "newer kamtools": folder / "newer.sqlite3",
    }
    files["not an SQLite file"].write_text("my notes", encoding="utf-8")
    files["an empty file"].write_bytes(b"")
    con = sqlite3.connect(files["but not a progress store"])
    con.execute("CREATE TABLE history (line TEXT)")
    con.commit()
    con.close()
    con = sqlite3.connect(files["newer kamtools"])
    con.execute("CREATE TABLE events (id INTEGER)")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    return files


def test_a_bad_file_raises_an_error_naming_it_and_is_left_untouched(tmp_path, cohort):
    for reason, path in bad_files(tmp_path / "bad").items():
        before = path.read_bytes()
        with pytest.raises(ItemAnalysisError, match=reason) as err:
            kt.item_analysis([cohort, path])
        assert str(path) in str(err.value)
        assert path.read_bytes() == before
        assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [
            path.name
        ]


def test_report_mode_lists_bad_files_and_analyses_the_rest(tmp_path, cohort):
    mixed = shutil.copytree(cohort, tmp_path / "mixed")
    files = bad_files(mixed)  # in the same folder as the good stores
    result = kt.item_analysis(mixed, errors="report", report=True)
    assert len(result.files) == N
    assert len(result.problems) == len(files)
    for path in files.values():
        assert any(str(path) in problem for problem in result.problems)
    pd.testing.assert_frame_equal(result.table, kt.item_analysis(sorted(mixed.glob("learner*"))))


def test_missing_paths_and_empty_folders(tmp_path):
    with pytest.raises(ItemAnalysisError, match="no such file or folder"):
        kt.item_analysis(tmp_path / "nowhere.sqlite3")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ItemAnalysisError, match=r"holds no progress store \(no \*\.sqlite3"):
        kt.item_analysis(tmp_path / "empty")
    with pytest.raises(kt.ParameterError, match="empty"):
        kt.item_analysis([])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"too_easy": 0.3, "too_hard": 0.5}, kt.ParameterError, "too_hard"),
        ({"too_easy": 1.5}, kt.ParameterError, "too_easy"),
        ({"too_hard": "low"}, kt.WrongTypeError, "too_hard"),
        ({"min_learners": 0}, kt.ParameterError, "min_learners"),
        ({"learners": "email"}, kt.ParameterError, "learners"),
        ({"errors": "ignore"}, kt.ParameterError, "errors"),
        ({"module": "03_paretto"}, kt.ParameterError, "03_paretto"),
        ({"module": 3}, kt.WrongTypeError, "module"),
    ],
)
def test_bad_parameters_name_the_parameter(small, kwargs, error, match):
    with pytest.raises(error, match=match):
        kt.item_analysis(small, **kwargs)


def test_module_filter_and_questions_no_longer_in_the_course(tmp_path):
    store = progress.ProgressStore(tmp_path / "a.sqlite3", learner="ania")
    store.record("03_pareto", "q99", "attempt", outcome="correct")
    store.record(MODULE, "q1", "attempt", outcome="correct")
    table = kt.item_analysis(tmp_path, module="03_pareto", min_learners=1)
    assert set(table["module"]) == {"03_pareto"}
    gone = rows(table).loc[("03_pareto", "q99")]
    assert gone["note"] == "no longer in the course (renamed or removed?)"
    assert gone["kind"] == ""


def test_reflections_are_not_judged(tmp_path):
    module, question = next(
        (m, q["id"])
        for m in available_exercises()
        for q in load_spec(spec_path(m))["questions"]
        if q["type"] == "reflection"
    )
    for i in range(12):
        store = progress.ProgressStore(tmp_path / f"{i}.sqlite3", learner=f"l{i}")
        store.record(module, question, "attempt", outcome="correct")
    row = rows(kt.item_analysis(tmp_path)).loc[(module, question)]
    assert (row["first_try_correct"], row["flag"]) == (1.0, "")
    assert row["note"].startswith("reflection")


# ---------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------
def test_command_prints_the_table_and_writes_the_csv(cohort, tmp_path, capsys):
    out = tmp_path / "items.csv"
    assert main(["items", str(cohort), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[0] == f"Item analysis: {N} learner(s) in {N} store file(s)."
    header = next(i for i, line in enumerate(lines) if line.startswith("item "))
    assert lines[header].split()[:4] == ["item", "kind", "tried", "1st"]
    q1 = lines[header + 1].split()
    assert q1[:7] == [MODULE, "q1", "numeric", "20", "20%", "85%", "2.1"]
    assert "too hard" in lines[header + 1] and f"{WRONG_1:g} (13)" in lines[header + 1]
    assert "too easy" in lines[header + 2]
    written = pd.read_csv(out, keep_default_na=False, na_values=[""])
    expected = kt.item_analysis(cohort)
    assert written["question"].tolist() == expected["question"].tolist()
    assert written["first_try_correct"].tolist() == pytest.approx(
        expected["first_try_correct"].tolist(), nan_ok=True
    )
    assert written["wrong_answers"].fillna("").tolist() == expected["wrong_answers"].tolist()


def test_command_module_since_and_per_file(cohort, capsys):
    assert main(["items", str(cohort), "--module", MODULE, "--since", "1h", "--all"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Item analysis: {N} learner(s) in {N} store file(s), active since ")
    assert main(["items", str(cohort), "--per-file", "--min-learners", "25"]) == 0
    printed = capsys.readouterr().out
    assert "too few to judge" in printed and "too hard" not in printed
    assert main(["items", str(cohort), "--since", "2000-01-01", "-m", "03_pareto"]) == 0
    assert "No question has been tried yet." in capsys.readouterr().out


def test_command_exit_code_and_message_on_bad_input(tmp_path, cohort, capsys):
    files = bad_files(tmp_path / "bad")
    assert main(["items", str(cohort), str(files["not an SQLite file"])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kamtools items: ") and "notes.sqlite3" in err
    assert main(["items", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["items", str(cohort), "--too-hard", "0.99"]) == 2
    assert "too_hard" in capsys.readouterr().err
    assert main(["items", str(cohort), *map(str, files.values()), "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("kamtools items: skipped: ") == len(files)
    assert "Item analysis: 20 learner(s)" in captured.out


def test_command_runs_as_a_program(tmp_path):
    bad = tmp_path / "x.sqlite3"
    bad.write_text("not a store", encoding="utf-8")
    cli = [sys.executable, "-m", "kamtools.cli", "items", str(bad)]
    failed = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 2
    assert (
        failed.stderr
        == f"kamtools items: {str(bad)!r} is not a progress store (not an SQLite file).\n"
    )


def test_command_help_has_examples(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["items", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "--since" in text and "exit status" in text


def test_format_items_rejects_other_tables():
    with pytest.raises(kt.WrongTypeError, match="item_analysis"):
        format_items(pd.DataFrame({"a": [1]}))


def test_a_store_without_events_gives_an_empty_table(tmp_path):
    store = progress.ProgressStore(tmp_path / "new.sqlite3", learner="ania")
    store.record(MODULE, "q1", "hint")
    store.reset()
    result = kt.item_analysis(tmp_path, report=True)
    table = result.table
    assert table.empty and list(table.columns) == list(ITEM_COLUMNS)
    assert result.learners == 0
    assert format_items(table).endswith("No question has been tried yet.")
    printed = format_items(result)
    assert printed.startswith("Item analysis: 0 learner(s) in 1 store file(s).")
    assert printed.endswith("No question has been tried yet.")


def test_role_play_reflections_are_not_items(tmp_path):
    from kamtools.progress import ProgressStore

    store = ProgressStore(tmp_path / "a.sqlite3", learner="ola")
    store.record("roleplay", "price_complaint.opening", "attempt", outcome="correct")
    store.record("00_start_here", "q1", "attempt", outcome="correct")
    report = kt.item_analysis([tmp_path / "a.sqlite3"])
    assert "roleplay" not in set(report["module"])
    assert report.set_index(["module", "question"]).loc[("00_start_here", "q1"), "learners"] == 1
