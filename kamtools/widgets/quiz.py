"""Quiz: run a module's question bank as a widget, one question at a time or all at once.

A thin view over the self-check engine: every verdict comes from
:meth:`kamtools.checks.question.Question.check` (the same feedback as ``ex.q1.check`` in
the notebook, recorded the same way), the wording for buttons and the score from
:mod:`kamtools.checks.quiz` (unit-tested there). Every sentence comes from the message
catalogue (``quiz.*`` in ``kamtools/locales/en.yml``) or from the question's spec.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

import ipywidgets as widgets

from ..checks import ____
from ..checks.exercises import Exercise, exercise
from ..checks.question import Question, Recorder
from ..checks.quiz import (
    QuizState,
    choice_options,
    for_widget,
    hint_lines,
    quiz_order,
    select_questions,
)
from ..checks.result import CheckResult
from ..checks.spec import fill_figures
from ..errors import KamtoolsError, ParameterError, WrongTypeError
from ..messages import count, t
from ..progress import Draft
from ._drafts import draft_note
from ._teaching import BAD, GOOD, INFO, WARN, block, button, captured, close_tree, esc, root_box

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Quiz"]

#: The ways a quiz can be laid out.
QuizMode = Literal["one", "all"]
MODES: tuple[QuizMode, ...] = get_args(QuizMode)

# icon and colour of each outcome (words always go with them).
_LOOK = {
    "correct": ("\u2714", GOOD),
    "incorrect": ("\u2718", BAD),
    "not_attempted": ("\u270e", INFO),
    "uncheckable": ("\u26a0", WARN),
}

# Option labels wrap instead of being cut off; 16px everywhere. ipywidgets puts a radio
# button *after* its text inside the label and floats it left, so with a wrapping text
# the circle dropped to the last line: the label is a flex row with the circle first,
# as tall as the first line of text, and the text wraps beside it.
_CSS = """
<style>
.kam-quiz .widget-radio-box label, .kam-quiz .widget-checkbox label,
.kam-quiz .widget-checkbox .widget-label-basic { font-size: 16px !important;
  white-space: normal !important; line-height: 1.4 !important; height: auto !important; }
.kam-quiz .widget-radio-box label { display: flex !important; align-items: flex-start; }
.kam-quiz .widget-radio-box input { order: -1; float: none !important; flex: none;
  font-size: 16px; height: 1.4em !important; margin: 0 0.5em 0 1px !important; }
