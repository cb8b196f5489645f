"""Tests of kamtools.analysis.portfolio: share of wallet, whitespace, weighted score, quadrants."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import kamtools as kt

# ------------------------------------------------------------------ share_of_wallet


class TestShareOfWallet:
    def test_hand_computed(self):
        revenue = pd.Series({"A": 200.0, "B": 50.0, "C": 0.0})
        wallet = pd.Series({"A": 800.0, "B": 1000.0, "C": 400.0})
        share = kt.share_of_wallet(revenue, wallet)
        # 200 / 800 = 0.25; 50 / 1000 = 0.05; 0 / 400 = 0
        assert share.tolist() == [0.25, 0.05, 0.0]
        assert share.name == "share_of_wallet"
        assert list(share.index) == ["A", "B", "C"]

    def test_unknown_or_zero_wallet_gives_nan_not_zero(self):
        share = kt.share_of_wallet({"A": 10, "B": 0, "C": 0}, {"A": np.nan, "B": 0, "C": None})
        assert share.isna().all()

    def test_aligned_on_customer_id_in_revenue_order(self):
        revenue = pd.Series([100.0, 300.0], index=["Y", "X"])
        wallet = pd.Series([600.0, 1000.0], index=["X", "Y"])
        share = kt.share_of_wallet(revenue, wallet)
        # Y: 100 / 1000 = 0.1; X: 300 / 600 = 0.5
        assert list(share.index) == ["Y", "X"]
        assert share.tolist() == [0.1, 0.5]

    def test_arrays_matched_by_position(self):
        share = kt.share_of_wallet(np.array([1.0, 3.0]), [4, 6])
        assert share.tolist() == [0.25, 0.5]
        assert list(share.index) == [0, 1]

    def test_series_lends_its_ids_to_a_list(self):
        share = kt.share_of_wallet([10, 20], pd.Series([100, 40], index=["P", "Q"]))
        assert share.to_dict() == {"P": 0.1, "Q": 0.5}

    def test_wallet_below_revenue_kept_and_flagged(self):
        with pytest.warns(
            kt.KamtoolsWarning,
            match=r"below our own revenue for 2 customers, e.g. customer 'B' \(revenue 120.0, "
            r"wallet 100.0\)",
        ):
            share = kt.share_of_wallet({"A": 10, "B": 120, "C": 90}, {"A": 100, "B": 100, "C": 60})
        # not clipped: 120 / 100 = 1.2 and 90 / 60 = 1.5
        assert share.tolist() == [0.1, 1.2, 1.5]

    def test_zero_wallet_with_revenue_is_flagged(self):
        with pytest.warns(kt.KamtoolsWarning, match=r"for 1 customers.*'B'"):
            share = kt.share_of_wallet({"A": 10, "B": 5}, {"A": 20, "B": 0})
        assert share.iloc[0] == 0.5 and math.isnan(share.iloc[1])

    # ---- bad input

    def test_customers_missing_on_either_side_are_listed(self):
        revenue = pd.Series({"A": 1, "B": 2, "C": 3})
        wallet = pd.Series({"A": 5, "B": 6, "Z": 7})
        with pytest.raises(kt.DataError, match=r"only in `revenue`: 'C'; only in `wallet`: 'Z'"):
            kt.share_of_wallet(revenue, wallet)

    def test_long_lists_of_missing_customers_are_shortened(self):
        revenue = pd.Series(1.0, index=range(10))
        wallet = pd.Series(2.0, index=range(3))
        with pytest.raises(kt.DataError, match=r"7 customers.*3, 4, 5, 6, 7 and 2 more"):
            kt.share_of_wallet(revenue, wallet)

    def test_arrays_of_different_length(self):
        with pytest.raises(kt.DataError, match=r"3 and 2 values were passed"):
            kt.share_of_wallet([1, 2, 3], [4, 5])

    def test_missing_revenue(self):
        with pytest.raises(kt.DataError, match=r"`revenue` has 1 missing \(NaN\).*customer 'B'"):
            kt.share_of_wallet({"A": 1, "B": np.nan}, {"A": 2, "B": 3})

    def test_negative_wallet(self):
        with pytest.raises(kt.NegativeValuesError, match=r"`wallet`.*>= 0.*customer 'B' \(-3.0\)"):
            kt.share_of_wallet({"A": 1, "B": 1}, {"A": 2, "B": -3})

    def test_negative_revenue(self):
        with pytest.raises(kt.NegativeValuesError, match=r"`revenue` must be >= 0.*'A' \(-1.0\)"):
            kt.share_of_wallet({"A": -1, "B": 1}, {"A": 2, "B": 3})

    def test_text_in_wallet(self):
        with pytest.raises(kt.WrongTypeError, match=r"`wallet` must hold numbers.*'unknown'"):
            kt.share_of_wallet([1, 2], [3, "unknown"])

    def test_infinite_wallet(self):
        with pytest.raises(kt.DataError, match=r"`wallet` has 1 infinite values"):
            kt.share_of_wallet([1, 2], [3, np.inf])

    def test_repeated_customer(self):
        with pytest.raises(kt.DataError, match=r"customer 'A' appears 2 times"):
            kt.share_of_wallet(
                pd.Series([1, 2], index=["A", "A"]), pd.Series([3, 4], index=["A", "A"])
            )

    def test_empty(self):
        with pytest.raises(kt.EmptyDataError, match=r"`revenue` is empty"):
            kt.share_of_wallet([], [])

    def test_scalar(self):
        with pytest.raises(kt.WrongTypeError, match=r"`wallet` must be one value per customer"):
            kt.share_of_wallet([1], 5)

    @given(
        hnp.arrays(float, st.integers(1, 30), elements=st.floats(0, 1e6)),
        st.data(),
    )
    def test_share_times_wallet_gives_revenue(self, revenue, data):
        extra = data.draw(
            hnp.arrays(float, len(revenue), elements=st.floats(0, 1e6)), label="extra"
        )
        wallet = revenue + extra  # never below revenue: no warning expected
        share = kt.share_of_wallet(revenue, wallet)
        gap = kt.whitespace(revenue, wallet)
        known = wallet > 0
        np.testing.assert_allclose(
            share[known] * wallet[known], revenue[known], rtol=1e-12, atol=1e-9
        )
        np.testing.assert_allclose(
            gap[known] + revenue[known], wallet[known], rtol=1e-12, atol=1e-9
        )
        assert ((share[known] >= 0) & (share[known] <= 1)).all()
        assert share[~known].isna().all() and gap[~known].isna().all()


# ----------------------------------------------------------------------- whitespace


class TestWhitespace:
    def test_hand_computed(self):
        gap = kt.whitespace({"A": 200, "B": 50, "C": 0}, {"A": 800, "B": 50, "C": 300})
        # 800 - 200 = 600; 50 - 50 = 0; 300 - 0 = 300
        assert gap.tolist() == [600.0, 0.0, 300.0]
        assert gap.name == "whitespace"

    def test_unknown_or_zero_wallet_gives_nan(self):
        gap = kt.whitespace({"A": 0, "B": 10}, {"A": 0, "B": np.nan})
        assert gap.isna().all()

    def test_wallet_below_revenue_gives_zero_and_a_warning(self):
        with pytest.warns(kt.KamtoolsWarning, match=r"for 1 customers, e.g. customer 'B'"):
            gap = kt.whitespace({"A": 10, "B": 150}, {"A": 40, "B": 100})
        # max(0, 100 - 150) = 0
        assert gap.tolist() == [30.0, 0.0]

    def test_same_validation_as_share_of_wallet(self):
        with pytest.raises(kt.DataError, match=r"only in `wallet`: 'Z'"):
            kt.whitespace({"A": 1}, {"A": 2, "Z": 3})
        with pytest.raises(kt.NegativeValuesError, match=r"`wallet`"):
            kt.whitespace([1], [-1])


# ------------------------------------------------------------------- weighted_score


@pytest.fixture
def criteria() -> pd.DataFrame:
    return pd.DataFrame(
        {"size": [8, 4, 6], "growth": [6, 9, np.nan], "fit": [7, 7, 5], "notes": ["a", "b", "c"]},
        index=pd.Index(["Acme", "Bolt", "Core"], name="account"),
    )


class TestWeightedScore:
    def test_hand_computed(self, criteria):
        score = kt.weighted_score(criteria, {"size": 2, "growth": 1, "fit": 1})
        # Acme: (2*8 + 6 + 7) / 4 = 29 / 4 = 7.25; Bolt: (2*4 + 9 + 7) / 4 = 24 / 4 = 6.0
        assert score.loc["Acme"] == 7.25
        assert score.loc["Bolt"] == 6.0
        # Core has no growth score: stays NaN, not scored as if growth were 0
        assert math.isnan(score.loc["Core"])
        assert score.name == "score"
        assert list(score.index) == ["Acme", "Bolt", "Core"]
        assert score.index.name == "account"

    def test_unweighted_columns_are_ignored(self, criteria):
        # "notes" is text and "growth" has a NaN: neither matters when not weighted
        score = kt.weighted_score(criteria, {"size": 1, "fit": 3})
        # Core: (6 + 3*5) / 4 = 21 / 4 = 5.25
        assert score.loc["Core"] == 5.25

    def test_zero_weight_takes_no_part(self, criteria):
        score = kt.weighted_score(criteria, {"size": 1, "fit": 3, "growth": 0})
        pd.testing.assert_series_equal(score, kt.weighted_score(criteria, {"size": 1, "fit": 3}))

    def test_weights_as_series(self, criteria):
        weights = pd.Series({"size": 2.0, "growth": 1.0, "fit": 1.0})
        score = kt.weighted_score(criteria, weights)
        assert score.loc["Acme"] == 7.25

    def test_other_scale(self):
        frame = pd.DataFrame({"a": [1, 5], "b": [3, 3]}, index=["P", "Q"])
        score = kt.weighted_score(frame, {"a": 1, "b": 1}, scale=(1, 5))
        # P: (1 + 3) / 2 = 2; Q: (5 + 3) / 2 = 4
        assert score.tolist() == [2.0, 4.0]

    def test_scale_bounds_are_inside(self):
        frame = pd.DataFrame({"a": [0, 10]})
        assert kt.weighted_score(frame, {"a": 1}).tolist() == [0.0, 10.0]

    def test_recommended_ranking_is_deterministic(self):
        frame = pd.DataFrame({"a": [5, 7, 5, 7]}, index=["d", "c", "b", "a"])
        score = kt.weighted_score(frame, {"a": 1})
        ranked = score.sort_index().sort_values(ascending=False, kind="stable")
        assert list(ranked.index) == ["a", "c", "b", "d"]
        reversed_input = kt.weighted_score(frame.iloc[::-1], {"a": 1})
        again = reversed_input.sort_index().sort_values(ascending=False, kind="stable")
        assert list(again.index) == list(ranked.index)

    # ---- bad input

    def test_negative_weight_named(self, criteria):
        with pytest.raises(
            kt.ParameterError, match=r"`weights\['fit'\]` must be a finite number >= 0.*-1"
        ):
            kt.weighted_score(criteria, {"size": 1, "fit": -1})

    def test_nan_weight(self, criteria):
        with pytest.raises(kt.ParameterError, match=r"`weights\['size'\]`.*nan"):
            kt.weighted_score(criteria, {"size": float("nan")})

    def test_zero_weight_sum(self, criteria):
        with pytest.raises(kt.ParameterError, match=r"must not all be 0.*\{'size': 0, 'fit': 0\}"):
            kt.weighted_score(criteria, {"size": 0, "fit": 0})

    def test_empty_weights(self, criteria):
        with pytest.raises(kt.ParameterError, match=r"`weights` is empty"):
            kt.weighted_score(criteria, {})

    def test_weight_for_missing_column(self, criteria):
        with pytest.raises(kt.DataError, match=r"not columns of `criteria`: \['price'\]"):
            kt.weighted_score(criteria, {"size": 1, "price": 2})

    def test_weight_not_a_number(self, criteria):
        with pytest.raises(
            kt.WrongTypeError, match=r"`weights\['size'\]` must be a number.*'high'"
        ):
            kt.weighted_score(criteria, {"size": "high"})

    def test_weight_bool(self, criteria):
        with pytest.raises(kt.WrongTypeError, match=r"`weights\['size'\]` must be a number.*True"):
            kt.weighted_score(criteria, {"size": True})

    def test_weights_not_a_mapping(self, criteria):
        with pytest.raises(kt.WrongTypeError, match=r"`weights` must map each criterion.*\[1, 2\]"):
            kt.weighted_score(criteria, [1, 2])

    def test_repeated_weight_in_series(self, criteria):
        with pytest.raises(kt.ParameterError, match=r"criterion 'size' more than one weight"):
            kt.weighted_score(criteria, pd.Series([1, 2], index=["size", "size"]))

    def test_value_outside_scale_names_column_customer_value(self, criteria):
        criteria.loc["Bolt", "fit"] = 12
        with pytest.raises(
            kt.DataError,
            match=r"Criterion 'fit' must lie on the common scale \[0, 10\].*'Bolt' has 12.0",
        ):
            kt.weighted_score(criteria, {"fit": 1})

    def test_negative_value_outside_scale(self, criteria):
        criteria.loc["Acme", "size"] = -1
        with pytest.raises(kt.DataError, match=r"'size'.*'Acme' has -1.0"):
            kt.weighted_score(criteria, {"size": 1})

    def test_text_criterion(self, criteria):
        with pytest.raises(kt.WrongTypeError, match=r"Criterion 'notes' must hold numbers.*'a'"):
            kt.weighted_score(criteria, {"notes": 1})

    def test_bool_criterion(self):
        with pytest.raises(
            kt.WrongTypeError, match=r"Criterion 'key' must hold numbers.*True/False"
        ):
            kt.weighted_score(pd.DataFrame({"key": [True, False]}), {"key": 1})

    def test_criteria_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`criteria` must be a pandas DataFrame.*list"):
            kt.weighted_score([[1, 2]], {"a": 1})

    def test_no_accounts(self, criteria):
        with pytest.raises(kt.EmptyDataError, match=r"`criteria` has no rows"):
            kt.weighted_score(criteria.iloc[:0], {"size": 1})

    def test_repeated_account(self, criteria):
        with pytest.raises(kt.DataError, match=r"account 'Acme' appears 2 times"):
            kt.weighted_score(pd.concat([criteria, criteria.iloc[[0]]]), {"size": 1})

    def test_repeated_column(self):
        frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
        with pytest.raises(kt.DataError, match=r"more than one column named 'a'"):
            kt.weighted_score(frame, {"a": 1})

    @pytest.mark.parametrize("scale", [(10, 0), (5, 5), (0,), "0-10", (0, float("inf"))])
    def test_bad_scale(self, criteria, scale):
        with pytest.raises(kt.ParameterError, match=r"`scale` must"):
            kt.weighted_score(criteria, {"size": 1}, scale=scale)

    # ---- properties

    @given(
        hnp.arrays(
            float, st.tuples(st.integers(1, 20), st.integers(1, 6)), elements=st.floats(0, 10)
        ),
        st.data(),
    )
    def test_between_min_and_max_and_scale_invariant(self, values, data):
        n_criteria = values.shape[1]
        weights = data.draw(
            st.lists(st.floats(0, 100), min_size=n_criteria, max_size=n_criteria), label="w"
        )
        assume(sum(weights) > 1e-6)
        factor = data.draw(st.floats(1e-3, 1e3), label="c")
        frame = pd.DataFrame(values, columns=[f"k{j}" for j in range(n_criteria)])
        named = dict(zip(frame.columns, weights, strict=True))
        score = kt.weighted_score(frame, named)
        used = frame[[c for c, w in named.items() if w > 0]]
        assert (score >= used.min(axis=1) - 1e-9).all()
        assert (score <= used.max(axis=1) + 1e-9).all()
        scaled = kt.weighted_score(frame, {c: w * factor for c, w in named.items()})
        np.testing.assert_allclose(scaled, score, rtol=1e-9, atol=1e-9)

    @given(
        hnp.arrays(float, st.tuples(st.integers(1, 20), st.just(3)), elements=st.floats(0, 10)),
        st.randoms(use_true_random=False),
    )
    def test_row_order_does_not_change_scores(self, values, rnd):
        frame = pd.DataFrame(values, columns=["a", "b", "c"])
        order = list(frame.index)
        rnd.shuffle(order)
        weights = {"a": 1, "b": 2, "c": 3}
        shuffled = kt.weighted_score(frame.loc[order], weights)
        assert list(shuffled.index) == order
        pd.testing.assert_series_equal(shuffled.loc[frame.index], kt.weighted_score(frame, weights))


# --------------------------------------------------------------- portfolio_quadrant


class TestPortfolioQuadrant:
    def test_four_quadrants(self):
        table = kt.portfolio_quadrant(
            {"Acme": 8, "Bolt": 7, "Core": 3, "Dyna": 2},
            {"Acme": 6, "Bolt": 2, "Core": 5, "Dyna": 4.5},
        )
        assert list(table.columns) == ["attractiveness", "strength", "quadrant", "strategy"]
        assert list(table.index) == ["Acme", "Bolt", "Core", "Dyna"]
        assert table["quadrant"].tolist() == ["Strategic", "Star", "Status", "Streamline"]
        assert table["strategy"].tolist() == [
            kt.QUADRANT_STRATEGIES[q] for q in ["Strategic", "Star", "Status", "Streamline"]
        ]
        assert table["attractiveness"].tolist() == [8.0, 7.0, 3.0, 2.0]

    def test_strategies_follow_the_selection_strategies(self):
        strategies = kt.QUADRANT_STRATEGIES
        assert list(strategies) == ["Strategic", "Star", "Status", "Streamline"]
        assert strategies["Strategic"].startswith("invest for growth")
        assert strategies["Star"].startswith("invest selectively")
        assert strategies["Status"].startswith("maintain")
        assert strategies["Streamline"].startswith("manage for cash")

    def test_value_at_the_cut_counts_as_high(self):
        table = kt.portfolio_quadrant([5, 4.999, 5, 4.999], [5, 5, 4.999, 4.999])
        assert table["quadrant"].tolist() == ["Strategic", "Status", "Star", "Streamline"]

    def test_cut_pair_applies_per_axis(self):
        # attractiveness cut 7, strength cut 3
        table = kt.portfolio_quadrant([6, 7], [3, 2.9], cut=(7, 3))
        assert table["quadrant"].tolist() == ["Status", "Star"]

    def test_single_cut_for_both_axes(self):
        table = kt.portfolio_quadrant([6, 6], [6, 5], cut=6)
        assert table["quadrant"].tolist() == ["Strategic", "Star"]

    def test_default_cut_is_middle_of_scale(self):
        # scale 1-5: middle 3
        table = kt.portfolio_quadrant([3, 2.9], [3, 3], scale=(1, 5))
        assert table["quadrant"].tolist() == ["Strategic", "Status"]

    def test_quadrant_is_categorical_with_all_four(self):
        table = kt.portfolio_quadrant([9], [9])
        counts = table["quadrant"].value_counts(sort=False)
        assert list(counts.index) == ["Strategic", "Star", "Status", "Streamline"]
        assert counts.tolist() == [1, 0, 0, 0]

    def test_aligned_by_customer_id(self):
        table = kt.portfolio_quadrant(pd.Series({"A": 9, "B": 1}), pd.Series({"B": 9, "A": 1}))
        assert list(table.index) == ["A", "B"]
        assert table["strength"].tolist() == [1.0, 9.0]
        assert table["quadrant"].tolist() == ["Star", "Status"]

    # ---- bad input

    def test_unscored_account_is_named(self):
        with pytest.raises(
            kt.DataError, match=r"`strength` has 1 missing \(NaN\).*customer 'B'.*cannot be placed"
        ):
            kt.portfolio_quadrant({"A": 5, "B": 6}, {"A": 5, "B": np.nan})

    def test_score_outside_scale(self):
        with pytest.raises(
            kt.DataError, match=r"`attractiveness` must lie on the common scale.*'B' has 11.0"
        ):
            kt.portfolio_quadrant({"A": 5, "B": 11}, {"A": 5, "B": 6})

    @pytest.mark.parametrize("cut", [11, -1, (5, 12)])
    def test_cut_outside_scale(self, cut):
        with pytest.raises(kt.ParameterError, match=r"`cut` must lie within `scale` \[0, 10\]"):
            kt.portfolio_quadrant([5], [5], cut=cut)

    def test_cut_of_wrong_shape(self):
        with pytest.raises(kt.ParameterError, match=r"`cut` must be one number or a pair"):
            kt.portfolio_quadrant([5], [5], cut=(1, 2, 3))

    def test_cut_text(self):
        with pytest.raises(kt.WrongTypeError, match=r"`cut` must be a number.*'5'"):
            kt.portfolio_quadrant([5], [5], cut="5")

    def test_bad_scale(self):
        with pytest.raises(kt.ParameterError, match=r"`scale` must be \(lowest, highest\)"):
            kt.portfolio_quadrant([5], [5], scale=(10, 0))

    def test_different_customers(self):
        with pytest.raises(kt.DataError, match=r"only in `attractiveness`: 'A'"):
            kt.portfolio_quadrant({"A": 5}, {"B": 5})

    def test_different_lengths(self):
        with pytest.raises(kt.DataError, match=r"2 and 1 values"):
            kt.portfolio_quadrant([5, 6], [5])

    # ---- properties

    @given(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10), st.floats(0, 10))
    def test_raising_a_score_never_moves_an_account_down(self, a1, a2, s1, s2):
        lo_a, hi_a = sorted((a1, a2))
        lo_s, hi_s = sorted((s1, s2))
        table = kt.portfolio_quadrant([lo_a, hi_a], [lo_s, hi_s])
        high_attr = table["quadrant"].isin(["Strategic", "Star"]).tolist()
        high_strength = table["quadrant"].isin(["Strategic", "Status"]).tolist()
        assert high_attr[1] >= high_attr[0]
        assert high_strength[1] >= high_strength[0]
        assert high_attr == [lo_a >= 5, hi_a >= 5]
        assert high_strength == [lo_s >= 5, hi_s >= 5]
