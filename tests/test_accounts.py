"""Tests of kamtools.analysis.accounts: yearly profit, one account's history, the wallet table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.analysis.accounts import account_history, wallet_table, yearly_profit
from kamtools.data.vistula import COST_RATES

RATES = {"orders": 50.0, "support_hours": 10.0}


def lines(rows: list[tuple]) -> pd.DataFrame:
    """Transaction lines from (customer, date, amount, cost of goods[, category])."""
    frame = pd.DataFrame(
        [r[:4] for r in rows], columns=["customer_id", "date", "amount", "cost_of_goods"]
    )
    frame["date"] = pd.to_datetime(frame["date"])
    if rows and len(rows[0]) == 5:
        frame["category"] = [r[4] for r in rows]
    return frame


def drivers(rows: list[tuple]) -> pd.DataFrame:
    """Cost drivers from (customer, year, orders, support hours)."""
    return pd.DataFrame(rows, columns=["customer_id", "year", "orders", "support_hours"])


LINES = lines(
    [
        ("A", "2024-02-01", 1000.0, 800.0),
        ("A", "2024-11-20", 500.0, 400.0),
        ("A", "2025-03-03", 2000.0, 1500.0),
        ("A", "2025-03-10", -200.0, -150.0),  # a credit note
        ("B", "2024-05-05", 3000.0, 2000.0),
        ("B", "2025-06-06", 1000.0, 900.0),
    ]
)
DRIVERS = drivers(
    [("A", 2024, 2, 5.0), ("A", 2025, 1, 0.0), ("B", 2024, 3, 0.0), ("B", 2025, 4, 10.0)]
)


# ------------------------------------------------------------------ yearly_profit
class TestYearlyProfit:
    def test_hand_computed(self):
        result = yearly_profit(LINES, DRIVERS, cost_rates=RATES)
        assert list(result.index) == [("A", 2024), ("A", 2025), ("B", 2024), ("B", 2025)]
        assert result.index.names == ["customer_id", "year"]
        # A 2024: revenue 1000 + 500 = 1500, cost of goods 1200, cost to serve
        # 2 * 50 + 5 * 10 = 150, profit 1500 - 1200 - 150 = 150.
        # A 2025: revenue 2000 - 200 = 1800 (credit note netted), cost of goods 1350,
        # cost to serve 50, profit 400.
        # B 2024: 3000 - 2000 - 150 = 850. B 2025: 1000 - 900 - (200 + 100) = -200.
        assert result["revenue"].tolist() == [1500.0, 1800.0, 3000.0, 1000.0]
        assert result["cost_to_serve"].tolist() == [150.0, 50.0, 150.0, 300.0]
        assert result["profit"].tolist() == [150.0, 400.0, 850.0, -200.0]
        assert result["profit_margin"].round(4).tolist() == [0.1, 0.2222, 0.2833, -0.2]

    def test_a_year_with_costs_but_no_lines_keeps_its_cost(self):
        extra = pd.concat([DRIVERS, drivers([("C", 2025, 2, 1.0)])], ignore_index=True)
        result = yearly_profit(LINES, extra, cost_rates=RATES)
        # C 2025: no sales, cost to serve 2 * 50 + 1 * 10 = 110: a loss of 110.
        assert result.loc[("C", 2025), ["revenue", "cost_to_serve", "profit"]].tolist() == [
            0.0,
            110.0,
            -110.0,
        ]
        assert np.isnan(result.loc[("C", 2025), "profit_margin"])

    def test_a_year_with_lines_but_no_costs_is_an_error(self):
        with pytest.raises(
            kt.DataError,
            match=r"`cost_drivers` has no row for 1 \(customer, year\) pairs that have "
            r"transaction lines: \('B', 2025\)",
        ):
            yearly_profit(LINES, DRIVERS.iloc[:3], cost_rates=RATES)

    def test_repeated_driver_rows(self):
        with pytest.raises(kt.DataError, match=r"one row per customer and year.*\('A', 2024\)"):
            yearly_profit(LINES, pd.concat([DRIVERS, DRIVERS.iloc[:1]]), cost_rates=RATES)

    @pytest.mark.parametrize(
        ("change", "error", "message"),
        [
            (
                lambda t: t.drop(columns="amount"),
                kt.DataError,
                r"`amount`='amount' is not a column of `transactions`",
            ),
            (
                lambda t: t.assign(date=t["date"].dt.strftime("%Y-%m-%d")),
                kt.WrongTypeError,
                r"`date`='date' must be a column of dates in `transactions`.*'2024-02-01'",
            ),
            (
                lambda t: t.assign(date=t["date"].where(t.index != 2)),
                kt.DataError,
                r"`transactions\['date'\]` has 1 lines without a date, e.g. row 2",
            ),
            (
                lambda t: t.assign(amount=t["amount"].where(t.index != 0)),
                kt.DataError,
                r"`transactions\['amount'\]` must have a number in every row, but 1 rows are "
                r"missing or infinite, e.g. row 0 is missing",
            ),
            (
                lambda t: t.assign(amount=t["amount"].astype(str).where(t.index != 1, "n/a")),
                kt.WrongTypeError,
                r"`transactions\['amount'\]` must hold numbers, but 1 rows do not, e.g. row 1",
            ),
            (
                lambda t: t.assign(cost_of_goods=t["cost_of_goods"].replace(800.0, np.inf)),
                kt.DataError,
                r"`transactions\['cost_of_goods'\]` must have a number in every row.*row 0 is "
                r"infinite",
            ),
        ],
    )
    def test_bad_transactions_name_the_column(self, change, error, message):
        with pytest.raises(error, match=message):
            yearly_profit(change(LINES.copy()), DRIVERS, cost_rates=RATES)

    def test_bad_lines_are_treated_as_kt_profit_inputs_treats_them(self):
        # Issue 14, part 2: one path. A line without a customer id is left out with a
        # warning (not silently); text numbers are read as numbers.
        lines = LINES.assign(customer_id=LINES["customer_id"].where(LINES.index != 1))
        with pytest.warns(kt.KamtoolsWarning, match=r"left out 1 transaction lines"):
            result = yearly_profit(lines, DRIVERS, cost_rates=RATES)
        full = kt.profit_inputs(lines, DRIVERS, drivers=RATES, by="year", report=True)
        assert full.left_out_lines == 1
        assert full.left_out_revenue == LINES.loc[1, "amount"]
        assert result["revenue"].sum() == LINES["amount"].sum() - LINES.loc[1, "amount"]
        as_text = yearly_profit(LINES.astype({"amount": str}), DRIVERS, cost_rates=RATES)
        pd.testing.assert_frame_equal(as_text, yearly_profit(LINES, DRIVERS, cost_rates=RATES))

    def test_bad_drivers_and_rates(self):
        with pytest.raises(kt.DataError, match=r"`year`='year' is not a column of `cost_drivers`"):
            yearly_profit(LINES, DRIVERS.drop(columns="year"), cost_rates=RATES)
        with pytest.raises(kt.DataError, match=r"whole years such as 2025"):
            yearly_profit(LINES, DRIVERS.assign(year=DRIVERS["year"] + 0.5), cost_rates=RATES)
        with pytest.raises(kt.ParameterError, match=r"`cost_rates` is required"):
            yearly_profit(LINES, DRIVERS, cost_rates=None)
        with pytest.raises(kt.DataError, match=r"names the cost driver 'returns'"):
            yearly_profit(LINES, DRIVERS, cost_rates={"returns": 1.0})
        with pytest.raises(kt.WrongTypeError, match=r"`transactions` must be a pandas DataFrame"):
            yearly_profit([1, 2], DRIVERS, cost_rates=RATES)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B", "C"]),
                st.integers(2023, 2025),
                st.floats(-500, 5000, allow_nan=False).map(lambda x: round(x, 2)),
            ),
            min_size=1,
            max_size=25,
        )
    )
    def test_totals_are_kept(self, rows):
        """Every line lands in exactly one (customer, year): totals survive the grouping."""
        frame = lines([(c, f"{y}-06-15", a, abs(a) / 2) for c, y, a in rows])
        keys = sorted({(c, y) for c, y, _ in rows})
        costs = drivers([(c, y, 1, 0.0) for c, y in keys])
        result = yearly_profit(frame, costs, cost_rates={"orders": 7.0})
        assert result["revenue"].sum() == pytest.approx(frame["amount"].sum(), abs=1e-6)
        assert result["cost_to_serve"].sum() == pytest.approx(7.0 * len(keys))
        assert (result["profit"] == result["gross_margin"] - result["cost_to_serve"]).all()


# ------------------------------------------------------------------ account_history
class TestAccountHistory:
    def test_hand_computed(self):
        history = account_history(LINES, DRIVERS, "A", cost_rates=RATES)
        assert list(history.index) == [2024, 2025] and history.index.name == "year"
        assert history["profit"].tolist() == [150.0, 400.0]
        # growth 2025: 1800 / 1500 - 1 = 0.2; rank: A 1500 < B 3000 in 2024 (2nd),
        # A 1800 > B 1000 in 2025 (1st).
        assert np.isnan(history.loc[2024, "revenue_growth"])
        assert history.loc[2025, "revenue_growth"] == pytest.approx(0.2)
        assert history["revenue_rank"].tolist() == [2.0, 1.0]
        # shares: 1500 / 4500 and 1800 / 2800 of revenue; 150 / 1000 and 400 / 200 of profit
        assert history["share_of_revenue"].round(4).tolist() == [0.3333, 0.6429]
        assert history["share_of_profit"].tolist() == [0.15, 2.0]

    def test_a_loss_maker_has_a_negative_share_of_profit(self):
        history = account_history(LINES, DRIVERS, "B", cost_rates=RATES)
        # B 2025: profit -200 of a total 400 - 200 = 200: share -1.0
        assert history.loc[2025, "share_of_profit"] == pytest.approx(-1.0)

    def test_years_without_the_account_show_zero_revenue(self):
        more = pd.concat([LINES, lines([("B", "2023-04-04", 100.0, 50.0)])], ignore_index=True)
        costs = pd.concat([DRIVERS, drivers([("B", 2023, 1, 0.0)])], ignore_index=True)
        history = account_history(more, costs, "A", cost_rates=RATES)
        assert list(history.index) == [2023, 2024, 2025]
        first = history.loc[2023]
        assert (first["revenue"], first["profit"]) == (0.0, 0.0)
        assert np.isnan(first["revenue_rank"]) and np.isnan(first["profit_margin"])
        # Growth after a year without revenue is undefined, not infinite.
        assert np.isnan(history.loc[2024, "revenue_growth"])

    def test_share_of_profit_is_nan_when_the_total_is_not_positive(self):
        costs = DRIVERS.assign(orders=100)  # 5,000 PLN of cost to serve per customer-year
        history = account_history(LINES, costs, "A", cost_rates=RATES)
        assert history["share_of_profit"].isna().all()

    def test_unknown_account_suggests_the_closest(self):
        with pytest.raises(kt.ParameterError, match=r"`account` must be a customer id.*'a'"):
            account_history(LINES, DRIVERS, "a", cost_rates=RATES)
        with pytest.raises(kt.ParameterError, match=r"but 'V0196' was passed"):
            account_history(LINES, DRIVERS, "V0196", cost_rates=RATES)


# ------------------------------------------------------------------ rebates (issue 12)
REBATES = DRIVERS.assign(rebate=[10.0, 0.0, 100.0, 25.0])


class TestRebates:
    def test_yearly_profit_subtracts_the_rebate(self):
        result = yearly_profit(LINES, REBATES, cost_rates=RATES)
        # A 2024: 150 - 10 = 140; A 2025: 400 - 0; B 2024: 850 - 100 = 750;
        # B 2025: -200 - 25 = -225. The cost to serve itself is unchanged.
        assert result["profit"].tolist() == [140.0, 400.0, 750.0, -225.0]
        assert result["cost_to_serve"].tolist() == [150.0, 50.0, 150.0, 300.0]
        assert result["rebate"].tolist() == [10.0, 0.0, 100.0, 25.0]
        assert list(result.columns) == [
            "revenue",
            "cost_of_goods",
            "gross_margin",
            "cost_to_serve",
            "rebate",
            "profit",
            "profit_margin",
        ]
        # margin A 2024: 140 / 1500
        assert result["profit_margin"].iloc[0] == pytest.approx(140 / 1500)

    def test_yearly_profit_without_rebates(self):
        result = yearly_profit(LINES, REBATES, cost_rates=RATES, rebate=None)
        assert "rebate" not in result.columns
        assert result["profit"].tolist() == [150.0, 400.0, 850.0, -200.0]
        with pytest.raises(
            kt.DataError, match=r"`rebate`='bonus' is not a column of `cost_drivers`"
        ):
            yearly_profit(LINES, REBATES, cost_rates=RATES, rebate="bonus")

    def test_same_profit_as_profit_inputs_and_customer_profit(self):
        """One path: yearly_profit and profit_inputs + customer_profit agree per year."""
        yearly = yearly_profit(LINES, REBATES, cost_rates=RATES)
        for year in (2024, 2025):
            lines_of_year = LINES[LINES["date"].dt.year == year]
            drivers_of_year = REBATES[REBATES["year"] == year]
            inputs = kt.profit_inputs(lines_of_year, drivers_of_year, drivers=RATES)
            direct = kt.customer_profit(inputs, cost_rates=RATES)
            expected = yearly.xs(year, level="year")
            pd.testing.assert_series_equal(
                direct["profit"], expected["profit"], check_names=False, check_index_type=False
            )

    def test_account_history_with_rebate(self):
        history = account_history(LINES, REBATES, "B", cost_rates=RATES)
        assert history["rebate"].tolist() == [100.0, 25.0]
        assert history["profit"].tolist() == [750.0, -225.0]
        # share of profit 2025: -225 / (400 - 225) = -1.2857
        assert history.loc[2025, "share_of_profit"] == pytest.approx(-225 / 175)
        assert list(history.columns).index("rebate") == list(history.columns).index("profit") - 1

    def test_account_history_year_without_the_account_has_no_rebate(self):
        more = pd.concat([LINES, lines([("B", "2023-04-04", 100.0, 50.0)])], ignore_index=True)
        costs = pd.concat(
            [REBATES, drivers([("B", 2023, 1, 0.0)]).assign(rebate=5.0)], ignore_index=True
        )
        history = account_history(more, costs, "A", cost_rates=RATES)
        assert history.loc[2023, "rebate"] == 0.0
        assert history["profit"].tolist() == [0.0, 140.0, 400.0]


# ------------------------------------------------------------------ wallet_table
WALLET_LINES = lines(
    [
        ("A", "2025-02-03", 200.0, 0.0, "tools"),
        ("A", "2025-03-04", 300.0, 0.0, "tapes"),
        ("A", "2024-12-30", 999.0, 0.0, "tools"),  # another year: left out
        ("B", "2025-05-06", 900.0, 0.0, "tools"),
        ("B", "2025-01-08", -50.0, 0.0, "tapes"),  # a credit note of a 2024 invoice
        ("C", "2025-07-07", 80.0, 0.0, "glue"),  # no wallet row
    ]
)
WALLETS = pd.DataFrame(
    {
        "customer_id": ["A", "A", "B", "B", "D"],
        "category": ["tapes", "tools", "tools", "tapes", "tools"],
        "estimated_wallet": [np.nan, 1000.0, 800.0, 400.0, 500.0],
    }
)


class TestWalletTable:
    def test_hand_computed(self):
        table = wallet_table(WALLET_LINES, WALLETS, year=2025)
        assert list(table.index) == [
            ("A", "tapes"),
            ("A", "tools"),
            ("B", "tapes"),
            ("B", "tools"),
            ("C", "glue"),
            ("D", "tools"),
        ]
        assert table.index.names == ["customer_id", "category"]
        assert table["revenue"].tolist() == [300.0, 200.0, -50.0, 900.0, 80.0, 0.0]
        share = table["share_of_wallet"]
        space = table["whitespace"]
        # A tapes: unknown wallet -> NaN, NaN (never 0).
        assert np.isnan(share.iloc[0]) and np.isnan(space.iloc[0])
        # A tools: 200 / 1000 = 0.2, whitespace 800 (the 2024 line is left out).
        assert (share.iloc[1], space.iloc[1]) == (0.2, 800.0)
        # B tapes: credit notes exceed sales, counted as 0: share 0, whitespace 400.
        assert (share.iloc[2], space.iloc[2]) == (0.0, 400.0)
        # B tools: wallet 800 below revenue 900: share 1.125, kept; whitespace 0.
        assert (share.iloc[3], space.iloc[3]) == (1.125, 0.0)
        # C glue: sales but no wallet row -> unknown. D tools: no sales -> all whitespace.
        assert np.isnan(share.iloc[4]) and (share.iloc[5], space.iloc[5]) == (0.0, 500.0)
        assert table["wallet_unknown"].tolist() == [True, False, False, False, True, False]
        assert table["wallet_below_revenue"].tolist() == [False, False, False, True, False, False]
        assert table["credits_exceed_sales"].tolist() == [False, False, True, False, False, False]

    def test_matches_share_of_wallet_and_whitespace(self):
        table = wallet_table(WALLET_LINES, WALLETS, year=2025)
        known = table[~table["wallet_unknown"] & ~table["wallet_below_revenue"]]
        counted = known["revenue"].clip(lower=0)
        pd.testing.assert_series_equal(
            known["share_of_wallet"],
            kt.share_of_wallet(counted, known["wallet"]),
            check_names=False,
        )
        pd.testing.assert_series_equal(
            known["whitespace"], kt.whitespace(counted, known["wallet"]), check_names=False
        )

    def test_does_not_warn_but_flags(self):
        # KamtoolsWarning is an error in the test run: the table must not emit one.
        table = wallet_table(WALLET_LINES, WALLETS, year=2025)
        assert table["wallet_below_revenue"].sum() == 1

    def test_year_without_lines(self):
        with pytest.raises(
            kt.EmptyDataError, match=r"`year`=2026: no line.*the years \[2024, 2025\]"
        ):
            wallet_table(WALLET_LINES, WALLETS, year=2026)

    @pytest.mark.parametrize("year", ["2025", 2025.0, True])
    def test_year_must_be_a_whole_number(self, year):
        with pytest.raises(kt.WrongTypeError, match=r"`year` must be a whole number"):
            wallet_table(WALLET_LINES, WALLETS, year=year)

    def test_bad_wallets(self):
        with pytest.raises(
            kt.DataError, match=r"one row per customer and category.*\('A', 'tapes'\)"
        ):
            wallet_table(WALLET_LINES, pd.concat([WALLETS, WALLETS.iloc[:1]]), year=2025)
        with pytest.raises(kt.NegativeValuesError, match=r"`wallet`.*must be >= 0"):
            wallet_table(WALLET_LINES, WALLETS.assign(estimated_wallet=-1.0), year=2025)
        with pytest.raises(
            kt.WrongTypeError, match=r"`wallets\['estimated_wallet'\]` must hold numbers"
        ):
            wallet_table(WALLET_LINES, WALLETS.assign(estimated_wallet="big"), year=2025)
        with pytest.raises(
            kt.DataError, match=r"`category`='category' is not a column of `wallets`"
        ):
            wallet_table(WALLET_LINES, WALLETS.drop(columns="category"), year=2025)
        with pytest.raises(
            kt.DataError, match=r"`wallets\['category'\]` has 1 lines without a category"
        ):
            wallet_table(
                WALLET_LINES, WALLETS.assign(category=[None, "a", "b", "c", "d"]), year=2025
            )

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B"]),
                st.sampled_from(["x", "y"]),
                st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 2)),
            ),
            min_size=1,
            max_size=20,
        ),
        st.lists(st.one_of(st.none(), st.floats(0, 3000).map(round)), min_size=4, max_size=4),
    )
    def test_properties(self, sales, estimates):
        frame = lines([(c, "2025-05-05", a, 0.0, cat) for c, cat, a in sales])
        wallets = pd.DataFrame(
            {
                "customer_id": ["A", "A", "B", "B"],
                "category": ["x", "y", "x", "y"],
                "estimated_wallet": [np.nan if e is None else float(e) for e in estimates],
            }
        )
        table = wallet_table(frame, wallets, year=2025)
        assert len(table) == 4
        assert table["revenue"].sum() == pytest.approx(frame["amount"].sum(), abs=1e-6)
        known = table["wallet"].notna() & (table["wallet"] > 0)
        # Unknown or zero wallets give NaN; known ones: revenue + whitespace >= wallet.
        assert table.loc[~known, "share_of_wallet"].isna().all()
        assert table.loc[~known, "whitespace"].isna().all()
        rows = table[known]
        assert (rows["whitespace"] >= 0).all()
        assert (rows["revenue"] + rows["whitespace"] >= rows["wallet"] - 1e-6).all()
        assert (rows["wallet_below_revenue"] == (rows["share_of_wallet"] > 1)).all()


# ------------------------------------------------------------------ wallets per year
YEARLY_WALLETS = pd.concat(
    [
        WALLETS.assign(year=2024, estimated_wallet=[np.nan, 500.0, 1000.0, 300.0, 400.0]),
        WALLETS.assign(year=2025),
    ],
    ignore_index=True,
)


class TestWalletTableYears:
    def test_latest_year_by_default(self):
        table = wallet_table(WALLET_LINES, YEARLY_WALLETS)
        expected = wallet_table(WALLET_LINES, WALLETS, year=2025)
        pd.testing.assert_frame_equal(table, expected)

    def test_an_earlier_year_uses_its_lines_and_estimates(self):
        table = wallet_table(WALLET_LINES, YEARLY_WALLETS, year=2024)
        # 2024: only A tools has a line (999); its 2024 wallet is 500: share 1.998
        assert table.loc[("A", "tools"), "revenue"] == 999.0
        assert table.loc[("A", "tools"), "wallet"] == 500.0
        assert table.loc[("A", "tools"), "share_of_wallet"] == pytest.approx(1.998)
        assert table.loc[("A", "tools"), "wallet_below_revenue"]
        # B tools: no 2024 sales, wallet 1000 -> whitespace 1000
        assert table.loc[("B", "tools"), "whitespace"] == 1000.0

    def test_a_year_without_estimates(self):
        with pytest.raises(
            kt.DataError, match=r"`year`=2023: `wallets` has no estimate.*\[2024, 2025\]"
        ):
            wallet_table(WALLET_LINES, YEARLY_WALLETS, year=2023)

    def test_without_a_year_column_the_default_is_the_latest_year_of_the_lines(self):
        pd.testing.assert_frame_equal(
            wallet_table(WALLET_LINES, WALLETS), wallet_table(WALLET_LINES, WALLETS, year=2025)
        )

    def test_repeated_rows_within_a_year(self):
        doubled = pd.concat([YEARLY_WALLETS, YEARLY_WALLETS.iloc[-1:]])
        with pytest.raises(kt.DataError, match=r"one row per customer and category"):
            wallet_table(WALLET_LINES, doubled, year=2025)
        # ...but the same pair in two years is fine
        assert len(wallet_table(WALLET_LINES, YEARLY_WALLETS, year=2025)) == 6


# ------------------------------------------------------------------ on the Vistula data
@pytest.mark.slow
def test_vistula_figures_of_the_datasheet():
    """The counts DATASHEET.md states for the wallets come out of wallet_table."""
    transactions = kt.load_dataset("vistula_transactions")
    wallets = kt.load_dataset("vistula_wallets")
    table = wallet_table(transactions, wallets)  # the latest year: 2025
    pd.testing.assert_frame_equal(table, wallet_table(transactions, wallets, year=2025))
    assert len(table) == 3000
    assert int(table["wallet_unknown"].sum()) == 329
    assert int(table["wallet_below_revenue"].sum()) == 33
    assert int(table["share_of_wallet"].between(0.9, 1.0).sum()) == 25
    cost_to_serve = kt.load_dataset("vistula_cost_to_serve")
    history = account_history(transactions, cost_to_serve, "V0051", cost_rates=COST_RATES)
    # DATASHEET: V0051 is a large key account that loses money after cost to serve
    # and rebates, although its gross margin is positive.
    assert (history["profit"] < 0).all()
    assert (history["gross_margin"] > 0).all()
    assert (history["rebate"] > 0).all()
    assert (history["revenue_rank"] == 3).all()
    # DATASHEET: V0285's revenue is flat while its share of wallet falls.
    flat = account_history(transactions, cost_to_serve, "V0285", cost_rates=COST_RATES)
    assert abs(flat.loc[2025, "revenue"] / flat.loc[2023, "revenue"] - 1) < 0.05
    share = {y: wallet_table(transactions, wallets, year=y).loc["V0285"] for y in (2023, 2025)}
    assert all(not s["wallet_unknown"].any() for s in share.values())
    fall = (
        share[2023]["revenue"].sum() / share[2023]["wallet"].sum()
        - share[2025]["revenue"].sum() / share[2025]["wallet"].sum()
    )
    assert fall >= 0.08
