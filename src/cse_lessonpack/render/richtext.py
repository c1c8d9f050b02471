"""Text for reportlab paragraphs: always escaped, with a fallback face for missing glyphs."""

from __future__ import annotations

import re
from functools import cache
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


def markup(text: str, face: str) -> str:
    """Paragraph markup showing ``text`` literally in ``face``.

    Characters the face cannot draw are set in the fallback face (Noto Sans); any the fallback
    lacks too (most emoji) become U+FFFD, so a missing glyph is visible rather than silently lost.
    """
    text = clean(text)
    if _drawable(face).issuperset(text):  # the usual case: every character is in the face
        return xml_escape(text)
    main = fonts.coverage(face)
    spare = fonts.coverage(fonts.FALLBACK_NAME)
    out: list[str] = []
    run: list[str] = []
    in_fallback = False

    def flush() -> None:
        if run:
            chunk = xml_escape("".join(run))
            out.append(
                f'<font face="{fonts.FALLBACK_NAME}">{chunk}</font>' if in_fallback else chunk
            )
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
    return "".join(out)


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
