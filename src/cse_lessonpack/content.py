"""Find, read and check everything in ``lessons/``: a typed ``Library``, or every problem."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

from pydantic import BaseModel

from . import fonts, markdown
from .errors import ContentError, ProblemCollector
from .model import Block, KeyStage
from .rules import check_library
from .schema import (
    CONTROL_CHARACTERS,
    ActivityFront,
    CurriculumFile,
    Fact,
    FactsFile,
    GlossaryFile,
    GuidanceFront,
    GuideFront,
    Helpline,
    HelplinesFile,
    KeyStagesFile,
    LanguageFile,
    LetterFront,
    LibraryInfo,
    Outcome,
    PlanFront,
    Source,
    StageInfo,
    Strand,
    Term,
)
from .sourcefile import (
    LoadedYaml,
    SourceText,
    parse_yaml,
    read_text,
    split_front_matter,
    validate_as,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Prose:
    """A piece of Markdown from a content file, already read into blocks."""

    path: Path
    line: int  # line of the text's first line in its file
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Activity:
    front: ActivityFront
    notes: Prose  # for every stage
    worksheets: dict[KeyStage, Prose]
    source: LoadedYaml
    stage_notes: dict[KeyStage, Prose] = field(default_factory=dict)  # for one stage each


@dataclass(frozen=True, slots=True)
class Plan:
    front: PlanFront
    notes: Prose
    source: LoadedYaml


@dataclass(frozen=True, slots=True)
class Letter:
    front: LetterFront
    body: Prose


@dataclass(frozen=True, slots=True)
class Guide:
    """A stand-alone guide for adults (parents and carers, or staff), built next to the packs."""

    front: GuideFront
    body: Prose
    source: LoadedYaml


@dataclass(frozen=True, slots=True)
class Guidance:
    front: GuidanceFront
    body: Prose


@dataclass(frozen=True, slots=True)
class Library:
    """All content, checked: what ``compose`` chooses from."""

    root: Path
    info: LibraryInfo
    stages: dict[KeyStage, StageInfo]
    helplines: dict[str, Helpline]
    facts: dict[str, Fact]
    glossary: dict[str, Term]
    glossary_origins: dict[tuple[str, KeyStage], tuple[Path, int]]  # where each definition is
    curriculum: dict[str, Outcome]
    curriculum_source: Source
    strands: dict[str, Strand]  # in the progression map's order
    language: LanguageFile
    activities: dict[str, Activity]
    plans: tuple[Plan, ...]
    letters: dict[KeyStage, Letter]
    guidance: dict[str, Guidance]
    guides: dict[str, Guide]
    fingerprint: str  # sha256 of every content file, for the manifest and batch re-runs

    def plans_for(self, stage: KeyStage) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.front.key_stage == stage)

    @property
    def helplines_checked(self) -> str:
        """The oldest 'checked' date of the national numbers, as printed on packs and posters."""
        oldest = min(h.checked for h in self.helplines.values() if h.scope == "national")
        return f"{oldest.day} {oldest:%B %Y}"


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems = ProblemCollector()

    def guard(self, action: Callable[[], M]) -> M | None:
        try:
            return action()
        except ContentError as exc:
            self.problems.extend(exc)
            return None

    def yaml_file(self, name: str, model: type[M]) -> tuple[M, LoadedYaml] | None:
        path = self.root / name
        if not path.is_file():
            self.problems.add(path, None, _not_a_file(path, f"{name} in the lessons folder"))
            return None
        try:
            loaded = parse_yaml(read_text(path))
            self.characters(loaded)
            return validate_as(model, loaded), loaded
        except ContentError as exc:
            self.problems.extend(exc)
            return None

    def characters(self, loaded: LoadedYaml) -> None:
        """Every text value the packs could not print, at the line of its key (or, in a block
        of several lines, the line itself)."""
        for loc, text in _strings(loaded.data):
            # Control characters the schema already refuses (with the same field) are left to it.
            text = CONTROL_CHARACTERS.sub("", text)
            if fonts.unprintable(text, CONTENT_FAMILIES, allow="\t\n\r"):
                label = "".join(
                    f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
                    for i, part in enumerate(loc)
                )
                line = loaded.line_of(loc)
                if "\n" in text:
                    # A block scalar (body: |), whose text starts on the line after its key, as
                    # its Markdown is read (see _load_activities).
                    self.text_characters(SourceText(loaded.source.path, text, line + 1), label)
                else:
                    found = fonts.unprintable(text, CONTENT_FAMILIES, allow="\t\r")
                    message = f"{label}: contains {fonts.explain_unprintable(found)}"
                    self.problems.add(loaded.source.path, line, message)

    def text_characters(self, source: SourceText, label: str = "") -> None:
        """Characters of some Markdown the packs could not print, line by line. A Markdown body
        is not read by the YAML reader, so without this, control characters such as NUL would
        reach the packs (as U+FFFD)."""
        for number, line in enumerate(source.text.split("\n"), start=source.first_line):
            found = fonts.unprintable(line, CONTENT_FAMILIES, allow="\t\r")
            if found:
                prefix = f"{label}: " if label else ""
                message = f"{prefix}contains {fonts.explain_unprintable(found)}"
                self.problems.add(source.path, number, message)

    def prose(self, source: SourceText, line_offset: int = 0) -> Prose:
        first = source.first_line + line_offset
        try:
            # Every text is placed one level under a heading of the pack's (a lesson's notes
            # under "Teacher notes", guidance under its chapter), shifted to suit: its first
            # heading is "#" or "##" (see markdown.read).
            blocks = markdown.read(source.text, first_heading=CONTENT_FIRST_HEADING)
        except markdown.MarkdownError as exc:
            for problem in exc.problems:
                self.problems.add(source.path, first + problem.line - 1, problem.message)
            blocks = ()
        return Prose(source.path, first, blocks)

    def front_matter_files(
        self, folder: Path, model: type[M]
    ) -> list[tuple[M, LoadedYaml, SourceText]]:
        found = []
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
            if not path.is_file():
                self.problems.add(path, None, _not_a_file(path, "a Markdown file"))
                continue
            try:
                parts = split_front_matter(read_text(path))
                self.characters(parts.front)
                self.text_characters(parts.body)
                found.append((validate_as(model, parts.front), parts.front, parts.body))
            except ContentError as exc:
                self.problems.extend(exc)
        return found


CONTENT_FIRST_HEADING: Final = 2

# Content is printed in every school's choice of font, so it must print in all of them.
CONTENT_FAMILIES = tuple(fonts.FAMILIES)


def _strings(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text value in parsed YAML, with where it is (with a stack: YAML may nest deeper
    than Python's recursion limit)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            stack.extend(((*loc, str(k)), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*loc, i), v) for i, v in reversed(list(enumerate(value))))


def _not_a_file(path: Path, expected: str) -> str:
    """Why ``path`` cannot be read as a content file, and what was expected there."""
    if path.is_symlink() and not path.exists():
        # exists() follows the link: a link to itself, or to a file that is gone.
        return f"a symbolic link that loops or leads nowhere (expected {expected})"
    if path.is_dir():
        return f"a folder, not a file (expected {expected})"
    if path.exists():
        return f"not a regular file (expected {expected})"
    return f"missing file (expected {expected})"


def _unique(
    loader: _Loader, items: Iterable[tuple[str, T, LoadedYaml, int]], what: str
) -> dict[str, T]:
    out: dict[str, T] = {}
    first_seen: dict[str, str] = {}
    for key, item, source, line in items:
        if key in out:
            loader.problems.add(
                source.source.path, line, f"duplicate {what} id '{key}' (also in {first_seen[key]})"
            )
            continue
        out[key] = item
        first_seen[key] = f"{source.source.path.name}"
    return out


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _registry(
    loader: _Loader, loaded: tuple[BaseModel, LoadedYaml] | None, field: str, what: str
) -> dict[str, Any]:
    """The entries of a list file (helplines, facts, outcomes) by id, refusing a repeated id."""
    if loaded is None:
        return {}
    model, source = loaded
    entries: list[_HasId] = getattr(model, field)
    return _unique(
        loader,
        ((e.id, e, source, source.line_of((field, i))) for i, e in enumerate(entries)),
        what,
    )


def fingerprint(root: Path) -> str:
    """A hash of every file under ``root``, so that changed content is noticed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_library(root: Path) -> Library:
    """Read and check every content file; raise ``ContentError`` holding every problem found."""
    if not root.is_dir():
        raise ContentError.one(root, None, "lessons folder not found (expected a directory)")
    loader = _Loader(root)
    info = loader.yaml_file("library.yaml", LibraryInfo)
    stages = loader.yaml_file("keystages.yaml", KeyStagesFile)
    helplines_file = loader.yaml_file("helplines.yaml", HelplinesFile)
    facts_file = loader.yaml_file("facts.yaml", FactsFile)
    curriculum_file = loader.yaml_file("curriculum.yaml", CurriculumFile)
    language = loader.yaml_file("language.yaml", LanguageFile)

    helplines = _registry(loader, helplines_file, "helplines", "helpline")
    facts = _registry(loader, facts_file, "facts", "fact")
    curriculum = _registry(loader, curriculum_file, "outcomes", "curriculum outcome")
    strands = _registry(loader, curriculum_file, "strands", "strand")
    glossary, glossary_origins = _load_glossary(loader)
    activities = _load_activities(loader)
    plans = _load_plans(loader)
    letters = _load_letters(loader)
    guidance = _load_guidance(loader)
    guides = _load_guides(loader)

    if not (info and stages and language and curriculum_file and helplines_file):
        # Without these, cross-file rules would only repeat the problems already found.
        loader.problems.raise_if_any()
        raise AssertionError("unreachable: a missing core file is always reported")

    library = Library(
        root=root,
        info=info[0],
        stages=stages[0].stages,
        helplines=helplines,
        facts=facts,
        glossary=glossary,
        glossary_origins=glossary_origins,
        curriculum=curriculum,
        curriculum_source=curriculum_file[0].source,
        strands=strands,
        language=language[0],
        activities=activities,
        plans=plans,
        letters=letters,
        guidance=guidance,
        guides=guides,
        fingerprint=fingerprint(root),
    )
    check_library(library, loader.problems)
    loader.problems.raise_if_any()
    return library


