"""Helpers for the module tests."""

from __future__ import annotations

from typing import Any

GENERATED_TAGS = {"nav-top", "nav-bottom"}


def authored_cells(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook without the cells tools/build_course.py generates (navigation)."""
    cells = [
        c
        for c in notebook["cells"]
        if not GENERATED_TAGS & set(c.get("metadata", {}).get("tags", []))
    ]
    return {**notebook, "cells": cells}
