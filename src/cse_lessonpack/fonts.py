"""The bundled font families (from PyPI font packages) and their registration with reportlab."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final


@dataclass(frozen=True, slots=True)
class Family:
    key: str  # the name used in profiles: "atkinson-hyperlegible"
    display: str  # the name Word shows: "Atkinson Hyperlegible"
    package: str  # the fontpkg family slug
    note: str


FAMILIES: Final[dict[str, Family]] = {
    "atkinson-hyperlegible": Family(
        "atkinson-hyperlegible",
        "Atkinson Hyperlegible",
        "atkinson-hyperlegible",
        "designed by the Braille Institute for readers with low vision (default)",
    ),
    "lato": Family("lato", "Lato", "lato", "a warm, open sans-serif with wide language coverage"),
}
FALLBACK_PACKAGE: Final = "noto-sans"
FALLBACK_NAME: Final = "CseFallback"
STYLES: Final = ("regular", "bold", "italic", "bolditalic")


def family(key: str) -> Family:
    try:
        return FAMILIES[key]
    except KeyError:
        known = ", ".join(FAMILIES)
        raise ValueError(f"unknown font '{key}' (expected one of: {known})") from None


@cache
def font_file(package: str, style: str) -> Path:
    import fontpkg

    weight = 700 if "bold" in style else 400
    slant = "italic" if "italic" in style else "normal"
    return Path(fontpkg.path(package, weight=weight, style=slant, nearest=True))


def face_name(key: str, style: str) -> str:
    """The reportlab name of one face of a family, e.g. ``atkinson-hyperlegible-bold``."""
    return f"{key}-{style}"


@cache
def register(key: str) -> None:
    """Register a family's four faces and the fallback face with reportlab (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fam = family(key)
    for style in STYLES:
        pdfmetrics.registerFont(TTFont(face_name(key, style), str(font_file(fam.package, style))))
    pdfmetrics.registerFontFamily(
        face_name(key, "regular"),
        normal=face_name(key, "regular"),
        bold=face_name(key, "bold"),
        italic=face_name(key, "italic"),
        boldItalic=face_name(key, "bolditalic"),
    )
    for bold in (0, 1):
        for italic in (0, 1):
            style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
            addMapping(face_name(key, "regular"), bold, italic, face_name(key, style))
    _register_fallback()


@cache
def _register_fallback() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FALLBACK_NAME, str(font_file(FALLBACK_PACKAGE, "regular"))))
    # The fallback has one face (a variable font's default instance); bold and italic text that
    # needs it is drawn upright and regular rather than failing.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK_NAME, bold, italic, FALLBACK_NAME)


@cache
@cache  # a face's glyphs never change once registered; asked for once per paragraph
def coverage(face: str) -> frozenset[int]:
    """The code points a registered reportlab face can draw."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(face)
    return frozenset(font.face.charToGlyph)
