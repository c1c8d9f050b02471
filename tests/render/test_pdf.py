"""The PDF renderer: what a reader sees, navigates and what the file says about itself."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cse_lessonpack.model import Document
from cse_lessonpack.render.pdf import render_pdf

from ..textextract import pdf_pages
from .golden import check_golden


@pytest.fixture(scope="module")
def ks1_pdf(ks1_document: Document) -> bytes:
    return render_pdf(ks1_document)


def test_golden_text_per_page(request: pytest.FixtureRequest, ks1_pdf: bytes) -> None:
    pages = pdf_pages(ks1_pdf)
    text = "".join(f"=== page {n} ===\n{page.strip()}\n" for n, page in enumerate(pages, start=1))
    check_golden(request, "fixture-ks1.pdf.txt", text)


def test_same_document_gives_the_same_bytes(ks1_document: Document, ks1_pdf: bytes) -> None:
    assert render_pdf(ks1_document) == ks1_pdf


def test_metadata_language_and_a4(ks1_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(ks1_pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == "Know About CSE: Key Stage 1 lesson pack"
    assert info.author == "Staffordshire and Stoke-on-Trent Safeguarding Children Boards"
    assert "safeguarding" in str(info.get("/Keywords"))
    assert info.get("/CreationDate") == "D:20261128000000+00'00'"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == (
            595.28,
            841.89,
        )


def test_fonts_are_embedded(ks1_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(ks1_pdf))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            assert descriptor is not None, font
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            seen.add(str(font["/BaseFont"]))
    assert any("atkinson" in name.lower() for name in seen)


def test_outline_contents_and_page_numbers(ks1_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(ks1_pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["Contents", "About this pack", "Before you teach"]
    assert "Lesson 1: Telling a trusted adult" in titles
    pages = pdf_pages(ks1_pdf)
    total = len(pages)
    assert f"Page 2 of {total}" in pages[1]
    assert "Page 1 of" not in pages[0]  # the cover has no page number
    contents = pages[1]
    assert "Lesson 1: Telling a trusted adult" in contents
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert links, "contents entries should be links"


def test_worksheets_have_their_own_page_with_help(ks1_pdf: bytes) -> None:
    pages = pdf_pages(ks1_pdf)
    sheets = [p for p in pages if p.lstrip().startswith("Pupil worksheet")]
    assert len(sheets) == 1
    assert "Who can I tell?" in sheets[0]
    assert "Childline: 0800 1111" in sheets[0]
    assert "Emergency: 999" in sheets[0]


def test_writing_lines_inside_a_callout_render() -> None:
    from cse_lessonpack.markdown import read

    from .test_properties import _document

    blocks = read("::: note Write here\nSome text.\n\n::: lines 2 Answer\n:::\n:::\n")
    pages = pdf_pages(render_pdf(_document(blocks)))
    assert "Answer" in pages[0] and "Some text." in pages[0]
