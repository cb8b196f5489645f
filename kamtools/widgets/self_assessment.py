"""SelfAssessment: rate yourself on the KAM competencies, see your profile and top gaps.

A thin view over :mod:`kamtools.learning.competencies`: gaps, area averages, the radar chart and
the export all come from there (unit-tested); this module only wires the sliders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..errors import KamtoolsError, WrongTypeError
from ..learning.competencies import (
    COMPETENCY_TARGETS,
    CompetencyTarget,
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
from ..messages import t
from ..progress import Draft
from ._drafts import draft_note
from ._teaching import (
    BAD,
    GOOD,
    INFO,
    ExportControls,
    View,
    agg_figure,
    block,
    canvas_png,
    captured,
    esc,
    root_box,
)

__all__ = ["SelfAssessment"]

#: File the export button writes to unless the learner types another name.
DEFAULT_EXPORT = "my_kam_self_assessment.md"

#: Where every slider starts (the middle of the scale).
START_RATING = 3


class SelfAssessment(View):
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
    autosave : bool, default True
        Save the ratings and the target in the progress store as the learner moves the
        sliders, and set them again when the cell runs again (also after a kernel
        restart). Saved ratings take the place of ``ratings`` and ``target``.
    draft_key : str, default "self_assessment"
        Key of the saved ratings.

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
        The items rated so far: slider moved, given in ``ratings``, or restored
        (``moved_html`` shows the count).
    draft : kamtools.progress.Draft
        Where the ratings are saved as the learner moves the sliders.
    restored : bool
        True if saved ratings were set when the widget was made.
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
        target: CompetencyTarget = "new",
        *,
        ratings: Mapping[str, int] | None = None,
        export_path: str = DEFAULT_EXPORT,
        autosave: bool = True,
        draft_key: str = "self_assessment",
    ) -> None:
        target = _check_target(target)
        given = _ratings(ratings or {})
        if not isinstance(autosave, bool):
            raise WrongTypeError(f"`autosave` must be True or False, but {autosave!r} was passed.")
        self.draft = Draft(draft_key, enabled=autosave)
        self.restored = False
        saved = self.draft.load()
        if isinstance(saved, dict):
            try:  # a damaged draft, or items removed since, must not break the widget
                restored = _ratings(
                    {k: v for k, v in saved.get("ratings", {}).items() if k in given.index}
                )
                target = _check_target(saved.get("target", target))
            except (KamtoolsError, AttributeError, TypeError):
                restored = None
            if restored is not None:
                given = restored.combine_first(given)
                self.restored = bool(restored.notna().any())
        start = given.fillna(START_RATING).astype(int)
        #: Ids of the items the learner has rated: moved a slider, given, or restored.
        self.moved: set[str] = set(given.dropna().index)
        items = competency_items()
        areas = competency_areas()
        scale = rating_scale()
        self._scale = scale
        self.out = widgets.Output()

        target_labels = {
            "new": t("self_assessment.target_new"),
            "senior": t("self_assessment.target_senior"),
        }
        self.target_toggle = widgets.ToggleButtons(
            options=[(target_labels[key], key) for key in COMPETENCY_TARGETS],
            value=target,
            description=t("self_assessment.compare"),
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
                t("self_assessment.items", title=name, n=int(counts[aid]))
                for aid, name in zip(areas.index, areas["name"], strict=True)
            ),
        )
        self.radar_image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.gaps_html = widgets.HTML(layout=widgets.Layout(max_width="760px"))
        export = ExportControls(
            export_path,
            file_label=t("self_assessment.file"),
            button_label=t("self_assessment.export"),
            save=lambda path, overwrite: export_assessment(
                self.ratings, path, target=self.target, overwrite=overwrite
            ),
            out=self.out,
        )
        self.path_text, self.overwrite_checkbox = export.path_text, export.overwrite_checkbox
        self.export_button, self.export_html = export.button, export.message_html
        self.moved_html = widgets.HTML()
        self.draft_html = widgets.HTML(draft_note(self.draft, restored=self.restored))
        self.target_toggle.observe(captured(self.out, self._on_change), names="value")

        scale_html = "".join(
            f"<li><b>{level}</b> {esc(text)}</li>" for level, text in scale.items()
        )
        intro = widgets.HTML(
            block(
                f"<h2 style='margin:0 0 6px; font-size:1.5em'>{t('self_assessment.title')}</h2>"
                f"<p style='margin:4px 0'>{t('self_assessment.intro')}</p>"
                f"<ul style='margin:4px 0'>{scale_html}</ul>",
                border=INFO,
            )
        )
        results = widgets.Box(
            [self.radar_image, self.gaps_html],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        self.root = root_box(
            [
                intro,
                self.draft_html,
                self.target_toggle,
                self.accordion,
                widgets.HTML(
                    block(f"<h3 style='margin:8px 0 0'>{t('self_assessment.results')}</h3>")
                ),
                self.moved_html,
                results,
                export.box,
                self.export_html,
                self.out,
            ]
        )
        self._refresh()

    # ------------------------------------------------------------------ state
    @property
    def target(self) -> CompetencyTarget:
        return self.target_toggle.value

    @property
    def ratings(self) -> dict[str, int]:
        """Item id -> current rating (1-5), for every item."""
        return {item_id: int(s.value) for item_id, s in self.sliders.items()}

    # ------------------------------------------------------------------ callbacks
    def _on_change(self, _change: dict[str, Any]) -> None:
        self._refresh()
        self._save()

    def _on_slide(self, item_id: str, _change: dict[str, Any]) -> None:
        self.moved.add(item_id)
        self._refresh()
        self._save()

    def _save(self) -> None:
        ratings = self.ratings
        self.draft.save(
            {"ratings": {i: ratings[i] for i in sorted(self.moved)}, "target": self.target}
        )

    # ------------------------------------------------------------------ rendering
    def _refresh(self) -> None:
        ratings, target = self.ratings, self.target
        items = competency_items()
        column = f"target_{target}"
        for key, item in items.iterrows():
            item_id = str(key)  # the index of competency_items(): the item ids
            origin = (
                t("self_assessment.from_article")
                if item["source"] == "article"
                else t("self_assessment.from_framework")
            )
            if item["kind"] == "trait":
                origin = f"{t('self_assessment.trait')}, {origin}"
            goal = t("self_assessment.target_is", level=int(item[column]))
            self._statement[item_id].value = block(
                f"{esc(item['statement'])} <span style='color:#555; font-size:14px'>"
                f"({esc(origin)}; {esc(goal)})</span>"
            )
            level = ratings[item_id]
            self._anchor[item_id].value = block(f"&nbsp;{esc(self._scale[level])}")
        self.moved_html.value = block(
            esc(
                t(
                    "self_assessment.moved",
                    n=len(self.moved),
                    total=len(self.sliders),
                    start=START_RATING,
                )
            )
        )
        self.top_gaps: pd.DataFrame = top_competency_gaps(ratings, target=target)
        self.area_scores: pd.DataFrame = competency_area_scores(ratings, target=target)
        self.radar_image.value = self._radar_png(ratings, target)
        self.gaps_html.value = self._gaps_html(self.top_gaps)

    @staticmethod
    def _radar_png(ratings: dict[str, int], target: CompetencyTarget) -> bytes:
        figure = agg_figure((7.5, 6.5))
        plot_competency_radar(ratings, target=target, ax=figure.add_subplot(projection="polar"))
        figure.canvas.draw()
        return canvas_png(figure.canvas)

    @staticmethod
    def _gaps_html(top: pd.DataFrame) -> str:
        if top.empty:
            return block(f"<b style='color:{GOOD}'>{t('self_assessment.no_gaps')}</b>", border=GOOD)
        parts = [f"<h3 style='margin:0 0 6px; font-size:1.2em'>{t('self_assessment.top')}</h3><ol>"]
        for item_id, row in top.iterrows():
            line = t(
                "self_assessment.gap_line",
                rating=int(row["rating"]),
                target=int(row["target"]),
                gap=int(row["gap"]),
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
