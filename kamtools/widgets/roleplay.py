"""RolePlay: play a branching client meeting, watch the client's trust, get a debrief.

A thin view over :mod:`kamtools.learning.roleplay`: the scenario, the order of the replies, the
trust arithmetic, the rubric of a reply in one's own words and the debrief all come from
:class:`kamtools.learning.roleplay.Session` (unit-tested there); this module turns them into HTML,
buttons, a text box and checkboxes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..errors import KamtoolsError, WrongTypeError
from ..learning.roleplay import (
    MIN_REPLY_CHARS,
    Debrief,
    Scenario,
    Session,
    Step,
    list_scenarios,
    load_scenario,
)
from ..messages import t
from ..progress import Draft
from ._drafts import finished_play, played_on, replay, roleplay_key
from ._teaching import (
    BAD,
    GOOD,
    INFO,
    WARN,
    View,
    block,
    button,
    captured,
    close_tree,
    esc,
    root_box,
)

__all__ = ["RolePlay"]

_RESULT_ICON = {"success": ("✔", GOOD), "partial": ("◐", WARN), "failure": ("✘", BAD)}

#: Colour of the trust meter for each word of :func:`kamtools.trust_word`.
_TRUST_COLOURS = {"strong": GOOD, "good": GOOD, "cautious": WARN, "low": BAD, "broken": BAD}


class RolePlay(View):
    """A client-meeting role-play: choices, a trust meter, the client's reaction, a debrief.

    Parameters
    ----------
    scenario : str, Path or Scenario, optional
        The scenario to play: an id from :func:`kamtools.list_scenarios`, a YAML file or
        a loaded :class:`~kamtools.Scenario`. When None (the default) a drop-down lets
        the learner pick one of the shipped scenarios, starting with the first.
    seed : str or int, optional
        A room seed: everyone with the same seed sees the replies in the same order.
        Default: ``KAMTOOLS_ROOM_SEED`` if set, else an order of the learner's own,
        stable across reloads (see :class:`kamtools.learning.roleplay.Session`).
    learner : str, optional
        Whose order to show when there is no room seed (default: the learner the
        progress store records).
    own_words : bool, default False
        Start with "write my own reply first" switched on: at every decision the learner
        writes what they would say, rates it against a short checklist, and only then
        sees the replies. The learner can switch it on and off (``own_words_toggle``).
    recorder : callable, optional
        Where rated replies are recorded (default: the progress store).
    autosave : bool, default True
        Keep the last finished play-through of each scenario in the progress store
        (draft ``"roleplay/<scenario id>"``: when, the replies chosen, the ending). When the
        cell runs again, also after a kernel restart, the role-play starts afresh and says
        "You played this meeting on ...", with a button that shows that play-through and
        its debrief again (nothing is recorded by showing it).

    Attributes
    ----------
    session : Session
        The play-through: ``trust``, ``history``, ``finished``, ``debrief()``.
    choice_buttons : list of Button
        The buttons of the current choices, in the order shown (empty once the scenario
        has ended, and while a reply of one's own is still to be written and rated).
    own_words_toggle : Checkbox
        "Write my own reply first".
    reply_area : Textarea
        Where the learner writes their reply; ``reply_button`` shows the checklist,
        ``rubric_boxes`` (one Checkbox per point) and ``rate_button`` save the rating and
        show the replies; ``skip_button`` shows the replies without writing;
        ``reply_status`` says what happened.
    trust_bar : IntProgress
        The trust meter (0-100); ``trust_html`` shows the number, a word and the change.
    situation_html, reaction_html, feedback_html, debrief_html : HTML
        The situation (or ending), the client's reaction and the feedback to the last
        choice, and the debrief (empty until the end).
    restart_button : Button
        Starts the scenario again.
    last_play : dict or None
        The last finished play-through of this scenario (see ``autosave``), or None;
        ``last_play_box`` (hidden when None, and while an ending is on screen) holds
        ``last_play_html`` (when and which ending) and ``show_last_button``.
    scenario_picker : Dropdown or None
        The scenario chooser (only when ``scenario`` was None).
    root : VBox
        The whole widget.

    Examples
    --------
    >>> from kamtools.widgets.roleplay import RolePlay
    >>> play = RolePlay("price_complaint", seed="room-3")
    >>> play.trust_bar.value
    55
    >>> listen = [c.tag for c in play.session.choices].index("active_listening")
    >>> play.choice_buttons[listen].click()
    >>> play.trust_bar.value, "Listening to understand" in play.feedback_html.value
    (65, True)
    >>> play.close()
    """

    #: The last finished play (saved as a draft), None before one.
    last_play: dict[str, Any] | None

    def __init__(
        self,
        scenario: Scenario | str | Path | None = None,
        *,
        seed: object = None,
        learner: str | None = None,
        own_words: bool = False,
        recorder: Any = None,
        autosave: bool = True,
    ) -> None:
        if not isinstance(autosave, bool):
            raise WrongTypeError(f"`autosave` must be True or False, but {autosave!r} was passed.")
        self._autosave = autosave
        if not isinstance(own_words, bool):
            raise WrongTypeError(
                f"`own_words` must be True or False, but {own_words!r} was passed."
            )
        self._options: dict[str, Any] = {"seed": seed, "learner": learner, "recorder": recorder}
        self.scenario_picker: widgets.Dropdown | None = None
        if scenario is None:
            table = list_scenarios()
            self.scenario_picker = widgets.Dropdown(
                options=[(title, sid) for sid, title in table["title"].items()],
                value=table.index[0],
                description=t("role_play.pick"),
                layout=widgets.Layout(width="100%", max_width="720px"),
                style={"description_width": "initial"},
            )
            scenario = table.index[0]
        self.session = Session(load_scenario(scenario), **self._options)
        #: Whether the replies of the current decision are on screen.
        self._revealed = not own_words
        self._rubric_checks: list[widgets.Checkbox] = []

        self.out = widgets.Output()
        self.header_html = widgets.HTML()
        self.trust_bar = widgets.IntProgress(
            min=0, max=100, layout=widgets.Layout(width="320px", height="28px")
        )
        self.trust_html = widgets.HTML()
        self.situation_html = widgets.HTML()
        self.choice_box = widgets.VBox(layout=widgets.Layout(width="100%", max_width="900px"))
        self.reaction_html = widgets.HTML()
        self.feedback_html = widgets.HTML()
        self.debrief_html = widgets.HTML()
        self.own_words_toggle = widgets.Checkbox(
            value=own_words,
            description=t("role_play.own_words"),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.reply_area = widgets.Textarea(
            placeholder=t("role_play.own_words_placeholder"),
            layout=widgets.Layout(width="100%", max_width="900px", height="90px"),
        )
        self.reply_button = button(t("role_play.own_words_check"), icon="check")
        self.skip_button = button(t("role_play.own_words_skip"))
        self.rate_button = button(t("role_play.own_words_save"), icon="save")
        self.reply_status = widgets.HTML()
        self.rubric_box = widgets.VBox()
        self.own_words_box = widgets.VBox(
            [
                widgets.HTML(),
                self.reply_area,
                widgets.HBox([self.reply_button, self.skip_button]),
                self.rubric_box,
            ],
            layout=widgets.Layout(width="100%", max_width="900px"),
        )
        self.own_words_toggle.observe(captured(self.out, self._on_toggle), names="value")
        self.reply_button.on_click(captured(self.out, self._on_write))
        self.skip_button.on_click(captured(self.out, self._on_skip))
        self.rate_button.on_click(captured(self.out, self._on_rate))
        self.restart_button = button(t("role_play.restart"), icon="refresh")
        self.restart_button.on_click(captured(self.out, self._on_restart))
        self.last_play_html = widgets.HTML()
        self.show_last_button = button(t("drafts.roleplay_show"), icon="history")
        self.show_last_button.on_click(captured(self.out, lambda _b: self.show_last_play()))
        self.last_play_box = widgets.VBox([self.last_play_html, self.show_last_button])
        self._load_last_play()
        if self.scenario_picker is not None:
            self.scenario_picker.observe(captured(self.out, self._on_pick), names="value")

        meter = widgets.HBox(
            [
                widgets.HTML(block(f"<b>{t('role_play.trust')}</b>")),
                self.trust_bar,
                self.trust_html,
            ],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        top = [self.scenario_picker] if self.scenario_picker is not None else []
        self.root = root_box(
            [
                *top,
                self.header_html,
                self.last_play_box,
                meter,
                self.reaction_html,
                self.feedback_html,
                self.situation_html,
                self.own_words_toggle,
                self.own_words_box,
                self.reply_status,
                self.choice_box,
                self.debrief_html,
                self.restart_button,
                self.out,
            ]
        )
        self._render(last=None)

    # ------------------------------------------------------------------ state for tests
    @property
    def choice_buttons(self) -> list[widgets.Button]:
        """The buttons of the choices shown now."""
        return list(self.choice_box.children)

    @property
    def rubric_boxes(self) -> list[widgets.Checkbox]:
        """The checkboxes of the checklist shown after a reply is written (one per point)."""
        return list(self._rubric_checks) if self.rubric_box.children else []

    @property
    def rubric_items(self) -> list[str]:
        """The statements of the checklist on screen, in order (plain text)."""
        return [row.children[1].value for row in self.rubric_box.children[1:-1]]

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    # ------------------------------------------------------------------ actions
    def choose(self, index: int) -> Step:
        """Pick the ``index``-th reply shown, as if its button were clicked; returns the step."""
        step = self.session.choose(index)
        self._revealed = not self.own_words_toggle.value
        if self.session.finished:
            self.last_play = finished_play(self.session, datetime.now(UTC))
            self._last_play_draft.save(self.last_play)
        self._render(last=step)
        return step

    def show_last_play(self) -> bool:
        """Show the last finished play-through again: its replies, ending and debrief.

        Returns False (and changes nothing) when there is none, or when the scenario has
        changed since so that it cannot be replayed.
        """
        if self.last_play is None or not replay(self.session, self.last_play):
            return False
        self._revealed = True
        self._render(last=self.session.history[-1])
        return True

    def _load_last_play(self) -> None:
        self._last_play_draft = Draft(roleplay_key(self.scenario.id), enabled=self._autosave)
        saved = self._last_play_draft.load()
        self.last_play = saved if played_on(saved) else None

    def _render_last_play(self) -> None:
        play = self.last_play
        if play is None or self.session.finished:
            self.last_play_box.layout.display = "none"
            return
        self.last_play_html.value = block(
            esc(
                t(
                    "drafts.roleplay_played",
                    date=played_on(play),
                    ending=str(play.get("ending", "")),
                    trust=str(play.get("trust", "")),
                )
            ),
            border=INFO,
        )
        self.last_play_box.layout.display = "flex"

    def restart(self) -> None:
        """Start the scenario again from the beginning."""
        self.session.start()
        self._revealed = not self.own_words_toggle.value
        self._render(last=None)

    # -- a reply in one's own words ------------------------------------------------------
    def _on_toggle(self, change: dict[str, Any]) -> None:
        # Switching on hides the replies of a decision not answered yet; off shows them.
        self._revealed = not change["new"]
        self._render_own_words()
        self._render_buttons()

    def _on_write(self, _button: widgets.Button) -> None:
        try:
            rubric = self.session.write(self.reply_area.value)
        except KamtoolsError:
            self.reply_status.value = block(
                esc(t("role_play.own_words_too_short", n=MIN_REPLY_CHARS)), border=WARN
            )
            return
        self._close_rubric()
        # A checkbox and its statement side by side, so that a long statement wraps.
        self._rubric_checks = [
            widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="32px"))
            for _ in rubric
        ]
        rows = [
            widgets.HBox(
                [box, widgets.HTML(block(esc(item)), layout=widgets.Layout(width="90%"))],
                layout=widgets.Layout(align_items="center"),
            )
            for box, item in zip(self._rubric_checks, rubric, strict=True)
        ]
        heading = widgets.HTML(block(f"<b>{esc(t('role_play.own_words_rubric'))}</b>"))
        self.rubric_box.children = (heading, *rows, self.rate_button)
        self.reply_status.value = ""

    def _on_rate(self, _button: widgets.Button) -> None:
        ticks = [b.value for b in self.rubric_boxes]
        if self.reply_area.value.strip() != self.session.draft:
            try:  # the text was edited after the checklist appeared: rate the new text
                self.session.write(self.reply_area.value)
            except KamtoolsError:
                self.reply_status.value = block(
                    esc(t("role_play.own_words_too_short", n=MIN_REPLY_CHARS)), border=WARN
                )
                return
        reflection = self.session.rate(ticks)
        self._close_rubric()
        self.reply_status.value = block(
            esc(t("role_play.own_words_saved", score=reflection.score, n=len(reflection.rubric)))
            + f"<br><i>“{esc(reflection.text)}”</i>",
            border=GOOD,
        )
        self._revealed = True
        self._render_own_words()
        self._render_buttons()

    def close(self) -> None:
        """Close every widget of the role-play, including the checklist's."""
        self._close_rubric()
        super().close()
        self.rate_button.close()

    def _on_skip(self, _button: widgets.Button) -> None:
        self._revealed = True
        self._close_rubric()
        self.reply_status.value = ""
        self._render_own_words()
        self._render_buttons()

    def _close_rubric(self) -> None:
        for child in self.rubric_box.children:
            if child is not self.rate_button:
                close_tree(child)
        self.rubric_box.children = ()
        self._rubric_checks = []

    def _on_choice(self, index: int) -> None:
        self.choose(index)

    def _on_restart(self, _button: widgets.Button) -> None:
        self.restart()

    def _on_pick(self, change: dict[str, Any]) -> None:
        self.session = Session(load_scenario(change["new"]), **self._options)
        self._load_last_play()
        self._revealed = not self.own_words_toggle.value
        self._render(last=None)

    # ------------------------------------------------------------------ rendering
    def _render(self, *, last: Step | None) -> None:
        session = self.session
        scenario = session.scenario
        self.header_html.value = block(
            f"<h2 style='margin:0 0 6px; font-size:1.5em'>{esc(scenario.title)}</h2>"
            f"<p style='margin:4px 0'><b>{t('role_play.you')}:</b> {esc(scenario.you)}</p>"
            f"<p style='margin:4px 0'><b>{t('role_play.client')}:</b> {esc(scenario.person)}, "
            f"{esc(scenario.company)}</p>"
            f"<p style='margin:4px 0'>{esc(scenario.context)}</p>",
            border=INFO,
        )
        self._render_trust(last)
        self._render_last(last)
        self._render_last_play()
        old = self.choice_buttons
        if session.finished:
            outcome = session.outcome
            assert outcome is not None
            icon, colour = _RESULT_ICON[outcome.result]
            self.situation_html.value = block(
                f"<p style='margin:0'><b>{t('role_play.ended')}</b></p>"
                f"<p style='margin:4px 0; font-size:1.2em'>{icon} <b>{esc(outcome.title)}</b></p>"
                f"<p style='margin:4px 0'>{esc(outcome.text)}</p>",
                border=colour,
            )
            self.choice_box.children = ()
            self.debrief_html.value = self._debrief_html(session.debrief())
            self._render_own_words()
        else:
            node = session.node
            says = (
                f"<p style='margin:6px 0; font-size:1.1em'><b>{t('role_play.client_says')}:</b> "
                f"<i>“{esc(node.client_says)}”</i></p>"
                if node.client_says
                else ""
            )
            self.situation_html.value = block(
                f"<p style='margin:0'>{esc(node.situation)}</p>{says}"
                f"<p style='margin:8px 0 0'><b>{t('role_play.what_do_you_do')}</b></p>"
            )
            self.debrief_html.value = ""
            self.reply_area.value = ""
            self.reply_status.value = ""
            self._close_rubric()
            self._render_own_words()
            self._render_buttons()
        for b in old:
            if b not in self.choice_buttons:
                b.close()

    def _render_own_words(self) -> None:
        """Show the writing panel while a reply of one's own is still to be written."""
        writing = not self.session.finished and self.own_words_toggle.value and not self._revealed
        self.own_words_box.layout.display = "flex" if writing else "none"
        self.own_words_toggle.layout.display = "none" if self.session.finished else "flex"
        intro = self.own_words_box.children[0]
        intro.value = block(esc(t("role_play.own_words_intro", person=self.scenario.person)))

    def _render_buttons(self) -> None:
        """The buttons of the replies, in the order shown; none until they are revealed."""
        old = self.choice_buttons
        buttons = []
        if self._revealed and not self.session.finished:
            for i, choice in enumerate(self.session.choices):
                b = button(f"{chr(65 + i)}. {choice.text}", wrap=True, width="100%")
                b.on_click(captured(self.out, lambda _b, i=i: self._on_choice(i)))
                buttons.append(b)
        self.choice_box.children = tuple(buttons)
        for b in old:
            b.close()

    def _render_trust(self, last: Step | None) -> None:
        trust = self.session.trust
        self.trust_bar.value = trust
        self.trust_bar.style.bar_color = _TRUST_COLOURS[self.session.trust_word]
        if last is None:
            change = ""
        elif last.change > 0:
            change = t("role_play.change_up", n=last.change)
        elif last.change < 0:
            change = t("role_play.change_down", n=last.change)
        else:
            change = t("role_play.change_none")
        value = t("role_play.trust_value", trust=trust, word=self.session.trust_word)
        self.trust_html.value = block(f"<b>{esc(value)}</b> &nbsp; {esc(change)}")

    def _render_last(self, last: Step | None) -> None:
        if last is None:
            self.reaction_html.value = ""
            self.feedback_html.value = ""
            return
        choice = last.choice
        info = choice.tag_info
        self.reaction_html.value = block(
            f"<b>{t('role_play.reaction')}:</b> {esc(choice.reaction)}", background="#f4f4f4"
        )
        if info.is_mistake:
            head = t("role_play.mistake", label=esc(info.label))
            if info.article:
                head += " " + t("role_play.article", n=info.article)
            colour = BAD
        else:
            head = t("role_play.good", label=esc(info.label))
            colour = GOOD
        self.feedback_html.value = block(
            f"<b style='color:{colour}'>{head}</b><br>{esc(choice.feedback)}", border=colour
        )

    def _debrief_html(self, debrief: Debrief) -> str:
        outcome = debrief.outcome
        assert outcome is not None
        icon, colour = _RESULT_ICON[outcome.result]
        parts = [
            f"<h3 style='margin:4px 0; font-size:1.3em'>{t('role_play.debrief')}</h3>",
            f"<p style='margin:4px 0'><b>{t('role_play.outcome')}:</b> {icon} {esc(outcome.title)}</p>",
            "<p style='margin:4px 0'>"
            + esc(
                t(
                    "role_play.trust_path",
                    start=debrief.start_trust,
                    final=debrief.final_trust,
                    word=debrief.trust_word,
                )
            )
            + "</p>",
        ]
        if debrief.mistakes:
            parts.append(
                f"<h4 style='margin:10px 0 4px; color:{BAD}'>"
                f"{t('role_play.mistakes', n=len(debrief.mistakes))}</h4><ol>"
            )
            for m in debrief.mistakes:
                article = " " + t("role_play.article", n=m.article) if m.article else ""
                parts.append(
                    f"<li style='margin-bottom:8px'><b>{esc(m.label)}</b>{article}<br>"
                    f"<i>{t('role_play.you_chose')}:</i> “{esc(m.your_choice)}”<br>"
                    f"<i>{t('role_play.why')}:</i> {esc(m.explanation)}<br>"
                    f"<b>{t('role_play.instead')}:</b> {esc(m.instead)}</li>"
                )
            parts.append("</ol>")
        else:
            parts.append(f"<p style='color:{GOOD}'><b>{t('role_play.no_mistakes')}</b></p>")
        if debrief.good_practices:
            parts.append(
                f"<h4 style='margin:10px 0 4px; color:{GOOD}'>"
                f"{t('role_play.goods', n=len(debrief.good_practices))}</h4><ul>"
            )
            for g in debrief.good_practices:
                parts.append(
                    f"<li style='margin-bottom:6px'><b>{esc(g.label)}</b>: "
                    f"{esc(g.explanation)}</li>"
                )
            parts.append("</ul>")
        else:
            parts.append(f"<p>{t('role_play.no_goods')}</p>")
        parts.append(f"<p>{t('role_play.again')}</p>")
        return block("".join(parts), border=colour)
