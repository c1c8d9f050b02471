"""The poster renderer: a reportlab canvas page laid out for its paper size, ready for print."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph

from .. import artwork, colour, fonts, raster
from ..model import Theme
from ..poster import PAPER, Poster, PosterHelpline, PrintOptions, printable_ways
from ..typography import unbroken_name
from .clock import without_source_date_epoch
from .flow import plain_zero_family, zero_runs
from .linepara import balanced_share
from .richtext import clean, markup
from .subsets import tag_subsets

# --- the design of each paper size -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Design:
    """Hand-set measures for one paper size (points), before fitting to the content.

    Type grows with the distance a poster is read from, but margins, small print and the QR code
    are set by printing and by phone cameras, so they do not grow in step: each size is set, not
    scaled from A4.
    """

    margin: float  # every side of the trim; no text is closer to the edge
    headline: float
    number: float  # helpline numbers: the largest type on the poster
    number_min: float  # never smaller, however much the content must shrink
    text: float  # points, helpline names and notes
    action: float  # the call to action
    strap: float  # the campaign strapline beside the logo
    website: float
    small: float  # the "numbers checked" line and the campaign credit; never scaled
    qr: float  # side of the QR code's white square, quiet zone included; never scaled
    logo: float  # width of the campaign logo
    school_logo: float  # height of the school's logo, so a crest is known from across the room
    school_logo_min: float  # never shorter, however much the poster must shrink to fit
    gap: float  # space between parts
    pad: float  # inside boxes
    rule: float  # thickness of the accent rule under the headline


DESIGNS: Final[dict[str, Design]] = {
    # A4: read at arm's length on a noticeboard or a toilet door.
    "A4": Design(
        margin=13 * mm,
        headline=40,
        number=50,
        number_min=38,
        text=16,
        action=19,
        strap=14,
        website=18,
        small=10,  # white out of the band: smaller, it fills in when a printer's plates slip
        qr=28 * mm,
        logo=128,
        school_logo=25 * mm,
        school_logo_min=18 * mm,
        gap=15,
        pad=11,
        rule=5,
    ),
    # A3: read across a corridor, about 2 m away; numbers stay at least 60 pt.
    "A3": Design(
        margin=17 * mm,
        headline=58,
        number=72,
        number_min=60,
        text=22,
        action=27,
        strap=20,
        website=25,
        small=13,  # the checked date is read too: at A3 it scales with the paper, as the rest
        qr=36 * mm,
        logo=180,
        school_logo=35 * mm,
        school_logo_min=25 * mm,
        gap=21,
        pad=15,
        rule=7,
    ),
    # A2: a reception or hall wall, read from 3 m or more.
    "A2": Design(
        margin=22 * mm,
        headline=82,
        number=102,
        number_min=84,
        text=31,
        action=38,
        strap=28,
        website=35,
        small=18,
        qr=60 * mm,  # scans from about ten times its side: from 60 cm, a step from the wall
        logo=256,
        school_logo=50 * mm,
        school_logo_min=36 * mm,
        gap=30,
        pad=21,
        rule=10,
    ),
}
SCALE_MIN: Final = 0.75  # below this the poster is too crowded: the spec must be shortened
SCALE_MAX: Final = 1.25  # above this a short spec would look shouty rather than designed
CROP_OFFSET: Final = 3 * mm  # crop marks start at least this far outside the trim
CROP_CLEAR: Final = 1 * mm  # and at least this far outside the bleed, so they never touch ink
CROP_LENGTH: Final = 6 * mm
CROP_WIDTH: Final = 0.25
SLUG_SPARE: Final = 2 * mm  # paper beyond the end of the marks
QR_LEVEL: Final = "M"  # error correction: survives a scuffed or partly covered code
QR_QUIET_MODULES: Final = 4  # the quiet zone the QR standard asks for, in modules
PREVIEW_WIDTH_PX: Final = 600
SCHOOL_LOGO_SHARE: Final = 0.25  # a school's logo is never wider than this share of the page
SCHOOL_LOGO_PPI: Final = 150  # nor enlarged to fewer pixels an inch than this: it would blur
SCHOOL_LOGO_SQUEEZE: Final = 0.7  # share of its minimum height a logo may give up to fit words
# The DSL's phone on adults' posters, as a share of the helplines' number size: set in the DSL's
# sentence it printed at 15 pt on A4 beside national numbers at 38, though staff ring it first.
DSL_PHONE_SHARE: Final = 0.6


class PosterFitError(ValueError):
    """The poster's words do not fit its paper, even at the smallest type the design allows."""


# --- colours ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inks:
    """Every colour the layout uses, by role, as ``#RRGGBB``."""

    band: str  # header and footer fill
    on_band: str
    accent: str  # rule, bullets, card edges, call-to-action fill
    on_accent: str
    paper: str
    text: str
    card: str  # helpline cards
    number: str  # helpline numbers on a card
    school_card: str  # the school's "talk to" box
    school_edge: str
    qr_dark: str
    qr_light: str
    marks: str  # crop marks (registration black in CMYK)


