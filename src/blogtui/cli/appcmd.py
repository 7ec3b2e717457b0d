"""`blogtui [PATH]`: the app, its posts parsed by forked processes while Textual loads."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from blogtui import __version__
from blogtui.cli.common import _content_folder_of, _folder, _Parser


def run_app(argv: Sequence[str]) -> int:
    parser = _Parser(prog="blogtui", description="Open the app on a content folder.")
    parser.add_argument(
        "path", nargs="?", help="content folder (default ./content, else .), or a post to open on"
    )
    parser.add_argument("--version", action="version", version=f"blogtui {__version__}")
    args = parser.parse_args(argv)
    selected = None
    if args.path and Path(args.path).is_file():
        post = Path(args.path).resolve()
        folder = _content_folder_of(post)
        selected = post.relative_to(folder.resolve()).as_posix()
    else:
        folder = _folder(args.path)
    from blogtui.domain.site.loading import FIRST_PAGE_FROM, begin_load
    from blogtui.domain.site.parsers import fork_is_safe

    # The posts are parsed by forked processes while Textual loads: forking is only safe
    # before the app starts its threads. (Where it is not, the app parses in one.) The folder
    # is scanned in a thread while Textual is imported; the parsers fork once it is through.
    forking = fork_is_safe()
    loading = begin_load(
        folder,
        None if forking else 1,
        with_text=False,
        busy=forking,
        first_page_from=FIRST_PAGE_FROM,
        scan_apart=forking,
    )
    from blogtui.app import BlogApp
    from blogtui.domain.files.userconfig import load_user_config
    from blogtui.widgets.pictures import prepare

    loading.start_parsers()

    prepare()  # before Textual takes the terminal: asking it what it draws needs its answer

    # The UI thread gets the interpreter back within 1 ms (not 5) of asking, each time it
    # has waited for a key or the terminal, while the index is read and kept in threads: at
    # 100,000 posts a pasted word found while they run took 0.57 s, not 0.08.
    sys.setswitchinterval(0.001)
    app = BlogApp(folder, select=selected, loading=loading, user=load_user_config())
    app.run()
    # Textual exits with 0 after a crash it has shown: a script must see it failed.
    return app.return_code or 0
