"""The PDF renderer: reportlab platypus, A4, embedded fonts, outline, contents and page X of Y."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, assert_never

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    Image as RLImage,
)
from reportlab.platypus import (
    PageBreak as RLPageBreak,
)
from reportlab.platypus import (
    Paragraph as RLParagraph,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import LIIndenter, _listWrapOn

from .. import artwork, fonts
from ..model import (
    CHOICE_GAP,
    COVER_TILE_PAD_MM,
    TABLE_STRIPE,
    Block,
    Callout,
    Contents,
    Cover,
    Document,
    Heading,
    Image,
    ImageRow,
    Inline,
    Letter,
    ListBlock,
    PageBreak,
    Paragraph,
    Signs,
    Strong,
    Table,
    Text,
    Theme,
    Worksheet,
    WriteSpace,
    cover_tile_logo,
    is_choice_line,
    marks_bold,
    plain_text,
    sign_lines,
)
from .clock import without_source_date_epoch
from .columns import choice_columns, column_widths, fit_unbreakable, width_basis
from .flow import (
    CARD_HEIGHT_MM,
    CARD_PAD_PT,
    CLOSING_ITEM_LINES,
    CLOSING_LIST_ITEMS,
    FURNITURE_LARGE_PT,
    GROW_PT,
    LABEL_ON_LINE,
    LARGE_PRINT_PT,
    SHORT_LIST_ITEMS,
    SHORT_PARAGRAPHS,
    SIGN_GAP_MM,
    SIGN_PAD_MM,
    SIGN_TEXT_PT,
    SIGN_WORD_MAX_PT,
    WRITE_GAP_EMS,
    card_fit,
    card_type_size,
    closes_section,
    fit_write_rules,
    furniture_size,
    has_closing_note,
    has_writing_cells,
    help_box_size,
    introduces_list,
    is_form,
    is_run_in,
    is_short_table,
    leads_to_writing,
    longest_word,
    plain_zero_family,
    small_text_size,
    stacked,
    steps_before_box,
    table_text_size,
)
from .linepara import BalancedPara, LinePara
from .richtext import clean, draw_text, inline_markup, markup, plain_zeros, text_width
from .subsets import tag_subsets

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X: Final = 18 * mm
MARGIN_TOP: Final = 22 * mm
MARGIN_BOTTOM: Final = 20 * mm
FRAME_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN_X
ROW_RULE: Final = "#C8C8D0"  # the light rule between a data table's rows
WRITE_GRID_PT: Final = 0.75  # the lines round cells to tick or write in


def _c(hex_colour: str) -> Any:
    return colors.HexColor(hex_colour)


@dataclass(frozen=True, slots=True)
class Faces:
    regular: str
    bold: str
    italic: str


class Styles:
    """Every paragraph style, derived from the theme (and scaled for large print)."""

    def __init__(self, theme: Theme, size: float) -> None:
        fonts.register(theme.font)
        self.faces = Faces(
            fonts.face_name(theme.font, "regular"),
            fonts.face_name(theme.font, "bold"),
            fonts.face_name(theme.font, "italic"),
        )
        self.size = size
        self.furniture = furniture_size(size)
        scale = size / 11
        text, heading = _c(theme.text), _c(theme.heading)
        base = ParagraphStyle(
            "body",
            fontName=self.faces.regular,
            fontSize=size,
            leading=size * 1.42,
            textColor=text,
            spaceAfter=size * 0.55,
            alignment=TA_LEFT,
            splitLongWords=1,
            # A web address (written with its https://) longer than a line breaks after a
            # slash, not mid-word ("publicatio / ns"); a shorter one moves to the next line.
            uriWasteReduce=0.99,
            # A paragraph's last line never starts a page alone (the end of a teacher's answer
            # sat by itself at the top of a KS5 page): it takes a line of company with it.
            allowWidows=0,
        )
        self.body = base
        self.lead = ParagraphStyle("lead", base, fontSize=size * 1.25, leading=size * 1.7)
        self.small = ParagraphStyle(
            "small",
            base,
            fontSize=small_text_size(size),
            leading=small_text_size(size) * 1.4,
            textColor=_c(theme.muted),
        )
        cell_size = table_text_size(size)
        self.cell = ParagraphStyle(
            "cell", base, spaceAfter=0, fontSize=cell_size, leading=cell_size * 1.3 / 0.92
        )
        self.cell_head = ParagraphStyle(
            "cell_head", self.cell, fontName=self.faces.bold, textColor=_c(theme.on_primary)
        )
        self.headings = {
            1: ParagraphStyle(
                "h1",
                base,
                fontName=self.faces.bold,
                fontSize=22 * scale,
                leading=27 * scale,
                textColor=heading,
                # Room above a chapter that starts mid-page ("Sources and review" under the
                # glossary, a guide's sections); a frame ignores it at the top of a page.
                spaceBefore=18 * scale,
                spaceAfter=6 * scale,
            ),
            2: ParagraphStyle(
                "h2",
                base,
                fontName=self.faces.bold,
                fontSize=15 * scale,
                leading=19 * scale,
                textColor=heading,
                spaceBefore=12 * scale,
                spaceAfter=5 * scale,
            ),
            3: ParagraphStyle(
                "h3",
                base,
                fontName=self.faces.bold,
                fontSize=12.5 * scale,
                leading=16 * scale,
                spaceBefore=9 * scale,
                spaceAfter=4 * scale,
            ),
            4: ParagraphStyle(
                "h4",
                base,
                fontName=self.faces.bold,
                fontSize=size,
                leading=size * 1.35,
                spaceBefore=6 * scale,
                spaceAfter=3 * scale,
            ),
        }
        self.callout_title = ParagraphStyle(
            "callout_title", base, fontName=self.faces.bold, spaceAfter=size * 0.3
        )
        self.cover_title = ParagraphStyle(
            "cover_title",
            base,
            fontName=self.faces.bold,
            fontSize=30 * scale,
            leading=36 * scale,
            textColor=_c(theme.on_primary),
            spaceBefore=14,
            spaceAfter=10,
        )
        self.cover_text = ParagraphStyle(
            "cover_text",
            base,
            fontSize=size * 1.3,
            leading=size * 1.8,
            textColor=_c(theme.on_primary),
        )
        self.toc = [
            ParagraphStyle("toc1", base, fontName=self.faces.bold, spaceAfter=2, spaceBefore=4),
            # A sub-entry a touch smaller, except in large print, where nothing is below body size.
            ParagraphStyle(
                "toc2",
                base,
                leftIndent=14,
                spaceAfter=1,
                fontSize=size if size >= LARGE_PRINT_PT else size * 0.95,
            ),
        ]


class _Band(Flowable):  # type: ignore[misc]
    """The cover's band: a brand-coloured block reaching the page edges, holding flowables."""

    def __init__(self, content: list[Flowable], fill: str, padding: float) -> None:
        super().__init__()
        self.content = content
        self.fill = fill
        self.padding = padding
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [f.wrap(avail_width, avail_height) for f in self.content]
        spacing = sum(f.getSpaceBefore() + f.getSpaceAfter() for f in self.content)
        self.height = sum(h for _, h in self._sizes) + spacing + 2 * self.padding
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(_c(self.fill))
        # Extend past the frame to the page's top, left and right edges.
        c.rect(-MARGIN_X, 0, PAGE_WIDTH, self.height + MARGIN_TOP, stroke=0, fill=1)
        c.restoreState()
        y = self.height - self.padding
        for flowable, (_, h) in zip(self.content, self._sizes, strict=True):
            y -= flowable.getSpaceBefore() + h
            flowable.drawOn(c, 0, y)
            y -= flowable.getSpaceAfter()


COVER_TILE_PAD: Final = COVER_TILE_PAD_MM * mm


class _LogoRow(Flowable):  # type: ignore[misc]
    """Logos side by side on the cover's band: the campaign's at the left and each partner's
    (the school's) at the right on a tile of the paper's colour, as tall as the campaign's, so
    a logo drawn for white paper keeps its colours on the brand colour."""

    def __init__(
        self, first: Flowable, others: list[tuple[bytes, float, float]], tile: str
    ) -> None:
        super().__init__()
        self.first = first
        self.others = others  # (picture, most width in mm, height / width)
        self.tile = tile
        self.first_size = (0.0, 0.0)

    def _logos(self) -> list[tuple[bytes, float, float]]:
        """Each partner's picture with its width and height, fitted to the row's height."""
        fitted = []
        for data, widest_mm, aspect in self.others:
            width, height = cover_tile_logo(self.first_size[1] / mm, aspect, widest_mm)
            fitted.append((data, width * mm, height * mm))
        return fitted

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.first_size = self.first.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, self.first_size[1]
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        self.first.drawOn(c, 0, 0)
        right = self.width
        # From the right edge inwards, so the partners read in their order, as in Word.
        for data, width, height in reversed(self._logos()):
            tile = width + 2 * COVER_TILE_PAD
            c.saveState()
            c.setFillColor(_c(self.tile))
            c.roundRect(right - tile, 0, tile, self.height, COVER_TILE_PAD, stroke=0, fill=1)
            c.restoreState()
            picture = RLImage(io.BytesIO(data), width=width, height=height)
            picture.drawOn(c, right - tile + COVER_TILE_PAD, (self.height - height) / 2)
            right -= tile + 4 * mm


WRITE_KEEP_LINES: Final = 8  # a writing area of up to this many lines never splits
WRITE_MIN_LINES: Final = 2  # a longer one keeps at least this many lines on each page


