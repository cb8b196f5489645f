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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "course" / "FACILITATOR_GUIDE.md"
MODULES = ROOT / "course" / "modules.yml"
#: The facilitator guide of each translated language (``course/<lang>/FACILITATOR_GUIDE.md``).
GUIDES = {"en": GUIDE, "pl": ROOT / "course" / "pl" / "FACILITATOR_GUIDE.md"}


def N_(text: str) -> str:
    """Mark a text of the handouts' Python code for the catalogue; it is translated when
    rendered (``Translator``). ``tools/build_handouts.py --update-catalogue`` finds it."""
    return text


@dataclass(frozen=True)
class Translator:
    """The handouts' words and numbers in one language.

    ``gettext`` and ``ngettext`` are the plain gettext functions of the language's
    catalogue (identity for English); calling the translator formats ``{name}`` fields of a
    Python-side text after translating it. ``number`` and ``percent`` write figures the
    language's way (English exactly as the handouts always did).
    """

    language: str
    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]

    def __call__(self, text: str, **values: object) -> str:
        translated = self.gettext(text)
        return translated.format(**values) if values else translated

    def entry(self, row: dict) -> dict:
        """A row of the handouts index with its ``what`` and ``used`` translated."""
        return {**row, "what": self(row["what"]), "used": self(row["used"])}

    def number(self, value: float, decimals: int = 0) -> str:
        if self.language == "en":
            return f"{value:,.{decimals}f}"
        return kt.format_number(value, decimals, language=self.language)

    def percent(self, share: float) -> str:
        """A share as a percentage with one decimal: ``45.3%`` (English), ``45,3%`` (Polish)."""
        if self.language == "en":
            return f"{100 * share:.1f}%"
        return kt.format_number(100 * share, 1, language=self.language) + "%"


ENGLISH = Translator(
    "en", lambda text: text, lambda singular, plural, n: singular if n == 1 else plural
)

#: Rows of the attendance sheet (one A4 page; a room of 12-24 fits on one sheet).
ATTENDANCE_ROWS = 24

#: The feedback form: rating questions (1 = not at all, 5 = fully) and open questions.
FEEDBACK_RATINGS = (
    ("useful", N_("The workshop was useful for my work with key accounts.")),
    (
        "data",
        N_("Working with real customer data helped me understand concentration and risk."),
    ),
    (
        "roleplay",
        N_("The role-play showed me something I will do differently in client meetings."),
    ),
    ("pace", N_("The pace was right: not too fast, not too slow.")),
    ("materials", N_("The course, the apps and the handouts were clear and worked.")),
    ("facilitator", N_("The facilitator explained clearly and answered my questions.")),
)
FEEDBACK_OPEN = (
    ("helped", N_("What helped you most today?")),
    ("change", N_("What should we change for the next group?")),
    ("habit", N_("The one habit you will change in your next client meeting:")),
)
RATING_SCALE = (1, 2, 3, 4, 5)

