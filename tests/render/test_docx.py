"""The DOCX renderer: real Word styles, properties, contents, alt text and stable bytes."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from pypdf import PdfReader

from cse_lessonpack.content import Library
from cse_lessonpack.model import (
    Block,
    Callout,
    Cover,
    Document,
    Emphasis,
    Heading,
    Image,
    ImageRow,
    Letter,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Signs,
    Strong,
    Table,
    Text,
    Worksheet,
    WriteSpace,
)
from cse_lessonpack.profile import Tailoring
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


def test_the_file_claims_no_print_date_no_other_program_and_no_page_count(ks1_docx: bytes) -> None:
    # python-docx's template said "Microsoft Macintosh Word" 14, one page, no words, and the build
    # set a print date: Explorer and Word's File > Info showed all of it.
    assert open_docx(io.BytesIO(ks1_docx)).core_properties.last_printed is None
    with zipfile.ZipFile(io.BytesIO(ks1_docx)) as package:
        app = package.read("docProps/app.xml").decode()
    assert "<Application>cse-lessonpack</Application>" in app
    assert "Microsoft" not in app and "<Pages>" not in app and "<Words>" not in app


def _is_box(table: Any) -> bool:
    """A callout box: a table whose first row is the box's title."""
    return bool(table.rows[0].cells[0].paragraphs[0].style.name == "Callout Title")


def test_tables_repeat_their_header_row(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    headed = [t for t in doc.tables if t.rows[0]._tr.xpath("./w:trPr/w:tblHeader")]
    assert len([t for t in headed if not _is_box(t)]) >= 3


def test_a_box_repeats_its_title_when_it_goes_on_over_a_page(ks1_docx: bytes) -> None:
    # As in the PDF: a story read aloud that turns a page shows which box it is still in.
    doc = open_docx(io.BytesIO(ks1_docx))
    boxes = [t for t in doc.tables if _is_box(t)]
    assert boxes
    for box in boxes:
        title, *rest = box.rows
        if not rest:
            continue  # a box with only a title
        assert title._tr.xpath("./w:trPr/w:tblHeader") and title._tr.xpath("./w:trPr/w:cantSplit")
        assert len(rest) == 1 and rest[0].cells[0].paragraphs[0].text.strip() != ""
        assert [p.text for p in title.cells[0].paragraphs] == [title.cells[0].paragraphs[0].text]
        if len(rest[0].cells[0]._tc.xpath("string(.)")) < 300:
            # A short box moves on whole rather than repeat its title over two lines.
            assert rest[0]._tr.xpath("./w:trPr/w:cantSplit")


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


def test_the_title_style_is_visible_outside_the_cover(ks1_docx: bytes) -> None:
    # White in the style itself, Title applied anywhere but the purple band was invisible.
    doc = open_docx(io.BytesIO(ks1_docx))
    assert str(doc.styles["Title"].font.color.rgb) != "FFFFFF"
    band = doc.tables[0].cell(0, 0).paragraphs
    runs = [r for p in band if p.style.name == "Title" for r in p.runs]
    assert runs and all(str(r.font.color.rgb) == "FFFFFF" for r in runs)  # white on the band


def test_a_heading_given_to_part_of_a_paragraph_looks_like_the_heading(ks1_docx: bytes) -> None:
    # Word uses the linked "Heading 1 Char" then, which kept the template's blue and size.
    doc = open_docx(io.BytesIO(ks1_docx))
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        style, char = doc.styles[name], doc.styles[f"{name} Char"]
        assert char.font.color.rgb == style.font.color.rgb, name
        assert char.font.size == style.font.size and char.font.bold, name


def test_links_use_words_hyperlink_style_in_the_brand_colour(ks1_docx: bytes) -> None:
    # Coloured run by run, links a teacher added came out in Word's blue, and restyling the
    # links meant editing each one.
    doc = open_docx(io.BytesIO(ks1_docx))
    for name in ("Hyperlink", "FollowedHyperlink"):  # clicked, a link keeps the brand colour
        style = doc.styles[name]
        assert style.element.get(qn("w:customStyle")) is None
        assert str(style.font.color.rgb) == "4B2A7B" and style.font.underline
    runs = [
        run
        for p in doc.paragraphs
        if not p.style.name.startswith("toc")  # the contents' links are Word's field's own
        for run in p._p.findall(f"{qn('w:hyperlink')}/{qn('w:r')}")
    ]
    assert len(runs) > 5
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        assert rpr is not None and rpr[0].tag == qn("w:rStyle")
        assert rpr[0].get(qn("w:val")) == "Hyperlink" and rpr.find(qn("w:color")) is None


def test_the_theme_carries_the_packs_font_and_colours(ks1_docx: bytes) -> None:
    # python-docx's template theme (Calibri, Cambria, blue 4F81BD) made leftover gallery styles
    # and Word's Design tab off-brand.
    with zipfile.ZipFile(io.BytesIO(ks1_docx)) as package:
        theme = package.read("word/theme/theme1.xml").decode()
    assert "Calibri" not in theme and "Cambria" not in theme
    assert theme.count('typeface="Atkinson Hyperlegible"') == 2  # headings and body
    for slot in ("accent1", "hlink", "folHlink"):
        assert re.search(rf'<a:{slot}>\s*<a:srgbClr val="4B2A7B"', theme), slot


def test_headings_take_their_font_from_normal_so_one_change_restyles_the_pack(
    ks1_docx: bytes,
) -> None:
    # Each heading style named the font itself: a teacher who changed Normal's font kept
    # headings in the old one, and a style made from scratch started in another.
    doc = open_docx(io.BytesIO(ks1_docx))
    assert doc.styles["Normal"].font.name == "Atkinson Hyperlegible"
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "TOC Heading"):
        assert not doc.styles[name].element.xpath("./w:rPr/w:rFonts"), name
    (default,) = doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")
    assert default.get(qn("w:ascii")) == default.get(qn("w:hAnsi")) == "Atkinson Hyperlegible"
    # Normal and the default also follow the theme's body font (the same family, see the theme
    # test above), so Word's Design > Fonts restyles the whole pack: it changed nothing.
    (normal,) = doc.styles["Normal"].element.xpath("./w:rPr/w:rFonts")
    for fonts in (normal, default):
        assert fonts.get(qn("w:asciiTheme")) == fonts.get(qn("w:hAnsiTheme")) == "minorHAnsi"


