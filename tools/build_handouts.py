"""Build the printable workshop handouts in course/handouts/ from kamtools' content.

Every handout is a self-contained HTML page (inline CSS, A4 print styles, no external
URL) rendered with Jinja2 from the data that kamtools ships:

- ``roleplay_<scenario>_kam.html``, ``_client.html`` and ``_observer.html``: for every
  role-play scenario in ``kamtools/content/roleplay/``, one file per card, so that each can
  be printed double-sided without the back of one role's card carrying another role: the key
  account manager card, the client card (the client's lines, how to react to each move, the
  trust score and the endings) and the observer card (what to watch for, with what to do
  instead, the debrief questions, and a notes page). Every page names its card at the foot;
- ``roleplay_print_all.pdf`` (with ``--pdf`` only, next to the PDFs): every card in one file
  with a cover that says how to sort the sheets, each card padded with a notes page to an
  even number of pages, so that printed double-sided no sheet carries two roles;
- the facilitator's kit of ``tools/handouts_kit.py``: the attendance sheet, the participants'
  agenda, the feedback form with its results summary, the 30-day plan and the answer sheet
  with the reference figures for the debriefs, computed with kamtools;
- ``dossier_template.html`` and ``account_plan_template.html``: the blank forms of
  ``kamtools/content/dossier.yml`` and ``account_plan.yml``, to fill in by hand;
- ``self_assessment.html``: the competency self-assessment of
  ``kamtools/content/competencies.yml``, with the development actions;
- ``qbr_agenda_scorecard.html`` and ``joint_value_plan.html``: the quarterly business
  review's agenda, its service scorecard and the joint value plan, from
  ``kamtools/content/qbr.yml`` (module 08);
- ``index.html``: what each handout is for, and the scenarios with the mistakes each trains.

Usage::

    python tools/build_handouts.py                       # write course/handouts/*.html
    python tools/build_handouts.py --check               # exit 1 if the committed HTML is stale
    python tools/build_handouts.py --pdf build/handouts  # write the HTML, then print each to PDF

PDFs are printed with headless Chromium (``/usr/bin/chromium``, or ``--chromium PATH``);
nbconvert's webpdf is not used because it cannot find Debian's Chromium.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd
import yaml
from markupsafe import Markup

import kamtools as kt
from kamtools.learning import competencies as kt_competencies
from kamtools.learning import dossier as kt_dossier

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handouts_kit import KIT_PAGES, KIT_TEMPLATES, kit_pages

ROOT = Path(__file__).resolve().parents[1]
HANDOUTS = ROOT / "course" / "handouts"

#: Where Chromium is looked for when ``--chromium`` is not given: the Debian path first,
#: then these names on PATH.
CHROMIUM_DEFAULT = Path("/usr/bin/chromium")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Without it Chromium prints the date, the title and the file:// URL on every page.
    "--no-pdf-header-footer",
)
PDF_TIMEOUT_S = 120

#: The round of a live role-play, in minutes (the guide's agenda uses the same numbers).
READ_MINUTES, PLAY_MINUTES, DEBRIEF_MINUTES = 3, 8, 5

#: The three cards of a role-play, in the order they are printed, and their names.
ROLES = ("kam", "client", "observer")
ROLE_LABELS = {
    "kam": "Key account manager card",
    "client": "Client card",
    "observer": "Observer card",
}
#: The combined file of every card, padded so that no sheet carries two roles; it is built
#: next to the PDFs (its padding depends on how many pages each card prints on).
PRINT_ALL = "roleplay_print_all"


class HandoutError(Exception):
    """A handout cannot be built or printed; the message says what to do."""


# ---------------------------------------------------------------------------------------
# Role-play cards
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One row of the client card: what the KAM may do, and how the client reacts."""

    text: str
    reaction: str
    trust: int
    goes_to: str


@dataclass(frozen=True)
class Stage:
    """A decision node of the scenario, numbered in the order a meeting reaches it."""

    name: str
    situation: str
    client_says: str
    moves: tuple[Move, ...]


@dataclass(frozen=True)
class Band:
    """One outcome of an ending, for a range of final trust."""

    low: int
    high: int
    result: str
    title: str
    text: str


@dataclass(frozen=True)
class EndingView:
    name: str
    situation: str
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Watch:
    """A tag the observer watches for: the lesson behind it, and the stages it can occur in."""

    tag: str
    label: str
    kind: str
    article: int | None
    explanation: str
    instead: str
    stages: str


@dataclass(frozen=True)
class ScenarioView:
    id: str
    title: str
    summary: str
    you: str
    person: str
    company: str
    context: str
    start_trust: int
    start_word: str
    stages: tuple[Stage, ...]
    endings: tuple[EndingView, ...]
    watch_mistakes: tuple[Watch, ...]
    watch_good: tuple[Watch, ...]


def _node_order(scenario) -> list[str]:
    """Node ids in breadth-first order from the start: the order a meeting reaches them."""
    order, queue = [], [scenario.start_node]
    while queue:
        node_id = queue.pop(0)
        if node_id not in order:
            order.append(node_id)
            queue += [c.next for c in scenario.nodes[node_id].choices]
    return order


def scenario_view(scenario_id: str) -> ScenarioView:
    """Everything the three cards of one scenario show, from ``kt.load_scenario``."""
    scenario = kt.load_scenario(scenario_id)
    vocab = kt.roleplay_vocabulary()
    order = _node_order(scenario)
    decisions = [n for n in order if not scenario.nodes[n].is_ending]
    endings = [n for n in order if scenario.nodes[n].is_ending]
    names = {n: f"Stage {i}" for i, n in enumerate(decisions, start=1)}
    names |= {
        n: "The end" if len(endings) == 1 else f"Ending {chr(ord('A') + i)}"
        for i, n in enumerate(endings)
    }

    stages, where = [], {}
    for number, node_id in enumerate(decisions, start=1):
        node = scenario.nodes[node_id]
        moves = tuple(Move(c.text, c.reaction, c.trust, names[c.next]) for c in node.choices)
        stages.append(Stage(names[node_id], node.situation, node.client_says, moves))
        for c in node.choices:
            where.setdefault(c.tag, []).append(number)

    ending_views = []
    for node_id in endings:
        node = scenario.nodes[node_id]
        bands, high = [], 100
        for e in node.endings:  # highest min_trust first (validated by kamtools)
            bands.append(Band(e.min_trust, high, e.result, e.title, e.text))
            high = e.min_trust - 1
        ending_views.append(EndingView(names[node_id], node.situation, tuple(bands)))

    def watch(tag: str) -> Watch:
        row = vocab.loc[tag]
        article = None if pd.isna(row["article"]) else int(row["article"])
        stages_of_tag = ", ".join(str(n) for n in dict.fromkeys(where[tag]))
        return Watch(
            tag,
            row["label"],
            row["kind"],
            article,
            row["explanation"],
            row["instead"],
            stages_of_tag,
        )

    # The vocabulary's order: the article's seven mistakes first, then the others.
    used = [t for t in vocab.index if t in where]
    return ScenarioView(
        id=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        you=scenario.you,
        person=scenario.person,
        company=scenario.company,
        context=scenario.context,
        start_trust=scenario.start_trust,
        start_word=kt.trust_word(scenario.start_trust),
        stages=tuple(stages),
        endings=tuple(ending_views),
        watch_mistakes=tuple(watch(t) for t in used if vocab.loc[t, "kind"] == "mistake"),
        watch_good=tuple(watch(t) for t in used if vocab.loc[t, "kind"] == "good"),
    )


