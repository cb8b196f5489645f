"""Small typing helpers shared by the package (no behaviour of their own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def frame_rows(frame: pd.DataFrame, *, index: bool = True) -> Iterator[Any]:
    """`frame.itertuples(index=index)`: its rows as named tuples, one attribute per column.

    Typed Any on purpose: pandas-stubs types each attribute as the union of every pandas
    scalar type, while a column of this package holds one known type.
    """
    return frame.itertuples(index=index)