def test_contents_entries_use_words_own_styles_with_a_dotted_tab_for_page_numbers(
    ks1_docx: bytes,
) -> None:
    # Marked custom, "toc 1" would stand beside Word's own contents style rather than be it.
    doc = open_docx(io.BytesIO(ks1_docx))
    for name in ("toc 1", "toc 2"):
        style = doc.styles[name]
        assert style.element.get(qn("w:customStyle")) is None
        (stop,) = style.paragraph_format.tab_stops
        assert (stop.alignment, stop.leader) == (WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        assert round(stop.position.mm) == 174  # the right margin


def test_contents_lists_every_heading_as_a_link_before_word_updates_it(ks1_docx: bytes) -> None:
    # Until Word updates the field (it asks on opening; LibreOffice does not), the contents is
    # what the file holds: a paragraph per heading, each a link to its heading.
    doc = open_docx(io.BytesIO(ks1_docx))
    body = doc.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    entries = [p for p in doc.paragraphs if p.style.name in {"toc 1", "toc 2"}]
    assert [p.text for p in entries][:3] == [
        "About this pack",
        "Before you teach",
        "Responding to a disclosure",
    ]
    assert ("toc 2", "Who can I tell?") in [(p.style.name, p.text) for p in entries]
    for entry in entries:
        (link,) = entry._p.findall(qn("w:hyperlink"))
        assert link.get(qn("w:anchor")) in bookmarks
    # One field around them all: it begins in the first entry and ends in a note after the
    # last, saying how to add page numbers; being the field's shown text, the update removes it.
    note = entries[-1]._p.getnext()
    assert "Update Field" in "".join(t.text or "" for t in note.iter(qn("w:t")))
    kinds = [
        c.get(qn("w:fldCharType"))
        for p in [*(e._p for e in entries), note]
        for c in p.iter(qn("w:fldChar"))
    ]
    assert kinds == ["begin", "separate", "end"]
    assert entries[0]._p.find(f".//{qn('w:fldChar')}").get(qn("w:fldCharType")) == "begin"


def test_bookmarks_are_unique_word_names(ks1_document: Document) -> None:
    # Cut to 40 characters, four "Plenary: Look back, look forward (5 minutes)" anchors became
    # one bookmark name; Word's names start with a letter and use no hyphens.
    long = "plenary-look-back-look-forward-5-minutes"
    plenaries = [
        Heading(2, (Text(f"Plenary {n}"),), f"{long}-{n}" if n else long) for n in range(4)
    ]
    blocks = (*plenaries, Heading(2, (Text("Question 1"),), "1-what-can-you-do"))
    data = render_docx(dataclasses.replace(ks1_document, blocks=blocks))
    doc = open_docx(io.BytesIO(data))
    names = [b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert len(names) == len(set(names)) == 5
    assert all(len(n) <= 40 and n[0].isalpha() and "-" not in n for n in names)


def test_tables_set_their_layout_once(ks1_docx: bytes) -> None:
    # Two tblLayout elements in one table's properties break the schema Word validates against.
    doc = open_docx(io.BytesIO(ks1_docx))
    counts = [len(p.findall(qn("w:tblLayout"))) for p in doc.element.body.iter(qn("w:tblPr"))]
    assert counts and max(counts) == 1


def test_a_worksheet_ending_in_a_drawing_box_adds_no_line_after_it(
    ks1_document: Document,
) -> None:
    # The section break after a box that fills the page must take no room: a full-size empty
    # paragraph after it started a page blank but for the worksheet's furniture.
    sheet = Worksheet("Draw", "draw", (WriteSpace("box", 200, "Draw here."),))
    after_sheet = Paragraph((Text("After the sheet."),))
    data = render_docx(dataclasses.replace(ks1_document, blocks=(sheet, after_sheet)))
    doc = open_docx(io.BytesIO(data))
    body = list(doc.element.body)
    box = next(i for i, e in enumerate(body) if e.tag == qn("w:tbl"))
    after = body[box + 1]
    assert after.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None  # the break itself
    assert not after.xpath(".//w:t")


def test_each_choice_stands_under_its_picture() -> None:
    # As in the PDF: a row of pictures, and under each, centred, the choice it stands for.
    from cse_lessonpack.markdown import read

    from .test_pdf import PADLOCK_OR_TELL
    from .test_properties import _document

    sheet = Worksheet("Sheet", "sheet", tuple(read(PADLOCK_OR_TELL)))
    data = render_docx(_document((sheet,)))
    doc = open_docx(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0]._tc.xpath(".//wp:docPr"))
    pictures, labels = table.rows
    assert [len(c._tc.xpath(".//wp:docPr")) for c in pictures.cells] == [1, 1]
    assert [c.text for c in labels.cells] == ["Keep it secret.", "Tell a grown-up you trust."]
    assert all(c.paragraphs[0].alignment == 1 for c in labels.cells)  # centred
    assert all(r.bold for c in labels.cells for r in c.paragraphs[0].runs if r.text.strip())
    # The pictures keep with their words over a page break.
    assert all(c.paragraphs[0].paragraph_format.keep_with_next for c in pictures.cells)


def test_choices_too_long_for_one_line_are_set_in_even_columns_by_tab_stops() -> None:
    # As in the PDF: two and two, each choice at a tab stop, not three and one alone.
    from cse_lessonpack.markdown import read

    from .test_properties import _document

    text = "**Send the photo.** · **Stop chatting.** · **Tell a trusted adult.** · **Block and report.**"
    sheet = Worksheet("What is the catch?", "catch", tuple(read(text)))
    doc = open_docx(io.BytesIO(render_docx(_document((sheet,)))))
    (line,) = [p for p in doc.paragraphs if "Stop\u00a0chatting." in p.text]
    shown = line.text.replace("\u00a0", " ")  # no choice breaks across a line
    assert shown == "Send the photo.\tStop chatting.\nTell a trusted adult.\tBlock and report."
    (stop,) = line.paragraph_format.tab_stops
    assert round(stop.position.mm) == 87  # half the text width
    assert all(r.bold for r in line.runs if r.text.strip())


def test_worksheets_in_a_row_share_one_footer(tailoring: Tailoring) -> None:
    # Each section had its own copy of the help box: a teacher changing a helpline's wording
    # edited up to 14 footers, and could miss one.
    from cse_lessonpack import compose
    from cse_lessonpack.content import load_library
    from cse_lessonpack.model import KeyStage
    from cse_lessonpack.templating import make_environment

    from ..conftest import LESSONS, TEMPLATES

    real = load_library(LESSONS)
    pack = compose.compose_pack(real, KeyStage.KS3, tailoring, make_environment(TEMPLATES))
    data = render_docx(pack)
    doc = open_docx(io.BytesIO(data))
    # The worksheets, the pupils' help page aside (which has no help box at its foot).
    sheets = [s for s in doc.sections if "worksheet ·" in s.header.paragraphs[0].text][:-1]
    assert len(sheets) >= 5
    for section in sheets:  # each still shows where to get help, through the one it links to
        text = " ".join(
            p.text for t in section.footer.tables for c in t._cells for p in c.paragraphs
        )
        assert "Childline" in text
    assert sum(s.footer.is_linked_to_previous for s in sheets) == len(sheets) - 1
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
    assert len(footers) < len(doc.sections) / 2


def test_word_opens_the_file_in_its_current_mode(ks1_docx: bytes) -> None:
    # python-docx's template asks for Word 2010 layout: "[Compatibility Mode]" in the title bar.
    doc = open_docx(io.BytesIO(ks1_docx))
    modes = [
        c.get(qn("w:val"))
        for c in doc.settings.element.iter(qn("w:compatSetting"))
        if c.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


def test_a_chapter_heading_mid_page_has_room_above_it(ks1_document: Document) -> None:
    blocks = (
        Heading(1, (Text("First chapter"),), "one"),
        Paragraph((Text("Some words."),)),
        Heading(1, (Text("Second chapter"),), "two"),
        Paragraph((Text("More words."),)),
        PageBreak(),
        Heading(1, (Text("On a new page"),), "three"),
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    space = {p.text: p.paragraph_format.space_before for p in doc.paragraphs}
    assert space["Second chapter"] is not None and space["Second chapter"].pt == 18
    assert space["First chapter"] is None and space["On a new page"] is None


def test_worksheet_pages_carry_help_in_their_footer(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    sheet_sections = [s for s in doc.sections if "Pupil worksheet" in s.header.paragraphs[0].text]
    # The lesson's key words and its worksheet, then the pupils' page of "Where to get help",
    # which is all help already.
    assert len(sheet_sections) == 3
    for sheet in sheet_sections[:2]:
        footer_text = " ".join(
            p.text for t in sheet.footer.tables for c in t._cells for p in c.paragraphs
        ).replace("\u00a0", " ")
        assert "Childline: 0800 1111" in footer_text and "Emergency: 999" in footer_text
    assert not sheet_sections[2].footer.tables
    # The footer line keeps a gap below the box (in LibreOffice it touched it).
    line = sheet_sections[0].footer.paragraphs[-1]
    assert "Page" in line.text
    assert line.paragraph_format.space_before is not None
    assert line.paragraph_format.space_before.pt >= 4
    # And a gap above it: Word ends a full sheet's text where the footer begins, and its last
    # line sat on the box.
    first, second = list(sheet_sections[0].footer._element)[:2]
    assert first.tag == qn("w:p") and second.tag == qn("w:tbl")
    gap = first.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert gap is not None and gap.get(qn("w:lineRule")) == "exact"
    assert int(gap.get(qn("w:line"))) >= 80  # twentieths of a point: at least 4 pt


def test_young_pupils_worksheets_go_home_without_the_campaign_name(ks1_docx: bytes) -> None:
    # Key Stage 1 keeps "CSE" (and what it stands for) off pupils' pages; the teacher's pages
    # still carry the campaign.
    doc = open_docx(io.BytesIO(ks1_docx))
    sections = list(doc.sections)
    sheets = [s for s in sections if "Pupil worksheet" in s.header.paragraphs[0].text]
    others = [s for s in sections if "Pupil worksheet" not in s.header.paragraphs[0].text]
    assert sheets and others
    for section in sheets:
        words = section.header._element.xml + section.footer._element.xml
        header = section.header.paragraphs[0].text
        assert header.startswith("Pupil worksheet · ") and header.endswith(" · Key Stage 1")
        assert "CSE" not in words and "knowaboutcse" not in words
    letters = [s for s in others if not s.header.paragraphs[0].text.strip()]
    assert len(letters) == 1  # the letter home's own section (see below)
    assert all(
        "Know About CSE" in s.header.paragraphs[0].text for s in others[1:] if s not in letters
    )


def test_the_letter_home_is_a_section_without_the_pack_header_or_page_number(
    ks1_docx: bytes,
) -> None:
    # A copy sent home reads as a letter: not "Key Stage 1 lesson pack", not "Page 63 of 69".
    doc = open_docx(io.BytesIO(ks1_docx))
    body = list(doc.element.body.iterchildren())

    def words(element: Any) -> str:
        return "".join(t.text or "" for t in element.iter(qn("w:t")))

    # (The contents lists the letter first; the heading itself comes after.)
    (*_, heading) = (i for i, e in enumerate(body) if words(e) == "Letter to parents and carers")
    # The section a paragraph belongs to is the one whose break comes next after it.
    ends = [i for i, e in enumerate(body) if e.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    index = next(n for n, end in enumerate(ends) if end >= heading)
    letter, after = doc.sections[index], doc.sections[index + 1]
    assert "Dear parent or carer," in [words(e) for e in body[heading : ends[index]]]
    assert ends[index - 1] == heading - 1  # the letter starts a page: its section's first
    footer = letter.footer._element.xml
    assert "Know the signs. Report it." in letter.footer.paragraphs[0].text
    assert "PAGE" not in footer and "NUMPAGES" not in footer
    assert letter.header.paragraphs[0].text == ""
    # What follows has the pack's header and page numbers back.
    assert "Key Stage 1 lesson pack" in after.header.paragraphs[0].text
    assert "NUMPAGES" in after.footer._element.xml


def test_the_letter_home_alone_starts_on_page_one_and_numbers_its_pages(
    library: Library, tailoring: Tailoring
) -> None:
    # The school office edits and prints the letter as a file of its own: its first page is the
    # letter (it once opened with a blank page, the document's first section left empty), and
    # Word numbers its pages as the PDF does ("Page 1 of 2"), since they are the document's.
    from cse_lessonpack import compose
    from cse_lessonpack.model import KeyStage
    from cse_lessonpack.templating import make_environment

    from ..conftest import TEMPLATES

    letter = compose.compose_letter(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))
    doc = open_docx(io.BytesIO(render_docx(letter)))
    assert len(doc.sections) == 1
    assert doc.paragraphs[0].text == "Letter to parents and carers"
    footer = doc.sections[0].footer._element.xml
    assert "Know the signs. Report it." in doc.sections[0].footer.paragraphs[0].text
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_table_header_rows_are_shaded_in_the_brand_colour(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    headed = [
        t for t in doc.tables if t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") and not _is_box(t)
    ]

    def header_fills(table: Any) -> set[str]:
        own = {shd.get(qn("w:fill")) for shd in table.rows[0]._tr.iter(qn("w:shd"))}
        if own:
            return own
        # From the table's style, where its look turns the header row's part on.
        assert table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"
        parts = table.style.element.findall(qn("w:tblStylePr"))
        first = next(p for p in parts if p.get(qn("w:type")) == "firstRow")
        return {shd.get(qn("w:fill")) for shd in first.iter(qn("w:shd"))}

    fills = set().union(*(header_fills(t) for t in headed))
    assert fills == {"4B2A7B"}  # white header text needs its dark fill to be readable


# -- the text font travels with the file -------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _embedded_faces(data: bytes) -> dict[str, tuple[str, bytes]]:
    """Embedding element -> (font key, stored bytes), for the fonts the file carries."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        table = etree.fromstring(package.read("word/fontTable.xml"))
        if "word/_rels/fontTable.xml.rels" not in package.namelist():
            return {}
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        found = {}
        for font in table.iter(f"{W}font"):
            for embed in font:
                if embed.tag.startswith(f"{W}embed"):
                    stored = package.read("word/" + targets[embed.get(f"{R}id")])
                    name = f"{font.get(f'{W}name')}/{embed.tag[len(W) :]}"
                    found[name] = (embed.get(f"{W}fontKey"), stored)
        return found


def test_the_atkinson_hyperlegible_faces_are_embedded_as_word_expects(ks1_docx: bytes) -> None:
    from cse_lessonpack import fonts
    from cse_lessonpack.render.docx import obfuscate_font

    faces = _embedded_faces(ks1_docx)
    assert sorted(faces) == [
        "Atkinson Hyperlegible/embedBold",
        "Atkinson Hyperlegible/embedBoldItalic",
        "Atkinson Hyperlegible/embedItalic",
        "Atkinson Hyperlegible/embedRegular",
    ]
    key, stored = faces["Atkinson Hyperlegible/embedRegular"]
    original = fonts.font_file("atkinson-hyperlegible", "regular").read_bytes()
    assert stored != original  # obfuscated, as the format requires...
    assert obfuscate_font(stored, key) == original  # ...with the key Word will use to undo it
    with zipfile.ZipFile(io.BytesIO(ks1_docx)) as package:
        assert b"<w:embedTrueTypeFonts/>" in package.read("word/settings.xml")
        types = package.read("[Content_Types].xml").decode()
    assert (
        'PartName="/word/fonts/font1.odttf" ContentType="application/vnd.openxmlformats-' in types
    )


def test_a_large_family_travels_cut_down_to_latin_text(ks1_document: Document) -> None:
    from fontTools.ttLib import TTFont

    from cse_lessonpack import fonts
    from cse_lessonpack.render.docx import obfuscate_font
    from cse_lessonpack.wordfonts import kept_code_points

    lato = dataclasses.replace(
        ks1_document, theme=dataclasses.replace(ks1_document.theme, font="lato")
    )
    data = render_docx(lato)
    faces = _embedded_faces(data)
    assert sorted(faces) == [
        "Lato/embedBold",
        "Lato/embedBoldItalic",
        "Lato/embedItalic",
        "Lato/embedRegular",
    ]
    assert len(data) < 1_000_000  # Lato's four whole faces (2.7 MB) would make it 3 MB
    key, stored = faces["Lato/embedRegular"]
    carried = TTFont(io.BytesIO(obfuscate_font(stored, key))).getBestCmap()
    whole = TTFont(fonts.font_file("lato", "regular")).getBestCmap()
    # Every Latin letter, accent and punctuation mark Lato has, so a teacher editing the pack
    # (or a school called Ysgol Bro Ŵyr, with a DSL called Łukasz) types in Lato...
    assert set(carried) == kept_code_points() & set(whole)
    assert {ord("Ŵ"), ord("Ł"), ord("é"), ord("’"), ord("–"), ord("•")} <= set(carried)
    # ...but not its Cyrillic, Greek or Vietnamese, which make up most of its size.
    assert ord("Ж") in whole and ord("Ж") not in carried
    assert ord("ệ") in whole and ord("ệ") not in carried


REQUIRE_LIBREOFFICE = "CSE_LESSONPACK_REQUIRE_LIBREOFFICE"


def _libreoffice_pdf(docx: bytes, tmp_path: Path) -> PdfReader:
    """The DOCX as LibreOffice lays it out, with a fresh profile (so no font of a user's)."""
    if shutil.which("soffice") is None:
        reason = "LibreOffice not installed (Debian: libreoffice-writer-nogui; see .ci/run)"
        if os.environ.get(REQUIRE_LIBREOFFICE):
            pytest.fail(f"{REQUIRE_LIBREOFFICE} is set but {reason}")
        pytest.skip(reason)
    (tmp_path / "pack.docx").write_bytes(docx)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "pack.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(tmp_path / "pack.pdf")


def test_libreoffice_draws_the_pack_in_the_embedded_font(ks1_docx: bytes, tmp_path: Path) -> None:
    # On a machine without the font installed, LibreOffice can only use the font the file
    # carries. Without it LibreOffice substitutes DejaVu Sans.
    if any("Atkinson" in line for line in _installed_fonts()):
        pytest.skip("Atkinson Hyperlegible is installed here, so this would prove nothing")
    reader = _libreoffice_pdf(ks1_docx, tmp_path)
    names = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages[:3]
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("AtkinsonHyperlegible-Regular" in name for name in names), names


def test_a_lato_pack_is_drawn_in_lato_where_it_is_not_installed_with_words_whole(
    ks1_document: Document, tmp_path: Path
) -> None:
    # A Lato pack once named Lato without carrying it: where Lato was not installed a wider
    # font stood in, and a column sized for Lato broke "permission" and a phone number mid-word.
    if any("Lato" in line for line in _installed_fonts()):
        pytest.skip("Lato is installed here, so this would prove nothing")
    words = ["permission", "information", "pressure", "0300\u00a0111\u00a08007"]
    table = Table(
        ((Text("Word"),), (Text("What it means"),)),
        tuple(
            ((Strong((Text(word),)),), (Text("A meaning long enough to fill its column. " * 3),))
            for word in words
        ),
    )
    theme = dataclasses.replace(ks1_document.theme, font="lato", body_size=16)
    document = dataclasses.replace(ks1_document, theme=theme, blocks=(table,))
    page = _libreoffice_pdf(render_docx(document), tmp_path).pages[0]
    names = {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+Lato-Bold") for name in names), names
    text = page.extract_text()
    lines = {line.replace("\u00a0", " ").strip() for line in text.splitlines()}
    for word in words:
        shown = word.replace("\u00a0", " ")
        assert any(line.startswith(shown) for line in lines), (shown, text)


def _installed_fonts() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    return subprocess.run(
        ["fc-list"], capture_output=True, text=True, check=False
    ).stdout.splitlines()


def _sheets(ks1_document: Document, *sheets: Worksheet) -> bytes:
    return render_docx(dataclasses.replace(ks1_document, blocks=sheets))


def test_a_long_sheet_title_shortens_the_header_to_one_line_as_the_pdf_band_does(
    ks1_document: Document,
) -> None:
    # In large print the header "Student worksheet · <long title> · Know About CSE · Key Stage
    # 3 lesson pack" wrapped to two lines and crowded the sheet's own title.
    help_ = (Paragraph((Text("Need help? Childline: 0800 1111"),)),)
    meta = dataclasses.replace(
        ks1_document.meta, header="Know About CSE · Key Stage 3 lesson pack", sheet_header=None
    )
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    short = Worksheet("Cards", "cards", (Paragraph((Text("A sheet."),)),), help_)
    long = Worksheet(
        "Myth or fact? Consent and exploitation at 16 and 17",
        "myth",
        (Paragraph((Text("A sheet."),)),),
        help_,
    )
    document = dataclasses.replace(ks1_document, meta=meta, theme=theme, blocks=(short, long))
    headers = [
        s.header.paragraphs[0].text for s in open_docx(io.BytesIO(render_docx(document))).sections
    ]
    sheets = [h for h in headers if h.startswith("Pupil worksheet")]
    assert "Know About CSE" not in sheets[1]
    assert sheets[1].startswith(
        "Pupil worksheet · Myth or fact? Consent and exploitation at 16 and 17"
    )
    # Every sheet of the pack reads the same, as the PDF's bands do: the short title's header
    # kept the campaign's name, the long one's alone left it out.
    assert sheets[0].startswith("Pupil worksheet · Cards · Key Stage 3 lesson pack")
    # A pack whose titles all fit keeps the longer form on every sheet.
    fitting = dataclasses.replace(document, blocks=(short, short))
    headers = [
        s.header.paragraphs[0].text for s in open_docx(io.BytesIO(render_docx(fitting))).sections
    ]
    assert all(
        h.startswith("Pupil worksheet · Cards · Know About CSE · Key Stage 3 lesson pack")
        for h in headers
        if h.startswith("Pupil worksheet")
    )


def test_worksheets_in_a_row_leave_no_empty_section_between_them(ks1_document: Document) -> None:
    help_ = (Paragraph((Text("Need help? Childline: 0800 1111"),)),)
    one = Worksheet("One", "one", (Paragraph((Text("First sheet."),)),), help_)
    two = Worksheet("Two", "two", (Paragraph((Text("Second sheet."),)),), help_)
    data = render_docx(
        dataclasses.replace(ks1_document, blocks=(Paragraph((Text("Before."),)), one, two))
    )
    doc = open_docx(io.BytesIO(data))
    # A section of its own between the sheets would print as a blank page between them.
    headers = [s.header.paragraphs[0].text for s in doc.sections]
    assert len(headers) == 3
    assert not headers[0].startswith("Pupil worksheet")
    assert all(h.startswith("Pupil worksheet") for h in headers[1:])


def test_writing_lines_before_a_heading_add_no_empty_line(ks1_document: Document) -> None:
    sheet = Worksheet(
        "Lines",
        "lines",
        (
            WriteSpace("lines", 2, "My answer"),
            Heading(2, (Text("Remember"),), "remember"),
            Paragraph((Text("It is never your fault."),)),
            WriteSpace("lines", 2, "My thoughts"),
            Paragraph((Text("Next question."),)),
        ),
    )
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    paragraphs = doc.paragraphs
    ruled = [
        i
        for i, p in enumerate(paragraphs)
        if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    ]
    # The heading's own space above it separates it from the lines: an empty line as well ran
    # two sheets' "Remember" onto a third page in LibreOffice.
    assert paragraphs[ruled[1] + 1].text == "Remember"
    # Before a paragraph, an empty line still gives the lines room below them.
    assert paragraphs[ruled[3] + 1].text == ""
    assert paragraphs[ruled[3] + 2].text == "Next question."


def test_web_addresses_on_a_pupil_page_are_in_the_sheets_type(ks1_document: Document) -> None:
    link = Link("https://www.childline.org.uk", (Text("childline.org.uk"),))
    cell = (Text("Childline: "), link)
    sheet = Worksheet(
        "Help",
        "help",
        (
            Table(((Text("Who"),),), ((cell,),)),
            ListBlock(False, ((Paragraph((Text("Or go to "), link)),),)),
        ),
    )
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    link_runs = [
        r for r in doc.element.body.iter(qn("w:r")) if r.getparent().tag == qn("w:hyperlink")
    ]
    assert len(link_runs) == 2

    # The words and the link take the size of the paragraph's worksheet style; the link's own
    # character style sets no size (it once kept a smaller one: half the words' size in KS2).
    assert doc.styles["Hyperlink"].font.size is None
    styles = set()
    for run in link_runs:
        paragraph = DocxParagraph(run.getparent().getparent(), doc._body)
        assert run.find(f"{qn('w:rPr')}/{qn('w:sz')}") is None
        styles.add(paragraph.style.name if paragraph.style is not None else "")
    assert styles == {"Worksheet Table Text", "Worksheet List Bullet"}


def test_a_pupil_pages_lists_tables_and_cards_are_sized_by_their_styles(
    ks1_document: Document,
) -> None:
    # Sizes were set on every run: a school making a worksheet style larger in Word saw its
    # lists and tables stay small.
    items = ((Paragraph((Text("First"),)),), (Paragraph((Text("Second"),)),))
    cards = Table(((Text("Cards"),),), (((Text("A card"),),), ((Text("B card"),),)), cards=2)
    sheet = Worksheet(
        "Help",
        "help",
        (
            ListBlock(False, items),
            ListBlock(True, items),
            Table(((Text("Who"),),), (((Text("Childline"),),),)),
            cards,
        ),
    )
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    sheet_size = ks1_document.theme.worksheet_size
    used = {}
    cells = [p for t in doc.tables for c in t._cells for p in c.paragraphs]
    for paragraph in [*doc.paragraphs, *cells]:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name.startswith(("Worksheet List", "Worksheet Table", "Card Text")):
            used[name] = paragraph
            assert all(r.font.size is None for r in paragraph.runs), paragraph.text
    assert set(used) == {
        "Worksheet List Bullet",
        "Worksheet List Number",
        "Worksheet Table Heading",
        "Worksheet Table Text",
        "Card Text",
    }
    assert doc.styles["Worksheet List Bullet"].font.size.pt == sheet_size
    assert doc.styles["Worksheet List Number"].font.size.pt == sheet_size
    assert doc.styles["Card Text"].font.size.pt > doc.styles["Worksheet Table Text"].font.size.pt
    # The numbering is on the worksheet list styles themselves, as on Word's own.
    for name in ("Worksheet List Bullet", "Worksheet List Number"):
        assert doc.styles[name].element.pPr.find(qn("w:numPr")) is not None


def test_write_lines_rule_every_line_and_a_short_label_sits_on_its_line(
    ks1_document: Document,
) -> None:
    sheet = Worksheet(
        "Lines",
        "lines",
        (WriteSpace("lines", 1, "Name"), WriteSpace("lines", 3, "What could Sam do?")),
    )
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    paragraphs = doc.paragraphs
    name = next(p for p in paragraphs if p.text.startswith("Name"))
    assert name.text == "Name \t"  # the tab's leader draws the line to the margin
    (stop,) = name.paragraph_format.tab_stops
    assert stop.leader == WD_TAB_LEADER.LINES
    ruled = [p for p in paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None]
    assert len(ruled) == 3
    for paragraph in ruled:
        borders = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        # Without "between", Word joins the three into one box with a single rule under it.
        assert borders.find(qn("w:between")) is not None


def test_a_labelled_line_in_a_box_ends_at_the_boxs_edge(ks1_document: Document) -> None:
    # The assessment record's "Taught on ____" in a lesson's box drew its rule to the page's
    # margin, past the box's shaded edge, in LibreOffice and Word.
    from docx.shared import Mm

    from cse_lessonpack.render.docx import CONTENT_WIDTH_MM

    box = Callout("key", "Lesson 1", (WriteSpace("lines", 1, "Taught on"),))
    blocks = (box, WriteSpace("lines", 1, "Class and year"))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    (cell,) = [c for t in doc.tables for r in t.rows for c in r.cells if "Taught on" in c.text]
    taught = next(p for p in cell.paragraphs if p.text.startswith("Taught on"))
    (stop,) = taught.paragraph_format.tab_stops
    margins = cell._tc.tcPr.find(qn("w:tcMar"))
    sides = sum(int(margins.find(qn(f"w:{edge}")).get(qn("w:w"))) for edge in ("left", "right"))
    assert abs(stop.position - Mm(CONTENT_WIDTH_MM - sides / 56.7)) < Mm(0.2)
    outside = next(p for p in doc.paragraphs if p.text.startswith("Class and year"))
    (page_stop,) = outside.paragraph_format.tab_stops
    assert abs(page_stop.position - Mm(CONTENT_WIDTH_MM)) < Mm(0.2)  # on the page: the margin


def test_a_box_of_lines_to_fill_in_never_splits_in_word(ks1_document: Document) -> None:
    # An assessment record's lesson box: little text, but its lines made it "too tall to
    # estimate", and Word could split it between pages.
    form = Callout(
        "key",
        "Lesson 1",
        (
            WriteSpace("lines", 1, "Taught on"),
            WriteSpace("lines", 2, "At the start, most of the class"),
            WriteSpace("lines", 2, "At the end, most of the class"),
            WriteSpace("lines", 1, "To come back to"),
        ),
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(form,)))))
    (box,) = [t for t in doc.tables if _is_box(t)]
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in box.rows)


def test_a_title_longer_than_word_allows_is_cut_at_a_word(ks1_document: Document) -> None:
    # A school's name of 195 characters or more made a letter's title too long for the
    # document's properties, and the build failed: "exceeded 255 char limit for property".
    school = "The Federation of " + "St Mary and St Thomas Aquinas " * 7 + "Academy"
    meta = dataclasses.replace(ks1_document.meta, title=f"Letter to parents and carers · {school}")
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, meta=meta))))
    title = doc.core_properties.title
    assert len(meta.title) > 255 and len(title) <= 255
    assert title.endswith("…") and meta.title.startswith(title[:-1])
    assert meta.title[len(title) - 1] == " "  # cut at a word's end


