"""The project's own vector art: the campaign logo and simple outline pictures for worksheets."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Ellipse,
    Group,
    Line,
    Path,
    Polygon,
    Rect,
    String,
)
from reportlab.lib.colors import HexColor


@dataclass(frozen=True, slots=True)
class Palette:
    primary: str
    accent: str
    ink: str  # outlines and text
    paper: str  # what the art sits on
    font: str  # reportlab face for words in the art (bold)


Painter = Callable[[Palette], tuple[Group, float, float]]  # group, width, height in design units
_PAINTERS: dict[str, Painter] = {}
_DESCRIPTIONS: dict[str, str] = {}


def _painter(name: str, description: str) -> Callable[[Painter], Painter]:
    def register(fn: Painter) -> Painter:
        _PAINTERS[name] = fn
        _DESCRIPTIONS[name] = description
        return fn

    return register


def names() -> dict[str, str]:
    """Every picture name with a short description (shown by ``cse-lessonpack list``)."""
    return dict(sorted(_DESCRIPTIONS.items()))


def aspect(name: str) -> float:
    """Height divided by width of a picture."""
    _, width, height = _PAINTERS[name](
        Palette("#000000", "#000000", "#000000", "#FFFFFF", "Helvetica")
    )
    return height / width


def drawing(name: str, width_pt: float, palette: Palette) -> Drawing:
    """A picture scaled to ``width_pt`` points wide."""
    group, width, height = _PAINTERS[name](palette)
    scale = width_pt / width
    group.scale(scale, scale)
    out = Drawing(width_pt, height * scale)
    # Otherwise the drawing starts in Helvetica, which is never embedded.
    out.initialFontName = palette.font
    out.add(group)
    return out


def _c(hex_colour: str) -> Any:
    return HexColor(hex_colour)


def _outline(p: Palette, **extra: Any) -> dict[str, Any]:
    return {"strokeColor": _c(p.ink), "strokeWidth": 3, "fillColor": _c(p.paper), **extra}


# --- the logo ----------------------------------------------------------------------------------


def _eye(group: Group, cx: float, cy: float, w: float, fill: str, iris: str, pupil: str) -> None:
    h = w * 0.55
    eye = Path(fillColor=_c(fill), strokeColor=None)
    eye.moveTo(cx - w / 2, cy)
    eye.curveTo(cx - w / 4, cy + h / 1.2, cx + w / 4, cy + h / 1.2, cx + w / 2, cy)
    eye.curveTo(cx + w / 4, cy - h / 1.2, cx - w / 4, cy - h / 1.2, cx - w / 2, cy)
    eye.closePath()
    group.add(eye)
    group.add(Circle(cx, cy, h * 0.42, fillColor=_c(iris), strokeColor=None))
    group.add(Circle(cx, cy, h * 0.18, fillColor=_c(pupil), strokeColor=None))


def _badge(p: Palette, reverse: bool) -> Group:
    """A speech bubble (tell someone) holding an eye (know the signs)."""
    g = Group()
    ground, bubble = (p.paper, p.primary) if reverse else (p.primary, p.paper)
    g.add(Rect(0, 0, 100, 100, rx=18, ry=18, fillColor=_c(ground), strokeColor=None))
    g.add(Rect(14, 30, 72, 56, rx=14, ry=14, fillColor=_c(bubble), strokeColor=None))
    g.add(Polygon([26, 34, 24, 14, 44, 32], fillColor=_c(bubble), strokeColor=None))
    _eye(g, 50, 58, 54, ground, p.accent, bubble)
    return g


@_painter("logo", "the Know About CSE logo, for light backgrounds")
def _logo(p: Palette) -> tuple[Group, float, float]:
    return _wordmark(p, reverse=False)


@_painter("logo-reverse", "the Know About CSE logo, for the brand colour")
def _logo_reverse(p: Palette) -> tuple[Group, float, float]:
    return _wordmark(p, reverse=True)


@_painter("badge", "the logo's badge alone")
def _badge_only(p: Palette) -> tuple[Group, float, float]:
    return _badge(p, reverse=False), 100, 100


def _wordmark(p: Palette, reverse: bool) -> tuple[Group, float, float]:
    g = Group()
    g.add(_badge(p, reverse))
    words = p.paper if reverse else p.primary
    g.add(String(116, 58, "Know About", fontName=p.font, fontSize=30, fillColor=_c(words)))
    g.add(String(114, 8, "CSE", fontName=p.font, fontSize=54, fillColor=_c(words)))
    g.add(Rect(232, 12, 60, 10, fillColor=_c(p.accent), strokeColor=None))
    return g, 300, 100


# --- worksheet pictures (outlines a child can colour in) --------------------------------------


@_painter("hand", "an open hand outline, one finger for each trusted adult")
def _hand(p: Palette) -> tuple[Group, float, float]:
    def shapes(**style: Any) -> list[Any]:
        thumb = Group(Rect(0, 0, 32, 100, rx=16, ry=16, **style))
        thumb.translate(58, 40)
        thumb.rotate(42)
        fingers = [(60, 118, 30, 122), (96, 128, 30, 128), (132, 124, 30, 122), (168, 110, 28, 104)]
        return [
            thumb,
            *(Rect(x, 60, w, y - 60 + h * 0.8, rx=15, ry=15, **style) for x, y, w, h in fingers),
            Rect(56, 10, 144, 140, rx=40, ry=40, **style),
        ]

    # Stroke every part thick, then fill them all without a stroke: only the outer outline stays,
    # so the hand reads as one shape a child can colour in.
    g = Group()
    for shape in shapes(fillColor=_c(p.ink), strokeColor=_c(p.ink), strokeWidth=6):
        g.add(shape)
    for shape in shapes(fillColor=_c(p.paper), strokeColor=None):
        g.add(shape)
    return g, 210, 250


def _face(p: Palette, mood: str) -> tuple[Group, float, float]:
    g = Group()
    g.add(Circle(100, 100, 90, **_outline(p)))
    ink = _c(p.ink)
    g.add(Circle(70, 120, 9, fillColor=ink, strokeColor=None))
    g.add(Circle(130, 120, 9, fillColor=ink, strokeColor=None))
    mouth = Path(strokeColor=ink, strokeWidth=5, fillColor=None, strokeLineCap=1)
    if mood == "happy":
        mouth.moveTo(58, 72)
        mouth.curveTo(80, 40, 120, 40, 142, 72)
    elif mood == "sad":
        mouth.moveTo(62, 52)
        mouth.curveTo(82, 80, 118, 80, 138, 52)
    else:  # worried: a wobbly mouth and raised brows
        mouth.moveTo(60, 62)
        mouth.curveTo(75, 74, 85, 50, 100, 62)
        mouth.curveTo(115, 74, 125, 50, 140, 62)
        g.add(Line(52, 140, 82, 152, strokeColor=ink, strokeWidth=5, strokeLineCap=1))
        g.add(Line(148, 140, 118, 152, strokeColor=ink, strokeWidth=5, strokeLineCap=1))
    g.add(mouth)
    return g, 200, 200


@_painter("face-happy", "a smiling face")
def _happy(p: Palette) -> tuple[Group, float, float]:
    return _face(p, "happy")


@_painter("face-sad", "a sad face")
def _sad(p: Palette) -> tuple[Group, float, float]:
    return _face(p, "sad")


@_painter("face-worried", "a worried face")
def _worried(p: Palette) -> tuple[Group, float, float]:
    return _face(p, "worried")


@_painter("phone", "a mobile phone")
def _phone(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    g.add(Rect(10, 10, 100, 190, rx=16, ry=16, **_outline(p)))
    g.add(Rect(22, 40, 76, 136, rx=4, ry=4, **_outline(p, strokeWidth=2)))
    g.add(Circle(60, 24, 7, **_outline(p, strokeWidth=2)))
    return g, 120, 210


@_painter("gift", "a wrapped present with a bow")
def _gift(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    g.add(Rect(20, 10, 160, 110, **_outline(p)))
    g.add(Rect(10, 120, 180, 36, **_outline(p)))
    g.add(Rect(88, 10, 24, 146, **_outline(p, strokeWidth=2)))
    g.add(Ellipse(74, 172, 26, 16, **_outline(p)))
    g.add(Ellipse(126, 172, 26, 16, **_outline(p)))
    g.add(Circle(100, 164, 9, **_outline(p)))
    return g, 200, 196


@_painter("speech", "an empty speech bubble to write or draw in")
def _speech(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    g.add(Polygon([40, 40, 30, 0, 80, 40], **_outline(p)))
    g.add(Rect(5, 36, 230, 120, rx=30, ry=30, **_outline(p)))
    g.add(Rect(42, 34, 36, 8, fillColor=_c(p.paper), strokeColor=None))
    return g, 240, 160


@_painter("person", "a simple person shape")
def _person(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    g.add(Rect(20, 10, 100, 110, rx=40, ry=40, **_outline(p)))
    g.add(Circle(70, 150, 34, **_outline(p)))
    return g, 140, 190


@_painter("house", "a house")
def _house(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    g.add(Rect(30, 10, 140, 110, **_outline(p)))
    g.add(Polygon([15, 118, 100, 190, 185, 118], **_outline(p)))
    g.add(Rect(85, 10, 32, 58, **_outline(p, strokeWidth=2)))
    g.add(Rect(44, 70, 30, 30, **_outline(p, strokeWidth=2)))
    g.add(Rect(128, 70, 30, 30, **_outline(p, strokeWidth=2)))
    return g, 200, 200


@_painter("lock", "a padlock, for things we keep private")
def _lock(p: Palette) -> tuple[Group, float, float]:
    g = Group()
    shackle = Path(strokeColor=_c(p.ink), strokeWidth=10, fillColor=None)
    shackle.moveTo(45, 100)
    shackle.lineTo(45, 135)
    shackle.curveTo(45, 185, 115, 185, 115, 135)
    shackle.lineTo(115, 100)
    g.add(shackle)
    g.add(Rect(20, 10, 120, 100, rx=12, ry=12, **_outline(p)))
    g.add(Circle(80, 70, 12, fillColor=_c(p.ink), strokeColor=None))
    g.add(Rect(75, 32, 10, 36, fillColor=_c(p.ink), strokeColor=None))
    return g, 160, 180


@_painter("star", "a star")
def _star(p: Palette) -> tuple[Group, float, float]:
    points: list[float] = []
    for i in range(10):
        radius = 90 if i % 2 == 0 else 38
        angle = math.pi / 2 + i * math.pi / 5
        points += [100 + radius * math.cos(angle), 95 + radius * math.sin(angle)]
    g = Group(Polygon(points, **_outline(p)))
    return g, 200, 190


# --- raster copies, for formats that cannot hold vector art -----------------------------------

RASTER_DPI: Final = 200


@cache
def png(name: str, width_pt: float, palette: Palette, transparent: bool = False) -> bytes:
    """The picture as PNG bytes, drawn once as a PDF and rasterised with pdfium."""
    from reportlab.graphics import renderPDF

    from . import raster

    pdf = renderPDF.drawToString(drawing(name, width_pt, palette))
    drawn = raster.first_page(pdf, scale=RASTER_DPI / 72, transparent=transparent)
    return raster.png(drawn.image)
