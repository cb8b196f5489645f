"""The one helper module of the widgets (private): house style, HTML blocks, plumbing.

Every widget of :mod:`kamtools.widgets` takes its look and its plumbing from here:

- the house style: readable on a projector (every HTML block at least 16px, one style
  sheet that enlarges the ipywidgets controls), Okabe-Ito colours
  (:data:`kamtools.analysis.plots.PALETTE`), and colour never the only signal (icons and words go
  with it);
- HTML building blocks: :func:`block` (with an optional heading, border and background),
  :func:`title_html`, :func:`status_block`, :func:`html_table`, :func:`frame_html`;
- numbers written for messages: :func:`number`, :func:`percent` (and
  :func:`kamtools.messages.count` for whole numbers);
- controls and layout: :func:`button`, :func:`control_style`, :class:`ExportControls`,
  :func:`side_by_side`;
- plumbing: :func:`captured` callbacks, :func:`close_tree`, :func:`root_box`, a
  matplotlib figure shown as a PNG (:class:`FigurePanel`, :func:`agg_figure`,
  :func:`canvas_png`) and the base classes :class:`View` and :class:`ChartView`
  (display through ``root``, ``close()``, ``figure`` and ``png``).

Learner-facing words come from the message catalogue (:func:`kamtools.messages.t`).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from .._numbers import number, percent  # noqa: F401 (the widgets' helpers)
from ..analysis.plots import PALETTE
from ..errors import KamtoolsError
from ..messages import t

# ---------------------------------------------------------------------------------------
# House style
# ---------------------------------------------------------------------------------------
GOOD = PALETTE["bluish_green"]
BAD = PALETTE["vermillion"]
WARN = PALETTE["orange"]
INFO = PALETTE["blue"]
TEXT_COLOUR = "#1a1a1a"

#: Font size of the HTML blocks (px); the analysis widgets' readouts use :data:`LARGE_PX`.
FONT_PX = 16
LARGE_PX = 18

#: Colours of one-line status messages by kind (dark enough to read as text on white).
STATUS_COLOURS = {
    "ok": "#1b5e20",
    "error": "#b71c1c",
    "warning": "#8a4b00",
    "info": TEXT_COLOUR,
}

#: Figure size in inches and resolution: 900 x 500 pixels, readable on a projector.
FIGSIZE = (9.0, 5.0)
DPI = 100
#: Font size (pt) of the texts the widgets add to figures.
FIGURE_FONT_PT = 13

#: Class of the root box of every widget; the style sheet is scoped by it.
CSS_CLASS = "kam-teach"

# Long button labels wrap instead of being cut off with "..." (ipywidgets' default), and
# controls that have no font-size style in ipywidgets 8 (Dropdown, FloatSlider, ...) get
# projector-sized labels and values. Injected once per widget, scoped by class name.
_CSS = f"""
<style>
.{CSS_CLASS} .kam-wrap {{ white-space: normal !important; height: auto !important;
  min-height: 44px; text-align: left !important; line-height: 1.35 !important;
  padding: 8px 14px !important; }}
