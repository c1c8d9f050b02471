"""Any valid document renders in every format and keeps all of its text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cse_lessonpack import artwork, fonts
from cse_lessonpack.model import (
    Block,
    Callout,
    Document,
    Emphasis,
    Heading,
    Image,
    ImageRow,
    Inline,
    LineBreak,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Signs,
    Strong,
    Table,
    Text,
    Theme,
    Worksheet,
    WriteSpace,
)
from cse_lessonpack.render import RENDERERS
from cse_lessonpack.render.richtext import REPLACEMENT, clean

from ..textextract import docx_text, pdf_pages

# Letters, digits, punctuation and symbols from anywhere in Unicode, plus the characters that break
# XML and reportlab's paragraph markup, and words far longer than a line.
ALPHABET = st.characters(
    categories=("L", "N", "P", "S", "Zs", "Cc"),
    exclude_characters="\r\n\t\x0b\x0c\x1c\x1d\x1e\x1f\x85",
)
HOSTILE_SHORT = ["<", "&", "</para>", "<b>", "{{ x }}", "{% if %}", "😀", "&amp;"]
HOSTILE = st.sampled_from([*HOSTILE_SHORT, "x" * 300])
WORDS = st.lists(
    st.one_of(st.text(ALPHABET, min_size=1, max_size=12), HOSTILE), min_size=1, max_size=6
).map(" ".join)

text = WORDS.map(Text)
inline: st.SearchStrategy[Inline] = st.one_of(
    text,
    text.map(lambda t: Strong((t,))),
    text.map(lambda t: Emphasis((t,))),
)
inlines = st.lists(inline, min_size=1, max_size=4).map(tuple)
paragraph = inlines.map(Paragraph)
heading = st.builds(Heading, st.integers(1, 4), inlines, st.uuids().map(lambda u: f"h-{u.hex[:8]}"))
simple = st.one_of(paragraph, heading)
list_block = st.builds(
    ListBlock, st.booleans(), st.lists(st.tuples(paragraph), min_size=1, max_size=3).map(tuple)
)
table = st.integers(1, 4).flatmap(
    lambda n: st.builds(
        Table,
        st.lists(inlines, min_size=n, max_size=n).map(tuple),
        st.lists(st.lists(inlines, min_size=n, max_size=n).map(tuple), min_size=1, max_size=3).map(
            tuple
        ),
    )
)
callout = st.builds(
    Callout,
    st.sampled_from(["note", "safeguarding", "tip", "question", "key"]),
    WORDS,
    st.lists(st.one_of(paragraph, list_block), min_size=1, max_size=3).map(tuple),
)
picture = st.builds(
    Image,
    st.sampled_from(sorted(n for n in artwork.names() if not n.startswith("logo"))).map(
        lambda n: f"picture:{n}"
    ),
    WORDS,
    st.floats(10, 60),
)
space = st.builds(
    WriteSpace, st.sampled_from(["lines", "box"]), st.integers(1, 3).map(lambda n: n * 10), WORDS
)
# A sign's word, then what it means after a line break (or nothing).
sign = st.tuples(WORDS, st.one_of(st.none(), WORDS)).map(
    lambda p: (Text(p[0]),) if p[1] is None else (Text(p[0]), LineBreak(), Text(p[1]))
)
signs = st.lists(sign, min_size=1, max_size=3).map(lambda found: Signs(tuple(found)))
block: st.SearchStrategy[Block] = st.one_of(
    paragraph,
    heading,
    list_block,
    table,
    callout,
    picture,
    space,
    st.lists(picture, min_size=2, max_size=3).map(lambda p: ImageRow(tuple(p))),
    # Pictures with a choice under each (a worksheet's "Keep it secret." / "Tell a grown-up.").
    st.lists(st.tuples(picture, WORDS), min_size=2, max_size=3).map(
        lambda found: ImageRow(
            tuple(p for p, _ in found), tuple((Strong((Text(w),)),) for _, w in found)
        )
    ),
    st.just(PageBreak()),
    signs,
)
# A worksheet's help box is the pack's own line or two (where to get help), printed at the foot
# of every page of the sheet: hostile characters, but not paragraphs of 300-letter words, which
# would leave the sheet no page to stand on.
SHORT_WORDS = st.lists(
    st.one_of(st.text(ALPHABET, min_size=1, max_size=12), st.sampled_from(HOSTILE_SHORT)),
    min_size=1,
    max_size=8,
).map(" ".join)
worksheet = st.builds(
    Worksheet,
    WORDS,
    st.just("sheet"),
    st.lists(st.one_of(paragraph, table, space, signs), min_size=1, max_size=3).map(tuple),
    st.tuples(SHORT_WORDS.map(lambda words: Paragraph((Text(words),)))),
)
documents = st.lists(st.one_of(block, worksheet), min_size=1, max_size=8).map(tuple)

THEME = Theme(
    primary="#4B2A7B",
    accent="#F4B400",
    text="#1C1C1C",
    muted="#4A4A4A",
    background="#FFFFFF",
    on_primary="#FFFFFF",
    on_accent="#000000",
    heading="#4B2A7B",
    link="#4B2A7B",
    callout_fills=(("note", "#EEF1F8"),),
    font="atkinson-hyperlegible",
    body_size=11,
    worksheet_size=15,
    campaign="Know About CSE",
    strapline="Know the signs. Report it.",
    website="https://www.knowaboutcse.co.uk",
    website_label="www.knowaboutcse.co.uk",
    logo_ref="asset:campaign-logo",
)
META = Meta("Title", "Sub", "Author", "Subject", ("k",), dt.date(2026, 11, 28), "Header", "Footer")


def _document(blocks: tuple[Block, ...]) -> Document:
    from cse_lessonpack.markdown import walk
    from cse_lessonpack.model import Asset

    refs: list[str] = []
    walk(blocks, lambda b: refs.append(b.ref) if isinstance(b, Image) else None)
    assets = tuple(
        Asset(
            ref,
            "drawing",
            name=ref.removeprefix("picture:"),
            aspect=artwork.aspect(ref.removeprefix("picture:")),
        )
        for ref in dict.fromkeys(refs)
    )
    return Document(META, THEME, blocks, assets)


def _words(blocks: tuple[Block, ...]) -> list[str]:
    """The visible text (a picture's alt text is checked by the DOCX and verify tests)."""
    from cse_lessonpack.markdown import block_text, walk

    found: list[str] = []
    walk(blocks, lambda b: None if isinstance(b, Image) else found.append(block_text(b)))
    return [t for t in found if t.strip()]


def _visible(text: str) -> str:
    """What a PDF can show of ``text``: characters no bundled font has become U+FFFD."""
    fonts.register(THEME.font)
    drawable = fonts.coverage(fonts.face_name(THEME.font, "regular")) | fonts.coverage(
        fonts.FALLBACK_NAME
    )
    return "".join(c if ord(c) in drawable or c == " " else REPLACEMENT for c in clean(text))


def _squash(text: str) -> str:
    return "".join(text.split())


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(documents)
def test_every_document_renders_as_pdf_and_keeps_its_text(blocks: tuple[Block, ...]) -> None:
    document = _document(blocks)
    data = RENDERERS["pdf"](document)
    pages = pdf_pages(data)
    extracted = _body_text(pages, blocks)
    everything = Counter(_squash("".join(pages)))
    helps = _help_words(blocks)
    for words in _words(blocks):
        visible = _squash(_visible(words))
        if words in helps:  # on every page of its sheet
            assert visible in _squash("".join(pages))
        elif visible not in extracted:
            # A block split between pages, where a repeated table header or a row named again
            # comes between its parts: every letter of it must still be there.
            assert not Counter(visible) - everything, visible


def _help_words(blocks: tuple[Block, ...]) -> list[str]:
    sheets = [b for b in blocks if isinstance(b, Worksheet)]
    return _words(tuple(block for sheet in sheets for block in sheet.help))


def _body_text(pages: list[str], blocks: tuple[Block, ...]) -> str:
    """The pages' text run together without each page's running header, footer and page number
    (and a worksheet's band and help box), so that a block split between pages reads on
    unbroken."""
    furniture = [META.header, META.footer]
    sheet = [META.worksheet_label, *_help_words(blocks)]
    sheet += [f"· {_visible(b.title)}" for b in blocks if isinstance(b, Worksheet)]
    out = []
    for number, page in enumerate(pages, start=1):
        text = _squash(page)
        on_sheet = text.startswith(_squash(META.worksheet_label))
        for token in [f"Page {number} of {len(pages)}", *furniture, *(sheet if on_sheet else [])]:
            text = text.replace(_squash(token), "", 1)
        out.append(text)
    return "".join(out)


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(documents)
def test_every_document_renders_as_docx_and_keeps_its_text(blocks: tuple[Block, ...]) -> None:
    document = _document(blocks)
    data = RENDERERS["docx"](document)
    extracted = _squash(docx_text(data) + "".join(_footer_text(data)))
    for words in _words(blocks):
        assert _squash(clean(words)) in extracted


def _footer_text(data: bytes) -> list[str]:
    import io

    from docx import Document as open_docx

    doc = open_docx(io.BytesIO(data))
    found = []
    for section in doc.sections:
        for table in section.footer.tables:
            for cell in table._cells:
                found.extend(p.text for p in cell.paragraphs)
    return found