def _load_glossary(
    loader: _Loader,
) -> tuple[dict[str, Term], dict[tuple[str, KeyStage], tuple[Path, int]]]:
    folder = loader.root / "glossary"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        loader.problems.add(folder, None, "no glossary files (expected glossary/*.yaml)")
    # The same term may be defined for different stages in different files; merge them by id.
    merged: dict[str, Term] = {}
    where: dict[tuple[str, KeyStage], str] = {}
    origins: dict[tuple[str, KeyStage], tuple[Path, int]] = {}
    for path in files:
        result = loader.yaml_file(f"glossary/{path.name}", GlossaryFile)
        if result is None:
            continue
        glossary, source = result
        for index, term in enumerate(glossary.terms):
            line = source.line_of(("terms", index))
            existing = merged.get(term.id)
            if existing and existing.term != term.term:
                loader.problems.add(
                    path,
                    line,
                    f"term '{term.id}' is spelled '{term.term}' here but "
                    f"'{existing.term}' in {where[(term.id, next(iter(existing.definitions)))]}",
                )
                continue
            definitions = dict(existing.definitions) if existing else {}
            for stage, text in term.definitions.items():
                if stage in definitions:
                    loader.problems.add(
                        path,
                        line,
                        f"term '{term.id}' already has a {stage.value} definition "
                        f"(in {where[(term.id, stage)]})",
                    )
                    continue
                definitions[stage] = text
                where[(term.id, stage)] = path.name
                origins[(term.id, stage)] = (
                    path,
                    source.line_of(("terms", index, "definitions", stage.value)),
                )
            # Words only in either file is words only: a picture is never safe for one stage's
            # pupils because another file forgot to say so.
            merged[term.id] = Term(
                id=term.id,
                term=term.term,
                definitions=definitions,
                words_only=term.words_only or bool(existing and existing.words_only),
            )
    return merged, origins


