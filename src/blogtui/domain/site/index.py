"""The content folder's posts: a fast first load, incremental updates, tag counts."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.files.fsio import is_temp_name
from blogtui.domain.files.postfiles import is_post_name, is_skipped_dir
from blogtui.domain.site import textindex
from blogtui.domain.site.generator import detect
from blogtui.domain.site.post import Post, read_post
from blogtui.domain.site.scope import Scope, scope_of
from blogtui.domain.site.store import Store
from blogtui.domain.site.translations import Languages, Translations, languages_of


def scan(root: Path, temps: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Every post under `root`: relative path -> (size, mtime_ns); unreadable folders skipped.

    Only regular files (or links to them) are posts: a FIFO or a device named `*.md` is never
    opened. At a site's root, only what the generator builds (see `scope`). Temp files of
    blogtui's saves found on the way are added to `temps`.
    """
    scope = scope_of(root)
    found: dict[str, tuple[int, int]] = {}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not is_skipped_dir(name) and (
                        scope is None or scope.descends(prefix + name)
                    ):
                        stack.append((Path(entry.path), prefix + name + "/"))
                elif is_post_name(name) and (scope is None or scope.admits(prefix + name)):
                    # is_file() answers from the folder listing for all but links: no syscall.
                    if entry.is_file() or entry.is_symlink():
                        info = (
                            entry.stat() if entry.is_file() else entry.stat(follow_symlinks=False)
                        )
                        found[prefix + name] = (info.st_size, info.st_mtime_ns)
                elif temps is not None and is_temp_name(name):
                    temps.append(entry.path)
            except OSError:
                continue  # vanished between listing and stat
    return found


def is_page(post: Post, scope: Scope | None) -> bool:
    """Whether the generator builds the post as a page (Jekyll copies a file with no front
    matter as it is)."""
    return scope is None or not scope.needs_frontmatter or post.kind != "static"


