"""The Polish edition of the printable handouts (course/handouts/pl/), rendered from the same
templates as the English ones through the gettext catalogue course/locales/pl/handouts.po."""

from __future__ import annotations

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
HANDOUTS = ROOT / "course" / "handouts"
POLISH = HANDOUTS / "pl"
CATALOGUE = ROOT / "course" / "locales" / "pl" / "handouts.po"

sys.path.insert(0, str(ROOT / "tools"))
import build_handouts  # noqa: E402
import handouts_kit  # noqa: E402

#: English sentences of the templates (one or more per template); none may be left in Polish.
ENGLISH_LITERALS = (
    "There is no script for you",  # the KAM card
    "keep it hidden from the KAM",  # the client card
    "Find the row of the table closest to it",  # the client card
    "Watch and write down exact words",  # the observer card
    "Rate yourself on each statement",  # the self-assessment
    "which scores how complete it is",  # the dossier and account plan templates
    "Next steps with owners",  # the QBR handout
    "What goes in, and what stays out",  # the joint value plan
    "Handouts for every participant",  # the index
    "Name, team and signature only",  # the attendance sheet
    "What we do, and when",  # the participants' agenda
    "Circle one number",  # the feedback form
    "Alongside the modules",  # the 30-day plan
    "Reference figures for the debriefs",  # the answer sheet
    "The workshop was useful for my work",  # a Python-side text (the feedback form)
)

#: A one-letter Polish word followed by an ordinary (breakable) space or line break.
ORPHAN = re.compile(r"(?<![^\s(\[„\"«—–])([aiouwzAIOUWZ])[ \n\t]")


class _Visible(HTMLParser):
    """The visible text of a page: no tags, no <style>, <script> or <title>."""

    SKIP = {"style", "script", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.nodes: list[str] = []
        self.hrefs: list[str] = []
        self.lang: str | None = None
        self._skip = 0
        self._code = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in self.SKIP:
            self._skip += 1
        if tag == "code":
            self._code += 1
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip -= 1
        if tag == "code":
            self._code -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)
            if not self._code:
                self.nodes.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).replace("\u00a0", " ").split())


def _page(path: Path) -> _Visible:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _polish_pages() -> list[Path]:
    return sorted(POLISH.glob("*.html"))


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# ---------------------------------------------------------------------------------------
# Built, complete, up to date
# ---------------------------------------------------------------------------------------
def test_english_and_polish_handouts_are_up_to_date(capsys):
    assert build_handouts.main(["--check"]) == 0, capsys.readouterr().out


def test_every_handout_exists_in_both_languages():
    english = {p.name for p in HANDOUTS.glob("*.html")}
    assert english and {p.name for p in _polish_pages()} == english


@pytest.mark.parametrize("path", _polish_pages(), ids=lambda p: p.name)
def test_polish_handouts_are_polish_self_contained_pages(path):
    page = _page(path)
    assert page.lang == "pl"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="pl">' in text
    assert not re.search(r"(?i)\b(?:https?|ftp):", text), "external URL"
    for url in page.hrefs:  # the other Polish handouts, and the English index
        assert ("/" not in url or url == "../index.html") and (POLISH / url).exists(), url


def test_the_english_handouts_stay_english():
    for path in HANDOUTS.glob("*.html"):
        assert _page(path).lang == "en", path.name


def test_no_english_template_sentence_is_left_in_the_polish_handouts():
    english = " ".join(_page(p).text for p in HANDOUTS.glob("*.html"))
    polish = {p.name: _page(p).text for p in _polish_pages()}
    for literal in ENGLISH_LITERALS:
        assert literal in english, f"{literal!r} is no longer an English text of the handouts"
        left = [name for name, text in polish.items() if literal in text]
        assert not left, f"{literal!r} is still English in {left}"


def test_the_indexes_link_each_other_and_the_polish_index_the_polish_handouts():
    english, polish = _page(HANDOUTS / "index.html"), _page(POLISH / "index.html")
    assert english.hrefs.count("pl/index.html") == 1
    assert "../index.html" in polish.hrefs
    linked = {h for h in polish.hrefs if h.endswith(".html") and "/" not in h}
    assert linked == {p.name for p in _polish_pages()} - {"index.html"}


