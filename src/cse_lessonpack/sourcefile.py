"""Reading YAML and front-matter files so that every value keeps the line it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ContentError, Problem, display_path

Location = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 2_000_000  # far above any real lesson file; stops a runaway file early
# Yes and no as people type them in quotes, and the true or false they mean.
_YES_NO = {w: "true" for w in ("yes", "y", "true", "on", "1")} | {
    w: "false" for w in ("no", "n", "false", "off", "0")
}


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text of one file, with where it came from and the line its first line is on."""

    path: Path
    text: str
    first_line: int = 1


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    data: Any
    lines: dict[Location, int]
    source: SourceText

    def line_of(self, loc: Location) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return self.source.first_line


def read_text(path: Path) -> SourceText:
    """Read a UTF-8 text file (a byte-order mark is allowed), or raise a located error."""
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or a pipe: /dev/zero filled memory, a pipe waited for ever.
        raise ContentError.one(path, None, "is not a file (a device or a pipe?); give a text file")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # no more than that, whatever the file says
    except OSError as exc:
        raise ContentError.one(path, None, f"cannot read file ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError.one(
            path, None, f"file is too large ({path.stat().st_size:,} bytes; expected at most 2 MB)"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError.one(path, 1, "file is UTF-16; expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError.one(
            path,
            line,
            f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        ) from None
    return SourceText(path, text.replace("\r\n", "\n").replace("\r", "\n"))


# LibYAML's parser (bundled with PyYAML's wheels) is several times faster than the pure-Python one.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """A safe loader that refuses duplicated keys instead of silently keeping the last one."""


def _construct_mapping(
    loader: _Loader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicated key '{key}' (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=deep)
    return mapping


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
# Dates stay text so that a date written as 2026-11-28 and one written as "28 Nov" are both checked
# by the schema, which names the field; PyYAML would otherwise raise on impossible dates itself.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_aliases(source: SourceText) -> None:
    """Content never needs YAML aliases, and nested ones can make a tiny file expand to billions
    of values ("billion laughs"), so any alias is refused where it is written."""
    if "*" not in source.text:
        return
    for event in yaml.parse(source.text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise ContentError.one(
                source.path,
                event.start_mark.line + source.first_line
                if event.start_mark
                else source.first_line,
                f"invalid YAML: aliases (*{event.anchor}) are not allowed; "
                "write the value out in full",
            )


def _walk(root: yaml.Node, first_line: int, out: dict[Location, int]) -> None:
    # With a stack, not recursion: LibYAML reads lists nested up to 1,000 deep, more than
    # Python's recursion limit allows a recursive walk.
    stack: list[tuple[yaml.Node, Location, int]] = [(root, (), root.start_mark.line)]
    while stack:
        node, loc, line = stack.pop()
        out[loc] = line + first_line
        if isinstance(node, yaml.MappingNode):
            # A key's own line is more useful than its value's when that starts on the next line.
            stack.extend(
                (value_node, (*loc, key_node.value), key_node.start_mark.line)
                for key_node, value_node in node.value
            )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(
                (item, (*loc, index), item.start_mark.line) for index, item in enumerate(node.value)
            )


_INDENTATION_PROBLEMS: Final = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed in this context",
    "expected <block end>",
)


def parse_yaml(source: SourceText) -> LoadedYaml:
    """Parse YAML text, keeping a line for every key and list item."""
    loader = _Loader(source.text)
    try:
        _refuse_aliases(source)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + source.first_line if mark else source.first_line
        problem = exc.problem or exc.context or "cannot be read"
        if problem.startswith(_INDENTATION_PROBLEMS):
            # PyYAML's words for a line indented wrongly (it stops on that line or the next).
            problem += (
                "; check the indentation of this line and the one above: keys at one level "
                "line up under each other, and each list item starts with '- '"
            )
        raise ContentError.one(source.path, line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        # A character YAML refuses (a control character, say): point at its line.
        line = source.text[: exc.position].count("\n") + source.first_line
        raise ContentError.one(
            source.path, line, f"invalid YAML: character U+{exc.character:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "cannot be read"
        raise ContentError.one(source.path, source.first_line, f"invalid YAML: {first}") from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _walk(node, source.first_line, lines)
    return LoadedYaml(data, lines, source)


@dataclass(frozen=True, slots=True)
class FrontMatterFile:
    front: LoadedYaml
    body: SourceText


def split_front_matter(source: SourceText) -> FrontMatterFile:
    """Split a Markdown file into its YAML front matter and its body."""
    lines = source.text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError.one(
            source.path, 1, "expected YAML front matter starting with a line '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = SourceText(source.path, "\n".join(lines[1:index]), first_line=2)
            body = SourceText(source.path, "\n".join(lines[index + 1 :]), first_line=index + 2)
            return FrontMatterFile(parse_yaml(front), body)
    raise ContentError.one(
        source.path, 1, "front matter is not closed: expected a second line '---'"
    )


def _describe(value: Any) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }
    return names.get(type(value), type(value).__name__)


def _loc_text(loc: Location) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def explain(item: Any, unknown: str) -> tuple[Location, str]:
    """Where a pydantic error is and what it means in plain words: (location, message)."""
    loc: Location = tuple(p for p in item["loc"] if isinstance(p, str | int))
    kind = item["type"]
    value = item.get("input")
    bounds = item.get("ctx", {})
    if kind == "missing":
        return loc, f"missing required field '{loc[-1] if loc else '?'}'"
    if kind == "extra_forbidden":
        return loc, unknown
    if kind == "string_type":
        return loc, f"expected text, got {_describe(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        # "50" in quotes is text to TOML and YAML: say how to write the number itself.
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            bare = value.strip()
            return loc, f"expected a whole number, got {value!r} (write it without quotes: {bare})"
        if isinstance(value, str) and not re.search(r"\d", value):  # "fifty"
            return loc, f"expected a whole number, got {value!r} (write it in digits)"
        unit = re.fullmatch(r"\s*(\d+)\s*(mins?|minutes?|hours?|hrs?)\.?\s*", str(value).lower())
        if unit:  # "50 mins", "1 hour": a lesson length, in minutes
            minutes = int(unit[1]) * (60 if unit[2].startswith("h") else 1)
            return (
                loc,
                f"expected a whole number, got {value!r} (write the minutes alone: {minutes})",
            )
        return loc, f"expected a whole number, got {value!r}"
    if kind in {"bool_type", "bool_parsing"}:
        if isinstance(value, str) and value.strip().lower() in _YES_NO:
            word = _YES_NO[value.strip().lower()]
            return loc, f"expected true or false, got {value!r} (write {word}, without quotes)"
        return loc, f"expected true or false, got {value!r}"
    if kind in {"float_type", "float_parsing"}:
        return loc, f"expected a number, got {value!r}"
    if kind == "list_type":
        return loc, f"expected a list, got {_describe(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return loc, f"expected a mapping of fields, got {_describe(value)}"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return loc, f"expected a date written YYYY-MM-DD, got {value!r}"
    if kind in {"literal_error", "enum"}:
        return loc, f"expected {bounds.get('expected', '')}, got {value!r}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        words = {
            "greater_than_equal": ("at least", "ge"),
            "less_than_equal": ("at most", "le"),
            "greater_than": ("more than", "gt"),
            "less_than": ("less than", "lt"),
        }[kind]
        # A length of time says its unit: "at most 120, got 200" read as a bare figure.
        in_minutes = " minutes" if loc and str(loc[-1]).endswith("minutes") else ""
        return loc, f"expected {words[0]} {bounds.get(words[1])}{in_minutes}, got {value!r}"
    if kind in {"too_short", "too_long"}:
        limit = bounds.get("min_length" if kind == "too_short" else "max_length")
        size = "at least" if kind == "too_short" else "at most"
        plural = "s" if limit != 1 else ""
        return loc, f"expected {size} {limit} item{plural}, got {bounds.get('actual_length')}"
    if kind == "string_too_long":
        return loc, f"expected at most {bounds.get('max_length')} characters, got {len(str(value))}"
    message = str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return loc, message


def validation_problems(error: ValidationError, loaded: LoadedYaml) -> list[Problem]:
    """Turn pydantic's errors into ``path:line: field: message`` problems a person can act on."""
    problems = []
    for item in error.errors(include_url=False):
        loc, message = explain(
            item, "unknown field (check the spelling; see the README's content format)"
        )
        where = loc[:-1] if item["type"] == "missing" else loc
        line = loaded.line_of(where if item["type"] == "missing" else loc)
        label = _loc_text(where)
        text = f"{label}: {message}" if label else message
        problems.append(Problem(display_path(loaded.source.path), line, text))
    return problems


def validate_as(model: type[M], loaded: LoadedYaml) -> M:
    """Validate parsed YAML against a schema model, raising every problem with its line."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ContentError(validation_problems(exc, loaded)) from None
