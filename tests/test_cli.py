"""The command line end to end, on the fixture content: exit codes, messages, files written."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cse_lessonpack.batch import COLUMNS, template_csv
from cse_lessonpack.cli import app

from .conftest import FIXTURE_LESSONS, ROOT, TEMPLATES
from .textextract import folder_files

runner = CliRunner(env={"COLUMNS": "160"})


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_packs_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = _run(
        "build",
        "--lessons",
        str(FIXTURE_LESSONS),
        "--templates",
        str(TEMPLATES),
        "--out",
        str(out),
        "--stage",
        "ks1",
        "--jobs",
        "1",
    )
    assert code == 0
    assert "ks1/know-about-cse-ks1.pdf" in stdout
    assert (out / "ks1" / "know-about-cse-ks1.docx").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"] if f["kind"] == "pack"] == [
        "ks1/know-about-cse-ks1.docx",
        "ks1/know-about-cse-ks1.pdf",
    ]


@pytest.mark.parametrize("folder", ["q[/]z", "Schools [draft]", "[bold]x"])
def test_paths_with_square_brackets_are_shown_as_typed(tmp_path: Path, folder: str) -> None:
    # rich read paths as markup: "q[/]z" crashed with a MarkupError traceback, and
    # "Schools [draft]" printed as "Schools /", a folder that does not exist.
    where = tmp_path / folder
    where.mkdir(parents=True)
    code, stdout, stderr = _run("init", str(where / "s.toml"))
    assert code == 0 and f"Wrote {where / 's.toml'}." in stdout
    code, _, stderr = _run("config", "show", "--school", str(where / "s.toml"))
    assert code == 1 and "Traceback" not in stderr
    assert f"{where / 's.toml'}:13:" in stderr
    out = where / "out"
    code, stdout, stderr = _run(
        "build",
        "--lessons",
        str(FIXTURE_LESSONS),
        "--templates",
        str(TEMPLATES),
        "--out",
        str(out),
        "--stage",
        "ks1",
        "--format",
        "pdf",
        "--jobs",
        "1",
    )
    assert code == 0, stderr
    assert f"Manifest: {out / 'manifest.json'}" in stdout


def test_validate_passes_on_good_content() -> None:
    code, stdout, _ = _run("validate", "--lessons", str(FIXTURE_LESSONS))
    assert code == 0
    assert "no problems found" in stdout


def test_content_errors_are_listed_with_exit_code_1_and_nothing_written(
    tmp_path: Path, lessons_copy: Path
) -> None:
    plan = lessons_copy / "plans" / "ks1" / "01-fixture.md"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("duration: 60", "duration: 50").replace(
        "[childline, emergency]", "[childline, nope]"
    )
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = _run(
        "build", "--lessons", str(lessons_copy), "--templates", str(TEMPLATES), "--out", str(out)
    )
    assert code == 1
    lines = stderr.strip().splitlines()
    assert lines[0].endswith(
        "plans/ks1/01-fixture.md:7: activities add up to 60 minutes but duration is 50 "
        "(fixture-circle 10, fixture-sheet 35, fixture-close 15): change the duration, or an "
        "activity's minutes in its file, under variants: ks1: minutes"
    )
    assert lines[1].endswith(
        "plans/ks1/01-fixture.md:36: unknown helpline 'nope' (helplines.yaml has no such id)"
    )
    assert lines[2] == "2 content errors — nothing was written."
    assert "Traceback" not in stderr
    assert not out.exists()


def test_usage_errors_exit_with_2() -> None:
    code, _, stderr = _run("build", "--stage", "ks9")
    assert code == 2
    assert "ks9" in stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (
            ["build", "--out", "packs", "school.toml"],
            "A school profile is named with --school: "
            "cse-lessonpack build --out packs --school school.toml",
        ),
        (
            ["config", "show", "my school.toml"],
            "A school profile is named with --school: "
            "cse-lessonpack config show --school 'my school.toml'",
        ),
        (
            ["build", "schools.csv"],
            "A spreadsheet of schools is built with: cse-lessonpack batch schools.csv",
        ),
    ],
)
def test_a_file_given_without_its_option_gets_the_command_to_type(
    args: list[str], hint: str
) -> None:
    result = CliRunner(env={"COLUMNS": "160"}).invoke(app, args, prog_name="cse-lessonpack")
    assert result.exit_code == 2
    assert hint in result.stderr
    assert "Traceback" not in result.stderr


def test_no_hint_where_the_file_is_already_given_its_place() -> None:
    # batch takes its spreadsheet bare, and a second profile is not another --school.
    for args in (["batch", "schools.csv", "extra.csv"], ["build", "--school", "a.toml", "b.toml"]):
        result = CliRunner().invoke(app, args, prog_name="cse-lessonpack")
        assert result.exit_code == 2
        assert "Got unexpected extra argument" in result.stderr
        assert "named with" not in result.stderr and "is built with" not in result.stderr


def test_list_shows_lessons_with_timings() -> None:
    code, stdout, _ = _run("list", "--lessons", str(FIXTURE_LESSONS))
    assert code == 0
    assert "Telling a trusted adult" in stdout
    assert "60 (core 45)" in stdout


def test_module_entry_point_and_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cse_lessonpack", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "100"},
        check=False,
    )
    assert done.returncode == 0
    for command in ("build", "validate", "list"):
        assert command in done.stdout


def test_list_shows_whole_lesson_ids_in_a_narrow_terminal() -> None:
    narrow = CliRunner(env={"COLUMNS": "40"})
    result = narrow.invoke(app, ["list", "--lessons", str(FIXTURE_LESSONS)])
    assert result.exit_code == 0
    # The ids are what a profile's exclude_lessons takes: a cut-short id cannot be copied.
    for whole in ("ks1-fixture", "fixture-circle", "fixture-sheet", "fixture-close"):
        assert f" {whole} " in result.stdout


def test_the_batch_template_never_replaces_a_spreadsheet_without_force(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text("school_name\nOakfield Academy\nHill Top\n", encoding="utf-8")
    code, _, stderr = _run("batch", "--template", str(sheet))
    assert code == 2
    assert "schools.csv already exists; choose another name or add --force" in stderr
    assert sheet.read_text(encoding="utf-8").count("\n") == 3
    code, _, _ = _run("batch", "--template", str(sheet), "--force")
    assert code == 0
    assert sheet.read_bytes().startswith(
        b"\xef\xbb\xbfschool_name,logo,"
    )  # Excel reads it as UTF-8


def test_the_batch_template_has_the_optional_deputy_column(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    code, _, _ = _run("batch", "--template", str(sheet))
    assert code == 0
    header, example = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert header == ",".join(COLUMNS) + (
        ",deputy_dsl_name,local_contact_2_name,local_contact_2_phone,local_contact_2_hours"
    )
    # The deputy a stand-in, refused until replaced; the second contact the area's out of hours.
    assert ",Your deputy DSL's name,Stoke-on-Trent Emergency Duty Team,01782 234234," in example


def _config_show(tmp_path: Path, profile: str, *options: str) -> tuple[int, str, str]:
    """``config show`` of a profile written as ``school.toml``, against the fixture lessons."""
    path = tmp_path / "school.toml"
    path.write_text(profile, encoding="utf-8")
    return _run(
        "config", "show", "--school", str(path), "--lessons", str(FIXTURE_LESSONS), *options
    )


def test_a_profile_without_a_logo_beside_a_picture_is_told_how_to_use_it(tmp_path: Path) -> None:
    # The starter's logo line is commented out: a school that copied its logo in beside the
    # profile got packs without it, and no word why.
    (tmp_path / "oak-crest.png").write_bytes(b"")
    code, stdout, stderr = _config_show(tmp_path, '[school]\nname = "Oakfield Academy"\n')
    assert code == 0, stderr
    assert (
        "note: school.toml sets no logo, though oak-crest.png is in its folder: to print the "
        'school\'s logo, write logo = "oak-crest.png" under [school]'
    ) in " ".join(stdout.split())
    (tmp_path / "oak-crest.png").unlink()
    code, stdout, _ = _config_show(tmp_path, '[school]\nname = "Oakfield Academy"\n')
    assert code == 0 and "sets no logo" not in stdout


def test_config_show_notes_local_contacts_that_close_at_night_as_a_build_does(
    tmp_path: Path,
) -> None:
    # A new user checked their profile with config show, got an all-clear, and only the build
    # said that none of their local contacts answers out of hours.
    office = (
        '[school]\nname = "Oakfield Academy"\n\n[pack]\nstages = ["ks1"]\n\n'
        '[[local_contacts]]\nname = "Children\'s Advice"\nphone = "01782 235100"\n'
        'hours = "Office hours"\n'
    )
    code, stdout, stderr = _config_show(tmp_path, office)
    assert code == 0, stderr
    assert "note: none of the profile's local contacts says it answers out of hours" in " ".join(
        stdout.split()
    )
    night = office + '\n[[local_contacts]]\nname = "Emergency Duty Team"\nphone = "01782 234234"\n'
    code, stdout, _ = _config_show(tmp_path, night)
    assert code == 0 and "out of hours" not in stdout


def test_config_show_prints_the_deputy_dsl(tmp_path: Path) -> None:
    code, stdout, _ = _config_show(
        tmp_path,
        '[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n'
        'deputy_dsl = "Mr R Shah or Mrs K Hill"\n\n[pack]\nstages = ["ks1"]\n',
    )
    assert code == 0
    assert re.search(r"safeguarding\.deputy_dsl\s*│\s*Mr R Shah or Mrs K Hill", stdout)


def test_config_show_prints_each_local_contacts_hours(tmp_path: Path) -> None:
    code, stdout, stderr = _config_show(
        tmp_path,
        '[school]\nname = "Oakfield Academy"\n\n[pack]\nstages = ["ks1"]\n\n'
        '[[local_contacts]]\nname = "Children\'s Advice"\nphone = "01782 235100"\n'
        'hours = "Office hours"\n\n[[local_contacts]]\nname = "Emergency Duty Team"\n'
        'phone = "01782 234234"\n',
    )
    assert code == 0, stderr
    shown = " ".join(stdout.replace("│", " ").split())
    assert (
        "local_contacts Children's Advice 01782 235100 (Office hours); "
        "Emergency Duty Team 01782 234234" in shown
    )


def test_config_show_gives_each_chosen_stages_worksheet_size(tmp_path: Path) -> None:
    # Key Stage 1's worksheets are set larger than the brand's, secondary ones smaller: one
    # size for the whole profile was wrong for all but one of them.
    path = tmp_path / "school.toml"
    for large, expected in (("false", "18 pt (ks1), 13 pt (ks3)"), ("true", "20 pt")):
        path.write_text(
            f'[school]\nname = "Oakfield Academy"\n\n[brand]\nlarge_print = {large}\n\n'
            '[pack]\nstages = ["ks1", "ks3"]\n',
            encoding="utf-8",
        )
        code, stdout, stderr = _run(
            "config", "show", "--school", str(path), "--lessons", str(ROOT / "lessons")
        )
        assert code == 0, stderr
        shown = " ".join(stdout.replace("│", " ").split())
        assert f"worksheets {expected}" in shown, shown


def test_config_show_checks_the_dsl_fits_the_posters(tmp_path: Path) -> None:
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    code, _, stderr = _config_show(
        tmp_path,
        f'[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n'
        f'dsl_location = "{place}"\n',
    )
    assert code == 1
    assert "school.toml:6: [safeguarding] dsl_location: the 'parents' poster on A4 says" in stderr
    assert "Traceback" not in stderr


def test_config_show_checks_the_profile_against_the_lessons(tmp_path: Path) -> None:
    code, _, stderr = _config_show(
        tmp_path,
        '[school]\nname = "Oakfield Academy"\n\n[pack]\nstages = ["ks1"]\nlesson_minutes = 30\n'
        'exclude_lessons = ["ks1-nothing"]\n',
        "--templates",
        str(TEMPLATES),
    )
    assert code == 1
    lines = stderr.strip().splitlines()
    # Not "or exclude the lesson": it is the stage's only one, and excluding it leaves none.
    assert lines[0].endswith(
        "school.toml:6: [pack] lesson_minutes = 30 is shorter than the core activities of lesson "
        "'ks1-fixture' (Telling a trusted adult), which take 45 minutes; choose at least 45 "
        "minutes (with shorter periods, choose 60, the full lesson, and teach it over two periods "
        "of 30 minutes)"
    )
    assert lines[1].endswith(
        "school.toml:7: [pack] exclude_lessons: unknown lesson id 'ks1-nothing' "
        "(`cse-lessonpack list` shows the ids)"
    )
    assert lines[2] == "2 profile errors"  # config show writes nothing, so it does not say so


def _no_traceback(result: object) -> None:
    # CliRunner catches an escaping exception instead of printing it: that is a traceback too.
    exception = result.exception  # type: ignore[attr-defined]
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]


def test_init_never_replaces_a_folder_or_a_link_even_with_force(tmp_path: Path) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    target = tmp_path / "real.toml"
    target.write_text("# mine\n", encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    for path, what in ((folder, "a folder"), (link, "a symbolic link")):
        result = runner.invoke(app, ["init", str(path), "--force"])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"error: {path} is {what}, not a file; give the name of a file to write, "
            "such as school.toml"
        )
        _no_traceback(result)
    result = runner.invoke(app, ["batch", "--template", str(folder), "--force"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {folder} is a folder, not a file; give the name of a file to write, "
        "such as schools.csv"
    )
    assert folder.is_dir() and not any(folder.iterdir())
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "# mine\n"


def test_init_wants_a_toml_file_name(tmp_path: Path) -> None:
    # "init newfolder/" wrote a file called newfolder, which nothing opens as a profile.
    for given, suggested in (
        ("newfolder/", "newfolder/school.toml"),
        ("school.txt", "school.toml"),
    ):
        result = runner.invoke(app, ["init", str(tmp_path / given)])
        assert result.exit_code == 2
        name = (tmp_path / given).as_posix()
        assert result.stderr.strip() == (
            f"error: {name} does not end in .toml; give the profile a name such as "
            f"{(tmp_path / suggested).as_posix()}"
        )
    assert not any(tmp_path.iterdir())


def test_init_suggests_a_build_a_shell_can_run_when_the_path_has_spaces(tmp_path: Path) -> None:
    path = tmp_path / "My School Files" / "school.toml"
    path.parent.mkdir()
    code, stdout, _ = _run("init", str(path))
    assert code == 0
    words = " ".join(stdout.split())
    packs = path.parent / "packs"
    assert f"cse-lessonpack build --school '{path}' --out '{packs}'" in words


def test_init_with_a_missing_templates_folder_says_what_it_could_not_read(tmp_path: Path) -> None:
    missing = tmp_path / "nonexist"
    result = runner.invoke(app, ["init", str(tmp_path / "x.toml"), "--templates", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: cannot read {missing}/school-profile.toml: No such file or directory"
    )
    _no_traceback(result)
    assert not (tmp_path / "x.toml").exists()


def test_an_output_folder_that_is_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file\n", encoding="utf-8")
    sheet = tmp_path / "schools.csv"
    sheet.write_text(template_csv(), encoding="utf-8")
    common = ["--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)]
    for args in (
        ["build", "--out", str(blocker), "--stage", "ks1", *common],
        ["build", "--out", str(blocker / "sub"), "--stage", "ks1", *common],
        ["batch", str(sheet), "--out", str(blocker), *common],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        out = args[args.index("--out") + 1]
        assert result.stderr.strip() == f"error: cannot write into {out}: {blocker} is not a folder"
        _no_traceback(result)
    assert blocker.read_text(encoding="utf-8") == "a file\n"


def test_a_batch_manifest_that_cannot_be_written_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    real = tempfile.mkstemp

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        # As if --out were read-only once the schools are built (root ignores chmod).
        if str(kwargs.get("prefix", "")).startswith(".batch-manifest"):
            raise PermissionError(13, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    sheet = tmp_path / "schools.csv"
    sheet.write_text(template_csv().replace("ks3 ks4", "ks1"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *("batch", str(sheet), "--out", str(out), "--no-site", "--jobs", "1"),
            *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)),
        ],
    )
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"error: cannot write {out}/batch-manifest.csv: Permission denied"
    )
    _no_traceback(result)


def test_an_empty_out_is_a_command_line_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "schools.csv"
    sheet.write_text(template_csv(), encoding="utf-8")
    common = ["--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)]
    for args in (["build", "--out", "", *common], ["batch", str(sheet), "--out", "", *common]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert (
            "Invalid value for '--out': must not be empty (to write into the current folder, "
            "give --out .)" in result.stderr
        )
        _no_traceback(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schools.csv"]


def test_spreadsheets_that_cannot_be_read_are_one_line_errors(tmp_path: Path) -> None:
    common = ["--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)]
    out = tmp_path / "out"
    cases = [
        (b"\xff\xfe\x41", "u.csv:1: not valid UTF-16 text (truncated data)"),
        ("\ufeff" + ",".join(COLUMNS) + "\n", "u.csv: no schools: the spreadsheet has a header"),
    ]
    for data, message in cases:
        sheet = tmp_path / "u.csv"
        if isinstance(data, bytes):
            sheet.write_bytes(data)
        else:
            sheet.write_text(data, encoding="utf-8")
        result = runner.invoke(app, ["batch", str(sheet), "--out", str(out), *common])
        assert result.exit_code == 1
        first, summary = result.stderr.strip().splitlines()
        assert first.startswith(f"{tmp_path.as_posix()}/{message}")
        assert summary == "1 spreadsheet error — nothing was written."
        _no_traceback(result)
        assert not out.exists()


def test_a_build_in_lato_carries_the_font_in_the_word_files_and_says_nothing_of_it(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n\n[brand]\nfont = "lato"\n\n[pack]\nstages = ["ks1"]\n',
        encoding="utf-8",
    )
    common = ("--lessons", str(FIXTURE_LESSONS), "--school", str(profile), "--no-posters")

    def notes(*options: str) -> list[str]:
        code, stdout, _ = _run("build", *common, *options, "--out", str(tmp_path / "out"))
        assert code == 0
        return [line for line in stdout.splitlines() if line.startswith("note:")]

    # Word files once named Lato without carrying it, with a note saying so; now they carry it.
    assert notes("--format", "docx", "--no-guides", "--no-site") == []
    with zipfile.ZipFile(tmp_path / "out" / "ks1" / "know-about-cse-ks1.docx") as package:
        carried = [n for n in package.namelist() if n.startswith("word/fonts/")]
        assert len(carried) == 4  # regular, bold, italic, bold italic
        assert b'w:name="Lato"' in package.read("word/fontTable.xml")
    # --stage wins over the profile's stages, and says so for a stage the school did not choose.
    assert notes("--format", "pdf", "--stage", "ks3", "--no-guides", "--no-site") == [
        "note: built ks3 as --stage asked, though the profile's stages are ks1"
    ]


def test_batch_print_options_out_of_range_are_command_line_mistakes(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text(template_csv(), encoding="utf-8")
    out = tmp_path / "out"
    common = ["--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES), "--out", str(out)]
    for option, expected in (
        (["--poster-size", "A5"], "Invalid value for '--poster-size'"),
        (["--bleed", "12"], "Invalid value for '--bleed'"),
    ):
        result = runner.invoke(app, ["batch", str(sheet), *option, *common])
        assert result.exit_code == 2, option
        assert expected in result.stderr
        _no_traceback(result)
    assert not out.exists()


def test_batch_builds_print_shop_posters_for_each_school(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    row = dict.fromkeys(COLUMNS, "")
    row.update(school_name="Oakfield Academy", dsl_name="Ms J Patel", stages="ks1")
    sheet.write_text(",".join(COLUMNS) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, _ = _run(
        *("batch", str(sheet), "--out", str(out), "--jobs", "1", "--no-site"),
        *("--poster-size", "A3", "--bleed", "3", "--crop-marks", "--cmyk"),
        *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)),
    )
    assert code == 0, stdout
    (school,) = (p for p in out.iterdir() if p.is_dir())
    names = sorted(p.name for p in (school / "posters").glob("*.pdf"))
    assert names and all(n.endswith("-a3-bleed3mm-crop-cmyk.pdf") for n in names), names
    assert "crop marks without bleed" not in stdout
    # Crop marks without bleed: noted, as `posters` notes it (the colour stops at the trim).
    code, stdout, _ = _run(
        *("batch", str(sheet), "--out", str(tmp_path / "out2"), "--jobs", "1", "--no-site"),
        *("--poster-size", "A4", "--crop-marks"),
        *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)),
    )
    assert code == 0, stdout
    assert "note: crop marks without bleed" in stdout


def test_batch_says_which_columns_it_ignored_on_one_line(tmp_path: Path) -> None:
    # A "Notes" column beside the table stopped the whole batch; now it is left out, and the
    # user is told so. Written to a log, the note is one line, not wrapped at 80 columns.
    sheet = tmp_path / "schools.csv"
    columns = [*COLUMNS, "Notes for the office"]
    row = dict.fromkeys(columns, "")
    row.update(school_name="Oakfield Academy", dsl_name="Ms J Patel", stages="ks1")
    row["Notes for the office"] = "sent 3 March"
    sheet.write_text(",".join(columns) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    code, stdout, _ = _run(
        *("batch", str(sheet), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-site"),
        *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)),
    )
    assert code == 0, stdout
    (note,) = [line for line in stdout.splitlines() if line.startswith("note:")]
    assert "'Notes for the office' ignored" in note and note.endswith("writes those)")


def test_strict_batch_refusing_a_row_still_says_how_it_read_the_sheet(tmp_path: Path) -> None:
    # The notes on how the sheet was read (here, a column left out) were printed only after a
    # build; a --strict run that refused a row dropped them, though they may be why it failed.
    sheet = tmp_path / "schools.csv"
    columns = [*COLUMNS, "Colour notes"]
    row = dict.fromkeys(columns, "")
    row.update(school_name="Oakfield Academy", primary_colour="purple", stages="ks1")
    row["Colour notes"] = "use the crest's purple"
    sheet.write_text(",".join(columns) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *("batch", str(sheet), "--out", str(out), "--jobs", "1", "--strict"),
            *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)),
        ],
    )
    assert result.exit_code == 1
    note, refused, summary = result.stderr.strip().splitlines()
    assert note.startswith("note: ") and "'Colour notes' ignored" in note
    assert "row 2 (Oakfield Academy), column primary_colour:" in refused
    assert summary.endswith("nothing was written.")
    _no_traceback(result)
    assert not out.exists()


def test_batch_and_build_say_when_a_logo_will_print_blocky(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (32, 32), "navy").save(tmp_path / "icon.png")
    sheet = tmp_path / "schools.csv"
    row = dict.fromkeys(COLUMNS, "")
    row.update(school_name="Oakfield Academy", logo="icon.png", stages="ks1")
    sheet.write_text(",".join(COLUMNS) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    common = ("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES))
    code, stdout, _ = _run(
        "batch", str(sheet), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-site", *common
    )
    assert code == 0, stdout
    assert "note: row 2 (Oakfield Academy): the logo " in stdout
    assert "icon.png is 32 pixels wide" in stdout
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\nlogo = "icon.png"\n[pack]\nstages = ["ks1"]\n',
        encoding="utf-8",
    )
    code, stdout, _ = _run(
        *("build", "--school", str(profile), "--out", str(tmp_path / "one"), "--no-posters"),
        *("--no-site", "--no-guides", *common),
    )
    assert code == 0, stdout
    assert "icon.png is 32 pixels wide" in stdout and "will look blocky" in stdout
    code, stdout, _ = _run("config", "show", "--school", str(profile), *common)
    assert code == 0, stdout
    assert "note: the logo" in stdout and "will look blocky" in stdout  # before a build, too


def test_errors_start_on_the_first_line_of_a_log(tmp_path: Path) -> None:
    # Piped into a log, no progress bar is drawn, so nothing comes before the error.
    profile = tmp_path / "school.toml"
    profile.write_text('[school]\nname = "X"\n[brand]\nfont = "arial"\n', encoding="utf-8")
    common = ["--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES)]
    result = runner.invoke(
        app, ["build", "--school", str(profile), "--out", str(tmp_path / "out"), *common]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{profile.as_posix()}:4: [brand] font: unknown font 'arial'")


def test_a_starter_profile_names_what_is_left_to_fill_in(tmp_path: Path) -> None:
    path = tmp_path / "school.toml"
    code, stdout, _ = _run("init", str(path))
    assert code == 0 and 'in place of the "Your …" values' in stdout.replace("\n", " ")
    # The build it suggests has a folder of its own: output/ holds the campaign's packs after the
    # Quick start, and a school's build there is refused.
    packs = (tmp_path / "packs").as_posix()
    words = " ".join(stdout.split())  # the console wraps long lines at spaces
    assert f"cse-lessonpack build --school {path.as_posix()} --out {packs}" in words
    code, _, stderr = _run("config", "show", "--school", str(path))
    assert code == 1
    assert [line.split(": ")[1] for line in stderr.strip().splitlines()[:-1]] == [
        "[school] name",
        "[safeguarding] dsl_name",
        "[safeguarding] dsl_location",
    ]


def test_a_second_spreadsheet_into_a_first_ones_folder_is_refused_with_exit_code_2(
    tmp_path: Path,
) -> None:
    def sheet(name: str, school: str) -> Path:
        row = dict.fromkeys(COLUMNS, "")
        row.update(school_name=school, dsl_name="Ms J Patel", stages="ks1")
        path = tmp_path / name
        path.write_text(",".join(COLUMNS) + "\n" + ",".join(row.values()) + "\n", "utf-8")
        return path

    out = tmp_path / "out"
    common = ["--out", str(out), "--jobs", "1", "--no-site", "--lessons", str(FIXTURE_LESSONS)]
    common += ["--templates", str(TEMPLATES)]
    assert _run("batch", str(sheet("north.csv", "Oak School")), *common)[0] == 0
    code, _, stderr = _run("batch", str(sheet("south.csv", "Elm School")), *common)
    assert code == 2
    assert "holds 1 school(s) built from" in stderr and "--force" in stderr
    assert (out / "oak-school").is_dir() and not (out / "elm-school").exists()


def test_stage_and_format_are_taken_in_capitals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = _run(
        "build",
        *("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES), "--out", str(out)),
        *("--stage", "KS1", "--format", "PDF", "--jobs", "1"),
        *("--no-guides", "--no-posters", "--no-site"),
    )
    assert code == 0, stderr
    assert sorted(p.name for p in (out / "ks1").iterdir()) == [
        "know-about-cse-ks1-letter-to-parents.pdf",
        "know-about-cse-ks1.pdf",
    ]


def test_a_school_with_no_out_of_hours_contact_is_told(tmp_path: Path) -> None:
    # The school's contacts replace the campaign's, whose list ends with the out-of-hours teams.
    office = (
        '[[local_contacts]]\nname = "Stoke-on-Trent Children\'s Advice and Support"\n'
        'phone = "01782 235100"\nhours = "Office hours"\n'
    )
    night = (
        '[[local_contacts]]\nname = "Stoke-on-Trent Emergency Duty Team"\n'
        'phone = "01782 234234"\nhours = "Evenings, weekends and bank holidays"\n'
    )
    base = '[school]\nname = "Oakfield Academy"\n\n[pack]\nstages = ["ks1"]\n\n'

    def notes(contacts: str) -> list[str]:
        profile = tmp_path / "school.toml"
        profile.write_text(base + contacts, encoding="utf-8")
        code, stdout, stderr = _run(
            "build",
            *("--lessons", str(FIXTURE_LESSONS), "--school", str(profile), "--format", "pdf"),
            *("--no-guides", "--no-posters", "--no-site", "--out", str(tmp_path / "out")),
        )
        assert code == 0, stderr
        return [line for line in stdout.splitlines() if line.startswith("note:")]

    (note,) = notes(office)
    assert note.startswith("note: none of the profile's local contacts says it answers out of")
    assert notes(office + night) == []
    answered = night.replace("Evenings, weekends and bank holidays", "24-hour line")
    assert notes(office + answered) == []
    assert notes("") == []  # without its own contacts, the school keeps the campaign's


# --- a folder built for another school -----------------------------------------------------------

FIXTURE_FOLDERS = ("--lessons", str(FIXTURE_LESSONS), "--templates", str(TEMPLATES))


def _oakfield(tmp_path: Path, stages: str) -> Path:
    """Oakfield Academy's profile, with Ms J Patel as its DSL, for the given stages."""
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n\n'
        f"[pack]\nstages = {stages}\n",
        encoding="utf-8",
    )
    return profile


