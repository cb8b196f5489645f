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

Every handout is built in English (``course/handouts/``) and in Polish
(``course/handouts/pl/``) from the same templates. Their English texts are Jinja2 i18n
``{% trans %}`` blocks and ``_("...")`` calls, and the Python-side texts are marked ``N_("...")``;
English renders them through gettext = identity, Polish through the gettext catalogue
``course/locales/pl/handouts.po`` (msgid = the English text, no context), with kamtools set
to Polish so that every content text (scenarios, forms, competencies, QBR) comes from
``kamtools/locales/pl/content``. The Polish HTML then gets its typography: no one-letter word
(``w``, ``z``, ``i``, ``a``, ``o``, ``u``) at the end of a line (:func:`polish_typography`).
The Polish participants' agenda reads ``course/pl/FACILITATOR_GUIDE.md`` when its agendas are
complete (the same rows as the English guide), else the English tables.

Usage::

    python tools/build_handouts.py                       # write course/handouts/{,pl/}*.html
    python tools/build_handouts.py --check               # exit 1 if the HTML is stale or the
                                                         # catalogue out of step, empty or fuzzy
    python tools/build_handouts.py --pdf build/handouts  # also print each to PDF (pl/ too)
    python tools/build_handouts.py --update-catalogue pl # new texts empty, changed ones fuzzy
    python tools/build_handouts.py --todo pl > todo.yml  # what is left: English: English
    python tools/build_handouts.py --fill pl done.yml    # write translations (English: Polish)

