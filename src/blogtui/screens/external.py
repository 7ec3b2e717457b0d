"""Handing the terminal to the user's own editor, and always getting it back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

from blogtui.domain.files.errors import reason


def editor_command(configured: str | None = None) -> list[str]:
    """The user's `editor` setting, else $VISUAL, else $EDITOR, else vi, split as a shell
    would ([] when it cannot be split)."""
    setting = configured or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return shlex.split(setting)
    except ValueError:
        return []


def run_editor(app: App[object], path: Path, configured: str | None = None) -> None:
    """Open `path` in the user's editor with the app suspended; problems become notifications."""
    command = editor_command(configured)
    if not command or shutil.which(command[0]) is None:
        # Checked before suspending: a missing program (`code --wait` over SSH) would leave
        # a blank terminal.
        name = command[0] if command else os.environ.get("VISUAL") or os.environ.get("EDITOR")
        app.notify(
            f"Cannot open an editor: {name!r} was not found. Set $VISUAL or $EDITOR.",
            severity="error",
        )
        return
    failure: OSError | None = None
    try:
        with app.suspend():
            # Nothing may escape while suspended: the terminal must always come back.
            try:
                result = subprocess.run([*command, str(path)], check=False)
            except OSError as exc:
                failure = exc
    except SuspendNotSupported:
        app.notify("This terminal cannot hand over to an editor.", severity="error")
        return
    if failure is not None:
        app.notify(f"Cannot run {command[0]}: {reason(failure)}", severity="error")
        return
    if result.returncode != 0:
        app.notify(f"{command[0]} exited with status {result.returncode}", severity="warning")
