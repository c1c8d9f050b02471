"""Font subset tags: different files, different tags; the files still read back whole."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from cse_lessonpack.model import Paragraph, Text
from cse_lessonpack.render.pdf import render_pdf
from cse_lessonpack.render.subsets import tag_subsets

from .test_properties import _document


def _fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert descriptor["/FontName"] == font["/BaseFont"]  # both renamed alike
    return names


def _pdf(words: str) -> bytes:
    return render_pdf(_document((Paragraph((Text(words),)),)))


def test_two_files_with_different_letters_name_their_subsets_differently() -> None:
    # A RIP that gangs two posters on one sheet must not take one file's glyphs for the other's.
    first, second = _fonts(_pdf("Oakfield Academy")), _fonts(_pdf("Łucja Ştefan"))
    assert first and second
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w.-]+", name) for name in first | second)
    assert not first & second
    assert not any(name.startswith("/AAAAAA+") for name in first | second)


def test_the_same_file_gets_the_same_tags_and_keeps_its_offsets() -> None:
    data = _pdf("Know the signs. Report it.")
    assert _pdf("Know the signs. Report it.") == data
    assert len(tag_subsets(data)) == len(data)
    assert "Know the signs" in PdfReader(io.BytesIO(data), strict=True).pages[0].extract_text()


def test_a_letter_beyond_u_ffff_can_be_copied_and_read_aloud() -> None:
    # reportlab wrote five hex digits for U+10780 in the font's ToUnicode map, which readers
    # reject: the letter was drawn, but copying, searching and screen readers lost it.
    reader = PdfReader(io.BytesIO(_pdf("Oakfield \U00010780 Academy")))
    assert "Oakfield \U00010780 Academy" in reader.pages[0].extract_text()