PDFs are printed with headless Chromium (``/usr/bin/chromium``, or ``--chromium PATH``);
nbconvert's webpdf is not used because it cannot find Debian's Chromium.
"""

from __future__ import annotations

import argparse
import gettext as _gettext
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import pandas as pd
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract as _babel_extract
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup

import kamtools as kt
from kamtools import i18n as kt_i18n
from kamtools._content import load_yaml
from kamtools.learning import competencies as kt_competencies
from kamtools.learning import dossier as kt_dossier

sys.path.insert(0, str(Path(__file__).resolve().parent))
import handouts_kit
from handouts_kit import ENGLISH, KIT_PAGES, KIT_TEMPLATES, N_, Translator, kit_pages

ROOT = Path(__file__).resolve().parents[1]
HANDOUTS = ROOT / "course" / "handouts"

#: The languages of the handouts: English in ``course/handouts/``, every other one in a
#: folder of its own (``course/handouts/pl/``), rendered from the same templates with the
#: gettext catalogue ``course/locales/<lang>/handouts.po`` (msgid = the English text).
LANGUAGES = ("en", "pl")
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != "en")
CATALOGUE_NAME = "handouts.po"
#: A fixed date in the catalogue's header, so that updating it changes the file only when
#: its messages change.
CATALOGUE_DATE = datetime(2026, 12, 5)
#: The index links to the index of the other language (its label in that language).
OTHER_INDEX = {
    "en": {"lang": "pl", "href": "pl/index.html", "label": "Materiały szkoleniowe po polsku"},
    "pl": {"lang": "en", "href": "../index.html", "label": "Workshop handouts in English"},
}

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
    "kam": N_("Key account manager card"),
    "client": N_("Client card"),
    "observer": N_("Observer card"),
}
#: How the index names each card, and the words of the client card's score and outcomes.
ROLE_NAMES = {
    "kam": N_("key account manager"),
    "client": N_("client"),
    "observer": N_("observer"),
}
TRUST_WORDS = {
    "broken": N_("broken"),
    "low": N_("low"),
    "cautious": N_("cautious"),
    "good": N_("good"),
    "strong": N_("strong"),
}
RESULTS = {"success": N_("success"), "partial": N_("partial"), "failure": N_("failure")}
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


def scenario_view(scenario_id: str, tr: Translator = ENGLISH) -> ScenarioView:
    """Everything the three cards of one scenario show, from ``kt.load_scenario``.

    The scenario's texts come in kamtools' language; ``tr`` translates the card's own words
    (stage names, the trust word, the outcomes).
    """
    scenario = kt.load_scenario(scenario_id)
    vocab = kt.roleplay_vocabulary()
    order = _node_order(scenario)
    decisions = [n for n in order if not scenario.nodes[n].is_ending]
    endings = [n for n in order if scenario.nodes[n].is_ending]
    names = {n: tr(N_("Stage {number}"), number=i) for i, n in enumerate(decisions, start=1)}
    names |= {
        n: tr(N_("The end"))
        if len(endings) == 1
        else tr(N_("Ending {letter}"), letter=chr(ord("A") + i))
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
            bands.append(Band(e.min_trust, high, tr(RESULTS[e.result]), e.title, e.text))
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
        start_word=tr(TRUST_WORDS[kt.trust_word(scenario.start_trust)]),
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
    # The two short texts that have no public accessor are read from the same file (in
    # kamtools' language: its translation comes from kamtools/locales/<lang>/content).
    if kt.get_language() == "en":
        raw = yaml.safe_load(kt_competencies.COMPETENCIES_FILE.read_text(encoding="utf-8"))
    else:
        raw = load_yaml(kt_competencies.COMPETENCIES_FILE, language=kt.get_language())
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
<html lang="{{ lang|default('en') }}">
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
{% macro kind(w) %}<span class="kind-{{ w.kind }}">{{ _('Mistake') if w.kind == 'mistake' else _('Good practice') }}</span>\
{% if w.article %} <span class="tag">{% trans n=w.article %}article mistake {{ n }}{% endtrans %}</span>{% endif %}{% endmacro %}
""",
    "card_kam": """\
<section class="card card-kam" id="kam-{{ s.id }}" data-scenario="{{ s.id }}" data-role="kam" data-page="{{ page }}">
<header class="band"><span class="role">{% trans %}Key account manager card{% endtrans %}</span>\
<span class="meta">{% trans title=s.title %}Role-play · {{ title }}{% endtrans %}</span></header>
<h1>{{ s.title }}</h1>
<p class="lead">{{ s.summary }}</p>
<h2>{% trans %}Who you are{% endtrans %}</h2>
<p>{{ s.you }}</p>
<h2>{% trans %}Who you meet{% endtrans %}</h2>
<p><strong>{{ s.person }}</strong>, {{ s.company }}.</p>
<h2>{% trans %}Background{% endtrans %}</h2>
<p>{{ s.context }}</p>
<h2>{% trans %}How the role-play works{% endtrans %}</h2>
<ul>
<li>{% trans %}Play the meeting the way you would play it for real, in your own words. There is no script \
for you: the client's card says how the client reacts to what you do.{% endtrans %}</li>
<li>{% trans word=s.start_word, trust=s.start_trust %}At the start the client's trust in you is <strong>{{ word }}</strong> \
({{ trust }} out of 100). The client keeps the score and tells you how the meeting ends.{% endtrans %}</li>
<li>{% trans %}Read this card ({{ read }} minutes), then play for about {{ play }} minutes. You may call one \
time-out of 30 seconds to think.{% endtrans %}</li>
<li>{% trans %}Afterwards the observer leads a {{ debrief }}-minute debrief, and you speak first: what went \
well, and what would you do differently?{% endtrans %}</li>
</ul>
<h2>{% trans %}Your preparation notes{% endtrans %}</h2>
<div class="write" style="--rows: 9"></div>
<footer>{% trans id=s.id %}KAM Academy · role-play <code>{{ id }}</code> · key account manager card. \
Play it alone in the course with <code>kt.RolePlay("{{ id }}")</code>.{% endtrans %}</footer>
</section>
""",
    "card_client": """\
{% from "rp_macros" import trust %}
<section class="card card-client" id="client-{{ s.id }}" data-scenario="{{ s.id }}" data-role="client" data-page="{{ page }}">
<header class="band"><span class="role">{% trans %}Client card · keep it hidden from the KAM{% endtrans %}</span>\
<span class="meta">{% trans title=s.title %}Role-play · {{ title }}{% endtrans %}</span></header>
<h1>{% trans person=s.person %}You are {{ person }}{% endtrans %}</h1>
<p class="lead">{{ s.company }}.</p>
<h2>{% trans %}The background, as the KAM knows it{% endtrans %}</h2>
<p class="quote">{{ s.context }}</p>
<p class="small">{% trans you=s.you %}The KAM's card also says: “{{ you }}”{% endtrans %}</p>
<h2>{% trans %}How to play{% endtrans %}</h2>
<ol>
<li>{% trans %}Start at stage 1. Read aloud the passage marked <em>Read aloud</em>, then say your line in your \
own words, in character.{% endtrans %}</li>
<li>{% trans %}Listen to what the KAM does. Find the row of the table closest to it and react as the row says, \
in your own words. If nothing fits, react as a busy, demanding client would: did the KAM listen, \
prepare and respect your time?{% endtrans %}</li>
<li>{% trans %}Keep the score: add the row's trust change to your trust (never below 0 or above 100), write it \
in the next box, and go on where the row says.{% endtrans %}</li>
<li>{% trans %}At the end, tell the KAM how the meeting ended, from the table <em>How it ends</em>.{% endtrans %}</li>
</ol>
<div class="tracker"><strong>{% trans %}Trust:{% endtrans %}</strong> <span class="cell">{{ s.start_trust }}</span>\
{% for _ in s.stages %} → <span class="cell"></span>{% endfor %}</div>
{% for st in s.stages %}
<div class="stage">
<div class="keep">
<h2>{{ st.name }}</h2>
<p><strong>{% trans %}Read aloud:{% endtrans %}</strong> {{ st.situation }}</p>
{% if st.client_says %}<div class="says">{% trans says=st.client_says %}You say: “{{ says }}”{% endtrans %}</div>
{% else %}<p>{% trans %}<strong>Then ask:</strong> “What do you do?”{% endtrans %}</p>
{% endif %}
</div>
<table>
<tr><th>{% trans %}If the KAM does this (or something close){% endtrans %}</th><th>{% trans %}You react (say it, or read it aloud){% endtrans %}</th><th class="num">{% trans %}Trust{% endtrans %}</th>\
<th class="num">{% trans %}Then{% endtrans %}</th></tr>
{% for m in st.moves %}
<tr><td>{{ m.text }}</td><td>{{ m.reaction }}</td><td class="num">{{ trust(m.trust) }}</td>\
<td class="num">{{ m.goes_to }}</td></tr>
{% endfor %}
</table>
</div>
{% endfor %}
{% for e in s.endings %}
<div class="stage">
<h2>{% trans %}How it ends{% endtrans %}{% if s.endings|length > 1 %} ({{ e.name }}){% endif %}</h2>
{% if e.situation %}<p><strong>{% trans %}Read aloud:{% endtrans %}</strong> {{ e.situation }}</p>{% endif %}
<table>
<tr><th class="num">{% trans %}Final trust{% endtrans %}</th><th>{% trans %}Outcome{% endtrans %}</th><th>{% trans %}Tell the KAM{% endtrans %}</th></tr>
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
<header class="band"><span class="role">{% trans %}Observer card{% endtrans %}</span>\
<span class="meta">{% trans title=s.title %}Role-play · {{ title }}{% endtrans %}</span></header>
<h1>{% trans title=s.title %}Observe: {{ title }}{% endtrans %}</h1>
<p>{% trans person=s.person, company=s.company %}The KAM meets <strong>{{ person }}</strong>, {{ company }}.{% endtrans %} {{ s.summary }}</p>
<h2>{% trans %}Your job{% endtrans %}</h2>
<ul>
<li>{% trans %}<strong>Keep time:</strong> {{ read }} minutes of reading, about {{ play }} minutes of meeting, \
{{ debrief }} minutes of debrief. Give a one-minute warning.{% endtrans %}</li>
<li>{% trans %}<strong>Watch and write down exact words.</strong> Tick a box when you see one of the \
behaviours below: “You interrupted when she said…” helps more than “listen more”.{% endtrans %}</li>
<li>{% trans %}<strong>Lead the debrief</strong> with the questions at the end of this card.{% endtrans %}</li>
</ul>
<h2>{% trans %}Watch for these mistakes{% endtrans %}</h2>
<table>
<tr><th>{% trans %}Mistake{% endtrans %}</th><th class="num">{% trans %}At stage{% endtrans %}</th><th class="num">{% trans %}Seen{% endtrans %}</th><th>{% trans %}What to do instead{% endtrans %}</th></tr>
{% for w in s.watch_mistakes %}
<tr><td><strong>{{ w.label }}</strong>{% if w.article %} <span class="tag">{% trans n=w.article %}article mistake \
{{ n }}{% endtrans %}</span>{% endif %}</td><td class="num">{{ w.stages }}</td>\
<td class="num"><span class="tick"></span><span class="tick"></span></td>\
<td>{{ w.instead }}</td></tr>
{% endfor %}
</table>
<h2>{% trans %}And for these good practices{% endtrans %}</h2>
<table>
<tr><th>{% trans %}Good practice{% endtrans %}</th><th class="num">{% trans %}At stage{% endtrans %}</th><th class="num">{% trans %}Seen{% endtrans %}</th><th>{% trans %}Why it builds trust{% endtrans %}</th></tr>
{% for w in s.watch_good %}
<tr><td><strong>{{ w.label }}</strong></td><td class="num">{{ w.stages }}</td>\
<td class="num"><span class="tick"></span><span class="tick"></span></td>\
<td>{{ w.explanation }}</td></tr>
{% endfor %}
</table>
<h2>{% trans %}Debrief ({{ debrief }} minutes){% endtrans %}</h2>
<ol>
<li>{% trans %}Ask the KAM: what went well? What would you do differently?{% endtrans %}</li>
<li>{% trans %}Ask the client: when did your trust go up, and when did it drop? What did the KAM say just \
before?{% endtrans %}</li>
<li>{% trans %}Give your two observations: one thing to keep (a good practice you ticked) and one thing to try \
next time (from <em>What to do instead</em>), each with the exact words you noted.{% endtrans %}</li>
<li>{% trans %}The client reads the ending. Agree on one sentence the KAM will take into real meetings.{% endtrans %}</li>
</ol>
<p class="small">{% trans %}Write your notes on the notes page of this card: it follows this page, on its \
back when printed double-sided.{% endtrans %}</p>
<div class="newpage">
<header class="band"><span class="role">{% trans %}Observer card · your notes{% endtrans %}</span>\
<span class="meta">{% trans title=s.title %}Role-play · {{ title }}{% endtrans %}</span></header>
<h1>{% trans %}Notes: exact words, stage by stage{% endtrans %}</h1>
<p class="small">{% trans %}Stage, what the KAM said, how the client reacted. Keep one line for the sentence the \
KAM takes into real meetings.{% endtrans %}</p>
<div class="write" style="--rows: 27"></div>
</div>
</section>
""",
    "card_pad": """\
<section class="card card-pad card-{{ role }}" data-scenario="{{ s.id }}" data-role="{{ role }}" \
data-page="{{ page }}" data-pad="notes">
<header class="band"><span class="role">{% trans label=role_label %}{{ label }} · notes{% endtrans %}</span>\
<span class="meta">{% trans title=s.title %}Role-play · {{ title }}{% endtrans %}</span></header>
<h1>{% trans %}Notes{% endtrans %}</h1>
<p class="small">{% trans label=role_label|lower, title=s.title %}This page belongs to the {{ label }} of “{{ title }}”: it is the back of \
that card's last sheet, so that no sheet carries two roles. Use it for notes.{% endtrans %}</p>
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
<header class="band"><span class="role">{% trans %}Role-play cards · print all{% endtrans %}</span>\
<span class="meta">KAM Academy</span></header>
<h1>{% trans %}All role-play cards: print, sort, hand out{% endtrans %}</h1>
<p class="lead">{% trans %}Print this file <strong>double-sided</strong> (long-edge binding), A4, at 100% scale. \
Every sheet belongs to one card only: a card with an odd number of pages ends with a notes page, \
so the back of a key account manager's card is never the client's script.{% endtrans %}</p>
<h2>{% trans %}Sort the sheets{% endtrans %}</h2>
<ol>
<li>{% trans %}There is nothing to cut: one sheet is never shared by two cards. The line at the foot of every \
page names the card (key account manager, client or observer) and the scenario.{% endtrans %}</li>
<li>{% trans %}Make three piles per scenario, one per role, in the order of the table below (the pages \
are those of this file).{% endtrans %}</li>
<li>{% trans %}Staple or clip the sheets of each card. Put the client card in an envelope, or fold it, and \
mark the envelope “client only”: the KAM must not see it.{% endtrans %}</li>
<li>{% trans %}Make one set of three cards per group of three that plays the scenario (the facilitator \
guide, Activity B, says which scenarios each group plays).{% endtrans %}</li>
</ol>
<table>
<tr><th>{% trans %}Scenario{% endtrans %}</th><th class="num">{% trans %}Key account manager{% endtrans %}</th><th class="num">{% trans %}Client{% endtrans %}</th>\
<th class="num">{% trans %}Observer{% endtrans %}</th></tr>
{% for row in contents %}
<tr><td><strong>{{ row.title }}</strong> <span class="small">({{ row.id }})</span></td>\
{% for role in roles %}<td class="num">{{ row.pages[role] }}</td>{% endfor %}</tr>
{% endfor %}
</table>
<p class="small">{% trans %}The single cards are also printed one file per role and scenario, \
<code>roleplay_&lt;scenario&gt;_kam.pdf</code>, <code>_client.pdf</code> and \
<code>_observer.pdf</code>, for printing only what you need.{% endtrans %}</p>
</section>
{% if cover_pad %}
<section class="card" data-page="{{ cover_page }}" data-pad="notes">
<header class="band"><span class="role">{% trans %}Role-play cards · print all{% endtrans %}</span>\
<span class="meta">KAM Academy</span></header>
<p class="small">{% trans %}This page is left blank on purpose: the cards start on the next sheet.{% endtrans %}</p>
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
<span class="meta">{% trans %}KAM Academy · printable template{% endtrans %}</span></header>
<h1>{{ f.title }}</h1>
<p class="lead">{{ intro }}</p>
<p class="small">{% trans n_fields=f.n_fields, n_sections=f.sections|length, n_required=f.n_required %}{{ n_fields }} questions in {{ n_sections }} sections; the \
{{ n_required }} marked <span class="req">*</span> are required. The same form is in the \
course as <code>{{ widget }}</code>, which scores how complete it is and exports it.{% endtrans %}</p>
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
<header class="band"><span class="role">{% trans %}Self-assessment{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy · module 02{% endtrans %}</span></header>
<h1>{% trans %}My key account manager self-assessment{% endtrans %}</h1>
<p>{% trans %}Name: ________________________ &nbsp; Date: ____________ &nbsp; \
Compare with: <span class="tick"></span>new KAM &nbsp;<span class="tick"></span>senior KAM{% endtrans %}</p>
<p>{% trans new=a.target_labels['new'], senior=a.target_labels['senior'] %}Rate yourself on each statement as you are <strong>today</strong>: circle one number. Be \
honest; nobody sees this sheet but you. Then write the gap: the target of your profile minus your \
rating. <strong>New</strong>: {{ new }}. <strong>Senior</strong>: \
{{ senior }}.{% endtrans %}</p>
<table class="sheet">
<tr><th class="num">{% trans %}Rating{% endtrans %}</th><th>{% trans %}What it means{% endtrans %}</th></tr>
{% for level, text in a.scale.items() %}
<tr><td class="num">{{ level }}</td><td>{{ text }}</td></tr>
{% endfor %}
</table>
<table class="sheet">
<thead><tr><th>{% trans %}Statement{% endtrans %}</th><th class="rate" colspan="5">{% trans %}My rating{% endtrans %}</th><th class="num">{% trans %}New{% endtrans %}</th>\
<th class="num">{% trans %}Senior{% endtrans %}</th><th class="num">{% trans %}Gap{% endtrans %}</th></tr></thead>
{% for area in a.areas %}
<tbody class="area">
<tr class="area-row" data-area="{{ area.id }}"><td colspan="9">{{ area.name }} \
<span class="help">{{ area.description }}</span></td></tr>
{% for item in area['items'] %}
<tr data-item="{{ item.id }}"><td>{{ item.statement }}{% if item.kind == 'trait' %} \
<span class="tag">{% trans %}personal trait{% endtrans %}</span>{% endif %}</td>\
{% for level in a.scale %}<td class="rate">{{ level }}</td>{% endfor %}\
<td class="num">{{ item.target_new }}</td><td class="num">{{ item.target_senior }}</td>\
<td class="num"></td></tr>
{% endfor %}
</tbody>
{% endfor %}
</table>
<div class="keep">
<h2>{% trans %}My three largest gaps{% endtrans %}</h2>
<p class="help">{% trans %}The three statements with the largest gap. Pick one or two actions for each from \
the development actions that follow, or write your own, each doable within a month.{% endtrans %}</p>
</div>
<table>
<tr><th style="width:40%">{% trans %}Statement{% endtrans %}</th><th>{% trans %}My actions for the next 30 days{% endtrans %}</th></tr>
<tr><td style="height:16mm"></td><td></td></tr>
<tr><td style="height:16mm"></td><td></td></tr>
<tr><td style="height:16mm"></td><td></td></tr>
</table>
<p class="small">{{ a.sources }} {% trans %}In the course, <code>kt.SelfAssessment()</code> (module 02) \
draws your profile as a radar chart and lists your largest gaps.{% endtrans %}</p>
<div class="newpage"></div>
<h1>{% trans %}Development actions{% endtrans %}</h1>
<p>{% trans n=a.n_items %}Two or three concrete actions for each of the {{ n }} statements, each doable within a \
month. These pages are optional: print them for learners who want ideas for their 30-day plan.{% endtrans %}</p>
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
<header class="band"><span class="role">{% trans %}QBR agenda and scorecard{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy · module 08{% endtrans %}</span></header>
<h1>{% trans %}Quarterly business review: agenda and scorecard{% endtrans %}</h1>
<p class="lead">{% trans %}The meeting where you and the customer go through the joint value plan, every \
quarter. Send this page a few days ahead, let the customer speak first and most, and end with \
owners and dates on both sides.{% endtrans %}</p>
<p>{% trans %}Customer: ______________________ &nbsp; Date: ____________ &nbsp; Place: ________________{% endtrans %}</p>
<p>{% trans %}Attending for the customer: ______________________________________________<br>\
Attending for us: ______________________________________________________{% endtrans %}</p>
<h2>{% trans minutes=q.minutes %}Agenda (about {{ minutes }} minutes){% endtrans %}</h2>
<table>
<tr><th class="num">#</th><th style="width:26%">{% trans %}Item{% endtrans %}</th><th class="num">{% trans %}Min.{% endtrans %}</th><th>{% trans %}What happens{% endtrans %}</th>\
<th style="width:22%">{% trans %}Notes{% endtrans %}</th></tr>
{% for a in q.agenda %}
<tr data-agenda-item="{{ a.id }}"><td class="num">{{ loop.index }}</td><td><strong>{{ a.item }}</strong></td>\
<td class="num">{{ a.minutes }}</td><td>{{ a.what }}</td><td></td></tr>
{% endfor %}
</table>
<h2>{% trans %}Service scorecard{% endtrans %}</h2>
<p class="small">{% trans %}Write the status of each line: <strong>on track</strong> when the target is met; \
<strong>watch</strong> when it is missed by no more than a tenth of the target; <strong>off \
track</strong> beyond that; <strong>no data</strong> when nobody measures it yet (never write 0). \
Keep margins and cost to serve off this page: they belong to your internal account review.{% endtrans %}</p>
<table class="sheet">
<tr><th>{% trans %}Measure{% endtrans %}</th><th class="num">{% trans %}Better{% endtrans %}</th><th style="width:19%">{% trans %}Example target{% endtrans %}</th>\
<th style="width:11%">{% trans %}Target{% endtrans %}</th><th style="width:11%">{% trans %}Actual{% endtrans %}</th><th style="width:13%">{% trans %}Status{% endtrans %}</th></tr>
{% for l in q.lines %}
<tr data-line="{{ l.id }}"><td><strong>{{ l.measure }}</strong>: <span class="small">\
{{ l.definition }} {% trans source=l.source %}Source: {{ source }}.{% endtrans %}</span></td>\
<td class="num">{{ _('↑ higher') if l.better == 'higher' else _('↓ lower') }}</td>\
<td class="small">{{ l.example_target }}</td><td></td><td></td><td></td></tr>
{% endfor %}
</table>
<h2>{% trans %}Next steps with owners{% endtrans %}</h2>
<table>
<tr><th>{% trans %}What{% endtrans %}</th><th style="width:20%">{% trans %}Owner at the customer{% endtrans %}</th><th style="width:20%">{% trans %}Owner at our \
company{% endtrans %}</th><th style="width:14%">{% trans %}By when{% endtrans %}</th></tr>
{% for _ in range(next_rows) %}
<tr style="height:9mm"><td></td><td></td><td></td><td></td></tr>
{% endfor %}
</table>
<p>{% trans %}Date of the next review: ____________ &nbsp; Minutes sent on: ____________{% endtrans %}</p>
<footer>{% trans %}KAM Academy · module 08. In the course: <code>kt.qbr_agenda()</code> and \
<code>kt.qbr_scorecard(...)</code>, which adds the status. The joint value plan is \
<code>joint_value_plan.html</code>.{% endtrans %}</footer>
</section>
{% endblock %}
""",
    "joint_plan": """\
{% extends "base" %}
{% block body %}
<section class="card" id="joint-value-plan" data-handout="joint_plan">
<header class="band"><span class="role">{% trans %}Joint value plan{% endtrans %}</span>\
<span class="meta">{% trans %}KAM Academy · module 08{% endtrans %}</span></header>
<h1>{% trans %}Joint value plan{% endtrans %}</h1>
<p class="lead">{% trans %}The goals you agree <strong>with</strong> the customer and sign off together. Your \
account plan is internal; this page is shared with the customer.{% endtrans %}</p>
<p>{% trans %}Customer: ______________________ &nbsp; Period: ______________________{% endtrans %}</p>
<div class="keep">
<h2>{% trans %}What goes in, and what stays out{% endtrans %}</h2>
<ul>
<li>{% trans %}<strong>In:</strong> two to four shared objectives that are good for both sides, each with a \
measure, today's value, a target, an owner on each side and a date.{% endtrans %}</li>
<li>{% trans %}<strong>Out:</strong> your margins, your profit on the account, your share of their wallet, \
your walk-away point and the trades you could offer. They stay in the internal account plan.{% endtrans %}</li>
</ul>
</div>
<h2>{% trans %}Shared objectives{% endtrans %}</h2>
<table>
<tr>{% for c in q.columns %}<th data-column="{{ loop.index }}">{{ c }}</th>{% endfor %}</tr>
{% for _ in range(joint_rows) %}
<tr style="height:24mm">{% for c in q.columns %}<td></td>{% endfor %}</tr>
{% endfor %}
</table>
<h2>{% trans %}Signed off{% endtrans %}</h2>
<table>
<tr><th></th><th>{% trans %}Name and role{% endtrans %}</th><th>{% trans %}Signature{% endtrans %}</th><th>{% trans %}Date{% endtrans %}</th></tr>
<tr style="height:12mm"><td>{% trans %}For the customer{% endtrans %}</td><td></td><td></td><td></td></tr>
<tr style="height:12mm"><td>{% trans %}For our company{% endtrans %}</td><td></td><td></td><td></td></tr>
</table>
<p>{% trans %}Reviewed at every quarterly business review (<code>qbr_agenda_scorecard.html</code>). First \
review on: ____________{% endtrans %}</p>
<footer>{% trans %}KAM Academy · module 08. In the course, the account plan's section “Joint value plan” \
(<code>kt.DossierBuilder(form="account_plan")</code>) holds the same, and exports it.{% endtrans %}</footer>
</section>
{% endblock %}
""",
    "index": """\
{% extends "base" %}
{% block body %}
<section class="card" id="index">
<header class="band"><span class="role">{% trans %}Workshop handouts{% endtrans %}</span>\
<span class="meta">KAM Academy</span></header>
<h1>{% trans %}KAM Academy workshop handouts{% endtrans %}</h1>
<p class="small" lang="{{ other.lang }}"><a href="{{ other.href }}">{{ other.label }}</a></p>
<p>{% trans %}Print on A4, portrait, at 100% scale, with the browser's headers and footers turned off \
(or use the PDFs from <code>make handouts</code>). Every handout is generated from the course's \
own content by <code>tools/build_handouts.py</code>; the facilitator guide \
(<code>course/FACILITATOR_GUIDE.md</code>) says when each one is used.{% endtrans %}</p>
<h2>{% trans %}Handouts for every participant{% endtrans %}</h2>
<table>
<tr><th>{% trans %}File{% endtrans %}</th><th>{% trans %}What it is{% endtrans %}</th><th>{% trans %}Used in{% endtrans %}</th></tr>
{% for h in singles %}
<tr><td><a href="{{ h.file }}">{{ h.file }}</a></td><td>{{ h.what }}</td><td>{{ h.used }}</td></tr>
{% endfor %}
</table>
<h2>{% trans %}The facilitator's kit{% endtrans %}</h2>
<p>{% trans %}Generated from the guide's agendas, the course map and kamtools' figures, so they always match \
the course. The e-mails and the one-company variant of Activity A are in \
<code>course/FACILITATOR_KIT.md</code>.{% endtrans %}</p>
<table>
<tr><th>{% trans %}File{% endtrans %}</th><th>{% trans %}What it is{% endtrans %}</th><th>{% trans %}Used in{% endtrans %}</th></tr>
{% for h in kit %}
<tr><td><a href="{{ h.file }}">{{ h.file }}</a></td><td>{{ h.what }}</td><td>{{ h.used }}</td></tr>
{% endfor %}
</table>
<h2>{% trans %}Role-play cards{% endtrans %}</h2>
<p>{% trans %}One file per card: the key account manager's card (one page), the client's card (about two \
pages, with the client's script: keep it away from the KAM) and the observer's card (one page and a \
notes page). Each file holds one role only, so it can be printed double-sided. Print one set of \
three for every group of three that plays the scenario. <code>make handouts</code> also builds \
<code>build/handouts/{{ print_all }}.pdf</code>: every card in one file to print double-sided, \
padded so that no sheet carries two roles, with a first page that says how to sort the sheets.{% endtrans %}</p>
<table>
<tr><th>{% trans %}Cards{% endtrans %}</th><th>{% trans %}Scenario and client{% endtrans %}</th><th>{% trans %}Mistakes it trains{% endtrans %}</th></tr>
{% for s in scenarios %}
<tr><td>{% for role in roles %}<a href="roleplay_{{ s.id }}_{{ role }}.html">{{ role_names[role] }}</a>\
{{ '<br>'|safe if not loop.last }}{% endfor %}</td>\
<td><strong>{{ s.title }}</strong><br><span class="small">{{ s.company }}</span></td>\
<td>{% for w in s.watch_mistakes %}{{ w.label }}{% if w.article %} ({{ w.article }}){% endif %}\
{{ '; ' if not loop.last }}{% endfor %}</td></tr>
{% endfor %}
</table>
<p class="small">{% trans %}Numbers in brackets are the seven mistakes of the course's source article: 1 being \
late, 2 arguing, 3 interrupting, 4 no client dossier, 5 poor preparation, 6 bad manners, \
7 weak product knowledge.{% endtrans %}</p>
</section>
{% endblock %}
""",
}


