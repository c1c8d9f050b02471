"""Batch runs: one folder and zip per school, bad rows reported by row and column, re-runs skipped."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cse_lessonpack.batch import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    BatchRow,
    RowsError,
    check_row,
    read_rows,
    read_sheet,
    row_key,
    run_batch,
    spreadsheet_safe,
    template_csv,
)
from cse_lessonpack.errors import (
    OutputError,
    ProfileError,
    SpreadsheetError,
    UsageError,
    display_path,
)
from cse_lessonpack.posters import PrintRun

from .conftest import FIXTURE_LESSONS, TEMPLATES

MM = 72 / 25.4  # points in a millimetre


def _row(**values: str) -> list[str]:
    base = dict(zip(COLUMNS, [""] * len(COLUMNS), strict=True))
    base.update({"school_name": "Oakfield Academy", "dsl_name": "Ms J Patel", "stages": "ks1"})
    base.update(values)
    return [base[c] for c in COLUMNS]


def _csv(path: Path, *rows: list[str], header: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header or list(COLUMNS))
        writer.writerows(rows)
    return path


def _run(tmp_path: Path, sheet: Path, **options: bool) -> object:
    return run_batch(sheet, FIXTURE_LESSONS, TEMPLATES, tmp_path / "out", jobs=1, **options)


def test_a_row_whose_local_contact_has_no_out_of_hours_line_is_noted(tmp_path: Path) -> None:
    # `build --school` said so; a batch built the same school silently, its help pages listing
    # an office-hours number in place of the campaign's, which end with the emergency duty teams.
    contact = {"local_contact_name": "Advice line", "local_contact_phone": "01632 960111"}
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(**contact, local_contact_hours="Office hours"),
        _row(school_name="Hill Top Primary", **contact, local_contact_hours="Evenings, weekends"),
        _row(school_name="Ash Grove School"),  # no contact: the campaign's are kept
    )
    result = _run(tmp_path, sheet)
    noted = [r.row_notes for r in result.results]  # type: ignore[attr-defined]
    assert noted == [
        (
            "row 2 (Oakfield Academy): its local contact does not say it answers out of hours, "
            "and the row's contacts replace the campaign's, whose list ends with each area's "
            "emergency duty team: give the area's out-of-hours team in the local_contact_2_name, "
            "local_contact_2_phone and local_contact_2_hours columns (`batch --template` writes "
            "them)",
        ),
        (),
        (),
    ]
    # A re-run that skips the unchanged schools says so again: a user who missed it the first
    # time was never told again.
    again = _run(tmp_path, sheet)
    assert [r.status for r in again.results] == ["unchanged"] * 3  # type: ignore[attr-defined]
    assert [r.row_notes for r in again.results] == noted  # type: ignore[attr-defined]


WITH_SECOND_CONTACT = [
    *COLUMNS,
    "local_contact_2_name",
    "local_contact_2_phone",
    "local_contact_2_hours",
]


def test_a_rows_second_local_contact_joins_the_first_on_the_help_pages(tmp_path: Path) -> None:
    # A row held one contact, which replaced the campaign's list of each area's office-hours
    # number and its out-of-hours team: a school in the area lost one, or left the batch.
    day = {
        "local_contact_name": "Stoke-on-Trent Children's Advice and Support",
        "local_contact_phone": "01782 235100",
        "local_contact_hours": "Office hours",
    }
    night = ["Stoke-on-Trent Emergency Duty Team", "01782 234234", "Evenings and weekends"]
    sheet = _csv(
        tmp_path / "schools.csv",
        [*_row(**day), *night],
        [*_row(school_name="Hill Top Primary", **day), "", "", ""],
        [*_row(school_name="Ash Grove School"), *night],
        header=WITH_SECOND_CONTACT,
    )
    result = _run(tmp_path, sheet, site=False)
    statuses = [(r.status, r.row_notes, r.error) for r in result.results]  # type: ignore[attr-defined]
    assert statuses[0] == ("built", (), "")
    assert statuses[1][0] == "built" and "its local contact does not say" in statuses[1][1][0]
    assert statuses[2][:2] == ("failed", ())
    where = f"{display_path(sheet)}:4: row 4 (Ash Grove School), column"
    given = "required when local_contact_2_name and local_contact_2_phone are given"
    assert statuses[2][2].splitlines() == [
        f"{where} local_contact_name: {given}",
        f"{where} local_contact_phone: {given}",
    ]
    text = _pdf_text(tmp_path / "out" / "oakfield-academy" / "ks1" / "know-about-cse-ks1.pdf")
    first = text.index("Stoke-on-Trent Children\u2019s Advice and Support 01782 235100")
    assert first < text.index("Stoke-on-Trent Emergency Duty Team 01782 234234")
    hill = _pdf_text(tmp_path / "out" / "hill-top-primary" / "ks1" / "know-about-cse-ks1.pdf")
    assert "01782 235100" in hill and "01782 234234" not in hill


def test_the_template_shows_a_day_and_a_night_contact(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(template_csv().removeprefix("\ufeff"))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["local_contact_hours"] == "Office hours"
    assert cells["local_contact_2_name"] == "Stoke-on-Trent Emergency Duty Team"
    assert cells["local_contact_2_phone"] == "01782 234234"  # as lessons/helplines.yaml has it


def test_each_school_gets_a_folder_a_zip_and_a_manifest_row(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), "#225588").save(logo)
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(logo="logo.png", dsl_location="the Pastoral Office"),
        _row(),  # the same name again: a second folder, not an overwrite
        _row(school_name="Hill Top Primary", stages="ks1 ks3", lesson_minutes="45"),
    )
    result = _run(tmp_path, sheet)
    out = tmp_path / "out"
    assert [(r.folder, r.status) for r in result.results] == [  # type: ignore[attr-defined]
        ("oakfield-academy", "built"),
        ("oakfield-academy-2", "built"),
        ("hill-top-primary", "built"),
    ]
    # Often one school typed twice: both are built, and the summary says so.
    assert result.duplicates == (  # type: ignore[attr-defined]
        "rows 2 and 3 name the same school, 'Oakfield Academy' (folders oakfield-academy, "
        "oakfield-academy-2): check they are different schools before sending the zips",
    )
    assert (out / "oakfield-academy" / "ks1" / "know-about-cse-ks1.pdf").is_file()
    assert (out / "hill-top-primary" / "ks3" / "know-about-cse-ks3.docx").is_file()
    assert not (out / "oakfield-academy" / "ks3").exists()
    assert (out / "oakfield-academy.zip").is_file()
    assert (out / "batch-manifest.csv").read_bytes().startswith(b"\xef\xbb\xbfrow,")  # Excel
    rows = list(csv.DictReader((out / "batch-manifest.csv").open(encoding="utf-8-sig")))
    assert [r["status"] for r in rows] == ["built", "built", "built"]
    # The row tells the two Oakfield Academy zips apart when they are sent.
    assert [(r["row"], r["folder"]) for r in rows] == [
        ("2", "oakfield-academy"),
        ("3", "oakfield-academy-2"),
        ("4", "hill-top-primary"),
    ]
    data = json.loads((out / "batch-manifest.json").read_text(encoding="utf-8"))
    assert [e["row"] for e in data] == [2, 3, 4]
    assert "ks1/know-about-cse-ks1.pdf" in data[0]["files"]
    assert len(data[0]["sha256"]) == 64


def test_a_schools_zip_unpacks_to_its_folder_byte_for_byte(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(stages="ks1 ks3"))
    _run(tmp_path, sheet)
    folder = tmp_path / "out" / "oakfield-academy"
    on_disk = {
        f"oakfield-academy/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }
    with zipfile.ZipFile(tmp_path / "out" / "oakfield-academy.zip") as archive:
        assert archive.testzip() is None  # every entry's checksum holds
        zipped = {name: archive.read(name) for name in archive.namelist()}
        # Text and PDF are deflated; pictures and Word files are compressed already.
        kinds = {i.filename.rsplit(".", 1)[-1]: i.compress_type for i in archive.infolist()}
    assert zipped == on_disk
    assert kinds["pdf"] == kinds["html"] == zipfile.ZIP_DEFLATED
    assert kinds["png"] == kinds["docx"] == zipfile.ZIP_STORED


def test_a_bad_row_is_named_and_the_good_rows_still_build(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(dsl_email="not-an-email"),
        _row(school_name="Hill Top Primary"),
        _row(school_name="Low Contrast School", primary_colour="#3FA7D6"),
    )
    result = _run(tmp_path, sheet)
    by_folder = {r.folder: r for r in result.results}  # type: ignore[attr-defined]
    assert by_folder["hill-top-primary"].status == "built"
    assert by_folder["oakfield-academy"].error.endswith(
        "schools.csv:2: row 2 (Oakfield Academy), column dsl_email: expected an email address such as "
        "dsl@school.example, got 'not-an-email'"
    )
    assert by_folder["low-contrast-school"].error.endswith(
        "schools.csv:4: row 4 (Low Contrast School), column primary_colour: #3FA7D6 with white text on it is only 2.7:1; "
        "WCAG AA needs 4.5:1 (choose a darker colour)"
    )
    assert result.failed == 2  # type: ignore[attr-defined]


def test_a_dsl_line_too_long_for_a_poster_names_its_row_and_column(tmp_path: Path) -> None:
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(school_name="Hill Top Primary"),
        _row(dsl_location=place),
    )
    result = _run(tmp_path, sheet)
    by_folder = {r.folder: r for r in result.results}  # type: ignore[attr-defined]
    assert by_folder["hill-top-primary"].status == "built"
    assert by_folder["oakfield-academy"].status == "failed"
    assert (
        "schools.csv:3: row 3 (Oakfield Academy), column dsl_location: the 'parents' poster on A4 says"
        in (by_folder["oakfield-academy"].error)
    )
    assert not (tmp_path / "out" / "oakfield-academy").exists()


def test_strict_stops_at_a_dsl_line_too_long_for_a_poster_and_keeps_the_earlier_pack(
    tmp_path: Path,
) -> None:
    # A campaign worker lengthened a built school's DSL location and ran --strict: the row was
    # refused only when its posters were laid out, and its earlier pack had been removed.
    sheet = _csv(tmp_path / "schools.csv", _row(school_name="Hill Top Primary"), _row())
    _run(tmp_path, sheet)
    built = tmp_path / "out" / "oakfield-academy" / "posters" / "staff-a4.pdf"
    other = tmp_path / "out" / "hill-top-primary" / "posters" / "staff-a4.pdf"
    before = built.read_bytes(), other.read_bytes()
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(school_name="Hill Top Primary", dsl_location="the Library"),
        _row(dsl_location=place),
    )
    with pytest.raises(ProfileError) as caught:
        _run(tmp_path, sheet, strict=True)
    problems = [str(p) for p in caught.value.problems]
    start = f"{display_path(sheet)}:3: row 3 (Oakfield Academy), column dsl_location: the "
    assert problems and all(p.startswith(start) for p in problems), problems
    assert any("poster on A4 says" in p and "which does not fit" in p for p in problems)
    # Nothing built or removed: the school keeps its pack, the good row is not rebuilt yet.
    assert (built.read_bytes(), other.read_bytes()) == before


def test_every_mistake_in_a_row_is_named_in_one_run(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(school_name="Broken School", primary_colour="#FFFF00", stages="ks3 ks9"),
        _row(school_name="Short Lessons", lesson_minutes="30"),
    )
    result = _run(tmp_path, sheet)
    broken, short = result.results  # type: ignore[attr-defined]
    lines = broken.error.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "schools.csv:2: row 2 (Broken School), column primary_colour: #FFFF00 with white text on it is only "
        "1.1:1; WCAG AA needs 4.5:1 (choose a darker colour)"
    )
    assert lines[1].endswith(
        "schools.csv:2: row 2 (Broken School), column stages: expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', "
        "got 'ks9'"
    )
    assert short.error.endswith(
        # The cell's value, and no advice to exclude lessons: a spreadsheet has no column for it.
        "row 3 (Short Lessons), column lesson_minutes: 30 is shorter than the core activities of lesson "
        "'ks1-fixture' (Telling a trusted adult), which take 45 minutes; choose at least 45 "
        "minutes (with shorter periods, choose 60, the full lesson, and teach it over two periods "
        "of 30 minutes)"
    )


def test_a_lesson_length_is_not_judged_against_stages_the_row_did_not_choose(
    tmp_path: Path,
) -> None:
    # With "KS3 Year 8" in the stages cell, 30 minutes was judged against every key stage and a
    # KS1 lesson named; the stages cell is the mistake to fix first.
    sheet = _csv(tmp_path / "schools.csv", _row(stages="ks1 year", lesson_minutes="30"))
    (row,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    assert row.error.splitlines()[-1].endswith(
        "row 2 (Oakfield Academy), column stages: expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'year'"
    )
    assert "lesson_minutes" not in row.error
    # The row's other checks against the content still run: a contact named like a helpline.
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(stages="ks1 year", local_contact_name="Childline", local_contact_phone="01782 111111"),
    )
    (row,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    assert "column stages" in row.error and "Childline" in row.error, row.error


def test_strict_builds_nothing_when_a_row_is_bad(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(), _row(school_name="X", stages="ks9"))
    with pytest.raises(ProfileError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert str(caught.value.problems[0]).endswith(
        "schools.csv:3: row 3 (X), column stages: expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'ks9'"
    )
    assert not (tmp_path / "out").exists()


def test_strict_still_notes_rows_of_one_name(tmp_path: Path) -> None:
    # The sheet is being put right: two rows of one school are worth knowing then too.
    sheet = _csv(tmp_path / "schools.csv", _row(), _row(), _row(school_name="X", stages="ks9"))
    with pytest.raises(RowsError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert caught.value.notes == (
        "rows 2 and 3 name the same school, 'Oakfield Academy': check they are different "
        "schools before sending the zips",
    )


def test_unchanged_schools_are_skipped_unless_forced(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(), _row(school_name="Hill Top Primary"))
    _run(tmp_path, sheet)
    again = _run(tmp_path, sheet)
    assert [r.status for r in again.results] == ["unchanged", "unchanged"]  # type: ignore[attr-defined]
    sheet = _csv(
        tmp_path / "schools.csv", _row(), _row(school_name="Hill Top Primary", dsl_name="Mr B Khan")
    )
    changed = _run(tmp_path, sheet)
    assert [r.status for r in changed.results] == ["unchanged", "built"]  # type: ignore[attr-defined]
    forced = _run(tmp_path, sheet, force=True)
    assert [r.status for r in forced.results] == ["built", "built"]  # type: ignore[attr-defined]


def test_print_shop_options_apply_to_every_schools_posters(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(), _row(school_name="Hill Top Primary"))
    out = tmp_path / "out"
    prints = PrintRun(("A2",), bleed_mm=3, crop_marks=True)
    result = run_batch(sheet, FIXTURE_LESSONS, TEMPLATES, out, jobs=1, site=False, prints=prints)
    for school in result.results:
        posters = sorted(f for f in school.files if f.startswith("posters/") and f.endswith(".pdf"))
        assert posters and all(f.endswith("-a2-bleed3mm-crop.pdf") for f in posters), posters
        page = PdfReader(out / school.folder / posters[0]).pages[0]
        trim, bleed = page.trimbox, page.bleedbox
        # A2 to the millimetre once trimmed, with 3 mm of bleed on every side for the guillotine.
        assert round(float(trim.width) / MM) == 420 and round(float(trim.height) / MM) == 594
        assert round((float(bleed.width) - float(trim.width)) / MM) == 6
        with zipfile.ZipFile(out / f"{school.folder}.zip") as archive:
            assert f"{school.folder}/{posters[0]}" in archive.namelist()
    # Other print options make other files, so no school is skipped as unchanged.
    again = run_batch(sheet, FIXTURE_LESSONS, TEMPLATES, out, jobs=1, site=False)
    assert [r.status for r in again.results] == ["built", "built"]
    assert not list(out.glob("*/posters/*-a2-*"))  # the A2 files went with the run that made them
    assert (out / "oakfield-academy" / "posters" / "staff-a4.pdf").is_file()


def test_an_unknown_poster_size_stops_a_batch_before_any_work(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row())
    with pytest.raises(UsageError, match="unknown poster size 'A5'"):
        run_batch(
            sheet, FIXTURE_LESSONS, TEMPLATES, tmp_path / "out", jobs=1, prints=PrintRun(("A5",))
        )
    assert not (tmp_path / "out").exists()


def test_another_spreadsheet_never_removes_the_schools_a_first_one_built(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _csv(tmp_path / "north.csv", _row(), _row(school_name="Hill Top Primary"))
    second = _csv(tmp_path / "south.csv", _row(school_name="Valley School"))
    _run(tmp_path, first)
    before = sorted(p.name for p in out.iterdir())
    with pytest.raises(OutputError) as caught:
        _run(tmp_path, second)
    assert str(caught.value) == (
        f"{out.as_posix()} holds 2 school(s) built from {first.as_posix()} "
        "(oakfield-academy, hill-top-primary); building "
        f"{second.as_posix()} there would remove them. Give this spreadsheet its own folder "
        "with --out, or add --force to replace them"
    )
    assert sorted(p.name for p in out.iterdir()) == before  # nothing built, nothing removed
    # A sheet that keeps the first one's schools, or --force, may use the folder.
    both = _csv(
        tmp_path / "all.csv",
        _row(),
        _row(school_name="Hill Top Primary"),
        _row(school_name="Valley School"),
    )
    assert [r.status for r in _run(tmp_path, both).results] == [  # type: ignore[attr-defined]
        "unchanged",
        "unchanged",
        "built",
    ]
    replaced = _run(tmp_path, second, force=True)
    assert replaced.removed == ("oakfield-academy", "hill-top-primary")  # type: ignore[attr-defined]
    assert not (out / "oakfield-academy").exists()


def test_the_guard_says_how_many_schools_would_be_removed_and_which(tmp_path: Path) -> None:
    out = tmp_path / "out"
    names = ("Ash School", "Elm School", "Oak School", "Yew School")
    six = _csv(tmp_path / "six.csv", *(_row(school_name=n) for n in names))
    _run(tmp_path, six, site=False)
    # Two of the four are in the other sheet too: only the other two would be removed.
    excel = _csv(
        tmp_path / "excel.csv", _row(school_name="Ash School"), _row(school_name="Oak School")
    )
    with pytest.raises(OutputError) as caught:
        _run(tmp_path, excel, site=False)
    assert str(caught.value) == (
        f"{out.as_posix()} holds 4 school(s) built from {six.as_posix()}; building "
        f"{excel.as_posix()} there would remove 2 of them (elm-school, yew-school). Give this "
        "spreadsheet its own folder with --out, or add --force to replace them"
    )


def test_a_failed_row_has_no_folder_in_the_manifests(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(dsl_email="not-an-email"), _row(school_name="B"))
    _run(tmp_path, sheet)
    data = json.loads((tmp_path / "out" / "batch-manifest.json").read_text(encoding="utf-8"))
    assert [(e["folder"], e["status"]) for e in data] == [("", "failed"), ("b", "built")]
    assert not (tmp_path / "out" / "oakfield-academy").exists()


def test_a_rerun_leaves_no_school_with_another_schools_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _csv(
        tmp_path / "schools.csv",
        _row(dsl_name="Ms J Patel", stages="ks1"),
        _row(dsl_name="Mr K Singh", stages="ks3"),
        _row(school_name="Riverside School"),
    )
    _run(tmp_path, first, site=False)
    assert (out / "oakfield-academy" / "ks1").is_dir()
    # Ms Patel's school gives way to another Oakfield, of other stages, which takes its folder;
    # Mr Singh's keeps his; Riverside leaves the spreadsheet.
    second = _csv(
        tmp_path / "schools.csv",
        _row(dsl_name="Mrs L Okafor", stages="ks3"),
        _row(dsl_name="Mr K Singh", stages="ks3"),
    )
    result = _run(tmp_path, second, site=False)
    assert not (out / "oakfield-academy" / "ks1").exists()  # Ms Patel's pack, gone with her row
    assert (out / "oakfield-academy" / "ks3" / "know-about-cse-ks3.pdf").is_file()
    assert (out / "oakfield-academy-2" / "ks3" / "know-about-cse-ks3.pdf").is_file()
    assert not (out / "riverside-school").exists()
    assert not (out / "riverside-school.zip").exists()
    assert result.removed == ("riverside-school",)  # type: ignore[attr-defined]
    manifest = json.loads((out / "oakfield-academy" / "manifest.json").read_text("utf-8"))
    assert manifest["school"]["dsl_name"] == "Mrs L Okafor"
    assert {f["path"] for f in manifest["files"]} == {
        p.relative_to(out / "oakfield-academy").as_posix()
        for p in (out / "oakfield-academy").rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }


def test_a_row_that_now_fails_leaves_no_out_of_date_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(tmp_path, _csv(tmp_path / "schools.csv", _row()), site=False)
    assert (out / "oakfield-academy.zip").is_file()
    result = _run(
        tmp_path, _csv(tmp_path / "schools.csv", _row(dsl_email="not-an-email")), site=False
    )
    assert result.failed == 1  # type: ignore[attr-defined]
    assert not (out / "oakfield-academy").exists()
    assert not (out / "oakfield-academy.zip").exists()


def test_a_write_that_fails_keeps_the_schools_last_good_pack(tmp_path: Path) -> None:
    # A re-run onto a full disk failed every school and then deleted each one's folder and zip
    # "not built in this run (their rows are gone or now have problems)": the rows were fine.
    out = tmp_path / "out"
    sheet = tmp_path / "schools.csv"
    _run(tmp_path, _csv(sheet, _row(), _row(school_name="Elm Primary")), site=False)
    elm = out / "elm-primary"
    before = {p: p.read_bytes() for p in elm.rglob("*") if p.is_file()}
    zip_before = (out / "elm-primary.zip").read_bytes()
    # A folder where one of Elm's files goes: its build fails when the files are put in place.
    (elm / "posters" / "staff-a4.pdf").unlink()
    (elm / "posters" / "staff-a4.pdf").mkdir()
    del before[elm / "posters" / "staff-a4.pdf"]
    result = _run(
        tmp_path,
        _csv(sheet, _row(), _row(school_name="Elm Primary", dsl_name="Mr New")),
        site=False,
    )
    assert result.failed == 1 and result.removed == ()  # type: ignore[attr-defined]
    (failed,) = [r for r in result.results if r.status == "failed"]  # type: ignore[attr-defined]
    assert failed.error.startswith(f"{display_path(sheet)}:3: row 3 (Elm Primary): cannot write ")
    assert failed.error.endswith("; its files and zip from the last run are kept as they were")
    assert {p: p.read_bytes() for p in elm.rglob("*") if p.is_file()} == before
    assert (out / "elm-primary.zip").read_bytes() == zip_before
    # The manifests say where the kept files are, so that a later run can remove or reuse them.
    entry = json.loads((out / "batch-manifest.json").read_text(encoding="utf-8"))[1]
    assert (entry["folder"], entry["status"]) == ("elm-primary", "failed")
    assert entry["sha256"] == hashlib.sha256(zip_before).hexdigest() and entry["files"]
    # Once the obstacle is gone, the next run builds the school with its new details.
    (elm / "posters" / "staff-a4.pdf").rmdir()
    again = _run(
        tmp_path,
        _csv(sheet, _row(), _row(school_name="Elm Primary", dsl_name="Mr New")),
        site=False,
    )
    assert [r.status for r in again.results] == ["unchanged", "built"]  # type: ignore[attr-defined]
    # And a row taken out later takes its kept folder with it.
    gone = _run(tmp_path, _csv(sheet, _row()), site=False)
    assert gone.removed == ("elm-primary",)  # type: ignore[attr-defined]
    assert not (out / "elm-primary.zip").exists()


def test_a_failed_write_keeps_the_folder_even_when_its_zip_was_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sheet = tmp_path / "schools.csv"
    _run(tmp_path, _csv(sheet, _row()), site=False)
    folder = out / "oakfield-academy"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (out / "oakfield-academy.zip").unlink()  # deleted by hand after it was sent
    (folder / "posters" / "staff-a4.pdf").unlink()
    (folder / "posters" / "staff-a4.pdf").mkdir()
    del before[folder / "posters" / "staff-a4.pdf"]
    result = _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")), site=False)
    (failed,) = result.results  # type: ignore[attr-defined]
    assert failed.status == "failed" and result.removed == ()  # type: ignore[attr-defined]
    assert failed.error.endswith(
        "; its files (its zip is not there) from the last run are kept as they were"
    )
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_a_zip_that_is_not_the_folders_build_is_remade_not_called_unchanged(
    tmp_path: Path,
) -> None:
    # A zip that could not be replaced (locked by another program) kept the last run's DSL; the
    # next run called the school "unchanged" and listed that zip as current.
    out = tmp_path / "out"
    sheet = tmp_path / "schools.csv"
    _run(tmp_path, _csv(sheet, _row(dsl_name="Ms Old")), site=False)
    old_zip = (out / "oakfield-academy.zip").read_bytes()
    _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")), site=False)
    (out / "oakfield-academy.zip").write_bytes(old_zip)  # as if it had not been replaced
    again = _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")), site=False)
    assert [r.status for r in again.results] == ["built"]  # type: ignore[attr-defined]
    with zipfile.ZipFile(out / "oakfield-academy.zip") as archive:
        zipped = archive.read("oakfield-academy/manifest.json")
    assert zipped == (out / "oakfield-academy" / "manifest.json").read_bytes()


def test_two_failed_writes_in_a_row_still_keep_the_school(tmp_path: Path) -> None:
    # A disk that stays full: the first failure (at the zip) left this run's files and no zip;
    # the second (at the files) then deleted the folder "not built in this run".
    out = tmp_path / "out"
    sheet = tmp_path / "schools.csv"
    _run(tmp_path, _csv(sheet, _row()))
    archive = out / "oakfield-academy.zip"
    archive.unlink()
    archive.mkdir()
    first = _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")))
    (result,) = first.results  # type: ignore[attr-defined]
    assert result.status == "failed" and "index.html" in result.files  # the page is listed too
    archive.rmdir()
    blocker = out / "oakfield-academy" / "posters" / "staff-a4.pdf"
    blocker.unlink()
    blocker.mkdir()
    second = _run(tmp_path, _csv(sheet, _row(dsl_name="Mrs Newer")))
    assert second.failed == 1 and second.removed == ()  # type: ignore[attr-defined]
    assert (out / "oakfield-academy" / "ks1" / "know-about-cse-ks1.pdf").is_file()


def test_a_zip_that_cannot_be_written_never_leaves_the_last_runs_zip(tmp_path: Path) -> None:
    # The folder got this run's files (the new DSL) while the zip beside it, the one that is
    # sent to the school, still held the last run's.
    out = tmp_path / "out"
    sheet = tmp_path / "schools.csv"
    _run(tmp_path, _csv(sheet, _row()), site=False)
    archive = out / "oakfield-academy.zip"
    archive.unlink()
    archive.mkdir()  # what the zip is written over: its rename fails
    result = _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")), site=False)
    (failed,) = result.results  # type: ignore[attr-defined]
    assert failed.status == "failed" and failed.files and failed.sha256 == ""
    assert failed.error.endswith(
        "the folder holds this run's files, but not its zip: run the batch again"
    )
    assert "Mr New" in _pdf_text(out / "oakfield-academy" / "ks1" / "know-about-cse-ks1.pdf")
    archive.rmdir()
    again = _run(tmp_path, _csv(sheet, _row(dsl_name="Mr New")), site=False)
    assert [r.status for r in again.results] == ["built"]  # type: ignore[attr-defined]
    assert archive.is_file()


def test_spreadsheet_problems_are_called_spreadsheet_errors(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(), _row(school_name="X", stages="ks9"))
    with pytest.raises(SpreadsheetError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert caught.value.summary() == "1 spreadsheet error"


def test_a_folder_or_a_missing_file_given_as_the_spreadsheet_is_named_as_such(
    tmp_path: Path,
) -> None:
    for path, said in [
        (tmp_path, "is a folder: give the spreadsheet's own file (.csv)"),
        (tmp_path / "nosuch.csv", "file not found"),
    ]:
        with pytest.raises(SpreadsheetError) as caught:
            _run(tmp_path, path)
        assert [str(p) for p in caught.value.problems] == [f"{display_path(path)}: {said}"]
    assert not (tmp_path / "out").exists()


def test_each_school_gets_its_own_download_page_in_its_folder_and_zip(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(dsl_location="the Pastoral Office"))
    result = _run(tmp_path, sheet)
    folder = tmp_path / "out" / "oakfield-academy"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "Oakfield Academy" in page and "Ms J Patel" in page
    assert 'href="ks1/know-about-cse-ks1.pdf"' in page  # links stay inside the school's folder
    with zipfile.ZipFile(tmp_path / "out" / "oakfield-academy.zip") as archive:
        names = set(archive.namelist())
    assert "oakfield-academy/index.html" in names
    assert "oakfield-academy/site/site.css" in names
    listed = result.results[0].files  # type: ignore[attr-defined]
    assert "index.html" in listed and {f"oakfield-academy/{f}" for f in listed} == names
    # A re-run lists the same files; a missing page makes the school build again.
    again = _run(tmp_path, sheet)
    assert again.results[0].files == listed  # type: ignore[attr-defined]
    (folder / "index.html").unlink()
    assert [r.status for r in _run(tmp_path, sheet).results] == ["built"]  # type: ignore[attr-defined]


def test_no_site_leaves_the_download_page_out(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row())
    _run(tmp_path, sheet, site=False)
    folder = tmp_path / "out" / "oakfield-academy"
    assert not (folder / "index.html").exists() and not (folder / "site").exists()
    with zipfile.ZipFile(tmp_path / "out" / "oakfield-academy.zip") as archive:
        assert not any(n.endswith("index.html") for n in archive.namelist())


def test_a_rerun_without_the_page_removes_the_one_an_earlier_run_left(tmp_path: Path) -> None:
    # The folder showed a page the new zip did not hold, and the new manifest did not list.
    sheet = _csv(tmp_path / "schools.csv", _row())
    _run(tmp_path, sheet)
    folder = tmp_path / "out" / "oakfield-academy"
    assert (folder / "index.html").is_file()
    _run(tmp_path, sheet, site=False)
    assert not (folder / "index.html").exists() and not (folder / "site").exists()


def test_a_school_whose_dsl_changed_is_told_its_zip_was_remade(tmp_path: Path) -> None:
    _run(tmp_path, _csv(tmp_path / "schools.csv", _row(dsl_name="Ms First")))
    result = _run(tmp_path, _csv(tmp_path / "schools.csv", _row(dsl_name="Mr Second")))
    assert [r.note for r in result.results] == [  # type: ignore[attr-defined]
        "oakfield-academy/ and its zip were remade with row 2's new details, for Oakfield Academy "
        "(DSL Mr Second) (before: Oakfield Academy (DSL Ms First)): share the new zip"
    ]


EXPECTED = "(expected: school_name (required), logo, dsl_name,"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        # The only column a spreadsheet must have.
        (
            [c for c in COLUMNS if c != "school_name"],
            f"header: missing column: school_name {EXPECTED}",
        ),
        # Both named by their letters and headings, as the spreadsheet shows them.
        (
            [*COLUMNS, "font"],
            "header: repeated column: font (columns M 'font' and Q 'font'): keep one of each and "
            f"delete the other {EXPECTED}",
        ),
        (
            [*COLUMNS, " Font "],  # written otherwise
            "header: repeated column: font (columns M 'font' and Q 'Font'): keep one of each and "
            f"delete the other {EXPECTED}",
        ),
        # A misspelt column would be read as empty in every row: refused, naming both.
        (
            [c.replace("dsl_phone", "dsl_phnoe") for c in COLUMNS],
            "header: column 'dsl_phnoe' is not known; did you mean dsl_phone? (rename the column)",
        ),
        (
            [c.replace("school_name", "School nmae") for c in COLUMNS],
            "header: column 'School nmae' is not known; did you mean school_name? (rename the "
            "column)",
        ),
        # A column named as a person would: the one to rename is named.
        (
            ["Name", *[c for c in COLUMNS if c != "school_name"]],
            "header: missing column: school_name; 'Name' is not a column batch reads: if it holds "
            f"the schools' names, rename it school_name {EXPECTED}",
        ),
        (
            ["Name", "Notes", "dsl_name"],
            "header: missing column: school_name; 'Name' and 'Notes' are not columns batch "
            f"reads: rename the one that holds the schools' names to school_name {EXPECTED}",
        ),
        (
            [*COLUMNS, "Deputy DSL"],  # the optional column, misspelt, is not quietly dropped
            "header: column 'Deputy DSL' is not known; did you mean deputy_dsl_name? (rename the "
            "column)",
        ),
        # Headings too short or too different for a spelling match: read as none of ours, "DSL"
        # sent the packs out without the school's DSL, with a note only.
        (
            [c.replace("dsl_name", "DSL") for c in COLUMNS],
            "header: column 'DSL' is not known; did you mean dsl_name? (rename the column)",
        ),
        (
            [c.replace("dsl_name", "Designated Safeguarding Lead") for c in COLUMNS],
            "header: column 'Designated Safeguarding Lead' is not known; did you mean dsl_name? "
            "(rename the column)",
        ),
        (
            [c.replace("lesson_minutes", "Lesson length") for c in COLUMNS],
            "header: column 'Lesson length' is not known; did you mean lesson_minutes? (rename "
            "the column)",
        ),
        # Found by an adversarial test: each was dropped with a note, and its data lost (every
        # stage built for a one-stage school, no logo, no DSL email).
        (
            [c.replace("dsl_email", "DSL Email Address") for c in COLUMNS],
            "header: column 'DSL Email Address' is not known; did you mean dsl_email? (rename "
            "the column)",
        ),
        (
            [c.replace("stages", "Key stage(s)") for c in COLUMNS],
            "header: column 'Key stage(s)' is not known; did you mean stages? (rename the column)",
        ),
        (
            [c.replace("logo", "Logo file name") for c in COLUMNS],
            "header: column 'Logo file name' is not known; did you mean logo? (rename the column)",
        ),
    ],
)
def test_header_problems(tmp_path: Path, header: list[str], message: str) -> None:
    sheet = _csv(tmp_path / "schools.csv", header=header)
    with pytest.raises(ProfileError) as caught:
        read_rows(sheet)
    assert [(p.line, p.message[: len(message)]) for p in caught.value.problems] == [(1, message)]


def test_a_title_above_the_column_names_is_named_as_the_problem(tmp_path: Path) -> None:
    # "Print run autumn 2026" typed above the header was taken for the header: the message told
    # the user to rename it school_name.
    sheet = tmp_path / "schools.csv"
    sheet.write_text(
        "Print run autumn 2026,,\nNotes: check with Sam,,\nschool_name,dsl_name,stages\n"
        "Oakfield Academy,Ms J Patel,ks3\n",
        encoding="utf-8",
    )
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(sheet)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            1,
            "the column names (school_name …) are on line 3: delete the lines above them, so "
            "that they are the first row (a title or note above the column names cannot stay)",
        )
    ]


def _filled_template() -> str:
    """The template's example row with a school's own details in place of the stand-ins."""
    text = template_csv()
    for old, new in (
        ("Your school's name", "Oakfield Academy"),
        ("Your DSL's name", "Ms J Patel"),
        ("Where pupils find your DSL", "the Pastoral Office"),
        ("01782 000000", "01782 234567"),
        ("dsl@school.example", "dsl@oakfield.sch.uk"),
        ("Your deputy DSL's name", "Mr R Shah"),
    ):
        text = text.replace(old, new)
    return text


def test_excel_files_are_read_or_refused_clearly(tmp_path: Path) -> None:
    text = _filled_template()
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes(text.replace(",", "\t").encode("utf-16"))
    assert read_rows(utf16)[0].cells["school_name"] == "Oakfield Academy"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_rows(bom)[0].cells["school_name"] == "Oakfield Academy"
    # UTF-8 with a stray byte is not mistaken for Windows-1252 ("é" would be read as "Ã©").
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(text.replace("Oakfield", "Ysgol Caf\u00e9").encode() + b"\x96\n")
    with pytest.raises(ProfileError) as caught:
        read_rows(mixed)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            3,
            "not UTF-8 text (byte 0x96, in a file that is UTF-8 elsewhere); in Excel, save as "
            "'CSV UTF-8'",
        )
    ]


def test_excels_windows_1252_csv_is_read_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel's default "CSV (Comma delimited)" on Windows: "–" is 0x96, "é" 0xe9, "’" 0x92.
    monkeypatch.chdir(tmp_path)
    text = _filled_template().replace("Oakfield Academy", "Ysgol Caf\u00e9 \u2013 St Mary\u2019s")
    Path("schools.csv").write_bytes(text.encode("cp1252"))
    sheet = read_sheet(Path("schools.csv"))
    assert sheet.rows[0].cells["school_name"] == "Ysgol Caf\u00e9 \u2013 St Mary\u2019s"
    assert sheet.notes == (
        'schools.csv: read as Windows-1252 text, as Excel\'s "CSV (Comma delimited)" saves it; '
        "Excel writes ? for a character that has no place in it (ł, emoji): to keep every "
        "character, in Excel, save as 'CSV UTF-8'",
    )
    # A byte Windows-1252 leaves undefined is still an error, on its own line.
    Path("schools.csv").write_bytes(text.encode("cp1252") + b"Oak\x81,,\n")
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(Path("schools.csv"))
    assert [str(p) for p in caught.value.problems] == [
        "schools.csv:3: not UTF-8 or Windows-1252 text (byte 0x81 is neither); in Excel, save "
        "as 'CSV UTF-8'"
    ]


def test_cells_written_back_cannot_run_as_formulas() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Oakfield") == "Oakfield"


def test_the_templates_example_row_is_built_only_once_filled_in(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(template_csv())))
    assert tuple(rows[0]) == (*COLUMNS, *OPTIONAL_COLUMNS) and len(rows) == 2
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["deputy_dsl_name"] == "Your deputy DSL's name"  # an optional column's cell
    sheet = tmp_path / "schools.csv"
    sheet.write_text(template_csv(), encoding="utf-8")
    (untouched,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    # Built as it is, the example would send out packs naming a made-up school and DSL.
    assert untouched.status == "failed"
    # In the spreadsheet's column order, as its author reads the row from left to right.
    assert untouched.error.splitlines() == [
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column school_name: still the example "
        "\"Your school's name\"; put in your school's name",
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column dsl_name: still the example "
        "\"Your DSL's name\"; put in your Designated Safeguarding Lead's name",
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column dsl_location: still the example "
        '"Where pupils find your DSL"; put in where pupils find them, such as the Pastoral Office',
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column dsl_phone: still the example "
        '"01782 000000"; put in the DSL\'s own number, or leave it empty',
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column dsl_email: still the example "
        '"dsl@school.example"; put in the DSL\'s own address, or leave it empty',
        f"{sheet.as_posix()}:2: row 2 (Your school's name), column deputy_dsl_name: still the example "
        "\"Your deputy DSL's name\"; put in your deputy DSL's name (or their names: Mr R Shah or "
        "Mrs K Hill), or leave it empty",
    ]
    sheet.write_text(_filled_template(), encoding="utf-8")
    (filled,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    assert (filled.folder, filled.status) == ("oakfield-academy", "built")


def test_a_rows_mistakes_are_listed_in_the_spreadsheets_column_order(tmp_path: Path) -> None:
    header = list(reversed(COLUMNS))  # the spreadsheet's own order, not the documented one
    cells = dict(
        zip(
            COLUMNS,
            _row(stages="ks9", primary_colour="red", dsl_email="nope", large_print="maybe"),
            strict=True,
        )
    )
    sheet = _csv(tmp_path / "schools.csv", [cells[c] for c in header], header=header)
    expected = ["stages", "large_print", "primary_colour", "dsl_email"]
    (failed,) = _run(tmp_path, sheet, site=False).results  # type: ignore[attr-defined]
    assert [line.split("column ")[1].split(":")[0] for line in failed.error.splitlines()] == (
        expected
    )
    with pytest.raises(SpreadsheetError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert [p.message.split("column ")[1].split(":")[0] for p in caught.value.problems] == (
        expected
    )


@pytest.mark.parametrize(
    ("names", "folders"),
    [
        (("Oak", "Oak", "Oak 2"), ["oak", "oak-3", "oak-2"]),
        (("Oak 2", "Oak", "Oak"), ["oak-2", "oak", "oak-3"]),
        (
            ("St Peter's", "St Peter\u2019s", "Ysgol Dewi Sant"),
            ["st-peters", "st-peters-2", "ysgol-dewi-sant"],
        ),
    ],
)
def test_every_school_gets_its_own_folder_even_when_a_name_ends_in_a_number(
    tmp_path: Path, names: tuple[str, ...], folders: list[str]
) -> None:
    dsls = ("Ms A Patel", "Mr B Khan", "Dr C Jones")  # tell the rows apart
    sheet = _csv(
        tmp_path / "schools.csv",
        *(_row(school_name=n, dsl_name=d) for n, d in zip(names, dsls, strict=True)),
    )
    result = _run(tmp_path, sheet, site=False)
    out = tmp_path / "out"
    assert [(r.folder, r.status) for r in result.results] == [  # type: ignore[attr-defined]
        (f, "built") for f in folders
    ]
    # Each school's folder and zip hold that school's packs, with its own DSL: none is lost.
    for name, dsl, folder in zip(names, dsls, folders, strict=True):
        manifest = json.loads((out / folder / "manifest.json").read_text("utf-8"))
        assert manifest["school"]["name"] == name and manifest["school"]["dsl_name"] == dsl
        assert (out / f"{folder}.zip").is_file()
    rows = list(csv.DictReader((out / "batch-manifest.csv").open(encoding="utf-8-sig")))
    assert [r["folder"] for r in rows] == folders
    # The same rows in the same order keep their folders.
    again = _run(tmp_path, sheet, site=False)
    assert [(r.folder, r.status) for r in again.results] == [  # type: ignore[attr-defined]
        (f, "unchanged") for f in folders
    ]


def test_a_phone_that_lost_its_first_0_in_a_spreadsheet_says_how_to_keep_it(
    tmp_path: Path,
) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(dsl_phone="1782 555123"))
    with pytest.raises(SpreadsheetError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert [str(p) for p in caught.value.problems] == [
        f"{sheet.as_posix()}:2: row 2 (Oakfield Academy), column dsl_phone: a UK number starts "
        "with 0 (a spreadsheet drops it from a cell it takes for a number; format the column as "
        "text): write 01782 555123"
    ]


@pytest.mark.parametrize(
    ("cells", "messages"),
    [
        (
            {"dsl_name": "", "dsl_phone": "01782 000000"},
            ["row 2 (Oakfield Academy), column dsl_name: required when dsl_phone is given"],
        ),
        (
            {"dsl_name": "", "dsl_role": "Head", "dsl_location": "the Office", "dsl_email": ""},
            [
                "row 2 (Oakfield Academy), column dsl_name: required when dsl_role and dsl_location are given"
            ],
        ),
        (
            {"dsl_name": "", "dsl_email": "dsl@school.example"},
            ["row 2 (Oakfield Academy), column dsl_name: required when dsl_email is given"],
        ),
        (
            {"local_contact_name": "Children's Advice"},
            [
                "row 2 (Oakfield Academy), column local_contact_phone: required when local_contact_name is given"
            ],
        ),
        (
            {"local_contact_phone": "01782 235100"},
            [
                "row 2 (Oakfield Academy), column local_contact_name: required when local_contact_phone is given"
            ],
        ),
        (
            {"local_contact_hours": "Mon-Fri 9am-5pm"},
            [
                "row 2 (Oakfield Academy), column local_contact_name: required when local_contact_hours is given",
                "row 2 (Oakfield Academy), column local_contact_phone: required when local_contact_hours is given",
            ],
        ),
    ],
)
def test_details_without_the_name_or_number_they_belong_to_are_row_errors(
    tmp_path: Path, cells: dict[str, str], messages: list[str]
) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(**cells))
    with pytest.raises(SpreadsheetError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert [str(p) for p in caught.value.problems] == [
        f"{sheet.as_posix()}:2: {m}" for m in messages
    ]
    # Without --strict the row is reported failed, never "built" with the details dropped.
    result = _run(tmp_path, sheet)
    assert [r.status for r in result.results] == ["failed"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xff\xfe\x41",
            "u.csv:1: not valid UTF-16 text (truncated data); in Excel, save as 'CSV UTF-8'",
        ),
        (
            b"\xff\xfe" + "a,b\nc,d\n".encode("utf-16-le") + b"\x00\xd8,\x00",
            "u.csv:3: not valid UTF-16 text (illegal UTF-16 surrogate); "
            "in Excel, save as 'CSV UTF-8'",
        ),
        (
            "school_name\n".encode("utf-32"),
            "u.csv:1: UTF-32 text is not read; in Excel, save as 'CSV UTF-8'",
        ),
        (
            b"\x00\x00\xfe\xff" + "school_name\n".encode("utf-32-be"),
            "u.csv:1: UTF-32 text is not read; in Excel, save as 'CSV UTF-8'",
        ),
        (
            "school_name,logo\n".encode("utf-16-le"),  # no byte-order mark
            "u.csv:1: not UTF-8 text (the header has NUL characters: UTF-16 or UTF-32 without "
            "a byte-order mark?); in Excel, save as 'CSV UTF-8'",
        ),
    ],
    ids=["truncated-utf-16", "lone-surrogate", "utf-32-le", "utf-32-be", "utf-16-without-bom"],
)
def test_malformed_unicode_files_are_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "u.csv").write_bytes(data)
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(Path("u.csv"))
    assert [str(p) for p in caught.value.problems] == [message]


@pytest.mark.parametrize(
    "kind", ["xlsx", "xls"], ids=["workbook-renamed-csv", "old-excel-workbook"]
)
def test_a_workbook_is_named_as_one_not_as_text_in_a_wrong_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if kind == "xlsx":  # a zip, as Excel and LibreOffice save their workbooks
        with zipfile.ZipFile("schools.csv", "w") as workbook:
            workbook.writestr("[Content_Types].xml", "<Types/>")
    else:  # Excel 97-2003's compound file
        Path("schools.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(Path("schools.csv"))
    assert [str(p) for p in caught.value.problems] == [
        "schools.csv: is a spreadsheet workbook (Excel or LibreOffice), not a CSV file; in "
        "Excel, choose File, Save As, 'CSV UTF-8 (Comma delimited)'"
    ]


def test_a_header_without_rows_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    sheet = _csv(Path("schools.csv"))
    with pytest.raises(SpreadsheetError) as caught:
        read_rows(sheet)
    assert [str(p) for p in caught.value.problems] == [
        "schools.csv: no schools: the spreadsheet has a header but no rows"
    ]


def test_control_characters_never_reach_the_manifest_spreadsheet(tmp_path: Path) -> None:
    assert spreadsheet_safe("Oak\x00field\x1b[2J") == "Oak\ufffdfield\ufffd[2J"
    assert spreadsheet_safe("\t=1") == "'\ufffd=1"
    # Invisible characters are shown too (a zero-width space in a failed row's name).
    assert spreadsheet_safe("Oak\u200bfield\u202e") == "Oak\ufffdfield\ufffd"
    sheet = _csv(tmp_path / "schools.csv", _row(school_name="Oak\x00field"))
    result = _run(tmp_path, sheet)
    assert result.failed == 1  # type: ignore[attr-defined]
    data = (tmp_path / "out" / "batch-manifest.csv").read_bytes()
    assert b"\x00" not in data
    assert "Oak\ufffdfield,".encode() in data


def test_schools_of_one_name_keep_their_folders_when_rows_move_or_go(tmp_path: Path) -> None:
    # Two schools of the same name: each folder, and any zip already shared, stays that
    # school's, whatever the rows' order; the folder of a row taken out is the one removed.
    first = _row(dsl_name="Ms First")
    second = _row(dsl_name="Mr Second")
    out = tmp_path / "out"

    def folders(result: object) -> dict[str, tuple[str, str]]:
        found = {}
        for r in result.results:  # type: ignore[attr-defined]
            manifest = json.loads((out / r.folder / "manifest.json").read_text())
            found[manifest["school"]["dsl_name"]] = (r.folder, r.status)
        return found

    built = _run(tmp_path, _csv(tmp_path / "schools.csv", first, second))
    assert folders(built) == {
        "Ms First": ("oakfield-academy", "built"),
        "Mr Second": ("oakfield-academy-2", "built"),
    }
    swapped = _run(tmp_path, _csv(tmp_path / "schools.csv", second, first))
    assert folders(swapped) == {
        "Mr Second": ("oakfield-academy-2", "unchanged"),
        "Ms First": ("oakfield-academy", "unchanged"),
    }
    assert [r.note for r in swapped.results] == ["", ""]  # type: ignore[attr-defined]
    # The first school's row taken out: the second keeps its folder and zip, untouched, and
    # the first's folder goes (before, the second moved into it, "remade with new details").
    zip_before = (out / "oakfield-academy-2.zip").read_bytes()
    alone = _run(tmp_path, _csv(tmp_path / "schools.csv", second))
    assert folders(alone) == {"Mr Second": ("oakfield-academy-2", "unchanged")}
    assert [r.note for r in alone.results] == [""]  # type: ignore[attr-defined]
    assert alone.removed == ("oakfield-academy",)  # type: ignore[attr-defined]
    assert not (out / "oakfield-academy").exists() and not (out / "oakfield-academy.zip").exists()
    assert (out / "oakfield-academy-2.zip").read_bytes() == zip_before
    # A school's DSL changing is still told as such, in its own folder.
    changed = _run(tmp_path, _csv(tmp_path / "schools.csv", _row(dsl_name="Mrs Third")))
    (result,) = changed.results  # type: ignore[attr-defined]
    assert (
        result.folder == "oakfield-academy-2" and "remade with row 2's new details" in result.note
    )


def test_a_folder_that_changes_school_on_a_rerun_is_pointed_out(tmp_path: Path) -> None:
    # A new school of the same name as two built before takes a folder one of them left: any
    # zip already shared from that folder is now out of date, and the note says whose it was.
    first = _row(dsl_name="Ms First")
    second = _row(dsl_name="Mr Second")
    _run(tmp_path, _csv(tmp_path / "schools.csv", first, second))
    third = _row(dsl_name="Mrs Third")
    result = _run(tmp_path, _csv(tmp_path / "schools.csv", third, second))
    notes = [r.note for r in result.results]  # type: ignore[attr-defined]
    assert notes == [
        # Row 2 may be that school with a new DSL: the note does not say it is another school.
        "oakfield-academy/ and its zip held packs for Oakfield Academy (DSL Ms First) from an "
        "earlier run; they now hold row 2's, for Oakfield Academy (DSL Mrs Third), either that "
        "school with new details or another of the same name: share the new zip",
        "",
    ]
    again = _run(tmp_path, _csv(tmp_path / "schools.csv", third, second), force=True)
    assert [r.note for r in again.results] == ["", ""]  # type: ignore[attr-defined]


def test_cells_written_the_spreadsheet_way_are_accepted(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(dsl_phone="01782-123456", accent_colour="f4b400", font="Lato", large_print="Yes"),
    )
    (school,) = _run(tmp_path, sheet, site=False).results  # type: ignore[attr-defined]
    assert school.status == "built", school.error
    manifest = json.loads(
        (tmp_path / "out" / "oakfield-academy" / "manifest.json").read_text(encoding="utf-8")
    )
    assert "01782 123456" in json.dumps(manifest)


def test_the_guard_holds_for_older_manifests_and_for_rows_that_fail(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _csv(tmp_path / "north.csv", _row(), _row(school_name="Hill Top Primary"))
    _run(tmp_path, first)
    # A row of another sheet with the same name as a school built here, but failing its checks,
    # would not keep that school's folder: it is removed with the failed row.
    second = _csv(tmp_path / "south.csv", _row(dsl_email="wrong"), _row(school_name="Valley"))
    with pytest.raises(OutputError, match="holds 2 school"):
        _run(tmp_path, second)
    # A manifest written before the spreadsheet was recorded could be any sheet's.
    manifest = out / "batch-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(
        json.dumps([{k: v for k, v in e.items() if k != "spreadsheet"} for e in data])
    )
    with pytest.raises(OutputError, match="built from an earlier run"):
        _run(tmp_path, _csv(tmp_path / "west.csv", _row(school_name="Valley")))
    assert (out / "oakfield-academy").is_dir() and (out / "hill-top-primary").is_dir()


# --- the optional deputy_dsl_name column -------------------------------------------------------

WITH_DEPUTY = [*COLUMNS, "deputy_dsl_name"]


def _pdf_text(path: Path) -> str:
    from .textextract import normalise, pdf_pages

    return normalise(" ".join(pdf_pages(path.read_bytes())))


def test_a_spreadsheet_without_the_deputy_column_builds_and_hashes_as_before(
    tmp_path: Path,
) -> None:
    assert OPTIONAL_COLUMNS == (
        "deputy_dsl_name",
        "local_contact_2_name",
        "local_contact_2_phone",
        "local_contact_2_hours",
    )
    sheet = _csv(tmp_path / "schools.csv", _row())
    (row,) = read_rows(sheet)
    # The cells the re-run hash took before the column existed, exactly: no school of an
    # existing spreadsheet is built again for it.
    before = json.dumps({k: v for k, v in row.cells.items() if k in COLUMNS}, sort_keys=True)
    assert row_key(row) == before
    first = _run(tmp_path, sheet, site=False)
    assert [r.status for r in first.results] == ["built"]  # type: ignore[attr-defined]
    pack = tmp_path / "out" / "oakfield-academy" / "ks1" / "know-about-cse-ks1.pdf"
    assert "If they are away, ask for a deputy." in _pdf_text(pack)
    # The column added but left empty changes nothing.
    _csv(sheet, [*_row(), " "], header=WITH_DEPUTY)
    (empty,) = read_rows(sheet)
    assert row_key(empty) == before
    again = _run(tmp_path, sheet, site=False)
    assert [r.status for r in again.results] == ["unchanged"]  # type: ignore[attr-defined]
    # Filled in, it is part of the school's inputs: the school is built again, naming them.
    _csv(sheet, [*_row(), "Mr R Shah"], header=WITH_DEPUTY)
    (filled,) = read_rows(sheet)
    assert row_key(filled) != before and '"deputy_dsl_name": "Mr R Shah"' in row_key(filled)
    named = _run(tmp_path, sheet, site=False)
    assert [r.status for r in named.results] == ["built"]  # type: ignore[attr-defined]
    text = _pdf_text(pack)
    assert "Deputy: Mr R Shah" in text and "If they are away, ask for Mr R Shah." in text


def test_a_deputy_column_builds_the_deputy_into_the_schools_pages(tmp_path: Path) -> None:
    sheet = _csv(
        tmp_path / "schools.csv",
        [*_row(), "Mr R Shah or Mrs K Hill"],
        [*_row(school_name="Hill Top Primary"), ""],
        header=WITH_DEPUTY,
    )
    result = _run(tmp_path, sheet)
    assert [r.status for r in result.results] == ["built", "built"]  # type: ignore[attr-defined]
    out = tmp_path / "out"
    page = (out / "oakfield-academy" / "index.html").read_text(encoding="utf-8")
    assert "If they are away, talk to <strong>Mr R Shah or Mrs K Hill</strong>." in page
    for size in ("a4", "a3"):
        staff = _pdf_text(out / "oakfield-academy" / "posters" / f"staff-{size}.pdf")
        assert "Deputies: Mr R Shah or Mrs K Hill." in staff
    assert "Mr R Shah" not in (out / "hill-top-primary" / "index.html").read_text(encoding="utf-8")


def test_a_deputy_without_a_dsl_is_a_row_error_naming_the_column(tmp_path: Path) -> None:
    sheet = _csv(tmp_path / "schools.csv", [*_row(dsl_name=""), "Mr R Shah"], header=WITH_DEPUTY)
    with pytest.raises(SpreadsheetError) as caught:
        _run(tmp_path, sheet, strict=True)
    assert [str(p) for p in caught.value.problems] == [
        f"{sheet.as_posix()}:2: row 2 (Oakfield Academy), column dsl_name: required when deputy_dsl_name is given"
    ]


def test_a_deputy_the_packs_cannot_print_names_the_column(tmp_path: Path) -> None:
    # Found when the row becomes a profile, under the profile's key: reported as the column.
    sheet = _csv(tmp_path / "schools.csv", [*_row(), "Mr R Shah \u2060"], header=WITH_DEPUTY)
    (result,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    assert result.status == "failed"
    assert result.error == (
        f"{sheet.as_posix()}:2: row 2 (Oakfield Academy), column deputy_dsl_name: 'Mr R Shah \\u2060' has an "
        "invisible character the packs cannot print: U+2060 (WORD JOINER); remove it"
    )


def test_the_optional_column_is_listed_among_the_expected_ones(tmp_path: Path) -> None:
    expected = "school_name (required), " + ", ".join((*COLUMNS[1:], *OPTIONAL_COLUMNS))
    sheet = _csv(tmp_path / "schools.csv", header=[*WITH_DEPUTY, "deputy_dsl_name"])
    with pytest.raises(ProfileError) as caught:
        read_rows(sheet)
    assert [p.message for p in caught.value.problems] == [
        "header: repeated column: deputy_dsl_name (columns Q 'deputy_dsl_name' and R "
        f"'deputy_dsl_name'): keep one of each and delete the other (expected: {expected})"
    ]


# --- rows numbered as Excel numbers them ---------------------------------------------------------


def test_rows_are_numbered_as_excel_shows_them_and_named_by_their_school(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel: the header is row 1, a cell with a line break is one row, a blank line is a row.
    monkeypatch.chdir(tmp_path)
    sheet = _csv(
        Path("schools.csv"),
        _row(school_name="Meadow Lane School", dsl_location="the Pastoral Office\n"),  # lines 2-3
        [],  # line 4: a blank row 3
        _row(school_name="Meadow View Primary", dsl_email="not-an-email"),  # line 5: row 4
        _row(school_name="Meadow View Primary", dsl_name="Mr B Khan"),  # row 5
    )
    result = _run(tmp_path, sheet, site=False)
    statuses = [(r.school, r.status) for r in result.results]  # type: ignore[attr-defined]
    assert statuses == [
        ("Meadow Lane School", "built"),
        ("Meadow View Primary", "failed"),
        ("Meadow View Primary", "built"),
    ]
    message = (
        "schools.csv:5: row 4 (Meadow View Primary), column dsl_email: expected an email address "
        "such as dsl@school.example, got 'not-an-email'"
    )
    assert result.results[1].error == message  # type: ignore[attr-defined]
    manifest = list(
        csv.DictReader((tmp_path / "out" / "batch-manifest.csv").open(encoding="utf-8-sig"))
    )
    assert manifest[1]["error"] == message
    # Rows naming one school, and a folder remade with a row's new details, by the same numbers.
    fixed = _csv(
        Path("schools.csv"),
        _row(school_name="Meadow Lane School", dsl_name="Mrs C Jones"),
        _row(school_name="Meadow View Primary"),
        _row(school_name="Meadow View Primary", dsl_name="Mr B Khan"),
    )
    again = _run(tmp_path, fixed, site=False)
    assert again.duplicates[0].startswith(  # type: ignore[attr-defined]
        "rows 3 and 4 name the same school, 'Meadow View Primary'"
    )
    assert again.results[0].note.startswith(  # type: ignore[attr-defined]
        "meadow-lane-school/ and its zip were remade with row 2's new details"
    )


def test_a_rows_name_in_messages_is_shown_safely_and_kept_short() -> None:
    from cse_lessonpack.batch import Row

    row = Row(7, 9, {"school_name": "Oak\x1b[2J  field " + "x" * 80}, len(COLUMNS))
    assert row.label == "row 7 (Oak\\x1b[2J field " + "x" * 45 + "\u2026)"
    assert Row(7, 9, {"school_name": " "}, len(COLUMNS)).label == "row 7"


# --- columns as people write them ----------------------------------------------------------------


def test_headers_are_matched_in_any_case_spacing_or_separator(tmp_path: Path) -> None:
    written = {"school_name": " School name ", "dsl_phone": "DSL Phone", "dsl_email": "dsl-email"}
    header = [written.get(c, c.upper()) for c in COLUMNS]
    sheet = _csv(tmp_path / "schools.csv", _row(dsl_phone="01782 123456"), header=header)
    (row,) = read_rows(sheet)
    assert row.cells["school_name"] == "Oakfield Academy"
    assert row.cells["dsl_phone"] == "01782 123456"
    assert list(row.cells) == list(COLUMNS)


def test_unknown_columns_are_ignored_with_one_note_naming_them(tmp_path: Path) -> None:
    header = [*COLUMNS, "Notes", "notes\x1b[2j", "", "Notes"]
    sheet = _csv(
        tmp_path / "schools.csv",
        [*_row(), "call after 3pm", "x", "", "y"],
        [*_row(school_name="Hill Top Primary"), "", "", "stray", ""],
        header=header,
    )
    found = read_sheet(sheet)
    assert [sorted(r.cells) for r in found.rows] == [sorted(COLUMNS)] * 2  # the notes left out
    # A control character is shown, not sent to the terminal; a column with no heading is
    # named by its letter, and only because a row fills it.
    assert found.notes == (
        f"{sheet.as_posix()}: columns 'Notes', 'notes\\x1b[2j', S (it has no heading) ignored: "
        "not among the columns batch reads (`cse-lessonpack batch --template` writes those)",
    )
    empty = _csv(tmp_path / "empty.csv", [*_row(), ""], header=[*COLUMNS, ""])
    assert read_sheet(empty).notes == ()


def test_a_spreadsheet_of_only_some_columns_is_built_with_the_defaults(tmp_path: Path) -> None:
    header = ["School name", "DSL name", "Stages", "Notes", "Region"]
    sheet = _csv(
        tmp_path / "schools.csv",
        ["Oakfield Academy", "Ms J Patel", "ks1", "new this year", "North"],
        header=header,
    )
    result = _run(tmp_path, sheet, site=False)
    assert [r.status for r in result.results] == ["built"]  # type: ignore[attr-defined]
    # Each note once for the sheet, not once a school.
    assert result.notes == (  # type: ignore[attr-defined]
        f"{sheet.as_posix()}: columns 'Notes', 'Region' ignored: not among the columns batch "
        "reads (`cse-lessonpack batch --template` writes those)",
    )
    # Adding the missing columns later, empty, does not build the school again.
    full = _csv(tmp_path / "schools.csv", _row())
    assert [r.status for r in _run(tmp_path, full, site=False).results] == [  # type: ignore[attr-defined]
        "unchanged"
    ]


# --- cells as people write them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "stages"),
    [
        ("KS3, KS4", ["ks3", "ks4"]),
        ("KS3 & KS4", ["ks3", "ks4"]),
        ("ks3 and ks4", ["ks3", "ks4"]),
        ("KS3; ks4", ["ks3", "ks4"]),
        ("KS3/KS4", ["ks3", "ks4"]),
        ("KS3-KS5", ["ks3", "ks4", "ks5"]),
        ("KS3\u2013KS5", ["ks3", "ks4", "ks5"]),
        ("Key Stage 1 to Key Stage 2", ["ks1", "ks2"]),
        ("Key Stage 3 and 4", ["ks3", "ks4"]),
        ("KS3, 4", ["ks3", "ks4"]),
    ],
)
def test_stages_are_read_as_a_spreadsheet_writes_them(cell: str, stages: list[str]) -> None:
    row = BatchRow.model_validate({"school_name": "Oakfield Academy", "stages": cell})
    assert [s.value for s in row.stages] == stages


def _one_row_problems(tmp_path: Path, **cells: str) -> list[str]:
    """The messages for the problems in a sheet of one row, the example row with ``cells``."""
    sheet = _csv(tmp_path / "schools.csv", _row(**cells))
    (row,) = read_rows(sheet)
    with pytest.raises(SpreadsheetError) as caught:
        check_row(sheet, row, row.width, TEMPLATES)
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize(
    ("cell", "hint"),
    [
        ("Year 7-9", "Years 7\u20139 are ks3"),
        ("Years 7 to 9", "Years 7\u20139 are ks3"),
        ("Years 10\u201311", "Years 10\u201311 are ks4"),
        ("KS3 Year 8", "Year 8 is ks3"),
        ("Y5-8", "Years 5\u20138 are ks2 and ks3"),
        # Phases and numbers alone: what to write instead.
        ("All", "leave the cell empty for all five"),
        ("Secondary", "a secondary school's are ks3 and ks4, and ks5 with a sixth form"),
        ("3, 4", "write ks3 ks4"),
        ("Reception, KS1", "Reception comes before ks1, where the packs start (Years 1 and 2)"),
    ],
)
def test_school_years_are_refused_naming_their_key_stage(
    tmp_path: Path, cell: str, hint: str
) -> None:
    assert _one_row_problems(tmp_path, stages=cell) == [
        f"row 2 (Oakfield Academy), column stages: expected key stages such as ks3 ks4, got "
        f"{cell!r} ({hint})"
    ]


def _jpeg_on_its_side() -> bytes:
    """A 60×30 JPEG, stored as a phone stores a photo taken upright: turned, with EXIF
    Orientation 6 saying to turn it a quarter clockwise. Its left third is blue."""
    image = Image.new("RGB", (60, 30), "#ffffff")
    image.paste((0, 0, 255), (0, 0, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def test_cells_copied_from_outlook_or_a_letterhead_are_read_as_meant(tmp_path: Path) -> None:
    (tmp_path / "logo.jpg").write_bytes(_jpeg_on_its_side())
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(
            logo="logo.jpg",
            dsl_phone="+44 (0)1632 960222",
            dsl_email="MAILTO:nu@school.example",
            local_contact_name="Children's Advice",
            local_contact_phone="+44 1632 960333",
            stages="KS1 & KS3",
        ),
    )
    (school,) = _run(tmp_path, sheet).results  # type: ignore[attr-defined]
    assert school.status == "built", school.error
    folder = tmp_path / "out" / "oakfield-academy"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:nu@school.example"' in page and "mailto:mailto:" not in page
    assert "01632 960222" in page and "+44" not in page
    assert (folder / "ks1").is_dir() and (folder / "ks3").is_dir()
    # The logo turned upright (30 wide, 60 high), its blue third now at the top.
    with Image.open(folder / "site" / "school-logo.png") as logo:
        assert logo.size == (30, 60)
        top, bottom = logo.convert("RGB").getpixel((15, 5)), logo.convert("RGB").getpixel((15, 55))
    assert top[2] > 200 and top[0] < 60 and min(bottom) > 200, (top, bottom)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"dsl_location": "+cmd|' /C calc'!A0"},
            "column dsl_location: must not start with '+' (a spreadsheet formula), got "
            "\"+cmd|' /C calc'!A0\"; remove the leading +",
        ),
        (
            {"dsl_name": "-2+3+cmd|' /C calc'!A0"},
            "column dsl_name: must not start with '-' (a spreadsheet formula), got "
            "\"-2+3+cmd|' /C calc'!A0\"; remove the leading -",
        ),
        (
            {"logo": "C:\\Users\\jo\\logo.png"},
            "column logo: give a path relative to the spreadsheet's folder, got \"C:\\Users\\jo\\"
            'logo.png": copy the logo next to the spreadsheet and give its file name, e.g. '
            "logo.png, or logos/logo.png for a logos folder beside it",
        ),
        # A lesson length with its unit: the minutes alone.
        *(
            (
                {"lesson_minutes": cell},
                f"column lesson_minutes: expected a whole number, got {cell!r} (write the "
                f"minutes alone: {minutes})",
            )
            for cell, minutes in (("50 mins", 50), ("60 minutes", 60), ("1 hour", 60))
        ),
    ],
)
def test_a_message_says_what_to_do(tmp_path: Path, cells: dict[str, str], message: str) -> None:
    assert _one_row_problems(tmp_path, **cells) == [f"row 2 (Oakfield Academy), {message}"]


def test_a_logo_path_typed_on_windows_is_found(tmp_path: Path) -> None:
    (tmp_path / "logos").mkdir()
    Image.new("RGB", (60, 30), "#225588").save(tmp_path / "logos" / "oak.png")
    sheet = _csv(tmp_path / "schools.csv", _row(logo="logos\\oak.png"))
    (row,) = read_rows(sheet)
    tailoring = check_row(sheet, row, row.width, TEMPLATES)
    assert tailoring.logo is not None and tailoring.logo.aspect == 0.5


# --- what Excel does to cells -------------------------------------------------------------------


def _row_messages(sheet: Path) -> list[str]:
    (row,) = read_sheet(sheet).rows
    with pytest.raises(RowsError) as caught:
        check_row(sheet, row, len(COLUMNS), TEMPLATES)
    return [p.message for p in caught.value.problems]


def test_a_letter_excels_plain_csv_turned_into_a_question_mark_fails_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel's "CSV (Comma delimited)" cannot store Ł or ś and writes ?: the packs printed
    # "Prepared for ?ód? Road Primary" and a DSL called "Mr Jan Wi?niewski", exit 0.
    monkeypatch.chdir(tmp_path)
    row = _row(school_name="?ód? Road Primary", dsl_name="Mr Jan Wi?niewski")
    sheet = Path("schools.csv")
    sheet.write_bytes(
        (",".join(COLUMNS) + "\r\n" + ",".join(row) + "\r\n").encode("cp1252", "replace")
    )
    lost = (
        'has a ? next to a letter: Excel\'s "CSV (Comma delimited)" writes ? for a letter it '
        "cannot store (ł, ś, ź …), and the packs would print it; in Excel, save as 'CSV UTF-8', "
        "which keeps every letter (and a ? that is meant)"
    )
    assert _row_messages(sheet) == [
        f"row 2 (?ód? Road Primary), column school_name: '?ód? Road Primary' {lost}",
        f"row 2 (?ód? Road Primary), column dsl_name: 'Mr Jan Wi?niewski' {lost}",
    ]
    # A letter lost at the end of a word ("Jan Paweł II") is caught too, and so, with it, a ?
    # that is meant: the message says how to keep both.
    pawel = _row(school_name="Jan Pawe? II Primary", dsl_name="Mr José Núñez")
    sheet.write_bytes((",".join(COLUMNS) + "\r\n" + ",".join(pawel) + "\r\n").encode("cp1252"))
    assert _row_messages(sheet) == [
        f"row 2 (Jan Pawe? II Primary), column school_name: 'Jan Pawe? II Primary' {lost}"
    ]
    # A file of plain ASCII may be such a file with no other letter left: a ? before a letter
    # is caught in it too, while "at reception?" in one is a question.
    plain = _csv(Path("plain.csv"), _row(dsl_name="Mr Jan Wi?niewski"))
    assert _row_messages(plain) == [
        f"row 2 (Oakfield Academy), column dsl_name: 'Mr Jan Wi?niewski' {lost}"
    ]
    # The same ? in a UTF-8 file was typed as it is: the row is read as written.
    utf8 = _csv(Path("utf8.csv"), _row(dsl_location="the office (ask at reception?)"))
    (row_read,) = read_sheet(utf8).rows
    tailoring = check_row(utf8, row_read, len(COLUMNS), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.location == "the office (ask at reception?)"


def test_a_line_break_typed_in_a_cell_is_read_as_a_space(tmp_path: Path) -> None:
    # Alt+Enter in "Student Services" / "Block C" failed the row: "expected a single line".
    sheet = _csv(
        tmp_path / "schools.csv",
        _row(school_name="Burslem Park\r\nPrimary", dsl_location="Student Services\n Block C"),
    )
    (row,) = read_sheet(sheet).rows
    tailoring = check_row(sheet, row, len(COLUMNS), TEMPLATES)
    assert tailoring.school_name == "Burslem Park Primary"
    assert tailoring.dsl is not None and tailoring.dsl.location == "Student Services Block C"
    # The batch's manifests name the school as its packs do (they kept the line break).
    result = _run(tmp_path, sheet, site=False)
    (built,) = result.results  # type: ignore[attr-defined]
    assert built.status == "built" and built.school == "Burslem Park Primary"
    manifest = json.loads((tmp_path / "out" / "batch-manifest.json").read_text(encoding="utf-8"))
    assert "Burslem Park Primary" in json.dumps(manifest) and "\\n" not in json.dumps(manifest)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        # "+44 1782 296155" typed into Excel is taken for a formula.
        (
            {"dsl_phone": "#NULL!"},
            "column dsl_phone: #NULL! is what Excel shows for a formula that did not work (a "
            "cell typed as +44 1782 …, say, is taken for a sum): type the value again with ' in "
            "front, so Excel keeps it as text",
        ),
        (
            {"large_print": "#VALUE!"},
            "column large_print: #VALUE! is what Excel shows for a formula that did not work (a "
            "cell typed as +44 1782 …, say, is taken for a sum): type the value again with ' in "
            "front, so Excel keeps it as text",
        ),
        # Or taken for a number, losing its "+".
        (
            {"dsl_phone": "441782296155"},
            "column dsl_phone: expected a UK phone number such as 01782 123456, got "
            "'441782296155': written from abroad, a UK number starts +44 (a spreadsheet drops "
            "the + from a cell it takes for a number; format the column as text): write "
            "01782296155",
        ),
    ],
)
def test_what_excel_makes_of_a_typed_value_is_explained(
    tmp_path: Path, cells: dict[str, str], message: str
) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(**cells))
    assert _row_messages(sheet) == [f"row 2 (Oakfield Academy), {message}"]


def test_a_school_never_gets_a_folder_windows_or_a_build_keeps_for_itself() -> None:
    # "Con" made con/ and con.zip, which cannot be unzipped on Windows; "KS3" and "Guides"
    # went into a build's own ks3/ and guides/ where a batch shared its folder.
    from cse_lessonpack.batch import _slugs

    names = ["Con", "KS3", "Aux", "Guides", "COM1", "Oakfield", "Con Academy"]
    assert _slugs(names) == [
        "con-school",
        "ks3-school",
        "aux-school",
        "guides-school",
        "com1-school",
        "oakfield",
        "con-academy",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("..", "expected a school's name, with letters in it, got '..'"),
        ("!!!", "expected a school's name, with letters in it, got '!!!'"),
        ("विद्यालय", "has marks that join the letter before them"),
    ],
)
def test_a_school_name_the_packs_cannot_carry_fails_its_row(
    tmp_path: Path, name: str, expected: str
) -> None:
    sheet = _csv(tmp_path / "schools.csv", _row(school_name=name))
    (message,) = _row_messages(sheet)
    assert "column school_name: " in message and expected in message, message


def test_empty_cells_past_the_last_column_are_not_a_row_out_of_line(tmp_path: Path) -> None:
    # "A School,Ms A,ks1,," under a three-column header: "expected 3 cells, got 5".
    header = ["school_name", "dsl_name", "stages"]
    sheet = tmp_path / "schools.csv"
    sheet.write_text(",".join(header) + "\nOakfield Academy,Ms J Patel,ks1,,\n", encoding="utf-8")
    (row,) = read_sheet(sheet).rows
    tailoring = check_row(sheet, row, row.width, TEMPLATES)
    assert tailoring.school_name == "Oakfield Academy"
    # A cell past the header with something in it still is.
    sheet.write_text(",".join(header) + "\nOakfield Academy,Ms J Patel,ks1,,x\n", encoding="utf-8")
    (row,) = read_sheet(sheet).rows
    with pytest.raises(RowsError) as caught:
        check_row(sheet, row, row.width, TEMPLATES)
    assert "expected 3 cells, got 5" in str(caught.value)


def test_the_wrong_kind_of_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cse_lessonpack.cli import app

    runner = CliRunner()
    profile = tmp_path / "school.toml"
    profile.write_text('[school]\nname = "Oakfield Academy"\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(profile), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "is a school profile (TOML), not a spreadsheet of schools" in result.stderr
    logo = tmp_path / "logo.png"
    Image.new("RGB", (10, 10)).save(logo)
    result = runner.invoke(app, ["batch", str(logo), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "is a PNG image, not a CSV file" in result.stderr
    sheet = _csv(tmp_path / "schools.csv", _row())
    result = runner.invoke(app, ["build", "--school", str(sheet), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "is a spreadsheet of schools (its first row names the columns)" in result.stderr
    assert f"cse-lessonpack batch {sheet}" in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "o").exists()


def test_last_runs_manifest_given_as_the_spreadsheet_is_refused(tmp_path: Path) -> None:
    # Given batch-manifest.csv, with --out its own folder, a run wrote over its own input.
    from typer.testing import CliRunner

    from cse_lessonpack.cli import app

    out = tmp_path / "out"
    out.mkdir()
    manifest = _csv(out / "batch-manifest.csv", _row())
    before = manifest.read_bytes()
    result = CliRunner().invoke(app, ["batch", str(manifest), "--out", str(out)])
    assert result.exit_code == 2
    assert "is the manifest a batch writes in" in result.stderr
    assert manifest.read_bytes() == before


def test_excels_sep_line_is_not_taken_for_a_school_profile(tmp_path: Path) -> None:
    # "sep=;" (Excel's line naming the delimiter) looks like a profile's "key = value"; the
    # sheet is still a spreadsheet, whose column names are on the line below it.
    sheet = tmp_path / "schools.csv"
    sheet.write_text("sep=;\n" + ";".join(COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_sheet(sheet)
    assert "school profile" not in str(caught.value)
    assert "the column names (school_name …) are on line 2" in str(caught.value)