# ---------------------------------------------------------------------------------------
# Forms and the self-assessment
# ---------------------------------------------------------------------------------------
#: Writing space per field, in ruled lines.
ONE_LINE, MANY_LINES = 1, 3


def form_view(form: str) -> dict:
    """The sections and fields of a kamtools form (``kt.dossier_form``), with writing space."""
    spec = kt.dossier_form(form)
    return {
        "name": spec.name,
        "title": spec.title,
        "sections": [
            {
                "title": s.title,
                "intro": s.intro,
                "fields": [
                    {
                        "id": f.id,
                        "label": f.label,
                        "help": f.help,
                        "required": f.required,
                        "rows": MANY_LINES if f.multiline else ONE_LINE,
                    }
                    for f in s.fields
                ],
            }
            for s in spec.sections
        ],
        "n_fields": len(spec.fields),
        "n_required": sum(f.required for f in spec.fields.values()),
        "source": f"kamtools/content/{form}.yml",
    }


def assessment_view() -> dict:
    """The self-assessment: scale, areas with their items and targets, and the actions."""
    items = kt.competency_items()
    areas = kt.competency_areas()
    # The two short texts that have no public accessor are read from the same file.
    raw = yaml.safe_load(kt_competencies.COMPETENCIES_FILE.read_text(encoding="utf-8"))
    return {
        "scale": kt.rating_scale(),
        "target_labels": {t: raw["targets"][t] for t in kt.COMPETENCY_TARGETS},
        "sources": " ".join(str(raw["sources"]).split()),
        "n_items": len(items),
        "areas": [
            {
                "id": area_id,
                "name": area["name"],
                "description": area["description"],
                "items": [
                    {
                        "id": item_id,
                        "statement": item["statement"],
                        "kind": item["kind"],
                        "source": item["source"],
                        "target_new": int(item["target_new"]),
                        "target_senior": int(item["target_senior"]),
                        "actions": list(item["actions"]),
                    }
                    for item_id, item in items[items["area"] == area_id].iterrows()
                ],
            }
            for area_id, area in areas.iterrows()
        ],
    }


def qbr_view() -> dict:
    """The QBR agenda, the scorecard lines and the joint plan's columns (``kt.qbr_*``)."""
    agenda = kt.qbr_agenda()
    return {
        "agenda": [{"id": i, **row} for i, row in agenda.to_dict("index").items()],
        "minutes": int(agenda["minutes"].sum()),
        "lines": [{"id": i, **row} for i, row in kt.qbr_scorecard_lines().to_dict("index").items()],
        "columns": list(kt.joint_plan_columns()),
    }


#: Blank rows of the tables to fill in by hand (next steps, joint objectives).
NEXT_STEP_ROWS, JOINT_ROWS = 5, 4


# ---------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------
CSS = """
:root { --blue: #0072B2; --vermillion: #D55E00; --green: #009E73; --grey: #5a5a5a; }
@page { size: A4; margin: 12mm 13mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1a1a1a; font-size: 10pt; line-height: 1.3;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
@media screen {
  body { background: #e6e6e6; padding: 8mm 0; }
  .card { background: #fff; width: 210mm; min-height: 297mm; margin: 0 auto 8mm;
    padding: 12mm 13mm; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); }
}
@media print { .card + .card, .newpage { break-before: page; } }
h1 { font-size: 17pt; line-height: 1.2; margin: 1mm 0 2mm; }
h2 { font-size: 12pt; margin: 4mm 0 1.5mm; color: var(--blue); break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2mm; }
ul, ol { margin: 0 0 2mm; padding-left: 5mm; }
li { margin-bottom: 0.8mm; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.92em; }
.band { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm;
  border-bottom: 2.5pt solid var(--blue); padding-bottom: 1mm; margin-bottom: 2mm; }
.card-client .band { border-color: var(--vermillion); }
.card-observer .band { border-color: var(--green); }
.role { font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; }
.meta { color: var(--grey); font-size: 9pt; text-align: right; }
.lead { font-size: 11.5pt; }
.small, .help { color: var(--grey); font-size: 9pt; }
.quote { border-left: 2pt solid #bbb; padding: 0.5mm 0 0.5mm 3mm; margin: 0 0 2mm; }
.says { border-left: 3pt solid var(--vermillion); background: #fbeee6; padding: 1.5mm 3mm;
  margin: 1mm 0 2mm; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2.5mm; }
th, td { border: 0.6pt solid #9a9a9a; padding: 1mm 1.6mm; vertical-align: top; text-align: left; }
th { background: #eef4f9; font-size: 9.5pt; }
tr { break-inside: avoid; }
.num { text-align: center; white-space: nowrap; width: 12mm; }
.trust-up { color: #006b4f; font-weight: 700; }
.trust-down { color: #b04600; font-weight: 700; }
.tracker { display: flex; gap: 2mm; align-items: center; flex-wrap: wrap; margin: 1mm 0 3mm; }
.tracker span.cell { display: inline-block; min-width: 16mm; height: 8mm; border: 0.8pt solid #777;
  border-radius: 1mm; text-align: center; line-height: 8mm; }
.stage { margin-bottom: 1mm; }
.keep { break-after: avoid; break-inside: avoid; }
.actions { columns: 2; column-gap: 6mm; font-size: 9pt; }
.actions .field { break-inside: avoid; }
.actions h2 { break-after: avoid; column-span: none; }
tbody.area { break-inside: avoid; }
.area-row td { background: #eef4f9; font-weight: 700; color: var(--blue); }
.area-row .help { font-weight: 400; }
.sheet td, .sheet th { padding: 0.8mm 1.5mm; }
.sheet .rate { width: 6mm; padding: 0.8mm 0; }
.write { border: 0.6pt solid #9a9a9a; border-radius: 1mm; margin: 0.5mm 0 2.5mm;
  height: calc(var(--rows) * 7.5mm);
  background-image: repeating-linear-gradient(to bottom, transparent 0, transparent 7.2mm,
    #d2d2d2 7.2mm, #d2d2d2 7.5mm); }
.field { break-inside: avoid; }
.field .label { font-weight: 600; }
.req { color: var(--vermillion); font-weight: 700; }
.section { break-inside: auto; }
.tick { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #555;
  vertical-align: -0.6mm; margin-right: 1mm; }
.rate { text-align: center; width: 8mm; font-weight: 600; color: #444; }
.tag { display: inline-block; font-size: 8pt; border: 0.6pt solid #999; border-radius: 1mm;
  padding: 0 1mm; color: var(--grey); white-space: nowrap; }
.kind-mistake { color: #b04600; font-weight: 700; }
.kind-good { color: #006b4f; font-weight: 700; }
.card > :last-child { margin-bottom: 0; }
.card-client table, .card-observer table { font-size: 9pt; }
.compact td, .compact th { padding: 0.5mm 1.5mm; }
.compact h2 { margin: 2.5mm 0 1mm; }
footer { margin-top: 4mm; padding-top: 1mm; border-top: 0.6pt solid #bbb; color: var(--grey);
  font-size: 8.5pt; }
"""

