"""One hierarchy for every error a user can cause, with the exit codes the CLI turns them into."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_ERROR = 1  # content, profile, template, render or verification problem
EXIT_USAGE = 2  # command-line misuse


class LessonpackError(Exception):
    """A problem the user can fix; the CLI shows ``str(error)`` and exits with ``exit_code``."""

    exit_code = EXIT_ERROR


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: ``path:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        resolved = p.resolve()
    except (RuntimeError, OSError):
        # A symbolic link that loops (Python 3.11 raises RuntimeError): the folder it sits in
        # still resolves, and the message is about the link itself.
        try:
            resolved = p.parent.resolve() / p.name
        except (RuntimeError, OSError):
            return p.as_posix()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


class ProblemsError(LessonpackError):
    """Several located problems reported together."""

    kind = "problem"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_problem_order))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ProblemsError], tuple[tuple[Problem, ...]]]:
        # Raised in worker processes: travel back to the parent with the problems intact.
        return (type(self), (self.problems,))

    def summary(self) -> str:
        n = len(self.problems)
        return f"{n} {self.kind}{'' if n == 1 else 's'}"


def _problem_order(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line or 0, p.message)


class ContentError(ProblemsError):
    """Something in ``lessons/`` is malformed or breaks a content rule."""

    kind = "content error"

    @classmethod
    def one(cls, path: Path | str, line: int | None, message: str) -> ContentError:
        return cls([Problem(display_path(path), line, message)])


class ProfileError(ProblemsError):
    """A school profile, batch row or brand setting is invalid."""

    kind = "profile error"

    @classmethod
    def one(cls, path: Path | str, line: int | None, message: str) -> ProfileError:
        return cls([Problem(display_path(path), line, message)])


class SpreadsheetError(ProfileError):
    """A batch spreadsheet, or a row of it, is invalid."""

    kind = "spreadsheet error"


class TemplateError(LessonpackError):
    """A template in ``templates/`` failed or produced Markdown outside the supported subset."""


class RenderError(LessonpackError):
    """A renderer could not write a file."""


class OutputError(LessonpackError):
    """The output folder holds files a run would remove or overwrite without being asked to:
    like any overwrite without --force, a command-line matter."""

    exit_code = EXIT_USAGE


class VerifyError(ProblemsError):
    """A generated file failed a safety check."""

    kind = "verification problem"


class StaleBuildError(LessonpackError):
    """An output folder's build is missing, damaged or from other content, so a command that
    reads it (``site``) cannot: an input that is not there, exit code 1, like ``verify``'s."""


class UsageError(LessonpackError):
    """The command line asks for something that cannot be done."""

    exit_code = EXIT_USAGE


class ProblemCollector:
    """Gathers problems from many checks so that all of them are shown in one run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message))

    def extend(self, error: ProblemsError) -> None:
        self.problems.extend(error.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self, error_type: type[ProblemsError] = ContentError) -> None:
        if self.problems:
            raise error_type(self.problems)
