"""Orchestration: what to build, rendering in parallel, atomic writes and the manifest."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import IO, Any

from . import __version__, fonts, wordfonts
from .compose import check_tailoring, compose_guide, compose_letter, compose_pack
from .content import Library, load_library
from .errors import OutputError, Problem, RenderError, UsageError, VerifyError, display_path
from .model import Document, KeyStage
from .posters import (
    DEFAULT_PRINTS,
    PrintRun,
    audiences_for,
    check_posters,
    poster_files,
    poster_path,
)
from .profile import (
    Tailoring,
    accent_note,
    default_tailoring,
    dialled,
    load_profile,
    logo_notes,
    out_of_hours_note,
    school_name_key,
    unused_logo_note,
)
from .render import RENDERERS
from .site import ASSETS, INDEX, build_site, remove_page
from .templating import make_environment
from .verify import LETTER_SUFFIX, School, Verifier, expect_from_path

MANIFEST = "manifest.json"
FORMATS = ("docx", "pdf")

Progress = Callable[[str, int, int], None]
"""Called with (file just written or "", files done, files in all)."""


@dataclass(frozen=True, slots=True)
class Task:
    """One document to compose, and the files to render it into."""

    kind: str  # pack (later also guide, poster)
    key: str  # the stage, guide or poster it is
    outputs: tuple[tuple[str, str], ...]  # (format, path relative to the output folder)


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a task needs: shared by forked workers rather than copied to each."""

    library: Library
    tailoring: Tailoring
    templates: Path
    prints: PrintRun = DEFAULT_PRINTS  # the posters' sizes and print-shop options


@dataclass(frozen=True, slots=True)
class BuiltFile:
    path: str
    kind: str
    stage: str | None
    format: str
    bytes: int
    pages: int | None
    sha256: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    out_dir: Path
    files: tuple[BuiltFile, ...]
    manifest: Path
    content_version: str
    profile: str
    extra: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()  # an earlier build's files for another school or profile
    left: tuple[str, ...] = ()  # such files, changed since, so left in place
    notes: tuple[str, ...] = ()  # what a user should know about the files (not errors)
    page_removed: bool = False  # that earlier build's download page went with them, not remade
    page_outdated: bool = False  # --no-site: the folder's page listed files this build changed
    # Whose build the removed files were, when it was this school's with other details (its DSL
    # or numbers changed): "Oakfield Academy (DSL Ms J Patel)". Empty: another school or profile.
    details_before: str = ""


@dataclass(frozen=True, slots=True)
class BuildRequest:
    lessons: Path
    templates: Path
    out_dir: Path
    stages: tuple[KeyStage, ...] = ()
    formats: tuple[str, ...] = FORMATS
    profile: Path | None = None
    jobs: int = 0  # 0: one per CPU
    guides: bool = True
    posters: bool = True
    site: bool = True
    force: bool = False  # build into a folder that holds another school's or profile's build


def pack_path(stage: KeyStage, fmt: str) -> str:
    return f"{stage.value}/know-about-cse-{stage.value}.{fmt}"


def letter_path(stage: KeyStage, fmt: str) -> str:
    """The letter home on its own, beside its pack (which holds it too)."""
    return f"{stage.value}/know-about-cse-{stage.value}{LETTER_SUFFIX}.{fmt}"


def guide_path(guide_id: str, fmt: str) -> str:
    return f"guides/know-about-cse-{guide_id}.{fmt}"


def plan_tasks(
    library: Library,
    tailoring: Tailoring,
    stages: Sequence[KeyStage],
    formats: Sequence[str],
    guides: bool = True,
    audiences: Sequence[str] = (),
    prints: PrintRun = DEFAULT_PRINTS,
) -> list[Task]:
    """What the request asks for: a pack per stage that has lessons and its letter home, the
    guides, the posters."""
    check_tailoring(library, tailoring)
    packs = [
        Task("pack", stage.value, tuple((fmt, pack_path(stage, fmt)) for fmt in formats))
        for stage in stages
        if library.plans_for(stage)
    ]
    # Longest first, so parallel workers finish together (results are sorted by path later).
    packs.sort(key=lambda t: -len(library.plans_for(KeyStage(t.key))))
    # A letter is two pages: it costs little, and it comes after the packs so that a worker
    # that finishes its pack early takes it.
    letters = [
        Task(
            "letter",
            task.key,
            tuple((fmt, letter_path(KeyStage(task.key), fmt)) for fmt in formats),
        )
        for task in packs
        if library.letters.get(KeyStage(task.key))
    ]
    extra = letters + [
        Task("guide", key, tuple((fmt, guide_path(key, fmt)) for fmt in formats))
        for key in (sorted(library.guides) if guides else [])
    ]
    for audience in audiences:
        outputs: list[tuple[str, str]] = []
        for options in prints.options():
            outputs.append(("pdf", poster_path(audience, options)))
            outputs.append(("png", poster_path(audience, options, "png")))
        extra.append(Task("poster", audience, tuple(outputs)))
    return packs + extra


