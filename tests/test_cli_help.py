"""Every ``kamtools`` command has its own function and documents itself with examples."""

from __future__ import annotations

import argparse

import pytest

from kamtools import cli


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


COMMANDS = sorted(_commands())


def test_the_commands_are_all_there():
    assert COMMANDS == sorted(
        ["generate", "release", "collect", "grade", "feedback", "export", "items"]
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_examples_and_exit_status(command, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([command, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    examples = text.split("examples:", 1)[1]
    assert f"  kamtools {command}" in examples  # at least one example of this very command
    assert "exit status:" in examples
    assert text.split("\n\n")[1].strip()  # a description under the usage line


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_runs_its_own_function(command):
    args = _commands()[command].parse_args(["x"] if command not in ("export",) else [])
    assert args.run.__name__ == f"_{command}"
    assert args.needs_course is (command != "items")


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert all(command in text for command in COMMANDS)
    assert "kamtools <command> --help" in text


def test_a_missing_course_is_exit_status_2(tmp_path, capsys):
    assert cli.main(["--course-dir", str(tmp_path), "grade", "pareto"]) == 2
    assert "kamtools grade: course_dir: no nbgrader_config.py" in capsys.readouterr().err