def _school_build(tmp_path: Path) -> Path:
    """A school's build with its download page, as `build --school school.toml` makes it."""
    profile = _oakfield(tmp_path, '["ks1"]')
    out = tmp_path / "out"
    code, _, stderr = _run(
        "build",
        *("--school", str(profile), "--out", str(out), "--format", "pdf", "--no-guides"),
        *("--jobs", "1", *FIXTURE_FOLDERS),
    )
    assert code == 0, stderr
    assert "Ms J Patel" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "site" / "site.css").is_file()
    return out


@pytest.mark.parametrize(
    "command",
    [
        ("posters", "--audience", "staff", "--size", "A2"),
        ("build", "--stage", "ks1", "--no-site", "--no-guides", "--no-posters", "--jobs", "1"),
    ],
)
def test_another_profiles_run_with_force_removes_the_earlier_schools_download_page(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = _school_build(tmp_path)
    code, stdout, stderr = _run(*command, "--force", "--out", str(out), *FIXTURE_FOLDERS)
    assert code == 0, stderr
    # The page named Oakfield's DSL and linked to files that are gone: it goes with them.
    assert not (out / "index.html").exists()
    assert not (out / "site").exists()
    said = " ".join(stdout.split())
    assert "an earlier build for another school or profile had written" in said
    assert "download page (index.html and site/)" in said
    assert f"cse-lessonpack site --out {out}" in said


@pytest.mark.parametrize(
    ("old", "new", "copied"),
    [("Ms J Patel", "Mr K Singh", False), ("Oakfield Academy", "oakfield  academy", True)],
)
def test_the_same_school_is_told_why_its_earlier_files_went(
    tmp_path: Path, old: str, new: str, copied: bool
) -> None:
    # The same school builds one stage, its DSL changed (or from a copy of its profile, its name
    # retyped): the other stage's files showed the old details, so they go, and the message says
    # so instead of blaming "another school or profile".
    profile = _oakfield(tmp_path, '["ks1", "ks3"]')
    out = tmp_path / "out"
    options = ("--format", "pdf", "--no-guides", "--no-posters", "--no-site", "--jobs", "1")
    code, _, stderr = _run(
        "build", "--school", str(profile), "--out", str(out), *options, *FIXTURE_FOLDERS
    )
    assert code == 0, stderr
    assert (out / "ks3" / "know-about-cse-ks3.pdf").is_file()
    second = tmp_path / "copy.toml" if copied else profile
    second.write_text(profile.read_text(encoding="utf-8").replace(old, new))
    code, stdout, stderr = _run(
        "build",
        "--school",
        str(second),
        "--out",
        str(out),
        "--stage",
        "ks1",
        *options,
        *FIXTURE_FOLDERS,
    )
    assert code == 0, stderr
    assert not (out / "ks3").exists()  # it named Ms Patel as the DSL, or the name as typed then
    said = " ".join(stdout.split())
    assert (
        "Removed 2 file(s) an earlier build for Oakfield Academy (DSL Ms J Patel) had written in"
        in said
    )
    assert (
        "made with other details or settings than this build's" in said
        and "ks3/know-about-cse-ks3.pdf" in said
    )
    assert "another school or profile" not in said


def test_a_build_for_another_profile_with_its_page_replaces_the_earlier_one(
    tmp_path: Path,
) -> None:
    out = _school_build(tmp_path)
    code, stdout, stderr = _run(
        "build",
        *("--stage", "ks1", "--format", "pdf", "--no-guides", "--jobs", "1", "--out", str(out)),
        "--force",
        *FIXTURE_FOLDERS,
    )
    assert code == 0, stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Oakfield" not in page and "Patel" not in page
    assert "download page (index.html and site/)" not in " ".join(stdout.split())


@pytest.mark.parametrize(
    "command",
    [
        ("posters", "--audience", "staff", "--size", "A2"),
        ("build", "--stage", "ks1", "--no-guides", "--no-posters", "--jobs", "1"),
    ],
)
def test_another_profiles_run_is_refused_with_exit_code_2_and_nothing_changed(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = _school_build(tmp_path)
    profile = tmp_path / "school.toml"
    before = folder_files(out)
    code, stdout, stderr = _run(*command, "--out", str(out), *FIXTURE_FOLDERS)
    assert code == 2, stdout
    assert stderr == (
        f"error: {out.as_posix()} holds the build for Oakfield Academy (profile "
        f"{profile.name}); building for the campaign (no --school) there would remove it. "
        "Give this build its own folder with --out, or add --force to replace it\n"
    )
    assert folder_files(out) == before  # nothing written, nothing removed
    # The same profile adds to its own folder without --force.
    code, _, stderr = _run(*command, "--school", str(profile), "--out", str(out), *FIXTURE_FOLDERS)
    assert code == 0, stderr
    assert set(before) <= set(folder_files(out))


def test_build_and_posters_offer_force_to_replace_another_profiles_build() -> None:
    for command in ("build", "posters"):
        shown = _help(command).split("Options:", 1)[1].split("--force", 1)[1]
        assert shown.startswith(" Build into a folder that holds another school's"), shown


def test_posters_for_a_secondary_school_leave_out_the_primary_poster_as_build_does(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Hill Top High"\n\n[safeguarding]\ndsl_name = "Mr R Shah"\n\n'
        '[pack]\nstages = ["ks3"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    school = ("--school", str(profile), "--size", "A4", "--out", str(out), *FIXTURE_FOLDERS)
    code, _, stderr = _run("posters", *school)
    assert code == 0, stderr
    made = sorted(p.name for p in (out / "posters").glob("*.pdf"))
    assert made == ["parents-a4.pdf", "secondary-pupils-a4.pdf", "staff-a4.pdf"]
    # Asked for by name, the primary poster is still made.
    code, _, stderr = _run("posters", "--audience", "primary-pupils", *school)
    assert code == 0, stderr
    assert (out / "posters" / "primary-pupils-a4.pdf").is_file()


def test_cmyk_posters_say_a_schools_own_colours_are_converted_by_formula(tmp_path: Path) -> None:
    # A school's green printed teal through the formula, with no word before the print run; the
    # campaign's own colours have chosen inks and need no note.
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Hill Top High"\n\n[brand]\nprimary = "#0B6E4F"\n', encoding="utf-8"
    )
    wide = CliRunner(env={"COLUMNS": "400"})
    poster = ["posters", "--audience", "staff", "--size", "A4", "--cmyk", *FIXTURE_FOLDERS]
    school = wide.invoke(app, [*poster, "--school", str(profile), "--out", str(tmp_path / "a")])
    assert school.exit_code == 0, school.stderr
    assert "note: --cmyk: the school's colour #0B6E4F has no chosen inks" in school.stdout
    campaign = wide.invoke(app, [*poster, "--out", str(tmp_path / "b")])
    assert campaign.exit_code == 0, campaign.stderr
    assert "--cmyk:" not in campaign.stdout


# --- option values and help ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "--stage", "ks6"), "Invalid value for '--stage': 'ks6' is not one of 'ks1', "),
        (
            ("build", "--format", "odt"),
            "Invalid value for '--format': 'odt' is not one of 'docx', ",
        ),
        (("batch", "x.csv", "--poster-size", "A5"), "Invalid value for '--poster-size': 'A5' is "),
        (("posters", "--size", "B4"), "Invalid value for '--size': 'B4' is not one of 'A4', "),
    ],
)
def test_a_value_not_among_the_choices_is_named_plainly_with_exit_code_2(
    args: tuple[str, ...], message: str
) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Value error" not in result.stderr  # pydantic's wording, not ours
    _no_traceback(result)


