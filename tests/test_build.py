"""Building: files land where documented, the manifest is right, and output is reproducible."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from cse_lessonpack.build import BuildRequest, build, write_atomic
from cse_lessonpack.errors import ContentError
from cse_lessonpack.model import KeyStage

from .conftest import FIXTURE_LESSONS, TEMPLATES
from .textextract import folder_files


def _request(out: Path, lessons: Path = FIXTURE_LESSONS, **extra: object) -> BuildRequest:
    options: dict[str, object] = {"jobs": 1, **extra}
    return BuildRequest(lessons=lessons, templates=TEMPLATES, out_dir=out, **options)  # type: ignore[arg-type]


def test_builds_each_stage_with_lessons_in_both_formats(tmp_path: Path) -> None:
    result = build(_request(tmp_path / "out"))
    assert [f.path for f in result.files if f.kind == "pack"] == [
        "ks1/know-about-cse-ks1.docx",
        "ks1/know-about-cse-ks1.pdf",
        "ks3/know-about-cse-ks3.docx",
        "ks3/know-about-cse-ks3.pdf",
    ]
    posters = [f.path for f in result.files if f.kind == "poster"]
    assert "posters/primary-pupils-a4.pdf" in posters and "posters/staff-a3.png" in posters
    assert len(posters) == 16  # four audiences, A4 and A3, each a PDF and a PNG preview
    for item in result.files:
        data = (tmp_path / "out" / item.path).read_bytes()
        assert len(data) == item.bytes
        assert hashlib.sha256(data).hexdigest() == item.sha256
        if item.format != "pdf":
            assert item.pages is None
        else:
            assert (
                item.pages == 1
                if item.kind == "poster"
                else (item.pages or 0) > 5 or (item.kind == "letter" and item.pages in (1, 2))
            )


def test_each_packs_letter_home_is_also_a_file_of_its_own(tmp_path: Path) -> None:
    # The office fills in and prints the letter: two pages found in a pack of a hundred were
    # hard to print on their own, and in Word had to be cut out of the pack.
    result = build(_request(tmp_path / "out"))
    letters = [(f.path, f.stage, f.pages) for f in result.files if f.kind == "letter"]
    assert [(path, stage) for path, stage, _ in letters] == [
        ("ks1/know-about-cse-ks1-letter-to-parents.docx", "ks1"),
        ("ks1/know-about-cse-ks1-letter-to-parents.pdf", "ks1"),
        ("ks3/know-about-cse-ks3-letter-to-parents.docx", "ks3"),
        ("ks3/know-about-cse-ks3-letter-to-parents.pdf", "ks3"),
    ]
    reader = PdfReader(tmp_path / "out" / "ks1/know-about-cse-ks1-letter-to-parents.pdf")
    words = " ".join(page.extract_text() for page in reader.pages)
    assert words.count("Letter to parents and carers") == 1 and "Dear parent or carer" in words
    assert "Before you teach" not in words and "Key Stage 1 lesson pack" not in words
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="ks1/know-about-cse-ks1-letter-to-parents.docx"' in page


def test_manifest_lists_every_file(tmp_path: Path) -> None:
    result = build(_request(tmp_path / "out"))
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["content_version"] == "1.0"
    assert manifest["content_reviewed"] == "2026-11-28"
    assert len(manifest["content_fingerprint"]) == 64
    assert [f["path"] for f in manifest["files"]] == [f.path for f in result.files]
    assert {"path", "bytes", "pages", "sha256", "kind", "stage", "format"} <= set(
        manifest["files"][0]
    )


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = build(_request(tmp_path / "one", jobs=2))
    second = build(_request(tmp_path / "two", jobs=1))
    assert [(f.path, f.sha256) for f in first.files] == [(f.path, f.sha256) for f in second.files]
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (
        tmp_path / "two" / "manifest.json"
    ).read_bytes()


def test_a_partial_build_keeps_earlier_files_in_the_manifest(tmp_path: Path) -> None:
    build(_request(tmp_path / "out"))
    result = build(_request(tmp_path / "out", stages=(KeyStage.KS3,), formats=("pdf",)))
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert len([f for f in manifest["files"] if f["kind"] == "pack"]) == 4


def test_bad_content_writes_nothing(tmp_path: Path, lessons_copy: Path) -> None:
    plan = lessons_copy / "plans" / "ks1" / "01-fixture.md"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("duration: 60", "duration: 50"), encoding="utf-8"
    )
    with pytest.raises(ContentError):
        build(_request(tmp_path / "out", lessons=lessons_copy))
    assert not (tmp_path / "out").exists()


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "file.bin"
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]


def _school(tmp_path: Path, name: str, stages: str) -> Path:
    path = tmp_path / f"{name.split()[0].lower()}.toml"
    path.write_text(
        f'[school]\nname = "{name}"\n\n[safeguarding]\ndsl_name = "Ms A {name.split()[0]}"\n\n'
        f"[pack]\nstages = {stages}\n",
        encoding="utf-8",
    )
    return path


def test_a_build_for_another_school_with_force_removes_the_earlier_schools_files(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False}
    build(_request(out, profile=_school(tmp_path, "Oakfield Academy", '["ks1"]'), **lean))
    assert (out / "ks1" / "know-about-cse-ks1.pdf").is_file()
    hill_top = _school(tmp_path, "Hill Top", '["ks3"]')
    result = build(_request(out, profile=hill_top, force=True, **lean))
    # Oakfield's KS1 pack (with Oakfield's DSL) must not sit beside Hill Top's manifest.
    assert not (out / "ks1").exists()
    assert sorted(result.removed) == [
        "ks1/know-about-cse-ks1-letter-to-parents.docx",
        "ks1/know-about-cse-ks1-letter-to-parents.pdf",
        "ks1/know-about-cse-ks1.docx",
        "ks1/know-about-cse-ks1.pdf",
    ]
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == [
        "ks3/know-about-cse-ks3-letter-to-parents.docx",
        "ks3/know-about-cse-ks3-letter-to-parents.pdf",
        "ks3/know-about-cse-ks3.docx",
        "ks3/know-about-cse-ks3.pdf",
    ]


def test_an_earlier_file_changed_since_is_left_and_reported_not_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False, "formats": ("pdf",)}
    build(_request(out, stages=(KeyStage.KS1,), **lean))
    edited = out / "ks1" / "know-about-cse-ks1.pdf"
    edited.write_bytes(edited.read_bytes() + b"\n% edited by hand")
    hill_top = _school(tmp_path, "Hill Top", '["ks3"]')
    result = build(_request(out, profile=hill_top, force=True, **lean))
    assert edited.is_file()
    assert result.left == ("ks1/know-about-cse-ks1.pdf",)
    assert result.removed == ("ks1/know-about-cse-ks1-letter-to-parents.pdf",)


def test_the_manifest_names_the_profile_by_its_file_name_alone(tmp_path: Path) -> None:
    # The manifest goes out with the download page (and in a batch's zips): it recorded the
    # profile's whole path, so every reader learnt the builder's folders and user name.
    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False, "formats": ("pdf",)}
    oakfield = _school(tmp_path, "Oakfield Academy", '["ks1"]')
    build(_request(out, profile=oakfield, **lean))
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(manifest)["profile"] == oakfield.name
    assert tmp_path.name not in manifest
    # A manifest from before, with the whole path, is still the same profile's: building the
    # Word files into that folder keeps its PDFs.
    data = json.loads(manifest)
    data["profile"] = oakfield.as_posix()
    (out / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    build(_request(out, profile=oakfield, **{**lean, "formats": ("docx",)}))
    assert (out / "ks1" / "know-about-cse-ks1.pdf").is_file()
    assert (out / "ks1" / "know-about-cse-ks1.docx").is_file()


def test_a_build_for_another_school_is_refused_before_any_work_without_force(
    tmp_path: Path,
) -> None:
    from cse_lessonpack.errors import OutputError

    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False, "formats": ("pdf",)}
    oakfield = _school(tmp_path, "Oakfield Academy", '["ks1"]')
    build(_request(out, profile=oakfield, **lean))
    before = folder_files(out)
    for other, held in (
        (_school(tmp_path, "Hill Top", '["ks1"]'), "Hill Top (profile"),
        (None, "the campaign (no --school)"),
    ):
        with pytest.raises(OutputError) as caught:
            build(_request(out, profile=other, **lean))
        assert caught.value.exit_code == 2
        assert str(caught.value) == (
            f"{out.as_posix()} holds the build for Oakfield Academy (profile "
            f"{oakfield.name}); building for {held}"
            + ("" if other is None else f" {other.as_posix()})")
            + " there would remove it. Give this build its own folder with --out, or add "
            "--force to replace it"
        )
        assert folder_files(out) == before  # nothing written, nothing removed
    # The same school's profile, its DSL changed since, rebuilds its own folder as before.
    oakfield.write_text(
        oakfield.read_text(encoding="utf-8").replace("Ms A Oakfield", "Mr B Jones"),
        encoding="utf-8",
    )
    build(_request(out, profile=oakfield, **lean))
    assert "Mr B Jones" in (out / "manifest.json").read_text(encoding="utf-8")
    # So does the same school's profile copied to another folder: it is the same school.
    moved = tmp_path / "elsewhere" / "school.toml"
    moved.parent.mkdir()
    moved.write_text(oakfield.read_text(encoding="utf-8"), encoding="utf-8")
    build(_request(out, profile=moved, **lean))
    assert (
        json.loads((out / "manifest.json").read_text(encoding="utf-8"))["profile"] == "school.toml"
    )


def test_a_schools_name_retyped_is_still_that_school(tmp_path: Path) -> None:
    # Word's curly apostrophe for a straight one, or another case or spacing: the same school to
    # anyone reading it, not another school whose folder it would need --force to replace.
    from cse_lessonpack.errors import OutputError

    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False, "formats": ("pdf",)}
    for name in (
        "St Aidan's High School",
        "St Aidan\u2019s High School",
        "st aidan's  HIGH school",
    ):
        build(_request(out, profile=_school(tmp_path, name, '["ks1"]'), **lean))
        held = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert held["school"]["name"] == name
    with pytest.raises(OutputError):  # another school is still refused
        build(_request(out, profile=_school(tmp_path, "St Aidan's Primary", '["ks1"]'), **lean))


def test_written_files_follow_the_umask_so_others_can_read_them(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "page.html", b"<p>hello</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "page.html").stat().st_mode) == 0o644


def test_another_stage_for_the_same_school_adds_to_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False, "formats": ("pdf",)}
    profile = _school(tmp_path, "Oakfield Academy", '["ks1", "ks3"]')
    build(_request(out, profile=profile, stages=(KeyStage.KS1,), **lean))
    result = build(_request(out, profile=profile, stages=(KeyStage.KS3,), **lean))
    assert result.removed == () and result.left == ()
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == [
        "ks1/know-about-cse-ks1-letter-to-parents.pdf",
        "ks1/know-about-cse-ks1.pdf",
        "ks3/know-about-cse-ks3-letter-to-parents.pdf",
        "ks3/know-about-cse-ks3.pdf",
    ]


def test_a_write_that_fails_partway_leaves_the_earlier_build_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from cse_lessonpack.errors import RenderError

    out = tmp_path / "out"
    lean = {"guides": False, "posters": False, "site": False}
    build(_request(out, **lean))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = tempfile.mkstemp

    def read_only_ks3(*args: object, **kwargs: object) -> tuple[int, str]:
        # As if ks3/ were read-only (chmod does not stop root, who runs the tests).
        if Path(str(kwargs.get("dir", ""))).name == "ks3":
            raise PermissionError(13, "Permission denied", str(kwargs["dir"]))
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only_ks3)
    # Another school's build: every file would change, ks1's first.
    with pytest.raises(RenderError) as caught:
        hill_top = _school(tmp_path, "Hill Top", '["ks1", "ks3"]')
        build(_request(out, profile=hill_top, force=True, **lean))
    assert str(caught.value) == (
        f"cannot write {out.as_posix()}/ks3/know-about-cse-ks3-letter-to-parents.docx: "
        "Permission denied"
    )
    # Not one file of the new build is in place, and no temporary file is left behind.
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_an_output_folder_that_is_a_file_is_named_before_any_work(tmp_path: Path) -> None:
    from cse_lessonpack.errors import RenderError

    blocker = tmp_path / "out"
    blocker.write_bytes(b"not a folder")
    for out in (blocker, blocker / "sub"):
        with pytest.raises(RenderError) as caught:
            build(_request(out, guides=False, posters=False, site=False))
        assert str(caught.value) == f"cannot write into {out}: {blocker} is not a folder"
    assert blocker.read_bytes() == b"not a folder"


@pytest.mark.parametrize("font", ["atkinson-hyperlegible", "lato"])
def test_the_real_packs_build_and_pass_their_checks_in_large_print(
    tmp_path: Path, font: str
) -> None:
    # Large print lays every pack out afresh (narrower measure, other page breaks): a long
    # address splitting across pages in a list crashed every large-print KS2 pack, and a batch's
    # large-print schools failed, while the default build passed.
    from cse_lessonpack.content import load_library
    from cse_lessonpack.typography import straighten

    from .conftest import LESSONS
    from .textextract import normalise, pdf_pages

    profile = tmp_path / "school.toml"
    # A long name takes two lines on the cover: with it, the KS2 cover's list of lessons went
    # to a page of its own, under the running head, and left the cover half empty.
    profile.write_text(
        '[school]\nname = "St Bartholomew\'s C of E (VC) Primary School"\n\n'
        f'[brand]\nfont = "{font}"\nlarge_print = true\n',
        encoding="utf-8",
    )
    result = build(
        _request(
            tmp_path / "out",
            lessons=LESSONS,
            profile=profile,
            formats=("pdf",),
            guides=False,
            posters=False,
            site=False,
        )
    )
    packs = [f.path for f in result.files if f.kind == "pack"]
    assert len(packs) == len(KeyStage)
    library = load_library(LESSONS)
    for path in packs:
        stage = KeyStage(Path(path).parent.name)
        cover = straighten(normalise(pdf_pages(tmp_path / "out" / path)[0]))
        for plan in library.plans_for(stage):
            assert " ".join(plan.front.title.split()) in cover, (stage, plan.front.title)
        # Each key word's meaning is whole on one page of its sheet: split, "unsafe touch" went
        # on "A grown-up may help you wash. A" | "doctor may check you ..." with a second box.
        pages = pdf_pages(tmp_path / "out" / path)
        for number, plan in enumerate(library.plans_for(stage), start=1):
            title = f"Key words for Lesson {number}"
            # A page of the sheet names it in its running head, within its first lines.
            sheet = [straighten(normalise(p)) for p in pages if f"·  {title}\n" in p[:120]]
            assert sheet, (stage, title)
            for term_id in plan.front.vocabulary:
                meaning = straighten(normalise(library.glossary[term_id].definitions[stage]))
                assert any(meaning in page for page in sheet), (stage, term_id)


def test_a_large_print_guides_cover_in_word_keeps_its_small_print_readable(
    tmp_path: Path,
) -> None:
    # The large-print parents' guide's cover was shrunk to fit one page in Word: its small
    # print came out at 8 pt, smaller than in normal print (9 pt).
    from docx import Document as open_docx

    from cse_lessonpack.render.flow import furniture_size

    from .conftest import LESSONS

    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n'
        'dsl_location = "the Pastoral Office"\n\n[brand]\nlarge_print = true\n\n'
        '[pack]\nstages = ["ks2", "ks4"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    request = _request(
        out, lessons=LESSONS, profile=profile, formats=("docx",), posters=False, site=False
    )
    build(request)
    doc = open_docx(str(out / "guides" / "know-about-cse-parents-guide.docx"))
    # Each run's own size, else its paragraph style's (every cover style sets one).
    sizes = [
        (r.font.size or p.style.font.size).pt
        for p in doc.paragraphs
        if p.style is not None
        for r in p.runs
        if r.text and (r.font.size or p.style.font.size)
    ]
    assert len(sizes) > 20 and min(sizes) >= furniture_size(16)


def test_large_print_sets_the_covers_small_print_at_the_body_size(tmp_path: Path) -> None:
    # A large-print pack's and guide's cover set who made it and when it was reviewed (six
    # lines of reading text) at 13 pt in the PDF and 11.5 pt in Word, and Word's note under
    # its contents list at 13 pt: large print means every line read at 16 pt at least.
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from docx import Document as open_docx

    from .conftest import LESSONS

    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oak"\n\n[brand]\nlarge_print = true\n\n[pack]\nstages = ["ks3"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(_request(out, lessons=LESSONS, profile=profile, posters=False, site=False))
    credit = "From the Know About CSE campaign"
    for name in ("ks3/know-about-cse-ks3", "guides/know-about-cse-staff-briefing"):
        page = pdfium.PdfDocument(out / f"{name}.pdf")[0]
        text = page.get_textpage()
        start = text.get_text_range().index(credit)
        sizes = {
            round(pdfium_c.FPDFText_GetFontSize(text.raw, start + i), 1) for i in range(len(credit))
        }
        assert sizes == {16.0}, name
        doc = open_docx(str(out / f"{name}.docx"))
        small = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Small Print"]
        assert any(p.text.startswith(credit) for p in small), name
        for paragraph in small:
            style_size = paragraph.style.font.size
            assert style_size is not None and style_size.pt >= 16, name
            assert all(r.font.size is None or r.font.size.pt >= 16 for r in paragraph.runs), name


def test_a_build_without_a_page_removes_one_that_shows_files_it_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_request(out, stages=(KeyStage.KS1,)))
    assert (out / "index.html").is_file()
    # The same files again: the page still shows them as they are, so it stays.
    again = build(_request(out, stages=(KeyStage.KS1,), site=False))
    assert (out / "index.html").is_file() and not again.page_outdated
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURE_LESSONS, lessons)
    plan = next((lessons / "plans" / "ks1").glob("*.md"))
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Face cards", "Feeling cards"), "utf-8"
    )
    changed = build(_request(out, lessons, stages=(KeyStage.KS1,), site=False))
    assert changed.page_outdated
    assert not (out / "index.html").exists() and not (out / "site").exists()
