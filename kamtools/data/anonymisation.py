"""Anonymise an export before sharing it: stable codes for customers, tax ids and invoices.

:func:`anonymise` takes an :class:`~kamtools.data.exports.Export` (what
``kt.read_export`` returns) and gives back one in which

* every customer name is a code such as ``C-7KQ2MX4P``, every tax id (NIP) a code such as
  ``T-Q4DM2A7Z`` and every invoice number a code such as ``I-3MZP5QAA``;
* amounts, unit prices and costs of goods are rounded to ``round_to`` when it is given;
* the report of rejected and changed lines carries no name, tax id or invoice number;
* ``mapping.notes`` says that the file was anonymised, and how.

Decisions, stated once:

* **Stable codes.** A code is a keyed hash (HMAC-SHA256) of the *normalised* text with
  the secret ``salt``: the same salt and the same customer give the same code in every
  export, so the files of two years can be compared, and nobody without the salt can
  compute the code of a name they guess. Eight base-32 characters (40 bits) per code; two
  different customers that would get the same code stop the function with an error
  (about 1 in 20,000 for 10,000 customers), never a silent merge.
* **Normalised names.** Case, accents, punctuation and spacing are ignored, so
  ``"ACME sp. z o.o."``, ``"Acme Sp. z o.o. "`` and ``"ACME SP Z O O"`` are one customer
  and get one code; ``"Łódzka Hurtownia"`` and ``"LODZKA HURTOWNIA"`` too. The code
  therefore merges spellings of one customer that the raw file keeps apart: the
  anonymised portfolio can have fewer customers than the raw one, never more. Tax ids
  keep only their letters and digits, upper case, without a leading ``PL`` country code
  (``"PL 521-301-72-28"`` = ``"5213017228"``). Invoice numbers are normalised like names.
* **Invoice numbers are coded, not kept.** They often carry a customer's short name or
  branch (``FV/ACME/2025/17``), and they can be looked up in the company's ledger. The
  code keeps what the analysis needs: lines of one invoice share one code.
* **Products and categories are kept**: they are the company's own catalogue and the
  analysis needs them. Look at them before sharing when products are made for one
  customer (``"Labels ACME 40x60"``).
* **The salt is a secret**, at least 8 characters (:data:`MIN_SALT_LENGTH`). With a short
  or empty salt anyone holding the shared file and a list of likely customer names (a
  business register) can try every salt and recognise the codes. Keep the salt with the
  key file, never with the shared file.
* **The key file** (CSV, UTF-8 with BOM so that Excel shows Polish letters) lists every
  code with each original spelling it replaces (``code, kind, original,
  salt_fingerprint``), written only when ``key_file`` is given. It stores a fingerprint of
  the salt, never the salt. An existing key file of the same salt is merged (the new codes
  are added); one of another salt, or a file that is not a key file, is never
  overwritten: the function stops and says so.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import hmac
import math
import os
import re
import tempfile
from collections.abc import Hashable, Iterable
from numbers import Real
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._text import fold
from ..errors import DataError, ParameterError, WrongTypeError
from ..messages import t

if TYPE_CHECKING:
    from .exports import Export

__all__ = ["anonymise"]

#: The shortest salt accepted: shorter ones can be found by trying them all.
MIN_SALT_LENGTH = 8
#: Characters of base-32 after the prefix (5 bits each: 40 bits).
CODE_LENGTH = 8
#: The prefix of the code of each kind of identifier.
PREFIXES = {"customer": "C-", "tax_id": "T-", "invoice": "I-"}
#: The columns of a key file, in order.
KEY_COLUMNS = ("code", "kind", "original", "salt_fingerprint")
#: The fields whose values in the report are coded like the lines.
_CODED = tuple(PREFIXES)
#: Fields whose raw text in the report may stay as it is (rounded amounts are removed).
_KEPT = ("date", "product", "category", "quantity")
_AMOUNTS = ("amount", "unit_price", "cost_of_goods")

# Letters NFKD does not split into a base letter and an accent.


def normalise_name(text: Any) -> str:
    """A name as it is compared: no case, no accents, words split by one space.

    Examples
    --------
    >>> normalise_name("  ACME sp. z o.o. ")
    'acme sp z o o'
    >>> normalise_name("Acme Sp. z o.o.") == normalise_name("ACME SP Z O O")
    True
    >>> normalise_name("Łódzka Hurtownia")
    'lodzka hurtownia'
    """
    return " ".join(re.sub(r"[\W_]+", " ", fold(str(text))).split())


def normalise_tax_id(text: Any) -> str:
    """A tax id as it is compared: letters and digits, upper case, no leading ``PL``.

    Examples
    --------
    >>> normalise_tax_id("PL 521-301-72-28"), normalise_tax_id("5213017228")
    ('5213017228', '5213017228')
    """
    plain = re.sub(r"[^0-9A-Za-z]", "", str(text)).upper()
    if len(plain) == 12 and plain.startswith("PL") and plain[2:].isdigit():
        return plain[2:]
    return plain


def _normalise(kind: str, text: Any) -> str:
    return normalise_tax_id(text) if kind == "tax_id" else normalise_name(text)


def _check_salt(salt: Any) -> bytes:
    if not isinstance(salt, str):
        raise WrongTypeError(
            f"`salt` must be a secret text of at least {MIN_SALT_LENGTH} characters, e.g. "
            f"'rabarbar-2026-jesien', but {type(salt).__name__} was passed."
        )
    if len(salt.strip()) < MIN_SALT_LENGTH:
        raise ParameterError(
            f"`salt` must be a secret text of at least {MIN_SALT_LENGTH} characters, but "
            f"{len(salt.strip())} were passed. With a short salt, anyone who has the shared "
            "file and a list of likely customer names can try every salt until the codes "
            "match, and so read the names back. Choose a phrase only you know, e.g. "
            "'rabarbar-2026-jesien', and keep it with the key file, not with the shared file."
        )
    return salt.encode("utf-8")


def _check_round_to(round_to: Any) -> float | None:
    if round_to is None:
        return None
    if isinstance(round_to, bool) or not isinstance(round_to, Real):
        raise WrongTypeError(
            f"`round_to` must be a number such as 100 (round amounts to the nearest 100) or "
            f"None, but {round_to!r} was passed."
        )
    value = float(round_to)
    if not math.isfinite(value) or value <= 0:
        raise ParameterError(
            f"`round_to` must be a number above 0 such as 100 or 0.01, but {round_to!r} was passed."
        )
    return value


def _fingerprint(key: bytes) -> str:
    """What the key file stores to recognise its salt (not the salt itself)."""
    return hmac.new(key, b"kamtools anonymise key file", hashlib.sha256).hexdigest()[:16]


def _code(key: bytes, kind: str, normalised: str) -> str:
    digest = hmac.new(key, f"{kind}\x1f{normalised}".encode(), hashlib.sha256).digest()
    return PREFIXES[kind] + base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def _codes(key: bytes, kind: str, originals: Iterable[str]) -> dict[str, str]:
    """Original text -> code, checking that no two different customers share a code."""
    by_normal: dict[str, str] = {}
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for original in originals:
        normal = _normalise(kind, original)
        code = by_normal.get(normal)
        if code is None:
            code = _code(key, kind, normal)
            other = seen.get(code)
            if other is not None and other != normal:
                raise DataError(
                    f"Two different {kind} values, {other!r} and {normal!r} (normalised), get "
                    f"the same code {code!r} with this `salt`. This is very rare; choose "
                    "another salt and anonymise again."
                )
            seen[code] = normal
            by_normal[normal] = code
        out[original] = code
    return out


def _round(values: pd.Series, step: float) -> pd.Series:
    """Values rounded to the nearest multiple of ``step`` (NaN stays NaN)."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    decimals = max(0, math.ceil(-math.log10(step)) + 1)
    rounded = np.round(np.round(numbers / step) * step, decimals)
    return pd.Series(rounded, index=values.index, name=values.name)