def test_poster_sizes_are_taken_in_lower_case_as_the_files_are_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = _run(
        "posters", "--audience", "staff", "--size", "a4", "--out", str(out), *FIXTURE_FOLDERS
    )
    assert code == 0, stderr
    assert sorted(p.name for p in (out / "posters").iterdir()) == ["staff-a4.pdf", "staff-a4.png"]


def test_posters_say_where_their_checked_date_comes_from_and_to_check_before_printing(
    tmp_path: Path,
) -> None:
    code, stdout, stderr = _run(
        "posters", "--audience", "staff", "--size", "A4", "--out", str(tmp_path), *FIXTURE_FOLDERS
    )
    assert code == 0, stderr
    note = " ".join(stdout.split("note: ", 1)[1].split())
    oldest = min(
        yaml.safe_load((FIXTURE_LESSONS / "helplines.yaml").read_text(encoding="utf-8"))[
            "helplines"
        ],
        key=lambda h: str(h["checked"]),
    )["checked"]
    assert f"(the oldest: {oldest:%-d %B %Y})" in note
    assert "helplines.yaml" in note
    assert "Before a print run, check every number, its hours and cost with the service" in note
    assert note.endswith("and update those dates.")


def test_posters_never_say_to_edit_the_installed_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run outside a checkout, the note said to update the dates in the copy inside
    # site-packages, which a reinstall replaces.
    from cse_lessonpack import paths

    monkeypatch.setattr(paths, "is_installed_copy", lambda folder: True)
    code, stdout, stderr = _run(
        "posters", "--audience", "staff", "--size", "A4", "--out", str(tmp_path), *FIXTURE_FOLDERS
    )
    assert code == 0, stderr
    note = " ".join(stdout.split("note: ", 1)[1].split())
    assert "in the content installed with cse-lessonpack (" in note
    assert note.endswith("correct them in a copy of that lessons folder, given with --lessons.")
    assert "update those dates" not in note


