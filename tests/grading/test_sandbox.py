"""The grading sandbox and per-question timeouts (kamtools/grading/sandbox.py), piece by
piece; the whole hostile class is in test_hostile_class.py."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from kamtools.errors import GradingError
from kamtools.grading.sandbox import (
    GradingExecute,
    Limits,
    bwrap_command,
    configure,
    sandbox_problem,
)

needs_bwrap = pytest.mark.skipif(
    not sys.platform.startswith("linux") or sandbox_problem() is not None,
    reason=f"no bubblewrap sandbox here: {sandbox_problem()}",
)


def test_configure_replaces_only_nbgraders_execute_step(tmp_path):
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    config = Config()
    configure(config, course_dir=tmp_path, sandbox=True, question_timeout=7)
    steps = config.Autograde.autograde_preprocessors
    default = Autograde.class_traits()["autograde_preprocessors"].default()
    assert steps == [GradingExecute if s is Execute else s for s in default]
    assert Execute not in steps
    assert config.GradingExecute.sandbox is True
    assert config.GradingExecute.question_timeout == 7
    assert str(tmp_path.resolve()) in config.GradingExecute.hide


def test_a_bad_timeout_is_refused_by_name(tmp_path):
    with pytest.raises(GradingError, match="timeout.*-3"):
        configure(Config(), course_dir=tmp_path, sandbox=False, question_timeout=-3)


def test_a_bad_limit_is_refused_by_name():
    with pytest.raises(GradingError, match="memory_mb.*-1"):
        Limits(memory_mb=-1).wrapper()


def test_questions_get_the_short_timeout_and_the_setup_the_long_one():
    ex = GradingExecute(timeout=60, question_timeout=15)
    answer = nbformat.v4.new_code_cell(metadata={"nbgrader": {"solution": True}})
    test = nbformat.v4.new_code_cell(metadata={"nbgrader": {"grade": True, "solution": False}})
    setup = nbformat.v4.new_code_cell(metadata={"nbgrader": {"locked": True}})
    assert [ex._cell_timeout(c) for c in (answer, test, setup)] == [15, 15, 60]
    assert GradingExecute(timeout=60, question_timeout=0)._cell_timeout(answer) == 60


def test_sandbox_command_hides_the_course_and_drops_secrets(tmp_path):
    course = Path(__file__).resolve().parents[2] / "exercises"
    work = tmp_path / "work"
    cmd = bwrap_command(
        writable=[work],
        hide=[course],
        env={"LANG": "C.UTF-8", "GITHUB_TOKEN": "secret-token", "AWS_SECRET_ACCESS_KEY": "k"},
    )
    assert cmd[-1] == "--"
    for flag in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session"):
        assert flag in cmd
    assert cmd[cmd.index("--cap-drop") + 1] == "ALL"
    assert "--share-net" not in cmd
    bound = [cmd[i + 1] for i, a in enumerate(cmd) if a in ("--bind", "--ro-bind")]
    assert not any(Path(b) == course or Path(b).is_relative_to(course) for b in bound)
    assert str(work) in [cmd[i + 1] for i, a in enumerate(cmd) if a == "--bind"]
    assert "secret-token" not in cmd and "GITHUB_TOKEN" not in cmd and "k" not in cmd
    assert cmd[cmd.index("LANG") + 1] == "C.UTF-8"


@needs_bwrap
def test_limits_and_question_timeout_inside_the_sandbox(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "try:\n    block = bytearray(6 * 1024**3)\n    print('ALLOCATED')\n"
                "except MemoryError:\n    print('MEMORY LIMIT')"
            ),
            nbformat.v4.new_code_cell(
                "while True:\n    pass", metadata={"nbgrader": {"solution": True}}
            ),
            nbformat.v4.new_code_cell("import os\nprint('AFTER', sorted(os.listdir('.')))"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    folder = tmp_path / "autograded" / "anna" / "pareto"
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "pareto.ipynb").write_text("hidden tests here", encoding="utf-8")
    ex = GradingExecute(sandbox=True, timeout=60, question_timeout=2, memory_mb=2048)
    start = time.perf_counter()
    out, _ = ex.preprocess(nb, {"metadata": {"path": str(folder)}})
    seconds = time.perf_counter() - start
    texts = ["".join(o.get("text", "")) for c in out.cells for o in c.get("outputs", [])]
    assert any("MEMORY LIMIT" in t for t in texts), texts
    errors = [o.get("ename") for o in out.cells[1].outputs if o.output_type == "error"]
    assert "CellTimeoutError" in errors
    # the working folder has the assignment's data file, but no notebook
    assert any("AFTER ['data.csv']" in t for t in texts), texts
    assert seconds < 30, f"a 2 s question timeout took {seconds:.0f} s"