def _environment(tr: Translator = ENGLISH) -> jinja2.Environment:
    """The templates' environment, speaking ``tr``'s language (English by default).

    Every English text of the templates is a ``{% trans %}`` block or ``_("...")`` of
    Jinja2's i18n extension; English renders them through gettext = identity, so its output
    is the English text itself.
    """
    env = jinja2.Environment(
        loader=jinja2.DictLoader(TEMPLATES | KIT_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=True)
    env.filters["num"] = tr.number
    env.filters["pct"] = tr.percent
    return env


SINGLES = (
    {
        "file": "self_assessment.html",
        "what": N_(
            "The competency self-assessment: rate yourself, find your three largest gaps, "
            "choose actions."
        ),
        "used": N_("Module 02; the wrap-up of the workshop"),
    },
    {
        "file": "dossier_template.html",
        "what": N_("The client dossier and meeting plan, to fill in by hand before a meeting."),
        "used": N_("Module 06; before the role-play"),
    },
    {
        "file": "account_plan_template.html",
        "what": N_("The key account plan, section by section."),
        "used": N_("Module 08; the 30 days after the workshop"),
    },
    {
        "file": "joint_value_plan.html",
        "what": N_(
            "The joint value plan: shared objectives, measures, owners on both sides, dates, "
            "signed off by both companies."
        ),
        "used": N_("Module 08; the account plan kick-off"),
    },
    {
        "file": "qbr_agenda_scorecard.html",
        "what": N_(
            "The quarterly business review: a one-hour agenda, the service scorecard "
            "(target, actual, status) and next steps with owners."
        ),
        "used": N_("Module 08; the account plan kick-off"),
    },
)

#: The lead paragraph of each blank form.
FORM_INTROS = {
    "dossier": N_(
        "Fill it in before every important client meeting. Never ask a key client "
        "what their company does: the answers belong here before you walk in."
    ),
    "account_plan": N_(
        "The written strategy for one key account: where it stands, where you "
        "want it in one to three years, how you will get there, and how you will know."
    ),
}


def card_file(scenario_id: str, role: str) -> str:
    """The HTML file of one card: ``roleplay_<scenario>_<role>.html``."""
    return f"roleplay_{scenario_id}_{role}.html"


def page_name(role: str, scenario_id: str) -> str:
    """The CSS named page of one card: every page of it carries the card's footer."""
    return f"{role}-{scenario_id}".replace("_", "-")


def page_label(role: str, s: ScenarioView, tr: Translator = ENGLISH) -> str:
    """The line printed at the foot of every page of a card (what the sorting relies on)."""
    label = tr(ROLE_LABELS[role])
    if role == "client":
        label = tr(N_("{card} · keep it hidden from the KAM"), card=label)
    return tr(
        N_("KAM Academy role-play · {card} · {title} [{id}]"), card=label, title=s.title, id=s.id
    )


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


@contextmanager
def speaking(language: str) -> Iterator[Translator]:
    """Render in ``language``: kamtools' content in it, and the handouts' own words from
    its catalogue; kamtools' language is restored afterwards."""
    tr = translator(language)
    previous = getattr(kt_i18n, "_chosen", None)
    kt.set_language(language)
    try:
        yield tr
    finally:
        kt.set_language(previous)


def render_all(language: str = "en") -> dict[str, str]:
    """Every handout in ``language``: file name -> HTML, freshly rendered from kamtools' content."""
    with speaking(language) as tr:
        pages = _render_all(tr)
    if language == "pl":
        pages = {name: polish_typography(text) for name, text in pages.items()}
    return pages


def _render_all(tr: Translator) -> dict[str, str]:
    env = _environment(tr)
    common = {
        "css": Markup(CSS.strip()),
        "read": READ_MINUTES,
        "play": PLAY_MINUTES,
        "debrief": DEBRIEF_MINUTES,
        "lang": tr.language,
    }
    pages: dict[str, str] = {}
    scenarios = [scenario_view(sid, tr) for sid in kt.list_scenarios().index]
    for s in scenarios:
        for role in ROLES:
            page = page_name(role, s.id)
            pages[card_file(s.id, role)] = env.get_template("roleplay").render(
                s=s,
                role=role,
                page=page,
                page_css=Markup(page_css({page: page_label(role, s, tr)})),
                title=tr(N_("{card}: {title}"), card=tr(ROLE_LABELS[role]), title=s.title),
                source=f"kamtools/content/roleplay/{s.id}.yml",
                **common,
            )
    for form in kt_dossier.FORMS:
        view = form_view(form)
        pages[f"{form}_template.html"] = env.get_template("form").render(
            f=view,
            intro=tr(FORM_INTROS[form]),
            widget="kt.DossierBuilder()"
            if form == "dossier"
            else f'kt.DossierBuilder(form="{form}")',
            title=tr(N_("{title} (template)"), title=view["title"]),
            source=view["source"],
            **common,
        )
    pages["self_assessment.html"] = env.get_template("assessment").render(
        a=assessment_view(),
        title=tr(N_("My key account manager self-assessment")),
        source="kamtools/content/competencies.yml",
        **common,
    )
    q = qbr_view()
    pages["qbr_agenda_scorecard.html"] = env.get_template("qbr").render(
        q=q,
        next_rows=NEXT_STEP_ROWS,
        title=tr(N_("Quarterly business review: agenda and scorecard")),
        source="kamtools/content/qbr.yml",
        **common,
    )
    pages["joint_value_plan.html"] = env.get_template("joint_plan").render(
        q=q,
        joint_rows=JOINT_ROWS,
        title=tr(N_("Joint value plan")),
        source="kamtools/content/qbr.yml",
        **common,
    )
    pages |= kit_pages(env, common, tr)
    pages["index.html"] = env.get_template("index").render(
        kit=[tr.entry(h) for h in KIT_PAGES],
        scenarios=scenarios,
        roles=ROLES,
        role_names={role: tr(name) for role, name in ROLE_NAMES.items()},
        print_all=PRINT_ALL,
        singles=[tr.entry(h) for h in SINGLES],
        other=OTHER_INDEX[tr.language],
        title=tr(N_("KAM Academy workshop handouts")),
        source="kamtools/content",
        **common,
    )
    return dict(sorted(pages.items()))


# ---------------------------------------------------------------------------------------
# The catalogues of the translated handouts (gettext, msgid = the English text)
# ---------------------------------------------------------------------------------------
#: The Python files whose ``N_("...")`` texts belong to the catalogue, besides the templates.
PYTHON_SOURCES = (Path(__file__).resolve(), Path(handouts_kit.__file__).resolve())


def catalogue_path(language: str) -> Path:
    """``course/locales/<lang>/handouts.po``."""
    return ROOT / "course" / "locales" / language / CATALOGUE_NAME


MessageId = str | tuple[str, str]


def template_messages() -> dict[MessageId, list[str]]:
    """Every English text of the handouts, msgid -> where it is used, in source order.

    The templates' ``{% trans %}`` blocks and ``_("...")`` calls are found with Jinja2's
    ``Environment.extract_translations``; the Python-side texts (``N_("...")``) with
    Babel's Python extractor. A plural message's id is ``(singular, plural)``.
    """
    found: dict[MessageId, list[str]] = {}
    env = _environment()
    for group, templates, where in (
        ("TEMPLATES", TEMPLATES, "tools/build_handouts.py"),
        ("KIT_TEMPLATES", KIT_TEMPLATES, "tools/handouts_kit.py"),
    ):
        for name, source in templates.items():
            for _line, _func, message in env.extract_translations(source):
                key = _message_id(message)
                if key is not None:
                    found.setdefault(key, []).append(f"{where}:{group}[{name}]")
    for path in PYTHON_SOURCES:
        with path.open("rb") as handle:
            for _line, message, _comments, _context in _babel_extract(
                "python", handle, keywords={"N_": None}
            ):
                key = _message_id(message)
                if key is not None:
                    found.setdefault(key, []).append(_display(path))
    return found


def _message_id(message: str | tuple | None) -> MessageId | None:
    if isinstance(message, str):
        return message or None
    parts = tuple(m for m in (message or ()) if isinstance(m, str))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else (parts[0], parts[1])


def read_catalogue(language: str) -> Catalog:
    """The catalogue of ``language`` (an empty one when the file does not exist yet)."""
    path = catalogue_path(language)
    if not path.is_file():
        return _new_catalogue(language)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain="handouts")


