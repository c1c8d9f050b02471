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
