"""Point labels never cover each other (module 05's bubble chart had labels on top of labels)."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.text import Text

import kamtools as kt
from kamtools._labels import place_labels


def boxes(labels, fig):
    renderer = fig.canvas.get_renderer()
    for label in labels:
        label.update_positions(renderer)
    return [Text.get_window_extent(a, renderer) for a in labels]  # the text, not its line


def overlapping(extents) -> list[tuple[int, int]]:
    return [
        (i, j)
        for (i, a), (j, b) in itertools.combinations(enumerate(extents), 2)
        if min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)
    ]


def test_a_cluster_of_close_points_gets_labels_that_do_not_overlap():
    fig, ax = plt.subplots(figsize=(9, 5.5))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    xs = [5.0, 5.1, 5.2, 5.0, 5.1, 5.3]
    ys = [5.0, 5.0, 5.1, 5.2, 5.3, 5.2]
    names = [f"V0{i:03d}" for i in range(len(xs))]
    labels = place_labels(ax, names, xs, ys)
    assert [a.get_text() for a in labels] == names
    assert overlapping(boxes(labels, fig)) == []
    plt.close(fig)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 9), st.floats(1, 9)), min_size=1, max_size=8, unique=True))
def test_up_to_eight_labels_anywhere_never_overlap(points):
    fig, ax = plt.subplots(figsize=(9, 5.5))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    xs, ys = zip(*points, strict=True)
    labels = place_labels(ax, [f"A{i}" for i in range(len(xs))], xs, ys)
    assert overlapping(boxes(labels, fig)) == []
    plt.close(fig)


def test_plot_portfolio_labels_stay_one_per_point():
    ax = kt.plot_portfolio([8, 8.1, 3], [7, 7.05, 2], labels=["Acme", "Bolt", "Crux"])
    texts = [t for t in ax.texts if t.get_text() in {"Acme", "Bolt", "Crux"}]
    assert sorted(t.get_text() for t in texts) == ["Acme", "Bolt", "Crux"]
    assert overlapping(boxes(texts, ax.figure)) == []
    plt.close(ax.figure)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_account_scoring_labels_every_ranked_account_once_without_overlap():
    scoring = kt.AccountScoring()
    ranked = {str(a) for a in scoring.ranked["customer"]}
    (ax,) = scoring.figure.axes
    texts = [t for t in ax.texts if t.get_text() in ranked]
    assert sorted(t.get_text() for t in texts) == sorted(ranked)
    assert overlapping(boxes(texts, scoring.figure)) == []