def _new_catalogue(language: str) -> Catalog:
    return Catalog(
        locale=language,
        domain="handouts",
        creation_date=CATALOGUE_DATE,
        revision_date=CATALOGUE_DATE,
        fuzzy=False,
    )


def _write_catalogue(catalogue: Catalog, language: str) -> Path:
    """Write the catalogue with its standard header; unchanged bytes are not rewritten."""
    catalogue.project = "KAM Academy workshop handouts"
    catalogue.version = "1"
    catalogue.copyright_holder = "KAM Academy"
    catalogue.msgid_bugs_address = ""
    catalogue.last_translator = "KAM Academy translators"
    catalogue.language_team = f"KAM Academy ({language})"
    catalogue.fuzzy = False
    catalogue.header_comment = (
        f"# The {language!r} catalogue of the printable workshop handouts (course/handouts/"
        f"{language}/).\n# msgid = the English text of tools/build_handouts.py and "
        "tools/handouts_kit.py, no context.\n# Update: python tools/build_handouts.py "
        f"--update-catalogue {language}; check: python tools/build_handouts.py --check."
    )
    path = catalogue_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, include_lineno=False, ignore_obsolete=True)
    if not path.exists() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())
    return path


def _template_catalogue() -> Catalog:
    template = Catalog(domain="handouts", creation_date=CATALOGUE_DATE, fuzzy=False)
    for key, where in template_messages().items():
        template.add(key, locations=[(w, None) for w in dict.fromkeys(where)])
    return template


