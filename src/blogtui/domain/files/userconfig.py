"""One person's settings: `$XDG_CONFIG_HOME/blogtui/config.toml` (else
`~/.config/blogtui/config.toml`). The team's shared settings stay in the site's `.blogtui.toml`.

    theme = "nord"            # saved when one is picked in the palette
    editor = "hx"             # before $VISUAL and $EDITOR

    [keys]                    # binding ids (see `?`) to keys, as Textual names them
    search = "f"
    quit = "ctrl+q"

A bad value is one warning naming the file and line, and the rest still applies: the app
always starts. Saving the theme edits the file losslessly (its comments and order stay).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import atomic_write, create_new, read_bytes
from blogtui.domain.formats import tomlread

KNOWN = ("theme", "editor", "keys")
_KEY_NAME = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*[A-Za-z0-9_]+$|^[^\s,]$")
"""A key as Textual names it: `f`, `F2`, `ctrl+q`, `question_mark`, or one printable character."""


@dataclass
class UserConfig:
    theme: str | None = None
    editor: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s), as written (checked against the app's bindings by the app)."""
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None


def config_path(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "blogtui" / "config.toml"


def load_user_config(path: Path | None = None) -> UserConfig:
    """The settings in force (defaults, with a warning, for what cannot be used)."""
    path = path or config_path()
    config = UserConfig(path=path)
    try:
        text = read_bytes(path, limit=256 * 1024).decode("utf-8")
    except PostReadError as exc:
        if path.exists() or path.is_symlink():
            config.warnings.append(f"{path}: {exc}; using the defaults")
        return config
    except UnicodeDecodeError:
        config.warnings.append(f"{path}: not UTF-8 text; using the defaults")
        return config
    try:
        data = tomlread.loads(text)
    except tomlread.TomlError as exc:
        config.warnings.append(f"{path}: {exc}; using the defaults")
        return config
    for key, value in data.items():
        where = f"{path}:{_line_of(text, key)}"
        if key not in KNOWN:
            config.warnings.append(f"{where}: unknown setting {key!r} (ignored)")
        elif key in ("theme", "editor"):
            if isinstance(value, str) and value.strip():
                setattr(config, key, value.strip())
            else:
                config.warnings.append(f"{where}: {key} must be a name in quotes (ignored)")
        elif not isinstance(value, dict):
            config.warnings.append(f'{where}: [keys] must be a table of id = "key" (ignored)')
        else:
            for name, keys in value.items():
                spot = f"{path}:{_line_of(text, name)}"
                if not isinstance(keys, str) or not all(
                    _KEY_NAME.match(part.strip()) for part in keys.split(",")
                ):
                    config.warnings.append(f"{spot}: keys.{name}: {keys!r} is not a key (ignored)")
                    continue
                config.keys[name] = ",".join(part.strip() for part in keys.split(","))
    return config


def save_theme(theme: str, path: Path | None = None) -> None:
    """Keep the theme picked in the palette: the file's other lines are left as they are."""
    import tomlkit  # the editing path only

    path = path or config_path()
    try:
        raw = read_bytes(path, limit=256 * 1024)
    except PostReadError:
        raw = None
    if raw is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        create_new(path, f'theme = "{_escaped(theme)}"\n'.encode())
        return
    document = tomlkit.parse(raw.decode("utf-8"))
    document["theme"] = theme
    atomic_write(path, tomlkit.dumps(document).encode("utf-8"), raw)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"(?m)^\s*\"?{re.escape(key)}\"?\s*[=\]]|^\s*\[{re.escape(key)}\]", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
