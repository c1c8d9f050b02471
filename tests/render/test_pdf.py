"""The PDF renderer: what a reader sees, navigates and what the file says about itself."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from cse_lessonpack.model import (
    Block,
    Callout,
    Contents,
    Cover,
    Document,
    Emphasis,
    Heading,
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
    plain_text,
)
from cse_lessonpack.render.pdf import FRAME_HEIGHT, FRAME_WIDTH, MARGIN_BOTTOM, render_pdf

from ..textextract import pdf_pages
from .golden import check_golden
from .test_properties import _document


@pytest.fixture(scope="module")
def ks1_pdf(ks1_document: Document) -> bytes:
    return render_pdf(ks1_document)


def test_golden_text_per_page(request: pytest.FixtureRequest, ks1_pdf: bytes) -> None:
    pages = pdf_pages(ks1_pdf)
    text = "".join(f"=== page {n} ===\n{page.strip()}\n" for n, page in enumerate(pages, start=1))
    check_golden(request, "fixture-ks1.pdf.txt", text)


def test_young_pupils_worksheets_go_home_without_the_campaign_name(ks1_pdf: bytes) -> None:
    pages = pdf_pages(ks1_pdf)
    sheets = [p for p in pages if p.startswith("Pupil worksheet")]
    assert sheets and all("CSE" not in p and "knowaboutcse" not in p for p in sheets)
    letter = [p for p in pages if "Dear parent or carer" in p or "Yours faithfully" in p]
    assert letter
    assert all("Know About CSE" in p for p in pages[1:] if p not in sheets + letter)


def test_the_letter_home_has_no_pack_header_or_page_number(ks1_pdf: bytes) -> None:
    # A copy sent home reads as a letter: not "Key Stage 1 lesson pack", not "Page 63 of 69".
    pages = pdf_pages(ks1_pdf)
    letter = [
        n for n, p in enumerate(pages) if "Dear parent or carer" in p or "Yours faithfully" in p
    ]
    assert letter == list(range(letter[0], letter[-1] + 1))
    for n in letter:
        assert "lesson pack" not in pages[n] and f"of {len(pages)}" not in pages[n]
        assert "Know the signs. Report it." in pages[n]
        assert not re.search(r"Page \d+ of", pages[n])  # a one-page letter: no number at all
    # The pages either side keep theirs, and the contents still finds the letter.
    for n in (letter[0] - 1, letter[-1] + 1):
        assert re.search(rf"Page {n + 1} of {len(pages)}", pages[n])
    # (The contents page reads back as its entries, then their page numbers.)
    entries, numbers = pages[1].split("\nContents\n", 1)[1].split("\nPage 2 of", 1)
    titles = [t.strip() for t in entries.splitlines()]
    pages_listed = numbers.split("\n")[1:]
    assert pages_listed[titles.index("Letter to parents and carers")] == str(letter[0] + 1)


def test_same_document_gives_the_same_bytes(ks1_document: Document, ks1_pdf: bytes) -> None:
    assert render_pdf(ks1_document) == ks1_pdf


@pytest.mark.parametrize("epoch", ["1", "1700000000"])
def test_source_date_epoch_does_not_change_the_bytes(
    ks1_document: Document, ks1_pdf: bytes, epoch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # reportlab seeds a file's /ID with SOURCE_DATE_EPOCH when it is set: the same content gave
    # other bytes (and other font subset tags) on a machine that sets it for other builds.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
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
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"  # opens with them shown
    assert "Lesson 1: Telling a trusted adult" in titles
    pages = pdf_pages(ks1_pdf)
    total = len(pages)
    assert f"Page 2 of {total}" in pages[1]
    assert "Page 1 of" not in pages[0]  # the cover has no page number
    contents = pages[1]
    assert "Lesson 1: Telling a trusted adult" in contents
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert links, "contents entries should be links"


def test_every_bookmark_and_contents_link_opens_its_headings_page(ks1_pdf: bytes) -> None:
    # Found by a coordinator: every bookmark and contents link opened the cover.
    reader = PdfReader(io.BytesIO(ks1_pdf))
    pages = [" ".join(p.split()) for p in pdf_pages(ks1_pdf)]

    def flat(items: list[Any]) -> list[Any]:
        return [x for item in items for x in (flat(item) if isinstance(item, list) else [item])]

    outline = flat(reader.outline)
    assert len(outline) > 20
    opened = {reader.get_destination_page_number(item) for item in outline}
    assert len(opened) > 5  # spread through the pack, not all on one page
    for item in outline:
        assert item.title in pages[reader.get_destination_page_number(item)], item.title
    page_ids = [page.indirect_reference.idnum for page in reader.pages]
    contents = pages[1]
    for annot in reader.pages[1].get("/Annots", []):
        dest = annot.get_object()["/Dest"]
        target = page_ids.index(dest[0].idnum)
        assert target > 1, "a contents link must open a later page"
        # The contents shows the page number of the page the link opens.
        assert f" {target + 1}" in contents


def test_worksheets_have_their_own_page_with_help(ks1_pdf: bytes) -> None:
    pages = pdf_pages(ks1_pdf)
    sheets = [p for p in pages if p.lstrip().startswith("Pupil worksheet")]
    # The lesson's key words, its worksheet, and the pupils' page of "Where to get help".
    assert len(sheets) == 3
    assert "Key words for Lesson 1" in sheets[0] and "Who can I tell?" in sheets[1]
    for sheet in sheets[:2]:
        assert "Childline: 0800 1111" in sheet
        assert "Emergency: 999" in sheet
    # The pupils' help page has the pupils' services, and nothing of the adults'.
    assert "Where you can get help" in sheets[2] and "0800 1111" in sheets[2]
    assert "NSPCC" not in sheets[2] and "For staff, parents and carers" not in sheets[2]


def test_writing_lines_inside_a_callout_render() -> None:
    from cse_lessonpack.markdown import read

    from .test_properties import _document

    blocks = read("::: note Write here\nSome text.\n\n::: lines 2 Answer\n:::\n:::\n")
    pages = pdf_pages(render_pdf(_document(blocks)))
    assert "Answer" in pages[0] and "Some text." in pages[0]


# -- page breaks ---------------------------------------------------------------------------------
# Each test slides the same content down the page, a line of filler at a time, so that some
# position puts it at the foot of a page, and checks every position.


def _text(words: str) -> tuple[Text, ...]:
    return (Text(words),)


def _filler(count: int) -> tuple[Block, ...]:
    return tuple(Paragraph(_text(f"Filler line {n}.")) for n in range(count))


def _pages(blocks: tuple[Block, ...]) -> list[tuple[str, int]]:
    """Each page's text, and how many ruled writing lines it has (lines drawn from the frame's
    left edge, as `_WriteArea` draws them)."""
    data = render_pdf(_document(blocks))
    reader = PdfReader(io.BytesIO(data))
    ruled = re.compile(rb"^n 0 ([\d.]+) m [\d.]+ \1 l S$", re.MULTILINE)
    return [
        (text, len(ruled.findall(page.get_contents().get_data())))
        for text, page in zip(pdf_pages(data), reader.pages, strict=True)
    ]


def _page_of(pages: list[tuple[str, int]], words: str) -> int:
    found = [n for n, (text, _) in enumerate(pages) if words in text]
    assert len(found) == 1, (words, found)
    return found[0]


STEPS = ListBlock(
    True,
    tuple(
        (Paragraph(_text(f"Step number {n} of the activity. " + "Say why it matters. " * 6)),)
        for n in range(12)
    ),
)


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_heading_never_ends_a_page_without_what_it_introduces(filler: int) -> None:
    blocks = (
        *_filler(filler),
        Heading(3, _text("Main: Gifts and debts"), "main"),
        Paragraph((Emphasis(_text("Pupils learn what a gift with strings is. " * 3)),)),
        STEPS,
    )
    pages = _pages(blocks)
    heading = _page_of(pages, "Main: Gifts and debts")
    assert _page_of(pages, "Pupils learn what a gift") == heading
    assert _page_of(pages, "Step number 0 of") == heading


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_heading_keeps_its_intro_and_the_start_of_its_table(filler: int) -> None:
    rows = tuple((_text(f"Service {n}"), _text(f"0800 {n:03d} {n:03d}")) for n in range(8))
    blocks = (
        *_filler(filler),
        Heading(2, _text("Local contacts"), "local"),
        Paragraph(_text("For children in the county, where the campaign runs.")),
        Table((_text("Service"), _text("Phone")), rows),
    )
    pages = _pages(blocks)
    heading = _page_of(pages, "Local contacts")
    assert _page_of(pages, "For children in the county") == heading
    assert _page_of(pages, "Service 0") == heading
    assert "Phone" in pages[heading][0]


@pytest.mark.parametrize("heading", [True, False])
@pytest.mark.parametrize("filler", range(26, 34))
def test_a_tables_first_row_never_ends_a_page_alone(filler: int, heading: bool) -> None:
    # A lesson's "Key vocabulary" left its heading, the header and one word at a page's foot,
    # the other words on the next page; a list already keeps its first two items together.
    # Twelve rows with some words in each: a table that parts, not one kept whole.
    meaning = "in a sentence or two of plain words that a pupil can follow."
    rows = tuple(
        (_text(f"Term {chr(65 + n)}"), _text(f"What term {n} means, {meaning}")) for n in range(12)
    )
    blocks = (
        *_filler(filler),
        *((Heading(2, _text("Key vocabulary"), "words"),) if heading else ()),
        Table((_text("Word"), _text("What it means")), rows),
    )
    pages = _pages(blocks)
    first = _page_of(pages, "Term A")
    assert _page_of(pages, "Term B") == first
    if heading:
        assert _page_of(pages, "Key vocabulary") == first


@pytest.mark.parametrize("filler", range(10, 30))
def test_a_heading_and_its_short_introduction_never_end_a_page_without_the_table_they_introduce(
    filler: int,
) -> None:
    # A large-print staff briefing's "Responding to a disclosure" and its introduction stood at
    # a page's foot, the table of steps on the next page: with the heading, the introduction and
    # the table's header and first row together taller than a heading may keep, all that was
    # kept for the heading was the introduction.
    rows = (
        (
            _text("1. Listen"),
            _text(
                "Stay calm. Give them your full attention and let them talk at their own pace. "
                "Take it seriously, and tell them so."
            ),
            _text("Do not show shock or disbelief. Do not stop them in full flow."),
        ),
    ) * 6
    blocks = (
        *_filler(filler),
        Heading(1, _text("Responding to a disclosure"), "responding"),
        Paragraph(
            _text(
                'A pupil may tell you directly, hint at it, or talk about "a friend". Respond '
                "calmly each time, following your school's procedure and the steps below."
            )
        ),
        Table((_text("Step"), _text("What to do"), _text("What not to do")), rows),
    )
    pages = _pages_large(blocks)
    heading = _page_of(pages, "Responding")
    assert _page_of(pages, "directly") == heading
    assert heading in [n for n, (text, _) in enumerate(pages) if "Listen" in text]


@pytest.mark.parametrize("filler", range(14, 36, 2))
def test_a_heading_and_its_instruction_go_on_with_a_table_that_stays_whole(filler: int) -> None:
    # A short table (a worksheet's steps to number) never splits; its heading and instruction
    # stayed at the foot of the page when the table moved on.
    rows = tuple((_text(f"Step {n}: something a young person could do."), ()) for n in range(6))
    blocks = (
        *_filler(filler),
        Heading(3, _text("What to do"), "what"),
        Paragraph(_text("Number these steps from 1 to 6.")),
        Table((_text("Step"), _text("Order")), rows),
    )
    pages = _pages(blocks)
    table = _page_of(pages, "Step 0:")
    assert _page_of(pages, "Step 5:") == table
    assert _page_of(pages, "What to do") == _page_of(pages, "Number these steps") == table


@pytest.mark.parametrize("filler", range(20, 27))
def test_a_last_section_whose_drawing_box_can_shrink_to_fit_stays_on_the_page(
    filler: int,
) -> None:
    # A box shrinks to the room left (to 60 %), so a worksheet's last question and its box need
    # not move to a page of their own: measured at full size, KS1 sheets ran to two pages.
    blocks = (
        *_filler(filler),
        Heading(3, _text("Who can you tell?"), "who"),
        Paragraph(_text("Draw a grown-up you can tell.")),
        WriteSpace("box", 55, "Draw here."),
        PageBreak(),
        Heading(2, _text("Next part"), "next"),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Who can you tell?") == _page_of(pages, "Draw here.") == 0


@pytest.mark.parametrize("filler", [(lines, box) for lines in range(30, 40) for box in (0, 3)])
def test_a_line_leading_into_a_list_never_ends_a_page_without_it(
    filler: tuple[int, int],
) -> None:
    # reportlab never keeps a paragraph with a list after it, whatever its style says: a
    # letter's "… free advice from:" ended a page with every helpline on the next.
    lines, box = filler
    helplines = ListBlock(
        False,
        tuple((Paragraph(_text(f"Helpline {n}: 0800 000 00{n}, for anyone.")),) for n in range(8)),
    )
    for lead in (
        Paragraph(_text("If you are worried about a child, you can get free advice from:")),
        Paragraph((Strong(_text("Who could help?")),)),
    ):
        space = (WriteSpace("box", box),) if box else ()
        pages = _pages((*_filler(lines), *space, lead, helplines))
        assert _page_of(pages, plain_text(lead.children)) == _page_of(pages, "Helpline 0:")


def test_a_long_table_starts_under_its_heading() -> None:
    # Kept whole with its heading, a table taller than the page's room would move both on,
    # leaving the rest of the page blank.
    rows = tuple((_text(f"Row {n}"), _text("Some words in a cell.")) for n in range(60))
    blocks = (
        *_filler(3),
        Heading(2, _text("For staff"), "staff"),
        Table((_text("Service"), _text("When")), rows),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Filler line 0.") == _page_of(pages, "For staff") == 0
    assert _page_of(pages, "Row 0") == 0


@pytest.mark.parametrize("filler", range(14, 34, 3))
def test_a_table_marked_whole_moves_on_whole_with_its_heading(filler: int) -> None:
    # The key facts: six long rows, too much to count as a short table. Split, their last rows
    # stood alone on a page before the next lesson.
    rows = tuple(
        (_text(f"Fact {n}. " + "A finding about the scale of exploitation. " * 4), _text("Source"))
        for n in range(6)
    )
    for whole in (False, True):
        blocks = (
            *_filler(filler),
            Heading(2, _text("Key facts for staff"), "facts"),
            Paragraph(_text("These facts are for your background.")),
            Table((_text("Fact"), _text("Source")), rows, whole=whole),
        )
        pages = _pages(blocks)
        first, last = _page_of(pages, "Fact 0."), _page_of(pages, "Fact 5.")
        if whole:
            assert first == last == _page_of(pages, "Key facts for staff")
        elif filler == 23:
            assert first != last  # the case the mark is for: unmarked, this table splits


def test_a_story_read_aloud_moves_on_whole_rather_than_turn_a_page() -> None:
    # A KS1 teacher, puppet in hand, turned the page in the middle of Kit's story: what is read
    # aloud (a "question" box) goes on whole when it is no taller than half a page, where the
    # same box of notes splits to fill the page.
    parts = ListBlock(
        False,
        tuple(
            (Paragraph(_text(f"Part {n}: Kit goes to the pool with Dad and packs a towel.")),)
            for n in range(9)
        ),
    )

    def parted(kind: str, filler: int) -> bool:
        blocks = (*_filler(filler), Callout(kind, "The story: read it aloud", (parts,)))
        pages = _pages(blocks)
        return _page_of(pages, "Part 0:") != _page_of(pages, "Part 8:")

    split_notes = [filler for filler in range(16, 40, 2) if parted("note", filler)]
    assert len(split_notes) >= 3  # places where a page break falls inside the box
    assert not any(parted("question", filler) for filler in split_notes)


@pytest.mark.parametrize("filler", [0, 4, 8])
def test_a_box_with_an_opening_paragraph_goes_on_once_a_page(filler: int) -> None:
    # A large-print box of "Suggested placements" (a paragraph, then a list taller than the
    # room left) split between its rows, and its second part began on the same page, under
    # "Suggested placements (continued)" straight below the paragraph.
    placements = ListBlock(
        False,
        tuple(
            (Paragraph(_text(f"Card {n} – healthy: a reason that takes a line or so to give.")),)
            for n in range(40)
        ),
    )
    opening = Paragraph(_text("The discussion matters more than exact placement. " * 8))
    blocks = (*_filler(filler), Callout("key", "Suggested placements", (opening, placements)))
    pages = [text for text, _ in _pages(blocks)]
    titled = [n for n, text in enumerate(pages) if "Suggested placements" in text]
    assert len(titled) >= 2  # the box does go on over a page
    assert pages[titled[0]].count("Suggested placements") == 1
    assert "(continued)" not in pages[titled[0]]
    for n in titled[1:]:
        assert pages[n].count("Suggested placements (continued)") == 1, n
    assert [n for n, text in enumerate(pages) if "Card " in text] == titled


@pytest.mark.parametrize("filler", range(20, 44, 3))
def test_a_box_of_lines_to_fill_in_is_never_split(filler: int) -> None:
    # A lesson's entry in the assessment record is filled in as one: split, its "To come back
    # to" line went on to the next page, away from the lesson it is about.
    form = Callout(
        "key",
        "Lesson 1: Good friends",
        (
            WriteSpace("lines", 1, "Taught on"),
            WriteSpace("lines", 2, "At the start, most of the class"),
            WriteSpace("lines", 2, "At the end, most of the class"),
            WriteSpace("lines", 1, "To come back to"),
        ),
    )
    pages = _pages((*_filler(filler), form))
    assert _page_of(pages, "Lesson 1: Good friends") == _page_of(pages, "To come back to")
    assert not any("(continued)" in text for text, _ in pages)


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_callout_title_never_ends_a_page_alone(filler: int) -> None:
    prompts = ListBlock(
        False,
        tuple((Paragraph(_text(f"Prompt {n} for the class to discuss.")),) for n in range(16)),
    )
    blocks = (*_filler(filler), Callout("note", "Ask the class", (prompts,)))
    pages = [text for text, _ in _pages(blocks)]
    titled = [n for n, text in enumerate(pages) if "Ask the class" in text]
    assert "Prompt 0 for" in pages[titled[0]]
    # Where the box goes on over a page, its title comes again, marked as going on (a teacher
    # reading a story aloud sees which box the page continues); the first part is not marked.
    assert "Ask the class (continued)" not in pages[titled[0]]
    assert all("Ask the class (continued)" in pages[n] for n in titled[1:])
    prompts_on = [n for n, text in enumerate(pages) if "Prompt " in text]
    assert titled == prompts_on


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_short_callout_is_kept_whole(filler: int) -> None:
    body = (Paragraph(_text("First point.")), Paragraph(_text("Second point.")))
    blocks = (*_filler(filler), Callout("note", "If time is short", (*body, STEPS.items[0][0])))
    pages = _pages(blocks)
    title = _page_of(pages, "If time is short")
    assert _page_of(pages, "Second point.") == _page_of(pages, "Step number 0") == title


def test_a_box_whose_title_fills_much_of_a_page_still_renders_all_its_text() -> None:
    # Words hundreds of letters long, in large print: the title and a few lines under it do
    # not fit on one page, so the box cannot repeat its title on each; it goes on without.
    long = "x" * 300
    items = tuple((Paragraph((Strong(_text(f"Item{n} {long} {long}")),)),) for n in range(2))
    box = Callout("note", "Title " + " ".join([long] * 6), (ListBlock(False, items),))
    pages = pdf_pages(render_pdf(_large((box,))))
    text = "".join("".join(page.split()) for page in pages)
    assert text.count("x") == 10 * 300  # six in the title, given once, and four in the items
    assert "Title" in text and "Item0" in text and "Item1" in text
    assert all(page.strip() for page in pages)  # no page holds only an empty part of the box


def test_a_box_a_little_taller_than_the_room_left_splits_rather_than_moving_on_whole() -> None:
    # reportlab measured a box's list at the column's whole width, not inside its padding, when
    # splitting it, so a KS1 story 15 pt too tall for its page "fitted", and the box went on
    # whole to the next page, leaving a third of the page blank.
    from cse_lessonpack.render.pdf import PAGE_HEIGHT, Styles, _Builder

    story = "Kit and Dad go to the pool and Kit packs a towel and goggles and a bright blue"
    items = tuple((Paragraph(_text(f"Part {n}: {story} costume.")),) for n in range(6))
    document = _document((Callout("note", "The story", (ListBlock(False, items),)),))
    builder = _Builder(document, Styles(document.theme, document.theme.body_size))
    box = builder.callout(document.blocks[0])  # type: ignore[arg-type]
    _, height = box.wrap(FRAME_WIDTH, PAGE_HEIGHT)
    parts = box.split(FRAME_WIDTH, height - 1)
    assert len(parts) == 2
    assert all(part.wrap(FRAME_WIDTH, PAGE_HEIGHT)[1] < height for part in parts)


def _sheet(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    help_box = (Paragraph(_text("Need help? Talk to an adult you trust.")),)
    return (Worksheet("My sheet", "sheet", blocks, help_box),)


@pytest.mark.parametrize("filler", range(10, 24))
def test_a_question_keeps_its_scenario_label_and_lines_together(filler: int) -> None:
    blocks = _sheet(
        (
            *_filler(filler),
            Paragraph(_text("Maya is worried about a message she got in a game.")),
            WriteSpace("lines", 4, "What could Maya do next?"),
        )
    )
    pages = _pages(blocks)
    label = _page_of(pages, "What could Maya do next?")
    assert _page_of(pages, "Maya is worried") == label
    assert pages[label][1] == 4  # all four lines are under the label


def test_a_long_writing_area_runs_on_with_its_label() -> None:
    pages = _pages(_sheet((*_filler(14), WriteSpace("lines", 30, "Write your story"))))
    label = _page_of(pages, "Write your story")
    assert pages[label][1] >= 2
    assert sum(lines for _, lines in pages) == 30


def test_writing_lines_inside_a_callout_stay_with_their_label() -> None:
    for filler in range(22, 36):
        area = WriteSpace("lines", 6, "Your answer")
        blocks = (*_filler(filler), Callout("note", "Think", (Paragraph(_text("Why?")), area)))
        pages = _pages(blocks)
        assert pages[_page_of(pages, "Your answer")][1] == 6, filler


@pytest.mark.parametrize("questions", range(4, 12))
def test_a_worksheet_never_ends_on_a_page_holding_only_its_last_lines(questions: int) -> None:
    blocks = _sheet(
        (
            *(WriteSpace("lines", 3, f"Question {n}") for n in range(questions)),
            Heading(3, _text("Remember"), "remember"),
            Paragraph(_text("It is never your fault. Keep telling until someone listens.")),
        )
    )
    pages = _pages(blocks)
    last = _page_of(pages, "Remember")
    assert "Question" in pages[last][0], "the worksheet's last page holds only its closing lines"


@pytest.mark.parametrize("questions", range(4, 12))
def test_worksheets_in_a_row_leave_no_blank_page(questions: int) -> None:
    # A worksheet closed up to fill its last page exactly must not push the next one a page on.
    first = _sheet(
        (
            *(WriteSpace("lines", 3, f"Question {n}") for n in range(questions)),
            Paragraph(_text("Remember: keep telling until someone listens.")),
        )
    )
    second = (Worksheet("Second sheet", "second", (Paragraph(_text("Start here.")),)),)
    for text, _ in _pages((*first, *second)):
        assert any(words in text for words in ("Question", "Remember", "Start here")), text


@pytest.mark.parametrize("offset", range(190, 250, 3))
def test_a_table_keeps_its_closing_note(offset: int) -> None:
    rows = tuple((_text(f"Service {n}"), _text(f"0800 {n:03d} {n:03d}")) for n in range(5))
    blocks = (
        WriteSpace("box", offset),  # moves what follows down a few points at a time
        Table((_text("Service"), _text("Phone")), rows),
        Paragraph(_text("Numbers checked 28 November 2026.")),
        PageBreak(),
        Paragraph(_text("Next section.")),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Numbers checked") == _page_of(pages, "Service 4")


@pytest.mark.parametrize("offset", range(380, 520, 7))
def test_a_tables_last_row_never_goes_on_alone(offset: int) -> None:
    rows = tuple(
        (_text(f"Lesson {n}"), _text("Being safe: asking for help. " * 4)) for n in range(6)
    )
    blocks = (
        WriteSpace("box", offset // 3),  # moves the table down a few points at a time
        Table((_text("Lesson"), _text("Statutory outcomes")), rows),
        PageBreak(),
        Paragraph(_text("Before you teach.")),
    )
    pages = _pages(blocks)
    last = _page_of(pages, "Lesson 5")
    assert _page_of(pages, "Lesson 4") == last
    assert _page_of(pages, "Lesson 0") == 0  # the table still starts where it stood


@pytest.mark.parametrize("offset", range(150, 230, 4))
def test_a_tall_last_row_never_goes_on_alone(offset: int) -> None:
    # A school's help table ended with a tall row (Stop It Now) under short ones: with room to
    # spare on the page, the row before it stayed and the last went on alone.
    rows = tuple((_text(f"Service {n}"), _text("Call free, at any time.")) for n in range(6))
    tall = (_text("Service 6"), _text("Advice for adults worried about behaviour. " * 8))
    blocks = (
        WriteSpace("box", offset),  # moves the table down a few millimetres at a time
        Table((_text("Service"), _text("When")), (*rows, tall)),
        PageBreak(),
        Paragraph(_text("Next section.")),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Service 6") == _page_of(pages, "Service 5")


@pytest.mark.parametrize("offset", range(150, 260, 4))
def test_a_table_row_splits_only_with_three_lines_on_each_side(offset: int) -> None:
    long = " ".join(f"Outcome{n:02d} said in words." for n in range(60))
    rows = ((_text("Lesson 1"), _text(long)), (_text("Lesson 2"), _text("Short.")))
    blocks = (WriteSpace("box", offset), Table((_text("Lesson"), _text("Statutory")), rows))
    pages = _pages(blocks)
    counts = [sum("Outcome" in line for line in text.splitlines()) for text, _ in pages]
    assert sum(counts) > 10
    assert all(count == 0 or count >= 3 for count in counts), counts


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_list_never_leaves_its_last_item_alone(filler: int) -> None:
    items = tuple((Paragraph(_text(f"Follow-up item {n}, said in a line.")),) for n in range(5))
    blocks = (*_filler(filler), ListBlock(False, items), PageBreak(), Paragraph(_text("Next.")))
    pages = _pages(blocks)
    assert _page_of(pages, "Follow-up item 4") == _page_of(pages, "Follow-up item 3")


@pytest.mark.parametrize("filler", range(22, 36))
def test_a_list_never_leaves_its_first_item_alone_under_its_heading(filler: int) -> None:
    # A staff briefing ended a page with "National services" and only its first service (101).
    items = tuple((Paragraph(_text(f"Service {n}, said in a line.")),) for n in range(6))
    blocks = (
        *_filler(filler),
        Heading(2, _text("National services"), "n"),
        ListBlock(False, items),
    )
    pages = _pages(blocks)
    heading = _page_of(pages, "National services")
    assert _page_of(pages, "Service 0") == _page_of(pages, "Service 1") == heading


@pytest.mark.parametrize("filler", range(12, 24))
def test_a_short_list_item_is_never_split_between_two_pages(filler: int) -> None:
    # A source's web address was split between two pages of a large-print pack.
    url = (
        "https://www.gov.uk/government/publications/sharing-nudes-and-semi-nudes-advice-for-"
        "education-settings-working-with-children-and-young-people"
    )
    source = (
        Text(
            "Source 3. UK Council for Internet Safety, Sharing nudes and semi-nudes: advice for "
            "education settings working with children and young people, December 2020: "
        ),
        Link(url, (Text(url),)),
        Text(" (ITEM END)"),
    )
    items = tuple(
        (Paragraph(source if n == 3 else _text(f"Source {n}. A short one.")),) for n in range(8)
    )
    blocks = (*_filler(filler), ListBlock(False, items), PageBreak(), Paragraph(_text("Next.")))
    pages = pdf_pages(render_pdf(_large(blocks)))
    assert [i for i, p in enumerate(pages) if "Source 3." in p] == [
        i for i, p in enumerate(pages) if "(ITEM END)" in p
    ]


@pytest.mark.parametrize("filler", range(22, 38))
def test_a_short_last_section_before_a_page_break_stays_whole(filler: int) -> None:
    # The page after holds only the section's end anyway: a heading and its first item at the
    # foot of one page, the rest alone on the next, reads as something missing.
    items = tuple(
        (Paragraph(_text(f"Follow-up item {n}, said in a sentence long enough to wrap. " * 2)),)
        for n in range(3)
    )
    blocks = (
        *_filler(filler),
        Heading(2, _text("Follow-up"), "follow-up"),
        ListBlock(False, items),
        PageBreak(),
        Heading(1, _text("Next lesson"), "next"),
    )
    pages = _pages(blocks)
    heading = _page_of(pages, "Follow-up\n")
    assert [_page_of(pages, f"Follow-up item {n}") for n in range(3)] == [heading] * 3


def test_a_long_last_section_still_starts_under_its_heading() -> None:
    items = tuple((Paragraph(_text(f"Item {n} of a long list.")),) for n in range(60))
    blocks = (
        *_filler(5),
        Heading(2, _text("Resources"), "resources"),
        ListBlock(False, items),
        PageBreak(),
        Heading(1, _text("Next lesson"), "next"),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Filler line 0.") == _page_of(pages, "Resources") == 0
    assert _page_of(pages, "Item 0 of") == 0


@pytest.mark.parametrize("filler", range(24, 34))
def test_a_bold_question_never_ends_a_page_without_its_answer(filler: int) -> None:
    question = Paragraph((Strong(_text("Can I still tell if I kept the secret?")),))
    answer = Paragraph(
        _text("Yes. It is never too late to tell a trusted adult, and you are not in trouble.")
    )
    pages = _pages((*_filler(filler), question, answer))
    assert _page_of(pages, "Can I still tell") == _page_of(pages, "never too late")


def test_a_cover_too_full_for_its_page_shrinks_to_fit_rather_than_spill() -> None:
    lessons = tuple(
        Paragraph(_text(f"Lesson {n}: a long lesson title about keeping safe (Years 3–6)"))
        for n in range(40)
    )
    cover = Cover((Heading(1, _text("Key Stage 2 lesson pack"), "cover"),), lessons)
    pages = _pages((cover, Heading(1, _text("Contents follow"), "next")))
    assert "Lesson 39:" in pages[0][0]
    assert _page_of(pages, "Contents follow") == 1  # the page after the cover


@pytest.mark.parametrize("filler", range(0, 12, 2))
def test_a_drawing_box_that_fills_the_page_leaves_no_blank_page(filler: int) -> None:
    # The box shrinks to the room left; the space after it once went on to a page of its own.
    first = _sheet((*_filler(filler), WriteSpace("box", 240, "Draw round your hand here.")))
    second = (Worksheet("Second sheet", "second", (Paragraph(_text("Start here.")),)),)
    for text, _ in _pages((*first, *second)):
        assert any(words in text for words in ("Filler", "Draw round", "Start here")), text


def _large(blocks: tuple[Block, ...], footer: str = "Footer") -> Document:
    document = _document(blocks)
    theme = dataclasses.replace(document.theme, body_size=16, worksheet_size=20)
    meta = dataclasses.replace(document.meta, footer=footer)
    return dataclasses.replace(document, theme=theme, meta=meta)


def test_a_large_print_cover_too_full_for_its_page_goes_on_over_the_next_at_full_size() -> None:
    # Large print is for readers who need 16 pt: a full cover (the staff briefing's key points)
    # once came out at 12.5 pt to stay one page. What it cannot hold now opens the next page,
    # and the small print stays at the cover's foot; the band still reaches the page edges.
    lessons = tuple(
        Paragraph(_text(f"Lesson {n}: a long lesson title about keeping safe (Years 3–6)"))
        for n in range(22)
    )
    small = Paragraph(_text("From the campaign, reviewed in November."))
    band = (
        Heading(1, _text("A guide for parents and carers"), "cover"),
        Paragraph(_text("What every parent needs to know")),
    )
    cover = Cover(band, (*lessons, small))
    data = render_pdf(_large((cover, Heading(1, _text("Contents follow"), "next"))))
    pages = pdf_pages(data)
    assert "Lesson 0:" in pages[0] and "From the campaign" in pages[0]
    assert min(_font_sizes(data, "every parent")) >= 16  # the band's words too
    moved = [n for n in range(22) if f"Lesson {n}:" in pages[1]]
    assert moved and moved == list(range(moved[0], 22))  # the rest, in order, on the next page
    assert all(f"Lesson {n}:" in pages[0] for n in range(moved[0]))
    assert "Contents follow" in pages[2]  # after them, on a page of its own
    assert {round(size) for size in _font_sizes(data, "keeping")} == {16}
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    width, _ = image.size
    band = image.getpixel((width // 2, 3))
    assert image.getpixel((width - 2, 3)) == band  # the band reaches the right edge
    assert band != (255, 255, 255)


@pytest.mark.parametrize("count", [6, 20])
def test_a_large_print_cover_keeps_its_lessons_at_16_pt_while_the_band_can_give_way(
    count: int,
) -> None:
    # A school's large-print cover had its lesson list at 15.5 pt: less space around the band
    # and a smaller title come first.
    lessons = tuple(
        Paragraph(_text(f"Lesson {n}: a long lesson title about keeping safe (Years 10 and 11)"))
        for n in range(count)
    )
    cover = Cover((Heading(1, _text("Key Stage 4 lesson pack"), "cover"),), lessons)
    data = render_pdf(_large((cover, Heading(1, _text("Contents follow"), "next"))))
    assert f"Lesson {count - 1}" in pdf_pages(data)[0]
    assert {round(size) for size in _font_sizes(data, "keeping")} == {16}


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("Key Stage 4 lesson pack", ["Key Stage 4", "lesson pack"]),
        ("A guide for parents and carers", ["A guide for", "parents and carers"]),
    ],
)
def test_a_large_print_cover_title_never_leaves_a_word_alone(title: str, lines: list[str]) -> None:
    # In large print the band's title broke "Key Stage 4 lesson / pack" and "A guide for parents
    # and / carers": its lines are balanced, as every heading's are.
    cover = Cover((Heading(1, _text(title), "cover"),), (Paragraph(_text("Prepared for you.")),))
    page = pdf_pages(render_pdf(_large((cover, Heading(1, _text("Next"), "next")))))[0]
    assert "\n".join(lines) + "\n" in page


@pytest.mark.parametrize("count", [28, 30])
def test_large_print_contents_a_few_entries_over_a_page_keeps_them_on_it(count: int) -> None:
    # A large-print KS2 pack's contents put its last two entries on a page of their own.
    chapters = tuple(
        block
        for n in range(count)
        for block in (Heading(1, _text(f"Chapter {n} title"), f"c{n}"), PageBreak())
    )
    data = render_pdf(_large((Contents("Contents", 1), *chapters)))
    contents = pdf_pages(data)[0]
    assert all(f"Chapter {n} title" in contents for n in range(count))
    assert {round(size) for size in _font_sizes(data, "Chapter")} == {16}


def test_large_print_stacks_wide_tables_and_sets_their_text_at_body_size() -> None:
    header = tuple(_text(h) for h in ("Service", "Contact", "Who it is for", "When"))
    row = (
        _text("Police (non-emergency)"),
        _text("101"),
        _text("concerns to report to the police that are not an emergency"),
        _text("24 hours a day, every day. Free."),
    )
    data = render_pdf(_large((Table(header, (row,)),)))
    text = pdf_pages(data)[0]
    assert "Police (non-emergency)\nContact: 101\nWho it is for: concerns" in text
    sizes = {round(size) for size in _font_sizes(data, "non-emergency")}
    assert sizes == {16}


def test_a_large_print_footer_too_long_for_one_line_takes_two() -> None:
    name = "St Bartholomew's Church of England Voluntary Aided Primary and Nursery School"
    footer = f"{name} · Know the signs. Report it. www.knowaboutcse.co.uk"
    text = pdf_pages(render_pdf(_large((Paragraph(_text("Body.")),), footer)))[0]
    assert name in text and "Know the signs. Report it. www.knowaboutcse.co.uk" in text
    assert "…" not in text


def test_a_large_print_footer_keeps_its_size_rather_than_shrink_to_one_line() -> None:
    # A school's name a little too long for one line was set at 9.5 pt in large print.
    name = "St Mary's C of E Academy & Sixth Form"
    footer = f"{name} · Know the signs. Report it. www.knowaboutcse.co.uk"
    data = render_pdf(_large((Paragraph(_text("Body.")),), footer))
    assert {round(size, 1) for size in _font_sizes(data, "St Mary")} == {11.5}
    assert {round(size, 1) for size in _font_sizes(data, "Know the signs")} == {11.5}


def _font_sizes(data: bytes, words: str) -> list[float]:
    """The sizes, in points, of the text runs that contain ``words`` on the first page."""
    found: list[float] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if words in text:
            found.append(size * tm[3])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_question_too_long_to_share_its_line_goes_above_it() -> None:
    # In large type "2. When can Jake tell someone?" once wrapped in half the width beside a
    # short line; "Name" still shares its line.
    blocks = _sheet(
        (WriteSpace("lines", 1, "Name"), WriteSpace("lines", 1, "2. When can Jake tell someone?"))
    )
    data = render_pdf(_large(blocks))
    text = pdf_pages(data)[0]
    assert "2. When can Jake tell someone?" in text  # on one line
    reader = PdfReader(io.BytesIO(data))
    ruled = re.findall(
        rb"^n 0 ([\d.]+) m [\d.]+ \1 l S$", reader.pages[0].get_contents().get_data(), re.M
    )
    assert len(ruled) == 1  # the question's line runs from the margin; Name's starts after it


@pytest.mark.parametrize("offset", range(150, 250, 6))
def test_a_short_table_such_as_a_lesson_outline_is_never_parted(offset: int) -> None:
    rows = tuple((_text(f"{n * 10}–{n * 10 + 10} min"), _text(f"Activity {n}")) for n in range(6))
    blocks = (
        WriteSpace("box", offset),  # moves the table down a few points at a time
        Paragraph(_text("Before the outline.")),
        Table((_text("Time"), _text("Activity")), rows),
    )
    pages = _pages(blocks)
    assert _page_of(pages, "Activity 0") == _page_of(pages, "Activity 5")


@pytest.mark.parametrize("filler", [(lines, box) for lines in range(22, 36) for box in (0, 2, 4)])
def test_a_heading_moves_on_with_a_short_list_that_cannot_split(filler: tuple[int, int]) -> None:
    # Support, Stretch, SEND never part, so the heading must go with all three, not one. (A
    # drawing box of 2 or 4 mm moves the heading by less than a line: measured without the
    # space between items, the list once "fitted" in a gap it could not.)
    lines, box = filler
    items = tuple(
        (Paragraph(_text(f"Item {n}: a line of advice for the teacher, long enough to wrap.")),)
        for n in range(3)
    )
    space = (WriteSpace("box", box),) if box else ()
    heading = Heading(3, _text("Differentiation"), "d")
    blocks = (*_filler(lines), *space, heading, ListBlock(False, items))
    pages = _pages(blocks)
    heading = _page_of(pages, "Differentiation")
    assert [_page_of(pages, f"Item {n}:") for n in range(3)] == [heading] * 3


@pytest.mark.parametrize("filler", range(8, 30))
def test_a_heading_and_its_purpose_line_never_wait_at_a_page_foot_for_a_long_list(
    filler: int,
) -> None:
    # In large print a three-item list can be a quarter of a page: kept whole, it left a heading
    # and its purpose line at the foot of one page and all the steps on the next.
    step = "Step {}: students write one or two calm sentences for a poster."
    items = tuple((Paragraph(_text(step.format(n))),) for n in range(3))
    purpose = "Students write a short, calm campaign message for young people their age. " * 3
    blocks = (
        *_filler(filler),
        Heading(3, _text("Main: Know the signs, report it"), "m"),
        Paragraph((Emphasis(_text(purpose)),)),
        ListBlock(True, items),
    )
    pages = _pages_large(blocks)
    assert _page_of(pages, "Main: Know the signs") == _page_of(pages, "Step 0:")


def _pages_large(blocks: tuple[Block, ...]) -> list[tuple[str, int]]:
    data = render_pdf(_large(blocks))
    return [(text, 0) for text in pdf_pages(data)]


def test_a_box_split_inside_its_list_never_draws_over_its_title(ks1_document: Document) -> None:
    # reportlab's split inside a row gave the first part more of a list than the row held, and
    # drew the excess upwards: the KS4 "Read to the class" title printed under "Week 1. Jade…".
    from reportlab.pdfgen.canvas import Canvas

    from cse_lessonpack.render import pdf

    week = "Week {}. A story line long enough to take two lines of the box, as the real ones do."
    items = tuple((Paragraph((Text(week.format(n)),)),) for n in range(1, 20))
    box = Callout("note", "Read to the class", (ListBlock(False, items),))
    document = dataclasses.replace(ks1_document, blocks=(box,))
    builder = pdf._Builder(document, pdf.Styles(document.theme, document.theme.body_size))
    (callout,) = [f for f in builder.blocks(document.blocks) if isinstance(f, pdf._Callout)]
    canvas = Canvas(io.BytesIO())
    _, height = callout.wrapOn(canvas, pdf.FRAME_WIDTH, pdf.PAGE_HEIGHT)
    splits = 0
    for room in range(40, int(height), 2):
        parts = callout.split(pdf.FRAME_WIDTH, room)
        if len(parts) == 2:
            splits += 1
            parts[0].wrapOn(canvas, pdf.FRAME_WIDTH, room)
            first = parts[0]
            for row, (cell,) in enumerate(first._cellvalues):
                style = first._cellStyles[row][0]
                _, content = first._listCellGeom(cell, first._colWidths[0], style)
                room_in_row = first._argH[row] - style.topPadding - style.bottomPadding
                assert content <= room_in_row + 0.5, f"row {row} overruns, split at {room} pt"
    assert splits > 10  # the box does split, at most heights


def test_a_tall_row_is_not_moved_on_just_to_keep_the_last_row_company(
    ks1_document: Document,
) -> None:
    # Helpline cards in large print: the last card alone would go on, so the one before went
    # with it and left 9 cm of the page blank. A short row still goes along with the last.
    from reportlab.pdfgen.canvas import Canvas

    from cse_lessonpack.render import pdf

    def split_before_last(second_last: str) -> list[int]:
        rows = [(_text(f"Row {n}"), _text("A short cell.")) for n in range(6)]
        rows.append((_text("Tall"), _text(second_last)))
        rows.append((_text("Last"), _text("The last row.")))
        table = Table((_text("Service"), _text("What")), tuple(rows))
        document = dataclasses.replace(ks1_document, blocks=(table,))
        builder = pdf._Builder(document, pdf.Styles(document.theme, document.theme.body_size))
        (flowable,) = [f for f in builder.blocks(document.blocks) if isinstance(f, pdf._Table)]
        flowable.wrapOn(Canvas(io.BytesIO()), pdf.FRAME_WIDTH, pdf.PAGE_HEIGHT)
        room = sum(flowable._rowHeights[:-1]) + 2  # all but the last row fit
        parts = flowable.split(pdf.FRAME_WIDTH, room)
        heights.append(flowable._rowHeights[-2] / pdf.FRAME_HEIGHT)
        return [len(p._cellvalues) for p in parts]

    heights: list[float] = []
    assert split_before_last("Words that take a line.") == [7, 3]  # header repeats on
    # A helpline's row of five or six lines (Stop It Now's, in a school's help table) still
    # goes along: the last row alone made a page of one row before the students' help page.
    six_lines = " ".join(["A line of detail about a helpline and when it opens."] * 10)
    assert split_before_last(six_lines) == [7, 3]
    assert 0.12 < heights[-1] < 0.16  # the size of row the rule once left behind
    # A fifth of the page goes along too: in large print, the parents' guide's Key Stage 4
    # row stayed and Key Stage 5 went on alone, to a page of its own before the next section.
    fifth = " ".join(["A line of detail about a helpline and when it opens."] * 14)
    assert split_before_last(fifth) == [7, 3]
    assert 0.18 < heights[-1] < 0.21
    tall = " ".join(["A card with many lines of detail about a helpline."] * 24)  # 9 cm
    assert split_before_last(tall) == [8, 2]


@pytest.mark.parametrize("filler", range(10, 17, 2))
def test_a_short_table_that_is_tall_as_laid_out_may_split(filler: int) -> None:
    # Six steps to number are a short table, kept whole; in large print they are nearly half
    # a page, and kept whole they and their heading moved on, leaving the page before blank.
    texts = [
        "Tell a trusted adult. They will help you, not blame you.",
        "Do not pay, and do not send anything more.",
        "Use Report Remove to get the image taken down.",
        "Stop replying, and block the account.",
        "Report it to CEOP, and to the app or site.",
        "Keep the evidence. Screenshot the messages and the account name.",
    ]
    blocks = (
        *_filler(filler),
        Heading(3, _text("What to do"), "what"),
        Paragraph(_text("Number these steps from 1 to 6.")),
        Table((_text("Step"), _text("Order")), tuple((_text(t), ()) for t in texts)),
    )
    pages = _pages_large(blocks)
    assert _page_of(pages, "What to do") == _page_of(pages, "Tell a trusted adult") == 0


def test_a_young_childs_last_drawing_box_grows_into_the_room_left() -> None:
    # A large-print KS1 sheet's box moved on alone at its own 55 mm, leaving three quarters of
    # the page blank; a box that is not last, or on a sheet in ordinary type, keeps its size.
    from reportlab.lib.units import mm

    from cse_lessonpack.render import pdf

    def boxes(document: Document) -> list[pdf._DrawBox]:
        builder = pdf._Builder(document, pdf.Styles(document.theme, document.theme.body_size))
        return [f for f in builder.blocks(document.blocks) if isinstance(f, pdf._DrawBox)]

    sheet = Worksheet(
        "Draw",
        "draw",
        (WriteSpace("box", 40, "First box."), WriteSpace("box", 55, "Draw your grown-up here.")),
    )
    first, last = boxes(_large((sheet,)))
    room = 120 * mm  # what a frame offers below the heading (it grows to 2.5 times at most)
    assert last.wrap(pdf.FRAME_WIDTH, room)[1] == pytest.approx(room - 1)
    assert last.wrap(pdf.FRAME_WIDTH, pdf.PAGE_HEIGHT)[1] == pytest.approx(55 * mm)  # measured
    assert first.wrap(pdf.FRAME_WIDTH, room)[1] == pytest.approx(40 * mm)
    (_, plain) = boxes(_document((sheet,)))
    assert plain.wrap(pdf.FRAME_WIDTH, room)[1] == pytest.approx(55 * mm)


@pytest.mark.parametrize("filler", range(30, 46))
def test_a_letters_sign_off_lines_stay_on_one_page_with_its_closing(filler: int) -> None:
    # In a large-print pack "Signed ____" ended one page and "Name and role ____" sat alone on
    # the next.
    blocks = (
        *_filler(filler),
        Paragraph(_text("Yours faithfully,")),
        WriteSpace("lines", 1, "Signed"),
        WriteSpace("lines", 1, "Name and role"),
    )
    pages = _pages(blocks)
    closing = _page_of(pages, "Yours faithfully,")
    assert _page_of(pages, "Signed") == _page_of(pages, "Name and role") == closing


def _closing() -> tuple[Block, ...]:
    """A letter's end as the template writes it: the services, 999 and the sign-off."""
    item = (Paragraph(_text("A service, its number and who it is for, over two lines " * 2)),)
    return (
        Paragraph(_text("These services can help you or your child:")),
        ListBlock(False, (item, item, item)),
        Paragraph(_text("If a child is in immediate danger, call 999.")),
        Paragraph(_text("Yours faithfully,")),
        WriteSpace("lines", 1, "Signed"),
        WriteSpace("lines", 1, "Name and role"),
    )