TEMPLATES = {
    "base": """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tools/build_handouts.py">
<title>{{ title }}</title>
<style>{{ css }}{{ page_css|default('') }}</style>
</head>
<body>
<!-- Generated by tools/build_handouts.py from {{ source }}.
     Do not edit by hand: run `python tools/build_handouts.py` (make handouts). -->
{% block body %}{% endblock %}
</body>
</html>
""",
    "rp_macros": """\
{% macro trust(n) %}<span class="{{ 'trust-up' if n > 0 else ('trust-down' if n < 0 else '') }}">\
{{ '%+d' % n if n else '0' }}</span>{% endmacro %}
{% macro kind(w) %}<span class="kind-{{ w.kind }}">{{ 'Mistake' if w.kind == 'mistake' else 'Good practice' }}</span>\
{% if w.article %} <span class="tag">article mistake {{ w.article }}</span>{% endif %}{% endmacro %}
""",
    "card_kam": """\
<section class="card card-kam" id="kam-{{ s.id }}" data-scenario="{{ s.id }}" data-role="kam" data-page="{{ page }}">
<header class="band"><span class="role">Key account manager card</span>\
<span class="meta">Role-play · {{ s.title }}</span></header>
<h1>{{ s.title }}</h1>
<p class="lead">{{ s.summary }}</p>
<h2>Who you are</h2>
<p>{{ s.you }}</p>
<h2>Who you meet</h2>
<p><strong>{{ s.person }}</strong>, {{ s.company }}.</p>
<h2>Background</h2>
<p>{{ s.context }}</p>
<h2>How the role-play works</h2>
<ul>
<li>Play the meeting the way you would play it for real, in your own words. There is no script \
for you: the client's card says how the client reacts to what you do.</li>
<li>At the start the client's trust in you is <strong>{{ s.start_word }}</strong> \
({{ s.start_trust }} out of 100). The client keeps the score and tells you how the meeting ends.</li>
<li>Read this card ({{ read }} minutes), then play for about {{ play }} minutes. You may call one \
time-out of 30 seconds to think.</li>
<li>Afterwards the observer leads a {{ debrief }}-minute debrief, and you speak first: what went \
well, and what would you do differently?</li>
</ul>
<h2>Your preparation notes</h2>
<div class="write" style="--rows: 9"></div>
<footer>KAM Academy · role-play <code>{{ s.id }}</code> · key account manager card. \
Play it alone in the course with <code>kt.RolePlay("{{ s.id }}")</code>.</footer>
</section>
""",
    "card_client": """\
{% from "rp_macros" import trust %}
<section class="card card-client" id="client-{{ s.id }}" data-scenario="{{ s.id }}" data-role="client" data-page="{{ page }}">
<header class="band"><span class="role">Client card · keep it hidden from the KAM</span>\
<span class="meta">Role-play · {{ s.title }}</span></header>
<h1>You are {{ s.person }}</h1>
<p class="lead">{{ s.company }}.</p>
<h2>The background, as the KAM knows it</h2>
<p class="quote">{{ s.context }}</p>
<p class="small">The KAM's card also says: “{{ s.you }}”</p>
<h2>How to play</h2>
<ol>
<li>Start at stage 1. Read aloud the passage marked <em>Read aloud</em>, then say your line in your \
own words, in character.</li>
<li>Listen to what the KAM does. Find the row of the table closest to it and react as the row says, \
in your own words. If nothing fits, react as a busy, demanding client would: did the KAM listen, \
prepare and respect your time?</li>
<li>Keep the score: add the row's trust change to your trust (never below 0 or above 100), write it \
in the next box, and go on where the row says.</li>
<li>At the end, tell the KAM how the meeting ended, from the table <em>How it ends</em>.</li>
</ol>
<div class="tracker"><strong>Trust:</strong> <span class="cell">{{ s.start_trust }}</span>\
{% for _ in s.stages %} → <span class="cell"></span>{% endfor %}</div>
{% for st in s.stages %}
<div class="stage">
<div class="keep">
<h2>{{ st.name }}</h2>
<p><strong>Read aloud:</strong> {{ st.situation }}</p>
{% if st.client_says %}<div class="says">You say: “{{ st.client_says }}”</div>
{% else %}<p><strong>Then ask:</strong> “What do you do?”</p>
{% endif %}
</div>
<table>
<tr><th>If the KAM does this (or something close)</th><th>You react (say it, or read it aloud)</th><th class="num">Trust</th>\
<th class="num">Then</th></tr>
{% for m in st.moves %}
<tr><td>{{ m.text }}</td><td>{{ m.reaction }}</td><td class="num">{{ trust(m.trust) }}</td>\
<td class="num">{{ m.goes_to }}</td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
{% for e in s.endings %}
<div class="stage">
<h2>How it ends{% if s.endings|length > 1 %} ({{ e.name }}){% endif %}</h2>
{% if e.situation %}<p><strong>Read aloud:</strong> {{ e.situation }}</p>{% endif %}
<table>
<tr><th class="num">Final trust</th><th>Outcome</th><th>Tell the KAM</th></tr>
{% for b in e.bands %}
<tr><td class="num">{{ b.low }}-{{ b.high }}</td><td><strong>{{ b.title }}</strong> ({{ b.result }})</td>\
<td>{{ b.text }}</td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
</section>
""",
    "card_observer": """\
<section class="card card-observer" id="observer-{{ s.id }}" data-scenario="{{ s.id }}" data-role="observer" data-page="{{ page }}">
<header class="band"><span class="role">Observer card</span>\
<span class="meta">Role-play · {{ s.title }}</span></header>
<h1>Observe: {{ s.title }}</h1>
<p>The KAM meets <strong>{{ s.person }}</strong>, {{ s.company }}. {{ s.summary }}</p>
<h2>Your job</h2>
<ul>
<li><strong>Keep time:</strong> {{ read }} minutes of reading, about {{ play }} minutes of meeting, \
{{ debrief }} minutes of debrief. Give a one-minute warning.</li>
<li><strong>Watch and write down exact words.</strong> Tick a box when you see one of the \
behaviours below: “You interrupted when she said…” helps more than “listen more”.</li>
<li><strong>Lead the debrief</strong> with the questions at the end of this card.</li>
</ul>
<h2>Watch for these mistakes</h2>
<table>
<tr><th>Mistake</th><th class="num">At stage</th><th class="num">Seen</th><th>What to do instead</th></tr>
{% for w in s.watch_mistakes %}
<tr><td><strong>{{ w.label }}</strong>{% if w.article %} <span class="tag">article mistake \
{{ w.article }}</span>{% endif %}</td><td class="num">{{ w.stages }}</td>\
<td class="num"><span class="tick"></span><span class="tick"></span></td>\
<td>{{ w.instead }}</td></tr>
{% endfor %}
</table>
<h2>And for these good practices</h2>
<table>
<tr><th>Good practice</th><th class="num">At stage</th><th class="num">Seen</th><th>Why it builds trust</th></tr>
{% for w in s.watch_good %}
<tr><td><strong>{{ w.label }}</strong></td><td class="num">{{ w.stages }}</td>\
<td class="num"><span class="tick"></span><span class="tick"></span></td>\
<td>{{ w.explanation }}</td></tr>
{% endfor %}
</table>
<h2>Debrief ({{ debrief }} minutes)</h2>
<ol>
<li>Ask the KAM: what went well? What would you do differently?</li>
<li>Ask the client: when did your trust go up, and when did it drop? What did the KAM say just \
before?</li>
<li>Give your two observations: one thing to keep (a good practice you ticked) and one thing to try \
next time (from <em>What to do instead</em>), each with the exact words you noted.</li>
<li>The client reads the ending. Agree on one sentence the KAM will take into real meetings.</li>
</ol>
<p class="small">Write your notes on the notes page of this card: it follows this page, on its \
back when printed double-sided.</p>
<div class="newpage">
<header class="band"><span class="role">Observer card · your notes</span>\
<span class="meta">Role-play · {{ s.title }}</span></header>
<h1>Notes: exact words, stage by stage</h1>
<p class="small">Stage, what the KAM said, how the client reacted. Keep one line for the sentence the \
KAM takes into real meetings.</p>
<div class="write" style="--rows: 27"></div>
</div>
</section>
""",
    "card_pad": """\
<section class="card card-pad card-{{ role }}" data-scenario="{{ s.id }}" data-role="{{ role }}" \
data-page="{{ page }}" data-pad="notes">
<header class="band"><span class="role">{{ role_label }} · notes</span>\
<span class="meta">Role-play · {{ s.title }}</span></header>
<h1>Notes</h1>
<p class="small">This page belongs to the {{ role_label|lower }} of “{{ s.title }}”: it is the back of \
that card's last sheet, so that no sheet carries two roles. Use it for notes.</p>
<div class="write" style="--rows: 28"></div>
</section>
""",
    "roleplay": """\
{% extends "base" %}
{% block body %}
{% include "card_" ~ role %}
{% endblock %}
""",
    "roleplay_print_all": """\
{% extends "base" %}
{% block body %}
<section class="card" id="print-all" data-page="{{ cover_page }}">
<header class="band"><span class="role">Role-play cards · print all</span>\
<span class="meta">KAM Academy</span></header>
<h1>All role-play cards: print, sort, hand out</h1>
<p class="lead">Print this file <strong>double-sided</strong> (long-edge binding), A4, at 100% scale. \
Every sheet belongs to one card only: a card with an odd number of pages ends with a notes page, \
so the back of a key account manager's card is never the client's script.</p>
<h2>Sort the sheets</h2>
<ol>
<li>There is nothing to cut: one sheet is never shared by two cards. The line at the foot of every \
page names the card (key account manager, client or observer) and the scenario.</li>
<li>Make three piles per scenario, one per role, in the order of the table below (the pages \
are those of this file).</li>
<li>Staple or clip the sheets of each card. Put the client card in an envelope, or fold it, and \
mark the envelope “client only”: the KAM must not see it.</li>
<li>Make one set of three cards per group of three that plays the scenario (the facilitator \
guide, Activity B, says which scenarios each group plays).</li>
</ol>
<table>
<tr><th>Scenario</th><th class="num">Key account manager</th><th class="num">Client</th>\
<th class="num">Observer</th></tr>
{% for row in contents %}
<tr><td><strong>{{ row.title }}</strong> <span class="small">({{ row.id }})</span></td>\
{% for role in roles %}<td class="num">{{ row.pages[role] }}</td>{% endfor %}</tr>
{% endfor %}
</table>
<p class="small">The single cards are also printed one file per role and scenario, \
<code>roleplay_&lt;scenario&gt;_kam.pdf</code>, <code>_client.pdf</code> and \
<code>_observer.pdf</code>, for printing only what you need.</p>
</section>
{% if cover_pad %}
<section class="card" data-page="{{ cover_page }}" data-pad="notes">
<header class="band"><span class="role">Role-play cards · print all</span>\
<span class="meta">KAM Academy</span></header>
<p class="small">This page is left blank on purpose: the cards start on the next sheet.</p>
</section>
{% endif %}
{% for item in sheets %}
{% with s=item.s, role=item.role, page=item.page, role_label=item.label %}
{% include "card_pad" if item.pad else "card_" ~ item.role %}
{% endwith %}
{% endfor %}
{% endblock %}
""",
    "form": """\
{% extends "base" %}
{% block body %}
<section class="card card-form" id="form-{{ f.name }}" data-form="{{ f.name }}">
<header class="band"><span class="role">{{ f.title }}</span>\
<span class="meta">KAM Academy · printable template</span></header>
<h1>{{ f.title }}</h1>
<p class="lead">{{ intro }}</p>
<p class="small">{{ f.n_fields }} questions in {{ f.sections|length }} sections; the \
{{ f.n_required }} marked <span class="req">*</span> are required. The same form is in the \
course as <code>{{ widget }}</code>, which scores how complete it is and exports it.</p>
{% for sec in f.sections %}
<div class="section">
{% set number = loop.index %}
{% for fld in sec.fields %}
<div class="field" data-field="{{ fld.id }}">
{% if loop.first %}
<h2>{{ number }}. {{ sec.title }}</h2>
<p class="help">{{ sec.intro }}</p>
{% endif %}
<span class="label">{{ fld.label }}</span>{% if fld.required %} <span class="req">*</span>{% endif %}
<div class="help">{{ fld.help }}</div>
<div class="write" style="--rows: {{ fld.rows }}"></div>
</div>
{% endfor %}
</div>
{% endfor %}
</section>
{% endblock %}
""",
    "assessment": """\
{% extends "base" %}
{% block body %}
<section class="card card-assessment" id="self-assessment">
<header class="band"><span class="role">Self-assessment</span>\
<span class="meta">KAM Academy · module 02</span></header>
<h1>My key account manager self-assessment</h1>
<p>Name: ________________________ &nbsp; Date: ____________ &nbsp; \
Compare with: <span class="tick"></span>new KAM &nbsp;<span class="tick"></span>senior KAM</p>
<p>Rate yourself on each statement as you are <strong>today</strong>: circle one number. Be \
honest; nobody sees this sheet but you. Then write the gap: the target of your profile minus your \
rating. <strong>New</strong>: {{ a.target_labels['new'] }}. <strong>Senior</strong>: \
{{ a.target_labels['senior'] }}.</p>
<table class="sheet">
<tr><th class="num">Rating</th><th>What it means</th></tr>
{% for level, text in a.scale.items() %}
<tr><td class="num">{{ level }}</td><td>{{ text }}</td></tr>
{% endfor %}
</table>
<table class="sheet">
<thead><tr><th>Statement</th><th class="rate" colspan="5">My rating</th><th class="num">New</th>\
<th class="num">Senior</th><th class="num">Gap</th></tr></thead>
{% for area in a.areas %}
<tbody class="area">
<tr class="area-row" data-area="{{ area.id }}"><td colspan="9">{{ area.name }} \
<span class="help">{{ area.description }}</span></td></tr>
{% for item in area['items'] %}
<tr data-item="{{ item.id }}"><td>{{ item.statement }}{% if item.kind == 'trait' %} \
<span class="tag">personal trait</span>{% endif %}</td>\
{% for level in a.scale %}<td class="rate">{{ level }}</td>{% endfor %}\
<td class="num">{{ item.target_new }}</td><td class="num">{{ item.target_senior }}</td>\
<td class="num"></td></tr>
{% endfor %}
</tbody>
{% endfor %}
</table>
<div class="keep">
<h2>My three largest gaps</h2>
<p class="help">The three statements with the largest gap. Pick one or two actions for each from \
the development actions that follow, or write your own, each doable within a month.</p>
</div>
<table>
<tr><th style="width:40%">Statement</th><th>My actions for the next 30 days</th></tr>
<tr><td style="height:16mm"></td><td></td></tr>
<tr><td style="height:16mm"></td><td></td></tr>
<tr><td style="height:16mm"></td><td></td></tr>
</table>
<p class="small">{{ a.sources }} In the course, <code>kt.SelfAssessment()</code> (module 02) \
draws your profile as a radar chart and lists your largest gaps.</p>
<div class="newpage"></div>
<h1>Development actions</h1>
<p>Two or three concrete actions for each of the {{ a.n_items }} statements, each doable within a \
month. These pages are optional: print them for learners who want ideas for their 30-day plan.</p>
<div class="actions">
{% for area in a.areas %}
{% for item in area['items'] %}
<div class="field">
{% if loop.first %}<h2>{{ area.name }}</h2>{% endif %}
<h3>{{ item.statement }}</h3>
<ul>
{% for action in item.actions %}<li>{{ action }}</li>
{% endfor %}
</ul>
</div>
{% endfor %}
{% endfor %}
</div>
</section>
{% endblock %}
""",
    "qbr": """\
{% extends "base" %}
{% block body %}
<section class="card compact" id="qbr-agenda-scorecard" data-handout="qbr">
<header class="band"><span class="role">QBR agenda and scorecard</span>\
<span class="meta">KAM Academy · module 08</span></header>
<h1>Quarterly business review: agenda and scorecard</h1>
<p class="lead">The meeting where you and the customer go through the joint value plan, every \
quarter. Send this page a few days ahead, let the customer speak first and most, and end with \
owners and dates on both sides.</p>
<p>Customer: ______________________ &nbsp; Date: ____________ &nbsp; Place: ________________</p>
<p>Attending for the customer: ______________________________________________<br>\
Attending for us: ______________________________________________________</p>
<h2>Agenda (about {{ q.minutes }} minutes)</h2>
<table>
<tr><th class="num">#</th><th style="width:26%">Item</th><th class="num">Min.</th><th>What happens</th>\
<th style="width:22%">Notes</th></tr>
{% for a in q.agenda %}
<tr data-agenda-item="{{ a.id }}"><td class="num">{{ loop.index }}</td><td><strong>{{ a.item }}</strong></td>\
<td class="num">{{ a.minutes }}</td><td>{{ a.what }}</td><td></td></tr>
{% endfor %}
</table>
<h2>Service scorecard</h2>
<p class="small">Write the status of each line: <strong>on track</strong> when the target is met; \
<strong>watch</strong> when it is missed by no more than a tenth of the target; <strong>off \
track</strong> beyond that; <strong>no data</strong> when nobody measures it yet (never write 0). \
Keep margins and cost to serve off this page: they belong to your internal account review.</p>
<table class="sheet">
<tr><th>Measure</th><th class="num">Better</th><th style="width:19%">Example target</th>\
<th style="width:11%">Target</th><th style="width:11%">Actual</th><th style="width:13%">Status</th></tr>
{% for l in q.lines %}
<tr data-line="{{ l.id }}"><td><strong>{{ l.measure }}</strong>: <span class="small">\
{{ l.definition }} Source: {{ l.source }}.</span></td>\
<td class="num">{{ '↑ higher' if l.better == 'higher' else '↓ lower' }}</td>\
<td class="small">{{ l.example_target }}</td><td></td><td></td><td></td></tr>
{% endfor %}
</table>
<h2>Next steps with owners</h2>
<table>
<tr><th>What</th><th style="width:20%">Owner at the customer</th><th style="width:20%">Owner at our \
company</th><th style="width:14%">By when</th></tr>
{% for _ in range(next_rows) %}
<tr style="height:9mm"><td></td><td></td><td></td><td></td></tr>
{% endfor %}
</table>
<p>Date of the next review: ____________ &nbsp; Minutes sent on: ____________</p>
<footer>KAM Academy · module 08. In the course: <code>kt.qbr_agenda()</code> and \
<code>kt.qbr_scorecard(...)</code>, which adds the status. The joint value plan is \
<code>joint_value_plan.html</code>.</footer>
</section>
{% endblock %}
""",
    "joint_plan": """\
{% extends "base" %}
{% block body %}
<section class="card" id="joint-value-plan" data-handout="joint_plan">
<header class="band"><span class="role">Joint value plan</span>\
<span class="meta">KAM Academy · module 08</span></header>
<h1>Joint value plan</h1>
<p class="lead">The goals you agree <strong>with</strong> the customer and sign off together. Your \
account plan is internal; this page is shared with the customer.</p>
<p>Customer: ______________________ &nbsp; Period: ______________________</p>
<div class="keep">
<h2>What goes in, and what stays out</h2>
<ul>
<li><strong>In:</strong> two to four shared objectives that are good for both sides, each with a \
measure, today's value, a target, an owner on each side and a date.</li>
<li><strong>Out:</strong> your margins, your profit on the account, your share of their wallet, \
your walk-away point and the trades you could offer. They stay in the internal account plan.</li>
</ul>
</div>
<h2>Shared objectives</h2>
<table>
<tr>{% for c in q.columns %}<th data-column="{{ loop.index }}">{{ c }}</th>{% endfor %}</tr>
{% for _ in range(joint_rows) %}
<tr style="height:24mm">{% for c in q.columns %}<td></td>{% endfor %}</tr>
{% endfor %}
</table>
<h2>Signed off</h2>
<table>
<tr><th></th><th>Name and role</th><th>Signature</th><th>Date</th></tr>
<tr style="height:12mm"><td>For the customer</td><td></td><td></td><td></td></tr>
<tr style="height:12mm"><td>For our company</td><td></td><td></td><td></td></tr>
</table>
<p>Reviewed at every quarterly business review (<code>qbr_agenda_scorecard.html</code>). First \
review on: ____________</p>
<footer>KAM Academy · module 08. In the course, the account plan's section “Joint value plan” \
(<code>kt.DossierBuilder(form="account_plan")</code>) holds the same, and exports it.</footer>
</section>
{% endblock %}
""",
    "index": """\
{% extends "base" %}
{% block body %}
<section class="card" id="index">
<header class="band"><span class="role">Workshop handouts</span>\
<span class="meta">KAM Academy</span></header>
<h1>KAM Academy workshop handouts</h1>
<p>Print on A4, portrait, at 100% scale, with the browser's headers and footers turned off \
(or use the PDFs from <code>make handouts</code>). Every handout is generated from the course's \
own content by <code>tools/build_handouts.py</code>; the facilitator guide \
(<code>course/FACILITATOR_GUIDE.md</code>) says when each one is used.</p>
<h2>Handouts for every participant</h2>
<table>
<tr><th>File</th><th>What it is</th><th>Used in</th></tr>
{% for h in singles %}
<tr><td><a href="{{ h.file }}">{{ h.file }}</a></td><td>{{ h.what }}</td><td>{{ h.used }}</td></tr>
{% endfor %}
</table>
<h2>The facilitator's kit</h2>
<p>Generated from the guide's agendas, the course map and kamtools' figures, so they always match \
the course. The e-mails and the one-company variant of Activity A are in \
<code>course/FACILITATOR_KIT.md</code>.</p>
<table>
<tr><th>File</th><th>What it is</th><th>Used in</th></tr>
{% for h in kit %}
<tr><td><a href="{{ h.file }}">{{ h.file }}</a></td><td>{{ h.what }}</td><td>{{ h.used }}</td></tr>
{% endfor %}
</table>
<h2>Role-play cards</h2>
<p>One file per card: the key account manager's card (one page), the client's card (about two \
pages, with the client's script: keep it away from the KAM) and the observer's card (one page and a \
notes page). Each file holds one role only, so it can be printed double-sided. Print one set of \
three for every group of three that plays the scenario. <code>make handouts</code> also builds \
<code>build/handouts/{{ print_all }}.pdf</code>: every card in one file to print double-sided, \
padded so that no sheet carries two roles, with a first page that says how to sort the sheets.</p>
<table>
<tr><th>Cards</th><th>Scenario and client</th><th>Mistakes it trains</th></tr>
{% for s in scenarios %}
<tr><td>{% for role in roles %}<a href="roleplay_{{ s.id }}_{{ role }}.html">{{ role_names[role] }}</a>\
{{ '<br>'|safe if not loop.last }}{% endfor %}</td>\
<td><strong>{{ s.title }}</strong><br><span class="small">{{ s.company }}</span></td>\
<td>{% for w in s.watch_mistakes %}{{ w.label }}{% if w.article %} ({{ w.article }}){% endif %}\
{{ '; ' if not loop.last }}{% endfor %}</td></tr>
{% endfor %}
</table>
<p class="small">Numbers in brackets are the seven mistakes of the course's source article: 1 being \
late, 2 arguing, 3 interrupting, 4 no client dossier, 5 poor preparation, 6 bad manners, \
7 weak product knowledge.</p>
</section>
{% endblock %}
""",
}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES | KIT_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


