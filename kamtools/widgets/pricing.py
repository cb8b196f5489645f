"""Pocket-price waterfall explorer: where does the price of a key account go?

A thin view over :func:`kamtools.price_waterfall` and :func:`kamtools.plot_price_waterfall`:
pick an account and a year from two dropdowns and the chart and the table are redrawn;
every number shown comes from :func:`kamtools.price_waterfall`. Its words come from the
message catalogue (``price_waterfall_explorer.*``, the step names from
``plot_price_waterfall.*``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..analysis.plots import _waterfall_labels, plot_price_waterfall
from ..analysis.waterfall import PriceWaterfall, price_waterfall
from ..data.datasets import load_dataset
from ..errors import DataError, KamtoolsError, WrongTypeError
from ..messages import t
from ._teaching import (
    LARGE_PX,
    ChartView,
    FigurePanel,
    block,
    captured,
    control_style,
    esc,
    frame_html,
    html_table,
    number,
    percent,
    root_box,
    status_block,
    title_html,
)

__all__ = ["PriceWaterfallExplorer"]


class PriceWaterfallExplorer(ChartView):
    """Show the pocket-price waterfall of one account and year, chosen from dropdowns.

    Parameters
    ----------
    transactions, cost_to_serve, customers : DataFrame, optional
        As for :func:`kamtools.price_waterfall`; by default Vistula's datasets
        (``vistula_transactions``, ``vistula_cost_to_serve``, ``vistula_customers``).
    accounts : list of customer ids, optional
        The accounts in the dropdown, in this order, e.g. the key accounts; by default
        every customer of `customers`. Shown as "company name (id)" when `customers`
        has a ``company_name`` column.
    customer : customer id, optional
        The account shown first; by default the first of `accounts`.
    year : int, optional
        The year shown first; by default the latest year of `transactions`.
    cost_rates, freight_per_delivery, cost_of_capital : optional
        As for :func:`kamtools.price_waterfall` (defaults from :mod:`kamtools.data.vistula`).

    Attributes
    ----------
    result : dict
        What is shown: ``customer``, ``year`` and ``waterfall`` (the
        :class:`kamtools.PriceWaterfall`, or None when the account has no waterfall that
        year, e.g. it bought nothing).
    error : str
        The message shown when there is no waterfall ("" otherwise).
    figure : matplotlib.figure.Figure
        The figure drawn on.
    root : ipywidgets.VBox
        The box displayed. Controls: ``account_dropdown``, ``year_dropdown``.

    Raises
    ------
    WrongTypeError
        If `accounts` is not a list of ids.
    DataError
        If `accounts` is empty, `customer` is not one of them, or `year` has no
        transactions.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.widgets.pricing import PriceWaterfallExplorer
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "B"], "date": pd.to_datetime(["2025-03-01", "2025-05-01"]),
    ...     "quantity": [10, 10], "list_price": [100.0, 100.0],
    ...     "unit_price": [90.0, 100.0], "amount": [900.0, 1000.0]})
    >>> serve = pd.DataFrame({"customer_id": ["A", "B"], "year": [2025, 2025],
    ...     "rebate": [50.0, 0.0], "deliveries": [2, 1], "rush_orders": [0, 1]})
    >>> terms = pd.DataFrame({"customer_id": ["A", "B"], "dso_days": [73.0, 36.5],
    ...     "free_freight": [True, False]})
    >>> view = PriceWaterfallExplorer(lines, serve, terms, cost_rates={"rush_orders": 100},
    ...     freight_per_delivery=10, cost_of_capital=0.1)
    >>> round(view.result["waterfall"].pocket_share, 3)
    0.812
    >>> view.account_dropdown.value = "B"
    >>> round(view.result["waterfall"].pocket_share, 3)
    0.89
    >>> view.close()
    """

    def __init__(
        self,
        transactions: pd.DataFrame | None = None,
        cost_to_serve: pd.DataFrame | None = None,
        customers: pd.DataFrame | None = None,
        *,
        accounts: Any = None,
        customer: Any = None,
        year: int | None = None,
        cost_rates: Any = None,
        freight_per_delivery: float | None = None,
        cost_of_capital: float | None = None,
    ) -> None:
        self._transactions = (
            load_dataset("vistula_transactions") if transactions is None else transactions
        )
        self._cost_to_serve = (
            load_dataset("vistula_cost_to_serve") if cost_to_serve is None else cost_to_serve
        )
        customers = load_dataset("vistula_customers") if customers is None else customers
        if not isinstance(customers, pd.DataFrame):
            raise WrongTypeError(
                f"`customers` must be a pandas DataFrame, but {type(customers).__name__} "
                "was passed."
            )
        if "customer_id" in customers.columns:
            customers = customers.set_index("customer_id")
        self._customers = customers
        self._rates = {
            "cost_rates": cost_rates,
            "freight_per_delivery": freight_per_delivery,
            "cost_of_capital": cost_of_capital,
        }
        if accounts is None:
            accounts = list(customers.index)
        elif isinstance(accounts, (str, bytes)) or pd.api.types.is_scalar(accounts):
            raise WrongTypeError(
                f"`accounts` must be a list of customer ids, but {accounts!r} was passed."
            )
        accounts = list(accounts)
        if not accounts:
            raise DataError("`accounts` is empty: give at least one customer id.")
        if customer is None:
            customer = accounts[0]
        if customer not in accounts:
            raise DataError(f"`customer` {customer!r} is not one of `accounts`.")
        if not isinstance(self._transactions, pd.DataFrame) or "date" not in self._transactions:
            raise DataError("`transactions` must be a DataFrame with a 'date' column.")
        years = sorted(int(y) for y in self._transactions["date"].dt.year.dropna().unique())
        if year is None:
            year = years[-1]
        if year not in years:
            raise DataError(f"`year` {year!r} has no transactions; the years are {years!r}.")

        names = customers["company_name"] if "company_name" in customers.columns else None
        options = [
            (f"{names[c]} ({c})" if names is not None and c in names.index else str(c), c)
            for c in accounts
        ]
        self.result: dict[str, Any] = {}
        self.error = ""
        self.log = widgets.Output()
        self.account_dropdown = widgets.Dropdown(
            options=options,
            value=customer,
            description=t("price_waterfall_explorer.account"),
            style=control_style(),
            layout=widgets.Layout(width="40em"),
        )
        self.year_dropdown = widgets.Dropdown(
            options=years,
            value=year,
            description=t("price_waterfall_explorer.year"),
            style=control_style(),
            layout=widgets.Layout(width="14em"),
        )
        self._panel = FigurePanel()
        self.figure_output = self._panel.out
        self.status_html = widgets.HTML()
        self.results_html = widgets.HTML()
        self.table_html = widgets.HTML()
        for control in (self.account_dropdown, self.year_dropdown):
            control.observe(captured(self.log, self._on_change), names="value")
        self.root = root_box(
            [
                widgets.HTML(title_html(t("price_waterfall_explorer.title"))),
                widgets.HBox([self.account_dropdown, self.year_dropdown]),
                self.status_html,
                self.results_html,
                self.figure_output,
                self.table_html,
                self.log,
            ]
        )
        self._update()

    # -- computing -----------------------------------------------------------------------
    def _on_change(self, change: dict[str, Any]) -> None:
        self._update()

    def _update(self) -> None:
        customer = self.account_dropdown.value
        year = int(self.year_dropdown.value)
        waterfall: PriceWaterfall | None = None
        self.error = ""
        try:
            waterfall = price_waterfall(
                self._transactions,
                self._cost_to_serve,
                self._customers,
                customer=customer,
                year=year,
                **self._rates,
            )
        except KamtoolsError as exc:
            self.error = str(exc)
        self.result = {"customer": customer, "year": year, "waterfall": waterfall}
        self._render()

    # -- showing -----------------------------------------------------------------------
    def _render(self) -> None:
        waterfall = self.result["waterfall"]
        self.status_html.value = status_block(
            t("price_waterfall_explorer.error", message=self.error) if self.error else "",
            "error",
        )
        if waterfall is None:
            self.results_html.value = ""
            self.table_html.value = ""
            self._panel.message(t("price_waterfall_explorer.no_chart"))
            return
        labels = _waterfall_labels()
        largest = waterfall.largest_leakage
        amount = float(getattr(waterfall, largest))
        rows = [
            (
                esc(t("price_waterfall_explorer.pocket")),
                f"<b>{percent(waterfall.pocket_share)}</b> "
                + esc(
                    t(
                        "price_waterfall_explorer.pocket_detail",
                        pocket=number(waterfall.pocket_revenue),
                        list=number(waterfall.list_revenue),
                    )
                ),
            ),
            (
                esc(t("price_waterfall_explorer.largest")),
                f"<b>{esc(labels[largest])}</b>: "
                + esc(
                    t(
                        "price_waterfall_explorer.largest_detail",
                        pln=number(amount),
                        share=percent(amount / waterfall.list_revenue),
                    )
                ),
            ),
        ]
        after = waterfall.leakages.drop("on_invoice_discount")
        if after.sum() > 0:
            step = str(after.idxmax())
            rows.append(
                (
                    esc(t("price_waterfall_explorer.after_invoice")),
                    esc(
                        t(
                            "price_waterfall_explorer.after_invoice_detail",
                            pln=number(after.sum()),
                            share=percent(after.sum() / waterfall.list_revenue),
                        )
                    )
                    + f" <b>{esc(labels[step])}</b>: "
                    + esc(
                        t(
                            "price_waterfall_explorer.largest_detail",
                            pln=number(after[step]),
                            share=percent(after[step] / waterfall.list_revenue),
                        )
                    ),
                )
            )
        self.results_html.value = block(html_table(rows), size=LARGE_PX)
        table = waterfall.to_frame()
        shown = pd.DataFrame(
            {
                t("price_waterfall_explorer.column_pln"): [number(v) for v in table["pln"]],
                t("price_waterfall_explorer.column_share"): [
                    percent(v) for v in table["share_of_list"]
                ],
            },
            index=[labels[step] for step in table.index],
        )
        self.table_html.value = frame_html(shown)
        name = self.account_dropdown.label
        ax = self._panel.new_axes()
        plot_price_waterfall(
            waterfall,
            ax=ax,
            title=t(
                "price_waterfall_explorer.chart_title",
                customer=name,
                year=waterfall.year,
                share=percent(waterfall.pocket_share),
            ),
        )
        self._panel.render()
