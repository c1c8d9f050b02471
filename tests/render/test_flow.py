"""Layout decisions both renderers share: which sections keep whole, which tables are stacked."""

from __future__ import annotations

import dataclasses

from cse_lessonpack.model import (
    Callout,
    Heading,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    WriteSpace,
    plain_text,
)
from cse_lessonpack.render.flow import (
    card_fit,
    card_type_size,
    is_run_in,
    is_short_table,
    leads_to_writing,
    longest_word,
    short_last_section,
    stacked,
)

HELP = Table(
    header=((Text("Service"),), (Text("Contact"),), (Text("Who it is for"),), (Text("When"),)),
    rows=(
        (
            (Text("Childline"),),
            (Text("0800 1111"),),
            (Text("children and young people under 19, about anything that worries them"),),
            (Text("24 hours a day, every day. Free."),),
        ),
    ),
)


def test_a_wide_table_of_long_cells_is_stacked_in_large_print() -> None:
    table = stacked(HELP, 16)
    assert len(table.rows) == 1 and len(table.rows[0]) == 1
    (cell,) = table.rows[0]
    assert cell[0] == Strong((Text("Childline"),))
    assert sum(isinstance(i, LineBreak) for i in cell) == 3
    assert plain_text(cell).replace("\n", "|") == (
        "Childline|Contact: 0800 1111|Who it is for: children and young people under 19, about "
        "anything that worries them|When: 24 hours a day, every day. Free."
    )
    assert not any(plain_text(c).strip() for c in table.header)  # no header row


def test_other_tables_are_left_as_they_are() -> None:
    assert stacked(HELP, 11) is HELP  # not large print
    outline = Table(
        header=tuple((Text(h),) for h in ("Time", "Part", "Activity", "Type")),
        rows=(
            ((Text("0–10 min"),), (Text("Starter"),), (Text("Who helps us?"),), (Text("core"),)),
        ),
    )
    assert stacked(outline, 16) is outline  # short cells read well in columns
    row = HELP.rows[0]
    sheet = Table(header=HELP.header, rows=((row[0], (Text(""),), *row[2:]),))
    assert stacked(sheet, 16) is sheet  # an empty cell among the text is room to write


def test_in_large_print_a_key_words_table_stacks_its_text_beside_the_column_to_write_in() -> None:
    # Word, meaning and an empty column for the pupil's own word: at 20 pt in three columns the
    # meanings ran a few words to a line, a sheet of eight words over seven pages.
    words = Table(
        header=((Text("Word"),), (Text("What it means"),), (Text("In my language"),)),
        rows=(
            (
                (Strong((Text("blackmail"),)),),
                (Text("Threatening to harm someone to get money, images or something else."),),
                (),
            ),
            ((Text("consent"),), (Text("Agreeing by choice, with the freedom to say no."),), ()),
        ),
    )
    table = stacked(words, 16)
    assert [plain_text(c) for c in table.header] == ["Word", "In my language"]
    assert [[plain_text(c).replace("\n", "|") for c in r] for r in table.rows] == [
        [
            "blackmail|What it means: Threatening to harm someone to get money, images or "
            "something else.",
            "",
        ],
        ["consent|What it means: Agreeing by choice, with the freedom to say no.", ""],
    ]
    assert stacked(words, 11) is words  # not large print
    short = Table(header=words.header, rows=(((Text("no"),), (Text("A full answer."),), ()),))
    assert stacked(short, 16) is short  # short cells read well in columns
    one = Table(header=words.header[::2], rows=(((Text("a long statement " * 4),), ()),))
    assert stacked(one, 16) is one  # one column of text beside boxes to tick: nothing to stack


def _section(items: int, words: str = "Send the letter home") -> tuple:  # type: ignore[type-arg]
    listed = tuple((Paragraph((Text(f"{words} {n}."),)),) for n in range(items))
    return (Heading(2, (Text("Follow-up"),), "f"), ListBlock(False, listed), PageBreak())


def test_a_short_section_ended_by_a_page_break_is_kept_whole() -> None:
    assert short_last_section(_section(3), 0, 1200) == 2
    assert short_last_section(_section(60), 0, 1200) == 0  # too long to move whole
    assert short_last_section(_section(3)[:2], 0, 1200) == 0  # no page break ends it
    followed = (*_section(3)[:2], Heading(2, (Text("Next"),), "n"), PageBreak())
    assert short_last_section(followed, 0, 1200) == 0  # another section comes first
    assert short_last_section(_section(3), 1, 1200) == 0  # only a heading starts a section


