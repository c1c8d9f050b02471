"""The DOCX renderer: real Word styles, properties, contents, alt text and stable bytes."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from cse_lessonpack.model import Document
from cse_lessonpack.render.docx import render_docx

from ..textextract import docx_lines
from .golden import check_golden


@pytest.fixture(scope="module")
def ks1_docx(ks1_document: Document) -> bytes:
    return render_docx(ks1_document)


def test_golden_paragraphs_with_styles(request: pytest.FixtureRequest, ks1_docx: bytes) -> None:
    check_golden(request, "fixture-ks1.docx.txt", "\n".join(docx_lines(ks1_docx)) + "\n")


def test_same_document_gives_the_same_bytes(ks1_document: Document, ks1_docx: bytes) -> None:
    assert render_docx(ks1_document) == ks1_docx


def test_zip_entries_are_sorted_with_fixed_times(ks1_docx: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(ks1_docx)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert names[1:] == sorted(names[1:])
        assert {info.date_time for info in package.infolist()} == {(2026, 11, 28, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in names


def test_word_styles_a_teacher_can_restyle(ks1_docx: bytes) -> None:
    styles = {line.split(": ", 1)[0] for line in docx_lines(ks1_docx)}
    assert {
        "Title",
        "Heading 1",
        "Heading 2",
        "List Bullet",
        "List Number",
        "Callout",
        "Callout Title",
        "Table Heading",
        "Worksheet Title",
    } <= styles


def test_core_properties_and_language(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    props = doc.core_properties
    assert props.title == "Know About CSE: Key Stage 1 lesson pack"
    assert props.language == "en-GB"
    assert props.author == "Staffordshire and Stoke-on-Trent Safeguarding Children Boards"
    assert "safeguarding" in props.keywords
    assert props.created is not None and props.created.date().isoformat() == "2026-11-28"


def test_tables_repeat_their_header_row(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    headed = [t for t in doc.tables if t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")]
    assert len(headed) >= 3


def test_every_picture_has_alt_text(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    pictures = doc.element.body.xpath(".//wp:docPr")
    assert pictures
    assert all(p.get("descr") for p in pictures)


def test_header_footer_page_field_and_contents_field(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    section = doc.sections[0]
    assert "Know About CSE · Key Stage 1 lesson pack" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    instructions = [n.text for n in doc.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)


def test_worksheet_pages_carry_help_in_their_footer(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    sheet_sections = [s for s in doc.sections if "Pupil worksheet" in s.header.paragraphs[0].text]
    assert len(sheet_sections) == 1
    footer_text = " ".join(
        p.text for t in sheet_sections[0].footer.tables for c in t._cells for p in c.paragraphs
    ).replace("\u00a0", " ")
    assert "Childline: 0800 1111" in footer_text and "Emergency: 999" in footer_text


def test_table_header_rows_are_shaded_in_the_brand_colour(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    headed = [t for t in doc.tables if t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")]
    fills = {shd.get(qn("w:fill")) for t in headed for shd in t.rows[0]._tr.iter(qn("w:shd"))}
    assert fills == {"4B2A7B"}  # white header text needs its dark fill to be readable
