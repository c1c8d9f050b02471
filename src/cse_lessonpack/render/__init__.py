"""Renderers: each turns a ``Document`` into the bytes of one file format."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Document

Renderer = Callable[[Document], bytes]


def _docx(document: Document) -> bytes:
    from .docx import render_docx

    return render_docx(document)


def _pdf(document: Document) -> bytes:
    from .pdf import render_pdf

    return render_pdf(document)


# A new output format is one module, one line here, and one text extractor in the tests.
RENDERERS: dict[str, Renderer] = {"docx": _docx, "pdf": _pdf}