# ---------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------
def test_the_catalogue_has_no_empty_or_fuzzy_entry():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="pl")
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 250
    assert not [m.id for m in messages if m.fuzzy]
    assert not [m.id for m in messages if not m.string]
    assert not [m.id for m in messages if m.context], "msgid is the English text, no context"


def test_the_catalogue_is_in_step_with_the_templates():
    assert build_handouts.check_catalogue("pl") == []
    with CATALOGUE.open("rb") as handle:
        ids = {m.id for m in read_po(handle, locale="pl") if m.id}
    assert ids == set(build_handouts.template_messages())


def test_the_catalogue_holds_template_and_python_texts():
    messages = build_handouts.template_messages()
    assert "Who you are" in messages  # a {% trans %} block
    assert "Key account manager card" in messages  # both, and ROLE_LABELS
    assert "Stage {number}" in messages  # N_() in build_handouts.py
    assert handouts_kit.FEEDBACK_RATINGS[0][1] in messages  # N_() in handouts_kit.py
    assert "Top 20%% bring" in messages  # a template's per cent sign is %%


@pytest.fixture
def catalogue_copy(tmp_path, monkeypatch):
    """A copy of the Polish catalogue that the build reads and writes instead."""
    copy = tmp_path / "handouts.po"
    shutil.copy(CATALOGUE, copy)
    monkeypatch.setattr(build_handouts, "catalogue_path", lambda language: copy)
    return copy


