"""Our widgets must not replace Textual's own members by accident (a `_render` worker did)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import textual.app
import textual.dom

import blogtui

INTENDED = {
    "compose",
    "on_mount",
    "on_resize",
    "on_click",
    "render_line",
    "get_default_screen",
    "get_system_commands",
    "action_quit",
    "notify",  # every notification made terminal-safe in one place
    "check_action",  # focus keys decline in text fields
    "on_event",  # keys typed while the app starts wait for the main screen
    "BINDINGS",
    "COMPONENT_CLASSES",
    "CSS_PATH",
    "TITLE",
    "DEFAULT_CSS",
    "cursor",
    "highlighted",
    "action_cursor",
    "action_page",
    "load",
    "_watch_value",  # the search box's text width, without laying out the screen
}


def _our_classes() -> list[type]:
    """Every widget, screen and app class of ours, found by walking the package: a new
    module is checked without anyone adding it here."""
    found = []
    names = [m.name for m in pkgutil.walk_packages(blogtui.__path__, "blogtui.")]
    for name in names:
        if name.startswith(("blogtui.domain", "blogtui.cli", "blogtui.__main__")):
            continue  # plain Python: no DOM nodes there
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, textual.dom.DOMNode):
                found.append(cls)
    return found


def test_the_walk_finds_every_screen_and_widget() -> None:
    names = {cls.__name__ for cls in _our_classes()}
    assert {"BlogApp", "MainScreen", "FormScreen", "ChangeSetScreen", "PostList"} <= names
    assert len(names) >= 20


def test_no_accidental_overrides() -> None:
    clashes = []
    for cls in _our_classes():
        textual_bases = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
        for name, value in vars(cls).items():
            if not (inspect.isfunction(value) or isinstance(value, property)):
                continue  # class bookkeeping Textual generates for every subclass
            if name.startswith("__") or name in INTENDED or name.startswith(("_on_", "watch_")):
                continue
            if any(name in vars(base) for base in textual_bases):
                clashes.append(f"{cls.__name__}.{name}")
    assert clashes == []
