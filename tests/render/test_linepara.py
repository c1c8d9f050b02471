"""Paragraphs that remember their line breaks: the same output, with less work."""

from __future__ import annotations

import dataclasses
import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from cse_lessonpack import compose, fonts
from cse_lessonpack.content import load_library
from cse_lessonpack.model import Document, KeyStage, Text
from cse_lessonpack.model import Paragraph as ParagraphBlock
from cse_lessonpack.profile import Tailoring
from cse_lessonpack.render.linepara import BalancedPara, LinePara
from cse_lessonpack.render.pdf import render_pdf
from cse_lessonpack.templating import make_environment

from ..conftest import LESSONS, TEMPLATES
from ..textextract import pdf_pages

WORDS = (
    "Keep telling until someone listens: a <b>trusted adult</b> at school, at home or a "
    "helpline such as Childline on 0800 1111, where someone is there day and night. " * 4
)


def _style() -> ParagraphStyle:
    fonts.register("atkinson-hyperlegible")
    face = fonts.face_name("atkinson-hyperlegible", "regular")
    return ParagraphStyle("body", fontName=face, fontSize=11, leading=15)


def _drawn(paragraph: Paragraph, width: float) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    paragraph.wrap(width, 1000)
    paragraph.drawOn(canvas, 50, 100)
    canvas.save()
    return out.getvalue()


def test_lines_are_broken_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: object) -> object:
        calls.append(width)
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    paragraph = LinePara(WORDS, _style())
    first = paragraph.wrap(300, 1000)
    assert paragraph.wrap(300, 1000) == first
    paragraph.wrap(200, 1000)
    paragraph.wrap(300, 1000)
    assert len(calls) == 2  # one per width


def test_a_remembering_paragraph_draws_exactly_as_reportlab_s_own() -> None:
    style = _style()
    assert _drawn(LinePara(WORDS, style), 300) == _drawn(Paragraph(WORDS, style), 300)


def test_after_a_split_the_whole_paragraph_still_draws_as_new() -> None:
    # The remembered lines must survive a split untouched: a paragraph split and then placed
    # whole (moved to the next page, say) draws the lines it remembered.
    style = _style()
    paragraph = LinePara(WORDS, style)
    paragraph.wrap(300, 1000)
    parts = paragraph.split(300, 40)
    assert len(parts) == 2
    assert _drawn(paragraph, 300) == _drawn(Paragraph(WORDS, style), 300)


@pytest.fixture(scope="module")
def real_packs(tailoring: Tailoring) -> dict[str, Document]:
    """The real KS2 and KS3 packs: long, with tables split across pages, worksheets and lists."""
    library = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    return {
        stage.value: compose.compose_pack(library, stage, tailoring, env)
        for stage in (KeyStage.KS2, KeyStage.KS3)
    }


def test_a_pack_is_byte_identical_whatever_was_rendered_before_it(
    real_packs: dict[str, Document],
) -> None:
    alone = render_pdf(real_packs["ks3"])
    render_pdf(real_packs["ks2"])  # shares its help pages, facts and headings with KS3
    assert render_pdf(real_packs["ks3"]) == alone


def test_the_same_words_twice_in_one_document_are_both_shown(ks1_document: Document) -> None:
    line = "Keep telling until someone listens."
    repeated = (ParagraphBlock((Text(line),)),) * 3
    document = dataclasses.replace(ks1_document, blocks=ks1_document.blocks + repeated)
    text = " ".join(pdf_pages(render_pdf(document)))
    assert " ".join(text.split()).count(line) >= 3


LONG_URL = (
    "https://www.gov.uk/government/publications/sharing-nudes-and-semi-nudes-advice-for-"
    "education-settings-working-with-children-and-young-people"
)


@pytest.mark.parametrize("width", [150, 250, 440])
def test_a_printed_address_longer_than_a_line_breaks_within_the_line_and_stays_whole(
    width: float,
) -> None:
    # Reportlab broke it once, after a slash, and ran the rest off the page: "…and-young".
    link = f'<a href="{LONG_URL}" color="#4B2A7B"><u>{LONG_URL}</u></a>'
    paragraph = LinePara(f"UKCIS, Sharing nudes and semi-nudes, 2020: {link}", _style())
    paragraph.wrap(width, 1000)
    lines = paragraph.blPara.lines
    assert all(line.extraSpace >= 0 for line in lines), "a line runs past the margin"
    texts = ["".join(f.text for f in line.words) for line in lines]
    address = [t for t in texts if t.startswith(("https://", "/", "-", "."))]
    assert "".join(address) == LONG_URL  # nothing lost, nothing added (no hyphen of ours)
    assert address[0].startswith("https://") and len(address) > 1
    # Every line of it is a link to the whole address, so any line of it opens the page.
    for line in lines:
        text = "".join(f.text for f in line.words)
        if text in address:
            targets = {target for f in line.words if f.text for _, target in f.link}
            assert targets == {LONG_URL}, text


def test_a_paragraph_without_long_addresses_breaks_as_reportlab_breaks_it() -> None:
    short = '<a href="https://www.childline.org.uk" color="#000000"><u>www.childline.org.uk</u></a>'
    text = f"{WORDS} {short}"
    assert _drawn(LinePara(text, _style()), 300) == _drawn(Paragraph(text, _style()), 300)


