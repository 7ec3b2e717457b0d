"""The floor for a keystroke in Textual here: one Input, one label echoing it, nothing else.

Run by tmux_probe.py beside blogtui, so that blogtui's keystroke figures can be read against
what any Textual app pays on this machine and terminal.
"""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input, Label


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield Label("ready", id="echo")

    @on(Input.Changed)
    def _echo(self, event: Input.Changed) -> None:
        self.query_one(Label).update(f"filter: {event.value}")


if __name__ == "__main__":
    BareApp().run()
