"""The quarterly business review (kamtools/learning/qbr.py and kamtools/content/qbr.yml).

- the agenda, the scorecard lines and the joint plan's columns read from qbr.yml;
- the status of a scorecard line, by hand: on track, watch, off track, no data, both
  directions, the boundaries, a target of 0;
- bad input named clearly; hypothesis properties of the status.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.learning import qbr


def line(target, actual, better="higher", measure="m"):
    return {"measure": measure, "target": target, "actual": actual, "better": better}


def status(target, actual, better="higher", tolerance=0.1) -> str:
    return kt.qbr_scorecard([line(target, actual, better)], tolerance=tolerance)["status"].iloc[0]


# ---------------------------------------------------------------------------------------
# The content
# ---------------------------------------------------------------------------------------
def test_the_agenda_runs_from_the_customers_news_to_next_steps_with_owners():
    agenda = kt.qbr_agenda()
    assert list(agenda.index) == [
        "news",
        "results",
        "scorecard",
        "issues",
        "priorities",
        "initiatives",
        "next_steps",
    ]
    assert agenda["item"].tolist()[1] == "Results against the joint value plan"
    assert agenda["item"].tolist()[-1] == "Next steps with owners"
    assert int(agenda["minutes"].sum()) == 60  # one hour
    assert "start, stop and continue" in agenda.loc["priorities", "what"]


def test_the_scorecard_lines_say_which_way_is_better():
    lines = kt.qbr_scorecard_lines()
    assert list(lines.columns) == ["measure", "definition", "better", "example_target", "source"]
    assert set(lines["better"]) == {"higher", "lower"}
    for measure in ("On-time delivery", "Fill rate", "Response time", "Savings delivered"):
        assert measure in set(lines["measure"])
    assert lines.loc["on_time_delivery", "better"] == "higher"
    assert lines.loc["response_time", "better"] == "lower"


def test_the_joint_plan_has_an_owner_on_each_side():
    columns = kt.joint_plan_columns()
    assert columns[0].startswith("Shared objective") and columns[-1] == "By when"
    assert "Owner at the customer" in columns and "Owner at our company" in columns


def test_the_content_file_errors_name_the_field(tmp_path, monkeypatch):
    data = yaml.safe_load(qbr.QBR_FILE.read_text(encoding="utf-8"))
    data["scorecard"][2]["better"] = "smaller"
    bad = tmp_path / "qbr.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(qbr, "QBR_FILE", bad)
    qbr._content.cache_clear()
    try:
        with pytest.raises(
            kt.DataError, match=r"scorecard\[2\]\.better must be 'higher' or 'lower'"
        ):
            kt.qbr_agenda()
        data["scorecard"][2]["better"] = "lower"
        data["agenda"][1]["id"] = "news"
        bad.write_text(yaml.safe_dump(data), encoding="utf-8")
        qbr._content.cache_clear()
        with pytest.raises(kt.DataError, match=r"agenda repeats the id 'news'"):
            kt.qbr_agenda()
    finally:
        monkeypatch.undo()
        qbr._content.cache_clear()
    assert len(kt.qbr_agenda()) == 7


# ---------------------------------------------------------------------------------------
# The status, by hand
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "actual", "better", "expected"),
    [
        (0.98, 0.99, "higher", "on track"),
        (0.98, 0.98, "higher", "on track"),  # meeting the target exactly is on track
        (0.98, 0.90, "higher", "watch"),  # 0.08 short, within 0.098
        (0.98, 0.882, "higher", "watch"),  # exactly 10% short: still watch
        (0.98, 0.88, "higher", "off track"),
        (1.5, 1.2, "lower", "on track"),
        (1.5, 1.6, "lower", "watch"),  # 0.1 over, within 0.15
        (1.5, 1.65, "lower", "watch"),  # exactly 10% over
        (1.5, 4.08, "lower", "off track"),
        (0, 0, "lower", "on track"),
        (0, 1, "lower", "off track"),  # a target of 0 leaves no room for "watch"
        (3, math.nan, "lower", "no data"),
        (math.nan, 3, "lower", "no data"),
    ],
)
def test_status_by_hand(target, actual, better, expected):
    assert status(target, actual, better) == expected


def test_the_table_keeps_its_order_and_adds_gap_and_status():
    card = kt.qbr_scorecard(
        [
            line(0.98, 0.95, measure="On-time delivery"),
            line(1.5, 3.2, "lower", measure="Deliveries per order"),
            line(0.97, None, measure="Fill rate"),
        ]
    )
    assert card["measure"].tolist() == ["On-time delivery", "Deliveries per order", "Fill rate"]
    assert card["status"].tolist() == ["watch", "off track", "no data"]
    assert card["gap"].iloc[0] == pytest.approx(-0.03) and card["gap"].iloc[1] == pytest.approx(1.7)
    assert math.isnan(card["actual"].iloc[2]) and math.isnan(card["gap"].iloc[2])


def test_a_dataframe_with_numpy_numbers_and_pandas_na_is_read():
    frame = pd.DataFrame(
        {
            "measure": ["a", "b"],
            "target": [np.int64(3), np.float64(2.0)],
            "actual": [np.int64(2), pd.NA],
            "better": ["lower", "lower"],
            "owner": ["logistics", "quality"],
        }
    )
    card = kt.qbr_scorecard(frame)
    assert card["status"].tolist() == ["on track", "no data"]
    assert card["owner"].tolist() == ["logistics", "quality"]  # other columns are kept
    assert frame.columns.tolist() == ["measure", "target", "actual", "better", "owner"]


def test_tolerance_zero_has_no_watch_band():
    assert status(0.98, 0.979, tolerance=0) == "off track"
    assert status(0.98, 0.979, tolerance=0.1) == "watch"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: kt.qbr_scorecard("a, b"), kt.WrongTypeError, r"`lines` must be a table"),
        (lambda: kt.qbr_scorecard([1, 2]), kt.WrongTypeError, r"a list of dicts"),
        (
            lambda: kt.qbr_scorecard([{"measure": "a", "target": 1, "better": "higher"}]),
            kt.ParameterError,
            r"'actual' is missing",
        ),
        (
            lambda: kt.qbr_scorecard([line(1, 1, "more", measure="Fill rate")]),
            kt.ParameterError,
            r"`better` of line 'Fill rate' must be 'higher' or 'lower', but 'more'",
        ),
        (
            lambda: kt.qbr_scorecard([line(1, "98%", measure="On-time delivery")]),
            kt.WrongTypeError,
            r"`actual` of line 'On-time delivery' must be a number .*'98%'",
        ),
        (
            lambda: kt.qbr_scorecard([line(True, 1)]),
            kt.WrongTypeError,
            r"`target` of line 'm' must be a number",
        ),
        (
            lambda: kt.qbr_scorecard([line(1, 1)], tolerance=1),
            kt.ParameterError,
            r"`tolerance` must be between 0 and 1",
        ),
        (
            lambda: kt.qbr_scorecard([line(1, 1)], tolerance="10%"),
            kt.WrongTypeError,
            r"`tolerance` must be a number",
        ),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(target=finite, actual=finite, better=st.sampled_from(["higher", "lower"]))
def test_meeting_the_target_is_always_on_track(target, actual, better):
    met = actual >= target if better == "higher" else actual <= target
    assert (status(target, actual, better) == "on track") == met


@given(target=finite, actual=finite, tolerance=st.floats(min_value=0, max_value=0.99))
def test_directions_mirror_each_other(target, actual, tolerance):
    # "lower is better" on (target, actual) is "higher is better" on the negated values.
    assert status(target, actual, "lower", tolerance) == status(
        -target, -actual, "higher", tolerance
    )


@given(target=finite, actual=finite, better=st.sampled_from(["higher", "lower"]))
def test_a_wider_tolerance_never_makes_a_line_worse(target, actual, better):
    order = {s: i for i, s in enumerate(qbr.STATUSES)}
    narrow = status(target, actual, better, tolerance=0.05)
    wide = status(target, actual, better, tolerance=0.2)
    assert order[wide] <= order[narrow]
