"""The poster model a poster renderer reads: frozen, slotted dataclasses holding tuples."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

from .model import Meta, Theme

PaperSize = Literal["A4", "A3", "A2"]

# Trim sizes in points, exactly as reportlab's pagesizes give them (ISO 216, millimetres × 72/25.4).
PAPER: Final[dict[str, tuple[float, float]]] = {
    "A4": (210 * 72 / 25.4, 297 * 72 / 25.4),
    "A3": (297 * 72 / 25.4, 420 * 72 / 25.4),
    "A2": (420 * 72 / 25.4, 594 * 72 / 25.4),
}


@dataclass(frozen=True, slots=True)
class PosterHelpline:
    """One way to get help: what it is, the number (or web address) printed large, a short note."""

    name: str
    number: str  # exactly as in helplines.yaml: a phone number, or a web address without https://
    extra: str  # a short note under the number; may be empty
    kind: Literal["phone", "web"]


@dataclass(frozen=True, slots=True)
class PosterSchool:
    """What a school profile adds: its name, its logo, and whom to talk to in school."""

    name: str
    logo_png: bytes | None
    logo_aspect: float  # height / width
    talk_to_heading: str  # e.g. "In our school"; shown above ``talk_to``
    talk_to: str  # e.g. "Talk to Ms J Patel in the Pastoral Office."; empty without a DSL
    # The DSL's phone, printed large under ``talk_to`` on adults' posters; empty on pupils'
    # (they are pointed to the person) or when the profile gives none.
    phone: str = ""
    # Under ``talk_to`` on the staff poster: "Deputy: Mr R Shah."; empty without one, and left
    # out (posters.py) at a size where the poster does not fit with it.
    deputy: str = ""


@dataclass(frozen=True, slots=True)
class Poster:
    """Everything one poster says, independent of its paper size."""

    audience: str  # the spec's name, e.g. "parents"
    headline: str
    points: tuple[str, ...]
    call_to_action: str
    helplines: tuple[PosterHelpline, ...]
    website: str  # the URL
    website_label: str  # how the URL is printed
    qr_target: str  # what the QR code encodes
    strapline: str
    checked: str  # "Numbers checked on 28 November 2026"
    credit: str  # who runs the campaign
    theme: Theme
    meta: Meta
    school: PosterSchool | None = None
    write_in: str = ""  # a heading over lines to write the DSL's name and place in, if set
    # The campaign's logo at the top. Off for young children's posters: "CSE" stands for words
    # their pages keep out, so their poster points to Childline instead of the campaign's site.
    campaign_mark: bool = True


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """How one poster file is printed: trim size, bleed, crop marks and colour model."""

    size: PaperSize = "A4"
    bleed_mm: float = 0.0  # added on every side; background colour runs into it
    crop_marks: bool = False  # drawn outside the bleed, on a slug added around the page
    cmyk: bool = False  # every colour written as CMYK; reportlab refuses any RGB colour


def printable_ways(poster: Poster) -> list[Poster]:
    """The ways a poster may be printed, in the order tried at each size: as composed; with the
    DSL's phone in their sentence rather than large under it; and without the deputy's line too.
    The phone and the deputy add to what the poster says (ring the DSL; tell the DSL or their
    deputy), so a school whose long DSL line leaves no room for them gets its poster with them
    smaller or left out, rather than refused."""
    ways = [poster]
    school = poster.school
    if school is None:
        return ways
    if school.phone:
        number = school.phone.replace(" ", "\u00a0")  # one number, one line
        in_line = f"{school.talk_to.removesuffix('.')}, on {number}."
        school = replace(school, talk_to=in_line, phone="")
        ways.append(replace(poster, school=school))
    if school.deputy:
        ways.append(replace(poster, school=replace(school, deputy="")))
    return ways
