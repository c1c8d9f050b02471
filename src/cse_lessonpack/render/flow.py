"""Layout decisions both renderers make the same way, from the document's blocks."""

from __future__ import annotations

from ..model import Block, Heading, PageBreak, Paragraph, Table


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