def update_catalogue(language: str) -> tuple[Path, dict[str, int]]:
    """Bring ``course/locales/<lang>/handouts.po`` in step with the templates.

    New texts are added empty; a changed text gets the translation of the nearest old
    one, marked fuzzy (Babel's ``Catalog.update``); texts no longer used are dropped.
    Returns the path and the counts of messages: total, new, fuzzy, dropped.
    """
    if language not in TRANSLATED:
        raise HandoutError(f"no handouts in {language!r}: the languages are {list(TRANSLATED)}")
    catalogue = read_catalogue(language)
    before = {m.id for m in catalogue if m.id}
    template = _template_catalogue()
    catalogue.update(template, no_fuzzy_matching=False, update_creation_date=False)
    dropped = len(catalogue.obsolete)
    catalogue.obsolete.clear()
    path = _write_catalogue(catalogue, language)
    messages = [m for m in catalogue if m.id]
    return path, {
        "total": len(messages),
        "new": sum(m.id not in before for m in messages),
        "fuzzy": sum(m.fuzzy for m in messages),
        "dropped": dropped,
    }


def _variables(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text)) | set(re.findall(r"\{(\w+)\}", text))


def check_catalogue(language: str) -> list[str]:
    """What is wrong with the catalogue of ``language``; one line per problem, empty if none.

    It must hold exactly the texts of the templates (else: run ``--update-catalogue``),
    and every entry must be translated, not fuzzy, with the same ``%(name)s`` / ``{name}``
    fields as the English and ``%%`` for a per cent sign in a template's text.
    """
    path = catalogue_path(language)
    shown = _display(path)
    if not path.is_file():
        return [
            f"missing: {shown}: run `python tools/build_handouts.py --update-catalogue {language}`"
        ]
    catalogue = read_catalogue(language)
    wanted = template_messages()
    have = {m.id: m for m in catalogue if m.id}
    problems = []
    new = [k for k in wanted if k not in have]
    old = [k for k in have if k not in wanted]
    if new or old:
        problems.append(
            f"out of step: {shown} lacks {len(new)} text(s) of the templates and holds "
            f"{len(old)} they no longer use (first: {(new or old)[0]!r}). Run `python "
            f"tools/build_handouts.py --update-catalogue {language}`, then translate."
        )
    template_ids = {k for k, where in wanted.items() if any("TEMPLATES[" in w for w in where)}
    for key, message in have.items():
        if key not in wanted:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        english = key if isinstance(key, str) else key[0]
        if not all(strings):
            problems.append(f"empty: {shown}: {english!r} has no translation")
        elif message.fuzzy:
            problems.append(
                f"fuzzy: {shown}: {english!r} must be checked (then drop the fuzzy flag)"
            )
        else:
            for text in strings:
                if _variables(text) != _variables(english):
                    problems.append(
                        f"fields: {shown}: the translation of {english!r} must keep exactly "
                        f"{sorted(_variables(english))}, it has {sorted(_variables(text))}"
                    )
                elif key in template_ids:
                    try:
                        text % {name: "" for name in _variables(english)}
                    except (ValueError, TypeError, KeyError):
                        problems.append(
                            f"percent: {shown}: the translation of {english!r} must write a "
                            "per cent sign as %% (it is a format string)"
                        )
    return problems