class _WriteArea(Flowable):  # type: ignore[misc]
    """Ruled lines for a pupil (or a teacher) to write on, under the question they answer.

    The label and its lines are one flowable, so no page (nor a callout's row) can part them.
    A short area stays whole; a long one may run on to the next page like a ruled sheet, with
    at least two lines on each side of the break.
    """

    def __init__(self, label: RLParagraph | None, count: int, gap: float, colour: str) -> None:
        super().__init__()
        self.label, self.count, self.gap, self.colour = label, count, gap, colour
        self.label_height = 0.0
        self.line_gap = gap  # the gap as laid out: a little less when a worksheet must close up
        # On a worksheet, the flowables after this one to the sheet's end (see _close_up).
        self.rest: list[Flowable] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if self.label is not None:
            self.label_height = float(self.label.wrap(avail_width, avail_height)[1])
        self.line_gap = self.gap
        canv = getattr(self, "canv", None)
        if self.rest is not None and canv is not None and avail_height < FRAME_HEIGHT:
            self.line_gap = _close_up(self, avail_width, avail_height, canv)
        self.height = self.label_height + self.count * self.line_gap + 4
        return avail_width, self.height

    def lead(self, avail_width: float) -> float:
        """The least of this area that may end a page: all of it, or its label and two lines."""
        _, height = self.wrap(avail_width, PAGE_HEIGHT)
        if self.count <= WRITE_KEEP_LINES:
            return float(height)
        return self.label_height + WRITE_MIN_LINES * self.gap + 4

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.count <= WRITE_KEEP_LINES:
            return []
        self.wrap(avail_width, avail_height)
        fits = min(
            int((avail_height - self.label_height - 4) // self.gap), self.count - WRITE_MIN_LINES
        )
        if fits < WRITE_MIN_LINES:
            return []
        return [
            _WriteArea(self.label, fits, self.gap, self.colour),
            _WriteArea(None, self.count - fits, self.gap, self.colour),
        ]

    def draw(self) -> None:
        c = self.canv
        lines_height = self.count * self.line_gap + 4
        if self.label is not None:
            self.label.drawOn(c, 0, lines_height)
        c.setStrokeColor(_c(self.colour))
        c.setLineWidth(0.8)
        for i in range(self.count):
            y = (self.count - i - 1) * self.line_gap + 2
            c.line(0, y, self.width, y)


class _LabelledLine(Flowable):  # type: ignore[misc]
    """A label followed by a ruled line to its right, such as "Name ______"."""

    def __init__(self, label: str, style: ParagraphStyle, colour: str, height: float) -> None:
        super().__init__()
        self.label, self.style, self.colour, self.line_height = label, style, colour, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.line_height

    def draw(self) -> None:
        c = self.canv
        para = RLParagraph(markup(self.label, self.style.fontName), self.style)
        label_width = min(
            max(
                para.minWidth(),
                text_width(clean(self.label), self.style.fontName, self.style.fontSize),
            ),
            self.width / 2,
        )
        para.wrap(label_width + 2, self.line_height)
        para.drawOn(c, 0, 4)
        c.setStrokeColor(_c(self.colour))
        c.setLineWidth(0.8)
        c.line(label_width + 8, 4, self.width, 4)


class _DrawBox(Flowable):  # type: ignore[misc]
    """An empty box to draw in, with its label inside the top-left corner."""

    def __init__(
        self, height: float, label: str, style: ParagraphStyle, colour: str, page_room: float
    ) -> None:
        super().__init__()
        self.wanted, self.label, self.style, self.colour = height, label, style, colour
        self.page_room = page_room
        self.box_height = height
        self.fill = False  # the last box on a young child's sheet: it grows into the room left
        # A box shrinks to finish a sheet, but a large one is sized for something real (a hand
        # to draw round: 120 mm printed as 88 mm in large print), so it gives up little.
        self.least = height * (BIG_BOX_LEAST if height >= BIG_BOX else BOX_LEAST)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # A box nearly fitting the space left is shrunk to fit rather than pushed to a new page;
        # one taller than a whole page is shrunk to a page. Only a frame offers less than a
        # frame's height: measurements elsewhere offer a page, and see the box's own size.
        if self.wanted > avail_height >= self.least:
            self.box_height = avail_height - 1
        elif self.fill and self.wanted < avail_height < FRAME_HEIGHT:
            self.box_height = min(avail_height - 1, self.wanted * GROW_MAX, self.page_room)
        else:
            self.box_height = min(self.wanted, self.page_room)
        return avail_width, self.box_height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(_c(self.colour))
        c.setLineWidth(1.2)
        c.roundRect(0, 0, self.width, self.box_height, 6, stroke=1, fill=0)
        if self.label:
            para = RLParagraph(markup(self.label, self.style.fontName), self.style)
            _, h = para.wrap(self.width - 16, self.box_height)
            para.drawOn(c, 8, self.box_height - h - 6)


class _Anchor(Flowable):  # type: ignore[misc]
    """An invisible mark: records a heading for the outline and contents at the right page."""

    def __init__(self, level: int, text: str, key: str) -> None:
        super().__init__()
        self.level, self.text, self.key = level, text, key
        self.width = self.height = 0
        self.top = PAGE_HEIGHT  # where on its page the heading starts, once drawn

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.top = float(self.canv.absolutePosition(0, 0)[1])


FRAME_HEIGHT: Final = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
SHORT_LINES: Final = 3  # a paragraph of up to this many lines stays with its heading
LEAD_IN_LINES: Final = 6  # a paragraph this long or shorter goes on with a list that cannot split
LEAD_LINES: Final = 3  # the lines of a longer paragraph that must follow a heading
KEEP_MAX: Final = FRAME_HEIGHT * 0.4  # never leave more of a page blank to keep things together
# A table marked whole (the key facts) may leave more: its tail alone on a page read worse.
WHOLE_MAX: Final = FRAME_HEIGHT * 0.6
# A callout this short never splits; a table this short stays whole under its heading.
SMALL: Final = FRAME_HEIGHT * 0.25
READ_ALOUD_MAX: Final = FRAME_HEIGHT * 0.5  # a read-aloud box this tall moves on whole
STEPS_BOX_MAX: Final = FRAME_HEIGHT * 0.33  # an activity's steps and box, kept together
# A list of three items or fewer this tall or less never splits (Support, Stretch, SEND); a
# taller one (in large print) may, rather than leave a gap of a quarter of a page.
SHORT_LIST: Final = FRAME_HEIGHT * 0.2
# A list of four to six items of at most two lines closing its section (where to get help) this
# tall or less never splits either: KS4's six services, three of them on two lines, split three
# and three. (Longer items, a briefing's key facts or Support, Stretch and SEND, are held to
# SHORT_LIST: they split rather than leave a gap.)
CLOSING_LIST: Final = FRAME_HEIGHT * 0.3
SHORT_ITEM_LINES: Final = 6  # a list item of this many lines or fewer never splits
CARD_HEIGHT: Final = CARD_HEIGHT_MM * mm
CARD_SHORTEST: Final = 0.9  # a card may be this share of its least height to end a set on a page
EVEN_CARDS_COST: Final = 1.1  # cards are made the same size if the set grows by this share at most
CUT_DASH: Final = (4, 3)  # the cutting line's dashes and gaps, in points
ORPHAN_WASTE: Final = (
    FRAME_HEIGHT * 0.25
)  # blank space a list's split may leave to keep its end together
COVER_HEIGHT: Final = PAGE_HEIGHT - 14 * mm - MARGIN_BOTTOM  # the cover frame's height
COVER_FOOT: Final = 13 * mm  # the band at the cover's foot, inside its bottom margin
COVER_FOOT_GAP: Final = 4  # points left spare under the cover's small print, for rounding
BOX_LEAST: Final = 0.6  # a drawing box may shrink to this share of its size to finish a sheet
BIG_BOX: Final = 100 * mm  # from this size, a box is sized for something real
BIG_BOX_LEAST: Final = 0.9
COVER_MIN: Final = 0.6  # the smallest a cover's type is set, against its usual size
ROW_SPLIT_LINES: Final = 3  # a table row splits only with this many lines on either side
LOOKAHEAD: Final = 12  # flowables a keep marker may look at


class _KeepNext(CondPageBreak):  # type: ignore[misc]
    """Starts a new page unless what follows can begin on this one.

    Placed before a heading (or before the short paragraphs that lead to a writing area), it
    measures, when the page is laid out, the flowables that follow it: the heading and its rule,
    any short paragraphs after it (a purpose line, an introduction), and the start of what they
    introduce (a list's first item, a table's header and first row, a callout's title and first
    row, three lines of a paragraph, or the whole of anything small). `_Builder.blocks` hands it
    those flowables.

    With `whole`, it keeps that many flowables whole instead, if they are short: a table and the
    note that closes it, so the note never starts a page alone.

    A heading whose section ends at a page break (a lesson's follow-up, say) keeps the whole
    section together if it is short: the page after holds only that section's end anyway, so
    moving it costs no page and spares a reader a heading and one item parted from the rest.
    """

    def __init__(self, whole: int = 0) -> None:
        super().__init__(0)
        self.whole = whole
        self.following: list[Flowable] = []

    def __repr__(self) -> str:
        return f"_KeepNext({len(self.following)}, whole={self.whole})"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return 0, 0  # a new page could offer no more room
        if self.whole:
            self.height = _whole(self.following, self.whole, avail_width, self.canv)
        else:
            self.height = _last_section(self.following, avail_width, self.canv) or _needed(
                self.following, avail_width, self.canv
            )
        return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]


class _NewPage(CondPageBreak):  # type: ignore[misc]
    """Starts a new page unless already at the top of one: a set of signs for the room, which
    its sheet says are "on the next pages" and which are copied at A3 (in large print the last
    row of a sheet's small cards pushed the first sign onto their page)."""

    def __init__(self) -> None:
        super().__init__(0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        at_top = frame is None or getattr(frame, "_atTop", False)
        self.height = 0 if at_top else avail_height + 1
        return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]


RUNT_SHARE: Final = 0.3  # a page whose text fills less of it than this is almost empty
RUNT_GAP: Final = 4.0  # points to spare (the heading's own space above it is measured)


class _SectionBreak(RLPageBreak):  # type: ignore[misc]
    """The page break between two sections (`***`), which a short section may pass over.

    Where a section's last page holds only a few lines (a school's "Getting ready" list, run
    on by its DSL's box) and the whole of the next section fits below them, that section
    follows on the same page instead of leaving it almost empty (see `_Pack.handle_flowable`).
    Anywhere else it is a page break, and is measured as one.
    """

    def __init__(self) -> None:
        super().__init__()
        self.following: list[Flowable] = []
        self.last = False  # whether `following` runs to the document's end

    def joins(self, frame: Any, canv: Any) -> bool:
        """Whether the next section follows on this page."""
        if frame is None or getattr(frame, "_atTop", False) or frame.id != "body":
            return False
        full = float(frame._height - frame._topPadding - frame._bottomPadding)
        room = float(frame._y - frame._y1p)
        if full - room > RUNT_SHARE * full:
            return False
        width = float(frame._getAvailableWidth())
        needed = _section_height(self.following, width, canv, self.last)
        return needed is not None and needed + RUNT_GAP <= room


def _section_height(
    following: list[Flowable], width: float, canv: Any, last: bool = False
) -> float | None:
    """The height of the section these flowables begin, up to the next page break (or, when
    they are the document's ``last``, its end); None when it runs past them (the lookahead ends
    inside it) or holds an action of its own."""
    total = 0.0
    for flowable in following:
        if isinstance(flowable, RLPageBreak | NextPageTemplate):
            return total
        if isinstance(flowable, _KeepNext | _Anchor | _SetHelp):
            continue
        if isinstance(flowable, ActionFlowable | CondPageBreak):
            return None
        space = float(flowable.getSpaceBefore()) + float(flowable.getSpaceAfter())
        total += _height(flowable, width, canv) + space
    return total if last else None


def _is_heading(flowable: Flowable) -> bool:
    return bool(getattr(flowable, "is_heading", False)) or isinstance(flowable, _Rule)


def _needed(following: list[Flowable], width: float, canv: Any) -> float:
    """The height the flowables after a keep marker need at the foot of a page."""
    total = 0.0
    essential = 0.0  # the headings and the first thing after them, if all that is too tall
    previous: Flowable | None = None
    shorts = 0
    whole = False  # what the heading introduces includes a list that cannot split
    leads_on = False  # a marker after the heading keeps the lines after it with what they lead to
    titled = False  # a heading has been measured
    for flowable in following:
        if (
            isinstance(flowable, _KeepNext)
            and not flowable.whole
            and previous is not None
            and _is_heading(previous)
        ):
            leads_on = True  # (a run of lead-in lines has a marker each: only a heading's count)
        if isinstance(flowable, _KeepNext) and flowable.whole and previous is not None:
            # What the heading introduces is a group kept whole (a table and its note).
            first = next(iter(_content(flowable.following)), None)
            if first is not None:
                space = max(float(first.getSpaceBefore()), float(previous.getSpaceAfter()))
                total += space + _whole(flowable.following, flowable.whole, width, canv)
                essential = essential or total
            break
        if isinstance(flowable, _KeepNext | _Anchor | _SetHelp):
            continue
        if isinstance(flowable, ActionFlowable | CondPageBreak | RLPageBreak):
            break
        heading = _is_heading(flowable)
        if heading and (shorts or (previous is not None and not _is_heading(previous))):
            break  # a later heading keeps its own content
        short = (
            not heading
            and isinstance(flowable, RLParagraph)
            and shorts < SHORT_PARAGRAPHS
            and _lines(flowable, width) <= SHORT_LINES
        )
        height = float(flowable.wrapOn(canv, width, PAGE_HEIGHT)[1]) if heading or short else None
        after = _next_content(following, flowable)
        unsplit = (
            after is not None
            and _unsplit(after, width, canv) is not None
            and (not isinstance(flowable, RLParagraph) or _lines(flowable, width) <= LEAD_IN_LINES)
        )
        if height is None and isinstance(flowable, RLParagraph) and unsplit:
            height = float(flowable.wrapOn(canv, width, PAGE_HEIGHT)[1])  # all of it, then …
        elif height is None:
            height = _unsplit(flowable, width, canv) or _lead(flowable, width, canv)
        space = float(flowable.getSpaceBefore())
        if previous is not None:
            space = max(space, float(previous.getSpaceAfter()))
        total += space + height
        titled = titled or heading
        if not essential and not heading and not (short and titled):
            # A heading's short introduction belongs with it: what is essential runs on to the
            # start of what they introduce (a large-print heading and its introduction stayed
            # at a page's foot, and the table they introduced began the next page).
            essential = total
        if isinstance(flowable, _List):
            # Even a group too tall to keep whole needs the start of its list, as the list will
            # begin (see `_lead` and `_List.split`): measured without it, a large-print heading
            # and its purpose stayed at a page's foot and the steps all went on to the next.
            essential = max(essential, total)
        if _unsplit(flowable, width, canv) is not None:
            whole = True  # a list or table that cannot split: the heading waits for all of it
        if heading or short:
            shorts += short
            previous = flowable
            if short and leads_on:
                # The question that leads to a writing area never stays without it (its own
                # marker moves it on), so the heading needs room for both, or it is left alone
                # at the foot of the page (a large-print KS5 sheet's last heading was).
                whole = True
            continue
        if unsplit and isinstance(flowable, RLParagraph) and after is not None:
            # … the list after it, which moves on whole: the heading and its line go with it.
            space = max(float(after.getSpaceBefore()), float(flowable.getSpaceAfter()))
            total += space + (_unsplit(after, width, canv) or 0.0)
            whole = True
        break
    if whole:
        return total  # may be more than KEEP_MAX: better a gap than a stranded heading
    if total > KEEP_MAX:
        return min(essential or total, float(KEEP_MAX))
    return total


def _height(flowable: Flowable, width: float, canv: Any) -> float:
    """A flowable's whole height (a group kept together measured by its parts)."""
    if isinstance(flowable, KeepTogether):
        return float(_listWrapOn(flowable._content, width, canv)[1])
    return float(flowable.wrapOn(canv, width, PAGE_HEIGHT)[1])


def _unsplit(flowable: Flowable, width: float, canv: Any) -> float | None:
    """The height of what never splits (a short list, a short table), else None: a heading and
    the lines leading into it must have room for all of it (a worksheet's "Number these steps"
    stayed behind when its table of steps moved to the next page)."""
    if isinstance(flowable, _Table):
        return flowable.whole_height(canv)
    if isinstance(flowable, KeepTogether):
        # Measured by its parts: its own wrap answers "taller than any page" to force a split.
        return _height(flowable, width, canv)
    if isinstance(flowable, _List) and flowable.whole(width) is not None:
        # As laid out, with the space between its items that `_List.whole` leaves out.
        return float(flowable.wrapOn(canv, width, PAGE_HEIGHT)[1])
    return None


def _next_content(following: list[Flowable], flowable: Flowable) -> Flowable | None:
    """The flowable after ``flowable`` in ``following``, markers skipped."""
    index = next((i for i, f in enumerate(following) if f is flowable), None)
    if index is None:
        return None
    for later in following[index + 1 :]:
        if isinstance(later, _KeepNext | _Anchor | _SetHelp):
            continue
        return None if isinstance(later, ActionFlowable | CondPageBreak) else later
    return None


def _last_section(following: list[Flowable], width: float, canv: Any) -> float:
    """The height of a short section that a page break ends (0 if it is long or not last)."""
    total = 0.0
    previous: Flowable | None = None
    for index, flowable in enumerate(following):
        if isinstance(flowable, RLPageBreak):
            return total
        if isinstance(flowable, _KeepNext | _Anchor | _SetHelp | NextPageTemplate):
            continue
        if isinstance(flowable, ActionFlowable | CondPageBreak):
            return 0.0
        if previous is None and not _is_heading(flowable):
            return 0.0  # only a heading's marker keeps a section
        if _is_heading(flowable) and previous is not None and not _is_heading(previous):
            return 0.0  # a later section follows
        if index == len(following) - 1:
            return 0.0  # the lookahead ends before the section does
        if isinstance(flowable, RLTable):  # measured as _lead measures it, wrapping nothing
            height = _rows_height(flowable, range(len(flowable._cellvalues)), canv)
        elif isinstance(flowable, _DrawBox):  # it shrinks to the room left, down to its least
            height = _lead(flowable, width, canv)
        else:
            height = _height(flowable, width, canv)
        space = float(flowable.getSpaceBefore())
        if previous is not None:
            space = max(space, float(previous.getSpaceAfter()))
        total += space + height
        if total > KEEP_MAX:
            return 0.0
        previous = flowable
    return 0.0


