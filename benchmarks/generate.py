"""Generate a content folder of N posts of about 3 KB, in the Decap blog-post shape."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "static",
    "site",
    "markdown",
    "terminal",
    "editor",
    "frontmatter",
    "yaml",
    "toml",
    "post",
    "draft",
    "tag",
    "index",
    "query",
    "preview",
    "render",
    "keyboard",
    "folder",
    "watch",
    "benchmark",
    "cache",
    "parse",
    "lossless",
    "atomic",
    "rename",
    "title",
    "date",
    "description",
    "feature",
    "image",
    "schema",
    "collection",
    "config",
    "hugo",
    "jekyll",
    "eleventy",
    "astro",
    "decap",
]
TAGS = [f"tag{n}" for n in range(60)] + ["news", "static sites", "python", "café"]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


MIXES = ("plain", "real", "web")
"""`plain`: every post in the simplest Decap shape (all take the fast YAML path). `real`: the
mix real sites have: flow lists, quoted values, comments, folded scalars and TOML posts. `web`:
plain posts that link to each other (relative, by URL, by Hugo `ref`; every 20th links to post
0, which has 500 inbound links), with images, a French translation of every 10th post, and
images no post uses."""


def post_text(rng: random.Random, number: int, body_bytes: int = 2600, mix: str = "plain") -> str:
    tags = rng.sample(TAGS, rng.randint(1, 4))
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    year = 2010 + (number // 336) % 16
    shape = number % 20 if mix == "real" else 0
    if shape >= 17:  # 15 %: Hugo TOML
        return _toml_post(rng, number, tags, f"{year:04d}-{month:02d}-{day:02d}", body_bytes)
    lines = [
        "---",
        "templateKey: blog-post",
        f"title: Post number {number} about {rng.choice(WORDS)} and {rng.choice(WORDS)}",
        f"date: {year:04d}-{month:02d}-{day:02d}T{number % 24:02d}:04:10.000Z",
        f"description: {_paragraph(rng, 18)}",
        f"featuredpost: {'true' if number % 17 == 0 else 'false'}",
        "featuredimage: /img/chemex.jpg",
    ]
    if number % 23 == 0:
        lines.append("draft: true")
    if 8 <= shape < 12:  # 20 %: quoted values and flow lists
        lines[2] = f'title: "Post number {number}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"'
        lines.append("tags: [" + ", ".join(f'"{tag}"' for tag in tags) + "]")
    else:
        lines.append("tags:")
        lines += [f"  - {tag}" if " " not in tag else f'  - "{tag}"' for tag in tags]
    if 12 <= shape < 15:  # 15 %: comments
        lines.insert(1, "# written by hand")
        lines[lines.index("featuredimage: /img/chemex.jpg")] += "  # the cover"
    if 15 <= shape < 17:  # 10 %: a folded block scalar
        at = next(i for i, line in enumerate(lines) if line.startswith("description:"))
        lines[at : at + 1] = [
            "description: >-",
            f"  {_paragraph(rng, 9)}",
            f"  {_paragraph(rng, 9)}",
        ]
    lines += ["---", ""]
    return "\n".join(lines) + _body(rng, body_bytes)


def _links(rng: random.Random, number: int, count: int) -> str:
    """Links to three other posts, each in another form, and an image."""

    def where(other: int) -> tuple[str, str]:
        return f"{other // 1000:03d}", f"post-{other:06d}"

    folder, name = where(0 if number % 20 == 1 else rng.randrange(count))
    url_folder, url_name = where(rng.randrange(count))
    ref_name = where(rng.randrange(count))[1]
    return (
        f"\nSee [the other post](../{folder}/{name}.md), "
        f"[this one](/posts/{url_folder}/{url_name}/)"
        f' and {{{{< ref "{ref_name}" >}}}}.\n\n![a cup](/img/chemex.jpg)\n'
    )


def _toml_post(rng: random.Random, number: int, tags: list[str], day: str, size: int) -> str:
    lines = [
        "+++",
        f'title = "Post number {number} about {rng.choice(WORDS)}"',
        f"date = {day}T10:04:10Z",
        f'description = "{_paragraph(rng, 18)}"',
        "tags = [" + ", ".join(f'"{tag}"' for tag in tags) + "]",
        "+++",
        "",
    ]
    return "\n".join(lines) + _body(rng, size)


def _body(rng: random.Random, body_bytes: int) -> str:
    body: list[str] = []
    while sum(len(part) + 2 for part in body) < body_bytes:
        if rng.random() < 0.15:
            body.append(f"## {_paragraph(rng, 4)}")
        elif rng.random() < 0.1:
            body.append("```python\nprint('hello')\n```")
        else:
            body.append(_paragraph(rng, rng.randint(20, 60)))
    return "\n\n".join(body) + "\n"


def generate(root: Path, count: int, seed: int = 7, mix: str = "plain") -> Path:
    """`root/content/posts/...` with `count` posts and a minimal Hugo `config.toml` beside it."""
    content = root / "content"
    marker = root / f".generated-{count}-{seed}-{mix}"
    if marker.exists():
        return content
    rng = random.Random(seed)
    for number in range(count):
        folder = content / "posts" / f"{number // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = post_text(rng, number, mix=mix)
        if mix == "web":
            text += _links(rng, number, count)
            if number % 10 == 0:
                translated = text.replace("title: Post", "title: Billet", 1)
                (folder / f"post-{number:06d}.fr.md").write_text(translated, encoding="utf-8")
        (folder / f"post-{number:06d}.md").write_text(text, encoding="utf-8")
    config = 'baseURL = "https://example.org/"\ntitle = "bench"\n'
    if mix == "web":
        config += "[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n"
        images = root / "static" / "img"
        images.mkdir(parents=True, exist_ok=True)
        for name in ["chemex.jpg", *(f"unused-{n}.png" for n in range(20))]:
            (images / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "config.toml").write_text(config)
    marker.write_text("")
    return content


OUT = Path(__file__).resolve().parent / "out"


def bench_arguments(description: str | None, runs: int) -> argparse.ArgumentParser:
    """The options every benchmark takes: --posts, --runs, --out (add your own, then
    `site_of` the parsed arguments)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--out", type=Path, default=OUT)
    return parser


def site_of(args: argparse.Namespace) -> Path:
    """The generated site's content folder for these arguments (made once, then reused)."""
    return generate(args.out / f"site-{args.posts}", args.posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--mix", choices=MIXES, default="plain")
    args = parser.parse_args()
    print(generate(args.root, args.posts, mix=args.mix))


if __name__ == "__main__":
    main()
