"""Screens for work over many posts: a change shown before anything is written (its summary,
every file's diff, the files left out and why; `y` or Enter applies it with a progress bar,
Escape cancels), and the lists to pick from (`PickScreen`): the clusters of similar terms, the
site's saved views, a post's versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from blogtui.domain.files.errors import WriteError
from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops import journal
from blogtui.domain.ops.changeset import ChangeSet
from blogtui.domain.ops.manifest import Entry, JournalError
from blogtui.domain.ops.terms import Cluster
from blogtui.widgets.diff import diff_lines
from blogtui.widgets.preview import RenderedLines


class _Progress(Message):
    bubble = False

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class _Applied(Message):
    """The change set is written (or as far as it could be: each file says)."""

    bubble = False


class _Failed(Message):
    """Nothing was written: the journal could not be kept or trusted."""

    bubble = False

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class _Diffed(Message):
    """The change set's diff, drawn as lines."""

    bubble = False

    def __init__(self, lines: list[Strip]) -> None:
        super().__init__()
        self.lines = lines


class _Counted(Message):
    bubble = False

    def __init__(self, counts: dict[str, int | str]) -> None:
        super().__init__()
        self.counts = counts


class ChangeSetScreen(Screen[ChangeSet | None]):
    """Preview a change set; returns it applied (each file's outcome in it), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "apply", "Apply"),
        Binding("escape", "cancel", "Cancel"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "scroll(20)", "Page down", show=False),
        Binding("pageup", "scroll(-20)", "Page up", show=False),
    ]

    def __init__(self, changeset: ChangeSet, undoing: Entry | None = None) -> None:
        """`undoing`: the journal's change set that this one undoes (its plan_undo)."""
        super().__init__()
        self.changeset = changeset
        self.undoing = undoing
        self.applying = False

    def compose(self) -> ComposeResult:
        changeset = self.changeset
        changed = changeset.count("changed")
        head = Text(visible(changeset.summary), style="bold")
        head.append(f"\n{changed} files will change", style="green" if changed else "dim")
        left = changeset.left_out
        if left:
            head.append(f", {len(left)} left as they are:", style="yellow")
            for change in left[:10]:
                head.append(f"\n  {visible(change.path)}: {visible(change.reason or '')}", "dim")
            if len(left) > 10:
                head.append(f"\n  … and {len(left) - 10} more", "dim")
        for note in changeset.notes:
            head.append(f"\n{visible(note)}", style="yellow")
        if not changed:
            head.append("\nNothing to apply. Escape goes back.", style="dim")
        with Vertical(id="changes"):
            yield Static(head, id="changes-summary")
            yield RenderedLines(id="changes-diff")
            yield ProgressBar(id="changes-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one("#changes-diff", RenderedLines)
        view.set_lines([Strip([Segment("Computing the diff…", Style(dim=True))])])
        self.query_one(ProgressBar).display = False
        self.set_focus(view)
        self._diff()

    @work(thread=True, exclusive=True, group="change-diff")
    def _diff(self) -> None:
        # Off the UI thread: the diff of 10,000 files takes seconds to compute.
        with quiet_gc():
            lines = diff_lines(self.changeset.diff())
            for line in lines:
                line.cell_length  # noqa: B018  measured here, cached: not on the UI thread
            self.post_message(_Diffed(lines))

    @on(_Diffed)
    def _diffed(self, event: _Diffed) -> None:
        self.query_one("#changes-diff", RenderedLines).set_lines(event.lines)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#changes-diff", RenderedLines).scroll_relative(y=lines, animate=False)

    def action_cancel(self) -> None:
        if not self.applying:
            self.dismiss(None)

    def action_apply(self) -> None:
        if self.applying:
            return
        if not self.changeset.changed:
            self.dismiss(None)
            return
        self.applying = True
        bar = self.query_one(ProgressBar)
        bar.display = len(self.changeset.changed) > 20
        bar.update(total=len(self.changeset.changed), progress=0)
        self._apply()

    @work(thread=True, exclusive=True, group="change-set")
    def _apply(self) -> None:
        # Off the UI thread: a thousand saves take a second, and keys must keep working.

        def progress(done: int, total: int) -> None:
            self.post_message(_Progress(done, total))

        try:
            with quiet_gc():
                if self.undoing is not None:
                    journal.undo(self.changeset.root, self.undoing, progress, self.changeset)
                else:
                    journal.apply(self.changeset, progress)
        except (JournalError, WriteError) as exc:
            # Nothing was written: say why, and leave the plan on screen.
            self.post_message(_Failed(str(exc)))
            return
        self.post_message(_Applied())

    @on(_Progress)
    def _progressed(self, event: _Progress) -> None:
        self.query_one(ProgressBar).update(progress=event.done, total=event.total)

    @on(_Applied)
    def _applied(self) -> None:
        self.dismiss(self.changeset)

    @on(_Failed)
    def _failed(self, event: _Failed) -> None:
        self.applying = False
        self.query_one(ProgressBar).display = False
        self.notify(visible(event.message), severity="error", timeout=15)


Picked = TypeVar("Picked")


class PickScreen(ModalScreen[Picked | None], Generic[Picked]):
    """A titled list to pick one entry from: Enter returns what the entry stands for, Escape
    None. Each kind says its heading, its entries and what an entry's id picks."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
    heading = ""
    empty = ""
    """Said (dimmed, not pickable) when there is nothing to pick."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(visible(self.heading), style="bold"), classes="dialog-title")
            yield OptionList(*self._options(), classes="pick-list")

    def _options(self) -> list[Option]:
        entries = [Option(prompt, id=key) for key, prompt in self.entries()]
        return entries or [Option(Text(self.empty, style="dim"), disabled=True)]

    def show_entries(self) -> None:
        """The entries again, as they are now (the highlight kept)."""
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(self._options())
        listing.highlighted = highlighted

    def entries(self) -> list[tuple[str, Text]]:
        """(id, what the line shows) for each entry."""
        raise NotImplementedError

    def picked(self, key: str) -> Picked:
        raise NotImplementedError

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.picked(event.option.id))


