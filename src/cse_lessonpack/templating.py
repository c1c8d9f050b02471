"""The jinja2 environment: sandboxed, strict, and every value escaped so text is never markup."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import markdown
from .errors import TemplateError
from .model import Block, Callout, Emphasis, Paragraph, Text
from .typography import unbroken_name


class _Placeholder(str):
    """Template output that is already safe Markdown (a fragment reference), kept as it is."""

    __slots__ = ()


@dataclass
class Fragments:
    """Blocks read from content files, which templates place by reference instead of re-parsing."""

    table: dict[int, tuple[Block, ...]] = field(default_factory=dict)

    def add(self, blocks: tuple[Block, ...], shift: int) -> _Placeholder:
        key = len(self.table) + 1
        self.table[key] = blocks
        return _Placeholder(f"\n\n::: include {key} {shift}\n:::\n\n")


def _finalize(value: Any) -> str:
    if isinstance(value, _Placeholder):
        return value
    if value is None:
        return ""
    return markdown.escape(str(value))


def long_date(value: dt.date) -> str:
    """A date as written in British English: 28 November 2026."""
    return f"{value.day} {value:%B %Y}"


@jinja2.pass_context
def _blocks(context: jinja2.runtime.Context, value: Any, shift: int = 0) -> _Placeholder:
    fragments = context.get("_fragments")
    if not isinstance(fragments, Fragments):
        raise TemplateError("the 'blocks' filter needs the render's fragment table")
    return fragments.add(_prose_blocks(value, "blocks"), shift)


def _prose_blocks(value: Any, name: str) -> tuple[Block, ...]:
    """The blocks of content prose (or of a tuple of blocks) a filter was given."""
    blocks = getattr(value, "blocks", value)
    if not isinstance(blocks, tuple):
        raise TemplateError(f"the '{name}' filter takes content prose, got {type(value).__name__}")
    return blocks


def callouts_titled(value: Any, title: str) -> tuple[Block, ...]:
    """Only the callouts of some prose with this title (a lesson's "In the plenary" note, to
    print beside the plenary rather than pages before it)."""
    blocks = _prose_blocks(value, "callouts_titled")
    return tuple(b for b in blocks if isinstance(b, Callout) and b.title == title)


def without_callouts_titled(value: Any, title: str) -> tuple[Block, ...]:
    """Some prose without its callouts of this title (printed elsewhere: see callouts_titled)."""
    blocks = _prose_blocks(value, "without_callouts_titled")
    return tuple(b for b in blocks if not (isinstance(b, Callout) and b.title == title))


def lead_callouts_titled(value: Any, title: str, lead: str) -> tuple[Block, ...]:
    """Some prose whose callouts of this title open with a paragraph of plain text (a fitted
    lesson's "If time is short" note says first what the pack has already left out)."""
    blocks = _prose_blocks(value, "lead_callouts_titled")
    if not lead:
        return blocks
    opening = Paragraph((Emphasis((Text(lead),)),))
    return tuple(
        Callout(b.kind, b.title, (opening, *b.blocks))
        if isinstance(b, Callout) and b.title == title
        else b
        for b in blocks
    )


def phone(value: str) -> str:
    """A phone number that never breaks across lines: its spaces become no-break spaces."""
    return value.replace(" ", "\u00a0")


_NUMBER_THEN_WORD = re.compile(r"(?<=\d) (?=[a-z])")


def hours(value: str) -> str:
    """Opening hours whose numbers stay with their words ("24 hours", "7 days"): a line ending
    "24" over one starting "hours a day" reads as a different number."""
    return _NUMBER_THEN_WORD.sub("\u00a0", value)


def years(values: list[int]) -> str:
    """Year groups as a reader writes them: "Years 3–6", "Years 1 and 2", "Year 6"."""
    ordered = sorted(set(values))
    if len(ordered) == 1:
        return f"Year {ordered[0]}"
    if len(ordered) == 2:
        return f"Years {ordered[0]} and {ordered[1]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"Years {ordered[0]}–{ordered[-1]}"
    return "Years " + ", ".join(str(v) for v in ordered)


def sentence_case(value: str) -> str:
    """The first letter in capitals and the rest as written (jinja's capitalize would turn
    "GCSE" into "gcse")."""
    return value[:1].upper() + value[1:]


_SMALL_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def counted(value: int, noun: str) -> str:
    """A count in running text as a reader writes it: words up to nine ("four lessons"), digits
    above ("12 lessons"), with the noun in the plural where it needs one."""
    number = _SMALL_NUMBERS[value] if 0 <= value < len(_SMALL_NUMBERS) else str(value)
    return f"{number} {noun}{'' if value == 1 else 's'}"


def _minutes(value: int) -> str:
    return f"{value} minute{'' if value == 1 else 's'}"


@cache
def make_environment(folder: Path) -> SandboxedEnvironment:
    """The template environment for a folder: one per process, so templates compile once."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["blocks"] = _blocks
    env.filters["callouts_titled"] = callouts_titled
    env.filters["without_callouts_titled"] = without_callouts_titled
    env.filters["lead_callouts_titled"] = lead_callouts_titled
    env.filters["long_date"] = long_date
    env.filters["minutes"] = _minutes
    env.filters["counted"] = counted
    env.filters["phone"] = phone
    env.filters["hours"] = hours
    env.filters["together"] = phone  # any short label that must not wrap ("Key stage")
    env.filters["sentence_case"] = sentence_case
    env.filters["years"] = years
    env.filters["unbroken"] = unbroken_name  # a school's name as it may wrap
    return env


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    fragments: Fragments


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> Rendered:
    """Render a template to Markdown, keeping the fragments it refers to."""
    fragments = Fragments()
    try:
        text = env.get_template(name).render({**context, "_fragments": fragments})
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name} (in {env_folder(env)})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{exc.filename or name}:{exc.lineno}: template syntax: {exc.message}"
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{name}: not allowed in a template: {exc}") from None
    return Rendered(text, fragments)


def env_folder(env: SandboxedEnvironment) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return ", ".join(str(p) for p in loader.searchpath)
    return "templates"