@pytest.mark.parametrize("filler", range(24, 46, 3))
def test_a_letters_sign_off_never_stands_alone_on_its_last_page(filler: int) -> None:
    # A large-print letter put "Yours faithfully" and the lines to sign on a last page of their
    # own: the services, the line leading into them and the sign-off now go on together.
    letter = Letter((Paragraph(_text("Dear parent or carer,")), *_filler(filler), *_closing()))
    pages = _pages((letter,))
    lead = _page_of(pages, "These services can help")
    assert _page_of(pages, "Yours faithfully,") == _page_of(pages, "Name and role") == lead
    assert pages[lead][0].count("A service, its number") == 3 * 2  # three items, each twice


@pytest.mark.parametrize("filler", [5, 60, 120])
def test_a_letter_longer_than_a_page_numbers_its_own_pages(filler: int) -> None:
    # A parent given page 2 alone should know there is a page 1; the pack's "Page 64 of 69"
    # would say nothing to them, and a one-page letter needs no number.
    letter = Letter((Paragraph(_text("Dear parent or carer,")), *_filler(filler)))
    texts = [text for text, _ in _pages((*_filler(3), letter, *_filler(3)))]
    total = len(texts)
    inside = [n for n, text in enumerate(texts) if "Header" not in text]  # the running header
    assert inside == list(range(1, total - 1)) and "Dear parent or carer," in texts[1]
    assert len(inside) == {5: 1, 60: 2, 120: 4}[filler]
    for place, n in enumerate(inside, start=1):
        marks = re.findall(r"Page \d+ of \d+", texts[n])
        assert marks == ([f"Page {place} of {len(inside)}"] if len(inside) > 1 else [])
    for n in (0, total - 1):
        assert re.findall(r"Page \d+ of \d+", texts[n]) == [f"Page {n + 1} of {total}"]


