"""Tests of module 09 (Key account management in Poland): its checks, answers and notebook.

The checks of 09_polish_business_context.yml are answered right, with every listed
mistake (whose message must never give the expected value away) and not at all; the
hand-computed answers agree with kamtools.analysis.payment_terms; the notebook's claims about
Vistula's data hold; no data figure is typed into its Markdown; the legal content carries
its "not legal advice" box, the date checked and its articles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import test_checks_content as content  # the shared right/wrong/leak checks of every spec
import yaml

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.content.answers import compute

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "09_polish_business_context.ipynb"
MODULE = "09_polish_business_context"


def _ex():
    return exercise(MODULE, recorder=lambda *args, **kwargs: None)


def _spec() -> dict:
    return yaml.safe_load(kt.checks.spec.spec_path(MODULE).read_text(encoding="utf-8"))


def _right(question) -> list[str]:
    return [o["text"] for o in question._checker.options if o.get("correct")]


@pytest.fixture(scope="module")
def cells() -> list[dict]:
    """The notebook's cells without the generated navigation (tagged nav-top / nav-bottom)."""
    all_cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    nav = {"nav-top", "nav-bottom"}
    return [c for c in all_cells if not nav & set(c.get("metadata", {}).get("tags", []))]


def _text(cells: list[dict], kind: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def namespace(cells) -> dict:
    """The names the notebook defines, running its code cells up to the check cells."""
    ns: dict = {}
    for cell in cells:
        source = "".join(cell["source"])
        widget = ("kt.DossierBuilder", "kt.RolePlay", "kt.PaymentTermCalculator", "kt.Quiz")
        if cell["cell_type"] != "code" or any(w in source for w in widget):
            continue
        if ".check(" in source or re.fullmatch(r"ex\.q\d+", source):
            continue
        exec(source, ns)
    return ns


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------
def test_right_answers_pass_and_wrong_ones_never_leak():
    ex = _ex()
    assert 8 <= len(ex.questions) <= 12
    for question in ex.questions:
        content.BY_TYPE[question.type](question)


def test_every_question_handles_blank_and_wrong_kind():
    for question in _ex().questions:
        assert content._check_pair(question, ____).outcome == "not_attempted"
        assert content._check_pair(question, object()).outcome == "uncheckable", question.id
        assert question.hint() and question.solution()


def test_the_checks_are_of_varied_types_and_shuffled():
    spec = _spec()
    types = {q["type"] for q in spec["questions"]}
    assert {"single_choice", "numeric", "reflection"} <= types
    for q in spec["questions"]:
        if q["type"] == "single_choice":
            assert q["shuffle"] is True, q["id"]
            assert len(q["options"]) == 4
            assert all(o.get("explanation") for o in q["options"]), q["id"]


def test_options_are_of_similar_length():
    # At most a quarter of this module's choice checks have the right option strictly
    # longest, and no option is more than 1.4 times as long as the shortest.
    choice = [q for q in _spec()["questions"] if q["type"] == "single_choice"]
    longest = 0
    for q in choice:
        lengths = [len(_flat(o["text"])) for o in q["options"]]
        right = next(i for i, o in enumerate(q["options"]) if o.get("correct"))
        longest += all(lengths[right] > n for i, n in enumerate(lengths) if i != right)
        assert max(lengths) <= 1.4 * min(lengths), (q["id"], lengths)
    assert 4 * longest <= len(choice)


def test_no_figure_is_typed_where_it_is_computed():
    for q in _spec()["questions"]:
        if q["type"] == "numeric":
            assert "expected" not in q and "expected_from" in q, q["id"]


def test_term_extension_by_hand():
    # 3,200,000 PLN a year, 45 -> 75 days, 9%: 3.2e6 * 30 / 365 = 263,013.70 tied up,
    # times 0.09 = 23,671.23 PLN a year.
    assert compute("term_extension_capital") == pytest.approx(263_013.70, abs=0.01)
    assert compute("term_extension_cost") == pytest.approx(23_671.23, abs=0.01)
    assert compute("term_extension_whole_term_cost") == pytest.approx(59_178.08, abs=0.01)
    assert compute("term_extension_rate_in_percent") == pytest.approx(2_367_123.29, abs=0.01)
    q3 = next(q for q in _spec()["questions"] if q["id"] == "q3")
    for figure in ("3.2 million PLN", "45-day", "75 days", "9%"):
        assert figure in _flat(q3["prompt"]), figure
    ex = _ex()
    assert ex.q3.check(23_671).outcome == "correct"
    assert ex.q3.check(263_014).outcome != "correct"


def test_lump_sum_by_hand():
    # 18,400 PLN is above 5,000 and below 50,000 PLN: 70 EUR x 4.25 = 297.50 PLN
    assert compute("lump_sum_case") == pytest.approx(297.50)
    assert compute("lump_sum_lowest_band") == pytest.approx(170.00)
    assert compute("lump_sum_highest_band") == pytest.approx(425.00)
    assert compute("lump_sum_in_euros") == pytest.approx(70)
    q4 = next(q for q in _spec()["questions"] if q["id"] == "q4")
    assert "18,400 PLN" in q4["prompt"] and "4.25 PLN" in _flat(q4["prompt"])
    assert _ex().q4.check(297.5).outcome == "correct"


def test_the_choice_answers_are_the_intended_ones():
    ex = _ex()
    assert "at most 60 days" in _right(ex.q1)[0]
    assert kt.max_payment_term("hospital").days == 60  # what q1's right option says
    assert "may not agree more than 60 days" in _right(ex.q2)[0]
    assert kt.max_payment_term("large", supplier_size="sme").binding  # q2
    assert "Approves any new part" in _right(ex.q5)[0]
    assert "within a month" in _right(ex.q6)[0]
    assert _right(ex.q7)[0].startswith("Decline clearly and kindly")
    assert "296a" in _right(ex.q8)[0]
    assert "market consultation" in _right(ex.q9)[0]
    assert "lowest total price" in _right(ex.q10)[0]


def test_the_solutions_cite_their_articles():
    solutions = {q["id"]: _flat(q["solution"]) for q in _spec()["questions"] if "solution" in q}
    assert "art. 8 ust. 2" in solutions["q1"]
    assert "art. 7 ust. 2a" in solutions["q2"]
    assert "art. 10 ust. 1" in solutions["q4"]
    assert "art. 5(1)(c)" in solutions["q5"] and "art. 9" in solutions["q5"]
    assert "art. 15" in solutions["q6"] and "art. 12(3)" in solutions["q6"]
    assert "art. 229" in solutions["q7"] and "art. 228" in solutions["q7"]
    assert "art. 296a" in solutions["q8"]
    assert "art. 84" in solutions["q9"] and "art. 135" in solutions["q9"]


# ---------------------------------------------------------------------------------------
# The data question and the notebook's data claims
# ---------------------------------------------------------------------------------------
def test_large_buyers_over_60_against_the_data():
    customers = kt.load_dataset("vistula_customers")
    large = customers[
        (customers["buyer_type"] == "private") & (customers["company_size"] == "large")
    ]
    expected = int((large["payment_terms_days"] > 60).sum())
    assert compute("large_buyers_over_60") == expected
    assert expected > 0  # the planted compliance problem exists
    assert _ex().q11.check(expected).outcome == "correct"
    # The mistakes are different numbers, so each gets its own message.
    values = [
        compute(m)
        for m in ("large_buyers_at_least_60", "large_buyers_paying_after_60", "large_buyers_all")
    ]
    assert expected not in values and len(set(values)) == 3
    # Every customer over a binding legal limit is one of those large buyers: the public
    # buyers at 60 days are hospitals, and no SME buyer has more than 60 days.
    assert compute("customers_over_legal_limit") == expected
    table = compute("terms_customers")
    public_60 = table[(table["buyer_type"] == "public") & (table["payment_terms_days"] > 30)]
    assert (public_60["buyer"] == "hospital").all()
    assert compute("large_buyers_over_60_list").shape[0] == expected


def test_notebook_tables_are_the_answers_tables(namespace):
    over_60 = namespace["over_60"]
    expected = compute("large_buyers_over_60_list")
    assert sorted(over_60.index) == sorted(expected.index)
    pd.testing.assert_series_equal(
        namespace["customers"]["revenue_2025"].rename("revenue"),
        compute("terms_customers")["revenue"],
        check_names=False,
    )
    tied_up = namespace["tied_up"]
    assert tied_up == pytest.approx(compute("receivables_capital"))
    assert tied_up * namespace["COST_OF_CAPITAL"] == pytest.approx(compute("receivables_cost"))


def test_notebook_numbers_in_text_by_hand(cells):
    markdown = _flat(_text(cells, "markdown"))
    # "For a client buying 2 million PLN a year, from 30 to 60 days, at Vistula's 9%"
    assert "2 million PLN a year, from 30 to 60 days" in markdown
    assert kt.working_capital_cost(2_000_000, 30) == pytest.approx(2e6 * 30 / 365 * 0.09)
    # "An invoice of 12,000 PLN paid late, with the euro at 4.30 PLN" -> 70 euro
    assert "An invoice of 12,000 PLN paid late, with the euro at 4.30 PLN" in markdown
    assert kt.recovery_lump_sum(12_000, eur_pln=4.30) == pytest.approx(70 * 4.30)
    # Linurpor is large (the module 06 figures, million PLN): revenue above 500 and current
    # assets near 200, so turnover above 50 million euro and a balance sheet above 43 million
    # euro at any euro rate under 4.5 PLN (the EU ceilings of a medium-sized company).
    assert "revenue of more than 500 million PLN and current assets alone of nearly 200" in markdown
    statements = compute("client_statements")
    assert statements["revenue"].iloc[-1] > 500
    assert 190 < statements["current_assets"].iloc[-1] < 200
    assert statements["current_assets"].iloc[-1] / 4.5 > 43


def test_markdown_quotes_no_data_figure(cells):
    markdown = _text(cells, "markdown")
    figures = [
        compute("large_buyers_over_60"),
        compute("receivables_capital"),
        compute("receivables_cost"),
        compute("large_buyers_at_least_60"),
        compute("large_buyers_all"),
    ]
    for value in figures:
        for form in content._written_forms(value):
            if len(form.strip("0.,%-")) >= 3:  # small counts are ordinary words of text
                assert not re.search(rf"(?<![\d.,]){re.escape(form)}(?![.,]?\d)", markdown), form
    for name in compute("large_buyers_over_60_list")["company_name"]:
        assert name not in markdown


# ---------------------------------------------------------------------------------------
# Legal content: sources, date checked, not legal advice
# ---------------------------------------------------------------------------------------
def test_the_legal_content_is_dated_sourced_and_hedged(cells):
    markdown = _flat(_text(cells, "markdown"))
    assert "This is not legal advice." in markdown
    assert markdown.count("2026-12-05") >= 2  # the box and the sources
    for source in (
        "act of 8 March 2013 on counteracting excessive delays",
        "o terminach zapłaty w transakcjach handlowych",
        "art. 7 ust. 2a",
        "art. 8 ust. 2",
        "art. 10 ust. 1",
        "art. 13a",
        "UOKiK",
        "art. 6(1)(f)",
        "art. 14",
        "art. 5(1)(c)",
        "art. 15",
        "art. 9",
        "UODO",
        "art. 296a",
        "Art. 228 and 229",
        "Prawo zamówień publicznych",
        "130,000 PLN",
        "art. 84",
        "art. 135",
        "art. 455",
        "aukcja elektroniczna",
        "write every note as if the person will read it",
        "route to win or keep an account",
    ):
        assert source in markdown, source


def test_the_table_of_limits_agrees_with_max_payment_term(cells):
    markdown = _text(cells, "markdown")
    rows = {
        "| A **large** company buying from": ("large", "sme"),
        "| A public entity": ("public", "sme"),
        "| A public health-care provider": ("hospital", "sme"),
    }
    for start, (buyer, supplier) in rows.items():
        line = next(line for line in markdown.splitlines() if line.startswith(start))
        limit = kt.max_payment_term(buyer, supplier_size=supplier)
        assert f"{limit.days} days" in line and limit.article in line, line


def test_vistula_is_an_sme_and_the_default_rate_is_its_cost_of_capital():
    from kamtools.analysis import payment_terms
    from kamtools.data import vistula

    assert vistula.COST_OF_CAPITAL == payment_terms.DEFAULT_RATE
    assert vistula.COMPANY["sme"] is True and vistula.COMPANY["size_class"] == "medium"


# ---------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------
def test_front_matter_matches_the_course_map(cells):
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    entry = next(m for m in modules["modules"] if m["file"] == NOTEBOOK.name)
    assert entry["title"] == "Key account management in Poland"
    first = "".join(cells[0]["source"])
    assert first.startswith(f"# 09 · {entry['title']}\n")
    assert f"**Time**: about {entry['minutes']} minutes" in first
    for heading in ("**Questions this module answers**", "**Objectives**"):
        assert heading in first


def test_setup_binds_this_exercise(cells):
    setup = "".join(cells[1]["source"])
    assert f'ex = kt.exercise("{MODULE}")' in setup
    assert "from kamtools import ____" in setup


def test_every_question_is_asked_in_order(cells):
    code = _text(cells, "code")
    ids = [q.id for q in _ex().questions]
    positions = [code.index(f"ex.{qid}.check(answer)") for qid in ids]
    assert positions == sorted(positions)


def test_structure_sections_in_order(cells):
    markdown = _text(cells, "markdown")
    order = ["## Try it", "## Check yourself", "## Practice", "## Key points", "## Further reading"]
    positions = [markdown.index(h) for h in order]
    assert positions == sorted(positions)
    assert "## Analyst challenge (optional)" in markdown


def test_widgets_of_the_notebook_exist(cells):
    code = _text(cells, "code")
    assert "kt.DossierBuilder(" in code
    assert "kt.PaymentTermCalculator(" in code
    assert 'kt.RolePlay("renewal_unprepared")' in code
    assert "renewal_unprepared" in kt.list_scenarios().index
    match = re.search(r"kt\.Quiz\(ex, questions=(\[.*?\])\)", code)
    asked = json.loads(match.group(1))
    choice = [q.id for q in _ex().questions if q.type == "single_choice"]
    assert asked == choice
    kt.Quiz(_ex(), questions=asked).close()


def test_notebook_is_committed_without_outputs():
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_no_other_module_overrides_these_answers():
    from kamtools.content import answers_09
    from kamtools.content.answers import ANSWERS

    source = Path(answers_09.__file__).read_text(encoding="utf-8")
    names = re.findall(r"@register\ndef ([a-z0-9_]+)\(", source)
    assert names
    for name in names:
        assert ANSWERS[name].__module__ == answers_09.__name__, name
