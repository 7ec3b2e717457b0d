"""Small modal dialogs, each typed by the result it returns."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label

from blogtui.domain.formats.visible import visible

Answer = TypeVar("Answer")


class QuestionScreen(ModalScreen[Answer], Generic[Answer]):
    """A question with a button for each answer, one under the other: however many there
    are and however long their words, every one is on screen, and the arrow keys (as Tab)
    move between them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,left", "app.focus_previous", "Previous", show=False),
        Binding("down,right", "app.focus_next", "Next", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[tuple[str, str]],
        default: str | None = None,
    ) -> None:
        """`choices` are (key, label); `default` (else the first) has the focus."""
        super().__init__()
        self.title_text = title
        self.message = message
        self.choices = choices
        self.default = default or choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(visible(self.title_text)), classes="dialog-title")
            yield Label(Text(visible(self.message, multiline=True)), classes="dialog-message")
            with Vertical(classes="dialog-buttons"):
                for number, (key, label) in enumerate(self.choices):
                    yield Button(
                        label,
                        id=f"choice-{key}",
                        variant="primary" if number == 0 else "default",
                        compact=True,
                    )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#choice-{self.default}", Button))

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(self.answer((event.button.id or "").removeprefix("choice-")))

    def answer(self, key: str) -> Answer:
        raise NotImplementedError


class ChoiceScreen(QuestionScreen[str]):
    """Returns the chosen answer's key ('' when dismissed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *QuestionScreen.BINDINGS,
        Binding("escape", "dismiss('')", "Cancel"),
    ]

    def answer(self, key: str) -> str:
        return key


class ConfirmScreen(QuestionScreen[bool]):
    """A question about something that cannot be taken back easily: True only for yes.

    It starts on the harmless answer and has no one-key yes: no burst of typing (`d` then
    Enter, `d` then `y`) can ever confirm it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *QuestionScreen.BINDINGS,
        Binding("escape", "dismiss(False)", "Cancel"),
        Binding("n", "dismiss(False)", "No"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(title, message, [("yes", yes), ("no", no)], default="no")

    def answer(self, key: str) -> bool:
        return key == "yes"


class PromptScreen(ModalScreen[str | None]):
    """One line of text; returns it, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        suggestions: list[str] | None = None,
    ) -> None:
        """`suggestions` complete what is typed (existing terms, field names)."""
        super().__init__()
        self.title_text = title
        # Pre-filled from files (a name, a commit message, a line): drawn, so made visible.
        self.value = visible(value)
        self.placeholder = visible(placeholder)
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.suggestions, case_sensitive=False)
        with Vertical(classes="dialog"):
            yield Label(Text(visible(self.title_text)), classes="dialog-title")
            yield Input(
                self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                suggester=suggester if self.suggestions else None,
            )
            yield Label("Enter to confirm, Escape to cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
