"""Problem specs: one YAML file per module, checked against a JSON Schema when loaded.

A spec file ``kamtools/content/checks/<module_id>.yml`` holds::

    module: 03_pareto            # must equal the file name
    title: Pareto and concentration analysis
    questions:
      - id: q1                   # becomes ex.q1 (lower case, digits, _)
        type: numeric            # one of QUESTION_TYPES
        title: ...               # optional; default "Question N"
        prompt: ...              # Markdown
        hints: [...]             # optional, shown one by one by hint()
        solution: ...            # Markdown worked solution (not for reflection)
        correct: ...             # optional message for a right answer
        incorrect: ...           # optional message for a wrong answer nothing explains
        default: ...             # optional starting value that counts as not attempted
        data_from: ...           # optional: data handed out by ex.q1.data()

Fields of each type (all checked by :data:`SCHEMA`):

- ``numeric``: ``expected`` or ``expected_from``; ``unit`` (fraction, percent, count,
  number, currency); ``tolerance`` ``{abs: ..., rel: ...}`` (required except for
  counts, which are exact); ``currency`` (EUR, PLN, USD, GBP; only for unit currency);
  ``mistakes``: ``[{value or value_from, message}]``; ``format_hint: false`` when the
  prompt itself says how to write the answer (then the general "Answer with a fraction
  like 0.25 ..." line of the unit is not shown under it).
- ``single_choice`` / ``multiple_choice``: ``options``: ``[{text, explanation,
  correct: true}]`` (an explanation for every option; exactly one correct for single
  choice, at least one for multiple); ``shuffle: true`` to show them in each learner's
  own stable order (:func:`kamtools.checks.choice.learner_seed`), ``shuffle: false`` to
  keep the spec's order where it means something (a scale, the stages of a model).
  Every shipped choice question states one or the other (tests/test_check_quality.py).
- ``short_text``: ``accept``: ``{keywords: [...]}`` (every group must appear; a group
  is a word or a list of alternatives, matched at the start of a word) or ``{answers:
  [...], threshold: 0.8}`` (fuzzy match); ``mistakes``: the same, plus ``message``.
- ``series`` / ``dataframe``: ``expected_from``; ``rules`` ``{check_like,
  ignore_index, check_names, rtol, atol, required_columns}``; ``rows_hint`` (what the
  rows should be, in words); ``mistakes``: ``[{value_from, message}]``.
- ``function``: ``name``; ``cases``: ``[{args, kwargs, expected or expected_from,
  message}]``; ``tolerance``.
- ``reflection``: ``min_chars``, ``model_answer``, ``rubric`` (a list of statements);
  optional ``key_terms`` (words an answer should touch; by default the content words
  of the title and prompt, see :func:`kamtools.checks.reflection.review_reflection`).

A ``solution`` may quote a computed figure as ``{{name:format}}``: the value of the
function ``name`` of :mod:`kamtools.content.answers` written with the Python format
``format`` (``{{vistula_top1_share:.2%}}`` gives "5.45%"; without ``:format`` the value
as text), filled in when the solution is shown.

Expected values are literal (``expected: 0.8``) or computed (``expected_from: name`` of
a function in :mod:`kamtools.content.answers`); the same holds for ``value`` /
``value_from`` of mistakes and ``data_from``. A number that comes from data is always
computed, never written in the YAML. Any error names the file, the question id and the
field.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from .. import _translations
from ..errors import DataError, ParameterError, WrongTypeError
from ..i18n import get_language
from ..messages import quote, t
from .source import Answers, Content, registered

__all__ = [
    "QUESTION_TYPES",
    "SCHEMA",
    "SpecError",
    "available_exercises",
    "catalogue",
    "fill_figures",
    "load_spec",
    "spec_path",
    "validate_spec",
]

#: The kinds of question a spec may hold.
QUESTION_TYPES = (
    "numeric",
    "single_choice",
    "multiple_choice",
    "short_text",
    "series",
    "dataframe",
    "function",
    "reflection",
)

#: Question ids that would hide an attribute of the exercise object.
RESERVED_IDS = frozenset({"module", "title", "questions", "score", "seed"})


class SpecError(DataError):
    """A problem spec is broken; the message names the file, question and field."""


#: A computed figure in a solution: ``{{name}}`` or ``{{name:format}}``.
FIGURE = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*(?::([^{}]*?))?\s*\}\}")


def fill_figures(text: str, answers: Answers | None = None) -> str:
    """``text`` with every ``{{name:format}}`` replaced by the figure ``answers`` computes.

    ``answers`` is None: the registered course's resolver.

    Examples
    --------
    >>> from kamtools.checks.spec import fill_figures
    >>> fill_figures("The top two bring {{start_top2_share:.0%}} of the revenue.")
    'The top two bring 68% of the revenue.'
    """
    resolver = answers if answers is not None else registered().answers

    def figure(match: re.Match[str]) -> str:
        name, spec = match.group(1), match.group(2)
        value = resolver.compute(name)
        text = format(value, spec.strip()) if spec else str(value)
        if get_language() == "pl" and isinstance(value, (int, float)):
            # 1,234.5 -> 1 234,5 (a non-breaking space between the thousands)
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text

    return FIGURE.sub(figure, text)


# ---------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------
_ID = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}
_NAME = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"}  # a function in answers.py
_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT, "minItems": 1}
_POSITIVE = {"type": "number", "exclusiveMinimum": 0}
_TOLERANCE = {
    "type": "object",
    "properties": {"abs": _POSITIVE, "rel": _POSITIVE},
    "additionalProperties": False,
    "minProperties": 1,
}


def _one_of(*keys: str) -> dict[str, Any]:
    """Exactly one of ``keys`` must be present."""
    return {"oneOf": [{"required": [k]} for k in keys]}


def _entries(
    properties: dict[str, Any], *, one_of: tuple[str, ...] = (), optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """An array of objects with ``properties``, all required except ``optional`` and
    ``one_of``, of which exactly one must be present."""
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "required": [k for k in properties if k not in one_of + optional],
            **(_one_of(*one_of) if one_of else {}),
        },
    }


_MATCH = {  # short text: all keyword groups must appear, or a fuzzy match of an answer
    "keywords": {
        "type": "array",
        "minItems": 1,
        "items": {"anyOf": [_TEXT, _TEXTS]},
    },
    "answers": _TEXTS,
    "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
}
_OPTION_LIST = {
    "type": "array",
    "minItems": 2,
    "maxItems": 26,
    "items": {
        "type": "object",
        "properties": {"text": _TEXT, "correct": {"type": "boolean"}, "explanation": _TEXT},
        "required": ["text", "explanation"],
        "additionalProperties": False,
    },
}
_CORRECT_OPTION = {"properties": {"correct": {"const": True}}, "required": ["correct"]}
_FRAME = {
    "expected_from": _NAME,
    "rows_hint": _TEXT,
    "rules": {
        "type": "object",
        "properties": {
            "check_like": {"type": "boolean"},
            "ignore_index": {"type": "boolean"},
            "check_names": {"type": "boolean"},
            "rtol": {"type": "number", "minimum": 0},
            "atol": {"type": "number", "minimum": 0},
            "required_columns": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        },
        "additionalProperties": False,
    },
    "mistakes": _entries({"value_from": _NAME, "message": _TEXT}),
}

_COMMON = {
    "id": _ID,
    "type": {"enum": list(QUESTION_TYPES)},
    "title": _TEXT,
    "prompt": _TEXT,
    "hints": _TEXTS,
    "solution": _TEXT,
    "correct": _TEXT,
    "incorrect": _TEXT,
    "default": {},
    "data_from": _NAME,
}

# type -> (its own properties, required fields beyond id/type/prompt, extra rules)
_TYPES: dict[str, tuple[dict[str, Any], list[str], dict[str, Any]]] = {
    "numeric": (
        {
            "expected": {"type": "number"},
            "expected_from": _NAME,
            "unit": {"enum": ["fraction", "percent", "count", "number", "currency"]},
            "currency": {"enum": ["EUR", "PLN", "USD", "GBP"]},
            "tolerance": _TOLERANCE,
            "format_hint": {"type": "boolean"},
            "mistakes": _entries(
                {"value": {"type": "number"}, "value_from": _NAME, "message": _TEXT},
                one_of=("value", "value_from"),
            ),
        },
        ["unit", "solution"],
        {
            "allOf": [
                _one_of("expected", "expected_from"),
                {  # counts are compared exactly; every other unit needs a tolerance
                    "if": {"properties": {"unit": {"const": "count"}}},
                    "else": {"required": ["tolerance"]},
                },
                {  # a currency only for amounts
                    "if": {"required": ["currency"]},
                    "then": {"properties": {"unit": {"const": "currency"}}},
                },
            ]
        },
    ),
    "single_choice": (
        {
            "options": {**_OPTION_LIST, "contains": _CORRECT_OPTION, "maxContains": 1},
            "shuffle": {"type": "boolean"},
        },
        ["options", "solution"],
        {},
    ),
    "multiple_choice": (
        {"options": {**_OPTION_LIST, "contains": _CORRECT_OPTION}, "shuffle": {"type": "boolean"}},
        ["options", "solution"],
        {},
    ),
    "short_text": (
        {
            "accept": {
                "type": "object",
                "properties": _MATCH,
                "additionalProperties": False,
                **_one_of("keywords", "answers"),
            },
            "mistakes": _entries(
                {**_MATCH, "message": _TEXT},
                one_of=("keywords", "answers"),
                optional=("threshold",),
            ),
        },
        ["accept", "solution"],
        {},
    ),
    "series": (_FRAME, ["expected_from", "solution"], {}),
    "dataframe": (_FRAME, ["expected_from", "solution"], {}),
    "function": (
        {
            "name": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"},
            "tolerance": _TOLERANCE,
            "cases": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "args": {"type": "array"},
                        "kwargs": {"type": "object"},
                        "expected": {},
                        "expected_from": _NAME,
                        "message": _TEXT,
                    },
                    "additionalProperties": False,
                    **_one_of("expected", "expected_from"),
                },
            },
        },
        ["name", "cases", "solution"],
        {},
    ),
    "reflection": (
        {
            "min_chars": {"type": "integer", "minimum": 1},
            "model_answer": _TEXT,
            "rubric": _TEXTS,
            "key_terms": _TEXTS,
        },
        ["min_chars", "model_answer", "rubric"],
        {},
    ),
}


def _question_schema() -> dict[str, Any]:
    branches = []
    for name, (own, required, extra) in _TYPES.items():
        common = {
            k: v for k, v in _COMMON.items() if not (name == "reflection" and k == "solution")
        }
        then = {
            "properties": {**common, **own},
            "required": ["id", "type", "prompt", *required],
            "additionalProperties": False,
            **extra,
        }
        condition = {
            "type": "object",
            "properties": {"type": {"const": name}},
            "required": ["type"],
        }
        branches.append({"if": condition, "then": then})
    return {
        "type": "object",
        "properties": {"id": _ID, "type": _COMMON["type"]},
        "required": ["id", "type"],
        "allOf": branches,
    }


#: JSON Schema (draft 2020-12) of a spec file.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "KAM Academy problem spec",
    "type": "object",
    "properties": {
        "module": {"type": "string", "pattern": r"^[0-9]{2}_[a-z0-9_]+$"},
        "title": _TEXT,
        "questions": {"type": "array", "minItems": 1, "items": _question_schema()},
    },
    "required": ["module", "title", "questions"],
    "additionalProperties": False,
}


@functools.cache
def _validator() -> Any:
    """The JSON Schema validator, built on first use.

    ``jsonschema`` is imported here rather than at the top because its import takes
    over a second (it builds parsers for optional formats), which every notebook would
    otherwise pay in ``import kamtools``.
    """
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


# ---------------------------------------------------------------------------------------
# Validation with errors that name file, question and field
# ---------------------------------------------------------------------------------------
def _field(path: list[Any]) -> str:
    """``["options", 1, "text"]`` as ``"options[1].text"``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _where(data: Mapping[str, Any], path: list[Any]) -> tuple[str, str]:
    """Split an error path into (question label, field) for the message."""
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions") or []
        question = questions[path[1]] if path[1] < len(questions) else None
        qid = question.get("id") if isinstance(question, Mapping) else None
        label = f"question {qid!r}" if isinstance(qid, str) else f"question #{path[1] + 1}"
        return label, _field(path[2:])
    return "", _field(path)


