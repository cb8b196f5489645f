"""Competency self-assessment: the content file, gaps, area scores, the radar chart, export."""

from __future__ import annotations

import copy
import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.learning.competencies import COMPETENCIES_FILE, _parse

ITEMS = kt.competency_items()
ITEM_IDS = list(ITEMS.index)

# The source article's competencies and personal traits, each with the item that rates it.
ARTICLE_COVERAGE = {
    "negotiation": "negotiation",
    "trust-based relationships": "trust_relationships",
    "commercial sense": "commercial_sense",
    "keeping loyalty": "keeping_loyalty",
    "advising on company, products, orders": "advise_clients",
    "market knowledge": "market_knowledge",
    "foreign languages": "foreign_languages",
    "understanding each client's business": "client_business",
    "strategic thinking, anticipating needs": "anticipate_needs",
    "presenting and lobbying at events and tenders": "presenting_lobbying",
    "managing each client from negotiation to feedback": "full_cycle_management",
    "reports, sales plan, offers, documentation": "reports_plans_offers",
    "controlling contract terms and every stage": "contract_control",
    "the KAM as the company's face and ambassador": "client_ambassador",
    "stress resistance": "stress_resistance",
    "listening": "listening",
    "erudition": "erudition",
    "client orientation": "client_orientation",
    "finding an approach to each person": "approach_each_person",
    "persuasion and objection handling": "objection_handling",
    "eloquence": "eloquence",
    "results focus": "results_focus",
}


# ------------------------------------------------------------------------------ content
def test_the_shipped_file_is_valid():
    data = yaml.safe_load(COMPETENCIES_FILE.read_text(encoding="utf-8"))
    model = _parse(data, "competencies.yml")
    assert len(model.items) == len(ITEMS) >= 30
    assert list(model.scale) == [1, 2, 3, 4, 5]


def test_every_article_competency_and_trait_is_rated():
    for what, item_id in ARTICLE_COVERAGE.items():
        assert item_id in ITEMS.index, what
        assert ITEMS.loc[item_id, "source"] == "article", what


def test_areas_include_the_recognised_kam_areas():
    names = set(kt.competency_areas()["name"])
    for name in (
        "Strategic thinking",
        "Business and financial acumen",
        "Relationship building",
        "Negotiation and persuasion",
        "Communication",
        "Product and solution knowledge",
        "Planning, preparation and reporting",
        "Cross-functional leadership",
    ):
        assert name in names


def test_items_have_targets_and_two_or_three_actions():
    assert ITEMS["target_new"].between(1, 5).all()
    assert (ITEMS["target_senior"] >= ITEMS["target_new"]).all()
    assert ITEMS["actions"].map(len).between(2, 3).all()
    assert set(ITEMS["kind"]) == {"competency", "trait"}
    assert set(ITEMS["area"]) == set(kt.competency_areas().index)


def test_the_sources_note_is_hedged():
    model_sources = _parse(
        yaml.safe_load(COMPETENCIES_FILE.read_text(encoding="utf-8")), "c"
    ).sources
    assert "commonly found" in model_sources
    assert "not an official standard" in model_sources


def _valid() -> dict:
    return yaml.safe_load(COMPETENCIES_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["items"][1].update(id=d["items"][0]["id"]),
            r"c\.yml: items\[1\]\.id repeats the item id 'anticipate_needs'",
        ),
        (
            lambda d: d["items"][0].update(area="strategy"),
            r"items\[0\]\.area must be one of \[.*\], but 'strategy' was found",
        ),
        (
            lambda d: d["items"][0]["target"].update(senior=1),
            r"items\[0\]\.target\.senior must be at least the target for a new KAM \(3\), but 1",
        ),
        (
            lambda d: d["items"][0]["target"].update(new=6),
            r"items\[0\]\.target\.new must be a whole number between 1 and 5, but 6",
        ),
        (
            lambda d: d["items"][0].update(actions=["only one"]),
            r"items\[0\]\.actions must have at least 2 entries, but it has 1",
        ),
        (
            lambda d: d["items"][0].update(actions=["a", "b", "c", "d"]),
            r"items\[0\]\.actions must have at most 3 entries, but it has 4",
        ),
        (
            lambda d: d["items"][0].update(kind="skill"),
            r"items\[0\]\.kind must be one of \['competency', 'trait'\], but 'skill'",
        ),
        (
            lambda d: d["items"][0].update(statment="typo"),
            r"items\[0\]\.statment is not a known field",
        ),
        (lambda d: d["scale"].pop(5), r"scale must describe exactly the levels \[1, 2, 3, 4, 5\]"),
        (
            lambda d: d["areas"].append({"id": "empty", "name": "E", "description": "D"}),
            r"areas\.empty has no items",
        ),
        (lambda d: d.pop("targets"), r"c\.yml: targets is missing"),
    ],
)
def test_content_errors_name_the_field(change, message):
    data = copy.deepcopy(_valid())
    change(data)
    with pytest.raises(kt.DataError, match=message):
        _parse(data, "c.yml")


