"""The command line: parse options, call one function, show progress and results."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup

from .errors import LessonpackError, ProblemsError, display_path

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
# Notes and summaries wrap at a terminal's width; written to a file or a CI log, a line is
# left whole (wrapped at 80 columns, a note broke mid-sentence and a folder name in two).
# Output is text, never markup: it names paths and quotes what users typed ("q[/]z" in a folder
# name made rich raise a MarkupError). The few styled lines ask for markup, their values escaped.
console = Console(highlight=False, markup=False, soft_wrap=not sys.stdout.isatty())
# Problems are printed whole, one per line, so that editors and CI logs can jump to them.
err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
DUPLICATES_SHOWN = 10  # batch: notes of rows naming one school before the rest are counted


# click's UsageError, which typer's BadParameter extends: found this way because newer typer
# releases carry their own copy of click rather than depending on the click package.
_CLICK_USAGE_ERROR: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _Command(TyperCommand):
    """Help that names values as the README does: a required argument is FILE in the usage line
    (typer writes {FILE}), and is listed under Arguments by that name alone (typer adds its type,
    "FILE <path>")."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given = list(args)  # click consumes the list it is given
        try:
            return super().parse_args(ctx, args)
        except _CLICK_USAGE_ERROR as error:
            hint = _file_hint(ctx, given)
            if hint:  # click words a missing option itself, leaving the message empty
                error.message = f"{error.message}\n{hint}" if error.message else hint
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((param.metavar or (param.name or "").upper(), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _file_hint(ctx: Any, args: Sequence[str]) -> str | None:
    """What to type when a profile or spreadsheet is given bare where an option was needed
    ("build school.toml", "config show school.toml", "build schools.csv"): click's own message
    says only that an argument was unexpected or that --school is missing."""
    params = ctx.command.params
    # A file named just after an option that takes a value is that option's value.
    valued = {o for p in params if p.param_type_name == "option" and not p.is_flag for o in p.opts}
    takes_school = "--school" in valued and "--school" not in args
    takes_file = any(p.param_type_name == "argument" for p in params)
    for i, arg in enumerate(args):
        if arg.startswith("-") or (i > 0 and args[i - 1] in valued):
            continue
        suffix = Path(arg).suffix.casefold()
        if suffix == ".toml" and takes_school:
            fixed = [*args[:i], "--school", *args[i:]]
            return (
                f"A school profile is named with --school: {ctx.command_path} {shlex.join(fixed)}"
            )
        if suffix in {".csv", ".xlsx", ".ods", ".xls"} and not takes_file:
            root = ctx.find_root().info_name or "cse-lessonpack"
            return f"A spreadsheet of schools is built with: {root} batch {shlex.quote(arg)}"
    return None


class Stage(StrEnum):
    ks1 = "ks1"
    ks2 = "ks2"
    ks3 = "ks3"
    ks4 = "ks4"
    ks5 = "ks5"


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"


class Size(StrEnum):
    A4 = "A4"
    A3 = "A3"
    A2 = "A2"


Choice = TypeVar("Choice", bound=StrEnum)


def _choice(choices: type[Choice]) -> Callable[[str], Choice]:
    """A parser for an option with a few values, in any case ("KS3", "a4": the files are named
    staff-a4.pdf). typer's own check words its refusal as pydantic does ("Value error, …")."""

    def parse(value: str) -> Choice:
        for choice in choices:
            if choice.value.casefold() == value.strip().casefold():
                return choice
        known = ", ".join(repr(c.value) for c in choices)
        raise typer.BadParameter(f"{value!r} is not one of {known}.")

    return parse


def _stage(value: str) -> Stage:
    """``--stage``, read as a profile reads a stage: "Key Stage 3" and "KS 3" are ks3, and a
    school year ("Year 9") is answered with its key stage."""
    from .profile import stage_words, year_hint  # only once a stage is given: --help stays quick

    try:
        return _choice(Stage)(stage_words(value))
    except typer.BadParameter:
        hint = year_hint(value)
        if hint:
            raise typer.BadParameter(f"{value!r} is not a key stage: {hint}.") from None
        return _choice(Stage)(value)  # refused, quoting the value as typed


def _metavar(choices: type[StrEnum]) -> str:
    return "|".join(c.value for c in choices)


LessonsOption = Annotated[
    Path | None,
    typer.Option(
        "--lessons",
        help="The content folder (default: ./lessons, else the copy installed with the tool).",
        show_default=False,
        metavar="DIR",
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="The templates folder (default: ./templates, else the copy installed with the tool).",
        show_default=False,
        metavar="DIR",
    ),
]


def _jobs(value: int) -> int:
    # Checked here rather than with min=0, which shows as "x>=0" in the help.
    if value < 0:
        raise typer.BadParameter("must be 0 or more (0: one per CPU)")
    return value


JobsOption = Annotated[
    int,
    typer.Option("--jobs", callback=_jobs, help="Worker processes (0: one per CPU).", metavar="N"),
]


def _fail(error: LessonpackError, writes: bool = True) -> NoReturn:
    if isinstance(error, ProblemsError):
        for problem in error.problems:
            err.print(str(problem), markup=False)
        # A command that only reads (validate, list, verify, config show) never writes anything.
        err.print(
            f"[bold red]{escape(error.summary())}[/]"
            + (" — nothing was written." if writes else ""),
            markup=True,
        )
    else:
        # Messages name paths and quote what users typed: shown as text, never read as markup.
        err.print(f"[bold red]error:[/] {escape(str(error))}", markup=True)
    raise typer.Exit(error.exit_code)


@contextmanager
def _handled(writes: bool = True) -> Iterator[None]:
    try:
        yield
    except LessonpackError as error:
        _fail(error, writes)
    except OSError as error:  # the file system refused something not named more precisely
        from .build import os_error_message

        _fail(LessonpackError(os_error_message(error, "access")), writes)
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None


@contextmanager
def _progress(starting: str, working: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr (gone when done), advanced as (item, done, total) where item is
    the one just finished: with workers in parallel there is no single item "being built"."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}", markup=False),  # a school's name, as typed
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    if not err.is_terminal:
        # Piped or logged: no bar to draw (rich would still leave a blank line at its end).
        yield lambda item, done, total: None
        return
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(starting, total=None)

        def advance(item: str, done: int, total: int) -> None:
            label = f"{working} · {item} done" if item else working
            bar.update(task, total=total, completed=done, description=label)

        yield advance


def _folders(lessons: Path | None, templates: Path | None) -> tuple[Path, Path]:
    from .paths import default_folder

    return (lessons or default_folder("lessons"), templates or default_folder("templates"))


def _out_folder(value: str | Path) -> Path:
    """``--out``: an empty value would quietly mean the current folder (``Path("")`` is "."), so
    it is a command-line mistake. (The default arrives here as a Path already.)"""
    if isinstance(value, str) and not value.strip():
        raise typer.BadParameter(
            "must not be empty (to write into the current folder, give --out .)"
        )
    return Path(value)


def _refuse_non_file(path: Path, example: str) -> None:
    """A file that ``--force`` may replace: never a folder, a link or a device, which the atomic
    write would swap for a regular file (a link would stop pointing at the file it names)."""
    from .errors import UsageError

    if path.is_symlink():
        what = "a symbolic link, not a file"
    elif path.is_dir():
        what = "a folder, not a file"
    elif path.exists() and not path.is_file():
        what = "a device or other special file, not a regular file"
    else:
        return
    raise UsageError(f"{path} is {what}; give the name of a file to write, such as {example}")


def _school_option(help: str) -> Any:
    """``--school``, with what the profile does in this command."""
    return typer.Option("--school", help=help, show_default=False, metavar="PROFILE")


def _out_option(help: str = "Output folder.") -> Any:
    return typer.Option("--out", help=help, parser=_out_folder, metavar="DIR")


ReplaceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help=(
            "Build into a folder that holds another school's or profile's build (the campaign's "
            "counts as one), removing its files and download page."
        ),
    ),
]