def test_page_breaks_start_the_next_paragraph_instead_of_ending_the_page(
    ks1_docx: bytes,
) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    # A paragraph holding only a break prints a blank page when the page before is full.
    breaks = [p for p in doc.paragraphs if any(r._r.find(qn("w:br")) is not None for r in p.runs)]
    assert not [p for p in breaks if not p.text.strip()]
    starts = [p.text for p in doc.paragraphs if p.paragraph_format.page_break_before]
    assert "Before you teach" in starts and "Pupil worksheets" in starts


def test_table_rows_never_break_across_pages(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    rows = [
        row
        for table in doc.tables
        for row in table.rows
        if row.cells[0].paragraphs[0].style.name in {"Table Text", "Table Heading"}
    ]
    assert rows
    for row in rows:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_every_property_element_is_in_the_schemas_order(
    ks1_docx: bytes, ks1_document: Document
) -> None:
    # Word refuses a file whose properties are out of order (LibreOffice copes), so every part
    # is checked, on a pack with worksheets, callouts, lists and tables in it.
    from lxml import etree

    from cse_lessonpack.render.docx import SCHEMA_ORDER

    # A page break just before a list: its paragraph starts the page and is numbered.
    breaks = dataclasses.replace(
        ks1_document,
        blocks=(
            Paragraph((Text("Before."),)),
            PageBreak(),
            ListBlock(True, ((Paragraph((Text("First."),)),), (Paragraph((Text("Next."),)),))),
        ),
    )
    for data in (ks1_docx, render_docx(breaks)):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
            for name in parts:
                root = etree.fromstring(package.read(name))
                for element in root.iter(*SCHEMA_ORDER):
                    order = SCHEMA_ORDER[element.tag]
                    ranks = [order.get(child.tag, len(order)) for child in element]
                    assert ranks == sorted(ranks), (name, element.tag, [c.tag for c in element])


def test_a_tables_closing_note_stays_with_its_last_row(ks1_document: Document) -> None:
    table = Table(
        header=((Text("Service"),), (Text("Phone"),)),
        rows=tuple(((Text(f"Service {n}"),), (Text("0800 1111"),)) for n in range(12)),
    )
    note = Paragraph((Text("Numbers checked 28 November 2026."),))
    blocks = (table, note, PageBreak(), Paragraph((Text("Next section."),)))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    last_row = doc.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    middle_row = doc.tables[-1].rows[5]
    assert not any(
        p.paragraph_format.keep_with_next for c in middle_row.cells for p in c.paragraphs
    )


def test_a_long_tables_header_never_ends_a_page_with_one_row_under_it(
    ks1_document: Document,
) -> None:
    # A KS4 vocabulary table left its heading, header row and one word at a page's foot in
    # Word: the header and the first row keep with the second.
    def kept(count: int) -> list[bool]:
        table = Table(
            header=((Text("Word"),), (Text("What it means"),)),
            rows=tuple(((Text(f"Word {n}"),), (Text("A meaning."),)) for n in range(count)),
        )
        blocks = (table, PageBreak(), Paragraph((Text("Next section."),)))
        doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
        rows = doc.tables[-1].rows
        return [bool(r.cells[0].paragraphs[0].paragraph_format.keep_with_next) for r in rows]

    assert kept(30)[:3] == [True, True, False]
    assert kept(30)[-2:] == [True, False]  # and the last row never goes on alone


def test_a_box_asking_for_writing_keeps_with_its_lines(ks1_document: Document) -> None:
    # The staff guide's DSL box ended a page in Word and its writing lines opened the next.
    box = Callout(
        "key",
        "Your Designated Safeguarding Lead",
        (Paragraph((Text("Write in their name and where to find them."),)),),
    )
    blocks = (box, WriteSpace("lines", 3, ""), Paragraph((Text("Call 999."),)))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    in_box = [p for row in doc.tables[-1].rows for c in row.cells for p in c.paragraphs]
    assert in_box and all(p.paragraph_format.keep_with_next for p in in_box)
    after_box = doc.tables[-1]._tbl.getnext()  # the spacer between the box and its lines
    assert after_box.pPr is not None and after_box.pPr.keepNext is not None


def test_a_table_of_a_few_long_rows_stays_whole(ks1_document: Document) -> None:
    # A guide's five-row table of lessons by key stage parted in Word before its last two
    # rows, which stood alone on a page the next chapter ended early.
    rows = tuple(
        ((Text(f"Key Stage {n}"),), (Text("Good friends, online and offline; " * 5),))
        for n in range(1, 6)
    )
    table = Table(header=((Text("Key stage"),), (Text("Lessons"),)), rows=rows)
    blocks = (table, PageBreak(), Paragraph((Text("Where to get help"),)))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    keeps = [
        all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
        for row in doc.tables[-1].rows
    ]
    assert keeps == [True] * 5 + [False]


def test_a_bold_line_in_the_body_is_a_minor_heading(ks1_document: Document) -> None:
    # "Questions pupils may ask" set each question in direct bold on Normal: missing from
    # Word's navigation pane, and not restyled with the headings.
    def bold(text: str) -> Paragraph:
        return Paragraph((Strong((Text(text),)),))

    answer = Paragraph((Text("No. It can happen online or face to face."),))
    blocks = (
        Heading(1, (Text("What to do"),), "what"),
        bold("If a child is in danger now, call 999."),  # emphasis under a chapter: no heading
        Heading(2, (Text("Questions pupils may ask"),), "questions"),
        bold("Does grooming only happen online?"),
        answer,
        bold("Call 999 if someone is in danger now."),  # a sentence in bold: emphasis
        bold('Practise saying "Stop."'),  # so is one ending in a quotation
        bold("You will need:"),  # and a label
        Heading(3, (Text("Lesson 1"),), "lesson-1"),
        bold("Getting ready"),
        answer,
        Callout("note", "Before the lesson", (bold("Agree it with the DSL"), answer)),
        Letter((bold("Keeping safe lessons in Key Stage 2"), answer)),
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    styles = {p.text: p for p in doc.paragraphs}
    # One level below the heading above it, so a screen reader's list of headings skips none.
    question = styles["Does grooming only happen online?"]
    assert question.style.name == "Heading 3"
    assert not any(run.bold for run in question.runs)  # bold from the style, not the run
    assert styles["Getting ready"].style.name == "Heading 4"
    for sentence in (
        "If a child is in danger now, call 999.",
        "Call 999 if someone is in danger now.",
        'Practise saying "Stop."',
        "You will need:",
    ):
        assert styles[sentence].style.name == "Normal" and all(
            r.bold for r in styles[sentence].runs
        )
        assert styles[sentence].paragraph_format.keep_with_next
    letter_line = styles["Keeping safe lessons in Key Stage 2"]
    assert letter_line.style.name == "Normal" and all(r.bold for r in letter_line.runs)
    boxed = [p for c in doc.tables[-1]._cells for p in c.paragraphs if p.text.startswith("Agree")]
    assert boxed and all(p.style.name != "Heading 4" for p in boxed)


def test_an_activitys_aim_has_a_style_of_its_own(ks1_document: Document) -> None:
    # Each activity's aim was Normal text in direct italics: restyling them meant 24 edits.
    aim = Paragraph((Emphasis((Text("Pupils sort statements into myths and facts."),)),))
    blocks = (
        Heading(3, (Text("Starter: Myth or fact?"),), "starter"),
        aim,
        Paragraph((Text("Read the statements aloud."),)),
        aim,  # the same words not under a heading: left as they are
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    found = [p for p in doc.paragraphs if p.text.startswith("Pupils sort")]
    assert [p.style.name for p in found] == ["Activity Aim", "Normal"]
    assert found[0].style.font.italic and not any(r.italic for r in found[0].runs)
    assert found[0].style.paragraph_format.keep_with_next


def test_tables_take_their_colours_from_a_table_style(ks1_document: Document) -> None:
    # Shading set cell by cell left a row a teacher added without its stripe, and a new colour
    # meant editing every table: the header colour and stripes are the table style's.
    rows = tuple(((Text(f"word {n}"),), (Text("what it means"),)) for n in range(4))
    headed = Table(header=((Text("Word"),), (Text("What it means"),)), rows=rows)
    plain = Table(header=((Text(""),), (Text(""),)), rows=rows)
    document = dataclasses.replace(ks1_document, blocks=(headed, plain))
    doc = open_docx(io.BytesIO(render_docx(document)))
    style = doc.styles["Pack Table"]
    fills = {
        node.get(qn("w:type")): node.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
        for node in style.element.findall(qn("w:tblStylePr"))
    }
    assert fills == {
        "firstRow": ks1_document.theme.primary.lstrip("#").upper(),
        "band2Horz": "F4F4F7",
    }
    looks = []
    for table in doc.tables[-2:]:
        assert table.style.name == "Pack Table"
        assert not table._tbl.xpath(".//w:tcPr/w:shd")  # no cell coloured by hand
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        looks.append((look.get(qn("w:firstRow")), look.get(qn("w:noHBand"))))
    assert looks == [("1", "0"), ("0", "0")]  # the header's look only where there is a header


def test_each_kind_of_box_takes_its_colours_from_a_table_style(ks1_docx: bytes) -> None:
    # Boxes coloured cell by cell could only be recoloured one by one; with a style for each
    # kind, changing "Safeguarding Box" in Word changes every safeguarding box in the pack.
    doc = open_docx(io.BytesIO(ks1_docx))
    boxes = [t for t in doc.tables if _is_box(t)]
    kinds = {t.style.name for t in boxes}
    assert (
        {"Safeguarding Box", "Note Box", "Question Box"}
        <= kinds
        <= {"Safeguarding Box", "Note Box", "Tip Box", "Question Box", "Key Box"}
    )
    for table in boxes:
        assert not table._tbl.xpath(".//w:tcPr/w:shd | .//w:tcPr/w:tcBorders")  # none by hand
        # A screen reader announces a table: its caption says which box it is.
        (caption,) = table._tbl.tblPr.findall(qn("w:tblCaption"))
        title = table.rows[0].cells[0].text
        assert caption.get(qn("w:val")) == f"{table.style.name.removesuffix(' Box')} box: {title}"

    def look(name: str) -> tuple[str, str]:
        style = doc.styles[name].element
        fill = style.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
        bar = style.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:left')}")
        return fill, bar.get(qn("w:color"))

    # The brand's fills, and the bar: violet, but amber on the key-points box.
    assert look("Safeguarding Box") == ("FBEAEA", "4B2A7B")
    assert look("Key Box") == ("FFF4D6", "F4B400")


def test_a_story_read_aloud_is_kept_on_one_page_in_word(ks1_document: Document) -> None:
    # As in the PDF: a box read aloud up to about half a page never splits; notes as long may.
    parts = ListBlock(
        False,
        tuple(
            (Paragraph((Text(f"Part {n}: Kit goes to the pool with Dad and packs a towel."),)),)
            for n in range(9)
        ),
    )

    def unsplit(kind: str) -> bool:
        box = Callout(kind, "The story: read it aloud", (parts,))
        document = dataclasses.replace(ks1_document, blocks=(box,))
        doc = open_docx(io.BytesIO(render_docx(document)))
        return bool(doc.tables[-1].rows[1]._tr.xpath("./w:trPr/w:cantSplit"))

    assert unsplit("question") and not unsplit("note")


def test_a_short_box_of_short_lines_stays_whole_in_large_print(ks1_document: Document) -> None:
    # The DSL's box (name and place, phone, email, deputy) parted over two pages in large
    # print: counted in characters, each short line cost a whole line's worth.
    dsl = (
        Paragraph((Text("Ms J Patel, Designated Safeguarding Lead, the Pastoral Office"),)),
        ListBlock(
            False,
            tuple(
                (Paragraph((Text(line),)),)
                for line in (
                    "Phone: 01782 555123",
                    "Email: dsl@oakfield.example",
                    "Deputy: Mr R Shah",
                )
            ),
        ),
    )
    long_note = tuple(
        Paragraph((Text("A teacher reads this note before the lesson and plans for it. " * 6),))
        for _ in range(4)
    )

    def unsplit(blocks: tuple[Block, ...]) -> bool:
        theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
        box = Callout("key", "Who to tell", blocks)
        document = dataclasses.replace(ks1_document, theme=theme, blocks=(box,))
        doc = open_docx(io.BytesIO(render_docx(document)))
        return bool(doc.tables[-1].rows[1]._tr.xpath("./w:trPr/w:cantSplit"))

    assert unsplit(dsl)
    assert not unsplit(long_note)  # a box of half a page may still part


def _follow_up(items: int, words: str) -> tuple[Block, ...]:
    listed = tuple((Paragraph((Text(f"{words} {n}."),)),) for n in range(items))
    return (
        Paragraph((Text("The lesson before."),)),
        Heading(2, (Text("Follow-up"),), "follow-up"),
        ListBlock(False, listed),
        PageBreak(),
        Heading(1, (Text("Next lesson"),), "next"),
    )


def _keeps(doc: object, start: str, stop: str) -> list[bool]:
    texts = [(p.text, p.paragraph_format.keep_with_next) for p in doc.paragraphs]  # type: ignore[attr-defined]
    first = next(i for i, (t, _) in enumerate(texts) if t.startswith(start))
    last = next(i for i, (t, _) in enumerate(texts) if t.startswith(stop))
    return [bool(keep) for _, keep in texts[first : last + 1]]


def test_a_short_last_section_before_a_page_break_is_kept_whole(ks1_document: Document) -> None:
    # Word moves the heading and every item together, rather than leave the heading and the
    # first item at the foot of a page and the rest alone on the next.
    blocks = _follow_up(3, "Send the letter home")
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    assert _keeps(doc, "Follow-up", "Send the letter home 2") == [True, True, True, False]
    assert _keeps(doc, "The lesson before", "The lesson before") == [False]


def test_a_long_last_section_may_split(ks1_document: Document) -> None:
    blocks = _follow_up(
        40, "A long item that goes on for a good while, as long items do, twice over"
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    keeps = _keeps(
        doc,
        "Follow-up",
        "A long item that goes on for a good while, as long items do, twice over 39",
    )
    # The heading keeps with its first item through its style; the first item keeps with the
    # second and the last two keep together (a list never leaves either end alone), and
    # nothing else holds the list together.
    assert keeps[1] and not any(keeps[2:-2]) and keeps[-2:] == [True, False]


def test_a_tables_last_row_keeps_the_row_before_it(ks1_document: Document) -> None:
    def keeps(count: int) -> list[bool]:
        rows = tuple(((Text(f"Lesson {n}"),), (Text("Being safe."),)) for n in range(count))
        table = Table(header=((Text("Lesson"),), (Text("Outcomes"),)), rows=rows)
        document = dataclasses.replace(ks1_document, blocks=(table,))
        doc = open_docx(io.BytesIO(render_docx(document)))
        return [
            all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            for row in doc.tables[-1].rows
        ]

    # The header and first row keep with the second; the last two rows keep together.
    assert keeps(12) == [True, True] + [False] * 9 + [True, False]
    assert keeps(5) == [True] * 5 + [False]  # a short table stays whole

    def keeps_whole_facts() -> list[bool]:
        facts = tuple(((Text("A long fact. " * 30),), (Text("Its source"),)) for _ in range(6))
        table = Table(header=((Text("Fact"),), (Text("Source"),)), rows=facts, whole=True)
        document = dataclasses.replace(ks1_document, blocks=(table,))
        doc = open_docx(io.BytesIO(render_docx(document)))
        return [
            all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            for row in doc.tables[-1].rows
        ]

    # Too much text to count as short, but marked whole (the key facts): kept on one page.
    assert keeps_whole_facts() == [True] * 6 + [False]


def test_large_print_stacks_wide_tables_as_the_pdf_does(ks1_document: Document) -> None:
    header = tuple((Text(h),) for h in ("Service", "Contact", "Who it is for", "When"))
    row = (
        (Text("Police (non-emergency)"),),
        (Text("101"),),
        (Text("concerns to report to the police that are not an emergency"),),
        (Text("24 hours a day, every day. Free."),),
    )
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    large = dataclasses.replace(ks1_document, theme=theme, blocks=(Table(header, (row,)),))
    doc = open_docx(io.BytesIO(render_docx(large)))
    (table,) = doc.tables
    assert len(table.columns) == 1
    assert table.cell(0, 0).text.startswith("Police (non-emergency)\nContact: 101\nWho it is for:")
    assert doc.styles["Table Text"].font.size.pt == 16


def test_tables_have_light_rules_between_rows_and_room_in_their_cells(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    table = next(t for t in doc.tables if len(t.columns) > 1)  # not the cover's band
    assert table.style.name == "Pack Table"  # its rules and margins are the style's
    properties = table.style.element.find(qn("w:tblPr"))
    borders = properties.find(qn("w:tblBorders"))
    edges = {child.tag.split("}")[1]: child for child in borders}
    assert edges["insideH"].get(qn("w:color")) == "C8C8D0"  # not Table Grid's black
    assert edges["insideV"].get(qn("w:val")) == "nil" and edges["left"].get(qn("w:val")) == "nil"
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is None  # nothing set on the table
    margins = properties.find(qn("w:tblCellMar"))
    assert {child.tag.split("}")[1] for child in margins} == {"top", "left", "bottom", "right"}


def test_the_page_number_and_logo_sit_at_the_right_margin(ks1_docx: bytes) -> None:
    doc = open_docx(io.BytesIO(ks1_docx))
    footer = doc.sections[0].footer.paragraphs[-1]
    assert "\tPage 1 of 1" in footer.text  # a tab, to the one stop at the right margin
    stops = doc.styles["Footer"].paragraph_format.tab_stops
    assert [(round(t.position.mm), t.alignment) for t in stops] == [(174, WD_TAB_ALIGNMENT.RIGHT)]


def test_a_large_print_cover_is_set_smaller_to_stay_one_page(ks1_document: Document) -> None:
    cover = next(b for b in ks1_document.blocks if isinstance(b, Cover))
    items = tuple(
        (Paragraph((Text(f"Lesson {n}: a long lesson title (Years 3–6)"),)),) for n in range(8)
    )
    long_cover = dataclasses.replace(cover, blocks=(*cover.blocks, ListBlock(True, items)))
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)

    def sizes(document: Document) -> set[float]:
        doc = open_docx(io.BytesIO(render_docx(document)))
        return {r.font.size.pt for p in doc.paragraphs for r in p.runs if r.font.size is not None}

    normal = dataclasses.replace(ks1_document, blocks=(long_cover,))
    large = dataclasses.replace(normal, theme=theme)
    assert sizes(normal) == set()  # a cover that fits keeps its styles' sizes
    assert sizes(large) and max(sizes(large)) < 16 * 30 / 11  # the title too


def test_a_large_print_cover_keeps_its_text_at_the_body_size_when_the_title_can_give_way(
    ks1_document: Document,
) -> None:
    # The large-print cover's lesson list and "Prepared for" line were set at 13 pt in Word
    # (16 pt in the PDF), breaking large print's promise on the first page.
    cover = next(b for b in ks1_document.blocks if isinstance(b, Cover))
    items = tuple(
        (Paragraph((Text(f"Lesson {n}: a long lesson title (Years 3–6)"),)),) for n in range(6)
    )
    fuller = dataclasses.replace(cover, blocks=(*cover.blocks, ListBlock(True, items)))
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    large = dataclasses.replace(ks1_document, blocks=(fuller,), theme=theme)
    doc = open_docx(io.BytesIO(render_docx(large)))
    band = doc.tables[0].cell(0, 0).paragraphs  # the cover's coloured band
    title = [r.font.size.pt for p in band if p.style.name == "Title" for r in p.runs if r.font.size]
    below = [p for p in doc.paragraphs if p.style.name in {"Normal", "List Number"}]
    sized = [r.font.size.pt for p in below for r in p.runs if r.font.size and r.text.strip()]
    assert title and max(title) < 16 * 30 / 11  # the title gave way …
    assert sized and min(sized) >= 16  # … so the text a reader reads stays large


def test_a_large_print_covers_small_print_is_measured_at_its_own_size(
    ks1_document: Document,
) -> None:
    # A coordinator's large-print Key Stage 3 cover came out at 12 pt in Word (16 pt in the
    # PDF): its small print, counted at the body's size, seemed to need a third of the page.
    cover = next(b for b in ks1_document.blocks if isinstance(b, Cover))
    titles = ("Healthy relationships, power and control", "Grooming – how it works")
    items = tuple(
        (Paragraph((Text(f"{titles[n % 2]} (Years 7–9, 50 minutes)"),)),) for n in range(4)
    )
    small = Paragraph(
        (
            Text(
                "From the Know About CSE campaign of the Staffordshire and Stoke-on-Trent "
                "Safeguarding Children Boards. Version 1.0, content reviewed 28 November 2026; "
                "helpline numbers checked 28 November 2026. Next review due 1 September 2027. "
                "www.knowaboutcse.co.uk"
            ),
        ),
        "small",
    )
    fuller = dataclasses.replace(cover, blocks=(*cover.blocks, ListBlock(True, items), small))
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    doc = open_docx(
        io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(fuller,), theme=theme)))
    )
    listed = [p for p in doc.paragraphs if p.style.name == "List Number"]
    sized = [r.font.size.pt for p in listed for r in p.runs if r.font.size and r.text.strip()]
    assert len(listed) >= 4 and sized and min(sized) >= 16


@pytest.mark.parametrize("fits", [3, 2])
def test_a_large_print_covers_small_print_is_16_pt_unless_the_cover_needs_its_room(
    ks1_document: Document, monkeypatch: pytest.MonkeyPatch, fits: int
) -> None:
    # Large print sets the cover's small print at the body's 16 pt; a cover that fits only
    # with it at its normal-print share (13.1 pt) must get that size even at full scale, or
    # Word is handed a cover taller than it was measured.
    from cse_lessonpack.render import docx as docx_renderer

    def measured(self: object, cover: Cover, floored: int) -> float | None:
        return 1.0 if floored <= fits else None

    monkeypatch.setattr(docx_renderer._Writer, "_cover_scale", measured)
    cover = next(b for b in ks1_document.blocks if isinstance(b, Cover))
    small = Paragraph((Text("Credits written for this test."),), "small")
    fuller = dataclasses.replace(cover, blocks=(*cover.blocks, small))
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    doc = open_docx(
        io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(fuller,), theme=theme)))
    )
    (credit,) = [p for p in doc.paragraphs if p.text == "Credits written for this test."]
    sizes = {(r.font.size or credit.style.font.size).pt for r in credit.runs}
    assert sizes == ({16.0} if fits == 3 else {13.0})