def compose_task(task: Task, context: Context) -> Document:
    env = make_environment(context.templates)
    if task.kind == "pack":
        return compose_pack(context.library, KeyStage(task.key), context.tailoring, env)
    if task.kind == "letter":
        return compose_letter(context.library, KeyStage(task.key), context.tailoring, env)
    if task.kind == "guide":
        return compose_guide(context.library, task.key, context.tailoring, env)
    raise AssertionError(f"unknown task kind {task.kind!r}")


_SHARED: Context | None = None  # set before workers fork, so they need not be sent the library


def school_info(tailoring: Tailoring) -> School | None:
    """What a tailored file must show, for the checks and for the manifest."""
    if tailoring.school_name is None:
        return None
    numbers = [dialled(c.phone) for c in tailoring.local_contacts]
    if tailoring.dsl and tailoring.dsl.phone:
        numbers.append(dialled(tailoring.dsl.phone))
    return School(
        tailoring.school_name, tailoring.dsl.name if tailoring.dsl else None, tuple(numbers)
    )


def run_task(task: Task, context: Context | None = None) -> list[tuple[str, bytes]]:
    """Make every file of one task, and check each file as a reader will see it."""
    context = context or _SHARED
    assert context is not None, "run_task needs a context"
    verifier = Verifier(context.library)
    school = school_info(context.tailoring)
    if task.kind == "poster":
        run = context.prints
        files = poster_files(
            context.library,
            context.tailoring,
            context.templates,
            [task.key],
            run.sizes,
            bleed_mm=run.bleed_mm,
            crop_marks=run.crop_marks,
            cmyk=run.cmyk,
        )
        for path, data in files.items():
            verify_file(verifier, path, data, school)
        return sorted(files.items())
    document = compose_task(task, context)
    out = []
    for fmt, path in task.outputs:
        try:
            data = RENDERERS[fmt](document)
        except Exception as exc:  # an unexpected renderer failure: name the file that failed
            raise RenderError(f"could not render {path}: {exc.__class__.__name__}: {exc}") from exc
        verify_file(verifier, path, data, school)
        out.append((path, data))
    return out


def verify_file(verifier: Verifier, path: str, data: bytes, school: School | None) -> None:
    """Check a file the build is about to write; raise rather than write one that fails."""
    expect = expect_from_path(path, school)
    if expect is None:
        return
    report = verifier.check(path, data, expect)
    if report.problems:
        raise VerifyError(Problem(path, None, problem) for problem in report.problems)


def _warm_up(context: Context, word: bool = True) -> None:
    """Import the renderers and load fonts once, before forking, so no worker repeats it."""
    from .render import docx as _docx
    from .render import pdf as _pdf

    del _docx, _pdf
    fonts.register(context.tailoring.theme.font)
    if word:
        wordfonts.faces(context.tailoring.theme.font)  # may cut a large family down, once
    env = make_environment(context.templates)
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


def execute(
    tasks: Sequence[Task], context: Context, workers: int, progress: Progress | None = None
) -> dict[str, bytes]:
    """Run every task, in parallel worker processes when there are several CPUs and tasks."""
    global _SHARED
    total = sum(len(t.outputs) for t in tasks)
    results: dict[str, bytes] = {}
    if progress:
        progress("", 0, total)

    def collect(files: list[tuple[str, bytes]]) -> None:
        for path, data in files:
            results[path] = data
            if progress:
                progress(path, len(results), total)

    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            collect(run_task(task, context))
        return results
    _warm_up(context, word=any(kind == "docx" for t in tasks for kind, _ in t.outputs))
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # Forked workers inherit the loaded library, templates and fonts. Freezing the collector
        # first stops it writing to every inherited object, which would copy the pages per worker.
        gc.collect()
        gc.freeze()
        _SHARED = context
        try:
            pool = ProcessPoolExecutor(
                min(workers, len(tasks)), multiprocessing.get_context("fork")
            )
            with pool:
                for files in pool.map(run_task, tasks):
                    collect(files)
        finally:
            _SHARED = None
            gc.unfreeze()
    else:
        with ProcessPoolExecutor(min(workers, len(tasks))) as pool:
            for files in pool.map(run_task, tasks, [context] * len(tasks)):
                collect(files)
    return results