SINGLES = (
    {
        "file": "self_assessment.html",
        "what": "The competency self-assessment: rate yourself, find your three largest gaps, "
        "choose actions.",
        "used": "Module 02; the wrap-up of the workshop",
    },
    {
        "file": "dossier_template.html",
        "what": "The client dossier and meeting plan, to fill in by hand before a meeting.",
        "used": "Module 06; before the role-play",
    },
    {
        "file": "account_plan_template.html",
        "what": "The key account plan, section by section.",
        "used": "Module 08; the 30 days after the workshop",
    },
    {
        "file": "joint_value_plan.html",
        "what": "The joint value plan: shared objectives, measures, owners on both sides, dates, "
        "signed off by both companies.",
        "used": "Module 08; the account plan kick-off",
    },
    {
        "file": "qbr_agenda_scorecard.html",
        "what": "The quarterly business review: a one-hour agenda, the service scorecard "
        "(target, actual, status) and next steps with owners.",
        "used": "Module 08; the account plan kick-off",
    },
)


def card_file(scenario_id: str, role: str) -> str:
    """The HTML file of one card: ``roleplay_<scenario>_<role>.html``."""
    return f"roleplay_{scenario_id}_{role}.html"


def page_name(role: str, scenario_id: str) -> str:
    """The CSS named page of one card: every page of it carries the card's footer."""
    return f"{role}-{scenario_id}".replace("_", "-")


