"""Publishing, unpublishing and scheduling a post; the site's saved views."""

from __future__ import annotations

from blogtui.domain.files.errors import ConflictError, describe
from blogtui.domain.ops.publishing import (
    DATED_NAME,
    parse_when,
    plan_publish,
    plan_schedule,
    plan_unpublish,
)
from blogtui.domain.site.query import filter_posts, parse_query
from blogtui.domain.site.sitefile import save_view
from blogtui.domain.site.status import status_of
from blogtui.screens.changes import ViewsScreen
from blogtui.screens.dialogs import ChoiceScreen, PromptScreen
from blogtui.screens.main.base import (
    MainBase,
)


class PublishingFeature(MainBase):
    def action_publish(self) -> None:
        post = self.highlighted
        if post is None or post.error:
            self.notify("Highlight a post that reads cleanly to publish it.", severity="warning")
            return
        if status_of(post, None, self.browse.zone) in ("published", "scheduled") and not post.draft:
            self._plan_in_worker(lambda: plan_unpublish(self.site.root, post.path))
            return
        name = post.path.rsplit("/", 1)[-1]
        today = self._now().date().isoformat()
        if DATED_NAME.match(name) and not name.startswith(today):

            def answer(choice: str | None) -> None:
                if choice in ("keep", "rename"):
                    self._publish(post.path, choice == "rename")

            self.app.push_screen(
                ChoiceScreen(
                    "Publish",
                    f"{name} carries a date in its name. Rename it to today's date as well?",
                    [("keep", "Keep the name"), ("rename", "Rename it"), ("cancel", "Cancel")],
                ),
                answer,
            )
            return
        self._publish(post.path, False)

    def _publish(self, relative: str, rename: bool) -> None:
        now = self._now()
        self._plan_in_worker(lambda: plan_publish(self.site.root, relative, now, rename=rename))

    def action_schedule(self) -> None:
        post = self.highlighted
        if post is None or post.error:
            return

        def given(text: str | None) -> None:
            if not text:
                return
            try:
                when = parse_when(text, self._now())
            except ValueError as exc:
                self.notify(str(exc), title="Not scheduled", severity="error")
                return
            self._plan_in_worker(lambda: plan_schedule(self.site.root, post.path, when))

        self.app.push_screen(
            PromptScreen(
                f"Schedule {post.display_title}",
                placeholder="2026-12-01 09:00, tomorrow 9:00, +3d, +2h",
            ),
            given,
        )

    def action_views(self) -> None:
        site_file = self._site_file()
        if site_file is None:
            return
        index, taxonomies, zone = self.site.index, self.browse.taxonomies, self.browse.zone

        def count(text: str) -> int | str:
            query = parse_query(text, False, taxonomies, zone)
            if query.error:
                return query.error
            return len(filter_posts(index.posts.values(), query, index)) if index else 0

        def chosen(text: str | None) -> None:
            if text is not None:
                self.browse.text = text
                self._show_query()

        self.app.push_screen(ViewsScreen(site_file.views, count), chosen)

    def action_save_view(self) -> None:
        text = self.browse.text.strip()
        if not text:
            self.notify("Type a query first: a view is a saved query.")
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                path = save_view(self.site.root, self.site.info.site_root, name, text)
            except (OSError, ValueError, ConflictError) as exc:
                self.notify(f"Not saved: {describe(exc)}", severity="error")
                return
            self.notify(f"Saved the view {name!r} in {path.name}")

        self.app.push_screen(PromptScreen("Save this query as a view", placeholder="Name"), named)