@dataclass(frozen=True)
class Changes:
    """What an update did to the index, by relative path."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    before: tuple[Post, ...] = field(default=(), compare=False, repr=False)
    """The posts the changed and removed ones were until now (the list takes them out)."""

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ContentIndex:
    """All posts of one content folder, keyed by relative path."""

    root: Path
    posts: dict[str, Post] = field(default_factory=dict)
    store: Store | None = field(default=None, repr=False, compare=False)
    """The persistent index the rows and texts are kept in; None: all in memory."""
    _matches: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)
    _all_texted: bool | None = field(default=None, repr=False, compare=False)
    store_lost: Callable[[str], object] | None = field(default=None, repr=False, compare=False)
    """Told the line for the user when the persistent index is given up mid-run (from any
    thread): the bodies it held are then to be read into memory (`fill_details` does, now
    that there is no store)."""
    texts_epoch: int = field(default=0, repr=False, compare=False)
    """Counts the times posts' texts were read or indexed (a list's texts made before are
    made anew, see `Browse`)."""
    notes: list[str] = field(default_factory=list, compare=False)
    """Lines for the user about the persistent index (set aside, given up): said once."""
    _translations: Translations | None = field(default=None, repr=False, compare=False)
    _languages: Languages | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(
        cls,
        root: Path,
        workers: int | None = None,
        with_text: bool = True,
        use_cache: bool = True,
    ) -> ContentIndex:
        """Index the folder: cached rows for unchanged files, a parse for the others.

        Without `with_text` the posts' bodies and full fields are not read (see `fill_details`).
        """
        from blogtui.domain.site.loading import begin_load  # it makes ContentIndexes

        return begin_load(root, workers, with_text, use_cache).finish()

    def fill_details(
        self,
        progress: textindex.TextProgress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Make every post's text searchable and give it its fields (see `textindex.fill`).
        Safe in a worker thread while the watcher updates the index."""
        try:
            textindex.fill(self, progress, cancelled)
        except sqlite3.Error as exc:
            self.lose_store(exc)
            textindex.fill(self, progress, cancelled)

    def ready_for_keys(self) -> None:
        """See `textindex.ready_for_keys`."""
        textindex.ready_for_keys(self)

    def fill_fields(self) -> None:
        """Every post's fields, for a query on a field (see `textindex.fill_fields`)."""
        try:
            textindex.fill_fields(self)
        except sqlite3.Error as exc:
            self.lose_store(exc)
            textindex.fill_fields(self)

    def lose_store(self, exc: Exception) -> None:
        """The persistent index failed mid-way (a full disk, a file gone bad): the rest of
        this run keeps everything in memory, and says so once."""
        if self.store is not None:
            note = f"The search index failed ({exc}): searching from memory."
            self.notes.append(note)
            self.store = None
            self.forget_matches()
            if self.store_lost is not None:
                self.store_lost(note)

    def forget_matches(self) -> None:
        """Posts' texts were read or indexed: what was found in them is asked anew."""
        self._matches = {}
        self._all_texted = None
        self.texts_epoch += 1

    def matching(self, word: str, budget: float | None = None) -> tuple[set[str], bool] | None:
        """(the posts whose indexed text holds `word`, whether every post's text is indexed),
        from the persistent index; None without one: then each post's own text is looked in.
        None too when the lookup took over `budget` seconds (see `look_up`)."""
        store = self.store
        if store is None:
            return None
        found = self._matches.get(word)
        try:
            if found is None:
                found = self._matches[word] = store.matching(word, budget)
            if self._all_texted is None:  # looked up once, until the texts change
                self._all_texted = store.complete()
        except sqlite3.OperationalError as exc:
            if "interrupt" not in str(exc):  # else stopped: a newer query, or over its budget
                self.lose_store(exc)
            return None
        except sqlite3.Error as exc:
            self.lose_store(exc)  # asked again and again, it would fail again and again
            return None
        return found, self._all_texted

    def stop_lookups(self) -> None:
        """Stop a `matching` running in another thread: a newer query replaced its own."""
        store = self.store
        if store is not None:
            store.interrupt()

    def look_up(self, word: str, budget: float) -> bool:
        """Ask the persistent index about `word` if it answers within `budget` seconds;
        whether `matching(word)` now answers at once."""
        if not self.looked_up(word):
            self.matching(word, budget)
        return self.looked_up(word)

    def looked_up(self, word: str) -> bool:
        """Whether `matching(word)` answers without asking the persistent index (a common
        word costs it 80-200 ms at 100,000 posts: the screen asks in a worker)."""
        return self.store is None or (word in self._matches and self._all_texted is not None)

    def searches_bodies(self, word: str) -> bool:
        """Every word is looked for in bodies, whatever the site's size. One under three
        letters has no trigram: every indexed text is scanned (0.2-0.5 s at 100,000 posts),
        which the app asks in a worker while it shows the listings' matches; it was once
        looked for in listings alone above 20,000 posts, so that a query's answer depended
        on the site's size."""
        return True

    def read_updates(self, paths: Iterable[str]) -> dict[str, Post | None]:
        """Read these posts as they are now (None: gone); touches no index state.

        Safe to run in a worker thread; `apply` the result on the thread that owns the index.
        Files whose size and mtime did not change since they were read are skipped.
        """
        updates: dict[str, Post | None] = {}
        scope = scope_of(self.root)
        for path in dict.fromkeys(paths):
            if scope is not None and not scope.admits(path):
                updates[path] = None  # not content of the site (a README at its root)
                continue
            try:
                info = (self.root / path).stat()
            except OSError:
                info = None
            if info is None or not stat.S_ISREG(info.st_mode):
                if os.path.islink(self.root / path):  # a dangling link or one to a FIFO
                    updates[path] = read_post(self.root, path)
                else:
                    updates[path] = None  # gone, or no longer a regular file
                continue
            old = self.posts.get(path)
            if old is not None and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns):
                continue  # an event for a file already read as it is now (our own save)
            post = read_post(self.root, path, info.st_size, info.st_mtime_ns)
            updates[path] = post if is_page(post, scope) else None
        try:
            textindex.keep(self, updates.items())
        except sqlite3.Error as exc:
            self.lose_store(exc)
        return updates

    def apply(self, updates: dict[str, Post | None]) -> Changes:
        """Put read posts into the index; returns what actually changed."""
        added: list[str] = []
        changed: list[str] = []
        removed: list[str] = []
        before: list[Post] = []
        for path, post in updates.items():
            if post is None:
                if (gone := self.posts.pop(path, None)) is not None:
                    removed.append(path)
                    before.append(gone)
                continue
            old = self.posts.get(path)
            self.posts[path] = post
            if old is None:
                added.append(path)
            elif old != post:
                changed.append(path)
                before.append(old)
        if added or changed or removed:
            self._translations = None
        return Changes(tuple(added), tuple(changed), tuple(removed), tuple(before))

    def translations(self) -> Translations:
        """Every post's language and translations (worked out again after a change)."""
        found = self._translations
        if found is None:
            if self._languages is None:  # the site's config: read once an index, not a change
                self._languages = languages_of(self.root, detect(self.root))
            posts = list(self.posts.values())
            found = self._translations = Translations.of(self._languages, posts)
        return found

    def refresh(self, paths: Iterable[str]) -> Changes:
        """Re-read these posts (created, changed or removed); unchanged ones are no-ops."""
        return self.apply(self.read_updates(paths))

    def stale_paths(self) -> list[str]:
        """Posts whose files differ from the index, found by a fresh scan (after a watcher gap,
        a pull). Safe in a worker thread: it reads a snapshot of the index."""
        stats = scan(self.root)
        known = dict(self.posts)
        stale = [p for p, post in known.items() if stats.get(p) != (post.size, post.mtime_ns)]
        return stale + [p for p in stats if p not in known]

    def tag_counts(self, posts: Iterable[Post] | None = None) -> list[tuple[str, int]]:
        """(tag, number of posts), most used first, then by name."""
        return self.term_counts("tags", posts)

    def term_counts(
        self, taxonomy: str, posts: Iterable[Post] | None = None
    ) -> list[tuple[str, int]]:
        """(term, number of posts) of one taxonomy, most used first, then by name. Where the
        generator folds spellings into one page (Hugo, Zola: `HTML` and `html`), they count
        as one term, shown as most posts spell it."""
        chosen = list(self.posts.values() if posts is None else posts)
        counts: Counter[str] = Counter()
        for post in chosen:  # one C-speed pass: a tag toggle pays for this at 10,000 posts
            counts.update(post.terms_of(taxonomy))
        return self.fold_terms(taxonomy, counts, chosen)

    def fold_terms(
        self, taxonomy: str, counts: Counter[str], chosen: Iterable[Post]
    ) -> list[tuple[str, int]]:
        """`counts` (each term as spelled, over the posts `chosen`) as the panel lists them:
        spellings the generator folds into one page counted as one term (see `term_counts`).
        A caller keeping `counts` up to date change by change pays only for the terms."""
        site = detect(self.root)
        if not site.folds_terms:
            return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
        spellings: dict[str, Counter[str]] = {}
        for term, count in counts.items():
            spellings.setdefault(site.term_key(term), Counter())[term] = count
        # A post that spells one term two ways (`HTML` and `html`) counts once: only posts
        # holding several spellings of a folded term are looked at again.
        several = {t for found in spellings.values() if len(found) > 1 for t in found}
        for post in chosen if several else ():
            mine = [t for t in post.terms_of(taxonomy) if t in several]
            keys = [site.term_key(t) for t in mine]
            for key in {k for k in keys if keys.count(k) > 1}:
                spelled = [t for t, k in zip(mine, keys, strict=True) if k == key]
                for other in spelled[1:]:  # the post counts under its first spelling only
                    spellings[key][other] -= 1
        folded = [
            (min(found, key=lambda t: (-found[t], t)), sum(found.values()))
            for found in spellings.values()
        ]
        return sorted(folded, key=lambda item: (-item[1], item[0].casefold()))

    def section_dates(self) -> dict[str, tuple[str, float]]:
        """Hugo dates a section (`_index.md`) that has no date by its newest page: (ISO date,
        sort key) by the section's path, for those."""
        if detect(self.root).generator != "hugo":
            return {}
        sections = {
            post.path.rpartition("/")[0]: post
            for post in self.posts.values()
            if post.kind == "section" and post.date is None
        }
        if not sections:
            return {}
        newest: dict[str, tuple[str, float]] = {}
        for post in self.posts.values():
            if post.date is None or post.sort_date is None or post.kind != "post":
                continue
            folder = post.path.rpartition("/")[0]
            while True:
                section = sections.get(folder)
                if section is not None and (
                    section.path not in newest or newest[section.path][1] < post.sort_date
                ):
                    newest[section.path] = (post.date, post.sort_date)
                if not folder:
                    break
                folder = folder.rpartition("/")[0]
        return newest

    def taxonomies(self) -> list[str]:
        """The site's taxonomies that some post uses, in the site's order."""
        used: set[str] = set()
        for post in self.posts.values():
            if post.tags:
                used.add("tags")
            if post.terms:
                used.update(post.terms)
        return self.in_site_order(used)

    def in_site_order(self, used: Iterable[str]) -> list[str]:
        """These taxonomies in the site's order (its config's), then the others by name."""
        order = detect(self.root).taxonomies
        rest = set(used)
        return [name for name in order if name in rest] + sorted(rest - set(order))