def page_label(role: str, s: ScenarioView) -> str:
    """The line printed at the foot of every page of a card (what the sorting relies on)."""
    hidden = " · keep it hidden from the KAM" if role == "client" else ""
    return f"KAM Academy role-play · {ROLE_LABELS[role]}{hidden} · {s.title} [{s.id}]"


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + " ".join(escaped.split()) + '"'


def page_css(labels: dict[str, str]) -> str:
    """Named pages: each ``data-page`` prints on its own pages, with its label at the foot."""
    return "".join(
        f'\n[data-page="{name}"] {{ page: {name}; }}\n'
        f"@page {name} {{ @bottom-left {{ content: {_css_string(label)}; font-size: 7.5pt; "
        "color: #5a5a5a; } }"
        for name, label in labels.items()
    )


def render_all() -> dict[str, str]:
    """Every handout: file name -> HTML, freshly rendered from kamtools' content."""
    env = _environment()
    common = {
        "css": Markup(CSS.strip()),
        "read": READ_MINUTES,
        "play": PLAY_MINUTES,
        "debrief": DEBRIEF_MINUTES,
    }
    pages: dict[str, str] = {}
    scenarios = [scenario_view(sid) for sid in kt.list_scenarios().index]
    for s in scenarios:
        for role in ROLES:
            page = page_name(role, s.id)
            pages[card_file(s.id, role)] = env.get_template("roleplay").render(
                s=s,
                role=role,
                page=page,
                page_css=Markup(page_css({page: page_label(role, s)})),
                title=f"{ROLE_LABELS[role]}: {s.title}",
                source=f"kamtools/content/roleplay/{s.id}.yml",
                **common,
            )
    intros = {
        "dossier": "Fill it in before every important client meeting. Never ask a key client "
        "what their company does: the answers belong here before you walk in.",
        "account_plan": "The written strategy for one key account: where it stands, where you "
        "want it in one to three years, how you will get there, and how you will know.",
    }
    for form in kt_dossier.FORMS:
        view = form_view(form)
        pages[f"{form}_template.html"] = env.get_template("form").render(
            f=view,
            intro=intros[form],
            widget="kt.DossierBuilder()"
            if form == "dossier"
            else f'kt.DossierBuilder(form="{form}")',
            title=f"{view['title']} (template)",
            source=view["source"],
            **common,
        )
    pages["self_assessment.html"] = env.get_template("assessment").render(
        a=assessment_view(),
        title="My key account manager self-assessment",
        source="kamtools/content/competencies.yml",
        **common,
    )
    q = qbr_view()
    pages["qbr_agenda_scorecard.html"] = env.get_template("qbr").render(
        q=q,
        next_rows=NEXT_STEP_ROWS,
        title="Quarterly business review: agenda and scorecard",
        source="kamtools/content/qbr.yml",
        **common,
    )
    pages["joint_value_plan.html"] = env.get_template("joint_plan").render(
        q=q,
        joint_rows=JOINT_ROWS,
        title="Joint value plan",
        source="kamtools/content/qbr.yml",
        **common,
    )
    pages |= kit_pages(env, common)
    pages["index.html"] = env.get_template("index").render(
        kit=KIT_PAGES,
        scenarios=scenarios,
        roles=ROLES,
        role_names={"kam": "key account manager", "client": "client", "observer": "observer"},
        print_all=PRINT_ALL,
        singles=SINGLES,
        title="KAM Academy workshop handouts",
        source="kamtools/content",
        **common,
    )
    return dict(sorted(pages.items()))