def test_a_stage_is_taken_as_the_packs_write_it_and_a_school_year_is_named(
    tmp_path: Path,
) -> None:
    code, _, stderr = _run(
        "build",
        "--stage",
        "Key Stage 1",
        "--format",
        "pdf",
        "--no-guides",
        "--no-posters",
        "--no-site",
        "--jobs",
        "1",
        "--out",
        str(tmp_path),
        *FIXTURE_FOLDERS,
    )
    assert code == 0, stderr
    assert (tmp_path / "ks1" / "know-about-cse-ks1.pdf").is_file()
    code, _, stderr = _run("build", "--stage", "Year 9", "--out", str(tmp_path / "no"))
    assert code == 2
    assert "'Year 9' is not a key stage: Year 9 is ks3." in stderr
    code, _, stderr = _run("build", "--stage", "Reception", "--out", str(tmp_path / "no"))
    assert code == 2
    assert "'Reception' is not a key stage: Reception comes before ks1, where the packs start" in (
        " ".join(stderr.split())
    )
    assert not (tmp_path / "no").exists()


def test_misused_options_say_what_to_type() -> None:
    code, _, stderr = _run("batch", "schools.csv", "--jobs", "-1")
    assert code == 2 and "must be 0 or more (0: one per CPU)" in stderr
    assert "x>=0" not in _help("batch")  # click's way of showing the range
    code, _, stderr = _run("config", "--school", "school.toml")
    assert code == 2
    assert "A profile is shown with: cse-lessonpack config show --school school.toml" in stderr


