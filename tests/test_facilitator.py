"""The facilitator kit: the guide's agendas, notes and activities, the setup page and the
printable handouts of tools/build_handouts.py (HTML, and PDF through headless Chromium)."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "course" / "FACILITATOR_GUIDE.md"
SETUP = ROOT / "course" / "SETUP.md"
HANDOUTS = ROOT / "course" / "handouts"

sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402
import projector  # noqa: E402

NOTE_SUBSECTIONS = (
    "What to emphasise",
    "Questions to ask the room",
    "Common misconceptions",
    "Timing risks",
)


# ---------------------------------------------------------------------------------------
# Reading the guide
# ---------------------------------------------------------------------------------------
def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


# The guide is read the way the slide builder reads it (tools/projector.py): one parser.
_sections = projector.sections
_table = projector.table


def _clock(text: str) -> datetime:
    return datetime.strptime(text, "%H:%M")


def _minutes(start: str, end: str) -> int:
    return int((_clock(end) - _clock(start)).total_seconds() // 60)


AGENDA_HEADING = re.compile(r"^(.+) agenda: (\d+) minutes \((\d\d:\d\d)-(\d\d:\d\d)\)$")


def _agendas() -> dict[str, tuple[int, str, str, list[dict[str, str]]]]:
    agendas = {}
    for heading, body in _sections(_guide(), 3).items():
        m = AGENDA_HEADING.match(heading)
        if m:
            agendas[m.group(1)] = (int(m.group(2)), m.group(3), m.group(4), _table(body))
    return agendas


def _modules() -> list[dict]:
    return yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))["modules"]


# ---------------------------------------------------------------------------------------
# Agendas
# ---------------------------------------------------------------------------------------
def test_the_guide_has_a_half_day_and_a_full_day_agenda():
    agendas = _agendas()
    assert set(agendas) == {"Half-day", "Full-day"}
    assert 180 <= agendas["Half-day"][0] <= 270  # a half day: three to four and a half hours
    assert 420 <= agendas["Full-day"][0] <= 540


@pytest.mark.parametrize("name", ["Half-day", "Full-day"])
def test_agenda_blocks_add_up_to_the_stated_length(name):
    stated, start, end, rows = _agendas()[name]
    assert _minutes(start, end) == stated, "the heading's clock times disagree with its minutes"
    assert rows[0]["Start"] == start and rows[-1]["End"] == end
    for row in rows:
        assert int(row["Minutes"]) == _minutes(row["Start"], row["End"]), row["Block"]
    for before, after in zip(rows, rows[1:], strict=False):
        assert before["End"] == after["Start"], f"gap or overlap before {after['Block']!r}"
    assert sum(int(r["Minutes"]) for r in rows) == stated
    assert any(r["Block"] == "Break" for r in rows), "breaks belong in the agenda"


def test_the_full_day_has_lunch_and_teaches_every_module():
    _, _, _, rows = _agendas()["Full-day"]
    assert any(r["Block"] == "Lunch" and int(r["Minutes"]) >= 45 for r in rows)
    taught = {m.strip() for r in rows for m in r["Module or activity"].split(",")}
    assert {m["file"][:2] for m in _modules()} <= taught
    assert {"A", "B", "C"} <= taught


@pytest.mark.parametrize("name", ["Half-day", "Full-day"])
def test_agenda_blocks_name_real_modules_and_activities(name):
    _, _, _, rows = _agendas()[name]
    numbers = {m["file"][:2] for m in _modules()}
    for row in rows:
        for item in filter(None, (s.strip() for s in row["Module or activity"].split(","))):
            assert item in numbers | {"A", "B", "C"}, f"{row['Block']}: unknown {item!r}"


# ---------------------------------------------------------------------------------------
# Teaching notes
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("module", _modules()[1:], ids=lambda m: m["file"][:2])
def test_every_module_has_teaching_notes_with_the_four_subsections(module):
    heading = f"{module['file'][:2]} · {module['title']}"
    notes = _sections(_guide(), 3)
    assert heading in notes, f"no teaching notes headed '### {heading}'"
    parts = _sections(notes[heading], 4)
    assert list(parts) == list(NOTE_SUBSECTIONS)
    for title, body in parts.items():
        items = [ln for ln in body.splitlines() if ln.startswith("- ")]
        assert items, f"{heading} / {title} is empty"


# ---------------------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------------------
ACTIVITY_HEADING = re.compile(r"^Activity ([ABC]) · (.+): (\d+) minutes$")


def _activities() -> dict[str, tuple[int, str]]:
    out = {}
    for heading, body in _sections(_guide(), 3).items():
        m = ACTIVITY_HEADING.match(heading)
        if m:
            out[m.group(1)] = (int(m.group(3)), body)
    return out


def test_the_three_group_activities_are_described():
    assert set(_activities()) == {"A", "B", "C"}


@pytest.mark.parametrize("letter", ["A", "B", "C"])
def test_activity_steps_add_up_and_match_the_agendas(letter):
    stated, body = _activities()[letter]
    steps = _table(body[body.index("**Steps**") :])
    assert sum(int(s["Minutes"]) for s in steps) == stated
    blocks = [
        int(r["Minutes"])
        for _, _, _, rows in _agendas().values()
        for r in rows
        if r["Module or activity"] == letter
    ]
    assert blocks and all(b == stated for b in blocks)


def test_role_play_rounds_match_the_timing_printed_on_the_cards():
    _, body = _activities()["B"]
    rounds = [s for s in _table(body[body.index("**Steps**") :]) if "Round" in s["Step"]]
    per_round = (
        build_handouts.READ_MINUTES + build_handouts.PLAY_MINUTES + build_handouts.DEBRIEF_MINUTES
    )
    assert len(rounds) == 3 and all(int(r["Minutes"]) == per_round for r in rounds)


def test_role_play_sets_use_real_scenarios_three_per_group():
    _, body = _activities()["B"]
    sets = _table(body[body.index("| Set |") :])
    known = set(kt.list_scenarios().index)
    for row in sets:
        chosen = [row[f"Round {i}"].strip("`") for i in (1, 2, 3)]
        assert set(chosen) <= known, row["Set"]
        assert len(set(chosen)) == 3, f"{row['Set']} repeats a scenario"


def test_the_team_pareto_names_the_columns_the_tool_and_the_privacy_rules():
    _, body = _activities()["A"]
    columns = _table(body[body.index("| Column |") :])
    assert [c["Column"] for c in columns][:3] == ["Customer id", "Net amount of the line", "Date"]
    # The tool of module 10 and its one-line route replace the pandas recipes.
    for needed in ("Your portfolio", "kt.read_export(", "kt.anonymise(", "kt.portfolio_report("):
        assert needed in body, needed
    assert "Anonymise before sharing" in body and "no names" in body.lower()
    assert "kt.read_csv_report" not in _guide() and "pd.read_csv" not in body
    # The fallback of section 7: the menus of the tool, then Vistula's sample export.
    row = next(
        r
        for r in _table(_sections(_guide(), 2)["7. When things go wrong"])
        if r["What happens"] == "A team's export does not load"
    )
    todo = row["What to do"]
    assert todo.index("menu") < todo.index("Not solvable in ten minutes")
    assert "Try the sample export" in todo.split("Not solvable in ten minutes")[1]


def _export_with_names() -> pd.DataFrame:
    """A customer export as a CRM gives it: names, returns, a line without a customer."""
    names = [
        "Zakłady Mięsne Kowalski",
        "Jan Nowak Transport",
        "Hurtownia Źródło",
        "Beta Sp. z o.o.",
    ]
    return pd.DataFrame(
        {
            "Customer": [names[0], names[1], names[0], names[2], names[3], None, names[1]],
            "Invoice": ["F1", "F2", "F3", "F4", "F5", "F6", "K1"],
            "Date": pd.to_datetime(
                [
                    "2024-03-01",
                    "2024-06-10",
                    "2025-02-03",
                    "2025-04-04",
                    "2025-05-05",
                    "2025-05-06",
                    "2025-07-07",
                ]
            ),  # fmt: skip
            "Net value": [5000.0, 1200.0, 3000.0, 800.0, 400.0, 99.0, -200.0],
        }
    )


def _guide_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", _guide(), re.S)


def _activity_a_blocks() -> list[str]:
    _, body = _activities()["A"]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def _shared_files(folder: Path) -> str:
    """The text of what the team shares: the HTML report and every sheet of the workbook."""
    page = (folder / "team_report.html").read_text(encoding="utf-8")
    sheets = pd.read_excel(folder / "team_report.xlsx", sheet_name=None)
    return page + " ".join(frame.astype(str).to_string() for frame in sheets.values())


def test_the_guides_code_runs_and_the_shared_files_hold_no_names(tmp_path, monkeypatch):
    """Every Python block of the guide, in order, on an Excel export with customer names:
    Activity A reads, anonymises and writes the report; Activity C builds its table."""
    blocks = _guide_blocks()
    assert len(_activity_a_blocks()) == 2 and len(blocks) >= 3
    export = _export_with_names()
    (tmp_path / "my_data").mkdir()
    export.to_excel(tmp_path / "my_data" / "crm_export.xlsx", index=False)
    monkeypatch.chdir(tmp_path)  # the notebook's folder: course/
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, str(GUIDE), "exec"), namespace)

    read = namespace["export"]
    assert len(read.lines) + read.rejected == read.data_lines == len(export)
    assert read.rejected == 1  # the line without a customer, in the report
    shared = _shared_files(tmp_path / "my_data")
    names = export["Customer"].dropna().unique()
    for name in names:
        assert name not in shared, "a customer name reached the shared files"
    # The codes give the same concentration figures as the names.
    by_name = kt.portfolio_report(read.lines).figures
    assert namespace["report"].figures == pytest.approx(by_name, nan_ok=True)
    assert by_name["n_customers"] == len(names)
    # The private key maps the codes back; it stays on the laptop.
    key = (tmp_path / "my_data" / "customer_key.csv").read_text(encoding="utf-8")
    assert all(name in key for name in names)
    # The debate table: today's 20 key accounts and the attractive candidates.
    shortlist = namespace["shortlist"]
    assert shortlist["key_account"].sum() == 20
    assert (shortlist.loc[~shortlist["key_account"], "attractiveness"] >= 7).all()


# The messy CSV export of Activity A: (line as Excel writes it, what the reader must do with it).
# ("keep", customer, net amount, year) or ("out", words of the reason).
NBSP = "\u00a0"
_MESSY_EXPORT = [
    ("Date;Invoice;Customer;City;Net value", None),  # the header, line 1
    (
        "14.03.2025;F/1;Zakłady Mięsne Kowalski;Łódź;2 561,99",
        ("keep", "Zakłady Mięsne Kowalski", 2561.99, 2025),
    ),
    (
        f"15.03.2025;F/2;Hurtownia Źródło;Kraków;1{NBSP}200,00",
        ("keep", "Hurtownia Źródło", 1200.0, 2025),
    ),
    (
        "20.03.2025;K/1;Zakłady Mięsne Kowalski;Łódź;(1 234,50)",
        ("keep", "Zakłady Mięsne Kowalski", -1234.5, 2025),
    ),
    ("02.01.2024;F/3;Beta Sp. z o.o.;Gdańsk;999,10", ("keep", "Beta Sp. z o.o.", 999.1, 2024)),
    ("06.05.2025;F/4;Kowalski; Syn;Łódź;500,00", ("out", "6 fields")),
    (
        "31.12.2025;F/5;Jan Nowak Transport;Poznań;1.234,50 zł",
        ("keep", "Jan Nowak Transport", 1234.5, 2025),
    ),
    ('05.05.2025;F/6;"Alfa; Beta S.A.";Wrocław;300,00', ("keep", "Alfa; Beta S.A.", 300.0, 2025)),
    ("07.05.2025;F/7;;Łódź;50,00", ("out", "no customer")),
    (
        f"11.11.2024;F/8;Hurtownia Źródło;Kraków;12{NBSP}345,67",
        ("keep", "Hurtownia Źródło", 12345.67, 2024),
    ),
    (";;Razem;;17 406,76", ("out", "total row")),  # the sum of the kept amounts
]  # fmt: skip


def _write_messy_export(folder: Path) -> Path:
    path = folder / "crm_export.csv"
    path.write_bytes("\r\n".join(line for line, _ in _MESSY_EXPORT).encode("cp1250") + b"\r\n")
    return path


def _expected_totals() -> dict[str, float]:
    totals: dict[str, float] = {}
    for _, what in _MESSY_EXPORT[1:]:
        if what[0] == "keep":
            totals[what[1]] = totals.get(what[1], 0.0) + what[2]
    return totals


def test_the_guides_code_reads_a_messy_csv_export_and_reports_every_line_it_leaves_out(
    tmp_path, monkeypatch
):
    """Activity A's blocks, with the file name changed to a CSV file as the comment says, on a
    Polish Excel CSV export with a broken line, thousands spaces, a bracketed return,
    dd.mm.yyyy dates, a line without a customer and a total row."""
    read_block, share_block = _activity_a_blocks()
    assert '"my_data/crm_export.xlsx"' in read_block and "or .csv" in read_block
    read_block = read_block.replace("crm_export.xlsx", "crm_export.csv")
    (tmp_path / "my_data").mkdir()
    path = _write_messy_export(tmp_path / "my_data")
    # What the guide once said stops on this file (the broken line).
    with pytest.raises(pd.errors.ParserError):
        pd.read_csv(path, sep=";", decimal=",", encoding="cp1250")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(read_block, str(GUIDE), "exec"), namespace)
    exec(compile(share_block, str(GUIDE), "exec"), namespace)

    export = namespace["export"]
    assert export.mapping.encoding == "cp1250" and export.mapping.separator == ";"
    # Every data line is used or reported, none twice.
    rejected = export.report[export.report["action"] == "rejected"]
    used = set(export.lines.index)
    assert used.isdisjoint(rejected["line"])
    assert sorted(used | set(rejected["line"])) == list(range(2, len(_MESSY_EXPORT) + 1))
    # The lines that must be left out are, with their reason.
    for number, (_, what) in enumerate(_MESSY_EXPORT, start=1):
        if what is not None and what[0] == "out":
            reasons = " ".join(rejected.loc[rejected["line"] == number, "reason"])
            assert what[1] in reasons, (number, reasons)
    # The used lines add up as constructed (returns netted; the total row is no customer).
    expected = _expected_totals()
    for number in used:
        line, what = _MESSY_EXPORT[number - 1]
        assert export.lines.loc[number, "amount"] == pytest.approx(what[2]), line
    totals = export.lines.groupby("customer")["amount"].sum()
    assert "Razem" not in totals.index
    assert set(totals.index) <= set(expected)
    # The shared files: codes only.
    shared = _shared_files(tmp_path / "my_data")
    for name in expected:
        assert name not in shared


# ---------------------------------------------------------------------------------------
# References in the guide and the setup page
# ---------------------------------------------------------------------------------------
def _backticked_paths(text: str) -> set[str]:
    found = set(re.findall(r"`((?:course|tools|exercises|datasets)/[^`\s<>*]+)`", text))
    return {p for p in found if "<" not in p}


@pytest.mark.parametrize("page", [GUIDE, SETUP], ids=lambda p: p.name)
def test_files_named_in_the_guide_and_setup_page_exist(page):
    missing = [
        p for p in _backticked_paths(page.read_text(encoding="utf-8")) if not (ROOT / p).exists()
    ]
    assert not missing, f"{page.name} names files that do not exist: {missing}"


@pytest.mark.parametrize("page", [GUIDE, SETUP], ids=lambda p: p.name)
def test_make_targets_named_in_the_guide_and_setup_page_exist(page):
    targets = set(re.findall(r"`make ([a-z][a-z-]*)", page.read_text(encoding="utf-8")))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    defined = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert targets and not targets - defined, f"missing Makefile targets: {targets - defined}"


def test_setup_page_covers_the_three_ways_and_the_facts_of_the_repository():
    text = SETUP.read_text(encoding="utf-8")
    headings = list(_sections(text, 2))
    assert headings[:3] == [
        "A. On your laptop with `make lab`",
        "B. On your laptop with conda",
        "C. In the browser, on JupyterHub",
    ]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert f"conda activate {env['name']}" in text
    assert "conda env create -f environment.yml" in text
    assert "course/00_start_here.ipynb" in text
    python = re.search(r'requires-python = ">=(\d+\.\d+)"', (ROOT / "pyproject.toml").read_text())
    assert f"Python {python.group(1)} or newer" in text
    assert "PORT" in (ROOT / "Makefile").read_text() and "make lab PORT=" in text


# ---------------------------------------------------------------------------------------
# Handouts
# ---------------------------------------------------------------------------------------
class _Cards(HTMLParser):
    """Collect the text of every ``<section data-role=...>`` and the links and sources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: dict[tuple[str, str], list[str]] = {}
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self._current: tuple[str, str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        self.urls += [v for k, v in attrs if k in {"href", "src", "action", "srcset"} and v]
        if tag == "section":
            if "data-role" in a:
                self._current = (a["data-scenario"], a["data-role"])
                self.cards[self._current] = []
                self._depth = 0
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "section" and self._current is not None:
            self._depth -= 1
            if self._depth == 0:
                self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self.cards[self._current].append(data)


def _parse(path: Path) -> _Cards:
    parser = _Cards()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _text(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("scenario_id", list(kt.list_scenarios().index))
def test_every_scenario_has_a_client_card_and_an_observer_card(scenario_id):
    cards = {}
    for role in ("kam", "client", "observer"):
        path = HANDOUTS / f"roleplay_{scenario_id}_{role}.html"
        assert path.exists(), f"no {role} card for {scenario_id}: run tools/build_handouts.py"
        found = _parse(path).cards
        assert set(found) == {(scenario_id, role)}, f"{path.name} holds {set(found)}"
        cards |= found
    scenario = kt.load_scenario(scenario_id)
    client, observer = _text(cards[scenario_id, "client"]), _text(cards[scenario_id, "observer"])
    assert scenario.person in client
    for node in scenario.nodes.values():  # every line the client says, every reaction
        assert " ".join(node.client_says.split()) in client
        for choice in node.choices:
            assert " ".join(choice.reaction.split()) in client
    for ending in (e for n in scenario.nodes.values() for e in n.endings):
        assert ending.title in client
    vocab = kt.roleplay_vocabulary()
    for tag in scenario.mistakes:  # every mistake the scenario can teach, with the remedy
        assert vocab.loc[tag, "label"] in observer
        assert " ".join(vocab.loc[tag, "instead"].split()) in observer
    assert scenario.context.split(".")[0] in _text(cards[scenario_id, "kam"])


def test_no_handout_for_a_scenario_that_does_not_exist():
    expected = {
        f"roleplay_{s}_{role}.html"
        for s in kt.list_scenarios().index
        for role in ("kam", "client", "observer")
    }
    assert {p.name for p in HANDOUTS.glob("roleplay_*.html")} == expected


def test_templates_and_self_assessment_hold_every_field_and_item():
    for form in ("dossier", "account_plan"):
        page = (HANDOUTS / f"{form}_template.html").read_text(encoding="utf-8")
        fields = re.findall(r'data-field="([^"]+)"', page)
        assert fields == list(kt.dossier_form(form).fields)
        text = html.unescape(page)
        for f in kt.dossier_form(form).fields.values():
            assert f.label in text and f.help in text
    page = (HANDOUTS / "self_assessment.html").read_text(encoding="utf-8")
    items = kt.competency_items()
    assert re.findall(r'data-item="([^"]+)"', page) == list(items.index)
    text = html.unescape(page)
    for action in (a for actions in items["actions"] for a in actions):
        assert action in text
    for anchor in kt.rating_scale().values():
        assert anchor in text


def test_the_qbr_handout_has_the_agenda_items_and_the_scorecard_lines():
    page = (HANDOUTS / "qbr_agenda_scorecard.html").read_text(encoding="utf-8")
    agenda = kt.qbr_agenda()
    # every item of the agenda, in order, with its minutes and what happens
    assert re.findall(r'data-agenda-item="([^"]+)"', page) == list(agenda.index)
    text = html.unescape(page)
    for item, row in agenda.iterrows():
        assert row["item"] in text and row["what"] in text, item
    assert f"Agenda (about {int(agenda['minutes'].sum())} minutes)" in text
    for item in (
        "Results against the joint value plan",
        "Service scorecard",
        "The customer's priorities for the next quarter",
        "Joint initiatives",
        "Next steps with owners",
    ):
        assert item in text, item
    lines = kt.qbr_scorecard_lines()
    assert re.findall(r'data-line="([^"]+)"', page) == list(lines.index)
    for _, line in lines.iterrows():
        assert line["measure"] in text and line["example_target"] in text
    for status in ("on track", "watch", "off track", "no data"):
        assert f"<strong>{status}</strong>" in page, status
    assert "Owner at the customer" in text and "Owner at our" in text


def test_the_joint_value_plan_handout_has_an_owner_on_each_side():
    page = html.unescape((HANDOUTS / "joint_value_plan.html").read_text(encoding="utf-8"))
    columns = re.findall(r'<th data-column="\d+">([^<]+)</th>', page)
    assert columns == list(kt.joint_plan_columns())
    assert "walk-away point" in page and "For the customer" in page and "For our company" in page


def test_the_index_and_the_guide_name_the_qbr_handouts():
    index = (HANDOUTS / "index.html").read_text(encoding="utf-8")
    guide = _guide()
    for name in ("qbr_agenda_scorecard.html", "joint_value_plan.html"):
        assert f'<a href="{name}">{name}</a>' in index, name
        assert f"`{name}`" in guide, name
    capstone = _sections(guide, 3)["08 · Capstone: your account plan"]
    assert "qbr_agenda_scorecard.html" in capstone and "joint_value_plan.html" in capstone


def test_handouts_are_up_to_date(capsys):
    assert build_handouts.main(["--check"]) == 0, capsys.readouterr().out


def test_check_mode_finds_stale_missing_and_extra_handouts(tmp_path, capsys):
    out = tmp_path / "handouts"
    assert build_handouts.main(["--out", str(out)]) == 0
    assert build_handouts.main(["--check", "--out", str(out)]) == 0
    page = out / "roleplay_price_complaint_client.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Ewa", "Eva"), encoding="utf-8")
    (out / "self_assessment.html").unlink()
    (out / "old_card.html").write_text("<p>left over</p>", encoding="utf-8")
    capsys.readouterr()
    assert build_handouts.main(["--check", "--out", str(out)]) == 1
    report = capsys.readouterr().out
    assert "stale:" in report and "roleplay_price_complaint_client.html" in report
    assert "missing:" in report and "self_assessment.html" in report
    assert "extra:" in report and "old_card.html" in report
    # A rebuild repairs all three.
    assert build_handouts.main(["--out", str(out)]) == 0
    assert build_handouts.main(["--check", "--out", str(out)]) == 0


