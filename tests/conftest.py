"""Shared fixtures: a small valid content tree, the real templates, and text extractors."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

# pytest-xdist starts its workers with COLUMNS=80, and rich's console reads COLUMNS once, when the
# CLI module is imported: the width a test's CliRunner gives would then be ignored, and tables cut
# at 80 columns. Without it the console asks for the width on every print, as in a real terminal.
os.environ.pop("COLUMNS", None)

from cse_lessonpack.content import Library, load_library
from cse_lessonpack.profile import Tailoring, default_tailoring

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_LESSONS = FIXTURES / "lessons"
TEMPLATES = ROOT / "templates"
LESSONS = ROOT / "lessons"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden text files from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def templates() -> Path:
    return TEMPLATES


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(FIXTURE_LESSONS)


@pytest.fixture(scope="session")
def tailoring() -> Tailoring:
    return default_tailoring(TEMPLATES)


@pytest.fixture
def lessons_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content tree, for tests that break it on purpose."""
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, target)
    return target


@pytest.fixture
def edit(lessons_copy: Path) -> Callable[[str, str, str], Path]:
    """Replace text in one file of the copied tree: edit("plans/ks1/01-fixture.md", old, new)."""

    def apply(relative: str, old: str, new: str) -> Path:
        path = lessons_copy / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return apply
