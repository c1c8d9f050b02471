"""Colour arithmetic: parsing hex colours and WCAG 2 contrast ratios."""

from __future__ import annotations

import re
from typing import Any

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
AA_TEXT = 4.5  # WCAG 2 AA for normal-size text
WHITE = "#FFFFFF"
BLACK = "#000000"


def is_hex(value: str) -> bool:
    return bool(_HEX.match(value))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    if not is_hex(hex_colour):
        raise ValueError(f"expected a colour written #RRGGBB, got {hex_colour!r}")
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = rgb(hex_colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tint(hex_colour: str, white: float) -> str:
    """The colour mixed with white, ``white`` being white's share (0.9: a pale tint)."""
    mixed = (round(v + (255 - v) * white) for v in rgb(hex_colour))
    return "#" + "".join(f"{v:02X}" for v in mixed)


def readable_on(background: str) -> str:
    """White or black, whichever reads better on ``background``."""
    return WHITE if contrast(background, WHITE) >= contrast(background, BLACK) else BLACK


def cmyk(hex_colour: str) -> tuple[float, float, float, float]:
    """A naive device conversion, good enough for flat brand colours on a proof."""
    r, g, b = (v / 255 for v in rgb(hex_colour))
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def cmyk_picture(image: Any) -> Any:
    """An RGB picture (PIL) in CMYK by the same formula as `cmyk`: the grey in each pixel
    goes to black ink. PIL's own conversion uses no black at all, so a black logo printed as
    three full inks, muddy and out of register."""
    from PIL import Image, ImageChops, ImageMath

    red, green, blue = image.convert("RGB").split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # 255 × (1 − k)

    def ink(channel: Any) -> Any:
        # (1 − c − k) / (1 − k), in 0–255; a black pixel (most = 0) takes no colour ink.
        share = ImageMath.lambda_eval(
            lambda a: ((a["most"] - a["c"]) * 510 + a["most"]) / (a["most"] * 2),
            most=most,
            c=channel,
        )
        return share.convert("L")

    inks = [ink(red), ink(green), ink(blue), ImageChops.invert(most)]
    return Image.merge("CMYK", inks)
