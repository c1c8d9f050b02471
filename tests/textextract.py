"""Read generated files back as text, the way golden tests and safety checks compare them."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.text.paragraph import Paragraph
from pypdf import PdfReader


def docx_lines(data: bytes | Path) -> list[str]:
    """Every paragraph, in body order, as ``style: text`` (table cells included)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    doc = Document(source)
    lines: list[str] = []
    body = doc.element.body
    for element in body.iter():
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, doc)
            text = paragraph.text.replace("\u00a0", " ").strip()
            if text:
                lines.append(f"{paragraph.style.name if paragraph.style else 'Normal'}: {text}")
    return lines


def docx_text(data: bytes | Path) -> str:
    return "\n".join(line.split(": ", 1)[1] for line in docx_lines(data))


def pdf_pages(data: bytes | Path) -> list[str]:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    # Phone numbers are set with no-break spaces; compare them as ordinary spaces.
    return [(page.extract_text() or "").replace("\u00a0", " ") for page in PdfReader(source).pages]


def normalise(text: str) -> str:
    """Whitespace-insensitive text, for checking that words survived rendering."""
    return " ".join(text.split())


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path inside it: two calls compare a folder before and
    after a run that must leave it as it was."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
