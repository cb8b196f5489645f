"""Text folded for comparison: one rule for every place that matches what people type.

Check answers, export headers, customer names to anonymise and glossary look-ups all
compare text without case or diacritics; each then splits words its own way.
"""

from __future__ import annotations

import unicodedata

# Letters NFKD does not split into a base letter and a mark.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower case without diacritics (``ß`` becomes ``ss``).

    >>> fold("Łódź ŻÓŁW Straße")
    'lodz zolw strasse'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