def test_a_bold_line_read_from_markdown_is_a_run_in_line() -> None:
    # The reader gives "**Will my parents have to find out?**" empty text either side of the
    # bold run; the question must still keep with its answer.
    from cse_lessonpack.markdown import read

    blocks = read("**Will my parents have to find out?**\n\nUsually, yes.\n")
    first = blocks[0]
    assert isinstance(first, Paragraph) and is_run_in(first.children)
    assert not is_run_in((Strong((Text("Note:"),)), Text(" the rest of a sentence.")))


def test_an_instruction_goes_with_the_choices_it_asks_pupils_to_circle() -> None:
    # "Circle the good ideas for Liam." ended a large-print page with its choices on the next:
    # the choices are where the pupil answers, as writing lines are.
    from cse_lessonpack.markdown import read

    choices = read("**Send the photo.** · **Block and report.**\n")[0]
    story = Paragraph((Text("Priya is 10. Kim gives Priya a bracelet."),))
    blocks = (
        Paragraph((Text("Circle the good ideas for Liam."),)),
        choices,
        story,
        WriteSpace("lines", 2, "What warning signs can you spot?"),
    )
    assert leads_to_writing(blocks, 0)  # the instruction, with its choices
    assert not leads_to_writing(blocks, 1)  # the choices end that question
    assert leads_to_writing(blocks, 2)  # the next story, with its lines


def test_a_key_words_sheets_instructions_go_with_its_table() -> None:
    # In large print the instructions ended a page alone, the table of words on the next.
    words = Table(
        ((Text("Word"),), (Text("What it means"),), (Text("My picture or word"),)),
        (((Text("secret"),), (Text("Something kept hidden."),), ()),),
    )
    intro = Paragraph((Text("These are the words we will use."),))
    assert leads_to_writing((intro, dataclasses.replace(words, row_height=30)), 0)
    assert not leads_to_writing((intro, words), 0)  # rows as tall as their text: as before


def test_a_box_asking_for_something_written_goes_with_its_lines() -> None:
    # A staff guide's "Your Designated Safeguarding Lead" box ("Write in their name …") ended a
    # page in Word, its three writing lines opening the next with no label.
    box = Callout("key", "Your Designated Safeguarding Lead", (Paragraph((Text("Write in …"),)),))
    lines = WriteSpace("lines", 3, "")
    after = Paragraph((Text("If a child is in immediate danger, call 999."),))
    assert leads_to_writing((box, lines, after), 0)
    assert not leads_to_writing((box, after, lines), 0)  # a box with text after it: as before
    assert not leads_to_writing((box,), 0)


def test_a_table_of_a_few_rows_is_short_however_long_its_text() -> None:
    # A guide's five-row table of lessons by key stage, long in words, parted before its last
    # two rows in Word, which stood alone on a page ended early by the next chapter.
    def table(count: int, words: int) -> Table:
        row = ((Text("Key Stage 2"),), (Text("Good friends; " * words),))
        return Table(header=((Text("Key stage"),), (Text("Lessons"),)), rows=(row,) * count)

    assert is_short_table(table(5, 40))
    assert not is_short_table(table(6, 40))  # more rows, and much text: may part
    assert is_short_table(table(8, 2))  # more rows, little text: whole, as before


def test_a_cards_widest_word_ignores_its_writing_line_and_keeps_a_phone_number_whole() -> None:
    # "Name:____" was measured as one long word and shrank a whole set of cards.
    rows = (
        ((Text("Name:" + "_" * 20),),),
        ((Text("Childline 0800\u00a01111"),),),
        ((Text("embarrassed"),),),
    )
    assert longest_word(rows, len) == len("embarrassed")
    assert longest_word((((Text("Call 0800\u00a01111 now"),),),), len) == len("0800\u00a01111")


def test_a_cards_type_fits_its_widest_word_but_not_below_a_floor() -> None:
    assert card_fit(100.0, 10.0, least=5.0) == 10.0  # ten points' worth fits 100 points
    assert card_fit(100.0, 3.0, least=5.0) == 33.0  # in half points, rounded down
    # One very long word (a web address) does not set a whole set in tiny type: it breaks.
    assert card_fit(100.0, 40.0, least=5.0) == 5.0
    assert card_fit(100.0, 0.0, least=5.0) == float("inf")  # a set with no words


def test_cards_outside_a_worksheet_are_no_larger_than_a_large_print_body() -> None:
    # Slips that families read in the hand ("Messages for home"): a quarter larger than their
    # table type, as every card is, but in large print capped at the 16 pt body, where 20 pt
    # left room for two KS2 slips a page in Word. Worksheets' cards keep their size.
    assert card_type_size(10.12, 11, in_worksheet=False) == 10.12 * 1.25
    assert card_type_size(16, 16, in_worksheet=False) == 16
    assert card_type_size(16, 16, in_worksheet=True) == 20
    assert card_type_size(15.2, 11, in_worksheet=True) == 15.2 * 1.25
