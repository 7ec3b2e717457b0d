"""A post changed on disk is placed into the sorted list, and the counts follow it: the list,
the panel's counts and the statuses must be exactly what sorting and counting anew gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from blogtui.domain.site.browse import Browse
from blogtui.domain.site.index import ContentIndex

TAGS = ("news", "News", "go", "rust", "cats")
TITLES = ("Alpha", "beta", "Gamma", "alpha", "Delta")
DATES = ("2024-01-01", "2024-02-01", "2024-02-01", "2099-01-01", "", "2023-12-31T10:00:00Z")


def write(root: Path, rng: random.Random, number: int) -> str:
    name = f"posts/p{number:03}.md"
    date = rng.choice(DATES)
    tags = rng.sample(TAGS, rng.randint(0, 3))
    lines = [f"title: {rng.choice(TITLES)}", f"tags: [{', '.join(tags)}]"]
    if date:
        lines.append(f"date: {date}")
    if rng.random() < 0.2:
        lines.append("draft: true")
    if rng.random() < 0.2:
        lines.append(f"categories: [{rng.choice(('a', 'b'))}]")
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + "\n".join(lines) + "\n---\nbody\n", encoding="utf-8")
    return name


def fresh(index: ContentIndex, sort: str, taxonomy: str) -> Browse:
    browse = Browse()
    browse.sort = sort
    browse.taxonomy = taxonomy
    browse.search(index)
    return browse


def seen(browse: Browse, index: ContentIndex) -> tuple[object, ...]:
    order = [(post.path, post.sort_date, post.display_title.casefold()) for post in browse.sorted]
    found = {}
    for word in ("alpha", "p0", "news"):  # over the list's texts and paths, kept in step
        browse.text = word
        found[word] = [post.path for post in browse.search(index).all()]
    browse.text = ""
    return (order, browse.counts, dict(browse.statuses), browse.taxonomies, found)


@pytest.mark.parametrize("sort", ["newest", "oldest", "title", "modified"])
@pytest.mark.parametrize("generator", ["hugo", "jekyll"])
def test_placed_changes_match_a_full_sort(tmp_path: Path, sort: str, generator: str) -> None:
    rng = random.Random(f"{sort}{generator}")
    if generator == "hugo":  # Hugo folds `News` and `news` into one term
        (tmp_path / "hugo.toml").write_text("title = 'x'\n", encoding="utf-8")
    else:
        (tmp_path / "_config.yml").write_text("title: x\n", encoding="utf-8")
    names = [write(tmp_path, rng, n) for n in range(40)]
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    browse = fresh(index, sort, "tags")
    for round_ in range(25):
        touched = rng.sample(names, rng.randint(1, 4))
        for name in touched:
            if rng.random() < 0.25:
                (tmp_path / name).unlink(missing_ok=True)
            else:
                write(tmp_path, rng, int(name[7:10]))
        born = write(tmp_path, rng, 100 + round_) if rng.random() < 0.3 else None
        names += [born] if born else []
        if round_ % 2:
            list(browse.warming())  # its places made: changed posts go out and in by place
        changes = index.refresh([*touched, *([born] if born else [])])
        browse.update(index, changes)
        browse.search(index)
        assert seen(browse, index) == seen(fresh(index, sort, "tags"), index), f"round {round_}"


def test_a_new_taxonomy_or_many_changes_sort_anew(tmp_path: Path) -> None:
    rng = random.Random(3)
    names = [write(tmp_path, rng, n) for n in range(10)]
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    browse = fresh(index, "newest", "tags")
    (tmp_path / names[0]).write_text("---\ntitle: X\nseries: [one]\n---\n", encoding="utf-8")
    browse.update(index, index.refresh([names[0]]))
    assert browse.search(index).candidates is browse.sorted
    assert "series" in browse.taxonomies
    assert seen(browse, index) == seen(fresh(index, "newest", "tags"), index)


def test_changes_told_without_the_posts_they_replaced_sort_anew(tmp_path: Path) -> None:
    from blogtui.domain.site.index import Changes

    rng = random.Random(4)
    names = [write(tmp_path, rng, n) for n in range(10)]
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    browse = fresh(index, "newest", "tags")
    write(tmp_path, rng, 0)
    told = index.refresh([names[0]])
    browse.update(index, Changes(changed=told.changed))  # as a caller that kept only paths
    assert browse.search(index).candidates is browse.sorted
    assert seen(browse, index) == seen(fresh(index, "newest", "tags"), index)


def test_the_last_post_filed_under_a_taxonomy_takes_it_from_the_panel(tmp_path: Path) -> None:
    rng = random.Random(5)
    names = [write(tmp_path, rng, n) for n in range(6)]
    (tmp_path / "posts" / "only.md").write_text(
        "---\ntitle: Only\nseries: [one]\n---\n", encoding="utf-8"
    )
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    browse = fresh(index, "newest", "tags")
    assert "series" in browse.taxonomies
    (tmp_path / "posts" / "only.md").unlink()
    browse.update(index, index.refresh(["posts/only.md", names[0]]))
    assert browse.search(index).candidates is browse.sorted  # placed, not sorted anew
    assert "series" not in browse.taxonomies
    assert seen(browse, index) == seen(fresh(index, "newest", "tags"), index)


def test_the_panel_s_own_taxonomy_gone_shows_another(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\ntags: [x]\n---\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: B\nseries: [one]\n---\n", encoding="utf-8")
    index = ContentIndex.load(tmp_path, workers=1, use_cache=False)
    browse = fresh(index, "newest", "series")
    assert browse.counts == [("one", 1)]
    (tmp_path / "b.md").unlink()
    browse.update(index, index.refresh(["b.md"]))
    browse.search(index)
    assert (browse.taxonomy, browse.counts, browse.taxonomies) == ("tags", [("x", 1)], ["tags"])
