"""JupyterLab hooks for the learners' lab (``.jupyter-learner/jupyter_server_config.json``).

A widget lives in the kernel. Saved in a notebook, its output is only a pointer to a model
that no longer exists once the kernel has stopped, and a reopened notebook shows "Error
displaying widget: model not found" with no word on what to do. So, when a notebook is
saved, :func:`replace_widget_views` stores a short note in place of each widget output:
"run this cell to bring the tool back".

Why a note rather than saving the widgets' state: a saved state renders a picture of the
tool whose sliders and buttons do nothing until the cell runs again, which looks broken
in a different way; a note says exactly what to do. The open notebook is not affected: the
browser keeps showing the live widget, only the file on disk holds the note.
"""

from __future__ import annotations

import html
from typing import Any

from .messages import t

__all__ = ["WIDGET_VIEW", "replace_widget_views", "widget_note"]

#: The output type of a live widget.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget_note() -> dict[str, str]:
    """The output data saved in place of a widget: HTML and plain text."""
    text = t("lab.widget_note")
    return {
        "text/html": (
            '<div class="kam-widget-note" style="border-left:4px solid #1565c0; '
            'padding:0.5em 0.8em; background:#e3f2fd; color:#0d2c54">'
            f"&#9654; {html.escape(text)}</div>"
        ),
        "text/plain": text,
    }


def replace_widget_views(model: dict[str, Any], **_: Any) -> None:
    """ContentsManager ``pre_save_hook``: widget outputs are saved as a note (in place).

    >>> nb = {"cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...       "data": {WIDGET_VIEW: {"model_id": "x"}, "text/plain": "Quiz(...)"}}]}]}
    >>> replace_widget_views({"type": "notebook", "content": nb})
    >>> sorted(nb["cells"][0]["outputs"][0]["data"])
    ['text/html', 'text/plain']
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                output["data"] = widget_note()