def _handout_pages() -> list[Path]:
    return sorted(HANDOUTS.glob("*.html"))


@pytest.mark.parametrize("path", _handout_pages(), ids=lambda p: p.name)
def test_handouts_are_self_contained_printable_pages(path):
    text = path.read_text(encoding="utf-8")
    parsed = _parse(path)
    assert not re.search(r"(?i)\b(?:https?|ftp):|//[a-z0-9.-]+\.[a-z]{2,}", text), "external URL"
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "@import" not in text and "url(" not in text
    for url in parsed.urls:  # only links to the other handouts (and the Polish index), which exist
        assert ("/" not in url or url == "pl/index.html") and (
            HANDOUTS / url.split("#")[0]
        ).exists(), url
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", text), "no A4 print size"
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text


def test_handouts_escape_the_content():
    page = (
        build_handouts._environment()
        .get_template("form")
        .render(
            f={
                "name": "x",
                "title": "<b>Plan</b> & co",
                "sections": [],
                "n_fields": 0,
                "n_required": 0,
                "source": "s",
            },
            intro="i",
            widget="w",
            title="t",
            source="s",
            css="",
        )
    )
    assert "&lt;b&gt;Plan&lt;/b&gt; &amp; co" in page and "<b>Plan</b>" not in page


# ---------------------------------------------------------------------------------------
# PDFs
# ---------------------------------------------------------------------------------------
def test_a_missing_chromium_is_named_and_nothing_is_written(tmp_path, capsys):
    missing = tmp_path / "no-such-chromium"
    args = ["--out", str(tmp_path / "html"), "--pdf", str(tmp_path / "pdf")]
    assert build_handouts.main([*args, "--chromium", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "cannot print PDFs" in err
    assert not (tmp_path / "html").exists() and not (tmp_path / "pdf").exists()


def test_without_any_chromium_the_error_names_the_program(monkeypatch):
    monkeypatch.setattr(build_handouts, "CHROMIUM_DEFAULT", Path("/nonexistent/chromium"))
    monkeypatch.setenv("PATH", "")
    with pytest.raises(build_handouts.HandoutError, match="the program 'chromium' is missing"):
        build_handouts.find_chromium()


def _pdf_title(data: bytes) -> str:
    """The /Title of a PDF's document information (a literal or a UTF-16 hex string)."""
    m = re.search(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", data)
    assert m, "the PDF has no title"
    raw = m.group(1)
    if raw.startswith(b"<"):
        hexa = bytes.fromhex(raw[1:-1].decode())
        return hexa[2:].decode("utf-16-be") if hexa[:2] == b"\xfe\xff" else hexa.decode("latin-1")
    return re.sub(rb"\\(.)", rb"\1", raw[1:-1]).decode("latin-1")


def _chromium_or_skip() -> Path:
    try:
        return build_handouts.find_chromium()
    except build_handouts.HandoutError as err:
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    _chromium_or_skip()
    root = tmp_path_factory.mktemp("handouts")
    code = build_handouts.main(["--out", str(root / "html"), "--pdf", str(root / "pdf")])
    assert code == 0
    return root / "html", root / "pdf"


@pytest.mark.slow
def test_every_handout_is_printed_to_a_pdf_with_its_title(printed):
    html_dir, pdf_dir = printed
    pages = sorted(p.name for p in html_dir.glob("*.html"))
    assert sorted(p.name for p in pdf_dir.glob("*.pdf")) == sorted(
        [Path(n).with_suffix(".pdf").name for n in pages] + [f"{build_handouts.PRINT_ALL}.pdf"]
    )
    for name in pages:
        data = (pdf_dir / Path(name).with_suffix(".pdf").name).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), name
        assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) >= 1, name
        title = re.search(r"<title>(.*?)</title>", (html_dir / name).read_text(encoding="utf-8"))
        assert _pdf_title(data) == html.unescape(title.group(1)), name


@pytest.mark.slow
def test_role_play_pdfs_hold_one_or_two_sheets_per_card(printed):
    _, pdf_dir = printed
    for scenario_id in kt.list_scenarios().index:
        for role in build_handouts.ROLES:
            pdf = pdf_dir / f"roleplay_{scenario_id}_{role}.pdf"
            pages = build_handouts.pdf_page_count(pdf)
            # the observer's card always has its notes page
            assert (2 if role == "observer" else 1) <= pages <= 4, f"{pdf.name}: {pages} pages"


def _pdftotext_pages(pdf: Path) -> list[str]:
    """The text of every page of ``pdf``, whitespace collapsed (needs poppler's pdftotext)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    import subprocess

    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    return pages[:-1] if pages and not pages[-1] else pages


#: The line at the foot of every page of a card: its role and its scenario.
FOOTER = re.compile(
    r"KAM Academy role-play · (Key account manager card|Client card|Observer card)"
    r"(?: · keep it hidden from the KAM)? · .*?\[(\w+)\]"
)


def _page_owner(text: str) -> tuple[str, str]:
    found = set(FOOTER.findall(text))
    assert len(found) == 1, f"a page should name exactly one card, this one names {found}"
    return found.pop()


@pytest.mark.slow
def test_pdf_text_matches_the_cards(printed):
    """Needs pdftotext (Debian: poppler-utils); skipped, and says so, without it."""
    _, pdf_dir = printed
    scenario = kt.load_scenario("price_complaint")
    first_words = " ".join(scenario.nodes[scenario.start_node].client_says.split()[:6])
    texts = {
        role: " ".join(_pdftotext_pages(pdf_dir / f"roleplay_price_complaint_{role}.pdf"))
        for role in build_handouts.ROLES
    }
    assert "CLIENT CARD" in texts["client"] and f"You are {scenario.person}" in texts["client"]
    assert first_words in texts["client"]
    assert "OBSERVER CARD" in texts["observer"] and "Notes: exact words" in texts["observer"]
    for role in ("kam", "observer"):  # the client's script is on the client's card only
        assert first_words not in texts[role] and "CLIENT CARD" not in texts[role]


@pytest.mark.slow
@pytest.mark.parametrize("role", ["kam", "client", "observer"])
def test_every_page_of_a_single_card_pdf_names_that_card(printed, role):
    _, pdf_dir = printed
    label = build_handouts.ROLE_LABELS[role]
    for scenario_id in kt.list_scenarios().index:
        pages = _pdftotext_pages(pdf_dir / f"roleplay_{scenario_id}_{role}.pdf")
        assert {_page_owner(p) for p in pages} == {(label, scenario_id)}


@pytest.mark.slow
def test_the_print_all_file_never_puts_two_roles_on_one_sheet(printed):
    """Printed double-sided, pages 2k-1 and 2k are one sheet: both must belong to one card."""
    _, pdf_dir = printed
    pages = _pdftotext_pages(pdf_dir / f"{build_handouts.PRINT_ALL}.pdf")
    assert len(pages) % 2 == 0
    assert "print, sort, hand out" in pages[0] and "double-sided" in pages[0]
    assert "how to print and sort" in pages[1] and not FOOTER.search(pages[1])
    owners = [_page_owner(p) for p in pages[2:]]
    sheets = list(zip(owners[::2], owners[1::2], strict=True))
    for number, (front, back) in enumerate(sheets, start=2):
        assert front == back, f"sheet {number} carries {front} and {back}"
    # Every card of every scenario is there, each starting on a new sheet, in print order.
    cards = list(dict.fromkeys(front for front, _ in sheets))
    labels = build_handouts.ROLE_LABELS
    assert cards == [
        (labels[role], sid) for sid in kt.list_scenarios().index for role in build_handouts.ROLES
    ]
    # The client's script is never on a page that names another card.
    for sid in kt.list_scenarios().index:
        start = kt.load_scenario(sid).nodes[kt.load_scenario(sid).start_node]
        script = start.client_says or start.choices[0].reaction  # the client's first words
        line = " ".join(script.split()[:6])
        assert line, sid
        on = {owner for owner, text in zip(owners, pages[2:], strict=True) if line in text}
        assert on == {(labels["client"], sid)}, f"{sid}: the client's first line is on {on}"


def test_the_guide_names_exactly_the_role_plays_the_notebooks_use():
    used = set()
    for path in sorted((ROOT / "course").glob("0[0-8]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        used |= set(re.findall(r'kt\.RolePlay\("(\w+)"\)', code))
    _, body = _activities()["B"]
    sentence = re.search(r"The module notebooks use (.+?) as solo role-plays", body, re.S)
    assert sentence, "the guide no longer says which scenarios the notebooks use"
    assert set(re.findall(r"`(\w+)`", sentence.group(1))) == used
