"""The small dialogs of quick edits: a question's status and answer, a new question, an event's status.

They only collect what the user wants; the brief screen writes it (and keeps it when the write
is refused). Brief text enters as `Text` built from `clean()`, never as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from briefing.describe import status_label
from briefing.model import EVENT_STATUSES, ID_PATTERN, QUESTION_STATUSES, Event, Question
from briefing.text import clean, clean_line, fold

ID_LENGTH = 48
"""Proposed ids stay well under the format's 64 characters, leaving room for a `-2` suffix."""


@dataclass(frozen=True)
class QuestionEdit:
    """A question's new status and answer ("" for none)."""

    question_id: str
    status: str
    answer: str


@dataclass(frozen=True)
class NewQuestion:
    """An open question to add: its id and its words."""

    question_id: str
    text: str


def propose_id(text: str, taken: set[str]) -> str:
    """An id from the question's words (`Who drafted the plan?` → `who-drafted-the-plan`), unique
    among the brief's ids."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text))[:ID_LENGTH].strip("-") or "question"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


class EditDialog(ModalScreen[object]):
    """A boxed dialog: esc cancels, ctrl+s saves (as does the Save button)."""

    CSS_PATH = "edit_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
    ]
    TITLE_TEXT: ClassVar[str] = ""

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save", variant="primary", id="save")
            yield Button("Cancel", id="cancel")

    def problem(self, message: str) -> None:
        """Say why the dialog cannot be saved as it is."""
        self.query_one("#problem", Static).update(Text(message))

    def on_mount(self) -> None:
        # Textual runs every class's on_mount: subclasses add theirs without calling this one.
        self.query_one(".dialog", Vertical).border_title = self.TITLE_TEXT

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError


class QuestionDialog(EditDialog):
    """Status (open, answered, moot) and answer of one question; answered needs an answer."""

    TITLE_TEXT = "Question"

    def __init__(self, question: Question, edit: QuestionEdit) -> None:
        super().__init__()
        self.question = question
        self.edit = edit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(clean(self.question.question), style="bold"), classes="dialog-subject")
            with RadioSet(id="status"):
                for status in QUESTION_STATUSES:
                    yield RadioButton(status_label(status), value=status == self.edit.status, id=status)
            yield Label("Answer (Markdown):")
            yield TextArea(self.edit.answer, id="answer", soft_wrap=True)
            yield Static(id="problem")
            yield from self.buttons()

    @property
    def status(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id else self.edit.status

    def action_save(self) -> None:
        answer = self.query_one(TextArea).text
        if self.status == "answered" and not answer.strip():
            self.problem("An answered question needs an answer.")
            self.query_one(TextArea).focus()
            return
        self.dismiss(QuestionEdit(self.question.id, self.status, answer))


class AddQuestionDialog(EditDialog):
    """The words of a new open question and its id (proposed from the words until edited)."""

    TITLE_TEXT = "New open question"

    def __init__(self, taken: set[str], draft: NewQuestion) -> None:
        super().__init__()
        self.taken = taken
        self.draft = draft
        self._proposed = propose_id(draft.text, taken) if draft.text else ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Question:")
            yield Input(self.draft.text, placeholder="What is still unknown?", id="question-text")
            yield Label("Id:")
            yield Input(self.draft.question_id or self._proposed, id="question-id")
            yield Static(id="problem")
            yield from self.buttons()

    @on(Input.Changed, "#question-text")
    def _propose(self, event: Input.Changed) -> None:
        """Follow the words with the proposed id, unless the user wrote an id of their own."""
        field = self.query_one("#question-id", Input)
        if field.value in ("", self._proposed):
            self._proposed = propose_id(event.value, self.taken) if event.value.strip() else ""
            field.value = self._proposed

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#question-text", Input).value.strip()
        question_id = self.query_one("#question-id", Input).value.strip()
        if not text:
            self.problem("Write the question first.")
        elif not re.fullmatch(ID_PATTERN, question_id):
            self.problem("The id takes lower-case letters, digits, - and _ (at most 64).")
        elif question_id in self.taken:
            self.problem(f"The id {question_id} is already used in this brief.")
        else:
            self.dismiss(NewQuestion(question_id, text))


class EventStatusDialog(EditDialog):
    """How far an event is established: pick one status, enter saves."""

    TITLE_TEXT = "Event status"

    def __init__(self, event: Event, status: str) -> None:
        super().__init__()
        self.event = event
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(clean_line(self.event.title), style="bold"), classes="dialog-subject")
            yield OptionList(
                *(Option(Text(status_label(status)), id=status) for status in EVENT_STATUSES), id="statuses"
            )
            yield Static(id="problem")
            yield from self.buttons()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = EVENT_STATUSES.index(self.status)  # type: ignore[arg-type]
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(EVENT_STATUSES[options.highlighted])
