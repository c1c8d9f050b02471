"""Layout decisions both renderers make the same way, from the document's blocks."""

from __future__ import annotations

from ..model import Block, Heading, Inline, PageBreak, Paragraph, Strong, Table


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
