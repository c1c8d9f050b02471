"""Orchestration: what to build, rendering in parallel, atomic writes and the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .compose import check_exclusions, compose_pack
from .content import Library, load_library
from .errors import RenderError, UsageError
from .model import Document, KeyStage
from .profile import Tailoring, default_tailoring, load_profile
from .render import RENDERERS
from .templating import make_environment

MANIFEST = "manifest.json"
FORMATS = ("docx", "pdf")

Progress = Callable[[str, int, int], None]
"""Called with (file just written or "", files done, files in all)."""


@dataclass(frozen=True, slots=True)
class Job:
    """One file to write: a document and the format to render it in."""

    path: str  # relative to the output folder, with forward slashes
    kind: str  # pack, guide, poster
    stage: str | None
    format: str
    document: Document


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


@dataclass(frozen=True, slots=True)
class BuildRequest:
    lessons: Path
    templates: Path
    out_dir: Path
    stages: tuple[KeyStage, ...] = ()
    formats: tuple[str, ...] = FORMATS
    profile: Path | None = None
    jobs: int = 0  # 0: one per CPU


def pack_path(stage: KeyStage, fmt: str) -> str:
    return f"{stage.value}/know-about-cse-{stage.value}.{fmt}"


def plan_jobs(
    library: Library,
    tailoring: Tailoring,
    templates: Path,
    stages: Sequence[KeyStage],
    formats: Sequence[str],
) -> list[Job]:
    """Compose every document the request asks for (pure apart from reading templates)."""
    env = make_environment(templates)
    check_exclusions(library, tailoring)
    jobs: list[Job] = []
    for stage in stages:
        if not library.plans_for(stage):
            continue
        document = compose_pack(library, stage, tailoring, env)
        for fmt in formats:
            jobs.append(Job(pack_path(stage, fmt), "pack", stage.value, fmt, document))
    return jobs


def _render(job: Job) -> tuple[str, bytes]:
    try:
        return job.path, RENDERERS[job.format](job.document)
    except Exception as exc:  # an unexpected renderer failure: name the file that failed
        raise RenderError(f"could not render {job.path}: {exc.__class__.__name__}: {exc}") from exc


def render_all(jobs: Sequence[Job], workers: int, progress: Progress | None = None) -> dict[str, bytes]:
    """Render every job, in parallel when there is more than one worker."""
    results: dict[str, bytes] = {}
    if progress:
        progress("", 0, len(jobs))
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            path, data = _render(job)
            results[path] = data
            if progress:
                progress(path, len(results), len(jobs))
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        for path, data in pool.map(_render, jobs):
            results[path] = data
            if progress:
                progress(path, len(results), len(jobs))
    return results


def count_pages(data: bytes, fmt: str) -> int | None:
    """Pages of a PDF; a DOCX has no fixed pages until a word processor lays it out."""
    if fmt != "pdf":
        return None
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a file is never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def safe_target(out_dir: Path, relative: str) -> Path:
    """The file's place in the output folder; refuses anything that would land outside it."""
    root = out_dir.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise RenderError(f"refusing to write outside the output folder: {relative}")
    return target


def describe(rendered: dict[str, bytes], jobs: Iterable[Job]) -> list[BuiltFile]:
    by_path = {job.path: job for job in jobs}
    files = []
    for path, data in sorted(rendered.items()):
        job = by_path[path]
        files.append(
            BuiltFile(
                path=path,
                kind=job.kind,
                stage=job.stage,
                format=job.format,
                bytes=len(data),
                pages=count_pages(data, job.format),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return files


def write_manifest(
    out_dir: Path,
    files: Sequence[BuiltFile],
    library: Library,
    profile: str,
) -> Path:
    """``manifest.json``: every file with its size, pages and hash, merged with earlier builds
    whose files are still there unchanged."""
    path = out_dir / MANIFEST
    entries = {f.path: asdict(f) for f in files}
    if path.is_file():
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
            for entry in previous.get("files", []):
                old = out_dir / entry["path"]
                if entry["path"] not in entries and old.is_file():
                    if hashlib.sha256(old.read_bytes()).hexdigest() == entry.get("sha256"):
                        entries[entry["path"]] = entry
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable old manifest is simply replaced
    manifest = {
        "generator": f"cse-lessonpack {__version__}",
        "content_version": library.info.version,
        "content_reviewed": library.info.reviewed.isoformat(),
        "content_fingerprint": library.fingerprint,
        "helplines_checked": library.helplines_checked,
        "profile": profile,
        "files": [entries[key] for key in sorted(entries)],
    }
    write_atomic(path, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def load_tailoring(request: BuildRequest) -> Tailoring:
    if request.profile is None:
        return default_tailoring(request.templates)
    return load_profile(request.profile, request.templates)


def resolve_stages(request: BuildRequest, tailoring: Tailoring) -> tuple[KeyStage, ...]:
    if request.stages:
        return request.stages
    return tailoring.stages


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    """Build the requested packs. Nothing is written unless every file rendered."""
    unknown = [f for f in request.formats if f not in RENDERERS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (expected one of: {', '.join(RENDERERS)})")
    library = load_library(request.lessons)
    tailoring = load_tailoring(request)
    stages = resolve_stages(request, tailoring)
    jobs = plan_jobs(library, tailoring, request.templates, stages, request.formats)
    workers = request.jobs or os.cpu_count() or 1
    rendered = render_all(jobs, workers, progress)
    for path in rendered:
        safe_target(request.out_dir, path)
    for path, data in sorted(rendered.items()):
        write_atomic(safe_target(request.out_dir, path), data)
    files = describe(rendered, jobs)
    manifest = write_manifest(request.out_dir, files, library, tailoring.source)
    return BuildResult(
        out_dir=request.out_dir,
        files=tuple(files),
        manifest=manifest,
        content_version=library.info.version,
        profile=tailoring.source,
    )
