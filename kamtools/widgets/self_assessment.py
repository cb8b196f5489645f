"""SelfAssessment: rate yourself on the KAM competencies, see your profile and top gaps.

A thin view over :mod:`kamtools.competencies`: gaps, area averages, the radar chart and
the export all come from there (unit-tested); this module only wires the sliders.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..competencies import (
    COMPETENCY_TARGETS,
    _check_target,
    _ratings,
    competency_area_scores,
    competency_areas,
    competency_items,
    export_assessment,
    plot_competency_radar,
    rating_scale,
    top_competency_gaps,
)
from ..errors import KamtoolsError
from ._teaching import BAD, GOOD, INFO, block, button, captured, close_tree, esc, root_box

__all__ = ["SelfAssessment"]

#: File the export button writes to unless the learner types another name.
DEFAULT_EXPORT = "my_kam_self_assessment.md"

#: Where every slider starts (the middle of the scale).
START_RATING = 3

_TEXT = {
    "title": "Key account manager self-assessment",
    "intro": "Rate yourself honestly on each statement, from 1 to 5. Every slider starts at "
    "3; move each one to where you are today. Your profile, the target and your three "
    "largest gaps update as you go.",
    "compare": "Compare with",
    "target_new": "New KAM",
    "target_senior": "Senior KAM",
    "from_article": "from the course article",
    "from_framework": "from KAM competency frameworks",
    "trait": "personal trait",
    "target_is": "target {level}",
    "items": "{title} ({n})",
    "results": "Your results",
    "moved": "You have rated {n} of {total} items; the others are still at the starting "
    "value, {start}.",
    "top": "Your three largest gaps, and what to do about them",
    "no_gaps": "✔ No item is below the target. Aim for the next level: compare with the "
    "senior KAM profile.",
    "gap_line": "rated {rating}, target {target} (gap {gap})",
    "file": "File (.md or .csv)",
    "overwrite": "overwrite an existing file",
    "export": "Save my results",
    "saved": "✔ Saved to <code>{path}</code>",
    "failed": "✘ Not saved: {reason}",
}


class SelfAssessment:
    """Sliders for every KAM competency, a radar chart against a target, top gaps, export.

    Parameters
    ----------
    target : {"new", "senior"}, default "new"
        The profile to compare with (the learner can switch it).
    ratings : dict, optional
        Starting ratings (item id -> 1-5), e.g. from an earlier session; other items
        start at 3.
    export_path : str, default "my_kam_self_assessment.md"
        Initial content of the file box.

    Attributes
    ----------
    ratings : dict
        Item id -> the slider's value, for every item.
    top_gaps : DataFrame
        :func:`kamtools.top_gaps` for the current ratings and target.
    area_scores : DataFrame
        :func:`kamtools.area_scores` for the current ratings and target.
    sliders : dict of IntSlider
        One per item, by item id.
    moved : set of str
        The items rated so far: slider moved, or given in ``ratings``
        (``moved_html`` shows the count).
    target_toggle : ToggleButtons
        "New KAM" / "Senior KAM".
    radar_image : Image
        The radar chart (PNG), redrawn on every change.
    gaps_html : HTML
        The three largest gaps with their development actions.
    path_text, overwrite_checkbox, export_button, export_html
        The export controls and the message saying where the file was written.

    Examples
    --------
    >>> from kamtools.widgets.self_assessment import SelfAssessment
    >>> w = SelfAssessment()
    >>> w.sliders["listening"].value = 1
    >>> list(w.top_gaps.index)[:1]
    ['listening']
    >>> w.close()
    """

    def __init__(
        self,
        target: str = "new",
        *,
        ratings: Mapping[str, int] | None = None,
        export_path: str = DEFAULT_EXPORT,
    ) -> None:
        target = _check_target(target)
        given = _ratings(ratings or {})
        start = given.fillna(START_RATING).astype(int)
        #: Ids of the items the learner has rated: moved a slider, or passed in ``ratings``.
        self.moved: set[str] = set(given.dropna().index)
        items = competency_items()
        areas = competency_areas()
        scale = rating_scale()
        self._scale = scale
        self.out = widgets.Output()

        self.target_toggle = widgets.ToggleButtons(
            options=[(_TEXT[f"target_{t}"], t) for t in COMPETENCY_TARGETS],
            value=target,
            description=_TEXT["compare"],
            style={"description_width": "initial"},
        )
        self.sliders: dict[str, widgets.IntSlider] = {}
        self._anchor: dict[str, widgets.HTML] = {}
        self._statement: dict[str, widgets.HTML] = {}
        pages = []
        for area_id in areas.index:
            rows = []
            for item_id in items.index[items["area"] == area_id]:
                slider = widgets.IntSlider(
                    value=int(start[item_id]),
                    min=1,
                    max=5,
                    continuous_update=False,
                    readout=True,
                    layout=widgets.Layout(width="280px"),
                )
                slider.observe(
                    captured(self.out, lambda change, i=item_id: self._on_slide(i, change)),
                    names="value",
                )
                self.sliders[item_id] = slider
                self._anchor[item_id] = widgets.HTML()
                self._statement[item_id] = widgets.HTML()
                rows.append(
                    widgets.VBox(
                        [
                            self._statement[item_id],
                            widgets.HBox(
                                [slider, self._anchor[item_id]],
                                layout=widgets.Layout(align_items="center"),
                            ),
                        ],
                        layout=widgets.Layout(margin="0 0 10px 0"),
                    )
                )
            pages.append(widgets.VBox(rows))
        counts = items.groupby("area", sort=False).size()
        self.accordion = widgets.Accordion(
            children=pages,
            titles=tuple(
                _TEXT["items"].format(title=name, n=int(counts[aid]))
                for aid, name in areas["name"].items()
            ),
        )
        self.radar_image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.gaps_html = widgets.HTML(layout=widgets.Layout(max_width="760px"))
        self.path_text = widgets.Text(
            value=export_path,
            description=_TEXT["file"],
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.overwrite_checkbox = widgets.Checkbox(
            value=False, description=_TEXT["overwrite"], indent=False
        )
        self.export_button = button(_TEXT["export"], icon="download", button_style="primary")
        self.export_button.on_click(captured(self.out, self._on_export))
        self.export_html = widgets.HTML()
        self.moved_html = widgets.HTML()
        self.target_toggle.observe(captured(self.out, self._on_change), names="value")

        scale_html = "".join(
            f"<li><b>{level}</b> {esc(text)}</li>" for level, text in scale.items()
        )
        intro = widgets.HTML(
            block(
                f"<h2 style='margin:0 0 6px; font-size:1.5em'>{_TEXT['title']}</h2>"
                f"<p style='margin:4px 0'>{_TEXT['intro']}</p>"
                f"<ul style='margin:4px 0'>{scale_html}</ul>",
                border=INFO,
            )
        )
        results = widgets.Box(
            [self.radar_image, self.gaps_html],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        export = widgets.HBox(
            [self.path_text, self.overwrite_checkbox, self.export_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.root = root_box(
            [
                intro,
                self.target_toggle,
                self.accordion,
                widgets.HTML(block(f"<h3 style='margin:8px 0 0'>{_TEXT['results']}</h3>")),
                self.moved_html,
                results,
                export,
                self.export_html,
                self.out,
            ]
        )
        self._refresh()

    # ------------------------------------------------------------------ state
    @property
    def target(self) -> str:
        return self.target_toggle.value

    @property
    def ratings(self) -> dict[str, int]:
        """Item id -> current rating (1-5), for every item."""
        return {item_id: int(s.value) for item_id, s in self.sliders.items()}

    # ------------------------------------------------------------------ callbacks
    def _on_change(self, _change: dict[str, Any]) -> None:
        self._refresh()

    def _on_slide(self, item_id: str, _change: dict[str, Any]) -> None:
        self.moved.add(item_id)
        self._refresh()

    def _on_export(self, _button: widgets.Button) -> None:
        try:
            path = export_assessment(
                self.ratings,
                self.path_text.value.strip(),
                target=self.target,
                overwrite=self.overwrite_checkbox.value,
            )
        except KamtoolsError as exc:
            self.export_html.value = block(
                f"<b style='color:{BAD}'>{_TEXT['failed'].format(reason=esc(exc))}</b>",
                border=BAD,
            )
        else:
            self.export_html.value = block(
                f"<b style='color:{GOOD}'>{_TEXT['saved'].format(path=esc(path))}</b>",
                border=GOOD,
            )

    # ------------------------------------------------------------------ rendering
    def _refresh(self) -> None:
        ratings, target = self.ratings, self.target
        items = competency_items()
        column = f"target_{target}"
        for item_id, item in items.iterrows():
            origin = (
                _TEXT["from_article"] if item["source"] == "article" else _TEXT["from_framework"]
            )
            if item["kind"] == "trait":
                origin = f"{_TEXT['trait']}, {origin}"
            goal = _TEXT["target_is"].format(level=int(item[column]))
            self._statement[item_id].value = block(
                f"{esc(item['statement'])} <span style='color:#555; font-size:14px'>"
                f"({esc(origin)}; {esc(goal)})</span>"
            )
            level = ratings[item_id]
            self._anchor[item_id].value = block(f"&nbsp;{esc(self._scale[level])}")
        self.moved_html.value = block(
            esc(
                _TEXT["moved"].format(
                    n=len(self.moved), total=len(self.sliders), start=START_RATING
                )
            )
        )
        self.top_gaps: pd.DataFrame = top_competency_gaps(ratings, target=target)
        self.area_scores: pd.DataFrame = competency_area_scores(ratings, target=target)
        self.radar_image.value = self._radar_png(ratings, target)
        self.gaps_html.value = self._gaps_html(self.top_gaps)

    @staticmethod
    def _radar_png(ratings: dict[str, int], target: str) -> bytes:
        from matplotlib.figure import Figure

        fig = Figure(figsize=(7.5, 6.5), layout="constrained")
        ax = fig.add_subplot(projection="polar")
        plot_competency_radar(ratings, target=target, ax=ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    @staticmethod
    def _gaps_html(top: pd.DataFrame) -> str:
        if top.empty:
            return block(f"<b style='color:{GOOD}'>{_TEXT['no_gaps']}</b>", border=GOOD)
        parts = [f"<h3 style='margin:0 0 6px; font-size:1.2em'>{_TEXT['top']}</h3><ol>"]
        for item_id, row in top.iterrows():
            line = _TEXT["gap_line"].format(
                rating=int(row["rating"]), target=int(row["target"]), gap=int(row["gap"])
            )
            actions = "".join(f"<li>{esc(a)}</li>" for a in row["actions"])
            parts.append(
                f"<li style='margin-bottom:10px' data-item='{esc(item_id)}'>"
                f"<b>{esc(row['statement'])}</b><br>"
                f"<span style='color:#555'>{esc(row['area_name'])}: {esc(line)}</span>"
                f"<ul style='margin:4px 0'>{actions}</ul></li>"
            )
        parts.append("</ol>")
        return block("".join(parts), border=BAD)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the self-assessment."""
        close_tree(self.root)
