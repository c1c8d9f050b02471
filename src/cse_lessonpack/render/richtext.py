"""Text for reportlab paragraphs: always escaped, with a fallback face for missing glyphs."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .. import fonts
from ..model import Emphasis, Inline, LineBreak, Link, Strong, Text

REPLACEMENT = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text without the control characters that PDF strings and XML cannot hold."""
    return _CONTROL.sub(REPLACEMENT, text.replace("\t", " ").replace("\r", " ").replace("\n", " "))


@cache
def _drawable(face: str) -> frozenset[str]:
    return frozenset(chr(code) for code in fonts.coverage(face)) | {" "}


def face_runs(text: str, face: str) -> list[tuple[str, str]]:
    """``text`` as runs of (characters, face that draws them): characters ``face`` lacks are set
    in the fallback face (Noto Sans); any the fallback lacks too (most emoji) become U+FFFD, so a
    missing glyph is visible rather than silently lost."""
    main = fonts.coverage(face)
    spare = fonts.coverage(fonts.FALLBACK_NAME)
    out: list[tuple[str, str]] = []
    run: list[str] = []
    in_fallback = False

    def flush() -> None:
        if run:
            out.append(("".join(run), fonts.FALLBACK_NAME if in_fallback else face))
            run.clear()

    for char in text:
        code = ord(char)
        if code in main or char == " ":
            needs_fallback = False
        elif code in spare:
            needs_fallback = True
        else:
            char, needs_fallback = REPLACEMENT, True
        if needs_fallback != in_fallback:
            flush()
            in_fallback = needs_fallback
        run.append(char)
    flush()
    return out


def markup(text: str, face: str) -> str:
    """Paragraph markup showing ``text`` literally in ``face``, with the fallback face for the
    characters it cannot draw (see ``face_runs``)."""
    text = clean(text)
    if _drawable(face).issuperset(text):  # the usual case: every character is in the face
        return xml_escape(text)
    return "".join(
        f'<font face="{fonts.FALLBACK_NAME}">{xml_escape(chunk)}</font>'
        if run_face == fonts.FALLBACK_NAME
        else xml_escape(chunk)
        for chunk, run_face in face_runs(text, face)
    )


_TAG = re.compile(r"(<[^>]*>)")


def plain_zeros(text: str, family: str) -> str:
    """Paragraph markup with each 0 of its words set in another family (Lato), whose zero is a
    plain oval: Atkinson Hyperlegible's has a slash, which a child copying a phone number may
    read as an 8. Each zero takes the face its place asks for (inside <b>, the bold: reportlab
    does not carry bold into a named face); only text between tags changes, never a link's
    address."""
    if "0" not in text:
        return text
    fonts.register(family)
    bold = italic = 0
    out: list[str] = []
    for part in _TAG.split(text):
        if part.startswith("<"):
            tag = part.strip("</>").split()[0] if part.strip("</>") else ""
            step = -1 if part.startswith("</") else 1
            if tag == "b":
                bold += step
            elif tag == "i":
                italic += step
            out.append(part)
            continue
        style = ("bold" if bold > 0 else "") + ("italic" if italic > 0 else "") or "regular"
        zero = f'<font face="{fonts.face_name(family, style)}">0</font>'
        out.append(part.replace("0", zero))
    return "".join(out)


def text_width(text: str, face: str, size: float) -> float:
    """The width of a line drawn with ``draw_text``: each run in the face that draws it."""
    from reportlab.pdfbase import pdfmetrics

    if _drawable(face).issuperset(text):
        return float(pdfmetrics.stringWidth(text, face, size))
    return sum(float(pdfmetrics.stringWidth(c, f, size)) for c, f in face_runs(text, face))


def draw_text(
    canvas: Any, x: float, y: float, text: str, face: str, size: float, *, right: bool = False
) -> None:
    """A line of page furniture (a running header or footer with a school's name in it) drawn
    straight on the canvas, with the fallback face for characters ``face`` lacks, as paragraphs
    have: a Welsh school's "Ŵ" was an empty box in every Atkinson Hyperlegible footer. The
    canvas must be set to ``face`` at ``size`` already, and is left so. ``right``: the line
    ends at ``x``."""
    if _drawable(face).issuperset(text):
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        return
    if right:
        x -= text_width(text, face, size)
    # One text object, its font changed run by run, so a reader copying the line (or a PDF
    # reader's text extraction) gets the name in one piece.
    line = canvas.beginText(x, y)
    for chunk, run_face in face_runs(text, face):
        line.setFont(run_face, size)
        line.textOut(chunk)
    canvas.drawText(line)
    canvas.setFont(face, size)


def inline_markup(children: tuple[Inline, ...], face: str, link_colour: str) -> str:
    """Paragraph markup for inline content; every word of text goes through ``markup``."""
    parts: list[str] = []
    for child in children:
        match child:
            case Text(text=text):
                parts.append(markup(text, face))
            case Strong(children=inner):
                parts.append(f"<b>{inline_markup(inner, face, link_colour)}</b>")
            case Emphasis(children=inner):
                parts.append(f"<i>{inline_markup(inner, face, link_colour)}</i>")
            case Link(url=url, children=inner):
                href = xml_escape(clean(url), {'"': "&quot;"})
                label = inline_markup(inner, face, link_colour)
                parts.append(f'<a href="{href}" color="{link_colour}"><u>{label}</u></a>')
            case LineBreak():
                parts.append("<br/>")
    return "".join(parts)