def test_a_web_address_longer_than_a_line_breaks_after_a_slash() -> None:
    # Split mid-word ("relationships-an / d-sex-education") it could not be typed from paper.
    url = (
        "https://www.gov.uk/government/publications/"
        "relationships-education-relationships-and-sex-education-rse-and-health-education"
    )
    pages = _pages((Paragraph(_text(f"Statutory guidance, July 2025: {url}")),))
    lines = [line for line in pages[0][0].splitlines() if "gov.uk" in line or "education" in line]
    assert "".join(lines).replace("Statutory guidance, July 2025: ", "") == url
    assert len(lines) > 1 and all(line.endswith("/") for line in lines[:-1]), lines


def test_a_drawing_box_sized_for_a_hand_gives_up_little_to_finish_a_sheet() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from cse_lessonpack.render import pdf

    style = ParagraphStyle("label")
    hand = pdf._DrawBox(120 * mm, "Draw round your hand here.", style, "#888888", 250 * mm)
    # 90 mm left on the page: a hand would not fit, so the box keeps its size (and moves on).
    assert hand.wrap(170 * mm, 90 * mm)[1] == 120 * mm
    assert hand.wrap(170 * mm, 110 * mm)[1] == 110 * mm - 1  # nearly all of it: shrunk to fit
    face = pdf._DrawBox(50 * mm, "Draw a face.", style, "#888888", 250 * mm)
    assert face.wrap(170 * mm, 35 * mm)[1] == 35 * mm - 1  # a small box may shrink further


