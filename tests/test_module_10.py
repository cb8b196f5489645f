"""Module 10, Your own customers: its checks, the claims its text makes about the sample export
and the tool, and the shape of course/10_your_own_customers.ipynb.

The notebook's Markdown quotes no figure from data (the code cells print them). Where it says
something about the sample export or the tool in words ("two title rows", "the reader found
all of it", "every figure stays the same"), a test below checks that it is so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.data.samples import sample_invoices

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "10_your_own_customers.ipynb"
MODULE_ID = "10_your_own_customers"
SALT = "a word only you know"  # the notebook's


@pytest.fixture
def ex():
    return exercise(MODULE_ID, recorder=lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def cells() -> list[tuple[str, str]]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [
        (cell["cell_type"], "".join(cell["source"]))
        for cell in notebook["cells"]
        if not {"nav-top", "nav-bottom"} & set(cell.get("metadata", {}).get("tags", []))
    ]


@pytest.fixture(scope="module")
def markdown(cells) -> str:
    return "\n\n".join(source for kind, source in cells if kind == "markdown")


@pytest.fixture(scope="module")
def code(cells) -> list[str]:
    return [source for kind, source in cells if kind == "code"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return kt.sample_export(tmp_path_factory.mktemp("sample") / "sample.csv")


@pytest.fixture(scope="module")
def export(sample) -> kt.Export:
    return kt.read_export(sample)


# ---------------------------------------------------------------------------------------
# The notebook
# ---------------------------------------------------------------------------------------
def test_the_module_is_registered_after_09():
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    files = [m["file"] for m in modules["modules"]]
    assert (
        files.index("10_your_own_customers.ipynb")
        == files.index("09_polish_business_context.ipynb") + 1
    )


def test_the_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert [c for c in nb["cells"] if c.get("outputs") or c.get("execution_count")] == []


def test_setup_writes_the_sample_and_the_tool_opens_on_it(code):
    assert 'ex = kt.exercise("10_your_own_customers")' in code[0]
    assert "sample = kt.sample_export()" in code[0]
    assert any(re.search(r"\bkt\.YourPortfolio\(sample\)", c) for c in code)


def test_the_code_route_is_one_line_per_step(code):
    joined = "\n".join(code)
    for call in (
        "export = kt.read_export(sample)",
        "export.mapping.describe()",
        "export.report",
        "kt.portfolio_report(export.lines",
        "kt.anonymise(export, salt=",
        ".to_html()",
        ".to_excel(",
    ):
        assert call in joined, call
    # saving into my_data/ is offered commented out: running the notebook writes nothing there
    for line in joined.splitlines():
        if "my_data/" in line:
            assert line.lstrip().startswith("#"), line


def test_the_notebook_asks_every_question_of_its_spec(code):
    asked = re.findall(r"\bex\.(q\d+)\.check\(", "\n".join(code))
    assert asked == kt.checks.catalogue()[MODULE_ID] == ["q1", "q2", "q3", "q4"]


def test_privacy_comes_first_with_its_sources_and_the_legal_note(markdown):
    assert markdown.index("## Privacy first") < markdown.index("## Try it")
    for phrase in (
        "Ask for permission",
        "art. 4(1)",
        "art. 5(1)(c)",
        "Anonymise before sharing",
        "This is not legal advice; checked on 2026-12-05.",
        "`my_data/`",
    ):
        assert phrase in markdown, phrase


def test_no_figure_of_the_sample_is_typed_into_the_text(markdown, export):
    report = kt.portfolio_report(export.lines)
    figures = report.figures
    for value in (
        f"{figures['top_20_share']:.1%}",
        f"{figures['largest_share']:.1%}",
        f"{figures['gini']:.3f}",
        f"{int(figures['n_customers']):,}",
        f"{len(export.lines):,}",
    ):
        assert value not in markdown, value


# ---------------------------------------------------------------------------------------
# What the text says about the sample export
# ---------------------------------------------------------------------------------------
def test_the_sample_is_what_task_1_says_and_the_reader_finds_it_unaided(sample, export):
    # "letters in the Windows-1250 encoding, fields split by ;, decimal commas, dates as
    # dd.mm.yyyy, two title rows above the header and a total row at the bottom"
    text = sample.read_bytes().decode("cp1250").splitlines()
    with pytest.raises(UnicodeDecodeError):
        sample.read_bytes().decode("utf-8")
    assert text[0] and text[1] and text[2] == ""  # two title rows, then a blank line
    assert text[-1].split(";")[3] == "Razem"
    m = export.mapping
    assert (m.encoding, m.separator, m.decimal, m.date_format) == ("cp1250", ";", ",", "%d.%m.%Y")
    assert m.thousands == " " and m.header_row == 4
    # "its notes say why it chose the net amount"
    assert m.fields["amount"] == "Wartość netto"
    assert any("net" in note and "gross" in note for note in m.notes)


def test_task_2_every_line_is_used_or_rejected_a_sale_without_buyer_and_the_total(export):
    assert len(export.lines) + export.rejected == export.data_lines
    rejected = export.report[export.report["action"] == "rejected"]
    assert len(rejected) == 2
    reasons = " ".join(rejected["reason"])
    assert "no customer" in reasons and "total" in reasons
    # credit notes stay in, as negative amounts (the text's "exactly as module 03 netted")
    invoices = sample_invoices()
    assert (export.lines["amount"] < 0).sum() == (invoices["net"] < 0).sum() > 0
    assert export.lines["amount"].sum() == pytest.approx(invoices["net"].sum(), abs=0.01)


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_task_3_gross_in_the_amount_menu_changes_the_figures_and_net_restores_them(sample):
    w = kt.YourPortfolio(sample)
    try:
        net = dict(w.report.figures)
        assert "Wartość brutto" in [value for _, value in w.field_dropdowns["amount"].options]
        w.field_dropdowns["amount"].value = "Wartość brutto"
        assert w.report.figures["total"] > net["total"]
        w.field_dropdowns["amount"].value = "Wartość netto"
        assert w.report.figures == pytest.approx(net, nan_ok=True)
    finally:
        w.close()


def test_task_5_anonymising_turns_names_into_codes_and_keeps_every_figure(export):
    shared = kt.anonymise(export, salt=SALT)
    assert not set(shared.lines["customer"]) & set(export.lines["customer"])
    before = kt.portfolio_report(export.lines).figures
    after = kt.portfolio_report(shared.lines).figures
    assert after == pytest.approx(before, nan_ok=True)
    # "the same word always gives the same codes"
    again = kt.anonymise(export, salt=SALT)
    pd.testing.assert_series_equal(again.lines["customer"], shared.lines["customer"])


def test_the_movers_compare_two_years_of_the_sample(export):
    report = kt.portfolio_report(export.lines)
    assert not report.movers.empty
    assert report.previous_period[0].year == 2024 and report.current_period[0].year == 2025


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------
RIGHT = {"q1": "Keep net", "q2": "Tick Anonymise", "q3": "Ask the finance team"}  # choices


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_the_right_option_passes_and_a_wrong_one_explains(ex, qid):
    question = getattr(ex, qid)
    letters = dict(re.findall(r"\*\*([A-D])\)\*\* (.+)", repr(question)))
    assert len(letters) == 4, repr(question)
    right = next(letter for letter, option in letters.items() if option.startswith(RIGHT[qid]))
    assert question.check(right).correct
    wrong = next(letter for letter in letters if letter != right)
    result = question.check(wrong)
    assert not result.correct and len(result.message) > 40


def _lost_revenue_by_hand() -> float:
    """q4 in plain pandas on the invoices the sample is made of: customers with net revenue
    above 0 in the previous period and none in the current one; their previous revenue."""
    invoices = sample_invoices()
    report = kt.portfolio_report(kt.read_export(kt.sample_export()).lines)
    (p0, p1), (c0, c1) = report.previous_period, report.current_period
    dates = invoices["date"]
    previous = invoices[(dates >= p0) & (dates <= p1)].groupby("customer")["net"].sum()
    current = invoices[(dates >= c0) & (dates <= c1)].groupby("customer")["net"].sum()
    current = current.reindex(previous.index, fill_value=0.0)
    return float(previous[(previous > 0) & (current <= 0)].sum())


def test_q4_is_what_the_lost_customers_bought_the_year_before(ex):
    expected = _lost_revenue_by_hand()
    assert expected > 0
    assert ex.q4.check(round(expected)).outcome == "correct"
    # the shrinking customers' fall is a different number, with its own message
    wrong = ex.q4.check(round(expected * 2))
    assert wrong.outcome != "correct"


def test_q4_hint_runs_in_the_notebook_namespace(export):
    report = kt.portfolio_report(export.lines, title="Vistula's sales register")
    value = report.movers.query("status == 'lost'")["revenue_previous"].sum()
    assert value == pytest.approx(_lost_revenue_by_hand(), abs=0.01)


def test_a_placeholder_answer_is_not_attempted(ex):
    assert ex.q1.check(____).outcome == "not_attempted"


def test_the_large_export_route_gives_the_totals_of_the_reader(sample, export):
    """'Use it at work': kt.export_totals adds up the same net amounts per customer, and
    the explorer takes its totals."""
    totals = kt.export_totals(sample, progress=False)
    expected = export.lines.groupby("customer")["amount"].sum()
    pd.testing.assert_series_equal(
        totals.totals.sort_index(), expected.sort_index(), check_names=False, atol=0.005
    )
    assert totals.lines_used + totals.rejected == totals.data_lines == export.data_lines
    explorer = kt.ParetoExplorer(totals.totals)
    explorer.close()