def test_a_large_print_cover_too_full_for_its_page_puts_its_key_points_on_the_next(
    ks1_document: Document,
) -> None:
    # A large-print staff briefing's cover came out at 12 pt in Word to stay one page. Now the
    # key points' box and what follows it open the next page, and the cover stays at 16 pt.
    cover = next(b for b in ks1_document.blocks if isinstance(b, Cover))
    intro = Paragraph(
        (Text("This briefing is for everyone who works with pupils, and says what to do. " * 5),),
        "lead",
    )
    points = ListBlock(
        False, tuple((Paragraph((Text(f"Key point {n}, said in full."),)),) for n in range(6))
    )
    box = Callout("key", "The essentials", (points,))
    danger = Paragraph((Text("If a child is in immediate danger, call 999."),))
    small = Paragraph((Text("Credits written for this test."),), "small")
    fuller = dataclasses.replace(cover, blocks=(intro, intro, box, danger, small))
    theme = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    after = Paragraph((Text("Contents follow."),))
    large = dataclasses.replace(ks1_document, blocks=(fuller, after), theme=theme)
    doc = open_docx(io.BytesIO(render_docx(large)))
    body = list(doc.element.body)
    boxes = [t for t in doc.tables[1:] if "The essentials" in t.cell(0, 0).text]
    assert len(boxes) == 1
    before = body[body.index(boxes[0]._tbl) - 1]
    assert before.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None  # a new page
    texts = [DocxParagraph(p, doc) for p in body if p.tag == qn("w:p")]
    follows = next(p for p in texts if p.text == "Contents follow.")
    assert follows.paragraph_format.page_break_before  # and the next section after them
    for paragraph in texts:
        if paragraph.text.strip() and "campaign" not in paragraph.text:
            sizes = {r.font.size.pt for r in paragraph.runs if r.font.size is not None}
            assert not sizes or min(sizes) >= 16, paragraph.text


