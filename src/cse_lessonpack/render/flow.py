"""Layout decisions both renderers make the same way, from the document's blocks."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final, TypeGuard

from .. import fonts
from ..model import (
    Block,
    Callout,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Theme,
    WriteSpace,
    is_choice_line,
    plain_text,
)

LABEL_ON_LINE: Final = 0.45  # a label this share of the width or less shares its writing line
LARGE_PRINT_PT: Final = 15  # body text this size or larger is large print
SHORT_LIST_ITEMS: Final = 3  # items in a short list that never splits, anywhere
CLOSING_LIST_ITEMS: Final = 6  # items in a short list ending its section that never splits
CLOSING_ITEM_LINES: Final = 2  # lines of each item in such a list, at most (PDF)
CLOSING_LIST_LINES: Final = 12  # lines of such a list in all, at most (Word: about 30% of a page)
HELP_BOX_MIN_PT: Final = 11.5  # the help box at a worksheet page's foot, at its smallest
HELP_BOX_SHARE: Final = 0.8  # and its share of a larger worksheet type
FURNITURE_PT: Final = 8.5  # running header, footer and page numbers
FURNITURE_LARGE_PT: Final = 11.5  # the same in large print (two footer lines fit the margin)
STACK_COLUMNS: Final = 4  # in large print, a table this wide with long cells is stacked
STACK_CELL_CHARS: Final = 30  # "long": a column whose cells average more characters than this
SHORT_TABLE_ROWS: Final = 8  # a table of this many rows or fewer, and little text, stays whole
SHORT_TABLE_CHARS: Final = 900
FEW_TABLE_ROWS: Final = 5  # a table of this many rows or fewer stays whole, whatever its text
LINE_COST: Final = 60  # what a new line or paragraph adds to a block's size, in characters
# Young children's and large-print worksheets (this size and up) draw and write big: the last
# drawing box grows into its page, and Word's writing lines take the PDF's gap.
GROW_PT: Final = 18
WRITE_GAP_EMS: Final = 2.2  # the gap between a worksheet's writing lines, in ems of its type
CARD_TYPE: Final = 1.25  # cut-out cards' type, against a worksheet table's


def card_type_size(table_size: float, body_size: float, in_worksheet: bool) -> float:
    """Cut-out cards' type: their table type made larger. Outside a worksheet (slips that
    families read in the hand) never larger than a large-print body: at 20 pt, two KS2 slips
    did not fit a page in Word."""
    size = table_size * CARD_TYPE
    if in_worksheet or body_size < LARGE_PRINT_PT:
        return size
    return min(size, body_size)


def longest_word(
    rows: Sequence[Sequence[tuple[Inline, ...]]], width: Callable[[str], float]
) -> float:
    """The width of the widest word on a set of cards, by ``width`` (a word's width at 1 pt):
    words joined by a no-break space ("0800 1111") count as one; a writing line, which is fitted
    to the card, as none, also where it follows a label ("Name:____")."""
    texts = (_WRITING_LINE.sub(" ", plain_text(cell)) for row in rows for cell in row)
    words = (w for text in texts for w in re.split(r"[ \t\n]+", text))
    return max((width(w) for w in words if w), default=0.0)


_WRITING_LINE: Final = re.compile(r"_{2,}")


def card_fit(inner: float, longest: float, least: float) -> float:
    """The largest type size, in half points, at which the widest word fits a card's ``inner``
    width (points), so a card's word is not broken (inf when there are no words), but never
    below ``least``: one very long word (a web address) would otherwise set a whole set,
    read from across a room, in 8 pt; at ``least`` it breaks instead."""
    return max(math.floor(inner / longest * 2) / 2, least) if longest else math.inf


def is_form(callout: Callout) -> bool:
    """Whether a box holds only lines to write on (a lesson's entry in the assessment record):
    a form, filled in as one, which both renderers keep whole up to half a page."""
    return bool(callout.blocks) and all(isinstance(b, WriteSpace) for b in callout.blocks)


CARD_HEIGHT_MM: Final = 25  # a card is at least this tall: easy to cut, hold and sort
# Room inside a card's cutting line, in points (over 3 mm): a cut a little off the line by a child's
# scissors still clips no letter.
CARD_PAD_PT: Final = 9
WRITE_RULE_MIN: Final = 8  # a card's run of this many underscores or more is a line to write on
SHORT_PARAGRAPHS: Final = 3  # up to this many short paragraphs stay with a heading or writing
# Signs for the room: two to a page, each half of it, so a copy at A3 cut in half gives two A4
# signs. The word is as large as the sign's width allows, up to this size; what it means is
# set below it at the second size.
SIGN_WORD_MAX_PT: Final = 120
SIGN_TEXT_PT: Final = 24
SIGN_GAP_MM: Final = 6  # between the two signs on a page: a cut each side of it
SIGN_PAD_MM: Final = 8  # inside a sign's cutting line


def leads_to_writing(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the block is one of the few paragraphs (a scenario and its question, a letter's
    closing line and sign-off) just before a writing area, which must not be parted from it;
    or a box that asks for something to be written in the lines straight after it (a guide's
    "Write in your DSL's name"), whose lines alone at a page's head read as stray rules."""
    if isinstance(blocks[index], Callout):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        return isinstance(following, WriteSpace)
    for block in blocks[index : index + SHORT_PARAGRAPHS + 1]:
        # A line of choices to circle is where a pupil answers, as a writing area is: the
        # instruction before it ("Circle the good ideas") goes with it. So is a table whose
        # rows have room to write or draw in (a key-words sheet): its instructions stood alone
        # on a large-print page, the table starting on the next.
        if (
            isinstance(block, WriteSpace)
            or (isinstance(block, Table) and block.row_height > 0)
            or (isinstance(block, Paragraph) and is_choice_line(block.children))
        ):
            return block is not blocks[index]
        if not isinstance(block, Paragraph):
            return False
    return False


def is_single_line(block: Block | None) -> TypeGuard[WriteSpace]:
    """A one-line writing space ("Signed ____", "Thumb ____"): a run of them stays together."""
    return isinstance(block, WriteSpace) and block.kind == "lines" and block.size == 1


def help_box_size(body_size: float, worksheet_size: float) -> float:
    """The type of the help box at a worksheet page's foot: at least the body's and 11.5 pt,
    and four-fifths of a primary sheet's larger type (14.5 pt under KS1's 18 pt, 12 pt under
    KS2's 15), so that a child who reads the sheet can read where help is too."""
    return max(body_size, HELP_BOX_MIN_PT, round(worksheet_size * HELP_BOX_SHARE * 2) / 2)


def furniture_size(body_size: float) -> float:
    """The running header's and footer's size: small print, but readable in large print."""
    return FURNITURE_LARGE_PT if body_size >= LARGE_PRINT_PT else FURNITURE_PT


def small_text_size(size: float) -> float:
    """Small print (a cover's credits and review dates, notes): a size smaller than the text
    around it, except in large print, whose reader needs the body's size for every line read."""
    return size if size >= LARGE_PRINT_PT else small_print_share(size)


def small_print_share(size: float) -> float:
    """Small print's size beside body text of ``size``, in normal print."""
    return max(size * 0.82, 8.5)


def table_text_size(size: float) -> float:
    """Table text: a little smaller than the text around it, except in large print."""
    return size if size >= LARGE_PRINT_PT else size * 0.92


def closes_section(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the block is the last of its section: the end, a heading or a page break next."""
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    return after is None or isinstance(after, PageBreak | Heading)


def has_closing_note(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the block is a table followed by a paragraph that ends its section (a note such
    as "Numbers checked ..."), which must not start a page alone."""
    return (
        isinstance(blocks[index], Table)
        and index + 1 < len(blocks)
        and isinstance(blocks[index + 1], Paragraph)
        and closes_section(blocks, index + 1)
    )


def steps_before_box(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the block is an activity's numbered steps followed by the box of what the
    teacher reads out: the steps say "read each statement below", so the two are read together
    while teaching and are kept on one page when short enough."""
    steps = blocks[index]
    box = blocks[index + 1] if index + 1 < len(blocks) else None
    return (
        isinstance(steps, ListBlock)
        and steps.ordered
        and isinstance(box, Callout)
        and box.kind == "question"
    )


def is_run_in(children: tuple[Inline, ...]) -> bool:
    """A paragraph that is all bold (a question before its answer, a label): it introduces what
    follows, so it never ends a page alone."""
    return is_all(children, Strong)


def is_all(children: tuple[Inline, ...], kind: type[Strong | Emphasis]) -> bool:
    """A paragraph that is one bold (or italic) run. (The Markdown reader leaves empty text
    either side of a run that fills its paragraph.)"""
    shown = [c for c in children if not (isinstance(c, Text) and not c.text.strip())]
    return len(shown) == 1 and isinstance(shown[0], kind)


_ZEROS: Final = re.compile(r"(0+)")


def plain_zero_family(theme: Theme) -> str | None:
    """The family young pupils' zeros are drawn in, where their stage asks for plain zeros
    (``Theme.sheet_plain_zeros``: Atkinson Hyperlegible slashes its zero, which a child copying
    0800 1111 may read as an 8); None where it does not, or where the pack's own font draws its
    zero plain already."""
    family = fonts.PLAIN_ZERO_FAMILY
    return family if theme.sheet_plain_zeros and theme.font != family else None


def zero_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces, each marked if it is a run of zeros."""
    return [(piece, piece.startswith("0")) for piece in _ZEROS.split(text) if piece]


def introduces_list(children: tuple[Inline, ...], following: Block | None) -> bool:
    """A line ending in a colon just before a list ("you can get free advice from:"): it leads
    into the list, so it never ends a page without the list's start."""
    return isinstance(following, ListBlock) and plain_text(children).rstrip().endswith(":")


def short_last_section(blocks: tuple[Block, ...], index: int, limit: int) -> int:
    """Where the section a heading starts ends, if a page break ends it and it is short (about
    `limit` characters at most); 0 otherwise. Such a section is kept whole: the page after holds
    only its end anyway, and a heading with one item parted from the rest reads as a gap."""
    if not isinstance(blocks[index], Heading):
        return 0
    size = 0
    for end in range(index + 1, len(blocks)):
        block = blocks[end]
        if isinstance(block, PageBreak):
            return end
        if isinstance(block, Heading):
            return 0  # another section follows before the page ends
        size += text_size(block)
        if size > limit:
            return 0
    return 0


def text_size(block: Block) -> int:
    """A rough size of a block: its characters, and a line's worth for each paragraph or row."""
    match block:
        case Paragraph(children=children):
            return len(plain_text(children)) + LINE_COST
        case ListBlock(items=items):
            return sum(text_size(b) for item in items for b in item)
        case Table(header=header, rows=rows):
            cells = [header, *rows]
            return sum(len(plain_text(c)) for row in cells for c in row) + LINE_COST * len(cells)
        case Callout(blocks=inner):
            return sum(text_size(b) for b in inner) + 2 * LINE_COST
        case _:
            return 10 * LINE_COST  # images, writing spaces: never small enough to count on


def stacked(table: Table, body_size: float) -> Table:
    """In large print, a wide table of long cells (the helplines, say) as one column: each row a
    block, its first cell in bold and the others under it, labelled with their headings.

    Four columns of large type leave a few words to a line and split long words; stacked, each
    row reads as a short paragraph. A table of three columns or more whose last columns are left
    empty for pupils to write in (a key-words sheet: word, meaning, their own word) keeps those
    columns beside the others, stacked. Other tables, and tables with empty cells elsewhere,
    are returned as they are.
    """
    rows = table.rows
    columns = max((len(r) for r in (table.header, *rows)), default=0)
    if body_size < LARGE_PRINT_PT or not rows:
        return table
    filled = columns
    while filled > 0 and all(
        filled > len(row) or not plain_text(row[filled - 1]).strip() for row in rows
    ):
        filled -= 1
    if filled < 2 or columns < (3 if filled < columns else STACK_COLUMNS):
        return table
    if any(not plain_text(cell).strip() for row in rows for cell in row[:filled]):
        return table
    averages = [
        sum(len(plain_text(row[i])) for row in rows if i < len(row)) / len(rows)
        for i in range(filled)
    ]
    if max(averages) <= STACK_CELL_CHARS:
        return table
    out = []
    for row in rows:
        cell: list[Inline] = [Strong(row[0])] if row else []
        for index, value in enumerate(row[1:filled], start=1):
            cell.append(LineBreak())
            label = plain_text(table.header[index]) if index < len(table.header) else ""
            if label.strip():
                cell.append(Strong((Text(f"{label.strip()}: "),)))
            cell.extend(value)
        out.append((tuple(cell), *(((),) * (columns - filled))))
    if filled == columns:
        return replace(table, header=((),), rows=tuple(out))
    # The writing column keeps its heading, which says what to write; the stacked one keeps
    # its first heading.
    header = tuple(table.header[i] if i < len(table.header) else () for i in range(columns))
    return replace(table, header=(header[0], *header[filled:]), rows=tuple(out))


def has_writing_cells(table: Table) -> bool:
    """Whether a table has empty cells for pupils to write or tick in: they get a full grid."""
    return any(not plain_text(cell).strip() for row in table.rows for cell in row)


def is_short_table(table: Table) -> bool:
    """A table small enough to keep on one page whole (a lesson's key stage, length and aim),
    rather than part after its first rows: few rows, or not many more with little text. (A
    renderer still lets one part that is tall as laid out.) A guide's five-row stages table,
    long in words, parted before its last two rows, which then stood alone on a page the next
    chapter ended early."""
    return (
        table.whole
        or len(table.rows) <= FEW_TABLE_ROWS
        or (len(table.rows) <= SHORT_TABLE_ROWS and text_size(table) <= SHORT_TABLE_CHARS)
    )


def fit_write_rules(children: tuple[Inline, ...], fitting: int) -> tuple[Inline, ...]:
    """A card's line to write on (a run of underscores on a line of its own) made ``fitting``
    underscores long: as long as the card is wide, at any type size, rather than wrapped onto a
    second line in large print or left short in regular print."""
    return tuple(
        Text("_" * fitting)
        if isinstance(child, Text)
        and len(child.text.strip()) >= WRITE_RULE_MIN
        and set(child.text.strip()) == {"_"}
        else child
        for child in children
    )