def count_pages(data: bytes, fmt: str) -> int | None:
    """Pages of a PDF; a DOCX has no fixed pages until a word processor lays it out."""
    if fmt != "pdf":
        return None  # a DOCX is laid out by the word processor; a PNG is a picture
    import pypdfium2

    # pdfium reads only the page tree; pypdf would parse every page object first (a tenth of a
    # second a pack, in the build's single-process tail).
    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def os_error_message(exc: OSError, verb: str = "write", path: Path | str | None = None) -> str:
    """An OS error as one line a user can act on: what could not be done to which path, and why
    ("cannot write output/ks1/x.pdf: Permission denied"), never Python's "[Errno 13] …"."""
    # os.replace and friends name the source first; the destination is the file the user knows.
    where = path if path is not None else (exc.filename2 or exc.filename)
    reason = exc.strerror or str(exc) or exc.__class__.__name__
    return f"cannot {verb} {display_path(os.fsdecode(where))}: {reason}" if where else reason


def check_folder(folder: Path) -> None:
    """Refuse a folder that cannot be made because a file (or a dangling link) is in its way.

    Checked before any work, so a build does not render everything to fail at the first write,
    and named plainly instead of as mkdir's "File exists" or "Not a directory".
    """
    for place in (folder, *folder.parents):
        if place.is_dir():
            return
        if place.exists() or place.is_symlink():
            shown, blocker = display_path(folder), display_path(place)
            raise RenderError(f"cannot write into {shown}: {blocker} is not a folder")


