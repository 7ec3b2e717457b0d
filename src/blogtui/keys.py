"""Every key the app knows, in one place: the bindings, the footer and the `?` help use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    keys: str
    """Textual key names, comma-separated."""
    action: str
    description: str
    """Short text for the footer."""
    help: str
    """A sentence for the help screen."""
    show: bool = True
    """Shown in the footer."""
    moves_focus: bool = False
    """The key moves the focus or opens a screen with an input (a form, a prompt, the jump
    list), and the keys typed right after it (in one burst, over a laggy link) must follow it
    there: a priority binding whose action focuses or pushes synchronously, declined while a
    text field has the focus (there it is a character)."""

    @property
    def id(self) -> str:
        """The binding's id: what a user's `[keys]` remaps (`search = "f"`)."""
        return BINDING_IDS.get(self.action, self.action.removeprefix("app.").replace("_", "-"))


BINDING_IDS = {
    "focus_search": "search",
    "focus_tags": "tags",
    "edit_form": "edit",
    "edit_body": "body",
    "new_post": "new",
    "app.quit": "quit",
    "clear_filters": "clear",
    "cycle_sort": "sort",
    "toggle_preview": "preview",
    "cycle_group": "group",
    "open_editor": "editor",
}
"""Short ids for the bindings users remap most; the others are their action's name."""

_OPENS_AN_INPUT = frozenset(
    {"edit_form", "edit_body", "new_post", "rename", "jump", "change_history", "save_view",
     "commit", "schedule", "new_translation", "grid"}
)  # fmt: skip

_MAIN_KEYS: tuple[Key, ...] = (
    Key(
        "slash",
        "focus_search",
        "Search",
        "Focus the search box; typing filters the list live.",
        moves_focus=True,
    ),
    Key(
        "t",
        "focus_tags",
        "Tags",
        "Focus the tag panel (space/Enter toggles a tag, a: all/any).",
        moves_focus=True,
    ),
    Key(
        "T",
        "next_taxonomy",
        "Taxonomy",
        "Show the next taxonomy in the panel: tags, categories, keywords, the site's own.",
        show=False,
    ),
    Key("e", "edit_form", "Edit", "Edit the highlighted post's fields in a form."),
    Key("b", "edit_body", "Body", "Edit the body, with a live rendered preview beside it."),
    Key(
        "n", "new_post", "New", "New post (a draft): asks for a title, creates it, opens the form."
    ),
    # Help and quit come before the rest of the footer: a narrow terminal cuts its end.
    Key("question_mark", "help", "Help", "Show this help."),
    Key("q", "app.quit", "Quit", "Quit blogtui."),
    Key("x", "clear_filters", "Clear", "Clear every filter: search text and selected tags."),
    Key("s", "cycle_sort", "Sort", "Cycle the sort: newest, oldest, title, recently modified."),
    Key("p", "toggle_preview", "Preview", "Show or hide the preview."),
    Key(
        "g",
        "cycle_group",
        "Group",
        "Group the list: by year, month, status, first tag, or not at all.",
        show=False,
    ),
    Key(
        "E", "open_editor", "$EDITOR", "Open the post in $VISUAL / $EDITOR (the app resumes after)."
    ),
    Key(
        "r",
        "rename",
        "Rename",
        "Rename the post's file (a safe slug; never over another file).",
        show=False,
    ),
    Key("c", "duplicate", "Copy", "Duplicate the post.", show=False),
    Key(
        "d",
        "delete",
        "Delete",
        "Delete the post: asks (starting on Cancel), then moves it to .blogtui-trash/.",
        show=False,
    ),
    Key(
        "u",
        "undo",
        "Undo",
        "Undo the last rename, duplicate, delete or change to many posts (again: the one before).",
        show=False,
    ),
    Key("space", "toggle_mark", "Mark", "Mark or unmark the post for a bulk edit.", show=False),
    Key(
        "asterisk",
        "mark_all",
        "Mark all",
        "Mark every post of the result (again: unmark).",
        show=False,
    ),
    Key(
        "B",
        "bulk_edit",
        "Bulk edit",
        "Edit the marked posts (else the whole result) at once: set, unset, add, remove, draft.",
        show=False,
    ),
    Key(
        "S",
        "similar_terms",
        "Similar tags",
        "Clusters of near-duplicate terms (Static Sites, static-sites…), merged in one go.",
        show=False,
    ),
    Key(
        "P",
        "publish",
        "Publish",
        "Publish the draft (dated now unless its date is ahead); on a published post: unpublish.",
        show=False,
    ),
    Key(
        "at",
        "schedule",
        "Schedule",
        "Schedule the post: 2026-12-01 09:00, tomorrow 9:00, +3d…",
        show=False,
    ),
    Key("v", "views", "Views", "The site's saved views, with their counts.", show=False),
    Key(
        "V",
        "save_view",
        "Save view",
        "Save this query as a view (in .blogtui.toml, comments and order kept).",
        show=False,
    ),
    Key(
        "C",
        "commit",
        "Commit",
        "Commit the marked posts, else the highlighted one or every changed post (git; a "
        "Decap-style message).",
        show=False,
    ),
    Key("ctrl+r", "sync", "Sync", "Pull, then push (git, as your git is set to).", show=False),
    Key(
        "ctrl+d",
        "git_diff",
        "Diff",
        "The preview shows the post's changes since the last commit (again: the post).",
        show=False,
    ),
    Key(
        "H",
        "history",
        "History",
        "The post's versions (git log); choose one to preview restoring it (undoable).",
        show=False,
    ),
    Key(
        "U",
        "change_history",
        "Changes",
        "Earlier changes to many posts (from the journal): choose one to undo it.",
        show=False,
    ),
    Key("ctrl+g", "jump", "Jump", "Jump to a post by part of its title or file name."),
    Key(
        "L",
        "linked_from",
        "Linked from",
        "The posts that link to this one: choose one to jump to it.",
        show=False,
    ),
    Key(
        "o",
        "cycle_translation",
        "Translation",
        "Preview the post's next translation (again: the one after).",
        show=False,
    ),
    Key(
        "N",
        "new_translation",
        "New translation",
        "Make a translation of the post where the site keeps them; opens its form.",
        show=False,
    ),
    Key(
        "G",
        "grid",
        "Grid",
        "The result as a table of fields; edit cells in place, apply them as one change.",
        show=False,
    ),
    Key("J", "preview_down", "Scroll preview", "Scroll the preview down.", show=False),
    Key("K", "preview_up", "Scroll preview up", "Scroll the preview up.", show=False),
)

