"""The ``____`` placeholder: a blank in an exercise that the learner replaces with an answer."""

from __future__ import annotations

from typing import Any, NoReturn

from ..errors import WrongTypeError
from ..messages import t

__all__ = ["____"]


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise WrongTypeError(t("blank.used"))


class _Blank:
    """Type of the ``____`` singleton: shows as ``____``, refuses every calculation.

    Any arithmetic, comparison, truth test, call, indexing or attribute access on the
    blank raises :class:`~kamtools.errors.WrongTypeError` with a message telling the
    learner to replace ``____`` with an answer. Checks recognise it (``answer is ____``)
    and report the question as not attempted.
    """

    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if spec:
            _refuse(self)
        return "____"

    def __hash__(self) -> int:
        return id(self)

    def __reduce__(self) -> str:
        return "____"  # pickles as the module-level singleton

    def __copy__(self) -> _Blank:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Blank:
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # IPython and numpy probe for _repr_html_, __array__ ...
            raise AttributeError(name)
        _refuse(self)

    # Everything a learner might do with a value: all refused with the same message.
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _refuse
    __mod__ = __rmod__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _refuse
    __neg__ = __pos__ = __abs__ = __round__ = _refuse
    __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = __call__ = _refuse
    __float__ = __int__ = __index__ = _refuse
    __setattr__ = __delattr__ = __setitem__ = __delitem__ = _refuse


#: The blank in exercise cells: ``answer = ____``. Checking it gives "not attempted".
____ = _Blank()
