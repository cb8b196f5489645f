"""Shared look of the teaching widgets (role-play, self-assessment, dossier) (private).

Readable on a projector: every HTML block uses at least 16px, buttons carry clear
labels and icons, and colour is never the only signal (icons and words go with it).
Colours are Okabe-Ito (:data:`kamtools.plots.PALETTE`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..plots import PALETTE

GOOD = PALETTE["bluish_green"]
BAD = PALETTE["vermillion"]
WARN = PALETTE["orange"]
INFO = PALETTE["blue"]
TEXT_COLOUR = "#1a1a1a"

#: Base style of every HTML block the teaching widgets render.
BASE = f"font-size:16px; line-height:1.5; color:{TEXT_COLOUR}"

# Long button labels wrap instead of being cut off with "..." (ipywidgets' default);
# injected once per widget through an HTML <style> block, scoped by class name.
_CSS = """
<style>
.kam-teach .kam-wrap { white-space: normal !important; height: auto !important;
  min-height: 44px; text-align: left !important; line-height: 1.35 !important;
  padding: 8px 14px !important; }
.kam-teach .widget-label, .kam-teach .widget-readout, .kam-teach input,
.kam-teach textarea, .kam-teach select, .kam-teach .widget-toggle-button,
.kam-teach .jupyter-widget-Collapse-header, .kam-teach .lm-TabBar-tab,
.kam-teach .p-TabBar-tab { font-size: 16px !important; }
</style>
"""


def esc(value: Any) -> str:
    """HTML-escape any value shown to the learner."""
    return html.escape(str(value))


def block(inner: str, *, border: str | None = None, background: str | None = None) -> str:
    """Wrap HTML in a div with the base font; optional coloured left border and background."""
    style = BASE
    if border:
        style += f"; border-left:6px solid {border}; padding:6px 12px; margin:6px 0"
    if background:
        style += f"; background:{background}"
    return f'<div style="{style}">{inner}</div>'


def style_widget() -> widgets.HTML:
    """The HTML widget carrying the shared CSS (add it to the root box)."""
    return widgets.HTML(_CSS)


def button(
    description: str,
    *,
    icon: str = "",
    button_style: str = "",
    tooltip: str = "",
    wrap: bool = False,
    width: str = "auto",
) -> widgets.Button:
    """A Button with a 16px label; ``wrap=True`` lets a long label wrap over lines."""
    b = widgets.Button(
        description=description,
        icon=icon,
        button_style=button_style,
        tooltip=tooltip or description,
        layout=widgets.Layout(width=width, height="auto", min_height="40px"),
    )
    b.style.font_size = "16px"
    if wrap:
        b.add_class("kam-wrap")
    return b


def root_box(children: list[widgets.Widget]) -> widgets.VBox:
    """The outer box of a teaching widget, carrying the CSS scope class."""
    box = widgets.VBox([style_widget(), *children], layout=widgets.Layout(width="100%"))
    box.add_class("kam-teach")
    return box


def close_tree(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget inside it (boxes, accordions, tabs)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


def captured(out: widgets.Output, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` wrapped so that an exception in a callback shows in ``out`` in Jupyter.

    Outside a kernel (tests) the exception propagates as usual.
    """
    return out.capture()(func)