MAIN_KEYS: tuple[Key, ...] = tuple(
    Key(k.keys, k.action, k.description, k.help, k.show, True) if k.action in _OPENS_AN_INPUT else k
    for k in _MAIN_KEYS
)

HELP_ONLY: tuple[tuple[str, str], ...] = (
    ("j k / ↓ ↑", "Move in the list; the preview follows."),
    ("PageUp PageDown Home End", "Move a screen at a time, or to the first or last post."),
    ("Enter (in search)", "Go from the search box to the list."),
    ("Escape (in search)", "Clear the search and go back to the list."),
    ("space / Enter (in tags)", "Toggle the highlighted tag."),
    ("Escape (in tags)", "Back to the list (on a narrow screen the tag panel hides again)."),
    ("a (in tags)", "Switch between posts with all the selected tags and with any of them."),
    ("r (in tags)", "Rename the highlighted term in every post (to an existing one: a merge)."),
    ("S (in tags)", "Similar terms: clusters of near-duplicates to merge."),
    ("y / Enter (a change)", "Apply the previewed change to many posts; Escape cancels."),
    ("Tab / Shift+Tab", "Move between the tag panel, the search box and the list."),
    ("Ctrl+P", "The command palette: every action by name, and the theme."),
    ("Ctrl+S (editing)", "Save the form or the body; nothing is written while a field is invalid."),
    ("Escape (editing)", "Leave the form or the editor (asks about unsaved changes)."),
    ("Ctrl+Q", "Quit from anywhere (asks about unsaved changes)."),
)

QUERY_HELP: tuple[tuple[str, str], ...] = (
    ("words", "Posts whose title, description, tags or body contain every word (any case)."),
    ('"a phrase"', "Posts containing the phrase."),
    ("tag:NAME", 'Posts with that tag; quote names with spaces: tag:"static sites".'),
    ("category:NAME", "Posts in that category; any taxonomy works: keywords:NAME, series:NAME."),
    ("draft:true / draft:false", "Only drafts, or no drafts."),
    ("featured:true", "Only featured posts."),
    ("status:draft", "By status: draft, scheduled, published, expired."),
    ("FIELD:VALUE", "Any field, nested with dots (author:jane, seo.title:guide); -TERM negates."),
    ("date:>=2024-03 weight:<10", "Compare dates (a year, a month or a day) and numbers."),
    ("has:FIELD no:FIELD", "The field is there and not empty, or it is not."),
    ("sort:-FIELD", "Sort by any field (dates and numbers as such); - for descending."),
)


def keys_in_force(keymap: dict[str, str] | None = None) -> list[tuple[Key, str]]:
    """Each main key with the keys that run it now (the user's `[keys]` applied)."""
    keymap = keymap or {}
    return [(key, keymap.get(key.id, key.keys)) for key in MAIN_KEYS]


def check_keymap(wanted: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be applied, and a line for each that cannot: an unknown id, or a
    key another binding keeps (remapped onto `q`, quit would be lost)."""
    ids = {key.id: key for key in MAIN_KEYS}
    kept: dict[str, str] = {}
    problems = []
    for name, keys in wanted.items():
        if name not in ids:
            problems.append(f"keys.{name}: no binding has this id (see ? for them)")
            continue
        kept[name] = keys
    # Keys the other bindings keep: a remap onto one of them is refused, so no binding is
    # ever lost (Textual would silently drop one).
    taken: dict[str, str] = {
        one.strip(): key.id
        for key in MAIN_KEYS
        if key.id not in kept
        for one in key.keys.split(",")
    }
    for name, keys in list(kept.items()):
        clash = [one.strip() for one in keys.split(",") if one.strip() in taken]
        if clash:
            problems.append(
                f"keys.{name}: {clash[0]!r} is {taken[clash[0]]}'s key already (ignored)"
            )
            del kept[name]
            continue
        taken.update({one.strip(): name for one in keys.split(",")})
    return kept, problems


def display_keys(keys: str) -> str:
    names = {"slash": "/", "question_mark": "?", "asterisk": "*", "at": "@"}
    return " ".join(names.get(key, key) for key in keys.split(","))