def test_a_short_list_stays_whole_and_a_long_one_keeps_its_first_and_last_two_items(
    ks1_document: Document,
) -> None:
    def keeps(count: int) -> list[bool]:
        items = tuple((Paragraph((Text(f"Item {n}."),)),) for n in range(count))
        blocks = (
            Paragraph((Text("Before."),)),
            ListBlock(False, items),
            Paragraph((Text("After."),)),
        )
        doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
        return _keeps(doc, "Item 0.", f"Item {count - 1}.")

    assert keeps(3) == [True, True, False]  # Support, Stretch, SEND: never split
    # The first item keeps with the second, and the last two together: neither end alone.
    assert keeps(6) == [True, False, False, False, True, False]


def test_no_empty_line_after_a_table_starts_a_page_before_a_page_break(
    ks1_document: Document,
) -> None:
    # After a table that filled its page, the empty spacer line had a page of its own.
    table = Table(((Text("Fact"),), (Text("Source"),)), (((Text("A"),), (Text("B"),)),))
    blocks = (table, PageBreak(), Heading(1, (Text("Lesson 1"),), "l1"))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    body = list(doc.element.body)
    table_at = next(i for i, e in enumerate(body) if e.tag == qn("w:tbl"))
    following = doc.paragraphs[-1]
    assert body[table_at + 1] is following._p and following.text == "Lesson 1"
    assert following.paragraph_format.page_break_before


def test_a_line_leading_into_a_list_keeps_with_it(ks1_document: Document) -> None:
    lead = Paragraph((Text("If you are worried about a child, you can get free advice from:"),))
    items = tuple((Paragraph((Text(f"Service {n}."),)),) for n in range(5))
    blocks = (lead, ListBlock(False, items), Paragraph((Text("Yours faithfully,"),)))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    assert _keeps(doc, "If you are worried", "If you are worried") == [True]
    assert doc.styles["Normal"].paragraph_format.widow_control is True


def test_a_long_school_name_has_a_footer_line_of_its_own(ks1_document: Document) -> None:
    name = "St Bartholomew's Church of England Voluntary Aided Primary and Nursery School"
    meta = dataclasses.replace(
        ks1_document.meta, footer=f"{name} · Know the signs. Report it. www.knowaboutcse.co.uk"
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, meta=meta))))
    footer = doc.sections[0].footer.paragraphs[-1].text
    assert footer.startswith(f"{name}\nKnow the signs. Report it. www.knowaboutcse.co.uk\tPage ")


