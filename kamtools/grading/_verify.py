"""Comparisons for test cells that a student's code cannot quietly replace.

A test cell runs in the same Python process as the student's answers. Whatever the test
looks up by name at run time, the student can have rebound first: ``math.isclose = lambda
*a, **k: True``, ``kt.top_share = ...``, a global ``abs = ...``, ``builtins.float = ...``.
The hidden tests of the KAM Academy assignments therefore

- compare with values fixed when the assignment is generated: in the source notebook they
  are written ``fixed(<instructor expression>)``; ``kamtools generate`` evaluates each one
  in the instructor's own process and writes the literal value into the hidden test that
  nbgrader stores, so nothing the student rebinds changes what is expected;
- compare with the functions of this module, which keep their own references to
  ``float``, ``abs``, ``math.isclose``... taken when ``kamtools`` is imported by the locked
  setup cell, before any student code ran. They read a number's value through the methods
  of the built-in types (``float.__repr__``), which no Python code can replace, so an
  object that overrides ``__eq__`` or ``__sub__`` to say "equal" gains nothing;
- and the module refuses attribute assignment (``_verify.close = ...`` raises).

Limits: in-process code can still reach further (``sys.modules``, a module's ``__dict__``,
``ctypes``, frames, ``gc``). Those are exactly what :mod:`kamtools.grading.tamper` looks for
in every submission: such a submission is graded as usual but flagged for review. The
sandbox (see exercises/README.md) keeps the student's code away from the files.
"""

from __future__ import annotations

import math as _math
import sys as _sys
import types as _types
from typing import Any as _Any

__all__ = [
    "all_within",
    "close",
    "equal",
    "equal_items",
    "fixed",
    "frame_close",
    "letter",
    "number",
    "within",
]

# References taken once, at import (the locked setup cell imports kamtools).
_isclose = _math.isclose
_float = float
_int = int
_str = str
_bool = bool
_isinstance = isinstance
_type = type
_float_repr = float.__repr__
_int_repr = int.__repr__
_str_str = str.__str__
_str_strip = str.strip
_str_upper = str.upper
_list = list
_len = len
_zip = zip
_TypeError = TypeError
_ValueError = ValueError
_AttributeError = AttributeError


def number(value: _Any) -> int | float:
    """The plain ``int`` or ``float`` value of ``value``, read without trusting its methods.

    ``float`` and ``int`` instances (numpy's float64 included) are read through the
    built-in types' own ``__repr__``; other numbers (numpy integers, Decimal) and numeric
    text go through the original ``float``, as ``float(value)`` in a test would.
    """
    if _isinstance(value, _bool):
        return _int(_int_repr(value))
    if _isinstance(value, _float):
        return _float(_float_repr(value))
    if _isinstance(value, _int):
        return _int(_int_repr(value))
    result = _float(value)
    if _type(result) is not _float:  # a __float__ that returns a float subclass
        result = _float(_float_repr(result))
    return result


def close(actual: _Any, expected: _Any, *, rel_tol: float = 1e-9, abs_tol: float = 0.0) -> bool:
    """``math.isclose(float(actual), expected, ...)`` with the original ``math.isclose``."""
    return _isclose(_float(number(actual)), number(expected), rel_tol=rel_tol, abs_tol=abs_tol)


def within(actual: _Any, expected: _Any, tol: float, *, inclusive: bool = False) -> bool:
    """``abs(actual - expected) < tol`` (``<=`` when inclusive) on plain numbers; False
    for NaN."""
    difference = number(actual) - number(expected)
    if difference < 0:
        difference = -difference
    return difference <= tol if inclusive else difference < tol


def _plain(value: _Any) -> _Any:
    if _isinstance(value, _str):
        return _str_str(value)
    if _isinstance(value, (_int, _float)) or _type(value).__module__ == "numpy":
        try:
            return number(value)
        except (_TypeError, _ValueError):
            return value
    return value


def equal(actual: _Any, expected: _Any) -> bool:
    """``actual == expected`` for a number or text, compared as plain built-in values.

    ``expected`` is a literal (fixed at generation). A student's object whose ``__eq__``
    always answers True compares as whatever its built-in value is.
    """
    left, right = _plain(actual), _plain(expected)
    if _type(left) not in (_int, _float, _str, _bool) or _type(right) not in (
        _int,
        _float,
        _str,
        _bool,
    ):
        return False
    if (_type(left) is _str) is not (_type(right) is _str):
        return False
    return _bool(left == right)


