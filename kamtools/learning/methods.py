"""The methods the course teaches, defined once in ``kamtools/content/methods.yml``.

A method is a named sequence of steps, such as the five steps for handling an objection
taught in module 07. The competency actions, the client dossier and the account plan
do not repeat the steps: their YAML files write ``{method:objection_handling}`` and the
loaders replace it with :func:`method_steps_text`. Tests compare the notebooks' copies
with this file, so the method cannot drift apart between modules.

>>> method_steps_text("objection_handling")
'listen, acknowledge, clarify, respond with evidence, confirm'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._content import CONTENT_DIR, FieldCheck, display_name, load_yaml
from ..errors import DataError, ParameterError, WrongTypeError
from ..i18n import get_language

__all__ = [
    "Method",
    "MethodStep",
    "expand_methods",
    "method",
    "method_ids",
    "method_steps",
    "method_steps_text",
    "method_table",
]

#: The file that defines every method.
METHODS_FILE: Path = CONTENT_DIR / "methods.yml"

#: How a content file refers to a method's steps: ``{method:<id>}``.
REFERENCE = re.compile(r"\{method:([^{}]*)\}")


@dataclass(frozen=True)
class MethodStep:
    """One step: its name (capitalised, e.g. ``"Respond with evidence"``) and what you do."""

    step: str
    do: str


@dataclass(frozen=True)
class Method:
    """A method of the course: its id, name, source note and steps in order."""

    id: str
    name: str
    source: str
    steps: tuple[MethodStep, ...]


def _parse(data: Any, label: str) -> dict[str, Method]:
    check = FieldCheck(label)
    if not isinstance(data, dict) or not data:
        raise check.fail("", f"must map method ids to methods, but {data!r} was found.")
    methods = {}
    for key, raw in data.items():
        method_id = check.identifier(key, str(key))
        raw = check.mapping(raw, method_id, required=("name", "source", "steps"))
        steps = []
        for i, sraw in enumerate(check.sequence(raw["steps"], f"{method_id}.steps", min_len=2)):
            where = f"{method_id}.steps[{i}]"
            sraw = check.mapping(sraw, where, required=("step", "do"))
            steps.append(
                MethodStep(step=check.text(sraw, "step", where), do=check.text(sraw, "do", where))
            )
        names = [s.step.lower() for s in steps]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise check.fail(f"{method_id}.steps", f"repeats the step {repeated[0]!r}.")
        methods[method_id] = Method(
            id=method_id,
            name=check.text(raw, "name", method_id),
            source=check.text(raw, "source", method_id),
            steps=tuple(steps),
        )
    return methods


@functools.lru_cache(maxsize=1)
def _methods(language: str) -> dict[str, Method]:
    return _parse(load_yaml(METHODS_FILE, language=language), display_name(METHODS_FILE))


def method_ids() -> tuple[str, ...]:
    """The ids of every method in ``methods.yml``, in file order."""
    return tuple(_methods(get_language()))


def method(method_id: str) -> Method:
    """Return one method of ``methods.yml`` by its id, e.g. ``"objection_handling"``.

    Raises
    ------
    WrongTypeError
        If ``method_id`` is not text.
    ParameterError
        If no method has that id; the message lists the known ids.
    """
    if not isinstance(method_id, str):
        raise WrongTypeError(f"`method_id` must be text, but {method_id!r} was passed.")
    methods = _methods(get_language())
    if method_id not in methods:
        raise ParameterError(
            f"`method_id` must be one of {sorted(methods)}, but {method_id!r} was passed."
        )
    return methods[method_id]


def method_steps(method_id: str) -> tuple[str, ...]:
    """The names of a method's steps, in order, as written in ``methods.yml``.

    >>> method_steps("objection_handling")[:2]
    ('Listen', 'Acknowledge')
    """
    return tuple(s.step for s in method(method_id).steps)


def method_steps_text(method_id: str) -> str:
    """The steps as one lower-case list for running text: ``"listen, acknowledge, ..."``."""
    return ", ".join(s.lower() for s in method_steps(method_id))


def method_table(method_id: str) -> pd.DataFrame:
    """The steps as a table: one row per step (numbered from 1), column ``what_you_do``.

    >>> list(method_table("objection_handling").index[:2])
    ['1. Listen', '2. Acknowledge']
    """
    steps = method(method_id).steps
    return pd.DataFrame(
        {"what_you_do": [s.do for s in steps]},
        index=pd.Index([f"{i}. {s.step}" for i, s in enumerate(steps, 1)], name="step"),
    )


def expand_methods(text: str, where: str = "text") -> str:
    """Replace every ``{method:<id>}`` in ``text`` with that method's steps.

    ``where`` names the field in the error message, e.g.
    ``"account_plan.yml: sections[7].fields[3].help"``.

    >>> expand_methods("Answer each one: {method:objection_handling}.")
    'Answer each one: listen, acknowledge, clarify, respond with evidence, confirm.'
    """

    def _steps(match: re.Match[str]) -> str:
        method_id = match.group(1).strip()
        if method_id not in _methods(get_language()):
            raise DataError(
                f"{where} refers to the method {method_id!r}, which {METHODS_FILE.name} does "
                f"not define; the methods are {sorted(_methods(get_language()))}."
            )
        return method_steps_text(method_id)

    return REFERENCE.sub(_steps, text)
