#!/usr/bin/env bash
# Mutation testing of the save and edit path (the modules listed under [tool.mutmut] in
# pyproject.toml): each mutant is a small bug put into the code; the tests must fail for it.
# Takes tens of minutes on 2 cores. Results stay in mutants/ (git-ignored); `mutmut results`
# lists the survivors, `mutmut show NAME` shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q 'mutmut==3.8.1'
mutmut run "$@" || true
mutmut results | awk '{print $NF}' | sort | uniq -c