def _human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@app.command(cls=_Command)
def build(
    stage: Annotated[
        list[Stage] | None,
        typer.Option(
            "--stage",
            help="A key stage to build; repeat for more (default: all).",
            show_default=False,
            parser=_stage,  # "KS3", as it is printed on the packs, works too
            metavar=_metavar(Stage),
        ),
    ] = None,
    fmt: Annotated[
        list[Format] | None,
        typer.Option(
            "--format",
            help="docx or pdf; repeat for both (default: both).",
            show_default=False,
            parser=_choice(Format),
            metavar=_metavar(Format),
        ),
    ] = None,
    out: Annotated[Path, _out_option()] = Path("output"),
    school: Annotated[
        Path | None,
        _school_option(
            "A school profile (TOML) to tailor the packs, guides, posters and download page; "
            "see `init`."
        ),
    ] = None,
    guides: Annotated[
        bool, typer.Option("--guides/--no-guides", help="Also build the guides for adults.")
    ] = True,
    posters: Annotated[
        bool, typer.Option("--posters/--no-posters", help="Also build the posters (A4 and A3).")
    ] = True,
    site: Annotated[
        bool, typer.Option("--site/--no-site", help="Also write the download page, index.html.")
    ] = True,
    force: ReplaceOption = False,
    jobs: JobsOption = 0,
    lessons: LessonsOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Build the lesson packs (DOCX and PDF for every key stage by default), the guides for
    adults, the posters and the download page into output/.

    A folder holds one school's (or the campaign's) files: into a folder built for another school
    or profile, this stops unless --force (or give this build its own --out).
    """
    from rich.table import Table

    from .build import BuildRequest
    from .build import build as run_build
    from .model import KeyStage

    lessons_dir, templates_dir = _folders(lessons, templates)
    request = BuildRequest(
        lessons=lessons_dir,
        templates=templates_dir,
        out_dir=out,
        stages=tuple(KeyStage(s.value) for s in stage or []),
        formats=tuple(f.value for f in fmt or list(Format)),
        profile=school,
        jobs=jobs,
        guides=guides,
        posters=posters,
        site=site,
        force=force,
    )
    with _handled(), _progress("checking content", "rendering") as advance:
        result = run_build(request, advance)
    table = Table(title=f"Built into {result.out_dir}/", title_justify="left")
    table.add_column("file")
    table.add_column("pages", justify="right")
    table.add_column("size", justify="right")
    for item in result.files:
        table.add_row(
            item.path, str(item.pages) if item.pages is not None else "–", _human_size(item.bytes)
        )
    console.print(table)
    console.print(
        f"Manifest: {result.manifest}  (content version {result.content_version}; {result.profile})"
    )
    if site:
        console.print(f"Download page: {result.out_dir / 'index.html'}")
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    _report_earlier(
        result.removed,
        result.left,
        result.out_dir,
        result.page_removed,
        school,
        result.details_before,
    )
    if result.page_outdated:
        again = f"cse-lessonpack site --out {result.out_dir}" + (
            f" --school {school}" if school else ""
        )
        console.print(
            "Removed the download page (index.html and site/) an earlier build wrote here: it "
            "showed files this build has changed. To make it again for the files in the folder "
            "now: " + escape(again),
            markup=True,
        )


def _report_earlier(
    removed: Sequence[str],
    left: Sequence[str],
    out: Path,
    page_removed: bool = False,
    school: Path | None = None,
    details_before: str = "",
) -> None:
    """Say what became of the files an earlier build for another school or profile left (or for
    this school, before its details changed: ``details_before`` says whose they were)."""
    if removed and details_before:
        # The same school: say why, not "another school", and how to get them back.
        console.print(
            f"Removed {len(removed)} file(s) an earlier build for {escape(details_before)} had "
            f"written in {escape(str(out))}/: they were made with other details or settings "
            "than this build's, and would have shown them. Build those stages again (or all of "
            "them) to have them as this profile makes them: " + escape(", ".join(removed)),
            markup=True,
        )
    elif removed:
        console.print(
            f"Removed {len(removed)} file(s) an earlier build for another school or profile "
            f"had written in {escape(str(out))}/ (they would have been mistaken for this "
            "build's): " + escape(", ".join(removed)),
            markup=True,
        )
    if page_removed:
        # This run made no page of its own; say how to make one for what the folder holds now.
        again = f"cse-lessonpack site --out {out}" + (f" --school {school}" if school else "")
        console.print(
            "Removed the download page (index.html and site/) an earlier build for another "
            "school or profile had written there too: it named that school and linked to its "
            "files. To make a page for the files in the folder now: " + escape(again),
            markup=True,
        )
    if left:
        console.print(
            f"[yellow]Warning:[/yellow] {len(left)} file(s) from an earlier build for another "
            "school or profile have been changed since, so they were left in "
            f"{escape(str(out))}/ — delete them before sharing the folder: "
            + escape(", ".join(left)),
            markup=True,
        )


@app.command(cls=_Command)
def validate(lessons: LessonsOption = None, templates: TemplatesOption = None) -> None:
    """Check all content in lessons/ (and the poster wording in templates/) and print every
    problem at once."""
    from .content import load_library
    from .posters import load_posters

    lessons_dir, templates_dir = _folders(lessons, templates)
    with _handled(writes=False):
        library = load_library(lessons_dir)
        posters = load_posters(library, templates_dir)
    stages = sorted({p.front.key_stage.value for p in library.plans})
    console.print(
        f"[green]ok[/]: {len(library.plans)} lessons ({', '.join(stages)}), "
        f"{len(library.activities)} activities, {len(library.glossary)} glossary terms, "
        f"{len(library.helplines)} helplines, {len(library.facts)} facts, "
        f"{len(posters)} posters — no problems found.",
        markup=True,
    )


@app.command("list", cls=_Command)
def list_content(lessons: LessonsOption = None) -> None:
    """Show the lessons and activities for each key stage, with timings."""
    from rich.table import Table
    from rich.text import Text

    from .compose import core_minutes
    from .content import load_library
    from .model import KeyStage

    lessons_dir, _ = _folders(lessons, None)
    with _handled(writes=False):
        library = load_library(lessons_dir)
    for stage in KeyStage:
        plans = library.plans_for(stage)
        info = library.stages[stage]
        table = Table(
            title=f"{info.label} (ages {info.ages[0]}–{info.ages[1]}): {len(plans)} lessons",
            title_justify="left",
        )
        table.add_column("lesson / activity")
        # The ids are what a profile's exclude_lessons takes: shown whole, never cut short.
        ids = [i for p in plans for i in (p.front.id, *(u.id for u in p.front.activities))]
        longest = max((len(i) for i in ids), default=2)
        table.add_column("id", no_wrap=True, min_width=longest)
        table.add_column("years / phase")
        table.add_column("minutes", justify="right")
        for plan in plans:
            core = core_minutes(library, plan)
            table.add_row(
                Text(f"{plan.front.order}. {plan.front.title}", style="bold"),
                plan.front.id,
                f"years {', '.join(map(str, plan.front.years))}"
                + (f" (suggested {suggested})" if (suggested := plan.front.suggested_year) else ""),
                f"{plan.front.duration} (core {core})",
            )
            for use in plan.front.activities:
                activity = library.activities[use.id]
                minutes = activity.front.variants[stage].minutes
                table.add_row(
                    Text(f"   {activity.front.title}"),
                    use.id,
                    f"{use.phase}, {use.role}",
                    str(minutes),
                )
        console.print(table)


@app.command(cls=_Command)
def init(
    path: Annotated[
        Path,
        typer.Argument(
            help="Where to write the profile, e.g. school.toml.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    templates: TemplatesOption = None,
) -> None:
    """Write a commented starter school profile to fill in."""
    from .build import write_atomic

    _, templates_dir = _folders(None, templates)
    with _handled():
        _refuse_non_file(path, "school.toml")
        if path.suffix.lower() != ".toml":
            from .errors import UsageError

            # "init newfolder/" wrote a file called newfolder, which nothing opens as a profile.
            raise UsageError(
                f"{path} does not end in .toml; give the profile a name such as "
                f"{path.with_suffix('.toml') if path.suffix else path / 'school.toml'}"
            )
        if path.exists() and not force:
            from .errors import UsageError

            raise UsageError(f"{path} already exists; choose another name or add --force")
        source = templates_dir / "school-profile.toml"
        try:
            starter = source.read_bytes()
        except OSError as exc:
            from .build import os_error_message

            raise LessonpackError(os_error_message(exc, "read", source)) from None
        write_atomic(path, starter)
    # A folder of the school's own beside the profile: output/ holds the campaign's packs after the
    # Quick start, and a build there for a school is refused rather than replace them.
    packs = path.parent / "packs"
    # Quoted where the shell needs it: a path with spaces, pasted as printed, was split in two.
    console.print(
        f'Wrote {path}. Put your school\'s details in place of the "Your …" values, then: '
        f"cse-lessonpack build --school {shlex.quote(str(path))} --out {shlex.quote(str(packs))}",
        markup=False,
    )


class _ConfigGroup(TyperGroup):
    """``config``: "config --school school.toml" left out the word show, and click's message
    ("No such option: --school") did not say so."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except _CLICK_USAGE_ERROR as error:
            if given and given[0].startswith("--school"):
                error.message += f"\nA profile is shown with: {ctx.command_path} show " + (
                    shlex.join(given)
                )
            raise