# ------------------------------------------------------------------------------ gaps
def test_gaps_hand_case():
    table = kt.competency_gaps({"listening": 2, "erudition": 1, "negotiation": 5})
    # listening: target 4 - 2 = 2; erudition: 2 - 1 = 1; negotiation: 3 - 5 = -2.
    assert list(table.index[:3]) == ["listening", "erudition", "negotiation"]
    assert table["gap"].iloc[:3].tolist() == [2.0, 1.0, -2.0]
    assert table["rating"].iloc[3:].isna().all()  # the 32 items not rated come last
    assert len(table) == len(ITEMS)
    assert list(table.columns) == [
        "area",
        "area_name",
        "kind",
        "statement",
        "rating",
        "target",
        "gap",
        "actions",
    ]


def test_gaps_against_the_senior_profile():
    table = kt.competency_gaps({"listening": 2}, target="senior")
    assert table.loc["listening", ["target", "gap"]].tolist() == [5, 3.0]  # 5 - 2


def test_gap_ties_are_broken_by_area_order_then_id():
    # Every one of these has target 4 for a new KAM and is rated 3: gap 1 each.
    ratings = {"punctuality": 3, "meeting_preparation": 3, "listening": 3, "business_etiquette": 3}
    table = kt.competency_gaps(ratings)
    # communication (business_etiquette, listening by id) comes before planning and
    # reporting, which comes before personal effectiveness.
    assert list(table.index[:4]) == [
        "business_etiquette",
        "listening",
        "meeting_preparation",
        "punctuality",
    ]
    # The input order does not matter.
    assert kt.competency_gaps(dict(reversed(list(ratings.items())))).index.equals(table.index)


def test_unrated_items_are_kept_as_nan_and_sorted_by_area_then_id():
    table = kt.competency_gaps({})
    assert table["rating"].isna().all() and table["gap"].isna().all()
    areas = list(kt.competency_areas().index)
    assert list(table["area"].drop_duplicates()) == areas
    first_area = table[table["area"] == areas[0]]
    assert list(first_area.index) == sorted(first_area.index)


def test_ratings_may_be_a_series_numpy_ints_whole_floats_or_none():
    series = pd.Series({"listening": np.int64(2), "eloquence": 4.0, "erudition": None})
    table = kt.competency_gaps(series)
    assert table.loc["listening", "rating"] == 2.0
    assert table.loc["eloquence", "rating"] == 4.0
    assert math.isnan(table.loc["erudition", "rating"])


@pytest.mark.parametrize(
    ("ratings", "error", "message"),
    [
        (
            {"listening": 0},
            kt.ParameterError,
            r"rating of 'listening' must be from 1 \(not yet\) to 5 \(role model\), but 0 was passed",
        ),
        ({"listening": 6}, kt.ParameterError, r"but 6 was passed"),
        (
            {"listening": 3.5},
            kt.ParameterError,
            r"rating of 'listening' must be a whole number from 1 to 5, but 3\.5",
        ),
        (
            {"listening": "3"},
            kt.WrongTypeError,
            r"rating of 'listening' must be a whole number .* but '3' was passed",
        ),
        ({"listening": True}, kt.WrongTypeError, r"but True was passed"),
        (
            {"listning": 3},
            kt.ParameterError,
            r"`ratings` has 'listning', which is not a competency item.*Did you mean 'listening'\?",
        ),
        ([3, 4], kt.WrongTypeError, r"`ratings` must map item ids to ratings.*list \[3, 4\]"),
    ],
)
def test_bad_ratings_name_the_item_and_value(ratings, error, message):
    with pytest.raises(error, match=message):
        kt.competency_gaps(ratings)