@pytest.mark.parametrize("filler", range(26, 40, 2))
def test_a_row_split_across_pages_names_its_first_cell_again(filler: int) -> None:
    # The rest of a curriculum map's row stood under an empty "Lesson" cell on the next page.
    outcomes = " ".join(f"Outcome {n} of the statutory guidance." for n in range(40))
    table = Table(
        (_text("Lesson"), _text("Statutory outcomes")),
        ((_text("Lesson one"), _text(outcomes)), (_text("Lesson two"), _text("Outcome."))),
    )
    pages = _pages((*_filler(filler), table))
    split = [n for n, (text, _) in enumerate(pages) if "Outcome 39" in text]
    first = _page_of(pages, "Outcome 0 ")
    words = [" ".join(text.split()) for text, _ in pages]
    if split[0] != first:  # the row went across a page: its name goes with its rest
        assert "Lesson one (continued)" in words[split[0]]
        assert "(continued)" not in words[first]


@pytest.mark.parametrize("filler", range(24, 40))
def test_a_row_short_enough_to_move_on_whole_is_never_split(filler: int) -> None:
    # KS3's curriculum map broke an outcome mid-phrase ("Online and" | "media: Making ..."),
    # where the Word file moves the row on whole.
    def outcomes(lesson: int) -> str:
        return " ".join(f"Lesson{lesson}outcome{n} of the guidance." for n in range(24))

    rows = tuple((_text(f"Lesson {n}"), _text(outcomes(n))) for n in range(4))
    table = Table((_text("Lesson"), _text("Statutory outcomes")), rows)
    pages = [text for text, _ in _pages((*_filler(filler), table))]
    for lesson in range(4):
        holding = [n for n, text in enumerate(pages) if f"Lesson{lesson}outcome" in text]
        assert len(holding) == 1, (lesson, holding)


