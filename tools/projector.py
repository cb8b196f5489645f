"""Projector decks: the course modules, the welcome/agenda decks and the group activities as
slides that fit a 1280×720 screen with no code in view (``make slides``, through
``tools/build_site.py slides``).

Nothing here changes the course notebooks. The slide structure that
``tools/build_slides.py`` stores in them (headings open slides, questions get a sub-slide,
the setup and the answer cells are skipped, ...) is recomputed from the cells at build time,
and this module turns an executed copy of a module into a deck copy:

- **No code.** Every code cell loses its source (the exporter also hides inputs and
  prompts); a code cell without anything to show disappears. The test markers
  (``# NBVAL_...``) go with the source, and are also stripped from any Markdown.
- **A headline and at most ~6 short lines, or one visual, per slide.** Markdown is cut into
  blocks (paragraphs, lists, tables). A block stays on the slide while the slide's budget of
  ``MAX_LINES`` lines (``CHARS_PER_LINE`` characters each) lasts; the rest of the cell goes
  to the speaker notes (key ``S``), in order. Tables and code examples in Markdown always go
  to the notes. A long paragraph that opens a section leaves its first sentence on the slide.
- **One visual per slide.** A chart, a table, a printed report or an interactive tool opens a
  continuation slide ("… (continued)") when the slide already holds one, or holds more than
  ``LINES_WITH_VISUAL`` lines of text.
- **Interactive tools** appear as they first open (drawn from the stored widget state, a
  still: there is no kernel behind a deck), with one line under them naming where to use
  them live: the Voila app (``make apps``, ``APPS``) or, for the tools without an app, the
  module in JupyterLab (``make lab``).

The deck's page (``tools/build_site.py``) is 1280×720 with projector type sizes; a slide that
still comes out taller (a long table in an output) is zoomed down to fit, never scrolled.

The welcome/agenda decks and the activity decks are generated from the facilitator guide
(``course/FACILITATOR_GUIDE.md``): its agenda tables (section 2) and its activities
(section 6, steps tables), with the details in the speaker notes.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import build_slides
import nbformat

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "course" / "FACILITATOR_GUIDE.md"

#: Lines of text a slide holds under its headline, and characters per line at the deck's
#: type size (26 px on a 1280 px wide slide).
MAX_LINES = 6
CHARS_PER_LINE = 72
#: Text lines a slide may hold beside one visual (chart, table, tool, printed report).
LINES_WITH_VISUAL = 2
#: A printed output (text) longer than this is a visual of its own.
TEXT_OUTPUT_LINES = 2
#: A table output (a DataFrame) with more rows than this goes to the speaker notes, with a
#: line on the slide saying where it is.
TABLE_ROWS = 12

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
VISUAL_MIMES = ("image/png", "image/svg+xml", "image/jpeg", "text/html", WIDGET_MIME)
NBVAL = re.compile(r"^[ \t]*#\s*NBVAL\w*.*\n?", re.MULTILINE)

#: The apps of ``make apps`` (course/apps/<name>.ipynb), by the kamtools class they show.
APPS_PORT = 8866
APPS = {
    "ParetoExplorer": ("Pareto explorer", "pareto_explorer"),
    "AccountScoring": ("Account scoring", "account_scoring"),
    "CLVCalculator": ("CLV calculator", "clv_calculator"),
    "RolePlay": ("Role-play", "roleplay"),
    "Quiz": ("Quiz", "quiz"),
    "YourPortfolio": ("Your portfolio", "your_portfolio"),
}
_WIDGET_CLASS = re.compile(r"\bkt\.([A-Z]\w+)\(")


def app_url(app: str, port: int = APPS_PORT) -> str:
    """The address of an app of ``make apps`` (tools/serve_apps.py serves them there)."""
    return f"http://127.0.0.1:{port}/voila/render/{app}.ipynb"


#: The apps' names in the Polish edition (course/pl/apps, ``make apps-pl``).
APP_TITLES_PL = {
    "pareto_explorer": "Eksplorator Pareto",
    "account_scoring": "Ocena klientów",
    "clv_calculator": "Kalkulator CLV",
    "roleplay": "Scenka",
    "quiz": "Quiz",
    "your_portfolio": "Twój portfel",
}
CONTINUED = {"en": "(continued)", "pl": "(ciąg dalszy)"}


def live_caption(source: str, module_title: str, language: str = "en") -> str:
    """The one line under an interactive tool: where to use it live."""
    names = _WIDGET_CLASS.findall(source)
    for name in names:
        if name in APPS:
            title, app = APPS[name]
            url = app_url(app)
            if language == "pl":
                return (
                    f"*Zrzut narzędzia po otwarciu. Na żywo na rzutniku:* `make apps-pl` → "
                    f"[{APP_TITLES_PL[app]}]({url})"
                )
            return (
                f"*A still of the tool as it opens. Live on the projector:* `make apps` → "
                f"[{title}]({url})"
            )
    if language == "pl":
        return (
            f"*Zrzut narzędzia po otwarciu. Na żywo: moduł {module_title} w JupyterLab* "
            "(`make lab-pl`)"
        )
    return (
        f"*A still of the tool as it opens. Live: module {module_title} in JupyterLab* (`make lab`)"
    )


# -- measuring Markdown ----------------------------------------------------------------
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`>#]|<[^>]+>")


def _visible(text: str) -> str:
    """The text a reader sees of a Markdown line (links by their text, no markup)."""
    return _MARKUP.sub("", _LINK.sub(r"\1", text)).strip()


def text_lines(markdown: str) -> int:
    """How many lines ``markdown`` fills on a slide (a wrapped paragraph counts each line)."""
    lines = 0
    for line in markdown.splitlines():
        visible = _visible(line)
        if visible:
            lines += max(1, math.ceil(len(visible) / CHARS_PER_LINE))
    return lines


def blocks(markdown: str) -> list[str]:
    """``markdown`` cut into blocks: paragraphs, lists, tables and fenced code, in order."""
    out: list[str] = []
    current: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


def list_items(block: str) -> list[str] | None:
    """The top-level items of a Markdown list block (with their continuation lines), or
    None when the block is not a list."""
    lines = block.splitlines()
    marker = re.compile(r"^(?:[-*+]|\d+\.)\s")
    if not lines or not marker.match(lines[0]):
        return None
    items: list[str] = []
    for line in lines:
        if marker.match(line):
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def _never_on_a_slide(block: str) -> bool:
    """Tables and code examples belong to the speaker notes."""
    table = re.search(r"^\s*\|?\s*:?-{3,}", block, re.MULTILINE)
    return bool(table) or "```" in block or block.lstrip().startswith("<")


def _is_picture(block: str) -> bool:
    return "![" in block or "<img" in block


_SENTENCE = re.compile(r"^(.+?[.!?:])(?=\s+[A-Z(*\"“]|\s*$)", re.DOTALL)


def first_sentence(paragraph: str) -> str | None:
    """The paragraph's first sentence when it is short and its markup is whole."""
    if paragraph.lstrip().startswith(("-", "*", "|", "1.", ">")):
        return None
    match = _SENTENCE.match(" ".join(paragraph.split()))
    if not match:
        return None
    sentence = match.group(1)
    balanced = (
        sentence.count("**") % 2 == 0
        and sentence.count("`") % 2 == 0
        and sentence.count("[") == sentence.count("]")
        and sentence.count("(") == sentence.count(")")
    )
    if balanced and text_lines(sentence) <= 3 and len(sentence) < len(" ".join(paragraph.split())):
        return sentence
    return None


