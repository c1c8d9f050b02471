"""Layout decisions both renderers make the same way, from the document's blocks."""

from __future__ import annotations

from typing import Final

from ..model import (
    Block,
    Callout,
    Heading,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    plain_text,
)

LINE_COST: Final = 60  # what a new line or paragraph adds to a block's size, in characters


def has_closing_note(blocks: tuple[Block, ...], index: int) -> bool:
    """Whether the block is a table followed by a paragraph that ends its section (a note such
    as "Numbers checked ..."), which must not start a page alone."""
    after = blocks[index + 2] if index + 2 < len(blocks) else None
    return (
        isinstance(blocks[index], Table)
        and index + 1 < len(blocks)
        and isinstance(blocks[index + 1], Paragraph)
        and (after is None or isinstance(after, PageBreak | Heading))
    )


def is_run_in(children: tuple[Inline, ...]) -> bool:
    """A paragraph that is all bold (a question before its answer, a label): it introduces what
    follows, so it never ends a page alone."""
    return len(children) == 1 and isinstance(children[0], Strong)


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