.{CSS_CLASS} .widget-label, .{CSS_CLASS} .widget-readout, .{CSS_CLASS} input,
.{CSS_CLASS} textarea, .{CSS_CLASS} select, .{CSS_CLASS} button,
.{CSS_CLASS} .widget-toggle-button, .{CSS_CLASS} .widget-label-basic,
.{CSS_CLASS} .jupyter-widget-Collapse-header, .{CSS_CLASS} .lm-TabBar-tab,
.{CSS_CLASS} .p-TabBar-tab {{ font-size: 16px !important; }}
.{CSS_CLASS} .widget-dropdown select, .{CSS_CLASS} .widget-text input {{ height: 2em; }}
</style>
"""


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------
def esc(value: Any) -> str:
    """HTML-escape any value shown to the learner."""
    return html.escape(str(value))


def block(
    inner: str,
    *,
    heading: str | None = None,
    border: str | None = None,
    background: str | None = None,
    size: int = FONT_PX,
) -> str:
    """Wrap HTML in a div with the base font.

    ``heading`` (plain text, escaped here) comes first as an ``h4``; ``border`` adds a
    coloured left border, ``background`` a background colour; ``size`` is the font size
    in px (:data:`FONT_PX` or :data:`LARGE_PX`).
    """
    style = f"font-size:{size}px; line-height:1.5; color:{TEXT_COLOUR}"
    if border:
        style += f"; border-left:6px solid {border}; padding:6px 12px; margin:6px 0"
    if background:
        style += f"; background:{background}"
    head = (
        f'<h4 style="font-size:{size + 2}px; margin:0.4em 0 0.2em">{esc(heading)}</h4>'
        if heading
        else ""
    )
    return f'<div style="{style}">{head}{inner}</div>'


def title_html(text: str) -> str:
    """The title of a widget (plain text, escaped here) as a large heading."""
    return f'<h3 style="font-size:{LARGE_PX + 6}px; margin:0.2em 0">{esc(text)}</h3>'


def status_block(text: str, kind: str = "info") -> str:
    """A one-line message (plain text) of kind ``ok``, ``error``, ``warning`` or ``info``.

    Errors carry a warning sign as well as a colour; an empty ``text`` gives ``""``.
    """
    if not text:
        return ""
    sign = "&#9888; " if kind == "error" else ""
    colour = STATUS_COLOURS.get(kind, "inherit")
    return (
        f'<div role="status" style="font-size:{FONT_PX}px; color:{colour}; '
        f'padding:0.2em 0">{sign}{esc(text)}</div>'
    )


def html_table(rows: list[tuple[str, str]], *, size: int = LARGE_PX) -> str:
    """A two-column HTML table of (label, value) rows; both are already HTML."""
    cells = "".join(
        f'<tr><th style="text-align:left; padding:0.15em 1em 0.15em 0; font-weight:600">'
        f'{label}</th><td style="text-align:left">{value}</td></tr>'
        for label, value in rows
    )
    return f'<table style="font-size:{size}px; border-collapse:collapse">{cells}</table>'


def frame_html(frame: Any, *, index: bool = True, size: int = LARGE_PX) -> str:
    """A DataFrame (already formatted as text) as a projector-sized HTML table."""
    styled = frame.to_html(index=index, escape=True, border=0, na_rep="")
    return (
        f'<div style="font-size:{size}px; overflow-x:auto">'
        + styled.replace(
            "<table", '<table style="border-collapse:collapse; font-size:inherit"', 1
        ).replace("<td>", '<td style="padding:0.1em 0.8em 0.1em 0">')
        + "</div>"
    )


# ---------------------------------------------------------------------------------------
# Numbers in messages (one place to change them for another language)
# ---------------------------------------------------------------------------------------
# number() and percent() are kamtools._numbers' (imported above): one way to write them.


# ---------------------------------------------------------------------------------------
# Controls
# ---------------------------------------------------------------------------------------
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
    b.style.font_size = f"{FONT_PX}px"
    if wrap:
        b.add_class("kam-wrap")
    return b


def control_style() -> dict[str, str]:
    """``style`` for a control whose description should not be cut short."""
    return {"description_width": "initial"}


def style_widget() -> widgets.HTML:
    """The HTML widget carrying the shared CSS (add it to the root box)."""
    return widgets.HTML(_CSS)


def side_by_side(*children: widgets.Widget) -> widgets.HBox:
    """A row of widgets with a gap between them, wrapping onto the next line when narrow."""
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap", grid_gap="2em"))


def root_box(children: list[widgets.Widget]) -> widgets.VBox:
    """The outer box of a widget: the shared CSS first, then ``children``, in its scope."""
    box = widgets.VBox([style_widget(), *children], layout=widgets.Layout(width="100%"))
    box.add_class(CSS_CLASS)
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


class ExportControls:
    """A file box, an "overwrite" tick box, an export button and the message it leaves.

    ``save(path, overwrite)`` writes the file and returns where it went; a
    :class:`~kamtools.KamtoolsError` it raises (file exists, wrong extension, ...) is
    shown in ``message_html`` instead of raising.
    """

    def __init__(
        self,
        path: str,
        *,
        file_label: str,
        button_label: str,
        save: Callable[[str, bool], Path | str],
        out: widgets.Output,
    ) -> None:
        self._save = save
        self.path_text = widgets.Text(
            value=path,
            description=file_label,
            style=control_style(),
            layout=widgets.Layout(width="420px"),
        )
        self.overwrite_checkbox = widgets.Checkbox(
            value=False, description=t("teaching.overwrite"), indent=False
        )
        self.button = button(button_label, icon="download", button_style="primary")
        self.button.on_click(captured(out, self._on_click))
        self.message_html = widgets.HTML()
        self.box = widgets.HBox(
            [self.path_text, self.overwrite_checkbox, self.button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )

    def _on_click(self, _button: widgets.Button) -> None:
        try:
            path = self._save(self.path_text.value.strip(), self.overwrite_checkbox.value)
        except KamtoolsError as exc:
            message, colour = t("teaching.not_saved", reason=esc(exc)), BAD
        else:
            message, colour = t("teaching.saved", path=esc(path)), GOOD
        self.message_html.value = block(f"<b style='color:{colour}'>{message}</b>", border=colour)


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------
def canvas_png(canvas: Any) -> bytes:
    """The image drawn on an Agg canvas, as PNG bytes (fast: compression level 1)."""
    from PIL import Image as PILImage

    rgba = np.asarray(canvas.buffer_rgba())
    buffer = io.BytesIO()
    # Level 1: a little larger than the default level 6, but four times faster.
    PILImage.fromarray(np.ascontiguousarray(rgba[..., :3])).save(
        buffer, format="png", compress_level=1
    )
    return buffer.getvalue()


def agg_figure(figsize: tuple[float, float] = FIGSIZE) -> Any:
    """A matplotlib Figure with an Agg canvas, made outside pyplot (so shown only as PNG)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


