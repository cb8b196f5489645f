"""Series and DataFrame questions: pandas.testing decides, plain words explain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from ..messages import count, quote, t
from ._common import Checker, Uncheckable, Verdict, wrong_kind
from .source import Answers

__all__ = ["FrameChecker"]


def _plain(value: Any) -> Any:
    """numpy scalars as Python ones, so that messages show 35.0 and not np.float64(35.0)."""
    return value.item() if isinstance(value, np.generic) else value


class FrameChecker(Checker):
    """Checks a pandas Series (type ``series``) or DataFrame (type ``dataframe``).

    The answer is correct when :func:`pandas.testing.assert_series_equal` (or
    ``assert_frame_equal``) passes with ``check_dtype=False`` and the spec's ``rules``:

    - ``check_like`` (default true): the order of rows (and columns) does not matter;
    - ``ignore_index`` (default false): compare values only, not row labels;
    - ``check_names`` (default false): the Series name and index names must match too;
    - ``rtol`` / ``atol`` (defaults 1e-6 / 1e-9): tolerance for numbers;
    - ``required_columns`` (DataFrame): compare only these columns; others may be there.

    A wrong answer is explained in this order: missing or extra columns, number of rows
    (with the spec's ``rows_hint``), repeated, empty or unexpected row labels, row
    order, values (how many differ and one of the learner's values), names.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        seed: object = None,
        prefix: str,
        answers: Answers | None = None,
    ) -> None:
        super().__init__(spec, seed=seed, prefix=prefix, answers=answers)
        rules = spec.get("rules", {})
        self.series = spec["type"] == "series"
        self.check_like = rules.get("check_like", True)
        self.ignore_index = rules.get("ignore_index", False)
        self.check_names = rules.get("check_names", False)
        self.rtol = rules.get("rtol", 1e-6)
        self.atol = rules.get("atol", 1e-9)
        self.required = rules.get("required_columns")

    # -- reading the answer ---------------------------------------------------------------
    def coerce(self, answer: Any) -> pd.Series | pd.DataFrame:
        """The answer as a Series or DataFrame of the expected kind, or Uncheckable."""
        if self.series:
            if isinstance(answer, pd.Series):
                return answer
            if isinstance(answer, Mapping):
                return pd.Series(dict(answer))
            if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
                raise Uncheckable(t("frame.table_for_series", column=quote(answer.columns[0])))
            raise wrong_kind(t("expects.series"), answer)
        if isinstance(answer, pd.DataFrame):
            return answer
        raise wrong_kind(t("expects.table"), answer)

    def prepare(self, obj: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
        """Apply the rules that change what is compared (columns, index, row order)."""
        if not self.series and self.required:
            obj = obj[[c for c in self.required if c in obj.columns]]
        if self.ignore_index:
            obj = obj.reset_index(drop=True)
        elif self.check_like and obj.index.is_unique:
            try:
                obj = obj.sort_index()
            except TypeError:  # labels of types that cannot be ordered
                pass
        return obj

    def equal(self, answer: pd.Series | pd.DataFrame, expected: pd.Series | pd.DataFrame) -> bool:
        """Whether pandas.testing finds the two equal under the rules."""
        options = {
            "check_dtype": False,
            "check_index_type": False,
            "check_names": self.check_names,
            "check_exact": False,
            "rtol": self.rtol,
            "atol": self.atol,
            "check_like": self.check_like and not self.ignore_index,
        }
        try:
            # coerce() made `answer` a Series when self.series, else a DataFrame.
            if self.series:
                pd.testing.assert_series_equal(
                    cast(pd.Series, self.prepare(answer)),
                    cast(pd.Series, self.prepare(expected)),
                    check_series_type=False,
                    **options,
                )
            else:
                pd.testing.assert_frame_equal(
                    cast(pd.DataFrame, self.prepare(answer)),
                    cast(pd.DataFrame, self.prepare(expected)),
                    check_column_type=False,
                    check_frame_type=False,
                    **options,
                )
        except (AssertionError, TypeError, ValueError):
            return False
        return True

    # -- the check ------------------------------------------------------------------------
    def evaluate(self, answer: Any) -> Verdict:
        answer = self.coerce(answer)
        expected = self.resolve(self.spec, "expected")
        if self.equal(answer, expected):
            return self.correct()
        for mistake in self.spec.get("mistakes", []):
            if self.equal(answer, self.resolve(mistake, "value")):
                return self.incorrect(mistake["message"])
        return self.incorrect(self.diagnose(answer, expected))

    def diagnose(
        self, answer: pd.Series | pd.DataFrame, expected: pd.Series | pd.DataFrame
    ) -> str | None:
        """Plain-language reason why ``answer`` differs from ``expected`` (never its values)."""
        if not self.series:  # tables: coerce() made `answer` a DataFrame
            message = self._columns(cast(pd.DataFrame, answer), cast(pd.DataFrame, expected))
            if message:
                return message
        a, e = self.prepare(answer), self.prepare(expected)
        if len(a) != len(e):
            if "rows_hint" in self.spec:
                return t("frame.rows_hint", rows=count(len(a)), hint=self.spec["rows_hint"])
            return t("frame.rows", rows=count(len(a)))
        if not self.ignore_index:
            message = self._labels(a, e)
            if message:
                return message
            a = a.reindex(e.index)
        else:
            a.index = e.index
        message = self._values(a, e)
        if message:
            return message
        if self.check_names and self.series and a.name != e.name:
            return t("frame.name", got=quote(a.name), wanted=quote(e.name))
        if self.check_names and list(a.index.names) != list(e.index.names):
            return t("frame.index_name", got=quote(a.index.name), wanted=quote(e.index.name))
        return None

    def _columns(self, answer: pd.DataFrame, expected: pd.DataFrame) -> str | None:
        wanted = list(self.required or expected.columns)
        missing = [c for c in wanted if c not in answer.columns]
        if missing:
            return t("frame.missing_columns", columns=", ".join(quote(c) for c in missing))
        if not self.required:
            extra = [c for c in answer.columns if c not in expected.columns]
            if extra:
                return t("frame.extra_columns", columns=", ".join(quote(c) for c in extra))
        if not self.check_like and list(answer.columns) != wanted:
            return t("frame.column_order")
        return None

    def _labels(self, a: pd.Series | pd.DataFrame, e: pd.Series | pd.DataFrame) -> str | None:
        if not a.index.is_unique:
            repeated = a.index[a.index.duplicated()][0]
            return t("frame.repeated_label", label=quote(_plain(repeated)))
        if a.index.hasnans and not e.index.hasnans:
            return t("frame.empty_label")
        extra = a.index.difference(e.index, sort=False)
        if len(extra):
            return t(
                "frame.unexpected_labels", count=count(len(extra)), label=quote(_plain(extra[0]))
            )
        if not self.check_like and not a.index.equals(e.index):
            return t("frame.row_order")
        return None

    def _values(self, a: pd.Series | pd.DataFrame, e: pd.Series | pd.DataFrame) -> str | None:
        columns: list[tuple[Any, pd.Series, pd.Series]] = (
            [(None, cast(pd.Series, a), cast(pd.Series, e))]
            if self.series
            else [(c, a[c], e[c]) for c in e.columns]
        )
        for column, got, want in columns:
            differ = self._differ(got, want)
            if differ.any():
                first = int(np.flatnonzero(differ)[0])
                n = count(int(differ.sum()))
                label = quote(_plain(got.index[first]))
                value = quote(_plain(got.iloc[first]))
                if column is None:
                    return t("frame.values", count=n, label=label, got=value)
                return t(
                    "frame.column_values", column=quote(column), count=n, label=label, got=value
                )
        return None

    def _differ(self, got: pd.Series, want: pd.Series) -> np.ndarray:
        """Mask of the positions where ``got`` differs from ``want`` (aligned already)."""
        if pd.api.types.is_numeric_dtype(got.dtype) and pd.api.types.is_numeric_dtype(want.dtype):
            g = got.to_numpy(dtype=float, na_value=np.nan)
            w = want.to_numpy(dtype=float, na_value=np.nan)
            return ~np.isclose(g, w, rtol=self.rtol, atol=self.atol, equal_nan=True)
        both_missing = got.isna().to_numpy() & want.isna().to_numpy()
        same = got.astype(object).to_numpy() == want.astype(object).to_numpy()
        return ~(same | both_missing)

    def body_markdown(self) -> str:
        if self.series:
            return t("frame.how_series", call=f"{self.prefix}.check")
        return t("frame.how_table", call=f"{self.prefix}.check")