def inks(theme: Theme) -> Inks:
    """The poster's colours from the theme, keeping every text colour readable on its fill."""
    card = theme.callout_fill("key")
    school_card = theme.callout_fill("question")

    def readable(preferred: str, fill: str) -> str:
        return preferred if colour.contrast(preferred, fill) >= colour.AA_TEXT else theme.text

    return Inks(
        band=theme.primary,
        on_band=theme.on_primary,
        accent=theme.accent,
        on_accent=theme.on_accent,
        paper=theme.background,
        text=theme.text,  # the brand keeps body text readable on paper and every callout fill
        card=card,
        number=readable(theme.primary, card),
        school_card=school_card,
        school_edge=theme.primary,
        qr_dark=colour.BLACK,
        qr_light=colour.WHITE,
        marks=colour.BLACK,
    )


def colour_pairs(theme: Theme) -> tuple[tuple[str, str, str], ...]:
    """(where, text colour, background colour) for every piece of text the layout draws."""
    i = inks(theme)
    return (
        ("campaign logo and strapline", i.on_band, i.band),
        ("headline", i.on_band, i.band),
        ("points", i.text, i.paper),
        ("school box", i.text, i.school_card),
        ("call to action", i.on_accent, i.accent),
        ("helpline name and note", i.text, i.card),
        ("helpline number", i.number, i.card),
        ("website and small print", i.on_band, i.band),
    )


# --- sizes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeSizes:
    """The type sizes (points) a poster was set in, after fitting its words to the paper."""

    headline: float
    number: float
    text: float
    action: float
    strap: float
    website: float
    small: float
    scale: float
    school_name: float = 0.0  # the school's name beside its logo; 0 without a school


@dataclass(frozen=True, slots=True)
class _Faces:
    regular: str
    bold: str


@dataclass(frozen=True, slots=True)
class _Part:
    """A horizontal slice of the poster: its height, and how to draw it below a given top."""

    height: float
    draw: Callable[[Any, float], None]


@dataclass(frozen=True, slots=True)
class _Text:
    """A paragraph with the width it was wrapped to and the height that gave."""

    para: Paragraph
    width: float
    height: float

    def draw(self, c: Any, x: float, top: float) -> None:
        self.para.wrap(self.width, 1e6)
        self.para.drawOn(c, x, top - self.height)


def _face_names(theme: Theme) -> _Faces:
    fonts.register(theme.font)
    return _Faces(fonts.face_name(theme.font, "regular"), fonts.face_name(theme.font, "bold"))


