"""The command line end to end, on the fixture content: exit codes, messages, files written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cse_lessonpack.cli import app

from .conftest import FIXTURE_LESSONS, ROOT, TEMPLATES

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
        "plans/ks1/01-fixture.md:7: activities add up to 60 minutes but duration is 50"
    )
    assert lines[1].endswith("plans/ks1/01-fixture.md:36: unknown helpline 'nope'")
    assert lines[2] == "2 content errors — nothing was written."
    assert "Traceback" not in stderr
    assert not out.exists()


def test_usage_errors_exit_with_2() -> None:
    code, _, stderr = _run("build", "--stage", "ks9")
    assert code == 2
    assert "ks9" in stderr


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


def test_config_show_checks_the_dsl_fits_the_posters(tmp_path: Path) -> None:
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    profile = tmp_path / "school.toml"
    profile.write_text(
        f'[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n'
        f'dsl_location = "{place}"\n',
        encoding="utf-8",
    )
    code, _, stderr = _run(
        "config", "show", "--school", str(profile), "--lessons", str(FIXTURE_LESSONS)
    )
    assert code == 1
    assert "school.toml:6: [safeguarding] dsl_location: the 'parents' poster on A4 says" in stderr
    assert "Traceback" not in stderr


def test_config_show_checks_the_profile_against_the_lessons(tmp_path: Path) -> None:
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n\n[pack]\nstages = ["ks1"]\nlesson_minutes = 30\n'
        'exclude_lessons = ["ks1-nothing"]\n',
        encoding="utf-8",
    )
    code, _, stderr = _run(
        "config",
        "show",
        "--school",
        str(profile),
        "--lessons",
        str(FIXTURE_LESSONS),
        "--templates",
        str(TEMPLATES),
    )
    assert code == 1
    lines = stderr.strip().splitlines()
    assert lines[0].endswith(
        "school.toml:6: [pack] lesson_minutes = 30 is shorter than the core activities of lesson "
        "'ks1-fixture' (Telling a trusted adult), which take 45 minutes; choose at least 45 "
        "minutes or exclude the lesson"
    )
    assert lines[1].endswith(
        "school.toml:7: [pack] exclude_lessons: unknown lesson id 'ks1-nothing' "
        "(`cse-lessonpack list` shows the ids)"
    )
    assert lines[2] == "2 profile errors"  # config show writes nothing, so it does not say so