@pytest.mark.parametrize("filler", range(26, 44, 2))
def test_an_activitys_steps_and_the_box_read_out_with_them_share_a_page(filler: int) -> None:
    # A teacher read "Read each statement below" at one page's foot and turned over for the
    # statements (22 boxes in the five packs began a page apart from their steps).
    steps = ListBlock(
        True, tuple((Paragraph(_text(f"Step {n}, said briefly.")),) for n in range(3))
    )
    box = Callout(
        "question",
        "Read to the class",
        (ListBlock(False, tuple((Paragraph(_text(f"Prompt {n}.")),) for n in range(4))),),
    )
    pages = _pages((*_filler(filler), Heading(3, _text("Main: True or false?"), "m"), steps, box))
    assert _page_of(pages, "Step 2") == _page_of(pages, "Read to the class")
    assert _page_of(pages, "Step 0") == _page_of(pages, "Main: True or false?")


def test_choices_too_long_for_one_line_are_set_in_even_columns() -> None:
    # "Block and report." dropped onto a line of its own under three others, and read as a
    # new row of choices to a pupil.
    from cse_lessonpack.markdown import read

    text = "**Send the photo.** · **Stop chatting.** · **Tell a trusted adult.** · **Block and report.**"
    sheet = Worksheet("What is the catch?", "catch", tuple(read(text)))
    data = render_pdf(_document((sheet,)))
    placed: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        words = " ".join(text.split())
        if words:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]  # where it is on the page
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            placed[words] = (round(x), round(y))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    send, stop = placed["Send the photo."], placed["Stop chatting."]
    tell, block = placed["Tell a trusted adult."], placed["Block and report."]
    assert send[1] == stop[1] > tell[1] == block[1]  # two lines of two
    assert send[0] == tell[0] < stop[0] == block[0]  # in two columns


@pytest.mark.parametrize("filler", range(30, 44))
def test_a_short_list_that_closes_its_section_is_never_split(filler: int) -> None:
    # A lesson's "Where to get help" split two and two: a page shown on its own lost 999.
    items = tuple((Paragraph(_text(f"Help route {n}.")),) for n in range(5))
    pages = _help_section(filler, ListBlock(False, items))
    assert _page_of(pages, "Help route 0") == _page_of(pages, "Help route 4")
    assert _page_of(pages, "Where to get help") == _page_of(pages, "Help route 0")


def _help_list(count: int, lines: int) -> ListBlock:
    """A list of ``count`` items, each about ``lines`` lines long at the body's width."""
    words = " ".join(["for young people who want to talk to someone about a worry"] * 2)
    return ListBlock(
        False,
        tuple(
            (Paragraph(_text(f"Help route {n}: " + " ".join([words] * (lines - 1)) + ".")),)
            for n in range(count)
        ),
    )


def _help_section(filler: int, items: ListBlock) -> list[tuple[str, int]]:
    """The pages of a lesson's end: filler lines, "Where to get help" with ``items``, then a
    follow-up section."""
    return _pages(
        (
            *_filler(filler),
            Heading(3, _text("Where to get help"), "help"),
            items,
            Heading(3, _text("Follow-up"), "follow"),
            Paragraph(_text("Check the question box.")),
        )
    )


@pytest.mark.parametrize("filler", range(24, 44, 2))
def test_a_help_list_of_six_two_line_items_closing_its_section_is_never_split(
    filler: int,
) -> None:
    # KS4's "Where to get help", six services, three of them on two lines, split three and three.
    pages = _help_section(filler, _help_list(6, 2))
    assert _page_of(pages, "Help route 0") == _page_of(pages, "Help route 5")
    assert _page_of(pages, "Where to get help") == _page_of(pages, "Help route 0")


@pytest.mark.parametrize("filler", range(4, 40, 2))
def test_a_closing_list_too_tall_to_move_whole_never_leaves_its_last_item_alone(
    filler: int,
) -> None:
    # KS5's six services, too tall to move on whole, split five and one: "call 999" alone.
    pages = _help_section(filler, _help_list(6, 3))
    assert _page_of(pages, "Help route 4") == _page_of(pages, "Help route 5")


def test_a_closing_list_of_longer_notes_splits_rather_than_leave_a_gap() -> None:
    # A briefing's key facts, three lines each, moved on whole left 40% of a page blank.
    def blocks(filler: int) -> tuple[Block, ...]:
        return (
            *_filler(filler),
            Heading(3, _text("Key facts"), "facts"),
            _help_list(4, 3),
            Heading(3, _text("Sources"), "sources"),
            Paragraph(_text("The sources.")),
        )

    split = []
    for filler in range(24, 44, 2):
        pages = _pages(blocks(filler))
        if _page_of(pages, "Help route 0") != _page_of(pages, "Help route 3"):
            split.append(filler)
    assert split


def test_labelled_lines_in_a_callout_or_a_list_item_render() -> None:
    # Grouped to stay together in the page's flow, they crashed reportlab inside a table cell.
    lines = (WriteSpace("lines", 1, "Signed"), WriteSpace("lines", 1, "Date"))
    blocks = (
        Callout("note", "Check-in", (Paragraph(_text("Sign here.")), *lines)),
        ListBlock(False, ((Paragraph(_text("First item")), *lines),)),
    )
    (text, _), *_ = _pages(blocks)
    assert text.count("Signed") == 2 and text.count("Date") == 2


def test_a_row_over_three_pages_is_named_once_on_each() -> None:
    outcomes = " ".join(f"Outcome {n} of the statutory guidance." for n in range(330))
    table = Table(
        (_text("Lesson"), _text("Statutory outcomes")),
        ((_text("Lesson one"), _text(outcomes)), (_text("Lesson two"), _text("Outcome."))),
    )
    pages = [" ".join(text.split()) for text, _ in _pages((*_filler(10), table))]
    assert len(pages) >= 3
    assert "(continued)" not in pages[0]
    for page in pages[1:]:
        assert page.count("Lesson one (continued)") == 1 and "(continued) (continued)" not in page


def test_a_long_name_said_again_never_runs_into_the_row_below() -> None:
    name = (
        "Lesson one: keeping ourselves and each other safe online, offline, at school, at home "
        "and in our wider community, with people we know and people we have only ever met "
        "online, and knowing who to tell"
    )
    outcomes = " ".join(f"Outcome {n} of the statutory guidance." for n in range(30)) + " word" * 14
    table = Table(
        (_text("Lesson"), _text("Statutory outcomes")),
        ((_text(name), _text(outcomes)), (_text("Lesson two"), _text("Outcome."))),
    )
    for filler in range(45, 56):  # some of these split the row inside its name's cell
        document = pdfium.PdfDocument(render_pdf(_document((*_filler(filler), table))))
        page = document[len(document) - 1]
        text = page.get_textpage()
        whole = text.get_text_range()
        if "(continued)" not in whole:
            continue
        below = text.get_charbox(whole.index("(continued)"))[1]  # its bottom edge
        above = text.get_charbox(whole.index("Lesson two"))[3]  # the next row's top edge
        assert below - above >= 3, filler  # the rows' padding between them, at the least


def test_a_sheet_without_a_help_box_uses_the_whole_page() -> None:
    # The pupils' help page has no help box at its foot, so no room is kept for one: in large
    # print its list of services was cut short with a quarter of the page left blank.
    help_box = tuple(Paragraph(_text(f"Need help? Reason {n}.")) for n in range(6))
    helped = Worksheet(
        "Helped",
        "helped",
        tuple(Paragraph(_text(f"Helped line {n}.")) for n in range(60)),
        help_box,
    )
    open_sheet = Worksheet(
        "Open sheet", "open", tuple(Paragraph(_text(f"Open line {n}.")) for n in range(60))
    )
    pages = [text for text, _ in _pages((helped, open_sheet))]
    helped_first = next(t for t in pages if "Helped line 0." in t).count("Helped line")
    open_first = next(t for t in pages if "Open line 0." in t).count("Open line")
    assert open_first >= helped_first + 5