def _content(following: list[Flowable]) -> list[Flowable]:
    """The flowables a keep marker measures: markers skipped, up to the next page break."""
    found: list[Flowable] = []
    for flowable in following:
        if isinstance(flowable, _KeepNext | _Anchor | _SetHelp):
            continue
        if isinstance(flowable, ActionFlowable | CondPageBreak | RLPageBreak):
            break
        found.append(flowable)
    return found


def _whole(following: list[Flowable], count: int, width: float, canv: Any) -> float:
    """The height of a table and its closing note together (or of an activity's steps and the
    box read out with them), if short; else the table's (the steps') start."""
    group = _content(following)[:count]
    if not group:
        return 0.0
    last = group[-1]
    note = isinstance(last, RLParagraph) and _lines(last, width) <= 2
    if len(group) < count or not (note or isinstance(last, _Callout)):
        return _lead(group[0], width, canv)
    # Steps and their box go on together only when little is left behind: kept up to
    # KEEP_MAX, the lessons' ends were pushed on to pages of their own.
    most = KEEP_MAX if note else STEPS_BOX_MAX
    total = 0.0
    previous: Flowable | None = None
    for flowable in group:
        if isinstance(flowable, RLTable):
            height = _rows_height(flowable, range(len(flowable._cellvalues)), canv)
        else:
            height = _height(flowable, width, canv)
        if previous is not None:
            total += max(float(flowable.getSpaceBefore()), float(previous.getSpaceAfter()))
        total += height
        previous = flowable
        if total > most:
            return _lead(group[0], width, canv)
    return total


def _lines(paragraph: RLParagraph, width: float) -> int:
    paragraph.wrap(width, PAGE_HEIGHT)
    return len(paragraph.blPara.lines)


def _lead(flowable: Flowable, width: float, canv: Any) -> float:
    """The height of the least part of a flowable that may start at the foot of a page."""
    if isinstance(flowable, RLParagraph):
        _, height = flowable.wrap(width, PAGE_HEIGHT)
        if len(flowable.blPara.lines) <= LEAD_LINES + 1:
            return float(height)
        return float(LEAD_LINES * flowable.style.leading)
    if isinstance(flowable, LIIndenter):
        inner = width - flowable._leftIndent - flowable._rightIndent
        return _lead(flowable._flowable, inner, canv)
    whole = _unsplit(flowable, width, canv)
    if whole is not None:  # it moves on whole, so what follows a heading is all of it
        return whole
    if isinstance(flowable, _List) and len(_item_starts(flowable._content)) > 3:
        # A heading needs room for two short items under it: a list never leaves its first
        # item alone at a page's foot (see `_List.split`).
        two = flowable.first_two(width)
        if two <= 2 * flowable.short_item:
            return two
    if isinstance(flowable, ListFlowable):
        content = flowable._content
        return _lead(content[0], width, canv) if content else 0.0
    if isinstance(flowable, _Callout):
        return flowable.lead(canv)
    if isinstance(flowable, RLTable):
        rows = len(flowable._cellvalues)
        total = 0.0
        for row in range(rows):
            total += _row_height(flowable, row, canv)
            if total > SMALL:
                lead = getattr(flowable, "lead_rows", 1)
                if (
                    isinstance(flowable, _Table)
                    and lead < rows
                    and flowable.keeps_first_row(_row_height(flowable, lead - 1, canv))
                ):
                    lead += 1  # its first row never goes alone (see _Table.keeps_first_row)
                return _rows_height(flowable, range(lead), canv)
        return total  # a short table stays whole
    if isinstance(flowable, _WriteArea):
        return flowable.lead(width)
    if isinstance(flowable, _DrawBox):
        return min(flowable.least, flowable.page_room)  # it shrinks to fit that far
    return float(flowable.wrapOn(canv, width, PAGE_HEIGHT)[1])


def _row_height(table: RLTable, row: int, canv: Any) -> float:
    """One row's height, measured as reportlab's Table measures it (so the sizes are reused)."""
    height = 0.0
    for column, value in enumerate(table._cellvalues[row]):
        style = table._cellStyles[row][column]
        padding = style.topPadding + style.bottomPadding
        if isinstance(value, Flowable):
            inner = table._argW[column] - style.leftPadding - style.rightPadding
            height = max(height, float(value.wrapOn(canv, inner, PAGE_HEIGHT)[1]) + padding)
        else:
            height = max(height, padding)
    return height


def _rows_height(table: RLTable, rows: range, canv: Any) -> float:
    return sum(_row_height(table, row, canv) for row in rows if row < len(table._cellvalues))


WRITE_CLOSE_UP: Final = 0.7  # a worksheet's lines may close up to this share of their gap


def _close_up(area: _WriteArea, width: float, avail_height: float, canv: Any) -> float:
    """The line gap for a worksheet's writing area, so that its last page is not a near-empty one.

    When all that is left of the worksheet, from this area on, would fit on this page only if
    its writing lines were a little closer together, they are, each area by the same share.
    Everything else fits on the page then, so the sum of the heights is exactly what it needs.
    """
    natural = area.label_height + area.count * area.gap + 4
    slack = area.count * area.gap * (1 - WRITE_CLOSE_UP)
    total, previous = natural, area
    marked = False  # a marker since the last flowable: the frame then adds the two spaces
    for flowable in area.rest or ():
        if isinstance(flowable, ActionFlowable | RLPageBreak) or (
            isinstance(flowable, CondPageBreak) and not isinstance(flowable, _KeepNext)
        ):
            break
        if isinstance(flowable, _KeepNext | _Anchor | _SetHelp):
            marked = True
            continue
        if isinstance(flowable, _WriteArea):
            flowable.wrapOn(canv, width, PAGE_HEIGHT)
            slack += flowable.count * flowable.gap * (1 - WRITE_CLOSE_UP)
            height = flowable.label_height + flowable.count * flowable.gap + 4
        elif isinstance(flowable, RLTable):
            height = _rows_height(flowable, range(len(flowable._cellvalues)), canv)
        else:
            height = _height(flowable, width, canv)
        before, after = float(flowable.getSpaceBefore()), float(previous.getSpaceAfter())
        total += (before + after if marked else max(before, after)) + height
        previous, marked = flowable, False
        if total - slack > avail_height:
            return area.gap  # the rest goes on to another page anyway
    if total <= avail_height:
        return area.gap
    share = (total - avail_height + 1) / slack
    return area.gap * (1 - (1 - WRITE_CLOSE_UP) * share)


def _fitted(
    text: str, face: str, room: float, largest: float = 11, least: float = 8
) -> tuple[float, str]:
    """A size that fits the text in the room, from largest down to least; at least, the text is
    cut short with an ellipsis."""
    size = largest
    while size > least and text_width(text, face, size) > room:
        size -= 0.5
    return size, _cut_short(text, face, size, room)


def _cut_short(text: str, face: str, size: float, room: float) -> str:
    """The text, ended with an ellipsis as soon as it must be to fit the room."""
    while len(text) > 1 and text_width(text, face, size) > room:
        text = text[:-2].rstrip() + "…"
    return text


def _two_lines(text: str, face: str, size: float, room: float) -> list[str]:
    """Text broken at a space into two lines that fit the room, as even as they can be; the
    second is cut short if no break lets both fit."""
    words = text.split(" ")

    def width(line: str) -> float:
        return text_width(line, face, size)

    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    fitting = [pair for pair in splits if max(map(width, pair)) <= room]
    if fitting:
        return list(min(fitting, key=lambda pair: max(map(width, pair))))
    first = next((a for a, _ in reversed(splits) if width(a) <= room), words[0])
    second = _cut_short(text[len(first) :].strip(), face, size, room)
    return [first, second] if second else [first]


