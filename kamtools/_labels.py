"""Point labels that do not overlap: each label takes the first free place around its point.

Used by :func:`kamtools.plot_portfolio` and the account-scoring widget, where dozens of
accounts sit close together and labels written at one fixed offset covered each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

__all__ = ["place_labels"]

_AROUND: tuple[tuple[float, float, str, str], ...] = (
    (6, 4, "left", "bottom"),
    (6, -4, "left", "top"),
    (-6, 4, "right", "bottom"),
    (-6, -4, "right", "top"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (10, 0, "left", "center"),
    (-10, 0, "right", "center"),
)
#: Places tried around a point, in order: (dx, dy) in points, horizontal and vertical
#: alignment of the text. Up-right first, as labels are usually read; then the same eight
#: places further out, for crowded clusters.
OFFSETS: tuple[tuple[float, float, str, str], ...] = tuple(
    (dx * far, dy * far, ha, va) for far in (1, 2.5, 4, 5.5) for dx, dy, ha, va in _AROUND
)


_LEADER = {"arrowstyle": "-", "linewidth": 0.6, "color": "#555555", "shrinkA": 0, "shrinkB": 2}


def _overlap(a: Bbox, b: Bbox) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


def place_labels(
    ax: Axes,
    texts: Iterable[str],
    xs: Iterable[float],
    ys: Iterable[float],
    *,
    fontsize: float = 11,
    zorder: float = 4,
) -> list[Annotation]:
    """Write ``texts`` at the points ``(xs, ys)`` so that no two labels overlap.

    Labels are placed in the order given (put the most important first). Each takes the
    first of :data:`OFFSETS` where it overlaps no label placed before it and stays inside
    the axes; when no place is free, the place with the least overlap. The same text at
    the same point is written once. Call it last, once the axis limits, legend and
    titles are set: the places depend on the final layout.

    Returns
    -------
    list of Annotation
        One per label written, in order.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_xlim(0, 10), ax.set_ylim(0, 10)
    >>> labels = place_labels(ax, ["A", "B", "B"], [5, 5.1, 5.1], [5, 5, 5])
    >>> [a.get_text() for a in labels]
    ['A', 'B']
    >>> plt.close(fig)
    """
    figure = cast("Figure", ax.figure)  # a subfigure's axes are not supported
    figure.draw_without_rendering()  # the final layout first: places depend on it
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    written: list[Annotation] = []
    seen: set[tuple[str, float, float]] = set()
    for text, x, y in zip(texts, xs, ys, strict=True):
        key = (str(text), float(x), float(y))
        if key in seen:
            continue
        seen.add(key)
        best: tuple[float, Annotation, Bbox] | None = None
        for dx, dy, ha, va in OFFSETS:
            label = ax.annotate(
                str(text),
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                zorder=zorder,
                # a label moved away from its point keeps a thin line to it
                arrowprops=None if abs(dx) + abs(dy) < 15 else _LEADER,
            )
            label.set_in_layout(False)  # a label must not move the axes it was placed on
            label.update_positions(renderer)
            box = Text.get_window_extent(label, renderer).padded(1.5)  # the text, no line
            outside = box.width * box.height - _overlap(box, frame)
            cost = sum(_overlap(box, other) for other in placed) + outside
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, label, box)
            else:
                label.remove()
            if cost == 0:
                break
        assert best is not None
        placed.append(best[2])
        written.append(best[1])
    return written