def _bottom_of(data: bytes, page: int, words: str) -> float:
    """How far above the page's foot the words end, in points."""
    textpage = pdfium.PdfDocument(data)[page].get_textpage()
    found = textpage.search(words).get_next()
    assert found is not None, words
    return float(textpage.get_charbox(found[0])[1])


@pytest.mark.parametrize("filler", range(2, 30))
def test_a_list_split_does_not_leave_a_quarter_of_a_page_blank(filler: int) -> None:
    # Keeping a list's last two items together must not cost a large gap: when they do not fit,
    # the last item goes on alone instead.
    words = "Say why it matters to the children in your class today. " * 9
    items = tuple((Paragraph(_text(f"Item {n}. {words}")),) for n in range(4))
    blocks = (*_filler(filler), ListBlock(False, items))
    data = render_pdf(_document(blocks))
    pages = _pages(blocks)
    first = _page_of(pages, "Item 0.")
    if first != _page_of(pages, "Item 1.") or first == _page_of(pages, "Item 3."):
        return  # the list starts on the next page, or all of it fits
    item = _bottom_of(data, first, "Item 0.") - _bottom_of(data, first, "Item 1.")
    left = _bottom_of(data, first, f"Filler line {filler - 1}.") - MARGIN_BOTTOM
    if left - 2 * item > FRAME_HEIGHT / 4 and left > 3 * item:
        assert _page_of(pages, "Item 2.") == first, f"{left - 2 * item:.0f} pt would be blank"


def test_choices_to_circle_are_far_enough_apart_for_a_childs_circles() -> None:
    # A Year 1 teacher found "No! · Stop!" about 8 mm apart: two circles drawn by a young child
    # would meet. The gap must leave room for both.
    from cse_lessonpack.markdown import read

    sheet = Worksheet("Sheet", "sheet", read("**No!** · **Stop!** · **I don't like that.**\n"))
    data = render_pdf(_document((sheet,)))
    textpage = pdfium.PdfDocument(data)[0].get_textpage()

    def span(words: str) -> tuple[float, float]:
        found = textpage.search(words).get_next()
        assert found is not None, words
        start, count = found
        return textpage.get_charbox(start)[0], textpage.get_charbox(start + count - 1)[2]

    gap_mm = (span("Stop!")[0] - span("No!")[1]) / 72 * 25.4
    assert gap_mm >= 9, f"{gap_mm:.1f} mm between two choices"


PADLOCK_OR_TELL = (
    '![A padlock](picture:lock "14") ![A speech bubble](picture:speech "18")\n\n'
    "**Keep it secret.**  ·  **Tell a grown-up you trust.**\n"
)


def test_each_choice_stands_centred_under_its_picture() -> None:
    # A Year 2 teacher found the padlock nearer "Tell a grown-up" than "Keep it secret": the
    # pictures stood in halves of the page and the choices in a line from its left edge.
    from cse_lessonpack.markdown import read
    from cse_lessonpack.render.pdf import MARGIN_X

    sheet = Worksheet("Sheet", "sheet", read(PADLOCK_OR_TELL))
    data = render_pdf(_document((sheet,)))
    page = pdfium.PdfDocument(data)[0]
    textpage = page.get_textpage()

    def centre(words: str) -> float:
        found = textpage.search(words).get_next()
        assert found is not None, words
        start, count = found
        return (textpage.get_charbox(start)[0] + textpage.get_charbox(start + count - 1)[2]) / 2

    # The pictures are centred in their halves of the page; so is each choice, under its own.
    pictures = [
        (left + right) / 2
        for obj in page.get_objects(max_depth=1)
        if obj.type in (pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_PATH)
        for left, _, right, _ in [obj.get_bounds()]
        if right - left < FRAME_WIDTH / 3
    ]
    halves = [MARGIN_X + FRAME_WIDTH / 4, MARGIN_X + 3 * FRAME_WIDTH / 4]
    for half, words in zip(halves, ["Keep it secret.", "Tell a grown-up you trust."], strict=True):
        assert abs(centre(words) - half) < 2, words
        assert any(abs(x - half) < 2 for x in pictures), (half, pictures)


def test_a_card_set_over_two_pages_repeats_its_title_marked_continued() -> None:
    # Large print sends card sets over a page; the title row came again unmarked, so the
    # second page read as a new set.
    cards = tuple(((Text(f"Card {n}, a card with words on it"),),) for n in range(16))
    sheet = Worksheet("Cards", "cards", (Table(((Text("Gift cards"),),), cards, cards=2),))
    pages = pdf_pages(render_pdf(_large((sheet,))))
    holding = [n for n, text in enumerate(pages) if "Card " in text]
    assert len(holding) >= 2
    assert "Gift cards (continued)" not in pages[holding[0]]
    assert all("Gift cards (continued)" in pages[n] for n in holding[1:])


@pytest.mark.parametrize("lines", [10, 11, 13, 14])
def test_a_card_set_that_fits_a_page_is_not_left_mostly_to_the_next(lines: int) -> None:
    # Large print's KS2 word mat ("cut round all the words for a mat") left its first row of
    # three under the feelings scale and the other nine on the next page.
    words = tuple(((Text(f"Word{n}"),),) for n in range(12))
    note = tuple(Paragraph(_text(f"For the adult: line {n} of a long note.")) for n in range(lines))
    mat = Table(((Text("Feeling words"),),), words, cards=3)
    pages = pdf_pages(render_pdf(_large((Worksheet("Mat", "mat", (*note, mat)),))))
    holding = [n for n, text in enumerate(pages) if "Word" in text]
    if len(holding) > 1:  # split only where the set could not fit a page whole
        first = pages[holding[0]].count("Word")
        assert first >= sum(pages[n].count("Word") for n in holding[1:]), first


def test_a_worksheets_lesson_line_that_wraps_shares_its_words_between_its_lines() -> None:
    # "Lesson 2: Secrets, pressure and gifts with strings / attached" under a large-print
    # worksheet's title left one word alone on the second line.
    line = Paragraph(_text("Lesson 2: Secrets, pressure and gifts with strings attached"))
    sheet = Worksheet("Gift cards", "gift", (line, Paragraph(_text("Sort the cards."))))
    text = pdf_pages(render_pdf(_large((sheet,))))[0]
    lines = text[text.index("Lesson 2:") :].splitlines()[:2]
    assert " ".join(lines) == "Lesson 2: Secrets, pressure and gifts with strings attached"
    assert min(len(words.split()) for words in lines) >= 3


def test_cut_out_cards_sit_side_by_side_inside_dashed_lines() -> None:
    cards = tuple(((Text(f"Card {n}"),),) for n in range(5))
    sheet = Worksheet("Cards", "cards", (Table(((Text("Gift cards"),),), cards, cards=2),))
    data = render_pdf(_document((sheet,)))
    page = pdfium.PdfDocument(data)[0]
    textpage = page.get_textpage()

    def centre(words: str) -> tuple[float, float]:
        found = textpage.search(words).get_next()
        assert found is not None, words
        left, bottom, _, top = textpage.get_charbox(found[0])
        return left, (bottom + top) / 2

    assert abs(centre("Card 0")[1] - centre("Card 1")[1]) < 1  # on one row
    assert centre("Card 1")[0] - centre("Card 0")[0] > FRAME_WIDTH / 3  # in two columns
    assert centre("Card 0")[1] - centre("Card 2")[1] >= 25 * 72 / 25.4  # a card is 25 mm or more
    stream = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert b"[4 3] 0 d" in stream  # the cutting lines are dashed


def test_signs_for_the_room_are_two_to_a_page_in_type_read_across_a_room() -> None:
    # Room signs set as cards were no bigger than the small cards ("True" about 16 pt, 8 cm
    # wide): each sign is half a page, its word as large as the width allows.
    signs = Signs(
        (
            (Text("True"),),
            (Text("Disagree"),),
            (Text("Tell"), LineBreak(), Text("A secret that worries someone.")),
        )
    )
    sheet = Worksheet("Room signs", "signs", (Paragraph(_text("Copy at A3.")), signs))
    data = render_pdf(_document((sheet,)))
    document = pdfium.PdfDocument(data)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    where = {
        w: next(i for i, t in enumerate(texts) if w in t) for w in ("True", "Disagree", "Tell")
    }
    # They start a page of their own, as their sheets say ("on the next pages"), even where the
    # first would fit under the instruction; then two fill a page.
    assert where == {"True": 1, "Disagree": 1, "Tell": 2}
    assert "A secret that worries someone." in texts[2]
    assert "Copy at A3." in texts[0] and "Copy at A3." not in texts[1]

    def size(page: int, word: str) -> float:
        textpage = document[page].get_textpage()
        found = textpage.search(word).get_next()
        assert found is not None
        _, bottom, _, top = textpage.get_charbox(found[0])
        return float(top - bottom)  # the capital's height: about 0.7 of the type's size

    assert size(1, "True") > 60 and size(1, "Disagree") > 60  # over 85 pt type
    # One size for the set, so signs put up together match: the longest word's.
    assert abs(size(1, "True") - size(1, "Disagree")) < 0.5
    assert abs(size(2, "Tell") - size(1, "Disagree")) < 0.5
    assert size(2, "Tell") > size(2, "A secret") * 2  # the word, then what it means
    stream = PdfReader(io.BytesIO(data)).pages[1].get_contents().get_data()
    assert b"[4 3] 0 d" in stream  # cut round on dashed lines, as the cards are


def test_a_worksheet_just_after_a_page_break_is_still_a_worksheet() -> None:
    # Found by the property test: of two breaks in a row the first was kept, so the sheet's
    # page template came a page late and the sheet was set on a teacher's page, with no band
    # and no help box.
    help_box = (Paragraph(_text("Need help? Talk to an adult.")),)
    sheet = Worksheet("My sheet", "sheet", (Paragraph(_text("Draw here.")),), help_box)
    pages = [text for text, _ in _pages((Paragraph(_text("Before.")), PageBreak(), sheet))]
    assert len(pages) == 2
    assert pages[1].startswith("Pupil worksheet")
    assert "Need help? Talk to an adult." in pages[1] and "Draw here." in pages[1]


def test_every_page_of_a_worksheet_names_it() -> None:
    # A KS1 sheet's drawing page, copied single-sided, came back with nothing to say which
    # worksheet it belonged to: the band at the top of each page names the sheet.
    sheet = Worksheet(
        "I can say no and tell",
        "sheet",
        (Paragraph(_text("Question one.")), PageBreak(), Paragraph(_text("Question two."))),
    )
    pages = [text for text, _ in _pages((sheet,))]
    second = next(t for t in pages if "Question two." in t)
    assert "Question one." not in second
    assert "I can say no and tell" in second


@pytest.mark.parametrize("filler", range(4, 30))
def test_a_heading_stays_with_the_question_and_lines_after_it(filler: int) -> None:
    # In large print, a worksheet's last heading was left alone at the foot of a page: it had
    # room for itself and its question, but the question went on with its writing lines.
    blocks = _sheet(
        (
            *_filler(filler),
            Heading(2, _text("The most harmful myth"), "myth"),
            Paragraph(_text("Which myth do you think does the most harm? Why?")),
            WriteSpace("lines", 8, "The most harmful myth is"),
        )
    )
    pages = _pages(blocks)
    assert _page_of(pages, "The most harmful myth is") == _page_of(pages, "Which myth do you")
    assert _page_of(pages, "Which myth do you") == _page_of(pages, "The most harmful myth\n")


def test_a_worksheet_title_too_long_for_the_band_goes_on_two_lines_not_cut_short() -> None:
    # The KS5 band read "Myth or fact? Consent and exploitation at 16 an…": the title beside
    # "Pupil worksheet" is what a page copied on its own is known by.
    title = "Myth or fact? Consent and exploitation at 16 and 17"
    sheet = Worksheet(title, "myth", (Paragraph(_text("Read each one.")),))
    document = _document((Paragraph(_text("The lessons.")), sheet))
    meta = dataclasses.replace(
        document.meta, sheet_header="Know About CSE · Key Stage 5 lesson pack"
    )
    page = pdf_pages(render_pdf(dataclasses.replace(document, meta=meta)))[-1]
    assert "…" not in page
    words = " ".join(page.split())
    assert words.count("exploitation at 16 and 17") == 2, page  # the band's and the heading's