def _frame(name: str, bottom: float, height: float) -> Frame:
    """A frame the width of the text, from ``bottom`` up, with no padding of its own."""
    return Frame(
        MARGIN_X,
        bottom,
        FRAME_WIDTH,
        height,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


class _SetHelp(ActionFlowable):  # type: ignore[misc]
    """Marker: the help box drawn at the foot of the worksheet pages that follow.

    An action rather than a zero-size flowable, so it takes no room in a frame: after a page
    filled to its foot it would otherwise start a blank page of its own.
    """

    def __init__(self, content: list[Flowable], title: str = "") -> None:
        super().__init__()
        self.content = content
        self.title = title  # named in the band of each of the sheet's pages

    def apply(self, doc: Any) -> None:
        doc.help_content = self.content
        doc.sheet_title = self.title


HELP_PADDING: Final = 8


def _help_height(content: list[Flowable]) -> float:
    inner = FRAME_WIDTH - 2 * HELP_PADDING - 4
    heights = [float(f.wrap(inner, PAGE_HEIGHT)[1]) + float(f.getSpaceAfter()) for f in content]
    return sum(heights) + 2 * HELP_PADDING


class _Pack(BaseDocTemplate):  # type: ignore[misc]
    def __init__(
        self, buffer: io.BytesIO, document: Document, styles: Styles, help_height: float
    ) -> None:
        meta = document.meta
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator="cse-lessonpack",
            producer="cse-lessonpack (reportlab)",
            invariant=1,
            lang=meta.language,
            displayDocTitle=1,
            # Otherwise each page starts in Helvetica, a font that is never embedded.
            initialFontName=styles.faces.regular,
            initialFontSize=styles.size,
        )
        self.document = document
        self.styles = styles
        self._outline_level = -1
        self.help_content: list[Flowable] = []
        self.page_help: list[Flowable] = []  # the help box of the page being filled
        self.sheet_title = ""
        self.help_height = help_height
        # The band's label ("Student worksheet") is set in 13 pt bold; its title follows it.
        self.band_label = float(
            pdfmetrics.stringWidth(document.meta.worksheet_label, styles.faces.bold, 13)
        )
        self.band_header = self._choose_band_header()
        sheet_bottom = MARGIN_BOTTOM + (help_height + 6 * mm if help_height else 0)
        sheet_frame = _frame("sheet", sheet_bottom, PAGE_HEIGHT - MARGIN_TOP - sheet_bottom)
        # A sheet without a help box (the pupils' own help page) has the whole page to fill.
        open_sheet_frame = _frame("open-sheet", MARGIN_BOTTOM, FRAME_HEIGHT)
        frame = _frame("body", MARGIN_BOTTOM, FRAME_HEIGHT)
        cover_frame = _frame("cover", MARGIN_BOTTOM, COVER_HEIGHT)
        letter_frame = _frame("letter", MARGIN_BOTTOM, FRAME_HEIGHT)
        self.addPageTemplates(
            [
                PageTemplate(
                    "cover", [cover_frame], onPage=self._cover_page, onPageEnd=self._cover_foot
                ),
                # What sits at a page's foot (the running footer, a worksheet's help box) is
                # drawn after its content, so software that reads a page's text in the order
                # it was drawn reads the page before its footer.
                PageTemplate(
                    "normal", [frame], onPage=self._normal_page, onPageEnd=self._page_foot
                ),
                PageTemplate(
                    "worksheet",
                    [sheet_frame],
                    onPage=self._worksheet_page,
                    onPageEnd=self._worksheet_foot,
                ),
                PageTemplate(
                    "open-sheet",
                    [open_sheet_frame],
                    onPage=self._worksheet_page,
                    onPageEnd=self._worksheet_foot,
                ),
                PageTemplate(
                    "letter", [letter_frame], onPage=self._letter_page, onPageEnd=self._page_foot
                ),
            ]
        )

    # -- page furniture -------------------------------------------------------------------------

    def _cover_page(self, c: Any, doc: Any) -> None:
        c.setDateFormatter(self._date)
        c._footer = None  # the cover carries no page number

    def _cover_foot(self, c: Any, doc: Any) -> None:
        # A band at the foot, in the margin below the cover's frame, to close the page as the
        # band at its head opens it: the campaign's words and where to find it. Drawn after the
        # cover's content, as every page's foot is.
        theme, styles = self.document.theme, self.styles
        c.saveState()
        c.setFillColor(_c(theme.primary))
        c.rect(0, 0, PAGE_WIDTH, COVER_FOOT, stroke=0, fill=1)
        c.setFillColor(_c(theme.on_primary))
        size = max(11.0, styles.furniture)
        baseline = COVER_FOOT / 2 - size * 0.35
        c.setFont(styles.faces.bold, size)
        draw_text(c, MARGIN_X, baseline, clean(theme.strapline), styles.faces.bold, size)
        c.setFont(styles.faces.regular, size)
        draw_text(
            c,
            PAGE_WIDTH - MARGIN_X,
            baseline,
            clean(theme.website_label),
            styles.faces.regular,
            size,
            right=True,
        )
        c.restoreState()

    def _normal_page(self, c: Any, doc: Any) -> None:
        theme, meta, styles = self.document.theme, self.document.meta, self.styles
        c.setDateFormatter(self._date)
        c.saveState()
        c.setFont(styles.faces.regular, styles.furniture)
        c.setFillColor(_c(theme.muted))
        draw_text(
            c,
            MARGIN_X,
            PAGE_HEIGHT - 13 * mm,
            clean(meta.header),
            styles.faces.regular,
            styles.furniture,
        )
        c.setStrokeColor(_c(theme.accent))
        c.setLineWidth(1.5)
        c.line(MARGIN_X, PAGE_HEIGHT - 15.5 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 15.5 * mm)
        self._school_logo(c, PAGE_HEIGHT - 14.2 * mm, 7 * mm)
        c.restoreState()
        c._footer = (styles.faces.regular, theme.muted, styles.furniture)

    def _page_foot(self, c: Any, doc: Any) -> None:
        """The running footer's words, after the page's content (its number comes last of
        all, once the page count is known)."""
        c.saveState()
        self._footer_text(c, self.document.meta.footer)
        c.restoreState()

    def _letter_page(self, c: Any, doc: Any) -> None:
        """A letter's page: the school's logo and the running footer's words, but not the pack's
        name or a page number ("page 89 of 96" on a letter sent home)."""
        c.setDateFormatter(self._date)
        c.saveState()
        self._school_logo(c, PAGE_HEIGHT - 14.2 * mm, 7 * mm)
        c.restoreState()
        c._footer = None
        # Numbered within the letter instead, once its length is known (see the canvas).
        c._letter_page = (
            self.styles.faces.regular,
            self.document.theme.muted,
            self.styles.furniture,
        )

    def _footer_text(self, c: Any, footer: str) -> None:
        """The running footer beside the page number: made smaller to fit, then set on two lines
        (the school's name above the campaign's words), then shortened. Large print goes to two
        lines before it shrinks (a school's name a little too long for one line was set at
        9.5 pt in a large-print pack)."""
        face = self.styles.faces.regular
        room = FRAME_WIDTH - 10 * self.styles.furniture
        size = self.styles.furniture
        least = size - 2
        lines = [clean(footer)]

        def widest() -> float:
            return max(text_width(text, face, size) for text in lines)

        if size >= FURNITURE_LARGE_PT and widest() > room and " · " in lines[0]:
            lines = lines[0].split(" · ", 1)
        while size > least and widest() > room:
            size -= 0.5
        if widest() > room and len(lines) == 1 and " · " in lines[0]:
            lines = lines[0].split(" · ", 1)
        c.setFont(face, size)
        c.setFillColor(_c(self.document.theme.muted))
        for index, text in enumerate(reversed(lines)):
            line = _cut_short(text, face, size, room)
            draw_text(c, MARGIN_X, 10 * mm + index * size * 1.2, line, face, size)

    def _school_logo(self, c: Any, bottom: float, height: float) -> None:
        """The school's logo at the right of the running header, beside the campaign's name."""
        ref = self.document.theme.school_logo_ref
        if not ref:
            return
        asset = self.document.asset(ref)
        width = min(height / asset.aspect, 40 * mm)
        image = ImageReader(io.BytesIO(asset.data))
        c.drawImage(
            image, PAGE_WIDTH - MARGIN_X - width, bottom, width, width * asset.aspect, mask="auto"
        )

    def _band_title(self, sheet_title: str, header: str) -> tuple[float, str, float, bool]:
        """A sheet's title in the band beside the given right-hand words: its size, the text
        that fits one line (cut short if it does not), the room it has, and whether all of it
        fits that one line."""
        styles = self.styles
        small = max(9, styles.furniture)
        face, least = styles.faces.regular, max(8, styles.furniture)
        room = FRAME_WIDTH - self.band_label - text_width(header, face, small) - 12 * mm
        text = f"·  {clean(sheet_title)}"
        size, shown = _fitted(text, face, room, largest=small + 2, least=least)
        return size, shown, room, shown == text

    def _choose_band_header(self) -> str:
        """The band's right-hand words for every sheet of the pack: the pack's name alone
        ("Key Stage 5 lesson pack"; the campaign's words are in the footer) if any sheet's title
        would not fit one line beside the longer form, so that a long title has the room (all
        of it on two lines in large print) and every sheet of the pack reads the same."""
        header = clean(self.document.meta.worksheet_header)
        if " · " not in header:
            return header
        titles = [b.title for b in self.document.blocks if isinstance(b, Worksheet)]
        for sheet_title in titles:
            if not self._band_title(sheet_title, header)[3]:
                return header.split(" · ", 1)[1]
        return header

    def _worksheet_page(self, c: Any, doc: Any) -> None:
        theme, meta, styles = self.document.theme, self.document.meta, self.styles
        c.setDateFormatter(self._date)
        c.saveState()
        c.setFillColor(_c(theme.primary))
        c.rect(0, PAGE_HEIGHT - 16 * mm, PAGE_WIDTH, 16 * mm, stroke=0, fill=1)
        c.setFillColor(_c(theme.on_primary))
        c.setFont(styles.faces.bold, 13)
        c.drawString(MARGIN_X, PAGE_HEIGHT - 10.5 * mm, meta.worksheet_label)
        # The band's small print at least the footer's size (larger in large print).
        small = max(9, styles.furniture)
        face = styles.faces.regular
        header = self.band_header
        size, title, room, fits = self._band_title(self.sheet_title, header)
        c.setFont(face, small)
        draw_text(
            c, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 10.5 * mm, header, face, small, right=True
        )
        if self.sheet_title:
            # The sheet's title on every page of it, so a second page copied on its own (or
            # single-sided) still says which worksheet it belongs to.
            c.setFont(face, size)
            left = MARGIN_X + self.band_label + 2 * mm
            if fits:
                draw_text(c, left, PAGE_HEIGHT - 10.5 * mm, title, face, size)
            else:
                # Too long for one line even in small type ("Myth or fact? Consent and
                # exploitation at 16 an…"): two lines, one above and one below the label's,
                # both starting after the dot (the second line under the first's words).
                dot = "·  "
                indent = text_width(dot, face, size)
                lines = _two_lines(clean(self.sheet_title), face, size, room - indent)
                draw_text(c, left, PAGE_HEIGHT - 8.6 * mm, dot, face, size)
                for line, baseline in zip(lines, (8.6, 12.6), strict=False):
                    draw_text(c, left + indent, PAGE_HEIGHT - baseline * mm, line, face, size)
        c.restoreState()
        c._footer = (styles.faces.regular, theme.muted, styles.furniture)
        # This page's help box, kept for its foot: the next sheet's box is set while the last
        # page of this one is still being filled.
        self.page_help = self.help_content

    def _worksheet_foot(self, c: Any, doc: Any) -> None:
        """A worksheet page's help box and footer, after the sheet's own content."""
        c.saveState()
        if self.page_help:
            self._draw_help(c, self.page_help)
        self._footer_text(c, self.document.meta.worksheet_footer)
        c.restoreState()

    def _draw_help(self, c: Any, content: list[Flowable]) -> None:
        theme = self.document.theme
        bottom = MARGIN_BOTTOM
        c.setFillColor(_c(theme.callout_fill("key")))
        c.rect(MARGIN_X, bottom, FRAME_WIDTH, self.help_height, stroke=0, fill=1)
        c.setFillColor(_c(theme.accent))
        c.rect(MARGIN_X, bottom, 4, self.help_height, stroke=0, fill=1)
        y = bottom + self.help_height - HELP_PADDING
        inner = FRAME_WIDTH - 2 * HELP_PADDING - 4
        for flowable in content:
            _, h = flowable.wrap(inner, PAGE_HEIGHT)
            y -= h
            flowable.drawOn(c, MARGIN_X + 4 + HELP_PADDING, y)
            y -= flowable.getSpaceAfter()

    def _date(self, yyyy: int, mm_: int, dd: int, hh: int, m: int, s: int) -> str:
        # The file's dates come from the content's review date, never from the clock.
        d = self.document.meta.date
        return f"D:{d.year:04d}{d.month:02d}{d.day:02d}000000+00'00'"

    # -- outline and contents -------------------------------------------------------------------

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab's name)
        # A pack of 60 to 150 pages opens with its bookmarks shown, to find a lesson by.
        self.canv.showOutline()

    def handle_flowable(self, flowables: list[Flowable]) -> None:  # reportlab's name
        first = flowables[0] if flowables else None
        if isinstance(first, _SectionBreak) and first.joins(self.frame, self.canv):
            del flowables[0]  # the next section follows on this page
            return
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, _Anchor):
            return
        c = self.canv
        # A link or bookmark scrolls to its heading (a little above it) at the reader's zoom,
        # rather than showing the whole page its heading is somewhere on.
        c.bookmarkPage(flowable.key, fit="XYZ", top=min(PAGE_HEIGHT, round(flowable.top + 14)))
        # An outline level may only go one deeper than the one before it.
        level = min(flowable.level, self._outline_level + 1)
        self._outline_level = level
        c.addOutlineEntry(flowable.text, flowable.key, level=level, closed=level >= 1)
        c.anchor_pages[flowable.key] = self.page