# -- the deck of a module --------------------------------------------------------------
@dataclass
class _Slide:
    headline: str  # the heading line, "## ..." (repeated on continuation slides)
    lines: int = 0
    visuals: int = 0
    continued: int = 0
    notes: list[str] = field(default_factory=list)


def _md(source: str, kind: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _outputs_kind(cell) -> tuple[int, int]:
    """(visuals, text lines) of a code cell's outputs."""
    visuals = lines = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if output.get("output_type") == "stream":
            lines += len(output.get("text", "").strip().splitlines())
        elif any(mime in data for mime in VISUAL_MIMES):
            visuals += 1
        elif "text/markdown" in data:
            lines += text_lines(data["text/markdown"])
        elif "text/plain" in data:
            lines += len(data["text/plain"].strip().splitlines())
    return visuals, lines


_ANSWER_HINT = re.compile(r"`ex\.q\d+\.\w+\(")


def _drop_answer_hints(cell) -> None:
    """A question's output ends with how to answer in the notebook (``ex.q9.check("A")``):
    code, and not for the room. The paragraphs that hold it are left out of the slide."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/markdown" in data and _ANSWER_HINT.search(data["text/markdown"]):
            kept = [b for b in blocks(data["text/markdown"]) if not _ANSWER_HINT.search(b)]
            data["text/markdown"] = "\n\n".join(kept)


def table_rows(cell) -> int:
    """Rows of the longest HTML table among a code cell's outputs (0 when none)."""
    return max(
        (
            len(re.findall(r"<tr\b", o.get("data", {}).get("text/html", "")))
            for o in cell.get("outputs", [])
            if WIDGET_MIME not in o.get("data", {})
        ),
        default=0,
    )


def _shown(cell) -> bool:
    return any(
        o.get("output_type") in ("stream", "display_data", "execute_result", "error")
        for o in cell.get("outputs", [])
    )


def projector_notebook(nb, module_title: str = "", language: str = "en"):
    """A deck copy of the executed module ``nb`` (see the module's docstring); ``nb`` is
    left as it is."""
    kinds = build_slides.slide_types(nb.cells)
    deck = copy.deepcopy(nb)
    cells = []
    slide: _Slide | None = None

    def open_slide(headline: str, kind: str) -> None:
        nonlocal slide
        slide = _Slide(headline)
        cells.append(_md(headline, kind))

    def continuation() -> None:
        assert slide is not None
        slide.continued += 1
        title = _visible(slide.headline.split("\n", 1)[0]).rstrip(".:")
        headline, keep = slide.headline, slide.continued
        open_slide(f"### {title} {CONTINUED[language]}", "subslide")
        slide.headline, slide.continued = headline, keep

    def to_notes(text: str) -> None:
        if text.strip():
            cells.append(_md(text, "notes"))

    for cell, kind in zip(deck.cells, kinds, strict=True):
        if kind == "skip":
            continue
        if cell.cell_type == "markdown":
            source = NBVAL.sub("", cell.source).strip()
            level = build_slides._heading_level(cell)
            if level:
                head, _, body = source.partition("\n")
                open_slide(head, "slide" if level <= 2 else "subslide")
            else:
                body = source
                if slide is None:
                    open_slide(f"# {module_title}", "slide")
                elif kind in ("slide", "subslide"):  # a question's introduction
                    open_slide(f"### {_visible(slide.headline.splitlines()[0])}", "subslide")
            if kind == "notes":
                to_notes(body)
                continue
            _place_markdown(body, slide, cells, continuation, to_notes, opening=bool(level))
            continue
        # A code cell: only its outputs, if any.
        if not _shown(cell):
            continue
        source, cell.source = cell.source, ""
        _drop_answer_hints(cell)
        rows = table_rows(cell)
        if rows > TABLE_ROWS:
            if slide is None:
                open_slide(f"# {module_title}", "slide")
            if slide.lines + 1 > (LINES_WITH_VISUAL if slide.visuals else MAX_LINES):
                continuation()
            cells.append(_md("*The full table is in the speaker notes (key S).*", "-"))
            slide.lines += 1
            cell.metadata["slideshow"] = {"slide_type": "notes"}
            cells.append(cell)
            continue
        visuals, lines = _outputs_kind(cell)
        if lines > TEXT_OUTPUT_LINES:
            visuals, lines = visuals + 1, 0
        if slide is None:
            open_slide(f"# {module_title}", "slide")
        if kind == "subslide":  # a question on its own, under the section's headline
            open_slide(f"### {_visible(slide.headline.splitlines()[0])}", "subslide")
        if visuals and (slide.visuals or slide.lines > LINES_WITH_VISUAL):
            continuation()
        cell.metadata["slideshow"] = {"slide_type": "-"}
        cells.append(cell)
        slide.visuals += visuals
        slide.lines += lines
        if any(WIDGET_MIME in o.get("data", {}) for o in cell.get("outputs", [])):
            cells.append(_md(live_caption(source, module_title, language), "-"))
            slide.lines += 1
    deck.cells = cells
    return deck


def _place_markdown(body, slide, cells, continuation, to_notes, *, opening: bool) -> None:
    """Put the blocks of ``body`` on the current slide while they fit, the rest in notes."""
    shown: list[str] = []
    rest: list[str] = []
    for i, block in enumerate(blocks(body)):
        if rest:
            rest.append(block)
            continue
        if _is_picture(block):
            if shown:
                cells.append(_md("\n\n".join(shown), "-"))
                shown = []
            if slide.visuals or slide.lines > LINES_WITH_VISUAL:
                continuation()
            cells.append(_md(block, "-"))
            slide.visuals += 1
            continue
        budget = (LINES_WITH_VISUAL if slide.visuals else MAX_LINES) - slide.lines
        need = text_lines(block)
        if not _never_on_a_slide(block) and need <= budget:
            shown.append(block)
            slide.lines += need
            continue
        items = list_items(block)
        if items and not _never_on_a_slide(block):
            # A long list: the items that fit, each by itself or by its lead sentence; the
            # whole list in the notes.
            kept = []
            for item in items:
                lead = item if text_lines(item) <= 3 else _lead(item)
                if lead is None or text_lines(lead) > budget:
                    break
                kept.append(lead)
                budget -= text_lines(lead)
            if kept:
                shown.append("\n".join(kept))
                slide.lines += text_lines("\n".join(kept))
            rest.append(block)
            continue
        sentence = first_sentence(block) if opening and i == 0 and not shown else None
        if sentence and text_lines(sentence) <= budget:
            shown.append(sentence)
            slide.lines += text_lines(sentence)
        rest.append(block)
    if shown:
        cells.append(_md("\n\n".join(shown), "-"))
    to_notes("\n\n".join(rest))


def _lead(item: str) -> str | None:
    """A list item shortened to its bold lead ("- **Pareto.** ...") or first sentence."""
    marker, _, text = item.partition(" ")
    bold = re.match(r"^(\*\*[^*]+\*\*)", text.strip())
    if bold:
        return f"{marker} {bold.group(1)}"
    sentence = first_sentence(text)
    return f"{marker} {sentence}" if sentence else None


def strip_markers(nb):
    """``nb`` with the test markers taken out of every cell's source (in place)."""
    for cell in nb.cells:
        cell.source = NBVAL.sub("", cell.source)
    return nb


# -- decks from the facilitator guide -----------------------------------------------------
def sections(text: str, level: int) -> dict[str, str]:
    """Heading text -> body, for the headings of exactly ``level``; a body runs to the next
    heading of the same or a higher level, and lines in fenced code are never headings.
    (tests/test_facilitator.py reads the guide with this function too.)"""
    out: dict[str, list[str]] = {}
    current = None
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"^(#{1,6}) (.+)$", line)
        if match and len(match.group(1)) <= level:
            current = match.group(2).strip() if len(match.group(1)) == level else None
            if current is not None:
                out[current] = []
            continue
        if current is not None:
            out[current].append(line)
    return {heading: "\n".join(lines) for heading, lines in out.items()}