def _load_activities(loader: _Loader) -> dict[str, Activity]:
    items = []
    for front, source, body in loader.front_matter_files(loader.root / "activities", ActivityFront):
        worksheets, stage_notes = {}, {}
        for stage, variant in front.variants.items():
            if variant.worksheet is not None:
                line = source.line_of(("variants", stage.value, "worksheet", "body"))
                # A block scalar's text starts on the line after its key.
                text = SourceText(source.source.path, variant.worksheet.body, first_line=line + 1)
                worksheets[stage] = loader.prose(text)
            if variant.notes is not None:
                line = source.line_of(("variants", stage.value, "notes"))
                text = SourceText(source.source.path, variant.notes, first_line=line + 1)
                stage_notes[stage] = loader.prose(text)
        activity = Activity(front, loader.prose(body), worksheets, source, stage_notes)
        items.append((front.id, activity, source, source.line_of(("id",))))
    return _unique(loader, items, "activity")


def _load_plans(loader: _Loader) -> tuple[Plan, ...]:
    folder = loader.root / "plans"
    found: list[Plan] = []
    for stage in KeyStage:
        for front, source, body in loader.front_matter_files(folder / stage.value, PlanFront):
            if front.key_stage != stage:
                loader.problems.add(
                    source.source.path,
                    source.line_of(("key_stage",)),
                    f"key_stage: the plan is in plans/{stage.value}/ "
                    f"but says {front.key_stage.value}",
                )
            found.append(Plan(front, loader.prose(body), source))
    unknown = [p for p in sorted(folder.iterdir()) if p.is_dir() and p.name not in set(KeyStage)]
    for path in unknown if folder.is_dir() else []:
        loader.problems.add(path, None, "unknown key stage folder (expected ks1 to ks5)")
    _unique(loader, ((p.front.id, p, p.source, p.source.line_of(("id",))) for p in found), "plan")
    return tuple(sorted(found, key=lambda p: (p.front.key_stage.value, p.front.order, p.front.id)))


def _load_letters(loader: _Loader) -> dict[KeyStage, Letter]:
    letters: dict[KeyStage, Letter] = {}
    for front, source, body in loader.front_matter_files(loader.root / "letters", LetterFront):
        if front.key_stage in letters:
            loader.problems.add(
                source.source.path,
                source.line_of(("key_stage",)),
                f"a second letter for {front.key_stage.value} (one letter per key stage)",
            )
            continue
        letters[front.key_stage] = Letter(front, loader.prose(body))
    return letters


def _load_guidance(loader: _Loader) -> dict[str, Guidance]:
    items = [
        (front.id, Guidance(front, loader.prose(body)), source, source.line_of(("id",)))
        for front, source, body in loader.front_matter_files(
            loader.root / "guidance", GuidanceFront
        )
    ]
    return _unique(loader, items, "guidance")


def _load_guides(loader: _Loader) -> dict[str, Guide]:
    items = [
        (front.id, Guide(front, loader.prose(body), source), source, source.line_of(("id",)))
        for front, source, body in loader.front_matter_files(loader.root / "guides", GuideFront)
    ]
    return _unique(loader, items, "guide")
