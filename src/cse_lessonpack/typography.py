"""Typographic quotes and apostrophes for every piece of text a document prints, and where a
name may break."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from .model import (
    Block,
    Callout,
    Contents,
    Cover,
    Document,
    Emphasis,
    Heading,
    Image,
    ImageRow,
    Inline,
    Letter,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Signs,
    Strong,
    Table,
    Text,
    Worksheet,
    WriteSpace,
)

# After these (or at the start of a text) a quote mark opens a quotation; anywhere else it
# closes one, or is an apostrophe ("don't", "Children's", "pupils'").
_OPENS_AFTER: Final = frozenset(" \u00a0\t\n([{\u2018\u201c/–—-")
_CLOSES_AFTER: Final = frozenset(".,;:!?)]}\u2019\u201d")
_MARKS: Final = {
    ('"', True): "\u201c",
    ('"', False): "\u201d",
    ("'", True): "\u2018",
    ("'", False): "\u2019",
}
_CURLED: Final = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def curl(text: str, before: str = " ") -> str:
    """``text`` with its straight quotes and apostrophes made typographic (“ ” ‘ ’), as a
    printed pack sets them; ``before`` is the character printed just before it (the end of the
    previous run of a paragraph), which decides whether a quote at its start opens or closes.

    The content is written with straight quotes, as any keyboard types them; markdown-it's own
    "smartquotes" would cover only Markdown text, not the titles, labels and running heads."""
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    previous = before
    for index, char in enumerate(text):
        # Decided by the character printed before it, curled already (an apostrophe after an
        # opening quote, as in "'Hi'", opens a quotation too), and by the one after it: a quote
        # between a sign and a letter (">"Primary") opens.
        if char in "\"'":
            after = text[index + 1 : index + 2]
            opening = (
                not previous
                or previous in _OPENS_AFTER
                or (
                    not previous.isalnum()
                    and previous not in _CLOSES_AFTER
                    and (after.isalnum() or after in "\"'")
                )
            )
            char = _MARKS[char, opening]
        out.append(char)
        previous = char
    return "".join(out)


# A word of one capital letter, as in "C of E", and the short words that join such letters.
_INITIAL: Final = re.compile(r"[A-Z]\.?")
_JOINING: Final = frozenset({"of", "and", "&"})


# The longest last two words kept together: "School, Wolverhampton" bound as one word was
# wider than a poster's name tile and was cut mid-word.
_LAST_PAIR: Final = 16


def unbroken_name(name: str, *, last_word: bool = True) -> str:
    """A school's name with no-break spaces where a line must not end: inside a group of
    initials ("St Bartholomew's C of / E" split the Church of England), and, with
    ``last_word``, before its last word when the two are short ("… Primary / School" left a
    word alone under a cover's line). A poster balances its lines itself."""
    words = name.split(" ")
    if len(words) < 3:
        return name
    last_word = last_word and len(" ".join(words[-2:])) <= _LAST_PAIR

    def initial(word: str) -> bool:
        return _INITIAL.fullmatch(word) is not None

    out = [words[0]]
    for index, word in enumerate(words[1:], start=1):
        before = words[index - 1]
        bound = (
            (last_word and index == len(words) - 1)
            or (initial(before) and (initial(word) or word in _JOINING))
            or (before in _JOINING and initial(word) and index >= 2 and initial(words[index - 2]))
        )
        out.append(("\u00a0" if bound else " ") + word)
    return "".join(out)


def straighten(text: str) -> str:
    """``text`` with typographic quotes made straight again, to compare printed text with the
    content or a school's profile it came from."""
    return text.translate(_CURLED)


def typeset(document: Document) -> Document:
    """The document with typographic quotes in all its text (links' addresses untouched)."""
    meta = document.meta
    curled = replace(
        meta,
        title=curl(meta.title),
        subtitle=curl(meta.subtitle),
        author=curl(meta.author),  # the school's name, in a tailored pack
        subject=curl(meta.subject),
        keywords=tuple(curl(keyword) for keyword in meta.keywords),
        header=curl(meta.header),
        footer=curl(meta.footer),
        sheet_header=None if meta.sheet_header is None else curl(meta.sheet_header),
        sheet_footer=None if meta.sheet_footer is None else curl(meta.sheet_footer),
    )
    return replace(document, meta=curled, blocks=_blocks(document.blocks))


def _blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    return tuple(_block(block) for block in blocks)


def _block(block: Block) -> Block:
    if isinstance(block, Heading):
        return replace(block, children=_inlines(block.children))
    if isinstance(block, Paragraph):
        return replace(block, children=_inlines(block.children))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(_blocks(item) for item in block.items))
    if isinstance(block, Table):
        return replace(
            block,
            header=tuple(_inlines(cell) for cell in block.header),
            rows=tuple(tuple(_inlines(cell) for cell in row) for row in block.rows),
        )
    if isinstance(block, Signs):
        return replace(block, signs=tuple(_inlines(sign) for sign in block.signs))
    if isinstance(block, Callout):
        return replace(block, title=curl(block.title), blocks=_blocks(block.blocks))
    if isinstance(block, Image):
        return replace(block, alt=curl(block.alt))
    if isinstance(block, ImageRow):
        return replace(
            block,
            images=tuple(replace(image, alt=curl(image.alt)) for image in block.images),
            labels=tuple(_inlines(label) for label in block.labels),
        )
    if isinstance(block, WriteSpace):
        return replace(block, label=curl(block.label))
    if isinstance(block, Cover):
        return replace(block, band=_blocks(block.band), blocks=_blocks(block.blocks))
    if isinstance(block, Worksheet):
        return replace(
            block, title=curl(block.title), blocks=_blocks(block.blocks), help=_blocks(block.help)
        )
    if isinstance(block, Letter):
        return replace(block, blocks=_blocks(block.blocks))
    if isinstance(block, Contents):
        return replace(block, title=curl(block.title))  # its entries are the headings'
    return block  # PageBreak


def _inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    # One paragraph's runs are curled as one text, so a quote after a bold word closes.
    curled, _ = _runs(inlines, " ")
    return curled


def _runs(inlines: tuple[Inline, ...], before: str) -> tuple[tuple[Inline, ...], str]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = curl(inline.text, before)
            out.append(Text(text) if text != inline.text else inline)
            before = text[-1:] or before
        elif isinstance(inline, (Strong, Emphasis, Link)):
            children, before = _runs(inline.children, before)
            out.append(replace(inline, children=children))
        elif isinstance(inline, LineBreak):
            out.append(inline)
            before = " "
    return tuple(out), before