config_app = typer.Typer(cls=_ConfigGroup, help="Inspect a school profile.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show", cls=_Command)
def config_show(
    school: Annotated[
        Path,
        typer.Option(
            "--school", help="The school profile (TOML) to check and show.", metavar="PROFILE"
        ),
    ],
    lessons: LessonsOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Print the school profile merged over the campaign defaults, after checking it as a build
    would (against the lessons too: excluded lesson ids, lesson length; and that the school's
    name and DSL fit on the posters)."""
    from functools import partial

    from rich.table import Table
    from rich.text import Text

    from .compose import check_tailoring, worksheet_size
    from .content import load_library
    from .posters import check_school_fits
    from .profile import (
        accent_note,
        describe,
        load_profile,
        logo_notes,
        out_of_hours_note,
        unused_logo_note,
    )

    lessons_dir, templates_dir = _folders(lessons, templates)
    with _handled(writes=False):
        library = load_library(lessons_dir)
        tailoring = load_profile(school, templates_dir, partial(check_tailoring, library))
        check_school_fits(library, tailoring, templates_dir)
    table = Table(
        title=f"{school} (checked, merged over the campaign defaults)", title_justify="left"
    )
    table.add_column("setting")
    table.add_column("value")
    sizes = {s.value: worksheet_size(tailoring, library.stages[s]) for s in tailoring.stages}
    for key, value in describe(tailoring, sizes):
        table.add_row(key, Text(value))  # a school's text is shown as typed, never as markup
    console.print(table)
    # What a build would note about the logo and the local contacts, said before anything is
    # built.
    unused = unused_logo_note(school, tailoring)
    logo = logo_notes(tailoring.logo) if tailoring.logo else []
    hours = out_of_hours_note(tailoring.local_contacts)
    for note in [*logo, *filter(None, [unused, accent_note(tailoring), hours])]:
        console.print(f"note: {note}", markup=False)


def _millimetres(value: str | float) -> float:
    """--bleed as people write it: 3, 3.5 or 3mm (a print shop's "3mm bleed")."""
    number = str(value).strip().lower().removesuffix("mm").strip()  # the default is 0.0
    try:
        bleed = float(number)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a number of millimetres; write it as --bleed 3"
        ) from None
    from .posters import MAX_BLEED_MM

    if not 0 <= bleed <= MAX_BLEED_MM:
        raise typer.BadParameter(
            f"{value!r} is not between 0 and {MAX_BLEED_MM:g} mm; most print shops ask for 3"
        )
    return bleed


def _note_trim(crop_marks: bool, bleed: float) -> None:
    """Crop marks without bleed: the posters' colour bands run to the trim, so a cut a hair
    inside it leaves a white sliver."""
    if crop_marks and not bleed:
        console.print(
            "note: crop marks without bleed: the colour at the posters' edges stops at the "
            "trim, so a cut a little off shows white; a print shop usually asks for --bleed 3",
            markup=False,
        )


BleedOption = Annotated[
    float,
    typer.Option(
        "--bleed",
        parser=_millimetres,
        help="Bleed in millimetres on every side, 0 to 10 (3 or 3mm).",
        metavar="MM",
    ),
]
CropMarksOption = Annotated[bool, typer.Option("--crop-marks", help="Draw crop marks.")]
CmykOption = Annotated[bool, typer.Option("--cmyk", help="Write every colour as CMYK.")]


@app.command(cls=_Command)
def batch(
    schools: Annotated[
        Path | None,
        typer.Argument(
            help="The spreadsheet (CSV), one school per row.",
            show_default=False,
            metavar="SPREADSHEET",
        ),
    ] = None,
    out: Annotated[Path, _out_option()] = Path("output/schools"),
    jobs: JobsOption = 0,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=(
                "Rebuild schools whose inputs have not changed, and build into a folder that "
                "holds schools another spreadsheet built (removing those this one does not "
                "have); with --template, replace FILE."
            ),
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop before building anything if any row is bad.")
    ] = False,
    site: Annotated[
        bool,
        typer.Option(
            "--site/--no-site", help="Also write each school's download page, index.html."
        ),
    ] = True,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            help="Write the column header and an example row to FILE (a new file, unless --force).",
            metavar="FILE",
        ),
    ] = None,
    poster_size: Annotated[
        list[Size] | None,
        typer.Option(
            "--poster-size",
            help="Each school's posters at A4, A3 or A2; repeat for more (default: A4 and A3).",
            show_default=False,
            parser=_choice(Size),
            metavar=_metavar(Size),
        ),
    ] = None,
    bleed: BleedOption = 0.0,
    crop_marks: CropMarksOption = False,
    cmyk: CmykOption = False,
    lessons: LessonsOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Build tailored packs for every school in a spreadsheet: a folder and a zip per school.

    The print-shop options (--poster-size, --bleed, --crop-marks, --cmyk) apply to every school's
    posters, as the `posters` command's do.
    """

    from .batch import RowsError, run_batch, template_csv
    from .build import write_atomic
    from .errors import UsageError
    from .posters import DEFAULT_SIZES, PrintRun, cmyk_note

    with _handled():
        if template is not None:
            if schools is not None:
                raise UsageError(
                    "give either a spreadsheet to build from or --template FILE, not both"
                )
            _refuse_non_file(template, "schools.csv")
            if template.exists() and not force:
                raise UsageError(
                    f"{template} already exists; choose another name or add --force to replace it"
                )
            # With a byte-order mark, Excel reads the file as UTF-8 ("Mon–Thu" stays intact).
            write_atomic(template, template_csv().encode("utf-8-sig"))
            console.print(
                f"Wrote {template}: the columns and an example row. One school per row; only "
                "school_name is needed, and a column left out or left empty means the default."
            )
            return
        if schools is None:
            raise UsageError("give the spreadsheet to build from, or --template FILE to start one")
        lessons_dir, templates_dir = _folders(lessons, templates)
        try:
            with _progress("checking the spreadsheet", "schools") as advance:
                result = run_batch(
                    schools,
                    lessons_dir,
                    templates_dir,
                    out,
                    jobs=jobs,
                    force=force,
                    strict=strict,
                    site=site,
                    prints=PrintRun(
                        tuple(s.value for s in poster_size) if poster_size else DEFAULT_SIZES,
                        bleed,
                        crop_marks,
                        cmyk,
                    ),
                    progress=advance,
                )
        except RowsError as refused:
            for note in refused.notes:  # how the sheet was read, above the rows it refused
                err.print(f"note: {note}", markup=False)
            raise
    built = sum(1 for r in result.results if r.status == "built")
    unchanged = sum(1 for r in result.results if r.status == "unchanged")
    for note in result.notes:  # how the spreadsheet was read (its encoding, columns left out)
        console.print(f"note: {note}", markup=False)
    for noted in (r for r in result.results if r.note):
        console.print(f"note: {noted.note}", markup=False)
    for row_note in (n for r in result.results for n in r.row_notes):
        console.print(f"note: {row_note}", markup=False)
    _note_trim(crop_marks, bleed)
    if cmyk:
        inks = cmyk_note("schools' own colours and logos")
        console.print(f"note: {inks}", markup=False)
    for duplicate in result.duplicates[:DUPLICATES_SHOWN]:
        console.print(f"note: {duplicate}", markup=False)
    if len(result.duplicates) > DUPLICATES_SHOWN:
        more = len(result.duplicates) - DUPLICATES_SHOWN
        console.print(
            f"note: and {more} more school name(s) given by more than one row: "
            f"{result.manifest_csv.name} lists every row's school and folder",
            markup=False,
        )
    # The rows that failed last, just above the summary, where they are not lost among notes.
    for failed in (r for r in result.results if r.status == "failed"):
        err.print(failed.error, markup=False)
    total = len(result.results)
    noun = "school" if total == 1 else "schools"
    console.print(
        f"{built} built, {unchanged} unchanged, {result.failed} failed, of {total} {noun}.\n"
        f"Manifests: {result.manifest_csv}, {result.manifest_json}",
        markup=False,
    )
    if result.removed:
        console.print(
            f"Removed the earlier files of {len(result.removed)} school(s) not built in this run "
            "(their rows are gone or now have problems): " + ", ".join(result.removed),
            markup=False,
        )
    if result.failed:
        raise typer.Exit(1)


@app.command(cls=_Command)
def verify(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder of generated files (default: output).",
            show_default=False,
            metavar="PATH",
        ),
    ] = Path("output"),
    lessons: LessonsOption = None,
) -> None:
    """Read back every generated DOCX and PDF and check numbers, words, sections and fonts."""
    from rich.table import Table
    from rich.text import Text

    from .content import load_library
    from .errors import LessonpackError, UsageError
    from .verify import verify_folder

    lessons_dir, _ = _folders(lessons, None)
    with _handled(writes=False):
        if not path.exists():
            # A path that is not there is a missing input, as a missing profile or spreadsheet
            # is for the other commands (exit code 1); a file given for the folder is misuse.
            raise LessonpackError(f"{path}: folder not found (expected a folder a build wrote)")
        if not path.is_dir():
            raise UsageError(f"{path} is not a folder of generated files")
        library = load_library(lessons_dir)
        reports = verify_folder(path, library)
    table = Table(title=f"Checked {len(reports)} files in {path}/", title_justify="left")
    table.add_column("file")
    table.add_column("checks passed", justify="right")
    table.add_column("problems")
    for report in reports:
        passed = report.checks - (1 if report.problems else 0)
        table.add_row(
            Text(report.path),
            f"{passed}/{report.checks}",
            Text("\n".join(report.problems) or "none", style="red" if report.problems else "green"),
        )
    console.print(table)
    bad = sum(1 for r in reports if r.problems)
    if not reports:
        err.print(f"no generated files found in {path}")
        raise typer.Exit(1)
    if bad:
        err.print(f"{bad} of {len(reports)} files have problems.")
        raise typer.Exit(1)
    console.print(f"All {len(reports)} files passed.")


@app.command("site", cls=_Command)
def site_command(
    out: Annotated[Path, _out_option("The output folder a build wrote.")] = Path("output"),
    school: Annotated[
        Path | None,
        _school_option(
            "The school profile (TOML) the build was given, whose school and DSL the page shows."
        ),
    ] = None,
    lessons: LessonsOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Write the download page (index.html) for everything a build made in the output folder."""
    from .build import BuildRequest, load_tailoring
    from .content import load_library
    from .site import build_site

    lessons_dir, templates_dir = _folders(lessons, templates)
    with _handled():
        library = load_library(lessons_dir)
        request = BuildRequest(lessons_dir, templates_dir, out, profile=school)
        tailoring = load_tailoring(request, library)
        written = build_site(out, library, tailoring, templates_dir)
    console.print(f"Wrote {out / 'index.html'} and {len(written) - 1} files in {out / 'site'}/")