#: Which modules each week of the 30-day plan covers (module 00 is pre-work).
PLAN_WEEKS = (
    (
        N_("Week 1"),
        ("01", "02", "03"),
        N_("Why key accounts matter, your role, and your own numbers."),
    ),
    (
        N_("Week 2"),
        ("04", "05"),
        N_("Which customers make money, and which deserve a key account manager."),
    ),
    (N_("Week 3"), ("06", "07"), N_("Knowing the client, and the mistakes that cost trust.")),
    (
        N_("Week 4"),
        ("08", "09", "10"),
        N_(
            "Your account plan, checked against the Polish rules, and your own portfolio "
            "report to discuss with your manager."
        ),
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
#: How each language's guide heads its agendas and names the columns of their tables
#: (start, end, minutes, block, module).
AGENDA_FORMATS = {
    "en": (AGENDA_HEADING, ("Start", "End", "Minutes", "Block", "Module or activity")),
    "pl": (
        re.compile(r"^### Program (.+?): (\d+) minut \((\d\d:\d\d)-(\d\d:\d\d)\)$"),
        ("Początek", "Koniec", "Minuty", "Blok", "Moduł lub ćwiczenie"),
    ),
}
#: The blocks of the English agendas that are breaks (shown in italics).
BREAKS = ("Break", "Lunch")
#: The agendas' names, for a language whose guide is not (completely) translated yet.
AGENDA_NAMES = (N_("Half-day"), N_("Full-day"))


@dataclass(frozen=True)
class AgendaRow:
    start: str
    end: str
    minutes: int
    block: str
    module: str
    pause: bool = False


def guide_agendas(text: str | None = None, language: str = "en") -> dict[str, list[AgendaRow]]:
    """The agendas of the facilitator guide (section 2), name -> rows, in order.

    ``text`` is the guide of ``language`` (default: the English guide).
    """
    heading, columns = AGENDA_FORMATS[language]
    guide = GUIDES[language]
    lines = (guide.read_text(encoding="utf-8") if text is None else text).splitlines()
    agendas: dict[str, list[AgendaRow]] = {}
    for i, line in enumerate(lines):
        m = heading.match(line)
        if not m:
            continue
        rows = []
        table = [ln for ln in _table_lines(lines, i + 1)]
        header = [c.strip() for c in table[0].strip("|").split("|")]
        for ln in table[2:]:
            cells = dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
            start, end, minutes, block, module = (cells[c] for c in columns)
            rows.append(AgendaRow(start, end, int(minutes), block, module, pause=block in BREAKS))
        name = m.group(1) if language == "en" else m.group(1).capitalize()
        agendas[name] = rows
    if not agendas:
        raise ValueError(f"{guide.name}: no agenda headings such as '### Half-day agenda: ...'")
    return agendas


def translated_agendas(tr: Translator) -> tuple[dict[str, list[AgendaRow]], str]:
    """The agendas in ``tr``'s language, and the file they come from.

    The translated guide (``course/<lang>/FACILITATOR_GUIDE.md``) is used when it is
    complete: the same agendas as the English guide, row for row at the same times and
    modules, every block named. Otherwise the English agendas are shown, with their names
    translated (the rest of the page speaks the language; the blocks stay English).
    """
    english = guide_agendas()
    if tr.language == "en":
        return english, "course/FACILITATOR_GUIDE.md"
    guide = GUIDES.get(tr.language)
    if guide is not None and guide.is_file():
        try:
            found = guide_agendas(guide.read_text(encoding="utf-8"), tr.language)
        except (ValueError, KeyError, StopIteration, IndexError):
            found = {}
        if _same_agendas(english, found):
            return (
                {
                    name: [
                        AgendaRow(r.start, r.end, r.minutes, r.block, r.module, e.pause)
                        for r, e in zip(rows, english_rows, strict=True)
                    ]
                    for (name, rows), english_rows in zip(
                        found.items(), english.values(), strict=True
                    )
                },
                guide.relative_to(ROOT).as_posix(),
            )
    return (
        {tr(name): rows for name, rows in english.items()},
        "course/FACILITATOR_GUIDE.md",
    )


def _same_agendas(english: dict, found: dict) -> bool:
    if len(found) != len(english):
        return False
    for rows, english_rows in zip(found.values(), english.values(), strict=True):
        if len(rows) != len(english_rows):
            return False
        for r, e in zip(rows, english_rows, strict=True):
            if (r.start, r.end, r.minutes, r.module) != (e.start, e.end, e.minutes, e.module):
                return False
            if not r.block:
                return False
    return True


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
def plan_view(tr: Translator = ENGLISH) -> list[dict]:
    """The weeks of the plan with their modules and minutes (from course/modules.yml).

    A module's title is its ``title_<lang>`` in a translated language (when there is one).
    """
    modules = yaml.safe_load(MODULES.read_text(encoding="utf-8"))["modules"]
    by_number = {m["file"][:2]: m for m in modules}
    title_key = "title" if tr.language == "en" else f"title_{tr.language}"
    weeks = []
    for name, numbers, goal in PLAN_WEEKS:
        chosen = [by_number[n] for n in numbers]
        weeks.append(
            {
                "name": tr(name),
                "goal": tr(goal),
                "modules": [
                    {
                        "number": m["file"][:2],
                        "title": m.get(title_key) or m["title"],
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


def concentration_rows(tr: Translator = ENGLISH) -> list[dict]:
    """Activity A's reference: the explorer's read-outs for each dataset (and Vistula's profit)."""
    labels = {
        "vistula": tr(N_("Vistula Industrial Supply, revenue 2023-2025")),
        "online_retail": tr(N_("Online Retail (UCI), 2010-2011")),
        "northwind": tr(N_("Northwind, 1996-1998")),
    }
    cases = [(d, "revenue", labels[d]) for d in ANSWER_DATASETS]
    cases.insert(
        1, ("vistula", "profit", tr(N_("Vistula, profit after rebates and the cost to serve")))
    )
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


def answer_view(tr: Translator = ENGLISH) -> dict:
    profit = vistula_profit()
    rows = concentration_rows(tr)
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
<header class="band"><span class="role">{% trans %}Attendance sheet{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy workshop{% endtrans %}</span></header>
<h1>{% trans %}Attendance{% endtrans %}</h1>
<p>{% trans %}Workshop: ______________________________ &nbsp; Date: ____________ &nbsp; \
Place: ______________________ &nbsp; Facilitator: ______________________{% endtrans %}</p>
<p class="small">{% trans %}Name, team and signature only. The facilitator keeps this sheet for the \
training records; it is not scanned into the course, the hub or a shared folder. Tick the last \
column if you want the follow-up e-mail (the course link and the 30-day plan).{% endtrans %}</p>
<table class="sheet attendance">
<tr><th class="num">#</th><th style="width:30%">{% trans %}Name{% endtrans %}</th><th style="width:22%">{% trans %}Team or company{% endtrans %}</th>\
<th>{% trans %}Signature (morning){% endtrans %}</th><th>{% trans %}Signature (afternoon){% endtrans %}</th><th class="num">{% trans %}Follow-up{% endtrans %}</th></tr>
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
<header class="band"><span class="role">{% trans %}Your agenda{% endtrans %}</span>\
<span class="meta">{% trans kind=name|lower %}KAM Academy · {{ kind }} workshop{% endtrans %}</span></header>
<h1>{% trans kind=name|lower %}KAM Academy: {{ kind }} workshop{% endtrans %}</h1>
<p class="lead">{{ rows[0].start }}-{{ rows[-1].end }}. {% trans %}What we do, and when.{% endtrans %}</p>
<table>
<tr><th style="width:22%">{% trans %}Time{% endtrans %}</th><th>{% trans %}What we do{% endtrans %}</th><th style="width:22%">{% trans %}Course module{% endtrans %}</th></tr>
{% for r in rows %}
<tr data-block="{{ r.block }}"><td>{{ r.start }}-{{ r.end }}</td><td>{% if r.pause %}\
<em>{{ r.block }}</em>{% else %}<strong>{{ r.block }}</strong>{% endif %}</td>\
<td>{{ module_names(r.module) }}</td></tr>
{% endfor %}
</table>
<h2>{% trans %}Bring{% endtrans %}</h2>
<ul>
<li>{% trans %}Your laptop, with the course installed as the setup page says (or the hub link), and its \
charger.{% endtrans %}</li>
<li>{% trans %}If your team was asked for one: the customer file of the pre-work e-mail, reduced to codes \
and shares, with no customer names and no personal data.{% endtrans %}</li>
<li>{% trans %}One real client you look after: the account plan starts from it.{% endtrans %}</li>
</ul>
</section>
{% endfor %}
{% endblock %}
""",
    "feedback": """\
{% extends "base" %}
{% block body %}
<section class="card" id="feedback-form">
<header class="band"><span class="role">{% trans %}Feedback{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy workshop{% endtrans %}</span></header>
<h1>{% trans %}Your feedback{% endtrans %}</h1>
<p>{% trans %}Anonymous: no name needed. Circle one number: 1 = not at all, 5 = fully.{% endtrans %}</p>
<table class="sheet">
<tr><th>{% trans %}Statement{% endtrans %}</th>{% for n in scale %}<th class="rate">{{ n }}</th>{% endfor %}</tr>
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
<header class="band"><span class="role">{% trans %}Feedback · results summary{% endtrans %}</span>\
<span class="meta">{% trans %}for the facilitator{% endtrans %}</span></header>
<h1>{% trans %}Results summary{% endtrans %}</h1>
<p>{% trans %}Workshop: ______________________ &nbsp; Date: ____________ &nbsp; Forms returned: ____ of ____{% endtrans %}</p>
<p class="small">{% trans %}Count the circles for each statement. The average is (1 × count of 1s + 2 × count \
of 2s + ... + 5 × count of 5s) divided by the number of answers. Statements with an average below \
4, or with any 1 or 2, are the ones to act on.{% endtrans %}</p>
<table class="sheet">
<tr><th>{% trans %}Statement{% endtrans %}</th>{% for n in scale %}<th class="num">{{ n }}</th>{% endfor %}\
<th class="num">{% trans %}Answers{% endtrans %}</th><th class="num">{% trans %}Average{% endtrans %}</th></tr>
{% for id, text in ratings %}
<tr data-summary="{{ id }}" style="height:10mm"><td>{{ text }}</td>{% for n in scale %}<td></td>\
{% endfor %}<td></td><td></td></tr>
{% endfor %}
</table>
{% for id, text in open %}
<div class="field"><span class="label">{{ text }} {% trans %}The three answers that came up most{% endtrans %}</span>
<div class="write" style="--rows: 3"></div></div>
{% endfor %}
<div class="field"><span class="label">{% trans %}What we change for the next edition (and who does it){% endtrans %}</span>
<div class="write" style="--rows: 3"></div></div>
</section>
{% endblock %}
""",
    "plan": """\
{% extends "base" %}
{% block body %}
<section class="card compact" id="thirty-day-plan">
<header class="band"><span class="role">{% trans %}Your 30-day plan{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy · after the workshop{% endtrans %}</span></header>
<h1>{% trans %}The next 30 days{% endtrans %}</h1>
<p class="lead">{% trans %}About {{ total_hours }} hours in four weeks: the modules you did not finish in the \
room, in the order of the course, and your own account plan. Tick each line when it is done; the \
progress dashboard at the end of module 08 (<code>kt.progress_dashboard()</code>) shows the same.{% endtrans %}</p>
<p>{% trans %}Name: ________________________ &nbsp; Start date: ____________ &nbsp; \
My account for the plan: ________________________{% endtrans %}</p>
{% for w in weeks %}
<div class="keep" data-week="{{ w.name }}">
<h2>{{ w.name }}: {{ w.goal }} <span class="small">{% trans minutes=w.minutes %}(about {{ minutes }} minutes){% endtrans %}</span></h2>
<table>
<tr><th class="num">{% trans %}Done{% endtrans %}</th><th>{% trans %}Module{% endtrans %}</th><th class="num">{% trans %}Minutes{% endtrans %}</th><th>{% trans %}When (day, time){% endtrans %}</th></tr>
{% for m in w.modules %}
<tr data-module="{{ m.number }}"><td class="num"><span class="tick"></span></td>\
<td>{{ m.number }} · {{ m.title }} <span class="small">({{ m.file }})</span></td>\
<td class="num">{{ m.minutes }}</td><td></td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
<h2>{% trans %}Alongside the modules{% endtrans %}</h2>
<table>
<tr><th class="num">{% trans %}Done{% endtrans %}</th><th>{% trans %}What{% endtrans %}</th><th>{% trans %}By{% endtrans %}</th></tr>
<tr><td class="num"><span class="tick"></span></td><td>{% trans %}Try the habit you named at the workshop in \
two real client meetings; write down what happened.{% endtrans %}</td><td>{% trans %}Day 7{% endtrans %}</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>{% trans %}Fill in the client dossier \
(<code>dossier_template.html</code>) before your next important meeting.{% endtrans %}</td><td>{% trans %}Day 14{% endtrans %}</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>{% trans %}Pick one or two actions for each of your \
three largest gaps from the self-assessment, and do them.{% endtrans %}</td><td>{% trans %}Day 21{% endtrans %}</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>{% trans %}Check the payment terms agreed with your \
large clients against the legal limits of module 09, and ask finance what your receivables cost \
a year.{% endtrans %}</td><td>{% trans %}Day 28{% endtrans %}</td></tr>
<tr><td class="num"><span class="tick"></span></td><td>{% trans %}Finish your account plan (module 08, or \
<code>account_plan_template.html</code>) and discuss it with your manager.{% endtrans %}</td><td>{% trans %}Day 30{% endtrans %}</td></tr>
</table>
<p class="small">{% trans %}After three months: fill in the self-assessment again on the same sheet, and \
compare.{% endtrans %}</p>
</section>
{% endblock %}
""",
    "answers": """\
{% extends "base" %}
{% macro pct(x) %}{{ x|pct }}{% endmacro %}
{% block body %}
<section class="card" id="answer-sheet">
<header class="band"><span class="role">{% trans %}Facilitator answer sheet · not for participants{% endtrans %}</span>\
<span class="meta">KAM Academy</span></header>
<h1>{% trans %}Reference figures for the debriefs{% endtrans %}</h1>
<p class="small">{% trans %}Computed by <code>tools/build_handouts.py</code> with kamtools from the course's \
datasets, with the same calls as the Pareto explorer and the notebooks: what the room sees on its \
screens. Negative values count as 0 in the shares (<code>negative="zero"</code>), as in the \
explorer.{% endtrans %}</p>
<h2>{% trans %}Activity A and modules 01 and 03: concentration{% endtrans %}</h2>
<table>
<tr><th>{% trans %}Data{% endtrans %}</th><th class="num">{% trans %}Customers{% endtrans %}</th><th class="num">{% trans %}Top 20% bring{% endtrans %}</th>\
<th class="num">{% trans %}Customers for 80%{% endtrans %}</th><th class="num">{% trans %}Largest customer{% endtrans %}</th><th class="num">{% trans %}Gini{% endtrans %}</th>\
<th class="num">{% trans %}HHI{% endtrans %}</th></tr>
{% for r in a.concentration %}
<tr data-dataset="{{ r.dataset }}-{{ r.metric }}"><td>{{ r.label }}</td>\
<td class="num">{{ r.n_customers|num }}</td><td class="num">{{ pct(r.top20) }}</td>\
<td class="num">{{ r.c80|num }} ({{ pct(r.c80_share) }})</td>\
<td class="num">{{ pct(r.top1) }}</td><td class="num">{{ r.gini|num(3) }}</td>\
<td class="num">{{ r.hhi|num(4) }}</td></tr>
{% endfor %}
</table>
<ul>
<li>{% trans vistula=pct(a.by['vistula-revenue'].top20), retail=pct(a.by['online_retail-revenue'].top20), northwind=pct(a.by['northwind-revenue'].top20) %}The sticky-note guess (module 01): Vistula's top 20% bring \
{{ vistula }} of revenue, Online Retail's \
{{ retail }}, Northwind's \
{{ northwind }}. Compare the room's guesses with these.{% endtrans %}</li>
<li>{% trans n=a.by['vistula-revenue'].c80 %}Vistula's class A ({{ n }} customers for 80% of revenue) is far \
more than its two key account managers can look after: who looks after the rest?{% endtrans %}</li>
<li>{% trans label=a.largest.label, share=pct(a.largest.top1), side=_('below') if a.largest.top1 < 0.1 else _('above') %}The largest single customer of the three datasets is in {{ label }}, with \
{{ share }} of revenue: {{ side }} the 10% \
line. A team whose largest customer is above 10% has a dependency to discuss.{% endtrans %}</li>
</ul>
<h2>{% trans %}Module 04: the whale curve of Vistula{% endtrans %}</h2>
<ul>
<li>{% trans n_loss=a.whale.n_loss, n=a.whale.n_customers %}{{ n_loss }} of {{ n }} customers lose money after the rebates and \
the cost to serve.{% endtrans %}</li>
<li>{% trans total=a.whale.total_profit|num, rank=a.whale.peak_rank, peak=a.whale.peak_profit|num, share=pct(a.whale.peak_share) %}The total profit is {{ total }} PLN; the most profitable \
{{ rank }} customers together earn {{ peak }} PLN, \
{{ share }} of it: the rest of the customers give part of it back.{% endtrans %}</li>
<li>{% trans n=a.whale.top10_loss %}{{ n }} of the 10 largest customers by revenue lose money{% endtrans %}\
{% if a.whale.top10_loss_names %} ({{ a.whale.top10_loss_names | join(', ') }}){% endif %}.</li>
</ul>
<h2>{% trans %}Activity C: the selection debate{% endtrans %}</h2>
<ul>
<li>{% trans n_key=a.selection.n_key, n_loss=a.selection.key_loss, n_top=a.selection.key_in_top20 %}Today's key accounts: {{ n_key }}, of which {{ n_loss }} lose \
money after the rebates and the cost to serve. They were chosen at the start of 2023 on the \
revenue then expected: {{ n_top }} of today's 20 largest customers (2023-2025) \
are key accounts.{% endtrans %}</li>
<li>{% trans n=a.selection.n_candidates, total=a.selection.n_shortlist %}Customers with an attractiveness of {{ attractive }} or more without a key account manager: \
{{ n }}. The table of the guide shows {{ total }} \
customers in all.{% endtrans %}</li>
<li>{% trans %}Their boxes in the portfolio matrix:{% endtrans %} {% for box, n in a.selection.boxes.items() %}{{ box }} \
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
        "what": N_("The agendas as participants see them (one page each), with what to bring."),
        "used": N_("The pre-work e-mail; on the tables"),
        "participants": True,
    },
    {
        "file": "thirty_day_plan.html",
        "what": N_("The 30-day self-study plan: the modules week by week and the account plan."),
        "used": N_("The wrap-up; the follow-up e-mail"),
        "participants": True,
    },
    {
        "file": "feedback_form.html",
        "what": N_("The feedback form (page 1) and the facilitator's results summary (page 2)."),
        "used": N_("The close of the day"),
        "participants": True,
    },
    {
        "file": "attendance_sheet.html",
        "what": N_("The sign-in sheet: name, team, signature, follow-up e-mail wanted."),
        "used": N_("At the door; facilitator only"),
        "participants": False,
    },
    {
        "file": "answer_sheet.html",
        "what": N_("The reference figures for the debriefs, computed with kamtools."),
        "used": N_("Activities A and C, module 04; facilitator only"),
        "participants": False,
    },
)


def module_names(modules: str, tr: Translator = ENGLISH) -> str:
    """'02, 08' -> 'modules 02 and 08'; 'A' -> 'group activity'; '' -> ''."""
    items = [m.strip() for m in modules.split(",") if m.strip()]
    numbers = [m for m in items if m.isdigit()]
    if not items:
        return ""
    if not numbers:
        return tr(N_("group activity"))
    if len(numbers) == 1:
        return tr(N_("module {number}"), number=numbers[0])
    return tr(N_("modules {numbers} and {last}"), numbers=", ".join(numbers[:-1]), last=numbers[-1])


def kit_pages(env, common: dict, tr: Translator = ENGLISH) -> dict[str, str]:
    """Every kit page: file name -> HTML (in ``tr``'s language; ``env`` speaks it too)."""
    weeks = plan_view(tr)
    total = sum(w["minutes"] for w in weeks)
    agendas, guide = translated_agendas(tr)
    return {
        "attendance_sheet.html": env.get_template("attendance").render(
            rows=ATTENDANCE_ROWS,
            title=tr(N_("Attendance sheet")),
            source="tools/handouts_kit.py",
            **common,
        ),
        "participant_agenda.html": env.get_template("participant_agenda").render(
            agendas=agendas,
            module_names=lambda modules: module_names(modules, tr),
            title=tr(N_("KAM Academy workshop: your agenda")),
            source=f"{guide} (section 2)",
            **common,
        ),
        "feedback_form.html": env.get_template("feedback").render(
            ratings=[(key, tr(text)) for key, text in FEEDBACK_RATINGS],
            open=[(key, tr(text)) for key, text in FEEDBACK_OPEN],
            scale=RATING_SCALE,
            title=tr(N_("Workshop feedback")),
            source="tools/handouts_kit.py",
            **common,
        ),
        "thirty_day_plan.html": env.get_template("plan").render(
            weeks=weeks,
            total_hours=round(total / 60),
            title=tr(N_("Your 30-day plan")),
            source="course/modules.yml",
            **common,
        ),
        "answer_sheet.html": env.get_template("answers").render(
            a=answer_view(tr),
            attractive=ATTRACTIVE,
            title=tr(N_("Facilitator answer sheet: reference figures")),
            source="kamtools (datasets and analysis functions)",
            **common,
        ),
    }