def _help(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())  # as one line: the help wraps at the terminal's width


def test_help_names_values_as_the_readme_does() -> None:
    assert "Usage: cse-lessonpack init [OPTIONS] FILE" in _help("init")
    assert "Usage: cse-lessonpack verify [OPTIONS] [PATH]" in _help("verify")
    batch = _help("batch")
    assert "--template FILE Write the column header and an example row to FILE" in batch
    assert "another spreadsheet" in batch.split("--force", 1)[1].split("--strict", 1)[0]
    assert "A school profile (TOML) to tailor the posters" in _help("posters")
    for command in (("build",), ("init",), ("batch",), ("posters",), ("site",), ("verify",)):
        shown = _help(*command)
        # typer's own notation (a required {argument}, <path>, <list[str]>) is not the README's.
        assert not re.search(r"[{}]|<[a-z]", shown), (command, shown)


def _reference() -> list[tuple[list[str], str]]:
    """(command, row) for each row of the README's command-line reference."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Command-line reference", 1)[1].split("\n### ", 1)[0]
    rows = []
    for row in re.findall(r"^\| `cse-lessonpack (.*)$", table, re.M):
        words = row.split("`", 1)[0].split()
        command = list(itertools.takewhile(str.isalpha, words))  # "config show", not its options
        rows.append((command, row.replace("\\|", "|")))  # a table cell writes | as \|
    return rows


# An option and the value the README writes after it: a metavar (DIR) or the choices (A4|A3|A2).
README_OPTION = re.compile(r"(--[a-z][a-z-]*)(?: ([a-zA-Z0-9]+(?:\|[a-zA-Z0-9]+)+|[A-Z]+\b))?")


def test_every_option_the_readme_names_is_in_its_commands_help_as_written() -> None:
    reference = _reference()
    assert [" ".join(c) for c, _ in reference] == [
        *("build", "validate", "list", "init", "config show", "batch", "posters", "site"),
        "verify",
    ]
    for command, row in reference:
        shown = _help(*command)
        for option, value in README_OPTION.findall(row):
            assert f"{option} {value}".strip() in shown, (command, option, value)


def test_a_missing_input_is_exit_code_1_for_every_command(tmp_path: Path) -> None:
    # A path that is not there is a missing input (1) whichever command is given it; a file
    # given where a folder is expected is command-line misuse (2).
    missing = tmp_path / "nosuch"
    code, _, stderr = _run("verify", str(missing), "--lessons", str(FIXTURE_LESSONS))
    assert (code, stderr) == (
        1,
        f"error: {missing}: folder not found (expected a folder a build wrote)\n",
    )
    for args in (("batch", str(missing)), ("config", "show", "--school", str(missing))):
        code, _, _ = _run(*args)
        assert code == 1, args
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    code, _, stderr = _run("verify", str(afile), "--lessons", str(FIXTURE_LESSONS))
    assert (code, stderr) == (2, f"error: {afile} is not a folder of generated files\n")


def test_posters_for_a_print_shop_take_3mm_and_say_what_will_print_badly(tmp_path: Path) -> None:
    from PIL import Image

    # A 120-pixel logo is drawn smaller than an A2 poster's room for it, to stay sharp; crop
    # marks without bleed leave the colour bands ending at the trim. Both went without a word.
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Hill Top High"\nlogo = "logo.png"\n\n[pack]\nstages = ["ks3"]\n',
        encoding="utf-8",
    )
    common = ("--audience", "staff", "--school", str(profile), *FIXTURE_FOLDERS)

    def notes(logo: tuple[int, int], *options: str) -> list[str]:
        Image.new("RGB", logo, "#0B6E4F").save(tmp_path / "logo.png")
        out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
        code, stdout, stderr = _run("posters", *common, *options, "--out", str(out))
        assert code == 0, stderr
        return [line for line in stdout.splitlines() if line.startswith("note: ")]

    small = notes((120, 120), "--size", "A2", "--crop-marks")
    assert any("120 pixels wide" in n and "on A2 (20 of 39 mm)" in n for n in small), small
    assert any(n.startswith("note: crop marks without bleed") for n in small), small
    # A tall crest of 200 pixels fills the room its height allows: nothing to say. "3mm", as a
    # print shop writes it, is 3 mm, and with a bleed the crop marks need no note.
    tall = notes((200, 400), "--size", "A2", "--crop-marks", "--bleed", "3mm")
    assert tall == [n for n in tall if n.startswith("note: the posters' \"Numbers")], tall
    assert list((tmp_path).glob("out-*/posters/staff-a2-bleed3mm-crop.pdf"))


@pytest.mark.parametrize("bleed", ["3cm", "-1", "inf", "11"])
def test_a_bleed_that_is_not_millimetres_from_0_to_10_is_refused_plainly(bleed: str) -> None:
    result = runner.invoke(app, ["posters", "--bleed", bleed])
    assert result.exit_code == 2
    assert f"Invalid value for '--bleed': '{bleed}' is not" in result.stderr
    _no_traceback(result)


def test_the_progress_bar_says_the_school_it_names_is_finished(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Workers build several schools at once: a bare name beside the bar would read as the one
    # being built now, while it is the one just finished.
    import io

    from rich.console import Console

    from cse_lessonpack import cli

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=120))
    with cli._progress("checking the spreadsheet", "schools") as advance:
        advance("Oakfield Academy", 1, 3)
    assert "schools · Oakfield Academy done" in screen.getvalue()
