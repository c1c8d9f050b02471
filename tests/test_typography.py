"""Typographic quotes: what opens, what closes, and that every printed text gets them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cse_lessonpack import compose
from cse_lessonpack.content import Library
from cse_lessonpack.markdown import all_text
from cse_lessonpack.model import (
    Callout,
    Heading,
    KeyStage,
    Link,
    Paragraph,
    Strong,
    Text,
    Worksheet,
    WriteSpace,
    plain_text,
)
from cse_lessonpack.profile import Tailoring
from cse_lessonpack.templating import make_environment
from cse_lessonpack.typography import curl, straighten, typeset, unbroken_name

from .conftest import TEMPLATES


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ('She says, "Don\'t tell."', "She says, \u201cDon\u2019t tell.\u201d"),
        (
            "the pupils' work and the child's fault",
            "the pupils\u2019 work and the child\u2019s fault",
        ),
        ('("pass")', "(\u201cpass\u201d)"),
        ('help \u2013 "a friend"', "help \u2013 \u201ca friend\u201d"),
        ("\"'You owe me,' he said\"", "\u201c\u2018You owe me,\u2019 he said\u201d"),
        ("St Bart's", "St Bart\u2019s"),
        ("no quotes at all", "no quotes at all"),
    ],
)
def test_quotes_open_after_a_space_or_bracket_and_close_or_join_words_elsewhere(
    written: str, printed: str
) -> None:
    assert curl(written) == printed


def test_a_quote_at_the_start_of_a_run_follows_what_was_printed_before_it() -> None:
    assert curl('"', before="!") == "\u201d"
    assert curl('"', before=" ") == "\u201c"


@given(st.text(alphabet="ab '\"()-\u2013!.\n"))
def test_straightening_gives_back_the_text_as_written(text: str) -> None:
    assert straighten(curl(text)) == text
    assert '"' not in curl(text) and "'" not in curl(text)


def test_a_quote_round_a_bold_word_closes_after_it(library: Library, tailoring: Tailoring) -> None:
    document = compose.compose_pack(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))
    said = Paragraph((Text("Say "), Text('"'), Strong((Text("Stop!"),)), Text('" and tell.')))
    link = Link("https://example.org/a'b", (Text("Tom's page"),))
    blocks = (
        Heading(2, (Text("Jake's new friend"),), "jake"),
        said,
        Paragraph((link,)),
        Callout("note", "Kit's story", ()),
        Worksheet("Jake's new friend", "sheet", (WriteSpace("box", 40, "Draw Jake's friend."),)),
    )
    done = typeset(dataclasses.replace(document, blocks=blocks))
    heading, paragraph, linked, callout, sheet = done.blocks
    assert isinstance(heading, Heading) and plain_text(heading.children) == "Jake\u2019s new friend"
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.children) == "Say \u201cStop!\u201d and tell."
    assert isinstance(linked, Paragraph)
    (new_link,) = linked.children
    assert isinstance(new_link, Link) and new_link.url == "https://example.org/a'b"
    assert plain_text(new_link.children) == "Tom\u2019s page"
    assert isinstance(callout, Callout) and callout.title == "Kit\u2019s story"
    assert isinstance(sheet, Worksheet) and sheet.title == "Jake\u2019s new friend"
    assert sheet.blocks == (WriteSpace("box", 40, "Draw Jake\u2019s friend."),)


def test_a_pack_prints_no_straight_quotes(library: Library, tailoring: Tailoring) -> None:
    school = dataclasses.replace(tailoring, school_name="St Bart's Academy")
    document = compose.compose_pack(library, KeyStage.KS1, school, make_environment(TEMPLATES))
    text = " ".join(all_text(document.blocks))
    assert "\u2019" in text and "\u201c" in text
    assert '"' not in text and "'" not in text
    assert "St Bart\u2019s Academy" in document.meta.footer
    assert document.meta.author.startswith("St Bart\u2019s Academy")  # the file's properties
    assert document.meta.date == dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # The poster split "C of / E"; the cover left "School" alone on its second line.
        (
            "St Bartholomew's C of E (VC) Primary School",
            "St Bartholomew's C\u00a0of\u00a0E (VC) Primary\u00a0School",
        ),
        ("St Mary and St John RC Primary", "St Mary and St John RC\u00a0Primary"),
        ("Holy Trinity C E First School", "Holy Trinity C\u00a0E First\u00a0School"),
        ("Oakfield Academy", "Oakfield Academy"),  # two words may still share the lines
    ],
)
def test_a_schools_name_breaks_neither_inside_its_initials_nor_before_its_last_word(
    name: str, expected: str
) -> None:
    assert unbroken_name(name) == expected
    assert unbroken_name(name).replace("\u00a0", " ") == name