# ---------------------------------------------------------------------------- key file
def _read_key_file(path: Path, fingerprint: str) -> list[tuple[str, str, str]]:
    """The (code, kind, original) rows of an existing key file of the same salt."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise ParameterError(
            f"`key_file`={str(path)!r} exists but cannot be read as a key file ({error}); "
            "it is left as it is. Pass a new file name."
        ) from None
    if not rows or tuple(rows[0]) != KEY_COLUMNS:
        raise ParameterError(
            f"`key_file`={str(path)!r} exists and is not a key file written by kt.anonymise "
            f"(its first row is {rows[0] if rows else []!r}, not {list(KEY_COLUMNS)!r}); it is "
            "left as it is. Pass a new file name."
        )
    body = [row for row in rows[1:] if row]
    fingerprints = {row[3] for row in body if len(row) == len(KEY_COLUMNS)}
    if any(len(row) != len(KEY_COLUMNS) for row in body) or fingerprints - {fingerprint}:
        raise ParameterError(
            f"`key_file`={str(path)!r} belongs to another salt (or was changed by hand), so "
            "its codes do not match these ones; it is left as it is. Anonymise with the salt "
            "that made it, or pass a new file name."
        )
    return [(row[0], row[1], row[2]) for row in body]


def _write_key_file(path: Path, rows: list[tuple[str, str, str]], fingerprint: str) -> None:
    """Write the key file atomically (a half-written key would lose the way back)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".kamtools-key-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(KEY_COLUMNS)
            writer.writerows((*row, fingerprint) for row in rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _update_key_file(
    key_file: str | os.PathLike[str], key: bytes, codes: dict[str, dict[str, str]]
) -> None:
    path = Path(key_file)
    fingerprint = _fingerprint(key)
    new = {
        (code, kind, original)
        for kind, mapping in codes.items()
        for original, code in mapping.items()
    }
    old: list[tuple[str, str, str]] = []
    if path.exists():
        if path.is_dir():
            raise ParameterError(
                f"`key_file`={str(path)!r} is a folder; pass a file name such as "
                "'customers_key.csv'."
            )
        old = _read_key_file(path, fingerprint)
    rows = sorted(set(old) | new, key=lambda row: (row[1], row[0], row[2]))
    if old and len(rows) == len(set(old)):
        return  # nothing new: leave the file as it is
    _write_key_file(path, rows, fingerprint)


# ---------------------------------------------------------------------------- anonymise
def anonymise(
    export: Export,
    *,
    salt: str,
    round_to: float | None = None,
    key_file: str | os.PathLike[str] | None = None,
) -> Export:
    """Replace customer names, tax ids and invoice numbers by stable codes before sharing.

    Parameters
    ----------
    export : Export
        What ``kt.read_export`` returned.
    salt : str
        A secret phrase of at least 8 characters that only you know. The same salt gives
        the same codes in every export; keep it, with the key file, to anonymise next
        year's export the same way.
    round_to : float, optional
        Round every amount, unit price and cost of goods to the nearest multiple of this
        (e.g. 100). None (the default) keeps them exact, so every total stays the same.
    key_file : str or path, optional
        Where to write the private key (CSV: code, kind, original, salt fingerprint) that
        maps the codes back. Nothing is written when it is None. An existing key file of
        the same salt is merged; any other existing file is left alone and an error is
        raised.

    Returns
    -------
    Export
        A new Export: ``lines`` with coded ``customer``, ``tax_id`` and ``invoice`` (and
        rounded amounts), the ``report`` without identifying text, ``mapping.notes`` with a
        line saying what was done, the same ``data_lines``. The input is not changed.

    Raises
    ------
    WrongTypeError
        ``export`` is not an Export, or ``salt`` or ``round_to`` is of the wrong kind.
    ParameterError
        ``salt`` is shorter than 8 characters, ``round_to`` is not above 0, or
        ``key_file`` exists and is not a key file of this salt.
    DataError
        Two different customers would get the same code (choose another salt).

    Notes
    -----
    See the module notes for the decisions: normalised names, invoice numbers, products,
    why the salt must be long, and the key file.

    Examples
    --------
    >>> from kamtools.data.anonymisation import normalise_name
    >>> normalise_name("ACME sp. z o.o.") == normalise_name("Acme Sp. z o.o. ")
    True
    """
    from .exports import Export

    if not isinstance(export, Export):
        raise WrongTypeError(
            "`export` must be what kt.read_export returns (an Export), but "
            f"{type(export).__name__} was passed. For a table of your own, read it with "
            "kt.read_export first."
        )
    key = _check_salt(salt)
    step = _check_round_to(round_to)
    lines = export.lines.copy()
    if "customer" not in lines.columns:
        raise DataError(
            f"`export.lines` has no column 'customer'; its columns are {list(lines.columns)!r}."
        )

    codes: dict[str, dict[str, str]] = {}
    for kind in _CODED:
        if kind not in lines.columns:
            continue
        column = lines[kind]
        present = column.notna()
        texts = column[present].astype(str)
        code_of = _codes(key, kind, sorted(texts.unique()))
        codes[kind] = code_of
        coded = column.astype(object).copy()  # missing values stay as they were
        coded.loc[present] = texts.map(code_of)
        lines[kind] = (
            coded.astype(column.dtype) if isinstance(column.dtype, pd.StringDtype) else coded
        )
    if step is not None:
        for field in _AMOUNTS:
            if field in lines.columns:
                lines[field] = _round(lines[field], step)

    report = _clean_report(export, key, codes, rounded=step is not None)
    words = {
        "customer": t("anonymise.kind_customer"),
        "tax_id": t("anonymise.kind_tax_id"),
        "invoice": t("anonymise.kind_invoice"),
    }
    coded_kinds = ", ".join(words[k] for k in codes)
    note = t("anonymise.note", kinds=coded_kinds)
    if step is not None:
        note = f"{note} {t('anonymise.rounded', step=f'{step:g}')}"
    mapping = dataclasses.replace(export.mapping, notes=(*export.mapping.notes, note))
    if key_file is not None:
        _update_key_file(key_file, key, codes)
    return dataclasses.replace(export, lines=lines, report=report, mapping=mapping)


def _clean_report(
    export: Export, key: bytes, codes: dict[str, dict[str, str]], *, rounded: bool
) -> pd.DataFrame:
    """The report with names, tax ids and invoice numbers coded, and nothing else leaked.

    A value of a customer, tax id or invoice column is coded like the lines (a rejected
    line's customer gets its code too). Values of the date, product, category and quantity
    columns stay; amounts stay unless they are rounded; any other value (a whole line, a
    column that is not mapped) is removed. The same replacements are made in the reasons.
    """
    report = export.report.copy()
    if report.empty or "value" not in report.columns:
        return report
    field_of: dict[Hashable, str] = {src: field for field, src in export.mapping.fields.items()}
    removed = t("anonymise.removed")
    values = report["value"].astype(object).where(report["value"].notna(), "")
    reasons = report["reason"].astype(str) if "reason" in report.columns else None
    new_values: list[str] = []
    new_reasons: list[str] = []
    for pos, (column, value) in enumerate(zip(report["column"], values, strict=True)):
        text = str(value)
        field = field_of.get(column)
        if not text.strip():
            replacement = text
        elif field in _CODED:
            known = codes.get(field, {})
            replacement = known.get(text) or _code(key, field, _normalise(field, text))
        elif field in _KEPT or (field in _AMOUNTS and not rounded):
            replacement = text
        else:
            replacement = removed
        new_values.append(replacement)
        if reasons is not None:
            reason = reasons.iloc[pos]
            if replacement != text and text.strip():
                reason = reason.replace(text, replacement)
            new_reasons.append(reason)
    report["value"] = new_values
    if reasons is not None:
        report["reason"] = _scrub(new_reasons, codes.get("customer", {}))
    return report


def _scrub(texts: list[str], names: dict[str, str]) -> list[str]:
    """Replace any customer name (3 characters or more) quoted in a text by its code."""
    long_names = sorted((n for n in names if len(n.strip()) >= 3), key=len, reverse=True)
    if not long_names or not texts:
        return texts
    pattern = re.compile("|".join(re.escape(n) for n in long_names))
    return [pattern.sub(lambda m: names[m.group(0)], text) for text in texts]
