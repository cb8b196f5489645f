"""Reading the course's YAML content files with clear errors (private).

The teaching widgets (role-play scenarios, the competency list, the client dossier form)
are driven by YAML files in ``kamtools/content/``. Their authors are trainers, not
programmers, so every mistake in a file is reported with the file name and the exact
field, e.g. ``roleplay/price_complaint.yml: nodes.opening.choices[2].trust must be a
whole number between -50 and 50, but '+5 points' was found.``

All errors are :class:`kamtools.errors.DataError`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from . import _translations
from .errors import DataError, ParameterError, WrongTypeError

#: The folder that holds the content files shipped with kamtools.
CONTENT_DIR = Path(__file__).resolve().parent / "content"

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def as_path(path: Any, name: str = "path") -> Path:
    """Return ``path`` (a str or Path) as a Path, rejecting anything else."""
    if isinstance(path, Path):
        return path
    if isinstance(path, str) and path.strip():
        return Path(path)
    raise WrongTypeError(f"`{name}` must be a file path (text or Path), but {path!r} was passed.")


def display_name(path: Path) -> str:
    """Name a content file by its path inside ``kamtools/content`` when it is one of ours."""
    try:
        return path.resolve().relative_to(CONTENT_DIR.resolve()).as_posix()
    except ValueError:
        return str(path)


def load_yaml(path: Path, *, language: str | None = None) -> Any:
    """Read a YAML file with ``yaml.safe_load``; a missing file or bad syntax is a DataError.

    A content file of the course comes with its texts in ``language`` (None: the learner's
    language; see :mod:`kamtools._translations`).
    """
    label = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"The content file {label!r} does not exist.") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{label}: the file is not UTF-8 text ({exc}).") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"{label}: the YAML is not valid{where}: {problem}.") from None
    rel = _translations.relative_name(path)
    return data if rel is None else _translations.translate(data, rel, language)


class FieldCheck:
    """Field checks for one content file; every error names the file and the field.

    ``where`` arguments are dotted paths such as ``"nodes.opening.choices[1]"``.
    """

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, where: str, message: str) -> DataError:
        """Build (not raise) the error for field ``where``."""
        prefix = f"{self.label}: {where}" if where else self.label
        return DataError(f"{prefix} {message}")

    @staticmethod
    def join(where: str, key: str | int) -> str:
        return f"{where}.{key}" if where else str(key)

    def mapping(
        self,
        value: Any,
        where: str,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> Mapping[str, Any]:
        """Check that ``value`` is a mapping with the required keys and no unknown key."""
        if not isinstance(value, Mapping):
            raise self.fail(
                where,
                f"must be a mapping of fields (key: value lines), but {value!r} was found.",
            )
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in required:
            if key not in value:
                raise self.fail(self.join(where, str(key)), "is missing; it is required.")
        if allowed:
            unknown = [k for k in value if k not in allowed]
            if unknown:
                raise self.fail(
                    self.join(where, str(unknown[0])),
                    f"is not a known field; the fields allowed here are {sorted(allowed)}.",
                )
        return value

    def text(self, mapping: Mapping[Any, Any], key: str | int, where: str) -> str:
        """A required, non-empty text field, returned stripped (YAML keys may be numbers)."""
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                self.join(where, key), f"must be non-empty text, but {value!r} was found."
            )
        return value.strip()

    def optional_text(self, mapping: Mapping[str, Any], key: str, where: str) -> str:
        """An optional text field ('' when absent)."""
        if mapping.get(key) is None:
            return ""
        return self.text(mapping, key, where)

    def integer(
        self, mapping: Mapping[str, Any], key: str, where: str, *, low: int, high: int
    ) -> int:
        """A required whole number in ``[low, high]``."""
        value = mapping.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                self.join(where, key),
                f"must be a whole number between {low} and {high}, but {value!r} was found.",
            )
        return value

    def number(self, mapping: Mapping[str, Any], key: str, where: str, *, positive: bool) -> float:
        """A required real number (strictly positive when ``positive``)."""
        value = mapping.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or value != value
            or (positive and value <= 0)
        ):
            kind = "a positive number" if positive else "a number"
            raise self.fail(self.join(where, key), f"must be {kind}, but {value!r} was found.")
        return float(value)

    def boolean(self, mapping: Mapping[str, Any], key: str, where: str, *, default: bool) -> bool:
        """An optional true/false field."""
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(
                self.join(where, key), f"must be true or false, but {value!r} was found."
            )
        return value

    def choice(
        self, mapping: Mapping[str, Any], key: str, where: str, options: Iterable[Hashable]
    ) -> str:
        """A required field whose value is one of ``options``."""
        options = tuple(options)
        value: Any = mapping.get(key)
        if value not in options:
            raise self.fail(
                self.join(where, key), f"must be one of {list(options)}, but {value!r} was found."
            )
        return value

    def identifier(self, value: Any, where: str) -> str:
        """An id: lower-case letters, digits and underscores, starting with a letter."""
        if not isinstance(value, str) or not _IDENT.match(value):
            raise self.fail(
                where,
                "must be an id made of lower-case letters, digits and underscores "
                f"(e.g. 'price_complaint'), but {value!r} was found.",
            )
        return value

    def sequence(self, value: Any, where: str, *, min_len: int = 1) -> list[Any]:
        """A list with at least ``min_len`` entries."""
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list ('- ' lines), but {value!r} was found.")
        if len(value) < min_len:
            raise self.fail(
                where, f"must have at least {min_len} entries, but it has {len(value)}."
            )
        return value

    def text_list(
        self, mapping: Mapping[str, Any], key: str, where: str, *, min_len: int, max_len: int
    ) -> tuple[str, ...]:
        """A list of non-empty texts, ``min_len`` to ``max_len`` long."""
        items = self.sequence(mapping.get(key), self.join(where, key), min_len=min_len)
        if len(items) > max_len:
            raise self.fail(
                self.join(where, key),
                f"must have at most {max_len} entries, but it has {len(items)}.",
            )
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(
                    f"{self.join(where, key)}[{i}]",
                    f"must be non-empty text, but {item!r} was found.",
                )
            out.append(item.strip())
        return tuple(out)


def write_text_file(path: Any, text: str, *, overwrite: bool, suffixes: tuple[str, ...]) -> Path:
    """Write ``text`` (UTF-8) to ``path``, refusing to replace a file unless ``overwrite``.

    ``path`` must end in one of ``suffixes`` and its folder must exist. Returns the
    absolute path written. The existence check and the write are one step (mode "x"), so
    a file created in between is not overwritten either.
    """
    target = as_path(path)
    if not isinstance(overwrite, bool):
        raise WrongTypeError(f"`overwrite` must be True or False, but {overwrite!r} was passed.")
    if target.suffix.lower() not in suffixes:
        raise ParameterError(
            f"`path` must end in {' or '.join(suffixes)}, but {str(path)!r} was passed."
        )
    target = target.expanduser().resolve()
    if not target.parent.is_dir():
        raise ParameterError(
            f"`path` {str(path)!r} is in a folder that does not exist "
            f"({str(target.parent)!r}); create the folder first or choose another path."
        )
    if target.is_dir():
        raise ParameterError(f"`path` {str(path)!r} is a folder, not a file name.")
    if target.exists() and not overwrite:
        raise ParameterError(
            f"`path` {str(target)!r} already exists; pass overwrite=True to replace it, "
            "or choose another file name."
        )
    try:
        with target.open("w" if overwrite else "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ParameterError(
            f"`path` {str(target)!r} already exists; pass overwrite=True to replace it, "
            "or choose another file name."
        ) from None
    return target