def test_a_worksheets_page_number_is_where_printers_print(ks1_docx: bytes) -> None:
    # At about 5 mm from the paper's edge it sat where many printers cannot print; the
    # teacher pages' footer is 8 mm from it.
    doc = open_docx(io.BytesIO(ks1_docx))
    sheets = [s for s in doc.sections if "Pupil worksheet" in s.header.paragraphs[0].text]
    assert sheets and all(s.footer_distance.mm >= 6.5 for s in sheets)


def test_a_long_school_name_alone_in_a_worksheet_footer_is_set_smaller(
    ks1_document: Document,
) -> None:
    # A worksheet's footer is the school's name alone (no campaign words to move to a line of
    # their own): at full size a long one ran into the page number, which wrapped.
    name = "St Bartholomew's Church of England Multi-Academy Trust Primary and Secondary School"
    meta = dataclasses.replace(ks1_document.meta, sheet_footer=name)
    large = dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20)
    help_ = (Paragraph((Text("Need help? Childline: 0800 1111"),)),)
    sheet = Worksheet("Cards", "cards", (Paragraph((Text("A sheet."),)),), help_)
    short = dataclasses.replace(ks1_document, theme=large, blocks=(sheet,))
    oakfield = dataclasses.replace(ks1_document.meta, sheet_footer="Oakfield Academy")
    for document, smaller in (
        (dataclasses.replace(short, meta=meta), True),
        (dataclasses.replace(short, meta=oakfield), False),
    ):
        doc = open_docx(io.BytesIO(render_docx(document)))
        (section,) = [s for s in doc.sections if "Pupil worksheet" in s.header.paragraphs[0].text]
        footer_words = document.meta.worksheet_footer
        (words,) = [r for r in section.footer.paragraphs[-1].runs if r.text == footer_words]
        assert (words.font.size is not None) == smaller
        if smaller:
            footer = doc.styles["Footer"].font.size.pt
            assert footer - 2 <= words.font.size.pt < footer


def test_a_worksheet_table_with_empty_cells_has_boxes_to_tick(ks1_document: Document) -> None:
    rows = (((Text("He has a new phone."),), (Text(""),), (Text(""),)),)
    table = Table(
        ((Text("What Hana notices"),), (Text("Ordinary"),), (Text("Possible sign"),)), rows
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(table,)))))
    borders = doc.tables[-1]._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {child.tag.split("}")[1]: child for child in borders}
    assert edges["insideV"].get(qn("w:val")) == "single" == edges["left"].get(qn("w:val"))
    # As dark as the writing lines: a pale grey grid (1.7:1 on white) was lost to low vision.
    assert {e.get(qn("w:color")) for e in edges.values()} == {"4A4A4A"}
    assert {e.get(qn("w:sz")) for e in edges.values()} == {"6"}  # three quarters of a point


def test_a_letters_last_line_and_sign_off_stay_with_the_signature_lines(
    ks1_document: Document,
) -> None:
    # Word kept only the line just before a writing space with it: "Yours faithfully," and the
    # signature lines could start a page with nothing of the letter above them.
    blocks = (
        Paragraph((Text("A long letter ends here."),)),
        Paragraph((Text("If a child is in immediate danger, call 999."),)),
        Paragraph((Text("Yours faithfully,"),)),
        WriteSpace("lines", 2, "Signed, and name"),
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    assert _keeps(doc, "A long letter", "Yours faithfully") == [True, True, True]


def test_a_letters_services_and_sign_off_are_kept_on_one_page(ks1_document: Document) -> None:
    # In large print Word put "Yours faithfully" and the lines to sign on a last page of their
    # own: from the line leading into the services to the sign-off, each keeps with the next.
    item = (Paragraph((Text("A service and its number"),)),)
    letter = Letter(
        (
            Paragraph((Text("Dear parent or carer,"),)),
            Paragraph((Text("A list inside the letter:"),)),
            ListBlock(False, (item,)),
            Paragraph((Text("The middle of the letter."),)),
            Paragraph((Text("These services can help you or your child:"),)),
            ListBlock(False, (item, item)),
            Paragraph((Text("If a child is in immediate danger, call 999."),)),
            Paragraph((Text("Yours faithfully,"),)),
            WriteSpace("lines", 1, "Signed"),
        )
    )
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(letter,)))))
    assert _keeps(doc, "These services", "Yours faithfully") == [True] * 5
    # What comes before the services is free to break, as Word would (a list's lead-in line
    # keeps with its list anywhere).
    assert _keeps(doc, "Dear parent", "The middle") == [False, True, False, False]


def test_large_type_lists_line_up_their_wrapped_lines_with_the_first(
    ks1_document: Document, tmp_path: Path
) -> None:
    # The number's tab and the text's indent must be the same place: with the paragraph alone
    # indented, the first line's text started at the style's quarter inch and the wrapped lines
    # further right.
    words = (Paragraph((Text("A long item that wraps onto a second line. " * 4),)),)
    theme = dataclasses.replace(ks1_document.theme, body_size=16)
    blocks = (ListBlock(True, (words, words)), ListBlock(False, (words, words)))
    data = render_docx(dataclasses.replace(ks1_document, theme=theme, blocks=blocks))
    doc = open_docx(io.BytesIO(data))
    numbering = doc.part.numbering_part.element
    listed = [p for p in doc.paragraphs if p.style.name in ("List Number", "List Bullet")]
    assert len(listed) == 4
    for paragraph in listed:
        num_id = paragraph._p.pPr.numPr.numId.val
        (abstract,) = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        lvl = f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[1]/w:pPr'
        (tab,) = numbering.xpath(f"{lvl}/w:tabs/w:tab/@w:pos")
        (left,) = numbering.xpath(f"{lvl}/w:ind/@w:left")
        (hanging,) = numbering.xpath(f"{lvl}/w:ind/@w:hanging")
        assert int(tab) == int(left) == int(hanging) >= 16 * 1.6 * 20  # twips
    # A second paragraph of an item sits under the item's text.
    more = (Paragraph((Text("First."),)), Paragraph((Text("More about the first."),)))
    data = render_docx(
        dataclasses.replace(ks1_document, theme=theme, blocks=(ListBlock(False, (more,)),))
    )
    (continued,) = [
        p for p in open_docx(io.BytesIO(data)).paragraphs if p.style.name == "List Continue"
    ]
    assert continued.paragraph_format.left_indent == round(16 * 1.6 * 20) * 635  # EMU per twip
    # Numbered lists still start again at 1; the definitions stay valid (abstracts first).
    tags = [child.tag.rsplit("}", 1)[1] for child in numbering]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


def test_cut_out_cards_are_a_grid_of_dashed_boxes(ks1_document: Document) -> None:
    # Cards printed as full-width table rows with faint hairlines were fiddly to cut and faded
    # on a school copier: each card is its own dashed box, three to a row here.
    cards = tuple((((Text(f"Card {n}"),),)) for n in range(7))
    table = Table(((Text("Behaviour cards"),),), cards, cards=3)
    sheet = Worksheet("Cards", "cards", (table,))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,)))))
    (grid,) = doc.tables
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    assert rows[0] == ["Behaviour cards"] * 3  # the title spans the row
    assert rows[1:] == [
        ["Card 0", "Card 1", "Card 2"],
        ["Card 3", "Card 4", "Card 5"],
        ["Card 6", "", ""],
    ]
    for row in grid.rows[1:]:
        for cell in row.cells:
            edges = cell._tc.xpath("./w:tcPr/w:tcBorders/*")
            values = {e.get(qn("w:val")) for e in edges}
            assert values == ({"dashed"} if cell.text else {"nil"}), cell.text


def test_signs_for_the_room_are_half_page_dashed_boxes_in_large_type(
    ks1_document: Document,
) -> None:
    signs = Signs(
        (
            (Text("True"),),
            (Text("Disagree"),),
            (Text("Tell"), LineBreak(), Text("A secret that worries.")),
        )
    )
    sheet = Worksheet("Room signs", "signs", (signs,))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,)))))
    assert len(doc.tables) == 3  # a box each, to cut apart
    for table in doc.tables:
        (row,) = table.rows
        height = row._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        # At least, not exactly, half a page: an exact row clips what it cannot hold, and a
        # large-print sign's last line was cut off in LibreOffice.
        assert height.get(qn("w:hRule")) == "atLeast"
        assert int(height.get(qn("w:val"))) > 100 * 56.7  # over 10 cm: two to a page
        edges = row.cells[0]._tc.xpath("./w:tcPr/w:tcBorders/*")
        assert {e.get(qn("w:val")) for e in edges} == {"dashed"}
    word, meaning = doc.tables[2].rows[0].cells[0].paragraphs
    assert word.text == "Tell" and meaning.text == "A secret that worries."
    # One size for the set, as in the PDF.
    first = doc.tables[0].rows[0].cells[0].paragraphs[0]
    assert first.runs[0].font.size == word.runs[0].font.size
    assert word.runs[0].font.size.pt > 70  # read from across the room
    assert word.runs[0].font.size.pt > meaning.runs[0].font.size.pt * 2


def test_two_large_print_signs_fit_a_page_above_its_help_box(ks1_document: Document) -> None:
    # Large print's taller help box left less than two 110 mm signs need: LibreOffice put each
    # sign on a page of its own (9 pages for 9 signs in the KS2 pack), though the sheets say
    # "two to a page". There, the help box's words began 248.8 mm down the page (measured in
    # its PDF), so the page's body ended about 246 mm down and began at the 22 mm margin.
    help_box = (
        Paragraph(
            (
                Strong((Text("Need help?"),)),
                Text(
                    " If anything worries you, talk to an adult you trust, at school or at home."
                    " If they do not help, keep telling other adults until someone does."
                ),
            )
        ),
        Paragraph((Strong((Text("Childline: 0800 1111"),)), Text(" (free, any time)"))),
    )
    signs = Signs(((Text("True"),), (Text("False"),)))

    def heights_mm(large: bool) -> list[float]:
        theme = ks1_document.theme
        if large:
            theme = dataclasses.replace(theme, body_size=16, worksheet_size=20)
        sheet = Worksheet("Signs", "signs", (signs,), help=help_box)
        document = dataclasses.replace(ks1_document, theme=theme, blocks=(sheet,))
        doc = open_docx(io.BytesIO(render_docx(document)))
        return [
            int(t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}").get(qn("w:val"))) / 56.7
            for t in doc.tables
            if t.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") is not None
        ]

    large = heights_mm(True)
    assert len(large) == 2
    assert sum(large) + 6 <= 246 - 22 - 1  # the gap between them, and a millimetre to spare
    assert all(h > 100 for h in large)  # still half a page
    assert heights_mm(False) == [pytest.approx(110, abs=0.1)] * 2  # unchanged in normal print


def test_a_card_that_marks_words_bold_sets_the_rest_in_regular_type(
    ks1_document: Document,
) -> None:
    card = (
        Strong((Text("MY HELP CARD"),)),
        LineBreak(),
        Text("My trusted adult:"),
        LineBreak(),
        Text("_" * 12),
    )
    table = Table(((),), ((card,), ((Text("Not OK"),),)), cards=2)
    sheet = Worksheet("Cards", "cards", (table,))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,)))))
    marked, plain = (cell.paragraphs[0] for cell in doc.tables[0].rows[0].cells)
    weights = {run.text: run.bold for run in marked.runs if run.text}
    assert weights["MY HELP CARD"] is True
    assert weights["My trusted adult:"] is False
    assert all(run.bold is None for run in plain.runs)  # the style's bold, unchanged
    # The line to write on is lengthened to the card's width (about 80 mm at 2 a row).
    (rule,) = [text for text in weights if text.startswith("_")]
    assert set(rule) == {"_"} and len(rule) > 24


def test_a_card_set_with_a_word_too_wide_for_a_card_is_set_smaller(
    ks1_document: Document,
) -> None:
    # Large print's KS2 word mat broke "embarrassed" as "embarrasse / d" in Word, too.
    from cse_lessonpack.render.docx import CARD_PAD_PT, CONTENT_WIDTH_MM

    def sizes(words: tuple[str, ...], large: bool) -> set[float | None]:
        rows = tuple(((Text(w),),) for w in words)
        sheet = Worksheet("Words", "words", (Table(((Text("Words"),),), rows, cards=3),))
        theme = ks1_document.theme
        if large:
            theme = dataclasses.replace(theme, body_size=16.0, worksheet_size=20.0)
        document = dataclasses.replace(ks1_document, blocks=(sheet,), theme=theme)
        doc = open_docx(io.BytesIO(render_docx(document)))
        return {
            run.font.size.pt if run.font.size else None
            for row in doc.tables[0].rows[1:]
            for cell in row.cells
            for run in cell.paragraphs[0].runs
        }

    (size,) = sizes(("happy", "embarrassed", "worried"), large=True)
    assert size is not None
    inner_pt = (CONTENT_WIDTH_MM / 3) * 72 / 25.4 - 2 * CARD_PAD_PT
    from reportlab.pdfbase import pdfmetrics

    from cse_lessonpack import fonts

    fonts.register("atkinson-hyperlegible")
    face = fonts.face_name("atkinson-hyperlegible", "bold")
    assert pdfmetrics.stringWidth("embarrassed", face, size) < inner_pt
    assert sizes(("happy", "safe", "proud"), large=True) == {None}  # the style's size
    # A card's link is set at the set's size too (python-docx's runs leave a link's out).
    rows = (
        ((Text("embarrassed"),),),
        ((Link("https://www.childline.org.uk", (Text("Childline"),)),),),
    )
    sheet = Worksheet("Words", "words", (Table(((Text("Words"),),), rows, cards=3),))
    theme = dataclasses.replace(ks1_document.theme, body_size=16.0, worksheet_size=20.0)
    doc = open_docx(
        io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,), theme=theme)))
    )
    link = doc.tables[0].rows[1].cells[1].paragraphs[0]._p.xpath("./w:hyperlink/w:r")
    assert link and all(r.find(f"{qn('w:rPr')}/{qn('w:sz')}") is not None for r in link)