class _PageRef(Flowable):  # type: ignore[misc]
    """The page number of a heading in the contents, written in once every page is laid out.

    Knowing the contents entries in advance (they are the document's own headings) means the
    layout never depends on the numbers, so one pass is enough instead of reportlab's repeated
    builds.
    """

    def __init__(self, key: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.key, self.style = key, style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.style.leading

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(self.width, self.style.leading - self.style.fontSize)
        self.canv.page_refs.append(
            (self.canv.getPageNumber(), x, y, self.key, self.style.fontName, self.style.fontSize)
        )


def _numbered_canvas(total_holder: list[int], text_colour: str) -> type:
    class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
        """Draws "Page X of Y" once the number of pages is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._footer: tuple[str, str, float] | None = None
            self._letter_page: tuple[str, str, float] | None = None
            self.anchor_pages: dict[str, int] = {}
            self.page_refs: list[tuple[int, float, float, str, str, float]] = []
            self.marks: list[tuple[int, str, dict[str, Any]]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._letter_page = None  # until the next page's template says otherwise
            self._startPage()

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 (reportlab's name)
            # A destination takes the PDF page being written, and no page is written until
            # save(): bound now, every bookmark and contents link would open page 1.
            self.marks.append((len(self._pages) + 1, key, kwargs))

        def save(self) -> None:
            total = len(self._pages)
            total_holder.append(total)
            letters = _letter_pages([bool(state["_letter_page"]) for state in self._pages])
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                furniture, marked = self._footer, f"Page {number} of {total}"
                if self._letter_page and number in letters:
                    # A letter of two pages or more says so, counted from its own first page:
                    # a parent given page 2 alone knows there is a page 1.
                    furniture, marked = self._letter_page, "Page {} of {}".format(*letters[number])
                if furniture:
                    face, colour, size = furniture
                    self.saveState()
                    self.setFont(face, size)
                    self.setFillColor(_c(colour))
                    self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, marked)
                    self.restoreState()
                for page, key, kwargs in self.marks:
                    if page == number:
                        super().bookmarkPage(key, **kwargs)
                for page, x, y, key, face, size in self.page_refs:
                    if page == number and key in self.anchor_pages:
                        self.saveState()
                        self.setFont(face, size)
                        self.setFillColor(_c(text_colour))
                        self.drawRightString(x, y, str(self.anchor_pages[key]))
                        self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def _closing_kept_together(flowables: list[Flowable]) -> list[Flowable]:
    """A letter's last list (the services), the line leading into it and its sign-off, kept
    on one page."""
    # Left to itself, a large-print letter put "Yours faithfully" and the lines to sign on a
    # last page of their own, a page a school cannot send home as it is.
    lists = [i for i, f in enumerate(flowables) if isinstance(f, _List)]
    if not lists:
        return flowables
    start = lists[-1]
    while start > 0 and isinstance(flowables[start - 1], _KeepNext | RLParagraph):
        start -= 1
        if isinstance(flowables[start], RLParagraph):
            break  # the one line that introduces the list
    marker = _KeepClosing(flowables[start:])
    return [*flowables[:start], marker, *flowables[start:]]


class _KeepClosing(CondPageBreak):  # type: ignore[misc]
    """Starts a new page unless all that follows, to the end of the letter, fits on this one."""

    def __init__(self, following: list[Flowable]) -> None:
        super().__init__(0)
        self.following = following

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return 0, 0  # a new page could offer no more room
        # What follows runs to the letter's end, so it is measured as a last section.
        total = _section_height(self.following, avail_width, self.canv, last=True)
        # Taller than a page, it cannot be kept together: let it run on as it would.
        self.height = total if total is not None and total < frame._height else 0
        return super().wrap(avail_width, avail_height)  # type: ignore[no-any-return]


def _letter_pages(is_letter: list[bool]) -> dict[int, tuple[int, int]]:
    """For each page of a letter longer than one page, its place in the letter and the
    letter's length, by page number from 1; a letter is a run of letter pages."""
    found: dict[int, tuple[int, int]] = {}
    start = 0
    while start < len(is_letter):
        if not is_letter[start]:
            start += 1
            continue
        end = start
        while end < len(is_letter) and is_letter[end]:
            end += 1
        if end - start > 1:
            for place, index in enumerate(range(start, end), start=1):
                found[index + 1] = (place, end - start)
        start = end
    return found


def _framed_height(flowables: list[Flowable]) -> float:
    """The height a frame gives flowables from its top: each one's space before and after,
    as the frame adds them, less the first's space before (dropped at the top of a frame) and
    the last's space after (which needs no room)."""
    canv = rl_canvas.Canvas(io.BytesIO())
    total = 0.0
    for flowable in flowables:
        _, height = flowable.wrapOn(canv, FRAME_WIDTH, PAGE_HEIGHT)
        total += float(flowable.getSpaceBefore()) + float(height) + float(flowable.getSpaceAfter())
    if flowables:
        total -= float(flowables[0].getSpaceBefore()) + float(flowables[-1].getSpaceAfter())
    return total


def _stack_height(flowables: list[Flowable]) -> float:
    """The height flowables take one after another in the frame's width."""
    canv = rl_canvas.Canvas(io.BytesIO())  # lists measure with a canvas; nothing is drawn
    total = 0.0
    previous: Flowable | None = None
    for flowable in flowables:
        _, height = flowable.wrapOn(canv, FRAME_WIDTH, PAGE_HEIGHT)
        space = float(flowable.getSpaceBefore())
        if previous is not None:
            space = max(space, float(previous.getSpaceAfter()))
        total += space + float(height)
        previous = flowable
    return total


def _leads_into_list(block: Block, following: Block | None) -> bool:
    """A line that leads into a list ("… free advice from:", a bold question): it must not end
    a page without the list's start. Its keep-with-next style cannot do it: reportlab never
    keeps a flowable with a list that follows it."""
    if not isinstance(block, Paragraph) or not isinstance(following, ListBlock):
        return False
    return is_run_in(block.children) or introduces_list(block.children, following)


class _Builder:
    """Turns document blocks into flowables."""

    def __init__(self, document: Document, styles: Styles) -> None:
        self.document = document
        self.theme = document.theme
        self.styles = styles
        self.contents_depth = 1
        self.in_worksheet = False
        self.help_heights: list[float] = []
        self.help_room = 0.0  # space the help box takes at the foot of worksheet pages
        self.in_callout = 0  # how deep inside callouts (table cells) the builder is
        self.in_help = False  # building the help box at the foot of a pupil's page
        self.in_list = 0  # how deep inside list items
        self.run_in_styles: dict[str, ParagraphStyle] = {}
        self.next_block: Block | None = None  # the block after the one being built
        self.width_basis = width_basis(document.blocks)

    def para(self, children: tuple[Inline, ...], style: ParagraphStyle) -> RLParagraph:
        text = inline_markup(children, style.fontName, self.theme.link)
        return LinePara(self._pupil_zeros(text), style)

    def choices(self, children: tuple[Inline, ...], style: ParagraphStyle) -> Flowable:
        """A line of choices to circle; in even columns when they do not fit on one line."""
        options = [c for c in children if isinstance(c, Strong)]
        bold = self.styles.faces.bold

        def width(inline: Inline) -> float:
            return float(pdfmetrics.stringWidth(plain_text((inline,)), bold, style.fontSize))

        gap = float(pdfmetrics.stringWidth(CHOICE_GAP, style.fontName, style.fontSize))
        per_line = choice_columns([width(o) for o in options], FRAME_WIDTH, gap)
        if per_line == len(options):
            return self.para(children, style)
        lines = [options[i : i + per_line] for i in range(0, len(options), per_line)]
        cells: list[list[Flowable]] = [[self.para((o,), style) for o in line] for line in lines]
        for line in cells:
            line += [Spacer(1, 1) for _ in range(per_line - len(line))]
        below = float(style.spaceAfter) / 2  # the paragraph's own space after, shared out
        return RLTable(
            cells,
            colWidths=[FRAME_WIDTH / per_line] * per_line,
            hAlign="LEFT",
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), below),
                ]
            ),
            spaceAfter=below,
        )

    def text_para(self, text: str, style: ParagraphStyle) -> RLParagraph:
        return LinePara(self._pupil_zeros(markup(text, style.fontName)), style)

    def _pupil_zeros(self, text: str) -> str:
        """Paragraph markup with its zeros plain on the pupils' pages of a stage that asks for
        it (see ``Theme.sheet_plain_zeros``); otherwise as it is. (Lato's zero is plain
        already: a pack set in Lato needs nothing.)"""
        family = plain_zero_family(self.theme)
        if family is not None and (self.in_worksheet or self.in_help):
            return plain_zeros(text, family)
        return text

    def run_in(self, style: ParagraphStyle) -> ParagraphStyle:
        """The style kept with the next flowable (made once per style, so layouts reuse it)."""
        found = self.run_in_styles.get(style.name)
        if found is None:
            found = ParagraphStyle(f"{style.name}-run-in", style, keepWithNext=1)
            self.run_in_styles[style.name] = found
        return found

    def scaled(self, style: ParagraphStyle) -> ParagraphStyle:
        """Worksheets set every style larger, keeping its proportions."""
        if not self.in_worksheet:
            return style
        factor = self.theme.worksheet_size / self.styles.size
        return ParagraphStyle(
            f"{style.name}-sheet",
            style,
            fontSize=style.fontSize * factor,
            leading=style.leading * factor,
            spaceAfter=style.spaceAfter * factor,
            spaceBefore=style.spaceBefore * factor,
        )

    def blocks(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        lines: list[Flowable] = []  # a run of labelled writing lines ("Signed ____")

        def end_lines() -> None:
            # Such a run stays on one page: a letter's "Signed" and "Name and role" parted.
            if len(lines) > 1:
                out.append(KeepTogether(list(lines)))
            else:
                out.extend(lines)
            lines.clear()

        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            made = self.block_after(blocks, index)
            # Only in the page's own flow: in a table cell or a list item reportlab measures a
            # group without a canvas, and a group answers "taller than any page" there.
            flowing = not (self.in_callout or self.in_list)
            if flowing and len(made) == 1 and isinstance(made[0], _LabelledLine):
                lines.extend(made)
                continue
            end_lines()
            if isinstance(block, ListBlock) and closes_section(blocks, index):
                for flowable in made:
                    if isinstance(flowable, _List):
                        # A short list that closes its section moves on whole, as a shorter
                        # one does anywhere: a lesson's "Where to get help" (a trusted adult,
                        # Childline, CEOP, 999) split two and two, and a page shown alone
                        # lost 999.
                        flowable.whole_items = CLOSING_LIST_ITEMS
                        flowable.whole_height = CLOSING_LIST
            if leads_to_writing(blocks, index) or _leads_into_list(block, following):
                out.append(_KeepNext())
            elif has_closing_note(blocks, index) or steps_before_box(blocks, index):
                out.append(_KeepNext(whole=2))
            out.extend(made)
        end_lines()
        # Each keep marker measures, at layout time, the flowables that follow it. (An enclosing
        # call sees the same markers again and hands them the flowables after this list too.)
        for index, flowable in enumerate(out):
            if isinstance(flowable, _KeepNext):
                flowable.following = out[index + 1 : index + 1 + LOOKAHEAD]
        return out

    def block_after(self, blocks: tuple[Block, ...], index: int) -> list[Flowable]:
        """A block's flowables, knowing the block after it."""
        self.next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        return self.block(blocks[index])

    def block(self, block: Block) -> list[Flowable]:
        s = self.styles
        match block:
            case Heading(level=level, children=children, anchor=anchor):
                text = plain_text(children)
                style = self.scaled(s.headings[min(level, 4)])
                # A heading never ends a page: it needs room for itself and the start of what it
                # introduces, or it starts the next page (see _KeepNext).
                heading = BalancedPara(
                    inline_markup(children, style.fontName, self.theme.link), style
                )
                heading.is_heading = True
                flow: list[Flowable] = [_KeepNext(), _Anchor(level - 1, text, anchor), heading]
                if level == 1:
                    flow.append(_Rule(self.theme.accent))
                return flow
            case Paragraph(children=children, style=kind):
                style = self.scaled({"body": s.body, "lead": s.lead, "small": s.small}[kind])
                if is_run_in(children) or introduces_list(children, self.next_block):
                    # A bold line on its own (a question before its answer), or a line leading
                    # into a list ("… free advice from:"), ends no page alone.
                    style = self.run_in(style)
                if is_choice_line(children) and not (self.in_callout or self.in_list):
                    return [self.choices(children, style)]
                return [self.para(children, style)]
            case ListBlock(ordered=ordered, items=items):
                return [self.list_flowable(ordered, items)]
            case Table():
                return [self.table(block)]
            case Callout():
                return [self.callout(block)]
            case Image():
                return [self.image(block)]
            case ImageRow(images=images, labels=labels):
                row = self.image_row(images, labels)
                # A picture never parts from the choice under it.
                return [KeepTogether([row])] if labels else [row]
            case WriteSpace(kind=kind, size=size, label=label):
                return self.write_space(kind, size, label)
            case PageBreak():
                return [_SectionBreak()]
            case Contents(title=title, depth=depth):
                self.contents_depth = depth
                return self.contents(title, depth)
            case Cover():
                return self.cover(block)
            case Worksheet():
                return self.worksheet(block)
            case Signs(signs=signs):
                made = [self.sign(sign) for sign in signs]
                # One size for the set's words, so signs put up together match: the size the
                # longest word allows.
                inner = FRAME_WIDTH - 2 * SIGN_PAD_MM * mm
                largest = min([SIGN_WORD_MAX_PT, *(inner * 0.95 / s.word_width for s in made)])
                for made_sign in made:
                    made_sign.largest = largest
                return [_NewPage(), *made]
            case Letter(blocks=inner):
                # Its own pages: the pack's header and page numbers are not sent home.
                return [
                    NextPageTemplate("letter"),
                    RLPageBreak(),
                    *_closing_kept_together(self.blocks(inner)),
                    NextPageTemplate("normal"),
                    RLPageBreak(),
                ]
            case _:
                assert_never(block)

    def list_flowable(self, ordered: bool, items: tuple[tuple[Block, ...], ...]) -> _List:
        s = self.scaled(self.styles.body)
        self.in_list += 1
        try:
            flow_items = [
                ListItem(
                    [f for f in self.blocks(item) if not isinstance(f, _KeepNext)] or [Spacer(1, 1)]
                )
                for item in items
            ]
        finally:
            self.in_list -= 1
        flow = _List(
            flow_items,
            bulletType="1" if ordered else "bullet",
            start=None if ordered else "•",
            bulletFontName=self.styles.faces.bold if ordered else s.fontName,
            bulletFontSize=s.fontSize,
            bulletColor=_c(self.theme.heading),
            leftIndent=s.fontSize * 1.6,
            bulletDedent="auto",
            spaceAfter=s.spaceAfter,
        )
        flow.short_item = s.leading * SHORT_ITEM_LINES
        flow.leading = s.leading
        return flow

    def table(self, table: Table) -> RLTable:
        if table.cards:
            return self.card_table(table)
        table = stacked(table, self.theme.body_size)
        s = self.styles
        cell, head = self.scaled(s.cell), self.scaled(s.cell_head)
        has_header = any(plain_text(c).strip() for c in table.header)
        rows: list[list[Any]] = []
        if has_header:
            rows.append([self.para(c, head) for c in table.header])
        # An empty body cell is room for a pupil to write, so it is given the height of two
        # lines, or the row height the table asks for (less the cell's padding, 4 and 5 pt).
        room = max(cell.leading * 2, table.row_height * mm - 9)
        rows += [
            [self.para(c, cell) if plain_text(c).strip() else Spacer(1, room) for c in row]
            for row in table.rows
        ]
        columns = max((len(r) for r in rows), default=1)
        for row in rows:
            row += [""] * (columns - len(row))
        basis = self.width_basis.get(id(table), table)
        widths = self.fit_columns(column_widths(basis, columns), basis, columns, head, cell)
        # A header row is repeated on every page only while it is short; a tall one could never
        # fit above a split.
        header_height = (
            max(
                (
                    c.wrap(w * FRAME_WIDTH - 10, PAGE_HEIGHT)[1]
                    for c, w in zip(rows[0], widths, strict=False)
                    if isinstance(c, Flowable)
                ),
                default=0,
            )
            if has_header
            else 0
        )
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, _c(ROW_RULE)),
        ]
        if has_header:
            style += [("BACKGROUND", (0, 0), (-1, 0), _c(self.theme.primary))]
        writing = has_writing_cells(table)
        if writing:
            # Empty cells to tick or write in get lines all round, so there is a box to use,
            # drawn as dark as the writing lines: a pale grid is lost to a pupil with low vision.
            style.append(("GRID", (0, 0), (-1, -1), WRITE_GRID_PT, _c(self.theme.muted)))
        first_body = 1 if has_header else 0
        # Stripes help the eye along a row, but not under a pupil's pencil: grey lowers its
        # contrast and photocopies patchy. A table to write in has its grid instead.
        for index in range(first_body, len(rows)):
            if (index - first_body) % 2 == 1 and not writing:
                style.append(("BACKGROUND", (0, index), (-1, index), _c(TABLE_STRIPE)))
        flowable = _Table(
            rows,
            colWidths=[w * FRAME_WIDTH for w in widths],
            repeatRows=1 if has_header and header_height < 120 else 0,
            style=self.table_style(style),
            hAlign="LEFT",
            # Inside a row first (with three lines each side, see _Table), so a page fills; by
            # rows when that cannot be.
            splitByRow=0,
            splitInRow=1,
            # As much room after it as after a paragraph: a note under a table stood on its rule.
            spaceAfter=s.body.spaceAfter,
        )
        flowable.keep_whole = is_short_table(table)
        flowable.rows_whole = table.row_height > 0
        if table.whole:
            flowable.whole_max = WHOLE_MAX
        flowable.lead_rows = 2 if has_header else 1  # what must follow a heading: header and a row
        # Padding included, as a row is measured (see the style above).
        flowable.short_row = cell.leading * SHORT_ROW_LINES + 9
        return flowable

    def sign(self, sign: tuple[Inline, ...]) -> _Sign:
        """A sign for the room: its word as large as the sign's width allows, what it means
        below, in a dashed box half the page high (see _Sign)."""
        word, rest = sign_lines(sign)
        bold = self.styles.faces.bold
        colour = _c(self.theme.text)

        def make(size: float) -> list[Flowable]:
            big = ParagraphStyle(
                "sign-word",
                self.styles.body,
                fontName=bold,
                fontSize=size,
                leading=size * 1.15,
                alignment=TA_CENTER,
                textColor=colour,
                spaceAfter=size * 0.2,
            )
            # What the sign means: large enough to read from a few desks away, never larger
            # than the word itself.
            text_size = min(SIGN_TEXT_PT * self.theme.worksheet_size / 14, size * 0.6)
            small = ParagraphStyle(
                "sign-text",
                big,
                fontName=self.styles.faces.regular,
                fontSize=text_size,
                leading=text_size * 1.3,
                spaceAfter=0,
            )
            return [self.para(word, big)] + ([self.para(rest, small)] if rest else [])

        return _Sign(make, text_width(plain_text(word), bold, 1.0), colour)

    def card_table(self, table: Table) -> RLTable:
        """Cards to copy and cut out: each in a dashed box of its own, a few to a row, in type
        large enough to read when laid out on a table or along a line across the room."""
        columns = table.cards
        width = FRAME_WIDTH / columns
        base = self.scaled(self.styles.cell)
        longest = longest_word(table.rows, lambda w: text_width(w, self.styles.faces.bold, 1.0))
        # At least the worksheet tables' size: the cards' type is that, made larger.
        size = min(
            card_type_size(base.fontSize, self.theme.body_size, self.in_worksheet),
            card_fit(width - 2 * CARD_PAD_PT, longest, base.fontSize),
        )
        text = ParagraphStyle(
            "card",
            base,
            fontName=self.styles.faces.bold,
            fontSize=size,
            leading=size * 1.25,
            alignment=TA_CENTER,
        )
        # A card that marks words bold itself (a help card's title and numbers) is set in
        # regular type, so those words stand out from the rest.
        plain = ParagraphStyle("card-plain", text, fontName=self.styles.faces.regular)
        head = self.scaled(self.styles.cell_head)
        cards = []
        for card in table.rows:
            face = plain if marks_bold(card[0]) else text
            rule = text_width("_", face.fontName, face.fontSize)
            fitting = int((width - 2 * CARD_PAD_PT) / rule) - 1
            cards.append(self.para(fit_write_rules(card[0], fitting), face))
        has_title = any(plain_text(c).strip() for c in table.header)
        rows: list[list[Any]] = []
        heights: list[float | None] = []
        if has_title:
            rows.append([self.para(table.header[0], head), *[""] * (columns - 1)])
            heights.append(None)
        card_heights: list[float] = []
        words: list[float] = []  # the height each row's words need
        for start in range(0, len(cards), columns):
            row: list[Any] = cards[start : start + columns]
            tallest = max(float(c.wrap(width - 2 * CARD_PAD_PT, PAGE_HEIGHT)[1]) for c in row)
            words.append(tallest + 2 * CARD_PAD_PT)
            card_heights.append(max(CARD_HEIGHT, words[-1]))
            rows.append(row + [""] * (columns - len(row)))
        # Every card of a set the same size, so the cut cards stack and sort evenly, unless
        # evening them up would cost much room (one long card among short ones), which could
        # send the set over a page.
        even = max(card_heights, default=CARD_HEIGHT)
        if even * len(card_heights) <= sum(card_heights) * EVEN_CARDS_COST:
            card_heights = [even] * len(card_heights)
        heights += card_heights
        first = 1 if has_title else 0
        style: list[Any] = [
            ("VALIGN", (0, first), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, first), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), CARD_PAD_PT),
            ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PAD_PT),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]
        if has_title:
            style += [
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), _c(self.theme.primary)),
            ]
        # Dashed cutting lines round each card, dark enough to survive a school copier; none
        # round the empty places at the end of the last row.
        for index in range(len(cards)):
            cell = (index % columns, first + index // columns)
            style.append(("BOX", cell, cell, 1, _c(self.theme.text), None, CUT_DASH))
        table_style = self.table_style(style)

        def made(row_heights: list[float | None]) -> _Cards:
            cut = _Cards(
                rows,
                colWidths=[width] * columns,
                rowHeights=row_heights,
                repeatRows=first,
                style=table_style,
                hAlign="LEFT",
                splitByRow=1,
                spaceAfter=self.styles.body.spaceAfter * 2,
            )
            if has_title:
                cut.continued = self.para((*table.header[0], Text(" (continued)")), head)
            cut.remake = made
            cut.words = tuple(words)
            return cut

        return made(heights)

    def fit_columns(
        self,
        shares: list[float],
        table: Table,
        columns: int,
        head: ParagraphStyle,
        cell: ParagraphStyle,
    ) -> list[float]:
        """Widen columns whose longest unbreakable word (a phone number, say) would not fit."""
        face = self.styles.faces.bold

        def measure(word: str, in_header: bool) -> float:
            size = (head if in_header else cell).fontSize
            return text_width(clean(word), face, size)

        return fit_unbreakable(shares, table, columns, measure, FRAME_WIDTH, padding=12)

    def table_style(self, commands: list[Any]) -> TableStyle:
        # reportlab sets each cell's font before drawing it, Helvetica unless told otherwise,
        # and Helvetica is never embedded.
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.styles.faces.regular), *commands])

    def callout(self, callout: Callout) -> _Callout:
        title_style = self.scaled(self.styles.callout_title)
        rows: list[list[Any]] = [[self.text_para(callout.title, title_style)]]
        self.in_callout += 1
        try:
            inner = self.blocks(callout.blocks)
        finally:
            self.in_callout -= 1
        rows += [[flowable] for flowable in inner if not isinstance(flowable, CondPageBreak)]
        fill = self.theme.callout_fill(callout.kind)
        bar = self.theme.accent if callout.kind == "key" else self.theme.primary
        box = _Callout(
            rows,
            colWidths=[FRAME_WIDTH],
            style=self.table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), _c(fill)),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, _c(bar)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, 0), 8),
                    ("TOPPADDING", (0, 1), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ]
            ),
            hAlign="LEFT",
            spaceBefore=4,
            spaceAfter=8,
            splitInRow=1,
            repeatRows=1,
        )
        box.line = float(self.scaled(self.styles.body).leading)
        if callout.kind == "question" or is_form(callout):
            # What the teacher reads aloud (a story in parts, the questions to ask) is read
            # from the page while teaching, a puppet in the other hand: it moves on whole
            # rather than turn a page mid-story, unless it is tall. So does a box of lines to
            # fill in (a lesson's entry in the assessment record), filled in as one.
            box.whole_upto = READ_ALOUD_MAX
        box.continued = self.text_para(f"{callout.title} (continued)", title_style)
        return box

    def image(self, image: Image, max_width: float = FRAME_WIDTH) -> Flowable:
        asset = self.document.asset(image.ref)
        width = min(image.width_mm * mm, max_width)
        if asset.kind == "drawing":
            flowable = artwork.drawing(asset.name, width, self._palette())
        else:
            flowable = RLImage(io.BytesIO(asset.data), width=width, height=width * asset.aspect)
        flowable.hAlign = "LEFT"
        return flowable

    def image_row(
        self, images: tuple[Image, ...], labels: tuple[tuple[Inline, ...], ...] = ()
    ) -> RLTable:
        cell_width = FRAME_WIDTH / len(images)
        rows: list[list[Flowable]] = [[self.image(img, cell_width - 12) for img in images]]
        if labels:
            # Each choice centred under its picture, in the body's type, as a line of choices.
            style = ParagraphStyle("choice", self.scaled(self.styles.body), alignment=TA_CENTER)
            rows.append([self.para(label, style) for label in labels])
        return RLTable(
            rows,
            colWidths=[cell_width] * len(images),
            style=self.table_style(
                [
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                    ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ]
            ),
            hAlign="LEFT",
            spaceAfter=8,
        )

    def _palette(self) -> artwork.Palette:
        return artwork.Palette(
            self.theme.primary,
            self.theme.accent,
            self.theme.text,
            self.theme.background,
            self.styles.faces.bold,
        )

    def write_space(self, kind: str, size: int, label: str) -> list[Flowable]:
        style = self.scaled(self.styles.body)
        if kind == "lines":
            gap = max(style.fontSize * WRITE_GAP_EMS, 9 * mm if self.in_worksheet else 7 * mm)
            short = label and text_width(clean(label), style.fontName, style.fontSize)
            if size == 1 and label and short <= FRAME_WIDTH * LABEL_ON_LINE:
                # "Name ______": the label sits on the line it asks to be filled in (when it
                # leaves the line room; a longer one, or one in large type, goes above it).
                return [_LabelledLine(label, style, self.theme.muted, gap)]
            heading = (
                self.text_para(label, ParagraphStyle("label", style, spaceAfter=0))
                if label
                else None
            )
            return [
                _WriteArea(heading, size, gap, self.theme.muted),
                Spacer(1, style.spaceAfter),
            ]
        room = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - self.help_room - 60
        box = _DrawBox(size * mm, label, style, self.theme.muted, room)
        # Space after, not a Spacer: the box shrinks to the room left on a page, and a spacer
        # after it would then start a page of its own, blank but for the worksheet's furniture.
        box.spaceAfter = style.spaceAfter
        return [box]

    def contents(self, title: str, depth: int) -> list[Flowable]:
        s = self.styles
        head = [
            _Anchor(0, title, "contents"),
            self.text_para(title, s.headings[1]),
            _Rule(self.theme.accent),
        ]
        entries = self.contents_entries(depth)
        table = self.contents_table(entries, s.toc)
        if _framed_height([*head, table]) > FRAME_HEIGHT:
            # A few entries over a page (a large-print KS2 pack's last two went on alone):
            # closer lines, at the same size, if that keeps the contents on one page.
            tight = [
                ParagraphStyle(
                    f"{style.name}-tight",
                    style,
                    spaceBefore=0,
                    spaceAfter=0,
                    leading=min(style.leading, style.fontSize * 1.2),
                )
                for style in s.toc
            ]
            closer = self.contents_table(entries, tight)
            if _framed_height([*head, closer]) <= FRAME_HEIGHT:
                table = closer
        return [*head, table, RLPageBreak()]

    def contents_table(
        self, entries: list[tuple[int, str, str]], styles: list[ParagraphStyle]
    ) -> RLTable:
        rows = []
        for level, text, key in entries:
            style = styles[min(level, len(styles) - 1)]
            label = f'<a href="#{key}">{markup(text, style.fontName)}</a>'
            # An entry that wraps shares its words between its lines, as its heading does: a
            # large-print KS4 entry ended "… sextortion – what to / do".
            entry = BalancedPara(label, style)
            entry.most_lines = 2
            rows.append([entry, _PageRef(key, style)])
        return RLTable(
            rows or [[""]],
            colWidths=[FRAME_WIDTH - 24 * mm, 24 * mm] if rows else [FRAME_WIDTH],
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, _c("#D9D9E0")),
                ]
            ),
            hAlign="LEFT",
        )

    def contents_entries(self, depth: int) -> list[tuple[int, str, str]]:
        """(indent level, text, anchor) for every top-level heading and worksheet after Contents."""
        entries: list[tuple[int, str, str]] = []
        seen_contents = False
        # A letter's heading is a heading of the pack, on pages of its own.
        blocks = [
            inner
            for block in self.document.blocks
            for inner in (block.blocks if isinstance(block, Letter) else (block,))
        ]
        for block in blocks:
            if isinstance(block, Contents):
                seen_contents = True
            elif not seen_contents:
                continue
            elif isinstance(block, Heading) and block.level <= depth:
                entries.append((block.level - 1, plain_text(block.children), block.anchor))
            elif isinstance(block, Worksheet) and depth >= 1:
                entries.append((1, block.title, block.anchor))
        return entries

    def cover(self, cover: Cover) -> list[Flowable]:
        # The cover is one page whatever it holds (a long list of lessons would otherwise spill
        # a line onto a page of its own): it is set again in smaller type until it fits, except
        # in large print (below). (Shrinking the laid-out page instead would pull the band in
        # from the page edges.)
        content = self.cover_content(cover)
        full = band_size = self.styles.size
        if _stack_height(content) > COVER_HEIGHT:
            # Less space around the band first, then a smaller title and band text: the lines a
            # large-print reader reads keep their full size as long as that can fit.
            content = self.cover_content(cover, tight=True)
            while _stack_height(content) > COVER_HEIGHT and (
                # In large print the band's text stays at the body's size at least.
                band_size - 0.5 >= full / 1.3 if full >= LARGE_PRINT_PT else band_size > full * 0.75
            ):
                band_size -= 0.5
                content = self.cover_content(cover, True, Styles(self.theme, band_size))
        size = full
        spill: list[Flowable] = []
        if full >= LARGE_PRINT_PT:
            # Large print keeps its size, the point of it: what the cover cannot hold goes to
            # the top of the next page (the staff briefing's key points), its small print kept.
            while _stack_height(content) > COVER_HEIGHT and len(content) > 3:
                spill.insert(0, content.pop(-2))
            if spill:
                spill.append(_NewPage())
        while not spill and _stack_height(content) > COVER_HEIGHT and size > full * COVER_MIN:
            size -= 0.25
            smaller = _Builder(self.document, Styles(self.theme, size))
            # The band keeps the share it already gave up, and shrinks with the rest.
            band = Styles(self.theme, band_size * size / full)
            content = smaller.cover_content(cover, True, band)
        # The small print (who made the pack, when it was reviewed) goes to the foot of the
        # page, just above the foot's band, as on a printed report's cover.
        room = COVER_HEIGHT - _framed_height(content) - COVER_FOOT_GAP
        if room > 0 and len(content) > 2:
            content.insert(len(content) - 1, Spacer(1, room))
        return [*content, NextPageTemplate("normal"), RLPageBreak(), *spill]

    def cover_content(
        self, cover: Cover, tight: bool = False, band_styles: Styles | None = None
    ) -> list[Flowable]:
        s = band_styles or self.styles
        band: list[Flowable] = []
        for block in cover.band:
            match block:
                case Heading(children=children):
                    # Balanced, as every heading is: a large-print title broke "Key Stage 4
                    # lesson / pack", one word alone under the rest.
                    title = inline_markup(children, s.cover_title.fontName, self.theme.link)
                    band.append(BalancedPara(title, s.cover_title))
                case Paragraph(children=children):
                    band.append(self.para(children, s.cover_text))
                case Image():
                    band.append(self.image(block))
                case ImageRow(images=(first, *others)):
                    # The school's logo beside the campaign's, as on the posters.
                    band.append(
                        _LogoRow(self.image(first), self.partners(others), self.theme.background)
                    )
                case _:
                    band.extend(self.block(block))
        padding, gap = (6 * mm, 5 * mm) if tight else (10 * mm, 12 * mm)
        content: list[Flowable] = [_Band(band, self.theme.primary, padding), Spacer(1, gap)]
        content += [f for f in self.blocks(cover.blocks) if not isinstance(f, CondPageBreak)]
        return content

    def partners(self, images: list[Image]) -> list[tuple[bytes, float, float]]:
        """Partners' logos for a cover's logo row: (PNG, widest in mm, height / width)."""
        found = []
        for image in images:
            asset = self.document.asset(image.ref)
            data = asset.data
            if asset.kind == "drawing":  # one of the project's own pictures, as a partner's
                data = artwork.png(asset.name, image.width_mm * mm, self._palette())
            found.append((data, image.width_mm, asset.aspect))
        return found

    def help_flowables(self, sheet: Worksheet) -> list[Flowable]:
        size = help_box_size(self.styles.size, self.theme.worksheet_size)
        style = ParagraphStyle(
            "help",
            self.styles.body,
            fontSize=size,
            leading=size * 1.35,
            spaceAfter=3,
        )
        out: list[Flowable] = []
        self.in_help = True  # the box at a pupil page's foot is on the pupil's page too
        try:
            for block in sheet.help:
                if isinstance(block, Paragraph):
                    out.append(self.para(block.children, style))
                else:
                    out.extend(self.block(block))
        finally:
            self.in_help = False
        return out

    def worksheet(self, sheet: Worksheet) -> list[Flowable]:
        help_content = self.help_flowables(sheet)
        self.help_heights.append(_help_height(help_content) if help_content else 0)
        self.help_room = self.help_heights[-1] + 6 * mm
        flow: list[Flowable] = [
            _SetHelp(help_content, sheet.title),
            NextPageTemplate("worksheet" if help_content else "open-sheet"),
            RLPageBreak(),
        ]
        self.in_worksheet = True
        try:
            title_style = self.scaled(self.styles.headings[1])
            body = self.blocks(sheet.blocks)
            if sheet.blocks and isinstance(sheet.blocks[0], Paragraph):
                _balance_first(body)
            for index, flowable in enumerate(body):
                if isinstance(flowable, _WriteArea):
                    flowable.rest = body[index + 1 :]
            shown = [f for f in body if not isinstance(f, _KeepNext | _Anchor | _SetHelp | Spacer)]
            if shown and isinstance(shown[-1], _DrawBox) and self.theme.worksheet_size >= GROW_PT:
                # Young children and large print draw big: a sheet's last box takes the rest of
                # its page (a large-print KS1 box moved on alone left three quarters blank).
                shown[-1].fill = True
            flow += [
                _Anchor(1, sheet.title, sheet.anchor),
                BalancedPara(markup(sheet.title, title_style.fontName), title_style),
                *body,
            ]
        finally:
            self.in_worksheet = False
            self.help_room = 0.0
        flow += [NextPageTemplate("normal"), RLPageBreak()]
        return flow