# ---------------------------------------------------------------------------------------
# Writing, checking, printing
# ---------------------------------------------------------------------------------------
def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def write(pages: dict[str, str], out: Path) -> list[Path]:
    """Write ``pages`` into ``out`` (created when missing); remove stale handout files.

    Returns the paths written or changed, in name order.
    """
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in pages.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    for path in sorted(out.glob("*.html")):
        if path.name not in pages:
            path.unlink()
            changed.append(path)
    return changed


def check(pages: dict[str, str], out: Path) -> list[str]:
    """Compare ``out`` with ``pages``; one line per stale, missing or extra file."""
    problems = []
    for name, text in pages.items():
        path = out / name
        if not path.exists():
            problems.append(f"missing: {_display(path)}")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"stale: {_display(path)}")
    problems += [f"extra: {_display(p)}" for p in sorted(out.glob("*.html")) if p.name not in pages]
    return problems


def find_chromium(explicit: str | Path | None = None) -> Path:
    """The Chromium to print with: ``explicit``, else /usr/bin/chromium, else one on PATH.

    Raises
    ------
    HandoutError
        Naming the program that is missing and how to get it.
    """
    if explicit is not None:
        path = Path(explicit)
        if path.is_file():
            return path
        found = shutil.which(str(explicit))
        if found:
            return Path(found)
        raise HandoutError(
            f"cannot print PDFs: the program {str(explicit)!r} (given with --chromium) does not "
            "exist. Pass the path of a Chromium or Chrome executable."
        )
    if CHROMIUM_DEFAULT.is_file():
        return CHROMIUM_DEFAULT
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise HandoutError(
        f"cannot print PDFs: the program 'chromium' is missing (looked for {CHROMIUM_DEFAULT} "
        f"and for {', '.join(CHROMIUM_NAMES)} on PATH). Install it (Debian or Ubuntu: "
        "`apt-get install chromium`) or pass --chromium /path/to/chrome. The HTML handouts "
        "print from any browser too: open one and use File > Print > Save as PDF, A4, "
        "without headers and footers."
    )


