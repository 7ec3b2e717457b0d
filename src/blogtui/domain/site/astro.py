"""Astro's content collections, read from `src/content.config.ts` (Astro 5's content layer) or
`src/content/config.ts` (Astro 2-4), without running any JavaScript.

    const post = defineCollection({
      loader: glob({ base: "./content/posts", pattern: "**/*.{md,mdx}" }),
      schema: baseSchema.extend({ description: z.string(), draft: z.boolean().default(false) }),
    });
    export const collections = { post, note };

What is read: each collection's name, its `base` and `pattern` (a collection with no glob
loader lives in `src/content/<name>/`), and the top-level fields of its zod schema with their
types. A field is required unless `.optional()`, `.default(...)`, `.nullish()` or
`.nullable()` follow it. Schemas built by `z.object({...})`, `NAME.extend({...})`, a schema
function `({ image }) => ...`, and constants defined in the file are followed; anything else is
left out (the form then infers those fields from the posts, as for any site).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILES = tuple(
    f"src/{name}.{ext}"
    for name in ("content.config", "content/config")
    for ext in ("ts", "mjs", "js")
)
MAX_CONFIG = 512 * 1024


@dataclass(frozen=True)
class AstroField:
    name: str
    widget: str
    """string, text, boolean, datetime, number, list, select, image, object."""
    required: bool
    options: tuple[str, ...] = ()
    default: object = None
    has_default: bool = False


@dataclass(frozen=True)
class AstroCollection:
    name: str
    base: str
    """The folder of its entries, relative to the site root."""
    pattern: str
    fields: tuple[AstroField, ...]


def config_file(root: Path) -> Path | None:
    return next((root / name for name in CONFIG_FILES if (root / name).is_file()), None)


def read_collections(root: Path) -> tuple[AstroCollection, ...]:
    """The collections the site's content config declares ((): none found or unreadable)."""
    path = config_file(root)
    if path is None:
        return ()
    try:
        with open(path, "rb") as handle:
            source = _without_comments(handle.read(MAX_CONFIG).decode("utf-8", "replace"))
    except OSError:
        return ()
    constants = _constants(source)
    found = []
    legacy = path.parent.name == "content"  # src/content/config.ts: entries in src/content/NAME
    for name, body in _collections(source, constants):
        glob = re.search(r"\bglob\s*\(", body)
        base, pattern = f"src/content/{name}", "**/*.{md,mdx}"
        if glob is not None:
            args = _balanced(body, glob.end() - 1)
            base = _string_value(args, "base") or "."
            pattern = _string_value(args, "pattern") or pattern
            base = base.removeprefix("./").strip("/") or "."
        elif not legacy and re.search(r"\bloader\s*:", body):
            continue  # another loader (a file, an API): no Markdown files of ours
        schema = _schema_of(body, constants)
        found.append(AstroCollection(name, base, pattern, _fields(schema, constants)))
    return tuple(found)


def _without_comments(source: str) -> str:
    """The source with `//` and `/* */` comments blanked; strings (a glob's `**/*`, a URL's
    `//`) kept as they are."""
    out: list[str] = []
    position, length = 0, len(source)
    while position < length:
        char = source[position]
        if char in "\"'`":
            end = source.find(char, position + 1)
            while end > 0 and source[end - 1] == "\\":
                end = source.find(char, end + 1)
            end = length - 1 if end < 0 else end
            out.append(source[position : end + 1])
            position = end + 1
        elif source.startswith("//", position):
            end = source.find("\n", position)
            position = length if end < 0 else end
        elif source.startswith("/*", position):
            end = source.find("*/", position + 2)
            position = length if end < 0 else end + 2
            out.append(" ")
        else:
            out.append(char)
            position += 1
    return "".join(out)