class FigurePanel:
    """A matplotlib figure rendered with Agg and shown as a PNG image in an Output widget.

    The figure is created once (outside pyplot, so Jupyter never shows it a second time
    by itself). :meth:`render` draws everything; artists listed as ``overlay`` are left
    out of the full drawing and drawn on top of a saved copy of it, so that
    :meth:`blit` can move them (e.g. a marker following a slider) without drawing the
    whole chart again.

    The image is put into the Output's ``outputs`` directly (the mime bundle that
    ``display`` would send). That works the same in JupyterLab, in Voila and with no
    kernel at all (tests), where ``display`` inside ``with out:`` would print to stdout
    instead.
    """

    def __init__(self, figsize: tuple[float, float] = FIGSIZE) -> None:
        self.figure = agg_figure(figsize)
        self.canvas = self.figure.canvas
        self.out = widgets.Output(
            layout=widgets.Layout(min_height=f"{int(figsize[1] * DPI)}px", overflow="auto")
        )
        #: PNG bytes of the image shown last.
        self.png = b""
        #: How many times an image was shown (tests check that a change redrew).
        self.renders = 0
        self._overlay: list[Any] = []
        self._background: Any = None

    def new_axes(self) -> Any:
        """Clear the figure and return one new Axes filling it."""
        self.figure.clear()
        self._overlay = []
        self._background = None
        return self.figure.add_subplot()

    def render(self, overlay: list[Any] | tuple[Any, ...] = ()) -> None:
        """Draw the whole figure, then ``overlay`` on top of it, and show the image."""
        self._overlay = list(overlay)
        for artist in self._overlay:
            artist.set_animated(True)  # left out of the full drawing
            artist.set_in_layout(False)  # moving it must not move the axes
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._finish()

    def blit(self) -> None:
        """Redraw only the overlay artists over the saved drawing, and show the image."""
        if self._background is None:
            self.render(self._overlay)
            return
        self.canvas.restore_region(self._background)
        self._finish()

    def message(self, text: str) -> None:
        """Show ``text`` in place of a chart (e.g. when the inputs allow none)."""
        ax = self.new_axes()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            text,
            ha="center",
            va="center",
            fontsize=FIGURE_FONT_PT + 2,
            transform=ax.transAxes,
        )
        self.render()

    def _finish(self) -> None:
        for artist in self._overlay:
            self.figure.draw_artist(artist)
        self.png = canvas_png(self.canvas)
        self.renders += 1
        width, height = self.canvas.get_width_height()
        self.out.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(self.png).decode("ascii"),
                    "text/plain": f"<Figure size {width}x{height}>",
                },
                "metadata": {"image/png": {"width": width, "height": height}},
            },
        )

    def close(self) -> None:
        """Close the Output widget and free the figure."""
        self.out.close()
        self.figure.clear()
        self._overlay = []
        self._background = None


# ---------------------------------------------------------------------------------------
# Base classes of the widgets
# ---------------------------------------------------------------------------------------
class View:
    """A widget shown through its root box (``root``), with :meth:`close`."""

    root: widgets.Box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of this view (its display disappears from the notebook)."""
        close_tree(self.root)


class ChartView(View):
    """A :class:`View` with a chart drawn in a :class:`FigurePanel` (``_panel``)."""

    _panel: FigurePanel

    @property
    def figure(self) -> Any:
        """The matplotlib figure drawn on (created once)."""
        return self._panel.figure

    @property
    def png(self) -> bytes:
        """The image of the figure shown last."""
        return self._panel.png

    def close(self) -> None:
        """Close every widget of this view and free its figure."""
        self._panel.close()
        super().close()