class SimilarScreen(PickScreen[Cluster]):
    """Clusters of near-duplicate terms; Enter picks one to merge."""

    empty = "No similar terms found."

    def __init__(self, taxonomy: str, clusters: list[Cluster]) -> None:
        super().__init__()
        self.heading = f"Similar {taxonomy}: Enter merges a cluster (you can edit the name)"
        self.clusters = clusters

    def entries(self) -> list[tuple[str, Text]]:
        return [
            (
                str(number),
                Text.assemble(
                    (visible(cluster.suggested), "bold"),
                    "  ⇐  ",
                    visible(", ".join(f"{name} ({count})" for name, count in cluster.terms)),
                ),
            )
            for number, cluster in enumerate(self.clusters)
        ]

    def picked(self, key: str) -> Cluster:
        return self.clusters[int(key)]


class ViewsScreen(PickScreen[str]):
    """The site's saved views with how many posts each shows; Enter returns its query."""

    heading = "Views (.blogtui.toml)"
    empty = "No views yet: search, then 'Save this query as a view' (V)."

    def __init__(self, views: dict[str, str], count: Callable[[str], int | str]) -> None:
        """`count` says how many posts a query shows (or why it cannot); run off the UI."""
        super().__init__()
        self.views = views
        self.count = count
        self.counts: dict[str, int | str] = {}

    def entries(self) -> list[tuple[str, Text]]:
        return [
            (
                name,
                Text.assemble(
                    (visible(name), "bold"),
                    "  ",
                    (f"({self.counts[name]})" if name in self.counts else "(…)", "dim"),
                    "  ",
                    (visible(query), "dim italic"),
                ),
            )
            for name, query in self.views.items()
        ]

    def picked(self, key: str) -> str:
        return self.views[key]

    def on_mount(self) -> None:
        self._count_all()

    @work(thread=True, exclusive=True, group="view-counts")
    def _count_all(self) -> None:
        counts = {name: self.count(query) for name, query in self.views.items()}
        self.post_message(_Counted(counts))

    @on(_Counted)
    def _show_counts(self, event: _Counted) -> None:
        self.counts = event.counts
        self.show_entries()


class HistoryScreen(PickScreen[str]):
    """A post's versions (git log); Enter returns the chosen commit, to preview restoring it."""

    empty = "No commits yet."

    def __init__(self, title: str, versions: list[dict[str, str]]) -> None:
        super().__init__()
        self.heading = f"History of {title}: Enter previews restoring a version"
        self.versions = versions

    def entries(self) -> list[tuple[str, Text]]:
        return [
            (
                version["commit"],
                Text.assemble(
                    (version["commit"][:10], "bold"),
                    f"  {version['date'][:10]}  ",
                    (visible(version["author"]), "dim"),
                    "  ",
                    visible(version["message"]),
                ),
            )
            for version in self.versions
        ]

    def picked(self, key: str) -> str:
        return key