def _balance_first(body: list[Flowable]) -> None:
    """The first line under a worksheet's title (the lesson it belongs to, or a help page's
    opening), balanced if it wraps onto two ("… gifts with strings / attached" left a word
    alone)."""
    markers = (_KeepNext, _Anchor)
    index = next((i for i, f in enumerate(body) if not isinstance(f, markers)), None)
    if index is None or type(body[index]) is not LinePara:
        return
    old = body[index]
    lead = BalancedPara(old.text, old.style)
    lead.most_lines = 2
    body[index] = lead
    for marker in body[:index]:
        if isinstance(marker, _KeepNext):
            # It measures what follows it: the line it now holds.
            marker.following = [lead if f is old else f for f in marker.following]


class _Sign(Flowable):  # type: ignore[misc]
    """A sign for the room: half the height of the page's frame, so two fill a page, in a dashed
    box to cut round; its word as large as the width allows (up to SIGN_WORD_MAX_PT), smaller
    only if what the sign means would not fit below it."""

    def __init__(
        self, make: Callable[[float], list[Flowable]], word_width: float, line: Any
    ) -> None:
        super().__init__()
        self.make = make
        self.line = line  # the cutting line's colour, as the cards' (dark enough to copy)
        self.largest = SIGN_WORD_MAX_PT  # the set's size (see _Builder.block)
        self.word_width = word_width or 1.0  # the word's width at 1 pt
        self.parts: list[tuple[Flowable, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        full = float(frame._height) if frame is not None else FRAME_HEIGHT
        # A hair under half, so two always fit however the frame's sums round.
        self.width, self.height = avail_width, (full - SIGN_GAP_MM * mm) / 2 - 0.5
        inner_width = avail_width - 2 * SIGN_PAD_MM * mm
        inner_height = self.height - 2 * SIGN_PAD_MM * mm
        size = min(self.largest, inner_width * 0.95 / self.word_width)
        while True:
            parts = self.make(size)
            heights = [float(p.wrap(inner_width, inner_height)[1]) for p in parts]
            spaces = sum(float(p.getSpaceAfter()) for p in parts[:-1])
            # (Content's signs fit at their full size: a word and a line or two, see
            # markdown.signs. Other text still fits, however small it must be.)
            if sum(heights) + spaces <= inner_height or size < 1:
                break
            size *= 0.9
        self.parts = list(zip(parts, heights, strict=True))
        self.content_height = sum(heights) + spaces
        return self.width, self.height

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return float(SIGN_GAP_MM * mm)

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setDash(*CUT_DASH)
        c.setStrokeColor(self.line)
        c.setLineWidth(1)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        c.restoreState()
        # The words in the middle of the sign, the block of them centred top to bottom.
        y = (self.height + self.content_height) / 2
        for part, height in self.parts:
            y -= height
            part.drawOn(c, SIGN_PAD_MM * mm, y)
            y -= float(part.getSpaceAfter())


class _Rule(Flowable):  # type: ignore[misc]
    """A short accent bar under a top-level heading."""

    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = colour

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 40 * mm, 10

    def draw(self) -> None:
        self.canv.setFillColor(_c(self.colour))
        self.canv.rect(0, 4, 40 * mm, 3, stroke=0, fill=1)


def _overflow(table: RLTable) -> float:
    """How far the tallest cell's content overruns its row: reportlab's split inside a row can
    give the first part more of a list than its row holds, and draws the excess over the rows
    above it (a box's title under its first item)."""
    worst = 0.0
    for r, row in enumerate(table._cellvalues):
        height = table._argH[r]
        if height is None:
            continue
        for c, cell in enumerate(row):
            if not isinstance(cell, list | tuple):
                continue
            style = table._cellStyles[r][c]
            _, content = table._listCellGeom(cell, table._colWidths[c], style)
            room = float(height) - float(style.topPadding + style.bottomPadding)
            worst = max(worst, float(content) - room)
    return worst


def _empty(table: RLTable) -> bool:
    """Whether a part of a split table holds nothing but its padding."""
    return all(
        not cell or (isinstance(cell, list | tuple) and not any(cell))
        for row in table._cellvalues
        for cell in row
    )


GROW_MAX: Final = 2.5  # how far past its own size a box grows
ROW_COMPANION: Final = FRAME_HEIGHT * 0.22  # the tallest row moved on to keep the last company
LONE_ROW_BODY: Final = 4  # rows (header aside) from which a table's first row is never left alone
SHORT_ROW_LINES: Final = 2  # ... when it is this many lines or fewer (a word and its meaning)
SPLIT_TRIES: Final = 6  # attempts at a smaller split before the rows move on whole
CALLOUT_LINES: Final = 3  # the least of a split box's text on each page, in lines


def _fitted_split(
    split: Callable[[float, int], list[Flowable]], avail_height: float, in_row: int
) -> list[Flowable]:
    """A table split whose first part holds all it shows: a split inside a row that would
    overrun is tried again with less room, and then between whole rows only."""
    parts = split(avail_height, in_row)
    if not in_row:
        return parts
    room = avail_height
    for _ in range(SPLIT_TRIES):
        if len(parts) < 2:
            return parts
        over = _overflow(parts[0])
        if over <= 0.5:
            return parts
        room -= over
        parts = split(room, in_row)
    # Moving every row on would leave the room here blank (a helpline card, 9 cm of page).
    return split(avail_height, 0)


def _mark_continued(parts: list[Flowable], continued: Flowable | None) -> None:
    """The parts of a split box or card set after the first, under its title marked
    "(continued)": a new first row (reportlab repeats the first part's own), measured afresh
    in case the longer title takes another line."""
    for part in parts:
        part.continued = continued
    if continued is None:
        return
    for part in parts[1:]:
        part._cellvalues[0] = [continued, *part._cellvalues[0][1:]]
        part._argH[0] = None


class _Callout(RLTable):  # type: ignore[misc]
    """A callout box: a one-column table whose first row is its title.

    A short callout is never split. A longer one may split, each later part under the title
    marked "continued", but never between its title and its first row (reportlab would
    otherwise end a page with the title alone in an empty box): the split comes after at least
    one whole row, or inside the first row, below the title.
    (A NOSPLIT range over the first two rows is not enough: with splitInRow reportlab then
    splits the title row itself.)
    """

    line = 0.0  # the body text's leading: a split leaves CALLOUT_LINES of it on either side
    whole_upto = 0.0  # a box this tall or less moves on whole rather than split (beyond SMALL)
    # The title the parts after a split repeat, marked as going on: a story read aloud that
    # turns a page shows, at the top of the next, which box it is still in.
    continued: Flowable | None = None

    # reportlab's name and arguments.
    def _splitCell(self, value: Any, style: Any, old: float, new: float, width: float) -> Any:  # noqa: N802
        """reportlab's split of a cell's content inside a row, with each list measured at the
        width inside the cell's padding: reportlab offers the column's whole width, so a story's
        list 20 pt too tall for the room "fitted" there and the box went on whole, leaving a
        third of a page blank."""
        inner = width - style.leftPadding - style.rightPadding
        lists = (
            [f for f in value if isinstance(f, _List)] if isinstance(value, list | tuple) else []
        )
        for flowable in lists:
            flowable.split_width = inner
        try:
            return super()._splitCell(value, style, old, new, width)
        finally:
            for flowable in lists:
                flowable.split_width = None

    def lead(self, canv: Any) -> float:
        """The least of the box that may end a page: all of it if short, else title and a start."""
        total = 0.0
        for row in range(len(self._cellvalues)):
            total += _row_height(self, row, canv)
            if total > SMALL:
                break
        else:
            return total
        title = _row_height(self, 0, canv)
        style = self._cellStyles[1][0]
        inner = self._argW[0] - style.leftPadding - style.rightPadding
        first = _lead(self._cellvalues[1][0], inner, canv)
        return title + float(style.topPadding + style.bottomPadding) + first

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_height", SMALL + 1) <= max(SMALL, self.whole_upto):
            frame = self._doctemplateAttr("frame")
            if self._height <= SMALL or frame is None or not getattr(frame, "_atTop", False):
                return []
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) > 1:
            # reportlab splits between rows when it can, and only then inside one; but the part
            # after a split between rows starts on the same page if its first row can split in
            # the room left, under "(continued)" straight below the first part (a large-print
            # box's list of placements did). Inside the row, the page holds as much, once.
            in_row = self._splitRows(avail_height, doInRowSplit=1)
            if len(in_row) > 1 and self._content_height(in_row[0]) > self._content_height(parts[0]):
                return in_row
        frame = self._doctemplateAttr("frame")
        if parts or frame is None or not getattr(frame, "_atTop", False):
            return parts
        # Nothing split on an empty page: a title so tall (words hundreds of letters long, in
        # large print) that it and a few lines under it, on every page, do not fit. The box
        # goes on without repeating its title, split where reportlab can, rather than a build
        # that fails.
        self.repeatRows = 0
        self.continued = None
        step = self.line or 12.0
        for room in (avail_height - n * step for n in range(SPLIT_TRIES)):
            # Inside a row, with a line or more moved on if the part after would be empty.
            parts = RLTable._splitRows(self, room, doInRowSplit=1)
            if len(parts) > 1 and not _empty(parts[-1]):
                return parts
        return RLTable._splitRows(self, avail_height, doInRowSplit=0)  # type: ignore[no-any-return]

    # reportlab's names: it calls _splitRows(height, doInRowSplit=...).
    def _splitRows(self, avail_height: float, doInRowSplit: int = 0) -> list[Flowable]:  # noqa: N802, N803
        return _fitted_split(self._split_rows, avail_height, doInRowSplit)

    def _split_rows(self, avail_height: float, doInRowSplit: int) -> list[Flowable]:  # noqa: N803
        """A split that leaves a few lines on each side: not the title and one line at a page's
        foot, nor the last line or list item alone at the next page's top (the end of a story
        read to the class was)."""
        parts = self._split_once(avail_height, doInRowSplit)
        if len(parts) < 2 or not self.line:
            return parts
        least = self.line * CALLOUT_LINES
        room = avail_height
        for _ in range(SPLIT_TRIES):
            # Less its repeated title (its height as laid out: the measure just made it).
            tail = self._content_height(parts[1]) - float(parts[1]._rowHeights[0])
            if tail >= least:
                break
            room -= max(least - tail, self.line)  # a line at least: a list moves by items
            parts = self._split_once(room, doInRowSplit)
            if len(parts) < 2:
                return []
        else:
            return []
        if self._content_height(parts[0]) - self._title_height() < least:
            return []  # too little under the title to begin here: the box goes on whole
        return parts

    def _content_height(self, part: RLTable) -> float:
        """A part's height less its bottom padding."""
        height = float(part.wrapOn(getattr(self, "canv", None), self._width, PAGE_HEIGHT)[1])
        return height - float(self._cellStyles[-1][0].bottomPadding)

    def _title_height(self) -> float:
        return _row_height(self, 0, getattr(self, "canv", None))

    def _split_once(self, avail_height: float, doInRowSplit: int) -> list[Flowable]:  # noqa: N803
        row = self._getFirstPossibleSplitRowPosition(avail_height, ignoreSpans=doInRowSplit)
        # By rows, the first part must hold the title and a row; inside a row, the title.
        if row < (1 if doInRowSplit else 2):
            return []
        parts: list[Flowable] = super()._splitRows(avail_height, doInRowSplit)
        if len(parts) > 1:
            first = parts[0]._cellvalues[1][0]
            if isinstance(first, str | list | tuple) and not first:
                return []  # the first row's content all went on: the title would be alone
        for part in parts:
            part.line = self.line
        _mark_continued(parts, self.continued)
        return parts


class _Cards(RLTable):  # type: ignore[misc]
    """A set of cards to cut out, under its title; a set that goes on over a page repeats the
    title marked "(continued)", as a box does, so the second page is not taken for a new set."""

    continued: Flowable | None = None
    # The same set with other row heights (None: a row's own), to set its cards a little shorter.
    remake: Callable[[list[float | None]], _Cards] | None = None
    words: tuple[float, ...] = ()  # the height each card row's words need, padding included

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) == 2 and len(parts[1]._cellvalues) == self.repeatRows + 1:
            # Only the last row would go on, to a page of its own (three small Agree / Not
            # sure / Disagree cards): the cards a little shorter, if all then fit here.
            shorter = self._shorter(avail_width, avail_height)
            if shorter is not None:
                return [shorter]
        if len(parts) == 2 and self._fewer_here(parts):
            # Most of the set would go on, and all of it fits a page: it goes on whole, so a
            # word mat cut out in one piece is not in two (large print's KS2 feeling words
            # left one row of nine behind).
            return []
        _mark_continued(parts, self.continued)
        return parts

    def _fewer_here(self, parts: list[Flowable]) -> bool:
        """Whether the first part holds fewer cards than go on, and the whole set fits an
        empty frame, so moving it on splits nothing."""
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", False):
            return False
        here = len(parts[0]._cellvalues) - self.repeatRows
        on = len(parts[1]._cellvalues) - self.repeatRows
        room = float(frame._height) - float(frame._topPadding + frame._bottomPadding)
        return here < on and float(self._height) <= room

    def _shorter(self, avail_width: float, avail_height: float) -> _Cards | None:
        if self.remake is None:
            return None
        cards = range(self.repeatRows, len(self._rowHeights))
        cut = (float(self._height) - avail_height) / len(cards) + 0.5
        shortened = [float(self._rowHeights[row]) - cut for row in cards]
        if len(self.words) != len(shortened) or any(
            height < max(CARD_HEIGHT * CARD_SHORTEST, need)
            for height, need in zip(shortened, self.words, strict=True)
        ):
            return None  # too short to cut and hold, or for a card's words
        shorter = self.remake([None] * self.repeatRows + shortened)
        if float(shorter.wrap(avail_width, avail_height)[1]) > avail_height:
            return None
        return shorter