def translator(language: str) -> Translator:
    """The handouts' words in ``language``: gettext from its catalogue (English: identity).

    Fuzzy and empty entries are not used (the English text shows instead; ``--check``
    reports them).
    """
    if language == "en":
        return ENGLISH
    if language not in TRANSLATED:
        raise HandoutError(f"no handouts in {language!r}: the languages are {list(LANGUAGES)}")
    catalogue = read_catalogue(language)
    singles: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            if all(message.string):
                plurals[message.id[0]] = tuple(message.string)
        elif message.string:
            singles[message.id] = message.string
    rule = _gettext.c2py(catalogue.plural_expr)

    def gettext(text: str) -> str:
        return singles.get(text, text)

    def ngettext(singular: str, plural: str, n: int) -> str:
        forms = plurals.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        return forms[min(rule(int(n)), len(forms) - 1)]

    return Translator(language, gettext, ngettext)


def todo_catalogue(language: str) -> str:
    """The texts still to translate (empty or fuzzy), as YAML: English -> English."""
    out = {}
    for message in read_catalogue(language):
        if not message.id or isinstance(message.id, (tuple, list)):
            continue
        if message.fuzzy or not message.string:
            out[message.id] = message.id
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100)


def fill_catalogue(language: str, translations: dict[str, str]) -> list[str]:
    """Write ``translations`` (English -> translated text) into the catalogue.

    Refuses, naming the text, an English text the catalogue lacks or a translation that
    loses or adds a field; writes nothing then. Filled entries stop being fuzzy.
    """
    catalogue = read_catalogue(language)
    problems = []
    for english, text in translations.items():
        message = catalogue.get(english)
        if message is None:
            problems.append(f"{english!r}: the catalogue has no such text")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"{english!r}: the translation must be a text")
        elif _variables(text) != _variables(english):
            problems.append(f"{english!r}: the fields {sorted(_variables(english))} must stay")
    if problems:
        return problems
    for english, text in translations.items():
        message = catalogue.get(english)
        message.string = text
        message.flags.discard("fuzzy")
    _write_catalogue(catalogue, language)
    return []


