"""Tests of kamtools.analysis.concentration: hand-computed cases, edge cases and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import kamtools as kt
from kamtools._validate import descending_order
from kamtools.analysis import concentration

# The running example: 5 customers, total 100.
#   sorted: a 50, b 30, c 10, d 5, e 5
#   shares:     .50  .30  .10  .05  .05
#   cumulative: .50  .80  .90  .95 1.00
SALES = {"a": 50, "b": 30, "c": 10, "d": 5, "e": 5}
FUNCTIONS = {
    "pareto_table": lambda v, **kw: kt.pareto_table(v, **kw),
    "top_share": lambda v, **kw: kt.top_share(v, 0.2, **kw),
    "customers_for_share": lambda v, **kw: kt.customers_for_share(v, 0.8, **kw),
    "abc_classes": lambda v, **kw: kt.abc_classes(v, **kw),
    "abc_summary": lambda v, **kw: kt.abc_summary(v, **kw),
    "lorenz_curve": lambda v, **kw: kt.lorenz_curve(v, **kw),
    "gini": lambda v, **kw: kt.gini(v, **kw),
    "hhi": lambda v, **kw: kt.hhi(v, **kw),
    "concentration_report": lambda v, **kw: kt.concentration_report(v, **kw),
}
REPORT_INDEX = [
    "n_customers",
    "total",
    "top1_share",
    "top5_share",
    "top20pct_share",
    "customers_for_80pct",
    "gini",
    "hhi",
    "equivalent_customers",
    "n_zero",
    "n_negative",
    "negative_policy",
]


def test_public_names():
    assert concentration.__all__ == [
        "abc_classes",
        "abc_summary",
        "concentration_report",
        "customers_for_share",
        "gini",
        "hhi",
        "lorenz_curve",
        "pareto_table",
        "top_share",
    ]
    for name in concentration.__all__:
        assert getattr(kt, name) is getattr(concentration, name)


# ---------------------------------------------------------------------------------------
# Hand-computed cases
# ---------------------------------------------------------------------------------------
class TestParetoTable:
    def test_running_example(self):
        table = kt.pareto_table(SALES)
        assert list(table.columns) == [
            "rank",
            "customer",
            "value",
            "share",
            "cumulative_share",
            "cumulative_customer_share",
            "abc_class",
        ]
        assert isinstance(table.index, pd.RangeIndex)
        assert table["rank"].tolist() == [1, 2, 3, 4, 5]
        assert table["rank"].dtype == np.int64
        assert table["customer"].tolist() == ["a", "b", "c", "d", "e"]
        assert table["value"].tolist() == [50.0, 30.0, 10.0, 5.0, 5.0]
        np.testing.assert_allclose(table["share"], [0.5, 0.3, 0.1, 0.05, 0.05])
        # 50/100, 80/100, 90/100, 95/100, 100/100
        np.testing.assert_allclose(table["cumulative_share"], [0.5, 0.8, 0.9, 0.95, 1.0])
        # k/n = 1/5 .. 5/5
        np.testing.assert_allclose(table["cumulative_customer_share"], [0.2, 0.4, 0.6, 0.8, 1.0])
        # before-shares 0, .5, .8, .9, .95: A while < .80, B while < .95, then C
        assert table["abc_class"].tolist() == ["A", "A", "B", "B", "C"]

    def test_ties_broken_by_customer_id_whatever_the_input_order(self):
        forward = pd.Series([5.0, 10.0, 10.0, 5.0], index=["y", "b", "a", "x"])
        backward = forward.iloc[::-1]
        for values in (forward, backward):
            table = kt.pareto_table(values)
            assert table["customer"].tolist() == ["a", "b", "x", "y"]

    def test_integer_ids_keep_their_type(self):
        table = kt.pareto_table(pd.Series([1.0, 3.0, 2.0], index=[10, 30, 20]))
        assert table["customer"].tolist() == [30, 20, 10]
        assert table["customer"].dtype == np.int64

    def test_list_input_numbers_customers_from_zero(self):
        assert kt.pareto_table([1, 3, 2])["customer"].tolist() == [1, 2, 0]

    def test_custom_thresholds(self):
        # before-shares 0, .5, .8, .9, .95 with thresholds (.5, .9): A, B, B, C, C
        table = kt.pareto_table(SALES, thresholds=(0.5, 0.9))
        assert table["abc_class"].tolist() == ["A", "B", "B", "C", "C"]

    def test_negative_drop_leaves_customers_out(self):
        values = {"a": 6.0, "b": -1.0, "c": 2.0}
        table = kt.pareto_table(values, negative="drop")
        assert table["customer"].tolist() == ["a", "c"]
        # n = 2 after dropping: k/n = 1/2, 2/2
        assert table["cumulative_customer_share"].tolist() == [0.5, 1.0]

    def test_negative_zero_keeps_customers_at_zero(self):
        values = {"a": 6.0, "b": -1.0, "c": 2.0}
        table = kt.pareto_table(values, negative="zero")
        assert table["customer"].tolist() == ["a", "c", "b"]
        assert table["value"].tolist() == [6.0, 2.0, 0.0]
        # total 8: 6/8, 8/8, 8/8
        assert table["cumulative_share"].tolist() == [0.75, 1.0, 1.0]


class TestTopShare:
    def test_running_example(self):
        # k = ceil(0.2 * 5) = 1 -> 50/100
        assert kt.top_share(SALES, 0.2) == pytest.approx(0.5)
        # k = ceil(0.4 * 5) = 2 -> 80/100
        assert kt.top_share(SALES, 0.4) == pytest.approx(0.8)
        assert kt.top_share(SALES, 1) == 1.0

    @pytest.mark.parametrize(
        ("p", "n", "k"),
        [
            (0.2, 5, 1),  # 0.2 * 5 = 1.0
            (0.07, 100, 7),  # 0.07 * 100 = 7.000000000000001 in floats: still 7
            (0.21, 5, 2),  # 0.21 * 5 = 1.05 -> 2
            (0.3, 10, 3),  # 0.3 * 10 = 3.0000000000000004 in floats: still 3
            (0.001, 5, 1),  # at least one customer
            (1.0, 7, 7),
        ],
    )
    def test_number_of_top_customers(self, p, n, k):
        # With values 2^(n-1), ..., 2, 1 every k gives a different share: (2^n - 2^(n-k)) / (2^n - 1)
        # (for n = 100 use equal values instead: share = k / n)
        if n <= 20:
            values = [2.0**i for i in range(n)]
            expected = (2.0**n - 2.0 ** (n - k)) / (2.0**n - 1)
        else:
            values = [1.0] * n
            expected = k / n
        assert kt.top_share(values, p) == pytest.approx(expected, rel=1e-12)

    def test_is_at_least_p(self):
        assert kt.top_share([1, 1, 1, 1], 0.25) == pytest.approx(0.25)


class TestCustomersForShare:
    def test_running_example(self):
        # cumulative .5 .8 .9 .95 1.0
        assert kt.customers_for_share(SALES, 0.5) == 1
        assert kt.customers_for_share(SALES, 0.8) == 2  # reached exactly at k = 2
        assert kt.customers_for_share(SALES, 0.81) == 3
        assert kt.customers_for_share(SALES, 0.95) == 4
        assert kt.customers_for_share(SALES, 1.0) == 5

    def test_float_sums_count_as_reaching_the_target(self):
        # 0.6 / (0.6 + 0.15) is 0.7999999999999999 in floats, but 0.8 in arithmetic
        assert 0.6 / (0.6 + 0.15) < 0.8
        assert kt.customers_for_share([0.6, 0.15], 0.8) == 1
        # 0.7 + 0.1 = 0.8 of a total of 1.0
        assert kt.customers_for_share([0.1, 0.7, 0.2], 0.8) == 2

    def test_zero_tail_is_not_needed_for_the_whole_total(self):
        assert kt.customers_for_share([5, 0, 0, 5], 1.0) == 2

    def test_returns_int(self):
        assert type(kt.customers_for_share(SALES, 0.8)) is int


class TestAbcClasses:
    def test_aligned_with_input_order_and_index(self):
        values = pd.Series([5, 10, 50, 5, 30], index=["e", "c", "a", "d", "b"], name="sales")
        classes = kt.abc_classes(values)
        assert classes.name == "abc_class"
        assert classes.index.tolist() == ["e", "c", "a", "d", "b"]
        assert classes.tolist() == ["C", "B", "A", "B", "A"]

    def test_customer_crossing_the_threshold_is_class_a(self):
        # 60, 30, 10: before-shares 0, .6, .9; the second customer crosses 80% (.6 -> .9),
        # so it is A (the "<= 80% including it" rule would have made it B)
        assert kt.abc_classes([60, 30, 10]).tolist() == ["A", "A", "B"]
        assert kt.customers_for_share([60, 30, 10], 0.8) == 2

    def test_customer_starting_exactly_at_the_threshold_is_not_a(self):
        # 40, 40, 20: before-shares 0, .4, .8 -> the third starts at 80%: B
        assert kt.abc_classes([40, 40, 20]).tolist() == ["A", "A", "B"]

    def test_tie_at_the_boundary_is_decided_by_customer_id(self):
        # a and b tie at 50; thresholds (.5, .9): a comes first (before 0 -> A),
        # b starts at .5 -> B, whatever the input order
        for values in ({"a": 50, "b": 50}, {"b": 50, "a": 50}):
            classes = kt.abc_classes(values, (0.5, 0.9))
            assert classes.to_dict() == {"a": "A", "b": "B"}

    def test_same_tolerance_as_customers_for_share(self):
        # 0.6 / 0.75 = 0.7999999999999999: the first customer reaches 80%, the second is B
        assert kt.abc_classes([0.6, 0.15]).tolist() == ["A", "B"]

    def test_dropped_customers_are_not_classified(self):
        # y is dropped; x 60, z 30, w 10 of 100: before-shares 0, .6, .9 -> A, A, B
        values = pd.Series([60.0, -10.0, 30.0, 10.0], index=["x", "y", "z", "w"])
        classes = kt.abc_classes(values, negative="drop")
        assert classes.index.tolist() == ["x", "y", "z", "w"]
        assert classes.drop("y").tolist() == ["A", "A", "B"]
        assert pd.isna(classes["y"])

    def test_zeroed_customers_are_class_c(self):
        classes = kt.abc_classes({"x": 10.0, "y": -3.0}, negative="zero")
        assert classes.to_dict() == {"x": "A", "y": "C"}

    def test_thresholds_positional(self):
        assert kt.abc_classes(SALES, (0.5, 0.9)).tolist() == ["A", "B", "B", "C", "C"]

    def test_thresholds_up_to_one(self):
        # b = 1: every customer with a value is at most B; zero tail is C
        assert kt.abc_classes([50, 30, 20, 0], (0.5, 1.0)).tolist() == ["A", "B", "B", "C"]


class TestAbcSummary:
    def test_running_example(self):
        summary = kt.abc_summary(SALES)
        assert summary.index.tolist() == ["A", "B", "C"]
        assert summary.index.name == "abc_class"
        assert list(summary.columns) == ["customers", "customer_share", "value_share"]
        assert summary["customers"].dtype == np.int64
        # A: a, b (50 + 30 = 80%); B: c, d (10 + 5 = 15%, to 95%); C: e (5%)
        assert summary["customers"].tolist() == [2, 2, 1]
        assert summary["customer_share"].tolist() == [0.4, 0.4, 0.2]  # 2/5, 2/5, 1/5
        assert summary["value_share"].tolist() == pytest.approx([0.8, 0.15, 0.05], abs=1e-12)

    def test_empty_class_b(self):
        # 90, 6, 4 of 100 with thresholds (0.8, 0.9): the first customer reaches 90%,
        # so it closes A and B at once: A = the first (90%), B = nobody, C = 6 + 4 (10%)
        summary = kt.abc_summary([90, 6, 4], (0.8, 0.9))
        assert summary["customers"].tolist() == [1, 0, 2]
        assert summary["value_share"].tolist() == pytest.approx([0.9, 0.0, 0.1], abs=1e-12)

    def test_empty_class_c(self):
        # 50, 30, 20: the last customer is needed to pass 95% (80% -> 100%): no class C
        summary = kt.abc_summary([50, 30, 20])
        assert summary["customers"].tolist() == [2, 1, 0]
        assert summary.loc["C"].tolist() == [0, 0.0, 0.0]

    def test_one_customer(self):
        summary = kt.abc_summary({"only": 7.0})
        assert summary["customers"].tolist() == [1, 0, 0]
        assert summary["value_share"].tolist() == [1.0, 0.0, 0.0]

    def test_zero_customers_count_in_class_c(self):
        # 100, 0, 0: A holds everything; the two zeros are C and count as customers
        summary = kt.abc_summary([100, 0, 0])
        assert summary["customers"].tolist() == [1, 0, 2]
        assert summary["customer_share"].tolist() == pytest.approx([1 / 3, 0, 2 / 3])

    def test_negative_policies(self):
        values = {"x": 60.0, "y": -10.0, "z": 30.0, "w": 10.0}
        # drop: x, z, w of 100 -> A: x, z (60 -> 90% crosses 80%); B: w; 3 customers
        dropped = kt.abc_summary(values, negative="drop")
        assert dropped["customers"].tolist() == [2, 1, 0]
        # zero: y counts as a customer with 0, in class C
        zeroed = kt.abc_summary(values, negative="zero")
        assert zeroed["customers"].tolist() == [2, 1, 1]
        assert zeroed["customer_share"].tolist() == [0.5, 0.25, 0.25]
        with pytest.raises(kt.NegativeValuesError, match=r"1 customers with a negative value"):
            kt.abc_summary(values)


class TestLorenzCurve:
    def test_hand_computed(self):
        # ascending 1, 2, 3, 4 of total 10: cumulative 1, 3, 6, 10 -> .1, .3, .6, 1
        curve = kt.lorenz_curve([4, 1, 3, 2])
        assert list(curve.columns) == ["customer_share", "value_share"]
        np.testing.assert_allclose(curve["customer_share"], [0, 0.25, 0.5, 0.75, 1])
        np.testing.assert_allclose(curve["value_share"], [0, 0.1, 0.3, 0.6, 1])

    def test_running_example(self):
        # ascending 5, 5, 10, 30, 50: cumulative 5, 10, 20, 50, 100
        curve = kt.lorenz_curve(SALES)
        np.testing.assert_allclose(curve["value_share"], [0, 0.05, 0.1, 0.2, 0.5, 1])
        assert len(curve) == 6

    def test_zeros_count_as_customers(self):
        curve = kt.lorenz_curve([0, 0, 0, 10])
        np.testing.assert_allclose(curve["value_share"], [0, 0, 0, 0, 1])


class TestGini:
    def test_hand_computed(self):
        # x = 1, 2, 3, 4: sum(i * x_i) = 1 + 4 + 9 + 16 = 30
        # G = 2 * 30 / (4 * 10) - 5 / 4 = 1.5 - 1.25 = 0.25
        assert kt.gini([1, 2, 3, 4]) == pytest.approx(0.25)
        assert kt.gini([4, 2, 1, 3]) == pytest.approx(0.25)

    def test_running_example(self):
        # ascending 5, 5, 10, 30, 50: sum(i * x_i) = 5 + 10 + 30 + 120 + 250 = 415
        # G = 2 * 415 / (5 * 100) - 6 / 5 = 1.66 - 1.2 = 0.46; normalised 0.46 / 0.8 = 0.575
        assert kt.gini(SALES) == pytest.approx(0.46)
        assert kt.gini(SALES, normalize=True) == pytest.approx(0.575)

    def test_equal_values_give_zero(self):
        assert kt.gini([7.3] * 9) == 0.0
        assert kt.gini([0.1] * 10) == 0.0

    def test_one_customer_with_everything_gives_the_maximum(self):
        # (n - 1) / n = 3/4
        assert kt.gini([0, 0, 10, 0]) == pytest.approx(0.75)
        assert kt.gini([0, 0, 10, 0], normalize=True) == pytest.approx(1.0)

    def test_single_customer(self):
        assert kt.gini([42]) == 0.0
        assert kt.gini([42], normalize=True) == 0.0

    def test_normalize_must_be_bool(self):
        with pytest.raises(kt.WrongTypeError, match=r"`normalize`.*'yes' was passed"):
            kt.gini([1, 2], normalize="yes")


class TestHhi:
    def test_hand_computed(self):
        # .5^2 + .3^2 + .1^2 + .05^2 + .05^2 = .25 + .09 + .01 + .0025 + .0025 = 0.355
        assert kt.hhi([50, 30, 10, 5, 5]) == pytest.approx(0.355)
        assert kt.hhi([50, 30, 10, 5, 5], percent=True) == pytest.approx(3550.0)

    def test_bounds_reached(self):
        assert kt.hhi([3, 3, 3, 3]) == pytest.approx(0.25)  # 1/n
        assert kt.hhi([0, 9, 0]) == pytest.approx(1.0)
        assert kt.hhi([0, 9, 0], percent=True) == pytest.approx(10_000.0)

    def test_percent_must_be_bool(self):
        with pytest.raises(kt.WrongTypeError, match=r"`percent`.*1 was passed"):
            kt.hhi([1, 2], percent=1)


class TestConcentrationReport:
    def test_running_example(self):
        report = kt.concentration_report(SALES)
        assert report.name == "concentration"
        assert report.index.tolist() == REPORT_INDEX
        assert report["n_customers"] == 5
        assert report["total"] == pytest.approx(100.0)
        assert report["top1_share"] == pytest.approx(0.5)
        assert report["top5_share"] == pytest.approx(1.0)
        assert report["top20pct_share"] == pytest.approx(0.5)  # ceil(0.2 * 5) = 1
        assert report["customers_for_80pct"] == 2
        assert report["gini"] == pytest.approx(0.46)
        assert report["hhi"] == pytest.approx(0.355)
        assert report["equivalent_customers"] == pytest.approx(1 / 0.355)  # 2.8169
        assert report["n_zero"] == 0
        assert report["n_negative"] == 0
        assert report["negative_policy"] == "raise"

    def test_top5_and_top20pct_with_many_customers(self):
        values = list(range(1, 11))  # 1..10, total 55
        report = kt.concentration_report(values)
        # top 5: 10 + 9 + 8 + 7 + 6 = 40 -> 40/55; top 20% = ceil(2) = 2: 19/55
        assert report["top5_share"] == pytest.approx(40 / 55)
        assert report["top20pct_share"] == pytest.approx(19 / 55)
        assert report["top1_share"] == pytest.approx(10 / 55)

    def test_fewer_than_five_customers_top5_is_everything(self):
        assert kt.concentration_report([3, 1])["top5_share"] == 1.0

    def test_counts_and_policy(self):
        values = {"a": 10.0, "b": 0.0, "c": -4.0, "d": -1.0, "e": 0.0, "f": 5.0}
        dropped = kt.concentration_report(values, negative="drop")
        assert dropped["n_customers"] == 4  # a, b, e, f
        assert dropped["n_negative"] == 2  # c and d were dropped
        assert dropped["n_zero"] == 2
        assert dropped["negative_policy"] == "drop"
        assert dropped["total"] == pytest.approx(15.0)
        zeroed = kt.concentration_report(values, negative="zero")
        assert zeroed["n_customers"] == 6
        assert zeroed["n_negative"] == 2
        assert zeroed["total"] == pytest.approx(15.0)
        assert zeroed["negative_policy"] == "zero"

    def test_integer_entries_are_ints(self):
        report = kt.concentration_report(SALES)
        for key in ("n_customers", "customers_for_80pct", "n_zero", "n_negative"):
            assert type(report[key]) is int

    def test_matches_the_single_functions(self):
        values = [13, 0, 7, 7, 2, 40, 1, 9, 0.5, 21, 3]
        report = kt.concentration_report(values)
        assert report["gini"] == kt.gini(values)
        assert report["hhi"] == kt.hhi(values)
        assert report["top20pct_share"] == kt.top_share(values, 0.2)
        assert report["customers_for_80pct"] == kt.customers_for_share(values, 0.8)
        assert report["top1_share"] == kt.pareto_table(values)["share"].iloc[0]

    def test_sorts_only_once(self, monkeypatch):
        calls = []
        original = concentration.descending_order

        def counting(values):
            calls.append(1)
            return original(values)

        monkeypatch.setattr(concentration, "descending_order", counting)
        kt.concentration_report(np.arange(1000.0))
        assert len(calls) == 1


# ---------------------------------------------------------------------------------------
# Edge cases and errors
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("func", FUNCTIONS.values(), ids=FUNCTIONS.keys())
class TestBadValues:
    def test_empty(self, func):
        with pytest.raises(kt.EmptyDataError, match="empty"):
            func([])

    def test_all_zero(self, func):
        with pytest.raises(kt.NonPositiveTotalError, match=r"add up to 0\.0"):
            func([0, 0, 0])

    def test_nan(self, func):
        with pytest.raises(kt.DataError, match=r"1 missing \(NaN\) values, e\.g\. customer 'b'"):
            func(pd.Series([1.0, np.nan], index=["a", "b"]))

    def test_inf(self, func):
        with pytest.raises(kt.DataError, match="1 infinite values"):
            func([1.0, np.inf])

    def test_text(self, func):
        with pytest.raises(kt.WrongTypeError, match=r"1 entries are not numbers.*'lots'"):
            func([1, "lots"])

    def test_numeric_text_is_accepted(self, func):
        func(["1", "2.5"])  # no error

    @pytest.mark.parametrize(
        "values", [[True, False], [True, 2.5], np.array([True, False]), pd.Series([True])]
    )
    def test_bools(self, func, values):
        with pytest.raises(kt.WrongTypeError, match="True/False"):
            func(values)

    def test_scalar(self, func):
        with pytest.raises(kt.WrongTypeError, match=r"but 5 was passed"):
            func(5)

    def test_dataframe_with_two_columns(self, func):
        frame = pd.DataFrame({"sales": [1, 2], "margin": [0.5, 0.4]})
        with pytest.raises(kt.WrongTypeError, match=r"columns \['sales', 'margin'\]"):
            func(frame)

    def test_dataframe_with_one_column_is_accepted(self, func):
        func(pd.DataFrame({"sales": [1, 2]}))  # no error

    def test_duplicated_ids(self, func):
        values = pd.Series([1.0, 2.0, 3.0], index=["a", "b", "a"])
        with pytest.raises(kt.DataError, match="customer 'a' appears 2 times"):
            func(values)

    def test_negative_raises_by_default(self, func):
        with pytest.raises(kt.NegativeValuesError, match="2 customers with a negative value"):
            func([5.0, -1.0, 3.0, -2.0])

    def test_negative_drop_and_zero_are_accepted(self, func):
        func([5.0, -1.0, 3.0], negative="drop")
        func([5.0, -1.0, 3.0], negative="zero")

    def test_only_negative_values_dropped(self, func):
        with pytest.raises(kt.EmptyDataError, match="only negative values"):
            func([-5.0, -1.0], negative="drop")

    def test_only_negative_values_zeroed(self, func):
        with pytest.raises(
            kt.NonPositiveTotalError, match=r"negative='zero' \(2 negative customers\)"
        ):
            func([-5.0, -1.0, 0.0], negative="zero")

    def test_unknown_negative_policy(self, func):
        with pytest.raises(kt.ParameterError, match=r"`negative`.*'ignore' was passed"):
            func([1.0, 2.0], negative="ignore")

    def test_single_customer(self, func):
        func([3.0])  # no error


def test_single_customer_results():
    assert kt.top_share([3.0], 0.2) == 1.0
    assert kt.customers_for_share([3.0], 0.8) == 1
    assert kt.hhi([3.0]) == 1.0
    assert kt.abc_classes([3.0]).tolist() == ["A"]
    assert kt.lorenz_curve([3.0]).to_numpy().tolist() == [[0.0, 0.0], [1.0, 1.0]]
    report = kt.concentration_report([3.0])
    assert report["equivalent_customers"] == 1.0
    assert report["top5_share"] == 1.0


def test_negative_values_with_zero_policy_equal_clipped_input():
    values = {"a": 9.0, "b": -2.0, "c": 1.0, "d": -0.5}
    clipped = {"a": 9.0, "b": 0.0, "c": 1.0, "d": 0.0}
    assert kt.gini(values, negative="zero") == kt.gini(clipped)
    pd.testing.assert_frame_equal(
        kt.pareto_table(values, negative="zero"), kt.pareto_table(clipped)
    )


def test_negative_values_with_drop_policy_equal_filtered_input():
    values = {"a": 9.0, "b": -2.0, "c": 1.0, "d": -0.5}
    kept = {"a": 9.0, "c": 1.0}
    assert kt.gini(values, negative="drop") == kt.gini(kept)
    assert kt.hhi(values, negative="drop") == kt.hhi(kept)
    pd.testing.assert_frame_equal(kt.lorenz_curve(values, negative="drop"), kt.lorenz_curve(kept))


@pytest.mark.parametrize("name", ["top_share", "customers_for_share"])
class TestFractionParameter:
    def call(self, name, x):
        return getattr(kt, name)(SALES, x)

    @pytest.mark.parametrize("bad", [0, 0.0, -0.1, 1.5, math.nan, -math.inf])
    def test_out_of_range(self, name, bad):
        param = "p" if name == "top_share" else "s"
        with pytest.raises(kt.ParameterError, match=rf"`{param}` must be a fraction in \(0, 1\]"):
            self.call(name, bad)

    def test_percent_instead_of_fraction(self, name):
        with pytest.raises(kt.ParameterError, match=r"80\.0 was passed\. Did you mean 0\.8\?"):
            self.call(name, 80)

    @pytest.mark.parametrize("bad", [True, "0.2", None, [0.2]])
    def test_not_a_number(self, name, bad):
        with pytest.raises(kt.WrongTypeError, match=r"must be a number, but .* was passed"):
            self.call(name, bad)

    def test_numpy_float_is_accepted(self, name):
        self.call(name, np.float64(0.5))


@pytest.mark.parametrize("func", [kt.abc_classes, kt.pareto_table, kt.abc_summary])
class TestThresholds:
    def call(self, func, thresholds):
        return func(SALES, thresholds=thresholds)

    @pytest.mark.parametrize("bad", [(0.95, 0.8), (0.8, 0.8)])
    def test_must_increase(self, func, bad):
        with pytest.raises(kt.ParameterError, match=r"`thresholds` must increase.*was passed"):
            self.call(func, bad)

    @pytest.mark.parametrize("bad", [(0.8,), (0.5, 0.8, 0.95), ()])
    def test_must_be_two(self, func, bad):
        with pytest.raises(kt.ParameterError, match=r"`thresholds` must be two fractions"):
            self.call(func, bad)

    @pytest.mark.parametrize("bad", [0.8, "ab", None, {"A": 0.8, "B": 0.95}])
    def test_wrong_type(self, func, bad):
        with pytest.raises(kt.WrongTypeError, match=r"`thresholds`"):
            self.call(func, bad)

    def test_percent_instead_of_fraction(self, func):
        with pytest.raises(kt.ParameterError, match=r"`thresholds\[0\]`.*Did you mean 0\.8\?"):
            self.call(func, (80, 95))

    @pytest.mark.parametrize("bad", [(0, 0.9), (0.5, 1.2), (math.nan, 0.9)])
    def test_out_of_range(self, func, bad):
        with pytest.raises(kt.ParameterError, match=r"`thresholds\[[01]\]` must be a fraction"):
            self.call(func, bad)

    def test_list_and_array_are_accepted(self, func):
        self.call(func, [0.7, 0.9])
        self.call(func, np.array([0.7, 0.9]))


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------
# Zero or a value in a realistic range; at least one customer with a positive value.
value_lists = st.lists(
    st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e6)), min_size=1, max_size=40
).filter(lambda xs: sum(xs) > 0)
fractions = st.floats(min_value=1e-6, max_value=1.0)
TOL = 1e-9


def as_series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=[f"c{i:03d}" for i in range(len(values))])


@given(value_lists, st.randoms(use_true_random=False), fractions)
def test_order_invariance(values, rnd, p):
    series = as_series(values)
    positions = list(range(len(values)))
    rnd.shuffle(positions)
    shuffled = series.iloc[positions]
    assert kt.gini(shuffled) == pytest.approx(kt.gini(series), abs=1e-12)
    assert kt.hhi(shuffled) == pytest.approx(kt.hhi(series), abs=1e-12)
    assert kt.top_share(shuffled, p) == kt.top_share(series, p)
    assert kt.customers_for_share(shuffled, p) == kt.customers_for_share(series, p)
    pd.testing.assert_frame_equal(kt.pareto_table(shuffled), kt.pareto_table(series))
    pd.testing.assert_series_equal(kt.abc_classes(shuffled), kt.abc_classes(series)[shuffled.index])
    pd.testing.assert_frame_equal(kt.lorenz_curve(shuffled), kt.lorenz_curve(series))


@given(value_lists, st.sampled_from([1e-3, 0.37, 3.0, 1000.0, 12345.678]), fractions)
def test_scale_invariance(values, c, p):
    scaled = [x * c for x in values]
    assert kt.gini(scaled) == pytest.approx(kt.gini(values), abs=1e-9)
    assert kt.hhi(scaled) == pytest.approx(kt.hhi(values), rel=1e-9)
    assert kt.top_share(scaled, p) == pytest.approx(kt.top_share(values, p), rel=1e-9)
    assert kt.customers_for_share(scaled, p) == kt.customers_for_share(values, p)
    assert kt.abc_classes(scaled).tolist() == kt.abc_classes(values).tolist()


@given(value_lists)
def test_bounds(values):
    n = len(values)
    g = kt.gini(values)
    assert 0.0 <= g <= (n - 1) / n
    assert 0.0 <= kt.gini(values, normalize=True) <= 1.0
    h = kt.hhi(values)
    assert 1 / n - 1e-12 <= h <= 1 + 1e-12
    report = kt.concentration_report(values)
    assert 1 - 1e-9 <= report["equivalent_customers"] <= n + 1e-9
    assert report["hhi"] >= report["top1_share"] ** 2 - 1e-12


@given(value_lists, st.lists(fractions, min_size=2, max_size=5))
def test_top_share_is_monotone_in_p_and_at_least_p(values, ps):
    shares = [kt.top_share(values, p) for p in sorted(ps)]
    assert all(a <= b + 1e-12 for a, b in zip(shares, shares[1:], strict=False))
    for p, share in zip(sorted(ps), shares, strict=True):
        assert share >= p - 1e-9
        assert share <= 1.0 + 1e-12


@given(value_lists)
def test_lorenz_curve_shape(values):
    curve = kt.lorenz_curve(values)
    n = len(values)
    x = curve["customer_share"].to_numpy()
    y = curve["value_share"].to_numpy()
    assert len(curve) == n + 1
    assert (x[0], y[0]) == (0.0, 0.0)
    assert (x[-1], y[-1]) == (1.0, 1.0)
    steps = np.diff(y)
    assert (steps >= 0).all()  # non-decreasing
    assert (np.diff(steps) >= -1e-12).all()  # convex: steps grow
    assert (y <= x + 1e-12).all()  # on or below the diagonal


@given(value_lists)
def test_pareto_curve_shape(values):
    table = kt.pareto_table(values)
    y = table["cumulative_share"].to_numpy()
    x = table["cumulative_customer_share"].to_numpy()
    assert y[-1] == 1.0
    assert (np.diff(y) >= 0).all()  # non-decreasing
    assert (np.diff(table["share"].to_numpy()) <= 1e-12).all()  # concave: steps shrink
    assert (y >= x - 1e-12).all()  # on or above the diagonal
    np.testing.assert_allclose(np.cumsum(table["share"]), y, rtol=1e-9)
    assert table["rank"].tolist() == list(range(1, len(values) + 1))


@given(value_lists, st.floats(0.01, 0.98), st.floats(0.01, 1.0))
def test_number_of_a_customers_equals_customers_for_share(values, a, gap):
    b = min(1.0, a + gap)
    assume(a < b)
    classes = kt.abc_classes(values, (a, b))
    assert (classes == "A").sum() == kt.customers_for_share(values, a)
    assert ((classes == "A") | (classes == "B")).sum() == kt.customers_for_share(values, b)
    table = kt.pareto_table(values, thresholds=(a, b))
    assert (table["abc_class"] == "A").sum() == kt.customers_for_share(values, a)


@given(value_lists, fractions)
def test_customers_for_share_is_the_smallest_k(values, s):
    k = kt.customers_for_share(values, s)
    y = kt.pareto_table(values)["cumulative_share"].to_numpy()
    assert y[k - 1] >= s - TOL
    if k > 1:
        assert y[k - 2] < s - TOL


@given(value_lists, st.data())
def test_top_share_matches_pareto_table(values, data):
    n = len(values)
    k = data.draw(st.integers(1, n))
    table = kt.pareto_table(values)
    assert kt.top_share(values, k / n) == table["cumulative_share"].iloc[k - 1]


def gini_by_mean_absolute_difference(values: list[float]) -> float:
    """O(n^2) reference: G = sum |x_i - x_j| / (2 n^2 mean)."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean()))