def _edit_entry(path: Path, msgid: str, msgstr: str, fuzzy: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    block = re.search(rf'(#[^\n]*\n)*msgid "{re.escape(msgid)}"\nmsgstr "[^"]*"\n', text)
    assert block, msgid
    new = ("#, fuzzy\n" if fuzzy else "") + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    path.write_text(text.replace(block.group(0), new), encoding="utf-8")


def test_check_names_an_empty_or_fuzzy_entry(catalogue_copy, capsys):
    _edit_entry(catalogue_copy, "Who you are", "")
    _edit_entry(catalogue_copy, "Who you meet", "Z kim się spotykasz", fuzzy=True)
    problems = build_handouts.check_catalogue("pl")
    assert any(p.startswith("empty:") and "'Who you are'" in p for p in problems), problems
    assert any(p.startswith("fuzzy:") and "'Who you meet'" in p for p in problems), problems
    capsys.readouterr()
    assert build_handouts.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "handouts.po" in out and "Who you are" in out


def test_check_names_a_catalogue_out_of_step_and_a_broken_field(catalogue_copy, monkeypatch):
    _edit_entry(catalogue_copy, "Observe: %(title)s", "Obserwujesz: %(tytul)s")
    wanted = dict(build_handouts.template_messages())
    wanted["A brand new sentence of a template"] = ["tools/build_handouts.py:TEMPLATES[x]"]
    monkeypatch.setattr(build_handouts, "template_messages", lambda: wanted)
    problems = build_handouts.check_catalogue("pl")
    assert any(p.startswith("out of step:") and "--update-catalogue pl" in p for p in problems)
    assert any(p.startswith("fields:") and "Observe:" in p for p in problems), problems


def test_update_catalogue_adds_new_texts_empty_marks_changed_ones_fuzzy_and_drops_old(
    catalogue_copy, monkeypatch
):
    wanted = dict(build_handouts.template_messages())
    where = wanted.pop("Your preparation notes")  # changed in the template ...
    wanted["Your own preparation notes"] = where  # ... to this
    del wanted["Sort the sheets"]  # no longer used
    wanted["A brand new sentence of a template"] = ["tools/build_handouts.py:TEMPLATES[x]"]
    monkeypatch.setattr(build_handouts, "template_messages", lambda: wanted)
    _, counts = build_handouts.update_catalogue("pl")
    with catalogue_copy.open("rb") as handle:
        catalogue = read_po(handle, locale="pl")
    assert catalogue.get("A brand new sentence of a template").string == ""
    changed = catalogue.get("Your own preparation notes")
    assert changed.fuzzy and changed.string == "Twoje notatki przed spotkaniem"
    assert (
        catalogue.get("Your preparation notes") is None and catalogue.get("Sort the sheets") is None
    )
    assert {m.id for m in catalogue if m.id} == set(wanted)
    assert counts["dropped"] >= 1 and counts["fuzzy"] == 1
    problems = build_handouts.check_catalogue("pl")
    assert any("A brand new sentence" in p for p in problems)
    assert any(p.startswith("fuzzy:") and "Your own preparation notes" in p for p in problems)


def test_fill_refuses_a_translation_that_loses_a_field(catalogue_copy):
    before = catalogue_copy.read_bytes()
    problems = build_handouts.fill_catalogue("pl", {"Observe: %(title)s": "Obserwujesz"})
    assert problems and "Observe" in problems[0]
    assert catalogue_copy.read_bytes() == before


# ---------------------------------------------------------------------------------------
# Polish typography
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", _polish_pages(), ids=lambda p: p.name)
def test_no_one_letter_word_ends_a_line(path):
    page = _page(path)
    for node in page.nodes:
        found = ORPHAN.search(node)
        assert not found, f"{path.name}: a normal space after {found.group(1)!r} in {node[:80]!r}"


def test_the_translations_use_polish_quotes():
    """„…” in the prose of the translations; straight quotes only in markup and code."""
    with CATALOGUE.open("rb") as handle:
        messages = [m for m in read_po(handle, locale="pl") if m.id]
    for message in messages:
        prose = re.sub(r"<code>.*?</code>|<[^>]+>", "", message.string)
        assert "“" not in prose and '"' not in prose, message.id
        assert prose.count("„") == prose.count("”"), message.id


def test_the_typography_changes_text_only():
    page = (
        "<html><head><title>w domu</title><style>a b { color: red; }</style></head>"
        '<body><p class="a i" title="w z">Kot i pies w domu, a <b>w</b> ogrodzie: „A to”.</p>'
        "<code>a = b</code><!-- w i --></body></html>"
    )
    out = build_handouts.polish_typography(page)
    assert '<p class="a i" title="w z">' in out and "a b { color: red; }" in out
    assert "<title>w domu</title>" in out and "<code>a = b</code>" in out
    assert "<!-- w i -->" in out
    assert "Kot i\u00a0pies w\u00a0domu, a\u00a0<b>w</b> ogrodzie: „A\u00a0to”." in out
    # Words that end in a letter after a hyphen or a digit are not one-letter words.
    assert build_handouts.polish_typography("<p>KAM-a i 5 a</p>") == "<p>KAM-a i\u00a05 a</p>"


def test_english_handouts_get_no_polish_typography():
    english = build_handouts.render_all("en")
    assert all("\u00a0" not in text for text in english.values())


# ---------------------------------------------------------------------------------------
# Content in Polish (kamtools' translations)
# ---------------------------------------------------------------------------------------
@pytest.fixture
def polish():
    kt.set_language("pl")
    yield
    kt.set_language(None)


def test_a_polish_client_card_shows_the_polish_scenario(polish):
    scenario = kt.load_scenario("price_complaint")
    text = _norm(_page(POLISH / "roleplay_price_complaint_client.html").text)
    assert _norm(scenario.title) in text and _norm(scenario.person) in text
    assert f"Twoja rola: {_norm(scenario.person)}" in text
    for node in scenario.nodes.values():
        assert _norm(node.client_says) in text
        for choice in node.choices:
            assert _norm(choice.reaction) in text
    kt.set_language("en")
    english = kt.load_scenario("price_complaint")
    start = english.nodes[english.start_node].client_says
    assert _norm(start) not in text and english.title not in text


def test_the_polish_cards_and_forms_hold_kamtools_polish_texts(polish):
    kam = _norm(_page(POLISH / "roleplay_price_complaint_kam.html").text)
    assert _norm(kt.load_scenario("price_complaint").context) in kam
    dossier = _norm(_page(POLISH / "dossier_template.html").text)
    for field in kt.dossier_form("dossier").fields.values():
        assert _norm(field.label) in dossier
    qbr = _norm(_page(POLISH / "qbr_agenda_scorecard.html").text)
    for _, row in kt.qbr_agenda().iterrows():
        assert _norm(row["item"]) in qbr
    assessment = _norm(_page(POLISH / "self_assessment.html").text)
    for statement in kt.competency_items()["statement"]:
        assert _norm(statement) in assessment


def test_the_polish_answer_sheet_writes_numbers_the_polish_way(polish):
    rows = {r["dataset"] + "-" + r["metric"]: r for r in handouts_kit.concentration_rows()}
    top20 = kt.format_number(100 * rows["vistula-revenue"]["top20"], 1, language="pl") + "%"
    text = _norm(_page(POLISH / "answer_sheet.html").text)
    assert "," in top20 and _norm(top20) in text
    assert " zł" in text and "PLN" not in text


def test_the_thirty_day_plan_uses_the_polish_module_titles():
    import yaml

    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    text = _norm(_page(POLISH / "thirty_day_plan.html").text)
    for module in modules["modules"][1:]:
        assert _norm(module["title_pl"]) in text, module["file"]


def test_the_polish_agenda_comes_from_the_polish_guide_when_it_is_complete():
    tr = build_handouts.translator("pl")
    agendas, source = handouts_kit.translated_agendas(tr)
    english = handouts_kit.guide_agendas()
    text = _norm(_page(POLISH / "participant_agenda.html").text)
    if source == "course/pl/FACILITATOR_GUIDE.md":
        polish = handouts_kit.guide_agendas(None, "pl")
        assert list(agendas) == list(polish)
        blocks = [r.block for rows in polish.values() for r in rows]
    else:  # the translated guide is missing or incomplete: the English tables
        blocks = [r.block for rows in english.values() for r in rows]
    for block in blocks:
        assert _norm(block) in text, block
    # The breaks are marked as in English (in italics), whatever their Polish name.
    pauses = [[r.pause for r in rows] for rows in agendas.values()]
    assert pauses == [[r.pause for r in rows] for rows in english.values()]


def test_an_incomplete_polish_guide_falls_back_to_the_english_tables(tmp_path, monkeypatch):
    guide = tmp_path / "FACILITATOR_GUIDE.md"
    guide.write_text(
        "### Program półdniowy: 15 minut (09:00-09:15)\n\n"
        "| Początek | Koniec | Minuty | Blok | Moduł lub ćwiczenie |\n|---|---|---|---|---|\n"
        "| 09:00 | 09:15 | 15 | Powitanie | 00 |\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(handouts_kit.GUIDES, "pl", guide)
    agendas, source = handouts_kit.translated_agendas(build_handouts.translator("pl"))
    english = handouts_kit.guide_agendas()
    assert source == "course/FACILITATOR_GUIDE.md"
    assert list(agendas) == ["Półdniowy", "Całodniowy"]
    assert list(agendas.values()) == list(english.values())


def test_module_names_in_polish():
    tr = build_handouts.translator("pl")
    assert handouts_kit.module_names("03, 10", tr) == "moduły 03 i 10"
    assert handouts_kit.module_names("06, 07, 09", tr) == "moduły 06, 07 i 09"
    assert handouts_kit.module_names("01", tr) == "moduł 01"
    assert handouts_kit.module_names("A", tr) == "ćwiczenie grupowe"
    assert handouts_kit.module_names("", tr) == ""


def test_rendering_polish_leaves_kamtools_language_as_it_was():
    kt.set_language("en")
    try:
        build_handouts.render_all("pl")
        assert kt.get_language() == "en"
    finally:
        kt.set_language(None)


# ---------------------------------------------------------------------------------------
# The combined print file in Polish
# ---------------------------------------------------------------------------------------
def test_the_polish_print_all_file_is_polish():
    counts = {
        build_handouts.card_file(sid, role): 1
        for sid in kt.list_scenarios().index
        for role in build_handouts.ROLES
    }
    text, pages = build_handouts.render_print_all(counts, "pl")
    assert pages == 2 + 2 * len(counts)  # the cover sheet, then every card padded to a sheet
    assert '<html lang="pl">' in text
    assert "Wszystkie karty do scenek" in text and "All role-play cards" not in text
    assert "Karta klienta · nie pokazuj jej KAM-owi" in text  # the footer of the client pages


@pytest.mark.slow
def test_a_polish_card_prints_to_a_pdf_with_its_polish_footer(tmp_path):
    """Needs Chromium and pdftotext (poppler-utils); skipped, and says so, without them."""
    try:
        chromium = build_handouts.find_chromium()
    except build_handouts.HandoutError as err:
        pytest.skip(str(err))
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    import subprocess

    pdf = build_handouts.print_pdf(
        POLISH / "roleplay_price_complaint_client.html", tmp_path / "card.pdf", chromium
    )
    text = _norm(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "KARTA KLIENTA" in text
    assert "Scenka KAM Academy · Karta klienta · nie pokazuj jej KAM-owi" in text
