"""One exception hierarchy for everything kamtools raises or warns about.

Every error message names the parameter or column at fault and quotes the bad value,
so that a learner can see at once what to change.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousExportError",
    "DataError",
    "EmptyDataError",
    "ExportFormatError",
    "GradingError",
    "KamtoolsError",
    "KamtoolsWarning",
    "NegativeValuesError",
    "NonPositiveTotalError",
    "NumberFormatError",
    "ParameterError",
    "UnknownDatasetError",
    "WrongTypeError",
]


class KamtoolsError(Exception):
    """Base class of every error raised by kamtools."""


class ParameterError(KamtoolsError, ValueError):
    """A parameter has a value outside what the function accepts (e.g. ``p=1.5``)."""


class WrongTypeError(KamtoolsError, TypeError):
    """An argument is of a type the function cannot use (e.g. text where numbers are needed)."""


class DataError(KamtoolsError, ValueError):
    """The data passed in cannot be analysed as it is (missing column, NaN, ...)."""


class EmptyDataError(DataError):
    """There is nothing to analyse: no customers or no transaction lines."""


class ExportFormatError(DataError):
    """A file cannot be read as a customer export (an image, an empty file, no known columns).

    Raised by :func:`kamtools.read_export`; the message says what was found in the file.
    """


class AmbiguousExportError(ExportFormatError):
    """An export can be read in more than one way, and ``mapping=`` must say which.

    ``field`` is the setting in doubt (``"customer"``, ``"date_format"``, ``"sheet"``...),
    ``candidates`` the possible values; the message shows the ``mapping=`` to pass.
    """

    def __init__(self, message: str, *, field: str = "", candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.candidates = candidates


class GradingError(KamtoolsError):
    """An instructor command cannot go on (no course root, unknown assignment, ...)."""


class NonPositiveTotalError(DataError):
    """Shares are undefined because the total value is zero or negative."""


class NegativeValuesError(DataError):
    """Some customers have negative values where shares need non-negative ones."""


class NumberFormatError(ParameterError):
    """A text could not be read as one number, or could be read as two different ones.

    Raised by :func:`kamtools.parse_number` for answers such as ``"abc"`` or the
    ambiguous ``"1,234"``. Unlike the other errors its message is written for learners
    (it comes from the message catalogue) and quotes the text. ``text`` holds the text
    and ``reason`` a short code such as ``"ambiguous"`` or ``"not_a_number"``.
    """

    def __init__(self, message: str, *, text: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.text = text
        self.reason = reason


class UnknownDatasetError(KamtoolsError, LookupError):
    """``load_dataset`` was asked for a name it does not know."""

    def __str__(self) -> str:  # LookupError would otherwise show the repr of the message
        return str(self.args[0]) if self.args else ""


class KamtoolsWarning(UserWarning):
    """Something was done to the data that the user should know about."""