@app.command("posters", cls=_Command)
def posters_command(
    audience: Annotated[
        list[str] | None,
        typer.Option(
            "--audience",
            help=(
                "primary-pupils, secondary-pupils, parents or staff; repeat (default: those "
                "`build` makes: all, but pupils' posters only for the ages a --school teaches)."
            ),
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    size: Annotated[
        list[Size] | None,
        typer.Option(
            "--size",
            help="A4, A3 or A2; repeat for more (default: A4 and A3).",
            show_default=False,
            parser=_choice(Size),
            metavar=_metavar(Size),
        ),
    ] = None,
    bleed: BleedOption = 0.0,
    crop_marks: CropMarksOption = False,
    cmyk: CmykOption = False,
    school: Annotated[
        Path | None,
        _school_option(
            "A school profile (TOML) to tailor the posters: the school's name and logo, and who "
            "its DSL is; see `init`."
        ),
    ] = None,
    out: Annotated[Path, _out_option()] = Path("output"),
    force: ReplaceOption = False,
    lessons: LessonsOption = None,
    templates: TemplatesOption = None,
) -> None:
    """Build helpline posters (PDF, with a PNG preview of each) into output/posters/: ready for an
    office printer as they are; for a print shop, add --bleed 3 --crop-marks --cmyk.

    Without --audience, the posters a build for the same school makes: no primary pupils' poster
    for a school that teaches only secondary stages.

    A folder holds one school's (or the campaign's) files: into a folder built for another school
    or profile, this stops unless --force, which removes that build's files and its download page
    (or give the posters their own --out).
    """
    from rich.table import Table

    from .build import (
        BuildRequest,
        check_folder,
        check_replacing,
        describe_files,
        load_tailoring,
        plan_manifest,
        publish,
        published_profile,
        school_info,
        verify_file,
    )
    from .content import load_library
    from .posters import (
        DEFAULT_SIZES,
        audiences_for,
        logo_room_note,
        poster_files,
        school_cmyk_note,
    )
    from .verify import Verifier

    lessons_dir, templates_dir = _folders(lessons, templates)
    with _handled():
        check_folder(out)  # before the work, not after it
        library = load_library(lessons_dir)
        request = BuildRequest(lessons_dir, templates_dir, out, profile=school)
        tailoring = load_tailoring(request, library)
        check_replacing(out, tailoring, force)  # before the work, too
        logo_room: dict[str, tuple[float, float]] = {}
        files = poster_files(
            library,
            tailoring,
            templates_dir,
            # As a build for this school makes them: no primary poster for a secondary school.
            audience or audiences_for(library, templates_dir, tailoring.stages),
            [s.value for s in size] if size else DEFAULT_SIZES,
            bleed_mm=bleed,
            crop_marks=crop_marks,
            cmyk=cmyk,
            logo_room=logo_room,
        )
        verifier = Verifier(library)
        info = school_info(tailoring)
        for path, data in files.items():
            verify_file(verifier, path, data, info)
        built = describe_files(files, "poster")
        # All the posters and the manifest, or none of them (see build.publish).
        plan = plan_manifest(out, built, library, published_profile(tailoring.source), school=info)
        manifest = publish(out, files, plan)
    _report_earlier(manifest.removed, manifest.left, out, manifest.page_removed, school)
    table = Table(title=f"Posters in {out}/", title_justify="left")
    table.add_column("file")
    table.add_column("size", justify="right")
    for item in built:
        table.add_row(item.path, _human_size(item.bytes))
    console.print(table)
    console.print(f"Manifest: {manifest.path}")
    logo = tailoring.logo
    small = logo_room_note(logo.source, logo.pixels, logo_room) if logo else None
    if small:
        console.print(f"note: {small}", markup=False)
    _note_trim(crop_marks, bleed)
    inks = school_cmyk_note(tailoring) if cmyk else None
    if inks:
        console.print(f"note: {inks}", markup=False)
    # A poster's "Numbers checked on" is the oldest date in the content: a print run is when a
    # wrong number costs most, so say where it comes from and what to do first.
    from .paths import is_installed_copy

    oldest = min(h.checked for h in library.helplines.values())
    helplines = display_path(lessons_dir / "helplines.yaml")
    # The installed copy is replaced by a reinstall: an edit there would be lost.
    where, update = (
        (
            f"the content installed with cse-lessonpack ({helplines})",
            "correct them in a copy of that lessons folder, given with --lessons",
        )
        if is_installed_copy(lessons_dir)
        else (helplines, "update those dates")
    )
    console.print(
        f'note: the posters\' "Numbers checked on" date comes from the `checked` dates in '
        f"{where} (the oldest: {oldest:%-d %B %Y}). Before a print run, check every number, "
        f"its hours and cost with the service itself, and {update}.",
        markup=False,
    )


def main() -> None:
    """The console script. Usage errors exit with 2 (typer's default); user errors with 1."""
    app()
