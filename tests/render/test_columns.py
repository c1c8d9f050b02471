"""Column widths: tables with the same columns in one section line up, in both formats."""

from __future__ import annotations

import dataclasses
import io

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from cse_lessonpack.model import Document, Heading, Paragraph, Table, Text
from cse_lessonpack.render.columns import column_widths, fit_unbreakable, width_basis
from cse_lessonpack.render.docx import render_docx


def _cell(text: str) -> tuple[Text, ...]:
    return (Text(text),)


HEADER = (_cell("Service"), _cell("Contact"), _cell("Who it is for"), _cell("When"))
PUPILS = Table(HEADER, ((_cell("Childline"), _cell("0800 1111"), _cell("under 19"), _cell("any")),))
ADULTS = Table(
    HEADER,
    (
        (
            _cell("NSPCC Helpline"),
            _cell("0808 800 5000"),
            _cell("adults worried about a child, including professionals and parents"),
            _cell("Mon–Fri 8am–10pm, weekends 9am–6pm. Free"),
        ),
    ),
)


def _blocks(*tables: Table, new_section: bool = False) -> tuple[object, ...]:
    first, *rest = tables
    middle = (Heading(1, (Text("Glossary"),), "g"),) if new_section else ()
    return (
        Heading(1, (Text("Where to get help"),), "help"),
        first,
        Paragraph(_cell("Between the tables.")),
        *middle,
        *rest,
    )


def test_tables_with_the_same_columns_in_a_section_share_widths() -> None:
    basis = width_basis(_blocks(PUPILS, ADULTS))  # type: ignore[arg-type]
    assert basis[id(PUPILS)] is basis[id(ADULTS)]
    # Sized alone, the pupils' table would take other widths than the adults' table.
    assert column_widths(PUPILS, 4) != column_widths(ADULTS, 4)


def test_tables_in_different_sections_keep_their_own_widths() -> None:
    assert width_basis(_blocks(PUPILS, ADULTS, new_section=True)) == {}  # type: ignore[arg-type]


def _grids(data: bytes) -> list[list[str]]:
    doc = open_docx(io.BytesIO(data))
    return [
        [col.get(qn("w:w")) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for table in doc.tables
    ]


def test_word_tables_on_a_help_page_line_up(ks1_document: Document) -> None:
    document = dataclasses.replace(ks1_document, blocks=_blocks(PUPILS, ADULTS))
    pupils, adults = _grids(render_docx(document))
    assert pupils == adults


def test_choices_that_do_not_fit_on_a_line_go_in_even_columns_none_left_alone() -> None:
    from cse_lessonpack.render.columns import choice_columns

    assert choice_columns([30, 30, 30], room=200, gap=10) == 3  # one line
    # Four that need two lines: two and two, not three and one alone.
    assert choice_columns([60, 40, 70, 55], room=200, gap=10) == 2
    assert choice_columns([40, 40, 40, 40, 40, 40], room=150, gap=5) == 3  # 3 + 3
    assert choice_columns([40, 40, 40, 40, 40], room=150, gap=5) == 3  # 3 + 2
    assert choice_columns([300, 20], room=200, gap=10) == 1  # wider than the line: one a line


def test_an_empty_column_to_write_in_gets_its_heading_on_one_line_within_a_third() -> None:
    # "My picture or word" over three lines left a strip too narrow to draw in.
    def table(heading: str) -> Table:
        meaning = (
            "A clue that something is not right. It might be a feeling, like a tight tummy, "
            "or being asked to keep a secret."
        )
        return Table(
            (_cell("Word"), _cell("What it means"), _cell(heading)),
            ((_cell("warning sign"), _cell(meaning), _cell("")),),
        )

    def measure(word: str, in_header: bool) -> float:
        return 10.0 * len(word)  # ten units a character, in a table 600 wide

    def fitted(heading: str) -> list[float]:
        words = table(heading)
        return fit_unbreakable(column_widths(words, 3), words, 3, measure, 600, padding=10)

    assert column_widths(table("My picture or word"), 3)[2] < 0.2
    assert fitted("My picture or word")[2] * 600 == pytest.approx(190)  # 18 characters, padding
    assert abs(sum(fitted("My picture or word")) - 1) < 1e-9
    assert fitted("In my language, or my own words, or a picture")[2] == pytest.approx(1 / 3)
    # A column with text in its body keeps its share (its words are short enough).
    words = table("My picture or word")
    filled = Table(words.header, ((*words.rows[0][:2], _cell("yes")),))
    shares = column_widths(filled, 3)
    assert fit_unbreakable(shares, filled, 3, measure, 600, 10) == pytest.approx(shares)
    assert shares[2] * 600 < 130