def table(body: str) -> list[dict[str, str]]:
    """The first Markdown table in ``body``, as rows (header -> cell)."""
    lines = body.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.startswith("|")), None)
    if start is None:
        raise ValueError("no Markdown table found")
    rows_text = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows_text.append(line)
    header = [c.strip() for c in rows_text[0].strip("|").split("|")]
    rows = []
    for line in rows_text[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != len(header):
            raise ValueError(f"table row with {len(cells)} cells instead of {len(header)}: {line}")
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


AGENDA_HEADING = re.compile(r"^(.+) agenda: (\d+) minutes \((\d\d:\d\d)-(\d\d:\d\d)\)$")
ACTIVITY_HEADING = re.compile(r"^Activity ([A-Z]) · (.+): (\d+) minutes$")


@dataclass(frozen=True)
class GuideWords:
    """What the decks read in an edition's guide (headings, table columns, labels) and the
    words they write."""

    agenda_heading: re.Pattern[str]
    activity_heading: re.Pattern[str]
    glance: str  # the section "1. The workshop at a glance"
    take_away: str  # the label of its paragraph "What they take away."
    columns: dict[str, str]  # start, end, minutes, block, module, what, step -> header
    steps_label: str  # "**Steps**"
    flipchart: re.Pattern[str]
    and_word: str
    questions_marker: str
    agenda_slugs: dict[str, str]  # agenda name -> file name part (the same in every edition)
    texts: dict[str, str]


GUIDE_WORDS = {
    "en": GuideWords(
        agenda_heading=AGENDA_HEADING,
        activity_heading=ACTIVITY_HEADING,
        glance="1. The workshop at a glance",
        take_away="What they take away.",
        columns={
            "start": "Start",
            "end": "End",
            "minutes": "Minutes",
            "block": "Block",
            "module": "Module or activity",
            "what": "What happens",
            "step": "Step",
        },
        steps_label="**Steps**",
        flipchart=re.compile(r"on the flipchart:\s*(.+?)\.?$", re.IGNORECASE),
        and_word="and",
        questions_marker="questions for step",
        agenda_slugs={},
        texts={
            "welcome": "# Welcome to KAM Academy\n\n## {name} workshop · {start}-{end}",
            "pitch": "Key account management for sales people: the few customers who matter "
            "most, how to find them, and how to keep them.",
            "before": "## Before we start",
            "checklist": "- Open `00_start_here.ipynb` and run its first cell\n"
            "- Modules today: {modules}\n- Group activities: {groups}\n"
            "- Questions any time; no customer names on shared screens",
            "none": "none",
            "first": "{block} ({minutes} minutes): {what}",
            "agenda": "## Today's agenda{part}",
            "part": " ({n} of {total})",
            "time_block": "Time|Block",
            "agenda_note": "- **{start} {block}** ({minutes} min): {what}",
            "activity": "# Activity {letter}\n\n## {title}",
            "activity_size": "{minutes} minutes · {steps} steps",
            "steps": "## The steps",
            "steps_more": "## The steps (continued)",
            "step_minutes": "Step|Minutes",
            "minutes_bold": "**{minutes} minutes**",
            "flipchart_title": "## On the flipchart: one line per team",
            "team": "Team",
            "discuss": "## Discuss in your team",
            "welcome_title": "Welcome and agenda · {name}",
            "activity_title": "Activity {letter} · {title}",
        },
    ),
    "pl": GuideWords(
        agenda_heading=re.compile(r"^Program (.+): (\d+) minut \((\d\d:\d\d)-(\d\d:\d\d)\)$"),
        activity_heading=re.compile(r"^Ćwiczenie ([A-Z]) · (.+): (\d+) minut$"),
        glance="1. Warsztat w skrócie",
        take_away="Z czym wychodzą.",
        columns={
            "start": "Początek",
            "end": "Koniec",
            "minutes": "Minuty",
            "block": "Blok",
            "module": "Moduł lub ćwiczenie",
            "what": "Co się dzieje",
            "step": "Krok",
        },
        steps_label="**Kroki**",
        flipchart=re.compile(r"na flipcharcie[^:.]*:\s*(.+?)\.?$", re.IGNORECASE),
        and_word="i",
        questions_marker="pytania do kroku",
        agenda_slugs={"półdniowy": "half_day", "całodniowy": "full_day"},
        texts={
            "welcome": "# Witamy w KAM Academy\n\n## Warsztat {name} · {start}-{end}",
            "pitch": "Zarządzanie klientami kluczowymi dla handlowców: tych kilku klientów, "
            "którzy znaczą najwięcej, jak ich znaleźć i jak ich zatrzymać.",
            "before": "## Zanim zaczniemy",
            "checklist": "- Otwórz `pl/00_start_here.ipynb` i uruchom pierwszą komórkę\n"
            "- Moduły dzisiaj: {modules}\n- Ćwiczenia grupowe: {groups}\n"
            "- Pytania w każdej chwili; żadnych nazw klientów na wspólnych ekranach",
            "none": "brak",
            "first": "{block} ({minutes} min): {what}",
            "agenda": "## Program dnia{part}",
            "part": " ({n} z {total})",
            "time_block": "Godzina|Blok",
            "agenda_note": "- **{start} {block}** ({minutes} min): {what}",
            "activity": "# Ćwiczenie {letter}\n\n## {title}",
            "activity_size": "{minutes} min · kroki: {steps}",
            "steps": "## Kroki",
            "steps_more": "## Kroki (ciąg dalszy)",
            "step_minutes": "Krok|Minuty",
            "minutes_bold": "**{minutes} min**",
            "flipchart_title": "## Na flipcharcie: jedna linia na zespół",
            "team": "Zespół",
            "discuss": "## Omówcie w zespole",
            "welcome_title": "Powitanie i program · {name}",
            "activity_title": "Ćwiczenie {letter} · {title}",
        },
    ),
}


@dataclass(frozen=True)
class Agenda:
    name: str  # "Half-day"
    minutes: int
    start: str
    end: str
    rows: list[dict[str, str]]


@dataclass(frozen=True)
class Activity:
    letter: str
    title: str
    minutes: int
    body: str
    steps_label: str = "**Steps**"

    @property
    def steps(self) -> list[dict[str, str]]:
        return table(self.body[self.body.index(self.steps_label) :])


def agendas(text: str, words: GuideWords = GUIDE_WORDS["en"]) -> list[Agenda]:
    out = []
    for heading, body in sections(text, 3).items():
        match = words.agenda_heading.match(heading)
        if match:
            out.append(Agenda(match.group(1), int(match.group(2)), *match.group(3, 4), table(body)))
    return out


def activities(text: str, words: GuideWords = GUIDE_WORDS["en"]) -> list[Activity]:
    out = []
    for heading, body in sections(text, 3).items():
        match = words.activity_heading.match(heading)
        if match:
            out.append(
                Activity(
                    match.group(1), match.group(2), int(match.group(3)), body, words.steps_label
                )
            )
    return out


def _chunks(rows: list, size: int) -> list[list]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def _deck(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _slide_with_notes(headline: str, shown: str, notes: str = "", kind: str = "slide") -> list:
    cells = [_md(f"{headline}\n\n{shown}".strip(), kind)]
    if notes.strip():
        cells.append(_md(notes, "notes"))
    return cells


ROWS_PER_SLIDE = 6


def _paragraph_after(body: str, label: str) -> str:
    """The paragraph of ``body`` that starts with ``**label**`` (without the label)."""
    for block in blocks(body):
        if block.startswith(f"**{label}**"):
            return block[len(label) + 4 :].strip()
    return ""


def welcome_deck(
    agenda: Agenda, guide: str, words: GuideWords = GUIDE_WORDS["en"]
) -> nbformat.NotebookNode:
    """The welcome and agenda deck of one format of the workshop."""
    col, say = words.columns, words.texts
    glance = sections(guide, 2).get(words.glance, "")
    taken = [r[col["module"]] for r in agenda.rows]
    modules = sorted({m.strip() for t in taken for m in t.split(",") if m.strip().isdigit()})
    groups = sorted({m.strip() for t in taken for m in t.split(",") if m.strip().isalpha()})
    first = agenda.rows[0]
    cells = _slide_with_notes(
        say["welcome"].format(name=agenda.name, start=agenda.start, end=agenda.end),
        say["pitch"],
        _paragraph_after(glance, words.take_away),
    )
    cells += _slide_with_notes(
        say["before"],
        say["checklist"].format(
            modules=", ".join(modules), groups=", ".join(groups) or say["none"]
        ),
        say["first"].format(
            block=first[col["block"]], minutes=first[col["minutes"]], what=first[col["what"]]
        ),
    )
    chunks = _chunks(agenda.rows, ROWS_PER_SLIDE)
    for n, chunk in enumerate(chunks, 1):
        part = say["part"].format(n=n, total=len(chunks)) if len(chunks) > 1 else ""
        shown = _md_table(
            say["time_block"].split("|"),
            [[f"{r[col['start']]}-{r[col['end']]}", r[col["block"]]] for r in chunk],
        )
        notes = "\n".join(
            say["agenda_note"].format(
                start=r[col["start"]],
                block=r[col["block"]],
                minutes=r[col["minutes"]],
                what=r[col["what"]] or "-",
            )
            for r in chunk
        )
        cells += _slide_with_notes(say["agenda"].format(part=part), shown, notes)
    return _deck(*cells)


_FLIPCHART = re.compile(r"on the flipchart:\s*(.+?)\.?$", re.IGNORECASE)


def flipchart_columns(what_happens: str, words: GuideWords = GUIDE_WORDS["en"]) -> list[str]:
    """The columns a step asks teams to write on the flipchart ("...: a, b, c and d.")."""
    match = words.flipchart.search(what_happens)
    if not match:
        return []
    text = re.sub(r"\([^)]*\)", "", match.group(1))
    conjunction = re.escape(words.and_word)
    parts = re.split(rf",\s*(?:{conjunction}\s+)?|\s+{conjunction}\s+", text)
    return [p.strip().rstrip(".").capitalize() for p in parts if p.strip()]


def _numbered_list_after(body: str, marker: str) -> list[str]:
    """The numbered list that follows the line containing ``marker``."""
    lines = body.splitlines()
    start = next((i for i, ln in enumerate(lines) if marker in ln), None)
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start + 1 :]:
        if re.match(r"^\d+\.\s", line):
            items.append(re.sub(r"^\d+\.\s+", "", line).strip())
        elif line.startswith("   ") and items:
            items[-1] += " " + line.strip()
        elif line.strip() or items:
            if items:
                break
    return items


def activity_deck(
    activity: Activity, words: GuideWords = GUIDE_WORDS["en"]
) -> nbformat.NotebookNode:
    """The slides of one group activity: its title, the steps, one slide per step, the
    questions and the flipchart table where the guide has them."""
    col, say = words.columns, words.texts
    steps = activity.steps
    intro = blocks(activity.body)[0] if activity.body.strip() else ""
    cells = _slide_with_notes(
        say["activity"].format(letter=activity.letter, title=activity.title),
        say["activity_size"].format(minutes=activity.minutes, steps=len(steps)),
        intro,
    )
    header = say["step_minutes"].split("|")
    overview = _md_table(
        header, [[s[col["step"]], s[col["minutes"]]] for s in steps[:ROWS_PER_SLIDE]]
    )
    cells += _slide_with_notes(say["steps"], overview)
    if len(steps) > ROWS_PER_SLIDE:
        rest = _md_table(
            header, [[s[col["step"]], s[col["minutes"]]] for s in steps[ROWS_PER_SLIDE:]]
        )
        cells += _slide_with_notes(say["steps_more"], rest)
    for step in steps:
        text = step[col["what"]]
        sentence = first_sentence(text) if text_lines(text) > MAX_LINES - 1 else None
        shown = sentence or text
        notes = text if shown != text else ""
        cells += _slide_with_notes(
            f"## {step[col['step']]}",
            say["minutes_bold"].format(minutes=step[col["minutes"]]) + f"\n\n{shown}",
            notes,
            "subslide",
        )
        columns = flipchart_columns(text, words)
        if columns:
            team = say["team"]
            cells += _slide_with_notes(
                say["flipchart_title"],
                _md_table(
                    [team, *columns],
                    [[f"{team} {n}"] + ["&nbsp;"] * len(columns) for n in (1, 2, 3)],
                ),
                text,
                "subslide",
            )
    questions = _numbered_list_after(activity.body, words.questions_marker)
    if questions:
        shown = "\n".join(f"{i}. {q}" for i, q in enumerate(questions, 1))
        cells += _slide_with_notes(say["discuss"], shown)
    return _deck(*cells)


def guide_decks(
    guide_path: Path = GUIDE, language: str = "en"
) -> dict[str, tuple[str, nbformat.NotebookNode]]:
    """``{file stem: (title, deck notebook)}`` for the welcome decks and the activities of
    an edition's guide (the Polish one: ``course/pl/FACILITATOR_GUIDE.md``); the file
    stems are the same in every edition."""
    words = GUIDE_WORDS[language]
    text = guide_path.read_text(encoding="utf-8")
    found_agendas, found_activities = agendas(text, words), activities(text, words)
    if not found_agendas or not found_activities:
        raise ValueError(
            f"{guide_path}: no agenda ('### ... agenda: N minutes (HH:MM-HH:MM)') "
            "or no activity ('### Activity X · title: N minutes') found"
        )
    decks = {}
    for agenda in found_agendas:
        name = words.agenda_slugs.get(agenda.name, agenda.name.lower())
        slug = "welcome_" + re.sub(r"\W+", "_", name).strip("_")
        decks[slug] = (
            words.texts["welcome_title"].format(name=agenda.name),
            welcome_deck(agenda, text, words),
        )
    for activity in found_activities:
        decks[f"activity_{activity.letter.lower()}"] = (
            words.texts["activity_title"].format(letter=activity.letter, title=activity.title),
            activity_deck(activity, words),
        )
    return decks