class _Layout:
    """The poster's parts at one scale; ``fits`` says whether they fill no more than the page.

    ``school_logo`` caps the school logo's height (see ``_fit``); by default it is the design's.
    """

    def __init__(
        self,
        poster: Poster,
        options: PrintOptions,
        faces: _Faces,
        ink: Callable[[str], Any],
        scale: float,
        school_logo: float | None = None,
    ) -> None:
        self.poster = poster
        self.faces = faces
        self.ink = ink
        self.inks = inks(poster.theme)
        self.design = DESIGNS[options.size]
        self.width, self.height = PAPER[options.size]
        self.bleed = options.bleed_mm * mm
        self.cmyk = options.cmyk
        self.scale = scale
        self.school_logo_cap = school_logo
        d, s = self.design, scale
        self.margin = d.margin
        self.inner = self.width - 2 * d.margin
        self.gap = d.gap * s
        self.pad = d.pad * s
        self.edge = max(d.rule * 0.8, 3)  # the coloured edge of a card
        self.text = d.text * s
        self.action = d.action * s
        self.number = max(d.number * s, d.number_min)
        self.headline = min(d.headline * s, self.number)
        self.number = min(
            self.number, self._widest_number_size(self.inner - self.edge - 2 * self.pad)
        )
        self.headline_set = self.headline  # the headline may be set smaller to break well
        self.school_name = 0.0  # the school's name, set in the header's tile
        self.header = self._header()
        self.footer = self._footer()
        self.body = self._body()
        self.min_body_gaps = (len(self.body) + 1) * self.gap
        self.sizes = TypeSizes(
            headline=self.headline_set,
            number=self.number,
            text=self.text,
            action=self.action,
            strap=d.strap * s,
            website=d.website * s,
            small=d.small,
            scale=s,
            school_name=self.school_name,
        )

    # -- measures ------------------------------------------------------------------------------

    def natural_height(self) -> float:
        return (
            self.header.height
            + self.footer.height
            + sum(p.height for p in self.body)
            + self.min_body_gaps
        )

    def fits(self) -> bool:
        return self.natural_height() <= self.height and self.number >= self.design.number_min

    def _number_runs(self, number: str) -> list[tuple[str, str]]:
        """A helpline number as runs of (text, face): bold, with its zeros in a family whose
        zero is plain on a poster for young pupils (see ``Theme.sheet_plain_zeros``), who may
        read Atkinson Hyperlegible's slashed zero as an 8."""
        text, bold = clean(number), self.faces.bold
        family = plain_zero_family(self.poster.theme)
        if family is None or "0" not in text:
            return [(text, bold)]
        fonts.register(family)
        zero = fonts.face_name(family, "bold")
        return [(run, zero if is_zeros else bold) for run, is_zeros in zero_runs(text)]

    def _draw_number(self, c: Any, number: str, x: float, baseline: float, size: float) -> None:
        """A number in the numbers' ink: one text object, its face changed run by run (plain
        zeros for young pupils), so the number is copied and read as one."""
        c.setFillColor(self.ink(self.inks.number))
        line = c.beginText(x, baseline)
        for run, face in self._number_runs(number):
            line.setFont(face, size)
            line.textOut(run)
        c.drawText(line)

    def _number_width(self, number: str, size: float) -> float:
        return sum(float(stringWidth(run, face, size)) for run, face in self._number_runs(number))

    def _widest_number_size(self, room: float) -> float:
        """The number size at which every number fits ``room`` on one line."""
        widest = max(
            (self._number_width(h.number, 100) for h in self.poster.helplines), default=0.0
        )
        return self.number if widest == 0 else min(self.number, room / widest * 100)

    def _para(
        self,
        text: str,
        size: float,
        ink: str,
        *,
        bold: bool = False,
        leading: float = 1.22,
        align: int = TA_LEFT,
        raw: bool = False,
    ) -> Paragraph:
        face = self.faces.bold if bold else self.faces.regular
        style = ParagraphStyle(
            "poster",
            fontName=face,
            fontSize=size,
            leading=size * leading,
            textColor=self.ink(ink),
            alignment=align,
            splitLongWords=1,
        )
        return Paragraph(text if raw else markup(text, face), style)

    @staticmethod
    def _height(para: Paragraph, width: float) -> float:
        return float(para.wrap(width, 1e6)[1])

    # -- header: logo, strapline, headline on the brand colour ---------------------------------

    def _header(self) -> _Part:
        d, s, i = self.design, self.scale, self.inks
        mark = self.poster.campaign_mark
        logo_width = d.logo * s
        logo_height = logo_width * artwork.aspect("logo-reverse")
        tile = self._school_tile(logo_height, logo_width) if self.poster.school else None
        # Without the campaign's logo the row holds only the school's tile, if there is one.
        row = max(logo_height if mark else 0.0, tile.height if tile else 0.0)
        after_row = self.gap * 1.2 if row else 0.0
        headline = self._text(self._headline(), self.inner)
        headline_height = headline.height
        rule = d.rule * s
        height = self.margin + row + after_row + headline_height + self.gap * 0.7 + rule + self.gap

        def draw(c: Any, top: float) -> None:
            self._band(c, top - height, top, reaches_top=True)
            y = top - self.margin
            if mark:
                art = artwork.drawing("logo-reverse", logo_width, self._art_palette())
                self._recolour(art)
                art.drawOn(c, self.margin, y - row + (row - logo_height) / 2)
            if tile:
                tile.draw(c, y - (row - tile.height) / 2)
            y -= row + after_row
            headline.draw(c, self.margin, y)
            y -= headline_height + self.gap * 0.7
            c.setFillColor(self.ink(i.accent))
            c.rect(self.margin, y - rule, min(self.inner * 0.28, 14 * rule), rule, stroke=0, fill=1)

        return _Part(height, draw)

    def _school_tile(self, row: float, campaign: float) -> _Part:
        """The school's logo and name on a white tile at the right of the logo row.

        The logo is sized by its height, so a square or tall crest is as easy to know from
        across the room as a wide one (see ``_school_logo_size``). The name beside it is set as
        large as the call to action, on as many lines as the logo is tall; a long name is set
        smaller, never below the small print, and beyond that wraps and makes the tile taller,
        so it never runs off the page. Without a logo the tile is as tall as the campaign logo.
        """
        school = self.poster.school
        assert school is not None
        d, i = self.design, self.inks
        pad = self.pad * 0.5
        # Wider at the sides: at the same half pad, a long name's lines ended 1-2 mm from the
        # tile's edge on A4, which a print shop queries.
        side = self.pad * 0.8
        # The campaign logo keeps its side of the row, with a clear space before the tile.
        beside = campaign + 2 * self.gap if self.poster.campaign_mark else 0.0
        room = min(self.inner * 0.72, self.inner - beside) - 2 * side
        logo_width, logo_height = self._school_logo_size() if school.logo_png else (0.0, 0.0)
        inner_height = logo_height or row - 2 * pad
        text_room = room - (logo_width + pad if logo_width else 0.0)
        floor = d.small  # the small print's size: smaller, a name is not read from a distance
        size = max(self.action, floor)
        shown = unbroken_name(school.name, last_word=False)
        # The widest run a line cannot break (a word, or words joined by no-break spaces), at
        # 1 pt: reportlab splits a run wider than the line mid-word, and a long one-word name
        # then printed in pieces (and failed the check that the school is named).
        widest = max(float(stringWidth(run, self.faces.bold, 1)) for run in shown.split(" ") if run)
        name = self._para(shown, size, i.text, bold=True, leading=1.15)
        while (
            self._height(name, text_room) > inner_height or widest * size > text_room
        ) and size > floor:
            size = max(size * 0.92, floor)
            name = self._para(shown, size, i.text, bold=True, leading=1.15)
        if widest * size > text_room:
            # Below the small print rather than in pieces: a name too long for one line.
            size = text_room / widest * 0.99
            name = self._para(shown, size, i.text, bold=True, leading=1.15)
        self.school_name = size
        # As narrow as it can be on as many lines, so the lines come out even: "… Nursery /
        # School" left a word alone, "… Voluntary Aided Primary and / Nursery School" a short end.
        # Never narrower than its widest word: balancing at the same number of lines could
        # break a long word instead of moving it.
        wrap = max(self._balanced(name, text_room), min(text_room, widest * size * 1.01))
        name_height = self._height(name, wrap)
        name_width = max(wrap - _extra_space(line) for line in self._lines(name, wrap))
        content = max(logo_height, name_height)
        height = max(row, content + 2 * pad)
        width = 2 * side + (logo_width + pad if logo_width else 0.0) + name_width

        def draw(c: Any, top: float) -> None:
            left = self.width - self.margin - width
            c.setFillColor(self.ink(i.paper))
            c.roundRect(left, top - height, width, height, pad * 0.8, 0, 1)
            middle = top - height / 2
            x = left + side
            if school.logo_png and logo_width:
                c.drawImage(
                    self._logo_image(school.logo_png),
                    x,
                    middle - logo_height / 2,
                    logo_width,
                    logo_height,
                )
                x += logo_width + pad
            name.wrap(wrap, 1e6)
            name.drawOn(c, x, middle - name_height / 2)

        return _Part(height, draw)

    def _school_logo_size(self) -> tuple[float, float]:
        """The school logo's width and height on the poster, its shape kept.

        As tall as the design sets for the paper, shrinking with the poster's type but not below
        the design's minimum (unless only a shorter logo lets the words fit: see ``_fit``); no
        wider than a share of the page, so a wide logo is made shorter rather than crowding out
        the school's name; and never enlarged so far that it prints at fewer than
        ``SCHOOL_LOGO_PPI`` pixels an inch (a small picture stays small rather than blurred).
        """
        school = self.poster.school
        assert school is not None and school.logo_png is not None
        pixels_wide = _pixel_width(school.logo_png)
        aspect = school.logo_aspect
        width = min(self._school_logo_room(), pixels_wide / SCHOOL_LOGO_PPI * 72)
        return width, width * aspect

    def _school_logo_room(self) -> float:
        """The widest the school's logo may be drawn here, its pixels aside."""
        school = self.poster.school
        assert school is not None
        d = self.design
        height = max(d.school_logo * self.scale, d.school_logo_min)
        if self.school_logo_cap is not None:
            height = min(height, self.school_logo_cap)
        return min(height / school.logo_aspect, self.inner * SCHOOL_LOGO_SHARE)

    def _logo_image(self, png: bytes) -> Any:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        with Image.open(io.BytesIO(png)) as image:
            image.load()
            rgba = image.convert("RGBA")
        # The logo sits on a white tile, so flattening it onto white loses nothing and needs no
        # soft mask (which some print workflows drop); CMYK files get a CMYK picture.
        flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat.alpha_composite(rgba)
        return ImageReader(colour.cmyk_picture(flat) if self.cmyk else flat.convert("RGB"))

    def _headline(self) -> Paragraph:
        para = self._by_sentence(
            self.poster.headline, self.headline, self.inks.on_band, 1.1, self.inner, shrink=0.88
        )
        self.headline_set = float(para.style.fontSize)
        return para

    def _by_sentence(
        self, text: str, size: float, ink: str, leading: float, width: float, shrink: float = 1.0
    ) -> Paragraph:
        """Bold text broken after each sentence when that costs no extra line, so a question
        and its answer sit on lines of their own instead of leaving a word stranded; the type
        may be made up to ``shrink`` times smaller for that."""
        plain = self._para(text, size, ink, bold=True, leading=leading)
        sentences = re.split(r"(?<=[?.!])\s+", text.strip())
        if len(sentences) < 2:
            return plain
        lines = len(self._lines(plain, width))
        broken = "<br/>".join(markup(s, self.faces.bold) for s in sentences)
        trial = size
        while trial >= size * shrink - 0.01:
            by_sentence = self._para(broken, trial, ink, bold=True, leading=leading, raw=True)
            if len(self._lines(by_sentence, width)) <= lines:
                return by_sentence
            trial -= size * 0.02
        return plain

    # -- body: points, the school's box, the call to action, the helplines ---------------------

    def _body(self) -> list[_Part]:
        parts = [self._points()]
        if self.poster.school is not None and self.poster.school.talk_to:
            parts.append(self._school())
        elif self.poster.write_in:
            parts.append(self._write_in())
        parts.append(self._action())
        parts.append(self._helplines())
        return parts

    def _points(self) -> _Part:
        i = self.inks
        indent = self.text * 1.25
        spacing = self.text * 0.55
        texts = [
            self._text(self._para(p, self.text, i.text), self.inner - indent)
            for p in self.poster.points
        ]
        height = sum(t.height for t in texts) + spacing * (len(texts) - 1)

        def draw(c: Any, top: float) -> None:
            y = top
            for text in texts:
                text.draw(c, self.margin + indent, y)
                # A disc centred on the first line's lower-case letters.
                first_mid = y - self.text * 1.22 + self.text * 0.22 + self.text * 0.26
                c.setFillColor(self.ink(i.accent))
                c.circle(
                    self.margin + self.text * 0.38, first_mid, self.text * 0.24, stroke=0, fill=1
                )
                y -= text.height + spacing

        return _Part(height, draw)

    def _school(self) -> _Part:
        """Whom to talk to in school: the DSL's name and where to find them."""
        school = self.poster.school
        assert school is not None
        i = self.inks
        width = self.inner - self.edge - 2 * self.pad
        x = self.margin + self.edge + self.pad
        spacing = self.text * 0.3
        lines = [
            self._text_line(
                self._text(self._para(school.talk_to_heading, self.text, i.text), width)
            ),
            self._text_line(
                self._text(self._para(school.talk_to, self.action, i.text, bold=True), width)
            ),
        ]
        if school.phone:
            lines.append(self._phone_line(school.phone, width))
        if school.deputy:  # who to tell when the DSL is away, smaller than the DSL's line
            lines.append(
                self._text_line(self._text(self._para(school.deputy, self.text, i.text), width))
            )
        height = sum(h for h, _ in lines) + spacing * (len(lines) - 1) + 2 * self.pad

        def draw(c: Any, top: float) -> None:
            self._school_card(c, top, height)
            y = top - self.pad
            for line_height, draw_line in lines:
                draw_line(c, x, y)
                y -= line_height + spacing

        return _Part(height, draw)

    @staticmethod
    def _text_line(text: _Text) -> tuple[float, Callable[[Any, float, float], None]]:
        return text.height, text.draw

    def _phone_line(
        self, phone: str, width: float
    ) -> tuple[float, Callable[[Any, float, float], None]]:
        """The DSL's phone as a number to read from across the room, as the helplines' are but
        smaller, and never wider than the card (an extension makes it long)."""
        size = min(self.number * DSL_PHONE_SHARE, width / self._number_width(phone, 100) * 100)
        # Digits have no descenders: the line's box is its cap height, with a little air above
        # and below (the deputy's line in small type sat tight under it).
        baseline = size * (0.2 + 0.72)
        height = baseline + size * 0.15

        def draw(c: Any, x: float, top: float) -> None:
            self._draw_number(c, phone, x, top - baseline, size)

        return height, draw

    def _school_card(self, c: Any, top: float, height: float) -> None:
        """The card the school's part of the poster sits on, with its coloured edge."""
        c.setFillColor(self.ink(self.inks.school_card))
        c.roundRect(self.margin, top - height, self.inner, height, self.pad * 0.6, 0, 1)
        c.setFillColor(self.ink(self.inks.school_edge))
        c.rect(self.margin, top - height, self.edge, height, stroke=0, fill=1)

    def _write_in(self) -> _Part:
        """A card to write the DSL's name, place and phone in, on a poster without a school."""
        i = self.inks
        width = self.inner - self.edge - 2 * self.pad
        heading = self._text(self._para(self.poster.write_in, self.text, i.text), width)
        gutter = self.pad
        half = (width - gutter) / 2
        # The name takes a whole line; where to find them and their phone share the next, so
        # the card is no taller than with two lines.
        rows = [
            [(label, width) for label in ("Name, and the deputy’s name",)],
            [(label, half) for label in ("Where to find them", "Phone or extension")],
        ]
        labels = [
            [
                (self._text(self._para(label, self.text * 0.8, i.text), room), room)
                for label, room in row
            ]
            for row in rows
        ]
        line_gap = self.text * 2.2  # room to write by hand above each line
        spacing = self.text * 0.3
        label_height = max(text.height for row in labels for text, _ in row)
        height = heading.height + len(labels) * (line_gap + label_height) + 2 * self.pad

        def draw(c: Any, top: float) -> None:
            self._school_card(c, top, height)
            x = self.margin + self.edge + self.pad
            y = top - self.pad
            heading.draw(c, x, y)
            y -= heading.height
            c.setStrokeColor(self.ink(i.text))
            c.setLineWidth(max(self.scale * 0.75, 0.5))
            for row in labels:
                y -= line_gap
                left = x
                for text, room in row:
                    c.line(left, y, left + room, y)
                    text.draw(c, left, y - spacing * 0.3)
                    left += room + gutter
                y -= label_height

        return _Part(height, draw)

    def _action(self) -> _Part:
        i = self.inks
        width = self.inner - 2 * self.pad
        text = self._text(
            self._by_sentence(self.poster.call_to_action, self.action, i.on_accent, 1.22, width),
            width,
        )
        height = text.height + 2 * self.pad

        def draw(c: Any, top: float) -> None:
            c.setFillColor(self.ink(i.accent))
            c.roundRect(self.margin, top - height, self.inner, height, self.pad * 0.6, 0, 1)
            text.draw(c, self.margin + self.pad, top - self.pad)

        return _Part(height, draw)

    def _pairs(self) -> list[tuple[PosterHelpline, ...]]:
        """Helplines in rows: two short numbers next to each other (999 and 101) share a row.

        Decided at the design's sizes, not the fitted ones, so the rows are the same whatever the
        rest of the poster says, and a number never fills its half of the row to the edge.
        """
        d = self.design
        half = (self.inner - d.gap * 0.5) / 2 - self.edge - 2 * d.pad
        rows: list[tuple[PosterHelpline, ...]] = []
        pending = list(self.poster.helplines)
        while pending:
            first = pending.pop(0)
            if pending and all(
                self._number_width(h.number, d.number) <= half * 0.7 for h in (first, pending[0])
            ):
                rows.append((first, pending.pop(0)))
            else:
                rows.append((first,))
        return rows

    def _helplines(self) -> _Part:
        """The helpline cards, one section: rows closer together than the parts of the poster."""
        rows = [self._helpline_row(row) for row in self._pairs()]
        between = self.gap * 0.5
        height = sum(r.height for r in rows) + between * (len(rows) - 1)

        def draw(c: Any, top: float) -> None:
            for row in rows:
                row.draw(c, top)
                top -= row.height + between

        return _Part(height, draw)

    def _card_text(self, helpline: PosterHelpline) -> str:
        regular, bold = self.faces.regular, self.faces.bold
        label = f"<b>{markup(helpline.name, bold)}</b>"
        return f"{label}&nbsp;&nbsp;{markup(helpline.extra, regular)}" if helpline.extra else label

    def _helpline_row(self, row: tuple[PosterHelpline, ...]) -> _Part:
        i = self.inks
        between = self.gap * 0.5
        card_width = (self.inner - between * (len(row) - 1)) / len(row)
        width = card_width - self.edge - 2 * self.pad
        labels = [
            self._text(self._para(self._card_text(h), self.text, i.text, raw=True), width)
            for h in row
        ]
        # Digits have no descenders: the number's box is its cap height, with a little air.
        cap = self.number * 0.72
        number_gap = self.number * 0.2
        height = max(label.height for label in labels) + number_gap + cap + 2 * self.pad

        def draw(c: Any, top: float) -> None:
            for index, helpline in enumerate(row):
                x = self.margin + index * (card_width + between)
                c.setFillColor(self.ink(i.card))
                c.roundRect(x, top - height, card_width, height, self.pad * 0.6, 0, 1)
                c.setFillColor(self.ink(i.accent))
                c.rect(x, top - height, self.edge, height, stroke=0, fill=1)
                left = x + self.edge + self.pad
                labels[index].draw(c, left, top - self.pad)
                self._draw_number(c, helpline.number, left, top - height + self.pad, self.number)

        return _Part(height, draw)

    # -- footer: website, small print and the QR code on the brand colour -----------------------

    def _footer(self) -> _Part:
        d, i, s = self.design, self.inks, self.scale
        qr = d.qr
        width = self.inner - qr - self.gap
        small = f"{self.poster.checked}. {self.poster.credit}"
        strap = self.poster.strapline
        texts = [
            *(
                [self._text(self._para(strap, d.strap * s, i.on_band, bold=True), width)]
                if strap
                else []
            ),
            self._text(
                self._para(self.poster.website_label, d.website * s, i.on_band, bold=True), width
            ),
            # Bold: thin white strokes reversed out of a colour of several inks fill in.
            self._text(self._para(small, d.small, i.on_band, bold=True, leading=1.3), width),
        ]
        spacing = d.small * 0.5
        text_height = sum(t.height for t in texts) + spacing * (len(texts) - 1)
        content = max(qr, text_height)
        height = self.gap * 1.2 + content + self.margin

        def draw(c: Any, top: float) -> None:
            self._band(c, 0, top, reaches_top=False)
            y = self.margin + (content + text_height) / 2
            for text in texts:
                text.draw(c, self.margin, y)
                y -= text.height + spacing
            self._qr(c, self.width - self.margin - qr, self.margin + (content - qr) / 2, qr)

        return _Part(height, draw)

    def _qr(self, c: Any, x: float, y: float, side: float) -> None:
        c.setFillColor(self.ink(self.inks.qr_light))
        c.rect(x, y, side, side, stroke=0, fill=1)
        drawing = Drawing(side, side)
        # Otherwise the drawing starts in Helvetica, which is never embedded.
        drawing.initialFontName = self.faces.regular
        drawing.add(_qr_modules(self.poster.qr_target, side, self.inks.qr_dark, self.ink))
        drawing.drawOn(c, x, y)

    # -- shared pieces -------------------------------------------------------------------------

    def _band(self, c: Any, bottom: float, top: float, *, reaches_top: bool) -> None:
        """A brand-coloured band across the page, running into the bleed at the edges it meets."""
        bleed = self.bleed
        low = bottom if reaches_top else -bleed
        high = top + bleed if reaches_top else top
        c.setFillColor(self.ink(self.inks.band))
        c.rect(-bleed, low, self.width + 2 * bleed, high - low, stroke=0, fill=1)

    def _art_palette(self) -> artwork.Palette:
        i = self.inks
        return artwork.Palette(i.band, i.accent, i.on_band, i.on_band, self.faces.bold)

    def _recolour(self, node: Any) -> None:
        """Give the shared artwork's colours in this poster's colour model."""
        for attr in ("fillColor", "strokeColor"):
            value = getattr(node, attr, None)
            if isinstance(value, Color) and not isinstance(value, CMYKColor):
                setattr(node, attr, self.ink("#" + value.hexval()[2:].upper()))
        if isinstance(node, Group | Drawing):
            for child in node.contents:
                self._recolour(child)

    def _lines(self, para: Paragraph, width: float) -> list[Any]:
        para.wrap(width, 1e6)
        return list(para.blPara.lines)

    def _balanced(self, para: Paragraph, width: float) -> float:
        """The narrowest width that sets ``para`` on no more lines than ``width`` does."""
        return width * balanced_share(lambda share: len(self._lines(para, width * share)))

    def _text(self, para: Paragraph, width: float) -> _Text:
        """A paragraph wrapped to ``width``, or a little narrower when that keeps its last
        line from holding a single word without adding a line."""
        lines = self._lines(para, width)
        if len(lines) > 1 and _word_count(lines[-1]) < 2:
            narrower = width
            for _ in range(10):
                narrower *= 0.98
                tried = self._lines(para, narrower)
                if len(tried) > len(lines):
                    break
                if _word_count(tried[-1]) >= 2:
                    return _Text(para, narrower, self._height(para, narrower))
        return _Text(para, width, self._height(para, width))


