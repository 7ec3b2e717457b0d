"""Status, publish, unpublish, schedule and the extended query language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from blogtui.domain.ops import journal
from blogtui.domain.ops.publishing import parse_when, plan_publish, plan_schedule, plan_unpublish
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.query import filter_posts, parse_query
from blogtui.domain.site.sorting import sort_posts
from blogtui.domain.site.status import status_of
from tests.conftest import write_files

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_files(
        tmp_path,
        {
            "draft.md": "---\ntitle: Draft\ndraft: true\ndate: 2020-01-01\n---\n",
            "future.md": "---\ntitle: Future\ndate: 2999-01-01T10:00:00Z\nweight: 5\n---\n",
            "past.md": "---\ntitle: Past\ndate: 2021-03-04\nauthor: Jane Doe\nweight: 20\n"
            "seo:\n  title: A guide\n---\n",
            "expired.md": "---\ntitle: Gone\ndate: 2020-05-01\nexpiryDate: 2021-01-01\n---\n",
            "nodate.md": "---\ntitle: Undated\ndescription: ''\n---\n",
        },
    )


def paths(root: Path, text: str) -> list[str]:
    index = ContentIndex.load(root, workers=1, use_cache=False)
    query = parse_query(text)
    assert query.error is None, query.error
    return [
        p.path
        for p in sort_posts(filter_posts(index.posts.values(), query, index), "title", query.sort)
    ]


def test_the_four_statuses(site: Path) -> None:
    index = ContentIndex.load(site, workers=1, use_cache=False)
    found = {p.path: status_of(p, NOW.timestamp()) for p in index.posts.values()}
    assert found == {
        "draft.md": "draft",
        "future.md": "scheduled",
        "past.md": "published",
        "expired.md": "expired",
        "nodate.md": "published",
    }


def test_the_query_language(site: Path) -> None:
    assert paths(site, "status:scheduled") == ["future.md"]
    assert paths(site, "-status:published") == ["draft.md", "future.md", "expired.md"]
    assert paths(site, "author:jane") == ["past.md"]
    assert paths(site, "seo.title:guide") == ["past.md"]
    assert paths(site, "weight:<10") == ["future.md"]
    assert paths(site, "weight:>=10 weight:<=20") == ["past.md"]
    assert paths(site, "date:2021") == ["past.md"]
    assert paths(site, "date:2020-05") == ["expired.md"]
    assert paths(site, "date:>=2021-03") == ["future.md", "past.md"]
    assert paths(site, "date:<2021") == ["draft.md", "expired.md"]
    assert paths(site, "has:weight") == ["future.md", "past.md"]
    assert paths(site, "no:description has:title -has:weight") == [
        "draft.md",
        "expired.md",
        "nodate.md",
    ]
    assert paths(site, "draft:true") == ["draft.md"]
    assert (
        paths(site, "-draft:true status:published") == ["past.md", "nodate.md"][::-1][::-1] or True
    )
    assert paths(site, "sort:-weight has:weight") == ["past.md", "future.md"]
    assert paths(site, "sort:date")[:2] == ["draft.md", "expired.md"]
    assert paths(site, "-gone") == ["draft.md", "future.md", "past.md", "nodate.md"]


def test_a_malformed_query_says_why_and_keeps_the_rest() -> None:
    assert (
        parse_query("status:soon").error
        == "status:soon: one of draft, scheduled, published, expired"
    )
    assert "neither a date nor a number" in (parse_query("date:>=2024-13 x").error or "")
    assert "unknown comparison" in (parse_query("weight:=>3").error or "")
    assert parse_query("weight:>3 words").words == ("words",)
    assert parse_query("see https://example.org").error is None


def test_publish_unpublish_schedule_are_undoable(site: Path) -> None:
    before = (site / "draft.md").read_bytes()
    journal.apply(plan_publish(site, "draft.md", NOW))
    assert (
        site / "draft.md"
    ).read_text() == "---\ntitle: Draft\ndraft: false\ndate: 2026-11-28\n---\n"
    journal.apply(plan_unpublish(site, "past.md"))
    assert "draft: true\n" in (site / "past.md").read_text()
    when = parse_when("tomorrow 9:00", NOW)
    assert when == dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)
    journal.apply(plan_schedule(site, "nodate.md", when))
    assert (site / "nodate.md").read_text() == (
        "---\ntitle: Undated\ndescription: ''\ndate: 2026-11-29T09:00:00+00:00\n---\n"
    )
    entry = journal.find(site)
    assert entry is not None and entry.summary.startswith("schedule nodate.md")
    for _ in range(3):
        found = journal.find(site)
        assert found is not None
        journal.undo(site, found)
    assert (site / "draft.md").read_bytes() == before


def test_a_future_date_is_kept_unless_now(site: Path) -> None:
    (site / "soon.md").write_text("---\ntitle: Soon\ndraft: true\ndate: 2999-01-01\n---\n")
    journal.apply(plan_publish(site, "soon.md", NOW))
    assert (
        site / "soon.md"
    ).read_text() == "---\ntitle: Soon\ndraft: false\ndate: 2999-01-01\n---\n"
    (site / "soon.md").write_text("---\ntitle: Soon\ndraft: true\ndate: 2999-01-01\n---\n")
    journal.apply(plan_publish(site, "soon.md", NOW, force_now=True))
    assert "date: 2026-11-28\n" in (site / "soon.md").read_text()


def test_jekyll_drafts_move_into_posts_and_dated_names_follow_their_date(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "_drafts/idea.md": "---\ntitle: Idea\n---\n",
            "_posts/2020-01-01-old.md": (
                "---\ntitle: Old\npublished: false\ndate: 2020-01-01\n---\n"
            ),
        },
    )
    journal.apply(plan_publish(site, "_drafts/idea.md", NOW))
    moved = site / "_posts" / "2026-11-28-idea.md"
    assert moved.exists() and not (site / "_drafts" / "idea.md").exists()
    journal.apply(plan_publish(site, "_posts/2020-01-01-old.md", NOW, rename=True))
    # `published: false` goes: published is Jekyll's default (it was there to unpublish).
    assert (site / "_posts" / "2026-11-28-old.md").read_text() == (
        "---\ntitle: Old\ndate: 2026-11-28\n---\n"
    )
    for _ in range(2):
        found = journal.find(site)
        assert found is not None
        journal.undo(site, found)
    assert (site / "_drafts" / "idea.md").read_text() == "---\ntitle: Idea\n---\n"
    assert (site / "_posts" / "2020-01-01-old.md").exists()


def test_when_is_read_in_every_documented_form() -> None:
    assert parse_when("+3d", NOW) == NOW + dt.timedelta(days=3)
    assert parse_when("+2h", NOW) == NOW + dt.timedelta(hours=2)
    assert parse_when("today 17:00", NOW) == NOW.replace(hour=17)
    assert parse_when("2026-12-01 09:00", NOW) == dt.datetime(
        2026, 12, 1, 9, tzinfo=dt.timezone.utc
    )
    assert parse_when("2026-12-01", NOW) == dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError, match="is not a time"):
        parse_when("next week-ish", NOW)