class _Table(RLTable):  # type: ignore[misc]
    """A table that never leaves its last row to go on alone, nor splits a row a line or two
    from either end.

    When only the last row would go on, the last two go on together (unless the one before it
    is tall: a page would be left largely blank). What goes on starts the
    next page: reportlab would otherwise offer it the room left on this page, where it would
    split again under a second copy of the header.
    """

    moved_on = False  # the last rows, moved on together: they start the next page
    short_row = 0.0  # the tallest first row never left alone at a page's foot, in points
    keep_whole = False  # a short table (a lesson's key stage, length, aim): moved on whole
    rows_whole = False  # rows with room to draw beside them: each moves on whole, however tall
    whole_max = KEEP_MAX  # the tallest it may be and still move on whole

    def whole_height(self, canv: Any) -> float | None:
        """The height of a short table that moves on whole rather than part, else None. A
        "short" table that is tall as laid out (in large print, 70 % of a page) may split: moved
        on whole, it left most of a page blank."""
        if not self.keep_whole:
            return None
        height = _rows_height(self, range(len(self._cellvalues)), canv)
        return height if height <= self.whole_max else None

    def keeps_first_row(self, first_height: float) -> bool:
        """Whether the first row (under the header) never stays alone at a page's foot: in a
        table long enough to part elsewhere, when that row is short, as a list keeps its first
        two short items together."""
        body = len(self._cellvalues) - self.repeatRows
        return body >= LONE_ROW_BODY and first_height <= self.short_row

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        frame = self._doctemplateAttr("frame")
        held = self.moved_on or (self.keep_whole and float(self._height) <= self.whole_max)
        if held and frame is not None and not getattr(frame, "_atTop", False):
            return []
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if not parts and frame is not None and getattr(frame, "_atTop", False):
            # Nothing split on an empty page: a row taller than the page whose cells our rules
            # would not part. reportlab's own split, inside a row and then by rows, rather than a
            # build that fails.
            for in_row in (1, 0):
                parts = RLTable._splitRows(self, avail_height, doInRowSplit=in_row)
                if parts:
                    break
        for part in parts:
            part.rows_whole = self.rows_whole  # reportlab's new parts know only its own settings
        return parts

    # reportlab's names: it calls _splitRows(height, doInRowSplit=...).
    def _splitRows(self, avail_height: float, doInRowSplit: int = 0) -> list[Flowable]:  # noqa: N802, N803
        return _fitted_split(self._split_rows, avail_height, doInRowSplit)

    def _split_rows(self, avail_height: float, doInRowSplit: int) -> list[Flowable]:  # noqa: N803
        heights: list[float] = self._rowHeights
        last = len(heights) - 1
        row = self._getFirstPossibleSplitRowPosition(avail_height, ignoreSpans=doInRowSplit)
        # A row that could move on whole does, as the Word file's rows do: split, a curriculum
        # map's outcome broke mid-phrase ("Online and" | "media: Making ...").
        short = self.repeatRows <= row < len(heights) and (
            heights[row] <= KEEP_MAX or self.rows_whole
        )
        in_row = 0 if short else doInRowSplit
        if in_row and row < len(heights):
            if row == last:
                return []
            above = avail_height - sum(heights[:row])
            style = self._cellStyles[row][0]
            padding = float(style.topPadding + style.bottomPadding)
            least = ROW_SPLIT_LINES * _leading(self._cellvalues[row]) + padding
            if heights[row] - above < least:
                # Too little would go on: split higher up, so the next page has its share too
                # (refusing here left a row taller than a page nowhere to go, and the build
                # failed).
                above = heights[row] - least
                avail_height = sum(heights[:row]) + above
            if above < least:
                return []
        elif not in_row and row == self.repeatRows + 1 and self.keeps_first_row(heights[row - 1]):
            return []  # only the first row would stay under the header: the table moves on
        elif row == last and last - 1 > self.repeatRows and heights[last - 1] <= ROW_COMPANION:
            # The last row goes on with the one before it, unless that one is tall: moving a
            # helpline card along too left 9 cm of a page blank. The room is cut to the rows
            # above those two: cut by the one row's height only, a page with room to spare
            # still took it, and the last row (Stop It Now) went on alone.
            avail_height = min(avail_height, sum(heights[: last - 1]))
        parts: list[Flowable] = super()._splitRows(avail_height, in_row)
        for part in parts[1:]:
            part.moved_on = True
        if in_row and len(parts) == 2 and row < len(heights):
            _name_continued_row(self, parts[1], row)
        return parts