# ---------------------------------------------------------------------------------------
# Polish typography
# ---------------------------------------------------------------------------------------
#: Polish never leaves a one-letter word (a conjunction or preposition) at the end of a
#: line: the space after it becomes a non-breaking one.
ONE_LETTER_WORD = re.compile(r"(?:(?<=&nbsp;)|(?<![^\s\u00a0(\[„\"«—–]))([aiouwzAIOUWZ])[ \t\n]+")
#: Markup the post-processing skips: tags (and their attributes), comments, and the
#: elements whose text is not prose.
_SKIPPED_ELEMENT = re.compile(r"<(style|script|title|code|pre)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>", re.S)


def _no_orphans(text: str) -> str:
    return ONE_LETTER_WORD.sub("\\1\u00a0", text)


def polish_typography(page: str) -> str:
    """Bind every one-letter word of the text to the next word with a non-breaking space.

    Only text nodes change: tags and their attributes, comments, and the contents of
    ``<style>``, ``<script>``, ``<title>``, ``<code>`` and ``<pre>`` stay as they are.
    A word at the end of a text node followed by an inline tag is bound too.

    >>> polish_typography('<p class="a b">Dzwoni w i o <b>piątek</b>.</p>')
    '<p class="a b">Dzwoni w\\xa0i\\xa0o\\xa0<b>piątek</b>.</p>'
    """
    out, pos = [], 0
    for skipped in _SKIPPED_ELEMENT.finditer(page):
        out.append(_typeset(page[pos : skipped.start()]))
        out.append(skipped.group(0))
        pos = skipped.end()
    out.append(_typeset(page[pos:]))
    return "".join(out)