def _problem(error: Any) -> tuple[list[Any], str]:
    """(path of the field at fault, plain statement of the problem) of a schema error."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return path + [missing[0]], "is required but missing"
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted((k for k in error.instance if k not in allowed), key=str)
        close = difflib.get_close_matches(str(extra[0]), sorted(allowed), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {sorted(allowed)}"
        return path + [extra[0]], f"is not a known field here{hint}"
    if kind == "oneOf" and all("required" in s for s in error.validator_value):
        keys = [s["required"][0] for s in error.validator_value]
        return path, f"give exactly one of {keys}"
    if kind == "type" and isinstance(error.instance, bool):
        return path, (
            f"{error.message}; in YAML, yes/no/true/false/on/off are read as True/False, "
            f"so put them in quotes"
        )
    if kind == "maxContains":
        return path, "a single-choice question needs exactly one option with correct: true"
    if kind == "contains":
        return path, "at least one option needs correct: true"
    return path, error.message


def _schema_problems(data: Any) -> Iterator[tuple[list[Any], str]]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        yield _problem(error)


def _names_from(node: Any, path: list[Any]) -> Iterator[tuple[list[Any], str]]:
    """Every ``*_from`` value in the spec, with its path."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if isinstance(key, str) and key.endswith("_from") and isinstance(value, str):
                yield path + [key], value
            else:
                yield from _names_from(value, path + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _names_from(value, path + [i])


def _formats(value: float, spec: str) -> bool:
    """Whether ``format(value, spec)`` works."""
    try:
        format(value, spec)
    except ValueError:
        return False
    return True


def _semantic_problems(
    data: Mapping[str, Any], answers: Answers
) -> Iterator[tuple[list[Any], str]]:
    """Rules the schema cannot express: unique ids, names ``answers`` knows, ..."""
    known: Collection[str] = answers.names()
    # Where a spec author finds the answers functions, for the error message.
    home = getattr(answers, "where", "the answers resolver")
    seen: set[str] = set()
    for i, question in enumerate(data["questions"]):
        qid = question["id"]
        if qid in seen:
            yield ["questions", i, "id"], f"{qid!r} is used by an earlier question"
        if qid in RESERVED_IDS:
            yield ["questions", i, "id"], f"{qid!r} is reserved; use another id"
        seen.add(qid)
        texts = [
            re.sub(r"\s+", " ", o["text"].strip().casefold()) for o in question.get("options", [])
        ]
        for j, text in enumerate(texts):
            if text in texts[:j]:
                yield ["questions", i, "options", j, "text"], "repeats the text of another option"
    for i, question in enumerate(data["questions"]):
        for match in FIGURE.finditer(question.get("solution", "")):
            name, spec = match.group(1), match.group(2)
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                yield (
                    ["questions", i, "solution"],
                    f"{{{{{name}}}}} names {name!r}, which is not a function of {home}{hint}",
                )
            elif spec is not None:
                if not any(_formats(value, spec.strip()) for value in (0.5, 1)):
                    yield (
                        ["questions", i, "solution"],
                        f"{match.group(0)!r}: {spec.strip()!r} is not a number format "
                        f"such as '.1%' or ',.0f'",
                    )
    for path, name in _names_from(data, []):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            yield path, f"{name!r} is not a function of {home}{hint}"


def validate_spec(
    data: Any, *, source: str = "<spec>", answers: Answers | None = None
) -> dict[str, Any]:
    """Check a problem spec against the schema and the rules the schema cannot express.

    Parameters
    ----------
    data : mapping
        The spec as read from YAML.
    source : str, default "<spec>"
        Name of the file, used in error messages.
    answers : answers resolver, optional
        Knows the names the spec may compute from; None: the registered course's.

    Returns
    -------
    dict
        ``data`` itself (unchanged), once it is known to be valid.

    Raises
    ------
    SpecError
        If anything is wrong; the message has one line per problem naming the file,
        the question id and the field, e.g.
        ``03_pareto.yml: question 'q3', field 'options[1].explanation': is required but
        missing``.

    Examples
    --------
    >>> from kamtools.checks.spec import validate_spec
    >>> validate_spec({"module": "99_demo", "title": "Demo", "questions": [
    ...     {"id": "q1", "type": "numeric", "prompt": "How many?", "unit": "count",
    ...      "expected": 3, "hints": ["Count them."], "soluton": "Three."}]})
    Traceback (most recent call last):
    ...
    kamtools.checks.spec.SpecError: <spec> has 2 problems:
      <spec>: question 'q1', field 'solution': is required but missing
      <spec>: question 'q1', field 'soluton': is not a known field here; did you mean 'solution'?
    """
    problems = list(_schema_problems(data))
    if not problems:
        resolver = answers if answers is not None else registered().answers
        problems = list(_semantic_problems(data, resolver))
    if not problems:
        return data
    lines: list[str] = []
    for path, text in problems:
        label, field = _where(data if isinstance(data, Mapping) else {}, path)
        where = ", ".join(p for p in (label, f"field {field!r}" if field else "") if p)
        line = f"{source}: {where}: {text}" if where else f"{source}: {text}"
        if line not in lines:  # the same rule can be checked by two parts of the schema
            lines.append(line)
    if len(lines) == 1:
        raise SpecError(lines[0])
    raise SpecError(f"{source} has {len(lines)} problems:\n  " + "\n  ".join(lines))


def load_spec(
    path: str | Path, *, answers: Answers | None = None, language: str | None = None
) -> dict[str, Any]:
    """Read and validate one spec file.

    Parameters
    ----------
    path : str or Path
        A ``<module_id>.yml`` file.
    answers : answers resolver, optional
        See :func:`validate_spec`.
    language : str, optional
        The language of the texts (None: the learner's language, see
        :func:`kamtools.set_language`). A text without a translation stays English.

    Returns
    -------
    dict
        The validated spec.

    Raises
    ------
    SpecError
        If the file is not valid YAML, breaks the schema, or its ``module`` differs from
        the file name (see :func:`validate_spec`).
    DataError
        If the file cannot be read.

    Examples
    --------
    >>> from kamtools.checks.spec import load_spec, spec_path
    >>> spec = load_spec(spec_path("00_start_here"))
    >>> spec["module"], [q["id"] for q in spec["questions"]]
    ('00_start_here', ['q1', 'q2', 'q3'])
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"`path`={str(path)!r} cannot be read: {err.strerror}.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise SpecError(f"{path.name}: is not valid YAML: {err}") from None
    validate_spec(data, source=path.name, answers=answers)
    if data["module"] != path.stem:
        raise SpecError(
            f"{path.name}: field 'module': {data['module']!r} must equal the file name "
            f"{path.stem!r}"
        )
    lang = get_language() if language is None else language
    rel = _translations.relative_name(path)
    if rel is None or lang == "en":
        return data
    translated = _translations.translate(data, rel, lang)
    if translated is not data:  # a translation must keep the spec valid (e.g. its keywords)
        validate_spec(translated, source=f"{path.name} ({lang})", answers=answers)
    return translated


def available_exercises(content: Content | None = None) -> list[str]:
    """Module ids that have a problem spec in ``content`` (None: the registered course), sorted.

    Examples
    --------
    >>> from kamtools.checks import available_exercises
    >>> available_exercises()[:1]
    ['00_start_here']
    >>> "03_pareto" in available_exercises()
    True
    """
    folder = (content or registered()).checks_dir
    return sorted(p.stem for p in folder.glob("*.yml"))


def catalogue(content: Content | None = None) -> dict[str, list[str]]:
    """Every module with an exercise and its question ids, in course order.

    Used by the progress dashboard to know how many questions each module has.

    Raises
    ------
    SpecError
        If a spec file is broken.

    Examples
    --------
    >>> from kamtools.checks import catalogue
    >>> catalogue()["00_start_here"]
    ['q1', 'q2', 'q3']
    """
    content = content or registered()
    return {
        module: [
            q["id"]
            for q in load_spec(spec_path(module, content), answers=content.answers)["questions"]
        ]
        for module in available_exercises(content)
    }


def spec_path(module_id: str, content: Content | None = None) -> Path:
    """The spec file of a module, with a helpful error for an unknown id.

    Raises
    ------
    WrongTypeError
        If ``module_id`` is not text.
    ParameterError
        If there is no spec for ``module_id``; the message lists the available ids and
        suggests the closest one (written for learners).
    """
    if not isinstance(module_id, str):
        raise WrongTypeError(t("exercise.module_not_text", got=quote(module_id)))
    content = content or registered()
    path = content.checks_dir / f"{module_id}.yml"
    if path.is_file():
        return path
    available = available_exercises(content)
    close = difflib.get_close_matches(module_id, available, n=1, cutoff=0.5)
    close += [m for m in available if module_id and m.startswith(module_id)][:1]
    listing = ", ".join(available)
    if close:
        raise ParameterError(
            t(
                "exercise.unknown_module_suggest",
                module=quote(module_id),
                close=quote(close[0]),
                available=listing,
            )
        )
    raise ParameterError(t("exercise.unknown_module", module=quote(module_id), available=listing))
