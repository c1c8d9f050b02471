"""Column widths: tables with the same columns in one section line up, in both formats."""

from __future__ import annotations

import dataclasses
import io

from docx import Document as open_docx
from docx.oxml.ns import qn

from cse_lessonpack.model import Document, Heading, Paragraph, Table, Text
from cse_lessonpack.render.columns import column_widths, width_basis
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
