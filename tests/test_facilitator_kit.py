"""The facilitator's kit (issue 17): the generated pages of tools/handouts_kit.py, their figures
against kamtools, and course/FACILITATOR_KIT.md with the e-mails and the privacy rules."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
HANDOUTS = ROOT / "course" / "handouts"
KIT = ROOT / "course" / "FACILITATOR_KIT.md"

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import handouts_kit  # noqa: E402
from test_facilitator import _agendas, _sections  # noqa: E402


def _text(name: str) -> str:
    """The visible text of a committed handout, whitespace collapsed."""
    page = (HANDOUTS / name).read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _row(name: str, attr: str, value: str) -> str:
    page = (HANDOUTS / name).read_text(encoding="utf-8")
    m = re.search(rf'<tr {attr}="{re.escape(value)}"(.*?)</tr>', page, re.S)
    assert m, f"{name}: no row {attr}={value!r}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# ---------------------------------------------------------------------------------------
# The answer sheet: every figure recomputed here with kamtools' public functions
# ---------------------------------------------------------------------------------------
def _check_concentration_row(key: str, values) -> None:
    r = kt.concentration_report(values, negative="zero")
    row = _row("answer_sheet.html", "data-dataset", key)
    n, c80 = int(r["n_customers"]), int(r["customers_for_80pct"])
    expected = [
        f"{n:,}",
        _pct(r["top20pct_share"]),
        f"{c80:,} ({_pct(c80 / n)})",
        _pct(r["top1_share"]),
        f"{r['gini']:.3f}",
        f"{r['hhi']:.4f}",
    ]
    for figure in expected:
        assert figure in row, f"{key}: {figure} missing from the answer sheet row {row!r}"


def test_answer_sheet_vistula_figures_match_kamtools():
    lines = kt.load_dataset("vistula_transactions")
    revenue = kt.customer_totals(lines, customer="customer_id", amount="amount")
    _check_concentration_row("vistula-revenue", revenue)
    from kamtools.data.vistula import COST_RATES

    costs = kt.load_dataset("vistula_cost_to_serve")
    profit = kt.customer_profit(
        kt.profit_inputs(lines, costs, drivers=COST_RATES), cost_rates=COST_RATES
    )
    # one profit path: the year-end rebates are subtracted (DATASHEET.md, Vistula)
    assert profit["rebate"].sum() == pytest.approx(costs["rebate"].sum())
    pd_profit = profit["gross_margin"] - profit["cost_to_serve"] - profit["rebate"]
    assert (pd_profit - profit["profit"]).abs().max() < 1e-6
    _check_concentration_row("vistula-profit", profit["profit"])

    text = _text("answer_sheet.html")
    n_loss = int((profit["profit"] < 0).sum())
    assert f"{n_loss} of {len(profit)} customers lose money after the rebates" in text
    whale = kt.whale_curve(profit)
    assert f"{whale.total_profit:,.0f} PLN" in text
    assert f"most profitable {whale.peak_rank} customers" in text
    top10 = profit.sort_values("revenue", ascending=False).head(10)
    assert f"{int((top10['profit'] < 0).sum())} of the 10 largest customers" in text

    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    for loser in top10.index[top10["profit"] < 0]:  # named, from the data
        assert customers.at[loser, "company_name"] in text
    is_key = customers["account_manager"].isin(["Anna Kowalczyk", "Michał Jabłoński"])
    key_loss = int((profit.loc[customers.index[is_key], "profit"] < 0).sum())
    assert f"Today's key accounts: {int(is_key.sum())}, of which {key_loss} lose money" in text
    top20 = revenue.sort_values(ascending=False).index[:20]
    assert f"{int(is_key[top20].sum())} of today's 20 largest customers" in text
    candidates = int(((customers["attractiveness"] >= 7) & ~is_key).sum())
    assert f"without a key account manager: {candidates}." in text


def test_answer_sheet_northwind_figures_match_kamtools():
    details = kt.load_dataset("northwind_order_details")
    orders = kt.load_dataset("northwind_orders")[["order_id", "customer_id"]]
    lines = details.merge(orders, on="order_id", how="left")
    lines["net"] = lines["unit_price"] * lines["quantity"] * (1.0 - lines["discount"])
    totals = kt.customer_totals(lines, customer="customer_id", amount="net")
    everyone = kt.load_dataset("northwind_customers")["customer_id"]
    totals = totals.reindex(totals.index.union(everyone), fill_value=0.0)
    _check_concentration_row("northwind-revenue", totals)


@pytest.mark.slow
def test_answer_sheet_online_retail_figures_match_kamtools():
    lines = kt.load_dataset("online_retail")
    totals = kt.customer_totals(
        lines, customer="CustomerID", quantity="Quantity", price="UnitPrice"
    )
    _check_concentration_row("online_retail-revenue", totals)


def test_the_answer_sheet_is_marked_for_the_facilitator_only():
    assert "not for participants" in _text("answer_sheet.html").lower()


# ---------------------------------------------------------------------------------------
# Agenda, plan, feedback, attendance
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Half-day", "Full-day"])
def test_participant_agenda_has_the_guides_blocks_and_times(name):
    _, start, end, rows = _agendas()[name]
    page = (HANDOUTS / "participant_agenda.html").read_text(encoding="utf-8")
    section = page[page.index(f'data-agenda="{name}"') :]
    section = section[: section.index("</section>")]
    shown = re.findall(r'<tr data-block="([^"]+)"><td>(\d\d:\d\d)-(\d\d:\d\d)</td>', section)
    assert [(html.unescape(b), s, e) for b, s, e in shown] == [
        (r["Block"], r["Start"], r["End"]) for r in rows
    ]
    assert f"{start}-{end}" in section
    # Participants see what happens, not the facilitator's notes.
    assert "What happens" not in section and "Section 6" not in section


def test_both_agendas_end_with_a_feedback_round():
    for name, (_, _, _, rows) in _agendas().items():
        assert "feedback" in (rows[-1]["Block"] + rows[-1]["What happens"]).lower(), name
        assert "feedback_form" in rows[-1]["What happens"], name


def test_thirty_day_plan_covers_every_module_after_00_with_their_minutes():
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    minutes = {m["file"][:2]: int(m["minutes"]) for m in modules["modules"]}
    page = (HANDOUTS / "thirty_day_plan.html").read_text(encoding="utf-8")
    planned = re.findall(r'data-module="(\d\d)"', page)
    # module 00 is pre-work; 01-10 in course order, 09 (the Polish rules) and 10 (your own
    # portfolio report) with the plan
    assert planned == sorted(minutes)[1:] == [f"{i:02d}" for i in range(1, 11)]
    for number in planned:
        assert _row("thirty_day_plan.html", "data-module", number).endswith(str(minutes[number]))
    total = sum(minutes[n] for n in planned)
    assert f"About {round(total / 60)} hours in four weeks" in _text("thirty_day_plan.html")


def test_feedback_form_and_summary_ask_the_same_questions():
    page = (HANDOUTS / "feedback_form.html").read_text(encoding="utf-8")
    asked = re.findall(r'<tr data-question="([^"]+)"', page)
    summarised = re.findall(r'<tr data-summary="([^"]+)"', page)
    assert asked == summarised == [q for q, _ in handouts_kit.FEEDBACK_RATINGS]
    text = _text("feedback_form.html")
    assert "Results summary" in text and "Average" in text
    for _, question in handouts_kit.FEEDBACK_OPEN:
        assert question in text


def test_attendance_sheet_fits_a_room_of_twelve_and_asks_for_no_more_than_needed():
    page = (HANDOUTS / "attendance_sheet.html").read_text(encoding="utf-8")
    assert page.count('<tr style="height:8.6mm">') >= 12
    assert "e-mail address" not in _text("attendance_sheet.html").lower()


# ---------------------------------------------------------------------------------------
# FACILITATOR_KIT.md: the e-mails, the one-company variant, privacy and the data folder
# ---------------------------------------------------------------------------------------
def test_kit_page_has_every_part():
    parts = list(_sections(KIT.read_text(encoding="utf-8"), 2))
    assert parts == [
        "1. Pre-work e-mail (2 weeks before)",
        "2. Follow-up e-mail (the day after)",
        "3. Activity A for a room from one company",
        "4. Feedback and its results summary",
        "5. A dry run of the half day, with the real artefacts",
    ]


def test_pre_work_email_names_the_file_to_bring_and_the_privacy_rules():
    email = _sections(KIT.read_text(encoding="utf-8"), 2)["1. Pre-work e-mail (2 weeks before)"]
    text = " ".join(email.replace(">", " ").split()).lower()
    for needed in (
        "customer number",
        "net amount",
        "no personal data",
        "permission",
        "no customer names",
        "course/my_data/",
        "delete the file",
    ):
        assert needed in text, needed


def test_files_named_in_the_kit_exist():
    text = KIT.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:course|tools)/[^`\s<>*]+)`", text))
    assert named and not [p for p in named if not (ROOT / p).exists()]
    built = set(re.findall(r"`([a-z_]+)\.pdf`", text))
    handouts = {p.stem for p in HANDOUTS.glob("*.html")} | {"roleplay_print_all"}
    assert built and built <= handouts, built - handouts


def test_learners_data_folder_is_documented_and_ignored_by_git():
    readme = ROOT / "course" / "my_data" / "README.md"
    assert "Git ignores every file here" in readme.read_text(encoding="utf-8")
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "course/my_data/crm_export.xlsx"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0, "course/my_data/ files are not ignored by git"
    kept = subprocess.run(
        ["git", "check-ignore", "-q", "course/my_data/README.md"], cwd=ROOT, check=False
    )
    assert kept.returncode == 1, "the folder's README must stay in the repository"


# ---------------------------------------------------------------------------------------
# What the room sees in the explorer during Activity A
# ---------------------------------------------------------------------------------------
def _visible(html_text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def test_the_explorer_on_a_teams_file_of_shares_does_not_say_total_1():
    import pandas as pd

    shares = pd.Series([0.5, 0.3, 0.2], index=["C0001", "C0002", "C0003"], name="net_value")
    explorer = kt.ParetoExplorer(shares)  # the file the guide's Activity A code writes
    try:
        text = _visible(explorer.readouts_html.value)
    finally:
        explorer.close()
    assert "total revenue 1" not in text
    assert "shares of the total (they add up to 100%)" in text


def test_the_chart_labels_the_top_20_point_as_the_readouts_do():
    lines = kt.load_dataset("vistula_transactions")
    revenue = kt.customer_totals(lines, customer="customer_id", amount="amount")
    label = f"{kt.top_share(revenue, 0.2):.1%} of revenue"
    explorer = kt.ParetoExplorer("vistula")
    try:
        assert label in _visible(explorer.readouts_html.value)
    finally:
        explorer.close()
    ax = kt.plot_pareto(revenue, value_label="revenue")
    notes = [t.get_text() for t in ax.right_ax.texts]
    assert any(label in note for note in notes), notes
    assert not any("of the value" in note for note in notes)
