"""Where the content and templates are found when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_folder(name: str) -> Path:
    """``./NAME`` if it exists, else the copy bundled in the wheel, else the source checkout's."""
    candidates = [
        Path.cwd() / name,
        _PACKAGE / "bundled" / name,
        _PACKAGE.parent.parent / name,  # src/cse_lessonpack -> the repository root
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def is_installed_copy(folder: Path) -> bool:
    """Whether a folder is one of the copies installed with the package, which a reinstall
    replaces: never the place to tell a user to edit."""
    return folder.resolve().is_relative_to(_PACKAGE / "bundled")


def cache_folder() -> Path:
    """This tool's folder in the user's cache: what a build worked out once and keeps."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cse-lessonpack"
