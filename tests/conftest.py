from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

CI = bool(os.environ.get("CI"))
# Under CI: derandomized (a failure reproduces on the next run) and printed with its blob.
settings.register_profile("ci", derandomize=True, print_blob=True)
if CI:
    settings.load_profile("ci")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `serial` (they fork, kill, mount or time a terminal) all go to one xdist
    worker, one after another: beside each other they would measure each other's load."""
    for item in items:
        if item.get_closest_marker("serial") is not None:
            item.add_marker(pytest.mark.xdist_group("serial"))


def examples(base: int) -> int:
    """Hypothesis examples for a property: four times as many under CI, a quarter under
    mutation testing (each surviving mutant runs every test that reaches its code)."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        return max(base // 4, 25)
    return base * 4 if CI else base


REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
CONTENT = REPO / "content"
CORPUS = DATA / "corpus"
"""Real posts of eight public MIT-licensed sites, byte for byte (provenance and licenses inside)."""


@pytest.fixture
def tricky(tmp_path: Path) -> Path:
    """A copy of the hand-made tricky posts (CRLF, BOM, TOML, broken, ...)."""
    target = tmp_path / "tricky"
    shutil.copytree(DATA / "tricky", target)
    return target


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the sample content folder (with its Decap config)."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's real cache, nor their config."""
    monkeypatch.setenv("BLOGTUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Create these files (relative path -> text) under `root`, folders included; `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` (failing the test if it fails); its stdout."""
    import subprocess

    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def init_repo(top: Path) -> Path:
    """A git repository at `top` with everything in it committed, as an author would have."""
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "author@example.org")
    git(top, "config", "user.name", "An Author")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "init")
    return top
