"""SelfAssessment widget, driven headless: move sliders, switch the target, export."""

from __future__ import annotations

import html
import re

import pytest

import kamtools as kt
from kamtools.widgets.self_assessment import START_RATING, SelfAssessment

ITEMS = kt.competency_items()


def text(widget) -> str:
    """The text a learner reads in an HTML widget: tags removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


@pytest.fixture
def sa():
    w = SelfAssessment()
    yield w
    w.close()


def test_one_slider_per_item_grouped_by_area(sa):
    assert list(sa.sliders) == list(ITEMS.index)
    assert all(s.value == START_RATING and (s.min, s.max) == (1, 5) for s in sa.sliders.values())
    areas = kt.competency_areas()
    assert len(sa.accordion.children) == len(areas)
    assert (
        sa.accordion.titles[0]
        == f"Strategic thinking ({(ITEMS['area'] == 'strategic_thinking').sum()})"
    )
    assert sa.ratings == {item_id: 3 for item_id in ITEMS.index}
    assert sa.moved == set()
    assert "You have rated 0 of" in text(sa.moved_html)


def test_moving_a_slider_updates_gaps_chart_and_anchor(sa):
    chart_before = sa.radar_image.value
    assert chart_before[:4] == b"\x89PNG"
    sa.sliders["listening"].value = 1
    assert sa.ratings["listening"] == 1
    assert sa.moved == {"listening"}
    assert "You have rated 1 of" in text(sa.moved_html)
    # Gap 4 - 1 = 3 is now the largest.
    assert sa.top_gaps.index[0] == "listening"
    shown = text(sa.gaps_html)
    assert "I listen without interrupting" in shown
    assert "rated 1, target 4 (gap 3)" in shown
    for action in ITEMS.loc["listening", "actions"]:
        assert action in shown
    assert sa.radar_image.value != chart_before
    assert "Not yet" in text(sa._anchor["listening"])
    assert sa.area_scores.loc["communication", "rating"] == pytest.approx((1 + 3 * 4) / 5)


def test_switching_to_the_senior_target(sa):
    gaps_before = sa.gaps_html.value
    sa.target_toggle.value = "senior"
    assert sa.target == "senior"
    assert sa.gaps_html.value != gaps_before
    # Every senior target is 4 or 5, so with all sliders at 3 every item has a gap.
    assert (sa.top_gaps["gap"] >= 1).all() and len(sa.top_gaps) == 3
    assert "target 5" in text(sa._statement["listening"])


def test_no_gaps_message_then_one_gap():
    w = SelfAssessment(ratings={item_id: 5 for item_id in ITEMS.index})
    assert w.top_gaps.empty
    assert "No item is below the target" in text(w.gaps_html)
    w.sliders["erudition"].value = 1  # target 2 for a new KAM: gap 1
    assert list(w.top_gaps.index) == ["erudition"]
    assert "rated 1, target 2 (gap 1)" in text(w.gaps_html)
    w.close()


def test_starting_ratings_and_bad_arguments():
    w = SelfAssessment("senior", ratings={"listening": 2})
    assert w.sliders["listening"].value == 2 and w.target == "senior"
    assert w.moved == {"listening"}
    w.close()
    with pytest.raises(kt.ParameterError, match=r"`target` must be one of .* but 'junior'"):
        SelfAssessment("junior")
    with pytest.raises(kt.ParameterError, match=r"rating of 'listening' must be from 1"):
        SelfAssessment(ratings={"listening": 9})


def test_export_markdown_refuses_overwrite_then_overwrites(sa, tmp_path):
    target = tmp_path / "me.md"
    sa.sliders["punctuality"].value = 1
    sa.path_text.value = str(target)
    sa.export_button.click()
    assert target.exists()
    assert "I am on time for every client meeting" in target.read_text(encoding="utf-8")
    assert "✔ Saved to" in text(sa.export_html) and str(target) in text(sa.export_html)
    # A second click must not replace the file.
    target.write_text("keep me", encoding="utf-8")
    sa.export_button.click()
    assert target.read_text(encoding="utf-8") == "keep me"
    assert "✘ Not saved" in text(sa.export_html) and "already exists" in text(sa.export_html)
    sa.overwrite_checkbox.value = True
    sa.export_button.click()
    assert target.read_text(encoding="utf-8").startswith("# My key account manager")
    assert "✔ Saved to" in text(sa.export_html)


def test_export_csv_and_a_bad_name(sa, tmp_path):
    sa.path_text.value = str(tmp_path / "me.csv")
    sa.export_button.click()
    lines = (tmp_path / "me.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("item,area,area_name,kind,statement,rating,target,gap,actions")
    assert len(lines) == len(ITEMS) + 1
    sa.path_text.value = str(tmp_path / "me.docx")
    sa.export_button.click()
    assert "must end in .md or .csv" in text(sa.export_html)
    assert not (tmp_path / "me.docx").exists()


def test_display_and_close(sa):
    assert "application/vnd.jupyter.widget-view+json" in sa._repr_mimebundle_()
    slider = sa.sliders["listening"]
    sa.close()
    assert sa.root.comm is None and slider.comm is None and sa.accordion.comm is None
