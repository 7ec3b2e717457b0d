"""The domain never imports Textual or Rich, and the read commands never import Textual:
checked on every module, found by walking the packages (a guard that imports nothing fails)."""

import subprocess
import sys


def _imported_after(code: str) -> dict[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.strip().splitlines())
    return {key: [m for m in value.split(",") if m] for key, value in lines.items()}


def test_the_domain_never_imports_textual_or_rich() -> None:
    found = _imported_after(
        "import sys, pkgutil, importlib, blogtui.domain as d\n"
        "walked = [m.name for m in pkgutil.walk_packages(d.__path__, 'blogtui.domain.')]\n"
        "for name in walked:\n"
        "    importlib.import_module(name)\n"
        "print('walked=' + ','.join(walked))\n"
        "print('ui=' + ','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    assert len(found["walked"]) >= 40, found["walked"]  # the guard guards something
    assert {"blogtui.domain.ops.journal", "blogtui.domain.site.index"} <= set(found["walked"])
    assert found["ui"] == []


def test_the_command_line_never_imports_textual_for_its_commands() -> None:
    found = _imported_after(
        "import sys, pkgutil, importlib, blogtui.cli as c\n"
        "walked = [m.name for m in pkgutil.walk_packages(c.__path__, 'blogtui.cli.')]\n"
        "for name in walked:\n"
        "    importlib.import_module(name)\n"
        "print('walked=' + ','.join(walked))\n"
        "print('ui=' + ','.join(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    assert "blogtui.cli.registry" in found["walked"] and len(found["walked"]) >= 6
    assert found["ui"] == []
