"""Tests of kamtools.analysis.buyer: the Kraljic matrix and supplier preferencing, the buyer's lens."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt

KRALJIC = ["Strategic", "Leverage", "Bottleneck", "Non-critical"]
PREFERENCE = ["Core", "Development", "Exploitable", "Nuisance"]
scores = st.floats(0, 10, allow_nan=False)
splits = st.floats(0, 10, allow_nan=False)


def test_public_api():
    assert set(kt.buyer.__all__) <= set(kt.__all__)
    for name in (
        "kraljic_quadrant",
        "supplier_preference_quadrant",
        "KRALJIC_STRATEGIES",
        "KRALJIC_FOR_SUPPLIER",
        "SUPPLIER_PREFERENCE_BEHAVIOUR",
    ):
        assert hasattr(kt, name)
    assert list(kt.KRALJIC_STRATEGIES) == KRALJIC == list(kt.KRALJIC_FOR_SUPPLIER)
    assert list(kt.SUPPLIER_PREFERENCE_BEHAVIOUR) == PREFERENCE


# ---------------------------------------------------------------------------- Kraljic


class TestKraljicQuadrant:
    def test_the_four_corners_by_hand(self):
        # (profit impact, supply risk): high/high, high/low, low/high, low/low
        assert kt.kraljic_quadrant(8, 7) == "Strategic"
        assert kt.kraljic_quadrant(8, 2) == "Leverage"
        assert kt.kraljic_quadrant(3, 7) == "Bottleneck"
        assert kt.kraljic_quadrant(2, 3) == "Non-critical"

    def test_a_score_equal_to_the_split_is_high(self):
        # As portfolio_quadrant: value >= cut counts as high.
        assert kt.kraljic_quadrant(5, 5) == "Strategic"
        assert kt.kraljic_quadrant(5, 4.999) == "Leverage"
        assert kt.kraljic_quadrant(4.999, 5) == "Bottleneck"
        assert kt.kraljic_quadrant(7, 7, split=7) == "Strategic"
        assert kt.kraljic_quadrant(6.9, 6.9, split=7) == "Non-critical"

    def test_boundary_rule_is_the_portfolio_matrix_rule(self):
        # The same pair of scores lands in the "same" corner of both matrices.
        for a, b in [(5, 5), (5, 4), (4, 5), (4, 4), (0, 10), (10, 0)]:
            mcd = kt.portfolio_quadrant([a], [b])["quadrant"].iloc[0]
            order = list(kt.QUADRANT_STRATEGIES).index(mcd)
            assert kt.kraljic_quadrant(a, b) == KRALJIC[order]

    def test_the_scale_ends_are_allowed(self):
        assert kt.kraljic_quadrant(0, 0) == "Non-critical"
        assert kt.kraljic_quadrant(10, 10) == "Strategic"
        assert kt.kraljic_quadrant(0, 0, split=0) == "Strategic"
        assert kt.kraljic_quadrant(10, 9.9, split=10) == "Leverage"

    def test_series_keep_their_index_and_are_categorical(self):
        impact = pd.Series([8, 6, 3, 2], index=["bearings", "fasteners", "lubricants", "PPE"])
        risk = pd.Series([7, 2, 7, 3], index=impact.index)
        out = kt.kraljic_quadrant(impact, risk)
        assert isinstance(out, pd.Series)
        assert out.name == "kraljic_quadrant"
        assert list(out.index) == list(impact.index)
        assert out.tolist() == ["Strategic", "Leverage", "Bottleneck", "Non-critical"]
        assert list(out.cat.categories) == KRALJIC

    def test_two_series_are_matched_on_their_index(self):
        impact = pd.Series({"a": 8, "b": 2})
        risk = pd.Series({"b": 9, "a": 1})  # other order
        assert kt.kraljic_quadrant(impact, risk).to_dict() == {"a": "Leverage", "b": "Bottleneck"}

    def test_dicts_lists_and_arrays(self):
        out = kt.kraljic_quadrant({"x": 9, "y": 1}, {"x": 9, "y": 1})
        assert out.to_dict() == {"x": "Strategic", "y": "Non-critical"}
        out = kt.kraljic_quadrant(np.array([9.0, 1.0]), [1, 9])
        assert out.tolist() == ["Leverage", "Bottleneck"]
        assert list(out.index) == [0, 1]

    def test_a_series_lends_its_index_to_a_list(self):
        out = kt.kraljic_quadrant([9, 1], pd.Series([1, 1], index=["p", "q"]))
        assert out.to_dict() == {"p": "Leverage", "q": "Non-critical"}

    def test_one_number_is_used_for_every_item(self):
        out = kt.kraljic_quadrant(pd.Series([9, 1], index=["p", "q"]), 6)
        assert out.to_dict() == {"p": "Strategic", "q": "Bottleneck"}
        assert kt.kraljic_quadrant(2, [1, 8]).tolist() == ["Non-critical", "Bottleneck"]

    def test_numpy_scalars_give_a_name(self):
        assert kt.kraljic_quadrant(np.float64(6), np.int64(2)) == "Leverage"

    @pytest.mark.parametrize("bad", [11, -0.5, 10.01])
    def test_a_score_outside_0_10_names_the_parameter_and_value(self, bad):
        with pytest.raises(
            kt.DataError, match=rf"`supply_risk` must be a score from 0 to 10.*{bad}"
        ):
            kt.kraljic_quadrant(5, bad)
        with pytest.raises(
            kt.DataError, match=rf"`profit_impact` .*item 'fasteners' has {bad} \(1 scores"
        ):
            kt.kraljic_quadrant({"bearings": 5, "fasteners": bad}, {"bearings": 5, "fasteners": 5})

    def test_nan_names_the_parameter_and_item(self):
        with pytest.raises(kt.DataError, match=r"`profit_impact` is missing \(NaN\)"):
            kt.kraljic_quadrant(np.nan, 5)
        with pytest.raises(
            kt.DataError, match=r"`supply_risk` has 1 missing \(NaN\) scores, e.g. item 'b'"
        ):
            kt.kraljic_quadrant(pd.Series({"a": 1, "b": 2}), pd.Series({"a": 1, "b": None}))

    @pytest.mark.parametrize("bad", [True, None, "high", b"5", [[1, 2]]])
    def test_not_a_score_is_a_wrong_type_error(self, bad):
        with pytest.raises(kt.WrongTypeError, match=r"`profit_impact`"):
            kt.kraljic_quadrant(bad, 5)

    def test_text_inside_a_list_names_the_item(self):
        with pytest.raises(kt.WrongTypeError, match=r"item 1 has 'high', which is not a number"):
            kt.kraljic_quadrant([5, "high"], [5, 5])
        with pytest.raises(kt.WrongTypeError, match=r"not True/False"):
            kt.kraljic_quadrant([5, True], [5, 5])

    def test_mismatched_inputs(self):
        with pytest.raises(kt.DataError, match=r"same items.*only in `profit_impact`: \['a'\]"):
            kt.kraljic_quadrant({"a": 1}, {"b": 1})
        with pytest.raises(kt.DataError, match=r"2 and 3 scores were passed"):
            kt.kraljic_quadrant([1, 2], [1, 2, 3])
        with pytest.raises(kt.DataError, match=r"'a' is repeated"):
            kt.kraljic_quadrant(pd.Series([1, 2], index=["a", "a"]), 3)

    def test_empty_input(self):
        with pytest.raises(kt.EmptyDataError, match=r"`profit_impact` is empty"):
            kt.kraljic_quadrant([], [])

    @pytest.mark.parametrize("bad", [-1, 10.5, np.inf])
    def test_split_outside_the_scale(self, bad):
        with pytest.raises(kt.ParameterError, match=r"`split`"):
            kt.kraljic_quadrant(5, 5, split=bad)
        with pytest.raises(kt.WrongTypeError, match=r"`split` must be a number"):
            kt.kraljic_quadrant(5, 5, split="5")

    def test_errors_are_kamtools_errors(self):
        with pytest.raises(kt.KamtoolsError):
            kt.kraljic_quadrant(12, 5)

    @given(scores, scores, splits)
    def test_property_quadrant_follows_the_two_comparisons(self, impact, risk, split):
        name = kt.kraljic_quadrant(impact, risk, split=split)
        high_impact = name in ("Strategic", "Leverage")
        high_risk = name in ("Strategic", "Bottleneck")
        assert high_impact == (impact >= split)
        assert high_risk == (risk >= split)

    @given(st.lists(st.tuples(scores, scores), min_size=1, max_size=20), splits)
    def test_property_vectorised_equals_one_by_one(self, pairs, split):
        impact = [p[0] for p in pairs]
        risk = [p[1] for p in pairs]
        out = kt.kraljic_quadrant(impact, risk, split=split)
        assert out.tolist() == [kt.kraljic_quadrant(a, b, split=split) for a, b in pairs]

    @given(scores, scores, scores)
    def test_property_more_risk_never_lowers_it(self, impact, risk, extra):
        # Raising the supply risk can only move an item right (towards Strategic / Bottleneck).
        before = kt.kraljic_quadrant(impact, risk)
        after = kt.kraljic_quadrant(impact, min(10.0, risk + extra))
        if before in ("Strategic", "Bottleneck"):
            assert after == before


# ---------------------------------------------------------------- supplier preferencing


class TestSupplierPreferenceQuadrant:
    def test_the_four_corners_by_hand(self):
        # (account value, account attractiveness)
        assert kt.supplier_preference_quadrant(8, 8) == "Core"
        assert kt.supplier_preference_quadrant(2, 7) == "Development"
        assert kt.supplier_preference_quadrant(9, 3) == "Exploitable"
        assert kt.supplier_preference_quadrant(1, 2) == "Nuisance"

    def test_a_score_equal_to_the_split_is_high(self):
        assert kt.supplier_preference_quadrant(5, 5) == "Core"
        assert kt.supplier_preference_quadrant(4.9, 5) == "Development"
        assert kt.supplier_preference_quadrant(5, 4.9) == "Exploitable"
        assert kt.supplier_preference_quadrant(3, 3, split=3) == "Core"

    def test_series(self):
        value = pd.Series({"Odra": 8, "Tatra": 2, "Warta": 9, "Lubawa": 1})
        attr = pd.Series({"Odra": 8, "Tatra": 7, "Warta": 3, "Lubawa": 2})
        out = kt.supplier_preference_quadrant(value, attr)
        assert out.name == "supplier_preference"
        assert out.to_dict() == {
            "Odra": "Core",
            "Tatra": "Development",
            "Warta": "Exploitable",
            "Lubawa": "Nuisance",
        }
        assert list(out.cat.categories) == PREFERENCE

    def test_errors_name_its_own_parameters(self):
        with pytest.raises(kt.DataError, match=r"`account_value` must be a score from 0 to 10"):
            kt.supplier_preference_quadrant(11, 5)
        with pytest.raises(kt.DataError, match=r"`account_attractiveness` is missing"):
            kt.supplier_preference_quadrant(5, float("nan"))
        with pytest.raises(kt.ParameterError, match=r"`split`"):
            kt.supplier_preference_quadrant(5, 5, split=20)

    @given(scores, scores, splits)
    def test_property_quadrant_follows_the_two_comparisons(self, value, attr, split):
        name = kt.supplier_preference_quadrant(value, attr, split=split)
        assert (name in ("Core", "Exploitable")) == (value >= split)
        assert (name in ("Core", "Development")) == (attr >= split)

    @given(scores, scores)
    def test_property_mirror_of_kraljic(self, x, y):
        # Same corner rule as the Kraljic matrix, with the vertical axis given second.
        k = KRALJIC.index(kt.kraljic_quadrant(y, x))
        assert kt.supplier_preference_quadrant(x, y) == PREFERENCE[k]