def _typeset(html: str) -> str:
    out, pos = [], 0
    for tag in _TAG.finditer(html):
        out.append(_no_orphans(html[pos : tag.start()]))
        out.append(tag.group(0))
        pos = tag.end()
    out.append(_no_orphans(html[pos:]))
    return "".join(out)


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


def render_print_all(pages_per_card: dict[str, int], language: str = "en") -> tuple[str, int]:
    """The combined file of every card and the number of pages it must print on.

    ``pages_per_card`` maps each card's HTML file name to the pages it printed on alone.
    A card with an odd number of pages gets a notes page, and the cover sheet has a blank
    back, so every card starts on the front of a new sheet when printed double-sided.
    """
    with speaking(language) as tr:
        text, pages = _render_print_all(pages_per_card, tr)
    return (polish_typography(text) if language == "pl" else text), pages


def _render_print_all(pages_per_card: dict[str, int], tr: Translator) -> tuple[str, int]:
    env = _environment(tr)
    scenarios = [scenario_view(sid, tr) for sid in kt.list_scenarios().index]
    cover = "cover-print-all"
    labels = {cover: tr(N_("KAM Academy role-play cards · how to print and sort"))}
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
            labels[page] = page_label(role, s, tr)
            item = {"s": s, "role": role, "page": page, "label": tr(ROLE_LABELS[role])}
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
        lang=tr.language,
        title=tr(N_("All role-play cards, one role per sheet")),
        source="kamtools/content/roleplay",
    )
    return text, first - 1


def print_cards_together(pdf_dir: Path, chromium: Path, language: str = "en") -> Path:
    """Build and print ``PRINT_ALL`` from the single cards already printed in ``pdf_dir``."""
    counts = {
        card_file(sid, role): pdf_page_count(
            pdf_dir / Path(card_file(sid, role)).with_suffix(".pdf")
        )
        for sid in kt.list_scenarios().index
        for role in ROLES
    }
    text, expected = render_print_all(counts, language)
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


def output_dir(out: Path, language: str) -> Path:
    """Where the handouts of ``language`` go: ``out`` for English, ``out/<lang>`` else."""
    return out if language == "en" else out / language


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="only compare the committed HTML (every language) with a fresh build, and check "
        "the catalogues; exit 1 when anything differs",
    )
    mode.add_argument(
        "--pdf",
        metavar="OUTDIR",
        type=Path,
        help="after writing the HTML, print every handout to a PDF in OUTDIR (OUTDIR/pl ...)",
    )
    mode.add_argument(
        "--update-catalogue",
        metavar="LANG",
        choices=TRANSLATED,
        help="bring course/locales/LANG/handouts.po in step with the templates, then stop",
    )
    mode.add_argument(
        "--todo",
        metavar="LANG",
        choices=TRANSLATED,
        help="print, as YAML (English: English), the texts of LANG's catalogue left to translate",
    )
    mode.add_argument(
        "--fill",
        nargs=2,
        metavar=("LANG", "YAML"),
        help="write the translations of a YAML file (English: translation) into LANG's catalogue",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HANDOUTS,
        help=f"folder of the HTML handouts (default: {_display(HANDOUTS)}; "
        "the translated ones go to its subfolders pl/ ...)",
    )
    parser.add_argument(
        "--chromium", metavar="PATH", help=f"Chromium to print with (default: {CHROMIUM_DEFAULT})"
    )
    args = parser.parse_args(argv)

    if args.update_catalogue:
        path, counts = update_catalogue(args.update_catalogue)
        print(
            f"{_display(path)}: {counts['total']} texts; {counts['new']} new (empty), "
            f"{counts['fuzzy']} fuzzy, {counts['dropped']} dropped"
        )
        return 0
    if args.todo:
        print(todo_catalogue(args.todo), end="")
        return 0
    if args.fill:
        language, work = args.fill
        if language not in TRANSLATED:
            print(f"build_handouts: no handouts in {language!r}", file=sys.stderr)
            return 2
        data = yaml.safe_load(Path(work).read_text(encoding="utf-8")) or {}
        problems = fill_catalogue(language, {str(k): v for k, v in data.items()})
        for line in problems:
            print(f"build_handouts: {line}", file=sys.stderr)
        if problems:
            return 1
        print(f"{_display(catalogue_path(language))}: {len(data)} translations written")
        return 0

    if args.check:
        problems = []
        for language in TRANSLATED:
            problems += check_catalogue(language)
        counts = []
        for language in LANGUAGES:
            pages = render_all(language)
            problems += check(pages, output_dir(args.out, language))
            counts.append(f"{len(pages)} {language}")
        for line in problems:
            print(line)
        if problems:
            print(
                "Run `python tools/build_handouts.py` (make handouts) to rebuild them; a "
                "catalogue problem is fixed with --update-catalogue LANG and translating."
            )
            return 1
        print(
            f"{', '.join(counts)} handouts up to date in {_display(args.out)}; catalogues complete"
        )
        return 0

    try:
        chromium = find_chromium(args.chromium) if args.pdf is not None else None
    except HandoutError as err:  # before writing anything, so nothing is half done
        print(f"build_handouts: {err}", file=sys.stderr)
        return 2
    built = {}
    for language in LANGUAGES:
        pages = render_all(language)
        out = output_dir(args.out, language)
        for path in write(pages, out):
            print(f"wrote: {_display(path)}" if path.exists() else f"removed: {_display(path)}")
        print(f"{len(pages)} handouts in {_display(out)}")
        built[language] = (pages, out)
    for language in TRANSLATED:
        for line in check_catalogue(language):
            print(f"build_handouts: warning: {line}", file=sys.stderr)
    if chromium is not None:
        try:
            pdfs = []
            for language, (pages, out) in built.items():
                pdf_dir = output_dir(args.pdf, language)
                pdfs += print_all(out, pdf_dir, chromium, pages)
                pdfs.append(print_cards_together(pdf_dir, chromium, language))
        except HandoutError as err:
            print(f"build_handouts: {err}", file=sys.stderr)
            return 2
        print(f"{len(pdfs)} PDFs in {_display(args.pdf)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