def _balanced(source: str, start: int) -> str:
    """The text inside the bracket at `start` (its pair found, strings skipped)."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack = [pairs[source[start]]]
    position = start + 1
    while position < len(source) and stack:
        char = source[position]
        if char in "\"'`":
            end = source.find(char, position + 1)
            position = len(source) if end < 0 else end
        elif char in pairs:
            stack.append(pairs[char])
        elif char == stack[-1]:
            stack.pop()
        position += 1
    return source[start + 1 : position - 1]


def _constants(source: str) -> dict[str, str]:
    """`const NAME = EXPRESSION;` (to the end of its brackets), by name."""
    found = {}
    for match in re.finditer(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*", source):
        found[match.group(1)] = _expression(source, match.end())
    return found


def _expression(source: str, start: int) -> str:
    position = start
    while position < len(source):
        char = source[position]
        if char in "({[":
            position += len(_balanced(source, position)) + 2
            continue
        if char in "\"'`":
            end = source.find(char, position + 1)
            position = len(source) if end < 0 else end + 1
            continue
        if char == ";" or (char == "\n" and not source[position:].lstrip().startswith(".")):
            break
        position += 1
    return source[start:position].strip()


def _collections(source: str, constants: dict[str, str]) -> list[tuple[str, str]]:
    exported = re.search(r"\bcollections\s*=\s*\{", source)
    if exported is None:
        return []
    found = []
    for entry in _split(_balanced(source, exported.end() - 1)):
        key, _, value = entry.partition(":")
        name = key.strip().strip("\"'")
        value = value.strip() or name
        body = constants.get(value, value)
        call = re.search(r"defineCollection\s*\(", body)
        if name and call is not None:
            found.append((name, _balanced(body, call.end() - 1)))
    return found


def _split(text: str) -> list[str]:
    """Top-level comma-separated parts."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def _string_value(args: str, key: str) -> str | None:
    match = re.search(rf"""\b{key}\s*:\s*(["'`])(.*?)\1""", args)
    return match.group(2) if match else None


def _schema_of(body: str, constants: dict[str, str]) -> str:
    match = re.search(r"\bschema\s*:\s*", body)
    if match is None:
        return ""
    expression = _expression(body.replace("\n", " ") + "\n", match.end()).rstrip(",")
    arrow = re.match(r"\(\s*\{[^}]*\}\s*\)\s*=>\s*", expression)
    return expression[arrow.end() :] if arrow else expression


def _fields(schema: str, constants: dict[str, str], depth: int = 0) -> tuple[AstroField, ...]:
    """The fields of `z.object({...})`, `NAME.extend({...})` or a constant naming one."""
    schema = schema.strip()
    if depth > 8 or not schema:
        return ()
    head = re.match(r"([A-Za-z_$][\w$.]*)", schema)
    if head is None:
        return ()
    fields: dict[str, AstroField] = {}
    name = head.group(1)
    if name in ("z.object", "z.strictObject"):
        brace = schema.find("{")
        if brace >= 0:
            fields.update(_object_fields(_balanced(schema, brace), constants))
    elif name.split(".")[0] in constants:
        base = name.split(".")[0]
        fields.update({f.name: f for f in _fields(constants[base], constants, depth + 1)})
    for extend in re.finditer(r"\.extend\s*\(\s*\{", schema):
        fields.update(_object_fields(_balanced(schema, extend.end() - 1), constants))
    return tuple(fields.values())


def _object_fields(body: str, constants: dict[str, str]) -> dict[str, AstroField]:
    found = {}
    for entry in _split(body):
        key, colon, value = entry.partition(":")
        if not colon:
            continue
        name = key.strip().strip("\"'")
        if re.fullmatch(r"[\w$-]+", name):
            found[name] = _field(name, re.sub(r"\s*\.\s*", ".", " ".join(value.split())), constants)
    return found


def _field(name: str, value: str, constants: dict[str, str]) -> AstroField:
    head = value.split("(", 1)[0].strip()
    resolved = constants.get(head, "")
    kind = (resolved or value).split("(", 1)[0].strip()
    optional = bool(re.search(r"\.(optional|nullish|nullable)\s*\(", value))
    default = re.search(r"\.default\s*\(\s*([^()]*)\)", value)
    widget = _WIDGETS.get(kind.removeprefix("z."), "string")
    if widget != "object" and (kind == "image" or "image()" in value):
        widget = "image"
    options: tuple[str, ...] = ()
    if kind in ("z.enum",):
        options = tuple(re.findall(r"""["'`]([^"'`]*)["'`]""", value.split(")", 1)[0]))
        widget = "select"
    if "z.coerce.date" in value or ("z.date" in value and widget == "string"):
        widget = "datetime"
    value_default = default.group(1).strip() if default else None
    return AstroField(
        name,
        widget,
        required=not optional and default is None,
        options=options,
        default=_literal(value_default),
        has_default=default is not None,
    )


_WIDGETS = {
    "string": "string",
    "boolean": "boolean",
    "date": "datetime",
    "coerce.date": "datetime",
    "number": "number",
    "coerce.number": "number",
    "array": "list",
    "object": "object",
    "enum": "select",
    "iso.datetime": "datetime",
    "string().datetime": "datetime",
}


def _literal(text: str | None) -> object:
    if text is None:
        return None
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    quoted = re.fullmatch(r"""(["'`])(.*)\1""", text)
    if quoted:
        return quoted.group(2)
    if text == "[]":
        return []
    return None
