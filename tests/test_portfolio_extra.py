"""Tests of the portfolio functions added for the interactive layer: rank_accounts and
quadrant_changes (kamtools.analysis.portfolio)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt

QUADRANTS = list(kt.QUADRANT_STRATEGIES)

# ---------------------------------------------------------------------- rank_accounts


class TestRankAccounts:
    def test_hand_computed_ties_by_id_and_unscored_last(self):
        scores = pd.Series({"Core": 6.0, "Acme": 7.25, "Dyna": np.nan, "Bolt": 6.0, "Axel": np.nan})
        table = kt.rank_accounts(scores)
        # 7.25 first; Bolt and Core tie at 6.0 -> by id: Bolt, Core; then the unscored by id
        assert table["customer"].tolist() == ["Acme", "Bolt", "Core", "Axel", "Dyna"]
        assert table["rank"].tolist() == [1, 2, 3, pd.NA, pd.NA]
        assert str(table["rank"].dtype) == "Int64"
        assert table["score"].tolist()[:3] == [7.25, 6.0, 6.0]
        assert table["score"].iloc[3:].isna().all()
        assert list(table.columns) == ["rank", "customer", "score"]
        assert list(table.index) == [0, 1, 2, 3, 4]

    def test_top_keeps_the_first_rows(self):
        table = kt.rank_accounts({"a": 1.0, "b": 3.0, "c": 2.0}, top=2)
        assert table["customer"].tolist() == ["b", "c"]
        assert table["rank"].tolist() == [1, 2]

    def test_top_larger_than_the_accounts_keeps_all(self):
        assert len(kt.rank_accounts([1.0, 2.0], top=10)) == 2

    def test_list_numbers_the_accounts(self):
        # 3 -> account 0, 9 -> account 1, 5 -> account 2
        assert kt.rank_accounts([3, 9, 5])["customer"].tolist() == [1, 2, 0]

    def test_all_unscored(self):
        table = kt.rank_accounts({"b": np.nan, "a": np.nan})
        assert table["customer"].tolist() == ["a", "b"]
        assert table["rank"].isna().all()

    def test_ids_of_mixed_types_are_ordered_by_their_text(self):
        table = kt.rank_accounts(pd.Series([5.0, 5.0, 5.0], index=["b", 10, "a"], dtype=float))
        assert table["customer"].tolist() == [10, "a", "b"]

    def test_input_not_changed(self):
        scores = pd.Series({"b": 1.0, "a": 2.0})
        kt.rank_accounts(scores)
        assert scores.index.tolist() == ["b", "a"]

    @pytest.mark.parametrize(
        ("top", "error", "match"),
        [
            (0, kt.ParameterError, r"`top` must be at least 1 account, but 0 was passed"),
            (2.5, kt.WrongTypeError, r"`top` must be a whole number .* but 2.5 was passed"),
            (True, kt.WrongTypeError, r"but True was passed"),
        ],
    )
    def test_bad_top(self, top, error, match):
        with pytest.raises(error, match=match):
            kt.rank_accounts([1.0, 2.0], top=top)

    def test_text_scores_are_refused(self):
        with pytest.raises(kt.WrongTypeError, match=r"`scores` must hold numbers.*'high'"):
            kt.rank_accounts({"a": 1.0, "b": "high"})

    def test_repeated_account_is_refused(self):
        with pytest.raises(kt.DataError, match=r"customer 'a' appears 2 times"):
            kt.rank_accounts(pd.Series([1.0, 2.0], index=["a", "a"]))

    def test_infinite_score_is_refused(self):
        with pytest.raises(kt.DataError, match=r"infinite"):
            kt.rank_accounts({"a": np.inf})

    def test_empty_is_refused(self):
        with pytest.raises(kt.EmptyDataError, match=r"`scores` is empty"):
            kt.rank_accounts(pd.Series([], dtype=float))

    @given(
        st.lists(
            st.one_of(st.integers(0, 10).map(float), st.just(np.nan)),
            min_size=1,
            max_size=40,
        ),
        st.randoms(use_true_random=False),
    )
    def test_order_does_not_depend_on_input_order(self, values, rnd):
        scores = pd.Series(values, index=[f"c{i:02d}" for i in range(len(values))])
        shuffled = scores.sample(frac=1.0, random_state=rnd.randint(0, 10_000))
        first, second = kt.rank_accounts(scores), kt.rank_accounts(shuffled)
        assert first["customer"].tolist() == second["customer"].tolist()
        # scores never increase down the scored part; ties are in id order
        scored = first.dropna(subset=["score"])
        assert (np.diff(scored["score"].to_numpy()) <= 0).all()
        for _, group in scored.groupby("score"):
            assert group["customer"].tolist() == sorted(group["customer"])
        assert scored["rank"].tolist() == list(range(1, len(scored) + 1))
        assert first["rank"].isna().sum() == scores.isna().sum()


# -------------------------------------------------------------------- quadrant_changes


class TestQuadrantChanges:
    def test_hand_computed_from_portfolio_tables(self):
        strength = {"Acme": 6, "Bolt": 7, "Core": 2, "Dyna": 8}
        before = kt.portfolio_quadrant({"Acme": 8, "Bolt": 4, "Core": 3, "Dyna": 6}, strength)
        after = kt.portfolio_quadrant({"Acme": 8, "Bolt": 6, "Core": 3, "Dyna": 4}, strength)
        changes = kt.quadrant_changes(before, after)
        # Bolt: attractiveness 4 -> 6 with strength 7: Status -> Strategic
        # Dyna: attractiveness 6 -> 4 with strength 8: Strategic -> Status
        assert changes.index.tolist() == ["Bolt", "Dyna"]
        assert changes["old_quadrant"].tolist() == ["Status", "Strategic"]
        assert changes["new_quadrant"].tolist() == ["Strategic", "Status"]
        assert changes["strategy"].tolist() == [
            kt.QUADRANT_STRATEGIES["Strategic"],
            kt.QUADRANT_STRATEGIES["Status"],
        ]
        assert list(changes["new_quadrant"].cat.categories) == QUADRANTS

    def test_no_change_gives_an_empty_table_with_the_columns(self):
        table = kt.portfolio_quadrant({"a": 8}, {"a": 2})
        changes = kt.quadrant_changes(table, table)
        assert changes.empty
        assert list(changes.columns) == ["old_quadrant", "new_quadrant", "strategy"]

    def test_series_and_dicts_matched_on_id_in_the_order_of_after(self):
        before = pd.Series({"x": "Star", "y": "Status", "z": "Star"})
        after = {"z": "Strategic", "y": "Status", "x": "Streamline"}
        changes = kt.quadrant_changes(before, after)
        assert changes.index.tolist() == ["z", "x"]
        assert changes["old_quadrant"].tolist() == ["Star", "Star"]

    def test_categorical_quadrants_are_accepted(self):
        before = pd.Series(pd.Categorical(["Star", "Status"], categories=QUADRANTS), index=[1, 2])
        after = pd.Series(["Star", "Streamline"], index=[1, 2])
        assert kt.quadrant_changes(before, after).index.tolist() == [2]

    def test_accounts_in_one_placement_only_are_listed(self):
        with pytest.raises(
            kt.DataError, match=r"2 accounts .*only in `before`: 'b'; only in `after`: 'c'"
        ):
            kt.quadrant_changes({"a": "Star", "b": "Star"}, {"a": "Star", "c": "Star"})

    def test_unknown_quadrant_name(self):
        with pytest.raises(
            kt.DataError, match=r"`after` must hold the quadrant names.*'b'.*'star'"
        ):
            kt.quadrant_changes({"a": "Star", "b": "Star"}, {"a": "Star", "b": "star"})

    def test_missing_quadrant(self):
        with pytest.raises(kt.DataError, match=r"`before` must hold the quadrant names.*nan"):
            kt.quadrant_changes({"a": np.nan}, {"a": "Star"})

    def test_dataframe_without_quadrant_column(self):
        with pytest.raises(kt.DataError, match=r"`before` .* columns \['score'\] was passed"):
            kt.quadrant_changes(pd.DataFrame({"score": [1.0]}), {"0": "Star"})

    def test_list_has_no_ids(self):
        with pytest.raises(kt.WrongTypeError, match=r"`before` must be .* \['Star'\] was passed"):
            kt.quadrant_changes(["Star"], {"a": "Star"})

    def test_repeated_account(self):
        with pytest.raises(kt.DataError, match=r"account 'a' appears 2 times"):
            kt.quadrant_changes(pd.Series(["Star", "Star"], index=["a", "a"]), {"a": "Star"})

    def test_empty(self):
        with pytest.raises(kt.EmptyDataError, match=r"`after` is empty"):
            kt.quadrant_changes({"a": "Star"}, pd.Series([], dtype=object))

    @given(st.lists(st.sampled_from(QUADRANTS), min_size=1, max_size=30), st.data())
    def test_lists_exactly_the_accounts_that_moved(self, old, data):
        new = data.draw(st.lists(st.sampled_from(QUADRANTS), min_size=len(old), max_size=len(old)))
        index = [f"k{i}" for i in range(len(old))]
        changes = kt.quadrant_changes(pd.Series(old, index=index), pd.Series(new, index=index))
        moved = [i for i, (a, b) in zip(index, zip(old, new, strict=True), strict=True) if a != b]
        assert changes.index.tolist() == moved
        for account, row in changes.iterrows():
            k = index.index(account)
            assert (row["old_quadrant"], row["new_quadrant"]) == (old[k], new[k])
        # nothing moved back to where it came from when compared with itself
        assert kt.quadrant_changes(pd.Series(new, index=index), pd.Series(new, index=index)).empty
