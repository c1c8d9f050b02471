"""The command line: parse options, call one function, show progress and results."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from .errors import LessonpackError, ProblemsError

# Heavy libraries (reportlab, python-docx, pydantic models) are imported inside the commands, so
# that `--help` answers at once.

app = typer.Typer(
    name="cse-lessonpack",
    help=(
        "Build Know About CSE lesson packs (DOCX and PDF, Key Stages 1–5), guides and posters "
        "from the content in lessons/."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class Stage(StrEnum):
    ks1 = "ks1"
    ks2 = "ks2"
    ks3 = "ks3"
    ks4 = "ks4"
    ks5 = "ks5"


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"


LessonsOption = Annotated[
    Path | None,
    typer.Option("--lessons", help="The content folder (default: ./lessons).", show_default=False),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option("--templates", help="The templates folder (default: ./templates).", show_default=False),
]


def _fail(error: LessonpackError) -> NoReturn:
    if isinstance(error, ProblemsError):
        for problem in error.problems:
            err.print(str(problem), markup=False)
        err.print(f"[bold red]{error.summary()}[/] — nothing was written.")
    else:
        err.print(f"[bold red]error:[/] {error}", markup=True)
    raise typer.Exit(error.exit_code)


@contextmanager
def _handled() -> Iterator[None]:
    try:
        yield
    except LessonpackError as error:
        _fail(error)
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


def _folders(lessons: Path | None, templates: Path | None) -> tuple[Path, Path]:
    from .paths import default_folder

    return (lessons or default_folder("lessons"), templates or default_folder("templates"))


@app.command()
def validate(lessons: LessonsOption = None) -> None:
    """Check all content in lessons/ and print every problem at once."""
    from .content import load_library

    lessons_dir, _ = _folders(lessons, None)
    with _handled():
        library = load_library(lessons_dir)
    stages = sorted({p.front.key_stage.value for p in library.plans})
    out.print(
        f"[green]ok[/]: {len(library.plans)} lessons ({', '.join(stages)}), "
        f"{len(library.activities)} activities, {len(library.glossary)} glossary terms, "
        f"{len(library.helplines)} helplines, {len(library.facts)} facts — no problems found."
    )


@app.command("list")
def list_content(lessons: LessonsOption = None) -> None:
    """Show the lessons and activities for each key stage, with timings."""
    from rich.table import Table

    from .content import load_library
    from .model import KeyStage

    lessons_dir, _ = _folders(lessons, None)
    with _handled():
        library = load_library(lessons_dir)
    for stage in KeyStage:
        plans = library.plans_for(stage)
        info = library.stages[stage]
        table = Table(
            title=f"{info.label} (ages {info.ages[0]}–{info.ages[1]}): {len(plans)} lessons",
            title_justify="left",
        )
        table.add_column("lesson / activity")
        table.add_column("id")
        table.add_column("phase")
        table.add_column("minutes", justify="right")
        for plan in plans:
            core = sum(
                library.activities[u.id].front.variants[stage].minutes
                for u in plan.front.activities
                if u.role == "core"
            )
            table.add_row(
                f"[bold]{plan.front.order}. {plan.front.title}[/]",
                plan.front.id,
                f"years {', '.join(map(str, plan.front.years))}",
                f"{plan.front.duration} (core {core})",
            )
            for use in plan.front.activities:
                activity = library.activities[use.id]
                minutes = activity.front.variants[stage].minutes
                table.add_row(
                    f"   {activity.front.title}",
                    use.id,
                    f"{use.phase}, {use.role}",
                    str(minutes),
                )
        out.print(table)


def main() -> None:
    """The console script. Usage errors exit with 2 (typer's default); user errors with 1."""
    app()
