"""A listing keeps its posts, texts and paths in step through every filter, removal and
placement, with its places made or not: each must give exactly what a loop over the posts
gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.listing import Listing
from blogtui.domain.site.post import Post
from blogtui.domain.site.sorting import sort_posts

WORDS = ("alpha", "beta", "gamma", "delta", "Ünïcode", "日本語")


def site(root: Path, rng: random.Random, count: int) -> ContentIndex:
    for number in range(count):
        title = " ".join(rng.sample(WORDS, 2))
        date = f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        (root / f"p{number:03}.md").write_text(
            f"---\ntitle: {title}\ndate: {date}\n---\nbody\n", encoding="utf-8"
        )
    return ContentIndex.load(root, workers=1, use_cache=False)


def paths(posts: list[Post]) -> list[str]:
    return [post.path for post in posts]


def in_step(listing: Listing) -> None:
    assert listing.texts == [post.text for post in listing.posts]
    assert listing.paths == paths(listing.posts)


@pytest.mark.parametrize("made", [False, True])
def test_every_operation_matches_a_loop_over_the_posts(tmp_path: Path, made: bool) -> None:
    rng = random.Random(int(made))
    index = site(tmp_path, rng, 60)
    posts = sort_posts(index.posts.values(), "newest")
    for round_ in range(30):
        listing = Listing(list(posts))
        if made:
            listing.make()
        word = rng.choice([*WORDS, "p0", "zzz"]).casefold()
        held = listing.holding(word)
        assert paths(held.posts) == [p.path for p in posts if word in p.text]
        in_step(held)
        chosen = set(rng.sample(paths(posts), rng.randint(0, 10))) | {"not/there.md"}
        picked = listing.among(chosen)
        assert paths(picked.posts) == [p.path for p in posts if p.path in chosen]
        in_step(picked)
        kept = listing.without(chosen)
        assert paths(kept.posts) == [p.path for p in posts if p.path not in chosen]
        in_step(kept)
        new = [post for post in index.posts.values() if post.path in chosen]
        placed = kept.placed(new, "newest")
        assert paths(placed.posts) == paths(posts), f"round {round_}"
        in_step(placed)
        placed.make()  # its texts carried over: only its places are made
        in_step(placed)
        assert paths(placed.among(chosen).posts) == paths(picked.posts)
        part = placed.part(5, 20)
        assert paths(part.posts) == paths(posts[5:20])
        in_step(part)
        assert listing.posts == posts  # never changed in place: a result handed out stays
    assert Listing([]).every_holds("x")


def test_a_word_held_by_every_text_gives_the_same_listing(tmp_path: Path) -> None:
    index = site(tmp_path, random.Random(2), 5)
    listing = Listing(list(index.posts.values()))
    assert listing.holding("p0") is listing  # every path holds it: nothing is copied
