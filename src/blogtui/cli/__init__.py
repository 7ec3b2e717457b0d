"""The `blogtui` command: the app, and the scriptable commands (which never import Textual).

One module per group of commands (`reading`, `writing`, `changes`, `gitcmds`, `appcmd`), what
they share (`common`), and the registry that the parser, help and dispatch come from."""

from blogtui.cli.common import EXIT_BAD_INPUT, EXIT_CONFLICT, EXIT_INTERNAL, _content_folder_of
from blogtui.cli.registry import main

__all__ = ["EXIT_BAD_INPUT", "EXIT_CONFLICT", "EXIT_INTERNAL", "_content_folder_of", "main"]