.kam-quiz .widget-radio-box { height: auto !important; }
.kam-quiz .widget-checkbox { height: auto !important; }
.kam-quiz pre, .kam-quiz .widget-html-content { font-size: 16px !important; }
</style>
"""


# ---------------------------------------------------------------------------------------
# A little Markdown (prompts and solutions are Markdown in the specs)
# ---------------------------------------------------------------------------------------
_CODE_SPAN = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])")
_BULLET = re.compile(r"^\s*[-*] (.*)$")


def _inline(text: str) -> str:
    """Escape ``text`` and render `code`, **bold** and *italic*."""
    parts = _CODE_SPAN.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # inside backticks
            out.append(f"<code>{html.escape(part)}</code>")
        else:
            escaped = html.escape(part, quote=False)
            escaped = _BOLD.sub(r"<b>\1</b>", escaped)
            out.append(_ITALIC.sub(r"<i>\1</i>", escaped))
    return "".join(out)


def _markdown_html(text: str) -> str:
    """The Markdown of the specs as HTML: paragraphs, bullet lists, fenced code, inline marks.

    Everything else is shown as text (escaped), so a spec can never inject HTML.
    """
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            out.append(f"<p style='margin:6px 0'>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            lis = "".join(f"<li>{_inline(item)}</li>" for item in items)
            out.append(f"<ul style='margin:6px 0'>{lis}</ul>")
            items.clear()

    for line in text.strip("\n").splitlines():
        stripped = line.strip()
        if code is not None:
            if stripped.startswith("```"):
                out.append(_pre(code))
                code = None
            else:
                code.append(line)
            continue
        bullet = _BULLET.match(line)
        if stripped.startswith("```"):
            flush()
            code = []
        elif not stripped:
            flush()
        elif bullet:
            if paragraph:
                flush()
            items.append(bullet.group(1).strip())
        elif items and line.startswith(" "):
            items[-1] += " " + stripped  # a bullet continued on the next line
        else:
            if items:
                flush()
            paragraph.append(stripped)
    if code is not None:
        out.append(_pre(code))
    flush()
    return "".join(out)


def _pre(lines: list[str]) -> str:
    body = html.escape("\n".join(lines))
    return (
        "<pre style='font-size:16px; background:#f4f4f4; padding:8px 12px; "
        f"border-radius:4px; overflow-x:auto; margin:6px 0'><code>{body}</code></pre>"
    )


# ---------------------------------------------------------------------------------------
# One question
# ---------------------------------------------------------------------------------------
def _placeholder(question: Question) -> str:
    unit = question.spec.get("unit")
    if question.type == "reflection":
        return t("quiz.placeholder_reflection", minimum=count(question.spec["min_chars"]))
    if unit == "fraction":
        return t("quiz.placeholder_fraction")
    if unit == "percent":
        return t("quiz.placeholder_percent")
    if unit == "count":
        return t("quiz.placeholder_count")
    if unit == "number":
        return t("quiz.placeholder_number")
    if unit == "currency":
        return t("quiz.placeholder_currency")
    return t("quiz.placeholder_text")


@dataclasses.dataclass
class _Card:
    """The widgets of one question."""

    question: Question
    input: widgets.Widget
    check_button: widgets.Button
    hint_button: widgets.Button
    solution_button: widgets.Button
    title_html: widgets.HTML
    feedback_html: widgets.HTML
    explanations_html: widgets.HTML
    rubric_box: widgets.VBox
    hints_html: widgets.HTML
    solution_html: widgets.HTML
    box: widgets.VBox
    checked_answer: Any = None
    was_checked: bool = False


def _input_widget(question: Question) -> widgets.Widget:
    """The widget a learner answers ``question`` with."""
    full = widgets.Layout(width="100%", max_width="900px")
    if question.type == "single_choice":
        return widgets.RadioButtons(
            options=[(f"{o['label']}) {o['text']}", o["label"]) for o in choice_options(question)],
            value=None,
            layout=widgets.Layout(width="100%", max_width="900px", height="auto"),
        )
    if question.type == "multiple_choice":
        boxes = [
            widgets.Checkbox(
                value=False,
                description=f"{o['label']}) {o['text']}",
                indent=False,
                layout=widgets.Layout(width="100%", height="auto"),
            )
            for o in choice_options(question)
        ]
        return widgets.VBox(boxes, layout=full)
    if question.type == "reflection":
        return widgets.Textarea(
            placeholder=_placeholder(question),
            layout=widgets.Layout(width="100%", max_width="900px", height="9em"),
        )
    return widgets.Text(
        placeholder=_placeholder(question),
        layout=widgets.Layout(width="100%", max_width="480px"),
    )


def _answer(card: _Card) -> Any:
    """What the learner has entered: a label, a list of labels or a text."""
    w = card.input
    if card.question.type == "multiple_choice":
        labels = [o["label"] for o in choice_options(card.question)]
        return [label for label, box in zip(labels, w.children, strict=True) if box.value]
    return w.value


def _is_empty(answer: Any) -> bool:
    return answer is None or answer == [] or (isinstance(answer, str) and not answer.strip())


def _clear_input(card: _Card) -> None:
    w = card.input
    if card.question.type == "multiple_choice":
        for box in w.children:
            box.value = False
    elif card.question.type == "single_choice":
        w.value = None
    else:
        w.value = ""


def _set_input(card: _Card, answer: Any) -> None:
    """Fill ``answer`` (as :func:`_answer` returns it) back in; a value that no longer fits
    the question (an option removed since) is left out."""
    w = card.input
    if card.question.type == "multiple_choice":
        if isinstance(answer, list):
            labels = [o["label"] for o in choice_options(card.question)]
            for label, box in zip(labels, w.children, strict=True):
                box.value = label in answer
    elif card.question.type == "single_choice":
        if answer is None or answer in [value for _, value in w.options]:
            w.value = answer
    elif isinstance(answer, str):
        w.value = answer


def _as_texts(question: Question, answer: Any) -> Any:
    """A choice answer with option texts instead of labels, as drafts keep it: the labels
    of shuffled options depend on the learner's seed, which may differ on another
    computer; the texts do not."""
    if question.type not in ("single_choice", "multiple_choice"):
        return answer
    text = {o["label"]: o["text"] for o in choice_options(question)}
    if isinstance(answer, list):
        return [text[label] for label in answer if label in text]
    return text.get(answer) if isinstance(answer, str) else None


def _as_labels(question: Question, saved: Any) -> Any:
    """The reverse of :func:`_as_texts` (options no longer offered are left out)."""
    if question.type not in ("single_choice", "multiple_choice"):
        return saved
    label = {o["text"]: o["label"] for o in choice_options(question)}
    if question.type == "multiple_choice":
        return [label[x] for x in saved if x in label] if isinstance(saved, list) else []
    return label.get(saved) if isinstance(saved, str) else None


# ---------------------------------------------------------------------------------------
# The quiz
# ---------------------------------------------------------------------------------------
class Quiz:
    """A module's question bank as a quiz: check, hints, solutions, score, retry.

    Parameters
    ----------
    bank : str or Exercise
        A module id such as ``"03_pareto"`` (see :func:`kamtools.available_exercises`),
        or an exercise made with :func:`kamtools.exercise` (then its questions, their
        option order and its recorder are used, and what the learner does in the quiz
        counts for ``ex.score()`` too).
    questions : list of str, optional
        Ids of the questions to ask, in this order. Default: every question the quiz can
        show as a widget; those answered with code (a column, a table, a function) are
        listed in a note instead.
    mode : {"one", "all"}, default "one"
        ``"one"``: one question at a time, with Previous / Next, a "Question 2 of 6"
        header and a button to see the results. ``"all"``: every question stacked, with
        one "Check all" button that checks them and shows the results.
    shuffle : bool, default False
        Ask the questions in an order fixed by ``seed`` (the same every time for the
        same seed).
    seed : object, optional
        Orders the questions (``shuffle=True``) and, for a module id, the shuffled
        options, as in :func:`kamtools.exercise`; e.g. the learner's name.
    recorder : callable, optional
        Where attempts, hints and solutions are recorded (see :class:`kamtools.Exercise`);
        default :func:`kamtools.progress.record`, so the progress dashboard sees the quiz.
        Only with a module id: an Exercise brings its own.
    autosave : bool, default True
        Save each question's answer, result, tries, hints and solution in the progress
        store as the learner goes (a draft per question, key
        ``"quiz/<module>/<question>"``), and show them again when the cell runs again,
        also after a kernel restart. Restoring records nothing.

    Attributes
    ----------
    exercise : Exercise
        The question bank.
    questions : list of Question
        The questions of the quiz, in quiz order.
    skipped : list of str
        Ids of the questions answered with code in the notebook (listed in
        ``skipped_html``).
    current : int
        Position of the question shown in mode "one" (0 for the first).
    view : {"questions", "summary"}
        What mode "one" shows; in mode "all" the summary appears under the questions.
    answers : dict
        Question id -> what the learner has entered: a label ("B") for single choice, a
        list of labels for multiple choice, the typed text otherwise (None / [] / "" when
        nothing yet).
    results : dict
        Question id -> outcome of its last check in this round ("correct",
        "incorrect", "not_attempted" or "uncheckable").
    score : dict
        :meth:`kamtools.checks.quiz.QuizState.score`: ``total``, ``correct``,
        ``first_try``, ``later``, ``incorrect``, ``uncheckable``, ``not_attempted``.
    state : QuizState
        Everything the score is computed from.
    question_widgets : dict
        Question id -> its input: ``RadioButtons`` (single choice), a ``VBox`` of
        ``Checkbox`` (multiple choice), ``Text`` (number, short text) or ``Textarea``
        (reflection).
    check_buttons, hint_buttons, solution_buttons : dict of Button
        Per question. The Hint button is hidden for a question without hints, Show
        solution for a reflection (its model answer comes with the check).
    feedback_html, explanations_html, hints_html, solution_html : dict of HTML
        Per question: the check's result box, the explanation of every option (choice
        questions, once correct or once the solution was shown), the hints shown so far,
        the worked solution.
    rubric_boxes : dict of VBox
        Per reflection: the checklist to tick (empty until the answer is long enough).
    previous_button, next_button, finish_button, back_button : Button
        Navigation of mode "one" (hidden in mode "all").
    check_all_button : Button
        Mode "all" only (hidden in mode "one").
    retry_button, restart_button : Button
        In the summary: "Retry wrong ones" (disabled when none is wrong) and "Start
        again".
    title_html, skipped_html, header_html, score_html, summary_html : HTML
        The module title, the note about code questions, "Question 2 of 6", the score
        line and the summary table.
    drafts : dict of kamtools.progress.Draft
        Question id -> where its answer and result are saved.
    restored : list of str
        Ids of the questions filled in again from their drafts when the quiz was made.
    draft_html : HTML
        Says that answers are saved as you go (or were restored, or that saving is off).
    root : VBox
        The whole widget.

    Raises
    ------
    WrongTypeError
        If ``bank`` is neither text nor an Exercise, ``questions`` is not a list of ids,
        ``shuffle`` is not True/False or ``recorder`` is not callable.
    ParameterError
        If ``bank`` is not a known module (the message suggests the closest),
        ``mode`` is not "one" or "all", ``questions`` is empty, repeats or names an
        unknown question or one answered with code, or both an Exercise and a
        ``recorder`` are given.
    EmptyDataError
        If the bank has only questions answered with code.

    Notes
    -----
    Check calls the question's ``check`` (recorded as an attempt, as in the notebook);
    an empty answer is checked as the blank ``____``, so it is recorded as
    "not attempted" and not counted as a try. A wrong answer shows the engine's specific
    message, never the expected value; the explanations of all options of a choice
    question appear only once it is correct or its solution was shown. Hint shows the
    hints one more at a time (each press recorded, with the question's ``hints_shown``
    kept in step with the quiz), Show solution the worked solution (recorded). Check all checks the questions whose answer changed since their last
    check (an unchanged answer is not checked, and recorded, twice). Retry wrong ones
    clears the answers, hints and solutions of the incorrect and uncheckable questions
    and keeps the others; Start again clears every question. Neither touches the
    progress store: the history is kept. Tries, first try and the score are computed by
    :class:`kamtools.checks.quiz.QuizState`.

    Examples
    --------
    >>> from kamtools.widgets.quiz import Quiz
    >>> quiz = Quiz("00_start_here", recorder=lambda *args, **kwargs: None)
    >>> quiz.question_widgets["q1"].value = "68%"
    >>> quiz.check_buttons["q1"].click()
    >>> quiz.results["q1"], quiz.score["correct"], quiz.score["total"]
    ('correct', 1, 3)
    >>> quiz.next_button.click()
    >>> quiz.current
    1
    >>> quiz.close()
    """

    def __init__(
        self,
        bank: str | Exercise,
        *,
        questions: Sequence[str] | None = None,
        mode: QuizMode = "one",
        shuffle: bool = False,
        seed: object = None,
        recorder: Recorder | None = None,
        autosave: bool = True,
    ) -> None:
        if not isinstance(autosave, bool):
            raise WrongTypeError(f"`autosave` must be True or False, but {autosave!r} was passed.")
        if mode not in MODES:
            raise ParameterError(f"`mode` must be one of {MODES}, but {mode!r} was passed.")
        if not isinstance(shuffle, bool):
            raise WrongTypeError(f"`shuffle` must be True or False, but {shuffle!r} was passed.")
        if recorder is not None and not callable(recorder):
            raise WrongTypeError(
                f"`recorder` must be a function like kamtools.progress.record, or None, but "
                f"{recorder!r} was passed."
            )
        if isinstance(bank, Exercise):
            if recorder is not None:
                raise ParameterError(
                    "`recorder` can only be given with a module id; an Exercise records "
                    f"through its own (kt.exercise(..., recorder=...)), but {recorder!r} "
                    "was passed too."
                )
            ex = bank
        elif isinstance(bank, str):
            ex = exercise(bank, seed=seed, recorder=recorder)
        else:
            raise WrongTypeError(
                f"`bank` must be a module id such as '03_pareto' or a kamtools Exercise, "
                f"but {bank!r} was passed."
            )
        shown, skipped = select_questions(ex, questions)
        order = quiz_order(len(shown), module=ex.module, shuffle=shuffle, seed=seed)
        self.exercise = ex
        self.mode = mode
        self.questions: list[Question] = [shown[i] for i in order]
        self.skipped: list[str] = [q.id for q in skipped]
        self.state = QuizState([q.id for q in self.questions])
        self.current = 0
        self.view = "questions"
        self._summary_shown = False

        self.out = widgets.Output()
        self._cards: dict[str, _Card] = {q.id: self._make_card(q) for q in self.questions}
        self.drafts: dict[str, Draft] = {
            q.id: Draft(f"quiz/{ex.module}/{q.id}", enabled=autosave) for q in self.questions
        }
        self.restored: list[str] = [
            qid for qid, card in self._cards.items() if self._restore(card, self.drafts[qid].load())
        ]
        for card in self._cards.values():
            self._watch(card)
        self.draft_html = widgets.HTML(
            draft_note(next(iter(self.drafts.values())), restored=bool(self.restored))
        )

        self.title_html = widgets.HTML(
            block(
                f"<h2 style='margin:0 0 4px; font-size:1.5em'>"
                f"{esc(t('quiz.title', title=ex.title))}</h2>"
            )
        )
        skipped_text = ""
        if skipped:
            listing = ", ".join(f"{q.id} ({q.heading})" for q in skipped)
            skipped_text = block(esc(t("quiz.skipped", questions=listing)), border=INFO)
        self.skipped_html = widgets.HTML(skipped_text)
        self.header_html = widgets.HTML()
        self.cards_box = widgets.VBox(layout=widgets.Layout(width="100%"))
        self.score_html = widgets.HTML()
        self.summary_html = widgets.HTML()

        self.previous_button = button(t("quiz.previous"), icon="arrow-left")
        self.next_button = button(t("quiz.next"), icon="arrow-right")
        self.finish_button = button(t("quiz.finish"), icon="flag-checkered")
        self.back_button = button(t("quiz.back"), icon="arrow-left")
        self.check_all_button = button(t("quiz.check_all"), icon="check", button_style="primary")
        self.retry_button = button(t("quiz.retry"), icon="repeat")
        self.restart_button = button(t("quiz.restart"), icon="refresh")
        self._on(self.previous_button, lambda: self.go_to(self.current - 1))
        self._on(self.next_button, lambda: self.go_to(self.current + 1))
        self._on(self.finish_button, self.finish)
        self._on(self.back_button, lambda: self.go_to(self.current))
        self._on(self.check_all_button, self.check_all)
        self._on(self.retry_button, self.retry_wrong)
        self._on(self.restart_button, self.start_again)

        self.nav_box = widgets.HBox(
            [self.previous_button, self.next_button, self.finish_button],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px"),
        )
        self.check_all_box = widgets.HBox([self.check_all_button])
        self.summary_box = widgets.VBox(
            [
                self.summary_html,
                widgets.HBox(
                    [self.retry_button, self.restart_button, self.back_button],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px"),
                ),
            ]
        )
        if mode == "all":
            self.nav_box.layout.display = "none"
            self.back_button.layout.display = "none"
        else:
            self.check_all_box.layout.display = "none"
        self.root = root_box(
            [
                widgets.HTML(_CSS),
                self.title_html,
                self.draft_html,
                self.skipped_html,
                self.header_html,
                self.cards_box,
                self.nav_box,
                self.check_all_box,
                self.score_html,
                self.summary_box,
                self.out,
            ]
        )
        self.root.add_class("kam-quiz")
        self._render()

    # ------------------------------------------------------------------ building
    def _on(self, b: widgets.Button, action: Callable[[], Any]) -> None:
        b.on_click(captured(self.out, lambda _b: action()))

    def _make_card(self, question: Question) -> _Card:
        qid = question.id
        label = t("quiz.submit") if question.type == "reflection" else t("quiz.check")
        card = _Card(
            question=question,
            input=_input_widget(question),
            check_button=button(label, icon="check", button_style="primary"),
            hint_button=button(t("quiz.hint"), icon="lightbulb-o"),
            solution_button=button(t("quiz.solution"), icon="book"),
            title_html=widgets.HTML(),
            feedback_html=widgets.HTML(),
            explanations_html=widgets.HTML(),
            rubric_box=widgets.VBox(),
            hints_html=widgets.HTML(),
            solution_html=widgets.HTML(),
            box=widgets.VBox(),
        )
        self._on(card.check_button, lambda: self.check(qid))
        self._on(card.hint_button, lambda: self.hint(qid))
        self._on(card.solution_button, lambda: self.show_solution(qid))
        if not question.spec.get("hints"):
            card.hint_button.layout.display = "none"
        if question.type == "reflection":
            card.solution_button.layout.display = "none"
        card.box.children = (
            card.title_html,
            widgets.HTML(block(_markdown_html(question.spec["prompt"]))),
            card.input,
            widgets.HBox(
                [card.check_button, card.hint_button, card.solution_button],
                layout=widgets.Layout(flex_flow="row wrap", grid_gap="8px"),
            ),
            card.feedback_html,
            card.explanations_html,
            card.rubric_box,
            card.hints_html,
            card.solution_html,
        )
        card.box.layout = widgets.Layout(
            width="100%", border="1px solid #cccccc", padding="8px 12px", margin="6px 0"
        )
        return card

    # ------------------------------------------------------------------ state for tests
    def _card(self, qid: str) -> _Card:
        if qid not in self._cards:
            raise ParameterError(
                f"`qid` must be one of the quiz's questions {list(self._cards)}, but {qid!r} "
                "was passed."
            )
        return self._cards[qid]

    @property
    def answers(self) -> dict[str, Any]:
        return {qid: _answer(card) for qid, card in self._cards.items()}

    @property
    def results(self) -> dict[str, str]:
        return self.state.results

    @property
    def score(self) -> dict[str, int]:
        return self.state.score()

    @property
    def question_widgets(self) -> dict[str, widgets.Widget]:
        return {qid: c.input for qid, c in self._cards.items()}

    @property
    def check_buttons(self) -> dict[str, widgets.Button]:
        return {qid: c.check_button for qid, c in self._cards.items()}

    @property
    def hint_buttons(self) -> dict[str, widgets.Button]:
        return {qid: c.hint_button for qid, c in self._cards.items()}

    @property
    def solution_buttons(self) -> dict[str, widgets.Button]:
        return {qid: c.solution_button for qid, c in self._cards.items()}

    @property
    def feedback_html(self) -> dict[str, widgets.HTML]:
        return {qid: c.feedback_html for qid, c in self._cards.items()}

    @property
    def explanations_html(self) -> dict[str, widgets.HTML]:
        return {qid: c.explanations_html for qid, c in self._cards.items()}

    @property
    def hints_html(self) -> dict[str, widgets.HTML]:
        return {qid: c.hints_html for qid, c in self._cards.items()}

    @property
    def solution_html(self) -> dict[str, widgets.HTML]:
        return {qid: c.solution_html for qid, c in self._cards.items()}

    @property
    def rubric_boxes(self) -> dict[str, widgets.VBox]:
        return {qid: c.rubric_box for qid, c in self._cards.items()}

    # ------------------------------------------------------------------ actions
    def check(self, qid: str) -> CheckResult:
        """Check question ``qid`` as its Check button does; return the result shown."""
        card = self._card(qid)
        question = card.question
        answer = _answer(card)
        raw = question.check(____ if _is_empty(answer) else answer)
        result = for_widget(question, raw)
        self.state.checked(qid, result.outcome)
        card.checked_answer = answer
        card.was_checked = True
        shown = dataclasses.replace(result, rubric=()) if result.rubric else result
        card.feedback_html.value = block(shown._repr_html_())
        if question.type == "reflection" and result.correct and not card.rubric_box.children:
            self._show_rubric(card)
        self._render_explanations(card)
        self._render_score()
        self._save(card)
        return result

    def check_all(self) -> None:
        """Check every question whose answer changed since its last check; show the results."""
        for qid, card in self._cards.items():
            if not card.was_checked or _answer(card) != card.checked_answer:
                self.check(qid)
        self._summary_shown = True
        self._render()

    def hint(self, qid: str) -> None:
        """Show one more hint of ``qid`` (recorded), as its Hint button does."""
        card = self._card(qid)
        question = card.question
        hints = question.spec.get("hints", [])
        if not hints:
            return
        level = self.state.hint(qid, len(hints))
        # The engine records the hint with its level: keep its level in step with the quiz's.
        question.hints_shown = level - 1
        question.hint()
        card.hints_html.value = block(
            "".join(_markdown_html(line) for line in hint_lines(question, level)), border=WARN
        )
        self._render_score()  # the summary counts the hints
        self._save(card)

    def show_solution(self, qid: str) -> None:
        """Show the worked solution of ``qid`` (recorded), as its button does."""
        card = self._card(qid)
        question = card.question
        if question.type == "reflection":
            return  # its model answer comes with the check
        solution = question.solution()
        self.state.solution(qid)
        card.solution_html.value = block(_markdown_html(str(solution)), border=INFO)
        self._render_explanations(card)
        self._render_score()
        self._save(card)

    def go_to(self, index: int) -> None:
        """Show question ``index`` (mode "one"; from 0), leaving the summary."""
        if isinstance(index, bool) or not isinstance(index, int):
            raise WrongTypeError(f"`index` must be a whole number, but {index!r} was passed.")
        if not 0 <= index < len(self.questions):
            raise ParameterError(
                f"`index` must be from 0 to {len(self.questions) - 1}, but {index!r} was passed."
            )
        self.current = index
        self.view = "questions"
        self._render()

    def finish(self) -> None:
        """Show the summary (mode "one": instead of the question)."""
        self.view = "summary"
        self._summary_shown = True
        self._render()

    def retry_wrong(self) -> None:
        """Clear the answers of the wrong questions and go back to the first of them."""
        reset = self.state.retry()
        for qid in reset:
            self._reset_card(self._cards[qid])
        if reset:
            self.current = [q.id for q in self.questions].index(reset[0])
            self.view = "questions"
            self._summary_shown = False
        self._render()

    def start_again(self) -> None:
        """Clear every answer and start at the first question (the progress store keeps all)."""
        self.state.restart()
        for card in self._cards.values():
            self._reset_card(card)
        self.current = 0
        self.view = "questions"
        self._summary_shown = False
        self._render()

    def _reset_card(self, card: _Card) -> None:
        _clear_input(card)
        card.checked_answer = None
        card.was_checked = False
        for w in (card.feedback_html, card.explanations_html, card.hints_html, card.solution_html):
            w.value = ""
        for child in card.rubric_box.children:
            close_tree(child)
        card.rubric_box.children = ()
        self._save(card)

    # ------------------------------------------------------------------ drafts
    def _save(self, card: _Card) -> None:
        """Save the card's answer and state (only when they changed)."""
        question = card.question
        self.drafts[question.id].save(
            {
                "answer": _as_texts(question, _answer(card)),
                "checked_answer": _as_texts(question, card.checked_answer),
                "was_checked": card.was_checked,
                "state": self.state.snapshot(question.id),
                "ticked": sorted(question.ticked),
            }
        )

    def _watch(self, card: _Card) -> None:
        """Save the card whenever its answer changes."""
        inputs = card.input.children if card.question.type == "multiple_choice" else (card.input,)
        for w in inputs:
            w.observe(captured(self.out, lambda _change, c=card: self._save(c)), names="value")

    def _show_rubric(self, card: _Card) -> None:
        """Show the reflection's checklist; every tick is saved with the card."""
        rubric = card.question.rubric()
        for box in rubric.children[1:]:
            box.observe(captured(self.out, lambda _change, c=card: self._save(c)), names="value")
        card.rubric_box.children = (rubric,)

    def _restore(self, card: _Card, saved: Any) -> bool:
        """Fill a card in again from its draft, recording nothing; return whether it was."""
        question = card.question
        if not isinstance(saved, dict):
            return False
        try:
            self.state.restore(question.id, saved.get("state"))
        except KamtoolsError:  # a damaged draft, or one from another version: start afresh
            return False
        _set_input(card, _as_labels(question, saved.get("answer")))
        card.was_checked = saved.get("was_checked") is True
        card.checked_answer = _as_labels(question, saved.get("checked_answer"))
        n_items = len(question.spec.get("rubric", []))
        question.ticked = {
            i for i in saved.get("ticked", []) if isinstance(i, int) and 1 <= i <= n_items
        }
        if card.was_checked:
            answer = card.checked_answer
            result = for_widget(question, question.evaluate(____ if _is_empty(answer) else answer))
            if result.outcome != self.state.result(question.id):
                # The question changed since: show (and count) today's verdict.
                self.state.restore(
                    question.id, {**self.state.snapshot(question.id), "result": result.outcome}
                )
            shown = dataclasses.replace(result, rubric=()) if result.rubric else result
            card.feedback_html.value = block(shown._repr_html_())
            if question.type == "reflection" and result.correct:
                self._show_rubric(card)
        level = min(self.state.hint_level(question.id), len(question.spec.get("hints", [])))
        if level:
            question.hints_shown = level
            card.hints_html.value = block(
                "".join(_markdown_html(line) for line in hint_lines(question, level)), border=WARN
            )
        if self.state.solution_seen(question.id) and question.type != "reflection":
            # As question.solution() shows it, without recording it again.
            question.solution_shown = True
            text = f"**{t('solution.heading')}**\n\n{fill_figures(question.spec['solution'].strip(), question.answers)}"
            card.solution_html.value = block(_markdown_html(text), border=INFO)
        self._render_explanations(card)
        return True

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        n = len(self.questions)
        for i, q in enumerate(self.questions):
            title = q.spec.get("title", "")
            if self.mode == "all":
                heading = t("quiz.position", number=str(i + 1), total=str(n))
                heading = f"{heading}: {title}" if title else heading
            else:
                heading = title
            self._cards[q.id].title_html.value = (
                block(f"<h3 style='margin:0; font-size:1.25em'>{esc(heading)}</h3>")
                if heading
                else ""
            )
        if self.mode == "all":
            self.cards_box.children = tuple(c.box for c in self._cards.values())
            self.header_html.value = ""
            show_summary = self._summary_shown
        else:
            on_summary = self.view == "summary"
            current = self.questions[self.current]
            self.cards_box.children = () if on_summary else (self._cards[current.id].box,)
            position = t("quiz.position", number=str(self.current + 1), total=str(n))
            self.header_html.value = (
                "" if on_summary else block(f"<b style='font-size:1.15em'>{esc(position)}</b>")
            )
            self.nav_box.layout.display = "none" if on_summary else "flex"
            self.previous_button.disabled = self.current == 0
            self.next_button.disabled = self.current == n - 1
            show_summary = on_summary
        self.summary_box.layout.display = "flex" if show_summary else "none"
        self._render_score()

    def _render_score(self) -> None:
        s = self.state.score()
        line = t(
            "quiz.score",
            correct=str(s["correct"]),
            total=str(s["total"]),
            first_try=str(s["first_try"]),
        )
        self.score_html.value = block(f"<b>{esc(line)}</b>")
        self.retry_button.disabled = not self.state.wrong()
        self.summary_html.value = self._summary()

    def _summary(self) -> str:
        table = self.state.table()
        s = self.state.score()
        head = "".join(
            f"<th style='text-align:left; padding:4px 10px'>{esc(h)}</th>"
            for h in (
                t("quiz.column_question"),
                t("quiz.column_result"),
                t("quiz.column_tries"),
                t("quiz.column_hints"),
                t("quiz.column_solution"),
            )
        )
        rows = []
        for i, q in enumerate(self.questions, start=1):
            row = cast("pd.Series", table.loc[q.id])  # question ids are unique: one row
            icon, colour = _LOOK[row["result"]]
            word = {
                "correct": t("outcome.correct"),
                "incorrect": t("outcome.incorrect"),
                "not_attempted": t("outcome.not_attempted"),
                "uncheckable": t("outcome.uncheckable"),
            }[row["result"]]
            if row["first_try"]:
                word = f"{word} ({t('quiz.first_try')})"
            title = q.spec.get("title", "")
            name = f"{i}. {title}" if title else f"{i}. {q.id}"
            seen = t("quiz.yes") if row["solution"] else t("quiz.no")
            cell = "style='padding:4px 10px; border-top:1px solid #dddddd'"
            rows.append(
                f"<tr><td {cell}>{esc(name)}</td>"
                f"<td {cell}><span style='color:{colour}' aria-hidden='true'>{icon}</span> "
                f"{esc(word)}</td>"
                f"<td {cell}>{int(row['tries'])}</td><td {cell}>{int(row['hints'])}</td>"
                f"<td {cell}>{esc(seen)}</td></tr>"
            )
        line = t(
            "quiz.score",
            correct=str(s["correct"]),
            total=str(s["total"]),
            first_try=str(s["first_try"]),
        )
        extra = ""
        if s["correct"] == s["total"]:
            extra = f"<p style='margin:6px 0'>\u2714 {esc(t('quiz.all_correct'))}</p>"
        return block(
            f"<h3 style='margin:4px 0; font-size:1.25em'>{esc(t('quiz.summary_heading'))}</h3>"
            f"<p style='margin:4px 0'><b>{esc(line)}</b></p>{extra}"
            f"<table style='border-collapse:collapse'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>",
            border=INFO,
        )

    def _render_explanations(self, card: _Card) -> None:
        question = card.question
        if question.type not in ("single_choice", "multiple_choice"):
            return
        qid = question.id
        if self.state.result(qid) != "correct" and not self.state.solution_seen(qid):
            card.explanations_html.value = ""
            return
        items = []
        for o in choice_options(question):
            if o["correct"]:
                mark = f"<span style='color:{GOOD}'>\u2714</span> {esc(t('quiz.option_right'))}"
            else:
                mark = f"<span style='color:{BAD}'>\u2718</span> {esc(t('quiz.option_wrong'))}"
            items.append(
                f"<li style='margin-bottom:6px'><b>{esc(o['label'])}) {esc(o['text'])}</b> "
                f"({mark}): {esc(o['explanation'])}</li>"
            )
        card.explanations_html.value = block(
            f"<b>{esc(t('quiz.explanations_heading'))}</b>"
            f"<ul style='list-style:none; padding-left:0.5em; margin:4px 0'>{''.join(items)}</ul>",
            border=GOOD,
        )

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the quiz (the questions of every card too)."""
        for card in self._cards.values():
            close_tree(card.box)
        close_tree(self.root)
