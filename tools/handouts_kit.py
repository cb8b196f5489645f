"""The facilitator's printable kit, rendered by tools/build_handouts.py next to the handouts.

- ``attendance_sheet.html``: the sign-in sheet of the workshop day;
- ``participant_agenda.html``: the half-day and full-day agendas as participants see them,
  read from the tables of ``course/FACILITATOR_GUIDE.md`` (so they never disagree);
- ``feedback_form.html``: the feedback form, and the facilitator's results summary sheet;
- ``thirty_day_plan.html``: the 30-day self-study plan, with the minutes of
  ``course/modules.yml``;
- ``answer_sheet.html``: the facilitator's reference figures for the debriefs, computed with
  kamtools from the same data and calls as the course's explorer and notebooks.

The texts that hold no numbers (the e-mails, the one-company variant of Activity A) are in
``course/FACILITATOR_KIT.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "course" / "FACILITATOR_GUIDE.md"
MODULES = ROOT / "course" / "modules.yml"

#: Rows of the attendance sheet (one A4 page; a room of 12-24 fits on one sheet).
ATTENDANCE_ROWS = 24

#: The feedback form: rating questions (1 = not at all, 5 = fully) and open questions.
FEEDBACK_RATINGS = (
    ("useful", "The workshop was useful for my work with key accounts."),
    ("data", "Working with real customer data helped me understand concentration and risk."),
    ("roleplay", "The role-play showed me something I will do differently in client meetings."),
    ("pace", "The pace was right: not too fast, not too slow."),
    ("materials", "The course, the apps and the handouts were clear and worked."),
    ("facilitator", "The facilitator explained clearly and answered my questions."),
)
FEEDBACK_OPEN = (
    ("helped", "What helped you most today?"),
    ("change", "What should we change for the next group?"),
    ("habit", "The one habit you will change in your next client meeting:"),
)
RATING_SCALE = (1, 2, 3, 4, 5)

#: Which modules each week of the 30-day plan covers (module 00 is pre-work).
PLAN_WEEKS = (
    ("Week 1", ("01", "02", "03"), "Why key accounts matter, your role, and your own numbers."),
    (
        "Week 2",
        ("04", "05"),
        "Which customers make money, and which deserve a key account manager.",
    ),
    ("Week 3", ("06", "07"), "Knowing the client, and the mistakes that cost trust."),
    (
        "Week 4",
        ("08", "09", "10"),
        "Your account plan, checked against the Polish rules, and your own portfolio report "
        "to discuss with your manager.",
    ),
)

#: The datasets of the explorer whose figures the debriefs use, in the order shown.
ANSWER_DATASETS = ("vistula", "online_retail", "northwind")
#: Vistula's key account managers today (module 05 and Activity C).
VISTULA_KAMS = ("Anna Kowalczyk", "Michał Jabłoński")
#: Activity C's shortlist: every customer with at least this attractiveness.
ATTRACTIVE = 7


# ---------------------------------------------------------------------------------------
# The guide's agendas
# ---------------------------------------------------------------------------------------
AGENDA_HEADING = re.compile(r"^### (.+) agenda: (\d+) minutes \((\d\d:\d\d)-(\d\d:\d\d)\)$")


@dataclass(frozen=True)
class AgendaRow:
    start: str
    end: str
    minutes: int
    block: str
    module: str


def guide_agendas(text: str | None = None) -> dict[str, list[AgendaRow]]:
    """The agendas of the facilitator guide (section 2), name -> rows, in order."""
    lines = (GUIDE.read_text(encoding="utf-8") if text is None else text).splitlines()
    agendas: dict[str, list[AgendaRow]] = {}
    for i, line in enumerate(lines):
        m = AGENDA_HEADING.match(line)
        if not m:
            continue
        rows = []
        table = [ln for ln in _table_lines(lines, i + 1)]
        header = [c.strip() for c in table[0].strip("|").split("|")]
        for ln in table[2:]:
            cells = dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
            rows.append(
                AgendaRow(
                    cells["Start"],
                    cells["End"],
                    int(cells["Minutes"]),
                    cells["Block"],
                    cells["Module or activity"],
                )
            )
        agendas[m.group(1)] = rows
    if not agendas:
        raise ValueError(f"{GUIDE.name}: no agenda headings such as '### Half-day agenda: ...'")
    return agendas


def _table_lines(lines: list[str], start: int) -> list[str]:
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("|"))
    out = []
    for ln in lines[first:]:
        if not ln.startswith("|"):
            break
        out.append(ln)
    return out


# ---------------------------------------------------------------------------------------
# The 30-day plan
# ---------------------------------------------------------------------------------------
def plan_view() -> list[dict]:
    """The weeks of the plan with their modules and minutes (from course/modules.yml)."""
    modules = yaml.safe_load(MODULES.read_text(encoding="utf-8"))["modules"]
    by_number = {m["file"][:2]: m for m in modules}
    weeks = []
    for name, numbers, goal in PLAN_WEEKS:
        chosen = [by_number[n] for n in numbers]
        weeks.append(
            {
                "name": name,
                "goal": goal,
                "modules": [
                    {
                        "number": m["file"][:2],
                        "title": m["title"],
                        "minutes": int(m["minutes"]),
                        "file": m["file"],
                    }
                    for m in chosen
                ],
                "minutes": sum(int(m["minutes"]) for m in chosen),
            }
        )
    return weeks


# ---------------------------------------------------------------------------------------
# The answer sheet
# ---------------------------------------------------------------------------------------
def explorer_values(dataset: str, metric: str = "revenue") -> pd.Series:
    """The values per customer that ``kt.ParetoExplorer(dataset)`` shows the room."""
    from kamtools.widgets.pareto import _load_values  # the explorer's own loader

    return _load_values(dataset, metric)[0]


def concentration_rows() -> list[dict]:
    """Activity A's reference: the explorer's read-outs for each dataset (and Vistula's profit)."""
    labels = {
        "vistula": "Vistula Industrial Supply, revenue 2023-2025",
        "online_retail": "Online Retail (UCI), 2010-2011",
        "northwind": "Northwind, 1996-1998",
    }
    cases = [(d, "revenue", labels[d]) for d in ANSWER_DATASETS]
    cases.insert(1, ("vistula", "profit", "Vistula, profit after rebates and the cost to serve"))
    rows = []
    for dataset, metric, label in cases:
        r = kt.concentration_report(explorer_values(dataset, metric), negative="zero")
        n = int(r["n_customers"])
        rows.append(
            {
                "dataset": dataset,
                "metric": metric,
                "label": label,
                "n_customers": n,
                "top20": float(r["top20pct_share"]),
                "c80": int(r["customers_for_80pct"]),
                "c80_share": int(r["customers_for_80pct"]) / n,
                "top1": float(r["top1_share"]),
                "gini": float(r["gini"]),
                "hhi": float(r["hhi"]),
                "n_negative": int(r["n_negative"]),
            }
        )
    return rows


def vistula_profit() -> pd.DataFrame:
    """Revenue and profit per Vistula customer, as module 04 and Activity C compute them.

    One profit path: ``kt.profit_inputs`` adds up the invoice lines, the cost drivers and
    the year-end ``rebate`` of ``vistula_cost_to_serve``; ``kt.customer_profit`` prices
    the drivers and subtracts the rebates (the explorer's profit, module 04's answer).
    """
    from kamtools.data.vistula import COST_RATES

    lines = kt.load_dataset("vistula_transactions")
    costs = kt.load_dataset("vistula_cost_to_serve")
    return kt.customer_profit(
        kt.profit_inputs(lines, costs, drivers=COST_RATES), cost_rates=COST_RATES
    )


def whale_figures(profit: pd.DataFrame) -> dict:
    """Module 04's debrief: loss-makers, the whale curve's peak, the ten largest customers."""
    whale = kt.whale_curve(profit)
    top10 = profit.sort_values("revenue", ascending=False).head(10)
    names = kt.load_dataset("vistula_customers").set_index("customer_id")["company_name"]
    return {
        "n_customers": len(profit),
        "n_loss": int((profit["profit"] < 0).sum()),
        "total_profit": float(whale.total_profit),
        "peak_profit": float(whale.peak_profit),
        "peak_rank": int(whale.peak_rank),
        "peak_share": float(whale.peak_share),
        "top10_loss": int((top10["profit"] < 0).sum()),
        "top10_loss_names": [str(names[c]) for c in top10.index[top10["profit"] < 0]],
    }


def selection_figures(profit: pd.DataFrame) -> dict:
    """Activity C's debrief: today's key accounts and the attractive candidates."""
    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    box = kt.portfolio_quadrant(customers["attractiveness"], customers["relative_strength"])
    is_key = customers["account_manager"].isin(VISTULA_KAMS)
    attractive = customers["attractiveness"] >= ATTRACTIVE
    key_profit = profit.loc[customers.index[is_key], "profit"]
    shortlist = is_key | attractive
    boxes = box.loc[shortlist, "quadrant"].value_counts()
    top20 = profit["revenue"].sort_values(ascending=False).index[:20]
    return {
        "n_key": int(is_key.sum()),
        "key_in_top20": int(is_key[top20].sum()),
        "key_loss": int((key_profit < 0).sum()),
        "n_candidates": int((attractive & ~is_key).sum()),
        "n_shortlist": int(shortlist.sum()),
        "boxes": {str(k): int(v) for k, v in boxes.sort_index().items()},
    }


def answer_view() -> dict:
    profit = vistula_profit()
    rows = concentration_rows()
    revenue = [r for r in rows if r["metric"] == "revenue"]
    return {
        "concentration": rows,
        "by": {f"{r['dataset']}-{r['metric']}": r for r in rows},
        "largest": max(revenue, key=lambda r: r["top1"]),
        "whale": whale_figures(profit),
        "selection": selection_figures(profit),
    }


# ---------------------------------------------------------------------------------------
# Templates (they extend build_handouts' "base")
# ---------------------------------------------------------------------------------------
KIT_TEMPLATES = {
    "attendance": """\
{% extends "base" %}
{% block body %}
<section class="card" id="attendance">
<header class="band"><span class="role">Attendance sheet</span>\
<span class="meta">KAM Academy workshop</span></header>
<h1>Attendance</h1>
<p>Workshop: ______________________________ &nbsp; Date: ____________ &nbsp; \
Place: ______________________ &nbsp; Facilitator: ______________________</p>
<p class="small">Name, team and signature only. The facilitator keeps this sheet for the \
training records; it is not scanned into the course, the hub or a shared folder. Tick the last \
column if you want the follow-up e-mail (the course link and the 30-day plan).</p>
<table class="sheet attendance">
<tr><th class="num">#</th><th style="width:30%">Name</th><th style="width:22%">Team or company</th>\
<th>Signature (morning)</th><th>Signature (afternoon)</th><th class="num">Follow-up</th></tr>
{% for i in range(1, rows + 1) %}
<tr style="height:8.6mm"><td class="num">{{ i }}</td><td></td><td></td><td></td><td></td>\
<td class="num"><span class="tick"></span></td></tr>
{% endfor %}
</table>
</section>
{% endblock %}
""",
    "participant_agenda": """\
{% extends "base" %}
{% block body %}
{% for name, rows in agendas.items() %}
<section class="card" id="agenda-{{ loop.index }}" data-agenda="{{ name }}">
<header class="band"><span class="role">Your agenda</span>\
<span class="meta">KAM Academy · {{ name|lower }} workshop</span></header>
<h1>KAM Academy: {{ name|lower }} workshop</h1>
<p class="lead">{{ rows[0].start }}-{{ rows[-1].end }}. What we do, and when.</p>
<table>
<tr><th style="width:22%">Time</th><th>What we do</th><th style="width:22%">Course module</th></tr>
{% for r in rows %}
<tr data-block="{{ r.block }}"><td>{{ r.start }}-{{ r.end }}</td><td>{% if r.block in ('Break', 'Lunch') %}\
<em>{{ r.block }}</em>{% else %}<strong>{{ r.block }}</strong>{% endif %}</td>\
<td>{{ module_names(r.module) }}</td></tr>
{% endfor %}
</table>
<h2>Bring</h2>
<ul>
<li>Your laptop, with the course installed as the setup page says (or the hub link), and its \
charger.</li>
<li>If your team was asked for one: the customer file of the pre-work e-mail, reduced to codes \
and shares, with no customer names and no personal data.</li>
<li>One real client you look after: the account plan starts from it.</li>
</ul>
</section>
{% endfor %}
{% endblock %}
""",
    "feedback": """\
{% extends "base" %}
{% block body %}
<section class="card" id="feedback-form">
<header class="band"><span class="role">Feedback</span>\
<span class="meta">KAM Academy workshop</span></header>
<h1>Your feedback</h1>
<p>Anonymous: no name needed. Circle one number: 1 = not at all, 5 = fully.</p>
<table class="sheet">
<tr><th>Statement</th>{% for n in scale %}<th class="rate">{{ n }}</th>{% endfor %}</tr>
{% for id, text in ratings %}
<tr data-question="{{ id }}"><td>{{ text }}</td>{% for n in scale %}<td class="rate">{{ n }}</td>\
{% endfor %}</tr>
{% endfor %}
</table>
{% for id, text in open %}
<div class="field" data-question="{{ id }}"><span class="label">{{ text }}</span>
<div class="write" style="--rows: 4"></div></div>
{% endfor %}
</section>
<section class="card" id="feedback-summary">
<header class="band"><span class="role">Feedback · results summary</span>\
<span class="meta">for the facilitator</span></header>
<h1>Results summary</h1>
<p>Workshop: ______________________ &nbsp; Date: ____________ &nbsp; Forms returned: ____ of ____</p>
<p class="small">Count the circles for each statement. The average is (1 × count of 1s + 2 × count \
of 2s + ... + 5 × count of 5s) divided by the number of answers. Statements with an average below \
4, or with any 1 or 2, are the ones to act on.</p>
<table class="sheet">
<tr><th>Statement</th>{% for n in scale %}<th class="num">{{ n }}</th>{% endfor %}\
<th class="num">Answers</th><th class="num">Average</th></tr>
{% for id, text in ratings %}
<tr data-summary="{{ id }}" style="height:10mm"><td>{{ text }}</td>{% for n in scale %}<td></td>\
{% endfor %}<td></td><td></td></tr>
{% endfor %}
</table>
{% for id, text in open %}
<div class="field"><span class="label">{{ text }} The three answers that came up most</span>
<div class="write" style="--rows: 3"></div></div>
{% endfor %}
<div class="field"><span class="label">What we change for the next edition (and who does it)</span>
<div class="write" style="--rows: 3"></div></div>
</section>
{% endblock %}
""",
    "plan": """\
{% extends "base" %}
{% block body %}
<section class="card compact" id="thirty-day-plan">
<header class="band"><span class="role">Your 30-day plan</span>\
<span class="meta">KAM Academy · after the workshop</span></header>
<h1>The next 30 days</h1>
<p class="lead">About {{ total_hours }} hours in four weeks: the modules you did not finish in the \
room, in the order of the course, and your own account plan. Tick each line when it is done; the \
progress dashboard at the end of module 08 (<code>kt.progress_dashboard()</code>) shows the same.</p>
<p>Name: ________________________ &nbsp; Start date: ____________ &nbsp; \
My account for the plan: ________________________</p>
{% for w in weeks %}
<div class="keep" data-week="{{ w.name }}">
<h2>{{ w.name }}: {{ w.goal }} <span class="small">(about {{ w.minutes }} minutes)</span></h2>
<table>
<tr><th class="num">Done</th><th>Module</th><th class="num">Minutes</th><th>When (day, time)</th></tr>
{% for m in w.modules %}
<tr data-module="{{ m.number }}"><td class="num"><span class="tick"></span></td>\
<td>{{ m.number }} · {{ m.title }} <span class="small">({{ m.file }})</span></td>\
<td class="num">{{ m.minutes }}</td><td></td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
<h2>Alongside the modules</h2>
<table>
<tr><th class="num">Done</th><th>What</th><th>By</th></tr>
<tr><td class="num"><span class="tick"></span></td><td>Try the habit you named at the workshop in \
two real client meetings; write down what happened.</td><td>Day 7</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>Fill in the client dossier \
(<code>dossier_template.html</code>) before your next important meeting.</td><td>Day 14</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>Pick one or two actions for each of your \
three largest gaps from the self-assessment, and do them.</td><td>Day 21</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>Check the payment terms agreed with your \
large clients against the legal limits of module 09, and ask finance what your receivables cost \
a year.</td><td>Day 28</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>Finish your account plan (module 08, or \
<code>account_plan_template.html</code>) and discuss it with your manager.</td><td>Day 30</td></tr>
</table>
<p class="small">After three months: fill in the self-assessment again on the same sheet, and \
compare.</p>
</section>
{% endblock %}
""",
    "answers": """\
{% extends "base" %}
{% macro pct(x) %}{{ '%.1f' % (100 * x) }}%{% endmacro %}
{% block body %}
<section class="card" id="answer-sheet">
<header class="band"><span class="role">Facilitator answer sheet · not for participants</span>\
<span class="meta">KAM Academy</span></header>
<h1>Reference figures for the debriefs</h1>
<p class="small">Computed by <code>tools/build_handouts.py</code> with kamtools from the course's \
datasets, with the same calls as the Pareto explorer and the notebooks: what the room sees on its \
screens. Negative values count as 0 in the shares (<code>negative="zero"</code>), as in the \
explorer.</p>
<h2>Activity A and modules 01 and 03: concentration</h2>
<table>
<tr><th>Data</th><th class="num">Customers</th><th class="num">Top 20% bring</th>\
<th class="num">Customers for 80%</th><th class="num">Largest customer</th><th class="num">Gini</th>\
<th class="num">HHI</th></tr>
{% for r in a.concentration %}
<tr data-dataset="{{ r.dataset }}-{{ r.metric }}"><td>{{ r.label }}</td>\
<td class="num">{{ '{:,}'.format(r.n_customers) }}</td><td class="num">{{ pct(r.top20) }}</td>\
<td class="num">{{ '{:,}'.format(r.c80) }} ({{ pct(r.c80_share) }})</td>\
<td class="num">{{ pct(r.top1) }}</td><td class="num">{{ '%.3f' % r.gini }}</td>\
<td class="num">{{ '%.4f' % r.hhi }}</td></tr>
{% endfor %}
</table>
<ul>
<li>The sticky-note guess (module 01): Vistula's top 20% bring \
{{ pct(a.by['vistula-revenue'].top20) }} of revenue, Online Retail's \
{{ pct(a.by['online_retail-revenue'].top20) }}, Northwind's \
{{ pct(a.by['northwind-revenue'].top20) }}. Compare the room's guesses with these.</li>
<li>Vistula's class A ({{ a.by['vistula-revenue'].c80 }} customers for 80% of revenue) is far \
more than its two key account managers can look after: who looks after the rest?</li>
<li>The largest single customer of the three datasets is in {{ a.largest.label }}, with \
{{ pct(a.largest.top1) }} of revenue: {{ 'below' if a.largest.top1 < 0.1 else 'above' }} the 10% \
line. A team whose largest customer is above 10% has a dependency to discuss.</li>
</ul>
<h2>Module 04: the whale curve of Vistula</h2>
<ul>
<li>{{ a.whale.n_loss }} of {{ a.whale.n_customers }} customers lose money after the rebates and \
the cost to serve.</li>
<li>The total profit is {{ '{:,.0f}'.format(a.whale.total_profit) }} PLN; the most profitable \
{{ a.whale.peak_rank }} customers together earn {{ '{:,.0f}'.format(a.whale.peak_profit) }} PLN, \
{{ pct(a.whale.peak_share) }} of it: the rest of the customers give part of it back.</li>
<li>{{ a.whale.top10_loss }} of the 10 largest customers by revenue lose money\
{% if a.whale.top10_loss_names %} ({{ a.whale.top10_loss_names | join(', ') }}){% endif %}.</li>
</ul>
<h2>Activity C: the selection debate</h2>
<ul>
<li>Today's key accounts: {{ a.selection.n_key }}, of which {{ a.selection.key_loss }} lose \
money after the rebates and the cost to serve. They were chosen at the start of 2023 on the \
revenue then expected: {{ a.selection.key_in_top20 }} of today's 20 largest customers (2023-2025) \
are key accounts.</li>
<li>Customers with an attractiveness of {{ attractive }} or more without a key account manager: \
{{ a.selection.n_candidates }}. The table of the guide shows {{ a.selection.n_shortlist }} \
customers in all.</li>
<li>Their boxes in the portfolio matrix: {% for box, n in a.selection.boxes.items() %}{{ box }} \
{{ n }}{{ ', ' if not loop.last }}{% endfor %}.</li>
</ul>
</section>
{% endblock %}
""",
}

#: What each kit page is, for the handouts index (file, what, used, for participants?).
KIT_PAGES = (
    {
        "file": "participant_agenda.html",
        "what": "The agendas as participants see them (one page each), with what to bring.",
        "used": "The pre-work e-mail; on the tables",
        "participants": True,
    },
    {
        "file": "thirty_day_plan.html",
        "what": "The 30-day self-study plan: the modules week by week and the account plan.",
        "used": "The wrap-up; the follow-up e-mail",
        "participants": True,
    },
    {
        "file": "feedback_form.html",
        "what": "The feedback form (page 1) and the facilitator's results summary (page 2).",
        "used": "The close of the day",
        "participants": True,
    },
    {
        "file": "attendance_sheet.html",
        "what": "The sign-in sheet: name, team, signature, follow-up e-mail wanted.",
        "used": "At the door; facilitator only",
        "participants": False,
    },
    {
        "file": "answer_sheet.html",
        "what": "The reference figures for the debriefs, computed with kamtools.",
        "used": "Activities A and C, module 04; facilitator only",
        "participants": False,
    },
)


def module_names(modules: str) -> str:
    """'02, 08' -> 'modules 02 and 08'; 'A' -> 'activity'; '' -> ''."""
    items = [m.strip() for m in modules.split(",") if m.strip()]
    numbers = [m for m in items if m.isdigit()]
    if not items:
        return ""
    if not numbers:
        return "group activity"
    if len(numbers) == 1:
        return f"module {numbers[0]}"
    return f"modules {', '.join(numbers[:-1])} and {numbers[-1]}"


def kit_pages(env, common: dict) -> dict[str, str]:
    """Every kit page: file name -> HTML."""
    weeks = plan_view()
    total = sum(w["minutes"] for w in weeks)
    agendas = guide_agendas()
    return {
        "attendance_sheet.html": env.get_template("attendance").render(
            rows=ATTENDANCE_ROWS,
            title="Attendance sheet",
            source="tools/handouts_kit.py",
            **common,
        ),
        "participant_agenda.html": env.get_template("participant_agenda").render(
            agendas=agendas,
            module_names=module_names,
            title="KAM Academy workshop: your agenda",
            source="course/FACILITATOR_GUIDE.md (section 2)",
            **common,
        ),
        "feedback_form.html": env.get_template("feedback").render(
            ratings=FEEDBACK_RATINGS,
            open=FEEDBACK_OPEN,
            scale=RATING_SCALE,
            title="Workshop feedback",
            source="tools/handouts_kit.py",
            **common,
        ),
        "thirty_day_plan.html": env.get_template("plan").render(
            weeks=weeks,
            total_hours=round(total / 60),
            title="Your 30-day plan",
            source="course/modules.yml",
            **common,
        ),
        "answer_sheet.html": env.get_template("answers").render(
            a=answer_view(),
            attractive=ATTRACTIVE,
            title="Facilitator answer sheet: reference figures",
            source="kamtools (datasets and analysis functions)",
            **common,
        ),
    }
