"""How the main screen runs a search: at once; the listings' matches first while the full-text
index is asked in a worker; or, where no index holds the bodies, in steps."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on, work

from blogtui.domain.gcpolicy import freeze_kept
from blogtui.domain.site.browse import Search
from blogtui.domain.site.index import Changes
from blogtui.domain.site.words import TextSearch
from blogtui.screens.main.base import MainBase
from blogtui.screens.main.jobs import WordsLookedUp

WARM_AFTER = 0.3
"""Seconds after the list is sorted anew, or a post placed, before its texts and places are
made: the screen is painted and sent first (begun at once, the making held back the paint of
a file changed on disk by 30-100 ms at 100,000 posts)."""
SCREENFUL = 100
"""A search in steps shows what it found so far while it has fewer than this."""


class SearchFeature(MainBase):
    def _run_search(self, search: Search, changes: Changes | None) -> None:
        self._search_round += 1
        if not self._warming:
            self._start_warming()
        if self._looking_up and search.texts is not None:
            search.texts.stop_lookups()  # what it looks up is no longer asked
        lookups = search.lookups()
        if lookups:
            # The listings' matches at once; the bodies' index answers in a worker (its
            # query runs outside the GIL), and the screen filters again when it has.
            self._show(search.query, search.listed(), changes, searching=True)
            if search.texts is not None:
                self._look_up(search.texts, lookups, self._search_round)
            return
        if search.in_steps:
            self._search_in_steps(search, self._search_round, changes)
            return
        self._show(search.query, search.all(), changes, searching=False)

    def _start_warming(self) -> None:
        # Not while the bodies are read: the texts change under each batch.
        if self.browse.cold and not self.reading_bodies:
            self._warming = True
            steps = self.browse.warming()
            self.set_timer(WARM_AFTER, lambda: self._warm(steps))

    def _warm(self, steps: Iterator[None]) -> None:
        """A slice of the sorted list's texts made, then the keys that came meanwhile."""
        if next(steps, False) is None:
            self.call_later(self._warm, steps)
            return
        self._warming = False
        freeze_kept()
        self._start_warming()  # the list was sorted anew meanwhile

    def _search_in_steps(self, search: Search, round_: int, changes: Changes | None) -> None:
        """Free text over very many bodies: the top of the list first, the rest in steps.

        Each step yields to the event loop, so keys are never held up, and a newer keystroke
        drops the older search.
        """
        steps = search.steps()
        first = True

        def step() -> None:
            nonlocal first
            if round_ != self._search_round:
                return  # superseded by a newer query
            found, done = next(steps)
            if done:
                self._show(search.query, found, changes, searching=False)
                return
            if first or len(found) < SCREENFUL:
                self._show(search.query, list(found), changes, searching=True)
            first = False
            self.call_after_refresh(step)  # paint what we have, then go on

        step()

    # Described, not shown by its arguments: the repr of an index is that of every post (1.6 s
    # at 100,000 posts, on the UI thread).
    @work(thread=True, exclusive=True, group="lookup", description="looking up words")
    def _look_up(self, texts: TextSearch, words: list[str], round_: int) -> None:
        self._looking_up = True
        try:
            for word in words:
                if round_ != self._search_round:
                    return  # a newer query replaced this one
                texts.matching(word)
        finally:
            self._looking_up = False
        self.post_message(WordsLookedUp(round_))

    @on(WordsLookedUp)
    def _looked_up(self, event: WordsLookedUp) -> None:
        if event.round == self._search_round:
            self.refresh_view()