def equal_items(actual: _Any, expected: _Any) -> bool:
    """``list(actual) == expected`` item by item with :func:`equal` (e.g. an index)."""
    try:
        items = _list(actual)
    except Exception:
        return False
    if _len(items) != _len(expected):
        return False
    for left, right in _zip(items, expected):
        if not equal(left, right):
            return False
    return True


def all_within(actual: _Any, expected: dict, tol: float) -> bool:
    """``(actual.reindex(keys) - expected).abs().max() < tol`` for a Series or dict
    ``actual`` and a literal dict ``expected``: like pandas, missing or NaN values are
    skipped, and nothing left to compare fails."""
    largest = None
    for key, want in expected.items():
        if want is None:  # NaN in the instructor's result: pandas skips it
            continue
        try:
            value = number(actual[key])
        except Exception:
            continue
        difference = value - number(want)
        if difference != difference:  # NaN
            continue
        if difference < 0:
            difference = -difference
        if largest is None or difference > largest:
            largest = difference
    return largest is not None and largest < tol


def frame_close(
    actual: _Any, expected: dict, *, rel_tol: float = 1e-5, abs_tol: float = 1e-8
) -> bool:
    """Every value of ``expected`` (``{column: {row: value}}``, None for NaN) is in the
    table ``actual`` and close to it, as ``pandas.testing.assert_frame_equal`` compares
    values (``abs(a - b) <= abs_tol + rel_tol * abs(b)``, NaN only where NaN is expected)."""
    for column, rows in expected.items():
        try:
            values = actual[column]
        except Exception:
            return False
        for row, want in rows.items():
            try:
                value = number(values[row])
            except Exception:
                return False
            if want is None:
                if value == value:
                    return False
                continue
            want = number(want)
            difference = value - want
            if difference != difference:
                return False
            if difference < 0:
                difference = -difference
            scale = want if want >= 0 else -want
            if not difference <= abs_tol + rel_tol * scale:
                return False
    return True


def letter(value: _Any) -> str:
    """``value.strip().upper()`` through the methods of ``str`` itself."""
    if not _isinstance(value, _str):
        raise _TypeError(f"expected a text, got {_type(value).__name__}")
    return _str_upper(_str_strip(_str_str(value)))


def _literal(value: _Any) -> _Any:
    """A value as plain Python literals (numpy scalars, Series and arrays converted)."""
    if _type(value) is _float and value != value:
        return None  # NaN: no literal for it; the comparisons read None as "NaN expected"
    if value is None or _type(value) in (_bool, _int, _float, _str):
        return value
    if _isinstance(value, _bool):
        return _bool(value)
    if hasattr(value, "to_dict") and not _isinstance(value, dict):  # a pandas Series
        return {_literal(k): _literal(v) for k, v in value.to_dict().items()}
    if hasattr(value, "tolist"):  # numpy scalar or array
        return _literal(value.tolist())
    if _isinstance(value, (list, tuple, set, frozenset)):
        items = [_literal(v) for v in value]
        return _type(value)(items) if _type(value) is not list else items
    if _isinstance(value, dict):
        return {_literal(k): _literal(v) for k, v in value.items()}
    if _isinstance(value, _float):
        return _literal(_float(_float_repr(value)))
    if _isinstance(value, _int):
        return _int(_int_repr(value))
    if _isinstance(value, _str):
        return _str_str(value)
    raise _TypeError(
        f"fixed(): {_type(value).__name__} cannot be written into a test as a literal; "
        "fix a number, a text, or a list/dict/Series of them"
    )


_RECORDED: list = []  # values of fixed(...) in the order evaluated (read at generation)


def fixed(value: _Any) -> _Any:
    """An expected value that ``kamtools generate`` writes into the hidden test as a literal.

    In the source notebook this simply returns the value (as plain Python: a Series
    becomes a dict), so the source runs and validates as usual. ``kamtools generate``
    evaluates every ``fixed(...)`` of the hidden tests in the instructor's process and
    replaces the call by the literal, so the graded test no longer computes anything the
    student could have changed.
    """
    plain = _literal(value)
    _RECORDED.append(plain)
    return plain


class _ReadOnlyModule(_types.ModuleType):
    def __setattr__(self, name: str, value: _Any) -> None:
        if name.startswith("__"):
            return super().__setattr__(name, value)
        raise _AttributeError(f"{self.__name__} is read-only: {name} cannot be replaced")

    def __delattr__(self, name: str) -> None:
        raise _AttributeError(f"{self.__name__} is read-only: {name} cannot be deleted")


_sys.modules[__name__].__class__ = _ReadOnlyModule