def _fonts_of(data: bytes, words: str) -> set[str]:
    """The fonts of the text runs on the first page that contain ``words``."""
    found: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: Any, size: float) -> None:
        if words in text and font:
            found.add(str(font["/BaseFont"]).split("+")[-1])

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_footer_sets_a_letter_its_font_lacks_in_the_fallback_face() -> None:
    # Atkinson Hyperlegible has no "Ŵ": a Welsh school's name showed an empty box in every footer.
    footer = "Ysgol Gymraeg Bro Ŵyr · Know the signs. Report it."
    data = render_pdf(_large((Paragraph(_text("Body.")),), footer))
    assert "Ysgol Gymraeg Bro Ŵyr" in pdf_pages(data)[0]
    assert _fonts_of(data, "Ŵ") == {"NotoSans-Regular"}
    assert _fonts_of(data, "Ysgol") == {"AtkinsonHyperlegible-Regular"}


def _card_sheet(card: tuple[Any, ...], large: bool = False) -> bytes:
    table = Table(((),), ((card,), (card,)), cards=2)
    blocks = (Worksheet("Cards", "cards", (table,)),)
    return render_pdf(_large(blocks) if large else _document(blocks))


HELP_CARD = (
    Strong((Text("MY HELP CARD"),)),
    LineBreak(),
    Text("My trusted adult:"),
    LineBreak(),
    Text("_" * 12),
    LineBreak(),
    Text("Childline: "),
    Strong((Text("0800 1111"),)),
)


def test_a_card_that_marks_words_bold_sets_the_rest_in_regular_type() -> None:
    data = _card_sheet(HELP_CARD)
    assert _fonts_of(data, "MY HELP CARD") == {"AtkinsonHyperlegible-Bold"}
    assert _fonts_of(data, "My trusted adult") == {"AtkinsonHyperlegible-Regular"}
    # A card with nothing marked stays in bold type.
    plain = _card_sheet((Text("Not OK"),))
    assert _fonts_of(plain, "Not OK") == {"AtkinsonHyperlegible-Bold"}


def test_a_cards_longest_word_is_never_broken_across_lines() -> None:
    # Large print's KS2 word mat, three cards to a row, printed "embarrasse" over "d".
    words = ("happy", "embarrassed", "worried")
    rows = tuple(((Text(w),),) for w in words)
    sheet = Worksheet(
        "Feeling words", "words", (Table(((Text("Feeling words"),),), rows, cards=3),)
    )
    text = pdfium.PdfDocument(render_pdf(_large((sheet,))))[0].get_textpage().get_text_range()
    words = text.split()
    assert "embarrassed" in words, words  # not "embarrasse" over "d"
    # A set whose words fit keeps its full size: the smaller type is only for a word too wide.
    normal = pdfium.PdfDocument(render_pdf(_document((sheet,))))[0]
    assert "embarrassed" in normal.get_textpage().get_text_range()


