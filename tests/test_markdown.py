"""The restricted Markdown reader: the supported subset, and clear errors outside it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cse_lessonpack import markdown
from cse_lessonpack.model import (
    Callout,
    Emphasis,
    Heading,
    Image,
    ImageRow,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Signs,
    Strong,
    Table,
    Text,
    WriteSpace,
    is_choice_line,
    plain_text,
    sign_lines,
)


def test_headings_paragraphs_and_inlines() -> None:
    blocks = markdown.read("## Title\n\nSome **bold** and *soft* [link](https://example.org).\n")
    heading, paragraph = blocks
    assert isinstance(heading, Heading) and heading.level == 2 and heading.anchor == "title"
    assert isinstance(paragraph, Paragraph)
    assert paragraph.children == (
        Text("Some "),
        Strong((Text("bold"),)),
        Text(" and "),
        Emphasis((Text("soft"),)),
        Text(" "),
        Link("https://example.org", (Text("link"),)),
        Text("."),
    )


def test_contents_first_heading_sits_one_level_under_the_packs_own() -> None:
    # A guidance text starting "### The steps" went straight under its chapter's "#" in Word.
    with pytest.raises(markdown.MarkdownError) as caught:
        markdown.read("Text first.\n\n### The steps\n", first_heading=2)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            3,
            "heading level 3 starts the text, under the pack's own heading, skipping a level "
            "(write ##)",
        )
    ]
    assert len(markdown.read("## The steps\n\n### One\n", first_heading=2)) == 2


def test_headings_may_start_at_any_level_and_climb_back_up() -> None:
    # A plan's notes start at ## under the pack's lesson heading; after a ###, a # or ## is fine.
    blocks = markdown.read("## About\n\n### Before\n\n# Next\n\n## Part\n\n### Step\n")
    assert [b.level for b in blocks if isinstance(b, Heading)] == [2, 3, 1, 2, 3]


def test_a_phone_number_in_content_never_breaks_across_lines() -> None:
    # A help card in a narrow column printed "Childline: 0800" over "1111".
    (paragraph,) = markdown.read(
        "Childline: **0800 1111**. Call 0808 800 5000, text 116 000, not 2026 2027 or 0 to 5.\n"
    )
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.children) == (
        "Childline: 0800\u00a01111. Call 0808\u00a0800\u00a05000, text 116\u00a0000, "
        "not 2026 2027 or 0 to 5."
    )


def test_lists_tables_callouts_and_spaces() -> None:
    text = (
        "- one\n- two\n\n1. first\n2. second\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "::: safeguarding Tell the DSL\nBefore the lesson.\n:::\n\n"
        "::: lines 3 Your answer\n:::\n\n::: box 50 Draw here\n:::\n\n***\n"
    )
    bullets, numbers, table, callout, lines, box, page = markdown.read(text)
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 2
    assert isinstance(numbers, ListBlock) and numbers.ordered
    assert isinstance(table, Table)
    assert [plain_text(c) for c in table.header] == ["A", "B"]
    assert [[plain_text(c) for c in row] for row in table.rows] == [["1", "2"]]
    assert isinstance(callout, Callout)
    assert (callout.kind, callout.title) == ("safeguarding", "Tell the DSL")
    assert lines == WriteSpace("lines", 3, "Your answer")
    assert box == WriteSpace("box", 50, "Draw here")
    assert isinstance(page, PageBreak)


def test_a_template_marks_a_table_to_keep_whole() -> None:
    text = "::: whole\n| A | B |\n|---|---|\n| 1 | 2 |\n\n:::\n\n| C |\n|---|\n| 3 |\n"
    marked, plain = markdown.read(text, allowed=markdown.ALL_CONTAINERS)
    assert isinstance(marked, Table) and marked.whole
    assert isinstance(plain, Table) and not plain.whole
    # Content cannot use it: keeping tables together is the templates' layout decision.
    with pytest.raises(markdown.MarkdownError, match="not available here"):
        markdown.read(text)


def test_a_template_asks_for_rows_tall_enough_to_draw_in() -> None:
    text = "::: rows 35\n| Word | Mine |\n|---|---|\n| secret | |\n\n:::\n"
    (table,) = markdown.read(text, allowed=markdown.ALL_CONTAINERS)
    assert isinstance(table, Table) and table.row_height == 35
    for bad in ("", "tall", "3", "200"):
        with pytest.raises(markdown.MarkdownError) as caught:
            markdown.read(text.replace("rows 35", f"rows {bad}"), allowed=markdown.ALL_CONTAINERS)
        assert "'::: rows' needs a row height in millimetres, 5 to 150, got " in str(caught.value)
    with pytest.raises(markdown.MarkdownError, match="not available here"):
        markdown.read(text)  # a layout decision: the templates', not content's


def test_pictures_alone_and_in_a_row() -> None:
    single, row = markdown.read(
        '![A hand](picture:hand "80")\n\n'
        '![Happy](picture:face-happy "30") ![Sad](picture:face-sad "30")\n'
    )
    assert single == Image("picture:hand", "A hand", 80.0)
    assert isinstance(row, ImageRow) and [i.alt for i in row.images] == ["Happy", "Sad"]


def test_a_line_of_choices_after_pictures_puts_each_choice_under_its_picture() -> None:
    # A Year 2 teacher found the padlock nearer "Tell a grown-up" than "Keep it secret": a
    # child who cannot read could not tell which picture went with which words.
    (row,) = markdown.read(
        '![A padlock](picture:lock "14") ![A speech bubble](picture:speech "18")\n\n'
        "**Keep it secret.**  ·  **Tell a grown-up you trust.**\n"
    )
    assert isinstance(row, ImageRow)
    assert [plain_text(label) for label in row.labels] == [
        "Keep it secret.",
        "Tell a grown-up you trust.",
    ]
    assert all(isinstance(label[0], Strong) for label in row.labels)
    # The words are still read by the checks (vocabulary, reading grade).
    assert "Tell a grown-up you trust." in "\n".join(markdown.all_text((row,)))
    # Not one choice for each picture: the line stays a line of its own.
    pictures, line = markdown.read(
        '![A padlock](picture:lock "14") ![A speech bubble](picture:speech "18")\n\n'
        "**Yes** · **No** · **Not sure**\n"
    )
    assert isinstance(pictures, ImageRow) and not pictures.labels
    assert isinstance(line, Paragraph) and is_choice_line(line.children)


def test_html_is_shown_as_text_never_as_markup() -> None:
    (paragraph,) = markdown.read("Say <b>no</b> & </para> {{ x }} {% if %}\n")
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.children) == "Say <b>no</b> & </para> {{ x }} {% if %}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "    indented code\n",
            "line 1: indented code (lines starting with four spaces) "
            "is not supported in lesson Markdown",
        ),
        ("```\ncode\n```\n", "line 1: a code fence (```) is not supported in lesson Markdown"),
        ("> quote\n", "line 1: a block quote (>) is not supported in lesson Markdown"),
        (
            "Title\n---\n",
            "line 1: underlined (setext) headings are not supported; start the line with #",
        ),
        ("##### Deep\n", "line 1: heading level 5 is too deep (at most 4 #)"),
        # The parents' guide had a ### straight under a #: Word's navigation pane and a screen
        # reader's list of headings put it under the wrong section.
        (
            "# Threats\n\nText.\n\n### If your child is 18 or over\n",
            "line 5: heading level 3 follows a level 1 heading, skipping a level (write ##)",
        ),
        ("Use `code` here\n", "line 1: `code` is not supported in lesson Markdown"),
        (
            "![](picture:hand)\n",
            "line 1: a picture needs alt text describing it: ![what it shows](picture:NAME)",
        ),
        (
            "![A cat](https://example.org/cat.png)\n",
            "line 1: pictures come from 'picture:NAME', got 'https://example.org/cat.png'",
        ),
        ("::: cover\nx\n:::\n", "line 1: the container '::: cover' is not available here"),
        (
            "::: lines lots\n:::\n",
            "line 1: '::: lines' needs a number of lines from 1 to 30, got 'lots'",
        ),
        (
            "[the file](ftp://example.org/sheet.pdf)\n",
            "line 1: links must start with https://, http://, mailto:, tel: or #, got "
            "'ftp://example.org/sheet.pdf'",
        ),
        (
            "::: cards\n| Cards |\n|---|\n| One |\n:::\n",
            "line 1: '::: cards' needs the number of cards to a row, 1 to 4",
        ),
        (
            "::: cards 2\n| Card | Back |\n|---|---|\n| One | Two |\n:::\n",
            "line 1: '::: cards' holds tables of one column (a title, then a card a row) or a bullet list "
            "(a card an item)",
        ),
        (
            "::: cards 2\n- One card\n\n  with two paragraphs\n- Two\n:::\n",
            "line 1: '::: cards': each item of a list of cards is one paragraph",
        ),
        (
            "::: cards 2\n1. A numbered list\n:::\n",
            "line 1: '::: cards' holds tables of one column (a title, then a card a row) or a "
            "bullet list (a card an item)",
        ),
        (
            "::: cards 2\nA paragraph is not a card.\n:::\n",
            "line 1: '::: cards' holds tables of one column (a title, then a card a row) or a bullet list "
            "(a card an item)",
        ),
        (
            "::: signs 2\n- True\n- False\n:::\n",
            "line 1: '::: signs' holds one bullet list, a sign an item, and no number",
        ),
        (
            "::: signs\n| Signs |\n|---|\n| True |\n:::\n",
            "line 1: '::: signs' holds one bullet list, a sign an item, and no number",
        ),
        (
            "::: signs\n- Tell a grown-up you trust\\\n  when something worries you.\n:::\n",
            "line 1: '::: signs': a sign's first line is the word read from across the room, 1 to "
            "20 characters; got 'Tell a grown-up you trust' (25)",
        ),
        (
            "::: signs\n- Tell\\\n  " + "a secret that worries someone " * 4 + "\n:::\n",
            "line 1: '::: signs': what a sign means (after its first line) is at most 100 "
            "characters, to fit under its word; got 119",
        ),
    ],
)
def test_unsupported_markdown_is_an_error_with_its_line(text: str, message: str) -> None:
    with pytest.raises(markdown.MarkdownError) as caught:
        markdown.read(text)
    assert str(caught.value) == message


def test_a_script_link_stays_literal_text() -> None:
    (paragraph,) = markdown.read("[x](javascript:alert(1))\n")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.children == (Text("[x](javascript:alert(1))"),)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(markdown.MarkdownError) as caught:
        markdown.read("> one\n\nfine\n\n> two\n")
    assert [p.line for p in caught.value.problems] == [1, 5]


def test_anchors_are_unique_within_a_document() -> None:
    context = markdown.ReadContext()
    first = markdown.read("## Notes\n\n## Notes\n", context=context)
    assert [b.anchor for b in first if isinstance(b, Heading)] == ["notes", "notes-2"]


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_escaped_text_reads_back_as_exactly_the_same_words(text: str) -> None:
    # Control characters cannot be shown, so they come back as U+FFFD; all else is unchanged.
    spaced = re.sub(r"[^\S\u00a0]+", " ", text).strip()  # no-break spaces are kept as they are
    expected = markdown.CONTROL_CHARACTERS.sub(markdown.REPLACEMENT, spaced)
    blocks = markdown.read(markdown.escape(text))
    if not expected:
        assert blocks == ()
        return
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert plain_text(blocks[0].children) == expected


def test_slugify_is_ascii_and_stable() -> None:
    assert markdown.slugify("Lesson 1: My body belongs to me!") == "lesson-1-my-body-belongs-to-me"
    assert (
        markdown.slugify("Ysgol Gynradd Llanfair Pwllgwyngyll ŵ")
        == "ysgol-gynradd-llanfair-pwllgwyngyll-w"
    )
    assert markdown.slugify("***") == "section"


def test_a_long_name_is_cut_at_the_end_of_a_word() -> None:
    # A federation's folder and zip were "...-of-church-of-englan.zip".
    name = "The Cannock Chase and Rugeley Federation of Church of England Voluntary Controlled"
    assert markdown.slugify(name) == "the-cannock-chase-and-rugeley-federation-of-church-of"
    assert markdown.slugify("a" * 60 + " b") == "a" * 60  # a word that ends at the limit stays
    assert markdown.slugify("x" * 100) == "x" * 60  # no word's end near: cut at the limit


def test_slugify_keeps_latin_letters_that_carry_no_accent() -> None:
    # A batch's folders and zips, sent to schools, were "ukasz-memorial-academy" and
    # "sndergaard-strae-thelred-school": NFKD leaves Ł, ø, ß and Æ whole, and ASCII dropped them.
    assert markdown.slugify("Łukasz Memorial Academy") == "lukasz-memorial-academy"
    assert (
        markdown.slugify("Søndergaard Straße Æthelred School")
        == "sondergaard-strasse-aethelred-school"
    )
    assert markdown.slugify("Łódź Road Primary") == "lodz-road-primary"


# -- reading a whole document section by section ----------------------------------------------

DOCUMENT = """# Before you teach

