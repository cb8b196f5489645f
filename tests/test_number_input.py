"""Numbers typed the way sales people type them: advice that never sends them in circles.

A count such as module 03's 1,178 customers can be typed as 1,178 (Python's pair), "1,178",
1.178 or 1178; a decimal as 1,05 (a SyntaxError in plain Python) or "1,05". Every message
names an answer that the same check then accepts.
"""

from __future__ import annotations

import re
import sys

import pytest
from jupyter_client.manager import start_new_kernel

from kamtools.checks import Exercise
from kamtools.data.parsing import parse_number


def question(unit: str, expected: float, **extra):
    spec = {"id": "q1", "type": "numeric", "prompt": "?", "solution": "s", "unit": unit}
    spec.update(expected=expected, **extra)
    exercise = Exercise({"module": "99_t", "title": "T", "questions": [spec]}, recorder=None)
    return exercise.q1


def follow_advice(q, answer, steps: int = 3) -> list[tuple[object, str]]:
    """Answer, then do what the message says (the first suggested answer), up to ``steps``."""
    path = []
    for _ in range(steps):
        result = q.check(answer)
        path.append((answer, result.outcome))
        if result.outcome == "correct":
            return path
        suggestion = re.search(r"[Ww]rite (\d[\d.]*)", result.message)
        assert suggestion, f"no answer suggested for {answer!r}: {result.message}"
        answer = float(suggestion[1]) if "." in suggestion[1] else int(suggestion[1])
    return path


@pytest.mark.parametrize("typed", [(1, 178), "1,178", "1.178", 1.178, "1 178", 1178])
def test_a_count_with_a_thousands_mark_is_read_or_explained_and_never_loops(typed):
    q = question("count", 1178)
    path = follow_advice(q, typed)
    assert path[-1][1] == "correct", path
    assert len(path) <= 2, path


def test_the_messages_for_a_count_name_the_number_to_write():
    q = question("count", 1178)
    assert "Write 1178, without the comma" in q.check((1, 178)).message
    assert "write 1178 without it" in q.check(1.178).message
    # 1,078 reaches the checker as (1, 78): the zero is put back
    assert "Write 1078" in question("count", 1078).check((1, 78)).message


def test_a_three_digit_part_of_a_decimal_offers_both_readings():
    q = question("number", 1.178, tolerance={"abs": 0.0005})
    message = q.check((1, 178)).message
    assert "write 1178" in message and "write 1.178 with a dot" in message
    assert q.check(1.178).outcome == "correct"


def test_a_decimal_comma_pair_still_says_use_a_dot():
    q = question("number", 6.3, tolerance={"abs": 0.01})
    assert "Write 6.3 with a dot" in q.check((6, 3)).message
    assert follow_advice(q, (6, 3))[-1][1] == "correct"


def test_parse_number_reads_thousands_only_when_told_it_is_a_count():
    assert parse_number("1,178", whole_number=True) == 1178
    assert parse_number("1.178", whole_number=True) == 1178
    assert parse_number("1,5", whole_number=True) == 1.5  # not thousands: still a decimal
    with pytest.raises(Exception, match="could mean 1178 or 1.178"):
        parse_number("1,178")


@pytest.fixture(scope="module")
def kernel():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> tuple[str, str]:
    """Run ``code`` in the kernel; return (printed text, error name or "")."""
    reply = client.execute_interactive(code, timeout=60, output_hook=(out := _Collector()))
    return out.text, reply["content"].get("ename", "") if reply["content"]["status"] != "ok" else ""


class _Collector:
    def __init__(self) -> None:
        self.text = ""

    def __call__(self, msg) -> None:
        if msg["msg_type"] == "stream":
            self.text += msg["content"]["text"]
        elif msg["msg_type"] == "error":
            self.text += msg["content"]["ename"]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1,05", "'1,05'"), ("80%", "'80%'"), ("1 234,50 zł", "'1 234,50 zł'"), ("0,05", "'0,05'")],
)
def test_in_the_kernel_a_spreadsheet_number_gets_one_friendly_sentence(kernel, typed, value):
    run(kernel, "import kamtools as kt")
    text, error = run(kernel, f"answer = {typed}\nprint(repr(answer))")
    assert error == ""
    assert "SyntaxError" not in text
    assert (
        f'Python cannot read {typed} as a number, so answer keeps it as the text "{typed}"' in text
    )
    assert text.strip().endswith(value)


def test_in_the_kernel_a_checked_polish_decimal_is_marked_right(kernel):
    run(kernel, "import kamtools as kt\nfrom kamtools.checks import Exercise")
    run(
        kernel,
        "q = Exercise({'module': '99_t', 'title': 'T', 'questions': [{'id': 'q1', "
        "'type': 'numeric', 'prompt': '?', 'solution': 's', 'unit': 'number', "
        "'expected': 1.05, 'tolerance': {'abs': 0.001}}]}, recorder=None).q1",
    )
    text, error = run(kernel, "answer = 1,05\nprint(q.check(answer).outcome)")
    assert error == "" and text.strip().endswith("correct")


def test_in_the_kernel_valid_python_and_real_mistakes_are_left_alone(kernel):
    run(kernel, "import kamtools as kt")
    assert run(kernel, "pair = (1,\n 2)\nprint(pair)")[0].strip() == "(1, 2)"
    assert run(kernel, "answer = 1,178\nprint(answer)")[0].strip() == "(1, 178)"
    assert run(kernel, "answer = 1 +* 2")[1] == "SyntaxError"  # not a number: Python's error


def test_the_transformer_is_not_installed_outside_ipython():
    from kamtools._ipython import register

    assert "IPython" not in sys.modules or register(shell=object()) is False
