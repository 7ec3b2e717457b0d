"""Two people edit different fields of the same real posts: how do the merges come out?

python benchmarks/merge_trial.py FOLDER [FOLDER...] [--limit 400]

For each post that has a title: "ours" changes the title, "theirs" changes (or adds) the
description and adds a tag. The merge driver's result is compared byte for byte with the two
edits made one after the other on one copy, and git's own line merge is counted beside it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from blogtui.domain.files.gitstatus import merge_file
from blogtui.domain.files.postfiles import is_post_name
from blogtui.domain.formats.document import FrontmatterError, parse_matter, split
from blogtui.domain.ops.edit import EditError, LoadedPost, edit_fields, verify
from blogtui.domain.ops.merge import merge_post


def _edited(raw: bytes, changes: dict[tuple[str, ...], object]) -> bytes:
    doc = split(raw.decode("utf-8"))
    post = LoadedPost(Path("post.md"), raw, doc, parse_matter(doc))
    done, _ = verify(post, edit_fields(post, changes))
    return done.text.encode("utf-8")


def _tags_key(metadata: dict[str, object]) -> str:
    return next((k for k in ("tags", "categories") if isinstance(metadata.get(k), list)), "tags")


def trial(path: Path, outcomes: Counter[str]) -> None:
    raw = path.read_bytes()
    try:
        doc = split(raw.decode("utf-8"))
        metadata = parse_matter(doc)
    except (UnicodeDecodeError, FrontmatterError):
        outcomes["skipped: does not parse"] += 1
        return
    if doc.kind not in ("yaml", "toml", "json") or not isinstance(metadata.get("title"), str):
        outcomes["skipped: no title"] += 1
        return
    key = _tags_key(metadata)
    terms = metadata.get(key)
    tags = [*terms, "merged-in"] if isinstance(terms, list) else ["merged-in"]
    mine = {("title",): f"{metadata['title']} (ours)"}
    theirs = {("description",): "Their new description", (key,): tags}
    try:
        ours_raw = _edited(raw, mine)
        theirs_raw = _edited(raw, theirs)
        both = _edited(ours_raw, theirs)
    except (EditError, FrontmatterError, ValueError):
        outcomes["skipped: not editable"] += 1
        return
    outcomes["posts"] += 1
    _, git_conflicts = merge_file(*(r.decode("utf-8") for r in (raw, ours_raw, theirs_raw)))
    outcomes["git's line merge: conflicts" if git_conflicts else "git's line merge: clean"] += 1
    merged = merge_post(raw, ours_raw, theirs_raw, merge_file)
    if merged is None:
        outcomes["driver: whole-file fallback"] += 1
    elif merged.conflicts:
        outcomes["driver: conflicts"] += 1
    elif merged.text.encode("utf-8") == both:
        outcomes["driver: clean, same bytes as both edits in turn"] += 1
    else:
        back = parse_matter(split(merged.text))
        expected = parse_matter(split(both.decode("utf-8")))
        same = back == expected
        outcomes[f"driver: clean, other bytes ({'same' if same else 'OTHER'} fields)"] += 1
        if not same:
            print(f"differs: {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=400)
    args = parser.parse_args()
    for folder in args.folders:
        outcomes: Counter[str] = Counter()
        paths = sorted(p for p in folder.rglob("*") if p.is_file() and is_post_name(p.name))
        for path in paths[: args.limit]:
            trial(path, outcomes)
        print(f"\n{folder}")
        for name, count in sorted(outcomes.items()):
            print(f"  {name}: {count}")


if __name__ == "__main__":
    main()