def test_a_row_of_pictures_has_no_space_below_it_but_the_rows_gap(ks1_document: Document) -> None:
    # Normal's space after, under each row of face cards as well as the gap between rows, sent
    # large print's third row to a page of its own in LibreOffice ("One page makes three pairs").
    faces = (
        Image("picture:face-happy", "A happy face", 45),
        Image("picture:face-worried", "A worried face", 45),
    )
    sheet = Worksheet("Face cards", "faces", (ImageRow(faces), ImageRow(faces)))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,)))))
    pictures = [cell.paragraphs[0] for table in doc.tables for cell in table.rows[0].cells]
    assert len(pictures) == 4
    assert all(p.paragraph_format.space_after == 0 for p in pictures)


def test_a_worksheets_header_names_it_on_every_page(ks1_document: Document) -> None:
    sheet = Worksheet("My helping hand", "hand", (Paragraph((Text("Draw round your hand."),)),))
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(sheet,)))))
    headers = [s.header.paragraphs[0].text for s in doc.sections]
    sheet_headers = [h for h in headers if h.startswith("Pupil worksheet")]
    assert sheet_headers and all("My helping hand" in h for h in sheet_headers)


def test_a_short_table_set_tall_in_large_print_may_part_between_pages(
    ks1_document: Document,
) -> None:
    # Kept whole, a large-print help card's table took a page of its own and left its heading
    # alone on the page before.
    row = (
        (Text("Report Remove"),),
        (Text("On the Childline website, childline.org.uk"),),
        (Text("Get help to have a nude image of yourself taken down from the internet"),),
    )
    table = Table(((Text("Service"),), (Text("How"),), (Text("What for"),)), (row,) * 3)
    sheet = Worksheet("Help", "help", (table,))

    def kept(document: Document) -> list[bool]:
        doc = open_docx(io.BytesIO(_sheets(document, sheet)))
        rows = doc.tables[0].rows
        return [bool(r.cells[0].paragraphs[0].paragraph_format.keep_with_next) for r in rows]

    assert kept(ks1_document) == [True] * 3 + [False]  # moves on whole, with its heading
    large = dataclasses.replace(
        ks1_document,
        theme=dataclasses.replace(ks1_document.theme, body_size=16, worksheet_size=20),
    )
    assert kept(large) == [False, False, True, False]  # only the last row is never alone


def test_a_worksheets_headings_sit_under_its_title_in_the_navigation_pane(
    ks1_document: Document,
) -> None:
    # Word's navigation pane lists paragraphs by outline level; the PDF's bookmarks put a sheet's
    # own headings under its title, and a teacher looking for "Your story" in Word should see
    # it there too.
    chapter = Heading(1, (Text("Pupil worksheets"),), "sheets")
    sheet = Worksheet(
        "Spot the signs",
        "spot",
        (Heading(3, (Text("Your story"),), "story"), Paragraph((Text("Write it here."),))),
    )
    doc = open_docx(
        io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=(chapter, sheet))))
    )

    def level(paragraph: DocxParagraph) -> int | None:
        style: Any = paragraph.style
        while style is not None:
            found = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if found is not None:
                return int(found.get(qn("w:val")))
            style = style.base_style
        return None

    levels = {p.text: level(p) for p in doc.paragraphs if p.text}
    assert levels["Pupil worksheets"] == 0
    assert levels["Spot the signs"] == 1
    assert levels["Your story"] == 2
    assert levels["Write it here."] is None


def test_the_cover_has_the_campaigns_band_at_its_foot(ks1_docx: bytes) -> None:
    # As the PDF's: the cover's own footer is a brand-coloured band with the strapline and the
    # web address, and no page number.
    doc = open_docx(io.BytesIO(ks1_docx))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    footer = section.first_page_footer
    (band,) = footer.tables
    assert band.cell(0, 0).text == "Know the signs. Report it.\twww.knowaboutcse.co.uk"
    fill = band.cell(0, 0)._tc.xpath("./w:tcPr/w:shd/@w:fill")
    assert fill == ["4B2A7B"]  # the brand's primary colour
    assert "PAGE" not in footer._element.xml


def test_young_pupils_zeros_are_plain_in_word_too(ks1_document: Document) -> None:
    # As in the PDF: the zeros on a young pupil's page (and its help box) are set in a face
    # whose zero has no slash; the adults' pages keep the font's own.
    number = (Paragraph((Strong((Text("Childline 0800 1111"),)),)),)
    sheet = Worksheet("My helping hand", "hand", number, number)
    staff = Paragraph((Text("Staff: call 0800 1111."),))
    theme = dataclasses.replace(ks1_document.theme, sheet_plain_zeros=True)
    document = dataclasses.replace(ks1_document, blocks=(staff, sheet), theme=theme)
    doc = open_docx(io.BytesIO(render_docx(document)))

    def zero_fonts(paragraph: Any) -> set[str | None]:
        return {run.font.name for run in paragraph.runs if "0" in run.text}

    by_text = {p.text: p for p in doc.paragraphs}
    assert zero_fonts(by_text["Staff: call 0800 1111."]) == {None}  # the style's font
    sheet_line = by_text["Childline 0800 1111"]
    assert zero_fonts(sheet_line) == {"Arial"} and sheet_line.text == "Childline 0800 1111"
    footer = doc.sections[-1].footer
    boxed = [p for t in footer.tables for c in t._cells for p in c.paragraphs if "0800" in p.text]
    assert boxed and all(zero_fonts(p) == {"Arial"} for p in boxed)


def test_links_take_the_themes_link_colour(ks1_document: Document) -> None:
    # A school's mid blue reads on white but not on a box's tint: there links are in the text
    # colour, still underlined, and links a teacher adds in Word follow the Hyperlink style.
    theme = dataclasses.replace(ks1_document.theme, primary="#1976D2", link="#1C1C1C")
    document = dataclasses.replace(ks1_document, theme=theme)
    doc = open_docx(io.BytesIO(render_docx(document)))
    link = doc.styles["Hyperlink"].font
    assert str(link.color.rgb) == "1C1C1C" and link.underline


