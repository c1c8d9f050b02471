"""The bundled font families (from PyPI font packages) and their registration with reportlab."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final, Literal


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
# A bundled family whose zero is a plain oval, for the pupils' pages of stages that ask for one
# (Atkinson Hyperlegible's zero is slashed).
PLAIN_ZERO_FAMILY: Final = "lato"
FALLBACK_NAME: Final = "CseFallback"
STYLES: Final = ("regular", "bold", "italic", "bolditalic")


def key_for(name: str) -> str:
    """A family's key from the way people write its name: "Lato", "Atkinson Hyperlegible"."""
    wanted = re.sub(r"[\s_]+", "-", name.strip()).lower()
    for fam in FAMILIES.values():
        if wanted == fam.key or wanted == re.sub(r"\s+", "-", fam.display).lower():
            return fam.key
    return name


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
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # see _to_unicode_cmap
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


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map for a font subset, with each character beyond U+FFFF written
    as the UTF-16 pair the PDF specification asks for. reportlab writes its five hex digits,
    which readers reject: the letter showed, but copying, searching and screen readers lost
    it."""

    def utf16(value: int) -> str:
        return str(chr(value).encode("utf-16-be", "surrogatepass").hex().upper())

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{index:02X}> <{utf16(value)}>" for index, value in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


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


@cache  # a face's glyphs never change once registered; asked for once per paragraph
def coverage(face: str) -> frozenset[int]:
    """The code points a registered reportlab face can draw."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(face)
    return frozenset(font.face.charToGlyph)


# --- what the packs can print ----------------------------------------------------------------

# Characters that show nothing a reader can see, or are not text at all: format characters such as
# the zero-width space, the byte-order mark and the bidi controls (Cf), private-use code points
# (Co), lone surrogates (Cs) and line or paragraph separators (Zl, Zp). A font may well have a
# glyph for them (Lato and Noto Sans draw U+200B as nothing), so coverage alone does not catch them.
_INVISIBLE: Final = frozenset({"Cf", "Co", "Cs", "Zl", "Zp"})
# reportlab lays text out left to right, one character after another: Hebrew and Arabic would come
# out backwards (and Arabic unjoined) even where a font had the glyphs.
_RIGHT_TO_LEFT: Final = frozenset({"R", "AL", "AN"})
MAX_NAMED: Final = 5  # characters named in one message; more are counted

Kind = Literal["control", "invisible", "right-to-left", "missing"]


@dataclass(frozen=True, slots=True)
class Unprintable:
    """A character the packs cannot print, and why."""

    char: str
    kind: Kind

    def __str__(self) -> str:
        code = f"U+{ord(self.char):04X}"
        if self.kind == "control":
            return code
        if self.kind == "invisible" or unicodedata.category(self.char)[0] in "MZ":
            # Shown by name: quoted, a mark (such as the emoji variation selector U+FE0F) or a
            # space would show nothing, or sit on the quotation mark.
            name = unicodedata.name(self.char, "")
            return f"{code} ({name})" if name else code
        return f"{self.char!r} ({code})"


@cache
def printable(key: str) -> frozenset[int]:
    """The code points a family prints in every face, itself or through the fallback face.

    Bold and italic text is set in other faces than regular text, and a character missing from
    the face in use is drawn from the fallback (see ``render.richtext.markup``); any other becomes
    U+FFFD in the PDF.
    """
    register(key)
    faces = [coverage(face_name(key, style)) for style in STYLES]
    return frozenset.intersection(*faces) | coverage(FALLBACK_NAME) | {ord(" ")}


def unprintable(text: str, families: Iterable[str], *, allow: str = "") -> list[Unprintable]:
    """Each different character of ``text`` that a pack in any of ``families`` could not print,
    in the order they first appear; characters in ``allow`` (such as a line break) are let through.
    """
    if text.isascii() and text.isprintable():  # the usual case, without touching any font
        return []
    keys = tuple(families)
    found: dict[str, Unprintable] = {}
    for char in text:
        if char in found or char in allow or (" " <= char <= "~"):
            continue
        kind = _kind(char, keys)
        if kind is not None:
            found[char] = Unprintable(char, kind)
    return list(found.values())


def unseen(char: str) -> Kind | None:
    """Whether a character is a control character or one a reader cannot see, and which."""
    category = unicodedata.category(char)
    if category == "Cc":
        return "control"
    if category in _INVISIBLE:
        return "invisible"
    return None


def _kind(char: str, families: tuple[str, ...]) -> Kind | None:
    hidden = unseen(char)
    if hidden is not None:
        return hidden
    if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
        return "right-to-left"
    # Most characters outside ASCII are in the fallback face, which every family draws from: so
    # the families' own faces (Lato's are 2.7 MB) are loaded only for the rare one it lacks.
    _register_fallback()
    if ord(char) in coverage(FALLBACK_NAME):
        return None
    if any(ord(char) not in printable(key) for key in families):
        return "missing"
    return None


def explain_unprintable(found: Sequence[Unprintable]) -> str:
    """What is wrong and what to do, to follow "'value' has" or "contains": for example
    "a character the packs cannot print: '😀' (U+1F600); remove it"."""
    right_to_left = [u for u in found if u.kind == "right-to-left"]
    others = [u for u in found if u.kind != "right-to-left"]
    parts = []
    if right_to_left:
        # One example is enough: the whole script is the problem, not each letter of it.
        first = right_to_left[0]
        parts.append(
            f"right-to-left text (such as {first.char!r}, U+{ord(first.char):04X}), which the PDF "
            "packs cannot lay out; write it in a left-to-right script such as the Latin alphabet"
        )
    if others:
        kinds = {u.kind for u in others}
        mixed = len(kinds) > 1  # then each control character is called one, as its code is all
        adjective = (
            ""
            if mixed
            else {"control": "control ", "invisible": "invisible "}.get(next(iter(kinds)), "")
        )
        if len(others) == 1:
            article = "an" if adjective[:1] in {"a", "e", "i", "o", "u"} else "a"
            what, fix = f"{article} {adjective}character", "remove it"
        else:
            what, fix = f"{adjective}characters", "remove them"
        text = f"{what} the packs cannot print: {_listed(others, mixed)}; {fix}"
        parts.append(f"it also has {text}" if right_to_left else text)
    return "; ".join(parts)


def _listed(found: Sequence[Unprintable], mixed: bool) -> str:
    shown = ", ".join(
        f"{u} (a control character)" if mixed and u.kind == "control" else str(u)
        for u in found[:MAX_NAMED]
    )
    more = len(found) - MAX_NAMED
    return shown + (f" and {more} more" if more > 0 else "")