@pytest.mark.parametrize("large", [False, True])
def test_a_cards_line_to_write_on_is_as_wide_as_the_card_on_one_line(large: bool) -> None:
    data = _card_sheet(HELP_CARD, large)
    page = pdfium.PdfDocument(data)[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    runs = re.findall(r"_+", text)
    assert len(runs) == 2, runs  # one line on each card, none wrapped onto a second line
    start = text.index("_")
    left = textpage.get_charbox(start)[0]
    right = textpage.get_charbox(start + len(runs[0]) - 1)[2]
    card = FRAME_WIDTH / 2
    assert 0.8 * card <= right - left <= card - 16, (right - left, card)


@pytest.mark.parametrize("filler", range(30, 48))
def test_a_paragraphs_last_line_never_starts_a_page_alone(filler: int) -> None:
    # The end of a teacher's answer sat by itself at the top of a KS5 page.
    words = " ".join(f"word{n}" for n in range(60))
    blocks = (*_filler(filler), Paragraph(_text(f"Answer begins {words} answer ends.")))
    data = render_pdf(_document(blocks))
    pages = _pages(blocks)
    last = _page_of(pages, "answer ends.")
    if _page_of(pages, "Answer begins") == last:
        return  # the paragraph is whole on one page
    doc = pdfium.PdfDocument(data)
    top = doc[last].get_textpage().get_text_range().split("Filler")[0]
    body_lines = [line for line in top.splitlines() if "word" in line or "answer" in line]
    assert len(body_lines) >= 2, body_lines


def test_a_chapter_heading_mid_page_has_room_above_it_that_a_new_page_does_not_need() -> None:
    # "Sources and review" sat tight under the glossary's table, as if part of it.
    blocks = (
        Heading(1, _text("First chapter"), "first"),
        *_filler(3),
        Heading(1, _text("Second chapter"), "second"),
        Paragraph(_text("Its first line.")),
    )
    data = render_pdf(_document(blocks))
    page = _page_of(_pages(blocks), "Second chapter")
    assert page == _page_of(_pages(blocks), "First chapter")
    gap = _bottom_of(data, page, "Filler line 2.") - _bottom_of(data, page, "Second chapter")
    line = _bottom_of(data, page, "Filler line 1.") - _bottom_of(data, page, "Filler line 2.")
    # The chapter's own 27 pt leading and the paragraph's space after come to a line and a
    # half of body text; with room above it the chapter stands more than two lines clear.
    assert gap > line * 2, (gap, line)


@pytest.mark.parametrize("filler", range(20, 34))
def test_a_box_split_leaves_more_than_one_item_on_each_page(filler: int) -> None:
    # A story read to the class ended with its last week alone at the top of the next page,
    # and a box of questions began with its title and one question at the foot of a page.
    story = "Jade and Connor talk about what happens next, and what it means. " * 2
    items = tuple((Paragraph(_text(f"Week {n}. {story}")),) for n in range(1, 10, 2))
    blocks = (*_filler(filler), Callout("note", "Read to the class", (ListBlock(False, items),)))
    pages = _pages(blocks)
    where = [_page_of(pages, f"Week {n}.") for n in range(1, 10, 2)]
    if len(set(where)) > 1:
        assert where.count(where[0]) >= 2 and where.count(where[-1]) >= 2, where


def _card_heights(cards: tuple[str, ...]) -> list[float]:
    from cse_lessonpack.render import pdf

    rows = tuple(((Text(words),),) for words in cards)
    document = _document((Worksheet("Cards", "cards", (Table(((Text(""),),), rows, cards=2),)),))
    builder = pdf._Builder(document, pdf.Styles(document.theme, document.theme.body_size))
    table = builder.card_table(Table(((Text(""),),), rows, cards=2))
    return [float(h) for h in table._argH]


def test_a_card_sets_last_row_shortens_the_cards_a_little_rather_than_go_on_alone() -> None:
    # Three small Agree / Not sure / Disagree cards took a large-print page of their own, a
    # few points short of fitting under the rest.
    from cse_lessonpack.render import pdf

    rows = tuple(((Text(word),),) for word in ("Agree", "Not sure", "Disagree") * 3)
    table = Table(((Text("Small cards"),),), rows, cards=3)
    document = _large((Worksheet("Cards", "cards", (table,)),))
    builder = pdf._Builder(document, pdf.Styles(document.theme, document.theme.body_size))
    cards = builder.card_table(table)
    _, height = cards.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    (whole,) = cards.split(FRAME_WIDTH, height - 10)  # all three rows, a little shorter
    _, shorter = whole.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    assert height - 10 >= shorter
    assert min(whole._rowHeights[1:]) >= 0.9 * pdf.CARD_HEIGHT  # still easy to cut and hold
    # More than a tenth shorter would be too small: the last row goes on (titled "continued").
    _, rest = cards.split(FRAME_WIDTH, height - 40)
    assert len(rest._cellvalues) == 2 and "continued" in rest._cellvalues[0][0].text


def test_a_set_of_cards_comes_out_one_size_unless_that_costs_much_room() -> None:
    # Cut cards of different sizes stack and sort badly; a set whose third row was a line
    # taller came out uneven.
    longer = "A hug from a friend when you do not want a hug today" + ", or tomorrow" * 5 + "."
    even = _card_heights((longer, *["Short."] * 5))
    assert len(set(even)) == 1 and even[0] > min(_card_heights(("Short.", "Short.")))
    # One very long card among short ones would make every card tall and the set too long.
    story = " ".join(["A long card that tells a whole story."] * 8)
    uneven = _card_heights((story, "Short.", "Short.", "Short."))
    assert uneven[0] > uneven[1]


def test_the_cover_closes_with_a_band_and_its_small_print_at_the_foot(ks1_pdf: bytes) -> None:
    # The lower half of every cover was blank: the small print now sits at the foot, above a
    # band with the campaign's words, as the band at the head opens the page.
    textpage = pdfium.PdfDocument(ks1_pdf)[0].get_textpage()

    def boxes(words: str) -> list[tuple[float, float]]:
        search, found, out = textpage.search(words), None, []
        while (found := search.get_next()) is not None:
            _, bottom, _, top = textpage.get_charbox(found[0])
            out.append((top, bottom))
        assert out, words
        return out

    # Once in the head's band, once in the foot's.
    assert min(top for top, _ in boxes("Know the signs. Report it.")) < MARGIN_BOTTOM
    assert max(top for top, _ in boxes("Know the signs. Report it.")) > MARGIN_BOTTOM
    ((_, small_print),) = boxes("From the Know About CSE campaign")
    assert MARGIN_BOTTOM < small_print < MARGIN_BOTTOM + 60


@pytest.mark.parametrize("filler", range(2, 16))
def test_a_table_row_taller_than_a_page_splits_rather_than_fails(filler: int) -> None:
    # A row too tall for any page, whose split would have left fewer than three lines on the
    # next page, was refused a split anywhere, and the build failed (found by the property test).
    tall = Text(" ".join(["x" * 300] * 8))
    table = Table(
        ((tall,), (Text("B"),), (Text("C"),)), (((Text("1"),), (Text("2"),), (Text("3"),)),)
    )
    help_box = (Paragraph(_text("Need help? Childline 0800 1111")),)
    pages = _pages((Worksheet("Sheet", "sheet", (*_filler(filler), table), help_box),))
    assert sum(text.count("x") for text, _ in pages) >= 2400


@pytest.mark.parametrize("filler", [14, 15, 16, 17, 18, 19, 37, 38, 39, 40, 41, 42])
def test_a_heading_and_its_purpose_never_end_a_page_without_the_first_step(filler: int) -> None:
    # In a large-print KS2 pack "Main: The trust trick" and its purpose line ended a page and
    # every step went on to the next: the group was too tall to keep whole, and the fallback
    # kept only the heading and purpose, though the list will not start with less than its
    # first (short) item, or its first two.
    purpose = Paragraph(
        (
            Emphasis(
                _text(
                    "Pupils learn a gentle, child-friendly idea of grooming – someone who builds "
                    "trust to trick or control a child – and that a child can tell at any point "
                    "and is never to blame."
                )
            ),
        )
    )
    step = "Write the definition on the board and read it with the class, then talk about it. "
    steps = ListBlock(
        True,
        (
            (Paragraph(_text("Step 0. " + step * 4)),),
            *((Paragraph(_text(f"Step {n}. " + step * 2)),) for n in range(1, 6)),
        ),
    )
    heading = Heading(2, _text("Main: The trust trick (15 minutes)"), "trust")
    pages = _pages_large((*_filler(filler), heading, purpose, steps))
    assert _page_of(pages, "Main: The trust trick") == _page_of(pages, "Step 0.")


def test_young_pupils_zeros_are_plain_on_their_pages_only() -> None:
    # Atkinson Hyperlegible slashes its zero; a five-year-old copying Childline's 0800 1111 may
    # read the slash as an 8. A stage that asks for plain zeros gets them, in Lato's faces, on
    # its pupils' pages and their help box, bold where the number is bold.
    number = (Strong(_text("Childline 0800 1111")),)
    help_box = (Paragraph((Strong(_text("Childline: 0800 1111")),)),)
    sheet = Worksheet("My helping hand", "hand", (Paragraph(number),), help_box)
    document = _document((Paragraph(_text("Staff notes: call 0800 1111.")), sheet))

    def faces(plain: bool) -> list[set[str]]:
        """Each page's faces that draw a 0."""
        theme = dataclasses.replace(document.theme, sheet_plain_zeros=plain)
        data = render_pdf(dataclasses.replace(document, theme=theme))
        out = []
        for page in PdfReader(io.BytesIO(data)).pages:
            found: set[str] = set()

            def seen(text: str, _cm: Any, _tm: Any, font: Any, _size: Any, into: set[str] = found):
                if "0" in text and font is not None:
                    into.add(str(font["/BaseFont"]).split("+")[-1])

            page.extract_text(visitor_text=seen)
            out.append(found)
        return out

    staff, *pupil = faces(True)
    assert not any("Lato" in face for face in staff)  # the adults' pages keep the font's own
    assert all(any(face.startswith("Lato-Bold") for face in page) for page in pupil)
    assert not any("Lato" in face for page in faces(False) for face in page)


def test_boxes_to_tick_are_ruled_as_dark_as_the_writing_lines(ks1_document: Document) -> None:
    # A grid in #C8C8D0 (1.7:1 on white, half a point) was lost to pupils with low vision.
    rows = (((Text("He has a new phone."),), (Text(""),), (Text(""),)),)
    table = Table(((Text("What Hana notices"),), (Text("Ordinary"),), (Text("Sign"),)), rows)
    data = render_pdf(dataclasses.replace(ks1_document, blocks=(table,)))
    stream = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    # The theme's muted grey (#4A4A4A) as the stroke colour, three quarters of a point wide.
    assert re.search(rb"\.290196 \.290196 \.290196 RG\s+\.75 w", stream), stream[:400]


def test_links_are_drawn_in_the_themes_link_colour(ks1_document: Document) -> None:
    # A school's mid blue (#1976D2) reads on white but not on a box's tint: links then take
    # the text colour (still underlined), in the PDF as in Word.
    from cse_lessonpack.model import Link

    theme = dataclasses.replace(ks1_document.theme, primary="#1976D2", link="#1C1C1C")
    link = Link("https://www.childline.org.uk", (Text("www.childline.org.uk"),))
    blocks = (Paragraph((Text("Go to "), link)), Callout("note", "Help", (Paragraph((link,)),)))
    data = render_pdf(dataclasses.replace(ks1_document, theme=theme, blocks=blocks))
    stream = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data()
    assert b".109804 .109804 .109804 rg" in stream  # #1C1C1C as fill colour for the text
    assert b".098039 .462745 .823529 rg" not in stream  # no text in the school's blue


def test_a_schools_logo_sits_on_a_paper_tile_beside_the_campaigns_on_the_cover(
    school_document: Document,
) -> None:
    # The school's logo was printed under the campaign's band; it belongs beside the campaign's
    # logo, as on the posters, on the paper's colour so a logo drawn for white paper keeps its
    # colours on the brand colour.
    page = pdfium.PdfDocument(render_pdf(school_document))[0]
    (logo,) = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    # get_bounds from pypdfium2 5, get_pos before it.
    left, bottom, right, top = (getattr(logo, "get_bounds", None) or logo.get_pos)()
    textpage = page.get_textpage()
    found = textpage.search("Key Stage 3 lesson pack").get_next()
    assert found is not None
    title_top = textpage.get_charbox(found[0])[3]
    width, height = page.get_size()
    assert left > width / 2 and bottom > title_top  # at the right, level with the campaign's
    assert right - left == pytest.approx(top - bottom)  # its shape kept
    assert 18 * 72 / 25.4 < top - bottom < 24 * 72 / 25.4  # as tall as the campaign's, nearly
    scale = 2
    picture = page.render(scale=scale).to_pil().convert("RGB")

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        rgb: tuple[int, int, int] = picture.getpixel((x * scale, (height - y) * scale))
        return rgb

    middle = (bottom + top) / 2
    assert pixel(left - 1.2 * 72 / 25.4, middle) == (255, 255, 255)  # the tile, round the logo
    band = tuple(int(school_document.theme.primary[i : i + 2], 16) for i in (1, 3, 5))
    assert pixel(left - 6 * 72 / 25.4, middle) == band  # the band, beyond the tile


def test_partners_logos_on_a_cover_read_in_order_and_a_drawing_is_not_dropped(
    two_partner_document: Document,
) -> None:
    # A second partner that is one of the project's drawings was dropped from the PDF without
    # a word (and crashed the Word renderer); partners were drawn from the right edge inwards,
    # the reverse of Word's order.
    page = pdfium.PdfDocument(render_pdf(two_partner_document))[0]
    logos = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    assert len(logos) == 2
    lefts = [(getattr(o, "get_bounds", None) or o.get_pos)()[0] for o in logos]
    pixels = [o.get_px_size() for o in logos]
    (_, first), (_, second) = sorted(zip(lefts, pixels, strict=True))
    assert first == (300, 300) != second  # the school's 300-pixel crest first, then the badge


def _per_page() -> int:
    """How many filler lines a body page holds."""
    pages = _pages(_filler(120))
    return pages[0][0].count("Filler line")


def _short_section(paragraphs: int) -> tuple[Block, ...]:
    return (
        PageBreak(),
        Heading(1, _text("Responding to a disclosure"), "responding"),
        *(Paragraph(_text(f"Step {n}: listen, and tell the DSL. " * 4)) for n in range(paragraphs)),
    )


def test_a_short_section_follows_a_page_holding_only_a_few_lines() -> None:
    # A school's DSL box ran "Getting ready" on by three lines, and the page break before
    # "Responding to a disclosure" left a page holding only those three.
    per_page = _per_page()
    pages = _pages((*_filler(per_page + 3), *_short_section(6)))
    assert len(pages) == 2
    assert _page_of(pages, "Responding to a disclosure") == _page_of(
        pages, f"Filler line {per_page + 2}."
    )


def test_a_section_break_still_starts_a_page_after_a_fuller_one_or_before_a_long_section() -> None:
    per_page = _per_page()
    # The page holds half a page: not almost empty.
    pages = _pages((*_filler(per_page + per_page // 2), *_short_section(6)))
    assert _page_of(pages, "Responding to a disclosure") == 2
    # The next section would not fit whole below the few lines.
    pages = _pages((*_filler(per_page + 3), *_short_section(60)))
    assert _page_of(pages, "Responding to a disclosure") == 2


def test_a_large_print_contents_entry_that_wraps_never_leaves_a_word_alone() -> None:
    # A large-print KS4 contents entry ended "Lesson 3: Online exploitation and sextortion –
    # what to / do", where the heading itself shares its words between its lines.
    title = "Lesson 3: Online exploitation and sextortion – what to do"
    blocks = (Contents("Contents", 1), Heading(1, _text(title), "l3"), PageBreak())
    contents = pdf_pages(render_pdf(_large(blocks)))[0]
    entry = contents[contents.index("Lesson 3") :].split("\n")
    assert len(entry[0].split()) >= 3 and len(entry[1].split()) >= 3, entry[:2]


def test_a_pages_footer_and_help_box_are_drawn_after_its_content() -> None:
    # Software that reads a page's text in the order it was drawn (pdftotext -raw, some screen
    # readers with an untagged PDF) read every worksheet's help box, and every page's footer,
    # before the page itself.
    first = (
        Worksheet(
            "First sheet",
            "first",
            (Paragraph(_text("Question about Maya.")),),
            (Paragraph(_text("Need help with the first sheet? Ask an adult.")),),
        ),
    )
    second = (
        Worksheet(
            "Second sheet",
            "second",
            (Paragraph(_text("Question about Sam.")),),
            (Paragraph(_text("Need help with the second sheet? Call Childline.")),),
        ),
    )
    blocks = (Paragraph(_text("Teacher notes first.")), *first, *second)
    reader = PdfReader(io.BytesIO(render_pdf(_document(blocks))))
    pages = [page.extract_text() for page in reader.pages]
    notes, sheet_one, sheet_two = pages
    assert notes.index("Teacher notes first.") < notes.index("Footer")
    assert sheet_one.index("Question about Maya.") < sheet_one.index("Need help with the first")
    assert "second sheet" not in sheet_one  # each page keeps its own sheet's box
    assert sheet_two.index("Question about Sam.") < sheet_two.index("Need help with the second")
    assert sheet_two.index("Need help") < sheet_two.index("Footer")


def test_a_covers_foot_band_is_drawn_after_the_cover() -> None:
    from .test_properties import THEME

    cover = Cover(
        (Heading(1, _text("Key Stage 1 lesson pack"), "cover"),),
        (Paragraph(_text("Four lessons about keeping safe.")),),
    )
    data = render_pdf(_document((cover, Paragraph(_text("Next page.")))))
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert first.index("Four lessons about keeping safe.") < first.index(THEME.strapline)


@pytest.mark.parametrize("stage", ["ks1", "ks3", "ks4"])
def test_a_card_sheet_holds_the_sets_it_promises_on_one_page_in_large_print(
    stage: str, tmp_path: Path
) -> None:
    # "One page makes three pairs" and "four sets to a page" were false in large print: the
    # last row of face or consent cards went on alone to a second page.
    from cse_lessonpack.compose import compose_pack
    from cse_lessonpack.content import load_library
    from cse_lessonpack.model import KeyStage
    from cse_lessonpack.profile import load_profile
    from cse_lessonpack.templating import make_environment

    from ..conftest import LESSONS, TEMPLATES

    profile = tmp_path / "school.toml"
    profile.write_text('[school]\nname = "Oak"\n\n[brand]\nlarge_print = true\n')
    school = load_profile(profile, TEMPLATES)
    pack = compose_pack(load_library(LESSONS), KeyStage(stage), school, make_environment(TEMPLATES))
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(render_pdf(pack))]
    promise = re.compile(r"sets to a page|page has three pairs")
    promised = [i for i, text in enumerate(pages) if promise.search(" ".join(text.split()))]
    assert promised, stage
    for index in promised:
        # The band at the top of a worksheet's pages names it: "Student worksheet · <title> …".
        band = pages[index].splitlines()[0]
        assert "worksheet" in band, band
        following = pages[index + 1].splitlines()[0]
        assert following != band, (stage, band)  # the next page is another sheet's


def test_rows_with_room_to_draw_are_that_tall_and_never_parted() -> None:
    # A key-words sheet's rows: a box about 20 mm high was too small for a young child to draw
    # in, and in large print a long meaning broke over two pages mid-sentence.
    def words(row_height: int) -> list[str]:
        def long(n: int) -> str:
            return f"Row{n} meaning runs on for many lines. " * 45

        rows = tuple(
            ((Text(f"word{n}"),), (Text(long(n) if n in (2, 5) else "A short meaning."),), ())
            for n in range(8)
        )
        header = ((Text("Word"),), (Text("What it means"),), (Text("My picture or word"),))
        table = Table(header, rows, row_height=row_height)
        return pdf_pages(render_pdf(_document((Paragraph((Text("Key words"),)), table))))

    pages = words(60)
    for page in pages:
        # No more rows on a page than 60 mm rows fit in its frame.
        assert sum(f"word{n}" in page for n in range(8)) <= FRAME_HEIGHT // (60 * 72 / 25.4)
    for n in (2, 5):  # each long row whole, on one page: the first and a later part's too
        long_pages = [
            " ".join(p.split()) for p in pages if f"Row{n} meaning" in " ".join(p.split())
        ]
        assert len(long_pages) == 1, f"row {n} parted"
        assert long_pages[0].count(f"Row{n} meaning runs") == 45
    assert len(words(0)) < len(pages)  # rows only as tall as their text take fewer pages


@pytest.mark.parametrize(
    ("body", "sheet", "expected"),
    [(11, 18, 14.5), (11, 15, 12.0), (11, 13, 11.5), (16, 20, 16.0)],
)
def test_a_worksheets_help_box_grows_with_a_primary_sheets_larger_type(
    body: float, sheet: float, expected: float
) -> None:
    # A SENCo found the help box at 11.5 pt under KS1's 18 pt worksheet type: a child who
    # reads the sheet could not read where help is. Four-fifths of it: 14.5 pt in KS1.
    document = _document(_sheet((Paragraph(_text("Draw your helping hand.")),)))
    theme = dataclasses.replace(document.theme, body_size=body, worksheet_size=sheet)
    data = render_pdf(dataclasses.replace(document, theme=theme))
    assert {round(size, 1) for size in _font_sizes(data, "Talk to an adult")} == {expected}
