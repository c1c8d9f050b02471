"""Reading generated files back: what passes, and what a corrupted file is caught for."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cse_lessonpack import compose
from cse_lessonpack.build import BuildRequest, build
from cse_lessonpack.cli import app
from cse_lessonpack.content import Library
from cse_lessonpack.errors import VerifyError
from cse_lessonpack.model import Document, Heading, KeyStage, Paragraph, Text, Worksheet
from cse_lessonpack.profile import Dsl, Tailoring
from cse_lessonpack.render import RENDERERS
from cse_lessonpack.templating import make_environment
from cse_lessonpack.verify import PHONE, Expect, School, Verifier, expect_from_path, verify_folder

from .conftest import FIXTURE_LESSONS, TEMPLATES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("verify") / "out"
    build(BuildRequest(FIXTURE_LESSONS, TEMPLATES, out, jobs=1))
    return out


@pytest.fixture(scope="module")
def ks1(library: Library, tailoring: Tailoring) -> Document:
    return compose.compose_pack(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))


def _replace_in_docx(data: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml"):
                content = content.replace(old.encode(), new.encode())
            target.writestr(info, content)
    return out.getvalue()


def test_everything_a_build_writes_passes(built: Path, library: Library) -> None:
    reports = verify_folder(built, library)
    assert len(reports) == 16  # four pack files, their four letters home and eight posters
    assert all(r.ok for r in reports), [r.problems for r in reports]
    assert all(r.checks == 6 for r in reports)


def test_a_corrupted_docx_is_caught_by_the_cli(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    target = copy / "ks1" / "know-about-cse-ks1.docx"
    target.write_bytes(_replace_in_docx(target.read_bytes(), "0800\u00a01111", "0800\u00a01112"))
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["verify", str(copy), "--lessons", str(FIXTURE_LESSONS)]
    )
    assert result.exit_code == 1
    assert (
        "phone number '0800 1112' is neither in helplines.yaml nor in the school's profile"
        in result.stdout
    )
    assert "Childline is shown with 0800 1112; helplines.yaml has 0800 1111" in result.stdout
    assert "1 of 16 files have problems." in result.stderr


def test_a_wrong_number_and_an_adult_word_on_a_pupil_page(library: Library, ks1: Document) -> None:
    sheet = Worksheet(
        "Who can help?",
        "who",
        (Paragraph((Text("The abuser said: call Childline on 0800 1112."),)),),
    )
    document = dataclasses.replace(ks1, blocks=(*ks1.blocks, sheet))
    verifier = Verifier(library)
    for fmt in ("pdf", "docx"):
        report = verifier.check(
            f"ks1/pack.{fmt}", RENDERERS[fmt](document), Expect("pack", KeyStage.KS1)
        )
        text = "\n".join(report.problems)
        assert "Childline is shown with 0800 1112; helplines.yaml has 0800 1111" in text
        assert "pupil-facing text uses 'abuser', which ks1 avoids" in text


def test_a_student_worksheet_is_checked_as_a_pupil_page(library: Library, ks1: Document) -> None:
    # Secondary packs head their sheets "Student worksheet": the checks for pupils' pages must
    # still find them (they were found by "Pupil worksheet" alone).
    sheet = Worksheet("Who can help?", "who", (Paragraph((Text("The abuser said no."),)),))
    meta = dataclasses.replace(ks1.meta, worksheet_label="Student worksheet")
    document = dataclasses.replace(ks1, meta=meta, blocks=(*ks1.blocks, sheet))
    verifier = Verifier(library)
    for fmt in ("pdf", "docx"):
        data = RENDERERS[fmt](document)
        report = verifier.check(f"ks1/pack.{fmt}", data, Expect("pack", KeyStage.KS1))
        assert "pupil-facing text uses 'abuser', which ks1 avoids" in "\n".join(report.problems), (
            fmt
        )


def test_a_services_own_name_may_hold_a_word_the_stage_avoids(
    library: Library, ks1: Document
) -> None:
    # A service is printed as it names itself, so pupils can find it; our own words are checked.
    childline = library.helplines["childline"].model_copy(update={"name": "Abuser Line"})
    named = dataclasses.replace(library, helplines={**library.helplines, "childline": childline})
    for words, caught in (("Call Abuser Line.", False), ("The abuser is to blame.", True)):
        sheet = Worksheet("Who can help?", "who", (Paragraph((Text(words),)),))
        document = dataclasses.replace(ks1, blocks=(*ks1.blocks, sheet))
        report = Verifier(named).check(
            "ks1/pack.pdf", RENDERERS["pdf"](document), Expect("pack", KeyStage.KS1)
        )
        assert ("pupil-facing text uses 'abuser'" in "\n".join(report.problems)) is caught


def test_a_young_pupils_page_showing_cse_is_caught(library: Library, ks1: Document) -> None:
    sheet = Worksheet(
        "Who can help?", "who", (Paragraph((Text("From the Know About CSE team."),)),)
    )
    document = dataclasses.replace(ks1, blocks=(*ks1.blocks, sheet))
    verifier = Verifier(library)
    for fmt in ("pdf", "docx"):
        report = verifier.check(
            f"ks1/pack.{fmt}", RENDERERS[fmt](document), Expect("pack", KeyStage.KS1)
        )
        assert any("shows 'CSE', which ks1 pages leave out" in p for p in report.problems)
    clean = verifier.check("ks1/pack.pdf", RENDERERS["pdf"](ks1), Expect("pack", KeyStage.KS1))
    assert not any("CSE" in p for p in clean.problems)  # the pack's own pages for staff may
    # A school whose own name has the letters is not refused for it.
    named = Worksheet("Who can help?", "who", (Paragraph((Text("Oakfield CSE Academy"),)),))
    school = School("Oakfield CSE Academy", None, ())
    report = verifier.check(
        "ks1/pack.pdf",
        RENDERERS["pdf"](dataclasses.replace(ks1, blocks=(*ks1.blocks, named))),
        Expect("pack", KeyStage.KS1, school=school),
    )
    assert not any("shows 'CSE'" in p for p in report.problems)


def test_a_pack_without_its_safeguarding_section_is_refused(
    library: Library, ks1: Document
) -> None:
    blocks = tuple(
        b
        for b in ks1.blocks
        if not (isinstance(b, Heading) and b.level == 1 and "disclosure" in str(b.children))
    )
    document = dataclasses.replace(ks1, blocks=blocks)
    report = Verifier(library).check(
        "ks1/pack.pdf", RENDERERS["pdf"](document), Expect("pack", KeyStage.KS1)
    )
    assert report.problems == ("missing its 'Responding to a disclosure' section",)


def test_a_tailored_file_must_show_the_school_and_its_dsl(library: Library, ks1: Document) -> None:
    school = School("Oakfield Academy", "Ms J Patel", ("01782 000000",))
    report = Verifier(library).check(
        "ks1/pack.pdf", RENDERERS["pdf"](ks1), Expect("pack", KeyStage.KS1, school=school)
    )
    assert report.problems == (
        "the school's name 'Oakfield Academy' does not appear",
        "the DSL 'Ms J Patel' does not appear",
    )


def test_a_school_and_dsl_named_with_apostrophes_are_found_in_typographic_quotes(
    library: Library, tailoring: Tailoring
) -> None:
    # The files print "St Bart’s"; the profile says "St Bart's" (or, pasted from Word, the
    # other way round): both are the school's name.
    for name, dsl in (("St Bart's Academy", "Ms J O'Neil"), ("St Bart’s Academy", "Ms J O’Neil")):
        school = dataclasses.replace(
            tailoring,
            school_name=name,
            dsl=Dsl(dsl, "Designated Safeguarding Lead", None, None, None),
        )
        document = compose.compose_pack(library, KeyStage.KS1, school, make_environment(TEMPLATES))
        expect = Expect("pack", KeyStage.KS1, school=School(name, dsl, ()))
        for kind in ("pdf", "docx"):
            report = Verifier(library).check(f"ks1/pack.{kind}", RENDERERS[kind](document), expect)
            assert report.problems == (), (name, kind)


def test_bookmarks_that_open_the_wrong_page_are_caught(library: Library, ks1: Document) -> None:
    from pypdf import PdfReader, PdfWriter

    data = RENDERERS["pdf"](ks1)
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.add_outline_item(
        title="Before you teach", page_number=0
    )  # on the cover, as every bookmark once was
    out = io.BytesIO()
    writer.write(out)
    report = Verifier(library).check("ks1/pack.pdf", out.getvalue(), Expect("pack", KeyStage.KS1))
    assert report.problems == ("bookmark 'Before you teach' opens page 1, which does not show it",)
    assert Verifier(library).check("ks1/pack.pdf", data, Expect("pack", KeyStage.KS1)).ok


def test_an_unreadable_file_is_a_problem_not_a_crash(library: Library) -> None:
    report = Verifier(library).check(
        "ks1/pack.pdf", b"%PDF-1.4 truncated", Expect("pack", KeyStage.KS1)
    )
    assert len(report.problems) == 1 and report.problems[0].startswith("cannot be read back")


def test_build_refuses_to_write_a_file_that_fails(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    letter = templates / "partials" / "letter.md.j2"
    letter.write_text(
        letter.read_text(encoding="utf-8") + "\nOr call our old helpline on 0800 123 4567.\n",
        encoding="utf-8",
    )
    with pytest.raises(VerifyError) as caught:
        build(BuildRequest(FIXTURE_LESSONS, templates, tmp_path / "out", jobs=1))
    assert "phone number '0800 123 4567' is neither in helplines.yaml" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_digits_inside_a_web_address_or_reference_are_not_a_phone_number() -> None:
    address = "www.gov.uk/government/publications/circular-0042026-crime-and-policing-act-2026"
    assert PHONE.findall(f"Circular 004/2026: {address}") == []
    assert PHONE.findall("call 0800 1112 or 01782 235100 (Mon-Fri)") == [
        "0800 1112",
        "01782 235100",
    ]


def test_a_letter_home_beside_its_pack_is_checked_as_a_letter_not_a_pack() -> None:
    # Its own file holds only the letter: it must not be failed for lacking "Before you teach",
    # and the pack beside it must still be held to all of a pack's sections.
    letter = expect_from_path("ks3/know-about-cse-ks3-letter-to-parents.pdf")
    pack = expect_from_path("ks3/know-about-cse-ks3.pdf")
    assert letter is not None and (letter.kind, letter.stage) == ("letter", KeyStage.KS3)
    assert pack is not None and (pack.kind, pack.stage) == ("pack", KeyStage.KS3)


def test_a_word_file_that_would_unpack_to_gigabytes_is_refused_unread(library: Library) -> None:
    # A 1.5 MB "zip bomb" named as a pack took 3.1 GB of memory to read back.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("word/document.xml", b"\0" * 300_000_000)
    report = Verifier(library).check("ks1/pack.docx", out.getvalue(), Expect("pack", KeyStage.KS1))
    (problem,) = report.problems
    assert problem.startswith("cannot be read back (ValueError: it would unpack to 300,000,")
    assert "far more than any pack" in problem


def test_a_pdf_that_is_not_one_is_reported_once_in_the_report(
    library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    # pypdf also logged "invalid pdf header: b'garba'" and "EOF marker not found" to stderr,
    # beside the report that names the file.
    report = Verifier(library).check("ks1/pack.pdf", b"garbage\n", Expect("pack", KeyStage.KS1))
    assert report.problems[0].startswith("cannot be read back")
    # Logged records reach the terminal: none from pypdf.
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