def print_pdf(html: Path, pdf: Path, chromium: Path) -> Path:
    """Print one HTML file to ``pdf`` with headless Chromium; return ``pdf``."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="kam-handouts-chromium-") as profile:
        command = [
            str(chromium),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf.resolve()}",
            html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=PDF_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise HandoutError(
                f"{chromium} did not finish printing {_display(html)} within {PDF_TIMEOUT_S} s."
            ) from None
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise HandoutError(
            f"{chromium} did not write a PDF for {_display(html)} (exit code "
            f"{result.returncode}). Its last messages:\n{tail}"
        )
    return pdf


def print_all(
    html_dir: Path, pdf_dir: Path, chromium: Path, names: Iterable[str], workers: int = 2
) -> list[Path]:
    """Print every named HTML file of ``html_dir`` into ``pdf_dir`` (same name, .pdf)."""
    jobs = [(html_dir / n, pdf_dir / Path(n).with_suffix(".pdf").name) for n in names]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda job: print_pdf(*job, chromium), jobs))


def pdf_page_count(pdf: Path) -> int:
    """The number of pages of a PDF that Chromium printed (its /Type /Page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def render_print_all(pages_per_card: dict[str, int]) -> tuple[str, int]:
    """The combined file of every card and the number of pages it must print on.

    ``pages_per_card`` maps each card's HTML file name to the pages it printed on alone.
    A card with an odd number of pages gets a notes page, and the cover sheet has a blank
    back, so every card starts on the front of a new sheet when printed double-sided.
    """
    env = _environment()
    scenarios = [scenario_view(sid) for sid in kt.list_scenarios().index]
    cover = "cover-print-all"
    labels = {cover: "KAM Academy role-play cards · how to print and sort"}
    sheets, contents, first = [], [], 3  # the cover sheet is pages 1 and 2
    for s in scenarios:
        row = {"id": s.id, "title": s.title, "pages": {}}
        for role in ROLES:
            name = card_file(s.id, role)
            if name not in pages_per_card:
                raise HandoutError(f"cannot build {PRINT_ALL}: {name} was not printed")
            n = pages_per_card[name]
            padded = n + n % 2
            page = page_name(role, s.id)
            labels[page] = page_label(role, s)
            item = {"s": s, "role": role, "page": page, "label": ROLE_LABELS[role]}
            sheets.append({**item, "pad": False})
            if n % 2:
                sheets.append({**item, "pad": True})
            last = first + padded - 1
            row["pages"][role] = f"{first}-{last}"
            first = last + 1
        contents.append(row)
    text = env.get_template("roleplay_print_all").render(
        contents=contents,
        sheets=sheets,
        roles=ROLES,
        cover_page=cover,
        cover_pad=True,
        page_css=Markup(page_css(labels)),
        css=Markup(CSS.strip()),
        read=READ_MINUTES,
        play=PLAY_MINUTES,
        debrief=DEBRIEF_MINUTES,
        title="All role-play cards, one role per sheet",
        source="kamtools/content/roleplay",
    )
    return text, first - 1


def print_cards_together(pdf_dir: Path, chromium: Path) -> Path:
    """Build and print ``PRINT_ALL`` from the single cards already printed in ``pdf_dir``."""
    counts = {
        card_file(sid, role): pdf_page_count(
            pdf_dir / Path(card_file(sid, role)).with_suffix(".pdf")
        )
        for sid in kt.list_scenarios().index
        for role in ROLES
    }
    text, expected = render_print_all(counts)
    html = pdf_dir / f"{PRINT_ALL}.html"
    html.write_text(text, encoding="utf-8", newline="\n")
    pdf = print_pdf(html, pdf_dir / f"{PRINT_ALL}.pdf", chromium)
    got = pdf_page_count(pdf)
    if got != expected:
        raise HandoutError(
            f"{_display(pdf)} printed on {got} pages instead of {expected}: a card breaks "
            "differently in the combined file, so some sheets could carry two roles. Print the "
            "single card files instead, and report this."
        )
    return pdf


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="only compare the committed HTML with a fresh build; exit 1 when it differs",
    )
    mode.add_argument(
        "--pdf",
        metavar="OUTDIR",
        type=Path,
        help="after writing the HTML, print every handout to a PDF in OUTDIR",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HANDOUTS,
        help=f"folder of the HTML handouts (default: {_display(HANDOUTS)})",
    )
    parser.add_argument(
        "--chromium", metavar="PATH", help=f"Chromium to print with (default: {CHROMIUM_DEFAULT})"
    )
    args = parser.parse_args(argv)

    pages = render_all()
    if args.check:
        problems = check(pages, args.out)
        for line in problems:
            print(line)
        if problems:
            print("Run `python tools/build_handouts.py` (make handouts) to rebuild them.")
            return 1
        print(f"{len(pages)} handouts up to date in {_display(args.out)}")
        return 0

    try:
        chromium = find_chromium(args.chromium) if args.pdf is not None else None
    except HandoutError as err:  # before writing anything, so nothing is half done
        print(f"build_handouts: {err}", file=sys.stderr)
        return 2
    for path in write(pages, args.out):
        print(f"wrote: {_display(path)}" if path.exists() else f"removed: {_display(path)}")
    print(f"{len(pages)} handouts in {_display(args.out)}")
    if chromium is not None:
        try:
            pdfs = print_all(args.out, args.pdf, chromium, pages)
            pdfs.append(print_cards_together(args.pdf, chromium))
        except HandoutError as err:
            print(f"build_handouts: {err}", file=sys.stderr)
            return 2
        print(f"{len(pdfs)} PDFs in {_display(args.pdf)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