Some words with a [link](https://example.org).

- a list item
- another

| Service | Number |
|---|---|
| Childline | 0800 1111 |

::: safeguarding Please note

# Not a section break: this heading is inside a container

:::

# Lesson 1

::: include 1 1
:::

# Lesson 1

Closing words.
"""


def _context(fragment_words: str) -> markdown.ReadContext:
    fragment = (Heading(2, (Text(fragment_words),), ""), Paragraph((Text("Body."),)))
    return markdown.ReadContext(fragments={1: fragment})


def test_a_document_read_in_sections_gives_what_a_whole_read_gives() -> None:
    whole_context, sections_context = _context("Aims"), _context("Aims")
    whole = markdown.read(DOCUMENT, allowed=markdown.ALL_CONTAINERS, context=whole_context)
    assert markdown.read_document(DOCUMENT, context=sections_context) == whole
    assert sections_context.anchors == whole_context.anchors
    # Cut before each top-level heading, never inside the container.
    assert [s.split("\n", 1)[0] for s in markdown._sections(DOCUMENT)] == [
        "# Before you teach",
        "# Lesson 1",
        "# Lesson 1",
    ]


def test_a_remembered_section_is_read_again_when_what_it_includes_differs() -> None:
    first = markdown.read_document(DOCUMENT, context=_context("Aims"))
    second = markdown.read_document(DOCUMENT, context=_context("Objectives"))
    assert "Aims" in markdown.all_text(first)
    assert "Objectives" in markdown.all_text(second)
    assert "Aims" not in markdown.all_text(second)


def test_remembered_sections_still_give_unique_anchors() -> None:
    context = _context("Aims")
    blocks = markdown.read_document(DOCUMENT, context=context)
    again_context = _context("Aims")
    assert markdown.read_document(DOCUMENT, context=again_context) == blocks
    anchors = [b.anchor for b in blocks if isinstance(b, Heading)]
    assert anchors == ["before-you-teach", "lesson-1", "aims", "lesson-1-2"]
    assert again_context.anchors == context.anchors
    taken = _context("Aims")
    taken.anchors.add("lesson-1")  # already used earlier in the document
    shifted = markdown.read_document(DOCUMENT, context=taken)
    assert [b.anchor for b in shifted if isinstance(b, Heading)][1] == "lesson-1-2"


def test_a_problem_is_reported_at_its_line_in_the_whole_document() -> None:
    text = DOCUMENT + "\n# Later\n\nSome `code` here.\n"
    with pytest.raises(markdown.MarkdownError) as caught:
        markdown.read_document(text, context=_context("Aims"))
    line = text.split("\n").index("Some `code` here.") + 1
    assert [p.line for p in caught.value.problems] == [line]


def test_a_line_of_choices_to_circle_never_breaks_inside_a_choice() -> None:
    # "Block and / report." and "photo / in uniform" split across lines in KS2 worksheets.
    (paragraph,) = markdown.read("**Send the photo.** · **Block and report.** · **Stop**\n")
    assert isinstance(paragraph, Paragraph)
    texts = [plain_text((c,)) for c in paragraph.children]
    assert texts == [
        "Send\u00a0the\u00a0photo.",
        markdown.CHOICE_GAP,
        "Block\u00a0and\u00a0report.",
        markdown.CHOICE_GAP,
        "Stop",
    ]
    # Still a line of choices to the layout rules (the instruction before it stays with it).
    assert is_choice_line(paragraph.children)
    # Where the line may break: at the gap's end, so no line ends or starts with a separator.
    assert markdown.CHOICE_GAP.endswith(" ") and markdown.CHOICE_GAP[:-1].strip("\u00a0") == ""


def test_other_bold_text_keeps_its_spaces() -> None:
    (paragraph,) = markdown.read("**Remember:** you can tell · at any step.\n")
    assert isinstance(paragraph, Paragraph)
    assert "\u00a0" not in plain_text(paragraph.children)


def test_cards_of_several_lines_are_a_bullet_list_a_card_an_item() -> None:
    text = "::: cards 2\n- **MY HELP CARD**\\\n  Childline: **0800 1111**\n- Second\n:::\n"
    (table,) = markdown.read(text)
    assert isinstance(table, Table) and table.cards == 2
    assert not plain_text(table.header[0])  # no title row
    assert [plain_text(row[0]) for row in table.rows] == [
        "MY HELP CARD\nChildline: 0800\u00a01111",
        "Second",
    ]
    assert LineBreak() in table.rows[0][0]


def test_cards_are_a_table_of_one_column_laid_out_a_few_to_a_row() -> None:
    (table,) = markdown.read("::: cards 3\n| Labels |\n|---|\n| **Not OK** |\n| Fine |\n:::\n")
    assert isinstance(table, Table)
    assert table.cards == 3
    assert [plain_text(row[0]) for row in table.rows] == ["Not OK", "Fine"]
    (plain,) = markdown.read("| Labels |\n|---|\n| Fine |\n")
    assert isinstance(plain, Table) and plain.cards == 0


def test_signs_are_read_as_a_word_and_what_it_means() -> None:
    (signs,) = markdown.read("::: signs\n- Tell\\\n  A secret that worries someone.\n- True\n:::\n")
    assert isinstance(signs, Signs)
    assert [sign_lines(sign) for sign in signs.signs] == [
        ((Text("Tell"),), (Text("A secret that worries someone."),)),
        ((Text("True"),), ()),
    ]
    # Checks on pupils' words (vocabulary, reading level) read the signs too.
    assert markdown.block_text(signs) == "Tell\nA secret that worries someone.\nTrue"


def test_a_web_address_written_out_with_www_is_a_link() -> None:
    # "Childline: 0800 1111 or www.childline.org.uk" printed as plain text: a pack shared by
    # email could not be clicked through.
    (paragraph,) = markdown.read("Call 0800 1111 or www.childline.org.uk, day or night.\n")
    assert isinstance(paragraph, Paragraph)
    links = [c for c in paragraph.children if isinstance(c, Link)]
    assert links == [Link("https://www.childline.org.uk", (Text("www.childline.org.uk"),))]
    # Without www, whether the site answers is not known: it stays text unless written as a link.
    (bare,) = markdown.read("Report to ceop.police.uk today.\n")
    assert isinstance(bare, Paragraph) and not any(isinstance(c, Link) for c in bare.children)


def test_a_web_address_in_a_value_is_never_made_a_link() -> None:
    # A school's or a spreadsheet's text is data: it prints as typed and links nowhere.
    (paragraph,) = markdown.read(
        markdown.escape("Visit www.example.com or https://example.com") + "\n"
    )
    assert isinstance(paragraph, Paragraph)
    assert paragraph.children == (Text("Visit www.example.com or https://example.com"),)