def test_a_schools_logo_sits_on_a_paper_tile_beside_the_campaigns_on_the_cover(
    school_document: Document,
) -> None:
    # As in the PDF: on the band's first line, after a tab to the right margin, as tall as the
    # campaign's logo, on a tile of the paper's colour drawn into its picture. (A table nested
    # in the band took the cover's own header and footer away in LibreOffice.)
    from PIL import Image

    doc = open_docx(io.BytesIO(render_docx(school_document)))
    band = doc.tables[0].cell(0, 0)
    assert not band.tables
    line = band.paragraphs[0]
    names = [d.get("descr") for d in line._p.xpath(".//wp:docPr")]
    assert names == ["Know About CSE logo", "Oakfield Academy logo"]
    assert "\t" in line.text
    assert line.paragraph_format.tab_stops[0].alignment == WD_TAB_ALIGNMENT.RIGHT
    campaign, school = (int(e.get("cy")) for e in line._p.xpath(".//wp:extent"))
    assert school == pytest.approx(campaign, abs=12700)  # within a point
    (blip,) = line._p.xpath(".//a:blip")[1:]
    data = doc.part.related_parts[blip.get(qn("r:embed"))].blob
    with Image.open(io.BytesIO(data)) as tile:
        rgba = tile.convert("RGBA")
    assert rgba.getpixel((0, 0))[3] == 0  # a rounded corner shows the band
    assert rgba.getpixel((4, rgba.height // 2)) == (255, 255, 255, 255)  # paper round the logo
    assert rgba.getpixel((rgba.width // 2, rgba.height // 2))[:3] == (0, 0, 128)  # the crest
    # Nothing of the school's logo is left under the band.
    assert not doc.element.body.xpath("./w:p//wp:docPr[@descr='Oakfield Academy logo']")


def test_a_small_logos_tile_in_word_has_smooth_corners_and_the_campaign_logos_height() -> None:
    # A 48-pixel icon's tile was drawn at the icon's own pixels: stepped corners in print, and
    # rounded to whole pixels it came out 0.45 mm shorter than the campaign's logo beside it.
    from PIL import Image

    from cse_lessonpack.render.docx import _tile

    icon = io.BytesIO()
    Image.new("RGB", (48, 48), "navy").save(icon, format="PNG")
    # The logo 21.7 mm square with 2.5 mm round it, in a tile 26.7 mm tall.
    tile = Image.open(io.BytesIO(_tile(icon.getvalue(), (21.7, 21.7), (26.7, 26.7), "#FFFFFF")))
    rgba = tile.convert("RGBA")
    assert rgba.width >= 600
    assert rgba.height / rgba.width == pytest.approx(26.7 / (21.7 + 5), abs=0.002)
    # Smooth: the corner's edge passes through part-covered pixels, not a staircase of whole ones.
    edge = [rgba.getpixel((x, 3))[3] for x in range(rgba.width // 8)]
    assert any(0 < alpha < 255 for alpha in edge)
    assert rgba.getpixel((rgba.width // 2, rgba.height // 2)) == (0, 0, 128, 255)  # the icon


def test_partners_logos_on_a_cover_keep_their_order_and_a_drawing_gets_its_tile(
    two_partner_document: Document,
) -> None:
    # A partner that is one of the project's drawings crashed the Word renderer (its tile was
    # made from no bytes at all).
    doc = open_docx(io.BytesIO(render_docx(two_partner_document)))
    line = doc.tables[0].cell(0, 0).paragraphs[0]
    names = [d.get("descr") for d in line._p.xpath(".//wp:docPr")]
    assert names == ["Know About CSE logo", "Oakfield Academy logo", "Badge"]


def test_a_tall_narrow_logos_tile_stays_small() -> None:
    # A 20 × 1200 pixel logo's tile, scaled from its width, needed gigabytes and failed.
    from PIL import Image

    from cse_lessonpack.render.docx import TILE_MOST_PX_PER_MM, _tile

    logo = io.BytesIO()
    Image.new("RGB", (20, 1200), "navy").save(logo, format="PNG")
    width = 21.7 / 60
    tile = Image.open(
        io.BytesIO(_tile(logo.getvalue(), (width, 21.7), (width + 5, 26.7), "#FFFFFF"))
    )
    assert tile.height <= 26.7 * TILE_MOST_PX_PER_MM + 1
    assert tile.width <= (width + 5) * TILE_MOST_PX_PER_MM + 1


def test_words_cover_estimate_counts_a_logo_row_as_tall_as_the_campaigns_logo(
    school_document: Document,
) -> None:
    # The cover's text is set smaller in Word only as far as an estimate of its height needs:
    # a row of logos must count as tall as the campaign's logo, or a full cover spills over.
    cover = next(b for b in school_document.blocks if isinstance(b, Cover))
    row = next(b for b in cover.band if isinstance(b, ImageRow))
    lessons = tuple(
        Paragraph((Text(f"Lesson {n}: a long lesson title about keeping safe online"),))
        for n in range(24)
    )

    def lesson_size(band: tuple[Block, ...]) -> float:
        document = dataclasses.replace(school_document, blocks=(Cover(band, lessons),))
        doc = open_docx(io.BytesIO(render_docx(document)))
        found = next(p for p in doc.paragraphs if p.text.startswith("Lesson 3:"))
        return min(r.font.size.pt for r in found.runs if r.font.size is not None)

    alone = tuple(row.images[0] if b is row else b for b in cover.band)
    assert lesson_size(cover.band) == lesson_size(alone) < 11


def test_an_answer_row_on_a_worksheet_is_two_lines_of_the_worksheets_type(
    ks1_document: Document,
) -> None:
    # A KS3 sheet's "Sort the steps" row was about 1 cm high in Word, sized for the teacher
    # pages' type, against about 1.5 cm in the PDF.
    table = Table(((Text("Building trust"),), (Text("Control"),)), (((), ()),))
    sheet = Worksheet("Sort", "sort", (table,))
    teacher = dataclasses.replace(ks1_document, blocks=(table,))
    on_sheet = dataclasses.replace(ks1_document, blocks=(sheet,))

    def answer_row_pt(document: Document) -> float:
        doc = open_docx(io.BytesIO(render_docx(document)))
        height = doc.tables[-1].rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        assert height.get(qn("w:hRule")) == "atLeast"
        return int(height.get(qn("w:val"))) / 20

    theme = ks1_document.theme
    assert answer_row_pt(teacher) == pytest.approx(theme.body_size * 2.6, abs=0.1)
    assert answer_row_pt(on_sheet) == pytest.approx(theme.worksheet_size * 2.6, abs=0.1)
    assert theme.worksheet_size > theme.body_size


def test_each_files_styles_follow_its_own_theme_and_language(ks1_document: Document) -> None:
    # Style sheets are reused between files with the same theme and language: files made one
    # after another, as a batch makes a school's, must each keep their own.
    theme = ks1_document.theme
    purple = dataclasses.replace(ks1_document, theme=dataclasses.replace(theme, heading="#5B2A86"))
    large = dataclasses.replace(
        ks1_document, theme=dataclasses.replace(theme, body_size=16, worksheet_size=20)
    )
    welsh = dataclasses.replace(
        ks1_document, meta=dataclasses.replace(ks1_document.meta, language="cy-GB")
    )

    def looks(data: bytes) -> tuple[str, float, str]:
        doc = open_docx(io.BytesIO(data))
        styles = doc.styles.element
        lang = styles.find(f"{qn('w:docDefaults')}//{qn('w:lang')}").get(qn("w:val"))
        heading = doc.styles["Heading 1"]
        return str(heading.font.color.rgb), doc.styles["Normal"].font.size.pt, lang

    first = render_docx(ks1_document)
    assert looks(render_docx(purple))[0] == "5B2A86"
    assert looks(render_docx(large))[1] == 16
    assert looks(render_docx(welsh))[2] == "cy-GB"
    assert looks(first) == (theme.heading.lstrip("#").upper(), theme.body_size, "en-GB")
    # ...and the same file comes out byte for byte after the others as before them, twice
    # (the second time from a style sheet already copied once).
    assert render_docx(ks1_document) == first
    assert render_docx(ks1_document) == first


def test_every_picture_has_its_own_drawing_id_across_body_and_headers(
    school_document: Document,
) -> None:
    # python-docx numbers each header's pictures from 1 again: the school's logo in every
    # worksheet header shared the cover logo's id, which validators and accessibility checkers
    # report as a broken file.
    ids: list[str] = []
    with zipfile.ZipFile(io.BytesIO(render_docx(school_document))) as package:
        for name in sorted(package.namelist()):
            if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", name):
                ids += re.findall(r'<wp:docPr id="(\d+)"', package.read(name).decode())
    assert len(ids) > 2
    assert len(set(ids)) == len(ids)


def test_word_spell_checks_the_text_in_the_files_language(ks1_docx: bytes) -> None:
    # The template's settings said the text was already checked ("clean"), so Word would not
    # mark a misspelling a teacher left until they edited it, and its theme fonts were en-US.
    with zipfile.ZipFile(io.BytesIO(ks1_docx)) as package:
        settings = package.read("word/settings.xml").decode()
    assert "proofState" not in settings
    assert '<w:themeFontLang w:val="en-GB"' in settings


def test_the_file_carries_no_parts_left_from_python_docxs_starting_file(
    ks1_document: Document,
) -> None:
    # A Word 2010 copy of python-docx's own template styles (438 KB, none of the pack's) and an
    # empty bibliography store went into every Word file.
    names = zipfile.ZipFile(io.BytesIO(render_docx(ks1_document))).namelist()
    assert "word/styles.xml" in names
    assert not [n for n in names if "stylesWithEffects" in n or n.startswith("customXml/")]


@pytest.mark.parametrize("closing", [True, False])
def test_a_short_list_closing_its_section_stays_whole_as_in_the_pdf(
    ks1_document: Document, closing: bool
) -> None:
    # A lesson's "Where to get help" (a trusted adult, Childline, CEOP, 999) could split two
    # and two in Word, where the PDF moves it on whole; a list that goes on into more text
    # still may, keeping its first and its last two items together.
    names = (
        "A trusted adult in school.",
        "Childline: 0800 1111 or www.childline.org.uk, for children and young people under 19, "
        "about anything that worries them.",
        # Two lines in the PDF; Word's cautious measure once made it three, and the list split.
        "CEOP Safety Centre: www.ceop.police.uk, for telling the police about someone online who "
        "has worried you (a trusted adult can help you report, or you can report on your own).",
        # Three lines: a list held to two-line items split two and three in KS4.
        "Report Remove (Childline and the Internet Watch Foundation): www.childline.org.uk, for "
        "under-18s, to help get a nude picture or video of you taken down from the internet, "
        "and Childline will support you through it.",
        "999, if someone is in danger right now.",
    )
    help_list = ListBlock(False, tuple((Paragraph((Text(n),)),) for n in names))
    after = (
        Heading(2, (Text("Next part"),), "next-part")
        if closing
        else Paragraph((Text("Then more text."),))
    )
    blocks = (Heading(2, (Text("Where to get help"),), "help"), help_list, after)
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
    items = [p for p in doc.paragraphs if p.text in names]
    kept = [bool(p.paragraph_format.keep_with_next) for p in items]
    assert kept == (
        [True, True, True, True, False] if closing else [True, False, False, True, False]
    )


def test_a_worksheets_bold_questions_are_headings_to_a_screen_reader(
    ks1_document: Document,
) -> None:
    # KS4 and KS5 sheets' questions ("1. Which three rows worry you most? Why?") were bold
    # Worksheet Text: a screen reader could jump between KS1's questions, written as headings,
    # but not theirs. A bold label that is not a question stays text.
    def bold(words: str) -> Paragraph:
        return Paragraph((Strong((Text(words),)),))

    sheet = Worksheet(
        "Spot the signs",
        "signs",
        (
            bold("1. Which rows worry you most? Why?"),
            Paragraph((Text("Write your answer."),)),
            Heading(2, (Text("Think about it"),), "think"),
            bold("2. Who could help?"),
            bold("Story 1"),
            # A numbered bold question with an instruction after it (KS3 "Spot the signs").
            # As the Markdown reader gives it: an empty text before the opening bold.
            Paragraph(
                (
                    Text(""),
                    Strong((Text("3. Why is it not their fault?"),)),
                    Text(" Use the story."),
                )
            ),
            Paragraph((Strong((Text("Remember:"),)), Text(" is it a sign?"))),
            # Numbered items that are not asked as questions: KS3 "Spot the signs" listed its
            # third and fourth items in the navigation pane, but not its first two.
            Paragraph((Text(""), Strong((Text("4. Sort the steps."),)), Text(" Write them."))),
            bold("5. Priya and Kim."),
            # A story after its title, in the same paragraph: not a line for the pane.
            Paragraph(
                (
                    Text(""),
                    Strong((Text("7. Liam and Blaze."),)),
                    Text(" Liam is 9. He plays an online game every evening. " * 3),
                )
            ),
            Paragraph((Strong((Text("6"),)), Text(" very worried"))),  # a scale's number
        ),
    )
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    levels = {}
    for paragraph in doc.paragraphs:
        found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        levels[paragraph.text] = None if found is None else found.get(qn("w:val"))
    assert levels["1. Which rows worry you most? Why?"] == "2"  # under the sheet's title (1)
    assert levels["2. Who could help?"] == "3"  # under "Think about it" (2)
    assert levels["3. Why is it not their fault? Use the story."] == "3"
    assert levels["Story 1"] is None and levels["Write your answer."] is None
    assert levels["Remember: is it a sign?"] is None
    assert levels["4. Sort the steps. Write them."] == "3"
    assert levels["5. Priya and Kim."] == "3"
    assert levels["6 very worried"] is None
    assert [v for k, v in levels.items() if k.startswith("7. Liam and Blaze.")] == [None]
    styles = {p.text: p.style.name for p in doc.paragraphs if p.style is not None}
    assert styles["2. Who could help?"] == "Worksheet Text"  # the sheet's look is kept


def test_choices_on_one_line_are_spaced_by_tabs_not_runs_of_spaces(
    ks1_document: Document,
) -> None:
    # "No!", "Stop!" and "I don't like that." were spaced with eight no-break spaces each,
    # which Word's Accessibility Checker flags as repeated blank characters.
    line = Paragraph(
        (
            Strong((Text("No!"),)),
            Text(" · "),
            Strong((Text("Stop!"),)),
            Text(" · "),
            Strong((Text("I don't like that."),)),
        )
    )
    sheet = Worksheet("Say no", "no", (line,))
    doc = open_docx(io.BytesIO(_sheets(ks1_document, sheet)))
    (found,) = [p for p in doc.paragraphs if "Stop!" in p.text]
    assert "\u00a0" not in found.text
    assert found.text == "No!\tStop!\tI don't like that."
    stops = [stop.position for stop in found.paragraph_format.tab_stops]
    assert len(stops) == 2 and stops[0] < stops[1]


def test_rows_with_room_to_draw_are_at_least_that_tall_in_word(ks1_document: Document) -> None:
    header = ((Text("Word"),), (Text("What it means"),), (Text("My picture or word"),))
    rows = (((Text("secret"),), (Text("Something you are told not to tell."),), ()),)
    doc = open_docx(
        io.BytesIO(
            render_docx(
                dataclasses.replace(ks1_document, blocks=(Table(header, rows, row_height=35),))
            )
        )
    )
    (table,) = doc.tables
    tr_pr = table.rows[1]._tr.trPr
    height = tr_pr.find(qn("w:trHeight"))
    assert height.get(qn("w:hRule")) == "atLeast"
    assert int(height.get(qn("w:val"))) >= 35 / 25.4 * 72 * 20 - 1  # twentieths of a point
    assert tr_pr.find(qn("w:cantSplit")) is not None  # never parted across pages
    # No grey stripes under a pupil's pencil: a table to write in has its grid instead.
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:noHBand")) == "1" and look.get(qn("w:val")) == "0620"


@pytest.mark.parametrize(("sheet", "expected"), [(18, 14.5), (15, 12.0), (13, 11.5)])
def test_the_help_box_style_grows_with_a_primary_sheets_larger_type(
    ks1_document: Document, sheet: float, expected: float
) -> None:
    # As the PDF's: four-fifths of KS1's 18 pt sheet type, where 11.5 pt was too small to read.
    theme = dataclasses.replace(ks1_document.theme, body_size=11, worksheet_size=sheet)
    doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, theme=theme))))
    size = doc.styles["Help Box"].font.size
    assert size is not None and size.pt == expected


def test_cards_outside_a_worksheet_are_set_from_the_body_as_in_the_pdf(
    ks1_document: Document,
) -> None:
    # The KS1 pack's "Messages for home" slips, after the letter: Word set them at Card Text's
    # size, from KS1's 18 pt worksheets, and three slips took two pages; the PDF sets cards
    # outside a worksheet from the body's table type.
    from cse_lessonpack.render.docx import CARD_TYPE
    from cse_lessonpack.render.flow import table_text_size

    slip = (Strong((Text("Message for home"),)), LineBreak(), Text("Today we learned a rule."))
    table = Table(((),), ((slip,), (slip,), (slip,)), cards=1)

    def sizes(blocks: tuple[Block, ...]) -> set[float | None]:
        doc = open_docx(io.BytesIO(render_docx(dataclasses.replace(ks1_document, blocks=blocks))))
        return {
            run.font.size.pt if run.font.size else None
            for row in doc.tables[0].rows
            for run in row.cells[0].paragraphs[0].runs
        }

    expected = table_text_size(ks1_document.theme.body_size) * CARD_TYPE
    (size,) = sizes((Heading(1, (Text("Messages for home"),), "home"), table))
    assert size == pytest.approx(expected, abs=0.25)  # Word keeps half points
    assert size is not None and size < ks1_document.theme.worksheet_size
    assert sizes((Worksheet("Cards", "cards", (table,)),)) == {None}  # Card Text's own size
    # In large print, no larger than its 16 pt body: at 20 pt two KS2 slips filled a page.
    large = dataclasses.replace(ks1_document.theme, body_size=16.0, worksheet_size=20.0)
    ks1_document = dataclasses.replace(ks1_document, theme=large)
    assert sizes((Heading(1, (Text("Messages for home"),), "home"), table)) == {16.0}