def make_folder(folder: Path) -> list[Path]:
    """Create a folder and its parents; returns those it created, deepest last."""
    check_folder(folder)
    missing = [p for p in (folder, *folder.parents) if not p.is_dir()][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(os_error_message(exc)) from exc
    return missing


def _put(data: bytes, stream: IO[bytes]) -> None:
    stream.write(data)


def _write_temp(path: Path, fill: Callable[[IO[bytes]], object]) -> Path:
    """Write a new temporary file beside ``path`` (same file system: the rename that puts it in
    place is atomic), its content written by ``fill``."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file readable by its owner only; a published page or a shared drive
        # needs the permissions any new file gets (the umask decides).
        Path(temp).chmod(0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a file is never half-written."""
    write_atomic_with(path, functools.partial(_put, data))


def write_atomic_with(path: Path, fill: Callable[[IO[bytes]], object]) -> None:
    """``write_atomic`` for content written straight to the file as it is made (a school's zip),
    so that it is never held in memory whole."""
    make_folder(path.parent)
    try:
        temp = _write_temp(path, fill)
        try:
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise RenderError(os_error_message(exc, path=path)) from exc


def safe_target(out_dir: Path, relative: str) -> Path:
    """The file's place in the output folder; refuses anything that would land outside it."""
    root = out_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise RenderError(f"refusing to write outside the output folder: {relative}")
    return target


def describe(rendered: dict[str, bytes], tasks: Iterable[Task]) -> list[BuiltFile]:
    kinds = {path: (task, fmt) for task in tasks for fmt, path in task.outputs}
    files = []
    for path, data in sorted(rendered.items()):
        task, fmt = kinds[path]
        files.append(
            BuiltFile(
                path=path,
                kind=task.kind,
                stage=task.key if task.kind in ("pack", "letter") else None,
                format=fmt,
                bytes=len(data),
                pages=count_pages(data, fmt),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return files


def describe_files(files: dict[str, bytes], kind: str) -> list[BuiltFile]:
    """Manifest entries for files made outside a build's tasks (the posters command)."""
    outputs = tuple((path.rsplit(".", 1)[-1], path) for path in sorted(files))
    return describe(files, [Task(kind, kind, outputs)])


@dataclass(frozen=True, slots=True)
class Manifest:
    """The manifest written, and what became of an earlier build's files in the same folder."""

    path: Path
    removed: tuple[str, ...] = ()  # files an earlier build wrote that no longer belong here
    left: tuple[str, ...] = ()  # such files changed since, so not ours to delete: left in place
    earlier: str = ""  # whom the folder held packs for before, if another school (or details)
    page_removed: bool = False  # the download page (index.html, site/) was deleted as stale
    earlier_name: str = ""  # the name alone: the same school's, when only its details changed


@dataclass(frozen=True, slots=True)
class ManifestPlan:
    """A manifest ready to write, and what writing it makes of an earlier build's files."""

    path: Path
    data: bytes
    delete: tuple[Path, ...]  # an earlier build's files that no longer belong in the folder
    removed: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    earlier: str = ""  # see Manifest
    # The folder's download page names the school it was made for and links to the files listed
    # then: made for another school or profile, or listing files deleted now, it is to go too.
    stale_page: bool = False
    earlier_name: str = ""  # see Manifest
    # A file this build writes that the earlier manifest did not list with these bytes: a page
    # made then shows its old size and pages, so a build without a page of its own removes it.
    changed: bool = False


def published_profile(profile: str) -> str:
    """A profile's file name alone, as a manifest keeps it: the manifest goes out with the
    download page, and a full path told every reader the builder's folders (on Windows, their
    user name). (A batch's manifests name the school instead.)"""
    if not profile or profile == "campaign defaults":
        return profile
    return PurePosixPath(profile.replace("\\", "/")).name or profile


def plan_manifest(
    out_dir: Path,
    files: Sequence[BuiltFile],
    library: Library,
    profile: str,
    *,
    replace: bool = False,
    inputs: str | None = None,
    school: School | None = None,
) -> ManifestPlan:
    """``manifest.json``: every file with its size, pages and hash.

    An earlier build's files that are still there unchanged are kept and listed too, so building
    one stage adds to a folder, unless ``replace`` or the earlier build was for another school or
    profile: then its files that this build did not rewrite are to be deleted, so a folder never
    holds one school's packs under another school's manifest. Nothing is written or deleted here.
    """
    path = out_dir / MANIFEST
    entries = {f.path: asdict(f) for f in files}
    # As JSON gives it back (lists, not tuples), so it compares equal with an earlier manifest's.
    school_data = json.loads(json.dumps(asdict(school))) if school else None
    delete: list[Path] = []
    removed: list[str] = []
    left: list[str] = []
    previous = read_json(path)
    earlier = earlier_name = ""
    same = True
    listed: dict[str, str] = {}
    if previous is not None:
        # Both by file name: an older manifest kept the profile's whole path (and a batch's,
        # which name the school, are compared the same way on both sides).
        held_profile = published_profile(str(previous.get("profile") or ""))
        same = held_profile == published_profile(profile) and previous.get("school") == school_data
        held = previous.get("school")
        if isinstance(held, dict):
            earlier_name = str(held.get("name", ""))
        if isinstance(held, dict) and held != school_data:
            earlier = earlier_name
            if held.get("dsl_name"):
                earlier += f" (DSL {held['dsl_name']})"
        for entry in previous.get("files", []):
            if isinstance(entry, dict):
                listed[str(entry.get("path"))] = str(entry.get("sha256"))
        for name, old, entry, unchanged in listed_files(out_dir, previous):
            if name in entries:
                continue
            if same and not replace and unchanged:
                entries[name] = entry
            elif unchanged:
                delete.append(old)
                removed.append(name)
            else:
                left.append(name)
    manifest = {
        "generator": f"cse-lessonpack {__version__}",
        "content_version": library.info.version,
        "content_reviewed": library.info.reviewed.isoformat(),
        "content_fingerprint": library.fingerprint,
        "helplines_checked": library.helplines_checked,
        "profile": profile,
        **({"school": school_data} if school_data else {}),
        **({"inputs": inputs} if inputs else {}),
        "files": [entries[key] for key in sorted(entries)],
    }
    data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return ManifestPlan(
        path,
        data,
        tuple(delete),
        tuple(sorted(removed)),
        tuple(sorted(left)),
        earlier,
        stale_page=not same or bool(delete),
        earlier_name=earlier_name,
        changed=any(listed.get(f.path) != f.sha256 for f in files),
    )


def publish(out_dir: Path, files: Mapping[str, bytes], manifest: ManifestPlan) -> Manifest:
    """Write a build's files and then its manifest, all or nothing as far as the file system
    allows.

    Every file is first written to a temporary file beside its target; only when all of them
    (the manifest's too) are written are they renamed into place, the manifest last, after the
    earlier build's files that no longer belong are deleted. A failure before that (a full disk, a
    read-only folder) removes the temporary files and any folder made for them, so the earlier
    build's files and manifest are left exactly as they were, never a mix of two builds.
    """
    targets = {relative: safe_target(out_dir, relative) for relative in files}
    targets[MANIFEST] = manifest.path
    contents = {**files, MANIFEST: manifest.data}
    made: list[Path] = []
    temps: dict[str, Path] = {}
    try:
        for relative in sorted(targets):
            target = targets[relative]
            try:
                if target.is_dir():
                    # os.replace cannot put a file where a folder is: say so before anything moves.
                    raise IsADirectoryError(21, "Is a directory", str(target))
                made += make_folder(target.parent)
                temps[relative] = _write_temp(target, functools.partial(_put, contents[relative]))
            except OSError as exc:
                raise RenderError(os_error_message(exc, path=target)) from exc
        for relative in sorted(files):
            try:
                os.replace(temps[relative], targets[relative])
            except OSError as exc:
                raise RenderError(os_error_message(exc, path=targets[relative])) from exc
            del temps[relative]
        for old in manifest.delete:
            try:
                old.unlink(missing_ok=True)
            except OSError as exc:
                raise RenderError(os_error_message(exc, "remove", old)) from exc
            remove_empty_parents(old.parent, out_dir)
        page_removed = False
        if manifest.stale_page:
            try:
                page_removed = remove_page(out_dir)
            except OSError as exc:
                raise RenderError(os_error_message(exc, "remove")) from exc
        try:
            os.replace(temps[MANIFEST], manifest.path)
        except OSError as exc:
            raise RenderError(os_error_message(exc, path=manifest.path)) from exc
        del temps[MANIFEST]
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):  # not empty: a file was put in place there
                folder.rmdir()
    return Manifest(
        manifest.path,
        manifest.removed,
        manifest.left,
        manifest.earlier,
        page_removed,
        manifest.earlier_name,
    )


CAMPAIGN = "the campaign (no --school)"


def _whom(profile: object, school_name: object) -> str:
    """Whom a build was for, as a refusal names it: the school and its profile, or the campaign."""
    if school_name:
        return f"{school_name} (profile {profile})"
    if profile == "campaign defaults":
        return CAMPAIGN
    return f"profile {profile}" if profile else "an unnamed school or profile"


def check_replacing(out_dir: Path, tailoring: Tailoring, force: bool = False) -> None:
    """Stop before any work when the folder holds a build for another school or profile, unless
    ``force``: a folder holds one school's (or the campaign's) files, and building there would
    remove that build's files and download page (see plan_manifest). As batch does with a folder
    another spreadsheet built, it is refused as a command-line matter (exit code 2).

    The same school (by its name: its DSL or numbers changed since, say, or its profile given
    from another folder) rebuilds its own folder, as does a build into a new or empty folder, or
    one whose earlier files are all gone.
    """
    if force:
        return
    previous = read_json(out_dir / MANIFEST)
    if previous is None:
        return
    held = previous.get("school")
    held_name = held.get("name") if isinstance(held, dict) else None
    profile = previous.get("profile")
    if held_name == tailoring.school_name:  # both None: the campaign's build, again
        return
    if isinstance(held_name, str) and _same_school(held_name, tailoring.school_name):
        return  # the same school, its name perhaps retyped: a curly apostrophe for a straight one
    page = out_dir / INDEX
    if (
        next(listed_files(out_dir, previous), None) is None
        and not (page.is_file() or page.is_symlink())
        and not (out_dir / ASSETS).is_dir()
    ):
        return  # nothing of that build is left to remove
    new = _whom(tailoring.source, tailoring.school_name)
    raise OutputError(
        f"{display_path(out_dir)} holds the build for {_whom(profile, held_name)}; building for "
        f"{new} there would remove it. Give this build its own folder with --out, or add --force "
        "to replace it"
    )


def listed_files(
    folder: Path, manifest: dict[str, Any]
) -> Iterator[tuple[str, Path, dict[str, Any], bool]]:
    """(name, path, entry, unchanged) for each file an earlier manifest lists that is still in
    the folder; ``unchanged`` when its bytes are those the manifest recorded. Entries that do not
    name a file inside the folder are skipped: nothing outside it is ever touched."""
    for entry in manifest.get("files", []):
        try:
            name, digest = str(entry["path"]), str(entry["sha256"])
            path = safe_target(folder, name)
        except (KeyError, TypeError, RenderError):
            continue
        if path.is_file():
            yield name, path, entry, hashlib.sha256(path.read_bytes()).hexdigest() == digest


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file, or None when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_empty_parents(folder: Path, root: Path) -> None:
    """Remove folders left empty by a deletion, up to (not including) the output folder."""
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or not ours to remove)
        folder = folder.parent


def load_tailoring(request: BuildRequest, library: Library | None = None) -> Tailoring:
    """The campaign's defaults, or the school's profile; with ``library``, checked against the
    lessons too, its problems named with the profile's own in one run."""
    if request.profile is None:
        return default_tailoring(request.templates)
    check = None if library is None else functools.partial(check_tailoring, library)
    return load_profile(request.profile, request.templates, check)


def resolve_stages(request: BuildRequest, tailoring: Tailoring) -> tuple[KeyStage, ...]:
    if request.stages:
        return request.stages
    return tailoring.stages


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    """Build the requested packs. Nothing is written unless every file rendered."""
    unknown = [f for f in request.formats if f not in RENDERERS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (expected one of: {', '.join(RENDERERS)})")
    check_folder(request.out_dir)  # before the work, not after it
    library = load_library(request.lessons)
    tailoring = load_tailoring(request, library)
    check_replacing(request.out_dir, tailoring, request.force)  # before the work, too
    stages = resolve_stages(request, tailoring)
    audiences = audiences_for(library, request.templates, stages) if request.posters else []
    check_posters(library, request.templates, audiences)
    tasks = plan_tasks(library, tailoring, stages, request.formats, request.guides, audiences)
    workers = request.jobs or os.cpu_count() or 1
    rendered = execute(tasks, Context(library, tailoring, request.templates), workers, progress)
    files = describe(rendered, tasks)
    plan = plan_manifest(
        request.out_dir,
        files,
        library,
        published_profile(tailoring.source),
        school=school_info(tailoring),
    )
    manifest = publish(request.out_dir, rendered, plan)
    outdated = False
    if request.site:
        build_site(request.out_dir, library, tailoring, request.templates)
    elif plan.changed and not manifest.page_removed:
        # An earlier page shows the old files' sizes and pages, and this build makes no new one.
        try:
            outdated = remove_page(request.out_dir)
        except OSError as exc:
            raise RenderError(os_error_message(exc, "remove")) from exc
    return BuildResult(
        out_dir=request.out_dir,
        files=tuple(files),
        manifest=manifest.path,
        content_version=library.info.version,
        removed=manifest.removed,
        left=manifest.left,
        profile=tailoring.source,
        notes=_notes(request, tailoring),
        page_removed=manifest.page_removed and not request.site,  # else it was made anew
        page_outdated=outdated,
        details_before=(manifest.earlier or f"{manifest.earlier_name} from another profile")
        if _same_school(manifest.earlier_name, tailoring.school_name)
        else "",
    )


def _same_school(earlier: str, now: str | None) -> bool:
    """Whether a folder's earlier build was for this school, its name perhaps retyped."""
    return bool(earlier and now) and school_name_key(earlier) == school_name_key(now or "")


def _notes(request: BuildRequest, tailoring: Tailoring) -> tuple[str, ...]:
    notes = logo_notes(tailoring.logo) if tailoring.logo else []
    unused = unused_logo_note(request.profile, tailoring) if request.profile else None
    notes += [unused] if unused else []
    pale = accent_note(tailoring)
    notes += [pale] if pale else []
    # A school's own contacts replace the campaign's, whose list ends with each area's
    # out-of-hours team; a page of office-hours numbers leaves a family nobody at night.
    hours = out_of_hours_note(tailoring.local_contacts)
    notes += [hours] if hours else []
    if request.profile is not None and request.stages:
        # --stage wins over the profile's stages; say so when it asks for a stage the school
        # does not teach, since its posters for those pupils were made too.
        others = [s.value for s in request.stages if s not in tailoring.stages]
        if others:
            chosen = ", ".join(s.value for s in tailoring.stages)
            notes.append(
                f"built {', '.join(others)} as --stage asked, though the profile's stages are "
                f"{chosen}"
            )
    return tuple(notes)
