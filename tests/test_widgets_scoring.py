"""Headless tests of the account scoring widget (kamtools.widgets.scoring).

The weight sliders are moved and the baseline button clicked as a learner would; what the
widget shows is compared with kt.weighted_score, kt.portfolio_quadrant, kt.rank_accounts
and kt.quadrant_changes called directly.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import kamtools as kt
from kamtools.widgets.scoring import VISTULA_CRITERIA, AccountScoring

ACCOUNTS = pd.DataFrame(
    {"size": [8, 2, 6], "growth": [2, 8, 4], "strength": [7, 6, 2]},
    index=["Acme", "Bolt", "Core"],
)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return kt.load_dataset("vistula_customers").set_index("customer_id")


@pytest.fixture
def scoring():
    widget = AccountScoring()
    yield widget
    widget.close()


def expected_quadrants(customers: pd.DataFrame, weights: dict) -> pd.DataFrame:
    scores = kt.weighted_score(customers, weights)
    return kt.portfolio_quadrant(scores, customers["relative_strength"])


def ring_offsets(widget: AccountScoring) -> np.ndarray:
    ax = widget.figure.axes[0]
    rings = [c for c in ax.collections if c.get_label() == "changed quadrant since the baseline"]
    return rings[0].get_offsets() if rings else np.empty((0, 2))


# ---------------------------------------------------------------------- Vistula


class TestVistula:
    def test_starts_with_equal_weights(self, scoring, customers):
        assert scoring.weights == dict.fromkeys(VISTULA_CRITERIA, 5.0)
        assert scoring.strength_weights == {}
        pd.testing.assert_series_equal(
            scoring.scores, kt.weighted_score(customers, dict.fromkeys(VISTULA_CRITERIA, 5.0))
        )
        # DATASHEET.md: `attractiveness` is the equal-weight mean, rounded to 1 decimal
        assert (scoring.scores - customers["attractiveness"]).abs().max() <= 0.05 + 1e-9
        expected = expected_quadrants(customers, scoring.weights)
        pd.testing.assert_frame_equal(scoring.quadrants, expected)
        assert scoring.changed.empty
        assert "No account has changed quadrant" in scoring.changed_html.value

    def test_bubbles_are_last_years_revenue(self, scoring, customers):
        lines = kt.load_dataset("vistula_transactions")
        revenue = lines[lines["date"].dt.year == 2025].groupby("customer_id")["amount"].sum()
        expected = revenue.reindex(customers.index, fill_value=0.0)
        pd.testing.assert_series_equal(
            scoring.size, expected.rename("revenue 2025"), check_names=False, rtol=1e-12
        )
        # DATASHEET.md: 93 customers made no purchase at all in 2025; all of them bought in
        # 2023 or 2024 (every customer has an invoice in 2023-2025): lost or pausing
        buyers_2025 = set(lines.loc[lines["date"].dt.year == 2025, "customer_id"])
        none_2025 = customers.index.difference(list(buyers_2025))
        assert len(none_2025) == 93
        assert set(lines.loc[lines["customer_id"].isin(none_2025), "date"].dt.year) <= {2023, 2024}
        assert (scoring.size == 0).sum() == 93
        assert set(scoring.size.index[scoring.size == 0]) == set(none_2025)
        assert "93 accounts bought nothing in 2025: they get the smallest bubble." in scoring.notes
        assert any(
            n.startswith("93 of them bought in earlier years and stopped before 2025")
            for n in scoring.notes
        )
        # they stay on the chart (the smallest bubble, not a missing one): 500 points
        bubbles = [c for c in scoring.figure.axes[0].collections if len(c.get_sizes())]
        assert sum(len(c.get_offsets()) for c in bubbles) == 500
        assert min(c.get_sizes().min() for c in bubbles) > 0
        assert scoring.figure.axes[0].get_title().endswith("bubble area = revenue 2025")

    def test_moving_a_weight_lists_the_accounts_that_changed_quadrant(self, scoring, customers):
        before = expected_quadrants(customers, scoring.weights)
        scoring.weight_sliders["volume_potential"].value = 10
        weights = {**dict.fromkeys(VISTULA_CRITERIA, 5.0), "volume_potential": 10.0}
        assert scoring.weights == weights
        after = expected_quadrants(customers, weights)
        pd.testing.assert_series_equal(scoring.scores, kt.weighted_score(customers, weights))
        pd.testing.assert_frame_equal(scoring.quadrants, after)
        moved = before.index[before["quadrant"].astype(str) != after["quadrant"].astype(str)]
        assert len(moved) > 0
        assert scoring.changed.index.tolist() == moved.tolist()
        first = moved[0]
        old, new = before.at[first, "quadrant"], after.at[first, "quadrant"]
        assert scoring.changed.loc[first, ["old_quadrant", "new_quadrant"]].tolist() == [old, new]
        name = customers.at[first, "company_name"]
        assert f"{first} {name}: {old} &rarr; {new}" in scoring.changed_html.value
        assert f"{len(moved):,} accounts changed quadrant" in scoring.changed_html.value
        # the moved accounts are ringed on the chart, at their new place
        rings = ring_offsets(scoring)
        np.testing.assert_allclose(
            rings, after.loc[moved, ["strength", "attractiveness"]].to_numpy()
        )

    def test_set_as_baseline(self, scoring, customers):
        scoring.weight_sliders["growth_potential"].value = 0
        assert not scoring.changed.empty
        scoring.baseline_button.click()
        assert scoring.changed.empty and len(ring_offsets(scoring)) == 0
        assert scoring.baseline_weights["growth_potential"] == 0.0
        assert "growth potential 0" in scoring.baseline_html.value
        # the next move is compared with the new baseline, not with the start
        baseline = scoring.quadrants.copy()
        scoring.weight_sliders["margin_potential"].value = 10
        pd.testing.assert_frame_equal(
            scoring.changed, kt.quadrant_changes(baseline, scoring.quadrants)
        )

    def test_ranked_table(self, scoring):
        expected = kt.rank_accounts(scoring.scores, top=10)
        assert scoring.ranked["customer"].tolist() == expected["customer"].tolist()
        assert scoring.ranked["score"].tolist() == expected["score"].tolist()
        assert list(scoring.ranked.columns) == [
            "rank",
            "customer",
            "name",
            "score",
            "strength",
            "quadrant",
            "revenue 2025",
        ]
        first = scoring.ranked.iloc[0]
        assert first["quadrant"] == scoring.quadrants.at[first["customer"], "quadrant"]
        assert first["revenue 2025"] == scoring.size[first["customer"]]
        assert re.search(rf"<td[^>]*>{first['customer']}</td>", scoring.ranked_html.value)
        # the ranked accounts are labelled on the chart
        texts = {t.get_text() for t in scoring.figure.axes[0].texts}
        assert set(scoring.ranked["customer"]) <= texts

    def test_ties_are_broken_by_id(self, scoring):
        scoring.top_slider.value = 50
        ranked = scoring.ranked
        assert len(ranked) == 50 and ranked["rank"].tolist() == list(range(1, 51))
        assert (np.diff(ranked["score"].to_numpy()) <= 0).all()
        for _, tied in ranked.groupby("score"):
            assert tied["customer"].tolist() == sorted(tied["customer"])
        assert "Top 50 accounts by attractiveness" in scoring.ranked_html.value

    def test_all_weights_zero_shows_the_error_and_keeps_the_results(self, scoring):
        sliders = list(scoring.weight_sliders.values())
        for slider in sliders[:-1]:
            slider.value = 0
        scores = scoring.scores.copy()
        sliders[-1].value = 0
        assert "The weights must not all be 0" in scoring.error
        assert "&#9888;" in scoring.status_html.value
        assert "still show the last valid weights" in scoring.status_html.value
        pd.testing.assert_series_equal(scoring.scores, scores)
        sliders[0].value = 3  # a usable weighting again
        assert scoring.error == "" and scoring.status_html.value == ""

    def test_quadrant_summary_counts(self, scoring):
        counts = scoring.quadrants["quadrant"].value_counts()
        for name, strategy in kt.QUADRANT_STRATEGIES.items():
            assert f"<b>{name}</b> ({counts[name]:,} accounts): {strategy}" in (
                scoring.quadrants_html.value
            )

    def test_chart_points_are_the_quadrants(self, scoring):
        ax = scoring.figure.axes[0]
        counts = scoring.quadrants["quadrant"].value_counts()
        for collection in ax.collections:
            if collection.get_label() in kt.QUADRANT_STRATEGIES:
                assert len(collection.get_offsets()) == counts[collection.get_label()]

    def test_repr_and_close(self, scoring):
        bundle = scoring._repr_mimebundle_()
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
            scoring.root.model_id
        )
        png = scoring.png
        assert png.startswith(b"\x89PNG")
        scoring.close()
        assert scoring.root.comm is None and scoring.baseline_button.comm is None
        assert all(s.comm is None for s in scoring.weight_sliders.values())


# -------------------------------------------------------------------- own data


class TestOwnData:
    def test_hand_computed(self):
        w = AccountScoring(ACCOUNTS, criteria=["size", "growth"], strength="strength")
        # equal weights: (8 + 2) / 2 = 5, (2 + 8) / 2 = 5, (6 + 4) / 2 = 5
        assert w.scores.tolist() == [5.0, 5.0, 5.0]
        # a 5 counts as high: Acme 7 -> Strategic, Bolt 6 -> Strategic, Core 2 -> Star
        assert w.quadrants["quadrant"].tolist() == ["Strategic", "Strategic", "Star"]
        w.weight_sliders["growth"].value = 10
        # (5 * 8 + 10 * 2) / 15 = 4; (5 * 2 + 10 * 8) / 15 = 6; (5 * 6 + 10 * 4) / 15 = 4.67
        assert w.scores.round(2).tolist() == [4.0, 6.0, 4.67]
        assert w.changed.index.tolist() == ["Acme", "Core"]
        assert w.changed["new_quadrant"].tolist() == ["Status", "Streamline"]
        assert "Acme: Strategic &rarr; Status (now: maintain)" in w.changed_html.value
        # the table: Bolt 6, then Acme 4 and Core 4.67 -> Bolt, Core, Acme
        assert w.ranked["customer"].tolist() == ["Bolt", "Core", "Acme"]
        assert w.size is None and w.figure.axes[0].get_title() == "Key account portfolio"
        w.close()

    def test_starting_weights_and_customer_column(self):
        data = ACCOUNTS.rename_axis("id").reset_index()
        w = AccountScoring(
            data,
            customer="id",
            criteria=["size", "growth"],
            strength="strength",
            weights={"size": 0},
        )
        assert w.weights == {"size": 0.0, "growth": 5.0}
        assert w.scores.to_dict() == {"Acme": 2.0, "Bolt": 8.0, "Core": 4.0}
        w.close()

    def test_strength_from_weighted_criteria(self):
        data = ACCOUNTS.assign(share=[2, 9, 4], stage=[4, 9, 6])
        w = AccountScoring(data, criteria=["size", "growth"], strength=["share", "stage"])
        assert list(w.strength_sliders) == ["share", "stage"]
        # (2 + 4) / 2 = 3, (9 + 9) / 2 = 9, (4 + 6) / 2 = 5
        assert w.strength.tolist() == [3.0, 9.0, 5.0]
        w.strength_sliders["stage"].value = 0  # strength = share alone
        assert w.strength.tolist() == [2.0, 9.0, 4.0]
        assert w.quadrants["quadrant"].tolist() == ["Star", "Strategic", "Star"]
        assert w.strength_weights == {"share": 5.0, "stage": 0.0}
        w.close()

    def test_size_from_a_column_with_negative_values_noted(self):
        data = ACCOUNTS.assign(sales=[100.0, -5.0, 40.0])
        w = AccountScoring(data, criteria=["size", "growth"], strength="strength", size="sales")
        assert w.size.tolist() == [100.0, 0.0, 40.0]
        assert w.notes == [
            "1 accounts have a negative sales (returns exceed purchases): drawn with the "
            "smallest bubble, as if it were 0."
        ]
        assert w.ranked.columns[-1] == "sales"
        w.close()

    def test_size_from_a_series(self):
        sales = pd.Series({"Core": 3.0, "Acme": 1.0, "Bolt": 2.0}, name="orders")
        w = AccountScoring(ACCOUNTS, criteria=["size", "growth"], strength="strength", size=sales)
        assert w.ranked.set_index("customer")["orders"].to_dict() == {
            "Acme": 1.0,
            "Bolt": 2.0,
            "Core": 3.0,
        }
        w.close()

    def test_size_from_a_list_goes_by_position(self):
        w = AccountScoring(
            ACCOUNTS, criteria=["size", "growth"], strength="strength", size=[3.0, 1.0, 2.0]
        )
        assert w.size.to_dict() == {"Acme": 3.0, "Bolt": 1.0, "Core": 2.0}
        w.close()

    @pytest.mark.parametrize(
        ("size", "match"),
        [
            ([1.0, 2.0], r"`size` must have one value per account \(3\), but 2 values"),
            (
                {"Acme": 1.0, "Bolt": 2.0, "Zeta": 3.0},
                r"only in `size`: \['Zeta'\]; only in `data`: \['Core'\]",
            ),
            ({"Acme": 1.0, "Bolt": np.nan, "Core": 2.0}, r"`size` has 1 missing \(NaN\) values"),
        ],
    )
    def test_size_must_fit_the_accounts(self, size, match):
        with pytest.raises(kt.DataError, match=match):
            AccountScoring(ACCOUNTS, criteria=["size", "growth"], strength="strength", size=size)

    def test_labels(self):
        data = ACCOUNTS.assign(company_name=["Acme Ltd", "Bolt SA", "Core AG"])
        w = AccountScoring(data, criteria=["size", "growth"], strength="strength")
        assert w.ranked["name"].tolist() == ["Acme Ltd", "Bolt SA", "Core AG"]  # ties by id
        w.close()


class TestBadArguments:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"criteria": None}, kt.ParameterError, r"`criteria` is required .* criteria=None"),
            (
                {"criteria": "size"},
                kt.WrongTypeError,
                r"`criteria` must be a non-empty list .* 'size'",
            ),
            ({"criteria": []}, kt.WrongTypeError, r"non-empty list .* \[\] was passed"),
            ({"criteria": ["size", "size"]}, kt.ParameterError, r"names 'size' twice"),
            ({"criteria": ["size", "fit"]}, kt.DataError, r"`criteria\[1\]`='fit' is not a column"),
            ({"strength": "power"}, kt.DataError, r"`strength`='power' is not a column"),
            ({"strength": pd.Series([1, 2, 3])}, kt.WrongTypeError, r"`strength` must be a column"),
            ({"weights": {"fit": 2}}, kt.ParameterError, r"`weights` names 'fit'"),
            ({"weights": {"size": 11}}, kt.ParameterError, r"between 0 and 10 .* 11 was passed"),
            (
                {"weights": {"size": "high"}},
                kt.WrongTypeError,
                r"`weights\['size'\]` must be a number",
            ),
            ({"weights": [1, 2]}, kt.WrongTypeError, r"`weights` must map criteria"),
            ({"top": 0}, kt.ParameterError, r"`top` must be between 1 and 3 .* 0 was passed"),
            ({"top": 4}, kt.ParameterError, r"but 4 was passed"),
            ({"top": 2.0}, kt.WrongTypeError, r"`top` must be a whole number, but 2.0"),
            ({"size": "sales"}, kt.DataError, r"`size`='sales' is not a column"),
            ({"cut": 11}, kt.ParameterError, r"`cut` must lie within `scale`"),
        ],
    )
    def test_refused(self, kwargs, error, match):
        arguments = {"criteria": ["size", "growth"], "strength": "strength", **kwargs}
        with pytest.raises(error, match=match):
            AccountScoring(ACCOUNTS, **arguments)

    def test_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`data` must be a pandas DataFrame .* dict"):
            AccountScoring({"a": 1})

    def test_unscored_account(self):
        data = ACCOUNTS.astype(float)
        data.loc["Bolt", "growth"] = np.nan
        with pytest.raises(kt.DataError, match=r"'Bolt'.*An unscored account cannot be placed"):
            AccountScoring(data, criteria=["size", "growth"], strength="strength")

    def test_score_off_the_scale(self):
        data = ACCOUNTS.assign(size=[8, 12, 6])
        with pytest.raises(kt.DataError, match=r"Criterion 'size' .* 'Bolt' has 12.0"):
            AccountScoring(data, criteria=["size", "growth"], strength="strength")