def _name_continued_row(whole: RLTable, rest: RLTable, row: int) -> None:
    """Where a row splits across pages, its first cell, when it all went before the split
    (the lesson's name in a curriculum map), is named again after it, marked "continued": the
    rest of the row stood under an empty cell, with no sign of whose it was."""
    index = rest.repeatRows  # the split row's remainder comes straight after the header
    if index >= len(rest._cellvalues):
        return
    cells = rest._cellvalues[index]
    shown = [f for f in _cell_flowables(cells[0]) if f]
    original = _cell_flowables(whole._cellvalues[row][0])
    paragraphs = [f for f in original if isinstance(f, RLParagraph)]
    if shown or not paragraphs:
        return
    style = paragraphs[0].style
    # A row over three pages names itself once on each, not "(continued) (continued)".
    text = getattr(whole, "continued_name", None) or " ".join(p.getPlainText() for p in paragraphs)
    rest.continued_name = text
    cells[0] = [RLParagraph(f"{markup(text, style.fontName)} <i>(continued)</i>", style)]
    # reportlab fixed the row's height before the name went in (in the list its row heights
    # and given heights share until it is laid out): a long name must not run into the row below.
    cell_style = rest._cellStyles[index][0]
    _, needed = rest._listCellGeom(cells[0], rest._colWidths[0], cell_style)
    needed += cell_style.topPadding + cell_style.bottomPadding
    heights = rest._argH
    if isinstance(heights, list) and heights[index] is not None and heights[index] < needed:
        heights[index] = needed


def _cell_flowables(cell: Any) -> list[Any]:
    """A table cell's content as a list (reportlab holds one flowable or several)."""
    return list(cell) if isinstance(cell, list | tuple) else [cell]


def _leading(cells: list[Any]) -> float:
    """The largest line height among a row's cells (their paragraphs)."""
    found = [
        float(f.style.leading)
        for cell in cells
        for f in (cell if isinstance(cell, list | tuple) else [cell])
        if isinstance(f, RLParagraph)
    ]
    return max(found, default=14.0)


def _item_starts(content: list[Flowable]) -> list[int]:
    """Where each of a list's items begins among its flowables (the ones with a bullet)."""
    return [i for i, f in enumerate(content) if isinstance(f, LIIndenter) and f._bullet]


class _List(ListFlowable):  # type: ignore[misc]
    """A list whose last two items go on together, so a split never leaves one alone on a page;
    a short list of three items or fewer (Support, Stretch, SEND), or of six or fewer that
    closes its section (where to get help), does not split at all; and a short item is never
    split between two pages."""

    short_item = 0.0  # the tallest item kept whole, in points
    whole_items = SHORT_LIST_ITEMS  # a short list of this many items or fewer never splits
    whole_height = SHORT_LIST  # if this tall or less (see CLOSING_LIST for a taller one)
    leading = 0.0  # its body text's line height, in points
    split_width: float | None = None  # set while a table cell splits it: see _Callout._splitCell

    def _findSplit(self, canv: Any, avail_width: float, *args: Any, **kwargs: Any) -> Any:  # noqa: N802
        return super()._findSplit(canv, self.split_width or avail_width, *args, **kwargs)

    def whole(self, width: float) -> float | None:
        """The height of a list that never splits (it moves on whole), else None."""
        content: list[Flowable] = self._content
        starts = _item_starts(content)
        if len(starts) > self.whole_items:
            return None
        height = sum(float(f.wrap(width, PAGE_HEIGHT)[1]) for f in content)
        if height <= SHORT_LIST:
            return height
        if len(starts) <= SHORT_LIST_ITEMS or height > self.whole_height:
            return None
        bounds = [*starts, len(content)]
        longest = max(
            sum(float(f.wrap(width, PAGE_HEIGHT)[1]) for f in content[start:end])
            for start, end in itertools.pairwise(bounds)
        )
        # Half a line to spare for rounding.
        return height if longest <= self.leading * (CLOSING_ITEM_LINES + 0.5) else None

    def first_two(self, width: float) -> float:
        """The height of the first two items as a frame stacks them, with the space between."""
        content: list[Flowable] = self._content
        starts = _item_starts(content)
        end = starts[2] if len(starts) > 2 else len(content)
        stacked = sum(
            float(f.wrap(width, PAGE_HEIGHT)[1]) + f.getSpaceBefore() + f.getSpaceAfter()
            for f in content[:end]
        )
        return float(stacked) - float(content[end - 1].getSpaceAfter())

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        content: list[Flowable] = self._content
        starts = _item_starts(content)
        if len(starts) <= self.whole_items and self.whole(avail_width) is not None:
            return []
        if len(starts) <= SHORT_LIST_ITEMS:
            return content  # Support, Stretch, SEND: long notes, split where they fall
        # A longer list too tall to move on whole splits as any other: its last two items
        # together (KS5's six services split five and one, "call 999" alone on the next page).
        first = sum(float(f.wrap(avail_width, PAGE_HEIGHT)[1]) for f in content[: starts[1]])
        if avail_height < first <= self.short_item:
            return []  # the first item, held whole, goes on with the rest to the next page
        two = self.first_two(avail_width)
        if first <= avail_height < two and avail_height <= ORPHAN_WASTE:
            # Nor does the first item wait alone at a page's foot, under its heading, for the
            # rest on the next (a briefing's "National services" and only 101 under it).
            return []
        before = sum(float(f.wrap(avail_width, avail_height)[1]) for f in content[: starts[-2]])
        if avail_height - before > ORPHAN_WASTE:
            # The list does not fit, so nor do its last two items after the rest: keeping them
            # together would leave much of the page blank (a large-print help page sent
            # Childline over with half its first page empty). The last item goes on alone
            # instead, as the lesser fault.
            return [
                *self._items(content, starts, starts[-1], avail_width),
                KeepTogether(content[starts[-1] :]),
            ]
        return [
            *self._items(content, starts, starts[-2], avail_width),
            KeepTogether(content[starts[-2] :]),
        ]

    def _items(
        self, content: list[Flowable], starts: list[int], end: int, width: float
    ) -> list[Flowable]:
        """The items before ``end``, each short one held whole: a source's web address was
        split between two pages of a large-print pack."""
        bounds = [*(start for start in starts if start < end), end]
        out: list[Flowable] = []
        for start, end in itertools.pairwise(bounds):
            item = content[start:end]
            height = sum(float(f.wrap(width, PAGE_HEIGHT)[1]) for f in item)
            # Not the first: reportlab must be able to place what a split begins with as it is
            # (split() has moved the list on if its first short item does not fit).
            held = start > 0 and 0 < height <= self.short_item
            out += [KeepTogether(item)] if held else item
        return out


def _tidy(flowables: list[Flowable]) -> list[Flowable]:
    """Drop page breaks that would leave a blank page: two in a row, or one at the very start.

    Of two breaks in a row the later one stays: the page templates chosen between the two must
    take effect at that single break.
    """
    markers = (NextPageTemplate, _Anchor, _SetHelp)
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, RLPageBreak):
            previous = next(
                (i for i in range(len(out) - 1, -1, -1) if not isinstance(out[i], markers)), None
            )
            if previous is None:
                continue
            if isinstance(out[previous], RLPageBreak):
                # The later of the two stays, so that the page templates and help box chosen
                # between them apply at it: a page break just before a worksheet kept the
                # first, and the sheet was set on a teacher's page, without its help box.
                del out[previous]
        out.append(flowable)
    while out and isinstance(out[-1], RLPageBreak | NextPageTemplate):
        out.pop()
    return out


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes: the same document always gives the same bytes."""
    styles = Styles(document.theme, document.theme.body_size)
    builder = _Builder(document, styles)
    starts_with_cover = bool(document.blocks) and isinstance(document.blocks[0], Cover)
    flowables: list[Flowable] = [] if starts_with_cover else [NextPageTemplate("normal")]
    flowables = _tidy(flowables + builder.blocks(document.blocks))
    for index, flowable in enumerate(flowables):
        if isinstance(flowable, _SectionBreak):
            flowable.following = flowables[index + 1 : index + 1 + 2 * LOOKAHEAD]
            flowable.last = index + 1 + 2 * LOOKAHEAD >= len(flowables)
    buffer = io.BytesIO()
    doc = _Pack(buffer, document, styles, max(builder.help_heights, default=0))
    # The first page takes the first template, so markers before any content (a worksheet at
    # the very start, say) decide what that template is and which help box it shows.
    opening = "cover" if starts_with_cover else "normal"
    for flowable in flowables:
        if isinstance(flowable, NextPageTemplate):
            opening = flowable.action[1]
        elif isinstance(flowable, _SetHelp):
            doc.help_content = flowable.content
        elif not isinstance(flowable, _Anchor):
            break
    doc.pageTemplates.sort(key=lambda t: t.id != opening)
    totals: list[int] = []
    with without_source_date_epoch():
        doc.build(flowables, canvasmaker=_numbered_canvas(totals, document.theme.text))
    return tag_subsets(buffer.getvalue())