def test_bad_target_and_n():
    with pytest.raises(
        kt.ParameterError, match=r"`target` must be one of \('new', 'senior'\), but 'junior'"
    ):
        kt.competency_gaps({}, target="junior")
    with pytest.raises(kt.ParameterError, match=r"`n` must be at least 1, but 0"):
        kt.top_competency_gaps({}, n=0)
    with pytest.raises(kt.WrongTypeError, match=r"`n` must be a whole number, but 2\.5"):
        kt.top_competency_gaps({}, n=2.5)


# ------------------------------------------------------------------------------ top gaps
def test_top_gaps_keeps_only_positive_gaps_and_at_most_n():
    ratings = {"listening": 1, "punctuality": 2, "erudition": 1, "negotiation": 2, "eloquence": 5}
    # Gaps: listening 4-1=3, punctuality 4-2=2, erudition 2-1=1, negotiation 3-2=1,
    # eloquence 3-5=-2. Erudition and negotiation tie at 1: negotiation's area comes first.
    top = kt.top_competency_gaps(ratings)
    assert list(top.index) == ["listening", "punctuality", "negotiation"]
    assert list(kt.top_competency_gaps(ratings, n=5).index) == [
        "listening",
        "punctuality",
        "negotiation",
        "erudition",
    ]
    assert top.loc["listening", "actions"] == ITEMS.loc["listening", "actions"]


def test_top_gaps_is_empty_when_nothing_is_below_target():
    assert kt.top_competency_gaps({"listening": 5}).empty
    assert kt.top_competency_gaps({}).empty


# ------------------------------------------------------------------------------ areas
def test_area_scores_hand_case():
    scores = kt.competency_area_scores({"listening": 2, "eloquence": 4})
    # Communication: ratings (2 + 4) / 2 = 3.0; targets of those two (4 + 3) / 2 = 3.5.
    row = scores.loc["communication"]
    assert (row["rating"], row["target"], row["gap"], row["rated"], row["items"]) == (
        3.0,
        3.5,
        0.5,
        2,
        5,
    )
    # Product knowledge, not rated: no rating, target = mean of all its targets (3+3+2)/3.
    row = scores.loc["product_knowledge"]
    assert math.isnan(row["rating"]) and row["rated"] == 0
    assert row["target"] == pytest.approx(8 / 3)
    assert list(scores.index) == list(kt.competency_areas().index)


@given(
    st.dictionaries(st.sampled_from(ITEM_IDS), st.integers(1, 5), max_size=len(ITEM_IDS)),
    st.sampled_from(["new", "senior"]),
)
def test_gap_properties(ratings, target):
    table = kt.competency_gaps(ratings, target=target)
    column = f"target_{target}"
    for item_id, rating in ratings.items():
        assert table.loc[item_id, "gap"] == ITEMS.loc[item_id, column] - rating
    rated = table["gap"].dropna()
    assert len(rated) == len(ratings)
    assert (rated.diff().dropna() <= 0).all()  # largest gap first
    assert table["gap"].isna().to_numpy()[len(ratings) :].all()  # unrated last
    top = kt.top_competency_gaps(ratings, target=target)
    assert len(top) <= 3 and (top["gap"] > 0).all()
    scores = kt.competency_area_scores(ratings, target=target)
    assert scores["rating"].dropna().between(1, 5).all()
    assert scores["rated"].sum() == len(ratings)


