"""What the main screen's jobs answer with. A job runs in a thread and never touches the
screen: it posts one of these (posting is thread-safe), and the screen's handler, on its own
thread, shows the result."""

from __future__ import annotations

from textual.message import Message
from textual.notifications import SeverityLevel
from textual.strip import Strip

from blogtui.domain.files.git import Repository
from blogtui.domain.files.gitstatus import Status as GitStatus
from blogtui.domain.ops.changeset import ChangeSet
from blogtui.domain.ops.manifest import Entry
from blogtui.domain.site.index import Changes
from blogtui.domain.site.post import Post


class Notice(Message):
    """A line for the user: what a job did, or why it could not."""

    def __init__(
        self, text: str, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.severity: SeverityLevel = severity
        self.timeout = timeout


class PlanReady(Message):
    """A change set planned: preview it (its diff), then apply it or not."""

    def __init__(self, changeset: ChangeSet, undoing: Entry | None = None) -> None:
        super().__init__()
        self.changeset = changeset
        self.undoing = undoing
        """The journal's entry this change set takes back, when it is an undo."""


class RepositoryFound(Message):
    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo


class GitStatusRead(Message):
    def __init__(self, status: GitStatus, stamp: object) -> None:
        super().__init__()
        self.status = status
        self.stamp = stamp


class GitMoved(Message):
    """We ran git (a commit, a sync): read its status now."""


class DiffReady(Message):
    def __init__(self, title: str, lines: list[Strip]) -> None:
        super().__init__()
        self.title = title
        self.lines = lines


class HistoryReady(Message):
    def __init__(self, post: Post, versions: list[dict[str, str]]) -> None:
        super().__init__()
        self.post = post
        self.versions = versions


class SyncStep(Message):
    """The sync's step and git's latest progress line (None: the sync is over)."""

    def __init__(self, line: str | None) -> None:
        super().__init__()
        self.line = line


class PostsReread(Message):
    """Posts read again off the UI thread (after a pull, a change set): to put in the index."""

    def __init__(self, updates: dict[str, Post | None], select: str | None = None) -> None:
        super().__init__()
        self.updates = updates
        self.select = select
        """The post to highlight once they are in (a moved post, where it went)."""


class PostsReadSoFar(Message):
    """While a big folder is read cold: the first posts read (None after: only how many)."""

    def __init__(self, posts: list[Post] | None, read: int, total: int) -> None:
        super().__init__()
        self.posts = posts
        self.read = read
        self.total = total


class IndexLoaded(Message):
    """The site's index is whole (`site.index` is set)."""


class SearchTextReady(Message):
    """The bodies are read: free-text search looks in them too."""


class TextsIndexed(Message):
    """So many bodies are in the search index so far, of so many to index."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexChanged(Message):
    """Posts changed on disk (the watcher saw it) and the index holds them."""

    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class WordsLookedUp(Message):
    """The persistent index answered a query's free words (see `SearchFeature._look_up`)."""

    def __init__(self, round_: int) -> None:
        super().__init__()
        self.round = round_