def _texts(paragraph: Paragraph, width: float) -> list[tuple[float, str]]:
    paragraph.wrap(width, 10_000)
    return [
        (line.extraSpace, "".join(f.text for f in line.words)) for line in paragraph.blPara.lines
    ]


def test_a_broken_address_stays_broken_when_its_paragraph_splits_across_pages() -> None:
    # Platypus rebuilt each part from its words, losing the breaks: the rest ran off the page.
    link = f'<a href="{LONG_URL}" color="#4B2A7B"><u>{LONG_URL}</u></a>'
    paragraph = LinePara(f"{'Intro words here. ' * 4}UKCIS guidance: {link} and more.", _style())
    whole = _texts(paragraph, 250)
    leading = paragraph.style.leading
    for keep in range(2, len(whole)):
        paragraph = LinePara(paragraph.text, _style())
        paragraph.wrap(250, 10_000)
        first, rest = paragraph.split(250, keep * leading + 1)
        parts = _texts(first, 250) + _texts(rest, 250)
        assert [text for _, text in parts] == [text for _, text in whole]
        assert all(room >= -0.01 for room, _ in parts), parts


def test_a_long_address_in_a_very_narrow_column_is_cut_and_never_loops() -> None:
    link = f'<a href="{LONG_URL}" color="#4B2A7B"><u>{LONG_URL}</u></a>'
    lines = _texts(LinePara(f"X {link}", _style()), 25)  # narrower than most words
    assert "".join(text for _, text in lines).replace("X", "", 1) == LONG_URL


def test_an_address_after_a_line_break_leaves_no_empty_line() -> None:
    link = f'<a href="{LONG_URL}" color="#4B2A7B"><u>{LONG_URL}</u></a>'
    lines = _texts(LinePara(f"Sources:<br/>{link}", _style()), 250)
    assert lines[0][1] == "Sources:" and all(text for _, text in lines)


def test_a_broken_address_after_styled_words_splits_across_pages() -> None:
    # A source's title in italics, then its address: reportlab cut the fragments at the broken
    # lines' word indexes, which belong to the broken copy's fragments (IndexError in every
    # large-print KS2 pack; a batch's large-print schools failed).
    link = f'<a href="{LONG_URL}" color="#4B2A7B"><u>{LONG_URL}</u></a>'
    text = f"Department for Education, <i>{'A long title in italics. ' * 3}</i>, 2025: {link}"
    whole = _texts(LinePara(text, _style()), 250)
    leading = _style().leading
    for keep in range(2, len(whole)):
        paragraph = LinePara(text, _style())
        paragraph.wrap(250, 10_000)
        first, rest = paragraph.split(250, keep * leading + 1)
        parts = _texts(first, 250) + _texts(rest, 250)
        assert [t for _, t in parts] == [t for _, t in whole]


def _line_widths(paragraph: Paragraph, width: float) -> list[float]:
    """How wide each line's words are as set (the widths of plain text, here)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    paragraph.wrap(width, 1000)
    style = paragraph.style
    return [
        stringWidth(" ".join(words), style.fontName, style.fontSize)
        for _, words in paragraph.blPara.lines
    ]


@pytest.mark.parametrize("words", ["myths and facts", "abuse", "what to do", "16 and 17"])
def test_a_heading_never_ends_on_a_stray_word_or_two(words: str) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # "Lesson 1: Child sexual exploitation – myths / and facts": a last line of one or two
    # words read as an afterthought. Balanced, the lines are as many and nearly even.
    text = f"Lesson 1: Child sexual exploitation and what it means – {words}"
    style = ParagraphStyle("h1", _style(), fontSize=22, leading=27)
    # A little narrower than the whole title: on two lines, the second is a word or two.
    width = stringWidth(text, style.fontName, style.fontSize) * 0.85
    plain = _line_widths(Paragraph(text, style), width)
    balanced = _line_widths(BalancedPara(text, style), width)
    assert len(balanced) == len(plain) == 2
    assert max(balanced) <= width + 1  # (reportlab allows a word a hair over)
    assert min(balanced) >= 0.6 * max(balanced)  # the last line holds a fair share
    assert min(plain) < 0.6 * max(plain)  # (where reportlab's own break left one or two words)


@pytest.mark.parametrize(
    ("text", "first", "share"),
    [
        ("Lesson 2: Grooming – how it works and how to spot it", "Lesson 2: Grooming –", 0.8),
        (
            "Lesson 1: Child sexual exploitation – myths and facts",
            "Lesson 1: Child sexual exploitation –",
            0.8,
        ),
        # The lesson's number alone above its title, where the title then fills its line.
        ("Lesson 4: Getting help and being a good bystander", "Lesson 4:", 0.95),
    ],
)
def test_a_two_line_heading_breaks_where_its_phrases_part(
    text: str, first: str, share: float
) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    # Balanced by width alone, titles broke mid-phrase: "Lesson 2: Grooming – how / it works
    # and how to spot it", "Lesson 1: Child sexual / exploitation – myths and facts".
    style = ParagraphStyle("h1", _style(), fontSize=22, leading=27)
    width = stringWidth(text, style.fontName, style.fontSize) * share
    paragraph = BalancedPara(text, style)
    paragraph.wrap(width, 1000)
    lines = [" ".join(words) for _, words in paragraph.blPara.lines]
    assert lines == [first, text.removeprefix(first).strip()]
    assert max(_line_widths(paragraph, width)) <= width + 1