def _word_count(line: Any) -> int:
    """How many words one wrapped line of a reportlab paragraph holds."""
    if isinstance(line, tuple):  # a paragraph in one style: (spare width, words)
        return len(line[1])
    text = "".join(getattr(frag, "text", "") for frag in line.words)
    return len(text.split())


def _extra_space(line: Any) -> float:
    """The unused width at the end of one wrapped line of a reportlab paragraph."""
    return float(line[0] if isinstance(line, tuple) else line.extraSpace)


@lru_cache(maxsize=8)
def _pixel_width(png: bytes) -> int:
    """A picture's width in pixels (read from its header alone)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return int(image.width)


def _rgb_ink(hex_colour: str) -> Any:
    return HexColor(hex_colour)


@lru_cache(maxsize=8)
def _cmyk_inks(chosen: tuple[tuple[str, tuple[float, float, float, float]], ...]) -> Any:
    """CMYK inks: the values the brand chose for its colours (in percent), else a formula.
    (One function per brand, so the QR code's cache still knows it.)"""
    table = {hex_colour: tuple(v / 100 for v in values) for hex_colour, values in chosen}

    def ink(hex_colour: str) -> Any:
        return CMYKColor(*table.get(hex_colour.upper(), colour.cmyk(hex_colour)))

    return ink


@lru_cache(maxsize=32)
def _qr_modules(target: str, side: float, dark: str, ink: Callable[[str], Any]) -> Group:
    """The shapes reportlab's QR widget draws for ``target``: worked out once per poster size
    and colour, since encoding the code is most of the time it takes to draw a poster."""
    widget = QrCodeWidget(
        target,
        barLevel=QR_LEVEL,
        barBorder=QR_QUIET_MODULES,
        barWidth=side,
        barHeight=side,
        barFillColor=ink(dark),
    )
    group: Group = widget.draw()
    return group


def _fit(
    poster: Poster, options: PrintOptions, faces: _Faces, ink: Callable[[str], Any]
) -> _Layout:
    """The layout at the largest scale whose parts fit the page.

    A school's logo is never shorter than the design's minimum, unless the words would not fit
    the page even at the smallest type with it: then the logo alone gives way, to the tallest
    that lets them fit and no shorter than ``SCHOOL_LOGO_SQUEEZE`` of that minimum, rather than
    the poster being refused (a school's long DSL line, say, on the fullest poster).

    Before either, the poster's school box may give up its large phone and its deputy's line
    (see ``printable_ways``); a large phone never costs the logo its size.
    """
    failure: PosterFitError | None = None
    for way in printable_ways(poster):
        try:
            return _fit_scale(way, options, faces, ink)
        except PosterFitError as exc:
            failure = exc
        if way.school is not None and way.school.phone:
            continue
        squeezed = _squeeze_school_logo(way, options, faces, ink)
        if squeezed is not None:
            return squeezed
    assert failure is not None  # printable_ways gives at least the poster itself
    raise failure


def _largest_fitting(
    at: Callable[[float], _Layout], low: float, high: float, halvings: int
) -> _Layout | None:
    """The layout at the largest value between ``low`` and ``high`` found to fit by bisection
    (kept rather than laid out again), or None if no value tried above ``low`` fits."""
    fitted: _Layout | None = None
    for _ in range(halvings):
        middle = (low + high) / 2
        layout = at(middle)
        if layout.fits():
            low, fitted = middle, layout
        else:
            high = middle
    return fitted


def _squeeze_school_logo(
    poster: Poster, options: PrintOptions, faces: _Faces, ink: Callable[[str], Any]
) -> _Layout | None:
    """The layout at the smallest type with the tallest school logo that lets it fit, if any."""
    if poster.school is None or not poster.school.logo_png:
        return None
    design = DESIGNS[options.size]

    def at(logo: float) -> _Layout:
        return _Layout(poster, options, faces, ink, SCALE_MIN, logo)

    low, high = design.school_logo_min * SCHOOL_LOGO_SQUEEZE, design.school_logo_min
    smallest = at(low)
    if not smallest.fits():
        return None
    # Six halvings: to within a fifth of a millimetre, even on A2.
    return _largest_fitting(at, low, high, 6) or smallest


def _fit_scale(
    poster: Poster, options: PrintOptions, faces: _Faces, ink: Callable[[str], Any]
) -> _Layout:
    """The layout at the largest scale whose parts fit the page, the school's logo as designed."""

    def at(scale: float) -> _Layout:
        return _Layout(poster, options, faces, ink, scale)

    best = at(SCALE_MAX)
    if best.fits():
        return best
    # Seven halvings: to within half a percent of type size; finer is invisible.
    fitted = _largest_fitting(at, SCALE_MIN, SCALE_MAX, 7)
    if fitted is None:  # nothing above the smallest scale fits: does the smallest?
        fitted = at(SCALE_MIN)
        if not fitted.fits():
            raise PosterFitError(
                f"the '{poster.audience}' poster's words do not fit on {options.size}; "
                "shorten its headline or points, or list fewer helplines"
            )
    return fitted


def poster_fits(poster: Poster, options: PrintOptions) -> bool:
    """Whether the poster's words fit its paper at some scale the design allows."""
    try:
        _fit(poster, options, _face_names(poster.theme), _rgb_ink)
    except PosterFitError:
        return False
    return True


def fits_as_composed(poster: Poster, options: PrintOptions) -> bool:
    """Whether the poster's words fit its paper with nothing given up (see ``printable_ways``)
    and the school's logo at its designed size."""
    try:
        _fit_scale(poster, options, _face_names(poster.theme), _rgb_ink)
    except PosterFitError:
        return False
    return True


def type_sizes(poster: Poster, options: PrintOptions) -> TypeSizes:
    """The type sizes the poster is set in at ``options.size``."""
    faces = _face_names(poster.theme)
    return _fit(poster, options, faces, _rgb_ink).sizes


# --- the page --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Where the trim sits on the page, in points, as printers read the page boxes."""

    media: tuple[float, float, float, float]
    bleed_box: tuple[float, float, float, float]
    trim_box: tuple[float, float, float, float]


def geometry(options: PrintOptions) -> PageGeometry:
    width, height = PAPER[options.size]
    bleed = options.bleed_mm * mm
    outer = bleed
    if options.crop_marks:
        outer = _crop_start(options) + CROP_LENGTH + SLUG_SPARE
    return PageGeometry(
        media=(0.0, 0.0, width + 2 * outer, height + 2 * outer),
        bleed_box=(outer - bleed, outer - bleed, outer + width + bleed, outer + height + bleed),
        trim_box=(outer, outer, outer + width, outer + height),
    )


def _crop_start(options: PrintOptions) -> float:
    """How far outside the trim the crop marks begin."""
    return float(max(options.bleed_mm * mm + CROP_CLEAR, CROP_OFFSET))


def _crop_marks(c: Any, options: PrintOptions, ink: Callable[[str], Any], black: str) -> None:
    """Corner marks on the trim lines, starting outside the bleed so a cut never shows them."""
    width, height = PAPER[options.size]
    start = _crop_start(options)
    end = start + CROP_LENGTH
    # Registration black prints on every plate, so the marks line up on each separation.
    marks = CMYKColor(1, 1, 1, 1) if options.cmyk else ink(black)
    c.saveState()
    c.setStrokeColor(marks)
    c.setLineWidth(CROP_WIDTH)
    for x in (0.0, width):
        for y in (0.0, height):
            out_x = -1 if x == 0 else 1
            out_y = -1 if y == 0 else 1
            c.line(x + out_x * start, y, x + out_x * end, y)
            c.line(x, y + out_y * start, x, y + out_y * end)
    c.restoreState()


def school_logo_shortfall(poster: Poster, options: PrintOptions) -> tuple[float, float] | None:
    """The school logo's drawn width and the room the poster has for it, in millimetres, where
    its pixels keep it smaller than the room (it is never enlarged past ``SCHOOL_LOGO_PPI``);
    None when it fills the room, or there is no logo."""
    if poster.school is None or poster.school.logo_png is None:
        return None
    layout = _fit(poster, options, _face_names(poster.theme), _rgb_ink)
    drawn, _ = layout._school_logo_size()
    room = layout._school_logo_room()
    if drawn >= room - 0.5 * mm:
        return None
    return drawn / mm, room / mm


def render_poster(poster: Poster, options: PrintOptions) -> bytes:
    """One poster as a single-page PDF: fonts embedded, same bytes for the same input."""
    faces = _face_names(poster.theme)
    ink = _cmyk_inks(poster.theme.print_cmyk) if options.cmyk else _rgb_ink
    layout = _fit(poster, options, faces, ink)
    box = geometry(options)
    meta = poster.meta
    buffer = io.BytesIO()
    with without_source_date_epoch():
        c = rl_canvas.Canvas(
            buffer,
            pagesize=box.media[2:],
            invariant=1,
            lang=meta.language,
            # With "cmyk", reportlab raises on any RGB colour that is not a grey.
            enforceColorSpace="cmyk" if options.cmyk else None,
            # Otherwise the page starts in Helvetica, a font that is never embedded.
            initialFontName=faces.regular,
            initialFontSize=layout.text,
            trimBox=box.trim_box,
            bleedBox=box.bleed_box,
        )
    date = meta.date
    c.setDateFormatter(lambda *_: f"D:{date.year:04d}{date.month:02d}{date.day:02d}000000+00'00'")
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setKeywords(", ".join((*meta.keywords, options.size)))
    c.setCreator("cse-lessonpack")
    c.setProducer("cse-lessonpack (reportlab)")
    c.setViewerPreference("DisplayDocTitle", "true")

    c.saveState()
    c.translate(box.trim_box[0], box.trim_box[1])
    top = layout.height
    layout.header.draw(c, top)
    top -= layout.header.height
    spare = layout.height - layout.natural_height()
    gap = layout.gap + spare / (len(layout.body) + 1)
    top -= gap
    for part in layout.body:
        part.draw(c, top)
        top -= part.height + gap
    layout.footer.draw(c, layout.footer.height)
    if options.crop_marks:
        _crop_marks(c, options, ink, layout.inks.marks)
    c.restoreState()
    c.showPage()
    c.save()
    return tag_subsets(buffer.getvalue())


def preview_png(pdf: bytes, width_px: int = PREVIEW_WIDTH_PX) -> bytes:
    """A PNG of the poster as it will look once trimmed, ``width_px`` wide."""
    from PIL import Image

    image = raster.first_page(pdf, width_px=width_px, trim=True).image.convert("RGB")
    if image.width != width_px:  # rounding of the crop: keep every preview the same width
        image = image.resize(
            (width_px, round(image.height * width_px / image.width)), Image.Resampling.LANCZOS
        )
    return raster.png(image)
