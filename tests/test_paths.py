"""Where content and templates are found: the installed copies are told apart."""

from __future__ import annotations

from cse_lessonpack import paths

from .conftest import LESSONS


def test_the_installed_copy_is_told_apart_from_a_checkout() -> None:
    assert paths.is_installed_copy(paths._PACKAGE / "bundled" / "lessons")
    assert not paths.is_installed_copy(LESSONS)