# ------------------------------------------------------------------------------ radar
def test_radar_draws_area_averages_and_target():
    ax = kt.plot_competency_radar({"listening": 2, "eloquence": 4}, target="senior")
    assert ax.name == "polar"
    you, goal = ax.get_lines()[:2]
    assert (you.get_label(), goal.get_label()) == ("You", "Target: senior KAM")
    scores = kt.competency_area_scores({"listening": 2, "eloquence": 4}, target="senior")
    position = list(scores.index).index("communication")
    assert you.get_ydata()[position] == 3.0
    assert goal.get_linestyle() == "--"  # not only colour tells them apart
    assert len(you.get_xdata()) == len(scores) + 1  # the polygon is closed
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "Strategic thinking"


def test_radar_on_a_given_polar_axes_and_refusing_a_flat_one():
    fig = plt.figure()
    polar = fig.add_subplot(1, 2, 1, projection="polar")
    assert kt.plot_competency_radar({}, ax=polar) is polar
    flat = fig.add_subplot(1, 2, 2)
    with pytest.raises(kt.WrongTypeError, match=r"`ax` must be a polar matplotlib Axes"):
        kt.plot_competency_radar({}, ax=flat)


def test_radar_with_bad_ratings_leaves_no_empty_figure():
    before = plt.get_fignums()
    with pytest.raises(kt.ParameterError):
        kt.plot_competency_radar({"listening": 9})
    assert plt.get_fignums() == before


# ------------------------------------------------------------------------------ export
def test_markdown_report():
    text = kt.assessment_markdown({"listening": 1, "erudition": 1}, target="new")
    assert text.startswith("# My key account manager self-assessment\n")
    assert "Compared with: **A new key account manager (first year in the role)**" in text
    assert "Rated 2 of" in text
    # Largest gap first: listening 4 - 1 = 3, then erudition 2 - 1 = 1.
    first = text.index("1. **I listen without interrupting")
    second = text.index("2. **My broad general knowledge")
    assert first < second
    for action in ITEMS.loc["listening", "actions"]:
        assert f"   - {action}" in text
    assert "| Communication | 1.0 | 4.0 | 3.0 |" in text
    items_part = text[text.index("## All items") :]
    assert len(re.findall(r"\| not rated \| \d \|$", items_part, flags=re.M)) == len(ITEMS) - 2
    assert "No rated item is below the target" in kt.assessment_markdown({"listening": 5})


def test_export_markdown_and_csv(tmp_path):
    md = kt.export_assessment({"listening": 2}, tmp_path / "me.md")
    assert md == (tmp_path / "me.md").resolve()
    assert "I listen without interrupting" in md.read_text(encoding="utf-8")
    csv = kt.export_assessment({"listening": 2}, tmp_path / "me.CSV", target="senior")
    back = pd.read_csv(csv, index_col="item")
    assert len(back) == len(ITEMS)
    assert back.loc["listening", "gap"] == 3.0  # senior target 5 - 2
    assert (
        back.loc["listening", "actions"].count(" | ") == len(ITEMS.loc["listening", "actions"]) - 1
    )


def test_export_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "me.md"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(
        kt.ParameterError, match=r"`path` '.*me\.md' already exists; pass overwrite=True"
    ):
        kt.export_assessment({"listening": 2}, path)
    assert path.read_text(encoding="utf-8") == "keep me"
    kt.export_assessment({"listening": 2}, path, overwrite=True)
    assert path.read_text(encoding="utf-8").startswith("# My key account")


def test_export_bad_paths(tmp_path):
    with pytest.raises(
        kt.ParameterError, match=r"`path` must end in \.md or \.csv, but '.*me\.txt'"
    ):
        kt.export_assessment({}, tmp_path / "me.txt")
    with pytest.raises(kt.ParameterError, match=r"is in a folder that does not exist"):
        kt.export_assessment({}, tmp_path / "nope" / "me.md")
    with pytest.raises(kt.WrongTypeError, match=r"`path` must be a file path .* but 3"):
        kt.export_assessment({}, 3)
    with pytest.raises(kt.WrongTypeError, match=r"`overwrite` must be True or False, but 'yes'"):
        kt.export_assessment({}, tmp_path / "me.md", overwrite="yes")
    assert list(tmp_path.iterdir()) == []
