"""The corpus of bad inputs (tests/fixtures/bad): each gives a clear, located error, exit code 1,
no traceback and no output; and hostile text that is valid renders literally, never as markup."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cse_lessonpack.batch import COLUMNS
from cse_lessonpack.build import BuildRequest, build
from cse_lessonpack.cli import app
from cse_lessonpack.typography import straighten

from .conftest import FIXTURE_LESSONS, FIXTURES, TEMPLATES
from .textextract import docx_text, pdf_pages

BAD = FIXTURES / "bad"
runner = CliRunner(env={"COLUMNS": "300"})


def _cases(kind: str) -> list[str]:
    return sorted(p.name for p in (BAD / kind).iterdir())


def _expected(case: Path, directory: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    # Paths are compared relative to the case's folder (see _check), so {dir}/ is simply removed.
    return [line.replace("{dir}/", "") for line in lines if line]


def _check(result: object, expected: list[str], root: Path) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 1, result.stdout  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    # The last line counts the problems ("2 content errors", "— nothing was written" when the
    # command writes); the lines before it are the problems themselves.
    summary = re.compile(r"\d+ [a-z ]+ errors?( — nothing was written\.)?")
    problems = [
        line for line in stderr.splitlines() if line.strip() and not summary.fullmatch(line)
    ]
    shown = [line.replace(root.as_posix() + "/", "") for line in problems]
    assert len(shown) == len(expected), shown
    for line, pattern in zip(shown, expected, strict=True):
        # Only * is a wildcard: brackets in messages such as [brand] are meant literally.
        regex = ".*".join(re.escape(part) for part in pattern.split("*"))
        assert re.fullmatch(regex, line), f"{line!r} does not match {pattern!r}"


def _overlay(case: Path, target: Path) -> None:
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            destination = target / path.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


@pytest.mark.parametrize("name", _cases("content"))
def test_bad_content(name: str, tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, lessons)
    _overlay(BAD / "content" / name, lessons)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", "--lessons", str(lessons), "--templates", str(TEMPLATES), "--out", str(out)]
    )
    _check(result, _expected(BAD / "content" / name, lessons), lessons)
    assert not out.exists()


@pytest.mark.parametrize("name", _cases("profile"))
def test_bad_profile(name: str, tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(BAD / "profile" / name, case)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "build",
            "--school",
            str(case / "school.toml"),
            "--lessons",
            str(FIXTURE_LESSONS),
            "--templates",
            str(TEMPLATES),
            "--out",
            str(out),
        ],
    )
    _check(result, _expected(case, case), case)
    assert not out.exists()


@pytest.mark.parametrize("name", _cases("batch"))
def test_bad_batch(name: str, tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(BAD / "batch" / name, case)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "batch",
            str(case / "schools.csv"),
            "--strict",
            "--lessons",
            str(FIXTURE_LESSONS),
            "--templates",
            str(TEMPLATES),
            "--out",
            str(out),
        ],
    )
    _check(result, _expected(case, case), case)
    assert not out.exists()


# --- inputs too big to keep as files, made here ---------------------------------------------------


def test_a_megabyte_field_in_content(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, lessons)
    plan = lessons / "plans" / "ks1" / "01-fixture.md"
    text = plan.read_text(encoding="utf-8").replace(
        "title: Telling a trusted adult", "title: " + "x" * 1_000_000
    )
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lessons", str(lessons)])
    _check(
        result,
        ["plans/ks1/01-fixture.md:3: title: expected at most 2000 characters, got 1000000"],
        lessons,
    )


def test_a_file_far_too_large(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, lessons)
    (lessons / "facts.yaml").write_text("# " + "x" * 3_000_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--lessons", str(lessons)])
    _check(
        result, ["facts.yaml: file is too large (3,000,003 bytes; expected at most 2 MB)"], lessons
    )


def test_a_megabyte_school_name(tmp_path: Path) -> None:
    profile = tmp_path / "school.toml"
    profile.write_text(f'[school]\nname = "{"A" * 1_000_000}"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["config", "show", "--school", str(profile), "--templates", str(TEMPLATES)]
    )
    _check(
        result,
        ["school.toml:2: [school] name: expected at most 200 characters, got 1000000"],
        tmp_path,
    )


def _sheet(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def _row(**values: str) -> list[str]:
    base = (
        dict.fromkeys(COLUMNS, "") | {"school_name": "Oakfield Academy", "stages": "ks1"} | values
    )
    return [base[c] for c in COLUMNS]


def test_ten_thousand_rows(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text(
        _sheet([_row(school_name=f"School {n}") for n in range(10_000)]), encoding="utf-8"
    )
    result = runner.invoke(
        app,
        [
            "batch",
            str(sheet),
            "--out",
            str(tmp_path / "out"),
            "--lessons",
            str(FIXTURE_LESSONS),
            "--templates",
            str(TEMPLATES),
        ],
    )
    _check(
        result,
        ["schools.csv:1002: more than 1000 schools; split the file into smaller batches"],
        tmp_path,
    )
    assert not (tmp_path / "out").exists()


def test_a_megabyte_cell(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text(_sheet([_row(dsl_location="y" * 1_000_000)]), encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "batch",
            str(sheet),
            "--strict",
            "--out",
            str(tmp_path / "out"),
            "--lessons",
            str(FIXTURE_LESSONS),
            "--templates",
            str(TEMPLATES),
        ],
    )
    _check(
        result,
        ["schools.csv:*: not a readable CSV file (field larger than field limit*)"],
        tmp_path,
    )


# --- hostile text that is valid: shown exactly as typed ---------------------------------------------

HOSTILE = "St Mary's <b>& St John's</b> </para> <font color=\"red\">{{ 7*7 }} {% if x %}"


def test_markup_and_template_code_in_a_profile_render_literally(tmp_path: Path) -> None:
    profile = tmp_path / "school.toml"
    profile.write_text(
        f'[school]\nname = """{HOSTILE}"""\n\n[safeguarding]\ndsl_name = "Ms <i>J</i> Patel"\n'
        '\n[pack]\nstages = ["ks1"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(BuildRequest(FIXTURE_LESSONS, TEMPLATES, out, profile=profile, jobs=1))
    pdf = " ".join(
        " ".join(p.split())
        for p in pdf_pages((out / "ks1" / "know-about-cse-ks1.pdf").read_bytes())
    )
    docx = " ".join(docx_text((out / "ks1" / "know-about-cse-ks1.docx").read_bytes()).split())
    for text in (pdf, docx):
        # Printed with typographic quotes ("St Mary’s"), and otherwise as written.
        assert "St Mary’s" in text
        text = straighten(text)
        assert HOSTILE in text
        assert "Ms <i>J</i> Patel" in text
        assert "49" not in text.replace("2049", "")  # {{ 7*7 }} was never evaluated


def test_markup_in_content_renders_literally(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, lessons)
    plan = lessons / "plans" / "ks1" / "01-fixture.md"
    text = (
        plan.read_text(encoding="utf-8")
        .replace(
            "  - To practise telling.",
            '  - "To practise <b>telling</b> & </para> {{ x }} {% if %}."',
        )
        .replace(
            "A short fixture lesson for the tests.",
            "Notes with <script>alert(1)</script> and [x](javascript:alert(1)).",
        )
    )
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(BuildRequest(lessons, TEMPLATES, out, stages=(), jobs=1, guides=False))
    pdf = " ".join(
        " ".join(p.split())
        for p in pdf_pages((out / "ks1" / "know-about-cse-ks1.pdf").read_bytes())
    )
    assert "To practise <b>telling</b> & </para> {{ x }} {% if %}." in pdf
    assert "<script>alert(1)</script>" in pdf


def test_a_school_name_cannot_write_outside_the_output_folder(tmp_path: Path) -> None:
    sheet = tmp_path / "schools.csv"
    sheet.write_text(
        _sheet([_row(school_name="../../outside"), _row(school_name="..")]), encoding="utf-8"
    )
    out = tmp_path / "nested" / "out"
    result = runner.invoke(
        app,
        [
            "batch",
            str(sheet),
            "--out",
            str(out),
            "--lessons",
            str(FIXTURE_LESSONS),
            "--templates",
            str(TEMPLATES),
        ],
    )
    # ".." is no school's name: its row fails, named, and writes nothing anywhere.
    assert result.exit_code == 1
    assert "column school_name: expected a school's name, with letters in it, got '..'" in (
        result.stderr
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "batch-manifest.csv",
        "batch-manifest.json",
        "outside",
        "outside.zip",
    ]
    assert sorted(p.name for p in (tmp_path / "nested").iterdir()) == ["out"]


def test_a_device_or_a_pipe_is_refused_without_being_read(tmp_path: Path) -> None:
    # /dev/zero as a profile filled 6.7 GB of memory in 20 s; a named pipe waited for ever.
    import os

    pipe = tmp_path / "school.toml"
    os.mkfifo(pipe)
    for given in (pipe, Path("/dev/zero")):
        result = runner.invoke(app, ["config", "show", "--school", str(given)])
        assert result.exit_code == 1
        assert f"{given}: is not a file (a device or a pipe?)" in result.stderr
    result = runner.invoke(app, ["batch", "/dev/zero", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "/dev/zero: is not a file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_spreadsheet_far_too_large_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 300 MB file used 1.8 GB of memory before it was refused; it is now read no further
    # than the limit (made small here).
    from cse_lessonpack import batch

    monkeypatch.setattr(batch, "MAX_SHEET_BYTES", 1000)
    sheet = tmp_path / "schools.csv"
    sheet.write_text(",".join(COLUMNS) + "\n" + "x" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(sheet), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{sheet}: the file is larger than 1,000 bytes; a spreadsheet of" in result.stderr
    assert "is it the right file?" in result.stderr