@given(value_lists)
def test_gini_matches_mean_absolute_difference(values):
    assert kt.gini(values) == pytest.approx(gini_by_mean_absolute_difference(values), abs=1e-9)


def test_gini_reference_on_hand_example():
    # |differences| of 1, 2, 3, 4 over ordered pairs: 2 * (1+2+3+1+2+1) = 20
    # G = 20 / (2 * 16 * 2.5) = 0.25
    assert gini_by_mean_absolute_difference([1, 2, 3, 4]) == pytest.approx(0.25)


mixed_ids = st.one_of(
    st.lists(st.integers(-50, 50), unique=True, min_size=1, max_size=30),
    st.lists(st.text("abcXYZ ", max_size=3), unique=True, min_size=1, max_size=30),
    st.lists(st.one_of(st.integers(0, 9), st.sampled_from("abc")), unique=True, min_size=1),
)


@given(mixed_ids, st.data())
def test_sort_order_equals_the_shared_tie_break_rule(ids, data):
    # Few distinct values, so that there are many ties to break by customer id.
    values = data.draw(st.lists(st.sampled_from([0.0, 1.0, 2.5, 7.0]), min_size=len(ids)))
    series = pd.Series(values[: len(ids)], index=pd.Index(ids, dtype=object))
    # Reference rule: rank the ids (by text when they cannot be compared), then sort by
    # value descending and id rank ascending.
    try:
        id_rank = np.argsort(np.argsort(series.index.to_numpy(), kind="stable"))
    except TypeError:
        id_rank = np.argsort(np.argsort(series.index.astype(str).to_numpy(), kind="stable"))
    expected = np.lexsort((id_rank, -series.to_numpy()))
    np.testing.assert_array_equal(descending_order(series), expected)


@given(value_lists, st.floats(0.01, 0.98), st.floats(0.01, 1.0))
def test_abc_summary_adds_up_the_pareto_table(values, a, gap):
    b = min(1.0, a + gap)
    assume(a < b)
    summary = kt.abc_summary(values, (a, b))
    table = kt.pareto_table(values, thresholds=(a, b))
    by_class = table.groupby("abc_class")["share"].agg(["size", "sum"])
    by_class = by_class.reindex(["A", "B", "C"], fill_value=0)
    assert summary["customers"].tolist() == by_class["size"].tolist()
    np.testing.assert_allclose(summary["value_share"], by_class["sum"], atol=1e-9)
    assert summary["customers"].sum() == len(values)
    assert summary["customer_share"].sum() == pytest.approx(1.0)
    assert summary["value_share"].sum() == pytest.approx(1.0)
    assert (summary["value_share"] >= 0).all()
